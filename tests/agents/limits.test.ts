import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCopilot } from '../../agents/copilot';
import type { CopilotEvent } from '../../agents/events';
import { one } from '../../db/sql';
import { makeUser, type TestEnv, testEnv } from '../support/harness';

async function collect(events: AsyncIterable<CopilotEvent>): Promise<CopilotEvent[]> {
  const out: CopilotEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const answers = (n: number) => {
  const m = fakeModel();
  for (let i = 0; i < n; i++) m.respond(new AIMessage(`Answer ${i + 1}`));
  return m;
};

describe('copilot limits', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv('file');
  });
  afterAll(async () => {
    await env.close();
  });

  it('refuses the turn over the per-minute cap with a typed RATE_LIMITED error, across copilot instances', async () => {
    const { actor } = await makeUser(env.rt, 'freelancer');
    const limits = { turnsPerMinute: 2 };
    const model = answers(3);
    const copilot = createCopilot(env.rt, { model, clock: env.clock.now, limits });
    const turn = (c = copilot) =>
      collect(c.runTurn({ actor, channel: 'cli', threadId: 's1', text: 'hello' }));
    expect((await turn()).map((e) => e.type)).toEqual(['text', 'done']);
    expect((await turn()).map((e) => e.type)).toEqual(['text', 'done']);

    // A new copilot (a restart, another node) reads the same counters.
    const again = createCopilot(env.rt, { model, clock: env.clock.now, limits });
    const refused = await turn(again);
    expect(refused.map((e) => e.type)).toEqual(['error', 'done']);
    expect(refused[0]).toMatchObject({
      type: 'error',
      error: { code: 'RATE_LIMITED', details: { limit: 'turns_per_minute', max: 2 } },
    });
    expect(model.callCount).toBe(2); // the model was never asked
    const stored = await one<{ n: number }>(
      env.rt.db.reader,
      `SELECT count(*) AS n FROM agent_messages m JOIN agent_threads t ON t.id = m.thread_id
       WHERE t.user_id = ? AND m.kind = 'human'`,
      [actor.id],
    );
    expect(stored?.n).toBe(2); // the refused message was not recorded

    env.clock.advance(60_000);
    expect((await turn(again)).map((e) => e.type)).toEqual(['text', 'done']);
  });

  it('refuses tool calls over the per-minute cap as a typed tool result', async () => {
    const { actor } = await makeUser(env.rt, 'client');
    const model = fakeModel()
      .respond(
        new AIMessage({
          content: '',
          tool_calls: [
            { id: 'c1', name: 'whoami', args: {}, type: 'tool_call' },
            { id: 'c2', name: 'whoami', args: {}, type: 'tool_call' },
          ],
        }),
      )
      .respond(new AIMessage('One call was refused.'));
    const copilot = createCopilot(env.rt, { model, clock: env.clock.now, limits: { toolCallsPerMinute: 1 } });
    const events = await collect(
      copilot.runTurn({ actor, channel: 'cli', threadId: 's2', text: 'who am I, twice' }),
    );
    const results = events.filter((e) => e.type === 'tool_result');
    expect(results).toHaveLength(2);
    const codes = results.map((r) => (r.type === 'tool_result' && !r.ok ? r.error.code : 'OK')).sort();
    expect(codes).toEqual(['OK', 'RATE_LIMITED']);
  });

  it('refuses new turns once the day’s tokens are spent', async () => {
    const { actor } = await makeUser(env.rt, 'admin');
    const model = answers(2);
    const copilot = createCopilot(env.rt, { model, clock: env.clock.now, limits: { tokensPerDay: 50 } });
    const first = await collect(copilot.runTurn({ actor, channel: 'cli', threadId: 's3', text: 'hello' }));
    const done = first.at(-1);
    expect(done?.type === 'done' && done.tokens).toBeGreaterThanOrEqual(50); // the system prompt alone is more
    const refused = await collect(
      copilot.runTurn({ actor, channel: 'cli', threadId: 's3', text: 'and again' }),
    );
    expect(refused[0]).toMatchObject({
      type: 'error',
      error: { code: 'RATE_LIMITED', details: { limit: 'tokens_per_day' } },
    });
  });
});
