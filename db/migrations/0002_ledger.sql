-- Double-entry ledger. Money only moves as a transfer whose entries sum to zero; balances are derived
-- from entries and cached on the account, where a CHECK keeps every non-external account >= 0.

CREATE TABLE ledger_accounts (
  id TEXT PRIMARY KEY,
  -- client_wallet / freelancer_wallet: owner is a user; escrow: owner is a hold; platform_fees: owner 'platform';
  -- external_in / external_out: the world outside (card payments in, payouts out); only these may go negative.
  kind TEXT NOT NULL CHECK (kind IN ('client_wallet', 'freelancer_wallet', 'escrow', 'platform_fees', 'external_in', 'external_out')),
  owner_id TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  balance_minor INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (kind, owner_id, currency),
  CHECK (balance_minor >= 0 OR kind IN ('external_in', 'external_out'))
);

CREATE TABLE ledger_transfers (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'escrow_fund', 'escrow_release', 'escrow_refund', 'dispute_split', 'hourly_bill', 'adjustment')),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  ref_kind TEXT,
  ref_id TEXT,
  memo TEXT NOT NULL DEFAULT '',
  actor_id TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX ledger_transfers_ref ON ledger_transfers(ref_kind, ref_id);

-- Entries are written first and their transfer last (deferred foreign key), so the transfer's insert
-- trigger can refuse any transfer whose entries do not sum to zero.
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  transfer_id TEXT NOT NULL REFERENCES ledger_transfers(id) DEFERRABLE INITIALLY DEFERRED,
  account_id TEXT NOT NULL REFERENCES ledger_accounts(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3)
);
CREATE INDEX ledger_entries_transfer ON ledger_entries(transfer_id);
CREATE INDEX ledger_entries_account ON ledger_entries(account_id, id);

CREATE TRIGGER ledger_transfer_balanced BEFORE INSERT ON ledger_transfers
BEGIN
  SELECT RAISE(ABORT, 'ledger: a transfer needs at least two entries')
   WHERE (SELECT count(*) FROM ledger_entries WHERE transfer_id = NEW.id) < 2;
  SELECT RAISE(ABORT, 'ledger: entries of a transfer must sum to zero')
   WHERE (SELECT coalesce(sum(amount_minor), 0) FROM ledger_entries WHERE transfer_id = NEW.id) <> 0;
  SELECT RAISE(ABORT, 'ledger: entries must be in the transfer currency')
   WHERE EXISTS (SELECT 1 FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                  WHERE e.transfer_id = NEW.id AND (e.currency <> NEW.currency OR a.currency <> NEW.currency));
END;

-- History is immutable: a mistake is corrected by a new transfer, never by editing one.
CREATE TRIGGER ledger_entries_immutable_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger: entries are immutable'); END;
CREATE TRIGGER ledger_entries_immutable_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger: entries are immutable'); END;
CREATE TRIGGER ledger_transfers_immutable_update BEFORE UPDATE ON ledger_transfers
BEGIN SELECT RAISE(ABORT, 'ledger: transfers are immutable'); END;
CREATE TRIGGER ledger_transfers_immutable_delete BEFORE DELETE ON ledger_transfers
BEGIN SELECT RAISE(ABORT, 'ledger: transfers are immutable'); END;

-- Escrow for one milestone (or one hourly week / retainer period): money moved from the client wallet into
-- its own escrow account. It resolves by releases (to the freelancer, minus the fee) and refunds (to the
-- client) that together can never exceed what was held.
CREATE TABLE escrow_holds (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL REFERENCES contracts(id),
  milestone_id TEXT REFERENCES milestones(id),
  period TEXT,
  client_id TEXT NOT NULL REFERENCES users(id),
  freelancer_id TEXT NOT NULL REFERENCES users(id),
  escrow_account_id TEXT NOT NULL UNIQUE REFERENCES ledger_accounts(id),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  released_minor INTEGER NOT NULL DEFAULT 0 CHECK (released_minor >= 0),
  refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
  status TEXT NOT NULL CHECK (status IN ('held', 'disputed', 'settled')),
  created_at TEXT NOT NULL,
  settled_at TEXT,
  CHECK (released_minor + refunded_minor <= amount_minor),
  CHECK (status <> 'settled' OR released_minor + refunded_minor = amount_minor)
);
CREATE INDEX escrow_holds_contract ON escrow_holds(contract_id);
-- One live hold per milestone: funding twice is refused by the schema, not only by code.
CREATE UNIQUE INDEX escrow_holds_one_per_milestone ON escrow_holds(milestone_id) WHERE milestone_id IS NOT NULL;
CREATE UNIQUE INDEX escrow_holds_one_per_period ON escrow_holds(contract_id, period) WHERE period IS NOT NULL;

-- Idempotency: the first receipt of a money call, by key. A replay with the same request returns it and
-- writes nothing; the same key with a different request is a conflict.
CREATE TABLE idempotency_keys (
  actor_id TEXT NOT NULL REFERENCES users(id),
  key TEXT NOT NULL CHECK (length(key) BETWEEN 8 AND 200),
  tool TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response TEXT NOT NULL CHECK (json_valid(response)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (actor_id, key)
) WITHOUT ROWID;
