import { DOCUMENT, Injectable, inject } from '@angular/core';

/**
 * How long an object URL outlives the click that downloads it. Some browsers read the URL only
 * after `click()` has returned, so revoking it at once can cancel the download.
 */
export const OBJECT_URL_LIFETIME_MS = 40_000;

/** Saves a file the app fetched itself (e.g. a PDF that needed the bearer token) as a download. */
@Injectable({ providedIn: 'root' })
export class FileSave {
  private readonly document = inject(DOCUMENT);

  save(blob: Blob, fileName: string): void {
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.hidden = true;
    this.document.body.append(link);
    try {
      link.click();
    } finally {
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
    }
  }
}
