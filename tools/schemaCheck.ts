import type { z } from 'zod';

/**
 * A value checked against its zod schema (a tool's output, and a read tool's input), without zod's work
 * when the value is already exactly what the schema describes.
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
 *
 * The predicate is generated source, one function per schema (as ajv does), not a tree of shared closures:
 * shared closures see every schema's objects at the same call sites, which go megamorphic in a server that
 * serves many tools (get_project's check cost ~5x more there than in a loop of its own). Generated code reads
 * each property by its literal name at a site only that schema uses. Only schema-derived text reaches the
 * source: property names through JSON.stringify, enum strings likewise, finite numbers from the schema's
 * own bounds; everything else (regexes, Sets, zod callbacks) is a constant the function closes over.
 */
export function checkSchema<T extends z.ZodType>(
  schema: T,
  value: unknown,
): z.ZodSafeParseResult<z.output<T>> {
  if (conforms(schema, value)) return { success: true, data: value as z.output<T> };
  return schema.safeParse(value);
}

/**
 * Whether the compiled predicate takes the value exactly as it is: then it is its own parse. False when it
 * does not, or when the schema has no predicate; either way `safeParse` decides. No result object is made.
 */
export function conforms(schema: z.ZodType, value: unknown): boolean {
  return checkFor(schema)?.(value) ?? false;
}

/** Whether this schema has a fast predicate (the rest always go through zod). */
export function hasFastCheck(schema: z.ZodType): boolean {
  return checkFor(schema) !== null;
}

/** The generated source of a schema's predicate, for tests and for reading what a schema compiles to. */
export function fastCheckSource(schema: z.ZodType): string | null {
  return generate(schema)?.source ?? null;
}

type Check = (value: unknown) => boolean;

const compiled = new WeakMap<z.ZodType, Check | null>();

