import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { toApiError } from '../core/api/api-error';
import { AuthStore } from '../core/auth/auth-store';
import { safeReturnUrl } from '../core/auth/auth-guard';
import { ErrorAlert } from '../core/ui/error-alert';
import { AuthApi } from './auth-api';

export const MIN_PASSWORD_LENGTH = 8;

@Component({
  selector: 'app-register',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatButton,
    ErrorAlert,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './register.html',
  styleUrl: './auth-form.scss',
})
export class Register {
  private readonly api = inject(AuthApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  readonly returnUrl = input<string>();

  protected readonly minPasswordLength = MIN_PASSWORD_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
  });
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Field messages from a 400 validation error, e.g. `[{path: 'email', message}]`. */
  protected readonly fieldErrors = signal<{ path: string; message: string }[]>([]);

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    this.fieldErrors.set([]);
    const { name, email, password } = this.form.getRawValue();
    this.api.register({ name: name.trim(), email: email.trim(), password }).subscribe({
      next: (res) => {
        this.auth.signIn(res);
        void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
      },
      error: (err: unknown) => {
        const apiError = toApiError(err);
        this.submitting.set(false);
        this.error.set(apiError.message);
        this.fieldErrors.set(apiError.details);
      },
    });
  }
}
