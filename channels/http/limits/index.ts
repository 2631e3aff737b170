import type { Config } from '../../../config';
import type { Db } from '../../../db/client';
import { ToolError } from '../../../tools/errors';
import { DbRateCounter, type RateCounter } from './counter';
import { RedisRateCounter } from './redis';

export type { RateCounter } from './counter';

export type RateMetric = 'messages' | 'tool_calls';

/** Redis when REDIS_URL is set (no write per request), else the database. Both are shared across nodes. */
export function createRateCounter(config: Pick<Config, 'REDIS_URL'>, db: Db): RateCounter {
  return config.REDIS_URL ? new RedisRateCounter(config.REDIS_URL) : new DbRateCounter(db);
}

/**
 * The web API's per-user caps: chat messages and tool calls a minute (0 turns a cap off). The copilot's own
 * caps (agents/limits.ts: turns and model tool calls per minute, tokens per day) still apply behind these on
 * every channel; these answer a browser with 429 and Retry-After before any work starts.
 */
export class WebRateLimits {
  constructor(
    private readonly counter: RateCounter,
    private readonly caps: Record<RateMetric, number>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Counts one request, or throws RATE_LIMITED with `details.retryAfterSeconds`. */
  async take(userId: string, metric: RateMetric): Promise<void> {
    const max = this.caps[metric];
    if (max > 0)
      await this.takeKey(
        `${metric}:${userId}`,
        max,
        metric === 'messages' ? 'messages' : 'tool calls',
        metric,
      );
  }

  /** Counts one hit on any key (sign-in attempts per email), or throws RATE_LIMITED. */
  async takeKey(key: string, max: number, what = 'attempts', limit = what.replace(/ /g, '_')): Promise<void> {
    const verdict = await this.counter.take(key, max, this.clock());
    if (verdict.allowed) return;
    throw new ToolError(
      'RATE_LIMITED',
      `You reached your limit of ${max} ${what} a minute; try again in ${verdict.retryAfterSeconds} s.`,
      { details: { limit: `${limit}_per_minute`, max, retryAfterSeconds: verdict.retryAfterSeconds } },
    );
  }

  close(): Promise<void> {
    return this.counter.close();
  }
}
