import type { Db, Executor } from '../db/client';
import { all, one, run } from '../db/sql';
import { type EmbeddingDocument, loadDocuments } from './documents';
import type { EmbeddingProvider } from './embeddings/provider';
import { fillProfileFts, refreshProfileFts } from './fts';
import { matchingProvider } from './services';
import { OWNER_KINDS, type OwnerKind } from './vectors/index';
import { LibsqlNativeIndex } from './vectors/libsqlNative';
import { embedStale } from './vectors/sync';

/**
 * Keeping matching's derived data current: vectors (embeddings) and profiles_fts rows. Run by the jobs in
 * jobs/handlers (embed_documents after writes, matching_sync at start, reindex on demand). Vectors are
 * written through the libSQL backend (Db.write; codes by trigger); sqlite-vec tables catch up on their own.
 */

export interface IndexingLog {
  info(obj: object, msg?: string): void;
}

function writerFor(db: Db, provider: EmbeddingProvider) {
  return new LibsqlNativeIndex(db, { providerId: provider.id, dimension: provider.dimension, mode: 'exact' });
}

async function writeVectors(
  db: Db,
  provider: EmbeddingProvider,
  docs: readonly EmbeddingDocument[],
  force: boolean,
): Promise<number> {
  const index = writerFor(db, provider);
  if (!force) return (await embedStale({ reader: db.reader, provider, index, documents: docs })).embedded;
  for (let i = 0; i < docs.length; i += 256) {
    const batch = docs.slice(i, i + 256);
    const vectors = await provider.embed(batch.map((d) => d.text));
    await index.upsert(
      batch.map((d, j) => ({ kind: d.kind, id: d.id, vector: vectors[j]!, contentHash: d.contentHash })),
    );
  }
  return docs.length;
}

/**
 * After a write: (re)embeds these owners, drops vectors of owners that are gone, and rewrites the
 * profiles_fts rows concerned. A case study also refreshes its freelancer's profile (it lists the titles).
 */
export async function embedOwners(
  db: Db,
  kind: OwnerKind,
  ids: readonly string[],
): Promise<{ embedded: number; removed: number }> {
  const provider = await matchingProvider(db.reader);
  const docs = await loadDocuments(db.reader, kind, { ids });
  const found = new Set(docs.map((d) => d.id));
  const gone = ids.filter((id) => !found.has(id));
  let removed = 0;
  if (gone.length) removed = await writerFor(db, provider).delete(kind, gone);
  let embedded = await writeVectors(db, provider, docs, false);
  let profiles: string[] = [];
  if (kind === 'profile') profiles = [...ids];
  if (kind === 'case_study' && docs.length) {
    const rows = await all<{ freelancer_id: string }>(
      db.reader,
      'SELECT DISTINCT freelancer_id FROM case_studies WHERE id IN (SELECT value FROM json_each(?))',
      [JSON.stringify(docs.map((d) => d.id))],
    );
    profiles = rows.map((r) => r.freelancer_id);
    const owners = await loadDocuments(db.reader, 'profile', { ids: profiles });
    embedded += await writeVectors(db, provider, owners, false);
  }
  if (profiles.length) await db.write((tx) => refreshProfileFts(tx, profiles));
  return { embedded, removed };
}

export interface SyncResult {
  providerId: string;
  previousProviderId: string | null;
  embedded: Record<OwnerKind, number>;
  ftsRows: number;
  removed: number;
}

/**
 * Brings everything up to date: embeds every document whose vector is missing or was made by another
 * provider or from other text (a changed EMBEDDING_MODEL re-embeds everything here), adds missing
 * profiles_fts rows, and records the provider. `force` (the reindex job) re-embeds and rewrites all of it
 * and removes vectors of owners that no longer exist.
 */
export async function syncMatching(
  db: Db,
  opts: { force?: boolean; log?: IndexingLog; pageSize?: number } = {},
): Promise<SyncResult> {
  const provider = await matchingProvider(db.reader);
  const previous = await one<{ value: string }>(
    db.reader,
    "SELECT value FROM matching_state WHERE key = 'provider_id'",
  );
  const previousProviderId = previous?.value ?? null;
  if (previousProviderId && previousProviderId !== provider.id)
    opts.log?.info(
      { from: previousProviderId, to: provider.id },
      'embedding model changed: re-embedding every document',
    );
  const force = opts.force ?? false;
  const pageSize = opts.pageSize ?? 1000;
  const embedded = { profile: 0, case_study: 0, project: 0 } as Record<OwnerKind, number>;
  let removed = 0;
  if (force) removed = await db.write((tx) => removeOrphans(tx));
  for (const kind of OWNER_KINDS) {
    let after = '';
    for (;;) {
      const docs = await loadDocuments(db.reader, kind, { after, limit: pageSize });
      if (docs.length === 0) break;
      embedded[kind] += await writeVectors(db, provider, docs, force);
      after = docs[docs.length - 1]!.id;
      await new Promise((r) => setImmediate(r));
    }
  }
  const ftsRows = await fillProfileFts((fn) => db.write(fn), db.reader, { rebuild: force });
  await db.write((tx) =>
    run(
      tx,
      `INSERT INTO matching_state (key, value, updated_at) VALUES ('provider_id', ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [provider.id, new Date().toISOString()],
    ),
  );
  const result = { providerId: provider.id, previousProviderId, embedded, ftsRows, removed };
  opts.log?.info(result, 'matching index in sync');
  return result;
}

async function removeOrphans(tx: Executor): Promise<number> {
  return (
    (await run(
      tx,
      `DELETE FROM embeddings WHERE owner_kind = 'profile'
         AND owner_id NOT IN (SELECT user_id FROM freelancer_profiles)`,
    )) +
    (await run(
      tx,
      `DELETE FROM embeddings WHERE owner_kind = 'case_study' AND owner_id NOT IN (SELECT id FROM case_studies)`,
    )) +
    (await run(
      tx,
      `DELETE FROM embeddings WHERE owner_kind = 'project' AND owner_id NOT IN (SELECT id FROM projects)`,
    ))
  );
}
