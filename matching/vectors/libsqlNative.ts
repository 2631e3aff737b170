import type { Db } from '../../db/client';
import { all, run } from '../../db/sql';
import {
  OWNER_KINDS,
  type OwnerKind,
  type SearchHit,
  type SearchOptions,
  type VectorIndex,
  type VectorItem,
  type VectorMode,
} from './index';
import {
  checkItems,
  checkKind,
  checkQuery,
  countEmbeddings,
  deleteEmbeddings,
  planSearch,
  SEARCH_SQL,
  writeEmbeddings,
} from './store';

export interface NativeIndexOptions {
  providerId: string;
  dimension: number;
  mode: VectorMode;
  now?: () => Date;
}

/**
 * libSQL's built-in vectors, through @libsql/client: works on sqld / Turso (no extensions) and embedded.
 * Exact mode scans `vector_distance_cos` over the float vectors; binary mode scans the 1-bit codes by
 * Hamming distance and rescores the candidates. One statement, one round trip, per search.
 * (`libsql_vector_idx` was left out: 14 min to build at 100k with recall@10 0.41, see ../shared/STACK.md.)
 */
export class LibsqlNativeIndex implements VectorIndex {
  readonly backend = 'libsql' as const;
  readonly mode: VectorMode;
  readonly providerId: string;
  readonly dimension: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    opts: NativeIndexOptions,
  ) {
    this.mode = opts.mode;
    this.providerId = opts.providerId;
    this.dimension = opts.dimension;
    this.now = opts.now ?? (() => new Date());
  }

  async upsert(items: readonly VectorItem[]): Promise<void> {
    checkItems(items, this.dimension, this.providerId);
    if (items.length === 0) return;
    const now = this.now().toISOString();
    await this.db.write((tx) => writeEmbeddings(tx, this.providerId, this.dimension, items, now));
  }

  async delete(kind: OwnerKind, ids: readonly string[]): Promise<number> {
    checkKind(kind);
    if (ids.length === 0) return 0;
    return this.db.write((tx) => deleteEmbeddings(tx, kind, ids));
  }

  async search(
    kind: OwnerKind,
    query: Float32Array,
    k: number,
    opts: SearchOptions = {},
  ): Promise<SearchHit[]> {
    const plan = checkQuery(kind, query, k, opts, this.dimension, this.providerId);
    if (plan.filterIds?.length === 0) return [];
    const { statement, args } = planSearch(this.mode, kind, query, plan, this.providerId, this.dimension);
    const rows = await all<{ id: string; distance: number }>(this.db.reader, SEARCH_SQL[statement], args);
    return rows.map((r) => ({ id: r.id, distance: Number(r.distance) }));
  }

  count(kind: OwnerKind): Promise<number> {
    return countEmbeddings(this.db.reader, kind, this.providerId, this.dimension);
  }

  /** Recomputes this provider's 1-bit codes from the float vectors (they are trigger-kept; this repairs). */
  async rebuild(): Promise<void> {
    await this.db.write(async (tx) => {
      for (const kind of OWNER_KINDS) {
        await run(
          tx,
          'DELETE FROM embedding_codes WHERE owner_kind = ? AND provider_id = ? AND dimension = ?',
          [kind, this.providerId, this.dimension],
        );
        await run(
          tx,
          `INSERT INTO embedding_codes (owner_kind, provider_id, dimension, embedding_id, code)
           SELECT owner_kind, provider_id, dimension, id, vector1bit(vector32(vector)) FROM embeddings
           WHERE owner_kind = ? AND provider_id = ? AND dimension = ?`,
          [kind, this.providerId, this.dimension],
        );
      }
    });
  }

  close(): void {}
}
