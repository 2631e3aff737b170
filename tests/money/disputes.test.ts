import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { getContractRow } from '../../db/queries/contracts';
import { getHold, holdForMilestone, refundHold, releaseHold } from '../../db/queries/holds';
import { balancesOf, ledgerViolations } from '../../db/queries/ledger';
import { all, one } from '../../db/sql';
import type { ContractView } from '../../tools/contracts/schemas';
import { splitRemaining } from '../../tools/disputes/resolveDispute';
import type { DisputeView, EvidenceView } from '../../tools/disputes/schemas';
import { platformFee as tieredFee } from '../../tools/money/fees';
import type { ProposalView } from '../../tools/proposals/schemas';
import type { ProjectView } from '../../tools/shared/schemas';
import { toolCalls } from '../support/calls';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Resolved = {
  dispute: DisputeView;
  transfers: { transferId: string; kind: string }[];
  invoice: { id: string; number: string } | null;
  rounding: string;
};

describe('dispute split rounding', () => {
  it('never loses or creates a minor unit', () => {
    expect(splitRemaining(10_001, 3_333)).toEqual({ release: 3_333, refund: 6_668 });
    expect(splitRemaining(1, 5_000)).toEqual({ release: 0, refund: 1 });
    expect(splitRemaining(99_999, 10_000)).toEqual({ release: 99_999, refund: 0 });
    expect(splitRemaining(99_999, 0)).toEqual({ release: 0, refund: 99_999 });
    for (const amount of [1, 2, 3, 7, 101, 10_001, 123_457, 999_999_999]) {
      for (const bps of [0, 1, 3_333, 5_000, 6_667, 9_999, 10_000]) {
        const { release, refund } = splitRemaining(amount, bps);
        expect(release + refund).toBe(amount);
        expect(release).toBe(Math.floor((amount * bps) / 10_000));
      }
    }
  });
});

