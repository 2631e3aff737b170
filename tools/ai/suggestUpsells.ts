import type { UpsellSubject } from '../../ai/deterministic/upsells';
import { suggestUpsells, UpsellsInput, UpsellsOutput } from '../../ai/upsells';
import { hasContractOnProject } from '../../db/queries/market';
import { getProjectRow } from '../../db/queries/projects';
import { requireContract } from '../contracts/access';
import { defineTool, type ToolContext } from '../define';
import { forbidden, notFound } from '../errors';
import { loadProjectView, requireOwnProject } from '../shared/projects';
import type { ProjectView } from '../shared/schemas';

/** Clients: their own project. Freelancers: an open project, or one they have a contract on. */
async function requireVisibleProject(ctx: ToolContext, projectId: string): Promise<void> {
  if (ctx.actor.role === 'client') {
    await requireOwnProject(ctx, projectId);
    return;
  }
  const p = await getProjectRow(ctx.db, projectId);
  if (!p || p.status === 'draft') throw notFound('project', projectId);
  if (p.status !== 'open' && !(await hasContractOnProject(ctx.db, projectId, ctx.actor.id)))
    throw forbidden('You can see this only for open projects or projects you have a contract on.');
}

function fromProject(
  p: ProjectView,
): Omit<UpsellSubject, 'contractId' | 'kind' | 'buildValue' | 'contractRate'> {
  return {
    projectId: p.id,
    title: p.title,
    description: p.description,
    category: p.category,
    skills: p.skills,
    pricing: p.pricing,
    currency: p.budget.currency,
    requirements: p.requirements,
    milestoneTitles: p.milestones.filter((m) => m.status !== 'cancelled').map((m) => m.title),
  };
}

export const suggestUpsellsTool = defineTool({
  name: 'suggest_upsells',
  title: 'Suggest upsells',
  description:
    'Follow-on work for a contract you are party to (contractId) or a project (projectId: your own as a client; ' +
    'an open one or one you have a contract on as a freelancer): a maintenance retainer (10% of the build a month ' +
    'for 3 months) and extra milestones that fit the scope and are not in it yet (e.g. App Store submission for ' +
    'an app, an accessibility review for a site). Each comes with a rationale and a price from market data: ' +
    'estimated hours × the median hourly rate of freelancers with the skills. Changes nothing.',
  roles: ['client', 'freelancer'],
  effect: 'read',
  input: UpsellsInput,
  output: UpsellsOutput,
  async authorize(ctx, input) {
    if (input.contractId) await requireContract(ctx, input.contractId, 'party');
    else if (input.projectId) await requireVisibleProject(ctx, input.projectId);
  },
  async run(ctx, input) {
    if (input.contractId) {
      const c = await requireContract(ctx, input.contractId, 'party');
      const p = await loadProjectView(ctx.db, c.project_id);
      const amount = Number(c.amount_minor);
      return suggestUpsells(
        ctx.db,
        {
          ...fromProject(p),
          contractId: c.id,
          currency: c.currency,
          kind: c.kind,
          buildValue: c.kind === 'fixed' && amount > 0 ? amount : null,
          contractRate: c.hourly_rate_minor === null ? null : Number(c.hourly_rate_minor),
        },
        ctx.now,
      );
    }
    const projectId = input.projectId!;
    await requireVisibleProject(ctx, projectId);
    const p = await loadProjectView(ctx.db, projectId);
    return suggestUpsells(
      ctx.db,
      {
        ...fromProject(p),
        contractId: null,
        kind: 'project',
        buildValue: p.pricing === 'fixed' ? p.budget.max : null,
        contractRate: null,
      },
      ctx.now,
    );
  },
});
