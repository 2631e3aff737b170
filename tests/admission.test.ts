import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../channels/http/app';
import { Gate } from '../channels/http/plugins/admission';
import type { CallRequest, CallResult } from '../tools/dispatcher';
import { makeUser, type TestEnv, type TestUser, testEnv } from './support/harness';

describe('admission gate', () => {
  it('lets `limit` in at once and the rest in arrival order as places free up', () => {
    const gate = new Gate(2);
    const order: number[] = [];
    for (let i = 0; i < 5; i++) gate.enter(() => order.push(i));
    expect(order).toEqual([0, 1]);
    expect([gate.running, gate.queued]).toEqual([2, 3]);
    gate.leave();
    expect(order).toEqual([0, 1, 2]);
    gate.leave();
    gate.leave();
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect([gate.running, gate.queued]).toEqual([2, 0]);
    gate.leave();
    gate.leave();
    expect([gate.running, gate.queued]).toEqual([0, 0]);
  });
});

describe('tool calls over HTTP under a concurrency limit', () => {
  let env: TestEnv;
  let client: TestUser;
  beforeAll(async () => {
    env = await testEnv();
    client = await makeUser(env.rt, 'client');
  });
  afterAll(() => env.close());

  /** Sends `n` overlapping calls and returns how many the dispatcher ran at once, at most. */
  async function peak(limit: number, n: number): Promise<{ peak: number; statuses: number[] }> {
    env.rt.config.TOOL_CONCURRENCY = limit;
    const app: FastifyInstance = await buildApp(env.rt);
    const dispatcher = env.rt.dispatcher;
    const call = dispatcher.call.bind(dispatcher);
    let running = 0;
    let most = 0;
    // Each call takes a while, as a busy database would make it.
    dispatcher.call = async <T>(req: CallRequest): Promise<CallResult<T>> => {
      most = Math.max(most, ++running);
      try {
        await new Promise((r) => setTimeout(r, 20));
        return await call<T>(req);
      } finally {
        running--;
      }
    };
    try {
      const replies = await Promise.all(
        Array.from({ length: n }, () =>
          app.inject({
            method: 'POST',
            url: '/api/tools/whoami',
            headers: { authorization: `Bearer ${client.key}` },
            payload: {},
          }),
        ),
      );
      return { peak: most, statuses: replies.map((r) => r.statusCode) };
    } finally {
      dispatcher.call = call;
      await app.close();
    }
  }

  it('runs at most TOOL_CONCURRENCY at once and answers every call', async () => {
    const limited = await peak(3, 12);
    expect(limited.statuses).toEqual(Array(12).fill(200));
    expect(limited.peak).toBe(3);
    const open = await peak(0, 12);
    expect(open.statuses).toEqual(Array(12).fill(200));
    expect(open.peak).toBeGreaterThan(3);
  });
});
