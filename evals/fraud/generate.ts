/**
 * The labelled set for the fraud eval: honest and fraudulent accounts with their proposals, payments,
 * contracts and reports, generated with a seeded PRNG into a database, relative to one instant (`now`).
 *
 * Honest patterns include hard negatives: a legitimately fast new freelancer, a family sharing a card, an
 * honest rate raise, letters that mention email or money without asking to leave the platform, a privacy-minded
 * user on a throwaway address. Fraud patterns include hard positives: an aged, verified account that only
 * slips an obfuscated address into one letter.
 */
import type { Db, Executor } from '../../db/client';
import { Rng } from '../../db/seed/random';
import {
  DAY,
  HOUR,
  insertContract,
  insertDispute,
  insertInstrument,
  insertPayment,
  insertProfile,
  insertProject,
  insertProposal,
  insertReport,
  insertUser,
  insertVerification,
  iso,
  setRate,
} from './fixtures';
import { honestLetter, NEAR_MISSES, OFF_PLATFORM, SPAM_SCRIPTS } from './letters';

export type Label = 'honest' | 'fraud';

export interface LabelledAccount {
  userId: string;
  label: Label;
  /** Which generator made it, for the per-pattern table. */
  pattern: string;
}

export interface LabelledProposal {
  proposalId: string;
  freelancerId: string;
  projectId: string;
  coverLetter: string;
  label: Label;
  pattern: string;
}

export interface Dataset {
  now: Date;
  seed: number;
  accounts: LabelledAccount[];
  proposals: LabelledProposal[];
}

const TITLES = [
  'Fintech analytics dashboard',
  'Booking app for a dental clinic',
  'Shopify store migration',
  'Internal tool for warehouse stock',
  'Landing page and signup flow',
  'React Native fitness tracker',
  'Data pipeline from Stripe to BigQuery',
  'Accessibility fixes for a public site',
  'Admin panel for a tutoring marketplace',
  'Realtime chat for customer support',
  'Invoice generator with PDF export',
  'Fleet tracking map view',
];

const DISPOSABLE = ['mailinator.com', 'yopmail.com', 'guerrillamail.com', 'sharklasers.com', 'temp-mail.org'];
const REAL = ['gmail.com', 'outlook.com', 'proton.me', 'fastmail.com', 'studio.design', 'acme.dev'];

interface Ctx {
  tx: Executor;
  rng: Rng;
  now: number;
  projects: { id: string; title: string }[];
  accounts: LabelledAccount[];
  proposals: LabelledProposal[];
  honestClients: string[];
  n: number;
}

const ago = (c: Ctx, ms: number) => iso(c.now - ms);
const email = (c: Ctx, disposable: boolean) =>
  `user${++c.n}.${c.rng.int(10, 99)}@${c.rng.pick(disposable ? DISPOSABLE : REAL)}`;

async function freelancer(
  c: Ctx,
  o: {
    ageMs: number;
    disposable?: boolean;
    complete?: number;
    verified?: boolean;
    jobs?: number;
    rate?: number;
  },
): Promise<string> {
  const createdAt = ago(c, o.ageMs);
  const id = await insertUser(c.tx, {
    role: 'freelancer',
    createdAt,
    email: email(c, o.disposable ?? false),
  });
  const complete = o.complete ?? 1;
  await insertProfile(c.tx, id, {
    updatedAt: createdAt,
    bio:
      complete >= 0.5
        ? 'I build web products end to end: data model, API, interface, deployment and handover.'
        : '',
    skills: complete >= 0.25 ? c.rng.int(3, 8) : 0,
    caseStudies: complete >= 1 ? c.rng.int(1, 3) : 0,
    jobsCompleted: o.jobs ?? 0,
    rateMinor: o.rate ?? c.rng.int(30, 120) * 100,
    verified: o.verified ?? false,
  });
  return id;
}

/** Distinct projects for one freelancer's proposals. */
function projectsFor(c: Ctx, n: number): { id: string; title: string }[] {
  const out = new Set<{ id: string; title: string }>();
  while (out.size < Math.min(n, c.projects.length)) out.add(c.rng.pick(c.projects));
  return [...out];
}

