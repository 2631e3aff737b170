import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Copilot, createCopilot } from '../../agents/copilot';
import { claimChannelEvent } from '../../db/queries/channels';
import type { Runtime } from '../../runtime';
import { ChannelLinking } from '../linking';
import { createSlackBot } from './bot';
import { verifySlackRequest } from './verify';

export interface SlackPluginOptions {
  rt: Runtime;
  /** Default: `createCopilot(rt)`. */
  copilot?: Copilot;
  clock?: () => Date;
  /** Minimum time between two updates of a streamed answer (default 1000 ms). */
  updateIntervalMs?: number;
  /** How long a request may wait for Bolt's ack before we answer 200 ourselves (Slack allows 3 s). */
  ackTimeoutMs?: number;
}

/** What the route exposes to tests and shutdown: the Bolt app and the work still running after the ack. */
export interface SlackChannel {
  bolt: App;
  /** Resolves when every event taken so far has been fully handled. */
  idle(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    slack?: SlackChannel;
  }
}

/**
 * Bolt's receiver on our Fastify server: verifies the signature (5-minute window), drops retries of events
 * already taken, hands the body to Bolt, and answers Slack as soon as Bolt acks (within 3 s) while the
 * listeners keep working.
 */
class FastifyReceiver implements Receiver {
  private bolt: App | undefined;
  readonly inflight = new Set<Promise<void>>();

  init(app: App): void {
    this.bolt = app;
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  /** Runs the event; resolves with Bolt's ack body (or undefined after `timeoutMs` without an ack). */
  dispatch(
    body: Record<string, unknown>,
    retry: { num?: number; reason?: string },
    timeoutMs: number,
  ): Promise<unknown> {
    const bolt = this.bolt;
    if (!bolt) throw new Error('Slack receiver used before Bolt initialised it');
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      const event: ReceiverEvent = {
        body,
        ...(retry.num !== undefined ? { retryNum: retry.num } : {}),
        ...(retry.reason ? { retryReason: retry.reason } : {}),
        ack: async (response?: unknown) => {
          clearTimeout(timer);
          resolve(response);
        },
      };
      const work = bolt
        .processEvent(event)
        .catch(() => undefined)
        .finally(() => {
          clearTimeout(timer);
          resolve(undefined);
          this.inflight.delete(work);
        });
      this.inflight.add(work);
    });
  }
}

/**
 * POST /slack/events: Events API, slash commands and interactivity (all three URLs in the manifest point
 * here). Registers nothing unless SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are set; with SLACK_APP_TOKEN as
 * well, Socket Mode is used instead and no route is added.
 */
async function slackPlugin(app: FastifyInstance, opts: SlackPluginOptions): Promise<void> {
  const { rt } = opts;
  const cfg = rt.config;
  const secret = cfg.SLACK_SIGNING_SECRET;
  if (!cfg.SLACK_BOT_TOKEN || (!secret && !cfg.SLACK_APP_TOKEN)) return;
  const clock = opts.clock ?? (() => new Date());
  const copilot = opts.copilot ?? createCopilot(rt);
  const linking = new ChannelLinking(rt.db, { adminTeamId: cfg.SLACK_ADMIN_TEAM_ID, clock });

  if (cfg.SLACK_APP_TOKEN) {
    const bolt = createSlackBot({ rt, copilot, linking, updateIntervalMs: opts.updateIntervalMs ?? 1000 });
    app.addHook('onReady', async () => void (await bolt.start()));
    app.addHook('onClose', async () => void (await bolt.stop()));
    app.decorate('slack', { bolt, idle: async () => undefined });
    return;
  }
  if (!secret) return;

  const receiver = new FastifyReceiver();
  const bolt = createSlackBot({
    rt,
    copilot,
    linking,
    receiver,
    updateIntervalMs: opts.updateIntervalMs ?? 1000,
  });
  const ackTimeoutMs = opts.ackTimeoutMs ?? 2500;
  const channel: SlackChannel = {
    bolt,
    idle: async () => {
      while (receiver.inflight.size > 0) await Promise.allSettled([...receiver.inflight]);
    },
  };
  app.decorate('slack', channel);
  app.addHook('onClose', async () => receiver.stop());

  await app.register(async (scope) => {
    // The signature covers the exact bytes: keep the body as a string and parse it after verifying.
    scope.addContentTypeParser(
      ['application/json', 'application/x-www-form-urlencoded'],
      { parseAs: 'string', bodyLimit: 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    scope.post('/slack/events', async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const verdict = verifySlackRequest(
        secret,
        { timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature') },
        raw,
        clock(),
      );
      if (!verdict.ok)
        return reply.code(401).send({ error: { code: 'UNAUTHENTICATED', message: verdict.reason } });

      let body: Record<string, unknown>;
      try {
        body = parseBody(raw, header('content-type') ?? '');
      } catch {
        return reply.code(400).send({ error: { code: 'VALIDATION', message: 'Unreadable Slack payload.' } });
      }
      if (body.type === 'url_verification') return reply.send({ challenge: body.challenge });
      if (body.ssl_check) return reply.send();

      const retryNum = header('x-slack-retry-num');
      const eventId = typeof body.event_id === 'string' ? body.event_id : undefined;
      if (eventId) {
        const fresh = await rt.db.write((tx) =>
          claimChannelEvent(tx, 'slack', eventId, clock().toISOString()),
        );
        if (!fresh) return reply.header('x-slack-no-retry', '1').send();
      }
      const retry: { num?: number; reason?: string } = {};
      if (retryNum) retry.num = Number(retryNum);
      const reason = header('x-slack-retry-reason');
      if (reason) retry.reason = reason;
      const ackBody = await receiver.dispatch(body, retry, ackTimeoutMs);
      if (ackBody === undefined || ackBody === '') return reply.send();
      return typeof ackBody === 'string' ? reply.type('text/plain').send(ackBody) : reply.send(ackBody);
    });
  });
}

/** Not encapsulated, so `app.slack` is visible on the server; the raw-body parsers stay scoped to the route. */
export const slackRoutes = fp(slackPlugin, { name: 'megilance-slack', fastify: '5.x' });

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(raw));
  // Interactivity (block_actions, view_submission) arrives as one `payload` field of JSON.
  if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
  return form;
}
