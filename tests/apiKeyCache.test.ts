import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../channels/http/app';
import { ApiKeyIdentity } from '../channels/identity';
import { hashKey } from '../db/queries/apiKeys';
import { run } from '../db/sql';
import { makeUser, type TestEnv, testEnv } from './support/harness';

/** The HTTP auth hook answers a hot key from a cache; revocation takes effect when its entry expires (TTL). */
describe('API key cache', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv('file');
  });
  afterAll(async () => {
    await env.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const revoke = (key: string) =>
    env.rt.db.write((tx) =>
      run(tx, 'UPDATE api_keys SET revoked_at = ? WHERE key_hash = ?', [
        new Date().toISOString(),
        hashKey(key),
      ]),
    );

  it('keeps answering a revoked key only until its entry expires', async () => {
    const user = await makeUser(env.rt, 'client');
    const identity = new ApiKeyIdentity(env.rt.db, 30_000);
    const start = Date.now();
    const now = vi.spyOn(Date, 'now').mockReturnValue(start);
    expect(await identity.resolve(user.key)).toMatchObject({ id: user.actor.id });
    await revoke(user.key);
    now.mockReturnValue(start + 29_000);
    expect(identity.cached(user.key)).toMatchObject({ id: user.actor.id });
    now.mockReturnValue(start + 30_001);
    expect(identity.cached(user.key)).toBeUndefined();
    await expect(identity.resolve(user.key)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a revoked key over HTTP at once when the cache is off, and audits the refusal', async () => {
    const user = await makeUser(env.rt, 'client');
    const app = await buildApp(env.rt); // the harness sets API_KEY_CACHE_SECONDS=0
    try {
      const whoami = () =>
        app.inject({
          method: 'POST',
          url: '/api/tools/whoami',
          headers: { authorization: `Bearer ${user.key}` },
          payload: {},
        });
      expect((await whoami()).statusCode).toBe(200);
      await revoke(user.key);
      const refused = await whoami();
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    } finally {
      await app.close();
    }
  });
});
