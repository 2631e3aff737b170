import { z } from 'zod';
import {
  type BillableLog,
  closeBillingPeriod,
  getBillingPeriod,
  markTimeLogsBilled,
  unbilledTimeLogs,
} from '../../db/queries/billing';
import { remainingOf } from '../../db/queries/holds';
import { addDays, utcDate } from '../contracts/access';
import { defineTool, type ToolContext } from '../define';
import { conflict, notFound } from '../errors';
import { IsoDate, Money } from '../shared/schemas';
import { platformFee, refundToClient, releaseWithFee } from './payout';
import {
  BillingPeriodView,
  billingPeriodView,
  ContractIdInput,
  hoursText,
  InvoiceRef,
  IsoWeek,
  money,
  requireClientOrAdmin,
  TransferRef,
} from './schemas';

export const HOURLY_ROUNDING =
  'pay = floor(paid minutes × hourly rate / 60) minor units, computed once for the whole week (never per log); ' +
  'the fraction of a minor unit stays with the client and is refunded with the unused remainder.';

export interface WeekBillPlan {
  loggedMinutes: number;
  paidMinutes: number;
  unpaidMinutes: number;
  gross: number;
  refund: number;
  logs: { id: string; workDate: string; minutes: number; minutesPaid: number }[];
}

/**
 * How a week's logs are paid from what its hold still holds. Logs are paid oldest first; the hold covers at
 * most floor(remaining × 60 / rate) minutes, so time beyond what was funded is never paid from thin air: those
 * minutes (a log may be covered in part) stay unpaid and are reported. Integer math throughout (BigInt).
 */
export function planWeekBill(
  rateMinor: number,
  remainingMinor: number,
  logs: readonly BillableLog[],
): WeekBillPlan {
  const rate = BigInt(rateMinor);
  const loggedMinutes = logs.reduce((s, l) => s + l.minutes, 0);
  const coverable = Number((BigInt(remainingMinor) * 60n) / rate);
  const paidMinutes = Math.min(loggedMinutes, coverable);
  const gross = Number((BigInt(paidMinutes) * rate) / 60n);
  let left = paidMinutes;
  const planned = logs.map((l) => {
    const minutesPaid = Math.min(l.minutes, left);
    left -= minutesPaid;
    return { id: l.id, workDate: l.work_date, minutes: l.minutes, minutesPaid };
  });
  return {
    loggedMinutes,
    paidMinutes,
    unpaidMinutes: loggedMinutes - paidMinutes,
    gross,
    refund: remainingMinor - gross,
    logs: planned,
  };
}

async function load(ctx: ToolContext, input: { contractId: string; week: string }) {
  const contract = await requireClientOrAdmin(ctx, input.contractId);
  if (contract.kind !== 'hourly') {
    throw conflict(`Only hourly contracts are billed by the week; this one is ${contract.kind}.`);
  }
  const period = await getBillingPeriod(ctx.db, contract.id, input.week);
  if (period?.kind !== 'hourly_week') {
    throw conflict(`${input.week} was never funded on this contract: fund_hourly_week first.`);
  }
  if (period.hold.status === 'disputed') {
    throw conflict(
      `${input.week} is frozen by an open dispute; it is settled when an admin resolves the dispute.`,
    );
  }
  if (period.status !== 'funded' || period.hold.status === 'settled') {
    throw conflict(`${input.week} is already ${period.status === 'funded' ? 'settled' : period.status}.`);
  }
  const today = utcDate(ctx.now);
  if (today <= period.ends_on) {
    throw conflict(
      `${input.week} runs until ${period.ends_on}; it can be billed from ${addDays(period.ends_on, 1)} (UTC), ` +
        'once no more time can be logged in it.',
    );
  }
  const logs = await unbilledTimeLogs(ctx.db, contract.id, period.starts_on, period.ends_on);
  const plan = planWeekBill(Number(period.rate_minor), remainingOf(period.hold), logs);
  return { contract, period, plan };
}

