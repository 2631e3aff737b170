import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { loadConfig } from '../../config';
import { type HirePage, type HirePair, hirePage, topHirePairs } from '../../db/queries/hirePages';

/** How many skill × industry pages are generated at build time. */
export const TOP_PAIRS = 40;

let client: Client | null | undefined;

/**
 * A read-only connection to the product's database (DATABASE_URL, as `npm start` uses it). A missing local
 * file is not created: the pages then simply have no data.
 */
function db(): Client | null {
  if (client !== undefined) return client;
  const config = loadConfig();
  let url = config.DATABASE_URL;
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    const abs = isAbsolute(path) ? path : resolve(/*turbopackIgnore: true*/ process.cwd(), path);
    if (!existsSync(abs)) {
      client = null;
      return client;
    }
    url = `file:${abs}`;
  }
  client = createClient({ url, authToken: config.DATABASE_AUTH_TOKEN });
  return client;
}

export async function topPairs(): Promise<HirePair[]> {
  const c = db();
  return c ? topHirePairs(c, TOP_PAIRS) : [];
}

export async function pageFor(skill: string, industry: string): Promise<HirePage | undefined> {
  const c = db();
  return c ? hirePage(c, skill, industry) : undefined;
}

export function siteUrl(): string {
  const c = loadConfig();
  return (c.PUBLIC_URL ?? `http://${c.HOST}:${c.PORT}`).replace(/\/$/, '');
}
