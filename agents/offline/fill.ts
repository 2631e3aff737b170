/**
 * Arguments for a tool call, read from what the person said and shaped by the tool's JSON Schema: money
 * as minor units, durations as weeks or dates, ids from references to earlier results, skills, category
 * and industry slugs, enums, flags, free text. Whatever a required field still lacks is reported as
 * missing, so the model can ask for it instead of guessing.
 */

import { carriedSpec, referencedInput, rescaleCarriedParts } from './carry';
import { conform } from './conform';
import type { Entry } from './conversation';
import { commandPart, maskQuoted } from './intents';
import { deriveTitle, labelled, quoted, searchQuery, stripCommand } from './parse/brief';
import { type DurationInfo, parseDuration, parseSpans, parseWorkTime } from './parse/duration';
import { currenciesIn, type MoneyMention, mentionAmount, parseMoney } from './parse/money';
import { looksLikeId, parseReferences, type References } from './parse/references';
import { builtInSkillIndex, findCategory, findIndustry, findSkills, type Named } from './parse/skills';
import { humanize, normalize, plain, splitIdentifier, stem } from './parse/text';
import { fromList, latestOf, resolveId } from './resolve';
import { isObj } from './results';
import { enumOf, type Property, propertiesOf, resolve, type SlotKind, slotKind, typeOf } from './schema';
import type { BoundTool, JsonSchema } from './tools';

export interface FillOptions {
  now: Date;
  defaultCurrency: string;
  skillNormalizer?: (text: string) => Promise<string[]>;
  categories?: readonly Named[];
  industries?: readonly Named[];
  /** The person's own user id and role, when the system prompt names them: "my profile" is theirs. */
  self?: { id: string; role?: string | undefined };
}

export interface FillRequest {
  tool: BoundTool;
  /** Everything the person said for this request (with earlier answers when a question was asked). */
  text: string;
  /**
   * Answers to questions about some fields, oldest first: read first for those fields (bare numbers count
   * as money there), and after the request for any other field still empty.
   */
  answers?: readonly Answer[];
  /** Derive free text (a title, the brief as description, a search query) from the request. Default true. */
  derive?: boolean;
  /** Arguments of an earlier call that is being corrected. */
  base?: Record<string, unknown>;
  /** Arguments the phrasing implies ("publish it" → status open). */
  preset?: Record<string, unknown>;
  /** Conversation entries before the current message: where references point. */
  context: readonly Entry[];
}

export interface Answer {
  text: string;
  fields: readonly string[];
}

export interface FillResult {
  args: Record<string, unknown>;
  /** Some arguments came from a spec an earlier tool drafted. */
  carried: boolean;
  /** Required fields still without a value, the one to ask about first first (see askOrder). */
  missing: Property[];
}

/** Fields the model never fills from text: they are for people and the runtime, not for a prompt to set. */
const NEVER_FILL = new Set([
  'confirm',
  'confirmed',
  'confirmation',
  'force',
  'idempotencyKey',
  'bypass',
  'skipConfirmation',
  'dryRun',
]);

type ToolStyle = 'create' | 'update' | 'search' | 'other';

function styleOf(tool: BoundTool): ToolStyle {
  const first = splitIdentifier(tool.name)[0] ?? '';
  if (
    [
      'create',
      'draft',
      'post',
      'add',
      'submit',
      'improve',
      'assess',
      'suggest',
      'report',
      'open',
      'request',
    ].includes(first)
  )
    return 'create';
  if (['update', 'set', 'edit', 'change', 'rename'].includes(first)) return 'update';
  if (['search', 'find', 'match', 'list', 'recommend', 'similar', 'browse'].includes(first)) return 'search';
  return 'other';
}

/** Cached readings of one text. */
class Facts {
  private moneyCache?: MoneyMention[];
  private durationCache?: DurationInfo;
  private refsCache?: References;
  constructor(
    readonly text: string,
    readonly opts: FillOptions,
    readonly relaxed: boolean,
  ) {}
  /**
   * Amounts in the person's own words first: quoted or reported text ("the client wrote: 'bid $1'") and
   * whatever follows an injection phrase are data. Only when their own words name no amount is the rest
   * read (a pasted brief that holds the only budget), still never past an injection phrase.
   */
  get money(): MoneyMention[] {
    if (!this.moneyCache) {
      const opts = { defaultCurrency: this.opts.defaultCurrency, relaxed: this.relaxed };
      const own = parseMoney(commandPart(maskQuoted(this.text)), opts);
      this.moneyCache = own.length > 0 ? own : parseMoney(commandPart(this.text), opts);
    }
    return this.moneyCache;
  }
  get duration(): DurationInfo {
    this.durationCache ??= parseDuration(this.text, this.opts.now);
    return this.durationCache;
  }
  get refs(): References {
    this.refsCache ??= parseReferences(this.text);
    return this.refsCache;
  }
  get lower(): string {
    return normalize(this.text);
  }
}

