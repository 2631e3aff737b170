/**
 * Skills, categories and industries named in free text, matched against a vocabulary: the built-in one
 * (vocab.ts), names found in the bound tools' schemas, or lists the runtime injects.
 */
import { AMBIGUOUS_SKILLS, CATEGORY_VOCAB, INDUSTRY_VOCAB, SKILL_SYNONYMS } from '../vocab';
import { normalize, plain } from './text';

export interface Named {
  slug: string;
  name: string;
}

export interface SkillIndex {
  /** Lower-case phrase → canonical name. */
  phrases: Map<string, string>;
  /** Canonical name → category slug, when known. */
  categoryOf: Map<string, string>;
  maxWords: number;
}

const TOKEN = /[a-z0-9][a-z0-9+#./-]*[a-z0-9+#]|[a-z0-9][+#]*/g;

interface Tok {
  word: string;
  start: number;
  end: number;
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export function buildSkillIndex(extraNames: readonly string[] = []): SkillIndex {
  const phrases = new Map<string, string>();
  const categoryOf = new Map<string, string>();
  let maxWords = 1;
  const add = (phrase: string, name: string) => {
    const key = normalize(phrase).trim();
    if (!key || phrases.has(key)) return;
    phrases.set(key, name);
    maxWords = Math.max(maxWords, key.split(/\s+/).length);
  };
  for (const c of CATEGORY_VOCAB) {
    for (const s of c.skills) {
      add(s, s);
      if (!categoryOf.has(s)) categoryOf.set(s, c.slug);
    }
  }
  for (const [variant, name] of Object.entries(SKILL_SYNONYMS)) add(variant, name);
  for (const s of extraNames) add(s, s);
  return { phrases, categoryOf, maxWords };
}

let defaultIndex: SkillIndex | undefined;
const extended = new Map<string, SkillIndex>();

/** The built-in vocabulary, plus extra names (from a tool's schema) when given. Built once per list. */
export function builtInSkillIndex(extraNames: readonly string[] = []): SkillIndex {
  if (extraNames.length === 0) {
    defaultIndex ??= buildSkillIndex();
    return defaultIndex;
  }
  const key = extraNames.join('\u0000');
  let hit = extended.get(key);
  if (!hit) {
    hit = buildSkillIndex(extraNames);
    if (extended.size > 200) extended.clear();
    extended.set(key, hit);
  }
  return hit;
}

const ROLE_AFTER =
  /^\s+(?:developer|developers|dev|devs|engineer|engineers|programmer|expert|backend|api|apis|code|app|service)\b/i;

/** Skill names in the text, in order of appearance, each once. Longest phrase wins ("React Native" over "React"). */
export function findSkills(input: string, index: SkillIndex = builtInSkillIndex()): string[] {
  const original = plain(input);
  const text = normalize(input);
  const toks = tokenize(text);
  const found: string[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < toks.length) {
    let matched = 0;
    for (let n = Math.min(index.maxWords, toks.length - i); n >= 1; n--) {
      const first = toks[i]!;
      const last = toks[i + n - 1]!;
      const phrase = text.slice(first.start, last.end).replace(/\s+/g, ' ');
      const name = index.phrases.get(phrase);
      if (!name) continue;
      if (n === 1 && AMBIGUOUS_SKILLS.has(phrase)) {
        const raw = original.slice(first.start, first.end);
        const capital = /^[A-Z]/.test(raw);
        const sentenceStart = /(?:^|[.!?:\n]\s*)$/.test(original.slice(0, first.start));
        const roleAfter = ROLE_AFTER.test(original.slice(first.end));
        if (!roleAfter && (!capital || sentenceStart)) continue;
      }
      if (!seen.has(name)) {
        seen.add(name);
        found.push(name);
      }
      matched = n;
      break;
    }
    i += matched || 1;
  }
  if (/(?:^|[\s(,])\.net\b/.test(text) && !seen.has('.NET')) found.push('.NET');
  return found;
}

/**
 * "web-development" or "Web Development" named in the text; with `infer`, also the category most of the
 * skills belong to, else the one its cue words point to ("a logo" → graphic-design).
 */
export function findCategory(
  input: string,
  skills: readonly string[],
  categories: readonly Named[] | undefined,
  index: SkillIndex = builtInSkillIndex(),
  infer = true,
): string | undefined {
  const text = normalize(input);
  const allowed = categories ?? CATEGORY_VOCAB;
  const { known, slugs, cues } = categoryPatterns(allowed);
  // A category named as a modifier of what is built ("a marketing site", "a design system") is not the
  // category: the thing built is.
  const compound =
    /^\s+(?:site|website|web ?site|pages?|landing pages?|system|tool|app|platform|dashboard)\b/;
  const named = (re: RegExp) => {
    const m = re.exec(text);
    return m !== null && !compound.test(text.slice(m.index + m[0].length));
  };
  for (const [slug, re] of slugs) if (named(re)) return slug;
  for (const c of allowed) {
    const name = normalize(c.name);
    if (name.length > 3 && named(new RegExp(`\\b${escapeRe(name)}\\b`))) return c.slug;
  }
  if (!infer) return undefined;
  const votes = new Map<string, number>();
  for (const s of skills) {
    const slug = index.categoryOf.get(s);
    if (slug && known.has(slug)) votes.set(slug, (votes.get(slug) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestVotes = 0;
  for (const [slug, n] of votes) {
    if (n > bestVotes) {
      best = slug;
      bestVotes = n;
    }
  }
  if (best) return best;
  let cueBest: { slug: string; at: number } | undefined;
  for (const [slug, re] of cues) {
    if (!known.has(slug)) continue;
    const m = re.exec(text);
    if (m && (!cueBest || m.index < cueBest.at)) cueBest = { slug, at: m.index };
  }
  return cueBest?.slug;
}

interface CategoryPatterns {
  known: Set<string>;
  slugs: Array<[string, RegExp]>;
  cues: Array<[string, RegExp]>;
}

const patternCache = new WeakMap<readonly Named[], CategoryPatterns>();

/** Compiled once per category list. */
function categoryPatterns(allowed: readonly Named[]): CategoryPatterns {
  let hit = patternCache.get(allowed);
  if (!hit) {
    hit = {
      known: new Set(allowed.map((c) => c.slug)),
      slugs: allowed.map((c) => [c.slug, new RegExp(`(?:^|[^a-z-])${escapeRe(c.slug)}(?![a-z-])`)]),
      cues: CATEGORY_VOCAB.flatMap((c) =>
        c.cues.map((cue): [string, RegExp] => [c.slug, new RegExp(`\\b${escapeRe(cue)}\\b`)]),
      ),
    };
    patternCache.set(allowed, hit);
  }
  return hit;
}

/** An industry slug from its slug or name; with `infer`, also from cue words ("our online store"). */
export function findIndustry(
  input: string,
  industries: readonly Named[] | undefined,
  infer = true,
): string | undefined {
  const text = normalize(input);
  const allowed = industries ?? INDUSTRY_VOCAB;
  const { names, cues } = industryPatterns(allowed);
  let best: { slug: string; at: number } | undefined;
  for (const [slug, re] of infer ? [...names, ...cues] : names) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { slug, at: m.index };
  }
  return best?.slug;
}

const industryCache = new WeakMap<
  readonly Named[],
  { names: Array<[string, RegExp]>; cues: Array<[string, RegExp]> }
>();

function industryPatterns(allowed: readonly Named[]) {
  let hit = industryCache.get(allowed);
  if (!hit) {
    const known = new Set(allowed.map((i) => i.slug));
    const re = (phrase: string) => new RegExp(`\\b${escapeRe(normalize(phrase))}\\b`);
    hit = {
      names: allowed.flatMap(
        (i): Array<[string, RegExp]> => [
          [i.slug, re(i.slug)],
          [i.slug, re(i.name)],
        ],
      ),
      cues: INDUSTRY_VOCAB.filter((i) => known.has(i.slug)).flatMap((i) =>
        i.cues.map((cue): [string, RegExp] => [i.slug, re(cue)]),
      ),
    };
    industryCache.set(allowed, hit);
  }
  return hit;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
