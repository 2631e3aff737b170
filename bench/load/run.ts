/**
 * `npm run bench:load [-- --seconds 60 --connections 200 --users 40]`: the same mix of read, write and money
 * tool calls from many users, with autocannon, against
 *   (a) the cluster of `npm run cluster` (two API nodes on a sqld primary, one through an embedded
 *       replica, a worker on Redis), both nodes at once, and
 *   (b) one node on the embedded database,
 * side by side in one run, each measured for `--seconds` once every connection has had an answer. Per
 * class: requests, throughput, p50/p95/p99 latency and errors; then the ledger invariants of each database.
 * A money request is what a person does: the deposit (202, a pending action) and its Confirm, timed
 * together.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Db, openDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { createApiKey } from '../../db/queries/apiKeys';
import { ledgerViolations } from '../../db/queries/ledger';
import { seedDemo } from '../../db/seed/index';
import { all } from '../../db/sql';

// autocannon ships no types: the slice of its API used here (request pipelines with a shared context).
type Ctx = Record<string, unknown>;
interface Req {
  method: 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface PipelineStep extends Req {
  setupRequest?: (req: Req, context: Ctx) => Req | undefined;
  onResponse?: (status: number, body: string, context: Ctx) => void;
}
interface Instance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(event: 'reqError' | 'done', fn: () => void): void;
  stop(): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: {
  url: string;
  connections: number;
  duration: number;
  requests: PipelineStep[];
  timeout: number;
}) => Instance;

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '200' },
    users: { type: 'string', default: '40' },
    only: { type: 'string' },
    'cluster-nodes': { type: 'string', default: '1,2' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const USERS = Number(values.users);
/** The clock starts anyway if some connection still has no answer after this long (reported). */
const WARMUP_CAP_SECONDS = 60;

type Class = 'read' | 'write' | 'money';
/** Share of the connections per class: mostly reads, as in the marketplace. */
const MIX: Record<Class, number> = { read: 0.7, write: 0.2, money: 0.1 };

interface Keys {
  clients: string[];
  freelancers: string[];
}

interface ClassResult {
  requests: number;
  latencies: number[];
  errors: Map<string, number>;
}

const children: ChildProcess[] = [];
process.once('SIGINT', () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(130);
});

