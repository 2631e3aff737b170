-- Disputes that freeze an escrow hold until an admin resolves them; hourly weeks and retainer periods billed
-- against their own holds; dated exchange rates for quotes.

-- A dispute on one escrow hold (a milestone's, an hourly week's or a retainer period's). While it is open the
-- hold is 'disputed' and neither release nor refund moves it; resolving it moves what the hold still holds.
CREATE TABLE disputes (
  id TEXT PRIMARY KEY,
  hold_id TEXT NOT NULL REFERENCES escrow_holds(id),
  contract_id TEXT NOT NULL REFERENCES contracts(id),
  milestone_id TEXT REFERENCES milestones(id),
  period TEXT,
  opened_by TEXT NOT NULL REFERENCES users(id),
  opened_by_role TEXT NOT NULL CHECK (opened_by_role IN ('client', 'freelancer')),
  reason TEXT NOT NULL CHECK (reason IN ('not_delivered', 'quality', 'scope', 'hours', 'payment', 'communication', 'other')),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  -- What the hold still held when the dispute was resolved, and how it was divided.
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('release', 'refund', 'split')),
  freelancer_share_bps INTEGER CHECK (freelancer_share_bps IS NULL OR freelancer_share_bps BETWEEN 0 AND 10000),
  disputed_minor INTEGER CHECK (disputed_minor IS NULL OR disputed_minor >= 0),
  released_minor INTEGER CHECK (released_minor IS NULL OR released_minor >= 0),
  fee_minor INTEGER CHECK (fee_minor IS NULL OR fee_minor >= 0),
  refunded_minor INTEGER CHECK (refunded_minor IS NULL OR refunded_minor >= 0),
  resolution_note TEXT,
  resolved_by TEXT REFERENCES users(id),
  invoice_id TEXT,
  created_at TEXT NOT NULL,
  resolved_at TEXT,
  CHECK (status = 'open' OR (outcome IS NOT NULL AND resolved_by IS NOT NULL AND resolved_at IS NOT NULL
                             AND released_minor + refunded_minor = disputed_minor)),
  CHECK (fee_minor IS NULL OR fee_minor <= released_minor)
);
CREATE UNIQUE INDEX disputes_one_open_per_hold ON disputes(hold_id) WHERE status = 'open';
CREATE INDEX disputes_contract ON disputes(contract_id, created_at);
CREATE INDEX disputes_status ON disputes(status, created_at);

CREATE TABLE dispute_evidence (
  id TEXT PRIMARY KEY,
  dispute_id TEXT NOT NULL REFERENCES disputes(id),
  author_id TEXT NOT NULL REFERENCES users(id),
  author_role TEXT NOT NULL CHECK (author_role IN ('client', 'freelancer', 'admin')),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  -- JSON array of URLs.
  links TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(links)),
  created_at TEXT NOT NULL
);
CREATE INDEX dispute_evidence_dispute ON dispute_evidence(dispute_id, created_at);

-- One funded billing period of an hourly contract (an ISO week, '2026-W48') or a retainer ('2026-11'):
-- the terms at funding time, kept so a later rate change never reprices money already held.
CREATE TABLE billing_periods (
  hold_id TEXT PRIMARY KEY REFERENCES escrow_holds(id),
  contract_id TEXT NOT NULL REFERENCES contracts(id),
  kind TEXT NOT NULL CHECK (kind IN ('hourly_week', 'retainer_month')),
  period TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  -- hourly: the rate per hour and the hours funded; retainer: NULL.
  rate_minor INTEGER CHECK (rate_minor IS NULL OR rate_minor > 0),
  funded_hours INTEGER CHECK (funded_hours IS NULL OR funded_hours BETWEEN 1 AND 168),
  status TEXT NOT NULL CHECK (status IN ('funded', 'billed', 'released', 'disputed_settled')),
  billed_minutes INTEGER CHECK (billed_minutes IS NULL OR billed_minutes >= 0),
  unpaid_minutes INTEGER CHECK (unpaid_minutes IS NULL OR unpaid_minutes >= 0),
  created_at TEXT NOT NULL,
  closed_at TEXT,
  UNIQUE (contract_id, period),
  CHECK (kind <> 'hourly_week' OR (rate_minor IS NOT NULL AND funded_hours IS NOT NULL))
);

-- Which time logs a week's bill paid (or a dispute settled), so no log is ever paid twice.
CREATE TABLE billed_time_logs (
  time_log_id TEXT PRIMARY KEY REFERENCES time_logs(id),
  hold_id TEXT NOT NULL REFERENCES escrow_holds(id),
  -- Minutes of this log the bill paid (a log can be paid in part when the hold ran out); NULL for a dispute.
  minutes_paid INTEGER CHECK (minutes_paid IS NULL OR minutes_paid >= 0),
  source TEXT NOT NULL CHECK (source IN ('bill', 'dispute')),
  billed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX billed_time_logs_hold ON billed_time_logs(hold_id);

-- Currencies the platform can quote, with their ISO 4217 minor-unit exponent (JPY 0, USD 2, KWD 3).
CREATE TABLE fx_currencies (
  code TEXT PRIMARY KEY CHECK (length(code) = 3 AND code = upper(code)),
  name TEXT NOT NULL,
  exponent INTEGER NOT NULL CHECK (exponent BETWEEN 0 AND 4)
) WITHOUT ROWID;

-- 1 unit of base = rate_num / rate_den units of quote (major units), as of a date. An exact rational from the
-- published decimal ("0.9215" = 9215/10000): never a float. Quotes only; balances never convert.
CREATE TABLE fx_rates (
  base TEXT NOT NULL REFERENCES fx_currencies(code),
  quote TEXT NOT NULL REFERENCES fx_currencies(code),
  as_of TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  rate_num INTEGER NOT NULL CHECK (rate_num > 0),
  rate_den INTEGER NOT NULL CHECK (rate_den > 0),
  source TEXT NOT NULL DEFAULT 'reference',
  PRIMARY KEY (base, quote, as_of),
  CHECK (base <> quote)
) WITHOUT ROWID;
