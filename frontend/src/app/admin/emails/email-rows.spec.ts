import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { InteractivityChecker } from '@angular/cdk/a11y';
import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { AdminEmail } from './email-models';
import { EmailRows } from './email-rows';
import { anEmail } from './email-fixtures';

@Component({
  imports: [EmailRows],
  template: `<table>
    <tbody app-email-rows [email]="email()" (changed)="changed.push($event)"></tbody>
  </table>`,
})
class Host {
  readonly email = signal(anEmail());
  readonly changed: AdminEmail[] = [];
}

describe('EmailRows', () => {
  let fixture: ComponentFixture<Host>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = <T extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = el()) =>
    root.querySelector<T>(`[data-testid="${testId}"]`);
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
  const resendButton = () => q<HTMLButtonElement>('email-resend')!;

  /** The dialog reports how it closed a task after it closes. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function show(email: AdminEmail): Promise<void> {
    fixture.componentInstance.email.set(email);
    await fixture.whenStable();
  }

  /** Presses "Resend" and answers the confirmation. */
  async function resend(answer: 'resend-confirm' | 'resend-cancel'): Promise<void> {
    resendButton().click();
    await fixture.whenStable();
    q<HTMLButtonElement>(answer, dialog()!)!.click();
    await settle();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
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
    fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
  });

  afterEach(() => {
    try {
      http.verify();
    } finally {
      TestBed.inject(MatDialog).closeAll();
      TestBed.resetTestingModule();
    }
  });

  it('when shown, then the row has the created time, kind and status in words, recipient, subject, attempts and the error excerpt', async () => {
    const error = `Error: 421 too many connections from this host, try again later\n    at ${'x'.repeat(80)}`;
    await show(anEmail({ kind: 'refund_confirmation', status: 'failed', attempts: 5, lastError: error }));
    expect(text('email-created')).toContain('Mar 1, 2026');
    expect(text('email-kind')).toBe('Refund confirmation');
    expect(text('email-recipient')).toBe('ana@example.com');
    expect(text('email-subject')).toBe('Your receipt for Angular Payments');
    expect(text('email-status')).toBe('Failed');
    expect(q('email-status')?.classList).toContain('tone-bad');
    expect(text('email-attempts')).toBe('5');
    expect(text('email-error')).toHaveLength(80);
    expect(text('email-error')!.startsWith('Error: 421 too many connections from this host')).toBe(true);
    expect(q('email-error')?.querySelector('span')?.getAttribute('title')).toBe(error);
    expect(q('email')?.dataset['emailId']).toBe('m1');
  });

  it('when admin mail has no address yet, then the recipient says it goes to the admin address', async () => {
    await show(anEmail({ kind: 'admin_digest', to: null, subject: null, status: 'skipped', userId: null }));
    expect(text('email-kind')).toBe('Daily digest');
    expect(text('email-recipient')).toBe('Admin address');
    expect(text('email-subject')).toBe('No subject yet');
    expect(text('email-status')).toBe('Skipped');
  });

  it('when "Details" is pressed, then the detail row opens with the whole error, and pressing again closes it', async () => {
    await show(anEmail({ status: 'failed', lastError: 'Error: 550 mailbox unavailable\n  at line 2' }));
    const toggle = q<HTMLButtonElement>('email-details-toggle')!;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(q('email-detail')).toBeNull();
    toggle.click();
    await fixture.whenStable();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent?.trim()).toBe('Hide details');
    expect(q('email-last-error')?.textContent).toBe('Error: 550 mailbox unavailable\n  at line 2');
    expect(el().querySelector(`#${toggle.getAttribute('aria-controls')}`)).not.toBeNull();
    toggle.click();
    await fixture.whenStable();
    expect(q('email-detail')).toBeNull();
  });

  it('when "Resend" is confirmed, then the question names the email and its address, and the answer replaces the row', async () => {
    await show(anEmail({ status: 'failed', attempts: 5, lastError: 'Error: timeout' }));
    resendButton().click();
    await fixture.whenStable();
    expect(text('resend-question', dialog()!)).toBe('Send the purchase receipt to ana@example.com again?');
    q<HTMLButtonElement>('resend-confirm', dialog()!)!.click();
    await settle();

    expect(resendButton().getAttribute('aria-disabled')).toBe('true');
    expect(resendButton().textContent?.trim()).toBe('Resending…');
    resendButton().click();
    await fixture.whenStable();
    expect(dialog()).toBeNull();
    const req = http.expectOne('/api/admin/emails/m1/resend');
    expect(req.request.method).toBe('POST');
    const queued = anEmail({ status: 'queued', attempts: 0, resends: 1, lastError: null });
    req.flush({ email: queued });
    await fixture.whenStable();

    expect(fixture.componentInstance.changed).toEqual([queued]);
    expect(text('email-resend-outcome')).toBe('Queued to be sent again.');
    expect(q('email-resend-outcome')?.getAttribute('role')).toBe('status');
  });

  it('when the confirmation is canceled, then nothing is sent', async () => {
    await resend('resend-cancel');
    http.expectNone('/api/admin/emails/m1/resend');
    expect(fixture.componentInstance.changed).toEqual([]);
    expect(q('email-resend-outcome')).toBeNull();
  });

  it('when the API answers 409 (it is in flight already), then its message shows and the email is read again', async () => {
    await resend('resend-confirm');
    http
      .expectOne('/api/admin/emails/m1/resend')
      .flush(
        { error: { code: 'email_in_flight', message: 'This email is queued already; wait until it is sent or fails' } },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(text('email-resend-outcome')).toBe(
      'Not resent: This email is queued already; wait until it is sent or fails',
    );
    expect(q('email-resend-outcome')?.getAttribute('role')).toBe('alert');
    const current = anEmail({ status: 'queued', attempts: 0, resends: 1 });
    http.expectOne('/api/admin/emails/m1').flush(current);
    expect(fixture.componentInstance.changed).toEqual([current]);
    expect(resendButton().getAttribute('aria-disabled')).not.toBe('true');
  });

  it('when the email is not found (404), then its message shows and nothing else is read', async () => {
    await resend('resend-confirm');
    http
      .expectOne('/api/admin/emails/m1/resend')
      .flush({ error: { code: 'not_found', message: 'Email not found' } }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(text('email-resend-outcome')).toBe('Not resent: Email not found');
    http.expectNone('/api/admin/emails/m1');
  });

  it.each([
    ['queued', 'Queued: it goes out shortly.'],
    ['sending', 'Being sent right now.'],
    ['retrying', 'An attempt failed; it will be tried again.'],
  ] as const)(
    'when the email is %s, then "Resend" is disabled with the reason and opens nothing',
    async (status, reason) => {
      await show(anEmail({ status }));
      expect(resendButton().getAttribute('aria-disabled')).toBe('true');
      expect(text('email-resend-blocked')).toBe(reason);
      expect(resendButton().getAttribute('aria-describedby')).toBe(q('email-resend-blocked')?.id);
      resendButton().click();
      await fixture.whenStable();
      expect(dialog()).toBeNull();
    },
  );

  it.each(['sent', 'failed', 'skipped'] as const)('when the email is %s, then it can be resent', async (status) => {
    await show(anEmail({ status }));
    expect(resendButton().getAttribute('aria-disabled')).not.toBe('true');
    expect(q('email-resend-blocked')).toBeNull();
  });
});
