import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { API_ROUTES } from '../../src/http/api-routes';
import type { ApiRoute } from '../../src/http/route-definition';
import { parseRouteInput, XML_TYPES } from '../../src/http/route-input';
import { apiCallers, TEST_PASSWORD, type ApiCallers, type CallerName } from '../support/api-callers';
import {
  closeRawClient,
  errorShapeProblem,
  fillPath,
  jsonOf,
  jsonSchemaOf,
  minimalValue,
  percentEncode,
  queryString,
  routeKey,
  sendRaw,
} from '../support/route-requests';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

/**
 * Every route of the table against every kind of caller, each with a well-formed request: who
 * gets in, who is turned away and how. A route added to the table without a row here fails the
 * first test, so nobody adds a route without deciding who may call it.
 *
 * Columns: anonymous, the student (owner of the resources the path names), another student
 * (who owns nothing and names the student's resources), an admin. `2xx` is any success; a
 * number is that exact status.
 */
type Expected = '2xx' | 400 | 401 | 403 | 404 | 409 | 422;
type Columns = readonly [anonymous: Expected, student: Expected, otherStudent: Expected, admin: Expected];

/** A well-formed request's parts; anything left out is none (params) or the schema's minimal value (body). */
interface Sample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** The body as XML text (the ECB import). */
  xml?: string;
  headers?: Record<string, string>;
}

type WellFormed = Required<Pick<Sample, 'params' | 'query' | 'headers'>> & Sample;

interface Row {
  expect: Columns;
  /** The path names one of the student's resources: an owner route answers others 404. */
  namesStudentResource?: boolean;
  sample?: (f: ApiCallers) => Sample;
}

const ECB_FILE = readFileSync(path.join(__dirname, '../fixtures/ecb/eurofxref-daily-2021-02-25.xml'), 'utf8');

const ALL_IN: Columns = ['2xx', '2xx', '2xx', '2xx'];
const SIGNED_IN: Columns = [401, '2xx', '2xx', '2xx'];
const ADMIN_ONLY: Columns = [401, 403, 403, '2xx'];
/** The student's own resource: theirs and an admin's to see, nobody else's. */
const OWNER_OR_ADMIN: Columns = [401, '2xx', 404, '2xx'];
/** The student's own resource, for students only: an admin is the wrong role. */
const OWNER_STUDENT: Columns = [401, '2xx', 404, 403];

