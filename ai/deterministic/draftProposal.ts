/**
 * A proposal from the project and the freelancer's own profile, with rules only. The project's text is
 * never read for instructions or amounts: the price comes from the budget range, the market's median rate
 * and the freelancer's rate; the letter cites the freelancer's matching skills and their most relevant
 * case study with its metric.
 *
 * Price (fixed): the scope in hours is the budget midpoint at the market's median hourly rate for the
 * skills; at the freelancer's own rate that is the price, rounded and kept within the budget range.
 * Hourly: the freelancer's rate, kept within the hourly budget range.
 */
import type { Executor } from '../../db/client';
import { categoryRequirementFields } from '../../db/queries/market';
import { loadSkillGraph } from '../../db/queries/skillGraph';
import type { FreelancerProfileView } from '../../tools/profiles/schemas';
import type { ProjectView } from '../../tools/shared/schemas';
import { clamp, clipText, listing, money, rate, roundNice, weeksText } from '../format';
import { Converter, dayOf, type MarketSnapshot, marketSnapshot } from '../market';
import { type Phase, phasesFor, planMilestones } from './phases';
import { fitsKind, questionFor } from './requirements';

export interface ProposalMilestoneDraft {
  title: string;
  amount: { amount: number; currency: string };
  dueInWeeks: number;
}

export interface CaseStudyPick {
  id: string;
  title: string;
  metric: string | null;
  why: string;
}

export interface ProposalDraft {
  projectId: string;
  pricing: 'fixed' | 'hourly';
  coverLetter: string;
  amount: { amount: number; currency: string };
  estimatedWeeks: number;
  milestones: ProposalMilestoneDraft[];
  rationale: {
    yourRate: { amount: number; currency: string } | null;
    marketMedianRate: { amount: number; currency: string } | null;
    estimatedHours: number | null;
    priceBasis: string;
    matchedSkills: { name: string; years: number }[];
    relatedSkills: { wanted: string; have: string }[];
    caseStudy: CaseStudyPick | null;
  };
  market: MarketSnapshot;
  notes: string[];
}

export interface ProposalFacts {
  project: ProjectView;
  profile: FreelancerProfileView;
  ownRate: number | null;
  market: MarketSnapshot;
  matched: { name: string; years: number }[];
  related: { wanted: string; have: string }[];
  caseStudy: CaseStudyPick | null;
  missingRequired: string[];
}

const STOP = new Set(
  'a an and the for with our your of to in on at by from we you is are be it this that app build need want'.split(
    ' ',
  ),
);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9+#.]+/)
      .filter((w) => w.length > 2 && !STOP.has(w)),
  );
}

/** The freelancer's most relevant case study: same industry, the project's skills named, shared words. */
export function pickCaseStudy(
  project: Pick<ProjectView, 'industry' | 'skills' | 'title' | 'description'>,
  profile: FreelancerProfileView,
): CaseStudyPick | null {
  const projectWords = words(`${project.title} ${project.description}`);
  let best: { score: number; pick: CaseStudyPick } | undefined;
  for (const c of profile.caseStudies) {
    const text = `${c.title} ${c.summary} ${c.outcome}`.toLowerCase();
    const reasons: string[] = [];
    let score = 0;
    if (project.industry && c.industry === project.industry) {
      score += 3;
      reasons.push(`same industry (${c.industry})`);
    }
    const skills = project.skills.filter((s) => text.includes(s.toLowerCase()));
    if (skills.length) {
      score += 2 * skills.length;
      reasons.push(`uses ${listing(skills)}`);
    }
    const shared = [...words(`${c.title} ${c.summary}`)].filter((w) => projectWords.has(w));
    score += Math.min(2, shared.length * 0.5);
    if (score === 0) continue;
    if (c.metrics.length) score += 1;
    const m = c.metrics[0];
    const pick = {
      id: c.id,
      title: c.title,
      metric: m ? `${m.label}: ${m.value}` : null,
      why: reasons.length ? listing(reasons) : `shares ${listing(shared.slice(0, 3))} with the brief`,
    };
    if (!best || score > best.score) best = { score, pick };
  }
  return best?.pick ?? null;
}

