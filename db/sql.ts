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

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const ROWS_PER_STATEMENT = 100;

interface InsertShape {
  table: string;
  head: string;
  tuple: string;
}
/** By column list (callers pass one constant array): every write's audit row goes through here. */
const shapes = new WeakMap<readonly string[], InsertShape>();

function insertShape(table: string, columns: readonly string[]): InsertShape {
  const hit = shapes.get(columns);
  if (hit?.table === table) return hit;
  for (const name of [table, ...columns])
    if (!IDENTIFIER.test(name)) throw new Error(`Not an SQL identifier: ${name}`);
  const shape = {
    table,
    head: `INSERT INTO ${table} (${columns.join(', ')}) VALUES `,
    tuple: `(${columns.map(() => '?').join(', ')})`,
  };
  shapes.set(columns, shape);
  return shape;
}

/**
 * Inserts rows in statements of up to 100 rows each. Table and column names are the caller's constants,
 * never input; they are checked anyway, since they are spliced into the SQL.
 */
export async function insertRows(
  ex: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly InValue[])[],
): Promise<void> {
  const { head, tuple } = insertShape(table, columns);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    await ex.execute({ sql: head + chunk.map(() => tuple).join(', '), args: chunk.flat() });
  }
}
