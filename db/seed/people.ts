import type { Db } from '../client';
import { RowBuffer } from './bulk';
import type { CategoryInfo, SeedCatalog, SkillRef } from './catalog';
import {
  asciiSlug,
  CLIENT_COUNTRIES,
  COMPANY_FIRST,
  COMPANY_SECOND,
  COMPANY_SUFFIX,
  COUNTRIES,
  EMAIL_DOMAINS,
  NAME_POOLS,
} from './data/people';
import {
  BIO_APPROACH,
  BIO_CLOSINGS,
  BIO_OPENINGS,
  BIO_SKILLS,
  HEADLINE_TEMPLATES,
  SENIORITY,
} from './data/profiles';
import { Rng } from './random';
import { clip, fill, inSentence, lowerFirst } from './text';
import { convertMinor, DAY_MS, HOUR_MS, iso, pad } from './units';

/** PRNG stream numbers: each kind of entity draws from its own stream, indexed by the entity's number. */
export const STREAM = { freelancer: 1, client: 2, project: 3 } as const;

export const freelancerId = (i: number) => `usr_f${pad(i)}`;
export const clientId = (i: number) => `usr_c${pad(i)}`;
export const ADMIN_ID = 'usr_a000000';

/** The three demo accounts; their handles and emails are fixed and documented. */
export const DEMO = {
  client: {
    id: clientId(0),
    handle: 'demo-client',
    email: 'demo-client@example.com',
    name: 'Brightline Health',
  },
  freelancer: {
    id: freelancerId(0),
    handle: 'demo-freelancer',
    email: 'demo-freelancer@example.com',
    name: 'Dana Whitfield',
  },
  admin: { id: ADMIN_ID, handle: 'demo-admin', email: 'demo-admin@example.com', name: 'Demo Admin' },
} as const;

export interface PeopleContext {
  seed: number;
  nowMs: number;
  catalog: SeedCatalog;
}

export const USER_COLUMNS = [
  'id',
  'role',
  'email',
  'handle',
  'display_name',
  'country',
  'status',
  'created_at',
];
const PROFILE_COLUMNS = [
  'user_id',
  'headline',
  'bio',
  'category',
  'hourly_rate_minor',
  'currency',
  'availability',
  'hours_per_week',
  'rating',
  'reviews_count',
  'jobs_completed',
  'verified',
  'updated_at',
];
const PROFILE_SKILL_COLUMNS = ['user_id', 'skill_id', 'years'];
const PROFILE_INDUSTRY_COLUMNS = ['user_id', 'industry'];
const CASE_STUDY_COLUMNS = [
  'id',
  'freelancer_id',
  'title',
  'summary',
  'outcome',
  'metrics',
  'industry',
  'created_at',
];

const FREELANCER_TABLES = [
  ['users', USER_COLUMNS],
  ['freelancer_profiles', PROFILE_COLUMNS],
  ['profile_skills', PROFILE_SKILL_COLUMNS],
  ['profile_industries', PROFILE_INDUSTRY_COLUMNS],
  ['case_studies', CASE_STUDY_COLUMNS],
] as const;

const AVAILABILITY = ['full_time', 'part_time', 'limited', 'unavailable'] as const;
const AVAILABILITY_WEIGHTS = [35, 35, 20, 10];
const HOURS: Record<(typeof AVAILABILITY)[number], readonly number[]> = {
  full_time: [35, 40, 40, 40, 45, 50],
  part_time: [15, 20, 20, 25, 30],
  limited: [5, 8, 10, 10, 12],
  unavailable: [0],
};
const COUNTRY_WEIGHTS = COUNTRIES.map((c) => c.weight);
/** Skills that do not make a job title on their own ("CSS developer"). */
const NOT_A_JOB_TITLE = new Set([
  'REST APIs',
  'HTML',
  'CSS',
  'Microservices',
  'CI/CD',
  'Site Reliability Engineering',
  'Linux',
]);

/** Experience tiers: who charges what. */
function tierFactor(years: number): number {
  if (years < 3) return 0.6;
  if (years < 8) return 1;
  if (years < 14) return 1.35;
  return 1.7;
}

