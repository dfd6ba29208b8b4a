import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Login } from './login';
import { AuthStore } from '../core/auth/auth-store';
import { aSession } from '../testing/fixtures';

function fill(root: HTMLElement, label: string, value: string): void {
  const labelEl = Array.from(root.querySelectorAll('label')).find((l) => l.textContent?.trim().startsWith(label));
  const input = root.querySelector(`#${labelEl!.getAttribute('for')}`) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('Login', () => {
  let fixture: ComponentFixture<Login>;
  let http: HttpTestingController;
  let navigate: ReturnType<typeof vi.spyOn>;
  const el = () => fixture.nativeElement as HTMLElement;
  const submit = () => (el().querySelector('button[type="submit"]') as HTMLButtonElement).click();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(Login);
    fixture.componentRef.setInput('returnUrl', '/account/payments');
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('has labelled Email and Password fields and a "Log in" button', () => {
    const labels = Array.from(el().querySelectorAll('label')).map((l) => l.textContent?.trim());
    expect(labels).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Email/), expect.stringMatching(/^Password/)]),
    );
    expect(el().querySelector('button[type="submit"]')?.textContent?.trim()).toBe('Log in');
  });

  it('when the credentials are right, then it signs in and goes back to the returnUrl', async () => {
    fill(el(), 'Email', 'student@example.com');
    fill(el(), 'Password', 'secret123');
    submit();
    await fixture.whenStable();

    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ email: 'student@example.com', password: 'secret123' });
    req.flush(aSession());
    await fixture.whenStable();

    expect(TestBed.inject(AuthStore).isLoggedIn()).toBe(true);
    expect(navigate).toHaveBeenCalledWith('/account/payments');
  });

  it('when the credentials are wrong, then it shows the API message', async () => {
    fill(el(), 'Email', 'student@example.com');
    fill(el(), 'Password', 'wrong-password');
    submit();
    await fixture.whenStable();
    http
      .expectOne('/api/auth/login')
      .flush(
        { error: { code: 'invalid_credentials', message: 'Wrong email or password.' } },
        { status: 401, statusText: 'Unauthorized' },
      );
    await fixture.whenStable();

    expect(el().querySelector('[role="alert"]')?.textContent).toContain('Wrong email or password.');
    expect(TestBed.inject(AuthStore).isLoggedIn()).toBe(false);
    expect((el().querySelector('button[type="submit"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('does not call the API with an invalid form', async () => {
    fill(el(), 'Email', 'not-an-email');
    submit();
    await fixture.whenStable();
    http.expectNone('/api/auth/login');
    expect(el().textContent).toContain('Enter a valid email address.');
  });
});
