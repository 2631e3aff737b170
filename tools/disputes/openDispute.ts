import { z } from 'zod';
import { getBillingPeriodByHold, setTimeLogsStatus, unbilledTimeLogs } from '../../db/queries/billing';
import { getMilestoneRow } from '../../db/queries/contracts';
import { getDisputeRow, insertDispute, openDisputeForHold } from '../../db/queries/disputes';
import { type HoldRow, holdForMilestone, remainingOf, setHoldDisputed } from '../../db/queries/holds';
import { formatMinor } from '../../db/queries/ledger';
import { one } from '../../db/sql';
import { accountRisk } from '../../trust/risk/hooks';
import { requireContract, sideOf } from '../contracts/access';
import { defineTool, type ToolContext } from '../define';
import { conflict, forbidden, notFound } from '../errors';
import { Id } from '../shared/schemas';
import { DisputeReason, DisputeView, disputeView } from './schemas';

interface Target {
  milestoneId?: string | undefined;
  contractId?: string | undefined;
  period?: string | undefined;
}

/** The contract (the caller must be a party) and the hold the dispute is about. */
async function locate(ctx: ToolContext, input: Target) {
  let contractId: string;
  let milestoneTitle: string | null = null;
  if (input.milestoneId) {
    const m = await getMilestoneRow(ctx.db, input.milestoneId);
    if (!m) throw notFound('milestone', input.milestoneId);
    if (!m.contract_id) throw forbidden('This milestone is not part of one of your contracts.');
    contractId = m.contract_id;
    milestoneTitle = m.title;
  } else {
    contractId = input.contractId ?? '';
  }
  const contract = await requireContract(ctx, contractId, 'party');
  const hold = input.milestoneId
    ? await holdForMilestone(ctx.db, input.milestoneId)
    : await one<HoldRow>(ctx.db, 'SELECT * FROM escrow_holds WHERE contract_id = ? AND period = ?', [
        contract.id,
        input.period ?? '',
      ]);
  return { contract, hold, milestoneTitle };
}

/** The hold, when it can be disputed now: funded, not settled, no open dispute. */
async function disputableHold(ctx: ToolContext, input: Target) {
  const found = await locate(ctx, input);
  const what = input.milestoneId ? 'This milestone' : `${input.period}`;
  const { hold } = found;
  if (!hold) throw conflict(`${what} is not funded: there is no money in escrow to dispute.`);
  if (hold.status === 'settled') {
    throw conflict(`${what}'s escrow is already released or refunded; there is nothing left to dispute.`);
  }
  const open = await openDisputeForHold(ctx.db, hold.id);
  if (open || hold.status === 'disputed') {
    throw conflict(`${what} already has an open dispute${open ? ` (${open.id})` : ''}; add evidence to it.`);
  }
  return { ...found, hold };
}

export const openDispute = defineTool({
  name: 'open_dispute',
  title: 'Open a dispute',
  description:
    'As the client or the freelancer of a contract, dispute money held in escrow: a funded milestone ' +
    '(milestoneId), or a funded hourly week / retainer month (contractId + period, e.g. 2026-W48 or 2026-11). ' +
    'Opening freezes everything that escrow still holds: neither approval/release nor refund can move it until ' +
    'an admin resolves the dispute (release, refund, or a split). Give a reason and describe what went wrong; ' +
    'both parties can then add evidence. One open dispute per escrow; money already released or refunded ' +
    'cannot be disputed. Needs your confirmation.',
  roles: ['client', 'freelancer'],
  effect: 'write',
  needsConfirmation: true,
  input: z
    .object({
      milestoneId: Id('Milestone').optional().describe('The funded milestone to dispute'),
      contractId: Id('Contract').optional().describe('With period: the hourly or retainer contract'),
      period: z
        .string()
        .regex(/^\d{4}-(W\d{2}|\d{2})$/, 'Use an ISO week (2026-W48) or a month (2026-11).')
        .optional()
        .describe('With contractId: the funded hourly week (2026-W48) or retainer month (2026-11)'),
      reason: DisputeReason,
      description: z.string().trim().min(10).max(5000).describe('What went wrong, for the admin who decides'),
    })
    .superRefine((input, ctx) => {
      const byMilestone = input.milestoneId !== undefined;
      const byPeriod = input.contractId !== undefined || input.period !== undefined;
      if (byMilestone && byPeriod) {
        ctx.addIssue({
          code: 'custom',
          path: ['milestoneId'],
          message: 'Give a milestoneId, or contractId + period, not both.',
        });
      } else if (!byMilestone && !byPeriod) {
        ctx.addIssue({
          code: 'custom',
          path: ['milestoneId'],
          message: 'Give a milestoneId, or contractId + period.',
        });
      } else if (byPeriod && (input.contractId === undefined || input.period === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [input.contractId === undefined ? 'contractId' : 'period'],
          message: 'A period dispute needs both contractId and period.',
        });
      }
    }),
  output: DisputeView,
  async authorize(ctx, input) {
    await locate(ctx, input);
  },
  async summarize(ctx, input) {
    const { contract, hold, milestoneTitle } = await disputableHold(ctx, input);
    const what = milestoneTitle ? `milestone “${milestoneTitle}”` : `${input.period}`;
    return (
      `Open a dispute (${input.reason}) on ${what} of contract ${contract.id} (“${contract.project_title}”): ` +
      `this freezes the ${formatMinor(remainingOf(hold), hold.currency)} still in escrow until an admin ` +
      'resolves it; no release or refund moves it meanwhile.'
    );
  },
  risk: accountRisk('open_dispute'),
  async run(ctx, input) {
    const { contract, hold } = await disputableHold(ctx, input);
    const side = sideOf(contract, ctx.actor.id);
    if (!side) throw forbidden('This contract is between other people.');
    await setHoldDisputed(ctx.db, hold.id, true);
    const id = ctx.newId('dsp');
    await insertDispute(ctx.db, {
      id,
      holdId: hold.id,
      contractId: contract.id,
      milestoneId: hold.milestone_id,
      period: hold.period,
      openedBy: ctx.actor.id,
      openedByRole: side,
      reason: input.reason,
      description: input.description,
      now: ctx.now.toISOString(),
    });
    // An hourly week's unbilled time is in question too: its logs show as disputed until the resolution.
    const period = await getBillingPeriodByHold(ctx.db, hold.id);
    if (period?.kind === 'hourly_week') {
      const logs = await unbilledTimeLogs(ctx.db, contract.id, period.starts_on, period.ends_on);
      await setTimeLogsStatus(
        ctx.db,
        logs.map((l) => l.id),
        'disputed',
      );
    }
    const row = await getDisputeRow(ctx.db, id);
    if (!row) throw notFound('dispute', id);
    return disputeView(row);
  },
});
