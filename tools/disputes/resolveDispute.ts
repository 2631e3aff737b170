import { z } from 'zod';
import {
  closeBillingPeriod,
  getBillingPeriodByHold,
  markTimeLogsBilled,
  unbilledTimeLogs,
} from '../../db/queries/billing';
import { getContractRow } from '../../db/queries/contracts';
import { getDisputeRow, markDisputeResolved } from '../../db/queries/disputes';
import { getHold, remainingOf } from '../../db/queries/holds';
import { formatMinor } from '../../db/queries/ledger';
import { moveMilestone } from '../../db/queries/payments';
import { platformFee, refundToClient, releaseWithFee } from '../billing/payout';
import { InvoiceRef, TransferRef } from '../billing/schemas';
import { defineTool, type ToolContext } from '../define';
import { conflict, notFound } from '../errors';
import { DisputeIdInput, DisputeOutcome, DisputeView, disputeView, SPLIT_ROUNDING } from './schemas';

const FULL_BPS = 10_000;

/**
 * Divides what a hold still holds: the freelancer's part is floor(remaining × bps / 10000), the client's the
 * exact rest, so the parts always add up to the remaining amount (an odd minor unit goes to the client).
 */
export function splitRemaining(remaining: number, bps: number): { release: number; refund: number } {
  if (!Number.isSafeInteger(remaining) || remaining < 0) throw new Error(`dispute: bad amount ${remaining}`);
  if (!Number.isInteger(bps) || bps < 0 || bps > FULL_BPS) throw new Error(`dispute: bad share ${bps}`);
  const release = Number((BigInt(remaining) * BigInt(bps)) / BigInt(FULL_BPS));
  return { release, refund: remaining - release };
}

interface Input {
  disputeId: string;
  outcome: z.infer<typeof DisputeOutcome>;
  freelancerShareBps?: number | undefined;
  note: string;
}

const shareOf = (input: Input) =>
  input.outcome === 'release' ? FULL_BPS : input.outcome === 'refund' ? 0 : (input.freelancerShareBps ?? 0);

async function load(ctx: ToolContext, input: Input) {
  const d = await getDisputeRow(ctx.db, input.disputeId);
  if (!d) throw notFound('dispute', input.disputeId);
  if (d.status !== 'open') throw conflict(`This dispute was already resolved (${d.outcome}).`);
  const hold = await getHold(ctx.db, d.hold_id);
  const contract = await getContractRow(ctx.db, d.contract_id);
  if (!hold) throw notFound('escrow hold', d.hold_id);
  if (!contract) throw notFound('contract', d.contract_id);
  if (hold.status !== 'disputed') throw conflict(`This dispute's escrow is ${hold.status}, not frozen.`);
  const remaining = remainingOf(hold);
  const bps = shareOf(input);
  return { d, hold, contract, remaining, bps, ...splitRemaining(remaining, bps) };
}

