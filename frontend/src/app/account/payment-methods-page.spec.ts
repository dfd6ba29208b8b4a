import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { InteractivityChecker } from '@angular/cdk/a11y';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import { ExternalNavigation } from '../core/browser/external-navigation';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';
import { PaymentMethodsPage } from './payment-methods-page';
import { aCard, aPaypalWallet } from '../testing/fixtures';

describe('PaymentMethodsPage', () => {
  let fixture: ComponentFixture<PaymentMethodsPage>;
  let http: HttpTestingController;
  let goTo: ReturnType<typeof vi.fn<(url: string) => void>>;
  let navigate: ReturnType<typeof vi.fn<Router['navigate']>>;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string, root: ParentNode = el()) =>
    root.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;
  const text = (testId: string, root: ParentNode = el()) => q(testId, root)?.textContent?.replace(/\s+/g, ' ').trim();
  const rows = () => Array.from(el().querySelectorAll<HTMLElement>('[data-testid="payment-method"]'));
  const row = (id: string) =>
    el().querySelector<HTMLElement>(`[data-testid="payment-method"][data-method-id="${id}"]`)!;
  const button = (testId: string, root: ParentNode = el()) => q(testId, root) as HTMLButtonElement;
  const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
  const list = (refresh: boolean) => (req: HttpRequest<unknown>) =>
    req.method === 'GET' && req.url === '/api/payment-methods' && req.params.has('refresh') === refresh;

  const DEFAULT_CARD = aCard({ id: 'pm-a', isDefault: true, label: 'Visa •••• 4242' });
  const OTHER_CARD = aCard({
    id: 'pm-b',
    brand: 'mastercard',
    last4: '4444',
    expMonth: 3,
    expYear: 2030,
    label: 'Mastercard •••• 4444',
  });
  const WALLET = aPaypalWallet({ id: 'pm-p', isDefault: true });

  /** Opens the page with the return's query params (none: a plain visit). */
  async function open(params: Record<string, string> = {}): Promise<void> {
    fixture = TestBed.createComponent(PaymentMethodsPage);
    for (const [key, value] of Object.entries(params)) fixture.componentRef.setInput(key, value);
    await fixture.whenStable();
  }

  async function openWith(methods: PaymentMethod[]): Promise<void> {
    await open();
    http.expectOne(list(false)).flush({ items: methods });
    await fixture.whenStable();
  }

  /** Like a person's click, which focuses the button too (jsdom's click() does not). */
  async function click(target: HTMLElement): Promise<void> {
    target.focus();
    target.click();
    await fixture.whenStable();
  }

  beforeEach(() => {
    goTo = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ExternalNavigation, useValue: { goTo } },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        // jsdom lays nothing out, so the dialog's focus trap would find no visible element to focus.
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
    navigate = vi.fn<Router['navigate']>().mockResolvedValue(true);
    TestBed.inject(Router).navigate = navigate;
  });

  afterEach(() => {
    try {
      http.verify();
    } finally {
      // A throwing hook skips the later ones, Angular's module reset among them, and every test after
      // this one would then fail too: reset here, so a failure is reported once.
      TestBed.resetTestingModule();
    }
  });

  describe('the list', () => {
    it('shows loading, then the cards under Stripe and the PayPal accounts under PayPal, each group with its own default', async () => {
      await open();
      expect(text('loading')).toBe('Loading your payment methods…');
      http.expectOne(list(false)).flush({ items: [WALLET, OTHER_CARD, DEFAULT_CARD] });
      await fixture.whenStable();

      const [cards, paypal] = Array.from(el().querySelectorAll<HTMLElement>('[data-testid="method-group"]'));
      expect(cards.querySelector('h2')?.textContent).toBe('Cards');
      expect(cards.textContent).toContain('Saved with Stripe');
      expect(paypal.querySelector('h2')?.textContent).toBe('PayPal');
      const idsIn = (group: HTMLElement) =>
        Array.from(group.querySelectorAll('[data-testid="payment-method"]'), (r) => r.getAttribute('data-method-id'));
      expect(idsIn(cards)).toEqual(['pm-b', 'pm-a']);
      expect(idsIn(paypal)).toEqual(['pm-p']);
      expect(cards.getAttribute('aria-labelledby')).toBe(cards.querySelector('h2')?.id);

      const visa = row('pm-a');
      expect(text('method-label', visa)).toBe('Visa •••• 4242');
      expect(text('method-expiry', visa)).toBe('Expires 12/2034');
      expect(text('method-default', visa)).toBe('Default');
      expect(q('make-default', visa)).toBeNull();
      expect(q('method-brand', visa)?.getAttribute('data-brand')).toBe('visa');
      expect(q('method-brand', visa)?.getAttribute('aria-hidden')).toBe('true');

      const mastercard = row('pm-b');
      expect(text('method-expiry', mastercard)).toBe('Expires 03/2030');
      expect(q('method-default', mastercard)).toBeNull();
      expect(q('method-brand', mastercard)?.getAttribute('data-brand')).toBe('mastercard');
      expect(text('make-default', mastercard)).toBe('Make default: Mastercard •••• 4444');

      const wallet = row('pm-p');
      expect(text('method-label', wallet)).toBe('PayPal (ana@example.com)');
      expect(q('method-expiry', wallet)).toBeNull();
      expect(text('method-default', wallet)).toBe('Default');
      expect(q('method-brand', wallet)?.getAttribute('data-brand')).toBe('paypal');
      expect(el().querySelectorAll('[data-testid="method-default"]').length).toBe(2);
      expect(q('payment-methods-empty')).toBeNull();
    });

    it('when a card has expired, then it says so next to its expiry and is not offered as the default', async () => {
      await openWith([aCard({ expMonth: 1, expYear: 2020, expired: true })]);
      expect(text('method-expiry')).toBe('Expires 01/2020');
      expect(text('method-expired')).toBe('Expired');
      expect(q('make-default')).toBeNull();
      expect(q('remove-method')).not.toBeNull();
    });

    it('when the network is one we draw no badge for, then the card gets the plain card badge', async () => {
      await openWith([aCard({ id: 'pm-d', brand: 'diners', label: 'Diners •••• 0004' }), aCard({ brand: 'amex' })]);
      expect(q('method-brand', row('pm-d'))?.getAttribute('data-brand')).toBe('card');
      expect(q('method-brand', row('pm-card-1'))?.getAttribute('data-brand')).toBe('amex');
      // The badge is real SVG, drawn in the SVG namespace (not unknown HTML elements).
      expect(q('method-brand', row('pm-d'))?.querySelector('rect')?.namespaceURI).toBe('http://www.w3.org/2000/svg');
    });

    it('when nothing is saved, then it says so and offers both ways to add one', async () => {
      await openWith([]);
      expect(text('payment-methods-empty')).toContain('No saved payment methods yet.');
      expect(rows().length).toBe(0);
      expect(text('add-stripe')).toBe('Add card');
      expect(text('add-paypal')).toBe('Add PayPal');
      expect(q('group-empty-stripe')).toBeNull();
    });

    it('when only one provider has methods, then the other group says it has none', async () => {
      await openWith([WALLET]);
      expect(text('group-empty-stripe')).toBe('No saved cards.');
      expect(q('group-empty-paypal')).toBeNull();
      expect(q('payment-methods-empty')).toBeNull();
    });

    it('when loading fails, then it shows the message and "Try again" reads the list again', async () => {
      await open();
      http
        .expectOne(list(false))
        .flush({ error: { code: 'internal', message: 'Try later' } }, { status: 500, statusText: 'Error' });
      await fixture.whenStable();
      const alert = el().querySelector('[role="alert"]')!;
      expect(alert.textContent).toContain('Try later');
      await click(alert.querySelector('button')!);
      expect(q('loading')).not.toBeNull();
      http.expectOne(list(false)).flush({ items: [DEFAULT_CARD] });
      await fixture.whenStable();
      expect(rows().length).toBe(1);
    });
  });

  describe('adding a method', () => {
    it('when "Add card" is pressed, then it starts a Stripe setup with every button held, and sends the browser to its page', async () => {
      await openWith([OTHER_CARD]);
      await click(button('add-stripe'));

      const req = http.expectOne('/api/payment-methods/setup');
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({ provider: 'stripe' });
      expect(text('add-stripe')).toBe('Opening Stripe…');
      expect(button('add-stripe').disabled).toBe(true);
      expect(button('add-paypal').disabled).toBe(true);
      expect(button('make-default').disabled).toBe(true);
      expect(button('remove-method').disabled).toBe(true);

      req.flush(
        { setupId: 'set_1', provider: 'stripe', setupUrl: 'http://localhost:12111/c/pay/cs_test_setup' },
        { status: 201, statusText: 'Created' },
      );
      await fixture.whenStable();
      expect(goTo).toHaveBeenCalledExactlyOnceWith('http://localhost:12111/c/pay/cs_test_setup');
      expect(button('add-paypal').disabled).toBe(true);
    });

    it('when starting a PayPal setup fails, then it says why and the buttons work again', async () => {
      await openWith([]);
      await click(button('add-paypal'));
      const req = http.expectOne('/api/payment-methods/setup');
      expect(req.request.body).toEqual({ provider: 'paypal' });
      req.flush(
        { error: { code: 'provider_unavailable', message: 'PayPal is not answering. Try again.' } },
        { status: 502, statusText: 'Bad Gateway' },
      );
      await fixture.whenStable();
      expect(goTo).not.toHaveBeenCalled();
      expect(el().querySelector('[role="alert"]')?.textContent).toContain('PayPal is not answering. Try again.');
      expect(button('add-paypal').disabled).toBe(false);
      expect(text('add-paypal')).toBe('Add PayPal');
    });
  });

  describe('coming back from the provider', () => {
    it('when the setup was finished, then it completes it, says what was saved, cleans the address and reads the list from the providers', async () => {
      await open({ setup: 'set_1' });
      expect(text('loading')).toBe('Saving your payment method…');
      http.expectNone(list(false));
      const complete = http.expectOne('/api/payment-methods/setup/set_1/complete');
      expect(complete.request.method).toBe('POST');
      expect(complete.request.body).toEqual({});
      complete.flush({ method: DEFAULT_CARD });
      await fixture.whenStable();

      expect(text('payment-methods-notice')).toBe('Visa •••• 4242 saved.');
      expect(q('payment-methods-notice')?.getAttribute('role')).toBe('status');
      expect(navigate).toHaveBeenCalledExactlyOnceWith([], {
        relativeTo: expect.anything(),
        queryParams: {},
        replaceUrl: true,
      });
      http.expectOne(list(true)).flush({ items: [DEFAULT_CARD] });
      await fixture.whenStable();
      expect(rows().map((r) => r.getAttribute('data-method-id'))).toEqual(['pm-a']);
    });

    it.each([
      ['setup_not_completed', 'You did not finish adding the method; nothing was saved.', 'status'],
      ['setup_expired', 'That setup expired; try again.', 'alert'],
    ])('when completing answers 409 %s, then it says "%s"', async (code, message, role) => {
      await open({ setup: 'set_1' });
      http
        .expectOne('/api/payment-methods/setup/set_1/complete')
        .flush({ error: { code, message: 'raw API text' } }, { status: 409, statusText: 'Conflict' });
      await fixture.whenStable();
      expect(text('payment-methods-notice')).toBe(message);
      expect(q('payment-methods-notice')?.getAttribute('role')).toBe(role);
      expect(navigate).toHaveBeenCalledOnce();
      http.expectOne(list(true)).flush({ items: [] });
      await fixture.whenStable();
      expect(q('payment-methods-empty')).not.toBeNull();
    });

    it('when the setup is not known, then it says nothing was saved', async () => {
      await open({ setup: 'set_x' });
      http
        .expectOne('/api/payment-methods/setup/set_x/complete')
        .flush({ error: { code: 'not_found', message: 'Not found' } }, { status: 404, statusText: 'Not Found' });
      await fixture.whenStable();
      expect(text('payment-methods-notice')).toContain("We couldn't find that setup; nothing was saved.");
      http.expectOne(list(true)).flush({ items: [] });
    });

    it('when the student canceled on the provider page, then nothing is completed and it says nothing was saved', async () => {
      await open({ setup: 'set_1', canceled: 'true' });
      http.expectNone('/api/payment-methods/setup/set_1/complete');
      expect(text('payment-methods-notice')).toBe('Canceled; nothing was saved.');
      expect(navigate).toHaveBeenCalledOnce();
      http.expectOne(list(true)).flush({ items: [OTHER_CARD] });
      await fixture.whenStable();
      expect(rows().length).toBe(1);
    });
  });

  describe('making a method the default', () => {
    it('when "Make default" is pressed, then the badge moves to that card, and the PayPal default stays', async () => {
      await openWith([OTHER_CARD, DEFAULT_CARD, WALLET]);
      await click(button('make-default', row('pm-b')));

      const req = http.expectOne('/api/payment-methods/pm-b/default');
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({});
      expect(text('make-default', row('pm-b'))).toContain('Saving…');
      expect(button('remove-method', row('pm-p')).disabled).toBe(true);
      expect(button('add-stripe').disabled).toBe(true);

      req.flush({ ...OTHER_CARD, isDefault: true });
      await fixture.whenStable();
      expect(text('method-default', row('pm-b'))).toBe('Default');
      expect(q('method-default', row('pm-a'))).toBeNull();
      expect(q('make-default', row('pm-a'))).not.toBeNull();
      expect(text('method-default', row('pm-p'))).toBe('Default');
      expect(text('payment-methods-notice')).toBe('Mastercard •••• 4444 is now your default card.');
      expect(button('remove-method', row('pm-p')).disabled).toBe(false);
    });

    it('when the request fails, then it says why and nothing moves', async () => {
      await openWith([OTHER_CARD, DEFAULT_CARD]);
      await click(button('make-default', row('pm-b')));
      http.expectOne('/api/payment-methods/pm-b/default').flush(null, { status: 503, statusText: 'Unavailable' });
      await fixture.whenStable();
      expect(el().querySelector('[role="alert"]')?.textContent).toContain('HTTP 503');
      expect(text('method-default', row('pm-a'))).toBe('Default');
      expect(button('make-default', row('pm-b')).disabled).toBe(false);
    });
  });

  describe('removing a method', () => {
    /** Presses the row's "Remove" and gives the dialog that asks. */
    async function askToRemove(id: string): Promise<HTMLElement> {
      await click(button('remove-method', row(id)));
      const opened = dialog();
      expect(opened).not.toBeNull();
      return opened!;
    }

    it('asks first in a modal dialog naming the method, with focus inside it, and removes it once confirmed', async () => {
      await openWith([OTHER_CARD, DEFAULT_CARD]);
      const asked = await askToRemove('pm-b');
      expect(asked.getAttribute('role')).toBe('dialog');
      // Modal: the page behind it is hidden from assistive technology while it is open.
      expect(el().closest('[aria-hidden="true"]')).not.toBeNull();
      const title = asked.querySelector('h2')!;
      expect(title.textContent?.trim()).toBe('Remove Mastercard •••• 4444?');
      expect(asked.getAttribute('aria-labelledby')).toBe(title.id);
      expect(text('remove-confirm-text', asked)).toContain('no longer be offered when you pay with Stripe');
      // Focus moves into the dialog, onto the harmless choice.
      expect(document.activeElement).toBe(q('keep-method', asked));
      http.expectNone('/api/payment-methods/pm-b');

      await click(button('confirm-remove', asked));
      expect(dialog()).toBeNull();
      const req = http.expectOne('/api/payment-methods/pm-b');
      expect(req.request.method).toBe('DELETE');
      expect(text('remove-method', row('pm-b'))).toContain('Removing…');
      expect(button('remove-method', row('pm-a')).disabled).toBe(true);

      req.flush(null, { status: 204, statusText: 'No Content' });
      await fixture.whenStable();
      expect(rows().map((r) => r.getAttribute('data-method-id'))).toEqual(['pm-a']);
      expect(text('payment-methods-notice')).toBe('Mastercard •••• 4444 removed.');
      // Its buttons are gone: focus lands on the message saying what happened.
      expect(document.activeElement).toBe(q('notice-box'));
    });

    it('when Escape is pressed in the dialog, then it closes and nothing is removed', async () => {
      await openWith([OTHER_CARD]);
      const asked = await askToRemove('pm-b');
      document.activeElement!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', keyCode: 27, bubbles: true }),
      );
      await fixture.whenStable();
      expect(dialog()).toBeNull();
      expect(asked.isConnected).toBe(false);
      http.expectNone('/api/payment-methods/pm-b');
      expect(rows().length).toBe(1);
      // Focus goes back to the button that opened it.
      expect(document.activeElement).toBe(q('remove-method', row('pm-b')));
    });

    it('when "Keep" is pressed, then nothing is removed', async () => {
      await openWith([WALLET]);
      const asked = await askToRemove('pm-p');
      expect(asked.querySelector('h2')?.textContent?.trim()).toBe('Remove PayPal (ana@example.com)?');
      expect(text('remove-confirm-text', asked)).toContain('when you pay with PayPal');
      await click(button('keep-method', asked));
      expect(dialog()).toBeNull();
      http.expectNone('/api/payment-methods/pm-p');
      expect(rows().length).toBe(1);
    });

    it('when the card pays an active subscription (409 method_in_use), then it shows that refusal and keeps the card', async () => {
      await openWith([DEFAULT_CARD]);
      await click(button('confirm-remove', await askToRemove('pm-a')));
      http.expectOne('/api/payment-methods/pm-a').flush(
        {
          error: {
            code: 'method_in_use',
            message: 'This card pays your active subscription; add another card before removing it',
          },
        },
        { status: 409, statusText: 'Conflict' },
      );
      await fixture.whenStable();
      const notice = q('payment-methods-notice')!;
      expect(notice.getAttribute('role')).toBe('alert');
      expect(notice.textContent).toContain(
        'This card pays your active subscription; add another card before removing it',
      );
      expect(rows().length).toBe(1);
      expect(button('remove-method', row('pm-a')).disabled).toBe(false);
      expect(text('remove-method', row('pm-a'))).toContain('Remove');
    });

    it('when the method was already removed (404), then it drops it from the list and says so', async () => {
      await openWith([OTHER_CARD, DEFAULT_CARD]);
      await click(button('confirm-remove', await askToRemove('pm-b')));
      http
        .expectOne('/api/payment-methods/pm-b')
        .flush({ error: { code: 'not_found', message: 'Not found' } }, { status: 404, statusText: 'Not Found' });
      await fixture.whenStable();
      expect(rows().map((r) => r.getAttribute('data-method-id'))).toEqual(['pm-a']);
      expect(text('payment-methods-notice')).toBe('Mastercard •••• 4444 is no longer saved.');
    });
  });
});
