/**
 * Amounts an admin types, in a currency's major units ("12.50" EUR, "1200" JPY, "1.250" KWD),
 * turned into integer minor units without floating point, or into a message saying what to fix.
 */
import { Money } from '../../core/money/money-models';
import { formatMoney } from '../../core/money/money';

export type AmountProblem = 'empty' | 'not_a_number' | 'negative' | 'zero' | 'too_many_decimals' | 'too_large';

export type ParsedAmount = { ok: true; minor: number } | { ok: false; problem: AmountProblem };

/** "1,234.50": commas only as thousands separators, in groups of three. */
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d*)?$/;
const PLAIN = /^(\d*)(?:\.(\d*))?$/;

/**
 * Parses a non-negative amount with at most `exponent` decimals into minor units. Zero is
 * accepted here (a search may start at 0); a refund refuses it (see `checkRefundAmount`).
 */
export function parseMajorAmount(text: string, exponent: number): ParsedAmount {
  const trimmed = text.trim().replace(/\s+/g, '');
  if (trimmed === '') return { ok: false, problem: 'empty' };
  if (trimmed.startsWith('-')) return { ok: false, problem: 'negative' };
  const ungrouped = GROUPED.test(trimmed) ? trimmed.replaceAll(',', '') : trimmed;
  const match = PLAIN.exec(ungrouped);
  const whole = match?.[1] ?? '';
  const fraction = match?.[2] ?? '';
  if (!match || whole + fraction === '') return { ok: false, problem: 'not_a_number' };
  if (fraction.length > exponent) return { ok: false, problem: 'too_many_decimals' };
  const minor = BigInt(whole || '0') * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, problem: 'too_large' };
  return { ok: true, minor: Number(minor) };
}

/** An amount written the way the currency expects: "1200" (0 decimals), "12.50", "12.500". */
export function exampleAmount(exponent: number): string {
  return exponent === 0 ? '1200' : `12.${'5'.padEnd(exponent, '0')}`;
}

/** What to tell a person about an amount they typed in `currency`. */
export function amountProblemMessage(problem: AmountProblem, currency: string, exponent: number): string {
  const example = exampleAmount(exponent);
  switch (problem) {
    case 'empty':
      return 'Enter an amount.';
    case 'not_a_number':
      return `Enter the amount as a number with a point for decimals, e.g. ${example}.`;
    case 'negative':
      return 'Enter the amount without a minus sign.';
    case 'zero':
      return 'The amount must be more than zero.';
    case 'too_many_decimals':
      return exponent === 0
        ? `${currency} has no decimals: enter a whole number, e.g. ${example}.`
        : `${currency} takes at most ${exponent} decimal${exponent === 1 ? '' : 's'}, e.g. ${example}.`;
    case 'too_large':
      return 'That amount is too large.';
  }
}

export type RefundAmountCheck = { ok: true; amount: Money } | { ok: false; message: string };

/**
 * A partial refund's amount: a positive number in the payment's currency with at most its own
 * decimals, and no more than what is left to refund.
 */
export function checkRefundAmount(text: string, refundable: Money, exponent: number): RefundAmountCheck {
  const parsed = parseMajorAmount(text, exponent);
  const { currency } = refundable;
  if (!parsed.ok) {
    if (parsed.problem !== 'too_large') {
      return { ok: false, message: amountProblemMessage(parsed.problem, currency, exponent) };
    }
  } else if (parsed.minor === 0) {
    return { ok: false, message: amountProblemMessage('zero', currency, exponent) };
  }
  if (!parsed.ok || parsed.minor > refundable.amount) {
    return { ok: false, message: `At most ${formatMoney(refundable.amount, currency, exponent)} can be refunded.` };
  }
  return { ok: true, amount: { amount: parsed.minor, currency } };
}
