import type { Executor } from '../../db/client';
import { type Reputation, reputationFor } from '../../db/queries/reputation';
import type { BadgeView, ReputationView } from './schemas';

export function reputationView(r: Reputation): { reputation: ReputationView; badges: BadgeView[] } {
  const s = r.stats;
  return {
    reputation: {
      reviewsCount: s.reviewsCount,
      overall: s.overall,
      quality: s.quality,
      communication: s.communication,
      speed: s.speed,
      reliability: s.reliability,
      completedContracts: s.completedContracts,
      deliveredMilestones: s.deliveredMilestones,
      onTimeDeliveries: s.onTimeDeliveries,
      onTimeRate:
        s.dueMilestones > 0 ? Math.round((s.onTimeDeliveries / s.dueMilestones) * 1000) / 1000 : null,
      computedAt: r.computedAt,
    },
    badges: r.badges.map((b) => ({
      key: b.key,
      label: b.label,
      description: b.description,
      earnedAt: b.earnedAt,
    })),
  };
}

/** Reputation and badges for a profile or get_reputation (stored, or live before the first refresh). */
export async function loadReputation(
  ex: Executor,
  freelancerId: string,
): Promise<{ reputation: ReputationView; badges: BadgeView[] }> {
  return reputationView(await reputationFor(ex, freelancerId));
}
