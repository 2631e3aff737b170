import type { Db, Executor } from '../db/client';
import { type ExposureRow, insertExposures } from '../db/queries/flags';
import type { FlagDecision } from '../trust/flags';

/**
 * First exposures to feature flags seen by read tools (match_freelancers, draft_proposal). Read tools run on
 * the read connection and must not write, so exposures are buffered here and written by the one writer in a
 * transaction of their own, every FLUSH_MS or at MAX_BUFFER rows (and on `flush()`, which the dispatcher's
 * flush and shutdown call), like the audit log's read rows. A crash loses at most that window.
 *
 * Each (flag, variant, user) is queued once per process: the table keeps only the first time anyway, and a
 * popular read would otherwise rewrite the same row on every call.
 */
export class ExposureLog {
  private buffer: ExposureRow[] = [];
  /** Keys queued or written by this process; cleared when it grows past MAX_SEEN (the insert dedupes too). */
  private seen = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly flushMs = 50,
    private readonly maxBuffer = 500,
    private readonly maxSeen = 100_000,
  ) {}

  /** Queues the user's first exposure to the arm the decision put them in; nothing when not in the flag. */
  record(userId: string, decision: FlagDecision, now: Date): void {
    if (!decision.inFlag || decision.variant === null) return;
    const key = `${decision.key}\u0000${decision.variant}\u0000${userId}`;
    if (this.seen.has(key)) return;
    if (this.seen.size >= this.maxSeen) this.seen.clear();
    this.seen.add(key);
    this.buffer.push({ flagKey: decision.key, variant: decision.variant, userId, at: now.toISOString() });
    if (this.buffer.length >= this.maxBuffer) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /**
   * Writes this user's exposures that are still queued into `tx` (a write tool's transaction), so a
   * conversion recorded in that transaction is attributed even when the buffer has not been flushed yet.
   * The rows stay queued: writing one twice keeps the first.
   */
  async writePendingFor(tx: Executor, userId: string): Promise<void> {
    const mine = this.buffer.filter((r) => r.userId === userId);
    if (mine.length > 0) await insertExposures(tx, mine);
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = this.buffer;
    this.buffer = [];
    if (rows.length > 0) {
      this.inflight = this.inflight
        .then(() => this.db.write((tx) => insertExposures(tx, rows)))
        .then(
          () => undefined,
          (err) => {
            // Forget them so the user's next call queues them again.
            for (const r of rows) this.seen.delete(`${r.flagKey}\u0000${r.variant}\u0000${r.userId}`);
            process.emitWarning(`flag exposure write failed: ${String(err)}`);
          },
        );
    }
    await this.inflight;
  }
}
