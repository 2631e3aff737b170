import fc from 'fast-check';

/**
 * Inputs for the fuzz suite, derived from a tool's published JSON Schema (the one HTTP, MCP and the docs
 * show): a plausible valid-looking body, then one mutation that makes it invalid for sure (a value of a JSON
 * type the field never accepts, a missing required field, an unknown key, or a body that is not an object).
 * Only the mutation must be wrong, so a refusal has to come from validation, before anything is written.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

export interface Mutation {
  kind: 'wrong-type' | 'missing-required' | 'unknown-key' | 'not-an-object';
  path: string;
  body: Json;
}

function resolve(s: Schema, root: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string') return s;
  const name = ref.replace(/^#\/(\$defs|definitions)\//, '');
  const defs = (root.$defs ?? root.definitions ?? {}) as Record<string, Schema>;
  return resolve(defs[name] ?? {}, root);
}

function branches(s: Schema): Schema[] | undefined {
  return (s.anyOf ?? s.oneOf) as Schema[] | undefined;
}

/** The JSON types a schema accepts, or undefined when it accepts anything. */
export function acceptedTypes(s0: Schema, root: Schema): Set<string> | undefined {
  const s = resolve(s0, root);
  const alts = branches(s);
  if (alts) {
    const out = new Set<string>();
    for (const b of alts) {
      const t = acceptedTypes(b, root);
      if (!t) return undefined;
      for (const x of t) out.add(x);
    }
    return out;
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 0) return acceptedTypes(s.allOf[0] as Schema, root);
  const values = Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : undefined;
  if (values) return new Set(values.map(jsonTypeOf));
  if (typeof s.type === 'string') return new Set(s.type === 'integer' ? ['integer'] : [s.type]);
  if (Array.isArray(s.type)) return new Set(s.type as string[]);
  return undefined;
}

function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A value of a JSON type the schema never accepts, or undefined when it accepts every type. */
export function wrongValue(s: Schema, root: Schema): Json | undefined {
  const ok = acceptedTypes(s, root);
  if (!ok) return undefined;
  const candidates: [string, Json][] = [
    ['object', { fuzz: ['{{', 1] }],
    ['number', 12_345.5],
    ['string', 'fuzz\u0000"; DROP TABLE users; --'],
    ['boolean', true],
    ['array', [[null]]],
    ['null', null],
  ];
  for (const [type, value] of candidates) {
    if (!ok.has(type)) return value;
  }
  return undefined;
}

/** A plausible value for a schema: right types, enums and bounds; ids are random and usually unknown. */
export function valid(s0: Schema, root: Schema, depth = 0): fc.Arbitrary<Json> {
  const s = resolve(s0, root);
  const alts = branches(s);
  if (alts && alts.length > 0) return fc.oneof(...alts.map((b) => valid(b, root, depth + 1)));
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as Json[]));
  if ('const' in s) return fc.constant(s.const as Json);
  const type = Array.isArray(s.type) ? (s.type[0] as string) : (s.type as string | undefined);
  switch (type) {
    case 'string': {
      const max = typeof s.maxLength === 'number' ? Math.min(s.maxLength, 40) : 40;
      const min = typeof s.minLength === 'number' ? Math.min(s.minLength, max) : 0;
      if (s.format === 'date-time') return fc.constant('2026-12-01T00:00:00.000Z');
      if (s.format === 'date') return fc.constant('2026-12-01');
      if (s.format === 'email') return fc.constant('fuzz@example.test');
      if (s.format === 'uri') return fc.constant('https://example.test/x');
      return fc.string({ minLength: min, maxLength: max });
    }
    case 'integer': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1_000;
      const max = typeof s.maximum === 'number' ? s.maximum : Math.max(min, 0) + 1_000_000;
      return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) });
    }
    case 'number':
      return fc.double({ min: -1e6, max: 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth > 3) return fc.constant([]);
      const items = (s.items as Schema | undefined) ?? {};
      return fc.array(valid(items, root, depth + 1), { maxLength: 3 });
    }
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set((s.required ?? []) as string[]);
      const model: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = valid(v, root, depth + 1);
      return fc.record(model, {
        requiredKeys: [...required].filter((k) => k in model),
      }) as fc.Arbitrary<Json>;
    }
    default:
      return fc.constantFrom<Json>('x', 1, true, null);
  }
}

interface Field {
  path: string[];
  schema: Schema;
  required: boolean;
}

/** Every property path of an object schema, down a few levels, with whether its parent requires it. */
function fields(s0: Schema, root: Schema, prefix: string[] = [], depth = 0): Field[] {
  const s = resolve(s0, root);
  if (depth > 2 || s.type !== 'object') return [];
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).flatMap(([k, v]) => [
    { path: [...prefix, k], schema: v, required: required.has(k) },
    ...fields(v, root, [...prefix, k], depth + 1),
  ]);
}

function setPath(body: Json, path: string[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path as [string, ...string[]];
  const obj = body && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
  if (rest.length === 0) {
    if (value === undefined) delete obj[head];
    else obj[head] = value;
    return obj;
  }
  obj[head] = setPath(obj[head] ?? {}, rest, value);
  return obj;
}

/** Bodies that the tool's schema rejects, whatever the rest of the body holds. */
export function invalidInputs(schema: Schema, opts: { objectsOnly?: boolean } = {}): fc.Arbitrary<Mutation> {
  const all = fields(schema, schema);
  // A wrong type on a field inside an optional parent counts only if the parent is there: set the whole
  // path, which creates the parents.
  const typed = all
    .map((f) => ({ f, wrong: wrongValue(f.schema, schema) }))
    .filter((x): x is { f: Field; wrong: Json } => x.wrong !== undefined);
  const required = all.filter((f) => f.required && f.path.length === 1);
  const base = valid(schema, schema);
  const options: fc.Arbitrary<Mutation>[] = [
    base.map((b) => ({
      kind: 'unknown-key' as const,
      path: 'fuzzUnknownKey',
      body: { ...(b as Record<string, Json>), fuzzUnknownKey: 1 },
    })),
  ];
  if (typed.length > 0)
    options.push(
      fc.tuple(base, fc.constantFrom(...typed)).map(([b, { f, wrong }]) => ({
        kind: 'wrong-type' as const,
        path: f.path.join('.'),
        body: setPath(b, f.path, wrong),
      })),
    );
  if (required.length > 0)
    options.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([b, f]) => ({
        kind: 'missing-required' as const,
        path: f.path.join('.'),
        body: setPath(b, f.path, undefined),
      })),
    );
  if (!opts.objectsOnly)
    options.push(
      fc.constantFrom<Json>([], 'text', 42, [{}], false).map((body) => ({
        kind: 'not-an-object' as const,
        path: '',
        body,
      })),
    );
  return fc.oneof(...options);
}