export const billHourlyWeek = defineTool({
  name: 'bill_hourly_week',
  title: 'Bill an hourly week',
  description:
    'After a funded ISO week of an hourly contract has ended, pay the freelancer for the time logged in it ' +
    'from that week’s escrow hold and return the unused rest to the client, in one transaction. Pay is ' +
    'floor(minutes × hourly rate / 60) minor units for the whole week, minus the platform fee; logs are marked ' +
    'approved and can never be billed again. Time beyond what the hold covers is not paid by the platform: ' +
    'those minutes are reported as unpaid and their logs stay unpaid. An invoice is issued for the paid part. ' +
    'For the client of the contract or an admin; needs confirmation. A week frozen by a dispute is refused.',
  roles: ['client', 'admin'],
  effect: 'money',
  input: z.object({ contractId: ContractIdInput, week: IsoWeek }),
  output: z.object({
    period: BillingPeriodView,
    loggedMinutes: z.number().int(),
    paidMinutes: z.number().int(),
    unpaidMinutes: z.number().int().describe('Logged but beyond what the hold covered: not paid'),
    hourlyRate: Money,
    paid: Money.describe('Released from escrow for the time (before the fee)'),
    fee: Money,
    freelancerReceives: Money,
    refunded: Money.describe('Returned to the client'),
    logs: z.array(
      z.object({
        id: z.string(),
        workDate: IsoDate,
        minutes: z.number().int(),
        minutesPaid: z.number().int(),
      }),
    ),
    transfers: z.array(TransferRef),
    invoice: InvoiceRef.nullable().describe('The invoice for the paid part; null when nothing was paid'),
    rounding: z.string(),
  }),
  async authorize(ctx, input) {
    await requireClientOrAdmin(ctx, input.contractId);
  },
  async summarize(ctx, input) {
    const { contract, period, plan } = await load(ctx, input);
    const c = contract.currency;
    const { fee } = plan.gross > 0 ? await platformFee(ctx, contract, plan.gross) : { fee: 0 };
    const unpaid =
      plan.unpaidMinutes > 0 ? ` ${hoursText(plan.unpaidMinutes)} beyond the funded hold stay unpaid.` : '';
    return (
      `Bill week ${input.week} of contract ${contract.id} (“${contract.project_title}”): ` +
      `${hoursText(plan.paidMinutes)} × ${money(Number(period.rate_minor), c)}/h = ${money(plan.gross, c)} to ` +
      `${contract.freelancer_name} (platform fee ${money(fee, c)}, they receive ${money(plan.gross - fee, c)}), ` +
      `${money(plan.refund, c)} back to ${contract.client_name}, from the ${money(remainingOf(period.hold), c)} held.` +
      unpaid
    );
  },
  async run(ctx, input) {
    const { contract, period, plan } = await load(ctx, input);
    const c = contract.currency;
    const transfers: z.infer<typeof TransferRef>[] = [];
    let fee = 0;
    let invoice: z.infer<typeof InvoiceRef> | null = null;
    let hold = period.hold;
    if (plan.gross > 0) {
      const r = await releaseWithFee(ctx, {
        contract,
        hold,
        amount: plan.gross,
        source: 'hourly',
        line: {
          description: `Hours, week ${input.week} (${period.starts_on} to ${period.ends_on})`,
          quantity: `${hoursText(plan.paidMinutes)}`,
          unitAmount: Number(period.rate_minor),
        },
      });
      fee = r.fee;
      invoice = r.invoice;
      hold = r.hold;
      transfers.push({
        transferId: r.transfer.transferId,
        kind: r.transfer.kind,
        amount: { amount: r.gross, currency: c },
      });
    }
    if (plan.refund > 0) {
      const r = await refundToClient(ctx, { hold, amount: plan.refund });
      transfers.push({
        transferId: r.transfer.transferId,
        kind: r.transfer.kind,
        amount: { amount: plan.refund, currency: c },
      });
    }
    const paidLogs = plan.logs.filter((l) => l.minutesPaid > 0);
    await markTimeLogsBilled(
      ctx.db,
      period.hold_id,
      'bill',
      paidLogs.map((l) => ({ id: l.id, minutesPaid: l.minutesPaid })),
      ctx.now.toISOString(),
    );
    if (
      !(await closeBillingPeriod(ctx.db, period.hold_id, {
        status: 'billed',
        billedMinutes: plan.paidMinutes,
        unpaidMinutes: plan.unpaidMinutes,
        now: ctx.now.toISOString(),
      }))
    ) {
      throw conflict(`${input.week} was settled meanwhile.`);
    }
    const after = await getBillingPeriod(ctx.db, contract.id, input.week);
    if (!after) throw notFound('billing period', input.week);
    if (after.hold.status !== 'settled') throw new Error(`billing: hold ${after.hold_id} did not settle`);
    const m = (amount: number) => ({ amount, currency: c });
    return {
      period: billingPeriodView(after),
      loggedMinutes: plan.loggedMinutes,
      paidMinutes: plan.paidMinutes,
      unpaidMinutes: plan.unpaidMinutes,
      hourlyRate: m(Number(period.rate_minor)),
      paid: m(plan.gross),
      fee: m(fee),
      freelancerReceives: m(plan.gross - fee),
      refunded: m(plan.refund),
      logs: plan.logs,
      transfers,
      invoice,
      rounding: HOURLY_ROUNDING,
    };
  },
});
