import { FX_CURRENCIES } from './seed/data/fxRates';

const LISTED = new Map(FX_CURRENCIES.map((c) => [c.code, c.exponent]));
const fromIcu = new Map<string, number>();

/**
 * How many decimals one minor unit of `currency` is worth: 2 for cents, 0 for yen, 3 for fils. The one
 * answer for the ledger, the tools and the agents, so an amount a person types is stored and shown on the
 * same scale. The platform's currency table (ISO 4217) decides; only a code it does not list falls back to
 * the runtime's currency data. They differ where the display habit is not the minor unit: PKR is 2 in ISO
 * 4217 (paisa) but shown with 0 decimals by ICU.
 */
export function minorExponent(currency: string): number {
  const listed = LISTED.get(currency);
  if (listed !== undefined) return listed;
  let digits = fromIcu.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2; // not a code the runtime knows: cents, like most of ISO 4217
    }
    if (fromIcu.size < 1000) fromIcu.set(currency, digits);
  }
  return digits;
}
