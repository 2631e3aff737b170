import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbRateCounter, type RateCounter } from '../../../channels/http/limits/counter';
import { RedisRateCounter } from '../../../channels/http/limits/redis';
import { type TestEnv, testEnv } from '../../support/harness';

const REDIS_URL = process.env.REDIS_URL;

/** The same contract for both stores: a cap per key per minute, exact under concurrency, reset each minute. */
function contract(name: string, make: () => Promise<{ counter: RateCounter; close(): Promise<void> }>) {
  describe(name, () => {
    let counter: RateCounter;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ counter, close } = await make());
    });
    afterAll(async () => close());

    const at = (s: string) => new Date(`2026-11-23T12:04:${s}Z`);

    it('allows up to the cap in a minute, then refuses with the seconds left in it', async () => {
      const key = `u-${randomBytes(4).toString('hex')}`;
      const verdicts = [];
      for (let i = 0; i < 4; i++) verdicts.push(await counter.take(key, 3, at('15.200')));
      expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
      expect(verdicts[3]?.retryAfterSeconds).toBe(45);
      // Another key has its own count; the next minute starts afresh.
      expect((await counter.take(`${key}-other`, 3, at('16.000'))).allowed).toBe(true);
      expect((await counter.take(key, 3, new Date('2026-11-23T12:05:00.500Z'))).allowed).toBe(true);
    });

    it('never lets concurrent callers past the cap', async () => {
      const key = `c-${randomBytes(4).toString('hex')}`;
      const verdicts = await Promise.all(
        Array.from({ length: 25 }, () => counter.take(key, 7, at('30.000'))),
      );
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(7);
    });
  });
}

contract('database rate counter', async () => {
  const env: TestEnv = await testEnv('file');
  return { counter: new DbRateCounter(env.rt.db), close: () => env.close() };
});

describe.skipIf(!REDIS_URL)('redis', () => {
  const prefix = `test:megilance:rate:${randomBytes(4).toString('hex')}:`;
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(REDIS_URL ?? '');
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  contract('redis rate counter', async () => {
    const counter = new RedisRateCounter(REDIS_URL ?? '', prefix);
    return { counter, close: () => counter.close() };
  });

  it('keys expire with their window', async () => {
    const counter = new RedisRateCounter(redis, prefix);
    await counter.take('ttl', 5, new Date());
    const [key] = await redis.keys(`${prefix}ttl:*`);
    const ttl = await redis.pttl(key ?? '');
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });
});
