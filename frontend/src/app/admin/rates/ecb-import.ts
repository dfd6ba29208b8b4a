import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { toApiError } from '../../core/api/api-error';
import { ErrorAlert } from '../../core/ui/error-alert';
import { EcbImportResult } from './exchange-rate-models';
import { ExchangeRatesApi } from './exchange-rates-api';

/** Upload of an ECB `eurofxref-daily.xml` file: what it wrote, or why the server refused it. */
@Component({
  selector: 'app-ecb-import',
  imports: [MatButton, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ecb-import">
      <label for="ecb-file">ECB daily reference rates (eurofxref-daily.xml)</label>
      <input
        #fileInput
        id="ecb-file"
        type="file"
        accept=".xml,application/xml,text/xml"
        (change)="onFile()"
        data-testid="ecb-file"
      />
      <button
        mat-flat-button
        type="button"
        (click)="upload()"
        [disabled]="!file() || uploading()"
        data-testid="ecb-upload"
      >
        {{ uploading() ? 'Importing…' : 'Import file' }}
      </button>
    </div>
    @if (result(); as r) {
      <div class="alert alert-success" role="status" data-testid="ecb-result">
        <p>
          Imported the ECB rates of {{ r.date }}: {{ r.rates }} rates ({{ r.inserted }} new, {{ r.updated }} changed,
          {{ r.unchanged }} unchanged), in force from {{ r.validFrom }}.
          @if (r.skipped.length) {
            Skipped unknown codes: {{ r.skipped.join(', ') }}.
          }
        </p>
      </div>
    }
    @if (error(); as message) {
      <app-error-alert [message]="message" data-testid="ecb-error" />
    }
  `,
  styles: `
    .ecb-import {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
    }
    label {
      font: var(--mat-sys-label-large);
      flex-basis: 100%;
    }
  `,
})
export class EcbImport {
  private readonly api = inject(ExchangeRatesApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly imported = output<EcbImportResult>();

  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('fileInput');
  protected readonly file = signal<File | null>(null);
  protected readonly uploading = signal(false);
  protected readonly result = signal<EcbImportResult | null>(null);
  protected readonly error = signal<string | null>(null);

  protected onFile(): void {
    this.file.set(this.fileInput().nativeElement.files?.item(0) ?? null);
    this.result.set(null);
    this.error.set(null);
  }

  protected upload(): void {
    const file = this.file();
    if (!file || this.uploading()) return;
    this.uploading.set(true);
    this.result.set(null);
    this.error.set(null);
    this.api
      .importEcb(file)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          this.uploading.set(false);
          this.result.set(result);
          this.imported.emit(result);
        },
        error: (err: unknown) => {
          this.uploading.set(false);
          this.error.set(toApiError(err).message);
        },
      });
  }
}
