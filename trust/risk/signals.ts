/**
 * The risk signals: each a small function over the database that returns what it found as
 * {signal, points, reason} — points already weighted by the model (trust/risk/weights.ts). A signal that
 * found nothing returns nothing. The scorer adds the points up.
 */
import type { Executor } from '../../db/client';
import { formatMinor } from '../../db/queries/ledger';
import {
  contractOutcomes,
  disputesAgainst,
  paymentFailures,
  proposalCountsSince,
  type RiskUserFacts,
  rateChangesSince,
  recentAuthoredTexts,
  reportersSince,
  riskProfileFacts,
  sharedDocumentAccounts,
  sharedInstrumentAccounts,
  warningsOf,
} from '../../db/queries/risk';
import { isVerified } from '../../db/queries/verification';
import { isDisposableEmail } from './disposableDomains';
import { letterIndex } from './letterIndex';
import { findContactDetails, signature } from './text';
import type { RISK_MODEL, SignalName } from './weights';

/** A model the weighted scorer can run: the shipped RISK_MODEL or a variant (an eval trying weights). */
export interface WeightedModel {
  version: string;
  weights: Readonly<Record<SignalName, number>>;
  params: (typeof RISK_MODEL)['params'];
}

export interface SignalContext {
  ex: Executor;
  now: Date;
  user: RiskUserFacts;
  model: WeightedModel;
  /** The proposal being judged: a draft not stored yet (no id) or a stored one. */
  proposal?: { id?: string | undefined; projectId: string; coverLetter: string } | undefined;
}

export interface SignalResult {
  signal: SignalName;
  /** Weight × strength: what this signal adds to the 0–100 score (negative for evidence of trust). */
  points: number;
  reason: string;
}

export type Signal = (c: SignalContext) => Promise<SignalResult[]>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (c: SignalContext, ms: number) => new Date(c.now.getTime() - ms).toISOString();
const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
/** 0 up to `free`, rising to 1 at `full`. */
const ramp = (x: number, free: number, full: number) => clamp01((x - free) / (full - free));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function hit(c: SignalContext, signal: SignalName, strength: number, reason: string): SignalResult[] {
  const points = c.model.weights[signal] * strength;
  return points === 0 ? [] : [{ signal, points, reason }];
}

export const accountAge: Signal = async (c) => {
  const hours = (c.now.getTime() - Date.parse(c.user.created_at)) / HOUR;
  if (!Number.isFinite(hours)) return [];
  const age =
    hours < 1
      ? 'less than an hour'
      : hours < 48
        ? plural(Math.floor(hours), 'hour')
        : plural(Math.floor(hours / 24), 'day');
  if (hours < c.model.params.newAccountHours) return hit(c, 'account_age', 1, `Account created ${age} ago`);
  if (hours < 7 * 24) return hit(c, 'account_age', 0.6, `Account created ${age} ago`);
  if (hours < 30 * 24) return hit(c, 'account_age', 0.2, `Account created ${age} ago`);
  return [];
};

export const verification: Signal = async (c) =>
  (await isVerified(c.ex, c.user.id))
    ? hit(c, 'verified_identity', 1, 'Identity or company verified by an admin')
    : hit(c, 'unverified', 1, 'Identity not verified');

export const trackRecord: Signal = async (c) => {
  const { completed } = await contractOutcomes(c.ex, c.user.id);
  const profile = c.user.role === 'freelancer' ? await riskProfileFacts(c.ex, c.user.id) : undefined;
  const n = Math.max(completed, profile?.jobs_completed ?? 0);
  if (n === 0) return [];
  return hit(
    c,
    'track_record',
    clamp01(n / c.model.params.trackRecordFull),
    `${plural(n, 'completed job')} on the platform`,
  );
};

export const profileCompleteness: Signal = async (c) => {
  if (c.user.role !== 'freelancer') return [];
  const p = await riskProfileFacts(c.ex, c.user.id);
  if (!p) return hit(c, 'profile_incomplete', 1, 'No freelancer profile');
  const missing: string[] = [];
  if (p.headline.trim().length < 10) missing.push('headline');
  if (p.bio.trim().length < 40) missing.push('bio');
  if (p.skills === 0) missing.push('skills');
  if (p.case_studies === 0) missing.push('case studies');
  if (missing.length === 0) return [];
  return hit(c, 'profile_incomplete', missing.length / 4, `Profile has no ${missing.join(', ')}`);
};