export const resolveDispute = defineTool({
  name: 'resolve_dispute',
  title: 'Resolve a dispute',
  description:
    'Admin only. Decide an open dispute and move the money it froze, in one transaction: "release" pays ' +
    'everything the escrow still holds to the freelancer, "refund" returns it to the client, "split" pays the ' +
    'freelancer freelancerShareBps basis points of it (3333 = 33.33%) and refunds the rest. ' +
    `${SPLIT_ROUNDING} An invoice is issued for the released part. The escrow is then settled, the dispute ` +
    'closed with your note, a milestone marked paid (or refunded when nothing was released), and an hourly ' +
    'week or retainer month closed. Needs confirmation.',
  roles: ['admin'],
  effect: 'admin',
  input: z
    .object({
      disputeId: DisputeIdInput,
      outcome: DisputeOutcome,
      freelancerShareBps: z
        .number()
        .int('Use whole basis points (1 bp = 0.01%).')
        .min(0)
        .max(FULL_BPS)
        .optional()
        .describe('split only: the freelancer’s share in basis points (0–10000; 3333 = 33.33%)'),
      note: z.string().trim().min(5).max(5000).describe('Why: kept on the dispute and shown to both parties'),
    })
    .superRefine((input, ctx) => {
      if (input.outcome === 'split' && input.freelancerShareBps === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['freelancerShareBps'],
          message: 'A split needs the freelancer’s share in basis points.',
        });
      }
      if (input.outcome !== 'split' && input.freelancerShareBps !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['freelancerShareBps'],
          message: 'Only a split takes a share; release pays all, refund returns all.',
        });
      }
    }),
  output: z.object({
    dispute: DisputeView,
    transfers: z.array(TransferRef),
    invoice: InvoiceRef.nullable().describe(
      'The invoice for the released part; null when nothing was released',
    ),
    rounding: z.string(),
  }),
  async summarize(ctx, input) {
    const { d, contract, remaining, bps, release, refund } = await load(ctx, input);
    const c = d.currency;
    const { fee } = release > 0 ? await platformFee(ctx, contract, release) : { fee: 0 };
    const what = d.milestone_title ? `milestone “${d.milestone_title}”` : `${d.period}`;
    const parts: string[] = [];
    if (release > 0) {
      parts.push(
        `${formatMinor(release, c)} to ${d.freelancer_name} (platform fee ${formatMinor(fee, c)}, they receive ` +
          `${formatMinor(release - fee, c)})`,
      );
    }
    if (refund > 0) parts.push(`${formatMinor(refund, c)} back to ${d.client_name}`);
    const how =
      input.outcome === 'split'
        ? `split ${(bps / 100).toFixed(2)}% / ${((FULL_BPS - bps) / 100).toFixed(2)}%`
        : input.outcome;
    return (
      `Resolve dispute ${d.id} on ${what} of contract ${contract.id} (“${d.project_title}”) by ${how} of the ` +
      `${formatMinor(remaining, c)} in escrow: ${parts.join(' and ')}.`
    );
  },
  async run(ctx, input) {
    const { d, hold, contract, remaining, bps, release, refund } = await load(ctx, input);
    const c = d.currency;
    const split = input.outcome === 'split';
    const transfers: z.infer<typeof TransferRef>[] = [];
    let fee = 0;
    let invoice: z.infer<typeof InvoiceRef> | null = null;
    let current = hold;
    if (release > 0) {
      const r = await releaseWithFee(ctx, {
        contract,
        hold: current,
        amount: release,
        allowDisputed: true,
        kind: split ? 'dispute_split' : 'escrow_release',
        source: 'dispute',
        line: {
          description:
            `${d.milestone_title ? `Milestone: ${d.milestone_title}` : `Period ${d.period}`}, dispute ${d.id} ` +
            `resolved${split ? ` (${(bps / 100).toFixed(2)}% of ${formatMinor(remaining, c)} released)` : ''}`,
        },
      });
      fee = r.fee;
      invoice = r.invoice;
      current = r.hold;
      transfers.push({
        transferId: r.transfer.transferId,
        kind: r.transfer.kind,
        amount: { amount: release, currency: c },
      });
    }
    if (refund > 0) {
      const r = await refundToClient(ctx, {
        hold: current,
        amount: refund,
        allowDisputed: true,
        kind: split ? 'dispute_split' : 'escrow_refund',
      });
      current = r.hold;
      transfers.push({
        transferId: r.transfer.transferId,
        kind: r.transfer.kind,
        amount: { amount: refund, currency: c },
      });
    }
    if (current.status !== 'settled') throw new Error(`dispute: hold ${hold.id} did not settle`);

    if (hold.milestone_id) {
      // Paid when any of the escrow reached the freelancer (before or by this decision), else refunded.
      await moveMilestone(
        ctx.db,
        hold.milestone_id,
        ['funded', 'submitted', 'approved'],
        Number(current.released_minor) > 0 ? 'paid' : 'refunded',
      );
    }
    const period = await getBillingPeriodByHold(ctx.db, hold.id);
    if (period) {
      if (period.kind === 'hourly_week') {
        // The week's time is settled by this decision: no later bill may pay it again.
        const logs = await unbilledTimeLogs(ctx.db, contract.id, period.starts_on, period.ends_on, [
          'logged',
          'approved',
          'disputed',
        ]);
        await markTimeLogsBilled(
          ctx.db,
          hold.id,
          'dispute',
          logs.map((l) => ({ id: l.id, minutesPaid: null })),
          ctx.now.toISOString(),
        );
      }
      await closeBillingPeriod(ctx.db, hold.id, {
        status: 'disputed_settled',
        billedMinutes: null,
        unpaidMinutes: null,
        now: ctx.now.toISOString(),
      });
    }
    const resolved = await markDisputeResolved(ctx.db, d.id, {
      outcome: input.outcome,
      freelancerShareBps: bps,
      disputedMinor: remaining,
      releasedMinor: release,
      feeMinor: fee,
      refundedMinor: refund,
      note: input.note,
      resolvedBy: ctx.actor.id,
      invoiceId: invoice?.id ?? null,
      now: ctx.now.toISOString(),
    });
    if (!resolved) throw conflict('This dispute was resolved meanwhile.');
    const after = await getDisputeRow(ctx.db, d.id);
    if (!after) throw notFound('dispute', d.id);
    return { dispute: disputeView(after), transfers, invoice, rounding: SPLIT_ROUNDING };
  },
});
