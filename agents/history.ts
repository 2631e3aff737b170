import type { MessageRow } from '../db/queries/threads';
import type { ErrorBody } from '../tools/dispatcher';
import type { LoadedAction, PendingActionView } from '../tools/pendingActions';
import type { CopilotEvent } from './events';
import type { StoredToolCall } from './memory';

/** What the person wrote (history only: a live turn never echoes it). */
export interface UserEvent {
  type: 'user';
  text: string;
}

/** A Confirm or Cancel the person pressed, as the thread recorded it for the model. */
export interface NoticeEvent {
  type: 'notice';
  actionId: string | null;
  text: string;
}

export type HistoryEvent = CopilotEvent | UserEvent | NoticeEvent;

/**
 * A stored thread replayed as the events its turns streamed, so a channel renders history and live turns
 * with one renderer: `user`, then the turn's `text` / `tool_start` / `tool_result` / `confirmation_required`,
 * then `done`. A held action shows its CURRENT status (it may have been confirmed since).
 */
export async function threadEvents(
  rows: readonly MessageRow[],
  loadAction: (id: string) => Promise<LoadedAction | undefined>,
): Promise<HistoryEvent[]> {
  const out: HistoryEvent[] = [];
  let turn: { id: string; tokens: number } | undefined;
  const endTurn = () => {
    if (turn) out.push({ type: 'done', turnId: turn.id, tokens: turn.tokens });
    turn = undefined;
  };
  for (const r of rows) {
    if (r.turn_id && r.turn_id !== turn?.id) {
      endTurn();
      turn = { id: r.turn_id, tokens: 0 };
    } else if (!r.turn_id) endTurn();
    switch (r.kind) {
      case 'human':
        out.push({ type: 'user', text: r.content });
        break;
      case 'notice':
        out.push({ type: 'notice', actionId: r.pending_action_id, text: r.content });
        break;
      case 'ai': {
        if (turn) turn.tokens += Number(r.tokens ?? 0);
        if (r.content) out.push({ type: 'text', delta: r.content });
        const calls = r.tool_calls ? (JSON.parse(r.tool_calls) as StoredToolCall[]) : [];
        for (const c of calls) out.push({ type: 'tool_start', callId: c.id, tool: c.name, input: c.args });
        break;
      }
      case 'tool':
        out.push(await toolEvent(r, loadAction));
        break;
    }
  }
  endTurn();
  return out;
}

async function toolEvent(
  r: MessageRow,
  loadAction: (id: string) => Promise<LoadedAction | undefined>,
): Promise<CopilotEvent> {
  const callId = r.tool_call_id ?? '';
  const tool = r.tool_name ?? '';
  let body: { ok?: boolean; data?: unknown; error?: ErrorBody } = {};
  try {
    const parsed: unknown = JSON.parse(r.content);
    if (parsed && typeof parsed === 'object') body = parsed as typeof body;
  } catch {
    // Not JSON: a tool that never reached the dispatcher; its text is the message.
  }
  if (r.outcome === 'NEEDS_CONFIRMATION' && r.pending_action_id) {
    const a = await loadAction(r.pending_action_id);
    if (a) {
      const pendingAction: PendingActionView = {
        id: a.id,
        tool: a.tool,
        summary: a.summary,
        status: a.status,
        expiresAt: a.expiresAt,
        confirmPath: `/api/actions/${a.id}/confirm`,
        cancelPath: `/api/actions/${a.id}/cancel`,
      };
      return {
        type: 'confirmation_required',
        callId,
        tool,
        actionId: a.id,
        summary: a.summary,
        expiresAt: a.expiresAt,
        pendingAction,
      };
    }
  }
  if (r.outcome === 'OK') return { type: 'tool_result', callId, tool, ok: true, data: body.data ?? null };
  const error: ErrorBody = body.error?.code
    ? body.error
    : { code: 'INTERNAL', message: r.content.slice(0, 500) || (r.outcome ?? 'failed') };
  return { type: 'tool_result', callId, tool, ok: false, error };
}
