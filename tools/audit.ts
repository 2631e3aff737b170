import type { InValue } from '@libsql/client';
import type { Db, Executor } from '../db/client';

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
const SECRET_KEY = /pass(word)?|secret|token|api_?key|authorization/i;

/**
 * The audit log. Writes commit with the change they describe. Reads and refusals are buffered and
 * group-committed every FLUSH_MS (or at MAX_BUFFER rows): one transaction per window instead of one per
 * call, which is what keeps an audited read close to an unaudited one. A crash can lose at most that
 * window of read/refusal rows; `flush()` on shutdown writes the rest.
 */
export class AuditLog {
  private buffer: AuditRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly flushMs = 20,
    private readonly maxBuffer = 500,
  ) {}

  enqueue(row: AuditRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= this.maxBuffer) {
      void this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
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
        .then(() => this.db.write((tx) => this.insert(tx, rows)))
        .catch((err) => {
          process.emitWarning(`audit log write failed: ${String(err)}`);
        });
    }
    await this.inflight;
  }

  async insert(tx: Executor, rows: AuditRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      const args: InValue[] = [];
      for (const r of chunk) {
        args.push(
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
        );
      }
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      await tx.execute({
        sql: `INSERT INTO audit_log (at, actor_id, actor_role, channel, tool, args, outcome, message, duration_ms, pending_action_id) VALUES ${values}`,
        args,
      });
    }
  }
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
