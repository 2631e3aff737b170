import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Copilot } from '../../../agents/copilot';
import type { Dispatcher } from '../../../tools/dispatcher';
import { sendError, sendResult } from '../errors';

/**
 * A person confirming or cancelling their own pending action with their own credentials. This is the
 * human gate: no tool, agent or MCP client can reach these.
 */
export async function actionRoutes(
  app: FastifyInstance,
  opts: { dispatcher: Dispatcher; copilot?: Copilot },
) {
  const { dispatcher, copilot } = opts;
  // A browser session presses Confirm in the web app; a key is a script. With a copilot, the outcome is also
  // appended to the chat thread the action was proposed in, so the copilot knows it next turn.
  const channel = (req: FastifyRequest) => (req.authVia === 'cookie' ? 'web' : 'http');
  const params = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

  app.post<{ Params: { id: string } }>(
    '/api/actions/:id/confirm',
    {
      schema: {
        tags: ['actions'],
        summary: 'Confirm and run your pending action, once',
        params,
        security: [{ bearer: [] }],
      },
    },
    async (req, reply) => {
      if (!req.actor && req.authError)
        return sendError(reply, { code: req.authError.code, message: req.authError.message });
      return sendResult(
        reply,
        copilot
          ? await copilot.confirmAction(req.actor, req.params.id, channel(req))
          : await dispatcher.confirm(req.actor, req.params.id, channel(req)),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/actions/:id/cancel',
    {
      schema: {
        tags: ['actions'],
        summary: 'Cancel your pending action',
        params,
        security: [{ bearer: [] }],
      },
    },
    async (req, reply) => {
      if (!req.actor && req.authError)
        return sendError(reply, { code: req.authError.code, message: req.authError.message });
      return sendResult(
        reply,
        copilot
          ? await copilot.cancelAction(req.actor, req.params.id, channel(req))
          : await dispatcher.cancel(req.actor, req.params.id, channel(req)),
      );
    },
  );
}
