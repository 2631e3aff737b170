import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { all, one, run } from '../../db/sql';
import type { Actor } from '../../tools/define';
import type { CallResult } from '../../tools/dispatcher';
import type { ProjectView } from '../../tools/shared/schemas';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

interface Hit {
  id: string;
  title: string;
  snippet: string;
  score: number | null;
  status: string;
  skills: string[];
  budget: { currency: string; min: number; max: number };
  proposalCount: number;
  createdAt: string;
}
interface SearchOut {
  total: number;
  results: Hit[];
}

/** A word no other test uses, so full-text assertions see only this test's projects. */
const tag = () => `zq${Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

describe.each(BACKENDS)('project tools on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
  });
  afterAll(async () => {
    await env.close();
  });

  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed tool output
  const call = <T = any>(actor: Actor, tool: string, input: unknown) =>
    env.rt.dispatcher.call<T>({ actor, channel: 'test', tool, input });

  function expectError(res: CallResult, code: string, field?: string) {
    expect(res.ok, JSON.stringify(res)).toBe(false);
    if (res.ok) return res;
    expect(res.error.code, res.error.message).toBe(code);
    if (field) expect(res.error.fields?.map((f) => f.field)).toContain(field);
    return res;
  }

  async function newProject(client: TestUser, over: Record<string, unknown> = {}): Promise<ProjectView> {
    const res = await call<ProjectView>(client.actor, 'create_project', projectInput(over));
    if (!res.ok) throw new Error(`create_project failed: ${JSON.stringify(res.error)}`);
    env.clock.advance(1000);
    return res.data;
  }

  async function insertProposal(projectId: string, freelancerId: string, status = 'submitted') {
    const id = newId('prp');
    const now = env.clock.now().toISOString();
    await env.rt.db.write((tx) =>
      run(
        tx,
        `INSERT INTO proposals (id, project_id, freelancer_id, cover_letter, amount_minor, currency, status,
                                created_at, updated_at)
         VALUES (?, ?, ?, 'I can do this.', 600000, 'USD', ?, ?, ?)`,
        [id, projectId, freelancerId, status, now, now],
      ),
    );
    return id;
  }

  const projectRow = (id: string) =>
    one<Record<string, unknown>>(env.rt.db.reader, 'SELECT * FROM projects WHERE id = ?', [id]);
  const countRows = async (sql: string, args: (string | number)[]) =>
    Number((await one<{ n: number }>(env.rt.db.reader, `SELECT count(*) AS n FROM ${sql}`, args))?.n);

  describe('search_projects', () => {
    it('ranks the better full-text match first and returns a highlighted snippet', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const word = tag();
      const weak = await newProject(client, {
        title: 'Marketing site refresh for a bakery',
        description: `A small brochure site; we once used a ${word} plugin for the menu and liked it.`,
      });
      const strong = await newProject(client, {
        title: `${word} rendering engine port`,
        description: `Port our ${word} engine to WebGL and keep the ${word} scene format intact.`,
        skills: ['TypeScript'],
      });
      await insertProposal(strong.id, freelancer.actor.id);
      const res = await call<SearchOut>(freelancer.actor, 'search_projects', { query: word });
      expect(res.ok, JSON.stringify(res)).toBe(true);
      if (!res.ok) return;
      expect(res.data.total).toBe(2);
      expect(res.data.results.map((r) => r.id)).toEqual([strong.id, weak.id]);
      const [first, second] = res.data.results;
      expect(first?.score).toBeGreaterThan(second?.score ?? Number.POSITIVE_INFINITY);
      expect(first).toMatchObject({
        title: `${word} rendering engine port`,
        status: 'open',
        category: 'web-development',
        industry: 'fintech',
        skills: ['TypeScript'],
        pricing: 'fixed',
        budget: { currency: 'USD', min: 500000, max: 800000 },
        proposalCount: 1,
      });
      expect(first?.snippet).toContain(`**${word}**`);
      expect(second?.snippet).toContain(`**${word}**`);

      const paged = await call<SearchOut>(freelancer.actor, 'search_projects', {
        query: word,
        limit: 1,
        offset: 1,
      });
      expect(paged.ok && paged.data).toMatchObject({ total: 2, results: [{ id: weak.id }] });
    });

    it('treats FTS5 syntax in user text as plain words', async () => {
      const client = await makeUser(env.rt, 'client');
      const word = tag();
      const p = await newProject(client, {
        title: `C++ physics engine ${word}`,
        description: 'Rigid bodies, collision detection and a fixed time step, written in modern C++.',
      });
      const queries = [
        `C++ ${word}`,
        `"${word}`,
        `${word} AND`,
        `-${word}`,
        `${word} OR NOT NEAR(`,
        `${word} title:x`,
        `${word}*`,
        `(${word}) ^ {x} [y]`,
        `${word} e-mail "quoted phrase" ''`,
      ];
      for (const query of queries) {
        const res = await call<SearchOut>(client.actor, 'search_projects', { query });
        expect(res.ok, `${query}: ${JSON.stringify(res)}`).toBe(true);
        if (res.ok)
          expect(
            res.data.results.map((r) => r.id),
            query,
          ).toContain(p.id);
      }
      for (const query of ['"', 'AND', '-', '* ^ ( )', 'C++ "', 'title:x', 'NEAR(a b, 2)']) {
        const res = await call<SearchOut>(client.actor, 'search_projects', { query, limit: 5 });
        expect(res.ok, `${query}: ${JSON.stringify(res)}`).toBe(true);
      }
    });

    it('filters by category, industry, skills, pricing, budget overlap and status', async () => {
      const client = await makeUser(env.rt, 'client');
      const other = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const word = tag();
      const web = await newProject(client, {
        title: `Fintech web portal ${word}`,
        budget: { currency: 'USD', min: 100000, max: 200000 },
      });
      const ops = await newProject(client, {
        title: `Cluster hardening ${word}`,
        category: 'devops-cloud',
        industry: 'healthcare',
        skills: ['Kubernetes', 'Terraform'],
        pricing: 'hourly',
        budget: { currency: 'EUR', min: 5000, max: 9000 },
        requirements: { cloudProvider: 'AWS' },
      });
      const draft = await newProject(client, { title: `Secret draft ${word}`, publish: false });

      const ids = async (actor: Actor, filters: Record<string, unknown>) => {
        const res = await call<SearchOut>(actor, 'search_projects', { query: word, ...filters });
        expect(res.ok, JSON.stringify(res)).toBe(true);
        return res.ok ? res.data.results.map((r) => r.id).sort() : [];
      };
      const sorted = (...xs: string[]) => [...xs].sort();
      const f = freelancer.actor;
      expect(await ids(f, {})).toEqual(sorted(web.id, ops.id));
      expect(await ids(f, { category: 'devops-cloud' })).toEqual([ops.id]);
      expect(await ids(f, { industry: 'fintech' })).toEqual([web.id]);
      expect(await ids(f, { skills: ['Go', 'kubernetes'] })).toEqual([ops.id]);
      expect(await ids(f, { skills: ['React', 'Terraform'] })).toEqual(sorted(web.id, ops.id));
      expect(await ids(f, { pricing: 'hourly' })).toEqual([ops.id]);
      expect(await ids(f, { budget: { currency: 'USD', min: 150000, max: 300000 } })).toEqual([web.id]);
      expect(await ids(f, { budget: { currency: 'USD', max: 100000 } })).toEqual([web.id]);
      expect(await ids(f, { budget: { currency: 'USD', min: 200001 } })).toEqual([]);
      expect(await ids(f, { budget: { currency: 'EUR' } })).toEqual([ops.id]);
      expect(await ids(f, { category: 'devops-cloud', pricing: 'fixed' })).toEqual([]);

      // Drafts: never in the default (open) results, and only ever to their own client.
      expect(await ids(client.actor, {})).toEqual(sorted(web.id, ops.id));
      expect(await ids(client.actor, { status: 'draft' })).toEqual([draft.id]);
      expect(await ids(other.actor, { status: 'draft' })).toEqual([]);
      expect(await ids(f, { status: 'draft' })).toEqual([]);

      const cases: [Record<string, unknown>, string][] = [
        [{ category: 'no-such-category' }, 'category'],
        [{ industry: 'no-such-industry' }, 'industry'],
        [{ skills: ['Quantum Basket Weaving'] }, 'skills'],
        [{ budget: { currency: 'USD', min: 900, max: 100 } }, 'budget.max'],
        [{ budget: { currency: 'usd' } }, 'budget.currency'],
        [{ budget: { currency: 'USD', min: -1 } }, 'budget.min'],
        [{ status: 'archived' }, 'status'],
        [{ limit: 0 }, 'limit'],
        [{ query: 42 }, 'query'],
      ];
      for (const [input, field] of cases) {
        expectError(await call(f, 'search_projects', input), 'VALIDATION', field);
      }
    });

    it('without text, lists by filters only, newest first', async () => {
      const client = await makeUser(env.rt, 'client');
      const a = await newProject(client, { publish: false, title: 'First draft' });
      const b = await newProject(client, { publish: false, title: 'Second draft' });
      const c = await newProject(client, { publish: false, title: 'Third draft' });
      const res = await call<SearchOut>(client.actor, 'search_projects', { status: 'draft' });
      expect(res.ok && res.data.total).toBe(3);
      if (!res.ok) return;
      expect(res.data.results.map((r) => r.id)).toEqual([c.id, b.id, a.id]);
      expect(res.data.results.every((r) => r.score === null && r.status === 'draft')).toBe(true);
      expect(res.data.results[0]?.snippet).toBe(projectInput().description);

      // Punctuation-only text leaves nothing to match on, so it behaves like no text.
      const punct = await call<SearchOut>(client.actor, 'search_projects', {
        status: 'draft',
        query: '-- ++',
      });
      expect(punct.ok && punct.data.results.map((r) => r.id)).toEqual([c.id, b.id, a.id]);

      const open = await call<SearchOut>(client.actor, 'search_projects', { limit: 100 });
      expect(open.ok).toBe(true);
      if (!open.ok) return;
      const created = open.data.results.map((r) => r.createdAt);
      expect(created).toEqual([...created].sort().reverse());
      expect(open.data.results.every((r) => r.status === 'open')).toBe(true);
    });
  });

  describe('list_my_projects', () => {
    it("lists the caller's own projects, newest first, filtered and paged", async () => {
      const client = await makeUser(env.rt, 'client');
      const other = await makeUser(env.rt, 'client');
      await newProject(other);
      const p1 = await newProject(client, { title: 'Oldest project' });
      const p2 = await newProject(client, { title: 'Middle draft', publish: false });
      const p3 = await newProject(client, { title: 'Newest project', skills: ['Vue.js'] });

      const res = await call(client.actor, 'list_my_projects', {});
      expect(res.ok, JSON.stringify(res)).toBe(true);
      if (!res.ok) return;
      expect(res.data.total).toBe(3);
      expect(res.data.results.map((r: Hit) => r.id)).toEqual([p3.id, p2.id, p1.id]);
      expect(res.data.results[0]).toMatchObject({
        clientId: client.actor.id,
        clientName: client.actor.displayName,
        title: 'Newest project',
        skills: ['Vue.js'],
        status: 'open',
        proposalCount: 0,
      });

      const drafts = await call(client.actor, 'list_my_projects', { status: 'draft' });
      expect(drafts.ok && drafts.data).toMatchObject({ total: 1, results: [{ id: p2.id, status: 'draft' }] });
      const page = await call(client.actor, 'list_my_projects', { limit: 2, offset: 2 });
      expect(page.ok && page.data).toMatchObject({ total: 3, results: [{ id: p1.id }] });

      expectError(await call(client.actor, 'list_my_projects', { status: 'nope' }), 'VALIDATION', 'status');
      const freelancer = await makeUser(env.rt, 'freelancer');
      expectError(await call(freelancer.actor, 'list_my_projects', {}), 'FORBIDDEN');
    });
  });

  describe('update_project', () => {
    it('edits fields, merges requirements, publishes a draft and re-indexes search', async () => {
      const client = await makeUser(env.rt, 'client');
      const oldWord = tag();
      const newWord = tag();
      const p = await newProject(client, {
        title: `Old title ${oldWord}`,
        publish: false,
        requirements: { platforms: ['web'], existingCodebase: true },
      });
      const res = await call<ProjectView>(client.actor, 'update_project', {
        projectId: p.id,
        title: `Shiny new title ${newWord}`,
        description: 'A rewritten description that is long enough to pass.',
        skills: ['Svelte', 'GraphQL'],
        budget: { currency: 'EUR', min: 100000, max: 300000 },
        timelineWeeks: null,
        deadline: '2027-03-01',
        industry: 'healthcare',
        requirements: { existingCodebase: null, integrations: ['Stripe'] },
        status: 'open',
      });
      expect(res.ok, JSON.stringify(res)).toBe(true);
      if (!res.ok) return;
      expect(res.data).toMatchObject({
        id: p.id,
        title: `Shiny new title ${newWord}`,
        description: 'A rewritten description that is long enough to pass.',
        skills: ['GraphQL', 'Svelte'],
        budget: { currency: 'EUR', min: 100000, max: 300000 },
        timelineWeeks: null,
        deadline: '2027-03-01',
        industry: 'healthcare',
        status: 'open',
        requirements: { platforms: ['web'], integrations: ['Stripe'] },
        updatedAt: env.clock.now().toISOString(),
      });
      expect(res.data.requirements).not.toHaveProperty('existingCodebase');

      expect(await projectRow(p.id)).toMatchObject({
        title: `Shiny new title ${newWord}`,
        status: 'open',
        currency: 'EUR',
        budget_min_minor: 100000,
        budget_max_minor: 300000,
        timeline_weeks: null,
        deadline: '2027-03-01',
        industry: 'healthcare',
      });
      const reqs = await all(
        env.rt.db.reader,
        'SELECT field, value FROM project_requirements WHERE project_id = ? ORDER BY field',
        [p.id],
      );
      expect(reqs).toEqual([
        { field: 'integrations', value: '["Stripe"]' },
        { field: 'platforms', value: '["web"]' },
      ]);
      const fts = (word: string) =>
        all(env.rt.db.reader, 'SELECT project_id FROM projects_fts WHERE projects_fts MATCH ?', [
          `"${word}"`,
        ]);
      expect(await fts(newWord)).toEqual([{ project_id: p.id }]);
      expect(await fts(oldWord)).toEqual([]);
      const found = await call<SearchOut>(client.actor, 'search_projects', { query: newWord });
      expect(found.ok && found.data.results.map((r) => r.id)).toEqual([p.id]);
    });

    it('unpublishes only without live proposals, and edits only draft or open projects', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const quiet = await newProject(client);
      const back = await call<ProjectView>(client.actor, 'update_project', {
        projectId: quiet.id,
        status: 'draft',
      });
      expect(back.ok && back.data.status).toBe('draft');
      expect((await projectRow(quiet.id))?.status).toBe('draft');

      const busy = await newProject(client);
      await insertProposal(busy.id, freelancer.actor.id);
      const refused = expectError(
        await call(client.actor, 'update_project', { projectId: busy.id, status: 'draft' }),
        'CONFLICT',
      );
      if (!refused.ok) expect(refused.error.message).toMatch(/1 live proposal/);
      expect((await projectRow(busy.id))?.status).toBe('open');

      await env.rt.db.write((tx) =>
        run(tx, "UPDATE projects SET status = 'in_progress' WHERE id = ?", [busy.id]),
      );
      const locked = expectError(
        await call(client.actor, 'update_project', { projectId: busy.id, title: 'Too late to rename' }),
        'CONFLICT',
      );
      if (!locked.ok) expect(locked.error.message).toMatch(/in progress; only draft or open projects/);
      expect((await projectRow(busy.id))?.title).toBe(busy.title);
    });

    it("refuses another client's project and bad input, writing nothing", async () => {
      const owner = await makeUser(env.rt, 'client');
      const intruder = await makeUser(env.rt, 'client');
      const p = await newProject(owner, { requirements: { platforms: ['web'] } });
      const planned = await call(owner.actor, 'add_milestones', {
        projectId: p.id,
        milestones: [{ title: 'Design', amount: { amount: 400000, currency: 'USD' } }],
      });
      expect(planned.ok, JSON.stringify(planned)).toBe(true);
      const before = await projectRow(p.id);

      expectError(
        await call(intruder.actor, 'update_project', { projectId: p.id, title: 'Hijacked title' }),
        'FORBIDDEN',
      );
      expectError(
        await call(owner.actor, 'update_project', { projectId: 'prj_doesnotexist', title: 'Ghost' }),
        'NOT_FOUND',
      );
      const freelancer = await makeUser(env.rt, 'freelancer');
      expectError(
        await call(freelancer.actor, 'update_project', { projectId: p.id, title: 'Nope' }),
        'FORBIDDEN',
      );

      const cases: [Record<string, unknown>, string][] = [
        [{ projectId: p.id }, '(input)'],
        [{ title: 'No project id' }, 'projectId'],
        [{ projectId: p.id, title: 42 }, 'title'],
        [{ projectId: p.id, timelineWeeks: 'six' }, 'timelineWeeks'],
        [{ projectId: p.id, budget: { currency: 'USD', min: -5, max: 100 } }, 'budget.min'],
        [{ projectId: p.id, budget: { currency: 'USD', min: 900, max: 100 } }, 'budget.max'],
        [{ projectId: p.id, budget: { currency: 'USD', min: 100, max: 300000 } }, 'budget.max'],
        [{ projectId: p.id, budget: { currency: 'EUR', min: 100, max: 900000 } }, 'budget.currency'],
        [{ projectId: p.id, skills: ['React', 'Quantum Basket Weaving'] }, 'skills'],
        [{ projectId: p.id, industry: 'no-such-industry' }, 'industry'],
        [{ projectId: p.id, deadline: '31/12/2027' }, 'deadline'],
        [{ projectId: p.id, status: 'completed' }, 'status'],
        [{ projectId: p.id, requirements: { platforms: 'web' } }, 'requirements.platforms'],
      ];
      for (const [input, field] of cases) {
        expectError(await call(owner.actor, 'update_project', input), 'VALIDATION', field);
      }
      expect(await projectRow(p.id)).toEqual(before);
      const skills = await all(env.rt.db.reader, 'SELECT skill_id FROM project_skills WHERE project_id = ?', [
        p.id,
      ]);
      expect(skills).toHaveLength(2);
    });
  });

  describe('cancel_project', () => {
    it('asks for confirmation, then cancels, declines live proposals and cancels planned milestones', async () => {
      const client = await makeUser(env.rt, 'client');
      const [f1, f2, f3] = await Promise.all([
        makeUser(env.rt, 'freelancer'),
        makeUser(env.rt, 'freelancer'),
        makeUser(env.rt, 'freelancer'),
      ]);
      const p = await newProject(client, { title: 'Payments dashboard' });
      const submitted = await insertProposal(p.id, f1.actor.id, 'submitted');
      const shortlisted = await insertProposal(p.id, f2.actor.id, 'shortlisted');
      const withdrawn = await insertProposal(p.id, f3.actor.id, 'withdrawn');
      const ms = await call<ProjectView>(client.actor, 'add_milestones', {
        projectId: p.id,
        milestones: [
          { title: 'Design', amount: { amount: 200000, currency: 'USD' } },
          { title: 'Build', amount: { amount: 300000, currency: 'USD' } },
        ],
      });
      expect(ms.ok).toBe(true);

      const asked = await call(client.actor, 'cancel_project', { projectId: p.id });
      expect(asked.ok).toBe(false);
      if (asked.ok) return;
      expect(asked.error.code).toBe('NEEDS_CONFIRMATION');
      expect(asked.error.message).toBe(
        "Cancel project 'Payments dashboard' (open, 2 live proposals will be declined, " +
          '2 planned milestones will be cancelled).',
      );
      const action = asked.error.pendingAction;
      expect(action).toMatchObject({
        tool: 'cancel_project',
        status: 'pending',
        summary: asked.error.message,
      });
      if (!action) return;

      // Nothing changes until the same person confirms.
      expect((await projectRow(p.id))?.status).toBe('open');
      const statuses = () =>
        all<{ id: string; status: string }>(
          env.rt.db.reader,
          'SELECT id, status FROM proposals WHERE project_id = ? ORDER BY id',
          [p.id],
        );
      expect(new Map((await statuses()).map((r) => [r.id, r.status]))).toEqual(
        new Map([
          [submitted, 'submitted'],
          [shortlisted, 'shortlisted'],
          [withdrawn, 'withdrawn'],
        ]),
      );
      const other = await makeUser(env.rt, 'client');
      expectError(await env.rt.dispatcher.confirm(other.actor, action.id, 'test'), 'FORBIDDEN');
      expect((await projectRow(p.id))?.status).toBe('open');

      const done = await env.rt.dispatcher.confirm(client.actor, action.id, 'test');
      expect(done.ok, JSON.stringify(done)).toBe(true);
      if (!done.ok) return;
      expect(done.data).toMatchObject({
        project: { id: p.id, status: 'cancelled' },
        declinedProposals: 2,
        cancelledMilestones: 2,
      });
      expect((await projectRow(p.id))?.status).toBe('cancelled');
      expect(new Map((await statuses()).map((r) => [r.id, r.status]))).toEqual(
        new Map([
          [submitted, 'rejected'],
          [shortlisted, 'rejected'],
          [withdrawn, 'withdrawn'],
        ]),
      );
      const milestones = await all(
        env.rt.db.reader,
        'SELECT status FROM milestones WHERE project_id = ? ORDER BY position',
        [p.id],
      );
      expect(milestones).toEqual([{ status: 'cancelled' }, { status: 'cancelled' }]);
      const stored = await one(env.rt.db.reader, 'SELECT status FROM pending_actions WHERE id = ?', [
        action.id,
      ]);
      expect(stored).toEqual({ status: 'executed' });

      expectError(await env.rt.dispatcher.confirm(client.actor, action.id, 'test'), 'CONFLICT');
      const again = expectError(await call(client.actor, 'cancel_project', { projectId: p.id }), 'CONFLICT');
      if (!again.ok) expect(again.error.message).toMatch(/already cancelled/);
    });

    it('says so when there is nothing to decline, and works on drafts', async () => {
      const client = await makeUser(env.rt, 'client');
      const p = await newProject(client, { title: 'Quiet draft', publish: false });
      const asked = expectError(
        await call(client.actor, 'cancel_project', { projectId: p.id }),
        'NEEDS_CONFIRMATION',
      );
      if (asked.ok || !asked.error.pendingAction) return;
      expect(asked.error.message).toBe("Cancel project 'Quiet draft' (draft, no live proposals to decline).");
      const done = await env.rt.dispatcher.confirm(client.actor, asked.error.pendingAction.id, 'test');
      expect(done.ok && done.data).toMatchObject({ declinedProposals: 0, cancelledMilestones: 0 });
      expect((await projectRow(p.id))?.status).toBe('cancelled');
    });

    it('refuses projects with a running contract, and other clients, without a pending action', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const p = await newProject(client);
      await env.rt.db.write(async (tx) => {
        await run(tx, "UPDATE projects SET status = 'in_progress' WHERE id = ?", [p.id]);
        await run(
          tx,
          `INSERT INTO contracts (id, project_id, client_id, freelancer_id, kind, amount_minor, currency, status, started_at)
           VALUES (?, ?, ?, ?, 'fixed', 600000, 'USD', 'active', ?)`,
          [newId('ctr'), p.id, client.actor.id, freelancer.actor.id, env.clock.now().toISOString()],
        );
      });
      const pendingBefore = await countRows('pending_actions WHERE actor_id = ?', [client.actor.id]);
      const refused = expectError(
        await call(client.actor, 'cancel_project', { projectId: p.id }),
        'CONFLICT',
      );
      if (!refused.ok) expect(refused.error.message).toMatch(/contract .* must be ended first/);
      expect((await projectRow(p.id))?.status).toBe('in_progress');

      const intruder = await makeUser(env.rt, 'client');
      const mine = await newProject(client);
      expectError(await call(intruder.actor, 'cancel_project', { projectId: mine.id }), 'FORBIDDEN');
      expectError(await call(client.actor, 'cancel_project', { projectId: 'prj_doesnotexist' }), 'NOT_FOUND');
      expectError(await call(client.actor, 'cancel_project', {}), 'VALIDATION', 'projectId');
      expect((await projectRow(mine.id))?.status).toBe('open');
      expect(await countRows('pending_actions WHERE actor_id = ?', [client.actor.id])).toBe(pendingBefore);
      expect(await countRows('pending_actions WHERE actor_id = ?', [intruder.actor.id])).toBe(0);
    });
  });

  describe('add_milestones', () => {
    it('adds milestones after the existing ones, within the budget', async () => {
      const client = await makeUser(env.rt, 'client');
      const p = await newProject(client);
      const first = await call<ProjectView>(client.actor, 'add_milestones', {
        projectId: p.id,
        milestones: [
          { title: 'Wireframes', amount: { amount: 150000, currency: 'USD' }, dueDate: '2026-12-15' },
          { title: 'Frontend', description: 'Charts and auth', amount: { amount: 350000, currency: 'USD' } },
        ],
      });
      expect(first.ok, JSON.stringify(first)).toBe(true);
      const second = await call<ProjectView>(client.actor, 'add_milestones', {
        projectId: p.id,
        milestones: [{ title: 'API', amount: { amount: 300000, currency: 'USD' } }],
      });
      expect(second.ok, JSON.stringify(second)).toBe(true);
      if (!second.ok) return;
      expect(second.data.milestones).toMatchObject([
        {
          position: 1,
          title: 'Wireframes',
          description: '',
          amount: { amount: 150000, currency: 'USD' },
          dueDate: '2026-12-15',
          status: 'planned',
          contractId: null,
          projectId: p.id,
        },
        { position: 2, title: 'Frontend', description: 'Charts and auth', dueDate: null, status: 'planned' },
        { position: 3, title: 'API', amount: { amount: 300000, currency: 'USD' } },
      ]);
      const rows = await all(
        env.rt.db.reader,
        'SELECT position, title, amount_minor, currency, status FROM milestones WHERE project_id = ? ORDER BY position',
        [p.id],
      );
      expect(rows).toEqual([
        { position: 1, title: 'Wireframes', amount_minor: 150000, currency: 'USD', status: 'planned' },
        { position: 2, title: 'Frontend', amount_minor: 350000, currency: 'USD', status: 'planned' },
        { position: 3, title: 'API', amount_minor: 300000, currency: 'USD', status: 'planned' },
      ]);

      // 800,000 of 800,000 is planned: one more cent is over budget.
      const over = expectError(
        await call(client.actor, 'add_milestones', {
          projectId: p.id,
          milestones: [{ title: 'Polish', amount: { amount: 1, currency: 'USD' } }],
        }),
        'VALIDATION',
        'milestones',
      );
      if (!over.ok) expect(over.error.message).toMatch(/\$8,000\.01.*budget maximum of \$8,000\.00/);
      expect(await countRows('milestones WHERE project_id = ?', [p.id])).toBe(3);
    });

    it('rejects bad milestones, other clients and closed projects, writing nothing', async () => {
      const client = await makeUser(env.rt, 'client');
      const intruder = await makeUser(env.rt, 'client');
      const p = await newProject(client);
      const ok = { title: 'Design', amount: { amount: 1000, currency: 'USD' } };
      const cases: [unknown, string][] = [
        [{ projectId: p.id }, 'milestones'],
        [{ projectId: p.id, milestones: [] }, 'milestones'],
        [{ projectId: p.id, milestones: Array.from({ length: 21 }, () => ok) }, 'milestones'],
        [
          { projectId: p.id, milestones: [{ amount: { amount: 1000, currency: 'USD' } }] },
          'milestones.0.title',
        ],
        [
          { projectId: p.id, milestones: [ok, { ...ok, amount: { amount: -5, currency: 'USD' } }] },
          'milestones.1.amount.amount',
        ],
        [
          { projectId: p.id, milestones: [{ ...ok, amount: { amount: 10.5, currency: 'USD' } }] },
          'milestones.0.amount.amount',
        ],
        [
          { projectId: p.id, milestones: [{ ...ok, amount: { amount: 0, currency: 'USD' } }] },
          'milestones.0.amount.amount',
        ],
        [{ projectId: p.id, milestones: [{ ...ok, amount: '10 USD' }] }, 'milestones.0.amount'],
        [{ projectId: p.id, milestones: [{ ...ok, dueDate: 'next week' }] }, 'milestones.0.dueDate'],
        [
          { projectId: p.id, milestones: [ok, { ...ok, amount: { amount: 1000, currency: 'EUR' } }] },
          'milestones.1.amount.currency',
        ],
        [
          { projectId: p.id, milestones: [{ ...ok, amount: { amount: 900000, currency: 'USD' } }] },
          'milestones',
        ],
      ];
      for (const [input, field] of cases) {
        expectError(await call(client.actor, 'add_milestones', input), 'VALIDATION', field);
      }
      expectError(
        await call(intruder.actor, 'add_milestones', { projectId: p.id, milestones: [ok] }),
        'FORBIDDEN',
      );
      expectError(
        await call(client.actor, 'add_milestones', { projectId: 'prj_doesnotexist', milestones: [ok] }),
        'NOT_FOUND',
      );
      await env.rt.db.write((tx) => run(tx, "UPDATE projects SET status = 'completed' WHERE id = ?", [p.id]));
      expectError(
        await call(client.actor, 'add_milestones', { projectId: p.id, milestones: [ok] }),
        'CONFLICT',
      );
      expect(await countRows('milestones WHERE project_id = ?', [p.id])).toBe(0);
    });
  });

  describe('invite_freelancer', () => {
    it('invites a freelancer once to an open project', async () => {
      const client = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer', { name: 'Ada Freelance' });
      const p = await newProject(client, { title: 'Invite-only analytics build' });
      const res = await call(client.actor, 'invite_freelancer', {
        projectId: p.id,
        freelancerId: freelancer.actor.id,
        message: 'Your case study looked great.',
      });
      expect(res.ok, JSON.stringify(res)).toBe(true);
      if (!res.ok) return;
      expect(res.data).toEqual({
        id: expect.stringMatching(/^inv_/),
        projectId: p.id,
        projectTitle: 'Invite-only analytics build',
        freelancerId: freelancer.actor.id,
        freelancerName: 'Ada Freelance',
        message: 'Your case study looked great.',
        status: 'sent',
        createdAt: env.clock.now().toISOString(),
      });
      const rows = await all(
        env.rt.db.reader,
        'SELECT id, freelancer_id, message, status FROM invitations WHERE project_id = ?',
        [p.id],
      );
      expect(rows).toEqual([
        {
          id: res.data.id,
          freelancer_id: freelancer.actor.id,
          message: 'Your case study looked great.',
          status: 'sent',
        },
      ]);
      const twice = expectError(
        await call(client.actor, 'invite_freelancer', { projectId: p.id, freelancerId: freelancer.actor.id }),
        'CONFLICT',
      );
      if (!twice.ok) expect(twice.error.message).toMatch(/Ada Freelance was already invited/);
      expect(await countRows('invitations WHERE project_id = ?', [p.id])).toBe(1);
    });

    it('refuses unknown freelancers, drafts and other clients, writing nothing', async () => {
      const client = await makeUser(env.rt, 'client');
      const intruder = await makeUser(env.rt, 'client');
      const freelancer = await makeUser(env.rt, 'freelancer');
      const p = await newProject(client);
      const draft = await newProject(client, { publish: false });
      const invite = (actor: Actor, input: Record<string, unknown>) =>
        call(actor, 'invite_freelancer', input);

      expectError(
        await invite(client.actor, { projectId: p.id, freelancerId: intruder.actor.id }),
        'NOT_FOUND',
      );
      expectError(
        await invite(client.actor, { projectId: p.id, freelancerId: 'usr_doesnotexist' }),
        'NOT_FOUND',
      );
      expectError(
        await invite(client.actor, { projectId: 'prj_doesnotexist', freelancerId: freelancer.actor.id }),
        'NOT_FOUND',
      );
      expectError(
        await invite(intruder.actor, { projectId: p.id, freelancerId: freelancer.actor.id }),
        'FORBIDDEN',
      );
      const closed = expectError(
        await invite(client.actor, { projectId: draft.id, freelancerId: freelancer.actor.id }),
        'CONFLICT',
      );
      if (!closed.ok) expect(closed.error.message).toMatch(/publish it first/);
      expectError(await invite(client.actor, { projectId: p.id }), 'VALIDATION', 'freelancerId');
      expectError(
        await invite(client.actor, { projectId: p.id, freelancerId: freelancer.actor.id, message: 7 }),
        'VALIDATION',
        'message',
      );
      expectError(
        await invite(freelancer.actor, { projectId: p.id, freelancerId: freelancer.actor.id }),
        'FORBIDDEN',
      );
      const n = await countRows('invitations WHERE project_id IN (?, ?)', [p.id, draft.id]);
      expect(n).toBe(0);
    });
  });
});
