import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCopilot } from '../../../agents/copilot';
import { buildApp } from '../../../channels/http/app';
import type { RateCounter } from '../../../channels/http/limits/counter';
import { RedisRateCounter } from '../../../channels/http/limits/redis';
import { all, one } from '../../../db/sql';
import { makeUser, type TestEnv, testEnv } from '../../support/harness';
import { Browser, insertUser, parseSse, type SseEvent } from './support';

describe('web chat API (offline model)', () => {
  let env: TestEnv;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await testEnv('file');
    app = await buildApp(env.rt, { clock: env.clock.now });
    await insertUser(env.rt, 'client', 'demo-client');
    await insertUser(env.rt, 'freelancer', 'demo-freelancer');
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  const signIn = async (handle: string) => {
    const b = new Browser(app);
    expect((await b.post('/api/auth/demo', { handle })).statusCode).toBe(200);
    return b;
  };
  const chat = async (b: Browser, threadId: string, text: string) => {
    const res = await b.post(`/api/chat/${threadId}`, { text });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = parseSse(res.body);
    for (const e of events) expect(e.event).toBe(e.data.type);
    expect(events.at(-1)?.event).toBe('done');
    expect(events.filter((e) => e.event === 'done')).toHaveLength(1);
    return events;
  };
  const balance = async (b: Browser) => {
    const res = await b.post('/api/tools/wallet_balance', {});
    expect(res.statusCode).toBe(200);
    const usd = (res.json().balances as { currency: string; available: { amount: number } }[]).find(
      (l) => l.currency === 'USD',
    );
    return usd?.available.amount ?? 0;
  };

  it('streams a turn as SSE messages ending in done; refuses without a session', async () => {
    const b = await signIn('demo-client');
    const events = await chat(b, 'hello-thread', 'hello');
    expect(events.some((e) => e.event === 'text' && typeof e.data.delta === 'string')).toBe(true);
    expect(events.at(-1)?.data).toMatchObject({ type: 'done', turnId: expect.stringMatching(/^turn_/) });

    const anon = await app.inject({ method: 'POST', url: '/api/chat/x', payload: { text: 'hi' } });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('UNAUTHENTICATED');
    const empty = await b.post('/api/chat/hello-thread', { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect((await b.post('/api/chat/bad%20id', { text: 'hi' })).statusCode).toBe(400);
  });

  it('a money tool asked in chat waits for Confirm; confirming with the cookie moves money and tells the thread', async () => {
    const b = await signIn('demo-client');
    const before = await balance(b);
    const events = await chat(b, 'money-thread', 'Deposit $500 into my wallet');
    const held = events.find((e) => e.event === 'confirmation_required');
    expect(held?.data).toMatchObject({ tool: 'deposit', pendingAction: { status: 'pending' } });
    const actionId = String(held?.data.actionId);
    expect(await balance(b)).toBe(before); // nothing moved yet

    const confirm = await b.post(`/api/actions/${actionId}/confirm`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json()).toMatchObject({ credited: true, amount: { amount: 50_000, currency: 'USD' } });
    expect(await balance(b)).toBe(before + 50_000);
    // Once only.
    expect((await b.post(`/api/actions/${actionId}/confirm`)).statusCode).toBe(409);

    // The outcome is in the thread the action came from, for the copilot's next turn and for the history.
    const notice = await one<{ content: string }>(
      env.rt.db.reader,
      `SELECT m.content FROM agent_messages m JOIN agent_threads t ON t.id = m.thread_id
       WHERE t.channel = 'web' AND t.channel_thread_id = 'money-thread' AND m.kind = 'notice' AND m.pending_action_id = ?`,
      [actionId],
    );
    expect(notice?.content).toContain('Confirm');
    const history = (await b.get('/api/threads/money-thread')).json().events as SseEvent['data'][];
    expect(history.find((e) => e.type === 'confirmation_required')).toMatchObject({
      actionId,
      pendingAction: { status: 'executed' },
    });
    expect(history.find((e) => e.type === 'notice')).toMatchObject({ actionId });

    await env.rt.dispatcher.flush();
    // Proposed by the copilot (agent:web), run by the person's own click from the browser (web).
    const audit = await all<{ channel: string; outcome: string }>(
      env.rt.db.reader,
      "SELECT channel, outcome FROM audit_log WHERE tool = 'deposit' AND pending_action_id = ? ORDER BY id",
      [actionId],
    );
    expect(audit).toEqual([
      { channel: 'agent:web', outcome: 'NEEDS_CONFIRMATION' },
      { channel: 'web', outcome: 'OK' },
      { channel: 'web', outcome: 'CONFLICT' },
    ]);
  });

  it('cancel from the web drops the action and tells the thread too', async () => {
    const b = await signIn('demo-client');
    const events = await chat(b, 'cancel-thread', 'Deposit $300 into my wallet');
    const actionId = String(events.find((e) => e.event === 'confirmation_required')?.data.actionId);
    const cancel = await b.post(`/api/actions/${actionId}/cancel`);
    expect(cancel.statusCode).toBe(200);
    const history = (await b.get('/api/threads/cancel-thread')).json().events as SseEvent['data'][];
    expect(history.find((e) => e.type === 'confirmation_required')?.pendingAction).toMatchObject({
      status: 'cancelled',
    });
    expect(history.find((e) => e.type === 'notice')?.text).toContain('Cancel');
  });

  it('lists the signed-in person’s threads and replays one as the stream’s events', async () => {
    const b = await signIn('demo-freelancer');
    const live = await chat(b, 'fl-thread-1', 'hello there');
    env.clock.advance(1000);
    await chat(b, 'fl-thread-2', 'what is my wallet balance');
    const list = await b.get('/api/threads');
    expect(list.statusCode).toBe(200);
    const threads = list.json().threads as {
      id: string;
      title: string;
      updatedAt: string;
      channel: string;
    }[];
    expect(threads.map((t) => t.id)).toEqual(['fl-thread-2', 'fl-thread-1']);
    expect(threads[1]).toMatchObject({ title: 'hello there', channel: 'web' });

    const one1 = await b.get('/api/threads/fl-thread-1');
    expect(one1.statusCode).toBe(200);
    const body = one1.json();
    expect(body).toMatchObject({ id: 'fl-thread-1', title: 'hello there' });
    expect(body.events[0]).toEqual({ type: 'user', text: 'hello there' });
    expect(body.events.at(-1)).toEqual(live.at(-1)?.data); // same done (turn id)
    const text = (evs: { type: string; delta?: unknown }[]) =>
      evs
        .filter((e) => e.type === 'text')
        .map((e) => e.delta)
        .join('');
    expect(text(body.events)).toBe(text(live.map((e) => e.data)));

    const two = (await b.get('/api/threads/fl-thread-2')).json().events as SseEvent['data'][];
    expect(two.map((e) => e.type)).toEqual(['user', 'tool_start', 'tool_result', 'text', 'done']);
  });

  it("someone else's thread is not found, to read or to write", async () => {
    const owner = await signIn('demo-client');
    await chat(owner, 'private-thread', 'hello');
    const other = await signIn('demo-freelancer');
    const read = await other.get('/api/threads/private-thread');
    expect(read.statusCode).toBe(404);
    expect(read.json().error.code).toBe('NOT_FOUND');
    const write = await other.post('/api/chat/private-thread', { text: 'let me in' });
    expect(write.statusCode).toBe(404);
    expect((await other.get('/api/threads')).json().threads.map((t: { id: string }) => t.id)).not.toContain(
      'private-thread',
    );
    const key = await makeUser(env.rt, 'client');
    const byKey = await app.inject({
      method: 'GET',
      url: '/api/threads/private-thread',
      headers: { authorization: `Bearer ${key.key}` },
    });
    expect(byKey.statusCode).toBe(404);
  });

  it("the copilot's own turn cap (all channels) also answers 429 before the stream opens", async () => {
    const copilot = createCopilot(env.rt, { clock: env.clock.now, limits: { turnsPerMinute: 1 } });
    const agentCapped = await buildApp(
      { ...env.rt, config: { ...env.rt.config, WEB_MESSAGES_PER_MINUTE: 0 } },
      { clock: env.clock.now, copilot },
    );
    try {
      await insertUser(env.rt, 'client', 'demo-turns');
      const b = new Browser(agentCapped);
      await b.post('/api/auth/demo', { handle: 'demo-turns' });
      expect((await b.post('/api/chat/turns', { text: 'hello' })).statusCode).toBe(200);
      const second = await b.post('/api/chat/turns', { text: 'hello' });
      expect(second.statusCode).toBe(429);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
      expect(second.json().error.details.limit).toBe('turns_per_minute');
    } finally {
      await agentCapped.close();
    }
  });

  const REDIS_URL = process.env.REDIS_URL;
  const stores: [string, (() => RateCounter) | undefined][] = [['database', undefined]];
  if (REDIS_URL)
    stores.push([
      'redis',
      () => new RedisRateCounter(REDIS_URL, `test:megilance:web:${randomBytes(4).toString('hex')}:`),
    ]);

  it.each(stores)(
    'caps messages and browser tool calls per user a minute (%s counters): 429 with Retry-After',
    async (store, counter) => {
      const rateCounter = counter?.();
      const capped = await buildApp(
        { ...env.rt, config: { ...env.rt.config, WEB_MESSAGES_PER_MINUTE: 2, WEB_TOOL_CALLS_PER_MINUTE: 3 } },
        { clock: env.clock.now, ...(rateCounter ? { rateCounter } : {}) },
      );
      try {
        const handle = `demo-capped-${store}`;
        const userId = await insertUser(env.rt, 'client', handle);
        const b = new Browser(capped);
        await b.post('/api/auth/demo', { handle });
        for (let i = 0; i < 2; i++)
          expect((await b.post(`/api/chat/rl-${store}`, { text: 'hello' })).statusCode).toBe(200);
        const third = await b.post(`/api/chat/rl-${store}`, { text: 'hello' });
        expect(third.statusCode).toBe(429);
        const retry = Number(third.headers['retry-after']);
        expect(retry).toBeGreaterThanOrEqual(1);
        expect(retry).toBeLessThanOrEqual(60);
        expect(third.json().error).toMatchObject({
          code: 'RATE_LIMITED',
          details: { limit: 'messages_per_minute', max: 2, retryAfterSeconds: retry },
        });
        // The refused message was never stored.
        const humans = await one<{ n: number }>(
          env.rt.db.reader,
          `SELECT count(*) AS n FROM agent_messages m JOIN agent_threads t ON t.id = m.thread_id
         WHERE t.user_id = ? AND m.kind = 'human'`,
          [userId],
        );
        expect(Number(humans?.n)).toBe(2);

        for (let i = 0; i < 3; i++) expect((await b.post('/api/tools/whoami', {})).statusCode).toBe(200);
        const over = await b.post('/api/tools/whoami', {});
        expect(over.statusCode).toBe(429);
        expect(over.headers['retry-after']).toBeDefined();
        expect(over.json().error.details.limit).toBe('tool_calls_per_minute');

        // The next minute lets the person back in.
        env.clock.advance(60_000);
        expect((await b.post('/api/tools/whoami', {})).statusCode).toBe(200);
        expect((await b.post(`/api/chat/rl-${store}`, { text: 'hello' })).statusCode).toBe(200);
      } finally {
        await capped.close();
        await rateCounter?.close();
      }
    },
  );
});
