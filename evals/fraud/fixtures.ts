/**
 * Direct inserts of marketplace rows for the fraud eval and the risk tests: accounts, profiles, projects,
 * proposals, contracts, payments, disputes, verifications, instruments, reports. Each takes its timestamps so
 * a scenario can be placed anywhere in time. Run inside a write transaction (db.write).
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../../db/client';
import { newId } from '../../db/ids';
import { accountFor, postTransfer } from '../../db/queries/ledger';
import { recordPaymentInstrument } from '../../db/queries/risk';
import { all, run } from '../../db/sql';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number) => new Date(ms).toISOString();

export async function insertUser(
  tx: Executor,
  u: {
    role: 'client' | 'freelancer' | 'admin';
    createdAt: string;
    email?: string;
    displayName?: string;
    country?: string;
    status?: 'active' | 'suspended';
    id?: string;
  },
): Promise<string> {
  const id = u.id ?? newId('usr');
  await run(
    tx,
    'INSERT INTO users (id, role, email, display_name, country, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      id,
      u.role,
      u.email ?? `${id}@example.test`,
      u.displayName ?? `User ${id.slice(-5)}`,
      u.country ?? 'US',
      u.status ?? 'active',
      u.createdAt,
    ],
  );
  return id;
}

let skillIds: string[] | undefined;

export async function insertProfile(
  tx: Executor,
  userId: string,
  p: {
    updatedAt: string;
    headline?: string;
    bio?: string;
    rateMinor?: number;
    skills?: number;
    caseStudies?: number;
    jobsCompleted?: number;
    verified?: boolean;
  },
): Promise<void> {
  await run(
    tx,
    `INSERT INTO freelancer_profiles (user_id, headline, bio, category, hourly_rate_minor, currency, availability,
                                      jobs_completed, verified, updated_at)
     VALUES (?, ?, ?, 'web-development', ?, 'USD', 'full_time', ?, ?, ?)`,
    [
      userId,
      p.headline ?? 'Full-stack developer, React and Node.js',
      p.bio ?? '',
      p.rateMinor ?? 6000,
      p.jobsCompleted ?? 0,
      p.verified ? 1 : 0,
      p.updatedAt,
    ],
  );
  if (p.skills) {
    skillIds ??= (await all<{ id: string }>(tx, 'SELECT id FROM skills ORDER BY id LIMIT 40')).map(
      (r) => r.id,
    );
    for (const s of skillIds.slice(0, p.skills)) {
      await run(tx, 'INSERT INTO profile_skills (user_id, skill_id, years) VALUES (?, ?, 3)', [userId, s]);
    }
  }
  for (let i = 0; i < (p.caseStudies ?? 0); i++) {
    await run(
      tx,
      `INSERT INTO case_studies (id, freelancer_id, title, summary, outcome, created_at)
       VALUES (?, ?, ?, 'A project I delivered.', 'Shipped on time', ?)`,
      [newId('cst'), userId, `Case study ${i + 1}`, p.updatedAt],
    );
  }
}

export async function setRate(tx: Executor, userId: string, rateMinor: number, at: string): Promise<void> {
  await run(tx, 'UPDATE freelancer_profiles SET hourly_rate_minor = ?, updated_at = ? WHERE user_id = ?', [
    rateMinor,
    at,
    userId,
  ]);
}

export async function insertProject(
  tx: Executor,
  clientId: string,
  p: { createdAt: string; title?: string; description?: string; status?: string; budgetMax?: number },
): Promise<string> {
  const id = newId('prj');
  await run(
    tx,
    `INSERT INTO projects (id, client_id, title, description, category, pricing, budget_min_minor, budget_max_minor,
                           currency, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'web-development', 'fixed', ?, ?, 'USD', ?, ?, ?)`,
    [
      id,
      clientId,
      p.title ?? 'Build a dashboard',
      p.description ?? 'We need a dashboard with charts and a small API.',
      Math.floor((p.budgetMax ?? 500_000) / 2),
      p.budgetMax ?? 500_000,
      p.status ?? 'open',
      p.createdAt,
      p.createdAt,
    ],
  );
  return id;
}

export async function insertProposal(
  tx: Executor,
  p: {
    projectId: string;
    freelancerId: string;
    coverLetter: string;
    createdAt: string;
    amountMinor?: number;
    status?: string;
  },
): Promise<string> {
  const id = newId('prp');
  await run(
    tx,
    `INSERT INTO proposals (id, project_id, freelancer_id, cover_letter, amount_minor, currency, estimated_weeks,
                            status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'USD', 4, ?, ?, ?)`,
    [
      id,
      p.projectId,
      p.freelancerId,
      p.coverLetter,
      p.amountMinor ?? 300_000,
      p.status ?? 'submitted',
      p.createdAt,
      p.createdAt,
    ],
  );
  return id;
}

export async function insertContract(
  tx: Executor,
  c: {
    projectId: string;
    clientId: string;
    freelancerId: string;
    startedAt: string;
    status?: 'active' | 'completed' | 'cancelled';
    amountMinor?: number;
    proposalId?: string;
  },
): Promise<string> {
  const id = newId('ctr');
  await run(
    tx,
    `INSERT INTO contracts (id, project_id, proposal_id, client_id, freelancer_id, kind, amount_minor, currency,
                            status, started_at, ended_at)
     VALUES (?, ?, ?, ?, ?, 'fixed', ?, 'USD', ?, ?, ?)`,
    [
      id,
      c.projectId,
      c.proposalId ?? null,
      c.clientId,
      c.freelancerId,
      c.amountMinor ?? 300_000,
      c.status ?? 'active',
      c.startedAt,
      c.status && c.status !== 'active' ? c.startedAt : null,
    ],
  );
  return id;
}

/** A deposit the provider declined (or another status), as the payments table records it. */
export async function insertPayment(
  tx: Executor,
  p: { userId: string; createdAt: string; status: 'failed' | 'pending'; amountMinor?: number },
): Promise<string> {
  const id = newId('pay');
  await run(
    tx,
    `INSERT INTO payments (id, provider, provider_payment_id, user_id, provider_key, currency, amount_minor, status,
                           created_at)
     VALUES (?, 'sandbox', ?, ?, ?, 'USD', ?, ?, ?)`,
    [id, `sb_${id}`, p.userId, `key_${id}`, p.amountMinor ?? 50_000, p.status, p.createdAt],
  );
  return id;
}

