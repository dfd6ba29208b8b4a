import type { Money } from '../../../src/domain/money';
import type { EmailFacts } from '../../../src/emails/email-facts';

export type Kind = EmailFacts['kind'];
export type FactsOf<K extends Kind> = Extract<EmailFacts, { kind: K }>;

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
const jpy = (amount: number): Money => ({ amount, currency: 'JPY' });
const kwd = (amount: number): Money => ({ amount, currency: 'KWD' });

const APP = 'https://learn.example.com';

/** One message of each kind, with names in non-Latin scripts, amounts in EUR, JPY and KWD, fixed dates. */
export const FIXTURES: { [K in Kind]: FactsOf<K> } = {
  purchase_receipt: {
    kind: 'purchase_receipt',
    recipientName: '山田 太郎',
    courseTitle: '日本語で学ぶ TypeScript 入門',
    amount: jpy(1500),
    tax: jpy(136),
    paidAt: new Date('2026-12-01T09:42:10Z'),
    provider: 'stripe',
    paymentId: 'pay_7d2f0c1e',
    invoice: { number: 'INV-2026-000042', filename: 'INV-2026-000042.pdf' },
    paymentUrl: `${APP}/account/payments`,
    invoicesUrl: `${APP}/account/invoices`,
  },
  refund_confirmation: {
    kind: 'refund_confirmation',
    recipientName: 'محمد الأحمد',
    itemTitle: 'أساسيات البرمجة',
    refunded: kwd(1250),
    paymentTotal: kwd(5000),
    totalRefunded: kwd(1250),
    refundedAt: new Date('2026-12-02T15:05:00Z'),
    creditNote: { number: 'CN-2026-000007', filename: 'CN-2026-000007.pdf' },
    paymentUrl: `${APP}/account/payments`,
  },
  subscription_started: {
    kind: 'subscription_started',
    recipientName: 'Алексей Смирнов',
    planName: 'Про: все курсы',
    price: eur(1050),
    interval: 'month',
    trialEndsAt: new Date('2026-12-15T00:00:00Z'),
    renewsAt: new Date('2026-12-15T00:00:00Z'),
    manageUrl: `${APP}/account/subscription`,
  },
  subscription_renewed: {
    kind: 'subscription_renewed',
    recipientName: 'Ελένη Παπαδοπούλου',
    planName: 'Ετήσιο πρόγραμμα',
    amount: eur(9900),
    paidAt: new Date('2026-12-01T00:03:00Z'),
    paidUntil: new Date('2027-12-01T00:00:00Z'),
    invoice: { number: 'INV-2026-000108', filename: 'INV-2026-000108.pdf' },
    manageUrl: `${APP}/account/subscription`,
  },
  renewal_failed: {
    kind: 'renewal_failed',
    recipientName: 'देवनागरी नाम',
    planName: 'Monthly',
    amount: kwd(3500),
    reason: 'Your card has insufficient funds.',
    nextAttemptAt: new Date('2026-12-04T10:00:00Z'),
    updatePaymentMethodUrl: `${APP}/account/payment-methods`,
    manageUrl: `${APP}/account/subscription`,
  },
  payment_action_required: {
    kind: 'payment_action_required',
    recipientName: '山田 太郎',
    planName: 'プロ年間プラン',
    amount: jpy(12000),
    actionUrl: 'https://invoice.stripe.com/i/acct_1Nv0/test_YWNjdF8xTnYw?s=em',
    manageUrl: `${APP}/account/subscription`,
  },
  subscription_canceled: {
    kind: 'subscription_canceled',
    recipientName: 'Алексей Смирнов',
    planName: 'Про: все курсы',
    canceledAt: new Date('2026-12-10T08:00:00Z'),
    accessEndsAt: new Date('2026-12-31T23:59:59Z'),
    plansUrl: `${APP}/plans`,
  },
  subscription_ending_soon: {
    kind: 'subscription_ending_soon',
    recipientName: 'محمد الأحمد',
    planName: 'الخطة الشهرية',
    endsAt: new Date('2026-12-08T00:00:00Z'),
    manageUrl: `${APP}/account/subscription`,
  },
  dispute_opened: {
    kind: 'dispute_opened',
    buyerName: 'Ελένη Παπαδοπούλου',
    buyerEmail: 'eleni@example.gr',
    itemTitle: 'Εισαγωγή στην Python',
    amount: eur(4900),
    provider: 'paypal',
    providerDisputeId: 'PP-D-27803',
    reason: 'product_not_received',
    status: 'inquiry',
    openedAt: new Date('2026-12-03T17:20:00Z'),
    paymentUrl: `${APP}/admin/payments/4b1e2c9a`,
  },
  admin_digest: {
    kind: 'admin_digest',
    day: '2026-12-01',
    failedWebhooks: {
      total: 3,
      items: [
        {
          provider: 'stripe',
          eventType: 'invoice.payment_failed',
          eventId: 'evt_1QxA',
          error: 'subscription sub_9 not found',
          at: new Date('2026-12-01T21:14:00Z'),
        },
        {
          provider: 'paypal',
          eventType: 'PAYMENT.CAPTURE.REFUNDED',
          eventId: 'WH-55K',
          error: 'refund amount exceeds the payment',
          at: new Date('2026-12-01T06:02:00Z'),
        },
      ],
    },
    drift: {
      total: 2,
      unhealed: 1,
      items: [
        {
          summary: 'Payment pay_12 is succeeded at Stripe but pending here',
          healed: true,
          at: new Date('2026-12-01T03:00:00Z'),
        },
        { summary: 'Refund ref_3 is missing at PayPal', healed: false, at: new Date('2026-11-30T23:58:00Z') },
      ],
    },
    webhooksUrl: `${APP}/admin/webhooks`,
    reconciliationUrl: `${APP}/admin/reconciliation`,
  },
};

/** The fixture of a kind with some fields replaced. */
export function factsOf<K extends Kind>(kind: K, overrides: Partial<FactsOf<K>> = {}): FactsOf<K> {
  return { ...FIXTURES[kind], ...overrides };
}

export const KINDS = Object.keys(FIXTURES) as Kind[];
