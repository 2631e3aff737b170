import type { Executor } from '../client';
import { all, one, run } from '../sql';

export interface ProjectRow {
  id: string;
  client_id: string;
  client_name: string;
  title: string;
  description: string;
  category: string;
  industry: string | null;
  pricing: 'fixed' | 'hourly';
  budget_min_minor: number;
  budget_max_minor: number;
  currency: string;
  timeline_weeks: number | null;
  deadline: string | null;
  status: 'draft' | 'open' | 'in_progress' | 'completed' | 'cancelled';
  created_at: string;
  updated_at: string;
  proposal_count: number;
}

export interface MilestoneRow {
  id: string;
  project_id: string;
  contract_id: string | null;
  position: number;
  title: string;
  description: string;
  amount_minor: number;
  currency: string;
  due_date: string | null;
  status: string;
}

export async function getProjectRow(ex: Executor, id: string): Promise<ProjectRow | undefined> {
  return one<ProjectRow>(
    ex,
    `SELECT p.*, u.display_name AS client_name,
            (SELECT count(*) FROM proposals pr WHERE pr.project_id = p.id AND pr.status <> 'withdrawn') AS proposal_count
       FROM projects p JOIN users u ON u.id = p.client_id
      WHERE p.id = ?`,
    [id],
  );
}

export async function getProjectSkills(ex: Executor, projectId: string): Promise<string[]> {
  const rows = await all<{ name: string }>(
    ex,
    'SELECT s.name FROM project_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.project_id = ? ORDER BY s.name',
    [projectId],
  );
  return rows.map((r) => r.name);
}

export async function getProjectRequirements(
  ex: Executor,
  projectId: string,
): Promise<Record<string, unknown>> {
  const rows = await all<{ field: string; value: string }>(
    ex,
    'SELECT field, value FROM project_requirements WHERE project_id = ? ORDER BY field',
    [projectId],
  );
  return Object.fromEntries(rows.map((r) => [r.field, JSON.parse(r.value)]));
}

export async function getProjectMilestones(ex: Executor, projectId: string): Promise<MilestoneRow[]> {
  return all<MilestoneRow>(ex, 'SELECT * FROM milestones WHERE project_id = ? ORDER BY position', [
    projectId,
  ]);
}

export async function setProjectSkills(ex: Executor, projectId: string, skillIds: string[]): Promise<void> {
  await run(ex, 'DELETE FROM project_skills WHERE project_id = ?', [projectId]);
  for (const skillId of skillIds) {
    await run(ex, 'INSERT INTO project_skills (project_id, skill_id) VALUES (?, ?)', [projectId, skillId]);
  }
}

export async function setProjectRequirements(
  ex: Executor,
  projectId: string,
  requirements: Record<string, unknown>,
): Promise<void> {
  for (const [field, value] of Object.entries(requirements)) {
    await run(
      ex,
      `INSERT INTO project_requirements (project_id, field, value) VALUES (?, ?, ?)
       ON CONFLICT (project_id, field) DO UPDATE SET value = excluded.value`,
      [projectId, field, JSON.stringify(value)],
    );
  }
}

/**
 * Keeps the FTS row in step with the project; call in the same transaction that changed it.
 * The FTS rowid is the project's rowid, so replacing a row is an index lookup, not a scan.
 */
export async function reindexProject(ex: Executor, projectId: string): Promise<void> {
  await run(ex, 'DELETE FROM projects_fts WHERE rowid = (SELECT rowid FROM projects WHERE id = ?)', [
    projectId,
  ]);
  await run(
    ex,
    `INSERT INTO projects_fts (rowid, project_id, title, description, skills)
     SELECT p.rowid, p.id, p.title, p.description,
            coalesce((SELECT group_concat(s.name, ' ') FROM project_skills ps JOIN skills s ON s.id = ps.skill_id
                       WHERE ps.project_id = p.id), '')
       FROM projects p WHERE p.id = ?`,
    [projectId],
  );
}

/** Proposals still in play on a project (submitted or shortlisted). */
export async function countLiveProposals(ex: Executor, projectId: string): Promise<number> {
  const row = await one<{ n: number }>(
    ex,
    `SELECT count(*) AS n FROM proposals WHERE project_id = ? AND status IN ('submitted', 'shortlisted')`,
    [projectId],
  );
  return Number(row?.n ?? 0);
}

/** Declines every live proposal on a project; returns how many. */
export async function rejectLiveProposals(ex: Executor, projectId: string, at: string): Promise<number> {
  return run(
    ex,
    `UPDATE proposals SET status = 'rejected', updated_at = ?
      WHERE project_id = ? AND status IN ('submitted', 'shortlisted')`,
    [at, projectId],
  );
}

/** The project's running (active or paused) contract, if any. */
export async function findOpenContract(
  ex: Executor,
  projectId: string,
): Promise<{ id: string; status: 'active' | 'paused' } | undefined> {
  return one(
    ex,
    `SELECT id, status FROM contracts WHERE project_id = ? AND status IN ('active', 'paused') LIMIT 1`,
    [projectId],
  );
}
