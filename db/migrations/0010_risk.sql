-- Fraud risk: scored assessments (trust/risk/), the alerts admins work through, reports from users, and the
-- signals the older tables did not keep: which payment instruments each account used, and rate history.

-- One scoring of an account or a proposal, with the reasons and the model that produced it. Written where
-- risk appears (signup, submit_proposal, deposit, withdraw, open_dispute, a fraud report); kept even when
-- the action it guarded was refused.
CREATE TABLE risk_assessments (
  id TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('user', 'proposal')),
  -- The proposal id, or the user id; NULL for a proposal that was refused before it existed.
  subject_id TEXT,
  -- The account the score is about (the proposal's freelancer for a proposal).
  user_id TEXT NOT NULL REFERENCES users(id),
  project_id TEXT REFERENCES projects(id),
  trigger TEXT NOT NULL CHECK (length(trigger) BETWEEN 1 AND 40),
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  band TEXT NOT NULL CHECK (band IN ('low', 'medium', 'high')),
  decision TEXT NOT NULL CHECK (decision IN ('allow', 'review', 'block')),
  -- JSON array of {signal, points, reason}, largest first.
  reasons TEXT NOT NULL CHECK (json_valid(reasons) AND json_type(reasons) = 'array'),
  model_version TEXT NOT NULL CHECK (length(model_version) BETWEEN 1 AND 60),
  created_at TEXT NOT NULL
);
CREATE INDEX risk_assessments_user ON risk_assessments(user_id, created_at);
CREATE INDEX risk_assessments_created ON risk_assessments(created_at, band);

-- What an admin should look at: at most one open alert per account, bumped by every later blocked or
-- flagged action (occurrences) and raised to the worst score seen; resolved by dismissing, warning or
-- suspending the account.
CREATE TABLE risk_alerts (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  -- blocked: an action was refused; review: an action went through with a medium score; report: a user
  -- reported this account.
  kind TEXT NOT NULL CHECK (kind IN ('blocked', 'review', 'report')),
  band TEXT NOT NULL CHECK (band IN ('low', 'medium', 'high')),
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
  reasons TEXT NOT NULL CHECK (json_valid(reasons) AND json_type(reasons) = 'array'),
  -- The latest assessment behind the alert and what triggered it.
  assessment_id TEXT REFERENCES risk_assessments(id),
  trigger TEXT NOT NULL,
  project_id TEXT REFERENCES projects(id),
  occurrences INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
  blocked_count INTEGER NOT NULL DEFAULT 0 CHECK (blocked_count >= 0),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'warned', 'suspended')),
  resolved_by TEXT REFERENCES users(id),
  resolved_at TEXT,
  note TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((status = 'open') = (resolved_at IS NULL)),
  CHECK (status = 'open' OR resolved_by IS NOT NULL)
);
CREATE UNIQUE INDEX risk_alerts_one_open_per_user ON risk_alerts(user_id) WHERE status = 'open';
CREATE INDEX risk_alerts_queue ON risk_alerts(status, score, updated_at);
CREATE INDEX risk_alerts_user ON risk_alerts(user_id, created_at);

-- A user reporting another account (or one of its proposals). Reports feed the reported account's score.
CREATE TABLE fraud_reports (
  id TEXT PRIMARY KEY,
  reporter_id TEXT NOT NULL REFERENCES users(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  proposal_id TEXT REFERENCES proposals(id),
  reason TEXT NOT NULL CHECK (reason IN ('off_platform_payment', 'spam', 'fake_identity', 'scam', 'harassment', 'other')),
  details TEXT NOT NULL CHECK (length(details) BETWEEN 1 AND 2000),
  alert_id TEXT REFERENCES risk_alerts(id),
  created_at TEXT NOT NULL,
  CHECK (reporter_id <> user_id)
);
-- One report per reporter and subject: a grudge counts once.
CREATE UNIQUE INDEX fraud_reports_once ON fraud_reports(reporter_id, user_id, coalesce(proposal_id, ''));
CREATE INDEX fraud_reports_user ON fraud_reports(user_id, created_at);

-- Payment instruments seen per account, by the provider's fingerprint (Stripe card.fingerprint, a bank
-- account's hashed number): never the number itself. Many accounts on one instrument is a fraud signal.
-- The payments table keeps no instrument, so whoever learns one from a provider records it here
-- (recordPaymentInstrument in db/queries/risk.ts).
CREATE TABLE payment_instruments (
  provider TEXT NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) BETWEEN 8 AND 128),
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('card', 'bank_account', 'wallet')),
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  PRIMARY KEY (provider, fingerprint, user_id)
) WITHOUT ROWID;
CREATE INDEX payment_instruments_user ON payment_instruments(user_id);

-- Every change of a freelancer's hourly rate, written by the trigger below whoever changes the profile.
CREATE TABLE freelancer_rate_changes (
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  old_minor INTEGER NOT NULL CHECK (old_minor >= 0),
  old_currency TEXT NOT NULL CHECK (length(old_currency) = 3),
  new_minor INTEGER NOT NULL CHECK (new_minor >= 0),
  new_currency TEXT NOT NULL CHECK (length(new_currency) = 3),
  changed_at TEXT NOT NULL
);
CREATE INDEX freelancer_rate_changes_user ON freelancer_rate_changes(user_id, changed_at);

CREATE TRIGGER freelancer_rate_changes_on_update AFTER UPDATE OF hourly_rate_minor, currency ON freelancer_profiles
WHEN NEW.hourly_rate_minor <> OLD.hourly_rate_minor OR NEW.currency <> OLD.currency
BEGIN
  INSERT INTO freelancer_rate_changes (user_id, old_minor, old_currency, new_minor, new_currency, changed_at)
  VALUES (NEW.user_id, OLD.hourly_rate_minor, OLD.currency, NEW.hourly_rate_minor, NEW.currency, NEW.updated_at);
END;

-- The KPI and cohort queries (db/queries/kpis.ts) read these by time.
CREATE INDEX IF NOT EXISTS users_created ON users(created_at);
CREATE INDEX IF NOT EXISTS contracts_started ON contracts(started_at);
CREATE INDEX IF NOT EXISTS ledger_transfers_kind_created ON ledger_transfers(kind, created_at);
