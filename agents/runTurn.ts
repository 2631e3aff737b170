import { AIMessage, type BaseMessage, SystemMessage, type ToolMessage } from '@langchain/core/messages';
import { countTokensApproximately, createMiddleware } from 'langchain';
import type { Db } from '../db/client';
import { appendMessages, type NewMessage } from '../db/queries/threads';
import type { Actor } from '../tools/define';
import type { CallResult } from '../tools/dispatcher';
import type { CopilotEvent } from './events';
import type { UsageLimiter } from './limits';
import { fromLangChain } from './memory';
import { TURN_CONTEXT_KEY, type TurnContext } from './tools';

/** The node of a LangChain v1 agent that calls the model (its name in stream metadata). */
export const MODEL_NODE = 'model_request';

/**
 * Records one turn in its thread with as few writes as possible: after each model call, before its tools
 * run, ONE write stores the tool results the model just read, the model's message, the tokens it used and
 * the per-minute tool-call quota for the calls it asked for. `flush` stores whatever a turn that ended
 * early (an error, an abort) left unsaved.
 */
export class TurnRecorder {
  /** Tool calls over the per-minute cap: the adapter answers them RATE_LIMITED without dispatching. */
  readonly refused = new Set<string>();
  /** Tool calls within the cap. */
  readonly granted = new Set<string>();
  private readonly saved = new Set<string>();
  private readonly pending = new Map<string, ToolMessage>();
  private used = 0;

  constructor(
    private readonly deps: {
      db: Db;
      limiter: UsageLimiter;
      actor: Actor;
      threadId: string;
      turnId: string;
      systemPrompt: string;
      clock: () => Date;
    },
    /** What the thread already holds (history and this turn's message). */
    stored: readonly BaseMessage[],
  ) {
    for (const m of stored) if (m.type === 'tool') this.saved.add((m as ToolMessage).tool_call_id);
  }

  /** Tokens this turn's model calls used. */
  get tokens(): number {
    return this.used;
  }

  /** A tool result seen in the stream; stored with the next model call, or by `flush`. */
  seen(msg: ToolMessage): void {
    if (!this.saved.has(msg.tool_call_id)) this.pending.set(msg.tool_call_id, msg);
  }

  /** After a model call, before its tools run. */
  async afterModel(request: readonly BaseMessage[], ai: AIMessage): Promise<void> {
    const { db, limiter, actor, threadId, turnId } = this.deps;
    const rows: NewMessage[] = [];
    for (const m of request) {
      if (m.type !== 'tool') continue;
      const id = (m as ToolMessage).tool_call_id;
      if (this.saved.has(id)) continue;
      const row = fromLangChain(m, turnId);
      if (row) rows.push(row);
    }
    const tokens =
      ai.usage_metadata?.total_tokens ??
      countTokensApproximately([...request]) +
        Math.ceil(this.deps.systemPrompt.length / 4) +
        countTokensApproximately([ai]);
    const aiRow = fromLangChain(ai, turnId, tokens);
    if (aiRow) rows.push(aiRow);
    const calls = (ai.tool_calls ?? []).map((c) => c.id ?? '');
    const now = this.deps.clock().toISOString();
    const granted = await db.write(async (tx) => {
      await appendMessages(tx, threadId, rows, now);
      await limiter.addTokens(actor.id, tokens, tx);
      return limiter.takeToolCalls(actor.id, calls.length, tx);
    });
    for (const r of rows) if (r.kind === 'tool' && r.toolCallId) this.markSaved(r.toolCallId);
    this.used += tokens;
    calls.forEach((id, i) => {
      (i < granted ? this.granted : this.refused).add(id);
    });
  }

  /** Stores tool results no model call stored (the turn stopped after its tools). */
  async flush(): Promise<void> {
    const rows = [...this.pending.values()].flatMap((m) => fromLangChain(m, this.deps.turnId) ?? []);
    if (rows.length === 0) return;
    const now = this.deps.clock().toISOString();
    await this.deps.db.write((tx) => appendMessages(tx, this.deps.threadId, rows, now));
    for (const r of rows) if (r.toolCallId) this.markSaved(r.toolCallId);
  }

