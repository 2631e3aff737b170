import { z } from 'zod';
import { reindexProject, setProjectRequirements, setProjectSkills } from '../../db/queries/projects';
import { run } from '../../db/sql';
import { embedDocuments } from '../../jobs/handlers/embedDocuments';
import { defineTool } from '../define';
import { checkRequirements, loadProjectView, requireSlug, skillIdsOrFail } from '../shared/projects';
import { Budget, IsoDate, Pricing, ProjectView } from '../shared/schemas';

export const createProject = defineTool({
  name: 'create_project',
  title: 'Create a project',
  description:
    'Post a new project: title, description, category, skills, fixed or hourly pricing, budget range in minor ' +
    'units, timeline and category requirements. It starts as a draft unless publish is true.',
  roles: ['client'],
  effect: 'write',
  input: z.object({
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().min(10).max(20000),
    category: z.string().min(2).describe('Category slug, e.g. web-development'),
    industry: z.string().min(2).optional().describe('Industry slug, e.g. fintech'),
    skills: z.array(z.string().min(1)).min(1).max(30).describe('Skill names, e.g. ["React", "Node.js"]'),
    pricing: Pricing,
    budget: Budget,
    timelineWeeks: z.number().int().min(1).max(520).optional(),
    deadline: IsoDate.optional(),
    requirements: z.record(z.string(), z.unknown()).default({}).describe('Category-specific answers'),
    publish: z.boolean().default(false).describe('Open it to proposals now'),
  }),
  output: ProjectView,
  async run(ctx, input) {
    await requireSlug(ctx.db, 'categories', input.category, 'category');
    if (input.industry) await requireSlug(ctx.db, 'industries', input.industry, 'industry');
    await checkRequirements(ctx.db, input.category, input.requirements);
    const skillIds = await skillIdsOrFail(ctx.db, input.skills);
    const id = ctx.newId('prj');
    const now = ctx.now.toISOString();
    await run(
      ctx.db,
      `INSERT INTO projects (id, client_id, title, description, category, industry, pricing, budget_min_minor,
                             budget_max_minor, currency, timeline_weeks, deadline, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        ctx.actor.id,
        input.title,
        input.description,
        input.category,
        input.industry ?? null,
        input.pricing,
        input.budget.min,
        input.budget.max,
        input.budget.currency,
        input.timelineWeeks ?? null,
        input.deadline ?? null,
        input.publish ? 'open' : 'draft',
        now,
        now,
      ],
    );
    await setProjectSkills(ctx.db, id, skillIds);
    await setProjectRequirements(ctx.db, id, input.requirements);
    await reindexProject(ctx.db, id);
    ctx.jobs.enqueue(embedDocuments, { kind: 'project', ids: [id] });
    return loadProjectView(ctx.db, id);
  },
});