const MATRIX: Readonly<Record<string, Row>> = {
  'POST /api/auth/register': {
    expect: ALL_IN,
    // A real address whatever the schema says of it (the service may be the one that checks it).
    sample: () => ({ body: { email: `matrix-${randomUUID()}@example.com`, password: TEST_PASSWORD, name: 'Matrix' } }),
  },
  'POST /api/auth/login': {
    expect: ALL_IN,
    sample: (f) => ({ body: { email: f.student.email, password: TEST_PASSWORD } }),
  },
  'GET /api/auth/me': { expect: SIGNED_IN },
  'GET /api/courses': { expect: ALL_IN },
  'GET /api/courses/:id': { expect: ALL_IN, sample: (f) => ({ params: { id: f.courseIds[1] } }) },
  'GET /api/plans': { expect: ALL_IN },
  'GET /api/currencies': { expect: ALL_IN },
  // Anyone may buy a course they do not own, the other student too.
  'POST /api/payments/checkout/:courseId': {
    expect: [401, '2xx', '2xx', 403],
    sample: (f) => ({ params: { courseId: f.courseIds[1] }, body: { provider: 'stripe' } }),
  },
  'POST /api/payments/paypal/capture/:orderId': {
    expect: OWNER_OR_ADMIN,
    namesStudentResource: true,
    sample: (f) => ({ params: { orderId: f.resources.paypalOrderId } }),
  },
  'POST /api/payments/refund/:paymentId': {
    expect: ADMIN_ONLY,
    namesStudentResource: true,
    sample: (f) => ({ params: { paymentId: f.resources.paymentId }, body: { amount: 100, reason: 'matrix' } }),
  },
  'GET /api/payments/history': { expect: SIGNED_IN },
  'GET /api/payments/:id': {
    expect: OWNER_OR_ADMIN,
    namesStudentResource: true,
    sample: (f) => ({ params: { id: f.resources.paymentId } }),
  },
  'GET /api/invoices': { expect: SIGNED_IN },
  'GET /api/invoices/documents/:documentId': {
    expect: OWNER_OR_ADMIN,
    namesStudentResource: true,
    sample: (f) => ({ params: { documentId: f.resources.documentId } }),
  },
  'GET /api/invoices/:paymentId': {
    expect: OWNER_OR_ADMIN,
    namesStudentResource: true,
    sample: (f) => ({ params: { paymentId: f.resources.paymentId }, query: { format: 'json' } }),
  },
  'GET /api/admin/disputes': { expect: ADMIN_ONLY },
  'GET /api/admin/payments': { expect: ADMIN_ONLY },
  'GET /api/admin/payments/:id': {
    expect: ADMIN_ONLY,
    namesStudentResource: true,
    sample: (f) => ({ params: { id: f.resources.paymentId } }),
  },
  'GET /api/enrollments': { expect: SIGNED_IN },
  // The student's subscription gives the course; the other student has none (403 subscription_required).
  'POST /api/enrollments/:courseId': {
    expect: [401, '2xx', 403, 403],
    sample: (f) => ({ params: { courseId: f.courseIds[2] } }),
  },
  // The student holds a live subscription already (409); the other student may subscribe.
  'POST /api/subscriptions/checkout/:planId': {
    expect: [401, 409, '2xx', 403],
    sample: (f) => ({ params: { planId: f.plans.yearly }, body: { provider: 'stripe' } }),
  },
  'GET /api/subscriptions': { expect: SIGNED_IN },
  'GET /api/subscriptions/:id': {
    expect: OWNER_OR_ADMIN,
    namesStudentResource: true,
    sample: (f) => ({ params: { id: f.resources.subscriptionId } }),
  },
  'POST /api/subscriptions/:id/cancel': {
    expect: OWNER_STUDENT,
    namesStudentResource: true,
    sample: (f) => ({ params: { id: f.resources.subscriptionId }, body: { atPeriodEnd: true } }),
  },
  'POST /api/subscriptions/:id/resume': {
    expect: OWNER_STUDENT,
    namesStudentResource: true,
    sample: (f) => ({ params: { id: f.resources.subscriptionId } }),
  },
  'GET /api/payment-methods': { expect: [401, '2xx', '2xx', 403] },
  'POST /api/payment-methods/setup': { expect: [401, '2xx', '2xx', 403] },
  'POST /api/payment-methods/setup/:setupId/complete': {
    expect: OWNER_STUDENT,
    namesStudentResource: true,
    sample: (f) => ({ params: { setupId: f.resources.setupId } }),
  },
  'POST /api/payment-methods/:id/default': {
    expect: OWNER_STUDENT,
    namesStudentResource: true,
    sample: (f) => ({ params: { id: f.resources.methodId } }),
  },
  'DELETE /api/payment-methods/:id': {
    expect: OWNER_STUDENT,
    namesStudentResource: true,
    sample: (f) => ({ params: { id: f.resources.methodId } }),
  },
  'GET /api/admin/exchange-rates': { expect: ADMIN_ONLY },
  'PUT /api/admin/exchange-rates': {
    expect: ADMIN_ONLY,
    sample: () => ({ body: [{ base: 'USD', quote: 'SEK', rate: '10.50', validFrom: '2021-01-04' }] }),
  },
  'POST /api/admin/exchange-rates/import': { expect: ADMIN_ONLY, sample: () => ({ xml: ECB_FILE }) },
  'GET /api/admin/reconciliation': { expect: ADMIN_ONLY },
  'POST /api/admin/reconciliation/run': { expect: ADMIN_ONLY },
  'GET /api/admin/reports/revenue': { expect: ADMIN_ONLY },
  'GET /api/admin/webhook-events': { expect: ADMIN_ONLY },
  'GET /api/admin/webhook-events/:id': {
    expect: ADMIN_ONLY,
    sample: (f) => ({ params: { id: f.webhookEventId } }),
  },
  'POST /api/admin/webhook-events/:id/replay': {
    expect: ADMIN_ONLY,
    sample: (f) => ({ params: { id: f.webhookEventId } }),
  },
  'GET /api/admin/review': { expect: ADMIN_ONLY },
  // Well-formed, but the student's payment is not under review: 409.
  'POST /api/admin/review/:paymentId/resolve': {
    expect: [401, 403, 403, 409],
    namesStudentResource: true,
    sample: (f) => ({ params: { paymentId: f.resources.paymentId }, body: { resolution: 'accept', note: 'ok' } }),
  },
  'GET /api/admin/subscriptions': { expect: ADMIN_ONLY },
  'GET /api/admin/emails': { expect: ADMIN_ONLY },
  'GET /api/admin/emails/:id': { expect: ADMIN_ONLY, sample: (f) => ({ params: { id: f.emailId } }) },
  // The student's receipt, settled (skipped: no mail server in this test): an admin may queue it again.
  'POST /api/admin/emails/:id/resend': { expect: ADMIN_ONLY, sample: (f) => ({ params: { id: f.emailId } }) },
};

