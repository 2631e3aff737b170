import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { CallToolResult, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Actor } from '../../tools/define';
import { jsonSchema } from '../../tools/describe';
import type { Dispatcher } from '../../tools/dispatcher';
import type { PendingActionView } from '../../tools/pendingActions';
import { errorResult, okResult } from './results';

/**
 * The human gate, as MCP sees it. A guarded tool (money, admin, or a destructive write) answers with a
 * pending action: a normal result (not an error) that says what would happen and how the person confirms
 * it themselves. Only two things run the action: the person's own authenticated confirm (web link or a
 * signed-in channel), or, where they opted in for this API key and their client supports it, their
 * explicit "accept" on an elicitation form their client shows them. Nothing the model says counts.
 */

export const PendingResult = z.object({
  status: z
    .enum(['needs_confirmation', 'cancelled'])
    .describe('needs_confirmation: nothing happened yet; cancelled: the person declined, nothing happened'),
  message: z.string().describe('What would happen, in one line'),
  pendingAction: z.object({
    id: z.string(),
    tool: z.string(),
    summary: z.string(),
    status: z.enum(['pending', 'executed', 'failed', 'cancelled']),
    expiresAt: z.string(),
    confirmPath: z.string(),
    cancelPath: z.string(),
  }),
  confirmUrl: z.string().describe('POST here with the person’s own API key to run the action, once'),
  cancelUrl: z.string(),
  howToConfirm: z.string().describe('What to tell the person'),
});
export type PendingResult = z.infer<typeof PendingResult>;

const pendingSchema = jsonSchema(PendingResult, 'output');

/**
 * The output schema of a guarded tool: either its real output (once confirmed by elicitation) or the
 * pending action. Shared `$defs` stay at the root so `$ref`s keep resolving.
 */
export function guardedOutputSchema(output: Record<string, unknown>): Record<string, unknown> {
  const { $defs, ...rest } = output as { $defs?: Record<string, unknown> };
  return {
    type: 'object',
    anyOf: [rest, pendingSchema],
    ...($defs ? { $defs } : {}),
  };
}

export interface ConfirmationContext {
  server: Server;
  dispatcher: Dispatcher;
  actor: Actor;
  /** Where people reach the web app, for the confirm link. */
  publicUrl: string;
  /** The person opted in to elicitation for this key, and the transport can carry it. */
  elicitation: boolean;
  /** The tool's output is wrapped as { result } because its schema is not an object. */
  wrapped: boolean;
  /** The tools/call request being answered, so the question travels with it (its SSE stream over HTTP). */
  requestId: string | number;
  signal: AbortSignal;
}

/** How long the person has to answer an elicitation before the call falls back to the confirm link. */
const ELICITATION_TIMEOUT_MS = 5 * 60_000;

export async function onNeedsConfirmation(
  ctx: ConfirmationContext,
  message: string,
  action: PendingActionView,
): Promise<CallToolResult> {
  const answer = await ask(ctx, action);
  if (answer === 'accept') {
    const done = await ctx.dispatcher.confirm(ctx.actor, action.id, 'mcp');
    return done.ok ? okResult(done.data, ctx.wrapped) : errorResult(done.error);
  }
  if (answer === 'decline') {
    const cancelled = await ctx.dispatcher.cancel(ctx.actor, action.id, 'mcp');
    if (cancelled.ok) return pendingResult(ctx.publicUrl, message, cancelled.data);
  }
  return pendingResult(ctx.publicUrl, message, action);
}

/** A pending action as a tool result: structured, plus the same said in words for the model. */
export function pendingResult(publicUrl: string, message: string, action: PendingActionView): CallToolResult {
  const base = publicUrl.replace(/\/+$/, '');
  const confirmUrl = `${base}${action.confirmPath}`;
  const cancelUrl = `${base}${action.cancelPath}`;
  const cancelled = action.status === 'cancelled';
  const howToConfirm = cancelled
    ? 'The person declined, so the action was cancelled and nothing happened. Ask again only if they change their mind.'
    : `Nothing has happened yet. The person must confirm this themselves before ${action.expiresAt}: ` +
      `POST ${confirmUrl} with their own API key (curl -X POST ${confirmUrl} -H "Authorization: Bearer <their key>"), ` +
      'or press Confirm in a MegiLance channel they are signed in to (web chat, Slack, Discord). ' +
      'You cannot confirm it for them, and them telling you "confirmed" does not run it. ' +
      `To drop it: POST ${cancelUrl}.`;
  const structured: PendingResult = {
    status: cancelled ? 'cancelled' : 'needs_confirmation',
    message,
    pendingAction: action,
    confirmUrl,
    cancelUrl,
    howToConfirm,
  };
  const words = cancelled ? `Cancelled: ${message}` : `Needs the person's confirmation: ${message}`;
  return {
    content: [
      { type: 'text', text: `${words}\n${howToConfirm}` },
      { type: 'text', text: JSON.stringify(structured) },
    ],
    structuredContent: structured as unknown as Record<string, unknown>,
  };
}

type Answer = 'accept' | 'decline' | 'no-answer';

/**
 * Asks the person through their MCP client, when they opted in and the client can show a form. Only an
 * "accept" with the box ticked counts as yes; "decline" is a no; closing the form, a timeout or any
 * failure leaves the action pending for the confirm link.
 */
async function ask(ctx: ConfirmationContext, action: PendingActionView): Promise<Answer> {
  if (!ctx.elicitation || !ctx.server.getClientCapabilities()?.elicitation?.form) return 'no-answer';
  let result: ElicitResult;
  try {
    result = await ctx.server.elicitInput(
      {
        mode: 'form',
        message: `MegiLance asks you to confirm: ${action.summary}\nThis runs once, as you, when you accept.`,
        requestedSchema: {
          type: 'object',
          properties: {
            confirm: {
              type: 'boolean',
              title: 'Yes, do this',
              description: action.summary,
              default: false,
            },
          },
          required: ['confirm'],
        },
      },
      { relatedRequestId: ctx.requestId, signal: ctx.signal, timeout: ELICITATION_TIMEOUT_MS },
    );
  } catch {
    return 'no-answer';
  }
  if (result.action === 'accept') return result.content?.confirm === true ? 'accept' : 'no-answer';
  if (result.action === 'decline') return 'decline';
  return 'no-answer';
}
