import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeTool } from '../../../tools/describe';
import type { CallRequest, CallResult, Dispatcher } from '../../../tools/dispatcher';
import { sendResult } from '../errors';
import type { WebRateLimits } from '../limits/index';
import { limitBrowserToolCall } from './rateLimits';

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
export async function toolRoutes(
  app: FastifyInstance,
  opts: { dispatcher: Dispatcher; limits: WebRateLimits },
) {
  const { dispatcher, limits } = opts;
  // Only browser sessions are limited here. An API-key call goes straight to the dispatcher and answers
  // when it settles: no async frame of its own, and no promise handed back for Fastify to wait on (that cost
  // a reaction per call, and one more job because it resolved to the reply, which is a thenable).
  const handle = (
    req: FastifyRequest,
    reply: FastifyReply,
    tool: string,
  ): Promise<FastifyReply> | undefined => {
    if (req.authVia === 'cookie') return handleBrowser(req, reply, tool);
    callTool(dispatcher, req, tool).then(
      (result) => answer(reply, result),
      (err: Error) => reply.send(err),
    );
    return undefined;
  };
  const handleBrowser = async (req: FastifyRequest, reply: FastifyReply, tool: string) => {
    const refused = await limitBrowserToolCall(limits, req, reply);
    if (refused) return refused;
    return sendResult(reply, await callTool(dispatcher, req, tool));
  };
  const described = [...dispatcher.tools.values()].map(describeTool);

  app.get(
    '/api/tools',
    { schema: { tags: ['catalog'], summary: 'List every tool with its input and output schema' } },
    async () => ({
      tools: described,
    }),
  );

  for (const d of described) {
    // The body and response schemas document the route (OpenAPI) and nothing else: validation is the
    // dispatcher's. They are handed to the OpenAPI generator only, because a route schema with a body makes
    // Fastify run a validator on every request (bench/http: a function call and ~0.5 KB of garbage a call).
    const docs = {
      body: d.inputSchema,
      response: {
        200: d.outputSchema,
        ...(d.needsConfirmation
          ? { 202: { type: 'object', description: 'Pending action awaiting confirmation' } }
          : {}),
        '4xx': ErrorResponse,
      },
    };
    app.post(
      `/api/tools/${d.name}`,
      {
        schema: {
          tags: [d.effect === 'read' ? 'read' : d.effect],
          operationId: d.name,
          summary: d.title,
          description: `${d.description}\n\nRoles: ${d.roles.join(', ')}. Effect: ${d.effect}.${
            d.needsConfirmation ? ' Needs confirmation: answers 202 with a pending action to confirm.' : ''
          }`,
          security: [{ bearer: [] }],
        },
        config: {
          swaggerTransform: ({ schema, url }: { schema: object; url: string }) => ({
            schema: { ...schema, ...docs },
            url,
          }),
        },
      },
      (req, reply) => handle(req, reply, d.name),
    );
  }

  // Unknown names still go through the dispatcher, so the refusal is typed and audited like any other.
  app.post<{ Params: { name: string } }>('/api/tools/:name', { schema: { hide: true } }, (req, reply) =>
    handle(req, reply, req.params.name),
  );
}

function answer(reply: FastifyReply, result: CallResult): void {
  try {
    sendResult(reply, result);
  } catch (err) {
    reply.send(err as Error);
  }
}

function callTool(dispatcher: Dispatcher, req: FastifyRequest, tool: string): ReturnType<Dispatcher['call']> {
  const call: CallRequest = {
    actor: req.actor,
    channel: req.authVia === 'cookie' ? 'web' : 'http',
    tool,
    input: req.body ?? {},
  };
  // Set only when present (no spread of a fresh object per call): the request's keys stay what they were.
  if (req.authError) call.authError = req.authError;
  const threadId = req.headers['x-thread-id'];
  if (typeof threadId === 'string') call.threadId = threadId;
  return dispatcher.call(call);
}
