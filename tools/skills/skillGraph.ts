import { z } from 'zod';
import { loadSkillGraph, type SkillMatch, skillSupply } from '../../db/queries/skillGraph';
import { defineTool, ROLES } from '../define';
import { ToolError } from '../errors';
import { Currency } from '../shared/schemas';

/** Related skills listed (and counted in withRelatedOnly) per resolved skill. */
const RELATED_LIMIT = 10;
/** Skills described in full for a sentence. */
const TEXT_SKILL_LIMIT = 10;

const SkillGraphEntry = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  category: z.string().describe('Category slug'),
  matched: z.string().describe('The words that named it, as written'),
  confidence: z
    .number()
    .describe(
      '1 the exact name, 0.95 an alias, 0.9 a plural or run-together form, 0.8 or less a typo or guess',
    ),
  related: z
    .array(
      z.object({ id: z.string(), name: z.string(), weight: z.number().describe('0–1, higher is closer') }),
    )
    .describe('Related skills, strongest first'),
  freelancers: z.object({
    withSkill: z.number().int().describe('Active freelancers who list this skill'),
    withRelatedOnly: z
      .number()
      .int()
      .describe('Active freelancers without this skill who list at least one of the related skills'),
    averageHourlyRate: z
      .array(
        z.object({
          amount: z.number().int().describe('Minor units (cents)'),
          currency: Currency,
          freelancers: z.number().int(),
        }),
      )
      .describe('Average hourly rate of those with the skill, per currency'),
    top: z
      .array(
        z.object({
          id: z.string().describe('Freelancer user id'),
          name: z.string(),
          headline: z.string(),
          rating: z.number().nullable(),
          reviewsCount: z.number().int(),
        }),
      )
      .describe('Up to 5 best-rated freelancers with the skill'),
  }),
});

export const skillGraph = defineTool({
  name: 'skill_graph',
  title: 'Look up a skill',
  description:
    'Resolve a skill however it is written ("ReactJS", "k8s", "Golang", "Postgres", even "Kubernets") or find ' +
    'every skill named in a sentence ("a react native dev who knows firebase and postgres"). For each skill: ' +
    'its canonical name and category, related skills with weights (0–1), and who has it: how many freelancers ' +
    'list it or only related skills, their average hourly rate per currency, and the five best rated. ' +
    'Pass exactly one of skill or text. An unknown skill is NOT_FOUND with suggestions.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z
    .object({
      skill: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe('One skill, as written: "React.js", "k8s", "UI/UX"'),
      text: z
        .string()
        .trim()
        .min(1)
        .max(2000)
        .optional()
        .describe('A sentence to find skills in: "we need a react native dev who knows firebase"'),
    })
    .refine((i) => (i.skill === undefined) !== (i.text === undefined), {
      message: 'Pass exactly one of skill or text.',
    }),
  output: z.object({
    skills: z.array(SkillGraphEntry).describe('Resolved skills, in the order they were named'),
  }),
  async run(ctx, input) {
    const graph = await loadSkillGraph(ctx.db);
    let matches: SkillMatch[];
    if (input.skill !== undefined) {
      const one = graph.resolve(input.skill);
      // "react hooks expert": not a skill name, but it names one.
      matches = one ? [one] : graph.normalizeText(input.skill);
      if (matches.length === 0) {
        const suggestions = graph.suggest(input.skill).map((s) => s.name);
        throw new ToolError(
          'NOT_FOUND',
          `No skill matches "${input.skill}".` +
            (suggestions.length > 0 ? ` Did you mean: ${suggestions.join(', ')}?` : ''),
          { details: { suggestions } },
        );
      }
    } else {
      matches = graph.normalizeText(input.text ?? '').slice(0, TEXT_SKILL_LIMIT);
    }
    const skills = [];
    for (const m of matches) {
      const node = graph.skills.get(m.skill.id);
      const related = graph.related([m.skill.id], { limit: RELATED_LIMIT });
      const supply = await skillSupply(
        ctx.db,
        m.skill.id,
        related.map((r) => r.skill.id),
      );
      skills.push({
        id: m.skill.id,
        slug: m.skill.slug,
        name: m.skill.name,
        category: node?.category ?? '',
        matched: m.matched,
        confidence: m.confidence,
        related: related.map((r) => ({ id: r.skill.id, name: r.skill.name, weight: r.weight })),
        freelancers: supply,
      });
    }
    return { skills };
  },
});
