/**
 * A project spec from a free-text brief, with rules only: skills through the skills graph, the category by
 * the skills' categories and cue words, money and durations with the offline parsers, requirement answers
 * by field readers, a budget from market data when the brief has none, and a milestone plan whose amounts
 * add up exactly to the budget maximum.
 */

import type { z } from 'zod';
import { deriveTitle, stripCommand } from '../../agents/offline/parse/brief';
import { parseDuration } from '../../agents/offline/parse/duration';
import { type MoneyMention, parseMoney } from '../../agents/offline/parse/money';
import { findCategory, findIndustry } from '../../agents/offline/parse/skills';
import type { Executor } from '../../db/client';
import { allCategories, allIndustries, categoryRequirementFields } from '../../db/queries/market';
import { loadSkillGraph } from '../../db/queries/skillGraph';
import { createProject } from '../../tools/projects/createProject';
import { clipText, money, percentOf, rate, roundNice, weeksText } from '../format';
import { dayOf, type MarketSnapshot, marketSnapshot } from '../market';
import type { OpenQuestion } from '../schemas';
import { type Phase, phasesFor, planMilestones } from './phases';
import {
  type Answer,
  INTEGRATIONS,
  questionFor,
  type RequirementField,
  readRequirements,
} from './requirements';
import { estimateScope } from './scope';

export interface SkillMatchOut {
  skill: string;
  matched: string;
  confidence: number;
}

export interface RequirementNote {
  field: string;
  label: string;
  source: 'brief' | 'inferred';
  evidence: string;
}

export interface DraftMilestone {
  title: string;
  amount: { amount: number; currency: string };
  dueInWeeks: number;
}

export interface ProjectDraft {
  title: string;
  description: string;
  category: string | null;
  industry: string | null;
  skills: string[];
  skillMatches: SkillMatchOut[];
  pricing: 'fixed' | 'hourly';
  budget: { currency: string; min: number; max: number } | null;
  budgetSource: 'brief' | 'market' | 'estimate' | 'none';
  timelineWeeks: number | null;
  deadline: string | null;
  timelineSource: 'brief' | 'estimate' | 'none';
  milestones: DraftMilestone[];
  requirements: Record<string, unknown>;
  requirementNotes: RequirementNote[];
  openQuestions: OpenQuestion[];
  readyToCreate: boolean;
  createProjectInput: CreateProjectInput | null;
  market: MarketSnapshot | null;
  notes: string[];
}

export type CreateProjectInput = z.output<typeof createProject.input>;

/** What the brief says, before any proposal: the model path starts from the same facts. */
export interface BriefFacts {
  text: string;
  skills: SkillMatchOut[];
  category: string | null;
  categoryName: string | null;
  industry: string | null;
  /** The industry came from a cue word ("bakery"), not its name. */
  industryGuessed: boolean;
  currency: string;
  pricing: 'fixed' | 'hourly';
  money: MoneyMention | null;
  weeks: number | null;
  deadline: string | null;
  fields: RequirementField[];
  answers: Record<string, Answer>;
  missingRequired: RequirementField[];
  missingOptional: RequirementField[];
  integrations: string[];
  market: MarketSnapshot | null;
}

