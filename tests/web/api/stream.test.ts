import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { FastifyInstance } from 'fastify';
import { fakeModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCopilot } from '../../../agents/copilot';
import { buildApp } from '../../../channels/http/app';
import { all } from '../../../db/sql';
import type { Runtime } from '../../../runtime';
import { defineTool } from '../../../tools/define';
import { Dispatcher } from '../../../tools/dispatcher';
import { catalog } from '../../../tools/index';
import { type TestEnv, testEnv } from '../../support/harness';
import { Browser, insertUser, parseSse } from './support';

const SLOW_MS = 600;
let toolRuns = 0;

/** A read tool that takes a while, so a turn stays open long enough to watch it stream. */
const slowLookup = defineTool({
  name: 'test_slow_lookup',
  title: 'Slow lookup (test)',
  description: 'Waits, then answers. Test-only.',
  roles: ['client'],
  effect: 'read',
  input: z.object({}),
  output: z.object({ waitedMs: z.number() }),
  async run() {
    await new Promise((r) => setTimeout(r, SLOW_MS));
    toolRuns += 1;
    return { waitedMs: SLOW_MS };
  },
});

/** Every turn: call the slow tool, then answer once its result is in. */
function slowModel() {
  const m = fakeModel();
  for (let i = 0; i < 20; i++)
    m.respond((messages: BaseMessage[]) =>
      messages.at(-1)?.type === 'tool'
        ? new AIMessage('The lookup is done.')
        : new AIMessage({
            content: '',
            tool_calls: [{ id: `call_${i}`, name: 'test_slow_lookup', args: {}, type: 'tool_call' }],
          }),
    );
  return m;
}

describe('web chat SSE over a real socket', () => {
  let env: TestEnv;
  let rt: Runtime;
  let app: FastifyInstance;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    env = await testEnv('file');
    const dispatcher = new Dispatcher({
      db: env.rt.db,
      tools: [...catalog, slowLookup],
      clock: env.clock.now,
    });
    rt = { ...env.rt, dispatcher };
    const copilot = createCopilot(rt, { model: slowModel(), clock: env.clock.now });
    app = await buildApp(rt, { copilot, clock: env.clock.now, chatPingMs: 100 });
    await insertUser(env.rt, 'client', 'demo-client');
    const b = new Browser(app);
    await b.post('/api/auth/demo', { handle: 'demo-client' });
    cookie = b.cookie;
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    await rt.dispatcher.flush();
    await env.close();
  });

  const post = (threadId: string, text: string, signal?: AbortSignal) =>
    fetch(`${base}/api/chat/${threadId}`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      ...(signal ? { signal } : {}),
    });

  it('delivers each event as it happens, with keep-alive pings while a tool runs, ending in done', async () => {
    const started = Date.now();
    const res = await post('live', 'look it up');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    const decoder = new TextDecoder();
    let buffer = '';
    const arrivals: { what: string; at: number }[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const what = block.startsWith(': ping') ? 'ping' : (parseSse(`${block}\n\n`)[0]?.event ?? '?');
        arrivals.push({ what, at: Date.now() - started });
        cut = buffer.indexOf('\n\n');
      }
    }
    const kinds = arrivals.map((a) => a.what).filter((w) => w !== 'ping');
    expect(kinds).toEqual(['tool_start', 'tool_result', 'text', 'done']);
    const at = (w: string) => arrivals.find((a) => a.what === w)?.at ?? Number.NaN;
    // tool_start reached the browser before the tool finished, not with the rest at the end.
    expect(at('tool_result') - at('tool_start')).toBeGreaterThanOrEqual(SLOW_MS - 100);
    const pings = arrivals.filter(
      (a) => a.what === 'ping' && a.at > at('tool_start') && a.at < at('tool_result'),
    );
    expect(pings.length).toBeGreaterThanOrEqual(2);
  });

  it('a browser that goes away aborts the turn; the thread takes the next message', async () => {
    const abort = new AbortController();
    const runsBefore = toolRuns;
    const res = await post('gone', 'look it up', abort.signal);
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toMatch(/event: (tool_start|text)|: ping/);
    abort.abort();
    await reader?.cancel().catch(() => undefined);

    // The aborted turn stops after its running tool: no model answer is stored for it.
    await new Promise((r) => setTimeout(r, SLOW_MS + 300));
    const rows = await all<{ kind: string }>(
      rt.db.reader,
      `SELECT m.kind FROM agent_messages m JOIN agent_threads t ON t.id = m.thread_id
       WHERE t.channel_thread_id = 'gone' ORDER BY m.seq`,
    );
    expect(rows.map((r) => r.kind)).toEqual(['human', 'ai']);
    expect(toolRuns - runsBefore).toBeLessThanOrEqual(1);

    const again = await post('gone', 'look it up again');
    const events = parseSse(await again.text());
    expect(events.at(-1)?.event).toBe('done');
    expect(events.map((e) => e.event)).toContain('text');
  });
});
