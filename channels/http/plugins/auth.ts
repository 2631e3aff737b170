import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashKey } from '../../../db/queries/apiKeys';
import type { Actor } from '../../../tools/define';
import { ToolError } from '../../../tools/errors';
import type { ApiKeyIdentity } from '../../identity';
import { sendError } from '../errors';
import { REFRESH_COOKIE, readCookies, SESSION_COOKIE } from '../web/cookies';
import { isSameOrigin, SAFE_METHODS } from '../web/csrf';
import type { WebSessions } from '../web/sessions';

declare module 'fastify' {
  interface FastifyRequest {
    /** The marketplace user behind the Bearer key, or null with the reason in `authError`. */
    actor: Actor | null;
    authError: ToolError | null;
    /** How `actor` was identified: a Bearer API key or the browser's session cookie. */
    authVia: 'key' | 'cookie' | null;
    /** The three above, as the auth hook left them (read them through their names). */
    authState: AuthState | null;
  }
}

interface AuthState {
  actor: Actor | null;
  error: ToolError | null;
  via: 'key' | 'cookie' | null;
}

/** Browser sessions (channels/http/web): the `ml_session` cookie identifies the caller when no Bearer key is sent. */
export interface CookieAuthOptions {
  sessions: WebSessions;
  /** Origins besides this server's own whose pages may send cookie requests. */
  allowedOrigins: ReadonlySet<string>;
}

/**
 * Resolves `Authorization: Bearer <api key>` (or, without one, the browser's `ml_session` cookie) to a
 * marketplace user on every request. It never rejects by itself, except a cross-site cookie request (CSRF):
 * routes decide, so refused tool calls still reach the dispatcher and its audit log.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { identity: ApiKeyIdentity; web?: CookieAuthOptions }) => {
    // One field set per request, read through getters on the prototype: each decorated field is a store in
    // Fastify's request constructor at a megamorphic site, which three of them made a measurable share.
    app.decorateRequest('authState', null);
    app.decorateRequest('actor', {
      getter(this: FastifyRequest) {
        return this.authState?.actor ?? null;
      },
    });
    app.decorateRequest('authError', {
      getter(this: FastifyRequest) {
        return this.authState?.error ?? null;
      },
    });
    app.decorateRequest('authVia', {
      getter(this: FastifyRequest) {
        return this.authState?.via ?? null;
      },
    });
    // The Bearer header each connection sent last, with its key's hash. A keep-alive client sends the same
    // header with every request, and hashing it each time (sha256, the regex, a fresh 64-character string
    // to look up) was most of this hook. The clear key stays as long as the connection that sent it and no
    // longer: it is kept on the socket itself (a WeakMap costs the collector an ephemeron per connection).
    const hashOf = (req: FastifyRequest, header: string): string | undefined => {
      const socket = req.raw.socket as { [LAST_KEY]?: { header: string; hash: string } };
      const seen = socket[LAST_KEY];
      if (seen?.header === header) return seen.hash;
      const key = bearerKey(header);
      if (!key) return undefined;
      const hash = hashKey(key);
      socket[LAST_KEY] = { header, hash };
      return hash;
    };
    // Callback style, so a key already in the identity cache (nearly every API request) is answered without
    // a promise; anything else (cookies, a first lookup, no key) takes the async path.
    app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      const header = req.headers.authorization;
      if (header) {
        const hash = hashOf(req, header);
        try {
          const actor = hash ? opts.identity.cachedHash(hash) : undefined;
          if (actor) {
            req.authState = { actor, error: null, via: 'key' };
            return done();
          }
        } catch (err) {
          req.authState = refused(asAuthError(err));
          return done();
        }
      }
      authenticate(req, reply).then(
        () => {
          if (!reply.sent) done();
        },
        (err: Error) => done(err),
      );
    });

    const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
      const header = req.headers.authorization;
      if (!header && opts.web) {
        const cookies = readCookies(req);
        const session = cookies[SESSION_COOKIE];
        // CSRF: a browser sends cookies with cross-site requests too, so a change made with them must come from
        // a page of this site. Sign-in routes are checked as well when a browser calls them (login CSRF).
        const browser = session !== undefined || cookies[REFRESH_COOKIE] !== undefined;
        const authRoute =
          req.url.startsWith('/api/auth/') && (!!req.headers.origin || !!req.headers['sec-fetch-site']);
        if (
          !SAFE_METHODS.has(req.method) &&
          (browser || authRoute) &&
          !isSameOrigin(req, opts.web.allowedOrigins)
        ) {
          return sendError(reply, {
            code: 'FORBIDDEN',
            message: 'Cross-site request refused: send it from this site (same-origin Origin header).',
            details: { reason: 'csrf' },
          });
        }
        if (session) {
          try {
            const actor = await opts.web.sessions.resolve(session);
            req.authState = actor
              ? { actor, error: null, via: 'cookie' }
              : refused(
                  new ToolError('UNAUTHENTICATED', 'Your session has expired; sign in again.', {
                    details: { reason: 'session_expired' },
                  }),
                );
          } catch (err) {
            req.authState = refused(asAuthError(err));
          }
          return;
        }
      }
      if (!header) {
        req.authState = refused(
          new ToolError('UNAUTHENTICATED', 'Pass your API key as "Authorization: Bearer <key>".'),
        );
        return;
      }
      const key = bearerKey(header);
      if (!key) {
        req.authState = refused(
          new ToolError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <key>".'),
        );
        return;
      }
      try {
        req.authState = { actor: await opts.identity.resolve(key), error: null, via: 'key' };
      } catch (err) {
        req.authState = refused(asAuthError(err));
      }
    };
  },
  { name: 'megilance-auth' },
);

const BEARER = /^Bearer\s+(\S+)$/i;
const LAST_KEY = Symbol('megilance.lastBearerKey');

function bearerKey(header: string): string | undefined {
  return BEARER.exec(header)?.[1];
}

function refused(error: ToolError): AuthState {
  return { actor: null, error, via: null };
}

function asAuthError(err: unknown): ToolError {
  return err instanceof ToolError ? err : new ToolError('UNAUTHENTICATED', undefined, { cause: err });
}
