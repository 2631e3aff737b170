import type { z } from 'zod';

/**
 * A tool's output checked against its zod schema, without zod's work when the output is already exactly
 * what the schema describes.
 *
 * zod's parse builds a fresh copy of the output (to strip unknown keys) and runs generic, shared code per
 * field; on a read like get_project that was a large share of the dispatcher's own cost (bench/http).
 * For the plain part of zod (objects, strict ones too, arrays, records of unknown, enums, literals,
 * nullable, optional, primitives, and strings and numbers checked only for length, regex, bounds or integer)
 * this compiles each schema once into a strict predicate that allocates nothing. A predicate only answers
 * "yes" when zod would accept the value and hand back an equal value (no key to strip, no default to fill,
 * no transform); primitives with other checks (formats, refinements) ask zod itself.
 * Any other answer, and any schema with parts it does not know, goes to zod's safeParse, so errors,
 * stripping and transforms are exactly zod's.
 */
export function checkOutput<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.ZodSafeParseResult<z.output<T>> {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema);
    compiled.set(schema, check);
  }
  if (check?.(value)) return { success: true, data: value as z.output<T> };
  return schema.safeParse(value);
}

/** Whether this schema has a fast predicate (the rest always go through zod). */
export function hasFastCheck(schema: z.ZodType): boolean {
  return compile(schema) !== null;
}

type Check = (value: unknown) => boolean;

const compiled = new WeakMap<z.ZodType, Check | null>();

interface Internals {
  def: {
    type: string;
    checks?: unknown[];
    coerce?: boolean;
    format?: string;
    innerType?: z.ZodType;
    element?: z.ZodType;
    shape?: Record<PropertyKey, z.ZodType>;
    catchall?: z.ZodType;
    keyType?: z.ZodType;
    valueType?: z.ZodType;
    mode?: string;
  };
  traits: Set<string>;
  check?: unknown;
  values?: Set<unknown>;
  optin?: string;
}

const internals = (s: z.ZodType) => (s as unknown as { _zod: Internals })._zod;

function compile(schema: z.ZodType): Check | null {
  const zod = internals(schema);
  const { def } = zod;
  const hasChecks = (def.checks?.length ?? 0) > 0 || zod.check !== undefined;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean': {
      const bounded = def.coerce || def.format !== undefined ? null : boundsCheck(schema, def.type);
      if (bounded) return bounded;
      if (hasChecks || def.coerce || def.format !== undefined) {
        // zod decides; a check that rewrites the value (trim, toLowerCase) fails `===` and so goes to zod.
        return (v) => {
          const r = schema.safeParse(v);
          return r.success && r.data === v;
        };
      }
      if (def.type === 'string') return (v) => typeof v === 'string';
      if (def.type === 'boolean') return (v) => typeof v === 'boolean';
      return (v) => typeof v === 'number' && Number.isFinite(v);
    }
  }
  if (hasChecks) return null;
  switch (def.type) {
    case 'null':
      return (v) => v === null;
    case 'any':
    case 'unknown':
      return () => true;
    case 'enum':
    case 'literal': {
      const values = zod.values;
      return values ? (v) => values.has(v) : null;
    }
    case 'nullable': {
      const inner = def.innerType && compile(def.innerType);
      return inner ? (v) => v === null || inner(v) : null;
    }
    case 'optional': {
      // An exact optional refuses a present `undefined`; a defaulted inner schema fills a value in.
      if (zod.traits.has('$ZodExactOptional') || !def.innerType) return null;
      if (internals(def.innerType).optin === 'defaulted') return null;
      const inner = compile(def.innerType);
      return inner ? (v) => v === undefined || inner(v) : null;
    }
    case 'array': {
      const element = def.element && compile(def.element);
      if (!element) return null;
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case 'object':
      return compileObject(def);
    case 'record': {
      const key = def.keyType && internals(def.keyType);
      const isPlainString =
        key?.def.type === 'string' &&
        !key.def.checks?.length &&
        key.check === undefined &&
        !key.def.format &&
        !key.values;
      const value = isPlainString && def.valueType ? compile(def.valueType) : null;
      if (!value || def.mode !== undefined) return null;
      return (v) => {
        if (!isPlainObject(v) || Object.getOwnPropertySymbols(v).length > 0) return false;
        for (const k in v) {
          if (!Object.hasOwn(v, k) || k === '__proto__') return false;
          if (!value((v as Record<string, unknown>)[k])) return false;
        }
        return true;
      };
    }
    default:
      return null;
  }
}

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: unknown;
  inclusive?: boolean;
  format?: string;
  pattern?: unknown;
}

