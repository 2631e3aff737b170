/** Small text helpers shared by the offline model's parsers: normalising, words, number words. */

/** Lower case, straight quotes, plain dashes and spaces: what every pattern in the offline model reads. */
export function normalize(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ')
    .toLowerCase();
}

/** The same characters as `normalize` without lower-casing, so positions line up with the original. */
export function plain(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200b\u202f]/g, ' ');
}

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  a: 1,
  an: 1,
  single: 1,
  couple: 2,
  few: 3,
  several: 3,
  dozen: 12,
};

/** Matches a number written in digits or one of NUMBER_WORDS (optionally "a couple of", "twenty-five"). */
export const NUMBER_RE_SOURCE =
  '(?:\\d+(?:\\.\\d+)?|(?:a\\s+)?(?:couple|few|dozen)(?:\\s+of)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|an?|single)';

/** "6" → 6, "six" → 6, "twenty-five" → 25, "a couple of" → 2; undefined when it is not a number. */
export function toNumber(word: string): number | undefined {
  const w = word
    .trim()
    .toLowerCase()
    .replace(/\s+of$/, '')
    .replace(/^a\s+/, '');
  if (/^\d+(\.\d+)?$/.test(w)) return Number(w);
  const dashed = /^([a-z]+)-([a-z]+)$/.exec(w);
  if (dashed) {
    const tens = NUMBER_WORDS[dashed[1]!];
    const ones = NUMBER_WORDS[dashed[2]!];
    return tens !== undefined && ones !== undefined ? tens + ones : undefined;
  }
  return NUMBER_WORDS[w];
}

const STOP = new Set(
  (
    'a an the and or but of to in on at for with from by as is are was were be been being it its this that these ' +
    'those i me my we our us you your he she they them their his her there here what which who whom whose when ' +
    'where why how can could would should will shall may might must do does did done have has had having please ' +
    'pls just also some any all no not than then so if into out up down about over under again more most very ' +
    'too only own same such both each few other let lets need needs want wants like get got go going hi hello hey ' +
    'thanks thank ok okay now new one ones'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

/** Lower-case word tokens (letters, digits, "+", "#", "." inside words like node.js, c++, c#). */
export function words(text: string): string[] {
  return normalize(text).match(/[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]/g) ?? [];
}

/** A crude stem so "projects"/"project", "freelancers"/"freelancer", "alerts"/"alert" compare equal. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us'))
    return word.slice(0, -1);
  return word;
}

/** Content words of a text, stemmed, without stop words. */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => !isStopWord(w))
    .map(stem);
}

/** "timelineWeeks" → ["timeline", "weeks"]; "fund_milestone" → ["fund", "milestone"]. */
export function splitIdentifier(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** "timelineWeeks" → "timeline weeks"; used in questions a person reads. */
export function humanize(name: string): string {
  return splitIdentifier(name).join(' ');
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** Cuts at a word boundary and adds an ellipsis when the text is longer than max. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** FNV-1a over a string, as 8 hex digits: stable ids for tool calls. */
export function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
