import { z } from 'zod';
import { listInvoices as findInvoices } from '../../db/queries/invoices';
import { defineTool } from '../define';
import { Id, Page } from '../shared/schemas';
import { amountOf, InvoiceSummary } from './schemas';

export const listInvoices = defineTool({
  name: 'list_invoices',
  title: 'List invoices',
  description:
    'Your invoices, newest first and paged: as a client those billed to you, as a freelancer those you issued ' +
    '(one per escrow release); admins see every invoice. Optionally only one contract’s. Each has its number, ' +
    'date, contract and milestone, both parties and the total; get_invoice returns one in full.',
  roles: ['client', 'freelancer', 'admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({
    contractId: Id('Contract').optional().describe('Only invoices of this contract'),
    ...Page,
  }),
  output: z.object({
    total: z.number().int().describe('All matching invoices, not just this page'),
    invoices: z.array(InvoiceSummary),
  }),
  async run(ctx, input) {
    const { total, rows } = await findInvoices(ctx.db, {
      ...(ctx.actor.role === 'admin' ? {} : { userId: ctx.actor.id }),
      ...(input.contractId ? { contractId: input.contractId } : {}),
      limit: input.limit,
      offset: input.offset,
    });
    return {
      total,
      invoices: rows.map((i) => ({
        id: i.id,
        number: i.number,
        source: i.source,
        issuedAt: i.issued_at,
        contractId: i.contract_id,
        milestoneId: i.milestone_id,
        currency: i.currency,
        total: amountOf(Number(i.total_minor), i.currency),
        sellerName: i.seller_name,
        buyerName: i.buyer_name,
      })),
    };
  },
});
