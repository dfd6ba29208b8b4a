import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { routes } from '../../app.routes';
import { AuthStore } from '../../core/auth/auth-store';
import { aSession } from '../../testing/fixtures';

/** The emails page as the app routes it: a lazy admin page with its own entry in the section nav. */
describe('admin emails route', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter(routes, withComponentInputBinding()), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('when an admin opens /admin/emails, then the page shows in the admin layout, titled, its nav entry current', async () => {
    TestBed.inject(AuthStore).signIn(aSession({ role: 'admin' }));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/admin/emails?status=failed');
    TestBed.inject(HttpTestingController)
      .expectOne((r) => r.url === '/api/admin/emails' && r.params.get('status') === 'failed')
      .flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();

    const el = harness.routeNativeElement!;
    expect(TestBed.inject(Router).url).toBe('/admin/emails?status=failed');
    expect(TestBed.inject(Title).getTitle()).toBe('Admin · Emails');
    expect(el.querySelector('h1')?.textContent).toContain('Emails');
    const current = el.querySelector('[data-testid="admin-nav"] a[aria-current="page"]');
    expect(current?.getAttribute('href')).toBe('/admin/emails');
    expect(el.querySelector('[data-testid="emails-empty"]')?.textContent?.trim()).toBe(
      'No emails match these filters.',
    );
    TestBed.inject(HttpTestingController).verify();
  });

  it('when a student opens /admin/emails, then the guard sends them home and nothing is read', async () => {
    TestBed.inject(AuthStore).signIn(aSession({ role: 'student' }));
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/admin/emails');
    expect(TestBed.inject(Router).url).toBe('/courses');
    TestBed.inject(HttpTestingController).expectNone((r) => r.url === '/api/admin/emails');
  });
});
