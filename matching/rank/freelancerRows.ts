import type { InValue } from '@libsql/client';
import type { Executor } from '../../db/client';
import { all } from '../../db/sql';

/** Hard filters: a freelancer outside any of them is never returned. */
export interface FreelancerFilters {
  /** Canonical skill names; the freelancer lists every one. */
  skills?: readonly string[] | undefined;
  /** Hourly rate in this currency within [min, max] (minor units); other currencies are outside. */
  rate?: { currency: string; min?: number | undefined; max?: number | undefined } | undefined;
  /** ISO 3166 alpha-2 codes. */
  countries?: readonly string[] | undefined;
  availability?: readonly ('full_time' | 'part_time' | 'limited' | 'unavailable')[] | undefined;
  verified?: boolean | undefined;
  category?: string | undefined;
}

export interface FreelancerRow {
  id: string;
  name: string;
  country: string;
  headline: string;
  category: string;
  rate: number;
  currency: string;
  availability: 'full_time' | 'part_time' | 'limited' | 'unavailable';
  hoursPerWeek: number;
  rating: number | null;
  reviews: number;
  jobsCompleted: number;
  verified: boolean;
  due: number | null;
  onTime: number | null;
  skills: string[];
  badges: string[];
}

/** SQL conditions over `fp` (freelancer_profiles) and `u` (users) for the filters. */
export function filterSql(f: FreelancerFilters = {}): { where: string[]; args: InValue[] } {
  const where = ["u.status = 'active'", "u.role = 'freelancer'"];
  const args: InValue[] = [];
  for (const s of f.skills ?? []) {
    where.push(
      'EXISTS (SELECT 1 FROM profile_skills x JOIN skills xs ON xs.id = x.skill_id WHERE x.user_id = fp.user_id AND xs.name = ?)',
    );
    args.push(s);
  }
  if (f.rate) {
    where.push('fp.currency = ?');
    args.push(f.rate.currency);
    if (f.rate.min !== undefined) {
      where.push('fp.hourly_rate_minor >= ?');
      args.push(f.rate.min);
    }
    if (f.rate.max !== undefined) {
      where.push('fp.hourly_rate_minor <= ?');
      args.push(f.rate.max);
    }
  }
  if (f.countries?.length) {
    where.push(`u.country IN (${f.countries.map(() => '?').join(', ')})`);
    args.push(...f.countries);
  }
  if (f.availability?.length) {
    where.push(`fp.availability IN (${f.availability.map(() => '?').join(', ')})`);
    args.push(...f.availability);
  }
  if (f.verified !== undefined) {
    where.push('fp.verified = ?');
    args.push(f.verified ? 1 : 0);
  }
  if (f.category) {
    where.push('fp.category = ?');
    args.push(f.category);
  }
  return { where, args };
}

export function hasFilters(f: FreelancerFilters = {}): boolean {
  return Boolean(
    f.skills?.length ||
      f.rate ||
      f.countries?.length ||
      f.availability?.length ||
      f.verified !== undefined ||
      f.category,
  );
}

/** Freelancers inside the filters, best rated first, at most `limit` (and whether there were more). */
export async function filteredFreelancerIds(
  ex: Executor,
  f: FreelancerFilters,
  limit: number,
): Promise<{ ids: string[]; more: boolean }> {
  const { where, args } = filterSql(f);
  const rows = await all<{ id: string }>(
    ex,
    `SELECT fp.user_id AS id FROM freelancer_profiles fp JOIN users u ON u.id = fp.user_id
      WHERE ${where.join(' AND ')}
      ORDER BY fp.rating IS NULL, fp.rating DESC, fp.reviews_count DESC, fp.user_id LIMIT ?`,
    [...args, limit + 1],
  );
  return { ids: rows.slice(0, limit).map((r) => r.id), more: rows.length > limit };
}

/** Freelancers listing the most of these skills (ids), at most `limit`. */
export async function freelancersWithSkills(
  ex: Executor,
  skillIds: readonly string[],
  limit: number,
): Promise<string[]> {
  if (skillIds.length === 0) return [];
  const rows = await all<{ id: string }>(
    ex,
    `SELECT ps.user_id AS id FROM profile_skills ps WHERE ps.skill_id IN (SELECT value FROM json_each(?))
      GROUP BY ps.user_id ORDER BY count(*) DESC, max(ps.years) DESC LIMIT ?`,
    [JSON.stringify(skillIds), limit],
  );
  return rows.map((r) => r.id);
}

/** The ranking inputs of these freelancers that pass the filters (others are left out). */
export async function loadFreelancerRows(
  ex: Executor,
  ids: readonly string[],
  f: FreelancerFilters = {},
): Promise<FreelancerRow[]> {
  if (ids.length === 0) return [];
  const { where, args } = filterSql(f);
  const rows = await all<Record<string, unknown>>(
    ex,
    `SELECT fp.user_id AS id, u.display_name AS name, u.country, fp.headline, fp.category,
            fp.hourly_rate_minor AS rate, fp.currency, fp.availability, fp.hours_per_week, fp.rating,
            fp.reviews_count, fp.jobs_completed, fp.verified, r.due_milestones, r.on_time_deliveries,
            (SELECT json_group_array(name) FROM (SELECT s.name FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id
               WHERE ps.user_id = fp.user_id ORDER BY ps.years DESC, s.name)) AS skills,
            (SELECT json_group_array(badge) FROM freelancer_badges b WHERE b.user_id = fp.user_id) AS badges
       FROM json_each(?) j CROSS JOIN freelancer_profiles fp ON fp.user_id = j.value
       JOIN users u ON u.id = fp.user_id
       LEFT JOIN freelancer_reputation r ON r.user_id = fp.user_id
      WHERE ${where.join(' AND ')}`,
    [JSON.stringify([...new Set(ids)]), ...args],
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    country: String(r.country),
    headline: String(r.headline),
    category: String(r.category),
    rate: Number(r.rate),
    currency: String(r.currency),
    availability: r.availability as FreelancerRow['availability'],
    hoursPerWeek: Number(r.hours_per_week),
    rating: r.rating === null ? null : Number(r.rating),
    reviews: Number(r.reviews_count),
    jobsCompleted: Number(r.jobs_completed),
    verified: Number(r.verified) === 1,
    due: r.due_milestones === null ? null : Number(r.due_milestones),
    onTime: r.on_time_deliveries === null ? null : Number(r.on_time_deliveries),
    skills: JSON.parse(String(r.skills ?? '[]')) as string[],
    badges: JSON.parse(String(r.badges ?? '[]')) as string[],
  }));
}

/** Case study id → its freelancer and title. */
export async function caseStudyOwners(
  ex: Executor,
  ids: readonly string[],
): Promise<Map<string, { freelancerId: string; title: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await all<{ id: string; freelancer_id: string; title: string }>(
    ex,
    `SELECT cs.id, cs.freelancer_id, cs.title FROM json_each(?) j CROSS JOIN case_studies cs ON cs.id = j.value`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.id, { freelancerId: r.freelancer_id, title: r.title }]));
}
