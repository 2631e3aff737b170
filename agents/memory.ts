import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import type { Db, Executor } from '../db/client';
import { newId } from '../db/ids';
import {
  appendMessages,
  ensureThread,
  findThread,
  listRecentMessages,
  type MessageRow,
  type NewMessage,
  type ThreadRow,
} from '../db/queries/threads';
import type { Actor } from '../tools/define';
import type { CallResult } from '../tools/dispatcher';

export type { MessageRow, NewMessage, ThreadRow };

export interface StoredToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/**
 * Conversations in the database, keyed by (channel, channel thread id, user): what was said, every tool
 * call and result (with the pending action a held call created) and the notices channels append. A new
 * process reads a thread back and continues it.
 */
export class ThreadMemory {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
    /** How many of the latest messages a turn sends to the model. */
    readonly historyLimit = 80,
  ) {}

  /** The person's thread on this channel thread, created on first use. */
  async open(actor: Actor, channel: string, channelThreadId: string): Promise<ThreadRow> {
    const found = await findThread(this.db.reader, channel, channelThreadId, actor.id);
    if (found) return found;
    const now = this.clock().toISOString();
    return this.db.write((tx) =>
      ensureThread(tx, {
        id: newId('thr'),
        channel,
        channelThreadId,
        userId: actor.id,
        role: actor.role,
        now,
      }),
    );
  }

  /**
   * Starts a turn in ONE write: `before(tx)` first (taking the turn from the limiter; throwing rolls
   * everything back), then the thread is created if new and the person's message appended. Returns the
   * thread and its history as it was before this message.
   */
  async startTurn(
    actor: Actor,
    channel: string,
    channelThreadId: string,
    first: NewMessage,
    before: (tx: Executor) => Promise<void>,
  ): Promise<{ thread: ThreadRow; history: BaseMessage[] }> {
    const found = await findThread(this.db.reader, channel, channelThreadId, actor.id);
    const history = found ? await this.history(found.id) : [];
    const now = this.clock().toISOString();
    const thread = await this.db.write(async (tx) => {
      await before(tx);
      const t =
        found ??
        (await ensureThread(tx, {
          id: newId('thr'),
          channel,
          channelThreadId,
          userId: actor.id,
          role: actor.role,
          now,
        }));
      await appendMessages(tx, t.id, [first], now);
      return t;
    });
    return { thread, history };
  }

  /** An existing thread, or undefined (never creates one). */
  find(actor: Actor, channel: string, channelThreadId: string): Promise<ThreadRow | undefined> {
    return findThread(this.db.reader, channel, channelThreadId, actor.id);
  }

  /** Appends messages in order; `also` runs in the same write transaction (e.g. counting tokens). */
  async append(
    threadId: string,
    messages: readonly NewMessage[],
    also?: (tx: Executor) => Promise<void>,
  ): Promise<void> {
    if (messages.length === 0 && !also) return;
    const now = this.clock().toISOString();
    await this.db.write(async (tx) => {
      await appendMessages(tx, threadId, messages, now);
      await also?.(tx);
    });
  }

  /** The stored rows of a thread, oldest first (the latest `limit`). */
  rows(threadId: string, limit = this.historyLimit): Promise<MessageRow[]> {
    return listRecentMessages(this.db.reader, threadId, limit);
  }

  /** The thread as LangChain messages for the next model call, repaired so every tool call has its result. */
  async history(threadId: string): Promise<BaseMessage[]> {
    return toLangChain(await this.rows(threadId));
  }
}

/** A LangChain message produced during a turn, as a row to store. */
export function fromLangChain(msg: BaseMessage, turnId: string, tokens?: number): NewMessage | null {
  if (msg.type === 'tool') {
    const tool = msg as ToolMessage;
    const result = tool.artifact as CallResult | undefined;
    const outcome = result
      ? result.ok
        ? 'OK'
        : result.error.code
      : tool.status === 'error'
        ? 'ERROR'
        : 'OK';
    const pendingActionId = result && !result.ok ? (result.error.pendingAction?.id ?? null) : null;
    return {
      turnId,
      kind: 'tool',
      content: typeof tool.content === 'string' ? tool.content : JSON.stringify(tool.content),
      toolCallId: tool.tool_call_id,
      toolName: tool.name ?? null,
      outcome,
      pendingActionId,
    };
  }
  // By type, not class: a streamed answer arrives as an AIMessageChunk.
  if (msg.type === 'ai') {
    const calls: StoredToolCall[] = ((msg as AIMessage).tool_calls ?? []).map((c) => ({
      id: c.id ?? '',
      name: c.name,
      args: c.args,
    }));
    return {
      turnId,
      kind: 'ai',
      content: msg.text,
      toolCalls: calls.length > 0 ? calls : null,
      tokens: tokens ?? null,
    };
  }
  if (msg.type === 'human') return { turnId, kind: 'human', content: msg.text };
  return null;
}

const INTERRUPTED = JSON.stringify({
  ok: false,
  error: {
    code: 'INTERNAL',
    message:
      'This call was interrupted before its result was saved, so its outcome is unknown. Check the current state before trying again.',
  },
});

/**
 * Rows → messages a chat model accepts: each tool result right after the model message that asked for it
 * (a synthetic "interrupted" result when a crash lost it), results whose request fell outside the window
 * dropped, and the window starting at a person's message.
 */
export function toLangChain(rows: readonly MessageRow[]): BaseMessage[] {
  const firstHuman = rows.findIndex((r) => r.kind === 'human');
  const window = firstHuman > 0 ? rows.slice(firstHuman) : rows;
  const results = new Map<string, MessageRow>();
  for (const r of window) if (r.kind === 'tool' && r.tool_call_id) results.set(r.tool_call_id, r);
  const out: BaseMessage[] = [];
  for (const r of window) {
    switch (r.kind) {
      case 'human':
        out.push(new HumanMessage(r.content));
        break;
      case 'notice':
        out.push(new SystemMessage(r.content));
        break;
      case 'ai': {
        const calls = r.tool_calls ? (JSON.parse(r.tool_calls) as StoredToolCall[]) : [];
        out.push(
          new AIMessage({
            content: r.content,
            tool_calls: calls.map((c) => ({
              id: c.id,
              name: c.name,
              args: c.args,
              type: 'tool_call' as const,
            })),
          }),
        );
        for (const c of calls) {
          const res = results.get(c.id);
          out.push(
            new ToolMessage({
              content: res?.content ?? INTERRUPTED,
              tool_call_id: c.id,
              name: c.name,
              status: res && res.outcome === 'OK' ? 'success' : 'error',
            }),
          );
        }
        break;
      }
      case 'tool':
        break; // placed after the model message that asked for it
    }
  }
  return out;
}