/** Sends letters to distinct projects at the given ages; the last one is the labelled proposal. */
async function propose(
  c: Ctx,
  userId: string,
  letters: ((title: string) => string)[],
  agesMs: number[],
  label: Label,
  pattern: string,
): Promise<void> {
  const targets = projectsFor(c, letters.length);
  let last: LabelledProposal | undefined;
  // Ages come oldest first: the last letter sent is the one labelled.
  for (let i = 0; i < targets.length; i++) {
    const p = targets[i]!;
    const coverLetter = letters[i]!(p.title);
    const createdAt = ago(c, agesMs[i] ?? 0);
    const proposalId = await insertProposal(c.tx, {
      projectId: p.id,
      freelancerId: userId,
      coverLetter,
      createdAt,
    });
    last = { proposalId, freelancerId: userId, projectId: p.id, coverLetter, label, pattern };
  }
  if (last) c.proposals.push(last);
}

const honest = (c: Ctx) => (title: string) => honestLetter(c.rng, title);
/** Ages spread over the last `spanMs`, newest last. */
const spread = (c: Ctx, n: number, spanMs: number, minMs = 0) =>
  Array.from({ length: n }, () => c.rng.int(minMs, spanMs)).sort((a, b) => b - a);

// ------------------------------------------------------------------------------------------ honest

async function establishedFreelancer(c: Ctx): Promise<void> {
  const id = await freelancer(c, {
    ageMs: c.rng.int(60, 900) * DAY,
    verified: c.rng.chance(0.5),
    jobs: c.rng.int(0, 30),
    complete: c.rng.pick([1, 1, 1, 0.75, 0.5]),
  });
  const n = c.rng.int(2, 10);
  const letters = Array.from({ length: n }, () => {
    const base = honest(c);
    return c.rng.chance(0.2) ? (t: string) => `${base(t)} ${c.rng.pick(NEAR_MISSES)}` : base;
  });
  await propose(c, id, letters, spread(c, n, 14 * DAY, HOUR), 'honest', 'established freelancer');
  const client = c.rng.pick(c.honestClients);
  const project = c.rng.pick(c.projects).id;
  if (c.rng.chance(0.5)) {
    for (let i = 0, k = c.rng.int(1, 6); i < k; i++) {
      await insertContract(c.tx, {
        projectId: project,
        clientId: client,
        freelancerId: id,
        startedAt: ago(c, c.rng.int(30, 300) * DAY),
        status: 'completed',
      });
    }
  }
  if (c.rng.chance(0.15)) {
    // One cancelled contract among a few completed ones: life happens.
    await insertContract(c.tx, {
      projectId: project,
      clientId: client,
      freelancerId: id,
      startedAt: ago(c, 40 * DAY),
      status: 'cancelled',
    });
  }
  if (c.rng.chance(0.1)) {
    const k = await insertContract(c.tx, {
      projectId: project,
      clientId: client,
      freelancerId: id,
      startedAt: ago(c, 20 * DAY),
    });
    await insertDispute(c.tx, {
      contractId: k,
      clientId: client,
      freelancerId: id,
      openedBy: client,
      openedByRole: 'client',
      createdAt: ago(c, 5 * DAY),
    });
  }
  if (c.rng.chance(0.15)) await setRate(c.tx, id, c.rng.int(40, 160) * 100, ago(c, c.rng.int(1, 20) * DAY));
  c.accounts.push({ userId: id, label: 'honest', pattern: 'established freelancer' });
}

/** Hard negative: a new freelancer with a real profile who bids a lot on their first day. */
async function fastNewFreelancer(c: Ctx): Promise<void> {
  const id = await freelancer(c, { ageMs: c.rng.int(2, 20) * HOUR, complete: c.rng.pick([1, 0.75]) });
  const n = c.rng.int(4, 9);
  await propose(
    c,
    id,
    Array.from({ length: n }, () => honest(c)),
    spread(c, n, HOUR, 60_000),
    'honest',
    'fast new freelancer',
  );
  c.accounts.push({ userId: id, label: 'honest', pattern: 'fast new freelancer' });
}

/** Hard negative: an honest rate raise (×2–2.5) by an established freelancer. */
async function honestRaise(c: Ctx): Promise<void> {
  const rate = c.rng.int(40, 80) * 100;
  const id = await freelancer(c, { ageMs: c.rng.int(200, 800) * DAY, jobs: c.rng.int(5, 40), rate });
  await setRate(c.tx, id, Math.round(rate * (2 + c.rng.next() * 0.5)), ago(c, c.rng.int(2, 20) * DAY));
  const n = c.rng.int(2, 5);
  await propose(
    c,
    id,
    Array.from({ length: n }, () => honest(c)),
    spread(c, n, 10 * DAY),
    'honest',
    'rate raise',
  );
  c.accounts.push({ userId: id, label: 'honest', pattern: 'rate raise' });
}

