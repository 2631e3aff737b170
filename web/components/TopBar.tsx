'use client';
import type { Me } from '../lib/api';
import { ThemeToggle } from './ThemeToggle';

/** Who is signed in (name and role), the pages they may open, the theme, and sign-out. */
export function TopBar({ me, onSignOut }: { me: Me | null; onSignOut?: () => void }) {
  return (
    <header className="topbar">
      <a className="brand" href={me ? '/chat' : '/'}>
        MegiLance Copilot
      </a>
      {me ? (
        <>
          <span data-testid="whoami">
            {me.displayName} <span className="badge">{me.role}</span>
          </span>
          <nav aria-label="Pages" className="row">
            <a href="/chat">Chat</a>
            {me.role === 'admin' ? <a href="/admin">Dashboard</a> : null}
          </nav>
        </>
      ) : null}
      <ThemeToggle />
      {me && onSignOut ? (
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      ) : null}
    </header>
  );
}
