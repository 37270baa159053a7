/*
 * store/sqlite — the SQLite backend: WAL, foreign keys, migrations recorded in
 * schema_version, statements prepared once. Opening looks before it writes:
 * another program's database is refused untouched, a bank without write
 * permission is opened read-only, a missing folder is an error. Writers wait
 * for each other (busy handler); readers never need a lock. Text read back is
 * checked (damage is a storage error). An overlay shows another store's
 * knowledge bases to reads (the bundled one, served without writing).
 */
#include "store/store.h"

#include "core/names.h"
#include "core/u8.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How long a writer waits for another process's write transaction. Imports
 * of large documents hold the lock for seconds, and several may queue up: two
 * minutes fit eight 15 MB imports at once. Not static: tests shorten it. */
int sqlite_busy_timeout_ms = 120000;
#define BUSY_TIMEOUT_MS sqlite_busy_timeout_ms

/* Ids of rows that an overlay (sq_overlay) shows start here. */
#define OVERLAY_ID_BASE "1099511627776" /* 2^40 */

/* ---- schema ---------------------------------------------------------- */

/* Each migration runs once, in its own transaction, in order. Never edit a
 * migration that has shipped: append a new one. */
static const char *const migrations[] = {
    /* 1: knowledge bases, topics, level blocks, items with versions and status history */
    "CREATE TABLE kb ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL DEFAULT '',"
    "  source TEXT NOT NULL,"
    "  content_hash TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  parser_version INTEGER NOT NULL,"
    "  imported_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE level_def ("
    "  kb_id INTEGER NOT NULL REFERENCES kb(id),"
    "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),"
    "  label TEXT NOT NULL,"
    "  audience TEXT NOT NULL,"
    "  description TEXT NOT NULL,"
    "  PRIMARY KEY (kb_id, level)"
    ");"
    "CREATE TABLE topic ("
    "  id INTEGER PRIMARY KEY,"
    "  kb_id INTEGER NOT NULL REFERENCES kb(id),"
    "  key TEXT NOT NULL,"
    "  number INTEGER NOT NULL DEFAULT 0,"
    "  ordinal INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  concept TEXT NOT NULL DEFAULT '',"
    "  source_line INTEGER NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),"
    "  UNIQUE (kb_id, key)"
    ");"
    "CREATE TABLE level_block ("
    "  id INTEGER PRIMARY KEY,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id),"
    "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),"
    "  label TEXT NOT NULL,"
    "  subtopics TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(subtopics)),"
    "  source_line INTEGER NOT NULL,"
    "  UNIQUE (topic_id, level)"
    ");"
    "CREATE TABLE item ("
    "  id TEXT PRIMARY KEY,"
    "  kb_id INTEGER NOT NULL REFERENCES kb(id),"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('level_qa', 'interview_qa', 'scenario')),"
    "  level INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 9),"
    "  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  position INTEGER NOT NULL,"
    "  source_file TEXT NOT NULL,"
    "  source_line INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX item_by_kb ON item(kb_id, topic_id, position);"
    "CREATE TABLE item_version ("
    "  item_id TEXT NOT NULL REFERENCES item(id),"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  kind TEXT NOT NULL,"
    "  level INTEGER,"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id),"
    "  question TEXT NOT NULL,"
    "  answer TEXT NOT NULL,"
    "  detail TEXT CHECK (detail IS NULL OR json_valid(detail)),"
    "  content_hash TEXT NOT NULL,"
    "  source_file TEXT NOT NULL,"
    "  source_line INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  PRIMARY KEY (item_id, version)"
    ");"
    "CREATE TABLE item_status ("
    "  id INTEGER PRIMARY KEY,"
    "  item_id TEXT NOT NULL REFERENCES item(id),"
    "  version INTEGER NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),"
    "  event TEXT NOT NULL CHECK (event IN ('added', 'changed', 'retired', 'restored')),"
    "  at INTEGER NOT NULL"
    ");"
    "CREATE INDEX item_status_by_item ON item_status(item_id, id);",

    /* 2: attempts and their responses; calibrations and current item parameters */
    "CREATE TABLE attempt ("
    "  id INTEGER PRIMARY KEY,"
    "  kb_id INTEGER NOT NULL REFERENCES kb(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('quiz', 'assessment')),"
    "  person TEXT NOT NULL DEFAULT '',"
    "  form TEXT,"
    "  simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),"
    "  seed INTEGER NOT NULL DEFAULT 0,"
    "  config TEXT CHECK (config IS NULL OR json_valid(config)),"
    "  state TEXT CHECK (state IS NULL OR json_valid(state)),"
    "  status TEXT NOT NULL CHECK (status IN ('open', 'finished')),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX attempt_by_kb ON attempt(kb_id, id);"
    "CREATE TABLE response ("
    "  attempt_id INTEGER NOT NULL REFERENCES attempt(id),"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  item_id TEXT NOT NULL REFERENCES item(id),"
    "  item_version INTEGER NOT NULL,"
    "  qtype TEXT NOT NULL CHECK (qtype IN ('mcq', 'tf', 'cloze', 'match', 'short', 'scenario')),"
    "  score REAL NOT NULL CHECK (score >= 0 AND score <= 1),"
    "  choice INTEGER,"
    "  answer_key INTEGER,"
    "  options TEXT CHECK (options IS NULL OR json_valid(options)),"
    "  answer TEXT,"
    "  request_id TEXT,"
    "  seconds REAL,"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (attempt_id, seq),"
    "  UNIQUE (attempt_id, request_id)"
    ");"
    "CREATE INDEX response_by_item ON response(item_id);"
    "CREATE TABLE calibration ("
    "  id INTEGER PRIMARY KEY,"
    "  kb_id INTEGER NOT NULL REFERENCES kb(id),"
    "  model TEXT NOT NULL CHECK (model IN ('rasch', '2pl')),"
    "  persons INTEGER NOT NULL,"
    "  responses INTEGER NOT NULL,"
    "  cycles INTEGER NOT NULL,"
    "  converged INTEGER NOT NULL CHECK (converged IN (0, 1)),"
    "  loglik REAL NOT NULL,"
    "  logprior REAL NOT NULL,"
    "  settings TEXT CHECK (settings IS NULL OR json_valid(settings)),"
    "  at INTEGER NOT NULL"
    ");"
    "CREATE INDEX calibration_by_kb ON calibration(kb_id, id);"
    "CREATE TABLE item_param ("
    "  item_id TEXT PRIMARY KEY REFERENCES item(id),"
    "  calibration_id INTEGER NOT NULL REFERENCES calibration(id),"
    "  a REAL NOT NULL,"
    "  d REAL NOT NULL,"
    "  n REAL NOT NULL CHECK (n >= 0)"
    ");",

    /* 3: sessions. Attempts may be reviews and may span knowledge bases (kb_id
     * NULL); people; what each question showed; the grade a learner saw;
     * spaced-review cards. SQLite cannot change a CHECK constraint in place:
     * the attempt table is rebuilt (foreign keys are off during migrations and
     * checked before the commit). */
    "CREATE TABLE attempt_v3 ("
    "  id INTEGER PRIMARY KEY,"
    "  kb_id INTEGER REFERENCES kb(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('quiz', 'assessment', 'review')),"
    "  person TEXT NOT NULL DEFAULT '',"
    "  form TEXT,"
    "  simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),"
    "  seed INTEGER NOT NULL DEFAULT 0,"
    "  config TEXT CHECK (config IS NULL OR json_valid(config)),"
    "  state TEXT CHECK (state IS NULL OR json_valid(state)),"
    "  status TEXT NOT NULL CHECK (status IN ('open', 'finished')),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "INSERT INTO attempt_v3 (id, kb_id, kind, person, form, simulated, seed, config, state, "
    "  status, created_at, updated_at) SELECT id, kb_id, kind, person, form, simulated, seed, "
    "  config, state, status, created_at, updated_at FROM attempt;"
    "DROP TABLE attempt;"
    "ALTER TABLE attempt_v3 RENAME TO attempt;"
    "CREATE INDEX attempt_by_kb ON attempt(kb_id, id);"
    "CREATE INDEX attempt_by_person ON attempt(person, id);"
    "ALTER TABLE response ADD COLUMN grade TEXT CHECK (grade IS NULL OR json_valid(grade));"
    "CREATE TABLE person ("
    "  name TEXT PRIMARY KEY,"
    "  created_at INTEGER NOT NULL"
    ");"
    "INSERT INTO person (name, created_at) SELECT person, min(created_at) FROM attempt "
    "  WHERE person <> '' GROUP BY person;"
    "CREATE TABLE presentation ("
    "  attempt_id INTEGER NOT NULL REFERENCES attempt(id),"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  item_id TEXT NOT NULL REFERENCES item(id),"
    "  item_version INTEGER NOT NULL,"
    "  qtype TEXT NOT NULL CHECK (qtype IN ('mcq', 'tf', 'cloze', 'match', 'short', 'scenario')),"
    "  question TEXT NOT NULL CHECK (json_valid(question)),"
    "  shown_at INTEGER NOT NULL,"
    "  PRIMARY KEY (attempt_id, seq)"
    ");"
    "CREATE TABLE review_card ("
    "  person TEXT NOT NULL,"
    "  item_id TEXT NOT NULL REFERENCES item(id),"
    "  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),"
    "  stability REAL NOT NULL,"
    "  difficulty REAL NOT NULL,"
    "  due INTEGER NOT NULL,"
    "  last_review INTEGER NOT NULL,"
    "  reps INTEGER NOT NULL,"
    "  lapses INTEGER NOT NULL,"
    "  step INTEGER NOT NULL,"
    "  scheduled_days REAL NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (person, item_id)"
    ");"
    "CREATE INDEX review_card_due ON review_card(person, due);",

    /* form: what each item's question asks and the form of its answer
     * (text/stem.h), filled at import; '' = not classified yet */
    "ALTER TABLE item ADD COLUMN stem_type TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE item ADD COLUMN answer_form TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX item_by_stem_type ON item(kb_id, stem_type);",
    /* derived: items grown at import from a document's text (bank/derive.c)
     * get kinds of their own. SQLite cannot widen a CHECK in place, so the
     * item table is rebuilt (foreign keys are off during migrations), its
     * columns copied by name; their provenance is the item's source
     * file:line (the sentence, bullet or answer), their detail JSON says what
     * they were derived from. */
    "CREATE TABLE item_v5 ("
    "  id TEXT PRIMARY KEY,"
    "  kb_id INTEGER NOT NULL REFERENCES kb(id),"
    "  topic_id INTEGER NOT NULL REFERENCES topic(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('level_qa', 'interview_qa', 'scenario', "
    "    'derived_definition', 'derived_topic', 'derived_order')),"
    "  level INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 9),"
    "  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  position INTEGER NOT NULL,"
    "  source_file TEXT NOT NULL,"
    "  source_line INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  stem_type TEXT NOT NULL DEFAULT '',"
    "  answer_form TEXT NOT NULL DEFAULT ''"
    ");"
    "INSERT INTO item_v5 (id, kb_id, topic_id, kind, level, status, version, position, "
    "  source_file, source_line, created_at, updated_at, stem_type, answer_form) SELECT id, kb_id, "
    "  topic_id, kind, level, status, version, position, source_file, source_line, created_at, "
    "  updated_at, stem_type, answer_form FROM item;"
    "DROP TABLE item;"
    "ALTER TABLE item_v5 RENAME TO item;"
    "CREATE INDEX item_by_kb ON item(kb_id, topic_id, position);"
    "CREATE INDEX item_by_stem_type ON item(kb_id, stem_type);",
    /* mark: an assessor's marks of free-text answers (several per answer: the
     * latest counts, the earlier ones are its history; the response's own
     * score stays the automatic one), and each knowledge base's thesaurus
     * (the author's synonym groups, read from NAME.thesaurus.tsv at import).
     * New tables only: nothing is rebuilt. */
    "CREATE TABLE mark ("
    "  id INTEGER PRIMARY KEY,"
    "  attempt_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  score REAL NOT NULL CHECK (score >= 0 AND score <= 1),"
    "  marker TEXT NOT NULL CHECK (marker <> ''),"
    "  note TEXT,"
    "  at INTEGER NOT NULL,"
    "  FOREIGN KEY (attempt_id, seq) REFERENCES response(attempt_id, seq)"
    ");"
    "CREATE INDEX mark_by_response ON mark(attempt_id, seq, id);"
    "CREATE TABLE kb_thesaurus ("
    "  kb_id INTEGER NOT NULL REFERENCES kb(id),"
    "  line INTEGER NOT NULL,"
    "  spellings TEXT NOT NULL CHECK (spellings <> ''),"
    "  PRIMARY KEY (kb_id, line)"
    ");",
    /* serve (issue 11): accounts of the web server, whose names are the
     * attempts' persons, and their sign-ins (a browser's session cookie,
     * stored as the SHA-256 of its token). Self-contained: touches no table
     * of another migration. */
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  pwhash TEXT NOT NULL,"
    "  role TEXT NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'assessor', 'admin')),"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE TABLE web_session ("
    "  token_hash TEXT PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
    "  csrf TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX web_session_expiry ON web_session(expires_at);",
    /* groups (issue 11): an assessor's groups of accounts, their members,
     * invite links (stored as the SHA-256 of their token) and the attempts
     * each invite started, so that accepting it twice is the same attempt.
     * Refers only to account and attempt; alters no table. */
    "CREATE TABLE assessor_group ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 100),"
    "  owner_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX assessor_group_by_owner ON assessor_group(owner_id, id);"
    "CREATE TABLE group_member ("
    "  group_id INTEGER NOT NULL REFERENCES assessor_group(id) ON DELETE CASCADE,"
    "  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
    "  joined_at INTEGER NOT NULL,"
    "  PRIMARY KEY (group_id, account_id)"
    ");"
    "CREATE TABLE group_invite ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  group_id INTEGER NOT NULL REFERENCES assessor_group(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('assessment', 'quiz')),"
    "  spec TEXT NOT NULL CHECK (json_valid(spec)),"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),"
    "  uses INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX group_invite_by_group ON group_invite(group_id, id);"
    "CREATE TABLE invite_attempt ("
    "  invite_id INTEGER NOT NULL REFERENCES group_invite(id) ON DELETE CASCADE,"
    "  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
    "  attempt_id INTEGER NOT NULL UNIQUE REFERENCES attempt(id) ON DELETE CASCADE,"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (invite_id, account_id, attempt_id)"
    ");",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int store_sqlite_schema_latest(void)
{
    return N_MIGRATIONS;
}

/* ---- prepared statements --------------------------------------------- */

#define ITEM_COLS                                                                                \
    "i.id, i.kb_id, i.topic_id, i.kind, i.level, i.status, i.version, i.position, "              \
    "i.source_file, i.source_line, i.created_at, i.updated_at, v.question, v.answer, v.detail, " \
    "v.content_hash, i.stem_type, i.answer_form"
#define ITEM_FROM                                                                    \
    " FROM item i JOIN item_version v ON v.item_id = i.id AND v.version = i.version" \
    " JOIN topic t ON t.id = i.topic_id JOIN kb k ON k.id = i.kb_id"

#define ATTEMPT_COLS                                                                      \
    "id, kb_id, kind, person, form, simulated, seed, config, state, status, created_at, " \
    "updated_at"
#define RESPONSE_COLS                                                                             \
    "r.attempt_id, r.seq, r.item_id, r.item_version, r.qtype, r.score, r.choice, r.answer_key, "  \
    "r.options, r.answer, r.request_id, r.seconds, r.at, a.kind, a.form, a.person, a.simulated, " \
    "r.grade, (SELECT m.score FROM mark m WHERE m.attempt_id = r.attempt_id AND m.seq = r.seq "   \
    "ORDER BY m.id DESC LIMIT 1)"
#define CARD_COLS                                                                           \
    "person, item_id, state, stability, difficulty, due, last_review, reps, lapses, step, " \
    "scheduled_days, updated_at"

enum stmt_id {
    ST_KB_LIST,
    ST_KB_GET,
    ST_KB_INSERT,
    ST_KB_UPDATE,
    ST_LEVEL_LIST,
    ST_LEVEL_DELETE,
    ST_LEVEL_INSERT,
    ST_TOPIC_LIST,
    ST_TOPIC_LIST_ALL,
    ST_TOPIC_INSERT,
    ST_TOPIC_UPDATE,
    ST_BLOCK_LIST,
    ST_BLOCK_INSERT,
    ST_BLOCK_UPDATE,
    ST_BLOCK_DELETE,
    ST_ITEM_FIND,
    ST_ITEM_INSERT,
    ST_ITEM_UPDATE,
    ST_ITEM_CLASSIFY,
    ST_VERSION_INSERT,
    ST_STATUS_INSERT,
    ST_VERSION_LIST,
    ST_COUNT,
    ST_COUNT_ALL,
    ST_ATTEMPT_INSERT,
    ST_ATTEMPT_UPDATE,
    ST_ATTEMPT_GET,
    ST_RESPONSE_DUP,
    ST_RESPONSE_INSERT,
    ST_RESPONSE_LIST,
    ST_CALIB_INSERT,
    ST_PARAM_DELETE,
    ST_PARAM_INSERT,
    ST_CALIB_LATEST,
    ST_PARAM_LIST,
    ST_PARAM_LIST_ALL,
    ST_PERSON_PUT,
    ST_ATTEMPT_LIST,
    ST_ATTEMPT_RESPONSES,
    ST_PRESENT_INSERT,
    ST_PRESENT_LIST,
    ST_CARD_GET,
    ST_CARD_PUT,
    ST_CARD_LIST,
    ST_MARK_INSERT,
    ST_MARK_LIST,
    ST_MARK_QUEUE,
    ST_THES_DELETE,
    ST_THES_INSERT,
    ST_THES_LIST,
    ST_THES_LIST_ALL,
    ST_ACCOUNT_INSERT,
    ST_ACCOUNT_GET,
    ST_SIGNIN_PURGE,
    ST_SIGNIN_INSERT,
    ST_SIGNIN_GET,
    ST_SIGNIN_DELETE,
    ST_GROUP_INSERT,
    ST_GROUP_GET,
    ST_GROUP_LIST,
    ST_MEMBER_INSERT,
    ST_MEMBER_LIST,
    ST_INVITE_INSERT,
    ST_INVITE_GET,
    ST_INVITE_LIST,
    ST_INVITE_REVOKE,
    ST_INVITE_USE,
    ST_INVITE_COUNT,
    ST_INVITE_OPEN,
    ST_ACCOUNT_LIST,
    ST_ACCOUNT_ROLE,
    ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
    [ST_KB_LIST] = "SELECT id, name, title, source, content_hash, size, parser_version, "
                   "imported_at FROM kb ORDER BY name",
    [ST_KB_GET] = "SELECT id, name, title, source, content_hash, size, parser_version, "
                  "imported_at FROM kb WHERE name = ?1",
    [ST_KB_INSERT] = "INSERT INTO kb (name, title, source, content_hash, size, parser_version, "
                     "imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_KB_UPDATE] = "UPDATE kb SET name = ?1, title = ?2, source = ?3, content_hash = ?4, "
                     "size = ?5, parser_version = ?6, imported_at = ?7 WHERE id = ?8",
    [ST_LEVEL_LIST] = "SELECT level, label, audience, description FROM level_def "
                      "WHERE kb_id = ?1 ORDER BY level",
    [ST_LEVEL_DELETE] = "DELETE FROM level_def WHERE kb_id = ?1",
    [ST_LEVEL_INSERT] = "INSERT INTO level_def (kb_id, level, label, audience, description) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_TOPIC_LIST] = "SELECT id, kb_id, key, number, ordinal, title, concept, source_line, "
                      "status FROM topic WHERE kb_id = ?1 ORDER BY ordinal, id",
    [ST_TOPIC_LIST_ALL] = "SELECT t.id, t.kb_id, t.key, t.number, t.ordinal, t.title, t.concept, "
                          "t.source_line, t.status FROM topic t JOIN kb k ON k.id = t.kb_id "
                          "ORDER BY k.name, t.ordinal, t.id",
    [ST_TOPIC_INSERT] = "INSERT INTO topic (kb_id, key, number, ordinal, title, concept, "
                        "source_line, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_TOPIC_UPDATE] = "UPDATE topic SET key = ?2, number = ?3, ordinal = ?4, title = ?5, "
                        "concept = ?6, source_line = ?7, status = ?8 WHERE id = ?1",
    [ST_BLOCK_LIST] = "SELECT b.id, b.topic_id, b.level, b.label, b.subtopics, b.source_line "
                      "FROM level_block b JOIN topic t ON t.id = b.topic_id "
                      "WHERE t.kb_id = ?1 ORDER BY t.ordinal, b.level",
    [ST_BLOCK_INSERT] = "INSERT INTO level_block (topic_id, level, label, subtopics, "
                        "source_line) VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_BLOCK_UPDATE] = "UPDATE level_block SET topic_id = ?2, level = ?3, label = ?4, "
                        "subtopics = ?5, source_line = ?6 WHERE id = ?1",
    [ST_BLOCK_DELETE] = "DELETE FROM level_block WHERE id = ?1",
    [ST_ITEM_FIND] = "SELECT " ITEM_COLS ITEM_FROM
                     " WHERE i.id >= ?1 AND i.id < ?1 || 'g' ORDER BY i.id LIMIT ?2",
    [ST_ITEM_INSERT] = "INSERT INTO item (id, kb_id, topic_id, kind, level, status, version, "
                       "position, source_file, source_line, created_at, updated_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    [ST_ITEM_UPDATE] = "UPDATE item SET topic_id = ?2, kind = ?3, level = ?4, status = ?5, "
                       "version = ?6, position = ?7, source_file = ?8, source_line = ?9, "
                       "updated_at = ?10 WHERE id = ?1",
    [ST_ITEM_CLASSIFY] = "UPDATE item SET stem_type = ?2, answer_form = ?3 WHERE id = ?1",
    [ST_VERSION_INSERT] = "INSERT INTO item_version (item_id, version, kind, level, topic_id, "
                          "question, answer, detail, content_hash, source_file, source_line, "
                          "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_STATUS_INSERT] = "INSERT INTO item_status (item_id, version, status, event, at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_VERSION_LIST] = "SELECT item_id, version, kind, level, topic_id, question, answer, "
                        "detail, content_hash, source_file, source_line, created_at "
                        "FROM item_version WHERE item_id = ?1 ORDER BY version",
    [ST_COUNT] = "SELECT kb_id, topic_id, kind, COALESCE(level, 0), status = 'active', count(*) "
                 "FROM item WHERE kb_id = ?1 GROUP BY 1, 2, 3, 4, 5",
    [ST_COUNT_ALL] = "SELECT kb_id, topic_id, kind, COALESCE(level, 0), status = 'active', "
                     "count(*) FROM item GROUP BY 1, 2, 3, 4, 5",
    [ST_ATTEMPT_INSERT] =
        "INSERT INTO attempt (kb_id, kind, person, form, simulated, seed, config, "
        "state, status, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [ST_ATTEMPT_UPDATE] = "UPDATE attempt SET config = ?2, state = ?3, status = ?4, "
                          "updated_at = ?5 WHERE id = ?1",
    [ST_ATTEMPT_GET] = "SELECT " ATTEMPT_COLS " FROM attempt WHERE id = ?1",
    [ST_RESPONSE_DUP] = "SELECT 1 FROM response WHERE attempt_id = ?1 AND request_id = ?2",
    [ST_RESPONSE_INSERT] = "INSERT INTO response (attempt_id, seq, item_id, item_version, qtype, "
                           "score, choice, answer_key, options, answer, request_id, seconds, at, "
                           "grade) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    /* by the item's knowledge base, so attempts over several count too;
     * reviews are repeated exposures and stay out of measurement */
    [ST_RESPONSE_LIST] = "SELECT " RESPONSE_COLS " FROM response r JOIN attempt a ON a.id = "
                         "r.attempt_id JOIN item i ON i.id = r.item_id "
                         "WHERE i.kb_id = ?1 AND a.kind <> 'review' ORDER BY r.attempt_id, r.seq",
    [ST_ATTEMPT_RESPONSES] = "SELECT " RESPONSE_COLS " FROM response r JOIN attempt a ON a.id = "
                             "r.attempt_id WHERE r.attempt_id = ?1 ORDER BY r.seq",
    [ST_PERSON_PUT] = "INSERT OR IGNORE INTO person (name, created_at) VALUES (?1, ?2)",
    [ST_ATTEMPT_LIST] = "SELECT " ATTEMPT_COLS " FROM attempt WHERE (?1 IS NULL OR person = ?1) "
                        "AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR status = ?3) "
                        "AND (?4 OR simulated = 0) ORDER BY id DESC LIMIT ?5",
    [ST_PRESENT_INSERT] = "INSERT INTO presentation (attempt_id, seq, item_id, item_version, "
                          "qtype, question, shown_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_PRESENT_LIST] = "SELECT attempt_id, seq, item_id, item_version, qtype, question, shown_at "
                        "FROM presentation WHERE attempt_id = ?1 ORDER BY seq",
    [ST_CARD_GET] = "SELECT " CARD_COLS " FROM review_card WHERE person = ?1 AND item_id = ?2",
    [ST_CARD_PUT] = "INSERT OR REPLACE INTO review_card (person, item_id, state, stability, "
                    "difficulty, due, last_review, reps, lapses, step, scheduled_days, "
                    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_CARD_LIST] = "SELECT " CARD_COLS " FROM review_card WHERE person = ?1 AND due <= ?2 "
                     "ORDER BY due, item_id LIMIT ?3",
    [ST_MARK_INSERT] = "INSERT INTO mark (attempt_id, seq, score, marker, note, at) "
                       "SELECT ?1, ?2, ?3, ?4, ?5, ?6 FROM response WHERE attempt_id = ?1 AND "
                       "seq = ?2",
    [ST_MARK_LIST] = "SELECT id, attempt_id, seq, score, marker, note, at FROM mark "
                     "WHERE attempt_id = ?1 AND seq = ?2 ORDER BY id",
    /* free-text answers of real attempts, oldest first, with the latest mark */
    [ST_MARK_QUEUE] =
        "SELECT " RESPONSE_COLS ", k.name, t.title, v.question, "
        "COALESCE(CASE WHEN json_valid(r.grade) THEN json_extract(r.grade, '$.reference') END, "
        "v.answer), (SELECT count(*) FROM mark m WHERE m.attempt_id = r.attempt_id AND "
        "m.seq = r.seq), lm.marker, lm.note, lm.at "
        "FROM response r JOIN attempt a ON a.id = r.attempt_id "
        "JOIN item i ON i.id = r.item_id JOIN kb k ON k.id = i.kb_id "
        "JOIN item_version v ON v.item_id = r.item_id AND v.version = r.item_version "
        "JOIN topic t ON t.id = v.topic_id "
        "LEFT JOIN mark lm ON lm.id = (SELECT max(m.id) FROM mark m WHERE m.attempt_id = "
        "r.attempt_id AND m.seq = r.seq) "
        "WHERE r.qtype IN ('short', 'scenario') AND r.answer IS NOT NULL AND r.choice IS NULL "
        "AND a.simulated = 0 "
        "AND (?1 = 0 OR i.kb_id = ?1) AND (?2 = 0 OR v.topic_id = ?2) "
        "AND (?3 IS NULL OR a.person = ?3) AND (?4 = 0 OR r.attempt_id = ?4) "
        "AND (?5 OR (lm.id IS NULL AND json_valid(r.grade) AND "
        "json_extract(r.grade, '$.needs_review') = 1)) "
        "ORDER BY r.at, r.attempt_id, r.seq LIMIT ?6",
    [ST_THES_DELETE] = "DELETE FROM kb_thesaurus WHERE kb_id = ?1",
    [ST_THES_INSERT] = "INSERT INTO kb_thesaurus (kb_id, line, spellings) VALUES (?1, ?2, ?3)",
    [ST_THES_LIST] = "SELECT line, spellings FROM kb_thesaurus WHERE kb_id = ?1 ORDER BY line",
    [ST_THES_LIST_ALL] = "SELECT line, spellings FROM kb_thesaurus ORDER BY kb_id, line",
    [ST_CALIB_INSERT] = "INSERT INTO calibration (kb_id, model, persons, responses, cycles, "
                        "converged, loglik, logprior, settings, at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ST_PARAM_DELETE] = "DELETE FROM item_param WHERE item_id IN "
                        "(SELECT id FROM item WHERE kb_id = ?1)",
    [ST_PARAM_INSERT] = "INSERT OR REPLACE INTO item_param (item_id, calibration_id, a, d, n) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_CALIB_LATEST] = "SELECT id, kb_id, model, persons, responses, cycles, converged, loglik, "
                        "logprior, settings, at FROM calibration WHERE kb_id = ?1 "
                        "ORDER BY id DESC LIMIT 1",
    [ST_PARAM_LIST] = "SELECT p.item_id, p.calibration_id, p.a, p.d, p.n FROM item_param p "
                      "JOIN item i ON i.id = p.item_id WHERE i.kb_id = ?1 ORDER BY p.item_id",
    [ST_PARAM_LIST_ALL] = "SELECT item_id, calibration_id, a, d, n FROM item_param "
                          "ORDER BY item_id",
    [ST_ACCOUNT_INSERT] = "INSERT INTO account (name, pwhash, role, created_at) "
                          "VALUES (?1, ?2, ?3, ?4)",
    [ST_ACCOUNT_GET] = "SELECT id, name, pwhash, role, created_at FROM account WHERE name = ?1",
    [ST_SIGNIN_PURGE] = "DELETE FROM web_session WHERE expires_at < ?1",
    [ST_SIGNIN_INSERT] = "INSERT INTO web_session (token_hash, account_id, csrf, created_at, "
                         "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    [ST_SIGNIN_GET] = "SELECT w.token_hash, w.account_id, a.name, a.role, w.csrf, w.created_at, "
                      "w.expires_at FROM web_session w JOIN account a ON a.id = w.account_id "
                      "WHERE w.token_hash = ?1 AND w.expires_at >= ?2",
    [ST_SIGNIN_DELETE] = "DELETE FROM web_session WHERE token_hash = ?1",
    [ST_GROUP_INSERT] = "INSERT INTO assessor_group (name, owner_id, created_at) "
                        "VALUES (?1, ?2, ?3)",
    [ST_GROUP_GET] = "SELECT g.id, g.name, g.owner_id, a.name, g.created_at, "
                     "(SELECT count(*) FROM group_member m WHERE m.group_id = g.id) "
                     "FROM assessor_group g JOIN account a ON a.id = g.owner_id WHERE g.id = ?1",
    [ST_GROUP_LIST] = "SELECT g.id, g.name, g.owner_id, a.name, g.created_at, "
                      "(SELECT count(*) FROM group_member m WHERE m.group_id = g.id) "
                      "FROM assessor_group g JOIN account a ON a.id = g.owner_id "
                      "WHERE ?1 = 0 OR g.owner_id = ?1 ORDER BY g.id",
    [ST_MEMBER_INSERT] = "INSERT OR IGNORE INTO group_member (group_id, account_id, joined_at) "
                         "VALUES (?1, ?2, ?3)",
    [ST_MEMBER_LIST] = "SELECT m.group_id, m.account_id, a.name, m.joined_at FROM group_member m "
                       "JOIN account a ON a.id = m.account_id WHERE m.group_id = ?1 "
                       "ORDER BY m.joined_at, a.name",
    [ST_INVITE_INSERT] = "INSERT INTO group_invite (token_hash, group_id, kind, spec, created_at, "
                         "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_INVITE_GET] = "SELECT i.id, i.token_hash, i.group_id, i.kind, i.spec, i.created_at, "
                      "i.expires_at, i.revoked, i.uses, g.name, a.name FROM group_invite i "
                      "JOIN assessor_group g ON g.id = i.group_id "
                      "JOIN account a ON a.id = g.owner_id WHERE i.token_hash = ?1",
    [ST_INVITE_LIST] = "SELECT i.id, i.token_hash, i.group_id, i.kind, i.spec, i.created_at, "
                       "i.expires_at, i.revoked, i.uses, g.name, a.name FROM group_invite i "
                       "JOIN assessor_group g ON g.id = i.group_id "
                       "JOIN account a ON a.id = g.owner_id WHERE i.group_id = ?1 "
                       "ORDER BY i.id DESC",
    [ST_INVITE_REVOKE] = "UPDATE group_invite SET revoked = 1 WHERE group_id = ?1 AND id = ?2",
    [ST_INVITE_USE] = "INSERT INTO invite_attempt (invite_id, account_id, attempt_id, at) "
                      "VALUES (?1, ?2, ?3, ?4)",
    [ST_INVITE_COUNT] = "UPDATE group_invite SET uses = uses + 1 WHERE id = ?1",
    [ST_INVITE_OPEN] = "SELECT x.attempt_id FROM invite_attempt x "
                       "JOIN attempt t ON t.id = x.attempt_id "
                       "WHERE x.invite_id = ?1 AND x.account_id = ?2 AND t.status = 'open' "
                       "ORDER BY x.attempt_id DESC LIMIT 1",
    [ST_ACCOUNT_LIST] = "SELECT id, name, NULL, role, created_at FROM account ORDER BY name",
    [ST_ACCOUNT_ROLE] = "UPDATE account SET role = ?2 WHERE name = ?1",
};

