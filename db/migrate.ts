import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client';
import { all, run } from './sql';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, f), 'utf8'),
    }));
}

/** Applies each migration not yet recorded, once, in order. Returns the names applied now. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<string[]> {
  await db.script(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const done = new Set(
    (await all<{ version: number }>(db.reader, 'SELECT version FROM schema_migrations')).map((r) =>
      Number(r.version),
    ),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await db.write(async (tx) => {
      // Re-check inside the write lock: another process may have migrated meanwhile.
      const again = await all(tx, 'SELECT 1 FROM schema_migrations WHERE version = ?', [m.version]);
      if (again.length > 0) return;
      for (const stmt of splitStatements(m.sql)) await tx.execute(stmt);
      await run(tx, 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      applied.push(m.name);
    });
  }
  return applied;
}

/**
 * Splits a migration into statements so each runs inside one transaction on every backend
 * (remote libSQL transactions take statements one at a time). Keeps BEGIN…END trigger bodies whole; a `;` or
 * `--` inside a quoted string is text, not a separator or a comment.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const part of splitOutsideQuotes(sql)) {
    current += part;
    const openTrigger = /\bCREATE\s+TRIGGER\b/i.test(current) && !/\bEND\s*$/i.test(current.trim());
    if (openTrigger) {
      current += ';';
      continue;
    }
    if (current.trim()) out.push(current.trim());
    current = '';
  }
  return out;
}

/** The script cut at every `;` outside single-quoted strings, with `--` comments outside them dropped. */
function splitOutsideQuotes(sql: string): string[] {
  const parts: string[] = [];
  let part = '';
  let quoted = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'")
      quoted = !quoted; // '' inside a string toggles twice: still quoted
    else if (!quoted && c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      part += '\n';
      continue;
    } else if (!quoted && c === ';') {
      parts.push(part);
      part = '';
      continue;
    }
    part += c;
  }
  parts.push(part);
  return parts;
}
