/**
 * Recent cover letters as shingle signatures, in memory, per database: the copied / templated letter signals
 * compare a letter with every recent letter without reading them all from the database on each check (which
 * would sit inside the write transaction of submit_proposal). Each check catches up on the proposals added
 * since the last one (by rowid: usually none or a few rows).
 *
 * Near-duplicates are found with MinHash LSH: 48 min-hashes per letter in 16 bands of 3; letters sharing a band
 * are candidates, and only candidates are compared exactly (Jaccard of the shingle signatures). A pair at
 * Jaccard 0.6 shares a band with probability 1 − (1 − 0.6³)¹⁶ ≈ 0.98, at 0.7 ≈ 0.999, at 0.8 and above ≈ 1;
 * unrelated letters (≈ 0.1) almost never. Deterministic: the hash seeds are fixed.
 *
 * A letter seen inside a write that later rolled back can linger here: matches are confirmed against the
 * database before they count (`confirm`).
 */
import type { Executor } from '../../db/client';
import {
  databaseFingerprint,
  existingProposalIds,
  lettersInRowRange,
  maxProposalRowid,
} from '../../db/queries/risk';
import { type Signature, signature, similarity } from './text';

export interface IndexedLetter {
  id: string;
  freelancerId: string;
  projectId: string;
  at: number;
  sig: Signature;
  bands: number[];
}

const BANDS = 16;
const ROWS = 3;
const SEEDS = Int32Array.from({ length: BANDS * ROWS }, (_, i) => Math.imul(i + 1, 0x9e3779b1));

/** murmur3's 32-bit finaliser: a cheap, well-mixed integer hash. */
function mix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** One bucket key per band: the band's min-hashes combined (the band number mixed in). */
export function bandsOf(sig: Signature): number[] {
  if (sig.length === 0) return [];
  const out: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let key = mix(b + 1);
    for (let r = 0; r < ROWS; r++) {
      const seed = SEEDS[b * ROWS + r] as number;
      let min = 0x7fffffff;
      for (let i = 0; i < sig.length; i++) {
        const h = mix((sig[i] as number) ^ seed);
        if (h < min) min = h;
      }
      key = mix(key ^ min);
    }
    out.push(key);
  }
  return out;
}

const BATCH = 2_000;

export class LetterIndex {
  private lastRowid = 0;
  /** Letters older than this were never loaded; an earlier window rebuilds the index. */
  private loadedSince = Number.POSITIVE_INFINITY;
  private readonly byId = new Map<string, IndexedLetter>();
  private readonly byFreelancer = new Map<string, IndexedLetter[]>();
  private readonly buckets = new Map<number, IndexedLetter[]>();

  constructor(readonly threshold: number) {}

  /** Loads the proposals added since the last call (and, the first time, the whole window). */
  async catchUp(ex: Executor, since: Date): Promise<void> {
    const sinceMs = since.getTime();
    if (sinceMs < this.loadedSince) this.reset(sinceMs);
    const upto = await maxProposalRowid(ex);
    const sinceIso = new Date(this.loadedSince).toISOString();
    while (this.lastRowid < upto) {
      const rows = await lettersInRowRange(ex, this.lastRowid, upto, sinceIso, BATCH);
      for (const r of rows)
        this.add(r.id, r.freelancer_id, r.project_id, Date.parse(r.created_at), r.cover_letter);
      this.lastRowid = rows.length < BATCH ? upto : (rows.at(-1)?.rid ?? upto);
    }
  }

  /** Letters sent since the instant, optionally by one freelancer; newest first for one freelancer. */
  since(sinceMs: number, freelancerId?: string): IndexedLetter[] {
    if (freelancerId) {
      return (this.byFreelancer.get(freelancerId) ?? [])
        .filter((l) => l.at >= sinceMs)
        .sort((a, b) => b.at - a.at);
    }
    const out: IndexedLetter[] = [];
    for (const l of this.byId.values()) if (l.at >= sinceMs) out.push(l);
    return out;
  }

  /** Indexed letters sent since the instant whose Jaccard similarity with `sig` reaches the threshold. */
  near(sig: Signature, sinceMs: number): IndexedLetter[] {
    const seen = new Set<IndexedLetter>();
    const out: IndexedLetter[] = [];
    const t = this.threshold;
    for (const key of bandsOf(sig)) {
      for (const l of this.buckets.get(key) ?? []) {
        if (seen.has(l)) continue;
        seen.add(l);
        const [a, b] = sig.length <= l.sig.length ? [sig.length, l.sig.length] : [l.sig.length, sig.length];
        if (l.at >= sinceMs && a >= t * b && similarity(sig, l.sig) >= t) out.push(l);
      }
    }
    return out;
  }

  /** Of these ids, the ones that really exist (drops letters of rolled-back writes from the index too). */
  async confirm(ex: Executor, ids: string[]): Promise<Set<string>> {
    const found = await existingProposalIds(ex, ids);
    for (const id of ids) if (!found.has(id)) this.remove(id);
    return found;
  }

  get size(): number {
    return this.byId.size;
  }

  private add(id: string, freelancerId: string, projectId: string, at: number, text: string): void {
    if (this.byId.has(id)) return;
    const sig = signature(text);
    const letter = { id, freelancerId, projectId, at, sig, bands: bandsOf(sig) };
    this.byId.set(id, letter);
    const list = this.byFreelancer.get(freelancerId);
    if (list) list.push(letter);
    else this.byFreelancer.set(freelancerId, [letter]);
    for (const key of letter.bands) {
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(letter);
      else this.buckets.set(key, [letter]);
    }
  }

  private remove(id: string): void {
    const l = this.byId.get(id);
    if (!l) return;
    this.byId.delete(id);
    const list = this.byFreelancer.get(l.freelancerId) ?? [];
    const i = list.indexOf(l);
    if (i >= 0) list.splice(i, 1);
    for (const key of l.bands) {
      const bucket = this.buckets.get(key) ?? [];
      const k = bucket.indexOf(l);
      if (k >= 0) bucket.splice(k, 1);
      if (bucket.length === 0) this.buckets.delete(key);
    }
  }

  private reset(sinceMs: number): void {
    this.byId.clear();
    this.byFreelancer.clear();
    this.buckets.clear();
    this.lastRowid = 0;
    this.loadedSince = sinceMs;
  }

  /** Forgets letters older than the instant (memory stays bounded by the window). */
  prune(beforeMs: number): void {
    if (beforeMs <= this.loadedSince) return;
    for (const l of [...this.byId.values()]) if (l.at < beforeMs) this.remove(l.id);
    this.loadedSince = beforeMs;
  }
}

const indexes = new Map<string, LetterIndex>();

/** The index of this database for this similarity threshold, caught up on the letters sent since `since`. */
export async function letterIndex(ex: Executor, since: Date, threshold: number): Promise<LetterIndex> {
  const key = `${await databaseFingerprint(ex)}|${threshold}`;
  let index = indexes.get(key);
  if (!index) {
    // A database's key changes once, with its first proposal: the old empty index is simply dropped later.
    if (indexes.size > 50) indexes.clear();
    index = new LetterIndex(threshold);
    indexes.set(key, index);
  }
  await index.catchUp(ex, since);
  // Keep a day of slack behind the window so a slightly older `now` does not force a rebuild.
  index.prune(since.getTime() - 24 * 3_600_000);
  return index;
}