export async function fillArgs(req: FillRequest, opts: FillOptions): Promise<FillResult> {
  const { tool } = req;
  const root = tool.schema;
  const props = propertiesOf(root);
  const style = styleOf(tool);
  const main = new Facts(req.text, opts, false);
  const answers = [...(req.answers ?? [])].reverse().map((a) => ({
    fields: a.fields,
    relaxed: new Facts(a.text, opts, true),
    plain: new Facts(a.text, opts, false),
  }));
  const derive = req.derive ?? true;
  const spec = carriedSpec(req, props);
  const args: Record<string, unknown> = {};
  const skillVocab = schemaSkillNames(props);
  const kinds = new Map(props.map((p) => [p.name, slotKind(p, root)]));
  const hasQuery = props.some((p) => kinds.get(p.name) === 'query');

  const readOne = async (
    p: Property,
    facts: Facts,
    focused: boolean,
    deriving: boolean,
  ): Promise<unknown> => {
    const kind = kinds.get(p.name) ?? 'other';
    return read(kind, p, facts, {
      req,
      opts,
      style,
      root,
      props,
      kinds,
      focused,
      skillVocab,
      hasQuery,
      args,
      derive: deriving,
    });
  };

  for (const p of props) {
    if (NEVER_FILL.has(p.name)) continue;
    if (req.preset && p.name in req.preset) {
      args[p.name] = req.preset[p.name];
      continue;
    }
    let value: unknown;
    for (const a of answers) {
      if (value === undefined && a.fields.includes(p.name)) value = await readOne(p, a.relaxed, true, false);
    }
    // A correction changes what was refused; the rest of the refused call stands.
    if (value === undefined && req.base && p.name in req.base) value = req.base[p.name];
    // With a drafted spec to follow up on, free text is not derived from "post it": the spec has it.
    if (value === undefined) value = await readOne(p, main, false, derive && !spec);
    for (const a of answers) {
      if (value === undefined && !a.fields.includes(p.name)) value = await readOne(p, a.plain, false, false);
    }
    if (value === undefined && req.base && p.name in req.base) value = req.base[p.name];
    if (value === undefined && spec && p.name in spec) value = spec[p.name];
    if (value === undefined && spec && derive) value = await readOne(p, main, false, true);
    if (value !== undefined) {
      const checked = conform(value, p.schema, root);
      if (checked !== undefined) args[p.name] = checked;
    }
  }
  rescaleCarriedParts(args, spec);
  fillSelf(args, props, main, opts);
  dropWhatATypedIdReplaces(args, props, main, req.context, spec);
  // Sensible defaults a person would expect instead of a question.
  for (const p of props) {
    if (args[p.name] !== undefined || !p.required) continue;
    const kind = kinds.get(p.name);
    const values = enumOf(p.schema);
    if (kind === 'enum' && values?.includes('fixed') && /pric|kind|type/i.test(p.name))
      args[p.name] = 'fixed';
    if (kind === 'date' && /work|today/i.test(`${p.name} ${p.description}`)) args[p.name] = isoDay(opts.now);
  }
  const missing = props
    .filter((p) => p.required && args[p.name] === undefined && !NEVER_FILL.has(p.name))
    .sort((a, b) => askOrder(kinds.get(a.name)) - askOrder(kinds.get(b.name)));
  const carried = spec !== undefined && Object.keys(spec).some((k) => args[k] === spec[k]);
  return { args, missing, carried };
}

/**
 * "show my profile", "assess me": a required id of a person that the person's own words point at ("my",
 * "me") is their own id, for a property of their role ("freelancerId" for a freelancer) or any "userId".
 */
function fillSelf(args: Record<string, unknown>, props: Property[], main: Facts, opts: FillOptions): void {
  const self = opts.self;
  if (!self || !/\b(?:my|me|mine|myself)\b/.test(main.lower)) return;
  for (const p of props) {
    if (!p.required || args[p.name] !== undefined) continue;
    const who = /^(user|freelancer|client)Id$/.exec(p.name)?.[1];
    if (who && (who === 'user' || who === self.role)) args[p.name] = self.id;
  }
}

/**
 * "improve the job post for prj_…", "is the budget of prj_… realistic?": an id the person typed names the
 * subject, so optional alternatives to it are left out: text derived from the request itself (it holds the
 * id) and an object carried from an earlier draft. Tools taking "either projectId or a draft" get one.
 */
