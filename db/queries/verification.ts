import { createHmac, randomBytes } from 'node:crypto';
import type { Executor } from '../client';
import { all, one, run } from '../sql';

export const VERIFICATION_KINDS = ['individual', 'company'] as const;
export type VerificationKind = (typeof VERIFICATION_KINDS)[number];

export const INDIVIDUAL_EVIDENCE = [
  'passport',
  'national_id',
  'driving_licence',
  'residence_permit',
] as const;
export const COMPANY_EVIDENCE = ['company_registration', 'tax_certificate', 'vat_registration'] as const;
export const EVIDENCE_KINDS = [...INDIVIDUAL_EVIDENCE, ...COMPANY_EVIDENCE] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export type VerificationStatus = 'pending' | 'verified' | 'rejected';
/** The state of one kind for a user: no submission yet is 'unverified'. */
export type VerificationState = 'unverified' | VerificationStatus;

export interface VerificationRow {
  id: string;
  user_id: string;
  kind: VerificationKind;
  evidence_kind: EvidenceKind;
  issuing_country: string;
  company_name: string | null;
  fingerprint: string;
  last4: string;
  status: VerificationStatus;
  submitted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  reason: string | null;
}

/** A verification joined with who submitted it, for an admin's queue. */
export interface VerificationQueueRow extends VerificationRow {
  display_name: string;
  role: 'client' | 'freelancer' | 'admin';
  country: string;
  /** Other accounts that submitted the same document (same fingerprint). */
  same_document_accounts: number;
}

const COLUMNS = `v.id, v.user_id, v.kind, v.evidence_kind, v.issuing_country, v.company_name, v.fingerprint,
  v.last4, v.status, v.submitted_at, v.reviewed_by, v.reviewed_at, v.reason`;

/**
 * SQL that is 1 when the user (column expression `userCol`) is verified: an admin verified one of their
 * submissions, or their freelancer profile was marked verified before KYC existed (seeded data).
 */
export function verifiedSql(userCol: string): string {
  return `(EXISTS (SELECT 1 FROM verifications vv WHERE vv.user_id = ${userCol} AND vv.status = 'verified')
       OR EXISTS (SELECT 1 FROM freelancer_profiles vp WHERE vp.user_id = ${userCol} AND vp.verified = 1))`;
}

/**
 * Whether a person checked who this user is (identity or company). For risk scoring, matching and flag
 * targeting: the one answer to "is this user verified".
 */
export async function isVerified(ex: Executor, userId: string): Promise<boolean> {
  const row = await one<{ v: number }>(ex, `SELECT ${verifiedSql('?')} AS v`, [userId, userId]);
  return Number(row?.v ?? 0) === 1;
}

/**
 * How many other accounts submitted a document this user also submitted (same fingerprint), whatever the
 * decisions: one passport behind several accounts is a fraud signal.
 */
export async function accountsSharingDocuments(ex: Executor, userId: string): Promise<number> {
  const row = await one<{ n: number }>(
    ex,
    `SELECT count(DISTINCT o.user_id) AS n FROM verifications mine
       JOIN verifications o ON o.fingerprint = mine.fingerprint AND o.user_id <> mine.user_id
      WHERE mine.user_id = ?`,
    [userId],
  );
  return Number(row?.n ?? 0);
}

/** The user's current state per kind (the newest submission decides). */
export async function verificationStates(
  ex: Executor,
  userId: string,
): Promise<Record<VerificationKind, VerificationState>> {
  const rows = await latestVerifications(ex, userId);
  return {
    individual: rows.find((r) => r.kind === 'individual')?.status ?? 'unverified',
    company: rows.find((r) => r.kind === 'company')?.status ?? 'unverified',
  };
}

/** The newest submission of each kind (at most two rows). */
export async function latestVerifications(ex: Executor, userId: string): Promise<VerificationRow[]> {
  return all<VerificationRow>(
    ex,
    `SELECT ${COLUMNS} FROM verifications v
      WHERE v.user_id = ? AND v.rowid = (
        SELECT w.rowid FROM verifications w WHERE w.user_id = v.user_id AND w.kind = v.kind
         ORDER BY w.submitted_at DESC, w.rowid DESC LIMIT 1)
      ORDER BY v.kind`,
    [userId],
  );
}

/** Every submission of a user, newest first. */
export async function verificationHistory(ex: Executor, userId: string): Promise<VerificationRow[]> {
  return all<VerificationRow>(
    ex,
    `SELECT ${COLUMNS} FROM verifications v WHERE v.user_id = ? ORDER BY v.submitted_at DESC, v.rowid DESC`,
    [userId],
  );
}

