-- Copilot conversations and per-user usage counters. A thread is one conversation of one user on one
-- channel thread (a Slack thread, a Discord DM, a web chat, a terminal session); a new process reads it back
-- and continues where the last one stopped.

CREATE TABLE agent_threads (
  id TEXT PRIMARY KEY,
  -- The surface ("cli", "web", "slack", "discord") and that surface's own thread id.
  channel TEXT NOT NULL CHECK (length(channel) BETWEEN 1 AND 40),
  channel_thread_id TEXT NOT NULL CHECK (length(channel_thread_id) BETWEEN 1 AND 200),
  -- Each user has their own conversation, even inside a thread several people share.
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('client', 'freelancer', 'admin')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (channel, channel_thread_id, user_id)
);
CREATE INDEX agent_threads_user ON agent_threads(user_id, updated_at);

-- Every message of a thread in order: what the person typed, what the model answered (with its tool calls),
-- each tool result (with the pending action it created, if any), and notices the channel appended (the
-- outcome of a Confirm or Cancel the person pressed), which the model reads on its next turn.
CREATE TABLE agent_messages (
  thread_id TEXT NOT NULL REFERENCES agent_threads(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  turn_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('human', 'ai', 'tool', 'notice')),
  content TEXT NOT NULL,
  -- ai: JSON array of {id, name, args}.
  tool_calls TEXT CHECK (tool_calls IS NULL OR json_valid(tool_calls)),
  -- tool: which call this answers, the tool's name and the outcome ('OK' or an error code).
  tool_call_id TEXT,
  tool_name TEXT,
  outcome TEXT,
  pending_action_id TEXT,
  -- ai: tokens the model call used (reported, or estimated when the model reports none).
  tokens INTEGER CHECK (tokens IS NULL OR tokens >= 0),
  created_at TEXT NOT NULL,
  PRIMARY KEY (thread_id, seq),
  CHECK (kind <> 'tool' OR tool_call_id IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX agent_messages_pending_action ON agent_messages(pending_action_id) WHERE pending_action_id IS NOT NULL;

-- Fixed-window counters per user: turns and tool calls per minute ("2026-11-23T12:04"), tokens per day
-- ("2026-11-23"). In the database, so the caps hold across restarts and across nodes sharing it.
CREATE TABLE agent_usage (
  user_id TEXT NOT NULL,
  metric TEXT NOT NULL CHECK (metric IN ('turns', 'tool_calls', 'tokens')),
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
  PRIMARY KEY (user_id, metric, window_start)
) WITHOUT ROWID;
