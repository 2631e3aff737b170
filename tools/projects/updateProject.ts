import type { InValue } from '@libsql/client';
import { z } from 'zod';
import { milestoneTotals } from '../../db/queries/milestones';
import {
  countLiveProposals,
  getProjectRequirements,
  reindexProject,
  setProjectRequirements,
  setProjectSkills,
} from '../../db/queries/projects';
import { run } from '../../db/sql';
import { embedDocuments } from '../../jobs/handlers/embedDocuments';
import { defineTool } from '../define';
import { conflict, invalid } from '../errors';
import {
  checkRequirements,
  loadProjectView,
  requireOwnProject,
  requireSlug,
  skillIdsOrFail,
} from '../shared/projects';
import { Budget, Id, IsoDate, ProjectView } from '../shared/schemas';
import { formatMoney, plural, requireEditable } from './helpers';

const EDITABLE_FIELDS = [
  'title',
  'description',
  'skills',
  'budget',
  'timelineWeeks',
  'deadline',
  'requirements',
  'industry',
  'status',
] as const;

export const updateProject = defineTool({
  name: 'update_project',
  title: 'Update a project',
  description:
    'Change your own draft or open project: title, description, skills (replaces the list), budget, timeline, ' +
    'deadline, industry and category requirements (merged into the existing answers). Set status to "open" to ' +
    'publish a draft, or to "draft" to unpublish an open project that has no live proposals. Only the fields ' +
    'you pass change; null clears an optional field. Category and pricing cannot be changed.',
  roles: ['client'],
  effect: 'write',
  input: z
    .object({
      projectId: Id('Project'),
      title: z.string().trim().min(3).max(200).optional(),
      description: z.string().trim().min(10).max(20000).optional(),
      skills: z
        .array(z.string().min(1))
        .min(1)
        .max(30)
        .optional()
        .describe('Skill names; replaces the current list'),
      budget: Budget.optional().describe(
        'New budget range in minor units; must still cover planned milestones',
      ),
      timelineWeeks: z
        .number()
        .int()
        .min(1)
        .max(520)
        .nullable()
        .optional()
        .describe('Expected duration in weeks; null clears it'),
      deadline: IsoDate.nullable().optional().describe('YYYY-MM-DD; null clears it'),
      industry: z
        .string()
        .min(2)
        .nullable()
        .optional()
        .describe('Industry slug, e.g. fintech; null clears it'),
      requirements: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('Requirement answers to add or change; answers not named are kept; null removes one'),
      status: z
        .enum(['draft', 'open'])
        .optional()
        .describe('"open" publishes a draft; "draft" unpublishes an open project with no live proposals'),
    })
    .refine((i) => EDITABLE_FIELDS.some((f) => i[f] !== undefined), {
      message: `Name at least one field to change: ${EDITABLE_FIELDS.join(', ')}.`,
    }),
  output: ProjectView,
  async authorize(ctx, { projectId }) {
    await requireOwnProject(ctx, projectId);
  },
  async run(ctx, input) {
    const p = await requireOwnProject(ctx, input.projectId);
    requireEditable(p, 'edited');

    if (input.status === 'draft' && p.status === 'open') {
      const live = await countLiveProposals(ctx.db, p.id);
      if (live > 0) {
        throw conflict(
          `Project '${p.title}' has ${plural(live, 'live proposal')}; it cannot go back to draft. ` +
            'Decline them first, or cancel the project instead.',
        );
      }
    }
    if (input.industry) await requireSlug(ctx.db, 'industries', input.industry, 'industry');
    const skillIds = input.skills ? await skillIdsOrFail(ctx.db, input.skills) : undefined;
    if (input.budget) {
      const { currency, max } = input.budget;
      const ms = await milestoneTotals(ctx.db, p.id);
      const other = ms.currencies.filter((c) => c !== currency);
      if (other.length > 0) {
        throw invalid(
          'budget.currency',
          `The project's milestones are in ${other.join(', ')}; the budget must stay in that currency.`,
        );
      }
      if (ms.plannedMinor > max) {
        throw invalid(
          'budget.max',
          `Planned milestones already total ${formatMoney(ms.plannedMinor, currency)}, ` +
            `above the new maximum of ${formatMoney(max, currency)}.`,
        );
      }
    }
    const publishing = input.status === 'open' && p.status === 'draft';
    const removed: string[] = [];
    if (input.requirements || publishing) {
      const merged = await getProjectRequirements(ctx.db, p.id);
      for (const [field, value] of Object.entries(input.requirements ?? {})) {
        if (value === undefined) continue;
        if (value === null) {
          delete merged[field];
          removed.push(field);
        } else merged[field] = value;
      }
      await checkRequirements(ctx.db, p.category, merged);
    }

    const sets: string[] = [];
    const args: InValue[] = [];
    const set = (column: string, value: InValue) => {
      sets.push(`${column} = ?`);
      args.push(value);
    };
    if (input.title !== undefined) set('title', input.title);
    if (input.description !== undefined) set('description', input.description);
    if (input.budget) {
      set('budget_min_minor', input.budget.min);
      set('budget_max_minor', input.budget.max);
      set('currency', input.budget.currency);
    }
    if (input.timelineWeeks !== undefined) set('timeline_weeks', input.timelineWeeks);
    if (input.deadline !== undefined) set('deadline', input.deadline);
    if (input.industry !== undefined) set('industry', input.industry);
    if (input.status !== undefined) set('status', input.status);
    set('updated_at', ctx.now.toISOString());
    await run(ctx.db, `UPDATE projects SET ${sets.join(', ')} WHERE id = ?`, [...args, p.id]);

    if (skillIds) await setProjectSkills(ctx.db, p.id, skillIds);
    if (input.requirements) {
      for (const field of removed) {
        await run(ctx.db, 'DELETE FROM project_requirements WHERE project_id = ? AND field = ?', [
          p.id,
          field,
        ]);
      }
      const kept = Object.entries(input.requirements).filter(([, v]) => v !== null && v !== undefined);
      await setProjectRequirements(ctx.db, p.id, Object.fromEntries(kept));
    }
    await reindexProject(ctx.db, p.id);
    ctx.jobs.enqueue(embedDocuments, { kind: 'project', ids: [p.id] });
    return loadProjectView(ctx.db, p.id);
  },
});
