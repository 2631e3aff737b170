import type { Executor } from '../client';
import { all, one, run } from '../sql';
import type { HoldRow } from './holds';

/**
 * Billing periods: an hourly contract's ISO week ('2026-W48') or a retainer's month ('2026-11'), each with
 * its own escrow hold (escrow_holds.period), and the time logs a week's bill paid.
 */

export type BillingKind = 'hourly_week' | 'retainer_month';
export type BillingStatus = 'funded' | 'billed' | 'released' | 'disputed_settled';

export interface BillingPeriodRow {
  hold_id: string;
  contract_id: string;
  kind: BillingKind;
  period: string;
  starts_on: string;
  ends_on: string;
  rate_minor: number | null;
  funded_hours: number | null;
  status: BillingStatus;
  billed_minutes: number | null;
  unpaid_minutes: number | null;
  created_at: string;
  closed_at: string | null;
}

export type BillingPeriodWithHold = BillingPeriodRow & { hold: HoldRow };

export async function insertBillingPeriod(
  tx: Executor,
  b: {
    holdId: string;
    contractId: string;
    kind: BillingKind;
    period: string;
    startsOn: string;
    endsOn: string;
    rateMinor: number | null;
    fundedHours: number | null;
    now: string;
  },
): Promise<void> {
  await run(
    tx,
    `INSERT INTO billing_periods (hold_id, contract_id, kind, period, starts_on, ends_on, rate_minor, funded_hours,
                                  status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'funded', ?)`,
    [b.holdId, b.contractId, b.kind, b.period, b.startsOn, b.endsOn, b.rateMinor, b.fundedHours, b.now],
  );
}

/** The contract's billing period and its hold, or undefined when that period was never funded. */
export async function getBillingPeriod(
  ex: Executor,
  contractId: string,
  period: string,
): Promise<BillingPeriodWithHold | undefined> {
  const b = await one<BillingPeriodRow>(
    ex,
    'SELECT * FROM billing_periods WHERE contract_id = ? AND period = ?',
    [contractId, period],
  );
  if (!b) return undefined;
  const hold = await one<HoldRow>(ex, 'SELECT * FROM escrow_holds WHERE id = ?', [b.hold_id]);
  if (!hold) return undefined;
  return { ...b, hold };
}

export async function getBillingPeriodByHold(
  ex: Executor,
  holdId: string,
): Promise<BillingPeriodRow | undefined> {
  return one<BillingPeriodRow>(ex, 'SELECT * FROM billing_periods WHERE hold_id = ?', [holdId]);
}

/** funded → billed / released / disputed_settled; false when it had already closed. */
export async function closeBillingPeriod(
  tx: Executor,
  holdId: string,
  c: {
    status: Exclude<BillingStatus, 'funded'>;
    billedMinutes: number | null;
    unpaidMinutes: number | null;
    now: string;
  },
): Promise<boolean> {
  const changed = await run(
    tx,
    `UPDATE billing_periods SET status = ?, billed_minutes = ?, unpaid_minutes = ?, closed_at = ?
      WHERE hold_id = ? AND status = 'funded'`,
    [c.status, c.billedMinutes, c.unpaidMinutes, c.now, holdId],
  );
  return changed === 1;
}

// ---------------------------------------------------------------------------------------------- time logs

export interface BillableLog {
  id: string;
  work_date: string;
  minutes: number;
  status: 'logged' | 'approved' | 'disputed';
  created_at: string;
}

/**
 * Time logs of the contract dated within [from, to] that no bill or dispute has settled yet, oldest first
 * (work date, then when they were logged). `statuses` picks which ones count.
 */
export async function unbilledTimeLogs(
  ex: Executor,
  contractId: string,
  from: string,
  to: string,
  statuses: readonly BillableLog['status'][] = ['logged', 'approved'],
): Promise<BillableLog[]> {
  const rows = await all<BillableLog>(
    ex,
    `SELECT t.id, t.work_date, t.minutes, t.status, t.created_at FROM time_logs t
      WHERE t.contract_id = ? AND t.work_date BETWEEN ? AND ?
        AND t.status IN (${statuses.map(() => '?').join(', ')})
        AND NOT EXISTS (SELECT 1 FROM billed_time_logs b WHERE b.time_log_id = t.id)
      ORDER BY t.work_date, t.created_at, t.rowid`,
    [contractId, from, to, ...statuses],
  );
  return rows.map((r) => ({ ...r, minutes: Number(r.minutes) }));
}

/**
 * Records that a bill (or a dispute's resolution) settled these logs; a bill also marks them approved (a
 * dispute leaves them as they are: disputed). The primary key on time_log_id refuses settling a log twice.
 */
export async function markTimeLogsBilled(
  tx: Executor,
  holdId: string,
  source: 'bill' | 'dispute',
  logs: readonly { id: string; minutesPaid: number | null }[],
  now: string,
): Promise<void> {
  for (const l of logs) {
    await run(
      tx,
      'INSERT INTO billed_time_logs (time_log_id, hold_id, minutes_paid, source, billed_at) VALUES (?, ?, ?, ?, ?)',
      [l.id, holdId, l.minutesPaid, source, now],
    );
    if (source === 'bill') await run(tx, "UPDATE time_logs SET status = 'approved' WHERE id = ?", [l.id]);
  }
}

/** Sets the status of these (unbilled) logs: 'disputed' while a dispute on their week is open. */
export async function setTimeLogsStatus(
  tx: Executor,
  ids: readonly string[],
  status: BillableLog['status'],
): Promise<void> {
  for (const id of ids) await run(tx, 'UPDATE time_logs SET status = ? WHERE id = ?', [status, id]);
}

// ---------------------------------------------------------------------------------------------- periods

const DAY_MS = 86_400_000;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** The ISO week of a date: '2026-W48' for 2026-11-23. Weeks start on Monday; week 1 holds the first Thursday. */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** '2026-W48' → Monday 2026-11-23 to Sunday 2026-11-29; undefined when there is no such week. */
export function isoWeekRange(period: string): { start: string; end: string } | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53) return undefined;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week1Monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS;
  const start = ymd(new Date(week1Monday + (week - 1) * 7 * DAY_MS));
  // Week 53 exists only in long years: it must map back to itself.
  if (isoWeekOf(start) !== period) return undefined;
  return { start, end: ymd(new Date(Date.parse(`${start}T00:00:00.000Z`) + 6 * DAY_MS)) };
}

/** '2026-11' → 2026-11-01 to 2026-11-30; undefined when it is not a month. */
export function monthRange(period: string): { start: string; end: string } | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  const start = ymd(new Date(Date.UTC(year, month - 1, 1)));
  const end = ymd(new Date(Date.UTC(year, month, 0)));
  return { start, end };
}
