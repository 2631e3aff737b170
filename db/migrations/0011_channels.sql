-- Chat platforms (Slack, Discord): which platform user is which marketplace user, the one-time codes that
-- link them, and the platform event ids already handled (retries are processed once).

-- A Slack user is one workspace's user (team_id = the workspace); a Discord user is global (team_id = '').
CREATE TABLE channel_identities (
  platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord')),
  team_id TEXT NOT NULL DEFAULT '' CHECK (length(team_id) <= 40),
  external_user_id TEXT NOT NULL CHECK (length(external_user_id) BETWEEN 1 AND 64),
  user_id TEXT NOT NULL REFERENCES users(id),
  linked_at TEXT NOT NULL,
  PRIMARY KEY (platform, team_id, external_user_id)
) WITHOUT ROWID;
CREATE INDEX channel_identities_user ON channel_identities(user_id);

-- A code a signed-in user asked for (issue_link_code) and types into Slack or Discord once. Only its SHA-256
-- is stored; it expires, and it is spent by the first redemption.
CREATE TABLE link_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  -- "slack:T123:U456" or "discord::789": who redeemed it.
  used_by TEXT
);
CREATE INDEX link_codes_user ON link_codes(user_id, created_at);

-- Platform deliveries already taken (Slack event_id, Discord interaction id): a retry finds its row and is
-- acknowledged without running again. Rows older than a day can be deleted.
CREATE TABLE channel_event_dedup (
  platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord')),
  event_id TEXT NOT NULL CHECK (length(event_id) BETWEEN 1 AND 100),
  received_at TEXT NOT NULL,
  PRIMARY KEY (platform, event_id)
) WITHOUT ROWID;
