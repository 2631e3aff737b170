import {
  BUCKETS,
  decideFlag,
  type FlagConfig,
  type FlagDecision,
  type FlagRole,
  type FlagVariant,
  hasTargeting,
  type Targeting,
  type UserAttributes,
} from '../../trust/flags';
import type { Executor } from '../client';
import { all, one, run } from '../sql';
import { verifiedSql } from './verification';

export interface FlagRow {
  key: string;
  description: string;
  enabled: number;
  rollout_bps: number;
  variants: string;
  targeting: string;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface Flag extends FlagConfig {
  description: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

export function flagFromRow(r: FlagRow): Flag {
  return {
    key: r.key,
    description: r.description,
    enabled: Number(r.enabled) === 1,
    rolloutBps: Number(r.rollout_bps),
    variants: JSON.parse(r.variants) as FlagVariant[],
    targeting: JSON.parse(r.targeting) as Targeting,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

const COLUMNS =
  'key, description, enabled, rollout_bps, variants, targeting, created_at, updated_at, updated_by';

export async function getFlag(ex: Executor, key: string): Promise<Flag | undefined> {
  const row = await one<FlagRow>(ex, `SELECT ${COLUMNS} FROM feature_flags WHERE key = ?`, [key]);
  return row && flagFromRow(row);
}

export async function listFlags(ex: Executor, keys?: readonly string[]): Promise<Flag[]> {
  if (keys && keys.length === 0) return [];
  const rows = keys
    ? await all<FlagRow>(
        ex,
        `SELECT ${COLUMNS} FROM feature_flags WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key`,
        [JSON.stringify(keys)],
      )
    : await all<FlagRow>(ex, `SELECT ${COLUMNS} FROM feature_flags ORDER BY key`);
  return rows.map(flagFromRow);
}

export interface FlagSeed {
  key: string;
  description: string;
  enabled: boolean;
  rolloutBps: number;
  variants?: FlagVariant[];
  targeting?: Targeting;
}

/** Creates the flag when it does not exist; an existing flag (and what admins changed on it) is kept. */
export async function insertFlagIfMissing(ex: Executor, f: FlagSeed, now: string): Promise<boolean> {
  const n = await run(
    ex,
    `INSERT INTO feature_flags (key, description, enabled, rollout_bps, variants, targeting, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    [
      f.key,
      f.description,
      f.enabled ? 1 : 0,
      f.rolloutBps,
      JSON.stringify(f.variants ?? []),
      JSON.stringify(f.targeting ?? {}),
      now,
      now,
    ],
  );
  return n > 0;
}

export async function setFlagRollout(
  ex: Executor,
  key: string,
  rolloutBps: number,
  by: string,
  now: string,
): Promise<boolean> {
  return (
    (await run(ex, 'UPDATE feature_flags SET rollout_bps = ?, updated_at = ?, updated_by = ? WHERE key = ?', [
      rolloutBps,
      now,
      by,
      key,
    ])) > 0
  );
}

export async function setFlagEnabled(
  ex: Executor,
  key: string,
  enabled: boolean,
  by: string,
  now: string,
): Promise<boolean> {
  return (
    (await run(ex, 'UPDATE feature_flags SET enabled = ?, updated_at = ?, updated_by = ? WHERE key = ?', [
      enabled ? 1 : 0,
      now,
      by,
      key,
    ])) > 0
  );
}

/** Replaces the flag's variants (tests and benchmarks pin a user to an arm; no admin tool changes them yet). */
export async function setFlagVariants(
  ex: Executor,
  key: string,
  variants: readonly FlagVariant[],
  by: string,
  now: string,
): Promise<boolean> {
  return (
    (await run(ex, 'UPDATE feature_flags SET variants = ?, updated_at = ?, updated_by = ? WHERE key = ?', [
      JSON.stringify(variants),
      now,
      by,
      key,
    ])) > 0
  );
}

// ------------------------------------------------------------------------------------------- user attributes

/** Role, country and verification of a user, as the database knows them; undefined for an unknown user. */
export async function userAttributes(ex: Executor, userId: string): Promise<UserAttributes | undefined> {
  const row = await one<{ role: FlagRole; country: string; verified: number }>(
    ex,
    `SELECT u.role, u.country, ${verifiedSql('u.id')} AS verified FROM users u WHERE u.id = ?`,
    [userId],
  );
  return row && { role: row.role, country: row.country, verified: Number(row.verified) === 1 };
}

/** Active users the targeting admits: the population a rollout percentage applies to. */
export async function countEligibleUsers(ex: Executor, t: Targeting): Promise<number> {
  const where: string[] = ["u.status = 'active'"];
  const args: string[] = [];
  if (t.roles && t.roles.length > 0) {
    where.push('u.role IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(t.roles));
  }
  if (t.countries && t.countries.length > 0) {
    where.push('upper(u.country) IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(t.countries));
  }
  if (t.excludeCountries && t.excludeCountries.length > 0) {
    where.push('upper(u.country) NOT IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(t.excludeCountries));
  }
  if (t.verified !== undefined) where.push(`${verifiedSql('u.id')} = ${t.verified ? 1 : 0}`);
  const row = await one<{ n: number }>(
    ex,
    `SELECT count(*) AS n FROM users u WHERE ${where.join(' AND ')}`,
    args,
  );
  return Number(row?.n ?? 0);
}

/** Roughly how many users a rollout of `bps` reaches (eligible × share), for confirmation summaries. */
export function usersAt(eligible: number, bps: number): number {
  return Math.round((eligible * bps) / BUCKETS);
}

// ------------------------------------------------------------------------------------- decisions for product

/** The decision for one flag and user, from the stored flag and the user's stored attributes. */
export async function evaluateFlag(ex: Executor, flagKey: string, userId: string): Promise<FlagDecision> {
  const flag = await getFlag(ex, flagKey);
  if (!flag) return { key: flagKey, inFlag: false, on: false, variant: null, reason: 'unknown_flag' };
  return decideFor(ex, [flag], userId).then((d) => d[0] as FlagDecision);
}

/** Decisions for several flags, reading the user's attributes at most once. */
export async function decideFor(
  ex: Executor,
  flags: readonly Flag[],
  userId: string,
): Promise<FlagDecision[]> {
  const needsUser = flags.some((f) => f.enabled && hasTargeting(f.targeting));
  const user = needsUser ? await userAttributes(ex, userId) : undefined;
  return flags.map((f) => decideFlag(f, userId, user));
}

/**
 * Decisions for these flags and one user, by key, with one read of the flags and at most one of the user.
 * A key that names no flag gets an `unknown_flag` decision (off), as evaluateFlag gives.
 */
export async function evaluateFlags(
  ex: Executor,
  keys: readonly string[],
  userId: string,
): Promise<Map<string, FlagDecision>> {
  const flags = await listFlags(ex, keys);
  const decided = new Map((await decideFor(ex, flags, userId)).map((d) => [d.key, d]));
  return new Map(
    keys.map((key) => [
      key,
      decided.get(key) ?? { key, inFlag: false, on: false, variant: null, reason: 'unknown_flag' },
    ]),
  );
}

/**
 * Whether this user gets the flag's new behaviour. Reads only (safe on a read connection); records no exposure.
 * A flag that does not exist is off.
 * @example if (await isFlagOn(ctx.db, 'semantic_search', ctx.actor.id)) { ...vector candidates... }
 */
export async function isFlagOn(ex: Executor, flagKey: string, userId: string): Promise<boolean> {
  return (await evaluateFlag(ex, flagKey, userId)).on;
}

/**
 * The variant this user is assigned ('control', 'treatment'…, or 'on' for a flag without variants); null when
 * the user is not in the flag. Reads only; records no exposure.
 */
export async function flagVariant(ex: Executor, flagKey: string, userId: string): Promise<string | null> {
  return (await evaluateFlag(ex, flagKey, userId)).variant;
}

/**
 * Decides the flag for the user and records their first exposure to the assigned variant. Call it inside a
 * write transaction (a write tool's ctx.db) at the point where the variant changes what the user sees.
 */
export async function exposeFlag(
  tx: Executor,
  flagKey: string,
  userId: string,
  now: Date,
): Promise<FlagDecision> {
  const decision = await evaluateFlag(tx, flagKey, userId);
  await recordExposures(tx, userId, [decision], now);
  return decision;
}

/** Records the first exposure for each decision that put the user in its flag; returns how many were new. */
export async function recordExposures(
  tx: Executor,
  userId: string,
  decisions: readonly FlagDecision[],
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  return insertExposures(
    tx,
    decisions.flatMap((d) =>
      d.inFlag && d.variant !== null ? [{ flagKey: d.key, variant: d.variant, userId, at }] : [],
    ),
  );
}

/** One user's exposure to one arm of a flag, first seen at `at` (ISO). */
export interface ExposureRow {
  flagKey: string;
  variant: string;
  userId: string;
  at: string;
}

/** Inserts exposures of any users; one already recorded keeps its first time. Returns how many were new. */
export async function insertExposures(tx: Executor, rows: readonly ExposureRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return run(
    tx,
    `INSERT INTO flag_exposures (flag_key, variant, user_id, first_seen_at)
     SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
            json_extract(value, '$[3]') FROM json_each(?)
      WHERE true
     ON CONFLICT (flag_key, variant, user_id) DO NOTHING`,
    [JSON.stringify(rows.map((r) => [r.flagKey, r.variant, r.userId, r.at]))],
  );
}

/**
 * Records that a user did something an experiment cares about ("proposal_submitted", "contract_started"…),
 * attributed to every variant they had been exposed to by `now` (one flag's only, when flagKey is given).
 * Returns how many (flag, variant) pairs it was attributed to; 0 when the user was never exposed.
 */
export async function trackConversion(
  tx: Executor,
  c: { userId: string; event: string; now: Date; flagKey?: string },
): Promise<number> {
  const at = c.now.toISOString();
  return run(
    tx,
    `INSERT INTO flag_conversions (flag_key, variant, event, user_id, occurrences, first_at, last_at)
     SELECT e.flag_key, e.variant, ?, e.user_id, 1, ?, ? FROM flag_exposures e
      WHERE e.user_id = ? AND e.first_seen_at <= ? AND (? IS NULL OR e.flag_key = ?)
     ON CONFLICT (flag_key, variant, event, user_id) DO UPDATE
       SET occurrences = occurrences + 1, last_at = excluded.last_at`,
    [c.event, at, at, c.userId, at, c.flagKey ?? null, c.flagKey ?? null],
  );
}

// -------------------------------------------------------------------------------------------------- reporting

export interface VariantStats {
  variant: string;
  exposures: number;
  conversions: { event: string; users: number; occurrences: number }[];
}

/** Exposed users per variant, and per conversion event the users who converted and how often. */
export async function exposureStats(
  ex: Executor,
  flagKey: string,
  opts: { since?: string | undefined; event?: string | undefined } = {},
): Promise<VariantStats[]> {
  const since = opts.since ?? null;
  const exposures = await all<{ variant: string; n: number }>(
    ex,
    `SELECT variant, count(*) AS n FROM flag_exposures
      WHERE flag_key = ? AND (? IS NULL OR first_seen_at >= ?) GROUP BY variant ORDER BY variant`,
    [flagKey, since, since],
  );
  // Only users exposed in the window count as converted, so each rate is a share of its own denominator.
  const conversions = await all<{ variant: string; event: string; users: number; occurrences: number }>(
    ex,
    `SELECT c.variant, c.event, count(*) AS users, sum(c.occurrences) AS occurrences
       FROM flag_conversions c JOIN flag_exposures e
         ON e.flag_key = c.flag_key AND e.variant = c.variant AND e.user_id = c.user_id
      WHERE c.flag_key = ? AND (? IS NULL OR e.first_seen_at >= ?) AND (? IS NULL OR c.event = ?)
      GROUP BY c.variant, c.event ORDER BY c.variant, c.event`,
    [flagKey, since, since, opts.event ?? null, opts.event ?? null],
  );
  const variants = new Map<string, VariantStats>();
  for (const e of exposures)
    variants.set(e.variant, { variant: e.variant, exposures: Number(e.n), conversions: [] });
  for (const c of conversions) {
    const v = variants.get(c.variant) ?? { variant: c.variant, exposures: 0, conversions: [] };
    v.conversions.push({ event: c.event, users: Number(c.users), occurrences: Number(c.occurrences) });
    variants.set(c.variant, v);
  }
  return [...variants.values()];
}
