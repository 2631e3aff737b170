import type { Executor } from '../client';
import { one, run } from '../sql';
import type { UserRow } from './users';

// ---- Users and passwords (users, user_passwords) ----

export async function findUserByEmail(ex: Executor, email: string): Promise<UserRow | undefined> {
  return one<UserRow>(ex, 'SELECT * FROM users WHERE email = ?', [email]);
}

export async function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  return one<UserRow>(ex, 'SELECT * FROM users WHERE id = ?', [id]);
}

export async function insertUser(
  tx: Executor,
  u: {
    id: string;
    role: 'client' | 'freelancer';
    email: string;
    displayName: string;
    country: string;
    now: string;
  },
): Promise<void> {
  await run(
    tx,
    'INSERT INTO users (id, role, email, display_name, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [u.id, u.role, u.email, u.displayName, u.country, u.now],
  );
}

export async function setPasswordHash(
  tx: Executor,
  userId: string,
  hash: string,
  now: string,
): Promise<void> {
  await run(
    tx,
    `INSERT INTO user_passwords (user_id, hash, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`,
    [userId, hash, now],
  );
}

export async function getPasswordHash(ex: Executor, userId: string): Promise<string | undefined> {
  return (await one<{ hash: string }>(ex, 'SELECT hash FROM user_passwords WHERE user_id = ?', [userId]))
    ?.hash;
}

// ---- Browser sessions (web_sessions) ----

export interface WebSessionRow {
  id: string;
  family_id: string;
  user_id: string;
  session_hash: string;
  refresh_hash: string;
  created_at: string;
  expires_at: string;
  refresh_expires_at: string;
  revoked_at: string | null;
  method: 'demo' | 'password' | 'refresh';
}

export async function insertSession(
  tx: Executor,
  s: {
    id: string;
    familyId: string;
    userId: string;
    sessionHash: string;
    refreshHash: string;
    createdAt: string;
    expiresAt: string;
    refreshExpiresAt: string;
    method: WebSessionRow['method'];
  },
): Promise<void> {
  await run(
    tx,
    `INSERT INTO web_sessions (id, family_id, user_id, session_hash, refresh_hash, created_at, expires_at,
                               refresh_expires_at, method)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      s.id,
      s.familyId,
      s.userId,
      s.sessionHash,
      s.refreshHash,
      s.createdAt,
      s.expiresAt,
      s.refreshExpiresAt,
      s.method,
    ],
  );
}

/** The live session behind a session token's hash, with its user (none when revoked or expired). */
export async function findLiveSession(
  ex: Executor,
  sessionHash: string,
  now: string,
): Promise<
  (WebSessionRow & { role: UserRow['role']; display_name: string; status: UserRow['status'] }) | undefined
> {
  return one(
    ex,
    `SELECT s.*, u.role, u.display_name, u.status FROM web_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.session_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?`,
    [sessionHash, now],
  );
}

export async function findSessionByRefresh(
  ex: Executor,
  refreshHash: string,
): Promise<WebSessionRow | undefined> {
  return one<WebSessionRow>(ex, 'SELECT * FROM web_sessions WHERE refresh_hash = ?', [refreshHash]);
}

/** Revokes one session if still live; returns whether this call revoked it (a racing refresh loses). */
export async function revokeSession(tx: Executor, id: string, now: string): Promise<boolean> {
  return (
    (await run(tx, 'UPDATE web_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id])) >
    0
  );
}

export async function revokeFamily(tx: Executor, familyId: string, now: string): Promise<number> {
  return run(tx, 'UPDATE web_sessions SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [
    now,
    familyId,
  ]);
}

// ---- Rate counters (rate_counters) ----

/**
 * Adds one to a fixed-window counter while it stays within `max`; returns whether it was added. One statement,
 * so concurrent callers on any node sharing the database never push a counter past its cap.
 */
export async function takeRateCounter(
  tx: Executor,
  c: { key: string; window: string; max: number },
): Promise<boolean> {
  if (c.max < 1) return false;
  const changed = await run(
    tx,
    `INSERT INTO rate_counters (counter_key, window_start, count) VALUES (?, ?, 1)
     ON CONFLICT (counter_key, window_start) DO UPDATE SET count = count + 1 WHERE count + 1 <= ?`,
    [c.key, c.window, c.max],
  );
  return changed > 0;
}

/** Drops a counter's past windows (they can no longer limit anything). */
export async function pruneRateCounters(tx: Executor, key: string, before: string): Promise<void> {
  await run(tx, 'DELETE FROM rate_counters WHERE counter_key = ? AND window_start < ?', [key, before]);
}
