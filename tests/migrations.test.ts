import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/client';
import { listMigrations, migrate, splitStatements } from '../db/migrate';
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

  it('splits scripts into statements and keeps trigger bodies whole', () => {
    const sql = `CREATE TABLE a (x); -- note; here
CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE b SET y = 2; END;
CREATE INDEX i ON a(x);`;
    expect(splitStatements(sql)).toEqual([
      'CREATE TABLE a (x)',
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE b SET y = 2; END',
      'CREATE INDEX i ON a(x)',
    ]);
  });
});