function dropWhatATypedIdReplaces(
  args: Record<string, unknown>,
  props: Property[],
  main: Facts,
  context: readonly Entry[],
  spec: Record<string, unknown> | undefined,
): void {
  const typed = main.refs.ids.map((r) => r.id);
  if (typed.length === 0) return;
  const isId = (name: string) => /Ids?$/.test(name);
  const named = props.some(
    (p) => isId(p.name) && typeof args[p.name] === 'string' && typed.includes(args[p.name] as string),
  );
  if (!named) return;
  const sameTitle = (a: unknown, b: unknown) =>
    isObj(a) && isObj(b) && typeof a.title === 'string' && a.title === b.title;
  for (const p of props) {
    const v = args[p.name];
    if (p.required || isId(p.name) || v === undefined) continue;
    const fromText = typeof v === 'string' && typed.some((id) => v.includes(id));
    const fromDraft =
      (spec !== undefined && JSON.stringify(v) === JSON.stringify(spec[p.name])) ||
      sameTitle(v, referencedInput(p, context)) ||
      sameTitle(v, spec);
    if (fromText || fromDraft) delete args[p.name];
  }
}

/** Which missing field to ask for first: what the call is about, then money, then the rest. */
function askOrder(kind: SlotKind | undefined): number {
  switch (kind) {
    case 'id':
    case 'key':
      return 0;
    case 'moneyRange':
    case 'money':
    case 'minor':
      return 1;
    case 'longText':
    case 'title':
      return 2;
    case 'weeks':
    case 'date':
      return 3;
    case 'skills':
    case 'skillYears':
      return 4;
    case 'category':
      return 5;
    default:
      return 6;
  }
}

interface ReadContext {
  req: FillRequest;
  opts: FillOptions;
  style: ToolStyle;
  root: JsonSchema;
  props: Property[];
  kinds: Map<string, SlotKind>;
  focused: boolean;
  skillVocab: string[];
  hasQuery: boolean;
  args: Record<string, unknown>;
  /** Free text may be derived from this text (it is the request itself, not an answer or a correction). */
  derive: boolean;
}