/** Hard negative: a privacy-minded, verified, long-standing freelancer on a throwaway address. */
async function privateFreelancer(c: Ctx): Promise<void> {
  const id = await freelancer(c, {
    ageMs: c.rng.int(100, 600) * DAY,
    disposable: true,
    verified: true,
    jobs: 8,
  });
  const n = c.rng.int(2, 4);
  await propose(
    c,
    id,
    Array.from({ length: n }, () => honest(c)),
    spread(c, n, 10 * DAY),
    'honest',
    'throwaway email',
  );
  c.accounts.push({ userId: id, label: 'honest', pattern: 'throwaway email' });
}

/** Hard negative: a newcomer who naively puts their email or number in a letter (no scam intended). */
async function naiveNewcomer(c: Ctx): Promise<void> {
  const id = await freelancer(c, { ageMs: c.rng.int(2, 72) * HOUR, complete: c.rng.pick([0.5, 0.75, 1]) });
  const n = c.rng.int(1, 4);
  const contact = c.rng.pick([
    `You can also reach me at ${email(c, false)} if that is easier.`,
    'My phone is +1 312 555 0187 in case you want to talk.',
  ]);
  const letters = Array.from({ length: n }, (_, i) => {
    const base = honest(c);
    return i === n - 1 ? (t: string) => `${base(t)} ${contact}` : base;
  });
  await propose(c, id, letters, spread(c, n, 2 * HOUR), 'honest', 'naive newcomer');
  c.accounts.push({ userId: id, label: 'honest', pattern: 'naive newcomer' });
}

/** Hard negative: a small agency whose members share a card and the agency's boilerplate paragraph. */
async function agency(c: Ctx, size: number): Promise<void> {
  const card = `card_agency_${++c.n}`;
  const boilerplate =
    'We are Northwind Studio, a team of three engineers and a designer based in Porto. We have delivered ' +
    'forty web and mobile products since 2019, we work in two-week sprints with a demo at the end of each, ' +
    'and every project gets a fixed point of contact, a shared board and weekly written updates.';
  for (let i = 0; i < size; i++) {
    const id = await freelancer(c, { ageMs: c.rng.int(20, 200) * DAY, jobs: c.rng.int(0, 10) });
    await insertInstrument(c.tx, { userId: id, fingerprint: card, at: ago(c, 10 * DAY) });
    const n = c.rng.int(2, 5);
    const letters = Array.from(
      { length: n },
      () => (t: string) => `${boilerplate} ${honestLetter(c.rng, t)}`,
    );
    await propose(c, id, letters, spread(c, n, 7 * DAY), 'honest', 'agency team');
    c.accounts.push({ userId: id, label: 'honest', pattern: 'agency team' });
  }
}

async function honestClient(c: Ctx, fresh: boolean): Promise<string> {
  const createdAt = ago(c, fresh ? c.rng.int(1, 20) * HOUR : c.rng.int(10, 700) * DAY);
  const id = await insertUser(c.tx, { role: 'client', createdAt, email: email(c, false) });
  if (c.rng.chance(0.15))
    await insertPayment(c.tx, { userId: id, status: 'failed', createdAt: ago(c, 3 * DAY) });
  await insertInstrument(c.tx, { userId: id, fingerprint: `card_${id}`, at: createdAt });
  c.accounts.push({ userId: id, label: 'honest', pattern: fresh ? 'new client' : 'client' });
  return id;
}

// ------------------------------------------------------------------------------------------- fraud

/** A ring of fresh accounts spamming one script at many projects within hours. */
async function spamRing(c: Ctx, size: number): Promise<void> {
  const script = c.rng.pick(SPAM_SCRIPTS);
  for (let i = 0; i < size; i++) {
    const id = await freelancer(c, {
      ageMs: c.rng.int(1, 20) * HOUR,
      disposable: c.rng.chance(0.6),
      complete: c.rng.pick([0, 0.25, 0.5]),
    });
    const n = c.rng.int(8, 20);
    await propose(
      c,
      id,
      Array.from({ length: n }, () => script),
      spread(c, n, 6 * HOUR),
      'fraud',
      'spam ring',
    );
    c.accounts.push({ userId: id, label: 'fraud', pattern: 'spam ring' });
  }
}

