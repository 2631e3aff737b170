/**
 * Badges as pure rules over a freelancer's verified outcomes: verification decided by an admin, contracts
 * completed, milestones delivered by their due date and then approved or paid, and client reviews. Nothing
 * a freelancer writes about themselves earns a badge.
 */

/** What the rules read; computed from the database by db/queries/reputation.ts. */
export interface ReputationStats {
  /** Client reviews of this freelancer (a freelancer's review of a client does not count). */
  reviewsCount: number;
  /** Averages over those reviews, rounded to two decimals; null before the first review. */
  quality: number | null;
  communication: number | null;
  speed: number | null;
  reliability: number | null;
  /** The mean of the four axes (the same figure as the profile's rating). */
  overall: number | null;
  /** Contracts in status completed. */
  completedContracts: number;
  /** Milestones approved or paid. */
  deliveredMilestones: number;
  /** Delivered milestones that had a due date. */
  dueMilestones: number;
  /** Of those, submitted on or before the due date. */
  onTimeDeliveries: number;
  /** An admin verified the person (KYC), or the profile was marked verified before KYC existed. */
  identityVerified: boolean;
  /** An admin verified the business (company registration or tax evidence). */
  businessVerified: boolean;
}

export interface BadgeRule {
  key: string;
  label: string;
  description: string;
  /** The figures that earned it (kept with the badge), or undefined when not earned. */
  earned(s: ReputationStats): Record<string, number | boolean> | undefined;
}

const MIN_REVIEWS = 5;

/** Every badge, in the order profiles show them. Keys are stored: never rename one, add a new key. */
export const BADGE_RULES: readonly BadgeRule[] = [
  {
    key: 'verified_identity',
    label: 'Verified identity',
    description: 'An admin checked an identity document (passport, national id, driving licence…).',
    earned: (s) => (s.identityVerified ? { identityVerified: true } : undefined),
  },
  {
    key: 'verified_business',
    label: 'Verified business',
    description: 'An admin checked a company registration or tax certificate.',
    earned: (s) => (s.businessVerified ? { businessVerified: true } : undefined),
  },
  {
    key: 'projects_10',
    label: '10 projects completed',
    description: 'At least 10 contracts completed on the platform.',
    earned: (s) => (s.completedContracts >= 10 ? { completedContracts: s.completedContracts } : undefined),
  },
  {
    key: 'projects_50',
    label: '50 projects completed',
    description: 'At least 50 contracts completed on the platform.',
    earned: (s) => (s.completedContracts >= 50 ? { completedContracts: s.completedContracts } : undefined),
  },
  {
    key: 'on_time_5',
    label: '5 on-time deliveries',
    description: 'At least 5 milestones delivered by their due date and then approved or paid.',
    earned: (s) => (s.onTimeDeliveries >= 5 ? { onTimeDeliveries: s.onTimeDeliveries } : undefined),
  },
  {
    key: 'reliably_on_time',
    label: 'Reliably on time',
    description: 'At least 90% of at least 10 milestones with a due date delivered on time.',
    earned: (s) =>
      s.dueMilestones >= 10 && s.onTimeDeliveries * 10 >= s.dueMilestones * 9
        ? { onTimeDeliveries: s.onTimeDeliveries, dueMilestones: s.dueMilestones }
        : undefined,
  },
  {
    key: 'top_rated',
    label: 'Top rated',
    description: `An average of 4.7 or more over at least ${MIN_REVIEWS} client reviews.`,
    earned: (s) =>
      s.reviewsCount >= MIN_REVIEWS && s.overall !== null && s.overall >= 4.7
        ? { overall: s.overall, reviewsCount: s.reviewsCount }
        : undefined,
  },
  {
    key: 'great_communicator',
    label: 'Great communicator',
    description: `Communication scored 4.8 or more on average over at least ${MIN_REVIEWS} client reviews.`,
    earned: (s) =>
      s.reviewsCount >= MIN_REVIEWS && s.communication !== null && s.communication >= 4.8
        ? { communication: s.communication, reviewsCount: s.reviewsCount }
        : undefined,
  },
];

export interface EarnedBadge {
  key: string;
  label: string;
  description: string;
  evidence: Record<string, number | boolean>;
}

/** The badges these figures earn, in display order. */
export function evaluateBadges(stats: ReputationStats): EarnedBadge[] {
  const out: EarnedBadge[] = [];
  for (const rule of BADGE_RULES) {
    const evidence = rule.earned(stats);
    if (evidence) out.push({ key: rule.key, label: rule.label, description: rule.description, evidence });
  }
  return out;
}

export function badgeRule(key: string): BadgeRule | undefined {
  return BADGE_RULES.find((r) => r.key === key);
}
