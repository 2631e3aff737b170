/**
 * Market rates from our own data: what freelancers with given skills charge an hour, and what clients budget
 * for projects in a category. Amounts in other currencies are converted with the platform's dated FX rates
 * (exact integer math, db/queries/fx.ts) into the currency asked for; currencies without a rate are left out
 * and counted. Percentiles interpolate linearly between neighbours and are rounded to whole minor units.
 */
import { z } from 'zod';
import type { Executor } from '../db/client';
import { convertMinor, type FxPath, findFxPath, getFxCurrency } from '../db/queries/fx';
import {
  type BudgetRow,
  categoryName,
  freelancerRatesForSkills,
  freelancerRatesInCategory,
  projectBudgets,
  type RateRow,
} from '../db/queries/market';
import { listing } from './format';

/** Fewer data points than this and a figure is not reported (null). */
export const MIN_SAMPLE = 3;
/** With fewer skill-matched data points than this, widen to the whole category. */
const WIDEN_BELOW = 5;

export const Quartiles = z.object({
  sample: z.number().int().describe('How many data points'),
  p25: z.number().int().describe('25th percentile, minor units'),
  median: z.number().int().describe('Median, minor units'),
  p75: z.number().int().describe('75th percentile, minor units'),
});
export type Quartiles = z.infer<typeof Quartiles>;

export const MarketSnapshot = z.object({
  currency: z.string().describe('Every amount below is in this currency (converted at dated FX rates)'),
  asOf: z.string().describe('FX date used for conversions, YYYY-MM-DD'),
  hourlyRate: Quartiles.extend({
    basis: z.enum(['skills', 'category']),
    label: z.string().describe('Who was counted, e.g. "freelancers with React Native"'),
  })
    .nullable()
    .describe('Hourly rates of active freelancers; null when there are too few'),
  projectBudget: Quartiles.extend({
    basis: z.enum(['skills', 'category']),
    label: z.string().describe('Which projects, e.g. "React Native projects"'),
    pricing: z.enum(['fixed', 'hourly']),
  })
    .nullable()
    .describe('Budget ceilings (budget max) of posted projects; null when there are too few'),
  timelineWeeks: z
    .object({ sample: z.number().int(), median: z.number() })
    .nullable()
    .describe('Timelines of those projects'),
  freelancersWithSkills: z.number().int().describe('Active freelancers who list at least one of the skills'),
  excludedForCurrency: z.number().int().describe('Data points left out: no FX rate for their currency'),
});
export type MarketSnapshot = z.infer<typeof MarketSnapshot>;

/** Linear-interpolation percentile (p in [0, 1]) of sorted numbers, rounded to an integer. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return Math.round(a + (b - a) * (pos - lo));
}

export function quartiles(values: readonly number[]): Quartiles | null {
  if (values.length < MIN_SAMPLE) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    sample: sorted.length,
    p25: percentile(sorted, 0.25),
    median: percentile(sorted, 0.5),
    p75: percentile(sorted, 0.75),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  if (sorted.length % 2 === 1) return sorted[Math.floor(mid)] ?? 0;
  return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Converts amounts into one currency at the FX rates of a date, caching the path per source currency. */
export class Converter {
  private readonly paths = new Map<string, Promise<{ path: FxPath; fromExp: number } | undefined>>();
  private toExp: Promise<number | undefined> | undefined;

  constructor(
    private readonly ex: Executor,
    readonly to: string,
    readonly asOf: string,
  ) {}

  /** The amount in the target currency, or undefined when no rate connects the two. */
  async convert(amountMinor: number, from: string): Promise<number | undefined> {
    if (from === this.to) return amountMinor;
    this.toExp ??= getFxCurrency(this.ex, this.to).then((c) => c?.exponent);
    let hit = this.paths.get(from);
    if (!hit) {
      hit = (async () => {
        const [cur, path] = await Promise.all([
          getFxCurrency(this.ex, from),
          // The latest rate on or before the date; failing that, any rate (a rough market figure beats none).
          findFxPath(this.ex, from, this.to, this.asOf).then(
            (p) => p ?? findFxPath(this.ex, from, this.to, '9999-12-31'),
          ),
        ]);
        return cur && path ? { path, fromExp: cur.exponent } : undefined;
      })();
      this.paths.set(from, hit);
    }
    const [leg, toExp] = await Promise.all([hit, this.toExp]);
    if (!leg || toExp === undefined) return undefined;
    return Number(convertMinor(amountMinor, leg.path.rate, leg.fromExp, toExp).amount);
  }
}

