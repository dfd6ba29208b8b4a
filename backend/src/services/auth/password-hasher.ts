import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BoundedSemaphore } from './bounded-semaphore';

/**
 * scrypt (memory-hard) password hashes, stored as `scrypt$N$r$p$salt$hash` so the parameters
 * can be raised later without invalidating existing hashes.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const MAX_MEMORY = 128 * PARAMS.N * PARAMS.r * 2;

/**
 * Every hash of the process passes through these slots. A hash takes tens of milliseconds of
 * CPU on one of libuv's 4 threads: at most one per core and never more than 3, so a login spray
 * can neither starve the event loop's CPU nor take the thread DNS lookups and file reads need.
 * 128 more may wait (a few seconds of work at most: a burst of sign-ups, or a test creating a
 * hundred students at once); past that a login or registration gets a 429 at once.
 */
export const passwordHashingSlots = new BoundedSemaphore({
  concurrency: Math.min(availableParallelism(), 3),
  maxQueued: 128,
  retryAfterSeconds: 1,
});

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return passwordHashingSlots.run(
    () =>
      new Promise((resolve, reject) =>
        scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { ...PARAMS, maxmem: MAX_MEMORY });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const N = Number(n);
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 128 * N * Number(r) * 2,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash of a random password, verified against when the email is unknown so both take as long
 * (and cost a hashing slot). Made once; a refused first attempt (busy slots) is not kept.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex')).catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}
