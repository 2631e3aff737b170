import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ROLES } from '../../tools/define';
import { Dispatcher } from '../../tools/dispatcher';
import { catalog } from '../../tools/index';
import { checkOutput, hasFastCheck } from '../../tools/outputCheck';
import { Money, ProjectView } from '../../tools/shared/schemas';
import { makeUser, type TestEnv, testEnv } from '../support/harness';

const project = () => ({
  id: 'prj_1',
  clientId: 'usr_1',
  clientName: 'Ada',
  title: 'Dashboard',
  description: 'Charts and a login.',
  category: 'web-development',
  industry: null,
  skills: ['React'],
  pricing: 'fixed',
  budget: { currency: 'USD', min: 500000, max: 800000 },
  timelineWeeks: 6,
  deadline: null,
  status: 'open',
  requirements: { platforms: ['web'], nested: { any: [1, 'x', null] } },
  milestones: [
    {
      id: 'mil_1',
      projectId: 'prj_1',
      contractId: null,
      position: 1,
      title: 'Design',
      description: 'Wireframes',
      amount: { amount: 100000, currency: 'USD' },
      dueDate: null,
      status: 'planned',
    },
  ],
  proposalCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** The fast check must answer exactly as zod does: same verdict, same data. */
function sameAsZod(schema: z.ZodType, value: unknown) {
  const ours = checkOutput(schema, structuredClone(value));
  const theirs = schema.safeParse(structuredClone(value));
  expect(ours.success).toBe(theirs.success);
  if (ours.success && theirs.success) expect(ours.data).toStrictEqual(theirs.data);
  return ours;
}

describe('output check', () => {
  it('has a fast path for the plain schemas reads return', () => {
    expect(hasFastCheck(ProjectView)).toBe(true);
    expect(hasFastCheck(Money)).toBe(true);
    // Unions, transforms and defaults are left to zod.
    expect(hasFastCheck(z.union([z.string(), z.number()]))).toBe(false);
    expect(hasFastCheck(z.object({ n: z.number().default(1) }))).toBe(false);
    expect(hasFastCheck(z.object({ s: z.string().transform((s) => s.length) }))).toBe(false);
  });

  it('agrees with zod on valid and broken ProjectViews', () => {
    expect(sameAsZod(ProjectView, project()).success).toBe(true);
    const broken: ((p: ReturnType<typeof project>) => unknown)[] = [
      (p) => ({ ...p, title: 3 }),
      (p) => ({ ...p, industry: undefined }),
      (p) => ({ ...p, pricing: 'weekly' }),
      (p) => ({ ...p, timelineWeeks: 1.5 }),
      (p) => ({ ...p, proposalCount: Number.NaN }),
      (p) => ({ ...p, proposalCount: Number.POSITIVE_INFINITY }),
      (p) => ({ ...p, budget: { ...p.budget, currency: 'usd' } }),
      (p) => ({ ...p, budget: { ...p.budget, min: -1 } }),
      (p) => ({ ...p, skills: ['React', 4] }),
      (p) => ({ ...p, skills: 'React' }),
      (p) => ({ ...p, requirements: ['web'] }),
      (p) => ({ ...p, milestones: [{ ...p.milestones[0], status: 'lost' }] }),
      (p) => ({ ...p, milestones: [{ ...p.milestones[0], amount: { amount: 1 } }] }),
      (p) => {
        const { title: _t, ...rest } = p;
        return rest;
      },
      () => null,
      () => [],
    ];
    for (const b of broken) expect(sameAsZod(ProjectView, b(project())).success).toBe(false);
  });

  it('leaves stripping to zod: an extra key never reaches the caller', () => {
    const extra = { ...project(), secret: 'x', budget: { ...project().budget, internal: 1 } };
    const res = sameAsZod(ProjectView, extra);
    expect(res.success && res.data).toEqual(project());
  });

  it('checks strict objects (every tool input) itself and leaves their extra keys to zod', () => {
    const schema = z.object({ projectId: z.string().min(3).max(64), note: z.string().optional() }).strict();
    expect(hasFastCheck(schema)).toBe(true);
    const value = { projectId: 'prj_1' };
    const res = checkOutput(schema, value);
    expect(res.success && res.data).toBe(value);
    sameAsZod(schema, { projectId: 'prj_1', note: 'x' });
    const extra = sameAsZod(schema, { projectId: 'prj_1', other: 1 });
    expect(extra.success).toBe(false);
    if (!extra.success) expect(extra.error.issues[0]?.code).toBe('unrecognized_keys');
    expect(sameAsZod(schema, { projectId: 'p' }).success).toBe(false);
    expect(hasFastCheck(z.object({ a: z.string() }).passthrough())).toBe(false);
    expect(hasFastCheck(z.object({ a: z.string() }).catchall(z.number()))).toBe(false);
  });

  it('agrees with zod on optional, nullable, literal and checked leaves', () => {
    const schema = z.object({
      a: z.string().optional(),
      b: z.literal('x').nullable(),
      c: z.string().trim(),
      d: z.array(z.number().int().min(0)),
      e: z.record(z.string(), z.boolean()),
    });
    const ok = { a: 'hi', b: 'x', c: 'kept', d: [0, 2], e: { on: true } };
    expect(sameAsZod(schema, ok).success).toBe(true);
    expect(sameAsZod(schema, { ...ok, a: undefined, b: null }).success).toBe(true);
    const { a: _a, ...withoutA } = ok;
    expect(sameAsZod(schema, withoutA).success).toBe(true);
    // trim rewrites the value: zod's answer (the trimmed copy) wins.
    expect(sameAsZod(schema, { ...ok, c: ' padded ' })).toMatchObject({
      success: true,
      data: { c: 'padded' },
    });
    for (const bad of [
      { ...ok, d: [-1] },
      { ...ok, e: { on: 'yes' } },
      { ...ok, b: 'y' },
      { ...ok, a: 1 },
    ]) {
      expect(sameAsZod(schema, bad).success).toBe(false);
    }
  });

  it('compiles length, bound and integer checks itself, and agrees with zod at every edge', () => {
    const schema = z.object({
      id: z.string().min(3).max(5),
      code: z.string().length(2),
      n: z.number().int().min(1).max(10),
      p: z.number().positive(),
      l: z.number().lt(2),
    });
    expect(hasFastCheck(schema)).toBe(true);
    // A regex (a /g one keeps lastIndex between tests) and checks it does not know (multiple of, email).
    const other = z.object({ s: z.string().regex(/^a/g), m: z.number().multipleOf(2), e: z.email() });
    const fine = { s: 'ab', m: 4, e: 'a@b.co' };
    for (let i = 0; i < 3; i++) expect(sameAsZod(other, fine).success).toBe(true);
    expect(sameAsZod(other, { ...fine, s: 'ba' }).success).toBe(false);
    expect(sameAsZod(other, { ...fine, m: 3 }).success).toBe(false);
    expect(sameAsZod(other, { ...fine, e: 'nope' }).success).toBe(false);
    const ok = { id: 'abc', code: 'US', n: 1, p: 0.5, l: 1.9 };
    for (const good of [ok, { ...ok, id: 'abcde', n: 10 }])
      expect(sameAsZod(schema, good).success).toBe(true);
    for (const bad of [
      { ...ok, id: 'ab' },
      { ...ok, id: 'abcdef' },
      { ...ok, code: 'USA' },
      { ...ok, n: 0 },
      { ...ok, n: 11 },
      { ...ok, n: 1.5 },
      { ...ok, n: 2 ** 53 },
      { ...ok, p: 0 },
      { ...ok, l: 2 },
      { ...ok, id: 123 },
      { ...ok, n: '1' },
    ]) {
      expect(sameAsZod(schema, bad).success).toBe(false);
    }
  });

  it('every tool output schema compiles (or is left to zod) without throwing', () => {
    for (const tool of catalog) expect(typeof hasFastCheck(tool.output)).toBe('boolean');
  });
});

describe('dispatcher output check', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv('file');
  });
  afterAll(async () => {
    await env.close();
  });

  const tool = (out: unknown) =>
    defineTool({
      name: 'echo_output',
      title: 'Echo',
      description: 'Returns a fixed output.',
      roles: ROLES,
      effect: 'read',
      input: z.object({}),
      output: z.object({ id: z.string(), amount: z.number().int() }),
      async run() {
        return out as { id: string; amount: number };
      },
    });

  const call = async (out: unknown) => {
    const user = await makeUser(env.rt, 'client');
    const dispatcher = new Dispatcher({ db: env.rt.db, tools: [tool(out)] });
    return dispatcher.call({ actor: user.actor, channel: 'test', tool: 'echo_output', input: {} });
  };

  it('returns a valid output, strips unknown keys and refuses a wrong one as INTERNAL', async () => {
    expect(await call({ id: 'a', amount: 1 })).toEqual({ ok: true, data: { id: 'a', amount: 1 } });
    expect(await call({ id: 'a', amount: 1, hidden: 'x' })).toEqual({
      ok: true,
      data: { id: 'a', amount: 1 },
    });
    expect(await call({ id: 'a', amount: 1.5 })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
