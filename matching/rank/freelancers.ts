import type { Executor } from '../../db/client';
import { reviewAxesOf } from '../../db/queries/reputation';
import { loadSkillGraph, type SkillGraph } from '../../db/queries/skillGraph';
import type { EmbeddingProvider } from '../embeddings/provider';
import { matchQuery, searchProfileFts } from '../fts';
import { matchingProvider } from '../services';
import { searcherFor, type VectorSearcher } from '../vectorSearch';
import { diversify } from './diversity';
import {
  caseStudyOwners,
  type FreelancerFilters,
  type FreelancerRow,
  filteredFreelancerIds,
  freelancersWithSkills,
  hasFilters,
  loadFreelancerRows,
} from './freelancerRows';
import {
  availability,
  blend,
  type Part,
  type RateBudget,
  rateFit,
  reputation,
  round4,
  similarity,
  trust,
} from './signals';
import { FREELANCER_WEIGHTS, type FreelancerPart, RANKING_VERSION, RETRIEVAL } from './weights';

export interface FreelancerQuery {
  /** What the client wants, in words: embedded and searched as text. May be empty with filters. */
  text: string;
  /** A ready query vector (e.g. a project's stored embedding) for `text`. */
  vector?: Float32Array | undefined;
  /** Wanted skills, canonical names; more are read from `text` through the skills graph. */
  skills?: readonly string[] | undefined;
  budget?: RateBudget | undefined;
  filters?: FreelancerFilters | undefined;
  /** Never returned (the client, the freelancer a "similar" query starts from). */
  excludeIds?: readonly string[] | undefined;
  /** Leave freelancers who are unavailable in (default: out, unless the filters ask for them). */
  includeUnavailable?: boolean | undefined;
  limit: number;
  /** Maximal-marginal-relevance pass (default true). */
  diversity?: boolean | undefined;
  /** Use embeddings at all (false: text, skills and the rest only). Default true. */
  semantic?: boolean | undefined;
  /** Let the review axes weigh the rating in the reputation part (reputation_in_ranking). Default false. */
  reviewAxes?: boolean | undefined;
}

export interface RankDeps {
  provider?: EmbeddingProvider;
  searcher?: VectorSearcher;
  graph?: SkillGraph;
  /** Called after each step with its name (bench/matching/phases.ts times them). */
  trace?: (step: RankStep) => void;
}

export type RankStep =
  | 'graph'
  | 'filters'
  | 'embed'
  | 'retrieve'
  | 'caseStudyOwners'
  | 'rows'
  | 'missingSimilarity'
  | 'score'
  | 'diversity';

export interface FreelancerMatch {
  id: string;
  name: string;
  headline: string;
  country: string;
  category: string;
  rate: { amount: number; currency: string };
  rating: number | null;
  reviewsCount: number;
  jobsCompleted: number;
  availability: FreelancerRow['availability'];
  verified: boolean;
  badges: string[];
  skills: string[];
  /** 0..1: the blend of the parts below, minus the diversity penalty. */
  score: number;
  parts: Part<FreelancerPart>[];
  /** Subtracted by the diversity pass for being much like a result ranked above. */
  diversityPenalty: number;
  reasons: string[];
  matchedSkills: string[];
  /** The case study closest to the query, when it is what matched. */
  caseStudy: { id: string; title: string } | null;
  /** Where the candidate came from. */
  sources: ('vector' | 'case_study' | 'fts' | 'skills' | 'filter')[];
}

export interface FreelancerRanking {
  version: string;
  providerId: string | null;
  /** Skills the ranking looked for (canonical names). */
  wantedSkills: string[];
  candidates: number;
  results: FreelancerMatch[];
}

/**
 * Hybrid retrieval and explainable ranking of freelancers for a query. Candidates: vector neighbours of
 * the query among profiles and case studies, BM25 hits over profiles_fts, freelancers listing the wanted
 * skills, and (with selective filters) everyone inside the filters. Filters are applied to every
 * candidate in SQL, so nobody outside them is returned. Each candidate gets the parts in weights.ts,
 * blended; a diversity pass then picks the shortlist.
 */
