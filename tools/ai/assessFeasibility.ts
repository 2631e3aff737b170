import { FeasibilityInput, FeasibilityOutput, feasibility, subjectFromDraft } from '../../ai/feasibility';
import { defineTool } from '../define';
import { loadProjectView, requireOwnProject, requireSlug } from '../shared/projects';

export const assessFeasibilityTool = defineTool({
  name: 'assess_feasibility',
  title: 'Assess budget and timeline',
  description:
    'Check whether one of your projects (projectId) or a draft not saved yet (draft, e.g. createProjectInput ' +
    'from draft_project_from_brief) is realistic: the budget against what comparable projects on MegiLance ' +
    'budget (25th/50th/75th percentile) and what it buys at the median hourly rate of freelancers with the ' +
    'skills, the timeline against the scope (platforms, skills, integrations, milestones), how many freelancers ' +
    'have the skills, and missing required details. Returns a verdict (healthy, at_risk, unrealistic), flags ' +
    'that explain each problem with its numbers, what checks out, and suggestions. Changes nothing.',
  roles: ['client'],
  effect: 'read',
  input: FeasibilityInput,
  output: FeasibilityOutput,
  async authorize(ctx, input) {
    if (input.projectId) await requireOwnProject(ctx, input.projectId);
  },
  async run(ctx, input) {
    if (input.projectId) {
      const p = await loadProjectView(ctx.db, input.projectId);
      return feasibility(
        ctx.db,
        {
          projectId: p.id,
          title: p.title,
          description: p.description,
          category: p.category,
          skills: p.skills,
          pricing: p.pricing,
          budget: p.budget,
          timelineWeeks: p.timelineWeeks,
          deadline: p.deadline,
          requirements: p.requirements,
          milestones: p.milestones
            .filter((m) => m.status !== 'cancelled')
            .map((m) => ({ title: m.title, amount: m.amount.amount })),
        },
        ctx.now,
      );
    }
    const draft = input.draft!;
    await requireSlug(ctx.db, 'categories', draft.category, 'draft.category');
    return feasibility(ctx.db, subjectFromDraft(draft), ctx.now);
  },
});
