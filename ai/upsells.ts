/**
 * suggest_upsells: deterministic ideas per category, or the configured model's ideas. Either way the price
 * is ours: estimated hours × the market's median hourly rate (the model only proposes what and how many
 * hours), and the model's answer is refused when its text brings in numbers that are not in the data.
 */
import { z } from 'zod';
import type { Executor } from '../db/client';
import { resolveSkillEach } from '../db/queries/skills';
import { Id, Money } from '../tools/shared/schemas';
import {
  pickRate,
  suggestUpsellsDeterministic,
  type Upsell,
  type UpsellSubject,
} from './deterministic/upsells';
import { rate, roundNice } from './format';
import { fallbackNote, inventedNumbers, structured } from './llm';
import { dayOf, MarketSnapshot, marketSnapshot } from './market';
import { AiMeta } from './schemas';

export const UpsellsInput = z
  .object({
    contractId: Id('Contract').optional().describe('A contract you are party to'),
    projectId: Id('Project')
      .optional()
      .describe('Your project (client), or an open project or one you have a contract on (freelancer)'),
  })
  .refine((v) => (v.contractId === undefined) !== (v.projectId === undefined), {
    message: 'Pass either contractId or projectId (exactly one).',
  });
export type UpsellsInput = z.infer<typeof UpsellsInput>;

export const UpsellsOutput = z.object({
  subject: z.object({
    contractId: z.string().nullable(),
    projectId: z.string(),
    title: z.string(),
    category: z.string(),
    kind: z.enum(['fixed', 'hourly', 'retainer', 'project']),
    buildValue: Money.nullable().describe('What the build is worth; null for hourly work'),
  }),
  rateUsed: z
    .object({ amount: z.number().int(), currency: z.string(), basis: z.string() })
    .nullable()
    .describe('The hourly rate extras are priced at'),
  suggestions: z.array(
    z.object({
      kind: z.enum(['retainer', 'milestone']),
      title: z.string(),
      description: z.string(),
      rationale: z.string().describe('Why it fits this scope and how it was priced'),
      price: Money.describe('Once, or per month for a retainer'),
      per: z.enum(['once', 'month']),
      months: z.number().int().nullable(),
      estimatedHours: z.number().int().describe('Hours (per month for a retainer)'),
    }),
  ),
  market: MarketSnapshot,
  ...AiMeta,
});
export type UpsellsOutput = z.infer<typeof UpsellsOutput>;

const ModelUpsells = z.object({
  suggestions: z
    .array(
      z.object({
        kind: z.enum(['retainer', 'milestone']),
        title: z.string().min(3).max(120),
        description: z.string().min(10).max(400),
        rationale: z.string().min(10).max(400).describe('Why it fits this scope; no prices'),
        estimatedHours: z.number().int().min(1).max(400).describe('Hours of work (per month for a retainer)'),
        months: z.number().int().min(1).max(24).nullable().describe('Retainers only'),
      }),
    )
    .min(1)
    .max(6),
});

const INSTRUCTIONS = `You suggest follow-on work for a freelance project on MegiLance: a maintenance retainer and
extra milestones that fit its scope and that the scope does not already include. For each: kind, title, a one-line
description, a rationale tied to the project (no prices: they are computed from the hours and the market rate),
estimatedHours (per month for a retainer) and months (retainers only). "baseline" lists rules-based ideas.`;

export async function suggestUpsells(ex: Executor, s: UpsellSubject, now: Date): Promise<UpsellsOutput> {
  const resolved = await resolveSkillEach(ex, s.skills);
  const market = await marketSnapshot(ex, {
    category: s.category,
    pricing: s.pricing,
    currency: s.currency,
    skillIds: resolved.flatMap((r) => (r ? [r.id] : [])),
    skillNames: resolved.flatMap((r) => (r ? [r.name] : [])),
    asOf: dayOf(now),
  });
  const rateUsed = pickRate(market, s.contractRate, s.currency);
  const det = suggestUpsellsDeterministic(s, market, rateUsed);
  const subject = {
    contractId: s.contractId,
    projectId: s.projectId,
    title: s.title,
    category: s.category,
    kind: s.kind,
    buildValue: s.buildValue ? { amount: s.buildValue, currency: s.currency } : null,
  };
  const base = { subject, rateUsed, market };
  if (!rateUsed) return { ...base, suggestions: det.suggestions, source: 'deterministic', notes: det.notes };

  const facts = JSON.stringify({ s, det: det.suggestions });
  const outcome = await structured({
    name: 'upsell_suggestions',
    description: 'Follow-on work for the project',
    schema: ModelUpsells,
    instructions: INSTRUCTIONS,
    data: {
      project: {
        title: s.title,
        description: s.description.slice(0, 4000),
        category: s.category,
        skills: s.skills,
        kind: s.kind,
        requirements: s.requirements,
        milestones: s.milestoneTitles,
      },
      baseline: det.suggestions.map((u) => ({
        kind: u.kind,
        title: u.title,
        estimatedHours: u.estimatedHours,
      })),
    },
    check: (v) => {
      const text = v.suggestions.map((u) => `${u.title} ${u.description} ${u.rationale}`).join('\n');
      const own = v.suggestions.map((u) => `${u.estimatedHours} ${u.months ?? ''}`).join(' ');
      const invented = inventedNumbers(text, `${facts} ${own}`);
      return invented.length ? [`numbers not in the data: ${invented.slice(0, 5).join(', ')}`] : [];
    },
  });
  if (outcome.status !== 'model') {
    const notes = outcome.status === 'failed' ? [...det.notes, fallbackNote(outcome.reason)] : det.notes;
    return { ...base, suggestions: det.suggestions, source: 'deterministic', notes };
  }
  const suggestions: Upsell[] = outcome.value.suggestions.map((u) => {
    const price = roundNice(u.estimatedHours * rateUsed.amount, s.currency);
    return {
      kind: u.kind,
      title: u.title,
      description: u.description,
      rationale: `${u.rationale} Priced at ${u.estimatedHours} hours${u.kind === 'retainer' ? ' a month' : ''} × ${rate(rateUsed.amount, s.currency)} (${rateUsed.basis}).`,
      price: { amount: price, currency: s.currency },
      per: u.kind === 'retainer' ? 'month' : 'once',
      months: u.kind === 'retainer' ? (u.months ?? 3) : null,
      estimatedHours: u.estimatedHours,
    };
  });
  return { ...base, suggestions, source: 'model', notes: det.notes };
}
