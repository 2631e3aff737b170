/**
 * References to things shown earlier: "the second one", "the first freelancer", "#3", "the last one",
 * "that project", "it", and ids typed out ("prj_7k2m…"). This file only reads the text; results.ts finds
 * what a reference points at.
 */
import { normalize } from './text';

/** Id prefixes the marketplace uses (db/ids.ts callers) and the entity each names. */
export const ID_PREFIXES: Readonly<Record<string, string>> = {
  prj: 'project',
  usr: 'user',
  prp: 'proposal',
  ctr: 'contract',
  mst: 'milestone',
  // The demo seed's own ids (db/seed/marketplace.ts): ms_000001_03, tl_000001_001.
  ms: 'milestone',
  tl: 'time_log',
  scr: 'scope_change',
  act: 'action',
  inv: 'invitation',
  rev: 'review',
  cst: 'case_study',
  tlg: 'time_log',
  alr: 'alert',
  alt: 'alert',
  dsp: 'dispute',
  dis: 'dispute',
  flg: 'flag',
  hld: 'hold',
  trf: 'transfer',
  txn: 'transfer',
  ver: 'verification',
  kyc: 'verification',
  rpt: 'report',
};

/** Words people use for each entity. */
export const NOUN_ENTITY: Readonly<Record<string, string>> = {
  project: 'project',
  job: 'project',
  gig: 'project',
  posting: 'project',
  listing: 'project',
  opening: 'project',
  freelancer: 'user',
  developer: 'user',
  dev: 'user',
  designer: 'user',
  writer: 'user',
  engineer: 'user',
  candidate: 'user',
  person: 'user',
  profile: 'user',
  user: 'user',
  account: 'user',
  client: 'user',
  contractor: 'user',
  consultant: 'user',
  expert: 'user',
  proposal: 'proposal',
  bid: 'proposal',
  application: 'proposal',
  offer: 'proposal',
  milestone: 'milestone',
  contract: 'contract',
  alert: 'alert',
  flag: 'flag',
  invoice: 'invoice',
  dispute: 'dispute',
  transaction: 'transfer',
  review: 'review',
  request: 'scope_change',
};

const ORDINALS: Readonly<Record<string, number>> = {
  first: 0,
  '1st': 0,
  top: 0,
  best: 0,
  second: 1,
  '2nd': 1,
  third: 2,
  '3rd': 2,
  fourth: 3,
  '4th': 3,
  fifth: 4,
  '5th': 4,
  sixth: 5,
  '6th': 5,
  seventh: 6,
  '7th': 6,
  eighth: 7,
  '8th': 7,
  ninth: 8,
  '9th': 8,
  tenth: 9,
  '10th': 9,
  last: -1,
  latest: -1,
  cheapest: -2,
};

export interface OrdinalRef {
  /** 0-based position; -1 is the last item; -2 the cheapest. */
  index: number;
  /** The entity the noun after it names ("the second freelancer" → user), when there is one. */
  entity?: string;
  start: number;
}

export interface DemonstrativeRef {
  entity?: string;
  start: number;
}

export interface IdRef {
  id: string;
  entity?: string;
  start: number;
}

export interface References {
  ordinals: OrdinalRef[];
  demonstratives: DemonstrativeRef[];
  ids: IdRef[];
}

const NOUNS = Object.keys(NOUN_ENTITY).join('|');
const ORDINAL_WORDS = Object.keys(ORDINALS).join('|');
const ORDINAL_RE = new RegExp(
  `\\b(?:the\\s+)?(${ORDINAL_WORDS})(?:\\s+(?:${'one|ones|result|match|option|item|entry|row'}|(${NOUNS})s?))?\\b`,
  'g',
);
const NUMBERED_RE = new RegExp(
  `(?:#\\s?(\\d{1,2})\\b|\\b(?:number|no\\.?|option|item|result|row|match|${NOUNS})\\s+#?(\\d{1,2})\\b(?!\\s*(?:k\\b|%|\\$|weeks?|days?|months?|hours?|years?)))`,
  'g',
);
const DEMONSTRATIVE_RE = new RegExp(`\\b(?:that|this|the same|said|the)\\s+(${NOUNS})\\b(?!s)`, 'g');
const PRONOUN_RE = /\b(?:it|that one|this one|that|them|him|her)\b/g;
/**
 * Seeded ids carry numbered parts after the first (ms_000001_03, prp_000004_02, rev_000003_c); a part must be
 * a number or one letter, so flag keys (kyc_required_for_withdrawal, ai_matching_v2) are not ids.
 */