describe.each(BACKENDS)('disputes on %s', (backend) => {
  let env: TestEnv;
  let admin: TestUser;
  beforeAll(async () => {
    env = await testEnv(backend);
    admin = await makeUser(env.rt, 'admin');
  });
  afterAll(async () => {
    await env.close();
  });

  const { call, ok, fails, confirmed } = toolCalls(() => env);

  const now = () => env.clock.now();

  const wallet = async (kind: 'client_wallet' | 'freelancer_wallet', userId: string) =>
    (await balancesOf(env.rt.db.reader, kind, userId)).find((b) => b.currency === 'USD')?.balance ?? 0;
  const platform = async () =>
    (await balancesOf(env.rt.db.reader, 'platform_fees', 'platform')).find((b) => b.currency === 'USD')
      ?.balance ?? 0;
  /** The tiered platform fee on a release from a fixed contract worth `contractTotal`. */
  const feeOn = (contractTotal: number, amount: number) => tieredFee(amount, contractTotal).fee;

  /** Money into the client's wallet through the deposit tool (sandbox provider). */
  const deposit = (user: TestUser, amount: number) =>
    confirmed(user, 'deposit', { amount: { amount, currency: 'USD' }, idempotencyKey: `dep:${newId('k')}` });

  interface Hire {
    client: TestUser;
    freelancer: TestUser;
    contract: ContractView;
    milestoneIds: string[];
  }

  /** create_project → submit_proposal → accept_proposal, then milestones funded from a deposit. */
  async function hireAndFund(amounts: number[], funded = amounts.length): Promise<Hire> {
    const client = await makeUser(env.rt, 'client');
    const freelancer = await makeUser(env.rt, 'freelancer');
    const project = await ok<ProjectView>(client, 'create_project', projectInput());
    const total = amounts.reduce((a, b) => a + b, 0);
    const proposal = await ok<ProposalView>(freelancer, 'submit_proposal', {
      projectId: project.id,
      coverLetter: 'I can do this well and on time, with weekly demos.',
      amount: { amount: total, currency: 'USD' },
      estimatedWeeks: 6,
      milestones: amounts.map((amount, i) => ({
        title: `Milestone ${i + 1}`,
        amount: { amount, currency: 'USD' },
        dueInWeeks: i + 1,
      })),
    });
    const contract = await ok<ContractView>(client, 'accept_proposal', { proposalId: proposal.id });
    await deposit(client, total);
    const milestoneIds = contract.milestones.map((m) => m.id);
    for (const id of milestoneIds.slice(0, funded))
      await confirmed(client, 'fund_milestone', { milestoneId: id });
    return { client, freelancer, contract, milestoneIds };
  }

  const milestoneStatus = async (id: string) =>
    (await one<{ status: string }>(env.rt.db.reader, 'SELECT status FROM milestones WHERE id = ?', [id]))
      ?.status;

  it('freezes the hold: no release or refund while open, evidence from both sides, one dispute per hold', async () => {
    const { client, freelancer, contract, milestoneIds } = await hireAndFund([250_000]);
    const milestoneId = milestoneIds[0]!;
    const input = {
      milestoneId,
      reason: 'quality',
      description: 'The dashboard charts do not load on mobile, as agreed in the brief.',
    };

    // Guarded: nothing happens until the same person confirms.
    const held = await call(client, 'open_dispute', input);
    expect(held).toMatchObject({ ok: false, error: { code: 'NEEDS_CONFIRMATION' } });
    if (held.ok) return;
    expect(held.error.message).toContain('freezes the $2,500.00 still in escrow');
    expect((await holdForMilestone(env.rt.db.reader, milestoneId))?.status).toBe('held');
    const stranger = await env.rt.dispatcher.confirm(freelancer.actor, held.error.pendingAction!.id, 'test');
    expect(stranger).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const opened = await env.rt.dispatcher.confirm<DisputeView>(
      client.actor,
      held.error.pendingAction!.id,
      'test',
    );
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    const dispute = opened.data;
    expect(dispute).toMatchObject({
      status: 'open',
      reason: 'quality',
      contractId: contract.id,
      openedBy: { id: client.actor.id, role: 'client' },
      hold: { milestoneId, status: 'disputed', remaining: { amount: 250_000, currency: 'USD' } },
      resolution: null,
    });

    // Frozen: the ledger refuses to move it, whoever asks.
    const hold = (await holdForMilestone(env.rt.db.reader, milestoneId))!;
    await expect(
      env.rt.db.write((tx) =>
        releaseHold(tx, { holdId: hold.id, amount: 250_000, fee: 0, actorId: client.actor.id, now: now() }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      env.rt.db.write((tx) =>
        refundHold(tx, { holdId: hold.id, amount: 1, actorId: client.actor.id, now: now() }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const approve = await fails(client, 'approve_milestone', { milestoneId }, 'CONFLICT');
    expect(approve.message).toMatch(/frozen by an open dispute/);
    await fails(client, 'refund_milestone', { milestoneId }, 'CONFLICT');
    expect(await getHold(env.rt.db.reader, hold.id)).toMatchObject({
      status: 'disputed',
      released_minor: 0,
      refunded_minor: 0,
    });

    // One open dispute per hold, from either side.
    await fails(freelancer, 'open_dispute', { ...input, reason: 'payment' }, 'CONFLICT');

    // Evidence: both parties and an admin; nobody else.
    const ev = await ok<{ evidence: EvidenceView; dispute: DisputeView }>(
      freelancer,
      'add_dispute_evidence',
      {
        disputeId: dispute.id,
        text: 'Mobile was out of scope; see the signed brief.',
        links: ['https://files.example/brief.pdf'],
      },
    );
    expect(ev.evidence).toMatchObject({
      authorRole: 'freelancer',
      links: ['https://files.example/brief.pdf'],
    });
    await ok(client, 'add_dispute_evidence', { disputeId: dispute.id, text: 'Page 2 says responsive.' });
    await ok(admin, 'add_dispute_evidence', { disputeId: dispute.id, text: 'Reviewing the brief.' });
    const outsider = await makeUser(env.rt, 'client');
    await fails(outsider, 'add_dispute_evidence', { disputeId: dispute.id, text: 'me too' }, 'FORBIDDEN');
    await fails(client, 'add_dispute_evidence', { disputeId: 'dsp_nope', text: 'x' }, 'NOT_FOUND');
    await fails(
      client,
      'add_dispute_evidence',
      { disputeId: dispute.id, text: 'x', links: ['not a url'] },
      'VALIDATION',
    );

    // Reading: parties and admins; list scoped to the caller.
    const full = await ok<DisputeView & { evidence: EvidenceView[] }>(freelancer, 'get_dispute', {
      disputeId: dispute.id,
    });
    expect(full.evidence.map((e) => e.authorRole)).toEqual(['freelancer', 'client', 'admin']);
    expect(full.evidenceCount).toBe(3);
    await ok(admin, 'get_dispute', { disputeId: dispute.id });
    await fails(outsider, 'get_dispute', { disputeId: dispute.id }, 'FORBIDDEN');
    const mine = await ok<{ total: number; results: DisputeView[] }>(client, 'list_disputes', {
      status: 'open',
    });
    expect(mine.results.map((d) => d.id)).toEqual([dispute.id]);
    expect((await ok<{ total: number }>(outsider, 'list_disputes', {})).total).toBe(0);
    await fails(outsider, 'list_disputes', { contractId: contract.id }, 'FORBIDDEN');
    const queue = await ok<{ results: DisputeView[] }>(admin, 'list_disputes', {
      status: 'open',
      limit: 100,
    });
    expect(queue.results.map((d) => d.id)).toContain(dispute.id);
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('resolves by release: the freelancer is paid minus the fee, the milestone is paid, the dispute closes', async () => {
    const { client, freelancer, milestoneIds } = await hireAndFund([120_000]);
    const milestoneId = milestoneIds[0]!;
    const { data: d } = await confirmed<DisputeView>(freelancer, 'open_dispute', {
      milestoneId,
      reason: 'payment',
      description: 'Delivered two weeks ago; the client does not answer.',
    });
    await fails(
      client,
      'resolve_dispute',
      { disputeId: d.id, outcome: 'refund', note: 'I want it back' },
      'FORBIDDEN',
    );
    await fails(
      freelancer,
      'resolve_dispute',
      { disputeId: d.id, outcome: 'release', note: 'pay me' },
      'FORBIDDEN',
    );

    const fee = feeOn(120_000, 120_000);
    const before = {
      freelancer: await wallet('freelancer_wallet', freelancer.actor.id),
      platform: await platform(),
    };
    const { data, summary } = await confirmed<Resolved>(admin, 'resolve_dispute', {
      disputeId: d.id,
      outcome: 'release',
      note: 'Delivery is documented; the work matches the brief.',
    });
    expect(summary).toContain(`by release of the $1,200.00 in escrow`);
    expect(data.dispute).toMatchObject({
      status: 'resolved',
      hold: { status: 'settled', remaining: { amount: 0 } },
      resolution: {
        outcome: 'release',
        freelancerShareBps: 10_000,
        disputed: { amount: 120_000 },
        released: { amount: 120_000 },
        fee: { amount: fee },
        freelancerReceives: { amount: 120_000 - fee },
        refunded: { amount: 0 },
        resolvedBy: admin.actor.id,
      },
    });
    expect(data.transfers.map((t) => t.kind)).toEqual(['escrow_release']);
    expect(data.dispute.resolution?.invoiceId).toBe(data.invoice?.id);
    expect(
      await one(
        env.rt.db.reader,
        'SELECT source, total_minor, fee_minor, net_minor FROM invoices WHERE id = ?',
        [data.invoice?.id ?? ''],
      ),
    ).toEqual({ source: 'dispute', total_minor: 120_000, fee_minor: fee, net_minor: 120_000 - fee });
    expect(await wallet('freelancer_wallet', freelancer.actor.id)).toBe(before.freelancer + 120_000 - fee);
    expect(await platform()).toBe(before.platform + fee);
    expect(await milestoneStatus(milestoneId)).toBe('paid');

    // Closed: no second resolution, no more evidence, and the settled hold cannot be disputed again.
    await fails(
      admin,
      'resolve_dispute',
      { disputeId: d.id, outcome: 'refund', note: 'changed my mind' },
      'CONFLICT',
    );
    await fails(client, 'add_dispute_evidence', { disputeId: d.id, text: 'late' }, 'CONFLICT');
    await fails(
      client,
      'open_dispute',
      { milestoneId, reason: 'quality', description: 'Reopening this one.' },
      'CONFLICT',
    );
    await fails(
      admin,
      'resolve_dispute',
      { disputeId: 'dsp_missing', outcome: 'refund', note: 'nothing' },
      'NOT_FOUND',
    );
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('resolves by refund: the client gets every cent back and the milestone is refunded', async () => {
    const { client, contract, milestoneIds } = await hireAndFund([75_555]);
    const milestoneId = milestoneIds[0]!;
    const { data: d } = await confirmed<DisputeView>(client, 'open_dispute', {
      milestoneId,
      reason: 'not_delivered',
      description: 'Nothing was delivered by the due date.',
    });
    const before = await wallet('client_wallet', client.actor.id);
    const { data } = await confirmed<Resolved>(admin, 'resolve_dispute', {
      disputeId: d.id,
      outcome: 'refund',
      note: 'No delivery on record.',
    });
    expect(data.dispute.resolution).toMatchObject({
      released: { amount: 0 },
      fee: { amount: 0 },
      refunded: { amount: 75_555 },
    });
    expect(data.transfers.map((t) => t.kind)).toEqual(['escrow_refund']);
    expect(data.invoice).toBeNull();
    expect(await wallet('client_wallet', client.actor.id)).toBe(before + 75_555);
    expect(await milestoneStatus(milestoneId)).toBe('refunded');
    expect((await getContractRow(env.rt.db.reader, contract.id))?.status).toBe('active');
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('splits 33.33% of an odd amount to the exact cent, after an earlier partial release', async () => {
    const { client, freelancer, milestoneIds } = await hireAndFund([30_001]);
    const milestoneId = milestoneIds[0]!;
    // Part of the escrow was already paid before the disagreement: the dispute is about the rest (10,001).
    const hold = (await holdForMilestone(env.rt.db.reader, milestoneId))!;
    await confirmed(client, 'approve_milestone', {
      milestoneId,
      amount: { amount: 20_000, currency: 'USD' },
    });
    const { data: d } = await confirmed<DisputeView>(freelancer, 'open_dispute', {
      milestoneId,
      reason: 'scope',
      description: 'The client asked for extra pages and will not pay the rest.',
    });
    expect(d.hold.remaining.amount).toBe(10_001);

    await fails(
      admin,
      'resolve_dispute',
      { disputeId: d.id, outcome: 'split', note: 'half' },
      'VALIDATION',
      'freelancerShareBps',
    );
    await fails(
      admin,
      'resolve_dispute',
      { disputeId: d.id, outcome: 'release', freelancerShareBps: 5000, note: 'half' },
      'VALIDATION',
      'freelancerShareBps',
    );
    await fails(
      admin,
      'resolve_dispute',
      { disputeId: d.id, outcome: 'split', freelancerShareBps: 33.33, note: 'a third' },
      'VALIDATION',
      'freelancerShareBps',
    );
    await fails(
      admin,
      'resolve_dispute',
      { disputeId: d.id, outcome: 'split', freelancerShareBps: 10_001, note: 'a third' },
      'VALIDATION',
      'freelancerShareBps',
    );

    const fee = feeOn(30_001, 3_333);
    const before = {
      client: await wallet('client_wallet', client.actor.id),
      freelancer: await wallet('freelancer_wallet', freelancer.actor.id),
      platform: await platform(),
    };
    const { data, summary } = await confirmed<Resolved>(admin, 'resolve_dispute', {
      disputeId: d.id,
      outcome: 'split',
      freelancerShareBps: 3_333,
      note: 'The extra pages were requested in writing; a third of the rest is fair.',
    });
    expect(summary).toContain('split 33.33% / 66.67% of the $100.01 in escrow');
    expect(summary).toContain('$33.33 to');
    expect(summary).toContain('$66.68 back to');
    expect(data.dispute.resolution).toMatchObject({
      outcome: 'split',
      freelancerShareBps: 3_333,
      disputed: { amount: 10_001 },
      released: { amount: 3_333 },
      fee: { amount: fee },
      refunded: { amount: 6_668 },
    });
    expect(data.transfers.map((t) => t.kind)).toEqual(['dispute_split', 'dispute_split']);
    expect(
      await one(env.rt.db.reader, 'SELECT total_minor, fee_minor FROM invoices WHERE id = ?', [
        data.invoice?.id ?? '',
      ]),
    ).toEqual({ total_minor: 3_333, fee_minor: fee });
    expect(await wallet('client_wallet', client.actor.id)).toBe(before.client + 6_668);
    expect(await wallet('freelancer_wallet', freelancer.actor.id)).toBe(before.freelancer + 3_333 - fee);
    expect(await platform()).toBe(before.platform + fee);
    expect(await getHold(env.rt.db.reader, hold.id)).toMatchObject({
      status: 'settled',
      released_minor: 23_333,
      refunded_minor: 6_668,
    });
    expect(await milestoneStatus(milestoneId)).toBe('paid');
    // Both legs in one transaction, each balanced.
    const legs = await all<{ kind: string; s: number }>(
      env.rt.db.reader,
      `SELECT t.kind, sum(e.amount_minor) AS s FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id
        WHERE t.id IN (?, ?) GROUP BY t.id`,
      data.transfers.map((t) => t.transferId),
    );
    expect(legs.map((l) => Number(l.s))).toEqual([0, 0]);
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('refuses disputes on released or unfunded escrow, by outsiders, by admins, and malformed ones', async () => {
    const { client, freelancer, contract, milestoneIds } = await hireAndFund([40_000, 10_000, 5_000], 2);
    const [first, second, third] = milestoneIds as [string, string, string];
    await confirmed(client, 'approve_milestone', { milestoneId: first });
    const base = { reason: 'quality', description: 'This is not what we agreed on.' };
    const released = await fails(client, 'open_dispute', { ...base, milestoneId: first }, 'CONFLICT');
    expect(released.message).toMatch(/already released or refunded/);
    // An unfunded milestone: nothing in escrow.
    const unfunded = await fails(freelancer, 'open_dispute', { ...base, milestoneId: third }, 'CONFLICT');
    expect(unfunded.message).toMatch(/not funded/);

    // Only the two parties, and only client/freelancer roles.
    const outsider = await makeUser(env.rt, 'freelancer');
    await fails(outsider, 'open_dispute', { ...base, milestoneId: second }, 'FORBIDDEN');
    await fails(admin, 'open_dispute', { ...base, milestoneId: second }, 'FORBIDDEN');
    await fails(client, 'open_dispute', { ...base, milestoneId: 'mst_missing' }, 'NOT_FOUND');
    // A period that was never funded on this fixed contract.
    await fails(
      freelancer,
      'open_dispute',
      { ...base, contractId: contract.id, period: '2026-11' },
      'CONFLICT',
    );
    await fails(
      client,
      'open_dispute',
      { ...base, milestoneId: second, contractId: contract.id, period: '2026-11' },
      'VALIDATION',
    );
    await fails(client, 'open_dispute', { ...base, contractId: contract.id }, 'VALIDATION', 'period');
    await fails(
      client,
      'open_dispute',
      { ...base, milestoneId: second, reason: 'angry' },
      'VALIDATION',
      'reason',
    );
    await fails(
      client,
      'open_dispute',
      { ...base, milestoneId: second, description: 'short' },
      'VALIDATION',
      'description',
    );
    expect((await holdForMilestone(env.rt.db.reader, second))?.status).toBe('held');

    // A cancelled request leaves the money where it was.
    const held = await call(client, 'open_dispute', { ...base, milestoneId: second });
    if (held.ok) throw new Error('expected confirmation');
    await env.rt.dispatcher.cancel(client.actor, held.error.pendingAction!.id, 'test');
    expect((await holdForMilestone(env.rt.db.reader, second))?.status).toBe('held');
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });
});
