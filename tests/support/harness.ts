import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { newId } from '../../db/ids';
import { createApiKey } from '../../db/queries/apiKeys';
import { seedReference } from '../../db/seed/reference';
import { run } from '../../db/sql';
import { createRuntime, type Runtime } from '../../runtime';
import type { Actor, Role } from '../../tools/define';
import { type Sqld, startSqld } from './sqld';

export type Backend = 'file' | 'sqld';

/** Backends the suite runs the dispatcher and tool tests on; TEST_BACKENDS=file narrows it for a quick run. */
export const BACKENDS: Backend[] = (process.env.TEST_BACKENDS ?? 'file,sqld').split(',') as Backend[];

export interface TestEnv {
  rt: Runtime;
  clock: TestClock;
  close(): Promise<void>;
}

export class TestClock {
  constructor(public current = new Date('2026-11-23T12:00:00.000Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A migrated database with reference data: a temp file, or a fresh sqld server over HTTP. */
export async function testEnv(backend: Backend = 'file'): Promise<TestEnv> {
  let sqld: Sqld | undefined;
  let dir: string | undefined;
  let url: string;
  if (backend === 'sqld') {
    sqld = await startSqld();
    url = sqld.url;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'megilance-test-'));
    url = `file:${join(dir, 'test.db')}`;
  }
  const clock = new TestClock();
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', API_KEY_CACHE_SECONDS: '0' });
  const rt = await createRuntime(config, { clock: clock.now });
  await seedReference(rt.db);
  return {
    rt,
    clock,
    close: async () => {
      await rt.close();
      await sqld?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  actor: Actor;
  key: string;
  email: string;
}

let counter = 0;

/** A user of the given role with an API key; freelancers get a minimal profile. */
export async function makeUser(
  rt: Runtime,
  role: Role,
  opts: { name?: string; skills?: string[]; rateMinor?: number; category?: string } = {},
): Promise<TestUser> {
  const id = newId('usr');
  const n = ++counter;
  const email = `${role}${n}-${id}@example.test`;
  const displayName = opts.name ?? `${role[0]?.toUpperCase()}${role.slice(1)} ${n}`;
  const now = new Date('2026-01-01T00:00:00Z').toISOString();
  const key = await rt.db.write(async (tx) => {
    await run(
      tx,
      'INSERT INTO users (id, role, email, display_name, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [id, role, email, displayName, 'US', now],
    );
    if (role === 'freelancer') {
      await run(
        tx,
        `INSERT INTO freelancer_profiles (user_id, headline, bio, category, hourly_rate_minor, currency, availability, updated_at)
         VALUES (?, ?, '', ?, ?, 'USD', 'full_time', ?)`,
        [id, `${displayName} — freelancer`, opts.category ?? 'web-development', opts.rateMinor ?? 8000, now],
      );
      for (const s of opts.skills ?? []) {
        await run(
          tx,
          'INSERT INTO profile_skills (user_id, skill_id, years) SELECT ?, id, 3 FROM skills WHERE name = ?',
          [id, s],
        );
      }
    }
    return (await createApiKey(tx, id)).key;
  });
  return { actor: { id, role, displayName }, key, email };
}

/** A valid create_project input; override what a test cares about. */
export function projectInput(over: Record<string, unknown> = {}) {
  return {
    title: 'Build a React dashboard for our fintech app',
    description: 'We need a responsive analytics dashboard with charts, auth and a Node.js API.',
    category: 'web-development',
    industry: 'fintech',
    skills: ['React', 'Node.js'],
    pricing: 'fixed',
    budget: { currency: 'USD', min: 500000, max: 800000 },
    timelineWeeks: 6,
    publish: true,
    ...over,
  };
}
