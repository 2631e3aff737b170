import type { Executor } from '../client';
import { all, one, run } from '../sql';

// ------------------------------------------------------------------------------------------ signals

export interface RiskUserFacts {
  id: string;
  role: 'client' | 'freelancer' | 'admin';
  email: string;
  display_name: string;
  status: 'active' | 'suspended';
  created_at: string;
}

export async function riskUserFacts(ex: Executor, userId: string): Promise<RiskUserFacts | undefined> {
  return one<RiskUserFacts>(
    ex,
    'SELECT id, role, email, display_name, status, created_at FROM users WHERE id = ?',
    [userId],
  );
}

export interface RiskProfileFacts {
  headline: string;
  bio: string;
  hourly_rate_minor: number;
  jobs_completed: number;
  skills: number;
  case_studies: number;
}

export async function riskProfileFacts(ex: Executor, userId: string): Promise<RiskProfileFacts | undefined> {
  const row = await one<RiskProfileFacts>(
    ex,
    `SELECT fp.headline, fp.bio, fp.hourly_rate_minor, fp.jobs_completed,
            (SELECT count(*) FROM profile_skills s WHERE s.user_id = fp.user_id) AS skills,
            (SELECT count(*) FROM case_studies c WHERE c.freelancer_id = fp.user_id) AS case_studies
       FROM freelancer_profiles fp WHERE fp.user_id = ?`,
    [userId],
  );
  if (!row) return undefined;
  return {
    ...row,
    hourly_rate_minor: Number(row.hourly_rate_minor),
    jobs_completed: Number(row.jobs_completed),
    skills: Number(row.skills),
    case_studies: Number(row.case_studies),
  };
}

/** Contracts this user (either side) completed, and how many ended cancelled. */
export async function contractOutcomes(
  ex: Executor,
  userId: string,
): Promise<{ completed: number; cancelled: number }> {
  const row = await one<{ completed: number; cancelled: number }>(
    ex,
    `SELECT coalesce(sum(status = 'completed'), 0) AS completed, coalesce(sum(status = 'cancelled'), 0) AS cancelled
       FROM contracts WHERE client_id = ? OR freelancer_id = ?`,
    [userId, userId],
  );
  return { completed: Number(row?.completed ?? 0), cancelled: Number(row?.cancelled ?? 0) };
}

/** Proposals the freelancer sent since each instant (withdrawn ones too: they were sent). */
export async function proposalCountsSince(
  ex: Executor,
  userId: string,
  sinceHour: string,
  sinceDay: string,
): Promise<{ hour: number; day: number }> {
  const row = await one<{ hour: number; day: number }>(
    ex,
    `SELECT coalesce(sum(created_at >= ?), 0) AS hour, count(*) AS day
       FROM proposals WHERE freelancer_id = ? AND created_at >= ?`,
    [sinceHour, userId, sinceDay],
  );
  return { hour: Number(row?.hour ?? 0), day: Number(row?.day ?? 0) };
}

/**
 * Tells databases apart for in-memory caches without storing anything: when each migration was applied
 * (wall-clock, per database) and the first proposal's random id.
 */
export async function databaseFingerprint(ex: Executor): Promise<string> {
  const row = await one<{ k: string }>(
    ex,
    `SELECT coalesce((SELECT group_concat(applied_at, ',') FROM (SELECT applied_at FROM schema_migrations ORDER BY version)), '')
            || '|' || coalesce((SELECT id FROM proposals ORDER BY rowid LIMIT 1), '') AS k`,
  );
  return row?.k ?? '';
}

export async function maxProposalRowid(ex: Executor): Promise<number> {
  const row = await one<{ m: number | null }>(ex, 'SELECT max(rowid) AS m FROM proposals');
  return Number(row?.m ?? 0);
}

export interface LetterRow {
  rid: number;
  id: string;
  freelancer_id: string;
  project_id: string;
  created_at: string;
  cover_letter: string;
}

/** Letters of proposals in the rowid range (after, upto], sent since the instant, in rowid order. */
export async function lettersInRowRange(
  ex: Executor,
  after: number,
  upto: number,
  since: string,
  limit: number,
): Promise<LetterRow[]> {
  const rows = await all<LetterRow>(
    ex,
    `SELECT rowid AS rid, id, freelancer_id, project_id, created_at, cover_letter FROM proposals
      WHERE rowid > ? AND rowid <= ? AND created_at >= ? ORDER BY rowid LIMIT ?`,
    [after, upto, since, limit],
  );
  return rows.map((r) => ({ ...r, rid: Number(r.rid) }));
}

