import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { CoursePage } from './course-page';
import { AuthStore } from '../core/auth/auth-store';
import { ExternalNavigation } from '../core/browser/external-navigation';
import { CURRENCY_STORAGE_KEY } from '../core/money/currency-store';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';
import { Subscription } from '../core/subscriptions/subscription-models';
import { aCard, aCourse, aPaypalWallet, aSession, aSubscription } from '../testing/fixtures';
import { Course } from './catalog-models';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('CoursePage', () => {
  let fixture: ComponentFixture<CoursePage>;
  let http: HttpTestingController;
  let goTo: ReturnType<typeof vi.fn>;
  const el = () => fixture.nativeElement as HTMLElement;
  const q = (testId: string) => el().querySelector(`[data-testid="${testId}"]`) as HTMLElement | null;

  async function render(
    options: {
      loggedIn?: boolean;
      enrolledIn?: string[];
      checkout?: string;
      course?: Course;
      subscriptions?: Subscription[];
      paymentMethods?: PaymentMethod[];
    } = {},
  ): Promise<void> {
    if (options.loggedIn ?? true) TestBed.inject(AuthStore).signIn(aSession());
    fixture = TestBed.createComponent(CoursePage);
    fixture.componentRef.setInput('id', 'c1');
    if (options.checkout) fixture.componentRef.setInput('checkout', options.checkout);
    await fixture.whenStable();
    http.expectOne('/api/currencies').flush({ defaultCurrency: 'USD', items: [{ code: 'EUR', exponent: 2 }] });
    http.expectOne('/api/courses/c1?currency=EUR').flush(options.course ?? aCourse());
    if (options.loggedIn ?? true) {
      const items = (options.enrolledIn ?? []).map((courseId) => ({
        id: `e-${courseId}`,
        courseId,
        courseTitle: 'x',
        enrolledAt: '2025-01-01T00:00:00Z',
      }));
      http.expectOne('/api/enrollments').flush({ items });
      http.expectOne('/api/subscriptions').flush({ items: options.subscriptions ?? [] });
      http.expectOne('/api/payment-methods').flush({ items: options.paymentMethods ?? [] });
    }
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    q(testId)!.click();
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

  it('shows the course, its price and both payment buttons', async () => {
    await render();
    expect(el().querySelector('h1')?.textContent).toContain('Angular Payments');
    expect(q('course-price')?.textContent?.trim()).toBe('€49.00');
    expect(q('buy-stripe')?.textContent?.trim()).toBe('Buy with Stripe');
    expect(q('buy-paypal')?.textContent?.trim()).toBe('Pay with PayPal');
    expect(q('enrolled-state')).toBeNull();
  });

  it('when the student clicks "Buy with Stripe", then it creates a checkout and sends the browser to it', async () => {
    await render();
    await click('buy-stripe');

    const req = http.expectOne('/api/payments/checkout/c1');
    expect(req.request.body).toEqual({ provider: 'stripe', currency: 'EUR', expectedAmount: 4900 });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(UUID);
    expect((q('buy-stripe') as HTMLButtonElement).disabled).toBe(true);
    expect((q('buy-paypal') as HTMLButtonElement).disabled).toBe(true);
    expect(q('checkout-redirecting')?.textContent).toContain('Redirecting to Stripe');

    req.flush({
      paymentId: 'p1',
      provider: 'stripe',
      providerSessionId: 'cs_1',
      checkoutUrl: 'http://localhost:12111/pay/cs_1',
    });
    await fixture.whenStable();
    expect(goTo).toHaveBeenCalledWith('http://localhost:12111/pay/cs_1');
  });

  it('uses a new idempotency key for each click', async () => {
    await render();
    await click('buy-paypal');
    const first: TestRequest = http.expectOne('/api/payments/checkout/c1');
    expect(first.request.body).toEqual({ provider: 'paypal', currency: 'EUR', expectedAmount: 4900 });
    first.flush(
      { error: { code: 'provider_unavailable', message: 'PayPal is not answering. Try again.' } },
      { status: 502, statusText: 'Bad Gateway' },
    );
    await fixture.whenStable();

    expect(el().querySelector('[role="alert"]')?.textContent).toContain('PayPal is not answering. Try again.');
    expect((q('buy-paypal') as HTMLButtonElement).disabled).toBe(false);

    await click('buy-paypal');
    const second = http.expectOne('/api/payments/checkout/c1');
    expect(second.request.headers.get('Idempotency-Key')).not.toBe(first.request.headers.get('Idempotency-Key'));
    second.flush({
      paymentId: 'p2',
      provider: 'paypal',
      providerSessionId: 'O-1',
      checkoutUrl: 'http://localhost:12112/approve/O-1',
    });
    await fixture.whenStable();
    expect(goTo).toHaveBeenCalledWith('http://localhost:12112/approve/O-1');
  });

  it('when the student owns the course, then it shows "Enrolled" instead of the buttons', async () => {
    await render({ enrolledIn: ['c1'] });
    expect(q('enrolled-state')?.textContent).toContain('Enrolled');
    expect(q('buy-stripe')).toBeNull();
    expect(q('buy-paypal')).toBeNull();
  });

  it('when the API says already_enrolled, then it switches to the enrolled state', async () => {
    await render();
    await click('buy-stripe');
    http
      .expectOne('/api/payments/checkout/c1')
      .flush(
        { error: { code: 'already_enrolled', message: 'Already enrolled' } },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(q('enrolled-state')).not.toBeNull();
    expect(goTo).not.toHaveBeenCalled();
  });

  it('when a visitor clicks buy, then it asks them to log in first and come back', async () => {
    await render({ loggedIn: false });
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await click('buy-stripe');
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/courses/c1' } });
  });

  it('when the student comes back from a canceled checkout, then it says they were not charged', async () => {
    await render({ checkout: 'canceled' });
    expect(q('checkout-canceled')?.textContent).toContain('Checkout canceled — you have not been charged.');
    expect(q('buy-stripe')).not.toBeNull();
  });

  it('when the course does not exist, then it says so', async () => {
    TestBed.inject(AuthStore).signIn(aSession());
    fixture = TestBed.createComponent(CoursePage);
    fixture.componentRef.setInput('id', 'c1');
    await fixture.whenStable();
    http.expectOne('/api/currencies').flush({ defaultCurrency: 'EUR', items: [{ code: 'EUR', exponent: 2 }] });
    http.expectOne('/api/enrollments').flush({ items: [] });
    http.expectOne('/api/subscriptions').flush({ items: [] });
    http.expectOne('/api/payment-methods').flush({ items: [] });
    http
      .expectOne('/api/courses/c1?currency=EUR')
      .flush({ error: { code: 'not_found', message: 'Course not found' } }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('Course not found');
  });

  it('when the price cannot go to PayPal (KWD), then "Pay with PayPal" is disabled and says why, and Stripe still works', async () => {
    await render({
      course: aCourse({
        price: {
          amount: 15050,
          currency: 'EUR',
          providers: ['stripe'],
          unavailable: [
            {
              provider: 'paypal',
              code: 'currency_not_supported_by_provider',
              message: 'PayPal does not accept payments in KWD',
            },
          ],
        },
      }),
    });
    const paypal = q('buy-paypal') as HTMLButtonElement;
    expect(paypal.disabled).toBe(true);
    expect(paypal.getAttribute('aria-describedby')).toBe('unavailable-paypal');
    expect(q('unavailable-paypal')?.textContent?.trim()).toBe('PayPal does not accept payments in KWD.');
    expect((q('buy-stripe') as HTMLButtonElement).disabled).toBe(false);
    expect(q('unavailable-stripe')).toBeNull();

    await click('buy-stripe');
    const req = http.expectOne('/api/payments/checkout/c1');
    expect(req.request.body).toEqual({ provider: 'stripe', currency: 'EUR', expectedAmount: 15050 });
    req.flush({ paymentId: 'p1', provider: 'stripe', providerSessionId: 'cs_1', checkoutUrl: 'http://pay/cs_1' });
    await fixture.whenStable();
  });

  it('when no provider can take the price, then both buttons are disabled with their reasons', async () => {
    await render({
      course: aCourse({
        price: {
          amount: 0,
          currency: 'EUR',
          providers: [],
          unavailable: [
            {
              provider: 'stripe',
              code: 'amount_below_provider_minimum',
              message: "0.00 EUR is below Stripe's minimum charge of 0.50 EUR",
            },
            {
              provider: 'paypal',
              code: 'amount_below_provider_minimum',
              message: "0.00 EUR is below PayPal's minimum charge of 0.01 EUR",
            },
          ],
        },
      }),
    });
    expect((q('buy-stripe') as HTMLButtonElement).disabled).toBe(true);
    expect((q('buy-paypal') as HTMLButtonElement).disabled).toBe(true);
    expect(q('unavailable-stripe')?.textContent).toContain("below Stripe's minimum charge of 0.50 EUR");
    expect(q('unavailable-paypal')?.textContent).toContain("below PayPal's minimum charge");
  });

  it('when the checkout answers 409 price_changed, then the new price is shown next to the old one and confirming sends the new amount', async () => {
    await render();
    await click('buy-stripe');
    http.expectOne('/api/payments/checkout/c1').flush(
      {
        error: {
          code: 'price_changed',
          message: 'The price is now 52.00 EUR (you saw 49.00); confirm the new price to continue',
          details: {
            expectedAmount: 4900,
            price: { amount: 5200, currency: 'EUR', providers: ['stripe', 'paypal'], unavailable: [] },
          },
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();

    expect(goTo).not.toHaveBeenCalled();
    expect(q('course-price')?.textContent?.trim()).toBe('€52.00');
    expect(q('price-changed')?.textContent).toContain('The price changed from €49.00 to €52.00');
    expect(q('price-changed')?.textContent).toContain('You have not been charged');
    expect(q('confirm-new-price')?.textContent?.trim()).toBe('Continue with Stripe at €52.00');
    expect(el().querySelector('[role="alert"]')).toBeNull();
    expect((q('buy-stripe') as HTMLButtonElement).disabled).toBe(false);

    await click('confirm-new-price');
    const again = http.expectOne('/api/payments/checkout/c1');
    expect(again.request.body).toEqual({ provider: 'stripe', currency: 'EUR', expectedAmount: 5200 });
    again.flush({ paymentId: 'p2', provider: 'stripe', providerSessionId: 'cs_2', checkoutUrl: 'http://pay/cs_2' });
    await fixture.whenStable();
    expect(goTo).toHaveBeenCalledWith('http://pay/cs_2');
  });

  it('when the new price after price_changed is one the provider cannot take, then there is no confirm button and the button is disabled', async () => {
    await render();
    await click('buy-paypal');
    http.expectOne('/api/payments/checkout/c1').flush(
      {
        error: {
          code: 'price_changed',
          message: 'The price is now 0.30 EUR',
          details: {
            expectedAmount: 4900,
            price: {
              amount: 30,
              currency: 'EUR',
              providers: ['paypal'],
              unavailable: [
                { provider: 'stripe', code: 'amount_below_provider_minimum', message: 'Too small for Stripe' },
              ],
            },
          },
        },
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(q('confirm-new-price')?.textContent?.trim()).toBe('Continue with PayPal at €0.30');
    expect((q('buy-stripe') as HTMLButtonElement).disabled).toBe(true);
    expect(q('unavailable-stripe')?.textContent?.trim()).toBe('Too small for Stripe.');
  });

  it('when the student\'s plan gives access and they do not have the course, then "Included in your plan" enrolls them', async () => {
    await render({ subscriptions: [aSubscription()] });
    expect(q('included-in-plan')?.textContent).toContain('Included in your plan');
    expect(q('buy-stripe')).toBeNull();
    expect(q('buy-paypal')).toBeNull();

    await click('enroll');
    const req = http.expectOne('/api/enrollments/c1');
    expect(req.request.method).toBe('POST');
    expect(q('enroll')?.textContent?.trim()).toBe('Enrolling…');
    expect((q('enroll') as HTMLButtonElement).disabled).toBe(true);
    req.flush(
      {
        id: 'e1',
        courseId: 'c1',
        courseTitle: 'Angular Payments',
        source: 'subscription',
        status: 'active',
        enrolledAt: '2026-03-02T10:00:00.000Z',
      },
      { status: 201, statusText: 'Created' },
    );
    await fixture.whenStable();
    expect(q('enrolled-state')?.textContent).toContain('Enrolled');
    expect(q('included-in-plan')).toBeNull();
  });

  it('when a subscriber already has the course, then it shows "Enrolled" only', async () => {
    await render({ enrolledIn: ['c1'], subscriptions: [aSubscription()] });
    expect(q('enrolled-state')).not.toBeNull();
    expect(q('included-in-plan')).toBeNull();
  });

  it('when the subscription gives no access (ended), then the buy buttons stay', async () => {
    await render({ subscriptions: [aSubscription({ status: 'expired', access: 'none' })] });
    expect(q('included-in-plan')).toBeNull();
    expect(q('buy-stripe')).not.toBeNull();
  });

  it('when enrolling answers subscription_required, then it offers the course for sale and says why', async () => {
    await render({ subscriptions: [aSubscription()] });
    await click('enroll');
    http.expectOne('/api/enrollments/c1').flush(
      {
        error: {
          code: 'subscription_required',
          message: 'Enrolling without buying needs a subscription plan with access',
        },
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await fixture.whenStable();
    expect(q('included-in-plan')).toBeNull();
    expect(q('buy-stripe')).not.toBeNull();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('needs a subscription plan with access');
  });

  it('when enrolling fails for another reason, then it says so and Enroll can be clicked again', async () => {
    await render({ subscriptions: [aSubscription()] });
    await click('enroll');
    http.expectOne('/api/enrollments/c1').flush(null, { status: 503, statusText: 'Unavailable' });
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('HTTP 503');
    expect((q('enroll') as HTMLButtonElement).disabled).toBe(false);
  });

  it('when the subscriptions cannot be read, then the buy buttons show', async () => {
    TestBed.inject(AuthStore).signIn(aSession());
    fixture = TestBed.createComponent(CoursePage);
    fixture.componentRef.setInput('id', 'c1');
    await fixture.whenStable();
    http.expectOne('/api/currencies').flush({ defaultCurrency: 'EUR', items: [{ code: 'EUR', exponent: 2 }] });
    http.expectOne('/api/courses/c1?currency=EUR').flush(aCourse());
    http.expectOne('/api/enrollments').flush({ items: [] });
    http.expectOne('/api/subscriptions').flush(null, { status: 500, statusText: 'Error' });
    http.expectOne('/api/payment-methods').flush({ items: [] });
    await fixture.whenStable();
    expect(q('buy-stripe')).not.toBeNull();
    expect(q('included-in-plan')).toBeNull();
  });

  describe('a saved PayPal wallet', () => {
    const WALLET = aPaypalWallet({ id: 'pm-p', email: 'ana@example.com' });
    /** Where the API sends the browser after charging a saved wallet: our own return page, no PayPal token. */
    const RETURN_URL = 'http://localhost:3000/checkout/return?paymentId=p9&provider=paypal';

    it('when the student has one, then it is offered next to "Pay with PayPal" and charges it without leaving for PayPal', async () => {
      await render({ paymentMethods: [aCard(), WALLET] });
      expect(q('buy-paypal')?.textContent?.trim()).toBe('Pay with PayPal');
      expect(q('buy-paypal-saved')?.textContent?.trim()).toBe('Pay with PayPal · ana@example.com');
      expect(q('buy-paypal-saved')?.closest('[role="group"]')).toBe(q('buy-paypal')?.closest('[role="group"]'));

      await click('buy-paypal-saved');
      const req = http.expectOne('/api/payments/checkout/c1');
      expect(req.request.body).toEqual({
        provider: 'paypal',
        currency: 'EUR',
        expectedAmount: 4900,
        paymentMethodId: 'pm-p',
      });
      expect(req.request.headers.get('Idempotency-Key')).toMatch(UUID);
      expect((q('buy-paypal-saved') as HTMLButtonElement).disabled).toBe(true);
      expect((q('buy-stripe') as HTMLButtonElement).disabled).toBe(true);
      expect(q('checkout-redirecting')?.textContent).toContain('Paying with your saved PayPal account');

      req.flush({ paymentId: 'p9', provider: 'paypal', providerSessionId: 'O-9', checkoutUrl: RETURN_URL });
      await fixture.whenStable();
      expect(goTo).toHaveBeenCalledExactlyOnceWith(RETURN_URL);
    });

    it('when there are several, then it offers the default one', async () => {
      await render({
        paymentMethods: [
          aPaypalWallet({ id: 'pm-new', email: 'new@example.com' }),
          aPaypalWallet({ id: 'pm-def', email: 'ana@example.com', isDefault: true }),
        ],
      });
      expect(q('buy-paypal-saved')?.textContent?.trim()).toBe('Pay with PayPal · ana@example.com');
      await click('buy-paypal-saved');
      expect(http.expectOne('/api/payments/checkout/c1').request.body).toMatchObject({ paymentMethodId: 'pm-def' });
    });

    it('when the student has only cards (Stripe shows them on its page), then there is no extra button', async () => {
      await render({ paymentMethods: [aCard({ isDefault: true })] });
      expect(q('buy-paypal-saved')).toBeNull();
      await click('buy-stripe');
      expect(http.expectOne('/api/payments/checkout/c1').request.body).toEqual({
        provider: 'stripe',
        currency: 'EUR',
        expectedAmount: 4900,
      });
    });

    it('when the saved methods cannot be read, then the usual buttons stay and nothing is said', async () => {
      TestBed.inject(AuthStore).signIn(aSession());
      fixture = TestBed.createComponent(CoursePage);
      fixture.componentRef.setInput('id', 'c1');
      await fixture.whenStable();
      http.expectOne('/api/currencies').flush({ defaultCurrency: 'EUR', items: [{ code: 'EUR', exponent: 2 }] });
      http.expectOne('/api/courses/c1?currency=EUR').flush(aCourse());
      http.expectOne('/api/enrollments').flush({ items: [] });
      http.expectOne('/api/subscriptions').flush({ items: [] });
      http.expectOne('/api/payment-methods').flush(null, { status: 500, statusText: 'Error' });
      await fixture.whenStable();
      expect(q('buy-paypal-saved')).toBeNull();
      expect((q('buy-paypal') as HTMLButtonElement).disabled).toBe(false);
      expect(el().querySelector('[role="alert"]')).toBeNull();
    });

    it('when PayPal cannot take the price, then the saved wallet is disabled with the same reason', async () => {
      await render({
        paymentMethods: [WALLET],
        course: aCourse({
          price: {
            amount: 15050,
            currency: 'EUR',
            providers: ['stripe'],
            unavailable: [{ provider: 'paypal', code: 'currency_not_supported_by_provider', message: 'No KWD' }],
          },
        }),
      });
      const saved = q('buy-paypal-saved') as HTMLButtonElement;
      expect(saved.disabled).toBe(true);
      expect(saved.getAttribute('aria-describedby')).toBe('unavailable-paypal');
    });

    it('when the price changed, then confirming the new price pays with the same saved wallet', async () => {
      await render({ paymentMethods: [WALLET] });
      await click('buy-paypal-saved');
      http.expectOne('/api/payments/checkout/c1').flush(
        {
          error: {
            code: 'price_changed',
            message: 'The price is now 52.00 EUR',
            details: {
              expectedAmount: 4900,
              price: { amount: 5200, currency: 'EUR', providers: ['stripe', 'paypal'], unavailable: [] },
            },
          },
        },
        { status: 409, statusText: 'Conflict' },
      );
      await fixture.whenStable();
      expect(q('confirm-new-price')?.textContent?.trim()).toBe('Continue with PayPal at €52.00');

      await click('confirm-new-price');
      const again = http.expectOne('/api/payments/checkout/c1');
      expect(again.request.body).toEqual({
        provider: 'paypal',
        currency: 'EUR',
        expectedAmount: 5200,
        paymentMethodId: 'pm-p',
      });
      again.flush({ paymentId: 'p9', provider: 'paypal', providerSessionId: 'O-9', checkoutUrl: RETURN_URL });
      await fixture.whenStable();
      expect(goTo).toHaveBeenCalledWith(RETURN_URL);
    });

    it('when a visitor opens the course, then the saved methods are not asked for', async () => {
      await render({ loggedIn: false });
      http.expectNone('/api/payment-methods');
      expect(q('buy-paypal-saved')).toBeNull();
    });
  });
});