  private markSaved(id: string): void {
    this.saved.add(id);
    this.pending.delete(id);
  }
}

export const SYSTEM_PROMPT_KEY = 'megilance_system_prompt';

/**
 * The copilot's one middleware: sets the system prompt rendered for this person and this turn, and hands
 * each model answer to the turn's recorder before any of its tool calls run.
 */
export const copilotMiddleware = createMiddleware({
  name: 'MegiLanceCopilot',
  wrapModelCall: async (request, handler) => {
    const configurable = request.runtime.configurable ?? {};
    const systemPrompt = configurable[SYSTEM_PROMPT_KEY];
    // A SystemMessage with plain string content: some OpenAI-compatible servers refuse content parts there.
    const response = await handler(
      typeof systemPrompt === 'string'
        ? { ...request, systemMessage: new SystemMessage(systemPrompt) }
        : request,
    );
    const turn = configurable[TURN_CONTEXT_KEY] as TurnContext | undefined;
    if (turn?.recorder && AIMessage.isInstance(response))
      await turn.recorder.afterModel(request.messages, response);
    return response;
  },
});

/**
 * Maps an agent's stream (`streamMode: ['messages', 'updates']`) to copilot events: `messages` chunks from the
 * model node become `text` deltas; `updates` carry the model's finished message (→ `tool_start` per call)
 * and each tool's result (→ `tool_result` or `confirmation_required`).
 */
export function streamEvents(chunk: [string, unknown], recorder?: TurnRecorder): CopilotEvent[] {
  const [mode, payload] = chunk;
  if (mode === 'messages') {
    const [msg, meta] = payload as [BaseMessage, { langgraph_node?: string }];
    if (msg.type !== 'ai' || meta?.langgraph_node !== MODEL_NODE) return [];
    const delta = msg.text;
    return delta ? [{ type: 'text', delta }] : [];
  }
  if (mode !== 'updates' || !payload || typeof payload !== 'object') return [];
  const events: CopilotEvent[] = [];
  for (const update of Object.values(payload as Record<string, unknown>)) {
    for (const msg of messagesOf(update)) {
      if (msg.type === 'ai') {
        for (const call of (msg as AIMessage).tool_calls ?? []) {
          events.push({ type: 'tool_start', callId: call.id ?? '', tool: call.name, input: call.args });
        }
      } else if (msg.type === 'tool') {
        recorder?.seen(msg as ToolMessage);
        events.push(toolEvent(msg as ToolMessage));
      }
    }
  }
  return events;
}

function messagesOf(update: unknown): BaseMessage[] {
  if (!update || typeof update !== 'object' || !('messages' in update)) return [];
  const m = (update as { messages: unknown }).messages;
  const list = Array.isArray(m) ? m : [m];
  return list.filter((x): x is BaseMessage => !!x && typeof x === 'object' && 'type' in x);
}

function toolEvent(msg: ToolMessage): CopilotEvent {
  const callId = msg.tool_call_id;
  const tool = msg.name ?? '';
  const result = msg.artifact as CallResult | undefined;
  if (!result || typeof result !== 'object' || !('ok' in result)) {
    // The tool never reached the dispatcher (no such tool bound, or it threw).
    const message = typeof msg.content === 'string' ? msg.content : JSON.stringify(msg.content);
    return { type: 'tool_result', callId, tool, ok: false, error: { code: 'INTERNAL', message } };
  }
  if (result.ok) return { type: 'tool_result', callId, tool, ok: true, data: result.data };
  const pending = result.error.pendingAction;
  if (result.error.code === 'NEEDS_CONFIRMATION' && pending) {
    return {
      type: 'confirmation_required',
      callId,
      tool,
      actionId: pending.id,
      summary: pending.summary,
      expiresAt: pending.expiresAt,
      pendingAction: pending,
    };
  }
  return { type: 'tool_result', callId, tool, ok: false, error: result.error };
}
