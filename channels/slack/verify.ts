import { createHmac, timingSafeEqual } from 'node:crypto';
import { checkTimestamp, type Verdict } from '../signedRequest';

export const SLACK_WINDOW_SECONDS = 5 * 60;

/**
 * Slack's request signature: `v0=` + HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`), over the exact
 * bytes received, and a timestamp within 5 minutes of now (a replayed old request is refused).
 */
export function verifySlackRequest(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  now: Date,
): Verdict {
  const fresh = checkTimestamp(headers.timestamp, now, SLACK_WINDOW_SECONDS);
  if (!fresh.ok) return fresh;
  const sig = headers.signature ?? '';
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${headers.timestamp}:${rawBody}`).digest('hex')}`;
  const a = Buffer.from(sig);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'bad signature' };
  return { ok: true };
}

/** Signs a body as Slack would (tests and local tools). */
export function signSlackRequest(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}
