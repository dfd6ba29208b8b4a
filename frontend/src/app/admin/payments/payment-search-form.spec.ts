import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { PaymentFilters } from './payment-search';
import { PaymentSearchForm } from './payment-search-form';

describe('PaymentSearchForm', () => {
  let fixture: ComponentFixture<PaymentSearchForm>;
  let http: HttpTestingController;
  let searched: PaymentFilters[];
  const field = <T extends HTMLElement>(testId: string) =>
    (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${testId}"]`)!;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PaymentSearchForm);
    fixture.componentRef.setInput('filters', { currency: 'EUR', minAmount: 1250 });
    searched = [];
    fixture.componentInstance.searched.subscribe((f) => searched.push(f));
    await fixture.whenStable();
    http.expectOne('/api/currencies').flush({ defaultCurrency: 'EUR', items: [{ code: 'EUR', exponent: 2 }] });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('when given a search, then it shows it; when given another, then that one replaces what was typed', async () => {
    expect(field<HTMLInputElement>('search-min').value).toBe('12.50');
    field<HTMLInputElement>('search-q').value = 'typed but not searched';
    field('search-q').dispatchEvent(new Event('input'));
    fixture.componentRef.setInput('filters', { provider: 'paypal' });
    await fixture.whenStable();
    expect(field<HTMLInputElement>('search-q').value).toBe('');
    expect(field<HTMLInputElement>('search-min').value).toBe('');
    expect(field<HTMLSelectElement>('search-provider').value).toBe('paypal');
  });

  it('when submitted with Enter in a field, then it emits the search; when cleared, then it emits an empty one', async () => {
    const q = field<HTMLInputElement>('search-q');
    q.value = 'Ana';
    q.dispatchEvent(new Event('input'));
    field<HTMLFormElement>('payment-search-form').requestSubmit();
    await fixture.whenStable();
    expect(searched).toEqual([{ q: 'Ana', currency: 'EUR', minAmount: 1250 }]);

    field<HTMLButtonElement>('search-clear').click();
    await fixture.whenStable();
    expect(searched[1]).toEqual({});
    expect(field<HTMLInputElement>('search-q').value).toBe('');
  });

  it('when a field is wrong, then its error is tied to it for screen readers and nothing is emitted', async () => {
    const min = field<HTMLInputElement>('search-min');
    min.value = '12.505';
    min.dispatchEvent(new Event('input'));
    field<HTMLButtonElement>('search-submit').click();
    await fixture.whenStable();
    expect(searched).toEqual([]);
    expect(min.getAttribute('aria-invalid')).toBe('true');
    const describedBy = min.getAttribute('aria-describedby') ?? '';
    const error = (fixture.nativeElement as HTMLElement).querySelector('mat-error')!;
    expect(describedBy.split(' ')).toContain(error.id);
    expect(error.textContent).toContain('EUR takes at most 2 decimals, e.g. 12.50.');
  });
});
