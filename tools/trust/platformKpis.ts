import { z } from 'zod';
import {
  disputesOpenedBetween,
  hiresBetween,
  projectsPostedBetween,
  type ReleaseFact,
  releasesBetween,
  type SignupFact,
  signupsBetween,
} from '../../db/queries/kpis';
import { defineTool } from '../define';
import { Amount, amountOf } from '../money/schemas';
import { bucketOf, bucketsBetween, median, PeriodInput, RangeInput, ratio, resolveRange } from './periods';

const ACTIVATION_MS = 24 * 3_600_000;

const Kpis = z.object({
  gmv: z
    .array(
      z.object({
        currency: z.string(),
        gmv: Amount.describe('Money released from escrow to freelancers, platform fee included'),
        fees: Amount.describe('Platform fees kept from those releases'),
        takeRate: z.number().nullable().describe('fees / GMV (0.1 = 10%)'),
      }),
    )
    .describe('Per currency: amounts are never converted'),
  signups: z.object({ total: z.number().int(), clients: z.number().int(), freelancers: z.number().int() }),
  activated24h: z
    .number()
    .int()
    .describe('Of those signups: clients who posted a project, freelancers who sent a proposal, within 24 h'),
  activationRate: z.number().nullable(),
  projectsPosted: z.number().int(),
  proposalsPerProject: z
    .number()
    .nullable()
    .describe('Proposals received so far by the projects posted in the period, per project'),
  hires: z.number().int().describe('Contracts started'),
  medianTimeToHireHours: z
    .number()
    .nullable()
    .describe('From a project being posted to its contract starting, for the contracts started'),
  disputesOpened: z.number().int(),
  disputeRate: z
    .number()
    .nullable()
    .describe('Share of the contracts started in the period that were ever disputed'),
});
type Kpis = z.infer<typeof Kpis>;

interface Facts {
  releases: ReleaseFact[];
  signups: SignupFact[];
  projects: { created_at: string; proposals: number }[];
  hires: { started_at: string; project_created_at: string; disputed: number }[];
  disputes: { created_at: string }[];
}

function kpis(f: Facts): Kpis {
  const byCurrency = new Map<string, { net: number; fee: number }>();
  for (const r of f.releases) {
    const c = byCurrency.get(r.currency) ?? { net: 0, fee: 0 };
    c.net += r.net;
    c.fee += r.fee;
    byCurrency.set(r.currency, c);
  }
  const gmv = [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, c]) => ({
      currency,
      gmv: amountOf(c.net + c.fee, currency),
      fees: amountOf(c.fee, currency),
      takeRate: ratio(c.fee, c.net + c.fee),
    }));
  const activated = f.signups.filter(
    (s) =>
      s.first_action_at !== null && Date.parse(s.first_action_at) - Date.parse(s.created_at) <= ACTIVATION_MS,
  ).length;
  const proposals = f.projects.reduce((s, p) => s + p.proposals, 0);
  const hoursToHire = f.hires.map(
    (h) => (Date.parse(h.started_at) - Date.parse(h.project_created_at)) / 3_600_000,
  );
  const med = median(hoursToHire);
  return {
    gmv,
    signups: {
      total: f.signups.length,
      clients: f.signups.filter((s) => s.role === 'client').length,
      freelancers: f.signups.filter((s) => s.role === 'freelancer').length,
    },
    activated24h: activated,
    activationRate: ratio(activated, f.signups.length),
    projectsPosted: f.projects.length,
    proposalsPerProject: ratio(proposals, f.projects.length),
    hires: f.hires.length,
    medianTimeToHireHours: med === null ? null : Math.round(med * 10) / 10,
    disputesOpened: f.disputes.length,
    disputeRate: ratio(f.hires.filter((h) => h.disputed).length, f.hires.length),
  };
}

export const platformKpis = defineTool({
  name: 'platform_kpis',
  title: 'Platform KPIs',
  description:
    'Admin only. Marketplace health by day, week or month over a date range (default the last 30 days, by ' +
    'week), plus the totals: GMV (money released from escrow to freelancers, fee included, per currency) and ' +
    'take rate (fees / GMV), signups and the share activated within 24 h (a client posting a project, a ' +
    'freelancer sending a proposal), projects posted and proposals per project, hires and the median time ' +
    'from posting to hire, and the dispute rate of the contracts started. From the ledger and marketplace ' +
    'tables; UTC calendar buckets.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({ ...RangeInput, period: PeriodInput.default('week') }),
  output: z.object({
    from: z.string(),
    to: z.string(),
    period: PeriodInput,
    totals: Kpis,
    periods: z.array(Kpis.extend({ period: z.string().describe('First day of the bucket') })),
  }),
  async run(ctx, input) {
    const { from, to, since, until } = resolveRange(input, ctx.now, 30, input.period === 'day' ? 400 : 1100);
    const facts: Facts = {
      releases: await releasesBetween(ctx.db, since, until),
      signups: await signupsBetween(ctx.db, since, until),
      projects: await projectsPostedBetween(ctx.db, since, until),
      hires: await hiresBetween(ctx.db, since, until),
      disputes: await disputesOpenedBetween(ctx.db, since, until),
    };
    const at = (iso: string) => bucketOf(iso, input.period);
    const periods = bucketsBetween(from, to, input.period).map((period) => ({
      period,
      ...kpis({
        releases: facts.releases.filter((r) => at(r.created_at) === period),
        signups: facts.signups.filter((s) => at(s.created_at) === period),
        projects: facts.projects.filter((p) => at(p.created_at) === period),
        hires: facts.hires.filter((h) => at(h.started_at) === period),
        disputes: facts.disputes.filter((d) => at(d.created_at) === period),
      }),
    }));
    return { from, to, period: input.period, totals: kpis(facts), periods };
  },
});