export const disposableEmail: Signal = async (c) =>
  isDisposableEmail(c.user.email)
    ? hit(c, 'disposable_email', 1, `Email at a throwaway provider (${c.user.email.split('@').pop()})`)
    : [];

export const proposalVelocity: Signal = async (c) => {
  if (c.user.role !== 'freelancer') return [];
  const p = c.model.params;
  const counts = await proposalCountsSince(c.ex, c.user.id, ago(c, HOUR), ago(c, DAY));
  const extra = c.proposal && !c.proposal.id ? 1 : 0; // the draft being sent counts too
  const hour = counts.hour + extra;
  const day = counts.day + extra;
  const strength = Math.max(
    ramp(hour, p.velocityHourFree, p.velocityHourFull),
    ramp(day, p.velocityDayFree, p.velocityDayFull),
  );
  if (strength === 0) return [];
  return hit(
    c,
    'proposal_velocity',
    strength,
    `${plural(hour, 'proposal')} in the last hour, ${day} in the last day`,
  );
};

/** Near-duplicate letters: the same text to many projects (templated), or the same text as other accounts. */
export const coverLetters: Signal = async (c) => {
  if (c.user.role !== 'freelancer') return [];
  const p = c.model.params;
  const sinceMs = c.now.getTime() - p.letterWindowDays * DAY;
  const index = await letterIndex(c.ex, new Date(sinceMs), p.nearDuplicate);
  const draft = c.proposal;
  const own = index.since(sinceMs, c.user.id).filter((l) => l.id !== draft?.id);
  // What is judged: the proposal's letter, or (for the account) its most recent letters.
  const judged = draft
    ? [{ id: draft.id ?? '', projectId: draft.projectId, sig: signature(draft.coverLetter) }]
    : own.slice(0, 10);
  if (judged.length === 0) return [];
  // For each judged letter, its near-duplicates: own letters to other projects, and other accounts' letters.
  const found = judged.map((j) => ({
    j,
    near: index.near(j.sig, sinceMs).filter((o) => o.id !== j.id && o.id !== draft?.id),
  }));
  const ids = [...new Set(found.flatMap((f) => f.near.map((o) => o.id)))];
  // Only letters that really exist count (the index may hold one from a write that rolled back).
  const real = ids.length > 0 ? await index.confirm(c.ex, ids) : new Set<string>();
  let templated = 0;
  const copiedFrom = new Set<string>();
  for (const { j, near } of found) {
    const live = near.filter((o) => real.has(o.id));
    const mine = live.filter((o) => o.freelancerId === c.user.id && o.projectId !== j.projectId);
    templated = Math.max(templated, mine.length);
    for (const o of live) if (o.freelancerId !== c.user.id) copiedFrom.add(o.freelancerId);
  }
  const out: SignalResult[] = [];
  if (templated > 0) {
    out.push(
      ...hit(
        c,
        'templated_letters',
        clamp01(templated / p.templatedFull),
        `Same cover letter sent to ${plural(templated, 'other project')}`,
      ),
    );
  }
  if (copiedFrom.size > 0) {
    out.push(
      ...hit(
        c,
        'copied_letters',
        clamp01(copiedFrom.size / p.copiedFull),
        `Cover letter matches letters of ${plural(copiedFrom.size, 'other account')}`,
      ),
    );
  }
  return out;
};

const KIND_LABEL = {
  payment_request: 'asks to pay off the platform',
  email: 'gives an email address',
  phone: 'gives a phone number',
  messaging_app: 'moves the talk to a messaging app',
} as const;

export const offPlatformContact: Signal = async (c) => {
  const p = c.model.params;
  const texts = await recentAuthoredTexts(c.ex, c.user.id, ago(c, p.contactWindowDays * DAY), p.contactTexts);
  if (c.proposal)
    texts.unshift({ kind: 'proposal', id: c.proposal.id ?? 'draft', text: c.proposal.coverLetter });
  const seen = new Set<string>();
  let best = 0;
  let bestWhat = '';
  let flagged = 0;
  for (const t of texts) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const findings = findContactDetails(t.text);
    if (findings.length === 0) continue;
    flagged++;
    for (const f of findings) {
      const s = p.contactStrength[f.kind];
      if (s > best) {
        best = s;
        bestWhat = `${t.kind === 'proposal' && t.id === 'draft' ? 'this proposal' : `a ${t.kind.replace('_', ' ')}`} ${KIND_LABEL[f.kind]} (“${f.excerpt}”)`;
      }
    }
  }
  if (flagged === 0) return [];
  const strength = clamp01(best + 0.15 * (flagged - 1));
  const more = flagged > 1 ? `; ${plural(flagged, 'text')} in all` : '';
  return hit(
    c,
    'off_platform_contact',
    strength,
    `${bestWhat.charAt(0).toUpperCase()}${bestWhat.slice(1)}${more}`,
  );
};

