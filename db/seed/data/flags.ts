import type { Executor } from '../../client';
import { type FlagSeed, insertFlagIfMissing } from '../../queries/flags';

/**
 * The feature flags the product consults. Seeded once each (an existing flag, and whatever an admin changed on
 * it, is kept: a changed seed value reaches only new databases; an existing one moves with set_flag_enabled /
 * set_flag_rollout, confirmed and audited like any admin change).
 *
 * Where product code reads them (decisions from db/queries/flags.ts; exposures of read tools are buffered by
 * tools/flagExposures.ts through tools/shared/flags.ts, conversions recorded by tools/shared/conversions.ts):
 * - ai_matching_v2 (clients; A/B): tools/matching/matchFreelancers.ts. Treatment gets the hybrid ranking
 *   (embeddings of profiles and case studies + skills graph + the rest; rankingVersion "…+semantic"); control
 *   and everyone outside the flag get v1, the same ranking without the semantic part (embeddingProvider
 *   null). The arm that decided the ranking is recorded as the exposure.
 * - semantic_search: tools/matching/searchFreelancers.ts: vector candidates next to FTS5 in search_freelancers.
 * - proposal_copilot (freelancers; launched, the flag is its kill switch): tools/ai/draftProposal.ts. Off for a
 *   freelancer: draft_proposal is refused with FEATURE_UNAVAILABLE; on: drafted, exposure recorded.
 * - reputation_in_ranking: tools/matching/matchFreelancers.ts → matching/rank/signals.ts reputation(): the
 *   multi-axis review aggregates (quality, reliability, communication, speed) weigh the rating, with a reason
 *   in words. Off: the reputation part is the plain rating, jobs and on-time share. Badges feed the trust part
 *   either way.
 * - kyc_required_for_withdrawal: tools/money/withdraw.ts: withdrawals need a verified identity or business.
 *
 * Conversions (flag_exposure_report): proposal_submitted (submit_proposal, the freelancer), contract_started
 * (accept_proposal, the client), milestone_funded (fund_milestone, the client).
 */
export const FLAGS: readonly FlagSeed[] = [
  {
    key: 'ai_matching_v2',
    description:
      'Hybrid matching v2 in match_freelancers for clients: treatment adds semantic similarity (embeddings) to ' +
      'the skills graph, keywords and reputation; an A/B test against v1, the same ranking without it.',
    enabled: true,
    rolloutBps: 1_000,
    variants: [
      { key: 'control', weight: 50 },
      { key: 'treatment', weight: 50 },
    ],
    targeting: { roles: ['client'] },
  },
  {
    key: 'semantic_search',
    description: 'Vector (embedding) candidates next to full-text search in project and freelancer search.',
    enabled: true,
    rolloutBps: 5_000,
  },
  {
    key: 'proposal_copilot',
    description:
      'The copilot drafts proposals and cover letters for freelancers (draft_proposal). Launched to every ' +
      'freelancer; lower the rollout or disable it to take drafting away.',
    enabled: true,
    rolloutBps: 10_000,
    targeting: { roles: ['freelancer'] },
  },
  {
    key: 'reputation_in_ranking',
    description:
      "Review axes (quality, reliability, communication, speed) weigh matching's reputation part for the " +
      'asking client; badges count in the trust part either way.',
    enabled: false,
    rolloutBps: 0,
  },
  {
    key: 'kyc_required_for_withdrawal',
    description: 'Withdrawals need a verified identity or business.',
    enabled: false,
    rolloutBps: 10_000,
    targeting: { roles: ['freelancer', 'client'] },
  },
];

/** The date seeded flags carry: the data's date, not the clock, so seeding stays deterministic. */
export const FLAGS_SEEDED_AT = '2026-11-01T00:00:00.000Z';

/** Inserts the flags that do not exist yet. Idempotent; returns how many were created. */
export async function seedFlags(tx: Executor): Promise<number> {
  let created = 0;
  for (const f of FLAGS) if (await insertFlagIfMissing(tx, f, FLAGS_SEEDED_AT)) created++;
  return created;
}
