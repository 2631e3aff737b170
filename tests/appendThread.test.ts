import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { type AppendBatch, type Db, openDb } from '../db/client';
import { seedReference } from '../db/seed/reference';
import { all } from '../db/sql';
import { createRuntime } from '../runtime';
import { AuditLog } from '../tools/audit';

/** Rows n = from … from + count - 1 of table t (plus any `extra` [n, label] pairs), as one append batch. */
const batchOf = (from: number, count: number, extra: [number, string][] = []): AppendBatch => {
  const rows = [...Array.from({ length: count }, (_, i) => [from + i, `row ${from + i}`]), ...extra];
  return {
    records: rows.length,
    statements: [
      {
        sql: 'INSERT INTO t (n, label) SELECT value ->> 0, value ->> 1 FROM json_each(?)',
        args: [JSON.stringify(rows)],
      },
    ],
  };
};

async function tableDb(dir: string, name: string, appendThreadMinRecords: number): Promise<Db> {
  const db = await openDb({ url: `file:${join(dir, name)}`, appendThreadMinRecords });
  await db.script('CREATE TABLE t (n INTEGER NOT NULL CHECK (n >= 0), label TEXT NOT NULL)');
  return db;
}

describe('append: write-behind rows from a thread of their own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-append-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('commits large batches on the thread, in order with the writes around them, none lost or doubled', async () => {
    const db = await tableDb(dir, 'order.db', 0);
    expect(await db.appender?.start()).toBe(true);
    // Appends and ordinary writes interleaved: each write sees every append queued before it.
    const seen: number[] = [];
    const work: Promise<unknown>[] = [];
    for (let b = 0; b < 20; b++) {
      work.push(db.append(batchOf(b * 250, 250)));
      work.push(
        db.write(async (tx) => {
          const [row] = (await tx.execute('SELECT count(*) AS c FROM t')).rows;
          seen.push(Number(row?.c));
        }),
      );
    }
    const results = await Promise.allSettled(work);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, b) => (b + 1) * 250));
    expect(db.appender?.recordsWritten).toBe(5000);
    const check = await all<{ c: number; d: number; s: number }>(
      db.reader,
      'SELECT count(*) AS c, count(DISTINCT n) AS d, sum(n) AS s FROM t',
    );
    expect(check).toEqual([{ c: 5000, d: 5000, s: (4999 * 5000) / 2 }]);
    db.close();
  });

  it('a batch the thread refuses is rolled back there and written by the caller, who then hears its error', async () => {
    const db = await tableDb(dir, 'refused.db', 0);
    expect(await db.appender?.start()).toBe(true);
    // -1 breaks the CHECK: the thread's transaction fails whole, so nothing of the batch may stay.
    await expect(db.append(batchOf(0, 99, [[-1, 'bad']]))).rejects.toThrow(/CHECK/);
    expect(await all(db.reader, 'SELECT count(*) AS c FROM t')).toEqual([{ c: 0 }]);
    expect(db.appender?.recordsWritten).toBe(0);
    await db.append(batchOf(0, 100));
    expect(await all(db.reader, 'SELECT count(*) AS c FROM t')).toEqual([{ c: 100 }]);
    expect(db.appender?.recordsWritten).toBe(100);
    db.close();
  });

  it('small batches, and every batch before the thread is up, are written on the caller’s own writer', async () => {
    const db = await tableDb(dir, 'small.db', 64);
    await db.append(batchOf(0, 10));
    expect(db.appender?.recordsWritten).toBe(0);
    // The first large batch starts the thread but does not wait for it.
    await db.append(batchOf(10, 100));
    expect(await all(db.reader, 'SELECT count(*) AS c FROM t')).toEqual([{ c: 110 }]);
    expect(db.appender?.recordsWritten).toBe(0);
    expect(await db.appender?.start()).toBe(true);
    await db.append(batchOf(110, 100));
    expect(db.appender?.recordsWritten).toBe(100);
    db.close();
  });

  it('once the thread is gone, appends are written on the caller’s writer again', async () => {
    const db = await tableDb(dir, 'gone.db', 0);
    expect(await db.appender?.start()).toBe(true);
    await db.append(batchOf(0, 100));
    db.appender?.close(); // as if the thread had died
    expect(await db.append(batchOf(100, 100))).toBe('writer');
    expect(db.appender?.recordsWritten).toBe(100);
    expect(await all(db.reader, 'SELECT count(*) AS c FROM t')).toEqual([{ c: 200 }]);
    db.close();
  });

  it('the audit rows of a burst of reads are committed by the thread and read back whole', async () => {
    const rt = await createRuntime(
      loadConfig({ DATABASE_URL: `file:${join(dir, 'audit.db')}`, LOG_LEVEL: 'silent' }),
    );
    await seedReference(rt.db);
    expect(await rt.db.appender?.start()).toBe(true);
    const actor = { id: 'usr_reader', role: 'client' as const, displayName: 'Reader' };
    const calls = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        rt.dispatcher.call({
          actor,
          channel: 'http',
          tool: 'get_project',
          input: { projectId: `prj_missing${i}` },
        }),
      ),
    );
    expect(calls.every((c) => !c.ok && c.error.code === 'NOT_FOUND')).toBe(true);
    await rt.dispatcher.flush();
    expect(rt.db.appender?.recordsWritten).toBeGreaterThanOrEqual(300);
    const rows = await all<{ c: number; ids: number }>(
      rt.db.reader,
      `SELECT count(*) AS c, count(DISTINCT json_extract(args, '$.projectId')) AS ids FROM audit_log
        WHERE actor_id = ? AND tool = 'get_project' AND outcome = 'NOT_FOUND'`,
      [actor.id],
    );
    expect(rows).toEqual([{ c: 300, ids: 300 }]);
    await rt.close();
  });

  it('the audit window is shorter after a commit by the thread, which holds only the writers’ turn', async () => {
    const windows: Record<string, number> = {};
    for (const [name, minRows] of [
      ['thread', 0],
      ['writer', Number.POSITIVE_INFINITY],
    ] as const) {
      const rt = await createRuntime(
        loadConfig({ DATABASE_URL: `file:${join(dir, `window-${name}.db`)}`, LOG_LEVEL: 'silent' }),
      );
      const db = await openDb({ url: rt.config.DATABASE_URL, appendThreadMinRecords: minRows });
      if (name === 'thread') expect(await db.appender?.start()).toBe(true);
      // Every commit takes at least 20 ms here (25 ms asked: a timer may fire up to 1 ms early), so the window
      // is set from a known floor.
      const slow: Db = {
        ...db,
        append: async (batch) => {
          await new Promise((r) => setTimeout(r, 25));
          return db.append(batch);
        },
      };
      const audit = new AuditLog(slow, 20, 60_000);
      for (let i = 0; i < 100; i++)
        audit.enqueue({
          at: new Date().toISOString(),
          actorId: null,
          actorRole: null,
          channel: 'test',
          tool: 'whoami',
          args: {},
          outcome: 'OK',
          durationMs: 1,
        });
      await audit.flush();
      windows[name] = audit.window;
      expect(await all(db.reader, "SELECT count(*) AS c FROM audit_log WHERE channel = 'test'")).toEqual([
        { c: 100 },
      ]);
      expect(db.appender?.recordsWritten).toBe(name === 'thread' ? 100 : 0);
      db.close();
      await rt.close();
    }
    expect(windows.thread).toBeGreaterThanOrEqual(100); // 5 × at least 20 ms
    expect(windows.writer).toBeGreaterThanOrEqual(2000); // 100 × at least 20 ms
    expect(windows.thread).toBeLessThan(windows.writer ?? 0);
  });
});