export async function getVerification(ex: Executor, id: string): Promise<VerificationQueueRow | undefined> {
  return one<VerificationQueueRow>(
    ex,
    `SELECT ${COLUMNS}, u.display_name, u.role, u.country,
            (SELECT count(DISTINCT o.user_id) FROM verifications o
              WHERE o.fingerprint = v.fingerprint AND o.user_id <> v.user_id) AS same_document_accounts
       FROM verifications v JOIN users u ON u.id = v.user_id WHERE v.id = ?`,
    [id],
  );
}

/** Submissions in a status (pending: the review queue, oldest first). */
export async function listVerifications(
  ex: Executor,
  opts: { status: VerificationStatus; limit: number; offset: number },
): Promise<{ rows: VerificationQueueRow[]; total: number }> {
  const rows = await all<VerificationQueueRow>(
    ex,
    `SELECT ${COLUMNS}, u.display_name, u.role, u.country,
            (SELECT count(DISTINCT o.user_id) FROM verifications o
              WHERE o.fingerprint = v.fingerprint AND o.user_id <> v.user_id) AS same_document_accounts
       FROM verifications v JOIN users u ON u.id = v.user_id
      WHERE v.status = ?
      ORDER BY v.submitted_at ${opts.status === 'pending' ? 'ASC' : 'DESC'}, v.rowid
      LIMIT ? OFFSET ?`,
    [opts.status, opts.limit, opts.offset],
  );
  const total = await one<{ n: number }>(ex, 'SELECT count(*) AS n FROM verifications WHERE status = ?', [
    opts.status,
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/**
 * The key for document fingerprints: random, one per database, created by the first call. Call it in a write
 * transaction (it may insert the key).
 */
export async function fingerprintKey(tx: Executor): Promise<string> {
  await run(
    tx,
    "INSERT INTO trust_secrets (name, secret) VALUES ('verification_fingerprint', ?) ON CONFLICT (name) DO NOTHING",
    [randomBytes(32).toString('hex')],
  );
  const row = await one<{ secret: string }>(
    tx,
    "SELECT secret FROM trust_secrets WHERE name = 'verification_fingerprint'",
  );
  if (!row) throw new Error('trust_secrets has no verification_fingerprint key');
  return row.secret;
}

/** Upper case, letters and digits only: "ab 12-34 567" and "AB1234567" are the same document. */
export function normalizeDocumentNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The stored reference of a document: HMAC-SHA-256 (keyed per database) over kind, issuing country and the
 * normalised number, plus the number's last 4 characters. The number itself is never stored.
 */
export function fingerprintDocument(
  key: string,
  evidenceKind: EvidenceKind,
  issuingCountry: string,
  documentNumber: string,
): { fingerprint: string; last4: string } {
  const normalized = normalizeDocumentNumber(documentNumber);
  const fingerprint = createHmac('sha256', key)
    .update(`${evidenceKind}\u0000${issuingCountry.toUpperCase()}\u0000${normalized}`)
    .digest('hex');
  return { fingerprint, last4: normalized.slice(-4) };
}

export interface VerificationInsert {
  id: string;
  userId: string;
  kind: VerificationKind;
  evidenceKind: EvidenceKind;
  issuingCountry: string;
  companyName: string | null;
  fingerprint: string;
  last4: string;
  now: string;
}

export async function insertVerification(ex: Executor, v: VerificationInsert): Promise<void> {
  await run(
    ex,
    `INSERT INTO verifications (id, user_id, kind, evidence_kind, issuing_country, company_name, fingerprint,
                                last4, status, submitted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    [v.id, v.userId, v.kind, v.evidenceKind, v.issuingCountry, v.companyName, v.fingerprint, v.last4, v.now],
  );
}

/**
 * Decides a pending submission; false when it was not pending any more (decided meanwhile). Approving an
 * identity or company verification marks the user's freelancer profile verified (matching reads that flag).
 */
export async function decideVerification(
  ex: Executor,
  id: string,
  d: { status: 'verified' | 'rejected'; reviewedBy: string; reason: string | null; now: string },
): Promise<boolean> {
  const changed = await run(
    ex,
    `UPDATE verifications SET status = ?, reviewed_by = ?, reviewed_at = ?, reason = ?
      WHERE id = ? AND status = 'pending'`,
    [d.status, d.reviewedBy, d.now, d.reason, id],
  );
  if (changed === 0) return false;
  if (d.status === 'verified') {
    await run(
      ex,
      `UPDATE freelancer_profiles SET verified = 1, updated_at = ?
        WHERE verified = 0 AND user_id = (SELECT user_id FROM verifications WHERE id = ?)`,
      [d.now, id],
    );
  }
  return true;
}
