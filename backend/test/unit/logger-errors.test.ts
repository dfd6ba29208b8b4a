import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { AppError } from '../../src/errors/app-error';
import { withoutQuotedValues } from '../../src/errors/error-serializer';
import { ProviderError } from '../../src/errors/provider-error';
import { runWithRequestId } from '../../src/logger';
import { captureLogs } from '../support/log-lines';

const EMAIL = 'alice.liddell@wonder.example';
const HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5';
const INSERT = 'INSERT INTO "users"("email", "password_hash", "name") VALUES ($1, $2, $3) RETURNING "id"';

/** pg's error as pg-protocol fills it from PostgreSQL's ErrorResponse fields. */
function pgError(code: string, message: string, fields: Partial<DatabaseError> = {}): DatabaseError {
  const error = new DatabaseError(message, 200, 'error');
  Object.assign(
    error,
    { severity: 'ERROR', code, file: 'execMain.c', line: '2006', routine: 'ExecConstraints' },
    fields,
  );
  return error;
}

/** TypeORM's error for a failed query, built as its PostgresQueryRunner builds it. */
function queryFailed(code: string, message: string, fields: Partial<DatabaseError> = {}): QueryFailedError {
  return new QueryFailedError(INSERT, [EMAIL, HASH, 'Alice'], pgError(code, message, fields));
}

function loggedErr(err: unknown): { line: string; err: Record<string, unknown> } {
  const logs = captureLogs();
  logs.logger.error({ err }, 'failed');
  const [record] = logs.records();
  return { line: logs.text(), err: record.err as Record<string, unknown> };
}

