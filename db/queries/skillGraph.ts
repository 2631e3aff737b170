/**
 * The skills graph: free text to skills, related skills, and a graph-aware skill overlap.
 *
 * The database is the source of truth (skills, skill_aliases, skill_edges). Each process keeps the graph in
 * memory: per connection while matching_state.skills_version (bumped by triggers on those tables) stands,
 * and otherwise keyed by a fingerprint of the tables (row counts and text lengths), so any change reloads
 * it; seedReference calls invalidateSkillGraph() after it writes. For many lookups in a
 * loop (matching), load the graph once with loadSkillGraph() and call its synchronous methods.
 */
import type { Executor } from '../client';
import { all, one } from '../sql';
import type { SkillRef } from './skills';

// ---------------------------------------------------------------------------------------------------------
// Text normalisation (pure)

export interface Token {
  /** As written. */
  raw: string;
  /** Lower case, accents dropped; "C++" → "cplusplus", "C#" → "csharp", ".NET" → "dotnet". */
  norm: string;
  start: number;
  end: number;
}

// ".net" as its own token (so "ASP.NET" is "asp dotnet"), then runs of letters and digits with an optional
// "++" or trailing "#" ("C++", "C#", "F#").
const TOKEN_RE = /\.net(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:\+\+|#(?![\p{L}\p{N}]))?/giu;

function normToken(raw: string): string {
  const lower = raw.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  if (lower === '.net') return 'dotnet';
  if (lower.endsWith('++')) return `${lower.slice(0, -2)}plusplus`;
  if (lower.endsWith('#')) return `${lower.slice(0, -1)}sharp`;
  return lower;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index ?? 0;
    const norm = normToken(m[0]);
    if (norm) out.push({ raw: m[0], norm, start, end: start + m[0].length });
  }
  return out;
}

