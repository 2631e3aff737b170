import type { Executor } from '../client';
import { all, one, run } from '../sql';
import type { MilestoneRow } from './projects';

export type ContractKindValue = 'fixed' | 'hourly' | 'retainer';
export type ContractStatusValue = 'active' | 'paused' | 'completed' | 'cancelled';

/** A contract joined with its project title and both parties' names. */
export interface ContractRow {
  id: string;
  project_id: string;
  proposal_id: string | null;
  client_id: string;
  freelancer_id: string;
  kind: ContractKindValue;
  amount_minor: number;
  hourly_rate_minor: number | null;
  weekly_limit_hours: number | null;
  currency: string;
  status: ContractStatusValue;
  deadline: string | null;
  started_at: string;
  ended_at: string | null;
  project_title: string;
  client_name: string;
  freelancer_name: string;
}

export async function getContractRow(ex: Executor, id: string): Promise<ContractRow | undefined> {
  return one<ContractRow>(
    ex,
    `SELECT c.*, p.title AS project_title, cu.display_name AS client_name, fu.display_name AS freelancer_name
       FROM contracts c
       JOIN projects p ON p.id = c.project_id
       JOIN users cu ON cu.id = c.client_id
       JOIN users fu ON fu.id = c.freelancer_id
      WHERE c.id = ?`,
    [id],
  );
}

export interface NewContract {
  id: string;
  projectId: string;
  proposalId: string;
  clientId: string;
  freelancerId: string;
  kind: ContractKindValue;
  amountMinor: number;
  hourlyRateMinor: number | null;
  weeklyLimitHours: number | null;
  currency: string;
  deadline: string | null;
  now: string;
}

export async function insertContract(ex: Executor, c: NewContract): Promise<void> {
  await run(
    ex,
    `INSERT INTO contracts (id, project_id, proposal_id, client_id, freelancer_id, kind, amount_minor,
                            hourly_rate_minor, weekly_limit_hours, currency, status, deadline, started_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
    [
      c.id,
      c.projectId,
      c.proposalId,
      c.clientId,
      c.freelancerId,
      c.kind,
      c.amountMinor,
      c.hourlyRateMinor,
      c.weeklyLimitHours,
      c.currency,
      c.deadline,
      c.now,
    ],
  );
}

// ---------------------------------------------------------------------------------------------- milestones

export async function getContractMilestones(ex: Executor, contractId: string): Promise<MilestoneRow[]> {
  return all<MilestoneRow>(ex, 'SELECT * FROM milestones WHERE contract_id = ? ORDER BY position, id', [
    contractId,
  ]);
}

export async function getMilestoneRow(
  ex: Executor,
  id: string,
): Promise<(MilestoneRow & { submission_note: string | null; submitted_at: string | null }) | undefined> {
  return one(ex, 'SELECT * FROM milestones WHERE id = ?', [id]);
}

/** The project's planned milestones that no contract has taken yet, in order. */
export async function getPlannedMilestones(ex: Executor, projectId: string): Promise<MilestoneRow[]> {
  return all<MilestoneRow>(
    ex,
    "SELECT * FROM milestones WHERE project_id = ? AND contract_id IS NULL AND status = 'planned' ORDER BY position, id",
    [projectId],
  );
}

/** Attaches the project's planned milestones to the contract and makes them active. */
export async function attachPlannedMilestones(
  ex: Executor,
  projectId: string,
  contractId: string,
): Promise<number> {
  return run(
    ex,
    `UPDATE milestones SET contract_id = ?, status = 'active'
      WHERE project_id = ? AND contract_id IS NULL AND status = 'planned'`,
    [contractId, projectId],
  );
}

export async function nextMilestonePosition(ex: Executor, projectId: string): Promise<number> {
  const row = await one<{ p: number | null }>(
    ex,
    'SELECT max(position) AS p FROM milestones WHERE project_id = ?',
    [projectId],
  );
  return Number(row?.p ?? 0) + 1;
}

export interface NewMilestone {
  id: string;
  projectId: string;
  contractId: string;
  position: number;
  title: string;
  description: string;
  amountMinor: number;
  currency: string;
  dueDate: string | null;
  status: 'active';
  now: string;
}

export async function insertMilestone(ex: Executor, m: NewMilestone): Promise<void> {
  await run(
    ex,
    `INSERT INTO milestones (id, project_id, contract_id, position, title, description, amount_minor, currency,
                             due_date, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      m.id,
      m.projectId,
      m.contractId,
      m.position,
      m.title,
      m.description,
      m.amountMinor,
      m.currency,
      m.dueDate,
      m.status,
      m.now,
    ],
  );
}

