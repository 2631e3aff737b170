import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { openDb } from '../client';
import { migrate } from '../migrate';
import { DEMO_DEFAULTS, seedDemo } from '../seed/index';

const HELP = `Usage: npm run db:seed -- [options]

Seeds the deterministic demo marketplace into DATABASE_URL (migrating it first).

Options:
  --freelancers N   freelancers with profiles (default ${DEMO_DEFAULTS.freelancers})
  --clients N       clients (default ${DEMO_DEFAULTS.clients})
  --projects N      projects with proposals, contracts, milestones, reviews… (default ${DEMO_DEFAULTS.projects})
  --seed N          PRNG seed (default ${DEMO_DEFAULTS.seed}); the same options always give the same data
  --fresh           delete the database file first (file: URLs only)
  -h, --help        this help

On an already-seeded database the seed grows it: it adds whatever is missing up to the requested
counts and never deletes anything. "--freelancers 100000" on a database with 300 adds freelancers
300..99999 (identical to the ones a fresh 100000 seed creates); asking for fewer than exist does
nothing. Projects added this way draw on the freelancers present at the time, so for a database that
is identical to a fresh seed with the same options, use --fresh. Keep --seed the same when growing.

The demo accounts are demo-client, demo-freelancer and demo-admin. No API keys are created:
run "npm run apikey -- demo-client" for one.`;

const { values } = parseArgs({
  options: {
    freelancers: { type: 'string' },
    clients: { type: 'string' },
    projects: { type: 'string' },
    seed: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function intOption(name: string, raw: string | undefined, min = 1): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer >= ${min}, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const opts = {
  freelancers: intOption('freelancers', values.freelancers),
  clients: intOption('clients', values.clients),
  projects: intOption('projects', values.projects, 0),
  seed: intOption('seed', values.seed, 0),
};

const config = loadConfig();
const url = config.DATABASE_URL;
if (values.fresh) {
  if (!url.startsWith('file:')) {
    console.error(`--fresh only works for file: databases; DATABASE_URL is ${url}`);
    process.exit(2);
  }
  const path = url.replace(/^file:(\/\/)?/, '').split('?')[0] ?? '';
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  console.error(`Deleted ${path}`);
}

const db = await openDb({ url, authToken: config.DATABASE_AUTH_TOKEN });
try {
  const started = performance.now();
  const applied = await migrate(db);
  if (applied.length > 0) console.error(`Applied migrations: ${applied.join(', ')}`);
  const result = await seedDemo(db, {
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    grow: true,
    log: (msg) => console.error(msg),
  });
  const { freelancers, clients, projects } = result.totals;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.error(
    result.skipped
      ? `Nothing to add: the database already has ${freelancers} freelancers, ${clients} clients and ${projects} projects. Use --fresh to start over.`
      : `Seeded in ${seconds} s: ${freelancers} freelancers, ${clients} clients, ${projects} projects ` +
          `(added ${result.added.freelancers}, ${result.added.clients}, ${result.added.projects}).`,
  );
  console.error('Get an API key with: npm run apikey -- demo-client');
} finally {
  db.close();
}
