import type { Logger } from 'pino';
import type { Config } from '../../../config';
import { buildWeb, webBuildNeeded, withBuildLock } from './build';
import { startWebApp, type WebApp } from './server';

/**
 * The web app as `npm start` serves it: built first when there is no current production build (Next's own
 * progress lines show), or next dev with WEB_DEV.
 */
export async function startWeb(config: Config, log: Logger): Promise<WebApp> {
  if (!config.WEB_DEV) {
    await withBuildLock(async () => {
      const why = webBuildNeeded();
      if (!why) return;
      log.info(`web app: ${why}; building it now (about a minute, once)…`);
      const started = Date.now();
      await buildWeb({ databaseUrl: config.DATABASE_URL });
      log.info(`web app: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    });
  }
  const web = await startWebApp({ dev: config.WEB_DEV });
  log.info(`web app: ready (${config.WEB_DEV ? 'next dev' : 'production build'})`);
  return web;
}
