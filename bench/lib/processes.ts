/**
 * Child processes of a benchmark run (simulator, gateway, peers): started on 127.0.0.1 on free
 * ports, waited for, measured (RSS from /proc), and stopped by their own pid only.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Child {
  name: string;
  pid: number;
  url: string;
  logFile: string;
  /** Milliseconds from spawn to the first answered readiness probe. */
  startMs: number;
  rssKiB(): number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, found by binding port 0 and releasing it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resident set size of a process in KiB (0 once it is gone). */
export function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak in KiB. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number } {
  let peak = rssKiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssKiB(pid))), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssKiB(pid));
    },
  };
}

export interface StartOptions {
  name: string;
  command: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Probed until it answers with any HTTP status. */
  readyUrl: string;
  url: string;
  logFile: string;
  timeoutMs?: number;
  probe?: RequestInit;
}

/** Spawns a server, waits until `readyUrl` answers, and reports how long that took. */
export async function startChild(options: StartOptions): Promise<Child> {
  const log = openSync(options.logFile, 'a');
  const started = performance.now();
  const child = Bun.spawn(options.command, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdout: log,
    stderr: log,
    stdin: 'ignore',
  });
  closeSync(log);
  const deadline = started + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode} before it was ready; see ${options.logFile}`);
    try {
      await fetch(options.readyUrl, { ...options.probe, signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${options.name} not ready after ${options.timeoutMs ?? 20_000} ms; see ${options.logFile}`);
      }
      await Bun.sleep(5);
    }
  }
  const startMs = performance.now() - started;
  return {
    name: options.name,
    pid: child.pid,
    url: options.url,
    logFile: options.logFile,
    startMs,
    rssKiB: () => rssKiB(child.pid),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const exited = await Promise.race([child.exited.then(() => true), Bun.sleep(3000).then(() => false)]);
      if (!exited) child.kill('SIGKILL');
      await child.exited;
    },
  };
}