function checkFor(schema: z.ZodType): Check | null {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

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

/**
 * Past this many inlined values (a schema several times ProjectView's size), objects stop being inlined
 * into their parent and become one local function each, shared by every place that schema appears: a
 * schema reused at many depths would otherwise grow the source exponentially.
 */
const INLINE_LIMIT = 400;

/** Shapes with more names than this check for extra keys by position and Set rather than by `switch`. */
const SWITCH_LIMIT = 32;

function compile(schema: z.ZodType): Check | null {
  const generated = generate(schema);
  if (!generated) return null;
  try {
    const factory = new Function('c', generated.source) as (constants: unknown[]) => Check;
    return factory(generated.constants);
  } catch {
    // No eval here (a locked-down runtime): zod does all the checking.
    return null;
  }
}

function generate(schema: z.ZodType): { source: string; constants: unknown[] } | null {
  let gen = new Generator(false);
  let body: string | null;
  try {
    body = gen.emit(schema, 'v');
  } catch (e) {
    if (e !== TOO_BIG) throw e;
    gen = new Generator(true);
    body = gen.emit(schema, 'v');
  }
  if (body === null) return null;
  const constants = gen.constants.map((_, i) => `c${i} = c[${i}]`);
  const source = [
    '"use strict";',
    constants.length ? `const ${constants.join(', ')};` : '',
    ...gen.functions,
    `return function check(v) {\n${body}return true;\n};`,
  ]
    .filter(Boolean)
    .join('\n');
  return { source, constants: gen.constants };
}

/** Thrown out of an inlining that grew past INLINE_LIMIT, to start again in split mode. */
const TOO_BIG = Symbol('too big to inline');

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
 * Writes, for one schema and the local variable holding a value, statements that `return false` unless
 * the value is exactly valid ('' when anything is). null: a part it does not know, so the whole schema goes
 * to zod.
 */
class Generator {
  readonly constants: unknown[] = [];
  /** Object checks hoisted into functions of their own (split mode only). */
  readonly functions: string[] = [];
  private locals = 0;
  /** Schemas being written right now: one met again is recursive, which zod handles (z.lazy, getters). */
  private readonly active = new Set<z.ZodType>();
  private readonly hoisted = new Map<z.ZodType, string>();

  constructor(private readonly split: boolean) {}

  emit(schema: z.ZodType, v: string): string | null {
    if (this.active.has(schema)) return null;
    this.active.add(schema);
    try {
      return this.emitSchema(schema, v);
    } finally {
      this.active.delete(schema);
    }
  }

  private constant(value: unknown): string {
    this.constants.push(value);
    return `c${this.constants.length - 1}`;
  }

  private local(): string {
    if (!this.split && this.locals >= INLINE_LIMIT) throw TOO_BIG;
    return `v${this.locals++}`;
  }

  private emitSchema(schema: z.ZodType, v: string): string | null {
    const zod = internals(schema);
    const { def } = zod;
    const hasChecks = (def.checks?.length ?? 0) > 0 || zod.check !== undefined;
    switch (def.type) {
      case 'string':
      case 'number':
      case 'boolean': {
        const bounded = def.coerce || def.format !== undefined ? null : this.bounds(schema, def.type, v);
        if (bounded) return bounded;
        if (hasChecks || def.coerce || def.format !== undefined) {
          // zod decides; a check that rewrites the value (trim, toLowerCase) fails `===` and so goes to zod.
          const decide = this.constant((x: unknown) => {
            const r = schema.safeParse(x);
            return r.success && r.data === x;
          });
          return `if (!${decide}(${v})) return false;\n`;
        }
        if (def.type === 'number') return `if (${notNumber(v)}) return false;\n`;
        return `if (typeof ${v} !== ${JSON.stringify(def.type)}) return false;\n`;
      }
    }
    if (hasChecks) return null;
    switch (def.type) {
      case 'null':
        return `if (${v} !== null) return false;\n`;
      case 'any':
      case 'unknown':
        return '';
      case 'enum':
      case 'literal':
        return zod.values ? this.oneOf(zod.values, v) : null;
      case 'nullable': {
        const inner = def.innerType ? this.emit(def.innerType, v) : null;
        if (inner === null) return null;
        return inner && `if (${v} !== null) {\n${inner}}\n`;
      }
      case 'optional': {
        // An exact optional refuses a present `undefined`; a defaulted inner schema fills a value in.
        if (zod.traits.has('$ZodExactOptional') || !def.innerType) return null;
        if (internals(def.innerType).optin === 'defaulted') return null;
        const inner = this.emit(def.innerType, v);
        if (inner === null) return null;
        return inner && `if (${v} !== undefined) {\n${inner}}\n`;
      }
      case 'array': {
        if (!def.element) return null;
        const e = this.local();
        const element = this.emit(def.element, e);
        if (element === null) return null;
        const i = this.local();
        const loop =
          element &&
          `for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {\nconst ${e} = ${v}[${i}];\n${element}}\n`;
        return `if (!Array.isArray(${v})) return false;\n${loop}`;
      }
      case 'object':
        return this.split ? this.hoist(schema, v) : this.object(def, v);
      case 'record':
        return this.record(def, v);
      default:
        return null;
    }
  }

  /** Enum and literal membership: `===` against a few strings, a Set (SameValueZero, as zod) otherwise. */
  private oneOf(values: Set<unknown>, v: string): string {
    const all = [...values];
    if (all.length > 0 && all.length <= 8 && all.every((x) => typeof x === 'string')) {
      return `if (${all.map((x) => `${v} !== ${JSON.stringify(x)}`).join(' && ')}) return false;\n`;
    }
    return `if (!${this.constant(values)}.has(${v})) return false;\n`;
  }

  /**
   * Strings and numbers whose only checks are lengths, `.regex()`, bounds or "integer" (ids, currencies,
   * amounts, page sizes: most of the catalog) as inline tests. Anything else (formats such as email or
   * datetime, refinements) is null, for zod.
   */
  private bounds(schema: z.ZodType, type: string, v: string): string | null {
    const zod = internals(schema);
    const checks = zod.def.checks ?? [];
    if (zod.check !== undefined || checks.length === 0 || type === 'boolean') return null;
    // Number.isSafeInteger already refuses NaN and the infinities.
    const integer = checks.some((c) => {
      const d = (c as { _zod?: { def?: CheckDef } })._zod?.def;
      return d?.check === 'number_format' && d.format === 'safeint';
    });
    const base = type === 'string' ? 'string' : integer ? 'number' : null;
    let code = base
      ? `if (typeof ${v} !== "${base}") return false;\n`
      : `if (${notNumber(v)}) return false;\n`;
    for (const c of checks) {
      const d = (c as { _zod?: { def?: CheckDef } })._zod?.def;
      const test = d && (type === 'string' ? this.stringTest(d, v) : this.numberTest(d, v));
      if (!test) return null;
      code += test;
    }
    return code;
  }

  private stringTest(d: CheckDef, v: string): string | null {
    const { minimum, maximum, length, pattern } = d;
    if (d.check === 'string_format' && d.format === 'regex' && pattern instanceof RegExp) {
      const re = this.constant(pattern);
      // Tested the way zod tests it: from the start, whatever lastIndex a /g or /y pattern kept (the others
      // ignore lastIndex and never write it).
      const reset = pattern.global || pattern.sticky ? `${re}.lastIndex = 0;\n` : '';
      return `${reset}if (!${re}.test(${v})) return false;\n`;
    }
    if (d.check === 'min_length' && typeof minimum === 'number')
      return `if (!(${v}.length >= ${this.number(minimum)})) return false;\n`;
    if (d.check === 'max_length' && typeof maximum === 'number')
      return `if (!(${v}.length <= ${this.number(maximum)})) return false;\n`;
    if (d.check === 'length_equals' && typeof length === 'number')
      return `if (${v}.length !== ${this.number(length)}) return false;\n`;
    return null;
  }

  private numberTest(d: CheckDef, v: string): string | null {
    if (d.check === 'number_format')
      return d.format === 'safeint' ? `if (!Number.isSafeInteger(${v})) return false;\n` : null;
    const bound = d.value;
    if (typeof bound !== 'number') return null;
    // Negated rather than flipped (`<` for `>=`), so a NaN bound still refuses everything, as zod's test does.
    if (d.check === 'greater_than')
      return `if (!(${v} ${d.inclusive ? '>=' : '>'} ${this.number(bound)})) return false;\n`;
    if (d.check === 'less_than')
      return `if (!(${v} ${d.inclusive ? '<=' : '<'} ${this.number(bound)})) return false;\n`;
    return null;
  }

  /** A schema's own number as a literal when it prints as one, as a constant otherwise (NaN, Infinity). */
  private number(n: number): string {
    return Number.isFinite(n) ? `(${String(n)})` : this.constant(n);
  }

  private object(def: Internals['def'], v: string): string | null {
    // Strict (catchall never: every tool input, tools/define.ts) refuses extra keys, which the code below
    // answers "no" for anyway, so zod reports them. Passthrough and catch-all schemas keep extra keys or
    // check them: zod handles those.
    const strict = def.catchall !== undefined && internals(def.catchall).def.type === 'never';
    if ((def.catchall !== undefined && !strict) || !def.shape) return null;
    const shape = def.shape;
    const names: string[] = [];
    let code = `if (typeof ${v} !== "object" || ${v} === null || Array.isArray(${v})) return false;\n`;
    for (const key of Reflect.ownKeys(shape)) {
      const child = typeof key === 'string' ? shape[key] : undefined;
      // zod never reads a `__proto__` key from its input, so its output never has one.
      if (!child || key === '__proto__') return null;
      const name = JSON.stringify(key);
      const p = this.local();
      const check = this.emit(child, p);
      if (check === null) return null;
      names.push(key as string);
      // zod refuses a missing key unless its schema is optional, even when it would accept `undefined`
      // (z.unknown(), z.any()): the value alone cannot tell a missing key from a present undefined.
      const present =
        internals(child).optin === undefined && mayBeUndefined(child)
          ? `if (${p} === undefined && !(${name} in ${v})) return false;\n`
          : '';
      if (check || present) code += `const ${p} = ${v}[${name}];\n${present}${check}`;
    }
    // A key zod would strip means its output differs from this value: let zod build it.
    return code + this.onlyKnown(names, v);
  }

  /**
   * Refuses a key outside the shape. A `switch` of literal names beats a Set lookup by ~2x here (for-in
   * keys and literals are both internalized, so each case is a pointer compare); past a few dozen names,
   * the key expected at this position (keys usually come in shape order) and a Set when it is not.
   */
  private onlyKnown(names: string[], v: string): string {
    const k = this.local();
    if (names.length === 0) return `for (const ${k} in ${v}) return false;\n`;
    if (names.length <= SWITCH_LIMIT) {
      const cases = names.map((n) => `case ${JSON.stringify(n)}:\n`).join('');
      return `for (const ${k} in ${v}) switch (${k}) {\n${cases}break;\ndefault:\nreturn false;\n}\n`;
    }
    const j = this.local();
    const order = this.constant(names);
    const known = this.constant(new Set(names));
    return `let ${j} = 0;\nfor (const ${k} in ${v}) if (${k} !== ${order}[${j}++] && !${known}.has(${k})) return false;\n`;
  }

  /** Split mode: one function per object schema, written once however often the schema appears. */
  private hoist(schema: z.ZodType, v: string): string | null {
    let name = this.hoisted.get(schema);
    if (name === undefined) {
      const body = this.object(internals(schema).def, 'o');
      if (body === null) return null;
      name = `f${this.hoisted.size}`;
      this.hoisted.set(schema, name);
      this.functions.push(`function ${name}(o) {\n${body}return true;\n}`);
    }
    return `if (!${name}(${v})) return false;\n`;
  }

  private record(def: Internals['def'], v: string): string | null {
    const key = def.keyType && internals(def.keyType);
    const isPlainString =
      key?.def.type === 'string' &&
      !key.def.checks?.length &&
      key.check === undefined &&
      !key.def.format &&
      !key.values;
    if (!isPlainString || !def.valueType || def.mode !== undefined) return null;
    const p = this.local();
    const value = this.emit(def.valueType, p);
    if (value === null) return null;
    const k = this.local();
    const proto = this.local();
    return (
      `if (typeof ${v} !== "object" || ${v} === null || Array.isArray(${v})) return false;\n` +
      `const ${proto} = Object.getPrototypeOf(${v});\n` +
      `if (${proto} !== Object.prototype && ${proto} !== null) return false;\n` +
      `if (Object.getOwnPropertySymbols(${v}).length > 0) return false;\n` +
      `for (const ${k} in ${v}) {\n` +
      `if (!Object.hasOwn(${v}, ${k}) || ${k} === "__proto__") return false;\n` +
      (value && `const ${p} = ${v}[${k}];\n${value}`) +
      '}\n'
    );
  }
}

function notNumber(v: string): string {
  return `typeof ${v} !== "number" || !Number.isFinite(${v})`;
}

/** Whether a schema the generator compiles can accept `undefined` (optional ones aside). */
function mayBeUndefined(schema: z.ZodType): boolean {
  const zod = internals(schema);
  switch (zod.def.type) {
    case 'any':
    case 'unknown':
      return true;
    case 'enum':
    case 'literal':
      return zod.values?.has(undefined) ?? false;
    case 'optional':
      return true;
    case 'nullable':
      return zod.def.innerType ? mayBeUndefined(zod.def.innerType) : false;
    default:
      return false;
  }
}