export async function proposalFacts(
  ex: Executor,
  project: ProjectView,
  profile: FreelancerProfileView,
  now: Date,
): Promise<ProposalFacts> {
  const graph = await loadSkillGraph(ex);
  const have = profile.skills.map((s) => s.name);
  const overlap = graph.overlap(project.skills, have);
  const years = new Map(profile.skills.map((s) => [s.name.toLowerCase(), s.years]));
  const matched = overlap.exact.map((name) => ({ name, years: years.get(name.toLowerCase()) ?? 0 }));
  const related = overlap.related
    .filter((r) => r.weight >= 0.5)
    .map((r) => ({ wanted: r.wanted, have: r.have }));
  const cur = project.budget.currency;
  const ownRate = await new Converter(ex, cur, dayOf(now)).convert(
    profile.hourlyRate.amount,
    profile.hourlyRate.currency,
  );
  const ids = project.skills.map((s) => graph.resolve(s)?.skill.id).filter((x): x is string => Boolean(x));
  const market = await marketSnapshot(ex, {
    category: project.category,
    pricing: project.pricing,
    currency: cur,
    skillIds: ids,
    skillNames: project.skills,
    asOf: dayOf(now),
    excludeProjectId: project.id,
  });
  const fields = await categoryRequirementFields(ex, project.category);
  const missingRequired = fields
    .filter((f) => Number(f.required) === 1 && !fitsKind(project.requirements[f.field], f.kind))
    .map((f) => questionFor(f));
  return {
    project,
    profile,
    ownRate: ownRate ?? null,
    market,
    matched,
    related,
    caseStudy: pickCaseStudy(project, profile),
    missingRequired,
  };
}

export function draftProposalDeterministic(f: ProposalFacts): ProposalDraft {
  const { project: p, profile } = f;
  const notes: string[] = [];
  const cur = p.budget.currency;
  const min = Math.max(1, p.budget.min);
  const max = Math.max(min, p.budget.max);
  const median = f.market.hourlyRate?.median ?? null;
  const own = f.ownRate ?? median;
  if (f.ownRate === null) {
    notes.push(
      `Your rate is in ${profile.hourlyRate.currency} and there is no FX rate to ${cur}; the market median was used instead.`,
    );
  }
  const capacity = clamp(profile.hoursPerWeek || 20, 10, 40);

  let amount: number;
  let hours: number | null = null;
  let estimatedWeeks: number;
  let priceBasis: string;
  if (p.pricing === 'fixed') {
    const mid = Math.round((min + max) / 2);
    const ref = median ?? own;
    if (ref && own) {
      hours = Math.max(1, Math.round(mid / ref));
      const raw = hours * own;
      amount = clamp(roundNice(raw, cur), min, max);
      priceBasis =
        `Scope ≈ ${hours} h (the budget midpoint ${money(mid, cur)} at the ${median ? 'market median' : 'your'} rate of ` +
        `${rate(ref, cur)}); at your ${rate(own, cur)} that is ${money(raw, cur)}` +
        (amount === raw
          ? '.'
          : amount === max
            ? `, capped at the budget maximum ${money(max, cur)}.`
            : amount === min
              ? `, raised to the budget minimum ${money(min, cur)}.`
              : `, rounded to ${money(amount, cur)}.`);
      if (raw > max)
        notes.push(
          `At your rate the scope is worth ${money(raw, cur)}, above the budget; the bid sits at the maximum. Consider narrowing the scope in the letter.`,
        );
    } else {
      amount = mid;
      priceBasis = `No rate to price from; the bid is the budget midpoint ${money(mid, cur)}.`;
    }
    const weeks = hours ? Math.max(1, Math.ceil(hours / capacity)) : (p.timelineWeeks ?? 4);
    estimatedWeeks = p.timelineWeeks ? Math.min(weeks, p.timelineWeeks) : weeks;
    if (p.timelineWeeks && hours && weeks > p.timelineWeeks) {
      notes.push(
        `At ${capacity} h a week the work takes ${weeksText(weeks)}, longer than the client's ${weeksText(p.timelineWeeks)}; the estimate keeps their timeline, so plan for about ${Math.ceil(hours / p.timelineWeeks)} h a week.`,
      );
    }
  } else {
    const r = own ?? Math.round((min + max) / 2);
    amount = clamp(r, min, max);
    priceBasis =
      amount === r
        ? `Your hourly rate ${rate(r, cur)} is within the client's range.`
        : amount === max
          ? `Your rate ${rate(r, cur)} is above the client's range; the bid is their maximum ${rate(max, cur)}.`
          : `Your rate ${rate(r, cur)} is below the client's range; the bid is their minimum ${rate(min, cur)}.`;
    estimatedWeeks = p.timelineWeeks ?? f.market.timelineWeeks?.median ?? 4;
    estimatedWeeks = Math.max(1, Math.round(estimatedWeeks));
  }

  let milestones: ProposalMilestoneDraft[] = [];
  if (p.pricing === 'fixed') {
    const planned = p.milestones.filter((m) => m.status !== 'cancelled' && m.amount.amount > 0);
    const phases: Phase[] | undefined = planned.length
      ? planned.map((m) => ({ title: m.title, weight: m.amount.amount }))
      : [...phasesFor(p.category)];
    milestones = planMilestones(p.category, amount, cur, estimatedWeeks, { phases }).map((m) => ({
      title: m.title,
      amount: { amount: m.amount, currency: cur },
      dueInWeeks: m.dueInWeeks,
    }));
  }

  const coverLetter = writeLetter(f, amount, estimatedWeeks, milestones);
  return {
    projectId: p.id,
    pricing: p.pricing,
    coverLetter,
    amount: { amount, currency: cur },
    estimatedWeeks,
    milestones,
    rationale: {
      yourRate: f.ownRate !== null ? { amount: f.ownRate, currency: cur } : null,
      marketMedianRate: median ? { amount: median, currency: cur } : null,
      estimatedHours: hours,
      priceBasis,
      matchedSkills: f.matched,
      relatedSkills: f.related,
      caseStudy: f.caseStudy,
    },
    market: f.market,
    notes,
  };
}

