import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The recorded provider fixtures, kept in the repository with the sandbox that mimics them. */
export const FIXTURES = path.resolve(__dirname, '../../../../sandbox/test/fixtures');

export function fixture<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8')) as T;
}
