import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';

/** An error message a person can act on, with an optional "Try again" action. */
@Component({
  selector: 'app-error-alert',
  imports: [MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="alert alert-error" role="alert" data-testid="error-alert">
      <p class="alert-message">{{ message() }}</p>
      @if (retryLabel()) {
        <button mat-stroked-button type="button" (click)="retry.emit()">{{ retryLabel() }}</button>
      }
    </div>
  `,
})
export class ErrorAlert {
  readonly message = input.required<string>();
  /** When set, shows a button with this label that emits `retry`. */
  readonly retryLabel = input<string | null>(null);
  readonly retry = output<void>();
}
