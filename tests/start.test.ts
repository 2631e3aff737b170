import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './support/ready';

const TSX = resolve('node_modules/.bin/tsx');
const run = promisify(execFile);

// What a newcomer does after `npm install && npm start`: the real entrypoint, the real CLI, plain HTTP.
describe('npm start on a fresh database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-start-'));
  const env = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, 'db', 'megilance.db')}`,
    LOG_LEVEL: 'warn',
    // The API alone: the web app (and its first-start build) is covered by tests/web/browser.test.ts.
    WEB_ENABLED: 'false',
  };
  let base = '';
  let server: ChildProcess;

  beforeAll(async () => {
    ({ child: server, base } = await startServerProcess(env, { timeoutMs: 45_000 }));
  });
  afterAll(() => {
    if (server?.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, seeds the demo users, and lets demo-client create a project with an API key', async () => {
    const ready = await (await fetch(`${base}/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'ready' });

    const { stdout } = await run(TSX, ['db/cli/apikey.ts', 'demo-client'], { env });
    const key = stdout.trim();
    expect(key).toMatch(/^mlk_[A-Za-z0-9_-]{40,}$/);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const me = (await (
      await fetch(`${base}/api/tools/whoami`, { method: 'POST', headers, body: '{}' })
    ).json()) as {
      id: string;
    };
    expect(me).toMatchObject({ role: 'client', email: 'demo-client@example.com' });

    const created = await fetch(`${base}/api/tools/create_project`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        title: 'React dashboard for our fintech app',
        description: 'A responsive analytics dashboard with charts, login and a Node.js API.',
        category: 'web-development',
        industry: 'fintech',
        skills: ['React', 'Node.js'],
        pricing: 'fixed',
        budget: { currency: 'USD', min: 500000, max: 800000 },
        timelineWeeks: 6,
        publish: true,
      }),
    });
    expect(created.status).toBe(200);
    const project = (await created.json()) as { id: string };
    expect(project).toMatchObject({ status: 'open', clientId: me.id });

    const search = await fetch(`${base}/api/tools/search_projects`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: 'fintech dashboard' }),
    });
    const found = (await search.json()) as { results: { id: string }[] };
    expect(found.results.map((r) => r.id)).toContain(project.id);

    const mine = await (
      await fetch(`${base}/api/tools/list_my_projects`, { method: 'POST', headers, body: '{}' })
    ).json();
    expect(JSON.stringify(mine)).toContain(project.id);
  });

  it('refuses unknown handles in the apikey CLI with a hint', async () => {
    await expect(run(TSX, ['db/cli/apikey.ts', 'nobody-here'], { env })).rejects.toMatchObject({
      stderr: expect.stringContaining('No user "nobody-here"'),
    });
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
