/**
 * Fraud risk: a 0–100 score with the reasons behind it. `RiskScorer` is the seam: the weighted model below
 * ships today; a trained model can implement the same interface later and be installed with setRiskScorer
 * (its `version` is stored with every assessment it makes).
 */
import type { Executor } from '../../db/client';
import { riskUserFacts } from '../../db/queries/risk';
import { SIGNALS, type Signal, type SignalContext, type WeightedModel } from './signals';
import { RISK_MODEL } from './weights';

export interface RiskReason {
  signal: string;
  /** What the signal added to the score (negative: evidence of trust), one decimal. */
  points: number;
  reason: string;
}

export interface RiskScore {
  /** 0 (nothing suspicious) … 100. */
  score: number;
  /** Largest contribution first. */
  reasons: RiskReason[];
  modelVersion: string;
}

/** A proposal to judge: a draft about to be sent (no proposalId) or a stored one. */
export interface ProposalSubject {
  freelancerId: string;
  projectId: string;
  coverLetter: string;
  proposalId?: string | undefined;
}

export interface RiskScorer {
  readonly version: string;
  /** The account as a whole: everything it did and is. */
  assessUser(ex: Executor, userId: string, now: Date): Promise<RiskScore>;
  /** The account plus this proposal's own text (contact details, copied letter) and timing. */
  assessProposal(ex: Executor, proposal: ProposalSubject, now: Date): Promise<RiskScore>;
}

export class UnknownSubjectError extends Error {
  constructor(userId: string) {
    super(`risk: no user ${userId}`);
    this.name = 'UnknownSubjectError';
  }
}

/** The shipped model: a weighted sum of explainable signals, clamped to 0–100. */
export class WeightedRiskScorer implements RiskScorer {
  readonly version: string;

  constructor(
    private readonly model: WeightedModel = RISK_MODEL,
    private readonly signals: readonly Signal[] = SIGNALS,
  ) {
    this.version = model.version;
  }

  assessUser(ex: Executor, userId: string, now: Date): Promise<RiskScore> {
    return this.score(ex, userId, now);
  }

  assessProposal(ex: Executor, p: ProposalSubject, now: Date): Promise<RiskScore> {
    return this.score(ex, p.freelancerId, now, {
      id: p.proposalId,
      projectId: p.projectId,
      coverLetter: p.coverLetter,
    });
  }

  private async score(
    ex: Executor,
    userId: string,
    now: Date,
    proposal?: SignalContext['proposal'],
  ): Promise<RiskScore> {
    const user = await riskUserFacts(ex, userId);
    if (!user) throw new UnknownSubjectError(userId);
    const ctx: SignalContext = { ex, now, user, model: this.model, proposal };
    // Sequential on purpose: inside a write transaction the executor takes one statement at a time.
    const found = [];
    for (const signal of this.signals) found.push(...(await signal(ctx)));
    const total = found.reduce((s, r) => s + r.points, 0);
    const reasons = found
      .map((r) => ({ signal: r.signal, points: Math.round(r.points * 10) / 10, reason: r.reason }))
      .sort((a, b) => b.points - a.points);
    return {
      score: Math.max(0, Math.min(100, Math.round(total))),
      reasons,
      modelVersion: this.version,
    };
  }
}

let current: RiskScorer = new WeightedRiskScorer();

/** The scorer every risk check uses. */
export function riskScorer(): RiskScorer {
  return current;
}

/** Installs another scorer for this process (a trained model, or a test's). */
export function setRiskScorer(scorer: RiskScorer): void {
  current = scorer;
}
