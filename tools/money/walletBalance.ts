import { z } from 'zod';
import { walletSummary } from '../../db/queries/payments';
import { defineTool } from '../define';
import { amountOf, BalanceLine } from './schemas';

export const walletBalance = defineTool({
  name: 'wallet_balance',
  title: 'Wallet balance',
  description:
    'Your money on the platform, per currency, read from the ledger: what is available in your wallet to spend ' +
    'or withdraw; what is in escrow (clients: funded into milestones and not yet released or refunded; ' +
    'freelancers: funded for you and waiting to be released); and pending payouts (withdrawn, not yet ' +
    'confirmed paid). Amounts are integer minor units with a formatted display. Currencies you never used are ' +
    'absent; an empty list means you hold nothing yet.',
  roles: ['client', 'freelancer'],
  effect: 'read',
  idempotent: true,
  input: z.object({}),
  output: z.object({ balances: z.array(BalanceLine) }),
  async run(ctx) {
    const side = ctx.actor.role === 'client' ? 'client' : 'freelancer';
    const lines = await walletSummary(ctx.db, ctx.actor.id, side);
    return {
      balances: lines.map((l) => ({
        currency: l.currency,
        available: amountOf(l.available, l.currency),
        inEscrow: amountOf(l.inEscrow, l.currency),
        pendingPayouts: amountOf(l.pendingPayouts, l.currency),
      })),
    };
  },
});
