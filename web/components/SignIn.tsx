'use client';
import { useEffect, useId, useState } from 'react';
import { api, type Me } from '../lib/api';

const DEMOS = [
  { handle: 'demo-client', label: 'Demo client', what: 'post projects, shortlist freelancers, fund escrow' },
  { handle: 'demo-freelancer', label: 'Demo freelancer', what: 'find work, draft and send proposals' },
  { handle: 'demo-admin', label: 'Demo admin', what: 'fraud review, KPIs, feature flags' },
] as const;

function nextPath(): string {
  const n = new URLSearchParams(window.location.search).get('next');
  // Only same-site paths: an open redirect would let a link send people elsewhere after signing in.
  return n?.startsWith('/') && !n.startsWith('//') ? n : '/chat';
}

export function SignIn() {
  const [mode, setMode] = useState<'login' | 'signup'>('login');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    // Already signed in: straight to the chat.
    void api<{ user: Me }>('/api/auth/me').then((r) => {
      if (r.data?.user) window.location.replace(nextPath());
    });
  }, []);

  async function go(path: string, body: unknown) {
    setBusy(true);
    setError('');
    const r = await api<{ user: Me }>(path, body);
    if (r.data?.user) {
      window.location.assign(nextPath());
      return;
    }
    setBusy(false);
    setError(
      [r.error?.message, ...(r.error?.fields ?? []).map((f) => `${f.field}: ${f.message}`)]
        .filter(Boolean)
        .join(' ') || 'Could not sign in.',
    );
  }

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, unknown> = { email: f.get('email'), password: f.get('password') };
    if (mode === 'signup') {
      body.displayName = f.get('displayName');
      body.role = f.get('role');
    }
    void go(mode === 'login' ? '/api/auth/login' : '/api/auth/signup', body);
  }

  return (
    <div className="signin">
      <h1>Sign in</h1>
      <p className="muted">A freelance marketplace you run by talking to it.</p>
      <section className="panel" aria-labelledby={`${id}-demo`}>
        <h2 id={`${id}-demo`}>Try a demo account</h2>
        <div className="demo-users">
          {DEMOS.map((d) => (
            <button
              key={d.handle}
              type="button"
              disabled={busy}
              onClick={() => void go('/api/auth/demo', { handle: d.handle })}
            >
              <strong>{d.label}</strong>
              <br />
              <span className="muted">{d.what}</span>
            </button>
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby={`${id}-pw`}>
        <h2 id={`${id}-pw`}>{mode === 'login' ? 'Email and password' : 'Create an account'}</h2>
        <form onSubmit={submit}>
          {mode === 'signup' ? (
            <>
              <label htmlFor={`${id}-name`}>Your name</label>
              <input id={`${id}-name`} name="displayName" required autoComplete="name" />
              <fieldset style={{ border: 0, padding: 0, margin: '8px 0' }}>
                <legend>
                  <strong>I want to</strong>
                </legend>
                <label style={{ fontWeight: 400, display: 'inline' }}>
                  <input type="radio" name="role" value="client" defaultChecked style={{ width: 'auto' }} />{' '}
                  hire
                </label>{' '}
                <label style={{ fontWeight: 400, display: 'inline' }}>
                  <input type="radio" name="role" value="freelancer" style={{ width: 'auto' }} /> work
                </label>
              </fieldset>
            </>
          ) : null}
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} name="email" type="email" required autoComplete="email" />
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            required
            minLength={mode === 'signup' ? 10 : 1}
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          />
          <div className="row" style={{ marginTop: 12 }}>
            <button className="primary" type="submit" disabled={busy}>
              {mode === 'login' ? 'Sign in' : 'Create account'}
            </button>
            <button type="button" onClick={() => setMode(mode === 'login' ? 'signup' : 'login')}>
              {mode === 'login' ? 'New here? Create an account' : 'I have an account'}
            </button>
          </div>
        </form>
      </section>
      <p role="alert" className="error">
        {error}
      </p>
      <p className="muted">
        Or browse <a href="/hire">freelancers by skill and industry</a>.
      </p>
    </div>
  );
}
