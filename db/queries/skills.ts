import type { Executor } from '../client';
import { all } from '../sql';

export interface SkillRef {
  id: string;
  slug: string;
  name: string;
}

/** Resolves skill names or slugs (any case) to skills; returns the ones it could not find separately. */
export async function resolveSkills(
  ex: Executor,
  names: string[],
): Promise<{ found: SkillRef[]; unknown: string[] }> {
  if (names.length === 0) return { found: [], unknown: [] };
  const keys = names.map((n) => n.trim().toLowerCase());
  const marks = keys.map(() => '?').join(', ');
  const rows = await all<SkillRef>(
    ex,
    `SELECT id, slug, name FROM skills WHERE lower(name) IN (${marks}) OR slug IN (${marks})`,
    [...keys, ...keys],
  );
  const byKey = new Map<string, SkillRef>();
  for (const r of rows) {
    byKey.set(r.name.toLowerCase(), r);
    byKey.set(r.slug, r);
  }
  const found = new Map<string, SkillRef>();
  const unknown: string[] = [];
  names.forEach((name, i) => {
    const hit = byKey.get(keys[i] ?? '');
    if (hit) found.set(hit.id, hit);
    else unknown.push(name);
  });
  return { found: [...found.values()], unknown };
}