const HOURLY_WORDS = /\b(?:hourly|per hour|an hour|by the hour|\/\s?h(?:r|our)?\b|time and materials)/i;
const FIXED_WORDS = /\b(?:fixed[- ]price|flat (?:fee|rate|price)|fixed (?:fee|budget|cost)|fixed at)\b/i;
const WANT_LEAD =
  /^(?:so\s+)?(?:(?:i|we)(?:'d| would)?\s+(?:really\s+)?(?:need|want|like|am looking for|are looking for|'m looking for|'re looking for)|looking for|need|seeking|want)\s+(?:(?:a|an|some|the|to build|to have|to get)\s+)*/i;

const COMMANDISH =
  /^\s*(?:(?:hi|hello|hey)\b[\s,!.]*)?(?:(?:please|pls|can you|could you|help me)\s+)*(?:post|create|draft|write|make|spec|scope|prepare|put up|set up|publish|add|open|list|start)\b/i;

/** The brief without a leading command ("Draft a project: …"); anything else before a colon is kept. */
export function briefText(brief: string): string {
  const full = brief.trim();
  const stripped = stripCommand(full);
  if (!stripped || stripped === full) return full;
  const at = full.indexOf(stripped);
  const prefix = at > 0 ? full.slice(0, at) : '';
  return prefix && COMMANDISH.test(prefix) ? stripped : full;
}

/** Reads the facts a brief states. */
export async function readBrief(
  ex: Executor,
  brief: string,
  opts: { currency?: string; now: Date },
): Promise<BriefFacts> {
  const text = briefText(brief);
  const graph = await loadSkillGraph(ex);
  const matches = graph.normalizeText(text).filter((m) => m.confidence >= 0.8);
  const skills = matches.slice(0, 15).map((m) => ({
    skill: m.skill.name,
    matched: m.matched,
    confidence: m.confidence,
  }));

  const [categories, industries] = await Promise.all([allCategories(ex), allIndustries(ex)]);
  let category = findCategory(text, [], categories, undefined, false);
  if (!category) {
    const votes = new Map<string, number>();
    matches.forEach((m, i) => {
      const c = graph.skills.get(m.skill.id)?.category;
      if (c) votes.set(c, (votes.get(c) ?? 0) + (i === 0 ? 1.5 : 1));
    });
    const cue = findCategory(text, [], categories);
    if (cue) votes.set(cue, (votes.get(cue) ?? 0) + 1);
    let best = 0;
    for (const [slug, v] of votes) {
      if (v > best) {
        best = v;
        category = slug;
      }
    }
  }
  const named = findIndustry(text, industries, false);
  const industry = named ?? findIndustry(text, industries) ?? null;
  const industryGuessed = !named && industry !== null;

  const mentions = parseMoney(text, { defaultCurrency: opts.currency ?? 'USD' }).filter(
    (m) => m.per === undefined || m.per === 'hour',
  );
  const perHour = mentions.find((m) => m.per === 'hour');
  const pricing: 'fixed' | 'hourly' =
    perHour || (HOURLY_WORDS.test(text) && !FIXED_WORDS.test(text)) ? 'hourly' : 'fixed';
  const moneyMention = (pricing === 'hourly' ? perHour : mentions.find((m) => m.per === undefined)) ?? null;
  const currency = moneyMention?.currency ?? opts.currency ?? 'USD';

  const span = parseDuration(text, opts.now);
  const fields: RequirementField[] = category
    ? (await categoryRequirementFields(ex, category)).map((f) => ({
        field: f.field,
        label: f.label,
        kind: f.kind,
        required: Number(f.required) === 1,
      }))
    : [];
  const read = readRequirements(text, fields, {
    category: category ?? '',
    skills: skills.map((s) => s.skill),
  });
  const integrations: string[] = [];
  for (const [re, name] of INTEGRATIONS) {
    if (new RegExp(`(?<![\\w-])(?:${re})(?![\\w-])`, 'i').test(text) && !integrations.includes(name))
      integrations.push(name);
  }

  let market: MarketSnapshot | null = null;
  if (category) {
    const ids = matches.slice(0, 15).map((m) => m.skill.id);
    market = await marketSnapshot(ex, {
      category,
      pricing,
      currency,
      skillIds: ids,
      skillNames: skills.map((s) => s.skill),
      asOf: dayOf(opts.now),
    });
  }
  return {
    text,
    skills,
    category: category ?? null,
    categoryName: categories.find((c) => c.slug === category)?.name ?? null,
    industry,
    industryGuessed,
    currency,
    pricing,
    money: moneyMention,
    weeks: span.weeks ?? null,
    deadline: span.deadline ?? null,
    fields,
    answers: read.answers,
    missingRequired: read.missingRequired,
    missingOptional: read.missingOptional,
    integrations,
    market,
  };
}

/** A short title from the brief's first clause, without "we need a". */
export function titleFromBrief(text: string, fallback: string): string {
  let t = (deriveTitle(text) ?? '').replace(WANT_LEAD, '').trim();
  t = t.replace(/^(?:a|an|the|some)\s+/i, '').replace(/[\s,;:.-]+$/, '');
  if (t.length < 3) t = fallback;
  t = clipText(t, 90);
  return t.charAt(0).toUpperCase() + t.slice(1);
}

interface BudgetProposal {
  budget: { currency: string; min: number; max: number } | null;
  source: ProjectDraft['budgetSource'];
  note?: string;
  question?: OpenQuestion;
}

/** The budget range: what the brief states, else the middle half of comparable projects, else none. */
export function proposeBudget(f: BriefFacts, estimateWeeks: number): BudgetProposal {
  const cur = f.currency;
  const m = f.money;
  if (m) {
    const stated = m.max ?? m.min ?? 0;
    if (m.kind === 'range' && m.min !== undefined && m.max !== undefined) {
      return { budget: { currency: cur, min: m.min, max: m.max }, source: 'brief' };
    }
    if (m.kind === 'atLeast') {
      const floor = m.min ?? stated;
      const p75 = f.pricing === 'hourly' ? f.market?.hourlyRate?.p75 : f.market?.projectBudget?.p75;
      const max =
        p75 && p75 > floor ? roundNice(p75, cur, 'ceil') : roundNice(percentOf(floor, 125), cur, 'ceil');
      return {
        budget: { currency: cur, min: floor, max },
        source: 'brief',
        note: `The brief gives a floor of ${money(floor, cur)}; the maximum ${money(max, cur)} is a proposal${p75 && p75 > floor ? ' (75th percentile of comparable projects)' : ' (25% above the floor)'}.`,
      };
    }
    if (m.kind === 'upTo') {
      const min = roundNice(percentOf(stated, 70), cur, 'floor');
      return {
        budget: { currency: cur, min, max: stated },
        source: 'brief',
        note: `The brief caps the budget at ${money(stated, cur)}; the minimum ${money(min, cur)} (70% of it) is a proposal.`,
      };
    }
    if (FIXED_WORDS.test(f.text) || f.pricing === 'hourly') {
      return { budget: { currency: cur, min: stated, max: stated }, source: 'brief' };
    }
    const min = roundNice(percentOf(stated, 80), cur, 'floor');
    return {
      budget: { currency: cur, min, max: stated },
      source: 'brief',
      note: `The brief names ${money(stated, cur)}; it is kept as the maximum, with ${money(min, cur)} (80%) as the minimum of the range.`,
    };
  }
  const q = f.pricing === 'hourly' ? f.market?.hourlyRate : f.market?.projectBudget;
  if (q) {
    const min = roundNice(q.p25, cur, 'floor');
    const max = Math.max(min, roundNice(q.p75, cur, 'ceil'));
    const what =
      f.pricing === 'hourly'
        ? `hourly rates of ${q.sample} ${'label' in q ? q.label : ''}`
        : `budgets of ${q.sample} ${'label' in q ? q.label : ''}`;
    const range =
      f.pricing === 'hourly'
        ? `${rate(min, cur)}–${rate(max, cur)}`
        : `${money(min, cur)}–${money(max, cur)}`;
    return {
      budget: { currency: cur, min, max },
      source: 'market',
      note: `No budget in the brief: ${range} is the middle half (25th–75th percentile) of the ${what.trim()} on MegiLance.`,
      question: {
        field: 'budget',
        question: `The brief names no budget. Does ${range} work? It is what comparable projects on MegiLance budget.`,
        required: false,
      },
    };
  }
  const hourly = f.market?.hourlyRate;
  if (f.pricing === 'fixed' && hourly) {
    const hours = estimateWeeks * 20;
    const max = roundNice(hourly.median * hours, cur, 'ceil');
    const min = roundNice(percentOf(max, 75), cur, 'floor');
    return {
      budget: { currency: cur, min, max },
      source: 'estimate',
      note: `No budget in the brief and too few comparable projects: ${money(min, cur)}–${money(max, cur)} is about ${hours} hours (${weeksText(estimateWeeks)} at 20 h a week) at the median rate of ${hourly.label} (${rate(hourly.median, cur)}).`,
      question: {
        field: 'budget',
        question: `The brief names no budget. Would ${money(min, cur)}–${money(max, cur)} work?`,
        required: false,
      },
    };
  }
  return {
    budget: null,
    source: 'none',
    question: { field: 'budget', question: 'What is your budget for this project?', required: true },
  };
}

export async function draftProjectDeterministic(
  ex: Executor,
  brief: string,
  opts: { currency?: string; now: Date },
): Promise<{ draft: ProjectDraft; facts: BriefFacts }> {
  const f = await readBrief(ex, brief, opts);
  return { draft: buildDraft(f), facts: f };
}

/** The draft built from a brief's facts (also used to re-check a model's answer). */
export function buildDraft(f: BriefFacts): ProjectDraft {
  const notes: string[] = [];
  const questions: OpenQuestion[] = [];
  const requirements: Record<string, unknown> = {};
  const requirementNotes: RequirementNote[] = [];
  for (const field of f.fields) {
    const a = f.answers[field.field];
    if (!a) continue;
    requirements[field.field] = a.value;
    requirementNotes.push({ field: field.field, label: field.label, source: a.source, evidence: a.evidence });
    if (a.source === 'inferred') {
      questions.push({
        field: `requirements.${field.field}`,
        question: `${field.label}: ${show(a.value)}, assumed because ${a.evidence}. Is that right?`,
        required: false,
      });
    }
  }

  const skills = f.skills.map((s) => s.skill);
  const scope = estimateScope({
    category: f.category ?? '',
    skills,
    requirements: { integrations: f.integrations, ...requirements },
    milestones: 0,
    marketMedianWeeks: f.market?.timelineWeeks?.median ?? null,
  });
  let timelineWeeks = f.weeks;
  let timelineSource: ProjectDraft['timelineSource'] = f.weeks ? 'brief' : 'none';
  if (!timelineWeeks && f.category) {
    timelineWeeks = scope.recommendedWeeks;
    timelineSource = 'estimate';
    questions.push({
      field: 'timelineWeeks',
      question: `The brief names no timeline. ${weeksText(timelineWeeks)} is typical for this scope${scope.factors.length ? ` (${scope.factors.join(', ')})` : ''}. Does that work, or is there a deadline?`,
      required: false,
    });
  }

  const budget = proposeBudget(f, timelineWeeks ?? scope.recommendedWeeks);
  if (budget.note) notes.push(budget.note);
  if (budget.question) questions.push(budget.question);

  if (!f.category) {
    questions.push({
      field: 'category',
      question: 'What kind of work is this: web or mobile development, design, writing, marketing…?',
      required: true,
    });
  }
  if (skills.length === 0) {
    questions.push({ field: 'skills', question: 'Which skills should the freelancer have?', required: true });
  }
  for (const field of f.missingRequired) {
    questions.push({ field: `requirements.${field.field}`, question: questionFor(field), required: true });
  }
  for (const field of f.missingOptional.slice(0, 3)) {
    questions.push({ field: `requirements.${field.field}`, question: questionFor(field), required: false });
  }
  if (!f.industry) {
    questions.push({ field: 'industry', question: 'Which industry is the business in?', required: false });
  } else if (f.industryGuessed) {
    questions.push({
      field: 'industry',
      question: `Industry: ${f.industry}, guessed from the wording of the brief. Is that right?`,
      required: false,
    });
  }

  let milestones: DraftMilestone[] = [];
  if (f.pricing === 'fixed' && budget.budget && f.category) {
    const weeks = timelineWeeks ?? scope.recommendedWeeks;
    const phases: Phase[] = [...phasesFor(f.category)];
    if (requirements.storeSubmission === true && phases.length > 0) {
      const last = phases.at(-1)!;
      phases[phases.length - 1] = { ...last, title: 'App store submission and handover' };
    }
    milestones = planMilestones(f.category, budget.budget.max, budget.budget.currency, weeks, {
      phases,
      integrations: f.integrations,
    }).map((m) => ({
      title: m.title,
      amount: { amount: m.amount, currency: budget.budget!.currency },
      dueInWeeks: m.dueInWeeks,
    }));
  } else if (f.pricing === 'hourly') {
    notes.push('Hourly projects are billed from time logs, so the draft has no payment milestones.');
  }

  const title = titleFromBrief(f.text, f.categoryName ? `${f.categoryName} project` : 'New project');
  const description = describe(f, requirementNotes, requirements, timelineWeeks, timelineSource);

  let createProjectInput: CreateProjectInput | null = null;
  if (f.category && skills.length > 0 && budget.budget) {
    const candidate: Record<string, unknown> = {
      title,
      description,
      category: f.category,
      skills,
      pricing: f.pricing,
      budget: budget.budget,
      requirements,
      publish: false,
    };
    if (f.industry) candidate.industry = f.industry;
    if (timelineWeeks) candidate.timelineWeeks = Math.min(520, timelineWeeks);
    if (f.deadline) candidate.deadline = f.deadline;
    const parsed = createProject.input.safeParse(candidate);
    if (parsed.success) createProjectInput = parsed.data;
    else
      notes.push(
        `The draft does not yet fit create_project: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
      );
  }

  return {
    title,
    description,
    category: f.category,
    industry: f.industry,
    skills,
    skillMatches: f.skills,
    pricing: f.pricing,
    budget: budget.budget,
    budgetSource: budget.source,
    timelineWeeks: timelineWeeks ?? null,
    deadline: f.deadline,
    timelineSource,
    milestones,
    requirements,
    requirementNotes,
    openQuestions: questions,
    readyToCreate: createProjectInput !== null && !questions.some((q) => q.required),
    createProjectInput,
    market: f.market,
    notes,
  };
}

function show(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
}

/** The brief as the client wrote it, then what it asks for, as a list (facts from the brief only). */
function describe(
  f: BriefFacts,
  notes: RequirementNote[],
  requirements: Record<string, unknown>,
  weeks: number | null,
  weeksSource: ProjectDraft['timelineSource'],
): string {
  const lines: string[] = [];
  if (f.skills.length) lines.push(`- Skills: ${f.skills.map((s) => s.skill).join(', ')}`);
  for (const n of notes) {
    if (n.source !== 'brief') continue;
    lines.push(`- ${n.label.replace(/\?$/, '')}: ${show(requirements[n.field])}`);
  }
  if (f.integrations.length && !notes.some((n) => n.field === 'integrations'))
    lines.push(`- Integrations: ${f.integrations.join(', ')}`);
  if (weeks && weeksSource === 'brief') lines.push(`- Timeline: ${weeksText(weeks)}`);
  if (f.deadline) lines.push(`- Deadline: ${f.deadline}`);
  const body = f.text.trim();
  const brief = /[.!?]$/.test(body) ? body : `${body}.`;
  return lines.length ? `${brief}\n\nWhat is needed:\n${lines.join('\n')}` : brief;
}
