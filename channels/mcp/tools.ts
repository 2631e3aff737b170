import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { AnyTool } from '../../tools/define';
import { describeTool } from '../../tools/describe';
import { toToolError } from '../../tools/dispatcher';
import { guardedOutputSchema, onNeedsConfirmation } from './confirmation';
import { errorResult, okResult } from './results';
import type { SessionContext } from './server';

interface McpTool {
  listing: Tool;
  /** The tool's output is not a JSON object, so it travels as { result: output }. */
  wrapped: boolean;
}

// Describing a tool (two JSON Schemas) is the costly part of a session start; tools never change at run time.
const described = new WeakMap<AnyTool, McpTool>();

/** One catalog tool as MCP lists it: JSON Schemas from the catalog, annotations from its effect. */
export function mcpTool(tool: AnyTool): McpTool {
  const hit = described.get(tool);
  if (hit) return hit;
  const d = describeTool(tool);
  const wrapped = d.outputSchema.type !== 'object';
  const output = wrapped
    ? { type: 'object', properties: { result: d.outputSchema }, required: ['result'] }
    : d.outputSchema;
  const guardedWrite = d.needsConfirmation && d.effect === 'write';
  const listing: Tool = {
    name: d.name,
    title: d.title,
    description: d.needsConfirmation
      ? `${d.description}\n\nNeeds the person's own confirmation: the call returns a pending action and ` +
        'how they confirm it; nothing happens until they do.'
      : d.description,
    inputSchema: { ...d.inputSchema, type: 'object' },
    outputSchema: { ...(d.needsConfirmation ? guardedOutputSchema(output) : output), type: 'object' },
    annotations: {
      title: d.title,
      readOnlyHint: d.effect === 'read',
      destructiveHint: d.effect === 'money' || d.effect === 'admin' || guardedWrite,
      idempotentHint: d.idempotent,
      openWorldHint: false,
    },
    _meta: { 'megilance/effect': d.effect, 'megilance/needsConfirmation': d.needsConfirmation },
  };
  const entry = { listing, wrapped };
  described.set(tool, entry);
  return entry;
}

/**
 * Lists the tools this user's role may call, from the catalog as it is when the session starts, and
 * sends every call through the dispatcher. Registered on the low-level server rather than with
 * `registerTool`, so that the dispatcher (not the SDK) validates input and answers with typed errors
 * and field paths, and so the listed schemas are exactly the ones HTTP and OpenAPI publish.
 */
export function registerTools(mcp: McpServer, session: SessionContext): void {
  const { dispatcher, actor } = session;
  const tools = new Map(dispatcher.toolsFor(actor).map((t) => [t.name, mcpTool(t)]));
  const server = mcp.server;
  server.registerCapabilities({ tools: { listChanged: false } });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [...tools.values()].map((t) => t.listing),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
    const name = req.params.name;
    const input = req.params.arguments ?? {};
    try {
      const authError = await session.recheck();
      // Names not listed for this user still reach the dispatcher: the refusal is typed and audited.
      const result = authError
        ? await dispatcher.call({ actor: null, authError, channel: 'mcp', tool: name, input })
        : await dispatcher.call({ actor, channel: 'mcp', tool: name, input });
      const wrapped = tools.get(name)?.wrapped ?? false;
      if (result.ok) return okResult(result.data, wrapped);
      const { error } = result;
      if (error.code === 'NEEDS_CONFIRMATION' && error.pendingAction) {
        return await onNeedsConfirmation(
          {
            server,
            dispatcher,
            actor,
            publicUrl: session.publicUrl,
            elicitation: session.elicitation,
            wrapped,
            requestId: extra.requestId,
            signal: extra.signal,
          },
          error.message,
          error.pendingAction,
        );
      }
      return errorResult(error);
    } catch (err) {
      const error = toToolError(err);
      session.log?.error({ err, tool: name }, 'mcp tool call failed');
      return errorResult({ code: error.code, message: error.message });
    }
  });
}
