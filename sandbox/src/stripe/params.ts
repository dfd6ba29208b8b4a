import { FormObject, FormValue } from './form';
import { invalidParam, missingParam } from './errors';

function oneOf(values: readonly string[]): string {
  if (values.length <= 2) return values.join(' or ');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

/**
 * Typed access to form parameters. Errors name the parameter in bracket notation
 * (`line_items[0][quantity]`), as Stripe does in `error.param`.
 */
export class Params {
  constructor(
    readonly root: FormObject,
    private readonly prefix = '',
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  raw(key: string): FormValue | undefined {
    return this.root[key];
  }

  has(key: string): boolean {
    return this.root[key] !== undefined;
  }

  str(key: string, required = false): string | undefined {
    const v = this.root[key];
    if (v === undefined || v === '') {
      if (required) throw missingParam(this.name(key));
      return undefined;
    }
    if (typeof v !== 'string') throw invalidParam(this.name(key), `Invalid string: ${JSON.stringify(v)}`);
    return v;
  }

  enum<T extends string>(key: string, values: readonly T[], required = false): T | undefined {
    const v = this.str(key, required);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) {
      // Stripe names the whole parameter path in the message too (`Invalid customer_update[name]: ...`).
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${oneOf(values)}`);
    }
    return v as T;
  }

  int(key: string, required = false, min = 0): number | undefined {
    const v = this.str(key, required);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidParam(this.name(key), `Invalid integer: ${v}`);
    const n = Number(v);
    if (n < min) {
      throw invalidParam(this.name(key), min > 0 ? `Invalid positive integer` : `Invalid non-negative integer`);
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw invalidParam(this.name(key), `Invalid boolean: ${v}`);
    return v === 'true';
  }

  /** Stripe refuses parameters it does not know inside a hash, naming the first one. */
  only(keys: readonly string[]): this {
    const unknown = Object.keys(this.root).find((k) => !keys.includes(k));
    if (unknown !== undefined) {
      throw invalidParam(this.name(unknown), `Received unknown parameter: ${this.name(unknown)}`);
    }
    return this;
  }

  obj(key: string): Params | undefined {
    const v = this.root[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidParam(this.name(key), `Invalid object`);
    return new Params(v, this.name(key));
  }

  list(key: string): Params[] | undefined {
    const v = this.root[key];
    if (v === undefined || v === '') return undefined;
    if (!Array.isArray(v)) throw invalidParam(this.name(key), `Invalid array`);
    return v.map((item, i) => {
      if (typeof item !== 'object' || Array.isArray(item))
        throw invalidParam(`${this.name(key)}[${i}]`, 'Invalid object');
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  strings(key: string): string[] {
    const v = this.root[key];
    if (v === undefined || v === '') return [];
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      throw invalidParam(this.name(key), 'Invalid array');
    return v as string[];
  }

  /** Metadata update semantics: `metadata[k]=` deletes k, `metadata=` clears everything. */
  metadata(current: Record<string, string> = {}, key = 'metadata'): Record<string, string> | undefined {
    const v = this.root[key];
    if (v === undefined) return undefined;
    if (v === '') return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidParam(this.name(key), 'Invalid hash');
    const out = { ...current };
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') throw invalidParam(`${this.name(key)}[${k}]`, 'Invalid string');
      if (val === '') delete out[k];
      else out[k] = val;
    }
    return out;
  }

  expand(): string[] {
    return this.strings('expand');
  }
}
