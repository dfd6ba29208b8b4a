import express from 'express';
import { DatabaseError } from 'pg';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { errorHandler, notFound } from '../../src/http/middleware/error.middleware';
import { requestId } from '../../src/http/middleware/request-id.middleware';
import { captureLogs } from '../support/log-lines';

const VALUE = 'bob@values.example';

function queryFailed(code: string, message: string): QueryFailedError {
  const driverError = new DatabaseError(message, 100, 'error');
  Object.assign(driverError, { severity: 'ERROR', code, detail: `Failing row contains (${VALUE}).` });
  return new QueryFailedError('UPDATE users SET name = $1', [VALUE], driverError);
}

/** The real error middleware behind the request-id middleware, with a route that fails with `err`. */
async function answer(err: unknown) {
  const logs = captureLogs();
  const app = express();
  app.use(requestId(logs.logger));
  app.get('/boom', () => {
    throw err;
  });
  app.use(notFound);
  app.use(errorHandler(logs.logger, false));
  const res = await request(app).get('/boom').set('X-Request-Id', 'req-db-1');
  return { res, logs };
}

describe('error middleware: database data errors', () => {
  it.each([
    ['22001', 'value too long for type character varying(200)'],
    ['22003', `value "${VALUE}" is out of range for type integer`],
    ['22007', `invalid input syntax for type timestamp with time zone: "${VALUE}"`],
    ['22008', `date/time field value out of range: "${VALUE}"`],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P02', `invalid input syntax for type uuid: "${VALUE}"`],
    ['22P05', 'unsupported Unicode escape sequence'],
    ['2200H', 'nextval: reached maximum value of sequence'],
  ])('when the database refuses a value with %s, then 400 invalid_input names no value', async (code, message) => {
    const { res, logs } = await answer(queryFailed(code, message));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 'invalid_input', message: expect.stringMatching(/^A .+ in the request/), requestId: 'req-db-1' },
    });
    expect(JSON.stringify(res.body)).not.toContain(VALUE);
    // Logged once, for whoever fixes the validator that let it through; without the value.
    const lines = logs.records().filter((r) => r.msg === 'database refused a value from the request');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, requestId: 'req-db-1', err: expect.objectContaining({ code }) }),
    ]);
    expect(logs.text()).not.toContain(VALUE);
  });

  it("when pg's own DatabaseError (no TypeORM around it) is a data error, then it is 400 too", async () => {
    const driverError = Object.assign(
      new DatabaseError('invalid byte sequence for encoding "UTF8": 0x00', 1, 'error'),
      {
        severity: 'ERROR',
        code: '22021',
      },
    );
    const { res } = await answer(driverError);
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_input']);
  });

  it.each([
    ['23502', 'null value in column "course_id" of relation "payments" violates not-null constraint'],
    ['23514', 'new row for relation "payments" violates check constraint "payments_amount_check"'],
    ['23505', 'duplicate key value violates unique constraint "users_email_key"'],
    ['42703', 'column "nme" does not exist'],
  ])('when the database refuses with %s (our bug, not the input), then it stays 500', async (code, message) => {
    const { res, logs } = await answer(queryFailed(code, message));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: { code: 'internal_error', message: expect.any(String), requestId: 'req-db-1' },
    });
    expect(logs.records()).toContainEqual(
      expect.objectContaining({
        msg: 'unhandled error',
        requestId: 'req-db-1',
        err: expect.objectContaining({ code }),
      }),
    );
    expect(logs.text()).not.toContain(VALUE);
  });

  it('when a non-database error has a five-letter code (EPIPE), then it is not taken for a data error', async () => {
    const { res } = await answer(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(res.status).toBe(500);
  });

  it('when no route matches, then the 404 body carries the request id as well', async () => {
    const logs = captureLogs();
    const app = express();
    app.use(requestId(logs.logger));
    app.use(notFound);
    const res = await request(app).get('/nowhere').set('X-Request-Id', 'req-404');
    expect(res.body).toEqual({
      error: { code: 'route_not_found', message: 'No route for GET /nowhere', requestId: 'req-404' },
    });
  });
});
