import { App, Assistant, type Receiver, type webApi } from '@slack/bolt';
import type { Copilot } from '../../agents/copilot';
import type { Runtime } from '../../runtime';
import type { Role } from '../../tools/define';
import type { Logger } from '../../tools/dispatcher';
import { type ChannelLinking, parseLinkCommand, refusal } from '../linking';
import {
  type Block,
  type ButtonValue,
  CANCEL_ACTION,
  CONFIRM_ACTION,
  esc,
  pendingActionBlocks,
  resolvedBlocks,
  resultBlocks,
  textBlocks,
} from './blocks';
import { SlackAnswer } from './stream';

export interface SlackBotOptions {
  rt: Runtime;
  copilot: Copilot;
  linking: ChannelLinking;
  /** A receiver (HTTP on Fastify); without one, Socket Mode with SLACK_APP_TOKEN. */
  receiver?: Receiver;
  /** Minimum time between two `chat.update` calls of one streamed answer. */
  updateIntervalMs?: number;
  log?: Logger;
}

const SUGGESTED: Record<Role, { title: string; message: string }[]> = {
  client: [
    { title: 'Post a project', message: 'Draft a project from my brief: ' },
    { title: 'My projects', message: 'Show my projects' },
    { title: 'Who should I hire?', message: 'Who are the best freelancers for my latest project?' },
  ],
  freelancer: [
    { title: 'Find work', message: 'Find open projects that fit my skills' },
    { title: 'My proposals', message: 'Show my proposals' },
    { title: 'My contracts', message: 'Show my active contracts' },
  ],
  admin: [
    { title: 'Riskiest new freelancers', message: 'Who are the riskiest new freelancers this week?' },
    { title: 'Fraud overview', message: 'Give me the fraud overview for the last 30 days' },
    { title: 'Platform KPIs', message: 'Show the platform KPIs' },
  ],
};

const HELP =
  '*MegiLance copilot*\n' +
  '• Mention me in a channel or DM me to ask anything about your projects, proposals and contracts.\n' +
  '• `/megilance QUESTION` asks privately; `/megilance link CODE` links your account.';

/** Where one answer goes and who asked: the same for assistant threads, mentions, DMs and slash commands. */
interface Ask {
  teamId: string;
  slackUser: string;
  channel: string;
  /** Reply in this thread (undefined: top level, as in a plain DM). */
  threadTs: string | undefined;
  /** The copilot thread: one conversation per Slack thread (or DM). */
  threadId: string;
  text: string;
  client: webApi.WebClient;
  setStatus?: (status: string) => Promise<unknown>;
}

/**
 * The Slack surface of the copilot, on Bolt: the AI-app assistant threads, mentions in channels (answered in
 * thread), DMs, `/megilance`, and Confirm / Cancel buttons. Only translation: the copilot and the dispatcher
 * decide everything.
 */
