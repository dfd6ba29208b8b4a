import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { InteractivityChecker } from '@angular/cdk/a11y';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AdminEmail } from './email-models';
import { EmailsPage } from './emails-page';
import { anEmail } from './email-fixtures';

describe('EmailsPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const el = () => harness.routeNativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = el()) =>
    root.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const rows = () => Array.from(el().querySelectorAll<HTMLElement>('[data-testid="email"]'));
  const ids = () => rows().map((r) => r.dataset['emailId']);
  const row = (id: string) => el().querySelector<HTMLElement>(`[data-testid="email"][data-email-id="${id}"]`)!;
  const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
  const FILTERS = ['status', 'kind', 'q', 'cursor'];
  const outbox = (params: Record<string, string>) => (r: HttpRequest<unknown>) =>
    r.method === 'GET' &&
    r.url === '/api/admin/emails' &&
    r.params.get('limit') === '25' &&
    FILTERS.every((k) => r.params.get(k) === (params[k] ?? null));
  const url = () => TestBed.inject(Router).url;
  const page = (items: AdminEmail[], nextCursor: string | null = null) => ({ items, nextCursor });

  /** The dialog reports how it closed a task after it closes. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  async function open(path: string): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(path, EmailsPage);
    await harness.fixture.whenStable();
  }

  function fill(testId: string, value: string): void {
    const field = q<HTMLInputElement | HTMLSelectElement>(testId)!;
    field.value = value;
    field.dispatchEvent(new Event(field.tagName === 'SELECT' ? 'change' : 'input'));
  }

  async function press(testId: string, root: ParentNode = el()): Promise<void> {
    q(testId, root)!.click();
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'admin/emails', component: EmailsPage }], withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        {
          provide: InteractivityChecker,
          useValue: {
            isVisible: () => true,
            isFocusable: (e: HTMLElement) => !e.hasAttribute('disabled'),
            isTabbable: (e: HTMLElement) => !e.hasAttribute('disabled'),
            isDisabled: (e: HTMLElement) => e.hasAttribute('disabled'),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    try {
      http.verify();
    } finally {
      TestBed.inject(MatDialog).closeAll();
      TestBed.resetTestingModule();
    }
  });

  it('when the outbox is read, then it shows loading, then every email in the order answered, each in words', async () => {
    await open('/admin/emails');
    expect(text('loading')).toBe('Loading emails…');
    http
      .expectOne(outbox({}))
      .flush(
        page([
          anEmail({ id: 'm2', kind: 'renewal_failed', status: 'retrying', attempts: 2, lastError: 'ECONNREFUSED' }),
          anEmail({ id: 'm1' }),
        ]),
      );
    await harness.fixture.whenStable();
    expect(q('loading')).toBeNull();
    expect(ids()).toEqual(['m2', 'm1']);
    expect(text('email-kind', row('m2'))).toBe('Renewal failed');
    expect(text('email-status', row('m2'))).toBe('Retrying');
    expect(text('email-error', row('m2'))).toBe('ECONNREFUSED');
    expect(text('email-status', row('m1'))).toBe('Sent');
    expect(Array.from(el().querySelectorAll('thead th')).map((th) => th.textContent?.trim())).toEqual([
      'Created',
      'Email',
      'Recipient',
      'Status',
      'Attempts',
      'Last error',
      'Actions',
    ]);
  });

  it('when the URL carries filters, then the first read sends them and the form shows them', async () => {
    await open('/admin/emails?status=failed&kind=refund_confirmation&q=ana%2B1@example.com');
    http
      .expectOne(outbox({ status: 'failed', kind: 'refund_confirmation', q: 'ana+1@example.com' }))
      .flush(page([anEmail({ kind: 'refund_confirmation', status: 'failed' })]));
    await harness.fixture.whenStable();
    expect(q<HTMLSelectElement>('email-status-filter')!.value).toBe('failed');
    expect(q<HTMLSelectElement>('email-kind-filter')!.value).toBe('refund_confirmation');
    expect(q<HTMLInputElement>('email-search')!.value).toBe('ana+1@example.com');
    expect(rows().length).toBe(1);
  });

  it('when filters are applied, then they go in the URL and the list is read with them; cleared, every email again', async () => {
    await open('/admin/emails');
    http.expectOne(outbox({})).flush(page([anEmail()], 'c2'));
    await harness.fixture.whenStable();

    fill('email-status-filter', 'skipped');
    fill('email-kind-filter', 'admin_digest');
    fill('email-search', ' ops+1@ ');
    await press('email-filter-submit');

    expect(url()).toBe('/admin/emails?status=skipped&kind=admin_digest&q=ops%2B1@');
    http.expectOne(outbox({ status: 'skipped', kind: 'admin_digest', q: 'ops+1@' })).flush(page([]));
    await harness.fixture.whenStable();
    expect(text('emails-empty')).toBe('No emails match these filters.');

    await press('clear-filters');
    expect(url()).toBe('/admin/emails');
    http.expectOne(outbox({})).flush(page([]));
    await harness.fixture.whenStable();
    expect(text('emails-empty')).toBe('No emails yet.');
    expect(q('clear-filters')).toBeNull();
  });

  it('when there are more pages, then "Load more" reads the next one with the same filters', async () => {
    await open('/admin/emails?status=failed');
    http.expectOne(outbox({ status: 'failed' })).flush(page([anEmail({ id: 'm1', status: 'failed' })], 'c2'));
    await harness.fixture.whenStable();
    await press('load-more');
    http
      .expectOne(outbox({ status: 'failed', cursor: 'c2' }))
      .flush(page([anEmail({ id: 'm0', status: 'failed' })], null));
    await harness.fixture.whenStable();
    expect(ids()).toEqual(['m1', 'm0']);
    expect(q('load-more')).toBeNull();
  });

  it('when a failed email is resent, then its row shows it queued in place and "Resend" is disabled with the reason', async () => {
    await open('/admin/emails');
    http
      .expectOne(outbox({}))
      .flush(
        page([
          anEmail({ id: 'm2', status: 'sent' }),
          anEmail({ id: 'm1', status: 'failed', attempts: 5, lastError: 'Error: 550', sentAt: null }),
        ]),
      );
    await harness.fixture.whenStable();

    await press('email-resend', row('m1'));
    expect(text('resend-question', dialog()!)).toBe('Send the purchase receipt to ana@example.com again?');
    await press('resend-confirm', dialog()!);
    http
      .expectOne((r) => r.method === 'POST' && r.url === '/api/admin/emails/m1/resend')
      .flush({
        email: anEmail({
          id: 'm1',
          status: 'queued',
          attempts: 0,
          resends: 1,
          lastError: null,
          sentAt: null,
          updatedAt: '2026-03-02T08:00:00.000Z',
        }),
      });
    await harness.fixture.whenStable();

    expect(ids()).toEqual(['m2', 'm1']);
    expect(text('email-status', row('m1'))).toBe('Queued');
    expect(text('email-attempts', row('m1'))).toBe('0');
    expect(text('email-error', row('m1'))).toBe('—');
    expect(text('email-resend-outcome', row('m1'))).toBe('Queued to be sent again.');
    expect(text('email-resend-blocked', row('m1'))).toBe('Queued: it goes out shortly.');
    expect(q('email-resend', row('m1'))!.getAttribute('aria-disabled')).toBe('true');
    expect(text('email-status', row('m2'))).toBe('Sent');
    expect(q('email-resend-outcome', row('m2'))).toBeNull();
  });

  it('when the list is refreshed after a resend, then the row moves on to Sent where it is, its detail still open, and new emails go on top', async () => {
    await open('/admin/emails');
    const failed = anEmail({ id: 'm1', status: 'failed', lastError: 'Error: 550', sentAt: null });
    http.expectOne(outbox({})).flush(page([failed, anEmail({ id: 'm0' })], 'c2'));
    await harness.fixture.whenStable();
    await press('email-details-toggle', row('m1'));
    await press('email-resend', row('m1'));
    await press('resend-confirm', dialog()!);
    http
      .expectOne('/api/admin/emails/m1/resend')
      .flush({ email: { ...failed, status: 'queued', updatedAt: '2026-03-02T08:00:00.000Z' } });
    await harness.fixture.whenStable();
    expect(text('email-status', row('m1'))).toBe('Queued');

    await press('emails-refresh');
    expect(q<HTMLButtonElement>('emails-refresh')!.disabled).toBe(true);
    expect(text('emails-refresh')).toBe('Refreshing…');
    expect(ids()).toEqual(['m1', 'm0']);
    const sent = { ...failed, status: 'sent' as const, lastError: null, updatedAt: '2026-03-02T08:00:03.000Z' };
    http.expectOne(outbox({})).flush(page([anEmail({ id: 'm3', status: 'queued' }), sent], 'c9'));
    await harness.fixture.whenStable();

    expect(ids()).toEqual(['m3', 'm1', 'm0']);
    expect(text('email-status', row('m1'))).toBe('Sent');
    expect(q('email-detail', row('m1'))).not.toBeNull();
    expect(text('emails-refreshed')).toMatch(/^Up to date as of /);
    expect(text('emails-refresh')).toBe('Refresh');
    // "Load more" still continues after the rows first read.
    await press('load-more');
    http.expectOne(outbox({ cursor: 'c2' })).flush(page([]));
    await harness.fixture.whenStable();
    expect(ids()).toEqual(['m3', 'm1', 'm0']);

    // Other filters read the list afresh: what the refresh said is gone with it.
    fill('email-status-filter', 'failed');
    await press('email-filter-submit');
    http.expectOne(outbox({ status: 'failed' })).flush(page([failed]));
    await harness.fixture.whenStable();
    expect(q('emails-refreshed')).toBeNull();
    expect(text('email-status', row('m1'))).toBe('Failed');
  });

  it('when a refresh finds more new emails than a page holds, then the list is read afresh from its first page', async () => {
    await open('/admin/emails');
    http.expectOne(outbox({})).flush(page([anEmail({ id: 'm1' })]));
    await harness.fixture.whenStable();
    await press('emails-refresh');
    http.expectOne(outbox({})).flush(page([anEmail({ id: 'n2' }), anEmail({ id: 'n1' })], 'c-n1'));
    await harness.fixture.whenStable();
    expect(text('loading')).toBe('Loading emails…');
    http.expectOne(outbox({})).flush(page([anEmail({ id: 'n2' }), anEmail({ id: 'n1' })], 'c-n1'));
    await harness.fixture.whenStable();
    expect(ids()).toEqual(['n2', 'n1']);
  });

  it('when the refresh cannot be read, then the rows stay, the message shows, and "Try again" refreshes', async () => {
    await open('/admin/emails');
    http.expectOne(outbox({})).flush(page([anEmail({ id: 'm1', status: 'queued' })]));
    await harness.fixture.whenStable();
    await press('emails-refresh');
    http.expectOne(outbox({})).flush(null, { status: 503, statusText: 'Service Unavailable' });
    await harness.fixture.whenStable();
    expect(text('error-alert')).toContain('HTTP 503');
    expect(ids()).toEqual(['m1']);

    q('error-alert')!.querySelector('button')!.click();
    await harness.fixture.whenStable();
    http.expectOne(outbox({})).flush(page([anEmail({ id: 'm1', status: 'sent' })]));
    await harness.fixture.whenStable();
    expect(q('error-alert')).toBeNull();
    expect(text('email-status', row('m1'))).toBe('Sent');
  });

  it('when the list cannot be read, then the API message shows and "Try again" reads it again', async () => {
    await open('/admin/emails?kind=dispute_opened');
    http
      .expectOne(outbox({ kind: 'dispute_opened' }))
      .flush(
        { error: { code: 'validation_failed', message: 'Invalid query' } },
        { status: 400, statusText: 'Bad Request' },
      );
    await harness.fixture.whenStable();
    expect(text('error-alert')).toContain('Invalid query');
    expect(q('emails-empty')).toBeNull();
    q('error-alert')!.querySelector('button')!.click();
    await harness.fixture.whenStable();
    http.expectOne(outbox({ kind: 'dispute_opened' })).flush(page([anEmail({ kind: 'dispute_opened' })]));
    await harness.fixture.whenStable();
    expect(rows().length).toBe(1);
    expect(q('error-alert')).toBeNull();
  });
});
