import { LibsqlError } from '@libsql/client';
import type { z } from 'zod';
import type { Db, Executor } from '../db/client';
import { newId } from '../db/ids';
import { createJobQueue } from '../jobs/index';
import { DeferredJobs, type JobQueue } from '../jobs/queue';
import { SuspendedUsers } from '../trust/risk/suspensions';
import { AuditLog, type AuditRow, isoNow } from './audit';
import { type Actor, type AnyTool, needsConfirmation, type RiskCheck, type ToolContext } from './define';
import { type ErrorCode, type FieldError, ToolError } from './errors';
import { ExposureLog } from './flagExposures';
import { deriveKey, findReceipt, requestHash, storeReceipt } from './idempotency';
import { PendingActions, type PendingActionView } from './pendingActions';
import { conforms } from './schemaCheck';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
  pendingAction?: PendingActionView;
  details?: Record<string, unknown>;
}

export type CallResult<T = unknown> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export interface CallRequest {
  actor: Actor | null;
  /** Where the call came from: "http", "mcp", "web", "slack", "discord", "agent:client"… */
  channel: string;
  tool: string;
  input: unknown;
  threadId?: string;
  /** The agent turn making this call: a retry within the turn derives the same idempotency key. */
  turnId?: string;
  /** Why the channel could not identify the caller (bad key, suspended); audited as the refusal. */
  authError?: ToolError;
}

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface DispatcherDeps {
  db: Db;
  tools: readonly AnyTool[];
  clock?: () => Date;
  confirmationTtlMs?: number;
  log?: Logger;
  /** Where tools' background work goes; defaults to the in-process runner. */
  jobs?: JobQueue;
}

/**
 * The one way into a tool. Every call, from every channel, passes here: role check (default deny),
 * input validation, ownership, the confirmation gate, the write transaction and the audit row.
 */
export class Dispatcher {
  readonly tools: ReadonlyMap<string, AnyTool>;
  readonly audit: AuditLog;
  readonly exposures: ExposureLog;
  readonly pending: PendingActions;
  private readonly db: Db;
  private readonly clock: () => Date;
  /** No clock was passed: audit rows take the shared per-millisecond timestamp. */
  private readonly realTime: boolean;
  private readonly log: Logger | undefined;
  readonly jobs: JobQueue;
  /** Suspended accounts are refused here too, whatever the channel (keys are cached; agents pass actors). */
  private readonly suspended: SuspendedUsers;

  constructor(deps: DispatcherDeps) {
    this.db = deps.db;
    this.tools = new Map(deps.tools.map((t) => [t.name, t]));
    if (this.tools.size !== deps.tools.length) throw new Error('Two tools share a name');
    this.clock = deps.clock ?? (() => new Date());
    this.realTime = deps.clock === undefined;
    this.log = deps.log;
    this.jobs = deps.jobs ?? createJobQueue({}, deps.db, deps.log ? { log: deps.log } : {});
    this.audit = new AuditLog(deps.db);
    this.exposures = new ExposureLog(deps.db);
    this.pending = new PendingActions(deps.db, deps.confirmationTtlMs ?? 15 * 60_000);
    this.suspended = new SuspendedUsers(deps.db.reader);
  }

  /** Tools this actor's role may call, for channels that list them (MCP, agents, the catalog). */
  toolsFor(actor: Actor): AnyTool[] {
    return [...this.tools.values()].filter((t) => t.roles.includes(actor.role));
  }

