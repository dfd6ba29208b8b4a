import { randomUUID } from 'node:crypto';
import type { SandboxProcess } from './fleet';
import type { Queryable } from './postgres';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** How long a request keeps being retried while the processes behind the balancer come and go. */
const RETRY_FOR_MS = 30_000;

/**
 * One JSON call to the API, as a careful client makes it: a request that got no answer from the
 * product (the balancer's 502 for a process that is down, a dropped connection) is sent again,
 * with the same Idempotency-Key when it has one, so a retry never starts a second checkout.
 */
export async function callApi<T = Record<string, unknown>>(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown; idempotencyKey?: string } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const deadline = Date.now() + RETRY_FOR_MS;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await res.text();
      if (res.status !== 502 || Date.now() > deadline)
        return { status: res.status, body: text ? JSON.parse(text) : {} };
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Student {
  id: string;
  email: string;
  token: string;
}

/**
 * Students for a load test, without the registration limiter's per-IP budget: rows copied from
 * the demo student (same password hash), each then logged in through the API.
 */
export async function createStudents(db: Queryable, baseUrl: string, count: number): Promise<Student[]> {
  const students: Student[] = [];
  for (let i = 0; i < count; i++) {
    const email = `load-${i}-${randomUUID().slice(0, 8)}@example.com`;
    await db.query(
      `INSERT INTO users (email, name, password_hash, role)
       SELECT $1, $2, password_hash, 'student' FROM users WHERE email = 'student@example.com'`,
      [email, `Load Student ${i}`],
    );
    const login = await callApi<{ token: string; user: { id: string } }>(baseUrl, 'POST', '/api/auth/login', {
      body: { email, password: 'student-password' },
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    students.push({ id: login.body.user.id, email, token: login.body.token });
  }
  return students;
}

export interface Checkout {
  paymentId: string;
  provider: 'stripe' | 'paypal';
  providerSessionId: string;
  checkoutUrl: string;
}

export async function startCheckout(
  baseUrl: string,
  student: Student,
  courseId: string,
  provider: 'stripe' | 'paypal',
): Promise<Checkout> {
  const res = await callApi<Checkout>(baseUrl, 'POST', `/api/payments/checkout/${courseId}`, {
    token: student.token,
    body: { provider },
    idempotencyKey: `${student.id}:${courseId}:${provider}`,
  });
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The course ids of the catalog, as the API lists them. */
export async function courseIds(baseUrl: string): Promise<string[]> {
  const res = await callApi<{ items: { id: string }[] }>(baseUrl, 'GET', '/api/courses');
  return res.body.items.map((course) => course.id);
}

/** The billing address our Stripe Checkout Sessions require, as typed on the hosted page. */
const BILLING_ADDRESS = { line1: '1 Rue de la Paix', city: 'Paris', postal_code: '75002', country: 'FR' };

/** The buyer pays on the sandbox: a card on Stripe's page, or Approve on PayPal's. */
export async function pay(sandbox: SandboxProcess, checkout: Checkout): Promise<void> {
  const [url, body] =
    checkout.provider === 'stripe'
      ? [
          `${sandbox.stripeUrl}/_sandbox/checkout/sessions/${checkout.providerSessionId}/pay`,
          { card: '4242424242424242', address: BILLING_ADDRESS },
        ]
      : [`${sandbox.paypalUrl}/_sandbox/orders/${checkout.providerSessionId}/approve`, {}];
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${url} answered ${res.status}: ${await res.text()}`);
}
