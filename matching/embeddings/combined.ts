import { EmbeddingError, type EmbeddingProvider, l2normalize } from './provider';

export interface WeightedProvider {
  provider: EmbeddingProvider;
  weight: number;
}

/**
 * Concatenates several providers' vectors, part i scaled by √wᵢ, then normalises: the cosine of two
 * combined vectors is Σ wᵢ·cosᵢ / Σ wᵢ, a weighted blend of each model's similarity.
 */
export function createCombinedEmbedder(parts: WeightedProvider[]): EmbeddingProvider {
  if (parts.length === 0) throw new Error('combined embedder: no providers');
  for (const p of parts) {
    if (!(p.weight > 0)) throw new Error(`combined embedder: weight of ${p.provider.id} must be > 0`);
  }
  const id = `combined/v1(${parts.map((p) => `${p.provider.id}*${p.weight}`).join('+')})`;
  const dimension = parts.reduce((n, p) => n + p.provider.dimension, 0);
  return {
    id,
    dimension,
    embed: async (texts) => {
      const each = await Promise.all(parts.map((p) => p.provider.embed(texts)));
      return texts.map((_, i) => {
        const v = new Float32Array(dimension);
        let offset = 0;
        parts.forEach((p, j) => {
          const part = each[j]![i];
          if (!part || part.length !== p.provider.dimension) {
            throw new EmbeddingError(`part ${p.provider.id} returned a wrong vector`, id);
          }
          const scale = Math.sqrt(p.weight);
          for (let k = 0; k < part.length; k++) v[offset + k] = part[k]! * scale;
          offset += part.length;
        });
        return l2normalize(v);
      });
    },
  };
}
