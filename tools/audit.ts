import type { AppendBatch, Db, Executor } from '../db/client';
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
 * The audit log. Writes commit with the change they describe, as rows of `audit_rows`. Reads and refusals
 * are buffered and group-committed: one transaction per window instead of one per call, which is what keeps
 * an audited read close to an unaudited one, and one row per window too, a segment (`audit_segments`,
 * migration 0021): inserting a window's calls one row each cost ~7 µs of CPU per call, a segment ~0.3.
 * Queries read the `audit_log` view, one row per call whichever form holds it. On an embedded file a busy
 * window is committed by a thread of its own (`db.append`, db/appender.ts), so the commit and its fsync
 * leave the event loop.
 *
 * The window follows what a commit costs on this disk: 2–5 ms on a VM disk, fsync included, during which
 * the writes queued behind it wait (and, committed on the event loop, every request). After each flush the
 * next window is set so that committing takes about 1% of the time (WINDOW_PER_COMMIT × the last commit),
 * between MIN_WINDOW_MS (fast disks keep the short window) and MAX_WINDOW_MS. A crash loses at most one
 * window of read/refusal rows, a power cut also what the append thread committed in the last second without
 * an fsync (db/appendWorker.ts); `flush()` on shutdown writes the rest.
 */
export class AuditLog {
  /** Each buffered call as its element of the segment, in JSON: one flat string waits, not objects. */
  private readonly rows: WriteBehind<string, Window>;

  constructor(
    private readonly db: Db,
    private readonly minWindowMs = MIN_WINDOW_MS,
    private readonly maxWindowMs = MAX_WINDOW_MS,
    maxBuffer = MAX_BUFFER,
  ) {
    this.rows = new WriteBehind(
      (rows, window) => this.commit(rows, window),
      (err) => process.emitWarning(`audit log write failed: ${String(err)}`),
      minWindowMs,
      maxBuffer,
      () => ({ actors: new Set<string>(), firstAt: '', lastAt: '' }),
    );
  }

  /** How long rows now wait before their commit (ms). */
  get window(): number {
    return this.rows.windowMs;
  }

  enqueue(row: AuditRow): void {
    const w = this.rows.window;
    if (row.actorId !== null) w.actors.add(row.actorId);
    if (w.firstAt === '' || row.at < w.firstAt) w.firstAt = row.at;
    if (row.at > w.lastAt) w.lastAt = row.at;
    this.rows.push(segmentElement(row));
  }

  flush(): Promise<void> {
    return this.rows.flush();
  }

  private async commit(rows: string[], window: Window): Promise<void> {
    // Timed whole, waiting behind other writes included, which errs toward a longer window. On an embedded
    // file a large window is committed by a thread of its own (db/appender.ts): the time then counts
    // against the writes queued behind it, not the event loop.
    const started = performance.now();
    const by = await this.db.append(segmentBatch(rows, window));
    const cost =
      (performance.now() - started) * (by === 'thread' ? WINDOW_PER_THREAD_COMMIT : WINDOW_PER_COMMIT);
    this.rows.windowMs = Math.min(this.maxWindowMs, Math.max(this.minWindowMs, cost));
  }

  /** The row of a write: it commits in the write's transaction. */
  async insert(tx: Executor, row: AuditRow): Promise<void> {
    await tx.execute({ sql: INSERT_ROW, args: values(row) });
  }
}

/** What a window holds besides its calls: written with its segment. */
interface Window {
  actors: Set<string>;
  firstAt: string;
  lastAt: string;
}

/**
 * A window as one segment: its id is the first of the audit ids its calls take, reserved in `audit_rows`'
 * sequence (every statement reads the sequence before the last one moves it on), and one
 * `audit_segment_actors` row per actor in it.
 */
