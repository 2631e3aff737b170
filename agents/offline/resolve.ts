/**
 * What a reference points at: the ids behind "the second one", "the first freelancer", "that project"
 * and "it", found in the results and calls earlier in the conversation.
 */
import type { Entry } from './conversation';
import { parseReferences, type References } from './parse/references';
import { entitiesOfWords, entityOfRecord, findList, idFor, isObj } from './results';
import { entityOfField, type Property, type SlotKind } from './schema';

export interface IdContext {
  /** The tool's properties and what each holds: a bare ordinal goes to the id field its list is about. */
  props: readonly Property[];
  kinds: ReadonlyMap<string, SlotKind>;
  /** Conversation entries before the current message. */
  context: readonly Entry[];
  /** The text answers "which project?": only what it says counts, nothing implicit. */
  focused: boolean;
}

/**
 * The id an id field gets from a message: an id typed out, a number written like the field's example,
 * "the second one" (an item of the latest list), or "that project" / nothing at all for a required field
 * (the latest single thing of that kind in the conversation).
 */
export function resolveId(p: Property, text: string, refs: References, c: IdContext): string | undefined {
  const entity = entityOfField(p.name);
  // 1. An id typed out.
  const typed = refs.ids.filter((r) => r.entity === entity || (r.entity === undefined && entity !== 'user'));
  if (typed.length > 0) {
    const sameKind = refs.ids.filter((r) => r.entity === entity);
    return (sameKind[0] ?? typed[0])!.id;
  }
  // 1b. A number in the form the field's description shows ("INV-2026-000123").
  const shaped = byExampleShape(p.description, text);
  if (shaped) return shaped;
  // 2. "the second one", "the first freelancer": an item of the latest list. An ordinal without a noun
  //    belongs to the id field the latest list is a list of ("invite the first one" after a shortlist is
  //    the freelancer, not the project).
  const ordinal =
    refs.ordinals.find((o) => o.entity === entity) ??
    (ordinalTarget(c) === p.name ? refs.ordinals.find((o) => o.entity === undefined) : undefined);
  if (ordinal) return fromList(entity, ordinal.index, ordinal.entity, c.context);
  // 3. "that project", "it", or nothing at all for a required id: the latest single thing of that kind.
  const demonstrative = refs.demonstratives.some((d) => d.entity === entity || d.entity === undefined);
  if (demonstrative || (p.required && !c.focused)) return latestOf(entity, c.context);
  return undefined;
}

/**
 * Values written like the examples in a field's description: "Invoice id (inv_…) or number
 * (INV-2026-000123)" finds "INV-2026-000124" in the text. Each run of digits may differ in length.
 */
function byExampleShape(description: string, text: string): string | undefined {
  for (const m of description.matchAll(/\b([A-Z][A-Za-z]{1,5}[-_]\d[\w-]{3,})\b/g)) {
    const shape = m[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+');
    const hit = new RegExp(`\\b${shape}\\b`, 'i').exec(text);
    if (hit) return hit[0].toUpperCase();
  }
  return undefined;
}

/** The newest list among the results before this message, with the entities its items most likely are. */
function latestList(
  context: readonly Entry[],
): { items: Record<string, unknown>[]; hint: string[] } | undefined {
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i]!;
    if (e.kind !== 'tool' || !e.result.ok) continue;
    const list = findList(e.result.data);
    if (list && list.items.length > 0) return { items: list.items, hint: listHint(e, list.key) };
  }
  return undefined;
}

/** Which id field a bare ordinal ("the second one") fills: the one the latest list's items are. */
function ordinalTarget(c: IdContext): string | undefined {
  const ids = c.props.filter((q) => c.kinds.get(q.name) === 'id');
  if (ids.length <= 1) return ids[0]?.name;
  const list = latestList(c.context);
  if (!list) return ids[0]?.name;
  const first = list.items[0]!;
  const own = entityOfRecord(first, list.hint);
  const same = ids.find((q) => entityOfField(q.name) === own && idFor(first, own, list.hint));
  if (same) return same.name;
  return ids.find((q) => idFor(first, entityOfField(q.name), list.hint))?.name;
}

function listHint(e: Extract<Entry, { kind: 'tool' }>, key: string): string[] {
  return entitiesOfWords(e.name, key);
}

/**
 * The id of `entity` from the item at `index` of a list shown earlier: the newest list, or with a noun
 * ("the second project"), the newest list of that kind. Lists inside a single record count too (the
 * milestones of a project or contract).
 */
export function fromList(
  entity: string,
  index: number,
  noun: string | undefined,
  context: readonly Entry[],
): string | undefined {
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i]!;
    if (e.kind !== 'tool' || !e.result.ok) continue;
    const list = findList(e.result.data) ?? nestedList(e.result.data, noun ?? entity);
    if (!list || list.items.length === 0) continue;
    const hint = listHint(e, list.key);
    if (noun && entityOfRecord(list.items[0]!, hint) !== noun) continue;
    if (!list.items.some((it) => idFor(it, entity, hint))) {
      if (noun) continue;
      return undefined;
    }
    let item: Record<string, unknown> | undefined;
    if (index === -1) item = list.items.at(-1);
    else if (index === -2) item = cheapest(list.items);
    else item = list.items[index];
    return item ? idFor(item, entity, hint) : undefined;
  }
  return undefined;
}

/** A list of `entity` inside a single record: a project's or contract's milestones. */
function nestedList(
  data: unknown,
  entity: string,
): { items: Record<string, unknown>[]; key: string } | undefined {
  if (!isObj(data)) return undefined;
  for (const [key, v] of Object.entries(data)) {
    if (!Array.isArray(v) || v.length === 0 || !v.every(isObj)) continue;
    if (entitiesOfWords(key)[0] === entity) return { items: v as Record<string, unknown>[], key };
  }
  return undefined;
}

function priceOf(item: Record<string, unknown>): number {
  for (const key of ['amount', 'budget', 'hourlyRate', 'rate', 'price']) {
    const v = item[key];
    if (typeof v === 'number') return v;
    if (isObj(v)) {
      const n = v.amount ?? v.min;
      if (typeof n === 'number') return n;
    }
  }
  return Number.POSITIVE_INFINITY;
}

function cheapest(items: Record<string, unknown>[]): Record<string, unknown> | undefined {
  let best: Record<string, unknown> | undefined;
  for (const it of items) if (!best || priceOf(it) < priceOf(best)) best = it;
  return best;
}

export function latestOf(entity: string, context: readonly Entry[]): string | undefined {
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i]!;
    if (e.kind === 'tool' && e.result.ok) {
      const data = e.result.data;
      if (isObj(data)) {
        const list = findList(data);
        const hint = entitiesOfWords(e.name);
        if (!list || typeof data.id === 'string') {
          const id = idFor(data, entity, hint);
          if (id) return id;
        } else {
          // A wrapper around a list may name the thing the list is about ({projectId, matches: […]}).
          const own = idFor(data, entity, []);
          if (own) return own;
          const listHintWords = listHint(e, list.key);
          if (list.items.length === 1) {
            const id = idFor(list.items[0]!, entity, listHintWords);
            if (id) return id;
          }
        }
      }
    }
    if (e.kind === 'tool') {
      for (const [name, value] of Object.entries(e.args)) {
        if (typeof value === 'string' && /Id$/.test(name) && entityOfField(name) === entity) return value;
      }
    }
    if (e.kind === 'human') {
      const ids = parseReferences(e.text).ids.filter((r) => r.entity === entity);
      if (ids.length > 0) return ids.at(-1)!.id;
    }
  }
  return undefined;
}