function spawnLogged(name: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(TSX, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`));
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`));
  children.push(child);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function waitHttp(url: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** API keys for the seeded demo clients and freelancers (the bench's many users). */
async function makeKeys(db: Db): Promise<Keys> {
  const pick = (glob: string) =>
    all<{ id: string }>(db.reader, `SELECT id FROM users WHERE id GLOB ? ORDER BY id LIMIT ?`, [glob, USERS]);
  const [clients, freelancers] = await Promise.all([pick('usr_c[0-9]*'), pick('usr_f[0-9]*')]);
  const keys = await db.write(async (tx) => {
    const out: Keys = { clients: [], freelancers: [] };
    for (const c of clients) out.clients.push((await createApiKey(tx, c.id)).key);
    for (const f of freelancers) out.freelancers.push((await createApiKey(tx, f.id)).key);
    return out;
  });
  return keys;
}

let counter = 0;
const pickKey = (keys: string[]) => keys[counter++ % keys.length] as string;
const json = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

/** The requests of one class, as autocannon request pipelines. */
function pipeline(cls: Class, keys: Keys, refused: (status: number, body: string) => void): PipelineStep[] {
  return steps(cls, keys).map((step) => ({
    ...step,
    onResponse: (status, body, context) => {
      if (status >= 400) refused(status, body);
      step.onResponse?.(status, body, context);
    },
  }));
}

function steps(cls: Class, keys: Keys): PipelineStep[] {
  if (cls === 'read') {
    return [
      {
        method: 'POST',
        path: '/api/tools/search_projects',
        setupRequest: (req) => ({
          ...req,
          headers: json(pickKey(keys.freelancers)),
          body: JSON.stringify({ query: ['react', 'shopify', 'python', 'design'][counter % 4], limit: 10 }),
        }),
      },
      {
        method: 'POST',
        path: '/api/tools/wallet_balance',
        setupRequest: (req) => ({ ...req, headers: json(pickKey(keys.clients)), body: '{}' }),
      },
    ];
  }
  if (cls === 'write') {
    return [
      {
        method: 'POST',
        path: '/api/tools/create_project',
        setupRequest: (req) => ({
          ...req,
          headers: json(pickKey(keys.clients)),
          body: JSON.stringify({
            title: `Load test project ${counter}`,
            description: 'A project created by bench/load to measure write tools under load on every node.',
            category: 'web-development',
            skills: ['React', 'Node.js'],
            pricing: 'fixed',
            budget: { currency: 'USD', min: 100_000, max: 200_000 },
            timelineWeeks: 4,
          }),
        }),
      },
    ];
  }
  return [
    {
      method: 'POST',
      path: '/api/tools/deposit',
      setupRequest: (req, context) => {
        const key = pickKey(keys.clients);
        context.key = key;
        return {
          ...req,
          headers: json(key),
          body: JSON.stringify({
            amount: { amount: 1_000, currency: 'USD' },
            idempotencyKey: `load-${process.pid}-${counter++}`,
          }),
        };
      },
      onResponse: (status, body, context) => {
        context.actionId = status === 202 ? (JSON.parse(body).pendingAction?.id ?? null) : null;
      },
    },
    {
      method: 'POST',
      path: '/api/actions/x/confirm',
      // No pending action (the ask failed): start the pipeline over.
      setupRequest: (req, context) =>
        context.actionId
          ? {
              ...req,
              path: `/api/actions/${context.actionId}/confirm`,
              headers: { authorization: `Bearer ${context.key}` },
            }
          : undefined,
    },
  ];
}

/**
 * Runs the whole mix against the given base URLs at once (connections split across them) for SECONDS,
 * counted from the moment every connection has had its first answer. A busy node accepts only a few new
 * connections per event-loop turn, so counting from the first request measured the classes whose
 * connections happened to be accepted first: money's 20 waited up to 20 s to be let in.
 */
async function runMix(
  bases: string[],
  keys: Keys,
): Promise<{ res: Record<Class, ClassResult>; warmup: number }> {
  const results = {} as Record<Class, ClassResult>;
  const runs: Promise<unknown>[] = [];
  const instances: Instance[] = [];
  const answered = new Set<unknown>();
  let total = 0;
  let measuring = false;
  const began = performance.now();
  let warmup = Number.NaN;
  const startClock = () => {
    if (measuring) return;
    measuring = true;
    warmup = (performance.now() - began) / 1000;
    setTimeout(() => {
      for (const i of instances) i.stop();
    }, SECONDS * 1000);
  };
  const warmupCap = setTimeout(startClock, WARMUP_CAP_SECONDS * 1000);
  for (const cls of Object.keys(MIX) as Class[]) {
    const r: ClassResult = { requests: 0, latencies: [], errors: new Map() };
    results[cls] = r;
    for (const base of bases) {
      const connections = Math.max(1, Math.round((CONNECTIONS * MIX[cls]) / bases.length));
      total += connections;
      const instance = autocannon({
        url: base,
        connections,
        duration: SECONDS + WARMUP_CAP_SECONDS + 5,
        requests: pipeline(cls, keys, (status, body) => {
          if (!measuring) return;
          let code = String(status);
          try {
            code = `${status} ${JSON.parse(body).error?.code ?? ''}`.trim();
          } catch {
            // not JSON
          }
          r.errors.set(code, (r.errors.get(code) ?? 0) + 1);
        }),
        timeout: 30,
      });
      instances.push(instance);
      // A money "request" is the pair deposit + confirm, per connection: timed from the ask to the
      // confirm's answer. An ask that got no pending action (an error) counts alone.
      const asked = new Map<unknown, number>();
      instance.on('response', (client, status, _bytes, ms) => {
        if (!answered.has(client)) {
          answered.add(client);
          if (answered.size === total) startClock();
        }
        let latency = ms;
        if (cls === 'money') {
          if (status === 202) {
            asked.set(client, ms);
            return;
          }
          latency += asked.get(client) ?? 0;
          asked.delete(client);
        }
        if (!measuring) return;
        r.requests++;
        r.latencies.push(latency);
      });
      instance.on('reqError', () => {
        if (measuring) r.errors.set('socket', (r.errors.get('socket') ?? 0) + 1);
      });
      runs.push(new Promise<void>((res) => instance.on('done', () => res())));
    }
  }
  await Promise.all(runs);
  clearTimeout(warmupCap);
  return { res: results, warmup };
}

interface Measured {
  res: Record<Class, ClassResult>;
  violations: unknown[];
  /** Seconds until every connection had its first answer, before the measured SECONDS. */
  warmup: number;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function rows(label: string, res: Record<Class, ClassResult>): string[] {
  return (Object.keys(res) as Class[]).map((cls) => {
    const r = res[cls];
    const s = [...r.latencies].sort((a, b) => a - b);
    const errors = [...r.errors].map(([k, n]) => `${k}:${n}`).join(' ') || '0';
    return `| ${label.padEnd(26)} | ${cls.padEnd(5)} | ${String(r.requests).padStart(8)} | ${(r.requests / SECONDS).toFixed(0).padStart(7)} | ${pct(s, 50).toFixed(1).padStart(7)} | ${pct(s, 95).toFixed(1).padStart(7)} | ${pct(s, 99).toFixed(1).padStart(7)} | ${errors} |`;
  });
}

async function clusterRun(dir: string): Promise<Measured> {
  const cluster = spawnLogged(
    'cluster',
    [
      'scripts/cluster.ts',
      '--fresh',
      '--data',
      join(dir, 'cluster'),
      '--port',
      '3201',
      '--sqld-port',
      '18301',
    ],
    {},
  );
  await waitHttp('http://127.0.0.1:3202/health/ready');
  const primary = await openDb({ url: 'http://127.0.0.1:18301' });
  const keys = await makeKeys(primary);
  await new Promise((r) => setTimeout(r, 2_000)); // node 2's replica pulls the new keys
  console.error(`cluster up; ${SECONDS} s at ${CONNECTIONS} connections over both nodes…`);
  const nodes = values['cluster-nodes'].split(',').map((n) => `http://127.0.0.1:${3200 + Number(n)}`);
  const { res, warmup } = await runMix(nodes, keys);
  const violations = await ledgerViolations(primary.reader);
  primary.close();
  await stopChild(cluster);
  return { res, violations, warmup };
}

async function singleRun(dir: string): Promise<Measured> {
  const url = `file:${join(dir, 'single.db')}`;
  const db = await openDb({ url });
  await migrate(db);
  await seedDemo(db);
  const keys = await makeKeys(db);
  db.close();
  const node = spawnLogged('single', ['channels/http/main.ts'], {
    DATABASE_URL: url,
    PORT: '3211',
    WEB_ENABLED: 'false',
  });
  await waitHttp('http://127.0.0.1:3211/health/ready');
  console.error(`single node up; ${SECONDS} s at ${CONNECTIONS} connections…`);
  const { res, warmup } = await runMix(['http://127.0.0.1:3211'], keys);
  await stopChild(node);
  const after = await openDb({ url });
  const violations = await ledgerViolations(after.reader);
  after.close();
  return { res, violations, warmup };
}

const dir = mkdtempSync(join(tmpdir(), 'megilance-load-'));
try {
  const lines = [
    `bench/load: ${SECONDS} s, ${CONNECTIONS} connections (read ${MIX.read * 100}%, write ${MIX.write * 100}%, money ${MIX.money * 100}%), ${USERS} clients + ${USERS} freelancers`,
    '',
    '| setup                      | class |     reqs |   req/s |  p50 ms |  p95 ms |  p99 ms | errors |',
    '| -------------------------- | ----- | -------: | ------: | ------: | ------: | ------: | ------ |',
  ];
  const verdicts: string[] = [];
  if (values.only !== 'single') {
    const c = await clusterRun(dir);
    lines.push(...rows('cluster: 2 nodes on sqld', c.res));
    verdicts.push(
      `cluster: every connection answered after ${c.warmup.toFixed(1)} s; ledger invariants: ${c.violations.length === 0 ? 'ok' : JSON.stringify(c.violations)}`,
    );
  }
  if (values.only !== 'cluster') {
    const s = await singleRun(dir);
    lines.push(...rows('one node, embedded file', s.res));
    verdicts.push(
      `one node: every connection answered after ${s.warmup.toFixed(1)} s; ledger invariants: ${s.violations.length === 0 ? 'ok' : JSON.stringify(s.violations)}`,
    );
  }
  console.log([...lines, '', ...verdicts].join('\n'));
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
