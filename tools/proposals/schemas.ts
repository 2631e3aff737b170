import { z } from 'zod';
import type { ProposalRow } from '../../db/queries/proposals';
import { Currency, MinorUnits, Money, Pricing, ProjectStatus, ProposalStatus } from '../shared/schemas';

/** Money that must be more than zero. */
export const PositiveMoney = z.object({
  amount: MinorUnits.min(1, 'Amount must be more than zero.'),
  currency: Currency,
});

export const ProposalMilestone = z.object({
  title: z.string().trim().min(1).max(200),
  amount: PositiveMoney,
  dueInWeeks: z.number().int().min(1).max(520).describe('Due this many weeks after the contract starts'),
});
export type ProposalMilestone = z.infer<typeof ProposalMilestone>;

export const ProposalView = z.object({
  id: z.string(),
  projectId: z.string(),
  projectTitle: z.string(),
  projectStatus: ProjectStatus,
  projectPricing: Pricing.describe('fixed: amount is the total price; hourly: amount is the hourly rate'),
  freelancer: z.object({
    id: z.string(),
    name: z.string(),
    headline: z.string(),
    rating: z.number().nullable().describe('1–5 from client reviews; null before the first review'),
    reviewsCount: z.number().int(),
    hourlyRate: Money.describe("The freelancer's profile rate"),
  }),
  coverLetter: z.string(),
  amount: Money,
  estimatedWeeks: z.number().int().nullable(),
  milestones: z.array(ProposalMilestone),
  status: ProposalStatus,
  contractId: z.string().nullable().describe('Set once the proposal is accepted'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProposalView = z.infer<typeof ProposalView>;

export const ProposalPage = z.object({
  items: z.array(ProposalView),
  total: z.number().int().describe('Matches across all pages'),
  limit: z.number().int(),
  offset: z.number().int(),
});

export function proposalView(r: ProposalRow): ProposalView {
  return {
    id: r.id,
    projectId: r.project_id,
    projectTitle: r.project_title,
    projectStatus: r.project_status,
    projectPricing: r.project_pricing,
    freelancer: {
      id: r.freelancer_id,
      name: r.freelancer_name,
      headline: r.headline,
      rating: r.rating === null ? null : Number(r.rating),
      reviewsCount: Number(r.reviews_count),
      hourlyRate: { amount: Number(r.hourly_rate_minor), currency: r.rate_currency },
    },
    coverLetter: r.cover_letter,
    amount: { amount: Number(r.amount_minor), currency: r.currency },
    estimatedWeeks: r.estimated_weeks === null ? null : Number(r.estimated_weeks),
    milestones: proposalMilestones(r.milestones, r.currency),
    status: r.status,
    contractId: r.contract_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Stored milestones; databases seeded before the seed stored money objects hold bare amounts. */
function proposalMilestones(json: string, currency: string): ProposalMilestone[] {
  return (
    JSON.parse(json) as (Omit<ProposalMilestone, 'amount'> & {
      amount: ProposalMilestone['amount'] | number;
    })[]
  ).map((m) =>
    typeof m.amount === 'number'
      ? { ...m, amount: { amount: m.amount, currency } }
      : (m as ProposalMilestone),
  );
}
