import { findControlCharacter } from '../../../src/http/control-characters';

describe('finding control characters in a parsed input', () => {
  it('when a string anywhere holds NUL, ESC, DEL, a C1 control or a line break, then its path', () => {
    for (const bad of ['\u0000', '\u001b[31m', '\u007f', '\u0085', 'a\nb', 'tab\there']) {
      expect(findControlCharacter({ items: [{ ok: 'fine' }, { name: `x${bad}` }] })).toBe('items.1.name');
    }
    expect(findControlCharacter('\u0000')).toBe('');
    expect(findControlCharacter({ ['na\u0000me']: 'x' })).toBe('na\u0000me');
  });

  it('when nothing but printable text, numbers, booleans and nulls, then none, even for non-Latin text and emoji', () => {
    expect(findControlCharacter({ a: 'Zoë 東京 🙂 \u00a0', n: 1, b: true, z: null, list: ['x', 2] })).toBeUndefined();
    expect(findControlCharacter(undefined)).toBeUndefined();
  });

  it('when a document may hold whitespace, then tabs and line breaks pass but NUL does not', () => {
    expect(findControlCharacter('<a>\r\n\t1</a>', true)).toBeUndefined();
    expect(findControlCharacter('<a>\u0000</a>', true)).toBe('');
  });

  it('when the input is nested deeper than the call stack would allow, then it is still walked', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findControlCharacter(deep)).toBe(Array(200_000).fill('0').join('.'));
  });
});