  call<T = unknown>(req: CallRequest): Promise<CallResult<T>> {
    const started = performance.now();
    const row = this.auditRow(req);
    // A read whose checks all answer at once (a fresh suspension snapshot, no ownership or risk hook, no
    // confirmation) runs in one async frame: each frame is a promise and a saved stack, about half a KB of
    // garbage a call (bench/http). Same checks, same order, as below.
    const tool = this.tools.get(req.tool);
    const actor = req.authError ? null : req.actor;
    if (
      tool?.effect === 'read' &&
      actor &&
      !tool.authorize &&
      !tool.risk &&
      !needsConfirmation(tool) &&
      this.suspended.knownNow(actor.id) === false
    ) {
      try {
        checkRole(tool, actor);
        const input = parseInput(tool, req.input);
        return this.read(tool, actor, req.channel, input, row, started) as Promise<CallResult<T>>;
      } catch (err) {
        return Promise.resolve(this.fail<T>(err, row, started));
      }
    }
    return this.callChecked(req, row, started);
  }

  private async callChecked<T>(req: CallRequest, row: AuditRow, started: number): Promise<CallResult<T>> {
    try {
      const actor = requireActor(req.actor, req.authError);
      if (this.suspended.knownNow(actor.id) ?? (await this.suspended.isSuspended(actor.id)))
        throw suspendedError();
      const tool = this.tools.get(req.tool);
      if (!tool) throw new ToolError('NOT_FOUND', `No tool named ${req.tool}.`);
      checkRole(tool, actor);
      const input = parseInput(tool, req.input);
      if (tool.effect === 'money') {
        const args = input as Record<string, unknown>;
        args.idempotencyKey ??= deriveKey(actor.id, tool.name, args, req.turnId);
        // A replay answers with the first receipt before anything else is written, pending actions included.
        const receipt = await findReceipt(
          this.db.reader,
          actor.id,
          String(args.idempotencyKey),
          requestHash(tool.name, args),
        );
        if (receipt) {
          this.audit.enqueue({
            ...row,
            outcome: 'OK',
            message: 'replay',
            durationMs: performance.now() - started,
          });
          return { ok: true, data: receipt.response as T };
        }
      }
      if (needsConfirmation(tool)) {
        const ctx = this.context(actor, req.channel, this.db.reader);
        await tool.authorize?.(ctx, input);
        const summary = (await tool.summarize?.(ctx, input)) ?? `${tool.title}: ${JSON.stringify(input)}`;
        const view = await this.pending.create({
          actor,
          tool: tool.name,
          args: input,
          summary,
          req,
          now: ctx.now,
        });
        row.pendingActionId = view.id;
        this.audit.enqueue({
          ...row,
          outcome: 'NEEDS_CONFIRMATION',
          durationMs: performance.now() - started,
        });
        return { ok: false, error: { code: 'NEEDS_CONFIRMATION', message: summary, pendingAction: view } };
      }
      if (tool.effect === 'read')
        return (await this.read(tool, actor, req.channel, input, row, started)) as CallResult<T>;
      const data = await this.execute(tool, actor, req.channel, input, row, started);
      return { ok: true, data: data as T };
    } catch (err) {
      return this.fail(err, row, started);
    }
  }

  /**
   * Runs a pending action for the person who asked for it, exactly once. Not a tool on purpose:
   * only a channel acting on that person's own authenticated click or request reaches this.
   */
  async confirm<T = unknown>(actor: Actor | null, actionId: string, channel: string): Promise<CallResult<T>> {
    const started = performance.now();
    const row: AuditRow = {
      ...this.auditRow({ actor, channel, tool: 'confirm_action', input: { actionId } }),
    };
    row.pendingActionId = actionId;
    try {
      const who = requireActor(actor);
      if (this.suspended.knownNow(who.id) ?? (await this.suspended.isSuspended(who.id)))
        throw suspendedError();
      const action = await this.pending.load(this.db.reader, actionId);
      row.tool = action.tool;
      row.args = action.args;
      const tool = this.tools.get(action.tool);
      if (!tool) throw new ToolError('NOT_FOUND', `The tool ${action.tool} no longer exists.`);
      const now = this.clock();
      this.pending.assertConfirmable(action, who, now);
      checkRole(tool, who);
      const input = parseInput(tool, action.args);
      const data = await this.execute(tool, who, channel, input, row, started, actionId);
      return { ok: true, data: data as T };
    } catch (err) {
      return this.failAction<T>(err, row, started, actionId);
    }
  }

