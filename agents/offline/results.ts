/**
 * Tool results as the offline model sees them: parsed from a ToolMessage's text into success data or a
 * typed error, plus helpers that find the list a result shows and the ids of the things in it.
 * Everything here treats result text as data: nothing in it is ever read as an instruction.
 */
import { entityOfId, NOUN_ENTITY } from './parse/references';
import { splitIdentifier, stem } from './parse/text';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface PendingInfo {
  id?: string;
  summary?: string;
  expiresAt?: string;
}

export interface ToolError {
  code: string;
  message: string;
  fields?: FieldProblem[];
  pendingAction?: PendingInfo;
}

export type ParsedResult = { ok: true; data: unknown } | { ok: false; error: ToolError };

type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const CODE_RE = /^[A-Z][A-Z_]{2,40}$/;

function toError(v: unknown, fallbackMessage: string): ToolError | undefined {
  if (!isObj(v)) return undefined;
  const code = typeof v.code === 'string' && CODE_RE.test(v.code) ? v.code : undefined;
  if (!code) return undefined;
  const fields = Array.isArray(v.fields)
    ? v.fields
        .filter(isObj)
        .map((f) => ({ field: String(f.field ?? f.path ?? ''), message: String(f.message ?? '') }))
    : undefined;
  return {
    code,
    message: typeof v.message === 'string' ? v.message : fallbackMessage,
    fields: fields && fields.length > 0 ? fields : undefined,
    pendingAction: isObj(v.pendingAction) ? pendingOf(v.pendingAction) : undefined,
  };
}

function pendingOf(pa: Obj): PendingInfo {
  return {
    id: typeof pa.id === 'string' ? pa.id : undefined,
    summary: typeof pa.summary === 'string' ? pa.summary : undefined,
    expiresAt: typeof pa.expiresAt === 'string' ? pa.expiresAt : undefined,
  };
}

/**
 * Reads what a tool returned, in the shapes the runtime may use: the dispatcher's `{ok, data}` /
 * `{ok: false, error}`, a bare `{error: {...}}` or `{code, message}`, a `{pendingAction}` hold, plain data,
 * or text. `isError` is LangChain's ToolMessage status.
 */
export function parseToolContent(content: string, isError = false): ParsedResult {
  let value: unknown = content;
  const trimmed = content.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      value = JSON.parse(trimmed);
    } catch {
      value = content;
    }
  }
  if (isObj(value)) {
    if (value.ok === true && 'data' in value) return { ok: true, data: value.data };
    if (value.ok === false) {
      const err = toError(value.error, 'The tool refused.') ?? {
        code: 'INTERNAL',
        message: 'The tool refused.',
      };
      // The runtime may put a held call's pendingAction beside the error rather than inside it.
      if (!err.pendingAction && isObj(value.pendingAction))
        err.pendingAction = pendingOf(value.pendingAction);
      return { ok: false, error: err };
    }
    if (value.truncated === true) {
      return { ok: true, data: { note: 'The result was too long to show in full; ask for fewer items.' } };
    }
    const nested = toError(value.error, 'The tool refused.');
    if (nested) return { ok: false, error: nested };
    const flat = toError(value, 'The tool refused.');
    if (flat && typeof value.message === 'string') return { ok: false, error: flat };
    if (isObj(value.pendingAction) && !('id' in value)) {
      return {
        ok: false,
        error: {
          code: 'NEEDS_CONFIRMATION',
          message: 'This needs your confirmation before it runs.',
          pendingAction: pendingOf(value.pendingAction),
        },
      };
    }
  }
  if (typeof value === 'string') {
    const code = /^\s*(?:Error:\s*)?([A-Z][A-Z_]{2,40})\b[:\s-]+(.*)$/s.exec(value);
    if (isError || /^\s*error\b/i.test(value)) {
      return {
        ok: false,
        error: {
          code: code?.[1] ?? 'INTERNAL',
          message: (code?.[2] ?? value.replace(/^\s*error:?\s*/i, '')).trim(),
        },
      };
    }
  }
  if (isError)
    return {
      ok: false,
      error: { code: 'INTERNAL', message: typeof value === 'string' ? value : 'The tool failed.' },
    };
  return { ok: true, data: value };
}

