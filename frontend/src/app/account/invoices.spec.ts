import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FileSave } from '../core/browser/file-save';
import { Invoices } from './invoices';
import { aDocument } from '../testing/fixtures';

describe('Invoices', () => {
  let fixture: ComponentFixture<Invoices>;
  let http: HttpTestingController;
  let save: ReturnType<typeof vi.fn<(blob: Blob, fileName: string) => void>>;
  const el = () => fixture.nativeElement as HTMLElement;
  const rows = () => Array.from(el().querySelectorAll('[data-testid="invoice-row"]'));
  const cell = (row: Element, testId: string) => row.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();
  const loadMore = () => el().querySelector('[data-testid="load-more"]') as HTMLButtonElement | null;
  const isPage = (cursor: string | null) => (r: HttpRequest<unknown>) =>
    r.method === 'GET' && r.url === '/api/invoices' && r.params.get('cursor') === cursor;

  beforeEach(async () => {
    save = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileSave, useValue: { save } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Invoices);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('when documents arrive, then each row shows kind, number, date and total in its currency', async () => {
    expect(el().querySelector('[data-testid="loading"]')?.textContent).toContain('Loading invoices…');
    const first = http.expectOne(isPage(null));
    expect(first.request.params.get('limit')).toBe('20');
    first.flush({
      items: [
        aDocument({
          id: 'd3',
          kind: 'credit_note',
          number: 'CN-2026-000007',
          total: { amount: -12345, currency: 'KWD' },
          issuedAt: '2026-04-02T09:00:00Z',
        }),
        aDocument({ id: 'd2', number: 'INV-2026-000043', total: { amount: 1500, currency: 'JPY' } }),
        aDocument({ id: 'd1', number: 'INV-2026-000042', total: { amount: 4900, currency: 'EUR' } }),
      ],
      nextCursor: null,
    });
    await fixture.whenStable();

    expect(el().querySelector('[data-testid="loading"]')).toBeNull();
    const headers = Array.from(el().querySelectorAll('thead th[scope="col"]')).map((th) => th.textContent?.trim());
    expect(headers).toEqual(['Date', 'Document', 'Number', 'Total', 'PDF']);
    const [credit, yen, euro] = rows();
    expect(cell(credit, 'invoice-kind')).toBe('Credit note');
    expect(cell(credit, 'invoice-number')).toBe('CN-2026-000007');
    expect(credit.querySelector('time')?.textContent).toBe('Apr 2, 2026');
    expect(cell(credit, 'invoice-total')).toMatch(/^-KWD\s12\.345$/);
    expect(cell(yen, 'invoice-kind')).toBe('Invoice');
    expect(cell(yen, 'invoice-total')).toBe('¥1,500');
    expect(cell(euro, 'invoice-total')).toBe('€49.00');
    expect(loadMore()).toBeNull();
    expect(el().querySelector('[data-testid="invoices-count"]')?.textContent?.trim()).toBe('3 documents shown');
  });

  it('when there is a next cursor, then "Load more" reads that page and adds its rows', async () => {
    http.expectOne(isPage(null)).flush({ items: [aDocument({ id: 'd2' })], nextCursor: 'cursor-2' });
    await fixture.whenStable();

    loadMore()!.click();
    await fixture.whenStable();
    expect(loadMore()?.textContent?.trim()).toBe('Loading…');
    expect(loadMore()?.disabled).toBe(true);
    http.expectOne(isPage('cursor-2')).flush({ items: [aDocument({ id: 'd1' })], nextCursor: null });
    await fixture.whenStable();

    expect(rows().map((r) => r.getAttribute('data-document-id'))).toEqual(['d2', 'd1']);
    expect(loadMore()).toBeNull();
  });

  it('when there are no documents, then it says so and points to the payment history', async () => {
    http.expectOne(isPage(null)).flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="invoices-empty"]')?.textContent).toContain(
      "You don't have any invoices yet.",
    );
    expect(el().querySelector('a[href="/account/payments"]')).not.toBeNull();
    expect(el().querySelector('table')).toBeNull();
  });

  it('when the first page fails, then it shows the reason and "Try again" reads it again', async () => {
    http
      .expectOne(isPage(null))
      .flush({ error: { code: 'internal_error', message: 'Database unavailable' } }, { status: 503, statusText: 'x' });
    await fixture.whenStable();
    const alert = el().querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Database unavailable');
    expect(el().querySelector('[data-testid="invoices-empty"]')).toBeNull();

    (alert.querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();
    http.expectOne(isPage(null)).flush({ items: [aDocument()], nextCursor: null });
    await fixture.whenStable();
    expect(rows().length).toBe(1);
    expect(el().querySelector('[role="alert"]')).toBeNull();
  });

  it('when "Load more" fails, then the rows stay, the reason shows and "Load more" reads that page again', async () => {
    http.expectOne(isPage(null)).flush({ items: [aDocument({ id: 'd2' })], nextCursor: 'c2' });
    await fixture.whenStable();
    loadMore()!.click();
    await fixture.whenStable();
    http.expectOne(isPage('c2')).flush(null, { status: 0, statusText: 'Unknown Error' });
    await fixture.whenStable();

    expect(rows().length).toBe(1);
    const alert = el().querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain("Can't reach the server");
    expect(alert.querySelector('button')?.textContent).toContain('Try again');
    loadMore()!.click();
    await fixture.whenStable();
    http.expectOne(isPage('c2')).flush({ items: [aDocument({ id: 'd1' })], nextCursor: null });
    await fixture.whenStable();
    expect(rows().map((r) => r.getAttribute('data-document-id'))).toEqual(['d2', 'd1']);
  });

  it('when a row\'s "Download" is pressed, then that document\'s PDF is saved under its number', async () => {
    http.expectOne(isPage(null)).flush({
      items: [
        aDocument({ id: 'd2', kind: 'credit_note', number: 'CN-2026-000007' }),
        aDocument({ id: 'd1', number: 'INV-2026-000042' }),
      ],
      nextCursor: null,
    });
    await fixture.whenStable();
    const button = rows()[0].querySelector('button') as HTMLButtonElement;
    expect(button.textContent?.replace(/\s+/g, ' ').trim()).toBe('Download credit note CN-2026-000007');

    button.click();
    const pdf = new Blob(['%PDF'], { type: 'application/pdf' });
    http.expectOne('/api/invoices/documents/d2').flush(pdf);
    await fixture.whenStable();
    expect(save).toHaveBeenCalledExactlyOnceWith(pdf, 'CN-2026-000007.pdf');
  });
});
