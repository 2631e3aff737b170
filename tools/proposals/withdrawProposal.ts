import { z } from 'zod';
import { getProposalRow, LIVE_PROPOSAL_STATUSES, setProposalStatus } from '../../db/queries/proposals';
import { defineTool, type ToolContext } from '../define';
import { conflict, forbidden, notFound } from '../errors';
import { Id } from '../shared/schemas';
import { ProposalView, proposalView } from './schemas';

/** Ownership for freelancer proposal tools: unknown → NOT_FOUND, another freelancer's → FORBIDDEN. */
export async function requireOwnProposal(ctx: ToolContext, proposalId: string) {
  const p = await getProposalRow(ctx.db, proposalId);
  if (!p) throw notFound('proposal', proposalId);
  if (p.freelancer_id !== ctx.actor.id) throw forbidden('This proposal belongs to another freelancer.');
  return p;
}

export const withdrawProposal = defineTool({
  name: 'withdraw_proposal',
  title: 'Withdraw a proposal',
  description:
    'Take back one of your own proposals while it is still submitted or shortlisted. The client no longer sees ' +
    'it as live, and you may send a new proposal to the same project afterwards. Accepted, rejected or already ' +
    'withdrawn proposals cannot be withdrawn.',
  roles: ['freelancer'],
  effect: 'write',
  input: z.object({ proposalId: Id('Proposal') }),
  output: ProposalView,
  async authorize(ctx, { proposalId }) {
    await requireOwnProposal(ctx, proposalId);
  },
  async run(ctx, { proposalId }) {
    const p = await requireOwnProposal(ctx, proposalId);
    const moved = await setProposalStatus(
      ctx.db,
      p.id,
      LIVE_PROPOSAL_STATUSES,
      'withdrawn',
      ctx.now.toISOString(),
    );
    if (!moved) {
      throw conflict(
        `This proposal is ${p.status}; only submitted or shortlisted proposals can be withdrawn.`,
      );
    }
    const row = await getProposalRow(ctx.db, p.id);
    if (!row) throw notFound('proposal', p.id);
    return proposalView(row);
  },
});