/** Which of these proposal ids exist (a cached letter from a rolled-back write does not). */
export async function existingProposalIds(ex: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await all<{ id: string }>(
    ex,
    'SELECT id FROM proposals WHERE id IN (SELECT value FROM json_each(?))',
    [JSON.stringify(ids)],
  );
  return new Set(rows.map((r) => r.id));
}

export interface AuthoredText {
  kind: 'proposal' | 'invitation' | 'project' | 'dispute' | 'evidence' | 'scope_change';
  id: string;
  text: string;
}

/**
 * What the user wrote to other people recently: proposals, invitations, project descriptions, disputes,
 * dispute evidence and scope-change requests (the marketplace has no free-form messages besides these).
 */
export async function recentAuthoredTexts(
  ex: Executor,
  userId: string,
  since: string,
  limit: number,
): Promise<AuthoredText[]> {
  return all<AuthoredText>(
    ex,
    `SELECT kind, id, text FROM (
       SELECT 'proposal' AS kind, id, cover_letter AS text, created_at AS at FROM proposals
        WHERE freelancer_id = ?1 AND created_at >= ?2
       UNION ALL
       SELECT 'invitation', i.id, i.message, i.created_at FROM invitations i JOIN projects p ON p.id = i.project_id
        WHERE p.client_id = ?1 AND i.created_at >= ?2 AND i.message <> ''
       UNION ALL
       SELECT 'project', id, title || '. ' || description, created_at FROM projects
        WHERE client_id = ?1 AND created_at >= ?2
       UNION ALL
       SELECT 'dispute', id, description, created_at FROM disputes WHERE opened_by = ?1 AND created_at >= ?2
       UNION ALL
       SELECT 'evidence', id, body, created_at FROM dispute_evidence WHERE author_id = ?1 AND created_at >= ?2
       UNION ALL
       SELECT 'scope_change', id, description, created_at FROM scope_change_requests
        WHERE requested_by = ?1 AND created_at >= ?2)
     ORDER BY at DESC LIMIT ?3`,
    [userId, since, limit],
  );
}

/** Declined deposits and payouts that came back. */
export async function paymentFailures(
  ex: Executor,
  userId: string,
): Promise<{ failedPayments: number; failedPayouts: number }> {
  const row = await one<{ p: number; o: number }>(
    ex,
    `SELECT (SELECT count(*) FROM payments WHERE user_id = ?1 AND status = 'failed') AS p,
            (SELECT count(*) FROM payout_requests WHERE user_id = ?1 AND status = 'failed') AS o`,
    [userId],
  );
  return { failedPayments: Number(row?.p ?? 0), failedPayouts: Number(row?.o ?? 0) };
}

/** Disputes the other party opened on this user's contracts, and how many were decided against them. */
export async function disputesAgainst(
  ex: Executor,
  userId: string,
): Promise<{ opened: number; lost: number }> {
  const row = await one<{ opened: number; lost: number }>(
    ex,
    `SELECT count(*) AS opened,
            coalesce(sum(CASE WHEN d.status = 'resolved' AND
                    ((c.freelancer_id = ?1 AND d.outcome = 'refund') OR (c.client_id = ?1 AND d.outcome = 'release'))
                 THEN 1 ELSE 0 END), 0) AS lost
       FROM disputes d JOIN contracts c ON c.id = d.contract_id
      WHERE (c.client_id = ?1 OR c.freelancer_id = ?1) AND d.opened_by <> ?1`,
    [userId],
  );
  return { opened: Number(row?.opened ?? 0), lost: Number(row?.lost ?? 0) };
}

export interface RateChangeRow {
  old_minor: number;
  old_currency: string;
  new_minor: number;
  new_currency: string;
  changed_at: string;
}

export async function rateChangesSince(
  ex: Executor,
  userId: string,
  since: string,
): Promise<RateChangeRow[]> {
  const rows = await all<RateChangeRow>(
    ex,
    `SELECT old_minor, old_currency, new_minor, new_currency, changed_at FROM freelancer_rate_changes
      WHERE user_id = ? AND changed_at >= ? ORDER BY changed_at`,
    [userId, since],
  );
  return rows.map((r) => ({ ...r, old_minor: Number(r.old_minor), new_minor: Number(r.new_minor) }));
}

