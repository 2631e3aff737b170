/**
 * The conversation as the offline model reads it: the system prompt (for today's date and the role), the
 * person's turns, app notices, its own earlier tool calls and what each tool returned.
 */
import type { BaseMessage } from '@langchain/core/messages';
import { isObj, type ParsedResult, parseToolContent } from './results';

export interface ToolCallEntry {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export type Entry =
  | { kind: 'human'; text: string; at: number }
  | { kind: 'notice'; text: string; at: number }
  | { kind: 'ai'; text: string; calls: ToolCallEntry[]; at: number }
  | {
      kind: 'tool';
      callId: string;
      name: string;
      args: Record<string, unknown>;
      result: ParsedResult;
      at: number;
    };

export interface Conversation {
  system: string;
  entries: Entry[];
  role?: 'client' | 'freelancer' | 'admin';
  /** "Today is 2026-03-01" in the system prompt. */
  today?: string;
  /** The person's own user id ("… (freelancer account, user id usr_…)" in the system prompt). */
  self?: string;
}

/** Text of any message content: a string, or the text parts of content blocks. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part;
        if (isObj(part) && typeof part.text === 'string') return part.text;
        return '';
      })
      .join('');
  }
  return '';
}

function typeOf(m: BaseMessage): string {
  const t = (m as { type?: unknown }).type;
  if (typeof t === 'string') return t;
  return m.getType();
}

/** Tool results are parsed once per message: a long thread is read many times. */
const parsedCache = new WeakMap<BaseMessage, ParsedResult>();

function parsedResult(m: BaseMessage, text: string, isError: boolean): ParsedResult {
  let hit = parsedCache.get(m);
  if (!hit) {
    hit = parseToolContent(text, isError);
    parsedCache.set(m, hit);
  }
  return hit;
}

const NOTICE = /^\s*\[(?:app notice|notice)\b/i;

export function readConversation(messages: readonly BaseMessage[]): Conversation {
  const systemParts: string[] = [];
  const entries: Entry[] = [];
  const callsById = new Map<string, ToolCallEntry>();
  messages.forEach((m, at) => {
    const type = typeOf(m);
    const text = textOf(m.content);
    if (type === 'system') {
      if (entries.length === 0) systemParts.push(text);
      else entries.push({ kind: 'notice', text, at });
      return;
    }
    if (type === 'human' || type === 'generic' || type === 'user') {
      entries.push(NOTICE.test(text) ? { kind: 'notice', text, at } : { kind: 'human', text, at });
      return;
    }
    if (type === 'ai' || type === 'assistant') {
      const raw =
        (m as { tool_calls?: Array<{ id?: string; name: string; args?: unknown }> }).tool_calls ?? [];
      const calls = raw.map((c, i) => ({
        id: c.id ?? `call_${at}_${i}`,
        name: c.name,
        args: isObj(c.args) ? c.args : {},
      }));
      for (const c of calls) callsById.set(c.id, c);
      entries.push({ kind: 'ai', text, calls, at });
      return;
    }
    if (type === 'tool') {
      const tm = m as { tool_call_id?: string; name?: string; status?: string };
      const callId = tm.tool_call_id ?? '';
      const call = callsById.get(callId);
      entries.push({
        kind: 'tool',
        callId,
        name: tm.name ?? call?.name ?? '',
        args: call?.args ?? {},
        result: parsedResult(m, text, tm.status === 'error'),
        at,
      });
    }
  });
  const system = systemParts.join('\n');
  const role = /\b(client|freelancer|admin)\s+account\b/i
    .exec(system)?.[1]
    ?.toLowerCase() as Conversation['role'];
  const today = /\btoday\s+is\s+(\d{4}-\d{2}-\d{2})\b/i.exec(system)?.[1];
  const self = /\buser id ([a-z]{2,5}_[0-9a-z_]+)\b/i.exec(system)?.[1];
  return { system, entries, role, today, ...(self ? { self } : {}) };
}

/** Index in `entries` of the last entry of a kind, or -1. */
export function lastIndexOf(entries: readonly Entry[], kind: Entry['kind'], before = entries.length): number {
  for (let i = Math.min(before, entries.length) - 1; i >= 0; i--) if (entries[i]!.kind === kind) return i;
  return -1;
}

/** Tool results, newest first, that come before `before`. */
export function toolResultsBefore(
  entries: readonly Entry[],
  before = entries.length,
): Extract<Entry, { kind: 'tool' }>[] {
  const out: Extract<Entry, { kind: 'tool' }>[] = [];
  for (let i = Math.min(before, entries.length) - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind === 'tool') out.push(e);
  }
  return out;
}
