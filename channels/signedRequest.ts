/** What verifying a platform's signed request gives: go on, or the reason it is refused. */
export type Verdict = { ok: true } | { ok: false; reason: string };

/** Slack and Discord both sign a timestamp: one missing, or outside the window around now, is refused. */
export function checkTimestamp(timestamp: string | undefined, now: Date, windowSeconds: number): Verdict {
  const ts = Number(timestamp);
  if (!timestamp || !Number.isInteger(ts)) return { ok: false, reason: 'missing timestamp' };
  if (Math.abs(now.getTime() / 1000 - ts) > windowSeconds) return { ok: false, reason: 'stale timestamp' };
  return { ok: true };
}
