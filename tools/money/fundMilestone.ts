import { z } from 'zod';
import { holdForMilestone, openHold } from '../../db/queries/holds';
import { formatMinor } from '../../db/queries/ledger';
import { moveMilestone, walletBalance } from '../../db/queries/payments';
import { defineTool, type ToolContext } from '../define';
import { conflict, invalid } from '../errors';
import { recordConversion } from '../shared/conversions';
import { Id } from '../shared/schemas';
import { milestoneLabel, milestoneMoney, oncePerCall, requireClientMilestone } from './access';
import { Amount, amountOf, MilestoneMoney, PositiveMoney } from './schemas';

const FUNDABLE = ['planned', 'active'];

interface FundInput {
  milestoneId: string;
  amount?: { amount: number; currency: string } | undefined;
}

/** Everything that must hold before funding, checked when asked and again inside the confirmed transaction. */
const fundable = oncePerCall(async (ctx: ToolContext, input: FundInput) => {
  const { milestone, contract } = await requireClientMilestone(ctx, input.milestoneId);
  if (contract.status !== 'active') {
    throw conflict(`The contract is ${contract.status}; only milestones of active contracts can be funded.`);
  }
  if (milestone.status === 'funded' || (await holdForMilestone(ctx.db, milestone.id))) {
    throw conflict(`This ${milestoneLabel(milestone)} is already funded; a milestone is funded once.`);
  }
  if (!FUNDABLE.includes(milestone.status)) {
    throw conflict(
      `This ${milestoneLabel(milestone)} is ${milestone.status}; only planned or active milestones can be funded.`,
    );
  }
  const amount = Number(milestone.amount_minor);
  if (amount <= 0) throw conflict(`This ${milestoneLabel(milestone)} has no amount to fund.`);
  if (input.amount && input.amount.currency !== milestone.currency) {
    throw invalid(
      'amount.currency',
      `This milestone is priced in ${milestone.currency}, not ${input.amount.currency}; fund it in ${milestone.currency}.`,
    );
  }
  if (input.amount && input.amount.amount !== amount) {
    throw invalid(
      'amount.amount',
      `This milestone is for ${formatMinor(amount, milestone.currency)}; a milestone is funded in full. ` +
        'Change its amount through a scope change first if it should be different.',
    );
  }
  return { milestone, contract, amount, currency: milestone.currency };
});

export const fundMilestone = defineTool({
  name: 'fund_milestone',
  title: 'Fund a milestone',
  description:
    'Put the full amount of one milestone of your own active contract into escrow, from your client wallet in ' +
    "the milestone's currency. The milestone must be planned or active and not funded yet; it becomes funded, " +
    'which tells the freelancer the money is there. The money stays in escrow until you approve the milestone ' +
    '(release to the freelancer) or refund it. Optionally pass amount as a check: it must equal the milestone ' +
    'amount and currency. Not enough in your wallet is refused with INSUFFICIENT_FUNDS (deposit first). Runs ' +
    'only after you confirm.',
  roles: ['client'],
  effect: 'money',
  input: z.object({
    milestoneId: Id('Milestone'),
    amount: PositiveMoney.optional().describe('Optional check: the milestone amount and currency'),
  }),
  output: MilestoneMoney.extend({ walletBalance: Amount.describe('Your wallet balance afterwards') }),
  async authorize(ctx, input) {
    await fundable(ctx, input);
  },
  async summarize(ctx, input) {
    const { milestone, contract, amount, currency } = await fundable(ctx, input);
    const balance = await walletBalance(ctx.db, ctx.actor.id, 'client_wallet', currency);
    return (
      `Fund ${milestoneLabel(milestone)} of contract ${contract.id} with ${formatMinor(amount, currency)} from ` +
      `your ${currency} wallet (balance ${formatMinor(balance, currency)}) into escrow for ${contract.freelancer_name}`
    );
  },
  async run(ctx, input) {
    const { milestone, contract, amount, currency } = await fundable(ctx, input);
    const {
      hold,
      transfer,
      walletBalance: balance,
    } = await openHold(ctx.db, {
      contractId: contract.id,
      milestoneId: milestone.id,
      clientId: contract.client_id,
      freelancerId: contract.freelancer_id,
      currency,
      amount,
      actorId: ctx.actor.id,
      now: ctx.now,
    });
    if (!(await moveMilestone(ctx.db, milestone.id, FUNDABLE, 'funded'))) {
      throw conflict(`This ${milestoneLabel(milestone)} changed meanwhile; nothing was funded.`);
    }
    await recordConversion(ctx, 'milestone_funded');
    return {
      ...milestoneMoney({ ...milestone, status: 'funded' }, hold, transfer.transferId),
      walletBalance: amountOf(balance, currency),
    };
  },
});
