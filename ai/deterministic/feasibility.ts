/**
 * Is a project's budget and timeline realistic? Budget against what comparable projects on the platform
 * budget (25th/50th/75th percentile of their budget maximum) and what it buys at the median hourly rate of
 * freelancers with the skills; timeline against the scope estimate (scope.ts). Every flag carries its
 * numbers; a healthy project raises no warning.
 */
import type { Executor } from '../../db/client';
import { categoryName, categoryRequirementFields } from '../../db/queries/market';
import { relatedSkills } from '../../db/queries/skillGraph';
import { resolveSkillEach } from '../../db/queries/skills';
import { listing, money, rate, weeksText } from '../format';
import { dayOf, type MarketSnapshot, marketSnapshot } from '../market';
import type { Flag, Severity } from '../schemas';
import { fitsKind, INTEGRATIONS } from './requirements';
import { estimateScope, type ScopeEstimate, weeksUntil } from './scope';

export interface FeasibilitySubject {
  projectId: string | null;
  title: string | null;
  description: string;
  category: string;
  skills: string[];
  pricing: 'fixed' | 'hourly';
  budget: { currency: string; min: number; max: number };
  timelineWeeks: number | null;
  deadline: string | null;
  requirements: Record<string, unknown>;
  milestones: { title: string; amount: number }[];
}

export type Verdict = 'healthy' | 'at_risk' | 'unrealistic';

export interface Feasibility {
  subject: {
    projectId: string | null;
    title: string | null;
    category: string;
    skills: string[];
    pricing: 'fixed' | 'hourly';
    budget: { currency: string; min: number; max: number };
    timelineWeeks: number | null;
  };
  verdict: Verdict;
  summary: string;
  flags: Flag[];
  observations: string[];
  suggestions: string[];
  estimate: {
    recommendedWeeks: number;
    minWeeks: number;
    basis: string;
    factors: string[];
    hoursAtMedianRate: number | null;
  };
  market: MarketSnapshot;
  notes: string[];
}

/** Hours a week a freelancer gives one project, for "what the budget buys". */
const HOURS_PER_WEEK = 20;

