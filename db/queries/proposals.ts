import type { Executor } from '../client';
import { all, one, run } from '../sql';

export type ProposalStatusValue = 'submitted' | 'shortlisted' | 'accepted' | 'rejected' | 'withdrawn';

/** Statuses a client can still act on (accept) and a freelancer can still withdraw. */
export const LIVE_PROPOSAL_STATUSES: readonly ProposalStatusValue[] = ['submitted', 'shortlisted'];

/** A proposal joined with its project and its freelancer's public profile. */
export interface ProposalRow {
  id: string;
  project_id: string;
  freelancer_id: string;
  cover_letter: string;
  amount_minor: number;
  currency: string;
  estimated_weeks: number | null;
  /** JSON array of {title, amount: {amount, currency}, dueInWeeks}. */
  milestones: string;
  status: ProposalStatusValue;
  created_at: string;
  updated_at: string;
  project_title: string;
  project_status: 'draft' | 'open' | 'in_progress' | 'completed' | 'cancelled';
  project_pricing: 'fixed' | 'hourly';
  project_client_id: string;
  freelancer_name: string;
  headline: string;
  rating: number | null;
  reviews_count: number;
  hourly_rate_minor: number;
  rate_currency: string;
  contract_id: string | null;
}

const SELECT_PROPOSAL = `
  SELECT pr.*,
         p.title AS project_title, p.status AS project_status, p.pricing AS project_pricing,
         p.client_id AS project_client_id,
         u.display_name AS freelancer_name,
         fp.headline, fp.rating, fp.reviews_count, fp.hourly_rate_minor, fp.currency AS rate_currency,
         (SELECT c.id FROM contracts c WHERE c.proposal_id = pr.id) AS contract_id
    FROM proposals pr
    JOIN projects p ON p.id = pr.project_id
    JOIN users u ON u.id = pr.freelancer_id
    JOIN freelancer_profiles fp ON fp.user_id = pr.freelancer_id`;

export async function getProposalRow(ex: Executor, id: string): Promise<ProposalRow | undefined> {
  return one<ProposalRow>(ex, `${SELECT_PROPOSAL} WHERE pr.id = ?`, [id]);
}

/** The freelancer's proposal on the project that still occupies their one slot (anything but withdrawn). */
export async function findLiveProposal(
  ex: Executor,
  projectId: string,
  freelancerId: string,
): Promise<{ id: string; status: ProposalStatusValue } | undefined> {
  return one(
    ex,
    "SELECT id, status FROM proposals WHERE project_id = ? AND freelancer_id = ? AND status <> 'withdrawn'",
    [projectId, freelancerId],
  );
}

export interface ProposalFilter {
  freelancerId?: string;
  projectId?: string;
  /** Only these statuses; when absent, every status except those in `excludeStatuses`. */
  status?: ProposalStatusValue;
  excludeStatuses?: readonly ProposalStatusValue[];
  sort: 'newest' | 'amount';
  limit: number;
  offset: number;
}

export async function listProposalRows(
  ex: Executor,
  f: ProposalFilter,
): Promise<{ rows: ProposalRow[]; total: number }> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.freelancerId) {
    where.push('pr.freelancer_id = ?');
    args.push(f.freelancerId);
  }
  if (f.projectId) {
    where.push('pr.project_id = ?');
    args.push(f.projectId);
  }
  if (f.status) {
    where.push('pr.status = ?');
    args.push(f.status);
  } else if (f.excludeStatuses?.length) {
    where.push(`pr.status NOT IN (${f.excludeStatuses.map(() => '?').join(', ')})`);
    args.push(...f.excludeStatuses);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order =
    f.sort === 'amount'
      ? 'ORDER BY pr.amount_minor ASC, pr.created_at DESC, pr.id'
      : 'ORDER BY pr.created_at DESC, pr.id';
  const [rows, count] = await Promise.all([
    all<ProposalRow>(ex, `${SELECT_PROPOSAL} ${clause} ${order} LIMIT ? OFFSET ?`, [
      ...args,
      f.limit,
      f.offset,
    ]),
    one<{ n: number }>(ex, `SELECT count(*) AS n FROM proposals pr ${clause}`, args),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

export interface NewProposal {
  id: string;
  projectId: string;
  freelancerId: string;
  coverLetter: string;
  amountMinor: number;
  currency: string;
  estimatedWeeks: number | null;
  milestones: unknown[];
  now: string;
}

export async function insertProposal(ex: Executor, p: NewProposal): Promise<void> {
  await run(
    ex,
    `INSERT INTO proposals (id, project_id, freelancer_id, cover_letter, amount_minor, currency, estimated_weeks,
                            milestones, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?)`,
    [
      p.id,
      p.projectId,
      p.freelancerId,
      p.coverLetter,
      p.amountMinor,
      p.currency,
      p.estimatedWeeks,
      JSON.stringify(p.milestones),
      p.now,
      p.now,
    ],
  );
}

/** Moves a proposal from one of `from` to `to`; returns false when it was no longer in `from`. */
export async function setProposalStatus(
  ex: Executor,
  id: string,
  from: readonly ProposalStatusValue[],
  to: ProposalStatusValue,
  now: string,
): Promise<boolean> {
  const changed = await run(
    ex,
    `UPDATE proposals SET status = ?, updated_at = ? WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
    [to, now, id, ...from],
  );
  return changed === 1;
}

/** Rejects every other live proposal on the project; returns how many. */
export async function rejectOtherLiveProposals(
  ex: Executor,
  projectId: string,
  keepId: string,
  now: string,
): Promise<number> {
  return run(
    ex,
    `UPDATE proposals SET status = 'rejected', updated_at = ?
      WHERE project_id = ? AND id <> ? AND status IN ('submitted', 'shortlisted')`,
    [now, projectId, keepId],
  );
}

/** A pending ('sent') invitation of this freelancer to this project becomes accepted. */
export async function acceptInvitation(
  ex: Executor,
  projectId: string,
  freelancerId: string,
): Promise<number> {
  return run(
    ex,
    "UPDATE invitations SET status = 'accepted' WHERE project_id = ? AND freelancer_id = ? AND status = 'sent'",
    [projectId, freelancerId],
  );
}

export async function hasFreelancerProfile(ex: Executor, userId: string): Promise<boolean> {
  return (await one(ex, 'SELECT 1 AS x FROM freelancer_profiles WHERE user_id = ?', [userId])) !== undefined;
}
