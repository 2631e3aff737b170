/**
 * Vector storage and nearest-neighbour search for matching. One interface, two backends:
 * - `sqlite-vec` (embedded `file:` databases): sqlite-vec loaded into a second, `libsql` connection on the
 *   same file; exact search on a vec0 table, binary search on 1-bit codes.
 * - `libsql` (sqld / Turso, no extensions; also works embedded): libSQL's own vector functions.
 * Create one with `createVectorIndex(db, …)` from ./factory.
 *
 * Storage (db/migrations/0004_vectors.sql): table `embeddings` holds one vector per owner (profile, case
 * study, project) with the provider id, dimension, content hash and time; every write goes through
 * `Db.write`, on every backend. `embedding_codes` (1-bit codes) is kept by triggers. The sqlite-vec vec0
 * tables are derived and rebuildable, never the source of truth.
 */

export const OWNER_KINDS = ['profile', 'case_study', 'project'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

/**
 * - `exact`: every vector of the kind is scored (cosine); the reference, fine up to ~10⁴–10⁵ vectors.
 * - `binary`: Hamming distance on 1-bit codes picks `candidates` vectors, which are rescored exactly.
 *   Meant for 10⁵–10⁶ vectors; recall depends on the data and on `candidates` (see bench/matching).
 */
export type VectorMode = 'exact' | 'binary';
export type VectorBackend = 'sqlite-vec' | 'libsql';

export interface VectorItem {
  kind: OwnerKind;
  id: string;
  /** Length must equal the index's dimension; need not be normalised (distances are cosine). */
  vector: Float32Array;
  /** Hash of the text that was embedded (see matching/documents.ts); stored for needsReembed. */
  contentHash?: string | null;
}

export interface SearchOptions {
  /** Binary mode: how many Hamming-nearest candidates to rescore. Default max(20·k, 400). */
  candidates?: number;
  /** Only these owners are considered (e.g. after a structured filter). */
  filterIds?: readonly string[];
}

export interface SearchHit {
  id: string;
  /** Cosine distance, 1 − cos: 0 identical, 1 orthogonal, 2 opposite. Results are in ascending order. */
  distance: number;
}

export interface VectorIndex {
  readonly backend: VectorBackend;
  readonly mode: VectorMode;
  /** The embedding provider whose vectors this index holds (EmbeddingProvider.id). */
  readonly providerId: string;
  readonly dimension: number;
  /**
   * Inserts or replaces each owner's vector (one transaction). An owner has one vector: writing it under
   * this provider replaces one stored under another. Refuses a vector of the wrong length or with
   * non-finite components (VectorDimensionError / RangeError) before writing anything.
   */
  upsert(items: readonly VectorItem[]): Promise<void>;
  /** Removes these owners' vectors, whatever provider made them. Returns how many were removed. */
  delete(kind: OwnerKind, ids: readonly string[]): Promise<number>;
  /** The k nearest vectors of this provider and kind, by cosine distance, nearest first. k ≤ 1000. */
  search(kind: OwnerKind, query: Float32Array, k: number, opts?: SearchOptions): Promise<SearchHit[]>;
  /** Vectors of this provider and kind. */
  count(kind: OwnerKind): Promise<number>;
  /** Rebuilds derived structures (codes, vec0 tables) from `embeddings`. Safe any time; slow on big data. */
  rebuild(): Promise<void>;
  /** Releases the backend's own resources (not the Db). */
  close(): void;
}

export const MAX_K = 1000;
export const MAX_CANDIDATES = 20_000;

/** A vector (or query) whose length is not the index's dimension. */
export class VectorDimensionError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
    what: string,
    providerId: string,
  ) {
    super(
      `${what} has ${actual} dimensions, but this vector index holds ${expected}-dimensional vectors of ${providerId}`,
    );
    this.name = 'VectorDimensionError';
  }
}

export function isOwnerKind(kind: unknown): kind is OwnerKind {
  return typeof kind === 'string' && (OWNER_KINDS as readonly string[]).includes(kind);
}
