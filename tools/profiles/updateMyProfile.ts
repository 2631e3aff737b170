import type { Executor } from '../../db/client';
import {
  getProfileRow,
  insertProfile,
  knownIndustries,
  type ProfilePatch,
  setProfileIndustries,
  setProfileSkills,
  updateProfile,
} from '../../db/queries/profiles';
import { resolveSkills } from '../../db/queries/skills';
import { one } from '../../db/sql';
import { embedDocuments } from '../../jobs/handlers/embedDocuments';
import { defineTool } from '../define';
import { type FieldError, ToolError } from '../errors';
import { FreelancerProfileView, UpdateProfileInput } from './schemas';
import { loadFreelancerProfile } from './view';

export const updateMyProfile = defineTool({
  name: 'update_my_profile',
  title: 'Update my freelancer profile',
  description:
    'Change your own freelancer profile: headline, bio, category, hourly rate (amount and currency), ' +
    'availability, hours per week, skills with years of experience, industries. Only the fields you pass ' +
    'change (pass at least one); skills and industries replace the whole list. A freelancer without a ' +
    'profile yet creates it by passing headline, category and hourlyRate. Returns the updated profile.',
  roles: ['freelancer'],
  effect: 'write',
  idempotent: true,
  input: UpdateProfileInput,
  output: FreelancerProfileView,
  async run(ctx, input) {
    const userId = ctx.actor.id;
    const existing = await getProfileRow(ctx.db, userId);
    const errors: FieldError[] = [];

    if (input.category !== undefined) {
      const hit = await one(ctx.db, 'SELECT 1 FROM categories WHERE slug = ?', [input.category]);
      if (!hit) errors.push({ field: 'category', message: `Unknown category "${input.category}".` });
    }
    const skills = input.skills ? await resolveSkillYears(ctx.db, input.skills, errors) : undefined;
    const industries = input.industries ? await checkIndustries(ctx.db, input.industries, errors) : undefined;

    const patch: ProfilePatch = {
      headline: input.headline,
      bio: input.bio,
      category: input.category,
      hourly_rate_minor: input.hourlyRate?.amount,
      currency: input.hourlyRate?.currency,
      availability: input.availability,
      hours_per_week: input.hoursPerWeek,
    };
    const now = ctx.now.toISOString();
    if (!existing) {
      // A freelancer without a profile yet creates it with the first update.
      for (const field of ['headline', 'category', 'hourlyRate'] as const) {
        if (input[field] === undefined)
          errors.push({ field, message: `Required to create your profile, which does not exist yet.` });
      }
    }
    if (errors.length > 0) {
      throw new ToolError('VALIDATION', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
        fields: errors,
      });
    }

    if (existing) {
      await updateProfile(ctx.db, userId, patch, now);
    } else {
      await insertProfile(
        ctx.db,
        userId,
        {
          ...patch,
          headline: input.headline ?? '',
          category: input.category ?? '',
          hourly_rate_minor: input.hourlyRate?.amount ?? 0,
          currency: input.hourlyRate?.currency ?? '',
        },
        now,
      );
    }
    if (skills) await setProfileSkills(ctx.db, userId, skills);
    if (industries) await setProfileIndustries(ctx.db, userId, industries);
    ctx.jobs.enqueue(embedDocuments, { kind: 'profile', ids: [userId] });

    const updated = await loadFreelancerProfile(ctx.db, userId);
    if (!updated) throw new Error(`Profile ${userId} vanished inside its own transaction`);
    return updated.profile;
  },
});

/** Skill names to ids, one error per unknown or repeated entry, named by its position: skills.N.name. */
async function resolveSkillYears(
  ex: Executor,
  skills: { name: string; years: number }[],
  errors: FieldError[],
): Promise<{ skillId: string; years: number }[]> {
  const { found } = await resolveSkills(
    ex,
    skills.map((s) => s.name),
  );
  const byKey = new Map<string, string>();
  for (const s of found) {
    byKey.set(s.name.toLowerCase(), s.id);
    byKey.set(s.slug, s.id);
  }
  const seen = new Set<string>();
  const out: { skillId: string; years: number }[] = [];
  skills.forEach((s, i) => {
    const field = `skills.${i}.name`;
    const id = byKey.get(s.name.trim().toLowerCase());
    if (!id) errors.push({ field, message: `Unknown skill "${s.name}".` });
    else if (seen.has(id)) errors.push({ field, message: `"${s.name}" is listed more than once.` });
    else {
      seen.add(id);
      out.push({ skillId: id, years: s.years });
    }
  });
  return out;
}

/** Industry slugs must exist (errors name industries.N); repeats are dropped. */
async function checkIndustries(ex: Executor, slugs: string[], errors: FieldError[]): Promise<string[]> {
  const known = await knownIndustries(ex, [...new Set(slugs)]);
  slugs.forEach((slug, i) => {
    if (!known.has(slug)) errors.push({ field: `industries.${i}`, message: `Unknown industry "${slug}".` });
  });
  return [...new Set(slugs)].filter((s) => known.has(s));
}
