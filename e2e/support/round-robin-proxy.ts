import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyTargetStats {
  target: string;
  /** Requests handed to this target, and those it answered (any status). */
  sent: number;
  answered: number;
  /** Requests that found the target down or lost it mid-answer (answered 502 to the client). */
  failed: number;
}

export interface RoundRobinProxy {
  url: string;
  setTargets(targets: string[]): void;
  stats(): ProxyTargetStats[];
  close(): Promise<void>;
}

/**
 * The load balancer in front of the API processes, as small as it can be: each request goes to
 * the next target in turn, byte for byte (webhook signatures cover the raw body). A target that
 * is down or dies mid-request gives the client a 502, as a real balancer without retries would;
 * the provider (or the client) retries, and round robin sends the retry elsewhere.
 */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let targets: string[] = [];
  let next = 0;
  const stats = new Map<string, ProxyTargetStats>();
  const statsOf = (target: string) => {
    let entry = stats.get(target);
    if (!entry) stats.set(target, (entry = { target, sent: 0, answered: 0, failed: 0 }));
    return entry;
  };

  const server = http.createServer((req, res) => {
    if (targets.length === 0) {
      res.writeHead(503).end();
      return;
    }
    const target = targets[next++ % targets.length];
    const counted = statsOf(target);
    counted.sent += 1;
    const url = new URL(req.url ?? '/', target);
    const upstream = http.request(
      url,
      { method: req.method, headers: { ...req.headers, host: url.host } },
      (answer) => {
        counted.answered += 1;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => {
      counted.failed += 1;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
      else res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTargets(list) {
      targets = [...list];
    },
    stats: () => [...stats.values()],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
