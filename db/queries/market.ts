/**
 * Market data for the AI tools: what freelancers charge and what clients budget, read from our own tables.
 * Only aggregates leave the ai/ layer; these rows never reach a caller as they are.
 */
import type { Executor } from '../client';
import { all, one } from '../sql';

/** Projects that say something about the market: posted and not withdrawn (drafts are private, cancelled ones noise). */
export const MARKET_PROJECT_STATUSES = ['open', 'in_progress', 'completed'] as const;

export interface RateRow {
  user_id: string;
  rate_minor: number;
  currency: string;
}

/** Hourly rates of active freelancers who list any of these skills (each freelancer once). */
export async function freelancerRatesForSkills(
  ex: Executor,
  skillIds: readonly string[],
): Promise<RateRow[]> {
  if (skillIds.length === 0) return [];
  const marks = skillIds.map(() => '?').join(', ');
  return all<RateRow>(
    ex,
    `SELECT fp.user_id, fp.hourly_rate_minor AS rate_minor, fp.currency
       FROM freelancer_profiles fp
       JOIN users u ON u.id = fp.user_id AND u.status = 'active' AND u.role = 'freelancer'
      WHERE fp.hourly_rate_minor > 0
        AND EXISTS (SELECT 1 FROM profile_skills ps WHERE ps.user_id = fp.user_id AND ps.skill_id IN (${marks}))
      ORDER BY fp.user_id`,
    [...skillIds],
  );
}

/** Hourly rates of active freelancers whose main category is this one. */
export async function freelancerRatesInCategory(ex: Executor, category: string): Promise<RateRow[]> {
  return all<RateRow>(
    ex,
    `SELECT fp.user_id, fp.hourly_rate_minor AS rate_minor, fp.currency
       FROM freelancer_profiles fp
       JOIN users u ON u.id = fp.user_id AND u.status = 'active' AND u.role = 'freelancer'
      WHERE fp.category = ? AND fp.hourly_rate_minor > 0
      ORDER BY fp.user_id`,
    [category],
  );
}

export interface BudgetRow {
  id: string;
  budget_min_minor: number;
  budget_max_minor: number;
  currency: string;
  timeline_weeks: number | null;
}

export interface BudgetQuery {
  category: string;
  pricing: 'fixed' | 'hourly';
  /** Only projects that ask for at least one of these skills; all of the category when absent or empty. */
  skillIds?: readonly string[];
  /** Leave this project out (the one being assessed). */
  excludeProjectId?: string;
}

/** Budgets and timelines of posted projects in a category with the same pricing. */
export async function projectBudgets(ex: Executor, q: BudgetQuery): Promise<BudgetRow[]> {
  const statuses = MARKET_PROJECT_STATUSES.map(() => '?').join(', ');
  const args: (string | number)[] = [q.category, q.pricing, ...MARKET_PROJECT_STATUSES];
  let skillFilter = '';
  if (q.skillIds && q.skillIds.length > 0) {
    skillFilter = `AND EXISTS (SELECT 1 FROM project_skills ps WHERE ps.project_id = p.id AND ps.skill_id IN (${q.skillIds
      .map(() => '?')
      .join(', ')}))`;
    args.push(...q.skillIds);
  }
  let exclude = '';
  if (q.excludeProjectId) {
    exclude = 'AND p.id <> ?';
    args.push(q.excludeProjectId);
  }
  return all<BudgetRow>(
    ex,
    `SELECT p.id, p.budget_min_minor, p.budget_max_minor, p.currency, p.timeline_weeks
       FROM projects p
      WHERE p.category = ? AND p.pricing = ? AND p.status IN (${statuses}) ${skillFilter} ${exclude}
      ORDER BY p.id`,
    args,
  );
}

export interface RequirementFieldRow {
  field: string;
  label: string;
  kind: 'text' | 'list' | 'number' | 'boolean';
  required: number;
}

/** The requirement fields a category asks clients to answer, in a stable order. */
export async function categoryRequirementFields(
  ex: Executor,
  category: string,
): Promise<RequirementFieldRow[]> {
  return all<RequirementFieldRow>(
    ex,
    'SELECT field, label, kind, required FROM category_requirement_fields WHERE category = ? ORDER BY required DESC, field',
    [category],
  );
}

/** A category's display name, or undefined for an unknown slug. */
export async function categoryName(ex: Executor, slug: string): Promise<string | undefined> {
  return (await one<{ name: string }>(ex, 'SELECT name FROM categories WHERE slug = ?', [slug]))?.name;
}

/** An industry's display name, or undefined for an unknown slug. */
export async function industryName(ex: Executor, slug: string): Promise<string | undefined> {
  return (await one<{ name: string }>(ex, 'SELECT name FROM industries WHERE slug = ?', [slug]))?.name;
}

/** Whether the freelancer has a contract on the project (any status). */
export async function hasContractOnProject(
  ex: Executor,
  projectId: string,
  freelancerId: string,
): Promise<boolean> {
  const row = await one(
    ex,
    'SELECT 1 AS x FROM contracts WHERE project_id = ? AND freelancer_id = ? LIMIT 1',
    [projectId, freelancerId],
  );
  return row !== undefined;
}

export interface NamedSlugRow {
  slug: string;
  name: string;
}

/** Every category, by slug. */
export async function allCategories(ex: Executor): Promise<NamedSlugRow[]> {
  return all<NamedSlugRow>(ex, 'SELECT slug, name FROM categories ORDER BY slug');
}

/** Every industry, by slug. */
export async function allIndustries(ex: Executor): Promise<NamedSlugRow[]> {
  return all<NamedSlugRow>(ex, 'SELECT slug, name FROM industries ORDER BY slug');
}

/** Every category's requirement fields, for prompts that list the categories. */
export async function allRequirementFields(
  ex: Executor,
): Promise<(RequirementFieldRow & { category: string })[]> {
  return all<RequirementFieldRow & { category: string }>(
    ex,
    'SELECT category, field, label, kind, required FROM category_requirement_fields ORDER BY category, required DESC, field',
  );
}
