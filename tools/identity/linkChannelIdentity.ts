import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { deleteChannelIdentities, hashLinkCode, insertLinkCode } from '../../db/queries/channels';
import { defineTool, ROLES } from '../define';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_TTL_MINUTES = 15;

/** 10 characters from 30 symbols: ~49 bits, spent once, valid for minutes. */
function newLinkCode(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

export const issueLinkCode = defineTool({
  name: 'issue_link_code',
  title: 'Link Slack or Discord',
  description:
    'Issues a one-time code that links your Slack or Discord account to this marketplace account. Type ' +
    '`/megilance link CODE` in Slack or Discord within 15 minutes; the copilot there then acts as you. The code ' +
    'is shown once, works once, and only its hash is stored.',
  roles: ROLES,
  effect: 'write',
  input: z.object({}),
  output: z.object({
    code: z.string().describe('Shown once: type it as /megilance link CODE'),
    expiresAt: z.string(),
    instructions: z.string(),
  }),
  async run(ctx) {
    const code = newLinkCode();
    const expiresAt = new Date(ctx.now.getTime() + CODE_TTL_MINUTES * 60_000).toISOString();
    await insertLinkCode(ctx.db, {
      codeHash: hashLinkCode(code),
      userId: ctx.actor.id,
      createdAt: ctx.now.toISOString(),
      expiresAt,
    });
    return {
      code,
      expiresAt,
      instructions: `In Slack or Discord, type: /megilance link ${code} (valid for ${CODE_TTL_MINUTES} minutes, once).`,
    };
  },
});

export const unlinkChannelIdentities = defineTool({
  name: 'unlink_channel_identities',
  title: 'Unlink Slack or Discord',
  description:
    'Removes the links between your marketplace account and Slack or Discord users (one platform, or both): ' +
    'the copilot there stops acting as you until you link again.',
  roles: ROLES,
  effect: 'write',
  input: z.object({ platform: z.enum(['slack', 'discord']).optional().describe('Default: both') }),
  output: z.object({ removed: z.number().int() }),
  async run(ctx, { platform }) {
    return { removed: await deleteChannelIdentities(ctx.db, ctx.actor.id, platform) };
  },
});
