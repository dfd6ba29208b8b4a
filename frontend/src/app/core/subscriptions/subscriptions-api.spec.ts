import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { SubscriptionsApi } from './subscriptions-api';
import { aPayment, aSubscription } from '../../testing/fixtures';

describe('SubscriptionsApi', () => {
  let api: SubscriptionsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(SubscriptionsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it("lists the student's subscriptions", async () => {
    const result = firstValueFrom(api.list());
    const req = http.expectOne('/api/subscriptions');
    expect(req.request.method).toBe('GET');
    req.flush({ items: [aSubscription({ id: 's2' }), aSubscription({ id: 's1', status: 'expired' })] });
    expect((await result).map((s) => s.id)).toEqual(['s2', 's1']);
  });

  it('gets one subscription with its cycle payments', async () => {
    const result = firstValueFrom(api.get('s 1'));
    const req = http.expectOne((r) => r.url === '/api/subscriptions/s%201');
    expect(req.request.params.has('refresh')).toBe(false);
    req.flush(aSubscription({ payments: [aPayment({ course: null })] }));
    expect((await result).payments.length).toBe(1);
  });

  it('when told to refresh, then it asks the server to check with the provider first', () => {
    api.get('s1', { refresh: true }).subscribe();
    http.expectOne('/api/subscriptions/s1?refresh=true').flush(aSubscription());
  });
});
