-- Core marketplace schema. Money is always an integer amount of minor units plus an ISO 4217 code.
-- Timestamps are ISO 8601 UTC strings. Ids are prefixed text ("usr_…", "prj_…").

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('client', 'freelancer', 'admin')),
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  handle TEXT UNIQUE,
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  country TEXT NOT NULL CHECK (length(country) = 2),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at TEXT NOT NULL
);
CREATE INDEX users_role ON users(role);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL DEFAULT 'default',
  prefix TEXT NOT NULL,
  -- SHA-256 of the whole key: keys are 256-bit random, so a slow hash adds nothing; the clear key is never stored.
  key_hash TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_keys_user ON api_keys(user_id);

CREATE TABLE categories (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE industries (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE skills (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  category TEXT NOT NULL REFERENCES categories(slug)
);

CREATE TABLE freelancer_profiles (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  headline TEXT NOT NULL CHECK (length(headline) BETWEEN 1 AND 200),
  bio TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL REFERENCES categories(slug),
  hourly_rate_minor INTEGER NOT NULL CHECK (hourly_rate_minor >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  availability TEXT NOT NULL CHECK (availability IN ('full_time', 'part_time', 'limited', 'unavailable')),
  hours_per_week INTEGER NOT NULL DEFAULT 40 CHECK (hours_per_week BETWEEN 0 AND 80),
  rating REAL CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
  reviews_count INTEGER NOT NULL DEFAULT 0 CHECK (reviews_count >= 0),
  jobs_completed INTEGER NOT NULL DEFAULT 0 CHECK (jobs_completed >= 0),
  verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
  updated_at TEXT NOT NULL
);
CREATE INDEX freelancer_profiles_category ON freelancer_profiles(category);

CREATE TABLE profile_industries (
  user_id TEXT NOT NULL REFERENCES freelancer_profiles(user_id) ON DELETE CASCADE,
  industry TEXT NOT NULL REFERENCES industries(slug),
  PRIMARY KEY (user_id, industry)
) WITHOUT ROWID;
CREATE INDEX profile_industries_industry ON profile_industries(industry);

CREATE TABLE profile_skills (
  user_id TEXT NOT NULL REFERENCES freelancer_profiles(user_id) ON DELETE CASCADE,
  skill_id TEXT NOT NULL REFERENCES skills(id),
  years INTEGER NOT NULL DEFAULT 1 CHECK (years BETWEEN 0 AND 60),
  PRIMARY KEY (user_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX profile_skills_skill ON profile_skills(skill_id);

CREATE TABLE case_studies (
  id TEXT PRIMARY KEY,
  freelancer_id TEXT NOT NULL REFERENCES freelancer_profiles(user_id) ON DELETE CASCADE,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL,
  -- JSON array of {label, value}: "conversion +18%", "p95 latency 120 ms".
  metrics TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(metrics)),
  industry TEXT REFERENCES industries(slug),
  created_at TEXT NOT NULL
);
CREATE INDEX case_studies_freelancer ON case_studies(freelancer_id);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  description TEXT NOT NULL,
  category TEXT NOT NULL REFERENCES categories(slug),
  industry TEXT REFERENCES industries(slug),
  pricing TEXT NOT NULL CHECK (pricing IN ('fixed', 'hourly')),
  budget_min_minor INTEGER NOT NULL CHECK (budget_min_minor >= 0),
  budget_max_minor INTEGER NOT NULL CHECK (budget_max_minor >= budget_min_minor),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  timeline_weeks INTEGER CHECK (timeline_weeks IS NULL OR timeline_weeks BETWEEN 1 AND 520),
  deadline TEXT,
  status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'in_progress', 'completed', 'cancelled')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX projects_client ON projects(client_id, created_at);
CREATE INDEX projects_status ON projects(status, created_at);

CREATE TABLE project_skills (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  skill_id TEXT NOT NULL REFERENCES skills(id),
  PRIMARY KEY (project_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX project_skills_skill ON project_skills(skill_id);

-- Which structured requirements each category asks for (a web app: platforms, stack; a logo: formats…).
CREATE TABLE category_requirement_fields (
  category TEXT NOT NULL REFERENCES categories(slug),
  field TEXT NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'list', 'number', 'boolean')),
  required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  PRIMARY KEY (category, field)
) WITHOUT ROWID;

CREATE TABLE project_requirements (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  value TEXT NOT NULL CHECK (json_valid(value)),
  PRIMARY KEY (project_id, field)
) WITHOUT ROWID;

-- Full-text search over projects, keyed by the project rowid; written in the transaction that changes the project.
CREATE VIRTUAL TABLE projects_fts USING fts5(
  project_id UNINDEXED,
  title,
  description,
  skills,
  tokenize = 'porter unicode61'
);

CREATE TABLE proposals (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  freelancer_id TEXT NOT NULL REFERENCES freelancer_profiles(user_id),
  cover_letter TEXT NOT NULL CHECK (length(cover_letter) BETWEEN 1 AND 10000),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  estimated_weeks INTEGER CHECK (estimated_weeks IS NULL OR estimated_weeks BETWEEN 1 AND 520),
  -- JSON array of {title, amount, dueInWeeks} the freelancer proposes; used when the client has none.
  milestones TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(milestones)),
  status TEXT NOT NULL CHECK (status IN ('submitted', 'shortlisted', 'accepted', 'rejected', 'withdrawn')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX proposals_project ON proposals(project_id, status);
CREATE INDEX proposals_freelancer ON proposals(freelancer_id, created_at);
CREATE UNIQUE INDEX proposals_one_live_per_freelancer ON proposals(project_id, freelancer_id)
  WHERE status <> 'withdrawn';

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  freelancer_id TEXT NOT NULL REFERENCES freelancer_profiles(user_id),
  message TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'declined')),
  created_at TEXT NOT NULL,
  UNIQUE (project_id, freelancer_id)
);

CREATE TABLE contracts (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  proposal_id TEXT UNIQUE REFERENCES proposals(id),
  client_id TEXT NOT NULL REFERENCES users(id),
  freelancer_id TEXT NOT NULL REFERENCES freelancer_profiles(user_id),
  kind TEXT NOT NULL CHECK (kind IN ('fixed', 'hourly', 'retainer')),
  -- fixed: the total; retainer: per month; hourly: 0 (see hourly_rate_minor).
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  hourly_rate_minor INTEGER CHECK (hourly_rate_minor IS NULL OR hourly_rate_minor >= 0),
  weekly_limit_hours INTEGER CHECK (weekly_limit_hours IS NULL OR weekly_limit_hours BETWEEN 1 AND 80),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'completed', 'cancelled')),
  deadline TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  CHECK (kind <> 'hourly' OR hourly_rate_minor IS NOT NULL)
);
CREATE INDEX contracts_client ON contracts(client_id);
CREATE INDEX contracts_freelancer ON contracts(freelancer_id);
CREATE INDEX contracts_project ON contracts(project_id);

