import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ROLES } from '../../tools/define';
import { Dispatcher } from '../../tools/dispatcher';
import { catalog } from '../../tools/index';
import { checkSchema, fastCheckSource, hasFastCheck } from '../../tools/schemaCheck';
import { Currency, MinorUnits, Money, ProjectView } from '../../tools/shared/schemas';
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
  const ours = checkSchema(schema, structuredClone(value));
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
    const res = checkSchema(schema, value);
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

/** Same verdict as zod, the same data when valid, zod's own issues when not. */
function agrees(schema: z.ZodType, value: unknown): boolean {
  const ours = checkSchema(schema, value);
  const theirs = schema.safeParse(value);
  expect(ours.success).toBe(theirs.success);
  if (ours.success && theirs.success) expect(ours.data).toStrictEqual(theirs.data);
  if (!ours.success && !theirs.success) expect(ours.error.issues).toEqual(theirs.error.issues);
  return ours.success;
}

describe('generated checks', () => {
  const nested = z
    .object({
      id: z.string().min(3).max(64),
      tags: z.array(z.array(z.enum(['a', 'b', 'it\'s "quoted"']))),
      amount: Money.nullable(),
      note: z.string().optional(),
      gone: z.null(),
      level: z.literal(2),
      meta: z.record(z.string(), z.unknown()),
    })
    .strict();
  const good = () => ({
    id: 'abc',
    tags: [['a'], [], ['b', 'it\'s "quoted"']],
    amount: { amount: 5, currency: 'EUR' },
    note: 'n',
    gone: null,
    level: 2,
    meta: { x: [1] },
  });

  it('hands back the very value it was given when that value is exactly valid', () => {
    const value = good();
    const res = checkSchema(nested, value);
    expect(res.success && res.data).toBe(value);
  });

  it('agrees with zod on nested arrays, enums, nullable, optional and strict extra keys', () => {
    expect(hasFastCheck(nested)).toBe(true);
    expect(agrees(nested, good())).toBe(true);
    const { note: _n, ...noNote } = good();
    expect(agrees(nested, noNote)).toBe(true);
    expect(agrees(nested, { ...good(), note: undefined })).toBe(true);
    expect(agrees(nested, { ...good(), amount: null })).toBe(true);
    // Money is not strict: zod strips the extra key, so the caller gets zod's copy.
    const stripped = { ...good(), amount: { amount: 5, currency: 'EUR', extra: 1 } };
    expect(agrees(nested, stripped)).toBe(true);
    expect(checkSchema(nested, stripped).data).not.toBe(stripped);
    for (const bad of [
      { ...good(), tags: [['c']] },
      { ...good(), tags: ['a'] },
      { ...good(), tags: [["it's"]] },
      { ...good(), amount: undefined },
      { ...good(), gone: undefined },
      { ...good(), level: 3 },
      { ...good(), level: '2' },
      { ...good(), note: null },
      { ...good(), extra: true },
      { ...good(), meta: [] },
      { ...good(), meta: new Map() },
      { ...good(), meta: { [Symbol('s')]: 1 } },
      Object.assign(Object.create({ inherited: 1 }), good()),
    ]) {
      expect(agrees(nested, bad)).toBe(false);
    }
  });

  it('checks bounded strings and numbers, and regexes (global and sticky ones from the start) inline', () => {
    const schema = z.object({
      currency: Currency,
      cents: MinorUnits,
      g: z.string().regex(/b/g),
      y: z.string().regex(/a/y),
      ratio: z.number().gt(0).lte(1),
      big: z.number().max(Number.MAX_VALUE),
    });
    const source = fastCheckSource(schema) ?? '';
    // Inline: no zod callback, and the regexes are constants, not literals re-created per call.
    expect(source).not.toContain('safeParse');
    expect(source).not.toMatch(/\/\^\[A-Z\]/);
    const ok = { currency: 'USD', cents: 0, g: 'abc', y: 'ab', ratio: 1, big: 1e308 };
    for (let i = 0; i < 3; i++) expect(agrees(schema, ok)).toBe(true);
    for (const bad of [
      { ...ok, currency: 'usd' },
      { ...ok, currency: 'USDD' },
      { ...ok, cents: -1 },
      { ...ok, cents: 0.5 },
      { ...ok, cents: 1_000_000_000_01 },
      { ...ok, cents: Number.NaN },
      { ...ok, g: 'a' },
      { ...ok, y: 'ba' },
      { ...ok, ratio: 0 },
      { ...ok, ratio: 1.01 },
      { ...ok, big: Number.POSITIVE_INFINITY },
    ]) {
      expect(agrees(schema, bad)).toBe(false);
    }
  });

  it('never puts a name or value into the source other than as a JSON string', () => {
    const key = '"]; throw new Error("injected"); //';
    // A template placeholder, which must stay text in the generated source.
    const tricky = ['x`$', '{1}`'].join('');
    const schema = z.object({
      [key]: z.enum([tricky, '\u2028']),
      'a\nb': z.string(),
      constructor: z.number(),
    });
    expect(hasFastCheck(schema)).toBe(true);
    expect(agrees(schema, { [key]: tricky, 'a\nb': 's', constructor: 1 })).toBe(true);
    expect(agrees(schema, { [key]: '\u2028', 'a\nb': 's', constructor: 1 })).toBe(true);
    expect(agrees(schema, { [key]: 'x', 'a\nb': 's', constructor: 1 })).toBe(false);
    expect(agrees(schema, { [key]: '\u2028', 'a\nb': 's' })).toBe(false);
  });

  it('leaves a missing key that is not optional to zod, even when its schema takes undefined', () => {
    const schema = z.object({ a: z.unknown(), b: z.any().nullable(), c: z.unknown().optional() });
    expect(agrees(schema, { a: 1, b: 2 })).toBe(true);
    expect(agrees(schema, { a: undefined, b: undefined })).toBe(true);
    expect(agrees(schema, { b: 2 })).toBe(false);
    expect(agrees(schema, { a: 1 })).toBe(false);
  });

  it('leaves recursive schemas and __proto__ keys to zod', () => {
    const Tree = z.object({
      name: z.string(),
      get children() {
        return z.array(Tree);
      },
    });
    expect(hasFastCheck(Tree)).toBe(false);
    expect(agrees(Tree, { name: 'a', children: [{ name: 'b', children: [] }] })).toBe(true);
    expect(hasFastCheck(z.object({ ['__proto__']: z.unknown() }))).toBe(false);
  });

  it('checks wide shapes (more names than a switch takes) in or out of order', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const schema = z.object(
      Object.fromEntries(keys.map((k, i) => [k, i % 5 ? z.number() : z.number().optional()])),
    );
    const inOrder = Object.fromEntries(keys.map((k, i) => [k, i]));
    const reversed = Object.fromEntries([...keys].reverse().map((k) => [k, 1]));
    const { k0: _k0, k5: _k5, ...missing } = inOrder;
    expect(agrees(schema, inOrder)).toBe(true);
    expect(agrees(schema, reversed)).toBe(true);
    expect(agrees(schema, missing)).toBe(true);
    expect(checkSchema(schema, inOrder).data).toBe(inOrder);
    expect(checkSchema(schema, reversed).data).toBe(reversed);
    // Not strict: an extra key anywhere means zod's stripped copy.
    for (const extra of [
      { ...inOrder, k40: 1 },
      { k40: 1, ...inOrder },
    ]) {
      expect(agrees(schema, extra)).toBe(true);
      expect(checkSchema(schema, extra).data).not.toBe(extra);
    }
    expect(agrees(schema, { ...inOrder, k3: undefined })).toBe(false);
  });

  it('splits a schema that would inline into too much source into one function per object', () => {
    // Inlined, 40 levels that each use the one below twice would be 2^40 copies.
    let level: z.ZodType = z.object({ leaf: z.string() });
    for (let i = 0; i < 40; i++) level = z.object({ left: level, right: level.nullable() });
    const source = fastCheckSource(level) ?? '';
    expect(source.length).toBeLessThan(20_000);
    expect(source).toContain('function f0(');
    const build = (depth: number): unknown =>
      depth === 0 ? { leaf: 'x' } : { left: build(depth - 1), right: depth < 4 ? build(depth - 1) : null };
    expect(agrees(level, build(40))).toBe(true);
    const broken = build(40) as { left: { left: unknown } };
    broken.left.left = { leaf: 1 };
    expect(agrees(level, broken)).toBe(false);
  });
});

