import { z } from 'zod';
import { holdForMilestone, releaseHold, remainingOf } from '../../db/queries/holds';
import { issueInvoiceForRelease } from '../../db/queries/invoices';
import { formatMinor } from '../../db/queries/ledger';
import { moveMilestone } from '../../db/queries/payments';
import { defineTool, type ToolContext } from '../define';
import { conflict, invalid } from '../errors';
import { Id } from '../shared/schemas';
import { contractValue, milestoneLabel, milestoneMoney, oncePerCall, requireClientMilestone } from './access';
import { platformFee } from './fees';
import { Amount, amountOf, MilestoneMoney, PositiveMoney } from './schemas';

const APPROVABLE = ['funded', 'submitted'];

interface ApproveInput {
  milestoneId: string;
  amount?: { amount: number; currency: string } | undefined;
}

/** The milestone, its contract and hold, and how much this call releases; checked when asked and when run. */
const approvable = oncePerCall(async (ctx: ToolContext, input: ApproveInput) => {
  const { milestone, contract } = await requireClientMilestone(ctx, input.milestoneId);
  const label = milestoneLabel(milestone);
  const hold = await holdForMilestone(ctx.db, milestone.id);
  if (!hold) {
    throw conflict(`This ${label} is ${milestone.status} and not funded; fund it before approving it.`);
  }
  if (hold.status === 'disputed') {
    throw conflict(
      `The escrow of this ${label} is frozen by an open dispute; it moves only when the dispute is resolved.`,
    );
  }
  if (hold.status === 'settled' || !APPROVABLE.includes(milestone.status)) {
    throw conflict(
      `This ${label} is ${milestone.status}; only funded or submitted milestones with money in escrow can be approved.`,
    );
  }
  const remaining = remainingOf(hold);
  if (input.amount && input.amount.currency !== hold.currency) {
    throw invalid(
      'amount.currency',
      `This milestone's escrow is in ${hold.currency}, not ${input.amount.currency}.`,
    );
  }
  const amount = input.amount?.amount ?? remaining;
  if (amount > remaining) {
    throw invalid(
      'amount.amount',
      `Only ${formatMinor(remaining, hold.currency)} is left in this milestone's escrow; ` +
        `${formatMinor(amount, hold.currency)} was asked.`,
    );
  }
  return { milestone, contract, hold, amount, remaining, label };
});

export const approveMilestone = defineTool({
  name: 'approve_milestone',
  title: 'Approve a milestone',
  description:
    "Approve a funded or submitted milestone of your own contract and release its escrow to the freelancer's " +
    'wallet (the platform keeps its fee from the freelancer’s side; you pay exactly the milestone amount). By ' +
    'default the whole remaining escrow is released and the milestone becomes paid. Pass amount for a partial ' +
    'release: the milestone keeps its status with the rest still in escrow, and becomes paid only once ' +
    'everything is released (an unsubmitted milestone’s rest can still be refunded). Every release issues an ' +
    'invoice (see get_invoice). A milestone whose escrow is frozen by a dispute is refused. Runs only after you ' +
    'confirm.',
  roles: ['client'],
  effect: 'money',
  input: z.object({
    milestoneId: Id('Milestone'),
    amount: PositiveMoney.optional().describe(
      'Release only this much (partial); the whole remaining escrow when omitted',
    ),
  }),
  output: MilestoneMoney.extend({
    releasedNow: Amount.describe('Released by this call'),
    fullyReleased: z.boolean().describe('True when nothing is left in escrow and the milestone is paid'),
    invoice: z.object({ id: z.string(), number: z.string() }),
  }),
  async authorize(ctx, input) {
    await approvable(ctx, input);
  },
  async summarize(ctx, input) {
    const { contract, hold, amount, remaining, label } = await approvable(ctx, input);
    const c = hold.currency;
    const scope =
      amount === remaining
        ? amount === Number(hold.amount_minor)
          ? 'the whole milestone'
          : 'all that is left of it'
        : `a partial release; ${formatMinor(remaining - amount, c)} stays in escrow`;
    return (
      `Approve ${label} of contract ${contract.id} and release ${formatMinor(amount, c)} from escrow to ` +
      `${contract.freelancer_name} (${scope})`
    );
  },
  async run(ctx, input) {
    const { milestone, contract, hold, amount } = await approvable(ctx, input);
    const { fee, bps } = platformFee(amount, await contractValue(ctx, contract));
    const released = await releaseHold(ctx.db, {
      holdId: hold.id,
      known: hold,
      amount,
      fee,
      actorId: ctx.actor.id,
      now: ctx.now,
    });
    const fullyReleased = released.hold.status === 'settled';
    let status = milestone.status;
    if (fullyReleased) {
      if (!(await moveMilestone(ctx.db, milestone.id, APPROVABLE, 'paid'))) {
        throw conflict(`This ${milestoneLabel(milestone)} changed meanwhile; nothing was released.`);
      }
      status = 'paid';
    }
    const partial = amount !== Number(hold.amount_minor);
    const { invoice } = await issueInvoiceForRelease(ctx.db, {
      source: 'milestone',
      contractId: contract.id,
      milestoneId: milestone.id,
      holdId: hold.id,
      transferId: released.transfer.transferId,
      currency: hold.currency,
      lines: [
        {
          description: `Milestone ${Number(milestone.position)}: ${milestone.title}${partial ? ' (partial release)' : ''}`,
          amount,
          unitAmount: amount,
        },
      ],
      fee,
      feeBps: bps,
      memo: `${contract.project_title} — contract ${contract.id}`,
      now: ctx.now,
    });
    return {
      ...milestoneMoney({ ...milestone, status }, released.hold, released.transfer.transferId),
      releasedNow: amountOf(amount, hold.currency),
      fullyReleased,
      invoice: { id: invoice.id, number: invoice.number },
    };
  },
});
