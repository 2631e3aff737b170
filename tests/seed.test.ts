import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Db, openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { seedDemo } from '../db/seed/index';
import { all, one } from '../db/sql';
import { ProposalMilestone } from '../tools/proposals/schemas';

const dirs: string[] = [];
const dbs: Db[] = [];

async function freshDb(): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-seed-'));
  dirs.push(dir);
  const db = await openDb({ url: `file:${join(dir, 'seed.db')}` });
  dbs.push(db);
  await migrate(db);
  return db;
}

/** Every table except schema_migrations (its applied_at is wall-clock time from migrate, not the seed). */
async function tables(db: Db): Promise<string[]> {
  const rows = await all<{ name: string }>(
    db.reader,
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
        AND name <> 'schema_migrations' ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

const plain = (v: unknown) =>
  v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? v.toString() : v;

/** All rows of a table (or "table WHERE …"), ordered by every column, blobs as hex: an exact, comparable dump. */
async function dump(db: Db, table: string, columns = '*'): Promise<unknown[][]> {
  const from = /^\w+$/.test(table) ? `"${table}"` : table;
  const rs = await db.reader.execute(`SELECT ${columns} FROM ${from} LIMIT 0`);
  const order = rs.columns.map((_, i) => i + 1).join(', ');
  const data = await db.reader.execute(`SELECT ${columns} FROM ${from} ORDER BY ${order}`);
  return data.rows.map((r) => Array.from(r, plain));
}

const n = async (db: Db, sql: string, args: (string | number)[] = []) =>
  Number((await one<{ n: number }>(db.reader, sql, args))?.n ?? 0);

afterAll(() => {
  for (const db of dbs) db.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('seedDemo (defaults)', () => {
  let a: Db;
  let b: Db;

  beforeAll(async () => {
    [a, b] = await Promise.all([freshDb(), freshDb()]);
    const [ra, rb] = await Promise.all([seedDemo(a), seedDemo(b)]);
    expect(ra.skipped).toBe(false);
    expect(rb.skipped).toBe(false);
  });

  it('gives identical contents in every table on two fresh databases', async () => {
    const names = await tables(a);
    expect(await tables(b)).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['users', 'projects', 'proposals', 'projects_fts']));
    for (const t of names) {
      const [da, db] = [await dump(a, t), await dump(b, t)];
      expect({ table: t, rows: db.length }).toEqual({ table: t, rows: da.length });
      expect(db, t).toEqual(da);
    }
  });

  it('meets the minimum counts', async () => {
    expect(await n(a, "SELECT count(*) AS n FROM users WHERE role = 'freelancer'")).toBe(300);
    expect(await n(a, 'SELECT count(*) AS n FROM freelancer_profiles')).toBe(300);
    expect(
      await n(a, 'SELECT count(DISTINCT category) AS n FROM freelancer_profiles'),
    ).toBeGreaterThanOrEqual(15);
    expect(await n(a, 'SELECT count(DISTINCT industry) AS n FROM profile_industries')).toBeGreaterThanOrEqual(
      18,
    );
    expect(await n(a, "SELECT count(*) AS n FROM users WHERE role = 'client'")).toBe(60);
    expect(await n(a, "SELECT count(*) AS n FROM users WHERE role = 'admin'")).toBe(1);
    expect(await n(a, 'SELECT count(*) AS n FROM projects')).toBe(150);
    expect(await n(a, 'SELECT count(*) AS n FROM projects_fts')).toBe(150);
    const statuses = await all<{ status: string }>(
      a.reader,
      'SELECT DISTINCT status FROM projects ORDER BY 1',
    );
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'completed', 'draft', 'in_progress', 'open']);
    for (const t of [
      'proposals',
      'contracts',
      'milestones',
      'time_logs',
      'reviews',
      'scope_change_requests',
    ]) {
      expect(await n(a, `SELECT count(*) AS n FROM ${t}`), t).toBeGreaterThan(0);
    }
    const kinds = await all<{ kind: string }>(a.reader, 'SELECT DISTINCT kind FROM contracts ORDER BY 1');
    expect(kinds.map((k) => k.kind)).toEqual(['fixed', 'hourly', 'retainer']);
    expect(await n(a, 'SELECT count(*) AS n FROM users WHERE handle IS NOT NULL')).toBe(3);
    expect(await n(a, 'SELECT count(*) AS n FROM api_keys')).toBe(0);
  });

  it('keeps profiles plausible: 3+ skills, 1–3 industries, 1–3 case studies, ratings consistent', async () => {
    const bad = await all(
      a.reader,
      `SELECT p.user_id FROM freelancer_profiles p
        WHERE (SELECT count(*) FROM profile_skills s WHERE s.user_id = p.user_id) < 3
           OR (SELECT count(*) FROM profile_industries i WHERE i.user_id = p.user_id) NOT BETWEEN 1 AND 3
           OR (SELECT count(*) FROM case_studies c WHERE c.freelancer_id = p.user_id) NOT BETWEEN 1 AND 3
           OR ((p.rating IS NULL) <> (p.reviews_count = 0)) OR p.jobs_completed < p.reviews_count
           OR p.user_id IN (SELECT reviewee_id FROM reviews) AND p.rating IS NULL`,
    );
    expect(bad).toEqual([]);
    for (const { metrics } of await all<{ metrics: string }>(a.reader, 'SELECT metrics FROM case_studies')) {
      const parsed = JSON.parse(metrics) as { label: string; value: string }[];
      expect(parsed.length).toBeGreaterThan(0);
      for (const m of parsed) expect(typeof m.label === 'string' && typeof m.value === 'string').toBe(true);
    }
  });

  it("answers every project's required requirement fields, with values of the declared kind", async () => {
    const missing = await all(
      a.reader,
      `SELECT p.id, f.field FROM projects p JOIN category_requirement_fields f ON f.category = p.category
        WHERE f.required = 1
          AND NOT EXISTS (SELECT 1 FROM project_requirements r WHERE r.project_id = p.id AND r.field = f.field)`,
    );
    expect(missing).toEqual([]);
    const answers = await all<{ id: string; field: string; kind: string; value: string }>(
      a.reader,
      `SELECT r.project_id AS id, r.field, f.kind, r.value FROM project_requirements r
         JOIN projects p ON p.id = r.project_id
         JOIN category_requirement_fields f ON f.category = p.category AND f.field = r.field`,
    );
    expect(answers.length).toBeGreaterThan(150);
    for (const r of answers) {
      const v: unknown = JSON.parse(r.value);
      const ok =
        (r.kind === 'text' && typeof v === 'string' && v.length > 0) ||
        (r.kind === 'number' && typeof v === 'number') ||
        (r.kind === 'boolean' && typeof v === 'boolean') ||
        (r.kind === 'list' && Array.isArray(v) && v.every((x) => typeof x === 'string'));
      expect(ok, `${r.id}.${r.field} = ${r.value} (${r.kind})`).toBe(true);
    }
    expect(await n(a, 'SELECT count(*) AS n FROM projects WHERE budget_min_minor > budget_max_minor')).toBe(
      0,
    );
    expect(
      await n(
        a,
        'SELECT count(*) AS n FROM projects p WHERE NOT EXISTS (SELECT 1 FROM project_skills s WHERE s.project_id = p.id)',
      ),
    ).toBe(0);
  });

  it("stores proposals' milestones in the shape the proposal tools answer with", async () => {
    const rows = await all<{ milestones: string; currency: string }>(
      a.reader,
      'SELECT milestones, currency FROM proposals',
    );
    expect(rows.length).toBeGreaterThan(100);
    const milestones = rows.flatMap((r) => z.array(ProposalMilestone).parse(JSON.parse(r.milestones)));
    expect(milestones.length).toBeGreaterThan(100);
    expect(
      rows.every((r) =>
        JSON.parse(r.milestones).every(
          (m: { amount: { currency: string } }) => m.amount.currency === r.currency,
        ),
      ),
    ).toBe(true);
  });

  it('keeps the marketplace consistent', async () => {
    // Contracts exactly for in-progress and completed work (and some cancelled), each from an accepted proposal.
    expect(
      await n(
        a,
        `SELECT count(*) AS n FROM projects p WHERE p.status IN ('in_progress', 'completed')
            AND (SELECT count(*) FROM contracts c WHERE c.project_id = p.id) <> 1`,
      ),
    ).toBe(0);
    expect(
      await n(
        a,
        `SELECT count(*) AS n FROM contracts c JOIN proposals pr ON pr.id = c.proposal_id
          WHERE pr.status <> 'accepted' OR pr.freelancer_id <> c.freelancer_id OR pr.project_id <> c.project_id`,
      ),
    ).toBe(0);
    expect(
      await n(
        a,
        "SELECT count(*) AS n FROM contracts WHERE kind = 'hourly' AND (hourly_rate_minor IS NULL OR weekly_limit_hours IS NULL)",
      ),
    ).toBe(0);
    // Completed work is paid or approved; open projects only have planned milestones and no accepted proposal.
    expect(
      await n(
        a,
        `SELECT count(*) AS n FROM milestones m JOIN projects p ON p.id = m.project_id
          WHERE (p.status = 'completed' AND m.status NOT IN ('paid', 'approved'))
             OR (p.status = 'open' AND (m.status <> 'planned' OR m.contract_id IS NOT NULL))`,
      ),
    ).toBe(0);
    expect(
      await n(
        a,
        "SELECT count(*) AS n FROM proposals pr JOIN projects p ON p.id = pr.project_id WHERE p.status IN ('open', 'draft') AND pr.status = 'accepted'",
      ),
    ).toBe(0);
    expect(
      await n(
        a,
        "SELECT count(*) AS n FROM projects p WHERE p.status = 'open' AND (SELECT count(*) FROM proposals x WHERE x.project_id = p.id) < 2",
      ),
    ).toBe(0);
    const inProgress = await all<{ status: string }>(
      a.reader,
      `SELECT DISTINCT m.status FROM milestones m JOIN projects p ON p.id = m.project_id WHERE p.status = 'in_progress'`,
    );
    expect(inProgress.map((s) => s.status)).toEqual(
      expect.arrayContaining(['active', 'submitted', 'planned']),
    );
    // A fixed price is split exactly into its milestones (approved scope changes add to both).
    expect(
      await n(
        a,
        `SELECT count(*) AS n FROM contracts c WHERE c.kind = 'fixed'
            AND c.amount_minor <> (SELECT sum(m.amount_minor) FROM milestones m WHERE m.contract_id = c.id)`,
      ),
    ).toBe(0);
    expect(
      await n(
        a,
        "SELECT count(*) AS n FROM reviews r JOIN contracts c ON c.id = r.contract_id WHERE c.status <> 'completed'",
      ),
    ).toBe(0);
    // Every timestamp is before the base time.
    const late = await all(
      a.reader,
      `SELECT created_at FROM users WHERE created_at > '2026-11-01' UNION ALL
       SELECT updated_at FROM projects WHERE updated_at > '2026-11-01' UNION ALL
       SELECT updated_at FROM proposals WHERE updated_at > '2026-11-01' UNION ALL
       SELECT created_at FROM reviews WHERE created_at > '2026-11-01' UNION ALL
       SELECT created_at FROM time_logs WHERE created_at > '2026-11-01'`,
    );
    expect(late).toEqual([]);
  });

  it('creates the three demo accounts with the right roles and a demo story', async () => {
    const demo = await all<{ handle: string; role: string; email: string }>(
      a.reader,
      'SELECT handle, role, email FROM users WHERE handle IS NOT NULL ORDER BY handle',
    );
    expect(demo).toEqual([
      { handle: 'demo-admin', role: 'admin', email: 'demo-admin@example.com' },
      { handle: 'demo-client', role: 'client', email: 'demo-client@example.com' },
      { handle: 'demo-freelancer', role: 'freelancer', email: 'demo-freelancer@example.com' },
    ]);
    const client = "(SELECT id FROM users WHERE handle = 'demo-client')";
    const freelancer = "(SELECT id FROM users WHERE handle = 'demo-freelancer')";
    const statuses = await all<{ status: string }>(
      a.reader,
      `SELECT DISTINCT status FROM projects WHERE client_id = ${client} ORDER BY 1`,
    );
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'completed', 'draft', 'in_progress', 'open']);
    expect(
      await n(
        a,
        `SELECT count(*) AS n FROM proposals pr JOIN projects p ON p.id = pr.project_id
          WHERE p.client_id = ${client} AND p.status = 'open'`,
      ),
    ).toBeGreaterThanOrEqual(3);
    const skills = await all<{ name: string }>(
      a.reader,
      `SELECT s.name FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.user_id = ${freelancer}`,
    );
    expect(skills.map((s) => s.name)).toEqual(expect.arrayContaining(['React', 'Node.js']));
    expect(
      await n(
        a,
        `SELECT count(*) AS n FROM contracts WHERE client_id = ${client} AND freelancer_id = ${freelancer} AND status = 'active'`,
      ),
    ).toBe(1);
    expect(
      await n(
        a,
        `SELECT count(*) AS n FROM proposals WHERE freelancer_id = ${freelancer} AND status <> 'accepted'`,
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('is a no-op on an already-seeded database', async () => {
    const before = await dump(a, 'users');
    const again = await seedDemo(a);
    expect(again.skipped).toBe(true);
    expect(await dump(a, 'users')).toEqual(before);
    expect(await n(a, 'SELECT count(*) AS n FROM projects')).toBe(150);
  });
});

describe('seedDemo at a larger size', () => {
  // How long a large seed takes is a figure of bench:matching ("seeded N freelancers in … s"), not a timed test.
  it('seeds 2,000 freelancers, and growing a default seed gives the same freelancers', async () => {
    const [big, grown] = await Promise.all([freshDb(), freshDb()]);
    const logs: string[] = [];
    const r = await seedDemo(big, { freelancers: 2000, log: (m) => logs.push(m) });
    expect(r.totals.freelancers).toBe(2000);
    expect(logs.some((m) => m.includes('done'))).toBe(true);
    expect(await n(big, 'SELECT count(*) AS n FROM freelancer_profiles')).toBe(2000);
    expect(await n(big, 'SELECT count(DISTINCT category) AS n FROM freelancer_profiles')).toBe(
      await n(big, 'SELECT count(*) AS n FROM categories'),
    );

    await seedDemo(grown);
    expect((await seedDemo(grown, { freelancers: 2000 })).skipped).toBe(true); // no grow: a no-op
    const g = await seedDemo(grown, { freelancers: 2000, grow: true });
    expect(g.added).toEqual({ freelancers: 1700, clients: 0, projects: 0 });
    // Freelancer i is a pure function of (seed, i). Only the counters reconciled against seeded work may differ.
    for (const t of ['profile_skills', 'profile_industries', 'case_studies']) {
      expect(await dump(grown, t), t).toEqual(await dump(big, t));
    }
    const cols =
      'user_id, headline, bio, category, hourly_rate_minor, currency, availability, hours_per_week, verified';
    expect(await dump(grown, 'freelancer_profiles', cols)).toEqual(
      await dump(big, 'freelancer_profiles', cols),
    );
    const users = "users WHERE role = 'freelancer'";
    expect(await dump(grown, users)).toEqual(await dump(big, users));
  });
});
