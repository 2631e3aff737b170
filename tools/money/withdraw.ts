import { z } from 'zod';
import { isFlagOn } from '../../db/queries/flags';
import { formatMinor } from '../../db/queries/ledger';
import { requestPayout, walletBalance, walletKindFor } from '../../db/queries/payments';
import { isVerified } from '../../db/queries/verification';
import { paymentProvider } from '../../payments/index';
import { accountRisk } from '../../trust/risk/hooks';
import { defineTool } from '../define';
import { forbidden } from '../errors';
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
    'with INSUFFICIENT_FUNDS and nothing changes. While the kyc_required_for_withdrawal flag is on for you, ' +
    'only a verified identity or business may withdraw (submit_verification).',
  roles: ['freelancer', 'client'],
  effect: 'money',
  input: z.object({
    amount: PositiveMoney.describe('How much to withdraw, in minor units, and its currency'),
  }),
  output: z.object({
    payout: PayoutView,
    balance: Amount.describe('Your wallet balance in this currency afterwards'),
  }),
  // Before the confirmation is asked for: nobody should confirm a withdrawal that cannot run.
  async authorize(ctx) {
    if (
      (await isFlagOn(ctx.db, 'kyc_required_for_withdrawal', ctx.actor.id)) &&
      !(await isVerified(ctx.db, ctx.actor.id))
    )
      throw forbidden(
        'Withdrawals need a verified identity or business first: submit one with submit_verification.',
      );
  },
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
