import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';

/** A server started by the bench; `stop` is safe to call more than once. */
export interface ServerProcess {
  name: string;
  pid: number;
  baseUrl: URL;
  /** The last lines it printed, shown when it fails to start or dies. */
  recentOutput(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  cwd: string;
}

/** Starts `node <args>` with its own env; keeps the tail of its output for error reports. */
export function spawnServer(options: SpawnOptions): ServerProcess {
  const child: ChildProcess = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  // Never leave a server behind, even when the bench is ended before its own cleanup runs.
  process.once('exit', () => {
    if (!exited) child.kill('SIGTERM');
  });
  return {
    name: options.name,
    pid: child.pid,
    baseUrl: new URL(`http://127.0.0.1:${options.port}`),
    recentOutput: () => tail.join('\n'),
    exited: () => exited,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await Promise.race([exit, sleep(5_000)]);
      }
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `path` until it answers 200, the process dies, or the time limit passes. */
export async function waitForReady(server: ServerProcess, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited()) throw new Error(`${server.name} exited during start-up:\n${server.recentOutput()}`);
    try {
      const res = await fetch(new URL(path, server.baseUrl), { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${server.name} not ready after ${timeoutMs} ms:\n${server.recentOutput()}`);
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak memory of a process during one round: resets the kernel's high-water mark at the start
 * (clear_refs 5; allowed for our own children) so VmHWM covers this round only, and also samples
 * VmRSS in case the reset is not permitted.
 */
export class MemorySampler {
  private timer?: NodeJS.Timeout;
  private peakRssMiB = 0;
  private hwmReset = false;

  constructor(private readonly pid: number) {}

  start(intervalMs = 100): void {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      this.hwmReset = true;
    } catch {
      this.hwmReset = false;
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Peak resident memory in MiB over the round. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const hwm = this.hwmReset ? (statusField(this.pid, 'VmHWM') ?? 0) : 0;
    return Math.max(hwm, this.peakRssMiB);
  }

  private sample(): void {
    this.peakRssMiB = Math.max(this.peakRssMiB, statusField(this.pid, 'VmRSS') ?? 0);
  }
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, optionally with its exited children's. */
export function cpuSeconds(pid: number, withExitedChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces, start after the last ')'.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const own = fields[11] + fields[12];
    return (withExitedChildren ? own + fields[13] + fields[14] : own) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of a PostgreSQL postmaster and all its live children (backends, walwriter …). */
export function postgresCpuSeconds(postmasterPid: number | undefined): number {
  if (postmasterPid === undefined) return Number.NaN;
  // Exited backends are counted through the postmaster's cutime/cstime.
  let total = cpuSeconds(postmasterPid, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmasterPid) total += cpuSeconds(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** Machine-wide busy and total CPU jiffies, to report how loaded the host was during a round. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
