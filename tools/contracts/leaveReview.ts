import { z } from 'zod';
import {
  findReview,
  getContractMilestones,
  getReviewRow,
  insertReview,
  refreshFreelancerRating,
} from '../../db/queries/contracts';
import { defineTool } from '../define';
import { conflict, notFound } from '../errors';
import { Id } from '../shared/schemas';
import { requireContract, reviewView, sideOf } from './access';
import { ReviewView, Score } from './schemas';

const DONE = new Set(['approved', 'paid']);

export const leaveReview = defineTool({
  name: 'leave_review',
  title: 'Leave a review',
  description:
    'Review the other party of one of your contracts, once the work is done: the contract is completed, or it ' +
    'has milestones and every one that is not cancelled is approved or paid. Score quality, communication, ' +
    'speed and reliability from 1 to 5 and add a comment. Each party reviews a contract once. A client’s review ' +
    "updates the freelancer's public rating (the mean of each client review's four-score average) and review count.",
  roles: ['client', 'freelancer'],
  effect: 'write',
  input: z.object({
    contractId: Id('Contract'),
    quality: Score.describe('Quality of the work, 1–5'),
    communication: Score.describe('Communication, 1–5'),
    speed: Score.describe('Speed and timeliness, 1–5'),
    reliability: Score.describe('Reliability, 1–5'),
    comment: z.string().trim().max(5000).default('').describe('What went well or not, in a few sentences'),
  }),
  output: z.object({
    review: ReviewView,
    freelancerRating: z
      .object({ rating: z.number().nullable(), reviewsCount: z.number().int() })
      .nullable()
      .describe("The freelancer's updated rating after a client review; null for a freelancer's review"),
  }),
  async authorize(ctx, input) {
    await requireContract(ctx, input.contractId, 'party');
  },
  async run(ctx, input) {
    const contract = await requireContract(ctx, input.contractId, 'party');
    const side = sideOf(contract, ctx.actor.id);
    if (contract.status !== 'completed') {
      const milestones = (await getContractMilestones(ctx.db, contract.id)).filter(
        (m) => m.status !== 'cancelled',
      );
      const allDone = milestones.length > 0 && milestones.every((m) => DONE.has(m.status));
      if (!allDone) {
        throw conflict(
          'Reviews open once the contract is completed or all of its milestones are approved or paid; ' +
            `this contract is ${contract.status}` +
            (milestones.length > 0
              ? ` with ${milestones.filter((m) => !DONE.has(m.status)).length} milestone(s) still open.`
              : ' and has no milestones.'),
        );
      }
    }
    const existing = await findReview(ctx.db, contract.id, ctx.actor.id);
    if (existing) throw conflict(`You already reviewed this contract (review ${existing.id}).`);

    const id = ctx.newId('rev');
    const now = ctx.now.toISOString();
    const freelancerReviewed = side === 'client';
    await insertReview(ctx.db, {
      id,
      contractId: contract.id,
      reviewerId: ctx.actor.id,
      revieweeId: freelancerReviewed ? contract.freelancer_id : contract.client_id,
      quality: input.quality,
      communication: input.communication,
      speed: input.speed,
      reliability: input.reliability,
      comment: input.comment,
      now,
    });
    const freelancerRating = freelancerReviewed
      ? await refreshFreelancerRating(ctx.db, contract.freelancer_id, now)
      : null;
    const row = await getReviewRow(ctx.db, id);
    if (!row) throw notFound('review', id);
    return { review: reviewView(row, contract), freelancerRating };
  },
});
