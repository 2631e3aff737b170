import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exposeFlag,
  flagVariant,
  insertFlagIfMissing,
  isFlagOn,
  trackConversion,
} from '../../db/queries/flags';
import { FLAGS } from '../../db/seed/data/flags';
import { all, one, run } from '../../db/sql';
import type { CallResult } from '../../tools/dispatcher';
import type { FlagView } from '../../tools/flags/schemas';
import {
  BUCKETS,
  chooseVariant,
  decideFlag,
  type FlagConfig,
  matchTargeting,
  rolloutBucket,
  variantBucket,
} from '../../trust/flags';
import { BACKENDS, makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

const ROOT = resolve(import.meta.dirname, '../..');
const users = (n: number, prefix = 'usr_') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** The bucket re-derived from its definition with nothing but node:crypto: first 8 bytes of SHA-256, mod 10000. */
function referenceBucket(salt: string, flag: string, user: string): number {
  const digest = createHash('sha256').update(`${salt}\u0000${flag}\u0000${user}`).digest();
  return Number(digest.readBigUInt64BE(0) % 10_000n);
}

describe('flag bucketing (pure)', () => {
  it('is pinned: the same flag and user give the same buckets on every machine and after every restart', () => {
    // Values computed once and checked against an independent implementation (Python hashlib).
    expect(rolloutBucket('ai_matching_v2', 'usr_1')).toBe(5426);
    expect(variantBucket('ai_matching_v2', 'usr_1')).toBe(314);
    expect(rolloutBucket('semantic_search', 'usr_demo')).toBe(2831);
    for (const user of users(1_000)) {
      expect(rolloutBucket('ai_matching_v2', user)).toBe(referenceBucket('rollout', 'ai_matching_v2', user));
      expect(variantBucket('ai_matching_v2', user)).toBe(referenceBucket('variant', 'ai_matching_v2', user));
    }
  });

  it('gives the same buckets in a separate process', () => {
    const code = `
      import { rolloutBucket, variantBucket } from './trust/flags';
      const out = [];
      for (let i = 0; i < 1000; i++) {
        const u = 'usr_' + i;
        out.push([rolloutBucket('ai_matching_v2', u), variantBucket('ai_matching_v2', u)]);
      }
      process.stdout.write(JSON.stringify(out));`;
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const theirs = JSON.parse(stdout) as [number, number][];
    const ours = users(1_000).map((u) => [
      rolloutBucket('ai_matching_v2', u),
      variantBucket('ai_matching_v2', u),
    ]);
    expect(theirs).toHaveLength(1_000);
    expect(theirs).toEqual(ours);
  });

  const flag = (over: Partial<FlagConfig> = {}): FlagConfig => ({
    key: 'ai_matching_v2',
    enabled: true,
    rolloutBps: 1_000,
    variants: [
      { key: 'control', weight: 50 },
      { key: 'treatment', weight: 50 },
    ],
    targeting: {},
    ...over,
  });

  it('raising 10% → 50% keeps every user who was in, and nobody changes variant', () => {
    const population = users(10_000);
    const at10 = population.map((u) => decideFlag(flag({ rolloutBps: 1_000 }), u, undefined));
    const at50 = population.map((u) => decideFlag(flag({ rolloutBps: 5_000 }), u, undefined));
    let in10 = 0;
    let in50 = 0;
    population.forEach((_, i) => {
      const before = at10[i]!;
      const after = at50[i]!;
      if (before.inFlag) {
        in10++;
        expect(after.inFlag).toBe(true);
        expect(after.variant).toBe(before.variant);
      }
      if (after.inFlag) in50++;
    });
    expect(in10 / population.length).toBeCloseTo(0.1, 1);
    expect(in50 / population.length).toBeCloseTo(0.5, 1);
    // Lowering it back removes only those it added.
    const back = population.map((u) => decideFlag(flag({ rolloutBps: 1_000 }), u, undefined));
    expect(back).toEqual(at10);
  });

  it('splits 100,000 users within 1 percentage point of the variant weights', () => {
    const n = 100_000;
    const buckets = Array.from({ length: n }, (_, i) => variantBucket('proposal_copilot', `usr_sim_${i}`));
    const shares = (weights: { key: string; weight: number }[]) => {
      const counts = new Map<string, number>();
      for (const b of buckets) {
        const v = chooseVariant(weights, b)!;
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      return counts;
    };
    for (const weights of [
      [
        { key: 'control', weight: 50 },
        { key: 'treatment_a', weight: 30 },
        { key: 'treatment_b', weight: 20 },
      ],
      [
        { key: 'a', weight: 1 },
        { key: 'b', weight: 1 },
        { key: 'c', weight: 1 },
      ],
      [
        { key: 'control', weight: 9 },
        { key: 'treatment', weight: 1 },
      ],
    ]) {
      const total = weights.reduce((t, w) => t + w.weight, 0);
      const counts = shares(weights);
      for (const w of weights) {
        const share = (counts.get(w.key) ?? 0) / n;
        expect(Math.abs(share - w.weight / total), w.key).toBeLessThan(0.01);
      }
    }
  });

  it('counts control as a variant only when it is listed', () => {
    const plain = decideFlag(flag({ rolloutBps: BUCKETS, variants: [] }), 'usr_1', undefined);
    expect(plain).toMatchObject({ inFlag: true, on: true, variant: 'on' });
    const withControl = users(200).map((u) => decideFlag(flag({ rolloutBps: BUCKETS }), u, undefined));
    const control = withControl.filter((d) => d.variant === 'control');
    expect(control.length).toBeGreaterThan(50);
    for (const d of control) expect(d).toMatchObject({ inFlag: true, on: false });
    // Outside the rollout nobody is "control": they are simply not in.
    const out = users(200)
      .map((u) => decideFlag(flag({ rolloutBps: 0 }), u, undefined))
      .filter((d) => d.variant !== null);
    expect(out).toEqual([]);
  });

  it('evaluates targeting on server-side attributes only', () => {
    const user = { role: 'client' as const, country: 'US', verified: false };
    expect(matchTargeting({ roles: ['client'] }, user).match).toBe(true);
    expect(matchTargeting({ roles: ['freelancer'] }, user).match).toBe(false);
    expect(matchTargeting({ countries: ['DE', 'FR'] }, user)).toEqual({
      match: false,
      detail: 'country US is not in [DE, FR]',
    });
    expect(matchTargeting({ excludeCountries: ['US'] }, user).match).toBe(false);
    expect(matchTargeting({ verified: true }, user).match).toBe(false);
    expect(matchTargeting({ verified: true }, { ...user, verified: true }).match).toBe(true);
    // A targeted flag is off for a user the server does not know, whatever the rollout.
    expect(
      decideFlag(flag({ rolloutBps: BUCKETS, targeting: { roles: ['client'] } }), 'usr_ghost', undefined),
    ).toMatchObject({ on: false, reason: 'unknown_user' });
  });
});

describe.each(BACKENDS)('feature flags on %s', (backend) => {
  let env: TestEnv;
  let admin: TestUser;
  beforeAll(async () => {
    env = await testEnv(backend);
    admin = await makeUser(env.rt, 'admin');
  });
  afterAll(async () => {
    await env.close();
  });

  const call = <T = unknown>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });
  async function ok<T>(user: TestUser, tool: string, input: unknown): Promise<T> {
    const res = await call<T>(user, tool, input);
    if (!res.ok) throw new Error(`${tool} failed: ${JSON.stringify(res.error)}`);
    return res.data;
  }
  let flagCounter = 0;
  /** A flag of this test's own, so tests do not move each other's flags. */
  async function newFlag(over: Partial<Parameters<typeof insertFlagIfMissing>[1]> = {}): Promise<string> {
    const key = `test_flag_${backend}_${++flagCounter}`;
    await env.rt.db.write((tx) =>
      insertFlagIfMissing(
        tx,
        { key, description: 'A test flag', enabled: true, rolloutBps: BUCKETS, ...over },
        env.clock.now().toISOString(),
      ),
    );
    return key;
  }
  const exposures = (key: string) =>
    all<{ user_id: string; variant: string }>(
      env.rt.db.reader,
      'SELECT user_id, variant FROM flag_exposures WHERE flag_key = ? ORDER BY user_id, variant',
      [key],
    );

  it('seeds the flags the product consults, and lists them to admins only', async () => {
    const { flags } = await ok<{ flags: FlagView[] }>(admin, 'list_flags', {});
    for (const seeded of FLAGS) {
      expect(
        flags.find((f) => f.key === seeded.key),
        seeded.key,
      ).toMatchObject({
        enabled: seeded.enabled,
        rolloutPercent: seeded.rolloutBps / 100,
      });
    }
    expect(flags.find((f) => f.key === 'ai_matching_v2')?.variants).toEqual([
      { key: 'control', weight: 50, sharePercent: 50 },
      { key: 'treatment', weight: 50, sharePercent: 50 },
    ]);
    for (const role of ['client', 'freelancer'] as const) {
      const user = await makeUser(env.rt, role);
      for (const tool of ['list_flags', 'get_flag', 'flag_exposure_report']) {
        const res = await call(user, tool, tool === 'list_flags' ? {} : { flagKey: 'ai_matching_v2' });
        expect(res, `${role} ${tool}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
  });

  it('decides from the server-side attributes, never from what the caller sends', async () => {
    const key = await newFlag({ targeting: { countries: ['DE'] } });
    const user = await makeUser(env.rt, 'client'); // country US in the database
    const mine = async () =>
      (await ok<{ flags: { key: string; on: boolean }[] }>(user, 'check_flags', { keys: [key] })).flags[0];

    expect(await mine()).toEqual({ key, on: false, variant: null });
    // Claiming another country (or role, or verification) is refused outright, and decides nothing.
    for (const claim of [{ country: 'DE' }, { attributes: { country: 'DE' } }, { verified: true }]) {
      const res = await call(user, 'check_flags', { keys: [key], ...claim });
      expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await isFlagOn(env.rt.db.reader, key, user.actor.id)).toBe(false);

    // What the database says about the user is what counts.
    await env.rt.db.write((tx) => run(tx, "UPDATE users SET country = 'DE' WHERE id = ?", [user.actor.id]));
    expect(await mine()).toEqual({ key, on: true, variant: 'on' });
    expect(await isFlagOn(env.rt.db.reader, key, user.actor.id)).toBe(true);

    // Verification is read from KYC decisions too.
    const verifiedOnly = await newFlag({ targeting: { verified: true } });
    expect(await isFlagOn(env.rt.db.reader, verifiedOnly, user.actor.id)).toBe(false);
    await env.rt.db.write((tx) =>
      run(
        tx,
        `INSERT INTO verifications (id, user_id, kind, evidence_kind, issuing_country, fingerprint, last4, status,
                                    submitted_at, reviewed_by, reviewed_at)
         VALUES (?, ?, 'individual', 'passport', 'DE', ?, '1234', 'verified', ?, ?, ?)`,
        [`vrf_${user.actor.id}`, user.actor.id, 'f'.repeat(64), '2026-11-01', admin.actor.id, '2026-11-02'],
      ),
    );
    expect(await isFlagOn(env.rt.db.reader, verifiedOnly, user.actor.id)).toBe(true);
  });

  it('records an exposure once per user, flag and variant, and attributes conversions to it', async () => {
    const key = await newFlag({
      variants: [
        { key: 'control', weight: 1 },
        { key: 'treatment', weight: 1 },
      ],
    });
    const people = await Promise.all(Array.from({ length: 6 }, () => makeUser(env.rt, 'freelancer')));
    for (const p of people) {
      const first = await ok<{ flags: { variant: string }[] }>(p, 'check_flags', { keys: [key] });
      const again = await ok<{ flags: { variant: string }[] }>(p, 'check_flags', { keys: [key] });
      expect(again).toEqual(first);
      expect(first.flags[0]?.variant).toBe(await flagVariant(env.rt.db.reader, key, p.actor.id));
    }
    await env.rt.db.write((tx) => exposeFlag(tx, key, people[0]!.actor.id, env.clock.now()));
    const rows = await exposures(key);
    expect(rows).toHaveLength(people.length);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(people.length);

    // Two of them convert (one twice); someone never exposed converts too and is not counted.
    const outsider = await makeUser(env.rt, 'freelancer');
    env.clock.advance(60_000);
    await env.rt.db.write(async (tx) => {
      for (const p of [people[0]!, people[1]!, people[1]!]) {
        await trackConversion(tx, { userId: p.actor.id, event: 'proposal_submitted', now: env.clock.now() });
      }
      expect(
        await trackConversion(tx, {
          userId: outsider.actor.id,
          event: 'proposal_submitted',
          now: env.clock.now(),
        }),
      ).toBe(0);
    });
    type Report = {
      totalExposures: number;
      variants: {
        variant: string;
        exposures: number;
        conversions: { event: string; users: number; rate: number }[];
      }[];
    };
    const report = await ok<Report>(admin, 'flag_exposure_report', { flagKey: key });
    expect(report.totalExposures).toBe(people.length);
    expect(report.variants.map((v) => v.variant)).toEqual(['control', 'treatment']);
    const converted = report.variants.flatMap((v) => v.conversions);
    expect(converted.reduce((n, c) => n + c.users, 0)).toBe(2);
    for (const v of report.variants) {
      for (const c of v.conversions) expect(c.rate).toBeCloseTo(c.users / v.exposures, 4);
    }
    const stored = await one<{ n: number }>(
      env.rt.db.reader,
      'SELECT sum(occurrences) AS n FROM flag_conversions WHERE flag_key = ?',
      [key],
    );
    expect(Number(stored?.n)).toBe(3);
  });

  it('does not expose users outside the rollout or a disabled flag', async () => {
    const off = await newFlag({ enabled: false });
    const none = await newFlag({ rolloutBps: 0 });
    const user = await makeUser(env.rt, 'client');
    const { flags } = await ok<{ flags: { key: string; on: boolean }[] }>(user, 'check_flags', {
      keys: [off, none, 'no_such_flag'],
    });
    expect(flags.map((f) => f.on)).toEqual([false, false, false]);
    expect(await exposures(off)).toEqual([]);
    expect(await exposures(none)).toEqual([]);
  });

  it('changes a rollout only after the admin confirms, with a precise summary, keeping everyone who was in', async () => {
    const key = await newFlag({ rolloutBps: 1_000 });
    const people = await Promise.all(Array.from({ length: 40 }, () => makeUser(env.rt, 'client')));
    const inAt10 = new Set<string>();
    for (const p of people) if (await isFlagOn(env.rt.db.reader, key, p.actor.id)) inAt10.add(p.actor.id);

    const held = await call(admin, 'set_flag_rollout', { flagKey: key, percent: 50 });
    if (held.ok) throw new Error('expected a pending action');
    expect(held.error.code).toBe('NEEDS_CONFIRMATION');
    const eligible = await one<{ n: number }>(
      env.rt.db.reader,
      "SELECT count(*) AS n FROM users WHERE status = 'active'",
    );
    const more = Math.round((Number(eligible?.n) * 4_000) / BUCKETS);
    expect(held.error.message).toBe(
      `Roll out ${key} from 10% to 50% (about ${more.toLocaleString('en-US')} more users, of ` +
        `${Number(eligible?.n).toLocaleString('en-US')} users).`,
    );
    // Nothing changed yet.
    const before = await one<{ rollout_bps: number }>(
      env.rt.db.reader,
      'SELECT rollout_bps FROM feature_flags WHERE key = ?',
      [key],
    );
    expect(Number(before?.rollout_bps)).toBe(1_000);

    const done = await env.rt.dispatcher.confirm<{ flag: FlagView; previousPercent: number }>(
      admin.actor,
      held.error.pendingAction!.id,
      'test',
    );
    expect(done).toMatchObject({ ok: true, data: { previousPercent: 10, flag: { rolloutPercent: 50 } } });
    for (const id of inAt10) expect(await isFlagOn(env.rt.db.reader, key, id), id).toBe(true);

    // Same value again: refused before any confirmation is stored.
    expect(await call(admin, 'set_flag_rollout', { flagKey: key, percent: 50 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await call(admin, 'set_flag_rollout', { flagKey: key, percent: 12.345 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await call(admin, 'set_flag_rollout', { flagKey: 'no_such_flag', percent: 5 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    await env.rt.dispatcher.flush();
    const audit = await all<{ outcome: string }>(
      env.rt.db.reader,
      'SELECT outcome FROM audit_log WHERE pending_action_id = ? ORDER BY id',
      [held.error.pendingAction!.id],
    );
    // Refusals and holds are group-committed, writes commit with their change: compare as a set.
    expect(audit.map((a) => a.outcome).sort()).toEqual(['NEEDS_CONFIRMATION', 'OK']);
  });

  it('refuses flag changes to non-admins and audits the refusal', async () => {
    const key = await newFlag({ rolloutBps: 1_000 });
    for (const role of ['client', 'freelancer'] as const) {
      const user = await makeUser(env.rt, role);
      for (const [tool, input] of [
        ['set_flag_rollout', { flagKey: key, percent: 100 }],
        ['set_flag_enabled', { flagKey: key, enabled: false }],
      ] as const) {
        const res = await call(user, tool, input);
        expect(res, `${role} ${tool}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      await env.rt.dispatcher.flush();
      const audit = await all<{ tool: string; outcome: string }>(
        env.rt.db.reader,
        'SELECT tool, outcome FROM audit_log WHERE actor_id = ? ORDER BY id',
        [user.actor.id],
      );
      expect(audit).toEqual([
        { tool: 'set_flag_rollout', outcome: 'FORBIDDEN' },
        { tool: 'set_flag_enabled', outcome: 'FORBIDDEN' },
      ]);
      const pending = await all(env.rt.db.reader, 'SELECT id FROM pending_actions WHERE actor_id = ?', [
        user.actor.id,
      ]);
      expect(pending).toEqual([]);
    }
    const flag = await one<{ rollout_bps: number; enabled: number }>(
      env.rt.db.reader,
      'SELECT rollout_bps, enabled FROM feature_flags WHERE key = ?',
      [key],
    );
    expect(flag).toEqual({ rollout_bps: 1_000, enabled: 1 });
  });

  it('turns a flag off and on again behind confirmation, restoring the same users', async () => {
    const key = await newFlag({ rolloutBps: 5_000 });
    const people = await Promise.all(Array.from({ length: 20 }, () => makeUser(env.rt, 'freelancer')));
    const state = async () => Promise.all(people.map((p) => isFlagOn(env.rt.db.reader, key, p.actor.id)));
    const initially = await state();

    const off = await call(admin, 'set_flag_enabled', { flagKey: key, enabled: false });
    if (off.ok) throw new Error('expected a pending action');
    expect(off.error.message).toMatch(
      new RegExp(`^Turn off ${key} for everyone \\(about [\\d,]+ users get it now: 50% of`),
    );
    expect(await env.rt.dispatcher.confirm(admin.actor, off.error.pendingAction!.id, 'test')).toMatchObject({
      ok: true,
      data: { flag: { enabled: false } },
    });
    expect((await state()).every((on) => !on)).toBe(true);

    const on = await call(admin, 'set_flag_enabled', { flagKey: key, enabled: true });
    if (on.ok) throw new Error('expected a pending action');
    expect(on.error.message).toMatch(new RegExp(`^Turn on ${key} for about [\\d,]+ users \\(50% of`));
    await env.rt.dispatcher.confirm(admin.actor, on.error.pendingAction!.id, 'test');
    expect(await state()).toEqual(initially);

    const detail = await ok<{ eligibleUsers: number; estimatedUsersIn: number }>(admin, 'get_flag', {
      flagKey: key,
    });
    expect(detail.estimatedUsersIn).toBe(Math.round(detail.eligibleUsers / 2));
  });
});
