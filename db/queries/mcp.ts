import type { Executor } from '../client';
import { one, run } from '../sql';
import { hashKey } from './apiKeys';

export interface McpKeySettings {
  keyId: string;
  userId: string;
  /** The person confirms pending actions by MCP elicitation when their client supports it. */
  elicitationOptIn: boolean;
}

/** The MCP settings of a live (unrevoked) API key, by the clear key; undefined for an unknown key. */
export async function getMcpKeySettings(ex: Executor, key: string): Promise<McpKeySettings | undefined> {
  const row = await one<{ keyId: string; userId: string; optIn: number | null }>(
    ex,
    `SELECT k.id AS keyId, k.user_id AS userId, s.elicitation_opt_in AS optIn
       FROM api_keys k LEFT JOIN mcp_key_settings s ON s.key_id = k.id
      WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
    [hashKey(key)],
  );
  if (!row) return undefined;
  return { keyId: row.keyId, userId: row.userId, elicitationOptIn: Number(row.optIn ?? 0) === 1 };
}

/** Records the opt-in (or opt-out) for one key. */
export async function setMcpElicitationOptIn(
  ex: Executor,
  keyId: string,
  optIn: boolean,
  now = new Date(),
): Promise<void> {
  await run(
    ex,
    `INSERT INTO mcp_key_settings (key_id, elicitation_opt_in, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key_id) DO UPDATE SET elicitation_opt_in = excluded.elicitation_opt_in,
                                        updated_at = excluded.updated_at`,
    [keyId, optIn ? 1 : 0, now.toISOString()],
  );
}
