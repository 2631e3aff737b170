import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, one, run } from '../../db/sql';
import type { ContractView } from '../../tools/contracts/schemas';
import type { ProposalView } from '../../tools/proposals/schemas';
import type { ProjectView } from '../../tools/shared/schemas';
import { toolCalls } from '../support/calls';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Page = { items: ProposalView[]; total: number; limit: number; offset: number };

describe.each(BACKENDS)('proposal tools on %s', (backend) => {
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

  const newProject = (client: TestUser, over: Record<string, unknown> = {}) =>
    ok<ProjectView>(client, 'create_project', projectInput(over));

  const proposal = (projectId: string, over: Record<string, unknown> = {}) => ({
    projectId,
    coverLetter: 'I have shipped five fintech dashboards in React and Node.js; here is how I would do yours.',
    amount: { amount: 600000, currency: 'USD' },
    estimatedWeeks: 5,
    ...over,
  });

  /** Milestones the client planned on the project, inserted directly (add_milestones is another tool). */
  async function planMilestones(projectId: string, amounts: number[]) {
    await env.rt.db.write(async (tx) => {
      for (const [i, amount] of amounts.entries()) {
        await run(
          tx,
          `INSERT INTO milestones (id, project_id, position, title, amount_minor, currency, due_date, status, created_at)
           VALUES (?, ?, ?, ?, ?, 'USD', '2027-01-15', 'planned', '2026-11-01T00:00:00Z')`,
          [`mst_plan_${projectId}_${i}`, projectId, i + 1, `Planned ${i + 1}`, amount],
        );
      }
    });
  }

  describe('submit_proposal', () => {
    it('submits to an open project, stores it and accepts a pending invitation', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer', { name: 'Ada Lovelace' });
      const project = await newProject(client);
      await env.rt.db.write((tx) =>
        run(
          tx,
          "INSERT INTO invitations (id, project_id, freelancer_id, status, created_at) VALUES (?, ?, ?, 'sent', ?)",
          [`inv_${project.id}`, project.id, freelancer.actor.id, '2026-11-20T00:00:00Z'],
        ),
      );
      const milestones = [
        { title: 'Design and auth', amount: { amount: 200000, currency: 'USD' }, dueInWeeks: 2 },
        { title: 'Charts and API', amount: { amount: 400000, currency: 'USD' }, dueInWeeks: 5 },
      ];
      const data = await ok<ProposalView>(
        freelancer,
        'submit_proposal',
        proposal(project.id, { milestones }),
      );
      expect(data).toMatchObject({
        projectId: project.id,
        projectTitle: project.title,
        projectStatus: 'open',
        projectPricing: 'fixed',
        freelancer: { id: freelancer.actor.id, name: 'Ada Lovelace', rating: null, reviewsCount: 0 },
        amount: { amount: 600000, currency: 'USD' },
        estimatedWeeks: 5,
        milestones,
        status: 'submitted',
        contractId: null,
        createdAt: '2026-11-23T12:00:00.000Z',
      });
      const row = await one<Record<string, unknown>>(
        env.rt.db.reader,
        'SELECT * FROM proposals WHERE id = ?',
        [data.id],
      );
      expect(row).toMatchObject({
        project_id: project.id,
        freelancer_id: freelancer.actor.id,
        amount_minor: 600000,
        currency: 'USD',
        estimated_weeks: 5,
        status: 'submitted',
      });
      expect(JSON.parse(String(row?.milestones))).toEqual(milestones);
      const inv = await one(env.rt.db.reader, 'SELECT status FROM invitations WHERE id = ?', [
        `inv_${project.id}`,
      ]);
      expect(inv).toEqual({ status: 'accepted' });
    });

    it('allows one live proposal per freelancer per project', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const project = await newProject(client);
      const first = await ok<ProposalView>(freelancer, 'submit_proposal', proposal(project.id));
      const err = await fails(freelancer, 'submit_proposal', proposal(project.id), 'CONFLICT');
      expect(err.message).toContain('already have a submitted proposal');
      expect(err.message).toContain(first.id);
      expect(await count('proposals WHERE project_id = ?', [project.id])).toBe(1);
      // Withdrawing frees the slot.
      await ok(freelancer, 'withdraw_proposal', { proposalId: first.id });
      const second = await ok<ProposalView>(freelancer, 'submit_proposal', proposal(project.id));
      expect(second.id).not.toBe(first.id);
      expect(await count("proposals WHERE project_id = ? AND status = 'submitted'", [project.id])).toBe(1);
    });

    it('hides drafts and unknown projects, and refuses projects that are not open', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const draft = await newProject(client, { publish: false });
      await fails(freelancer, 'submit_proposal', proposal(draft.id), 'NOT_FOUND');
      await fails(freelancer, 'submit_proposal', proposal('prj_doesnotexist'), 'NOT_FOUND');
      const closed = await newProject(client);
      await env.rt.db.write((tx) =>
        run(tx, "UPDATE projects SET status = 'completed' WHERE id = ?", [closed.id]),
      );
      const err = await fails(freelancer, 'submit_proposal', proposal(closed.id), 'CONFLICT');
      expect(err.message).toContain('completed');
      expect(await count('proposals WHERE freelancer_id = ?', [freelancer.actor.id])).toBe(0);
    });

    it('rejects bad input naming the field, and writes nothing', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const project = await newProject(client);
      const hourly = await newProject(client, {
        pricing: 'hourly',
        budget: { currency: 'USD', min: 5000, max: 9000 },
      });
      const ms = (a: number, b: number, currency = 'USD') => [
        { title: 'One', amount: { amount: a, currency }, dueInWeeks: 1 },
        { title: 'Two', amount: { amount: b, currency: 'USD' }, dueInWeeks: 2 },
      ];
      const cases: [Record<string, unknown>, string][] = [
        [proposal(project.id, { coverLetter: undefined }), 'coverLetter'],
        [proposal(project.id, { estimatedWeeks: 'five' }), 'estimatedWeeks'],
        [proposal(project.id, { amount: { amount: -100, currency: 'USD' } }), 'amount.amount'],
        [proposal(project.id, { amount: { amount: 0, currency: 'USD' } }), 'amount.amount'],
        [proposal(project.id, { amount: { amount: 10.5, currency: 'USD' } }), 'amount.amount'],
        [proposal(project.id, { amount: { amount: 600000, currency: 'EUR' } }), 'amount.currency'],
        [proposal(project.id, { milestones: ms(100000, 100000) }), 'milestones'],
        [proposal(project.id, { milestones: ms(300000, 300000, 'EUR') }), 'milestones.0.amount.currency'],
        [proposal(project.id, { projectId: undefined }), 'projectId'],
        [
          proposal(hourly.id, { amount: { amount: 7000, currency: 'USD' }, milestones: ms(3500, 3500) }),
          'milestones',
        ],
      ];
      for (const [input, field] of cases) {
        await fails(freelancer, 'submit_proposal', input, 'VALIDATION', field);
      }
      expect(await count('proposals WHERE freelancer_id = ?', [freelancer.actor.id])).toBe(0);
    });

    it('is refused to clients', async () => {
      const client = await makeUser(env.rt, 'client');
      const project = await newProject(client);
      await fails(client, 'submit_proposal', proposal(project.id), 'FORBIDDEN');
      expect(await count('proposals WHERE project_id = ?', [project.id])).toBe(0);
    });
  });

  describe('withdraw_proposal', () => {
    it('withdraws only your own live proposal', async () => {
      const client = await makeUser(env.rt, 'client');
      const mine = await makeUser(env.rt, 'freelancer');
      const other = await makeUser(env.rt, 'freelancer');
      const project = await newProject(client);
      const p = await ok<ProposalView>(mine, 'submit_proposal', proposal(project.id));

      await fails(other, 'withdraw_proposal', { proposalId: p.id }, 'FORBIDDEN');
      await fails(mine, 'withdraw_proposal', { proposalId: 'prp_unknown' }, 'NOT_FOUND');
      expect(await one(env.rt.db.reader, 'SELECT status FROM proposals WHERE id = ?', [p.id])).toEqual({
        status: 'submitted',
      });

      const data = await ok<ProposalView>(mine, 'withdraw_proposal', { proposalId: p.id });
      expect(data).toMatchObject({ id: p.id, status: 'withdrawn' });
      expect(await one(env.rt.db.reader, 'SELECT status FROM proposals WHERE id = ?', [p.id])).toEqual({
        status: 'withdrawn',
      });
      const again = await fails(mine, 'withdraw_proposal', { proposalId: p.id }, 'CONFLICT');
      expect(again.message).toContain('withdrawn');
    });
  });

  describe('list_my_proposals', () => {
    it('lists only your proposals, filtered by status and paged', async () => {
      const client = await makeUser(env.rt, 'client');
      const me = await makeUser(env.rt, 'freelancer');
      const other = await makeUser(env.rt, 'freelancer');
      const projects = [];
      for (let i = 0; i < 3; i++)
        projects.push(await newProject(client, { title: `Listing project number ${i}` }));
      const ids: string[] = [];
      for (const p of projects) {
        ids.push((await ok<ProposalView>(me, 'submit_proposal', proposal(p.id))).id);
        env.clock.advance(60_000);
      }
      await ok(other, 'submit_proposal', proposal(projects[0]!.id));
      await ok(me, 'withdraw_proposal', { proposalId: ids[0] });

      const all3 = await ok<Page>(me, 'list_my_proposals', {});
      expect(all3.total).toBe(3);
      expect(all3.items.map((p) => p.id)).toEqual([ids[2], ids[1], ids[0]]);
      expect(all3.items[0]).toMatchObject({ projectTitle: 'Listing project number 2', status: 'submitted' });

      const withdrawn = await ok<Page>(me, 'list_my_proposals', { status: 'withdrawn' });
      expect(withdrawn.items.map((p) => p.id)).toEqual([ids[0]]);

      const page = await ok<Page>(me, 'list_my_proposals', { limit: 1, offset: 1 });
      expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(page.items.map((p) => p.id)).toEqual([ids[1]]);

      await fails(me, 'list_my_proposals', { status: 'lost' }, 'VALIDATION', 'status');
      await fails(client, 'list_my_proposals', {}, 'FORBIDDEN');
    });
  });

  describe('list_proposals', () => {
    it("shows a client their project's proposals with the freelancers, sorted", async () => {
      const client = await makeUser(env.rt, 'client');
      const stranger = await makeUser(env.rt, 'client');
      const cheap = await makeUser(env.rt, 'freelancer', { name: 'Cheap Chris', rateMinor: 5000 });
      const pricey = await makeUser(env.rt, 'freelancer', { name: 'Pricey Pat', rateMinor: 15000 });
      const gone = await makeUser(env.rt, 'freelancer');
      await env.rt.db.write((tx) =>
        run(tx, 'UPDATE freelancer_profiles SET rating = 4.5, reviews_count = 2 WHERE user_id = ?', [
          pricey.actor.id,
        ]),
      );
      const project = await newProject(client);
      await ok(
        cheap,
        'submit_proposal',
        proposal(project.id, { amount: { amount: 500000, currency: 'USD' } }),
      );
      env.clock.advance(60_000);
      await ok(
        pricey,
        'submit_proposal',
        proposal(project.id, { amount: { amount: 750000, currency: 'USD' } }),
      );
      env.clock.advance(60_000);
      const g = await ok<ProposalView>(gone, 'submit_proposal', proposal(project.id));
      await ok(gone, 'withdraw_proposal', { proposalId: g.id });

      const newest = await ok<Page>(client, 'list_proposals', { projectId: project.id });
      expect(newest.total).toBe(2);
      expect(newest.items.map((p) => p.freelancer.name)).toEqual(['Pricey Pat', 'Cheap Chris']);
      expect(newest.items[0]).toMatchObject({
        amount: { amount: 750000, currency: 'USD' },
        status: 'submitted',
        freelancer: {
          id: pricey.actor.id,
          headline: 'Pricey Pat — freelancer',
          rating: 4.5,
          reviewsCount: 2,
          hourlyRate: { amount: 15000, currency: 'USD' },
        },
      });
      const byAmount = await ok<Page>(client, 'list_proposals', { projectId: project.id, sort: 'amount' });
      expect(byAmount.items.map((p) => p.amount.amount)).toEqual([500000, 750000]);
      const withdrawn = await ok<Page>(client, 'list_proposals', {
        projectId: project.id,
        status: 'withdrawn',
      });
      expect(withdrawn.items.map((p) => p.id)).toEqual([g.id]);

      await fails(stranger, 'list_proposals', { projectId: project.id }, 'FORBIDDEN');
      await fails(client, 'list_proposals', { projectId: 'prj_unknown' }, 'NOT_FOUND');
      await fails(client, 'list_proposals', { projectId: project.id, sort: 'rating' }, 'VALIDATION', 'sort');
      await fails(cheap, 'list_proposals', { projectId: project.id }, 'FORBIDDEN');
    });
  });

  describe('accept_proposal', () => {
    it('hires on a fixed project: contract, one whole-amount milestone, project in progress, others rejected', async () => {
      const client = await makeUser(env.rt, 'client');
      const winner = await makeUser(env.rt, 'freelancer', { name: 'Winner Wu' });
      const loser = await makeUser(env.rt, 'freelancer');
      const project = await newProject(client, { deadline: '2027-02-01' });
      const p = await ok<ProposalView>(winner, 'submit_proposal', proposal(project.id));
      const q = await ok<ProposalView>(loser, 'submit_proposal', proposal(project.id));

      const c = await ok<ContractView>(client, 'accept_proposal', { proposalId: p.id });
      expect(c).toMatchObject({
        projectId: project.id,
        proposalId: p.id,
        clientId: client.actor.id,
        freelancerId: winner.actor.id,
        freelancerName: 'Winner Wu',
        kind: 'fixed',
        amount: { amount: 600000, currency: 'USD' },
        hourlyRate: null,
        weeklyLimitHours: null,
        status: 'active',
        deadline: '2027-02-01',
      });
      expect(c.milestones).toHaveLength(1);
      expect(c.milestones[0]).toMatchObject({
        contractId: c.id,
        position: 1,
        title: project.title,
        amount: { amount: 600000, currency: 'USD' },
        dueDate: '2027-02-01',
        status: 'active',
      });

      expect(await one(env.rt.db.reader, 'SELECT status FROM projects WHERE id = ?', [project.id])).toEqual({
        status: 'in_progress',
      });
      const statuses = await all(
        env.rt.db.reader,
        'SELECT id, status FROM proposals WHERE project_id = ? ORDER BY status',
        [project.id],
      );
      expect(statuses).toEqual([
        { id: p.id, status: 'accepted' },
        { id: q.id, status: 'rejected' },
      ]);
      expect(
        await one(
          env.rt.db.reader,
          'SELECT kind, amount_minor, currency, status FROM contracts WHERE id = ?',
          [c.id],
        ),
      ).toEqual({ kind: 'fixed', amount_minor: 600000, currency: 'USD', status: 'active' });

      // The freelancer sees the contract id on their proposal.
      const mine = await ok<Page>(winner, 'list_my_proposals', { status: 'accepted' });
      expect(mine.items[0]).toMatchObject({ id: p.id, contractId: c.id, projectStatus: 'in_progress' });

      // Accepting twice, or accepting the rejected one, conflicts and writes nothing.
      const twice = await fails(client, 'accept_proposal', { proposalId: p.id }, 'CONFLICT');
      expect(twice.message).toContain('already accepted');
      await fails(client, 'accept_proposal', { proposalId: q.id }, 'CONFLICT');
      expect(await count('contracts WHERE project_id = ?', [project.id])).toBe(1);
      expect(await count('milestones WHERE project_id = ?', [project.id])).toBe(1);
    });

    it("builds milestones from the proposal's plan when the project has none", async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const project = await newProject(client);
      const p = await ok<ProposalView>(
        freelancer,
        'submit_proposal',
        proposal(project.id, {
          milestones: [
            { title: 'Design', amount: { amount: 250000, currency: 'USD' }, dueInWeeks: 2 },
            { title: 'Build', amount: { amount: 350000, currency: 'USD' }, dueInWeeks: 5 },
          ],
        }),
      );
      const c = await ok<ContractView>(client, 'accept_proposal', { proposalId: p.id });
      const today = env.clock.now().getTime();
      const inWeeks = (w: number) => new Date(today + w * 7 * 86_400_000).toISOString().slice(0, 10);
      expect(c.deadline).toBe(inWeeks(5));
      expect(c.milestones.map((m) => [m.position, m.title, m.amount.amount, m.dueDate, m.status])).toEqual([
        [1, 'Design', 250000, inWeeks(2), 'active'],
        [2, 'Build', 350000, inWeeks(5), 'active'],
      ]);
      expect(await count("milestones WHERE contract_id = ? AND status = 'active'", [c.id])).toBe(2);
    });

    it("attaches the project's planned milestones, and refuses when they do not add up", async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const project = await newProject(client);
      await planMilestones(project.id, [200000, 400000]);
      const other = await newProject(client);
      await planMilestones(other.id, [100000, 100000]);
      const p = await ok<ProposalView>(freelancer, 'submit_proposal', proposal(project.id));
      const q = await ok<ProposalView>(freelancer, 'submit_proposal', proposal(other.id));

      const c = await ok<ContractView>(client, 'accept_proposal', { proposalId: p.id });
      expect(c.milestones.map((m) => [m.id, m.status, m.amount.amount])).toEqual([
        [`mst_plan_${project.id}_0`, 'active', 200000],
        [`mst_plan_${project.id}_1`, 'active', 400000],
      ]);
      expect(await count('milestones WHERE contract_id = ?', [c.id])).toBe(2);

      const err = await fails(client, 'accept_proposal', { proposalId: q.id }, 'CONFLICT');
      expect(err.message).toContain('add up to 200000');
      expect(err.details).toEqual({ plannedTotal: 200000, proposalAmount: 600000 });
      expect(await count('contracts WHERE project_id = ?', [other.id])).toBe(0);
      expect(await one(env.rt.db.reader, 'SELECT status FROM proposals WHERE id = ?', [q.id])).toEqual({
        status: 'submitted',
      });
      expect(await count("milestones WHERE project_id = ? AND status = 'planned'", [other.id])).toBe(2);
    });

    it('makes hourly contracts at the proposed rate with a weekly limit, and retainers on request', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const hourly = await newProject(client, {
        pricing: 'hourly',
        budget: { currency: 'USD', min: 5000, max: 10000 },
      });
      const hp = await ok<ProposalView>(
        freelancer,
        'submit_proposal',
        proposal(hourly.id, { amount: { amount: 9000, currency: 'USD' } }),
      );
      await fails(client, 'accept_proposal', { proposalId: hp.id, kind: 'retainer' }, 'VALIDATION', 'kind');
      await fails(
        client,
        'accept_proposal',
        { proposalId: hp.id, weeklyLimitHours: 100 },
        'VALIDATION',
        'weeklyLimitHours',
      );
      const hc = await ok<ContractView>(client, 'accept_proposal', {
        proposalId: hp.id,
        weeklyLimitHours: 20,
      });
      expect(hc).toMatchObject({
        kind: 'hourly',
        amount: { amount: 0, currency: 'USD' },
        hourlyRate: { amount: 9000, currency: 'USD' },
        weeklyLimitHours: 20,
        milestones: [],
      });
      expect(
        await one(
          env.rt.db.reader,
          'SELECT hourly_rate_minor, weekly_limit_hours FROM contracts WHERE id = ?',
          [hc.id],
        ),
      ).toEqual({ hourly_rate_minor: 9000, weekly_limit_hours: 20 });

      const fixed = await newProject(client);
      const rp = await ok<ProposalView>(
        freelancer,
        'submit_proposal',
        proposal(fixed.id, { amount: { amount: 300000, currency: 'USD' } }),
      );
      await fails(client, 'accept_proposal', { proposalId: rp.id, kind: 'hourly' }, 'VALIDATION', 'kind');
      await fails(
        client,
        'accept_proposal',
        { proposalId: rp.id, weeklyLimitHours: 10 },
        'VALIDATION',
        'weeklyLimitHours',
      );
      expect(await count('contracts WHERE project_id = ?', [fixed.id])).toBe(0);
      const rc = await ok<ContractView>(client, 'accept_proposal', { proposalId: rp.id, kind: 'retainer' });
      expect(rc).toMatchObject({
        kind: 'retainer',
        amount: { amount: 300000, currency: 'USD' },
        milestones: [],
      });
    });

    it("refuses another client's proposal and unknown ids, writing nothing", async () => {
      const owner = await makeUser(env.rt, 'client');
      const intruder = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const project = await newProject(owner);
      const p = await ok<ProposalView>(freelancer, 'submit_proposal', proposal(project.id));
      await fails(intruder, 'accept_proposal', { proposalId: p.id }, 'FORBIDDEN');
      await fails(intruder, 'accept_proposal', { proposalId: 'prp_unknown' }, 'NOT_FOUND');
      await fails(intruder, 'accept_proposal', {}, 'VALIDATION', 'proposalId');
      await fails(freelancer, 'accept_proposal', { proposalId: p.id }, 'FORBIDDEN');
      expect(await count('contracts WHERE project_id = ?', [project.id])).toBe(0);
      expect(await one(env.rt.db.reader, 'SELECT status FROM projects WHERE id = ?', [project.id])).toEqual({
        status: 'open',
      });
      expect(await one(env.rt.db.reader, 'SELECT status FROM proposals WHERE id = ?', [p.id])).toEqual({
        status: 'submitted',
      });
    });
  });
});
