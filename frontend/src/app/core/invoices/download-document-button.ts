import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { Subscription } from 'rxjs';
import { toApiError } from '../api/api-error';
import { DocumentDownload } from './document-download';
import { Downloadable } from './invoice-models';

let nextId = 0;

/**
 * A button that downloads an invoice or credit note PDF, saying "Downloading…" meanwhile.
 * When the download fails it says why next to the button, and the button tries again.
 */
@Component({
  selector: 'app-download-document-button',
  imports: [MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      [matButton]="appearance()"
      type="button"
      (click)="download()"
      [disabled]="downloading()"
      [disabledInteractive]="true"
      [attr.aria-describedby]="error() ? errorId : null"
      data-testid="download-document"
    >
      @if (downloading()) {
        Downloading…
      } @else {
        {{ label() }}
        @if (showNumber()) {
          <span class="number">{{ document().number }}</span>
        }
        @if (detail()) {
          <span class="visually-hidden">{{ detail() }}</span>
        }
      }
    </button>
    @if (error(); as message) {
      <span class="download-error" role="alert" [id]="errorId" data-testid="download-error">{{ message }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
      max-width: 100%;
    }
    /* A long label ("Download invoice INV-…") wraps inside the button rather than out of it. */
    button {
      max-width: 100%;
      height: auto;
      min-height: 40px;
      padding-block: 6px;
      text-align: center;
    }
    .number {
      white-space: nowrap;
    }
    .download-error {
      font-size: 0.85rem;
      color: var(--mat-sys-error);
      max-width: 20rem;
    }
  `,
})
export class DownloadDocumentButton {
  private readonly downloads = inject(DocumentDownload);

  readonly document = input.required<Downloadable>();
  /** The visible text. */
  readonly label = input('Download');
  /** Shows the document number after the label ("Download invoice INV-2026-000042"), kept on one line. */
  readonly showNumber = input(false);
  /** Read out after the label but not shown, e.g. " invoice INV-2026-000042" in a table row. */
  readonly detail = input('');
  readonly appearance = input<'outlined' | 'filled' | 'tonal' | 'text'>('outlined');

  protected readonly errorId = `download-error-${nextId++}`;
  protected readonly downloading = signal(false);
  protected readonly error = signal<string | null>(null);
  private running: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.running?.unsubscribe());
  }

  protected download(): void {
    if (this.downloading()) return;
    const document = this.document();
    this.downloading.set(true);
    this.error.set(null);
    this.running = this.downloads.download(document).subscribe({
      next: () => this.downloading.set(false),
      error: (err: unknown) => {
        this.downloading.set(false);
        this.error.set(`Couldn't download ${document.number}. ${toApiError(err).message}`);
      },
    });
  }
}
