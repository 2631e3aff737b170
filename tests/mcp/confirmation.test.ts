import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getMcpKeySettings, setMcpElicitationOptIn } from '../../db/queries/mcp';
import { all, one } from '../../db/sql';
import { defineTool } from '../../tools/define';
import { Dispatcher } from '../../tools/dispatcher';
import { catalog } from '../../tools/index';
import { makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';
import {
  asCallResult,
  type Connector,
  connector,
  httpConnector,
  STDIO_TIMEOUT,
  type TransportKind,
} from './support';

type Pending = { status: string; pendingAction: { id: string; summary: string; status: string } };

async function optIn(env: TestEnv, user: TestUser, on = true) {
  const settings = await getMcpKeySettings(env.rt.db.reader, user.key);
  if (!settings) throw new Error('no key');
  await env.rt.db.write((tx) => setMcpElicitationOptIn(tx, settings.keyId, on));
}

/** A client whose person answers every elicitation with `answer`, recording what they were asked. */
function answering(answer: ElicitResult, asked: string[]) {
  return {
    capabilities: { elicitation: { form: {} } },
    setup(c: Client) {
      c.setRequestHandler(ElicitRequestSchema, async (req) => {
        asked.push(req.params.message);
        return answer;
      });
    },
  };
}

describe.each(['http', 'stdio'] as TransportKind[])(
  'confirmation by elicitation over %s',
  STDIO_TIMEOUT,
  (kind) => {
    let env: TestEnv;
    let conn: Connector;
    let optedIn: TestUser;
    let notOptedIn: TestUser;

    beforeAll(async () => {
      env = await testEnv('file');
      optedIn = await makeUser(env.rt, 'client');
      notOptedIn = await makeUser(env.rt, 'client');
      await optIn(env, optedIn);
      conn = await connector(kind, env.rt);
    });
    afterAll(async () => {
      await conn?.close();
      await env?.close();
    });

    const newProject = async (c: Client, title: string) =>
      (
        asCallResult(await c.callTool({ name: 'create_project', arguments: projectInput({ title }) }))
          .structuredContent as { id: string }
      ).id;
    const statusOf = async (projectId: string) =>
      (
        await one<{ status: string }>(env.rt.db.reader, 'SELECT status FROM projects WHERE id = ?', [
          projectId,
        ])
      )?.status;

    it('runs the action when the person accepts the form their client shows', async () => {
      const asked: string[] = [];
      const c = await conn.connect(
        optedIn,
        answering({ action: 'accept', content: { confirm: true } }, asked),
      );
      const id = await newProject(c, 'Cancel me by elicitation');
      const res = asCallResult(await c.callTool({ name: 'cancel_project', arguments: { projectId: id } }));
      expect(res.isError).toBeFalsy();
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain('Cancel me by elicitation');
      expect(res.structuredContent).toMatchObject({ project: { id, status: 'cancelled' } });
      expect(await statusOf(id)).toBe('cancelled');
      const action = await one<{ status: string; channel: string }>(
        env.rt.db.reader,
        "SELECT status, channel FROM pending_actions WHERE tool = 'cancel_project' AND args LIKE ?",
        [`%${id}%`],
      );
      expect(action).toMatchObject({ status: 'executed', channel: 'mcp' });
    });

    it('cancels the action when the person declines, and leaves it pending when they only close the form', async () => {
      const asked: string[] = [];
      const declining = await conn.connect(optedIn, answering({ action: 'decline' }, asked));
      const id = await newProject(declining, 'Declined cancel');
      const res = asCallResult(
        await declining.callTool({ name: 'cancel_project', arguments: { projectId: id } }),
      );
      expect(res.structuredContent).toMatchObject({
        status: 'cancelled',
        pendingAction: { status: 'cancelled' },
      });
      expect(await statusOf(id)).toBe('open');

      const closing = await conn.connect(optedIn, answering({ action: 'cancel' }, asked));
      const unticked = await conn.connect(
        optedIn,
        answering({ action: 'accept', content: { confirm: false } }, asked),
      );
      for (const c of [closing, unticked]) {
        const r = asCallResult(await c.callTool({ name: 'cancel_project', arguments: { projectId: id } }));
        expect((r.structuredContent as Pending).status).toBe('needs_confirmation');
        expect((r.structuredContent as Pending).pendingAction.status).toBe('pending');
      }
      expect(asked).toHaveLength(3);
      expect(await statusOf(id)).toBe('open');
    });

    it('never asks without the opt-in for this key, nor a client that cannot show a form', async () => {
      const asked: string[] = [];
      const notOpted = await conn.connect(
        notOptedIn,
        answering({ action: 'accept', content: { confirm: true } }, asked),
      );
      const id = await newProject(notOpted, 'No opt-in');
      const res = asCallResult(
        await notOpted.callTool({ name: 'cancel_project', arguments: { projectId: id } }),
      );
      expect((res.structuredContent as Pending).status).toBe('needs_confirmation');
      expect(asked).toHaveLength(0);

      const plain = await conn.connect(optedIn); // opted in, but its client declares no elicitation
      const id2 = await newProject(plain, 'No elicitation capability');
      const res2 = asCallResult(
        await plain.callTool({ name: 'cancel_project', arguments: { projectId: id2 } }),
      );
      expect((res2.structuredContent as Pending).status).toBe('needs_confirmation');
      expect(await statusOf(id)).toBe('open');
      expect(await statusOf(id2)).toBe('open');
    });
  },
);

describe('money and admin tools over MCP', () => {
  let env: TestEnv;
  let conn: Awaited<ReturnType<typeof httpConnector>>;
  let client: TestUser;
  let freelancer: TestUser;
  let admin: TestUser;
  let released = 0;
  let suspended = 0;
  let dispatcher: Dispatcher;

  // Stand-ins for the money and admin tools written in parallel: they behave like any guarded tool.
  const releaseEscrow = defineTool({
    name: 'test_release_escrow',
    title: 'Release escrow (test)',
    description: 'Pays a freelancer from escrow.',
    roles: ['client'],
    effect: 'money',
    input: z.object({ amount: z.number().int().positive() }),
    output: z.object({ released: z.number().int() }),
    summarize: (_ctx, input) => `Release ${input.amount} from escrow.`,
    async run(_ctx, input) {
      released += input.amount;
      return { released: input.amount };
    },
  });
  const suspendAccount = defineTool({
    name: 'test_suspend_account',
    title: 'Suspend an account (test)',
    description: 'Suspends a user.',
    roles: ['admin'],
    effect: 'admin',
    input: z.object({ userId: z.string() }),
    output: z.object({ suspended: z.boolean() }),
    async run() {
      suspended += 1;
      return { suspended: true };
    },
  });

  beforeAll(async () => {
    env = await testEnv('file');
    client = await makeUser(env.rt, 'client');
    freelancer = await makeUser(env.rt, 'freelancer');
    admin = await makeUser(env.rt, 'admin');
    dispatcher = new Dispatcher({
      db: env.rt.db,
      tools: [...catalog, releaseEscrow, suspendAccount],
      clock: env.clock.now,
    });
    conn = await httpConnector({ ...env.rt, dispatcher });
  });
  afterAll(async () => {
    await conn?.close();
    await dispatcher?.flush();
    await env?.close();
  });

  it('appears for the right role only, marked destructive, with the pending action in its output schema', async () => {
    const names = async (u: TestUser) => (await (await conn.connect(u)).listTools()).tools;
    const f = (await names(freelancer)).map((t) => t.name);
    expect(f).not.toContain('test_suspend_account');
    expect(f).not.toContain('test_release_escrow');
    const a = await names(admin);
    expect(a.find((t) => t.name === 'test_suspend_account')?.annotations).toMatchObject({
      destructiveHint: true,
      readOnlyHint: false,
    });
    expect(a.map((t) => t.name)).not.toContain('test_release_escrow');
    const money = (await names(client)).find((t) => t.name === 'test_release_escrow');
    expect(money?.annotations?.destructiveHint).toBe(true);
    expect(money?.outputSchema).toMatchObject({ type: 'object', anyOf: expect.any(Array) });
  });

  it('returns a pending action and moves no money until the person confirms', async () => {
    const c = await conn.connect(client);
    const res = asCallResult(await c.callTool({ name: 'test_release_escrow', arguments: { amount: 50000 } }));
    expect(res.isError).toBeFalsy();
    const pending = res.structuredContent as Pending & { confirmUrl: string };
    expect(pending).toMatchObject({
      status: 'needs_confirmation',
      pendingAction: { summary: 'Release 50000 from escrow.', status: 'pending' },
    });
    expect(pending.confirmUrl).toBe(`http://127.0.0.1:3000/api/actions/${pending.pendingAction.id}/confirm`);
    expect(released).toBe(0);

    // The confirm link, pressed by someone else, does nothing; by the person, runs it once.
    const other = await makeUser(env.rt, 'client');
    const path = `/api/actions/${pending.pendingAction.id}/confirm`;
    const press = (key: string) =>
      conn.app.inject({ method: 'POST', url: path, headers: { authorization: `Bearer ${key}` } });
    expect((await press(other.key)).statusCode).toBe(403);
    expect(released).toBe(0);
    expect((await press(client.key)).statusCode).toBe(200);
    expect(released).toBe(50000);
    expect((await press(client.key)).statusCode).toBe(409);
    expect(released).toBe(50000);

    const s = await conn.connect(admin);
    const held = asCallResult(
      await s.callTool({ name: 'test_suspend_account', arguments: { userId: 'usr_x' } }),
    );
    expect((held.structuredContent as Pending).status).toBe('needs_confirmation');
    expect(suspended).toBe(0);

    await dispatcher.flush();
    const outcomes = await all<{ outcome: string }>(
      env.rt.db.reader,
      "SELECT outcome FROM audit_log WHERE tool = 'test_release_escrow' AND channel = 'mcp'",
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['NEEDS_CONFIRMATION']);
  });
});
