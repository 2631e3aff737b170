import { z } from 'zod';
import { Currency, MinorUnits, Pricing, ProjectStatus } from '../shared/schemas';

/** A project as a list row: what search results and "my projects" show, without requirements or milestones. */
export const ProjectSummary = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  title: z.string(),
  category: z.string(),
  industry: z.string().nullable(),
  skills: z.array(z.string()),
  pricing: Pricing,
  budget: z.object({ currency: Currency, min: MinorUnits, max: MinorUnits }),
  timelineWeeks: z.number().int().nullable(),
  deadline: z.string().nullable(),
  status: ProjectStatus,
  proposalCount: z.number().int().describe('Proposals received, not counting withdrawn ones'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const ProjectSearchHit = ProjectSummary.extend({
  snippet: z
    .string()
    .describe(
      'Part of the description; with a text query, matched words are wrapped in **double asterisks**',
    ),
  score: z
    .number()
    .nullable()
    .describe('Text relevance (BM25), higher is better; null when searching by filters only'),
});
export type ProjectSearchHit = z.infer<typeof ProjectSearchHit>;

export const InvitationView = z.object({
  id: z.string(),
  projectId: z.string(),
  projectTitle: z.string(),
  freelancerId: z.string(),
  freelancerName: z.string(),
  message: z.string(),
  status: z.enum(['sent', 'accepted', 'declined']),
  createdAt: z.string(),
});
export type InvitationView = z.infer<typeof InvitationView>;
