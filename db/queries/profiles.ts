import type { Executor } from '../client';
import { all, one, run } from '../sql';

export interface ProfileRow {
  user_id: string;
  display_name: string;
  country: string;
  status: 'active' | 'suspended';
  member_since: string;
  headline: string;
  bio: string;
  category: string;
  hourly_rate_minor: number;
  currency: string;
  availability: 'full_time' | 'part_time' | 'limited' | 'unavailable';
  hours_per_week: number;
  rating: number | null;
  reviews_count: number;
  jobs_completed: number;
  verified: number;
  updated_at: string;
}

export interface CaseStudyRow {
  id: string;
  freelancer_id: string;
  title: string;
  summary: string;
  outcome: string;
  metrics: string;
  industry: string | null;
  created_at: string;
}

/** A freelancer's profile joined with the public user columns (never the email). */
export async function getProfileRow(ex: Executor, userId: string): Promise<ProfileRow | undefined> {
  return one<ProfileRow>(
    ex,
    `SELECT fp.user_id, u.display_name, u.country, u.status, u.created_at AS member_since,
            fp.headline, fp.bio, fp.category, fp.hourly_rate_minor, fp.currency, fp.availability,
            fp.hours_per_week, fp.rating, fp.reviews_count, fp.jobs_completed, fp.verified, fp.updated_at
       FROM freelancer_profiles fp JOIN users u ON u.id = fp.user_id
      WHERE fp.user_id = ? AND u.role = 'freelancer'`,
    [userId],
  );
}

export async function getProfileSkills(
  ex: Executor,
  userId: string,
): Promise<{ name: string; years: number }[]> {
  const rows = await all<{ name: string; years: number }>(
    ex,
    `SELECT s.name, ps.years FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id
      WHERE ps.user_id = ? ORDER BY ps.years DESC, s.name`,
    [userId],
  );
  return rows.map((r) => ({ name: r.name, years: Number(r.years) }));
}

export async function getProfileIndustries(ex: Executor, userId: string): Promise<string[]> {
  const rows = await all<{ industry: string }>(
    ex,
    'SELECT industry FROM profile_industries WHERE user_id = ? ORDER BY industry',
    [userId],
  );
  return rows.map((r) => r.industry);
}

/** Case studies in the order they were added. */
export async function getCaseStudies(ex: Executor, userId: string): Promise<CaseStudyRow[]> {
  return all<CaseStudyRow>(
    ex,
    `SELECT id, freelancer_id, title, summary, outcome, metrics, industry, created_at
       FROM case_studies WHERE freelancer_id = ? ORDER BY created_at, rowid`,
    [userId],
  );
}

export async function getCaseStudy(ex: Executor, id: string): Promise<CaseStudyRow | undefined> {
  return one<CaseStudyRow>(
    ex,
    `SELECT id, freelancer_id, title, summary, outcome, metrics, industry, created_at
       FROM case_studies WHERE id = ?`,
    [id],
  );
}

export async function countCaseStudies(ex: Executor, userId: string): Promise<number> {
  const row = await one<{ n: number }>(ex, 'SELECT count(*) AS n FROM case_studies WHERE freelancer_id = ?', [
    userId,
  ]);
  return Number(row?.n ?? 0);
}

export interface CaseStudyInsert {
  id: string;
  freelancerId: string;
  title: string;
  summary: string;
  outcome: string;
  metrics: { label: string; value: string }[];
  industry: string | null;
  createdAt: string;
}

export async function insertCaseStudy(ex: Executor, c: CaseStudyInsert): Promise<void> {
  await run(
    ex,
    `INSERT INTO case_studies (id, freelancer_id, title, summary, outcome, metrics, industry, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [c.id, c.freelancerId, c.title, c.summary, c.outcome, JSON.stringify(c.metrics), c.industry, c.createdAt],
  );
}

/** The columns of freelancer_profiles a freelancer may change themselves. */
export interface ProfilePatch {
  headline?: string;
  bio?: string;
  category?: string;
  hourly_rate_minor?: number;
  currency?: string;
  availability?: string;
  hours_per_week?: number;
}

const PATCHABLE = [
  'headline',
  'bio',
  'category',
  'hourly_rate_minor',
  'currency',
  'availability',
  'hours_per_week',
] as const;

/** Updates only the columns present in the patch, plus updated_at. */
export async function updateProfile(
  ex: Executor,
  userId: string,
  patch: ProfilePatch,
  updatedAt: string,
): Promise<number> {
  const cols = PATCHABLE.filter((c) => patch[c] !== undefined);
  const sets = [...cols.map((c) => `${c} = ?`), 'updated_at = ?'].join(', ');
  const args = [...cols.map((c) => patch[c] ?? null), updatedAt, userId];
  return run(ex, `UPDATE freelancer_profiles SET ${sets} WHERE user_id = ?`, args);
}

/** Creates a profile row for a freelancer who has none yet. */
export async function insertProfile(
  ex: Executor,
  userId: string,
  p: Required<Pick<ProfilePatch, 'headline' | 'category' | 'hourly_rate_minor' | 'currency'>> & ProfilePatch,
  updatedAt: string,
): Promise<void> {
  await run(
    ex,
    `INSERT INTO freelancer_profiles (user_id, headline, bio, category, hourly_rate_minor, currency, availability,
                                      hours_per_week, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      userId,
      p.headline,
      p.bio ?? '',
      p.category,
      p.hourly_rate_minor,
      p.currency,
      p.availability ?? 'full_time',
      p.hours_per_week ?? 40,
      updatedAt,
    ],
  );
}

/** Replaces the freelancer's skill set. */
export async function setProfileSkills(
  ex: Executor,
  userId: string,
  skills: { skillId: string; years: number }[],
): Promise<void> {
  await run(ex, 'DELETE FROM profile_skills WHERE user_id = ?', [userId]);
  for (const s of skills) {
    await run(ex, 'INSERT INTO profile_skills (user_id, skill_id, years) VALUES (?, ?, ?)', [
      userId,
      s.skillId,
      s.years,
    ]);
  }
}

/** Replaces the freelancer's industries. */
export async function setProfileIndustries(ex: Executor, userId: string, slugs: string[]): Promise<void> {
  await run(ex, 'DELETE FROM profile_industries WHERE user_id = ?', [userId]);
  for (const slug of slugs) {
    await run(ex, 'INSERT INTO profile_industries (user_id, industry) VALUES (?, ?)', [userId, slug]);
  }
}

/** Which of these industry slugs exist. */
export async function knownIndustries(ex: Executor, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const marks = slugs.map(() => '?').join(', ');
  const rows = await all<{ slug: string }>(ex, `SELECT slug FROM industries WHERE slug IN (${marks})`, slugs);
  return new Set(rows.map((r) => r.slug));
}
