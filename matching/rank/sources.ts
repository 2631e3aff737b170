import type { Executor } from '../../db/client';
import { all, one } from '../../db/sql';
import { loadDocuments } from '../documents';
import type { EmbeddingProvider } from '../embeddings/provider';
import type { OwnerKind } from '../vectors/index';
import { blobToVector } from '../vectors/store';
import type { RateBudget } from './signals';

/**
 * What a "match for this project" or "projects for this freelancer" query starts from: the owner's document
 * text and vector. The stored vector is reused when it was made by this provider from the current text;
 * otherwise the text is embedded now (a write whose job has not run yet).
 */
async function documentVector(
  ex: Executor,
  provider: EmbeddingProvider,
  kind: OwnerKind,
  id: string,
): Promise<{ text: string; vector: Float32Array } | undefined> {
  const [doc] = await loadDocuments(ex, kind, { ids: [id] });
  if (!doc) return undefined;
  return { text: doc.text, vector: await vectorOf(ex, provider, kind, id, doc) };
}

async function vectorOf(
  ex: Executor,
  provider: EmbeddingProvider,
  kind: OwnerKind,
  id: string,
  doc: { text: string; contentHash: string },
): Promise<Float32Array> {
  const stored = await one<{ vector: ArrayBuffer }>(
    ex,
    `SELECT vector FROM embeddings WHERE owner_kind = ? AND owner_id = ? AND provider_id = ? AND dimension = ?
        AND content_hash = ?`,
    [kind, id, provider.id, provider.dimension, doc.contentHash],
  );
  return stored ? blobToVector(stored.vector) : (await provider.embed([doc.text]))[0]!;
}

export interface ProjectSource {
  id: string;
  clientId: string;
  title: string;
  status: string;
  text: string;
  /** Undefined only when asked for without it (`embed: false`). */
  vector: Float32Array | undefined;
  skills: string[];
  budget: RateBudget;
}

/**
 * The project's text, skills and budget, and its vector unless `embed` is false: a ranking without the
 * semantic part would only throw it away, and embedding a project whose stored vector is stale costs most of
 * a call.
 */
export async function projectSource(
  ex: Executor,
  provider: EmbeddingProvider,
  projectId: string,
  opts: { embed: boolean } = { embed: true },
): Promise<ProjectSource | undefined> {
  const p = await one<{
    id: string;
    client_id: string;
    title: string;
    status: string;
    pricing: string;
    currency: string;
    budget_min_minor: number;
    budget_max_minor: number;
    timeline_weeks: number | null;
  }>(
    ex,
    `SELECT id, client_id, title, status, pricing, currency, budget_min_minor, budget_max_minor, timeline_weeks
       FROM projects WHERE id = ?`,
    [projectId],
  );
  if (!p) return undefined;
  const [found] = await loadDocuments(ex, 'project', { ids: [projectId] });
  if (!found) return undefined;
  const doc = {
    text: found.text,
    vector: opts.embed ? await vectorOf(ex, provider, 'project', projectId, found) : undefined,
  };
  const skills = await all<{ name: string }>(
    ex,
    'SELECT s.name FROM project_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.project_id = ? ORDER BY s.name',
    [projectId],
  );
  return {
    id: p.id,
    clientId: p.client_id,
    title: p.title,
    status: p.status,
    ...doc,
    skills: skills.map((s) => s.name),
    budget: {
      currency: p.currency,
      min: Number(p.budget_min_minor),
      max: Number(p.budget_max_minor),
      per: p.pricing === 'hourly' ? 'hour' : 'project',
      timelineWeeks: p.timeline_weeks === null ? null : Number(p.timeline_weeks),
    },
  };
}

export interface ProfileSource {
  id: string;
  text: string;
  vector: Float32Array;
  skills: string[];
  category: string;
  rate: { amount: number; currency: string };
}

export async function profileSource(
  ex: Executor,
  provider: EmbeddingProvider,
  userId: string,
): Promise<ProfileSource | undefined> {
  const p = await one<{ category: string; hourly_rate_minor: number; currency: string }>(
    ex,
    'SELECT category, hourly_rate_minor, currency FROM freelancer_profiles WHERE user_id = ?',
    [userId],
  );
  if (!p) return undefined;
  const doc = await documentVector(ex, provider, 'profile', userId);
  if (!doc) return undefined;
  const skills = await all<{ name: string }>(
    ex,
    `SELECT s.name FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.user_id = ?
      ORDER BY ps.years DESC, s.name`,
    [userId],
  );
  return {
    id: userId,
    ...doc,
    skills: skills.map((s) => s.name),
    category: p.category,
    rate: { amount: Number(p.hourly_rate_minor), currency: p.currency },
  };
}
