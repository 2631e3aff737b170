import type { Executor } from '../db/client';
import { all, run } from '../db/sql';
import { STOPWORDS } from './embeddings/text';

/**
 * profiles_fts (db/migrations/0012_matching.sql): one row per freelancer profile, rowid = the profile's
 * rowid, with its headline, bio, skill names and case studies. Written by the matching jobs.
 */
const ROW_SELECT = `SELECT fp.rowid, fp.user_id, fp.headline, fp.bio,
    coalesce((SELECT group_concat(s.name, ', ') FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id
               WHERE ps.user_id = fp.user_id), ''),
    coalesce((SELECT group_concat(cs.title || '. ' || cs.summary || ' ' || cs.outcome, ' | ')
                FROM case_studies cs WHERE cs.freelancer_id = fp.user_id), '')
  FROM freelancer_profiles fp`;

/** Rewrites these freelancers' rows (a freelancer without a profile loses theirs). */
export async function refreshProfileFts(tx: Executor, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const ids = JSON.stringify([...new Set(userIds)]);
  await run(
    tx,
    `DELETE FROM profiles_fts WHERE rowid IN (
       SELECT fp.rowid FROM freelancer_profiles fp WHERE fp.user_id IN (SELECT value FROM json_each(?)))`,
    [ids],
  );
  // A profile row that is gone leaves its FTS row behind: remove it by id (a scan, but a rare case).
  await run(
    tx,
    `DELETE FROM profiles_fts WHERE user_id IN (SELECT value FROM json_each(?1))
       AND user_id NOT IN (SELECT user_id FROM freelancer_profiles WHERE user_id IN (SELECT value FROM json_each(?1)))`,
    [ids],
  );
  await run(
    tx,
    `INSERT INTO profiles_fts (rowid, user_id, headline, bio, skills, work)
     ${ROW_SELECT} WHERE fp.user_id IN (SELECT value FROM json_each(?))`,
    [ids],
  );
}

/**
 * Adds rows for profiles that have none, `batch` profiles per write transaction, in rowid order (the
 * start-up sync); `rebuild` first empties the table (the reindex job). Returns rows written.
 */
export async function fillProfileFts(
  write: <T>(fn: (tx: Executor) => Promise<T>) => Promise<T>,
  reader: Executor,
  opts: { rebuild?: boolean; batch?: number } = {},
): Promise<number> {
  const batch = opts.batch ?? 5000;
  if (opts.rebuild) await write((tx) => run(tx, 'DELETE FROM profiles_fts'));
  let after = -1;
  let written = 0;
  for (;;) {
    const page = await all<{ lo: number; hi: number; n: number }>(
      reader,
      `SELECT min(rowid) AS lo, max(rowid) AS hi, count(*) AS n FROM (
         SELECT rowid FROM freelancer_profiles WHERE rowid > ? ORDER BY rowid LIMIT ?)`,
      [after, batch],
    );
    const p = page[0];
    if (!p || Number(p.n) === 0) break;
    written += await write((tx) =>
      run(
        tx,
        `INSERT INTO profiles_fts (rowid, user_id, headline, bio, skills, work)
         ${ROW_SELECT} WHERE fp.rowid BETWEEN ? AND ? AND fp.rowid NOT IN (SELECT rowid FROM profiles_fts)`,
        [p.lo, p.hi],
      ),
    );
    after = Number(p.hi);
  }
  return written;
}

const MAX_TERMS = 12;

/**
 * Words every brief and half the profiles use: matching them costs a long posting list each (bm25 is
 * computed for every matching row) and says little about who fits.
 */
const BRIEF_WORDS = new Set(
  (
    'need needs needed looking look want wanted wants someone somebody anyone help helps build builds building ' +
    'create make app apps one two ideally project projects developer developers dev devs expert experts ' +
    'experienced experience work works working new customers customer client clients company business team ' +
    'good great like please asap short long time year years month months week weeks able ability plus ' +
    'freelancer freelancers person people job hire hiring engineer engineers specialist senior junior'
  ).split(' '),
);

