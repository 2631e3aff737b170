import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Copilot, createCopilot } from '../../agents/copilot';
import type { CopilotEvent } from '../../agents/events';
import { offlineModel } from '../../agents/model';
import { DEMO, seedDemo } from '../../db/seed/index';
import { all, one } from '../../db/sql';
import { syncMatching } from '../../matching/indexing';
import type { Actor } from '../../tools/define';
import { catalog } from '../../tools/index';
import { makeUser, projectInput, type TestEnv, testEnv } from '../support/harness';

/**
 * The three headline conversations of the copilot, with the offline model, driven the way a channel drives
 * it (`runTurn` per message, Confirm through `confirmFromChannel`), asserting the database afterwards.
 */

interface Turn {
  events: CopilotEvent[];
  text: string;
  calls: { tool: string; input: unknown }[];
  held?: Extract<CopilotEvent, { type: 'confirmation_required' }>;
}

const client: Actor = { id: DEMO.client.id, role: 'client', displayName: DEMO.client.name };
const freelancer: Actor = { id: DEMO.freelancer.id, role: 'freelancer', displayName: DEMO.freelancer.name };
const admin: Actor = { id: DEMO.admin.id, role: 'admin', displayName: DEMO.admin.name };
const has = (tool: string) => catalog.some((t) => t.name === tool);

