import { createHash } from 'node:crypto';
import type { Executor } from '../db/client';
import { all } from '../db/sql';
import type { OwnerKind } from './vectors/index';

/**
 * The text embedded for each owner kind, and its content hash. One document per profile, case study and
 * project; skills go last, on a `Skills:` line (read as skill concepts by the domain embedder, as plain
 * text by general models). Money, ratings and availability are left out: they are ranked as numbers.
 * Bump DOCUMENT_VERSION when the templates change: every hash changes, so everything is re-embedded.
 */
export const DOCUMENT_VERSION = 'doc/v1';

export interface EmbeddingDocument {
  kind: OwnerKind;
  id: string;
  text: string;
  contentHash: string;
}

export interface ProfileFields {
  headline: string;
  bio: string;
  category: string;
  skills: readonly string[];
  industries: readonly string[];
  /** Titles of the freelancer's case studies (their full text is embedded on its own). */
  caseStudyTitles: readonly string[];
}

export interface CaseStudyFields {
  title: string;
  summary: string;
  outcome: string;
  metrics: readonly { label: string; value: string }[];
  industry: string | null;
}

export interface ProjectFields {
  title: string;
  description: string;
  category: string;
  industry: string | null;
  skills: readonly string[];
  /** Answers to the category's text and list questions ("Mobile platforms: iOS, Android"). */
  requirements: readonly { label: string; value: string }[];
}

const lines = (...parts: (string | false | null | undefined)[]) =>
  parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map((p) => p.trim())
    .join('\n');

const list = (label: string, items: readonly string[], sep = ', ') =>
  items.length ? `${label}: ${items.join(sep)}` : null;

export function profileText(p: ProfileFields): string {
  return lines(
    p.headline,
    p.bio,
    `Category: ${p.category}`,
    list('Industries', p.industries),
    list('Past work', p.caseStudyTitles, '; '),
    list('Skills', p.skills),
  );
}

export function caseStudyText(c: CaseStudyFields): string {
  return lines(
    c.title,
    c.summary,
    c.outcome,
    list(
      'Results',
      c.metrics.map((m) => `${m.label} ${m.value}`),
      '; ',
    ),
    c.industry && `Industry: ${c.industry}`,
  );
}

export function projectText(p: ProjectFields): string {
  return lines(
    p.title,
    p.description,
    `Category: ${p.category}`,
    p.industry && `Industry: ${p.industry}`,
    list(
      'Requirements',
      p.requirements.map((r) => `${r.label}: ${r.value}`),
      '; ',
    ),
    list('Skills', p.skills),
  );
}

/** Hash of the text and the template version (hex, 32 chars). */
export function contentHash(text: string): string {
  return createHash('sha256').update(`${DOCUMENT_VERSION}\n${text}`).digest('hex').slice(0, 32);
}

/** Which owners to load: these ids, or a page in id order (`after` the last id of the previous page). */
export type DocumentSelection = { ids: readonly string[] } | { after?: string; limit: number };

