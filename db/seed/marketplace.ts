import type { InValue } from '@libsql/client';
import type { Db } from '../client';
import { reindexProject } from '../queries/projects';
import { all } from '../sql';
import { RowBuffer } from './bulk';
import type { CategoryInfo, SkillRef } from './catalog';
import {
  CLIENT_REVIEWS_GOOD,
  CLIENT_REVIEWS_MIXED,
  COVER_LETTERS,
  FREELANCER_REVIEWS,
  MILESTONE_NOTES,
  type ProjectBrief,
  REQUIREMENT_ANSWERS,
  SCOPE_CHANGES,
  TIME_LOG_TASKS,
} from './data/projects';
import { DEMO, type PeopleContext, STREAM } from './people';
import { Rng } from './random';
import { clip, fill, inSentence } from './text';
import {
  convertMinor,
  DAY_MS,
  FX_FROM_USD,
  HOUR_MS,
  iso,
  isoDate,
  pad,
  roundTo,
  splitAmount,
  WEEK_MS,
} from './units';

type Status = 'draft' | 'open' | 'in_progress' | 'completed' | 'cancelled';
type ContractKind = 'fixed' | 'hourly' | 'retainer';

/** A freelancer proposals and contracts can draw on (read back from the database, ordered by id). */
export interface PoolFreelancer {
  id: string;
  category: string;
  rate: number;
  currency: string;
  jobs: number;
}

export interface MarketContext extends PeopleContext {
  byCategory: Map<string, PoolFreelancer[]>;
  everyone: PoolFreelancer[];
  demoFreelancer: PoolFreelancer | undefined;
  clients: { id: string; country: string }[];
}

const COLUMNS = {
  projects: [
    'id',
    'client_id',
    'title',
    'description',
    'category',
    'industry',
    'pricing',
    'budget_min_minor',
    'budget_max_minor',
    'currency',
    'timeline_weeks',
    'deadline',
    'status',
    'created_at',
    'updated_at',
  ],
  project_skills: ['project_id', 'skill_id'],
  project_requirements: ['project_id', 'field', 'value'],
  proposals: [
    'id',
    'project_id',
    'freelancer_id',
    'cover_letter',
    'amount_minor',
    'currency',
    'estimated_weeks',
    'milestones',
    'status',
    'created_at',
    'updated_at',
  ],
  contracts: [
    'id',
    'project_id',
    'proposal_id',
    'client_id',
    'freelancer_id',
    'kind',
    'amount_minor',
    'hourly_rate_minor',
    'weekly_limit_hours',
    'currency',
    'status',
    'deadline',
    'started_at',
    'ended_at',
  ],
  milestones: [
    'id',
    'project_id',
    'contract_id',
    'position',
    'title',
    'description',
    'amount_minor',
    'currency',
    'due_date',
    'status',
    'submission_note',
    'submitted_at',
    'created_at',
  ],
  scope_change_requests: [
    'id',
    'contract_id',
    'milestone_id',
    'requested_by',
    'description',
    'amount_delta_minor',
    'new_deadline',
    'status',
    'responded_by',
    'response_note',
    'created_at',
    'responded_at',
  ],
  time_logs: [
    'id',
    'contract_id',
    'freelancer_id',
    'work_date',
    'minutes',
    'description',
    'status',
    'created_at',
  ],
  reviews: [
    'id',
    'contract_id',
    'reviewer_id',
    'reviewee_id',
    'quality',
    'communication',
    'speed',
    'reliability',
    'comment',
    'created_at',
  ],
} as const;

/** Parents before children, so the flush order is valid with foreign keys on. */
const TABLE_ORDER = Object.entries(COLUMNS) as [string, readonly string[]][];

const STATUSES: Status[] = ['draft', 'open', 'in_progress', 'completed', 'cancelled'];
const STATUS_WEIGHTS = [8, 34, 22, 26, 10];

/** Fixed projects for the demo accounts: project index -> what it must be. */
interface DemoSpec {
  status: Status;
  category: string;
  industry: string;
  brief: number;
  /** Client index (0 = demo-client). */
  client: number;
  /** The demo freelancer's part: a live proposal, or the accepted one with a contract. */
  freelancer?: 'proposal' | 'contract';
  scopeChange?: boolean;
  /** Pin the age and length so the demo contract is mid-way and not overdue on the base date. */
  ageDays?: number;
  timelineWeeks?: number;
}

