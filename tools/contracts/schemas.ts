import { z } from 'zod';
import { ContractKind, Currency, IsoDate, MilestoneView, Money } from '../shared/schemas';

export const ContractStatus = z.enum(['active', 'paused', 'completed', 'cancelled']);
export const ScopeChangeStatus = z.enum(['pending', 'approved', 'rejected']);
export const Party = z.enum(['client', 'freelancer']);

/** A review score: 1 (poor) to 5 (excellent). */
export const Score = z.number().int('Scores are whole numbers.').min(1).max(5);

export const ContractView = z.object({
  id: z.string(),
  projectId: z.string(),
  projectTitle: z.string(),
  proposalId: z.string().nullable(),
  clientId: z.string(),
  clientName: z.string(),
  freelancerId: z.string(),
  freelancerName: z.string(),
  kind: ContractKind,
  amount: Money.describe('fixed: the total; retainer: the monthly fee; hourly: 0 (see hourlyRate)'),
  hourlyRate: Money.nullable().describe('Hourly contracts only'),
  weeklyLimitHours: z.number().int().nullable(),
  status: ContractStatus,
  deadline: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  milestones: z.array(MilestoneView),
});
export type ContractView = z.infer<typeof ContractView>;

export const ReviewView = z.object({
  id: z.string(),
  contractId: z.string(),
  reviewerId: z.string(),
  reviewerName: z.string(),
  reviewerRole: Party,
  revieweeId: z.string(),
  revieweeName: z.string(),
  quality: Score,
  communication: Score,
  speed: Score,
  reliability: Score,
  average: z.number().describe('Mean of the four scores'),
  comment: z.string(),
  createdAt: z.string(),
});
export type ReviewView = z.infer<typeof ReviewView>;

export const ScopeChangeView = z.object({
  id: z.string(),
  contractId: z.string(),
  milestoneId: z.string().nullable(),
  requestedBy: z.string(),
  requestedByRole: Party,
  description: z.string(),
  amountDelta: z
    .object({ amount: z.number().int(), currency: Currency })
    .describe('Signed change in minor units: positive raises the price, negative lowers it'),
  newDeadline: IsoDate.nullable(),
  status: ScopeChangeStatus,
  respondedBy: z.string().nullable(),
  responseNote: z.string().nullable(),
  createdAt: z.string(),
  respondedAt: z.string().nullable(),
});
export type ScopeChangeView = z.infer<typeof ScopeChangeView>;

export const TimeLogView = z.object({
  id: z.string(),
  contractId: z.string(),
  workDate: IsoDate,
  minutes: z.number().int(),
  description: z.string(),
  status: z.enum(['logged', 'approved', 'disputed']),
  createdAt: z.string(),
});

export const WeekTotals = z.object({
  weekStart: IsoDate.describe('Monday of the ISO week'),
  weekEnd: IsoDate.describe('Sunday of the ISO week'),
  minutes: z.number().int(),
  hours: z.number().describe('minutes / 60, rounded to 2 decimals'),
  limitHours: z.number().int().nullable(),
  remainingMinutes: z.number().int().nullable().describe('null when the contract has no weekly limit'),
});
