import { sqlStateOf } from './sql-state';

/**
 * What of an error reaches the logs: an allow-list, because errors carry whatever their layer
 * had at hand. TypeORM's QueryFailedError holds the SQL (`query`), its `parameters` (an email,
 * a password hash, a whole webhook payload) and pg's error, whose `detail` quotes rows
 * ("Failing row contains (...)"); SDK and HTTP errors hold request and response bodies. None of
 * that is kept; errors they wrap (`cause`) are written the same way.
 */
export interface SerializedError {
  name: string;
  message: string;
  code?: string | number;
  kind?: string;
  status?: number;
  /** The provider a ProviderError is about. */
  provider?: string;
  /** Database object names PostgreSQL reports (names, never values). */
  table?: string;
  column?: string;
  constraint?: string;
  stack?: string;
  cause?: SerializedError;
  errors?: SerializedError[];
}

const MAX_MESSAGE = 2000;
const MAX_NAME = 200;
const MAX_DEPTH = 5;
const MAX_AGGREGATED = 10;

type ErrorLike = Record<string, unknown> & { message: string };

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** A quoted string PostgreSQL writes after one of these words names an object; any other quotes a value. */
const NAMES_AN_OBJECT =
  /\b(?:column|relation|table|constraint|index|schema|type|encoding|function|sequence|database|role|view|trigger|extension|operator)\s+$/i;

/**
 * PostgreSQL quotes the offending value in many data errors (`invalid input syntax for type
 * uuid: "…"`, `value "…" is out of range for type integer`); object names stay readable.
 */
export function withoutQuotedValues(message: string): string {
  return message.replace(/"(?:[^"]|"")*"/g, (quoted, offset: number, whole: string) =>
    NAMES_AN_OBJECT.test(whole.slice(Math.max(0, offset - 20), offset)) ? quoted : '"[value]"',
  );
}

function shortString(value: unknown, max = MAX_NAME): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function errorName(error: ErrorLike): string {
  const name = shortString(error.name);
  if (name) return name;
  const ctor = (error as { constructor?: { name?: unknown } }).constructor;
  return shortString(ctor?.name) ?? 'Error';
}

/** The stack's frames under a first line rebuilt from the kept name and message. */
function safeStack(stack: unknown, headline: string): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at\s/.test(line));
  return [headline, ...(firstFrame < 0 ? [] : lines.slice(firstFrame))].join('\n');
}

function serialize(value: unknown, depth: number, seen: Set<unknown>): SerializedError {
  if (!isErrorLike(value)) {
    return { name: 'NonError', message: typeof value === 'string' ? value.slice(0, MAX_MESSAGE) : typeof value };
  }
  seen.add(value);
  const sqlState = sqlStateOf(value);
  const isDatabaseError = sqlState !== undefined;
  const name = errorName(value);
  const message = (isDatabaseError ? withoutQuotedValues(value.message) : value.message).slice(0, MAX_MESSAGE);
  const out: SerializedError = { name, message };
  const code = sqlState ?? (typeof value.code === 'number' ? value.code : shortString(value.code));
  if (code !== undefined) out.code = code;
  const kind = shortString(value.kind);
  if (kind) out.kind = kind;
  const status = typeof value.status === 'number' ? value.status : value.statusCode;
  if (typeof status === 'number') out.status = status;
  const provider = shortString(value.provider);
  if (provider) out.provider = provider;
  if (isDatabaseError) {
    for (const key of ['table', 'column', 'constraint'] as const) {
      const objectName = shortString(value[key]);
      if (objectName) out[key] = objectName;
    }
  }
  const stack = safeStack(value.stack, `${name}: ${message}`);
  if (stack) out.stack = stack;
  if (depth < MAX_DEPTH) {
    const cause = value.cause;
    if (cause !== undefined && !seen.has(cause)) out.cause = serialize(cause, depth + 1, seen);
    if (Array.isArray(value.errors)) {
      out.errors = value.errors
        .slice(0, MAX_AGGREGATED)
        .filter((inner) => !seen.has(inner))
        .map((inner) => serialize(inner, depth + 1, seen));
    }
  }
  return out;
}

/** pino's `err` serializer. */
export function serializeError(value: unknown): SerializedError {
  return serialize(value, 0, new Set());
}