  /**
   * Finishes actions whose tool calls an outside service and whose process stopped between the call and its
   * write (a deposit charged but not credited). The outside call runs again with the same idempotency key
   * (the provider reports the same payment, it does not charge again), then the tool's write, as at confirm
   * time; the checks are not run again, they passed when the action was started. Only actions started more
   * than `staleMs` ago, so that a call still in flight elsewhere is left alone. Returns how many finished.
   */
  async resumeAbandoned(staleMs = ABANDONED_AFTER_MS): Promise<number> {
    const before = new Date(this.clock().getTime() - staleMs).toISOString();
    let finished = 0;
    for (const action of await this.pending.abandoned(this.db.reader, before)) {
      const started = performance.now();
      const row = this.auditRow({ actor: null, channel: 'resume', tool: action.tool, input: action.args });
      row.pendingActionId = action.id;
      try {
        const who = await this.pending.owner(this.db.reader, action.actorId);
        row.actorId = who.id;
        row.actorRole = who.role;
        const tool = this.tools.get(action.tool);
        if (!tool?.outside) throw new ToolError('NOT_FOUND', `The tool ${action.tool} cannot be resumed.`);
        const input = parseInput(tool, action.args);
        await this.execute(
          tool,
          who,
          'resume',
          input,
          row,
          started,
          action.id,
          action.startedAt ?? undefined,
        );
        finished++;
      } catch (err) {
        await this.failAction(err, row, started, action.id);
      }
    }
    return finished;
  }

  async cancel(
    actor: Actor | null,
    actionId: string,
    channel: string,
  ): Promise<CallResult<PendingActionView>> {
    const started = performance.now();
    const row = this.auditRow({ actor, channel, tool: 'cancel_action', input: { actionId } });
    row.pendingActionId = actionId;
    try {
      const who = requireActor(actor);
      const view = await this.pending.cancel(who, actionId, this.clock());
      this.audit.enqueue({ ...row, outcome: 'OK', durationMs: performance.now() - started });
      return { ok: true, data: view };
    } catch (err) {
      return this.fail(err, row, started);
    }
  }

  /** Writes buffered audit rows and flag exposures; call before reading them or shutting down. */
  async flush(): Promise<void> {
    await Promise.all([this.audit.flush(), this.exposures.flush()]);
  }

  private async execute(
    tool: AnyTool,
    actor: Actor,
    channel: string,
    input: unknown,
    row: AuditRow,
    started: number,
    pendingActionId?: string,
    /** Resuming an abandoned action (resumeAbandoned): the start it was left with. */
    resumeFrom?: string,
  ): Promise<unknown> {
    // Jobs a tool asks for start only after its transaction committed; a rollback drops them.
    const jobs = new DeferredJobs(this.jobs);
    if (tool.effect === 'read') {
      const data = await this.runTool(tool, actor, channel, input, this.db.reader, jobs);
      this.readDone(tool, row, started, jobs);
      return data;
    }
    // `risk`: what a risk refusal keeps; set by runTool, written after the rollback.
    const call: WriteCall = {
      tool,
      actor,
      channel,
      input,
      row,
      started,
      jobs,
      risk: {},
      pendingActionId,
      resumeFrom,
    };
    let result: unknown;
    try {
      // A tool that calls an outside service first checks and claims in a write of its own, then calls out
      // with no transaction open (tools/define.ts `outside`); `finish` is its second write.
      const outside = tool.outside ? await this.callOutside(call) : undefined;
      result = await this.finish(call, outside);
    } catch (err) {
      // A risk refusal rolled the call back; what the check keeps (assessment, alert) is written now, apart.
      const keep = call.risk.refused?.afterRefusal;
      if (keep) await this.db.write(keep).catch((e) => this.log?.error({ err: e, tool: tool.name }, 'risk'));
      throw err;
    }
    this.startJobs(jobs, tool.name);
    return result;
  }

