import { z } from 'zod';
import { rankProjects } from '../../matching/rank/projects';
import { projectSource } from '../../matching/rank/sources';
import { matchingProvider } from '../../matching/services';
import { defineTool } from '../define';
import { ToolError } from '../errors';
import { Id } from '../shared/schemas';
import { Limit, ProjectResults } from './schemas';

export const similarProjects = defineTool({
  name: 'similar_projects',
  title: 'Projects like this one',
  description:
    'Open projects most like the given one: the same kind of work and skills (through the skills graph), ' +
    'newest first among equals, with score, parts and reasons. A draft is only visible to its own client.',
  roles: ['client', 'freelancer', 'admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({ projectId: Id('Project'), limit: Limit(5, 20) }),
  output: ProjectResults,
  async run(ctx, input) {
    const provider = await matchingProvider(ctx.db);
    const src = await projectSource(ctx.db, provider, input.projectId);
    if (!src || (src.status === 'draft' && src.clientId !== ctx.actor.id && ctx.actor.role !== 'admin'))
      throw new ToolError('NOT_FOUND', `No project ${input.projectId}.`);
    const r = await rankProjects(
      ctx.db,
      {
        text: src.text,
        vector: src.vector,
        skills: src.skills,
        excludeIds: [src.id],
        limit: input.limit,
        now: ctx.now,
      },
      { provider },
    );
    return {
      rankingVersion: r.version,
      embeddingProvider: r.providerId,
      candidates: r.candidates,
      results: r.results,
    };
  },
});
