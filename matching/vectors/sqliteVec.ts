import { createHash } from 'node:crypto';
import Database from 'libsql';
import * as sqliteVec from 'sqlite-vec';
import type { Db } from '../../db/client';
import {
  OWNER_KINDS,
  type OwnerKind,
  type SearchHit,
  type SearchOptions,
  type VectorIndex,
  type VectorItem,
  type VectorMode,
} from './index';
import { LibsqlNativeIndex } from './libsqlNative';
import { checkKind, checkQuery, planSearch, SEARCH_SQL_SQLITE_VEC, vectorBytes } from './store';

export interface SqliteVecIndexOptions {
  providerId: string;
  dimension: number;
  mode: VectorMode;
  now?: () => Date;
  /** How long a derived-index write waits for the database write lock before failing. */
  lockTimeoutMs?: number;
  /**
   * A vec0 table that has lagged behind the change log this long (nobody searched it) stops holding the
   * log back: it is marked stale, the log is pruned, and it is rebuilt when next used. Default 1 hour.
   */
  staleAfterMs?: number;
}

type Conn = InstanceType<typeof Database>;

const BATCH = 2000;

/**
 * The embedded backend: sqlite-vec loaded into a second connection (the `libsql` package) on the same
 * database file as the Db's @libsql/client connections.
 *
 * Writes: vectors are written to `embeddings` through Db.write, exactly as the libSQL backend does, so
 * they join the process's one write queue, commit atomically with their 1-bit codes (triggers), and stay
 * readable by every backend. Nothing in the source of truth needs the extension.
 *
 * Exact mode: a vec0 table per (kind, provider, dimension), `float[dim] distance_metric=cosine`, derived
 * from `embeddings`. It is built in batches and caught up from `embedding_changes` (filled by triggers)
 * after each upsert/delete and before each search, in short synchronous transactions on this connection.
 * Those take the write lock with BEGIN IMMEDIATE at busy_timeout 0 and, when the lock is held (by a
 * Db.write transaction awaiting something), retry after a timer instead of blocking the event loop, which
 * would deadlock the very transaction it waits for.
 *
 * Binary mode: a Hamming scan over `embedding_codes` and exact rescoring of the candidates from
 * `embeddings`, on this connection; no vec0 table. vec0's own bit[] KNN was measured slower for the few
 * hundred candidates rescoring needs (its top-k selection costs O(rows × k)); see bench/matching.
 */
export class SqliteVecIndex implements VectorIndex {
  readonly backend = 'sqlite-vec' as const;
  readonly mode: VectorMode;
  readonly providerId: string;
  readonly dimension: number;
  private readonly conn: Conn;
  private readonly writer: LibsqlNativeIndex;
  private readonly lockTimeoutMs: number;
  private readonly staleAfterMs: number;
  private readonly ready = new Map<OwnerKind, Promise<void>>();
  private readonly stmts = new Map<string, ReturnType<Conn['prepare']>>();

  private constructor(db: Db, path: string, opts: SqliteVecIndexOptions) {
    this.mode = opts.mode;
    this.providerId = opts.providerId;
    this.dimension = opts.dimension;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 30_000;
    this.staleAfterMs = opts.staleAfterMs ?? 3_600_000;
    // Writes to the source of truth are the libSQL backend's: through Db.write.
    this.writer = new LibsqlNativeIndex(db, opts);
    this.conn = new Database(path, { timeout: 0 });
    try {
      this.conn.loadExtension(sqliteVec.getLoadablePath());
      this.conn.exec('PRAGMA busy_timeout = 0');
    } catch (err) {
      this.conn.close();
      throw err;
    }
  }

  /** Opens the index; in exact mode builds (or catches up) the vec0 tables first. */
  static async open(db: Db, path: string, opts: SqliteVecIndexOptions): Promise<SqliteVecIndex> {
    const index = new SqliteVecIndex(db, path, opts);
    try {
      if (index.mode === 'exact') for (const kind of OWNER_KINDS) await index.ensureReady(kind);
    } catch (err) {
      index.close();
      throw err;
    }
    return index;
  }

  /** sqlite-vec's version string, e.g. "v0.1.9". */
  get extensionVersion(): string {
    return String(this.read('SELECT vec_version()', [])[0]?.[0]);
  }

  async upsert(items: readonly VectorItem[]): Promise<void> {
    await this.writer.upsert(items);
    if (this.mode === 'exact') for (const kind of new Set(items.map((i) => i.kind))) await this.sync(kind);
  }

  async delete(kind: OwnerKind, ids: readonly string[]): Promise<number> {
    const n = await this.writer.delete(kind, ids);
    if (this.mode === 'exact' && n > 0) await this.sync(kind);
    return n;
  }

