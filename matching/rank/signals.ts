import {
  AVAILABILITY_SCORE,
  FIXED_HOURS_PER_WEEK,
  FRESHNESS_HALF_LIFE_DAYS,
  RATE_OVER_ZERO_AT,
  REPUTATION,
  REVIEW_AXES,
} from './weights';

/** Pure scoring signals, each in [0, 1], with the words that explain it. */

export interface Signal {
  value: number;
  /** A reason to show, when this signal says something worth saying. */
  reason?: string;
}

/** What a client will pay: an hourly ceiling, or a project total read over its timeline. */
export interface RateBudget {
  currency: string;
  min: number;
  max: number;
  per: 'hour' | 'project';
  /** Project budgets: the timeline in weeks, to read the total as an hourly ceiling. */
  timelineWeeks?: number | null;
}

export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** "$95" from 9500 minor units (two-decimal currencies; the symbol only for USD). */
export function money(minor: number, currency: string): string {
  const whole = Math.round(minor / 100);
  return currency === 'USD' ? `$${whole}` : `${whole} ${currency}`;
}

/** The hourly ceiling a budget implies, or undefined when it cannot be read as one. */
export function hourlyCeiling(b: RateBudget): number | undefined {
  if (b.per === 'hour') return b.max;
  if (!b.timelineWeeks || b.timelineWeeks <= 0) return undefined;
  return Math.floor(b.max / (b.timelineWeeks * FIXED_HOURS_PER_WEEK));
}

/** 1 within the ceiling, falling linearly to 0 at RATE_OVER_ZERO_AT above it. */
export function rateFit(rate: number, currency: string, b: RateBudget): Signal & { over: boolean } {
  if (currency !== b.currency)
    return { value: 0.5, over: false, reason: `rate in ${currency}, budget in ${b.currency}` };
  const ceiling = hourlyCeiling(b);
  if (ceiling === undefined) return { value: 0.5, over: false };
  const shown = `${money(rate, currency)}/h`;
  if (rate <= ceiling) return { value: 1, over: false, reason: `rate ${shown} within budget` };
  const over = ceiling === 0 ? Number.POSITIVE_INFINITY : rate / ceiling - 1;
  return {
    value: round4(clamp01(1 - over / RATE_OVER_ZERO_AT)),
    over: true,
    reason: `rate above budget (${shown} vs ${money(ceiling, currency)}/h)`,
  };
}

export interface ReputationInput {
  rating: number | null;
  reviews: number;
  jobsCompleted: number;
  /** Milestones due and delivered on time (freelancer_reputation), when known. */
  due?: number | null;
  onTime?: number | null;
  /** Client review averages per axis (reputation_in_ranking); undefined leaves the plain rating. */
  axes?: ReviewAxes | undefined;
}

/** Averages (1..5) of client reviews on each axis, and their plain mean (freelancer_reputation). */
export interface ReviewAxes {
  quality: number;
  communication: number;
  speed: number;
  reliability: number;
  overall: number;
}

/**
 * The rating moved by how the axes that predict a good hire more (REVIEW_AXES) depart from the plain mean:
 * strong on quality and reliability lifts it, strong only on speed lowers it. The rating keeps the weight of
 * all its reviews (the profile's count may include reviews from before the axes were recorded).
 */
function axisRating(rating: number, a: ReviewAxes): number {
  const weighted =
    REVIEW_AXES.quality * a.quality +
    REVIEW_AXES.reliability * a.reliability +
    REVIEW_AXES.communication * a.communication +
    REVIEW_AXES.speed * a.speed;
  return Math.min(5, Math.max(1, rating + weighted - a.overall));
}

/** "quality 4.9, reliability 4.8, communication 4.5, speed 3.9" (the weightiest axes first). */
function axesWords(a: ReviewAxes): string {
  const order = ['quality', 'reliability', 'communication', 'speed'] as const;
  return order.map((k) => `${k} ${a[k].toFixed(1)}`).join(', ');
}

