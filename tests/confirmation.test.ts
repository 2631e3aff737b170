import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { all, one, run } from '../db/sql';
import { defineTool } from '../tools/define';
import { Dispatcher } from '../tools/dispatcher';
import { ToolError } from '../tools/errors';
import { catalog } from '../tools/index';
import { BACKENDS, makeUser, projectInput, type TestEnv, testEnv } from './support/harness';

// A guarded tool defined here so the gate is tested apart from any one product tool:
// it appends "!" to a project title, so running twice would be visible.
const shout = defineTool({
  name: 'test_shout_title',
  title: 'Shout a project title',
  description: 'Test tool: appends an exclamation mark to the title.',
  roles: ['client'],
  effect: 'write',
  needsConfirmation: true,
  input: z.object({ projectId: z.string(), fail: z.boolean().default(false) }),
  output: z.object({ title: z.string() }),
  async authorize(ctx, input) {
    const p = await one<{ client_id: string }>(ctx.db, 'SELECT client_id FROM projects WHERE id = ?', [
      input.projectId,
    ]);
    if (!p) throw new ToolError('NOT_FOUND', 'no project');
    if (p.client_id !== ctx.actor.id) throw new ToolError('FORBIDDEN', 'not yours');
  },
  summarize: (_ctx, input) => `Shout the title of ${input.projectId}`,
  async run(ctx, input) {
    await run(ctx.db, "UPDATE projects SET title = title || '!' WHERE id = ?", [input.projectId]);
    if (input.fail) throw new Error('boom after writing');
    const row = await one<{ title: string }>(ctx.db, 'SELECT title FROM projects WHERE id = ?', [
      input.projectId,
    ]);
    return { title: row?.title ?? '' };
  },
});

