import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/client';
import { listMigrations, migrate } from '../db/migrate';
import { all, one, run } from '../db/sql';
import { AuditLog, segmentElement } from '../tools/audit';
import { BACKENDS, makeUser, projectInput, type TestEnv, testEnv } from './support/harness';

interface AuditView {
  id: number;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  channel: string;
  tool: string;
  args: string;
  outcome: string;
  message: string | null;
  duration_ms: number;
  pending_action_id: string | null;
}

describe.each(BACKENDS)('the audit log on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
  });
  afterAll(async () => {
    await env.close();
  });

  const rowsOf = (actorId: string) =>
    all<AuditView>(env.rt.db.reader, 'SELECT * FROM audit_log WHERE actor_id = ? ORDER BY id', [actorId]);

  it('shows one row per call, writes and written-behind reads alike, with ids in commit order', async () => {
    const client = await makeUser(env.rt, 'client');
    const call = (tool: string, input: unknown) =>
      env.rt.dispatcher.call({ actor: client.actor, channel: 'test', tool, input });
    const first = await call('create_project', projectInput({ title: 'First of two' }));
    if (!first.ok) throw new Error(first.error.message);
    // Buffered: a read and a refusal wait for their window…
    await call('get_project', { projectId: (first.data as { id: string }).id });
    await call('submit_proposal', { projectId: 'prj_x', coverLetter: 'no', password: 'hunter2' });
    // …so a write committed meanwhile comes before them, and one after their flush comes after.
    await call('create_project', projectInput({ title: 'Second of two' }));
    await env.rt.dispatcher.flush();
    await call('create_project', projectInput({ title: 'Third of three' }));
    await env.rt.dispatcher.flush();

    const rows = await rowsOf(client.actor.id);
    expect(rows.map((r) => [r.tool, r.outcome])).toEqual([
      ['create_project', 'OK'],
      ['create_project', 'OK'],
      ['get_project', 'OK'],
      ['submit_proposal', 'FORBIDDEN'],
      ['create_project', 'OK'],
    ]);
    const ids = rows.map((r) => Number(r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    // The written-behind rows are a segment's; every column reads as it would from a row of its own.
    const [read, refused] = rows.slice(2);
    expect(read).toMatchObject({
      actor_role: 'client',
      channel: 'test',
      message: null,
      pending_action_id: null,
    });
    expect(JSON.parse(read?.args ?? '')).toEqual({ projectId: (first.data as { id: string }).id });
    expect(read?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof read?.duration_ms).toBe('number');
    expect(read?.duration_ms).toBe(Math.round((read?.duration_ms ?? 0) * 1000) / 1000);
    expect(refused?.message).toMatch(/freelancer/);
    expect(JSON.parse(refused?.args ?? '')).toMatchObject({ password: '[redacted]', coverLetter: 'no' });
    const segments = await all<{ actor_id: string }>(
      env.rt.db.reader,
      'SELECT actor_id FROM audit_segment_actors WHERE actor_id = ?',
      [client.actor.id],
    );
    expect(segments.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps what callers send verbatim: quotes, newlines, unicode and nested arguments', async () => {
    const user = await makeUser(env.rt, 'freelancer');
    const odd = 'we"ird\\tool\n✓';
    await env.rt.dispatcher.call({
      actor: user.actor,
      channel: 'chan "x"',
      tool: odd,
      input: { a: [1, { b: 'é"' }] },
    });
    await env.rt.dispatcher.call({
      actor: user.actor,
      channel: 'test',
      tool: 'whoami',
      input: 'not an object',
    });
    await env.rt.dispatcher.flush();
    const rows = await rowsOf(user.actor.id);
    expect(rows.map((r) => [r.channel, r.tool, r.outcome, JSON.parse(r.args)])).toEqual([
      ['chan "x"', odd, 'NOT_FOUND', { a: [1, { b: 'é"' }] }],
      ['test', 'whoami', 'VALIDATION', 'not an object'],
    ]);
    expect(rows[0]?.message).toContain(odd);
  });

  it('records a pending action and a call with no caller', async () => {
    const client = await makeUser(env.rt, 'client');
    const created = await env.rt.dispatcher.call<{ id: string }>({
      actor: client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput(),
    });
    if (!created.ok) throw new Error(created.error.message);
    const pending = await env.rt.dispatcher.call({
      actor: client.actor,
      channel: 'test',
      tool: 'cancel_project',
      input: { projectId: created.data.id },
    });
    expect(pending).toMatchObject({ ok: false, error: { code: 'NEEDS_CONFIRMATION' } });
    const channel = `anonymous-${client.actor.id}`;
    await env.rt.dispatcher.call({ actor: null, channel, tool: 'whoami', input: {} });
    await env.rt.dispatcher.flush();
    const gate = await one<AuditView>(
      env.rt.db.reader,
      "SELECT * FROM audit_log WHERE actor_id = ? AND tool = 'cancel_project'",
      [client.actor.id],
    );
    expect(gate?.outcome).toBe('NEEDS_CONFIRMATION');
    expect(gate?.pending_action_id).toMatch(/^act_/);
    const anonymous = await one<AuditView>(env.rt.db.reader, 'SELECT * FROM audit_log WHERE channel = ?', [
      channel,
    ]);
    expect(anonymous).toMatchObject({ actor_id: null, actor_role: null, outcome: 'UNAUTHENTICATED' });
  });
});

describe('segments', () => {
  it('each call is one JSON array element whatever its strings hold', () => {
    const row = {
      at: '2026-11-24T07:40:12.123Z',
      actorId: 'usr_1',
      actorRole: 'client',
      channel: 'c"h\\',
      tool: 't\u2028\u0000',
      args: { x: 'y"', n: 1.5, z: null },
      outcome: 'OK',
      message: 'line\nbreak',
      durationMs: 0.123456,
      pendingActionId: 'act_1',
    };
    expect(JSON.parse(segmentElement(row))).toEqual([
      row.at,
      'usr_1',
      'client',
      'c"h\\',
      't\u2028\u0000',
      { x: 'y"', n: 1.5, z: null },
      'OK',
      'line\nbreak',
      123, // µs: the view gives ms
      'act_1',
    ]);
    const bare = { ...row, actorId: null, actorRole: null, message: undefined, pendingActionId: undefined };
    expect(JSON.parse(segmentElement({ ...bare, durationMs: Number.NaN }))).toEqual([
      row.at,
      null,
      null,
      'c"h\\',
      't\u2028\u0000',
      { x: 'y"', n: 1.5, z: null },
      'OK',
      null,
      0,
      null,
    ]);
  });

  it('a full window is committed at once as its own segment, and nothing is lost or doubled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'megilance-audit-full-'));
    try {
      const db = await openDb({ url: `file:${join(dir, 'full.db')}` });
      await migrate(db);
      // At most 3 calls a window, and a window far longer than the test: only fullness flushes until flush().
      const audit = new AuditLog(db, 60_000, 60_000, 3);
      for (let i = 0; i < 7; i++)
        audit.enqueue({
          at: `2026-11-02T00:00:0${i}.000Z`,
          actorId: `usr_${i % 2}`,
          actorRole: 'client',
          channel: 'test',
          tool: 'whoami',
          args: { i },
          outcome: 'OK',
          durationMs: i + 0.1234567,
        });
      await audit.flush();
      const segments = await all<{ row_count: number; first_at: string; last_at: string }>(
        db.reader,
        'SELECT row_count, first_at, last_at FROM audit_segments ORDER BY id',
      );
      expect(segments).toEqual([
        { row_count: 3, first_at: '2026-11-02T00:00:00.000Z', last_at: '2026-11-02T00:00:02.000Z' },
        { row_count: 3, first_at: '2026-11-02T00:00:03.000Z', last_at: '2026-11-02T00:00:05.000Z' },
        { row_count: 1, first_at: '2026-11-02T00:00:06.000Z', last_at: '2026-11-02T00:00:06.000Z' },
      ]);
      const rows = await all<{ id: number; args: string; duration_ms: number }>(
        db.reader,
        'SELECT id, args, duration_ms FROM audit_log ORDER BY id',
      );
      expect(rows.map((r) => [Number(r.id), JSON.parse(r.args).i, r.duration_ms])).toEqual(
        Array.from({ length: 7 }, (_, i) => [i + 1, i, (i * 1000 + 123) / 1000]), // to the µs, read in ms
      );
      expect(
        await all(db.reader, 'SELECT actor_id, count(*) AS n FROM audit_segment_actors GROUP BY actor_id'),
      ).toEqual([
        { actor_id: 'usr_0', n: 3 },
        { actor_id: 'usr_1', n: 2 },
      ]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migration 0021 keeps the rows written before it, and ids go on after them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'megilance-audit-migration-'));
    try {
      const db = await openDb({ url: `file:${join(dir, 'old.db')}` });
      await migrate(
        db,
        listMigrations().filter((m) => m.version < 21),
      );
      await db.write((tx) =>
        run(
          tx,
          `INSERT INTO audit_log (at, actor_id, actor_role, channel, tool, args, outcome, duration_ms)
           VALUES ('2026-11-01T00:00:00.000Z', 'usr_old', 'client', 'http', 'whoami', '{"k":1}', 'OK', 2)`,
        ),
      );
      expect(await migrate(db)).toEqual(['0021_audit_segments']);
      const audit = new AuditLog(db);
      audit.enqueue({
        at: '2026-11-02T00:00:00.000Z',
        actorId: 'usr_new',
        actorRole: 'admin',
        channel: 'http',
        tool: 'whoami',
        args: {},
        outcome: 'OK',
        durationMs: 1,
      });
      await audit.flush();
      const rows = await all<{ id: number; actor_id: string; args: string }>(
        db.reader,
        'SELECT id, actor_id, args FROM audit_log ORDER BY id',
      );
      expect(rows).toEqual([
        { id: 1, actor_id: 'usr_old', args: '{"k":1}' },
        { id: 2, actor_id: 'usr_new', args: '{}' },
      ]);
      await db.write((tx) =>
        run(
          tx,
          `INSERT INTO audit_rows (at, channel, tool, args, outcome, duration_ms)
           VALUES ('2026-11-03T00:00:00.000Z', 'http', 'whoami', '{}', 'OK', 1)`,
        ),
      );
      expect(await all(db.reader, 'SELECT id FROM audit_log ORDER BY id')).toEqual([
        { id: 1 },
        { id: 2 },
        { id: 3 },
      ]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