typedef struct sq {
    sqlite3 *db;
    sqlite3_stmt *st[ST__COUNT];
    int in_tx;
    int readonly;   /* opened without write permission: reads only */
    int overlay;    /* another store's knowledge bases are visible (sq_overlay): reads only */
    int busy_said;  /* "waiting for another process" logged */
    double busy_t0; /* when the current wait for a lock began (s, monotonic) */
    unsigned long write_gen0; /* write_gen when this connection began to wait for a lock */
    sqlite3_stmt *copy_st;    /* row_write's statement, for the table copy_t */
    const store_table *copy_t;
} sq;

static sq *S(store *s)
{
    return s->state;
}

static assay_code db_error(store *s, errinfo *e, const char *what)
{
    sqlite3 *db = S(s)->db;
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    const char *msg = db ? sqlite3_errmsg(db) : "no database";
    if (code == SQLITE_NOMEM)
        return err_set(e, ASSAY_ENOMEM, "out of memory in SQLite (%s)", what);
    if ((code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED)
        return err_set_at(e, ASSAY_ECONFLICT, s->target, 0, 0, -1,
                          "%s: another assay process is writing to this bank and did not finish "
                          "within %d s; nothing was changed, try again when it is done (SQLite %d)",
                          what, sqlite_busy_timeout_ms / 1000, code);
    if ((code & 0xFF) == SQLITE_READONLY)
        return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                          "%s: the bank is read-only (no permission to write to the file or its "
                          "folder); commands that only read it work (SQLite %d)",
                          what, code);
    if ((code & 0xFF) == SQLITE_CORRUPT || (code & 0xFF) == SQLITE_NOTADB)
        return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                          "%s: the bank is damaged or not an assay bank: %s (SQLite %d)", what, msg,
                          code);
    return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1, "%s: %s (SQLite %d)", what, msg,
                      code);
}

