import type { Db } from '../../../db/client';
import { pruneRateCounters, takeRateCounter } from '../../../db/queries/webAuth';

/** A fixed one-minute window: was this hit allowed, and when does the window end. */
export interface RateVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Per-key request counters in one-minute windows, shared by every node that shares the store. Refused hits
 * are not counted, so a client that keeps retrying is let back in when the next window starts.
 */
export interface RateCounter {
  take(key: string, max: number, now: Date): Promise<RateVerdict>;
  close(): Promise<void>;
}

/** "2026-11-23T12:04": the UTC minute. */
export const minuteWindow = (d: Date) => d.toISOString().slice(0, 16);
export const secondsLeftInMinute = (d: Date) =>
  Math.max(1, Math.ceil((60_000 - (d.getTime() % 60_000)) / 1000));

/** Counters in the database (table rate_counters): one small write per counted request. */
export class DbRateCounter implements RateCounter {
  constructor(private readonly db: Db) {}

  async take(key: string, max: number, now: Date): Promise<RateVerdict> {
    const window = minuteWindow(now);
    const allowed = await this.db.write(async (tx) => {
      const ok = await takeRateCounter(tx, { key, window, max });
      // Past windows can no longer limit anything: drop this key's (a short primary-key range).
      if (ok) await pruneRateCounters(tx, key, window);
      return ok;
    });
    return { allowed, retryAfterSeconds: secondsLeftInMinute(now) };
  }

  async close(): Promise<void> {}
}
