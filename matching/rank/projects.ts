import type { Executor } from '../../db/client';
import { toFtsQuery } from '../../db/queries/projectSearch';
import { loadSkillGraph, type SkillGraph } from '../../db/queries/skillGraph';
import { all } from '../../db/sql';
import type { EmbeddingProvider } from '../embeddings/provider';
import { matchingProvider } from '../services';
import { searcherFor, type VectorSearcher } from '../vectorSearch';
import { diversify } from './diversity';
import { blend, budgetFit, freshness, type Part, type RateBudget, round4, similarity } from './signals';
import { PROJECT_WEIGHTS, type ProjectPart, RANKING_VERSION, RETRIEVAL } from './weights';

export interface ProjectQuery {
  text: string;
  vector?: Float32Array | undefined;
  /** Skills to cover (a freelancer's own, or the source project's). */
  skills: readonly string[];
  /** The freelancer's rate, for budget fit (recommendations). */
  rate?: { amount: number; currency: string } | undefined;
  excludeIds?: readonly string[] | undefined;
  limit: number;
  now: Date;
  /** Which statuses count (default open only). */
  statuses?: readonly ('open' | 'in_progress' | 'completed')[] | undefined;
}

export interface ProjectMatch {
  id: string;
  title: string;
  clientName: string;
  category: string;
  industry: string | null;
  status: string;
  pricing: 'fixed' | 'hourly';
  budget: { currency: string; min: number; max: number };
  timelineWeeks: number | null;
  skills: string[];
  createdAt: string;
  score: number;
  parts: Part<ProjectPart>[];
  diversityPenalty: number;
  reasons: string[];
  matchedSkills: string[];
}

interface ProjectRow {
  id: string;
  title: string;
  client_name: string;
  category: string;
  industry: string | null;
  status: string;
  pricing: 'fixed' | 'hourly';
  currency: string;
  budget_min_minor: number;
  budget_max_minor: number;
  timeline_weeks: number | null;
  created_at: string;
  skills: string;
}

