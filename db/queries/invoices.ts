import { ToolError } from '../../tools/errors';
import type { Executor } from '../client';
import { newId } from '../ids';
import { all, one } from '../sql';
import { formatMinor } from './ledger';

export type InvoiceSource = 'milestone' | 'dispute' | 'hourly' | 'retainer';
export type InvoiceLineKind = 'work' | 'platform_fee' | 'adjustment';

export interface InvoiceRow {
  id: string;
  number: string;
  year: number;
  seq: number;
  source: InvoiceSource;
  contract_id: string;
  milestone_id: string | null;
  hold_id: string | null;
  transfer_id: string;
  client_id: string;
  freelancer_id: string;
  buyer_name: string;
  buyer_country: string | null;
  buyer_tax_id: string | null;
  seller_name: string;
  seller_country: string | null;
  seller_tax_id: string | null;
  currency: string;
  subtotal_minor: number;
  tax_label: string | null;
  tax_rate_bps: number;
  tax_minor: number;
  total_minor: number;
  fee_minor: number;
  fee_rate_bps: number;
  net_minor: number;
  memo: string;
  issued_at: string;
}

export interface InvoiceLineRow {
  invoice_id: string;
  position: number;
  kind: InvoiceLineKind;
  description: string;
  quantity: string;
  unit_amount_minor: number | null;
  amount_minor: number;
  audience: 'all' | 'freelancer';
}

export interface InvoiceWithLines {
  invoice: InvoiceRow;
  lines: InvoiceLineRow[];
}

/** One billed item: what the client paid for. Amounts are minor units; together they make the release. */
export interface InvoiceLineInput {
  description: string;
  amount: number;
  kind?: 'work' | 'adjustment';
  /** A label: "1", "12.5 h". */
  quantity?: string;
  unitAmount?: number;
}

export interface ReleaseInvoiceInput {
  source: InvoiceSource;
  contractId: string;
  milestoneId?: string | null;
  holdId?: string | null;
  /** The release transfer this invoice documents (escrow → freelancer + fees). One invoice per transfer. */
  transferId: string;
  currency: string;
  /** Billed items; their sum is the invoice total and must equal what the transfer released (gross). */
  lines: InvoiceLineInput[];
  /** Platform fee kept from the release (shown to the freelancer as a negative line), and its rate. */
  fee: number;
  feeBps?: number;
  /** VAT / GST included in the total; none by default. Tax ids are printed when known. */
  tax?: { label: string; rateBps: number };
  buyerTaxId?: string | null;
  sellerTaxId?: string | null;
  memo?: string;
  now: Date;
}

/** "INV-2026-000123". */
export const invoiceNumber = (year: number, seq: number) => `INV-${year}-${String(seq).padStart(6, '0')}`;

/**
 * The next number of the year, taken inside the caller's write transaction: the counter row is written by
 * the same transaction as the release, so two releases never share a number and a rolled-back release gives
 * its number back (gap-free within a year).
 */
async function nextSeq(tx: Executor, year: number): Promise<number> {
  const row = await one<{ last_seq: number }>(
    tx,
    `INSERT INTO invoice_counters (year, last_seq) VALUES (?, 1)
     ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + 1
     RETURNING last_seq`,
    [year],
  );
  if (!row) throw new Error('invoices: the counter returned no row');
  return Number(row.last_seq);
}

/**
 * Issues the invoice for money released from escrow to a freelancer, in the caller's transaction (the same one
 * that posted the release). The freelancer is the seller, the client the buyer; names and countries are copied
 * now. Lines: the billed items (both parties see them), then the platform fee as a negative line only the
 * freelancer sees. Totals: total = sum of billed items (tax included), net = total − fee.
 */