/** Keys under which results usually keep their list. */
const LIST_KEYS = ['results', 'items', 'matches', 'data', 'rows', 'list', 'entries', 'hits', 'candidates'];

export interface FoundList {
  items: Obj[];
  key: string;
  total?: number;
}

/** The list a result shows: the result itself when it is an array, else its main array of objects. */
export function findList(data: unknown): FoundList | undefined {
  if (Array.isArray(data)) {
    const items = data.filter(isObj);
    return items.length > 0 || data.length === 0 ? { items, key: '' } : undefined;
  }
  if (!isObj(data)) return undefined;
  const total = typeof data.total === 'number' ? data.total : undefined;
  for (const key of LIST_KEYS) {
    const v = data[key];
    if (Array.isArray(v)) return { items: v.filter(isObj), key, total };
  }
  // Any other top-level array of objects, when the object is only a wrapper around it (no id, no prose,
  // no amounts): {"alerts": [...], "total": 3} but not a drafted proposal with its milestones.
  const wrapper = Object.values(data).every(
    (v) =>
      Array.isArray(v) ||
      v === null ||
      typeof v === 'number' ||
      typeof v === 'boolean' ||
      (typeof v === 'string' && v.length <= 60),
  );
  if (typeof data.id !== 'string' && wrapper) {
    for (const [key, v] of Object.entries(data)) {
      if (Array.isArray(v) && v.length > 0 && v.every(isObj)) return { items: v as Obj[], key, total };
    }
    for (const [key, v] of Object.entries(data)) {
      if (Array.isArray(v) && v.length === 0 && /s$/.test(key)) return { items: [], key, total };
    }
  }
  return undefined;
}

/** Entities a tool name or list key points to: search_projects → project, match_freelancers → user. */
export function entitiesOfWords(...names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    for (const w of splitIdentifier(name)) {
      const e = NOUN_ENTITY[stem(w)];
      if (e && !out.includes(e)) out.push(e);
    }
  }
  return out;
}

const USER_KEYS = ['freelancer', 'user', 'client', 'account', 'candidate', 'profile'];

/**
 * The id of `entity` that a record carries: its own id when it is one, a `<entity>Id` field, or the id of
 * a nested object ("freelancer": {"id": …}). `hint` lists the entities the record probably is.
 */
export function idFor(record: Obj, entity: string, hint: readonly string[] = []): string | undefined {
  const own = typeof record.id === 'string' ? record.id : undefined;
  if (own) {
    const kind = entityOfId(own);
    if (kind === entity || (kind === undefined && hint[0] === entity)) return own;
  }
  if (entity === 'flag') {
    if (typeof record.key === 'string' && (hint.includes('flag') || own === undefined)) return record.key;
    if (typeof record.flagKey === 'string') return record.flagKey;
  }
  const camel = entity.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  const keys = entity === 'user' ? ['freelancerId', 'userId', 'clientId', 'accountId'] : [`${camel}Id`];
  for (const k of keys) if (typeof record[k] === 'string') return record[k] as string;
  const nestedKeys = entity === 'user' ? USER_KEYS : [camel];
  for (const k of nestedKeys) {
    const v = record[k];
    if (isObj(v)) {
      if (typeof v.id === 'string') return v.id;
      if (entity === 'user' && typeof v.userId === 'string') return v.userId;
    }
  }
  if (own && entityOfId(own) === undefined && hint.length === 0) return undefined;
  return undefined;
}

/** What kind of thing one record is, from its id prefix, its keys or the hint. */
export function entityOfRecord(record: Obj, hint: readonly string[] = []): string | undefined {
  if (typeof record.id === 'string') {
    const kind = entityOfId(record.id);
    if (kind) return kind;
  }
  if (hint[0]) return hint[0];
  if (typeof record.freelancerId === 'string' && typeof record.id !== 'string') return 'user';
  if (
    typeof record.key === 'string' &&
    ('rollout' in record || 'enabled' in record || 'rolloutPercent' in record)
  )
    return 'flag';
  return undefined;
}
