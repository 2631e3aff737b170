import type { Db, Executor } from '../db/client';
import { newId } from '../db/ids';
import { findUserById } from '../db/queries/webAuth';
import { all, one, run } from '../db/sql';
import type { Actor } from './define';
import { ToolError } from './errors';

export interface PendingActionView {
  id: string;
  tool: string;
  summary: string;
  status: 'pending' | 'executed' | 'failed' | 'cancelled';
  expiresAt: string;
  /** Where the person confirms: POST here with their own credentials (or press the channel's button). */
  confirmPath: string;
  cancelPath: string;
}

interface ActionRow {
  id: string;
  actor_id: string;
  tool: string;
  args: string;
  summary: string;
  status: PendingActionView['status'];
  expires_at: string;
  started_at: string | null;
}

export interface LoadedAction {
  id: string;
  actorId: string;
  tool: string;
  args: unknown;
  summary: string;
  status: PendingActionView['status'];
  expiresAt: string;
  /** Set when a tool that calls an outside service began carrying it out (see `start`). */
  startedAt: string | null;
}

/** Stored calls waiting for a person's Confirm. Only the person who asked may confirm, once, in time. */
export class PendingActions {
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  async create(p: {
    actor: Actor;
    tool: string;
    args: unknown;
    summary: string;
    req: { channel: string; threadId?: string };
    now: Date;
  }): Promise<PendingActionView> {
    const id = newId('act');
    const expiresAt = new Date(p.now.getTime() + this.ttlMs).toISOString();
    await this.db.write((tx) =>
      run(
        tx,
        `INSERT INTO pending_actions (id, actor_id, tool, args, summary, channel, thread_id, status, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
        [
          id,
          p.actor.id,
          p.tool,
          JSON.stringify(p.args),
          p.summary,
          p.req.channel,
          p.req.threadId ?? null,
          p.now.toISOString(),
          expiresAt,
        ],
      ),
    );
    return view({ id, tool: p.tool, summary: p.summary, status: 'pending', expires_at: expiresAt });
  }

  async load(ex: Executor, id: string): Promise<LoadedAction> {
    const row = await one<ActionRow>(ex, 'SELECT * FROM pending_actions WHERE id = ?', [id]);
    if (!row) {
      throw new ToolError('NOT_FOUND', `No pending action with id ${id}.`, {
        details: { actionRefused: true },
      });
    }
    return loaded(row);
  }

  /** Refusals here are about the action itself, so they are tagged and never mark the action failed. */
  assertConfirmable(action: LoadedAction, actor: Actor, now: Date): void {
    const details = { actionRefused: true };
    if (action.actorId !== actor.id) {
      throw new ToolError(
        'FORBIDDEN',
        'Only the person who asked for this action can confirm or cancel it.',
        {
          details,
        },
      );
    }
    if (action.status !== 'pending') {
      throw new ToolError('CONFLICT', `This action was already ${action.status}.`, { details });
    }
    if (action.startedAt) {
      throw new ToolError(
        'CONFLICT',
        `This action is already being carried out (since ${action.startedAt}); it cannot be confirmed or cancelled again.`,
        { details },
      );
    }
    if (action.expiresAt <= now.toISOString()) throw new ToolError('ACTION_EXPIRED', undefined, { details });
  }

  /**
   * Takes the action inside the executing transaction, so two confirms can never both run it. `startedAt`:
   * the action was started by this same confirm (`start`), which already checked it; it must still be that
   * start's, and it is not expired now even if the outside call outlasted its deadline.
   */
  async claim(tx: Executor, id: string, actor: Actor, now: Date, startedAt?: string): Promise<void> {
    const action = await this.load(tx, id);
    if (startedAt === undefined) return this.assertConfirmable(action, actor, now);
    if (action.actorId !== actor.id || action.status !== 'pending' || action.startedAt !== startedAt) {
      throw new ToolError('CONFLICT', 'This action changed while it was being carried out.', {
        details: { actionRefused: true },
      });
    }
  }

  /**
   * The first step of an action whose tool calls an outside service: claims it in the caller's write
   * (after the same checks as a confirm), so that from here on no Cancel or second Confirm can take it,
   * while the outside call runs with no transaction open. Returns the start's timestamp for `claim`.
   */
  async start(tx: Executor, id: string, actor: Actor, now: Date): Promise<string> {
    const action = await this.load(tx, id);
    this.assertConfirmable(action, actor, now);
    const at = now.toISOString();
    await run(
      tx,
      `UPDATE pending_actions SET started_at = ? WHERE id = ? AND status = 'pending' AND started_at IS NULL`,
      [at, id],
    );
    return at;
  }

  /**
   * Actions an outside-calling tool started before `before` and never finished: the process stopped
   * between its two writes (`start`, then the tool's own write). Oldest first.
   */
  async abandoned(ex: Executor, before: string, limit = 50): Promise<LoadedAction[]> {
    const rows = await all<ActionRow>(
      ex,
      `SELECT * FROM pending_actions WHERE status = 'pending' AND started_at IS NOT NULL AND started_at < ?
        ORDER BY started_at LIMIT ?`,
      [before, limit],
    );
    return rows.map(loaded);
  }

  /** The person an action belongs to, as the dispatcher acts for them when it resumes the action. */
  async owner(ex: Executor, userId: string): Promise<Actor> {
    const u = await findUserById(ex, userId);
    if (!u) throw new ToolError('NOT_FOUND', `No user ${userId}.`, { details: { actionRefused: true } });
    return { id: u.id, role: u.role, displayName: u.display_name };
  }

  /**
   * Takes an abandoned action over (see `abandoned`): its start moves to now, unless another process took it
   * first (then undefined). Returns the new start for `claim`.
   */
  async restart(tx: Executor, id: string, startedAt: string, now: Date): Promise<string | undefined> {
    const at = now.toISOString();
    const taken = await run(
      tx,
      `UPDATE pending_actions SET started_at = ? WHERE id = ? AND status = 'pending' AND started_at = ?`,
      [at, id, startedAt],
    );
    return taken === 1 ? at : undefined;
  }

  async markExecuted(tx: Executor, id: string, result: unknown, now: Date): Promise<void> {
    await run(
      tx,
      `UPDATE pending_actions SET status = 'executed', result = ?, resolved_at = ? WHERE id = ? AND status = 'pending'`,
      [JSON.stringify(result ?? null), now.toISOString(), id],
    );
  }

  async markFailed(id: string, code: string, now: Date): Promise<void> {
    await this.db.write((tx) =>
      run(
        tx,
        `UPDATE pending_actions SET status = 'failed', error_code = ?, resolved_at = ? WHERE id = ? AND status = 'pending'`,
        [code, now.toISOString(), id],
      ),
    );
  }

  async cancel(actor: Actor, id: string, now: Date): Promise<PendingActionView> {
    return this.db.write(async (tx) => {
      const action = await this.load(tx, id);
      this.assertConfirmable(action, actor, now);
      await run(tx, `UPDATE pending_actions SET status = 'cancelled', resolved_at = ? WHERE id = ?`, [
        now.toISOString(),
        id,
      ]);
      return view({
        id,
        tool: action.tool,
        summary: action.summary,
        status: 'cancelled',
        expires_at: action.expiresAt,
      });
    });
  }
}

function loaded(row: ActionRow): LoadedAction {
  return {
    id: row.id,
    actorId: row.actor_id,
    tool: row.tool,
    args: JSON.parse(row.args),
    summary: row.summary,
    status: row.status,
    expiresAt: row.expires_at,
    startedAt: row.started_at,
  };
}

function view(r: Pick<ActionRow, 'id' | 'tool' | 'summary' | 'status' | 'expires_at'>): PendingActionView {
  return {
    id: r.id,
    tool: r.tool,
    summary: r.summary,
    status: r.status,
    expiresAt: r.expires_at,
    confirmPath: `/api/actions/${r.id}/confirm`,
    cancelPath: `/api/actions/${r.id}/cancel`,
  };
}
