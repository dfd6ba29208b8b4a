import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { aPaymentDetail, aReviewItem } from '../../testing/admin-fixtures';
import { ReviewApi } from './review-api';

describe('ReviewApi', () => {
  let api: ReviewApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ReviewApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when the queue is read, then it asks for a page of 25, with the cursor after the first', async () => {
    const first = firstValueFrom(api.list(null));
    const req = http.expectOne((r) => r.url === '/api/admin/review');
    expect(req.request.urlWithParams).toBe('/api/admin/review?limit=25');
    req.flush({ items: [aReviewItem()], nextCursor: 'c2' });
    expect((await first).items.length).toBe(1);

    api.list('c2', 10).subscribe();
    http.expectOne('/api/admin/review?limit=10&cursor=c2').flush({ items: [], nextCursor: null });
  });

  it('when a payment is resolved, then it posts the resolution and the note and gives the payment as it is now', async () => {
    const { payment } = aPaymentDetail({ status: 'canceled' });
    const result = firstValueFrom(api.resolve('p1', 'refund', 'Amount differs'));
    const req = http.expectOne('/api/admin/review/p1/resolve');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ resolution: 'refund', note: 'Amount differs' });
    req.flush(payment);
    expect(await result).toEqual(payment);
  });
});
