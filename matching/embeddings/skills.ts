import { createHash } from 'node:crypto';
import type { Executor } from '../../db/client';
import { all } from '../../db/sql';
import { STOPWORDS, tokenize } from './text';

/**
 * What the domain embedder knows about skills: how to find them in text, each skill's category and its
 * related skills. Built once (from the skills graph in the database, or from a plain list) and handed to
 * the embedder, which stays a pure function of (lexicon, text).
 */
export interface SkillLexicon {
  /** Canonical names of the skills named in free text. */
  detect(text: string): string[];
  /** The canonical name of one listed skill ("reactjs" → "React"), or undefined. */
  resolve(item: string): string | undefined;
  /** Canonical name → category slug ("React Native" → "mobile-development"). */
  readonly categories: ReadonlyMap<string, string>;
  /** Canonical name → related canonical skills, each with a weight in (0, 1], strongest first. */
  readonly related: ReadonlyMap<string, readonly RelatedSkill[]>;
  /** Short hash of the content: part of the embedder id, so a changed lexicon means re-embedding. */
  readonly fingerprint: string;
}

export interface RelatedSkill {
  skill: string;
  weight: number;
}

export interface SkillLexiconInput {
  skills: readonly { name: string; category?: string | null; aliases?: readonly string[] }[];
  /**
   * More names for skills. `common`: also an everyday word ("go", "swift", "spring"); such a form (alias
   * or, with the same spelling, the skill's own name) only counts when listed, never in prose.
   */
  aliases?: readonly { alias: string; skill: string; common?: boolean }[];
  /** Related-skill edges (canonical names); treated as undirected. */
  related?: readonly { skill: string; related: string; weight: number }[];
}

/** Related skills kept per skill: the strongest few carry the signal, the tail is noise. */
const RELATED_PER_SKILL = 8;

/**
 * A lexicon from plain data: phrase matching on names and aliases, longest first (~20 µs per profile).
 * One- and two-letter forms and everyday words only count when listed.
 */
export function buildSkillLexicon(input: SkillLexiconInput): SkillLexicon {
  const phrases = new Map<string, string>();
  const common = new Set<string>();
  const categories = new Map<string, string>();
  const names = new Set<string>();
  const add = (form: string, skill: string) => {
    const key = tokenize(form).join(' ');
    if (key && !phrases.has(key)) phrases.set(key, skill);
  };
  const sorted = [...input.skills].sort((a, b) => cmp(a.name, b.name));
  for (const s of sorted) {
    names.add(s.name);
    if (s.category) categories.set(s.name, s.category);
    add(s.name, s.name);
  }
  for (const s of sorted) for (const a of s.aliases ?? []) add(a, s.name);
  for (const a of [...(input.aliases ?? [])].sort((x, y) => cmp(x.alias, y.alias))) {
    if (!names.has(a.skill)) continue;
    add(a.alias, a.skill);
    const key = tokenize(a.alias).join(' ');
    if (a.common && phrases.get(key) === a.skill) common.add(key);
  }
  const edges = (input.related ?? []).flatMap((e) => [
    { skill: e.skill, related: e.related, weight: e.weight },
    { skill: e.related, related: e.skill, weight: e.weight },
  ]);
  const related = relatedMap(edges.filter((e) => names.has(e.skill) && names.has(e.related)));
  // Longest phrase starting with each token: most tokens start none, and cost one lookup.
  const longestFrom = new Map<string, number>();
  for (const key of phrases.keys()) {
    const tokens = key.split(' ');
    longestFrom.set(tokens[0]!, Math.max(longestFrom.get(tokens[0]!) ?? 0, tokens.length));
  }

  const detect = (text: string): string[] => {
    const words = tokenize(text);
    const found: string[] = [];
    for (let i = 0; i < words.length; ) {
      let matched = 0;
      for (let n = Math.min(longestFrom.get(words[i]!) ?? 0, words.length - i); n >= 1; n--) {
        const phrase = n === 1 ? words[i]! : words.slice(i, i + n).join(' ');
        const skill = phrases.get(phrase);
        if (skill && (n > 1 || phrase.length > 2) && !common.has(phrase) && !STOPWORDS.has(phrase)) {
          found.push(skill);
          matched = n;
          break;
        }
      }
      i += matched || 1;
    }
    return found;
  };
  return {
    detect,
    resolve: (item) => phrases.get(tokenize(item).join(' ')),
    categories,
    related,
    fingerprint: fingerprintOf(
      [...phrases].map(([k, v]) => `p${k}=${v}${common.has(k) ? '*' : ''}`),
      [...categories].map(([k, v]) => `c${k}=${v}`),
      [...related].flatMap(([k, list]) => list.map((r) => `r${k}=${r.skill}:${r.weight}`)),
    ),
  };
}

/**
 * The lexicon of the skills graph in the database (tables skills, skill_aliases, skill_edges; see
 * db/queries/skillGraph.ts): names, slugs and aliases as written, everyday-word flags, categories and
 * weighted edges. Skills are found with this module's phrase matcher rather than the graph's normaliser,
 * whose typo correction costs ~3 ms per profile: documents are written, not typed in a hurry.
 */
export async function loadSkillLexicon(ex: Executor): Promise<SkillLexicon> {
  const [skills, aliases, edges] = await Promise.all([
    all<{ id: string; name: string; slug: string; category: string }>(
      ex,
      'SELECT id, name, slug, category FROM skills ORDER BY id',
    ),
    all<{ alias: string; skill_id: string; common_word: number }>(
      ex,
      'SELECT alias, skill_id, common_word FROM skill_aliases ORDER BY alias_norm',
    ),
    all<{ skill_id: string; related_id: string; weight: number }>(
      ex,
      'SELECT skill_id, related_id, weight FROM skill_edges ORDER BY skill_id, related_id',
    ),
  ]);
  const nameOf = new Map(skills.map((s) => [s.id, s.name]));
  return buildSkillLexicon({
    skills: skills.map((s) => ({ name: s.name, category: s.category, aliases: [s.slug.replace(/-/g, ' ')] })),
    aliases: aliases.flatMap((a) => {
      const skill = nameOf.get(a.skill_id);
      return skill ? [{ alias: a.alias, skill, common: Number(a.common_word) === 1 }] : [];
    }),
    related: edges.flatMap((e) => {
      const skill = nameOf.get(e.skill_id);
      const related = nameOf.get(e.related_id);
      return skill && related ? [{ skill, related, weight: Number(e.weight) }] : [];
    }),
  });
}

function relatedMap(edges: readonly { skill: string; related: string; weight: number }[]) {
  const related = new Map<string, RelatedSkill[]>();
  for (const e of edges) {
    if (e.skill === e.related || !(e.weight > 0)) continue;
    const list = related.get(e.skill) ?? [];
    const weight = Math.min(1, e.weight);
    const have = list.find((r) => r.skill === e.related);
    if (have) have.weight = Math.max(have.weight, weight);
    else list.push({ skill: e.related, weight });
    related.set(e.skill, list);
  }
  for (const [k, list] of related) {
    related.set(
      k,
      list.sort((a, b) => b.weight - a.weight || cmp(a.skill, b.skill)).slice(0, RELATED_PER_SKILL),
    );
  }
  return related;
}

function fingerprintOf(...parts: string[][]): string {
  const hash = createHash('sha256');
  for (const part of parts) for (const line of [...part].sort(cmp)) hash.update(`${line}\n`);
  return hash.digest('hex').slice(0, 8);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
