import { z } from 'zod';
import { type AnyTool, type Effect, needsConfirmation, type Role } from './define';

export interface ToolDescription {
  name: string;
  title: string;
  description: string;
  roles: readonly Role[];
  effect: Effect;
  needsConfirmation: boolean;
  idempotent: boolean;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
}

/** A tool as data: what the HTTP catalog, OpenAPI, MCP and the generated docs publish. */
export function describeTool(tool: AnyTool): ToolDescription {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    roles: tool.roles,
    effect: tool.effect,
    needsConfirmation: needsConfirmation(tool),
    idempotent: tool.idempotent ?? tool.effect === 'read',
    inputSchema: jsonSchema(tool.input, 'input'),
    outputSchema: jsonSchema(tool.output, 'output'),
  };
}

export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}
