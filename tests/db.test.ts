import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/client';
import { all, one } from '../db/sql';

describe('db client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('queues overlapping write transactions instead of failing with SQLITE_BUSY', async () => {
    const db = await openDb({ url: `file:${join(dir, 'q.db')}` });
    await db.script('CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);');
    // Each transaction reads, waits on real I/O time, then writes: without the queue these interleave
    // and all but one fail (TRANSACTION_ACTIVE / SQLITE_BUSY), or lose updates.
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        db.write(async (tx) => {
          const row = await one<{ n: number }>(tx, 'SELECT n FROM counter');
          await new Promise((r) => setTimeout(r, 1));
          await tx.execute({ sql: 'UPDATE counter SET n = ?', args: [Number(row?.n) + 1] });
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await all(db.reader, 'SELECT n FROM counter')).toEqual([{ n: 50 }]);
    db.close();
  });

  it('group-commits concurrent writes: a refused one rolls back alone, its neighbours commit', async () => {
    const db = await openDb({ url: `file:${join(dir, 'g.db')}` });
    await db.script('CREATE TABLE t (x INTEGER NOT NULL CHECK (x >= 0))');
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        db.write(async (tx) => {
          await tx.execute({ sql: 'INSERT INTO t VALUES (?)', args: [i] });
          if (i % 5 === 0) await tx.execute({ sql: 'INSERT INTO t VALUES (?)', args: [-1] }); // CHECK fails
          if (i % 7 === 0) throw new Error(`refused ${i}`);
          return i;
        }),
      ),
    );
    const expected = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 !== 0 && i % 7 !== 0);
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))).toEqual(expected);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(40 - expected.length);
    const rows = await all<{ x: number }>(db.reader, 'SELECT x FROM t ORDER BY x');
    expect(rows.map((r) => r.x)).toEqual(expected);
    db.close();
  });

  it('rolls back a failed transaction and keeps serving the next one', async () => {
    const db = await openDb({ url: `file:${join(dir, 'r.db')}` });
    await db.script('CREATE TABLE t (x INTEGER)');
    await expect(
      db.write(async (tx) => {
        await tx.execute('INSERT INTO t VALUES (1)');
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    await db.write((tx) => tx.execute('INSERT INTO t VALUES (2)'));
    expect(await all(db.reader, 'SELECT x FROM t')).toEqual([{ x: 2 }]);
    expect(await all(db.reader, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    db.close();
  });
});
