/**
 * Which accounts are suspended, for the dispatcher's refusal of every call by one (whatever the channel:
 * API keys are cached for up to API_KEY_CACHE_SECONDS, and agents pass actors directly).
 *
 * Cheap on purpose: one query for all suspended ids every few seconds, shared by every call in between;
 * a suspension made in this process (resolve_alert) is announced and takes effect at once.
 */
import type { Executor } from '../../db/client';
import { suspendedUserIds } from '../../db/queries/risk';

/** Changes announced in this process, by user id; they win over a refresh for a short while. */
const announced = new Map<string, { suspended: boolean; at: number }>();
/** Long enough to cover a refresh that read the database just before the announcing write committed. */
const ANNOUNCE_WINDOW_MS = 60_000;

/** Call after a suspension (or a lift) is written: every SuspendedUsers in this process sees it at once. */
export function announceSuspension(userId: string, suspended: boolean): void {
  if (announced.size > 10_000) announced.clear();
  announced.set(userId, { suspended, at: Date.now() });
}

export class SuspendedUsers {
  private ids = new Set<string>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly reader: Executor,
    private readonly refreshMs = 5_000,
  ) {}

  async isSuspended(userId: string): Promise<boolean> {
    const known = this.knownNow(userId);
    if (known !== undefined) return known;
    await this.refresh();
    return this.ids.has(userId);
  }

  /**
   * The answer without waiting, or undefined when the snapshot is due for a refresh (then use
   * `isSuspended`). Every call asks, so the usual case costs no promise.
   */
  knownNow(userId: string): boolean | undefined {
    const now = Date.now();
    const a = announced.get(userId);
    if (a && now - a.at < ANNOUNCE_WINDOW_MS) return a.suspended;
    return now - this.loadedAt < this.refreshMs ? this.ids.has(userId) : undefined;
  }

  /** Re-reads the suspended ids now (one query, shared by concurrent callers). */
  refresh(): Promise<void> {
    this.loading ??= suspendedUserIds(this.reader)
      .then((ids) => {
        this.ids = new Set(ids);
        this.loadedAt = Date.now();
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
