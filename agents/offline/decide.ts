/**
 * The offline model's turn: read the conversation and decide to call one bound tool (with arguments),
 * to ask one question, or to answer in words. Deterministic: the same messages, tools and options give
 * the same decision, which is also how a question asked on an earlier turn is recognised (that turn is
 * decided again and compared) without any hidden state.
 */
import type { BaseMessage } from '@langchain/core/messages';
import { answerFromResults } from './answer';
import { type Entry, readConversation } from './conversation';
import { type Answer, type FillOptions, fillArgs, looseAnswer } from './fill';
import {
  commandPart,
  guessTool,
  hasInjection,
  type Intent,
  injectionOnlyInQuotes,
  matchIntents,
  quotesSomeone,
  toolsForIntent,
} from './intents';
import { parseReferences } from './parse/references';
import type { Named } from './parse/skills';
import { normalize } from './parse/text';
import { questionFor } from './questions';
import { propertiesOf, slotKind } from './schema';
import {
  confirmInChatText,
  DROPPED_TEXT,
  fallbackText,
  helpText,
  IDENTITY_ANSWER,
  INJECTION_TEXT,
  isConfirmWord,
  isDropWord,
  isGreeting,
  isHelp,
  isIdentityQuestion,
  isThanks,
  noticeText,
  PASTED_TEXT,
  QUOTED_INJECTION_TEXT,
  THANKS_TEXT,
  unavailableText,
} from './smalltalk';
import type { BoundTool } from './tools';

export interface DecideSettings {
  now?: Date | (() => Date);
  defaultCurrency: string;
  skillNormalizer?: (text: string) => Promise<string[]>;
  categories?: readonly Named[];
  industries?: readonly Named[];
}

export type Decision =
  | { kind: 'call'; tool: string; args: Record<string, unknown> }
  | {
      kind: 'ask';
      tool: string;
      fields: string[];
      text: string;
      /** The request that needs the answer, and the answers given so far. */
      request: string;
      answers: Answer[];
      base?: Record<string, unknown>;
      preset?: Record<string, unknown>;
    }
  | { kind: 'say'; text: string };

interface Pending {
  tool: string;
  fields: string[];
  request: string;
  answers: Answer[];
  /** Arguments of a refused call being corrected. */
  base?: Record<string, unknown>;
  /** The refused fields' full paths ("requirements.platforms"): a nested one takes the answer as its value. */
  paths?: string[];
  preset?: Record<string, unknown>;
}

type ToolChoice = unknown;

const MAX_DEPTH = 6;

export async function decide(
  messages: readonly BaseMessage[],
  boundTools: readonly BoundTool[],
  settings: DecideSettings,
  toolChoice?: ToolChoice,
  depth = 0,
): Promise<Decision> {
  const tools = toolChoice === 'none' ? [] : boundTools;
  const conv = readConversation(messages);
  const now = resolveNow(settings.now, conv.today);
  const fill: FillOptions = {
    now,
    defaultCurrency: settings.defaultCurrency,
    skillNormalizer: settings.skillNormalizer,
    categories: settings.categories,
    industries: settings.industries,
    ...(conv.self ? { self: { id: conv.self, role: conv.role } } : {}),
  };
  const entries = conv.entries;
  const last = entries.at(-1);
  let decision: Decision;
  if (!last) decision = { kind: 'say', text: helpText(tools, true) };
  else if (last.kind === 'tool') {
    const batch = lastBatch(entries);
    decision = {
      kind: 'say',
      text: answerFromResults(batch, entries.slice(0, entries.length - batch.length)),
    };
  } else if (last.kind === 'notice') decision = { kind: 'say', text: noticeText(last.text) };
  else if (last.kind === 'ai') decision = { kind: 'say', text: 'Anything else I can help with?' };
  else decision = await onHuman(messages, entries, entries.length - 1, tools, settings, fill, depth);
  return forceChoice(decision, toolChoice, tools, entries, fill);
}

function resolveNow(now: DecideSettings['now'], today: string | undefined): Date {
  if (typeof now === 'function') return now();
  if (now instanceof Date) return now;
  if (today) return new Date(`${today}T12:00:00Z`);
  return new Date();
}

/** The results of the latest batch of tool calls. */
function lastBatch(entries: readonly Entry[]): Extract<Entry, { kind: 'tool' }>[] {
  const out: Extract<Entry, { kind: 'tool' }>[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind !== 'tool') break;
    out.unshift(e);
  }
  return out;
}

