import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../../../tools/define';
import { ToolError } from '../../../tools/errors';
import type { ApiKeyIdentity } from '../../identity';

declare module 'fastify' {
  interface FastifyRequest {
    /** The marketplace user behind the Bearer key, or null with the reason in `authError`. */
    actor: Actor | null;
    authError: ToolError | null;
  }
}

/**
 * Resolves `Authorization: Bearer <api key>` to a marketplace user on every request. It never rejects by
 * itself: routes decide, so refused tool calls still reach the dispatcher and its audit log.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { identity: ApiKeyIdentity }) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('authError', null);
    app.addHook('onRequest', async (req: FastifyRequest) => {
      const header = req.headers.authorization;
      if (!header) {
        req.authError = new ToolError(
          'UNAUTHENTICATED',
          'Pass your API key as "Authorization: Bearer <key>".',
        );
        return;
      }
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) {
        req.authError = new ToolError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <key>".');
        return;
      }
      try {
        req.actor = await opts.identity.resolve(match[1]);
      } catch (err) {
        req.authError =
          err instanceof ToolError ? err : new ToolError('UNAUTHENTICATED', undefined, { cause: err });
      }
    });
  },
  { name: 'megilance-auth' },
);
