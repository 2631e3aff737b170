import { Redis } from 'ioredis';
import { minuteWindow, type RateCounter, type RateVerdict, secondsLeftInMinute } from './counter';

// Check and count in one step on the server, so nodes racing on one key never exceed the cap; the key
// expires with its window.
const TAKE = `
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c >= tonumber(ARGV[1]) then return -1 end
c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return c`;

/** Counters in Redis (REDIS_URL): no database write per request, shared by every node. */
export class RedisRateCounter implements RateCounter {
  private readonly redis: Redis;
  private readonly owned: boolean;

  constructor(
    redis: Redis | string,
    private readonly prefix = 'megilance:rate:',
  ) {
    this.owned = typeof redis === 'string';
    this.redis =
      typeof redis === 'string' ? new Redis(redis, { maxRetriesPerRequest: 2, lazyConnect: false }) : redis;
  }

  async take(key: string, max: number, now: Date): Promise<RateVerdict> {
    const retryAfterSeconds = secondsLeftInMinute(now);
    if (max < 1) return { allowed: false, retryAfterSeconds };
    const k = `${this.prefix}${key}:${minuteWindow(now)}`;
    const n = Number(await this.redis.eval(TAKE, 1, k, max, 120_000));
    return { allowed: n > 0, retryAfterSeconds };
  }

  async close(): Promise<void> {
    if (this.owned) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
