import { z } from 'zod';
import { getContractReviews, getContractScopeChanges, minutesLogged } from '../../db/queries/contracts';
import { defineTool, ROLES } from '../define';
import { Id } from '../shared/schemas';
import {
  contractView,
  hours,
  isoWeek,
  requireContract,
  reviewView,
  scopeChangeView,
  utcDate,
} from './access';
import { ContractView, ReviewView, ScopeChangeView, WeekTotals } from './schemas';

export const getContract = defineTool({
  name: 'get_contract',
  title: 'Get a contract',
  description:
    'One of your contracts, as client or freelancer (admins may read any): kind, amount or hourly rate, weekly ' +
    'hour limit, status, deadline, its milestones, time logged this ISO week (Monday–Sunday, UTC) and in total, ' +
    'the reviews both parties left, and every scope change request, newest first.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({ contractId: Id('Contract') }),
  output: ContractView.extend({
    time: WeekTotals.extend({ totalMinutes: z.number().int(), totalHours: z.number() }),
    reviews: z.array(ReviewView),
    scopeChanges: z.array(ScopeChangeView),
  }),
  async authorize(ctx, input) {
    await requireContract(ctx, input.contractId, 'party-or-admin');
  },
  async run(ctx, input) {
    const c = await requireContract(ctx, input.contractId, 'party-or-admin');
    const week = isoWeek(utcDate(ctx.now));
    const [view, weekMinutes, totalMinutes, reviews, scopeChanges] = await Promise.all([
      contractView(ctx.db, c),
      minutesLogged(ctx.db, c.id, week.start, week.end),
      minutesLogged(ctx.db, c.id),
      getContractReviews(ctx.db, c.id),
      getContractScopeChanges(ctx.db, c.id),
    ]);
    const limitHours = c.weekly_limit_hours === null ? null : Number(c.weekly_limit_hours);
    return {
      ...view,
      time: {
        weekStart: week.start,
        weekEnd: week.end,
        minutes: weekMinutes,
        hours: hours(weekMinutes),
        limitHours,
        remainingMinutes: limitHours === null ? null : Math.max(0, limitHours * 60 - weekMinutes),
        totalMinutes,
        totalHours: hours(totalMinutes),
      },
      reviews: reviews.map((r) => reviewView(r, c)),
      scopeChanges: scopeChanges.map((s) => scopeChangeView(s, c)),
    };
  },
});
