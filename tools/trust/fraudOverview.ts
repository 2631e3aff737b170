import { z } from 'zod';
import {
  accountsByLatestBand,
  alertCounts,
  assessmentCounts,
  countSuspended,
  riskDaily,
  topSignals,
} from '../../db/queries/risk';
import { riskThresholds } from '../../trust/risk/policy';
import { riskScorer } from '../../trust/risk/scorer';
import { defineTool } from '../define';
import { bucketOf, bucketsBetween, RangeInput, resolveRange } from './periods';
import { Thresholds } from './schemas';

const BandCounts = z.object({ low: z.number().int(), medium: z.number().int(), high: z.number().int() });

export const fraudOverview = defineTool({
  name: 'fraud_overview',
  title: 'Fraud overview',
  description:
    'Admin only. Fraud risk over a period (default the last 30 days): assessments by band (low, medium = went ' +
    'through with a review alert, high = blocked), accounts by their latest band, alerts by status, reports, ' +
    'suspended accounts, the signals that carried the scores most often, and the trend per day or week.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    ...RangeInput,
    period: z.enum(['day', 'week']).default('day').describe('Trend granularity'),
  }),
  output: z.object({
    from: z.string(),
    to: z.string(),
    period: z.enum(['day', 'week']),
    modelVersion: z.string().describe('The model scoring new actions now'),
    thresholds: Thresholds,
    assessments: z.object({
      total: z.number().int(),
      byBand: BandCounts,
      blocked: z.number().int().describe('Actions refused'),
      reviewed: z.number().int().describe('Actions let through with a review alert'),
    }),
    accountsByBand: BandCounts.describe('Accounts assessed in the period, by their latest band in it'),
    alerts: z.object({
      byStatus: z.object({
        open: z.number().int(),
        dismissed: z.number().int(),
        warned: z.number().int(),
        suspended: z.number().int(),
      }),
      openByBand: BandCounts,
    }),
    reports: z.number().int().describe('Fraud reports filed in the period'),
    suspendedAccounts: z.number().int().describe('Accounts suspended now'),
    topSignals: z.array(
      z.object({
        signal: z.string(),
        count: z.number().int().describe('Assessments it added points to'),
        avgPoints: z.number(),
      }),
    ),
    trend: z.array(
      z.object({
        period: z.string().describe('First day of the bucket'),
        assessments: z.number().int(),
        medium: z.number().int(),
        high: z.number().int(),
        blocked: z.number().int(),
        alertsOpened: z.number().int(),
        reports: z.number().int(),
      }),
    ),
  }),
  async run(ctx, input) {
    const { from, to, since, until } = resolveRange(input, ctx.now, 30, 400);
    const daily = await riskDaily(ctx.db, since, until);
    const trend = bucketsBetween(from, to, input.period).map((period) => ({
      period,
      assessments: 0,
      medium: 0,
      high: 0,
      blocked: 0,
      alertsOpened: 0,
      reports: 0,
    }));
    const byStart = new Map(trend.map((t) => [t.period, t]));
    let reports = 0;
    for (const d of daily) {
      reports += d.reports;
      const t = byStart.get(bucketOf(d.day, input.period));
      if (!t) continue;
      t.assessments += d.assessments;
      t.medium += d.medium;
      t.high += d.high;
      t.blocked += d.blocked;
      t.alertsOpened += d.alerts;
      t.reports += d.reports;
    }
    return {
      from,
      to,
      period: input.period,
      modelVersion: riskScorer().version,
      thresholds: riskThresholds(),
      assessments: await assessmentCounts(ctx.db, since, until),
      accountsByBand: await accountsByLatestBand(ctx.db, since, until),
      alerts: await alertCounts(ctx.db),
      reports,
      suspendedAccounts: await countSuspended(ctx.db),
      topSignals: await topSignals(ctx.db, since, until, 10),
      trend,
    };
  },
});
