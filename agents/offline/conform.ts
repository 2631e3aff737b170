/** Values shaped to a JSON Schema before they become arguments: the right type, in range, not too long. */
import { isObj } from './results';
import { enumOf, propertiesOf, resolve, typeOf } from './schema';
import type { JsonSchema } from './tools';

/** Keeps a value only when it fits the property's schema (type, range, length); clips long text. */
export function conform(value: unknown, schema: JsonSchema, root: JsonSchema): unknown {
  const s = resolve(schema, root);
  const type = typeOf(s);
  const values = enumOf(s);
  if (values && !values.includes(value as string)) return undefined;
  if (type === 'string') {
    if (typeof value !== 'string') return undefined;
    let v = value.trim();
    if (typeof s.maxLength === 'number' && v.length > s.maxLength) v = v.slice(0, s.maxLength).trimEnd();
    if (typeof s.minLength === 'number' && v.length < s.minLength) return undefined;
    if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
    return v;
  }
  if (type === 'integer' || type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    const v = type === 'integer' ? Math.round(value) : value;
    if (typeof s.minimum === 'number' && v < s.minimum) return undefined;
    if (typeof s.maximum === 'number' && v > s.maximum) return undefined;
    if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) return undefined;
    return v;
  }
  if (type === 'boolean') return typeof value === 'boolean' ? value : undefined;
  if (type === 'array') {
    if (!Array.isArray(value)) return undefined;
    const items = value.map((v) => conform(v, resolve(s.items, root), root)).filter((v) => v !== undefined);
    if (typeof s.minItems === 'number' && items.length < s.minItems) return undefined;
    return typeof s.maxItems === 'number' ? items.slice(0, s.maxItems) : items;
  }
  if (type === 'object') {
    if (!isObj(value)) return undefined;
    const props = propertiesOf(s, root);
    if (props.length === 0) return value;
    const out: Record<string, unknown> = {};
    for (const p of props) {
      if (value[p.name] === undefined) continue;
      const v = conform(value[p.name], p.schema, root);
      if (v !== undefined) out[p.name] = v;
    }
    if (props.some((p) => p.required && out[p.name] === undefined)) return undefined;
    if (typeof out.min === 'number' && typeof out.max === 'number' && out.max < out.min) return undefined;
    return out;
  }
  return value;
}
