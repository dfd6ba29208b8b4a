import { reasonText } from './dispute-labels';

describe('reasonText', () => {
  it("when a provider's reason code is shown, then it reads as words", () => {
    expect(reasonText('product_not_received')).toBe('product not received');
    expect(reasonText('MERCHANDISE_OR_SERVICE_NOT_RECEIVED')).toBe('merchandise or service not received');
    expect(reasonText('fraudulent')).toBe('fraudulent');
  });
});
