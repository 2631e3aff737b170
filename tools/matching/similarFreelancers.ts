import { z } from 'zod';
import { loadSkillGraph } from '../../db/queries/skillGraph';
import { rankFreelancers } from '../../matching/rank/freelancers';
import { profileSource } from '../../matching/rank/sources';
import { matchingProvider } from '../../matching/services';
import { defineTool } from '../define';
import { ToolError } from '../errors';
import { Id } from '../shared/schemas';
import { FreelancerResults, Limit } from './schemas';

export const similarFreelancers = defineTool({
  name: 'similar_freelancers',
  title: 'Freelancers like this one',
  description:
    'Freelancers whose profiles and case studies are most like the given one (same kind of work, skills ' +
    'and related skills), ranked with reputation, availability and verification, with reasons. Useful when ' +
    'someone is unavailable or to compare a shortlist.',
  roles: ['client', 'freelancer', 'admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({ freelancerId: Id('Freelancer user'), limit: Limit(5, 20) }),
  output: FreelancerResults,
  async run(ctx, input) {
    const provider = await matchingProvider(ctx.db);
    const src = await profileSource(ctx.db, provider, input.freelancerId);
    if (!src) throw new ToolError('NOT_FOUND', `No freelancer profile ${input.freelancerId}.`);
    const r = await rankFreelancers(
      ctx.db,
      {
        text: src.text,
        vector: src.vector,
        skills: src.skills.slice(0, 8),
        limit: input.limit,
        excludeIds: [input.freelancerId, ctx.actor.id],
      },
      { provider, graph: await loadSkillGraph(ctx.db) },
    );
    return {
      rankingVersion: r.version,
      embeddingProvider: r.providerId,
      wantedSkills: r.wantedSkills,
      candidates: r.candidates,
      results: r.results,
    };
  },
});
