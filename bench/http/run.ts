/**
 * `npm run bench:http`: what does the whole tool path (auth, dispatcher, zod, audit) cost over the bare
 * database query behind it? See bench/http/README.md.
 *
 * The parent process generates load with autocannon; a child process (this same file with --serve) holds
 * both servers, so the load generator never shares an event loop with what it measures.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildApp } from '../../channels/http/app';
import { ApiKeyIdentity } from '../../channels/identity';
import { loadConfig } from '../../config';
import { newId } from '../../db/ids';
import { createApiKey } from '../../db/queries/apiKeys';
import { seedReference } from '../../db/seed/reference';
import { run } from '../../db/sql';
import { createRuntime, type Runtime } from '../../runtime';
import type { Actor } from '../../tools/define';
import { loadProjectView } from '../../tools/shared/projects';

// ---------------------------------------------------------------------------------------------------------
// autocannon ships no types; this is the slice of its programmatic API used here.

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonInstance {
  on(
    event: 'response',
    fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void,
  ): void;
}
type Autocannon = (
  opts: {
    url: string;
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    connections: number;
    duration: number;
  },
  cb: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ---------------------------------------------------------------------------------------------------------
// Server side (child process). It answers the parent's commands over IPC.

interface Ready {
  type: 'ready';
  ours: string;
  bare: string;
  key: string;
  projectId: string;
}

type Command =
  | { id: number; cmd: 'cpu' }
  | { id: number; cmd: 'profile-start' }
  | { id: number; cmd: 'profile-stop'; file: string }
  | { id: number; cmd: 'stages'; iterations: number }
  | { id: number; cmd: 'stop' };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Diagnostic switches (--ablate): take one stage out of our path to see what it costs. */
const ABLATIONS = {
  audit: 'no audit row for the read',
  'output-check': 'no zod check of the tool output',
  admission: 'no admission gate (TOOL_CONCURRENCY=0)',
} as const;
type Ablation = keyof typeof ABLATIONS;

