import type { Executor } from '../../db/client';
import { all, one, run } from '../../db/sql';
import {
  isOwnerKind,
  MAX_CANDIDATES,
  MAX_K,
  type OwnerKind,
  type SearchOptions,
  VectorDimensionError,
  type VectorItem,
} from './index';

/**
 * What both backends share: writes to `embeddings` (through Db.write), the metadata queries, argument
 * checks and the search SQL that runs on libSQL's built-in vector functions.
 */

/** The bytes of a Float32Array, without copying (little-endian, as every supported platform is). */
export function vectorBytes(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** A float32 blob read back from the database as a Float32Array (copied: blobs may be unaligned). */
export function blobToVector(blob: ArrayBuffer | Uint8Array): Float32Array {
  const bytes = blob instanceof Uint8Array ? blob : new Uint8Array(blob);
  return new Float32Array(bytes.slice().buffer);
}

export function checkKind(kind: unknown): asserts kind is OwnerKind {
  if (!isOwnerKind(kind)) throw new RangeError(`unknown owner kind: ${String(kind)}`);
}

export function checkItems(items: readonly VectorItem[], dimension: number, providerId: string): void {
  for (const it of items) {
    checkKind(it.kind);
    if (typeof it.id !== 'string' || it.id.length === 0) throw new RangeError('vector item without an id');
    if (!(it.vector instanceof Float32Array))
      throw new TypeError(`${it.kind} ${it.id}: vector must be a Float32Array`);
    if (it.vector.length !== dimension) {
      throw new VectorDimensionError(
        dimension,
        it.vector.length,
        `the vector for ${it.kind} ${it.id}`,
        providerId,
      );
    }
    for (let i = 0; i < it.vector.length; i++) {
      if (!Number.isFinite(it.vector[i]))
        throw new RangeError(`${it.kind} ${it.id}: vector has a non-finite value`);
    }
  }
}

export interface QueryPlan {
  k: number;
  candidates: number;
  filterIds?: string[];
}

export function checkQuery(
  kind: OwnerKind,
  query: Float32Array,
  k: number,
  opts: SearchOptions,
  dimension: number,
  providerId: string,
): QueryPlan {
  checkKind(kind);
  if (!(query instanceof Float32Array)) throw new TypeError('query must be a Float32Array');
  if (query.length !== dimension)
    throw new VectorDimensionError(dimension, query.length, 'the query', providerId);
  if (!Number.isInteger(k) || k < 1 || k > MAX_K)
    throw new RangeError(`k must be an integer in 1..${MAX_K}, got ${k}`);
  let norm = 0;
  for (let i = 0; i < query.length; i++) {
    if (!Number.isFinite(query[i])) throw new RangeError('query has a non-finite value');
    norm += query[i]! * query[i]!;
  }
  if (norm === 0) throw new RangeError('query is the zero vector: cosine distance is undefined');
  const candidates = Math.min(MAX_CANDIDATES, Math.max(k, opts.candidates ?? Math.max(20 * k, 400)));
  return { k, candidates, ...(opts.filterIds ? { filterIds: [...new Set(opts.filterIds)] } : {}) };
}

const COLUMNS = 7;
const ROWS_PER_STATEMENT = 100;

/** Inserts or replaces vectors (inside the caller's write transaction). */
export async function writeEmbeddings(
  tx: Executor,
  providerId: string,
  dimension: number,
  items: readonly VectorItem[],
  now: string,
): Promise<void> {
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) {
    const chunk = items.slice(i, i + ROWS_PER_STATEMENT);
    const marks = chunk.map(() => `(${new Array(COLUMNS).fill('?').join(', ')})`).join(', ');
    const args = chunk.flatMap((it) => [
      it.kind,
      it.id,
      providerId,
      dimension,
      it.contentHash ?? null,
      now,
      vectorBytes(it.vector),
    ]);
    await run(
      tx,
      `INSERT INTO embeddings (owner_kind, owner_id, provider_id, dimension, content_hash, updated_at, vector)
       VALUES ${marks}
       ON CONFLICT (owner_kind, owner_id) DO UPDATE SET provider_id = excluded.provider_id,
         dimension = excluded.dimension, content_hash = excluded.content_hash,
         updated_at = excluded.updated_at, vector = excluded.vector`,
      args,
    );
  }
}

