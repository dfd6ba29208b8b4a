import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { CurrentUserApi } from './current-user-api';

describe('CurrentUserApi', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads the current user', async () => {
    const user = { id: 'u1', email: 'a@b.c', name: 'A', role: 'student' as const };
    const me = firstValueFrom(TestBed.inject(CurrentUserApi).me());
    http.expectOne('/api/auth/me').flush({ user });
    expect(await me).toEqual(user);
  });
});