/** Other accounts that used one of this account's payment instruments, and how many are suspended. */
export async function sharedInstrumentAccounts(
  ex: Executor,
  userId: string,
): Promise<{ accounts: number; suspended: number }> {
  const row = await one<{ accounts: number; suspended: number }>(
    ex,
    `SELECT count(DISTINCT o.user_id) AS accounts,
            count(DISTINCT CASE WHEN u.status = 'suspended' THEN o.user_id END) AS suspended
       FROM payment_instruments mine
       JOIN payment_instruments o ON o.provider = mine.provider AND o.fingerprint = mine.fingerprint
                                 AND o.user_id <> mine.user_id
       JOIN users u ON u.id = o.user_id
      WHERE mine.user_id = ?`,
    [userId],
  );
  return { accounts: Number(row?.accounts ?? 0), suspended: Number(row?.suspended ?? 0) };
}

/** Other accounts that submitted one of this account's KYC documents (same fingerprint). */
export async function sharedDocumentAccounts(ex: Executor, userId: string): Promise<number> {
  const row = await one<{ n: number }>(
    ex,
    `SELECT count(DISTINCT o.user_id) AS n
       FROM verifications mine
       JOIN verifications o ON o.fingerprint = mine.fingerprint AND o.user_id <> mine.user_id
      WHERE mine.user_id = ?`,
    [userId],
  );
  return Number(row?.n ?? 0);
}

/** Distinct users who reported this account since the instant. */
export async function reportersSince(ex: Executor, userId: string, since: string): Promise<number> {
  const row = await one<{ n: number }>(
    ex,
    'SELECT count(DISTINCT reporter_id) AS n FROM fraud_reports WHERE user_id = ? AND created_at >= ?',
    [userId, since],
  );
  return Number(row?.n ?? 0);
}

export async function warningsOf(ex: Executor, userId: string): Promise<number> {
  const row = await one<{ n: number }>(
    ex,
    "SELECT count(*) AS n FROM risk_alerts WHERE user_id = ? AND status = 'warned'",
    [userId],
  );
  return Number(row?.n ?? 0);
}

// -------------------------------------------------------------------------------------- instruments

/** Records that this account used the instrument (by the provider's fingerprint); idempotent. */
export async function recordPaymentInstrument(
  ex: Executor,
  p: {
    provider: string;
    fingerprint: string;
    userId: string;
    kind: 'card' | 'bank_account' | 'wallet';
    now: string;
  },
): Promise<void> {
  await run(
    ex,
    `INSERT INTO payment_instruments (provider, fingerprint, user_id, kind, first_seen_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider, fingerprint, user_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
    [p.provider, p.fingerprint, p.userId, p.kind, p.now, p.now],
  );
}

// ------------------------------------------------------------------------------------- assessments

export type RiskBandValue = 'low' | 'medium' | 'high';
export type RiskDecisionValue = 'allow' | 'review' | 'block';
export type AlertStatus = 'open' | 'dismissed' | 'warned' | 'suspended';
export type AlertKind = 'blocked' | 'review' | 'report';

export interface StoredReason {
  signal: string;
  points: number;
  reason: string;
}

export interface NewAssessment {
  id: string;
  subjectKind: 'user' | 'proposal';
  subjectId: string | null;
  userId: string;
  projectId: string | null;
  trigger: string;
  score: number;
  band: RiskBandValue;
  decision: RiskDecisionValue;
  reasons: StoredReason[];
  modelVersion: string;
  now: string;
}

export async function insertAssessment(ex: Executor, a: NewAssessment): Promise<void> {
  await run(
    ex,
    `INSERT INTO risk_assessments (id, subject_kind, subject_id, user_id, project_id, trigger, score, band, decision,
                                   reasons, model_version, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      a.id,
      a.subjectKind,
      a.subjectId,
      a.userId,
      a.projectId,
      a.trigger,
      a.score,
      a.band,
      a.decision,
      JSON.stringify(a.reasons),
      a.modelVersion,
      a.now,
    ],
  );
}

export interface AssessmentRow {
  id: string;
  subject_kind: 'user' | 'proposal';
  subject_id: string | null;
  user_id: string;
  project_id: string | null;
  trigger: string;
  score: number;
  band: RiskBandValue;
  decision: RiskDecisionValue;
  reasons: string;
  model_version: string;
  created_at: string;
}

