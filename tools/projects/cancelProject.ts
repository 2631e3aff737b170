import { z } from 'zod';
import type { Executor } from '../../db/client';
import { cancelPlannedMilestones } from '../../db/queries/milestones';
import {
  countLiveProposals,
  findOpenContract,
  getProjectRow,
  type ProjectRow,
  rejectLiveProposals,
} from '../../db/queries/projects';
import { one, run } from '../../db/sql';
import { defineTool } from '../define';
import { conflict, notFound } from '../errors';
import { loadProjectView, requireOwnProject } from '../shared/projects';
import { Id, ProjectView } from '../shared/schemas';
import { plural } from './helpers';

/** Draft, open and in-progress projects can be cancelled, but never while a contract on them is running. */
async function assertCancellable(ex: Executor, p: ProjectRow): Promise<void> {
  if (p.status !== 'draft' && p.status !== 'open' && p.status !== 'in_progress') {
    throw conflict(
      `Project '${p.title}' is already ${p.status}; only draft, open or in-progress projects can be cancelled.`,
    );
  }
  const contract = await findOpenContract(ex, p.id);
  if (contract) {
    throw conflict(
      `Project '${p.title}' has an ${contract.status} contract (${contract.id}); the contract must be ended ` +
        'first (completed or cancelled, settling its money there), then the project can be cancelled.',
    );
  }
}

async function countPlannedMilestones(ex: Executor, projectId: string): Promise<number> {
  const row = await one<{ n: number }>(
    ex,
    `SELECT count(*) AS n FROM milestones WHERE project_id = ? AND status = 'planned'`,
    [projectId],
  );
  return Number(row?.n ?? 0);
}

export const cancelProject = defineTool({
  name: 'cancel_project',
  title: 'Cancel a project',
  description:
    'Cancel your own draft, open or in-progress project: it stops taking proposals, every live (submitted or ' +
    'shortlisted) proposal is declined and planned milestones are cancelled. Not possible while a contract on ' +
    'the project is active or paused: end the contract first. Moves no money. Asks you to confirm first.',
  roles: ['client'],
  effect: 'write',
  needsConfirmation: true,
  input: z.object({ projectId: Id('Project') }),
  output: z.object({
    project: ProjectView,
    declinedProposals: z.number().int().describe('Live proposals marked rejected'),
    cancelledMilestones: z.number().int().describe('Planned milestones marked cancelled'),
  }),
  async authorize(ctx, { projectId }) {
    const p = await requireOwnProject(ctx, projectId);
    await assertCancellable(ctx.db, p);
  },
  async summarize(ctx, { projectId }) {
    const p = await getProjectRow(ctx.db, projectId);
    if (!p) throw notFound('project', projectId);
    const [live, planned] = await Promise.all([
      countLiveProposals(ctx.db, p.id),
      countPlannedMilestones(ctx.db, p.id),
    ]);
    const parts = [
      p.status.replace('_', ' '),
      live > 0 ? `${plural(live, 'live proposal')} will be declined` : 'no live proposals to decline',
    ];
    if (planned > 0) parts.push(`${plural(planned, 'planned milestone')} will be cancelled`);
    return `Cancel project '${p.title}' (${parts.join(', ')}).`;
  },
  async run(ctx, { projectId }) {
    const at = ctx.now.toISOString();
    await run(ctx.db, `UPDATE projects SET status = 'cancelled', updated_at = ? WHERE id = ?`, [
      at,
      projectId,
    ]);
    const declinedProposals = await rejectLiveProposals(ctx.db, projectId, at);
    const cancelledMilestones = await cancelPlannedMilestones(ctx.db, projectId);
    return { project: await loadProjectView(ctx.db, projectId), declinedProposals, cancelledMilestones };
  },
});