  /**
   * The write of a write, money or admin call: it commits together with its audit row, its pending action's
   * resolution and its idempotency receipt, or not at all.
   */
  private finish(call: WriteCall, outside: OutsideDone | undefined): Promise<unknown> {
    const { tool, actor, channel, input, row, started, jobs, risk, pendingActionId } = call;
    return this.db.write(async (tx) => {
      if (pendingActionId)
        await this.pending.claim(tx, pendingActionId, actor, this.clock(), outside?.startedAt);
      let data: unknown;
      let replay = false;
      const idem = tool.effect === 'money' ? idempotency(actor, tool, input) : undefined;
      const receipt = idem && (await findReceipt(tx, actor.id, idem.key, idem.hash));
      if (receipt) {
        data = receipt.response;
        replay = true;
      } else {
        data = await this.runTool(tool, actor, channel, input, tx, jobs, risk, outside);
        if (idem)
          await storeReceipt(tx, {
            ...idem,
            actorId: actor.id,
            tool: tool.name,
            response: data,
            now: this.clock(),
          });
      }
      if (pendingActionId) await this.pending.markExecuted(tx, pendingActionId, data, this.clock());
      const audit: AuditRow = { ...row, outcome: 'OK', durationMs: performance.now() - started };
      if (replay) audit.message = 'replay';
      await this.audit.insert(tx, audit);
      return data;
    });
  }

  /**
   * The first steps of a tool with an `outside` step: in one write, the action is started (no Cancel or
   * second Confirm can take it from here) and the tool's checks run, so a refused call charges nothing;
   * then the outside call, with no transaction open. A replay is started too, so that `finish` can claim
   * it, but neither checks nor calls anything: `finish` answers it with the stored receipt.
   */
  private async callOutside(call: WriteCall): Promise<OutsideDone> {
    const { tool, actor, channel, input, jobs, risk, pendingActionId, resumeFrom } = call;
    const idem = tool.effect === 'money' ? idempotency(actor, tool, input) : undefined;
    const replay =
      idem !== undefined && (await findReceipt(this.db.reader, actor.id, idem.key, idem.hash)) !== undefined;
    const startedAt = await this.db.write(async (tx) => {
      if (pendingActionId && resumeFrom) {
        const at = await this.pending.restart(tx, pendingActionId, resumeFrom, this.clock());
        if (!at)
          throw new ToolError('CONFLICT', 'Another process resumed this action first.', {
            details: { actionRefused: true },
          });
        return at;
      }
      const at = pendingActionId
        ? await this.pending.start(tx, pendingActionId, actor, this.clock())
        : undefined;
      if (!replay) await this.checks(tool, this.context(actor, channel, tx, jobs), input, risk);
      return at;
    });
    const value = replay
      ? undefined
      : await tool.outside?.(this.context(actor, channel, this.db.reader, jobs), input);
    return { startedAt, value };
  }

  /** A read, start to finish in one async frame: its ownership and risk checks, the tool, its output. */
  private async read(
    tool: AnyTool,
    actor: Actor,
    channel: string,
    input: unknown,
    row: AuditRow,
    started: number,
  ): Promise<CallResult> {
    const jobs = new DeferredJobs(this.jobs);
    try {
      const ctx = this.context(actor, channel, this.db.reader, jobs);
      if (tool.authorize || tool.risk) await this.checks(tool, ctx, input, undefined);
      const data = checkedOutput(tool, await tool.run(ctx, input, undefined));
      this.readDone(tool, row, started, jobs);
      return { ok: true, data };
    } catch (err) {
      return this.fail(err, row, started);
    }
  }

  /** A read succeeded: its audit row (buffered) and the jobs it asked for. */
  private readDone(tool: AnyTool, row: AuditRow, started: number, jobs: DeferredJobs): void {
    // The row is this call's own and nothing after this line throws: no copy needed.
    row.durationMs = performance.now() - started;
    this.audit.enqueue(row);
    this.startJobs(jobs, tool.name);
  }

