import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CourseList } from './course-list';
import { CURRENCY_STORAGE_KEY } from '../core/money/currency-store';
import { aCourse, aPrice } from '../testing/fixtures';

const CURRENCIES = {
  defaultCurrency: 'USD',
  items: [
    { code: 'USD', exponent: 2 },
    { code: 'EUR', exponent: 2 },
    { code: 'JPY', exponent: 0 },
  ],
};

describe('CourseList', () => {
  let fixture: ComponentFixture<CourseList>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(CourseList);
    await fixture.whenStable();
    http.expectOne('/api/currencies').flush(CURRENCIES);
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('when it opens, then it shows a loading state and then the courses with formatted prices', async () => {
    localStorage.setItem(CURRENCY_STORAGE_KEY, 'EUR');
    await render();
    expect(el().textContent).toContain('Loading courses…');

    http.expectOne('/api/courses?currency=EUR').flush({
      items: [aCourse(), aCourse({ id: 'c2', title: 'Refunds 101', price: aPrice(1999, 'EUR') })],
    });
    await fixture.whenStable();

    const cards = el().querySelectorAll('[data-testid="course-card"]');
    expect(cards.length).toBe(2);
    expect(cards[0].textContent).toContain('Angular Payments');
    expect(cards[0].querySelector('[data-testid="course-price"]')?.textContent?.trim()).toBe('€49.00');
    expect(cards[1].querySelector('a')?.getAttribute('href')).toBe('/courses/c2');
  });

  it('when the student picks JPY, then prices reload in yen without decimals and the choice is remembered', async () => {
    await render();
    http.expectOne('/api/courses?currency=USD').flush({ items: [aCourse({ price: aPrice(4900, 'USD') })] });
    await fixture.whenStable();

    const select = el().querySelector('select') as HTMLSelectElement;
    const label = el().querySelector(`label[for="${select.id}"]`);
    expect(label?.textContent).toContain('Currency');
    select.value = 'JPY';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();

    http.expectOne('/api/courses?currency=JPY').flush({ items: [aCourse({ price: aPrice(1500, 'JPY') })] });
    await fixture.whenStable();

    expect(el().querySelector('[data-testid="course-price"]')?.textContent?.trim()).toBe('¥1,500');
    expect(localStorage.getItem(CURRENCY_STORAGE_KEY)).toBe('JPY');
  });

  it('when loading fails, then it shows the API message and can try again', async () => {
    await render();
    http
      .expectOne('/api/courses?currency=USD')
      .flush(
        { error: { code: 'unsupported_currency', message: 'Currency XYZ is not supported' } },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();

    const alert = el().querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Currency XYZ is not supported');
    (alert?.querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();

    http.expectOne('/api/courses?currency=USD').flush({ items: [] });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="courses-empty"]')).not.toBeNull();
  });
});
