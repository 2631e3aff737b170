import { z } from 'zod';
import { closeBillingPeriod, getBillingPeriod } from '../../db/queries/billing';
import { remainingOf } from '../../db/queries/holds';
import { requireContract } from '../contracts/access';
import { defineTool, type ToolContext } from '../define';
import { conflict, notFound } from '../errors';
import { Money } from '../shared/schemas';
import { platformFee, releaseWithFee } from './payout';
import {
  BillingPeriodView,
  billingPeriodView,
  ContractIdInput,
  InvoiceRef,
  Month,
  money,
  TransferRef,
} from './schemas';

async function load(ctx: ToolContext, input: { contractId: string; month: string }) {
  const contract = await requireContract(ctx, input.contractId, 'client');
  if (contract.kind !== 'retainer') {
    throw conflict(`Only retainer contracts have monthly periods; this one is ${contract.kind}.`);
  }
  const period = await getBillingPeriod(ctx.db, contract.id, input.month);
  if (period?.kind !== 'retainer_month') {
    throw conflict(`${input.month} was never funded on this contract: fund_retainer_period first.`);
  }
  if (period.hold.status === 'disputed') {
    throw conflict(`${input.month} is frozen by an open dispute; it moves when an admin resolves it.`);
  }
  if (period.status !== 'funded' || period.hold.status === 'settled') {
    throw conflict(`${input.month} is already ${period.status === 'funded' ? 'settled' : period.status}.`);
  }
  return { contract, period, amount: remainingOf(period.hold) };
}

export const releaseRetainerPeriod = defineTool({
  name: 'release_retainer_period',
  title: 'Release a retainer month',
  description:
    'As the client of a retainer contract, pay a funded month to the freelancer: everything its escrow hold ' +
    'still holds is released, minus the platform fee, and an invoice is issued. Needs your confirmation. A ' +
    'month frozen by a dispute, never funded, or already released is refused.',
  roles: ['client'],
  effect: 'money',
  input: z.object({ contractId: ContractIdInput, month: Month }),
  output: z.object({
    period: BillingPeriodView,
    released: Money,
    fee: Money,
    freelancerReceives: Money,
    transfer: TransferRef,
    invoice: InvoiceRef,
  }),
  async authorize(ctx, input) {
    await requireContract(ctx, input.contractId, 'client');
  },
  async summarize(ctx, input) {
    const { contract, amount } = await load(ctx, input);
    const c = contract.currency;
    const { fee } = await platformFee(ctx, contract, amount);
    return (
      `Release ${money(amount, c)} held for ${input.month} of contract ${contract.id} (“${contract.project_title}”) ` +
      `to ${contract.freelancer_name}: platform fee ${money(fee, c)}, they receive ${money(amount - fee, c)}.`
    );
  },
  async run(ctx, input) {
    const { contract, period, amount } = await load(ctx, input);
    const c = contract.currency;
    const r = await releaseWithFee(ctx, {
      contract,
      hold: period.hold,
      amount,
      source: 'retainer',
      line: {
        description: `Retainer, ${input.month} (${period.starts_on} to ${period.ends_on})`,
        quantity: '1 month',
        unitAmount: amount,
      },
    });
    await closeBillingPeriod(ctx.db, period.hold_id, {
      status: 'released',
      billedMinutes: null,
      unpaidMinutes: null,
      now: ctx.now.toISOString(),
    });
    const after = await getBillingPeriod(ctx.db, contract.id, input.month);
    if (!after) throw notFound('billing period', input.month);
    return {
      period: billingPeriodView(after),
      released: { amount, currency: c },
      fee: { amount: r.fee, currency: c },
      freelancerReceives: { amount: r.net, currency: c },
      transfer: { transferId: r.transfer.transferId, kind: r.transfer.kind, amount: { amount, currency: c } },
      invoice: r.invoice,
    };
  },
});