const DEMO_PROJECTS: DemoSpec[] = [
  {
    status: 'open',
    category: 'web-development',
    industry: 'saas',
    brief: 0,
    client: 0,
    freelancer: 'proposal',
  },
  {
    status: 'in_progress',
    category: 'web-development',
    industry: 'healthcare',
    brief: 3,
    client: 0,
    freelancer: 'contract',
    scopeChange: true,
    ageDays: 32,
    timelineWeeks: 10,
  },
  { status: 'completed', category: 'design', industry: 'healthcare', brief: 0, client: 0 },
  { status: 'draft', category: 'mobile-development', industry: 'healthcare', brief: 0, client: 0 },
  { status: 'cancelled', category: 'marketing', industry: 'healthcare', brief: 1, client: 0 },
  { status: 'open', category: 'data-science', industry: 'healthcare', brief: 3, client: 0 },
  {
    status: 'completed',
    category: 'web-development',
    industry: 'fintech',
    brief: 1,
    client: 1,
    freelancer: 'contract',
  },
];

export const projectId = (i: number) => `prj_${pad(i)}`;

/** Reads the freelancer and client pools the marketplace draws on (seeded accounts only, in id order). */
export async function loadMarketContext(db: Db, base: PeopleContext): Promise<MarketContext> {
  const everyone = (
    await all<PoolFreelancer>(
      db.reader,
      `SELECT p.user_id AS id, p.category, p.hourly_rate_minor AS rate, p.currency, p.jobs_completed AS jobs
         FROM freelancer_profiles p JOIN users u ON u.id = p.user_id
        WHERE u.status = 'active' AND p.user_id GLOB 'usr_f[0-9]*'
        ORDER BY p.user_id`,
    )
  ).map((r) => ({ ...r, rate: Number(r.rate), jobs: Number(r.jobs) }));
  const byCategory = new Map<string, PoolFreelancer[]>();
  for (const f of everyone) {
    const list = byCategory.get(f.category);
    if (list) list.push(f);
    else byCategory.set(f.category, [f]);
  }
  const clients = await all<{ id: string; country: string }>(
    db.reader,
    `SELECT id, country FROM users WHERE role = 'client' AND id GLOB 'usr_c[0-9]*' ORDER BY id`,
  );
  return {
    ...base,
    byCategory,
    everyone,
    demoFreelancer: everyone.find((f) => f.id === DEMO.freelancer.id),
    clients,
  };
}

/** Inserts projects [from, to) with everything around them, `chunk` projects per transaction. */
export async function seedProjects(
  db: Db,
  from: number,
  to: number,
  ctx: MarketContext,
  log: (msg: string) => void,
  chunk = 500,
): Promise<void> {
  if (ctx.clients.length === 0 || ctx.everyone.length === 0) {
    log('demo seed: no clients or freelancers to build projects on; skipping projects');
    return;
  }
  const buf = new RowBuffer(TABLE_ORDER);
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk);
    const ids: string[] = [];
    for (let i = start; i < end; i++) ids.push(addProject(buf, i, ctx));
    await db.write(async (tx) => {
      await buf.flush(tx);
      for (const id of ids) await reindexProject(tx, id);
    });
    if (to - from > chunk) log(`demo seed: projects ${end}/${to}`);
  }
}

/** Currency a client pays in, from where it is based. */
function currencyFor(country: string, rng: Rng): string {
  if (country === 'GB') return rng.chance(0.7) ? 'GBP' : 'USD';
  if (['DE', 'FR', 'NL', 'IE', 'ES', 'IT', 'FI', 'AT', 'BE', 'PT'].includes(country))
    return rng.chance(0.6) ? 'EUR' : 'USD';
  return 'USD';
}

