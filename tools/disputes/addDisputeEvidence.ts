import { z } from 'zod';
import { getDisputeRow, getEvidenceRow, insertEvidence } from '../../db/queries/disputes';
import { defineTool, ROLES } from '../define';
import { conflict, notFound } from '../errors';
import {
  DisputeIdInput,
  DisputeView,
  disputeView,
  EvidenceView,
  evidenceView,
  requireDispute,
} from './schemas';

export const addDisputeEvidence = defineTool({
  name: 'add_dispute_evidence',
  title: 'Add evidence to a dispute',
  description:
    'Add a statement and optional links (deliverables, messages, screenshots) to an open dispute on one of ' +
    'your contracts; admins may add notes to any dispute. Evidence is kept in order and read by the admin who ' +
    'resolves the dispute. A resolved dispute takes no more evidence.',
  roles: ROLES,
  effect: 'write',
  input: z.object({
    disputeId: DisputeIdInput,
    text: z.string().trim().min(1).max(5000).describe('Your statement or the facts you want considered'),
    links: z.array(z.url()).max(10).default([]).describe('Links to files, deliverables or messages'),
  }),
  output: z.object({ evidence: EvidenceView, dispute: DisputeView }),
  async authorize(ctx, input) {
    await requireDispute(ctx, input.disputeId);
  },
  async run(ctx, input) {
    const d = await requireDispute(ctx, input.disputeId);
    if (d.status !== 'open') throw conflict('This dispute is resolved; it takes no more evidence.');
    const id = ctx.newId('evd');
    await insertEvidence(ctx.db, {
      id,
      disputeId: d.id,
      authorId: ctx.actor.id,
      authorRole:
        ctx.actor.role === 'admin' ? 'admin' : d.client_id === ctx.actor.id ? 'client' : 'freelancer',
      body: input.text,
      links: input.links,
      now: ctx.now.toISOString(),
    });
    const evidence = await getEvidenceRow(ctx.db, id);
    const dispute = await getDisputeRow(ctx.db, d.id);
    if (!evidence || !dispute) throw notFound('dispute', d.id);
    return { evidence: evidenceView(evidence), dispute: disputeView(dispute) };
  },
});