  /** A method, not a closure per call: tsx (keepNames) names every closure it creates, which costs. */
  private async runTool(
    tool: AnyTool,
    actor: Actor,
    channel: string,
    input: unknown,
    ex: Executor,
    jobs: DeferredJobs,
    /** Where a risk refusal is kept for the write path; reads have nothing to keep after a refusal. */
    risk?: { refused?: RiskCheck },
    /** A tool with an `outside` step: its checks already ran (callOutside), and what the call answered. */
    outside?: OutsideDone,
  ): Promise<unknown> {
    const ctx = this.context(actor, channel, ex, jobs);
    if (!outside) await this.checks(tool, ctx, input, risk);
    return checkedOutput(tool, await tool.run(ctx, input, outside?.value));
  }

  /** Ownership and the fraud check, before a tool runs (or calls out). */
  private async checks(
    tool: AnyTool,
    ctx: ToolContext,
    input: unknown,
    risk: { refused?: RiskCheck } | undefined,
  ): Promise<void> {
    // Awaited only when present: `await undefined` still costs a turn of the microtask queue per call.
    if (tool.authorize) await tool.authorize(ctx, input);
    const check = tool.risk ? await tool.risk(ctx, input) : undefined;
    if (check?.block) {
      if (risk) risk.refused = check;
      throw new ToolError('BLOCKED_BY_RISK', check.block.message, { details: check.block.details ?? {} });
    }
  }

  private startJobs(jobs: DeferredJobs, tool: string): void {
    if (jobs.size === 0) return;
    // The call already committed: a queue hiccup is logged, never turned into a failed call.
    jobs.flush().catch((err) => this.log?.error({ err, tool }, 'could not enqueue background jobs'));
  }

  /**
   * A confirmed (or resumed) action that did not go through. Refusals of the action itself (not yours,
   * already resolved, expired) leave it as it is; anything the tool or its checks refused resolves it as
   * failed, so it cannot be retried blindly.
   */
  private async failAction<T>(
    err: unknown,
    row: AuditRow,
    started: number,
    actionId: string,
  ): Promise<CallResult<T>> {
    const failed = this.fail<T>(err, row, started);
    const actionRefused = err instanceof ToolError && err.details?.actionRefused === true;
    if (!actionRefused && !failed.ok)
      await this.pending.markFailed(actionId, failed.error.code, this.clock());
    return failed;
  }

  private fail<T>(err: unknown, row: AuditRow, started: number): CallResult<T> {
    const error = toToolError(err);
    if (error.code === 'INTERNAL')
      this.log?.error({ err, tool: row.tool, cause: error.cause }, 'tool call failed');
    this.audit.enqueue({
      ...row,
      outcome: error.code,
      message: error.message,
      durationMs: performance.now() - started,
    });
    const body: ErrorBody = { code: error.code, message: error.message };
    if (error.fields) body.fields = error.fields;
    if (error.details) {
      const { actionRefused: _internal, ...details } = error.details;
      if (Object.keys(details).length > 0) body.details = details;
    }
    return { ok: false, error: body };
  }

  private auditRow(req: Pick<CallRequest, 'actor' | 'channel' | 'tool' | 'input'>): AuditRow {
    return {
      at: this.realTime ? isoNow() : this.clock().toISOString(),
      actorId: req.actor?.id ?? null,
      actorRole: req.actor?.role ?? null,
      channel: req.channel,
      tool: req.tool,
      args: req.input,
      outcome: 'OK',
      durationMs: 0,
    };
  }

  private context(
    actor: Actor,
    channel: string,
    db: Executor,
    jobs = new DeferredJobs(this.jobs),
  ): ToolContext {
    return new CallContext(actor, db, channel, jobs, this.exposures, this.clock);
  }
}

/**
 * What a tool runs with. `now` is read from the clock when the tool first asks, then fixed for the call: most
 * reads never ask, and a Date and a clock read per call were part of what a read costs (bench/http).
 */
