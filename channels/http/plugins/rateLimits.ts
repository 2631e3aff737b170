import type { FastifyReply, FastifyRequest } from 'fastify';
import { refuse } from '../errors';
import type { WebRateLimits } from '../limits/index';

/**
 * Tool calls a minute per person for browser sessions (`POST /api/tools/*` with the session cookie), checked
 * before the dispatcher runs anything. API-key callers are scripts and benchmarks, limited by their own keys'
 * use, not here. The chat's message cap is taken in the chat route.
 *
 * Called by the tool routes' handler rather than as a `preHandler` hook: a hook ran on every request of
 * every route, API-key calls included, only to return at once (bench/http).
 * Resolves to the refusal it sent, or undefined when the call may go on.
 */
export async function limitBrowserToolCall(
  limits: WebRateLimits,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (req.authVia !== 'cookie' || !req.actor) return undefined;
  try {
    await limits.take(req.actor.id, 'tool_calls');
    return undefined;
  } catch (err) {
    return refuse(reply, err);
  }
}
