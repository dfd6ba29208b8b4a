import http from 'node:http';
import type { Delivery } from './events';

export interface LoadOptions {
  url: URL;
  concurrency: number;
  sign: (body: Buffer) => string;
  /** The whole round stops sending after this, whatever is left. */
  deadlineMs: number;
  /** A delivery answered with a non-2xx or a socket error is re-sent, as Stripe would. */
  maxAttempts?: number;
  requestTimeoutMs?: number;
}

export interface LoadResult {
  /** Acknowledgement latency (ms) of every delivery that got a 2xx, in completion order. */
  latenciesMs: Float64Array;
  acknowledged: number;
  /** Deliveries the server said it had seen before (`{duplicate: true}`). */
  reportedDuplicates: number;
  /** Failed attempts (non-2xx or transport errors), and deliveries given up on. */
  failedAttempts: number;
  abandoned: number;
  statusCounts: Record<string, number>;
  /** performance.now() of the first send and of the last acknowledgement. */
  startedAt: number;
  finishedAt: number;
  timedOut: boolean;
}

interface Reply {
  status: number;
  body: string;
}

/** One POST over the shared keep-alive agent; resolves with the status and body, rejects on transport errors. */
function post(agent: http.Agent, url: URL, body: Buffer, signature: string, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': body.length,
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function isDuplicateReply(body: string): boolean {
  try {
    return (JSON.parse(body) as { duplicate?: unknown }).duplicate === true;
  } catch {
    return false;
  }
}

/**
 * Sends every delivery in order with `concurrency` workers over keep-alive connections (like a
 * provider's delivery fleet hitting one endpoint), timing each acknowledgement.
 */
export async function sendAll(deliveries: Delivery[], options: LoadOptions): Promise<LoadResult> {
  const maxAttempts = options.maxAttempts ?? 3;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.concurrency,
    maxFreeSockets: options.concurrency,
  });
  const latencies = new Float64Array(deliveries.length);
  const result: LoadResult = {
    latenciesMs: latencies,
    acknowledged: 0,
    reportedDuplicates: 0,
    failedAttempts: 0,
    abandoned: 0,
    statusCounts: {},
    startedAt: performance.now(),
    finishedAt: 0,
    timedOut: false,
  };
  let cursor = 0;

  const deliver = async (delivery: Delivery): Promise<void> => {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const sentAt = performance.now();
      try {
        const reply = await post(agent, options.url, delivery.body, options.sign(delivery.body), timeoutMs);
        result.statusCounts[reply.status] = (result.statusCounts[reply.status] ?? 0) + 1;
        if (reply.status >= 200 && reply.status < 300) {
          latencies[result.acknowledged++] = performance.now() - sentAt;
          if (isDuplicateReply(reply.body)) result.reportedDuplicates++;
          return;
        }
      } catch {
        result.statusCounts.error = (result.statusCounts.error ?? 0) + 1;
      }
      result.failedAttempts++;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
    result.abandoned++;
  };

  const worker = async (): Promise<void> => {
    while (cursor < deliveries.length) {
      if (Date.now() > options.deadlineMs) {
        result.timedOut = true;
        return;
      }
      await deliver(deliveries[cursor++]);
    }
  };

  try {
    await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  } finally {
    agent.destroy();
  }
  result.finishedAt = performance.now();
  result.latenciesMs = latencies.subarray(0, result.acknowledged);
  return result;
}
