import type { Executor } from '../../client';
import { type FlagSeed, insertFlagIfMissing } from '../../queries/flags';

/**
 * The feature flags the product consults. Seeded once each (an existing flag, and whatever an admin changed on
 * it, is kept); admins then move them with set_flag_enabled / set_flag_rollout.
 *
 * Where product code reads them (db/queries/flags.ts: isFlagOn / flagVariant read only, exposeFlag records):
 * - ai_matching_v2: the matching ranker (hybrid semantic + skills graph + reputation) for find_freelancers /
 *   match_freelancers, per client; control keeps the current ranking.
 * - semantic_search: vector candidates next to FTS5 in project and freelancer search.
 * - proposal_copilot: the agent's proposal-drafting help for freelancers.
 * - reputation_in_ranking: badges and review axes as matching signals.
 * - kyc_required_for_withdrawal: withdrawals need a verified identity (off until KYC has been running a while).
 */
export const FLAGS: readonly FlagSeed[] = [
  {
    key: 'ai_matching_v2',
    description:
      'Hybrid matching v2 (semantic similarity, skills graph, reputation) for clients; an A/B test against ' +
      'the current ranking.',
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
    description: 'The copilot drafts proposals and cover letters for freelancers.',
    enabled: true,
    rolloutBps: 2_500,
    targeting: { roles: ['freelancer'] },
  },
  {
    key: 'reputation_in_ranking',
    description: 'Review axes and badges as matching signals.',
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