static sqlite3_stmt *stmt(store *s, enum stmt_id id, errinfo *e)
{
    sq *q = S(s);
    if (!q->st[id]) {
        if (sqlite3_prepare_v3(q->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &q->st[id],
                               NULL) != SQLITE_OK) {
            db_error(s, e, "preparing a statement");
            return NULL;
        }
    } else {
        sqlite3_reset(q->st[id]);
        sqlite3_clear_bindings(q->st[id]);
    }
    return q->st[id];
}

static int exec(store *s, const char *sql, errinfo *e, const char *what)
{
    if (sqlite3_exec(S(s)->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        db_error(s, e, what);
        return -1;
    }
    return 0;
}

/* ---- binding and reading helpers --------------------------------------- */

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (!v)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int bind_level(sqlite3_stmt *st, int i, int level)
{
    return level > 0 ? sqlite3_bind_int(st, i, level) : sqlite3_bind_null(st, i);
}

static const char *kind_str(int kind)
{
    const char *n = names_kind(kind);
    return n ? n : "?";
}

static int kind_of(const unsigned char *s)
{
    return names_kind_of((const char *)s);
}

/* A copy of a text column in the arena ("" for NULL unless keep_null). Text
 * read back is checked like outside input: what is not UTF-8 marks the row
 * damaged (*oom |= 2; "" is returned), a failed copy marks it out of memory
 * (*oom |= 1). */
static const char *col_text(arena *a, sqlite3_stmt *st, int i, int keep_null, int *oom)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t) {
        if (keep_null)
            return NULL;
        return "";
    }
    size_t n = (size_t)sqlite3_column_bytes(st, i), bad;
    if (u8_check((const char *)t, n, &bad) != 0) {
        *oom |= 2;
        return "";
    }
    char *p = arena_strndup(a, (const char *)t, n);
    if (!p)
        *oom |= 1;
    return p;
}

/* A JSON column every reader parses with jansson, which refuses text that is
 * not UTF-8 where it reads it: copied without a check of its own (an attempt's
 * state is about 10 KB, of which a request reads one question). */
static const char *col_json(arena *a, sqlite3_stmt *st, int i, int *oom)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t)
        return NULL;
    char *p = arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
    if (!p)
        *oom |= 1;
    return p;
}

/* Runs a statement that returns no rows. */
static assay_code step_done(store *s, sqlite3_stmt *st, errinfo *e, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_error(s, e, what);
    return ASSAY_OK;
}

/* Collects rows into an arena array with a per-row reader. */
typedef int (*row_reader)(arena *a, sqlite3_stmt *st, void *row);

static assay_code collect(store *s, sqlite3_stmt *st, arena *a, size_t size, row_reader rd,
                          void **rows, size_t *n, errinfo *e, const char *what)
{
    void *arr = NULL;
    size_t cnt = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        void *row = arena_push(a, &arr, &cnt, &cap, size);
        int r = row ? rd(a, st, row) : -1;
        if (r != 0) {
            sqlite3_reset(st);
            if (-r & 2)
                return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                                  "the bank is damaged: reading %s found text that is not UTF-8 "
                                  "(check the file with PRAGMA integrity_check; restore a backup)",
                                  what);
            return err_set(e, ASSAY_ENOMEM, "out of memory reading %s", what);
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_error(s, e, what);
    *rows = arr;
    *n = cnt;
    return ASSAY_OK;
}

/* ---- open, close, transactions, migrations ----------------------------- */

/* The file-system path inside an SQLite URI ("file:/abs/x.db?mode=ro",
 * "file:///abs/x.db"), or path itself; malloc'd. Percent escapes are left
 * as they are: the path is used only to look at the folder. */
static char *fs_path(const char *target)
{
    const char *p = target;
    if (strncmp(p, "file:", 5) == 0) {
        p += 5;
        if (strncmp(p, "//", 2) == 0) {
            p += 2;
            p += strcspn(p, "/"); /* the authority, "" or "localhost" */
        }
    }
    return strndup(p, strcspn(p, strncmp(target, "file:", 5) == 0 ? "?#" : ""));
}

/* The folder of a path (malloc'd): "." for a bare name. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* "file:PATH?mode=ro" (or immutable=1) with ?, # and % escaped; malloc'd. */
static char *ro_uri(const char *path, int immutable)
{
    size_t n = strlen(path);
    char *u = malloc(n * 3 + 32);
    if (!u)
        return NULL;
    size_t w = (size_t)snprintf(u, 8, "file:");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c == '?' || c == '#' || c == '%')
            w += (size_t)snprintf(u + w, 4, "%%%02X", c);
        else
            u[w++] = (char)c;
    }
    snprintf(u + w, 20, immutable ? "?immutable=1" : "?mode=ro");
    return u;
}

/* Writers of this process wake each other: every write transaction that ends
 * (commit or rollback) counts in write_gen and wakes the connections waiting
 * in busy_wait, which try again at once instead of sleeping their interval
 * out (two server threads answering at once would otherwise sleep 5 ms each
 * time they meet). Another process's lock is still waited for by the clock. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t write_done = PTHREAD_COND_INITIALIZER;
static unsigned long write_gen;

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_ended(void)
{
    pthread_mutex_lock(&write_lock);
    write_gen++;
    pthread_cond_broadcast(&write_done);
    pthread_mutex_unlock(&write_lock);
}

/* Waits for another connection's lock, woken by this process's writers or
 * after a short interval, up to the busy timeout (by the clock); says once
 * (at level info) what it waits for. */
static int busy_wait(void *arg, int count)
{
    store *s = arg;
    sq *q = S(s);
    double now = mono_s();
    if (count == 0)
        q->busy_t0 = now;
    long waited = (long)((now - q->busy_t0) * 1000.0);
    if (waited >= BUSY_TIMEOUT_MS)
        return 0;
    if (waited >= 500 && !q->busy_said) {
        q->busy_said = 1;
        LOG(s->log, ASSAY_LOG_INFO, "%s: waiting for another assay process to finish writing",
            s->target);
    }
    long ms = waited < 50 ? 5 : waited < 450 ? 20 : 100;
    pthread_mutex_lock(&write_lock);
    if (write_gen == q->write_gen0) { /* no writer of this process finished since the last try */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += ms * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        int rc = 0;
        while (write_gen == q->write_gen0 && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&write_done, &write_lock, &until);
    }
    q->write_gen0 = write_gen;
    pthread_mutex_unlock(&write_lock);
    return 1;
}

static assay_code sq_schema_version(store *s, int *out, errinfo *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(S(s)->db, "SELECT COALESCE(max(version), 0) FROM schema_version", -1,
                           &st, NULL) != SQLITE_OK)
        return db_error(s, e, "reading the schema version");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_error(s, e, "reading the schema version");
    return ASSAY_OK;
}

/* The schema version, 0 for a new database. Reads only. */
static assay_code read_schema_version(store *s, int *version, errinfo *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(S(s)->db,
                           "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                           "name = 'schema_version'",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(s, e, "reading the database (is it an SQLite database?)");
    int have = 0, rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        have = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_error(s, e, "reading the database (is it an SQLite database?)");
    *version = 0;
    return have ? sq_schema_version(s, version, e) : ASSAY_OK;
}

static assay_code too_new(store *s, int version, errinfo *e)
{
    return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                      "database schema version %d is newer than this assay knows (%d); "
                      "upgrade assay",
                      version, N_MIGRATIONS);
}

/* 0 when every reference resolves; 1 when some row refers to a row that does
 * not exist, the first one described in `what`; -1 when the check failed. */
static int foreign_keys_broken(sqlite3 *db, char *what, size_t cap)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *table = sqlite3_column_text(st, 0);
        const unsigned char *parent = sqlite3_column_text(st, 2);
        snprintf(what, cap, "%s row %lld refers to a missing %s row",
                 table ? (const char *)table : "?", (long long)sqlite3_column_int64(st, 1),
                 parent ? (const char *)parent : "?");
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static assay_code migrate(store *s, errinfo *e)
{
    sqlite3 *db = S(s)->db;
    int version;
    assay_code rc = read_schema_version(s, &version, e);
    if (rc != ASSAY_OK)
        return rc;
    if (version > N_MIGRATIONS)
        return too_new(s, version, e);
    /* Up to date: nothing is written. Otherwise each step takes the write lock
     * and looks again, since another process may be migrating at the same time. */
    /* A migration may rebuild a table that others refer to (SQLite's own
     * procedure for schema changes ALTER TABLE cannot make): foreign keys are
     * off while migrating and checked before each commit. */
    if (version < N_MIGRATIONS && exec(s, "PRAGMA foreign_keys = OFF", e, "migrating") != 0)
        return e->code;
    while (version < N_MIGRATIONS) {
        if (exec(s, "BEGIN IMMEDIATE", e, "starting a migration") != 0) {
            rc = e->code;
            break;
        }
        rc = read_schema_version(s, &version, e);
        if (rc == ASSAY_OK && version > N_MIGRATIONS)
            rc = too_new(s, version, e);
        if (rc == ASSAY_OK && version < N_MIGRATIONS) {
            char sql[128];
            snprintf(sql, sizeof sql,
                     "INSERT INTO schema_version (version, applied_at) VALUES (%d, unixepoch())",
                     version + 1);
            if ((version == 0 &&
                 exec(s,
                      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                      "applied_at INTEGER NOT NULL)",
                      e, "creating the version table") != 0) ||
                exec(s, migrations[version], e, "applying a schema migration") != 0 ||
                exec(s, sql, e, "recording a migration") != 0)
                rc = e->code;
            char what[256];
            int broken = rc == ASSAY_OK ? foreign_keys_broken(db, what, sizeof what) : 0;
            if (broken < 0)
                rc = db_error(s, e, "checking references after a schema migration");
            else if (broken)
                rc = err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                                "schema migration %d would leave rows pointing at nothing (%s); "
                                "nothing was changed",
                                version + 1, what);
        }
        if (rc != ASSAY_OK || exec(s, "COMMIT", e, "committing a migration") != 0) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            if (rc == ASSAY_OK)
                rc = e->code;
            break;
        }
        if (version < N_MIGRATIONS) {
            version++;
            LOG(s->log, ASSAY_LOG_INFO, "%s: schema migrated to version %d", s->target, version);
        }
    }
    /* rc, not e->code: the caller's errinfo may hold an earlier error */
    if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK &&
        rc == ASSAY_OK)
        return db_error(s, e, "turning foreign keys on");
    return rc;
}

