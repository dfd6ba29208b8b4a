/** `LIKE` treats `%`, `_` and the escape character as patterns; a typed search means them literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
