/**
 * The reply after tool calls: what happened, in a few lines a person can act on. Results are data: the
 * text is shown, never obeyed, and a result that contains instructions is flagged as such.
 */
import type { Entry } from './conversation';
import { formatMoneyValue, humanStatus, listWords, plural } from './format';
import { hasInjection } from './intents';
import { capitalize, clip, humanize, splitIdentifier } from './parse/text';
import { entitiesOfWords, findList, isObj, type ToolError } from './results';

type ToolEntry = Extract<Entry, { kind: 'tool' }>;
type Obj = Record<string, unknown>;

const ACTIONS: Readonly<Record<string, string>> = {
  whoami: 'look up your account',
  create_project: 'create the project',
  update_project: 'update the project',
  search_projects: 'search projects',
  list_my_projects: 'list your projects',
  submit_proposal: 'submit the proposal',
  list_my_proposals: 'list your proposals',
  list_proposals: "list the project's proposals",
  invite_freelancer: 'send the invitation',
  set_flag_rollout: 'change the rollout',
};

/** "fund_milestone" → "fund the milestone"; "list_my_projects" → "list your projects". */
export function actionPhrase(tool: string): string {
  const known = ACTIONS[tool];
  if (known) return known;
  const [verb = tool, ...rest] = splitIdentifier(tool);
  if (rest.length === 0) return verb;
  if (rest[0] === 'my') return `${verb} your ${rest.slice(1).join(' ')}`;
  return `${verb} the ${rest.join(' ')}`;
}

const PAST: Readonly<Record<string, string>> = {
  create: 'Created',
  update: 'Updated',
  submit: 'Submitted',
  invite: 'Invited',
  cancel: 'Cancelled',
  accept: 'Accepted',
  withdraw: 'Withdrew',
  add: 'Added',
  log: 'Logged',
  leave: 'Left',
  set: 'Updated',
  fund: 'Funded',
  approve: 'Approved',
  release: 'Released',
  refund: 'Refunded',
  open: 'Opened',
  resolve: 'Resolved',
  report: 'Reported',
  respond: 'Answered',
  request: 'Requested',
  deposit: 'Deposited',
  draft: 'Drafted',
};

