import type { Executor } from '../client';
import { all, one } from '../sql';

/** A person's threads on one channel, newest first, titled by their first message. */
export async function listUserThreads(
  ex: Executor,
  userId: string,
  channel: string,
  limit: number,
): Promise<{ id: string; title: string | null; updated_at: string; channel: string }[]> {
  return all(
    ex,
    `SELECT t.channel_thread_id AS id, t.updated_at, t.channel,
            (SELECT substr(m.content, 1, 200) FROM agent_messages m
              WHERE m.thread_id = t.id AND m.kind = 'human' ORDER BY m.seq LIMIT 1) AS title
     FROM agent_threads t WHERE t.user_id = ? AND t.channel = ?
     ORDER BY t.updated_at DESC, t.id LIMIT ?`,
    [userId, channel, limit],
  );
}

/** Whether someone other than `userId` has a thread with this channel thread id. */
export async function threadTakenByOther(
  ex: Executor,
  channel: string,
  channelThreadId: string,
  userId: string,
): Promise<boolean> {
  const row = await one(
    ex,
    'SELECT 1 AS x FROM agent_threads WHERE channel = ? AND channel_thread_id = ? AND user_id <> ? LIMIT 1',
    [channel, channelThreadId, userId],
  );
  return row !== undefined;
}

/** Where a pending action was proposed: its channel ("agent:web"…), channel thread id and owner. */
export async function findActionOrigin(
  ex: Executor,
  actionId: string,
): Promise<{ channel: string; thread_id: string | null; actor_id: string } | undefined> {
  return one(ex, 'SELECT channel, thread_id, actor_id FROM pending_actions WHERE id = ?', [actionId]);
}
