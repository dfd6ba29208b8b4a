import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { FileSave } from '../../core/browser/file-save';
import { revenueCharts } from './revenue-chart-data';
import { aRevenueReport, someFigures } from './revenue-fixtures';
import { RevenuePage } from './revenue-page';

describe('RevenuePage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let save: ReturnType<typeof vi.fn<(blob: Blob, fileName: string) => void>>;
  const el = () => harness.routeNativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = el()) =>
    root.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const totalRow = (currency: string) =>
    el().querySelector<HTMLElement>(`[data-testid="revenue-total-row"][data-currency="${currency}"]`)!;
  const revenue =
    (from: string, to: string, interval: string, format: string | null = null) =>
    (r: HttpRequest<unknown>) =>
      r.url === '/api/admin/reports/revenue' &&
      r.params.get('from') === from &&
      r.params.get('to') === to &&
      r.params.get('interval') === interval &&
      r.params.get('format') === format;
  const settle = () => harness.fixture.whenStable();

  async function open(path: string): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(path, RevenuePage);
    await settle();
  }

  function type(testId: string, value: string): void {
    const field = q<HTMLInputElement | HTMLSelectElement>(testId)!;
    field.value = value;
    field.dispatchEvent(new Event(field.tagName === 'SELECT' ? 'change' : 'input'));
  }

  beforeEach(() => {
    save = vi.fn();
    // jsdom has no 2D canvas (it returns null after logging so): chart.js then draws nothing, quietly.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'admin/revenue', component: RevenuePage }], withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileSave, useValue: { save } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('when opened without a range, then it asks for the last 30 UTC days up to today, by day', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-30T23:30:00Z') });
    await open('/admin/revenue');
    expect(q('loading')).not.toBeNull();
    http.expectOne(revenue('2026-03-01', '2026-03-30', 'day')).flush(aRevenueReport({ currencies: [] }));
    await settle();
    expect(q<HTMLInputElement>('revenue-from')!.value).toBe('2026-03-01');
    expect(q<HTMLInputElement>('revenue-to')!.value).toBe('2026-03-30');
    expect(q<HTMLSelectElement>('revenue-interval')!.value).toBe('day');
  });

  it('when the report loads, then each currency has its totals row and its own chart built from its periods', async () => {
    await open('/admin/revenue?from=2026-03-01&to=2026-03-03&interval=day');
    const report = aRevenueReport();
    http.expectOne(revenue('2026-03-01', '2026-03-03', 'day')).flush(report);
    await settle();

    const eur = totalRow('EUR');
    expect(text('revenue-gross', eur)).toBe('€147.00');
    expect(text('revenue-refunds', eur)).toBe('€18.00');
    expect(text('revenue-disputes', eur)).toBe('€0.00');
    expect(text('revenue-net', eur)).toBe('€129.00');
    expect(text('revenue-count', eur)).toBe('3');
    expect(text('revenue-net', totalRow('JPY'))).toBe('¥0');

    const [eurChart, jpyChart] = revenueCharts(report);
    const eurCanvas = q<HTMLCanvasElement>('revenue-chart-EUR')!;
    expect(eurCanvas.tagName).toBe('CANVAS');
    expect(eurCanvas.getAttribute('aria-label')).toBe(eurChart.summary);
    expect(eurCanvas.getAttribute('aria-label')).toContain('net €129.00 of gross €147.00');
    expect(q('revenue-chart-JPY')?.getAttribute('aria-label')).toBe(jpyChart.summary);
    expect(q('revenue-converted')).toBeNull();
  });

  it('when the report is converted, then the converted total, the rates used and the missing currencies are shown', async () => {
    await open('/admin/revenue?from=2026-03-01&to=2026-03-03');
    http.expectOne(revenue('2026-03-01', '2026-03-03', 'day')).flush(
      aRevenueReport({
        converted: {
          currency: 'USD',
          totals: someFigures('USD', 15900, 14000, 3),
          rates: [
            {
              from: 'EUR',
              to: 'USD',
              rate: '1.0842',
              source: 'ecb',
              validFrom: '2026-03-02T00:00:00.000Z',
              inverted: false,
            },
            {
              from: 'JPY',
              to: 'USD',
              rate: '0.0068',
              source: 'manual',
              validFrom: '2026-02-01T00:00:00.000Z',
              inverted: true,
            },
          ],
          missing: ['KWD'],
        },
      }),
    );
    await settle();
    expect(q('revenue-converted')?.textContent).toContain('All in USD');
    expect(text('revenue-converted-net')).toBe('$140.00');
    expect(text('revenue-rates')).toBe(
      'Converted with: 1 EUR = 1.0842 USD (ecb, from 2026-03-02); 1 JPY = 0.0068 USD (manual, from 2026-02-01, the inverse of the stored USD → JPY rate).',
    );
    expect(text('revenue-missing')).toBe('Not in the USD total (no rate to USD): KWD.');
  });

  it('when a range and interval are chosen, then they go in the URL and the report is read for them', async () => {
    await open('/admin/revenue?from=2026-03-01&to=2026-03-03');
    http.expectOne(revenue('2026-03-01', '2026-03-03', 'day')).flush(aRevenueReport());
    await settle();
    type('revenue-from', '2025-04-01');
    type('revenue-to', '2026-03-31');
    type('revenue-interval', 'month');
    q('revenue-apply')!.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/admin/revenue?from=2025-04-01&to=2026-03-31&interval=month');
    http
      .expectOne(revenue('2025-04-01', '2026-03-31', 'month'))
      .flush(aRevenueReport({ from: '2025-04-01', to: '2026-03-31', interval: 'month', currencies: [] }));
    await settle();
    expect(text('revenue-empty')).toBe('No revenue from 2025-04-01 to 2026-03-31.');
  });

  it('when "from" is after "to", then it says so and asks nothing', async () => {
    await open('/admin/revenue?from=2026-03-01&to=2026-03-03');
    http.expectOne(revenue('2026-03-01', '2026-03-03', 'day')).flush(aRevenueReport());
    await settle();
    type('revenue-from', '2026-03-04');
    q('revenue-apply')!.click();
    await settle();
    expect(text('revenue-form-problem')).toBe('“From” must be on or before “To”.');
    expect(TestBed.inject(Router).url).toBe('/admin/revenue?from=2026-03-01&to=2026-03-03');
  });

  it('when "Download CSV" is pressed, then the same report is asked as CSV and saved under a name with its range', async () => {
    await open('/admin/revenue?from=2026-01-01&to=2026-03-31&interval=month');
    http.expectOne(revenue('2026-01-01', '2026-03-31', 'month')).flush(aRevenueReport({ interval: 'month' }));
    await settle();
    const button = q<HTMLButtonElement>('revenue-download-csv')!;
    button.click();
    await settle();
    expect(button.disabled).toBe(true);
    const req = http.expectOne(revenue('2026-01-01', '2026-03-31', 'month', 'csv'));
    expect(req.request.responseType).toBe('blob');
    const csv = new Blob(
      ['period,currency,gross,refunds,disputes_lost,net,count\n2026-01,EUR,49.00,0.00,0.00,49.00,1\n'],
      {
        type: 'text/csv',
      },
    );
    req.flush(csv);
    await settle();
    expect(save).toHaveBeenCalledExactlyOnceWith(csv, 'revenue-2026-01-01-2026-03-31-month.csv');
    expect(button.disabled).toBe(false);
  });

  it('when the server refuses the range, then its message shows with "Try again"', async () => {
    await open('/admin/revenue?from=2020-01-01&to=2026-03-31');
    http
      .expectOne(revenue('2020-01-01', '2026-03-31', 'day'))
      .flush(
        { error: { code: 'validation_failed', message: 'At most 366 days by day' } },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    expect(text('error-alert')).toContain('At most 366 days by day');
    q('error-alert')!.querySelector('button')!.click();
    await settle();
    http.expectOne(revenue('2020-01-01', '2026-03-31', 'day')).flush(aRevenueReport());
    await settle();
    expect(q('revenue-chart-EUR')).not.toBeNull();
  });
});
