import type { FastifyRequest } from 'fastify';

/**
 * Whether a request comes from a page of this site: the browser says so (Sec-Fetch-Site: same-origin), or its
 * Origin is this server's own (scheme and the Host the browser sent), PUBLIC_URL's, or an allowed one. A
 * cross-site page cannot forge either header, so a cookie it makes the browser send is refused.
 */
export function isSameOrigin(req: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  if (req.headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return false;
  if (allowed.has(origin)) return true;
  const host = req.headers.host;
  return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

/** PUBLIC_URL's origin plus WEB_ALLOWED_ORIGINS. */
export function allowedOrigins(publicUrl: string | undefined, extra: string | undefined): Set<string> {
  const out = new Set<string>();
  if (publicUrl) out.add(new URL(publicUrl).origin);
  for (const o of (extra ?? '').split(',')) {
    const t = o.trim();
    if (t) out.add(new URL(t).origin);
  }
  return out;
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
