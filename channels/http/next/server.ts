import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WEB_DIR } from './build';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
type CreateNext = (opts: { dir: string; dev: boolean }) => {
  prepare(): Promise<void>;
  getRequestHandler(): Handler;
  getUpgradeHandler(): UpgradeHandler;
  close(): Promise<void>;
};

export interface WebApp {
  handle: Handler;
  /** next dev's hot reload talks over a WebSocket on the same port. */
  upgrade?: UpgradeHandler;
  close(): Promise<void>;
}

/**
 * Next.js's request handler for web/, in this process: a production build (`dev: false`, built beforehand)
 * or next dev. Loaded on demand so the API alone never pays for Next.
 */
export async function startWebApp(opts: { dev: boolean }): Promise<WebApp> {
  // A computed specifier keeps Next's type declarations (which reshape NodeJS.ProcessEnv for every file in
  // the program) out of the API's type check; the few calls used are typed here.
  const specifier = 'next';
  const mod = (await import(specifier)) as { default?: CreateNext } & CreateNext;
  const next = mod.default ?? mod;
  const app = next({ dir: WEB_DIR, dev: opts.dev });
  await app.prepare();
  const handle = app.getRequestHandler();
  return {
    handle: (req, res) => handle(req, res),
    ...(opts.dev ? { upgrade: app.getUpgradeHandler() } : {}),
    close: () => app.close(),
  };
}