/** `k` distinct items; cheap on large lists (no copy). */
function pickDistinct<T>(rng: Rng, items: readonly T[], k: number, exclude: ReadonlySet<T> = new Set()): T[] {
  const out: T[] = [];
  const taken = new Set<T>(exclude);
  const available = items.length - items.filter((x) => exclude.has(x)).length;
  const want = Math.max(0, Math.min(k, available));
  if (items.length > 64) {
    let guard = 0;
    while (out.length < want && guard++ < want * 50) {
      const x = items[Math.floor(rng.next() * items.length)] as T;
      if (!taken.has(x)) {
        taken.add(x);
        out.push(x);
      }
    }
    return out;
  }
  return rng.sample(
    items.filter((x) => !taken.has(x)),
    want,
  );
}

/** Candidates for a project: its category first, then adjacent categories, then anyone. */
function candidatesFor(ctx: MarketContext, category: CategoryInfo, k: number): PoolFreelancer[] {
  const own = ctx.byCategory.get(category.slug) ?? [];
  if (own.length >= k) return own;
  const adjacent = category.profile.adjacent.flatMap((slug) => ctx.byCategory.get(slug) ?? []);
  const both = [...own, ...adjacent];
  return both.length >= k ? both : ctx.everyone;
}

/** A fixed-price value for one requirement field, checked against its declared kind. */
function requirementValue(
  rng: Rng,
  category: string,
  field: { field: string; kind: string },
  vars: Record<string, string>,
): unknown {
  const options = REQUIREMENT_ANSWERS[`${category}.${field.field}`] ?? REQUIREMENT_ANSWERS[field.field];
  const value = options ? rng.pick(options) : undefined;
  const ok =
    (field.kind === 'text' && typeof value === 'string') ||
    (field.kind === 'number' && typeof value === 'number') ||
    (field.kind === 'boolean' && typeof value === 'boolean') ||
    (field.kind === 'list' && Array.isArray(value) && value.every((v) => typeof v === 'string'));
  if (ok) return value;
  switch (field.kind) {
    case 'number':
      return rng.int(1, 20);
    case 'boolean':
      return rng.chance(0.5);
    case 'list':
      return [vars.skill ?? 'To be agreed'];
    default:
      return 'To be agreed on the kick-off call';
  }
}

interface ReviewScores {
  quality: number;
  communication: number;
  speed: number;
  reliability: number;
}

function scores(rng: Rng, mixed: boolean): ReviewScores {
  const s = () => (mixed ? rng.int(2, 4) : rng.weighted([5, 4, 3], [70, 27, 3]));
  return { quality: s(), communication: s(), speed: s(), reliability: s() };
}

