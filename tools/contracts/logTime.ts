import { z } from 'zod';
import type { Executor } from '../../db/client';
import { getBillingPeriod, isoWeekOf } from '../../db/queries/billing';
import { insertTimeLog, minutesLogged } from '../../db/queries/contracts';
import { defineTool } from '../define';
import { invalid, ToolError } from '../errors';
import { Id, IsoDate } from '../shared/schemas';
import { hours, isoWeek, requireContract, utcDate } from './access';
import { TimeLogView, WeekTotals } from './schemas';

const MINUTES_PER_DAY = 1440;

export const logTime = defineTool({
  name: 'log_time',
  title: 'Log time',
  description:
    'Record time worked on one of your own active hourly contracts (fixed-price and retainer contracts take no ' +
    'time logs). Give the work date (today or earlier, UTC), a description, and either minutes (whole, 1–1440) ' +
    'or hours (decimals allowed, e.g. 1.5; converted to the nearest whole minute). A day holds at most 24 hours ' +
    "per contract, and the contract's weekly hour limit applies to the Monday–Sunday ISO week of the work date: " +
    'a log that would go over it is refused with the hours that remain. A week already billed (or settled by a ' +
    'dispute) or frozen by an open dispute takes no more time. Returns the log and that week’s total.',
  roles: ['freelancer'],
  effect: 'write',
  input: z
    .object({
      contractId: Id('Contract'),
      workDate: IsoDate.describe('The day the work was done, YYYY-MM-DD (UTC); not in the future'),
      minutes: z
        .number()
        .int('Use whole minutes, or pass hours.')
        .min(1)
        .max(MINUTES_PER_DAY)
        .optional()
        .describe('Whole minutes worked; give either minutes or hours'),
      hours: z.number().positive().max(24).optional().describe('Alternative to minutes, e.g. 2.5'),
      description: z.string().trim().min(1).max(2000).describe('What you worked on'),
    })
    .superRefine((input, ctx) => {
      if (input.minutes === undefined && input.hours === undefined) {
        ctx.addIssue({ code: 'custom', path: ['minutes'], message: 'Give minutes or hours.' });
      } else if (input.minutes !== undefined && input.hours !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['hours'], message: 'Give minutes or hours, not both.' });
      } else if (input.hours !== undefined && Math.round(input.hours * 60) < 1) {
        ctx.addIssue({ code: 'custom', path: ['hours'], message: 'That is less than one minute.' });
      }
    }),
  output: z.object({ log: TimeLogView, week: WeekTotals }),
  async authorize(ctx, input) {
    await requireContract(ctx, input.contractId, 'freelancer');
  },
  async run(ctx, input) {
    const contract = await requireContract(ctx, input.contractId, 'freelancer');
    if (contract.kind !== 'hourly') {
      throw new ToolError('CONFLICT', `Only hourly contracts take time logs; this one is ${contract.kind}.`);
    }
    if (contract.status !== 'active') {
      throw new ToolError(
        'CONFLICT',
        `This contract is ${contract.status}; time can only be logged while it is active.`,
      );
    }
    const today = utcDate(ctx.now);
    if (input.workDate > today)
      throw invalid('workDate', `Cannot log time in the future (today is ${today} UTC).`);
    const started = contract.started_at.slice(0, 10);
    if (input.workDate < started) {
      throw invalid('workDate', `The contract started on ${started}; log time from that day on.`);
    }
    await requireOpenWeek(ctx.db, contract.id, input.workDate);
    const minutes = input.minutes ?? Math.round((input.hours ?? 0) * 60);

    const day = await minutesLogged(ctx.db, contract.id, input.workDate, input.workDate);
    if (day + minutes > MINUTES_PER_DAY) {
      throw new ToolError(
        'CONFLICT',
        `${input.workDate} already has ${hours(day)} h logged; a day holds at most 24 h.`,
        { details: { remainingMinutes: MINUTES_PER_DAY - day } },
      );
    }
    const week = isoWeek(input.workDate);
    const weekBefore = await minutesLogged(ctx.db, contract.id, week.start, week.end);
    const limitHours = contract.weekly_limit_hours === null ? null : Number(contract.weekly_limit_hours);
    if (limitHours !== null && weekBefore + minutes > limitHours * 60) {
      const remaining = Math.max(0, limitHours * 60 - weekBefore);
      throw new ToolError(
        'CONFLICT',
        `This would go over the contract's weekly limit of ${limitHours} h for the week of ${week.start}: ` +
          `${hours(weekBefore)} h are logged, so only ${hours(remaining)} h (${remaining} min) remain.`,
        {
          details: {
            weekStart: week.start,
            limitHours,
            loggedMinutes: weekBefore,
            remainingMinutes: remaining,
          },
        },
      );
    }

    const id = ctx.newId('tlg');
    const createdAt = ctx.now.toISOString();
    await insertTimeLog(ctx.db, {
      id,
      contract_id: contract.id,
      freelancer_id: ctx.actor.id,
      work_date: input.workDate,
      minutes,
      description: input.description,
      created_at: createdAt,
    });
    const weekMinutes = weekBefore + minutes;
    return {
      log: {
        id,
        contractId: contract.id,
        workDate: input.workDate,
        minutes,
        description: input.description,
        status: 'logged' as const,
        createdAt,
      },
      week: {
        weekStart: week.start,
        weekEnd: week.end,
        minutes: weekMinutes,
        hours: hours(weekMinutes),
        limitHours,
        remainingMinutes: limitHours === null ? null : limitHours * 60 - weekMinutes,
      },
    };
  },
});

/**
 * A log dated in a week whose bill has closed would never be paid (a week is billed once) and would not count
 * in a dispute already opened on it, so such weeks are refused rather than accepted into limbo.
 */
async function requireOpenWeek(db: Executor, contractId: string, workDate: string): Promise<void> {
  const week = isoWeekOf(workDate);
  const period = await getBillingPeriod(db, contractId, week);
  if (!period) return;
  if (period.status !== 'funded' || period.hold.status === 'settled') {
    const how = period.status === 'funded' ? 'settled' : period.status.replace('_', ' ');
    throw new ToolError(
      'CONFLICT',
      `${week} is already ${how}; time worked that week can no longer be logged.`,
      {
        details: { week, status: period.status },
      },
    );
  }
  if (period.hold.status === 'disputed') {
    throw new ToolError(
      'CONFLICT',
      `${week} is frozen by an open dispute; no more time can be logged for it until an admin resolves it.`,
      { details: { week, status: 'disputed' } },
    );
  }
}
