import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { WebhookInboxPage } from './webhook-inbox-page';
import { aWebhookEvent } from './webhook-fixtures';

describe('WebhookInboxPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const el = () => harness.routeNativeElement as HTMLElement;
  const q = (testId: string, root: ParentNode = el()) => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const events = () => Array.from(el().querySelectorAll<HTMLElement>('[data-testid="webhook-event"]'));
  const event = (id: string) =>
    el().querySelector<HTMLElement>(`[data-testid="webhook-event"][data-webhook-id="${id}"]`)!;
  const FILTERS = ['provider', 'type', 'status', 'from', 'to', 'cursor'];
  const inbox = (params: Record<string, string>) => (r: HttpRequest<unknown>) =>
    r.url === '/api/admin/webhook-events' && FILTERS.every((k) => r.params.get(k) === (params[k] ?? null));
  const url = () => TestBed.inject(Router).url;
  const settle = () => harness.fixture.whenStable();

  async function open(path: string): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(path, WebhookInboxPage);
    await settle();
  }

  function fill(testId: string, value: string): void {
    const field = q(testId) as HTMLInputElement | HTMLSelectElement;
    field.value = value;
    field.dispatchEvent(new Event(field.tagName === 'SELECT' ? 'change' : 'input'));
  }

  async function submit(): Promise<void> {
    q('webhook-filter-submit')!.click();
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'admin/webhooks', component: WebhookInboxPage }], withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when the URL carries filters, then the first read sends them and the form shows them', async () => {
    await open('/admin/webhooks?provider=paypal&type=PAYMENT.CAPTURE.*&status=failed&from=2026-03-01&to=2026-03-31');
    http
      .expectOne(
        inbox({
          provider: 'paypal',
          type: 'PAYMENT.CAPTURE.*',
          status: 'failed',
          from: '2026-03-01',
          to: '2026-03-31',
        }),
      )
      .flush({ items: [aWebhookEvent({ provider: 'paypal', status: 'failed' })], nextCursor: null });
    await settle();
    expect((q('webhook-provider-filter') as HTMLSelectElement).value).toBe('paypal');
    expect((q('webhook-type-filter') as HTMLInputElement).value).toBe('PAYMENT.CAPTURE.*');
    expect((q('webhook-status-filter') as HTMLSelectElement).value).toBe('failed');
    expect((q('webhook-from-filter') as HTMLInputElement).value).toBe('2026-03-01');
    expect((q('webhook-to-filter') as HTMLInputElement).value).toBe('2026-03-31');
    expect(events().length).toBe(1);
  });

  it('when filters are applied, then they go in the URL and the list is read with them from the first page', async () => {
    await open('/admin/webhooks');
    http.expectOne(inbox({})).flush({ items: [aWebhookEvent()], nextCursor: 'c2' });
    await settle();

    fill('webhook-provider-filter', 'stripe');
    fill('webhook-type-filter', ' charge.dispute.* ');
    fill('webhook-status-filter', 'unhandled');
    fill('webhook-from-filter', '2026-02-01');
    await submit();

    expect(url()).toBe('/admin/webhooks?provider=stripe&type=charge.dispute.*&status=unhandled&from=2026-02-01');
    http
      .expectOne(inbox({ provider: 'stripe', type: 'charge.dispute.*', status: 'unhandled', from: '2026-02-01' }))
      .flush({ items: [], nextCursor: null });
    await settle();
    expect(text('webhook-events-empty')).toBe('No events match these filters.');

    q('clear-filters')!.click();
    await settle();
    expect(url()).toBe('/admin/webhooks');
    http.expectOne(inbox({})).flush({ items: [], nextCursor: null });
    await settle();
    expect(text('webhook-events-empty')).toBe('No webhook events yet.');
  });

  it('when "from" is after "to", then it says so and asks nothing', async () => {
    await open('/admin/webhooks');
    http.expectOne(inbox({})).flush({ items: [], nextCursor: null });
    await settle();
    fill('webhook-from-filter', '2026-03-10');
    fill('webhook-to-filter', '2026-03-01');
    await submit();
    expect(text('webhook-filter-problem')).toBe('“From” must be on or before “To”.');
    expect(url()).toBe('/admin/webhooks');
  });

  it('when there are more pages, then "Load more" reads the next one with the same filters', async () => {
    await open('/admin/webhooks?status=failed');
    http.expectOne(inbox({ status: 'failed' })).flush({ items: [aWebhookEvent({ id: 'e1' })], nextCursor: 'c2' });
    await settle();
    q('load-more')!.click();
    await settle();
    http
      .expectOne(inbox({ status: 'failed', cursor: 'c2' }))
      .flush({ items: [aWebhookEvent({ id: 'e2', eventId: 'evt_2' })], nextCursor: null });
    await settle();
    expect(events().map((e) => e.dataset['webhookId'])).toEqual(['e1', 'e2']);
  });

  it('when an event is replayed, then its row shows the answered event in place and the outcome', async () => {
    await open('/admin/webhooks');
    http.expectOne(inbox({})).flush({
      items: [
        aWebhookEvent({ id: 'e1', status: 'failed', attempts: 2, lastError: 'Error: locked' }),
        aWebhookEvent({ id: 'e2', eventId: 'evt_2' }),
      ],
      nextCursor: null,
    });
    await settle();
    expect(text('webhook-status', event('e1'))).toBe('Failed');

    (q('webhook-replay', event('e1')) as HTMLButtonElement).click();
    await settle();
    http
      .expectOne('/api/admin/webhook-events/e1/replay')
      .flush({ event: aWebhookEvent({ id: 'e1', status: 'processed', attempts: 3 }), outcome: 'processed' });
    await settle();

    expect(events().map((e) => e.dataset['webhookId'])).toEqual(['e1', 'e2']);
    expect(text('webhook-status', event('e1'))).toBe('Processed');
    expect(text('webhook-attempts', event('e1'))).toBe('3');
    expect(text('webhook-error', event('e1'))).toBe('—');
    expect(text('webhook-replay-outcome', event('e1'))).toBe('Replayed: processed.');
    expect(q('webhook-replay-outcome', event('e2'))).toBeNull();
  });

  it('when the URL names an inbox id, then that event is read on its own and opened with its payload', async () => {
    await open('/admin/webhooks?id=e7');
    http
      .expectOne('/api/admin/webhook-events/e7')
      .flush(aWebhookEvent({ id: 'e7', status: 'failed', lastError: 'Error: whole stack here' }));
    await settle();
    expect(q('webhook-single')).not.toBeNull();
    expect(events().length).toBe(1);
    expect(q('webhook-payload')?.textContent).toContain('"checkout.session.completed"');
    expect(text('webhook-last-error')).toBe('Error: whole stack here');
    http.expectNone((r) => r.url === '/api/admin/webhook-events');

    q('show-all-events')!.click();
    await settle();
    expect(url()).toBe('/admin/webhooks');
    http.expectOne(inbox({})).flush({ items: [aWebhookEvent({ id: 'e1' })], nextCursor: null });
    await settle();
    expect(events().map((e) => e.dataset['webhookId'])).toEqual(['e1']);
  });

  it('when the inbox id is unknown, then the API message shows with "Try again"', async () => {
    await open('/admin/webhooks?id=nope');
    http
      .expectOne('/api/admin/webhook-events/nope')
      .flush(
        { error: { code: 'not_found', message: 'Webhook event not found' } },
        { status: 404, statusText: 'Not Found' },
      );
    await settle();
    expect(text('error-alert')).toContain('Webhook event not found');
    q('error-alert')!.querySelector('button')!.click();
    await settle();
    http.expectOne('/api/admin/webhook-events/nope').flush(aWebhookEvent({ id: 'nope' }));
    await settle();
    expect(events().length).toBe(1);
  });

  it("when the URL names the provider's event id, then the inbox is asked for that event", async () => {
    await open('/admin/webhooks?eventId=evt_2');
    http
      .expectOne(inbox({ eventId: 'evt_2' }))
      .flush({ items: [aWebhookEvent({ id: 'e2', eventId: 'evt_2' })], nextCursor: null });
    await settle();
    expect(events().map((e) => e.dataset['providerEventId'])).toEqual(['evt_2']);
    expect(text('webhook-event-id-filter')).toContain('evt_2');
  });

  it("when no event has the provider's event id, then it says so and offers every event", async () => {
    await open('/admin/webhooks?eventId=WH-9');
    http.expectOne(inbox({ eventId: 'WH-9' })).flush({ items: [], nextCursor: null });
    await settle();
    expect(text('webhook-events-empty')).toBe('No event with this id.');
    q('show-all-events')!.click();
    await settle();
    http.expectOne(inbox({})).flush({ items: [aWebhookEvent({ id: 'e1' })], nextCursor: null });
    await settle();
    expect(events().map((e) => e.dataset['webhookId'])).toEqual(['e1']);
  });

  it('when the list cannot be read, then the API message shows and "Try again" reads it again', async () => {
    await open('/admin/webhooks');
    http
      .expectOne(inbox({}))
      .flush(
        { error: { code: 'validation_failed', message: 'Invalid query' } },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    expect(text('error-alert')).toContain('Invalid query');
    q('error-alert')!.querySelector('button')!.click();
    await settle();
    http.expectOne(inbox({})).flush({ items: [aWebhookEvent()], nextCursor: null });
    await settle();
    expect(events().length).toBe(1);
  });
});