export async function issueInvoiceForRelease(
  tx: Executor,
  p: ReleaseInvoiceInput,
): Promise<InvoiceWithLines> {
  if (p.lines.length === 0) throw new Error('invoices: an invoice needs at least one line');
  for (const l of p.lines) {
    if (!Number.isSafeInteger(l.amount)) throw new Error(`invoices: bad line amount ${l.amount}`);
  }
  const total = p.lines.reduce((s, l) => s + l.amount, 0);
  if (total <= 0) throw new Error(`invoices: the total must be positive, not ${total}`);
  if (!Number.isSafeInteger(p.fee) || p.fee < 0 || p.fee > total)
    throw new Error(`invoices: bad fee ${p.fee}`);
  const rate = p.tax?.rateBps ?? 0;
  if (!Number.isInteger(rate) || rate < 0 || rate > 10_000) throw new Error(`invoices: bad tax rate ${rate}`);
  const tax = rate === 0 ? 0 : total - Number((BigInt(total) * 10_000n) / BigInt(10_000 + rate));

  const parties = await one<{
    client_id: string;
    freelancer_id: string;
    buyer_name: string;
    buyer_country: string | null;
    seller_name: string;
    seller_country: string | null;
  }>(
    tx,
    `SELECT c.client_id, c.freelancer_id, cu.display_name AS buyer_name, cu.country AS buyer_country,
            fu.display_name AS seller_name, fu.country AS seller_country
       FROM contracts c JOIN users cu ON cu.id = c.client_id JOIN users fu ON fu.id = c.freelancer_id
      WHERE c.id = ?`,
    [p.contractId],
  );
  if (!parties) throw new ToolError('NOT_FOUND', `No contract with id ${p.contractId}.`);

  const year = p.now.getUTCFullYear();
  const seq = await nextSeq(tx, year);
  const id = newId('inv');
  const number = invoiceNumber(year, seq);
  // RETURNING: the stored row (defaults included) without reading it back.
  const invoice = await one<InvoiceRow>(
    tx,
    `INSERT INTO invoices (id, number, year, seq, source, contract_id, milestone_id, hold_id, transfer_id, client_id,
                           freelancer_id, buyer_name, buyer_country, buyer_tax_id, seller_name, seller_country,
                           seller_tax_id, currency, subtotal_minor, tax_label, tax_rate_bps, tax_minor, total_minor,
                           fee_minor, fee_rate_bps, net_minor, memo, issued_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     RETURNING *`,
    [
      id,
      number,
      year,
      seq,
      p.source,
      p.contractId,
      p.milestoneId ?? null,
      p.holdId ?? null,
      p.transferId,
      parties.client_id,
      parties.freelancer_id,
      parties.buyer_name,
      parties.buyer_country,
      p.buyerTaxId ?? null,
      parties.seller_name,
      parties.seller_country,
      p.sellerTaxId ?? null,
      p.currency,
      total - tax,
      p.tax?.label ?? null,
      rate,
      tax,
      total,
      p.fee,
      p.feeBps ?? 0,
      total - p.fee,
      p.memo ?? '',
      p.now.toISOString(),
    ],
  );
  const lines: Omit<InvoiceLineRow, 'invoice_id' | 'position'>[] = p.lines.map((l) => ({
    kind: l.kind ?? 'work',
    description: l.description,
    quantity: l.quantity ?? '1',
    unit_amount_minor: l.unitAmount ?? null,
    amount_minor: l.amount,
    audience: 'all',
  }));
  if (p.fee > 0) {
    lines.push({
      kind: 'platform_fee',
      description:
        p.feeBps !== undefined
          ? `Platform fee (${p.feeBps / 100}% of ${formatMinor(total, p.currency)})`
          : 'Platform fee',
      quantity: '1',
      unit_amount_minor: null,
      amount_minor: -p.fee,
      audience: 'freelancer',
    });
  }
  const args: (string | number | null)[] = [];
  for (const [i, l] of lines.entries())
    args.push(id, i + 1, l.kind, l.description, l.quantity, l.unit_amount_minor, l.amount_minor, l.audience);
  const stored = await all<InvoiceLineRow>(
    tx,
    `INSERT INTO invoice_lines (invoice_id, position, kind, description, quantity, unit_amount_minor, amount_minor,
                                audience)
     VALUES ${lines.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     RETURNING *`,
    args,
  );
  if (!invoice) throw new Error('invoices: the insert returned no row');
  return { invoice, lines: stored.sort((a, b) => Number(a.position) - Number(b.position)) };
}

/** An invoice by id ("inv_…") or number ("INV-2026-000123"), with its lines in order. */
export async function getInvoice(ex: Executor, idOrNumber: string): Promise<InvoiceWithLines | undefined> {
  const invoice = await one<InvoiceRow>(ex, 'SELECT * FROM invoices WHERE id = ? OR number = ?', [
    idOrNumber,
    idOrNumber.toUpperCase(),
  ]);
  if (!invoice) return undefined;
  const lines = await all<InvoiceLineRow>(
    ex,
    'SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY position',
    [invoice.id],
  );
  return { invoice, lines };
}

/** Invoices of one party (or all, for an admin), newest first, optionally for one contract. */
export async function listInvoices(
  ex: Executor,
  f: { userId?: string; contractId?: string; limit: number; offset: number },
): Promise<{ total: number; rows: InvoiceRow[] }> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.userId) {
    where.push('(client_id = ? OR freelancer_id = ?)');
    args.push(f.userId, f.userId);
  }
  if (f.contractId) {
    where.push('contract_id = ?');
    args.push(f.contractId);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count, rows] = await Promise.all([
    one<{ n: number }>(ex, `SELECT count(*) AS n FROM invoices ${clause}`, args),
    all<InvoiceRow>(ex, `SELECT * FROM invoices ${clause} ORDER BY year DESC, seq DESC LIMIT ? OFFSET ?`, [
      ...args,
      f.limit,
      f.offset,
    ]),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}
