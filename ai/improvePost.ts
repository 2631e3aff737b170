/**
 * improve_job_post: a restructured title and description. A configured model may rewrite them, but its
 * answer is refused (deterministic result kept) when it brings in numbers the post does not contain or
 * drops much of the original text.
 */
import { z } from 'zod';
import type { Executor } from '../db/client';
import { updateProject } from '../tools/projects/updateProject';
import { Id } from '../tools/shared/schemas';
import { type ImprovedPost, improvePostDeterministic, type PostSubject } from './deterministic/improvePost';
import { money } from './format';
import { fallbackNote, inventedNumbers, structured } from './llm';
import { AiMeta } from './schemas';

export const ImprovePostInput = z
  .object({
    projectId: Id('Project').optional().describe('One of your projects'),
    title: z.string().trim().min(3).max(200).optional().describe('A post not saved yet: its title'),
    description: z.string().trim().min(10).max(20000).optional().describe('A post not saved yet: its text'),
    category: z.string().min(2).optional().describe('Category slug of the unsaved post'),
    skills: z.array(z.string().min(1)).max(30).optional(),
  })
  .refine((v) => (v.projectId !== undefined) !== (v.title !== undefined && v.description !== undefined), {
    message: 'Pass either projectId, or title and description (not both).',
  });
export type ImprovePostInput = z.infer<typeof ImprovePostInput>;

const Change = z.object({ what: z.string(), why: z.string() });

export const ImprovePostOutput = z.object({
  projectId: z.string().nullable(),
  title: z.string(),
  description: z.string().describe('The restructured post (Markdown sections)'),
  original: z.object({ title: z.string(), description: z.string() }),
  sections: z
    .object({
      summary: z.array(z.string()),
      scope: z.array(z.string()),
      deliverables: z.array(z.string()),
      skills: z.array(z.string()),
      acceptanceCriteria: z.array(z.string()),
      details: z.array(z.string()),
      aboutYou: z.array(z.string()),
    })
    .nullable()
    .describe('The sections of the rules-based version; null when the model wrote the post'),
  changes: z.array(Change).describe('What was changed and why'),
  questions: z.array(z.string()).describe('What the post does not say yet: ask the client, do not guess'),
  updateProjectInput: z
    .object({ projectId: z.string(), title: z.string(), description: z.string() })
    .nullable()
    .describe('Pass to update_project to apply (only for a saved project)'),
  ...AiMeta,
});
export type ImprovePostOutput = z.infer<typeof ImprovePostOutput>;

const ModelPost = z.object({
  title: z.string().min(3).max(200),
  description: z.string().min(10).max(20000),
  changes: z
    .array(z.object({ what: z.string().min(3), why: z.string().min(3) }))
    .min(1)
    .max(12),
  questions: z.array(z.string().min(3)).max(10),
});

const INSTRUCTIONS = `You improve a client's job post on the MegiLance freelance marketplace.
Rewrite the title (specific, at most 90 characters, no filler or shouting) and restructure the description into
Markdown sections: Summary, Scope, Deliverables, Skills, Acceptance criteria, Details, About you.
Restructure and clarify only: keep every fact of the original, add no facts, numbers, features or requirements it
does not state. Where something is missing (deliverables, acceptance criteria, timeline…), add a question to
"questions" instead of guessing. List each change with why it helps in "changes". "baseline" is a rules-based
version you may start from.`;

export async function improvePost(ex: Executor, p: PostSubject): Promise<ImprovePostOutput> {
  const det: ImprovedPost = await improvePostDeterministic(ex, p);
  const factsText = [
    p.title,
    p.description,
    p.budget ? `${money(p.budget.min, p.budget.currency)} ${money(p.budget.max, p.budget.currency)}` : '',
    p.timelineWeeks ? `${p.timelineWeeks} weeks` : '',
    p.deadline ?? '',
    JSON.stringify(p.requirements),
    p.milestones.map((m) => `${m.title} ${money(m.amount, m.currency)}`).join(' '),
    det.description,
  ].join('\n');

  const outcome = await structured({
    name: 'improved_post',
    description: 'The improved job post',
    schema: ModelPost,
    instructions: INSTRUCTIONS,
    data: {
      post: {
        title: p.title,
        description: p.description,
        skills: p.skills,
        pricing: p.pricing,
        budget: p.budget,
        timelineWeeks: p.timelineWeeks,
        deadline: p.deadline,
        requirements: p.requirements,
        milestones: p.milestones,
      },
      baseline: { title: det.title, description: det.description, questions: det.questions },
    },
    check: (v) => {
      const problems: string[] = [];
      const invented = inventedNumbers(`${v.title}\n${v.description}`, factsText);
      if (invented.length) problems.push(`numbers the post does not contain: ${invented.join(', ')}`);
      if (v.description.length < Math.min(p.description.length * 0.6, 2000))
        problems.push('the description lost much of the original text');
      return problems;
    },
  });

  const base = {
    projectId: p.projectId,
    original: { title: p.title, description: p.description },
  };
  if (outcome.status === 'model') {
    const v = outcome.value;
    return {
      ...base,
      title: v.title,
      description: v.description,
      sections: null,
      changes: v.changes,
      questions: [...new Set([...v.questions, ...det.questions])],
      updateProjectInput: updateInput(p.projectId, v.title, v.description),
      source: 'model',
      notes: det.notes,
    };
  }
  const notes = outcome.status === 'failed' ? [...det.notes, fallbackNote(outcome.reason)] : det.notes;
  return {
    ...base,
    title: det.title,
    description: det.description,
    sections: det.sections,
    changes: det.changes,
    questions: det.questions,
    updateProjectInput: updateInput(p.projectId, det.title, det.description),
    source: 'deterministic',
    notes,
  };
}

function updateInput(projectId: string | null, title: string, description: string) {
  if (!projectId) return null;
  const candidate = { projectId, title, description };
  return updateProject.input.safeParse(candidate).success ? candidate : null;
}
