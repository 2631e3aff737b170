/**
 * Arguments carried from drafting tools: a spec draft_project_from_brief or draft_proposal returned is the
 * base of the follow-up call ("looks good, post it"), and a field that names such an input
 * ("createProjectInput from draft_project_from_brief") gets it.
 */
import type { Entry } from './conversation';
import type { FillRequest } from './fill';
import { isObj } from './results';
import type { Property } from './schema';

/**
 * A spec an earlier tool drafted (draft_project_from_brief, draft_proposal…): its fields become the
 * defaults of a follow-up call ("looks good, post it"). Only objects without an id of their own, or from
 * a draft/suggest tool, and only for a short follow-up message (a new brief starts over).
 */
export function carriedSpec(req: FillRequest, props: Property[]): Record<string, unknown> | undefined {
  if (req.text.split(/\s+/).length > 40) return undefined;
  const names = new Set(props.map((p) => p.name));
  // "createProjectInput" for create_project: a drafting tool's ready-made arguments.
  const inputKey = `${req.tool.name.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase())}Input`;
  for (let i = req.context.length - 1; i >= 0; i--) {
    const e = req.context[i]!;
    if (e.kind !== 'tool' || !e.result.ok || e.name === req.tool.name) continue;
    let data = e.result.data;
    if (isObj(data) && isObj(data[inputKey])) return { ...(data[inputKey] as Record<string, unknown>) };
    if (isObj(data) && isObj(data.spec)) data = data.spec;
    if (isObj(data) && isObj(data.draft)) data = data.draft;
    if (!isObj(data)) continue;
    const drafted = /^(?:draft|suggest|improve|generate)_/.test(e.name);
    if (typeof data.id === 'string' && !drafted) continue;
    const shared = Object.keys(data).filter((k) => names.has(k) && k !== 'id' && data[k] !== null);
    if (shared.length < 2) continue;
    const out: Record<string, unknown> = {};
    for (const k of shared) out[k] = data[k];
    return out;
  }
  return undefined;
}

/**
 * An object argument a description points to by name ("a draft, e.g. createProjectInput from
 * draft_project_from_brief"): the newest result that has it.
 */
export function referencedInput(p: Property, context: readonly Entry[]): Record<string, unknown> | undefined {
  const keys = [...p.description.matchAll(/\b([a-z]+[A-Z]\w*Input)\b/g)].map((m) => m[1]!);
  if (keys.length === 0) return undefined;
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i]!;
    if (e.kind !== 'tool' || !e.result.ok || !isObj(e.result.data)) continue;
    for (const k of keys) {
      const v = e.result.data[k];
      if (isObj(v)) return v;
    }
  }
  return undefined;
}
