-- Money in and out of the marketplace, and the invoices written when escrow is released.
-- Amounts are integer minor units plus an ISO 4217 code, as everywhere else.

-- A card (or other) payment taken by a PaymentProvider for a deposit. The provider's payment id is unique:
-- a provider that reports the same payment twice is credited once.
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
  provider_payment_id TEXT NOT NULL CHECK (length(provider_payment_id) BETWEEN 1 AND 200),
  user_id TEXT NOT NULL REFERENCES users(id),
  -- The key sent to the provider: the same key never charges twice there.
  provider_key TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  -- pending: the provider has not settled it yet (nothing credited); succeeded: credited by transfer_id.
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  transfer_id TEXT REFERENCES ledger_transfers(id),
  created_at TEXT NOT NULL,
  settled_at TEXT,
  UNIQUE (provider, provider_payment_id),
  CHECK ((status = 'succeeded') = (transfer_id IS NOT NULL))
);
CREATE INDEX payments_user ON payments(user_id, created_at);

-- A withdrawal: the amount left the wallet (wallet → external_out) when the request was made; the payout
-- itself is paid by the provider later. A failed payout is returned by a new transfer (reversal_transfer_id).
CREATE TABLE payout_requests (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  wallet_kind TEXT NOT NULL CHECK (wallet_kind IN ('client_wallet', 'freelancer_wallet')),
  provider TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  status TEXT NOT NULL CHECK (status IN ('requested', 'paid', 'failed')),
  transfer_id TEXT NOT NULL UNIQUE REFERENCES ledger_transfers(id),
  reversal_transfer_id TEXT UNIQUE REFERENCES ledger_transfers(id),
  failure_reason TEXT,
  created_at TEXT NOT NULL,
  resolved_at TEXT,
  CHECK ((status = 'failed') = (reversal_transfer_id IS NOT NULL))
);
CREATE INDEX payout_requests_user ON payout_requests(user_id, status);

-- When a freelancer wants their wallet paid out automatically, per currency.
CREATE TABLE payout_schedules (
  user_id TEXT NOT NULL REFERENCES users(id),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'biweekly', 'monthly')),
  minimum_minor INTEGER NOT NULL CHECK (minimum_minor >= 0),
  next_run_on TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, currency)
) WITHOUT ROWID;

-- The last invoice number used in a year. Incremented in the same write transaction as the release that
-- issues the invoice, so numbers are gap-free within a year and never shared.
CREATE TABLE invoice_counters (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
  last_seq INTEGER NOT NULL CHECK (last_seq >= 1)
);

-- An invoice for money released to a freelancer: the freelancer (seller) bills the client (buyer). Names and
-- tax ids are copied when issued: an invoice never changes afterwards.
CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  source TEXT NOT NULL CHECK (source IN ('milestone', 'dispute', 'hourly', 'retainer')),
  contract_id TEXT NOT NULL REFERENCES contracts(id),
  milestone_id TEXT REFERENCES milestones(id),
  hold_id TEXT REFERENCES escrow_holds(id),
  -- The release transfer this invoice documents; one invoice per release.
  transfer_id TEXT NOT NULL UNIQUE REFERENCES ledger_transfers(id),
  client_id TEXT NOT NULL REFERENCES users(id),
  freelancer_id TEXT NOT NULL REFERENCES users(id),
  buyer_name TEXT NOT NULL,
  buyer_country TEXT,
  buyer_tax_id TEXT,
  seller_name TEXT NOT NULL,
  seller_country TEXT,
  seller_tax_id TEXT,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  -- total is exactly what was released from escrow; VAT / GST is included in it (0 unless a caller sets a
  -- rate): tax = total - floor(total * 10000 / (10000 + rate)), subtotal = total - tax.
  subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0),
  tax_label TEXT,
  tax_rate_bps INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bps BETWEEN 0 AND 10000),
  tax_minor INTEGER NOT NULL DEFAULT 0 CHECK (tax_minor >= 0),
  total_minor INTEGER NOT NULL CHECK (total_minor = subtotal_minor + tax_minor),
  -- The platform fee kept from the release and what reached the freelancer's wallet.
  fee_minor INTEGER NOT NULL CHECK (fee_minor >= 0),
  fee_rate_bps INTEGER NOT NULL DEFAULT 0 CHECK (fee_rate_bps BETWEEN 0 AND 10000),
  net_minor INTEGER NOT NULL CHECK (net_minor = total_minor - fee_minor),
  memo TEXT NOT NULL DEFAULT '',
  issued_at TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX invoices_client ON invoices(client_id, issued_at);
CREATE INDEX invoices_freelancer ON invoices(freelancer_id, issued_at);
CREATE INDEX invoices_contract ON invoices(contract_id);

CREATE TABLE invoice_lines (
  invoice_id TEXT NOT NULL REFERENCES invoices(id),
  position INTEGER NOT NULL CHECK (position >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('work', 'platform_fee', 'adjustment')),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  -- A label such as "1" or "12.5 h"; money is only ever in the *_minor columns.
  quantity TEXT NOT NULL DEFAULT '1',
  unit_amount_minor INTEGER,
  amount_minor INTEGER NOT NULL,
  -- all: both parties see the line; freelancer: only the freelancer (and admins) do, e.g. the platform fee.
  audience TEXT NOT NULL CHECK (audience IN ('all', 'freelancer')),
  PRIMARY KEY (invoice_id, position)
) WITHOUT ROWID;

CREATE TRIGGER invoices_immutable_update BEFORE UPDATE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are immutable'); END;
CREATE TRIGGER invoices_immutable_delete BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'invoices are immutable'); END;
CREATE TRIGGER invoice_lines_immutable_update BEFORE UPDATE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'invoice lines are immutable'); END;
CREATE TRIGGER invoice_lines_immutable_delete BEFORE DELETE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'invoice lines are immutable'); END;

-- Wallet summaries read escrow by party.
CREATE INDEX escrow_holds_client ON escrow_holds(client_id, status);
CREATE INDEX escrow_holds_freelancer ON escrow_holds(freelancer_id, status);
