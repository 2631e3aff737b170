import { z } from 'zod';
import { listDisputeRows } from '../../db/queries/disputes';
import { requireContract } from '../contracts/access';
import { defineTool, ROLES } from '../define';
import { Id, Page } from '../shared/schemas';
import { DisputeStatus, DisputeView, disputeView } from './schemas';

export const listDisputes = defineTool({
  name: 'list_disputes',
  title: 'List disputes',
  description:
    'Disputes on your contracts, newest first (admins see every dispute, e.g. the open queue with status ' +
    '"open"). Filter by status (open, resolved) and by contract. Paged; get_dispute shows one with its evidence.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({
    status: DisputeStatus.optional().describe('Only open or only resolved disputes'),
    contractId: Id('Contract').optional().describe('Only disputes on this contract'),
    ...Page,
  }),
  output: z.object({
    total: z.number().int().describe('All disputes matching the filter, not just this page'),
    results: z.array(DisputeView),
  }),
  async authorize(ctx, input) {
    if (input.contractId) await requireContract(ctx, input.contractId, 'party-or-admin');
  },
  async run(ctx, input) {
    const { total, rows } = await listDisputeRows(ctx.db, {
      partyId: ctx.actor.role === 'admin' ? undefined : ctx.actor.id,
      status: input.status,
      contractId: input.contractId,
      limit: input.limit,
      offset: input.offset,
    });
    return { total, results: rows.map(disputeView) };
  },
});
