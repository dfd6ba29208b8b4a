import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { CoursesApi } from './courses-api';
import { aCourse, aPrice } from '../testing/fixtures';

describe('CoursesApi', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists courses priced in the chosen currency', async () => {
    const result = firstValueFrom(TestBed.inject(CoursesApi).list('EUR'));
    const req = http.expectOne('/api/courses?currency=EUR');
    req.flush({ items: [aCourse()] });
    expect(await result).toEqual([aCourse()]);
  });

  it('lists courses in the default currency when none is chosen', () => {
    TestBed.inject(CoursesApi).list(null).subscribe();
    http.expectOne('/api/courses').flush({ items: [] });
  });

  it('gets one course', async () => {
    const result = firstValueFrom(TestBed.inject(CoursesApi).get('c1', 'JPY'));
    http.expectOne('/api/courses/c1?currency=JPY').flush(aCourse({ price: aPrice(1500, 'JPY') }));
    expect((await result).price).toEqual(aPrice(1500, 'JPY'));
  });
});
