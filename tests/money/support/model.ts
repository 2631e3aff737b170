/**
 * A small in-memory model of what the ledger must hold after a sequence of money moves: wallet, fee and
 * external balances by (kind, owner, currency), one escrow per milestone, and the idempotency receipts.
 * Each request is predicted before it runs (done, refused with a code, or a replay of a stored receipt),
 * then the database is compared with the model.
 */
import type { Executor } from '../../../db/client';
import { all } from '../../../db/sql';
import { requestHash } from '../../../tools/idempotency';
import {
  depositTx,
  disputeTx,
  feeOf,
  fundTx,
  type Moved,
  PROVIDER,
  refundTx,
  releaseTx,
  resolveTx,
  withdrawTx,
} from './world';

export type Currency = 'USD' | 'EUR' | 'JPY';

export interface ModelHold {
  milestoneId: string;
  clientId: string;
  freelancerId: string;
  currency: string;
  amount: number;
  released: number;
  refunded: number;
  status: 'held' | 'disputed' | 'settled';
}

/** A concrete request: what the caller asks, with the idempotency key and actor it carries. */
export type Move =
  | { tool: 'deposit'; clientId: string; currency: string; amount: number }
  | {
      tool: 'withdraw';
      kind: 'client_wallet' | 'freelancer_wallet';
      userId: string;
      currency: string;
      amount: number;
    }
  | {
      tool: 'fund';
      milestoneId: string;
      contractId: string;
      projectId: string;
      clientId: string;
      freelancerId: string;
      currency: string;
      amount: number;
    }
  | { tool: 'release'; milestoneId: string; amount: number; feeBps: number }
  | { tool: 'refund'; milestoneId: string; amount: number }
  | { tool: 'dispute'; milestoneId: string; disputed: boolean }
  | { tool: 'resolve'; milestoneId: string; freelancerBps: number; feeBps: number };

export type Prediction =
  | { kind: 'done'; transfers: number }
  | { kind: 'refused'; code: string }
  | { kind: 'replay' };

export const argsOf = (m: Move): Record<string, unknown> => {
  const { tool: _tool, ...args } = m;
  return args;
};

export class MoneyModel {
  /** "kind|owner|currency" → balance, escrow excluded (see holds). */
  readonly accounts = new Map<string, number>();
  readonly holds = new Map<string, ModelHold>();
  /** "actor|key" → request hash of the request that stored the receipt. */
  readonly receipts = new Map<string, string>();
  transfers = 0;

  balance(kind: string, owner: string, currency: string): number {
    return this.accounts.get(`${kind}|${owner}|${currency}`) ?? 0;
  }

  private add(kind: string, owner: string, currency: string, delta: number): void {
    const k = `${kind}|${owner}|${currency}`;
    this.accounts.set(k, (this.accounts.get(k) ?? 0) + delta);
  }

  remaining(milestoneId: string): number {
    const h = this.holds.get(milestoneId);
    return h ? h.amount - h.released - h.refunded : 0;
  }

  /** Predicts a keyed request and applies it to the model: a stored key answers first, as the dispatcher does. */
  request(actorId: string, key: string, move: Move): Prediction {
    const hash = requestHash(move.tool, argsOf(move));
    const stored = this.receipts.get(`${actorId}|${key}`);
    if (stored !== undefined)
      return stored === hash ? { kind: 'replay' } : { kind: 'refused', code: 'CONFLICT' };
    const p = this.apply(move);
    if (p.kind === 'done') {
      this.receipts.set(`${actorId}|${key}`, hash);
      this.transfers += p.transfers;
    }
    return p;
  }

  /** The rules of the primitives, in the order they check them. */
  private apply(m: Move): Prediction {
    const refused = (code: string): Prediction => ({ kind: 'refused', code });
    switch (m.tool) {
      case 'deposit':
        this.add('external_in', PROVIDER, m.currency, -m.amount);
        this.add('client_wallet', m.clientId, m.currency, m.amount);
        return { kind: 'done', transfers: 1 };
      case 'withdraw':
        if (this.balance(m.kind, m.userId, m.currency) < m.amount) return refused('INSUFFICIENT_FUNDS');
        this.add(m.kind, m.userId, m.currency, -m.amount);
        this.add('external_out', PROVIDER, m.currency, m.amount);
        return { kind: 'done', transfers: 1 };
      case 'fund':
        if (this.holds.has(m.milestoneId)) return refused('CONFLICT'); // one hold per milestone (unique index)
        if (this.balance('client_wallet', m.clientId, m.currency) < m.amount)
          return refused('INSUFFICIENT_FUNDS');
        this.add('client_wallet', m.clientId, m.currency, -m.amount);
        this.holds.set(m.milestoneId, {
          milestoneId: m.milestoneId,
          clientId: m.clientId,
          freelancerId: m.freelancerId,
          currency: m.currency,
          amount: m.amount,
          released: 0,
          refunded: 0,
          status: 'held',
        });
        return { kind: 'done', transfers: 1 };
      case 'release':
      case 'refund': {
        const h = this.holds.get(m.milestoneId);
        if (!h) return refused('NOT_FOUND');
        if (h.status !== 'held') return refused('CONFLICT'); // settled, or frozen by a dispute
        if (m.amount > this.remaining(m.milestoneId)) return refused('CONFLICT');
        if (m.tool === 'release') this.pay(h, m.amount, m.feeBps);
        else this.giveBack(h, m.amount);
        if (this.remaining(m.milestoneId) === 0) h.status = 'settled';
        return { kind: 'done', transfers: 1 };
      }
      case 'dispute': {
        const h = this.holds.get(m.milestoneId);
        if (!h) return refused('NOT_FOUND');
        if (h.status !== (m.disputed ? 'held' : 'disputed')) return refused('CONFLICT');
        h.status = m.disputed ? 'disputed' : 'held';
        return { kind: 'done', transfers: 0 };
      }
      case 'resolve': {
        const h = this.holds.get(m.milestoneId);
        if (!h) return refused('NOT_FOUND');
        if (h.status !== 'disputed') return refused('CONFLICT');
        const remaining = this.remaining(m.milestoneId);
        const release = Math.floor((remaining * m.freelancerBps) / 10_000);
        const refund = remaining - release;
        if (release > 0) this.pay(h, release, m.feeBps);
        if (refund > 0) this.giveBack(h, refund);
        h.status = 'settled';
        return { kind: 'done', transfers: (release > 0 ? 1 : 0) + (refund > 0 ? 1 : 0) };
      }
    }
  }

