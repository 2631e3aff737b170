import { z } from 'zod';
import { getBillingPeriod, insertBillingPeriod, monthRange } from '../../db/queries/billing';
import { openHold } from '../../db/queries/holds';
import { requireContract } from '../contracts/access';
import { defineTool, type ToolContext } from '../define';
import { conflict, invalid, notFound } from '../errors';
import { refuseFunded } from './fundHourlyWeek';
import {
  BillingPeriodView,
  billingPeriodView,
  ContractIdInput,
  checkCurrency,
  ExpectedCurrency,
  Month,
  money,
  TransferRef,
} from './schemas';

async function plan(
  ctx: ToolContext,
  input: { contractId: string; month: string; currency?: string | undefined },
) {
  const contract = await requireContract(ctx, input.contractId, 'client');
  if (contract.kind !== 'retainer') {
    throw conflict(`Only retainer contracts are funded by the month; this one is ${contract.kind}.`);
  }
  if (contract.status !== 'active') {
    throw conflict(`This contract is ${contract.status}; only active contracts can be funded.`);
  }
  checkCurrency(input.currency, contract.currency);
  const range = monthRange(input.month);
  if (!range) throw invalid('month', `${input.month} is not a month.`);
  const started = contract.started_at.slice(0, 10);
  if (range.end < started) {
    throw invalid('month', `The contract started on ${started}; ${input.month} ended before that.`);
  }
  await refuseFunded(ctx, contract, input.month);
  const amount = Number(contract.amount_minor);
  if (amount <= 0) throw conflict('This retainer has no monthly fee to fund.');
  return { contract, range, amount };
}

export const fundRetainerPeriod = defineTool({
  name: 'fund_retainer_period',
  title: 'Fund a retainer month',
  description:
    'As the client of an active retainer contract, put one month’s fee (the contract amount) in escrow for a ' +
    'calendar month such as 2026-11. The money moves from your wallet in the contract currency into a hold ' +
    'for that month only; release_retainer_period pays it to the freelancer (minus the platform fee). Each ' +
    'month is funded once. Needs your confirmation; fails cleanly on insufficient funds.',
  roles: ['client'],
  effect: 'money',
  input: z.object({ contractId: ContractIdInput, month: Month, currency: ExpectedCurrency }),
  output: z.object({ period: BillingPeriodView, transfer: TransferRef }),
  async authorize(ctx, input) {
    await requireContract(ctx, input.contractId, 'client');
  },
  async summarize(ctx, input) {
    const { contract, range, amount } = await plan(ctx, input);
    return (
      `Hold ${money(amount, contract.currency)} (the monthly retainer fee) from your ${contract.currency} wallet ` +
      `in escrow for ${input.month} (${range.start} to ${range.end}) of contract ${contract.id} with ` +
      `${contract.freelancer_name} (“${contract.project_title}”).`
    );
  },
  async run(ctx, input) {
    const { contract, range, amount } = await plan(ctx, input);
    const { hold, transfer } = await openHold(ctx.db, {
      contractId: contract.id,
      period: input.month,
      clientId: contract.client_id,
      freelancerId: contract.freelancer_id,
      currency: contract.currency,
      amount,
      actorId: ctx.actor.id,
      now: ctx.now,
    });
    await insertBillingPeriod(ctx.db, {
      holdId: hold.id,
      contractId: contract.id,
      kind: 'retainer_month',
      period: input.month,
      startsOn: range.start,
      endsOn: range.end,
      rateMinor: null,
      fundedHours: null,
      now: ctx.now.toISOString(),
    });
    const period = await getBillingPeriod(ctx.db, contract.id, input.month);
    if (!period) throw notFound('billing period', input.month);
    return {
      period: billingPeriodView(period),
      transfer: {
        transferId: transfer.transferId,
        kind: transfer.kind,
        amount: { amount: transfer.amount, currency: transfer.currency },
      },
    };
  },
});
