import { z } from 'zod';
import { defineTool, ROLES } from '../define';
import { ToolError } from '../errors';
import { loadProjectView } from '../shared/projects';
import { Id, ProjectView } from '../shared/schemas';

export const getProject = defineTool({
  name: 'get_project',
  title: 'Get a project',
  description:
    'One project with its skills, budget, timeline, structured requirements and milestones. ' +
    'Drafts are visible only to their client.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({ projectId: Id('Project') }),
  output: ProjectView,
  async run(ctx, { projectId }) {
    const project = await loadProjectView(ctx.db, projectId);
    if (project.status === 'draft' && project.clientId !== ctx.actor.id && ctx.actor.role !== 'admin') {
      throw new ToolError('NOT_FOUND', `No project with id ${projectId}.`);
    }
    return project;
  },
});