/**
 * Free text (plus skill names) to an FTS5 query: each distinct non-stopword becomes a quoted term (never
 * syntax), OR-ed; bm25 ranks. Undefined when nothing searchable is left.
 */
export function matchQuery(text: string, extra: readonly string[] = []): string | undefined {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const word of [...extra, text].join(' ').split(/[^\p{L}\p{N}+#.]+/u)) {
    const w = word.replace(/^\.+|\.+$/g, '');
    const key = w.toLowerCase();
    if (
      !/[\p{L}\p{N}]/u.test(w) ||
      key.length < 2 ||
      STOPWORDS.has(key) ||
      BRIEF_WORDS.has(key) ||
      seen.has(key)
    )
      continue;
    seen.add(key);
    terms.push(`"${w.replaceAll('"', '""')}"`);
    if (terms.length === MAX_TERMS) break;
  }
  return terms.length ? terms.join(' OR ') : undefined;
}

/** bm25 column weights: user_id (unindexed), headline, bio, skills, work. */
const BM25 = 'bm25(profiles_fts, 0.0, 4.0, 1.0, 3.0, 1.5)';

/**
 * A term in more than this share of profiles (and more than COMMON_MIN of them), or in more than COMMON_MAX,
 * is left out of the query: bm25 is computed for every matching row, so one common word costs more than all
 * the rare ones, and it barely moves the ranking. Document frequencies are counted once per term and kept for a while.
 */
const COMMON_SHARE = 0.03;
const COMMON_MIN = 500;
/**
 * A term's cost is its posting list, however large the table: past 100k profiles the share stops growing
 * the cap (at 1M profiles, 3% let 30k-row terms through and full text took 40 ms of the call).
 */
const COMMON_MAX = 3000;
const DF_TTL_MS = 10 * 60_000;
const dfCaches = new WeakMap<Executor, Map<string, { n: number; at: number }>>();

async function docFrequency(ex: Executor, term: string): Promise<number> {
  let m = dfCaches.get(ex);
  if (!m) {
    m = new Map();
    dfCaches.set(ex, m);
  }
  const hit = m.get(term);
  if (hit && Date.now() - hit.at < DF_TTL_MS) return hit.n;
  const r = await all<{ n: number }>(
    ex,
    term === '*'
      ? 'SELECT count(*) AS n FROM profiles_fts'
      : 'SELECT count(*) AS n FROM profiles_fts WHERE profiles_fts MATCH ?',
    term === '*' ? [] : [term],
  );
  const n = Number(r[0]?.n ?? 0);
  if (m.size > 5000) m.clear();
  m.set(term, { n, at: Date.now() });
  return n;
}

/**
 * The best full-text hits for an OR query of quoted terms (matchQuery): freelancer id and bm25 (lower is
 * better), after leaving out terms that are too common to be worth their cost. `used` is false when no term
 * was left (nothing was searched).
 */
export async function searchProfileFts(
  ex: Executor,
  match: string,
  limit: number,
): Promise<{ hits: { id: string; bm25: number }[]; used: boolean }> {
  const terms = match.split(' OR ');
  const total = await docFrequency(ex, '*');
  const cap = Math.max(COMMON_MIN, Math.min(COMMON_MAX, total * COMMON_SHARE));
  const kept: string[] = [];
  for (const t of terms) if ((await docFrequency(ex, t)) <= cap) kept.push(t);
  if (kept.length === 0) return { hits: [], used: false };
  const rows = await all<{ id: string; bm25: number }>(
    ex,
    `SELECT user_id AS id, ${BM25} AS bm25 FROM profiles_fts WHERE profiles_fts MATCH ? ORDER BY bm25 LIMIT ?`,
    [kept.join(' OR '), limit],
  );
  return { hits: rows.map((r) => ({ id: r.id, bm25: Number(r.bm25) })), used: true };
}
