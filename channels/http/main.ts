import pino from 'pino';
import { loadConfig } from '../../config';
import { seedDemo } from '../../db/seed/index';
import { matchingSync } from '../../jobs/handlers/matchingSync';
import { createRuntime } from '../../runtime';
import { buildApp } from './app';
import { startWeb } from './next/start';

/** `npm start`: migrate, seed the demo marketplace on first run, serve the API. */
async function main() {
  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL });
  const rt = await createRuntime(config, { log });
  await seedDemo(rt.db, { log: (msg) => log.info(msg) });
  // Embeds whatever has no current vector (a fresh seed, a changed EMBEDDING_MODEL) in the background.
  await rt.jobs.enqueue(matchingSync, {}, { jobId: 'matching_sync' });
  const web = config.WEB_ENABLED ? await startWeb(config, log) : undefined;
  const app = await buildApp(rt, { logger: log, ...(web ? { web } : {}) });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  // Deposits charged by a process that stopped before crediting them are finished from here (every node
  // may run this: an action is taken over by one process only).
  const resume = () =>
    rt.dispatcher
      .resumeAbandoned()
      .then((n) => n > 0 && log.info({ finished: n }, 'resumed abandoned actions'))
      .catch((err) => log.error({ err }, 'could not resume abandoned actions'));
  void resume();
  setInterval(resume, 60_000).unref();
  // What it listens on, not what was asked: PORT=0 takes any free port, and this line names it.
  const base = config.PUBLIC_URL ?? address;
  log.info(
    `MegiLance Copilot is up. API ${base}/api/tools · docs ${base}/api/docs · health ${base}/health/ready · ` +
      'get a key with: npm run apikey -- demo-client',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
