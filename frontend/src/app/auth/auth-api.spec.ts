import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AuthApi } from './auth-api';

describe('AuthApi', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('registers and logs in', async () => {
    const api = TestBed.inject(AuthApi);
    const user = { id: 'u1', email: 'a@b.c', name: 'A', role: 'student' as const };

    const registered = firstValueFrom(api.register({ email: 'a@b.c', password: 'secret123', name: 'A' }));
    const reg = http.expectOne('/api/auth/register');
    expect(reg.request.method).toBe('POST');
    expect(reg.request.body).toEqual({ email: 'a@b.c', password: 'secret123', name: 'A' });
    reg.flush({ token: 't', user }, { status: 201, statusText: 'Created' });
    expect((await registered).token).toBe('t');

    const loggedIn = firstValueFrom(api.login({ email: 'a@b.c', password: 'secret123' }));
    http.expectOne('/api/auth/login').flush({ token: 't2', user });
    expect((await loggedIn).token).toBe('t2');
  });
});
