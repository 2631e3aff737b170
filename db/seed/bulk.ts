import type { InValue } from '@libsql/client';
import type { Executor } from '../client';

/**
 * Rows per INSERT statement. Each statement binds one parameter: the rows as a JSON array, unpacked by
 * json_each. Measured on the embedded libSQL driver this is as fast as multi-row VALUES lists (about
 * 200k rows/s) but keeps memory flat: the driver frees prepared statements only when V8 garbage-collects
 * their wrappers, and a 400-row VALUES statement holds a large compiled program, so a 100k-freelancer seed
 * with VALUES lists grew to over 1 GB RSS; with one short statement text it stays under 300 MB.
 */
const ROWS_PER_STATEMENT = 2000;

/** Buffers rows per table and writes them in bulk (see insertRows), parents before children. */
export class RowBuffer {
  private readonly tables = new Map<string, { columns: readonly string[]; rows: InValue[][] }>();
  private total = 0;

  /** `order` fixes the flush order up front (parents before children), whatever is added first. */
  constructor(order: readonly (readonly [string, readonly string[]])[] = []) {
    for (const [table, columns] of order) this.tables.set(table, { columns, rows: [] });
  }

  add(table: string, columns: readonly string[], row: InValue[]): void {
    let t = this.tables.get(table);
    if (!t) {
      t = { columns, rows: [] };
      this.tables.set(table, t);
    } else if (t.columns !== columns && t.columns.join() !== columns.join()) {
      throw new Error(`RowBuffer: ${table} used with two column lists`);
    }
    if (row.length !== columns.length) throw new Error(`RowBuffer: ${table} row has ${row.length} values`);
    t.rows.push(row);
    this.total++;
  }

  get size(): number {
    return this.total;
  }

  /** Writes everything buffered (declared tables first, then in the order first added) and empties it. */
  async flush(tx: Executor): Promise<number> {
    const written = this.total;
    for (const [table, t] of this.tables) {
      await insertRows(tx, table, t.columns, t.rows);
      t.rows = [];
    }
    this.total = 0;
    return written;
  }
}

/** Inserts rows with `INSERT … SELECT value->>0, value->>1, … FROM json_each(?)`, in array order. */
export async function insertRows(
  tx: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly InValue[][],
): Promise<void> {
  const picks = columns.map((_, i) => `value->>${i}`).join(', ');
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${picks} FROM json_each(?)`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await tx.execute({ sql, args: [JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT), jsonValue)] });
  }
}

/** Values the seed writes are strings, numbers and nulls; anything else is a bug, not something to coerce. */
function jsonValue(_key: string, value: unknown): unknown {
  if (
    typeof value === 'bigint' ||
    typeof value === 'boolean' ||
    value instanceof ArrayBuffer ||
    value instanceof Date
  )
    throw new Error(`seed rows hold strings, numbers and nulls only; got ${typeof value}`);
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new Error('seed rows cannot hold NaN or Infinity');
  return value;
}
