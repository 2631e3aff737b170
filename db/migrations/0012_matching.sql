-- Matching (matching/rank): full-text candidates over freelancer profiles and their case studies.
-- One row per freelancer profile, keyed by the profile's rowid. Kept by the matching jobs
-- (matching/jobs: embed_documents after a profile or case-study write, matching_sync at start, reindex),
-- not by triggers: the seed writes 100k profiles in bulk and a trigger per skill row would slow it down.
CREATE VIRTUAL TABLE profiles_fts USING fts5(
  user_id UNINDEXED,
  headline,
  bio,
  skills,
  work,
  tokenize = 'porter unicode61'
);

-- Matching settings that must survive restarts: which embedding provider the stored vectors were made for,
-- so a change of EMBEDDING_MODEL is noticed at start and triggers a re-embed.
CREATE TABLE matching_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- Bumped by every vector write: in-process caches of the 1-bit codes (matching/codeCache.ts) reload when it
-- moves, in whichever process the write happened.
INSERT INTO matching_state (key, value, updated_at) VALUES ('embeddings_version', '0', '1970-01-01T00:00:00.000Z');
CREATE TRIGGER embeddings_version_insert AFTER INSERT ON embeddings BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'embeddings_version';
END;
CREATE TRIGGER embeddings_version_update AFTER UPDATE OF owner_kind, provider_id, dimension, vector ON embeddings BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'embeddings_version';
END;
CREATE TRIGGER embeddings_version_delete AFTER DELETE ON embeddings BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'embeddings_version';
END;
