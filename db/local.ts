import {
  type InArgs,
  type InStatement,
  type InValue,
  LibsqlError,
  type ResultSet,
  type Row,
} from '@libsql/client';
import Database from 'libsql';

/**
 * One connection to an embedded database file on the synchronous `libsql` driver, answering like
 * @libsql/client (`ResultSet`, rows readable by column name and by index, `LibsqlError`s).
 *
 * Why not @libsql/client for local files: its `execute` prepares the SQL again on every call (an insert
 * into ledger_transfers compiles the zero-sum trigger each time) and probes `raw()` with a thrown exception
 * for every statement that returns no rows; the native statements it leaves behind also grow the process's
 * memory with every write (about 2.5 KB per execute, never given back; bench/ledger/README.md). Here each
 * distinct SQL text is prepared once per connection and reused, so CPU per write drops 4–5× and memory is
 * bounded by the number of distinct statements.
 */
export class LocalConnection {
  private readonly conn: Database.Database;
  private readonly cache = new Map<string, Prepared>();

  private readonly replica: boolean;

  constructor(path: string, timeoutMs: number, replica?: ReplicaOptions) {
    this.replica = Boolean(replica);
    this.conn = new Database(path, {
      timeout: timeoutMs,
      // An embedded replica of a libSQL server, read from locally and pulled every `syncSeconds` (and by
      // `sync()` after this node's own writes, which db/client.ts sends to the server directly).
      ...(replica && { syncUrl: replica.syncUrl, authToken: replica.authToken ?? '', readYourWrites: true }),
    } as never);
    if (replica) {
      this.conn.sync();
      // Our own timer, not the driver's `syncPeriod`: with it, cached statements came back empty after a
      // background pull (libsql 0.5.29).
      this.timer = setInterval(() => {
        try {
          this.conn.sync();
        } catch {
          // The server is away for now; the next pull catches up.
        }
      }, replica.syncSeconds * 1000);
      this.timer.unref();
    }
  }

  private timer: NodeJS.Timeout | undefined;

  /** Pulls the primary's latest frames into an embedded replica. */
  sync(): void {
    this.conn.sync();
  }

  execute(stmt: InStatement): Promise<ResultSet> {
    try {
      return Promise.resolve(this.executeSync(stmt));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  executeSync(stmt: InStatement): ResultSet {
    const sql = typeof stmt === 'string' ? stmt : stmt.sql;
    const args = typeof stmt === 'string' ? [] : toSqlArgs(stmt.args);
    try {
      const p = this.prepared(sql);
      if (p.columns) {
        // Always an array or object argument: `libsql` panics when a lone Buffer is passed bare.
        const raw = p.stmt.all(args) as unknown[][];
        return resultSet(
          p.columns,
          raw.map((r) => toRow(r, p.columns as string[])),
          0,
          undefined,
        );
      }
      const info = p.stmt.run(args);
      return resultSet([], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (err) {
      throw toLibsqlError(err);
    }
  }

  /** Runs a multi-statement script (migrations, pragmas). */
  exec(sql: string): void {
    try {
      this.conn.exec(sql);
    } catch (err) {
      throw toLibsqlError(err);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.cache.clear();
    this.conn.close();
  }

  private prepared(sql: string): Prepared {
    const hit = this.cache.get(sql);
    if (hit) return hit;
    const fresh = this.prepare(sql);
    // An embedded replica's statements are not reused: after a pull, a cached statement answered with
    // another statement's rows (libsql 0.5.29; bench/load saw keys resolve to the wrong users).
    if (!this.replica) this.remember(sql, fresh);
    return fresh;
  }

  private prepare(sql: string): Prepared {
    const stmt = this.conn.prepare(sql);
    const columns = stmt.reader ? stmt.columns().map((c) => c.name) : null;
    if (columns) stmt.raw(true);
    return { stmt, columns };
  }

  private remember(sql: string, p: Prepared): void {
    // Statements built with a variable number of placeholders could grow the cache without end: keep the
    // most recently added ones.
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(sql, p);
  }
}

const MAX_CACHED = 2000;

export interface ReplicaOptions {
  /** The libSQL server (primary) this file replicates. */
  syncUrl: string;
  authToken?: string | undefined;
  /** How often to pull others' writes, in seconds. */
  syncSeconds: number;
}

interface Prepared {
  stmt: Database.Statement;
  columns: string[] | null;
}

function toSqlArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(toSqlValue);
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const bare = name[0] === ':' || name[0] === '@' || name[0] === '$' ? name.slice(1) : name;
    named[bare] = toSqlValue(value);
  }
  return named;
}

/** The same conversions @libsql/client applies to arguments. */
function toSqlValue(value: InValue | undefined): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

/** A row readable as `row.name` (enumerable, so `{ ...row }` copies the columns) and as `row[0]`. */
function toRow(values: unknown[], columns: string[]): Row {
  const row: Record<string | number, unknown> = {};
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    // @libsql/client hands blobs out as ArrayBuffers; copy exactly the blob's bytes.
    if (v instanceof Uint8Array) v = v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
    Object.defineProperty(row, i, { value: v });
    const name = columns[i] as string;
    if (!Object.hasOwn(row, name)) row[name] = v;
  }
  Object.defineProperty(row, 'length', { value: values.length });
  return row as unknown as Row;
}

function resultSet(
  columns: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return {
    columns,
    columnTypes: columns.map(() => ''),
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, rows: rows.map((r) => ({ ...r })), rowsAffected, lastInsertRowid }),
  };
}

function toLibsqlError(err: unknown): unknown {
  const e = err as { code?: unknown; rawCode?: unknown; message?: string };
  if (!(err instanceof Error) || typeof e.code !== 'string' || !e.code.startsWith('SQLITE')) return err;
  const base = e.code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1');
  return new LibsqlError(
    err.message,
    base,
    e.code,
    typeof e.rawCode === 'number' ? e.rawCode : undefined,
    err,
  );
}
