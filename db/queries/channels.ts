import { createHash } from 'node:crypto';
import type { Executor } from '../client';
import { one, run } from '../sql';

export type Platform = 'slack' | 'discord';

export interface ChannelUser {
  platform: Platform;
  /** The Slack workspace (T…); '' on Discord. */
  teamId: string;
  externalUserId: string;
}

export interface LinkedUser {
  id: string;
  role: 'client' | 'freelancer' | 'admin';
  displayName: string;
  status: 'active' | 'suspended';
}

export const hashLinkCode = (code: string) =>
  createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** The marketplace user a platform user is linked to, if any. */
export async function findLinkedUser(ex: Executor, u: ChannelUser): Promise<LinkedUser | undefined> {
  return one<LinkedUser>(
    ex,
    `SELECT us.id, us.role, us.display_name AS displayName, us.status
       FROM channel_identities ci JOIN users us ON us.id = ci.user_id
      WHERE ci.platform = ? AND ci.team_id = ? AND ci.external_user_id = ?`,
    [u.platform, u.teamId, u.externalUserId],
  );
}

export async function insertLinkCode(
  ex: Executor,
  row: { codeHash: string; userId: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await run(ex, 'INSERT INTO link_codes (code_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
    row.codeHash,
    row.userId,
    row.createdAt,
    row.expiresAt,
  ]);
}

/** Spends an unexpired, unused code: returns its user, or undefined when the code is not (or no longer) valid. */
export async function spendLinkCode(
  ex: Executor,
  codeHash: string,
  usedBy: string,
  now: string,
): Promise<string | undefined> {
  const row = await one<{ user_id: string }>(
    ex,
    `UPDATE link_codes SET used_at = ?, used_by = ?
      WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
      RETURNING user_id`,
    [now, usedBy, codeHash, now],
  );
  return row?.user_id;
}

/** Links (or re-links) a platform user to a marketplace user. */
export async function upsertChannelIdentity(
  ex: Executor,
  u: ChannelUser,
  userId: string,
  now: string,
): Promise<void> {
  await run(
    ex,
    `INSERT INTO channel_identities (platform, team_id, external_user_id, user_id, linked_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (platform, team_id, external_user_id) DO UPDATE SET user_id = excluded.user_id, linked_at = excluded.linked_at`,
    [u.platform, u.teamId, u.externalUserId, userId, now],
  );
}

/** Removes every link of a marketplace user (on one platform, or all); returns how many. */
export async function deleteChannelIdentities(
  ex: Executor,
  userId: string,
  platform?: Platform,
): Promise<number> {
  return platform
    ? run(ex, 'DELETE FROM channel_identities WHERE user_id = ? AND platform = ?', [userId, platform])
    : run(ex, 'DELETE FROM channel_identities WHERE user_id = ?', [userId]);
}

/** Records a platform delivery; false when it was already recorded (a retry or a duplicate). */
export async function claimChannelEvent(
  ex: Executor,
  platform: Platform,
  eventId: string,
  now: string,
): Promise<boolean> {
  const n = await run(
    ex,
    'INSERT INTO channel_event_dedup (platform, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [platform, eventId, now],
  );
  return n === 1;
}

export async function pruneChannelEvents(ex: Executor, before: string): Promise<number> {
  return run(ex, 'DELETE FROM channel_event_dedup WHERE received_at < ?', [before]);
}
