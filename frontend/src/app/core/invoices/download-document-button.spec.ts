import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { FileSave } from '../browser/file-save';
import { DownloadDocumentButton } from './download-document-button';

describe('DownloadDocumentButton', () => {
  let fixture: ComponentFixture<DownloadDocumentButton>;
  let http: HttpTestingController;
  let save: ReturnType<typeof vi.fn<(blob: Blob, fileName: string) => void>>;
  const el = () => fixture.nativeElement as HTMLElement;
  const button = () => el().querySelector('button') as HTMLButtonElement;
  const notFound = (message: string) =>
    new Blob([JSON.stringify({ error: { code: 'not_found', message } })], { type: 'application/json' });

  beforeEach(async () => {
    save = vi.fn();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: FileSave, useValue: { save } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DownloadDocumentButton);
    fixture.componentRef.setInput('document', {
      number: 'INV-2026-000042',
      downloadUrl: '/api/invoices/documents/d1',
    });
    fixture.componentRef.setInput('detail', 'invoice INV-2026-000042');
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('when it is shown, then it is a button named with its label and the hidden detail', () => {
    expect(button().type).toBe('button');
    expect(button().textContent?.replace(/\s+/g, ' ').trim()).toBe('Download invoice INV-2026-000042');
    expect(el().querySelector('.visually-hidden')?.textContent).toBe('invoice INV-2026-000042');
  });

  it('when asked to show the number, then it follows the label in a span that does not break', async () => {
    fixture.componentRef.setInput('label', 'Download invoice');
    fixture.componentRef.setInput('showNumber', true);
    fixture.componentRef.setInput('detail', '');
    await fixture.whenStable();
    expect(button().textContent?.replace(/\s+/g, ' ').trim()).toBe('Download invoice INV-2026-000042');
    expect(button().querySelector('.number')?.textContent).toBe('INV-2026-000042');
    expect(button().querySelector('.visually-hidden')).toBeNull();
  });

  it('when clicked, then it says "Downloading…" until the PDF is saved under the document number', async () => {
    button().click();
    await fixture.whenStable();
    expect(button().textContent).toContain('Downloading…');
    expect(button().getAttribute('aria-disabled')).toBe('true');

    // A second click while it runs does not start another download (expectOne would see two).
    button().click();
    const pdf = new Blob(['%PDF'], { type: 'application/pdf' });
    http.expectOne('/api/invoices/documents/d1').flush(pdf);
    await fixture.whenStable();

    expect(save).toHaveBeenCalledExactlyOnceWith(pdf, 'INV-2026-000042.pdf');
    expect(button().textContent).toContain('Download');
    expect(button().textContent).not.toContain('Downloading');
    expect(button().getAttribute('aria-disabled')).toBeNull();
  });

  it('when the download fails, then it says why next to the button, and clicking again retries', async () => {
    button().click();
    http
      .expectOne('/api/invoices/documents/d1')
      .flush(notFound('Document not found'), { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();

    const alert = el().querySelector('[role="alert"]');
    expect(alert?.textContent).toContain("Couldn't download INV-2026-000042. Document not found");
    expect(button().getAttribute('aria-describedby')).toBe(alert?.id);
    expect(save).not.toHaveBeenCalled();

    button().click();
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')).toBeNull();
    http.expectOne('/api/invoices/documents/d1').flush(new Blob(['%PDF']));
    await fixture.whenStable();
    expect(save).toHaveBeenCalledOnce();
  });

  it('when the button goes away mid-download, then the download is cancelled', async () => {
    button().click();
    const req = http.expectOne('/api/invoices/documents/d1');
    fixture.destroy();
    expect(req.cancelled).toBe(true);
  });
});