  async search(
    kind: OwnerKind,
    query: Float32Array,
    k: number,
    opts: SearchOptions = {},
  ): Promise<SearchHit[]> {
    const plan = checkQuery(kind, query, k, opts, this.dimension, this.providerId);
    if (plan.filterIds?.length === 0) return [];
    if (this.mode === 'exact' && !plan.filterIds) {
      await this.sync(kind);
      const rows = this.read(
        `SELECT e.owner_id, v.distance
           FROM (SELECT rowid, distance FROM "${this.vecTable(kind)}" WHERE embedding MATCH ?1 AND k = ?2) v
           CROSS JOIN embeddings e ON e.id = v.rowid
          WHERE e.provider_id = ?3 AND e.dimension = ?4
          ORDER BY v.distance`,
        [vectorBytes(query), plan.k, this.providerId, this.dimension],
      );
      return rows.map((r) => ({ id: String(r[0]), distance: Number(r[1]) }));
    }
    // Binary mode, and exact search within a filter set: the shared SQL, run on this connection.
    const { statement, args } = planSearch(this.mode, kind, query, plan, this.providerId, this.dimension);
    return this.read(SEARCH_SQL_SQLITE_VEC[statement], args).map((r) => ({
      id: String(r[0]),
      distance: Number(r[1]),
    }));
  }

  async count(kind: OwnerKind): Promise<number> {
    checkKind(kind);
    const row = this.read(
      'SELECT count(*) FROM embeddings WHERE owner_kind = ? AND provider_id = ? AND dimension = ?',
      [kind, this.providerId, this.dimension],
    )[0];
    return Number(row?.[0] ?? 0);
  }

  /** Recomputes the 1-bit codes and, in exact mode, rebuilds the vec0 tables from scratch. */
  async rebuild(): Promise<void> {
    await this.writer.rebuild();
    if (this.mode !== 'exact') return;
    for (const kind of OWNER_KINDS) {
      await this.writeTx(() =>
        this.run("UPDATE vector_indexes SET state = 'stale' WHERE name = ?", [this.vecTable(kind)]),
      );
      this.ready.delete(kind);
      await this.ensureReady(kind);
    }
  }

  close(): void {
    if (this.conn.open) this.conn.close();
  }

  /** The vec0 table of a kind for this provider and dimension. */
  vecTable(kind: OwnerKind): string {
    const h = createHash('sha256').update(`${this.providerId}\0${this.dimension}`).digest('hex').slice(0, 12);
    return `vec_${kind}_${h}`;
  }

  /** Brings the kind's vec0 table up to date: built once per process, caught up, rebuilt if gone stale. */
  private async sync(kind: OwnerKind): Promise<void> {
    await this.ensureReady(kind);
    if (await this.catchUp(kind)) return;
    this.ready.delete(kind);
    await this.ensureReady(kind);
  }

  private ensureReady(kind: OwnerKind): Promise<void> {
    let p = this.ready.get(kind);
    if (!p) {
      p = this.build(kind).catch((err) => {
        this.ready.delete(kind);
        throw err;
      });
      this.ready.set(kind, p);
    }
    return p;
  }

  /** Builds the kind's vec0 table unless the registry says it is ready: fresh table, batched copy, catch-up. */
  private async build(kind: OwnerKind): Promise<void> {
    const name = this.vecTable(kind);
    const state = this.read('SELECT state FROM vector_indexes WHERE name = ?', [name])[0]?.[0];
    if (state === 'ready' && this.tableExists(name)) return;
    // Register first: from here on the triggers log changes to this kind, so nothing written while the
    // copy runs is missed. The copy is idempotent, so a second builder in another process does no harm.
    await this.writeTx(() => {
      this.conn.exec(`DROP TABLE IF EXISTS "${name}"`);
      this.conn.exec(
        `CREATE VIRTUAL TABLE "${name}" USING vec0(embedding float[${this.dimension}] distance_metric=cosine)`,
      );
      this.run(
        `INSERT INTO vector_indexes (name, owner_kind, provider_id, dimension, state, synced_seq, updated_at)
         VALUES (?, ?, ?, ?, 'building', (SELECT coalesce(max(seq), 0) FROM embedding_changes), ?)
         ON CONFLICT (name) DO UPDATE SET state = 'building', synced_seq = excluded.synced_seq,
           updated_at = excluded.updated_at`,
        [name, kind, this.providerId, this.dimension, new Date().toISOString()],
      );
    });
    this.stmts.clear(); // statements prepared against the dropped table
    let after = 0;
    for (;;) {
      const rows = this.read(
        `SELECT id, vector FROM embeddings WHERE owner_kind = ? AND provider_id = ? AND dimension = ? AND id > ?
         ORDER BY id LIMIT ${BATCH}`,
        [kind, this.providerId, this.dimension, after],
      );
      if (rows.length === 0) break;
      await this.writeTx(() => {
        for (const r of rows) this.putVec(name, Number(r[0]), r[1] as Uint8Array);
      });
      after = Number(rows[rows.length - 1]![0]);
      await new Promise((r) => setImmediate(r));
    }
    if (!(await this.catchUp(kind, true))) throw new Error(`vector index ${name}: build was interrupted`);
  }

