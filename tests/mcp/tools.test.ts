import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all } from '../../db/sql';
import { Dispatcher } from '../../tools/dispatcher';
import { catalog } from '../../tools/index';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';
import {
  asCallResult,
  type Connector,
  connector,
  errorOf,
  STDIO_TIMEOUT,
  type TransportKind,
} from './support';

// The stdio server is a child process per user; run it on the embedded file and HTTP on every backend.
const CASES: [TransportKind, (typeof BACKENDS)[number]][] = [
  ...BACKENDS.map((b) => ['http', b] as [TransportKind, typeof b]),
  ['stdio', 'file'],
];

describe.each(CASES)('MCP tools over %s on %s', STDIO_TIMEOUT, (kind, backend) => {
  let env: TestEnv;
  let conn: Connector;
  let client: TestUser;
  let freelancer: TestUser;
  let admin: TestUser;
  let asClient: Client;
  let asFreelancer: Client;

  beforeAll(async () => {
    env = await testEnv(backend);
    client = await makeUser(env.rt, 'client');
    freelancer = await makeUser(env.rt, 'freelancer', { skills: ['React'] });
    admin = await makeUser(env.rt, 'admin');
    conn = await connector(kind, env.rt);
    [asClient, asFreelancer] = await Promise.all([conn.connect(client), conn.connect(freelancer)]);
  });
  afterAll(async () => {
    await conn?.close();
    await env?.close();
  });

  it('lists exactly the tools each role may call, with schemas and annotations', async () => {
    const forRole = (role: 'client' | 'freelancer' | 'admin') =>
      catalog.filter((t) => t.roles.includes(role)).map((t) => t.name);

    const mine = (await asFreelancer.listTools()).tools;
    expect(mine.map((t) => t.name).sort()).toEqual(forRole('freelancer').sort());
    const notMine = catalog.filter((t) => !t.roles.includes('freelancer')).map((t) => t.name);
    expect(notMine).toContain('create_project');
    for (const name of notMine) expect(mine.map((t) => t.name)).not.toContain(name);
    for (const t of catalog.filter((t) => t.effect === 'admin'))
      expect(mine.map((x) => x.name)).not.toContain(t.name);

    const theirs = (await asClient.listTools()).tools;
    expect(theirs.map((t) => t.name).sort()).toEqual(forRole('client').sort());
    const create = theirs.find((t) => t.name === 'create_project');
    expect(create).toMatchObject({
      title: 'Create a project',
      inputSchema: { type: 'object', required: expect.arrayContaining(['title', 'budget']) },
      outputSchema: { type: 'object' },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    });
    const get = theirs.find((t) => t.name === 'get_project');
    expect(get?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    const cancel = theirs.find((t) => t.name === 'cancel_project');
    expect(cancel?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(cancel?.description).toContain('confirmation');
    expect(theirs.map((t) => t.name)).not.toContain('confirm_action');

    const asAdmin = await conn.connect(admin);
    const adminTools = (await asAdmin.listTools()).tools.map((t) => t.name);
    expect(adminTools.sort()).toEqual(forRole('admin').sort());
  });

  it('calls a write tool and a read tool with structured output', async () => {
    const created = asCallResult(
      await asClient.callTool({
        name: 'create_project',
        arguments: projectInput({ title: 'MCP landing page' }),
      }),
    );
    expect(created.isError).toBeFalsy();
    const project = created.structuredContent as { id: string; title: string; clientId: string };
    expect(project).toMatchObject({ title: 'MCP landing page', clientId: client.actor.id });
    expect(created.content[0]).toMatchObject({ type: 'text' });

    const got = asCallResult(
      await asFreelancer.callTool({ name: 'get_project', arguments: { projectId: project.id } }),
    );
    expect(got.isError).toBeFalsy();
    expect(got.structuredContent).toMatchObject({
      id: project.id,
      title: 'MCP landing page',
      status: 'open',
    });

    const who = asCallResult(await asFreelancer.callTool({ name: 'whoami', arguments: {} }));
    expect(who.structuredContent).toMatchObject({ id: freelancer.actor.id, role: 'freelancer' });

    await env.rt.dispatcher.flush();
    const rows = await all<{ channel: string }>(
      env.rt.db.reader,
      "SELECT channel FROM audit_log WHERE tool = 'create_project' AND actor_id = ?",
      [client.actor.id],
    );
    expect(rows.map((r) => r.channel)).toContain('mcp');
  });

  it('answers invalid input with a VALIDATION tool error naming the fields', async () => {
    const res = asCallResult(
      await asClient.callTool({
        name: 'create_project',
        arguments: projectInput({ budget: { currency: 'usd', min: -1, max: 5 } }),
      }),
    );
    const error = errorOf(res);
    expect(error.code).toBe('VALIDATION');
    expect(error.fields?.map((f) => f.field)).toEqual(
      expect.arrayContaining(['budget.currency', 'budget.min']),
    );

    const misspelt = errorOf(
      asCallResult(await asClient.callTool({ name: 'search_projects', arguments: { text: 'x' } })),
    );
    expect(misspelt.code).toBe('VALIDATION');
    expect(misspelt.message).toContain('text');
  });

  it('refuses a tool the role may not call (FORBIDDEN) and an unknown tool (NOT_FOUND) as tool errors', async () => {
    const refused = errorOf(
      asCallResult(await asFreelancer.callTool({ name: 'create_project', arguments: projectInput() })),
    );
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('client') });
    const unknown = errorOf(asCallResult(await asClient.callTool({ name: 'confirm_action', arguments: {} })));
    expect(unknown.code).toBe('NOT_FOUND');
    const missing = errorOf(
      asCallResult(await asClient.callTool({ name: 'get_project', arguments: { projectId: 'prj_nope' } })),
    );
    expect(missing.code).toBe('NOT_FOUND');
    // The connection is still fine after refusals.
    expect((await asClient.callTool({ name: 'whoami', arguments: {} })).isError).toBeFalsy();
  });

  it('holds cancel_project as a pending action; nothing changes until the person confirms', async () => {
    const created = asCallResult(
      await asClient.callTool({
        name: 'create_project',
        arguments: projectInput({ title: 'To be cancelled' }),
      }),
    );
    const id = (created.structuredContent as { id: string }).id;
    const held = asCallResult(
      await asClient.callTool({ name: 'cancel_project', arguments: { projectId: id } }),
    );
    expect(held.isError).toBeFalsy();
    const pending = held.structuredContent as {
      status: string;
      message: string;
      pendingAction: { id: string; summary: string; status: string };
      confirmUrl: string;
      howToConfirm: string;
    };
    expect(pending.status).toBe('needs_confirmation');
    expect(pending.pendingAction.summary).toContain('To be cancelled');
    expect(pending.pendingAction.status).toBe('pending');
    expect(pending.confirmUrl).toMatch(
      new RegExp(`^https?://.+/api/actions/${pending.pendingAction.id}/confirm$`),
    );
    expect(pending.howToConfirm).toContain('own API key');
    const text = held.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    expect(text).toContain(pending.confirmUrl);

    const status = async () =>
      (
        asCallResult(await asClient.callTool({ name: 'get_project', arguments: { projectId: id } }))
          .structuredContent as { status: string }
      ).status;
    expect(await status()).toBe('open');

    // A model saying "confirmed" is just another call: it makes another pending action, never runs one.
    const again = asCallResult(
      await asClient.callTool({ name: 'cancel_project', arguments: { projectId: id } }),
    );
    expect((again.structuredContent as { status: string }).status).toBe('needs_confirmation');
    expect(await status()).toBe('open');

    // The person confirms with their own credentials (the web link runs exactly this). The stdio server
    // runs on the real clock, the HTTP app on the test clock: confirm on the clock that made the action.
    const person = kind === 'http' ? env.rt.dispatcher : new Dispatcher({ db: env.rt.db, tools: catalog });
    const done = await person.confirm(client.actor, pending.pendingAction.id, 'http');
    await person.flush();
    expect(done.ok).toBe(true);
    expect(await status()).toBe('cancelled');
  });
});
