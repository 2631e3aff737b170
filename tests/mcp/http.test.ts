import type { IncomingMessage } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { McpSessions } from '../../channels/mcp/sessions';
import { revokeApiKey } from '../../db/queries/apiKeys';
import { getMcpKeySettings } from '../../db/queries/mcp';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';
import { asCallResult, httpConnector } from './support';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
const rpcError = async (res: Response) =>
  ((await res.json()) as { error: { code: number; message: string } }).error;

describe.each(BACKENDS)('MCP over Streamable HTTP on %s', (backend) => {
  let env: TestEnv;
  let conn: Awaited<ReturnType<typeof httpConnector>>;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    env = await testEnv(backend);
    alice = await makeUser(env.rt, 'client');
    bob = await makeUser(env.rt, 'freelancer');
    conn = await httpConnector({
      ...env.rt,
      config: { ...env.rt.config, MCP_ALLOWED_ORIGINS: 'https://app.megilance.test, http://localhost:6274' },
    });
  });
  afterAll(async () => {
    await conn?.close();
    await env?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(conn.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const auth = (u: TestUser) => ({ authorization: `Bearer ${u.key}` });
  const openSession = async (u: TestUser) => {
    const res = await post(INIT, auth(u));
    expect(res.status).toBe(200);
    await res.text();
    const id = res.headers.get('mcp-session-id');
    if (!id) throw new Error('no session id');
    return id;
  };

  it('hands out random session ids', async () => {
    const a = await openSession(alice);
    const b = await openSession(alice);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("refuses a session id presented with another user's key, exactly like an unknown id", async () => {
    const client = await conn.connect(alice);
    const transport = client.transport as StreamableHTTPClientTransport;
    const sessionId = transport.sessionId;
    if (!sessionId) throw new Error('no session');

    const hijack = await post(LIST, { ...auth(bob), 'mcp-session-id': sessionId });
    const unknown = await post(LIST, { ...auth(bob), 'mcp-session-id': 'x'.repeat(43) });
    expect(hijack.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await hijack.json()).toEqual(await unknown.json());

    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(conn.url, {
        method,
        headers: { ...auth(bob), 'mcp-session-id': sessionId, accept: 'text/event-stream' },
      });
      expect(res.status).toBe(404);
      await res.text();
    }
    // No key at all is refused before any session lookup.
    expect((await post(LIST, { 'mcp-session-id': sessionId })).status).toBe(401);

    // Alice's session is untouched, and still lists a client's tools.
    const tools = (await client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('create_project');
  });

  it('refuses a session-bound request once the key is revoked', async () => {
    const carol = await makeUser(env.rt, 'client');
    const sessionId = await openSession(carol);
    const settings = await getMcpKeySettings(env.rt.db.reader, carol.key);
    await env.rt.db.write((tx) => revokeApiKey(tx, settings?.keyId ?? ''));
    const res = await post(LIST, { ...auth(carol), 'mcp-session-id': sessionId });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('ends a session on DELETE by its own user', async () => {
    const sessionId = await openSession(alice);
    const del = await fetch(conn.url, {
      method: 'DELETE',
      headers: { ...auth(alice), 'mcp-session-id': sessionId },
    });
    expect(del.status).toBe(200);
    expect((await post(LIST, { ...auth(alice), 'mcp-session-id': sessionId })).status).toBe(404);
  });

  it('requires a valid Bearer key', async () => {
    const none = await post(INIT);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await rpcError(none)).message).toContain('Bearer');
    expect((await post(INIT, { authorization: 'Bearer mlk_not-a-key' })).status).toBe(401);
    const client = new Client({ name: 'nokey', version: '1' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(conn.url)))).rejects.toThrow();
  });

  it('refuses a disallowed Origin with 403 and accepts listed ones and none', async () => {
    const evil = await post(INIT, { ...auth(alice), origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect((await rpcError(evil)).message).toContain('https://evil.example');
    expect((await post(INIT, { ...auth(alice), origin: 'null' })).status).toBe(403);

    const sessionId = await openSession(alice);
    const later = await post(LIST, {
      ...auth(alice),
      'mcp-session-id': sessionId,
      origin: 'http://attacker.test',
    });
    expect(later.status).toBe(403);

    const ok = await post(INIT, { ...auth(alice), origin: 'https://app.megilance.test' });
    expect(ok.status).toBe(200);
    await ok.text();
    const inspector = await post(INIT, { ...auth(alice), origin: 'http://localhost:6274' });
    expect(inspector.status).toBe(200);
    await inspector.text();
  });

  it('never hands the Bearer token to the MCP transport', async () => {
    const seen: IncomingMessage[] = [];
    const original = StreamableHTTPServerTransport.prototype.handleRequest;
    const spy = vi
      .spyOn(StreamableHTTPServerTransport.prototype, 'handleRequest')
      .mockImplementation(function (this: StreamableHTTPServerTransport, req, res, body) {
        seen.push(req);
        return original.call(this, req, res, body);
      });
    try {
      const client = await conn.connect(alice);
      await client.callTool({ name: 'whoami', arguments: {} });
    } finally {
      spy.mockRestore();
    }
    expect(seen.length).toBeGreaterThan(0);
    for (const req of seen) {
      expect(req.headers.authorization).toBeUndefined();
      expect(req.rawHeaders.map((h) => h.toLowerCase())).not.toContain('authorization');
      expect(req.rawHeaders.join(' ')).not.toContain(alice.key);
    }
  });

  it('answers a body that is not JSON with a JSON-RPC parse error', async () => {
    const res = await post('{"oops"', auth(alice));
    expect(res.status).toBe(400);
    expect((await rpcError(res)).code).toBe(-32700);
  });

  it('lets the person switch elicitation on and off for their key', async () => {
    const url = conn.url.replace(/\/mcp$/, '/mcp/settings');
    const get = await fetch(url, { headers: auth(alice) });
    expect(await get.json()).toMatchObject({ elicitation: false });
    const put = (body: unknown) =>
      fetch(url, {
        method: 'PUT',
        headers: { ...auth(alice), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await (await put({ elicitation: true })).json()).toMatchObject({ elicitation: true });
    expect((await getMcpKeySettings(env.rt.db.reader, alice.key))?.elicitationOptIn).toBe(true);
    expect((await put({ elicitation: 'yes' })).status).toBe(400);
    expect(await (await put({ elicitation: false })).json()).toMatchObject({ elicitation: false });
    expect((await fetch(url)).status).toBe(401);
  });
});

describe('MCP over Streamable HTTP, stateless', () => {
  let env: TestEnv;
  let conn: Awaited<ReturnType<typeof httpConnector>>;
  let client: TestUser;

  beforeAll(async () => {
    env = await testEnv('file');
    client = await makeUser(env.rt, 'client');
    conn = await httpConnector({ ...env.rt, config: { ...env.rt.config, MCP_STATELESS: true } });
  });
  afterAll(async () => {
    await conn?.close();
    await env?.close();
  });

  it('serves every POST on its own, with no session', async () => {
    const c = await conn.connect(client);
    expect((c.transport as StreamableHTTPClientTransport).sessionId).toBeUndefined();
    expect((await c.listTools()).tools.map((t) => t.name)).toContain('create_project');
    const created = asCallResult(await c.callTool({ name: 'create_project', arguments: projectInput() }));
    const id = (created.structuredContent as { id: string }).id;
    const held = asCallResult(await c.callTool({ name: 'cancel_project', arguments: { projectId: id } }));
    expect(held.structuredContent).toMatchObject({ status: 'needs_confirmation' });
    const read = await c.readResource({ uri: `megilance://projects/${id}` });
    expect(read.contents[0]?.mimeType).toBe('application/json');

    const get = await fetch(conn.url, {
      headers: { authorization: `Bearer ${client.key}`, accept: 'text/event-stream' },
    });
    expect(get.status).toBe(405);
  });
});

describe('MCP over Streamable HTTP, shutting down', () => {
  it('closes live sessions (and their open streams) when the app closes', async () => {
    const env = await testEnv('file');
    try {
      const user = await makeUser(env.rt, 'client');
      const conn = await httpConnector(env.rt);
      const c = await conn.connect(user); // the SDK client also opens the GET stream
      await c.listTools();
      // The client's stream stays open until after this: were it left open, close would wait on it for good
      // and the test fail by its timeout.
      await conn.app.close();
      await expect(c.listTools()).rejects.toThrow();
      await c.close();
    } finally {
      await env.close();
    }
  });
});

describe('MCP session store', () => {
  it('binds a session to its user and closes idle ones', async () => {
    let now = 0;
    const store = new McpSessions({ idleMs: 1000, perUser: 2, now: () => now });
    const closed: string[] = [];
    const fake = (id: string, actorId: string) => ({
      id,
      actorId,
      keyId: 'key',
      transport: {} as StreamableHTTPServerTransport,
      server: { close: async () => void closed.push(id) } as never,
    });
    store.add(fake('s1', 'u1'));
    expect(store.get('s1', 'u2')).toBeUndefined();
    expect(store.get('s1', 'u1')?.id).toBe('s1');
    now = 500;
    store.add(fake('s2', 'u1'));
    now = 600;
    store.add(fake('s3', 'u1')); // over the per-user limit: the least recently used goes
    expect(closed).toEqual(['s1']);
    now = 1550;
    expect(await store.sweep()).toBe(1);
    expect(closed).toEqual(['s1', 's2']);
    expect(store.size).toBe(1);
    await store.closeAll();
    expect(store.size).toBe(0);
  });
});
