import { z } from 'zod';
import type { BillingPeriodWithHold } from '../../db/queries/billing';
import { getContractRow } from '../../db/queries/contracts';
import { remainingOf } from '../../db/queries/holds';
import { formatMinor } from '../../db/queries/ledger';
import { requireContract } from '../contracts/access';
import type { ToolContext } from '../define';
import { invalid, notFound } from '../errors';
import { Currency, Id, IsoDate, Money } from '../shared/schemas';

export const IsoWeek = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'Use an ISO week such as 2026-W48.')
  .describe('ISO week, YYYY-Www (Monday to Sunday, UTC), e.g. 2026-W48');

export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month such as 2026-11.')
  .describe('Calendar month, YYYY-MM, e.g. 2026-11');

export const ExpectedCurrency = Currency.optional().describe(
  "Optional check: the currency you expect to pay in; refused when it is not the contract's",
);

export const TransferRef = z.object({
  transferId: z.string(),
  kind: z.string(),
  amount: Money,
});

export const InvoiceRef = z.object({ id: z.string(), number: z.string().describe('INV-2026-000123') });

export const BillingPeriodView = z.object({
  holdId: z.string(),
  contractId: z.string(),
  kind: z.enum(['hourly_week', 'retainer_month']),
  period: z.string().describe("'2026-W48' for an hourly week, '2026-11' for a retainer month"),
  startsOn: IsoDate,
  endsOn: IsoDate,
  hourlyRate: Money.nullable().describe('Hourly weeks: the rate at funding time'),
  fundedHours: z.number().int().nullable(),
  held: Money.describe('What was put in escrow'),
  released: Money.describe('Paid out of escrow to the freelancer (before the platform fee)'),
  refunded: Money.describe('Returned to the client'),
  remaining: Money.describe('Still in escrow'),
  holdStatus: z.enum(['held', 'disputed', 'settled']),
  status: z.enum(['funded', 'billed', 'released', 'disputed_settled']),
  billedMinutes: z.number().int().nullable(),
  unpaidMinutes: z.number().int().nullable().describe('Logged minutes the hold could not cover'),
});
export type BillingPeriodView = z.infer<typeof BillingPeriodView>;

export function billingPeriodView(b: BillingPeriodWithHold): BillingPeriodView {
  const h = b.hold;
  const money = (amount: number | string) => ({ amount: Number(amount), currency: h.currency });
  return {
    holdId: b.hold_id,
    contractId: b.contract_id,
    kind: b.kind,
    period: b.period,
    startsOn: b.starts_on,
    endsOn: b.ends_on,
    hourlyRate: b.rate_minor === null ? null : money(b.rate_minor),
    fundedHours: b.funded_hours === null ? null : Number(b.funded_hours),
    held: money(h.amount_minor),
    released: money(h.released_minor),
    refunded: money(h.refunded_minor),
    remaining: money(remainingOf(h)),
    holdStatus: h.status,
    status: b.status,
    billedMinutes: b.billed_minutes === null ? null : Number(b.billed_minutes),
    unpaidMinutes: b.unpaid_minutes === null ? null : Number(b.unpaid_minutes),
  };
}

export const ContractIdInput = Id('Contract');

/** The contract for a client of it, or, for an admin, any contract. */
export async function requireClientOrAdmin(ctx: ToolContext, contractId: string) {
  if (ctx.actor.role === 'admin') {
    const c = await getContractRow(ctx.db, contractId);
    if (!c) throw notFound('contract', contractId);
    return c;
  }
  return requireContract(ctx, contractId, 'client');
}

export function checkCurrency(expected: string | undefined, actual: string): void {
  if (expected !== undefined && expected !== actual) {
    throw invalid('currency', `This contract is in ${actual}, not ${expected}; it is funded in ${actual}.`);
  }
}

export const money = (amount: number, currency: string) => formatMinor(amount, currency);

/** "7 h 30 min" */
export function hoursText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
