/**
 * draft_project_from_brief: the deterministic draft, refined by the configured model when there is one.
 * The model may reword and re-read the brief, but its answer must pass zod and these checks or the
 * deterministic draft stands: a known category and industry, skills the skills graph knows, any amount the
 * brief states kept as the budget maximum, milestones adding up exactly to the budget maximum (fixed
 * price), and requirement answers of the category's fields with the right kinds.
 */
import { z } from 'zod';
import type { Executor } from '../db/client';
import { allCategories, allIndustries, allRequirementFields } from '../db/queries/market';
import { resolveSkillEach } from '../db/queries/skills';
import { createProject } from '../tools/projects/createProject';
import { Currency, Money, Pricing } from '../tools/shared/schemas';
import { type BriefFacts, draftProjectDeterministic, type ProjectDraft } from './deterministic/draftProject';
import { type FieldKind, fitsKind, questionFor } from './deterministic/requirements';
import { money } from './format';
import { fallbackNote, structured } from './llm';
import { dayOf, MarketSnapshot, marketSnapshot } from './market';
import { AiMeta, OpenQuestion } from './schemas';

export const DraftProjectInput = z.object({
  brief: z
    .string()
    .trim()
    .min(10)
    .max(5000)
    .describe('What the client wants, in their own words: the work, budget, timeline, platforms…'),
  currency: Currency.optional().describe('Currency for amounts the brief gives without one (default USD)'),
});
export type DraftProjectInput = z.infer<typeof DraftProjectInput>;

export const DraftProjectOutput = z.object({
  title: z.string(),
  description: z.string(),
  category: z.string().nullable().describe('Category slug; null when the brief does not say'),
  industry: z.string().nullable().describe('Industry slug'),
  skills: z.array(z.string()).describe('Canonical skill names from the skills graph'),
  skillMatches: z
    .array(z.object({ skill: z.string(), matched: z.string(), confidence: z.number() }))
    .describe('Which words of the brief named each skill'),
  pricing: Pricing,
  budget: z
    .object({ currency: Currency, min: z.number().int(), max: z.number().int() })
    .nullable()
    .describe('Minor units; per hour when pricing is hourly'),
  budgetSource: z
    .enum(['brief', 'market', 'estimate', 'none'])
    .describe('brief: stated; market: comparable projects; estimate: hours × median rate'),
  timelineWeeks: z.number().int().nullable(),
  deadline: z.string().nullable(),
  timelineSource: z.enum(['brief', 'estimate', 'none']),
  milestones: z
    .array(z.object({ title: z.string(), amount: Money, dueInWeeks: z.number().int() }))
    .describe('Fixed price: amounts add up exactly to budget.max; hourly: none'),
  requirements: z.record(z.string(), z.unknown()).describe("Answers to the category's requirement fields"),
  requirementNotes: z.array(
    z.object({
      field: z.string(),
      label: z.string(),
      source: z.enum(['brief', 'inferred']),
      evidence: z.string(),
    }),
  ),
  openQuestions: z.array(OpenQuestion),
  readyToCreate: z
    .boolean()
    .describe('createProjectInput is complete: create_project should accept it as is'),
  createProjectInput: createProject.input
    .nullable()
    .describe(
      'The draft as create_project input (publish false); null while category, skills or budget are unknown',
    ),
  market: MarketSnapshot.nullable(),
  ...AiMeta,
});
export type DraftProjectOutput = z.infer<typeof DraftProjectOutput>;

const RequirementValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** What the model returns. */
export const ModelProjectDraft = z.object({
  title: z.string().min(3).max(200),
  description: z.string().min(10).max(20000),
  category: z.string().describe('A category slug from the data'),
  industry: z.string().nullable().describe('An industry slug from the data, or null'),
  skills: z.array(z.string().min(1)).min(1).max(30).describe('Skill names'),
  pricing: z.enum(['fixed', 'hourly']),
  budget: z.object({
    currency: z.string().regex(/^[A-Z]{3}$/),
    min: z.number().int().nonnegative(),
    max: z.number().int().nonnegative(),
  }),
  timelineWeeks: z.number().int().min(1).max(520).nullable(),
  milestones: z
    .array(
      z.object({
        title: z.string().min(1).max(200),
        amount: z.number().int().positive().describe('Minor units'),
        dueInWeeks: z.number().int().min(1).max(520),
      }),
    )
    .max(12),
  requirements: z.record(z.string(), RequirementValue).describe("Answers to the chosen category's fields"),
  openQuestions: z.array(z.string().min(3)).max(10),
});
export type ModelProjectDraft = z.infer<typeof ModelProjectDraft>;