describe.each(BACKENDS)('confirmation gate on %s', (backend) => {
  let env: TestEnv;
  let dispatcher: Dispatcher;
  beforeAll(async () => {
    env = await testEnv(backend);
    dispatcher = new Dispatcher({
      db: env.rt.db,
      tools: [...catalog, shout],
      clock: env.clock.now,
      confirmationTtlMs: 10 * 60_000,
    });
  });
  afterAll(async () => {
    await dispatcher.flush();
    await env.close();
  });

  async function projectOf(owner: Awaited<ReturnType<typeof makeUser>>) {
    const res = await dispatcher.call({
      actor: owner.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput(),
    });
    if (!res.ok) throw new Error(res.error.message);
    return (res.data as { id: string }).id;
  }
  const title = async (id: string) =>
    (await one<{ title: string }>(env.rt.db.reader, 'SELECT title FROM projects WHERE id = ?', [id]))?.title;

  it('holds the call, runs it once for the same person, refuses replays and other people', async () => {
    const owner = await makeUser(env.rt, 'client');
    const other = await makeUser(env.rt, 'client');
    const id = await projectOf(owner);
    const original = await title(id);

    const held = await dispatcher.call({
      actor: owner.actor,
      channel: 'test',
      tool: 'test_shout_title',
      input: { projectId: id },
    });
    expect(held.ok).toBe(false);
    if (held.ok) return;
    expect(held.error.code).toBe('NEEDS_CONFIRMATION');
    const action = held.error.pendingAction!;
    expect(action).toMatchObject({
      tool: 'test_shout_title',
      summary: `Shout the title of ${id}`,
      status: 'pending',
    });
    expect(action.expiresAt).toBe(new Date(env.clock.current.getTime() + 10 * 60_000).toISOString());
    expect(await title(id)).toBe(original);

    const stranger = await dispatcher.confirm(other.actor, action.id, 'test');
    expect(stranger).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await title(id)).toBe(original);

    const done = await dispatcher.confirm(owner.actor, action.id, 'test');
    expect(done).toEqual({ ok: true, data: { title: `${original}!` } });

    const replay = await dispatcher.confirm(owner.actor, action.id, 'test');
    expect(replay).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await title(id)).toBe(`${original}!`);

    const stored = await one(env.rt.db.reader, 'SELECT status, result FROM pending_actions WHERE id = ?', [
      action.id,
    ]);
    expect(stored).toEqual({ status: 'executed', result: JSON.stringify({ title: `${original}!` }) });

    await dispatcher.flush();
    const audit = await all<{ outcome: string; actor_id: string }>(
      env.rt.db.reader,
      'SELECT outcome, actor_id FROM audit_log WHERE pending_action_id = ? ORDER BY id',
      [action.id],
    );
    expect(audit.map((a) => a.outcome).sort()).toEqual(['CONFLICT', 'FORBIDDEN', 'NEEDS_CONFIRMATION', 'OK']);
  });

  it('refuses an expired action and a cancelled one', async () => {
    const owner = await makeUser(env.rt, 'client');
    const id = await projectOf(owner);
    const original = await title(id);
    const first = await dispatcher.call({
      actor: owner.actor,
      channel: 'test',
      tool: 'test_shout_title',
      input: { projectId: id },
    });
    const second = await dispatcher.call({
      actor: owner.actor,
      channel: 'test',
      tool: 'test_shout_title',
      input: { projectId: id },
    });
    if (first.ok || second.ok) throw new Error('expected pending actions');

    const cancelled = await dispatcher.cancel(owner.actor, second.error.pendingAction!.id, 'test');
    expect(cancelled).toMatchObject({ ok: true, data: { status: 'cancelled' } });
    expect(await dispatcher.confirm(owner.actor, second.error.pendingAction!.id, 'test')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    env.clock.advance(10 * 60_000 + 1);
    expect(await dispatcher.confirm(owner.actor, first.error.pendingAction!.id, 'test')).toMatchObject({
      ok: false,
      error: { code: 'ACTION_EXPIRED' },
    });
    expect(await title(id)).toBe(original);
  });

  it('runs exactly once when the same person confirms many times at once', async () => {
    const owner = await makeUser(env.rt, 'client');
    const id = await projectOf(owner);
    const original = await title(id);
    const held = await dispatcher.call({
      actor: owner.actor,
      channel: 'test',
      tool: 'test_shout_title',
      input: { projectId: id },
    });
    if (held.ok) throw new Error('expected a pending action');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => dispatcher.confirm(owner.actor, held.error.pendingAction!.id, 'test')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await title(id)).toBe(`${original}!`);
  });

  it('rolls back a confirmed call that fails and marks the action failed', async () => {
    const owner = await makeUser(env.rt, 'client');
    const id = await projectOf(owner);
    const original = await title(id);
    const held = await dispatcher.call({
      actor: owner.actor,
      channel: 'test',
      tool: 'test_shout_title',
      input: { projectId: id, fail: true },
    });
    if (held.ok) throw new Error('expected a pending action');
    const res = await dispatcher.confirm(owner.actor, held.error.pendingAction!.id, 'test');
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await title(id)).toBe(original);
    const stored = await one(
      env.rt.db.reader,
      'SELECT status, error_code FROM pending_actions WHERE id = ?',
      [held.error.pendingAction!.id],
    );
    expect(stored).toEqual({ status: 'failed', error_code: 'INTERNAL' });
  });

  it('marks the action failed when the tool refuses at confirm time', async () => {
    const owner = await makeUser(env.rt, 'client');
    const id = await projectOf(owner);
    const held = await dispatcher.call({
      actor: owner.actor,
      channel: 'test',
      tool: 'test_shout_title',
      input: { projectId: id },
    });
    if (held.ok) throw new Error('expected a pending action');
    // The project changes hands between asking and confirming: authorize now refuses.
    const other = await makeUser(env.rt, 'client');
    await env.rt.db.write((tx) =>
      run(tx, 'UPDATE projects SET client_id = ? WHERE id = ?', [other.actor.id, id]),
    );
    const res = await dispatcher.confirm(owner.actor, held.error.pendingAction!.id, 'test');
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const stored = await one(
      env.rt.db.reader,
      'SELECT status, error_code FROM pending_actions WHERE id = ?',
      [held.error.pendingAction!.id],
    );
    expect(stored).toEqual({ status: 'failed', error_code: 'FORBIDDEN' });
  });

  it('checks ownership before storing a pending action', async () => {
    const owner = await makeUser(env.rt, 'client');
    const other = await makeUser(env.rt, 'client');
    const id = await projectOf(owner);
    const res = await dispatcher.call({
      actor: other.actor,
      channel: 'test',
      tool: 'test_shout_title',
      input: { projectId: id },
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const pending = await all(env.rt.db.reader, 'SELECT id FROM pending_actions WHERE actor_id = ?', [
      other.actor.id,
    ]);
    expect(pending).toEqual([]);
  });
});