export async function assessFeasibility(
  ex: Executor,
  s: FeasibilitySubject,
  now: Date,
): Promise<Feasibility> {
  const notes: string[] = [];
  const resolved = await resolveSkillEach(ex, s.skills);
  const skillIds = resolved.flatMap((r) => (r ? [r.id] : []));
  const skillNames = resolved.flatMap((r) => (r ? [r.name] : []));
  const unknown = s.skills.filter((_, i) => !resolved[i]);
  if (unknown.length) notes.push(`Skills not in the skills graph were not counted: ${unknown.join(', ')}.`);

  const cur = s.budget.currency;
  const query = {
    category: s.category,
    pricing: s.pricing,
    currency: cur,
    skillIds,
    skillNames,
    asOf: dayOf(now),
    ...(s.projectId ? { excludeProjectId: s.projectId } : {}),
  };
  const market = await marketSnapshot(ex, query);
  if (market.excludedForCurrency > 0)
    notes.push(`${market.excludedForCurrency} data points in currencies without an FX rate were left out.`);
  const catName = (await categoryName(ex, s.category)) ?? s.category;

  const integrations = Array.isArray(s.requirements.integrations)
    ? (s.requirements.integrations as string[])
    : INTEGRATIONS.filter(([re]) =>
        new RegExp(`(?<![\\w-])(?:${re})(?![\\w-])`, 'i').test(s.description),
      ).map(([, name]) => name);
  const scope = estimateScope({
    category: s.category,
    skills: skillNames,
    requirements: { ...s.requirements, integrations },
    milestones: s.milestones.length,
    marketMedianWeeks: market.timelineWeeks?.median ?? null,
  });

  const flags: Flag[] = [];
  const observations: string[] = [];
  const suggestions: string[] = [];
  const flag = (severity: Severity, code: string, message: string) => flags.push({ code, severity, message });
  const max = s.budget.max;
  const hr = market.hourlyRate;
  let hoursAtMedianRate: number | null = null;

  // ---- budget
  if (s.pricing === 'fixed') {
    const pb = market.projectBudget;
    if (pb) {
      const context = `${pb.label} on MegiLance (${pb.sample} projects, median ${money(pb.median, cur)})`;
      if (max < pb.p25) {
        flag(
          max < pb.p25 / 2 ? 'critical' : 'warning',
          'budget_below_p25',
          `Budget ${money(max, cur)} is below the 25th percentile (${money(pb.p25, cur)}) for ${context}.`,
        );
        suggestions.push(
          `Raise the budget towards ${money(pb.p25, cur)}–${money(pb.median, cur)}, or cut the scope to what ${money(max, cur)} covers.`,
        );
      } else if (max > pb.p75) {
        observations.push(
          `Budget ${money(max, cur)} is above the 75th percentile (${money(pb.p75, cur)}) for ${context}: expect strong interest.`,
        );
      } else {
        observations.push(
          `Budget ${money(max, cur)} is within the usual range for ${context}: 25th–75th percentile ${money(pb.p25, cur)}–${money(pb.p75, cur)}.`,
        );
      }
    } else {
      flag(
        'info',
        'thin_market_data',
        `Too few comparable ${catName} projects on MegiLance to compare the budget.`,
      );
    }
    if (hr && hr.median > 0) {
      hoursAtMedianRate = Math.floor(max / hr.median);
      const needed = scope.recommendedWeeks * HOURS_PER_WEEK;
      observations.push(
        `At the median rate of ${hr.label} (${rate(hr.median, cur)}), ${money(max, cur)} buys about ${hoursAtMedianRate} hours.`,
      );
      if (hoursAtMedianRate < needed * 0.4) {
        flag(
          hoursAtMedianRate < needed * 0.2 ? 'critical' : 'warning',
          'budget_hours_short',
          `${money(max, cur)} buys about ${hoursAtMedianRate} hours at the median rate (${rate(hr.median, cur)}); this scope usually takes about ${weeksText(scope.recommendedWeeks)}, roughly ${needed} hours at ${HOURS_PER_WEEK} h a week.`,
        );
      }
    }
  } else if (hr) {
    const context = `${hr.label} on MegiLance (${hr.sample} freelancers, median ${rate(hr.median, cur)})`;
    if (max < hr.p25) {
      flag(
        max < hr.p25 * 0.6 ? 'critical' : 'warning',
        'rate_below_p25',
        `An hourly budget of up to ${rate(max, cur)} is below the 25th percentile (${rate(hr.p25, cur)}) of ${context}.`,
      );
      suggestions.push(
        `Offer at least ${rate(hr.p25, cur)} an hour to reach most freelancers with these skills.`,
      );
    } else {
      observations.push(`An hourly budget of up to ${rate(max, cur)} is in line with ${context}.`);
    }
  } else {
    flag(
      'info',
      'thin_market_data',
      `Too few ${catName} freelancers on MegiLance to compare the hourly rate.`,
    );
  }

  // ---- timeline
  const weeks = s.timelineWeeks ?? (s.deadline ? weeksUntil(s.deadline, now) : null);
  const basis = scopeBasis(scope, market, catName);
  if (weeks !== null) {
    const what =
      scope.platforms.length > 1
        ? `${scope.platforms.length} platforms (${listing(scope.platforms)})`
        : scope.factors.length > 0
          ? listing(scope.factors)
          : `this ${catName} scope`;
    if (weeks < scope.minWeeks) {
      flag(
        weeks < scope.recommendedWeeks * 0.4 ? 'critical' : 'warning',
        'timeline_tight',
        `${weeksText(weeks)} for ${what} is tight: comparable scope usually takes about ${weeksText(scope.recommendedWeeks)} (at least ${scope.minWeeks}).`,
      );
      suggestions.push(
        scope.platforms.length > 1
          ? `Allow about ${weeksText(scope.recommendedWeeks)}, or ship ${scope.platforms[0]} first and add ${listing(scope.platforms.slice(1))} in a second phase.`
          : `Allow about ${weeksText(scope.recommendedWeeks)}, or split the work into phases and post the first one.`,
      );
    } else {
      observations.push(
        `${weeksText(weeks)} fits the scope: comparable work takes about ${weeksText(scope.recommendedWeeks)} (${basis}).`,
      );
    }
  } else {
    flag(
      'info',
      'no_timeline',
      `No timeline or deadline: comparable scope takes about ${weeksText(scope.recommendedWeeks)} (${basis}).`,
    );
    suggestions.push(`Add a timeline; about ${weeksText(scope.recommendedWeeks)} is typical for this scope.`);
  }

  // ---- supply
  if (skillIds.length > 0 && market.freelancersWithSkills < 3) {
    flag(
      'warning',
      'few_freelancers',
      `Only ${market.freelancersWithSkills} active freelancer${market.freelancersWithSkills === 1 ? '' : 's'} on MegiLance list ${listing(skillNames, 'or')}: expect few proposals.`,
    );
    const related = await relatedSkills(ex, skillIds, { limit: 3, minWeight: 0.5 });
    if (related.length)
      suggestions.push(
        `Add related skills so more freelancers match: ${listing(related.map((r) => r.skill.name))}.`,
      );
  }

  // ---- completeness
  const fields = await categoryRequirementFields(ex, s.category);
  const missing = fields.filter(
    (f) => Number(f.required) === 1 && !fitsKind(s.requirements[f.field], f.kind),
  );
  if (missing.length) {
    flag(
      'warning',
      'missing_requirements',
      `Required details are missing: ${listing(missing.map((f) => f.label.replace(/\?$/, '')))}.`,
    );
    suggestions.push(`Answer: ${missing.map((f) => f.label).join('; ')}`);
  }
  const milestoneSum = s.milestones.reduce((a, m) => a + m.amount, 0);
  if (s.pricing === 'fixed' && milestoneSum > max) {
    flag(
      'warning',
      'milestones_exceed_budget',
      `Planned milestones add up to ${money(milestoneSum, cur)}, more than the budget maximum ${money(max, cur)}.`,
    );
  }

  const verdict: Verdict = flags.some((f) => f.severity === 'critical')
    ? 'unrealistic'
    : flags.some((f) => f.severity === 'warning')
      ? 'at_risk'
      : 'healthy';
  return {
    subject: {
      projectId: s.projectId,
      title: s.title,
      category: s.category,
      skills: skillNames,
      pricing: s.pricing,
      budget: s.budget,
      timelineWeeks: weeks,
    },
    verdict,
    summary: summarize(verdict, flags),
    flags,
    observations,
    suggestions,
    estimate: {
      recommendedWeeks: scope.recommendedWeeks,
      minWeeks: scope.minWeeks,
      basis,
      factors: scope.factors,
      hoursAtMedianRate,
    },
    market,
    notes,
  };
}

function scopeBasis(scope: ScopeEstimate, market: MarketSnapshot, catName: string): string {
  const base =
    scope.baseSource === 'market'
      ? `median of ${market.timelineWeeks?.sample ?? 0} comparable ${catName} projects: ${scope.baseWeeks} weeks`
      : `${catName} default of ${scope.baseWeeks} weeks`;
  return scope.factors.length ? `${base}, widened for ${listing(scope.factors)}` : base;
}

function summarize(verdict: Verdict, flags: Flag[]): string {
  const worst = flags.find((f) => f.severity === 'critical') ?? flags.find((f) => f.severity === 'warning');
  if (verdict === 'healthy')
    return 'Looks feasible: the budget and timeline are in line with comparable projects.';
  const others = flags.filter((f) => f.severity !== 'info').length - 1;
  const more = others > 0 ? ` (and ${others} more issue${others === 1 ? '' : 's'})` : '';
  return verdict === 'unrealistic'
    ? `Unrealistic as it stands${more}. ${worst?.message ?? ''}`.trim()
    : `At risk${more}. ${worst?.message ?? ''}`.trim();
}
