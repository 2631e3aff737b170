/**
 * Fixtures for the tool-level variants of the money proofs: a fresh runtime (dispatcher over the whole
 * catalog) with clients, freelancers, an admin, contracts and milestones made in SQL, and a helper that
 * calls a guarded tool and confirms it as its caller would.
 */

import { run } from '../../../db/sql';
import type { Runtime } from '../../../runtime';
import { makeUser, type TestEnv, type TestUser, testEnv } from '../../support/harness';
import { CATEGORY, NOW } from './world';

export interface ToolMilestone {
  id: string;
  contractId: string;
  client: TestUser;
  freelancer: TestUser;
  currency: string;
  amount: number;
}

export interface ToolWorld {
  env: TestEnv;
  admin: TestUser;
  clients: TestUser[];
  freelancers: TestUser[];
  milestones: ToolMilestone[];
}

let seq = 0;

/** A fresh runtime with 2 clients, 2 freelancers, an admin, and one milestone per given amount. */
export async function toolWorld(
  milestones: { c: number; f: number; currency: string; amount: number }[],
): Promise<ToolWorld> {
  const env = await testEnv('file');
  const admin = await makeUser(env.rt, 'admin');
  const clients = [await makeUser(env.rt, 'client'), await makeUser(env.rt, 'client')];
  const freelancers = [await makeUser(env.rt, 'freelancer'), await makeUser(env.rt, 'freelancer')];
  const made: ToolMilestone[] = [];
  await env.rt.db.write(async (tx) => {
    const at = NOW.toISOString();
    const contracts = new Map<string, string>();
    for (const [i, m] of milestones.entries()) {
      const client = clients[m.c]!;
      const freelancer = freelancers[m.f]!;
      const pair = `${m.c}:${m.f}:${m.currency}`;
      let contractId = contracts.get(pair);
      if (!contractId) {
        const n = ++seq;
        const projectId = `prj_tool_${n}_${process.pid}`;
        contractId = `ctr_tool_${n}_${process.pid}`;
        await run(
          tx,
          `INSERT INTO projects (id, client_id, title, description, category, pricing, budget_min_minor, budget_max_minor,
                                 currency, status, created_at, updated_at)
           VALUES (?, ?, 'Money tool test', 'A project for the tool-level money proofs', ?, 'fixed', 0, 10000000, ?,
                   'in_progress', ?, ?)`,
          [projectId, client.actor.id, CATEGORY, m.currency, at, at],
        );
        await run(
          tx,
          `INSERT INTO contracts (id, project_id, client_id, freelancer_id, kind, amount_minor, currency, status, started_at)
           VALUES (?, ?, ?, ?, 'fixed', 500000, ?, 'active', ?)`,
          [contractId, projectId, client.actor.id, freelancer.actor.id, m.currency, at],
        );
        contracts.set(pair, contractId);
      }
      const id = `mst_tool_${++seq}_${process.pid}`;
      const projectId = contractId.replace('ctr_', 'prj_');
      await run(
        tx,
        `INSERT INTO milestones (id, project_id, contract_id, position, title, amount_minor, currency, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?)`,
        [id, projectId, contractId, i + 1, `Milestone ${i + 1}`, m.amount, m.currency, at],
      );
      made.push({ id, contractId, client, freelancer, currency: m.currency, amount: m.amount });
    }
  });
  return { env, admin, clients, freelancers, milestones: made };
}

export type ToolOutcome<T = unknown> =
  | { ok: true; data: T; confirmed: boolean }
  | { ok: false; code: string; message: string };

/**
 * Calls a tool; when it is held for confirmation, confirms it as the same person. `confirmed` is false when
 * the call answered at once (a replay answers from its receipt without asking again).
 */
export async function guarded<T = unknown>(
  rt: Runtime,
  user: TestUser,
  tool: string,
  input: unknown,
): Promise<ToolOutcome<T>> {
  const res = await rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });
  if (res.ok) return { ok: true, data: res.data, confirmed: false };
  if (res.error.code !== 'NEEDS_CONFIRMATION' || !res.error.pendingAction)
    return { ok: false, code: res.error.code, message: res.error.message };
  const done = await rt.dispatcher.confirm<T>(user.actor, res.error.pendingAction.id, 'test');
  if (done.ok) return { ok: true, data: done.data, confirmed: true };
  return { ok: false, code: done.error.code, message: done.error.message };
}

/** Asks for a guarded action and returns its pending action id without confirming it. */
export async function pendingFor(rt: Runtime, user: TestUser, tool: string, input: unknown): Promise<string> {
  const res = await rt.dispatcher.call({ actor: user.actor, channel: 'test', tool, input });
  if (res.ok || res.error.code !== 'NEEDS_CONFIRMATION' || !res.error.pendingAction)
    throw new Error(`${tool} should wait for confirmation: ${JSON.stringify(res)}`);
  return res.error.pendingAction.id;
}
