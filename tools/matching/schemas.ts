import { z } from 'zod';
import { Availability, Currency, MinorUnits, Pricing } from '../shared/schemas';

export const ScorePart = z.object({
  name: z
    .string()
    .describe('semantic, skills, keywords, reputation, rate, availability, trust, budget, freshness'),
  value: z.number().describe('The signal, 0–1'),
  weight: z.number().describe('Its weight in the blend (matching/rank/weights.ts)'),
  points: z.number().describe('Its share of the score: the points of all parts sum to the score'),
});

export const FreelancerMatchView = z.object({
  id: z.string().describe('Freelancer user id'),
  name: z.string(),
  headline: z.string(),
  country: z.string(),
  category: z.string(),
  rate: z.object({ amount: MinorUnits, currency: Currency }).describe('Hourly rate'),
  rating: z.number().nullable(),
  reviewsCount: z.number().int(),
  jobsCompleted: z.number().int(),
  availability: Availability,
  verified: z.boolean(),
  badges: z.array(z.string()),
  skills: z.array(z.string()),
  score: z.number().describe('0–1, higher is a better match'),
  parts: z.array(ScorePart),
  diversityPenalty: z.number().describe('Taken off for being much like a result ranked above'),
  reasons: z.array(z.string()).describe('Why, in words: "React + React Native", "4.9 over 31 reviews"…'),
  matchedSkills: z.array(z.string()),
  caseStudy: z.object({ id: z.string(), title: z.string() }).nullable(),
  sources: z
    .array(z.string())
    .describe('Where the candidate came from: vector, case_study, fts, skills, filter'),
});

export const FreelancerResults = z.object({
  rankingVersion: z.string(),
  embeddingProvider: z.string().nullable(),
  wantedSkills: z.array(z.string()).describe('Skills looked for (canonical names)'),
  candidates: z.number().int().describe('Candidates ranked'),
  results: z.array(FreelancerMatchView),
});

export const ProjectMatchView = z.object({
  id: z.string(),
  title: z.string(),
  clientName: z.string(),
  category: z.string(),
  industry: z.string().nullable(),
  status: z.string(),
  pricing: Pricing,
  budget: z.object({ currency: Currency, min: MinorUnits, max: MinorUnits }),
  timelineWeeks: z.number().int().nullable(),
  skills: z.array(z.string()),
  createdAt: z.string(),
  score: z.number().describe('0–1, higher is a better match'),
  parts: z.array(ScorePart),
  diversityPenalty: z.number(),
  reasons: z.array(z.string()),
  matchedSkills: z.array(z.string()),
});

export const ProjectResults = z.object({
  rankingVersion: z.string(),
  embeddingProvider: z.string(),
  candidates: z.number().int(),
  results: z.array(ProjectMatchView),
});

export const BriefBudget = z
  .object({
    currency: Currency,
    min: MinorUnits.default(0),
    max: MinorUnits,
    per: z.enum(['hour', 'project']).default('hour').describe('An hourly ceiling, or the project total'),
  })
  .refine((b) => b.max >= b.min, { message: 'max must be at least min', path: ['max'] });

export const Limit = (dflt: number, max: number) =>
  z.number().int().min(1).max(max).default(dflt).describe(`At most this many results (default ${dflt})`);
