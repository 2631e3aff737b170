import { loadConfig } from '../../config';
import { openDb } from '../client';
import { migrate } from '../migrate';

/** `npm run db:migrate`: applies pending migrations and says which. */
const config = loadConfig();
const db = await openDb({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
try {
  const applied = await migrate(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  db.close();
}
