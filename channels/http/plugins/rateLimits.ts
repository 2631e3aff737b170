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
    app.addHook('preHandler', async (req, reply) => {
      if (req.method !== 'POST' || req.authVia !== 'cookie' || !req.actor) return;
      if (!req.routeOptions.url?.startsWith('/api/tools/')) return;
      try {
        await opts.limits.take(req.actor.id, 'tool_calls');
      } catch (err) {
        return refuse(reply, err);
      }
    });
  },
  { name: 'megilance-tool-rate-limit', dependencies: ['megilance-auth'] },
);