const COLUMN: Readonly<Record<CallerName, number>> = { anonymous: 0, student: 1, otherStudent: 2, admin: 3 };
/** The owner goes last on each route: what they change (a cancel, a delete) must not decide the others' answers. */
const SEND_ORDER: readonly CallerName[] = ['anonymous', 'otherStudent', 'admin', 'student'];

/** The request a row describes, with the route's schemas filling in the query and body it leaves out. */
function requestFor(route: ApiRoute, row: Row, f: ApiCallers): WellFormed {
  const sample = row.sample?.(f) ?? {};
  const minimal = (part: 'query' | 'body') => minimalValue(jsonSchemaOf(route[part])!, `${routeKey(route)} ${part}`);
  const query = sample.query ?? (route.query ? (minimal('query') as Record<string, unknown>) : {});
  const body = sample.body === undefined && route.body && !route.xmlBody ? minimal('body') : sample.body;
  return {
    params: sample.params ?? {},
    query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
    headers: sample.headers ?? {},
    xml: sample.xml,
    body,
  };
}

/** What the route's own input parsing says about the request; undefined when it is well-formed. */
function malformation(route: ApiRoute, request: WellFormed): string | undefined {
  try {
    parseRouteInput(route, {
      params: request.params,
      query: request.query,
      body: request.xml ?? request.body,
      header: (name) => request.headers[name],
      isXml: route.xmlBody ? request.xml !== undefined : undefined,
    });
    return undefined;
  } catch (error) {
    return error instanceof Error
      ? `${error.message} ${JSON.stringify((error as { details?: unknown }).details ?? '')}`
      : String(error);
  }
}

function statusClass(status: number): Expected | number {
  return status >= 200 && status < 300 ? '2xx' : status;
}

