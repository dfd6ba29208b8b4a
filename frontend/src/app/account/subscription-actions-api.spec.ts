import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { SubscriptionActionsApi } from './subscription-actions-api';
import { aSubscription } from '../testing/fixtures';

describe('SubscriptionActionsApi', () => {
  let api: SubscriptionActionsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(SubscriptionActionsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when canceling at period end, then it posts atPeriodEnd and gives the subscription back', async () => {
    const result = firstValueFrom(api.cancel('s 1', { atPeriodEnd: true }));
    const req = http.expectOne('/api/subscriptions/s%201/cancel');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ atPeriodEnd: true });
    req.flush(aSubscription({ cancelAtPeriodEnd: true }));
    expect((await result).cancelAtPeriodEnd).toBe(true);
  });

  it('when resuming, then it posts to resume', async () => {
    const result = firstValueFrom(api.resume('s1'));
    const req = http.expectOne('/api/subscriptions/s1/resume');
    expect(req.request.method).toBe('POST');
    req.flush(aSubscription());
    expect((await result).cancelAtPeriodEnd).toBe(false);
  });
});
