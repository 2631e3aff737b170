import type { Executor } from '../../db/client';
import {
  getProjectMilestones,
  getProjectRequirements,
  getProjectRow,
  getProjectSkills,
  type MilestoneRow,
  type ProjectRow,
} from '../../db/queries/projects';
import { resolveSkills } from '../../db/queries/skills';
import { all } from '../../db/sql';
import type { ToolContext } from '../define';
import { invalid, notFound, ToolError } from '../errors';
import type { MilestoneView, ProjectView } from './schemas';

export function milestoneView(m: MilestoneRow): MilestoneView {
  return {
    id: m.id,
    projectId: m.project_id,
    contractId: m.contract_id,
    position: Number(m.position),
    title: m.title,
    description: m.description,
    amount: { amount: Number(m.amount_minor), currency: m.currency },
    dueDate: m.due_date,
    status: m.status as MilestoneView['status'],
  };
}

export async function loadProjectView(ex: Executor, id: string): Promise<ProjectView> {
  const p = await getProjectRow(ex, id);
  if (!p) throw notFound('project', id);
  return projectView(ex, p);
}

export async function projectView(ex: Executor, p: ProjectRow): Promise<ProjectView> {
  const [skills, requirements, milestones] = await Promise.all([
    getProjectSkills(ex, p.id),
    getProjectRequirements(ex, p.id),
    getProjectMilestones(ex, p.id),
  ]);
  return {
    id: p.id,
    clientId: p.client_id,
    clientName: p.client_name,
    title: p.title,
    description: p.description,
    category: p.category,
    industry: p.industry,
    skills,
    pricing: p.pricing,
    budget: { currency: p.currency, min: Number(p.budget_min_minor), max: Number(p.budget_max_minor) },
    timelineWeeks: p.timeline_weeks === null ? null : Number(p.timeline_weeks),
    deadline: p.deadline,
    status: p.status,
    requirements,
    milestones: milestones.map(milestoneView),
    proposalCount: Number(p.proposal_count),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

/**
 * Ownership for client tools: the project must exist and belong to the caller.
 * Another client's project is FORBIDDEN, and the error says nothing else about it.
 */
export async function requireOwnProject(ctx: ToolContext, projectId: string): Promise<ProjectRow> {
  const p = await getProjectRow(ctx.db, projectId);
  if (!p) throw notFound('project', projectId);
  if (p.client_id !== ctx.actor.id)
    throw new ToolError('FORBIDDEN', 'This project belongs to another client.');
  return p;
}

/** Skill names to ids, or a VALIDATION error naming the field and the unknown skills. */
export async function skillIdsOrFail(ex: Executor, names: string[], field = 'skills'): Promise<string[]> {
  const { found, unknown } = await resolveSkills(ex, names);
  if (unknown.length > 0) {
    const message = `Unknown skill${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`;
    throw new ToolError('VALIDATION', `${field}: ${message}`, { fields: [{ field, message }] });
  }
  return found.map((s) => s.id);
}

/** A category or industry slug must exist; the error names the field and the slug. */
export async function requireSlug(
  ex: Executor,
  table: 'categories' | 'industries',
  slug: string,
  field: string,
): Promise<void> {
  const rows = await all(ex, `SELECT 1 FROM ${table} WHERE slug = ?`, [slug]);
  if (rows.length === 0) throw invalid(field, `Unknown ${field} "${slug}".`);
}

/** The category's required requirement fields must be answered, and answers must have the declared kind. */
export async function checkRequirements(ex: Executor, category: string, answers: Record<string, unknown>) {
  const fields = await all<{ field: string; label: string; kind: string; required: number }>(
    ex,
    'SELECT field, label, kind, required FROM category_requirement_fields WHERE category = ?',
    [category],
  );
  const errors: { field: string; message: string }[] = [];
  for (const f of fields) {
    const value = answers[f.field];
    if (value === undefined || value === null || value === '') {
      if (Number(f.required))
        errors.push({ field: `requirements.${f.field}`, message: `${f.label} is required.` });
      continue;
    }
    const ok =
      (f.kind === 'text' && typeof value === 'string') ||
      (f.kind === 'number' && typeof value === 'number') ||
      (f.kind === 'boolean' && typeof value === 'boolean') ||
      (f.kind === 'list' && Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) errors.push({ field: `requirements.${f.field}`, message: `${f.label} must be a ${f.kind}.` });
  }
  if (errors.length > 0) {
    throw new ToolError('VALIDATION', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      fields: errors,
    });
  }
}
