import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { EmailsApi } from './emails-api';

describe('EmailsApi', () => {
  let api: EmailsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(EmailsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when every filter and a cursor are given, then they all go in the query string, the search escaped in full', async () => {
    const page = firstValueFrom(api.list({ status: 'failed', kind: 'purchase_receipt', q: 'ana+1@example.com' }, 'c2'));
    const req = http.expectOne((r) => r.url === '/api/admin/emails');
    expect(req.request.method).toBe('GET');
    expect(req.request.urlWithParams).toBe(
      '/api/admin/emails?limit=25&status=failed&kind=purchase_receipt&q=ana%2B1%40example.com&cursor=c2',
    );
    req.flush({ items: [], nextCursor: null });
    expect((await page).nextCursor).toBeNull();
  });

  it('when no filter is set, then only the page size is sent', () => {
    api.list({ status: null, kind: null, q: null }, null).subscribe();
    http.expectOne('/api/admin/emails?limit=25').flush({ items: [], nextCursor: null });
  });

  it('when one email is asked for, then it is read by its id', () => {
    api.get('m/1').subscribe();
    const req = http.expectOne('/api/admin/emails/m%2F1');
    expect(req.request.method).toBe('GET');
    req.flush({});
  });

  it('when an email is resent, then it is a POST to its resend URL without a body', () => {
    api.resend('m1').subscribe();
    const req = http.expectOne('/api/admin/emails/m1/resend');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toBeNull();
    req.flush({});
  });
});