const ID_PART = '[0-9a-z]{3,40}(?:_(?:[0-9][0-9a-z]{0,7}|[a-z])){0,3}';
const ID_RE = new RegExp(`\\b([a-z]{2,5})_(${ID_PART})\\b`, 'g');

/** Ordinals that are not references: "first milestone" is fine, "first time", "at first" are not. */
const NOT_REFERENCE_AFTER = /^\s+(?:time|thing|things|draft|step|place|half|quarter|week|month|year|day)\b/;

export function entityOfId(id: string): string | undefined {
  const prefix = /^([a-z]{2,5})_/.exec(id)?.[1];
  return prefix ? ID_PREFIXES[prefix] : undefined;
}

/** Whether a token looks like an id (a known prefix, or a short prefix with digits after it). */
export function looksLikeId(token: string): boolean {
  const m = new RegExp(`^([a-z]{2,5})_(${ID_PART})$`).exec(token);
  if (!m) return false;
  const main = m[2]!.split('_')[0]!;
  return ID_PREFIXES[m[1]!] !== undefined || (/\d/.test(main) && main.length >= 5);
}

export function parseReferences(input: string): References {
  const text = normalize(input);
  const ordinals: OrdinalRef[] = [];
  ORDINAL_RE.lastIndex = 0;
  for (let m = ORDINAL_RE.exec(text); m !== null; m = ORDINAL_RE.exec(text)) {
    const word = m[1]!;
    const after = text.slice(m.index + m[0].length);
    const hasNoun = m[0].trim().split(/\s+/).length > (m[0].startsWith('the') ? 2 : 1);
    if (!hasNoun && NOT_REFERENCE_AFTER.test(after)) continue;
    // "top" and "best" need "the" or a noun ("the top one", "top match"); "best regards" is not a reference.
    if (
      (word === 'top' || word === 'best' || word === 'latest' || word === 'cheapest') &&
      !hasNoun &&
      !m[0].startsWith('the')
    )
      continue;
    if (!hasNoun && !m[0].startsWith('the') && !/^\s*(?:$|[.,!?;)]|one\b)/.test(after)) continue;
    ordinals.push({ index: ORDINALS[word]!, entity: m[2] ? NOUN_ENTITY[m[2]] : undefined, start: m.index });
  }
  NUMBERED_RE.lastIndex = 0;
  for (let m = NUMBERED_RE.exec(text); m !== null; m = NUMBERED_RE.exec(text)) {
    const n = Number(m[1] ?? m[2]);
    if (n < 1) continue;
    const noun = /^([a-z]+)/.exec(m[0])?.[1];
    ordinals.push({ index: n - 1, entity: noun ? NOUN_ENTITY[noun] : undefined, start: m.index });
  }
  ordinals.sort((a, b) => a.start - b.start);

  const demonstratives: DemonstrativeRef[] = [];
  DEMONSTRATIVE_RE.lastIndex = 0;
  for (let m = DEMONSTRATIVE_RE.exec(text); m !== null; m = DEMONSTRATIVE_RE.exec(text)) {
    if (ordinals.some((o) => o.start <= m!.index && m!.index < o.start + 20 && m![0].startsWith('the')))
      continue;
    demonstratives.push({ entity: NOUN_ENTITY[m[1]!], start: m.index });
  }
  PRONOUN_RE.lastIndex = 0;
  for (let m = PRONOUN_RE.exec(text); m !== null; m = PRONOUN_RE.exec(text)) {
    if (demonstratives.some((d) => d.start === m!.index)) continue;
    // "him" and "her" are people; "it", "that", "them" can be anything.
    demonstratives.push({ entity: /^(?:him|her)$/.test(m[0]) ? 'user' : undefined, start: m.index });
  }
  demonstratives.sort((a, b) => a.start - b.start);

  const ids: IdRef[] = [];
  ID_RE.lastIndex = 0;
  for (let m = ID_RE.exec(text); m !== null; m = ID_RE.exec(text)) {
    if (!looksLikeId(m[0])) continue;
    // Keep the id's own spelling from the original text (ids are lower case, but be safe).
    ids.push({ id: input.slice(m.index, m.index + m[0].length), entity: entityOfId(m[0]), start: m.index });
  }
  return { ordinals, demonstratives, ids };
}
