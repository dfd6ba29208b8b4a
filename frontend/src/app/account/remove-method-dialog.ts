import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';
import { PROVIDER_LABELS } from '../core/payments/payment-labels';

/**
 * "Remove Visa •••• 4242?": closes with `true` to remove, anything else (Keep, Escape, a click
 * outside) keeps the method. A modal dialog: focus moves into it (to "Keep", the harmless
 * choice), stays there, and returns to the "Remove" button that opened it.
 */
@Component({
  selector: 'app-remove-method-dialog',
  imports: [MatButton, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Remove {{ method.label }}?</h2>
    <mat-dialog-content>
      <p data-testid="remove-confirm-text">{{ consequence }} You can add it again at any time.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-stroked-button type="button" [mat-dialog-close]="false" cdkFocusInitial data-testid="keep-method">
        Keep
      </button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" data-testid="confirm-remove">Remove</button>
    </mat-dialog-actions>
  `,
})
export class RemoveMethodDialog {
  protected readonly method = inject<PaymentMethod>(MAT_DIALOG_DATA);
  protected readonly consequence = `It will no longer be offered when you pay with ${PROVIDER_LABELS[this.method.provider]}.`;
}
