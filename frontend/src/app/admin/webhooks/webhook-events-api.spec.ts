import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { WebhookEventsApi } from './webhook-events-api';

const NO_FILTERS = { provider: null, type: null, status: null, from: null, to: null, eventId: null };

describe('WebhookEventsApi', () => {
  let api: WebhookEventsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(WebhookEventsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when every filter and a cursor are given, then they all go in the query string', async () => {
    const page = firstValueFrom(
      api.list(
        {
          provider: 'stripe',
          type: 'charge.dispute.*',
          status: 'failed',
          from: '2026-03-01',
          to: '2026-03-31',
          eventId: 'evt_1',
        },
        'c2',
      ),
    );
    const req = http.expectOne((r) => r.url === '/api/admin/webhook-events');
    expect(req.request.method).toBe('GET');
    expect(req.request.urlWithParams).toBe(
      '/api/admin/webhook-events?limit=25&provider=stripe&type=charge.dispute.*&status=failed&from=2026-03-01&to=2026-03-31&eventId=evt_1&cursor=c2',
    );
    req.flush({ items: [], nextCursor: null });
    expect((await page).nextCursor).toBeNull();
  });

  it('when no filter is set, then only the page size is sent', () => {
    api.list(NO_FILTERS, null).subscribe();
    http.expectOne('/api/admin/webhook-events?limit=25').flush({ items: [], nextCursor: null });
  });

  it('when one event is asked for, then it is read by its inbox id', () => {
    api.get('0b6c/..').subscribe();
    const req = http.expectOne('/api/admin/webhook-events/0b6c%2F..');
    expect(req.request.method).toBe('GET');
    req.flush({});
  });

  it('when an event is replayed, then it is a POST to its replay URL without a body', () => {
    api.replay('e1').subscribe();
    const req = http.expectOne('/api/admin/webhook-events/e1/replay');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toBeNull();
    req.flush({});
  });
});
