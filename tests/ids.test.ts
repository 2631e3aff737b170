import { describe, expect, it, vi } from 'vitest';
import { newId } from '../db/ids';

describe('newId', () => {
  it('is the prefix and 16 URL-safe characters', () => {
    expect(newId('trf')).toMatch(/^trf_[0-9a-hjkmnp-tv-z]{16}$/);
  });

  it('never repeats, even for many ids in the same millisecond', () => {
    const ids = Array.from({ length: 100_000 }, () => newId('x'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts in creation order, within a millisecond and across them', () => {
    vi.useFakeTimers({ now: new Date('2026-11-24T10:00:00.000Z'), toFake: ['Date'] });
    try {
      const ids: string[] = [];
      for (let ms = 0; ms < 50; ms++) {
        for (let i = 0; i < 20; i++) ids.push(newId('hld'));
        vi.advanceTimersByTime(ms % 7 === 0 ? 86_400_000 : 1);
      }
      expect([...ids].sort()).toEqual(ids);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts each millisecond at an unpredictable tail', () => {
    vi.useFakeTimers({ now: new Date('2026-11-24T10:00:00.000Z'), toFake: ['Date'] });
    try {
      const tails = new Set<string>();
      for (let i = 0; i < 200; i++) {
        tails.add(newId('a').slice(-7));
        vi.advanceTimersByTime(1);
      }
      expect(tails.size).toBeGreaterThan(190);
    } finally {
      vi.useRealTimers();
    }
  });
});