/** Values near a schema: mostly well-formed, with wrong types, extra keys and missing keys mixed in. */
function near(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const wild = fc.oneof(
    fc.constantFrom(null, undefined, 0, -1, 1.5, Number.NaN, '', 'USD', [], {}),
    fc.anything(),
  );
  const valid = ((): fc.Arbitrary<unknown> => {
    switch (def.type) {
      case 'string':
        return fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('USD', 'EUR', 'usd', 'prj_1', 'ab'));
      case 'number':
        return fc.oneof(
          fc.integer({ min: -5, max: 1_000_000_000_05 }),
          fc.double(),
          fc.constantFrom(0, 1, 100),
        );
      case 'enum':
      case 'literal':
        return fc.constantFrom(...(schema as unknown as { _zod: { values: Set<unknown> } })._zod.values);
      case 'nullable':
        return fc.option(near(def.innerType as z.ZodType), { nil: null });
      case 'optional':
        return fc.option(near(def.innerType as z.ZodType), { nil: undefined });
      case 'array':
        return fc.array(near(def.element as z.ZodType), { maxLength: 3 });
      case 'record':
        return fc.dictionary(fc.string({ maxLength: 5 }), fc.anything(), {
          maxKeys: 3,
          noNullPrototype: true,
        });
      case 'object': {
        const shape = def.shape as Record<string, z.ZodType>;
        const model = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, near(s)]));
        return fc
          .tuple(
            fc.record(model, { requiredKeys: [], noNullPrototype: true }),
            fc.record(model, { noNullPrototype: true }),
            fc.dictionary(fc.constantFrom('extra', 'id', 'secret'), fc.integer(), {
              maxKeys: 1,
              noNullPrototype: true,
            }),
          )
          .chain(([some, all, extra]) => fc.constantFrom(all, some, { ...all, ...extra }));
      }
      default:
        return fc.anything();
    }
  })();
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: wild });
}

describe('generated checks against zod (property based)', () => {
  const schemas: [string, z.ZodType][] = [
    ['ProjectView', ProjectView],
    ['Money', Money],
    [
      'strict input',
      z
        .object({
          projectId: z.string().min(3).max(64),
          status: z.enum(['open', 'closed']).optional(),
          limit: z.number().int().min(1).max(100).nullable(),
          tags: z.array(z.string().regex(/^[a-z]+$/)),
        })
        .strict(),
    ],
  ];
  for (const [name, schema] of schemas) {
    it(`answers as zod does for ${name}`, () => {
      fc.assert(
        fc.property(near(schema), (value) => {
          agrees(schema, value);
        }),
        { numRuns: 400 },
      );
    });
  }
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
