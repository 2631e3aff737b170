import { DIVERSITY } from './weights';

export interface Diversifiable {
  id: string;
  score: number;
  /** What makes two results alike: skills, category, headline words. */
  features: ReadonlySet<string>;
}

/** Jaccard similarity of two feature sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * Maximal marginal relevance over the best `pool` items: repeatedly take the item with the highest
 * score − λ·(its greatest similarity to an item already taken). A shortlist of five near-identical
 * profiles gives way to the next-best different one when scores are close; a clearly better match stays.
 * Returns the order and each item's penalty (0 when diversity did not move it).
 */
export function diversify<T extends Diversifiable>(
  items: readonly T[],
  limit: number,
  lambda: number = DIVERSITY.lambda,
  pool: number = DIVERSITY.pool,
): { item: T; penalty: number }[] {
  const sorted = [...items].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const head = sorted.slice(0, Math.max(pool, limit));
  const out: { item: T; penalty: number }[] = [];
  const maxSim = new Map(head.map((x) => [x.id, 0]));
  const left = new Set(head);
  while (out.length < limit && left.size > 0) {
    let best: T | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const x of left) {
      const v = x.score - lambda * maxSim.get(x.id)!;
      if (v > bestValue || (v === bestValue && best && x.id < best.id)) {
        best = x;
        bestValue = v;
      }
    }
    const pick = best!;
    left.delete(pick);
    out.push({ item: pick, penalty: Math.round(lambda * maxSim.get(pick.id)! * 10_000) / 10_000 });
    for (const x of left) maxSim.set(x.id, Math.max(maxSim.get(x.id)!, jaccard(x.features, pick.features)));
  }
  // Past the pool, plain score order.
  for (const x of sorted.slice(head.length)) {
    if (out.length >= limit) break;
    out.push({ item: x, penalty: 0 });
  }
  return out;
}