/** active/funded → submitted; returns false when the milestone had moved on meanwhile. */
export async function markMilestoneSubmitted(
  ex: Executor,
  id: string,
  note: string,
  now: string,
): Promise<boolean> {
  const changed = await run(
    ex,
    `UPDATE milestones SET status = 'submitted', submission_note = ?, submitted_at = ?
      WHERE id = ? AND status IN ('active', 'funded')`,
    [note, now, id],
  );
  return changed === 1;
}

// ---------------------------------------------------------------------------------------------- time logs

export interface TimeLogRow {
  id: string;
  contract_id: string;
  freelancer_id: string;
  work_date: string;
  minutes: number;
  description: string;
  status: 'logged' | 'approved' | 'disputed';
  created_at: string;
}

/** Minutes logged on the contract with work_date in [from, to] (inclusive); whole history when both absent. */
export async function minutesLogged(
  ex: Executor,
  contractId: string,
  from?: string,
  to?: string,
): Promise<number> {
  const range = from && to ? ' AND work_date BETWEEN ? AND ?' : '';
  const row = await one<{ m: number | null }>(
    ex,
    `SELECT sum(minutes) AS m FROM time_logs WHERE contract_id = ?${range}`,
    from && to ? [contractId, from, to] : [contractId],
  );
  return Number(row?.m ?? 0);
}

export async function insertTimeLog(ex: Executor, t: Omit<TimeLogRow, 'status'>): Promise<void> {
  await run(
    ex,
    `INSERT INTO time_logs (id, contract_id, freelancer_id, work_date, minutes, description, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'logged', ?)`,
    [t.id, t.contract_id, t.freelancer_id, t.work_date, t.minutes, t.description, t.created_at],
  );
}

// ---------------------------------------------------------------------------------------------- reviews

export interface ReviewRow {
  id: string;
  contract_id: string;
  reviewer_id: string;
  reviewer_name: string;
  reviewee_id: string;
  reviewee_name: string;
  quality: number;
  communication: number;
  speed: number;
  reliability: number;
  comment: string;
  created_at: string;
}

const SELECT_REVIEW = `
  SELECT r.*, ru.display_name AS reviewer_name, eu.display_name AS reviewee_name
    FROM reviews r
    JOIN users ru ON ru.id = r.reviewer_id
    JOIN users eu ON eu.id = r.reviewee_id`;

export async function getContractReviews(ex: Executor, contractId: string): Promise<ReviewRow[]> {
  return all<ReviewRow>(ex, `${SELECT_REVIEW} WHERE r.contract_id = ? ORDER BY r.created_at, r.id`, [
    contractId,
  ]);
}

export async function getReviewRow(ex: Executor, id: string): Promise<ReviewRow | undefined> {
  return one<ReviewRow>(ex, `${SELECT_REVIEW} WHERE r.id = ?`, [id]);
}

export async function findReview(
  ex: Executor,
  contractId: string,
  reviewerId: string,
): Promise<{ id: string } | undefined> {
  return one(ex, 'SELECT id FROM reviews WHERE contract_id = ? AND reviewer_id = ?', [
    contractId,
    reviewerId,
  ]);
}

export interface NewReview {
  id: string;
  contractId: string;
  reviewerId: string;
  revieweeId: string;
  quality: number;
  communication: number;
  speed: number;
  reliability: number;
  comment: string;
  now: string;
}

