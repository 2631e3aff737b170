import { createHash } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all } from '../../db/sql';
import type { Role } from '../../tools/define';
import { describeTool, type ToolDescription } from '../../tools/describe';
import { ERROR_CODES } from '../../tools/errors';
import { asCallResult, errorOf, httpConnector } from '../mcp/support';
import { makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';
import { invalidInputs, type Mutation } from './schema';

/**
 * Issue 11's fuzz suite: for every tool in the catalog, bodies generated from its published schema and
 * mutated into invalid ones, sent over HTTP and over MCP as a user whose role may call the tool. Every
 * answer must be a typed 4xx error (an MCP tool error with the same code), never a 5xx or a protocol
 * error, and nothing in the marketplace may change.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let env: TestEnv;
let app: FastifyInstance;
let close: () => Promise<void>;
const users = {} as Record<Role, TestUser>;
const mcp = {} as Record<Role, Client>;
let tools: ToolDescription[];

beforeAll(async () => {
  env = await testEnv('file');
  for (const role of ['client', 'freelancer', 'admin'] as const)
    users[role] = await makeUser(env.rt, role, role === 'freelancer' ? { skills: ['React'] } : {});
  const http = await httpConnector(env.rt);
  app = http.app;
  close = http.close;
  for (const role of ['client', 'freelancer', 'admin'] as const) mcp[role] = await http.connect(users[role]);
  tools = [...env.rt.dispatcher.tools.values()].map(describeTool);
}, 60_000);

afterAll(async () => {
  await close?.();
  await env?.close();
});

/**
 * A digest of everything a tool could change. Left out: the audit log (every refusal is audited, by
 * design), API keys' last-use stamps and MCP sessions (bookkeeping of who is calling, not marketplace
 * state).
 */
async function marketplaceDigest(): Promise<string> {
  const tables = await all<{ name: string }>(
    env.rt.db.reader,
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name NOT LIKE '%audit%' AND name NOT LIKE 'mcp_%' AND name <> 'api_keys' ORDER BY name`,
  );
  const hash = createHash('sha256');
  for (const { name } of tables) {
    const rows = await all(env.rt.db.reader, `SELECT * FROM "${name}" ORDER BY rowid`).catch(() =>
      // Virtual tables without a rowid (vec0, FTS shadow views): their content tables are covered.
      [],
    );
    hash.update(name);
    hash.update(
      JSON.stringify(rows, (_k, v) => (v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : v)),
    );
  }
  return hash.digest('hex');
}

const roleFor = (t: ToolDescription): Role => t.roles[0] as Role;
const describeMutation = (m: Mutation) => `${m.kind} ${m.path}: ${JSON.stringify(m.body).slice(0, 300)}`;

describe('fuzz: invalid inputs to every tool', () => {
  it('the catalog is fuzzed whole', () => {
    expect(tools.length).toBeGreaterThan(50);
  });

  it('over HTTP: every answer is a typed 4xx, nothing changes', async () => {
    const before = await marketplaceDigest();
    const seen = new Map<string, number>();
    for (const t of tools) {
      const user = users[roleFor(t)];
      await fc.assert(
        fc.asyncProperty(invalidInputs(t.inputSchema), async (m) => {
          const res = await app.inject({
            method: 'POST',
            url: `/api/tools/${t.name}`,
            headers: { authorization: `Bearer ${user.key}`, 'content-type': 'application/json' },
            payload: JSON.stringify(m.body),
          });
          const where = `${t.name} ${describeMutation(m)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, where).toBeLessThan(500);
          const code = (res.json() as { error?: { code?: string } }).error?.code ?? '';
          expect(Object.keys(ERROR_CODES), where).toContain(code);
          seen.set(code, (seen.get(code) ?? 0) + 1);
        }),
        { numRuns: RUNS },
      );
    }
    expect(await marketplaceDigest(), 'an invalid call changed marketplace data').toBe(before);
    // Invalid input is refused by validation, not by something downstream that happened to fail.
    expect(seen.get('VALIDATION') ?? 0).toBeGreaterThan(tools.length * RUNS * 0.9);
  }, 300_000);

  it('over MCP: every answer is a tool error with a typed code, never a protocol error; nothing changes', async () => {
    const before = await marketplaceDigest();
    for (const t of tools) {
      const client = mcp[roleFor(t)];
      await fc.assert(
        fc.asyncProperty(invalidInputs(t.inputSchema, { objectsOnly: true }), async (m) => {
          const where = `${t.name} ${describeMutation(m)}`;
          const result = asCallResult(
            await client.callTool({ name: t.name, arguments: m.body as Record<string, unknown> }),
          );
          expect(result.isError, where).toBe(true);
          const error = errorOf(result);
          expect(Object.keys(ERROR_CODES), where).toContain(error.code);
          expect(error.code, where).not.toBe('INTERNAL');
        }),
        { numRuns: Math.ceil(RUNS / 2) },
      );
    }
    expect(await marketplaceDigest(), 'an invalid MCP call changed marketplace data').toBe(before);
  }, 300_000);
});
