import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RedisRateCounter } from '../../channels/http/limits/redis';
import { type Db, openDb } from '../../db/client';
import { BullJobQueue, createJobWorker } from '../../jobs/index';
import { defineJob } from '../../jobs/queue';
import { freePort } from '../support/sqld';

/**
 * Issue 11: Redis crashes (SIGKILL) and comes back, empty, while the API and a worker are connected. The
 * job queue and the worker reconnect by themselves: jobs sent after the restart run; shared rate limits
 * count again. This uses a Redis of its own (the suite's shared one keeps serving other tests).
 */
const REDIS = '/usr/bin/redis-server';

let dir: string;
let port: number;
let redis: ChildProcess;
let db: Db;
let queue: BullJobQueue;
let worker: Worker;
let counter: RedisRateCounter;
const ran: number[] = [];

const probe = defineJob({
  name: 'fault_probe',
  data: z.object({ n: z.number().int() }),
  attempts: 5,
  async run(_ctx, data) {
    ran.push(data.n);
  },
});

async function startRedis(): Promise<ChildProcess> {
  const child = spawn(
    REDIS,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Up when this child is alive and something answers PING on its port (a taken port alone could be
    // anyone's).
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
    if (await pong()) return child;
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function pong(): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    s.setTimeout(1_000, () => s.destroy());
    s.once('data', (d) => {
      s.destroy();
      res(d.toString().startsWith('+PONG'));
    });
    s.once('error', () => res(false));
    s.once('close', () => res(false));
  });
}

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('faults: Redis restarts under a connected queue, worker and rate limiter', () => {
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'megilance-redis-'));
    db = await openDb({ url: `file:${join(dir, 'x.db')}` });
    const url = `redis://127.0.0.1:${port}`;
    queue = new BullJobQueue({ url, jobs: [probe], backoffMs: 100, enqueueTimeoutMs: 2_000 });
    worker = createJobWorker({ url, db, jobs: [probe], concurrency: 1 });
    counter = new RedisRateCounter(url, 'fault:rate:');
  }, 30_000);

  afterAll(async () => {
    await worker?.close(true).catch(() => undefined);
    await queue?.close().catch(() => undefined);
    await counter?.close().catch(() => undefined);
    redis?.kill('SIGKILL');
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('jobs sent after the restart run, and rate limits count again', async () => {
    const now = new Date();
    await queue.enqueue(probe, { n: 1 });
    await until('job 1', () => ran.includes(1));
    expect((await counter.take('user-1', 2, now)).allowed).toBe(true);

    const exited = new Promise((r) => redis.once('exit', r));
    redis.kill('SIGKILL');
    await exited;
    redis = await startRedis();

    // The clients reconnect on their own; a send may fail while they do, and a caller retries.
    for (let attempt = 0; !ran.includes(2) && attempt < 50; attempt++) {
      await queue.enqueue(probe, { n: 2 }).catch(() => undefined);
      await until('job 2', () => ran.includes(2), 2_000).catch(() => undefined);
    }
    expect(ran).toContain(2);
    await queue.enqueue(probe, { n: 3 });
    await until('job 3', () => ran.includes(3));

    // The restarted Redis is empty: the window starts again, and the cap holds again.
    expect((await counter.take('user-1', 2, now)).allowed).toBe(true);
    expect((await counter.take('user-1', 2, now)).allowed).toBe(true);
    expect((await counter.take('user-1', 2, now)).allowed).toBe(false);
    expect(ran.filter((n) => n === 3)).toHaveLength(1);
  }, 120_000);
});
