import type { Executor } from '../client';
import { all, one, run } from '../sql';

export interface MilestoneTotals {
  /** Sum of the project's planned milestones, in minor units. */
  plannedMinor: number;
  /** Highest position used so far (0 when there are none); new milestones continue after it. */
  maxPosition: number;
  /** Currencies of the milestones that are not cancelled. */
  currencies: string[];
}

export async function milestoneTotals(ex: Executor, projectId: string): Promise<MilestoneTotals> {
  const [sums, currencies] = await Promise.all([
    one<{ planned: number | null; max_position: number | null }>(
      ex,
      `SELECT sum(CASE WHEN status = 'planned' THEN amount_minor ELSE 0 END) AS planned,
              max(position) AS max_position
         FROM milestones WHERE project_id = ?`,
      [projectId],
    ),
    all<{ currency: string }>(
      ex,
      `SELECT DISTINCT currency FROM milestones WHERE project_id = ? AND status <> 'cancelled' ORDER BY currency`,
      [projectId],
    ),
  ]);
  return {
    plannedMinor: Number(sums?.planned ?? 0),
    maxPosition: Number(sums?.max_position ?? 0),
    currencies: currencies.map((c) => c.currency),
  };
}

export interface NewMilestone {
  id: string;
  projectId: string;
  position: number;
  title: string;
  description: string;
  amountMinor: number;
  currency: string;
  dueDate: string | null;
  createdAt: string;
}

/** A planned milestone on a project, not yet tied to a contract. */
export async function insertPlannedMilestone(ex: Executor, m: NewMilestone): Promise<void> {
  await run(
    ex,
    `INSERT INTO milestones (id, project_id, contract_id, position, title, description, amount_minor, currency,
                             due_date, status, created_at)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, 'planned', ?)`,
    [
      m.id,
      m.projectId,
      m.position,
      m.title,
      m.description,
      m.amountMinor,
      m.currency,
      m.dueDate,
      m.createdAt,
    ],
  );
}

/** Cancels every planned milestone of a project; returns how many. */
export async function cancelPlannedMilestones(ex: Executor, projectId: string): Promise<number> {
  return run(ex, `UPDATE milestones SET status = 'cancelled' WHERE project_id = ? AND status = 'planned'`, [
    projectId,
  ]);
}
