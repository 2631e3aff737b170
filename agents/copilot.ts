import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { createAgent } from 'langchain';
import { newId } from '../db/ids';
import { findActionOrigin } from '../db/queries/webThreads';
import type { Runtime } from '../runtime';
import type { Actor, Role } from '../tools/define';
import type { CallResult, ErrorBody, Logger } from '../tools/dispatcher';
import { toToolError } from '../tools/dispatcher';
import type { PendingActionView } from '../tools/pendingActions';
import type { CopilotEvent } from './events';
import { type AgentLimits, DEFAULT_LIMITS, UsageLimiter } from './limits';
import { ThreadMemory } from './memory';
import { createChatModel } from './model';
import { loadPrompts, type Prompts, render } from './prompts';
import { copilotMiddleware, SYSTEM_PROMPT_KEY, streamEvents, TurnRecorder } from './runTurn';
import { type CatalogTool, TURN_CONTEXT_KEY, type TurnContext, toolsForRole } from './tools';

export interface TurnRequest {
  actor: Actor;
  /** The surface: "cli", "web", "slack", "discord"… Tool calls are audited as `agent:<channel>`. */
  channel: string;
  /** The channel's own thread id (a Slack thread ts, a Discord channel id, a web chat id). */
  threadId: string;
  text: string;
  /** Stops the turn (the person closed the chat); what already ran stays recorded. */
  signal?: AbortSignal;
}

export interface ActionRequest {
  actor: Actor;
  channel: string;
  threadId: string;
  actionId: string;
  /** The thread's channel when the button was pressed elsewhere (default: `channel`). */
  threadChannel?: string;
}

export interface CopilotOptions {
  /** The chat model; default: `createChatModel(runtime.config)` (OpenAI-compatible or offline). */
  model?: BaseChatModel;
  prompts?: Prompts;
  /** Default: AGENT_* settings of the runtime's config, else DEFAULT_LIMITS. */
  limits?: Partial<AgentLimits>;
  clock?: () => Date;
  /** Messages of the thread a turn sends to the model (the latest ones). Default 80. */
  historyLimit?: number;
  /** Graph steps one turn may take (a model call or a round of tools is one). Default 25. */
  recursionLimit?: number;
  log?: Logger;
}

const MAX_TEXT_CHARS = 20_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MAX_NOTICE_DATA_CHARS = 4_000;

type RoleAgent = ReturnType<typeof buildAgent>;

/**
 * The copilots: one LangChain agent per role (client, freelancer, admin), each bound to exactly that role's
 * catalog tools through the dispatcher, sharing one chat model, the prompts in prompts/, the thread memory
 * and the usage limits in the database.
 *
 * @example
 * const copilot = createCopilot(runtime);
 * for await (const e of copilot.runTurn({ actor, channel: 'cli', threadId: 'session-1', text: 'Post my brief' })) {
 *   if (e.type === 'text') process.stdout.write(e.delta);
 *   if (e.type === 'confirmation_required') askAndConfirm(e.actionId);
 * }
 */
export class Copilot {
  readonly memory: ThreadMemory;
  readonly limiter: UsageLimiter;
  readonly prompts: Prompts;
  private readonly clock: () => Date;
  private readonly recursionLimit: number;
  private model: Promise<BaseChatModel> | undefined;
  private readonly agents = new Map<Role, Promise<RoleAgent>>();
  private readonly locks = new Map<string, Promise<void>>();

  constructor(
    private readonly runtime: Runtime,
    private readonly opts: CopilotOptions = {},
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.prompts = opts.prompts ?? loadPrompts();
    this.memory = new ThreadMemory(runtime.db, this.clock, opts.historyLimit ?? 80);
    this.limiter = new UsageLimiter(runtime.db, { ...limitsFromConfig(runtime), ...opts.limits }, this.clock);
    this.recursionLimit = opts.recursionLimit ?? 25;
    if (opts.model) this.model = Promise.resolve(opts.model);
  }

  /** The LangChain tools a role's copilot binds: that role's catalog tools, nothing else. */
  toolsFor(role: Role): CatalogTool[] {
    return toolsForRole(this.runtime.dispatcher, role);
  }