/* WAL mode. Switching a new file to it needs an exclusive lock and SQLite does
 * not wait for that through the busy handler, so processes opening a new bank
 * at once retry here, for as long as the busy timeout. */
static assay_code set_wal(store *s, errinfo *e)
{
    sqlite3 *db = S(s)->db;
    for (int waited = 0;; waited += 20) {
        sqlite3_stmt *st;
        int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(st);
            sqlite3_finalize(st);
        }
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            return ASSAY_OK;
        if ((rc & 0xFF) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
            return db_error(s, e, "switching to WAL (is this an SQLite database?)");
        sqlite3_sleep(20);
    }
}

static void sq_close(store *s)
{
    sq *q = S(s);
    if (!q)
        return;
    for (int i = 0; i < ST__COUNT; i++)
        sqlite3_finalize(q->st[i]);
    sqlite3_finalize(q->copy_st);
    if (q->db)
        sqlite3_close(q->db);
    memset(q, 0, sizeof *q);
}

/* What the database holds before anything is written: *version 0 and
 * *others the number of tables that are not assay's. Reads only. */
static assay_code inspect(store *s, int *version, int *others, errinfo *e)
{
    sqlite3_stmt *st;
    *others = 0;
    if (sqlite3_prepare_v2(S(s)->db,
                           "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                           "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                           -1, &st, NULL) != SQLITE_OK)
        return db_error(s, e, "reading the database (is it an SQLite database?)");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *others = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_error(s, e, "reading the database (is it an SQLite database?)");
    assay_code r = read_schema_version(s, version, e);
    if (r == ASSAY_OK && *version == 0 && *others > 0)
        return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                          "is an SQLite database of another program (it has %d table%s and no "
                          "assay schema); assay leaves it untouched: choose another file for the "
                          "bank",
                          *others, *others == 1 ? "" : "s");
    *others = 0;
    return r;
}

/* Opens path read-only; a WAL bank whose folder cannot hold the -shm file
 * is opened immutable (nobody can be writing it through that folder). */
static assay_code open_readonly(store *s, const char *path, errinfo *e)
{
    sq *q = S(s);
    for (int immutable = 0; immutable < 2; immutable++) {
        char *uri = ro_uri(path, immutable);
        if (!uri)
            return err_set(e, ASSAY_ENOMEM, "out of memory");
        int rc = sqlite3_open_v2(
            uri, &q->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
        free(uri);
        if (rc != SQLITE_OK) {
            assay_code r = q->db ? db_error(s, e, "cannot open the database")
                                 : err_set(e, ASSAY_ENOMEM, "out of memory opening SQLite");
            sq_close(s);
            return r;
        }
        sqlite3_extended_result_codes(q->db, 1);
        sqlite3_busy_handler(q->db, busy_wait, s);
        int version = 0, others = 0;
        errinfo probe;
        err_clear(&probe);
        assay_code r = inspect(s, &version, &others, &probe);
        int code = sqlite3_extended_errcode(q->db) & 0xFF;
        if (r == ASSAY_ESTORAGE && !immutable &&
            (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) {
            sq_close(s);
            continue;
        }
        if (r != ASSAY_OK) {
            if (e)
                *e = probe;
            return r;
        }
        if (version > N_MIGRATIONS)
            return too_new(s, version, e);
        if (version == 0)
            return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                              "is read-only and holds no bank yet (no permission to write to the "
                              "file or its folder)");
        if (version < N_MIGRATIONS)
            return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                              "is read-only and was written by an older assay (schema version %d "
                              "of %d); open it once with write permission to upgrade it",
                              version, N_MIGRATIONS);
        q->readonly = 1;
        return ASSAY_OK;
    }
    return err_set(e, ASSAY_EINTERNAL, "opening a read-only bank");
}

static assay_code sq_open(store *s, const char *target, errinfo *e)
{
    sq *q = S(s);
    int memory = strcmp(target, ":memory:") == 0;
    int uri = strncmp(target, "file:", 5) == 0;
    if (!memory) {
        /* Only an existing folder holds a bank: a mistyped path is an error,
         * not a new empty bank somewhere (the front end creates its default
         * folder itself). */
        char *path = fs_path(target), *dir = path ? dir_of(path) : NULL;
        if (!dir) {
            free(path);
            return err_set(e, ASSAY_ENOMEM, "out of memory");
        }
        struct stat stb;
        int exists = stat(path, &stb) == 0, isdir = exists && S_ISDIR(stb.st_mode);
        int dir_ok = stat(dir, &stb) == 0 && S_ISDIR(stb.st_mode);
        int writable = access(dir, W_OK | X_OK) == 0 && (!exists || access(path, W_OK) == 0);
        assay_code rc = ASSAY_OK;
        if (isdir)
            rc = err_set_at(e, ASSAY_ESTORAGE, target, 0, 0, -1,
                            "is a directory, not a database file");
        else if (!dir_ok)
            rc = err_set_at(e, ASSAY_ESTORAGE, target, 0, 0, -1,
                            "no such folder: %s (create it first, or give another path for the "
                            "bank)",
                            dir);
        else if (!exists && !writable)
            rc = err_set_at(e, ASSAY_ESTORAGE, target, 0, 0, -1,
                            "cannot create the bank: no permission to write to the folder %s", dir);
        else if (!writable && !uri)
            rc = open_readonly(s, path, e);
        free(path);
        free(dir);
        if (rc != ASSAY_OK || q->readonly) {
            if (rc != ASSAY_OK)
                sq_close(s);
            return rc;
        }
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    if (sqlite3_open_v2(target, &q->db, flags, NULL) != SQLITE_OK) {
        assay_code rc = q->db ? db_error(s, e, "cannot open the database")
                              : err_set(e, ASSAY_ENOMEM, "out of memory opening SQLite");
        sq_close(s);
        return rc;
    }
    sqlite3_extended_result_codes(q->db, 1);
    sqlite3_busy_handler(q->db, busy_wait, s);
    /* Look before writing anything: another program's database is refused
     * byte for byte untouched (no WAL switch, no tables added). */
    int version = 0, others = 0;
    if (exec(s, "PRAGMA foreign_keys = ON", e, "enabling foreign keys") != 0 ||
        inspect(s, &version, &others, e) != ASSAY_OK || (!memory && set_wal(s, e) != ASSAY_OK) ||
        exec(s, "PRAGMA synchronous = NORMAL", e, "setting synchronous") != 0 ||
        migrate(s, e) != ASSAY_OK) {
        assay_code rc = e ? e->code : ASSAY_ESTORAGE;
        sq_close(s);
        return rc;
    }
    return ASSAY_OK;
}

static assay_code sq_begin(store *s, int write, errinfo *e)
{
    if (S(s)->in_tx)
        return err_set(e, ASSAY_EINTERNAL, "nested transaction");
    if (write && S(s)->readonly)
        return err_set_at(e, ASSAY_ESTORAGE, s->target, 0, 0, -1,
                          "the bank is read-only (no permission to write to the file or its "
                          "folder): this command writes to it; commands that only read it work");
    if (write && S(s)->overlay)
        return err_set(e, ASSAY_EINTERNAL,
                       "a bank opened to show the bundled knowledge base is read-only");
    if (write) {
        pthread_mutex_lock(&write_lock);
        S(s)->write_gen0 = write_gen;
        pthread_mutex_unlock(&write_lock);
    }
    if (exec(s, write ? "BEGIN IMMEDIATE" : "BEGIN", e, "starting a transaction") != 0)
        return e->code;
    S(s)->in_tx = write ? 2 : 1;
    return ASSAY_OK;
}

static assay_code sq_commit(store *s, errinfo *e)
{
    int wrote = S(s)->in_tx == 2;
    assay_code rc = ASSAY_OK;
    if (exec(s, "COMMIT", e, "committing") != 0) {
        sqlite3_exec(S(s)->db, "ROLLBACK", NULL, NULL, NULL);
        rc = e->code;
    }
    S(s)->in_tx = 0;
    if (wrote)
        write_ended();
    return rc;
}

static void sq_rollback(store *s)
{
    if (!S(s)->in_tx)
        return;
    int wrote = S(s)->in_tx == 2;
    sqlite3_exec(S(s)->db, "ROLLBACK", NULL, NULL, NULL);
    S(s)->in_tx = 0;
    if (wrote)
        write_ended();
}

/* ---- knowledge bases ---------------------------------------------------- */

static int read_kb(arena *a, sqlite3_stmt *st, void *row)
{
    store_kb *k = row;
    int oom = 0;
    k->id = sqlite3_column_int64(st, 0);
    k->name = col_text(a, st, 1, 0, &oom);
    k->title = col_text(a, st, 2, 0, &oom);
    k->source = col_text(a, st, 3, 0, &oom);
    k->content_hash = col_text(a, st, 4, 0, &oom);
    k->size = sqlite3_column_int64(st, 5);
    k->parser_version = sqlite3_column_int(st, 6);
    k->imported_at = sqlite3_column_int64(st, 7);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_kb_list(store *s, arena *a, store_kb **rows, size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_KB_LIST, e);
    if (!st)
        return e->code;
    return collect(s, st, a, sizeof **rows, read_kb, (void **)rows, n, e, "knowledge bases");
}

static assay_code sq_kb_get(store *s, const char *name, arena *a, store_kb **row, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_KB_GET, e);
    if (!st)
        return e->code;
    bind_text(st, 1, name);
    size_t n = 0;
    store_kb *rows = NULL;
    assay_code rc =
        collect(s, st, a, sizeof *rows, read_kb, (void **)&rows, &n, e, "a knowledge base");
    *row = rc == ASSAY_OK && n ? rows : NULL;
    return rc;
}

static assay_code sq_kb_put(store *s, store_kb *k, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, k->id ? ST_KB_UPDATE : ST_KB_INSERT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, k->name);
    bind_text(st, 2, k->title);
    bind_text(st, 3, k->source);
    bind_text(st, 4, k->content_hash);
    sqlite3_bind_int64(st, 5, k->size);
    sqlite3_bind_int(st, 6, k->parser_version);
    sqlite3_bind_int64(st, 7, k->imported_at);
    if (k->id)
        sqlite3_bind_int64(st, 8, k->id);
    assay_code rc = step_done(s, st, e, "storing a knowledge base");
    if (rc == ASSAY_OK && !k->id)
        k->id = sqlite3_last_insert_rowid(S(s)->db);
    return rc;
}

/* ---- level guide ---------------------------------------------------------- */

static int read_level(arena *a, sqlite3_stmt *st, void *row)
{
    store_level_def *l = row;
    int oom = 0;
    l->level = sqlite3_column_int(st, 0);
    l->label = col_text(a, st, 1, 0, &oom);
    l->audience = col_text(a, st, 2, 0, &oom);
    l->description = col_text(a, st, 3, 0, &oom);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_level_list(store *s, int64_t kb_id, arena *a, store_level_def **rows,
                                size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_LEVEL_LIST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, kb_id);
    return collect(s, st, a, sizeof **rows, read_level, (void **)rows, n, e, "the level guide");
}

static assay_code sq_level_replace(store *s, int64_t kb_id, const store_level_def *rows, size_t n,
                                   errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_LEVEL_DELETE, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, kb_id);
    assay_code rc = step_done(s, st, e, "replacing the level guide");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        st = stmt(s, ST_LEVEL_INSERT, e);
        if (!st)
            return e->code;
        sqlite3_bind_int64(st, 1, kb_id);
        sqlite3_bind_int(st, 2, rows[i].level);
        bind_text(st, 3, rows[i].label);
        bind_text(st, 4, rows[i].audience);
        bind_text(st, 5, rows[i].description);
        rc = step_done(s, st, e, "storing the level guide");
    }
    return rc;
}

/* ---- topics and level blocks ------------------------------------------- */

static int read_topic(arena *a, sqlite3_stmt *st, void *row)
{
    store_topic *t = row;
    int oom = 0;
    t->id = sqlite3_column_int64(st, 0);
    t->kb_id = sqlite3_column_int64(st, 1);
    t->key = col_text(a, st, 2, 0, &oom);
    t->number = sqlite3_column_int(st, 3);
    t->ordinal = sqlite3_column_int(st, 4);
    t->title = col_text(a, st, 5, 0, &oom);
    t->concept = col_text(a, st, 6, 0, &oom);
    t->source_line = (long)sqlite3_column_int64(st, 7);
    const unsigned char *status = sqlite3_column_text(st, 8);
    t->active = status && strcmp((const char *)status, "active") == 0;
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_topic_list(store *s, int64_t kb_id, arena *a, store_topic **rows, size_t *n,
                                errinfo *e)
{
    sqlite3_stmt *st = stmt(s, kb_id ? ST_TOPIC_LIST : ST_TOPIC_LIST_ALL, e);
    if (!st)
        return e->code;
    if (kb_id)
        sqlite3_bind_int64(st, 1, kb_id);
    return collect(s, st, a, sizeof **rows, read_topic, (void **)rows, n, e, "topics");
}

static assay_code sq_topic_put(store *s, store_topic *t, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, t->id ? ST_TOPIC_UPDATE : ST_TOPIC_INSERT, e);
    if (!st)
        return e->code;
    if (t->id) {
        sqlite3_bind_int64(st, 1, t->id);
    } else {
        sqlite3_bind_int64(st, 1, t->kb_id);
    }
    bind_text(st, 2, t->key);
    sqlite3_bind_int(st, 3, t->number);
    sqlite3_bind_int(st, 4, t->ordinal);
    bind_text(st, 5, t->title);
    bind_text(st, 6, t->concept);
    sqlite3_bind_int64(st, 7, t->source_line);
    bind_text(st, 8, t->active ? "active" : "retired");
    assay_code rc = step_done(s, st, e, "storing a topic");
    if (rc == ASSAY_OK && !t->id)
        t->id = sqlite3_last_insert_rowid(S(s)->db);
    return rc;
}

