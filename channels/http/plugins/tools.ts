import type { FastifyInstance } from 'fastify';
import { describeTool } from '../../../tools/describe';
import type { Dispatcher } from '../../../tools/dispatcher';
import { sendResult } from '../errors';

const ErrorResponse = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

/**
 * The catalog over HTTP: `GET /api/tools` lists every tool with its JSON Schemas, and each tool is
 * `POST /api/tools/<name>` with its input as the JSON body. Validation is the dispatcher's (zod), so the
 * route schemas here only document; they never reject or reshape anything.
 */
export async function toolRoutes(app: FastifyInstance, opts: { dispatcher: Dispatcher }) {
  const { dispatcher } = opts;
  const described = [...dispatcher.tools.values()].map(describeTool);

  app.get(
    '/api/tools',
    { schema: { tags: ['catalog'], summary: 'List every tool with its input and output schema' } },
    async () => ({
      tools: described,
    }),
  );

  const noValidation = () => () => true;
  const plainJson = () => (data: unknown) => JSON.stringify(data);

  for (const d of described) {
    app.post(
      `/api/tools/${d.name}`,
      {
        validatorCompiler: noValidation,
        serializerCompiler: plainJson,
        schema: {
          tags: [d.effect === 'read' ? 'read' : d.effect],
          operationId: d.name,
          summary: d.title,
          description: `${d.description}\n\nRoles: ${d.roles.join(', ')}. Effect: ${d.effect}.${
            d.needsConfirmation ? ' Needs confirmation: answers 202 with a pending action to confirm.' : ''
          }`,
          security: [{ bearer: [] }],
          body: d.inputSchema,
          response: {
            200: d.outputSchema,
            ...(d.needsConfirmation
              ? { 202: { type: 'object', description: 'Pending action awaiting confirmation' } }
              : {}),
            '4xx': ErrorResponse,
          },
        },
      },
      async (req, reply) => sendResult(reply, await callTool(dispatcher, req, d.name)),
    );
  }

  // Unknown names still go through the dispatcher, so the refusal is typed and audited like any other.
  app.post<{ Params: { name: string } }>('/api/tools/:name', { schema: { hide: true } }, async (req, reply) =>
    sendResult(reply, await callTool(dispatcher, req, req.params.name)),
  );
}

function callTool(
  dispatcher: Dispatcher,
  req: import('fastify').FastifyRequest,
  tool: string,
): ReturnType<Dispatcher['call']> {
  const threadId = req.headers['x-thread-id'];
  return dispatcher.call({
    actor: req.actor,
    authError: req.authError ?? undefined,
    channel: req.authVia === 'cookie' ? 'web' : 'http',
    tool,
    input: req.body ?? {},
    ...(typeof threadId === 'string' ? { threadId } : {}),
  });
}
