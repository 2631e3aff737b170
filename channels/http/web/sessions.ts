import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../../db/client';
import { newId } from '../../../db/ids';
import {
  findLiveSession,
  findSessionByRefresh,
  insertSession,
  revokeFamily,
  revokeSession,
  type WebSessionRow,
} from '../../../db/queries/webAuth';
import type { Actor } from '../../../tools/define';
import { ToolError } from '../../../tools/errors';

export interface SessionTokens {
  issuedAt: Date;
  session: string;
  refresh: string;
  sessionExpiresAt: Date;
  refreshExpiresAt: Date;
}

/** Two tabs refreshing at once: the loser of the race is just signed out of that request, not flagged. */
const ROTATION_GRACE_MS = 10_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

/**
 * Browser sessions: a short-lived session token and a long-lived refresh token, stored only as SHA-256.
 * Refresh rotates both; a refresh token used again after its rotation revokes every session of its family.
 */
export class WebSessions {
  constructor(
    private readonly db: Db,
    private readonly opts: { sessionTtlMs: number; refreshTtlMs: number; clock: () => Date },
  ) {}

  async open(
    userId: string,
    method: WebSessionRow['method'],
    familyId = newId('sfam'),
  ): Promise<SessionTokens> {
    const tokens = this.mint();
    await this.db.write((tx) => insertSession(tx, this.row(userId, method, familyId, tokens)));
    return tokens;
  }

  /** The person behind a session token, or null when it is unknown, revoked or expired. */
  async resolve(sessionToken: string): Promise<Actor | null> {
    const s = await findLiveSession(this.db.reader, hashToken(sessionToken), this.opts.clock().toISOString());
    if (!s) return null;
    if (s.status !== 'active') throw new ToolError('FORBIDDEN', 'This account is suspended.');
    return { id: s.user_id, role: s.role, displayName: s.display_name };
  }

  /** New tokens for a valid refresh token (the old pair stops working), or null. */
  async refresh(refreshToken: string): Promise<{ userId: string; tokens: SessionTokens } | null> {
    const now = this.opts.clock();
    const row = await findSessionByRefresh(this.db.reader, hashToken(refreshToken));
    if (!row) return null;
    if (row.revoked_at) {
      if (now.getTime() - Date.parse(row.revoked_at) > ROTATION_GRACE_MS)
        await this.db.write((tx) => revokeFamily(tx, row.family_id, now.toISOString()));
      return null;
    }
    if (row.refresh_expires_at <= now.toISOString()) return null;
    const tokens = this.mint();
    const rotated = await this.db.write(async (tx) => {
      if (!(await revokeSession(tx, row.id, now.toISOString()))) return false;
      await insertSession(tx, this.row(row.user_id, 'refresh', row.family_id, tokens));
      return true;
    });
    return rotated ? { userId: row.user_id, tokens } : null;
  }

  /** Signs out: the session (found by either token) and every session rotated from it. */
  async revoke(tokens: { session?: string | undefined; refresh?: string | undefined }): Promise<void> {
    const now = this.opts.clock().toISOString();
    const bySession = tokens.session
      ? await findLiveSession(this.db.reader, hashToken(tokens.session), now)
      : undefined;
    const row =
      bySession ??
      (tokens.refresh ? await findSessionByRefresh(this.db.reader, hashToken(tokens.refresh)) : undefined);
    if (row) await this.db.write((tx) => revokeFamily(tx, row.family_id, now));
  }

  private mint(): SessionTokens {
    const now = this.opts.clock().getTime();
    return {
      issuedAt: new Date(now),
      session: newToken('mls'),
      refresh: newToken('mlr'),
      sessionExpiresAt: new Date(now + this.opts.sessionTtlMs),
      refreshExpiresAt: new Date(now + this.opts.refreshTtlMs),
    };
  }

  private row(userId: string, method: WebSessionRow['method'], familyId: string, t: SessionTokens) {
    return {
      id: newId('ses'),
      familyId,
      userId,
      sessionHash: hashToken(t.session),
      refreshHash: hashToken(t.refresh),
      createdAt: this.opts.clock().toISOString(),
      expiresAt: t.sessionExpiresAt.toISOString(),
      refreshExpiresAt: t.refreshExpiresAt.toISOString(),
      method,
    };
  }
}
