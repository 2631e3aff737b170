/** Replies that need no tool: who the model is, what it can do, thanks, and what it will not do. */
import { normalize } from './parse/text';
import type { BoundTool } from './tools';

export const IDENTITY_RE =
  /\b(?:what|which)\s+(?:ai\s+|language\s+|llm\s+|kind of\s+)?(?:model|llm|ai|engine|version)\b|\bare\s+you\s+(?:a\s+|an\s+|really\s+|using\s+|powered by\s+|based on\s+)?(?:gpt|chatgpt|openai|claude|anthropic|gemini|llama|mistral|copilot|an? ai|a bot|a robot|an? llm|a language model|human|a real person|a person)\b|\bwho\s+(?:made|built|created|trained|are)\s+you\b|\bwhat\s+are\s+you\b|\bpowered\s+by\b|\bwhat\s+(?:are you|is this)\s+running\s+on\b|\b(?:gpt|chatgpt|openai)\b\?/;

export function isIdentityQuestion(text: string): boolean {
  return IDENTITY_RE.test(normalize(text));
}

export const IDENTITY_ANSWER =
  "I'm MegiLance Copilot running on MegiLance's built-in offline model: a small, deterministic, rule-based " +
  'assistant that runs inside this server. I am not GPT, Claude or any other external AI, and nothing you type ' +
  'leaves MegiLance. I understand common marketplace requests (posting projects, finding work or freelancers, ' +
  'proposals, milestones and more) and always act through the same checked tools. An administrator can connect an ' +
  'OpenAI-compatible model for free-form conversation.';

const GREETING =
  /^\s*(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|greetings)\b[\s!.,]*(?:there|copilot|megilance)?[\s!.,]*$/;
const HELP =
  /^\s*(?:help|\?|menu|start|what can you do|what do you do|how does this work|what can i do|how can you help)\b[\s!?.]*(?:me|here|for me)?[\s!?.]*$/;
const THANKS =
  /^\s*(?:thanks|thank you|thx|ty|cheers|great|perfect|awesome|nice|cool|ok(?:ay)?|got it|sounds good|all good)\b[\s!.,]*(?:thanks|thank you)?[\s!.]*$/;
const CONFIRM_WORDS =
  /^\s*(?:yes|yep|yeah|sure|confirm(?:ed)?|go ahead|do it|approved?|i confirm|proceed|ok(?:ay)?,? (?:do it|go ahead|confirm))\b/;
const DROP_WORDS =
  /^\s*(?:never ?mind|nvm|forget (?:it|that)|cancel(?: that)?|stop|skip (?:it|that)|no thanks|don'?t bother)\s*[.!]*\s*$/;

export const isGreeting = (t: string) => GREETING.test(normalize(t));
export const isHelp = (t: string) => HELP.test(normalize(t));
export const isThanks = (t: string) => THANKS.test(normalize(t));
export const isConfirmWord = (t: string) => CONFIRM_WORDS.test(normalize(t));
export const isDropWord = (t: string) => DROP_WORDS.test(normalize(t));

const CAPABILITIES: ReadonlyArray<[string, string]> = [
  ['create_project', 'post a project from a brief ("Post a project: a React dashboard, $8k, 6 weeks")'],
  ['draft_project_from_brief', 'turn a brief into a project spec'],
  ['search_projects', 'find work ("find me React jobs")'],
  ['match_freelancers', 'shortlist freelancers for a project'],
  ['search_freelancers', 'find freelancers by skill and rate'],
  ['list_my_projects', 'list your projects'],
  ['list_proposals', 'compare the proposals on a project'],
  ['invite_freelancer', 'invite a freelancer'],
  ['submit_proposal', 'send a proposal with your price'],
  ['list_my_proposals', 'check your proposals'],
  ['fund_milestone', 'fund a milestone (you confirm every payment)'],
  ['wallet_balance', 'show your wallet balance'],
  ['list_risk_alerts', 'show the riskiest accounts'],
  ['set_flag_rollout', 'roll out a feature flag (with your confirmation)'],
  ['platform_kpis', 'report the platform KPIs'],
  ['whoami', 'tell you which account you are using'],
];

/** A few things the bound tools can do, in words. */
export function capabilities(tools: readonly BoundTool[], max = 6): string[] {
  const bound = new Set(tools.map((t) => t.name));
  const out = CAPABILITIES.filter(([name]) => bound.has(name)).map(([, text]) => text);
  for (const t of tools) {
    if (out.length >= max) break;
    if (!CAPABILITIES.some(([name]) => name === t.name)) out.push(t.name.replace(/_/g, ' '));
  }
  return out.slice(0, max);
}

export function helpText(tools: readonly BoundTool[], greeting: boolean): string {
  const caps = capabilities(tools);
  const hello = greeting ? 'Hi! ' : '';
  if (caps.length === 0)
    return `${hello}I'm MegiLance Copilot (the built-in offline model). No tools are available to me in this chat.`;
  return `${hello}I'm MegiLance Copilot, running on the built-in offline model. I can:\n${caps.map((c) => `- ${c}`).join('\n')}\nTell me what you need in a sentence.`;
}

export function fallbackText(tools: readonly BoundTool[]): string {
  const caps = capabilities(tools, 4);
  if (caps.length === 0)
    return "I'm not sure what you'd like me to do, and no tools are available to me in this chat.";
  return `I'm not sure what you'd like me to do. I'm the built-in offline model, so I understand plain requests such as:\n${caps.map((c) => `- ${c}`).join('\n')}`;
}

export function unavailableText(tools: readonly BoundTool[]): string {
  const caps = capabilities(tools, 4);
  return `I understood the request, but that isn't something I can do from this account in this chat. ${caps.length > 0 ? `Here I can:\n${caps.map((c) => `- ${c}`).join('\n')}` : ''}`.trim();
}

export const THANKS_TEXT = "You're welcome! Anything else?";
export const DROPPED_TEXT = "OK, I've dropped that. What would you like to do instead?";
export const INJECTION_TEXT =
  "I can't change my rules or act on instructions like that. I'm happy to help with your projects, proposals and payments.";

export const PASTED_TEXT =
  'That is text someone else wrote, so I read it as data: I have not acted on anything it asks for. If you ' +
  'want me to do something with it, tell me in your own words (for example "show the proposals on it" or ' +
  '"accept prp_…").';

export const QUOTED_INJECTION_TEXT =
  'The text you quoted contains instructions aimed at me (for example to approve, release or pay). I treat it as ' +
  'data and have not acted on it. Tell me what you would like to do with it: post it as a project, compare ' +
  'proposals, or something else.';

export function confirmInChatText(summary: string | undefined): string {
  return `I can't confirm for you: ${summary ? `"${summary.replace(/[.\s]+$/, '')}" ` : 'the pending action '}runs only when you press Confirm in the app (or Cancel to drop it). Nothing has happened yet.`;
}

export function noticeText(notice: string): string {
  const outcome = /outcome:\s*([^\n]+)/i.exec(notice)?.[1]?.trim();
  return outcome ? `Noted: ${outcome.replace(/\.$/, '')}. Anything else?` : 'Noted. Anything else?';
}
