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
 * defaults of a follow-up call ("looks good, post it"). Only from a draft/suggest/improve tool, and only for
 * a short follow-up message (a new brief starts over).
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
    // Only what a drafting tool wrote is a spec to follow up on; a report (an assessment, a balance) that
    // happens to share field names with the next tool is not.
    const drafted = /^(?:draft|suggest|improve|generate)_/.test(e.name);
    if (!drafted) continue;
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

type Obj = Record<string, unknown>;

/** The total a money-like value stands for: a Money's amount, or a budget range's max. */
function totalOf(v: unknown): { total: number; currency: unknown } | undefined {
  if (!isObj(v)) return undefined;
  const total = typeof v.amount === 'number' ? v.amount : typeof v.max === 'number' ? v.max : undefined;
  return total === undefined ? undefined : { total, currency: v.currency };
}

/**
 * The person changed the price of a drafted spec ("submit it with a bid of $5,500"): parts carried from
 * the draft whose amounts added up to the old price (milestones) are scaled to add up to the new one
 * (largest remainder, so they still sum exactly), or dropped when the currency changed.
 */
export function rescaleCarriedParts(args: Obj, spec: Obj | undefined): void {
  if (!spec) return;
  for (const [key, value] of Object.entries(args)) {
    const now = totalOf(value);
    const was = totalOf(spec[key]);
    if (!now || !was || (now.total === was.total && now.currency === was.currency)) continue;
    for (const [partKey, parts] of Object.entries(args)) {
      if (
        !Array.isArray(parts) ||
        parts.length === 0 ||
        JSON.stringify(parts) !== JSON.stringify(spec[partKey])
      )
        continue;
      const amounts = parts.map((p) => (isObj(p) ? totalOf(p.amount) : undefined));
      if (amounts.some((a) => a === undefined)) continue;
      const sum = amounts.reduce((s, a) => s + (a?.total ?? 0), 0);
      if (sum !== was.total) continue;
      if (now.currency !== was.currency || sum === 0) {
        delete args[partKey];
        continue;
      }
      const exact = amounts.map((a) => ((a?.total ?? 0) * now.total) / sum);
      const floors = exact.map(Math.floor);
      let left = now.total - floors.reduce((s, x) => s + x, 0);
      const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
      for (const [, i] of order) {
        if (left <= 0) break;
        floors[i] = (floors[i] ?? 0) + 1;
        left--;
      }
      args[partKey] = parts.map((p, i) => ({
        ...(p as Obj),
        amount: { ...((p as Obj).amount as Obj), amount: floors[i] },
      }));
    }
  }
}