/** A rating that is mostly 4–5, to one decimal. */
function drawRating(rng: Rng, reviews: number): number {
  const band = rng.weighted(['top', 'good', 'fair', 'poor'], [74, 19, 6, 1]);
  const [lo, hi] =
    band === 'top' ? [4.6, 5] : band === 'good' ? [4, 4.6] : band === 'fair' ? [3, 4] : [1.5, 3];
  let r = Math.round((lo + rng.next() * (hi - lo)) * 10) / 10;
  if (reviews === 1) r = Math.round(r); // one review: a whole star count
  return Math.min(5, Math.max(1, r));
}

function categoryFor(i: number, rng: Rng, catalog: SeedCatalog): CategoryInfo {
  const n = catalog.categories.length;
  // The first two rounds go round-robin so even a small seed covers every category.
  if (i <= 2 * n) return catalog.categories[(i - 1) % n] as CategoryInfo;
  return rng.weighted(catalog.categories, catalog.categoryWeights);
}

function industriesFor(i: number, rng: Rng, catalog: SeedCatalog): string[] {
  const all = catalog.industries.map((x) => x.slug);
  const count = rng.weighted([1, 2, 3], [35, 45, 20]);
  const first = i <= 2 * all.length ? (all[(i - 1) % all.length] as string) : rng.pick(all);
  const rest = rng.sample(
    all.filter((s) => s !== first),
    count - 1,
  );
  return [first, ...rest];
}

function skillsFor(rng: Rng, category: CategoryInfo, catalog: SeedCatalog): SkillRef[] {
  const own = rng.sample(category.skills, rng.int(3, 8));
  const adjacentPool = category.profile.adjacent
    .flatMap((slug) => catalog.bySlug.get(slug)?.skills ?? [])
    .filter((s) => !own.includes(s));
  const adjacent =
    adjacentPool.length > 0 ? rng.sample(adjacentPool, rng.weighted([0, 1, 2], [45, 35, 20])) : [];
  return [...own, ...adjacent];
}