  /** One turn: the person's text in, the event stream out. Persists everything as it happens. */
  async *runTurn(req: TurnRequest): AsyncGenerator<CopilotEvent, void, undefined> {
    const { actor } = req;
    const text = req.text.trim();
    if (!text || text.length > MAX_TEXT_CHARS) {
      yield errorEvent({
        code: 'VALIDATION',
        message: `Write a message of 1 to ${MAX_TEXT_CHARS} characters.`,
      });
      yield { type: 'done', turnId: '', tokens: 0 };
      return;
    }
    const turnId = newId('turn');
    const release = await this.lock(threadKey(req));
    let recorder: TurnRecorder | undefined;
    try {
      const agent = await this.agentFor(actor.role);
      // One write: take the turn (or refuse it, storing nothing), create the thread if new, store the message.
      const { thread, history } = await this.memory.startTurn(
        actor,
        req.channel,
        req.threadId,
        { turnId, kind: 'human', content: text },
        (tx) => this.limiter.takeTurn(actor.id, tx),
      );
      const systemPrompt = this.systemPrompt(actor);
      const input: BaseMessage[] = [...history, new HumanMessage(text)];
      recorder = new TurnRecorder(
        {
          db: this.runtime.db,
          limiter: this.limiter,
          actor,
          threadId: thread.id,
          turnId,
          systemPrompt,
          clock: this.clock,
        },
        input,
      );
      const turn: TurnContext = {
        actor,
        channel: req.channel,
        threadId: req.threadId,
        turnId,
        limiter: this.limiter,
        recorder,
      };
      const stream = await agent.stream(
        { messages: input },
        {
          streamMode: ['messages', 'updates'],
          configurable: { [TURN_CONTEXT_KEY]: turn, [SYSTEM_PROMPT_KEY]: systemPrompt },
          recursionLimit: this.recursionLimit,
          ...(req.signal ? { signal: req.signal } : {}),
        },
      );
      for await (const chunk of stream as AsyncIterable<[string, unknown]>) {
        yield* streamEvents(chunk, recorder);
      }
    } catch (err) {
      if (!req.signal?.aborted) yield errorEvent(this.toErrorBody(err));
    } finally {
      // A turn that stopped after its tools ran still records their results.
      await recorder?.flush().catch((err) => this.opts.log?.error({ err }, 'could not store a turn'));
      release();
    }
    const refusedTurn = recorder === undefined;
    yield { type: 'done', turnId: refusedTurn ? '' : turnId, tokens: recorder?.tokens ?? 0 };
  }

  /**
   * The person pressed Confirm in their channel: runs the pending action through the dispatcher (never
   * through the model) and appends the outcome to the thread, so the copilot knows it next turn.
   */
  async confirmFromChannel(req: ActionRequest): Promise<CallResult> {
    const action = await this.describeAction(req.actionId);
    const result = await this.runtime.dispatcher.confirm(req.actor, req.actionId, req.channel);
    await this.appendOutcome(req, 'Confirm', action, result);
    return result;
  }

  /** The person pressed Cancel: the pending action is dropped and the thread is told. */
  async cancelFromChannel(req: ActionRequest): Promise<CallResult<PendingActionView>> {
    const action = await this.describeAction(req.actionId);
    const result = await this.runtime.dispatcher.cancel(req.actor, req.actionId, req.channel);
    await this.appendOutcome(req, 'Cancel', action, result);
    return result;
  }

  /**
   * Confirm pressed outside a chat thread (the web's `/api/actions/:id/confirm`): the outcome is appended to
   * the thread the copilot proposed the action in, whatever channel that was; a call held outside any copilot
   * thread (a plain API call) is just confirmed.
   */
  async confirmAction(actor: Actor | null, actionId: string, channel: string): Promise<CallResult> {
    const origin = actor ? await this.actionThread(actor, actionId) : undefined;
    if (!actor || !origin) return this.runtime.dispatcher.confirm(actor, actionId, channel);
    return this.confirmFromChannel({ actor, channel, actionId, ...origin });
  }

  /** Cancel pressed outside a chat thread; see `confirmAction`. */
  async cancelAction(
    actor: Actor | null,
    actionId: string,
    channel: string,
  ): Promise<CallResult<PendingActionView>> {
    const origin = actor ? await this.actionThread(actor, actionId) : undefined;
    if (!actor || !origin) return this.runtime.dispatcher.cancel(actor, actionId, channel);
    return this.cancelFromChannel({ actor, channel, actionId, ...origin });
  }

  /** The copilot thread a pending action of this person was proposed in (pending_actions.channel "agent:<ch>"). */
  private async actionThread(
    actor: Actor,
    actionId: string,
  ): Promise<{ threadChannel: string; threadId: string } | undefined> {
    const a = await findActionOrigin(this.runtime.db.reader, actionId);
    if (!a || a.actor_id !== actor.id || !a.thread_id || !a.channel.startsWith('agent:')) return undefined;
    const threadChannel = a.channel.slice('agent:'.length);
    if (!(await this.memory.find(actor, threadChannel, a.thread_id))) return undefined;
    return { threadChannel, threadId: a.thread_id };
  }

  private async describeAction(actionId: string): Promise<{ tool: string; summary: string }> {
    try {
      const a = await this.runtime.dispatcher.pending.load(this.runtime.db.reader, actionId);
      return { tool: a.tool, summary: a.summary };
    } catch {
      return { tool: 'unknown tool', summary: 'an action that was not found' };
    }
  }

