import { AIMessage } from '@langchain/core/messages';
import Fastify, { type FastifyInstance } from 'fastify';
import { fakeModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCopilot } from '../../agents/copilot';
import { buildApp } from '../../channels/http/app';
import { slackRoutes } from '../../channels/slack/plugin';
import { signSlackRequest } from '../../channels/slack/verify';
import { one, run } from '../../db/sql';
import type { Runtime } from '../../runtime';
import { makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';
import { FakeSlackApi } from './fakeSlack';

const SECRET = 'test-signing-secret';
const TEAM = 'T1';
const ADMIN_TEAM = 'TADMIN';

const callTool = (name: string, args: Record<string, unknown>) =>
  new AIMessage({ content: '', tool_calls: [{ id: `call_${name}`, name, args, type: 'tool_call' }] });

function signed(body: string, contentType: string, over: { ts?: number; sig?: string; retry?: number } = {}) {
  const ts = over.ts ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': over.sig ?? signSlackRequest(SECRET, ts, body),
    ...(over.retry !== undefined
      ? { 'x-slack-retry-num': String(over.retry), 'x-slack-retry-reason': 'http_timeout' }
      : {}),
  };
}

describe('Slack: /slack/events with Bolt against a fake Slack Web API', () => {
  let env: TestEnv;
  let rt: Runtime;
  let slack: FakeSlackApi;
  let app: FastifyInstance;
  let client: TestUser;
  let admin: TestUser;
  let eventSeq = 0;

  const postEvent = async (
    event: Record<string, unknown>,
    over: { retry?: number; eventId?: string; team?: string } = {},
  ) => {
    const eventId = over.eventId ?? `Ev${++eventSeq}`;
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: over.team ?? TEAM,
      api_app_id: 'A1',
      event_id: eventId,
      event_time: 1,
      event,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body,
      headers: signed(body, 'application/json', over),
    });
    await app.slack?.idle();
    return res;
  };
  const postForm = async (target: FastifyInstance, form: Record<string, string>) => {
    const body = new URLSearchParams(form).toString();
    const res = await target.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body,
      headers: signed(body, 'application/x-www-form-urlencoded'),
    });
    await target.slack?.idle();
    return res;
  };
  const command = (target: FastifyInstance, user: string, text: string, team = TEAM) =>
    postForm(target, {
      command: '/megilance',
      text,
      user_id: user,
      team_id: team,
      channel_id: 'C1',
      response_url: `${slack.url}../response/1`,
      trigger_id: 'tr1',
      api_app_id: 'A1',
      token: 'x',
    });
  const linkCode = async (u: TestUser) => {
    const r = await rt.dispatcher.call<{ code: string }>({
      actor: u.actor,
      channel: 'test',
      tool: 'issue_link_code',
      input: {},
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data.code;
  };
  const lastText = () => {
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    return String(posts.at(-1)?.args.text ?? '');
  };

  beforeAll(async () => {
    env = await testEnv('file');
    // Only Date is faked: the server's signature window and the link codes read the test clock's day.
    vi.useFakeTimers({ toFake: ['Date'], now: env.clock.now() });
    slack = new FakeSlackApi();
    await slack.start();
    rt = {
      ...env.rt,
      config: {
        ...env.rt.config,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_API_URL: slack.url,
        SLACK_ADMIN_TEAM_ID: ADMIN_TEAM,
      },
    };
    app = await buildApp(rt); // the real server: /slack/events mounted by app.ts, the default (offline) copilot
    client = await makeUser(env.rt, 'client', { name: 'Clara Client' });
    admin = await makeUser(env.rt, 'admin', { name: 'Ada Admin' });
  });
  afterAll(async () => {
    await app.close();
    await slack.stop();
    await env.close();
    vi.useRealTimers();
  });

  it('answers url_verification and refuses a forged or stale signature with 401', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc' });
    const ok = await app.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body,
      headers: signed(body, 'application/json'),
    });
    expect(ok.json()).toEqual({ challenge: 'abc' });

    const forged = await app.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body,
      headers: signed(body, 'application/json', { sig: `v0=${'0'.repeat(64)}` }),
    });
    expect(forged.statusCode).toBe(401);
    const tampered = await app.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body.replace('abc', 'abd'),
      headers: signed(body, 'application/json'),
    });
    expect(tampered.statusCode).toBe(401);
    const stale = await app.inject({
      method: 'POST',
      url: '/slack/events',
      payload: body,
      headers: signed(body, 'application/json', { ts: Math.floor(Date.now() / 1000) - 6 * 60 }),
    });
    expect(stale.statusCode).toBe(401);
    expect(slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('gives an unlinked user instructions, not data; links with /megilance link CODE once', async () => {
    slack.clear();
    const res = await postEvent({
      type: 'app_mention',
      user: 'U_CLARA',
      text: '<@UBOT> show my projects',
      channel: 'C1',
      ts: '100.1',
    });
    expect(res.statusCode).toBe(200);
    const reply = slack.of('chat.postMessage')[0];
    expect(reply).toMatchObject({ channel: 'C1', thread_ts: '100.1' });
    expect(String(reply?.text)).toMatch(/not linked.*\/megilance link CODE/s);

    const code = await linkCode(client);
    const ack = await command(app, 'U_CLARA', `link ${code}`);
    expect(ack.statusCode).toBe(200);
    expect(lastText()).toContain('Linked: you are *Clara Client* (client)');
    const row = await one(
      rt.db.reader,
      'SELECT user_id FROM channel_identities WHERE platform = ? AND team_id = ? AND external_user_id = ?',
      ['slack', TEAM, 'U_CLARA'],
    );
    expect(row).toEqual({ user_id: client.actor.id });
    // Spent: a second redemption (someone else) is refused, and the code is stored only as a hash.
    await command(app, 'U_MALLORY', `link ${code}`);
    expect(lastText()).toMatch(/not valid/);
    expect(
      await one(rt.db.reader, 'SELECT count(*) AS n FROM link_codes WHERE code_hash = ?', [code]),
    ).toEqual({ n: 0 });
  });

  it('processes an event once when Slack retries it (X-Slack-Retry-Num, same event id)', async () => {
    slack.clear();
    const event = { type: 'app_mention', user: 'U_CLARA', text: '<@UBOT> hello', channel: 'C1', ts: '200.1' };
    const first = await postEvent(event, { eventId: 'EvRetry' });
    const retry = await postEvent(event, { eventId: 'EvRetry', retry: 1 });
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(slack.of('chat.postMessage')).toHaveLength(1);
    expect(
      await one(rt.db.reader, `SELECT count(*) AS n FROM channel_event_dedup WHERE event_id = 'EvRetry'`),
    ).toEqual({ n: 1 });
  });

  it('assistant thread: suggested prompts per role, status, title, and the answer in the thread', async () => {
    slack.clear();
    await postEvent({
      type: 'assistant_thread_started',
      assistant_thread: { user_id: 'U_CLARA', channel_id: 'D1', thread_ts: '300.1', context: {} },
      event_ts: '300.2',
    });
    const prompts = slack.of('assistant.threads.setSuggestedPrompts')[0];
    expect(prompts).toMatchObject({ channel_id: 'D1', thread_ts: '300.1' });
    expect(JSON.stringify(prompts?.prompts)).toContain('My projects');

    await postEvent({
      type: 'message',
      channel_type: 'im',
      user: 'U_CLARA',
      text: 'show my projects',
      channel: 'D1',
      ts: '300.3',
      thread_ts: '300.1',
    });
    expect(slack.of('assistant.threads.setTitle')[0]).toMatchObject({
      channel_id: 'D1',
      thread_ts: '300.1',
      title: 'show my projects',
    });
    expect(slack.of('assistant.threads.setStatus').length).toBeGreaterThan(0);
    const answer = slack.calls
      .filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === '300.1')
      .at(-1);
    expect(answer?.args.channel).toBe('D1');
    expect(String(lastText()).length).toBeGreaterThan(0);
  });

  it('admin workspace: "who are the riskiest new freelancers this week?" returns a fraud table from the real scorer', async () => {
    // A brand-new freelancer on a throwaway address asking to be paid off-platform: the scorer blocks and alerts.
    const project = await rt.dispatcher.call<{ id: string }>({
      actor: client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput(),
    });
    if (!project.ok) throw new Error(JSON.stringify(project.error));
    const scammer = await makeUser(env.rt, 'freelancer', { name: 'Sam Scammer' });
    await rt.db.write((tx) =>
      run(tx, 'UPDATE users SET created_at = ?, email = ? WHERE id = ?', [
        new Date(env.clock.now().getTime() - 3_600_000).toISOString(),
        `${scammer.actor.id}@guerrillamail.com`,
        scammer.actor.id,
      ]),
    );
    const blocked = await rt.dispatcher.call({
      actor: scammer.actor,
      channel: 'test',
      tool: 'submit_proposal',
      input: {
        projectId: project.data.id,
        coverLetter: 'Pay me on Western Union, add me on WhatsApp and we skip the fees.',
        amount: { amount: 600_000, currency: 'USD' },
        estimatedWeeks: 6,
      },
    });
    expect(blocked.ok ? 'ok' : blocked.error.code).toBe('BLOCKED_BY_RISK');
    expect(
      await one(rt.db.reader, 'SELECT band FROM risk_alerts WHERE user_id = ?', [scammer.actor.id]),
    ).toEqual({ band: 'high' });

    // An admin in another workspace is refused; in the admin workspace the question gets the table.
    const code = await linkCode(admin);
    await command(app, 'U_ADA', `link ${code}`, ADMIN_TEAM);
    expect(lastText()).toContain('Ada Admin');
    await command(app, 'U_ADA', `link ${await linkCode(admin)}`, TEAM);
    expect(lastText()).toBe('Admin accounts are served only in the admin workspace.');
    slack.clear();
    await postEvent(
      {
        type: 'app_mention',
        user: 'U_ADA',
        text: '<@UBOT> who are the riskiest new freelancers this week?',
        channel: 'CADM',
        ts: '400.1',
      },
      { team: ADMIN_TEAM },
    );
    const final = slack.calls
      .filter((c) => c.method === 'chat.update' || c.method === 'chat.postMessage')
      .at(-1);
    const blocks = JSON.stringify(final?.args.blocks ?? []);
    expect(blocks).toContain('Fraud risk');
    expect(blocks).toContain('Sam Scammer');
    expect(blocks).toMatch(/high/);
  });
});