const INSTRUCTIONS = `You turn a client's brief into a project spec for the MegiLance freelance marketplace.
Start from "baseline" (produced by rules from the same brief) and improve it:
- title: short and specific (at most 90 characters);
- description: keep every fact of the brief, structure it (scope, what is needed), add nothing the brief does not say;
- category: one slug from "categories"; industry: one slug from "industries" or null;
- skills: skill names (the baseline's are canonical; add only skills the brief clearly needs);
- pricing fixed or hourly; budget in integer minor units; any amount the brief states stays the budget maximum;
- timelineWeeks: from the brief, else the baseline's;
- milestones (fixed pricing only, none for hourly): amounts in minor units that add up EXACTLY to budget.max, dueInWeeks increasing;
- requirements: answers to the chosen category's fields that the brief gives, with the field's kind;
- openQuestions: what the client still has to decide.`;

/** The tool's logic: deterministic draft, then the model's refinement when one is configured. */
export async function draftProjectFromBrief(
  ex: Executor,
  input: DraftProjectInput,
  now: Date,
): Promise<DraftProjectOutput> {
  const opts: { now: Date; currency?: string } = { now };
  if (input.currency) opts.currency = input.currency;
  const { draft, facts } = await draftProjectDeterministic(ex, input.brief, opts);
  const [categories, industries, fields] = await Promise.all([
    allCategories(ex),
    allIndustries(ex),
    allRequirementFields(ex),
  ]);
  const fieldsOf = (slug: string) => fields.filter((f) => f.category === slug);
  const skillNames = new Map<string, string>();

  const outcome = await structured({
    name: 'project_draft',
    description: 'A project spec drafted from the brief',
    schema: ModelProjectDraft,
    instructions: INSTRUCTIONS,
    data: {
      brief: facts.text,
      categories: categories.map((c) => ({
        slug: c.slug,
        name: c.name,
        requirementFields: fieldsOf(c.slug).map((f) => ({
          field: f.field,
          label: f.label,
          kind: f.kind,
          required: Number(f.required) === 1,
        })),
      })),
      industries: industries.map((i) => i.slug),
      baseline: {
        title: draft.title,
        category: draft.category,
        industry: draft.industry,
        skills: draft.skills,
        pricing: draft.pricing,
        budget: draft.budget,
        budgetSource: draft.budgetSource,
        timelineWeeks: draft.timelineWeeks,
        milestones: draft.milestones.map((m) => ({
          title: m.title,
          amount: m.amount.amount,
          dueInWeeks: m.dueInWeeks,
        })),
        requirements: draft.requirements,
      },
      market: draft.market,
    },
    check: async (v) => {
      const problems: string[] = [];
      if (!categories.some((c) => c.slug === v.category)) problems.push(`unknown category "${v.category}"`);
      if (v.industry !== null && !industries.some((i) => i.slug === v.industry))
        problems.push(`unknown industry "${v.industry}"`);
      const resolved = await resolveSkillEach(ex, v.skills);
      resolved.forEach((s, i) => {
        if (s) skillNames.set(v.skills[i] ?? '', s.name);
      });
      if (skillNames.size === 0) problems.push('none of the skills is known');
      if (v.budget.max < v.budget.min) problems.push('budget.max is below budget.min');
      if (facts.money && draft.budget) {
        if (v.budget.currency !== draft.budget.currency || v.budget.max !== draft.budget.max)
          problems.push(
            `the brief states ${money(draft.budget.max, draft.budget.currency)} but the budget maximum is ${money(v.budget.max, v.budget.currency)}`,
          );
      }
      if (v.pricing === 'fixed') {
        const sum = v.milestones.reduce((s, m) => s + m.amount, 0);
        if (v.milestones.length === 0) problems.push('a fixed-price draft needs milestones');
        else if (sum !== v.budget.max)
          problems.push(`milestones add up to ${sum}, not budget.max ${v.budget.max}`);
      }
      if (v.timelineWeeks !== null && v.milestones.some((m) => m.dueInWeeks > (v.timelineWeeks ?? 520)))
        problems.push('a milestone is due after the timeline');
      const known = new Map(fieldsOf(v.category).map((f) => [f.field, f.kind as FieldKind]));
      for (const [k, value] of Object.entries(v.requirements)) {
        const kind = known.get(k);
        if (kind && !fitsKind(value, kind)) problems.push(`requirements.${k} must be a ${kind}`);
      }
      return problems;
    },
  });

  if (outcome.status === 'off') return { ...draft, source: 'deterministic' };
  if (outcome.status === 'failed') {
    return { ...draft, source: 'deterministic', notes: [...draft.notes, fallbackNote(outcome.reason)] };
  }
  return fromModel(ex, outcome.value, facts, draft, fieldsOf(outcome.value.category), skillNames, now);
}