/** Rating shrunk towards the prior (few reviews say little), completed jobs (log scale), on-time share. */
export function reputation(r: ReputationInput): Signal {
  const { priorRating, priorReviews, experiencedJobs } = REPUTATION;
  const axes = r.axes && r.rating !== null && r.reviews > 0 ? r.axes : undefined;
  const n = r.rating === null ? 0 : r.reviews;
  const rated = axes ? axisRating(r.rating!, axes) : (r.rating ?? 0);
  const shrunk = (rated * n + priorRating * priorReviews) / (n + priorReviews);
  const rating = clamp01((shrunk - 1) / 4);
  const jobs = clamp01(Math.log1p(r.jobsCompleted) / Math.log1p(experiencedJobs));
  const onTime = r.due && r.due > 0 ? clamp01((r.onTime ?? 0) / r.due) : undefined;
  const value = onTime === undefined ? 0.7 * rating + 0.3 * jobs : 0.6 * rating + 0.25 * jobs + 0.15 * onTime;
  const words: string[] = [];
  if (r.rating !== null && r.reviews > 0)
    words.push(`${r.rating.toFixed(1)} over ${r.reviews} reviews${axes ? ` (${axesWords(axes)})` : ''}`);
  if (r.jobsCompleted > 0) words.push(`${r.jobsCompleted} jobs done`);
  if (onTime !== undefined && r.due! >= 3) words.push(`${Math.round(onTime * 100)}% on time`);
  return { value: round4(value), ...(words.length ? { reason: words.join(', ') } : {}) };
}

export function availability(a: keyof typeof AVAILABILITY_SCORE, hoursPerWeek: number): Signal {
  const value = AVAILABILITY_SCORE[a] ?? 0;
  const reason =
    a === 'unavailable'
      ? 'not available now'
      : a === 'full_time'
        ? 'available full time'
        : `available ${a.replace('_', ' ')} (${hoursPerWeek} h/week)`;
  return { value, reason };
}

export function trust(verified: boolean, badges: readonly string[]): Signal {
  const value = round4((verified ? 0.7 : 0) + 0.3 * clamp01(badges.length / 3));
  const words = [verified ? 'verified' : '', ...badges.slice(0, 2).map((b) => b.replaceAll('_', ' '))].filter(
    Boolean,
  );
  return { value, ...(words.length ? { reason: words.join(', ') } : {}) };
}

/** A project's budget against the freelancer's own rate (recommendations): the same curve, seen from below. */
export function budgetFit(rate: number, currency: string, b: RateBudget): Signal {
  if (currency !== b.currency) return { value: 0.5, reason: `budget in ${b.currency}` };
  const ceiling = hourlyCeiling(b);
  if (ceiling === undefined) return { value: 0.5 };
  if (ceiling >= rate) return { value: 1, reason: 'budget fits your rate' };
  const short = rate === 0 ? 0 : 1 - ceiling / rate;
  return {
    value: round4(clamp01(1 - short / RATE_OVER_ZERO_AT)),
    reason: `budget below your rate (${money(ceiling, currency)}/h vs ${money(rate, currency)}/h)`,
  };
}

export function freshness(createdAt: string, now: Date): number {
  const days = Math.max(0, (now.getTime() - Date.parse(createdAt)) / 86_400_000);
  return round4(0.5 ** (days / FRESHNESS_HALF_LIFE_DAYS));
}

/** Cosine distance (0..2) to a similarity in [0, 1]. */
export function similarity(distance: number): number {
  return clamp01(1 - distance);
}

export interface Part<K extends string = string> {
  name: K;
  /** The signal, 0..1. */
  value: number;
  weight: number;
  /** weight · value / Σ weights of the parts that apply: the parts sum to the score. */
  points: number;
}

/** The weighted blend over the parts present (undefined values do not apply). */
export function blend<K extends string>(
  weights: Readonly<Record<K, number>>,
  values: Partial<Record<K, number>>,
): { score: number; parts: Part<K>[] } {
  let total = 0;
  for (const k of Object.keys(weights) as K[]) if (values[k] !== undefined) total += weights[k];
  const parts: Part<K>[] = [];
  let score = 0;
  for (const k of Object.keys(weights) as K[]) {
    const v = values[k];
    if (v === undefined) continue;
    const points = total > 0 ? (weights[k] * v) / total : 0;
    score += points;
    parts.push({ name: k, value: round4(v), weight: weights[k], points: round4(points) });
  }
  return { score: round4(score), parts };
}
