import type { FastifyInstance } from 'fastify';
import type { Dispatcher } from '../../../tools/dispatcher';
import { sendError, sendResult } from '../errors';

/**
 * A person confirming or cancelling their own pending action with their own credentials. This is the
 * human gate: no tool, agent or MCP client can reach these.
 */
export async function actionRoutes(app: FastifyInstance, opts: { dispatcher: Dispatcher }) {
  const { dispatcher } = opts;
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
      return sendResult(reply, await dispatcher.confirm(req.actor, req.params.id, 'http'));
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
      return sendResult(reply, await dispatcher.cancel(req.actor, req.params.id, 'http'));
    },
  );
}
