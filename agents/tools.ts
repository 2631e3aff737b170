import { CallbackManager, parseCallbackConfigArg } from '@langchain/core/callbacks/manager';
import { ToolMessage } from '@langchain/core/messages';
import type { ToolCall } from '@langchain/core/messages/tool';
import {
  StructuredTool,
  type StructuredToolCallInput,
  type ToolReturnType,
  type ToolRunnableConfig,
} from '@langchain/core/tools';
import type { JsonSchema7Type } from '@langchain/core/utils/json_schema';
import type { Actor, AnyTool, Role } from '../tools/define';
import { needsConfirmation } from '../tools/define';
import { jsonSchema } from '../tools/describe';
import type { CallResult, Dispatcher } from '../tools/dispatcher';
import type { UsageLimiter } from './limits';
import type { TurnRecorder } from './runTurn';

/** Who is calling and from where, for every tool call of one turn. Passed in the run's `configurable`. */
export interface TurnContext {
  actor: Actor;
  /** The surface the person is on ("cli", "web", "slack"…); tool calls are audited as `agent:<channel>`. */
  channel: string;
  /** The channel's own thread id; stored with any pending action the call creates. */
  threadId: string;
  turnId: string;
  limiter?: UsageLimiter;
  /** Stores the turn and grants tool calls within the per-minute cap (see runTurn.ts). */
  recorder?: TurnRecorder;
}

export const TURN_CONTEXT_KEY = 'megilance_turn';

/** Tool results longer than this are cut before the model reads them (the event keeps the whole result). */
export const MAX_RESULT_CHARS = 24_000;

/**
 * What the model reads as a tool's result: the dispatcher's structured answer as JSON. A held call says
 * plainly that nothing happened yet.
 */
export function resultContent(result: CallResult): string {
  let body: unknown = result;
  if (!result.ok && result.error.code === 'NEEDS_CONFIRMATION' && result.error.pendingAction) {
    const p = result.error.pendingAction;
    body = {
      ok: false,
      status: 'WAITING_FOR_CONFIRMATION',
      error: { code: 'NEEDS_CONFIRMATION', message: result.error.message },
      pendingAction: { id: p.id, summary: p.summary, expiresAt: p.expiresAt },
      note:
        'Nothing has happened yet. It runs only if the user presses Confirm in their app before it expires. ' +
        'Tell them what is waiting; never say it is done.',
    };
  }
  const text = JSON.stringify(body);
  if (text.length <= MAX_RESULT_CHARS) return text;
  return JSON.stringify({
    ok: result.ok,
    truncated: true,
    note: `The result was cut to ${MAX_RESULT_CHARS} characters; ask for fewer items (limit/offset) to see the rest.`,
    partial: text.slice(0, MAX_RESULT_CHARS),
  });
}

/**
 * One catalog tool as a LangChain tool. The only thing it does is forward the model's call to the
 * dispatcher as the turn's actor and return the structured result (or typed error) as JSON content,
 * with the raw `CallResult` as the message artifact. It never touches the database itself.
 *
 * LangChain's own argument check is skipped on purpose: the dispatcher validates with the tool's zod
 * schema, audits the attempt and answers with a typed VALIDATION error naming the fields, which is what
 * the model needs to correct itself.
 */
export class CatalogTool extends StructuredTool<JsonSchema7Type> {
  name: string;
  description: string;
  schema: JsonSchema7Type;
  override responseFormat = 'content_and_artifact';

  constructor(
    readonly definition: AnyTool,
    private readonly dispatcher: Dispatcher,
  ) {
    super({
      metadata: {
        effect: definition.effect,
        needsConfirmation: needsConfirmation(definition),
        roles: [...definition.roles],
      },
    });
    this.name = definition.name;
    this.description = describeForModel(definition);
    this.schema = jsonSchema(definition.input, 'input') as JsonSchema7Type;
  }

  override async call<
    TArg extends StructuredToolCallInput<JsonSchema7Type>,
    TConfig extends ToolRunnableConfig | undefined,
  >(arg: TArg, configArg?: TConfig): Promise<ToolReturnType<TArg, TConfig, unknown>> {
    const config = parseCallbackConfigArg(configArg) as ToolRunnableConfig;
    const toolCall: ToolCall | undefined = isToolCall(arg) ? arg : config.toolCall;
    const input = toolCall ? toolCall.args : arg;
    const callbacks = CallbackManager.configure(
      config.callbacks,
      this.callbacks,
      config.tags,
      this.tags,
      config.metadata,
      this.metadata,
      { verbose: this.verbose },
    );
    const runManager = await callbacks?.handleToolStart(
      this.toJSON(),
      isRecord(input) ? input : JSON.stringify(input),
      config.runId,
      undefined,
      undefined,
      undefined,
      config.runName,
      toolCall?.id,
    );
    try {
      const result = await this.dispatch(input, config, toolCall?.id);
      const content = resultContent(result);
      const output = toolCall?.id
        ? new ToolMessage({
            content,
            artifact: result,
            tool_call_id: toolCall.id,
            name: this.name,
            status: result.ok ? 'success' : 'error',
          })
        : content;
      await runManager?.handleToolEnd(output);
      return output as ToolReturnType<TArg, TConfig, unknown>;
    } catch (err) {
      await runManager?.handleToolError(err);
      throw err;
    }
  }

  /** Not used: `call` goes straight to the dispatcher. */
  protected async _call(): Promise<string> {
    throw new Error('CatalogTool runs through call()');
  }

  private async dispatch(input: unknown, config: ToolRunnableConfig, callId?: string): Promise<CallResult> {
    const turn = config.configurable?.[TURN_CONTEXT_KEY] as TurnContext | undefined;
    if (!turn)
      throw new Error(`Tool ${this.name} was called outside a copilot turn (no ${TURN_CONTEXT_KEY}).`);
    const { limiter, recorder } = turn;
    if (limiter) {
      // The recorder took the quota for the model's calls when it stored them; otherwise take it here.
      const refused = callId && recorder?.refused.has(callId);
      const granted = callId && recorder?.granted.has(callId);
      if (refused || (!granted && (await limiter.takeToolCalls(turn.actor.id, 1)) === 0)) {
        const err = limiter.toolCallsRefused();
        return {
          ok: false,
          error: { code: err.code, message: err.message, ...(err.details && { details: err.details }) },
        };
      }
    }
    return this.dispatcher.call({
      actor: turn.actor,
      channel: `agent:${turn.channel}`,
      tool: this.name,
      input,
      threadId: turn.threadId,
      turnId: turn.turnId,
    });
  }
}

/**
 * The LangChain tools of one role: exactly the catalog tools the dispatcher lets that role call, so a tool
 * added to the catalog later appears here with no change in agents/.
 */
export function toolsForRole(dispatcher: Dispatcher, role: Role): CatalogTool[] {
  // toolsFor filters by role only; the actor of each call comes from the turn context.
  const roleOnly: Actor = { id: `role:${role}`, role, displayName: role };
  return dispatcher.toolsFor(roleOnly).map((t) => new CatalogTool(t, dispatcher));
}

function describeForModel(t: AnyTool): string {
  if (!needsConfirmation(t)) return t.description;
  return `${t.description} (Held for the user's Confirm: calling it only creates a pending action.)`;
}

function isToolCall(x: unknown): x is ToolCall {
  return isRecord(x) && x.type === 'tool_call' && 'args' in x && 'name' in x;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
