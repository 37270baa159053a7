-- A bank at schema version 3: migrations 1 to 3 of src/store/sqlite.c as
-- shipped (commit 323a194) and their schema_version rows (schema-v2.sql, then
-- migration 3). The migration test builds an old bank from this; never edit it.

CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);

-- migration 1
CREATE TABLE kb (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  parser_version INTEGER NOT NULL,
  imported_at INTEGER NOT NULL
);

CREATE TABLE level_def (
  kb_id INTEGER NOT NULL REFERENCES kb(id),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
  label TEXT NOT NULL,
  audience TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (kb_id, level)
);

CREATE TABLE topic (
  id INTEGER PRIMARY KEY,
  kb_id INTEGER NOT NULL REFERENCES kb(id),
  key TEXT NOT NULL,
  number INTEGER NOT NULL DEFAULT 0,
  ordinal INTEGER NOT NULL,
  title TEXT NOT NULL,
  concept TEXT NOT NULL DEFAULT '',
  source_line INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  UNIQUE (kb_id, key)
);

CREATE TABLE level_block (
  id INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL REFERENCES topic(id),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
  label TEXT NOT NULL,
  subtopics TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(subtopics)),
  source_line INTEGER NOT NULL,
  UNIQUE (topic_id, level)
);

CREATE TABLE item (
  id TEXT PRIMARY KEY,
  kb_id INTEGER NOT NULL REFERENCES kb(id),
  topic_id INTEGER NOT NULL REFERENCES topic(id),
  kind TEXT NOT NULL CHECK (kind IN ('level_qa', 'interview_qa', 'scenario')),
  level INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 9),
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  version INTEGER NOT NULL CHECK (version >= 1),
  position INTEGER NOT NULL,
  source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE INDEX item_by_kb ON item(kb_id, topic_id, position);

CREATE TABLE item_version (
  item_id TEXT NOT NULL REFERENCES item(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  kind TEXT NOT NULL,
  level INTEGER,
  topic_id INTEGER NOT NULL REFERENCES topic(id),
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  detail TEXT CHECK (detail IS NULL OR json_valid(detail)),
  content_hash TEXT NOT NULL,
  source_file TEXT NOT NULL,
  source_line INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, version)
);

CREATE TABLE item_status (
  id INTEGER PRIMARY KEY,
  item_id TEXT NOT NULL REFERENCES item(id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  event TEXT NOT NULL CHECK (event IN ('added', 'changed', 'retired', 'restored')),
  at INTEGER NOT NULL
);

CREATE INDEX item_status_by_item ON item_status(item_id, id);

INSERT INTO schema_version (version, applied_at) VALUES (1, 1700000000);

-- migration 2
CREATE TABLE attempt (
  id INTEGER PRIMARY KEY,
  kb_id INTEGER NOT NULL REFERENCES kb(id),
  kind TEXT NOT NULL CHECK (kind IN ('quiz', 'assessment')),
  person TEXT NOT NULL DEFAULT '',
  form TEXT,
  simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
  seed INTEGER NOT NULL DEFAULT 0,
  config TEXT CHECK (config IS NULL OR json_valid(config)),
  state TEXT CHECK (state IS NULL OR json_valid(state)),
  status TEXT NOT NULL CHECK (status IN ('open', 'finished')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE INDEX attempt_by_kb ON attempt(kb_id, id);

CREATE TABLE response (
  attempt_id INTEGER NOT NULL REFERENCES attempt(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  item_id TEXT NOT NULL REFERENCES item(id),
  item_version INTEGER NOT NULL,
  qtype TEXT NOT NULL CHECK (qtype IN ('mcq', 'tf', 'cloze', 'match', 'short', 'scenario')),
  score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
  choice INTEGER,
  answer_key INTEGER,
  options TEXT CHECK (options IS NULL OR json_valid(options)),
  answer TEXT,
  request_id TEXT,
  seconds REAL,
  at INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, seq),
  UNIQUE (attempt_id, request_id)
);

CREATE INDEX response_by_item ON response(item_id);

CREATE TABLE calibration (
  id INTEGER PRIMARY KEY,
  kb_id INTEGER NOT NULL REFERENCES kb(id),
  model TEXT NOT NULL CHECK (model IN ('rasch', '2pl')),
  persons INTEGER NOT NULL,
  responses INTEGER NOT NULL,
  cycles INTEGER NOT NULL,
  converged INTEGER NOT NULL CHECK (converged IN (0, 1)),
  loglik REAL NOT NULL,
  logprior REAL NOT NULL,
  settings TEXT CHECK (settings IS NULL OR json_valid(settings)),
  at INTEGER NOT NULL
);

CREATE INDEX calibration_by_kb ON calibration(kb_id, id);

CREATE TABLE item_param (
  item_id TEXT PRIMARY KEY REFERENCES item(id),
  calibration_id INTEGER NOT NULL REFERENCES calibration(id),
  a REAL NOT NULL,
  d REAL NOT NULL,
  n REAL NOT NULL CHECK (n >= 0)
);

INSERT INTO schema_version (version, applied_at) VALUES (2, 1700000000);

-- migration 3
CREATE TABLE attempt_v3 (
  id INTEGER PRIMARY KEY,
  kb_id INTEGER REFERENCES kb(id),
  kind TEXT NOT NULL CHECK (kind IN ('quiz', 'assessment', 'review')),
  person TEXT NOT NULL DEFAULT '',
  form TEXT,
  simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
  seed INTEGER NOT NULL DEFAULT 0,
  config TEXT CHECK (config IS NULL OR json_valid(config)),
  state TEXT CHECK (state IS NULL OR json_valid(state)),
  status TEXT NOT NULL CHECK (status IN ('open', 'finished')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
INSERT INTO attempt_v3 (id, kb_id, kind, person, form, simulated, seed, config, state,
   status, created_at, updated_at) SELECT id, kb_id, kind, person, form, simulated, seed,
   config, state, status, created_at, updated_at FROM attempt;
DROP TABLE attempt;
ALTER TABLE attempt_v3 RENAME TO attempt;
CREATE INDEX attempt_by_kb ON attempt(kb_id, id);
CREATE INDEX attempt_by_person ON attempt(person, id);
ALTER TABLE response ADD COLUMN grade TEXT CHECK (grade IS NULL OR json_valid(grade));
CREATE TABLE person (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL);
INSERT INTO person (name, created_at) SELECT person, min(created_at) FROM attempt   WHERE person <> '' GROUP BY person;
CREATE TABLE presentation (
  attempt_id INTEGER NOT NULL REFERENCES attempt(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  item_id TEXT NOT NULL REFERENCES item(id),
  item_version INTEGER NOT NULL,
  qtype TEXT NOT NULL CHECK (qtype IN ('mcq', 'tf', 'cloze', 'match', 'short', 'scenario')),
  question TEXT NOT NULL CHECK (json_valid(question)),
  shown_at INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, seq));
CREATE TABLE review_card (
  person TEXT NOT NULL,
  item_id TEXT NOT NULL REFERENCES item(id),
  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
  stability REAL NOT NULL,
  difficulty REAL NOT NULL,
  due INTEGER NOT NULL,
  last_review INTEGER NOT NULL,
  reps INTEGER NOT NULL,
  lapses INTEGER NOT NULL,
  step INTEGER NOT NULL,
  scheduled_days REAL NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (person, item_id));
CREATE INDEX review_card_due ON review_card(person, due);

INSERT INTO schema_version (version, applied_at) VALUES (3, 1700000100);
