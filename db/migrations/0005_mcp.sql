-- MCP settings per API key. A person opts in, for one key, to confirming pending actions by an MCP
-- elicitation (a form their MCP client shows them) instead of only the web confirm link.
CREATE TABLE mcp_key_settings (
  key_id TEXT PRIMARY KEY REFERENCES api_keys(id) ON DELETE CASCADE,
  elicitation_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (elicitation_opt_in IN (0, 1)),
  updated_at TEXT NOT NULL
);
