import { ImprovePostInput, ImprovePostOutput, improvePost } from '../../ai/improvePost';
import { defineTool } from '../define';
import { loadProjectView, requireOwnProject, requireSlug } from '../shared/projects';

export const improveJobPostTool = defineTool({
  name: 'improve_job_post',
  title: 'Improve a job post',
  description:
    "Restructure one of your projects' title and description (projectId), or a post not saved yet (title and " +
    'description): a specific title, then summary, scope, deliverables, skills, acceptance criteria and details ' +
    "sections built from the post's own sentences, milestones and requirement answers. Nothing is invented: " +
    'what the post does not say comes back as questions. Lists every change and why. Nothing is saved: pass ' +
    'updateProjectInput to update_project to apply it.',
  roles: ['client'],
  effect: 'read',
  input: ImprovePostInput,
  output: ImprovePostOutput,
  async authorize(ctx, input) {
    if (input.projectId) await requireOwnProject(ctx, input.projectId);
  },
  async run(ctx, input) {
    if (input.projectId) {
      const p = await loadProjectView(ctx.db, input.projectId);
      return improvePost(ctx.db, {
        projectId: p.id,
        title: p.title,
        description: p.description,
        category: p.category,
        industry: p.industry,
        skills: p.skills,
        pricing: p.pricing,
        budget: p.budget,
        timelineWeeks: p.timelineWeeks,
        deadline: p.deadline,
        requirements: p.requirements,
        milestones: p.milestones
          .filter((m) => m.status !== 'cancelled')
          .map((m) => ({ title: m.title, amount: m.amount.amount, currency: m.amount.currency })),
      });
    }
    if (input.category) await requireSlug(ctx.db, 'categories', input.category, 'category');
    return improvePost(ctx.db, {
      projectId: null,
      title: input.title ?? '',
      description: input.description ?? '',
      category: input.category ?? null,
      industry: null,
      skills: input.skills ?? [],
      pricing: null,
      budget: null,
      timelineWeeks: null,
      deadline: null,
      requirements: {},
      milestones: [],
    });
  },
});
