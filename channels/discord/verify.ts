import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { checkTimestamp, type Verdict } from '../signedRequest';

/** A raw 32-byte Ed25519 public key goes into a DER SubjectPublicKeyInfo after this fixed prefix. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** Discord does not retry interactions: anything older than this is a replay. */
export const DISCORD_WINDOW_SECONDS = 5 * 60;

/** The application's public key (hex, from the developer portal) as a key node:crypto verifies with. */
export function discordPublicKey(hex: string): KeyObject {
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 32) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * Discord's interaction signature: Ed25519 over `{X-Signature-Timestamp}{raw body}`, hex in X-Signature-Ed25519.
 * Discord probes the endpoint with bad signatures and expects a 401.
 */
export function verifyDiscordRequest(
  key: KeyObject,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  now: Date,
): Verdict {
  const fresh = checkTimestamp(headers.timestamp, now, DISCORD_WINDOW_SECONDS);
  if (!fresh.ok) return fresh;
  const sig = headers.signature ?? '';
  if (!/^[0-9a-f]{128}$/i.test(sig)) return { ok: false, reason: 'bad signature' };
  const ok = verify(null, Buffer.from(headers.timestamp + rawBody), key, Buffer.from(sig, 'hex'));
  return ok ? { ok: true } : { ok: false, reason: 'bad signature' };
}
