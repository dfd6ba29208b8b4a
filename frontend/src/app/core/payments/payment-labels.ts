import { PaymentProvider, PaymentStatus } from './payment-models';

export const STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Pending',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
  requires_review: 'Under review',
};

export const PROVIDER_LABELS: Record<PaymentProvider, string> = { stripe: 'Stripe', paypal: 'PayPal' };
