import type { Executor } from '../client';
import { loadSkillGraph } from './skillGraph';

export interface SkillRef {
  id: string;
  slug: string;
  name: string;
}

/**
 * Resolves skill names to skills; returns the ones it could not find separately. A name may be the skill's
 * name or slug in any case, its id, an alias or spelling variant ("ReactJS", "k8s", "Golang", "Postgres"),
 * a plural, or one typo from a name or alias ("Kubernets"). Each skill is returned once.
 */
export async function resolveSkills(
  ex: Executor,
  names: string[],
): Promise<{ found: SkillRef[]; unknown: string[] }> {
  if (names.length === 0) return { found: [], unknown: [] };
  const resolved = await resolveSkillEach(ex, names);
  const found = new Map<string, SkillRef>();
  const unknown: string[] = [];
  resolved.forEach((skill, i) => {
    if (skill) found.set(skill.id, skill);
    else unknown.push(names[i] ?? '');
  });
  return { found: [...found.values()], unknown };
}

/** Like resolveSkills, position by position: the skill each name means, or null. */
export async function resolveSkillEach(ex: Executor, names: string[]): Promise<(SkillRef | null)[]> {
  if (names.length === 0) return [];
  const graph = await loadSkillGraph(ex);
  return names.map((n) => graph.resolve(n)?.skill ?? null);
}
