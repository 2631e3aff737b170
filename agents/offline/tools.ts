/**
 * Bound tools as the offline model reads them: a name, a description and a JSON Schema for the input,
 * whatever form they were bound in (a LangChain tool with a zod or JSON schema, an OpenAI-style
 * `{type: "function", function}` definition, or a plain `{name, description, parameters | schema}`).
 */
import { isLangChainTool } from '@langchain/core/utils/function_calling';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { z } from 'zod';
import { isObj } from './results';

export type JsonSchema = Record<string, unknown>;

export interface BoundTool {
  name: string;
  description: string;
  /** The input schema, an object schema (empty when the tool takes no input). */
  schema: JsonSchema;
}

const cache = new WeakMap<object, BoundTool | null>();

const EMPTY: JsonSchema = { type: 'object', properties: {} };

function convertSchema(schema: unknown): JsonSchema {
  if (!isObj(schema)) return EMPTY;
  // zod 4: the input side, so fields with defaults are optional; anything without a JSON form becomes "any".
  if ('_zod' in schema) {
    try {
      const out = z.toJSONSchema(schema as unknown as z.ZodType, {
        io: 'input',
        unrepresentable: 'any',
      }) as unknown;
      if (isObj(out)) return out;
    } catch {
      // fall through to LangChain's converter
    }
  }
  try {
    const out = toJsonSchema(schema as never) as unknown;
    return isObj(out) ? out : EMPTY;
  } catch {
    return EMPTY;
  }
}

function normalizeOne(tool: unknown): BoundTool | null {
  if (!isObj(tool) && typeof tool !== 'function') return null;
  const t = tool as Record<string, unknown>;
  if (isLangChainTool(t as never)) {
    return {
      name: String(t.name),
      description: typeof t.description === 'string' ? t.description : '',
      schema: convertSchema(t.schema),
    };
  }
  if (t.type === 'function' && isObj(t.function)) {
    const f = t.function;
    return {
      name: String(f.name),
      description: typeof f.description === 'string' ? f.description : '',
      schema: convertSchema(f.parameters),
    };
  }
  if (typeof t.name === 'string') {
    return {
      name: t.name,
      description: typeof t.description === 'string' ? t.description : '',
      schema: convertSchema(t.parameters ?? t.input_schema ?? t.inputSchema ?? t.schema),
    };
  }
  return null;
}

/** Normalises bound tools once per tool object. Tools that cannot be read are left out. */
export function normalizeTools(tools: readonly unknown[] | undefined): BoundTool[] {
  const out: BoundTool[] = [];
  for (const tool of tools ?? []) {
    let hit: BoundTool | null | undefined;
    if (typeof tool === 'object' && tool !== null) {
      hit = cache.get(tool);
      if (hit === undefined) {
        hit = normalizeOne(tool);
        cache.set(tool, hit);
      }
    } else {
      hit = normalizeOne(tool);
    }
    if (hit && !out.some((t) => t.name === hit.name)) out.push(hit);
  }
  return out;
}