static int read_block(arena *a, sqlite3_stmt *st, void *row)
{
    store_block *b = row;
    int oom = 0;
    b->id = sqlite3_column_int64(st, 0);
    b->topic_id = sqlite3_column_int64(st, 1);
    b->level = sqlite3_column_int(st, 2);
    b->label = col_text(a, st, 3, 0, &oom);
    b->subtopics_json = col_text(a, st, 4, 0, &oom);
    b->source_line = (long)sqlite3_column_int64(st, 5);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_block_list(store *s, int64_t kb_id, arena *a, store_block **rows, size_t *n,
                                errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_BLOCK_LIST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, kb_id);
    return collect(s, st, a, sizeof **rows, read_block, (void **)rows, n, e, "level blocks");
}

static assay_code sq_block_put(store *s, store_block *b, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, b->id ? ST_BLOCK_UPDATE : ST_BLOCK_INSERT, e);
    if (!st)
        return e->code;
    int i = 1;
    if (b->id)
        sqlite3_bind_int64(st, i++, b->id);
    sqlite3_bind_int64(st, i++, b->topic_id);
    sqlite3_bind_int(st, i++, b->level);
    bind_text(st, i++, b->label);
    bind_text(st, i++, b->subtopics_json);
    sqlite3_bind_int64(st, i, b->source_line);
    assay_code rc = step_done(s, st, e, "storing a level block");
    if (rc == ASSAY_OK && !b->id)
        b->id = sqlite3_last_insert_rowid(S(s)->db);
    return rc;
}

static assay_code sq_block_delete(store *s, int64_t id, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_BLOCK_DELETE, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, id);
    return step_done(s, st, e, "removing a level block");
}

/* ---- items ---------------------------------------------------------------- */

static int read_item(arena *a, sqlite3_stmt *st, void *row)
{
    store_item *it = row;
    int oom = 0;
    it->id = col_text(a, st, 0, 0, &oom);
    it->kb_id = sqlite3_column_int64(st, 1);
    it->topic_id = sqlite3_column_int64(st, 2);
    it->kind = kind_of(sqlite3_column_text(st, 3));
    it->level = sqlite3_column_int(st, 4);
    const unsigned char *status = sqlite3_column_text(st, 5);
    it->active = status && strcmp((const char *)status, "active") == 0;
    it->version = sqlite3_column_int(st, 6);
    it->position = sqlite3_column_int64(st, 7);
    it->source_file = col_text(a, st, 8, 0, &oom);
    it->source_line = (long)sqlite3_column_int64(st, 9);
    it->created_at = sqlite3_column_int64(st, 10);
    it->updated_at = sqlite3_column_int64(st, 11);
    it->question = col_text(a, st, 12, 0, &oom);
    it->answer = col_text(a, st, 13, 0, &oom);
    it->detail_json = col_text(a, st, 14, 1, &oom);
    it->content_hash = col_text(a, st, 15, 0, &oom);
    it->stem_type = col_text(a, st, 16, 0, &oom);
    it->answer_form = col_text(a, st, 17, 0, &oom);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_item_list(store *s, const store_item_filter *f, arena *a, store_item **rows,
                               size_t *n, errinfo *e)
{
    /* The filter decides the WHERE clause, so this statement is built per call. */
    char sql[1024];
    int len = snprintf(sql, sizeof sql, "SELECT " ITEM_COLS ITEM_FROM " WHERE 1");
    if (f->kb_id)
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND i.kb_id = ?1");
    if (f->n_topic_ids)
        len += snprintf(sql + len, sizeof sql - (size_t)len,
                        " AND i.topic_id IN (SELECT value FROM json_each(?2))");
    if (f->level)
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND i.level = ?3");
    if (f->kind)
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND i.kind = ?4");
    if (!f->include_retired)
        len += snprintf(sql + len, sizeof sql - (size_t)len, " AND i.status = 'active'");
    snprintf(sql + len, sizeof sql - (size_t)len, " ORDER BY k.name, t.ordinal, i.position");

    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(S(s)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, e, "listing items");
    char *ids = NULL;
    if (f->kb_id)
        sqlite3_bind_int64(st, 1, f->kb_id);
    if (f->n_topic_ids) {
        size_t cap = f->n_topic_ids * 24 + 3;
        ids = malloc(cap);
        if (!ids) {
            sqlite3_finalize(st);
            return err_set(e, ASSAY_ENOMEM, "out of memory");
        }
        size_t w = 0;
        ids[w++] = '[';
        for (size_t i = 0; i < f->n_topic_ids; i++)
            w += (size_t)snprintf(ids + w, cap - w, "%s%lld", i ? "," : "",
                                  (long long)f->topic_ids[i]);
        ids[w++] = ']';
        ids[w] = '\0';
        sqlite3_bind_text(st, 2, ids, -1, SQLITE_STATIC);
    }
    if (f->level)
        sqlite3_bind_int(st, 3, f->level);
    if (f->kind)
        sqlite3_bind_text(st, 4, kind_str(f->kind), -1, SQLITE_STATIC);
    assay_code rc = collect(s, st, a, sizeof **rows, read_item, (void **)rows, n, e, "items");
    sqlite3_finalize(st);
    free(ids);
    return rc;
}

static assay_code sq_item_find(store *s, const char *prefix, size_t limit, arena *a,
                               store_item **rows, size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ITEM_FIND, e);
    if (!st)
        return e->code;
    bind_text(st, 1, prefix);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
    return collect(s, st, a, sizeof **rows, read_item, (void **)rows, n, e, "items");
}

static assay_code log_status(store *s, const store_item *it, int ev, int64_t now, errinfo *e)
{
    static const char *const names[] = {"added", "changed", "retired", "restored"};
    sqlite3_stmt *st = stmt(s, ST_STATUS_INSERT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, it->id);
    sqlite3_bind_int(st, 2, it->version);
    bind_text(st, 3, it->active ? "active" : "retired");
    bind_text(st, 4, names[ev]);
    sqlite3_bind_int64(st, 5, now);
    return step_done(s, st, e, "recording an item's status");
}

static assay_code insert_version(store *s, const store_item *it, int64_t now, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_VERSION_INSERT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, it->id);
    sqlite3_bind_int(st, 2, it->version);
    bind_text(st, 3, kind_str(it->kind));
    bind_level(st, 4, it->level);
    sqlite3_bind_int64(st, 5, it->topic_id);
    bind_text(st, 6, it->question);
    bind_text(st, 7, it->answer);
    bind_text(st, 8, it->detail_json);
    bind_text(st, 9, it->content_hash);
    bind_text(st, 10, it->source_file);
    sqlite3_bind_int64(st, 11, it->source_line);
    sqlite3_bind_int64(st, 12, now);
    return step_done(s, st, e, "storing an item version");
}

/* The item's classification, when the caller gives one (never a new version). */
static assay_code classify_item(store *s, const store_item *it, errinfo *e)
{
    if (!it->stem_type || !it->answer_form)
        return ASSAY_OK;
    sqlite3_stmt *st = stmt(s, ST_ITEM_CLASSIFY, e);
    if (!st)
        return e->code;
    bind_text(st, 1, it->id);
    bind_text(st, 2, it->stem_type);
    bind_text(st, 3, it->answer_form);
    return step_done(s, st, e, "classifying an item");
}

static assay_code sq_item_insert(store *s, const store_item *it, int64_t now, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ITEM_INSERT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, it->id);
    sqlite3_bind_int64(st, 2, it->kb_id);
    sqlite3_bind_int64(st, 3, it->topic_id);
    bind_text(st, 4, kind_str(it->kind));
    bind_level(st, 5, it->level);
    bind_text(st, 6, it->active ? "active" : "retired");
    sqlite3_bind_int(st, 7, it->version);
    sqlite3_bind_int64(st, 8, it->position);
    bind_text(st, 9, it->source_file);
    sqlite3_bind_int64(st, 10, it->source_line);
    sqlite3_bind_int64(st, 11, now);
    assay_code rc = step_done(s, st, e, "storing an item");
    if (rc == ASSAY_OK)
        rc = classify_item(s, it, e);
    if (rc == ASSAY_OK)
        rc = insert_version(s, it, now, e);
    if (rc == ASSAY_OK)
        rc = log_status(s, it, STORE_EV_ADDED, now, e);
    return rc;
}

static assay_code sq_item_update(store *s, const store_item *it, int new_version, int ev,
                                 int64_t now, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ITEM_UPDATE, e);
    if (!st)
        return e->code;
    bind_text(st, 1, it->id);
    sqlite3_bind_int64(st, 2, it->topic_id);
    bind_text(st, 3, kind_str(it->kind));
    bind_level(st, 4, it->level);
    bind_text(st, 5, it->active ? "active" : "retired");
    sqlite3_bind_int(st, 6, it->version);
    sqlite3_bind_int64(st, 7, it->position);
    bind_text(st, 8, it->source_file);
    sqlite3_bind_int64(st, 9, it->source_line);
    sqlite3_bind_int64(st, 10, now);
    assay_code rc = step_done(s, st, e, "updating an item");
    if (rc == ASSAY_OK)
        rc = classify_item(s, it, e);
    if (rc == ASSAY_OK && new_version)
        rc = insert_version(s, it, now, e);
    if (rc == ASSAY_OK && ev >= 0)
        rc = log_status(s, it, ev, now, e);
    return rc;
}

static int read_version(arena *a, sqlite3_stmt *st, void *row)
{
    store_version *v = row;
    int oom = 0;
    v->item_id = col_text(a, st, 0, 0, &oom);
    v->version = sqlite3_column_int(st, 1);
    v->kind = kind_of(sqlite3_column_text(st, 2));
    v->level = sqlite3_column_int(st, 3);
    v->topic_id = sqlite3_column_int64(st, 4);
    v->question = col_text(a, st, 5, 0, &oom);
    v->answer = col_text(a, st, 6, 0, &oom);
    v->detail_json = col_text(a, st, 7, 1, &oom);
    v->content_hash = col_text(a, st, 8, 0, &oom);
    v->source_file = col_text(a, st, 9, 0, &oom);
    v->source_line = (long)sqlite3_column_int64(st, 10);
    v->created_at = sqlite3_column_int64(st, 11);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_version_list(store *s, const char *item_id, arena *a, store_version **rows,
                                  size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_VERSION_LIST, e);
    if (!st)
        return e->code;
    bind_text(st, 1, item_id);
    return collect(s, st, a, sizeof **rows, read_version, (void **)rows, n, e, "item versions");
}

static int read_count(arena *a, sqlite3_stmt *st, void *row)
{
    (void)a;
    store_count *c = row;
    c->kb_id = sqlite3_column_int64(st, 0);
    c->topic_id = sqlite3_column_int64(st, 1);
    c->kind = kind_of(sqlite3_column_text(st, 2));
    c->level = sqlite3_column_int(st, 3);
    c->active = sqlite3_column_int(st, 4);
    c->n = sqlite3_column_int64(st, 5);
    return 0;
}

static assay_code sq_count_items(store *s, int64_t kb_id, arena *a, store_count **rows, size_t *n,
                                 errinfo *e)
{
    sqlite3_stmt *st = stmt(s, kb_id ? ST_COUNT : ST_COUNT_ALL, e);
    if (!st)
        return e->code;
    if (kb_id)
        sqlite3_bind_int64(st, 1, kb_id);
    return collect(s, st, a, sizeof **rows, read_count, (void **)rows, n, e, "item counts");
}

/* ---- attempts, responses, calibrations ------------------------------------ */

/* Runs an insert of a row at (attempt, position): a taken position is
 * ASSAY_EINPUT ("already has <what_at> at position N"), a missing attempt or
 * item ASSAY_ENOTFOUND. */
static assay_code step_at_position(store *s, sqlite3_stmt *st, int64_t attempt, int seq,
                                   const char *item, const char *what_at, const char *doing,
                                   errinfo *e)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return err_set(e, ASSAY_EINPUT, "attempt %lld already has %s at position %d",
                       (long long)attempt, what_at, seq);
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return err_set(e, ASSAY_ENOTFOUND, "no attempt %lld or no item %s", (long long)attempt,
                       item);
    if (rc != SQLITE_DONE)
        return db_error(s, e, doing);
    return ASSAY_OK;
}

/* A question type column (0 when it names none). */
static int col_qtype(sqlite3_stmt *st, int i)
{
    unsigned q = 0;
    const unsigned char *qt = sqlite3_column_text(st, i);
    if (!qt || assay_qtypes_parse((const char *)qt, &q) != ASSAY_OK || (q & (q - 1)))
        return 0;
    return (int)q;
}

static const char *attempt_kind_name(int kind)
{
    return kind == STORE_ATTEMPT_ASSESSMENT ? "assessment"
           : kind == STORE_ATTEMPT_REVIEW   ? "review"
                                            : "quiz";
}

static int attempt_kind_of(const unsigned char *s)
{
    if (s && strcmp((const char *)s, "assessment") == 0)
        return STORE_ATTEMPT_ASSESSMENT;
    if (s && strcmp((const char *)s, "review") == 0)
        return STORE_ATTEMPT_REVIEW;
    return STORE_ATTEMPT_QUIZ;
}

static assay_code sq_attempt_put(store *s, store_attempt *at, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, at->id ? ST_ATTEMPT_UPDATE : ST_ATTEMPT_INSERT, e);
    if (!st)
        return e->code;
    const char *status = at->finished ? "finished" : "open";
    if (at->id) {
        sqlite3_bind_int64(st, 1, at->id);
        bind_text(st, 2, at->config_json);
        bind_text(st, 3, at->state_json);
        bind_text(st, 4, status);
        sqlite3_bind_int64(st, 5, at->updated_at);
        assay_code rc = step_done(s, st, e, "updating an attempt");
        if (rc == ASSAY_OK && sqlite3_changes(S(s)->db) == 0)
            return err_set(e, ASSAY_ENOTFOUND, "no attempt %lld", (long long)at->id);
        return rc;
    }
    if (at->kb_id)
        sqlite3_bind_int64(st, 1, at->kb_id);
    else
        sqlite3_bind_null(st, 1);
    bind_text(st, 2, attempt_kind_name(at->kind));
    bind_text(st, 3, at->person ? at->person : "");
    bind_text(st, 4, at->form);
    sqlite3_bind_int(st, 5, at->simulated ? 1 : 0);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)at->seed);
    bind_text(st, 7, at->config_json);
    bind_text(st, 8, at->state_json);
    bind_text(st, 9, status);
    sqlite3_bind_int64(st, 10, at->created_at);
    sqlite3_bind_int64(st, 11, at->updated_at);
    assay_code rc = step_done(s, st, e, "storing an attempt");
    if (rc == ASSAY_OK)
        at->id = sqlite3_last_insert_rowid(S(s)->db);
    return rc;
}

