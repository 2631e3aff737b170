import type { InvoiceWithLines } from '../../db/queries/invoices';
import { amountOf, type InvoiceView } from './schemas';

export type InvoiceViewer = 'client' | 'freelancer' | 'admin';

/**
 * The invoice as this viewer may see it: the platform fee (its line, the fee and the net) belongs to the
 * freelancer's side of the deal, so a client sees the milestone lines and totals only.
 */
export function invoiceView({ invoice: i, lines }: InvoiceWithLines, viewer: InvoiceViewer): InvoiceView {
  const c = i.currency;
  const seesFee = viewer !== 'client';
  return {
    id: i.id,
    number: i.number,
    source: i.source,
    issuedAt: i.issued_at,
    contractId: i.contract_id,
    milestoneId: i.milestone_id,
    transferId: i.transfer_id,
    seller: { id: i.freelancer_id, name: i.seller_name, country: i.seller_country, taxId: i.seller_tax_id },
    buyer: { id: i.client_id, name: i.buyer_name, country: i.buyer_country, taxId: i.buyer_tax_id },
    currency: c,
    lines: lines
      .filter((l) => seesFee || l.audience === 'all')
      .map((l) => ({
        position: Number(l.position),
        kind: l.kind,
        description: l.description,
        quantity: l.quantity,
        unitAmount: l.unit_amount_minor === null ? null : amountOf(Number(l.unit_amount_minor), c),
        amount: amountOf(Number(l.amount_minor), c),
      })),
    subtotal: amountOf(Number(i.subtotal_minor), c),
    tax: { label: i.tax_label, rateBps: Number(i.tax_rate_bps), amount: amountOf(Number(i.tax_minor), c) },
    total: amountOf(Number(i.total_minor), c),
    platformFee: seesFee ? amountOf(Number(i.fee_minor), c) : null,
    netToFreelancer: seesFee ? amountOf(Number(i.net_minor), c) : null,
    memo: i.memo,
  };
}

const pct = (bps: number) => `${bps / 100}%`;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const party = (p: InvoiceView['seller']) =>
  [p.name, p.country, p.taxId ? `Tax id ${p.taxId}` : null].filter(Boolean).join(' · ');

function totals(v: InvoiceView): [string, string][] {
  const rows: [string, string][] = [
    ['Subtotal', v.subtotal.display],
    [`${v.tax.label ?? 'Tax'} (${pct(v.tax.rateBps)}, included)`, v.tax.amount.display],
    ['Total', v.total.display],
  ];
  if (v.platformFee) rows.push(['Platform fee', amountOf(-v.platformFee.amount, v.currency).display]);
  if (v.netToFreelancer) rows.push(['Paid to the freelancer', v.netToFreelancer.display]);
  return rows;
}

/** The invoice as plain text (monospace columns), for chat channels and e-mail. */
export function renderInvoiceText(v: InvoiceView): string {
  const width = Math.max(24, ...v.lines.map((l) => l.description.length));
  const out = [
    `INVOICE ${v.number}`,
    `Issued ${v.issuedAt.slice(0, 10)} · ${v.currency}`,
    '',
    `From: ${party(v.seller)}`,
    `To:   ${party(v.buyer)}`,
    `Contract ${v.contractId}${v.milestoneId ? ` · milestone ${v.milestoneId}` : ''}`,
    ...(v.memo ? [v.memo] : []),
    '',
    `${'#'.padEnd(3)} ${'Description'.padEnd(width)} ${'Qty'.padStart(6)} ${'Amount'.padStart(16)}`,
    ...v.lines.map(
      (l) =>
        `${String(l.position).padEnd(3)} ${l.description.padEnd(width)} ${l.quantity.padStart(6)} ${l.amount.display.padStart(16)}`,
    ),
    '',
    ...totals(v).map(([k, val]) => `${k.padEnd(width + 11)} ${val.padStart(16)}`),
  ];
  return out.join('\n');
}

/** The invoice as a standalone HTML document; every value from the database is escaped. */
export function renderInvoiceHtml(v: InvoiceView): string {
  const e = escapeHtml;
  const lineRows = v.lines
    .map(
      (l) =>
        `<tr><td>${l.position}</td><td>${e(l.description)}</td><td class="n">${e(l.quantity)}</td>` +
        `<td class="n">${e(l.amount.display)}</td></tr>`,
    )
    .join('\n');
  const totalRows = totals(v)
    .map(([k, val]) => `<tr><th colspan="3">${e(k)}</th><td class="n">${e(val)}</td></tr>`)
    .join('\n');
  const partyHtml = (role: string, p: InvoiceView['seller']) =>
    `<div class="party"><h2>${role}</h2><p>${e(p.name)}</p>` +
    (p.country ? `<p>${e(p.country)}</p>` : '') +
    (p.taxId ? `<p>Tax id ${e(p.taxId)}</p>` : '') +
    '</div>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Invoice ${e(v.number)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#111}
table{width:100%;border-collapse:collapse}td,th{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left}
.n{text-align:right;white-space:nowrap}.parties{display:flex;gap:3rem}
</style>
</head>
<body>
<h1>Invoice ${e(v.number)}</h1>
<p>Issued ${e(v.issuedAt.slice(0, 10))} · ${e(v.currency)} · contract ${e(v.contractId)}${
    v.milestoneId ? ` · milestone ${e(v.milestoneId)}` : ''
  }</p>
${v.memo ? `<p>${e(v.memo)}</p>` : ''}
<div class="parties">${partyHtml('From', v.seller)}${partyHtml('To', v.buyer)}</div>
<table>
<thead><tr><th>#</th><th>Description</th><th class="n">Qty</th><th class="n">Amount</th></tr></thead>
<tbody>
${lineRows}
</tbody>
<tfoot>
${totalRows}
</tfoot>
</table>
</body>
</html>
`;
}
