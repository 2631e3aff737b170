import { z } from 'zod';
import { all } from '../../db/sql';
import { rankProjects } from '../../matching/rank/projects';
import { profileSource } from '../../matching/rank/sources';
import { matchingProvider } from '../../matching/services';
import { defineTool } from '../define';
import { ToolError } from '../errors';
import { Limit, ProjectResults } from './schemas';

export const recommendProjects = defineTool({
  name: 'recommend_projects',
  title: 'Projects for me',
  description:
    'Open projects that fit your freelancer profile: the work your profile and case studies describe, your ' +
    'skills (and related ones), budgets against your hourly rate, newest first among equals. Projects you ' +
    'already have a live proposal on (submitted, shortlisted or accepted) are left out. Each result has a ' +
    'score (0–1), its parts and reasons. Needs a freelancer profile.',
  roles: ['freelancer'],
  effect: 'read',
  idempotent: true,
  input: z.object({ limit: Limit(10, 50) }),
  output: ProjectResults,
  async run(ctx, input) {
    const provider = await matchingProvider(ctx.db);
    const me = await profileSource(ctx.db, provider, ctx.actor.id);
    if (!me) throw new ToolError('NOT_FOUND', 'Create your freelancer profile first (update_my_profile).');
    // Work already bid on is not a recommendation: submitting again would only be refused.
    const bid = await all<{ project_id: string }>(
      ctx.db,
      `SELECT project_id FROM proposals
        WHERE freelancer_id = ? AND status IN ('submitted', 'shortlisted', 'accepted')`,
      [ctx.actor.id],
    );
    const r = await rankProjects(
      ctx.db,
      {
        text: me.text,
        vector: me.vector,
        skills: me.skills,
        rate: me.rate,
        excludeIds: bid.map((b) => b.project_id),
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
