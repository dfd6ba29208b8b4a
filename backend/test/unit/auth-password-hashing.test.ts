import { randomBytes, scryptSync } from 'node:crypto';
import { RateLimitedError } from '../../src/errors/app-error';
import { BoundedSemaphore } from '../../src/services/auth/bounded-semaphore';
import { passwordHashingSlots, verifyPassword } from '../../src/services/auth/password-hasher';

/** A task that runs until released, recording that it started. */
function gatedTask(started: string[], name: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    run: () => {
      started.push(name);
      return gate.then(() => name);
    },
    release: () => release(),
  };
}

describe('BoundedSemaphore', () => {
  it('when more tasks than slots arrive, then the extra ones wait and start as slots free, in order', async () => {
    const slots = new BoundedSemaphore({ concurrency: 2, maxQueued: 5, retryAfterSeconds: 1 });
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => gatedTask(started, name));
    const results = tasks.map((task) => slots.run(task.run));
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    tasks[1]!.release();
    await results[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b', 'c']);
    tasks.forEach((task) => task.release());
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('when the waiting line is full, then the next task is refused with a 429 and is not run', async () => {
    const slots = new BoundedSemaphore({ concurrency: 1, maxQueued: 2, retryAfterSeconds: 3 });
    const started: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name) => gatedTask(started, name));
    const accepted = tasks.map((task) => slots.run(task.run));
    const refused = await slots.run(gatedTask(started, 'd').run).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ status: 429, retryAfterSeconds: 3, code: 'server_busy' });
    tasks.forEach((task) => task.release());
    await Promise.all(accepted);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('when a task fails, then its slot is freed all the same', async () => {
    const slots = new BoundedSemaphore({ concurrency: 1, maxQueued: 0, retryAfterSeconds: 1 });
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('password hashing', () => {
  it('when more hashes are asked at once than the slots and their line hold, then the extra ones are refused with a 429', async () => {
    // Cheap scrypt parameters (the stored hash names them), so the test measures admission, not CPU.
    const salt = randomBytes(16);
    const key = scryptSync('pw', salt, 64, { N: 16, r: 1, p: 1 });
    const stored = ['scrypt', 16, 1, 1, salt.toString('base64'), key.toString('base64')].join('$');
    const { concurrency, maxQueued } = passwordHashingSlots.limits;
    const outcomes = await Promise.allSettled(
      Array.from({ length: concurrency + maxQueued + 3 }, () => verifyPassword('pw', stored)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value === true)).toHaveLength(concurrency + maxQueued);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(3);
    expect(refused.every((o) => o.reason instanceof RateLimitedError)).toBe(true);
  });
});