export function createSlackBot(opts: SlackBotOptions): App {
  const { rt, copilot, linking } = opts;
  const cfg = rt.config;
  const app = new App({
    token: cfg.SLACK_BOT_TOKEN,
    ...(opts.receiver
      ? { receiver: opts.receiver }
      : { socketMode: true, appToken: cfg.SLACK_APP_TOKEN, signingSecret: cfg.SLACK_SIGNING_SECRET }),
    ...(cfg.SLACK_API_URL ? { clientOptions: { slackApiUrl: cfg.SLACK_API_URL } } : {}),
    ignoreSelf: true,
  });
  const interval = opts.updateIntervalMs ?? 1000;

  const answer = async (ask: Ask): Promise<void> => {
    const who = await linking.resolve({
      platform: 'slack',
      teamId: ask.teamId,
      externalUserId: ask.slackUser,
    });
    const reply = (text: string) =>
      ask.client.chat.postMessage({
        channel: ask.channel,
        text,
        ...(ask.threadTs ? { thread_ts: ask.threadTs } : {}),
      });
    const code = parseLinkCommand(ask.text);
    if (code) {
      const r = await linking.redeem(
        { platform: 'slack', teamId: ask.teamId, externalUserId: ask.slackUser },
        code,
      );
      await reply(
        r.ok ? `Linked: you are *${esc(r.actor.displayName)}* (${r.actor.role}) on MegiLance.` : r.message,
      );
      return;
    }
    if (who.kind !== 'linked') {
      await reply(refusal(who, 'slack'));
      return;
    }
    await ask.setStatus?.('is working on it…').catch(() => undefined);
    const out = new SlackAnswer(ask.client, ask.channel, ask.threadTs, interval);
    const extra: Block[] = [];
    for await (const e of copilot.runTurn({
      actor: who.actor,
      channel: 'slack',
      threadId: ask.threadId,
      text: ask.text,
    })) {
      if (e.type === 'text') out.append(e.delta);
      else if (e.type === 'tool_start') await ask.setStatus?.(`is running ${e.tool}…`).catch(() => undefined);
      else if (e.type === 'tool_result' && e.ok) extra.push(...(resultBlocks(e.tool, e.data) ?? []));
      else if (e.type === 'confirmation_required')
        extra.push(...pendingActionBlocks(e, ask.slackUser, ask.threadId));
      else if (e.type === 'error') out.append(`\n:warning: ${e.error.message}`);
    }
    await out.finish(extra);
  };

  const guard = (p: Promise<unknown>) =>
    p.catch((err) => opts.log?.error({ err }, 'slack: could not answer'));

  app.assistant(
    new Assistant({
      threadStarted: async ({ event, setSuggestedPrompts, say, body }) => {
        const teamId = (body as { team_id?: string }).team_id ?? '';
        const who = await linking.resolve({
          platform: 'slack',
          teamId,
          externalUserId: event.assistant_thread.user_id,
        });
        if (who.kind !== 'linked') {
          await say(refusal(who, 'slack'));
          return;
        }
        await say(`Hi ${who.actor.displayName}, what can I do for you?`);
        await setSuggestedPrompts({ prompts: SUGGESTED[who.actor.role], title: 'Try one of these' });
      },
      userMessage: async ({ message, client, setStatus, setTitle, body }) => {
        const m = message as {
          user?: string;
          text?: string;
          channel: string;
          thread_ts?: string;
          ts: string;
        };
        if (!m.user || !m.text) return;
        const teamId = (body as { team_id?: string }).team_id ?? '';
        const threadTs = m.thread_ts ?? m.ts;
        await setTitle(m.text.slice(0, 60)).catch(() => undefined);
        await guard(
          answer({
            teamId,
            slackUser: m.user,
            channel: m.channel,
            threadTs,
            threadId: `${teamId}:${m.channel}:${threadTs}`,
            text: m.text,
            client,
            setStatus,
          }),
        );
      },
    }),
  );

  app.event('app_mention', async ({ event, client, body }) => {
    if (!event.user) return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const threadTs = event.thread_ts ?? event.ts;
    const text = event.text.replace(/<@[A-Z0-9]+>/g, '').trim();
    await guard(
      answer({
        teamId,
        slackUser: event.user,
        channel: event.channel,
        threadTs,
        threadId: `${teamId}:${event.channel}:${threadTs}`,
        text: text || 'help',
        client,
      }),
    );
  });

  // Plain DMs (outside an assistant thread, which the Assistant above answers).
  app.message(async ({ message, client, body }) => {
    const m = message as {
      user?: string;
      text?: string;
      channel: string;
      channel_type?: string;
      thread_ts?: string;
      subtype?: string;
      bot_id?: string;
    };
    if (m.channel_type !== 'im' || m.subtype || m.bot_id || !m.user || !m.text || m.thread_ts) return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    await guard(
      answer({
        teamId,
        slackUser: m.user,
        channel: m.channel,
        threadTs: undefined,
        threadId: `${teamId}:${m.channel}`,
        text: m.text,
        client,
      }),
    );
  });

  app.command('/megilance', async ({ command, ack, client }) => {
    const text = command.text.trim();
    if (!text || text === 'help') {
      await ack({ response_type: 'ephemeral', text: HELP });
      return;
    }
    await ack({ response_type: 'ephemeral', text: parseLinkCommand(text) ? 'Linking…' : 'Working on it…' });
    await guard(
      answer({
        teamId: command.team_id,
        slackUser: command.user_id,
        channel: command.channel_id,
        threadTs: undefined,
        threadId: `${command.team_id}:${command.channel_id}:command`,
        text,
        client,
      }),
    );
  });

  app.action(new RegExp(`^(${CONFIRM_ACTION}|${CANCEL_ACTION})$`), async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const presser = body.user.id;
    const teamId = body.team?.id ?? '';
    const channel = body.channel?.id ?? body.container?.channel_id;
    let v: ButtonValue;
    try {
      v = JSON.parse(action.value ?? '') as ButtonValue;
    } catch {
      return;
    }
    const tell = (text: string) =>
      channel ? client.chat.postEphemeral({ channel, user: presser, text }) : Promise.resolve();
    if (presser !== v.u) {
      await tell(`Only <@${v.u}> can confirm or cancel this action.`);
      return;
    }
    const who = await linking.resolve({ platform: 'slack', teamId, externalUserId: presser });
    if (who.kind !== 'linked') {
      await tell(refusal(who, 'slack'));
      return;
    }
    const req = { actor: who.actor, channel: 'slack', threadId: v.th, actionId: v.a };
    const confirm = (action as { action_id: string }).action_id === CONFIRM_ACTION;
    const result = confirm ? await copilot.confirmFromChannel(req) : await copilot.cancelFromChannel(req);
    const outcome = result.ok
      ? confirm
        ? `:white_check_mark: Confirmed by <@${presser}>: done.`
        : `:x: Cancelled by <@${presser}>: nothing was done.`
      : `:no_entry: ${esc(result.error.message)} (${result.error.code})`;
    const msg = body.message as { ts?: string; text?: string; blocks?: Block[] } | undefined;
    if (channel && msg?.ts) {
      await client.chat.update({
        channel,
        ts: msg.ts,
        text: msg.text ?? outcome,
        blocks: resolvedBlocks(msg.blocks, v.a, outcome),
      });
    } else await tell(outcome);
    if (result.ok && confirm) {
      const blocks = resultBlocks('', result.data);
      if (blocks && channel)
        await client.chat.postMessage({
          channel,
          text: outcome,
          blocks: [...textBlocks(outcome), ...blocks],
        });
    }
  });

  app.error(async (err) => {
    opts.log?.error({ err }, 'slack: listener failed');
  });
  return app;
}
