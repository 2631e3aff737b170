import { z } from 'zod';
import { formatMinor } from '../../db/queries/ledger';
import { Currency, MilestoneView, MinorUnits } from '../shared/schemas';

/** An amount a person reads too: integer minor units, the currency, and "$1,234.56". */
export const Amount = z.object({
  amount: z.number().int().describe('Integer minor units (cents); negative when money left you'),
  currency: Currency,
  display: z.string().describe('The amount formatted for people, e.g. "$1,234.56"'),
});
export type Amount = z.infer<typeof Amount>;

export const amountOf = (amount: number, currency: string): Amount => ({
  amount,
  currency,
  display: formatMinor(amount, currency),
});

/** Money a caller asks to move: more than zero, whole minor units. */
export const PositiveMoney = z.object({
  amount: MinorUnits.min(1, 'Amount must be more than zero.'),
  currency: Currency,
});

export const BalanceLine = z.object({
  currency: Currency,
  available: Amount.describe('In your wallet, spendable now'),
  inEscrow: Amount.describe(
    'Clients: what you funded that is still held in escrow. Freelancers: escrow waiting to be released to you',
  ),
  pendingPayouts: Amount.describe('Withdrawn from your wallet, not yet confirmed paid out'),
});

export const TransactionKind = z.enum([
  'deposit',
  'withdrawal',
  'escrow_fund',
  'escrow_release',
  'escrow_refund',
  'dispute_split',
  'hourly_bill',
  'adjustment',
]);

export const TransactionReference = z.object({
  kind: z.enum(['milestone', 'hold', 'payment', 'payout', 'other']),
  id: z.string(),
  contractId: z.string().nullable(),
});

export const TransactionView = z.object({
  transferId: z.string(),
  kind: TransactionKind,
  amount: Amount.describe('Signed for you: positive came into your wallet, negative left it'),
  description: z.string().describe('What happened and with whom'),
  counterpart: z.string().describe('The other side: a person, escrow, a payment provider or the platform'),
  reference: TransactionReference.nullable(),
  createdAt: z.string(),
});
export type TransactionView = z.infer<typeof TransactionView>;

export const PayoutView = z.object({
  id: z.string(),
  status: z.enum(['requested', 'paid', 'failed']),
  amount: Amount,
  provider: z.string(),
  transferId: z.string(),
  createdAt: z.string(),
});

export const MilestoneMoney = z.object({
  milestone: MilestoneView,
  contractId: z.string(),
  holdId: z.string(),
  transferId: z.string().describe('The ledger transfer this call posted'),
  held: Amount.describe('Funded into escrow for this milestone'),
  released: Amount.describe('Released to the freelancer so far (before the platform fee)'),
  refunded: Amount.describe('Refunded to the client so far'),
  remaining: Amount.describe('Still held in escrow'),
  escrowStatus: z.enum(['held', 'disputed', 'settled']),
});

export const InvoiceLineView = z.object({
  position: z.number().int(),
  kind: z.enum(['work', 'platform_fee', 'adjustment']),
  description: z.string(),
  quantity: z.string(),
  unitAmount: Amount.nullable(),
  amount: Amount,
});

export const InvoiceParty = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  taxId: z.string().nullable().describe('VAT / GST / tax number when known'),
});

export const InvoiceView = z.object({
  id: z.string(),
  number: z.string().describe('Sequential per year: INV-2026-000123'),
  source: z.enum(['milestone', 'dispute', 'hourly', 'retainer']),
  issuedAt: z.string(),
  contractId: z.string(),
  milestoneId: z.string().nullable(),
  transferId: z.string(),
  seller: InvoiceParty.describe('The freelancer, who bills'),
  buyer: InvoiceParty.describe('The client, who pays'),
  currency: Currency,
  lines: z.array(InvoiceLineView),
  subtotal: Amount.describe('Total without tax'),
  tax: z.object({
    label: z.string().nullable().describe('VAT, GST… null when no tax applies'),
    rateBps: z.number().int().describe('Basis points: 2000 = 20%'),
    amount: Amount,
  }),
  total: Amount.describe('What the client paid from escrow, tax included'),
  platformFee: Amount.nullable().describe('Kept by the platform; shown to the freelancer and admins only'),
  netToFreelancer: Amount.nullable().describe('What reached the freelancer; freelancer and admins only'),
  memo: z.string(),
});
export type InvoiceView = z.infer<typeof InvoiceView>;

export const InvoiceSummary = InvoiceView.pick({
  id: true,
  number: true,
  source: true,
  issuedAt: true,
  contractId: true,
  milestoneId: true,
  currency: true,
  total: true,
}).extend({ sellerName: z.string(), buyerName: z.string() });