function pastVerb(tool: string): string | undefined {
  return PAST[splitIdentifier(tool)[0] ?? ''];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function names(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((x) => (typeof x === 'string' ? x : isObj(x) ? (str(x.name) ?? str(x.title) ?? '') : ''))
    .filter(Boolean);
}

/** Whether any text inside a value looks like an attempt to instruct the model. */
function containsInstructions(v: unknown, depth = 0): boolean {
  if (depth > 6) return false;
  if (typeof v === 'string') return hasInjection(v);
  if (Array.isArray(v)) return v.some((x) => containsInstructions(x, depth + 1));
  if (isObj(v)) return Object.values(v).some((x) => containsInstructions(x, depth + 1));
  return false;
}

const INJECTION_NOTE =
  'Note: some of this text contains instructions (such as "ignore previous instructions"). I treat it as data and have not acted on it.';

/**
 * The answer to the latest tool results. `context` (earlier entries) gives names to bare ids: a draft
 * "for prj_…" becomes a draft for the project's title as an earlier result showed it.
 */
export function answerFromResults(results: readonly ToolEntry[], context: readonly Entry[] = []): string {
  const parts = results.map((r) =>
    r.result.ok
      ? describeSuccess(r.name, withNames(r.result.data, context))
      : describeError(r.name, r.result.error),
  );
  const flagged = results.some((r) =>
    containsInstructions(r.result.ok ? r.result.data : r.result.error.message),
  );
  if (flagged) parts.push(INJECTION_NOTE);
  return parts.join('\n\n');
}

/** Adds projectTitle to a record that names a project only by id, when an earlier result showed its title. */
function withNames(data: unknown, context: readonly Entry[]): unknown {
  if (!isObj(data) || typeof data.projectId !== 'string' || str(data.projectTitle)) return data;
  const title = titleOf(data.projectId, context);
  return title ? { ...data, projectTitle: title } : data;
}

function titleOf(id: string, context: readonly Entry[]): string | undefined {
  const seen = (v: unknown, depth: number): string | undefined => {
    if (depth > 4) return undefined;
    if (Array.isArray(v)) {
      for (const x of v) {
        const hit = seen(x, depth + 1);
        if (hit) return hit;
      }
      return undefined;
    }
    if (!isObj(v)) return undefined;
    if (v.id === id && str(v.title)) return v.title as string;
    for (const x of Object.values(v)) {
      if (typeof x !== 'object' || x === null) continue;
      const hit = seen(x, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  };
  for (let i = context.length - 1; i >= 0; i--) {
    const e = context[i]!;
    if (e.kind === 'tool' && e.result.ok) {
      const hit = seen(e.result.data, 0);
      if (hit) return hit;
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------ errors

function describeError(tool: string, e: ToolError): string {
  const action = actionPhrase(tool);
  switch (e.code) {
    case 'NEEDS_CONFIRMATION': {
      const what = e.pendingAction?.summary
        ? `${e.pendingAction.summary.replace(/[.\s]+$/, '')}`
        : capitalize(action);
      const expires = e.pendingAction?.expiresAt
        ? ` It expires at ${clockTime(e.pendingAction.expiresAt)}.`
        : '';
      return `Waiting for your confirmation: ${what}. Nothing has happened yet — press Confirm to go ahead, or Cancel to drop it.${expires}`;
    }
    case 'VALIDATION': {
      if (!e.fields || e.fields.length === 0) return `I couldn't ${action}: ${e.message}`;
      const list = e.fields.map((f) => `${f.field} (${f.message.replace(/[.\s]+$/, '')})`).join('; ');
      // The leaf names what to ask for: "requirements.platforms" → "platforms".
      const first =
        e.fields[0]!.field.split('.')
          .filter((part) => !/^\d+$/.test(part))
          .at(-1) ?? e.fields[0]!.field;
      return `I couldn't ${action} because of ${e.fields.length === 1 ? 'one field' : 'some fields'}: ${list}. Tell me the right ${humanize(first)} and I'll try again.`;
    }
    case 'RATE_LIMITED':
      return `${e.message} Let's pause for a moment.`;
    case 'NOT_FOUND':
      return `I couldn't ${action}: ${e.message} Check the id, or search again and pick from the list.`;
    case 'FORBIDDEN':
      return `I couldn't ${action}: ${e.message}`;
    default:
      return `I couldn't ${action}: ${e.message}`;
  }
}

function clockTime(iso: string): string {
  const m = /T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} UTC` : iso;
}

// ----------------------------------------------------------------------------------------- success

function describeSuccess(tool: string, data: unknown): string {
  if (data === null || data === undefined || data === '') return `Done: ${actionPhrase(tool)}.`;
  if (typeof data === 'string') return `${capitalize(actionPhrase(tool))}: ${clip(data, 600)}`;
  if (typeof data !== 'object') return `${capitalize(actionPhrase(tool))}: ${String(data)}`;
  const list = findList(data);
  if (list && (Array.isArray(data) || !(isObj(data) && typeof data.id === 'string')))
    return describeList(tool, list, data);
  return describeRecord(tool, data as Obj);
}

const ENTITY_NOUN: Readonly<Record<string, [string, string]>> = {
  project: ['project', 'projects'],
  user: ['freelancer', 'freelancers'],
  proposal: ['proposal', 'proposals'],
  alert: ['alert', 'alerts'],
  flag: ['flag', 'flags'],
  contract: ['contract', 'contracts'],
  milestone: ['milestone', 'milestones'],
  invoice: ['invoice', 'invoices'],
  transfer: ['transaction', 'transactions'],
  dispute: ['dispute', 'disputes'],
  review: ['review', 'reviews'],
};

function nounFor(tool: string, key: string): [string, string] {
  const words = splitIdentifier(tool);
  if (words.includes('accounts') || words.includes('users')) return ['account', 'accounts'];
  const entity = entitiesOfWords(tool, key)[0];
  if (entity && ENTITY_NOUN[entity]) return ENTITY_NOUN[entity];
  const last = key || words.at(-1) || 'result';
  const one = last.replace(/s$/, '');
  return [humanize(one), humanize(last.endsWith('s') ? last : `${last}s`)];
}

function describeList(
  tool: string,
  list: { items: Obj[]; key: string; total?: number },
  data: unknown,
): string {
  const [one, many] = nounFor(tool, list.key);
  const mine = splitIdentifier(tool).includes('my');
  const total = list.total ?? list.items.length;
  if (list.items.length === 0) {
    const hint = /search|find|match|recommend/.test(tool)
      ? ' Try fewer words, another skill or a wider budget.'
      : '';
    return mine ? `You have no ${many} yet.` : `No ${many} found.${hint}`;
  }
  const shown = list.items.slice(0, 5);
  const head = mine
    ? `You have ${plural(total, one, many)}${total > shown.length ? `; the latest ${shown.length}` : ''}:`
    : `Found ${plural(total, one, many)}${total > shown.length ? `; the top ${shown.length}` : ''}:`;
  const risk = /risk|fraud|assess|alert/.test(tool);
  const lines = shown.map((item, i) => `${i + 1}. ${itemLine(item, risk)}`);
  const about = isObj(data) && str(data.projectTitle) ? ` for "${data.projectTitle}"` : '';
  const tail = shown.length > 1 ? `Say "the second one" (or give an id) to pick one.` : '';
  return [head.replace(/:$/, `${about}:`), ...lines, tail].filter(Boolean).join('\n');
}

/** One list row: the name or title first, then the few fields that decide. */
export function itemLine(item: Obj, riskScores = false): string {
  const parts: string[] = [];
  const freelancer = isObj(item.freelancer) ? item.freelancer : undefined;
  const label =
    str(item.title) ??
    (freelancer ? str(freelancer.name) : undefined) ??
    str(item.name) ??
    str(item.displayName) ??
    str(item.projectTitle) ??
    str(item.key) ??
    str(item.label) ??
    str(item.headline) ??
    str(item.email) ??
    str(item.id);
  // A row without a name (a wallet balance line): its amounts are what it says.
  if (label === undefined) {
    const amounts = Object.entries(item)
      .map(([k, v]) => [k, formatMoneyValue(v)] as const)
      .filter(([, v]) => v !== undefined)
      .slice(0, 4)
      .map(([k, v]) => `${humanize(k)} ${v}`);
    const rest = Object.entries(item)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .slice(0, amounts.length > 0 ? 1 : 4)
      .map(([k, v]) => `${humanize(k)}: ${humanStatus(String(v))}`);
    return [...rest, ...amounts].join(', ') || 'item';
  }
  if (str(item.projectTitle) && label !== item.projectTitle && !str(item.title))
    parts.push(`on "${item.projectTitle}"`);
  const budget = formatMoneyValue(item.budget);
  if (budget)
    parts.push(
      `${budget}${item.pricing === 'hourly' ? '/h' : ''}${item.pricing === 'fixed' ? ' fixed' : ''}`,
    );
  const amount = formatMoneyValue(item.amount);
  if (amount) parts.push(`${amount}${item.projectPricing === 'hourly' ? '/h' : ''}`);
  const rate = formatMoneyValue(item.hourlyRate ?? item.rate ?? freelancer?.hourlyRate);
  if (rate && !amount) parts.push(`${rate}/h`);
  const weeks = num(item.timelineWeeks) ?? num(item.estimatedWeeks);
  if (weeks !== undefined) parts.push(plural(weeks, 'week'));
  const rating = num(item.rating) ?? num(freelancer?.rating);
  if (rating !== undefined) {
    const count = num(item.reviewsCount) ?? num(freelancer?.reviewsCount);
    parts.push(`${rating.toFixed(1)}★${count !== undefined ? ` (${count})` : ''}`);
  }
  const skills = names(item.skills);
  if (skills.length > 0) parts.push(listWords(skills, 3));
  const risk =
    num(item.riskScore) ??
    num(item.risk) ??
    (riskScores || /risk|fraud/i.test(Object.keys(item).join(' ')) ? num(item.score) : undefined);
  if (risk !== undefined) parts.push(`risk ${Math.round(risk)}/100`);
  else if (num(item.score) !== undefined && Array.isArray(item.reasons))
    parts.push(`score ${num(item.score)!.toFixed(2)}`);
  if (str(item.band)) parts.push(`${item.band} risk`);
  if (typeof item.enabled === 'boolean') parts.push(item.enabled ? 'on' : 'off');
  const pct = num(item.rolloutPercent) ?? num(item.rollout) ?? num(item.percentage);
  if (pct !== undefined) parts.push(`${pct}%`);
  const reasons =
    names(item.reasons).length > 0
      ? names(item.reasons)
      : Array.isArray(item.reasons)
        ? item.reasons.filter((r): r is string => typeof r === 'string')
        : [];
  if (reasons.length > 0) parts.push(reasons.slice(0, 2).join('; '));
  if (str(item.status)) parts.push(humanStatus(item.status as string));
  const id =
    str(item.id) ??
    str(item.userId) ??
    str(item.freelancerId) ??
    (freelancer ? str(freelancer.id) : undefined);
  const line = `${label}${parts.length > 0 ? ` — ${parts.join(', ')}` : ''}`;
  return `${clip(line, 230)}${id && id !== label ? ` (${id})` : ''}`;
}

function describeRecord(tool: string, d: Obj): string {
  if (/^(?:draft|improve|suggest|generate)_/.test(tool)) return describeDraft(tool, d);
  const verb = pastVerb(tool);
  const id = str(d.id);
  const idText = id ? ` (${id})` : '';
  // A project.
  if (str(d.title) && isObj(d.budget)) {
    const facts: string[] = [];
    facts.push(
      `Budget ${formatMoneyValue(d.budget)}${d.pricing === 'hourly' ? ' per hour' : d.pricing === 'fixed' ? ', fixed price' : ''}`,
    );
    if (num(d.timelineWeeks) !== undefined) facts.push(plural(num(d.timelineWeeks)!, 'week'));
    if (str(d.deadline)) facts.push(`deadline ${d.deadline}`);
    if (str(d.category)) facts.push(d.category as string);
    const skills = names(d.skills);
    const lines = [
      `${projectLead(tool, verb)} "${d.title}"${idText}. Status: ${humanStatus(str(d.status) ?? 'unknown')}.`,
      `${facts.join(', ')}.${skills.length > 0 ? ` Skills: ${listWords(skills, 6)}.` : ''}`,
    ];
    const milestones = Array.isArray(d.milestones) ? d.milestones.filter(isObj) : [];
    if (milestones.length > 0) lines.push(milestoneLines(milestones));
    if (d.status === 'draft')
      lines.push('It is a draft, so nobody can send proposals yet; say "publish it" when you are ready.');
    if (num(d.proposalCount)) lines.push(`${plural(num(d.proposalCount)!, 'proposal')} so far.`);
    return lines.join('\n');
  }
  // A risk assessment of an account: the score, what it means and the reasons behind it.
  if (num(d.score) !== undefined && str(d.band) && Array.isArray(d.reasons)) {
    const reasons = d.reasons
      .filter(isObj)
      .slice(0, 5)
      .map(
        (r) =>
          `  - ${str(r.reason) ?? str(r.signal) ?? '?'}${num(r.points) !== undefined ? ` (${num(r.points)! > 0 ? '+' : ''}${num(r.points)})` : ''}`,
      );
    const who = str(d.displayName)
      ? `${d.displayName}${str(d.userId) ? ` (${d.userId})` : ''}`
      : (str(d.userId) ?? 'this account');
    const lines = [
      `Risk for ${who}: ${d.score}/100, ${d.band} risk${str(d.decision) ? `, decision ${d.decision}` : ''}${str(d.status) ? `; account ${d.status}` : ''}.`,
    ];
    if (reasons.length > 0) lines.push('Reasons:', ...reasons);
    if (isObj(d.openAlert) && str(d.openAlert.id)) lines.push(`Open alert: ${d.openAlert.id}.`);
    return lines.join('\n');
  }
  // The signed-in user.
  if (str(d.displayName) && str(d.role)) {
    return `You're signed in as ${d.displayName} (${d.role})${str(d.email) ? `, ${d.email}` : ''}${str(d.country) ? `, ${d.country}` : ''}. Your user id is ${d.id}.`;
  }
  // A proposal.
  if (str(d.coverLetter) !== undefined && isObj(d.amount)) {
    const weeks = num(d.estimatedWeeks);
    return `${verb ?? 'Proposal'}${verb ? ' your proposal' : ''} on "${d.projectTitle ?? d.projectId}": ${formatMoneyValue(d.amount)}${d.projectPricing === 'hourly' ? '/h' : ''}${weeks ? `, ${plural(weeks, 'week')}` : ''}. Status: ${humanStatus(str(d.status) ?? 'submitted')}${idText}.`;
  }
  // An invitation.
  if (str(d.freelancerName) && str(d.projectTitle) && !isObj(d.amount)) {
    return `${verb === 'Invited' || !verb ? 'Invited' : verb} ${d.freelancerName} to "${d.projectTitle}". Status: ${humanStatus(str(d.status) ?? 'sent')}${idText}.`;
  }
  // A contract.
  if (str(d.kind) && isObj(d.amount) && (str(d.freelancerName) || str(d.clientName))) {
    const milestones = Array.isArray(d.milestones) ? d.milestones.filter(isObj) : [];
    const lines = [
      `${verb ? `${verb}: contract` : 'Contract'}${idText} for "${d.projectTitle ?? d.projectId}" with ${d.freelancerName ?? d.clientName}: ${d.kind}, ${formatMoneyValue(d.hourlyRate) ? `${formatMoneyValue(d.hourlyRate)}/h` : formatMoneyValue(d.amount)}. Status: ${humanStatus(str(d.status) ?? 'active')}.`,
    ];
    if (milestones.length > 0) lines.push(milestoneLines(milestones));
    return lines.join('\n');
  }
  // A profile.
  if (str(d.headline) && (isObj(d.hourlyRate) || Array.isArray(d.skills))) {
    const rate = formatMoneyValue(d.hourlyRate);
    const skills = names(d.skills);
    const rating = num(d.rating);
    return `${verb ? `${verb} the profile: ` : ''}${d.name ?? d.displayName ?? 'Profile'} — ${d.headline}.${rate ? ` ${rate}/h.` : ''}${rating !== undefined ? ` Rated ${rating.toFixed(1)}★ over ${num(d.reviewsCount) ?? 0} reviews.` : ''}${str(d.availability) ? ` Availability: ${humanStatus(d.availability as string)}.` : ''}${skills.length > 0 ? ` Skills: ${listWords(skills, 6)}.` : ''}`;
  }
  // A feature flag.
  if (str(d.key) && ('enabled' in d || 'rolloutPercent' in d || 'rollout' in d || 'percentage' in d)) {
    const pct = num(d.rolloutPercent) ?? num(d.rollout) ?? num(d.percentage);
    return `${verb ? `${verb} flag` : 'Flag'} ${d.key}: ${d.enabled === false ? 'off' : 'on'}${pct !== undefined ? `, rolled out to ${pct}%` : ''}.`;
  }
  // Anything else: a summary the tool wrote first, then the first few readable fields. A small nested
  // object reads as one line ("alerts by status: open 5, dismissed 0"); lists of sentences (flags,
  // observations, suggestions) as their own short lists.
  const facts: string[] = [];
  const lists: string[] = [];
  const summary = str(d.summary) && (d.summary as string).length <= 400 ? (d.summary as string) : undefined;
  for (const [k, v] of Object.entries(d)) {
    if (k === 'id' || k === 'summary') continue;
    const sentences = Array.isArray(v) ? sentencesOf(v) : [];
    if (sentences.length > 0) {
      if (lists.length < 4)
        lists.push(
          `${humanize(k)}:\n${sentences
            .slice(0, 5)
            .map((x) => `  - ${clip(x, 240)}`)
            .join('\n')}`,
        );
      continue;
    }
    if (facts.length >= 8) continue;
    const money = formatMoneyValue(v);
    if (money) facts.push(`${humanize(k)}: ${money}`);
    else if (typeof v === 'string' && v.length <= 120) facts.push(`${humanize(k)}: ${humanStatus(v)}`);
    else if (typeof v === 'number' || typeof v === 'boolean') facts.push(`${humanize(k)}: ${v}`);
    else if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'))
      facts.push(`${humanize(k)}: ${listWords(v as string[])}`);
    else if (isObj(v)) {
      const line = flatLine(v);
      if (line) facts.push(`${humanize(k)}: ${line}`);
    }
  }
  const head = verb
    ? `${verb}${idText}.`
    : summary
      ? `${summary}${idText}`
      : `Here is what I found${idText}:`;
  const body = [...(facts.length > 0 && !summary ? [facts.map((f) => `- ${f}`).join('\n')] : []), ...lists];
  if (summary) return [head, ...lists].join('\n');
  return body.length > 0 ? `${head}\n${body.join('\n')}` : `Done: ${actionPhrase(tool)}${idText}.`;
}

/** Sentences in a list: strings of several words, or objects carrying a message or reason. */
function sentencesOf(list: unknown[]): string[] {
  const out: string[] = [];
  for (const x of list) {
    const t = typeof x === 'string' ? x : isObj(x) ? (str(x.message) ?? str(x.reason)) : undefined;
    if (t && /\s\S+\s/.test(t)) out.push(t);
  }
  return out.length === list.length ? out : [];
}

/** A small object of plain values on one line; nested ones one level deep. */
function flatLine(o: Obj, depth = 0): string | undefined {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (parts.length >= 6) break;
    const money = formatMoneyValue(v);
    if (money) parts.push(`${humanize(k)} ${money}`);
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(`${humanize(k)} ${v}`);
    else if (typeof v === 'string' && v.length <= 40) parts.push(`${humanize(k)} ${humanStatus(v)}`);
    else if (isObj(v) && depth === 0) {
      const inner = flatLine(v, 1);
      if (inner) parts.push(`${humanize(k)} (${inner})`);
    }
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** A draft is shown in full: the person reads it before anything is created or sent. */
function describeDraft(tool: string, d: Obj): string {
  const lines: string[] = [];
  if (str(d.coverLetter)) {
    const weeks = num(d.estimatedWeeks);
    lines.push(
      `Here's a draft proposal${str(d.projectTitle) ? ` for "${d.projectTitle}"` : d.projectId ? ` for ${d.projectId}` : ''}:`,
    );
    lines.push('', clip(d.coverLetter as string, 1200), '');
    const price = formatMoneyValue(d.amount);
    const hourly = d.pricing === 'hourly' ? '/h' : '';
    if (price || weeks)
      lines.push(
        `Price: ${price ? `${price}${hourly}` : 'not set'}${weeks ? `, ${plural(weeks, 'week')}` : ''}.`,
      );
    const basis = isObj(d.rationale) ? str(d.rationale.priceBasis) : undefined;
    if (basis) lines.push(`How the price was set: ${clip(basis, 240)}`);
    const milestones = Array.isArray(d.milestones) ? d.milestones.filter(isObj) : [];
    if (milestones.length > 0) lines.push(milestoneLines(milestones));
    lines.push(
      'Nothing is sent yet. Say "submit it" to send it as it is, or "submit it with a bid of $…" to change the price.',
    );
    return lines.join('\n');
  }
  if (str(d.title) && ('budget' in d || str(d.description))) {
    lines.push(`Here's a draft project: "${d.title}".`);
    const facts: string[] = [];
    if (str(d.category)) facts.push(`Category: ${d.category}`);
    const skills = names(d.skills);
    if (skills.length > 0) facts.push(`Skills: ${listWords(skills, 6)}`);
    const budget = formatMoneyValue(d.budget);
    const source =
      d.budgetSource === 'market'
        ? ' (proposed from comparable projects)'
        : d.budgetSource === 'estimate'
          ? ' (estimated)'
          : '';
    if (budget)
      facts.push(
        `Budget: ${budget}${d.pricing === 'hourly' ? ' per hour' : d.pricing === 'fixed' ? ', fixed price' : ''}${source}`,
      );
    if (num(d.timelineWeeks))
      facts.push(
        `Timeline: ${plural(num(d.timelineWeeks)!, 'week')}${str(d.deadline) ? `, deadline ${d.deadline}` : ''}`,
      );
    lines.push(...facts.map((f) => `- ${f}`));
    const milestones = Array.isArray(d.milestones) ? d.milestones.filter(isObj) : [];
    if (milestones.length > 0) lines.push(milestoneLines(milestones));
    const questions = (Array.isArray(d.openQuestions) ? d.openQuestions : [])
      .map((q) => (typeof q === 'string' ? q : isObj(q) ? str(q.question) : undefined))
      .filter((q): q is string => q !== undefined);
    if (questions.length > 0)
      lines.push(
        `Open questions:\n${questions
          .slice(0, 5)
          .map((q) => `- ${q}`)
          .join('\n')}`,
      );
    if (d.readyToCreate === false || ('budget' in d && !budget)) {
      lines.push(
        'Nothing is saved yet. To post it, add what is missing, e.g. "post it with a budget of $8k".',
      );
    } else {
      lines.push(
        'Nothing is saved yet. Say "post it" to create the project as a draft, or "post it and publish it" to open it to proposals now.',
      );
    }
    return lines.join('\n');
  }
  const facts = Object.entries(d)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || formatMoneyValue(v))
    .slice(0, 8)
    .map(([k, v]) => `- ${humanize(k)}: ${formatMoneyValue(v) ?? clip(String(v), 300)}`);
  return [`Here's the ${humanize(tool.replace(/^[a-z]+_/, ''))}:`, ...facts].join('\n');
}

/** "Created the project", "Added the milestones to the project", or just "Project". */
function projectLead(tool: string, verb: string | undefined): string {
  if (!verb) return 'Project';
  const noun = splitIdentifier(tool).slice(1).join(' ');
  return noun.includes('project') ? `${verb} the project` : `${verb} the ${noun} to the project`;
}

function milestoneLines(milestones: Obj[]): string {
  const rows = milestones.slice(0, 6).map((m, i) => {
    const amount = formatMoneyValue(m.amount);
    return `  ${i + 1}. ${m.title ?? 'Milestone'}${amount ? ` — ${amount}` : ''}${str(m.status) ? `, ${humanStatus(m.status as string)}` : ''}${str(m.id) ? ` (${m.id})` : ''}`;
  });
  return `Milestones:\n${rows.join('\n')}`;
}