/** Builds project `i` and everything that hangs off it. Pure in (seed, i, pools). Returns the project id. */
export function addProject(buf: RowBuffer, i: number, ctx: MarketContext): string {
  const { catalog } = ctx;
  const rng = Rng.for(ctx.seed, STREAM.project, i);
  const id = projectId(i);
  const num = pad(i);
  const spec = DEMO_PROJECTS[i];
  const now = ctx.nowMs;

  // --- who, what, where
  const nCat = catalog.categories.length;
  const nInd = catalog.industries.length;
  const k = i - DEMO_PROJECTS.length;
  const category =
    (spec && catalog.bySlug.get(spec.category)) ||
    (k >= 0 && k < nCat
      ? catalog.categories[k]
      : rng.weighted(catalog.categories, catalog.categoryWeights)) ||
    (catalog.categories[0] as CategoryInfo);
  const industry =
    spec?.industry ??
    (k >= 0 && k < 2 * nInd
      ? (catalog.industries[k % nInd]?.slug as string)
      : rng.pick(catalog.industries).slug);
  const others = ctx.clients.length > 1 ? ctx.clients.slice(1) : ctx.clients;
  const client = spec ? (ctx.clients[spec.client] ?? rng.pick(others)) : rng.pick(others);
  const status: Status = spec?.status ?? rng.weighted(STATUSES, STATUS_WEIGHTS);
  const briefs = category.projects.briefs;
  const brief: ProjectBrief = (spec ? briefs[spec.brief % briefs.length] : rng.pick(briefs)) ?? {
    title: '{category} project',
    description: 'Details to follow.',
    skills: [],
  };
  // Briefs written as ongoing work are hourly; some others are posted hourly too.
  const pricing = brief.pricing ?? (!spec && rng.chance(0.12) ? 'hourly' : 'fixed');
  const currency = client.id === DEMO.client.id ? 'USD' : currencyFor(client.country, rng);

  const industryName = catalog.industryName.get(industry) ?? industry;
  const vars: Record<string, string> = {
    industry: inSentence(industryName),
    industry_lc: inSentence(industryName),
    category: category.name,
    category_lc: inSentence(category.name),
  };
  const title = clip(fill(brief.title, rng, vars), 200);
  const description = fill(brief.description, rng, vars);

  const skills: SkillRef[] = brief.skills
    .map((n) => catalog.skillByName.get(n))
    .filter((s): s is SkillRef => s !== undefined);
  if (skills.length === 0) skills.push(...rng.sample(category.skills, 3));
  if (rng.chance(0.4)) {
    const extra = category.skills.filter((s) => !skills.includes(s));
    if (extra.length > 0) skills.push(rng.pick(extra));
  }
  vars.skill = skills[0]?.name ?? category.name;
  vars.skill2 = skills[1]?.name ?? vars.skill;

  // --- money and time
  let budgetMin: number;
  let budgetMax: number;
  if (pricing === 'hourly') {
    budgetMin = convertMinor(category.profile.baseRateMinor * (0.6 + rng.next() * 0.4), currency, 500);
    budgetMax = roundTo(budgetMin * (1.3 + rng.next() * 0.6), 500);
  } else {
    const [lo, hi] = category.projects.budget;
    budgetMin = convertMinor(lo + rng.next() * (hi - lo) * 0.6, currency, 10_000);
    budgetMax = roundTo(budgetMin * (1.2 + rng.next() * 0.8), 10_000);
  }
  const timelineWeeks = spec?.timelineWeeks ?? (pricing === 'hourly' ? rng.int(4, 26) : rng.int(2, 16));
  const ageDays: Record<Status, [number, number]> = {
    draft: [1, 25],
    open: [2, 40],
    in_progress: [21, 200],
    completed: [60, 700],
    cancelled: [10, 400],
  };
  const [minAge, maxAge] = ageDays[status];
  // Work in progress is mostly still within its timeline (some runs late, as in life).
  const age =
    spec?.ageDays ??
    rng.int(
      minAge,
      status === 'in_progress' ? Math.min(maxAge, Math.max(minAge, timelineWeeks * 7 + 14)) : maxAge,
    );
  const createdMs = now - age * DAY_MS - rng.int(0, 86_399) * 1000;
  const deadlineMs =
    rng.chance(0.5) || status === 'in_progress'
      ? createdMs + (timelineWeeks + rng.int(1, 4)) * WEEK_MS
      : undefined;
  let updatedMs = createdMs + rng.int(0, 3_600) * 1000;
  const touch = (ms: number) => {
    if (ms > updatedMs && ms <= now) updatedMs = ms;
  };

  // --- requirements
  const requirements: [string, unknown][] = [];
  for (const field of category.requirements) {
    if (field.required || rng.chance(0.75))
      requirements.push([field.field, requirementValue(rng, category.slug, field, vars)]);
  }

  // --- contract shape (decided up front: proposals are priced for it)
  const contracted =
    status === 'in_progress' || status === 'completed' || (status === 'cancelled' && rng.chance(0.5));
  const kind: ContractKind = pricing === 'fixed' ? 'fixed' : rng.chance(0.25) ? 'retainer' : 'hourly';
  const phaseCount = Math.min(
    category.projects.phases.length,
    spec?.freelancer === 'contract' ? 3 : rng.int(2, 4),
  );
  const phases = category.projects.phases.slice(0, Math.max(1, phaseCount));
  const phaseWeights = phases.map(() => rng.int(2, 5));

  // --- proposals
  const hireDays = rng.int(2, Math.max(2, Math.min(14, Math.floor(age / 3))));
  const proposalWindowEnd = contracted
    ? createdMs + hireDays * DAY_MS
    : Math.min(now - HOUR_MS, createdMs + 21 * DAY_MS);
  const count =
    status === 'draft' ? 0 : status === 'open' ? rng.int(2, 8) : contracted ? rng.int(2, 6) : rng.int(0, 4);
  const candidates = candidatesFor(ctx, category, count);
  const demoF = ctx.demoFreelancer;
  const forcedDemo =
    demoF !== undefined &&
    count > 0 &&
    (spec?.freelancer !== undefined ||
      (!spec && status === 'open' && category.slug === 'web-development' && rng.chance(0.35)));
  let chosen: PoolFreelancer[];
  if (contracted && !forcedDemo) {
    // The hired freelancer has a track record when the work is done (their profile counts say so).
    const experienced = candidates.filter((f) => f.jobs > 0);
    const hired = rng.pick(experienced.length > 0 ? experienced : candidates);
    chosen = [hired, ...pickDistinct(rng, candidates, count - 1, new Set([hired]))];
  } else if (forcedDemo) {
    chosen = [demoF, ...pickDistinct(rng, candidates, count - 1, new Set([demoF]))];
  } else {
    chosen = pickDistinct(rng, candidates, count);
  }

  const hiredFreelancer = contracted ? chosen[0] : undefined;
  const proposalIds: string[] = [];
  let acceptedAmount = 0;
  let acceptedWeeks = timelineWeeks;
  let acceptedAtMs = 0;
  const demoWantsProposal = spec?.freelancer === 'proposal';
  chosen.forEach((f, n) => {
    const pid = `prp_${num}_${pad(n + 1, 2)}`;
    proposalIds.push(pid);
    let amount: number;
    if (kind === 'fixed') {
      amount = roundTo(budgetMin * 0.9 + rng.next() * (budgetMax * 1.1 - budgetMin * 0.9), 1000);
    } else {
      const usd = f.rate / (FX_FROM_USD[f.currency] ?? 1);
      const hourly = convertMinor(usd, currency, 500);
      amount = kind === 'retainer' ? roundTo(hourly * rng.pick([20, 40, 60, 80]), 5000) : hourly;
    }
    const weeks = Math.max(1, Math.min(520, timelineWeeks + rng.int(-2, 2)));
    const proposed =
      kind === 'fixed'
        ? splitAmount(amount, phaseWeights).map((a, p) => ({
            title: phases[p] ?? `Phase ${p + 1}`,
            amount: { amount: a, currency },
            dueInWeeks: Math.max(1, Math.round((weeks * (p + 1)) / phases.length)),
          }))
        : [];
    const createdAt = Math.min(
      proposalWindowEnd - HOUR_MS,
      createdMs +
        HOUR_MS +
        Math.floor(rng.next() * Math.max(HOUR_MS, proposalWindowEnd - createdMs - 2 * HOUR_MS)),
    );
    let st: string;
    if (f === hiredFreelancer) st = 'accepted';
    else if (contracted) st = rng.chance(0.75) ? 'rejected' : 'withdrawn';
    else if (status === 'cancelled') st = rng.chance(0.6) ? 'rejected' : 'withdrawn';
    else if (demoWantsProposal && f === demoF) st = 'shortlisted';
    else st = rng.weighted(['submitted', 'shortlisted', 'rejected', 'withdrawn'], [50, 20, 15, 15]);
    const decidedAt =
      st === 'submitted'
        ? createdAt
        : Math.min(
            now - 60_000,
            Math.max(
              createdAt + HOUR_MS,
              contracted ? proposalWindowEnd : createdAt + rng.int(1, 72) * HOUR_MS,
            ),
          );
    if (st === 'accepted') {
      acceptedAmount = amount;
      acceptedWeeks = weeks;
      acceptedAtMs = decidedAt;
    }
    const letterVars = {
      ...vars,
      title,
      years: String(rng.int(3, 15)),
      focus: rng.pick(catalog.bySlug.get(f.category)?.profile.focuses ?? category.profile.focuses),
    };
    buf.add('proposals', COLUMNS.proposals, [
      pid,
      id,
      f.id,
      fill(rng.pick(COVER_LETTERS), rng, letterVars),
      amount,
      currency,
      weeks,
      JSON.stringify(proposed),
      st,
      iso(createdAt),
      iso(decidedAt),
    ]);
    touch(decidedAt);
  });

  // --- contract, milestones, time logs, reviews, scope changes
  const milestoneRows: InValue[][] = [];
  if (contracted && hiredFreelancer) {
    const cid = `ctr_${num}`;
    const startMs = acceptedAtMs + rng.int(1, 36) * HOUR_MS;
    const plannedEnd = startMs + acceptedWeeks * WEEK_MS;
    let endMs: number | undefined;
    if (status === 'completed') {
      const latest = now - 12 * DAY_MS;
      endMs = Math.min(latest, startMs + Math.round(acceptedWeeks * (0.8 + rng.next() * 0.5)) * WEEK_MS);
      endMs = Math.max(endMs, Math.min(latest, startMs + 5 * DAY_MS));
    } else if (status === 'cancelled') {
      endMs = startMs + Math.floor((now - startMs) * (0.2 + rng.next() * 0.4));
    }
    const contractStatus =
      status === 'completed'
        ? 'completed'
        : status === 'cancelled'
          ? 'cancelled'
          : rng.chance(0.1) && !spec
            ? 'paused'
            : 'active';
    const hourlyRate = kind === 'hourly' ? acceptedAmount : null;
    const weeklyLimit = kind === 'hourly' ? rng.pick([10, 15, 20, 30, 40]) : null;
    const horizonMs = endMs ?? now;

    // Milestones: fixed splits the price; hourly budgets phases at rate x expected hours; retainer bills monthly.
    type Plan = { title: string; amount: number; dueMs: number };
    let plans: Plan[];
    if (kind === 'retainer') {
      const months = Math.max(1, Math.min(6, Math.ceil((horizonMs - startMs) / (30 * DAY_MS))));
      plans = Array.from({ length: months }, (_, m) => ({
        title: `Month ${m + 1} retainer`,
        amount: acceptedAmount,
        dueMs: startMs + (m + 1) * 30 * DAY_MS,
      }));
    } else {
      const total =
        kind === 'fixed'
          ? acceptedAmount
          : roundTo(acceptedAmount * (weeklyLimit ?? 20) * 0.7 * acceptedWeeks, 1000);
      const parts = splitAmount(total, phaseWeights);
      plans = phases.map((t, p) => ({
        title: t,
        amount: parts[p] ?? 0,
        dueMs: startMs + Math.round(((plannedEnd - startMs) * (p + 1)) / phases.length),
      }));
    }

    // How far along the work is: milestones before `done` are finished, `done` itself is current.
    let done: number;
    if (status === 'completed') done = plans.length;
    else if (kind === 'retainer') done = plans.length - 1;
    else {
      const progress = Math.min(0.95, (horizonMs - startMs) / Math.max(DAY_MS, plannedEnd - startMs));
      done = Math.min(plans.length - 1, Math.floor(progress * plans.length));
    }
    if (spec?.freelancer === 'contract' && status === 'in_progress') done = Math.min(1, plans.length - 1);

    const contractAmount = kind === 'hourly' ? 0 : acceptedAmount;
    let scopeDelta = 0;
    const msIds: string[] = [];
    plans.forEach((m, p) => {
      const mid = `ms_${num}_${pad(p + 1, 2)}`;
      msIds.push(mid);
      let st: string;
      if (status === 'completed') st = p === plans.length - 1 && rng.chance(0.2) ? 'approved' : 'paid';
      else if (status === 'cancelled')
        st = p < done ? 'paid' : p === done && rng.chance(0.3) ? 'refunded' : 'cancelled';
      else if (p < done) st = p === done - 1 && !spec && rng.chance(0.35) ? 'approved' : 'paid';
      else if (p === done)
        st =
          spec?.freelancer === 'contract'
            ? 'submitted'
            : rng.weighted(['active', 'submitted', 'funded'], [45, 40, 15]);
      else st = 'planned';
      const delivered = st === 'paid' || st === 'approved' || st === 'submitted';
      const submittedMs = delivered
        ? Math.min(
            endMs ?? now - HOUR_MS,
            Math.max(startMs + DAY_MS, m.dueMs - rng.int(0, 72) * HOUR_MS),
            now - HOUR_MS,
          )
        : undefined;
      if (submittedMs) touch(submittedMs);
      milestoneRows.push([
        mid,
        id,
        cid,
        p + 1,
        m.title,
        `${m.title} for "${clip(title, 80)}".`,
        m.amount,
        currency,
        isoDate(m.dueMs),
        st,
        delivered ? rng.pick(MILESTONE_NOTES) : null,
        submittedMs ? iso(submittedMs) : null,
        iso(startMs),
      ]);
    });

    // A couple of scope changes on running fixed-price work (always one on the demo contract).
    if (status === 'in_progress' && kind === 'fixed' && (spec?.scopeChange || (!spec && rng.chance(0.1)))) {
      const byFreelancer = spec?.scopeChange ? true : rng.chance(0.75);
      const requester = byFreelancer ? hiredFreelancer.id : client.id;
      const responder = byFreelancer ? client.id : hiredFreelancer.id;
      const createdAt = startMs + Math.floor((now - startMs) * (0.4 + rng.next() * 0.5));
      let st = spec?.scopeChange
        ? 'pending'
        : rng.weighted(['pending', 'approved', 'rejected'], [40, 35, 25]);
      const respondedAt = createdAt + rng.int(4, 96) * HOUR_MS;
      if (respondedAt > now) st = 'pending';
      const delta = roundTo(acceptedAmount * (0.05 + rng.next() * 0.2), 1000);
      if (st === 'approved') scopeDelta = delta;
      buf.add('scope_change_requests', COLUMNS.scope_change_requests, [
        `scr_${num}_01`,
        cid,
        msIds[Math.min(done + 1, msIds.length - 1)] ?? null,
        requester,
        rng.pick(SCOPE_CHANGES),
        delta,
        rng.chance(0.5) && deadlineMs ? isoDate(deadlineMs + rng.int(1, 3) * WEEK_MS) : null,
        st,
        st === 'pending' ? null : responder,
        st === 'approved'
          ? 'Agreed, thanks for flagging it early.'
          : st === 'rejected'
            ? 'Let us keep this for a follow-up project.'
            : null,
        iso(createdAt),
        st === 'pending' ? null : iso(respondedAt),
      ]);
      touch(st === 'pending' ? createdAt : respondedAt);
      if (scopeDelta > 0) {
        // The approved change becomes its own milestone, and the contract total grows by the same amount.
        const mid = `ms_${num}_${pad(plans.length + 1, 2)}`;
        milestoneRows.push([
          mid,
          id,
          cid,
          plans.length + 1,
          'Agreed scope change',
          'Additional work agreed through a scope change request.',
          scopeDelta,
          currency,
          isoDate(plannedEnd + WEEK_MS),
          'planned',
          null,
          null,
          iso(respondedAt),
        ]);
      }
    }

    buf.add('contracts', COLUMNS.contracts, [
      cid,
      id,
      proposalIds[chosen.indexOf(hiredFreelancer)] ?? null,
      client.id,
      hiredFreelancer.id,
      kind,
      contractAmount + (kind === 'fixed' ? scopeDelta : 0),
      hourlyRate,
      weeklyLimit,
      currency,
      contractStatus,
      isoDate(plannedEnd),
      iso(startMs),
      endMs === undefined ? null : iso(endMs),
    ]);
    touch(startMs);
    if (endMs) touch(endMs);
    for (const row of milestoneRows) buf.add('milestones', COLUMNS.milestones, row);

    // Time logs for hourly work: the last few months, within the weekly limit.
    if (kind === 'hourly' && weeklyLimit) {
      const lastDay = Math.min(horizonMs, now - DAY_MS);
      const weeks = Math.max(0, Math.ceil((lastDay - startMs) / WEEK_MS));
      let n = 0;
      for (let w = Math.max(0, weeks - 16); w < weeks; w++) {
        let budget = weeklyLimit * 60;
        const days = rng.sample([0, 1, 2, 3, 4], rng.int(1, 4)).sort((a, b) => a - b);
        for (const d of days) {
          const dayMs = startMs + w * WEEK_MS + d * DAY_MS;
          if (dayMs > lastDay || budget < 30) break;
          const minutes = Math.min(budget, rng.int(2, 16) * 30);
          budget -= minutes;
          const old = dayMs < now - 14 * DAY_MS || status !== 'in_progress';
          const st = old ? (rng.chance(0.02) ? 'disputed' : 'approved') : 'logged';
          n++;
          buf.add('time_logs', COLUMNS.time_logs, [
            `tl_${num}_${pad(n, 3)}`,
            cid,
            hiredFreelancer.id,
            isoDate(dayMs),
            minutes,
            rng.pick(TIME_LOG_TASKS),
            st,
            iso(Math.min(now - HOUR_MS, dayMs + 18 * HOUR_MS)),
          ]);
        }
      }
    }

    // Reviews both ways on finished work.
    if (status === 'completed' && endMs) {
      const mixed = rng.chance(0.1);
      if (spec || rng.chance(0.95)) {
        const s = scores(rng, mixed);
        const at = endMs + rng.int(4, 200) * HOUR_MS;
        buf.add('reviews', COLUMNS.reviews, [
          `rev_${num}_c`,
          cid,
          client.id,
          hiredFreelancer.id,
          s.quality,
          s.communication,
          s.speed,
          s.reliability,
          rng.pick(mixed ? CLIENT_REVIEWS_MIXED : CLIENT_REVIEWS_GOOD),
          iso(at),
        ]);
        touch(at);
      }
      if (spec || rng.chance(0.8)) {
        const s = scores(rng, false);
        const at = endMs + rng.int(4, 200) * HOUR_MS;
        buf.add('reviews', COLUMNS.reviews, [
          `rev_${num}_f`,
          cid,
          hiredFreelancer.id,
          client.id,
          s.quality,
          s.communication,
          s.speed,
          s.reliability,
          rng.pick(FREELANCER_REVIEWS),
          iso(at),
        ]);
        touch(at);
      }
    }
  } else if (status === 'open' || (status === 'cancelled' && rng.chance(0.5))) {
    // Client-planned milestones on open work (and left cancelled on work that never started).
    const total =
      pricing === 'fixed'
        ? roundTo((budgetMin + budgetMax) / 2, 1000)
        : roundTo(budgetMax * 20 * timelineWeeks, 1000);
    const parts = splitAmount(total, phaseWeights);
    phases.forEach((t, p) => {
      buf.add('milestones', COLUMNS.milestones, [
        `ms_${num}_${pad(p + 1, 2)}`,
        id,
        null,
        p + 1,
        t,
        `${t} for "${clip(title, 80)}".`,
        parts[p] ?? 0,
        currency,
        deadlineMs
          ? isoDate(createdMs + Math.round(((deadlineMs - createdMs) * (p + 1)) / phases.length))
          : null,
        status === 'open' ? 'planned' : 'cancelled',
        null,
        null,
        iso(createdMs),
      ]);
    });
  }
  if (status === 'cancelled' && !contracted) touch(createdMs + rng.int(1, Math.max(1, minAge)) * DAY_MS);

  buf.add('projects', COLUMNS.projects, [
    id,
    client.id,
    title,
    description,
    category.slug,
    industry,
    pricing,
    budgetMin,
    budgetMax,
    currency,
    timelineWeeks,
    deadlineMs ? isoDate(deadlineMs) : null,
    status,
    iso(createdMs),
    iso(updatedMs),
  ]);
  for (const s of skills) buf.add('project_skills', COLUMNS.project_skills, [id, s.id]);
  for (const [field, value] of requirements) {
    buf.add('project_requirements', COLUMNS.project_requirements, [id, field, JSON.stringify(value)]);
  }
  return id;
}

/**
 * Keeps profile counters consistent with the work seeded on the platform: anyone with reviews or finished
 * contracts here has at least that many, and a rating.
 */
export async function reconcileProfiles(db: Db): Promise<void> {
  await db.write(async (tx) => {
    await tx.execute(`
      UPDATE freelancer_profiles SET
        reviews_count = max(reviews_count,
          (SELECT count(*) FROM reviews r WHERE r.reviewee_id = freelancer_profiles.user_id)),
        jobs_completed = max(jobs_completed, reviews_count,
          (SELECT count(*) FROM reviews r WHERE r.reviewee_id = freelancer_profiles.user_id),
          (SELECT count(*) FROM contracts c WHERE c.freelancer_id = freelancer_profiles.user_id AND c.status = 'completed')),
        rating = coalesce(rating,
          (SELECT round(avg((quality + communication + speed + reliability) / 4.0), 1)
             FROM reviews r WHERE r.reviewee_id = freelancer_profiles.user_id))
      WHERE user_id IN (SELECT reviewee_id FROM reviews UNION SELECT freelancer_id FROM contracts WHERE status = 'completed')`);
  });
}