static int read_attempt(arena *a, sqlite3_stmt *st, void *row)
{
    store_attempt *t = row;
    int oom = 0;
    t->id = sqlite3_column_int64(st, 0);
    t->kb_id = sqlite3_column_int64(st, 1);
    t->kind = attempt_kind_of(sqlite3_column_text(st, 2));
    t->person = col_text(a, st, 3, 0, &oom);
    t->form = col_text(a, st, 4, 1, &oom);
    t->simulated = sqlite3_column_int(st, 5);
    t->seed = (uint64_t)sqlite3_column_int64(st, 6);
    t->config_json = col_text(a, st, 7, 1, &oom);
    t->state_json = col_json(a, st, 8, &oom);
    const unsigned char *status = sqlite3_column_text(st, 9);
    t->finished = status && strcmp((const char *)status, "finished") == 0;
    t->created_at = sqlite3_column_int64(st, 10);
    t->updated_at = sqlite3_column_int64(st, 11);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_attempt_get(store *s, int64_t id, arena *a, store_attempt **row, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ATTEMPT_GET, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, id);
    size_t n = 0;
    store_attempt *rows = NULL;
    assay_code rc =
        collect(s, st, a, sizeof *rows, read_attempt, (void **)&rows, &n, e, "an attempt");
    *row = rc == ASSAY_OK && n ? rows : NULL;
    return rc;
}

static assay_code sq_response_add(store *s, const store_response *r, int *duplicate, errinfo *e)
{
    *duplicate = 0;
    sqlite3_stmt *st;
    if (r->request_id) {
        if (!(st = stmt(s, ST_RESPONSE_DUP, e)))
            return e->code;
        sqlite3_bind_int64(st, 1, r->attempt_id);
        bind_text(st, 2, r->request_id);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_ROW) {
            *duplicate = 1;
            return ASSAY_OK;
        }
        if (rc != SQLITE_DONE)
            return db_error(s, e, "looking up a response");
    }
    if (!(st = stmt(s, ST_RESPONSE_INSERT, e)))
        return e->code;
    sqlite3_bind_int64(st, 1, r->attempt_id);
    sqlite3_bind_int(st, 2, r->seq);
    bind_text(st, 3, r->item_id);
    sqlite3_bind_int(st, 4, r->item_version);
    bind_text(st, 5, assay_qtype_name((assay_qtype)r->qtype));
    sqlite3_bind_double(st, 6, r->score);
    if (r->choice >= 0)
        sqlite3_bind_int(st, 7, r->choice);
    if (r->key >= 0)
        sqlite3_bind_int(st, 8, r->key);
    bind_text(st, 9, r->options_json);
    bind_text(st, 10, r->answer);
    bind_text(st, 11, r->request_id);
    if (r->seconds >= 0)
        sqlite3_bind_double(st, 12, r->seconds);
    sqlite3_bind_int64(st, 13, r->at);
    bind_text(st, 14, r->grade_json);
    return step_at_position(s, st, r->attempt_id, r->seq, r->item_id, "an answer",
                            "storing a response", e);
}

static int read_response(arena *a, sqlite3_stmt *st, void *row)
{
    store_response *r = row;
    int oom = 0;
    r->attempt_id = sqlite3_column_int64(st, 0);
    r->seq = sqlite3_column_int(st, 1);
    r->item_id = col_text(a, st, 2, 0, &oom);
    r->item_version = sqlite3_column_int(st, 3);
    r->qtype = col_qtype(st, 4);
    r->score = sqlite3_column_double(st, 5);
    r->choice = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 6);
    r->key = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7);
    r->options_json = col_text(a, st, 8, 1, &oom);
    r->answer = col_text(a, st, 9, 1, &oom);
    r->request_id = col_text(a, st, 10, 1, &oom);
    r->seconds = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 11);
    r->at = sqlite3_column_int64(st, 12);
    r->attempt_kind = attempt_kind_of(sqlite3_column_text(st, 13));
    r->form = col_text(a, st, 14, 1, &oom);
    r->person = col_text(a, st, 15, 0, &oom);
    r->simulated = sqlite3_column_int(st, 16);
    r->grade_json = col_text(a, st, 17, 1, &oom);
    r->mark = sqlite3_column_type(st, 18) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 18);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_response_list(store *s, int64_t kb_id, arena *a, store_response **rows,
                                   size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_RESPONSE_LIST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, kb_id);
    return collect(s, st, a, sizeof **rows, read_response, (void **)rows, n, e, "responses");
}

static assay_code sq_calibration_add(store *s, store_calibration *c, const store_param *params,
                                     size_t n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_CALIB_INSERT, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, c->kb_id);
    bind_text(st, 2, c->model == 1 ? "rasch" : "2pl");
    sqlite3_bind_int64(st, 3, c->persons);
    sqlite3_bind_int64(st, 4, c->responses);
    sqlite3_bind_int(st, 5, c->cycles);
    sqlite3_bind_int(st, 6, c->converged ? 1 : 0);
    sqlite3_bind_double(st, 7, c->loglik);
    sqlite3_bind_double(st, 8, c->logprior);
    bind_text(st, 9, c->settings_json);
    sqlite3_bind_int64(st, 10, c->at);
    assay_code rc = step_done(s, st, e, "storing a calibration");
    if (rc != ASSAY_OK)
        return rc;
    c->id = sqlite3_last_insert_rowid(S(s)->db);
    if (!(st = stmt(s, ST_PARAM_DELETE, e)))
        return e->code;
    sqlite3_bind_int64(st, 1, c->kb_id);
    if ((rc = step_done(s, st, e, "replacing item parameters")) != ASSAY_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!(st = stmt(s, ST_PARAM_INSERT, e)))
            return e->code;
        bind_text(st, 1, params[i].item_id);
        sqlite3_bind_int64(st, 2, c->id);
        sqlite3_bind_double(st, 3, params[i].a);
        sqlite3_bind_double(st, 4, params[i].d);
        sqlite3_bind_double(st, 5, params[i].n);
        if ((rc = step_done(s, st, e, "storing item parameters")) != ASSAY_OK)
            return rc;
    }
    return ASSAY_OK;
}

static int read_calibration(arena *a, sqlite3_stmt *st, void *row)
{
    store_calibration *c = row;
    int oom = 0;
    c->id = sqlite3_column_int64(st, 0);
    c->kb_id = sqlite3_column_int64(st, 1);
    const unsigned char *m = sqlite3_column_text(st, 2);
    c->model = m && strcmp((const char *)m, "rasch") == 0 ? 1 : 2;
    c->persons = sqlite3_column_int64(st, 3);
    c->responses = sqlite3_column_int64(st, 4);
    c->cycles = sqlite3_column_int(st, 5);
    c->converged = sqlite3_column_int(st, 6);
    c->loglik = sqlite3_column_double(st, 7);
    c->logprior = sqlite3_column_double(st, 8);
    c->settings_json = col_text(a, st, 9, 1, &oom);
    c->at = sqlite3_column_int64(st, 10);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_calibration_latest(store *s, int64_t kb_id, arena *a, store_calibration **row,
                                        errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_CALIB_LATEST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, kb_id);
    size_t n = 0;
    store_calibration *rows = NULL;
    assay_code rc =
        collect(s, st, a, sizeof *rows, read_calibration, (void **)&rows, &n, e, "calibrations");
    *row = rc == ASSAY_OK && n ? rows : NULL;
    return rc;
}

static int read_param(arena *a, sqlite3_stmt *st, void *row)
{
    store_param *p = row;
    int oom = 0;
    p->item_id = col_text(a, st, 0, 0, &oom);
    p->calibration_id = sqlite3_column_int64(st, 1);
    p->a = sqlite3_column_double(st, 2);
    p->d = sqlite3_column_double(st, 3);
    p->n = sqlite3_column_double(st, 4);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_param_list(store *s, int64_t kb_id, arena *a, store_param **rows, size_t *n,
                                errinfo *e)
{
    sqlite3_stmt *st = stmt(s, kb_id ? ST_PARAM_LIST : ST_PARAM_LIST_ALL, e);
    if (!st)
        return e->code;
    if (kb_id)
        sqlite3_bind_int64(st, 1, kb_id);
    return collect(s, st, a, sizeof **rows, read_param, (void **)rows, n, e, "item parameters");
}

/* ---- sessions (ops version 3) --------------------------------------------- */

static assay_code sq_person_put(store *s, const char *name, int64_t now, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_PERSON_PUT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, now);
    return step_done(s, st, e, "storing a person");
}

static assay_code sq_attempt_list(store *s, const store_attempt_filter *f, arena *a,
                                  store_attempt **rows, size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ATTEMPT_LIST, e);
    if (!st)
        return e->code;
    bind_text(st, 1, f->person);
    bind_text(st, 2, f->kind ? attempt_kind_name(f->kind) : NULL);
    bind_text(st, 3, f->status < 0 ? NULL : f->status ? "finished" : "open");
    sqlite3_bind_int(st, 4, f->include_simulated ? 1 : 0);
    sqlite3_bind_int64(st, 5, f->limit ? (sqlite3_int64)f->limit : -1);
    return collect(s, st, a, sizeof **rows, read_attempt, (void **)rows, n, e, "attempts");
}

static assay_code sq_attempt_responses(store *s, int64_t attempt_id, arena *a,
                                       store_response **rows, size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ATTEMPT_RESPONSES, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, attempt_id);
    return collect(s, st, a, sizeof **rows, read_response, (void **)rows, n, e, "responses");
}

static assay_code sq_presentation_add(store *s, const store_presentation *p, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_PRESENT_INSERT, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, p->attempt_id);
    sqlite3_bind_int(st, 2, p->seq);
    bind_text(st, 3, p->item_id);
    sqlite3_bind_int(st, 4, p->item_version);
    bind_text(st, 5, assay_qtype_name((assay_qtype)p->qtype));
    bind_text(st, 6, p->question_json);
    sqlite3_bind_int64(st, 7, p->shown_at);
    return step_at_position(s, st, p->attempt_id, p->seq, p->item_id, "a shown question",
                            "storing a presented question", e);
}

static int read_presentation(arena *a, sqlite3_stmt *st, void *row)
{
    store_presentation *p = row;
    int oom = 0;
    p->attempt_id = sqlite3_column_int64(st, 0);
    p->seq = sqlite3_column_int(st, 1);
    p->item_id = col_text(a, st, 2, 0, &oom);
    p->item_version = sqlite3_column_int(st, 3);
    p->qtype = col_qtype(st, 4);
    p->question_json = col_text(a, st, 5, 0, &oom);
    p->shown_at = sqlite3_column_int64(st, 6);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_presentation_list(store *s, int64_t attempt_id, arena *a,
                                       store_presentation **rows, size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_PRESENT_LIST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, attempt_id);
    return collect(s, st, a, sizeof **rows, read_presentation, (void **)rows, n, e,
                   "presented questions");
}

static int read_card(arena *a, sqlite3_stmt *st, void *row)
{
    store_card *c = row;
    int oom = 0;
    c->person = col_text(a, st, 0, 0, &oom);
    c->item_id = col_text(a, st, 1, 0, &oom);
    c->state = sqlite3_column_int(st, 2);
    c->stability = sqlite3_column_double(st, 3);
    c->difficulty = sqlite3_column_double(st, 4);
    c->due = sqlite3_column_int64(st, 5);
    c->last_review = sqlite3_column_int64(st, 6);
    c->reps = sqlite3_column_int(st, 7);
    c->lapses = sqlite3_column_int(st, 8);
    c->step = sqlite3_column_int(st, 9);
    c->scheduled_days = sqlite3_column_double(st, 10);
    c->updated_at = sqlite3_column_int64(st, 11);
    return -oom; /* -1 out of memory, -2 damaged text, -3 both */
}

static assay_code sq_card_get(store *s, const char *person, const char *item_id, arena *a,
                              store_card **row, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_CARD_GET, e);
    if (!st)
        return e->code;
    bind_text(st, 1, person);
    bind_text(st, 2, item_id);
    size_t n = 0;
    store_card *rows = NULL;
    assay_code rc = collect(s, st, a, sizeof *rows, read_card, (void **)&rows, &n, e, "a card");
    *row = rc == ASSAY_OK && n ? rows : NULL;
    return rc;
}

static assay_code sq_card_put(store *s, const store_card *c, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_CARD_PUT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, c->person);
    bind_text(st, 2, c->item_id);
    sqlite3_bind_int(st, 3, c->state);
    sqlite3_bind_double(st, 4, c->stability);
    sqlite3_bind_double(st, 5, c->difficulty);
    sqlite3_bind_int64(st, 6, c->due);
    sqlite3_bind_int64(st, 7, c->last_review);
    sqlite3_bind_int(st, 8, c->reps);
    sqlite3_bind_int(st, 9, c->lapses);
    sqlite3_bind_int(st, 10, c->step);
    sqlite3_bind_double(st, 11, c->scheduled_days);
    sqlite3_bind_int64(st, 12, c->updated_at);
    return step_done(s, st, e, "storing a review card");
}

static assay_code sq_card_list(store *s, const char *person, int64_t due_by, size_t limit, arena *a,
                               store_card **rows, size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_CARD_LIST, e);
    if (!st)
        return e->code;
    bind_text(st, 1, person);
    sqlite3_bind_int64(st, 2, due_by);
    sqlite3_bind_int64(st, 3, limit ? (sqlite3_int64)limit : -1);
    return collect(s, st, a, sizeof **rows, read_card, (void **)rows, n, e, "review cards");
}

/* ---- marks and thesauri (ops version 4) ------------------------------------ */

static assay_code sq_mark_add(store *s, store_mark *m, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_MARK_INSERT, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, m->attempt_id);
    sqlite3_bind_int(st, 2, m->seq);
    sqlite3_bind_double(st, 3, m->score);
    bind_text(st, 4, m->marker);
    bind_text(st, 5, m->note);
    sqlite3_bind_int64(st, 6, m->at);
    assay_code rc = step_done(s, st, e, "storing a mark");
    if (rc != ASSAY_OK)
        return rc;
    if (sqlite3_changes(S(s)->db) == 0)
        return err_set(e, ASSAY_ENOTFOUND, "attempt %lld has no answer at position %d",
                       (long long)m->attempt_id, m->seq);
    m->id = sqlite3_last_insert_rowid(S(s)->db);
    return ASSAY_OK;
}

static int read_mark(arena *a, sqlite3_stmt *st, void *row)
{
    store_mark *m = row;
    int oom = 0;
    m->id = sqlite3_column_int64(st, 0);
    m->attempt_id = sqlite3_column_int64(st, 1);
    m->seq = sqlite3_column_int(st, 2);
    m->score = sqlite3_column_double(st, 3);
    m->marker = col_text(a, st, 4, 0, &oom);
    m->note = col_text(a, st, 5, 1, &oom);
    m->at = sqlite3_column_int64(st, 6);
    return -oom;
}

