import type { ErrorBody } from '../tools/dispatcher';
import type { PendingActionView } from '../tools/pendingActions';

/**
 * What one copilot turn emits, in order. Every channel renders this same stream in its own idiom
 * (terminal, web SSE, Slack message updates, Discord edits).
 *
 * A typical turn: `tool_start` → `tool_result` (or `confirmation_required`) → `text`… → `done`.
 * A refused turn (rate limit, unknown role): `error` → `done`.
 */
export type CopilotEvent =
  | TextEvent
  | ToolStartEvent
  | ToolResultEvent
  | ConfirmationRequiredEvent
  | ErrorEvent
  | DoneEvent;

/** A piece of the model's answer, to append to what is shown so far. */
export interface TextEvent {
  type: 'text';
  delta: string;
}

/** The model asked for a tool; the dispatcher is about to run (or refuse) it. */
export interface ToolStartEvent {
  type: 'tool_start';
  callId: string;
  tool: string;
  input: unknown;
}

/** The dispatcher's answer to one tool call: its data, or a typed error (never NEEDS_CONFIRMATION). */
export type ToolResultEvent = {
  type: 'tool_result';
  callId: string;
  tool: string;
} & ({ ok: true; data: unknown } | { ok: false; error: ErrorBody });

/**
 * The tool call is held: nothing happened yet. The channel shows the summary with Confirm / Cancel, and
 * only the person's own click runs it (`Copilot.confirmFromChannel`), never the model.
 */
export interface ConfirmationRequiredEvent {
  type: 'confirmation_required';
  callId: string;
  tool: string;
  actionId: string;
  summary: string;
  expiresAt: string;
  pendingAction: PendingActionView;
}

/** The turn (or part of it) failed with a typed error: RATE_LIMITED, FORBIDDEN, INTERNAL… */
export interface ErrorEvent {
  type: 'error';
  error: ErrorBody;
}

/** Always the last event of a turn. */
export interface DoneEvent {
  type: 'done';
  /** The turn's id (also stored with each of its messages); empty when the turn was refused before it began. */
  turnId: string;
  /** Tokens the model calls of this turn used (reported by the model, or estimated). */
  tokens: number;
}
