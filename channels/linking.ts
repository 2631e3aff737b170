import type { Db } from '../db/client';
import {
  type ChannelUser,
  findLinkedUser,
  hashLinkCode,
  spendLinkCode,
  upsertChannelIdentity,
} from '../db/queries/channels';
import type { Actor } from '../tools/define';

export type { ChannelUser, Platform } from '../db/queries/channels';

/** Who a Slack or Discord user is in the marketplace, or why they get instructions instead of data. */
export type ChannelResolution =
  | { kind: 'linked'; actor: Actor }
  | { kind: 'unlinked' }
  | { kind: 'suspended' }
  /** An admin account outside the admin workspace: refused, so admin data never lands in a shared workspace. */
  | { kind: 'admin_elsewhere' };

export interface LinkingOptions {
  /** Slack: the workspace whose linked admins are served. Unset: admin accounts are served nowhere on chat. */
  adminTeamId?: string | undefined;
  clock?: () => Date;
}

const LINK_SYNTAX = /^link\s+([A-Za-z0-9-]{4,40})\s*$/i;

/** Maps platform users to marketplace users through the link table; redeems link codes. */
export class ChannelLinking {
  private readonly clock: () => Date;

  constructor(
    private readonly db: Db,
    private readonly opts: LinkingOptions = {},
  ) {
    this.clock = opts.clock ?? (() => new Date());
  }

  async resolve(u: ChannelUser): Promise<ChannelResolution> {
    const user = await findLinkedUser(this.db.reader, u);
    if (!user) return { kind: 'unlinked' };
    if (user.status !== 'active') return { kind: 'suspended' };
    if (user.role === 'admin' && !(u.platform === 'slack' && u.teamId === this.opts.adminTeamId)) {
      return { kind: 'admin_elsewhere' };
    }
    return { kind: 'linked', actor: { id: user.id, role: user.role, displayName: user.displayName } };
  }

  /** `link CODE` typed by a platform user: the code is spent and the user linked, or a reason is given. */
  async redeem(
    u: ChannelUser,
    code: string,
  ): Promise<{ ok: true; actor: Actor } | { ok: false; message: string }> {
    const now = this.clock().toISOString();
    const usedBy = `${u.platform}:${u.teamId}:${u.externalUserId}`;
    const linked = await this.db.write(async (tx) => {
      const userId = await spendLinkCode(tx, hashLinkCode(code), usedBy, now);
      if (!userId) return undefined;
      await upsertChannelIdentity(tx, u, userId, now);
      return userId;
    });
    if (!linked) {
      return {
        ok: false,
        message:
          'That link code is not valid: it may be mistyped, expired (15 minutes) or already used. Ask for a new one.',
      };
    }
    const r = await this.resolve(u);
    if (r.kind === 'linked') return { ok: true, actor: r.actor };
    return { ok: false, message: refusal(r, u.platform) };
  }
}

/** `link CODE` → the code, else undefined. */
export function parseLinkCommand(text: string): string | undefined {
  return LINK_SYNTAX.exec(text.trim())?.[1];
}

/** What a user who cannot be served reads: how to link, never any marketplace data. */
export function refusal(
  r: Exclude<ChannelResolution, { kind: 'linked' }>,
  platform: ChannelUser['platform'],
): string {
  const name = platform === 'slack' ? 'Slack' : 'Discord';
  switch (r.kind) {
    case 'unlinked':
      return (
        `Your ${name} account is not linked to MegiLance yet. Sign in to MegiLance and ask your copilot for a ` +
        `link code (the \`issue_link_code\` tool, or POST /api/tools/issue_link_code with your API key), ` +
        `then type \`/megilance link CODE\` here.`
      );
    case 'suspended':
      return 'The MegiLance account linked to you is suspended.';
    case 'admin_elsewhere':
      return platform === 'slack'
        ? 'Admin accounts are served only in the admin workspace.'
        : 'Admin accounts are not served on Discord; use the admin Slack workspace.';
  }
}
