import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { untilAnnounced } from './ready';

export const CHROMIUM = '/usr/bin/chromium';
/** The flags this machine's Chromium needs headless (see the environment notes). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails with the install line when Debian's Chromium is missing (CI installs it in .ci/run). */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the browser tests drive it. Install it with: ` +
        'apt-get install -y chromium',
    );
  return CHROMIUM;
}

export interface WebServer {
  base: string;
  dir: string;
  databaseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The real server as `npm start` runs it (channels/http/main.ts: migrate, seed, build web/ when its build is
 * missing or stale, serve API and pages on one port), on a fresh temp database.
 */
export async function startWebServer(opts: { timeoutMs?: number; env?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-web-'));
  const databaseUrl = `file:${join(dir, 'megilance.db')}`;
  const server: ChildProcess = spawn(resolve('node_modules/.bin/tsx'), ['channels/http/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0', // any free port: it says which (untilAnnounced)
      LOG_LEVEL: 'info',
      WEB_ENABLED: 'true',
      WEB_DEV: 'false',
      // Its own build folder, built from a fresh demo seed (deterministic, so every test database has the same
      // hire pages) and reused while web/ is unchanged.
      WEB_DIST_DIR: '.next-test',
      // As on a fresh clone: jobs (the matching index after the seed) run in the server, not in a worker
      // that this test does not start (CI exports REDIS_URL for the BullMQ tests).
      REDIS_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout?.on('data', (d) => (output += d));
  server.stderr?.on('data', (d) => (output += d));
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when the web app answers too (the API listens only after the web app is up).
  const base = await untilAnnounced(server, {
    timeoutMs: opts.timeoutMs ?? 240_000,
    output: () => output,
  }).catch(async (err) => {
    await stop();
    throw err;
  });
  return { base, dir, databaseUrl, output: () => output, stop } satisfies WebServer;
}
