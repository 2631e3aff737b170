import pino from 'pino';
import { loadConfig } from '../../config';
import { seedDemo } from '../../db/seed/index';
import { createRuntime } from '../../runtime';
import { buildApp } from './app';

/** `npm start`: migrate, seed the demo marketplace on first run, serve the API. */
async function main() {
  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL });
  const rt = await createRuntime(config, { log });
  await seedDemo(rt.db, { log: (msg) => log.info(msg) });
  const app = await buildApp(rt, { logger: log });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  const base = config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  log.info(
    `MegiLance Copilot is up. API ${base}/api/tools · docs ${base}/api/docs · health ${base}/health/ready · ` +
      'get a key with: npm run apikey -- demo-client',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
