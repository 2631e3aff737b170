import type { Db, Executor } from '../db/client';
import { addUsage, getUsage, pruneUsage, takeUsage } from '../db/queries/threads';
import { ToolError } from '../tools/errors';

/** Per-user caps on copilot use. 0 turns a cap off. */
export interface AgentLimits {
  turnsPerMinute: number;
  toolCallsPerMinute: number;
  tokensPerDay: number;
}

export const DEFAULT_LIMITS: AgentLimits = {
  turnsPerMinute: 20,
  toolCallsPerMinute: 60,
  tokensPerDay: 1_000_000,
};

const KEEP_MS = 2 * 24 * 3_600_000;

/**
 * Counts turns, tool calls and tokens per user in fixed windows (a minute, a UTC day) stored in the
 * database, so the caps hold across restarts and across every node sharing the database. A refused turn
 * or call is not counted. Every method takes an optional open write transaction to count inside it.
 */
export class UsageLimiter {
  constructor(
    private readonly db: Db,
    readonly limits: AgentLimits,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Takes one turn, or throws RATE_LIMITED (turns per minute, or the day's tokens already spent). */
  async takeTurn(userId: string, tx?: Executor): Promise<void> {
    const now = this.clock();
    const { tokensPerDay, turnsPerMinute } = this.limits;
    const take = async (ex: Executor) => {
      if (tokensPerDay > 0 && (await getUsage(ex, userId, 'tokens', dayWindow(now))) >= tokensPerDay) {
        throw limited('tokens_per_day', tokensPerDay, secondsToNextDay(now), 'model tokens today');
      }
      if (turnsPerMinute <= 0) return;
      const ok = await takeUsage(ex, {
        userId,
        metric: 'turns',
        window: minuteWindow(now),
        amount: 1,
        max: turnsPerMinute,
      });
      if (!ok)
        throw limited('turns_per_minute', turnsPerMinute, 60 - now.getUTCSeconds(), 'messages a minute');
      // Old windows can no longer limit anything: drop this user's with each turn (a short indexed range).
      await pruneUsage(ex, userId, dayWindow(new Date(now.getTime() - KEEP_MS)));
    };
    await (tx ? take(tx) : this.db.write(take));
  }

  /**
   * Throws the RATE_LIMITED error `takeTurn` would throw now, without counting anything: a channel that must
   * answer before the turn starts (the web's 429 with Retry-After) asks first. `takeTurn` still decides.
   */
  async checkTurn(userId: string): Promise<void> {
    const now = this.clock();
    const { tokensPerDay, turnsPerMinute } = this.limits;
    const [turns, tokens] = await Promise.all([
      turnsPerMinute > 0 ? getUsage(this.db.reader, userId, 'turns', minuteWindow(now)) : 0,
      tokensPerDay > 0 ? getUsage(this.db.reader, userId, 'tokens', dayWindow(now)) : 0,
    ]);
    if (tokensPerDay > 0 && tokens >= tokensPerDay)
      throw limited('tokens_per_day', tokensPerDay, secondsToNextDay(now), 'model tokens today');
    if (turnsPerMinute > 0 && turns >= turnsPerMinute)
      throw limited('turns_per_minute', turnsPerMinute, 60 - now.getUTCSeconds(), 'messages a minute');
  }

  /**
   * Takes up to `n` tool calls and returns how many were granted (the first ones); the rest are over the
   * per-minute cap and must be refused with `toolCallsRefused()`.
   */
  async takeToolCalls(userId: string, n: number, tx?: Executor): Promise<number> {
    const max = this.limits.toolCallsPerMinute;
    if (max <= 0 || n <= 0) return n;
    const window = minuteWindow(this.clock());
    const take = async (ex: Executor) => {
      let granted = 0;
      while (granted < n && (await takeUsage(ex, { userId, metric: 'tool_calls', window, amount: 1, max }))) {
        granted += 1;
      }
      return granted;
    };
    return tx ? take(tx) : this.db.write(take);
  }

  /** The typed error for a tool call over the per-minute cap. */
  toolCallsRefused(): ToolError {
    const max = this.limits.toolCallsPerMinute;
    return limited('tool_calls_per_minute', max, 60 - this.clock().getUTCSeconds(), 'tool calls a minute');
  }

  /** Records tokens a model call used; the next turn is refused once the day's cap is reached. */
  async addTokens(userId: string, tokens: number, tx?: Executor): Promise<void> {
    if (tokens <= 0) return;
    const window = dayWindow(this.clock());
    const add = (ex: Executor) =>
      addUsage(ex, { userId, metric: 'tokens', window, amount: Math.round(tokens) });
    await (tx ? add(tx) : this.db.write(add));
  }

  async usage(userId: string): Promise<{ turns: number; toolCalls: number; tokensToday: number }> {
    const now = this.clock();
    const [turns, toolCalls, tokensToday] = await Promise.all([
      getUsage(this.db.reader, userId, 'turns', minuteWindow(now)),
      getUsage(this.db.reader, userId, 'tool_calls', minuteWindow(now)),
      getUsage(this.db.reader, userId, 'tokens', dayWindow(now)),
    ]);
    return { turns, toolCalls, tokensToday };
  }
}

function limited(limit: string, max: number, retryAfterSeconds: number, what: string): ToolError {
  const wait =
    retryAfterSeconds >= 3600 ? `${Math.ceil(retryAfterSeconds / 3600)} h` : `${retryAfterSeconds} s`;
  return new ToolError(
    'RATE_LIMITED',
    `You reached your limit of ${max} ${what}; try again in about ${wait}.`,
    {
      details: { limit, max, retryAfterSeconds },
    },
  );
}

/** "2026-11-23T12:04": the UTC minute. */
export function minuteWindow(d: Date): string {
  return d.toISOString().slice(0, 16);
}

/** "2026-11-23": the UTC day. */
export function dayWindow(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function secondsToNextDay(d: Date): number {
  const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  return Math.ceil((next - d.getTime()) / 1000);
}
