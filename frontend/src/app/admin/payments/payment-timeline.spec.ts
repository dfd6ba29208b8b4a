import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FileSave } from '../../core/browser/file-save';
import { aTimelineEntry } from '../../testing/admin-fixtures';
import { PaymentTimeline } from './payment-timeline';

describe('PaymentTimeline', () => {
  let fixture: ComponentFixture<PaymentTimeline>;
  let save: ReturnType<typeof vi.fn<(blob: Blob, fileName: string) => void>>;
  const entries = () => Array.from((fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('li'));
  const part = (entry: HTMLElement, testId: string) =>
    entry.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

  beforeEach(() => {
    save = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: FileSave, useValue: { save } },
      ],
    });
    fixture = TestBed.createComponent(PaymentTimeline);
  });

  it('when entries are given, then each shows its kind, time, title, amount, status and actor, in order', async () => {
    fixture.componentRef.setInput('entries', [
      aTimelineEntry(),
      aTimelineEntry({
        at: '2026-03-02T09:00:00.000Z',
        kind: 'refund',
        title: 'Refund of €12.50 requested',
        amount: { amount: 1250, currency: 'EUR' },
        status: 'requires_action',
        actor: { kind: 'admin', userId: 'a1', email: 'admin@example.com' },
      }),
      aTimelineEntry({ kind: 'access', title: 'Enrollment revoked', amount: null, actor: null, status: 'revoked' }),
    ]);
    await fixture.whenStable();
    const [checkout, refund, access] = entries();
    expect(part(checkout, 'entry-kind')).toBe('Checkout');
    expect(part(checkout, 'entry-title')).toBe('Checkout started with Stripe');
    expect(part(checkout, 'entry-time')).toContain('Mar 1, 2026');
    expect(checkout.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-01T10:00:00.000Z');
    expect(part(checkout, 'entry-actor')).toBe('by Student · student@example.com');
    expect(part(refund, 'entry-kind')).toBe('Refund');
    expect(part(refund, 'entry-amount')).toBe('€12.50');
    expect(part(refund, 'entry-status')).toBe('requires action');
    expect(part(refund, 'entry-actor')).toBe('by Admin · admin@example.com');
    expect(part(access, 'entry-kind')).toBe('Access');
    expect(part(access, 'entry-amount')).toBeUndefined();
    expect(part(access, 'entry-actor')).toBeUndefined();
    // The mark is decoration: the kind is read out as words.
    expect(checkout.querySelector('.mark')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('when an entry is a provider event, then it links to its inbox row, or else to the inbox on its event id or type', async () => {
    fixture.componentRef.setInput('entries', [
      aTimelineEntry({
        kind: 'provider_event',
        title: 'charge.refunded',
        data: { eventId: 'evt_123' },
        links: { webhookEventId: 'w1' },
      }),
      aTimelineEntry({ kind: 'provider_event', title: 'charge.succeeded', data: { eventId: 'evt_124' } }),
      aTimelineEntry({ kind: 'provider_event', title: 'PAYMENT.CAPTURE.REFUNDED', data: {} }),
      aTimelineEntry({ kind: 'state_change', title: 'completed' }),
    ]);
    await fixture.whenStable();
    const links = entries().map(
      (e) => e.querySelector('[data-testid="entry-inbox-link"]')?.getAttribute('href') ?? null,
    );
    expect(links).toEqual([
      '/admin/webhooks?id=w1',
      '/admin/webhooks?eventId=evt_124',
      '/admin/webhooks?type=PAYMENT.CAPTURE.REFUNDED',
      null,
    ]);
  });

  it("when an entry is an issued document of the payment's, then it offers the PDF", async () => {
    fixture.componentRef.setInput('entries', [
      aTimelineEntry({ kind: 'document', title: 'Credit note CN-2026-000007 issued', links: { documentId: 'd2' } }),
      aTimelineEntry({ kind: 'document', title: 'Unknown document', links: { documentId: 'd9' } }),
    ]);
    fixture.componentRef.setInput('documents', [
      { id: 'd2', number: 'CN-2026-000007', downloadUrl: '/api/invoices/documents/d2' },
    ]);
    await fixture.whenStable();
    const [known, unknown] = entries();
    expect(unknown.querySelector('[data-testid="entry-document"]')).toBeNull();
    known.querySelector<HTMLButtonElement>('[data-testid="entry-document"] button')!.click();
    const pdf = new Blob(['%PDF'], { type: 'application/pdf' });
    TestBed.inject(HttpTestingController).expectOne('/api/invoices/documents/d2').flush(pdf);
    await fixture.whenStable();
    expect(save).toHaveBeenCalledExactlyOnceWith(pdf, 'CN-2026-000007.pdf');
  });

  it('when nothing is recorded, then it says so', async () => {
    fixture.componentRef.setInput('entries', []);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Nothing recorded yet.');
  });
});