export async function insertReview(ex: Executor, r: NewReview): Promise<void> {
  await run(
    ex,
    `INSERT INTO reviews (id, contract_id, reviewer_id, reviewee_id, quality, communication, speed, reliability,
                          comment, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.contractId,
      r.reviewerId,
      r.revieweeId,
      r.quality,
      r.communication,
      r.speed,
      r.reliability,
      r.comment,
      r.now,
    ],
  );
}

/**
 * Recomputes a freelancer's public rating from every review a client left them on a contract:
 * each review's four scores are averaged, then those averages are averaged (rounded to 2 decimals).
 */
export async function refreshFreelancerRating(
  ex: Executor,
  freelancerId: string,
  now: string,
): Promise<{ rating: number | null; reviewsCount: number }> {
  const agg = await one<{ avg: number | null; n: number }>(
    ex,
    `SELECT avg((r.quality + r.communication + r.speed + r.reliability) / 4.0) AS avg, count(*) AS n
       FROM reviews r JOIN contracts c ON c.id = r.contract_id
      WHERE r.reviewee_id = ? AND c.freelancer_id = ? AND r.reviewer_id = c.client_id`,
    [freelancerId, freelancerId],
  );
  const reviewsCount = Number(agg?.n ?? 0);
  const rating = agg?.avg === null || agg?.avg === undefined ? null : Math.round(Number(agg.avg) * 100) / 100;
  await run(
    ex,
    'UPDATE freelancer_profiles SET rating = ?, reviews_count = ?, updated_at = ? WHERE user_id = ?',
    [rating, reviewsCount, now, freelancerId],
  );
  return { rating, reviewsCount };
}

// ---------------------------------------------------------------------------------------------- scope changes

export interface ScopeChangeRow {
  id: string;
  contract_id: string;
  milestone_id: string | null;
  requested_by: string;
  description: string;
  amount_delta_minor: number;
  new_deadline: string | null;
  status: 'pending' | 'approved' | 'rejected';
  responded_by: string | null;
  response_note: string | null;
  created_at: string;
  responded_at: string | null;
}

export async function getScopeChangeRow(ex: Executor, id: string): Promise<ScopeChangeRow | undefined> {
  return one<ScopeChangeRow>(ex, 'SELECT * FROM scope_change_requests WHERE id = ?', [id]);
}

export async function getContractScopeChanges(ex: Executor, contractId: string): Promise<ScopeChangeRow[]> {
  return all<ScopeChangeRow>(
    ex,
    'SELECT * FROM scope_change_requests WHERE contract_id = ? ORDER BY created_at DESC, id',
    [contractId],
  );
}

export async function insertScopeChange(
  ex: Executor,
  s: Pick<
    ScopeChangeRow,
    | 'id'
    | 'contract_id'
    | 'milestone_id'
    | 'requested_by'
    | 'description'
    | 'amount_delta_minor'
    | 'new_deadline'
  > & { created_at: string },
): Promise<void> {
  await run(
    ex,
    `INSERT INTO scope_change_requests (id, contract_id, milestone_id, requested_by, description, amount_delta_minor,
                                        new_deadline, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    [
      s.id,
      s.contract_id,
      s.milestone_id,
      s.requested_by,
      s.description,
      s.amount_delta_minor,
      s.new_deadline,
      s.created_at,
    ],
  );
}

/** pending → approved/rejected; returns false when someone answered it first. */
export async function resolveScopeChange(
  ex: Executor,
  id: string,
  status: 'approved' | 'rejected',
  respondedBy: string,
  note: string | null,
  now: string,
): Promise<boolean> {
  const changed = await run(
    ex,
    `UPDATE scope_change_requests SET status = ?, responded_by = ?, response_note = ?, responded_at = ?
      WHERE id = ? AND status = 'pending'`,
    [status, respondedBy, note, now, id],
  );
  return changed === 1;
}

/** Applies an approved change: amounts move by the delta, deadlines move when one is given. */
export async function applyScopeChange(ex: Executor, s: ScopeChangeRow): Promise<void> {
  await run(
    ex,
    'UPDATE contracts SET amount_minor = amount_minor + ?, deadline = coalesce(?, deadline) WHERE id = ?',
    [s.amount_delta_minor, s.new_deadline, s.contract_id],
  );
  if (s.milestone_id) {
    await run(
      ex,
      'UPDATE milestones SET amount_minor = amount_minor + ?, due_date = coalesce(?, due_date) WHERE id = ?',
      [s.amount_delta_minor, s.new_deadline, s.milestone_id],
    );
  }
}
