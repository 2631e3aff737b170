import type { Executor } from '../../db/client';
import { isoWeekOf, isoWeekRange } from '../../db/queries/billing';
import {
  type ContractRow,
  getContractMilestones,
  getContractRow,
  type ReviewRow,
  type ScopeChangeRow,
} from '../../db/queries/contracts';
import type { ToolContext } from '../define';
import { forbidden, notFound } from '../errors';
import { milestoneView } from '../shared/projects';
import type { ContractView, ReviewView, ScopeChangeView } from './schemas';

/**
 * Who may act on a contract:
 * - 'client' / 'freelancer': only that party of the contract;
 * - 'party': either party;
 * - 'party-or-admin': either party, or an admin (reads).
 */
export type ContractAccess = 'client' | 'freelancer' | 'party' | 'party-or-admin';

/** Which side of the contract the caller is on, or null for an admin reading it. */
export function sideOf(c: Pick<ContractRow, 'client_id' | 'freelancer_id'>, userId: string) {
  if (c.client_id === userId) return 'client' as const;
  if (c.freelancer_id === userId) return 'freelancer' as const;
  return null;
}

/**
 * Ownership for contract tools: unknown ids are NOT_FOUND, someone else's contract is FORBIDDEN
 * (and the error says nothing else about it).
 */
export async function requireContract(
  ctx: ToolContext,
  contractId: string,
  access: ContractAccess,
): Promise<ContractRow> {
  const c = await getContractRow(ctx.db, contractId);
  if (!c) throw notFound('contract', contractId);
  const side = sideOf(c, ctx.actor.id);
  if (access === 'party-or-admin' && ctx.actor.role === 'admin') return c;
  if (side === null) throw forbidden('This contract is between other people.');
  if (access === 'client' && side !== 'client')
    throw forbidden('Only the client of this contract can do this.');
  if (access === 'freelancer' && side !== 'freelancer')
    throw forbidden('Only the freelancer of this contract can do this.');
  return c;
}

export async function loadContractView(ex: Executor, contractId: string): Promise<ContractView> {
  const c = await getContractRow(ex, contractId);
  if (!c) throw notFound('contract', contractId);
  return contractView(ex, c);
}

export async function contractView(ex: Executor, c: ContractRow): Promise<ContractView> {
  const milestones = await getContractMilestones(ex, c.id);
  return {
    id: c.id,
    projectId: c.project_id,
    projectTitle: c.project_title,
    proposalId: c.proposal_id,
    clientId: c.client_id,
    clientName: c.client_name,
    freelancerId: c.freelancer_id,
    freelancerName: c.freelancer_name,
    kind: c.kind,
    amount: { amount: Number(c.amount_minor), currency: c.currency },
    hourlyRate:
      c.hourly_rate_minor === null ? null : { amount: Number(c.hourly_rate_minor), currency: c.currency },
    weeklyLimitHours: c.weekly_limit_hours === null ? null : Number(c.weekly_limit_hours),
    status: c.status,
    deadline: c.deadline,
    startedAt: c.started_at,
    endedAt: c.ended_at,
    milestones: milestones.map(milestoneView),
  };
}

export function reviewView(r: ReviewRow, c: Pick<ContractRow, 'client_id' | 'freelancer_id'>): ReviewView {
  const scores = [r.quality, r.communication, r.speed, r.reliability].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return {
    id: r.id,
    contractId: r.contract_id,
    reviewerId: r.reviewer_id,
    reviewerName: r.reviewer_name,
    reviewerRole: r.reviewer_id === c.client_id ? 'client' : 'freelancer',
    revieweeId: r.reviewee_id,
    revieweeName: r.reviewee_name,
    quality: scores[0],
    communication: scores[1],
    speed: scores[2],
    reliability: scores[3],
    average: scores.reduce((a, b) => a + b, 0) / 4,
    comment: r.comment,
    createdAt: r.created_at,
  };
}

export function scopeChangeView(
  s: ScopeChangeRow,
  c: Pick<ContractRow, 'client_id' | 'freelancer_id' | 'currency'>,
): ScopeChangeView {
  return {
    id: s.id,
    contractId: s.contract_id,
    milestoneId: s.milestone_id,
    requestedBy: s.requested_by,
    requestedByRole: s.requested_by === c.client_id ? 'client' : 'freelancer',
    description: s.description,
    amountDelta: { amount: Number(s.amount_delta_minor), currency: c.currency },
    newDeadline: s.new_deadline,
    status: s.status,
    respondedBy: s.responded_by,
    responseNote: s.response_note,
    createdAt: s.created_at,
    respondedAt: s.responded_at,
  };
}

// ---------------------------------------------------------------------------------------------- dates

/** The UTC calendar date of an instant, YYYY-MM-DD. */
export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** date + n days, for YYYY-MM-DD dates. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return utcDate(d);
}

/** The ISO week (Monday to Sunday) that contains the date: the days of its billing period. */
export function isoWeek(date: string): { start: string; end: string } {
  const range = isoWeekRange(isoWeekOf(date));
  if (!range) throw new Error(`no ISO week for ${date}`); // every valid date has one
  return range;
}

export const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
