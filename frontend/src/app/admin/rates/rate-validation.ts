import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** Digits allowed on each side of the point (the server stores numeric(24, 12)). */
export const RATE_DIGITS = 12;

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** What is wrong with a rate typed by an admin, the way the server would say it; null when it is fine. */
export function rateProblem(rate: string): string | null {
  const match = PLAIN_DECIMAL.exec(rate.trim());
  if (!match) return 'Enter a plain decimal number such as 1.0842 (a point, no commas or exponents).';
  const [, whole, fraction = ''] = match;
  if (whole.replace(/^0+(?=\d)/, '').length > RATE_DIGITS) return `Use at most ${RATE_DIGITS} digits before the point.`;
  if (fraction.length > RATE_DIGITS) return `Use at most ${RATE_DIGITS} digits after the point.`;
  if (!/[1-9]/.test(rate)) return 'The rate must be more than 0.';
  return null;
}

/** Form validator: `{rate: message}` when the value is not a valid rate (empty is left to `required`). */
export const rateValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const value = control.value ?? '';
  if (value.trim() === '') return null;
  const problem = rateProblem(value);
  return problem ? { rate: problem } : null;
};

/** Form validator on the pair: base and quote must differ. */
export const distinctPairValidator: ValidatorFn = (group: AbstractControl): ValidationErrors | null => {
  const { base, quote } = group.value as { base?: string; quote?: string };
  return base && quote && base.toUpperCase() === quote.toUpperCase() ? { samePair: true } : null;
};
