-- Embedding vectors for matching (matching/vectors/). Portable: runs on embedded libSQL and on sqld/Turso
-- (no extensions); the triggers use libSQL's built-in vector functions.

-- One current vector per owner: the source of truth every backend reads and writes. The vector is raw
-- little-endian float32 (what libSQL's vector32() and sqlite-vec read). provider_id + dimension say which
-- model made it and content_hash which text, so a change of either is detected (needsReembed).
CREATE TABLE embeddings (
  id INTEGER PRIMARY KEY,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('profile', 'case_study', 'project')),
  owner_id TEXT NOT NULL,
  provider_id TEXT NOT NULL CHECK (length(provider_id) BETWEEN 1 AND 200),
  dimension INTEGER NOT NULL CHECK (dimension BETWEEN 1 AND 16384),
  content_hash TEXT,
  updated_at TEXT NOT NULL,
  vector BLOB NOT NULL CHECK (length(vector) = 4 * dimension),
  UNIQUE (owner_kind, owner_id)
);
CREATE INDEX embeddings_space ON embeddings(owner_kind, provider_id, dimension);

-- 1-bit codes (sign of each component, libSQL vector1bit) for binary-quantized search: a narrow table
-- scanned by Hamming distance, candidates rescored against the float vectors. Kept by the triggers below,
-- so it is right whoever writes embeddings.
CREATE TABLE embedding_codes (
  owner_kind TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  embedding_id INTEGER NOT NULL,
  code BLOB NOT NULL,
  PRIMARY KEY (owner_kind, provider_id, dimension, embedding_id)
) WITHOUT ROWID;

-- Derived indexes that live outside this schema (sqlite-vec vec0 tables in an embedded database), each
-- synced up to a position in embedding_changes. 'stale': left behind too long, rebuilt when next used.
CREATE TABLE vector_indexes (
  name TEXT PRIMARY KEY,
  owner_kind TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  dimension INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('building', 'ready', 'stale')),
  synced_seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- Which embeddings changed, for derived indexes to catch up; only written while such an index exists for
-- the kind, and pruned once every index has caught up.
CREATE TABLE embedding_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_kind TEXT NOT NULL,
  embedding_id INTEGER NOT NULL
);

CREATE TRIGGER embeddings_after_insert AFTER INSERT ON embeddings BEGIN
  INSERT INTO embedding_codes (owner_kind, provider_id, dimension, embedding_id, code)
    VALUES (NEW.owner_kind, NEW.provider_id, NEW.dimension, NEW.id, vector1bit(vector32(NEW.vector)));
  INSERT INTO embedding_changes (owner_kind, embedding_id)
    SELECT NEW.owner_kind, NEW.id WHERE EXISTS (SELECT 1 FROM vector_indexes WHERE owner_kind = NEW.owner_kind);
END;

CREATE TRIGGER embeddings_after_update AFTER UPDATE OF owner_kind, provider_id, dimension, vector ON embeddings BEGIN
  DELETE FROM embedding_codes
    WHERE owner_kind = OLD.owner_kind AND provider_id = OLD.provider_id AND dimension = OLD.dimension
      AND embedding_id = OLD.id;
  INSERT INTO embedding_codes (owner_kind, provider_id, dimension, embedding_id, code)
    VALUES (NEW.owner_kind, NEW.provider_id, NEW.dimension, NEW.id, vector1bit(vector32(NEW.vector)));
  INSERT INTO embedding_changes (owner_kind, embedding_id)
    SELECT k, NEW.id FROM (SELECT OLD.owner_kind AS k UNION SELECT NEW.owner_kind)
    WHERE EXISTS (SELECT 1 FROM vector_indexes WHERE owner_kind = k);
END;

CREATE TRIGGER embeddings_after_delete AFTER DELETE ON embeddings BEGIN
  DELETE FROM embedding_codes
    WHERE owner_kind = OLD.owner_kind AND provider_id = OLD.provider_id AND dimension = OLD.dimension
      AND embedding_id = OLD.id;
  INSERT INTO embedding_changes (owner_kind, embedding_id)
    SELECT OLD.owner_kind, OLD.id WHERE EXISTS (SELECT 1 FROM vector_indexes WHERE owner_kind = OLD.owner_kind);
END;
