/**
 * `npm run bench:agent`: the time of one copilot turn with the offline model — a client's brief turned into a
 * project spec (draft_project_from_brief, then the answer) — split into:
 *
 *   model       the offline model deciding and writing (its _generate / _streamResponseChunks, two calls)
 *   tools       the dispatcher call of draft_project_from_brief (validation, the tool, its reads, audit)
 *   persistence the thread in the database: the turn's message, the model answers and tool results, usage
 *   framework   everything else: LangChain's agent graph, the tool adapter, the middleware, the event stream
 *
 * "Overhead outside the tools" is model + persistence + framework; the target is under 20 ms (median).
 *
 *   npm run bench:agent
 *   npm run bench:agent -- --turns 200 --warmup 30
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCopilot } from '../../agents/copilot';
import { ThreadMemory } from '../../agents/memory';
import { offlineModel } from '../../agents/model';
import { TurnRecorder } from '../../agents/runTurn';
import { loadConfig } from '../../config';
import { DEMO, seedDemo } from '../../db/seed/index';
import { createRuntime } from '../../runtime';
import type { Actor } from '../../tools/define';

const { values } = parseArgs({
  options: { turns: { type: 'string', default: '100' }, warmup: { type: 'string', default: '20' } },
});
const TURNS = Number(values.turns);
const WARMUP = Number(values.warmup);
const BRIEF =
  "I need someone to build a React dashboard for our clinic's patient analytics with a Node.js API, around $8k, 6 weeks";

const dir = mkdtempSync(join(tmpdir(), 'megilance-bench-agent-'));
const clock = () => new Date('2026-11-23T12:00:00.000Z');
const rt = await createRuntime(
  loadConfig({ DATABASE_URL: `file:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent' }),
  { clock },
);
await seedDemo(rt.db, { freelancers: 60, clients: 12, projects: 40 });

/** Milliseconds spent in each part during the current turn. */
const spent = { model: 0, tools: 0, persistence: 0 };
const timed = <A extends unknown[], R>(part: keyof typeof spent, fn: (...a: A) => Promise<R>) =>
  async function (this: unknown, ...a: A): Promise<R> {
    const t0 = performance.now();
    try {
      return await fn.apply(this, a);
    } finally {
      spent[part] += performance.now() - t0;
    }
  };

const model = await offlineModel({ db: rt.db, clock });
const m = model as unknown as {
  _generate: (...a: unknown[]) => Promise<unknown>;
  _streamResponseChunks: (...a: unknown[]) => AsyncGenerator<unknown>;
};
m._generate = timed('model', m._generate.bind(model));
const stream = m._streamResponseChunks.bind(model);
// Each step of the model's stream counts, not the time its consumer holds a chunk.
m._streamResponseChunks = async function* (...a: unknown[]) {
  const it = stream(...a);
  for (;;) {
    const t0 = performance.now();
    const r = await it.next();
    spent.model += performance.now() - t0;
    if (r.done) return;
    yield r.value;
  }
};
rt.dispatcher.call = timed('tools', rt.dispatcher.call.bind(rt.dispatcher)) as typeof rt.dispatcher.call;
const rec = TurnRecorder.prototype;
rec.afterModel = timed('persistence', rec.afterModel);
rec.flush = timed('persistence', rec.flush);
ThreadMemory.prototype.startTurn = timed('persistence', ThreadMemory.prototype.startTurn);

const copilot = createCopilot(rt, {
  model,
  clock,
  limits: { turnsPerMinute: 1_000_000, toolCallsPerMinute: 1_000_000, tokensPerDay: 1_000_000_000 },
});
const actor: Actor = { id: DEMO.client.id, role: 'client', displayName: DEMO.client.name };

interface Sample {
  total: number;
  model: number;
  tools: number;
  persistence: number;
  framework: number;
}
const samples: Sample[] = [];
for (let i = 0; i < WARMUP + TURNS; i++) {
  spent.model = 0;
  spent.tools = 0;
  spent.persistence = 0;
  let called = false;
  const t0 = performance.now();
  for await (const e of copilot.runTurn({ actor, channel: 'bench', threadId: `t${i}`, text: BRIEF })) {
    if (e.type === 'tool_result' && e.tool === 'draft_project_from_brief' && e.ok) called = true;
    if (e.type === 'error') throw new Error(e.error.message);
  }
  const total = performance.now() - t0;
  if (!called) throw new Error('the turn did not draft the spec');
  if (i < WARMUP) continue;
  const { model: mm, tools, persistence } = spent;
  samples.push({ total, model: mm, tools, persistence, framework: total - mm - tools - persistence });
}
await rt.close();
rmSync(dir, { recursive: true, force: true });

const pick = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const row = (name: string, f: (s: Sample) => number) => {
  const xs = samples.map(f);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `${name.padEnd(34)}${pick(xs, 0.5).toFixed(2).padStart(9)}${pick(xs, 0.95).toFixed(2).padStart(9)}${mean.toFixed(2).padStart(9)}`;
};
const outside = (s: Sample) => s.total - s.tools;
console.log(
  `Offline-model copilot turn: brief → spec (draft_project_from_brief + answer), ${TURNS} turns after ${WARMUP} warm-up, ms`,
);
console.log(`${'part'.padEnd(34)}${'median'.padStart(9)}${'p95'.padStart(9)}${'mean'.padStart(9)}`);
console.log(row('whole turn', (s) => s.total));
console.log(row('  model (offline, 2 calls)', (s) => s.model));
console.log(row('  tools (dispatcher + tool)', (s) => s.tools));
console.log(row('  persistence (thread writes)', (s) => s.persistence));
console.log(row('  framework (LangChain + adapter)', (s) => s.framework));
console.log(row('overhead outside the tools', outside));
const median = pick(samples.map(outside), 0.5);
console.log(
  `\nTarget: under 20 ms of overhead outside the tools (median) — ${median < 20 ? 'met' : 'NOT met'} (${median.toFixed(2)} ms).`,
);