export async function deleteEmbeddings(
  tx: Executor,
  kind: OwnerKind,
  ids: readonly string[],
): Promise<number> {
  checkKind(kind);
  if (ids.length === 0) return 0;
  return run(
    tx,
    'DELETE FROM embeddings WHERE owner_kind = ? AND owner_id IN (SELECT value FROM json_each(?))',
    [kind, JSON.stringify(ids)],
  );
}

export async function countEmbeddings(
  ex: Executor,
  kind: OwnerKind,
  providerId: string,
  dimension: number,
): Promise<number> {
  checkKind(kind);
  const row = await one<{ n: number }>(
    ex,
    'SELECT count(*) AS n FROM embeddings WHERE owner_kind = ? AND provider_id = ? AND dimension = ?',
    [kind, providerId, dimension],
  );
  return Number(row?.n ?? 0);
}

/** Dimensions stored under this provider id (normally one). */
export async function storedDimensions(ex: Executor, providerId: string): Promise<number[]> {
  const rows = await all<{ dimension: number }>(
    ex,
    `SELECT DISTINCT dimension FROM embeddings WHERE owner_kind IN ('profile', 'case_study', 'project')
       AND provider_id = ?`,
    [providerId],
  );
  return rows.map((r) => Number(r.dimension));
}

export interface StoredEmbedding {
  id: string;
  providerId: string;
  dimension: number;
  contentHash: string | null;
  updatedAt: string;
}

/** What is stored for these owners (owners without a vector are absent). */
export async function embeddingStatus(
  ex: Executor,
  kind: OwnerKind,
  ids: readonly string[],
): Promise<Map<string, StoredEmbedding>> {
  checkKind(kind);
  const out = new Map<string, StoredEmbedding>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await all<{
      owner_id: string;
      provider_id: string;
      dimension: number;
      content_hash: string | null;
      updated_at: string;
    }>(
      ex,
      `SELECT e.owner_id, e.provider_id, e.dimension, e.content_hash, e.updated_at
         FROM json_each(?) j CROSS JOIN embeddings e ON e.owner_kind = ? AND e.owner_id = j.value`,
      [JSON.stringify(ids.slice(i, i + 5000)), kind],
    );
    for (const r of rows) {
      out.set(r.owner_id, {
        id: r.owner_id,
        providerId: r.provider_id,
        dimension: Number(r.dimension),
        contentHash: r.content_hash,
        updatedAt: r.updated_at,
      });
    }
  }
  return out;
}

/**
 * The owners whose stored vector is missing, made by another provider or dimension, or made from other
 * text (content hash differs): the ones to embed again. Order follows `items`.
 */
export async function needsReembed(
  ex: Executor,
  args: {
    kind: OwnerKind;
    providerId: string;
    dimension: number;
    items: readonly { id: string; contentHash: string }[];
  },
): Promise<string[]> {
  const stored = await embeddingStatus(
    ex,
    args.kind,
    args.items.map((i) => i.id),
  );
  return args.items
    .filter((it) => {
      const s = stored.get(it.id);
      return (
        !s ||
        s.providerId !== args.providerId ||
        s.dimension !== args.dimension ||
        s.contentHash !== it.contentHash
      );
    })
    .map((it) => it.id);
}

/**
 * Search SQL on libSQL's vector functions (both backends' connections are libSQL). Parameters, always
 * bound as an array: ?1 query (float32 blob), ?2 kind, ?3 provider, ?4 dimension, ?5 k, ?6 candidates,
 * ?7 filter ids (JSON array). On 1-bit vectors libSQL's vector_distance_cos is the Hamming distance.
 */
