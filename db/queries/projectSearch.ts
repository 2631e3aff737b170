import type { InValue } from '@libsql/client';
import type { Executor } from '../client';
import { all, one } from '../sql';
import type { ProjectRow } from './projects';

/** The columns a project list shows: no requirements or milestones, just what a result row needs. */
export interface ProjectSummaryRow {
  id: string;
  client_id: string;
  client_name: string;
  title: string;
  description: string;
  category: string;
  industry: string | null;
  pricing: ProjectRow['pricing'];
  budget_min_minor: number;
  budget_max_minor: number;
  currency: string;
  timeline_weeks: number | null;
  deadline: string | null;
  status: ProjectRow['status'];
  created_at: string;
  updated_at: string;
  proposal_count: number;
}

export interface ProjectSearchRow extends ProjectSummaryRow {
  /** FTS5 bm25(): lower (more negative) is a better match; null without a text query. */
  bm25: number | null;
  snippet: string | null;
}

export interface ProjectSearchFilters {
  /** An FTS5 expression built by toFtsQuery, never raw user text. */
  match?: string | undefined;
  status: ProjectRow['status'];
  /** Drafts are only ever returned to their own client: this is who is asking. */
  viewerId: string;
  category?: string | undefined;
  industry?: string | undefined;
  /** Any of these skill ids. */
  skillIds?: string[] | undefined;
  pricing?: ProjectRow['pricing'] | undefined;
  budget?: { currency: string; min?: number | undefined; max?: number | undefined } | undefined;
  limit: number;
  offset: number;
}

const SUMMARY_COLUMNS = `p.id, p.client_id, u.display_name AS client_name, p.title, p.description, p.category,
       p.industry, p.pricing, p.budget_min_minor, p.budget_max_minor, p.currency, p.timeline_weeks, p.deadline,
       p.status, p.created_at, p.updated_at,
       (SELECT count(*) FROM proposals pr WHERE pr.project_id = p.id AND pr.status <> 'withdrawn') AS proposal_count`;

/** bm25 column weights: project_id (unindexed), title, description, skills. A title hit counts most. */
const BM25 = 'bm25(projects_fts, 0.0, 5.0, 1.0, 3.0)';
const MAX_TERMS = 32;

/**
 * Free text to a safe FTS5 query. Every whitespace-separated word becomes a quoted string (so `C++`, `"`,
 * `AND`, `-`, `title:` are plain text, never syntax), words are joined with OR and ranked by bm25.
 * Returns undefined when nothing searchable is left (only punctuation, or empty).
 */
export function toFtsQuery(text: string): string | undefined {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const word of text.split(/\s+/)) {
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    const key = word.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(`"${word.replaceAll('"', '""')}"`);
    if (terms.length === MAX_TERMS) break;
  }
  return terms.length > 0 ? terms.join(' OR ') : undefined;
}

function filterClauses(f: ProjectSearchFilters): { where: string[]; args: InValue[] } {
  const where = ['p.status = ?'];
  const args: InValue[] = [f.status];
  if (f.status === 'draft') {
    where.push('p.client_id = ?');
    args.push(f.viewerId);
  }
  if (f.category) {
    where.push('p.category = ?');
    args.push(f.category);
  }
  if (f.industry) {
    where.push('p.industry = ?');
    args.push(f.industry);
  }
  if (f.pricing) {
    where.push('p.pricing = ?');
    args.push(f.pricing);
  }
  if (f.skillIds && f.skillIds.length > 0) {
    where.push(
      `EXISTS (SELECT 1 FROM project_skills ps WHERE ps.project_id = p.id
                  AND ps.skill_id IN (${f.skillIds.map(() => '?').join(', ')}))`,
    );
    args.push(...f.skillIds);
  }
  if (f.budget) {
    where.push('p.currency = ?');
    args.push(f.budget.currency);
    if (f.budget.min !== undefined) {
      where.push('p.budget_max_minor >= ?');
      args.push(f.budget.min);
    }
    if (f.budget.max !== undefined) {
      where.push('p.budget_min_minor <= ?');
      args.push(f.budget.max);
    }
  }
  return { where, args };
}

