import { BADGE_RULES, type EarnedBadge, evaluateBadges, type ReputationStats } from '../../trust/badges';
import type { Executor } from '../client';
import { all, one, run } from '../sql';
import { verificationStates } from './verification';

export interface HeldBadge extends EarnedBadge {
  /** When the badge was first recorded; null when the reputation was computed live and not stored yet. */
  earnedAt: string | null;
}

export interface Reputation {
  freelancerId: string;
  stats: ReputationStats;
  badges: HeldBadge[];
  /** When refreshReputation last stored these figures; null when computed live for this read. */
  computedAt: string | null;
}

const round2 = (v: unknown): number | null =>
  v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100;

/** The figures reputation and badges are made of, straight from reviews, contracts, milestones and KYC. */
export async function computeReputationStats(ex: Executor, freelancerId: string): Promise<ReputationStats> {
  const [reviews, contracts, milestones, profile, states] = await Promise.all([
    // Client reviews only, as for the profile rating (leave_review / refreshFreelancerRating).
    one<{
      n: number;
      q: number | null;
      c: number | null;
      s: number | null;
      r: number | null;
      o: number | null;
    }>(
      ex,
      `SELECT count(*) AS n, avg(r.quality) AS q, avg(r.communication) AS c, avg(r.speed) AS s,
              avg(r.reliability) AS r, avg((r.quality + r.communication + r.speed + r.reliability) / 4.0) AS o
         FROM reviews r JOIN contracts c ON c.id = r.contract_id
        WHERE r.reviewee_id = ? AND c.freelancer_id = ? AND r.reviewer_id = c.client_id`,
      [freelancerId, freelancerId],
    ),
    one<{ n: number }>(
      ex,
      "SELECT count(*) AS n FROM contracts WHERE freelancer_id = ? AND status = 'completed'",
      [freelancerId],
    ),
    // Delivered: approved or paid. On time: submitted on or before the due date (dates are YYYY-MM-DD).
    one<{ delivered: number; due: number | null; on_time: number | null }>(
      ex,
      `SELECT count(*) AS delivered,
              sum(m.due_date IS NOT NULL) AS due,
              sum(m.due_date IS NOT NULL AND m.submitted_at IS NOT NULL
                  AND substr(m.submitted_at, 1, 10) <= substr(m.due_date, 1, 10)) AS on_time
         FROM milestones m JOIN contracts c ON c.id = m.contract_id
        WHERE c.freelancer_id = ? AND m.status IN ('approved', 'paid')`,
      [freelancerId],
    ),
    one<{ verified: number }>(ex, 'SELECT verified FROM freelancer_profiles WHERE user_id = ?', [
      freelancerId,
    ]),
    verificationStates(ex, freelancerId),
  ]);
  const businessVerified = states.company === 'verified';
  // A profile marked verified with no company verification behind it was verified as a person (or before KYC).
  const identityVerified =
    states.individual === 'verified' || (Number(profile?.verified ?? 0) === 1 && !businessVerified);
  const count = Number(reviews?.n ?? 0);
  return {
    reviewsCount: count,
    quality: count ? round2(reviews?.q) : null,
    communication: count ? round2(reviews?.c) : null,
    speed: count ? round2(reviews?.s) : null,
    reliability: count ? round2(reviews?.r) : null,
    overall: count ? round2(reviews?.o) : null,
    completedContracts: Number(contracts?.n ?? 0),
    deliveredMilestones: Number(milestones?.delivered ?? 0),
    dueMilestones: Number(milestones?.due ?? 0),
    onTimeDeliveries: Number(milestones?.on_time ?? 0),
    identityVerified,
    businessVerified,
  };
}

async function isFreelancerWithProfile(ex: Executor, userId: string): Promise<boolean> {
  const row = await one(
    ex,
    `SELECT 1 FROM freelancer_profiles fp JOIN users u ON u.id = fp.user_id
      WHERE fp.user_id = ? AND u.role = 'freelancer'`,
    [userId],
  );
  return row !== undefined;
}

/**
 * Recomputes a freelancer's review aggregates, delivery figures and badges and stores them: badges newly
 * earned get `now` as earnedAt, badges held before keep theirs, badges no longer earned are removed. Call it in
 * the write transaction that changed an input: a client review, a milestone approved or paid, a contract
 * completed, a dispute resolved, a verification decided. Undefined (and nothing written) for a user who is not
 * a freelancer with a profile.
 */
