import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { RateInfo } from '../../core/money/money-models';
import { RatesOverview } from './exchange-rate-models';
import { ExchangeRatesPage } from './exchange-rates-page';

function aRate(overrides: Partial<RateInfo> = {}): RateInfo {
  return {
    base: 'EUR',
    quote: 'USD',
    rate: '1.0842',
    source: 'ecb',
    validFrom: '2026-11-30T00:00:00.000Z',
    stale: false,
    ...overrides,
  };
}

function anOverview(overrides: Partial<RatesOverview> = {}): RatesOverview {
  return {
    maxAgeDays: 7,
    items: [
      aRate(),
      aRate({ quote: 'JPY', rate: '160.2', source: 'manual', validFrom: '2026-10-01T00:00:00.000Z', stale: true }),
    ],
    upcoming: [],
    ...overrides,
  };
}

describe('ExchangeRatesPage', () => {
  let fixture: ComponentFixture<ExchangeRatesPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = el()) =>
    root.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const row = (pair: string) => el().querySelector<HTMLElement>(`[data-testid="rate-row"][data-pair="${pair}"]`)!;
  const overview = () => http.expectOne((r) => r.method === 'GET' && r.url === '/api/admin/exchange-rates');

  function type(testId: string, value: string): void {
    const field = q<HTMLInputElement>(testId)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ExchangeRatesPage);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('when the rates load, then each shows base, quote, rate, source and date, and a stale one says so in words', async () => {
    expect(q('loading')).not.toBeNull();
    overview().flush(anOverview());
    await fixture.whenStable();

    const usd = row('EUR-USD');
    expect(usd.textContent).toContain('EUR');
    expect(text('rate-row-value', usd)).toBe('1.0842');
    expect(usd.textContent).toContain('ecb');
    expect(usd.textContent).toContain('Nov 30, 2026');
    expect(q('rate-stale', usd)).toBeNull();
    expect(usd.textContent).toContain('Current');

    const jpy = row('EUR-JPY');
    expect(jpy.dataset['stale']).toBe('true');
    expect(text('rate-stale', jpy)).toBe('Stale');
    expect(q('rate-stale', jpy)!.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(el().textContent).toContain('more than 7 days');
  });

  it('when a row is edited and saved, then the PUT carries that pair with the new rate and the answer replaces the table', async () => {
    overview().flush(anOverview());
    await fixture.whenStable();
    q<HTMLButtonElement>('rate-edit', row('EUR-JPY'))!.click();
    await fixture.whenStable();
    expect(q<HTMLInputElement>('rate-value')!.value).toBe('160.2');

    type('rate-value', '161.05');
    q<HTMLButtonElement>('rate-save')!.click();
    await fixture.whenStable();
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === '/api/admin/exchange-rates');
    expect(put.request.body).toEqual([{ base: 'EUR', quote: 'JPY', rate: '161.05' }]);
    put.flush({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      ...anOverview({
        items: [
          aRate(),
          aRate({ quote: 'JPY', rate: '161.05', source: 'manual', validFrom: '2026-12-01T13:00:00.000Z' }),
        ],
      }),
    });
    await fixture.whenStable();

    expect(text('rate-row-value', row('EUR-JPY'))).toBe('161.05');
    expect(q('rate-stale', row('EUR-JPY'))).toBeNull();
    expect(text('rate-saved')).toBe('EUR → JPY 161.05: added.');
  });

  it('when the rate typed is invalid, then nothing is sent', async () => {
    overview().flush(anOverview());
    await fixture.whenStable();
    q<HTMLButtonElement>('rate-edit', row('EUR-USD'))!.click();
    await fixture.whenStable();
    type('rate-value', '1.08e2');
    q<HTMLButtonElement>('rate-save')!.click();
    await fixture.whenStable();
    http.expectNone((r) => r.method === 'PUT');
    expect(text('rate-value-error')).toContain('plain decimal number');
  });

  it('when the server refuses a rate, then its message is shown and the table stays as it was', async () => {
    overview().flush(anOverview());
    await fixture.whenStable();
    type('rate-base', 'EUR');
    type('rate-quote', 'XYZ');
    type('rate-value', '2');
    q<HTMLButtonElement>('rate-save')!.click();
    await fixture.whenStable();
    http
      .expectOne((r) => r.method === 'PUT')
      .flush(
        {
          error: {
            code: 'validation_failed',
            message: "Invalid exchange rates: 0 quote 'XYZ' is not an ISO 4217 code in upper case",
            details: [{ path: '0', message: "quote 'XYZ' is not an ISO 4217 code in upper case" }],
          },
        },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain("quote 'XYZ' is not an ISO 4217 code");
    expect(el().querySelectorAll('[data-testid="rate-row"]').length).toBe(2);
  });

  it('when an ECB file is imported, then the rates are read again and the import result stays on show', async () => {
    overview().flush(anOverview());
    await fixture.whenStable();
    const input = q<HTMLInputElement>('ecb-file')!;
    const file = new File(['<gesmes:Envelope/>'], 'eurofxref-daily.xml', { type: 'text/xml' });
    Object.defineProperty(input, 'files', { value: { length: 1, item: () => file, 0: file } });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    q<HTMLButtonElement>('ecb-upload')!.click();
    const post = http.expectOne('/api/admin/exchange-rates/import');
    expect(post.request.headers.get('Content-Type')).toBe('application/xml');
    post.flush(
      {
        source: 'ecb',
        date: '2026-11-30',
        validFrom: '2026-11-30T00:00:00.000Z',
        rates: 2,
        skipped: [],
        inserted: 0,
        updated: 2,
        unchanged: 0,
      },
      { status: 201, statusText: 'Created' },
    );
    await fixture.whenStable();
    overview().flush(anOverview({ items: [aRate({ quote: 'JPY', rate: '180.72' })] }));
    await fixture.whenStable();
    expect(text('rate-row-value', row('EUR-JPY'))).toBe('180.72');
    expect(text('ecb-result')).toContain('Imported the ECB rates of 2026-11-30');
  });

  it('when no rate is stored, then it says so; when the read fails, then "Try again" reads again', async () => {
    overview().flush({ error: { code: 'internal', message: 'Try later' } }, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    expect(text('error-alert')).toContain('Try later');
    q('error-alert')!.querySelector('button')!.click();
    await fixture.whenStable();
    overview().flush(anOverview({ items: [] }));
    await fixture.whenStable();
    expect(text('rates-empty')).toContain('No exchange rates stored yet');
  });

  it('when rates are dated later, then they are listed apart', async () => {
    overview().flush(anOverview({ upcoming: [aRate({ rate: '1.1', validFrom: '2027-01-01T00:00:00.000Z' })] }));
    await fixture.whenStable();
    expect(text('rates-upcoming')).toContain('EUR → USD 1.1 (ecb) from Jan 1, 2027');
  });
});
