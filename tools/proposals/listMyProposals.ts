import { z } from 'zod';
import { listProposalRows } from '../../db/queries/proposals';
import { defineTool } from '../define';
import { Page, ProposalStatus } from '../shared/schemas';
import { ProposalPage, proposalView } from './schemas';

export const listMyProposals = defineTool({
  name: 'list_my_proposals',
  title: 'List my proposals',
  description:
    'Your own proposals, newest first, each with its project title and status, its price and, once accepted, the ' +
    'contract id. Filter by status (submitted, shortlisted, accepted, rejected, withdrawn); paged with limit/offset.',
  roles: ['freelancer'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    status: ProposalStatus.optional().describe('Only proposals in this status'),
    ...Page,
  }),
  output: ProposalPage,
  async run(ctx, input) {
    const { rows, total } = await listProposalRows(ctx.db, {
      freelancerId: ctx.actor.id,
      ...(input.status ? { status: input.status } : {}),
      sort: 'newest',
      limit: input.limit,
      offset: input.offset,
    });
    return { items: rows.map(proposalView), total, limit: input.limit, offset: input.offset };
  },
});
