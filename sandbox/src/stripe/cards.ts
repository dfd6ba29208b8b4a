/**
 * Stripe's documented test card numbers and what the sandbox does with each. Exported so the
 * product's tests and demo docs can use the same table.
 */
export type CardBehaviour =
  | { kind: 'success' }
  | { kind: 'decline'; code: string; declineCode: string; message: string; adviceCode?: string }
  /**
   * 3-D Secure on the page. `always`: on every payment, off-session renewals included (4000 0027 6000 3184);
   * otherwise only until the card is set up for later payments (4000 0025 0000 3155).
   */
  | { kind: 'authentication_required'; always?: boolean }
  /** Attaches to a customer fine, but every charge is declined (Stripe's 4000 0000 0000 0341). */
  | { kind: 'attach_then_decline' }
  /** Succeeds, then the cardholder disputes it as fraudulent (Stripe's 4000 0000 0000 0259). */
  | { kind: 'success_then_dispute' }
  /** Succeeds, then the issuer opens an inquiry (`warning_needs_response`, no money moves; 4000 0000 0000 1976). */
  | { kind: 'success_then_inquiry' }
  /** Succeeds; a refund of it stays `pending` until settled (4000 0000 0000 7726). */
  | { kind: 'refund_pending' }
  /** Succeeds; a refund of it succeeds, then fails some time later (4000 0000 0000 5126). */
  | { kind: 'refund_fails_later' };

export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex';
  description: string;
  behaviour: CardBehaviour;
}

const DECLINED = 'Your card was declined.';

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', brand: 'visa', description: 'Succeeds', behaviour: { kind: 'success' } },
  { number: '5555555555554444', brand: 'mastercard', description: 'Succeeds', behaviour: { kind: 'success' } },
  { number: '378282246310005', brand: 'amex', description: 'Succeeds', behaviour: { kind: 'success' } },
  {
    number: '4000000000000002',
    brand: 'visa',
    description: 'Declined (generic_decline)',
    behaviour: {
      kind: 'decline',
      code: 'card_declined',
      declineCode: 'generic_decline',
      message: DECLINED,
      adviceCode: 'try_again_later',
    },
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    description: 'Declined (insufficient_funds)',
    behaviour: {
      kind: 'decline',
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      adviceCode: 'try_again_later',
    },
  },
  {
    number: '4000000000009987',
    brand: 'visa',
    description: 'Declined (lost_card)',
    behaviour: {
      kind: 'decline',
      code: 'card_declined',
      declineCode: 'lost_card',
      message: DECLINED,
      adviceCode: 'do_not_try_again',
    },
  },
  {
    number: '4000000000009979',
    brand: 'visa',
    description: 'Declined (stolen_card)',
    behaviour: {
      kind: 'decline',
      code: 'card_declined',
      declineCode: 'stolen_card',
      message: DECLINED,
      adviceCode: 'do_not_try_again',
    },
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    description: 'Declined (expired_card)',
    behaviour: {
      kind: 'decline',
      code: 'expired_card',
      declineCode: 'expired_card',
      message: 'Your card has expired.',
    },
  },
  {
    number: '4000000000000127',
    brand: 'visa',
    description: 'Declined (incorrect_cvc)',
    behaviour: {
      kind: 'decline',
      code: 'incorrect_cvc',
      declineCode: 'incorrect_cvc',
      message: "Your card's security code is incorrect.",
    },
  },
  {
    number: '4000000000000119',
    brand: 'visa',
    description: 'Declined (processing_error)',
    behaviour: {
      kind: 'decline',
      code: 'processing_error',
      declineCode: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
  },
  {
    number: '4000002760003184',
    brand: 'visa',
    description: 'Requires 3D Secure authentication on every payment, off-session renewals included',
    behaviour: { kind: 'authentication_required', always: true },
  },
  {
    number: '4000002500003155',
    brand: 'visa',
    description: 'Requires 3D Secure authentication unless set up for off-session payments',
    behaviour: { kind: 'authentication_required' },
  },
  {
    number: '4000000000000341',
    brand: 'visa',
    description: 'Attaches; later charges fail',
    behaviour: { kind: 'attach_then_decline' },
  },
  {
    number: '4000000000000259',
    brand: 'visa',
    description: 'Succeeds, then disputed (fraudulent)',
    behaviour: { kind: 'success_then_dispute' },
  },
  {
    number: '4000000000001976',
    brand: 'visa',
    description: 'Succeeds, then an inquiry (no funds withdrawn)',
    behaviour: { kind: 'success_then_inquiry' },
  },
  {
    number: '4000000000007726',
    brand: 'visa',
    description: 'Succeeds; refunds stay pending',
    behaviour: { kind: 'refund_pending' },
  },
  {
    number: '4000000000005126',
    brand: 'visa',
    description: 'Succeeds; refunds succeed, then fail',
    behaviour: { kind: 'refund_fails_later' },
  },
];

/** The test card a charge was paid with (by its PaymentMethod), if the sandbox knows it. */
export function cardOfPaymentMethod(pmCards: Map<string, string>, paymentMethod: string | null): TestCard | undefined {
  const number = paymentMethod ? pmCards.get(paymentMethod) : undefined;
  return number ? findTestCard(number) : undefined;
}

export function normaliseCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** Unknown numbers behave like an invalid card number on Stripe's page. */
export function findTestCard(input: string): TestCard | undefined {
  const n = normaliseCardNumber(input);
  return TEST_CARDS.find((c) => c.number === n);
}