async function onHuman(
  messages: readonly BaseMessage[],
  entries: readonly Entry[],
  hi: number,
  tools: readonly BoundTool[],
  settings: DecideSettings,
  fill: FillOptions,
  depth: number,
): Promise<Decision> {
  const human = entries[hi] as Extract<Entry, { kind: 'human' }>;
  const text = human.text;
  const context = entries.slice(0, hi);
  if (isIdentityQuestion(text)) return { kind: 'say', text: IDENTITY_ANSWER };
  if (commandPart(text).trim().length === 0 && hasInjection(text))
    return { kind: 'say', text: INJECTION_TEXT };

  // "yes, do it" after a held action: only the person's Confirm runs it, never a second call.
  const held = lastHeld(context);
  if (held && isConfirmWord(text)) return { kind: 'say', text: confirmInChatText(held) };

  const pending = await findPending(messages, entries, hi, tools, settings, depth);
  if (pending && isDropWord(text)) return { kind: 'say', text: DROPPED_TEXT };

  const allMatches = matchIntents(text);
  const matches = allMatches.filter((m) => toolsForIntent(m.intent, tools).length > 0);
  if (pending) {
    const tool = tools.find((t) => t.name === pending.tool);
    if (tool && (await continuesPending(pending, tool, text, matches, tools, context, fill))) {
      const answers = [...pending.answers, { text, fields: pending.fields }];
      // A correction reads only what it says; a request keeps deriving free text from its first message.
      const request = pending.base ? text : pending.request;
      const r = await fillArgs(
        {
          tool,
          text: request,
          answers,
          base: pending.base,
          preset: pending.preset,
          context,
          derive: !pending.base,
        },
        fill,
      );
      for (const path of pending.paths ?? []) {
        const [top, key, ...deeper] = path.split('.');
        if (!top || !key || deeper.length > 0) continue;
        const current = r.args[top] ?? pending.base?.[top] ?? {};
        if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
          r.args[top] = { ...(current as Record<string, unknown>), [key]: looseAnswer(text, key) };
        }
      }
      if (r.missing.length === 0) return { kind: 'call', tool: tool.name, args: r.args };
      return askFor(tool, r.missing[0]!.name, request, answers, fill, pending.preset, pending.base);
    }
  }

  for (const m of matches) {
    const candidates = toolsForIntent(m.intent, tools);
    if (candidates.length > 0) return plan(candidates, m.intent, text, context, fill);
  }
  const refined = refineLastSearch(text, context, tools);
  if (refined) return plan([refined.tool], undefined, refined.text, context, fill);
  if (isThanks(text)) return { kind: 'say', text: THANKS_TEXT };
  if (isGreeting(text) || isHelp(text)) return { kind: 'say', text: helpText(tools, isGreeting(text)) };
  if (injectionOnlyInQuotes(text)) return { kind: 'say', text: QUOTED_INJECTION_TEXT };
  if (quotesSomeone(text)) return { kind: 'say', text: PASTED_TEXT };
  if (hasInjection(text)) return { kind: 'say', text: INJECTION_TEXT };
  const guess = guessTool(text, tools);
  if (guess) return plan([guess], undefined, text, context, fill);
  // Understood, but no tool for it is bound here (another role's action, or not available yet).
  if (allMatches.length > 0) return { kind: 'say', text: unavailableText(tools) };
  return { kind: 'say', text: fallbackText(tools) };
}

/**
 * "what about Vue?" right after a search: the same search tool again, for the new words. Only a tool
 * with a free-text query is searched again, and only when the last request was answered by it.
 */
function refineLastSearch(
  text: string,
  context: readonly Entry[],
  tools: readonly BoundTool[],
): { tool: BoundTool; text: string } | undefined {
  const m =
    /^\s*(?:and|what about|how about|same (?:for|with)|now|ok(?:ay)?,? (?:and|now)|also)\s+(.{2,60}?)\s*\??\s*$/i.exec(
      commandPart(text),
    );
  if (!m?.[1] || hasInjection(text)) return undefined;
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i]!;
    if (e.kind === 'human') return undefined;
    if (e.kind !== 'ai' || e.calls.length === 0) continue;
    const tool = tools.find((t) => t.name === e.calls[0]?.name);
    if (!tool) return undefined;
    const searches = propertiesOf(tool.schema).some((p) => slotKind(p, tool.schema) === 'query');
    return searches ? { tool, text: `find ${m[1]}` } : undefined;
  }
  return undefined;
}

/** The summary of the newest action waiting for confirmation, when the latest result was one. */
function lastHeld(context: readonly Entry[]): string | undefined {
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i]!;
    if (e.kind === 'human' || e.kind === 'notice') return undefined;
    if (e.kind === 'tool') {
      return !e.result.ok && e.result.error.code === 'NEEDS_CONFIRMATION'
        ? (e.result.error.pendingAction?.summary ?? e.name.replace(/_/g, ' '))
        : undefined;
    }
  }
  return undefined;
}

