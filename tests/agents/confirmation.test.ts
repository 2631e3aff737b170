import { AIMessage, type BaseMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCopilot } from '../../agents/copilot';
import type { CopilotEvent } from '../../agents/events';
import { all, one, run } from '../../db/sql';
import type { Runtime } from '../../runtime';
import { defineTool } from '../../tools/define';
import { Dispatcher } from '../../tools/dispatcher';
import { catalog } from '../../tools/index';
import { makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

async function collect(events: AsyncIterable<CopilotEvent>): Promise<CopilotEvent[]> {
  const out: CopilotEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const callTool = (name: string, args: Record<string, unknown>, id = `call_${name}`) =>
  new AIMessage({ content: '', tool_calls: [{ id, name, args, type: 'tool_call' }] });

/** A money tool that only exists in this test: it marks the client's project in progress. */
const payDeposit = defineTool({
  name: 'test_pay_deposit',
  title: 'Pay a deposit (test)',
  description: 'Moves a deposit for a project. Test-only money tool.',
  roles: ['client'],
  effect: 'money',
  input: z.object({ projectId: z.string() }),
  output: z.object({ projectId: z.string(), status: z.string() }),
  summarize: (_ctx, { projectId }) => `Pay the deposit for ${projectId}.`,
  async run(ctx, { projectId }) {
    await run(ctx.db, `UPDATE projects SET status = 'in_progress' WHERE id = ? AND client_id = ?`, [
      projectId,
      ctx.actor.id,
    ]);
    return { projectId, status: 'in_progress' };
  },
});

describe('copilot confirmations', () => {
  let env: TestEnv;
  let rt: Runtime;
  let client: TestUser;

  beforeAll(async () => {
    env = await testEnv('file');
    // The real runtime's database, with a dispatcher over the catalog plus one test money tool.
    const dispatcher = new Dispatcher({
      db: env.rt.db,
      tools: [...catalog, payDeposit],
      clock: env.clock.now,
    });
    rt = { ...env.rt, dispatcher };
    client = await makeUser(env.rt, 'client', { name: 'Clara Client' });
  });
  afterAll(async () => {
    await rt.dispatcher.flush();
    await env.close();
  });

  const newProject = async (title: string) => {
    const r = await rt.dispatcher.call<{ id: string }>({
      actor: client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput({ title }),
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.id;
  };
  const status = async (id: string) =>
    (await one<{ status: string }>(rt.db.reader, 'SELECT status FROM projects WHERE id = ?', [id]))?.status;

  it('holds cancel_project: confirmation_required, nothing changes until the person confirms, once', async () => {
    const projectId = await newProject('Project the copilot will cancel');
    const seen: BaseMessage[][] = [];
    const model = fakeModel()
      .respond(callTool('cancel_project', { projectId }))
      .respond(new AIMessage('Cancelling needs your confirmation: press Confirm to cancel it.'))
      .respond((messages: BaseMessage[]) => {
        seen.push(messages);
        return new AIMessage('It is cancelled.');
      });
    const copilot = createCopilot(rt, { model, clock: env.clock.now });
    const threadId = 'thread-confirm';

    const events = await collect(
      copilot.runTurn({ actor: client.actor, channel: 'cli', threadId, text: 'Cancel it' }),
    );
    expect(events.map((e) => e.type)).toEqual(['tool_start', 'confirmation_required', 'text', 'done']);
    const held = events.find((e) => e.type === 'confirmation_required');
    if (held?.type !== 'confirmation_required') throw new Error('no confirmation_required');
    expect(held.tool).toBe('cancel_project');
    expect(held.summary).toContain('Project the copilot will cancel');
    expect(held.expiresAt > env.clock.now().toISOString()).toBe(true);
    expect(held.pendingAction.id).toBe(held.actionId);

    // Nothing happened; the pending action is stored with the agent channel and the thread.
    expect(await status(projectId)).toBe('open');
    const action = await one<{ channel: string; thread_id: string; status: string }>(
      rt.db.reader,
      'SELECT channel, thread_id, status FROM pending_actions WHERE id = ?',
      [held.actionId],
    );
    expect(action).toEqual({ channel: 'agent:cli', thread_id: threadId, status: 'pending' });
    const toolRow = await one<{ pending_action_id: string; outcome: string }>(
      rt.db.reader,
      `SELECT m.pending_action_id, m.outcome FROM agent_messages m JOIN agent_threads t ON t.id = m.thread_id
       WHERE t.channel_thread_id = ? AND m.kind = 'tool'`,
      [threadId],
    );
    expect(toolRow).toEqual({ pending_action_id: held.actionId, outcome: 'NEEDS_CONFIRMATION' });

    // Someone else cannot confirm it; the person can, exactly once.
    const other = await makeUser(env.rt, 'client');
    const stranger = await copilot.confirmFromChannel({
      actor: other.actor,
      channel: 'cli',
      threadId,
      actionId: held.actionId,
    });
    expect(stranger.ok ? null : stranger.error.code).toBe('FORBIDDEN');
    expect(await status(projectId)).toBe('open');

    const confirmed = await copilot.confirmFromChannel({
      actor: client.actor,
      channel: 'cli',
      threadId,
      actionId: held.actionId,
    });
    expect(confirmed.ok).toBe(true);
    expect(await status(projectId)).toBe('cancelled');
    const again = await copilot.confirmFromChannel({
      actor: client.actor,
      channel: 'cli',
      threadId,
      actionId: held.actionId,
    });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');

    await rt.dispatcher.flush();
    const audit = await all<{ channel: string; outcome: string }>(
      rt.db.reader,
      `SELECT channel, outcome FROM audit_log WHERE pending_action_id = ? AND actor_id = ? ORDER BY id`,
      [held.actionId, client.actor.id],
    );
    // Buffered rows (refusals, holds) are group-committed, so compare without order.
    expect(audit).toHaveLength(3);
    expect(audit).toEqual(
      expect.arrayContaining([
        { channel: 'agent:cli', outcome: 'NEEDS_CONFIRMATION' },
        { channel: 'cli', outcome: 'OK' },
        { channel: 'cli', outcome: 'CONFLICT' },
      ]),
    );

    // The next turn's history carries the held call and the outcome of the Confirm.
    const next = await collect(
      copilot.runTurn({ actor: client.actor, channel: 'cli', threadId, text: 'Is it cancelled now?' }),
    );
    expect(next.at(-1)?.type).toBe('done');
    const history = seen[0] ?? [];
    const notices = history.filter((m) => SystemMessage.isInstance(m)).map((m) => m.text);
    expect(notices.some((t) => t.includes(held.actionId) && t.includes('executed'))).toBe(true);
    expect(notices.some((t) => t.includes('refused (CONFLICT)'))).toBe(true);
    const toolResult = history.find((m) => ToolMessage.isInstance(m));
    expect(toolResult?.text).toContain('WAITING_FOR_CONFIRMATION');
    expect(history.at(-1)?.text).toBe('Is it cancelled now?');
  });

  it('never moves money on a model call: the money tool waits for confirmFromChannel', async () => {
    const projectId = await newProject('Project with a deposit');
    const model = fakeModel()
      .respond(callTool('test_pay_deposit', { projectId }))
      .respond(new AIMessage('The deposit is waiting for your Confirm.'));
    const copilot = createCopilot(rt, { model, clock: env.clock.now });
    const events = await collect(
      copilot.runTurn({
        actor: client.actor,
        channel: 'slack',
        threadId: 'T1',
        text: 'Pay the deposit now. confirm: true',
      }),
    );
    const held = events.find((e) => e.type === 'confirmation_required');
    if (held?.type !== 'confirmation_required') throw new Error('no confirmation_required');
    expect(events.some((e) => e.type === 'tool_result' && e.ok)).toBe(false);
    expect(await status(projectId)).toBe('open');

    const cancelled = await copilot.cancelFromChannel({
      actor: client.actor,
      channel: 'slack',
      threadId: 'T1',
      actionId: held.actionId,
    });
    expect(cancelled.ok).toBe(true);
    const late = await copilot.confirmFromChannel({
      actor: client.actor,
      channel: 'slack',
      threadId: 'T1',
      actionId: held.actionId,
    });
    expect(late.ok ? null : late.error.code).toBe('CONFLICT');
    expect(await status(projectId)).toBe('open');
    const thread = await copilot.memory.find(client.actor, 'slack', 'T1');
    const rows = await copilot.memory.rows(thread?.id ?? '');
    expect(rows.map((r) => r.kind)).toEqual(['human', 'ai', 'tool', 'ai', 'notice', 'notice']);
    expect(rows[4]?.content).toContain('cancelled; nothing was done');
  });

  // The catalog's own money tools, when they are there: a deposit the model asks for moves nothing until Confirm.
  it.skipIf(!catalog.some((t) => t.name === 'deposit' && t.effect === 'money'))(
    'holds a real money tool from the catalog (deposit) until the person confirms',
    async () => {
      const payer = await makeUser(env.rt, 'client');
      const balance = async () => {
        const r = await env.rt.dispatcher.call<{
          balances: { currency: string; available: { amount: number } }[];
        }>({ actor: payer.actor, channel: 'test', tool: 'wallet_balance', input: {} });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.data.balances.find((b) => b.currency === 'USD')?.available.amount ?? 0;
      };
      const model = fakeModel()
        .respond(callTool('deposit', { amount: { amount: 50_000, currency: 'USD' } }))
        .respond(new AIMessage('The $500 deposit is waiting for your Confirm.'));
      const copilot = createCopilot(env.rt, { model, clock: env.clock.now });
      const req = { actor: payer.actor, channel: 'web', threadId: 'wallet' };
      const events = await collect(copilot.runTurn({ ...req, text: 'Add $500 to my wallet' }));
      const held = events.find((e) => e.type === 'confirmation_required');
      if (held?.type !== 'confirmation_required') throw new Error(`not held: ${JSON.stringify(events)}`);
      expect(await balance()).toBe(0);

      const confirmed = await copilot.confirmFromChannel({ ...req, actionId: held.actionId });
      expect(confirmed.ok, JSON.stringify(confirmed)).toBe(true);
      expect(await balance()).toBe(50_000);
      const again = await copilot.confirmFromChannel({ ...req, actionId: held.actionId });
      expect(again.ok).toBe(false);
      expect(await balance()).toBe(50_000);
    },
  );
});
