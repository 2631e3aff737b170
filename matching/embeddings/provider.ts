/**
 * The one interface every embedding model sits behind. Matching code only ever sees this.
 *
 * Contract:
 * - `id` names the model and its version ("domain/v1", "use-lite/v1", "openai/text-embedding-3-small").
 *   It is stored with every vector; a different id means "re-embed", so change it whenever the same text
 *   would embed differently.
 * - `dimension` is fixed for the life of the provider.
 * - `embed(texts)` returns one L2-normalised Float32Array of length `dimension` per text, in order.
 *   An empty or blank text still gets a unit vector. Throws `EmbeddingError` on failure.
 * - Documents may carry skills as a line `Skills: React Native, Node.js` (see matching/documents.ts):
 *   plain text for general-purpose models, skill concepts for the domain embedder.
 */
export interface EmbeddingProvider {
  readonly id: string;
  readonly dimension: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly providerId: string,
    options?: { cause?: unknown },
  ) {
    super(`${providerId}: ${message}`, options);
    this.name = 'EmbeddingError';
  }
}

/** Scales `v` in place to unit length; a zero vector stays zero. Returns `v`. */
export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i] = v[i]! * inv;
  }
  return v;
}

/** Cosine similarity of two vectors of equal length (for unit vectors: their dot product). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`cosine: lengths differ (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
