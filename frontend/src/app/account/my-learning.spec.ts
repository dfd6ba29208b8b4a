import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MyLearning } from './my-learning';

describe('MyLearning', () => {
  let fixture: ComponentFixture<MyLearning>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MyLearning);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('lists the enrolled courses with links', async () => {
    http.expectOne('/api/enrollments').flush({
      items: [{ id: 'e1', courseId: 'c1', courseTitle: 'Angular Payments', enrolledAt: '2025-03-01T10:00:00Z' }],
    });
    await fixture.whenStable();
    const item = el().querySelector('[data-testid="enrollment-item"]');
    expect(item?.textContent).toContain('Angular Payments');
    expect(item?.querySelector('a')?.getAttribute('href')).toBe('/courses/c1');
  });

  it('shows an empty state, and errors with a retry', async () => {
    http
      .expectOne('/api/enrollments')
      .flush({ error: { code: 'x', message: 'Database unavailable' } }, { status: 503, statusText: 'x' });
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('Database unavailable');

    (el().querySelector('[role="alert"] button') as HTMLButtonElement).click();
    await fixture.whenStable();
    http.expectOne('/api/enrollments').flush({ items: [] });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="learning-empty"]')).not.toBeNull();
  });
});
