import type { Executor } from '../client';
import { all } from '../sql';

/**
 * Raw facts for the platform KPIs and cohorts, each over a half-open range of instants [since, until).
 * The tools (tools/trust/platformKpis.ts, cohortRetention.ts) bucket and divide them.
 */

/** Money released from escrow to freelancers: per release transfer, what reached the wallet and the fee kept. */
export interface ReleaseFact {
  created_at: string;
  currency: string;
  net: number;
  fee: number;
}

export async function releasesBetween(ex: Executor, since: string, until: string): Promise<ReleaseFact[]> {
  const rows = await all<ReleaseFact>(
    ex,
    `SELECT t.created_at, t.currency,
            coalesce(sum(CASE WHEN a.kind = 'freelancer_wallet' AND e.amount_minor > 0 THEN e.amount_minor END), 0) AS net,
            coalesce(sum(CASE WHEN a.kind = 'platform_fees' AND e.amount_minor > 0 THEN e.amount_minor END), 0) AS fee
       FROM ledger_transfers t
       JOIN ledger_entries e ON e.transfer_id = t.id
       JOIN ledger_accounts a ON a.id = e.account_id
      WHERE t.kind IN ('escrow_release', 'dispute_split', 'hourly_bill') AND t.created_at >= ? AND t.created_at < ?
      GROUP BY t.id`,
    [since, until],
  );
  return rows.map((r) => ({ ...r, net: Number(r.net), fee: Number(r.fee) })).filter((r) => r.net + r.fee > 0);
}

/** A signup and when the account first did the thing its role is for (a project, a proposal). */
export interface SignupFact {
  id: string;
  role: 'client' | 'freelancer';
  created_at: string;
  first_action_at: string | null;
}

export async function signupsBetween(ex: Executor, since: string, until: string): Promise<SignupFact[]> {
  return all<SignupFact>(
    ex,
    `SELECT u.id, u.role, u.created_at,
            CASE u.role
              WHEN 'client' THEN (SELECT min(p.created_at) FROM projects p WHERE p.client_id = u.id)
              ELSE (SELECT min(pr.created_at) FROM proposals pr WHERE pr.freelancer_id = u.id)
            END AS first_action_at
       FROM users u
      WHERE u.role IN ('client', 'freelancer') AND u.created_at >= ? AND u.created_at < ?`,
    [since, until],
  );
}

/** Projects posted (anything but drafts) and the proposals each has received so far. */
export async function projectsPostedBetween(
  ex: Executor,
  since: string,
  until: string,
): Promise<{ created_at: string; proposals: number }[]> {
  const rows = await all<{ created_at: string; proposals: number }>(
    ex,
    `SELECT p.created_at, (SELECT count(*) FROM proposals pr WHERE pr.project_id = p.id) AS proposals
       FROM projects p WHERE p.status <> 'draft' AND p.created_at >= ? AND p.created_at < ?`,
    [since, until],
  );
  return rows.map((r) => ({ created_at: r.created_at, proposals: Number(r.proposals) }));
}

/** Contracts started: when, when their project was posted, and whether a dispute was ever opened on them. */
export interface HireFact {
  started_at: string;
  project_created_at: string;
  disputed: number;
}

export async function hiresBetween(ex: Executor, since: string, until: string): Promise<HireFact[]> {
  const rows = await all<HireFact>(
    ex,
    `SELECT c.started_at, p.created_at AS project_created_at,
            EXISTS (SELECT 1 FROM disputes d WHERE d.contract_id = c.id) AS disputed
       FROM contracts c JOIN projects p ON p.id = c.project_id
      WHERE c.started_at >= ? AND c.started_at < ?`,
    [since, until],
  );
  return rows.map((r) => ({ ...r, disputed: Number(r.disputed) }));
}

export async function disputesOpenedBetween(
  ex: Executor,
  since: string,
  until: string,
): Promise<{ created_at: string }[]> {
  return all(ex, 'SELECT created_at FROM disputes WHERE created_at >= ? AND created_at < ?', [since, until]);
}

/** Accounts that signed up in the range (clients and freelancers, or one role). */
export async function cohortMembers(
  ex: Executor,
  since: string,
  until: string,
  role?: 'client' | 'freelancer',
): Promise<{ id: string; created_at: string }[]> {
  return all(
    ex,
    `SELECT id, created_at FROM users
      WHERE role IN ('client', 'freelancer') AND (?3 IS NULL OR role = ?3) AND created_at >= ?1 AND created_at < ?2`,
    [since, until, role ?? null],
  );
}

/**
 * The days each account that signed up in the range was active on: any successful tool call (audit log: its
 * rows and, through the actors index, only the segments that hold one of these accounts), a
 * project, proposal, contract start, time log, review, deposit or payout request.
 */
export async function activeDaysOfCohort(
  ex: Executor,
  since: string,
  until: string,
  role?: 'client' | 'freelancer',
): Promise<{ user_id: string; day: string }[]> {
  return all(
    ex,
    `WITH c AS (SELECT id FROM users WHERE role IN ('client', 'freelancer') AND (?3 IS NULL OR role = ?3)
                                        AND created_at >= ?1 AND created_at < ?2)
     SELECT DISTINCT user_id, substr(at, 1, 10) AS day FROM (
       SELECT actor_id AS user_id, at FROM audit_rows WHERE outcome = 'OK' AND actor_id IN c
       UNION ALL SELECT r.value ->> 1, r.value ->> 0
         FROM audit_segment_actors a JOIN audit_segments s ON s.id = a.segment_id, json_each(s.rows) r
        WHERE a.actor_id IN c AND r.value ->> 1 = a.actor_id AND r.value ->> 6 = 'OK'
       UNION ALL SELECT client_id, created_at FROM projects WHERE client_id IN c
       UNION ALL SELECT freelancer_id, created_at FROM proposals WHERE freelancer_id IN c
       UNION ALL SELECT client_id, started_at FROM contracts WHERE client_id IN c
       UNION ALL SELECT freelancer_id, started_at FROM contracts WHERE freelancer_id IN c
       UNION ALL SELECT freelancer_id, created_at FROM time_logs WHERE freelancer_id IN c
       UNION ALL SELECT reviewer_id, created_at FROM reviews WHERE reviewer_id IN c
       UNION ALL SELECT user_id, created_at FROM payments WHERE user_id IN c
       UNION ALL SELECT user_id, created_at FROM payout_requests WHERE user_id IN c)`,
    [since, until, role ?? null],
  );
}
