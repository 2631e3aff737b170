import { describe, expect, it } from 'vitest';
import { Rng } from '../../db/seed/random';
import { HammingCodes, nearestRows } from '../../matching/vectors/hamming';

/** Deterministic values in [-0.5, 0.5). */
function values(seed: number) {
  const rng = new Rng(seed);
  return () => rng.next() - 0.5;
}

/** libSQL's vector1bit layout: bit i of the vector is bit i % 8 of byte i / 8, set when positive. */
function code(v: Float32Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(v.length / 8));
  for (let i = 0; i < v.length; i++) if (v[i]! > 0) out[i >>> 3]! |= 1 << (i & 7);
  return out;
}

function distance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) for (let x = a[i]! ^ b[i]!; x; x >>= 1) d += x & 1;
  return d;
}

describe('matching: Hamming scan of 1-bit codes', () => {
  for (const dimension of [384, 100, 1536]) {
    it(`computes every distance and the histogram exactly (${dimension} dimensions, both kernels)`, () => {
      const next = values(dimension);
      const n = 700;
      const vectors = Array.from({ length: n }, () => Float32Array.from({ length: dimension }, next));
      const query = Float32Array.from({ length: dimension }, next);
      const want = vectors.map((v) => distance(code(v), code(query)));
      for (const kernel of ['auto', 'js'] as const) {
        const codes = new HammingCodes(dimension, n, kernel);
        for (const [r, v] of vectors.entries()) codes.set(r, code(v));
        // Twice: the second scan must not add to the first one's histogram.
        for (let round = 0; round < 2; round++) {
          const { dist, hist } = codes.scan(query, n);
          expect([...dist]).toEqual(want);
          for (let d = 0; d <= dimension; d++) expect(hist[d]).toBe(want.filter((x) => x === d).length);
        }
      }
      if (dimension === 384) expect(new HammingCodes(dimension, 1).simd).toBe(true);
    });
  }

  it('scores rows by the dot product of the query with their codes read as ±1', () => {
    const dimension = 100;
    const next = values(3);
    const vectors = Array.from({ length: 50 }, () => Float32Array.from({ length: dimension }, next));
    const query = Float32Array.from({ length: dimension }, next);
    const codes = new HammingCodes(dimension, vectors.length);
    for (const [r, v] of vectors.entries()) codes.set(r, code(v));
    const rows = [7, 0, 49, 23];
    const got = codes.asymmetric(query, rows);
    let total = 0;
    for (const x of query) total += x;
    rows.forEach((r, i) => {
      let dot = 0;
      for (let d = 0; d < dimension; d++) dot += (vectors[r]![d]! > 0 ? 1 : -1) * query[d]!;
      // Σ over set bits = (dot + Σ query) / 2.
      expect(got[i]).toBeCloseTo((dot + total) / 2, 5);
    });
  });

  it('picks the nearest rows, ties in row order, at most n', () => {
    const dist = Uint16Array.from([5, 1, 3, 1, 9, 3, 0]);
    const hist = new Uint32Array(10);
    for (const d of dist) hist[d]!++;
    expect(nearestRows(dist, hist, 4)).toEqual([6, 1, 3, 2]);
    expect(nearestRows(dist, hist, 100)).toEqual([6, 1, 3, 2, 5, 0, 4]);
  });
});