export const SEARCH_SQL = {
  exact: `SELECT owner_id AS id, vector_distance_cos(vector, vector32(?1)) AS distance
    FROM embeddings WHERE owner_kind = ?2 AND provider_id = ?3 AND dimension = ?4
    ORDER BY distance LIMIT ?5`,
  exactFiltered: `SELECT e.owner_id AS id, vector_distance_cos(e.vector, vector32(?1)) AS distance
    FROM json_each(?7) j CROSS JOIN embeddings e ON e.owner_kind = ?2 AND e.owner_id = j.value
    WHERE e.provider_id = ?3 AND e.dimension = ?4
    ORDER BY distance LIMIT ?5`,
  binary: `WITH c AS (
      SELECT embedding_id FROM embedding_codes
      WHERE owner_kind = ?2 AND provider_id = ?3 AND dimension = ?4
      ORDER BY vector_distance_cos(code, vector1bit(vector32(?1))) LIMIT ?6)
    SELECT e.owner_id AS id, vector_distance_cos(e.vector, vector32(?1)) AS distance
    FROM c CROSS JOIN embeddings e ON e.id = c.embedding_id
    ORDER BY distance LIMIT ?5`,
  binaryFiltered: `WITH f AS (
      SELECT e.id FROM json_each(?7) j CROSS JOIN embeddings e ON e.owner_kind = ?2 AND e.owner_id = j.value
      WHERE e.provider_id = ?3 AND e.dimension = ?4),
    c AS (
      SELECT x.embedding_id FROM f CROSS JOIN embedding_codes x
        ON x.owner_kind = ?2 AND x.provider_id = ?3 AND x.dimension = ?4 AND x.embedding_id = f.id
      ORDER BY vector_distance_cos(x.code, vector1bit(vector32(?1))) LIMIT ?6)
    SELECT e.owner_id AS id, vector_distance_cos(e.vector, vector32(?1)) AS distance
    FROM c CROSS JOIN embeddings e ON e.id = c.embedding_id
    ORDER BY distance LIMIT ?5`,
} as const;

/**
 * The same statements with sqlite-vec's Hamming distance for the code scan (connections that loaded the
 * extension): ~25% faster than libSQL's 1-bit vector_distance_cos on the same rows (bench/matching).
 * libSQL's 1-bit blobs end in the same format bytes for the same dimension, which cancel in the XOR.
 */
export const SEARCH_SQL_SQLITE_VEC: Record<SearchStatement, string> = Object.fromEntries(
  Object.entries(SEARCH_SQL).map(([name, sql]) => [
    name,
    sql.replace(
      /vector_distance_cos\((x\.)?code, vector1bit\(vector32\(\?1\)\)\)/g,
      'vec_distance_hamming(vec_bit($1code), vec_bit(vector1bit(vector32(?1))))',
    ),
  ]),
) as Record<SearchStatement, string>;

/** Filter sets up to this size are scored exactly even in binary mode: cheaper than a code scan. */
export const EXACT_FILTER_LIMIT = 2000;

export type SearchStatement = keyof typeof SEARCH_SQL;

/** Which statement answers a query, and its arguments (all seven, in order). */
export function planSearch(
  mode: 'exact' | 'binary',
  kind: OwnerKind,
  query: Float32Array,
  plan: QueryPlan,
  providerId: string,
  dimension: number,
): { statement: SearchStatement; args: (string | number | Uint8Array)[] } {
  const filtered = plan.filterIds !== undefined;
  const statement: SearchStatement =
    mode === 'exact' || (filtered && plan.filterIds!.length <= Math.max(EXACT_FILTER_LIMIT, plan.candidates))
      ? filtered
        ? 'exactFiltered'
        : 'exact'
      : filtered
        ? 'binaryFiltered'
        : 'binary';
  const args = [
    vectorBytes(query),
    kind,
    providerId,
    dimension,
    plan.k,
    plan.candidates,
    JSON.stringify(plan.filterIds ?? []),
  ];
  // Bind exactly as many as the statement numbers: extra arguments are an error.
  return { statement, args: args.slice(0, PARAM_COUNT[statement]) };
}

const PARAM_COUNT = Object.fromEntries(
  Object.entries(SEARCH_SQL).map(([name, sql]) => [
    name,
    Math.max(...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1]))),
  ]),
) as Record<SearchStatement, number>;
