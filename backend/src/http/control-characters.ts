import { ValidationError } from '../errors/app-error';

/** Any C0 or C1 control character (NUL, ESC, DEL, ...), including tabs and line breaks. */
const ANY_CONTROL = /\p{Cc}/u;
/** Control characters a text document may hold all the same: tab, line feed, carriage return. */
const CONTROL_BUT_WHITESPACE = /[^\P{Cc}\t\n\r]/u;

const MESSAGE = 'must not contain control characters';

/**
 * Where the first string (value or object key) holding a control character sits in a parsed
 * input (`items.0.name`), or undefined. Iterative, so a deeply nested body cannot overflow the
 * stack before the schemas have had a look at it.
 */
export function findControlCharacter(value: unknown, allowWhitespace = false): string | undefined {
  const pattern = allowWhitespace ? CONTROL_BUT_WHITESPACE : ANY_CONTROL;
  const pending: Visit[] = [{ value }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (pattern.test(next.value)) return pathOf(next);
    } else if (next.value !== null && typeof next.value === 'object') {
      for (const [key, child] of Object.entries(next.value)) {
        if (pattern.test(key)) return pathOf({ value: child, key, parent: next });
        pending.push({ value: child, key, parent: next });
      }
    }
  }
  return undefined;
}

/** A value met on the walk, linked to where it sits (paths are built only for the one reported). */
interface Visit {
  value: unknown;
  key?: string;
  parent?: Visit;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

/**
 * One rule for every string a route reads, before its schemas run: a control character is a
 * 400 (it is never meaningful in an id, a filter, a name or a header, and PostgreSQL refuses
 * NUL). `where` names the part for the message (`path`, `query`, `body`, `headers`).
 */
export function rejectControlCharacters(where: string, value: unknown, allowWhitespace = false): void {
  const at = findControlCharacter(value, allowWhitespace);
  if (at === undefined) return;
  const path = at || where;
  throw new ValidationError(`Invalid request ${where}: ${path} ${MESSAGE}`, [{ path, message: MESSAGE }]);
}
