import { z } from 'zod';
import { activeDaysOfCohort, cohortMembers } from '../../db/queries/kpis';
import { defineTool } from '../define';
import { addPeriods, bucketOf, bucketsBetween, dayOf, RangeInput, ratio, resolveRange } from './periods';

export const cohortRetention = defineTool({
  name: 'cohort_retention',
  title: 'Cohort retention',
  description:
    'Admin only. Signup cohorts by week or month (default weekly, the last 8 weeks of signups) and, for each, ' +
    'the share of its accounts active in each later period: offset 0 is the signup period, 1 the next, and so ' +
    'on up to `periods` (only periods that have started). Active means any successful tool call, a project, ' +
    'proposal, contract, time log, review, deposit or payout request. Filter by role.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    cohort: z.enum(['week', 'month']).default('week'),
    ...RangeInput,
    periods: z.number().int().min(1).max(24).default(8).describe('How many periods after signup to follow'),
    role: z.enum(['client', 'freelancer']).optional(),
  }),
  output: z.object({
    cohort: z.enum(['week', 'month']),
    from: z.string(),
    to: z.string(),
    cohorts: z.array(
      z.object({
        cohort: z.string().describe('First day of the signup week or month'),
        size: z.number().int(),
        retention: z.array(
          z.object({
            offset: z.number().int().describe('Periods after the signup period (0 = the signup period)'),
            active: z.number().int(),
            rate: z.number().nullable(),
          }),
        ),
      }),
    ),
  }),
  async run(ctx, input) {
    const defaultDays = input.cohort === 'week' ? 56 : 182;
    const range = resolveRange(input, ctx.now, defaultDays, 1100);
    // Whole cohorts: from the first day of the period holding `from` to the end of the one holding `to`.
    const first = bucketOf(range.from, input.cohort);
    const afterLast = addPeriods(bucketOf(range.to, input.cohort), input.cohort, 1);
    const since = `${first}T00:00:00.000Z`;
    const until = `${afterLast}T00:00:00.000Z`;
    const members = await cohortMembers(ctx.db, since, until, input.role);
    const days = await activeDaysOfCohort(ctx.db, since, until, input.role);
    const cohortOf = new Map(members.map((m) => [m.id, bucketOf(m.created_at, input.cohort)]));
    const today = dayOf(ctx.now.toISOString());
    // cohort → offset → active accounts
    const active = new Map<string, Map<number, Set<string>>>();
    for (const d of days) {
      const c = cohortOf.get(d.user_id);
      if (!c) continue;
      const b = bucketOf(d.day, input.cohort);
      const offset = offsetBetween(c, b, input.cohort);
      if (offset < 0 || offset > input.periods) continue;
      const byOffset = active.get(c) ?? new Map<number, Set<string>>();
      const set = byOffset.get(offset) ?? new Set<string>();
      set.add(d.user_id);
      byOffset.set(offset, set);
      active.set(c, byOffset);
    }
    const cohorts = bucketsBetween(first, range.to, input.cohort).map((c) => {
      const size = members.filter((m) => cohortOf.get(m.id) === c).length;
      const retention = [];
      for (let offset = 0; offset <= input.periods; offset++) {
        if (addPeriods(c, input.cohort, offset) > today) break;
        const n = active.get(c)?.get(offset)?.size ?? 0;
        retention.push({ offset, active: n, rate: ratio(n, size) });
      }
      return { cohort: c, size, retention };
    });
    return {
      cohort: input.cohort,
      from: first,
      to: dayOf(new Date(Date.parse(until) - 1).toISOString()),
      cohorts,
    };
  },
});

function offsetBetween(start: string, bucket: string, period: 'week' | 'month'): number {
  if (period === 'month') {
    const [y1, m1] = start.split('-').map(Number) as [number, number];
    const [y2, m2] = bucket.split('-').map(Number) as [number, number];
    return (y2 - y1) * 12 + (m2 - m1);
  }
  return Math.round(
    (Date.parse(`${bucket}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / (7 * 86_400_000),
  );
}
