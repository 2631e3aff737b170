import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config';
import { type Db, openDb } from '../db/client';
import { all, run } from '../db/sql';
import {
  BullJobQueue,
  createJobQueue,
  createJobWorker,
  DeferredJobs,
  defineJob,
  InlineJobQueue,
  JobError,
  type JobQueue,
} from '../jobs/index';
import { createRuntime } from '../runtime';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL)
  console.warn(
    'tests/jobs.test.ts: REDIS_URL is not set, so the BullMQ runner tests are SKIPPED. ' +
      'Run them with REDIS_URL=redis://127.0.0.1:6379 (a local redis-server).',
  );

const BACKOFF_MS = 60;

// ---- test jobs: each writes rows into job_runs, a table this file creates (no migration) ----

interface RunRow {
  tag: string;
  attempt: number;
  at_ms: number;
}

const touch = defineJob({
  name: 'touch',
  data: z.object({ tag: z.string().min(1) }),
  async run(ctx, { tag }) {
    await ctx.db.write((tx) =>
      run(tx, 'INSERT INTO job_runs (tag, attempt, at_ms) VALUES (?, ?, ?)', [tag, ctx.attempt, Date.now()]),
    );
  },
});

/** Fails its first `failTimes` attempts, recording each one. */
const flaky = defineJob({
  name: 'flaky',
  data: z.object({ tag: z.string(), failTimes: z.number().int() }),
  async run(ctx, { tag, failTimes }) {
    await ctx.db.write((tx) =>
      run(tx, 'INSERT INTO job_runs (tag, attempt, at_ms) VALUES (?, ?, ?)', [tag, ctx.attempt, Date.now()]),
    );
    if (ctx.attempt <= failTimes) throw new Error(`flaky ${tag} attempt ${ctx.attempt}`);
  },
});

const alwaysFail = defineJob({
  name: 'always_fail',
  data: z.object({ tag: z.string() }),
  async run(ctx, { tag }) {
    await ctx.db.write((tx) =>
      run(tx, 'INSERT INTO job_runs (tag, attempt, at_ms) VALUES (?, ?, ?)', [tag, ctx.attempt, Date.now()]),
    );
    throw new Error(`nope: ${tag}`);
  },
});

/** Signals `started`, sleeps, then writes: lets a test close the runner mid-job. */
const started = new Set<string>();
const slow = defineJob({
  name: 'slow',
  data: z.object({ tag: z.string(), ms: z.number().int() }),
  async run(ctx, { tag, ms }) {
    started.add(tag);
    await sleep(ms);
    await ctx.db.write((tx) =>
      run(tx, 'INSERT INTO job_runs (tag, attempt, at_ms) VALUES (?, ?, ?)', [tag, ctx.attempt, Date.now()]),
    );
  },
});

const testJobs = [touch, flaky, alwaysFail, slow];

