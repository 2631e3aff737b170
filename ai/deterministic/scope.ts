/**
 * How long a scope usually takes. The base is the median timeline of comparable projects on the platform
 * (or a per-category default when there are too few); each thing that widens the scope adds a share:
 * every platform beyond the first +35%, every skill beyond three +10% (at most +50%), every third-party
 * integration +15% (at most +60%), every milestone beyond four +10%, large screen or word counts +20%.
 * "Minimum" is 60% of the recommendation: below it the plan is tight for one freelancer.
 */
import { listing } from '../format';

/** Typical weeks per category when the market has too few projects to tell. */
const CATEGORY_WEEKS: Readonly<Record<string, number>> = {
  'web-development': 6,
  'mobile-development': 10,
  'backend-development': 6,
  'devops-cloud': 4,
  'data-science': 4,
  'ai-ml': 8,
  design: 4,
  'graphic-design': 2,
  'video-animation': 3,
  writing: 3,
  marketing: 6,
  'sales-support': 4,
  'finance-accounting': 3,
  legal: 2,
  translation: 2,
  'qa-testing': 3,
  blockchain: 8,
  cybersecurity: 3,
};

export interface ScopeInput {
  category: string;
  skills: readonly string[];
  requirements: Record<string, unknown>;
  milestones: number;
  /** Median timeline of comparable projects (weeks), when known. */
  marketMedianWeeks?: number | null;
}

export interface ScopeEstimate {
  baseWeeks: number;
  baseSource: 'market' | 'category default';
  recommendedWeeks: number;
  minWeeks: number;
  platforms: string[];
  integrations: string[];
  /** Why the estimate grew beyond the base, in words. */
  factors: string[];
}

const listOf = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export function estimateScope(s: ScopeInput): ScopeEstimate {
  const fromMarket = typeof s.marketMedianWeeks === 'number' && s.marketMedianWeeks > 0;
  const baseWeeks = fromMarket ? Number(s.marketMedianWeeks) : (CATEGORY_WEEKS[s.category] ?? 4);
  let factor = 1;
  const factors: string[] = [];
  const platforms = listOf(s.requirements.platforms);
  if (platforms.length > 1) {
    factor += 0.35 * (platforms.length - 1);
    factors.push(`${platforms.length} platforms (${listing(platforms)})`);
  }
  const extraSkills = Math.max(0, s.skills.length - 3);
  if (extraSkills > 0) {
    factor += Math.min(0.5, 0.1 * extraSkills);
    factors.push(`${s.skills.length} skills`);
  }
  const integrations = listOf(s.requirements.integrations);
  if (integrations.length > 0) {
    factor += Math.min(0.6, 0.15 * integrations.length);
    factors.push(
      `${integrations.length} integration${integrations.length === 1 ? '' : 's'} (${listing(integrations)})`,
    );
  }
  if (s.milestones > 4) {
    factor += 0.1 * (s.milestones - 4);
    factors.push(`${s.milestones} milestones`);
  }
  const screens = s.requirements.screens;
  if (typeof screens === 'number' && screens > 20) {
    factor += 0.2;
    factors.push(`${screens} screens`);
  }
  const words = s.requirements.wordCount;
  if (typeof words === 'number' && words > 20_000) {
    factor += 0.2;
    factors.push(`${words.toLocaleString('en-US')} words`);
  }
  const recommendedWeeks = Math.max(1, Math.ceil(baseWeeks * factor));
  return {
    baseWeeks,
    baseSource: fromMarket ? 'market' : 'category default',
    recommendedWeeks,
    minWeeks: Math.max(1, Math.ceil(recommendedWeeks * 0.6)),
    platforms,
    integrations,
    factors,
  };
}

/** Whole weeks from today until a YYYY-MM-DD date (at least 1). */
export function weeksUntil(date: string, now: Date): number {
  const ms =
    Date.parse(`${date}T00:00:00.000Z`) - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.max(1, Math.ceil(ms / (7 * 86_400_000)));
}
