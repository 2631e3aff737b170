import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { refuse } from '../errors';
import type { WebRateLimits } from '../limits/index';

/**
 * Tool calls a minute per person for browser sessions (`POST /api/tools/*` with the session cookie), checked
 * before the dispatcher runs anything. API-key callers are scripts and benchmarks, limited by their own keys'
 * use, not here. The chat's message cap is taken in the chat route.
 */
export const toolRateLimit = fp(
  async (app: FastifyInstance, opts: { limits: WebRateLimits }) => {
    // Callback style: the hook runs on every request and returns at once for all but browser tool calls,
    // which an async hook would still have wrapped in a promise.
    app.addHook('preHandler', (req, reply, done) => {
      if (req.method !== 'POST' || req.authVia !== 'cookie' || !req.actor) return done();
      if (!req.routeOptions.url?.startsWith('/api/tools/')) return done();
      opts.limits.take(req.actor.id, 'tool_calls').then(
        () => done(),
        (err: unknown) => {
          try {
            refuse(reply, err);
          } catch (unexpected) {
            done(unexpected as Error);
          }
        },
      );
    });
  },
  { name: 'megilance-tool-rate-limit', dependencies: ['megilance-auth'] },
);
