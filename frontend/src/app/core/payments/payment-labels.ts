import { PaymentLabel, PaymentProvider, PaymentStatus } from './payment-models';

export const STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Pending',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
  requires_review: 'Under review',
};

export const PAYMENT_LABELS: Record<PaymentLabel, string> = {
  ...STATUS_LABELS,
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
  disputed: 'Disputed',
  dispute_lost: 'Charged back',
};

export const PROVIDER_LABELS: Record<PaymentProvider, string> = { stripe: 'Stripe', paypal: 'PayPal' };
