import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, from, map, switchMap, throwError } from 'rxjs';
import { FileSave } from '../browser/file-save';
import { Downloadable } from './invoice-models';

/** The saved file's name: the document number, kept to characters every file system accepts. */
export function documentFileName(number: string): string {
  const safe = number.trim().replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${safe || 'document'}.pdf`;
}

/**
 * Downloads an invoice or credit note PDF. Its URL needs the bearer token, which a plain
 * `<a href>` would not send, so the PDF is fetched with HttpClient (the interceptor adds the
 * token) and handed to the browser as a file named after the document number.
 */
@Injectable({ providedIn: 'root' })
export class DocumentDownload {
  private readonly http = inject(HttpClient);
  private readonly files = inject(FileSave);

  /** Emits once the file was handed to the browser; fails with the API's error (see `toApiError`). */
  download(document: Downloadable): Observable<void> {
    return this.http.get(document.downloadUrl, { responseType: 'blob' }).pipe(
      catchError((err: unknown) => readErrorBody(err)),
      map((pdf) => this.files.save(pdf, documentFileName(document.number))),
    );
  }
}

/**
 * With `responseType: 'blob'` an error's body is a Blob too: read the API's JSON error
 * (`{error: {code, message}}`) out of it so the page can show its message.
 */
function readErrorBody(err: unknown): Observable<never> {
  if (!(err instanceof HttpErrorResponse) || !(err.error instanceof Blob)) return throwError(() => err);
  return from(err.error.text()).pipe(
    switchMap((text) => {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON (a proxy's HTML page): toApiError falls back to the status.
      }
      return throwError(
        () =>
          new HttpErrorResponse({
            error: body,
            headers: err.headers,
            status: err.status,
            statusText: err.statusText,
            url: err.url ?? undefined,
          }),
      );
    }),
  );
}
