import { z } from 'zod';
import type { AlertRow, StoredReason } from '../../db/queries/risk';

export const RiskBand = z
  .enum(['low', 'medium', 'high'])
  .describe('low: below the review threshold; medium: review alert; high: actions are blocked');
export const RiskDecision = z
  .enum(['allow', 'review', 'block'])
  .describe('What the policy does with an action scored this way');
export const AlertStatus = z.enum(['open', 'dismissed', 'warned', 'suspended']);
export const AlertKind = z
  .enum(['blocked', 'review', 'report'])
  .describe(
    'blocked: an action was refused; review: an action went through scored medium; report: a user reported the account',
  );

export const ReasonView = z.object({
  signal: z.string().describe('Which signal: account_age, off_platform_contact, copied_letters…'),
  points: z.number().describe('What it added to the score (negative: evidence of trust)'),
  reason: z.string(),
});
export type ReasonView = z.infer<typeof ReasonView>;

export const Thresholds = z.object({
  blockAbove: z.number().int().describe('A score above this blocks the action'),
  reviewFrom: z.number().int().describe('From this score an action goes through with a review alert'),
});

export const AlertView = z.object({
  id: z.string(),
  userId: z.string(),
  displayName: z.string(),
  email: z.string(),
  role: z.enum(['client', 'freelancer', 'admin']),
  userStatus: z.enum(['active', 'suspended']),
  kind: AlertKind,
  band: RiskBand,
  score: z.number().int().describe('The worst risk score seen while the alert was open (0–100)'),
  reasons: z.array(ReasonView),
  trigger: z.string().describe('What was being done when it was scored: submit_proposal, withdraw, report…'),
  projectId: z.string().nullable(),
  occurrences: z.number().int().describe('Flagged actions and reports folded into this alert'),
  blockedCount: z.number().int().describe('How many of them were refused'),
  reports: z.number().int().describe('Fraud reports ever filed about this account'),
  status: AlertStatus,
  note: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertView = z.infer<typeof AlertView>;

export const parseReasons = (json: string): ReasonView[] => {
  try {
    const v = JSON.parse(json) as StoredReason[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
};

export function alertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    userId: r.user_id,
    displayName: r.display_name,
    email: r.email,
    role: r.role,
    userStatus: r.user_status,
    kind: r.kind,
    band: r.band,
    score: Number(r.score),
    reasons: parseReasons(r.reasons),
    trigger: r.trigger,
    projectId: r.project_id,
    occurrences: Number(r.occurrences),
    blockedCount: Number(r.blocked_count),
    reports: Number(r.reports),
    status: r.status,
    note: r.note,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A live score, computed now and not stored. */
export const Assessment = z.object({
  score: z.number().int().describe('0 (nothing suspicious) to 100'),
  band: RiskBand,
  decision: RiskDecision,
  reasons: z.array(ReasonView).describe('Every signal that moved the score, largest first'),
  modelVersion: z.string(),
  assessedAt: z.string(),
  thresholds: Thresholds,
});
