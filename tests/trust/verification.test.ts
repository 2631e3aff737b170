import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { accountsSharingDocuments, isVerified } from '../../db/queries/verification';
import { all, one, run } from '../../db/sql';
import type { CallResult } from '../../tools/dispatcher';
import type { ErrorCode } from '../../tools/errors';
import type { FreelancerProfileView } from '../../tools/profiles/schemas';
import type { AdminVerificationView, VerificationView } from '../../tools/verification/schemas';
import { BACKENDS, makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Status = {
  userId: string;
  verified: boolean;
  individual: { state: string; current: VerificationView | null };
  company: { state: string; current: VerificationView | null };
  history: VerificationView[];
};
type Reviewed = { verification: AdminVerificationView; userVerified: boolean };

describe.each(BACKENDS)('verification on %s', (backend) => {
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
  async function fails(user: TestUser, tool: string, input: unknown, code: ErrorCode) {
    const res = await call(user, tool, input);
    expect(res, tool).toMatchObject({ ok: false, error: { code } });
    return res.ok ? '' : res.error.message;
  }
  /** review_verification: held for confirmation, then confirmed by the same admin. */
  async function review(input: { verificationId: string; decision: string; reason?: string }) {
    const held = await call(admin, 'review_verification', input);
    if (held.ok || held.error.code !== 'NEEDS_CONFIRMATION') {
      throw new Error(`review_verification should wait for confirmation: ${JSON.stringify(held)}`);
    }
    const action = held.error.pendingAction!;
    const done = await env.rt.dispatcher.confirm<Reviewed>(admin.actor, action.id, 'test');
    if (!done.ok) throw new Error(`confirm failed: ${JSON.stringify(done.error)}`);
    return { data: done.data, summary: action.summary };
  }
  const passport = (secret = 'AB 123 4567') => ({
    kind: 'individual',
    evidenceKind: 'passport',
    issuingCountry: 'gb',
    documentSecret: secret,
  });

  it('goes unverified → pending → rejected → pending → verified, and the profile follows', async () => {
    const me = await makeUser(env.rt, 'freelancer');
    const status = () => ok<Status>(me, 'verification_status', {});
    expect(await status()).toMatchObject({
      userId: me.actor.id,
      verified: false,
      individual: { state: 'unverified', current: null },
      company: { state: 'unverified', current: null },
      history: [],
    });

    const first = await ok<{ verification: VerificationView }>(me, 'submit_verification', passport());
    expect(first.verification).toMatchObject({
      kind: 'individual',
      evidenceKind: 'passport',
      issuingCountry: 'GB',
      reference: '••••4567',
      status: 'pending',
      reviewedAt: null,
    });
    expect((await status()).individual.state).toBe('pending');
    await fails(me, 'submit_verification', passport(), 'CONFLICT');

    const queue = await ok<{ verifications: AdminVerificationView[] }>(admin, 'list_verifications', {});
    expect(queue.verifications.find((v) => v.id === first.verification.id)).toMatchObject({
      userId: me.actor.id,
      userRole: 'freelancer',
      sameDocumentAccounts: 0,
    });

    // A rejection needs a reason, and is shown to the user.
    await fails(
      admin,
      'review_verification',
      { verificationId: first.verification.id, decision: 'reject' },
      'VALIDATION',
    );
    const rejected = await review({
      verificationId: first.verification.id,
      decision: 'reject',
      reason: 'The number does not match the scan.',
    });
    expect(rejected.summary).toBe(
      `Reject the identity verification of ${me.actor.displayName} (freelancer, US): passport issued in GB, ` +
        `number ending 4567, submitted ${env.clock.now().toISOString().slice(0, 10)}. No other account ` +
        'submitted this document. Reason: The number does not match the scan.',
    );
    expect(rejected.data).toMatchObject({ verification: { status: 'rejected' }, userVerified: false });
    expect(await status()).toMatchObject({
      verified: false,
      individual: { state: 'rejected', current: { reason: 'The number does not match the scan.' } },
    });
    await fails(
      admin,
      'review_verification',
      { verificationId: first.verification.id, decision: 'approve' },
      'CONFLICT',
    );

    // Re-submission after a rejection.
    env.clock.advance(60_000);
    const second = await ok<{ verification: VerificationView }>(
      me,
      'submit_verification',
      passport('AB1234568'),
    );
    expect(second.verification.id).not.toBe(first.verification.id);
    const approved = await review({ verificationId: second.verification.id, decision: 'approve' });
    expect(approved.summary).toMatch(/^Approve the identity verification of .*number ending 4568/);
    expect(approved.data).toMatchObject({ verification: { status: 'verified' }, userVerified: true });

    const after = await status();
    expect(after).toMatchObject({ verified: true, individual: { state: 'verified' } });
    expect(after.history.map((h) => h.status)).toEqual(['verified', 'rejected']);
    await fails(me, 'submit_verification', passport('ZZ9999999'), 'CONFLICT');

    // Verified feeds the profile (matching reads freelancer_profiles.verified) and risk (isVerified).
    const profile = await ok<FreelancerProfileView>(me, 'get_freelancer_profile', {
      freelancerId: me.actor.id,
    });
    expect(profile.verified).toBe(true);
    expect(profile.badges.map((b) => b.key)).toContain('verified_identity');
    expect(profile.badges.find((b) => b.key === 'verified_identity')?.earnedAt).toBe(
      env.clock.now().toISOString(),
    );
    expect(await isVerified(env.rt.db.reader, me.actor.id)).toBe(true);
  });

  it('only lets the admin who asked confirm, and refuses every other role (audited)', async () => {
    const me = await makeUser(env.rt, 'client');
    const { verification } = await ok<{ verification: VerificationView }>(me, 'submit_verification', {
      kind: 'company',
      evidenceKind: 'company_registration',
      issuingCountry: 'DE',
      documentSecret: 'HRB 98765',
      companyName: 'Acme GmbH',
    });
    for (const role of ['client', 'freelancer'] as const) {
      const user = role === 'client' ? me : await makeUser(env.rt, role);
      await fails(
        user,
        'review_verification',
        { verificationId: verification.id, decision: 'approve' },
        'FORBIDDEN',
      );
      await fails(user, 'list_verifications', {}, 'FORBIDDEN');
    }
    await fails(me, 'submit_verification', { ...passport(), companyName: 'Acme GmbH' }, 'VALIDATION');
    await fails(me, 'submit_verification', { ...passport(), evidenceKind: 'tax_certificate' }, 'VALIDATION');

    const held = await call(admin, 'review_verification', {
      verificationId: verification.id,
      decision: 'approve',
    });
    if (held.ok) throw new Error('expected a pending action');
    expect(held.error.message).toMatch(/^Approve the company \(“Acme GmbH”\) verification of /);
    const otherAdmin = await makeUser(env.rt, 'admin');
    expect(
      await env.rt.dispatcher.confirm(otherAdmin.actor, held.error.pendingAction!.id, 'test'),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await env.rt.dispatcher.confirm(me.actor, held.error.pendingAction!.id, 'test')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const stillPending = await one<{ status: string }>(
      env.rt.db.reader,
      'SELECT status FROM verifications WHERE id = ?',
      [verification.id],
    );
    expect(stillPending?.status).toBe('pending');
    expect(await env.rt.dispatcher.confirm(admin.actor, held.error.pendingAction!.id, 'test')).toMatchObject({
      ok: true,
      data: { verification: { status: 'verified', companyName: 'Acme GmbH' }, userVerified: true },
    });
    const status = await ok<Status>(me, 'verification_status', {});
    expect(status).toMatchObject({
      verified: true,
      company: { state: 'verified' },
      individual: { state: 'unverified' },
    });

    await env.rt.dispatcher.flush();
    const refusals = await all<{ tool: string; outcome: string }>(
      env.rt.db.reader,
      "SELECT tool, outcome FROM audit_log WHERE actor_id = ? AND outcome = 'FORBIDDEN' ORDER BY id",
      [me.actor.id],
    );
    // Calling the admin tools, and trying to confirm the admin's pending action.
    expect(refusals.map((r) => r.tool).sort()).toEqual([
      'list_verifications',
      'review_verification',
      'review_verification',
    ]);
  });

  it('shows a user only their own status; admins name the user', async () => {
    const a = await makeUser(env.rt, 'client');
    const b = await makeUser(env.rt, 'freelancer');
    await fails(a, 'verification_status', { userId: b.actor.id }, 'FORBIDDEN');
    expect((await ok<Status>(a, 'verification_status', { userId: a.actor.id })).userId).toBe(a.actor.id);
    await fails(admin, 'verification_status', {}, 'VALIDATION');
    expect((await ok<Status>(admin, 'verification_status', { userId: b.actor.id })).userId).toBe(b.actor.id);
    await fails(admin, 'verification_status', { userId: 'usr_nobody' }, 'NOT_FOUND');
  });

  it('stores no document number in clear anywhere, and flags the same document on two accounts', async () => {
    const secret = 'X9-876-54321';
    const normalized = 'X987654321';
    const first = await makeUser(env.rt, 'freelancer');
    const second = await makeUser(env.rt, 'client');
    const a = await ok<{ verification: VerificationView }>(first, 'submit_verification', passport(secret));
    // Written differently, same document: the fingerprint normalises it.
    const b = await ok<{ verification: VerificationView }>(
      second,
      'submit_verification',
      passport('x9 8765 4321'),
    );
    expect(a.verification.reference).toBe('••••4321');
    expect(JSON.stringify(a)).not.toContain('98765');

    await env.rt.dispatcher.flush();
    const ex = env.rt.db.reader;
    const rows = [
      ...(await all(ex, 'SELECT * FROM verifications WHERE id IN (?, ?)', [
        a.verification.id,
        b.verification.id,
      ])),
      ...(await all(ex, 'SELECT * FROM audit_log WHERE actor_id IN (?, ?)', [
        first.actor.id,
        second.actor.id,
      ])),
      ...(await all(ex, 'SELECT * FROM pending_actions WHERE actor_id IN (?, ?)', [
        first.actor.id,
        second.actor.id,
      ])),
    ];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const dump = JSON.stringify(rows)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '');
    for (const needle of [normalized, '9876543', '87654321', 'X98765']) expect(dump).not.toContain(needle);
    const row = await one<{ fingerprint: string; last4: string }>(
      ex,
      'SELECT fingerprint, last4 FROM verifications WHERE id = ?',
      [a.verification.id],
    );
    expect(row?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.last4).toBe('4321');
    const audit = await one<{ args: string }>(
      ex,
      "SELECT args FROM audit_log WHERE actor_id = ? AND tool = 'submit_verification'",
      [first.actor.id],
    );
    expect(JSON.parse(audit?.args ?? '{}')).toMatchObject({
      documentSecret: '[redacted]',
      evidenceKind: 'passport',
    });

    const held = await call(admin, 'review_verification', {
      verificationId: b.verification.id,
      decision: 'approve',
    });
    if (held.ok) throw new Error('expected a pending action');
    expect(held.error.message).toContain('Warning: 1 other account submitted the same document.');
    expect(await accountsSharingDocuments(ex, first.actor.id)).toBe(1);
    expect(await accountsSharingDocuments(ex, admin.actor.id)).toBe(0);
    await env.rt.dispatcher.cancel(admin.actor, held.error.pendingAction!.id, 'test');
    const pendingRows = await all(ex, 'SELECT * FROM pending_actions WHERE id = ?', [
      held.error.pendingAction!.id,
    ]);
    expect(
      JSON.stringify(pendingRows)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, ''),
    ).not.toContain(normalized);
  });

  it('starts a profile verified when the freelancer was verified before creating it', async () => {
    const id = newId('usr');
    await env.rt.db.write(async (tx) => {
      await run(
        tx,
        "INSERT INTO users (id, role, email, display_name, country, created_at) VALUES (?, 'freelancer', ?, 'Late Profile', 'FR', ?)",
        [id, `${id}@example.test`, '2026-01-01T00:00:00.000Z'],
      );
      await run(
        tx,
        `INSERT INTO verifications (id, user_id, kind, evidence_kind, issuing_country, fingerprint, last4, status,
                                    submitted_at, reviewed_by, reviewed_at)
         VALUES (?, ?, 'individual', 'national_id', 'FR', ?, '0001', 'verified', ?, ?, ?)`,
        [newId('vrf'), id, 'a'.repeat(64), '2026-02-01', admin.actor.id, '2026-02-02'],
      );
      await run(
        tx,
        `INSERT INTO freelancer_profiles (user_id, headline, category, hourly_rate_minor, currency, availability, updated_at)
         VALUES (?, 'Translator', 'translation', 4000, 'EUR', 'full_time', ?)`,
        [id, '2026-02-03'],
      );
    });
    const row = await one<{ verified: number }>(
      env.rt.db.reader,
      'SELECT verified FROM freelancer_profiles WHERE user_id = ?',
      [id],
    );
    expect(Number(row?.verified)).toBe(1);
  });
});
