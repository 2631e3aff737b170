import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type Copilot, createCopilot } from '../../agents/copilot';
import type { Runtime } from '../../runtime';
import { discordChannel } from '../discord/plugin';
import { ApiKeyIdentity } from '../identity';
import { mcpRoutes } from '../mcp/http';
import { slackRoutes } from '../slack/plugin';
import { sendError } from './errors';
import type { RateCounter } from './limits/index';
import type { WebApp } from './next/server';
import { actionRoutes } from './plugins/actions';
import { admission } from './plugins/admission';
import { authPlugin } from './plugins/auth';
import { chatRoutes } from './plugins/chat';
import { healthRoutes } from './plugins/health';
import { openapiPlugin } from './plugins/openapi';
import { toolRoutes } from './plugins/tools';
import { webAppRoutes } from './plugins/webApp';
import { webAuthRoutes } from './plugins/webAuth';
import { createWebApi } from './web/index';

export interface AppOptions {
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /** The web chat's copilot (default: `createCopilot(rt)`, the offline model unless OPENAI_API_KEY is set). */
  copilot?: Copilot;
  /** Web sessions' and rate limits' clock (tests). */
  clock?: () => Date;
  /** Rate-limit counters (default: Redis when REDIS_URL is set, else the database). */
  rateCounter?: RateCounter;
  /** SSE keep-alive comment interval for /api/chat (default 15 s). */
  chatPingMs?: number;
  /** The Next.js web app (channels/http/next): every other GET is its page. Without it, the API alone. */
  web?: WebApp;
}

/** The HTTP surface: catalog, tool calls, confirmations, health and OpenAPI, as one Fastify app. */
export async function buildApp(rt: Runtime, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
  });
  const identity = new ApiKeyIdentity(rt.db, rt.config.API_KEY_CACHE_SECONDS * 1000);
  const web = createWebApi(rt, {
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.rateCounter ? { rateCounter: opts.rateCounter } : {}),
  });
  const copilot = opts.copilot ?? createCopilot(rt, opts.clock ? { clock: opts.clock } : {});
  app.addHook('onClose', async () => web.limits.close());

  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const code = status === 400 || status === 415 ? 'VALIDATION' : status === 404 ? 'NOT_FOUND' : 'INTERNAL';
    return sendError(reply, {
      code,
      message: status >= 500 ? 'Something went wrong on our side.' : err.message,
    });
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url}.` }),
  );

  await app.register(openapiPlugin);
  const readTools = new Set(
    [...rt.dispatcher.tools.values()].filter((t) => t.effect === 'read').map((t) => t.name),
  );
  await app.register(admission, {
    limit: rt.config.TOOL_CONCURRENCY,
    isRead: (tool) => readTools.has(tool),
    readsFirst: !rt.db.remote,
  });
  await app.register(authPlugin, { identity, web: web.cookies });
  await app.register(healthRoutes, { db: rt.db });
  await app.register(toolRoutes, { dispatcher: rt.dispatcher, limits: web.limits });
  await app.register(actionRoutes, { dispatcher: rt.dispatcher, copilot });
  await app.register(webAuthRoutes, {
    rt,
    sessions: web.sessions,
    limits: web.limits,
    clock: opts.clock ?? (() => new Date()),
  });
  await app.register(chatRoutes, {
    rt,
    copilot,
    limits: web.limits,
    ...(opts.chatPingMs ? { pingMs: opts.chatPingMs } : {}),
  });
  await app.register(mcpRoutes, { rt });
  await app.register(slackRoutes, { rt });
  await app.register(discordChannel, { rt, copilot, ...(opts.clock ? { clock: opts.clock } : {}) });
  if (opts.web) await app.register(webAppRoutes, { web: opts.web });
  return app;
}