// ---- shared fixtures ----

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'megilance-jobs-'));
  db = await openDb({ url: `file:${join(dir, 'jobs.db')}` });
  await db.script(
    'CREATE TABLE job_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, tag TEXT NOT NULL, attempt INTEGER NOT NULL, at_ms INTEGER NOT NULL)',
  );
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function uniqueTag(label: string) {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

async function runsOf(tag: string): Promise<RunRow[]> {
  const rows = await all<RunRow>(
    db.reader,
    'SELECT tag, attempt, at_ms FROM job_runs WHERE tag = ? ORDER BY id',
    [tag],
  );
  return rows.map((r) => ({ tag: r.tag, attempt: Number(r.attempt), at_ms: Number(r.at_ms) }));
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** What each runner's tests need: the API-side queue and a graceful stop of whatever runs the jobs. */
interface Runner {
  queue: JobQueue;
  /** Inline: queue.close(). BullMQ: worker.close() (what `npm run worker` does on SIGTERM). */
  stopGracefully(): Promise<void>;
  dispose(): Promise<void>;
}

// ---- the same behaviour, for both runners ----

function runnerContract(makeRunner: () => Promise<Runner>) {
  let r: Runner;

  afterEach(async () => {
    await r?.dispose();
  });

  test('a job runs after enqueue and its effect lands in the database', async () => {
    r = await makeRunner();
    const tag = uniqueTag('touch');
    const res = await r.queue.enqueue(touch, { tag });
    expect(res.deduplicated).toBe(false);
    expect(res.id).toMatch(/^job_/);
    await r.queue.drain();
    expect(await runsOf(tag)).toEqual([expect.objectContaining({ tag, attempt: 1 })]);
    expect(await r.queue.failed()).toEqual([]);
  });

  test('a failing job is retried with exponential backoff, then succeeds', async () => {
    r = await makeRunner();
    const tag = uniqueTag('flaky');
    await r.queue.enqueue(flaky, { tag, failTimes: 2 }, { attempts: 3 });
    await r.queue.drain();
    const runs = await runsOf(tag);
    expect(runs.map((x) => x.attempt)).toEqual([1, 2, 3]);
    const [a, b, c] = runs as [RunRow, RunRow, RunRow];
    // Retry n waits BACKOFF_MS · 2^(n-1); a few ms of slack for timer and clock rounding.
    expect(b.at_ms - a.at_ms).toBeGreaterThanOrEqual(BACKOFF_MS - 5);
    expect(c.at_ms - b.at_ms).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 5);
    expect(await r.queue.failed()).toEqual([]);
  });

  test('a job that always fails ends up in failed() with its error and attempts', async () => {
    r = await makeRunner();
    const tag = uniqueTag('fail');
    const { id } = await r.queue.enqueue('always_fail', { tag }, { attempts: 2, jobId: `fail:${tag}` });
    expect(id).toBe(`fail:${tag}`);
    await r.queue.drain();
    expect((await runsOf(tag)).map((x) => x.attempt)).toEqual([1, 2]);
    const failed = await r.queue.failed();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      id: `fail:${tag}`,
      name: 'always_fail',
      data: { tag },
      error: `nope: ${tag}`,
      attemptsMade: 2,
    });
    expect(failed[0]?.failedAt).toBeInstanceOf(Date);
  });

  test('a duplicate jobId is de-duplicated while pending, and free again once the job finished', async () => {
    r = await makeRunner();
    const first = uniqueTag('dup-a');
    const second = uniqueTag('dup-b');
    const jobId = uniqueTag('reindex');
    const a = await r.queue.enqueue(touch, { tag: first }, { jobId, delayMs: 150 });
    const b = await r.queue.enqueue(touch, { tag: second }, { jobId });
    expect(a).toEqual({ id: jobId, deduplicated: false });
    expect(b).toEqual({ id: jobId, deduplicated: true });
    await r.queue.drain();
    expect(await runsOf(first)).toHaveLength(1);
    expect(await runsOf(second)).toHaveLength(0);
    // Finished: the same id queues (and runs) again.
    const c = await r.queue.enqueue(touch, { tag: second }, { jobId });
    expect(c.deduplicated).toBe(false);
    await r.queue.drain();
    expect(await runsOf(second)).toHaveLength(1);
  });

  test('invalid data, unknown jobs and bad options are refused at enqueue with a typed error', async () => {
    r = await makeRunner();
    const invalid = await r.queue.enqueue(touch, { tag: 42 } as never).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(JobError);
    expect(invalid).toMatchObject({
      code: 'INVALID_JOB_DATA',
      job: 'touch',
      fields: [{ field: 'tag', message: expect.any(String) }],
    });
    await expect(r.queue.enqueue('touch', { tag: 1n })).rejects.toMatchObject({ code: 'INVALID_JOB_DATA' });
    await expect(r.queue.enqueue('no_such_job', {})).rejects.toMatchObject({ code: 'UNKNOWN_JOB' });
    await expect(r.queue.enqueue(touch, { tag: 'x' }, { delayMs: -1 })).rejects.toMatchObject({
      code: 'INVALID_JOB_OPTIONS',
    });
    await r.queue.drain({ timeoutMs: 1000 }); // nothing was queued
    expect(await r.queue.failed()).toEqual([]);
  });

  test('graceful close waits for the job in flight', async () => {
    r = await makeRunner();
    const tag = uniqueTag('slow');
    await r.queue.enqueue(slow, { tag, ms: 400 });
    await waitFor('the slow job to start', () => started.has(tag));
    expect(await runsOf(tag)).toHaveLength(0);
    await r.stopGracefully();
    expect(await runsOf(tag)).toHaveLength(1);
  });
}