/** Open projects for a freelancer's profile, or like a given project: the same hybrid, project-side. */
export async function rankProjects(
  ex: Executor,
  q: ProjectQuery,
  deps: { provider?: EmbeddingProvider; searcher?: VectorSearcher; graph?: SkillGraph } = {},
): Promise<{ version: string; providerId: string; candidates: number; results: ProjectMatch[] }> {
  const graph = deps.graph ?? (await loadSkillGraph(ex));
  const provider = deps.provider ?? (await matchingProvider(ex));
  const searcher = deps.searcher ?? searcherFor(ex, provider.id, provider.dimension);
  const vector = q.vector ?? (q.text.trim() ? (await provider.embed([q.text]))[0] : undefined);
  const statuses = q.statuses?.length ? q.statuses : ['open'];
  const exclude = new Set(q.excludeIds ?? []);
  const skillIds = q.skills.map((s) => graph.resolve(s)?.skill.id).filter((x): x is string => !!x);

  const sim = new Map<string, number>();
  const bm = new Map<string, number>();
  const fts = toFtsQuery([...q.skills, q.text].join(' ').slice(0, 2000));
  const [vec, text, bySkill] = await Promise.all([
    vector ? searcher.search('project', vector, RETRIEVAL.vectors) : [],
    fts
      ? all<{ id: string; bm25: number }>(
          ex,
          `SELECT project_id AS id, bm25(projects_fts, 0.0, 5.0, 1.0, 3.0) AS bm25 FROM projects_fts
            WHERE projects_fts MATCH ? ORDER BY bm25 LIMIT ?`,
          [fts, RETRIEVAL.fts],
        )
      : [],
    skillIds.length
      ? all<{ id: string }>(
          ex,
          `SELECT ps.project_id AS id FROM project_skills ps JOIN projects p ON p.id = ps.project_id
            WHERE ps.skill_id IN (SELECT value FROM json_each(?)) AND p.status IN (SELECT value FROM json_each(?))
            GROUP BY ps.project_id ORDER BY count(*) DESC, max(p.created_at) DESC LIMIT ?`,
          [JSON.stringify(skillIds), JSON.stringify(statuses), RETRIEVAL.skills],
        )
      : [],
  ]);
  for (const h of vec) sim.set(h.id, similarity(h.distance));
  for (const h of text) bm.set(h.id, Number(h.bm25));
  const ids = new Set([...sim.keys(), ...bm.keys(), ...bySkill.map((r) => r.id)]);
  for (const id of exclude) ids.delete(id);

  const rows = await all<ProjectRow>(
    ex,
    `SELECT p.id, p.title, u.display_name AS client_name, p.category, p.industry, p.status, p.pricing,
            p.currency, p.budget_min_minor, p.budget_max_minor, p.timeline_weeks, p.created_at,
            (SELECT json_group_array(s.name) FROM project_skills ps JOIN skills s ON s.id = ps.skill_id
              WHERE ps.project_id = p.id) AS skills
       FROM json_each(?) j CROSS JOIN projects p ON p.id = j.value JOIN users u ON u.id = p.client_id
      WHERE p.status IN (SELECT value FROM json_each(?))`,
    [JSON.stringify([...ids]), JSON.stringify(statuses)],
  );
  if (vector) {
    const missing = rows.filter((r) => !sim.has(r.id)).map((r) => r.id);
    for (let i = 0; i < missing.length; i += 1000) {
      const chunk = missing.slice(i, i + 1000);
      for (const h of await searcher.search('project', vector, chunk.length, { filterIds: chunk }))
        sim.set(h.id, similarity(h.distance));
    }
  }
  let maxSim = 0;
  for (const r of rows) maxSim = Math.max(maxSim, sim.get(r.id) ?? 0);
  let best = 0;
  for (const r of rows) best = Math.min(best, bm.get(r.id) ?? 0);

  const scored = rows.map((r) => {
    const skills = JSON.parse(r.skills) as string[];
    // The project's skills are what is wanted; the query's skills are what is had.
    const overlap = skills.length && q.skills.length ? graph.overlap(skills, q.skills) : undefined;
    const budget: RateBudget = {
      currency: r.currency,
      min: Number(r.budget_min_minor),
      max: Number(r.budget_max_minor),
      per: r.pricing === 'hourly' ? 'hour' : 'project',
      timelineWeeks: r.timeline_weeks === null ? null : Number(r.timeline_weeks),
    };
    const fit = q.rate ? budgetFit(q.rate.amount, q.rate.currency, budget) : undefined;
    const values: Partial<Record<ProjectPart, number>> = {
      ...(vector ? { semantic: maxSim > 0 ? (sim.get(r.id) ?? 0) / maxSim : 0 } : {}),
      ...(q.skills.length ? { skills: overlap?.score ?? 0 } : {}),
      ...(fts ? { keywords: best < 0 && bm.has(r.id) ? bm.get(r.id)! / best : 0 } : {}),
      ...(fit ? { budget: fit.value } : {}),
      freshness: freshness(r.created_at, q.now),
    };
    const { score, parts } = blend(PROJECT_WEIGHTS, values);
    const reasons: string[] = [];
    if (overlap?.exact.length) reasons.push(`needs ${overlap.exact.join(' + ')}`);
    for (const rel of overlap?.related.slice(0, 2) ?? [])
      reasons.push(`${rel.wanted} (close to ${rel.have})`);
    if (fit?.reason) reasons.push(fit.reason);
    const days = Math.floor((q.now.getTime() - Date.parse(r.created_at)) / 86_400_000);
    reasons.push(days <= 0 ? 'posted today' : `posted ${days} day${days === 1 ? '' : 's'} ago`);
    const match: ProjectMatch = {
      id: r.id,
      title: r.title,
      clientName: r.client_name,
      category: r.category,
      industry: r.industry,
      status: r.status,
      pricing: r.pricing,
      budget: { currency: r.currency, min: budget.min, max: budget.max },
      timelineWeeks: budget.timelineWeeks ?? null,
      skills,
      createdAt: r.created_at,
      score,
      parts,
      diversityPenalty: 0,
      reasons,
      matchedSkills: overlap?.exact ?? [],
    };
    return { id: r.id, score, features: new Set([`c:${r.category}`, ...skills]), match };
  });
  return {
    version: RANKING_VERSION,
    providerId: provider.id,
    candidates: rows.length,
    results: diversify(scored, q.limit).map(({ item, penalty }) => ({
      ...item.match,
      score: round4(Math.max(0, item.score - penalty)),
      diversityPenalty: penalty,
    })),
  };
}
