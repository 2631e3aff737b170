import type { IncomingMessage } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config';
import { getMcpKeySettings, setMcpElicitationOptIn } from '../../db/queries/mcp';
import type { Runtime } from '../../runtime';
import { ERROR_CODES, ToolError } from '../../tools/errors';
import { createMcpServer, publicUrlOf } from './server';
import { McpSessions, newSessionId } from './sessions';

export interface McpPluginOptions {
  rt: Runtime;
  /** Overrides MCP_STATELESS. */
  stateless?: boolean;
  /** Overrides MCP_ALLOWED_ORIGINS (and its defaults). */
  allowedOrigins?: string[];
}

/** Sessions one user may hold open at once; opening another closes their least recently used. */
const SESSIONS_PER_USER = 20;

/**
 * MCP over Streamable HTTP at `/mcp`, inside the Fastify app. The Bearer API key (resolved by the auth
 * plugin) names the one user a session acts for. In the default stateful mode a session id is random and
 * bound to that user: presented with anyone else's key it is answered exactly like an unknown id (404).
 * Browser Origins are checked against an allow-list; requests without one (CLI clients, SDKs) pass. The
 * Bearer token is removed from the request before the MCP transport sees it, so nothing downstream can
 * read or forward it.
 */
export async function mcpRoutes(app: FastifyInstance, opts: McpPluginOptions): Promise<void> {
  const { config, dispatcher, db } = opts.rt;
  const stateless = opts.stateless ?? config.MCP_STATELESS;
  const allowed = opts.allowedOrigins ?? parseOrigins(config.MCP_ALLOWED_ORIGINS) ?? defaultOrigins(config);
  const origins = new Set(allowed.map(originOf));
  const publicUrl = publicUrlOf(config);
  const sessions = new McpSessions({
    idleMs: config.MCP_SESSION_IDLE_MINUTES * 60_000,
    perUser: SESSIONS_PER_USER,
  });
  sessions.start();
  // Before the server stops listening: open SSE streams would otherwise keep it waiting.
  app.addHook('preClose', () => sessions.closeAll());

  /** Origin, then identity. Returns the refusal already sent, or the caller. */
  const gate = (req: FastifyRequest, reply: FastifyReply, refuse: Refuse = rpcError) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(originOf(origin))) {
      refuse(reply, 403, `Origin ${origin} is not allowed to use this MCP server.`);
      return undefined;
    }
    if (!req.actor) {
      const err = req.authError ?? new ToolError('UNAUTHENTICATED');
      if (err.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer');
      refuse(reply, ERROR_CODES[err.code].status, err.message);
      return undefined;
    }
    return req.actor;
  };

  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = gate(req, reply);
    if (!actor) return reply;
    const key = bearerOf(req);
    hideToken(req.raw);

    if (stateless) {
      if (req.method !== 'POST') {
        reply.header('allow', 'POST');
        return rpcError(reply, 405, 'This MCP server is stateless: only POST is served.');
      }
      const server = createMcpServer({
        dispatcher,
        actor,
        publicUrl,
        elicitation: false, // the answer would arrive on another request, with no session to route it to
        recheck: async () => undefined,
        log: req.log,
      });
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      reply.hijack();
      await transport.handleRequest(req.raw, reply.raw, req.body);
      return reply;
    }

    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId, actor.id);
      if (!session) return rpcError(reply, 404, 'Session not found.');
      reply.hijack();
      await session.transport.handleRequest(req.raw, reply.raw, req.body);
      return reply;
    }
    if (req.method !== 'POST' || !isInitializeRequest(req.body))
      return rpcError(reply, 400, 'Bad Request: No valid session ID provided.');

    const settings = key ? await getMcpKeySettings(db.reader, key) : undefined;
    if (!settings || settings.userId !== actor.id) return rpcError(reply, 401, 'This API key is not valid.');
    const server = createMcpServer({
      dispatcher,
      actor,
      publicUrl,
      elicitation: settings.elicitationOptIn,
      // Every request of the session is authenticated above, before it reaches the session.
      recheck: async () => undefined,
      log: app.log,
    });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: newSessionId,
      onsessioninitialized: (id) =>
        sessions.add({ id, actorId: actor.id, keyId: settings.keyId, transport, server }),
      onsessionclosed: (id) => sessions.forget(id),
    });
    transport.onclose = () => sessions.forget(transport.sessionId);
    await server.connect(transport);
    reply.hijack();
    await transport.handleRequest(req.raw, reply.raw, req.body);
    return reply;
  };

  const mcpRoute = {
    schema: { hide: true },
    // Errors here speak JSON-RPC, not the REST error shape: a body that is not JSON is a parse error.
    errorHandler: (
      err: { statusCode?: number; message: string },
      req: FastifyRequest,
      reply: FastifyReply,
    ) => {
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500) req.log.error({ err }, 'mcp request failed');
      if (reply.sent) return reply;
      if (status >= 500) return rpcError(reply, 500, 'Something went wrong on our side.', -32603);
      return rpcError(reply, status, err.message, status === 400 ? -32700 : -32000);
    },
  };
  app.post('/mcp', mcpRoute, handle);
  app.get('/mcp', mcpRoute, handle);
  app.delete('/mcp', mcpRoute, handle);

  // The person's own switch, per API key: confirm pending actions by elicitation in their MCP client.
  const Settings = z.object({ elicitation: z.boolean() }).strict();
  const settingsRoute = async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = gate(req, reply, restError);
    if (!actor) return reply;
    const key = bearerOf(req);
    const settings = key ? await getMcpKeySettings(db.reader, key) : undefined;
    if (!settings || settings.userId !== actor.id) return restError(reply, 401, 'This API key is not valid.');
    if (req.method === 'PUT') {
      const parsed = Settings.safeParse(req.body);
      if (!parsed.success) {
        return reply.code(400).send({
          error: { code: 'VALIDATION', message: 'Send {"elicitation": true} or {"elicitation": false}.' },
        });
      }
      await db.write((tx) => setMcpElicitationOptIn(tx, settings.keyId, parsed.data.elicitation));
      settings.elicitationOptIn = parsed.data.elicitation;
    }
    return reply.send({
      keyId: settings.keyId,
      elicitation: settings.elicitationOptIn,
      note: 'Applies to MCP sessions opened from now on with this key.',
    });
  };
  app.get('/mcp/settings', { schema: { hide: true } }, settingsRoute);
  app.put('/mcp/settings', { schema: { hide: true } }, settingsRoute);
}

