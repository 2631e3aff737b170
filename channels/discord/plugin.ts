import type { APIInteraction } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Copilot, createCopilot } from '../../agents/copilot';
import type { Runtime } from '../../runtime';
import type { Logger } from '../../tools/dispatcher';
import { ChannelLinking } from '../linking';
import { DiscordBot } from './bot';
import { discordPublicKey, verifyDiscordRequest } from './verify';

export interface DiscordPluginOptions {
  rt: Runtime;
  /** Default: `createCopilot(rt)`. */
  copilot?: Copilot;
  clock?: () => Date;
  /** Minimum time between two edits of a streamed answer (default 1000 ms). */
  editIntervalMs?: number;
  log?: Logger;
}

/** What the server exposes to tests and shutdown. */
export interface DiscordChannel {
  bot: DiscordBot;
  /** Settles when the bot is connected (or failed to: the error is logged and the HTTP API keeps serving). */
  started(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    discord?: DiscordChannel;
  }
}

/**
 * Runs the Discord gateway bot with the server when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set: it
 * connects once the server is ready (without holding the HTTP API back) and disconnects when it closes.
 * With DISCORD_PUBLIC_KEY as well, interactions are also taken over HTTP at /discord/interactions.
 */
async function discordPlugin(app: FastifyInstance, opts: DiscordPluginOptions): Promise<void> {
  const { rt } = opts;
  const cfg = rt.config;
  if (!cfg.DISCORD_TOKEN || !cfg.DISCORD_APPLICATION_ID) return;
  const log = opts.log ?? app.log;
  const clock = opts.clock ?? (() => new Date());
  const copilot = opts.copilot ?? createCopilot(rt, opts.clock ? { clock: opts.clock } : {});
  // No admin workspace on Discord: linked admin accounts are refused there (see ChannelLinking.resolve).
  const linking = new ChannelLinking(rt.db, opts.clock ? { clock: opts.clock } : {});
  const bot = new DiscordBot({
    rt,
    copilot,
    linking,
    log,
    ...(opts.editIntervalMs !== undefined ? { editIntervalMs: opts.editIntervalMs } : {}),
  });
  let starting: Promise<void> | undefined;
  app.decorate('discord', { bot, started: () => starting ?? Promise.reject(new Error('not started')) });
  app.addHook('onReady', async () => {
    starting = bot.start();
    starting.catch((err) => log.error({ err }, 'discord: could not connect'));
  });
  app.addHook('onClose', async () => {
    await starting?.catch(() => undefined);
    await bot.stop();
  });
  if (cfg.DISCORD_PUBLIC_KEY)
    await app.register(interactionsRoute, { bot, key: cfg.DISCORD_PUBLIC_KEY, clock });
}

/**
 * POST /discord/interactions, for an application whose Interactions Endpoint URL points here: Discord then
 * sends slash commands and button presses over HTTP instead of the gateway. Verified, answered at once
 * (PONG, a private refusal or a deferral), the work finished after.
 */
async function interactionsRoute(
  scope: FastifyInstance,
  opts: { bot: DiscordBot; key: string; clock: () => Date },
): Promise<void> {
  const key = discordPublicKey(opts.key);
  // The signature covers the exact bytes: keep the body as a string and parse it after verifying.
  scope.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );
  scope.post('/discord/interactions', async (req, reply) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const verdict = verifyDiscordRequest(
      key,
      { timestamp: header('x-signature-timestamp'), signature: header('x-signature-ed25519') },
      raw,
      opts.clock(),
    );
    if (!verdict.ok)
      return reply.code(401).send({ error: { code: 'UNAUTHENTICATED', message: verdict.reason } });
    let body: APIInteraction;
    try {
      body = JSON.parse(raw) as APIInteraction;
    } catch {
      return reply.code(400).send({ error: { code: 'VALIDATION', message: 'Unreadable interaction.' } });
    }
    return reply.send(await opts.bot.http(body));
  });
}

export const discordChannel = fp(discordPlugin, { name: 'megilance-discord', fastify: '5.x' });
