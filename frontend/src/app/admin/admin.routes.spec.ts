import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { routes } from '../app.routes';
import { AuthStore } from '../core/auth/auth-store';
import { aSession } from '../testing/fixtures';

/** The admin area as the app routes it: behind roleGuard('admin'), the layout around the pages. */
describe('admin routes', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter(routes), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('when a student opens /admin, then the guard sends them home and no admin page shows', async () => {
    TestBed.inject(AuthStore).signIn(aSession({ role: 'student' }));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/admin/payments');
    expect(TestBed.inject(Router).url).toBe('/courses');
    expect(harness.routeNativeElement?.querySelector('[data-testid="admin-nav"]')).toBeFalsy();
  });

  it('when a visitor opens /admin, then they are asked to log in first', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/admin/review');
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fadmin%2Freview');
  });

  it('when an admin opens /admin, then the payments search shows inside the admin layout', async () => {
    TestBed.inject(AuthStore).signIn(aSession({ role: 'admin' }));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/admin');
    expect(TestBed.inject(Router).url).toBe('/admin/payments');
    const el = harness.routeNativeElement!;
    expect(el.querySelector('[data-testid="admin-nav"]')).not.toBeNull();
    expect(el.querySelector('h1')?.textContent).toContain('Payments');
  });
});