/** Full-text (bm25) or filter-only (newest first) search; returns the total and one page. */
export async function searchProjects(
  ex: Executor,
  f: ProjectSearchFilters,
): Promise<{ total: number; rows: ProjectSearchRow[] }> {
  const { where, args } = filterClauses(f);
  if (!f.match) {
    const from = `FROM projects p JOIN users u ON u.id = p.client_id WHERE ${where.join(' AND ')}`;
    const [count, rows] = await Promise.all([
      one<{ n: number }>(ex, `SELECT count(*) AS n ${from}`, args),
      all<ProjectSummaryRow>(
        ex,
        `SELECT ${SUMMARY_COLUMNS} ${from} ORDER BY p.created_at DESC, p.rowid DESC LIMIT ? OFFSET ?`,
        [...args, f.limit, f.offset],
      ),
    ]);
    return { total: Number(count?.n ?? 0), rows: rows.map((r) => ({ ...r, bm25: null, snippet: null })) };
  }
  // CROSS JOIN keeps the FTS index as the outer loop: one MATCH, then a primary-key lookup per hit.
  const from = `FROM projects_fts CROSS JOIN projects p ON p.rowid = projects_fts.rowid
                JOIN users u ON u.id = p.client_id
               WHERE projects_fts MATCH ? AND ${where.join(' AND ')}`;
  const matchArgs: InValue[] = [f.match, ...args];
  const [count, rows] = await Promise.all([
    one<{ n: number }>(ex, `SELECT count(*) AS n ${from}`, matchArgs),
    all<Omit<ProjectSearchRow, 'snippet'> & { fts_rowid: number }>(
      ex,
      `SELECT ${SUMMARY_COLUMNS}, ${BM25} AS bm25, p.rowid AS fts_rowid ${from}
        ORDER BY bm25, p.created_at DESC, p.rowid DESC LIMIT ? OFFSET ?`,
      [...matchArgs, f.limit, f.offset],
    ),
  ]);
  const snippets = new Map<string, string>();
  if (rows.length > 0) {
    // Snippets only for the page, not for every hit the ranking had to sort; picked by rowid, which FTS5
    // looks up directly (project_id is UNINDEXED: filtering on it read every hit's row, 5 ms for a term in
    // 6,000 projects against 0.2 ms).
    const hits = await all<{ project_id: string; snippet: string }>(
      ex,
      `SELECT project_id, snippet(projects_fts, 2, '**', '**', '…', 24) AS snippet
         FROM projects_fts WHERE projects_fts MATCH ? AND rowid IN (${rows.map(() => '?').join(', ')})`,
      [f.match, ...rows.map((r) => r.fts_rowid)],
    );
    for (const h of hits) snippets.set(h.project_id, h.snippet);
  }
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map(({ fts_rowid: _, ...r }) => ({
      ...r,
      bm25: Number(r.bm25),
      snippet: snippets.get(r.id) ?? null,
    })),
  };
}

/** One client's own projects, newest first, optionally in one status. */
export async function listClientProjects(
  ex: Executor,
  clientId: string,
  opts: { status?: ProjectRow['status'] | undefined; limit: number; offset: number },
): Promise<{ total: number; rows: ProjectSummaryRow[] }> {
  const where = ['p.client_id = ?'];
  const args: InValue[] = [clientId];
  if (opts.status) {
    where.push('p.status = ?');
    args.push(opts.status);
  }
  const from = `FROM projects p JOIN users u ON u.id = p.client_id WHERE ${where.join(' AND ')}`;
  const [count, rows] = await Promise.all([
    one<{ n: number }>(ex, `SELECT count(*) AS n ${from}`, args),
    all<ProjectSummaryRow>(
      ex,
      `SELECT ${SUMMARY_COLUMNS} ${from} ORDER BY p.created_at DESC, p.rowid DESC LIMIT ? OFFSET ?`,
      [...args, opts.limit, opts.offset],
    ),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

/** Skill names per project, alphabetical, for a page of projects in one query. */
export async function skillsByProject(ex: Executor, projectIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(projectIds.map((id) => [id, []]));
  if (projectIds.length === 0) return out;
  const rows = await all<{ project_id: string; name: string }>(
    ex,
    `SELECT ps.project_id, s.name FROM project_skills ps JOIN skills s ON s.id = ps.skill_id
      WHERE ps.project_id IN (${projectIds.map(() => '?').join(', ')}) ORDER BY s.name`,
    projectIds,
  );
  for (const r of rows) out.get(r.project_id)?.push(r.name);
  return out;
}
