/**
 * `npm run bench:mcp`: what does our MCP server cost per call over a minimal MCP server? See
 * bench/mcp/README.md.
 *
 * A child process (this file with --serve) holds both servers; the parent is the MCP client, so the
 * client never shares an event loop with what it measures. Calls go one at a time (round-trip time),
 * alternating between the two servers round by round.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolResultSchema, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { buildApp } from '../../channels/http/app';
import { loadConfig } from '../../config';
import { newId } from '../../db/ids';
import { createApiKey } from '../../db/queries/apiKeys';
import { seedReference } from '../../db/seed/reference';
import { run } from '../../db/sql';
import { createRuntime } from '../../runtime';
import type { Actor } from '../../tools/define';
import { loadProjectView } from '../../tools/shared/projects';

// ---------------------------------------------------------------------------------------------------------
// Server side (child process)

interface Ready {
  type: 'ready';
  ours: string;
  bare: string;
  key: string;
  projectId: string;
}

type Command = { id: number; cmd: 'cpu' } | { id: number; cmd: 'stop' };

async function serve(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-bench-mcp-'));
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent' });
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
  const projectId = created.data.id;
  // The bare server answers with exactly the JSON get_project answers with, computed once.
  const fixed = await rt.dispatcher.call<Record<string, unknown>>({
    actor,
    channel: 'bench',
    tool: 'get_project',
    input: { projectId },
  });
  if (!fixed.ok) throw new Error(`get_project failed: ${JSON.stringify(fixed.error)}`);

  if (process.env.BENCH_ABLATE === 'audit') rt.dispatcher.audit.enqueue = () => undefined;

  // (a) ours: the real app, /mcp with the Bearer key, sessions, the dispatcher and the database.
  const ours = await buildApp(rt);
  const oursUrl = await ours.listen({ port: 0, host: '127.0.0.1' });

  // (b) a minimal MCP server as the SDK's own examples write it: one trivial tool, stateful sessions.
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const bare = createServer(async (req, res) => {
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || 'null') : undefined;
    const sid = req.headers['mcp-session-id'];
    let transport = typeof sid === 'string' ? transports.get(sid) : undefined;
    if (!transport && isInitializeRequest(body)) {
      const server = new McpServer({ name: 'bare', version: '1.0.0' });
      server.registerTool(
        'get_project',
        { description: 'Returns a project.', inputSchema: { projectId: z.string() } },
        async () => ({
          content: [{ type: 'text', text: JSON.stringify(fixed.data) }],
          structuredContent: fixed.data,
        }),
      );
      // For reading the table only: the same server, running the query get_project runs.
      server.registerTool(
        'get_project_query',
        { description: 'Returns a project from the database.', inputSchema: { projectId: z.string() } },
        async ({ projectId }) => {
          const view = (await loadProjectView(rt.db.reader, projectId)) as unknown as Record<string, unknown>;
          return { content: [{ type: 'text', text: JSON.stringify(view) }], structuredContent: view };
        },
      );
      const t: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (id) => void transports.set(id, t),
      });
      await server.connect(t);
      transport = t;
    }
    if (!transport) {
      res.writeHead(404).end();
      return;
    }
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as AddressInfo).port;

  const stop = async () => {
    await Promise.allSettled([ours.close(), new Promise((r) => bare.close(r))]);
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('message', (msg: Command) => {
    if (msg.cmd === 'cpu') process.send?.({ id: msg.id, value: process.cpuUsage() });
    if (msg.cmd === 'stop') process.send?.({ id: msg.id, value: null }, () => void stop());
  });
  process.on('disconnect', () => void stop());
  bare.closeAllConnections?.();
  const ready: Ready = {
    type: 'ready',
    ours: `${oursUrl}/mcp`,
    bare: `http://127.0.0.1:${barePort}/mcp`,
    key,
    projectId,
  };
  process.send?.(ready);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

class ServerProcess {
  private next = 1;
  private readonly waiting = new Map<number, (value: unknown) => void>();

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

  static start(cpuProfileDir?: string, ablate?: string): Promise<ServerProcess> {
    const profile = cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`, '--cpu-prof-interval=100']
      : [];
    const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [...process.execArgv, ...profile],
      env: { ...process.env, BENCH_ABLATE: ablate ?? '' },
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`The server process exited before it was ready (${code}).`));
      child.once('exit', onExit);
      child.once('message', (msg: Ready) => {
        child.off('exit', onExit);
        resolve(new ServerProcess(child, msg));
      });
    });
  }

  send<T>(cmd: Omit<Command, 'id'>): Promise<T> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (value: unknown) => void);
      this.child.send({ ...cmd, id });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.send({ cmd: 'stop' }).catch(() => undefined);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Client side (parent process)

interface Target {
  label: string;
  client: Client;
  tool: string;
  latencies: number[];
  cpuMicros: number;
}

async function connect(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/**
 * One tools/call, timed from the request to the parsed result. `client.request` with the result schema
 * is what `callTool` does minus its output-schema check, which only one of the servers would pay.
 */