describe('logger: errors are written without SQL, parameters or payloads', () => {
  it('when a QueryFailedError is logged, then its name, message, code and stack stay and the SQL, parameters and row detail go', () => {
    const error = queryFailed(
      '23502',
      'null value in column "course_id" of relation "payments" violates not-null constraint',
      {
        detail: `Failing row contains (1, ${EMAIL}, ${HASH}, null).`,
        table: 'payments',
        column: 'course_id',
        schema: 'public',
      },
    );
    // As TypeORM builds it: the SQL, the parameters and pg's detail are all on the error itself.
    expect(error).toMatchObject({
      query: INSERT,
      parameters: [EMAIL, HASH, 'Alice'],
      detail: expect.stringContaining(EMAIL),
    });

    const { line, err } = loggedErr(error);
    expect(line).not.toContain(EMAIL);
    expect(line).not.toContain('scrypt$');
    expect(line).not.toContain('INSERT INTO');
    expect(line).not.toContain('Failing row');
    expect(err).toEqual({
      name: 'QueryFailedError',
      message: 'null value in column "course_id" of relation "payments" violates not-null constraint',
      code: '23502',
      table: 'payments',
      column: 'course_id',
      stack: expect.stringMatching(/^QueryFailedError: null value in column "course_id"[^\n]*\n\s+at /),
    });
  });

  it('when PostgreSQL quotes the refused value in its message, then the value is replaced and object names stay', () => {
    const { line, err } = loggedErr(queryFailed('22P02', `invalid input syntax for type uuid: "${EMAIL}"`));
    expect(line).not.toContain(EMAIL);
    expect(err.message).toBe('invalid input syntax for type uuid: "[value]"');
    expect(err.stack).toMatch(/^QueryFailedError: invalid input syntax for type uuid: "\[value\]"\n/);

    expect(withoutQuotedValues('value "99999999999" is out of range for type integer')).toBe(
      'value "[value]" is out of range for type integer',
    );
    expect(withoutQuotedValues('duplicate key value violates unique constraint "users_email_key"')).toBe(
      'duplicate key value violates unique constraint "users_email_key"',
    );
    expect(withoutQuotedValues('invalid byte sequence for encoding "UTF8": 0x00')).toBe(
      'invalid byte sequence for encoding "UTF8": 0x00',
    );
  });

  it("when pg's own DatabaseError is logged (no TypeORM around it), then its detail and where go too", () => {
    const { line, err } = loggedErr(
      pgError('23505', 'duplicate key value violates unique constraint "users_email_key"', {
        detail: `Key (email)=(${EMAIL}) already exists.`,
        constraint: 'users_email_key',
        where: `SQL statement "${INSERT}"`,
      }),
    );
    expect(line).not.toContain(EMAIL);
    expect(line).not.toContain('INSERT INTO');
    expect(err).toMatchObject({ name: 'error', code: '23505', constraint: 'users_email_key' });
  });

  it('when an error wraps another (cause), then the inner one is written by the same rules, also in a cycle', () => {
    const inner = queryFailed('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
    const outer = new Error('could not register', { cause: inner });
    (inner as { cause?: unknown }).cause = outer;
    const { line, err } = loggedErr(outer);
    expect(line).not.toContain(EMAIL);
    expect(line).not.toContain('scrypt$');
    expect(err).toMatchObject({
      name: 'Error',
      message: 'could not register',
      cause: { name: 'QueryFailedError', code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' },
    });
    expect((err.cause as Record<string, unknown>).cause).toBeUndefined();
  });

  it('when an SDK or HTTP error carries the request and response, then only name, message, code and status are kept', () => {
    const sdkError = Object.assign(new Error('Request failed'), {
      code: 'resource_missing',
      statusCode: 404,
      raw: { message: 'No such customer', customer_email: EMAIL },
      headers: { 'request-id': 'req_1' },
      request: { body: `email=${encodeURIComponent(EMAIL)}` },
      response: { data: { email: EMAIL } },
      body: { email: EMAIL },
      rawBody: `{"email":"${EMAIL}"}`,
    });
    const { line, err } = loggedErr(sdkError);
    expect(line).not.toContain('wonder.example');
    expect(err).toEqual({
      name: 'Error',
      message: 'Request failed',
      code: 'resource_missing',
      status: 404,
      stack: expect.any(String),
    });
  });

  it('when our own errors are logged, then their code, status, kind and provider stay and their details go', () => {
    const app = loggedErr(new AppError(503, 'not_ready', 'Not yet', { email: EMAIL })).err;
    expect(app).toMatchObject({ name: 'AppError', code: 'not_ready', status: 503, message: 'Not yet' });
    const provider = loggedErr(
      new ProviderError('unavailable', 'paypal', 'paypal is unavailable', { details: { payer: EMAIL } }),
    );
    expect(provider.err).toMatchObject({
      name: 'ProviderError',
      kind: 'unavailable',
      code: 'provider_unavailable',
      provider: 'paypal',
    });
    expect(provider.line + JSON.stringify(app)).not.toContain(EMAIL);
  });

  it('when something that is not an Error is logged as err, then only its type or its text is written', () => {
    expect(loggedErr({ email: EMAIL }).err).toEqual({ name: 'NonError', message: 'object' });
    expect(loggedErr('boom').err).toEqual({ name: 'NonError', message: 'boom' });
  });

  it('when a log object has payload or body fields, then they are redacted', () => {
    const logs = captureLogs();
    logs.logger.warn({ payload: { email: EMAIL }, event: { body: EMAIL, rawBody: EMAIL, id: 'evt_1' } }, 'stored');
    expect(logs.text()).not.toContain(EMAIL);
    expect(logs.records()[0]).toMatchObject({ event: { id: 'evt_1', body: '[redacted]' } });
  });
});

describe('logger: request ids', () => {
  it('when a line is written while a request runs, then it carries the request id once, also from its child logger', () => {
    const logs = captureLogs();
    runWithRequestId('req-42', () => {
      logs.logger.info('from a service');
      logs.logger.child({ requestId: 'req-42' }).info('from the request log');
      logs.logger.info({ requestId: 'explicit' }, 'explicit wins');
    });
    logs.logger.info('outside any request');
    const records = logs.records();
    expect(records.map((r) => [r.msg, r.requestId])).toEqual([
      ['from a service', 'req-42'],
      ['from the request log', 'req-42'],
      ['explicit wins', 'explicit'],
      ['outside any request', undefined],
    ]);
    for (const line of logs.lines) expect(line.match(/"requestId"/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('when work started in a request continues after an await, then its lines still carry the id', async () => {
    const logs = captureLogs();
    await new Promise<void>((resolve) =>
      runWithRequestId('req-async', () => {
        void (async () => {
          await new Promise((r) => setTimeout(r, 5));
          logs.logger.info('later');
          resolve();
        })();
      }),
    );
    expect(logs.records()[0]).toMatchObject({ msg: 'later', requestId: 'req-async' });
  });
});
