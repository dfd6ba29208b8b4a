import type { DocumentKind } from './invoice-snapshot';

/**
 * Document numbers from a configured pattern such as `INV-{YYYY}-{000000}`: `{YYYY}` is the
 * issue year (UTC), and the run of zeros is the counter, zero-padded to that width. The counter
 * restarts whenever the rest of the pattern renders differently (each year, with `{YYYY}`).
 */
export interface NumberFormat {
  pattern: string;
  width: number;
}

const COUNTER = /\{(0+)\}/g;
const TOKEN = /\{[^}]*\}/g;

/** Checks a pattern; the reason when it cannot number documents. */
export function numberFormatProblem(pattern: string): string | undefined {
  const counters = pattern.match(COUNTER) ?? [];
  if (counters.length !== 1) return 'must contain exactly one counter such as {000000}';
  const unknown = (pattern.match(TOKEN) ?? []).filter((t) => t !== '{YYYY}' && !/^\{0+\}$/.test(t));
  if (unknown.length) return `has an unknown placeholder ${unknown[0]} (use {YYYY} and {000000})`;
  if (!/^[A-Za-z0-9{}/._-]{1,40}$/.test(pattern)) {
    return 'may contain only letters, digits, - _ . / and the placeholders, at most 40 characters';
  }
  return undefined;
}

export function numberFormat(pattern: string): NumberFormat {
  const problem = numberFormatProblem(pattern);
  if (problem) throw new Error(`Invalid document number pattern '${pattern}': ${problem}`);
  const width = /\{(0+)\}/.exec(pattern)![1]!.length;
  return { pattern, width };
}

/** The counter series a document issued at `issuedAt` belongs to, e.g. `invoice:INV-2026-{n}`. */
export function seriesKey(kind: DocumentKind, format: NumberFormat, issuedAt: Date): string {
  return `${kind}:${withYear(format.pattern, issuedAt).replace(/\{0+\}/, '{n}')}`;
}

/** The number itself, e.g. `INV-2026-000042`; a counter wider than the pattern is printed whole. */
export function formatNumber(format: NumberFormat, issuedAt: Date, counter: number): string {
  return withYear(format.pattern, issuedAt).replace(/\{0+\}/, String(counter).padStart(format.width, '0'));
}

function withYear(pattern: string, at: Date): string {
  return pattern.replaceAll('{YYYY}', String(at.getUTCFullYear()));
}