async function fromModel(
  ex: Executor,
  v: ModelProjectDraft,
  facts: BriefFacts,
  baseline: ProjectDraft,
  fields: { field: string; label: string; kind: string; required: number }[],
  skillNames: Map<string, string>,
  now: Date,
): Promise<DraftProjectOutput> {
  const notes: string[] = [];
  const skills = [...new Set(v.skills.map((s) => skillNames.get(s)).filter((s): s is string => Boolean(s)))];
  const dropped = v.skills.filter((s) => !skillNames.has(s));
  if (dropped.length)
    notes.push(`Skills the skills graph does not know were left out: ${dropped.join(', ')}.`);

  const requirements: Record<string, unknown> = {};
  const requirementNotes: ProjectDraft['requirementNotes'] = [];
  for (const f of fields) {
    const value = v.requirements[f.field];
    if (value === undefined || !fitsKind(value, f.kind as FieldKind)) continue;
    requirements[f.field] = value;
    const rule = baseline.requirementNotes.find((n) => n.field === f.field);
    requirementNotes.push(
      rule && JSON.stringify(baseline.requirements[f.field]) === JSON.stringify(value)
        ? rule
        : {
            field: f.field,
            label: f.label,
            source: 'inferred',
            evidence: 'read from the brief by the model',
          },
    );
  }
  const extra = Object.keys(v.requirements).filter((k) => !fields.some((f) => f.field === k));
  if (extra.length)
    notes.push(`Answers to fields the category does not have were left out: ${extra.join(', ')}.`);

  const questions: OpenQuestion[] = [];
  for (const f of fields) {
    if (Number(f.required) === 1 && requirements[f.field] === undefined)
      questions.push({ field: `requirements.${f.field}`, question: questionFor(f), required: true });
  }
  for (const q of v.openQuestions) questions.push({ field: null, question: q, required: false });

  const market =
    v.category === facts.category
      ? facts.market
      : await marketSnapshot(ex, {
          category: v.category,
          pricing: v.pricing,
          currency: v.budget.currency,
          skillIds: [],
          skillNames: skills,
          asOf: dayOf(now),
        });

  const milestones =
    v.pricing === 'fixed'
      ? v.milestones.map((m) => ({
          title: m.title,
          amount: { amount: m.amount, currency: v.budget.currency },
          dueInWeeks: m.dueInWeeks,
        }))
      : [];
  const candidate: Record<string, unknown> = {
    title: v.title,
    description: v.description,
    category: v.category,
    skills,
    pricing: v.pricing,
    budget: v.budget,
    requirements,
    publish: false,
  };
  if (v.industry) candidate.industry = v.industry;
  if (v.timelineWeeks) candidate.timelineWeeks = v.timelineWeeks;
  if (facts.deadline) candidate.deadline = facts.deadline;
  const parsed = createProject.input.safeParse(candidate);
  if (!parsed.success) {
    // The model's spec does not fit create_project after all: the rules' draft is the safer answer.
    const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return {
      ...baseline,
      source: 'deterministic',
      notes: [...baseline.notes, fallbackNote(`its spec does not fit create_project (${reason})`)],
    };
  }
  const budgetSource = facts.money
    ? 'brief'
    : baseline.budgetSource === 'none'
      ? 'estimate'
      : baseline.budgetSource;
  return {
    title: v.title,
    description: v.description,
    category: v.category,
    industry: v.industry,
    skills,
    skillMatches: baseline.skillMatches,
    pricing: v.pricing,
    budget: v.budget,
    budgetSource,
    timelineWeeks: v.timelineWeeks,
    deadline: facts.deadline,
    timelineSource: facts.weeks ? 'brief' : v.timelineWeeks ? 'estimate' : 'none',
    milestones,
    requirements,
    requirementNotes,
    openQuestions: questions,
    readyToCreate: !questions.some((q) => q.required),
    createProjectInput: parsed.data,
    market,
    source: 'model',
    notes,
  };
}