/** Adds freelancer `i` (users, profile, skills, industries, case studies) to the buffer. Pure in (seed, i). */
export function addFreelancer(buf: RowBuffer, i: number, ctx: PeopleContext): void {
  const { catalog } = ctx;
  const rng = Rng.for(ctx.seed, STREAM.freelancer, i);
  const demo = i === 0;
  const id = freelancerId(i);

  const country = demo
    ? { code: 'CA', region: 'anglo' as const, weight: 0, rateFactor: 0.9 }
    : rng.weighted(COUNTRIES, COUNTRY_WEIGHTS);
  const pool = NAME_POOLS[country.region];
  const first = rng.pick(pool.first);
  const last = rng.pick(pool.last);
  const displayName = demo ? DEMO.freelancer.name : `${first} ${last}`;
  const email = demo
    ? DEMO.freelancer.email
    : `${asciiSlug(first)}.${asciiSlug(last)}${i}@${rng.pick(EMAIL_DOMAINS)}`;

  const category = demo
    ? (catalog.bySlug.get('web-development') ?? (catalog.categories[0] as CategoryInfo))
    : categoryFor(i, rng, catalog);
  const industries = demo ? ['saas', 'fintech', 'healthcare'] : industriesFor(i, rng, catalog);
  const skills = demo
    ? ['React', 'Node.js', 'TypeScript', 'Next.js', 'GraphQL', 'REST APIs', 'Tailwind CSS', 'PostgreSQL']
        .map((n) => catalog.skillByName.get(n))
        .filter((s): s is SkillRef => s !== undefined)
    : skillsFor(rng, category, catalog);
  const years = demo ? 9 : Math.max(1, Math.round(rng.bell(0, 20)));

  const createdMs = ctx.nowMs - (demo ? 900 : rng.int(20, 1600)) * DAY_MS - rng.int(0, 86_399) * 1000;
  const updatedMs = createdMs + Math.floor(rng.next() * (ctx.nowMs - createdMs - HOUR_MS));

  // Rate: category base x country x experience x a little personal variation, in whole 5.00 steps.
  const usdRate =
    category.profile.baseRateMinor * country.rateFactor * tierFactor(years) * (0.85 + rng.next() * 0.35);
  const currency = demo ? 'USD' : country.currency && rng.chance(0.6) ? country.currency : 'USD';
  const rate = demo ? 9500 : Math.max(1000, convertMinor(usdRate, currency, 500));

  const availability = demo ? 'part_time' : rng.weighted(AVAILABILITY, AVAILABILITY_WEIGHTS);
  const hours = demo ? 30 : rng.pick(HOURS[availability]);

  const newcomer = !demo && (rng.chance(0.1) || (years <= 1 && rng.chance(0.6)));
  const jobs = demo ? 47 : newcomer ? 0 : rng.int(1, Math.min(250, 3 + years * 8));
  const reviews = demo ? 42 : newcomer ? 0 : Math.max(1, Math.round(jobs * (0.55 + rng.next() * 0.4)));
  const rating = demo ? 4.9 : newcomer ? null : drawRating(rng, reviews);
  const verified = demo || rng.chance(newcomer ? 0.05 : 0.35);
  const status = !demo && rng.chance(0.005) ? 'suspended' : 'active';

  const ownSkills = skills.filter((s) => s.category === category.slug);
  const allNames = (ownSkills.length >= 3 ? ownSkills : skills).map((s) => s.name);
  const roleTemplate = rng.pick(category.profile.roles);
  const roleSkill = allNames.find((n) => !NOT_A_JOB_TITLE.has(n));
  const role =
    roleSkill || !roleTemplate.includes('{skill}')
      ? fill(roleTemplate, rng, { skill: roleSkill ?? '' })
      : (category.profile.roles[0] ?? 'Freelancer');
  // Skills named next to a "React developer" title are the other ones.
  const others = allNames.filter((n) => n !== roleSkill);
  const names = roleTemplate.includes('{skill}') && others.length >= 2 ? others : allNames;
  const vars = {
    role: demo ? 'Full-stack developer' : role,
    role_lc: lowerFirst(demo ? 'Full-stack developer' : role),
    seniority: rng.pick(SENIORITY),
    focus: demo ? 'SaaS dashboards, APIs and payments' : rng.pick(category.profile.focuses),
    skill: names[0] ?? category.name,
    skill2: names[1] ?? names[0] ?? category.name,
    skill3: names[2] ?? names[0] ?? category.name,
    industry: inSentence(catalog.industryName.get(industries[0] ?? '') ?? ''),
    industry2: inSentence(catalog.industryName.get(industries[1] ?? industries[0] ?? '') ?? ''),
    years,
    hours,
  };
  const headline = demo
    ? 'Full-stack React & Node.js developer — SaaS dashboards, APIs and payments'
    : clip(fill(rng.pick(HEADLINE_TEMPLATES), rng, vars), 200);
  const bio = [
    fill(rng.pick(BIO_OPENINGS), rng, vars),
    fill(rng.pick(BIO_SKILLS), rng, vars),
    ...rng.sample(BIO_APPROACH, rng.int(1, 2)),
    fill(rng.pick(BIO_CLOSINGS[availability] ?? ['']), rng, vars),
  ].join(' ');

  buf.add('users', USER_COLUMNS, [
    id,
    'freelancer',
    email,
    demo ? DEMO.freelancer.handle : null,
    displayName,
    country.code,
    status,
    iso(createdMs),
  ]);
  buf.add('freelancer_profiles', PROFILE_COLUMNS, [
    id,
    headline,
    bio,
    category.slug,
    rate,
    currency,
    availability,
    hours,
    rating,
    reviews,
    jobs,
    verified ? 1 : 0,
    iso(updatedMs),
  ]);
  for (const s of skills) {
    buf.add('profile_skills', PROFILE_SKILL_COLUMNS, [
      id,
      s.id,
      Math.min(years, rng.int(1, Math.max(1, years))),
    ]);
  }
  for (const ind of industries) buf.add('profile_industries', PROFILE_INDUSTRY_COLUMNS, [id, ind]);

  const studies = demo ? 3 : rng.weighted([1, 2, 3], [40, 40, 20]);
  const templates = rng.sample(category.profile.caseStudies, studies);
  for (let k = 0; k < studies; k++) {
    const t = templates[k % templates.length];
    if (!t) break;
    const industry = rng.chance(0.85) ? (industries[k % industries.length] ?? null) : null;
    const csVars = {
      ...vars,
      industry: inSentence(catalog.industryName.get(industry ?? industries[0] ?? '') ?? 'growing'),
      ...Object.fromEntries(rng.sample(names, 2).map((n, x) => [x === 0 ? 'skill' : 'skill2', n])),
    };
    const metrics = t.metrics.map((m) => ({ label: m.label, value: fill(m.value, rng, csVars) }));
    const csMs = createdMs + Math.floor(rng.next() * (updatedMs - createdMs));
    buf.add('case_studies', CASE_STUDY_COLUMNS, [
      `cs_f${pad(i)}_${k + 1}`,
      id,
      clip(fill(t.title, rng, csVars), 200),
      fill(t.summary, rng, csVars),
      fill(t.outcome, rng, csVars),
      JSON.stringify(metrics),
      industry,
      iso(csMs),
    ]);
  }
}

