import { z } from 'zod';
import type { Flag } from '../../db/queries/flags';
import { FLAG_ROLES, type Targeting } from '../../trust/flags';

export const FlagKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{2,63}$/, 'Flag keys are snake_case, e.g. ai_matching_v2.')
  .describe('Flag key, e.g. ai_matching_v2');

export const Percent = z
  .number()
  .min(0)
  .max(100)
  .refine((p) => Math.abs(Math.round(p * 100) - p * 100) < 1e-6, 'Use at most two decimals, e.g. 12.5.')
  .describe('Share of the targeted users, 0–100 (two decimals at most)');

export const TargetingView = z
  .object({
    roles: z.array(z.enum(FLAG_ROLES)).optional(),
    countries: z.array(z.string()).optional().describe('Only users in these countries (ISO 3166 alpha-2)'),
    excludeCountries: z.array(z.string()).optional(),
    verified: z.boolean().optional().describe('true: only verified users; false: only unverified ones'),
  })
  .describe(
    'Conditions on what the platform knows about the user (role, country, verification); all must hold',
  );

export const FlagView = z.object({
  key: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  rolloutPercent: z.number().describe('Share of the targeted users who are in, 0–100'),
  variants: z
    .array(z.object({ key: z.string(), weight: z.number().int(), sharePercent: z.number() }))
    .describe('Arms and their weights; empty for a plain on/off flag'),
  targeting: TargetingView,
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type FlagView = z.infer<typeof FlagView>;

export function flagView(f: Flag): FlagView {
  const total = f.variants.reduce((s, v) => s + v.weight, 0);
  return {
    key: f.key,
    description: f.description,
    enabled: f.enabled,
    rolloutPercent: f.rolloutBps / 100,
    variants: f.variants.map((v) => ({
      key: v.key,
      weight: v.weight,
      sharePercent: total > 0 ? Math.round((v.weight / total) * 10_000) / 100 : 0,
    })),
    targeting: f.targeting,
    updatedAt: f.updatedAt,
    updatedBy: f.updatedBy,
  };
}

const ROLE_PLURAL = { client: 'clients', freelancer: 'freelancers', admin: 'admins' } as const;

/** "verified clients in DE, FR" / "users": the population a rollout applies to, for summaries. */
export function describePopulation(t: Targeting): string {
  const who = t.roles?.length ? t.roles.map((r) => ROLE_PLURAL[r]).join(' and ') : 'users';
  const parts = [t.verified === true ? `verified ${who}` : t.verified === false ? `unverified ${who}` : who];
  if (t.countries?.length) parts.push(`in ${t.countries.join(', ')}`);
  if (t.excludeCountries?.length) parts.push(`outside ${t.excludeCountries.join(', ')}`);
  return parts.join(' ');
}

export const count = (n: number) => n.toLocaleString('en-US');
