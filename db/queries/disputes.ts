import type { Executor } from '../client';
import { all, one, run } from '../sql';

export type DisputeReason =
  | 'not_delivered'
  | 'quality'
  | 'scope'
  | 'hours'
  | 'payment'
  | 'communication'
  | 'other';
export type DisputeOutcome = 'release' | 'refund' | 'split';

/** A dispute joined with its contract's parties, project title and the hold it freezes. */
export interface DisputeRow {
  id: string;
  hold_id: string;
  contract_id: string;
  milestone_id: string | null;
  period: string | null;
  opened_by: string;
  opened_by_role: 'client' | 'freelancer';
  reason: DisputeReason;
  description: string;
  status: 'open' | 'resolved';
  outcome: DisputeOutcome | null;
  freelancer_share_bps: number | null;
  disputed_minor: number | null;
  released_minor: number | null;
  fee_minor: number | null;
  refunded_minor: number | null;
  resolution_note: string | null;
  resolved_by: string | null;
  invoice_id: string | null;
  created_at: string;
  resolved_at: string | null;
  client_id: string;
  freelancer_id: string;
  client_name: string;
  freelancer_name: string;
  project_title: string;
  milestone_title: string | null;
  currency: string;
  hold_amount_minor: number;
  hold_released_minor: number;
  hold_refunded_minor: number;
  hold_status: 'held' | 'disputed' | 'settled';
  evidence_count: number;
}

const SELECT_DISPUTE = `
  SELECT d.*, c.client_id, c.freelancer_id, cu.display_name AS client_name, fu.display_name AS freelancer_name,
         p.title AS project_title, m.title AS milestone_title, h.currency,
         h.amount_minor AS hold_amount_minor, h.released_minor AS hold_released_minor,
         h.refunded_minor AS hold_refunded_minor, h.status AS hold_status,
         (SELECT count(*) FROM dispute_evidence e WHERE e.dispute_id = d.id) AS evidence_count
    FROM disputes d
    JOIN contracts c ON c.id = d.contract_id
    JOIN projects p ON p.id = c.project_id
    JOIN users cu ON cu.id = c.client_id
    JOIN users fu ON fu.id = c.freelancer_id
    JOIN escrow_holds h ON h.id = d.hold_id
    LEFT JOIN milestones m ON m.id = d.milestone_id`;

export async function getDisputeRow(ex: Executor, id: string): Promise<DisputeRow | undefined> {
  return one<DisputeRow>(ex, `${SELECT_DISPUTE} WHERE d.id = ?`, [id]);
}

export async function openDisputeForHold(ex: Executor, holdId: string): Promise<{ id: string } | undefined> {
  return one(ex, "SELECT id FROM disputes WHERE hold_id = ? AND status = 'open'", [holdId]);
}

export interface NewDispute {
  id: string;
  holdId: string;
  contractId: string;
  milestoneId: string | null;
  period: string | null;
  openedBy: string;
  openedByRole: 'client' | 'freelancer';
  reason: DisputeReason;
  description: string;
  now: string;
}

export async function insertDispute(tx: Executor, d: NewDispute): Promise<void> {
  await run(
    tx,
    `INSERT INTO disputes (id, hold_id, contract_id, milestone_id, period, opened_by, opened_by_role, reason,
                           description, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    [
      d.id,
      d.holdId,
      d.contractId,
      d.milestoneId,
      d.period,
      d.openedBy,
      d.openedByRole,
      d.reason,
      d.description,
      d.now,
    ],
  );
}

export interface DisputeResolution {
  outcome: DisputeOutcome;
  freelancerShareBps: number;
  disputedMinor: number;
  releasedMinor: number;
  feeMinor: number;
  refundedMinor: number;
  note: string;
  resolvedBy: string;
  invoiceId: string | null;
  now: string;
}

/** open → resolved; false when it was resolved meanwhile (nothing changed). */
export async function markDisputeResolved(tx: Executor, id: string, r: DisputeResolution): Promise<boolean> {
  const changed = await run(
    tx,
    `UPDATE disputes SET status = 'resolved', outcome = ?, freelancer_share_bps = ?, disputed_minor = ?,
            released_minor = ?, fee_minor = ?, refunded_minor = ?, resolution_note = ?, resolved_by = ?,
            invoice_id = ?, resolved_at = ?
      WHERE id = ? AND status = 'open'`,
    [
      r.outcome,
      r.freelancerShareBps,
      r.disputedMinor,
      r.releasedMinor,
      r.feeMinor,
      r.refundedMinor,
      r.note,
      r.resolvedBy,
      r.invoiceId,
      r.now,
      id,
    ],
  );
  return changed === 1;
}

export interface DisputeFilter {
  /** Only disputes on contracts where this user is a party; undefined for admins (all). */
  partyId?: string | undefined;
  status?: 'open' | 'resolved' | undefined;
  contractId?: string | undefined;
  limit: number;
  offset: number;
}

export async function listDisputeRows(
  ex: Executor,
  f: DisputeFilter,
): Promise<{ total: number; rows: DisputeRow[] }> {
  const where: string[] = [];
  const args: string[] = [];
  if (f.partyId) {
    where.push('(c.client_id = ? OR c.freelancer_id = ?)');
    args.push(f.partyId, f.partyId);
  }
  if (f.status) {
    where.push('d.status = ?');
    args.push(f.status);
  }
  if (f.contractId) {
    where.push('d.contract_id = ?');
    args.push(f.contractId);
  }
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const [count, rows] = await Promise.all([
    one<{ n: number }>(
      ex,
      `SELECT count(*) AS n FROM disputes d JOIN contracts c ON c.id = d.contract_id${clause}`,
      args,
    ),
    all<DisputeRow>(
      ex,
      `${SELECT_DISPUTE}${clause} ORDER BY d.created_at DESC, d.rowid DESC LIMIT ? OFFSET ?`,
      [...args, f.limit, f.offset],
    ),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

// ---------------------------------------------------------------------------------------------- evidence

export interface EvidenceRow {
  id: string;
  dispute_id: string;
  author_id: string;
  author_name: string;
  author_role: 'client' | 'freelancer' | 'admin';
  body: string;
  links: string;
  created_at: string;
}

export async function insertEvidence(
  tx: Executor,
  e: {
    id: string;
    disputeId: string;
    authorId: string;
    authorRole: 'client' | 'freelancer' | 'admin';
    body: string;
    links: string[];
    now: string;
  },
): Promise<void> {
  await run(
    tx,
    `INSERT INTO dispute_evidence (id, dispute_id, author_id, author_role, body, links, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [e.id, e.disputeId, e.authorId, e.authorRole, e.body, JSON.stringify(e.links), e.now],
  );
}

export async function listEvidence(ex: Executor, disputeId: string): Promise<EvidenceRow[]> {
  return all<EvidenceRow>(
    ex,
    `SELECT e.*, u.display_name AS author_name FROM dispute_evidence e JOIN users u ON u.id = e.author_id
      WHERE e.dispute_id = ? ORDER BY e.created_at, e.rowid`,
    [disputeId],
  );
}

export async function getEvidenceRow(ex: Executor, id: string): Promise<EvidenceRow | undefined> {
  return one<EvidenceRow>(
    ex,
    `SELECT e.*, u.display_name AS author_name FROM dispute_evidence e JOIN users u ON u.id = e.author_id
      WHERE e.id = ?`,
    [id],
  );
}
