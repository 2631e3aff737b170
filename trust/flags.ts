import { createHash } from 'node:crypto';

/**
 * Feature-flag decisions as pure functions: bucketing, rollout, targeting and variant choice. Nothing here
 * reads the clock, the environment or the database, so the same flag and user give the same answer in every
 * process, on every machine, after every restart.
 *
 * - Rollout: a user is in when `rolloutBucket(flag, user) < rolloutBps`. The bucket never changes, so raising
 *   the rollout only adds users; lowering it only removes them.
 * - Variants: chosen by a second, independent hash (`variantBucket`), so the variant a user sees does not
 *   change when the rollout changes. Each variant owns a fixed slice of [0, 10000) in list order, so changing
 *   weights moves only the users in the slices that changed.
 * - Targeting: conditions on attributes the server reads for the user (role, country, verified). Nothing a
 *   caller sends is ever an attribute.
 */

/** Buckets per flag: rollout is in basis points, 10000 = everyone. */
export const BUCKETS = 10_000;

export const FLAG_ROLES = ['client', 'freelancer', 'admin'] as const;
export type FlagRole = (typeof FLAG_ROLES)[number];

export interface FlagVariant {
  key: string;
  /** Relative weight (a positive integer); shares are weight / sum of weights. */
  weight: number;
}

/** All conditions that are present must hold; an empty object targets everyone. */
export interface Targeting {
  roles?: FlagRole[] | undefined;
  /** ISO 3166 alpha-2 codes; the user's country must be one of them. */
  countries?: string[] | undefined;
  /** The user's country must not be one of these. */
  excludeCountries?: string[] | undefined;
  /** true: only verified users; false: only users who are not verified. */
  verified?: boolean | undefined;
}

/** What the server knows about a user; read from the database, never from the request. */
export interface UserAttributes {
  role: FlagRole;
  country: string;
  verified: boolean;
}

export interface FlagConfig {
  key: string;
  enabled: boolean;
  /** 0..10000 basis points of the targeted users. */
  rolloutBps: number;
  /** Empty: a plain on/off flag. A `control` arm exists only when it is listed here. */
  variants: readonly FlagVariant[];
  targeting: Targeting;
}

export type DecisionReason =
  | 'unknown_flag'
  | 'disabled'
  | 'unknown_user'
  | 'not_targeted'
  | 'outside_rollout'
  | 'in_rollout';

export interface FlagDecision {
  key: string;
  /** The user is in the flag's population: enabled, targeted and inside the rollout. */
  inFlag: boolean;
  /**
   * The user gets the new behaviour: in the flag and not assigned to a listed `control` arm.
   * A user in `control` is part of the experiment (and exposed) but sees the old behaviour.
   */
  on: boolean;
  /** The assigned variant; `on` for a flag without variants; null when not in the flag. */
  variant: string | null;
  reason: DecisionReason;
  /** Why targeting refused, e.g. "country US is not in [DE, FR]". */
  detail?: string;
}

/** The variant name recorded for an exposure to a flag that has no variants. */
export const PLAIN_VARIANT = 'on';
export const CONTROL = 'control';

/** First 8 bytes of SHA-256(text) as an unsigned 64-bit integer, reduced to [0, 10000). */
export function hashBucket(text: string): number {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(BUCKETS));
}

/** Where this user falls for the flag's rollout: fixed for (flag, user). */
export function rolloutBucket(flagKey: string, userId: string): number {
  return hashBucket(`rollout\u0000${flagKey}\u0000${userId}`);
}

/** Where this user falls among the flag's variants: independent of the rollout bucket. */
export function variantBucket(flagKey: string, userId: string): number {
  return hashBucket(`variant\u0000${flagKey}\u0000${userId}`);
}

export function inRollout(rolloutBps: number, bucket: number): boolean {
  return bucket < rolloutBps;
}

/**
 * The variant whose slice of [0, 10000) holds the bucket. Slice i ends at floor(cumulative weight × 10000 /
 * total), so the shares match the weights to within one bucket. Null when there are no variants.
 */
export function chooseVariant(variants: readonly FlagVariant[], bucket: number): string | null {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  if (variants.length === 0 || total <= 0) return null;
  let cumulative = 0;
  for (const v of variants) {
    cumulative += v.weight;
    if (bucket < Math.floor((cumulative * BUCKETS) / total)) return v.key;
  }
  return variants[variants.length - 1]?.key ?? null;
}

/** Whether the user's server-side attributes satisfy every condition present. */
export function matchTargeting(t: Targeting, user: UserAttributes): { match: boolean; detail?: string } {
  if (t.roles && t.roles.length > 0 && !t.roles.includes(user.role)) {
    return { match: false, detail: `role ${user.role} is not in [${t.roles.join(', ')}]` };
  }
  const country = user.country.toUpperCase();
  if (t.countries && t.countries.length > 0 && !t.countries.includes(country)) {
    return { match: false, detail: `country ${country} is not in [${t.countries.join(', ')}]` };
  }
  if (t.excludeCountries?.includes(country)) {
    return { match: false, detail: `country ${country} is excluded` };
  }
  if (t.verified !== undefined && t.verified !== user.verified) {
    return { match: false, detail: t.verified ? 'the user is not verified' : 'the user is verified' };
  }
  return { match: true };
}

/** Whether the flag needs the user's attributes at all (so callers can skip the lookup). */
export function hasTargeting(t: Targeting): boolean {
  return Boolean(
    (t.roles && t.roles.length > 0) ||
      (t.countries && t.countries.length > 0) ||
      (t.excludeCountries && t.excludeCountries.length > 0) ||
      t.verified !== undefined,
  );
}

/**
 * The decision for one user. `user` is undefined when the user does not exist: a targeted flag is then off;
 * an untargeted one still buckets by id (a flag never depends on the caller's word about who they are).
 */
export function decideFlag(flag: FlagConfig, userId: string, user: UserAttributes | undefined): FlagDecision {
  const off = (reason: DecisionReason, detail?: string): FlagDecision => ({
    key: flag.key,
    inFlag: false,
    on: false,
    variant: null,
    reason,
    ...(detail ? { detail } : {}),
  });
  if (!flag.enabled) return off('disabled');
  if (hasTargeting(flag.targeting)) {
    if (!user) return off('unknown_user');
    const t = matchTargeting(flag.targeting, user);
    if (!t.match) return off('not_targeted', t.detail);
  }
  if (!inRollout(flag.rolloutBps, rolloutBucket(flag.key, userId))) return off('outside_rollout');
  const variant = chooseVariant(flag.variants, variantBucket(flag.key, userId)) ?? PLAIN_VARIANT;
  return { key: flag.key, inFlag: true, on: variant !== CONTROL, variant, reason: 'in_rollout' };
}

/** 1234 → "12.34%", 5000 → "50%". */
export function formatBps(bps: number): string {
  const pct = bps / 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(2).replace(/0$/, '')}%`;
}

/** Percent (up to two decimals) to basis points; throws on anything finer. */
export function percentToBps(percent: number): number {
  const bps = Math.round(percent * 100);
  if (Math.abs(bps - percent * 100) > 1e-6 || bps < 0 || bps > BUCKETS) {
    throw new RangeError(`Rollout ${percent}% must be between 0 and 100 with at most two decimals.`);
  }
  return bps;
}
