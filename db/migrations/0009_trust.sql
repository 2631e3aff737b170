-- Trust: identity and company verification (KYC / KYB), feature flags with rollout and experiment tracking,
-- and freelancer reputation with badges.

-- Secrets this database keeps for itself. 'verification_fingerprint' keys the HMAC that fingerprints a
-- document number (an unkeyed SHA-256 of a 9-character passport number is a lookup away from the number). It
-- is created at random by the first submission (db/queries/verification.ts), so fresh databases stay identical.
CREATE TABLE trust_secrets (
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL CHECK (length(secret) = 64)
) WITHOUT ROWID;

-- One submission of evidence for a user's identity (individual) or business (company). The newest row per
-- (user, kind) is the current state; no row means unverified. The document is never stored: only its kind,
-- issuing country, an HMAC-SHA-256 fingerprint of its normalised number and the number's last 4 characters.
CREATE TABLE verifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL CHECK (kind IN ('individual', 'company')),
  evidence_kind TEXT NOT NULL CHECK (evidence_kind IN (
    'passport', 'national_id', 'driving_licence', 'residence_permit',
    'company_registration', 'tax_certificate', 'vat_registration')),
  issuing_country TEXT NOT NULL CHECK (length(issuing_country) = 2),
  -- The registered name of the company (public register data); NULL for an individual.
  company_name TEXT CHECK (company_name IS NULL OR length(company_name) BETWEEN 1 AND 200),
  fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
  last4 TEXT NOT NULL CHECK (length(last4) BETWEEN 1 AND 4),
  status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
  submitted_at TEXT NOT NULL,
  reviewed_by TEXT REFERENCES users(id),
  reviewed_at TEXT,
  reason TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 2000),
  CHECK ((kind = 'individual') = (evidence_kind IN ('passport', 'national_id', 'driving_licence', 'residence_permit'))),
  CHECK ((kind = 'company') = (company_name IS NOT NULL)),
  CHECK ((status = 'pending') = (reviewed_at IS NULL)),
  CHECK (status <> 'rejected' OR reason IS NOT NULL)
);
CREATE INDEX verifications_user ON verifications(user_id, kind, submitted_at);
CREATE INDEX verifications_queue ON verifications(status, submitted_at);
CREATE INDEX verifications_fingerprint ON verifications(fingerprint);
-- At most one live submission per user and kind: a new one only after a rejection.
CREATE UNIQUE INDEX verifications_one_live ON verifications(user_id, kind) WHERE status IN ('pending', 'verified');

-- A freelancer who was verified before creating their profile starts verified.
CREATE TRIGGER freelancer_profiles_verified_on_insert AFTER INSERT ON freelancer_profiles
WHEN NEW.verified = 0 AND EXISTS (SELECT 1 FROM verifications v WHERE v.user_id = NEW.user_id AND v.status = 'verified')
BEGIN
  UPDATE freelancer_profiles SET verified = 1 WHERE user_id = NEW.user_id;
END;

-- Feature flags. A user is in a flag when it is enabled, its targeting matches the user's server-side
-- attributes, and the user's rollout bucket (SHA-256 of flag and user, in [0, 10000)) is below rollout_bps.
CREATE TABLE feature_flags (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 3 AND 64 AND key NOT GLOB '*[^a-z0-9_]*' AND key GLOB '[a-z]*'),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  rollout_bps INTEGER NOT NULL DEFAULT 0 CHECK (rollout_bps BETWEEN 0 AND 10000),
  -- JSON array of {"key", "weight"}; empty for a plain on/off flag. "control" is an arm only when listed.
  variants TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(variants) AND json_type(variants) = 'array'),
  -- JSON object, every present condition must hold:
  -- {"roles": [...], "countries": [...], "excludeCountries": [...], "verified": true|false}
  targeting TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(targeting) AND json_type(targeting) = 'object'),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT REFERENCES users(id)
);

-- The first time a user was in a flag with a variant ('on' for a flag without variants). Written once.
CREATE TABLE flag_exposures (
  flag_key TEXT NOT NULL REFERENCES feature_flags(key),
  variant TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  first_seen_at TEXT NOT NULL,
  PRIMARY KEY (flag_key, variant, user_id)
) WITHOUT ROWID;
CREATE INDEX flag_exposures_user ON flag_exposures(user_id, flag_key);

-- A conversion event ("proposal_submitted", "contract_started"…) by a user after an exposure, attributed to
-- the variant they were exposed to. One row per user and event; occurrences counted.
CREATE TABLE flag_conversions (
  flag_key TEXT NOT NULL REFERENCES feature_flags(key),
  variant TEXT NOT NULL,
  event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 64),
  user_id TEXT NOT NULL REFERENCES users(id),
  occurrences INTEGER NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (flag_key, variant, event, user_id)
) WITHOUT ROWID;

-- A freelancer's reputation as last computed by refreshReputation (db/queries/reputation.ts): client review
-- averages per axis and delivery outcomes. Matching can join it; profiles read it.
CREATE TABLE freelancer_reputation (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  reviews_count INTEGER NOT NULL CHECK (reviews_count >= 0),
  quality_avg REAL CHECK (quality_avg IS NULL OR quality_avg BETWEEN 1 AND 5),
  communication_avg REAL CHECK (communication_avg IS NULL OR communication_avg BETWEEN 1 AND 5),
  speed_avg REAL CHECK (speed_avg IS NULL OR speed_avg BETWEEN 1 AND 5),
  reliability_avg REAL CHECK (reliability_avg IS NULL OR reliability_avg BETWEEN 1 AND 5),
  overall_avg REAL CHECK (overall_avg IS NULL OR overall_avg BETWEEN 1 AND 5),
  completed_contracts INTEGER NOT NULL CHECK (completed_contracts >= 0),
  delivered_milestones INTEGER NOT NULL CHECK (delivered_milestones >= 0),
  due_milestones INTEGER NOT NULL CHECK (due_milestones BETWEEN 0 AND delivered_milestones),
  on_time_deliveries INTEGER NOT NULL CHECK (on_time_deliveries BETWEEN 0 AND due_milestones),
  computed_at TEXT NOT NULL,
  CHECK ((reviews_count = 0) = (overall_avg IS NULL))
);

-- Badges a freelancer holds now (trust/badges.ts), with the figures that earned them.
CREATE TABLE freelancer_badges (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  badge TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(evidence)),
  earned_at TEXT NOT NULL,
  PRIMARY KEY (user_id, badge)
) WITHOUT ROWID;
CREATE INDEX freelancer_badges_badge ON freelancer_badges(badge);
