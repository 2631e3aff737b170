-- Web sign-in: passwords for people who sign up with an email, browser sessions, and the per-user request
-- counters the web API rate limits with when no Redis is configured.

-- One password per user, as "scrypt$N$r$p$<salt b64url>$<hash b64url>"; never the clear password.
CREATE TABLE user_passwords (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  hash TEXT NOT NULL CHECK (hash LIKE 'scrypt$%'),
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- A browser session: a short-lived session token (cookie ml_session) and a long-lived refresh token (cookie
-- ml_refresh). Only their SHA-256 is stored (both are 256-bit random, so a slow hash adds nothing). Refreshing
-- revokes the row and opens a new one in the same family; a refresh token presented again after its rotation
-- revokes the whole family (it was stolen or replayed).
CREATE TABLE web_sessions (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  session_hash TEXT NOT NULL UNIQUE CHECK (length(session_hash) = 64),
  refresh_hash TEXT NOT NULL UNIQUE CHECK (length(refresh_hash) = 64),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  refresh_expires_at TEXT NOT NULL,
  revoked_at TEXT,
  -- How the person signed in: 'demo', 'password' (or 'refresh' for a rotated session).
  method TEXT NOT NULL CHECK (method IN ('demo', 'password', 'refresh'))
);
CREATE INDEX web_sessions_user ON web_sessions(user_id, created_at);
CREATE INDEX web_sessions_family ON web_sessions(family_id);

-- Fixed-window request counters (messages and tool calls per minute per user) for the web API's rate limits.
-- With REDIS_URL set the counters live in Redis instead. Rows of past windows can be deleted.
CREATE TABLE rate_counters (
  counter_key TEXT NOT NULL CHECK (length(counter_key) BETWEEN 1 AND 200),
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
  PRIMARY KEY (counter_key, window_start)
) WITHOUT ROWID;
