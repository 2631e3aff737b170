import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AnyTool, Role } from '../../tools/define';
import type { SessionContext } from './server';

/**
 * Ready-made conversations, one per role: a client posts a project, a freelancer finds work, an admin
 * runs the weekly fraud review. Each is listed only to the role it is for, and names only the tools
 * that user can call right now, so a prompt never sends the model to a tool it would be refused.
 */

const MONEY =
  'Money is always an integer amount of minor units plus a currency: 500000 USD is $5,000.00. ' +
  'Show amounts to me in normal notation.';
const GATE =
  'Some actions need my own confirmation: when a tool returns a pending action, tell me what it would do and ' +
  'how I confirm it (the link it gives). Never tell me it is done before I have confirmed it.';

interface PromptDef {
  name: string;
  title: string;
  description: string;
  role: Role;
  args: { [k: string]: z.ZodOptional<z.ZodString> };
  text(args: Record<string, string | undefined>, have: (tool: string) => boolean, tools: AnyTool[]): string;
}

const PROMPTS: PromptDef[] = [
  {
    name: 'post_a_project',
    title: 'Post a project',
    description:
      'Turn an idea into a well-specified project on MegiLance, saved as a draft for you to publish.',
    role: 'client',
    args: {
      idea: z.string().optional().describe('What you want built, in your own words'),
      budget: z.string().optional().describe('Your budget, e.g. "$3,000–5,000" or "about $60/hour"'),
    },
    text: ({ idea, budget }, have) =>
      [
        `I want to post a project on MegiLance.${idea ? ` Here is what I need: ${idea}` : ''}${
          budget ? ` My budget: ${budget}.` : ''
        }`,
        'Help me turn this into a clear project: title, description, category, skills, fixed or hourly pricing, ' +
          'budget range and timeline. Ask me about anything that is missing instead of guessing.',
        have('create_project')
          ? 'When I agree with the summary, call create_project with publish set to false so it is saved as a draft, ' +
            'and show me what was saved.'
          : '',
        have('update_project')
          ? 'Publish it (update_project with status "open") only when I say so.'
          : 'Tell me how to publish it when I am happy with it.',
        have('search_projects')
          ? 'If it helps to set the budget, look at similar projects with search_projects.'
          : '',
        MONEY,
        GATE,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  {
    name: 'find_me_work',
    title: 'Find me work',
    description: 'Find open projects that fit your profile and draft a proposal for the one you pick.',
    role: 'freelancer',
    args: {
      focus: z.string().optional().describe('What kind of work you want now, e.g. "short React jobs"'),
    },
    text: ({ focus }, have) =>
      [
        `Find me work on MegiLance.${focus ? ` I am looking for: ${focus}.` : ''}`,
        have('whoami') && have('get_freelancer_profile')
          ? 'Start with whoami and get_freelancer_profile (my own id) to see my skills, rate and availability.'
          : '',
        have('search_projects')
          ? 'Then use search_projects for open projects that match my skills and rate; show me the best five with ' +
            'the budget, the timeline and why each one fits.'
          : '',
        have('list_my_proposals')
          ? 'Skip projects I already have a live proposal on (list_my_proposals).'
          : '',
        have('submit_proposal')
          ? 'When I pick one, draft a cover letter, price and estimate for me to edit. Call submit_proposal only ' +
            'after I approve the exact text and price.'
          : '',
        MONEY,
        GATE,
      ]
        .filter(Boolean)
        .join('\n\n'),
  },
  {
    name: 'weekly_fraud_review',
    title: 'Weekly fraud review',
    description: 'Review the last week for fraud signals and propose actions for you to confirm.',
    role: 'admin',
    args: {
      weekEnding: z
        .string()
        .optional()
        .describe('Last day of the week to review, YYYY-MM-DD (default: today)'),
    },
    text: ({ weekEnding }, _have, tools) => {
      const review = tools.filter(
        (t) => t.effect === 'admin' || /fraud|flag|suspend|audit|risk|dispute/.test(t.name),
      );
      const names = review.map((t) => `${t.name} (${t.title})`).join(', ');
      return [
        `Run the weekly fraud review on MegiLance for the week ending ${weekEnding ?? 'today'}.`,
        review.length > 0
          ? `Use the review tools you have: ${names}.`
          : 'No fraud review tools are installed on this server yet: say so and stop, rather than guessing.',
        'Look for accounts and payments that stand out (new accounts moving money fast, many disputes, ' +
          'copied proposals, reviews between the same few accounts). For each case, show the evidence and ' +
          'recommend one action with its reason.',
        'Do not act on your own: every admin action returns a pending action that I confirm myself. Propose, ' +
          'list the pending actions you created, and wait.',
        MONEY,
      ].join('\n\n');
    },
  },
];

export function registerPrompts(mcp: McpServer, session: SessionContext): void {
  const tools = session.dispatcher.toolsFor(session.actor);
  const names = new Set(tools.map((t) => t.name));
  const have = (tool: string) => names.has(tool);
  for (const p of PROMPTS) {
    if (p.role !== session.actor.role) continue;
    mcp.registerPrompt(
      p.name,
      { title: p.title, description: p.description, argsSchema: p.args },
      (args: Record<string, string | undefined>): GetPromptResult => ({
        description: p.description,
        messages: [{ role: 'user', content: { type: 'text', text: p.text(args, have, tools) } }],
      }),
    );
  }
}
