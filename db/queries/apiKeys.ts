import * as crypto from 'node:crypto';
import type { Executor } from '../client';
import { newId } from '../ids';
import { one, run } from '../sql';

export interface KeyOwner {
  id: string;
  role: 'client' | 'freelancer' | 'admin';
  displayName: string;
  status: 'active' | 'suspended';
  keyId: string;
}

/** Every request with a key hashes it: the one-shot `crypto.hash` (Node ≥ 20.12) is 3× cheaper. */
export const hashKey: (key: string) => string =
  typeof crypto.hash === 'function'
    ? (key) => crypto.hash('sha256', key, 'hex')
    : (key) => crypto.createHash('sha256').update(key).digest('hex');

/** Issues a new key for a user. The clear key is returned once and never stored. */
export async function createApiKey(
  ex: Executor,
  userId: string,
  name = 'default',
  now = new Date(),
): Promise<{ id: string; key: string }> {
  const key = `mlk_${crypto.randomBytes(32).toString('base64url')}`;
  const id = newId('key');
  await run(
    ex,
    'INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [id, userId, name, key.slice(0, 8), hashKey(key), now.toISOString()],
  );
  return { id, key };
}

export async function findKeyOwner(ex: Executor, key: string): Promise<KeyOwner | undefined> {
  return one<KeyOwner>(
    ex,
    `SELECT u.id, u.role, u.display_name AS displayName, u.status, k.id AS keyId
       FROM api_keys k JOIN users u ON u.id = k.user_id
      WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
    [hashKey(key)],
  );
}

export async function revokeApiKey(ex: Executor, keyId: string, now = new Date()): Promise<boolean> {
  return (
    (await run(ex, 'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [
      now.toISOString(),
      keyId,
    ])) > 0
  );
}