/** Honest-looking letters with a request to talk or pay off the platform slipped into some. */
async function offPlatformScammer(c: Ctx): Promise<void> {
  const id = await freelancer(c, {
    ageMs: c.rng.int(1, 60) * DAY,
    disposable: c.rng.chance(0.3),
    complete: c.rng.pick([0.25, 0.5, 0.75, 1]),
  });
  const n = c.rng.int(3, 8);
  const bad = c.rng.int(1, 3);
  const letters = Array.from({ length: n }, (_, i) => {
    const base = honest(c);
    const line = c.rng.pick(OFF_PLATFORM);
    return i >= n - bad ? (t: string) => `${base(t)} ${line}` : base;
  });
  await propose(c, id, letters, spread(c, n, 5 * DAY), 'fraud', 'off-platform scammer');
  if (c.rng.chance(0.3)) {
    await insertReport(c.tx, { reporterId: c.rng.pick(c.honestClients), userId: id, at: ago(c, DAY) });
  }
  c.accounts.push({ userId: id, label: 'fraud', pattern: 'off-platform scammer' });
}

/** Card testing: new client accounts sharing one card, with declined payments. */
async function cardRing(c: Ctx, size: number): Promise<void> {
  const card = `card_ring_${++c.n}`;
  for (let i = 0; i < size; i++) {
    const createdAt = ago(c, c.rng.int(2, 150) * HOUR);
    const id = await insertUser(c.tx, { role: 'client', createdAt, email: email(c, c.rng.chance(0.4)) });
    await insertInstrument(c.tx, { userId: id, fingerprint: card, at: createdAt });
    for (let k = 0, n = c.rng.int(1, 5); k < n; k++) {
      await insertPayment(c.tx, {
        userId: id,
        status: 'failed',
        createdAt: ago(c, c.rng.int(0, 100) * 60_000),
      });
    }
    c.accounts.push({ userId: id, label: 'fraud', pattern: 'card ring' });
  }
}

/** An aged account taken over: the rate jumps, then letters ask to move off the platform. */
async function takeover(c: Ctx): Promise<void> {
  const rate = c.rng.int(30, 70) * 100;
  const id = await freelancer(c, { ageMs: c.rng.int(200, 900) * DAY, jobs: c.rng.int(0, 6), rate });
  await setRate(c.tx, id, rate * c.rng.int(3, 6), ago(c, c.rng.int(1, 6) * DAY));
  const n = c.rng.int(3, 6);
  const asks = c.rng.chance(0.7);
  const letters = Array.from({ length: n }, (_, i) => {
    const base = honest(c);
    const line = c.rng.pick(OFF_PLATFORM);
    return asks && i === n - 1 ? (t: string) => `${base(t)} ${line}` : base;
  });
  await propose(c, id, letters, spread(c, n, 3 * DAY), 'fraud', 'account takeover');
  if (c.rng.chance(0.5)) {
    const client = c.rng.pick(c.honestClients);
    const k = await insertContract(c.tx, {
      projectId: c.rng.pick(c.projects).id,
      clientId: client,
      freelancerId: id,
      startedAt: ago(c, 10 * DAY),
    });
    await insertDispute(c.tx, {
      contractId: k,
      clientId: client,
      freelancerId: id,
      openedBy: client,
      openedByRole: 'client',
      createdAt: ago(c, 2 * DAY),
    });
  }
  c.accounts.push({ userId: id, label: 'fraud', pattern: 'account takeover' });
}