describe('headline conversations with the offline model', () => {
  let env: TestEnv;
  let copilot: Copilot;

  beforeAll(async () => {
    env = await testEnv('file');
    await seedDemo(env.rt.db, { freelancers: 40, clients: 8, projects: 24 });
    // What `npm start` queues after a seed: the matching index (embeddings, full-text rows).
    await syncMatching(env.rt.db);
    copilot = createCopilot(env.rt, {
      model: await offlineModel({ db: env.rt.db, clock: env.clock.now }),
      clock: env.clock.now,
      limits: { turnsPerMinute: 100, toolCallsPerMinute: 200 },
    });
  });
  afterAll(async () => {
    await env.close();
  });

  const conversation = (actor: Actor, threadId: string) => ({
    async say(text: string): Promise<Turn> {
      const events: CopilotEvent[] = [];
      for await (const e of copilot.runTurn({ actor, channel: 'web', threadId, text })) events.push(e);
      expect(events.at(-1)?.type).toBe('done');
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
      const held = events.find((e) => e.type === 'confirmation_required');
      return {
        events,
        text: events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join(''),
        calls: events.flatMap((e) => (e.type === 'tool_start' ? [{ tool: e.tool, input: e.input }] : [])),
        ...(held?.type === 'confirmation_required' ? { held } : {}),
      };
    },
    confirm: (actionId: string) => copilot.confirmFromChannel({ actor, channel: 'web', threadId, actionId }),
  });
  const okResult = (turn: Turn, tool: string) => {
    const r = turn.events.find((e) => e.type === 'tool_result' && e.tool === tool);
    expect(r, `${tool} in ${JSON.stringify(turn.events).slice(0, 1500)}`).toMatchObject({ ok: true });
    return (r as { data: unknown }).data;
  };
  const ledger = () =>
    all<{ id: string; balance_minor: number }>(
      env.rt.db.reader,
      'SELECT id, balance_minor FROM ledger_accounts ORDER BY id',
    );

  it('client: brief → spec → project → shortlist → invite → fund a milestone, held until confirmed', {
    timeout: 60_000,
  }, async () => {
    // Money in the wallet first (a deposit, confirmed like any money call).
    const dep = await env.rt.dispatcher.call({
      actor: client,
      channel: 'test',
      tool: 'deposit',
      input: { amount: { amount: 2_000_000, currency: 'USD' } },
    });
    const depositId = dep.ok ? '' : (dep.error.pendingAction?.id ?? '');
    expect((await env.rt.dispatcher.confirm(client, depositId, 'test')).ok).toBe(true);

    const chat = conversation(client, 'headline-client');
    const spec = await chat.say(
      "I need someone to build a React dashboard for our clinic's patient analytics with a Node.js API, around $8k, 6 weeks",
    );
    expect(spec.calls.map((c) => c.tool)).toEqual(['draft_project_from_brief']);
    expect(spec.text).toMatch(/Nothing is saved yet/);
    expect(
      await one(env.rt.db.reader, 'SELECT id FROM projects WHERE created_at = ?', [
        env.clock.now().toISOString(),
      ]),
    ).toBeUndefined();

    const posted = await chat.say('looks good, post it and publish it');
    const project = okResult(posted, 'create_project') as { id: string };
    const row = await one<{ status: string; budget_max_minor: number; pricing: string; client_id: string }>(
      env.rt.db.reader,
      'SELECT status, budget_max_minor, pricing, client_id FROM projects WHERE id = ?',
      [project.id],
    );
    expect(row).toEqual({
      status: 'open',
      budget_max_minor: 800_000,
      pricing: 'fixed',
      client_id: client.id,
    });

    // The shortlist comes from the matching tools when they are in the catalog; the invite follows it.
    let invitee: string;
    if (has('match_freelancers')) {
      const shortlist = await chat.say('shortlist freelancers for that project');
      expect(shortlist.calls[0]).toMatchObject({
        tool: 'match_freelancers',
        input: { projectId: project.id },
      });
      const matched = okResult(shortlist, 'match_freelancers') as { results: { id: string }[] };
      expect(matched.results.length).toBeGreaterThan(0);
      invitee = matched.results[0]?.id ?? '';
      const invite = await chat.say('invite the first one');
      expect(invite.calls).toEqual([
        { tool: 'invite_freelancer', input: { projectId: project.id, freelancerId: invitee } },
      ]);
    } else {
      invitee = freelancer.id;
      await chat.say(`invite ${invitee} to that project`);
    }
    const invitation = await one<{ status: string }>(
      env.rt.db.reader,
      'SELECT status FROM invitations WHERE project_id = ? AND freelancer_id = ?',
      [project.id, invitee],
    );
    expect(invitation).toEqual({ status: 'sent' });

    // The invited freelancer answers from their own channel; the client accepts in the chat.
    const bid = await env.rt.dispatcher.call<{ id: string }>({
      actor: { id: invitee, role: 'freelancer', displayName: 'Invitee' },
      channel: 'test',
      tool: 'submit_proposal',
      input: {
        projectId: project.id,
        coverLetter: 'I have built three clinical analytics dashboards in React with Node.js APIs.',
        amount: { amount: 750_000, currency: 'USD' },
        estimatedWeeks: 6,
      },
    });
    expect(bid.ok, JSON.stringify(bid)).toBe(true);
    const proposals = await chat.say('show me the proposals on that project');
    okResult(proposals, 'list_proposals');
    const accepted = await chat.say('accept the first one');
    const contract = okResult(accepted, 'accept_proposal') as {
      id: string;
      milestones: { id: string; amount: { amount: number } }[];
    };
    const first = contract.milestones[0];
    if (!first) throw new Error('the contract has no milestone');

    // Funding is held: the answer says so and not one ledger row moves.
    const before = await ledger();
    const fund = await chat.say('fund the first milestone');
    expect(fund.calls).toEqual([{ tool: 'fund_milestone', input: { milestoneId: first.id } }]);
    expect(fund.held?.tool).toBe('fund_milestone');
    expect(fund.text).toMatch(/press Confirm/);
    expect(fund.text).toMatch(/Nothing has happened yet/);
    expect(await ledger()).toEqual(before);
    const yes = await chat.say('yes, go ahead');
    expect(yes.calls).toEqual([]);
    expect(await ledger()).toEqual(before);
    expect(
      await one<{ status: string }>(env.rt.db.reader, 'SELECT status FROM milestones WHERE id = ?', [
        first.id,
      ]),
    ).toEqual({ status: 'active' });

    // The person's Confirm, through the dispatcher: now the money is held in escrow.
    const done = await chat.confirm(fund.held?.actionId ?? '');
    expect(done.ok, JSON.stringify(done)).toBe(true);
    const hold = await one<{ status: string; amount_minor: number }>(
      env.rt.db.reader,
      'SELECT status, amount_minor FROM escrow_holds WHERE milestone_id = ?',
      [first.id],
    );
    expect(hold).toEqual({ status: 'held', amount_minor: first.amount.amount });
    const wallet = await one<{ balance_minor: number }>(
      env.rt.db.reader,
      "SELECT balance_minor FROM ledger_accounts WHERE kind = 'client_wallet' AND owner_id = ? AND currency = 'USD'",
      [client.id],
    );
    expect(wallet?.balance_minor).toBe(2_000_000 - first.amount.amount);
    const after = await chat.say('is it funded now?');
    expect(after.events.at(-1)?.type).toBe('done');
  });

  it('freelancer: React jobs → proposal draft → submit with a bid', { timeout: 60_000 }, async () => {
    // A fresh React job from another client (the demo freelancer has bid on every seeded one).
    const other = await makeUser(env.rt, 'client', { name: 'Northwind Fitness' });
    const posted = await env.rt.dispatcher.call({
      actor: other.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput({
        title: 'React booking app for a fitness studio',
        skills: ['React', 'TypeScript'],
      }),
    });
    expect(posted.ok, JSON.stringify(posted)).toBe(true);
    const chat = conversation(freelancer, 'headline-freelancer');
    const found = await chat.say('find me React jobs');
    const tool = found.calls[0]?.tool;
    expect(['search_projects', 'recommend_projects']).toContain(tool);
    const results = okResult(found, tool ?? '') as { results: { id: string; status: string }[] };
    // A React job the demo freelancer has not bid on yet.
    const mine = await all<{ project_id: string }>(
      env.rt.db.reader,
      'SELECT project_id FROM proposals WHERE freelancer_id = ?',
      [freelancer.id],
    );
    const index = results.results.findIndex((r) => !mine.some((m) => m.project_id === r.id));
    expect(index).toBeGreaterThanOrEqual(0);
    const target = results.results[index]?.id ?? '';
    const ordinal = ['first', 'second', 'third', 'fourth', 'fifth'][index] ?? 'first';

    const draft = await chat.say(`draft a proposal for the ${ordinal} one`);
    expect(draft.calls).toEqual([{ tool: 'draft_proposal', input: { projectId: target } }]);
    expect(draft.text).toMatch(/Nothing is sent yet/);
    expect(
      await one(env.rt.db.reader, 'SELECT id FROM proposals WHERE freelancer_id = ? AND project_id = ?', [
        freelancer.id,
        target,
      ]),
    ).toBeUndefined();

    const sent = await chat.say('submit it with a bid of $5,500, 6 weeks');
    expect(sent.calls[0]).toMatchObject({
      tool: 'submit_proposal',
      input: { projectId: target, amount: { amount: 550_000, currency: 'USD' }, estimatedWeeks: 6 },
    });
    okResult(sent, 'submit_proposal');
    const stored = await one<{ amount_minor: number; currency: string; status: string; milestones: string }>(
      env.rt.db.reader,
      'SELECT amount_minor, currency, status, milestones FROM proposals WHERE freelancer_id = ? AND project_id = ?',
      [freelancer.id, target],
    );
    expect(stored).toMatchObject({ amount_minor: 550_000, currency: 'USD', status: 'submitted' });
    // The drafted milestones were rescaled to the new bid, so they still add up to it.
    const parts = JSON.parse(stored?.milestones ?? '[]') as { amount: { amount: number } }[];
    if (parts.length > 0) expect(parts.reduce((s, m) => s + m.amount.amount, 0)).toBe(550_000);
  });

  it('admin: the riskiest new accounts as a table, then a 50% rollout held until confirmed', {
    timeout: 60_000,
  }, async () => {
    // Two new accounts the risk model flags at signup.
    const { recordVerdict } = await import('../../trust/risk/policy');
    const risky = [
      { name: 'Quick Cash Dev', score: 92 },
      { name: 'Fresh Account', score: 61 },
    ];
    for (const r of risky) {
      const u = await makeUser(env.rt, 'freelancer', { name: r.name });
      await env.rt.db.write((tx) =>
        recordVerdict(
          tx,
          { userId: u.actor.id, trigger: 'signup' },
          {
            score: r.score,
            band: r.score > 80 ? 'high' : 'medium',
            decision: r.score > 80 ? 'block' : 'review',
            reasons: [
              { signal: 'disposable_email', points: r.score, reason: 'Email from a disposable domain' },
            ],
            modelVersion: 'test',
          },
          { now: env.clock.now() },
        ),
      );
    }
    const chat = conversation(admin, 'headline-admin');
    const table = await chat.say('Which new accounts look the riskiest?');
    expect(table.calls.map((c) => c.tool)[0]).toMatch(/^(?:list_risk_alerts|fraud_overview|assess_user)$/);
    expect(table.text).toMatch(/^Found 2 alerts:\n1\. Quick Cash Dev — risk 92\/100, high risk, open/);
    expect(table.text).toMatch(/\n2\. Fresh Account — risk 61\/100, medium risk, open/);

    const flag = () =>
      one<{ rollout_bps: number }>(
        env.rt.db.reader,
        "SELECT rollout_bps FROM feature_flags WHERE key = 'ai_matching_v2'",
      );
    expect(await flag()).toEqual({ rollout_bps: 1_000 });
    const roll = await chat.say('Roll out ai_matching_v2 to 50%');
    expect(roll.calls).toEqual([
      { tool: 'set_flag_rollout', input: { flagKey: 'ai_matching_v2', percent: 50 } },
    ]);
    expect(roll.held?.summary).toMatch(/from 10% to 50%/);
    expect(roll.text).toMatch(/press Confirm/);
    expect(await flag()).toEqual({ rollout_bps: 1_000 });
    await chat.say('yes');
    expect(await flag()).toEqual({ rollout_bps: 1_000 });

    const done = await chat.confirm(roll.held?.actionId ?? '');
    expect(done.ok, JSON.stringify(done)).toBe(true);
    expect(await flag()).toEqual({ rollout_bps: 5_000 });
    // Pressing Confirm again does nothing more.
    expect((await chat.confirm(roll.held?.actionId ?? '')).ok).toBe(false);
  });
});