static assay_code sq_mark_list(store *s, int64_t attempt_id, int seq, arena *a, store_mark **rows,
                               size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_MARK_LIST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, attempt_id);
    sqlite3_bind_int(st, 2, seq);
    return collect(s, st, a, sizeof **rows, read_mark, (void **)rows, n, e, "marks");
}

static int read_mark_row(arena *a, sqlite3_stmt *st, void *row)
{
    store_mark_row *m = row;
    int r = read_response(a, st, &m->r), oom = r < 0 ? -r : 0;
    m->kb = col_text(a, st, 19, 0, &oom);
    m->topic = col_text(a, st, 20, 0, &oom);
    m->question = col_text(a, st, 21, 0, &oom);
    m->reference = col_text(a, st, 22, 0, &oom);
    m->n_marks = sqlite3_column_int(st, 23);
    m->marker = col_text(a, st, 24, 1, &oom);
    m->note = col_text(a, st, 25, 1, &oom);
    m->marked_at = sqlite3_column_int64(st, 26);
    return -oom;
}

static assay_code sq_mark_queue(store *s, const store_mark_filter *f, arena *a,
                                store_mark_row **rows, size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_MARK_QUEUE, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, f->kb_id);
    sqlite3_bind_int64(st, 2, f->topic_id);
    bind_text(st, 3, f->person);
    sqlite3_bind_int64(st, 4, f->attempt_id);
    sqlite3_bind_int(st, 5, f->all ? 1 : 0);
    sqlite3_bind_int64(st, 6, f->limit ? (sqlite3_int64)f->limit : -1);
    return collect(s, st, a, sizeof **rows, read_mark_row, (void **)rows, n, e, "answers to mark");
}

static assay_code sq_thes_replace(store *s, int64_t kb_id, const store_thes *rows, size_t n,
                                  errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_THES_DELETE, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, kb_id);
    assay_code rc = step_done(s, st, e, "replacing the thesaurus");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        if (!(st = stmt(s, ST_THES_INSERT, e)))
            return e->code;
        sqlite3_bind_int64(st, 1, kb_id);
        sqlite3_bind_int64(st, 2, rows[i].line);
        bind_text(st, 3, rows[i].spellings);
        rc = step_done(s, st, e, "storing the thesaurus");
    }
    return rc;
}

static int read_thes(arena *a, sqlite3_stmt *st, void *row)
{
    store_thes *t = row;
    int oom = 0;
    t->line = (long)sqlite3_column_int64(st, 0);
    t->spellings = col_text(a, st, 1, 0, &oom);
    return -oom;
}

static assay_code sq_thes_list(store *s, int64_t kb_id, arena *a, store_thes **rows, size_t *n,
                               errinfo *e)
{
    sqlite3_stmt *st = stmt(s, kb_id ? ST_THES_LIST : ST_THES_LIST_ALL, e);
    if (!st)
        return e->code;
    if (kb_id)
        sqlite3_bind_int64(st, 1, kb_id);
    return collect(s, st, a, sizeof **rows, read_thes, (void **)rows, n, e, "the thesaurus");
}

/* ---- accounts and sign-ins (ops version 5) -------------------------------- */

static assay_code sq_account_add(store *s, store_account *acc, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ACCOUNT_INSERT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, acc->name);
    bind_text(st, 2, acc->pwhash);
    bind_text(st, 3, acc->role ? acc->role : "learner");
    sqlite3_bind_int64(st, 4, acc->created_at);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return err_set_param(e, ASSAY_EINPUT, "name", "the name '%s' is taken", acc->name);
    if (rc != SQLITE_DONE)
        return db_error(s, e, "storing an account");
    acc->id = sqlite3_last_insert_rowid(((sq *)s->state)->db);
    return ASSAY_OK;
}

static int read_account(arena *a, sqlite3_stmt *st, void *row)
{
    store_account *acc = row;
    int oom = 0;
    acc->id = sqlite3_column_int64(st, 0);
    acc->name = col_text(a, st, 1, 0, &oom);
    acc->pwhash = col_text(a, st, 2, 0, &oom);
    acc->role = col_text(a, st, 3, 0, &oom);
    acc->created_at = sqlite3_column_int64(st, 4);
    return -oom;
}

static assay_code sq_account_get(store *s, const char *name, arena *a, store_account **row,
                                 errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ACCOUNT_GET, e);
    if (!st)
        return e->code;
    bind_text(st, 1, name);
    size_t n = 0;
    store_account *rows = NULL;
    assay_code rc =
        collect(s, st, a, sizeof *rows, read_account, (void **)&rows, &n, e, "an account");
    *row = rc == ASSAY_OK && n ? rows : NULL;
    return rc;
}

static assay_code sq_signin_put(store *s, const store_signin *si, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_SIGNIN_PURGE, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, si->created_at);
    assay_code rc = step_done(s, st, e, "dropping expired sign-ins");
    if (rc != ASSAY_OK || !(st = stmt(s, ST_SIGNIN_INSERT, e)))
        return rc != ASSAY_OK ? rc : e->code;
    bind_text(st, 1, si->token_hash);
    sqlite3_bind_int64(st, 2, si->account_id);
    bind_text(st, 3, si->csrf);
    sqlite3_bind_int64(st, 4, si->created_at);
    sqlite3_bind_int64(st, 5, si->expires_at);
    return step_done(s, st, e, "storing a sign-in");
}

static int read_signin(arena *a, sqlite3_stmt *st, void *row)
{
    store_signin *si = row;
    int oom = 0;
    si->token_hash = col_text(a, st, 0, 0, &oom);
    si->account_id = sqlite3_column_int64(st, 1);
    si->name = col_text(a, st, 2, 0, &oom);
    si->role = col_text(a, st, 3, 0, &oom);
    si->csrf = col_text(a, st, 4, 0, &oom);
    si->created_at = sqlite3_column_int64(st, 5);
    si->expires_at = sqlite3_column_int64(st, 6);
    return -oom;
}

static assay_code sq_signin_get(store *s, const char *token_hash, int64_t now, arena *a,
                                store_signin **row, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_SIGNIN_GET, e);
    if (!st)
        return e->code;
    bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, now);
    size_t n = 0;
    store_signin *rows = NULL;
    assay_code rc =
        collect(s, st, a, sizeof *rows, read_signin, (void **)&rows, &n, e, "a sign-in");
    *row = rc == ASSAY_OK && n ? rows : NULL;
    return rc;
}

static assay_code sq_signin_delete(store *s, const char *token_hash, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_SIGNIN_DELETE, e);
    if (!st)
        return e->code;
    bind_text(st, 1, token_hash);
    return step_done(s, st, e, "ending a sign-in");
}

/* ---- assessors' groups and invites (ops version 6) ------------------------ */

static assay_code sq_group_add(store *s, store_group *g, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_GROUP_INSERT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, g->name);
    sqlite3_bind_int64(st, 2, g->owner_id);
    sqlite3_bind_int64(st, 3, g->created_at);
    assay_code rc = step_done(s, st, e, "storing a group");
    if (rc == ASSAY_OK)
        g->id = sqlite3_last_insert_rowid(S(s)->db);
    return rc;
}

static int read_group(arena *a, sqlite3_stmt *st, void *row)
{
    store_group *g = row;
    int oom = 0;
    g->id = sqlite3_column_int64(st, 0);
    g->name = col_text(a, st, 1, 0, &oom);
    g->owner_id = sqlite3_column_int64(st, 2);
    g->owner = col_text(a, st, 3, 0, &oom);
    g->created_at = sqlite3_column_int64(st, 4);
    g->members = sqlite3_column_int64(st, 5);
    return -oom;
}

static assay_code sq_group_get(store *s, int64_t id, arena *a, store_group **row, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_GROUP_GET, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, id);
    size_t n = 0;
    store_group *rows = NULL;
    assay_code rc = collect(s, st, a, sizeof *rows, read_group, (void **)&rows, &n, e, "a group");
    *row = rc == ASSAY_OK && n ? rows : NULL;
    return rc;
}

static assay_code sq_group_list(store *s, int64_t owner_id, arena *a, store_group **rows, size_t *n,
                                errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_GROUP_LIST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, owner_id);
    return collect(s, st, a, sizeof **rows, read_group, (void **)rows, n, e, "the groups");
}

static assay_code sq_member_add(store *s, const store_member *m, int *added, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_MEMBER_INSERT, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, m->group_id);
    sqlite3_bind_int64(st, 2, m->account_id);
    sqlite3_bind_int64(st, 3, m->joined_at);
    assay_code rc = step_done(s, st, e, "storing a group member");
    if (added)
        *added = rc == ASSAY_OK && sqlite3_changes(S(s)->db) > 0;
    return rc;
}

static int read_member(arena *a, sqlite3_stmt *st, void *row)
{
    store_member *m = row;
    int oom = 0;
    m->group_id = sqlite3_column_int64(st, 0);
    m->account_id = sqlite3_column_int64(st, 1);
    m->name = col_text(a, st, 2, 0, &oom);
    m->joined_at = sqlite3_column_int64(st, 3);
    return -oom;
}

static assay_code sq_member_list(store *s, int64_t group_id, arena *a, store_member **rows,
                                 size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_MEMBER_LIST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, group_id);
    return collect(s, st, a, sizeof **rows, read_member, (void **)rows, n, e, "group members");
}

static assay_code sq_invite_add(store *s, store_invite *inv, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_INVITE_INSERT, e);
    if (!st)
        return e->code;
    bind_text(st, 1, inv->token_hash);
    sqlite3_bind_int64(st, 2, inv->group_id);
    bind_text(st, 3, inv->kind);
    bind_text(st, 4, inv->spec_json);
    sqlite3_bind_int64(st, 5, inv->created_at);
    sqlite3_bind_int64(st, 6, inv->expires_at);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return err_set_param(e, ASSAY_EINPUT, "token", "this invite token is stored already");
    if (rc != SQLITE_DONE)
        return db_error(s, e, "storing an invite");
    inv->id = sqlite3_last_insert_rowid(S(s)->db);
    return ASSAY_OK;
}

static int read_invite(arena *a, sqlite3_stmt *st, void *row)
{
    store_invite *inv = row;
    int oom = 0;
    inv->id = sqlite3_column_int64(st, 0);
    inv->token_hash = col_text(a, st, 1, 0, &oom);
    inv->group_id = sqlite3_column_int64(st, 2);
    inv->kind = col_text(a, st, 3, 0, &oom);
    inv->spec_json = col_text(a, st, 4, 0, &oom);
    inv->created_at = sqlite3_column_int64(st, 5);
    inv->expires_at = sqlite3_column_int64(st, 6);
    inv->revoked = sqlite3_column_int(st, 7) != 0;
    inv->uses = sqlite3_column_int64(st, 8);
    inv->group_name = col_text(a, st, 9, 0, &oom);
    inv->owner = col_text(a, st, 10, 0, &oom);
    return -oom;
}

static assay_code sq_invite_get(store *s, const char *token_hash, arena *a, store_invite **row,
                                errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_INVITE_GET, e);
    if (!st)
        return e->code;
    bind_text(st, 1, token_hash);
    size_t n = 0;
    store_invite *rows = NULL;
    assay_code rc =
        collect(s, st, a, sizeof *rows, read_invite, (void **)&rows, &n, e, "an invite");
    *row = rc == ASSAY_OK && n ? rows : NULL;
    return rc;
}

static assay_code sq_invite_list(store *s, int64_t group_id, arena *a, store_invite **rows,
                                 size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_INVITE_LIST, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, group_id);
    return collect(s, st, a, sizeof **rows, read_invite, (void **)rows, n, e, "invites");
}

static assay_code sq_invite_revoke(store *s, int64_t group_id, int64_t id, int *found, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_INVITE_REVOKE, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, group_id);
    sqlite3_bind_int64(st, 2, id);
    assay_code rc = step_done(s, st, e, "revoking an invite");
    *found = rc == ASSAY_OK && sqlite3_changes(S(s)->db) > 0;
    return rc;
}

static assay_code sq_invite_use(store *s, int64_t invite_id, int64_t account_id, int64_t attempt_id,
                                int64_t at, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_INVITE_USE, e);
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, invite_id);
    sqlite3_bind_int64(st, 2, account_id);
    sqlite3_bind_int64(st, 3, attempt_id);
    sqlite3_bind_int64(st, 4, at);
    assay_code rc = step_done(s, st, e, "storing the attempt an invite started");
    if (rc != ASSAY_OK || !(st = stmt(s, ST_INVITE_COUNT, e)))
        return rc != ASSAY_OK ? rc : e->code;
    sqlite3_bind_int64(st, 1, invite_id);
    return step_done(s, st, e, "counting an invite's use");
}

static assay_code sq_invite_open_attempt(store *s, int64_t invite_id, int64_t account_id,
                                         int64_t *attempt_id, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_INVITE_OPEN, e);
    *attempt_id = 0;
    if (!st)
        return e->code;
    sqlite3_bind_int64(st, 1, invite_id);
    sqlite3_bind_int64(st, 2, account_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *attempt_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(s, e, "reading the attempt an invite started");
    return ASSAY_OK;
}

/* ---- overlay: another store's knowledge bases, for reads ----------------- */

/* Temporary views named like the tables shadow them (SQLite looks in temp
 * first), so every statement above reads both. A later migration that adds a
 * column to one of these tables adds it here too. */