/** Funds an escrow hold for a contract straight from outside (fixtures keep no client wallets). */
export async function fundHold(
  tx: Executor,
  h: {
    contractId: string;
    clientId: string;
    freelancerId: string;
    amountMinor: number;
    at: string;
    currency?: string;
  },
): Promise<{ holdId: string; escrow: string }> {
  const now = new Date(h.at);
  const currency = h.currency ?? 'USD';
  const holdId = newId('hld');
  const escrow = await accountFor(tx, 'escrow', holdId, currency, now);
  const external = await accountFor(tx, 'external_in', 'world', currency, now);
  await postTransfer(tx, {
    kind: 'escrow_fund',
    currency,
    legs: [
      { account: external, amount: -h.amountMinor },
      { account: escrow, amount: h.amountMinor },
    ],
    now,
  });
  await run(
    tx,
    `INSERT INTO escrow_holds (id, contract_id, client_id, freelancer_id, escrow_account_id, currency, amount_minor,
                               status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'held', ?)`,
    [holdId, h.contractId, h.clientId, h.freelancerId, escrow, currency, h.amountMinor, h.at],
  );
  return { holdId, escrow };
}

/** Releases a funded hold to the freelancer minus `fee`, as approve_milestone's ledger transfer does. */
export async function releaseHold(
  tx: Executor,
  h: {
    holdId: string;
    escrow: string;
    freelancerId: string;
    amountMinor: number;
    fee: number;
    at: string;
    currency?: string;
  },
): Promise<void> {
  const now = new Date(h.at);
  const currency = h.currency ?? 'USD';
  const wallet = await accountFor(tx, 'freelancer_wallet', h.freelancerId, currency, now);
  const fees = await accountFor(tx, 'platform_fees', 'platform', currency, now);
  await run(tx, 'UPDATE escrow_holds SET released_minor = released_minor + ? WHERE id = ?', [
    h.amountMinor,
    h.holdId,
  ]);
  await postTransfer(tx, {
    kind: 'escrow_release',
    currency,
    legs: [
      { account: h.escrow, amount: -h.amountMinor },
      { account: wallet, amount: h.amountMinor - h.fee },
      { account: fees, amount: h.fee },
    ],
    refKind: 'hold',
    refId: h.holdId,
    now,
  });
}

/** A dispute on a freshly funded hold of the contract, opened by one party. */
export async function insertDispute(
  tx: Executor,
  d: {
    contractId: string;
    clientId: string;
    freelancerId: string;
    openedBy: string;
    openedByRole: 'client' | 'freelancer';
    createdAt: string;
    description?: string;
  },
): Promise<string> {
  const { holdId } = await fundHold(tx, {
    contractId: d.contractId,
    clientId: d.clientId,
    freelancerId: d.freelancerId,
    amountMinor: 10_000,
    at: d.createdAt,
  });
  await run(tx, "UPDATE escrow_holds SET status = 'disputed' WHERE id = ?", [holdId]);
  const id = newId('dsp');
  await run(
    tx,
    `INSERT INTO disputes (id, hold_id, contract_id, opened_by, opened_by_role, reason, description, status, created_at)
     VALUES (?, ?, ?, ?, ?, 'not_delivered', ?, 'open', ?)`,
    [
      id,
      holdId,
      d.contractId,
      d.openedBy,
      d.openedByRole,
      d.description ?? 'The work was not delivered.',
      d.createdAt,
    ],
  );
  return id;
}

/** A KYC submission; the same `document` string gives the same fingerprint (a shared passport). */
export async function insertVerification(
  tx: Executor,
  v: { userId: string; document: string; status: 'pending' | 'verified'; at: string },
): Promise<void> {
  await run(
    tx,
    `INSERT INTO verifications (id, user_id, kind, evidence_kind, issuing_country, fingerprint, last4, status,
                                submitted_at, reviewed_at)
     VALUES (?, ?, 'individual', 'passport', 'US', ?, ?, ?, ?, ?)`,
    [
      newId('ver'),
      v.userId,
      createHash('sha256').update(v.document).digest('hex'),
      v.document.slice(-4),
      v.status,
      v.at,
      v.status === 'pending' ? null : v.at,
    ],
  );
}

export async function insertInstrument(
  tx: Executor,
  i: { userId: string; fingerprint: string; at: string },
): Promise<void> {
  await recordPaymentInstrument(tx, {
    provider: 'sandbox',
    fingerprint: i.fingerprint,
    userId: i.userId,
    kind: 'card',
    now: i.at,
  });
}

export async function insertReport(
  tx: Executor,
  r: { reporterId: string; userId: string; at: string; reason?: string },
): Promise<void> {
  await run(
    tx,
    `INSERT INTO fraud_reports (id, reporter_id, user_id, reason, details, created_at)
     VALUES (?, ?, ?, ?, 'Asked me to pay outside the platform.', ?)`,
    [newId('rpt'), r.reporterId, r.userId, r.reason ?? 'off_platform_payment', r.at],
  );
}
