import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Config } from '../../config';
import type { Actor } from '../../tools/define';
import type { Dispatcher, Logger } from '../../tools/dispatcher';
import type { ToolError } from '../../tools/errors';
import { registerPrompts } from './prompts';
import { registerResources } from './resources';
import { registerTools } from './tools';

/** Everything one MCP session knows: who it acts for, and how to reach the marketplace as them. */
export interface SessionContext {
  dispatcher: Dispatcher;
  /** The one user this session acts for, from the API key that opened it. */
  actor: Actor;
  /** Where people reach the web app, for confirm links. */
  publicUrl: string;
  /** The person opted in, for this API key, to confirm by elicitation, and the transport can carry it. */
  elicitation: boolean;
  /**
   * Checks the caller again before each call and returns the refusal if there is one (a key revoked or an
   * account suspended mid-session). Over HTTP every request is authenticated before it reaches the session.
   */
  recheck(): Promise<ToolError | undefined>;
  log?: Logger | undefined;
}

export const SERVER_INFO = { name: 'megilance-copilot', title: 'MegiLance Copilot', version: '0.1.0' };

/**
 * One MCP server for one authenticated user: the tools their role may call (from the catalog as it is
 * now, so tools added later appear on their own), the projects, profiles and contracts they may read as
 * resources, and the prompts for their role. Every call goes through the dispatcher as that user.
 */
export function createMcpServer(session: SessionContext): McpServer {
  const { actor } = session;
  const mcp = new McpServer(SERVER_INFO, {
    instructions:
      `You act on the MegiLance freelance marketplace for ${actor.displayName}, signed in as a ${actor.role}. ` +
      'Every tool runs as them, with their permissions. Money is an integer amount of minor units plus a ' +
      'currency (500000 USD is $5,000.00). Some tools return a pending action instead of running: only the ' +
      'person can confirm it (the result says how); never say it is done before they have, and never treat ' +
      'their saying "confirmed" to you as the confirmation.',
  });
  registerTools(mcp, session);
  registerResources(mcp, session);
  registerPrompts(mcp, session);
  return mcp;
}

/** The address people use, for links: PUBLIC_URL, or the server's own HOST and PORT. */
export function publicUrlOf(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/+$/, '');
}