/** Adds client `j`: a company or a person, with an email on an example domain. */
export function addClient(buf: RowBuffer, j: number, ctx: PeopleContext): void {
  const rng = Rng.for(ctx.seed, STREAM.client, j);
  const demo = j === 0;
  const country = demo
    ? 'US'
    : rng.weighted(
        CLIENT_COUNTRIES.map((c) => c.code),
        CLIENT_COUNTRIES.map((c) => c.weight),
      );
  const region = COUNTRIES.find((c) => c.code === country)?.region ?? 'anglo';
  const pool = NAME_POOLS[region];
  const first = rng.pick(pool.first);
  const last = rng.pick(pool.last);
  const company = rng.chance(0.7);
  let name: string;
  let email: string;
  if (demo) {
    name = DEMO.client.name;
    email = DEMO.client.email;
  } else if (company) {
    const base = `${rng.pick(COMPANY_FIRST)} ${rng.pick(COMPANY_SECOND)}`;
    name = `${base}${rng.pick(COMPANY_SUFFIX[country] ?? [''])}`;
    email = `${rng.pick(['hello', 'ops', 'projects', 'hiring', asciiSlug(first)])}${j}@${asciiSlug(base, '-')}.example.com`;
  } else {
    name = `${first} ${last}`;
    email = `${asciiSlug(first)}.${asciiSlug(last)}${j}@${rng.pick(EMAIL_DOMAINS)}`;
  }
  const createdMs = ctx.nowMs - (demo ? 700 : rng.int(30, 1400)) * DAY_MS - rng.int(0, 86_399) * 1000;
  buf.add('users', USER_COLUMNS, [
    clientId(j),
    'client',
    email,
    demo ? DEMO.client.handle : null,
    name,
    country,
    'active',
    iso(createdMs),
  ]);
}

/** Inserts freelancers [from, to) in transactions of `chunk` freelancers each. */
export async function seedFreelancers(
  db: Db,
  from: number,
  to: number,
  ctx: PeopleContext,
  log: (msg: string) => void,
  chunk = 1000,
): Promise<void> {
  const buf = new RowBuffer(FREELANCER_TABLES);
  let lastLog = from;
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk);
    for (let i = start; i < end; i++) addFreelancer(buf, i, ctx);
    await db.write((tx) => buf.flush(tx));
    if (end - lastLog >= 10_000 || end === to) {
      log(`demo seed: freelancers ${end}/${to}`);
      lastLog = end;
    }
  }
}

export async function seedClients(db: Db, from: number, to: number, ctx: PeopleContext, chunk = 5000) {
  const buf = new RowBuffer();
  for (let start = from; start < to; start += chunk) {
    const end = Math.min(to, start + chunk);
    for (let j = start; j < end; j++) addClient(buf, j, ctx);
    await db.write((tx) => buf.flush(tx));
  }
}

/** The single admin; written last, so its presence means a seed ran to completion. */
export function addAdmin(buf: RowBuffer, ctx: PeopleContext): void {
  buf.add('users', USER_COLUMNS, [
    ADMIN_ID,
    'admin',
    DEMO.admin.email,
    DEMO.admin.handle,
    DEMO.admin.name,
    'US',
    'active',
    iso(ctx.nowMs - 1000 * DAY_MS),
  ]);
}