export const paymentProblems: Signal = async (c) => {
  const f = await paymentFailures(c.ex, c.user.id);
  const n = f.failedPayments + f.failedPayouts;
  if (n === 0) return [];
  const parts = [
    f.failedPayments ? plural(f.failedPayments, 'declined payment') : '',
    f.failedPayouts ? plural(f.failedPayouts, 'failed payout') : '',
  ].filter(Boolean);
  return hit(c, 'payment_failures', clamp01(n / 3), parts.join(', '));
};

export const disputes: Signal = async (c) => {
  const d = await disputesAgainst(c.ex, c.user.id);
  if (d.opened === 0) return [];
  return hit(
    c,
    'disputes_against',
    clamp01((d.opened + d.lost) / 3),
    `${plural(d.opened, 'dispute')} opened against this account${d.lost ? `, ${d.lost} decided against it` : ''}`,
  );
};

export const cancellations: Signal = async (c) => {
  const o = await contractOutcomes(c.ex, c.user.id);
  const ended = o.completed + o.cancelled;
  if (ended < c.model.params.cancellationMinContracts || o.cancelled === 0) return [];
  const rate = o.cancelled / ended;
  return hit(
    c,
    'cancellation_rate',
    ramp(rate, 0.2, 0.8),
    `${o.cancelled} of ${ended} ended contracts were cancelled (${Math.round(rate * 100)}%)`,
  );
};

export const rateSpike: Signal = async (c) => {
  if (c.user.role !== 'freelancer') return [];
  const p = c.model.params;
  const changes = await rateChangesSince(c.ex, c.user.id, ago(c, p.rateSpikeWindowDays * DAY));
  let factor = 1;
  let what = '';
  for (const ch of changes) {
    if (ch.old_currency !== ch.new_currency || ch.old_minor <= 0 || ch.new_minor <= 0) continue;
    const f = Math.max(ch.new_minor / ch.old_minor, ch.old_minor / ch.new_minor);
    if (f > factor) {
      factor = f;
      what = `Hourly rate changed from ${formatMinor(ch.old_minor, ch.old_currency)} to ${formatMinor(ch.new_minor, ch.new_currency)} on ${ch.changed_at.slice(0, 10)}`;
    }
  }
  if (factor < 1.5) return [];
  return hit(c, 'rate_spike', clamp01((factor - 1) / (p.rateSpikeFactor - 1)), what);
};

export const sharedInstrument: Signal = async (c) => {
  const s = await sharedInstrumentAccounts(c.ex, c.user.id);
  if (s.accounts === 0) return [];
  const strength = s.suspended > 0 ? 1 : clamp01(s.accounts / 3);
  const sus = s.suspended ? ` (${s.suspended} suspended)` : '';
  return hit(
    c,
    'shared_payment_instrument',
    strength,
    `A payment instrument is shared with ${plural(s.accounts, 'other account')}${sus}`,
  );
};

export const sharedDocument: Signal = async (c) => {
  const n = await sharedDocumentAccounts(c.ex, c.user.id);
  if (n === 0) return [];
  return hit(
    c,
    'shared_identity_document',
    1,
    `The same identity document was submitted by ${plural(n, 'other account')}`,
  );
};

export const reports: Signal = async (c) => {
  const p = c.model.params;
  const n = await reportersSince(c.ex, c.user.id, ago(c, p.reportsWindowDays * DAY));
  if (n === 0) return [];
  return hit(c, 'fraud_reports', clamp01(n / p.reportsFull), `Reported by ${plural(n, 'user')}`);
};

export const priorWarning: Signal = async (c) => {
  const n = await warningsOf(c.ex, c.user.id);
  return n === 0 ? [] : hit(c, 'prior_warning', 1, `Already warned by an admin (${plural(n, 'time')})`);
};

/** Every signal the weighted model reads, in the order their reasons are worked out. */
export const SIGNALS: readonly Signal[] = [
  accountAge,
  verification,
  trackRecord,
  profileCompleteness,
  disposableEmail,
  proposalVelocity,
  coverLetters,
  offPlatformContact,
  paymentProblems,
  disputes,
  cancellations,
  rateSpike,
  sharedInstrument,
  sharedDocument,
  reports,
  priorWarning,
];
