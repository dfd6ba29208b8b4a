import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { FileSave } from '../browser/file-save';
import { toApiError } from '../api/api-error';
import { DocumentDownload, documentFileName } from './document-download';

describe('DocumentDownload', () => {
  let http: HttpTestingController;
  let save: ReturnType<typeof vi.fn<(blob: Blob, fileName: string) => void>>;
  const invoice = { number: 'INV-2026-000042', downloadUrl: '/api/invoices/documents/d1' };

  beforeEach(() => {
    save = vi.fn();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: FileSave, useValue: { save } }],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when the PDF arrives, then it is saved as a file named after the document number', async () => {
    const done = firstValueFrom(TestBed.inject(DocumentDownload).download(invoice));
    const req = http.expectOne('/api/invoices/documents/d1');
    expect(req.request.method).toBe('GET');
    expect(req.request.responseType).toBe('blob');
    const pdf = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
    req.flush(pdf);
    await done;
    expect(save).toHaveBeenCalledExactlyOnceWith(pdf, 'INV-2026-000042.pdf');
  });

  it('when the API answers with a JSON error, then the error carries its code and message', async () => {
    const done = firstValueFrom(TestBed.inject(DocumentDownload).download(invoice));
    const body = { error: { code: 'document_not_found', message: 'No such document' } };
    http
      .expectOne('/api/invoices/documents/d1')
      .flush(new Blob([JSON.stringify(body)], { type: 'application/json' }), { status: 404, statusText: 'Not Found' });

    const err = await done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpErrorResponse);
    expect(toApiError(err)).toMatchObject({ status: 404, code: 'document_not_found', message: 'No such document' });
    expect(save).not.toHaveBeenCalled();
  });

  it('when the error body is not JSON, then the error falls back to the HTTP status', async () => {
    const done = firstValueFrom(TestBed.inject(DocumentDownload).download(invoice));
    http
      .expectOne('/api/invoices/documents/d1')
      .flush(new Blob(['<html>Bad gateway</html>'], { type: 'text/html' }), { status: 502, statusText: 'Bad Gateway' });
    const err = await done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(toApiError(err)).toMatchObject({ status: 502, code: 'http_error' });
  });
});

describe('documentFileName', () => {
  it('when the number is a plain document number, then it is the file name as it is', () => {
    expect(documentFileName('CN-2026-000007')).toBe('CN-2026-000007.pdf');
  });

  it('when the number has characters file systems refuse, then they are replaced', () => {
    expect(documentFileName('INV/2026:42')).toBe('INV_2026_42.pdf');
    expect(documentFileName('  ')).toBe('document.pdf');
  });
});
