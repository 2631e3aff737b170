import type { EvalBrief, EvalFreelancer } from './generate';
import { specialityOf } from './generate';

/**
 * Graded relevance from the generator's labels only (never the ranking code):
 * 3 the freelancer's primary speciality is the brief's; 2 their secondary one is, or their primary is in the
 * same family (Flutter for a React Native brief); 1 their secondary is in the family; 0 otherwise.
 * A freelancer who is unavailable is 0; one whose hourly rate is over 1.3× the brief's ceiling (same
 * currency) loses a grade: a client would not hire them for it.
 */
export function grade(f: EvalFreelancer, b: EvalBrief): number {
  if (f.availability === 'unavailable') return 0;
  const family = specialityOf(b.speciality).family;
  let g = 0;
  if (f.primary === b.speciality) g = 3;
  else if (f.secondary === b.speciality || specialityOf(f.primary).family === family) g = 2;
  else if (f.secondary && specialityOf(f.secondary).family === family) g = 1;
  if (g > 0 && b.budget && f.currency === b.budget.currency && f.rate > b.budget.max * 1.3) g -= 1;
  return g;
}

/** Normalised discounted cumulative gain at k, gains 2^grade − 1. */
export function ndcgAt(k: number, ranked: readonly number[], all: readonly number[]): number {
  const dcg = (grades: readonly number[]) =>
    grades.slice(0, k).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...all].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked) / ideal;
}

/** Share of the relevant (grade ≥ 2) freelancers found in the top k. */
export function recallAt(k: number, ranked: readonly number[], all: readonly number[]): number {
  const relevant = all.filter((g) => g >= 2).length;
  if (relevant === 0) return 0;
  return ranked.slice(0, k).filter((g) => g >= 2).length / relevant;
}

/** 1 / rank of the first grade-3 result (0 when none in the list). */
export function reciprocalRank(ranked: readonly number[]): number {
  const i = ranked.indexOf(3);
  return i < 0 ? 0 : 1 / (i + 1);
}
