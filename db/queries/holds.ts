import { ToolError } from '../../tools/errors';
import type { Executor } from '../client';
import { newId } from '../ids';
import { one, run } from '../sql';
import { formatMinor, type Leg, openAccount, postTransfer, type TransferReceipt } from './ledger';

export interface HoldRow {
  id: string;
  contract_id: string;
  milestone_id: string | null;
  period: string | null;
  client_id: string;
  freelancer_id: string;
  escrow_account_id: string;
  currency: string;
  amount_minor: number;
  released_minor: number;
  refunded_minor: number;
  status: 'held' | 'disputed' | 'settled';
  created_at: string;
  settled_at: string | null;
}

export const remainingOf = (h: HoldRow) =>
  Number(h.amount_minor) - Number(h.released_minor) - Number(h.refunded_minor);

export async function getHold(ex: Executor, id: string): Promise<HoldRow | undefined> {
  return one<HoldRow>(ex, 'SELECT * FROM escrow_holds WHERE id = ?', [id]);
}

export async function holdForMilestone(ex: Executor, milestoneId: string): Promise<HoldRow | undefined> {
  return one<HoldRow>(ex, 'SELECT * FROM escrow_holds WHERE milestone_id = ?', [milestoneId]);
}

/**
 * Moves `amount` from the client's wallet into a new escrow account held for this milestone or period.
 * `walletBalance` is the client's wallet balance afterwards.
 */
export async function openHold(
  tx: Executor,
  h: {
    contractId: string;
    milestoneId?: string;
    period?: string;
    clientId: string;
    freelancerId: string;
    currency: string;
    amount: number;
    actorId: string;
    now: Date;
  },
): Promise<{ hold: HoldRow; transfer: TransferReceipt; walletBalance: number }> {
  const id = newId('hld');
  const at = h.now.toISOString();
  // The escrow account belongs to the hold being created: it cannot exist yet, so no lookup, and it is
  // inserted already holding the amount (its transfer leg is `opened`: no balance update after).
  const escrow = await openAccount(tx, 'escrow', id, h.currency, h.now, h.amount);
  const hold: HoldRow = {
    id,
    contract_id: h.contractId,
    milestone_id: h.milestoneId ?? null,
    period: h.period ?? null,
    client_id: h.clientId,
    freelancer_id: h.freelancerId,
    escrow_account_id: escrow,
    currency: h.currency,
    amount_minor: h.amount,
    released_minor: 0,
    refunded_minor: 0,
    status: 'held',
    created_at: at,
    settled_at: null,
  };
  // Before the money moves: a milestone or period already held is refused (UNIQUE) ahead of any funds check.
  await run(
    tx,
    `INSERT INTO escrow_holds (id, contract_id, milestone_id, period, client_id, freelancer_id, escrow_account_id,
                               currency, amount_minor, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'held', ?)`,
    [
      id,
      hold.contract_id,
      hold.milestone_id,
      hold.period,
      h.clientId,
      h.freelancerId,
      escrow,
      h.currency,
      h.amount,
      at,
    ],
  );
  let transfer: Awaited<ReturnType<typeof postTransfer>>;
  try {
    transfer = await postTransfer(tx, {
      kind: 'escrow_fund',
      currency: h.currency,
      // The wallet by owner: the guarded debit finds it, no lookup first.
      legs: [
        { of: { kind: 'client_wallet', owner: h.clientId }, amount: -h.amount },
        { opened: escrow, amount: h.amount },
      ],
      refKind: 'hold',
      refId: id,
      actorId: h.actorId,
      now: h.now,
    });
  } catch (err) {
    // Refused (not enough funds): take the hold and its account back, so a caller that goes on finds
    // nothing of this funding, as postTransfer promises for its own moves.
    await run(tx, 'DELETE FROM escrow_holds WHERE id = ?', [id]);
    await run(tx, 'DELETE FROM ledger_accounts WHERE id = ?', [escrow]);
    throw err;
  }
  // What was inserted is the row: nothing else can have touched it inside this transaction.
  return { hold, transfer, walletBalance: transfer.balances.get(transfer.accounts[0] ?? '') ?? 0 };
}

function assertResolvable(h: HoldRow, amount: number, allowDisputed: boolean): void {
  if (h.status === 'settled')
    throw new ToolError('CONFLICT', 'This escrow is already fully released or refunded.');
  if (h.status === 'disputed' && !allowDisputed) {
    throw new ToolError(
      'CONFLICT',
      'This escrow is frozen by an open dispute; it moves only when the dispute is resolved.',
    );
  }
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new ToolError('VALIDATION', 'The amount must be positive.');
  const remaining = remainingOf(h);
  if (amount > remaining) {
    throw new ToolError(
      'CONFLICT',
      `Only ${formatMinor(remaining, h.currency)} is left in this escrow; ${formatMinor(amount, h.currency)} was asked.`,
    );
  }
}

/**
 * Records a release or refund on the hold and settles it when nothing is left, in one statement that returns
 * the row as it now is. The CHECK on released + refunded <= amount refuses a second resolution even if two
 * transactions raced past the caller's read on different connections.
 */
