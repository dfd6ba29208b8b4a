import { paypalTime } from '@lms/sandbox';
import { crc32 } from '../../src/providers/paypal/paypal-webhooks';
import { sandboxControl, sandboxEvents } from './purchase';
import { api, type SandboxTestContext } from './test-app';

/** A signed PayPal delivery as someone who captured it holds it: its headers and exact body. */
export interface Transmission {
  headers: Record<string, string>;
  body: string;
}

/** A new signed transmission of a sandbox event (not sent), stamped `at` (default now). */
export async function transmissionOf(ctx: SandboxTestContext, eventId: string, at?: Date): Promise<Transmission> {
  return (await sandboxControl(
    `${ctx.sandbox.paypal.url}/_sandbox/events/${eventId}/transmission`,
    at ? { transmission_time: paypalTime(at) } : {},
  )) as Transmission;
}

/** Posts a transmission to the app's PayPal webhook endpoint as PayPal would. */
export function deliver(ctx: SandboxTestContext, transmission: Transmission) {
  return api(ctx.app)
    .post('/api/payments/webhook/paypal')
    .set(transmission.headers)
    .set('Content-Type', 'application/json')
    .send(transmission.body);
}

/** The sandbox's PayPal event of this type whose resource matches, newest first. */
export async function payPalEvent(
  ctx: SandboxTestContext,
  type: string,
  matches: (resource: Record<string, unknown>) => boolean,
): Promise<{ id: string; payload: Record<string, unknown> }> {
  const event = (await sandboxEvents(ctx.sandbox.paypal.url)).find(
    (e) => e.type === type && matches(e.payload.resource as Record<string, unknown>),
  );
  if (!event) throw new Error(`the sandbox produced no matching ${type}`);
  return event;
}

/** Rows the inbox holds: events and transmissions. */
export async function inboxCounts(ctx: SandboxTestContext): Promise<{ events: number; transmissions: number }> {
  const [row] = await ctx.db.dataSource.query(
    `SELECT (SELECT count(*)::int FROM webhook_events) AS events,
            (SELECT count(*)::int FROM webhook_transmissions) AS transmissions`,
  );
  return row as { events: number; transmissions: number };
}

/** How often the sandbox served its signing certificate. */
export async function certDownloads(ctx: SandboxTestContext): Promise<number> {
  const res = await fetch(`${ctx.sandbox.paypal.url}/_sandbox/config`);
  return ((await res.json()) as { cert_downloads: number }).cert_downloads;
}

/**
 * The 4 bytes that, written at `at` in `candidate`, give it the CRC32 of `target`. CRC32 is affine
 * over GF(2): crc(c ^ d) = crc(c) ^ crc(d) ^ crc(0…0) for messages of one length, so the change
 * `d` confined to 4 bytes is the solution of 32 linear equations, found by elimination.
 */
function crcPatch(candidate: Buffer, at: number, target: number): Buffer {
  const zero = crc32(Buffer.alloc(candidate.length));
  const want = (crc32(candidate) ^ target) >>> 0;
  // Column i: how flipping bit i of the 4 bytes changes the CRC.
  const columns: number[] = [];
  for (let bit = 0; bit < 32; bit++) {
    const unit = Buffer.alloc(candidate.length);
    unit[at + (bit >> 3)] = 1 << (bit & 7);
    columns.push((crc32(unit) ^ zero) >>> 0);
  }
  // Rows: one per CRC bit, the unknowns' coefficients (a 32-bit mask) and the wanted bit.
  const rows = Array.from({ length: 32 }, (_, j) => ({
    mask: columns.reduce((m, col, i) => (((col >>> j) & 1) === 1 ? (m | (1 << i)) >>> 0 : m), 0),
    value: (want >>> j) & 1,
  }));
  for (let i = 0; i < 32; i++) {
    const pivot = rows.findIndex((r, k) => k >= i && ((r.mask >>> i) & 1) === 1);
    if (pivot < 0) throw new Error('CRC32 over 4 consecutive bytes is always solvable');
    [rows[i], rows[pivot]] = [rows[pivot], rows[i]];
    for (let k = 0; k < 32; k++) {
      if (k !== i && ((rows[k].mask >>> i) & 1) === 1) {
        rows[k] = { mask: (rows[k].mask ^ rows[i].mask) >>> 0, value: rows[k].value ^ rows[i].value };
      }
    }
  }
  const patch = Buffer.from(candidate.subarray(at, at + 4));
  rows.forEach((r, i) => {
    if (r.value) patch[i >> 3] ^= 1 << (i & 7);
  });
  return patch;
}

/** Printable ASCII that stays itself inside a JSON string (no quote, no backslash). */
const isJsonSafe = (b: number) => b >= 0x20 && b <= 0x7e && b !== 0x22 && b !== 0x5c;

/**
 * A different, valid JSON event with the same CRC32 as `original`: `forge` edits a copy of the
 * event, then 4 bytes of its `summary` are solved for the checksum, retried with another filler
 * until they are printable, so the forged body passes PayPal's signature made for `original`.
 */
export function sameCrcBody(original: string, forge: (event: Record<string, unknown>) => void): string {
  const target = crc32(Buffer.from(original));
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const event = JSON.parse(original) as Record<string, unknown>;
    forge(event);
    event.summary = `Payment completed ${attempt} ~~~~`;
    const candidate = Buffer.from(JSON.stringify(event));
    const at = candidate.indexOf('~~~~');
    const patch = crcPatch(candidate, at, target);
    if (![...patch].every(isJsonSafe)) continue;
    patch.copy(candidate, at);
    const forged = candidate.toString('utf8');
    JSON.parse(forged);
    if (crc32(Buffer.from(forged)) !== target) throw new Error('the patch did not give the CRC32');
    return forged;
  }
  throw new Error('no printable CRC32 patch found');
}
