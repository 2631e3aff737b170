import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../channels/http/app';
import type { Runtime } from '../../runtime';
import type { ErrorBody } from '../../tools/dispatcher';
import type { TestUser } from '../support/harness';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TSX = `${ROOT}node_modules/.bin/tsx`;
export const STDIO_ENTRY = 'channels/mcp/stdio.ts';

export type TransportKind = 'http' | 'stdio';

/** Tests that start stdio servers (a tsx child process each) get room for a busy machine. */
export const STDIO_TIMEOUT = { timeout: 90_000 };

export interface ConnectOptions {
  capabilities?: ClientCapabilities;
  /** Set up the client (request handlers for elicitation) before it connects. */
  setup?(client: Client): void;
}

export interface Connector {
  kind: TransportKind;
  connect(user: TestUser, opts?: ConnectOptions): Promise<Client>;
  close(): Promise<void>;
}

function newClient(opts: ConnectOptions): Client {
  const client = new Client(
    { name: 'megilance-test', version: '1.0.0' },
    { capabilities: opts.capabilities ?? {} },
  );
  opts.setup?.(client);
  return client;
}

/** The Fastify app listening on a loopback port; clients speak Streamable HTTP to /mcp with a Bearer key. */
export async function httpConnector(rt: Runtime): Promise<Connector & { app: FastifyInstance; url: string }> {
  const app = await buildApp(rt);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const clients: Client[] = [];
  return {
    kind: 'http',
    app,
    url: `${base}/mcp`,
    async connect(user, opts = {}) {
      const client = newClient(opts);
      const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${user.key}` } },
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await app.close();
    },
  };
}

/** The stdio server as Claude Desktop runs it: a child process on the test's database, one per user. */
export function stdioConnector(rt: Runtime): Connector {
  const clients: Client[] = [];
  return {
    kind: 'stdio',
    async connect(user, opts = {}) {
      const client = newClient(opts);
      const transport = new StdioClientTransport({
        command: TSX,
        args: [STDIO_ENTRY, '--api-key', user.key],
        cwd: ROOT,
        env: stdioEnv(rt),
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      try {
        await client.connect(transport);
      } catch (err) {
        throw new Error(`stdio server failed to start: ${String(err)}\n${stderr}`);
      }
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
    },
  };
}

export function stdioEnv(rt: Runtime): Record<string, string> {
  return {
    ...getDefaultEnvironment(),
    DATABASE_URL: rt.config.DATABASE_URL,
    LOG_LEVEL: 'silent',
    API_KEY_CACHE_SECONDS: '0',
    PUBLIC_URL: 'https://megilance.test',
  };
}

export async function connector(kind: TransportKind, rt: Runtime): Promise<Connector> {
  return kind === 'http' ? httpConnector(rt) : stdioConnector(rt);
}

/** The typed error body of an isError result. */
export function errorOf(result: CallToolResult): ErrorBody {
  if (!result.isError) throw new Error(`Expected an error result, got ${JSON.stringify(result)}`);
  const first = result.content[0];
  if (first?.type !== 'text') throw new Error('Error result without text');
  return (JSON.parse(first.text) as { error: ErrorBody }).error;
}

export const asCallResult = (r: unknown) => r as CallToolResult;