async function resolve(
  tx: Executor,
  holdId: string,
  column: 'released_minor' | 'refunded_minor',
  amount: number,
  now: Date,
): Promise<HoldRow> {
  const settles = 'released_minor + refunded_minor + ?1 = amount_minor';
  const row = await one<HoldRow>(
    tx,
    `UPDATE escrow_holds
        SET ${column} = ${column} + ?1,
            status = CASE WHEN ${settles} THEN 'settled' ELSE status END,
            settled_at = CASE WHEN ${settles} THEN ?2 ELSE settled_at END
      WHERE id = ?3
      RETURNING *`,
    [amount, now.toISOString(), holdId],
  );
  if (!row) throw new ToolError('NOT_FOUND', `No escrow hold ${holdId}.`);
  return row;
}

/** Pays `amount` of the hold to the freelancer: `amount - fee` to their wallet, `fee` to the platform. */
export async function releaseHold(
  tx: Executor,
  p: {
    holdId: string;
    amount: number;
    fee: number;
    actorId: string;
    now: Date;
    allowDisputed?: boolean;
    kind?: 'escrow_release' | 'dispute_split';
    /** The hold as the caller already read it in this transaction (saves reading it again). */
    known?: HoldRow;
  },
): Promise<{ hold: HoldRow; transfer: TransferReceipt; fee: number; net: number }> {
  const h = p.known?.id === p.holdId ? p.known : await getHold(tx, p.holdId);
  if (!h) throw new ToolError('NOT_FOUND', `No escrow hold ${p.holdId}.`);
  assertResolvable(h, p.amount, p.allowDisputed ?? false);
  if (!Number.isSafeInteger(p.fee) || p.fee < 0 || p.fee > p.amount)
    throw new Error(`ledger: bad fee ${p.fee}`);
  const net = p.amount - p.fee;
  // Credits by owner: each is one upsert, creating the wallet on a freelancer's first payment.
  const legs: Leg[] = [{ account: h.escrow_account_id, amount: -p.amount }];
  if (net > 0) legs.push({ of: { kind: 'freelancer_wallet', owner: h.freelancer_id }, amount: net });
  if (p.fee > 0) legs.push({ of: { kind: 'platform_fees', owner: 'platform' }, amount: p.fee });
  // Claim first (see `resolve`).
  const hold = await resolve(tx, h.id, 'released_minor', p.amount, p.now);
  const transfer = await postTransfer(tx, {
    kind: p.kind ?? 'escrow_release',
    currency: h.currency,
    legs,
    refKind: 'hold',
    refId: h.id,
    actorId: p.actorId,
    now: p.now,
  });
  return { hold, transfer, fee: p.fee, net };
}

/** Returns `amount` of the hold to the client's wallet. */
export async function refundHold(
  tx: Executor,
  p: {
    holdId: string;
    amount: number;
    actorId: string;
    now: Date;
    allowDisputed?: boolean;
    kind?: 'escrow_refund' | 'dispute_split';
    /** The hold as the caller already read it in this transaction (saves reading it again). */
    known?: HoldRow;
  },
): Promise<{
  hold: HoldRow;
  transfer: TransferReceipt & { balances: Map<string, number> };
  /** The client wallet's account; its balance afterwards is in `transfer.balances`. */
  wallet: string;
}> {
  const h = p.known?.id === p.holdId ? p.known : await getHold(tx, p.holdId);
  if (!h) throw new ToolError('NOT_FOUND', `No escrow hold ${p.holdId}.`);
  assertResolvable(h, p.amount, p.allowDisputed ?? false);
  const hold = await resolve(tx, h.id, 'refunded_minor', p.amount, p.now);
  const transfer = await postTransfer(tx, {
    kind: p.kind ?? 'escrow_refund',
    currency: h.currency,
    legs: [
      { account: h.escrow_account_id, amount: -p.amount },
      { of: { kind: 'client_wallet', owner: h.client_id }, amount: p.amount },
    ],
    refKind: 'hold',
    refId: h.id,
    actorId: p.actorId,
    now: p.now,
  });
  return { hold, transfer, wallet: transfer.accounts[1] ?? '' };
}

/** A dispute freezes the hold: no release or refund until the dispute is resolved. */
export async function setHoldDisputed(tx: Executor, holdId: string, disputed: boolean): Promise<HoldRow> {
  const changed = await run(tx, `UPDATE escrow_holds SET status = ? WHERE id = ? AND status = ?`, [
    disputed ? 'disputed' : 'held',
    holdId,
    disputed ? 'held' : 'disputed',
  ]);
  const h = await getHold(tx, holdId);
  if (!h) throw new ToolError('NOT_FOUND', `No escrow hold ${holdId}.`);
  if (changed === 0) {
    throw new ToolError(
      'CONFLICT',
      h.status === 'settled'
        ? 'This escrow is already released or refunded; there is nothing to dispute.'
        : `This escrow is already ${h.status}.`,
    );
  }
  return h;
}
