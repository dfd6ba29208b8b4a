import { TestBed } from '@angular/core/testing';
import { WebhookEventDetail } from './webhook-event-detail';
import { aWebhookEvent } from './webhook-fixtures';

describe('WebhookEventDetail', () => {
  async function render(event = aWebhookEvent()): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(WebhookEventDetail);
    fixture.componentRef.setInput('event', event);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }
  const q = (root: HTMLElement, testId: string) => root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

  it('when shown, then the payload is pretty-printed JSON in a <pre>, with the ids and subjects', async () => {
    const el = await render();
    const pre = q(el, 'webhook-payload')!;
    expect(pre.tagName).toBe('PRE');
    expect(pre.textContent).toBe(
      '{\n  "id": "evt_1",\n  "type": "checkout.session.completed",\n  "data": {\n    "object": {\n      "id": "cs_test_1"\n    }\n  }\n}',
    );
    expect(q(el, 'webhook-provider-event-id')?.textContent).toBe('evt_1');
    expect(q(el, 'webhook-subjects')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('p1, cs_test_1');
    expect(q(el, 'webhook-last-error')).toBeNull();
  });

  it('when the event failed, then its whole last error is shown', async () => {
    const error = `Error: refund r1 not found\n    at apply (handlers.ts:42)\n${'detail '.repeat(30)}`;
    const el = await render(aWebhookEvent({ status: 'failed', lastError: error }));
    expect(q(el, 'webhook-last-error')?.textContent).toBe(error);
  });
});
