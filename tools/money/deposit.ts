import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatMinor } from '../../db/queries/ledger';
import { recordCharge, walletBalance } from '../../db/queries/payments';
import { chargeWithDeadline, PaymentProviderError, paymentProvider } from '../../payments/index';
import { accountRisk } from '../../trust/risk/hooks';
import { defineTool } from '../define';
import { ToolError } from '../errors';
import { IdempotencyKey } from '../idempotency';
import { Amount, amountOf, PositiveMoney } from './schemas';

/** The provider's idempotency key for this caller's key: a retry of the same deposit never charges twice. */
export const providerKeyFor = (actorId: string, key: string) =>
  `dep_${createHash('sha256').update(`${actorId}\u0000${key}`).digest('hex').slice(0, 40)}`;

/** What the provider said of an accepted charge, handed from the `outside` step to `run`. */
interface Charge {
  provider: string;
  key: string;
  paymentId: string;
  status: 'succeeded' | 'pending';
}

export const deposit = defineTool({
  name: 'deposit',
  title: 'Deposit money',
  description:
    'Add money to your client wallet from your payment method, through the payment provider. Give the amount in ' +
    'integer minor units and its currency (e.g. {"amount": 500000, "currency": "USD"} is $5,000.00). Runs only ' +
    'after you confirm. When the charge succeeds the wallet is credited at once; a declined charge credits ' +
    'nothing; a charge the provider has not settled yet comes back as "pending" and is credited when it ' +
    'settles. Retrying with the same idempotencyKey (or the same request, when you give none) never charges ' +
    'twice: it returns the first receipt. Use a new idempotencyKey to deposit the same amount again.',
  roles: ['client'],
  effect: 'money',
  input: z.object({
    amount: PositiveMoney.describe('How much to add, in minor units, and its currency'),
    idempotencyKey: IdempotencyKey.optional(),
  }),
  output: z.object({
    paymentId: z.string().describe("The provider's payment id"),
    provider: z.string(),
    status: z.enum(['succeeded', 'pending']),
    amount: Amount,
    credited: z
      .boolean()
      .describe('True when this call credited your wallet; false for pending or an already credited payment'),
    transferId: z.string().nullable().describe('The ledger transfer that credited the wallet, if any'),
    balance: Amount.describe('Your wallet balance in this currency afterwards'),
  }),
  async summarize(ctx, input) {
    const { amount, currency } = input.amount;
    const balance = await walletBalance(ctx.db, ctx.actor.id, 'client_wallet', currency);
    return (
      `Deposit ${formatMinor(amount, currency)} into your ${currency} wallet (balance ` +
      `${formatMinor(balance, currency)}), charged through ${paymentProvider().name}`
    );
  },
  risk: accountRisk('deposit'),
  // The provider is called with no transaction open (the dispatcher's `outside` step): a slow provider
  // holds this deposit only, not every other write of the marketplace.
  async outside(ctx, input): Promise<Charge> {
    const provider = paymentProvider();
    const { amount, currency } = input.amount;
    // The dispatcher always sets the key (derived when the caller gave none) before running a money tool.
    const key = providerKeyFor(ctx.actor.id, input.idempotencyKey ?? `${currency}:${amount}`);
    let charge: Awaited<ReturnType<typeof chargeWithDeadline>>;
    try {
      charge = await chargeWithDeadline(provider, {
        amount,
        currency,
        idempotencyKey: key,
        customerId: ctx.actor.id,
      });
    } catch (err) {
      const kind = err instanceof PaymentProviderError ? err.kind : 'unavailable';
      throw new ToolError(
        'INTERNAL',
        kind === 'timeout'
          ? `${provider.name} did not answer in time; nothing was credited. Retry with the same idempotencyKey: ` +
              'the provider will not charge you twice.'
          : `${provider.name} could not take the payment (${kind}); nothing was credited. Try again shortly.`,
        { cause: err, details: { provider: provider.name, reason: `provider_${kind}`, retryable: true } },
      );
    }
    if (charge.status === 'failed') {
      throw new ToolError(
        'INSUFFICIENT_FUNDS',
        `${provider.name} declined the charge (${charge.failureReason ?? 'declined'}); nothing was credited. ` +
          'Check your payment method and try again.',
        {
          details: {
            provider: provider.name,
            paymentId: charge.paymentId,
            reason: charge.failureReason ?? 'declined',
          },
        },
      );
    }
    return { provider: provider.name, key, paymentId: charge.paymentId, status: charge.status };
  },
  async run(ctx, input, charge) {
    const { amount, currency } = input.amount;
    const recorded = await recordCharge(ctx.db, {
      provider: charge.provider,
      providerPaymentId: charge.paymentId,
      providerKey: charge.key,
      userId: ctx.actor.id,
      currency,
      amount,
      status: charge.status,
      actorId: ctx.actor.id,
      now: ctx.now,
    });
    const balance = await walletBalance(ctx.db, ctx.actor.id, 'client_wallet', currency);
    return {
      paymentId: charge.paymentId,
      provider: charge.provider,
      status: recorded.payment.status === 'succeeded' ? ('succeeded' as const) : ('pending' as const),
      amount: amountOf(amount, currency),
      credited: recorded.transfer !== null,
      transferId: recorded.transfer?.transferId ?? recorded.payment.transfer_id,
      balance: amountOf(balance, currency),
    };
  },
});
