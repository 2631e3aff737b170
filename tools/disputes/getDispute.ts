import { z } from 'zod';
import { listEvidence } from '../../db/queries/disputes';
import { defineTool, ROLES } from '../define';
import {
  DisputeIdInput,
  DisputeView,
  disputeView,
  EvidenceView,
  evidenceView,
  requireDispute,
  SPLIT_ROUNDING,
} from './schemas';

export const getDispute = defineTool({
  name: 'get_dispute',
  title: 'Get a dispute',
  description:
    'One dispute on one of your contracts (admins: any): what escrow it freezes and how much it still holds, ' +
    'the reason and description, every piece of evidence in order, and, once resolved, the outcome (release, ' +
    'refund or split), how much each party got, the platform fee and the invoice.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({ disputeId: DisputeIdInput }),
  output: DisputeView.extend({ evidence: z.array(EvidenceView), splitRounding: z.string() }),
  async authorize(ctx, input) {
    await requireDispute(ctx, input.disputeId);
  },
  async run(ctx, input) {
    const d = await requireDispute(ctx, input.disputeId);
    const evidence = await listEvidence(ctx.db, d.id);
    return { ...disputeView(d), evidence: evidence.map(evidenceView), splitRounding: SPLIT_ROUNDING };
  },
});
