import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../db/client';
import { accountFor, postTransfer } from '../../db/queries/ledger';
import { Rng } from '../../db/seed/random';
import { all, one, run } from '../../db/sql';
import {
  DAY,
  HOUR,
  insertContract,
  insertDispute,
  insertInstrument,
  insertPayment,
  insertProfile,
  insertProject,
  insertProposal,
  insertReport,
  insertUser,
  insertVerification,
  iso,
  setRate,
} from '../../evals/fraud/fixtures';
import { honestLetter } from '../../evals/fraud/letters';
import type { CallResult } from '../../tools/dispatcher';
import { isDisposableEmail } from '../../trust/risk/disposableDomains';
import { assessSignup, classify, setRiskThresholds } from '../../trust/risk/policy';
import { type RiskScore, riskScorer } from '../../trust/risk/scorer';
import { findContactDetails, jaccard, shingles } from '../../trust/risk/text';
import { RISK_MODEL } from '../../trust/risk/weights';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

describe('risk text checks', () => {
  it('finds contact details and off-platform payment requests, obfuscated too', () => {
    const kinds = (t: string) => findContactDetails(t).map((f) => f.kind);
    expect(kinds('Write to me at john.doe@gmail.com')).toEqual(['email']);
    expect(kinds('john dot doe at gmail dot com')).toEqual(['email']);
    expect(kinds('mail me: jdoe [at] proton [dot] me')).toEqual(['email']);
    expect(kinds('call +1 (415) 555-0199 today')).toEqual(['phone']);
    expect(kinds('my number is four one five five five five zero one nine nine')).toEqual(['phone']);
    expect(kinds('ping me on WhatsApp')).toEqual(['messaging_app']);
    expect(kinds('add me on t e l e g r a m')).toEqual(['messaging_app']);
    expect(kinds('Please pay me via PayPal so we avoid the platform fees')).toContain('payment_request');
    expect(kinds('I only accept USDT or bitcoin as payment')).toContain('payment_request');
    expect(kinds("Let's continue outside the platform")).toContain('payment_request');
  });

  it('leaves honest letters alone: money, dates, the word email', () => {
    for (const honest of [
      'I will email you a weekly report and demo every Friday.',
      'Budget $10,000 over 12 weeks, starting 2026-11-23, milestones of $2,500.',
      'I have 8 years of React; 1200 hours on fintech dashboards; 99.9% uptime on my last project.',
      'Payments through the platform milestones are perfect for me.',
      'We can talk in the project chat here whenever you like.',
    ]) {
      expect(findContactDetails(honest), honest).toEqual([]);
    }
  });

  it('measures near-duplicates with shingles and Jaccard on normalised text', () => {
    const a = shingles(
      'Hello! I read your project and I am an expert in React, Node and AWS. Hire me today.',
    );
    const b = shingles('hello i read your project and i am an expert in react node and aws hire me now');
    const c = shingles('Your dashboard needs a careful data model; I would start with the reporting schema.');
    expect(jaccard(a, b)).toBeGreaterThan(0.7);
    expect(jaccard(a, c)).toBeLessThan(0.1);
  });

  it('knows throwaway email providers, subdomains included', () => {
    expect(isDisposableEmail('x@mailinator.com')).toBe(true);
    expect(isDisposableEmail('x@eu.mailinator.com')).toBe(true);
    expect(isDisposableEmail('x@gmail.com')).toBe(false);
  });

  it('bands scores by the configured thresholds', () => {
    const t = { blockAbove: 80, reviewFrom: 50 };
    expect(classify(81, t)).toEqual({ band: 'high', decision: 'block' });
    expect(classify(80, t)).toEqual({ band: 'medium', decision: 'review' });
    expect(classify(50, t)).toEqual({ band: 'medium', decision: 'review' });
    expect(classify(49, t)).toEqual({ band: 'low', decision: 'allow' });
  });
});

