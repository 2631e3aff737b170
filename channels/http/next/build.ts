import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Next.js app's folder (web/ at the repository root), wherever the process was started from. */
export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web');
/** Where the production build goes (web/.next; WEB_DIST_DIR for tests and benches, read by next.config.ts too). */
export const distDir = () => join(WEB_DIR, process.env.WEB_DIST_DIR ?? '.next');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.next') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why web/ needs a production build, or null when web/.next is there and newer than every source file. */
export function webBuildNeeded(): string | null {
  const buildId = join(distDir(), 'BUILD_ID');
  if (!existsSync(buildId)) return 'no production build yet (web/.next is missing)';
  if (newestSource(WEB_DIR) > statSync(buildId).mtimeMs) return 'web/ changed since the last build';
  return null;
}

const LOCK_STALE_MS = 10 * 60_000;

/**
 * Runs `fn` while holding a lock file beside the build folder, so two servers starting at once do not
 * build into the same folder together; the second waits, then finds the build done.
 */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = `${distDir()}.lock`;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (existsSync(lock) ? statSync(lock).mtimeMs : Date.now());
      if (age > LOCK_STALE_MS) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** A relative `file:` database URL made absolute, so the build reads the same file the server does. */
function absoluteDbUrl(url: string): string {
  if (!url.startsWith('file:')) return url;
  const path = url.slice('file:'.length);
  return isAbsolute(path) ? url : `file:${resolve(process.cwd(), path)}`;
}

export interface BuildOptions {
  databaseUrl: string;
  /** Where Next's own progress lines go (default: this process's stdout and stderr). */
  output?: 'inherit' | ((line: string) => void);
}

/**
 * `next build web`, in a child process so its memory is returned when it ends. The hire pages read the
 * database while building, so it runs after migrations and the demo seed.
 */
export function buildWeb(opts: BuildOptions): Promise<void> {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'build', WEB_DIR], {
    cwd: dirname(WEB_DIR),
    env: { ...process.env, DATABASE_URL: absoluteDbUrl(opts.databaseUrl), NEXT_TELEMETRY_DISABLED: '1' },
    stdio: opts.output === 'inherit' || !opts.output ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const sink = typeof opts.output === 'function' ? opts.output : null;
  const onData = (d: Buffer) => {
    const text = d.toString();
    tail = (tail + text).slice(-4000);
    if (sink) for (const line of text.split('\n')) if (line.trim()) sink(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? ok() : fail(new Error(`next build failed (exit ${code}).${tail ? `\n${tail}` : ''}`)),
    );
  });
}
