import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime';
import { ApiKeyIdentity } from '../identity';
import { mcpRoutes } from '../mcp/http';
import { slackRoutes } from '../slack/plugin';
import { sendError } from './errors';
import { actionRoutes } from './plugins/actions';
import { authPlugin } from './plugins/auth';
import { healthRoutes } from './plugins/health';
import { openapiPlugin } from './plugins/openapi';
import { toolRoutes } from './plugins/tools';

export interface AppOptions {
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
}

/** The HTTP surface: catalog, tool calls, confirmations, health and OpenAPI, as one Fastify app. */
export async function buildApp(rt: Runtime, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
  });
  const identity = new ApiKeyIdentity(rt.db, rt.config.API_KEY_CACHE_SECONDS * 1000);

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
  await app.register(authPlugin, { identity });
  await app.register(healthRoutes, { db: rt.db });
  await app.register(toolRoutes, { dispatcher: rt.dispatcher });
  await app.register(actionRoutes, { dispatcher: rt.dispatcher });
  await app.register(mcpRoutes, { rt });
  await app.register(slackRoutes, { rt });
  return app;
}