describe('risk signals', () => {
  let env: TestEnv;
  let now: Date;
  let client: string;
  let project: string;
  beforeAll(async () => {
    env = await testEnv('file');
    now = env.clock.now();
    await env.rt.db.write(async (tx) => {
      client = await insertUser(tx, { role: 'client', createdAt: iso(now.getTime() - 400 * DAY) });
      project = await insertProject(tx, client, { createdAt: iso(now.getTime() - DAY) });
    });
  });
  afterAll(async () => {
    await env.close();
  });

  const t = (msAgo: number) => iso(now.getTime() - msAgo);
  let seed = 0;
  const letters = new Map<string, string>();

  /** An ordinary freelancer: a year old, complete profile, one honest proposal. Unverified. */
  async function ordinary(over: { email?: string; createdAt?: string } = {}): Promise<string> {
    const letter = honestLetter(new Rng(++seed), 'Reporting dashboard');
    return env.rt.db.write(async (tx) => {
      const id = await insertUser(tx, {
        role: 'freelancer',
        createdAt: over.createdAt ?? t(400 * DAY),
        ...(over.email ? { email: over.email } : {}),
      });
      await insertProfile(tx, id, {
        updatedAt: t(300 * DAY),
        bio: 'Ten years building web products for startups and banks, from data model to deployment.',
        skills: 3,
        caseStudies: 1,
      });
      await insertProposal(tx, {
        projectId: project,
        freelancerId: id,
        coverLetter: letter,
        createdAt: t(DAY),
      });
      letters.set(id, letter);
      return id;
    });
  }
  const assess = (userId: string) => riskScorer().assessUser(env.rt.db.reader, userId, now);
  const reason = (s: RiskScore, signal: string) => s.reasons.find((r) => r.signal === signal);

  async function moves(
    signal: string,
    direction: 'up' | 'down',
    change: (userId: string) => Promise<void>,
    text: RegExp,
    setup: { email?: string; createdAt?: string } = {},
  ) {
    const base = await assess(await ordinary());
    const id = await ordinary(setup);
    await change(id);
    const after = await assess(id);
    if (direction === 'up') expect(after.score, signal).toBeGreaterThan(base.score);
    else expect(after.score, signal).toBeLessThan(base.score);
    const r = reason(after, signal);
    expect(r, `${signal} in ${JSON.stringify(after.reasons)}`).toBeDefined();
    expect(r?.reason).toMatch(text);
    expect(Math.sign(r?.points ?? 0)).toBe(direction === 'up' ? 1 : -1);
    expect(reason(base, signal)).toBeUndefined();
    expect(after.modelVersion).toBe(RISK_MODEL.version);
  }
  const write = async (fn: (tx: Executor) => Promise<unknown>): Promise<void> => {
    await env.rt.db.write(fn);
  };

  it('an ordinary account scores low, with the unverified reason only', async () => {
    const s = await assess(await ordinary());
    expect(s.reasons.map((r) => r.signal)).toEqual(['unverified']);
    expect(s.score).toBe(RISK_MODEL.weights.unverified);
  });

  it('account age: a brand new account scores higher', async () => {
    await moves('account_age', 'up', async () => {}, /created 2 hours ago/, { createdAt: t(2 * HOUR) });
  });

  it('verification: a verified identity scores lower', async () => {
    await moves(
      'verified_identity',
      'down',
      (id) =>
        write((tx) =>
          insertVerification(tx, { userId: id, document: `P-${id}`, status: 'verified', at: t(DAY) }),
        ),
      /verified/,
    );
  });

  it('track record: completed contracts score lower', async () => {
    await moves(
      'track_record',
      'down',
      (id) =>
        write(async (tx) => {
          for (let i = 0; i < 5; i++)
            await insertContract(tx, {
              projectId: project,
              clientId: client,
              freelancerId: id,
              startedAt: t(100 * DAY),
              status: 'completed',
            });
        }),
      /5 completed jobs/,
    );
  });

  it('profile completeness: an empty profile scores higher', async () => {
    await moves(
      'profile_incomplete',
      'up',
      (id) =>
        write(async (tx) => {
          await run(tx, "UPDATE freelancer_profiles SET bio = '' WHERE user_id = ?", [id]);
          await run(tx, 'DELETE FROM profile_skills WHERE user_id = ?', [id]);
        }),
      /no bio, skills/,
    );
  });

  it('disposable email scores higher', async () => {
    await moves('disposable_email', 'up', async () => {}, /throwaway provider \(yopmail\.com\)/, {
      email: `burner-${Date.now()}@yopmail.com`,
    });
  });

  it('proposal velocity: many proposals in the last hour score higher', async () => {
    await moves(
      'proposal_velocity',
      'up',
      (id) =>
        write(async (tx) => {
          for (let i = 0; i < 12; i++) {
            const p = await insertProject(tx, client, { createdAt: t(2 * DAY) });
            await insertProposal(tx, {
              projectId: p,
              freelancerId: id,
              coverLetter: `Letter number ${i} about project ${p}, each one written for its own client and brief.`,
              createdAt: t((i + 1) * 60_000),
            });
          }
        }),
      /12 proposals in the last hour/,
    );
  });

  it('templated letters: the same letter to many projects scores higher', async () => {
    await moves(
      'templated_letters',
      'up',
      (id) =>
        write(async (tx) => {
          for (let i = 0; i < 4; i++) {
            const p = await insertProject(tx, client, { createdAt: t(3 * DAY) });
            await insertProposal(tx, {
              projectId: p,
              freelancerId: id,
              coverLetter: letters.get(id) ?? '',
              createdAt: t(2 * DAY),
            });
          }
        }),
      /Same cover letter sent to 4 other projects/,
    );
  });

  it('copied letters: a letter other accounts also sent scores higher', async () => {
    const script =
      'Dear sir I have read your job carefully and I am the best expert for it with 10 years experience. ' +
      'Kindly award me the job and I will start immediately with full dedication.';
    await moves(
      'copied_letters',
      'up',
      (id) =>
        write(async (tx) => {
          for (let i = 0; i < 2; i++) {
            const other = await insertUser(tx, { role: 'freelancer', createdAt: t(10 * DAY) });
            await insertProfile(tx, other, { updatedAt: t(10 * DAY) });
            await insertProposal(tx, {
              projectId: project,
              freelancerId: other,
              coverLetter: script.replace('10', String(8 + i)),
              createdAt: t(HOUR),
            });
          }
          const p = await insertProject(tx, client, { createdAt: t(DAY) });
          await insertProposal(tx, {
            projectId: p,
            freelancerId: id,
            coverLetter: script,
            createdAt: t(HOUR),
          });
        }),
      /matches letters of 2 other accounts/,
    );
  });

  it('contact details and off-platform payment requests in proposals and disputes score higher', async () => {
    await moves(
      'off_platform_contact',
      'up',
      (id) =>
        write(async (tx) => {
          const p = await insertProject(tx, client, { createdAt: t(DAY) });
          await insertProposal(tx, {
            projectId: p,
            freelancerId: id,
            coverLetter:
              'Great project. To save the fees, pay me on PayPal and reach me at mike dot dev at gmail dot com.',
            createdAt: t(HOUR),
          });
        }),
      /asks to pay off the platform/,
    );
    // A dispute description counts as a message too.
    const id = await ordinary();
    await write(async (tx) => {
      const c = await insertContract(tx, {
        projectId: project,
        clientId: client,
        freelancerId: id,
        startedAt: t(5 * DAY),
      });
      await insertDispute(tx, {
        contractId: c,
        clientId: client,
        freelancerId: id,
        openedBy: id,
        openedByRole: 'freelancer',
        createdAt: t(HOUR),
        description: 'Client refuses to pay. Message me on WhatsApp +44 7700 900123 to settle it.',
      });
    });
    const s = await assess(id);
    expect(reason(s, 'off_platform_contact')?.reason).toMatch(/dispute/);
  });

  it('failed payments score higher', async () => {
    await moves(
      'payment_failures',
      'up',
      (id) =>
        write(async (tx) => {
          await insertPayment(tx, { userId: id, status: 'failed', createdAt: t(DAY) });
          await insertPayment(tx, { userId: id, status: 'failed', createdAt: t(HOUR) });
        }),
      /2 declined payments/,
    );
  });

  it('disputes opened against the account score higher', async () => {
    await moves(
      'disputes_against',
      'up',
      (id) =>
        write(async (tx) => {
          const c = await insertContract(tx, {
            projectId: project,
            clientId: client,
            freelancerId: id,
            startedAt: t(9 * DAY),
          });
          await insertDispute(tx, {
            contractId: c,
            clientId: client,
            freelancerId: id,
            openedBy: client,
            openedByRole: 'client',
            createdAt: t(DAY),
          });
        }),
      /1 dispute opened against this account/,
    );
  });

  it('a high cancellation rate scores higher', async () => {
    await moves(
      'cancellation_rate',
      'up',
      (id) =>
        write(async (tx) => {
          for (const status of ['cancelled', 'cancelled', 'cancelled', 'completed'] as const)
            await insertContract(tx, {
              projectId: project,
              clientId: client,
              freelancerId: id,
              startedAt: t(40 * DAY),
              status,
            });
        }),
      /3 of 4 ended contracts were cancelled \(75%\)/,
    );
  });

  it('a sudden rate change scores higher (recorded by the profile trigger)', async () => {
    await moves(
      'rate_spike',
      'up',
      (id) => write((tx) => setRate(tx, id, 30_000, t(2 * DAY))),
      /Hourly rate changed from \$60\.00 to \$300\.00/,
    );
  });

  it('a payment instrument shared with other accounts scores higher', async () => {
    await moves(
      'shared_payment_instrument',
      'up',
      (id) =>
        write(async (tx) => {
          await insertInstrument(tx, { userId: id, fingerprint: `card-${id}`, at: t(DAY) });
          for (let i = 0; i < 3; i++) {
            const other = await insertUser(tx, { role: 'client', createdAt: t(3 * DAY) });
            await insertInstrument(tx, { userId: other, fingerprint: `card-${id}`, at: t(DAY) });
          }
        }),
      /shared with 3 other accounts/,
    );
  });

  it('an identity document other accounts submitted scores higher', async () => {
    await moves(
      'shared_identity_document',
      'up',
      (id) =>
        write(async (tx) => {
          const other = await insertUser(tx, { role: 'freelancer', createdAt: t(3 * DAY) });
          await insertVerification(tx, {
            userId: other,
            document: `PASS-${id}`,
            status: 'pending',
            at: t(DAY),
          });
          await insertVerification(tx, {
            userId: id,
            document: `PASS-${id}`,
            status: 'pending',
            at: t(HOUR),
          });
        }),
      /submitted by 1 other account/,
    );
  });

  it('fraud reports score higher', async () => {
    await moves(
      'fraud_reports',
      'up',
      (id) =>
        write(async (tx) => {
          await insertReport(tx, { reporterId: client, userId: id, at: t(DAY) });
        }),
      /Reported by 1 user/,
    );
  });

  it('an earlier admin warning scores higher', async () => {
    await moves(
      'prior_warning',
      'up',
      (id) =>
        write(async (tx) => {
          await run(
            tx,
            `INSERT INTO risk_alerts (id, user_id, kind, band, score, reasons, trigger, status, resolved_by, resolved_at,
                                      created_at, updated_at)
             VALUES (?, ?, 'review', 'medium', 60, '[]', 'withdraw', 'warned', ?, ?, ?, ?)`,
            [`alr_${id}`, id, client, t(DAY), t(2 * DAY), t(DAY)],
          );
        }),
      /Already warned/,
    );
  });

  it('assessSignup scores a new account, stores the assessment with its model version, alerts on review', async () => {
    const fresh = await env.rt.db.write(async (tx) => {
      const id = await insertUser(tx, {
        role: 'freelancer',
        createdAt: now.toISOString(),
        email: 'new@mailinator.com',
      });
      const risk = await assessSignup(tx, id, { now });
      return { id, risk };
    });
    // new (15) + unverified (10) + no profile (10) + throwaway email (25) = 60: review.
    expect(fresh.risk).toMatchObject({ score: 60, band: 'medium', decision: 'review' });
    expect(fresh.risk.alertId).toMatch(/^alr_/);
    const stored = await one(
      env.rt.db.reader,
      'SELECT trigger, score, model_version FROM risk_assessments WHERE id = ?',
      [fresh.risk.assessmentId],
    );
    expect(stored).toEqual({ trigger: 'signup', score: 60, model_version: 'weights-2026-11' });
  });
});

