import type { Db, Executor } from '../db/client';
import { type ExposureRow, insertExposures } from '../db/queries/flags';
import type { FlagDecision } from '../trust/flags';
import { WriteBehind } from './writeBehind';

/**
 * First exposures to feature flags seen by read tools (match_freelancers, draft_proposal). Read tools run on
 * the read connection and must not write, so exposures are buffered here and written by the one writer in a
 * transaction of their own, every `flushMs` or at `maxBuffer` rows (tools/writeBehind.ts) (and on `flush()`, which the dispatcher's
 * flush and shutdown call), like the audit log's read rows. A crash loses at most that window.
 *
 * Each (flag, variant, user) is queued once per process: the table keeps only the first time anyway, and a
 * popular read would otherwise rewrite the same row on every call.
 */
export class ExposureLog {
  private readonly rows: WriteBehind<ExposureRow>;
  /** Keys queued or written by this process; cleared when it grows past maxSeen (the insert dedupes too). */
  private seen = new Set<string>();

  constructor(
    private readonly db: Db,
    flushMs = 50,
    maxBuffer = 500,
    private readonly maxSeen = 100_000,
  ) {
    this.rows = new WriteBehind(
      async (rows) => {
        await this.db.write((tx) => insertExposures(tx, rows));
      },
      (err, rows) => {
        // Forget them so the user's next call queues them again.
        for (const r of rows) this.seen.delete(keyOf(r.flagKey, r.variant, r.userId));
        process.emitWarning(`flag exposure write failed: ${String(err)}`);
      },
      flushMs,
      maxBuffer,
    );
  }

  /** Queues the user's first exposure to the arm the decision put them in; nothing when not in the flag. */
  record(userId: string, decision: FlagDecision, now: Date): void {
    if (!decision.inFlag || decision.variant === null) return;
    const key = keyOf(decision.key, decision.variant, userId);
    if (this.seen.has(key)) return;
    if (this.seen.size >= this.maxSeen) this.seen.clear();
    this.seen.add(key);
    this.rows.push({ flagKey: decision.key, variant: decision.variant, userId, at: now.toISOString() });
  }

  /**
   * Writes this user's exposures that are still queued into `tx` (a write tool's transaction), so a
   * conversion recorded in that transaction is attributed even when the buffer has not been flushed yet.
   * The rows stay queued: writing one twice keeps the first.
   */
  async writePendingFor(tx: Executor, userId: string): Promise<void> {
    const mine = this.rows.pending.filter((r) => r.userId === userId);
    if (mine.length > 0) await insertExposures(tx, mine);
  }

  flush(): Promise<void> {
    return this.rows.flush();
  }
}

const keyOf = (flagKey: string, variant: string, userId: string) =>
  `${flagKey}\u0000${variant}\u0000${userId}`;
