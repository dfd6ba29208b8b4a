import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AdminWebhookEvent } from '../admin-models';
import { WebhookEventRows } from './webhook-event-rows';
import { aWebhookEvent } from './webhook-fixtures';

@Component({
  imports: [WebhookEventRows],
  template: `<table>
    <tbody
      app-webhook-event-rows
      [event]="event()"
      [initiallyExpanded]="expanded"
      (replayed)="replayed.push($event)"
    ></tbody>
  </table>`,
})
class Host {
  readonly event = signal(aWebhookEvent({ status: 'failed', attempts: 3, lastError: 'Error: payment p1 is locked' }));
  expanded = false;
  readonly replayed: AdminWebhookEvent[] = [];
}

describe('WebhookEventRows', () => {
  let fixture: ComponentFixture<Host>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string) => q(testId)?.textContent?.replace(/\s+/g, ' ').trim();
  const replayButton = () => q('webhook-replay') as HTMLButtonElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('when shown, then the row has received time, provider, type, status, attempts and the error excerpt', () => {
    const row = q('webhook-row')!;
    expect(row.textContent).toContain('Mar 1, 2026');
    expect(row.textContent).toContain('Stripe');
    expect(text('webhook-type')).toBe('checkout.session.completed');
    expect(text('webhook-status')).toBe('Failed');
    expect(text('webhook-attempts')).toBe('3');
    expect(text('webhook-error')).toBe('Error: payment p1 is locked');
    expect(q('webhook-event')?.dataset['providerEventId']).toBe('evt_1');
  });

  it('when "Details" is pressed, then the detail row opens with the payload, and pressing again closes it', async () => {
    const toggle = q('webhook-details-toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(q('webhook-detail')).toBeNull();
    toggle.click();
    await fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(q('webhook-payload')?.textContent).toContain('"cs_test_1"');
    expect(el().querySelector(`#${toggle.getAttribute('aria-controls')}`)).not.toBeNull();
    toggle.click();
    await fixture.whenStable();
    expect(q('webhook-detail')).toBeNull();
  });

  it('when a replay runs, then its button is disabled until the answer, which replaces the event and says how it went', async () => {
    replayButton().click();
    await fixture.whenStable();
    expect(replayButton().disabled).toBe(true);
    expect(replayButton().textContent?.trim()).toBe('Replaying…');
    replayButton().click();

    const req = http.expectOne('/api/admin/webhook-events/e1/replay');
    expect(req.request.method).toBe('POST');
    const processed = aWebhookEvent({ status: 'processed', attempts: 4 });
    req.flush({ event: processed, outcome: 'processed' });
    await fixture.whenStable();

    expect(fixture.componentInstance.replayed).toEqual([processed]);
    expect(replayButton().disabled).toBe(false);
    expect(text('webhook-replay-outcome')).toBe('Replayed: processed.');
    expect(q('webhook-replay-outcome')?.getAttribute('role')).toBe('status');
  });

  it('when the replay fails, then the outcome shows the error the event now carries', async () => {
    replayButton().click();
    http.expectOne('/api/admin/webhook-events/e1/replay').flush({
      event: aWebhookEvent({ status: 'failed', attempts: 4, lastError: 'Error: refund r9 not found' }),
      outcome: 'failed',
    });
    await fixture.whenStable();
    const outcome = q('webhook-replay-outcome')!;
    expect(outcome.getAttribute('role')).toBe('alert');
    expect(outcome.dataset['outcome']).toBe('failed');
    expect(text('webhook-replay-outcome')).toBe('Replay failed. Error: refund r9 not found');
  });

  it('when the replay request itself is refused, then the API message is shown and the event stays', async () => {
    replayButton().click();
    http
      .expectOne('/api/admin/webhook-events/e1/replay')
      .flush(
        { error: { code: 'not_found', message: 'Webhook event not found' } },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(text('webhook-replay-outcome')).toBe('Replay not run: Webhook event not found');
    expect(fixture.componentInstance.replayed).toEqual([]);
    expect(replayButton().disabled).toBe(false);
  });
});
