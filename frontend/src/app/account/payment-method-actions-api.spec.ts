import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../core/api/api-error';
import { PaymentMethodActionsApi } from './payment-method-actions-api';
import { aCard } from '../testing/fixtures';

describe('PaymentMethodActionsApi', () => {
  let api: PaymentMethodActionsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PaymentMethodActionsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when starting a setup, then it posts the provider and gives back where to send the browser', async () => {
    const result = firstValueFrom(api.startSetup('paypal'));
    const req = http.expectOne('/api/payment-methods/setup');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ provider: 'paypal' });
    req.flush(
      { setupId: 'set_1', provider: 'paypal', setupUrl: 'http://localhost:12112/approve/BA-1' },
      { status: 201, statusText: 'Created' },
    );
    expect(await result).toEqual({
      setupId: 'set_1',
      provider: 'paypal',
      setupUrl: 'http://localhost:12112/approve/BA-1',
    });
  });

  it('when completing a setup, then it posts an empty body and unwraps the saved method', async () => {
    const result = firstValueFrom(api.completeSetup('set 1'));
    const req = http.expectOne('/api/payment-methods/setup/set%201/complete');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({});
    req.flush({ method: aCard() });
    expect((await result).label).toBe('Visa •••• 4242');
  });

  it('when the student did not finish on the provider page, then completing fails with setup_not_completed', async () => {
    const result = firstValueFrom(api.completeSetup('set_1'));
    http
      .expectOne('/api/payment-methods/setup/set_1/complete')
      .flush(
        { error: { code: 'setup_not_completed', message: 'The setup was not completed' } },
        { status: 409, statusText: 'Conflict' },
      );
    const error = await result.then(
      () => null,
      (err: unknown) => toApiError(err),
    );
    expect(error).toMatchObject({ status: 409, code: 'setup_not_completed' });
  });

  it('when making a method the default, then it posts to its default route', async () => {
    const result = firstValueFrom(api.makeDefault('pm 1'));
    const req = http.expectOne('/api/payment-methods/pm%201/default');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({});
    req.flush(aCard({ isDefault: true }));
    expect((await result).isDefault).toBe(true);
  });

  it('when removing a method, then it sends DELETE and completes on 204', () => {
    const completed = vi.fn();
    api.remove('pm-card-1').subscribe({ complete: completed });
    const req = http.expectOne('/api/payment-methods/pm-card-1');
    expect(req.request.method).toBe('DELETE');
    expect(completed).not.toHaveBeenCalled();
    req.flush(null, { status: 204, statusText: 'No Content' });
    expect(completed).toHaveBeenCalledOnce();
  });
});
