import { TestBed } from '@angular/core/testing';
import { FileSave, OBJECT_URL_LIFETIME_MS } from './file-save';

describe('FileSave', () => {
  let createObjectURL: ReturnType<typeof vi.fn<(blob: Blob) => string>>;
  let revokeObjectURL: ReturnType<typeof vi.fn<(url: string) => void>>;
  let clicks: { href: string; download: string; inDocument: boolean }[];

  beforeEach(() => {
    vi.useFakeTimers();
    // jsdom has no object URLs, and a click on a link would try to navigate.
    createObjectURL = vi.fn(() => 'blob:http://localhost/pdf-1');
    revokeObjectURL = vi.fn();
    vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL, revokeObjectURL }));
    clicks = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download, inDocument: this.isConnected });
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('when a blob is saved, then a link to its object URL with the file name is clicked and removed', () => {
    const pdf = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
    TestBed.inject(FileSave).save(pdf, 'INV-2026-000042.pdf');

    expect(createObjectURL).toHaveBeenCalledWith(pdf);
    expect(clicks).toEqual([
      { href: 'blob:http://localhost/pdf-1', download: 'INV-2026-000042.pdf', inDocument: true },
    ]);
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('when the download has started, then the object URL is revoked a little later, not at once', () => {
    TestBed.inject(FileSave).save(new Blob(['x']), 'a.pdf');
    expect(revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(OBJECT_URL_LIFETIME_MS);
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:http://localhost/pdf-1');
  });
});
