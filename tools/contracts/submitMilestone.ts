import { z } from 'zod';
import { getMilestoneRow, markMilestoneSubmitted } from '../../db/queries/contracts';
import { defineTool, type ToolContext } from '../define';
import { conflict, forbidden, notFound } from '../errors';
import { milestoneView } from '../shared/projects';
import { Id, MilestoneView } from '../shared/schemas';
import { requireContract } from './access';

/** The milestone and its contract, when the caller is that contract's freelancer. */
async function requireOwnMilestone(ctx: ToolContext, milestoneId: string) {
  const m = await getMilestoneRow(ctx.db, milestoneId);
  if (!m) throw notFound('milestone', milestoneId);
  if (!m.contract_id) throw forbidden('This milestone is not part of one of your contracts.');
  const contract = await requireContract(ctx, m.contract_id, 'freelancer');
  return { m, contract };
}

export const submitMilestone = defineTool({
  name: 'submit_milestone',
  title: 'Submit a milestone',
  description:
    'Hand in the work for a milestone on one of your own active contracts, with a note for the client and ' +
    'optional links to the deliverables. The milestone must be active or funded; it becomes submitted and waits ' +
    'for the client to approve it. The links are kept with the note, under "Deliverables:".',
  roles: ['freelancer'],
  effect: 'write',
  input: z.object({
    milestoneId: Id('Milestone'),
    note: z.string().trim().min(1).max(5000).describe('What you delivered and how to review it'),
    deliverables: z
      .array(z.url())
      .max(20)
      .default([])
      .describe('Links to the delivered work (repository, files, preview)'),
  }),
  output: z.object({
    milestone: MilestoneView,
    submissionNote: z.string(),
    deliverables: z.array(z.string()),
    submittedAt: z.string(),
  }),
  async authorize(ctx, input) {
    await requireOwnMilestone(ctx, input.milestoneId);
  },
  async run(ctx, input) {
    const { m, contract } = await requireOwnMilestone(ctx, input.milestoneId);
    if (contract.status !== 'active') {
      throw conflict(
        `The contract is ${contract.status}; milestones can only be submitted on active contracts.`,
      );
    }
    const note =
      input.deliverables.length > 0
        ? `${input.note}\n\nDeliverables:\n${input.deliverables.map((d) => `- ${d}`).join('\n')}`
        : input.note;
    const now = ctx.now.toISOString();
    if (!(await markMilestoneSubmitted(ctx.db, m.id, note, now))) {
      throw conflict(`This milestone is ${m.status}; only active or funded milestones can be submitted.`);
    }
    const updated = await getMilestoneRow(ctx.db, m.id);
    if (!updated) throw notFound('milestone', m.id);
    return {
      milestone: milestoneView(updated),
      submissionNote: note,
      deliverables: input.deliverables,
      submittedAt: now,
    };
  },
});
