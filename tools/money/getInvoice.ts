import { z } from 'zod';
import { getInvoice as findInvoice } from '../../db/queries/invoices';
import { defineTool } from '../define';
import { notFound } from '../errors';
import { requireInvoiceReader } from './access';
import { invoiceView, renderInvoiceHtml, renderInvoiceText } from './invoiceView';
import { InvoiceView } from './schemas';

export const getInvoice = defineTool({
  name: 'get_invoice',
  title: 'Get an invoice',
  description:
    'One invoice, by id (inv_…) or number (INV-2026-000123), for either party of its contract or an admin. ' +
    'Invoices are issued automatically whenever escrow is released to a freelancer: the freelancer bills the ' +
    'client. Returns the parties (with tax ids when known), line items, subtotal, tax (VAT/GST, included in the ' +
    'total; 0 unless set), total in integer minor units with the currency, and the same invoice rendered as ' +
    'plain text and as an HTML document. The platform fee and the net paid to the freelancer are shown to the ' +
    'freelancer and admins only.',
  roles: ['client', 'freelancer', 'admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    invoiceId: z.string().min(3).max(64).describe('Invoice id (inv_…) or number (INV-2026-000123)'),
  }),
  output: z.object({ invoice: InvoiceView, text: z.string(), html: z.string() }),
  async authorize(ctx, input) {
    const found = await findInvoice(ctx.db, input.invoiceId);
    if (!found) throw notFound('invoice', input.invoiceId);
    requireInvoiceReader(ctx, found.invoice);
  },
  async run(ctx, input) {
    const found = await findInvoice(ctx.db, input.invoiceId);
    if (!found) throw notFound('invoice', input.invoiceId);
    const view = invoiceView(found, requireInvoiceReader(ctx, found.invoice));
    return { invoice: view, text: renderInvoiceText(view), html: renderInvoiceHtml(view) };
  },
});