export async function latestAssessment(ex: Executor, userId: string): Promise<AssessmentRow | undefined> {
  return one<AssessmentRow>(
    ex,
    'SELECT * FROM risk_assessments WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    [userId],
  );
}

// ------------------------------------------------------------------------------------------ alerts

export interface AlertRow {
  id: string;
  user_id: string;
  kind: AlertKind;
  band: RiskBandValue;
  score: number;
  reasons: string;
  assessment_id: string | null;
  trigger: string;
  project_id: string | null;
  occurrences: number;
  blocked_count: number;
  status: AlertStatus;
  resolved_by: string | null;
  resolved_at: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  display_name: string;
  email: string;
  role: 'client' | 'freelancer' | 'admin';
  user_status: 'active' | 'suspended';
  reports: number;
}

const SELECT_ALERT = `
  SELECT a.*, u.display_name, u.email, u.role, u.status AS user_status,
         (SELECT count(*) FROM fraud_reports r WHERE r.user_id = a.user_id) AS reports
    FROM risk_alerts a JOIN users u ON u.id = a.user_id`;

export async function getAlert(ex: Executor, id: string): Promise<AlertRow | undefined> {
  return one<AlertRow>(ex, `${SELECT_ALERT} WHERE a.id = ?`, [id]);
}

const KIND_RANK: Record<AlertKind, number> = { review: 0, report: 1, blocked: 2 };

/**
 * Opens an alert for the account, or bumps its open one: one more occurrence, the worse kind, and the score,
 * band and reasons of the latest assessment when it is at least as high. Returns the alert's id.
 */
export async function upsertOpenAlert(
  ex: Executor,
  p: {
    newId: () => string;
    userId: string;
    kind: AlertKind;
    band: RiskBandValue;
    score: number;
    reasons: StoredReason[];
    assessmentId: string;
    trigger: string;
    projectId: string | null;
    now: string;
  },
): Promise<{ id: string; created: boolean }> {
  const open = await one<{ id: string; kind: AlertKind; score: number }>(
    ex,
    "SELECT id, kind, score FROM risk_alerts WHERE user_id = ? AND status = 'open'",
    [p.userId],
  );
  const blocked = p.kind === 'blocked' ? 1 : 0;
  if (!open) {
    const id = p.newId();
    await run(
      ex,
      `INSERT INTO risk_alerts (id, user_id, kind, band, score, reasons, assessment_id, trigger, project_id,
                                occurrences, blocked_count, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 'open', ?, ?)`,
      [
        id,
        p.userId,
        p.kind,
        p.band,
        p.score,
        JSON.stringify(p.reasons),
        p.assessmentId,
        p.trigger,
        p.projectId,
        blocked,
        p.now,
        p.now,
      ],
    );
    return { id, created: true };
  }
  const kind = KIND_RANK[p.kind] > KIND_RANK[open.kind] ? p.kind : open.kind;
  const newer = p.score >= Number(open.score);
  await run(
    ex,
    `UPDATE risk_alerts SET kind = ?, occurrences = occurrences + 1, blocked_count = blocked_count + ?,
            updated_at = ?, trigger = ?, project_id = ?
            ${newer ? ', score = ?, band = ?, reasons = ?, assessment_id = ?' : ''}
      WHERE id = ?`,
    [
      kind,
      blocked,
      p.now,
      p.trigger,
      p.projectId,
      ...(newer ? [p.score, p.band, JSON.stringify(p.reasons), p.assessmentId] : []),
      open.id,
    ],
  );
  return { id: open.id, created: false };
}

export interface AlertFilter {
  band?: RiskBandValue | undefined;
  status?: AlertStatus | undefined;
  since?: string | undefined;
  userId?: string | undefined;
  limit: number;
  offset: number;
}

/** Alerts, worst first (score, then most recently updated). */
export async function listAlerts(ex: Executor, f: AlertFilter): Promise<{ total: number; rows: AlertRow[] }> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.band) {
    where.push('a.band = ?');
    args.push(f.band);
  }
  if (f.status) {
    where.push('a.status = ?');
    args.push(f.status);
  }
  if (f.since) {
    where.push('a.updated_at >= ?');
    args.push(f.since);
  }
  if (f.userId) {
    where.push('a.user_id = ?');
    args.push(f.userId);
  }
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const total = await one<{ n: number }>(ex, `SELECT count(*) AS n FROM risk_alerts a${clause}`, args);
  const rows = await all<AlertRow>(
    ex,
    `${SELECT_ALERT}${clause} ORDER BY a.score DESC, a.updated_at DESC, a.id LIMIT ? OFFSET ?`,
    [...args, f.limit, f.offset],
  );
  return { total: Number(total?.n ?? 0), rows };
}

