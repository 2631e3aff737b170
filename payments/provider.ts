/**
 * The edge where money enters the marketplace: a card (or bank) payment provider. The ledger only ever sees
 * what a provider reports; a provider never sees the ledger.
 *
 * Contract every implementation keeps:
 * - `idempotencyKey` is the provider's own idempotency key: two charges with the same key take the money at
 *   most once and report the same `paymentId` (a retry after a timeout is safe). A charge that *failed* does
 *   not use up its key: retrying it tries again.
 * - `charge` settles within `timeoutMs` or the caller gives up with a `PaymentProviderError('timeout')`; the
 *   caller then credits nothing and retries later with the same key.
 * - `paymentId` identifies the payment at the provider; the database refuses to credit one twice.
 */
export interface ChargeRequest {
  /** Integer minor units, > 0. */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  idempotencyKey: string;
  /** Who pays: the marketplace user id (a real provider maps it to its own customer). */
  customerId: string;
}

export type ChargeStatus = 'succeeded' | 'failed' | 'pending';

export interface ChargeResult {
  paymentId: string;
  status: ChargeStatus;
  amount: number;
  currency: string;
  /** Why a charge failed, in the provider's words ("card_declined"). */
  failureReason?: string;
}

export interface PaymentProvider {
  /** Stable short name, stored with each payment ("sandbox", "stripe"). */
  readonly name: string;
  /** How long a charge may take before the caller gives up. */
  readonly timeoutMs: number;
  charge(req: ChargeRequest): Promise<ChargeResult>;
}

export type PaymentErrorKind = 'timeout' | 'unavailable' | 'invalid_response';

/** The provider could not give an answer: nothing may be credited, and the same key may be retried. */
export class PaymentProviderError extends Error {
  readonly kind: PaymentErrorKind;
  readonly provider: string;

  constructor(provider: string, kind: PaymentErrorKind, message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'PaymentProviderError';
    this.provider = provider;
    this.kind = kind;
  }
}

/**
 * Charges through the provider with its deadline enforced here too: a provider that never answers becomes a
 * `PaymentProviderError('timeout')` after `timeoutMs`, and a malformed answer an 'invalid_response'.
 */
export async function chargeWithDeadline(
  provider: PaymentProvider,
  req: ChargeRequest,
): Promise<ChargeResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PaymentProviderError(
            provider.name,
            'timeout',
            `${provider.name} did not answer within ${provider.timeoutMs} ms.`,
          ),
        ),
      provider.timeoutMs,
    );
  });
  try {
    const result = await Promise.race([provider.charge(req), deadline]);
    if (
      !result ||
      typeof result.paymentId !== 'string' ||
      result.paymentId.length === 0 ||
      !['succeeded', 'failed', 'pending'].includes(result.status) ||
      result.amount !== req.amount ||
      result.currency !== req.currency
    ) {
      throw new PaymentProviderError(
        provider.name,
        'invalid_response',
        `${provider.name} answered with a payment that does not match the charge.`,
      );
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}