describe.each(BACKENDS)('risk policy in the flows on %s', (backend) => {
  let env: TestEnv;
  let client: TestUser;
  let projectId: string;
  beforeAll(async () => {
    env = await testEnv(backend);
    client = await makeUser(env.rt, 'client');
    const res = await env.rt.dispatcher.call<{ id: string }>({
      actor: client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput(),
    });
    if (!res.ok) throw new Error(res.error.message);
    projectId = res.data.id;
  });
  afterAll(async () => {
    await env.close();
  });
  afterEach(() => setRiskThresholds(undefined));

  const call = <T = unknown>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });
  const count = async (sql: string, args: (string | number)[] = []) =>
    Number((await one<{ n: number }>(env.rt.db.reader, sql, args))?.n ?? 0);
  const proposalInput = (coverLetter: string, over: Record<string, unknown> = {}) => ({
    projectId,
    coverLetter,
    amount: { amount: 600_000, currency: 'USD' },
    estimatedWeeks: 6,
    ...over,
  });

  /** A freelancer made to look like a scammer: new, throwaway email, a letter asking to pay off-platform. */
  async function scammer(): Promise<TestUser> {
    const u = await makeUser(env.rt, 'freelancer');
    const now = env.clock.now();
    await env.rt.db.write(async (tx) => {
      await run(tx, 'UPDATE users SET created_at = ?, email = ? WHERE id = ?', [
        iso(now.getTime() - HOUR),
        `${u.actor.id}@guerrillamail.com`,
        u.actor.id,
      ]);
      const other = await insertProject(tx, client.actor.id, { createdAt: iso(now.getTime() - DAY) });
      await insertProposal(tx, {
        projectId: other,
        freelancerId: u.actor.id,
        coverLetter: 'I can do it cheaper if you pay me on PayPal, add me on WhatsApp.',
        createdAt: iso(now.getTime() - 30 * 60_000),
      });
    });
    return u;
  }

  it('blocks submit_proposal above 80 with BLOCKED_BY_RISK, writes the alert and nothing else', async () => {
    const u = await scammer();
    const before = await count('SELECT count(*) AS n FROM proposals');
    const res = await call(
      u,
      'submit_proposal',
      proposalInput('Pay me on Western Union and we skip the platform fees.'),
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_RISK' } });
    if (res.ok) return;
    // The refused person is not told the score or the reasons.
    expect(res.error.message).not.toMatch(/\d+\/100|paypal|whatsapp/i);
    expect(await count('SELECT count(*) AS n FROM proposals')).toBe(before);
    expect(await count('SELECT count(*) AS n FROM invitations WHERE freelancer_id = ?', [u.actor.id])).toBe(
      0,
    );
    const alerts = await all(
      env.rt.db.reader,
      'SELECT kind, band, status, blocked_count, trigger, project_id FROM risk_alerts WHERE user_id = ?',
      [u.actor.id],
    );
    expect(alerts).toEqual([
      {
        kind: 'blocked',
        band: 'high',
        status: 'open',
        blocked_count: 1,
        trigger: 'submit_proposal',
        project_id: projectId,
      },
    ]);
    const assessment = await one<{ score: number; decision: string; model_version: string; reasons: string }>(
      env.rt.db.reader,
      'SELECT score, decision, model_version, reasons FROM risk_assessments WHERE user_id = ?',
      [u.actor.id],
    );
    expect(assessment).toMatchObject({ decision: 'block', model_version: 'weights-2026-11' });
    expect(Number(assessment?.score)).toBeGreaterThan(80);
    expect(JSON.parse(assessment?.reasons ?? '[]').map((r: { signal: string }) => r.signal)).toEqual(
      expect.arrayContaining(['off_platform_contact', 'disposable_email', 'account_age']),
    );
    await env.rt.dispatcher.flush();
    const audit = await one(
      env.rt.db.reader,
      "SELECT outcome FROM audit_log WHERE actor_id = ? AND tool = 'submit_proposal'",
      [u.actor.id],
    );
    expect(audit).toEqual({ outcome: 'BLOCKED_BY_RISK' });

    // A second refused try folds into the same open alert.
    const again = await call(
      u,
      'submit_proposal',
      proposalInput('Pay me on PayPal please, outside the platform.'),
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_RISK' } });
    expect(
      await one(env.rt.db.reader, 'SELECT occurrences, blocked_count FROM risk_alerts WHERE user_id = ?', [
        u.actor.id,
      ]),
    ).toEqual({ occurrences: 2, blocked_count: 2 });
  });

  it('blocks withdraw at confirm time: money stays, no payout, the alert is written', async () => {
    const u = await scammer();
    const now = env.clock.now();
    await env.rt.db.write(async (tx) => {
      const wallet = await accountFor(tx, 'freelancer_wallet', u.actor.id, 'USD', now);
      const world = await accountFor(tx, 'external_in', 'world', 'USD', now);
      await postTransfer(tx, {
        kind: 'adjustment',
        currency: 'USD',
        legs: [
          { account: world, amount: -50_000 },
          { account: wallet, amount: 50_000 },
        ],
        now,
      });
    });
    const asked = await call(u, 'withdraw', { amount: { amount: 20_000, currency: 'USD' } });
    expect(asked).toMatchObject({ ok: false, error: { code: 'NEEDS_CONFIRMATION' } });
    const actionId = asked.ok ? '' : (asked.error.pendingAction?.id ?? '');
    const res = await env.rt.dispatcher.confirm(u.actor, actionId, 'test');
    expect(res).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_RISK' } });
    expect(await count('SELECT count(*) AS n FROM payout_requests WHERE user_id = ?', [u.actor.id])).toBe(0);
    expect(
      await count(
        "SELECT balance_minor AS n FROM ledger_accounts WHERE kind = 'freelancer_wallet' AND owner_id = ?",
        [u.actor.id],
      ),
    ).toBe(50_000);
    expect(
      await one(env.rt.db.reader, 'SELECT status, error_code FROM pending_actions WHERE id = ?', [actionId]),
    ).toEqual({
      status: 'failed',
      error_code: 'BLOCKED_BY_RISK',
    });
    expect(
      await one(
        env.rt.db.reader,
        'SELECT kind, band, trigger, blocked_count FROM risk_alerts WHERE user_id = ?',
        [u.actor.id],
      ),
    ).toEqual({ kind: 'blocked', band: 'high', trigger: 'withdraw', blocked_count: 1 });
  });

  it('from 50 to 80 lets the proposal through and opens a review alert', async () => {
    const u = await makeUser(env.rt, 'freelancer');
    await env.rt.db.write((tx) =>
      run(tx, 'UPDATE users SET created_at = ? WHERE id = ?', [
        iso(env.clock.now().getTime() - 2 * HOUR),
        u.actor.id,
      ]),
    );
    // new (15) + unverified (10) + profile without bio, skills, case studies (7.5) + a phone number (21) ≈ 54.
    const res = await call<{ id: string }>(
      u,
      'submit_proposal',
      proposalInput('I have built this exact dashboard twice before. Call me on +1 415 555 0199 to discuss.'),
    );
    expect(res.ok, JSON.stringify(res)).toBe(true);
    const alert = await one<{ kind: string; band: string; score: number; reasons: string }>(
      env.rt.db.reader,
      "SELECT kind, band, score, reasons FROM risk_alerts WHERE user_id = ? AND status = 'open'",
      [u.actor.id],
    );
    expect(alert).toMatchObject({ kind: 'review', band: 'medium' });
    expect(Number(alert?.score)).toBeGreaterThanOrEqual(50);
    expect(Number(alert?.score)).toBeLessThanOrEqual(80);
    expect(alert?.reasons).toMatch(/gives a phone number/);
    expect(await count('SELECT count(*) AS n FROM proposals WHERE freelancer_id = ?', [u.actor.id])).toBe(1);
  });

  it('below 50 the action goes through with only its assessment stored', async () => {
    const u = await makeUser(env.rt, 'freelancer');
    const res = await call(
      u,
      'submit_proposal',
      proposalInput('I shipped three fintech dashboards in React; here is how I would structure yours.'),
    );
    expect(res.ok).toBe(true);
    expect(await count('SELECT count(*) AS n FROM risk_alerts WHERE user_id = ?', [u.actor.id])).toBe(0);
    expect(
      await one(
        env.rt.db.reader,
        'SELECT trigger, decision, subject_kind FROM risk_assessments WHERE user_id = ?',
        [u.actor.id],
      ),
    ).toEqual({ trigger: 'submit_proposal', decision: 'allow', subject_kind: 'proposal' });
  });

  it('the thresholds are configuration', async () => {
    const u = await makeUser(env.rt, 'freelancer');
    setRiskThresholds({ blockAbove: 5, reviewFrom: 3 });
    const res = await call(
      u,
      'submit_proposal',
      proposalInput('A careful, specific letter about the dashboard work.'),
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'BLOCKED_BY_RISK' } });
  });
});
