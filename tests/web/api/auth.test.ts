import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../channels/http/app';
import { all, one } from '../../../db/sql';
import { makeUser, type TestEnv, testEnv } from '../../support/harness';
import { Browser, insertUser, SAME_ORIGIN, setCookies } from './support';

describe('web sign-in and sessions', () => {
  let env: TestEnv;
  let app: FastifyInstance;
  let demoClientId: string;
  beforeAll(async () => {
    env = await testEnv('file');
    app = await buildApp(env.rt, { clock: env.clock.now });
    demoClientId = await insertUser(env.rt, 'client', 'demo-client');
    await insertUser(env.rt, 'admin', 'demo-admin');
    await insertUser(env.rt, 'client', 'alice');
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  it('signs a demo user in with httpOnly, SameSite=Lax cookies', async () => {
    const b = new Browser(app);
    const res = await b.post('/api/auth/demo', { handle: 'demo-client' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: {
        id: demoClientId,
        handle: 'demo-client',
        role: 'client',
        displayName: 'demo-client person',
        email: 'demo-client@example.test',
      },
    });
    const cookies = setCookies(res);
    const session = cookies.get('ml_session');
    const refresh = cookies.get('ml_refresh');
    expect(session?.attrs).toMatch(/Path=\/;.*HttpOnly;.*SameSite=Lax;.*Max-Age=3600/);
    expect(refresh?.attrs).toMatch(/Path=\/api\/auth;.*HttpOnly;.*SameSite=Lax;.*Max-Age=2592000/);
    expect(session?.attrs).not.toContain('Secure');
    // Only hashes are stored.
    const row = await one<{ session_hash: string; refresh_hash: string; method: string }>(
      env.rt.db.reader,
      'SELECT session_hash, refresh_hash, method FROM web_sessions WHERE user_id = ?',
      [demoClientId],
    );
    expect(row?.method).toBe('demo');
    expect(row?.session_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.session_hash).not.toContain(session?.value ?? 'x');

    const me = await b.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: demoClientId, role: 'client' });
    expect((await b.post('/api/auth/demo', { handle: 'demo-admin' })).json().user.role).toBe('admin');
  });

  it('refuses non-demo handles, unknown demo users, and demo sign-in when it is turned off', async () => {
    const b = new Browser(app);
    const alice = await b.post('/api/auth/demo', { handle: 'alice' });
    expect(alice.statusCode).toBe(400);
    expect(alice.json().error.code).toBe('VALIDATION');
    expect(b.jar.size).toBe(0);
    expect((await b.post('/api/auth/demo', { handle: 'demo-nobody' })).statusCode).toBe(404);

    const off = await buildApp({ ...env.rt, config: { ...env.rt.config, WEB_DEMO_SIGNIN: false } });
    try {
      const res = await new Browser(off).post('/api/auth/demo', { handle: 'demo-client' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(res.headers['set-cookie']).toBeUndefined();
    } finally {
      await off.close();
    }
  });

  it('signs up with a hashed password, then logs in; no admin sign-up, no short passwords, no duplicate emails', async () => {
    const b = new Browser(app);
    const password = 'correct horse battery';
    const res = await b.post('/api/auth/signup', {
      email: 'Fiona@Example.test',
      password,
      displayName: 'Fiona Freelancer',
      role: 'freelancer',
    });
    expect(res.statusCode).toBe(201);
    const { user } = res.json();
    expect(user).toMatchObject({ role: 'freelancer', displayName: 'Fiona Freelancer', handle: null });
    expect(b.jar.has('ml_session')).toBe(true);
    const stored = await one<{ hash: string }>(
      env.rt.db.reader,
      'SELECT hash FROM user_passwords WHERE user_id = ?',
      [user.id],
    );
    expect(stored?.hash).toMatch(/^scrypt\$\d+\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored?.hash).not.toContain(password);

    const second = await new Browser(app).post('/api/auth/signup', {
      email: 'other@example.test',
      password,
      displayName: 'Other',
      role: 'client',
    });
    const otherHash = await one<{ hash: string }>(
      env.rt.db.reader,
      'SELECT hash FROM user_passwords WHERE user_id = ?',
      [second.json().user.id],
    );
    expect(otherHash?.hash).not.toBe(stored?.hash); // salted

    const refused = [
      { email: 'a@example.test', password, displayName: 'A', role: 'admin' },
      { email: 'b@example.test', password: 'short', displayName: 'B', role: 'client' },
      { email: 'not-an-email', password, displayName: 'C', role: 'client' },
    ];
    for (const body of refused) {
      const r = await new Browser(app).post('/api/auth/signup', body);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION');
    }
    const dup = await new Browser(app).post('/api/auth/signup', {
      email: 'fiona@example.test',
      password,
      displayName: 'F2',
      role: 'client',
    });
    expect(dup.statusCode).toBe(409);

    const login = new Browser(app);
    const ok = await login.post('/api/auth/login', { email: 'fiona@example.test', password });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(user.id);
    expect((await login.get('/api/auth/me')).json().user.id).toBe(user.id);
  });

  it('refuses a wrong password and an unknown email with the same typed error, and audits both', async () => {
    await new Browser(app).post('/api/auth/signup', {
      email: 'gina@example.test',
      password: 'gina-password-1',
      displayName: 'Gina',
      role: 'client',
    });
    const wrong = await new Browser(app).post('/api/auth/login', {
      email: 'gina@example.test',
      password: 'gina-password-2',
    });
    const unknown = await new Browser(app).post('/api/auth/login', {
      email: 'nobody@example.test',
      password: 'gina-password-1',
    });
    for (const r of [wrong, unknown]) {
      expect(r.statusCode).toBe(401);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'invalid_credentials' },
    });

    await env.rt.dispatcher.flush();
    const rows = await all<{ outcome: string; args: string; message: string }>(
      env.rt.db.reader,
      "SELECT outcome, args, message FROM audit_log WHERE tool = 'auth.login' AND channel = 'web' ORDER BY id",
    );
    expect(rows.map((r) => r.message)).toEqual(['wrong password', 'unknown email']);
    expect(rows.every((r) => r.outcome === 'UNAUTHENTICATED' && !r.args.includes('gina-password'))).toBe(
      true,
    );
  });

  it('slows password guessing: sign-in attempts per email a minute answer 429 with Retry-After', async () => {
    const guess = () =>
      new Browser(app).post('/api/auth/login', { email: 'guess@example.test', password: 'x' });
    const first = await Promise.all(Array.from({ length: 10 }, guess));
    expect(first.map((r) => r.statusCode)).toEqual(Array(10).fill(401));
    const last = await guess();
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json().error.code).toBe('RATE_LIMITED');
  });

  it('rotates the refresh token; a replayed old refresh token ends the whole session family', async () => {
    const b = new Browser(app);
    await b.post('/api/auth/demo', { handle: 'demo-client' });
    const first = { ...Object.fromEntries(b.jar) };

    // An empty JSON body is fine (fetch wrappers send the header anyway).
    const r1 = await b.request('POST', '/api/auth/refresh', undefined, {
      'content-type': 'application/json',
    });
    expect(r1.statusCode).toBe(200);
    expect(r1.json().user.id).toBe(demoClientId);
    expect(b.jar.get('ml_refresh')).not.toBe(first.ml_refresh);
    expect(b.jar.get('ml_session')).not.toBe(first.ml_session);
    expect((await b.get('/api/auth/me')).statusCode).toBe(200);

    // The old session token stopped working with the rotation.
    const old = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `ml_session=${first.ml_session}` },
    });
    expect(old.statusCode).toBe(401);
    expect(old.json().error.details).toEqual({ reason: 'session_expired' });

    // The first refresh token comes back later (stolen): refused, and the live session dies with it.
    env.clock.advance(11_000);
    const replay = await app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `ml_refresh=${first.ml_refresh}`, ...SAME_ORIGIN },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.details).toEqual({ reason: 'refresh_invalid' });
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.post('/api/auth/refresh')).statusCode).toBe(401);
  });

  it('expires sessions after WEB_SESSION_MINUTES, and logout revokes and clears the cookies', async () => {
    const b = new Browser(app);
    await b.post('/api/auth/demo', { handle: 'demo-client' });
    env.clock.advance(61 * 60_000);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.post('/api/auth/refresh')).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).statusCode).toBe(200);

    const session = b.jar.get('ml_session');
    const out = await b.post('/api/auth/logout');
    expect(out.statusCode).toBe(200);
    const cleared = setCookies(out);
    expect(cleared.get('ml_session')?.attrs).toContain('Max-Age=0');
    expect(cleared.get('ml_refresh')?.attrs).toContain('Max-Age=0');
    const after = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `ml_session=${session}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('a session cookie reaches the tools like a Bearer key (audited as web); Bearer wins when both are sent', async () => {
    const b = new Browser(app);
    await b.post('/api/auth/demo', { handle: 'demo-client' });
    const who = await b.post('/api/tools/whoami', {});
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ id: demoClientId, role: 'client' });

    const other = await makeUser(env.rt, 'freelancer');
    const both = await b.post('/api/tools/whoami', {}, { authorization: `Bearer ${other.key}` });
    expect(both.json().id).toBe(other.actor.id);

    await env.rt.dispatcher.flush();
    const channels = await all<{ channel: string }>(
      env.rt.db.reader,
      "SELECT channel FROM audit_log WHERE tool = 'whoami' AND actor_id = ?",
      [demoClientId],
    );
    expect(channels.map((c) => c.channel)).toContain('web');
  });

  it('refuses cookie requests that are not same-origin (CSRF) with a typed 403', async () => {
    const b = new Browser(app);
    await b.post('/api/auth/demo', { handle: 'demo-client' });
    const send = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/tools/whoami',
        headers: { cookie: b.cookie, ...headers },
        payload: {},
      });

    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      {},
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const res = await send(headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'csrf' } });
    }
    expect((await send({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect((await send(SAME_ORIGIN)).statusCode).toBe(200);
    // Reads are not state changes; a cross-site login form post is refused too.
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: b.cookie } })).statusCode,
    ).toBe(200);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/demo',
      headers: { origin: 'https://evil.example' },
      payload: { handle: 'demo-client' },
    });
    expect(login.statusCode).toBe(403);
  });

  it('marks cookies Secure when PUBLIC_URL is https, and accepts its origin', async () => {
    const secure = await buildApp({
      ...env.rt,
      config: { ...env.rt.config, PUBLIC_URL: 'https://megilance.example' },
    });
    try {
      const b = new Browser(secure, { origin: 'https://megilance.example' });
      const res = await b.post('/api/auth/demo', { handle: 'demo-client' });
      expect(setCookies(res).get('ml_session')?.attrs).toContain('Secure');
      expect((await b.post('/api/tools/whoami', {})).statusCode).toBe(200);
    } finally {
      await secure.close();
    }
  });
});
