import type { Runtime } from '../../../runtime';
import { createRateCounter, type RateCounter, WebRateLimits } from '../limits/index';
import type { CookieAuthOptions } from '../plugins/auth';
import { allowedOrigins } from './csrf';
import { WebSessions } from './sessions';

export interface WebApi {
  cookies: CookieAuthOptions;
  sessions: WebSessions;
  limits: WebRateLimits;
}

/** The browser side of the API from the runtime's config: sessions, CSRF origins and the per-user caps. */
export function createWebApi(
  rt: Runtime,
  opts: { clock?: () => Date; rateCounter?: RateCounter } = {},
): WebApi {
  const clock = opts.clock ?? (() => new Date());
  const c = rt.config;
  const sessions = new WebSessions(rt.db, {
    sessionTtlMs: c.WEB_SESSION_MINUTES * 60_000,
    refreshTtlMs: c.WEB_REFRESH_DAYS * 86_400_000,
    clock,
  });
  const limits = new WebRateLimits(
    opts.rateCounter ?? createRateCounter(c, rt.db),
    { messages: c.WEB_MESSAGES_PER_MINUTE, tool_calls: c.WEB_TOOL_CALLS_PER_MINUTE },
    clock,
  );
  return {
    cookies: { sessions, allowedOrigins: allowedOrigins(c.PUBLIC_URL, c.WEB_ALLOWED_ORIGINS) },
    sessions,
    limits,
  };
}
