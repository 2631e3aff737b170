import { z } from 'zod';
import { holdForMilestone, refundHold, remainingOf } from '../../db/queries/holds';
import { formatMinor } from '../../db/queries/ledger';
import { moveMilestone } from '../../db/queries/payments';
import { defineTool, type ToolContext } from '../define';
import { conflict } from '../errors';
import { Id } from '../shared/schemas';
import { milestoneLabel, milestoneMoney, oncePerCall, requireClientMilestone } from './access';
import { Amount, amountOf, MilestoneMoney } from './schemas';

/**
 * The refund rule: the client takes escrow back only while the freelancer has not handed in the work
 * (milestone funded, not submitted). Once submitted, the freelancer has a claim on it: only approving it or a
 * dispute's resolution moves that money.
 */
const refundable = oncePerCall(async (ctx: ToolContext, input: { milestoneId: string }) => {
  const { milestoneId } = input;
  const { milestone, contract } = await requireClientMilestone(ctx, milestoneId);
  const label = milestoneLabel(milestone);
  const hold = await holdForMilestone(ctx.db, milestone.id);
  if (!hold)
    throw conflict(`This ${label} is ${milestone.status} and was never funded; there is nothing to refund.`);
  if (hold.status === 'disputed') {
    throw conflict(
      `The escrow of this ${label} is frozen by an open dispute; it moves only when the dispute is resolved.`,
    );
  }
  if (hold.status === 'settled') {
    throw conflict(
      `This ${label} is ${milestone.status}: its escrow was already fully released or refunded, nothing is left.`,
    );
  }
  if (milestone.status === 'submitted') {
    throw conflict(
      `The freelancer already submitted this ${label}; submitted work is approved, or refunded only through a ` +
        'dispute (open_dispute).',
    );
  }
  if (milestone.status !== 'funded') {
    throw conflict(`This ${label} is ${milestone.status}; only funded milestones can be refunded.`);
  }
  return { milestone, contract, hold, remaining: remainingOf(hold), label };
});

export const refundMilestone = defineTool({
  name: 'refund_milestone',
  title: 'Refund a milestone',
  description:
    'Take back what is left in escrow for a funded milestone of your own contract, into your client wallet, ' +
    'while the freelancer has not submitted it. The milestone becomes refunded (it ends; any part released ' +
    'before stays with the freelancer). Once the work is submitted, only approving it or resolving a dispute ' +
    'moves that escrow, and escrow frozen by a dispute is refused. Runs only after you confirm.',
  roles: ['client'],
  effect: 'money',
  input: z.object({ milestoneId: Id('Milestone') }),
  output: MilestoneMoney.extend({
    refundedNow: Amount.describe('Returned to your wallet by this call'),
    walletBalance: Amount.describe('Your wallet balance afterwards'),
  }),
  async authorize(ctx, input) {
    await refundable(ctx, input);
  },
  async summarize(ctx, input) {
    const { contract, hold, remaining, label } = await refundable(ctx, input);
    const released = Number(hold.released_minor);
    return (
      `Refund ${formatMinor(remaining, hold.currency)} of ${label} of contract ${contract.id} from escrow to your ` +
      `${hold.currency} wallet and close the milestone` +
      (released > 0
        ? ` (${formatMinor(released, hold.currency)} already released stays with the freelancer)`
        : '')
    );
  },
  async run(ctx, input) {
    const { milestone, hold, remaining } = await refundable(ctx, input);
    const refunded = await refundHold(ctx.db, {
      holdId: hold.id,
      known: hold,
      amount: remaining,
      actorId: ctx.actor.id,
      now: ctx.now,
    });
    if (!(await moveMilestone(ctx.db, milestone.id, ['funded'], 'refunded'))) {
      throw conflict(`This ${milestoneLabel(milestone)} changed meanwhile; nothing was refunded.`);
    }
    const balance = refunded.transfer.balances.get(refunded.wallet) ?? 0;
    return {
      ...milestoneMoney({ ...milestone, status: 'refunded' }, refunded.hold, refunded.transfer.transferId),
      refundedNow: amountOf(remaining, hold.currency),
      walletBalance: amountOf(balance, hold.currency),
    };
  },
});
