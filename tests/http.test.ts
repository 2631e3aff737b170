import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../channels/http/app';
import { all, one, run } from '../db/sql';
import { catalog } from '../tools/index';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from './support/harness';

describe.each(BACKENDS)('HTTP API on %s', (backend) => {
  let env: TestEnv;
  let app: FastifyInstance;
  let client: TestUser;
  let freelancer: TestUser;
  beforeAll(async () => {
    env = await testEnv(backend);
    app = await buildApp(env.rt);
    client = await makeUser(env.rt, 'client');
    freelancer = await makeUser(env.rt, 'freelancer');
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  const call = (tool: string, body: unknown, key?: string) =>
    app.inject({
      method: 'POST',
      url: `/api/tools/${tool}`,
      headers: key ? { authorization: `Bearer ${key}` } : {},
      payload: body as object,
    });

  it('publishes the catalog with JSON Schemas for every tool', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/tools' });
    expect(res.statusCode).toBe(200);
    const tools = res.json().tools as { name: string; inputSchema: { type: string }; roles: string[] }[];
    expect(tools.map((t) => t.name).sort()).toEqual(catalog.map((t) => t.name).sort());
    const create = tools.find((t) => t.name === 'create_project');
    expect(create?.inputSchema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['title', 'budget']),
    });
    expect(create?.roles).toEqual(['client']);
  });

  it('serves OpenAPI with one operation per tool', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toBe('3.1.0');
    for (const t of catalog) expect(spec.paths[`/api/tools/${t.name}`]?.post?.operationId).toBe(t.name);
    // Input and output schemas are documented even though the routes leave validation to the dispatcher.
    const create = spec.paths['/api/tools/create_project'].post;
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['title', 'budget']),
    });
    expect(create.responses['200'].content['application/json'].schema.properties).toHaveProperty('status');
    expect(create.responses).toHaveProperty('4XX');
    const ui = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('answers health checks', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });

  it('refuses calls without a valid key (401) and audits them', async () => {
    const none = await call('whoami', {});
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    const bad = await call('whoami', {}, 'mlk_not-a-real-key');
    expect(bad.statusCode).toBe(401);
    await env.rt.dispatcher.flush();
    const rows = await all(
      env.rt.db.reader,
      "SELECT outcome FROM audit_log WHERE tool = 'whoami' AND actor_id IS NULL",
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it('identifies the caller by key', async () => {
    const res = await call('whoami', {}, client.key);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: client.actor.id, role: 'client' });
  });

  it('maps refusals to precise statuses with typed bodies', async () => {
    const wrongRole = await call('create_project', projectInput(), freelancer.key);
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('client'),
    });

    const unknownTool = await call('no_such_tool', {}, client.key);
    expect(unknownTool.statusCode).toBe(404);
    expect(unknownTool.json().error.code).toBe('NOT_FOUND');

    const missing = await call('get_project', { projectId: 'prj_doesnotexist' }, client.key);
    expect(missing.statusCode).toBe(404);

    const invalid = await call(
      'create_project',
      projectInput({ budget: { currency: 'usd', min: -1, max: 5 } }),
      client.key,
    );
    expect(invalid.statusCode).toBe(400);
    const fields = invalid.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['budget.currency', 'budget.min']));

    const misspelt = await call('search_projects', { text: 'dashboard' }, client.key);
    expect(misspelt.statusCode).toBe(400);
    expect(misspelt.json().error.message).toContain('text');

    const notJson = await app.inject({
      method: 'POST',
      url: '/api/tools/whoami',
      headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' },
      payload: '{"oops"',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('VALIDATION');
  });

  it('lets a client create a project and read it back', async () => {
    const created = await call(
      'create_project',
      projectInput({ title: 'Landing page for a bakery' }),
      client.key,
    );
    expect(created.statusCode).toBe(200);
    const id = created.json().id as string;
    const got = await call('get_project', { projectId: id }, freelancer.key);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id, title: 'Landing page for a bakery', clientId: client.actor.id });
  });

  it('holds cancel_project for confirmation and runs it once for the same person', async () => {
    const created = await call('create_project', projectInput({ title: 'Project to cancel' }), client.key);
    const id = created.json().id as string;
    const held = await call('cancel_project', { projectId: id }, client.key);
    expect(held.statusCode).toBe(202);
    const body = held.json();
    expect(body.code).toBe('NEEDS_CONFIRMATION');
    expect(body.pendingAction.summary).toContain('Project to cancel');
    const { confirmPath, cancelPath } = body.pendingAction as { confirmPath: string; cancelPath: string };
    const status = async () => (await call('get_project', { projectId: id }, client.key)).json().status;
    expect(await status()).toBe('open');

    const other = await makeUser(env.rt, 'client');
    const auth = (key: string) => ({ authorization: `Bearer ${key}` });
    expect((await app.inject({ method: 'POST', url: confirmPath })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: confirmPath, headers: auth(other.key) })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'POST', url: cancelPath, headers: auth(other.key) })).statusCode).toBe(
      403,
    );
    expect(await status()).toBe('open');

    const confirmed = await app.inject({ method: 'POST', url: confirmPath, headers: auth(client.key) });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ project: { id, status: 'cancelled' }, declinedProposals: 0 });
    expect(await status()).toBe('cancelled');

    const replay = await app.inject({ method: 'POST', url: confirmPath, headers: auth(client.key) });
    expect(replay.statusCode).toBe(409);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/actions/act_nope/confirm',
      headers: auth(client.key),
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a suspended account', async () => {
    const u = await makeUser(env.rt, 'client');
    await env.rt.db.write((tx) =>
      run(tx, "UPDATE users SET status = 'suspended' WHERE id = ?", [u.actor.id]),
    );
    const res = await call('whoami', {}, u.key);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/suspended/);
  });

  it('survives 50 overlapping write requests without SQLITE_BUSY', async () => {
    const writer = await makeUser(env.rt, 'client');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('create_project', projectInput({ title: `Concurrent project ${i}` }), writer.key),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(
      statuses.filter((s) => s !== 200),
      JSON.stringify(responses.find((r) => r.statusCode !== 200)?.json()),
    ).toEqual([]);
    const n = await one<{ n: number }>(
      env.rt.db.reader,
      'SELECT count(*) AS n FROM projects WHERE client_id = ?',
      [writer.actor.id],
    );
    expect(n?.n).toBe(50);
    const audited = await one<{ n: number }>(
      env.rt.db.reader,
      "SELECT count(*) AS n FROM audit_log WHERE actor_id = ? AND tool = 'create_project' AND outcome = 'OK'",
      [writer.actor.id],
    );
    expect(audited?.n).toBe(50);
  });
});
