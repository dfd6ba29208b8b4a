import { HttpErrorResponse } from '@angular/common/http';
import { toApiError } from './api-error';

describe('toApiError', () => {
  it('uses the API error body', () => {
    const err = new HttpErrorResponse({
      status: 400,
      error: {
        error: { code: 'validation_failed', message: 'Invalid input', details: [{ path: 'email', message: 'bad' }] },
      },
    });
    expect(toApiError(err)).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'Invalid input',
      details: [{ path: 'email', message: 'bad' }],
    });
  });

  it('when the details are facts rather than failing fields, then they are kept apart as facts', () => {
    const price = { amount: 5200, currency: 'EUR', providers: ['stripe'], unavailable: [] };
    const err = new HttpErrorResponse({
      status: 409,
      error: {
        error: {
          code: 'price_changed',
          message: 'The price is now 52.00 EUR',
          details: { price, expectedAmount: 4900 },
        },
      },
    });
    expect(toApiError(err)).toEqual({
      status: 409,
      code: 'price_changed',
      message: 'The price is now 52.00 EUR',
      details: [],
      facts: { price, expectedAmount: 4900 },
    });
  });

  it('explains a network failure', () => {
    expect(toApiError(new HttpErrorResponse({ status: 0 })).message).toContain("Can't reach the server");
  });

  it('explains rate limiting without a body', () => {
    expect(toApiError(new HttpErrorResponse({ status: 429 })).message).toContain('Too many attempts');
  });

  it('falls back to the HTTP status', () => {
    expect(toApiError(new HttpErrorResponse({ status: 502, error: '<html>' })).message).toContain('HTTP 502');
    expect(toApiError(new Error('boom')).code).toBe('unknown');
  });
});