/** PUBLIC_URL and this server's own address, as a browser would send them. */
function defaultOrigins(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string[] {
  const own = [
    `http://localhost:${config.PORT}`,
    `http://127.0.0.1:${config.PORT}`,
    `http://${config.HOST}:${config.PORT}`,
  ];
  return config.PUBLIC_URL ? [config.PUBLIC_URL, ...own] : own;
}

export function parseOrigins(list: string | undefined): string[] | undefined {
  const items = list
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

function originOf(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return value.trim().toLowerCase();
  }
}

function bearerOf(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** Removes the Authorization header from the raw request, parsed and raw forms alike. */
function hideToken(raw: IncomingMessage): void {
  delete raw.headers.authorization;
  const rh = raw.rawHeaders;
  for (let i = rh.length - 2; i >= 0; i -= 2) if (rh[i]?.toLowerCase() === 'authorization') rh.splice(i, 2);
}

type Refuse = (reply: FastifyReply, status: number, message: string) => FastifyReply;

function rpcError(reply: FastifyReply, status: number, message: string, code = -32000): FastifyReply {
  return reply.code(status).send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/** The HTTP API's error shape, for /mcp/settings (which is not MCP). */
function restError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'VALIDATION';
  return reply.code(status).send({ error: { code, message } });
}
