import { once } from 'node:events';
import {
  type APIEmbed,
  type APIInteraction,
  type APIInteractionResponse,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  InteractionResponseType,
  InteractionType,
  type Message,
  MessageFlags,
  Partials,
  Routes,
} from 'discord.js';
import type { Copilot } from '../../agents/copilot';
import type { Runtime } from '../../runtime';
import type { Actor } from '../../tools/define';
import type { Logger } from '../../tools/dispatcher';
import { type ChannelLinking, type ChannelUser, parseLinkCommand, refusal } from '../linking';
import { COMMAND, commandDefinitions, PRESETS } from './commands';
import {
  type ButtonRow,
  type ButtonTarget,
  md,
  parseButtonId,
  pendingAction,
  resolvedMessage,
  resultEmbeds,
} from './embeds';
import { type AnswerBody, type AnswerTarget, DiscordAnswer } from './stream';

export interface DiscordBotOptions {
  rt: Runtime;
  copilot: Copilot;
  linking: ChannelLinking;
  /** Minimum time between two edits of one streamed answer (Discord allows about 5 edits / 5 s per channel). */
  editIntervalMs?: number;
  /** How long `stop` waits for answers still being written. */
  drainMs?: number;
  log?: Logger;
}

const HELP =
  '**MegiLance copilot**\n' +
  '• Mention me in a channel or DM me to ask anything about your projects, proposals and contracts.\n' +
  '• `/megilance ask`, `/megilance projects`, `/megilance proposals`, `/megilance contracts` answer privately.\n' +
  '• `/megilance link CODE` (or DM me `link CODE`) links your MegiLance account.';

const EPHEMERAL = MessageFlags.Ephemeral;

/** Who asked, where the answer goes, and the copilot thread (one per Discord channel and person). */
interface Ask {
  userId: string;
  threadId: string;
  text: string;
  target: AnswerTarget;
  typing?: () => Promise<unknown>;
}

/**
 * The Discord surface of the copilot, on a discord.js gateway client: mentions in guild channels, DMs,
 * `/megilance …` slash commands (registered at start) and Confirm / Cancel buttons. Only translation: the
 * copilot and the dispatcher decide everything.
 */
export class DiscordBot {
  readonly client: Client;
  private readonly inflight = new Set<Promise<void>>();
  private readonly interval: number;

  constructor(private readonly opts: DiscordBotOptions) {
    const cfg = opts.rt.config;
    this.interval = opts.editIntervalMs ?? 1000;
    this.client = new Client({
      // Mentions and DMs carry their content without the privileged Message Content intent.
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      // DM channels are not cached before their first message: without this, DMs are dropped.
      partials: [Partials.Channel],
      // Nobody gets pinged by what the model writes.
      allowedMentions: { parse: [], repliedUser: false },
      ...(cfg.DISCORD_API_URL ? { rest: { api: cfg.DISCORD_API_URL } } : {}),
    });
    this.client.on(Events.MessageCreate, (m) => this.track(this.onMessage(m)));
    this.client.on(Events.InteractionCreate, (i) => this.track(this.onInteraction(i)));
    this.client.on(Events.Error, (err) => opts.log?.error({ err }, 'discord: client error'));
  }

  /** Registers the slash commands through the REST API, then connects to the gateway; resolves when ready. */
  async start(): Promise<void> {
    const { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: appId } = this.opts.rt.config;
    if (!token || !appId) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID are required');
    this.client.rest.setToken(token);
    await this.client.rest.put(Routes.applicationCommands(appId), { body: commandDefinitions() });
    const ready = once(this.client, Events.ClientReady);
    await this.client.login(token);
    await ready;
    this.opts.log?.info(`discord: connected as ${this.client.user?.tag ?? '?'}`);
  }

