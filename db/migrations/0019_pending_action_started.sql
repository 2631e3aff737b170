-- A confirmed action whose tool calls an outside service (a deposit's payment provider) is started in a
-- write of its own, then calls out with no transaction open, then finishes in a second write: the
-- provider's latency no longer holds the one database writer, and every other write, for its duration.
-- `started_at` is that first step: a started action can no longer be cancelled or confirmed again, so a
-- Cancel racing a Confirm can never leave a charge with nothing credited.
ALTER TABLE pending_actions ADD COLUMN started_at TEXT;