export async function rankFreelancers(
  ex: Executor,
  q: FreelancerQuery,
  deps: RankDeps = {},
): Promise<FreelancerRanking> {
  const trace = deps.trace ?? (() => {});
  const graph = deps.graph ?? (await loadSkillGraph(ex));
  const wanted = wantedSkills(graph, q.text, q.skills ?? []);
  const wantedIds = wanted.map((n) => graph.resolve(n)?.skill.id).filter((x): x is string => !!x);
  const filters: FreelancerFilters = { ...q.filters };
  if (!q.includeUnavailable && !filters.availability?.length)
    filters.availability = ['full_time', 'part_time', 'limited'];
  const exclude = new Set(q.excludeIds ?? []);
  trace('graph');

  const sources = new Map<string, Set<FreelancerMatch['sources'][number]>>();
  const note = (id: string, s: FreelancerMatch['sources'][number]) => {
    if (exclude.has(id)) return;
    let set = sources.get(id);
    if (!set) {
      set = new Set();
      sources.set(id, set);
    }
    set.add(s);
  };

  // With filters, the best rated inside them are candidates too; when that is everyone inside them
  // (selective filters), vectors are searched within them only.
  let within: string[] | undefined;
  if (hasFilters(q.filters)) {
    const f = await filteredFreelancerIds(ex, filters, RETRIEVAL.filtered);
    for (const id of f.ids) note(id, 'filter');
    if (!f.more) within = f.ids;
  }
  trace('filters');

  const useVectors = q.semantic !== false && (q.text.trim() !== '' || q.vector !== undefined);
  const provider = useVectors ? (deps.provider ?? (await matchingProvider(ex))) : undefined;
  const searcher = provider && (deps.searcher ?? searcherFor(ex, provider.id, provider.dimension));
  const queryVector =
    provider && (q.vector ?? (q.text.trim() ? (await provider.embed([q.text]))[0] : undefined));
  trace('embed');

  // Skill names are scored by the skills graph; full text looks for the other words, which are rarer
  // (cheaper posting lists) and say what skills do not ("hydrophone", "codebase", "fintech").
  const fts = useVectors ? matchQuery(withoutSkillWords(q.text, wanted)) : matchQuery(q.text, wanted);
  const profileSim = new Map<string, number>();
  const caseSim = new Map<string, { sim: number; id: string; title: string }>();
  const bm25 = new Map<string, number>();
  const opts = within ? { filterIds: within } : {};
  const [vecHits, csHits, ftsHits, skillHits] = await Promise.all([
    searcher && queryVector ? searcher.search('profile', queryVector, RETRIEVAL.vectors, opts) : [],
    searcher && queryVector && !within && RETRIEVAL.caseStudies > 0
      ? searcher.search('case_study', queryVector, RETRIEVAL.caseStudies, { candidates: 300 })
      : [],
    fts ? searchProfileFts(ex, fts, RETRIEVAL.fts) : { hits: [], used: false },
    within || useVectors ? [] : freelancersWithSkills(ex, wantedIds, RETRIEVAL.skills),
  ]);
  trace('retrieve');
  for (const h of vecHits) {
    profileSim.set(h.id, similarity(h.distance));
    note(h.id, 'vector');
  }
  const owners = await caseStudyOwners(
    ex,
    csHits.map((h) => h.id),
  );
  for (const h of csHits) {
    const o = owners.get(h.id);
    if (!o) continue;
    const sim = similarity(h.distance);
    if ((caseSim.get(o.freelancerId)?.sim ?? -1) < sim)
      caseSim.set(o.freelancerId, { sim, id: h.id, title: o.title });
    note(o.freelancerId, 'case_study');
  }
  trace('caseStudyOwners');
  for (const h of ftsHits.hits) {
    if (within && !sources.has(h.id)) continue;
    bm25.set(h.id, h.bm25);
    note(h.id, 'fts');
  }
  for (const id of skillHits) note(id, 'skills');

  const rows = await loadFreelancerRows(ex, [...sources.keys()], filters);
  trace('rows');
  // Candidates found another way still get their semantic similarity, exactly.
  if (searcher && queryVector) {
    const missing = rows.filter((r) => !profileSim.has(r.id)).map((r) => r.id);
    for (let i = 0; i < missing.length; i += 1000) {
      const chunk = missing.slice(i, i + 1000);
      for (const h of await searcher.search('profile', queryVector, chunk.length, { filterIds: chunk }))
        profileSim.set(h.id, similarity(h.distance));
    }
  }
  trace('missingSimilarity');

  const axes = q.reviewAxes
    ? await reviewAxesOf(
        ex,
        rows.map((r) => r.id),
      )
    : undefined;
  const semantic = (id: string) => {
    const p = profileSim.get(id);
    const c = caseSim.get(id)?.sim;
    if (p === undefined && c === undefined) return undefined;
    return Math.max(p ?? 0, c ?? 0);
  };
  let maxSem = 0;
  for (const r of rows) maxSem = Math.max(maxSem, semantic(r.id) ?? 0);
  let bestBm25 = 0;
  for (const v of bm25.values()) bestBm25 = Math.min(bestBm25, v);

  const scored = rows.map((r) => {
    const overlap = wanted.length ? graph.overlap(wanted, r.skills) : undefined;
    const rate = q.budget ? rateFit(r.rate, r.currency, q.budget) : undefined;
    const rep = reputation({
      rating: r.rating,
      reviews: r.reviews,
      jobsCompleted: r.jobsCompleted,
      due: r.due,
      onTime: r.onTime,
      axes: axes?.get(r.id),
    });
    const avail = availability(r.availability, r.hoursPerWeek);
    const tr = trust(r.verified, r.badges);
    const sem = semantic(r.id);
    const values: Partial<Record<FreelancerPart, number>> = {
      ...(useVectors ? { semantic: sem !== undefined && maxSem > 0 ? sem / maxSem : 0 } : {}),
      ...(overlap ? { skills: overlap.score } : {}),
      ...(ftsHits.used ? { keywords: bm25.has(r.id) && bestBm25 < 0 ? bm25.get(r.id)! / bestBm25 : 0 } : {}),
      reputation: rep.value,
      ...(rate ? { rate: rate.value } : {}),
      availability: avail.value,
      trust: tr.value,
    };
    const { score, parts } = blend(FREELANCER_WEIGHTS, values);
    const cs = caseSim.get(r.id);
    const csMatched = cs && cs.sim >= (profileSim.get(r.id) ?? 0) ? cs : undefined;
    const reasons: string[] = [];
    if (overlap?.exact.length) reasons.push(overlap.exact.join(' + '));
    for (const rel of overlap?.related.slice(0, 2) ?? [])
      reasons.push(`${rel.have} (close to ${rel.wanted})`);
    if (overlap && wanted.length && overlap.exact.length < wanted.length) {
      const missing = wanted.filter(
        (w) => !overlap.exact.includes(w) && !overlap.related.some((x) => x.wanted === w),
      );
      if (missing.length) reasons.push(`no ${missing.slice(0, 3).join(', ')}`);
    }
    if (rep.reason) reasons.push(rep.reason);
    if (rate?.reason) reasons.push(rate.reason);
    if (csMatched) reasons.push(`case study: ${csMatched.title}`);
    if (r.availability !== 'full_time') reasons.push(avail.reason!);
    if (tr.reason) reasons.push(tr.reason);
    const match: FreelancerMatch = {
      id: r.id,
      name: r.name,
      headline: r.headline,
      country: r.country,
      category: r.category,
      rate: { amount: r.rate, currency: r.currency },
      rating: r.rating,
      reviewsCount: r.reviews,
      jobsCompleted: r.jobsCompleted,
      availability: r.availability,
      verified: r.verified,
      badges: r.badges,
      skills: r.skills.slice(0, 12),
      score,
      parts,
      diversityPenalty: 0,
      reasons,
      matchedSkills: overlap?.exact ?? [],
      caseStudy: csMatched ? { id: csMatched.id, title: csMatched.title } : null,
      sources: [...(sources.get(r.id) ?? [])],
    };
    return { id: r.id, score, features: new Set([`c:${r.category}`, ...r.skills]), match };
  });

  trace('score');
  const picked =
    q.diversity === false
      ? [...scored]
          .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
          .slice(0, q.limit)
          .map((item) => ({ item, penalty: 0 }))
      : diversify(scored, q.limit);
  trace('diversity');
  return {
    version: RANKING_VERSION,
    providerId: provider?.id ?? null,
    wantedSkills: wanted,
    candidates: rows.length,
    results: picked.map(({ item, penalty }) => ({
      ...item.match,
      score: round4(Math.max(0, item.score - penalty)),
      diversityPenalty: penalty,
    })),
  };
}

/** Canonical names of the listed skills plus those the graph reads in the text, in order, once each. */
export function wantedSkills(graph: SkillGraph, text: string, listed: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of listed) {
    const name = graph.resolve(s)?.skill.name ?? s.trim();
    if (name && !out.includes(name)) out.push(name);
  }
  if (text.trim()) {
    for (const m of graph.normalizeText(text)) if (!out.includes(m.skill.name)) out.push(m.skill.name);
  }
  return out;
}

/** The text without the words of these skill names ("React Native developer" → "developer"). */
export function withoutSkillWords(text: string, skills: readonly string[]): string {
  const drop = new Set(skills.flatMap((s) => s.toLowerCase().split(/[^\p{L}\p{N}+#.]+/u)));
  return text
    .split(/\s+/)
    .filter(
      (w) =>
        !drop.has(
          w
            .toLowerCase()
            .replace(/[^\p{L}\p{N}+#.]+/gu, '')
            .replace(/\.+$/, ''),
        ),
    )
    .join(' ');
}
