import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { PlansPage } from './plans-page';
import { AuthStore } from '../core/auth/auth-store';
import { ExternalNavigation } from '../core/browser/external-navigation';
import { CURRENCY_STORAGE_KEY } from '../core/money/currency-store';
import { Subscription } from '../core/subscriptions/subscription-models';
import { aPlan, aPrice, aSession, aSubscription } from '../testing/fixtures';
import { Plan } from './plan-models';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const YEARLY = aPlan({
  id: 'plan-y',
  slug: 'all-access-yearly',
  name: 'All Access — Yearly',
  interval: 'year',
  trialDays: 14,
  price: aPrice(18000, 'EUR'),
});

describe('PlansPage', () => {
  let fixture: ComponentFixture<PlansPage>;
  let http: HttpTestingController;
  let goTo: ReturnType<typeof vi.fn>;
  const el = () => fixture.nativeElement as HTMLElement;
  const card = (planId: string) => el().querySelector(`[data-testid="plan-card"][data-plan-id="${planId}"]`)!;
  const inCard = (planId: string, testId: string) =>
    card(planId).querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;

  async function render(
    options: { loggedIn?: boolean; subscriptions?: Subscription[]; plans?: Plan[]; checkout?: string } = {},
  ): Promise<void> {
    const loggedIn = options.loggedIn ?? true;
    if (loggedIn) TestBed.inject(AuthStore).signIn(aSession());
    fixture = TestBed.createComponent(PlansPage);
    if (options.checkout) fixture.componentRef.setInput('checkout', options.checkout);
    await fixture.whenStable();
    http.expectOne('/api/currencies').flush({
      defaultCurrency: 'USD',
      items: [
        { code: 'EUR', exponent: 2 },
        { code: 'GBP', exponent: 2 },
      ],
    });
    http.expectOne('/api/plans?currency=EUR').flush({ items: options.plans ?? [aPlan(), YEARLY] });
    if (loggedIn) http.expectOne('/api/subscriptions').flush({ items: options.subscriptions ?? [] });
    await fixture.whenStable();
  }

  async function click(element: Element | null): Promise<void> {
    (element as HTMLElement).click();
    await fixture.whenStable();
  }

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(CURRENCY_STORAGE_KEY, 'EUR');
    goTo = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ExternalNavigation, useValue: { goTo } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when it opens, then each plan shows its price per interval, its trial and both subscribe buttons', async () => {
    await render();
    expect(el().querySelectorAll('[data-testid="plan-card"]').length).toBe(2);
    expect(card('plan-m').querySelector('h2')?.textContent).toContain('All Access — Monthly');
    expect(inCard('plan-m', 'plan-price')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('€18.00 / month');
    expect(inCard('plan-m', 'plan-trial')).toBeNull();
    expect(inCard('plan-y', 'plan-price')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('€180.00 / year');
    expect(inCard('plan-y', 'plan-trial')?.textContent?.trim()).toBe('14-day free trial');
    expect(inCard('plan-m', 'subscribe-stripe')?.textContent?.trim()).toBe('Subscribe with Stripe');
    expect(inCard('plan-m', 'subscribe-paypal')?.textContent?.trim()).toBe('Subscribe with PayPal');
    expect(inCard('plan-m', 'subscribed-state')).toBeNull();
  });

  it('when a price cannot go to PayPal, then only the Stripe button is offered and the reason is given', async () => {
    await render({
      plans: [
        aPlan({
          price: aPrice(5000, 'EUR', {
            providers: ['stripe'],
            unavailable: [
              { provider: 'paypal', code: 'currency_not_supported_by_provider', message: 'PayPal does not accept KWD' },
            ],
          }),
        }),
      ],
    });
    expect(inCard('plan-m', 'subscribe-stripe')).not.toBeNull();
    expect(inCard('plan-m', 'subscribe-paypal')).toBeNull();
    expect(inCard('plan-m', 'unavailable-paypal')?.textContent?.trim()).toBe('PayPal does not accept KWD.');
    expect(inCard('plan-m', 'unavailable-stripe')).toBeNull();
  });

  it('when the student clicks "Subscribe with Stripe", then it starts the checkout and sends the browser to it', async () => {
    await render();
    await click(inCard('plan-m', 'subscribe-stripe'));

    const req = http.expectOne('/api/subscriptions/checkout/plan-m');
    expect(req.request.body).toEqual({ provider: 'stripe', currency: 'EUR' });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(UUID);
    const buttons = Array.from(el().querySelectorAll<HTMLButtonElement>('[data-testid^="subscribe-"]'));
    expect(buttons.length).toBe(4);
    expect(buttons.every((b) => b.disabled)).toBe(true);
    expect(inCard('plan-m', 'checkout-redirecting')?.textContent).toContain('Redirecting to Stripe');
    expect(inCard('plan-y', 'checkout-redirecting')).toBeNull();

    req.flush(
      {
        subscriptionId: 's1',
        provider: 'stripe',
        providerSessionId: 'cs_1',
        checkoutUrl: 'http://localhost:12111/c/pay/cs_1',
      },
      { status: 201, statusText: 'Created' },
    );
    await fixture.whenStable();
    expect(goTo).toHaveBeenCalledWith('http://localhost:12111/c/pay/cs_1');
  });

  it('when a visitor clicks subscribe, then they are asked to log in first and come back to the plans', async () => {
    await render({ loggedIn: false });
    expect(el().textContent).toContain("You'll be asked to log in or create an account first.");
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await click(inCard('plan-y', 'subscribe-paypal'));
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/plans' } });
    http.expectNone('/api/subscriptions/checkout/plan-y');
  });

  it('when the student has a live subscription, then they see "You are subscribed" and a link instead of buttons', async () => {
    await render({ subscriptions: [aSubscription({ status: 'past_due' })] });
    expect(el().querySelector('[data-testid^="subscribe-"]')).toBeNull();
    expect(inCard('plan-m', 'subscribed-state')?.textContent).toContain('You are subscribed.');
    expect(inCard('plan-y', 'subscribed-state')?.textContent).toContain('You are subscribed to All Access — Monthly.');
    expect(inCard('plan-m', 'go-to-subscription')?.getAttribute('href')).toBe('/account/subscription');
  });

  it('when the only subscription has ended, then the student can subscribe again', async () => {
    await render({ subscriptions: [aSubscription({ status: 'expired', access: 'none', nextRenewal: null })] });
    expect(inCard('plan-m', 'subscribed-state')).toBeNull();
    expect((inCard('plan-m', 'subscribe-stripe') as HTMLButtonElement).disabled).toBe(false);
  });

  it('while the subscriptions are being checked, then the buttons wait', async () => {
    TestBed.inject(AuthStore).signIn(aSession());
    fixture = TestBed.createComponent(PlansPage);
    await fixture.whenStable();
    http.expectOne('/api/currencies').flush({ defaultCurrency: 'EUR', items: [{ code: 'EUR', exponent: 2 }] });
    http.expectOne('/api/plans?currency=EUR').flush({ items: [aPlan()] });
    await fixture.whenStable();
    expect((inCard('plan-m', 'subscribe-stripe') as HTMLButtonElement).disabled).toBe(true);

    http.expectOne('/api/subscriptions').flush(null, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    expect((inCard('plan-m', 'subscribe-stripe') as HTMLButtonElement).disabled).toBe(false);
  });

  it('when checkout answers subscription_exists, then it shows the message and links to the subscription', async () => {
    await render();
    await click(inCard('plan-y', 'subscribe-paypal'));
    http.expectOne('/api/subscriptions/checkout/plan-y').flush(
      {
        error: {
          code: 'subscription_exists',
          message: 'You already have a subscription',
          details: { subscriptionId: 's9' },
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();

    expect(goTo).not.toHaveBeenCalled();
    expect(card('plan-y').querySelector('[role="alert"]')?.textContent).toContain('You already have a subscription');
    expect(inCard('plan-y', 'subscription-exists-link')?.getAttribute('href')).toBe('/account/subscription');
    expect(inCard('plan-m', 'subscription-exists-link')).toBeNull();
    expect((inCard('plan-y', 'subscribe-paypal') as HTMLButtonElement).disabled).toBe(false);
  });

  it('when Stripe bills the student in another currency, then it says so and offers prices in that currency', async () => {
    await render();
    await click(inCard('plan-m', 'subscribe-stripe'));
    http.expectOne('/api/subscriptions/checkout/plan-m').flush(
      {
        error: {
          code: 'subscription_currency_locked',
          message: 'Stripe bills you in GBP: choose GBP, or subscribe with PayPal',
          details: { currency: 'GBP' },
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(card('plan-m').querySelector('[role="alert"]')?.textContent).toContain('Stripe bills you in GBP');

    await click(inCard('plan-m', 'use-locked-currency'));
    http.expectOne('/api/plans?currency=GBP').flush({ items: [aPlan({ price: aPrice(1500, 'GBP') })] });
    await fixture.whenStable();
    expect(inCard('plan-m', 'plan-price')?.textContent).toContain('£15.00');
    expect(card('plan-m').querySelector('[role="alert"]')).toBeNull();
  });

  it('when a provider rule refuses the checkout without naming a currency, then only the message is shown', async () => {
    await render();
    await click(inCard('plan-m', 'subscribe-paypal'));
    http
      .expectOne('/api/subscriptions/checkout/plan-m')
      .flush(
        { error: { code: 'amount_below_provider_minimum', message: 'Too small for PayPal' } },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    expect(card('plan-m').querySelector('[role="alert"]')?.textContent).toContain('Too small for PayPal');
    expect(inCard('plan-m', 'use-locked-currency')).toBeNull();
    expect(inCard('plan-m', 'subscription-exists-link')).toBeNull();
  });

  it('when the student comes back from a canceled checkout, then a note says so until dismissed', async () => {
    await render({ checkout: 'canceled' });
    expect(el().querySelector('[data-testid="checkout-canceled"]')?.textContent).toContain(
      'Checkout canceled — you have not been charged.',
    );
    await click(el().querySelector('[data-testid="dismiss-canceled"]'));
    expect(el().querySelector('[data-testid="checkout-canceled"]')).toBeNull();
  });

  it('when the plans cannot be loaded, then it shows the message and can try again', async () => {
    fixture = TestBed.createComponent(PlansPage);
    await fixture.whenStable();
    http.expectOne('/api/currencies').flush({ defaultCurrency: 'EUR', items: [{ code: 'EUR', exponent: 2 }] });
    http
      .expectOne('/api/plans?currency=EUR')
      .flush({ error: { code: 'internal', message: 'Try later' } }, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    const alert = el().querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Try later');
    await click(alert.querySelector('button'));
    http.expectOne('/api/plans?currency=EUR').flush({ items: [] });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="plans-empty"]')).not.toBeNull();
  });
});
