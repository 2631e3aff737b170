/** Reading JSON Schemas of tool inputs: properties, what is required, and what kind of value each wants. */

import { splitIdentifier } from './parse/text';
import { isObj } from './results';
import type { JsonSchema } from './tools';

export interface Property {
  name: string;
  schema: JsonSchema;
  required: boolean;
  description: string;
}

/** Follows a local $ref ("#/$defs/Money") and unwraps "X or null" to X. */
export function resolve(schema: unknown, root: JsonSchema): JsonSchema {
  let s: unknown = schema;
  for (let depth = 0; depth < 8 && isObj(s); depth++) {
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#/')) {
      let target: unknown = root;
      for (const part of s.$ref.slice(2).split('/')) target = isObj(target) ? target[part] : undefined;
      if (!isObj(target)) break;
      const { $ref: _r, ...rest } = s;
      s = { ...target, ...rest };
      continue;
    }
    const union = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined) as
      | unknown[]
      | undefined;
    if (union) {
      const nonNull = union.filter((u) => !(isObj(u) && u.type === 'null'));
      if (nonNull.length === 1) {
        const { anyOf: _a, oneOf: _o, ...rest } = s;
        s = {
          ...rest,
          ...(nonNull[0] as JsonSchema),
          description: rest.description ?? (nonNull[0] as JsonSchema).description,
        };
        continue;
      }
    }
    if (Array.isArray(s.allOf) && s.allOf.length === 1 && isObj(s.allOf[0])) {
      const { allOf: _a, ...rest } = s;
      s = { ...(s.allOf[0] as JsonSchema), ...rest };
      continue;
    }
    break;
  }
  return isObj(s) ? s : {};
}

export function typeOf(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  if (isObj(schema.properties)) return 'object';
  if (Array.isArray(schema.enum)) return typeof schema.enum[0] === 'number' ? 'number' : 'string';
  return undefined;
}

/** The properties of an object schema in declaration order. A field with a default is never required. */
export function propertiesOf(schema: JsonSchema, root: JsonSchema = schema): Property[] {
  const s = resolve(schema, root);
  const props = isObj(s.properties) ? s.properties : {};
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  return Object.entries(props).map(([name, raw]) => {
    const p = resolve(raw, root);
    return {
      name,
      schema: p,
      required: required.has(name) && !('default' in p) && !(isObj(raw) && 'default' in raw),
      description: typeof p.description === 'string' ? p.description : '',
    };
  });
}

export function enumOf(schema: JsonSchema): string[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.filter((v): v is string => typeof v === 'string');
  if (typeof schema.const === 'string') return [schema.const];
  return undefined;
}

/** What a property holds, judged from its name, type and description. */
export type SlotKind =
  | 'id'
  | 'money'
  | 'moneyRange'
  | 'minor'
  | 'weeks'
  | 'date'
  | 'skills'
  | 'skillYears'
  | 'category'
  | 'industry'
  | 'industries'
  | 'enum'
  | 'boolean'
  | 'percent'
  | 'minutes'
  | 'hours'
  | 'rating'
  | 'count'
  | 'query'
  | 'title'
  | 'longText'
  | 'key'
  | 'text'
  | 'number'
  | 'currency'
  | 'isoWeek'
  | 'isoMonth'
  | 'bps'
  | 'skill'
  | 'other';

export function slotKind(p: Property, root?: JsonSchema): SlotKind {
  const name = p.name;
  const words = splitIdentifier(name);
  const desc = p.description.toLowerCase();
  const s = p.schema;
  const type = typeOf(s);
  if (type === 'object') {
    const inner = propertiesOf(s, root ?? s).map((q) => q.name);
    if (inner.includes('currency') && (inner.includes('min') || inner.includes('max'))) return 'moneyRange';
    if (inner.includes('currency') && inner.includes('amount')) return 'money';
    return 'other';
  }
  if (type === 'array') {
    const items = resolve(s.items, root ?? s);
    const itemType = typeOf(items);
    if (words.includes('skills') || words.includes('skill'))
      return itemType === 'object' ? 'skillYears' : 'skills';
    if (words.includes('industries')) return 'industries';
    return 'other';
  }
  if (enumOf(s)) return 'enum';
  if (type === 'boolean') return 'boolean';
  if (type === 'string') {
    if (/Id$/.test(name) || name === 'id') return 'id';
    if (name === 'week' || /\biso week\b|yyyy-www/.test(desc)) return 'isoWeek';
    if (name === 'month' || /yyyy-mm\b(?!-)|calendar month/.test(desc)) return 'isoMonth';
    if (
      ['currency', 'to', 'from', 'toCurrency', 'fromCurrency', 'targetCurrency'].includes(name) ||
      /iso 4217/.test(desc)
    )
      return 'currency';
    if (name === 'skill') return 'skill';
    if (s.format === 'date' || /date|deadline/i.test(name)) return 'date';
    if (name === 'category' || (words.at(-1) === 'category' && /slug/.test(desc))) return 'category';
    if (name === 'industry') return 'industry';
    if (['query', 'q', 'search', 'keywords'].includes(name)) return 'query';
    if (['title', 'headline', 'name', 'subject'].includes(name)) return 'title';
    if (['key', 'flagKey', 'flag', 'slug'].includes(name)) return 'key';
    const max = typeof s.maxLength === 'number' ? s.maxLength : undefined;
    if (
      [
        'description',
        'text',
        'brief',
        'prompt',
        'coverLetter',
        'note',
        'message',
        'summary',
        'bio',
        'comment',
        'reason',
        'outcome',
        'details',
        'body',
        'evidence',
      ].includes(name) ||
      (max !== undefined && max >= 1000)
    )
      return 'longText';
    return 'text';
  }
  if (type === 'integer' || type === 'number') {
    if (words.includes('weeks') || words.includes('week')) return 'weeks';
    if (/Bps$/.test(name) || /basis points/.test(desc)) return 'bps';
    if (
      words.includes('percent') ||
      words.includes('percentage') ||
      words.includes('rollout') ||
      /percent/.test(desc)
    )
      return 'percent';
    if (name === 'minutes') return 'minutes';
    if (name === 'hours' && type === 'number') return 'hours';
    if (
      /minor units|cents/.test(desc) ||
      words.some((w) => ['amount', 'price', 'budget', 'delta'].includes(w))
    )
      return 'minor';
    if (s.minimum === 1 && s.maximum === 5) return 'rating';
    if (name === 'limit' || name === 'top' || name === 'count' || name === 'k') return 'count';
    return 'number';
  }
  return 'other';
}

/** The entity an id property names: projectId → project, freelancerId → user, scopeChangeId → scope_change. */
export function entityOfField(name: string): string {
  const base = name.replace(/Id$/, '');
  if (
    [
      'freelancer',
      'user',
      'client',
      'reviewee',
      'reporter',
      'reported',
      'reportedUser',
      'account',
      'target',
      'subject',
    ].includes(base)
  )
    return 'user';
  return splitIdentifier(base).join('_') || 'thing';
}
