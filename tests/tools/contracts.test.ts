import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, one, run } from '../../db/sql';
import type { ContractView, ReviewView, ScopeChangeView } from '../../tools/contracts/schemas';
import type { ProposalView } from '../../tools/proposals/schemas';
import type { MilestoneView, ProjectView } from '../../tools/shared/schemas';
import { toolCalls } from '../support/calls';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Week = {
  weekStart: string;
  weekEnd: string;
  minutes: number;
  hours: number;
  limitHours: number | null;
  remainingMinutes: number | null;
};
type TimeLogResult = { log: { id: string; minutes: number; workDate: string }; week: Week };
type ContractDetail = ContractView & {
  time: Week & { totalMinutes: number; totalHours: number };
  reviews: ReviewView[];
  scopeChanges: ScopeChangeView[];
};
type ReviewResult = {
  review: ReviewView;
  freelancerRating: { rating: number | null; reviewsCount: number } | null;
};
type Respond = { scopeChange: ScopeChangeView; contract: ContractView };
type Submitted = {
  milestone: MilestoneView;
  submissionNote: string;
  deliverables: string[];
  submittedAt: string;
};

describe.each(BACKENDS)('contract tools on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
  });
  afterAll(async () => {
    await env.close();
  });

  const { ok, fails } = toolCalls(() => env);

  const count = async (sql: string, args: (string | number)[] = []) =>
    Number((await one<{ n: number }>(env.rt.db.reader, `SELECT count(*) AS n FROM ${sql}`, args))?.n);
  const sql = (statement: string, args: (string | number)[] = []) =>
    env.rt.db.write((tx) => run(tx, statement, args));
  const today = () => env.clock.now().toISOString().slice(0, 10);
  const daysFromToday = (n: number) =>
    new Date(env.clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10);

  interface Hire {
    client: TestUser;
    freelancer: TestUser;
    project: ProjectView;
    contract: ContractView;
  }

  /** A client hires a freelancer through the tools: create_project → submit_proposal → accept_proposal. */
  async function hire(
    opts: {
      hourly?: boolean;
      weeklyLimitHours?: number;
      milestones?: { title: string; amount: number; dueInWeeks: number }[];
      client?: TestUser;
      freelancer?: TestUser;
    } = {},
  ): Promise<Hire> {
    const client = opts.client ?? (await makeUser(env.rt, 'client'));
    const freelancer = opts.freelancer ?? (await makeUser(env.rt, 'freelancer'));
    const project = await ok<ProjectView>(
      client,
      'create_project',
      projectInput(
        opts.hourly ? { pricing: 'hourly', budget: { currency: 'USD', min: 5000, max: 10000 } } : {},
      ),
    );
    const milestones = (opts.milestones ?? []).map((m) => ({
      ...m,
      amount: { amount: m.amount, currency: 'USD' },
    }));
    const total = milestones.reduce((s, m) => s + m.amount.amount, 0);
    const proposal = await ok<ProposalView>(freelancer, 'submit_proposal', {
      projectId: project.id,
      coverLetter: 'I can do this well and on time, with weekly demos.',
      amount: { amount: opts.hourly ? 8000 : total || 600000, currency: 'USD' },
      estimatedWeeks: 6,
      milestones,
    });
    const contract = await ok<ContractView>(client, 'accept_proposal', {
      proposalId: proposal.id,
      ...(opts.weeklyLimitHours ? { weeklyLimitHours: opts.weeklyLimitHours } : {}),
    });
    return { client, freelancer, project, contract };
  }

  it('runs the whole flow: propose, accept, submit, change scope, review', async () => {
    const client = await makeUser(env.rt, 'client', { name: 'Clara Client' });
    const freelancer = await makeUser(env.rt, 'freelancer', { name: 'Fred Freelancer' });
    const { contract } = await hire({
      client,
      freelancer,
      milestones: [
        { title: 'Design', amount: 250000, dueInWeeks: 2 },
        { title: 'Build', amount: 350000, dueInWeeks: 6 },
      ],
    });
    expect(contract.amount).toEqual({ amount: 600000, currency: 'USD' });
    const [design, build] = contract.milestones;
    if (!design || !build) throw new Error('expected two milestones');

    // The freelancer hands in the first milestone.
    const sub = await ok<Submitted>(freelancer, 'submit_milestone', {
      milestoneId: design.id,
      note: 'Figma file and the auth flow are ready for review.',
      deliverables: ['https://figma.example/file/abc', 'https://github.example/acme/dash/pull/1'],
    });
    expect(sub.milestone).toMatchObject({ id: design.id, status: 'submitted', contractId: contract.id });
    expect(sub.submissionNote).toContain('Deliverables:\n- https://figma.example/file/abc');
    const stored = await one<{ status: string; submission_note: string; submitted_at: string }>(
      env.rt.db.reader,
      'SELECT status, submission_note, submitted_at FROM milestones WHERE id = ?',
      [design.id],
    );
    expect(stored).toEqual({
      status: 'submitted',
      submission_note: sub.submissionNote,
      submitted_at: sub.submittedAt,
    });
    await fails(freelancer, 'submit_milestone', { milestoneId: design.id, note: 'again' }, 'CONFLICT');

    // The freelancer asks for more money and time on the second milestone; the client approves.
    const req = await ok<ScopeChangeView>(freelancer, 'request_scope_change', {
      contractId: contract.id,
      description: 'Add CSV export to every chart.',
      amountDelta: 50000,
      newDeadline: '2027-03-01',
      milestoneId: build.id,
    });
    expect(req).toMatchObject({
      contractId: contract.id,
      milestoneId: build.id,
      requestedBy: freelancer.actor.id,
      requestedByRole: 'freelancer',
      amountDelta: { amount: 50000, currency: 'USD' },
      newDeadline: '2027-03-01',
      status: 'pending',
    });
    expect(
      await one(env.rt.db.reader, 'SELECT status FROM scope_change_requests WHERE id = ?', [req.id]),
    ).toEqual({
      status: 'pending',
    });
    await fails(
      freelancer,
      'respond_scope_change',
      { scopeChangeId: req.id, decision: 'approve' },
      'FORBIDDEN',
    );
    expect(
      await one(env.rt.db.reader, 'SELECT amount_minor FROM contracts WHERE id = ?', [contract.id]),
    ).toEqual({
      amount_minor: 600000,
    });

    const res = await ok<Respond>(client, 'respond_scope_change', {
      scopeChangeId: req.id,
      decision: 'approve',
      note: 'Fine, CSV is worth it.',
    });
    expect(res.scopeChange).toMatchObject({
      status: 'approved',
      respondedBy: client.actor.id,
      responseNote: 'Fine, CSV is worth it.',
    });
    expect(res.contract.amount.amount).toBe(650000);
    expect(res.contract.deadline).toBe('2027-03-01');
    expect(res.contract.milestones.find((m) => m.id === build.id)).toMatchObject({
      amount: { amount: 400000, currency: 'USD' },
      dueDate: '2027-03-01',
    });
    expect(
      await one(env.rt.db.reader, 'SELECT amount_minor, deadline FROM contracts WHERE id = ?', [contract.id]),
    ).toEqual({ amount_minor: 650000, deadline: '2027-03-01' });
    expect(
      await one(env.rt.db.reader, 'SELECT amount_minor, due_date FROM milestones WHERE id = ?', [build.id]),
    ).toEqual({ amount_minor: 400000, due_date: '2027-03-01' });
    // Answering twice conflicts and changes nothing.
    await fails(client, 'respond_scope_change', { scopeChangeId: req.id, decision: 'reject' }, 'CONFLICT');
    expect(
      await one(env.rt.db.reader, 'SELECT amount_minor FROM contracts WHERE id = ?', [contract.id]),
    ).toEqual({
      amount_minor: 650000,
    });

    // Reviews open once every milestone is approved or paid (approval and payment are other tools).
    const early = await fails(
      client,
      'leave_review',
      { contractId: contract.id, quality: 5, communication: 5, speed: 5, reliability: 5 },
      'CONFLICT',
    );
    expect(early.message).toContain('2 milestone(s) still open');
    await sql("UPDATE milestones SET status = 'paid' WHERE id = ?", [design.id]);
    await sql("UPDATE milestones SET status = 'approved' WHERE id = ?", [build.id]);

    const review = await ok<ReviewResult>(client, 'leave_review', {
      contractId: contract.id,
      quality: 5,
      communication: 4,
      speed: 5,
      reliability: 4,
      comment: 'Great work, clear updates.',
    });
    expect(review.review).toMatchObject({
      reviewerId: client.actor.id,
      reviewerRole: 'client',
      revieweeId: freelancer.actor.id,
      revieweeName: 'Fred Freelancer',
      average: 4.5,
      comment: 'Great work, clear updates.',
    });
    expect(review.freelancerRating).toEqual({ rating: 4.5, reviewsCount: 1 });
    expect(
      await one(env.rt.db.reader, 'SELECT rating, reviews_count FROM freelancer_profiles WHERE user_id = ?', [
        freelancer.actor.id,
      ]),
    ).toEqual({ rating: 4.5, reviews_count: 1 });
    await fails(
      client,
      'leave_review',
      { contractId: contract.id, quality: 1, communication: 1, speed: 1, reliability: 1 },
      'CONFLICT',
    );

    env.clock.advance(60_000);
    const back = await ok<ReviewResult>(freelancer, 'leave_review', {
      contractId: contract.id,
      quality: 4,
      communication: 4,
      speed: 3,
      reliability: 5,
    });
    expect(back.review).toMatchObject({
      reviewerRole: 'freelancer',
      revieweeId: client.actor.id,
      average: 4,
    });
    expect(back.freelancerRating).toBeNull();
    expect(
      await one(env.rt.db.reader, 'SELECT rating, reviews_count FROM freelancer_profiles WHERE user_id = ?', [
        freelancer.actor.id,
      ]),
    ).toEqual({ rating: 4.5, reviews_count: 1 });

    // Either party reads the whole story.
    const detail = await ok<ContractDetail>(freelancer, 'get_contract', { contractId: contract.id });
    expect(detail).toMatchObject({
      id: contract.id,
      clientName: 'Clara Client',
      freelancerName: 'Fred Freelancer',
      amount: { amount: 650000, currency: 'USD' },
      time: { minutes: 0, totalMinutes: 0, limitHours: null },
    });
    expect(detail.milestones.map((m) => [m.title, m.status, m.amount.amount])).toEqual([
      ['Design', 'paid', 250000],
      ['Build', 'approved', 400000],
    ]);
    expect(detail.reviews.map((r) => r.reviewerRole)).toEqual(['client', 'freelancer']);
    expect(detail.scopeChanges.map((s) => [s.id, s.status])).toEqual([[req.id, 'approved']]);
  });

  describe('submit_milestone', () => {
    it("refuses other people's milestones and bad input, writing nothing", async () => {
      const { client, contract } = await hire();
      const other = await makeUser(env.rt, 'freelancer');
      const milestone = contract.milestones[0];
      if (!milestone) throw new Error('expected a milestone');
      await fails(other, 'submit_milestone', { milestoneId: milestone.id, note: 'mine now' }, 'FORBIDDEN');
      await fails(client, 'submit_milestone', { milestoneId: milestone.id, note: 'as client' }, 'FORBIDDEN');
      await fails(other, 'submit_milestone', { milestoneId: 'mst_unknown', note: 'x' }, 'NOT_FOUND');
      const { contract: mine } = await hire({ freelancer: other });
      await fails(other, 'submit_milestone', { milestoneId: mine.milestones[0]?.id }, 'VALIDATION', 'note');
      await fails(
        other,
        'submit_milestone',
        { milestoneId: mine.milestones[0]?.id, note: 'done', deliverables: ['not a url'] },
        'VALIDATION',
        'deliverables.0',
      );
      expect(
        await count("milestones WHERE id IN (?, ?) AND status = 'active'", [
          milestone.id,
          mine.milestones[0]!.id,
        ]),
      ).toBe(2);
      expect(await count('milestones WHERE id = ? AND submission_note IS NOT NULL', [milestone.id])).toBe(0);
    });

    it('submits funded milestones and refuses planned ones outside a contract', async () => {
      const { freelancer, contract } = await hire();
      const m = contract.milestones[0]!;
      await sql("UPDATE milestones SET status = 'funded' WHERE id = ?", [m.id]);
      const out = await ok<Submitted>(freelancer, 'submit_milestone', {
        milestoneId: m.id,
        note: 'All done.',
      });
      expect(out).toMatchObject({
        milestone: { status: 'submitted' },
        submissionNote: 'All done.',
        deliverables: [],
      });

      const client = await makeUser(env.rt, 'client');
      const open = await ok<ProjectView>(client, 'create_project', projectInput());
      await sql(
        `INSERT INTO milestones (id, project_id, position, title, amount_minor, currency, status, created_at)
         VALUES (?, ?, 1, 'Planned', 1000, 'USD', 'planned', '2026-11-01T00:00:00Z')`,
        [`mst_planned_${open.id}`, open.id],
      );
      await fails(
        freelancer,
        'submit_milestone',
        { milestoneId: `mst_planned_${open.id}`, note: 'x' },
        'FORBIDDEN',
      );

      // A paused contract takes no submissions.
      const paused = await hire({ freelancer });
      await sql("UPDATE contracts SET status = 'paused' WHERE id = ?", [paused.contract.id]);
      await fails(
        freelancer,
        'submit_milestone',
        { milestoneId: paused.contract.milestones[0]!.id, note: 'x' },
        'CONFLICT',
      );
    });
  });

  describe('scope changes', () => {
    it('lets the client ask and the freelancer reject or approve a price cut', async () => {
      const { client, freelancer, contract } = await hire();
      const cut = await ok<ScopeChangeView>(client, 'request_scope_change', {
        contractId: contract.id,
        description: 'Drop the admin panel.',
        amountDelta: -100000,
      });
      expect(cut).toMatchObject({ requestedByRole: 'client', milestoneId: null, newDeadline: null });
      await fails(
        client,
        'respond_scope_change',
        { scopeChangeId: cut.id, decision: 'approve' },
        'FORBIDDEN',
      );
      const rejected = await ok<Respond>(freelancer, 'respond_scope_change', {
        scopeChangeId: cut.id,
        decision: 'reject',
        note: 'The admin panel is already built.',
      });
      expect(rejected.scopeChange).toMatchObject({
        status: 'rejected',
        responseNote: 'The admin panel is already built.',
      });
      expect(rejected.contract.amount.amount).toBe(600000);
      expect(
        await one(env.rt.db.reader, 'SELECT status, responded_by FROM scope_change_requests WHERE id = ?', [
          cut.id,
        ]),
      ).toEqual({ status: 'rejected', responded_by: freelancer.actor.id });

      const smaller = await ok<ScopeChangeView>(client, 'request_scope_change', {
        contractId: contract.id,
        description: 'Drop the dark mode.',
        amountDelta: -50000,
      });
      const approved = await ok<Respond>(freelancer, 'respond_scope_change', {
        scopeChangeId: smaller.id,
        decision: 'approve',
      });
      expect(approved.contract.amount.amount).toBe(550000);
      expect(approved.scopeChange.responseNote).toBeNull();
      expect(
        await one(env.rt.db.reader, 'SELECT amount_minor FROM contracts WHERE id = ?', [contract.id]),
      ).toEqual({
        amount_minor: 550000,
      });
    });

    it('refuses strangers, bad amounts and foreign milestones, writing nothing', async () => {
      const { client, freelancer, contract } = await hire();
      const { contract: otherContract } = await hire();
      const strangerClient = await makeUser(env.rt, 'client');
      const strangerFreelancer = await makeUser(env.rt, 'freelancer');
      const base = { contractId: contract.id, description: 'More pages.', amountDelta: 1000 };

      await fails(strangerClient, 'request_scope_change', base, 'FORBIDDEN');
      await fails(strangerFreelancer, 'request_scope_change', base, 'FORBIDDEN');
      await fails(client, 'request_scope_change', { ...base, contractId: 'ctr_unknown' }, 'NOT_FOUND');
      await fails(
        client,
        'request_scope_change',
        { ...base, description: undefined },
        'VALIDATION',
        'description',
      );
      await fails(
        client,
        'request_scope_change',
        { ...base, amountDelta: 10.5 },
        'VALIDATION',
        'amountDelta',
      );
      await fails(
        client,
        'request_scope_change',
        { ...base, amountDelta: -600001 },
        'VALIDATION',
        'amountDelta',
      );
      await fails(
        client,
        'request_scope_change',
        { ...base, newDeadline: '2020-01-01' },
        'VALIDATION',
        'newDeadline',
      );
      await fails(
        client,
        'request_scope_change',
        { ...base, newDeadline: '01/02/2027' },
        'VALIDATION',
        'newDeadline',
      );
      await fails(
        client,
        'request_scope_change',
        { ...base, milestoneId: otherContract.milestones[0]!.id },
        'VALIDATION',
        'milestoneId',
      );
      await fails(
        client,
        'request_scope_change',
        { ...base, milestoneId: contract.milestones[0]!.id, amountDelta: -600001 },
        'VALIDATION',
        'amountDelta',
      );
      await sql("UPDATE milestones SET status = 'funded' WHERE id = ?", [contract.milestones[0]!.id]);
      const funded = await fails(
        client,
        'request_scope_change',
        { ...base, milestoneId: contract.milestones[0]!.id },
        'VALIDATION',
        'amountDelta',
      );
      expect(funded.message).toContain('funded');
      expect(await count('scope_change_requests WHERE contract_id = ?', [contract.id])).toBe(0);

      // Respond: unknown id, a stranger, and a request on a contract that ended meanwhile.
      const req = await ok<ScopeChangeView>(freelancer, 'request_scope_change', base);
      await fails(
        client,
        'respond_scope_change',
        { scopeChangeId: 'scr_unknown', decision: 'approve' },
        'NOT_FOUND',
      );
      await fails(
        strangerClient,
        'respond_scope_change',
        { scopeChangeId: req.id, decision: 'approve' },
        'FORBIDDEN',
      );
      await fails(
        client,
        'respond_scope_change',
        { scopeChangeId: req.id, decision: 'maybe' },
        'VALIDATION',
        'decision',
      );
      await sql("UPDATE contracts SET status = 'cancelled' WHERE id = ?", [contract.id]);
      await fails(client, 'respond_scope_change', { scopeChangeId: req.id, decision: 'approve' }, 'CONFLICT');
      await fails(freelancer, 'request_scope_change', base, 'CONFLICT');
      expect(
        await one(env.rt.db.reader, 'SELECT status FROM scope_change_requests WHERE id = ?', [req.id]),
      ).toEqual({
        status: 'pending',
      });
      expect(
        await one(env.rt.db.reader, 'SELECT amount_minor FROM contracts WHERE id = ?', [contract.id]),
      ).toEqual({
        amount_minor: 600000,
      });
    });

    it('lets hourly contracts move deadlines but not amounts', async () => {
      const { client, freelancer, contract } = await hire({ hourly: true });
      await fails(
        client,
        'request_scope_change',
        { contractId: contract.id, description: 'More hours', amountDelta: 5000 },
        'VALIDATION',
        'amountDelta',
      );
      const req = await ok<ScopeChangeView>(client, 'request_scope_change', {
        contractId: contract.id,
        description: 'Two more weeks for QA.',
        newDeadline: daysFromToday(60),
      });
      const res = await ok<Respond>(freelancer, 'respond_scope_change', {
        scopeChangeId: req.id,
        decision: 'approve',
      });
      expect(res.contract).toMatchObject({ deadline: daysFromToday(60), amount: { amount: 0 } });
    });
  });

  describe('leave_review', () => {
    it('averages client reviews into the rating; strangers and bad scores are refused', async () => {
      const freelancer = await makeUser(env.rt, 'freelancer');
      const a = await hire({ freelancer });
      const b = await hire({ freelancer });
      const stranger = await makeUser(env.rt, 'client');
      const scores = { quality: 5, communication: 4, speed: 5, reliability: 4 };

      await sql("UPDATE contracts SET status = 'completed' WHERE id IN (?, ?)", [
        a.contract.id,
        b.contract.id,
      ]);
      await fails(stranger, 'leave_review', { contractId: a.contract.id, ...scores }, 'FORBIDDEN');
      await fails(a.client, 'leave_review', { contractId: 'ctr_unknown', ...scores }, 'NOT_FOUND');
      await fails(
        a.client,
        'leave_review',
        { contractId: a.contract.id, ...scores, quality: 6 },
        'VALIDATION',
        'quality',
      );
      await fails(
        a.client,
        'leave_review',
        { contractId: a.contract.id, ...scores, speed: 'fast' },
        'VALIDATION',
        'speed',
      );
      await fails(
        a.client,
        'leave_review',
        { contractId: a.contract.id, quality: 5 },
        'VALIDATION',
        'reliability',
      );
      expect(await count('reviews WHERE contract_id = ?', [a.contract.id])).toBe(0);

      const first = await ok<ReviewResult>(a.client, 'leave_review', {
        contractId: a.contract.id,
        ...scores,
      });
      expect(first.freelancerRating).toEqual({ rating: 4.5, reviewsCount: 1 });
      const second = await ok<ReviewResult>(b.client, 'leave_review', {
        contractId: b.contract.id,
        quality: 3,
        communication: 3,
        speed: 2,
        reliability: 4,
      });
      expect(second.freelancerRating).toEqual({ rating: 3.75, reviewsCount: 2 });
      const rows = await all(
        env.rt.db.reader,
        'SELECT reviewer_id, reviewee_id FROM reviews WHERE reviewee_id = ?',
        [freelancer.actor.id],
      );
      expect(rows).toHaveLength(2);
      expect(
        await one(
          env.rt.db.reader,
          'SELECT rating, reviews_count FROM freelancer_profiles WHERE user_id = ?',
          [freelancer.actor.id],
        ),
      ).toEqual({ rating: 3.75, reviews_count: 2 });
    });
  });

  describe('get_contract', () => {
    it('shows a contract to its parties and admins only', async () => {
      const { client, freelancer, contract } = await hire();
      const admin = await makeUser(env.rt, 'admin');
      const strangerClient = await makeUser(env.rt, 'client');
      const strangerFreelancer = await makeUser(env.rt, 'freelancer');
      for (const who of [client, freelancer, admin]) {
        const c = await ok<ContractDetail>(who, 'get_contract', { contractId: contract.id });
        expect(c).toMatchObject({ id: contract.id, kind: 'fixed', reviews: [], scopeChanges: [] });
        expect(c.milestones).toHaveLength(1);
      }
      await fails(strangerClient, 'get_contract', { contractId: contract.id }, 'FORBIDDEN');
      await fails(strangerFreelancer, 'get_contract', { contractId: contract.id }, 'FORBIDDEN');
      await fails(client, 'get_contract', { contractId: 'ctr_unknown' }, 'NOT_FOUND');
      await fails(client, 'get_contract', { contractId: 42 }, 'VALIDATION', 'contractId');
    });
  });

  describe('log_time', () => {
    it('logs hours on hourly contracts within the weekly limit', async () => {
      const { client, freelancer, contract } = await hire({ hourly: true, weeklyLimitHours: 10 });
      const day = today();
      const first = await ok<TimeLogResult>(freelancer, 'log_time', {
        contractId: contract.id,
        workDate: day,
        minutes: 360,
        description: 'Auth flow and charts',
      });
      expect(first.log).toMatchObject({ minutes: 360, workDate: day });
      expect(first.week).toMatchObject({ minutes: 360, hours: 6, limitHours: 10, remainingMinutes: 240 });
      expect(first.week.weekStart <= day && day <= first.week.weekEnd).toBe(true);

      const second = await ok<TimeLogResult>(freelancer, 'log_time', {
        contractId: contract.id,
        workDate: day,
        hours: 3.5,
        description: 'API endpoints',
      });
      expect(second.log.minutes).toBe(210);
      expect(second.week).toMatchObject({ minutes: 570, hours: 9.5, remainingMinutes: 30 });

      const over = await fails(
        freelancer,
        'log_time',
        { contractId: contract.id, workDate: day, hours: 1, description: 'More API' },
        'CONFLICT',
      );
      expect(over.message).toContain('weekly limit of 10 h');
      expect(over.message).toContain('0.5 h (30 min) remain');
      expect(over.details).toMatchObject({ limitHours: 10, loggedMinutes: 570, remainingMinutes: 30 });
      expect(await count('time_logs WHERE contract_id = ?', [contract.id])).toBe(2);

      const exact = await ok<TimeLogResult>(freelancer, 'log_time', {
        contractId: contract.id,
        workDate: day,
        minutes: 30,
        description: 'Review fixes',
      });
      expect(exact.week).toMatchObject({ minutes: 600, remainingMinutes: 0 });
      expect(
        await one(
          env.rt.db.reader,
          'SELECT sum(minutes) AS m, count(*) AS n FROM time_logs WHERE contract_id = ?',
          [contract.id],
        ),
      ).toEqual({ m: 600, n: 3 });

      // A week later the limit starts again; the old week stays full.
      env.clock.advance(7 * 86_400_000);
      const next = await ok<TimeLogResult>(freelancer, 'log_time', {
        contractId: contract.id,
        workDate: today(),
        hours: 2,
        description: 'Next week',
      });
      expect(next.week).toMatchObject({ minutes: 120, remainingMinutes: 480 });
      expect(next.week.weekStart).not.toBe(first.week.weekStart);
      await fails(
        freelancer,
        'log_time',
        { contractId: contract.id, workDate: day, minutes: 1, description: 'Late entry' },
        'CONFLICT',
      );

      const detail = await ok<ContractDetail>(client, 'get_contract', { contractId: contract.id });
      expect(detail.time).toMatchObject({
        minutes: 120,
        totalMinutes: 720,
        totalHours: 12,
        remainingMinutes: 480,
      });
    });

    it('refuses fixed contracts, strangers, future dates and bad amounts, writing nothing', async () => {
      const { freelancer, contract } = await hire({ hourly: true });
      const fixed = await hire({ freelancer });
      const other = await makeUser(env.rt, 'freelancer');
      const base = { contractId: contract.id, workDate: today(), minutes: 60, description: 'Work' };

      const notHourly = await fails(
        freelancer,
        'log_time',
        { ...base, contractId: fixed.contract.id },
        'CONFLICT',
      );
      expect(notHourly.message).toMatch(/only hourly contracts take time logs/i);
      await fails(other, 'log_time', base, 'FORBIDDEN');
      await fails(fixed.client, 'log_time', base, 'FORBIDDEN');
      await fails(freelancer, 'log_time', { ...base, contractId: 'ctr_unknown' }, 'NOT_FOUND');
      await fails(freelancer, 'log_time', { ...base, workDate: daysFromToday(1) }, 'VALIDATION', 'workDate');
      await fails(
        freelancer,
        'log_time',
        { ...base, workDate: daysFromToday(-30) },
        'VALIDATION',
        'workDate',
      );
      await fails(freelancer, 'log_time', { ...base, workDate: 'yesterday' }, 'VALIDATION', 'workDate');
      await fails(freelancer, 'log_time', { ...base, minutes: 0 }, 'VALIDATION', 'minutes');
      await fails(freelancer, 'log_time', { ...base, minutes: 1441 }, 'VALIDATION', 'minutes');
      await fails(freelancer, 'log_time', { ...base, minutes: 1.5 }, 'VALIDATION', 'minutes');
      await fails(freelancer, 'log_time', { ...base, minutes: undefined }, 'VALIDATION', 'minutes');
      await fails(freelancer, 'log_time', { ...base, hours: 2 }, 'VALIDATION', 'hours');
      await fails(
        freelancer,
        'log_time',
        { ...base, minutes: undefined, hours: 0.001 },
        'VALIDATION',
        'hours',
      );
      await fails(freelancer, 'log_time', { ...base, description: '' }, 'VALIDATION', 'description');
      expect(await count('time_logs WHERE contract_id IN (?, ?)', [contract.id, fixed.contract.id])).toBe(0);

      // Without a weekly limit a day still holds at most 24 hours.
      await ok(freelancer, 'log_time', { ...base, minutes: 1440 });
      const full = await fails(freelancer, 'log_time', { ...base, minutes: 1 }, 'CONFLICT');
      expect(full.message).toContain('24 h');
      expect(await count('time_logs WHERE contract_id = ?', [contract.id])).toBe(1);
    });
  });
});
