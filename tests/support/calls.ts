import { expect } from 'vitest';
import type { CallResult, ErrorBody } from '../../tools/dispatcher';
import type { ErrorCode } from '../../tools/errors';
import type { TestEnv, TestUser } from './harness';

/**
 * Tool calls through the dispatcher as a test user, on the 'test' channel. `env` is a getter because suites
 * build their environment in `beforeAll`, after these helpers are made.
 *
 * @example
 *   let env: TestEnv;
 *   const { ok, fails, confirmed } = toolCalls(() => env);
 */
export function toolCalls(env: () => TestEnv) {
  const call = <T = unknown>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> =>
    env().rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });

  /** The call's data; throws with the error body when it failed. */
  async function ok<T>(user: TestUser, tool: string, input: unknown): Promise<T> {
    const res = await call<T>(user, tool, input);
    if (!res.ok) throw new Error(`${tool} failed: ${JSON.stringify(res.error)}`);
    return res.data;
  }

  /** Expects the call to fail with `code` (and to name `field`, when given); returns the error body. */
  async function fails(
    user: TestUser,
    tool: string,
    input: unknown,
    code: ErrorCode,
    field?: string,
  ): Promise<ErrorBody> {
    const res = await call(user, tool, input);
    expect(res.ok, `${tool} should fail with ${code}`).toBe(false);
    if (res.ok) throw new Error('unreachable');
    expect(res.error.code, res.error.message).toBe(code);
    if (field) expect(res.error.fields?.map((f) => f.field)).toContain(field);
    return res.error;
  }

  /** A guarded call: held for confirmation, then confirmed by the same person, as a channel's button does. */
  async function confirmed<T>(
    user: TestUser,
    tool: string,
    input: unknown,
  ): Promise<{ data: T; summary: string }> {
    const held = await call(user, tool, input);
    if (held.ok || held.error.code !== 'NEEDS_CONFIRMATION') {
      throw new Error(`${tool} should wait for confirmation: ${JSON.stringify(held)}`);
    }
    const action = held.error.pendingAction!;
    const done = await env().rt.dispatcher.confirm<T>(user.actor, action.id, 'test');
    if (!done.ok) throw new Error(`${tool} failed on confirm: ${JSON.stringify(done.error)}`);
    return { data: done.data, summary: action.summary };
  }

  return { call, ok, fails, confirmed };
}
