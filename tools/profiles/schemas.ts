import { z } from 'zod';
import { BadgeView, ReputationView } from '../reputation/schemas';
import { Availability, Currency, Money } from '../shared/schemas';

export const MAX_CASE_STUDIES = 20;
export const MAX_METRICS = 10;

export const SkillYears = z.object({
  name: z.string().trim().min(1).max(80).describe('Skill name or slug, e.g. React'),
  years: z.number().int().min(0).max(60).describe('Years of experience with this skill'),
});

export const Metric = z.object({
  label: z.string().trim().min(1).max(80).describe('What was measured, e.g. Conversion'),
  value: z.string().trim().min(1).max(80).describe('The result, e.g. +18%'),
});

export const CaseStudyView = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  outcome: z.string(),
  metrics: z.array(z.object({ label: z.string(), value: z.string() })),
  industry: z.string().nullable().describe('Industry slug'),
  createdAt: z.string(),
});
export type CaseStudyView = z.infer<typeof CaseStudyView>;

/** A freelancer's public profile. Deliberately has no email or other contact data. */
export const FreelancerProfileView = z.object({
  userId: z.string(),
  name: z.string(),
  country: z.string().describe('ISO 3166 country code'),
  headline: z.string(),
  bio: z.string(),
  category: z.string().describe('Category slug'),
  hourlyRate: z.object({ amount: z.number().int(), currency: Currency }),
  availability: Availability,
  hoursPerWeek: z.number().int(),
  industries: z.array(z.string()).describe('Industry slugs'),
  skills: z.array(z.object({ name: z.string(), years: z.number().int() })),
  rating: z.number().nullable().describe('Average review rating, 1 to 5; null before the first review'),
  reviewsCount: z.number().int(),
  jobsCompleted: z.number().int(),
  verified: z.boolean(),
  reputation: ReputationView.describe('Client review averages per axis and delivery outcomes'),
  badges: z.array(BadgeView).describe('Earned from verified outcomes: KYC, completed work, reviews'),
  caseStudies: z.array(CaseStudyView),
  memberSince: z.string(),
});
export type FreelancerProfileView = z.infer<typeof FreelancerProfileView>;

export const UpdateProfileInput = z
  .object({
    headline: z.string().trim().min(1).max(200).optional().describe('One line shown under your name'),
    bio: z.string().trim().max(5000).optional(),
    category: z.string().min(2).optional().describe('Category slug, e.g. web-development'),
    hourlyRate: Money.optional().describe('Hourly rate in minor units; the currency may change too'),
    availability: Availability.optional(),
    hoursPerWeek: z.number().int().min(0).max(80).optional().describe('Hours a week you can take on'),
    skills: z
      .array(SkillYears)
      .max(50)
      .optional()
      .describe('Replaces your whole skill set, e.g. [{"name": "React", "years": 5}]'),
    industries: z
      .array(z.string().min(2))
      .max(20)
      .optional()
      .describe('Industry slugs; replaces your whole list, e.g. ["fintech"]'),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: 'Pass at least one field to change.',
  });
export type UpdateProfileInput = z.infer<typeof UpdateProfileInput>;

export const AddCaseStudyInput = z.object({
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(2000).default('').describe('The problem and what you did'),
  outcome: z.string().trim().min(1).max(2000).describe('What changed for the client'),
  metrics: z
    .array(Metric)
    .max(MAX_METRICS)
    .default([])
    .describe(`Up to ${MAX_METRICS} measured results, e.g. [{"label": "p95 latency", "value": "120 ms"}]`),
  industry: z.string().min(2).optional().describe('Industry slug, e.g. fintech'),
});