CREATE TABLE milestones (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  contract_id TEXT REFERENCES contracts(id),
  position INTEGER NOT NULL CHECK (position >= 1),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description TEXT NOT NULL DEFAULT '',
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  due_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('planned', 'active', 'funded', 'submitted', 'approved', 'paid', 'refunded', 'cancelled')),
  submission_note TEXT,
  submitted_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX milestones_project ON milestones(project_id, position);
CREATE INDEX milestones_contract ON milestones(contract_id);

CREATE TABLE scope_change_requests (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL REFERENCES contracts(id),
  milestone_id TEXT REFERENCES milestones(id),
  requested_by TEXT NOT NULL REFERENCES users(id),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  amount_delta_minor INTEGER NOT NULL DEFAULT 0,
  new_deadline TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  responded_by TEXT REFERENCES users(id),
  response_note TEXT,
  created_at TEXT NOT NULL,
  responded_at TEXT
);
CREATE INDEX scope_change_requests_contract ON scope_change_requests(contract_id, status);

CREATE TABLE time_logs (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL REFERENCES contracts(id),
  freelancer_id TEXT NOT NULL REFERENCES freelancer_profiles(user_id),
  work_date TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  status TEXT NOT NULL DEFAULT 'logged' CHECK (status IN ('logged', 'approved', 'disputed')),
  created_at TEXT NOT NULL
);
CREATE INDEX time_logs_contract ON time_logs(contract_id, work_date);

CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  contract_id TEXT NOT NULL REFERENCES contracts(id),
  reviewer_id TEXT NOT NULL REFERENCES users(id),
  reviewee_id TEXT NOT NULL REFERENCES users(id),
  quality INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
  communication INTEGER NOT NULL CHECK (communication BETWEEN 1 AND 5),
  speed INTEGER NOT NULL CHECK (speed BETWEEN 1 AND 5),
  reliability INTEGER NOT NULL CHECK (reliability BETWEEN 1 AND 5),
  comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (contract_id, reviewer_id),
  CHECK (reviewer_id <> reviewee_id)
);
CREATE INDEX reviews_reviewee ON reviews(reviewee_id);

-- A money/admin (or otherwise guarded) call waiting for its person to press Confirm.
CREATE TABLE pending_actions (
  id TEXT PRIMARY KEY,
  actor_id TEXT NOT NULL REFERENCES users(id),
  tool TEXT NOT NULL,
  args TEXT NOT NULL CHECK (json_valid(args)),
  summary TEXT NOT NULL,
  channel TEXT NOT NULL,
  thread_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'executed', 'failed', 'cancelled')),
  result TEXT CHECK (result IS NULL OR json_valid(result)),
  error_code TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  resolved_at TEXT
);
CREATE INDEX pending_actions_actor ON pending_actions(actor_id, status);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_role TEXT,
  channel TEXT NOT NULL,
  tool TEXT NOT NULL,
  args TEXT NOT NULL CHECK (json_valid(args)),
  outcome TEXT NOT NULL,
  message TEXT,
  duration_ms REAL NOT NULL CHECK (duration_ms >= 0),
  pending_action_id TEXT
);
CREATE INDEX audit_log_actor ON audit_log(actor_id, at);
CREATE INDEX audit_log_tool ON audit_log(tool, at);