// ---- inline runner ----

describe('inline runner (no REDIS_URL)', () => {
  const make = async (): Promise<Runner> => {
    const queue = new InlineJobQueue({ db, jobs: testJobs, backoffMs: BACKOFF_MS });
    return { queue, stopGracefully: () => queue.close(), dispose: () => queue.close() };
  };

  runnerContract(make);

  test('createJobQueue picks the inline runner without REDIS_URL', async () => {
    const queue = createJobQueue({ REDIS_URL: undefined }, db, { jobs: testJobs });
    expect(queue.kind).toBe('inline');
    await queue.close();
  });

  test('enqueue inside a write transaction runs the job after it, not inside it', async () => {
    const queue = new InlineJobQueue({ db, jobs: testJobs, backoffMs: BACKOFF_MS });
    const tag = uniqueTag('tx');
    await db.write(async (tx) => {
      await queue.enqueue(touch, { tag });
      await sleep(30); // the job would deadlock or run here if it were synchronous
      expect(await all(tx, 'SELECT 1 FROM job_runs WHERE tag = ?', [tag])).toHaveLength(0);
    });
    await queue.drain();
    expect(await runsOf(tag)).toHaveLength(1);
    await queue.close();
  });

  test('after close, enqueue is refused and jobs still waiting on a delay are dropped', async () => {
    const queue = new InlineJobQueue({ db, jobs: testJobs });
    const tag = uniqueTag('late');
    await queue.enqueue(touch, { tag }, { delayMs: 5000 });
    await queue.close();
    await expect(queue.enqueue(touch, { tag })).rejects.toMatchObject({ code: 'QUEUE_CLOSED' });
    expect(await runsOf(tag)).toHaveLength(0);
  });
});

describe('DeferredJobs (enqueue after commit)', () => {
  test('validates at once, sends only on flush, and sends nothing after discard', async () => {
    const queue = new InlineJobQueue({ db, jobs: testJobs });
    const kept = uniqueTag('commit');
    const dropped = uniqueTag('rollback');
    const ok = new DeferredJobs(queue);
    ok.enqueue(touch, { tag: kept });
    expect(() => ok.enqueue('touch', { tag: '' })).toThrow(JobError);
    expect(ok.size).toBe(1);
    const no = new DeferredJobs(queue);
    no.enqueue(touch, { tag: dropped });
    no.discard();
    await sleep(20);
    await queue.drain();
    expect(await runsOf(kept)).toHaveLength(0); // nothing sent before flush
    const [sent] = await ok.flush();
    expect(sent?.deduplicated).toBe(false);
    await queue.drain();
    expect(await runsOf(kept)).toHaveLength(1);
    expect(await runsOf(dropped)).toHaveLength(0);
    await queue.close();
  });
});

describe('BullMQ runner, Redis unreachable', () => {
  test('enqueue gives up with a typed error instead of hanging', async () => {
    // Port 1 on loopback refuses connections: no Redis needed for this one.
    const queue = new BullJobQueue({ url: 'redis://127.0.0.1:1', jobs: testJobs, enqueueTimeoutMs: 300 });
    await expect(queue.enqueue(touch, { tag: 'x' })).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
    await queue.close();
  });
});

// ---- BullMQ runner on a real Redis ----

