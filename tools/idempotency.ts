import * as crypto from 'node:crypto';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { one, run } from '../db/sql';
import { ToolError } from './errors';

/** The optional key every money tool accepts; give your own to make two identical requests distinct. */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[\w.:-]+$/, 'Use letters, digits, "_", "-", ".", ":" only.')
  .describe('Idempotency key: a retry with the same key returns the first receipt. Derived when omitted.');

/** JSON with sorted keys, so the same arguments always hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    // A loop over sorted keys (the default sort orders by UTF-16 code unit, as `<` does): it runs on
    // every money call, and entries/filter/sort/map allocated four arrays for a handful of fields.
    const obj = value as Record<string, unknown>;
    let out = '';
    for (const k of Object.keys(obj).sort()) {
      const v = obj[k];
      if (v === undefined) continue;
      out += `${out ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(value ?? null);
}

// One-shot `crypto.hash` (Node ≥ 20.12) skips building a Hash object per call: a few µs on every money call.
const sha: (s: string) => string =
  typeof crypto.hash === 'function'
    ? (s) => crypto.hash('sha256', s, 'hex')
    : (s) => crypto.createHash('sha256').update(s).digest('hex');

/** What the request asked for, without its key: the same key must always mean the same request. */
export function requestHash(tool: string, input: Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = input;
  return sha(canonicalJson({ tool, input: rest }));
}

/**
 * A key for a caller that gave none: the same actor asking the same tool for the same thing (in the same
 * agent turn, when there is one) is a retry, and a retry must be a replay.
 */
export function deriveKey(
  actorId: string,
  tool: string,
  input: Record<string, unknown>,
  turnId?: string,
): string {
  return `auto:${sha(canonicalJson({ actorId, turnId: turnId ?? null, request: requestHash(tool, input) })).slice(0, 40)}`;
}

export interface Receipt {
  response: unknown;
}

/** The stored receipt for this key, or undefined; CONFLICT when the key was used for another request. */
export async function findReceipt(
  ex: Executor,
  actorId: string,
  key: string,
  hash: string,
): Promise<Receipt | undefined> {
  const row = await one<{ request_hash: string; response: string; tool: string }>(
    ex,
    'SELECT request_hash, response, tool FROM idempotency_keys WHERE actor_id = ? AND key = ?',
    [actorId, key],
  );
  if (!row) return undefined;
  if (row.request_hash !== hash) {
    throw new ToolError(
      'CONFLICT',
      `The idempotency key "${key}" was already used for a different ${row.tool} request; use a new key.`,
    );
  }
  return { response: JSON.parse(row.response) };
}

export async function storeReceipt(
  tx: Executor,
  p: { actorId: string; key: string; tool: string; hash: string; response: unknown; now: Date },
): Promise<void> {
  await run(
    tx,
    'INSERT INTO idempotency_keys (actor_id, key, tool, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [p.actorId, p.key, p.tool, p.hash, JSON.stringify(p.response ?? null), p.now.toISOString()],
  );
}
