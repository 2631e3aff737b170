import type { Executor } from '../client';
import { all, one } from '../sql';

/** A public "hire a <skill> freelancer for <industry>" page: one skill × industry pair with real supply. */
export interface HirePair {
  skill: string;
  skillName: string;
  industry: string;
  industryName: string;
  freelancers: number;
}

export interface HireRate {
  currency: string;
  freelancers: number;
  /** Average hourly rate in integer minor units of `currency`. */
  avgHourlyMinor: number;
}

export interface HireFreelancer {
  id: string;
  displayName: string;
  headline: string;
  rating: number | null;
  jobsCompleted: number;
  hourlyRateMinor: number;
  currency: string;
  verified: boolean;
}

export interface HirePage extends HirePair {
  /** Rates are never converted: one line per currency freelancers charge in. */
  rates: HireRate[];
  top: HireFreelancer[];
}

const PAIR_FROM = `
  FROM profile_skills ps
  JOIN skills s ON s.id = ps.skill_id
  JOIN profile_industries pi ON pi.user_id = ps.user_id
  JOIN industries i ON i.slug = pi.industry
  JOIN freelancer_profiles p ON p.user_id = ps.user_id
  JOIN users u ON u.id = ps.user_id AND u.status = 'active'`;

/** The skill × industry pairs with the most active freelancers, most first (ties by name, so stable). */
export async function topHirePairs(ex: Executor, limit: number): Promise<HirePair[]> {
  const rows = await all<{
    skill: string;
    skill_name: string;
    industry: string;
    industry_name: string;
    n: number;
  }>(
    ex,
    `SELECT s.slug AS skill, s.name AS skill_name, i.slug AS industry, i.name AS industry_name,
            count(*) AS n ${PAIR_FROM}
      GROUP BY s.slug, i.slug
      ORDER BY n DESC, s.slug, i.slug
      LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({
    skill: r.skill,
    skillName: r.skill_name,
    industry: r.industry,
    industryName: r.industry_name,
    freelancers: Number(r.n),
  }));
}

/** One pair's page data, or undefined when the skill or industry does not exist. */
export async function hirePage(
  ex: Executor,
  skill: string,
  industry: string,
  topLimit = 6,
): Promise<HirePage | undefined> {
  const names = await one<{ skill_name: string; industry_name: string }>(
    ex,
    `SELECT s.name AS skill_name, i.name AS industry_name FROM skills s, industries i
      WHERE s.slug = ? AND i.slug = ?`,
    [skill, industry],
  );
  if (!names) return undefined;
  const rates = await all<{ currency: string; n: number; avg: number }>(
    ex,
    `SELECT p.currency, count(*) AS n, avg(p.hourly_rate_minor) AS avg ${PAIR_FROM}
      WHERE s.slug = ? AND i.slug = ?
      GROUP BY p.currency ORDER BY n DESC, p.currency`,
    [skill, industry],
  );
  const top = await all<{
    id: string;
    display_name: string;
    headline: string;
    rating: number | null;
    jobs: number;
    rate: number;
    currency: string;
    verified: number;
  }>(
    ex,
    `SELECT u.id, u.display_name, p.headline, p.rating, p.jobs_completed AS jobs,
            p.hourly_rate_minor AS rate, p.currency, p.verified ${PAIR_FROM}
      WHERE s.slug = ? AND i.slug = ?
      ORDER BY p.rating IS NULL, p.rating DESC, p.jobs_completed DESC, u.id
      LIMIT ?`,
    [skill, industry, topLimit],
  );
  return {
    skill,
    skillName: names.skill_name,
    industry,
    industryName: names.industry_name,
    freelancers: rates.reduce((n, r) => n + Number(r.n), 0),
    rates: rates.map((r) => ({
      currency: r.currency,
      freelancers: Number(r.n),
      avgHourlyMinor: Math.round(Number(r.avg)),
    })),
    top: top.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      headline: r.headline,
      rating: r.rating === null ? null : Number(r.rating),
      jobsCompleted: Number(r.jobs),
      hourlyRateMinor: Number(r.rate),
      currency: r.currency,
      verified: Number(r.verified) === 1,
    })),
  };
}
