import type { Db, Executor, JsonRow } from '../db/client';
import { insertRows } from '../db/sql';
import { WriteBehind } from './writeBehind';

export interface AuditRow {
  at: string;
  actorId: string | null;
  actorRole: string | null;
  channel: string;
  tool: string;
  args: unknown;
  outcome: string;
  message?: string;
  durationMs: number;
  pendingActionId?: string;
}

const MAX_ARGS_CHARS = 8000;
const MIN_WINDOW_MS = 20;
const MAX_WINDOW_MS = 500;
/** Window per ms of commit: 100 keeps the event loop's time in audit commits near 1%. */
const WINDOW_PER_COMMIT = 100;
/**
 * Window per ms of a commit by the append thread, which holds only the writers' turn, not the event loop.
 * Short windows let rows die young: rows that waited 50–500 ms outlived two scavenges, were promoted (~450
 * bytes a read), and grew the old generation until full collections (bench/http: GC pause per request
 * +2.3 µs over bare at 20×, +0.6 µs at 5×). Most of the thread's commits skip the fsync
 * (db/appendWorker.ts), so at this rate the window sits at MIN_WINDOW_MS and the turn is held a few %.
 */
const WINDOW_PER_THREAD_COMMIT = 5;
/** Rows that force a flush before the window ends (a burst must not hold unbounded memory). */
const MAX_BUFFER = 5000;
const SECRET_KEY = /pass(word)?|secret|token|api_?key|authorization/i;

/**
 * The audit log. Writes commit with the change they describe. Reads and refusals are buffered and
 * group-committed: one transaction per window instead of one per call, which is what keeps an audited
 * read close to an unaudited one. On an embedded file a busy window is committed by a thread of its own
 * (`db.append`, db/appender.ts), so binding, inserting and the commit's fsync leave the event loop.
 *
 * The window follows what a commit costs on this disk: 2–5 ms on a VM disk, fsync included, during which
 * the writes queued behind it wait (and, committed on the event loop, every request). After each flush the
 * next window is set so that committing takes about 1% of the time (WINDOW_PER_COMMIT × the last commit),
 * between MIN_WINDOW_MS (fast disks keep the short window) and MAX_WINDOW_MS. A crash loses at most one
 * window of read/refusal rows, a power cut also what the append thread committed in the last second without
 * an fsync (db/appendWorker.ts); `flush()` on shutdown writes the rest.
 */
export class AuditLog {
  private readonly rows: WriteBehind<JsonRow>;

  constructor(
    private readonly db: Db,
    private readonly minWindowMs = MIN_WINDOW_MS,
    private readonly maxWindowMs = MAX_WINDOW_MS,
    maxBuffer = MAX_BUFFER,
  ) {
    this.rows = new WriteBehind(
      (rows) => this.commit(rows),
      (err) => process.emitWarning(`audit log write failed: ${String(err)}`),
      minWindowMs,
      maxBuffer,
    );
  }

  /** How long rows now wait before their commit (ms). */
  get window(): number {
    return this.rows.windowMs;
  }

  enqueue(row: AuditRow): void {
    // Made into its final text now: the row waits as one flat string, not as objects the collector copies.
    this.rows.push(JSON.stringify(values(row)));
  }

  flush(): Promise<void> {
    return this.rows.flush();
  }

  private async commit(rows: JsonRow[]): Promise<void> {
    // Timed whole, waiting behind other writes included, which errs toward a longer window. On an embedded
    // file a large window is committed by a thread of its own (db/appender.ts): the time then counts
    // against the writes queued behind it, not the event loop.
    const started = performance.now();
    const by = await this.db.append('audit_log', COLUMNS, rows);
    const cost =
      (performance.now() - started) * (by === 'thread' ? WINDOW_PER_THREAD_COMMIT : WINDOW_PER_COMMIT);
    this.rows.windowMs = Math.min(this.maxWindowMs, Math.max(this.minWindowMs, cost));
  }

  /** Rows that belong to a write: they commit in its transaction. */
  insert(tx: Executor, rows: AuditRow[]): Promise<void> {
    return insertRows(tx, 'audit_log', COLUMNS, rows.map(values));
  }
}

const COLUMNS = [
  'at',
  'actor_id',
  'actor_role',
  'channel',
  'tool',
  'args',
  'outcome',
  'message',
  'duration_ms',
  'pending_action_id',
] as const;

function values(r: AuditRow): (string | number | null)[] {
  return [
    r.at,
    r.actorId,
    r.actorRole,
    r.channel,
    r.tool,
    serializeArgs(r.args),
    r.outcome,
    r.message ?? null,
    Math.round(r.durationMs * 1000) / 1000,
    r.pendingActionId ?? null,
  ];
}

/** Arguments as JSON, secrets redacted, size bounded: the audit log must never hold a password or key. */
export function serializeArgs(args: unknown): string {
  let json: string;
  try {
    json =
      JSON.stringify(args ?? {}, (key, value) => (key && SECRET_KEY.test(key) ? '[redacted]' : value)) ??
      '{}';
  } catch {
    json = JSON.stringify({ unserializable: true });
  }
  if (json.length > MAX_ARGS_CHARS)
    json = JSON.stringify({ truncated: true, preview: json.slice(0, MAX_ARGS_CHARS) });
  return json;
}

let lastMs = Number.NaN;
let lastIso = '';
let lastSecond = Number.NaN;
/** "2026-11-24T04:43:40." for the second being formatted. */
let secondPrefix = '';

/**
 * Now as an ISO string, as `toISOString` gives it. Calls within one millisecond share one string, and only
 * the milliseconds are formatted anew within a second: `toISOString` costs ~1.6 µs a call.
 */
export function isoNow(): string {
  return isoOf(Date.now());
}

export function isoOf(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    const frac = ((ms % 1000) + 1000) % 1000;
    const second = ms - frac;
    if (second !== lastSecond) {
      lastSecond = second;
      secondPrefix = new Date(second).toISOString().slice(0, 20);
    }
    lastIso = `${secondPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
  }
  return lastIso;
}
