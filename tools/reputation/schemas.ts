import { z } from 'zod';

const Average = z.number().min(1).max(5).nullable();

/** Client review averages per axis and delivery outcomes: how a freelancer's work went, by the numbers. */
export const ReputationView = z.object({
  reviewsCount: z.number().int().describe('Client reviews of this freelancer'),
  overall: Average.describe('Mean of the four axes, 1–5; null before the first review'),
  quality: Average,
  communication: Average,
  speed: Average,
  reliability: Average,
  completedContracts: z.number().int(),
  deliveredMilestones: z.number().int().describe('Milestones approved or paid'),
  onTimeDeliveries: z.number().int().describe('Delivered milestones submitted by their due date'),
  onTimeRate: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('On-time deliveries over delivered milestones that had a due date; null when none had one'),
  computedAt: z
    .string()
    .nullable()
    .describe('When these figures were last stored; null when computed for this answer'),
});
export type ReputationView = z.infer<typeof ReputationView>;

export const BadgeView = z.object({
  key: z.string().describe('Stable badge key, e.g. verified_identity, on_time_5'),
  label: z.string(),
  description: z.string().describe('What earns it'),
  earnedAt: z.string().nullable(),
});
export type BadgeView = z.infer<typeof BadgeView>;
