import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionTokens } from './sessions';

export const SESSION_COOKIE = 'ml_session';
export const REFRESH_COOKIE = 'ml_refresh';
/** The refresh token only travels to the endpoints that use it. */
const REFRESH_PATH = '/api/auth';

/** The request's cookies by name (first value wins), without a dependency for a 10-line format. */
export function readCookies(req: FastifyRequest): Record<string, string> {
  const header = req.headers.cookie;
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

function cookie(
  name: string,
  value: string,
  attrs: { path: string; maxAge: number; secure: boolean },
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${attrs.path}`, 'HttpOnly', 'SameSite=Lax'];
  // Max-Age, not Expires: a lifetime does not depend on the server's and the browser's clocks agreeing.
  parts.push(`Max-Age=${Math.max(0, Math.floor(attrs.maxAge))}`);
  if (attrs.secure) parts.push('Secure');
  return parts.join('; ');
}

export function setSessionCookies(reply: FastifyReply, t: SessionTokens, secure: boolean): void {
  reply.header('set-cookie', [
    cookie(SESSION_COOKIE, t.session, { path: '/', maxAge: seconds(t.issuedAt, t.sessionExpiresAt), secure }),
    cookie(REFRESH_COOKIE, t.refresh, {
      path: REFRESH_PATH,
      maxAge: seconds(t.issuedAt, t.refreshExpiresAt),
      secure,
    }),
  ]);
  reply.header('cache-control', 'no-store');
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', [
    cookie(SESSION_COOKIE, '', { path: '/', maxAge: 0, secure }),
    cookie(REFRESH_COOKIE, '', { path: REFRESH_PATH, maxAge: 0, secure }),
  ]);
}

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;