/**
 * The request this message may be answering: a question asked on the previous turn (found by deciding
 * that turn again), or a call the tool refused with VALIDATION that the model then explained.
 */
async function findPending(
  messages: readonly BaseMessage[],
  entries: readonly Entry[],
  hi: number,
  tools: readonly BoundTool[],
  settings: DecideSettings,
  depth: number,
): Promise<Pending | undefined> {
  const prev = entries[hi - 1];
  if (prev?.kind !== 'ai' || prev.calls.length > 0) return undefined;
  const before = entries[hi - 2];
  // Only a question this model asks ("To create the project, what budget…?") can be pending.
  const looksAsked = prev.text.startsWith('To ') && prev.text.includes('?');
  if (before?.kind === 'human' && looksAsked && depth < MAX_DEPTH) {
    const earlier = await decide(messages.slice(0, before.at + 1), tools, settings, undefined, depth + 1);
    if (earlier.kind === 'ask' && same(earlier.text, prev.text)) {
      return {
        tool: earlier.tool,
        fields: earlier.fields,
        request: earlier.request,
        answers: earlier.answers,
        base: earlier.base,
        preset: earlier.preset,
      };
    }
  }
  if (before?.kind === 'tool' && !before.result.ok && before.result.error.code === 'VALIDATION') {
    const paths = (before.result.error.fields ?? []).map((f) => f.field).filter(Boolean);
    const fields = [...new Set(paths.map((f) => f.split(/[.[]/)[0] ?? f))];
    if (tools.some((t) => t.name === before.name)) {
      // A refused top-level value is dropped (the correction supplies it, or it is asked for); an object
      // with one refused entry ("requirements.platforms") is kept and that entry is filled from the answer.
      const base = Object.fromEntries(Object.entries(before.args).filter(([k]) => !paths.includes(k)));
      return { tool: before.name, fields, request: '', answers: [], base, paths };
    }
  }
  return undefined;
}

function same(a: string, b: string): boolean {
  return normalize(a).replace(/\s+/g, ' ').trim() === normalize(b).replace(/\s+/g, ' ').trim();
}

/** Words before a command that still make it one ("show my proposals", "ok now list my projects"). */
const LEAD_IN =
  /^\s*(?:(?:ok(?:ay)?|now|and|then|so|please|can you|could you|show(?: me)?|list|see|get|give me|what are|what's|whats)[\s,]+)+$/i;

/** Whether a message answers the pending question, or starts something else. */
async function continuesPending(
  pending: Pending,
  tool: BoundTool,
  text: string,
  matches: ReturnType<typeof matchIntents>,
  tools: readonly BoundTool[],
  context: readonly Entry[],
  fill: FillOptions,
): Promise<boolean> {
  const first = matches[0];
  if (!first) return true;
  const props = propertiesOf(tool.schema);
  const freeText = pending.fields.some((f) => {
    const p = props.find((q) => q.name === f);
    return p ? ['longText', 'title', 'text', 'query'].includes(slotKind(p, tool.schema)) : false;
  });
  // A free-text answer that merely contains a topic word ("suspicious display name" as a note) is an
  // answer; a command has a verb and an object ("list the alerts").
  const matched = text.slice(first.start, first.end).trim();
  if (freeText && !pending.base && !/\s/.test(matched) && /\s/.test(text.trim())) return true;
  const leads = first.start === 0 || LEAD_IN.test(text.slice(0, first.start));
  // A correction answers what was refused ("iOS and Android"); "Post a project: …" is a new request.
  if (pending.base && leads && first.intent.id !== 'details') return false;
  if (toolsForIntent(first.intent, tools).some((t) => t.name === pending.tool)) return true;
  // A message that opens with another command ("fund the first milestone") is a new request; a bare
  // reference ("the second one") is still an answer.
  if (first.intent.id !== 'details' && leads) return false;
  // Does the message give what was asked? Read it alone, as an answer.
  const probe = await fillArgs(
    { tool, text: pending.base ? '' : pending.request, answers: [{ text, fields: pending.fields }], context },
    fill,
  );
  const answered = pending.fields.some((f) => probe.args[f] !== undefined);
  if (!answered) return false;
  // Any text answers a free-text question, so a short command at the start wins over it.
  return !(freeText && first.start <= 12 && text.length < 80);
}

async function plan(
  candidates: readonly BoundTool[],
  intent: Intent | undefined,
  text: string,
  context: readonly Entry[],
  fill: FillOptions,
): Promise<Decision> {
  let complete: { tool: BoundTool; args: Record<string, unknown> } | undefined;
  let firstMiss: { tool: BoundTool; field: string; preset?: Record<string, unknown> } | undefined;
  for (const tool of byTypedIds(candidates, text)) {
    const preset = presetFor(intent, tool);
    const r = await fillArgs({ tool, text, preset, context }, fill);
    if (r.missing.length === 0) {
      // A tool that follows up on a drafted spec ("post it" after a draft) wins over the others.
      if (r.carried) return { kind: 'call', tool: tool.name, args: r.args };
      complete ??= { tool, args: r.args };
    } else firstMiss ??= { tool, field: r.missing[0]!.name, preset };
  }
  if (complete) return { kind: 'call', tool: complete.tool.name, args: complete.args };
  if (!firstMiss) return { kind: 'say', text: 'I could not find a tool for that.' };
  return askFor(firstMiss.tool, firstMiss.field, text, [], fill, firstMiss.preset);
}

/**
 * A typed id says what the request is about: "show contract ctr_000001" is get_contract even though
 * get_project comes first for "show …". Tools taking an id of that entity (by property name) go first.
 */
function byTypedIds(candidates: readonly BoundTool[], text: string): readonly BoundTool[] {
  const entities = new Set(
    parseReferences(text).ids.flatMap((r) => (r.entity ? [r.entity.replace(/_/g, '')] : [])),
  );
  if (entities.size === 0 || candidates.length < 2) return candidates;
  const takes = (tool: BoundTool) =>
    propertiesOf(tool.schema).some((p) => {
      const m = /^(\w+?)Ids?$/.exec(p.name);
      if (!m) return false;
      const noun = m[1]!.toLowerCase();
      return entities.has(noun) || (entities.has('user') && ['freelancer', 'client'].includes(noun));
    });
  const first = candidates.filter(takes);
  return first.length === 0 ? candidates : [...first, ...candidates.filter((t) => !takes(t))];
}

/** An intent's implied arguments, in the tool's own terms (status "open" is publish: true on create). */
function presetFor(intent: Intent | undefined, tool: BoundTool): Record<string, unknown> | undefined {
  if (!intent?.preset) return undefined;
  const names = new Set(propertiesOf(tool.schema).map((p) => p.name));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(intent.preset)) {
    if (names.has(k)) out[k] = v;
    else if (k === 'status' && v === 'open' && names.has('publish')) out.publish = true;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function askFor(
  tool: BoundTool,
  field: string,
  request: string,
  answers: Answer[],
  fill: FillOptions,
  preset?: Record<string, unknown>,
  base?: Record<string, unknown>,
): Decision {
  const p = propertiesOf(tool.schema).find((q) => q.name === field)!;
  const text = questionFor(tool, p, slotKind(p, tool.schema), fill.categories);
  return { kind: 'ask', tool: tool.name, fields: [field], text, request, answers, base, preset };
}

/** tool_choice: a named tool must be called; "any"/"required" means some tool must be. */
async function forceChoice(
  decision: Decision,
  toolChoice: ToolChoice,
  tools: readonly BoundTool[],
  entries: readonly Entry[],
  fill: FillOptions,
): Promise<Decision> {
  if (toolChoice === undefined || toolChoice === 'auto' || toolChoice === 'none' || tools.length === 0)
    return decision;
  const named = choiceName(toolChoice);
  if (decision.kind === 'call' && (!named || decision.tool === named)) return decision;
  const hi = entries.map((e) => e.kind).lastIndexOf('human');
  const text = hi >= 0 ? (entries[hi] as Extract<Entry, { kind: 'human' }>).text : '';
  const context = hi >= 0 ? entries.slice(0, hi) : entries;
  const tool =
    (named ? tools.find((t) => t.name === named) : undefined) ??
    (decision.kind === 'ask' ? tools.find((t) => t.name === decision.tool) : undefined) ??
    guessTool(text, tools) ??
    tools[0]!;
  const r = await fillArgs({ tool, text, context }, fill);
  return { kind: 'call', tool: tool.name, args: r.args };
}

function choiceName(choice: ToolChoice): string | undefined {
  if (typeof choice === 'string')
    return ['any', 'required', 'auto', 'none'].includes(choice) ? undefined : choice;
  if (typeof choice === 'object' && choice !== null) {
    const c = choice as { name?: unknown; function?: { name?: unknown } };
    if (typeof c.function?.name === 'string') return c.function.name;
    if (typeof c.name === 'string') return c.name;
  }
  return undefined;
}
