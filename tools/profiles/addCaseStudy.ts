import { countCaseStudies, getCaseStudy, getProfileRow, insertCaseStudy } from '../../db/queries/profiles';
import { embedDocuments } from '../../jobs/handlers/embedDocuments';
import { defineTool } from '../define';
import { conflict, ToolError } from '../errors';
import { requireSlug } from '../shared/projects';
import { AddCaseStudyInput, CaseStudyView, MAX_CASE_STUDIES } from './schemas';
import { caseStudyView } from './view';

export const addCaseStudy = defineTool({
  name: 'add_case_study',
  title: 'Add a case study',
  description:
    'Add a case study to your freelancer profile: title, summary, outcome, up to 10 metrics ' +
    `({label, value}) and an optional industry. At most ${MAX_CASE_STUDIES} case studies per freelancer.`,
  roles: ['freelancer'],
  effect: 'write',
  input: AddCaseStudyInput,
  output: CaseStudyView,
  async run(ctx, input) {
    const userId = ctx.actor.id;
    if (!(await getProfileRow(ctx.db, userId))) {
      throw new ToolError('NOT_FOUND', 'Create your freelancer profile first (update_my_profile).');
    }
    if (input.industry) await requireSlug(ctx.db, 'industries', input.industry, 'industry');
    if ((await countCaseStudies(ctx.db, userId)) >= MAX_CASE_STUDIES) {
      throw conflict(`You already have ${MAX_CASE_STUDIES} case studies, the most a profile can hold.`);
    }
    const id = ctx.newId('cst');
    await insertCaseStudy(ctx.db, {
      id,
      freelancerId: userId,
      title: input.title,
      summary: input.summary,
      outcome: input.outcome,
      metrics: input.metrics,
      industry: input.industry ?? null,
      createdAt: ctx.now.toISOString(),
    });
    ctx.jobs.enqueue(embedDocuments, { kind: 'case_study', ids: [id] });
    const row = await getCaseStudy(ctx.db, id);
    if (!row) throw new Error(`Case study ${id} vanished inside its own transaction`);
    return caseStudyView(row);
  },
});
