import { preferredWallet } from './saved-wallet';
import { aCard, aPaypalWallet } from '../testing/fixtures';

describe('preferredWallet', () => {
  it('offers the default PayPal wallet', () => {
    const chosen = preferredWallet([aPaypalWallet({ id: 'new' }), aPaypalWallet({ id: 'def', isDefault: true })]);
    expect(chosen?.id).toBe('def');
  });

  it('without a default, offers the newest (the API lists newest first)', () => {
    expect(
      preferredWallet([aCard({ isDefault: true }), aPaypalWallet({ id: 'new' }), aPaypalWallet({ id: 'old' })])?.id,
    ).toBe('new');
  });

  it('with cards only, offers nothing', () => {
    expect(preferredWallet([aCard({ isDefault: true })])).toBeNull();
  });
});
