import type { Executor } from '../db/client';
import { all, one } from '../db/sql';
import type { OwnerKind } from './vectors/index';

/**
 * The 1-bit codes of one kind's vectors (embedding_codes), held in this process's memory: binary candidate
 * search becomes a Hamming scan over a packed Uint32Array (100k × 384 bits is 4.8 MB, scanned in a few ms)
 * instead of a table scan per query. Candidates are then rescored exactly in SQL from the float vectors.
 *
 * Freshness: every vector write bumps matching_state.embeddings_version (a trigger, in any process). A
 * search that sees a newer version keeps answering from the codes it has and reloads them in the
 * background, so a brand-new vector joins the candidates within about a reload (~1 s per 100k); candidates
 * found another way (full text, skills) are scored exactly at once.
 */
interface Codes {
  ids: string[];
  words: Uint32Array;
  wordsPer: number;
  version: number;
}

interface Entry {
  codes?: Codes;
  loading?: Promise<Codes> | undefined;
  loadedAt?: number;
}

/** A steady stream of writes reloads at most this often. */
const RELOAD_EVERY_MS = 5000;

const caches = new WeakMap<Executor, Map<string, Entry>>();

async function currentVersion(ex: Executor): Promise<number> {
  const r = await one<{ value: string }>(
    ex,
    "SELECT value FROM matching_state WHERE key = 'embeddings_version'",
  );
  return Number(r?.value ?? 0);
}

async function load(ex: Executor, kind: OwnerKind, providerId: string, dimension: number): Promise<Codes> {
  const version = await currentVersion(ex);
  const bytesPer = Math.ceil(dimension / 8);
  const wordsPer = Math.ceil(bytesPer / 4);
  const ids: string[] = [];
  const chunks: Uint32Array[] = [];
  let after = -1;
  for (;;) {
    const rows = await all<{ id: number; owner_id: string; code: ArrayBuffer | Uint8Array }>(
      ex,
      `SELECT c.embedding_id AS id, e.owner_id, c.code FROM embedding_codes c CROSS JOIN embeddings e ON e.id = c.embedding_id
        WHERE c.owner_kind = ? AND c.provider_id = ? AND c.dimension = ? AND c.embedding_id > ?
        ORDER BY c.embedding_id LIMIT 20000`,
      [kind, providerId, dimension, after],
    );
    if (rows.length === 0) break;
    const words = new Uint32Array(rows.length * wordsPer);
    const bytes = new Uint8Array(words.buffer);
    rows.forEach((r, i) => {
      const code = r.code instanceof Uint8Array ? r.code : new Uint8Array(r.code);
      bytes.set(code.subarray(0, bytesPer), i * wordsPer * 4);
      ids.push(r.owner_id);
    });
    chunks.push(words);
    after = Number(rows[rows.length - 1]!.id);
  }
  const words = new Uint32Array(ids.length * wordsPer);
  let off = 0;
  for (const c of chunks) {
    words.set(c, off);
    off += c.length;
  }
  return { ids, words, wordsPer, version };
}

async function codesFor(
  ex: Executor,
  kind: OwnerKind,
  providerId: string,
  dimension: number,
): Promise<Codes> {
  let m = caches.get(ex);
  if (!m) {
    m = new Map();
    caches.set(ex, m);
  }
  const key = `${kind}\0${providerId}\0${dimension}`;
  let e = m.get(key);
  if (!e) {
    e = {};
    m.set(key, e);
  }
  const entry = e;
  const reload = () => {
    entry.loading ??= load(ex, kind, providerId, dimension)
      .then((c) => {
        entry.codes = c;
        entry.loadedAt = Date.now();
        return c;
      })
      .finally(() => {
        entry.loading = undefined;
      });
    return entry.loading;
  };
  if (!entry.codes) return reload();
  if (
    Date.now() - (entry.loadedAt ?? 0) >= RELOAD_EVERY_MS &&
    (await currentVersion(ex)) !== entry.codes.version
  )
    void reload().catch(() => {});
  return entry.codes;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The owners whose codes are nearest the query's by Hamming distance: `n` of them, nearest first. */
export async function hammingCandidates(
  ex: Executor,
  kind: OwnerKind,
  providerId: string,
  dimension: number,
  query: Float32Array,
  n: number,
): Promise<string[]> {
  const codes = await codesFor(ex, kind, providerId, dimension);
  const { words, wordsPer, ids } = codes;
  const q = new Uint32Array(wordsPer);
  for (let i = 0; i < dimension; i++) if (query[i]! > 0) q[i >>> 5]! |= 1 << (i & 31);
  const count = ids.length;
  const dist = new Uint16Array(count);
  const hist = new Uint32Array(dimension + 1);
  for (let r = 0, o = 0; r < count; r++, o += wordsPer) {
    let d = 0;
    for (let w = 0; w < wordsPer; w++) d += popcount(words[o + w]! ^ q[w]!);
    dist[r] = d;
    hist[d]!++;
  }
  // The distance that cuts off the nearest n, then those rows in distance order.
  let cut = 0;
  for (let seen = 0; cut <= dimension; cut++) {
    seen += hist[cut]!;
    if (seen >= n) break;
  }
  const picked: number[] = [];
  for (let r = 0; r < count; r++) if (dist[r]! <= cut) picked.push(r);
  picked.sort((a, b) => dist[a]! - dist[b]!);
  return picked.slice(0, n).map((r) => ids[r]!);
}

/** Forget cached codes (tests). */
export function clearCodeCache(ex: Executor): void {
  caches.delete(ex);
}
