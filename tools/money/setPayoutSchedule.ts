import { z } from 'zod';
import { upsertPayoutSchedule } from '../../db/queries/payments';
import { addDays, utcDate } from '../contracts/access';
import { defineTool } from '../define';
import { Money } from '../shared/schemas';
import { Amount, amountOf } from './schemas';

export const PayoutFrequency = z.enum(['weekly', 'biweekly', 'monthly']);

/** The first payout day after today (UTC): the next Monday for weekly and biweekly, else the 1st of next month. */
export function firstPayoutDate(frequency: z.infer<typeof PayoutFrequency>, now: Date): string {
  const today = utcDate(now);
  if (frequency === 'monthly') {
    return utcDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
  }
  const day = new Date(`${today}T00:00:00.000Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(today, (8 - day) % 7 || 7);
}

export const setPayoutSchedule = defineTool({
  name: 'set_payout_schedule',
  title: 'Set payout schedule',
  description:
    'Choose when your available wallet balance in one currency is paid out automatically: weekly or biweekly ' +
    '(on Mondays) or monthly (on the 1st), and only when at least minimumAmount is available (integer minor ' +
    'units; 0 pays out any balance). One schedule per currency; setting it again replaces it. Returns the ' +
    'schedule and the first payout date (UTC). You can still withdraw by hand at any time.',
  roles: ['freelancer'],
  effect: 'write',
  input: z.object({
    frequency: PayoutFrequency.describe('weekly, biweekly or monthly'),
    minimumAmount: Money.describe(
      'Pay out only when at least this much is available; its currency is the schedule’s',
    ),
  }),
  output: z.object({
    currency: z.string(),
    frequency: PayoutFrequency,
    minimumAmount: Amount,
    nextPayoutOn: z.string().describe('The first scheduled payout day, YYYY-MM-DD (UTC)'),
    updatedAt: z.string(),
  }),
  async run(ctx, input) {
    const row = await upsertPayoutSchedule(ctx.db, {
      user_id: ctx.actor.id,
      currency: input.minimumAmount.currency,
      frequency: input.frequency,
      minimum_minor: input.minimumAmount.amount,
      next_run_on: firstPayoutDate(input.frequency, ctx.now),
      now: ctx.now,
    });
    return {
      currency: row.currency,
      frequency: row.frequency,
      minimumAmount: amountOf(Number(row.minimum_minor), row.currency),
      nextPayoutOn: row.next_run_on,
      updatedAt: row.updated_at,
    };
  },
});
