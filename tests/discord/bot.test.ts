import { generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { AIMessage } from '@langchain/core/messages';
import { Events } from 'discord.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { fakeModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Copilot, createCopilot } from '../../agents/copilot';
import { discordChannel } from '../../channels/discord/plugin';
import { buildApp } from '../../channels/http/app';
import { all, one } from '../../db/sql';
import type { Runtime } from '../../runtime';
import { makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';
import {
  APP_ID,
  BOT_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  discordUser,
  FakeDiscord,
  type RestCall,
} from './fakeDiscord';

const TOKEN = 'test-bot-token';
const keys = generateKeyPairSync('ed25519');
/** The application's public key as the developer portal shows it: 32 raw bytes in hex. */
const PUBLIC_KEY = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
const CLARA = discordUser('300000000000000001', 'Clara Client');
const MALLORY = discordUser('300000000000000002', 'Mallory');

interface Setup {
  env: TestEnv;
  rt: Runtime;
  fake: FakeDiscord;
  app: FastifyInstance;
  client: TestUser;
}

/** A temp database, the fake Discord, and the Discord channel on a bare Fastify server, started. */
async function setup(copilotFor: (rt: Runtime, env: TestEnv) => Copilot): Promise<Setup> {
  const env = await testEnv('file');
  const fake = new FakeDiscord(TOKEN);
  await fake.start();
  const rt: Runtime = {
    ...env.rt,
    config: {
      ...env.rt.config,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_PUBLIC_KEY: PUBLIC_KEY,
    },
  };
  const app = Fastify();
  await app.register(discordChannel, {
    rt,
    copilot: copilotFor(rt, env),
    clock: env.clock.now,
    editIntervalMs: 0,
  });
  await app.ready();
  await app.discord?.started();
  const client = await makeUser(env.rt, 'client', { name: 'Clara Client' });
  return { env, rt, fake, app, client };
}

async function teardown(s: Setup | undefined): Promise<void> {
  await s?.app.close();
  await s?.fake.stop();
  await s?.env.close();
}

/** Sends a gateway event and waits until the bot has fully handled it. */
async function deliver(s: Setup, event: Events.MessageCreate | Events.InteractionCreate, send: () => void) {
  const bot = s.app.discord?.bot;
  if (!bot) throw new Error('no Discord bot');
  const seen = once(bot.client, event);
  send();
  await seen;
  await bot.idle();
}

const mention = (s: Setup, content: string, author = CLARA) =>
  deliver(s, Events.MessageCreate, () =>
    s.fake.userMessage({ author, content: `<@${BOT_ID}> ${content}`, mentionBot: true }),
  );
const dm = (s: Setup, content: string, author = CLARA) =>
  deliver(s, Events.MessageCreate, () => s.fake.userMessage({ author, content, dm: true }));
const slash = (s: Setup, sub: string, options: { name: string; type: number; value: string }[] = []) =>
  deliver(s, Events.InteractionCreate, () =>
    s.fake.interaction({
      user: CLARA,
      type: 2,
      data: { id: '900', name: 'megilance', type: 1, options: [{ name: sub, type: 1, options }] },
    }),
  );

async function linkCode(s: Setup, u: TestUser): Promise<string> {
  const r = await s.rt.dispatcher.call<{ code: string }>({
    actor: u.actor,
    channel: 'test',
    tool: 'issue_link_code',
    input: {},
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data.code;
}

const posts = (s: Setup, channel = CHANNEL_ID) =>
  s.fake.of('POST', new RegExp(`^/channels/${channel}/messages$`));
const edits = (s: Setup) => s.fake.of('PATCH', /^\/(channels\/\d+\/messages\/\d+|webhooks\/.*)$/);
const text = (c: RestCall | undefined) => String(c?.body?.content ?? '');

describe('Discord: the gateway bot (discord.js) against a fake gateway and REST', () => {
  let s: Setup;

  beforeAll(async () => {
    s = await setup((rt, env) => createCopilot(rt, { clock: env.clock.now }));
  });
  afterAll(() => teardown(s));

  it('registers /megilance through the REST API and identifies on the gateway', async () => {
    const reg = s.fake.of('PUT', new RegExp(`^/applications/${APP_ID}/commands$`));
    expect(reg).toHaveLength(1);
    const [cmd] = (reg[0]?.body ?? []) as { name: string; options: { name: string; type: number }[] }[];
    expect(cmd?.name).toBe('megilance');
    expect(cmd?.options.map((o) => o.name)).toEqual([
      'ask',
      'projects',
      'proposals',
      'contracts',
      'link',
      'help',
    ]);
    const identify = s.fake.received.find((p) => p.op === 2);
    expect(identify?.d.token).toBe(TOKEN);
    // Guilds, guild messages and DMs; not the privileged Message Content intent.
    const intents = Number(identify?.d.intents);
    expect(intents & (1 << 0)).toBeTruthy();
    expect(intents & (1 << 9)).toBeTruthy();
    expect(intents & (1 << 12)).toBeTruthy();
    expect(intents & (1 << 15)).toBe(0);
    expect(s.app.discord?.bot.client.user?.id).toBe(BOT_ID);
  });

  it('ignores guild messages that do not mention it, and other bots', async () => {
    s.fake.clear();
    await deliver(s, Events.MessageCreate, () =>
      s.fake.userMessage({ author: CLARA, content: 'just chatting' }),
    );
    await deliver(s, Events.MessageCreate, () =>
      s.fake.userMessage({
        author: { ...discordUser('300000000000000009', 'Other Bot'), bot: true },
        content: `<@${BOT_ID}> hi`,
        mentionBot: true,
      }),
    );
    expect(s.fake.calls).toEqual([]);
  });

  it('gives an unlinked user linking instructions, not data', async () => {
    s.fake.clear();
    await mention(s, 'show my projects');
    const reply = posts(s)[0];
    expect(text(reply)).toMatch(/not linked.*\/megilance link CODE/s);
    expect(reply?.body.message_reference?.message_id).toBeDefined();
    expect(reply?.body.allowed_mentions).toMatchObject({ parse: [] });
    expect(s.fake.calls.filter((c) => c.method === 'PATCH')).toEqual([]);

    s.fake.clear();
    await slash(s, 'projects');
    const callback = s.fake.of('POST', /^\/interactions\/\d+\/tok-\d+\/callback$/)[0];
    expect(callback?.body).toMatchObject({ type: 5, data: { flags: 64 } }); // deferred, ephemeral
    expect(text(edits(s).at(-1))).toMatch(/not linked/);
  });

  it('links by DM "link CODE" (once), and refuses a bad code given to /megilance link', async () => {
    const code = await linkCode(s, s.client);
    s.fake.clear();
    await dm(s, `link ${code}`);
    expect(text(posts(s, DM_CHANNEL_ID)[0])).toBe('Linked: you are **Clara Client** (client) on MegiLance.');
    expect(
      await one(
        s.rt.db.reader,
        'SELECT user_id FROM channel_identities WHERE platform = ? AND team_id = ? AND external_user_id = ?',
        ['discord', '', CLARA.id],
      ),
    ).toEqual({ user_id: s.client.actor.id });

    s.fake.clear();
    await deliver(s, Events.InteractionCreate, () =>
      s.fake.interaction({
        user: MALLORY,
        type: 2,
        data: {
          id: '900',
          name: 'megilance',
          type: 1,
          options: [{ name: 'link', type: 1, options: [{ name: 'code', type: 3, value: code }] }],
        },
      }),
    );
    expect(text(edits(s).at(-1))).toMatch(/not valid/);
    expect(
      await one(s.rt.db.reader, 'SELECT count(*) AS n FROM channel_identities WHERE external_user_id = ?', [
        MALLORY.id,
      ]),
    ).toEqual({ n: 0 });
  });

  it('does not serve admin accounts on Discord, even once linked', async () => {
    const admin = await makeUser(s.env.rt, 'admin', { name: 'Ada Admin' });
    const ada = discordUser('300000000000000003', 'Ada');
    s.fake.clear();
    await dm(s, `link ${await linkCode(s, admin)}`, ada);
    await dm(s, 'who are the riskiest new freelancers this week?', ada);
    const replies = posts(s, DM_CHANNEL_ID).map(text);
    expect(replies).toEqual([
      'Admin accounts are not served on Discord; use the admin Slack workspace.',
      'Admin accounts are not served on Discord; use the admin Slack workspace.',
    ]);
    expect(s.fake.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
  });

  it("answers a linked user's mention: a reply on the REST API, edited as the answer streams", async () => {
    const created = await s.rt.dispatcher.call<{ id: string }>({
      actor: s.client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput({ title: 'Discord launch landing page' }),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    s.fake.clear();
    await mention(s, 'show my projects');
    expect(s.fake.of('POST', new RegExp(`^/channels/${CHANNEL_ID}/typing$`))).toHaveLength(1);
    const replies = posts(s);
    expect(replies).toHaveLength(1);
    const replyEdits = s.fake.calls.filter((c) => c.method === 'PATCH');
    expect(replyEdits.length).toBeGreaterThan(1);
    const id = replyEdits[0]?.path.split('/').at(-1);
    expect(replyEdits.every((c) => c.path === `/channels/${CHANNEL_ID}/messages/${id}`)).toBe(true);
    // While streaming the text grows and ends in "…"; the last edit is the whole answer with the result embed.
    expect(text(replies[0])).toMatch(/…$/);
    const final = replyEdits.at(-1);
    expect(text(final)).not.toMatch(/…$/);
    expect(text(final).length).toBeGreaterThan(text(replies[0]).length - 2);
    expect(JSON.stringify(final?.body.embeds)).toContain('Discord launch landing page');
  });

  it('answers a DM, and /megilance projects privately (deferred, then the reply edited)', async () => {
    s.fake.clear();
    await dm(s, 'show my projects');
    expect(posts(s, DM_CHANNEL_ID)).toHaveLength(1);
    expect(text(s.fake.calls.filter((c) => c.method === 'PATCH').at(-1))).toContain(
      'Discord launch landing page',
    );

    s.fake.clear();
    await slash(s, 'projects');
    expect(s.fake.of('POST', /\/callback$/)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const last = edits(s).at(-1);
    expect(last?.path).toMatch(new RegExp(`^/webhooks/${APP_ID}/tok-\\d+/messages/@original$`));
    expect(JSON.stringify(last?.body.embeds)).toContain('Discord launch landing page');

    s.fake.clear();
    await slash(s, 'ask', [{ name: 'text', type: 3, value: 'show my projects' }]);
    expect(text(edits(s).at(-1))).toContain('Discord launch landing page');
  });

  it('POST /discord/interactions: Ed25519-verified; PING, a slash command and button presses over HTTP', async () => {
    const post = (payload: unknown, over: { ts?: number; sig?: string } = {}) => {
      const body = JSON.stringify(payload);
      const ts = String(over.ts ?? Math.floor(s.env.clock.now().getTime() / 1000));
      return s.app.inject({
        method: 'POST',
        url: '/discord/interactions',
        payload: body,
        headers: {
          'content-type': 'application/json',
          'x-signature-timestamp': ts,
          'x-signature-ed25519':
            over.sig ?? sign(null, Buffer.from(ts + body), keys.privateKey).toString('hex'),
        },
      });
    };
    const base = {
      application_id: APP_ID,
      version: 1,
      channel: { id: CHANNEL_ID, type: 0 },
      member: { user: CLARA, roles: [] },
    };
    expect((await post({ ...base, id: '1', token: 't1', type: 1 })).json()).toEqual({ type: 1 });
    const forged = await post({ ...base, id: '1', token: 't1', type: 1 }, { sig: 'ab'.repeat(64) });
    expect(forged.statusCode).toBe(401);
    const stale = await post({ ...base, id: '1', token: 't1', type: 1 }, { ts: 1_700_000_000 });
    expect(stale.statusCode).toBe(401);

    s.fake.clear();
    const command = await post({
      ...base,
      id: '2',
      token: 'http-tok-2',
      type: 2,
      data: { id: '900', name: 'megilance', type: 1, options: [{ name: 'projects', type: 1 }] },
    });
    expect(command.json()).toEqual({ type: 5, data: { flags: 64 } });
    await s.app.discord?.bot.idle();
    const edited = s.fake.of('PATCH', new RegExp(`^/webhooks/${APP_ID}/http-tok-2/messages/@original$`));
    expect(JSON.stringify(edited.at(-1)?.body.embeds)).toContain('Discord launch landing page');

    // Someone else's press is refused privately, in the HTTP answer; the requester's is deferred, then edited.
    const button = (user: typeof CLARA, token: string) =>
      post({
        ...base,
        id: '3',
        token,
        type: 3,
        member: { user, roles: [] },
        data: { custom_id: `megilance:confirm:act_missing:${CLARA.id}`, component_type: 2 },
        message: { id: '77', channel_id: CHANNEL_ID, content: 'x', embeds: [], components: [] },
      });
    const refused = (await button(MALLORY, 'http-tok-3')).json();
    expect(refused).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(refused.data.content).toContain(`Only <@${CLARA.id}>`);
    s.fake.clear();
    expect((await button(CLARA, 'http-tok-4')).json()).toEqual({ type: 6 });
    await s.app.discord?.bot.idle();
    const outcome = s.fake.of('PATCH', /^\/webhooks\/\d+\/http-tok-4\/messages\/@original$/);
    expect(outcome).toHaveLength(1);
    expect(outcome[0]?.body.content).toBeUndefined(); // the message keeps its text
    expect(JSON.stringify(outcome[0]?.body.embeds)).toMatch(/⛔.*NOT_FOUND/);
  });
});

describe('Discord: Confirm / Cancel buttons on a pending action', () => {
  let s: Setup;
  let projectId = '';
  const callTool = (name: string, args: Record<string, unknown>) =>
    new AIMessage({ content: '', tool_calls: [{ id: `call_${name}`, name, args, type: 'tool_call' }] });

  beforeAll(async () => {
    s = await setup((rt, env) =>
      createCopilot(rt, {
        // The model proposes cancelling the project (held for confirmation), then says so.
        model: fakeModel()
          .respond(() => callTool('cancel_project', { projectId }))
          .respond(new AIMessage('Press Confirm to cancel it.')),
        clock: env.clock.now,
      }),
    );
    const created = await s.rt.dispatcher.call<{ id: string }>({
      actor: s.client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput({ title: 'Project to cancel from Discord' }),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    projectId = created.data.id;
    const code = await linkCode(s, s.client);
    await dm(s, `link ${code}`);
  });
  afterAll(() => teardown(s));

  const status = async () =>
    (await one<{ status: string }>(s.rt.db.reader, 'SELECT status FROM projects WHERE id = ?', [projectId]))
      ?.status;

  it('only the requester can press; their Confirm runs the action through the dispatcher once', async () => {
    s.fake.clear();
    await mention(s, 'cancel my project');
    const reply = posts(s)[0];
    const messageId =
      s.fake.calls
        .find((c) => c.method === 'PATCH')
        ?.path.split('/')
        .at(-1) ?? '';
    const message = s.fake.message(messageId);
    expect(message?.content).toBe('Press Confirm to cancel it.');
    expect(reply).toBeDefined();
    const buttons = message?.components?.[0]?.components as { custom_id: string; label: string }[];
    expect(buttons.map((b) => b.label)).toEqual(['Confirm', 'Cancel']);
    const confirm = buttons[0]?.custom_id ?? '';
    expect(confirm).toMatch(new RegExp(`^megilance:confirm:act_\\w+:${CLARA.id}$`));
    expect(JSON.stringify(message?.embeds)).toContain('Waiting for your confirmation');
    expect(await status()).toBe('open');

    const press = (user: typeof CLARA) =>
      deliver(s, Events.InteractionCreate, () =>
        s.fake.interaction({
          user,
          type: 3,
          data: { custom_id: confirm, component_type: 2 },
          message: s.fake.message(messageId) ?? {},
        }),
      );

    s.fake.clear();
    await press(MALLORY);
    const refused = s.fake.of('POST', /\/callback$/)[0];
    expect(refused?.body).toMatchObject({ type: 4, data: { flags: 64 } }); // an ephemeral reply
    expect(refused?.body.data.content).toContain(`Only <@${CLARA.id}>`);
    expect(edits(s)).toEqual([]);
    expect(await status()).toBe('open');

    s.fake.clear();
    await press(CLARA);
    expect(s.fake.of('POST', /\/callback$/)[0]?.body).toMatchObject({ type: 6 }); // deferred update
    expect(await status()).toBe('cancelled');
    const updated = edits(s).at(-1);
    expect(updated?.path).toMatch(/^\/webhooks\/\d+\/tok-\d+\/messages\/@original$/);
    expect(updated?.body.components).toEqual([]);
    expect(JSON.stringify(updated?.body.embeds)).toContain(`Confirmed by <@${CLARA.id}>`);
    const runs = await all(
      s.rt.db.reader,
      `SELECT channel, actor_id AS actorId FROM audit_log
        WHERE tool = 'cancel_project' AND outcome = 'OK' AND pending_action_id IS NOT NULL`,
    );
    expect(runs).toEqual([{ channel: 'discord', actorId: s.client.actor.id }]);

    // A second press (a stale copy of the message) changes nothing and says why.
    s.fake.clear();
    await press(CLARA);
    expect(JSON.stringify(edits(s).at(-1)?.body.embeds)).toContain('⛔');
    expect(await status()).toBe('cancelled');
  });
});

describe('Discord: started and stopped with the server', () => {
  it('buildApp connects the bot when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set, and closes it', async () => {
    const env = await testEnv('file');
    const fake = new FakeDiscord(TOKEN);
    await fake.start();
    try {
      const base = env.rt.config;
      const off = await buildApp(env.rt);
      await off.ready();
      expect(off.discord).toBeUndefined();
      await off.close();

      const rt = {
        ...env.rt,
        config: {
          ...base,
          DISCORD_TOKEN: TOKEN,
          DISCORD_APPLICATION_ID: APP_ID,
          DISCORD_API_URL: fake.apiUrl,
        },
      };
      const app = await buildApp(rt, { clock: env.clock.now });
      await app.ready();
      await app.discord?.started();
      expect(fake.connections).toBe(1);
      expect(fake.of('PUT', /\/commands$/)).toHaveLength(1);
      await app.close();
      await expect.poll(() => fake.connections).toBe(0);
    } finally {
      await fake.stop();
      await env.close();
    }
  });
});