/** The form aliases are stored and compared in: "React.js" → "react js", "CI/CD" → "ci cd", "C#" → "csharp". */
export function normalizeAlias(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

/** A crude singular, applied the same way to stored keys and to text: "apis" → "api", "libraries" → "library". */
export function singular(token: string): string {
  if (token.length < 4 || !token.endsWith('s') || /(ss|us|is|os)$/.test(token)) return token;
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`;
  return token.slice(0, -1);
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped: returns max+1 early. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

const KEY_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_POS = new Map<string, [number, number]>();
KEY_ROWS.forEach((row, r) => {
  [...row].forEach((ch, c) => {
    KEY_POS.set(ch, [r, c]);
  });
});

function keysAdjacent(a: string, b: string): boolean {
  const pa = KEY_POS.get(a);
  const pb = KEY_POS.get(b);
  if (!pa || !pb) return false;
  const dr = pb[0] - pa[0];
  const dc = pb[1] - pa[1];
  // Staggered rows: the row below sits half a key to the right.
  if (dr === 0) return Math.abs(dc) === 1;
  if (dr === 1) return dc === 0 || dc === -1;
  if (dr === -1) return dc === 0 || dc === 1;
  return false;
}

/**
 * True when `typed` is one plausible typo away from `word`: two neighbours swapped, one letter left out,
 * one letter doubled or hit next to its neighbour, or one letter replaced by a key next to it. The first
 * letter must be right; that keeps "reach" from becoming "react" and "member" from becoming "ember".
 */
export function isLikelyTypo(typed: string, word: string): boolean {
  if (typed === word || typed[0] !== word[0]) return false;
  if (typed.length === word.length) {
    const diff: number[] = [];
    for (let i = 0; i < typed.length; i++) if (typed[i] !== word[i]) diff.push(i);
    if (diff.length === 1) return keysAdjacent(typed[diff[0]!]!, word[diff[0]!]!);
    if (diff.length === 2) {
      const [i, j] = diff as [number, number];
      return j === i + 1 && typed[i] === word[j] && typed[j] === word[i];
    }
    return false;
  }
  if (typed.length === word.length - 1) {
    for (let i = 1; i < word.length; i++) {
      if (word.slice(0, i) + word.slice(i + 1) === typed) return true;
    }
    return false;
  }
  if (typed.length === word.length + 1) {
    for (let i = 1; i < typed.length; i++) {
      if (typed.slice(0, i) + typed.slice(i + 1) !== word) continue;
      const extra = typed[i]!;
      const before = typed[i - 1];
      const after = typed[i + 1];
      if (extra === before || extra === after) return true;
      if ((before && keysAdjacent(extra, before)) || (after && keysAdjacent(extra, after))) return true;
    }
  }
  return false;
}

// Words that make an everyday-word alias count as a skill when they stand within two words of it.
const CONTEXT_WORDS = new Set(
  (
    'developer developers dev devs engineer engineers engineering programmer programmers programming ' +
    'code coding coder language languages lang framework frameworks library libraries sdk api apis ' +
    'backend frontend fullstack stack experience experienced expert expertise proficient proficiency ' +
    'skill skills knowledge certified certification specialist specialists consultant scripting years yrs ' +
    'translate translated translating translation translations translator translators localize localise ' +
    'localization localisation native speaker speakers fluent bilingual designer designers artist ' +
    'animator writer analyst marketer'
  ).split(' '),
);
// Words allowed between two listed skills: "React, Go and Rust", "Python or R".
const LIST_WORDS = new Set(['and', 'or', 'plus', 'also', 'as', 'well', 'nor', 'with']);
// English words one likely typo away from a skill word ("market" → "marketo", "beach" → "breach"): never
// "corrected". Generated by running every word of a US English word list through the corrector, keeping
// those it would change other than by a plural "s"; rerun after adding many aliases.
const TYPO_GUARD = new Set(
  (
    'acing animate animates apace artiest assure assures automate automates automaton banding beach ' +
    'bender bilking blended blobs blogged blots bogging booing booming booting buffets bulling cached ' +
    'calking calks carts cased cations cents certifies chars chomp chump clock clover clovers cluck ' +
    'codding compos composed composer composting compute computed contact contacts coolie cording ' +
    'coring covert coverts coves covet covets decentralize decentralizes defection deice deign ' +
    'deliver designed developed dicker docked docket drive employe employed employer employes eternal ' +
    'exiting expedience experienced explained factional faring farmer fibber filling financed finding ' +
    'finer firms fiver fling floes floss flounder foiling fonder forks founded foyer friction gating ' +
    'genera generate generates googled gracing guided guise identify imaged infernal influence ' +
    'influenced influences interfaced invoiced keeling lading lancing larger leaning lefter lighting ' +
    'locus lunch machined magic manage managed manger market marketed mason medial meted meting ' +
    'miming modes naive naked names neutral newsman nites noted noticed outsource outsources packaged ' +
    'paged pagers panning parent parents parrot pasted pasts pates patter paves persona phoned ' +
    'planing playable poets polices posing posted postured powder premier premiered premiers prism ' +
    'prisms produce produced professing profiled pubic purchased purchasers qualify quays queried ' +
    'rabbi raiding raisin rearing reclining recommended redid regulator released researched resolved ' +
    'resolver resumed rising route routed scrap scrapping scrappy scrip scrips secured securer ' +
    'sentient serer serve served settee sever sheers shifty shipping sides simplifies singe singled ' +
    'sires sited sketchy slice slices slider sliders smoked smoker snoot snort solidify sopping spilt ' +
    'sporing sporting sprig springy sprung stdio steams sties stored storied streaks strews strip ' +
    'striped strips structure structures sturdy styled subtitled suited suits supervise supervises ' +
    'surfaced svelter swagged swerving tacking tales taming teats teems tenor terns testes texting ' +
    'there threw tickers titter tracing treat tubing twitted unify valley ventured vireo vireos ' +
    'voiced warehoused whiter whits wrier write'
  ).split(' '),
);

// ---------------------------------------------------------------------------------------------------------
// The graph

export interface SkillNode extends SkillRef {
  category: string;
}

export interface SkillMatch {
  skill: SkillRef;
  /** The text that matched, as written ("react native", "k8s", "Pyhton"). */
  matched: string;
  /** 1 for the skill's own name or slug, 0.95 an alias, 0.9 a plural or run-together form, 0.8 a typo. */
  confidence: number;
}

export interface RelatedSkill {
  skill: SkillRef;
  /** In (0, 1]; two hops multiply their weights. */
  weight: number;
  /** The input skill it relates to (the strongest path). */
  from: SkillRef;
  /** The skill in between, for a two-hop relation; null for a direct one. */
  via: SkillRef | null;
}

export interface RelatedOptions {
  /** Leave out relations weaker than this. Default 0 (all). */
  minWeight?: number;
  /** At most this many, strongest first. Default 20. */
  limit?: number;
  /** 1 (default): direct relations; 2: also relations of relations, weights multiplied. */
  hops?: 1 | 2;
}

export interface SkillOverlap {
  /** In [0, 1]: per wanted skill, 1 when had, else the strongest edge weight to a had skill; averaged. */
  score: number;
  /** Wanted skills that are had exactly (canonical names). */
  exact: string[];
  /** Wanted skills covered by a related skill instead: canonical names and the edge weight. */
  related: { wanted: string; have: string; weight: number }[];
}

interface Entry {
  id: string;
  confidence: number;
  common: boolean;
}

interface TextHit {
  start: number;
  end: number;
  entry: Entry;
  confidence: number;
  supported: boolean;
}

const MAX_TOKENS = 8;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export interface SkillGraphData {
  skills: SkillNode[];
  aliases: { alias_norm: string; skill_id: string; common_word: number }[];
  edges: { skill_id: string; related_id: string; weight: number }[];
}

export class SkillGraph {
  readonly skills: ReadonlyMap<string, SkillNode>;
  /** Names, slugs and aliases, normalised. */
  private readonly exact = new Map<string, Entry>();
  /** Singular and run-together forms of the above ("microservice", "reactnative"). */
  private readonly variants = new Map<string, Entry>();
  private readonly edges = new Map<string, Map<string, number>>();
  /** Every token of every key: text tokens outside it may be typos. */
  private readonly vocab = new Set<string>();
  /** Tokens of 5+ letters from keys that are not everyday words: what a typo may be corrected to. */
  private readonly typoTargets: string[] = [];
  private readonly maxTokens: number;
  private readonly resolved = new Map<string, SkillMatch | null>();

  constructor(data: SkillGraphData) {
    const skills = [...data.skills].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.skills = new Map(skills.map((s) => [s.id, s]));
    for (const s of skills) this.addExact(normalizeAlias(s.name), { id: s.id, confidence: 1, common: false });
    for (const s of skills) this.addExact(normalizeAlias(s.slug), { id: s.id, confidence: 1, common: false });
    for (const a of data.aliases) {
      if (!this.skills.has(a.skill_id)) continue;
      const common = Number(a.common_word) === 1;
      const have = this.exact.get(a.alias_norm);
      if (have) {
        // A name flagged as an everyday word ("Go"): keep the name, mark it.
        if (have.id === a.skill_id && common) have.common = true;
        continue;
      }
      this.addExact(a.alias_norm, { id: a.skill_id, confidence: 0.95, common });
    }
    let maxTokens = 1;
    for (const [key, entry] of this.exact) {
      const tokens = key.split(' ');
      maxTokens = Math.max(maxTokens, tokens.length);
      for (const t of tokens) this.vocab.add(t);
      if (entry.common) continue;
      const variant = { ...entry, confidence: 0.9 };
      const sing = tokens.map(singular).join(' ');
      if (sing !== key && !this.exact.has(sing) && !this.variants.has(sing)) this.variants.set(sing, variant);
      const compact = tokens.join('');
      if (tokens.length > 1 && !this.exact.has(compact) && !this.variants.has(compact))
        this.variants.set(compact, variant);
    }
    this.maxTokens = Math.min(maxTokens, MAX_TOKENS);
    const targets = new Set<string>();
    for (const [key, entry] of this.exact) {
      if (entry.common) continue;
      for (const t of key.split(' ')) if (t.length >= 5 && /^[a-z]+$/.test(t)) targets.add(t);
    }
    this.typoTargets = [...targets].sort();
    for (const e of data.edges) {
      if (!this.skills.has(e.skill_id) || !this.skills.has(e.related_id)) continue;
      const m = this.edges.get(e.skill_id) ?? new Map<string, number>();
      m.set(e.related_id, Number(e.weight));
      this.edges.set(e.skill_id, m);
    }
  }

  private addExact(key: string, entry: Entry) {
    if (key && !this.exact.has(key)) this.exact.set(key, entry);
  }

  /** A skill by id. */
  ref(id: string): SkillRef | undefined {
    const s = this.skills.get(id);
    return s ? { id: s.id, slug: s.slug, name: s.name } : undefined;
  }

  /** The weight of the edge between two skills, 0 when there is none. */
  weight(a: string, b: string): number {
    return this.edges.get(a)?.get(b) ?? 0;
  }

  /**
   * One skill named by the whole string: an id, name, slug or alias in any case and punctuation, a plural
   * or run-together form, or one edit away from a name or alias (5+ letters, e.g. "Kubernets"). Null when
   * nothing (or more than one skill) fits.
   */
  resolve(name: string): SkillMatch | null {
    const raw = name.trim();
    if (!raw) return null;
    const cached = this.resolved.get(raw);
    if (cached !== undefined) return cached;
    const result = this.resolveUncached(raw);
    if (this.resolved.size >= 10_000) this.resolved.clear();
    this.resolved.set(raw, result);
    return result;
  }

  private resolveUncached(raw: string): SkillMatch | null {
    const byId = this.skills.get(raw);
    if (byId) return { skill: this.ref(byId.id)!, matched: raw, confidence: 1 };
    const key = normalizeAlias(raw);
    if (!key) return null;
    const hit = this.lookup(key) ?? this.lookup(key.replace(/ /g, ''));
    if (hit) return { skill: this.ref(hit.id)!, matched: raw, confidence: hit.confidence };
    if (key.replace(/ /g, '').length < 5) return null;
    // One edit from a stored key, when that points at exactly one skill.
    const ids = new Set<string>();
    for (const map of [this.exact, this.variants]) {
      for (const [k, e] of map) {
        if (Math.abs(k.length - key.length) <= 1 && editDistance(key, k, 1) <= 1) ids.add(e.id);
      }
    }
    if (ids.size !== 1) return null;
    return { skill: this.ref([...ids][0]!)!, matched: raw, confidence: 0.8 };
  }

  /** Exact key, then its variants, then the same for its singular form. */
  private lookup(key: string): Entry | undefined {
    const hit = this.exact.get(key) ?? this.variants.get(key);
    if (hit) return hit;
    const sing = key.split(' ').map(singular).join(' ');
    if (sing === key) return undefined;
    return this.exact.get(sing) ?? this.variants.get(sing);
  }

  /**
   * Skills named in free text, in the order they first appear, each once. The longest name wins
   * ("react native dev" is React Native, not React), case, punctuation and plurals do not matter, and a word
   * of 5+ letters one typo from a skill word is corrected ("Kubernets", "Pyhton"). Everyday words that are
   * also skills ("go", "swift", "spring") need support: capitalised mid-sentence, a word like "developer"
   * or "experience" next to them, or a list with another skill.
   */
  normalizeText(text: string): SkillMatch[] {
    const tokens = tokenize(text);
    if (tokens.length === 0) return [];
    const gaps = tokens.map((t, i) => text.slice(i === 0 ? 0 : tokens[i - 1]!.end, t.start));
    const sentenceStart = gaps.map((g, i) => i === 0 || /[.!?:;](\s|$)|\n/.test(g));
    const joinable = gaps.map((g, i) => i > 0 && /^(\s*|[-./_'&]|\s*[/&+-]\s*)$/.test(g));
    const norms = tokens.map((t) => t.norm);
    const corrected = norms.map((n) => this.correct(n));
    const fixedNorms = norms.map((n, k) => corrected[k] ?? n);
    const mixedCase = text !== text.toUpperCase();

    const hits: TextHit[] = [];
    let i = 0;
    while (i < tokens.length) {
      let hit: TextHit | undefined;
      for (let len = Math.min(this.maxTokens, tokens.length - i); len >= 1 && !hit; len--) {
        let ok = true;
        for (let k = i + 1; k < i + len; k++) if (!joinable[k]) ok = false;
        if (!ok) continue;
        const key = norms.slice(i, i + len).join(' ');
        let entry = this.lookup(key);
        let confidence = entry?.confidence ?? 0;
        if (!entry && corrected.slice(i, i + len).some((c) => c !== null)) {
          entry = this.lookup(fixedNorms.slice(i, i + len).join(' '));
          if (entry) confidence = Math.min(entry.confidence, 0.8);
        }
        if (entry) hit = { start: i, end: i + len, entry, confidence, supported: !entry.common };
      }
      if (hit) {
        hits.push(hit);
        i = hit.end;
      } else i++;
    }

    // Everyday words: supported by their own capitals, a context word nearby, or a listed neighbour.
    for (const h of hits) {
      if (h.supported) continue;
      const first = tokens[h.start]!;
      const capitalised =
        mixedCase && first.raw.length >= 2 && /^\p{Lu}/u.test(first.raw) && !sentenceStart[h.start];
      let context = false;
      for (let k = Math.max(0, h.start - 2); k < Math.min(tokens.length, h.end + 2); k++) {
        if (k >= h.start && k < h.end) continue;
        // Only within the sentence.
        const inSentence =
          k < h.start
            ? !sentenceStart.slice(k + 1, h.start + 1).some(Boolean)
            : !sentenceStart.slice(h.end, k + 1).some(Boolean);
        if (inSentence && CONTEXT_WORDS.has(norms[k]!)) context = true;
      }
      h.supported = capitalised || context;
      if (h.supported) h.confidence = Math.min(h.confidence, 0.8);
    }
    // Next to each other in a list: only separators and list words in between, and at least one of them.
    const listed = (a: TextHit, b: TextHit) => {
      let separated = false;
      for (let k = a.end; k < b.start; k++) {
        if (!LIST_WORDS.has(norms[k]!)) return false;
        separated = true;
      }
      for (let k = a.end; k <= b.start; k++) {
        if (/[.!?:;](\s|$)|\n/.test(gaps[k]!)) return false;
        if (/[,/&+|]/.test(gaps[k]!)) separated = true;
      }
      return separated;
    };
    for (let changed = true; changed; ) {
      changed = false;
      hits.forEach((h, n) => {
        if (h.supported) return;
        const prev = hits[n - 1];
        const next = hits[n + 1];
        if ((prev?.supported && listed(prev, h)) || (next?.supported && listed(h, next))) {
          h.supported = true;
          h.confidence = Math.min(h.confidence, 0.7);
          changed = true;
        }
      });
    }

    const out = new Map<string, SkillMatch>();
    for (const h of hits) {
      if (!h.supported) continue;
      const matched = text.slice(tokens[h.start]!.start, tokens[h.end - 1]!.end);
      const have = out.get(h.entry.id);
      if (!have) out.set(h.entry.id, { skill: this.ref(h.entry.id)!, matched, confidence: h.confidence });
      else if (h.confidence > have.confidence) have.confidence = h.confidence;
    }
    return [...out.values()];
  }

  /** The one skill word a typed word is a likely typo of, or null. */
  private correct(token: string): string | null {
    if (token.length < 5 || !/^[a-z]+$/.test(token) || TYPO_GUARD.has(token)) return null;
    if (this.vocab.has(token) || this.vocab.has(singular(token))) return null;
    let found: string | null = null;
    for (const t of this.typoTargets) {
      if (Math.abs(t.length - token.length) > 1 || !isLikelyTypo(token, t)) continue;
      if (found !== null) return null;
      found = t;
    }
    return found;
  }

  /** Up to `limit` skills whose name or alias is close to `text`: for "did you mean …". */
  suggest(text: string, limit = 5): SkillRef[] {
    const key = normalizeAlias(text);
    if (!key) return [];
    const tokens = key.split(' ').filter((t) => t.length >= 3);
    const best = new Map<string, number>();
    for (const [k, e] of this.exact) {
      let score = Number.POSITIVE_INFINITY;
      const room = Math.max(2, Math.floor(key.length / 3));
      const d = editDistance(key, k, room);
      if (d <= room) score = d / Math.max(key.length, k.length);
      if (key.length >= 3 && (k.startsWith(key) || (k.length >= 3 && key.startsWith(k))))
        score = Math.min(score, 0.3);
      if (tokens.some((t) => k.split(' ').includes(t))) score = Math.min(score, 0.5);
      if (score < (best.get(e.id) ?? Number.POSITIVE_INFINITY)) best.set(e.id, score);
    }
    return [...best.entries()]
      .map(([id, score]) => ({ skill: this.ref(id)!, score }))
      .sort((a, b) => a.score - b.score || a.skill.name.localeCompare(b.skill.name))
      .slice(0, limit)
      .map((x) => x.skill);
  }

  /** A skill id, or anything resolve() accepts. */
  private find(idOrName: string): SkillRef | undefined {
    return this.ref(idOrName) ?? this.resolve(idOrName)?.skill;
  }

  /** Skills related to any of `skillIds` (ids; names and aliases resolve too), strongest first, inputs left out. */
  related(skillIds: readonly string[], opts: RelatedOptions = {}): RelatedSkill[] {
    const minWeight = opts.minWeight ?? 0;
    const limit = opts.limit ?? 20;
    const from = new Set<string>();
    for (const x of skillIds) {
      const s = this.find(x);
      if (s) from.add(s.id);
    }
    const best = new Map<string, { weight: number; from: string; via: string | null }>();
    const consider = (id: string, weight: number, src: string, via: string | null) => {
      if (from.has(id) || weight <= 0 || weight < minWeight) return;
      const have = best.get(id);
      if (!have || weight > have.weight || (weight === have.weight && via === null && have.via !== null))
        best.set(id, { weight, from: src, via });
    };
    for (const s of from) {
      for (const [r, w] of this.edges.get(s) ?? []) consider(r, w, s, null);
    }
    if (opts.hops === 2) {
      for (const s of from) {
        for (const [m, w1] of this.edges.get(s) ?? []) {
          for (const [r, w2] of this.edges.get(m) ?? []) if (r !== s) consider(r, round4(w1 * w2), s, m);
        }
      }
    }
    return [...best.entries()]
      .map(([id, b]) => ({
        skill: this.ref(id)!,
        weight: b.weight,
        from: this.ref(b.from)!,
        via: b.via === null ? null : this.ref(b.via)!,
      }))
      .sort((a, b) => b.weight - a.weight || a.skill.name.localeCompare(b.skill.name))
      .slice(0, limit);
  }

  /**
   * How well `have` covers `wanted` (ids, names or aliases; unknown entries compare as plain text). A wanted
   * skill counts 1 when had, else the weight of its strongest direct edge to a had skill; the score is the
   * average over distinct wanted skills, rounded to 4 decimals, and 0 when nothing is wanted.
   */
  overlap(wanted: readonly string[], have: readonly string[]): SkillOverlap {
    const key = (x: string) => {
      const s = this.find(x);
      return s ? { id: s.id, name: s.name } : { id: `text:${normalizeAlias(x)}`, name: x.trim() };
    };
    const haveKeys = new Map(have.map((h) => key(h)).map((k) => [k.id, k.name]));
    const wantedKeys = new Map(wanted.map((w) => key(w)).map((k) => [k.id, k.name]));
    const exact: string[] = [];
    const related: SkillOverlap['related'] = [];
    let sum = 0;
    for (const [id, name] of wantedKeys) {
      if (haveKeys.has(id)) {
        exact.push(name);
        sum += 1;
        continue;
      }
      let bestWeight = 0;
      let bestHave = '';
      for (const [h, hName] of haveKeys) {
        const w = this.weight(id, h);
        if (w > bestWeight || (w === bestWeight && w > 0 && hName.localeCompare(bestHave) < 0)) {
          bestWeight = w;
          bestHave = hName;
        }
      }
      if (bestWeight > 0) {
        related.push({ wanted: name, have: bestHave, weight: bestWeight });
        sum += bestWeight;
      }
    }
    const score = wantedKeys.size === 0 ? 0 : round4(sum / wantedKeys.size);
    return { score, exact, related };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Loading, per process

const graphs = new Map<string, SkillGraph>();

async function fingerprint(ex: Executor): Promise<string> {
  const r = await one<Record<string, unknown>>(
    ex,
    `SELECT (SELECT count(*) FROM skills) AS s,
            (SELECT total(length(id) * 3 + length(name) * 5 + length(category) * 7) FROM skills) AS sl,
            (SELECT count(*) FROM skill_aliases) AS a,
            (SELECT total(length(alias_norm) * 3 + length(skill_id) * 5 + common_word * 7) FROM skill_aliases) AS al,
            (SELECT count(*) FROM skill_edges) AS e,
            (SELECT total(weight * (length(skill_id) * 3 + length(related_id) * 5)) FROM skill_edges) AS el`,
  );
  return r ? Object.values(r).map(String).join('/') : '';
}

async function readGraph(ex: Executor): Promise<SkillGraphData> {
  const [skills, aliases, edges] = await Promise.all([
    all<SkillNode>(ex, 'SELECT id, slug, name, category FROM skills ORDER BY id'),
    all<SkillGraphData['aliases'][number]>(
      ex,
      'SELECT alias_norm, skill_id, common_word FROM skill_aliases ORDER BY alias_norm',
    ),
    all<SkillGraphData['edges'][number]>(
      ex,
      'SELECT skill_id, related_id, weight FROM skill_edges ORDER BY skill_id, related_id',
    ),
  ]);
  return { skills, aliases, edges };
}

/**
 * Per connection: the graph last returned and matching_state.skills_version when it was read (a trigger
 * bumps it on every skills, alias or edge write, from any process). While the version stands, the graph
 * is returned after one primary-key read instead of the fingerprint's scan of the three tables.
 */
let byConnection = new WeakMap<Executor, { version: string; graph: SkillGraph }>();

async function skillsVersion(ex: Executor): Promise<string | undefined> {
  const r = await one<{ value: string }>(ex, "SELECT value FROM matching_state WHERE key = 'skills_version'");
  return r?.value;
}

/** The graph as it is in the database now (from the per-process cache when nothing changed). */
export async function loadSkillGraph(ex: Executor): Promise<SkillGraph> {
  const version = await skillsVersion(ex);
  const known = byConnection.get(ex);
  if (known && version !== undefined && known.version === version) return known.graph;
  const graph = await loadByFingerprint(ex);
  // Read before the graph: a write in between moves the version again, so the next call reloads.
  if (version !== undefined) byConnection.set(ex, { version, graph });
  return graph;
}

async function loadByFingerprint(ex: Executor): Promise<SkillGraph> {
  const fp = await fingerprint(ex);
  const cached = graphs.get(fp);
  if (cached) return cached;
  const graph = new SkillGraph(await readGraph(ex));
  // Keep it only if nothing changed while it loaded.
  if ((await fingerprint(ex)) === fp) {
    if (graphs.size >= 4) graphs.delete(graphs.keys().next().value as string);
    graphs.set(fp, graph);
  }
  return graph;
}

/** Forget the cached graphs (after writing skills, aliases or edges). */
export function invalidateSkillGraph(): void {
  graphs.clear();
  byConnection = new WeakMap();
}

/** Skills named in free text; see SkillGraph.normalizeText. */
export async function normalizeSkillText(
  ex: Executor,
  text: string,
): Promise<{ skill: SkillRef; matched: string; confidence: number }[]> {
  return (await loadSkillGraph(ex)).normalizeText(text);
}

/** Skills related to the given skills, with weights; see SkillGraph.related. */
export async function relatedSkills(
  ex: Executor,
  skillIds: string[],
  opts?: RelatedOptions,
): Promise<RelatedSkill[]> {
  return (await loadSkillGraph(ex)).related(skillIds, opts);
}

/** Graph-aware overlap of wanted and had skills, in [0, 1]; see SkillGraph.overlap. */
export async function skillOverlap(
  ex: Executor,
  wanted: string[],
  have: string[],
): Promise<{ score: number; exact: string[]; related: { wanted: string; have: string; weight: number }[] }> {
  return (await loadSkillGraph(ex)).overlap(wanted, have);
}

// ---------------------------------------------------------------------------------------------------------
// Who has a skill

export interface SkillSupply {
  /** Active freelancers who list the skill. */
  withSkill: number;
  /** Active freelancers who do not list it but list at least one of the related skills given. */
  withRelatedOnly: number;
  /** Average hourly rate of those with the skill, per currency (minor units, rounded), most freelancers first. */
  averageHourlyRate: { amount: number; currency: string; freelancers: number }[];
  /** Best rated freelancers with the skill: public fields only. */
  top: { id: string; name: string; headline: string; rating: number | null; reviewsCount: number }[];
}

export async function skillSupply(
  ex: Executor,
  skillId: string,
  relatedIds: string[] = [],
  topLimit = 5,
): Promise<SkillSupply> {
  const active = `JOIN users u ON u.id = ps.user_id AND u.status = 'active' AND u.role = 'freelancer'
                  JOIN freelancer_profiles fp ON fp.user_id = ps.user_id`;
  const marks = relatedIds.map(() => '?').join(', ');
  const [withSkill, withRelated, rates, top] = await Promise.all([
    one<{ n: number }>(ex, `SELECT count(*) AS n FROM profile_skills ps ${active} WHERE ps.skill_id = ?`, [
      skillId,
    ]),
    relatedIds.length === 0
      ? Promise.resolve({ n: 0 })
      : one<{ n: number }>(
          ex,
          `SELECT count(DISTINCT ps.user_id) AS n FROM profile_skills ps ${active}
            WHERE ps.skill_id IN (${marks})
              AND NOT EXISTS (SELECT 1 FROM profile_skills x WHERE x.user_id = ps.user_id AND x.skill_id = ?)`,
          [...relatedIds, skillId],
        ),
    all<{ currency: string; n: number; avg: number }>(
      ex,
      `SELECT fp.currency, count(*) AS n, avg(fp.hourly_rate_minor) AS avg FROM profile_skills ps ${active}
        WHERE ps.skill_id = ? GROUP BY fp.currency ORDER BY n DESC, fp.currency`,
      [skillId],
    ),
    all<{ id: string; name: string; headline: string; rating: number | null; reviews_count: number }>(
      ex,
      `SELECT fp.user_id AS id, u.display_name AS name, fp.headline, fp.rating, fp.reviews_count
         FROM profile_skills ps ${active}
        WHERE ps.skill_id = ?
        ORDER BY fp.rating IS NULL, fp.rating DESC, fp.reviews_count DESC, fp.jobs_completed DESC, fp.user_id
        LIMIT ?`,
      [skillId, topLimit],
    ),
  ]);
  return {
    withSkill: Number(withSkill?.n ?? 0),
    withRelatedOnly: Number(withRelated?.n ?? 0),
    averageHourlyRate: rates.map((r) => ({
      amount: Math.round(Number(r.avg)),
      currency: r.currency,
      freelancers: Number(r.n),
    })),
    top: top.map((t) => ({
      id: t.id,
      name: t.name,
      headline: t.headline,
      rating: t.rating === null ? null : Number(t.rating),
      reviewsCount: Number(t.reviews_count),
    })),
  };
}
