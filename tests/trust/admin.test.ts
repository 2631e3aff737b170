import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../channels/http/app';
import { Rng } from '../../db/seed/random';
import { all, one, run } from '../../db/sql';
import {
  fundHold,
  HOUR,
  insertContract,
  insertDispute,
  insertProfile,
  insertProject,
  insertProposal,
  insertUser,
  iso,
  releaseHold,
} from '../../evals/fraud/fixtures';
import { honestLetter } from '../../evals/fraud/letters';
import { AuditLog } from '../../tools/audit';
import type { CallResult } from '../../tools/dispatcher';
import type { ErrorCode } from '../../tools/errors';
import { trustTools } from '../../tools/trust/index';
import type { AlertView } from '../../tools/trust/schemas';
import { SuspendedUsers } from '../../trust/risk/suspensions';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Alerts = { total: number; alerts: AlertView[] };

describe.each(BACKENDS)('trust admin tools on %s', (backend) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let admin: TestUser;
  let client: TestUser;
  let projectId: string;
  beforeAll(async () => {
    env = await testEnv(backend);
    app = await buildApp(env.rt);
    admin = await makeUser(env.rt, 'admin');
    client = await makeUser(env.rt, 'client');
    projectId = (await ok<{ id: string }>(client, 'create_project', projectInput())).id;
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  const call = <T = unknown>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });
  async function ok<T>(user: TestUser, tool: string, input: unknown): Promise<T> {
    const res = await call<T>(user, tool, input);
    if (!res.ok) throw new Error(`${tool} failed: ${JSON.stringify(res.error)}`);
    return res.data;
  }
  async function fails(user: TestUser, tool: string, input: unknown, code: ErrorCode) {
    const res = await call(user, tool, input);
    expect(res, tool).toMatchObject({ ok: false, error: { code } });
    return res.ok ? undefined : res.error;
  }
  let letters = 0;
  /** A freelancer whose proposal goes through with a review alert (score 50–80). */
  async function flagged(): Promise<{ user: TestUser; alert: AlertView }> {
    const user = await makeUser(env.rt, 'freelancer');
    await env.rt.db.write((tx) =>
      run(tx, 'UPDATE users SET created_at = ? WHERE id = ?', [
        iso(env.clock.now().getTime() - HOUR),
        user.actor.id,
      ]),
    );
    await ok(user, 'submit_proposal', {
      projectId,
      coverLetter: `${honestLetter(new Rng(++letters), 'Dashboard')} Call me on +1 415 555 0199.`,
      amount: { amount: 600_000, currency: 'USD' },
      estimatedWeeks: 4,
    });
    const { alerts } = await ok<Alerts>(admin, 'list_risk_alerts', { userId: user.actor.id });
    expect(alerts).toHaveLength(1);
    return { user, alert: alerts[0]! };
  }

  it('refuses every admin trust tool to clients and freelancers, and audits each refusal', async () => {
    const freelancer = await makeUser(env.rt, 'freelancer');
    const adminOnly = trustTools.filter((t) => !t.roles.includes('client'));
    expect(adminOnly.map((t) => t.name).sort()).toEqual([
      'assess_proposal',
      'assess_user',
      'cohort_retention',
      'fraud_overview',
      'list_risk_alerts',
      'platform_kpis',
      'resolve_alert',
    ]);
    for (const user of [client, freelancer]) {
      for (const tool of adminOnly) await fails(user, tool.name, {}, 'FORBIDDEN');
    }
    await env.rt.dispatcher.flush();
    const audited = await all<{ tool: string; outcome: string }>(
      env.rt.db.reader,
      'SELECT tool, outcome FROM audit_log WHERE actor_id IN (?, ?) AND outcome = ?',
      [client.actor.id, freelancer.actor.id, 'FORBIDDEN'],
    );
    for (const tool of adminOnly) expect(audited.filter((a) => a.tool === tool.name)).toHaveLength(2);
  });

  it('lists alerts worst first with their reasons, filtered by band, status and since, paged', async () => {
    const { user, alert } = await flagged();
    expect(alert).toMatchObject({
      userId: user.actor.id,
      kind: 'review',
      band: 'medium',
      status: 'open',
      trigger: 'submit_proposal',
      projectId,
      occurrences: 1,
      blockedCount: 0,
    });
    expect(alert.reasons.map((r) => r.signal)).toEqual(
      expect.arrayContaining(['off_platform_contact', 'account_age']),
    );
    const today = env.clock.now().toISOString().slice(0, 10);
    const medium = await ok<Alerts>(admin, 'list_risk_alerts', { band: 'medium', since: today });
    expect(medium.alerts.map((a) => a.id)).toContain(alert.id);
    expect(
      (await ok<Alerts>(admin, 'list_risk_alerts', { band: 'high' })).alerts.map((a) => a.id),
    ).not.toContain(alert.id);
    expect((await ok<Alerts>(admin, 'list_risk_alerts', { since: '2030-01-01' })).total).toBe(0);
    await flagged();
    const page = await ok<Alerts>(admin, 'list_risk_alerts', { limit: 1 });
    expect(page.alerts).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    const next = await ok<Alerts>(admin, 'list_risk_alerts', { limit: 1, offset: 1 });
    expect(next.alerts[0]?.id).not.toBe(page.alerts[0]?.id);
    expect(page.alerts[0]!.score).toBeGreaterThanOrEqual(next.alerts[0]!.score);
  });

  it('assesses an account and a proposal live, with reasons, without storing', async () => {
    const { user } = await flagged();
    const stored = async () =>
      Number(
        (
          await one<{ n: number }>(
            env.rt.db.reader,
            'SELECT count(*) AS n FROM risk_assessments WHERE user_id = ?',
            [user.actor.id],
          )
        )?.n,
      );
    const before = await stored();
    const a = await ok<{
      score: number;
      band: string;
      reasons: { signal: string; reason: string }[];
      modelVersion: string;
      lastStored: { trigger: string } | null;
      openAlert: AlertView | null;
    }>(admin, 'assess_user', { userId: user.actor.id });
    expect(a.band).toBe('medium');
    expect(a.modelVersion).toBe('weights-2026-11');
    expect(a.reasons.find((r) => r.signal === 'off_platform_contact')?.reason).toMatch(/phone number/);
    expect(a.lastStored?.trigger).toBe('submit_proposal');
    expect(a.openAlert?.userId).toBe(user.actor.id);
    const proposal = await one<{ id: string }>(
      env.rt.db.reader,
      'SELECT id FROM proposals WHERE freelancer_id = ?',
      [user.actor.id],
    );
    const p = await ok<{ score: number; reasons: { signal: string }[]; freelancerId: string }>(
      admin,
      'assess_proposal',
      { proposalId: proposal!.id },
    );
    expect(p.freelancerId).toBe(user.actor.id);
    expect(p.reasons.map((r) => r.signal)).toContain('off_platform_contact');
    expect(await stored()).toBe(before);
    await fails(admin, 'assess_user', { userId: 'usr_nobody' }, 'NOT_FOUND');
  });

  it('report_fraud: anyone reports, the report feeds the score and the alert queue; once each, never yourself', async () => {
    const target = await makeUser(env.rt, 'freelancer');
    const before = await ok<{ score: number }>(admin, 'assess_user', { userId: target.actor.id });
    const report = await ok<{ reportId: string; message: string }>(client, 'report_fraud', {
      userId: target.actor.id,
      reason: 'off_platform_payment',
      details: 'Asked me to pay the deposit over PayPal.',
    });
    expect(report.reportId).toMatch(/^rpt_/);
    expect(report.message).not.toMatch(/score|\d+\/100/);
    const after = await ok<{ score: number; reasons: { signal: string; reason: string }[] }>(
      admin,
      'assess_user',
      {
        userId: target.actor.id,
      },
    );
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.reasons.find((r) => r.signal === 'fraud_reports')?.reason).toBe('Reported by 1 user');
    const { alerts } = await ok<Alerts>(admin, 'list_risk_alerts', { userId: target.actor.id });
    expect(alerts[0]).toMatchObject({ kind: 'report', trigger: 'report', reports: 1 });

    await fails(
      client,
      'report_fraud',
      { userId: target.actor.id, reason: 'spam', details: 'Again the same thing.' },
      'CONFLICT',
    );
    await fails(
      client,
      'report_fraud',
      { userId: client.actor.id, reason: 'spam', details: 'Reporting myself.' },
      'VALIDATION',
    );
    await fails(client, 'report_fraud', { reason: 'spam', details: 'Nobody named here.' }, 'VALIDATION');
    // A proposal only its project's client can report; to anyone else it does not exist.
    const { user } = await flagged();
    const prp = await one<{ id: string }>(
      env.rt.db.reader,
      'SELECT id FROM proposals WHERE freelancer_id = ?',
      [user.actor.id],
    );
    const stranger = await makeUser(env.rt, 'client');
    await fails(
      stranger,
      'report_fraud',
      { proposalId: prp!.id, reason: 'spam', details: 'Looks like spam.' },
      'NOT_FOUND',
    );
    await ok(client, 'report_fraud', {
      proposalId: prp!.id,
      reason: 'off_platform_payment',
      details: 'Wants a call.',
    });
  });

  it('resolve_alert needs confirmation; dismiss and warn close the alert, warn raises later scores', async () => {
    const { alert } = await flagged();
    const asked = await fails(
      admin,
      'resolve_alert',
      { alertId: alert.id, action: 'dismiss', note: 'False alarm.' },
      'NEEDS_CONFIRMATION',
    );
    expect(asked?.message).toMatch(/^Dismiss alert alr_/);
    expect((await ok<Alerts>(admin, 'list_risk_alerts', { userId: alert.userId })).alerts[0]?.status).toBe(
      'open',
    );
    const done = await env.rt.dispatcher.confirm<{ alert: AlertView; userStatus: string }>(
      admin.actor,
      asked!.pendingAction!.id,
      'test',
    );
    expect(done).toMatchObject({
      ok: true,
      data: {
        alert: { status: 'dismissed', note: 'False alarm.', resolvedBy: admin.actor.id },
        userStatus: 'active',
      },
    });
    // Resolved once: a second resolution is a conflict.
    await fails(admin, 'resolve_alert', { alertId: alert.id, action: 'warn', note: 'Too late.' }, 'CONFLICT');

    const other = await flagged();
    const before = await ok<{ score: number }>(admin, 'assess_user', { userId: other.user.actor.id });
    const warn = await fails(
      admin,
      'resolve_alert',
      { alertId: other.alert.id, action: 'warn', note: 'First warning.' },
      'NEEDS_CONFIRMATION',
    );
    expect((await env.rt.dispatcher.confirm(admin.actor, warn!.pendingAction!.id, 'test')).ok).toBe(true);
    const after = await ok<{ score: number; reasons: { signal: string }[] }>(admin, 'assess_user', {
      userId: other.user.actor.id,
    });
    expect(after.reasons.map((r) => r.signal)).toContain('prior_warning');
    expect(after.score).toBeGreaterThan(before.score);
  });

  it('suspend refuses the user everywhere: direct actors, pending confirmations, HTTP', async () => {
    const { user, alert } = await flagged();
    // Something of theirs waiting for a confirmation when the suspension lands.
    const waiting = await fails(
      user,
      'withdraw',
      { amount: { amount: 100, currency: 'USD' } },
      'NEEDS_CONFIRMATION',
    );
    const asked = await fails(
      admin,
      'resolve_alert',
      { alertId: alert.id, action: 'suspend', note: 'Off-platform scam.' },
      'NEEDS_CONFIRMATION',
    );
    expect(asked?.message).toMatch(/^Suspend .*every channel/);
    const done = await env.rt.dispatcher.confirm<{ userStatus: string }>(
      admin.actor,
      asked!.pendingAction!.id,
      'test',
    );
    expect(done).toMatchObject({
      ok: true,
      data: { userStatus: 'suspended', alert: { status: 'suspended' } },
    });

    for (const tool of ['whoami', 'list_my_proposals', 'search_projects']) {
      const err = await fails(user, tool, {}, 'FORBIDDEN');
      expect(err?.message).toBe('This account is suspended.');
    }
    const agent = await env.rt.dispatcher.call({
      actor: user.actor,
      channel: 'agent:freelancer',
      tool: 'whoami',
      input: {},
    });
    expect(agent).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await env.rt.dispatcher.confirm(user.actor, waiting!.pendingAction!.id, 'test')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/tools/whoami',
      headers: { authorization: `Bearer ${user.key}` },
      payload: {},
    });
    expect(res.statusCode).toBe(403);
    await env.rt.dispatcher.flush();
    const refused = await one<{ n: number }>(
      env.rt.db.reader,
      "SELECT count(*) AS n FROM audit_log WHERE actor_id = ? AND outcome = 'FORBIDDEN'",
      [user.actor.id],
    );
    expect(Number(refused?.n)).toBeGreaterThanOrEqual(4);
    const overview = await ok<{ suspendedAccounts: number }>(admin, 'fraud_overview', {});
    expect(overview.suspendedAccounts).toBeGreaterThanOrEqual(1);
  });

  it('a suspension written by another process is picked up at the next refresh', async () => {
    const u = await makeUser(env.rt, 'client');
    const guard = new SuspendedUsers(env.rt.db.reader, 0);
    expect(await guard.isSuspended(u.actor.id)).toBe(false);
    await env.rt.db.write((tx) =>
      run(tx, "UPDATE users SET status = 'suspended' WHERE id = ?", [u.actor.id]),
    );
    expect(await guard.isSuspended(u.actor.id)).toBe(true);
  });

  it('answers without waiting while its snapshot is fresh, and asks for a refresh once it is not', async () => {
    const u = await makeUser(env.rt, 'client');
    const guard = new SuspendedUsers(env.rt.db.reader, 60_000);
    expect(guard.knownNow(u.actor.id)).toBeUndefined(); // nothing loaded yet
    expect(await guard.isSuspended(u.actor.id)).toBe(false);
    expect(guard.knownNow(u.actor.id)).toBe(false);
    await env.rt.db.write((tx) =>
      run(tx, "UPDATE users SET status = 'suspended' WHERE id = ?", [u.actor.id]),
    );
    // Not announced: the fresh snapshot still answers until it is refreshed.
    expect(guard.knownNow(u.actor.id)).toBe(false);
    await guard.refresh();
    expect(guard.knownNow(u.actor.id)).toBe(true);
    const stale = new SuspendedUsers(env.rt.db.reader, 0);
    await stale.refresh();
    expect(stale.knownNow(u.actor.id)).toBeUndefined();
  });

  it('fraud_overview counts by band, top signals and the daily trend', async () => {
    const o = await ok<{
      assessments: { total: number; byBand: { low: number; medium: number; high: number }; reviewed: number };
      accountsByBand: { medium: number };
      alerts: { byStatus: Record<string, number>; openByBand: { medium: number } };
      reports: number;
      topSignals: { signal: string; count: number; avgPoints: number }[];
      trend: { period: string; assessments: number; medium: number }[];
      modelVersion: string;
    }>(admin, 'fraud_overview', { period: 'day' });
    const rows = await all<{ band: string; n: number }>(
      env.rt.db.reader,
      'SELECT band, count(*) AS n FROM risk_assessments GROUP BY band',
    );
    const byBand = Object.fromEntries(rows.map((r) => [r.band, Number(r.n)]));
    expect(o.assessments.byBand).toEqual({
      low: byBand.low ?? 0,
      medium: byBand.medium ?? 0,
      high: byBand.high ?? 0,
    });
    expect(o.assessments.reviewed).toBeGreaterThanOrEqual(1);
    expect(o.alerts.byStatus.dismissed).toBeGreaterThanOrEqual(1);
    expect(o.alerts.byStatus.suspended).toBeGreaterThanOrEqual(1);
    expect(o.reports).toBeGreaterThanOrEqual(2);
    expect(o.topSignals.map((s) => s.signal)).toEqual(
      expect.arrayContaining(['unverified', 'off_platform_contact']),
    );
    expect(o.trend).toHaveLength(30);
    const today = o.trend.at(-1)!;
    expect(today.period).toBe(env.clock.now().toISOString().slice(0, 10));
    expect(today.assessments).toBe(o.assessments.total);
    expect(o.modelVersion).toBe('weights-2026-11');
  });
});