  /** Resolves when every message and interaction taken so far has been fully handled. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Lets answers in progress finish (up to `drainMs`), then closes the gateway connection. */
  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.idle(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.opts.drainMs ?? 10_000);
      }),
    ]);
    clearTimeout(timer);
    await this.client.destroy();
  }

  private track(p: Promise<void>): void {
    const work = p
      .catch((err) => this.opts.log?.error({ err }, 'discord: could not answer'))
      .finally(() => this.inflight.delete(work));
    this.inflight.add(work);
  }

  private async onMessage(m: Message): Promise<void> {
    const me = this.client.user;
    if (!me || m.author.bot || m.system) return;
    // "@MegiLance" can resolve to the bot's managed role instead of its user: both count as a mention.
    const roles = m.mentions.roles.filter((r) => r.tags?.botId === me.id).map((r) => r.id);
    if (m.inGuild() && !m.mentions.users.has(me.id) && roles.length === 0) return;
    const ours = new RegExp(`<@!?${me.id}>|${roles.map((id) => `<@&${id}>`).join('|') || '$^'}`, 'g');
    const text = m.content.replace(ours, '').trim();
    const channel = m.channel;
    await this.answer({
      userId: m.author.id,
      threadId: m.channelId,
      text,
      target: {
        post: async (body) => {
          const sent = await m.reply(body);
          return (next) => sent.edit(next);
        },
        followUp: (body) => (channel.isSendable() ? channel.send(body) : Promise.resolve()),
      },
      ...(channel.isSendable() ? { typing: () => channel.sendTyping() } : {}),
    });
  }

  private async onInteraction(i: Interaction): Promise<void> {
    if (i.isChatInputCommand() && i.commandName === COMMAND) return this.onCommand(i);
    if (i.isButton()) {
      const b = parseButtonId(i.customId);
      if (b) return this.onButton(i, b);
    }
  }

  private async onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const call: CommandCall = {
      sub: i.options.getSubcommand(false) ?? 'help',
      text: i.options.getString('text') ?? '',
      code: i.options.getString('code') ?? '',
      userId: i.user.id,
      channelId: i.channelId,
    };
    if (call.sub === 'help') {
      await i.reply({ content: HELP, flags: EPHEMERAL });
      return;
    }
    await i.deferReply({ flags: EPHEMERAL });
    await this.command(call, {
      post: async (body) => {
        await i.editReply(body);
        return (next) => i.editReply(next);
      },
      followUp: (body) => i.followUp({ ...body, flags: EPHEMERAL }),
    });
  }

  /** `/megilance <sub>` after the deferred (private) reply: link, a preset question, or `ask`. */
  private async command(call: CommandCall, target: AnswerTarget): Promise<void> {
    try {
      if (call.sub === 'link') return await this.link(call.userId, call.code.trim(), target);
      const preset = PRESETS[call.sub];
      await this.answer({ userId: call.userId, threadId: call.channelId, text: call.text, preset, target });
    } catch (err) {
      // Otherwise the deferred reply would say "thinking…" until its token expires.
      await target.post({ content: '⚠️ Something went wrong on our side; try again.' }).catch(() => undefined);
      throw err;
    }
  }

  private async answer(ask: Ask & { preset?: { client: string; freelancer: string } | undefined }) {
    const post = (content: string) => ask.target.post({ content });
    const code = parseLinkCommand(ask.text);
    if (code) return this.link(ask.userId, code, ask.target);
    if (!ask.preset && (!ask.text || /^help$/i.test(ask.text))) return void (await post(HELP));
    const who = await this.opts.linking.resolve(discordUser(ask.userId));
    if (who.kind !== 'linked') return void (await post(refusal(who, 'discord')));
    const { actor } = who;
    const text = ask.preset
      ? actor.role === 'freelancer'
        ? ask.preset.freelancer
        : ask.preset.client
      : ask.text;
    await ask.typing?.().catch(() => undefined);
    const out = new DiscordAnswer(ask.target, this.interval);
    const embeds: APIEmbed[] = [];
    const rows: ButtonRow[] = [];
    for await (const e of this.opts.copilot.runTurn({
      actor,
      channel: 'discord',
      threadId: ask.threadId,
      text,
    })) {
      if (e.type === 'text') out.append(e.delta);
      else if (e.type === 'tool_result' && e.ok) embeds.push(...(resultEmbeds(e.tool, e.data) ?? []));
      else if (e.type === 'confirmation_required') {
        const p = pendingAction(e, ask.userId);
        embeds.push(p.embed);
        rows.push(p.row);
      } else if (e.type === 'error') out.append(`\n⚠️ ${e.error.message}`);
    }
    await out.finish(embeds, rows);
  }

  private async link(userId: string, code: string, target: AnswerTarget): Promise<void> {
    const r = await this.opts.linking.redeem(discordUser(userId), code);
    await target.post({
      content: r.ok
        ? `Linked: you are **${md(r.actor.displayName)}** (${r.actor.role}) on MegiLance.`
        : r.message,
    });
  }

  private async onButton(i: ButtonInteraction, b: ButtonTarget): Promise<void> {
    const gate = await this.gate(b, i.user.id);
    if ('refused' in gate) {
      await i.reply({ content: gate.refused, flags: EPHEMERAL });
      return;
    }
    await i.deferUpdate();
    const ephemeral = i.message.flags.has(EPHEMERAL);
    await this.press(
      b,
      gate.actor,
      {
        embeds: i.message.embeds.map((e) => e.toJSON()),
        rows: i.message.components.map((c) => c.toJSON()).filter(isButtonRow),
      },
      {
        edit: (body) => i.editReply(body),
        followUp: (body) => i.followUp({ ...body, ...(ephemeral ? { flags: EPHEMERAL } : {}) }),
      },
    );
  }

  /** Only the person who asked may press, and only while linked. */
  private async gate(b: ButtonTarget, presser: string): Promise<{ actor: Actor } | { refused: string }> {
    if (presser !== b.requester)
      return { refused: `Only <@${b.requester}> can confirm or cancel this action.` };
    const who = await this.opts.linking.resolve(discordUser(presser));
    return who.kind === 'linked' ? { actor: who.actor } : { refused: refusal(who, 'discord') };
  }

  /**
   * Confirm / Cancel straight to the pending action (never through the model); the message then shows the
   * outcome instead of the buttons, and a confirmed result worth showing follows as embeds.
   */
  private async press(
    b: ButtonTarget,
    actor: Actor,
    message: { embeds: APIEmbed[]; rows: ButtonRow[] },
    reply: {
      edit: (body: Partial<AnswerBody>) => Promise<unknown>;
      followUp: (body: AnswerBody) => Promise<unknown>;
    },
  ): Promise<void> {
    const { copilot } = this.opts;
    const result = b.confirm
      ? await copilot.confirmAction(actor, b.actionId, 'discord')
      : await copilot.cancelAction(actor, b.actionId, 'discord');
    const text = result.ok
      ? b.confirm
        ? `✅ Confirmed by <@${b.requester}>: done.`
        : `❌ Cancelled by <@${b.requester}>: nothing was done.`
      : `⛔ ${result.error.message} (${result.error.code})`;
    const resolved = resolvedMessage(message.embeds, message.rows, b.actionId, { ok: result.ok, text });
    // The message keeps its text; only the embeds and buttons change.
    await reply.edit(resolved);
    if (result.ok && b.confirm) {
      const more = resultEmbeds('', result.data);
      if (more) await reply.followUp({ content: text, embeds: more });
    }
  }

  /**
   * An interaction Discord POSTed to /discord/interactions (signature already verified): the immediate
   * answer (PONG, a private refusal, or a deferral whose work continues in the background, like the gateway's).
   */
  async http(body: APIInteraction): Promise<APIInteractionResponse> {
    if (body.type === InteractionType.Ping) return { type: InteractionResponseType.Pong };
    const userId = body.member?.user.id ?? body.user?.id ?? '';
    const channelId = body.channel?.id ?? '';
    const privately = (content: string): APIInteractionResponse => ({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content, flags: EPHEMERAL, allowed_mentions: { parse: [] } },
    });
    const target = this.webhookTarget(body.token);
    if (
      body.type === InteractionType.ApplicationCommand &&
      body.data.name === COMMAND &&
      'options' in body.data
    ) {
      const sub = body.data.options?.[0];
      const opts = sub && 'options' in sub ? (sub.options ?? []) : [];
      const value = (name: string) => {
        const o = opts.find((x) => x.name === name);
        return o && 'value' in o ? String(o.value) : '';
      };
      const call: CommandCall = {
        sub: sub?.name ?? 'help',
        text: value('text'),
        code: value('code'),
        userId,
        channelId,
      };
      if (call.sub === 'help') return privately(HELP);
      this.track(this.command(call, target));
      return { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: EPHEMERAL } };
    }
    if (body.type === InteractionType.MessageComponent) {
      const b = parseButtonId(body.data.custom_id);
      if (!b) return { type: InteractionResponseType.DeferredMessageUpdate };
      const gate = await this.gate(b, userId);
      if ('refused' in gate) return privately(gate.refused);
      const message = {
        embeds: body.message.embeds,
        rows: (body.message.components ?? []).filter(isButtonRow),
      };
      this.track(
        this.press(b, gate.actor, message, {
          edit: (next) => this.webhookEdit(body.token, next),
          followUp: target.followUp,
        }),
      );
      return { type: InteractionResponseType.DeferredMessageUpdate };
    }
    return privately('This interaction is not supported.');
  }

  /** Replies to an interaction through its webhook (its token is the credential, valid 15 minutes). */
  private webhookTarget(token: string): AnswerTarget {
    const appId = this.opts.rt.config.DISCORD_APPLICATION_ID ?? '';
    const edit = (body: AnswerBody) => this.webhookEdit(token, body);
    return {
      post: async (body) => {
        await edit(body);
        return edit;
      },
      followUp: (body) =>
        this.client.rest.post(Routes.webhook(appId, token), {
          body: { ...wire(body), flags: EPHEMERAL },
          auth: false,
        }),
    };
  }

  private webhookEdit(token: string, body: Partial<AnswerBody>): Promise<unknown> {
    const appId = this.opts.rt.config.DISCORD_APPLICATION_ID ?? '';
    return this.client.rest.patch(Routes.webhookMessage(appId, token, '@original'), {
      body: wire(body),
      auth: false,
    });
  }
}

interface CommandCall {
  sub: string;
  text: string;
  code: string;
  userId: string;
  channelId: string;
}

/** An answer as the REST API takes it (discord.js does this for messages it sends itself). */
function wire(body: Partial<AnswerBody>) {
  return {
    ...(body.content !== undefined ? { content: body.content } : {}),
    ...(body.embeds ? { embeds: body.embeds } : {}),
    ...(body.components ? { components: body.components } : {}),
    allowed_mentions: { parse: [] },
  };
}

const discordUser = (id: string): ChannelUser => ({ platform: 'discord', teamId: '', externalUserId: id });

function isButtonRow(c: unknown): c is ButtonRow {
  return typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 1;
}