  /**
   * Applies logged changes to the kind's vec0 table in batches and records how far it got; `finishing`
   * (end of a build) also marks it ready. False when the table is not ready (gone stale or dropped).
   */
  private async catchUp(kind: OwnerKind, finishing = false): Promise<boolean> {
    const name = this.vecTable(kind);
    if (!finishing) {
      // The common case, without taking the write lock: nothing logged since the last catch-up.
      const reg = this.read('SELECT state, synced_seq FROM vector_indexes WHERE name = ?', [name])[0];
      if (reg?.[0] !== 'ready') return false;
      const head = this.read('SELECT coalesce(max(seq), 0) FROM embedding_changes', [])[0]?.[0];
      if (Number(head) <= Number(reg[1])) return true;
    }
    for (;;) {
      const done = await this.writeTx((): boolean | 'not-ready' => {
        const reg = this.read('SELECT state, synced_seq FROM vector_indexes WHERE name = ?', [name])[0];
        if (!reg || !(reg[0] === 'ready' || (finishing && reg[0] === 'building'))) return 'not-ready';
        const from = Number(reg[1]);
        const changes = this.read(
          `SELECT seq, embedding_id FROM embedding_changes WHERE seq > ? AND owner_kind = ? ORDER BY seq LIMIT ${BATCH}`,
          [from, kind],
        );
        for (const id of new Set(changes.map((c) => Number(c[1])))) {
          this.run(`DELETE FROM "${name}" WHERE rowid = ?`, [BigInt(id)]);
          const row = this.read(
            'SELECT vector FROM embeddings WHERE id = ? AND owner_kind = ? AND provider_id = ? AND dimension = ?',
            [id, kind, this.providerId, this.dimension],
          )[0];
          if (row) this.putVec(name, id, row[0] as Uint8Array);
        }
        const complete = changes.length < BATCH;
        // Other kinds' changes interleave in the log: once this kind is caught up, jump to the log's head.
        const synced = complete
          ? Number(this.read('SELECT coalesce(max(seq), 0) FROM embedding_changes', [])[0]?.[0] ?? 0)
          : Number(changes[changes.length - 1]![0]);
        const now = new Date();
        this.run(
          'UPDATE vector_indexes SET synced_seq = max(synced_seq, ?), state = ?, updated_at = ? WHERE name = ?',
          [synced, complete ? 'ready' : reg[0], now.toISOString(), name],
        );
        // Tables that have lagged for long are nobody's: stop holding the log for them.
        this.run(
          `UPDATE vector_indexes SET state = 'stale'
            WHERE owner_kind = ?1 AND state IN ('ready', 'building') AND synced_seq < ?2 AND updated_at < ?3`,
          [kind, synced, new Date(now.getTime() - this.staleAfterMs).toISOString()],
        );
        this.run(
          `DELETE FROM embedding_changes WHERE owner_kind = ?1 AND seq <= (
             SELECT min(synced_seq) FROM vector_indexes WHERE owner_kind = ?1 AND state IN ('ready', 'building'))`,
          [kind],
        );
        return complete;
      });
      if (done === 'not-ready') return false;
      if (done) return true;
      await new Promise((r) => setImmediate(r));
    }
  }

  private putVec(table: string, id: number, vector: Uint8Array): void {
    try {
      this.run(`INSERT INTO "${table}" (rowid, embedding) VALUES (?, ?)`, [BigInt(id), vector]);
    } catch (err) {
      if (!/UNIQUE/i.test(String((err as Error).message))) throw err;
      this.run(`DELETE FROM "${table}" WHERE rowid = ?`, [BigInt(id)]);
      this.run(`INSERT INTO "${table}" (rowid, embedding) VALUES (?, ?)`, [BigInt(id), vector]);
    }
  }

  private tableExists(name: string): boolean {
    return this.read("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).length > 0;
  }

  private prepared(sql: string) {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.conn.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /**
   * Every statement binds its parameters as ONE array: the `libsql` package panics (kills the process)
   * when a Buffer or typed array is passed as the only, spread, parameter.
   */
  private read(sql: string, args: unknown[]): unknown[][] {
    return this.prepared(sql).raw(true).all(args) as unknown[][];
  }

  private run(sql: string, args: unknown[]): void {
    this.prepared(sql).run(args);
  }

  /** Runs `fn` synchronously inside BEGIN IMMEDIATE; waits for the write lock on a timer, not a spin. */
  private async writeTx<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + this.lockTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        this.conn.exec('BEGIN IMMEDIATE');
        break;
      } catch (err) {
        if (!isBusy(err) || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, Math.min(1 + attempt, 20)));
      }
    }
    try {
      const out = fn();
      this.conn.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.conn.inTransaction) this.conn.exec('ROLLBACK');
      throw err;
    }
  }
}

function isBusy(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return /SQLITE_BUSY|SQLITE_LOCKED/.test(e.code ?? '') || /database is locked|busy/i.test(e.message ?? '');
}

/** The file behind a `file:` URL. */
export function filePathOf(url: string): string {
  const path = url.replace(/^file:(\/\/)?/, '').split('?')[0] ?? '';
  if (!path || path === ':memory:') throw new Error(`not a database file: ${url}`);
  return path;
}
