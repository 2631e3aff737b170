'use client';
import { useEffect, useState } from 'react';

type Theme = 'light' | 'dark';

/** Flips between light and dark; the choice is remembered, and until then the OS setting rules. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => {
    const set = document.documentElement.dataset.theme;
    setTheme(
      set === 'light' || set === 'dark'
        ? set
        : window.matchMedia('(prefers-color-scheme: dark)').matches
          ? 'dark'
          : 'light',
    );
  }, []);
  function flip() {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem('theme', next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    setTheme(next);
  }
  return (
    <button type="button" onClick={flip} aria-pressed={theme === 'dark'} aria-label="Dark theme">
      {theme === 'dark' ? '☾ Dark' : '☀ Light'}
    </button>
  );
}