/**
 * Strings and numbers whose only checks are lengths, `.regex()`, bounds or "integer" (ids, currencies,
 * amounts, page sizes: most of the catalog) as a predicate of their own. Anything else (formats such as
 * email or datetime, refinements) is null, for zod.
 */
function boundsCheck(schema: z.ZodType, type: string): Check | null {
  const zod = internals(schema);
  const checks = zod.def.checks ?? [];
  if (zod.check !== undefined || checks.length === 0 || type === 'boolean') return null;
  const tests: Check[] = [];
  for (const c of checks) {
    const d = (c as { _zod?: { def?: CheckDef } })._zod?.def;
    if (!d) return null;
    const test = type === 'string' ? stringTest(d) : numberTest(d);
    if (!test) return null;
    tests.push(test);
  }
  const base: Check =
    type === 'string' ? (v) => typeof v === 'string' : (v) => typeof v === 'number' && Number.isFinite(v);
  return (v) => {
    if (!base(v)) return false;
    for (let i = 0; i < tests.length; i++) if (!(tests[i] as Check)(v)) return false;
    return true;
  };
}

function stringTest(d: CheckDef): Check | null {
  const { minimum, maximum, length, pattern } = d;
  // `.regex()`, tested the way zod tests it (from the start, whatever lastIndex a /g pattern kept).
  if (d.check === 'string_format' && d.format === 'regex' && pattern instanceof RegExp)
    return (v) => {
      pattern.lastIndex = 0;
      return pattern.test(v as string);
    };
  if (d.check === 'min_length' && typeof minimum === 'number') return (v) => (v as string).length >= minimum;
  if (d.check === 'max_length' && typeof maximum === 'number') return (v) => (v as string).length <= maximum;
  if (d.check === 'length_equals' && typeof length === 'number')
    return (v) => (v as string).length === length;
  return null;
}

function numberTest(d: CheckDef): Check | null {
  if (d.check === 'number_format') return d.format === 'safeint' ? (v) => Number.isSafeInteger(v) : null;
  const bound = d.value;
  if (typeof bound !== 'number') return null;
  if (d.check === 'greater_than')
    return d.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound;
  if (d.check === 'less_than')
    return d.inclusive ? (v) => (v as number) <= bound : (v) => (v as number) < bound;
  return null;
}

function compileObject(def: Internals['def']): Check | null {
  // Strict (catchall never: every tool input, tools/define.ts) refuses extra keys, which the predicate
  // below answers "no" for anyway, so zod reports them. Passthrough and catch-all schemas keep extra keys
  // or check them: zod handles those.
  const strict = def.catchall !== undefined && internals(def.catchall).def.type === 'never';
  if ((def.catchall !== undefined && !strict) || !def.shape) return null;
  const shape = def.shape;
  const names: string[] = [];
  const checks: Check[] = [];
  for (const key of Reflect.ownKeys(shape)) {
    const child = typeof key === 'string' ? shape[key] : undefined;
    const check = child ? compile(child) : null;
    if (!check) return null;
    names.push(key as string);
    checks.push(check);
  }
  const known = new Set(names);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    for (let i = 0; i < names.length; i++) if (!(checks[i] as Check)(o[names[i] as string])) return false;
    // A key zod would strip means its output differs from this value: let zod build it.
    for (const k in o) if (!known.has(k)) return false;
    return true;
  };
}

function isPlainObject(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
