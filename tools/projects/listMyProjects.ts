import { z } from 'zod';
import { listClientProjects, skillsByProject } from '../../db/queries/projectSearch';
import { defineTool } from '../define';
import { Page, ProjectStatus } from '../shared/schemas';
import { projectSummary } from './helpers';
import { ProjectSummary } from './schemas';

export const listMyProjects = defineTool({
  name: 'list_my_projects',
  title: 'List my projects',
  description:
    'Your own projects as a client, drafts included, newest first, optionally only those in one status ' +
    '(draft, open, in_progress, completed, cancelled). Paged; use get_project for one project in full.',
  roles: ['client'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    status: ProjectStatus.optional().describe('Only projects in this status; all statuses when omitted'),
    ...Page,
  }),
  output: z.object({
    total: z.number().int().describe('All your projects matching the filter, not just this page'),
    results: z.array(ProjectSummary),
  }),
  async run(ctx, input) {
    const { total, rows } = await listClientProjects(ctx.db, ctx.actor.id, input);
    const skills = await skillsByProject(
      ctx.db,
      rows.map((r) => r.id),
    );
    return { total, results: rows.map((r) => projectSummary(r, skills.get(r.id) ?? [])) };
  },
});
