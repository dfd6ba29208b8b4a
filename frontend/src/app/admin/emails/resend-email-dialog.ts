import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { AdminEmail } from './email-models';
import { resendQuestion } from './email-labels';

/**
 * "Send the purchase receipt to ana@example.com again?": closes with `true` to resend, anything
 * else (Cancel, Escape, a click outside) sends nothing. Focus starts on "Cancel", the harmless
 * choice, and returns to the row's "Resend" afterwards.
 */
@Component({
  selector: 'app-resend-email-dialog',
  imports: [MatButton, MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Resend this email?</h2>
    <mat-dialog-content>
      <p data-testid="resend-question">{{ question }}</p>
      @if (email.subject) {
        <p class="muted">“{{ email.subject }}”</p>
      }
      <p class="muted">It is queued again and the mail job sends it shortly, as one more copy.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-stroked-button type="button" [mat-dialog-close]="false" cdkFocusInitial data-testid="resend-cancel">
        Cancel
      </button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" data-testid="resend-confirm">Send again</button>
    </mat-dialog-actions>
  `,
})
export class ResendEmailDialog {
  protected readonly email = inject<AdminEmail>(MAT_DIALOG_DATA);
  protected readonly question = resendQuestion(this.email);
}
