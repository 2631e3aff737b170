import type { Executor } from '../db/client';
import { all, one } from '../db/sql';
import { hammingCandidates, heldCodeCount } from './codeCache';
import type { OwnerKind, SearchHit, SearchOptions, VectorMode } from './vectors/index';
import {
  blobToVector,
  checkQuery,
  planSearch,
  type QueryPlan,
  SEARCH_SQL,
  vectorBytes,
} from './vectors/store';

/** What ranking needs from a vector index: a VectorIndex satisfies it. */
export interface VectorSearcher {
  readonly providerId: string;
  readonly dimension: number;
  search(kind: OwnerKind, query: Float32Array, k: number, opts?: SearchOptions): Promise<SearchHit[]>;
}

/** Up to this many vectors of a kind are scanned exactly; above it, binary codes pick candidates to rescore. */
export const EXACT_UP_TO = 5_000;
/** Binary mode: Hamming-nearest candidates rescored exactly (recall@10 ≥ 0.95 in bench/matching at 100k). */
export const BINARY_CANDIDATES = 600;
/**
 * Codes in memory, large collections: recall at a fixed candidate count falls as the collection grows
 * (bench/matching at 1M profiles, 600 Hamming-nearest: recall@10 0.88). Above 150k vectors, a pool of one
 * Hamming-nearest code per POOL_EVERY vectors is re-ranked by its dot product with the query and the best
 * (at least one per RESCORE_EVERY vectors) are rescored exactly: at 1M, 4,000 → 800, recall@10 0.96 for
 * the time 600 took. Up to 150k vectors the pool is BINARY_CANDIDATES itself: nothing changes.
 */
export const POOL_EVERY = 250;
export const RESCORE_EVERY = 1250;

const counts = new WeakMap<Executor, Map<string, { n: number; at: number }>>();

async function vectorCount(ex: Executor, kind: OwnerKind, providerId: string, dimension: number) {
  let m = counts.get(ex);
  if (!m) {
    m = new Map();
    counts.set(ex, m);
  }
  const key = `${kind}\0${providerId}\0${dimension}`;
  const hit = m.get(key);
  if (hit && Date.now() - hit.at < 30_000) return hit.n;
  const r = await one<{ n: number }>(
    ex,
    'SELECT count(*) AS n FROM embeddings WHERE owner_kind = ? AND provider_id = ? AND dimension = ?',
    [kind, providerId, dimension],
  );
  const n = Number(r?.n ?? 0);
  m.set(key, { n, at: Date.now() });
  return n;
}

/**
 * Vector search on any libSQL connection (a tool's read executor, embedded or sqld/Turso) with libSQL's
 * built-in vector functions: the same SQL as the `libsql` VectorIndex backend, without needing a Db.
 * - `exact`: scan every float vector. `binary`: Hamming scan of the 1-bit codes in SQL, candidates rescored.
 * - `memory`: Hamming scan of the codes held in this process (matching/codeCache.ts), candidates rescored
 *   exactly in SQL; the fast path for large collections.
 * - `auto` (default): exact up to EXACT_UP_TO vectors of the kind, memory above.
 */
export function sqlVectorSearcher(
  ex: Executor,
  providerId: string,
  dimension: number,
  mode: VectorMode | 'memory' | 'auto' = 'auto',
): VectorSearcher {
  return {
    providerId,
    dimension,
    async search(kind, query, k, opts = {}) {
      const plan = checkQuery(kind, query, k, opts, dimension, providerId);
      if (plan.filterIds?.length === 0) return [];
      const m =
        mode !== 'auto'
          ? mode
          : // Codes held in memory already say how many there are (a count of 1M rows is not free).
            (heldCodeCount(ex, kind, providerId, dimension) ??
                (await vectorCount(ex, kind, providerId, dimension))) > EXACT_UP_TO
            ? 'memory'
            : 'exact';
      // The index default (20·k) is for recall at small k; ranking asks for k in the hundreds.
      const scaled = opts.candidates === undefined;
      if (m !== 'exact' && scaled) plan.candidates = Math.max(BINARY_CANDIDATES, 3 * k);
      if (m === 'memory' && !plan.filterIds) {
        const { candidates } = plan;
        const rowids = await hammingCandidates(ex, kind, providerId, dimension, query, (count) => {
          if (!scaled) return { n: candidates };
          const n = Math.max(candidates, Math.ceil(count / RESCORE_EVERY));
          return { n, pool: Math.max(n, Math.ceil(count / POOL_EVERY)) };
        });
        const rows = await all<{ id: string; distance: number }>(ex, RESCORE_ROWIDS, [
          vectorBytes(query),
          JSON.stringify(rowids),
          kind,
          providerId,
          dimension,
          plan.k,
        ]);
        return rows.map((r) => ({ id: r.id, distance: Number(r.distance) }));
      }
      return run(ex, m === 'memory' ? 'binary' : m, kind, query, plan, providerId, dimension);
    },
  };
}

/**
 * Exact distances of the candidates the code scan picked, read by embedding row id (one B-tree descent
 * each, not the owner index and then the row): ?1 query, ?2 row ids (JSON, nearest code first), ?3 kind,
 * ?4 provider, ?5 dimension, ?6 k.
 */
const RESCORE_ROWIDS = `SELECT e.owner_id AS id, vector_distance_cos(e.vector, vector32(?1)) AS distance
    FROM json_each(?2) j CROSS JOIN embeddings e ON e.id = j.value
    WHERE e.owner_kind = ?3 AND e.provider_id = ?4 AND e.dimension = ?5
    ORDER BY distance LIMIT ?6`;

async function run(
  ex: Executor,
  mode: VectorMode,
  kind: OwnerKind,
  query: Float32Array,
  plan: QueryPlan,
  providerId: string,
  dimension: number,
): Promise<SearchHit[]> {
  if (plan.filterIds?.length === 0) return [];
  const { statement, args } = planSearch(mode, kind, query, plan, providerId, dimension);
  const rows = await all<{ id: string; distance: number }>(ex, SEARCH_SQL[statement], args);
  return rows.map((r) => ({ id: r.id, distance: Number(r.distance) }));
}

const registered = new WeakMap<Executor, VectorSearcher>();

/**
 * Makes ranking on this connection search through `searcher` (e.g. a sqlite-vec VectorIndex on an embedded
 * file) while it holds the provider's vectors; undefined removes it. Without one, ranking uses
 * sqlVectorSearcher, which works on every libSQL connection.
 */
export function setVectorSearcher(ex: Executor, searcher: VectorSearcher | undefined): void {
  if (searcher) registered.set(ex, searcher);
  else registered.delete(ex);
}

/** The searcher ranking uses on this connection for this provider's vectors. */
export function searcherFor(ex: Executor, providerId: string, dimension: number): VectorSearcher {
  const s = registered.get(ex);
  if (s && s.providerId === providerId && s.dimension === dimension) return s;
  return sqlVectorSearcher(ex, providerId, dimension);
}

/** One owner's stored vector, when it was made by this provider. */
export async function storedVector(
  ex: Executor,
  kind: OwnerKind,
  id: string,
  providerId: string,
  dimension: number,
): Promise<Float32Array | undefined> {
  const r = await one<{ vector: ArrayBuffer }>(
    ex,
    'SELECT vector FROM embeddings WHERE owner_kind = ? AND owner_id = ? AND provider_id = ? AND dimension = ?',
    [kind, id, providerId, dimension],
  );
  return r ? blobToVector(r.vector) : undefined;
}