function segmentBatch(rows: string[], window: Window): AppendBatch {
  return {
    records: rows.length,
    statements: [
      { sql: ENSURE_SEQUENCE, args: [] },
      {
        sql: INSERT_SEGMENT,
        args: [rows.length, window.firstAt, window.lastAt, `[${rows.join(',')}]`],
      },
      { sql: INSERT_SEGMENT_ACTORS, args: [JSON.stringify([...window.actors])] },
      { sql: RESERVE_IDS, args: [rows.length] },
    ],
  };
}

const NEXT_ID = "(SELECT seq + 1 FROM sqlite_sequence WHERE name = 'audit_rows')";
// Only a database whose sequence row was deleted lacks it (migration 0021 creates it).
const ENSURE_SEQUENCE = `INSERT INTO sqlite_sequence (name, seq)
  SELECT 'audit_rows', COALESCE((SELECT MAX(id) FROM audit_rows), 0)
  WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'audit_rows')`;
const INSERT_SEGMENT = `INSERT INTO audit_segments (id, row_count, first_at, last_at, rows)
  VALUES (${NEXT_ID}, ?, ?, ?, ?)`;
const INSERT_SEGMENT_ACTORS = `INSERT INTO audit_segment_actors (actor_id, segment_id)
  SELECT value, ${NEXT_ID} FROM json_each(?)`;
const RESERVE_IDS = "UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'audit_rows'";

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

const INSERT_ROW = `INSERT INTO audit_rows (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

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
    durationOf(r),
    r.pendingActionId ?? null,
  ];
}

/**
 * A call as its element of a segment, in the order of COLUMNS, with the arguments as a JSON value rather
 * than a string inside one (no second escaping), and the duration in whole microseconds (migration 0021: the
 * view divides): an integer prints through V8's small-integer path, a fraction of a millisecond took a
 * runtime call of ~0.5 µs (bench/http). Built as text: JSON.stringify of the whole array took about twice as
 * long. `at` and the outcome go in as they are (an ISO timestamp and an error code never hold a character
 * JSON escapes); everything else is escaped.
 */
export function segmentElement(r: AuditRow): string {
  return `["${r.at}",${str(r.actorId)},${str(r.actorRole)},${str(r.channel)},${str(r.tool)},${serializeArgs(r.args)},"${r.outcome}",${str(r.message)},${microsOf(r)},${str(r.pendingActionId)}]`;
}

/**
 * A string as a JSON string. Ids, tool and channel names need no escaping, and for them a scan is several
 * times cheaper than JSON.stringify, a call into the runtime for every string.
 */
function str(s: string | null | undefined): string {
  if (s == null) return 'null';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // What JSON.stringify would escape: quote, backslash, control characters, and (lone) surrogates.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

function durationOf(r: AuditRow): number {
  return microsOf(r) / 1000;
}

function microsOf(r: AuditRow): number {
  const us = Math.round(r.durationMs * 1000);
  return Number.isFinite(us) && us >= 0 ? us : 0;
}

/** Arguments as JSON, secrets redacted, size bounded: the audit log must never hold a password or key. */
export function serializeArgs(args: unknown): string {
  let json: string | undefined;
  try {
    // Most calls carry a flat object (ids, strings, numbers): checking its keys here lets JSON.stringify
    // run without a replacer, which V8 serializes several times faster.
    json = isFlatAndClean(args)
      ? JSON.stringify(args)
      : (JSON.stringify(args ?? {}, (key, value) => (key && SECRET_KEY.test(key) ? '[redacted]' : value)) ??
        '{}');
  } catch {
    json = JSON.stringify({ unserializable: true });
  }
  if (json.length > MAX_ARGS_CHARS)
    json = JSON.stringify({ truncated: true, preview: json.slice(0, MAX_ARGS_CHARS) });
  return json;
}

/** A plain object whose values are all primitives and whose keys name no secret. */
function isFlatAndClean(args: unknown): args is object {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return false;
  if (Object.getPrototypeOf(args) !== Object.prototype) return false;
  for (const key in args) {
    const value = (args as Record<string, unknown>)[key];
    if (SECRET_KEY.test(key) || (value !== null && typeof value === 'object') || typeof value === 'function')
      return false;
  }
  return true;
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
