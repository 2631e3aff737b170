import type { Db } from '../client';
import { all } from '../sql';
import { RowBuffer } from './bulk';
import { seedCatalog } from './catalog';
import { loadMarketContext, reconcileProfiles, seedProjects } from './marketplace';
import { ADMIN_ID, addAdmin, DEMO, type PeopleContext, seedClients, seedFreelancers } from './people';
import { seedReference } from './reference';

export { DEMO } from './people';

export interface SeedDemoOptions {
  /** Freelancers with profiles, including demo-freelancer. Default 300. */
  freelancers?: number;
  /** Clients, including demo-client. Default 60. */
  clients?: number;
  /** Projects across every status, with proposals, contracts and the rest. Default 150. */
  projects?: number;
  /** PRNG seed. Default 1. Use the same seed when growing an existing demo database. */
  seed?: number;
  /** The base time every timestamp is derived from. Default 2026-11-01T00:00:00Z. */
  now?: Date;
  log?: (msg: string) => void;
  /**
   * When the demo data is already there: false (default) returns at once, which is what a server start
   * wants; true adds whatever is missing up to the requested counts (more freelancers, clients or projects)
   * and never removes anything. An interrupted seed is always resumed.
   */
  grow?: boolean;
}

export interface SeedDemoResult {
  /** True when the demo data was already complete and nothing was written. */
  skipped: boolean;
  added: { freelancers: number; clients: number; projects: number };
  totals: { freelancers: number; clients: number; projects: number };
}

export const DEMO_DEFAULTS = {
  freelancers: 300,
  clients: 60,
  projects: 150,
  seed: 1,
  now: new Date('2026-11-01T00:00:00.000Z'),
} as const;

/** How much seeded demo data is in the database (counted by the seed's own id scheme). */
export async function demoCounts(
  db: Db,
): Promise<{ freelancers: number; clients: number; projects: number; complete: boolean }> {
  const rows = await all<{ k: string; n: number }>(
    db.reader,
    `SELECT 'f' AS k, count(*) AS n FROM users WHERE id GLOB 'usr_f[0-9]*'
     UNION ALL SELECT 'c', count(*) FROM users WHERE id GLOB 'usr_c[0-9]*'
     UNION ALL SELECT 'p', count(*) FROM projects WHERE id GLOB 'prj_[0-9]*'
     UNION ALL SELECT 'a', count(*) FROM users WHERE id = ?`,
    [ADMIN_ID],
  );
  const n = (k: string) => Number(rows.find((r) => r.k === k)?.n ?? 0);
  return { freelancers: n('f'), clients: n('c'), projects: n('p'), complete: n('a') > 0 };
}

/**
 * Seeds the deterministic demo marketplace: freelancers, clients, one admin, projects in every status with
 * proposals, contracts, milestones, time logs, reviews and scope changes, plus the demo-client,
 * demo-freelancer and demo-admin accounts. Everything comes from a seeded PRNG and a fixed base time, so two
 * fresh databases seeded with the same options are identical. Safe on every start: when the demo admin (written
 * last) exists it returns at once unless `grow` is set. No API keys are created.
 */
export async function seedDemo(db: Db, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const log = opts.log ?? (() => undefined);
  const want = {
    freelancers: count('freelancers', opts.freelancers ?? DEMO_DEFAULTS.freelancers),
    clients: count('clients', opts.clients ?? DEMO_DEFAULTS.clients),
    projects: count('projects', opts.projects ?? DEMO_DEFAULTS.projects, 0),
  };
  await seedReference(db);
  const have = await demoCounts(db);
  const nothingToAdd =
    have.freelancers >= want.freelancers && have.clients >= want.clients && have.projects >= want.projects;
  if (have.complete && (!opts.grow || nothingToAdd)) {
    log(
      `demo seed: already present (${have.freelancers} freelancers, ${have.clients} clients, ${have.projects} projects); nothing to do`,
    );
    const totals = { freelancers: have.freelancers, clients: have.clients, projects: have.projects };
    return { skipped: true, added: { freelancers: 0, clients: 0, projects: 0 }, totals };
  }

  const ctx: PeopleContext = {
    seed: opts.seed ?? DEMO_DEFAULTS.seed,
    nowMs: (opts.now ?? DEMO_DEFAULTS.now).getTime(),
    catalog: seedCatalog(),
  };
  const started = performance.now();
  const added = { freelancers: 0, clients: 0, projects: 0 };
  if (have.freelancers < want.freelancers) {
    log(`demo seed: adding freelancers ${have.freelancers}..${want.freelancers - 1}`);
    await seedFreelancers(db, have.freelancers, want.freelancers, ctx, log);
    added.freelancers = want.freelancers - have.freelancers;
  }
  if (have.clients < want.clients) {
    await seedClients(db, have.clients, want.clients, ctx);
    added.clients = want.clients - have.clients;
    log(`demo seed: clients ${want.clients}/${want.clients}`);
  }
  if (have.projects < want.projects) {
    const market = await loadMarketContext(db, ctx);
    await seedProjects(db, have.projects, want.projects, market, log);
    added.projects = want.projects - have.projects;
    log(`demo seed: projects ${want.projects}/${want.projects}`);
  }
  await reconcileProfiles(db);
  if (!have.complete) {
    const buf = new RowBuffer();
    addAdmin(buf, ctx);
    await db.write((tx) => buf.flush(tx));
  }
  const totals = {
    freelancers: Math.max(have.freelancers, want.freelancers),
    clients: Math.max(have.clients, want.clients),
    projects: Math.max(have.projects, want.projects),
  };
  log(
    `demo seed: done in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(${totals.freelancers} freelancers, ${totals.clients} clients, ${totals.projects} projects; ` +
      `demo handles ${DEMO.client.handle}, ${DEMO.freelancer.handle}, ${DEMO.admin.handle})`,
  );
  return { skipped: false, added, totals };
}

function count(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`seedDemo: ${name} must be an integer >= ${min}`);
  return value;
}
