import type { Db } from '../../db/client';
import type { VectorBackend, VectorIndex, VectorMode } from './index';
import { LibsqlNativeIndex } from './libsqlNative';
import { filePathOf, SqliteVecIndex } from './sqliteVec';
import { storedDimensions } from './store';

export interface VectorIndexOptions {
  /** EmbeddingProvider.id of the vectors this index holds. */
  providerId: string;
  dimension: number;
  /** Default 'exact'. */
  mode?: VectorMode;
  /** Default: 'sqlite-vec' for an embedded (file:) database, 'libsql' for a remote one. */
  backend?: VectorBackend;
  /** Clock for updated_at (tests). */
  now?: () => Date;
}

/**
 * The vector index for this database: sqlite-vec on an embedded file, libSQL's native vectors on
 * sqld / Turso. Refuses a dimension that differs from vectors already stored under the provider id.
 */
export async function createVectorIndex(db: Db, opts: VectorIndexOptions): Promise<VectorIndex> {
  const { providerId, dimension } = opts;
  if (!providerId) throw new Error('createVectorIndex: providerId is required');
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 16384) {
    throw new RangeError(`createVectorIndex: dimension must be an integer in 1..16384, got ${dimension}`);
  }
  const other = (await storedDimensions(db.reader, providerId)).filter((d) => d !== dimension);
  if (other.length > 0) {
    throw new RangeError(
      `createVectorIndex: ${providerId} vectors are stored with dimension ${other.join(', ')}, not ${dimension}; ` +
        'a provider that changes its output size needs a new provider id (and a re-embed)',
    );
  }
  const mode = opts.mode ?? 'exact';
  const backend = opts.backend ?? (db.remote ? 'libsql' : 'sqlite-vec');
  const common = { providerId, dimension, mode, ...(opts.now ? { now: opts.now } : {}) };
  if (backend === 'sqlite-vec') {
    if (db.remote) throw new Error('createVectorIndex: sqlite-vec needs an embedded (file:) database');
    return SqliteVecIndex.open(db, filePathOf(db.url), common);
  }
  return new LibsqlNativeIndex(db, common);
}
