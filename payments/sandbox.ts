import { randomBytes } from 'node:crypto';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  PaymentProviderError,
} from './provider';

/**
 * What the sandbox does with the next charge:
 * - 'succeed': takes the money (or, for a key it already charged, reports that same payment again);
 * - 'fail': declines ("card_declined"), takes nothing, and leaves the key free for a retry;
 * - 'timeout': takes the money, then never answers (the caller's deadline fires; the charge is real);
 * - 'slow': takes the money and answers, but only after half of `timeoutMs` (a busy provider);
 * - 'unavailable': throws at once, takes nothing;
 * - 'pending': accepts the charge without settling it (nothing to credit yet);
 * - 'duplicate': reports the previous successful payment again, whatever the key: a provider bug or a
 *   double-delivered notification. The marketplace must not credit it twice.
 */
export type SandboxOutcome =
  | 'succeed'
  | 'fail'
  | 'timeout'
  | 'slow'
  | 'unavailable'
  | 'pending'
  | 'duplicate';

export interface SandboxCharge {
  paymentId: string;
  key: string;
  customerId: string;
  amount: number;
  currency: string;
  status: 'succeeded' | 'pending';
}

/**
 * A local payment provider: no network, deterministic, scriptable by tests. It keeps what it charged in
 * memory, like a real provider's dashboard, so a test can check nobody was charged twice.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  timeoutMs: number;
  private readonly script: SandboxOutcome[] = [];
  private readonly byKey = new Map<string, SandboxCharge>();
  private readonly log: SandboxCharge[] = [];

  constructor(opts: { timeoutMs?: number } = {}) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** Scripts the outcomes of the next charges, in order; charges after the script succeed. */
  next(...outcomes: SandboxOutcome[]): this {
    this.script.push(...outcomes);
    return this;
  }

  /** Every charge that took money (or is pending), oldest first. */
  charges(): readonly SandboxCharge[] {
    return this.log;
  }

  /** What the sandbox actually took from this customer in this currency (pending charges excluded). */
  totalCharged(customerId: string, currency: string): number {
    return this.log
      .filter((c) => c.customerId === customerId && c.currency === currency && c.status === 'succeeded')
      .reduce((s, c) => s + c.amount, 0);
  }

  /** Settles a pending charge, as the real provider would later (tests then credit it via settlePayment). */
  settle(paymentId: string): void {
    const c = this.log.find((x) => x.paymentId === paymentId);
    if (c) c.status = 'succeeded';
  }

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    const outcome = this.script.shift() ?? 'succeed';
    const seen = this.byKey.get(req.idempotencyKey);
    if (seen && outcome !== 'duplicate') {
      // The provider's idempotency: the same key reports the same payment and charges nothing more.
      if (seen.amount !== req.amount || seen.currency !== req.currency) {
        throw new PaymentProviderError(
          this.name,
          'invalid_response',
          'Idempotency key reused with other parameters.',
        );
      }
      return this.result(seen);
    }
    switch (outcome) {
      case 'fail':
        return {
          paymentId: newPaymentId(),
          status: 'failed',
          amount: req.amount,
          currency: req.currency,
          failureReason: 'card_declined',
        };
      case 'unavailable':
        throw new PaymentProviderError(this.name, 'unavailable', 'The sandbox provider is unavailable.');
      case 'timeout':
        this.record(req, 'succeeded');
        return new Promise<never>(() => undefined); // the money is taken; the answer never arrives
      case 'slow': {
        const answer = this.result(this.record(req, 'succeeded'));
        return new Promise((resolve) => setTimeout(() => resolve(answer), this.timeoutMs / 2));
      }
      case 'pending':
        return this.result(this.record(req, 'pending'));
      case 'duplicate': {
        const previous = [...this.log].reverse().find((c) => c.status === 'succeeded');
        if (!previous) return this.result(this.record(req, 'succeeded'));
        return {
          paymentId: previous.paymentId,
          status: 'succeeded',
          amount: req.amount,
          currency: req.currency,
        };
      }
      default:
        return this.result(this.record(req, 'succeeded'));
    }
  }

  private record(req: ChargeRequest, status: SandboxCharge['status']): SandboxCharge {
    const c: SandboxCharge = {
      paymentId: newPaymentId(),
      key: req.idempotencyKey,
      customerId: req.customerId,
      amount: req.amount,
      currency: req.currency,
      status,
    };
    this.byKey.set(req.idempotencyKey, c);
    this.log.push(c);
    return c;
  }

  private result(c: SandboxCharge): ChargeResult {
    return { paymentId: c.paymentId, status: c.status, amount: c.amount, currency: c.currency };
  }
}

const newPaymentId = () => `sbx_${randomBytes(10).toString('hex')}`;
