import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/client';
import { listMigrations, migrate, splitStatements } from '../db/migrate';
import { getFlag, insertFlagIfMissing, setFlagRollout } from '../db/queries/flags';
import { FLAGS } from '../db/seed/data/flags';
import { all } from '../db/sql';

describe('migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-mig-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('apply once, record each version, and are a no-op the second time', async () => {
    const db = await openDb({ url: `file:${join(dir, 'm.db')}` });
    const first = await migrate(db);
    expect(first).toEqual(listMigrations().map((m) => m.name));
    const schema = await all(db.reader, 'SELECT type, name, sql FROM sqlite_master ORDER BY name');
    const second = await migrate(db);
    expect(second).toEqual([]);
    expect(await all(db.reader, 'SELECT type, name, sql FROM sqlite_master ORDER BY name')).toEqual(schema);
    const versions = await all<{ version: number }>(
      db.reader,
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(versions.map((v) => Number(v.version))).toEqual(listMigrations().map((m) => m.version));
    db.close();
  });

  it('turns on foreign keys and enforces CHECK constraints', async () => {
    const db = await openDb({ url: `file:${join(dir, 'c.db')}` });
    await migrate(db);
    expect(await all(db.reader, 'PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await expect(
      db.write((tx) =>
        tx.execute(
          "INSERT INTO users (id, role, email, display_name, country, created_at) VALUES ('u1','boss','a@b','A','US','x')",
        ),
      ),
    ).rejects.toThrow(/CHECK/);
    await expect(
      db.write((tx) =>
        tx.execute(
          "INSERT INTO api_keys (id, user_id, prefix, key_hash, created_at) VALUES ('k1', 'nobody', 'mlk', printf('%064d', 0), 'x')",
        ),
      ),
    ).rejects.toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('0014 launches proposal_copilot on a database seeded before it, unless an admin had moved it', async () => {
    const seed = FLAGS.find((f) => f.key === 'proposal_copilot');
    if (!seed) throw new Error('proposal_copilot is not seeded');
    for (const adminMoved of [false, true]) {
      const db = await openDb({ url: `file:${join(dir, `launch-${adminMoved}.db`)}` });
      await migrate(
        db,
        listMigrations().filter((m) => m.version < 14),
      );
      await db.write(async (tx) => {
        await insertFlagIfMissing(tx, { ...seed, rolloutBps: 2_500 }, '2026-11-01T00:00:00.000Z');
        if (!adminMoved) return;
        await tx.execute(
          "INSERT INTO users (id, role, email, display_name, country, created_at) VALUES ('usr_a1', 'admin', 'a@x.test', 'A', 'US', 'x')",
        );
        await setFlagRollout(tx, 'proposal_copilot', 2_500, 'usr_a1', '2026-11-02T00:00:00.000Z');
      });
      expect(await migrate(db)).toContain('0014_flag_launches');
      const flag = await getFlag(db.reader, 'proposal_copilot');
      expect(flag?.rolloutBps).toBe(adminMoved ? 2_500 : 10_000);
      expect(flag?.description).toBe(seed.description);
      db.close();
    }
  });

  it('splits scripts into statements and keeps trigger bodies whole', () => {
    const sql = `CREATE TABLE a (x); -- note; here
CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE b SET y = 2; END;
CREATE INDEX i ON a(x);`;
    expect(splitStatements(sql)).toEqual([
      'CREATE TABLE a (x)',
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE b SET y = 2; END',
      'CREATE INDEX i ON a(x)',
    ]);
    expect(splitStatements("UPDATE t SET d = 'a; b -- c' || 'it''s'; -- done\nSELECT 1;")).toEqual([
      "UPDATE t SET d = 'a; b -- c' || 'it''s'",
      'SELECT 1',
    ]);
  });
});
