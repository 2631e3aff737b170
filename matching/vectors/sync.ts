import type { Executor } from '../../db/client';
import type { EmbeddingDocument } from '../documents';
import type { EmbeddingProvider } from '../embeddings/provider';
import type { OwnerKind, VectorIndex } from './index';
import { needsReembed } from './store';

export interface EmbedResult {
  /** Embedded and written now. */
  embedded: number;
  /** Already stored with this provider and content hash. */
  unchanged: number;
}

/**
 * Embeds the documents whose stored vector is missing or stale (other provider, dimension or content)
 * and writes them, `batchSize` at a time. The index must be built for `provider`. Documents of several
 * kinds may be mixed.
 */
export async function embedStale(opts: {
  reader: Executor;
  provider: EmbeddingProvider;
  index: VectorIndex;
  documents: readonly EmbeddingDocument[];
  batchSize?: number;
}): Promise<EmbedResult> {
  const { reader, provider, index, documents } = opts;
  if (index.providerId !== provider.id || index.dimension !== provider.dimension) {
    throw new Error(
      `embedStale: the index holds ${index.providerId} (${index.dimension}), not ${provider.id} (${provider.dimension})`,
    );
  }
  const batchSize = opts.batchSize ?? 256;
  const stale: EmbeddingDocument[] = [];
  const byKind = new Map<OwnerKind, EmbeddingDocument[]>();
  for (const d of documents) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
  for (const [kind, docs] of byKind) {
    const ids = new Set(
      await needsReembed(reader, {
        kind,
        providerId: provider.id,
        dimension: provider.dimension,
        items: docs.map((d) => ({ id: d.id, contentHash: d.contentHash })),
      }),
    );
    stale.push(...docs.filter((d) => ids.has(d.id)));
  }
  for (let i = 0; i < stale.length; i += batchSize) {
    const batch = stale.slice(i, i + batchSize);
    const vectors = await provider.embed(batch.map((d) => d.text));
    await index.upsert(
      batch.map((d, j) => ({ kind: d.kind, id: d.id, vector: vectors[j]!, contentHash: d.contentHash })),
    );
  }
  return { embedded: stale.length, unchanged: documents.length - stale.length };
}
