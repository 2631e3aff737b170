/**
 * The copilot event stream as it arrives over SSE. Mirrors agents/events.ts (the wire contract) without
 * importing the server code into the browser bundle.
 */
export interface ErrorBody {
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
  details?: Record<string, unknown>;
}

export interface PendingActionView {
  id: string;
  tool: string;
  summary: string;
  status: 'pending' | 'executed' | 'failed' | 'cancelled';
  expiresAt: string;
  confirmPath: string;
  cancelPath: string;
}

export type CopilotEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_start'; callId: string; tool: string; input: unknown }
  | ({ type: 'tool_result'; callId: string; tool: string } & (
      | { ok: true; data: unknown }
      | { ok: false; error: ErrorBody }
    ))
  | {
      type: 'confirmation_required';
      callId: string;
      tool: string;
      actionId: string;
      summary: string;
      expiresAt: string;
      pendingAction?: PendingActionView;
    }
  | { type: 'error'; error: ErrorBody }
  | { type: 'done'; turnId: string; tokens: number };

/** A stored thread replays as the user's messages interleaved with the events of each turn. */
export type HistoryEvent =
  | CopilotEvent
  | { type: 'user'; text: string }
  /** The outcome of a Confirm or Cancel, recorded in the chat the action came from. */
  | { type: 'notice'; actionId: string | null; text: string };
