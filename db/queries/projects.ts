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

/** Keeps the FTS row in step with the project; call in the same transaction that changed it. */
export async function reindexProject(ex: Executor, projectId: string): Promise<void> {
  await run(ex, 'DELETE FROM projects_fts WHERE project_id = ?', [projectId]);
  await run(
    ex,
    `INSERT INTO projects_fts (project_id, title, description, skills)
     SELECT p.id, p.title, p.description,
            coalesce((SELECT group_concat(s.name, ' ') FROM project_skills ps JOIN skills s ON s.id = ps.skill_id
                       WHERE ps.project_id = p.id), '')
       FROM projects p WHERE p.id = ?`,
    [projectId],
  );
}
