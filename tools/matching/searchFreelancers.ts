import { z } from 'zod';
import { loadSkillGraph } from '../../db/queries/skillGraph';
import { rankFreelancers } from '../../matching/rank/freelancers';
import { defineTool } from '../define';
import { exposeFlags } from '../shared/flags';
import { Availability, Currency, MinorUnits } from '../shared/schemas';
import { FreelancerResults, Limit } from './schemas';
import { canonicalSkills } from './skills';

export const searchFreelancers = defineTool({
  name: 'search_freelancers',
  title: 'Search freelancers',
  description:
    'Find freelancers by words ("shopify store redesign") and hard filters: skills (each one listed), hourly ' +
    'rate range in one currency (minor units), countries, availability, verified only, category. Filters are ' +
    'strict: nobody outside them is returned. Results are ranked like match_freelancers, with score, parts ' +
    'and reasons. Pass a query, at least one filter, or both. Meaning-based (embedding) candidates follow ' +
    'the semantic_search feature flag.',
  roles: ['client', 'freelancer', 'admin'],
  effect: 'read',
  idempotent: true,
  input: z
    .object({
      query: z.string().trim().max(2000).optional().describe('Words to search for'),
      skills: z.array(z.string().min(1)).max(10).optional().describe('Every one of these skills'),
      rate: z
        .object({ currency: Currency, min: MinorUnits.optional(), max: MinorUnits.optional() })
        .optional()
        .describe('Hourly rate range, minor units; other currencies are left out'),
      countries: z
        .array(z.string().regex(/^[A-Z]{2}$/, 'Use ISO 3166 alpha-2 codes, e.g. DE'))
        .max(30)
        .optional(),
      availability: z.array(Availability).max(4).optional(),
      verified: z.boolean().optional().describe('true: identity-verified freelancers only'),
      category: z.string().min(2).optional().describe('Category slug, e.g. mobile-development'),
      limit: Limit(10, 50),
    })
    .refine(
      (i) =>
        Boolean(i.query) ||
        Boolean(i.skills?.length) ||
        i.rate !== undefined ||
        Boolean(i.countries?.length) ||
        Boolean(i.availability?.length) ||
        i.verified !== undefined ||
        i.category !== undefined,
      { message: 'Pass a query or at least one filter.' },
    ),
  output: FreelancerResults,
  async run(ctx, input) {
    const graph = await loadSkillGraph(ctx.db);
    const skills = canonicalSkills(graph, input.skills ?? [], 'skills');
    // The semantic_search rollout decides whether vector candidates join full text; without the flag, they do.
    // The arm that decided it is recorded as the caller's exposure.
    const flag = (await exposeFlags(ctx, ['semantic_search'])).get('semantic_search')!;
    const r = await rankFreelancers(
      ctx.db,
      {
        text: input.query ?? '',
        skills,
        filters: {
          skills,
          rate: input.rate,
          countries: input.countries,
          availability: input.availability,
          verified: input.verified,
          category: input.category,
        },
        includeUnavailable: true,
        semantic: flag.reason === 'unknown_flag' || flag.on,
        limit: input.limit,
        excludeIds: [ctx.actor.id],
      },
      { graph },
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
