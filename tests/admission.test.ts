import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../channels/http/app';
import { admission, Gate, type Kind } from '../channels/http/plugins/admission';
import type { CallRequest, CallResult } from '../tools/dispatcher';
import { makeUser, projectInput, type TestEnv, type TestUser, testEnv } from './support/harness';

/** A gate whose end-of-turn callbacks run when the test says (`turn()`), not on the real event loop. */
function manualGate(limit: number, writesPerTurn: number) {
  const turns: (() => void)[] = [];
  const gate = new Gate(limit, writesPerTurn, (fn) => turns.push(fn));
  const admitted: string[] = [];
  const enter = (kind: Kind, name: string) => gate.enter(kind, () => admitted.push(name));
  const turn = () => {
    for (const fn of turns.splice(0)) fn();
  };
  return { gate, admitted, enter, turn, turnsPending: () => turns.length };
}

describe('admission gate', () => {
  it('lets `limit` reads in at once and the rest in arrival order as places free up', () => {
    const { gate, admitted, enter } = manualGate(2, 1);
    for (let i = 0; i < 5; i++) enter('read', `r${i}`);
    expect(admitted).toEqual(['r0', 'r1']);
    expect([gate.running, gate.queued]).toEqual([2, 3]);
    gate.leave('read');
    expect(admitted).toEqual(['r0', 'r1', 'r2']);
    gate.leave('read');
    gate.leave('read');
    expect(admitted).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect([gate.running, gate.queued]).toEqual([2, 0]);
    gate.leave('read');
    gate.leave('read');
    expect([gate.running, gate.queued]).toEqual([0, 0]);
  });

  it('admits a read that arrives after waiting writes before them; the writes go in at the end of the turn', () => {
    const { gate, admitted, enter, turn } = manualGate(8, 2);
    enter('write', 'w0');
    enter('read', 'r0');
    enter('write', 'w1');
    enter('read', 'r1');
    expect(admitted).toEqual(['r0', 'r1']);
    turn();
    expect(admitted).toEqual(['r0', 'r1', 'w0', 'w1']);
    expect(gate.running).toBe(4);
  });

  it('lets in at most writesPerTurn writes a turn, in arrival order, until none waits', () => {
    const { gate, admitted, enter, turn, turnsPending } = manualGate(16, 2);
    for (let i = 0; i < 5; i++) enter('write', `w${i}`);
    turn();
    expect(admitted).toEqual(['w0', 'w1']);
    gate.leave('write');
    gate.leave('write');
    turn();
    expect(admitted).toEqual(['w0', 'w1', 'w2', 'w3']);
    turn();
    expect(admitted).toEqual(['w0', 'w1', 'w2', 'w3', 'w4']);
    expect(turnsPending()).toBe(0); // nothing waits: no turn is scheduled
  });

  it('gets a write in under a steady stream of reads that keeps every place busy', () => {
    const { gate, admitted, enter, turn } = manualGate(4, 1);
    for (let i = 0; i < 4; i++) enter('read', `r${i}`);
    enter('write', 'w');
    let next = 4;
    // Each round a read finishes and a new one arrives at once, as 140 closed-loop connections do.
    for (let round = 0; round < 3 && !admitted.includes('w'); round++) {
      gate.leave('read');
      enter('read', `r${next++}`);
      turn();
    }
    expect(admitted).toContain('w');
    expect(admitted.indexOf('w')).toBe(4); // the first place that freed went to the write
    expect(gate.running).toBeLessThanOrEqual(4);
  });

  it('keeps places for reads under a flood of writes', () => {
    const { gate, admitted, enter, turn } = manualGate(4, 2);
    for (let i = 0; i < 10; i++) enter('write', `w${i}`);
    turn();
    turn();
    expect(admitted).toEqual(['w0', 'w1']); // at most limit - writesPerTurn writes at once
    enter('read', 'r0');
    enter('read', 'r1');
    expect(admitted).toEqual(['w0', 'w1', 'r0', 'r1']);
    enter('read', 'r2');
    expect(gate.running).toBe(4);
    expect(admitted).not.toContain('r2');
  });

  it('never has more than `limit` inside and lets every call in, whatever the order of arrivals and leaves', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const [limit, perTurn] of [
      [1, 1],
      [3, 1],
      [16, 8],
      [16, 4],
    ] as const) {
      const turns: (() => void)[] = [];
      const gate = new Gate(limit, perTurn, (fn) => turns.push(fn));
      const inside: Kind[] = [];
      let entered = 0;
      let most = 0;
      let admittedCount = 0;
      const admit = (kind: Kind) => () => {
        admittedCount++;
        inside.push(kind);
        most = Math.max(most, gate.running);
      };
      for (let step = 0; step < 5_000; step++) {
        const r = random();
        if (r < 0.4) {
          entered++;
          const kind: Kind = random() < 0.7 ? 'read' : 'write';
          // tryEnter is the hook's shortcut for `enter` when the call would go in at once: the same gate.
          if (random() < 0.5 && gate.tryEnter(kind)) admit(kind)();
          else gate.enter(kind, admit(kind));
        } else if (r < 0.8 && inside.length > 0) {
          const [kind] = inside.splice(Math.floor(random() * inside.length), 1);
          gate.leave(kind as Kind);
        } else for (const fn of turns.splice(0)) fn();
      }
      expect(most).toBeLessThanOrEqual(limit);
      // Drain: everyone leaves as turns come; every call that entered was let in.
      for (let guard = 0; guard < 100_000 && (inside.length > 0 || gate.queued > 0); guard++) {
        if (inside.length > 0) gate.leave(inside.shift() as Kind);
        for (const fn of turns.splice(0)) fn();
      }
      expect(gate.queued).toBe(0);
      expect(admittedCount).toBe(entered);
      expect(gate.running).toBe(0);
    }
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
  async function peak(
    limit: number,
    n: number,
    url = '/api/tools/whoami',
  ): Promise<{ peak: number; statuses: number[] }> {
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
            url,
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

  it('holds calls by a URL with a query string, or to a tool that does not exist, as well', async () => {
    const query = await peak(3, 12, '/api/tools/whoami?via=test');
    expect(query.statuses).toEqual(Array(12).fill(200));
    expect(query.peak).toBe(3);
    const unknown = await peak(3, 12, '/api/tools/no_such_tool');
    expect(unknown.statuses).toEqual(Array(12).fill(404));
    // A name the catalog does not know is not a read: it waits like a write (limit − writesPerTurn at once).
    expect(unknown.peak).toBe(2);
  });

  /** Sends 6 writes, then 6 reads, all overlapping; returns which kind each dispatcher call was, in order. */
  async function mixed(app: FastifyInstance) {
    const dispatcher = env.rt.dispatcher;
    const call = dispatcher.call.bind(dispatcher);
    const inside = { read: 0, write: 0 };
    const most = { read: 0, write: 0, all: 0 };
    const started: string[] = [];
    dispatcher.call = async <T>(req: CallRequest): Promise<CallResult<T>> => {
      const kind = req.tool === 'whoami' ? 'read' : 'write';
      started.push(kind);
      inside[kind]++;
      most[kind] = Math.max(most[kind], inside[kind]);
      most.all = Math.max(most.all, inside.read + inside.write);
      try {
        await new Promise((r) => setTimeout(r, 20));
        return await call<T>(req);
      } finally {
        inside[kind]--;
      }
    };
    const send = (tool: string, payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/tools/${tool}`,
        headers: { authorization: `Bearer ${client.key}` },
        payload,
      });
    try {
      const writes = Array.from({ length: 6 }, () => send('create_project', projectInput()));
      const reads = Array.from({ length: 6 }, () => send('whoami', {}));
      const replies = await Promise.all([...writes, ...reads]);
      return { statuses: replies.map((r) => r.statusCode), started, most };
    } finally {
      dispatcher.call = call;
      await app.close();
    }
  }

  it('runs reads ahead of writes and keeps writes to their share of the places', async () => {
    env.rt.config.TOOL_CONCURRENCY = 4; // 2 writes a turn, at most 2 at once
    const { statuses, started, most } = await mixed(await buildApp(env.rt));
    expect(statuses).toEqual(Array(12).fill(200));
    expect(most.all).toBeLessThanOrEqual(4);
    expect(most.write).toBeLessThanOrEqual(2);
    // The reads were sent after all six writes, yet the first places went to reads.
    expect(started.slice(0, 2)).toEqual(['read', 'read']);
  });

  it('keeps arrival order when reads do not go first (a libSQL server)', async () => {
    const app = Fastify();
    await app.register(admission, { limit: 4, isRead: (tool) => tool === 'whoami', readsFirst: false });
    const order: string[] = [];
    for (const tool of ['whoami', 'create_project'])
      app.post(`/api/tools/${tool}`, async () => {
        order.push(tool);
        await new Promise((r) => setTimeout(r, 20));
        return {};
      });
    const send = (tool: string) => app.inject({ method: 'POST', url: `/api/tools/${tool}`, payload: {} });
    let running = 0;
    let most = 0;
    app.addHook('preHandler', async () => {
      most = Math.max(most, ++running);
    });
    app.addHook('onResponse', async () => {
      running--;
    });
    const replies = await Promise.all(
      [...Array(6).fill('create_project'), ...Array(6).fill('whoami')].map(send),
    );
    expect(replies.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    expect(order.slice(0, 4)).toEqual(Array(4).fill('create_project'));
    expect(most).toBeLessThanOrEqual(4);
    await app.close();
  });
});
