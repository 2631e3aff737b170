import type { Db } from '../client';
import { seedFxRates } from '../queries/fx';
import { invalidateSkillGraph, normalizeAlias } from '../queries/skillGraph';
import { run } from '../sql';
import { seedFlags } from './data/flags';
import { COMMON_WORDS, SKILL_ALIASES, SKILL_EDGES } from './data/skillGraph';
import { CATEGORIES, INDUSTRIES } from './data/taxonomy';

export const skillSlug = (name: string) =>
  name
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/#/g, 'sharp')
    .replace(/^\./, 'dot')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const skillId = (name: string) => `skl_${skillSlug(name)}`;

/** Rows for skill_aliases and skill_edges, from data/skillGraph.ts, checked against the taxonomy. */
export interface SkillGraphRows {
  /** [alias_norm, skill_id, alias, common_word] */
  aliases: [string, string, string, 0 | 1][];
  /** [skill_id, related_id, weight], both directions. */
  edges: [string, string, number][];
}

let graphRows: SkillGraphRows | undefined;

/**
 * The graph data as rows. Throws when the data names a skill the taxonomy lacks, when an alias would also
 * mean another skill, or when an edge is repeated, points at itself or has a weight outside (0, 1].
 */
export function skillGraphRows(): SkillGraphRows {
  if (graphRows) return graphRows;
  const errors: string[] = [];
  const idByName = new Map<string, string>();
  const keyOwner = new Map<string, string>(); // normalised name, slug or alias → skill id
  for (const c of CATEGORIES) {
    for (const name of c.skills) {
      const id = skillId(name);
      if (idByName.has(name) || [...idByName.values()].includes(id)) {
        errors.push(`skill "${name}" is listed twice`);
        continue;
      }
      idByName.set(name, id);
      for (const key of [normalizeAlias(name), normalizeAlias(skillSlug(name))]) {
        const owner = keyOwner.get(key);
        if (owner && owner !== id) errors.push(`skill "${name}" normalises like ${owner} ("${key}")`);
        else keyOwner.set(key, id);
      }
    }
  }
  const nameKeys = new Set(keyOwner.keys());
  const aliases = new Map<string, [string, string, string, 0 | 1]>();
  for (const [name, list] of Object.entries(SKILL_ALIASES)) {
    const id = idByName.get(name);
    if (!id) {
      errors.push(`aliases for unknown skill "${name}"`);
      continue;
    }
    for (const alias of list) {
      const key = normalizeAlias(alias);
      const owner = keyOwner.get(key);
      if (!key) errors.push(`alias "${alias}" of ${name} is empty once normalised`);
      else if (owner && owner !== id) errors.push(`alias "${alias}" of ${name} already means ${owner}`);
      else if (!nameKeys.has(key)) {
        keyOwner.set(key, id);
        aliases.set(key, [key, id, alias, 0]);
      }
    }
  }
  for (const word of COMMON_WORDS) {
    const key = normalizeAlias(word);
    const id = keyOwner.get(key);
    if (!id) errors.push(`common word "${word}" is neither a skill name nor an alias`);
    else {
      const row = aliases.get(key);
      if (row) row[3] = 1;
      else aliases.set(key, [key, id, word, 1]);
    }
  }
  const edges: [string, string, number][] = [];
  const pairs = new Set<string>();
  for (const [a, b, weight] of SKILL_EDGES) {
    const ia = idByName.get(a);
    const ib = idByName.get(b);
    if (!ia || !ib) errors.push(`edge ${a} – ${b} names an unknown skill`);
    else if (ia === ib) errors.push(`edge ${a} – ${b} points at itself`);
    else if (!(weight > 0 && weight <= 1)) errors.push(`edge ${a} – ${b} has weight ${weight}`);
    else if (pairs.has(`${ia}|${ib}`)) errors.push(`edge ${a} – ${b} is declared twice`);
    else {
      pairs.add(`${ia}|${ib}`).add(`${ib}|${ia}`);
      edges.push([ia, ib, weight], [ib, ia, weight]);
    }
  }
  if (errors.length > 0) throw new Error(`Skills graph data is inconsistent:\n  ${errors.join('\n  ')}`);
  graphRows = { aliases: [...aliases.values()], edges };
  return graphRows;
}

/**
 * Categories, industries, skills, requirement fields, skill aliases and related-skill edges, and the feature
 * flags (data/flags.ts). Idempotent: safe on every start. Existing rows are kept (a flag an admin changed too);
 * an alias or edge whose data changed is updated.
 */
export async function seedReference(db: Db): Promise<void> {
  const graph = skillGraphRows();
  const json = (rows: unknown[]) => [JSON.stringify(rows)];
  const col = (n: number) => `json_extract(value, '$[${n}]')`;
  await db.write(async (tx) => {
    await run(
      tx,
      `INSERT OR IGNORE INTO industries (slug, name) SELECT ${col(0)}, ${col(1)} FROM json_each(?)`,
      json(INDUSTRIES.map((i) => [i.slug, i.name])),
    );
    await run(
      tx,
      `INSERT OR IGNORE INTO categories (slug, name) SELECT ${col(0)}, ${col(1)} FROM json_each(?)`,
      json(CATEGORIES.map((c) => [c.slug, c.name])),
    );
    // In taxonomy order: a name listed twice belongs to its first category.
    await run(
      tx,
      `INSERT OR IGNORE INTO skills (id, slug, name, category)
       SELECT ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)} FROM json_each(?)`,
      json(CATEGORIES.flatMap((c) => c.skills.map((s) => [skillId(s), skillSlug(s), s, c.slug]))),
    );
    await run(
      tx,
      `INSERT OR IGNORE INTO category_requirement_fields (category, field, label, kind, required)
       SELECT ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)}, ${col(4)} FROM json_each(?)`,
      json(
        CATEGORIES.flatMap((c) =>
          c.requirements.map((r) => [c.slug, r.field, r.label, r.kind, r.required ? 1 : 0]),
        ),
      ),
    );
    // Only for skills that exist: a skill inserted earlier under another id keeps the seed from failing.
    await run(
      tx,
      `INSERT INTO skill_aliases (alias_norm, skill_id, alias, common_word)
       SELECT ${col(0)}, ${col(1)}, ${col(2)}, ${col(3)} FROM json_each(?)
        WHERE ${col(1)} IN (SELECT id FROM skills)
       ON CONFLICT (alias_norm) DO UPDATE
         SET skill_id = excluded.skill_id, alias = excluded.alias, common_word = excluded.common_word
       WHERE skill_id <> excluded.skill_id OR alias <> excluded.alias OR common_word <> excluded.common_word`,
      json(graph.aliases),
    );
    await run(
      tx,
      `INSERT INTO skill_edges (skill_id, related_id, weight)
       SELECT ${col(0)}, ${col(1)}, ${col(2)} FROM json_each(?)
        WHERE ${col(0)} IN (SELECT id FROM skills) AND ${col(1)} IN (SELECT id FROM skills)
       ON CONFLICT (skill_id, related_id) DO UPDATE SET weight = excluded.weight
       WHERE weight <> excluded.weight`,
      json(graph.edges),
    );
    await seedFxRates(tx);
    await seedFlags(tx);
  });
  invalidateSkillGraph();
}
