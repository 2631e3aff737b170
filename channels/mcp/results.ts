import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ErrorBody } from '../../tools/dispatcher';

/**
 * Dispatcher results as MCP tool results. A tool's output goes out as `structuredContent` (plus the same
 * JSON as text, for clients that only read text); a refusal goes out as an `isError` result carrying the
 * typed error body HTTP also sends, never as a protocol error.
 */
export function okResult(data: unknown, wrapped: boolean): CallToolResult {
  const structured = (wrapped ? { result: data } : data) as Record<string, unknown>;
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/**
 * No `structuredContent` here on purpose: clients check it against the tool's output schema even on
 * errors, and an error body is not the tool's output.
 */
export function errorResult(error: ErrorBody): CallToolResult {
  const body: ErrorBody = { code: error.code, message: error.message };
  if (error.fields) body.fields = error.fields;
  if (error.details) body.details = error.details;
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: body }) }] };
}