  private pay(h: ModelHold, amount: number, feeBps: number): void {
    const fee = feeOf(amount, feeBps);
    h.released += amount;
    this.add('freelancer_wallet', h.freelancerId, h.currency, amount - fee);
    this.add('platform_fees', 'platform', h.currency, fee);
  }

  private giveBack(h: ModelHold, amount: number): void {
    h.refunded += amount;
    this.add('client_wallet', h.clientId, h.currency, amount);
  }

  /** Every difference between this model and the database; empty when they agree. */
  async differences(ex: Executor): Promise<string[]> {
    const out: string[] = [];
    const rows = await all<{ kind: string; owner_id: string; currency: string; balance_minor: number }>(
      ex,
      "SELECT kind, owner_id, currency, balance_minor FROM ledger_accounts WHERE kind <> 'escrow'",
    );
    const db = new Map(rows.map((r) => [`${r.kind}|${r.owner_id}|${r.currency}`, Number(r.balance_minor)]));
    for (const k of new Set([...db.keys(), ...this.accounts.keys()])) {
      const want = this.accounts.get(k) ?? 0;
      const got = db.get(k) ?? 0;
      if (want !== got) out.push(`${k}: database ${got}, model ${want}`);
    }
    const holds = await all<{
      milestone_id: string;
      amount_minor: number;
      released_minor: number;
      refunded_minor: number;
      status: string;
      escrow: number;
      currency: string;
    }>(
      ex,
      `SELECT h.milestone_id, h.amount_minor, h.released_minor, h.refunded_minor, h.status, h.currency,
              a.balance_minor AS escrow
         FROM escrow_holds h JOIN ledger_accounts a ON a.id = h.escrow_account_id`,
    );
    const seen = new Set<string>();
    for (const h of holds) {
      seen.add(h.milestone_id);
      const m = this.holds.get(h.milestone_id);
      const got = `${h.currency} ${h.amount_minor}/${h.released_minor}/${h.refunded_minor} ${h.status} escrow ${h.escrow}`;
      const want = m
        ? `${m.currency} ${m.amount}/${m.released}/${m.refunded} ${m.status} escrow ${this.remaining(m.milestoneId)}`
        : 'none';
      if (got !== want) out.push(`hold of ${h.milestone_id}: database ${got}, model ${want}`);
    }
    for (const id of this.holds.keys())
      if (!seen.has(id)) out.push(`hold of ${id}: model has it, database not`);
    const [count] = await all<{ n: number }>(ex, 'SELECT count(*) AS n FROM ledger_transfers');
    if (Number(count?.n) !== this.transfers)
      out.push(`transfers: database ${count?.n}, model ${this.transfers}`);
    const [receipts] = await all<{ n: number }>(ex, 'SELECT count(*) AS n FROM idempotency_keys');
    if (Number(receipts?.n) !== this.receipts.size)
      out.push(`receipts: database ${receipts?.n}, model ${this.receipts.size}`);
    return out;
  }
}

/** Runs one move on the ledger primitives inside the caller's transaction. */
export function moveTx(tx: Executor, actorId: string, m: Move): Promise<Moved> {
  switch (m.tool) {
    case 'deposit':
      return depositTx(tx, m);
    case 'withdraw':
      return withdrawTx(tx, m);
    case 'fund':
      return fundTx(tx, m).then(({ transferIds }) => ({ transferIds }));
    case 'release':
      return releaseTx(tx, { ...m, actorId });
    case 'refund':
      return refundTx(tx, { ...m, actorId });
    case 'dispute':
      return disputeTx(tx, m).then(({ transferIds }) => ({ transferIds }));
    case 'resolve':
      return resolveTx(tx, { ...m, actorId });
  }
}