describe('platform KPIs and cohorts from a hand-made dataset', () => {
  let env: TestEnv;
  let admin: TestUser;
  beforeAll(async () => {
    env = await testEnv('file');
    admin = await makeUser(env.rt, 'admin');
    const at = (s: string) => new Date(`2026-11-${s}Z`).toISOString();
    const { c2, f2 } = await env.rt.db.write(async (tx) => {
      // Before the range: a client and two freelancers who bid, an October signup that must not count.
      const o1 = await insertUser(tx, { role: 'freelancer', createdAt: '2026-09-01T00:00:00.000Z' });
      const o2 = await insertUser(tx, { role: 'freelancer', createdAt: '2026-09-01T00:00:00.000Z' });
      await insertUser(tx, { role: 'client', createdAt: '2026-10-30T00:00:00.000Z' });
      for (const f of [o1, o2]) await insertProfile(tx, f, { updatedAt: '2026-09-01T00:00:00.000Z' });
      // Week of Nov 2: four signups; C1 posts within 24 h, C2 after 2 days, F1 bids within 24 h, F2 never.
      const c1 = await insertUser(tx, { role: 'client', createdAt: at('02T10:00:00') });
      const c2 = await insertUser(tx, { role: 'client', createdAt: at('03T09:00:00') });
      const f1 = await insertUser(tx, { role: 'freelancer', createdAt: at('04T08:00:00') });
      const f2 = await insertUser(tx, { role: 'freelancer', createdAt: at('06T08:00:00') });
      for (const f of [f1, f2]) await insertProfile(tx, f, { updatedAt: at('04T08:00:00') });
      const p1 = await insertProject(tx, c1, { createdAt: at('02T20:00:00') });
      const p2 = await insertProject(tx, c2, { createdAt: at('05T10:00:00') });
      await insertProject(tx, c2, { createdAt: at('06T10:00:00'), status: 'draft' });
      const letter = 'A letter written for this project only, with a plan.';
      const f1p1 = await insertProposal(tx, {
        projectId: p1,
        freelancerId: f1,
        coverLetter: letter,
        createdAt: at('04T12:00:00'),
      });
      await insertProposal(tx, {
        projectId: p1,
        freelancerId: o1,
        coverLetter: letter,
        createdAt: at('03T12:00:00'),
      });
      await insertProposal(tx, {
        projectId: p1,
        freelancerId: o2,
        coverLetter: letter,
        createdAt: at('03T13:00:00'),
      });
      await insertProposal(tx, {
        projectId: p2,
        freelancerId: o1,
        coverLetter: letter,
        createdAt: at('05T12:00:00'),
      });
      // Hires: P1 after 48 h (released 1,000.00 with a 100.00 fee), P2 after 24 h (disputed).
      const k1 = await insertContract(tx, {
        projectId: p1,
        clientId: c1,
        freelancerId: f1,
        startedAt: at('04T20:00:00'),
        proposalId: f1p1,
      });
      const k2 = await insertContract(tx, {
        projectId: p2,
        clientId: c2,
        freelancerId: o1,
        startedAt: at('06T10:00:00'),
      });
      const h1 = await fundHold(tx, {
        contractId: k1,
        clientId: c1,
        freelancerId: f1,
        amountMinor: 100_000,
        at: at('05T00:00:00'),
      });
      await releaseHold(tx, {
        ...h1,
        freelancerId: f1,
        amountMinor: 100_000,
        fee: 10_000,
        at: at('06T00:00:00'),
      });
      await insertDispute(tx, {
        contractId: k2,
        clientId: c2,
        freelancerId: o1,
        openedBy: c2,
        openedByRole: 'client',
        createdAt: at('07T10:00:00'),
      });
      // Week of Nov 9: one signup who does nothing; C1 posts again and hires F1 after 48 h.
      const late = await insertUser(tx, { role: 'client', createdAt: at('10T09:00:00') });
      const p4 = await insertProject(tx, c1, { createdAt: at('10T10:00:00') });
      const k3 = await insertContract(tx, {
        projectId: p4,
        clientId: c1,
        freelancerId: f1,
        startedAt: at('12T10:00:00'),
      });
      const h3 = await fundHold(tx, {
        contractId: k3,
        clientId: c1,
        freelancerId: f1,
        amountMinor: 50_000,
        at: at('12T11:00:00'),
      });
      await releaseHold(tx, {
        ...h3,
        freelancerId: f1,
        amountMinor: 50_000,
        fee: 3_500,
        at: at('13T00:00:00'),
      });
      const h4 = await fundHold(tx, {
        contractId: k3,
        clientId: c1,
        freelancerId: f1,
        amountMinor: 20_000,
        at: at('13T11:00:00'),
        currency: 'EUR',
      });
      await releaseHold(tx, {
        ...h4,
        freelancerId: f1,
        amountMinor: 20_000,
        fee: 2_000,
        at: at('14T00:00:00'),
        currency: 'EUR',
      });
      // The Nov 9 signup's first tool call, a write, the week after: its audit row is in audit_rows.
      await run(
        tx,
        `INSERT INTO audit_rows (at, actor_id, actor_role, channel, tool, args, outcome, duration_ms)
         VALUES (?, ?, 'client', 'test', 'create_project', '{}', 'OK', 1)`,
        [at('18T09:00:00'), late],
      );
      return { c2, f2 };
    });
    // Later activity, audited as reads and refusals are, in a segment: C2 uses a tool in the week of Nov 16;
    // F2's only call was refused (not activity).
    const audit = new AuditLog(env.rt.db);
    const row = { actorRole: 'client', channel: 'test', tool: 'whoami', args: {}, durationMs: 1 };
    audit.enqueue({ ...row, at: at('17T09:00:00'), actorId: c2, outcome: 'OK' });
    audit.enqueue({
      ...row,
      at: at('10T09:00:00'),
      actorId: f2,
      actorRole: 'freelancer',
      outcome: 'FORBIDDEN',
    });
    await audit.flush();
  });
  afterAll(async () => {
    await env.close();
  });

  const call = <T>(tool: string, input: unknown) =>
    env.rt.dispatcher.call<T>({ actor: admin.actor, channel: 'test', tool, input });

  it('computes GMV, take rate, signups, activation, proposals per project, time to hire and dispute rate', async () => {
    const res = await call<{
      totals: Record<string, unknown>;
      periods: ({ period: string } & Record<string, unknown>)[];
    }>('platform_kpis', { from: '2026-11-02', to: '2026-11-15', period: 'week' });
    if (!res.ok) throw new Error(res.error.message);
    const { totals, periods } = res.data;
    expect(totals).toEqual({
      gmv: [
        {
          currency: 'EUR',
          gmv: { amount: 20_000, currency: 'EUR', display: '€200.00' },
          fees: { amount: 2_000, currency: 'EUR', display: '€20.00' },
          takeRate: 0.1,
        },
        {
          currency: 'USD',
          gmv: { amount: 150_000, currency: 'USD', display: '$1,500.00' },
          fees: { amount: 13_500, currency: 'USD', display: '$135.00' },
          takeRate: 0.09,
        },
      ],
      signups: { total: 5, clients: 3, freelancers: 2 },
      activated24h: 2,
      activationRate: 0.4,
      projectsPosted: 3,
      proposalsPerProject: 1.3333,
      hires: 3,
      medianTimeToHireHours: 48,
      disputesOpened: 1,
      disputeRate: 0.3333,
    });
    expect(periods.map((p) => p.period)).toEqual(['2026-11-02', '2026-11-09']);
    expect(periods[0]).toMatchObject({
      signups: { total: 4, clients: 2, freelancers: 2 },
      activated24h: 2,
      activationRate: 0.5,
      projectsPosted: 2,
      proposalsPerProject: 2,
      hires: 2,
      medianTimeToHireHours: 36,
      disputeRate: 0.5,
      gmv: [{ currency: 'USD', gmv: { amount: 100_000 }, takeRate: 0.1 }],
    });
    expect(periods[1]).toMatchObject({
      signups: { total: 1 },
      activationRate: 0,
      projectsPosted: 1,
      proposalsPerProject: 0,
      hires: 1,
      medianTimeToHireHours: 48,
      disputeRate: 0,
    });
    const daily = await call<{ periods: { period: string }[] }>('platform_kpis', {
      from: '2026-11-02',
      to: '2026-11-15',
      period: 'day',
    });
    expect(daily.ok && daily.data.periods).toHaveLength(14);
    const monthly = await call<{ periods: { period: string; hires: number }[] }>('platform_kpis', {
      from: '2026-11-01',
      to: '2026-11-30',
      period: 'month',
    });
    expect(monthly.ok && monthly.data.periods).toEqual([
      expect.objectContaining({ period: '2026-11-01', hires: 3 }),
    ]);
    expect(await call('platform_kpis', { from: '2026-11-15', to: '2026-11-01' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('follows weekly signup cohorts into later weeks', async () => {
    const res = await call<{
      cohorts: {
        cohort: string;
        size: number;
        retention: { offset: number; active: number; rate: number | null }[];
      }[];
    }>('cohort_retention', { cohort: 'week', from: '2026-11-02', to: '2026-11-15', periods: 4 });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.cohorts).toEqual([
      {
        cohort: '2026-11-02',
        size: 4,
        retention: [
          { offset: 0, active: 3, rate: 0.75 },
          { offset: 1, active: 2, rate: 0.5 },
          { offset: 2, active: 1, rate: 0.25 },
          { offset: 3, active: 0, rate: 0 },
        ],
      },
      {
        cohort: '2026-11-09',
        size: 1,
        retention: [
          { offset: 0, active: 0, rate: 0 },
          { offset: 1, active: 1, rate: 1 },
          { offset: 2, active: 0, rate: 0 },
        ],
      },
    ]);
    const freelancers = await call<{ cohorts: { size: number; retention: { active: number }[] }[] }>(
      'cohort_retention',
      { cohort: 'month', from: '2026-11-01', to: '2026-11-30', role: 'freelancer' },
    );
    expect(freelancers.ok && freelancers.data.cohorts).toEqual([
      { cohort: '2026-11-01', size: 2, retention: [{ offset: 0, active: 1, rate: 0.5 }] },
    ]);
  });
});
