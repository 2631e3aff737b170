import { z } from 'zod';
import { listProposalRows } from '../../db/queries/proposals';
import { defineTool } from '../define';
import { requireOwnProject } from '../shared/projects';
import { Id, Page, ProposalStatus } from '../shared/schemas';
import { ProposalPage, proposalView } from './schemas';

export const listProposals = defineTool({
  name: 'list_proposals',
  title: "List a project's proposals",
  description:
    'Proposals received on one of your own projects, each with the freelancer (name, headline, rating, reviews, ' +
    'profile rate), the proposed amount, estimate, milestones and status. Withdrawn proposals are hidden unless ' +
    'you filter by status withdrawn. Sort by newest (default) or amount (lowest first). Paged with limit/offset.',
  roles: ['client'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    projectId: Id('Project'),
    status: ProposalStatus.optional().describe('Only proposals in this status'),
    sort: z.enum(['newest', 'amount']).default('newest').describe('newest first, or lowest amount first'),
    ...Page,
  }),
  output: ProposalPage,
  async authorize(ctx, input) {
    await requireOwnProject(ctx, input.projectId);
  },
  async run(ctx, input) {
    const { rows, total } = await listProposalRows(ctx.db, {
      projectId: input.projectId,
      ...(input.status ? { status: input.status } : { excludeStatuses: ['withdrawn'] }),
      sort: input.sort,
      limit: input.limit,
      offset: input.offset,
    });
    return { items: rows.map(proposalView), total, limit: input.limit, offset: input.offset };
  },
});
