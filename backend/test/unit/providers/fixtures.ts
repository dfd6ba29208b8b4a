import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared provider fixtures: `shared/` sits beside the repository clone (here and in CI). */
export const FIXTURES = path.resolve(__dirname, '../../../../../shared/provider-fixtures');

export function fixture<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8')) as T;
}