export async function refreshReputation(
  tx: Executor,
  freelancerId: string,
  now: Date = new Date(),
): Promise<Reputation | undefined> {
  if (!(await isFreelancerWithProfile(tx, freelancerId))) return undefined;
  const stats = await computeReputationStats(tx, freelancerId);
  const at = now.toISOString();
  await run(
    tx,
    `INSERT INTO freelancer_reputation (user_id, reviews_count, quality_avg, communication_avg, speed_avg,
        reliability_avg, overall_avg, completed_contracts, delivered_milestones, due_milestones, on_time_deliveries,
        computed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET
       reviews_count = excluded.reviews_count, quality_avg = excluded.quality_avg,
       communication_avg = excluded.communication_avg, speed_avg = excluded.speed_avg,
       reliability_avg = excluded.reliability_avg, overall_avg = excluded.overall_avg,
       completed_contracts = excluded.completed_contracts, delivered_milestones = excluded.delivered_milestones,
       due_milestones = excluded.due_milestones, on_time_deliveries = excluded.on_time_deliveries,
       computed_at = excluded.computed_at`,
    [
      freelancerId,
      stats.reviewsCount,
      stats.quality,
      stats.communication,
      stats.speed,
      stats.reliability,
      stats.overall,
      stats.completedContracts,
      stats.deliveredMilestones,
      stats.dueMilestones,
      stats.onTimeDeliveries,
      at,
    ],
  );
  const earned = evaluateBadges(stats);
  const json = JSON.stringify(earned.map((b) => [b.key, JSON.stringify(b.evidence)]));
  await run(
    tx,
    `DELETE FROM freelancer_badges
      WHERE user_id = ? AND badge NOT IN (SELECT json_extract(value, '$[0]') FROM json_each(?))`,
    [freelancerId, json],
  );
  await run(
    tx,
    `INSERT INTO freelancer_badges (user_id, badge, evidence, earned_at)
     SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ? FROM json_each(?) WHERE true
     ON CONFLICT (user_id, badge) DO UPDATE SET evidence = excluded.evidence
       WHERE evidence <> excluded.evidence`,
    [freelancerId, at, json],
  );
  return (await storedReputation(tx, freelancerId)) ?? { freelancerId, stats, badges: [], computedAt: at };
}

/** Refreshes every freelancer with a profile (after seeding or a rule change); returns how many. */
export async function refreshAllReputation(tx: Executor, now: Date = new Date()): Promise<number> {
  const ids = await all<{ user_id: string }>(
    tx,
    `SELECT fp.user_id FROM freelancer_profiles fp JOIN users u ON u.id = fp.user_id
      WHERE u.role = 'freelancer' ORDER BY fp.user_id`,
  );
  for (const { user_id } of ids) await refreshReputation(tx, user_id, now);
  return ids.length;
}

interface ReputationRow {
  reviews_count: number;
  quality_avg: number | null;
  communication_avg: number | null;
  speed_avg: number | null;
  reliability_avg: number | null;
  overall_avg: number | null;
  completed_contracts: number;
  delivered_milestones: number;
  due_milestones: number;
  on_time_deliveries: number;
  computed_at: string;
}

/** What refreshReputation last stored; undefined when it never ran for this freelancer. */
export async function storedReputation(ex: Executor, freelancerId: string): Promise<Reputation | undefined> {
  const [row, badges] = await Promise.all([
    one<ReputationRow>(ex, 'SELECT * FROM freelancer_reputation WHERE user_id = ?', [freelancerId]),
    all<{ badge: string; evidence: string; earned_at: string }>(
      ex,
      'SELECT badge, evidence, earned_at FROM freelancer_badges WHERE user_id = ?',
      [freelancerId],
    ),
  ]);
  if (!row) return undefined;
  const held = new Map(badges.map((b) => [b.badge, b]));
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    freelancerId,
    stats: {
      reviewsCount: Number(row.reviews_count),
      quality: num(row.quality_avg),
      communication: num(row.communication_avg),
      speed: num(row.speed_avg),
      reliability: num(row.reliability_avg),
      overall: num(row.overall_avg),
      completedContracts: Number(row.completed_contracts),
      deliveredMilestones: Number(row.delivered_milestones),
      dueMilestones: Number(row.due_milestones),
      onTimeDeliveries: Number(row.on_time_deliveries),
      identityVerified: held.has('verified_identity'),
      businessVerified: held.has('verified_business'),
    },
    // In the rules' display order; a stored key no rule knows any more is not shown.
    badges: BADGE_RULES.flatMap((rule) => {
      const b = held.get(rule.key);
      if (!b) return [];
      return [
        {
          key: rule.key,
          label: rule.label,
          description: rule.description,
          evidence: JSON.parse(b.evidence) as HeldBadge['evidence'],
          earnedAt: b.earned_at,
        },
      ];
    }),
    computedAt: row.computed_at,
  };
}

/** The stored reputation, or (before refreshReputation first ran) the same figures computed live. */
export async function reputationFor(ex: Executor, freelancerId: string): Promise<Reputation> {
  const stored = await storedReputation(ex, freelancerId);
  if (stored) return stored;
  const stats = await computeReputationStats(ex, freelancerId);
  return {
    freelancerId,
    stats,
    badges: evaluateBadges(stats).map((b) => ({ ...b, earnedAt: null })),
    computedAt: null,
  };
}

/** Stored review averages per axis of these freelancers, for those with at least one client review. */
export async function reviewAxesOf(
  ex: Executor,
  ids: readonly string[],
): Promise<
  Map<string, { quality: number; communication: number; speed: number; reliability: number; overall: number }>
> {
  if (ids.length === 0) return new Map();
  const rows = await all<{
    user_id: string;
    quality_avg: number;
    communication_avg: number;
    speed_avg: number;
    reliability_avg: number;
    overall_avg: number;
  }>(
    ex,
    `SELECT r.user_id, r.quality_avg, r.communication_avg, r.speed_avg, r.reliability_avg, r.overall_avg
       FROM json_each(?) j CROSS JOIN freelancer_reputation r ON r.user_id = j.value
      WHERE r.reviews_count > 0`,
    [JSON.stringify([...new Set(ids)])],
  );
  return new Map(
    rows.map((r) => [
      r.user_id,
      {
        quality: Number(r.quality_avg),
        communication: Number(r.communication_avg),
        speed: Number(r.speed_avg),
        reliability: Number(r.reliability_avg),
        overall: Number(r.overall_avg),
      },
    ]),
  );
}
