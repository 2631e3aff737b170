import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';
import { ROOT, STDIO_ENTRY, stdioEnv } from './support';

const run = promisify(execFile);

/**
 * The public MCP Inspector CLI (from the npm registry, through npx) drives the stdio server exactly as
 * a user would: `npx -y @modelcontextprotocol/inspector --cli <server command> --method …`.
 */
describe('MCP Inspector CLI against the stdio server', () => {
  let env: TestEnv;
  let client: TestUser;
  let projectId: string;

  beforeAll(async () => {
    env = await testEnv('file');
    client = await makeUser(env.rt, 'client');
    const created = await env.rt.dispatcher.call<{ id: string }>({
      actor: client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput({ title: 'Seen by the Inspector' }),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    projectId = created.data.id;
  });
  afterAll(async () => {
    await env?.close();
  });

  const inspector = async (...method: string[]) => {
    const { stdout } = await run(
      'npx',
      [
        '-y',
        '@modelcontextprotocol/inspector',
        '--cli',
        'node_modules/.bin/tsx',
        STDIO_ENTRY,
        '--api-key',
        client.key,
        '--method',
        ...method,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...stdioEnv(env.rt) },
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return JSON.parse(stdout);
  };

  it('lists and calls tools', { timeout: 300_000 }, async () => {
    const listed = (await inspector('tools/list')) as { tools: { name: string }[] };
    const names = listed.tools.map((t) => t.name);
    expect(names).toContain('create_project');
    expect(names).not.toContain('submit_proposal');

    const called = await inspector(
      'tools/call',
      '--tool-name',
      'get_project',
      '--tool-arg',
      `projectId=${projectId}`,
    );
    expect(called.isError).toBeFalsy();
    expect(called.structuredContent).toMatchObject({ id: projectId, title: 'Seen by the Inspector' });

    const refused = await inspector(
      'tools/call',
      '--tool-name',
      'get_project',
      '--tool-arg',
      'projectId=prj_nope',
    );
    expect(refused.isError).toBe(true);
    expect(JSON.parse(refused.content[0].text).error.code).toBe('NOT_FOUND');
  });
});
