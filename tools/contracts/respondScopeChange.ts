import { z } from 'zod';
import {
  applyScopeChange,
  getMilestoneRow,
  getScopeChangeRow,
  resolveScopeChange,
} from '../../db/queries/contracts';
import { defineTool, type ToolContext } from '../define';
import { conflict, forbidden, notFound } from '../errors';
import { Id } from '../shared/schemas';
import { loadContractView, requireContract, scopeChangeView } from './access';
import { scopeChangeProblem } from './requestScopeChange';
import { ContractView, ScopeChangeView } from './schemas';

/** The request and its contract, when the caller is the party who did NOT ask for it. */
async function requireRespondent(ctx: ToolContext, scopeChangeId: string) {
  const s = await getScopeChangeRow(ctx.db, scopeChangeId);
  if (!s) throw notFound('scope change request', scopeChangeId);
  const contract = await requireContract(ctx, s.contract_id, 'party');
  if (s.requested_by === ctx.actor.id) {
    throw forbidden('You asked for this change; the other party of the contract must respond to it.');
  }
  return { s, contract };
}

export const respondScopeChange = defineTool({
  name: 'respond_scope_change',
  title: 'Respond to a scope change',
  description:
    'Approve or reject a pending scope change the other party of your contract asked for, with an optional ' +
    'note. Approving applies it at once: the contract amount moves by the delta, the named milestone’s amount ' +
    'too, and a new deadline replaces the contract’s (and that milestone’s due date). Each request is answered ' +
    'once; you cannot answer your own.',
  roles: ['client', 'freelancer'],
  effect: 'write',
  input: z.object({
    scopeChangeId: Id('Scope change request'),
    decision: z.enum(['approve', 'reject']),
    note: z.string().trim().max(5000).optional().describe('Why, or anything the other party should know'),
  }),
  output: z.object({ scopeChange: ScopeChangeView, contract: ContractView }),
  async authorize(ctx, input) {
    await requireRespondent(ctx, input.scopeChangeId);
  },
  async run(ctx, input) {
    const { s, contract } = await requireRespondent(ctx, input.scopeChangeId);
    if (s.status !== 'pending') throw conflict(`This scope change was already ${s.status}.`);
    if (input.decision === 'approve') {
      if (contract.status !== 'active') {
        throw conflict(
          `This contract is ${contract.status}; only changes to active contracts can be approved.`,
        );
      }
      const milestone = s.milestone_id ? await getMilestoneRow(ctx.db, s.milestone_id) : undefined;
      const problem = scopeChangeProblem(contract, milestone, Number(s.amount_delta_minor));
      if (problem) throw conflict(`This change can no longer apply: ${problem}`);
    }
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    const now = ctx.now.toISOString();
    if (!(await resolveScopeChange(ctx.db, s.id, status, ctx.actor.id, input.note ?? null, now))) {
      throw conflict('This scope change was answered meanwhile.');
    }
    if (status === 'approved') await applyScopeChange(ctx.db, s);
    const updated = await getScopeChangeRow(ctx.db, s.id);
    if (!updated) throw notFound('scope change request', s.id);
    return {
      scopeChange: scopeChangeView(updated, contract),
      contract: await loadContractView(ctx.db, contract.id),
    };
  },
});
