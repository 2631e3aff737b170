import type { InValue } from '@libsql/client';
import type { Executor } from './client';

export type Args = InValue[] | Record<string, InValue>;
export type Row = Record<string, unknown>;

/** All rows as plain objects typed by the caller. */
export async function all<T = Row>(ex: Executor, sql: string, args: Args = []): Promise<T[]> {
  const rs = await ex.execute({ sql, args });
  return rs.rows.map((r) => ({ ...r }) as T);
}

export async function one<T = Row>(ex: Executor, sql: string, args: Args = []): Promise<T | undefined> {
  if (ex.first) {
    const row = await ex.first({ sql, args });
    return row && ({ ...row } as T);
  }
  const rows = await all<T>(ex, sql, args);
  return rows[0];
}

/** Runs a statement and returns the number of rows it changed. */
export async function run(ex: Executor, sql: string, args: Args = []): Promise<number> {
  const rs = await ex.execute({ sql, args });
  return rs.rowsAffected;
}
