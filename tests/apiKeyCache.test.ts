import { Agent, request } from 'node:http';
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
    expect(identity.cachedHash(hashKey(user.key))).toMatchObject({ id: user.actor.id });
    now.mockReturnValue(start + 30_001);
    expect(identity.cachedHash(hashKey(user.key))).toBeUndefined();
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

  it('tells apart different keys sent one after another on the same keep-alive connection', async () => {
    const [a, b] = [await makeUser(env.rt, 'client'), await makeUser(env.rt, 'freelancer')];
    // Cache on, as in production: the auth hook then remembers each connection's last key.
    const app = await buildApp({ ...env.rt, config: { ...env.rt.config, API_KEY_CACHE_SECONDS: 30 } });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const whoami = (key: string) =>
        new Promise<{ id: string; reused: boolean }>((resolve, reject) => {
          const req = request(
            `${address}/api/tools/whoami`,
            {
              method: 'POST',
              agent,
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => {
                body += c.toString();
              });
              res.on('end', () => resolve({ id: JSON.parse(body).id, reused: req.reusedSocket }));
            },
          );
          req.on('error', reject);
          req.end('{}');
        });
      const seen = [];
      for (const user of [a, b, a, a, b]) seen.push(await whoami(user.key));
      expect(seen.map((s) => s.id)).toEqual([a, b, a, a, b].map((u) => u.actor.id));
      expect(seen.slice(1).every((s) => s.reused)).toBe(true);
      // A revoked key is refused on the same connection once its cache entry is gone.
      await revoke(b.key);
      const identityCacheExpired = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 31_000);
      await expect(whoami(b.key)).resolves.toMatchObject({ id: undefined, reused: true });
      identityCacheExpired.mockRestore();
    } finally {
      agent.destroy();
      await app.close();
    }
  });
});
