/**
 * assess_feasibility: the numbers and flags always come from our data and rules (deterministic); a
 * configured model may only rewrite the summary and the suggestions, and only with numbers that are already
 * in the findings.
 */
import { z } from 'zod';
import type { Executor } from '../db/client';
import { Budget, Id, IsoDate, Money, Pricing } from '../tools/shared/schemas';
import { assessFeasibility, type Feasibility, type FeasibilitySubject } from './deterministic/feasibility';
import { fallbackNote, inventedNumbers, structured } from './llm';
import { MarketSnapshot } from './market';
import { AiMeta, Flag } from './schemas';

export const FeasibilityDraft = z.object({
  title: z.string().max(200).optional(),
  description: z.string().max(20000).default(''),
  category: z.string().min(2).describe('Category slug, e.g. mobile-development'),
  skills: z.array(z.string().min(1)).max(30).default([]),
  pricing: Pricing.default('fixed'),
  budget: Budget.describe('Minor units; per hour when pricing is hourly'),
  timelineWeeks: z.number().int().min(1).max(520).nullable().optional(),
  deadline: IsoDate.nullable().optional(),
  requirements: z.record(z.string(), z.unknown()).default({}),
  milestones: z
    .array(z.object({ title: z.string(), amount: Money }))
    .default([])
    .describe('Planned milestones, if any'),
});

export const FeasibilityInput = z
  .object({
    projectId: Id('Project').optional().describe('One of your projects'),
    draft: FeasibilityDraft.optional().describe(
      'A project not saved yet, e.g. createProjectInput from draft_project_from_brief',
    ),
  })
  .refine((v) => (v.projectId === undefined) !== (v.draft === undefined), {
    message: 'Pass either projectId or draft (exactly one).',
  });
export type FeasibilityInput = z.infer<typeof FeasibilityInput>;

export const FeasibilityOutput = z.object({
  subject: z.object({
    projectId: z.string().nullable(),
    title: z.string().nullable(),
    category: z.string(),
    skills: z.array(z.string()),
    pricing: Pricing,
    budget: z.object({ currency: z.string(), min: z.number().int(), max: z.number().int() }),
    timelineWeeks: z.number().int().nullable().describe('Given, or weeks until the deadline'),
  }),
  verdict: z
    .enum(['healthy', 'at_risk', 'unrealistic'])
    .describe('unrealistic: a critical flag; at_risk: a warning'),
  summary: z.string(),
  flags: z.array(Flag).describe('Problems found, each with its numbers; info flags are caveats'),
  observations: z.array(z.string()).describe('What checks out, with the numbers'),
  suggestions: z.array(z.string()),
  estimate: z.object({
    recommendedWeeks: z.number().int(),
    minWeeks: z.number().int().describe('Below this the timeline is tight'),
    basis: z.string().describe('Where the estimate comes from'),
    factors: z.array(z.string()).describe('What widened the scope'),
    hoursAtMedianRate: z
      .number()
      .int()
      .nullable()
      .describe('Hours the budget buys at the median hourly rate'),
  }),
  market: MarketSnapshot,
  ...AiMeta,
});
export type FeasibilityOutput = z.infer<typeof FeasibilityOutput>;

export function subjectFromDraft(d: z.infer<typeof FeasibilityDraft>): FeasibilitySubject {
  return {
    projectId: null,
    title: d.title ?? null,
    description: d.description,
    category: d.category,
    skills: d.skills,
    pricing: d.pricing,
    budget: d.budget,
    timelineWeeks: d.timelineWeeks ?? null,
    deadline: d.deadline ?? null,
    requirements: d.requirements,
    milestones: d.milestones.map((m) => ({ title: m.title, amount: m.amount.amount })),
  };
}

const ModelSummary = z.object({
  summary: z.string().min(10).max(800),
  suggestions: z.array(z.string().min(5).max(400)).max(6),
});

const INSTRUCTIONS = `You explain a feasibility assessment of a freelance project to its client.
"assessment" holds the verdict, flags and observations computed from marketplace data. Write:
- summary: two or three plain sentences: the verdict and the most important findings, with their numbers;
- suggestions: concrete next steps (at most 6).
Use only numbers that appear in the assessment. Do not change the verdict.`;

export async function feasibility(
  ex: Executor,
  subject: FeasibilitySubject,
  now: Date,
): Promise<FeasibilityOutput> {
  const result: Feasibility = await assessFeasibility(ex, subject, now);
  const facts = JSON.stringify({
    flags: result.flags,
    observations: result.observations,
    suggestions: result.suggestions,
    estimate: result.estimate,
    subject: result.subject,
  });
  const outcome = await structured({
    name: 'feasibility_summary',
    description: 'A plain-language summary and next steps',
    schema: ModelSummary,
    instructions: INSTRUCTIONS,
    data: {
      project: { title: subject.title, description: subject.description.slice(0, 4000) },
      assessment: {
        verdict: result.verdict,
        flags: result.flags,
        observations: result.observations,
        suggestions: result.suggestions,
        estimate: result.estimate,
      },
    },
    check: (v) => {
      const invented = inventedNumbers([v.summary, ...v.suggestions].join('\n'), facts);
      return invented.length ? [`numbers not in the assessment: ${invented.join(', ')}`] : [];
    },
  });
  if (outcome.status === 'model') {
    return {
      ...result,
      summary: outcome.value.summary,
      suggestions: outcome.value.suggestions,
      source: 'model',
    };
  }
  const notes = outcome.status === 'failed' ? [...result.notes, fallbackNote(outcome.reason)] : result.notes;
  return { ...result, source: 'deterministic', notes };
}
