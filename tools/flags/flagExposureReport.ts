import { z } from 'zod';
import { exposureStats, getFlag } from '../../db/queries/flags';
import { PLAIN_VARIANT } from '../../trust/flags';
import { defineTool } from '../define';
import { notFound } from '../errors';
import { IsoDate } from '../shared/schemas';
import { FlagKey } from './schemas';

const rate = (users: number, exposed: number) =>
  exposed > 0 ? Math.round((users / exposed) * 10_000) / 10_000 : null;

export const flagExposureReport = defineTool({
  name: 'flag_exposure_report',
  title: 'Flag exposures and conversions',
  description:
    'Admin only. For one feature flag, per variant: how many users were exposed, and per conversion event ' +
    '(proposal_submitted, contract_started…) how many of them converted afterwards, how often, and the ' +
    'conversion rate (converted users / exposed users). Pass since (YYYY-MM-DD) to count only users first ' +
    'exposed from that day, event to report one event.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    flagKey: FlagKey,
    event: z.string().min(1).max(64).optional().describe('Only this conversion event'),
    since: IsoDate.optional().describe('Only users first exposed on or after this day'),
  }),
  output: z.object({
    flagKey: z.string(),
    since: z.string().nullable(),
    totalExposures: z.number().int(),
    variants: z.array(
      z.object({
        variant: z.string(),
        exposures: z.number().int().describe('Users exposed to this variant'),
        conversions: z.array(
          z.object({
            event: z.string(),
            users: z.number().int().describe('Exposed users who converted'),
            occurrences: z.number().int(),
            rate: z.number().nullable().describe('users / exposures, 0–1; null with no exposures'),
          }),
        ),
      }),
    ),
  }),
  async run(ctx, input) {
    const flag = await getFlag(ctx.db, input.flagKey);
    if (!flag) throw notFound('feature flag', input.flagKey);
    const since = input.since ? `${input.since}T00:00:00.000Z` : undefined;
    const stats = await exposureStats(ctx.db, flag.key, { since, event: input.event });
    // Every listed arm appears, exposed or not, in the flag's order; arms no longer listed follow.
    const arms = flag.variants.length > 0 ? flag.variants.map((v) => v.key) : [PLAIN_VARIANT];
    const byArm = new Map(stats.map((s) => [s.variant, s]));
    const order = [...arms, ...stats.map((s) => s.variant).filter((v) => !arms.includes(v))];
    const variants = order.map((variant) => {
      const s = byArm.get(variant);
      const exposures = s?.exposures ?? 0;
      return {
        variant,
        exposures,
        conversions: (s?.conversions ?? []).map((c) => ({ ...c, rate: rate(c.users, exposures) })),
      };
    });
    return {
      flagKey: flag.key,
      since: input.since ?? null,
      totalExposures: variants.reduce((n, v) => n + v.exposures, 0),
      variants,
    };
  },
});
