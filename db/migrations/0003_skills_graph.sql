-- The skills graph: what people call each skill, and how skills relate. Loaded by seedReference from
-- db/seed/data/skillGraph.ts; read through db/queries/skillGraph.ts.

-- Other names for a skill ("ReactJS", "k8s", "Golang", "Postgres"), keyed by their normalised form: lower case,
-- accents and punctuation dropped, tokens joined by one space ("React.js" → "react js", "C#" → "csharp").
-- A skill's own name and slug match without a row here. common_word marks an alias that is also an everyday
-- word ("go", "swift", "spring"): free text only counts it with supporting context.
CREATE TABLE skill_aliases (
  alias_norm TEXT PRIMARY KEY CHECK (length(alias_norm) BETWEEN 1 AND 100),
  skill_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  common_word INTEGER NOT NULL DEFAULT 0 CHECK (common_word IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX skill_aliases_skill ON skill_aliases(skill_id);

-- Related skills with a weight in (0, 1]: 0.9 nearly interchangeable, 0.8 almost always together, 0.5 often,
-- 0.3 sometimes. Stored in both directions with the same weight.
CREATE TABLE skill_edges (
  skill_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  related_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  weight REAL NOT NULL CHECK (weight > 0 AND weight <= 1),
  PRIMARY KEY (skill_id, related_id),
  CHECK (skill_id <> related_id)
) WITHOUT ROWID;
CREATE INDEX skill_edges_related ON skill_edges(related_id);
