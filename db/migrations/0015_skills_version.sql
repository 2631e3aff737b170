-- Bumped by every write to the skills graph (skills, aliases, edges): a process keeps the graph in memory
-- per connection and re-reads it only when this moves (db/queries/skillGraph.ts), instead of checksumming
-- the three tables on every call.
INSERT INTO matching_state (key, value, updated_at) VALUES ('skills_version', '0', '1970-01-01T00:00:00.000Z');
CREATE TRIGGER skills_version_insert AFTER INSERT ON skills BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
CREATE TRIGGER skills_version_update AFTER UPDATE ON skills BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
CREATE TRIGGER skills_version_delete AFTER DELETE ON skills BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
CREATE TRIGGER skill_aliases_version_insert AFTER INSERT ON skill_aliases BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
CREATE TRIGGER skill_aliases_version_update AFTER UPDATE ON skill_aliases BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
CREATE TRIGGER skill_aliases_version_delete AFTER DELETE ON skill_aliases BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
CREATE TRIGGER skill_edges_version_insert AFTER INSERT ON skill_edges BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
CREATE TRIGGER skill_edges_version_update AFTER UPDATE ON skill_edges BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
CREATE TRIGGER skill_edges_version_delete AFTER DELETE ON skill_edges BEGIN
  UPDATE matching_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'skills_version';
END;
