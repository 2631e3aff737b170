import { z } from 'zod';
import { formatMinor } from '../../db/queries/ledger';
import { requestPayout, walletBalance, walletKindFor } from '../../db/queries/payments';
import { paymentProvider } from '../../payments/index';
import { accountRisk } from '../../trust/risk/hooks';
import { defineTool } from '../define';
import { Amount, amountOf, PayoutView, PositiveMoney } from './schemas';

const sideOf = (role: string) => (role === 'client' ? 'client' : 'freelancer');

export const withdraw = defineTool({
  name: 'withdraw',
  title: 'Withdraw money',
  description:
    'Move money out of your wallet to your payout account: freelancers withdraw earnings, clients withdraw a ' +
    'balance they no longer need (money in escrow cannot be withdrawn). Give the amount in integer minor units ' +
    'and its currency. Runs only after you confirm. The amount leaves your wallet at once and a payout request ' +
    'is created with status "requested"; it shows under pending payouts in wallet_balance until the provider ' +
    'pays it (a payout that fails comes back to your wallet). More than your available balance is refused ' +
    'with INSUFFICIENT_FUNDS and nothing changes.',
  roles: ['freelancer', 'client'],
  effect: 'money',
  input: z.object({
    amount: PositiveMoney.describe('How much to withdraw, in minor units, and its currency'),
  }),
  output: z.object({
    payout: PayoutView,
    balance: Amount.describe('Your wallet balance in this currency afterwards'),
  }),
  async summarize(ctx, input) {
    const { amount, currency } = input.amount;
    const balance = await walletBalance(
      ctx.db,
      ctx.actor.id,
      walletKindFor(sideOf(ctx.actor.role)),
      currency,
    );
    return (
      `Withdraw ${formatMinor(amount, currency)} from your ${currency} wallet (balance ` +
      `${formatMinor(balance, currency)}) to your payout account`
    );
  },
  risk: accountRisk('withdraw'),
  async run(ctx, input) {
    const { amount, currency } = input.amount;
    const kind = walletKindFor(sideOf(ctx.actor.role));
    const { payout } = await requestPayout(ctx.db, {
      userId: ctx.actor.id,
      walletKind: kind,
      provider: paymentProvider().name,
      currency,
      amount,
      actorId: ctx.actor.id,
      now: ctx.now,
    });
    const balance = await walletBalance(ctx.db, ctx.actor.id, kind, currency);
    return {
      payout: {
        id: payout.id,
        status: payout.status,
        amount: amountOf(Number(payout.amount_minor), payout.currency),
        provider: payout.provider,
        transferId: payout.transfer_id,
        createdAt: payout.created_at,
      },
      balance: amountOf(balance, currency),
    };
  },
});