/** The documents of these owners (missing ones are skipped), in id order. */
export async function loadDocuments(
  ex: Executor,
  kind: OwnerKind,
  select: DocumentSelection,
): Promise<EmbeddingDocument[]> {
  const byIds = 'ids' in select;
  if (byIds && select.ids.length === 0) return [];
  const args = byIds ? [JSON.stringify(select.ids)] : [select.after ?? '', select.limit];
  const make = (id: string, text: string): EmbeddingDocument => ({
    kind,
    id,
    text,
    contentHash: contentHash(text),
  });
  switch (kind) {
    case 'profile': {
      const where = byIds
        ? 'fp.user_id IN (SELECT value FROM json_each(?))'
        : 'fp.user_id > ? ORDER BY fp.user_id LIMIT ?';
      const rows = await all<{
        id: string;
        headline: string;
        bio: string;
        category: string;
        skills: string | null;
        industries: string | null;
        titles: string | null;
      }>(
        ex,
        `SELECT fp.user_id AS id, fp.headline, fp.bio, coalesce(c.name, fp.category) AS category,
           (SELECT json_group_array(name) FROM (
              SELECT s.name FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id
               WHERE ps.user_id = fp.user_id ORDER BY ps.years DESC, s.name)) AS skills,
           (SELECT json_group_array(name) FROM (
              SELECT coalesce(i.name, pi.industry) AS name FROM profile_industries pi
                LEFT JOIN industries i ON i.slug = pi.industry
               WHERE pi.user_id = fp.user_id ORDER BY 1)) AS industries,
           (SELECT json_group_array(title) FROM (
              SELECT title FROM case_studies WHERE freelancer_id = fp.user_id ORDER BY created_at, rowid)) AS titles
         FROM freelancer_profiles fp LEFT JOIN categories c ON c.slug = fp.category
        WHERE ${where}`,
        args,
      );
      return sortById(
        rows.map((r) =>
          make(
            r.id,
            profileText({
              headline: r.headline,
              bio: r.bio,
              category: r.category,
              skills: jsonList(r.skills),
              industries: jsonList(r.industries),
              caseStudyTitles: jsonList(r.titles),
            }),
          ),
        ),
      );
    }
    case 'case_study': {
      const where = byIds ? 'cs.id IN (SELECT value FROM json_each(?))' : 'cs.id > ? ORDER BY cs.id LIMIT ?';
      const rows = await all<{
        id: string;
        title: string;
        summary: string;
        outcome: string;
        metrics: string;
        industry: string | null;
      }>(
        ex,
        `SELECT cs.id, cs.title, cs.summary, cs.outcome, cs.metrics, coalesce(i.name, cs.industry) AS industry
           FROM case_studies cs LEFT JOIN industries i ON i.slug = cs.industry
          WHERE ${where}`,
        args,
      );
      return sortById(
        rows.map((r) =>
          make(
            r.id,
            caseStudyText({
              title: r.title,
              summary: r.summary,
              outcome: r.outcome,
              metrics: parseMetrics(r.metrics),
              industry: r.industry,
            }),
          ),
        ),
      );
    }
    case 'project': {
      const where = byIds ? 'p.id IN (SELECT value FROM json_each(?))' : 'p.id > ? ORDER BY p.id LIMIT ?';
      const rows = await all<{
        id: string;
        title: string;
        description: string;
        category: string;
        industry: string | null;
        skills: string | null;
        requirements: string | null;
      }>(
        ex,
        `SELECT p.id, p.title, p.description, coalesce(c.name, p.category) AS category,
           coalesce(i.name, p.industry) AS industry,
           (SELECT json_group_array(name) FROM (
              SELECT s.name FROM project_skills ps JOIN skills s ON s.id = ps.skill_id
               WHERE ps.project_id = p.id ORDER BY s.name)) AS skills,
           (SELECT json_group_array(json_array(label, value)) FROM (
              SELECT coalesce(f.label, r.field) AS label, r.value FROM project_requirements r
                LEFT JOIN category_requirement_fields f ON f.category = p.category AND f.field = r.field
               WHERE r.project_id = p.id ORDER BY r.field)) AS requirements
         FROM projects p LEFT JOIN categories c ON c.slug = p.category
           LEFT JOIN industries i ON i.slug = p.industry
        WHERE ${where}`,
        args,
      );
      return sortById(
        rows.map((r) =>
          make(
            r.id,
            projectText({
              title: r.title,
              description: r.description,
              category: r.category,
              industry: r.industry,
              skills: jsonList(r.skills),
              requirements: parseRequirements(r.requirements),
            }),
          ),
        ),
      );
    }
    default:
      throw new RangeError(`unknown owner kind: ${String(kind)}`);
  }
}

function sortById(docs: EmbeddingDocument[]): EmbeddingDocument[] {
  return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function jsonList(s: string | null): string[] {
  if (!s) return [];
  const v = JSON.parse(s) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

function parseMetrics(s: string): { label: string; value: string }[] {
  try {
    const v = JSON.parse(s) as unknown;
    if (!Array.isArray(v)) return [];
    return v.flatMap((m) =>
      m && typeof m.label === 'string' && typeof m.value === 'string'
        ? [{ label: m.label, value: m.value }]
        : [],
    );
  } catch {
    return [];
  }
}

/** Text and list answers only: yes/no and numbers say little about what the work is. */
function parseRequirements(s: string | null): { label: string; value: string }[] {
  if (!s) return [];
  const pairs = JSON.parse(s) as [string, string][];
  return pairs.flatMap(([label, raw]) => {
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      return [];
    }
    if (typeof v === 'string' && v.trim()) return [{ label, value: v.trim() }];
    if (Array.isArray(v)) {
      const items = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
      return items.length ? [{ label, value: items.join(', ') }] : [];
    }
    return [];
  });
}
