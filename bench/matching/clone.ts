import type { Db, Executor } from '../../db/client';
import { Rng } from '../../db/seed/random';
import { all, run } from '../../db/sql';
import { fillProfileFts } from '../../matching/fts';
import { blobToVector, writeEmbeddings } from '../../matching/vectors/store';

/**
 * Grows a seeded and embedded demo marketplace to `target` freelancers by copying its seeded freelancers
 * (`usr_f…`): copy k of `usr_f000123` is `usr_k{k}f000123` with the same profile, skills, badges and
 * reputation and industry rows, a profiles_fts row, and the original's profile vector plus small random
 * noise (cosine ≈ 0.93 to the original). Case studies are not copied: they stay with the originals. The
 * copies' vectors carry no content hash, so a later matching sync would embed them for real. Embedding a
 * million generated profiles takes hours on two cores; copies give the tool a million rows and vectors in
 * minutes.
 */
export async function growByCopies(
  db: Db,
  target: number,
  providerId: string,
  dimension: number,
  log: (line: string) => void = () => {},
): Promise<{ added: number }> {
  const sources = (
    await all<{ id: string }>(
      db.reader,
      "SELECT user_id AS id FROM freelancer_profiles WHERE user_id GLOB 'usr_f[0-9]*' ORDER BY user_id",
    )
  ).map((r) => r.id);
  const have = await count(db.reader);
  let want = target - have;
  if (want <= 0 || sources.length === 0) return { added: 0 };
  const copied = await copyStatements(db.reader);
  const noise = noiseSource(12345);
  const chunk = 10_000;
  let added = 0;
  for (let k = 1; want > 0; k++) {
    // Copies already made by an earlier run are skipped (growing is idempotent).
    const existing = await count(db.reader, `usr_k${k}f*`);
    const take = Math.min(sources.length, existing + want);
    for (let i = existing; i < take; i += chunk) {
      const ids = sources.slice(i, Math.min(take, i + chunk));
      const lo = ids[0]!;
      const hi = ids[ids.length - 1]!;
      const vectors = await all<{ owner_id: string; vector: ArrayBuffer }>(
        db.reader,
        `SELECT owner_id, vector FROM embeddings
          WHERE owner_kind = 'profile' AND owner_id BETWEEN ? AND ? AND provider_id = ? AND dimension = ?`,
        [lo, hi, providerId, dimension],
      );
      const items = vectors.map((v) => ({
        kind: 'profile' as const,
        id: `usr_k${k}${v.owner_id.slice(4)}`,
        vector: noise(blobToVector(v.vector)),
      }));
      await db.write(async (tx) => {
        for (const sql of copied) await run(tx, sql, [`usr_k${k}`, lo, hi]);
        await writeEmbeddings(tx, providerId, dimension, items, new Date().toISOString());
      });
      added += ids.length;
      want -= ids.length;
      log(`copies: ${have + added} freelancers`);
    }
  }
  const fts = await fillProfileFts((fn) => db.write(fn), db.reader);
  log(`copies: ${fts} full-text rows`);
  return { added };
}

async function count(ex: Executor, glob = 'usr_*'): Promise<number> {
  const [r] = await all<{ n: number }>(
    ex,
    'SELECT count(*) AS n FROM freelancer_profiles WHERE user_id GLOB ?',
    [glob],
  );
  return Number(r?.n ?? 0);
}

/**
 * INSERT … SELECT per table holding a freelancer's rows, from the table's own columns: ?1 the copy's id
 * prefix ("usr_k3"), ?2..?3 the source id range. Emails stay unique with the prefix; handles are dropped.
 */
async function copyStatements(ex: Executor): Promise<string[]> {
  const tables: [string, string][] = [
    ['users', 'id'],
    ['freelancer_profiles', 'user_id'],
    ['profile_skills', 'user_id'],
    ['freelancer_badges', 'user_id'],
    ['freelancer_reputation', 'user_id'],
    ['profile_industries', 'user_id'],
  ];
  const out: string[] = [];
  for (const [table, key] of tables) {
    const cols = (await all<{ name: string }>(ex, `SELECT name FROM pragma_table_info('${table}')`)).map(
      (c) => c.name,
    );
    if (cols.length === 0) continue;
    const expr = cols.map((c) =>
      c === key
        ? `?1 || substr(${c}, 5)`
        : table === 'users' && c === 'email'
          ? `?1 || '.' || email`
          : table === 'users' && c === 'handle'
            ? 'NULL'
            : c,
    );
    out.push(
      `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${expr.join(', ')} FROM ${table}
        WHERE ${key} GLOB 'usr_f[0-9]*' AND ${key} BETWEEN ?2 AND ?3`,
    );
  }
  return out;
}

/** Adds deterministic noise to a unit vector and normalises it again (in place). */
function noiseSource(seed: number): (v: Float32Array) => Float32Array {
  const rng = new Rng(seed);
  const next = () => rng.next() - 0.5;
  return (v) => {
    // Uniform noise with standard deviation 0.02 per coordinate: cosine to the original ≈ 1/√(1 + 384·0.02²).
    const a = 0.02 * Math.sqrt(12);
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      v[i] = v[i]! + a * next();
      n += v[i]! * v[i]!;
    }
    n = Math.sqrt(n);
    for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
    return v;
  };
}
