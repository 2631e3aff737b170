import { loadConfig } from '../../config';

/**
 * The platform fee kept from every escrow release, tiered by contract value.
 *
 * PLATFORM_FEE_TIERS="0:1000,100000:700,1000000:500" reads: a contract worth 0 or more pays 1000 basis points
 * (10%), from 100000 minor units (1,000.00) 700 (7%), from 1000000 (10,000.00) 500 (5%). The highest threshold
 * the contract's value reaches applies to the whole release (not marginally). Thresholds are minor units of the
 * contract's own currency. The fee is integer math, rounded down (in the freelancer's favour):
 * fee = floor(amount × bps / 10000). Each partial release is rounded on its own.
 */
export interface FeeTier {
  /** Contract value in minor units from which this tier applies. */
  from: number;
  /** Fee in basis points: 100 = 1%. */
  bps: number;
}

/** Parses "threshold:bps,…"; thresholds must start at 0 and rise, fees must be 0–10000 bps. */
export function parseFeeTiers(spec: string): FeeTier[] {
  const tiers = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d+)\s*:\s*(\d+)$/.exec(part);
      if (!m) throw new Error(`PLATFORM_FEE_TIERS: "${part}" is not "threshold:bps".`);
      return { from: Number(m[1]), bps: Number(m[2]) };
    });
  if (tiers.length === 0) throw new Error('PLATFORM_FEE_TIERS: give at least one tier, e.g. 0:1000.');
  if (tiers[0]?.from !== 0) throw new Error('PLATFORM_FEE_TIERS: the first tier must start at 0.');
  tiers.forEach((t, i) => {
    if (!Number.isSafeInteger(t.from))
      throw new Error(`PLATFORM_FEE_TIERS: threshold ${t.from} is too large.`);
    if (t.bps > 10_000) throw new Error(`PLATFORM_FEE_TIERS: ${t.bps} bps is more than 100%.`);
    const prev = tiers[i - 1];
    if (prev && t.from <= prev.from) throw new Error('PLATFORM_FEE_TIERS: thresholds must rise.');
  });
  return tiers;
}

/** The basis points that apply to a contract of this value. */
export function feeRateFor(contractValue: number, tiers: readonly FeeTier[]): number {
  let bps = tiers[0]?.bps ?? 0;
  for (const t of tiers) if (contractValue >= t.from) bps = t.bps;
  return bps;
}

/** floor(amount × bps / 10000), exact for any safe integer amount. */
export function feeOf(amount: number, bps: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`fee: bad amount ${amount}`);
  return Number((BigInt(amount) * BigInt(bps)) / 10_000n);
}

/** The fee on one release of `amount` from a contract worth `contractValue`. */
export function platformFee(
  amount: number,
  contractValue: number,
  tiers: readonly FeeTier[] = feeTiers(),
): { fee: number; bps: number } {
  const bps = feeRateFor(contractValue, tiers);
  return { fee: feeOf(amount, bps), bps };
}

let configured: FeeTier[] | undefined;

/** The tiers in force: set with `setFeeTiers`, else PLATFORM_FEE_TIERS (read once), else the default. */
export function feeTiers(): FeeTier[] {
  configured ??= parseFeeTiers(
    loadConfig({ PLATFORM_FEE_TIERS: process.env.PLATFORM_FEE_TIERS }).PLATFORM_FEE_TIERS,
  );
  return configured;
}

/** Sets the tiers for this process (a runtime with its own config, a test). Accepts the env syntax. */
export function setFeeTiers(tiers: string | FeeTier[]): void {
  configured =
    typeof tiers === 'string'
      ? parseFeeTiers(tiers)
      : parseFeeTiers(tiers.map((t) => `${t.from}:${t.bps}`).join(','));
}