static const char overlay_sql[] =
    "CREATE TEMP VIEW overlay_kb_ids AS SELECT id FROM overlay.kb "
    "WHERE name NOT IN (SELECT name FROM main.kb);"
    "CREATE TEMP VIEW overlay_item_ids AS SELECT id FROM overlay.item "
    "WHERE kb_id IN (SELECT id FROM temp.overlay_kb_ids);"
    "CREATE TEMP VIEW kb AS "
    "SELECT id, name, title, source, content_hash, size, parser_version, imported_at FROM main.kb "
    "UNION ALL SELECT id + " OVERLAY_ID_BASE ", name, title, source, content_hash, size, "
    "parser_version, imported_at FROM overlay.kb WHERE id IN (SELECT id FROM temp.overlay_kb_ids);"
    "CREATE TEMP VIEW level_def AS "
    "SELECT kb_id, level, label, audience, description FROM main.level_def "
    "UNION ALL SELECT kb_id + " OVERLAY_ID_BASE ", level, label, audience, description "
    "FROM overlay.level_def WHERE kb_id IN (SELECT id FROM temp.overlay_kb_ids);"
    "CREATE TEMP VIEW topic AS "
    "SELECT id, kb_id, key, number, ordinal, title, concept, source_line, status FROM main.topic "
    "UNION ALL SELECT id + " OVERLAY_ID_BASE ", kb_id + " OVERLAY_ID_BASE ", key, number, ordinal, "
    "title, concept, source_line, status FROM overlay.topic "
    "WHERE kb_id IN (SELECT id FROM temp.overlay_kb_ids);"
    "CREATE TEMP VIEW level_block AS "
    "SELECT id, topic_id, level, label, subtopics, source_line FROM main.level_block "
    "UNION ALL SELECT b.id + " OVERLAY_ID_BASE ", b.topic_id + " OVERLAY_ID_BASE ", b.level, "
    "b.label, b.subtopics, b.source_line FROM overlay.level_block b "
    "JOIN overlay.topic t ON t.id = b.topic_id "
    "WHERE t.kb_id IN (SELECT id FROM temp.overlay_kb_ids);"
    "CREATE TEMP VIEW item AS "
    "SELECT id, kb_id, topic_id, kind, level, status, version, position, source_file, "
    "source_line, created_at, updated_at, stem_type, answer_form FROM main.item "
    "UNION ALL SELECT id, kb_id + " OVERLAY_ID_BASE ", topic_id + " OVERLAY_ID_BASE ", kind, "
    "level, status, version, position, source_file, source_line, created_at, updated_at, "
    "stem_type, answer_form "
    "FROM overlay.item WHERE kb_id IN (SELECT id FROM temp.overlay_kb_ids);"
    "CREATE TEMP VIEW item_version AS "
    "SELECT item_id, version, kind, level, topic_id, question, answer, detail, content_hash, "
    "source_file, source_line, created_at FROM main.item_version "
    "UNION ALL SELECT item_id, version, kind, level, topic_id + " OVERLAY_ID_BASE ", question, "
    "answer, detail, content_hash, source_file, source_line, created_at FROM overlay.item_version "
    "WHERE item_id IN (SELECT id FROM temp.overlay_item_ids);"
    "CREATE TEMP VIEW item_status AS "
    "SELECT id, item_id, version, status, event, at FROM main.item_status "
    "UNION ALL SELECT id + " OVERLAY_ID_BASE ", item_id, version, status, event, at "
    "FROM overlay.item_status WHERE item_id IN (SELECT id FROM temp.overlay_item_ids);"
    "CREATE TEMP VIEW kb_thesaurus AS "
    "SELECT kb_id, line, spellings FROM main.kb_thesaurus "
    "UNION ALL SELECT kb_id + " OVERLAY_ID_BASE ", line, spellings FROM overlay.kb_thesaurus "
    "WHERE kb_id IN (SELECT id FROM temp.overlay_kb_ids);";

static const char overlay_drop_sql[] =
    "DROP VIEW IF EXISTS temp.kb_thesaurus; DROP VIEW IF EXISTS temp.item_status; DROP VIEW IF "
    "EXISTS temp.item_version;"
    "DROP VIEW IF EXISTS temp.item; DROP VIEW IF EXISTS temp.level_block;"
    "DROP VIEW IF EXISTS temp.topic; DROP VIEW IF EXISTS temp.level_def;"
    "DROP VIEW IF EXISTS temp.kb; DROP VIEW IF EXISTS temp.overlay_item_ids;"
    "DROP VIEW IF EXISTS temp.overlay_kb_ids; DETACH DATABASE overlay;";

static void drop_statements(sq *q)
{
    for (int i = 0; i < ST__COUNT; i++) {
        sqlite3_finalize(q->st[i]);
        q->st[i] = NULL;
    }
}

static assay_code sq_overlay(store *s, store *other, errinfo *e)
{
    sq *q = S(s);
    if (q->in_tx)
        return err_set(e, ASSAY_EINTERNAL, "an overlay changes outside transactions");
    drop_statements(q); /* prepared against the tables; the views come next */
    if (!other) {
        if (q->overlay && exec(s, overlay_drop_sql, e, "removing the overlay") != 0)
            return e->code;
        q->overlay = 0;
        return ASSAY_OK;
    }
    if (q->overlay || other->ops != s->ops)
        return err_set(e, ASSAY_EINTERNAL, "one overlay, from a store of the same backend");
    sqlite3_int64 size = 0;
    unsigned char *img = sqlite3_serialize(S(other)->db, "main", &size, 0);
    if (!img)
        return err_set(e, ASSAY_ENOMEM, "out of memory copying the bundled knowledge base");
    if (exec(s, "ATTACH ':memory:' AS overlay", e, "attaching the bundled knowledge base") != 0) {
        sqlite3_free(img);
        return e->code;
    }
    /* on failure SQLite frees img itself */
    if (sqlite3_deserialize(q->db, "overlay", img, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) !=
            SQLITE_OK ||
        exec(s, overlay_sql, e, "showing the bundled knowledge base") != 0) {
        assay_code rc =
            e && e->code ? e->code : db_error(s, e, "showing the bundled knowledge base");
        sqlite3_exec(q->db, overlay_drop_sql, NULL, NULL, NULL);
        return rc;
    }
    q->overlay = 1;
    return ASSAY_OK;
}

/* ---- account listing and roles (ops version 6) ---------------------------- */

static assay_code sq_account_list(store *s, arena *a, store_account **rows, size_t *n, errinfo *e)
{
    sqlite3_stmt *st = stmt(s, ST_ACCOUNT_LIST, e);
    if (!st)
        return e->code;
    return collect(s, st, a, sizeof **rows, read_account, (void **)rows, n, e, "the accounts");
}

static assay_code sq_account_set_role(store *s, const char *name, const char *role, errinfo *e)
{
    if (!role || (strcmp(role, "learner") != 0 && strcmp(role, "assessor") != 0 &&
                  strcmp(role, "admin") != 0))
        return err_set_param(e, ASSAY_EINPUT, "role",
                             "a role is learner, assessor or admin, not '%s'", role ? role : "");
    sqlite3_stmt *st = stmt(s, ST_ACCOUNT_ROLE, e);
    if (!st)
        return e->code;
    bind_text(st, 1, name);
    bind_text(st, 2, role);
    assay_code rc = step_done(s, st, e, "setting an account's role");
    if (rc == ASSAY_OK && sqlite3_changes(((sq *)s->state)->db) == 0)
        return err_set_param(e, ASSAY_ENOTFOUND, "name", "no account '%s'", name);
    return rc;
}

/* ---- durable commits (ops version 8) --------------------------------------- */

/* The bank is in WAL mode (set_wal) with synchronous = NORMAL: a commit is
 * written to the -wal file but not fsynced; an fsync of that file (api/sync.c)
 * makes every commit written before it durable. */
static assay_code sq_durable_file(store *s, char **path, errinfo *e)
{
    *path = NULL;
    const char *f = S(s)->db ? sqlite3_db_filename(S(s)->db, "main") : NULL;
    if (!f || !*f)
        return ASSAY_OK; /* in memory: nothing to make durable */
    if (S(s)->readonly)
        return ASSAY_OK; /* nothing is written through it */
    size_t n = strlen(f);
    char *p = malloc(n + 5);
    if (!p)
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    memcpy(p, f, n);
    memcpy(p + n, "-wal", 5);
    *path = p;
    return ASSAY_OK;
}

/* ---- isolation (ops version 9) --------------------------------------------- */

/* BEGIN IMMEDIATE (sq_begin) serialises every writer of the file already. */
static assay_code sq_lock_kb(store *s, const char *name, errinfo *e)
{
    (void)name;
    if (S(s)->in_tx != 2)
        return err_set(e, ASSAY_EINTERNAL, "lock_kb outside a write transaction");
    return ASSAY_OK;
}

/* ---- whole-bank copies (ops version 10) ------------------------------------ */

static assay_code sq_rows_read(store *s, const store_table *t, store_row_fn fn, void *ud,
                               errinfo *e)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM main.%s ORDER BY %s", t->cols, t->name, t->order);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(S(s)->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, e, "reading a table to copy");
    size_t n = strlen(t->types);
    const char *v[32];
    char num[32][40];
    int rc;
    while (n <= 32 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t i = 0; i < n; i++) {
            int c = (int)i;
            if (sqlite3_column_type(st, c) == SQLITE_NULL)
                v[i] = NULL;
            else if (t->types[i] == 'r') {
                snprintf(num[i], sizeof num[i], "%.17g", sqlite3_column_double(st, c));
                v[i] = num[i];
            } else {
                v[i] = (const char *)sqlite3_column_text(st, c);
                if (!v[i]) {
                    sqlite3_finalize(st);
                    return err_set(e, ASSAY_ENOMEM, "out of memory copying %s", t->name);
                }
            }
        }
        if (fn(ud, v) != 0) {
            sqlite3_finalize(st);
            return e && e->code ? e->code : ASSAY_EINTERNAL;
        }
    }
    sqlite3_finalize(st);
    if (n > 32 || rc != SQLITE_DONE)
        return db_error(s, e, "reading a table to copy");
    return ASSAY_OK;
}

static assay_code sq_row_write(store *s, const store_table *t, const char *const *v, errinfo *e)
{
    sq *q = S(s);
    size_t n = strlen(t->types);
    if (q->copy_t != t) {
        sqlite3_finalize(q->copy_st);
        q->copy_st = NULL;
        q->copy_t = NULL;
        char sql[1024];
        int w = snprintf(sql, sizeof sql, "INSERT INTO main.%s (%s) VALUES (", t->name, t->cols);
        for (size_t i = 0; i < n && w > 0 && (size_t)w < sizeof sql - 8; i++)
            w += snprintf(sql + w, sizeof sql - (size_t)w, i ? ", ?" : "?");
        snprintf(sql + w, sizeof sql - (size_t)w, ")");
        if (sqlite3_prepare_v2(q->db, sql, -1, &q->copy_st, NULL) != SQLITE_OK)
            return db_error(s, e, "preparing to copy a table");
        q->copy_t = t;
    }
    sqlite3_stmt *st = q->copy_st;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (size_t i = 0; i < n; i++) {
        int c = (int)i + 1;
        if (!v[i])
            sqlite3_bind_null(st, c);
        else if (t->types[i] == 'i')
            sqlite3_bind_int64(st, c, strtoll(v[i], NULL, 10));
        else if (t->types[i] == 'r')
            sqlite3_bind_double(st, c, strtod(v[i], NULL));
        else
            sqlite3_bind_text(st, c, v[i], -1, SQLITE_TRANSIENT);
    }
    return step_done(s, st, e, "copying a row");
}

static assay_code sq_rows_done(store *s, const store_table *t, errinfo *e)
{
    (void)t;
    (void)e;
    sq *q = S(s);
    sqlite3_finalize(q->copy_st); /* INTEGER PRIMARY KEY goes on after max(id) by itself */
    q->copy_st = NULL;
    q->copy_t = NULL;
    return ASSAY_OK;
}

/* The online backup API: a consistent copy even while others write. */
static assay_code sq_backup_to(store *s, const char *path, errinfo *e)
{
    struct stat stb;
    if (stat(path, &stb) == 0)
        return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1,
                          "exists already; a backup goes into a new file");
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        assay_code rc = err_set_at(e, ASSAY_ESTORAGE, path, 0, 0, -1, "cannot create: %s",
                                   dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        return rc;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", S(s)->db, "main");
    int rc = b ? SQLITE_OK : sqlite3_errcode(dst);
    double t0 = mono_s();
    while (b && (rc = sqlite3_backup_step(b, 256)) != SQLITE_DONE) {
        if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        if (rc != SQLITE_OK && (mono_s() - t0) * 1000 > BUSY_TIMEOUT_MS)
            break;
        if (rc != SQLITE_OK)
            sqlite3_sleep(20);
    }
    if (b)
        sqlite3_backup_finish(b);
    assay_code out = ASSAY_OK;
    if (rc != SQLITE_DONE)
        out = err_set_at(e, ASSAY_ESTORAGE, path, 0, 0, -1, "the backup failed: %s (SQLite %d)",
                         sqlite3_errmsg(dst), rc);
    if (sqlite3_close(dst) != SQLITE_OK && out == ASSAY_OK)
        out = err_set_at(e, ASSAY_ESTORAGE, path, 0, 0, -1, "the backup failed when closing");
    if (out != ASSAY_OK)
        unlink(path);
    return out;
}

const store_ops store_sqlite_ops = {
    .version = STORE_OPS_VERSION,
    .name = "SQLite",
    .scheme = "sqlite",
    .caps = STORE_CAP_TRANSACTIONS,
    .state_size = sizeof(sq),
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .schema_version = sq_schema_version,
    .kb_list = sq_kb_list,
    .kb_get = sq_kb_get,
    .kb_put = sq_kb_put,
    .level_list = sq_level_list,
    .level_replace = sq_level_replace,
    .topic_list = sq_topic_list,
    .topic_put = sq_topic_put,
    .block_list = sq_block_list,
    .block_put = sq_block_put,
    .block_delete = sq_block_delete,
    .item_list = sq_item_list,
    .item_find = sq_item_find,
    .item_insert = sq_item_insert,
    .item_update = sq_item_update,
    .version_list = sq_version_list,
    .count_items = sq_count_items,
    .attempt_put = sq_attempt_put,
    .attempt_get = sq_attempt_get,
    .response_add = sq_response_add,
    .response_list = sq_response_list,
    .calibration_add = sq_calibration_add,
    .calibration_latest = sq_calibration_latest,
    .param_list = sq_param_list,
    .person_put = sq_person_put,
    .attempt_list = sq_attempt_list,
    .attempt_responses = sq_attempt_responses,
    .presentation_add = sq_presentation_add,
    .presentation_list = sq_presentation_list,
    .card_get = sq_card_get,
    .card_put = sq_card_put,
    .card_list = sq_card_list,
    .overlay = sq_overlay,
    .mark_add = sq_mark_add,
    .mark_list = sq_mark_list,
    .mark_queue = sq_mark_queue,
    .thes_replace = sq_thes_replace,
    .thes_list = sq_thes_list,
    .account_add = sq_account_add,
    .account_get = sq_account_get,
    .signin_put = sq_signin_put,
    .signin_get = sq_signin_get,
    .signin_delete = sq_signin_delete,
    .group_add = sq_group_add,
    .group_get = sq_group_get,
    .group_list = sq_group_list,
    .member_add = sq_member_add,
    .member_list = sq_member_list,
    .invite_add = sq_invite_add,
    .invite_get = sq_invite_get,
    .invite_list = sq_invite_list,
    .invite_revoke = sq_invite_revoke,
    .invite_use = sq_invite_use,
    .invite_open_attempt = sq_invite_open_attempt,
    .account_list = sq_account_list,
    .account_set_role = sq_account_set_role,
    .durable_file = sq_durable_file,
    .lock_kb = sq_lock_kb,
    .rows_read = sq_rows_read,
    .row_write = sq_row_write,
    .rows_done = sq_rows_done,
    .backup_to = sq_backup_to,
};
