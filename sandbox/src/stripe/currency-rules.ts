import { formatMoney as pageMoney, minorToDecimal, stripeExponent } from '../shared/money';
import { StripeError, docUrl, invalidParam } from './errors';

/**
 * Stripe's currency rules as its API enforces them (docs.stripe.com/currencies), so an amount
 * the product would get wrong fails here as it would at Stripe. Amounts are Stripe's wire
 * integers (`unit_amount`, `amount`): cents, whole yen, whole ariary, hundredths of a krona.
 */

/** Presentment currencies for card payments (lower case, as on the wire). */
// prettier-ignore
export const STRIPE_CURRENCIES: ReadonlySet<string> = new Set([
  'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bhd',
  'bif', 'bmd', 'bnd', 'bob', 'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop',
  'crc', 'cve', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip',
  'gmd', 'gnf', 'gtq', 'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jod', 'jpy',
  'kes', 'kgs', 'khr', 'kmf', 'krw', 'kwd', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl',
  'mga', 'mkd', 'mmk', 'mnt', 'mop', 'mur', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok',
  'npr', 'nzd', 'omr', 'pab', 'pen', 'pgk', 'php', 'pkr', 'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf',
  'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sos', 'srd', 'szl', 'thb', 'tjs', 'tnd', 'top', 'try',
  'ttd', 'twd', 'tzs', 'uah', 'ugx', 'usd', 'uyu', 'uzs', 'vnd', 'vuv', 'wst', 'xaf', 'xcd', 'xof', 'xpf',
  'yer', 'zar', 'zmw',
]);

/** Zero-decimal on Stripe but written with two decimals for backwards compatibility: must end in 00. */
const TWO_DECIMAL_WHOLE = new Set(['isk', 'ugx']);
/** Two-decimal in the API, charged (and paid out) in whole units only. */
const WHOLE_UNITS = new Set(['huf', 'twd']);

/** The published minimum charge per currency, in Stripe's unit of it. */
// prettier-ignore
const MINIMUMS: Readonly<Record<string, number>> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30,
  hkd: 400, huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200,
  sek: 300, sgd: 50, thb: 1000,
};

/**
 * Elsewhere Stripe converts the charge to the settlement currency (USD here) and requires 50
 * cents. Stripe uses its own live rates; the sandbox approximates with these, in US cents per
 * 1000 major units (integers, no floats), and skips the check for currencies not listed.
 */
// prettier-ignore
const APPROX_US_CENTS_PER_1000_UNITS: Readonly<Record<string, number>> = {
  kwd: 325_000, bhd: 265_000, omr: 260_000, jod: 141_000, tnd: 34_000, isk: 720, ugx: 27, mga: 22,
  twd: 3_100, krw: 70, idr: 6, vnd: 4, clp: 100, cop: 25, php: 1_700, zar: 5_600, try: 2_400,
  cny: 14_000, ils: 27_000, kes: 770, ngn: 65, egp: 2_000, pkr: 360, mad: 11_000, sar: 26_600,
  qar: 27_400, ars: 100,
};

/** Amounts in error messages, with plain spaces (Intl puts a no-break space after a code: "KWD 0.150"). */
function formatMoney(amount: number, currency: string): string {
  return pageMoney(amount, currency).replace(/\u00a0/g, ' ');
}

const MAX_DIGITS = 8;
const MAX_DIGITS_IDR = 12;

/** `Invalid currency` as Stripe answers an unsupported code. */
export function checkCurrency(currency: string, param: string): void {
  if (STRIPE_CURRENCIES.has(currency)) return;
  throw invalidParam(
    param,
    `Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...STRIPE_CURRENCIES].join(', ')}`,
  );
}

/**
 * Divisibility and size of one amount: three-decimal currencies end in 0, ISK/UGX/HUF/TWD are
 * whole units (divisible by 100), at most 8 digits (12 for IDR). Refunds obey these too.
 */
export function checkAmountFormat(amount: number, currency: string, param: string): void {
  const exp = stripeExponent(currency);
  if (exp === 3 && amount % 10 !== 0) {
    throw invalidAmount(
      param,
      `Invalid amount for ${currency}: the last digit of a three-decimal currency amount must be 0 (round ${minorToDecimal(amount, 3)} to ${minorToDecimal(Math.round(amount / 10) * 10, 3)}).`,
    );
  }
  if ((TWO_DECIMAL_WHOLE.has(currency) || WHOLE_UNITS.has(currency)) && amount % 100 !== 0) {
    throw invalidAmount(
      param,
      `Invalid amount for ${currency}: ${currency} amounts are whole units written with two decimals and must be divisible by 100 (to charge 5 ${currency.toUpperCase()}, send 500).`,
    );
  }
  const maxDigits = currency === 'idr' ? MAX_DIGITS_IDR : MAX_DIGITS;
  if (String(amount).length > maxDigits) {
    const max = 10 ** maxDigits - 1;
    throw new StripeError(
      400,
      {
        code: 'amount_too_large',
        doc_url: docUrl('amount_too_large'),
        message: `Amount must be no more than ${formatMoney(max, currency)} ${currency}`,
        param,
        type: 'invalid_request_error',
      },
      false,
    );
  }
}

/**
 * The minimum for a Checkout Session's total: the published one for the currency, or 50 US
 * cents after conversion, with Stripe's messages.
 */
export function checkCheckoutMinimum(total: number, currency: string): void {
  const fixed = MINIMUMS[currency];
  if (fixed !== undefined) {
    if (total >= fixed) return;
    throw tooSmall(
      `The Checkout Session's total amount due must add up to at least ${formatMoney(fixed, currency)} ${currency}`,
    );
  }
  const perThousand = APPROX_US_CENTS_PER_1000_UNITS[currency];
  if (perThousand === undefined) return;
  const cents = Number((BigInt(total) * BigInt(perThousand)) / (1000n * 10n ** BigInt(stripeExponent(currency))));
  if (cents >= 50) return;
  throw tooSmall(
    `The Checkout Session's total amount must convert to at least 50 cents. ${formatMoney(total, currency)} converts to approximately ${formatMoney(cents, 'usd')}.`,
  );
}

function tooSmall(message: string): StripeError {
  return new StripeError(
    400,
    { code: 'amount_too_small', doc_url: docUrl('amount_too_small'), message, type: 'invalid_request_error' },
    false,
  );
}

function invalidAmount(param: string, message: string): StripeError {
  return new StripeError(
    400,
    {
      code: 'invalid_charge_amount',
      doc_url: docUrl('invalid_charge_amount'),
      message,
      param,
      type: 'invalid_request_error',
    },
    false,
  );
}
