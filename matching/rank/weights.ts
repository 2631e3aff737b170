/**
 * Every ranking weight and knob, in one versioned place. Change a number here, bump RANKING_VERSION, run
 * `npm run eval:matching` and record the new figures in evals/matching/baseline.json.
 *
 * A score is Σ wᵢ·vᵢ / Σ wᵢ over the parts that apply to the query (no budget: no rate part; no skills
 * named: no skills part), each vᵢ in [0, 1]; so every score is in [0, 1] and parts are comparable.
 */
export const RANKING_VERSION = 'rank/v1';

export const FREELANCER_WEIGHTS = {
  /** Embedding similarity of the query to the profile or its best case study. */
  semantic: 0.3,
  /** Skills graph overlap: wanted skills had exactly, or covered by a related skill (edge weight). */
  skills: 0.25,
  /** BM25 over headline, bio, skills and case studies. */
  keywords: 0.05,
  /** Rating (shrunk towards the prior when reviews are few), completed jobs, on-time delivery. */
  reputation: 0.15,
  /** Hourly rate against the budget. */
  rate: 0.12,
  availability: 0.06,
  /** Identity verified, badges. */
  trust: 0.07,
} as const;

export const PROJECT_WEIGHTS = {
  semantic: 0.4,
  skills: 0.3,
  keywords: 0.05,
  /** The project's budget against the freelancer's rate. */
  budget: 0.15,
  /** Newer open projects first (halves every FRESHNESS_HALF_LIFE_DAYS). */
  freshness: 0.1,
} as const;

export type FreelancerPart = keyof typeof FREELANCER_WEIGHTS;
export type ProjectPart = keyof typeof PROJECT_WEIGHTS;

/** Candidates per source before ranking. */
export const RETRIEVAL = { vectors: 100, caseStudies: 50, fts: 100, skills: 100, filtered: 2000 } as const;

/** Diversity (maximal marginal relevance): pick by score − λ·(similarity to those already picked). */
export const DIVERSITY = { lambda: 0.15, pool: 60 } as const;

/** Reputation: the rating prior (mean, weight in reviews) and the job count that counts as "experienced". */
export const REPUTATION = { priorRating: 3.8, priorReviews: 4, experiencedJobs: 30 } as const;

/**
 * Review axes (reputation_in_ranking only): how much each axis counts when they weigh the rating. Sums to 1.
 * Quality and reliability say most about whether a hire goes well; speed least.
 */
export const REVIEW_AXES = { quality: 0.35, reliability: 0.3, communication: 0.2, speed: 0.15 } as const;

/** Rate fit: the score falls from 1 at the budget to 0 at this fraction above it. */
export const RATE_OVER_ZERO_AT = 0.3;
/** A fixed-price budget is read as an hourly ceiling over this many hours per week of its timeline. */
export const FIXED_HOURS_PER_WEEK = 30;

export const AVAILABILITY_SCORE = { full_time: 1, part_time: 0.7, limited: 0.35, unavailable: 0 } as const;

export const FRESHNESS_HALF_LIFE_DAYS = 30;
