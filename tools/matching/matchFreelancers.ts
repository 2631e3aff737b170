import { z } from 'zod';
import { evaluateFlags } from '../../db/queries/flags';
import { loadSkillGraph } from '../../db/queries/skillGraph';
import { one } from '../../db/sql';
import { rankFreelancers } from '../../matching/rank/freelancers';
import type { RateBudget } from '../../matching/rank/signals';
import { projectSource } from '../../matching/rank/sources';
import { matchingProvider } from '../../matching/services';
import { defineTool, type ToolContext } from '../define';
import { ToolError } from '../errors';
import { recordExposures } from '../shared/flags';
import { Id } from '../shared/schemas';
import { BriefBudget, FreelancerResults, Limit } from './schemas';
import { canonicalSkills } from './skills';

async function requireProject(ctx: ToolContext, projectId: string) {
  const p = await one<{ client_id: string }>(ctx.db, 'SELECT client_id FROM projects WHERE id = ?', [
    projectId,
  ]);
  // Someone else's project is NOT_FOUND for a client: its existence is not theirs to learn.
  if (!p || (ctx.actor.role !== 'admin' && p.client_id !== ctx.actor.id))
    throw new ToolError('NOT_FOUND', `No project ${projectId} of yours.`);
}

export const matchFreelancers = defineTool({
  name: 'match_freelancers',
  title: 'Match freelancers to a project',
  description:
    'The best freelancers for one of your projects (projectId) or for a brief in words ("a React Native dev ' +
    'for a fintech app, under $60/h"). Hybrid ranking: meaning (embeddings of profiles and case studies), ' +
    'skills through the skills graph (synonyms, related skills), keywords, rating and completed jobs, hourly ' +
    'rate against the budget, availability and verification, with a diversity pass so the shortlist is not ' +
    'five clones. Each result has its score (0–1), the parts of the score and the reasons in words. ' +
    'Unavailable freelancers are left out. Pass exactly one of projectId or brief. Follows feature flags: ' +
    'ai_matching_v2 decides whether meaning (embeddings) is part of your ranking (its treatment arm; ' +
    'embeddingProvider is null when not), reputation_in_ranking whether review axes weigh the rating.',
  roles: ['client', 'admin'],
  effect: 'read',
  idempotent: true,
  input: z
    .object({
      projectId: Id('Project').optional().describe('One of your projects'),
      brief: z.string().trim().min(3).max(4000).optional().describe('What you need, in words'),
      skills: z.array(z.string().min(1)).max(20).optional().describe('Skills to look for, beyond the brief'),
      budget: BriefBudget.optional().describe('With a brief: what you will pay (minor units)'),
      timelineWeeks: z.number().int().min(1).max(520).optional().describe('With a project budget'),
      limit: Limit(5, 20),
    })
    .refine((i) => (i.projectId === undefined) !== (i.brief === undefined), {
      message: 'Pass exactly one of projectId or brief.',
    }),
  output: FreelancerResults,
  async authorize(ctx, input) {
    if (input.projectId) await requireProject(ctx, input.projectId);
  },
  async run(ctx, input) {
    const flags = await evaluateFlags(ctx.db, ['ai_matching_v2', 'reputation_in_ranking'], ctx.actor.id);
    // Treatment ranks with embeddings (hybrid); control and everyone outside the flag get v1, the same
    // ranking without them. A database without the flag keeps the hybrid, as search does for semantic_search.
    const matching = flags.get('ai_matching_v2')!;
    const semantic = matching.reason === 'unknown_flag' || matching.on;
    const reviewAxes = flags.get('reputation_in_ranking')!.on;
    const graph = await loadSkillGraph(ctx.db);
    const skills = canonicalSkills(graph, input.skills ?? [], 'skills');
    const provider = await matchingProvider(ctx.db);
    let text = input.brief ?? '';
    let vector: Float32Array | undefined;
    let budget: RateBudget | undefined = input.budget && {
      ...input.budget,
      timelineWeeks: input.timelineWeeks ?? null,
    };
    if (input.projectId) {
      await requireProject(ctx, input.projectId);
      const p = await projectSource(ctx.db, provider, input.projectId, { embed: semantic });
      if (!p) throw new ToolError('NOT_FOUND', `No project ${input.projectId}.`);
      text = p.text;
      vector = p.vector;
      budget = p.budget;
      for (const s of p.skills) if (!skills.includes(s)) skills.push(s);
    }
    const r = await rankFreelancers(
      ctx.db,
      { text, vector, skills, budget, limit: input.limit, excludeIds: [ctx.actor.id], semantic, reviewAxes },
      { provider, graph },
    );
    recordExposures(ctx, flags);
    return {
      rankingVersion: `${r.version}${semantic ? '+semantic' : ''}${reviewAxes ? '+review-axes' : ''}`,
      embeddingProvider: r.providerId,
      wantedSkills: r.wantedSkills,
      candidates: r.candidates,
      results: r.results,
    };
  },
});