async function read(kind: SlotKind, p: Property, f: Facts, c: ReadContext): Promise<unknown> {
  switch (kind) {
    case 'id':
      return resolveId(p, f.text, f.refs, {
        props: c.props,
        kinds: c.kinds,
        context: c.req.context,
        focused: c.focused,
      });
    case 'money':
      return readMoney(p, f, c);
    case 'moneyRange':
      return readRange(p, f, c);
    case 'minor':
      return readMinor(p, f);
    case 'weeks':
      return readWeeks(f, c);
    case 'date':
      return f.duration.deadline;
    case 'skills':
      return readSkills(p, f, c);
    case 'skillYears':
      return readSkillYears(f, c);
    case 'category':
      return readCategory(p, f, c);
    case 'industry':
      return (
        findIndustry(f.text, c.opts.industries, infers(p, c)) ?? (c.focused ? literalSlug(f.text) : undefined)
      );
    case 'industries': {
      const one = findIndustry(f.text, c.opts.industries, infers(p, c));
      return one ? [one] : undefined;
    }
    case 'enum':
      return readEnum(p, f, c);
    case 'boolean':
      return readBoolean(p, f);
    case 'percent':
      return readPercent(f);
    case 'minutes':
    case 'hours':
      return readWorkTime(kind, f, c);
    case 'rating':
      return readRating(p, f);
    case 'count':
      return readCount(f);
    case 'query':
      return c.focused ? f.text.trim() || undefined : c.derive ? readQuery(f, c) : undefined;
    case 'title':
      return readTitle(p, f, c);
    case 'longText':
      return readLongText(p, f, c);
    case 'key':
      return readKey(f, c);
    case 'text':
      return c.focused ? f.text.trim() || undefined : labelled(f.text, [humanize(p.name)]);
    case 'number': {
      const v = c.focused ? f.text : labelled(f.text, [humanize(p.name)]);
      const n = v ? Number(/-?\d+(?:\.\d+)?/.exec(v)?.[0]) : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'currency':
      return readCurrency(p, f);
    case 'isoWeek':
      return readIsoWeek(f, c);
    case 'isoMonth':
      return readIsoMonth(f, c);
    case 'bps':
      return readBps(f);
    case 'skill': {
      const found = await skillsIn(f.text, c);
      return found[0] ?? (c.focused ? f.text.trim() || undefined : undefined);
    }
    default:
      if (p.name === 'milestones' || splitIdentifier(p.name).includes('milestones'))
        return readMilestones(p, f, c);
      return typeOf(p.schema) === 'object' && !c.focused ? referencedInput(p, c.req.context) : undefined;
  }
}

// -------------------------------------------------------------------------------------------- money

function labelWords(name: string): string[] {
  const words = splitIdentifier(name);
  const out = [...words];
  if (words.includes('amount')) out.push('bid', 'price', 'for', 'offer', 'total', 'quote');
  if (words.includes('rate')) out.push('hour', 'hourly', 'rate');
  if (words.includes('budget')) out.push('budget', 'pay', 'paying');
  return out;
}

function pickMention(
  p: Property,
  mentions: MoneyMention[],
  c: ReadContext,
  text: string,
): MoneyMention | undefined {
  if (mentions.length === 0) return undefined;
  const rateLike = /rate|hourly/i.test(p.name);
  const moneyProps = c.props.filter((q) =>
    ['money', 'moneyRange', 'minor'].includes(c.kinds.get(q.name) ?? ''),
  );
  let pool = mentions;
  if (moneyProps.length > 1) {
    const perHour = mentions.filter((m) => m.per === 'hour');
    if (rateLike && perHour.length > 0) pool = perHour;
    else if (!rateLike && perHour.length < mentions.length) pool = mentions.filter((m) => m.per !== 'hour');
  }
  const labels = labelWords(p.name);
  const lower = normalize(text);
  for (const m of pool) {
    const before = lower.slice(Math.max(0, m.start - 30), m.start);
    if (labels.some((l) => new RegExp(`\\b${l}\\b`).test(before))) return m;
  }
  // "milestone 1 $2k" style amounts belong to milestones, not to the total.
  const notMilestone = pool.filter(
    (m) => !/milestone|phase|stage/.test(lower.slice(Math.max(0, m.start - 25), m.start)),
  );
  return notMilestone[0] ?? pool[0];
}

function readMoney(p: Property, f: Facts, c: ReadContext): unknown {
  const m = pickMention(p, f.money, c, f.text);
  if (!m) return undefined;
  return { amount: mentionAmount(m), currency: m.currency };
}

function readRange(p: Property, f: Facts, c: ReadContext): unknown {
  const m = pickMention(p, f.money, c, f.text);
  if (!m) return undefined;
  const inner = propertiesOf(p.schema, c.root);
  const needs = (k: string) => inner.some((q) => q.name === k && q.required);
  const out: Record<string, unknown> = { currency: m.currency };
  if (m.min !== undefined) out.min = m.min;
  else if (needs('min')) out.min = 0;
  if (m.max !== undefined) out.max = m.max;
  else if (needs('max')) out.max = m.min;
  return out;
}

function readMinor(p: Property, f: Facts): unknown {
  const m = f.money[0];
  if (!m) return undefined;
  const amount = mentionAmount(m);
  const signed = typeof p.schema.minimum === 'number' && p.schema.minimum < 0;
  if (signed) {
    const before = normalize(f.text).slice(Math.max(0, m.start - 30), m.start);
    if (/\b(?:reduce|lower|decrease|minus|less|take off|cut|discount|refund)\b|-\s*$/.test(before))
      return -amount;
  }
  return amount;
}

// ------------------------------------------------------------------------------------------ time

function readWeeks(f: Facts, c: ReadContext): unknown {
  if (f.duration.weeks !== undefined) return f.duration.weeks;
  if (c.focused) {
    const n = /^\s*(\d{1,3})\s*$/.exec(f.text);
    if (n) return Number(n[1]);
  }
  return undefined;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function readWorkTime(kind: 'minutes' | 'hours', f: Facts, c: ReadContext): unknown {
  const hasMinutes = c.props.some((q) => c.kinds.get(q.name) === 'minutes');
  const t = parseWorkTime(f.text);
  if (!t) return undefined;
  if (kind === 'minutes') return t.minutes;
  return hasMinutes ? undefined : Math.round((t.minutes / 60) * 100) / 100;
}

// ------------------------------------------------------------------------------------ skills etc.

function schemaSkillNames(props: Property[]): string[] {
  const out: string[] = [];
  for (const p of props) {
    if (!/skill/i.test(p.name)) continue;
    const items = isObj(p.schema.items) ? p.schema.items : {};
    const values = enumOf(items as JsonSchema) ?? [];
    out.push(...values);
    for (const m of p.description.matchAll(/"([^"]{1,40})"/g)) out.push(m[1]!);
  }
  return out;
}

async function skillsIn(text: string, c: ReadContext): Promise<string[]> {
  if (c.opts.skillNormalizer) {
    try {
      const found = await c.opts.skillNormalizer(text);
      if (found.length > 0) return [...new Set(found)];
    } catch {
      // The skills graph failed: fall back to the built-in vocabulary.
    }
  }
  const index = builtInSkillIndex(c.skillVocab);
  return findSkills(text, index);
}

async function readSkills(p: Property, f: Facts, c: ReadContext): Promise<unknown> {
  // A search by text already covers the skills it names; a skills filter would only narrow it.
  if (c.hasQuery && !c.focused && !/\bskills?\b/.test(f.lower)) return undefined;
  const found = await skillsIn(f.text, c);
  const max = typeof p.schema.maxItems === 'number' ? p.schema.maxItems : 30;
  if (found.length > 0) return found.slice(0, max);
  if (c.focused) {
    const names = plain(f.text)
      .split(/,|;|\band\b|\n/)
      .map((s) => s.trim().replace(/[.!]+$/, ''))
      .filter((s) => s.length > 0 && s.length <= 60);
    return names.length > 0 ? names.slice(0, max) : undefined;
  }
  return undefined;
}

async function readSkillYears(f: Facts, c: ReadContext): Promise<unknown> {
  const skills = await skillsIn(f.text, c);
  if (skills.length === 0) return undefined;
  const lower = f.lower;
  const years = [...lower.matchAll(/(\d{1,2})\+?\s*(?:years?|yrs?)/g)];
  if (years.length === 0) return undefined;
  return skills.map((name) => {
    const at = lower.indexOf(name.toLowerCase());
    let best = years[0]!;
    for (const y of years) if (Math.abs((y.index ?? 0) - at) < Math.abs((best.index ?? 0) - at)) best = y;
    return { name, years: Number(best[1]) };
  });
}

/** Filters of a search are set only when named; a new project's category may be inferred. */
function infers(p: Property, c: ReadContext): boolean {
  return c.style !== 'search' || p.required || c.focused;
}

async function readCategory(p: Property, f: Facts, c: ReadContext): Promise<unknown> {
  const infer = infers(p, c);
  const skills = infer ? await skillsIn(f.text, c) : [];
  const index = builtInSkillIndex(c.skillVocab);
  return (
    findCategory(f.text, skills, c.opts.categories, index, infer) ??
    (c.focused ? literalSlug(f.text) : undefined)
  );
}

function literalSlug(text: string): string | undefined {
  const m = /^\s*([a-z][a-z0-9-]{1,40})\s*\.?\s*$/.exec(normalize(text));
  return m?.[1];
}

const ENUM_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  fixed: ['fixed price', 'fixed-price', 'fixed', 'flat fee', 'flat rate', 'lump sum'],
  hourly: ['hourly', 'per hour', 'an hour', '/hr', '/h', 'by the hour', 'hourly rate'],
  retainer: ['retainer', 'monthly fee'],
  full_time: ['full time', 'full-time', 'fulltime'],
  part_time: ['part time', 'part-time'],
  limited: ['limited availability', 'limited'],
  unavailable: ['unavailable', 'not available'],
  in_progress: ['in progress', 'in-progress', 'ongoing'],
  draft: ['draft', 'drafts', 'unpublished'],
  open: ['open', 'published'],
  completed: ['completed', 'finished'],
  cancelled: ['cancelled', 'canceled'],
  approve: ['approve', 'accept', 'agree'],
  reject: ['reject', 'decline', 'refuse'],
  submitted: ['submitted', 'pending'],
  shortlisted: ['shortlisted'],
  accepted: ['accepted', 'hired'],
  rejected: ['rejected', 'declined'],
  withdrawn: ['withdrawn'],
  newest: ['newest', 'latest', 'most recent'],
  amount: ['cheapest', 'lowest price', 'by price', 'by amount', 'lowest amount', 'lowest first'],
  dismiss: ['dismiss', 'false alarm', 'false positive'],
  warn: ['warn', 'warning'],
  suspend: ['suspend', 'ban', 'block'],
  release: ['release', 'pay the freelancer'],
  refund: ['refund'],
  split: ['split'],
  not_delivered: [
    'not delivered',
    'never delivered',
    "didn't deliver",
    'did not deliver',
    'no delivery',
    'nothing delivered',
  ],
  quality: ['quality', 'poor work', 'bad work', 'buggy', 'broken'],
  scope: ['scope', 'out of scope'],
  hours: ['hours', 'overbilled', 'too many hours'],
  payment: ['payment', 'not paid', "wasn't paid", 'unpaid'],
  communication: ['communication', 'unresponsive', 'ghosted', 'no response'],
  weekly: ['weekly', 'every week'],
  biweekly: ['biweekly', 'every two weeks', 'every other week'],
  monthly: ['monthly', 'every month'],
};

function readEnum(p: Property, f: Facts, c: ReadContext): unknown {
  const values = enumOf(p.schema) ?? [];
  const lower = f.lower;
  let best: { value: string; at: number } | undefined;
  for (const value of values) {
    const phrases = ENUM_SYNONYMS[value] ?? [];
    for (const phrase of [value.replace(/_/g, ' '), ...phrases]) {
      const re = new RegExp(`(?:^|[^a-z])${phrase.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![a-z])`);
      const m = re.exec(lower);
      if (m && (!best || m.index < best.at)) best = { value, at: m.index };
    }
  }
  if (best) return best.value;
  if (values.includes('hourly') && f.money.some((m) => m.per === 'hour') && !c.kinds.has('hourlyRate'))
    return 'hourly';
  return undefined;
}

function readBoolean(p: Property, f: Facts): unknown {
  const lower = f.lower;
  if (p.name === 'publish') {
    if (
      /\b(?:as a draft|keep it (?:as )?(?:a )?draft|don'?t publish|not publish|save (?:it )?as (?:a )?draft|unpublished)\b/.test(
        lower,
      )
    )
      return false;
    if (
      /\b(?:publish|go live|make it (?:public|live)|open (?:it )?(?:up )?(?:to|for) (?:proposals|bids)|post it (?:now|live)|right away|start (?:getting|receiving) proposals)\b/.test(
        lower,
      )
    )
      return true;
    return undefined;
  }
  if (p.name === 'enabled' || p.name === 'enable' || p.name === 'on') {
    if (/\b(?:disable|turn (?:it )?off|switch (?:it )?off|deactivate|kill)\b/.test(lower)) return false;
    if (/\b(?:enable|turn (?:it )?on|switch (?:it )?on|activate)\b/.test(lower)) return true;
    return undefined;
  }
  const word = stem(splitIdentifier(p.name).at(-1) ?? p.name);
  const m = new RegExp(`(\\b(?:not|no|don'?t|without|non)\\s+)?\\b${word}`).exec(lower);
  if (!m) return undefined;
  return m[1] === undefined;
}

function readPercent(f: Facts): unknown {
  const m =
    /(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|pct\b)/.exec(f.lower) ??
    (f.relaxed ? /^\s*(\d{1,3})\s*$/.exec(f.lower) : null);
  return m ? Number(m[1]) : undefined;
}

function readRating(p: Property, f: Facts): unknown {
  const lower = f.lower;
  const named = new RegExp(`\\b${splitIdentifier(p.name)[0]}\\D{0,12}([1-5])\\b`).exec(lower);
  if (named) return Number(named[1]);
  const overall =
    /\b([1-5])(?:\.0)?\s*(?:\/\s*5|stars?|out of 5)\b/.exec(lower) ??
    /\b(?:rate|give|score)\w*\s+(?:\w+\s+){0,3}?([1-5])\b/.exec(lower);
  if (overall) return Number(overall[1]);
  if (/\b(?:excellent|perfect|outstanding|amazing|great)\b/.test(lower)) return 5;
  return undefined;
}

function readCount(f: Facts): unknown {
  const m =
    /\b(?:top|first|best|show(?: me)?|list|give me|get)\s+(\d{1,3})\b/.exec(f.lower) ??
    /\b(\d{1,3})\s+(?:results|matches|projects|jobs|freelancers|candidates|people|options|items|alerts|accounts|users|proposals|flags)\b/.exec(
      f.lower,
    );
  return m ? Number(m[1]) : undefined;
}

function readQuery(f: Facts, c: ReadContext): unknown {
  // A match or list by id needs no text.
  if (c.props.some((q) => c.kinds.get(q.name) === 'id' && c.args[q.name] !== undefined)) return undefined;
  const remove: Array<[number, number]> = f.money.map((m) => [m.start, m.end]);
  for (const s of parseSpans(f.text)) remove.push([s.start, s.end]);
  if (f.duration.date) remove.push([f.duration.date.start, f.duration.date.end]);
  return searchQuery(f.text, remove);
}

function readTitle(p: Property, f: Facts, c: ReadContext): unknown {
  const labels =
    p.name === 'title'
      ? ['title', 'titled', 'called', 'named', 'name it', 'call it', 'rename it to', 'rename to', 'new title']
      : [humanize(p.name)];
  const explicit = labelled(f.text, labels);
  if (explicit) return explicit.replace(/\s+(?:with|and)\s+(?:a\s+)?budget\b.*$/i, '').trim();
  if (c.focused) return f.text.trim() || undefined;
  if (c.derive && c.style === 'create' && p.name === 'title') return deriveTitle(stripCommand(f.text));
  return undefined;
}

const TEXT_LABELS: Readonly<Record<string, readonly string[]>> = {
  coverLetter: ['cover letter', 'letter', 'pitch', 'message'],
  description: ['description', 'details'],
  note: ['note', 'message', 'notes'],
  message: ['message', 'note', 'saying'],
  comment: ['comment', 'review', 'feedback'],
  reason: ['reason', 'because'],
  outcome: ['outcome', 'result'],
  summary: ['summary'],
  bio: ['bio', 'about me'],
};

function readLongText(p: Property, f: Facts, c: ReadContext): unknown {
  const min = typeof p.schema.minLength === 'number' ? p.schema.minLength : 1;
  const explicit = labelled(f.text, TEXT_LABELS[p.name] ?? [humanize(p.name)]);
  if (explicit && explicit.length >= min) return explicit;
  if (c.focused) {
    const t = f.text.trim();
    return t.length >= min ? t : undefined;
  }
  const briefLike = ['description', 'brief', 'text', 'prompt', 'body', 'details'].includes(p.name);
  if (!c.derive) return undefined;
  if (c.style === 'create' && briefLike && !c.kinds.has('coverLetter')) {
    const body = stripCommand(f.text);
    return body.length >= Math.max(min, 10) ? body : undefined;
  }
  // Without a label, quoted or after-the-colon text fills only a field the call cannot go without.
  if (!p.required) return undefined;
  const q = quoted(f.text, Math.max(min, 12));
  if (q) return q;
  const colon = plain(f.text).indexOf(':');
  if (colon > 0 && c.style !== 'update') {
    const after = plain(f.text)
      .slice(colon + 1)
      .trim();
    if (after.length >= Math.max(min, 15)) return after;
  }
  // "log 3 hours on ctr_… for fixing the login bug", "suspend it because the card is stolen": the clause
  // that says what or why fills a description, note or reason.
  if (/^(?:description|note|reason|summary|details|comment)$/.test(p.name)) {
    const clause =
      /\b(?:for|on|spent)\s+(\w+ing\b[^.!?\n]{3,}?)\s*[.!?]?\s*$/i.exec(plain(f.text)) ??
      /\b(?:because|since|as)\s+([^.!?\n]{8,}?)\s*[.!?]?\s*$/i.exec(plain(f.text));
    if (clause?.[1] && clause[1].length >= min) return clause[1].trim();
  }
  return undefined;
}

function readKey(f: Facts, c: ReadContext): unknown {
  const text = plain(f.text);
  const explicit = /\b(?:flag|feature|key)\s+["'`]?([a-z][a-z0-9_.-]{2,63})["'`]?/i.exec(text);
  if (
    explicit &&
    !['to', 'for', 'at', 'the', 'rollout', 'flag', 'flags'].includes(explicit[1]!.toLowerCase())
  )
    return explicit[1];
  for (const m of text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) {
    if (!looksLikeId(m[0])) return m[0];
  }
  const q = quoted(text, 2);
  if (q && /^[\w.-]+$/.test(q)) return q;
  if (c.focused) {
    const one = /^\s*([\w.-]{2,64})\s*$/.exec(text);
    if (one) return one[1];
  }
  if (f.refs.demonstratives.length > 0 || f.refs.ordinals.length > 0) {
    const ord = f.refs.ordinals[0];
    if (ord) return fromList('flag', ord.index, undefined, c.req.context);
    return latestOf('flag', c.req.context);
  }
  return undefined;
}

// ------------------------------------------------------------------------------ currencies, periods

/** "to EUR", "in euros" for a target currency; else the currency an amount was given in. */
function readCurrency(p: Property, f: Facts): unknown {
  const text = plain(f.text);
  const found = currenciesIn(text, f.opts.defaultCurrency);
  if (found.length === 0) return undefined;
  if (/^(?:to|toCurrency|targetCurrency)$/.test(p.name)) {
    const target = found.find((cur) =>
      /\b(?:to|in|into)\s+(?:us\s+)?$/i.test(text.slice(Math.max(0, cur.start - 8), cur.start)),
    );
    return (target ?? (found.length > 1 ? found.at(-1) : undefined))?.code;
  }
  const money = f.money.find((m) => m.explicitCurrency);
  return money?.currency ?? found[0]!.code;
}

function isoWeekOf(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7;
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function readIsoWeek(f: Facts, c: ReadContext): unknown {
  const literal = /\b(\d{4})-?w(\d{1,2})\b/i.exec(f.text);
  if (literal) return `${literal[1]}-W${literal[2]!.padStart(2, '0')}`;
  const now = c.opts.now.getTime();
  if (/\bnext week\b/.test(f.lower)) return isoWeekOf(now + 7 * 86_400_000);
  if (/\b(?:last|previous|past) week\b/.test(f.lower)) return isoWeekOf(now - 7 * 86_400_000);
  if (/\bthis week\b|\bcurrent week\b/.test(f.lower)) return isoWeekOf(now);
  if (f.duration.date) return isoWeekOf(Date.parse(f.duration.date.date));
  return undefined;
}

function readIsoMonth(f: Facts, c: ReadContext): unknown {
  const literal = /\b(\d{4})-(\d{2})\b(?!-\d)/.exec(f.text);
  if (literal) return `${literal[1]}-${literal[2]}`;
  const now = c.opts.now;
  const ym = (y: number, m: number) => {
    const d = new Date(Date.UTC(y, m, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  if (/\bnext month\b/.test(f.lower)) return ym(now.getUTCFullYear(), now.getUTCMonth() + 1);
  if (/\b(?:last|previous) month\b/.test(f.lower)) return ym(now.getUTCFullYear(), now.getUTCMonth() - 1);
  if (/\bthis month\b|\bcurrent month\b/.test(f.lower)) return ym(now.getUTCFullYear(), now.getUTCMonth());
  const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  const named =
    /\b(january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b(?:\s+(\d{4}))?/.exec(
      f.lower,
    );
  if (named) {
    const m = months.indexOf(named[1]!.slice(0, 3));
    if (named[2]) return ym(Number(named[2]), m);
    return ym(m >= now.getUTCMonth() ? now.getUTCFullYear() : now.getUTCFullYear() + 1, m);
  }
  return undefined;
}

/** A share in basis points: "60% to the freelancer" → 6000; "split 70/30" → 7000 (the first part). */
function readBps(f: Facts): unknown {
  const pct = /(\d{1,3}(?:\.\d{1,2})?)\s?%/.exec(f.lower);
  if (pct) return Math.round(Number(pct[1]) * 100);
  const ratio = /\b(\d{1,3})\s*\/\s*(\d{1,3})\b/.exec(f.lower);
  if (ratio && Number(ratio[1]) + Number(ratio[2]) === 100) return Number(ratio[1]) * 100;
  return undefined;
}

// -------------------------------------------------------------------------------------- milestones

function readMilestones(p: Property, f: Facts, c: ReadContext): unknown {
  if (typeOf(p.schema) !== 'array' || !/milestone/.test(f.lower)) return undefined;
  const items = resolve(p.schema.items, c.root);
  const itemProps = propertiesOf(items, c.root);
  const names = new Set(itemProps.map((q) => q.name));
  if (!names.has('title') || !names.has('amount')) return undefined;
  const text = plain(f.text);
  const head = /milestones?\b[^:\n]{0,60}:\s*/i.exec(text);
  const body = head ? text.slice(head.index + head[0].length) : text;
  const out: Record<string, unknown>[] = [];
  for (const part of body.split(/;|\n|,(?=\s*[A-Za-z])|\band then\b/)) {
    const money = parseMoney(part, { defaultCurrency: c.opts.defaultCurrency });
    const m = money[0];
    if (!m) continue;
    const title = `${part.slice(0, m.start)} ${part.slice(m.end)}`
      .replace(/\b(?:for|of|at|costing|=|:|-)\s*$/i, '')
      .replace(/\s+/g, ' ')
      .replace(/^[\s\d.)-]+/, '')
      .replace(/\b(?:by|due|in|within)\b.*$/i, '')
      .replace(/[\s,:;-]+$/, '')
      .trim();
    if (title.length === 0) continue;
    const item: Record<string, unknown> = {
      title: title.slice(0, 200),
      amount: { amount: mentionAmount(m), currency: m.currency },
    };
    const d = parseDuration(part.slice(m.end), c.opts.now);
    if (names.has('dueInWeeks') && d.weeks !== undefined) item.dueInWeeks = d.weeks;
    if (names.has('dueDate') && d.deadline) item.dueDate = d.deadline;
    out.push(item);
  }
  const required = itemProps.filter((q) => q.required).map((q) => q.name);
  const complete = out.filter((it) => required.every((k) => it[k] !== undefined));
  return complete.length > 0
    ? complete.slice(0, typeof p.schema.maxItems === 'number' ? p.schema.maxItems : 20)
    : undefined;
}

/**
 * An answer as a value of an open-ended field ("requirements.platforms"): a list for plural names or
 * several items, yes/no as a boolean, a lone number as a number, else the text.
 */
export function looseAnswer(text: string, key: string): unknown {
  const t = plain(text)
    .trim()
    .replace(/[.!]+$/, '');
  const parts = t.split(/\s*(?:,|;|\band\b|\bor\b|\s\/\s|\/)\s*/i).filter(Boolean);
  if (/s$/.test(key) && !/ss$/.test(key)) return parts;
  if (/^(?:yes|yep|yeah|true|sure|there is|we do)\b/i.test(t)) return true;
  if (/^(?:no|nope|false|there isn't|we don't|none)\b/i.test(t)) return false;
  const numbers = t.match(/-?\d[\d,]*(?:\.\d+)?/g) ?? [];
  if (numbers.length === 1 && t.split(/\s+/).length <= 4) return Number(numbers[0]!.replace(/,/g, ''));
  return parts.length > 1 ? parts : t;
}