async function callOnce(t: Target, projectId: string): Promise<{ ms: number; data: unknown }> {
  const started = performance.now();
  const res = await t.client.request(
    { method: 'tools/call', params: { name: t.tool, arguments: { projectId } } },
    CallToolResultSchema,
  );
  const ms = performance.now() - started;
  if (res.isError) throw new Error(`${t.tool} failed: ${JSON.stringify(res.content)}`);
  return { ms, data: res.structuredContent };
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};

function stats(t: Target) {
  const n = t.latencies.length;
  return {
    p50: pct(t.latencies, 0.5),
    p95: pct(t.latencies, 0.95),
    p99: pct(t.latencies, 0.99),
    mean: t.latencies.reduce((s, x) => s + x, 0) / n,
    cpu: t.cpuMicros / n,
    n,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '20' },
      calls: { type: 'string', default: '100' },
      warmup: { type: 'string', default: '300' },
      'cpu-prof': { type: 'string' },
      ablate: { type: 'string' },
      serve: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.serve) return serve();
  if (values.help) {
    console.log(
      'npm run bench:mcp -- [--rounds 20] [--calls 100] [--warmup 300] [--cpu-prof DIR] [--ablate audit]',
    );
    return;
  }
  const rounds = Number(values.rounds);
  const calls = Number(values.calls);
  const warmup = Number(values.warmup);
  if (values.ablate && values.ablate !== 'audit') throw new Error('--ablate takes: audit');
  if (values.ablate) console.log('DIAGNOSTIC: --ablate audit (no audit rows for reads); not the product.');

  // The SDK client's fetch adds an abort listener per request to one long-lived signal (released later);
  // after ~1500 calls Node warns on every call. Keep other warnings.
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name !== 'MaxListenersExceededWarning') console.warn(w);
  });

  const server = await ServerProcess.start(values['cpu-prof'], values.ablate);
  const { ready } = server;
  try {
    const bareClient = await connect(ready.bare, {});
    const target = (label: string, client: Client, tool: string): Target => ({
      label,
      client,
      tool,
      latencies: [],
      cpuMicros: 0,
    });
    const ours = target(
      'ours   get_project over /mcp (auth, session, dispatcher, db, audit)',
      await connect(ready.ours, { authorization: `Bearer ${ready.key}` }),
      'get_project',
    );
    const bare = target('bare   minimal SDK server, one trivial tool, fixed JSON', bareClient, 'get_project');
    const query = target('(bare + the same 4 SELECTs, for reading only)', bareClient, 'get_project_query');
    const targets = [ours, bare, query];

    const answers = await Promise.all(targets.map((t) => callOnce(t, ready.projectId)));
    if (!answers.every((a) => isDeepStrictEqual(a.data, answers[0]?.data)))
      throw new Error('The servers answer with different JSON.');
    console.log('All three answer with identical structuredContent.');

    for (const t of targets) for (let i = 0; i < warmup; i++) await callOnce(t, ready.projectId);

    console.log(`${rounds} rounds × ${calls} sequential calls per target, order rotating every round…`);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order) {
        const before = await server.send<NodeJS.CpuUsage>({ cmd: 'cpu' });
        for (let i = 0; i < calls; i++) t.latencies.push((await callOnce(t, ready.projectId)).ms);
        const after = await server.send<NodeJS.CpuUsage>({ cmd: 'cpu' });
        t.cpuMicros += after.user - before.user + (after.system - before.system);
      }
    }

    const f = (x: number, d = 3) => x.toFixed(d).padStart(8);
    const cols = ['p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'CPU µs'].map((c) => c.padStart(8)).join('  ');
    console.log(`\n${'target'.padEnd(68)}  ${cols}  calls`);
    const o = stats(ours);
    const b = stats(bare);
    for (const t of targets) {
      const x = stats(t);
      console.log(
        `${t.label.padEnd(68)}  ${f(x.p50)}  ${f(x.p95)}  ${f(x.p99)}  ${f(x.mean)}  ${f(x.cpu, 0)}  ${x.n}`,
      );
    }
    const q = stats(query);
    type Key = 'p50' | 'p95' | 'p99' | 'mean' | 'cpu';
    const ratioRow = (label: string, base: ReturnType<typeof stats>) => {
      const r = (k: Key) => `${(o[k] / base[k]).toFixed(2)}×`.padStart(8);
      console.log(
        `${label.padEnd(68)}  ${(['p50', 'p95', 'p99', 'mean', 'cpu'] as Key[]).map(r).join('  ')}`,
      );
    };
    ratioRow('ratio ours/bare', b);
    ratioRow('(ratio ours/(bare + the same query))', q);
    const p50 = o.p50 / b.p50;
    console.log(
      `\nTarget: ours p50 ≤ 1.20× bare p50: ${p50 <= 1.2 ? 'met' : 'NOT met'} (${p50.toFixed(2)}×, ` +
        `p95 ${(o.p95 / b.p95).toFixed(2)}×).`,
    );
    await Promise.allSettled([ours.client.close(), bareClient.close()]);
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
