import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from './ready';

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
  const env = {
    DATABASE_URL: databaseUrl,
    WEB_ENABLED: 'true',
    WEB_DEV: 'false',
    // Its own build folder, built from a fresh demo seed (deterministic, so every test database has the same
    // hire pages) and reused while web/ is unchanged.
    WEB_DIST_DIR: '.next-test',
    // As on a fresh clone: jobs (the matching index after the seed) run in the server, not in a worker
    // that this test does not start (CI exports REDIS_URL for the BullMQ tests).
    REDIS_URL: '',
    ...opts.env,
  };
  // Ready when the web app answers too (the API listens only after the web app is up).
  const {
    child: server,
    base,
    output,
  } = await startServerProcess(env, {
    timeoutMs: opts.timeoutMs ?? 240_000,
  }).catch((err) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { base, dir, databaseUrl, output, stop } satisfies WebServer;
}