describe.skipIf(!REDIS_URL)(`BullMQ runner${REDIS_URL ? '' : ' (SKIPPED: REDIS_URL is not set)'}`, () => {
  const url = REDIS_URL ?? '';
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(url);
  });

  afterAll(async () => {
    await redis?.quit();
  });

  /** Every test gets its own key prefix, so parallel files and reruns never see each other's jobs. */
  const newPrefix = () => `megilance-test-${randomBytes(6).toString('hex')}`;

  async function dropKeys(prefix: string) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async function bullRunner(prefix = newPrefix()): Promise<Runner & { prefix: string; queue: BullJobQueue }> {
    const queue = new BullJobQueue({ url, prefix, jobs: testJobs, backoffMs: BACKOFF_MS });
    const worker = createJobWorker({ url, prefix, db, jobs: testJobs, concurrency: 2 });
    await worker.waitUntilReady();
    return {
      prefix,
      queue,
      stopGracefully: () => worker.close(),
      dispose: async () => {
        await worker.close();
        await queue.close();
        await dropKeys(prefix);
      },
    };
  }

  runnerContract(bullRunner);

  test('createJobQueue picks BullMQ when REDIS_URL is set', async () => {
    const prefix = newPrefix();
    const queue = createJobQueue({ REDIS_URL: url }, db, { jobs: testJobs, prefix });
    expect(queue.kind).toBe('bullmq');
    await queue.close();
    await dropKeys(prefix);
  });

  test("the runtime's queue keeps its jobs under JOBS_PREFIX, so two deployments on one Redis stay apart", async () => {
    const prefix = newPrefix();
    const dir = mkdtempSync(join(tmpdir(), 'megilance-prefix-'));
    const rt = await createRuntime(
      loadConfig({
        DATABASE_URL: `file:${join(dir, 'p.db')}`,
        REDIS_URL: url,
        JOBS_PREFIX: prefix,
        LOG_LEVEL: 'silent',
      }),
    );
    try {
      const queued = await rt.jobs.enqueue('reindex', {});
      expect(await redis.exists(`${prefix}:megilance:${queued.id}`)).toBe(1);
      expect(await redis.exists(`bull:megilance:${queued.id}`)).toBe(0);
    } finally {
      await rt.close();
      await dropKeys(prefix);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a Worker started separately (as `npm run worker` would) runs what the API queue enqueued', async () => {
    const prefix = newPrefix();
    const api = new BullJobQueue({ url, prefix, jobs: testJobs, backoffMs: BACKOFF_MS });
    const tags = [uniqueTag('sep'), uniqueTag('sep'), uniqueTag('sep')];
    try {
      for (const tag of tags) await api.enqueue(touch, { tag });
      await sleep(100);
      expect(await runsOf(tags[0] ?? '')).toHaveLength(0); // no worker yet: the jobs wait in Redis
      const worker = createJobWorker({ url, prefix, db, jobs: testJobs, concurrency: 3 });
      try {
        await api.drain();
        for (const tag of tags) expect(await runsOf(tag)).toHaveLength(1);
      } finally {
        await worker.close();
      }
    } finally {
      await api.close();
      await dropKeys(prefix);
    }
  });

  test('the `npm run worker` entry consumes the queue and stops cleanly on SIGTERM', async () => {
    const prefix = newPrefix();
    const api = new BullJobQueue({ url, prefix, jobs: testJobs });
    const child: ChildProcess = spawn(
      process.execPath,
      [
        join('node_modules', 'tsx', 'dist', 'cli.mjs'),
        'jobs/worker.ts',
        '--prefix',
        prefix,
        '--concurrency',
        '2',
      ],
      {
        env: {
          ...process.env,
          DATABASE_URL: `file:${join(dir, 'worker.db')}`,
          REDIS_URL: url,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor('the worker to be ready', () => out.includes('worker: ready'), 20_000);
      // The production catalog has no `touch` job: the worker refuses it at once, without retries,
      // which shows it consumed this prefix's queue.
      const tag = uniqueTag('entry');
      await api.enqueue(touch, { tag }, { attempts: 3 });
      await api.drain();
      const [failed] = await api.failed();
      expect(failed).toMatchObject({ name: 'touch', attemptsMade: 1 });
      expect(failed?.error).toMatch(/No job named touch/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('worker: stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await api.close();
      await dropKeys(prefix);
    }
  });
});