describe('Slack: Confirm / Cancel buttons (block_actions)', () => {
  let env: TestEnv;
  let rt: Runtime;
  let slack: FakeSlackApi;
  let app: FastifyInstance;
  let client: TestUser;

  beforeAll(async () => {
    env = await testEnv('file');
    // Only Date is faked: the server's signature window and the link codes read the test clock's day.
    vi.useFakeTimers({ toFake: ['Date'], now: env.clock.now() });
    slack = new FakeSlackApi();
    await slack.start();
    rt = {
      ...env.rt,
      config: {
        ...env.rt.config,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_API_URL: slack.url,
      },
    };
    client = await makeUser(env.rt, 'client', { name: 'Clara Client' });
  });
  afterAll(async () => {
    await app?.close();
    await slack.stop();
    await env.close();
    vi.useRealTimers();
  });

  it('holds cancel_project behind buttons; another user’s press is refused; the requester’s press runs it once', async () => {
    const created = await rt.dispatcher.call<{ id: string }>({
      actor: client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput({ title: 'Project to cancel from Slack' }),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const projectId = created.data.id;
    const model = fakeModel()
      .respond(callTool('cancel_project', { projectId }))
      .respond(new AIMessage('Press Confirm to cancel it.'));
    app = Fastify();
    await app.register(slackRoutes, {
      rt,
      copilot: createCopilot(rt, { model, clock: env.clock.now }),
      updateIntervalMs: 0,
    });
    await app.ready();

    const r = await rt.dispatcher.call<{ code: string }>({
      actor: client.actor,
      channel: 'test',
      tool: 'issue_link_code',
      input: {},
    });
    if (!r.ok) throw new Error('no code');
    const form = (text: string, user: string) =>
      new URLSearchParams({
        command: '/megilance',
        text,
        user_id: user,
        team_id: TEAM,
        channel_id: 'C9',
        response_url: `${slack.url}../response/2`,
        trigger_id: 't',
      }).toString();
    const send = async (body: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/slack/events',
        payload: body,
        headers: signed(body, 'application/x-www-form-urlencoded'),
      });
      await app.slack?.idle();
      return res;
    };
    await send(form(`link ${r.data.code}`, 'U_CLARA'));
    slack.clear();
    const ask = await send(form('cancel my project', 'U_CLARA'));
    expect(ask.json()).toMatchObject({ response_type: 'ephemeral', text: 'Working on it…' });
    const posted = slack.calls
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
      .at(-1);
    const blocks = posted?.args.blocks as {
      type: string;
      block_id?: string;
      elements?: { action_id: string; value: string }[];
    }[];
    const actions = blocks.find((b) => b.type === 'actions');
    const confirm = actions?.elements?.find((e) => e.action_id === 'megilance_confirm');
    expect(confirm).toBeDefined();
    const status = async () =>
      (await one<{ status: string }>(rt.db.reader, 'SELECT status FROM projects WHERE id = ?', [projectId]))
        ?.status;
    expect(await status()).toBe('open');

    const press = (user: string) =>
      send(
        new URLSearchParams({
          payload: JSON.stringify({
            type: 'block_actions',
            user: { id: user, team_id: TEAM },
            team: { id: TEAM },
            api_app_id: 'A1',
            container: { type: 'message', channel_id: 'C9', message_ts: '1.1' },
            channel: { id: 'C9' },
            message: { ts: '1.1', text: 'Press Confirm', blocks },
            trigger_id: 't',
            response_url: `${slack.url}../response/3`,
            actions: [
              {
                type: 'button',
                action_id: 'megilance_confirm',
                block_id: actions?.block_id,
                value: confirm?.value,
                action_ts: '1',
              },
            ],
          }),
        }).toString(),
      );
    slack.clear();
    const stranger = await press('U_MALLORY');
    expect(stranger.statusCode).toBe(200);
    expect(slack.of('chat.postEphemeral')[0]).toMatchObject({ channel: 'C9', user: 'U_MALLORY' });
    expect(String(slack.of('chat.postEphemeral')[0]?.text)).toContain('Only <@U_CLARA>');
    expect(await status()).toBe('open');

    slack.clear();
    await press('U_CLARA');
    expect(await status()).toBe('cancelled');
    const updated = slack.of('chat.update')[0];
    expect(JSON.stringify(updated?.blocks)).toContain('Confirmed by <@U_CLARA>');
    expect(JSON.stringify(updated?.blocks)).not.toContain('megilance_confirm');
    // A second press does nothing more.
    slack.clear();
    await press('U_CLARA');
    expect(JSON.stringify(slack.of('chat.update')[0]?.blocks)).toMatch(/no_entry/);
  });
});
