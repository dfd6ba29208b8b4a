import { aPaymentDetail, aRefund, aReviewItem } from '../../testing/admin-fixtures';
import { alreadyResolvedNotice, resolvedNotice } from './review-notices';

const format = ({ amount, currency }: { amount: number; currency: string }) => `${amount} ${currency}`;

describe('review notices', () => {
  it('when a subscription payment is accepted, then the student is subscribed', () => {
    const item = aReviewItem({ course: null, subscription: { id: 's1', planName: 'Monthly' } });
    expect(resolvedNotice(item, 'accept', aPaymentDetail().payment, format)).toEqual({
      tone: 'success',
      text: 'Accepted: student@example.com is subscribed.',
      paymentId: 'p1',
      reload: false,
    });
  });

  it('when the refund succeeded at once, was refused, or none was made, then it says which', () => {
    const item = aReviewItem();
    const refunded = (status: 'succeeded' | 'failed') =>
      resolvedNotice(
        item,
        'refund',
        aPaymentDetail({
          refunds: [
            aRefund({ status, amount: { amount: 4500, currency: 'EUR' }, failureReason: 'card_closed: Closed' }),
          ],
        }).payment,
        format,
      );
    expect(refunded('succeeded').text).toBe('Refunded 4500 EUR to student@example.com; the checkout is canceled.');
    expect(refunded('failed')).toMatchObject({
      tone: 'error',
      text: 'The checkout is canceled but Stripe refused the refund of 4500 EUR: card_closed: Closed.',
    });
    expect(resolvedNotice(item, 'refund', aPaymentDetail({ refunds: [] }).payment, format).text).toBe(
      'Canceled the checkout of student@example.com; nothing was refunded.',
    );
  });

  it('when it was resolved already, then the queue is offered for reading again', () => {
    expect(alreadyResolvedNotice(aReviewItem())).toMatchObject({ reload: true, paymentId: 'p1' });
  });
});
