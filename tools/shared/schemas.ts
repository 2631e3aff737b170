import { z } from 'zod';

/** ISO 4217 currency code, upper case. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use a 3-letter ISO currency code such as USD or EUR.')
  .describe('ISO 4217 currency code, e.g. USD');

/** An amount in integer minor units (cents). Never a float, never negative. */
export const MinorUnits = z
  .number()
  .int('Use whole minor units (cents), not fractions.')
  .nonnegative('Amounts cannot be negative.')
  .max(1_000_000_000_00, 'Amount is above the platform limit.')
  .describe('Integer amount in minor units (cents)');

export const Money = z.object({ amount: MinorUnits, currency: Currency });
export type Money = z.infer<typeof Money>;

export const Id = (what: string) => z.string().min(3).max(64).describe(`${what} id`);

export const IsoDate = z.iso.date().describe('Calendar date, YYYY-MM-DD');

export const Page = {
  limit: z.number().int().min(1).max(100).default(20).describe('At most this many results'),
  offset: z.number().int().min(0).default(0).describe('Skip this many results'),
};

export const ProjectStatus = z.enum(['draft', 'open', 'in_progress', 'completed', 'cancelled']);
export const Pricing = z.enum(['fixed', 'hourly']);
export const Availability = z.enum(['full_time', 'part_time', 'limited', 'unavailable']);
export const ProposalStatus = z.enum(['submitted', 'shortlisted', 'accepted', 'rejected', 'withdrawn']);
export const ContractKind = z.enum(['fixed', 'hourly', 'retainer']);
export const MilestoneStatus = z.enum([
  'planned',
  'active',
  'funded',
  'submitted',
  'approved',
  'paid',
  'refunded',
  'cancelled',
]);

export const Budget = z
  .object({
    currency: Currency,
    min: MinorUnits,
    max: MinorUnits,
  })
  .refine((b) => b.max >= b.min, { message: 'max must be at least min', path: ['max'] });

export const MilestoneView = z.object({
  id: z.string(),
  projectId: z.string(),
  contractId: z.string().nullable(),
  position: z.number().int(),
  title: z.string(),
  description: z.string(),
  amount: Money,
  dueDate: z.string().nullable(),
  status: MilestoneStatus,
});
export type MilestoneView = z.infer<typeof MilestoneView>;

export const ProjectView = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  industry: z.string().nullable(),
  skills: z.array(z.string()),
  pricing: Pricing,
  budget: z.object({ currency: Currency, min: MinorUnits, max: MinorUnits }),
  timelineWeeks: z.number().int().nullable(),
  deadline: z.string().nullable(),
  status: ProjectStatus,
  requirements: z.record(z.string(), z.unknown()),
  milestones: z.array(MilestoneView),
  proposalCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProjectView = z.infer<typeof ProjectView>;
