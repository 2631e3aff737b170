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

  /** The first row only (`get()`): the same answer as `rows[0]` of `execute`, a few µs cheaper per call. */
  first(stmt: InStatement): Promise<Row | undefined> {
    try {
      return Promise.resolve(this.firstSync(stmt));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  firstSync(stmt: InStatement): Row | undefined {
    // On an embedded replica `get()` answered nothing for rows a pull had just brought (libsql 0.5.29;
    // tests/replica.test.ts): there the full read it is.
    if (this.replica) return this.executeSync(stmt).rows[0];
    const sql = typeof stmt === 'string' ? stmt : stmt.sql;
    const args = typeof stmt === 'string' ? [] : toSqlArgs(stmt.args);
    try {
      const p = this.prepared(sql);
      if (!p.columns) {
        p.stmt.run(args);
        return undefined;
      }
      // `all()` opens a row cursor and fills a 100-slot buffer, ~3 µs more than `get()` per statement. A
      // write with RETURNING makes all its changes on its first step, so `get()` misses none of them.
      const raw = p.stmt.get(args) as unknown[] | undefined;
      return raw ? toRow(raw, p) : undefined;
    } catch (err) {
      throw toLibsqlError(err);
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
          raw.map((r) => toRow(r, p)),
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
    return {
      stmt,
      columns,
      rowProto: columns ? rowPrototype(columns) : null,
      names: columns ? ownNames(columns) : [],
    };
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
  /** Shared by this statement's rows: index access and `length` (see toRow). */
  rowProto: object | null;
  /** Per column, the name it is readable by, or null (a repeated name: the first column wins). */
  names: (string | null)[];
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

const VALUES = Symbol('values');

/**
 * What every row of one statement shares: `row[i]` and `row.length`, read from the row's value array.
 * Defining them once here instead of on each row (Object.defineProperty per column per row) was a tenth
 * of a money call's CPU.
 */
function rowPrototype(columns: string[]): object {
  const proto: PropertyDescriptorMap = {
    length: { value: columns.length },
  };
  for (let i = 0; i < columns.length; i++) {
    proto[i] = {
      get(this: { [VALUES]: unknown[] }) {
        return this[VALUES][i];
      },
    };
  }
  return Object.create(Object.prototype, proto);
}

/** Column names as row properties: the first of a repeated name wins; `length` and indexes stay the row's. */
function ownNames(columns: string[]): (string | null)[] {
  const seen = new Set<string>(['length']);
  for (let i = 0; i < columns.length; i++) seen.add(String(i));
  return columns.map((name) => {
    if (seen.has(name)) return null;
    seen.add(name);
    return name;
  });
}

/**
 * A row readable as `row.name` (own and enumerable, so `{ ...row }` and JSON copy the columns) and as
 * `row[0]` (from the statement's shared prototype, so not copied).
 */
function toRow(values: unknown[], p: Prepared): Row {
  const row = Object.create(p.rowProto) as Record<string | symbol, unknown>;
  Object.defineProperty(row, VALUES, { value: values });
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    // @libsql/client hands blobs out as ArrayBuffers; copy exactly the blob's bytes.
    if (v instanceof Uint8Array) {
      v = v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
      values[i] = v;
    }
    const name = p.names[i];
    if (name != null) row[name] = v;
  }
  return row as unknown as Row;
}

function resultSet(
  columns: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return new LocalResultSet(columns, rows, rowsAffected, lastInsertRowid);
}

/**
 * A class rather than an object literal: a literal's `toJSON` closure was created (and, under tsx, named)
 * on every statement.
 */
class LocalResultSet implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}

  get columnTypes(): string[] {
    return this.columns.map(() => '');
  }

  toJSON() {
    const { columns, rows, rowsAffected, lastInsertRowid } = this;
    return { columns, rows: rows.map((r) => ({ ...r })), rowsAffected, lastInsertRowid };
  }
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