/** open → dismissed / warned / suspended; false when it was resolved meanwhile. */
export async function resolveAlertRow(
  ex: Executor,
  p: { id: string; status: Exclude<AlertStatus, 'open'>; by: string; note: string; now: string },
): Promise<boolean> {
  const changed = await run(
    ex,
    `UPDATE risk_alerts SET status = ?, resolved_by = ?, resolved_at = ?, note = ?, updated_at = ?
      WHERE id = ? AND status = 'open'`,
    [p.status, p.by, p.now, p.note, p.now, p.id],
  );
  return changed === 1;
}

export async function setUserStatus(
  ex: Executor,
  userId: string,
  status: 'active' | 'suspended',
): Promise<boolean> {
  return (await run(ex, 'UPDATE users SET status = ? WHERE id = ?', [status, userId])) === 1;
}

/** Every suspended account, for the dispatcher's refusal set. */
export async function suspendedUserIds(ex: Executor): Promise<string[]> {
  const rows = await all<{ id: string }>(ex, "SELECT id FROM users WHERE status = 'suspended'");
  return rows.map((r) => r.id);
}

// ----------------------------------------------------------------------------------------- reports

export type ReportReason =
  | 'off_platform_payment'
  | 'spam'
  | 'fake_identity'
  | 'scam'
  | 'harassment'
  | 'other';

export interface NewReport {
  id: string;
  reporterId: string;
  userId: string;
  proposalId: string | null;
  reason: ReportReason;
  details: string;
  now: string;
}

