import type { SkillGraph } from '../../db/queries/skillGraph';
import { type FieldError, ToolError } from '../errors';

/** Skill names as written to canonical names; unknown ones are a VALIDATION error with suggestions. */
export function canonicalSkills(graph: SkillGraph, names: readonly string[], field: string): string[] {
  const out: string[] = [];
  const errors: FieldError[] = [];
  names.forEach((name, i) => {
    const hit = graph.resolve(name);
    if (hit) {
      if (!out.includes(hit.skill.name)) out.push(hit.skill.name);
      return;
    }
    const suggestions = graph.suggest(name).map((s) => s.name);
    errors.push({
      field: `${field}.${i}`,
      message: `Unknown skill "${name}".${suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : ''}`,
    });
  });
  if (errors.length)
    throw new ToolError('VALIDATION', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      fields: errors,
    });
  return out;
}
