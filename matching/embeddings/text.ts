/**
 * Text normalisation shared by the domain embedder and the skill lexicon: the same surface form must give
 * the same tokens on both sides ("Node.js", "node js" and "NodeJS" all become `nodejs`).
 */

const TECH_REWRITES: [RegExp, string][] = [
  [/c\+\+/g, ' cpp '],
  [/\bc#/g, ' csharp '],
  [/\bf#/g, ' fsharp '],
  [/(^|[^a-z0-9])\.net\b/g, '$1 dotnet '],
  [/\bci\s*\/\s*cd\b/g, ' cicd '],
  [/\bui\s*\/\s*ux\b/g, ' ui ux '],
  [/\b([a-z0-9]+)\.js\b/g, '$1js'],
  [/\b(node|vue|next|nuxt|react|three|nest|express) js\b/g, '$1js'],
  [/\bfront[\s-]?end\b/g, ' frontend '],
  [/\bback[\s-]?end\b/g, ' backend '],
  [/\bfull[\s-]?stack\b/g, ' fullstack '],
  [/\be-?commerce\b/g, ' ecommerce '],
  [/\bml\b/g, ' machine learning '],
];

/** Lower-case, accents stripped, tech spellings unified; returns word tokens (letters and digits). */
export function tokenize(text: string): string[] {
  let s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  for (const [re, to] of TECH_REWRITES) s = s.replace(re, to);
  const out: string[] = [];
  for (const t of s.split(/[^a-z0-9]+/)) {
    if (!t) continue;
    out.push(SYNONYMS.get(t) ?? t);
  }
  return out;
}

/** Spellings of the same thing mapped to one token (applied to single tokens only). */
const SYNONYMS = new Map<string, string>([
  ['node', 'nodejs'],
  ['vue', 'vuejs'],
  ['reactjs', 'react'],
  ['nuxt', 'nuxtjs'],
  ['golang', 'go'],
  ['postgres', 'postgresql'],
  ['psql', 'postgresql'],
  ['k8s', 'kubernetes'],
  ['js', 'javascript'],
  ['ts', 'typescript'],
  ['py', 'python'],
  ['iphone', 'ios'],
  ['ipad', 'ios'],
  ['apps', 'app'],
  ['apis', 'api'],
]);

export const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could do does for from had has have he her his how i if in into is it ' +
    'its me my no not of on or our ours she so than that the their them then there these they this those to too ' +
    'us was we were what when where which who why will with would you your yours also any all about after again ' +
    'more most other some such only own same very just over under up down out off each both few here once per ' +
    'via within without across using use used based including include includes etc'
  ).split(' '),
);

/**
 * A deliberately small suffix stripper: enough to put "developer", "developing" and "development" on one
 * stem. Tokens of three letters or fewer ("ios", "aws", "seo") are left alone.
 */
export function stem(token: string): string {
  let t = token;
  if (t.length <= 3 || /\d/.test(t) || t.endsWith('js')) return t;
  if (t.endsWith('ies') && t.length > 4) t = `${t.slice(0, -3)}y`;
  else if (t.endsWith('sses')) t = t.slice(0, -2);
  else if (t.endsWith('s') && !/(ss|us|is|os)$/.test(t)) t = t.slice(0, -1);
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ers', 'er', 'ed', 'ly']) {
    if (t.endsWith(suffix) && t.length - suffix.length >= 4) {
      t = t.slice(0, -suffix.length);
      // "running" → "runn" → "run"; "shipped" → "shipp" → "ship"
      if (/([b-df-hj-np-tv-z])\1$/.test(t) && !/(ll|ss|zz)$/.test(t)) t = t.slice(0, -1);
      break;
    }
  }
  return t;
}

/** 32-bit FNV-1a over UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a second, independent-looking hash of a 32-bit value. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