export async function insertReport(ex: Executor, r: NewReport): Promise<void> {
  await run(
    ex,
    `INSERT INTO fraud_reports (id, reporter_id, user_id, proposal_id, reason, details, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [r.id, r.reporterId, r.userId, r.proposalId, r.reason, r.details, r.now],
  );
}

export async function linkReportToAlert(ex: Executor, reportId: string, alertId: string): Promise<void> {
  await run(ex, 'UPDATE fraud_reports SET alert_id = ? WHERE id = ?', [alertId, reportId]);
}

export async function findReport(
  ex: Executor,
  reporterId: string,
  userId: string,
  proposalId: string | null,
): Promise<{ id: string } | undefined> {
  return one(
    ex,
    "SELECT id FROM fraud_reports WHERE reporter_id = ? AND user_id = ? AND coalesce(proposal_id, '') = ?",
    [reporterId, userId, proposalId ?? ''],
  );
}

// ---------------------------------------------------------------------------------------- overview

export interface BandCounts {
  low: number;
  medium: number;
  high: number;
}

const bandCounts = (rows: { band: string; n: number }[]): BandCounts => {
  const out: BandCounts = { low: 0, medium: 0, high: 0 };
  for (const r of rows) if (r.band in out) out[r.band as keyof BandCounts] = Number(r.n);
  return out;
};

/** Assessments in [since, until) by band, and by decision. */
export async function assessmentCounts(
  ex: Executor,
  since: string,
  until: string,
): Promise<{ byBand: BandCounts; blocked: number; reviewed: number; total: number }> {
  const rows = await all<{ band: string; decision: string; n: number }>(
    ex,
    `SELECT band, decision, count(*) AS n FROM risk_assessments WHERE created_at >= ? AND created_at < ?
      GROUP BY band, decision`,
    [since, until],
  );
  const byBand: BandCounts = { low: 0, medium: 0, high: 0 };
  let blocked = 0;
  let reviewed = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.band in byBand) byBand[r.band as keyof BandCounts] += n;
    if (r.decision === 'block') blocked += n;
    if (r.decision === 'review') reviewed += n;
  }
  return { byBand, blocked, reviewed, total: byBand.low + byBand.medium + byBand.high };
}

/** Accounts assessed in [since, until), by the band of their latest assessment in it. */
export async function accountsByLatestBand(ex: Executor, since: string, until: string): Promise<BandCounts> {
  const rows = await all<{ band: string; n: number }>(
    ex,
    `SELECT band, count(*) AS n FROM (
       SELECT a.band FROM risk_assessments a
        WHERE a.created_at >= ?1 AND a.created_at < ?2
          AND a.rowid = (SELECT b.rowid FROM risk_assessments b
                          WHERE b.user_id = a.user_id AND b.created_at >= ?1 AND b.created_at < ?2
                          ORDER BY b.created_at DESC, b.rowid DESC LIMIT 1))
     GROUP BY band`,
    [since, until],
  );
  return bandCounts(rows);
}

/** Which signals carried the assessments in [since, until): how often each appeared and its mean points. */
export async function topSignals(
  ex: Executor,
  since: string,
  until: string,
  limit: number,
): Promise<{ signal: string; count: number; avgPoints: number }[]> {
  const rows = await all<{ signal: string; count: number; avg_points: number }>(
    ex,
    `SELECT json_extract(j.value, '$.signal') AS signal, count(*) AS count,
            avg(json_extract(j.value, '$.points')) AS avg_points
       FROM risk_assessments a, json_each(a.reasons) j
      WHERE a.created_at >= ? AND a.created_at < ? AND json_extract(j.value, '$.points') > 0
      GROUP BY 1 ORDER BY count DESC, avg_points DESC LIMIT ?`,
    [since, until, limit],
  );
  return rows.map((r) => ({
    signal: r.signal,
    count: Number(r.count),
    avgPoints: Math.round(Number(r.avg_points) * 10) / 10,
  }));
}

/** Per UTC day in [since, until): assessments by band and decision, alerts opened, reports received. */
export async function riskDaily(
  ex: Executor,
  since: string,
  until: string,
): Promise<
  {
    day: string;
    assessments: number;
    medium: number;
    high: number;
    blocked: number;
    alerts: number;
    reports: number;
  }[]
> {
  const rows = await all<{
    day: string;
    assessments: number;
    medium: number;
    high: number;
    blocked: number;
    alerts: number;
    reports: number;
  }>(
    ex,
    `SELECT day, sum(assessments) AS assessments, sum(medium) AS medium, sum(high) AS high, sum(blocked) AS blocked,
            sum(alerts) AS alerts, sum(reports) AS reports FROM (
       SELECT substr(created_at, 1, 10) AS day, 1 AS assessments, band = 'medium' AS medium, band = 'high' AS high,
              decision = 'block' AS blocked, 0 AS alerts, 0 AS reports
         FROM risk_assessments WHERE created_at >= ?1 AND created_at < ?2
       UNION ALL
       SELECT substr(created_at, 1, 10), 0, 0, 0, 0, 1, 0 FROM risk_alerts WHERE created_at >= ?1 AND created_at < ?2
       UNION ALL
       SELECT substr(created_at, 1, 10), 0, 0, 0, 0, 0, 1 FROM fraud_reports WHERE created_at >= ?1 AND created_at < ?2)
     GROUP BY day ORDER BY day`,
    [since, until],
  );
  return rows.map((r) => ({
    day: r.day,
    assessments: Number(r.assessments),
    medium: Number(r.medium),
    high: Number(r.high),
    blocked: Number(r.blocked),
    alerts: Number(r.alerts),
    reports: Number(r.reports),
  }));
}

/** Alerts now, by status, and the open ones by band. */
export async function alertCounts(ex: Executor): Promise<{
  byStatus: Record<AlertStatus, number>;
  openByBand: BandCounts;
}> {
  const rows = await all<{ status: AlertStatus; band: string; n: number }>(
    ex,
    'SELECT status, band, count(*) AS n FROM risk_alerts GROUP BY status, band',
  );
  const byStatus: Record<AlertStatus, number> = { open: 0, dismissed: 0, warned: 0, suspended: 0 };
  const openByBand: BandCounts = { low: 0, medium: 0, high: 0 };
  for (const r of rows) {
    byStatus[r.status] += Number(r.n);
    if (r.status === 'open' && r.band in openByBand) openByBand[r.band as keyof BandCounts] += Number(r.n);
  }
  return { byStatus, openByBand };
}

export async function countSuspended(ex: Executor): Promise<number> {
  const row = await one<{ n: number }>(ex, "SELECT count(*) AS n FROM users WHERE status = 'suspended'");
  return Number(row?.n ?? 0);
}