class CallContext implements ToolContext {
  private at: Date | undefined;

  constructor(
    readonly actor: Actor,
    readonly db: Executor,
    readonly channel: string,
    readonly jobs: DeferredJobs,
    readonly exposures: ExposureLog,
    private readonly clock: () => Date,
  ) {}

  get now(): Date {
    this.at ??= this.clock();
    return this.at;
  }

  newId(prefix: string): string {
    return newId(prefix);
  }
}

/** A write, money or admin call on its way through `execute`. */
interface WriteCall {
  tool: AnyTool;
  actor: Actor;
  channel: string;
  input: unknown;
  row: AuditRow;
  started: number;
  jobs: DeferredJobs;
  risk: { refused?: RiskCheck };
  pendingActionId: string | undefined;
  resumeFrom: string | undefined;
}

/** Longer than any outside call may take (a payment provider's deadline is seconds). */
const ABANDONED_AFTER_MS = 5 * 60_000;

/** What a tool's `outside` step left for its write: when it started its action, and the call's answer. */
interface OutsideDone {
  startedAt: string | undefined;
  value: unknown;
}

function idempotency(actor: Actor, tool: AnyTool, input: unknown): { key: string; hash: string } {
  const args = input as Record<string, unknown>;
  const key =
    typeof args.idempotencyKey === 'string' ? args.idempotencyKey : deriveKey(actor.id, tool.name, args);
  return { key, hash: requestHash(tool.name, args) };
}

const suspendedError = () =>
  new ToolError('FORBIDDEN', 'This account is suspended.', { details: { reason: 'suspended' } });

function requireActor(actor: Actor | null, why?: ToolError): Actor {
  if (!actor) throw why ?? new ToolError('UNAUTHENTICATED');
  return actor;
}

function checkRole(tool: AnyTool, actor: Actor): void {
  if (!tool.roles.includes(actor.role)) {
    throw new ToolError(
      'FORBIDDEN',
      `${tool.name} is available to ${tool.roles.join(' and ')} accounts; you are signed in as a ${actor.role}.`,
    );
  }
}

/** A tool's output as its schema has it; a mismatch is our bug, never shown to the caller as theirs. */
function checkedOutput(tool: AnyTool, out: unknown): unknown {
  if (conforms(tool.output, out)) return out;
  const parsed = tool.output.safeParse(out);
  if (!parsed.success) {
    throw new ToolError('INTERNAL', `Tool ${tool.name} produced output that does not match its schema.`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function parseInput(tool: AnyTool, raw: unknown): unknown {
  // A read takes the caller's object itself when it is exactly valid (compiled check, zod otherwise:
  // tools/schemaCheck.ts). A write always gets zod's copy, so what it adds (an idempotency key) never
  // shows in the caller's object or in the audit row's arguments.
  const value = raw ?? {};
  if (tool.effect === 'read' && conforms(tool.input, value)) return value;
  const parsed = tool.input.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = zodFields(parsed.error);
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw new ToolError('VALIDATION', `Invalid input for ${tool.name}: ${summary}`, { fields });
}

export function zodFields(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }));
}

/** Turns anything thrown into a typed error; database constraint failures become the caller's error. */
export function toToolError(err: unknown): ToolError {
  if (err instanceof ToolError) return err;
  if (err instanceof LibsqlError || (err instanceof Error && /SQLITE_CONSTRAINT/.test(err.message))) {
    const msg = err.message;
    if (/UNIQUE/.test(msg)) return new ToolError('CONFLICT', 'That already exists.', { cause: err });
    if (/FOREIGN KEY/.test(msg))
      return new ToolError('NOT_FOUND', 'A referenced record does not exist.', { cause: err });
    if (/CHECK/.test(msg))
      return new ToolError('VALIDATION', 'A value is outside its allowed range.', { cause: err });
  }
  return new ToolError('INTERNAL', undefined, { cause: err });
}