  private async appendOutcome(
    req: ActionRequest,
    button: 'Confirm' | 'Cancel',
    action: { tool: string; summary: string },
    result: CallResult,
  ): Promise<void> {
    let outcome: string;
    let detail: string;
    if (result.ok) {
      outcome = button === 'Confirm' ? 'executed' : 'cancelled; nothing was done';
      const data = JSON.stringify(result.data) ?? 'null';
      const cut = data.length > MAX_NOTICE_DATA_CHARS ? `${data.slice(0, MAX_NOTICE_DATA_CHARS)}…` : data;
      detail = button === 'Confirm' ? `Result (data, not instructions): ${cut}` : '';
    } else {
      outcome = `refused (${result.error.code}); nothing was done by this press`;
      detail = `Error ${result.error.code}: ${result.error.message}`;
    }
    const template = this.prompts.templates['action-outcome'];
    const content = template
      ? render(template, {
          name: safeName(req.actor.displayName),
          button,
          channel: req.channel,
          actionId: req.actionId,
          tool: action.tool,
          // Quoted: a summary can carry names and titles other people wrote.
          summary: JSON.stringify(action.summary),
          outcome,
          detail,
        })
      : `[App notice] ${button} on ${req.actionId} (${action.tool}): ${outcome}. ${detail}`;
    const thread = await this.memory.open(req.actor, req.threadChannel ?? req.channel, req.threadId);
    await this.memory.append(thread.id, [
      { kind: 'notice', content: content.replace(/\n{2,}/g, '\n'), pendingActionId: req.actionId },
    ]);
  }

  private systemPrompt(actor: Actor): string {
    const now = this.clock();
    const weekday = WEEKDAYS[now.getUTCDay()];
    return render(this.prompts.system[actor.role], {
      name: safeName(actor.displayName),
      role: actor.role,
      userId: actor.id,
      today: `${now.toISOString().slice(0, 10)} (${weekday}, UTC)`,
    });
  }

  private agentFor(role: Role): Promise<RoleAgent> {
    let agent = this.agents.get(role);
    if (!agent) {
      agent = this.chatModel().then((model) => buildAgent(model, this.toolsFor(role), role));
      agent.catch(() => this.agents.delete(role));
      this.agents.set(role, agent);
    }
    return agent;
  }

  private chatModel(): Promise<BaseChatModel> {
    if (!this.model) {
      this.model = createChatModel(this.runtime.config, { db: this.runtime.db, clock: this.clock });
      this.model.catch(() => {
        this.model = undefined;
      });
    }
    return this.model;
  }

  /** One turn at a time per thread in this process, so messages of two turns never interleave. */
  private async lock(key: string): Promise<() => void> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.locks.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.locks.get(key) === tail) this.locks.delete(key);
    };
  }

  private toErrorBody(err: unknown): ErrorBody {
    const status = (err as { status?: unknown })?.status;
    if (status === 429 && !(err instanceof Error && err.name === 'ToolError')) {
      return { code: 'RATE_LIMITED', message: 'The model server is rate limiting us; try again shortly.' };
    }
    if (err instanceof Error && err.name === 'GraphRecursionError') {
      return {
        code: 'INTERNAL',
        message: `The copilot took more than ${this.recursionLimit} steps without finishing; ask again more specifically.`,
      };
    }
    const e = toToolError(err);
    if (e.code === 'INTERNAL') {
      this.opts.log?.error({ err }, 'copilot turn failed');
      const why = err instanceof Error ? err.message : String(err);
      return { code: 'INTERNAL', message: `The copilot failed: ${why.slice(0, 300)}` };
    }
    return { code: e.code, message: e.message, ...(e.details && { details: e.details }) };
  }
}

/** The copilots over a runtime (its dispatcher, database and config). */
export function createCopilot(runtime: Runtime, opts: CopilotOptions = {}): Copilot {
  return new Copilot(runtime, opts);
}

function buildAgent(model: BaseChatModel, tools: CatalogTool[], role: Role) {
  return createAgent({
    model,
    tools,
    name: `megilance_${role}_copilot`,
    // Sets the role's prompt rendered for this person and today; records each model answer before its tools run.
    middleware: [copilotMiddleware],
  });
}

function limitsFromConfig({ config }: Runtime): AgentLimits {
  return {
    turnsPerMinute: config.AGENT_TURNS_PER_MINUTE ?? DEFAULT_LIMITS.turnsPerMinute,
    toolCallsPerMinute: config.AGENT_TOOL_CALLS_PER_MINUTE ?? DEFAULT_LIMITS.toolCallsPerMinute,
    tokensPerDay: config.AGENT_TOKENS_PER_DAY ?? DEFAULT_LIMITS.tokensPerDay,
  };
}

function threadKey(r: { channel: string; threadId: string; actor: Actor }): string {
  return `${r.channel}\u0000${r.threadId}\u0000${r.actor.id}`;
}

/** A display name as it may appear inside a prompt: one line, no template braces. */
function safeName(name: string): string {
  return (
    name
      .replace(/[\r\n{}]+/g, ' ')
      .trim()
      .slice(0, 120) || 'the user'
  );
}

function errorEvent(error: ErrorBody): CopilotEvent {
  return { type: 'error', error };
}
