import { AIMessage, type BaseMessage, HumanMessage, type ToolMessage } from '@langchain/core/messages';
import { fakeModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCopilot } from '../../agents/copilot';
import type { CopilotEvent } from '../../agents/events';
import { toLangChain } from '../../agents/memory';
import type { MessageRow } from '../../db/queries/threads';
import { createRuntime, type Runtime } from '../../runtime';
import { makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

async function collect(events: AsyncIterable<CopilotEvent>): Promise<CopilotEvent[]> {
  const out: CopilotEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('copilot threads survive a restart', () => {
  let env: TestEnv;
  let client: TestUser;
  let second: Runtime | undefined;

  beforeAll(async () => {
    env = await testEnv('file');
    client = await makeUser(env.rt, 'client', { name: 'Rita Restart' });
  });
  afterAll(async () => {
    await second?.close();
    await env.close();
  });

  it('a new runtime on the same database continues the thread with its history and tool results', async () => {
    const first = fakeModel()
      .respond(
        new AIMessage({
          content: '',
          tool_calls: [{ id: 'call_w', name: 'whoami', args: {}, type: 'tool_call' }],
        }),
      )
      .respond(new AIMessage('You are Rita Restart, a client. Your budget note: 12k EUR.'));
    const before = createCopilot(env.rt, { model: first, clock: env.clock.now });
    const turn1 = await collect(
      before.runTurn({
        actor: client.actor,
        channel: 'discord',
        threadId: 'dm-42',
        text: 'Who am I? Budget 12k EUR.',
      }),
    );
    expect(turn1.map((e) => e.type)).toEqual(['tool_start', 'tool_result', 'text', 'done']);

    // The process goes away: the runtime closes; a new one opens the same database file.
    await env.rt.close();
    second = await createRuntime(env.rt.config, { clock: env.clock.now });
    let seen: BaseMessage[] = [];
    const model = fakeModel().respond((messages: BaseMessage[]) => {
      seen = messages;
      return new AIMessage('Your budget is 12k EUR, as you said.');
    });
    const after = createCopilot(second, { model, clock: env.clock.now });
    const turn2 = await collect(
      after.runTurn({
        actor: client.actor,
        channel: 'discord',
        threadId: 'dm-42',
        text: 'What budget did I give?',
      }),
    );
    expect(turn2.map((e) => e.type)).toEqual(['text', 'done']);

    expect(seen.map((m) => m.type)).toEqual(['system', 'human', 'ai', 'tool', 'ai', 'human']);
    expect(seen[1]?.text).toBe('Who am I? Budget 12k EUR.');
    const call = seen[2] as AIMessage;
    expect(call.tool_calls?.[0]).toMatchObject({ id: 'call_w', name: 'whoami' });
    const result = seen[3] as ToolMessage;
    expect(result.tool_call_id).toBe('call_w');
    expect(JSON.parse(result.text)).toMatchObject({ ok: true, data: { id: client.actor.id } });
    expect(seen[4]?.text).toContain('12k EUR');
    expect(seen[5]?.text).toBe('What budget did I give?');

    // Another person on the same channel thread has their own conversation.
    const other = await makeUser(second, 'client');
    let otherSeen: BaseMessage[] = [];
    const otherModel = fakeModel().respond((messages: BaseMessage[]) => {
      otherSeen = messages;
      return new AIMessage('Hello.');
    });
    const theirs = createCopilot(second, { model: otherModel, clock: env.clock.now });
    await collect(theirs.runTurn({ actor: other.actor, channel: 'discord', threadId: 'dm-42', text: 'Hi' }));
    expect(otherSeen.map((m) => m.type)).toEqual(['system', 'human']);
  });

  it('repairs a history a crash left with a tool call but no result', () => {
    const row = (seq: number, over: Partial<MessageRow>): MessageRow => ({
      thread_id: 'thr_x',
      seq,
      turn_id: 't',
      kind: 'human',
      content: '',
      tool_calls: null,
      tool_call_id: null,
      tool_name: null,
      outcome: null,
      pending_action_id: null,
      tokens: null,
      created_at: '2026-11-23T12:00:00.000Z',
      ...over,
    });
    const rows = [
      row(1, { kind: 'tool', content: '{"ok":true}', tool_call_id: 'orphan' }), // its request fell out of the window
      row(2, { kind: 'human', content: 'Do two things' }),
      row(3, {
        kind: 'ai',
        tool_calls: JSON.stringify([
          { id: 'a', name: 'whoami', args: {} },
          { id: 'b', name: 'list_my_projects', args: {} },
        ]),
      }),
      row(4, { kind: 'notice', content: '[App notice] pressed Confirm' }),
      row(5, { kind: 'tool', content: '{"ok":true,"data":1}', tool_call_id: 'a', outcome: 'OK' }),
      row(6, { kind: 'human', content: 'Hello again' }),
    ];
    const msgs = toLangChain(rows);
    expect(msgs.map((m) => m.type)).toEqual(['human', 'ai', 'tool', 'tool', 'system', 'human']);
    expect((msgs[2] as ToolMessage).tool_call_id).toBe('a');
    expect((msgs[3] as ToolMessage).tool_call_id).toBe('b');
    expect(msgs[3]?.text).toContain('interrupted');
    expect(msgs[0]).toBeInstanceOf(HumanMessage);
  });
});