describe('authorization matrix', () => {
  const keys = API_ROUTES.map(routeKey);

  it('when the route table has a route, then the matrix has a row deciding its access', () => {
    expect(keys.filter((key) => !(key in MATRIX))).toEqual([]);
  });

  it('when the matrix has a row, then the route table has that route', () => {
    expect(Object.keys(MATRIX).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it("when a row is read against its route's declared access, then they agree", () => {
    const disagreements: string[] = [];
    for (const route of API_ROUTES) {
      const row = MATRIX[routeKey(route)];
      if (!row) continue;
      const [anonymous, student, otherStudent, admin] = row.expect;
      const say = (what: string) => disagreements.push(`${routeKey(route)} (auth ${route.auth}): ${what}`);
      if (route.auth === 'public' && anonymous === 401) say('a public route refuses anonymous callers');
      if (route.auth !== 'public' && anonymous !== 401) say('anonymous callers must get 401');
      if (route.auth !== 'public' && [student, otherStudent, admin].includes(401)) say('a signed-in caller gets 401');
      if (route.auth === 'admin' && (student !== 403 || otherStudent !== 403)) say('students must get 403');
      if (route.auth === 'admin' && admin === 403) say('the admin gets 403');
      if (route.auth === 'student' && admin !== 403) say('an admin must get 403 (wrong role)');
      if (route.owner && row.namesStudentResource && route.auth !== 'admin' && otherStudent !== 404) {
        say("another student must get 404 on the student's resource");
      }
      if (route.owner === 'caller_or_admin' && row.namesStudentResource && admin !== '2xx') {
        say("an admin must reach the student's resource");
      }
      if (route.owner && !row.namesStudentResource && route.auth !== 'admin' && otherStudent === 404) {
        say('404 for another student, but the path names nothing of the student');
      }
    }
    expect(disagreements).toEqual([]);
  });

  describe('well-formed requests', () => {
    let ctx: SandboxTestContext;
    let f: ApiCallers;
    let sent = 0;
    const started = Date.now();

    beforeAll(async () => {
      ctx = await createSandboxTestContext();
      f = await apiCallers(ctx);
    }, 60_000);
    afterAll(async () => {
      // Read by whoever tunes the suite: how many requests and how long, the setup included.
      process.stdout.write(`authorization matrix: ${sent} requests in ${Date.now() - started} ms\n`);
      closeRawClient();
      await ctx?.close();
    });

    const cases = API_ROUTES.filter((route) => MATRIX[routeKey(route)]).flatMap((route) =>
      SEND_ORDER.map((caller) => [routeKey(route), caller, route] as const),
    );

    it.each(cases)('when %s is called as %s, then the answer is the one in its row', async (key, caller, route) => {
      const row = MATRIX[key];
      const request = requestFor(route, row, f);
      expect(malformation(route, request)).toBeUndefined();

      const token = caller === 'anonymous' ? undefined : f[caller].token;
      const query = queryString(Object.entries(request.query));
      const encoded = Object.fromEntries(Object.entries(request.params).map(([k, v]) => [k, percentEncode(v)]));
      const headers: Record<string, string> = { ...request.headers };
      if (token) headers.Authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (request.xml !== undefined) {
        headers['Content-Type'] = XML_TYPES[0];
        body = request.xml;
      } else if (request.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(request.body);
      }
      const res = await sendRaw(ctx.baseUrl, {
        method: route.method.toUpperCase(),
        path: `${fillPath(route.path, encoded)}${query ? `?${query}` : ''}`,
        headers,
        body,
      });
      sent += 1;

      const answer = jsonOf(res);
      const expected = row.expect[COLUMN[caller]];
      // The whole answer is printed when the status is not the row's.
      expect({
        status: statusClass(res.status),
        answer: answer ?? res.body.toString('latin1').slice(0, 200),
      }).toMatchObject({
        status: expected,
      });
      if (expected !== '2xx') {
        expect(errorShapeProblem(answer)).toBeUndefined();
        const code = (answer as { error: { code: string } }).error.code;
        if (expected === 401) expect(['unauthorized', 'invalid_token']).toContain(code);
        // A role refusal says so; another 403 (subscription_required) is the service's answer.
        const wrongRole =
          (route.auth === 'admin' && caller !== 'admin') || (route.auth === 'student' && caller === 'admin');
        if (expected === 403 && wrongRole) expect(code).toBe('forbidden');
      }
    });
  });
});
