import { decideAttachment, documentFileName, DOCUMENT_WAIT_LIMIT_MS } from '../../../src/domain/emails/document-wait';

const created = new Date(Date.UTC(2026, 11, 1, 12));
const after = (ms: number) => new Date(created.getTime() + ms);

describe('an email and the document it carries', () => {
  it('when the document is issued, then it is attached', () => {
    expect(decideAttachment({ number: 'INV-2026-000042' }, created, after(500))).toBe('attach');
    expect(decideAttachment({ number: 'INV-2026-000042' }, created, after(DOCUMENT_WAIT_LIMIT_MS * 2))).toBe('attach');
  });

  it('when it is requested but not numbered yet, then the email waits, until the limit passes', () => {
    expect(decideAttachment({ number: null }, created, after(0))).toBe('wait');
    expect(decideAttachment({ number: null }, created, after(DOCUMENT_WAIT_LIMIT_MS - 1))).toBe('wait');
    expect(decideAttachment({ number: null }, created, after(DOCUMENT_WAIT_LIMIT_MS))).toBe('send_without');
  });

  it('when none was requested (a sale never invoiced), then it goes without at once', () => {
    expect(decideAttachment(undefined, created, after(0))).toBe('send_without');
  });

  it('when the number has characters a file name should not, then they are replaced', () => {
    expect(documentFileName('INV-2026-000042')).toBe('INV-2026-000042.pdf');
    expect(documentFileName('CN/2026 7')).toBe('CN-2026-7.pdf');
  });
});
