import { CATEGORY_PROFILES, type CategoryProfile, FALLBACK_PROFILE } from './data/profiles';
import { CATEGORY_PROJECTS, type CategoryProjects, FALLBACK_PROJECTS } from './data/projects';
import { CATEGORIES, type CategorySeed, INDUSTRIES } from './data/taxonomy';
import { skillSlug } from './reference';

export interface SkillRef {
  id: string;
  name: string;
  category: string;
}

export interface CategoryInfo {
  slug: string;
  name: string;
  skills: SkillRef[];
  requirements: CategorySeed['requirements'];
  profile: CategoryProfile;
  projects: CategoryProjects;
}

/** The taxonomy joined with the seed's content, in taxonomy order: what the generators draw from. */
export interface SeedCatalog {
  categories: CategoryInfo[];
  bySlug: Map<string, CategoryInfo>;
  industries: { slug: string; name: string }[];
  industryName: Map<string, string>;
  skillByName: Map<string, SkillRef>;
  categoryWeights: number[];
}

let cached: SeedCatalog | undefined;

/** Builds (once) and checks the catalog: every skill a brief names must exist in the taxonomy. */
export function seedCatalog(): SeedCatalog {
  if (cached) return cached;
  const skillByName = new Map<string, SkillRef>();
  const seen = new Set<string>();
  const categories: CategoryInfo[] = CATEGORIES.map((c) => {
    // Like seedReference (INSERT OR IGNORE), a skill listed under two categories belongs to the first.
    const skills = c.skills
      .map((name) => ({ id: `skl_${skillSlug(name)}`, name, category: c.slug }))
      .filter(
        (s) => !seen.has(s.id) && !seen.has(s.name.toLowerCase()) && seen.add(s.id).add(s.name.toLowerCase()),
      );
    for (const s of skills) skillByName.set(s.name, s);
    return {
      slug: c.slug,
      name: c.name,
      skills,
      requirements: c.requirements,
      profile: CATEGORY_PROFILES[c.slug] ?? FALLBACK_PROFILE,
      projects: CATEGORY_PROJECTS[c.slug] ?? FALLBACK_PROJECTS,
    };
  });
  const missing: string[] = [];
  for (const c of categories) {
    for (const b of c.projects.briefs) for (const s of b.skills) if (!skillByName.has(s)) missing.push(s);
    for (const a of c.profile.adjacent)
      if (!categories.some((x) => x.slug === a)) missing.push(`category ${a}`);
  }
  if (missing.length > 0)
    throw new Error(`Demo seed content names unknown taxonomy entries: ${missing.join(', ')}`);
  cached = {
    categories,
    bySlug: new Map(categories.map((c) => [c.slug, c])),
    industries: INDUSTRIES,
    industryName: new Map(INDUSTRIES.map((i) => [i.slug, i.name])),
    skillByName,
    categoryWeights: categories.map((c) => c.profile.weight),
  };
  return cached;
}
