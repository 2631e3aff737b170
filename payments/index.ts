import { loadConfig } from '../config';
import type { PaymentProvider } from './provider';
import { SandboxPaymentProvider } from './sandbox';

export type { ChargeRequest, ChargeResult, ChargeStatus, PaymentProvider } from './provider';
export { chargeWithDeadline, PaymentProviderError } from './provider';
export { type SandboxOutcome, SandboxPaymentProvider } from './sandbox';

/** Providers by their PAYMENT_PROVIDER name. Only the local sandbox ships; a real one adds a line here. */
const PROVIDERS: Record<string, () => PaymentProvider> = {
  sandbox: () => new SandboxPaymentProvider(),
};

let current: PaymentProvider | undefined;

export function createPaymentProvider(name: string): PaymentProvider {
  const make = PROVIDERS[name];
  if (!make)
    throw new Error(`Unknown PAYMENT_PROVIDER "${name}"; known: ${Object.keys(PROVIDERS).join(', ')}.`);
  return make();
}

/**
 * The provider deposits go through: the one set with `setPaymentProvider`, else the one PAYMENT_PROVIDER
 * names (read once from the environment; sandbox by default).
 */
export function paymentProvider(): PaymentProvider {
  current ??= createPaymentProvider(
    loadConfig({ PAYMENT_PROVIDER: process.env.PAYMENT_PROVIDER }).PAYMENT_PROVIDER,
  );
  return current;
}

/** Replaces the provider for this process (a runtime with its own config, or a test scripting the sandbox). */
export function setPaymentProvider(provider: PaymentProvider): void {
  current = provider;
}
