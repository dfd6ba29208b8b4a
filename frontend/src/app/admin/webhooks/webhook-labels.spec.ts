import { errorExcerpt } from './webhook-labels';

describe('errorExcerpt', () => {
  it('when the error is long or spans lines, then the table gets its first 80 characters on one line', () => {
    const long = `Error: payment not found\n    at handler (${'x'.repeat(100)})`;
    const excerpt = errorExcerpt(long)!;
    expect(excerpt).toHaveLength(80);
    expect(excerpt.startsWith('Error: payment not found at handler (')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('when the error is short or absent, then it is shown as is or not at all', () => {
    expect(errorExcerpt('boom')).toBe('boom');
    expect(errorExcerpt(null)).toBeNull();
  });
});
