import { formatMinor } from '../../db/queries/ledger';
import type { ProjectSummaryRow } from '../../db/queries/projectSearch';
import type { ProjectRow } from '../../db/queries/projects';
import { conflict } from '../errors';
import type { ProjectSummary } from './schemas';

export function projectSummary(r: ProjectSummaryRow, skills: string[]): ProjectSummary {
  return {
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    title: r.title,
    category: r.category,
    industry: r.industry,
    skills,
    pricing: r.pricing,
    budget: { currency: r.currency, min: Number(r.budget_min_minor), max: Number(r.budget_max_minor) },
    timelineWeeks: r.timeline_weeks === null ? null : Number(r.timeline_weeks),
    deadline: r.deadline,
    status: r.status,
    proposalCount: Number(r.proposal_count),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The first words of a description, for rows without a search snippet. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Minor units as a person reads them: 250000 USD → "$2,500.00". */
export function formatMoney(minor: number, currency: string): string {
  return formatMinor(minor, currency);
}

/** Clients may change a project only while nobody is working on it yet. */
export function requireEditable(p: ProjectRow, doing: string): void {
  if (p.status !== 'draft' && p.status !== 'open') {
    throw conflict(
      `Project '${p.title}' is ${p.status.replace('_', ' ')}; only draft or open projects can be ${doing}.`,
    );
  }
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
