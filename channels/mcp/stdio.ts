/**
 * `npm run --silent mcp -- --api-key <key>` (or MEGILANCE_API_KEY): the marketplace as an MCP server on
 * stdin/stdout for one user, for Claude Desktop and other local MCP clients. stdout carries the protocol
 * only; logs go to stderr.
 *
 * `npm run --silent mcp -- --api-key <key> --elicitation on|off` records whether this key's person wants
 * to confirm pending actions in their MCP client's own form (elicitation), then exits.
 */
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import pino from 'pino';
import { loadConfig } from '../../config';
import { getMcpKeySettings, setMcpElicitationOptIn } from '../../db/queries/mcp';
import { createRuntime } from '../../runtime';
import type { Actor } from '../../tools/define';
import { toToolError } from '../../tools/dispatcher';
import { ToolError } from '../../tools/errors';
import { ApiKeyIdentity } from '../identity';
import { createMcpServer, publicUrlOf } from './server';

const USAGE = `Usage: npm run --silent mcp -- --api-key <key>   (or set MEGILANCE_API_KEY)
       npm run --silent mcp -- --api-key <key> --elicitation on|off
Get a key with: npm run apikey -- <handle or user id>`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-key': { type: 'string' },
      elicitation: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.error(USAGE);
    return;
  }
  const key = values['api-key'] ?? process.env.MEGILANCE_API_KEY;
  // The key stays in this process: nothing started from here inherits it.
  delete process.env.MEGILANCE_API_KEY;
  if (!key) throw new UsageError('No API key: pass --api-key <key> or set MEGILANCE_API_KEY.');
  if (values.elicitation !== undefined && !['on', 'off'].includes(values.elicitation))
    throw new UsageError('--elicitation takes on or off.');

  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL, name: 'mcp' }, pino.destination(2));
  const rt = await createRuntime(config, { log });
  const identity = new ApiKeyIdentity(rt.db, config.API_KEY_CACHE_SECONDS * 1000);
  let actor: Actor;
  try {
    actor = await identity.resolve(key);
  } catch (err) {
    await rt.close();
    throw new UsageError(`MegiLance refused this API key: ${toToolError(err).message}`);
  }
  const settings = await getMcpKeySettings(rt.db.reader, key);
  if (!settings) throw new UsageError('MegiLance refused this API key.');

  if (values.elicitation !== undefined) {
    const on = values.elicitation === 'on';
    await rt.db.write((tx) => setMcpElicitationOptIn(tx, settings.keyId, on));
    await rt.close();
    console.error(
      on
        ? `Elicitation on for key ${settings.keyId}: your MCP client will ask you to confirm pending actions.`
        : `Elicitation off for key ${settings.keyId}: confirm pending actions with the link they come with.`,
    );
    return;
  }

  const server = createMcpServer({
    dispatcher: rt.dispatcher,
    actor,
    publicUrl: publicUrlOf(config),
    elicitation: settings.elicitationOptIn,
    // The process lives as long as the client keeps it: a revoked key or a suspension stops it working.
    recheck: async () => {
      try {
        const now = await identity.resolve(key);
        return now.id === actor.id
          ? undefined
          : new ToolError('UNAUTHENTICATED', 'This API key changed hands.');
      } catch (err) {
        return toToolError(err);
      }
    },
    log,
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await rt.close();
    process.exit(0);
  };
  process.stdin.once('end', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await server.connect(new StdioServerTransport());
  log.info({ user: actor.id, role: actor.role }, 'MegiLance MCP server on stdio');
}

class UsageError extends Error {}

main().catch((err) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
