-- The audit rows of reads and refusals are written behind their calls, a window at a time, and now as one
-- segment per window: a single row holding the window's calls as a JSON array, instead of one row (and one
-- index entry) per call. Inserting row by row cost ~7 µs of CPU per call on the append thread, more than the
-- whole tool path may add to a read (bench/http); a segment costs ~0.3 µs per call.
--
-- `audit_log` stays what every query reads: a view over both forms, one row per call either way.
-- - audit_rows: the rows written in the transaction of the write they describe (as before).
-- - audit_segments: write-behind windows. A segment's calls take the audit ids id, id + 1, …, reserved in
--   audit_rows' AUTOINCREMENT sequence when it commits, so ids stay unique and in commit order across both.
--   Each element of `rows` is [at, actor_id, actor_role, channel, tool, args, outcome, message, duration_us,
--   pending_action_id], with args as a JSON value and the duration in whole microseconds (an integer
--   prints several times faster than a fraction of a millisecond; the view gives it back in ms).
-- - audit_segment_actors: which actors a segment holds, so that a query by actor (activity KPIs) opens only
--   the segments that concern it.
ALTER TABLE audit_log RENAME TO audit_rows;

-- A fresh database has no sequence row until its first write; segments reserve their ids from it.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'audit_rows', COALESCE((SELECT MAX(id) FROM audit_rows), 0)
WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'audit_rows');

CREATE TABLE audit_segments (
  id INTEGER PRIMARY KEY,
  row_count INTEGER NOT NULL CHECK (row_count > 0),
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  rows TEXT NOT NULL CHECK (json_valid(rows))
);
CREATE INDEX audit_segments_last_at ON audit_segments(last_at);

CREATE TABLE audit_segment_actors (
  actor_id TEXT NOT NULL,
  segment_id INTEGER NOT NULL REFERENCES audit_segments(id),
  PRIMARY KEY (actor_id, segment_id)
) WITHOUT ROWID;

CREATE VIEW audit_log (id, at, actor_id, actor_role, channel, tool, args, outcome, message, duration_ms,
                       pending_action_id) AS
SELECT id, at, actor_id, actor_role, channel, tool, args, outcome, message, duration_ms, pending_action_id
FROM audit_rows
UNION ALL
SELECT s.id + r.key, r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value -> 5,
       r.value ->> 6, r.value ->> 7, (r.value ->> 8) / 1000.0, r.value ->> 9
FROM audit_segments s, json_each(s.rows) r;