function writeLetter(
  f: ProposalFacts,
  amount: number,
  weeks: number,
  milestones: ProposalMilestoneDraft[],
): string {
  const { project: p, profile } = f;
  const cur = p.budget.currency;
  const lines: string[] = [];
  const first = p.clientName.split(/\s+/)[0] ?? '';
  lines.push(`Hi ${first || 'there'},`);

  const intro: string[] = [`I read your brief for "${clipText(p.title, 80)}".`];
  const strong = [...f.matched].sort((a, b) => b.years - a.years);
  if (strong.length) {
    const parts = strong
      .slice(0, 3)
      .map((s) => (s.years > 0 ? `${s.name} (${s.years} year${s.years === 1 ? '' : 's'})` : s.name));
    intro.push(`It matches what I do every day: ${listing(parts)}.`);
  } else if (profile.headline) {
    intro.push(`My background: ${clipText(profile.headline, 120)}.`);
  }
  if (f.related.length) {
    const r = f.related[0]!;
    intro.push(`For ${r.wanted}, my ${r.have} experience carries over directly.`);
  }
  lines.push(intro.join(' '));

  if (f.caseStudy) {
    const c = profile.caseStudies.find((x) => x.id === f.caseStudy?.id);
    const metric = f.caseStudy.metric ? ` (${f.caseStudy.metric})` : '';
    const outcome = c?.outcome ? ` ${clipText(c.outcome, 160).replace(/\.?$/, '.')}` : '';
    lines.push(`A relevant example: "${f.caseStudy.title}"${metric}.${outcome}`);
  }

  if (milestones.length) {
    const plan = milestones.map((m) => `${m.title} (week ${m.dueInWeeks}, ${money(m.amount.amount, cur)})`);
    lines.push(
      `How I would run it: ${milestones.length} milestone${milestones.length === 1 ? '' : 's'}: ${listing(plan)}. ` +
        `My price is ${money(amount, cur)} fixed, delivered in ${weeksText(weeks)}.`,
    );
  } else {
    lines.push(
      `I would work at ${rate(amount, cur)}, with weekly updates and time logged against each task; I expect about ${weeksText(weeks)}.`,
    );
  }
  if (f.missingRequired.length) lines.push(`One question before I start: ${f.missingRequired[0]}`);
  lines.push(`Best,\n${profile.name}`);
  return lines.join('\n\n');
}
