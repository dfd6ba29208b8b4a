import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { App } from './app';
import { AuthStore } from './core/auth/auth-store';
import { aSession } from './testing/fixtures';

describe('App shell', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('shows Courses, Plans and Log in to visitors', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const text = el.querySelector('mat-toolbar')?.textContent ?? '';
    expect(text).toContain('Courses');
    expect(el.querySelector('[data-testid="nav-plans"]')?.getAttribute('href')).toBe('/plans');
    expect(text).toContain('Log in');
    expect(text).not.toContain('My learning');
    expect(el.querySelector('[data-testid="nav-subscription"]')).toBeNull();
    expect(el.querySelector('[data-testid="nav-payment-methods"]')).toBeNull();
  });

  it('shows the account links and logs out', async () => {
    TestBed.inject(AuthStore).signIn(aSession());
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    http.expectOne('/api/auth/me').flush({ user: aSession({ name: 'Renamed' }).user });
    await fixture.whenStable();

    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="nav-learning"]')?.textContent).toContain('My learning');
    expect(el.querySelector('[data-testid="nav-payments"]')?.textContent).toContain('Payments');
    expect(el.querySelector('[data-testid="nav-invoices"]')?.getAttribute('href')).toBe('/account/invoices');
    expect(el.querySelector('[data-testid="nav-subscription"]')?.getAttribute('href')).toBe('/account/subscription');
    expect(el.querySelector('[data-testid="nav-payment-methods"]')?.getAttribute('href')).toBe(
      '/account/payment-methods',
    );
    expect(el.querySelector('[data-testid="current-user"]')?.textContent).toContain('Renamed');
    expect(el.querySelector('[data-testid="nav-admin"]')).toBeNull();

    (el.querySelector('[data-testid="logout"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(TestBed.inject(AuthStore).isLoggedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith('/login');
    expect(el.querySelector('[data-testid="nav-login"]')).not.toBeNull();
  });

  it('when an admin is signed in, then the toolbar offers Admin instead of the student account menus', async () => {
    TestBed.inject(AuthStore).signIn(aSession({ role: 'admin', email: 'admin@example.com' }));
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    http.expectOne('/api/auth/me').flush({ user: aSession({ role: 'admin' }).user });
    await fixture.whenStable();

    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="nav-admin"]')?.getAttribute('href')).toBe('/admin');
    expect(el.querySelector('[data-testid="nav-courses"]')).not.toBeNull();
    for (const studentOnly of ['learning', 'payments', 'invoices', 'payment-methods', 'subscription']) {
      expect(el.querySelector(`[data-testid="nav-${studentOnly}"]`)).toBeNull();
    }
    expect(el.querySelector('[data-testid="logout"]')).not.toBeNull();
  });
});
