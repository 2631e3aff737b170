import type { Executor } from '../../db/client';
import {
  type CaseStudyRow,
  getCaseStudies,
  getProfileIndustries,
  getProfileRow,
  getProfileSkills,
  type ProfileRow,
} from '../../db/queries/profiles';
import { loadReputation } from '../reputation/view';
import type { CaseStudyView, FreelancerProfileView } from './schemas';

export function caseStudyView(c: CaseStudyRow): CaseStudyView {
  return {
    id: c.id,
    title: c.title,
    summary: c.summary,
    outcome: c.outcome,
    metrics: JSON.parse(c.metrics) as CaseStudyView['metrics'],
    industry: c.industry,
    createdAt: c.created_at,
  };
}

/** The public profile of a freelancer, with its status for the caller to decide visibility; undefined if none. */
export async function loadFreelancerProfile(
  ex: Executor,
  userId: string,
): Promise<{ profile: FreelancerProfileView; status: ProfileRow['status'] } | undefined> {
  const p = await getProfileRow(ex, userId);
  if (!p) return undefined;
  const [skills, industries, caseStudies, { reputation, badges }] = await Promise.all([
    getProfileSkills(ex, userId),
    getProfileIndustries(ex, userId),
    getCaseStudies(ex, userId),
    loadReputation(ex, userId),
  ]);
  return {
    status: p.status,
    profile: {
      userId: p.user_id,
      name: p.display_name,
      country: p.country,
      headline: p.headline,
      bio: p.bio,
      category: p.category,
      hourlyRate: { amount: Number(p.hourly_rate_minor), currency: p.currency },
      availability: p.availability,
      hoursPerWeek: Number(p.hours_per_week),
      industries,
      skills,
      rating: p.rating === null ? null : Number(p.rating),
      reviewsCount: Number(p.reviews_count),
      jobsCompleted: Number(p.jobs_completed),
      verified: Number(p.verified) === 1,
      reputation,
      badges,
      caseStudies: caseStudies.map(caseStudyView),
      memberSince: p.member_since,
    },
  };
}
