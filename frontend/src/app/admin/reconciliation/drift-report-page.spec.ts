import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DriftItem, DriftReport, ReconciliationRun } from '../admin-models';
import { DriftReportPage } from './drift-report-page';

function aRun(overrides: Partial<ReconciliationRun> = {}): ReconciliationRun {
  return {
    id: 'run1',
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:00:05.000Z',
    checked: 42,
    drifted: 2,
    healed: 1,
    errors: 1,
    ...overrides,
  };
}

function aDrift(overrides: Partial<DriftItem> = {}): DriftItem {
  return {
    id: 'dr1',
    runId: 'run1',
    foundAt: '2026-03-01T10:00:02.000Z',
    subject: 'payment',
    subjectId: 'p1',
    paymentId: 'p1',
    provider: 'stripe',
    before: 'pending',
    after: 'completed',
    healed: true,
    error: null,
    detail: 'Stripe says succeeded; we had pending',
    ...overrides,
  };
}

function aReport(overrides: Partial<DriftReport> = {}): DriftReport {
  return { latestRun: aRun(), items: [aDrift()], nextCursor: null, ...overrides };
}

describe('DriftReportPage', () => {
  let fixture: ComponentFixture<DriftReportPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string, root: ParentNode = el()) => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const rows = () => Array.from(el().querySelectorAll<HTMLElement>('[data-testid="drift-row"]'));
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DriftReportPage);
    await settle();
  });

  afterEach(() => http.verify());

  it('when the report loads, then the latest run is summed up and each drift shows its change, healing, error and payment link', async () => {
    expect(q('loading')).not.toBeNull();
    http.expectOne('/api/admin/reconciliation?limit=25').flush(
      aReport({
        items: [
          aDrift(),
          aDrift({
            id: 'dr2',
            subject: 'refund',
            subjectId: 'r7',
            paymentId: null,
            provider: 'paypal',
            before: 'pending',
            after: null,
            healed: false,
            error: 'PayPal answered 503',
            detail: 'PayPal could not be asked',
          }),
        ],
      }),
    );
    await settle();

    expect(text('run-started')).toContain('Mar 1, 2026');
    expect(text('run-finished')).toContain('Mar 1, 2026');
    expect(text('run-checked')).toBe('42');
    expect(text('run-drifted')).toBe('2');
    expect(text('run-healed')).toBe('1');
    expect(text('run-errors')).toBe('1');

    const [healed, failed] = rows();
    expect(healed.textContent).toContain('payment');
    expect(healed.textContent).toContain('Stripe');
    expect(text('drift-change', healed)).toBe('pending → completed');
    expect(text('drift-healed', healed)).toBe('Yes');
    expect(text('drift-detail', healed)).toBe('Stripe says succeeded; we had pending');
    expect(q('drift-payment-link', healed)?.getAttribute('href')).toBe('/admin/payments/p1');
    expect(q('drift-error', healed)).toBeNull();

    expect(text('drift-change', failed)).toBe('pending → —');
    expect(text('drift-healed', failed)).toBe('No');
    expect(text('drift-error', failed)).toBe('Error: PayPal answered 503');
    expect(q('drift-payment-link', failed)).toBeNull();
    expect(failed.textContent).toContain('r7');
  });

  it('when "Run now" is pressed, then it waits for the run and shows the report it answered with, without reading again', async () => {
    http.expectOne('/api/admin/reconciliation?limit=25').flush(aReport());
    await settle();
    const button = q('run-reconciliation') as HTMLButtonElement;
    button.click();
    await settle();
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe('Running…');

    const run = http.expectOne('/api/admin/reconciliation/run?limit=25');
    expect(run.request.method).toBe('POST');
    run.flush(
      aReport({
        latestRun: aRun({ id: 'run2', checked: 50, drifted: 1, healed: 1, errors: 0 }),
        items: [aDrift({ id: 'dr9', runId: 'run2', detail: 'Stripe says refunded' })],
        nextCursor: 'c2',
      }),
    );
    await settle();

    expect(button.disabled).toBe(false);
    expect(q('latest-run')?.dataset['runId']).toBe('run2');
    expect(text('run-checked')).toBe('50');
    expect(rows().map((r) => r.dataset['driftId'])).toEqual(['dr9']);
    http.expectNone('/api/admin/reconciliation?limit=25');

    q('load-more')!.click();
    await settle();
    http.expectOne('/api/admin/reconciliation?limit=25&cursor=c2').flush(aReport({ items: [aDrift({ id: 'dr8' })] }));
    await settle();
    expect(rows().map((r) => r.dataset['driftId'])).toEqual(['dr9', 'dr8']);
    expect(q('latest-run')?.dataset['runId']).toBe('run2');
  });

  it('when a run fails, then the API message is shown and the report stays', async () => {
    http.expectOne('/api/admin/reconciliation?limit=25').flush(aReport());
    await settle();
    q('run-reconciliation')!.click();
    http
      .expectOne('/api/admin/reconciliation/run?limit=25')
      .flush(
        { error: { code: 'conflict', message: 'A run is already in progress' } },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('A run is already in progress');
    expect(rows().length).toBe(1);
  });

  it('when nothing has run yet, then it says so', async () => {
    http.expectOne('/api/admin/reconciliation?limit=25').flush({ latestRun: null, items: [], nextCursor: null });
    await settle();
    expect(text('no-run')).toBe('No reconciliation has run yet.');
    expect(text('drift-empty')).toContain('No drift');
  });

  it('when the report cannot be read, then the API message shows with "Try again"', async () => {
    http
      .expectOne('/api/admin/reconciliation?limit=25')
      .flush({ error: { code: 'internal', message: 'Try later' } }, { status: 500, statusText: 'Error' });
    await settle();
    expect(text('error-alert')).toContain('Try later');
    expect(q('no-run')).toBeNull();
    q('error-alert')!.querySelector('button')!.click();
    await settle();
    http.expectOne('/api/admin/reconciliation?limit=25').flush(aReport());
    await settle();
    expect(rows().length).toBe(1);
  });
});
