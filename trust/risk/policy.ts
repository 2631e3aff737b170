/**
 * What a score means: above RISK_BLOCK_ABOVE the action is refused (BLOCKED_BY_RISK) and an alert opens;
 * from RISK_REVIEW_FROM up to it the action goes through and a review alert opens; below, it just goes
 * through. Every assessment is stored with the model version that made it.
 */
import { loadConfig } from '../../config';
import type { Executor } from '../../db/client';
import { newId as randomId } from '../../db/ids';
import {
  type AlertKind,
  insertAssessment,
  type RiskBandValue,
  type RiskDecisionValue,
  upsertOpenAlert,
} from '../../db/queries/risk';
import type { RiskScore } from './scorer';
import { riskScorer } from './scorer';

export type RiskBand = RiskBandValue;
export type RiskDecision = RiskDecisionValue;

export interface RiskThresholds {
  /** A score strictly above this blocks. */
  blockAbove: number;
  /** A score from this up to blockAbove opens a review alert. */
  reviewFrom: number;
}

let thresholds: RiskThresholds | undefined;

/** The thresholds in force: set with setRiskThresholds, else RISK_BLOCK_ABOVE / RISK_REVIEW_FROM (config.ts). */
export function riskThresholds(): RiskThresholds {
  if (!thresholds) {
    const c = loadConfig({
      RISK_BLOCK_ABOVE: process.env.RISK_BLOCK_ABOVE,
      RISK_REVIEW_FROM: process.env.RISK_REVIEW_FROM,
    });
    thresholds = checked({ blockAbove: c.RISK_BLOCK_ABOVE, reviewFrom: c.RISK_REVIEW_FROM });
  }
  return thresholds;
}

/** Sets the thresholds for this process (a runtime with its own config, a test); undefined re-reads config. */
export function setRiskThresholds(t: RiskThresholds | undefined): void {
  thresholds = t ? checked(t) : undefined;
}

function checked(t: RiskThresholds): RiskThresholds {
  if (t.reviewFrom > t.blockAbove + 1) {
    throw new Error(
      `RISK_REVIEW_FROM (${t.reviewFrom}) must not be above RISK_BLOCK_ABOVE (${t.blockAbove}) + 1.`,
    );
  }
  return t;
}

export function classify(
  score: number,
  t: RiskThresholds = riskThresholds(),
): { band: RiskBand; decision: RiskDecision } {
  if (score > t.blockAbove) return { band: 'high', decision: 'block' };
  if (score >= t.reviewFrom) return { band: 'medium', decision: 'review' };
  return { band: 'low', decision: 'allow' };
}

/** What was judged and why: the account (deposit, withdraw, open_dispute, signup, a report) or a proposal. */
export interface RiskSubject {
  userId: string;
  trigger: string;
  proposalId?: string | null | undefined;
  projectId?: string | null | undefined;
}

export interface RiskVerdict extends RiskScore {
  band: RiskBand;
  decision: RiskDecision;
}

export function verdictOf(score: RiskScore, t: RiskThresholds = riskThresholds()): RiskVerdict {
  return { ...score, ...classify(score.score, t) };
}

/** Stores the assessment; for review and block (or `alert`), opens or bumps the account's alert. */
export async function recordVerdict(
  ex: Executor,
  subject: RiskSubject,
  v: RiskVerdict,
  opts: { now: Date; newId?: (prefix: string) => string; alert?: AlertKind },
): Promise<{ assessmentId: string; alertId: string | null }> {
  const newId = opts.newId ?? randomId;
  const now = opts.now.toISOString();
  const assessmentId = newId('ras');
  const isProposal = subject.proposalId !== undefined || subject.trigger === 'submit_proposal';
  await insertAssessment(ex, {
    id: assessmentId,
    subjectKind: isProposal ? 'proposal' : 'user',
    subjectId: isProposal ? (subject.proposalId ?? null) : subject.userId,
    userId: subject.userId,
    projectId: subject.projectId ?? null,
    trigger: subject.trigger,
    score: v.score,
    band: v.band,
    decision: v.decision,
    reasons: v.reasons,
    modelVersion: v.modelVersion,
    now,
  });
  const kind: AlertKind | undefined =
    opts.alert ?? (v.decision === 'block' ? 'blocked' : v.decision === 'review' ? 'review' : undefined);
  if (!kind) return { assessmentId, alertId: null };
  const alert = await upsertOpenAlert(ex, {
    newId: () => newId('alr'),
    userId: subject.userId,
    kind,
    band: v.band,
    score: v.score,
    reasons: v.reasons,
    assessmentId,
    trigger: subject.trigger,
    projectId: subject.projectId ?? null,
    now,
  });
  return { assessmentId, alertId: alert.id };
}

export interface SignupRisk extends RiskVerdict {
  assessmentId: string;
  alertId: string | null;
}

/**
 * Scores a new account right after its row is written, in the signup's own transaction, and stores the
 * assessment (and an alert for review / block). It refuses nothing itself: on 'block' the caller decides.
 * Keep the account (e.g. suspended, pending review) rather than throwing: a rolled-back signup takes its
 * user row, and with it this assessment and alert, away.
 */
export async function assessSignup(
  tx: Executor,
  userId: string,
  opts: { now?: Date; newId?: (prefix: string) => string } = {},
): Promise<SignupRisk> {
  const now = opts.now ?? new Date();
  const v = verdictOf(await riskScorer().assessUser(tx, userId, now));
  const ids = await recordVerdict(tx, { userId, trigger: 'signup' }, v, {
    now,
    ...(opts.newId ? { newId: opts.newId } : {}),
  });
  return { ...v, ...ids };
}
