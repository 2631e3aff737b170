import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, one } from '../db/sql';
import { BACKENDS, makeUser, projectInput, type TestEnv, testEnv } from './support/harness';

describe.each(BACKENDS)('dispatcher on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
  });
  afterAll(async () => {
    await env.close();
  });

  it('runs a read tool for any role and audits it', async () => {
    const user = await makeUser(env.rt, 'freelancer');
    const res = await env.rt.dispatcher.call({
      actor: user.actor,
      channel: 'test',
      tool: 'whoami',
      input: {},
    });
    expect(res).toMatchObject({
      ok: true,
      data: { id: user.actor.id, role: 'freelancer', email: user.email },
    });
    await env.rt.dispatcher.flush();
    const rows = await all(
      env.rt.db.reader,
      'SELECT tool, outcome, channel, actor_role FROM audit_log WHERE actor_id = ?',
      [user.actor.id],
    );
    expect(rows).toEqual([{ tool: 'whoami', outcome: 'OK', channel: 'test', actor_role: 'freelancer' }]);
  });

  it('refuses a tool outside the role, writes nothing, audits the refusal', async () => {
    const freelancer = await makeUser(env.rt, 'freelancer');
    const before = await one<{ n: number }>(env.rt.db.reader, 'SELECT count(*) AS n FROM projects');
    const res = await env.rt.dispatcher.call({
      actor: freelancer.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput(),
    });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('FORBIDDEN');
    const after = await one<{ n: number }>(env.rt.db.reader, 'SELECT count(*) AS n FROM projects');
    expect(after?.n).toBe(before?.n);
    await env.rt.dispatcher.flush();
    const audit = await one(
      env.rt.db.reader,
      'SELECT outcome FROM audit_log WHERE actor_id = ? AND tool = ?',
      [freelancer.actor.id, 'create_project'],
    );
    expect(audit).toEqual({ outcome: 'FORBIDDEN' });
  });

  it('rejects bad input with field-level errors and writes nothing', async () => {
    const client = await makeUser(env.rt, 'client');
    const cases: [Record<string, unknown>, string][] = [
      [projectInput({ title: undefined }), 'title'],
      [projectInput({ timelineWeeks: 'six' }), 'timelineWeeks'],
      [projectInput({ budget: { currency: 'USD', min: -5, max: 100 } }), 'budget.min'],
      [projectInput({ budget: { currency: 'USD', min: 10.5, max: 100 } }), 'budget.min'],
      [projectInput({ budget: { currency: 'USD', min: 900, max: 100 } }), 'budget.max'],
      [projectInput({ skills: ['React', 'Quantum Basket Weaving'] }), 'skills'],
      [projectInput({ category: 'no-such-category' }), 'category'],
      [projectInput({ category: 'mobile-development', skills: ['Flutter'] }), 'requirements.platforms'],
    ];
    for (const [input, field] of cases) {
      const res = await env.rt.dispatcher.call({
        actor: client.actor,
        channel: 'test',
        tool: 'create_project',
        input,
      });
      expect(res.ok, field).toBe(false);
      if (res.ok) continue;
      expect(res.error.code, field).toBe('VALIDATION');
      expect(
        res.error.fields?.map((f) => f.field),
        field,
      ).toContain(field);
    }
    const mine = await one<{ n: number }>(
      env.rt.db.reader,
      'SELECT count(*) AS n FROM projects WHERE client_id = ?',
      [client.actor.id],
    );
    expect(mine?.n).toBe(0);
  });

  it('creates a project and makes it searchable in the same transaction', async () => {
    const client = await makeUser(env.rt, 'client');
    const res = await env.rt.dispatcher.call({
      actor: client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput({
        title: 'Kubernetes migration for a zebra-themed logistics app',
        category: 'devops-cloud',
        skills: ['Kubernetes'],
        requirements: { cloudProvider: 'AWS' },
      }),
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const data = res.data as { id: string; status: string; skills: string[]; budget: unknown };
    expect(data).toMatchObject({
      status: 'open',
      skills: ['Kubernetes'],
      budget: { currency: 'USD', min: 500000, max: 800000 },
    });
    const hit = await all(
      env.rt.db.reader,
      "SELECT project_id FROM projects_fts WHERE projects_fts MATCH 'zebra'",
    );
    expect(hit).toEqual([{ project_id: data.id }]);
  });
});
