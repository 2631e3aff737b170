import type { CopilotEvent, ErrorBody, HistoryEvent, PendingActionView } from './events';

/** What a tool call looks like in the conversation: running, finished, refused, or held for Confirm. */
export interface ToolItem {
  kind: 'tool';
  callId: string;
  tool: string;
  input: unknown;
  status: 'running' | 'done' | 'error' | 'held';
  data?: unknown;
  error?: ErrorBody;
}

export interface ConfirmItem {
  kind: 'confirm';
  callId: string;
  tool: string;
  actionId: string;
  summary: string;
  expiresAt: string;
  /** In a replayed chat, what became of it since (pending, executed, failed, cancelled). */
  status: PendingActionView['status'];
}

export interface TextItem {
  kind: 'text';
  text: string;
}

export interface NoticeItem {
  kind: 'notice';
  text: string;
}

export type Item = ToolItem | ConfirmItem | TextItem | NoticeItem;

export interface Turn {
  id: string;
  role: 'user' | 'assistant';
  items: Item[];
  error?: ErrorBody;
  done: boolean;
}

let seq = 0;
const turnId = () => `t${++seq}`;

export const userTurn = (text: string): Turn => ({
  id: turnId(),
  role: 'user',
  items: [{ kind: 'text', text }],
  done: true,
});

export const assistantTurn = (): Turn => ({ id: turnId(), role: 'assistant', items: [], done: false });

/** Folds one event into the assistant turn it belongs to (immutably, for React). */
export function applyEvent(turn: Turn, e: CopilotEvent | Extract<HistoryEvent, { type: 'notice' }>): Turn {
  switch (e.type) {
    case 'text': {
      const last = turn.items.at(-1);
      if (last?.kind === 'text') {
        return { ...turn, items: [...turn.items.slice(0, -1), { kind: 'text', text: last.text + e.delta }] };
      }
      return { ...turn, items: [...turn.items, { kind: 'text', text: e.delta }] };
    }
    case 'tool_start':
      return {
        ...turn,
        items: [
          ...turn.items,
          { kind: 'tool', callId: e.callId, tool: e.tool, input: e.input, status: 'running' },
        ],
      };
    case 'tool_result':
      return upsertTool(turn, e.callId, e.tool, (t) =>
        e.ok ? { ...t, status: 'done', data: e.data } : { ...t, status: 'error', error: e.error },
      );
    case 'confirmation_required': {
      const held = upsertTool(turn, e.callId, e.tool, (t) => ({ ...t, status: 'held' }));
      const confirm: ConfirmItem = {
        kind: 'confirm',
        callId: e.callId,
        tool: e.tool,
        actionId: e.actionId,
        summary: e.summary,
        expiresAt: e.expiresAt,
        status: e.pendingAction?.status ?? 'pending',
      };
      return { ...held, items: [...held.items, confirm] };
    }
    case 'error':
      return { ...turn, error: e.error };
    case 'notice':
      return { ...turn, items: [...turn.items, { kind: 'notice', text: e.text }] };
    case 'done':
      return {
        ...turn,
        done: true,
        // A call that never answered (the turn was cut short) is no longer "running".
        items: turn.items.map((i) =>
          i.kind === 'tool' && i.status === 'running' ? { ...i, status: 'error' as const } : i,
        ),
      };
    default:
      return turn; // an event type this page does not know yet
  }
}

function upsertTool(turn: Turn, callId: string, tool: string, f: (t: ToolItem) => ToolItem): Turn {
  const at = turn.items.findIndex((i) => i.kind === 'tool' && i.callId === callId);
  if (at < 0) {
    return {
      ...turn,
      items: [...turn.items, f({ kind: 'tool', callId, tool, input: {}, status: 'running' })],
    };
  }
  const items = [...turn.items];
  items[at] = f(items[at] as ToolItem);
  return { ...turn, items };
}

/** Rebuilds the conversation from a stored thread. */
export function replay(events: HistoryEvent[]): Turn[] {
  const turns: Turn[] = [];
  let current: Turn | null = null;
  for (const e of events) {
    if (e.type === 'user') {
      if (current) turns.push({ ...current, done: true });
      current = null;
      turns.push(userTurn(e.text));
      continue;
    }
    current = applyEvent(current ?? assistantTurn(), e);
    if (e.type === 'done') {
      turns.push(current);
      current = null;
    }
  }
  if (current) turns.push({ ...current, done: true });
  return turns;
}
