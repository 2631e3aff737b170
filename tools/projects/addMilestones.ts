import { z } from 'zod';
import { insertPlannedMilestone, milestoneTotals } from '../../db/queries/milestones';
import { defineTool } from '../define';
import { invalid, ToolError } from '../errors';
import { loadProjectView, requireOwnProject } from '../shared/projects';
import { Id, IsoDate, Money, ProjectView } from '../shared/schemas';
import { formatMoney, requireEditable } from './helpers';

export const addMilestones = defineTool({
  name: 'add_milestones',
  title: 'Add milestones to a project',
  description:
    'Plan 1 to 20 milestones on your own draft or open project, each with a title, optional description, ' +
    'amount in minor units and optional due date. Amounts must be in the project currency, and all planned ' +
    "milestones together may not exceed the project's budget maximum. New milestones go after existing ones.",
  roles: ['client'],
  effect: 'write',
  input: z.object({
    projectId: Id('Project'),
    milestones: z
      .array(
        z.object({
          title: z.string().trim().min(1).max(200),
          description: z.string().trim().max(5000).default(''),
          amount: Money.refine((m) => m.amount > 0, {
            message: 'A milestone must be worth more than zero.',
            path: ['amount'],
          }).describe("Amount in minor units, in the project's currency"),
          dueDate: IsoDate.optional(),
        }),
      )
      .min(1)
      .max(20)
      .describe('Milestones in the order they will be delivered'),
  }),
  output: ProjectView,
  async authorize(ctx, { projectId }) {
    await requireOwnProject(ctx, projectId);
  },
  async run(ctx, { projectId, milestones }) {
    const p = await requireOwnProject(ctx, projectId);
    requireEditable(p, 'given milestones');
    const wrongCurrency = milestones.flatMap((m, i) =>
      m.amount.currency === p.currency
        ? []
        : [
            {
              field: `milestones.${i}.amount.currency`,
              message: `Use ${p.currency}, the project's currency, not ${m.amount.currency}.`,
            },
          ],
    );
    if (wrongCurrency.length > 0) {
      throw new ToolError('VALIDATION', wrongCurrency.map((f) => `${f.field}: ${f.message}`).join('; '), {
        fields: wrongCurrency,
      });
    }
    const totals = await milestoneTotals(ctx.db, p.id);
    const added = milestones.reduce((sum, m) => sum + m.amount.amount, 0);
    const max = Number(p.budget_max_minor);
    if (totals.plannedMinor + added > max) {
      const money = (n: number) => formatMoney(n, p.currency);
      throw invalid(
        'milestones',
        `Planned milestones would total ${money(totals.plannedMinor + added)} (${money(totals.plannedMinor)} ` +
          `already planned + ${money(added)} new), above the project's budget maximum of ${money(max)}. ` +
          'Lower the amounts, or raise the budget first with update_project.',
      );
    }
    const createdAt = ctx.now.toISOString();
    for (const [i, m] of milestones.entries()) {
      await insertPlannedMilestone(ctx.db, {
        id: ctx.newId('mst'),
        projectId: p.id,
        position: totals.maxPosition + i + 1,
        title: m.title,
        description: m.description,
        amountMinor: m.amount.amount,
        currency: m.amount.currency,
        dueDate: m.dueDate ?? null,
        createdAt,
      });
    }
    return loadProjectView(ctx.db, p.id);
  },
});
