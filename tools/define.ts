import { z } from 'zod';
import type { Executor } from '../db/client';
import type { DeferredJobs } from '../jobs/queue';
import type { ExposureLog } from './flagExposures';
import { IdempotencyKey } from './idempotency';

export const ROLES = ['client', 'freelancer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a call may change: read nothing, write marketplace data, move money, or change the platform. */
export type Effect = 'read' | 'write' | 'money' | 'admin';

export interface Actor {
  id: string;
  role: Role;
  displayName: string;
}

export interface ToolContext {
  actor: Actor;
  /** A read connection for read tools; the call's own write transaction for the others. */
  db: Executor;
  now: Date;
  channel: string;
  newId(prefix: string): string;
  /** Background work to start once this call has committed (dropped if it rolls back). */
  jobs: DeferredJobs;
  /** Feature-flag exposures, buffered: a read tool records what decided what the user saw here. */
  exposures: Pick<ExposureLog, 'record' | 'writePendingFor'>;
}

export interface ToolDefinition<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  X = undefined,
> {
  name: string;
  title: string;
  description: string;
  roles: readonly Role[];
  effect: Effect;
  input: I;
  output: O;
  /** Defaults to true for money and admin tools; set it to guard a destructive write too. */
  needsConfirmation?: boolean;
  /** Replaying the same call changes nothing more (MCP idempotentHint). */
  idempotent?: boolean;
  /** Ownership: throw NOT_FOUND / FORBIDDEN when this actor may not touch what the input names. */
  authorize?(ctx: ToolContext, input: z.infer<I>): Promise<void>;
  /** One line a person reads before pressing Confirm. */
  summarize?(ctx: ToolContext, input: z.infer<I>): Promise<string> | string;
  /**
   * A call to an outside service (a payment provider) that must not hold the database writer while it
   * waits. The dispatcher runs it after every check (authorize, risk) and after claiming the confirmed
   * action, with no transaction open and ctx.db a read connection; its answer is `run`'s third argument.
   * It is not run for a replay. It must be safe to repeat with the same idempotency key.
   */
  outside?(ctx: ToolContext, input: z.infer<I>): Promise<X>;
  run(ctx: ToolContext, input: z.infer<I>, outside: X): Promise<z.infer<O>>;
  /**
   * Fraud check (trust/risk/hooks.ts), run by the dispatcher inside the write transaction after `authorize`
   * and before `run` (for a confirmed tool: at confirm time; for a tool with `outside`: in the write that
   * starts it, before anything is called). What it writes on ctx.db commits with the call.
   */
  risk?(ctx: ToolContext, input: z.infer<I>): Promise<RiskCheck | undefined>;
}

/** A risk hook's verdict: `block` refuses the call with BLOCKED_BY_RISK and rolls back everything it wrote. */
export interface RiskCheck {
  block?: { message: string; details?: Record<string, unknown> };
  /** Runs in a write of its own after the refusal, so what it keeps (the assessment, the alert) survives. */
  afterRefusal?(tx: Executor): Promise<void>;
}

export type AnyTool = ToolDefinition<z.ZodType, z.ZodType, unknown>;

export function defineTool<I extends z.ZodType, O extends z.ZodType, X = undefined>(
  def: ToolDefinition<I, O, X>,
): ToolDefinition<I, O, X> {
  if (!/^[a-z][a-z0-9_]{2,63}$/.test(def.name)) throw new Error(`Tool name ${def.name} must be snake_case`);
  if (def.roles.length === 0) throw new Error(`Tool ${def.name} must allow at least one role`);
  if (!(def.input instanceof z.ZodObject)) throw new Error(`Tool ${def.name} must take an object input`);
  let input: z.ZodObject = def.input;
  // Every money call is idempotent by key: the field is part of every money tool's input.
  if (def.effect === 'money' && !('idempotencyKey' in input.shape)) {
    input = input.extend({ idempotencyKey: IdempotencyKey.optional() });
  }
  // Unknown top-level keys are refused, not dropped: a misspelt field ("text" for "query") must say so
  // instead of silently doing something else.
  return { ...def, input: input.strict() as unknown as I };
}

export function needsConfirmation(tool: AnyTool): boolean {
  return tool.needsConfirmation ?? (tool.effect === 'money' || tool.effect === 'admin');
}
