import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Register } from './register';
import { AuthStore } from '../core/auth/auth-store';
import { aSession } from '../testing/fixtures';

function fill(root: HTMLElement, label: string, value: string): void {
  const labelEl = Array.from(root.querySelectorAll('label')).find((l) => l.textContent?.trim().startsWith(label));
  const input = root.querySelector(`#${labelEl!.getAttribute('for')}`) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('Register', () => {
  let fixture: ComponentFixture<Register>;
  let http: HttpTestingController;
  let navigate: ReturnType<typeof vi.spyOn>;
  const el = () => fixture.nativeElement as HTMLElement;
  const submit = () => (el().querySelector('button[type="submit"]') as HTMLButtonElement).click();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(Register);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('creates the account, signs in and goes to the courses', async () => {
    expect(el().querySelector('button[type="submit"]')?.textContent?.trim()).toBe('Create account');
    fill(el(), 'Name', 'Stu Dent');
    fill(el(), 'Email', 'student@example.com');
    fill(el(), 'Password', 'secret123');
    submit();
    await fixture.whenStable();

    const req = http.expectOne('/api/auth/register');
    expect(req.request.body).toEqual({ name: 'Stu Dent', email: 'student@example.com', password: 'secret123' });
    req.flush(aSession(), { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(TestBed.inject(AuthStore).isLoggedIn()).toBe(true);
    expect(navigate).toHaveBeenCalledWith('/courses');
  });

  it('refuses passwords shorter than 8 characters before calling the API', async () => {
    fill(el(), 'Name', 'Stu');
    fill(el(), 'Email', 'student@example.com');
    fill(el(), 'Password', 'short');
    submit();
    await fixture.whenStable();
    http.expectNone('/api/auth/register');
    expect(el().textContent).toContain('Password must be at least 8 characters.');
  });

  it('when the email is taken, then it shows the API message', async () => {
    fill(el(), 'Name', 'Stu');
    fill(el(), 'Email', 'student@example.com');
    fill(el(), 'Password', 'secret123');
    submit();
    await fixture.whenStable();
    http
      .expectOne('/api/auth/register')
      .flush(
        { error: { code: 'email_taken', message: 'An account with this email already exists.' } },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('An account with this email already exists.');
  });

  it('lists field errors from a validation error', async () => {
    fill(el(), 'Name', 'Stu');
    fill(el(), 'Email', 'student@example.com');
    fill(el(), 'Password', 'secret123');
    submit();
    await fixture.whenStable();
    http.expectOne('/api/auth/register').flush(
      {
        error: {
          code: 'validation_failed',
          message: 'Invalid input',
          details: [{ path: 'email', message: 'Email domain not allowed' }],
        },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="field-errors"]')?.textContent).toContain('Email domain not allowed');
  });
});
