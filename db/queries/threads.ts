import type { Executor } from '../client';
import { all, one, run } from '../sql';

// ---- Copilot threads and messages (agent_threads, agent_messages) ----

export interface ThreadRow {
  id: string;
  channel: string;
  channel_thread_id: string;
  user_id: string;
  role: 'client' | 'freelancer' | 'admin';
  created_at: string;
  updated_at: string;
}

export type MessageKind = 'human' | 'ai' | 'tool' | 'notice';

export interface MessageRow {
  thread_id: string;
  seq: number;
  turn_id: string | null;
  kind: MessageKind;
  content: string;
  tool_calls: string | null;
  tool_call_id: string | null;
  tool_name: string | null;
  outcome: string | null;
  pending_action_id: string | null;
  tokens: number | null;
  created_at: string;
}

/** One message to append; the thread and its order (seq) are assigned by `appendMessages`. */
export interface NewMessage {
  turnId?: string | null;
  kind: MessageKind;
  content: string;
  toolCalls?: unknown[] | null;
  toolCallId?: string | null;
  toolName?: string | null;
  outcome?: string | null;
  pendingActionId?: string | null;
  tokens?: number | null;
}

export async function findThread(
  ex: Executor,
  channel: string,
  channelThreadId: string,
  userId: string,
): Promise<ThreadRow | undefined> {
  return one<ThreadRow>(
    ex,
    'SELECT * FROM agent_threads WHERE channel = ? AND channel_thread_id = ? AND user_id = ?',
    [channel, channelThreadId, userId],
  );
}

/** Creates the thread unless it exists (two nodes may race to create it) and returns the stored row. */
export async function ensureThread(
  tx: Executor,
  t: { id: string; channel: string; channelThreadId: string; userId: string; role: string; now: string },
): Promise<ThreadRow> {
  await run(
    tx,
    `INSERT INTO agent_threads (id, channel, channel_thread_id, user_id, role, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (channel, channel_thread_id, user_id) DO NOTHING`,
    [t.id, t.channel, t.channelThreadId, t.userId, t.role, t.now, t.now],
  );
  const row = await findThread(tx, t.channel, t.channelThreadId, t.userId);
  if (!row) throw new Error(`Thread ${t.channel}/${t.channelThreadId} vanished after its insert`);
  return row;
}

/** The last `limit` messages of a thread, oldest first. */
export async function listRecentMessages(
  ex: Executor,
  threadId: string,
  limit: number,
): Promise<MessageRow[]> {
  const rows = await all<MessageRow>(
    ex,
    'SELECT * FROM agent_messages WHERE thread_id = ? ORDER BY seq DESC LIMIT ?',
    [threadId, limit],
  );
  return rows.reverse();
}

/** Appends messages in order after the thread's last one; call inside a write transaction. */
export async function appendMessages(
  tx: Executor,
  threadId: string,
  messages: readonly NewMessage[],
  now: string,
): Promise<void> {
  if (messages.length === 0) return;
  const last = await one<{ seq: number | null }>(
    tx,
    'SELECT max(seq) AS seq FROM agent_messages WHERE thread_id = ?',
    [threadId],
  );
  let seq = Number(last?.seq ?? 0);
  for (const m of messages) {
    seq += 1;
    await run(
      tx,
      `INSERT INTO agent_messages (thread_id, seq, turn_id, kind, content, tool_calls, tool_call_id, tool_name,
                                   outcome, pending_action_id, tokens, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        threadId,
        seq,
        m.turnId ?? null,
        m.kind,
        m.content,
        m.toolCalls ? JSON.stringify(m.toolCalls) : null,
        m.toolCallId ?? null,
        m.toolName ?? null,
        m.outcome ?? null,
        m.pendingActionId ?? null,
        m.tokens ?? null,
        now,
      ],
    );
  }
  await run(tx, 'UPDATE agent_threads SET updated_at = ? WHERE id = ?', [now, threadId]);
}

// ---- Usage counters (agent_usage) ----

export type UsageMetric = 'turns' | 'tool_calls' | 'tokens';

/**
 * Adds `amount` to a counter only while it stays within `max`; returns whether it was added. One
 * statement, so concurrent callers (other processes included) can never push a counter past its cap.
 */
export async function takeUsage(
  tx: Executor,
  u: { userId: string; metric: UsageMetric; window: string; amount: number; max: number },
): Promise<boolean> {
  if (u.amount > u.max) return false;
  const changed = await run(
    tx,
    `INSERT INTO agent_usage (user_id, metric, window_start, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, metric, window_start) DO UPDATE SET count = count + excluded.count
     WHERE count + excluded.count <= ?`,
    [u.userId, u.metric, u.window, u.amount, u.max],
  );
  return changed > 0;
}

/** Adds `amount` to a counter with no cap (tokens are known only after the model answered). */
export async function addUsage(
  tx: Executor,
  u: { userId: string; metric: UsageMetric; window: string; amount: number },
): Promise<void> {
  await run(
    tx,
    `INSERT INTO agent_usage (user_id, metric, window_start, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, metric, window_start) DO UPDATE SET count = count + excluded.count`,
    [u.userId, u.metric, u.window, u.amount],
  );
}

export async function getUsage(
  ex: Executor,
  userId: string,
  metric: UsageMetric,
  window: string,
): Promise<number> {
  const row = await one<{ count: number }>(
    ex,
    'SELECT count FROM agent_usage WHERE user_id = ? AND metric = ? AND window_start = ?',
    [userId, metric, window],
  );
  return Number(row?.count ?? 0);
}

/** Drops a user's counters from windows that started before `before` (they can no longer limit anything). */
export async function pruneUsage(tx: Executor, userId: string, before: string): Promise<void> {
  await run(tx, 'DELETE FROM agent_usage WHERE user_id = ? AND window_start < ?', [userId, before]);
}

// ---- The marketplace vocabulary the offline model reads (categories and industries) ----

export interface NamedSlug {
  slug: string;
  name: string;
}

export async function listCategories(ex: Executor): Promise<NamedSlug[]> {
  return all<NamedSlug>(ex, 'SELECT slug, name FROM categories ORDER BY slug');
}

export async function listIndustries(ex: Executor): Promise<NamedSlug[]> {
  return all<NamedSlug>(ex, 'SELECT slug, name FROM industries ORDER BY slug');
}