/** Two accounts on one stolen passport, with cancelled contracts and reports behind them. */
async function fakeIdentity(c: Ctx): Promise<void> {
  const doc = `PASSPORT-${++c.n}`;
  for (let i = 0; i < 2; i++) {
    const id = await freelancer(c, { ageMs: c.rng.int(3, 40) * DAY, complete: c.rng.pick([0.5, 0.75, 1]) });
    await insertVerification(c.tx, { userId: id, document: doc, status: 'pending', at: ago(c, 2 * DAY) });
    const client = c.rng.pick(c.honestClients);
    const project = c.rng.pick(c.projects).id;
    for (const status of [
      'cancelled',
      'cancelled',
      c.rng.pick(['cancelled', 'completed'] as const),
    ] as const) {
      await insertContract(c.tx, {
        projectId: project,
        clientId: client,
        freelancerId: id,
        startedAt: ago(c, 20 * DAY),
        status,
      });
    }
    if (c.rng.chance(0.5)) await insertReport(c.tx, { reporterId: client, userId: id, at: ago(c, 3 * DAY) });
    const n = c.rng.int(2, 5);
    await propose(
      c,
      id,
      Array.from({ length: n }, () => honest(c)),
      spread(c, n, 7 * DAY),
      'fraud',
      'fake identity',
    );
    c.accounts.push({ userId: id, label: 'fraud', pattern: 'fake identity' });
  }
}

/** Hard positive: an aged, verified account that slips one obfuscated address into a letter. */
async function subtleScammer(c: Ctx): Promise<void> {
  const id = await freelancer(c, {
    ageMs: c.rng.int(90, 700) * DAY,
    verified: c.rng.chance(0.6),
    jobs: c.rng.int(0, 4),
  });
  const n = c.rng.int(2, 5);
  const line = c.rng.pick([
    'Portfolio: ask me at devpro dot jobs at gmail dot com.',
    'My number is nine one seven five five five zero one four two.',
    'Contact: rapid.coder[at]protonmail[dot]com',
  ]);
  const letters = Array.from({ length: n }, (_, i) => {
    const base = honest(c);
    return i === n - 1 ? (t: string) => `${base(t)} ${line}` : base;
  });
  await propose(c, id, letters, spread(c, n, 7 * DAY), 'fraud', 'subtle scammer');
  c.accounts.push({ userId: id, label: 'fraud', pattern: 'subtle scammer' });
}

// ---------------------------------------------------------------------------------------- the set

export const EVAL_NOW = new Date('2026-11-20T12:00:00.000Z');
export const EVAL_SEED = 20261120;

/** Writes the labelled set into `db` (migrated, with reference data) and returns the labels. */
export async function generateDataset(db: Db, seed = EVAL_SEED, now = EVAL_NOW): Promise<Dataset> {
  return db.write(async (tx) => {
    const c: Ctx = {
      tx,
      rng: new Rng(seed),
      now: now.getTime(),
      projects: [],
      accounts: [],
      proposals: [],
      honestClients: [],
      n: 0,
    };
    // Honest clients post the projects everyone bids on; a few families share a card.
    for (let i = 0; i < 45; i++) c.honestClients.push(await honestClient(c, false));
    for (let i = 0; i < 10; i++) c.honestClients.push(await honestClient(c, true));
    for (let i = 0; i < 6; i++) {
      const [a, b] = [c.honestClients[i * 2]!, c.honestClients[i * 2 + 1]!];
      await insertInstrument(tx, { userId: b, fingerprint: `card_${a}`, at: ago(c, 30 * DAY) });
    }
    for (let i = 0; i < 160; i++) {
      const title = c.rng.pick(TITLES);
      const clientId = c.rng.pick(c.honestClients);
      const id = await insertProject(tx, clientId, {
        createdAt: ago(c, c.rng.int(1, 20) * DAY),
        title,
        description: `${title}: scope, data and deadlines are described in the attached brief.`,
      });
      c.projects.push({ id, title });
    }
    for (let i = 0; i < 70; i++) await establishedFreelancer(c);
    for (let i = 0; i < 20; i++) await fastNewFreelancer(c);
    for (let i = 0; i < 5; i++) await honestRaise(c);
    for (let i = 0; i < 5; i++) await privateFreelancer(c);
    for (let i = 0; i < 10; i++) await naiveNewcomer(c);
    for (let i = 0; i < 3; i++) await agency(c, 3);
    for (let i = 0; i < 5; i++) await spamRing(c, 5);
    for (let i = 0; i < 25; i++) await offPlatformScammer(c);
    for (let i = 0; i < 5; i++) await cardRing(c, 4);
    for (let i = 0; i < 10; i++) await takeover(c);
    for (let i = 0; i < 5; i++) await fakeIdentity(c);
    for (let i = 0; i < 10; i++) await subtleScammer(c);
    return { now, seed, accounts: c.accounts, proposals: c.proposals };
  });
}
