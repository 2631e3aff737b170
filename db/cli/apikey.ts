import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { openDb } from '../client';
import { migrate } from '../migrate';
import { createApiKey } from '../queries/apiKeys';
import { findUser } from '../queries/users';

/** `npm run apikey -- <user id or handle> [--name label]`: prints a new API key for that user, once. */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string', default: 'cli' }, help: { type: 'boolean', short: 'h' } },
});
const who = positionals[0];
if (values.help || !who) {
  console.error('Usage: npm run apikey -- <user id or handle, e.g. demo-client> [--name label]');
  process.exit(who ? 0 : 2);
}
const config = loadConfig();
const db = await openDb({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
try {
  await migrate(db);
  const user = await findUser(db.reader, who);
  if (!user) {
    console.error(
      `No user "${who}". Start the server once (npm start) or run npm run db:seed to create the demo users.`,
    );
    process.exitCode = 1;
  } else {
    const { key } = await db.write((tx) => createApiKey(tx, user.id, values.name));
    console.error(`API key for ${user.display_name} (${user.role}, ${user.id}); it is shown only once:`);
    console.log(key);
  }
} finally {
  db.close();
}