async function serve(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-bench-'));
  const ablate = (process.env.BENCH_ABLATE ?? '').split(',').filter(Boolean) as Ablation[];
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, 'bench.db')}`,
    LOG_LEVEL: 'silent',
    ...(ablate.includes('admission') ? { TOOL_CONCURRENCY: '0' } : {}),
  });
  const rt = await createRuntime(config);
  await seedReference(rt.db);

  const actor: Actor = { id: newId('usr'), role: 'client', displayName: 'Bench Client' };
  const key = await rt.db.write(async (tx) => {
    await run(
      tx,
      'INSERT INTO users (id, role, email, display_name, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [actor.id, actor.role, `${actor.id}@bench.test`, actor.displayName, 'US', new Date().toISOString()],
    );
    return (await createApiKey(tx, actor.id)).key;
  });
  const created = await rt.dispatcher.call<{ id: string }>({
    actor,
    channel: 'bench',
    tool: 'create_project',
    input: {
      title: 'Build a React dashboard for our fintech app',
      description: 'We need a responsive analytics dashboard with charts, auth and a Node.js API.',
      category: 'web-development',
      industry: 'fintech',
      skills: ['React', 'Node.js', 'TypeScript'],
      pricing: 'fixed',
      budget: { currency: 'USD', min: 500000, max: 800000 },
      timelineWeeks: 6,
      requirements: { platforms: ['web'], existingCodebase: false },
      publish: true,
    },
  });
  if (!created.ok) throw new Error(`create_project failed: ${JSON.stringify(created.error)}`);

  if (ablate.includes('audit')) rt.dispatcher.audit.enqueue = () => undefined;
  const getProject = rt.dispatcher.tools.get('get_project');
  if (ablate.includes('output-check') && getProject) getProject.output = z.any();

  // (a) the real app: auth hook, route, dispatcher (role, zod in and out, audit), serializer.
  const ours = await buildApp(rt);
  // (b) the same query and the same JSON, with nothing around it.
  const bare = Fastify({ logger: false });
  bare.post<{ Body: { projectId: string } }>('/bare/get_project', async (req) =>
    loadProjectView(rt.db.reader, req.body.projectId),
  );
  const oursUrl = await ours.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const session = new Session();
  session.connect();
  const stop = async () => {
    session.disconnect();
    await Promise.allSettled([ours.close(), bare.close()]);
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  const handle = async (msg: Command): Promise<unknown> => {
    switch (msg.cmd) {
      case 'cpu':
        // Process CPU counts every thread (libuv's and V8's too); the event loop's busy time is the main
        // thread alone, the one that serves requests.
        return { cpu: process.cpuUsage(), loopMs: performance.eventLoopUtilization().active };
      case 'profile-start':
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
        return null;
      case 'profile-stop': {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(msg.file, JSON.stringify(profile));
        return null;
      }
      case 'stages':
        return timeStages(
          { rt, ours, bare, key, projectId: created.data.id, body: { projectId: created.data.id } },
          msg.iterations,
        );
      case 'stop':
        process.send?.({ id: msg.id, value: null }, () => void stop());
        return undefined;
    }
  };
  process.on('message', (msg: Command) => {
    void handle(msg).then((value) => {
      if (value !== undefined) process.send?.({ id: msg.id, value });
    });
  });
  process.on('disconnect', () => void stop());
  const ready: Ready = {
    type: 'ready',
    ours: `${oursUrl}/api/tools/get_project`,
    bare: `${bareUrl}/bare/get_project`,
    key,
    projectId: created.data.id,
  };
  process.send?.(ready);
}

interface StageEnv {
  rt: Runtime;
  ours: FastifyInstance;
  bare: FastifyInstance;
  key: string;
  projectId: string;
  body: { projectId: string };
}

type StageTimes = { stage: string; micros: number }[];

/**
 * --stages: each piece of the path run one call at a time, in the server process, without sockets or
 * load generator. Batches of every stage are interleaved, and the median batch is kept, so noise from the
 * rest of the machine lands on all stages alike.
 */
async function timeStages(env: StageEnv, iterations: number): Promise<StageTimes> {
  const { rt, ours, bare, key, projectId, body } = env;
  const actor = await new ApiKeyIdentity(rt.db, 0).resolve(key);
  const identity = new ApiKeyIdentity(rt.db, 30_000);
  const tool = rt.dispatcher.tools.get('get_project');
  if (!tool) throw new Error('get_project is not in the catalog');
  const audit = rt.dispatcher.audit;
  const enqueue = audit.enqueue.bind(audit);
  const call = () => rt.dispatcher.call({ actor, channel: 'bench', tool: 'get_project', input: body });
  const withoutAudit = async <T>(fn: () => Promise<T>): Promise<T> => {
    audit.enqueue = () => undefined;
    try {
      return await fn();
    } finally {
      audit.enqueue = enqueue;
    }
  };
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const payload = JSON.stringify(body);
  const stages: [string, () => Promise<unknown>][] = [
    ['query: loadProjectView (4 SELECTs)', () => loadProjectView(rt.db.reader, projectId)],
    [
      'query + zod check of the output',
      async () => tool.output.parse(await loadProjectView(rt.db.reader, projectId)),
    ],
    ['zod check of the input', async () => tool.input.parse(body)],
    ['API key → actor (cached)', () => identity.resolve(key)],
    ['dispatcher.call, no audit', () => withoutAudit(call)],
    // Includes the audit commit: every batch of 50 ends with a flush, which waits for the commit's fsync.
    ['dispatcher.call (audit rows flushed per batch of 50)', call],
    [
      'HTTP ours (inject, no socket), no audit',
      () =>
        withoutAudit(() => ours.inject({ method: 'POST', url: '/api/tools/get_project', headers, payload })),
    ],
    [
      'HTTP ours (inject, no socket)',
      () => ours.inject({ method: 'POST', url: '/api/tools/get_project', headers, payload }),
    ],
    [
      'HTTP bare (inject, no socket)',
      () =>
        bare.inject({
          method: 'POST',
          url: '/bare/get_project',
          headers: { 'content-type': 'application/json' },
          payload,
        }),
    ],
  ];
  const batch = 50;
  const batches = Math.max(5, Math.round(iterations / batch));
  const perOp = stages.map(() => [] as number[]);
  // Every op yields to the event loop once, so buffered audit rows flush as they would between requests.
  const tick = () => new Promise<void>((r) => setImmediate(r));
  for (let b = -2; b < batches; b++) {
    for (const [i, [, fn]] of stages.entries()) {
      const started = performance.now();
      for (let k = 0; k < batch; k++) {
        await fn();
        await tick();
      }
      await rt.dispatcher.flush();
      if (b >= 0) perOp[i]?.push(((performance.now() - started) * 1000) / batch);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
  // The tick every op pays, measured the same way, so it can be taken off.
  const ticks: number[] = [];
  for (let b = 0; b < batches; b++) {
    const started = performance.now();
    for (let k = 0; k < batch; k++) await tick();
    ticks.push(((performance.now() - started) * 1000) / batch);
  }
  const base = median(ticks);
  return stages.map(([stage], i) => ({ stage, micros: median(perOp[i] ?? []) - base }));
}

/** The parent's handle on the server process. */
class Server {
  private next = 1;
  private waiting = new Map<number, (value: unknown) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    child.on('message', (msg: { id?: number; value?: unknown }) => {
      if (msg.id === undefined) return;
      this.waiting.get(msg.id)?.(msg.value);
      this.waiting.delete(msg.id);
    });
  }

  static start(ablate: Ablation[]): Promise<Server> {
    const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_ABLATE: ablate.join(',') },
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`The server process exited before it was ready (${code}).`));
      child.once('exit', onExit);
      child.once('message', (msg: Ready) => {
        child.off('exit', onExit);
        resolve(new Server(child, msg));
      });
    });
  }

  send<T>(cmd: WithoutId<Command>): Promise<T> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (value: unknown) => void);
      this.child.send({ ...cmd, id });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.send({ cmd: 'stop' }).catch(() => undefined);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Load side (parent process)

interface Target {
  name: 'ours' | 'bare';
  url: string;
  headers: Record<string, string>;
}

interface Sample {
  requests: number;
  seconds: number;
  /** Server process CPU (user + system) spent during the run, µs. */
  cpuMicros: number;
  /** Time the server's event loop was busy during the run, µs. */
  loopMicros: number;
  latencies: Float64Array;
  failures: number;
}

async function measure(
  server: Server,
  target: Target,
  body: string,
  connections: number,
  duration: number,
): Promise<Sample> {
  type Usage = { cpu: NodeJS.CpuUsage; loopMs: number };
  const before = await server.send<Usage>({ cmd: 'cpu' });
  const sample = await load(target, body, connections, duration);
  const after = await server.send<Usage>({ cmd: 'cpu' });
  sample.cpuMicros = after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
  sample.loopMicros = (after.loopMs - before.loopMs) * 1000;
  return sample;
}

function load(target: Target, body: string, connections: number, duration: number): Promise<Sample> {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: target.url, method: 'POST', headers: target.headers, body, connections, duration },
      (err, res) => {
        if (err) return reject(err);
        resolve({
          requests: n,
          seconds: res.duration,
          cpuMicros: 0,
          loopMicros: 0,
          latencies: latencies.subarray(0, n),
          failures: res.errors + res.timeouts + res.non2xx,
        });
      },
    );
    // autocannon's own histogram has 1 ms resolution; keep every response time for sub-ms percentiles.
    instance.on('response', (_client, _status, _bytes, ms) => {
      if (n === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[n++] = ms;
    });
  });
}

interface Summary {
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  cpuPerRequest: number;
  loopPerRequest: number;
  requests: number;
  failures: number;
}

function summarize(samples: Sample[]): Summary {
  const total = samples.reduce((s, x) => s + x.latencies.length, 0);
  const all = new Float64Array(total);
  let at = 0;
  for (const s of samples) {
    all.set(s.latencies, at);
    at += s.latencies.length;
  }
  all.sort();
  const pct = (p: number) =>
    all.length ? (all[Math.min(all.length - 1, Math.floor(p * all.length))] ?? 0) : 0;
  const requests = samples.reduce((s, x) => s + x.requests, 0);
  const seconds = samples.reduce((s, x) => s + x.seconds, 0);
  const cpu = samples.reduce((s, x) => s + x.cpuMicros, 0);
  const loop = samples.reduce((s, x) => s + x.loopMicros, 0);
  return {
    rps: requests / seconds,
    p50: pct(0.5),
    p975: pct(0.975),
    p99: pct(0.99),
    cpuPerRequest: requests ? cpu / requests : 0,
    loopPerRequest: requests ? loop / requests : 0,
    requests,
    failures: samples.reduce((s, x) => s + x.failures, 0),
  };
}

async function checkSameResponse(ours: Target, bare: Target, body: string): Promise<void> {
  const [a, b] = await Promise.all(
    [ours, bare].map(async (t) => {
      const res = await fetch(t.url, { method: 'POST', headers: t.headers, body });
      return { status: res.status, text: await res.text() };
    }),
  );
  if (!a || !b) throw new Error('no response');
  if (a.status !== 200 || b.status !== 200) {
    throw new Error(`Expected 200 from both, got ours ${a.status} ${a.text} / bare ${b.status} ${b.text}`);
  }
  if (!isDeepStrictEqual(JSON.parse(a.text), JSON.parse(b.text))) {
    throw new Error(`The two routes answer different JSON:\n ours: ${a.text}\n bare: ${b.text}`);
  }
  const bytes = a.text === b.text ? 'byte for byte' : 'as JSON (key order or spacing differs)';
  console.log(`Responses are identical ${bytes}: ${a.text.length} bytes.`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      // Many short alternated rounds: on these VMs one round swings ±15%, and the machine's speed drifts.
      rounds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      profile: { type: 'boolean', default: false },
      'profile-dir': { type: 'string', default: '' },
      stages: { type: 'boolean', default: false },
      ablate: { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'npm run bench:http -- [--duration 3] [--connections 10] [--rounds 10] [--warmup 2]\n' +
        '                      [--profile] [--stages] [--ablate stage,…]\n' +
        '  --profile  afterwards, CPU-profile the server under each route and show where the time goes\n' +
        '  --profile-dir DIR  keep the two .cpuprofile files there (open them in Chrome DevTools)\n' +
        '  --stages   afterwards, time each stage of the path one call at a time (no sockets)\n' +
        `  --ablate   diagnostic only, comma-separated: ${Object.entries(ABLATIONS)
          .map(([k, v]) => `${k} (${v})`)
          .join(', ')}`,
    );
    return;
  }
  const num = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return n;
  };
  const duration = num('duration', values.duration, 1);
  const connections = Math.round(num('connections', values.connections, 1));
  const rounds = Math.round(num('rounds', values.rounds, 1));
  const warmup = num('warmup', values.warmup, 0);

  const ablate = values.ablate.split(',').filter(Boolean) as Ablation[];
  for (const a of ablate) if (!(a in ABLATIONS)) throw new Error(`--ablate: unknown stage "${a}"`);
  if (ablate.length > 0) {
    console.log(`DIAGNOSTIC RUN, not the product: ${ablate.map((a) => ABLATIONS[a]).join('; ')}.`);
  }
  const server = await Server.start(ablate);
  try {
    const { ready } = server;
    const body = JSON.stringify({ projectId: ready.projectId });
    const json = { 'content-type': 'application/json' };
    const ours: Target = {
      name: 'ours',
      url: ready.ours,
      headers: { ...json, authorization: `Bearer ${ready.key}` },
    };
    const bare: Target = { name: 'bare', url: ready.bare, headers: json };
    await checkSameResponse(ours, bare, body);

    console.log(
      `${rounds} rounds × ${duration} s per route, ${connections} connections, after ${warmup} s warmup each.`,
    );
    if (warmup > 0) {
      await load(ours, body, connections, warmup);
      await load(bare, body, connections, warmup);
    }
    const samples: Record<Target['name'], Sample[]> = { ours: [], bare: [] };
    const perRound: string[] = [];
    const roundRatios: number[] = [];
    for (let r = 1; r <= rounds; r++) {
      // ABBA order, so a slow drift in the machine hits both routes alike.
      const order = r % 2 === 1 ? [ours, bare] : [bare, ours];
      const got: Partial<Record<Target['name'], Summary>> = {};
      for (const t of order) {
        const s = await measure(server, t, body, connections, duration);
        samples[t.name].push(s);
        got[t.name] = summarize([s]);
      }
      const o = got.ours;
      const b = got.bare;
      if (o && b) {
        roundRatios.push(o.rps / b.rps);
        perRound.push(
          `  round ${r}: req/s ${fmt(o.rps, 0)} vs ${fmt(b.rps, 0)} (×${fmt(o.rps / b.rps, 3)}), ` +
            `p50 ${fmt(o.p50, 3)} vs ${fmt(b.p50, 3)} ms (×${fmt(o.p50 / b.p50, 3)}), ` +
            `CPU ${fmt(o.cpuPerRequest, 0)} vs ${fmt(b.cpuPerRequest, 0)} µs/req, ` +
            `loop ${fmt(o.loopPerRequest, 0)} vs ${fmt(b.loopPerRequest, 0)} µs/req`,
        );
      }
    }
    printTable(summarize(samples.ours), summarize(samples.bare), perRound, roundRatios);

    if (values.stages) {
      const times = await server.send<StageTimes>({ cmd: 'stages', iterations: 2000 });
      console.log('\nStages, one call at a time in the server process (median µs per call):');
      for (const t of times) console.log(`  ${fmt(t.micros, 1).padStart(8)}  ${t.stage}`);
    }
    if (values.profile) {
      const keep = values['profile-dir'];
      const dir = keep || mkdtempSync(join(tmpdir(), 'megilance-bench-prof-'));
      // The server process writes the profiles there; a directory that does not exist yet failed the run.
      if (keep) mkdirSync(keep, { recursive: true });
      try {
        const profiles: Partial<Record<Target['name'], Profiled>> = {};
        for (const t of [ours, bare]) {
          const file = join(dir, `${t.name}.cpuprofile`);
          await server.send({ cmd: 'profile-start' });
          const s = await load(t, body, connections, duration);
          await server.send({ cmd: 'profile-stop', file });
          profiles[t.name] = analyze(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, s.requests);
        }
        if (profiles.ours && profiles.bare) printProfiles(profiles.ours, profiles.bare);
      } finally {
        if (!keep) rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await server.stop();
  }
}

const fmt = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(o: Summary, b: Summary, perRound: string[], roundRatios: number[]): void {
  const cols = (label: string, s: Summary) => [
    label,
    fmt(s.rps, 0),
    fmt(s.p50, 3),
    fmt(s.p975, 3),
    fmt(s.p99, 3),
    fmt(s.cpuPerRequest, 0),
    fmt(s.loopPerRequest, 0),
    String(s.requests),
    String(s.failures),
  ];
  const throughput = o.rps / b.rps;
  const p50 = o.p50 / b.p50;
  const rows = [
    ['route', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'CPU µs/req', 'loop µs/req', 'requests', 'failed'],
    cols('ours  POST /api/tools/get_project', o),
    cols('bare  POST /bare/get_project', b),
    [
      'ratio ours/bare',
      fmt(throughput, 3),
      fmt(p50, 3),
      fmt(o.p975 / b.p975, 3),
      fmt(o.p99 / b.p99, 3),
      fmt(o.cpuPerRequest / b.cpuPerRequest, 3),
      fmt(o.loopPerRequest / b.loopPerRequest, 3),
      '',
      '',
    ],
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log('');
  console.log(line(rows[0] ?? []));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('');
  for (const r of perRound) console.log(r);
  const sorted = [...roundRatios].sort((x, y) => x - y);
  if (sorted.length > 1)
    console.log(
      `  req/s ratio of the rounds: median ${fmt(sorted[Math.floor((sorted.length - 1) / 2)] ?? 0, 3)}, ` +
        `from ${fmt(sorted[0] ?? 0, 3)} to ${fmt(sorted[sorted.length - 1] ?? 0, 3)}`,
    );
  // 10% more time per request is 1/1.1 of the throughput.
  const met = throughput >= 1 / 1.1 && p50 <= 1.1;
  console.log(
    '\nTarget: the dispatcher costs at most 10% over the bare route ' +
      `(ours ≥ 0.91× bare req/s and p50 ≤ 1.10× bare): ${met ? 'MET' : 'NOT MET'}.`,
  );
  if (o.failures + b.failures > 0) console.log('WARNING: some requests failed; the numbers are suspect.');
}

// ---------------------------------------------------------------------------------------------------------
// --profile: where the server process spends CPU per request, for each route

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

interface Profiled {
  requests: number;
  /** µs per request of self time, by area (package or our folder). */
  areas: Map<string, number>;
  /** µs per request of inclusive time, by function. */
  inclusive: Map<string, number>;
  busy: number;
}

function analyze(prof: CpuProfile, requests: number): Profiled {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  prof.samples.forEach((id, i) => {
    const dt = prof.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return;
    busy += dt;
    add(areas, areaOf(url, functionName), dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      const key = frameName(frame);
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, dt);
      }
    }
  });
  const perRequest = (m: Map<string, number>) => new Map([...m].map(([k, v]) => [k, v / requests]));
  return { requests, areas: perRequest(areas), inclusive: perRequest(inclusive), busy: busy / requests };
}

function printProfiles(ours: Profiled, bare: Profiled): void {
  console.log(
    `\nServer CPU profile, µs of CPU per request (sampled every 100 µs; profiling slows both routes alike):` +
      `\n  busy: ours ${fmt(ours.busy, 0)}, bare ${fmt(bare.busy, 0)}, extra ${fmt(ours.busy - bare.busy, 0)}`,
  );
  console.log('\nSelf time by area (where the extra goes):');
  const keys = new Set([...ours.areas.keys(), ...bare.areas.keys()]);
  const rows = [...keys]
    .map((k) => ({ k, o: ours.areas.get(k) ?? 0, b: bare.areas.get(k) ?? 0 }))
    .filter((r) => Math.max(r.o, r.b) >= 1)
    .sort((x, y) => y.o - y.b - (x.o - x.b));
  console.log(`  ${'area'.padEnd(36)} ${'ours'.padStart(7)} ${'bare'.padStart(7)} ${'extra'.padStart(7)}`);
  for (const r of rows) {
    console.log(
      `  ${r.k.padEnd(36)} ${fmt(r.o, 1).padStart(7)} ${fmt(r.b, 1).padStart(7)} ${fmt(r.o - r.b, 1).padStart(7)}`,
    );
  }
  console.log('\nInclusive time in the tool path (ours only):');
  const ourCode = [...ours.inclusive]
    .filter(([k]) => /(tools|channels|db)\/|zod|fastify\/lib\/(hooks|handle|reply)|pino/.test(k))
    .filter(([, v]) => v >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30);
  for (const [k, v] of ourCode) console.log(`  ${fmt(v, 1).padStart(7)}  ${k}`);
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function frameName(f: { functionName: string; url: string; lineNumber: number }): string {
  const path = f.url.replace(/^file:\/\//, '');
  const short = path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
  return `${f.functionName || '(anonymous)'} ${short.replace(/^node_modules\//, '')}:${f.lineNumber + 1}`;
}

function areaOf(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' ? '(garbage collector)' : `(native) ${fn}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node core';
  const path = url.replace(/^file:\/\//, '');
  const local = path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
  return local.split('/').slice(0, 2).join('/');
}

if (process.argv.includes('--serve')) {
  await serve();
} else {
  await main();
}
