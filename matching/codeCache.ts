import type { Executor } from '../db/client';
import { all, one } from '../db/sql';
import { HammingCodes, nearestRows } from './vectors/hamming';
import type { OwnerKind } from './vectors/index';

/**
 * The 1-bit codes of one kind's vectors (embedding_codes), held in this process's memory: binary candidate
 * search becomes a scan of packed codes in memory (100k × 384 bits is 4.8 MB: under a millisecond with the
 * WebAssembly kernel in vectors/hamming.ts) instead of a table scan per query. Candidates are then
 * rescored exactly in SQL from the float vectors, read by row id.
 *
 * Freshness: every vector write bumps matching_state.embeddings_version (a trigger, in any process). A
 * search that sees a newer version keeps answering from the codes it has and reloads them in the
 * background, so a brand-new vector joins the candidates within about a reload (0.4 s per 100k, 6 s per
 * 1M); candidates found another way (full text, skills) are scored exactly at once.
 */
interface Codes {
  /** Embedding row ids, by row of `codes`. */
  rowids: Float64Array;
  codes: HammingCodes;
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
  // Codes and row ids only (the code table's primary key order): owners are read with the rescoring.
  const pages: { id: number; code: ArrayBuffer | Uint8Array }[][] = [];
  let total = 0;
  let after = -1;
  for (;;) {
    const rows = await all<{ id: number; code: ArrayBuffer | Uint8Array }>(
      ex,
      `SELECT embedding_id AS id, code FROM embedding_codes
        WHERE owner_kind = ? AND provider_id = ? AND dimension = ? AND embedding_id > ?
        ORDER BY embedding_id LIMIT 20000`,
      [kind, providerId, dimension, after],
    );
    if (rows.length === 0) break;
    pages.push(rows);
    total += rows.length;
    after = Number(rows[rows.length - 1]!.id);
  }
  const codes = new HammingCodes(dimension, total);
  const rowids = new Float64Array(total);
  let i = 0;
  for (const page of pages) {
    for (const r of page) {
      codes.set(i, r.code instanceof Uint8Array ? r.code : new Uint8Array(r.code));
      rowids[i++] = Number(r.id);
    }
  }
  return { rowids, codes, version };
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

/**
 * The vectors whose codes are nearest the query's by Hamming distance: `n` of them, nearest first, as
 * embedding row ids (the rescoring reads the float vectors, and their owners, by row id).
 */
export async function hammingCandidates(
  ex: Executor,
  kind: OwnerKind,
  providerId: string,
  dimension: number,
  query: Float32Array,
  /**
   * How many, or for a collection of this size: how many, and optionally a larger pool of Hamming-nearest
   * codes to re-rank by their dot product with the query (HammingCodes.asymmetric) before keeping `n`.
   */
  n: number | ((count: number) => { n: number; pool?: number }),
): Promise<number[]> {
  const { codes, rowids } = await codesFor(ex, kind, providerId, dimension);
  const { dist, hist } = codes.scan(query, rowids.length);
  const want = typeof n === 'number' ? { n } : n(rowids.length);
  const rows = nearestRows(dist, hist, Math.max(want.n, want.pool ?? 0));
  if (rows.length <= want.n) return rows.map((r) => rowids[r]!);
  const score = codes.asymmetric(query, rows);
  const order = rows.map((_, i) => i).sort((a, b) => score[b]! - score[a]! || a - b);
  return order.slice(0, want.n).map((i) => rowids[rows[i]!]!);
}

/** How many codes of this kind the process holds, when it has loaded them. */
export function heldCodeCount(
  ex: Executor,
  kind: OwnerKind,
  providerId: string,
  dimension: number,
): number | undefined {
  return caches.get(ex)?.get(`${kind}\0${providerId}\0${dimension}`)?.codes?.rowids.length;
}

/** Forget cached codes (tests). */
export function clearCodeCache(ex: Executor): void {
  caches.delete(ex);
}
