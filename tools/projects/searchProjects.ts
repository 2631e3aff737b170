import { z } from 'zod';
import {
  searchProjects as searchProjectRows,
  skillsByProject,
  toFtsQuery,
} from '../../db/queries/projectSearch';
import { defineTool, ROLES } from '../define';
import { requireSlug, skillIdsOrFail } from '../shared/projects';
import { Currency, MinorUnits, Page, Pricing, ProjectStatus } from '../shared/schemas';
import { excerpt, projectSummary } from './helpers';
import { ProjectSearchHit } from './schemas';

export const searchProjects = defineTool({
  name: 'search_projects',
  title: 'Search projects',
  description:
    'Find projects by free text over title, description and skills (any word may match; best matches first, ' +
    'title matches weigh most) and/or by filters: category, industry, any of some skills, pricing, a budget ' +
    'range that overlaps the project budget, and status (open unless you say otherwise). Without text, ' +
    'results are newest first. Drafts are only ever shown to the client who owns them. Paged.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({
    query: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('Free text, e.g. "React dashboard" or "C++ game engine"; punctuation is safe'),
    category: z.string().min(2).optional().describe('Category slug, e.g. web-development'),
    industry: z.string().min(2).optional().describe('Industry slug, e.g. fintech'),
    skills: z
      .array(z.string().min(1))
      .min(1)
      .max(20)
      .optional()
      .describe('Skill names; a project matches when it needs any of them'),
    pricing: Pricing.optional(),
    budget: z
      .object({
        currency: Currency,
        min: MinorUnits.optional().describe('Lowest budget you are interested in, minor units'),
        max: MinorUnits.optional().describe('Highest budget you are interested in, minor units'),
      })
      .refine((b) => b.min === undefined || b.max === undefined || b.max >= b.min, {
        message: 'max must be at least min',
        path: ['max'],
      })
      .optional()
      .describe('Projects in this currency whose budget range overlaps min..max'),
    status: ProjectStatus.default('open').describe(
      'Project status to list; draft shows only your own drafts',
    ),
    ...Page,
  }),
  output: z.object({
    total: z.number().int().describe('All matches, not just this page'),
    results: z.array(ProjectSearchHit),
  }),
  async run(ctx, input) {
    if (input.category) await requireSlug(ctx.db, 'categories', input.category, 'category');
    if (input.industry) await requireSlug(ctx.db, 'industries', input.industry, 'industry');
    const skillIds = input.skills ? await skillIdsOrFail(ctx.db, input.skills) : undefined;
    const { total, rows } = await searchProjectRows(ctx.db, {
      match: input.query ? toFtsQuery(input.query) : undefined,
      status: input.status,
      viewerId: ctx.actor.id,
      category: input.category,
      industry: input.industry,
      skillIds,
      pricing: input.pricing,
      budget: input.budget,
      limit: input.limit,
      offset: input.offset,
    });
    const skills = await skillsByProject(
      ctx.db,
      rows.map((r) => r.id),
    );
    return {
      total,
      results: rows.map((r) => ({
        ...projectSummary(r, skills.get(r.id) ?? []),
        snippet: r.snippet ?? excerpt(r.description),
        // bm25 is "lower is better"; flip it so a bigger score means a better match.
        score: r.bm25 === null ? null : 0 - r.bm25,
      })),
    };
  },
});