export interface MarketQuery {
  category: string;
  pricing: 'fixed' | 'hourly';
  currency: string;
  /** Skill ids to narrow by (freelancers who list any; projects that ask for any). */
  skillIds: readonly string[];
  /** Their names, for labels ("React Native projects"). */
  skillNames: readonly string[];
  /** The day whose FX rates convert other currencies (YYYY-MM-DD). */
  asOf: string;
  excludeProjectId?: string;
}

/** Rates and budgets for a scope, in one currency. */
export async function marketSnapshot(ex: Executor, q: MarketQuery): Promise<MarketSnapshot> {
  const fx = new Converter(ex, q.currency, q.asOf);
  let excluded = 0;
  const convertAll = async (rows: { amount: number; currency: string }[]): Promise<number[]> => {
    const out: number[] = [];
    for (const r of rows) {
      const v = await fx.convert(Number(r.amount), r.currency);
      if (v === undefined) excluded++;
      else out.push(v);
    }
    return out;
  };
  const catName = (await categoryName(ex, q.category)) ?? q.category;
  const skillLabel = listing(q.skillNames.slice(0, 2), 'or');

  // Hourly rates: freelancers with the skills, else the category's freelancers.
  let rateRows: RateRow[] = await freelancerRatesForSkills(ex, q.skillIds);
  const freelancersWithSkills = rateRows.length;
  let rateBasis: 'skills' | 'category' = 'skills';
  if (rateRows.length < WIDEN_BELOW) {
    const wide = await freelancerRatesInCategory(ex, q.category);
    if (wide.length > rateRows.length) {
      rateRows = wide;
      rateBasis = 'category';
    }
  }
  const rates = quartiles(
    await convertAll(rateRows.map((r) => ({ amount: r.rate_minor, currency: r.currency }))),
  );

  // Budgets: projects asking for the skills, else the whole category (same pricing).
  let budgetRows: BudgetRow[] = q.skillIds.length
    ? await projectBudgets(ex, { ...q, skillIds: q.skillIds })
    : [];
  let budgetBasis: 'skills' | 'category' = 'skills';
  if (budgetRows.length < WIDEN_BELOW) {
    const wide = await projectBudgets(ex, { category: q.category, pricing: q.pricing, ...exclude(q) });
    if (wide.length > budgetRows.length) {
      budgetRows = wide;
      budgetBasis = 'category';
    }
  }
  const budgets = quartiles(
    await convertAll(budgetRows.map((r) => ({ amount: r.budget_max_minor, currency: r.currency }))),
  );
  const weeks = budgetRows.map((r) => r.timeline_weeks).filter((w): w is number => w !== null);

  return {
    currency: q.currency,
    asOf: q.asOf,
    hourlyRate: rates && {
      ...rates,
      basis: rateBasis,
      label:
        rateBasis === 'skills' && skillLabel ? `freelancers with ${skillLabel}` : `${catName} freelancers`,
    },
    projectBudget: budgets && {
      ...budgets,
      basis: budgetBasis,
      label: budgetBasis === 'skills' && skillLabel ? `${skillLabel} projects` : `${catName} projects`,
      pricing: q.pricing,
    },
    timelineWeeks:
      weeks.length >= MIN_SAMPLE ? { sample: weeks.length, median: median(weeks.map(Number)) } : null,
    freelancersWithSkills,
    excludedForCurrency: excluded,
  };
}

function exclude(q: MarketQuery): { excludeProjectId?: string } {
  return q.excludeProjectId ? { excludeProjectId: q.excludeProjectId } : {};
}

/** The UTC calendar day of an instant. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}
