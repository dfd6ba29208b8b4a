/**
 * Stripe's form encoding (what stripe-node sends): `metadata[order_id]=42`,
 * `line_items[0][price_data][currency]=usd`, `expand[0]=payment_intent` or `expand[]=…`.
 * Parsed into nested objects; all-numeric keys become arrays. Values stay strings (the API
 * converts per parameter), and `key=` means "unset" as in Stripe.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key.slice(first))) !== null) parts.push(m[1]);
  return parts;
}

function setPath(root: FormObject, path: string[], value: string): void {
  let node: FormObject = root;
  for (let i = 0; i < path.length; i++) {
    const last = i === path.length - 1;
    let k = path[i];
    // `expand[]=a&expand[]=b`: an empty index appends.
    if (k === '') k = String(Object.keys(node).length);
    if (last) {
      node[k] = value;
      return;
    }
    const next = node[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[k] = {};
    node = node[k] as FormObject;
  }
}

function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const k of keys) value[k] = arraysFromIndexes(value[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k]);
  }
  return value;
}

export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  if (!text) return root;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    setPath(root, splitKey(key), value);
  }
  return arraysFromIndexes(root) as FormObject;
}
