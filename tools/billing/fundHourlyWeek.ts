import { z } from 'zod';
import { getBillingPeriod, insertBillingPeriod, isoWeekRange } from '../../db/queries/billing';
import type { ContractRow } from '../../db/queries/contracts';
import { openHold } from '../../db/queries/holds';
import { requireContract } from '../contracts/access';
import { defineTool, type ToolContext } from '../define';
import { conflict, invalid, notFound } from '../errors';
import {
  BillingPeriodView,
  billingPeriodView,
  ContractIdInput,
  checkCurrency,
  ExpectedCurrency,
  IsoWeek,
  money,
  TransferRef,
} from './schemas';

interface Input {
  contractId: string;
  week: string;
  hours?: number | undefined;
  currency?: string | undefined;
}

/** Everything a funding needs, checked: the contract, the week's dates, the hours and the amount. */
async function plan(ctx: ToolContext, input: Input) {
  const contract = await requireContract(ctx, input.contractId, 'client');
  if (contract.kind !== 'hourly') {
    throw conflict(`Only hourly contracts are funded by the week; this one is ${contract.kind}.`);
  }
  if (contract.status !== 'active') {
    throw conflict(`This contract is ${contract.status}; only active contracts can be funded.`);
  }
  checkCurrency(input.currency, contract.currency);
  const range = isoWeekRange(input.week);
  if (!range) throw invalid('week', `${input.week} is not an ISO week.`);
  const started = contract.started_at.slice(0, 10);
  if (range.end < started) {
    throw invalid('week', `The contract started on ${started}; ${input.week} ended before that.`);
  }
  const limit = contract.weekly_limit_hours === null ? null : Number(contract.weekly_limit_hours);
  const hours = input.hours ?? limit;
  if (hours === null) {
    throw invalid('hours', 'This contract has no weekly hour limit: say how many hours to fund.');
  }
  if (limit !== null && hours > limit) {
    throw invalid('hours', `The contract's weekly limit is ${limit} h; fund at most that.`);
  }
  await refuseFunded(ctx, contract, input.week);
  const rate = Number(contract.hourly_rate_minor ?? 0);
  if (rate <= 0) throw conflict('This contract has no hourly rate to fund.');
  const amount = rate * hours;
  return { contract, range, hours, rate, amount };
}

export const fundHourlyWeek = defineTool({
  name: 'fund_hourly_week',
  title: 'Fund an hourly week',
  description:
    'As the client of an active hourly contract, put one ISO week (Monday–Sunday, UTC, e.g. 2026-W48) of pay ' +
    'in escrow: hourly rate × the weekly hour limit, or × `hours` when you give it (required when the contract ' +
    'has no limit; at most the limit). The money moves from your wallet in the contract currency into a hold ' +
    'for that week only; after the week ends, bill_hourly_week pays the logged time from it and returns the ' +
    'rest. Each week is funded once. Needs your confirmation; fails cleanly on insufficient funds.',
  roles: ['client'],
  effect: 'money',
  input: z.object({
    contractId: ContractIdInput,
    week: IsoWeek,
    hours: z
      .number()
      .int('Fund whole hours.')
      .min(1)
      .max(168)
      .optional()
      .describe("Hours to fund; defaults to the contract's weekly limit"),
    currency: ExpectedCurrency,
  }),
  output: z.object({ period: BillingPeriodView, transfer: TransferRef }),
  async authorize(ctx, input) {
    await requireContract(ctx, input.contractId, 'client');
  },
  async summarize(ctx, input) {
    const { contract, range, hours, rate, amount } = await plan(ctx, input);
    return (
      `Hold ${money(amount, contract.currency)} (${hours} h × ${money(rate, contract.currency)}/h) from your ` +
      `${contract.currency} wallet in escrow for week ${input.week} (${range.start} to ${range.end}) of ` +
      `contract ${contract.id} with ${contract.freelancer_name} (“${contract.project_title}”).`
    );
  },
  async run(ctx, input) {
    const { contract, range, hours, rate, amount } = await plan(ctx, input);
    const { hold, transfer } = await openHold(ctx.db, {
      contractId: contract.id,
      period: input.week,
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
      kind: 'hourly_week',
      period: input.week,
      startsOn: range.start,
      endsOn: range.end,
      rateMinor: rate,
      fundedHours: hours,
      now: ctx.now.toISOString(),
    });
    const period = await getBillingPeriod(ctx.db, contract.id, input.week);
    if (!period) throw notFound('billing period', input.week);
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

export async function refuseFunded(ctx: ToolContext, contract: ContractRow, period: string): Promise<void> {
  const existing = await getBillingPeriod(ctx.db, contract.id, period);
  if (existing) {
    throw conflict(
      `${period} is already funded on this contract (${money(Number(existing.hold.amount_minor), contract.currency)} ` +
        `in hold ${existing.hold_id}, ${existing.status}).`,
    );
  }
}
