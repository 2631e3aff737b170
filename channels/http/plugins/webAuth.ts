import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { newId } from '../../../db/ids';
import type { UserRow } from '../../../db/queries/users';
import { findUser } from '../../../db/queries/users';
import {
  findUserByEmail,
  findUserById,
  getPasswordHash,
  insertUser,
  setPasswordHash,
} from '../../../db/queries/webAuth';
import type { Runtime } from '../../../runtime';
import { refuse, sendError } from '../errors';
import type { WebRateLimits } from '../limits/index';
import {
  clearSessionCookies,
  REFRESH_COOKIE,
  readCookies,
  SESSION_COOKIE,
  setSessionCookies,
} from '../web/cookies';
import {
  burnPasswordCheck,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from '../web/passwords';
import type { WebSessions } from '../web/sessions';

export interface WebAuthOptions {
  rt: Runtime;
  sessions: WebSessions;
  limits: WebRateLimits;
  clock: () => Date;
}

/** The signed-in person as the web app sees them. */
export interface WebUser {
  id: string;
  handle: string | null;
  role: UserRow['role'];
  displayName: string;
  email: string;
}

const userView = (u: UserRow): WebUser => ({
  id: u.id,
  handle: u.handle,
  role: u.role,
  displayName: u.display_name,
  email: u.email,
});

const Demo = z.object({ handle: z.string().regex(/^demo-[a-z0-9-]{1,40}$/, 'a demo-* handle') });
const Password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const Signup = z.object({
  email: z.email().max(254),
  password: Password,
  displayName: z.string().trim().min(1).max(120),
  role: z.enum(['client', 'freelancer']),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((c) => c.toUpperCase())
    .default('US'),
});
const Login = z.object({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** Sign-in attempts per email a minute: slows password guessing without locking the owner out for long. */
const LOGIN_ATTEMPTS_PER_MINUTE = 10;

const BAD_CREDENTIALS = 'Wrong email or password.';

/**
 * Browser sign-in: demo users in one click (WEB_DEMO_SIGNIN), email + password accounts, and the httpOnly
 * session cookies the auth plugin reads (`ml_session` for every request, `ml_refresh` only under /api/auth).
 */
export async function webAuthRoutes(app: FastifyInstance, opts: WebAuthOptions) {
  const { rt, sessions, limits, clock } = opts;
  const secure = rt.config.PUBLIC_URL?.startsWith('https:') ?? false;
  const schema = (summary: string) => ({ schema: { tags: ['web'], summary } });

  // Browsers' fetch wrappers often send `content-type: application/json` with no body to refresh and logout.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, {});
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400 }), undefined);
    }
  });

  const signedIn = async (reply: FastifyReply, user: UserRow, method: 'demo' | 'password', status = 200) => {
    const tokens = await sessions.open(user.id, method);
    setSessionCookies(reply, tokens, secure);
    return reply.code(status).send({ user: userView(user) });
  };

  app.post('/api/auth/demo', schema('Sign in as a seeded demo user'), async (req, reply) => {
    if (!rt.config.WEB_DEMO_SIGNIN)
      return sendError(reply, { code: 'FORBIDDEN', message: 'Demo sign-in is turned off on this server.' });
    const body = parse(Demo, req.body);
    if (!body.ok) return sendError(reply, body.error);
    const user = await findUser(rt.db.reader, body.data.handle);
    if (!user || user.handle !== body.data.handle)
      return sendError(reply, {
        code: 'NOT_FOUND',
        message: `No demo user ${body.data.handle}; run npm run db:seed.`,
      });
    if (user.status !== 'active')
      return sendError(reply, { code: 'FORBIDDEN', message: 'This account is suspended.' });
    return signedIn(reply, user, 'demo');
  });

  app.post('/api/auth/signup', schema('Create a client or freelancer account'), async (req, reply) => {
    const body = parse(Signup, req.body);
    if (!body.ok) return sendError(reply, body.error);
    const { email, password, displayName, role, country } = body.data;
    if (await findUserByEmail(rt.db.reader, email))
      return sendError(reply, {
        code: 'CONFLICT',
        message: 'An account with this email already exists; sign in.',
      });
    const hash = await hashPassword(password);
    const id = newId('usr');
    const now = clock().toISOString();
    try {
      await rt.db.write(async (tx) => {
        await insertUser(tx, { id, role, email, displayName, country, now });
        await setPasswordHash(tx, id, hash, now);
      });
    } catch (err) {
      // Two sign-ups racing for one email: the UNIQUE constraint decides.
      if (/UNIQUE/i.test(String(err)))
        return sendError(reply, {
          code: 'CONFLICT',
          message: 'An account with this email already exists; sign in.',
        });
      throw err;
    }
    const user = await findUserById(rt.db.reader, id);
    if (!user) throw new Error(`user ${id} vanished after sign-up`);
    return signedIn(reply, user, 'password', 201);
  });

  app.post('/api/auth/login', schema('Sign in with email and password'), async (req, reply) => {
    const started = performance.now();
    const body = parse(Login, req.body);
    if (!body.ok) return sendError(reply, body.error);
    const email = body.data.email.trim();
    try {
      await limits.takeKey(`login:${email.toLowerCase()}`, LOGIN_ATTEMPTS_PER_MINUTE);
    } catch (err) {
      return refuse(reply, err);
    }
    const user = await findUserByEmail(rt.db.reader, email);
    const hash = user ? await getPasswordHash(rt.db.reader, user.id) : undefined;
    // Unknown email, no password set, wrong password: the same work, the same answer.
    let ok = false;
    if (hash) ok = await verifyPassword(body.data.password, hash);
    else await burnPasswordCheck(body.data.password);
    if (!ok || !user) {
      rt.dispatcher.audit.enqueue({
        at: clock().toISOString(),
        actorId: user?.id ?? null,
        actorRole: user?.role ?? null,
        channel: 'web',
        tool: 'auth.login',
        args: { email },
        outcome: 'UNAUTHENTICATED',
        message: user ? 'wrong password' : 'unknown email',
        durationMs: performance.now() - started,
      });
      req.log.warn({ email }, 'sign-in refused');
      return sendError(reply, {
        code: 'UNAUTHENTICATED',
        message: BAD_CREDENTIALS,
        details: { reason: 'invalid_credentials' },
      });
    }
    if (user.status !== 'active')
      return sendError(reply, { code: 'FORBIDDEN', message: 'This account is suspended.' });
    return signedIn(reply, user, 'password');
  });

  app.post(
    '/api/auth/refresh',
    schema('Rotate the refresh cookie and open a new session'),
    async (req, reply) => {
      const token = readCookies(req)[REFRESH_COOKIE];
      const refreshed = token ? await sessions.refresh(token) : null;
      const user = refreshed ? await findUserById(rt.db.reader, refreshed.userId) : undefined;
      if (!refreshed || !user || user.status !== 'active') {
        clearSessionCookies(reply, secure);
        return sendError(reply, {
          code: 'UNAUTHENTICATED',
          message: 'Your session has ended; sign in again.',
          details: { reason: 'refresh_invalid' },
        });
      }
      setSessionCookies(reply, refreshed.tokens, secure);
      return reply.send({ user: userView(user) });
    },
  );

  app.post(
    '/api/auth/logout',
    schema('Sign out: revoke the session and clear its cookies'),
    async (req, reply) => {
      const cookies = readCookies(req);
      await sessions.revoke({ session: cookies[SESSION_COOKIE], refresh: cookies[REFRESH_COOKIE] });
      clearSessionCookies(reply, secure);
      return reply.send({ ok: true });
    },
  );

  app.get('/api/auth/me', schema('Who is signed in'), async (req: FastifyRequest, reply) => {
    if (!req.actor)
      return sendError(reply, {
        code: req.authError?.code ?? 'UNAUTHENTICATED',
        message: req.authError?.message ?? 'Not signed in.',
        ...(req.authError?.details ? { details: req.authError.details } : {}),
      });
    const user = await findUserById(rt.db.reader, req.actor.id);
    if (!user) return sendError(reply, { code: 'UNAUTHENTICATED', message: 'Not signed in.' });
    return reply.header('cache-control', 'no-store').send({ user: userView(user) });
  });
}

function parse<T>(schema: z.ZodType<T>, body: unknown) {
  const r = schema.safeParse(body ?? {});
  if (r.success) return { ok: true as const, data: r.data };
  const fields = r.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  return {
    ok: false as const,
    error: {
      code: 'VALIDATION' as const,
      message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
      fields,
    },
  };
}
