/*
 * store — the item bank's storage interface.
 *
 * One versioned table of function pointers per backend (after sqlite3_vfs and
 * curl's Curl_ssl): fields are only ever appended, `version` says how many a
 * backend fills. A backend is chosen by the scheme of a URL ("sqlite:PATH";
 * "postgresql://" later). Callers use the inline wrappers below and never see
 * SQL. Rows come back as plain structs whose strings live in the arena the
 * caller passes. Every call reports failure as an assay_code plus errinfo.
 *
 * Writes happen only inside begin(write=1) ... commit(); rollback() undoes
 * them all. Reads may run with or without a transaction.
 *
 * Isolation rule (every backend keeps it): a read transaction sees one
 * snapshot. Imports are serialised per knowledge base: the importer calls
 * lock_kb(name) first in its write transaction (SQLite: BEGIN IMMEDIATE
 * serialises every writer already; PostgreSQL: pg_advisory_xact_lock on a hash
 * of the name, released at commit or rollback). Check-then-insert paths
 * (response_add's request id, person_put, member_add, card_put) are single
 * statements that are safe under concurrent writers (ON CONFLICT / OR IGNORE).
 * A conflict the backend detects instead of waiting out (serialization
 * failure 40001, deadlock 40P01, lock timeout 55P03, SQLite busy) is
 * ASSAY_ECONFLICT with the transaction rolled back: the layer that owns the
 * transaction runs it again, at most STORE_RETRIES times (store_retry).
 */
#ifndef ASSAY_STORE_STORE_H
#define ASSAY_STORE_STORE_H

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"

#include <stdint.h>

#define STORE_OPS_VERSION 10

typedef struct store store;

typedef struct store_kb {
    int64_t id; /* 0 = not stored yet */
    const char *name;
    const char *title;
    const char *source;
    const char *content_hash;
    int64_t size;
    int parser_version;
    int64_t imported_at;
} store_kb;

typedef struct store_level_def {
    int level;
    const char *label;
    const char *audience;
    const char *description;
} store_level_def;

typedef struct store_topic {
    int64_t id;
    int64_t kb_id;
    const char *key; /* folded title; unique per kb */
    int number;
    int ordinal;
    const char *title;
    const char *concept;
    long source_line;
    int active;
} store_topic;

typedef struct store_block {
    int64_t id;
    int64_t topic_id;
    int level;
    const char *label;
    const char *subtopics_json; /* JSON array of strings */
    long source_line;
} store_block;

/* An item with the content of its current version. */
typedef struct store_item {
    const char *id;
    int64_t kb_id;
    int64_t topic_id;
    int kind;  /* kb_kind */
    int level; /* 0 = none */
    int active;
    int version;
    int64_t position; /* order within the knowledge base */
    const char *source_file;
    long source_line;
    int64_t created_at;
    int64_t updated_at;
    /* current version */
    const char *question;
    const char *answer;
    const char *detail_json; /* NULL if none */
    const char *content_hash;
    /* what the question asks and the answer's form (text/stem.h names); ""
     * when not classified yet; NULL in a row to write: left as stored */
    const char *stem_type;
    const char *answer_form;
} store_item;

typedef struct store_version {
    const char *item_id;
    int version;
    int kind;
    int level;
    int64_t topic_id;
    const char *question;
    const char *answer;
    const char *detail_json;
    const char *content_hash;
    const char *source_file;
    long source_line;
    int64_t created_at;
} store_version;

typedef struct store_item_filter {
    int64_t kb_id; /* 0 = all */
    const int64_t *topic_ids;
    size_t n_topic_ids; /* 0 = all */
    int level;          /* 0 = all */
    int kind;           /* 0 = all */
    int include_retired;
} store_item_filter;

/* Active items grouped by topic, kind and level. */
typedef struct store_count {
    int64_t kb_id;
    int64_t topic_id;
    int kind;
    int level;
    int active;
    int64_t n;
} store_count;

/* ---- responses and calibrations (ops version 2) ---- */

typedef enum store_attempt_kind {
    STORE_ATTEMPT_QUIZ = 1,
    STORE_ATTEMPT_ASSESSMENT = 2,
    STORE_ATTEMPT_REVIEW = 3 /* ops version 3 */
} store_attempt_kind;

/* One sitting of one person: a fixed quiz (form = its fingerprint) or an
 * adaptive assessment (form NULL, state = the serialised assessment). */
typedef struct store_attempt {
    int64_t id;         /* 0 = not stored yet */
    int64_t kb_id;      /* 0 = several knowledge bases (a quiz over all, a review) */
    int kind;           /* store_attempt_kind */
    const char *person; /* "" = anonymous */
    const char *form;   /* NULL for adaptive */
    int simulated;
    uint64_t seed;
    const char *config_json; /* may be NULL */
    const char *state_json;  /* may be NULL */
    int finished;
    int64_t created_at, updated_at;
} store_attempt;

/* One graded answer. */
typedef struct store_response {
    int64_t attempt_id;
    int seq; /* position in the attempt, from 1; unique per attempt */
    const char *item_id;
    int item_version;
    int qtype; /* assay_qtype */
    double score;
    int choice;               /* option chosen, −1 = none */
    int key;                  /* the correct option, −1 = none */
    const char *options_json; /* the options shown, in order (JSON array), or NULL */
    const char *answer;       /* free text given, or NULL */
    const char *request_id;   /* the client's idempotency key, or NULL */
    double seconds;           /* time taken, < 0 unknown */
    int64_t at;
    const char *grade_json; /* the grade as the learner saw it (ops v3), or NULL */
    double mark;            /* the latest assessor's mark (ops v4), −1 = none; read only */
    /* filled by response_list from the attempt (ignored by response_add) */
    int attempt_kind;
    const char *form;
    const char *person;
    int simulated;
} store_response;

/* ---- sessions (ops version 3) ---- */

/* A question as it was shown: the presentation of position seq of an
 * attempt, with its key, so that a resumed attempt shows the same thing. */
typedef struct store_presentation {
    int64_t attempt_id;
    int seq; /* from 1, unique per attempt */
    const char *item_id;
    int item_version;
    int qtype;                 /* assay_qtype */
    const char *question_json; /* the question with its key (docs/json.md) */
    int64_t shown_at;
} store_presentation;

/* One person's spaced-review card for one item (FSRS-6 memory state). */
typedef struct store_card {
    const char *person;
    const char *item_id;
    int state; /* 0 new, 1 learning, 2 review, 3 relearning */
    double stability, difficulty;
    int64_t due, last_review; /* Unix seconds; last_review 0 = never */
    int reps, lapses, step;
    double scheduled_days;
    int64_t updated_at;
} store_card;

typedef struct store_attempt_filter {
    const char *person; /* NULL = anyone */
    int kind;           /* store_attempt_kind, 0 = any */
    int status;         /* -1 any, 0 open, 1 finished */
    int include_simulated;
    size_t limit; /* 0 = no limit; newest first */
} store_attempt_filter;

/* ---- assessors' marks of free-text answers (ops version 4) ---- */

/* One mark of one response. A response may have several: the latest (by id)
 * counts; the earlier ones are its history. The response's own score, the
 * automatic one, is never changed. */
typedef struct store_mark {
    int64_t id; /* set by mark_add */
    int64_t attempt_id;
    int seq;
    double score;       /* 0..1 */
    const char *marker; /* who marked; not empty */
    const char *note;   /* may be NULL */
    int64_t at;
} store_mark;

/* Which free-text answers mark_queue lists. */
typedef struct store_mark_filter {
    int64_t kb_id;      /* the item's knowledge base; 0 = any */
    int64_t topic_id;   /* 0 = any */
    const char *person; /* NULL = anyone */
    int64_t attempt_id; /* 0 = any */
    int all;            /* 0: needing review (grade's needs_review) and not marked; 1: every one */
    size_t limit;       /* 0 = all; oldest first */
} store_mark_filter;

/* A free-text answer with what an assessor needs to mark it. */
typedef struct store_mark_row {
    store_response r; /* with the attempt's kind and person; r.mark the latest mark */
    const char *kb;   /* the item's knowledge base */
    const char *topic;
    const char *question;  /* of the item version answered */
    const char *reference; /* the grade's reference, else the version's answer */
    int n_marks;
    const char *marker; /* of the latest mark, NULL when none */
    const char *note;
    int64_t marked_at;
} store_mark_row;

/* A knowledge base's thesaurus row: one meaning, its spellings joined by '|'. */
typedef struct store_thes {
    long line; /* in the thesaurus file */
    const char *spellings;
} store_thes;

/* ---- accounts and sign-ins (ops version 5; the web server's) ---- */

/* A person who signs in: the name is the attempts' `person`. */
typedef struct store_account {
    int64_t id; /* set by account_add */
    const char *name;
    const char *pwhash; /* crypto_pwhash_str (Argon2id) text */
    const char *role;   /* "learner", "assessor" or "admin" */
    int64_t created_at;
} store_account;

/* A signed-in browser: the SHA-256 (hex) of its cookie's token, never the token. */
typedef struct store_signin {
    const char *token_hash;
    int64_t account_id;
    const char *name; /* filled by signin_get from the account */
    const char *role; /* filled by signin_get */
    const char *csrf; /* the token a state-changing request must carry */
    int64_t created_at, expires_at;
} store_signin;

/* ---- assessors' groups and invites (ops version 6, migration "groups") ---- */

/* A group of accounts an assessor (its owner) follows. */
typedef struct store_group {
    int64_t id; /* set by group_add */
    const char *name;
    int64_t owner_id;  /* the owner's account */
    const char *owner; /* filled by group_get/group_list from the account */
    int64_t created_at;
    int64_t members; /* filled by group_get/group_list */
} store_group;

typedef struct store_member {
    int64_t group_id;
    int64_t account_id;
    const char *name; /* filled by member_list */
    int64_t joined_at;
} store_member;

/* A link that makes whoever opens it a member and starts an attempt. */
typedef struct store_invite {
    int64_t id;             /* set by invite_add */
    const char *token_hash; /* SHA-256 (hex) of the token; the token is never stored */
    int64_t group_id;
    const char *kind;      /* "assessment" or "quiz" */
    const char *spec_json; /* the attempt's scope (JSON object) */
    int64_t created_at, expires_at;
    int revoked;
    int64_t uses;
    /* filled by invite_get/invite_list */
    const char *group_name;
    const char *owner;
} store_invite;

typedef struct store_calibration {
    int64_t id; /* set by calibration_add */
    int64_t kb_id;
    int model; /* irt_model: 1 rasch, 2 2pl */
    int64_t persons, responses;
    int cycles, converged;
    double loglik, logprior;
    const char *settings_json; /* may be NULL */
    int64_t at;
} store_calibration;

/* An item's current parameters (slope–intercept). */
typedef struct store_param {
    const char *item_id;
    int64_t calibration_id;
    double a, d;
    double n; /* the answers they rest on */
} store_param;

/* ---- whole-bank copies (ops version 10; store/copy.c) ---- */

/* A table of the latest schema as store/copy.c copies it. */
typedef struct store_table {
    const char *name;
    const char *cols;     /* "id, name, ..." */
    const char *types;    /* one per column: 'i' integer, 'r' real, 't' text */
    const char *order;    /* the key the rows are read in */
    const char *identity; /* the column ids are generated in (PostgreSQL), or NULL */
} store_table;

/* One row: text per column, NULL for SQL NULL; reals printed so that strtod
 * reads them back exactly. A nonzero return stops the reading. */
typedef int (*store_row_fn)(void *ud, const char *const *vals);

typedef struct store_table_sum {
    const char *table;
    uint64_t rows;
    char checksum[65]; /* SHA-256 hex over the rows in key order */
} store_table_sum;

typedef struct store_copy_result {
    size_t tables, tables_copied, tables_resumed;
    uint64_t rows;
    char checksum[65]; /* over every table's checksum: the same on source and target */
} store_copy_result;

typedef enum store_event {
    STORE_EV_ADDED,
    STORE_EV_CHANGED,
    STORE_EV_RETIRED,
    STORE_EV_RESTORED
} store_event;

enum {
    STORE_CAP_TRANSACTIONS = 1 << 0,
    STORE_CAP_CONCURRENT_WRITERS = 1 << 1 /* several processes may write at once */
};

typedef struct store_ops {
    int version; /* STORE_OPS_VERSION this table was written for */
    const char *name;
    const char *scheme; /* URL scheme without ':' */
    unsigned caps;
    size_t state_size; /* bytes of backend state allocated (zeroed) for s->state */

    /* target: the URL without its scheme (a path for SQLite) */
    assay_code (*open)(store *s, const char *target, errinfo *e);
    void (*close)(store *s);
    assay_code (*begin)(store *s, int write, errinfo *e);
    assay_code (*commit)(store *s, errinfo *e);
    void (*rollback)(store *s);
    assay_code (*schema_version)(store *s, int *out, errinfo *e);

    assay_code (*kb_list)(store *s, arena *a, store_kb **rows, size_t *n, errinfo *e);
    /* *row = NULL when there is no such knowledge base */
    assay_code (*kb_get)(store *s, const char *name, arena *a, store_kb **row, errinfo *e);
    /* insert when kb->id == 0 (and set it), else update */
    assay_code (*kb_put)(store *s, store_kb *kb, errinfo *e);

    assay_code (*level_list)(store *s, int64_t kb_id, arena *a, store_level_def **rows, size_t *n,
                             errinfo *e);
    assay_code (*level_replace)(store *s, int64_t kb_id, const store_level_def *rows, size_t n,
                                errinfo *e);

    /* all topics of a kb (kb_id 0: of all), retired ones too, by kb and ordinal */
    assay_code (*topic_list)(store *s, int64_t kb_id, arena *a, store_topic **rows, size_t *n,
                             errinfo *e);
    assay_code (*topic_put)(store *s, store_topic *t, errinfo *e);

    assay_code (*block_list)(store *s, int64_t kb_id, arena *a, store_block **rows, size_t *n,
                             errinfo *e);
    assay_code (*block_put)(store *s, store_block *b, errinfo *e);
    assay_code (*block_delete)(store *s, int64_t id, errinfo *e);

    assay_code (*item_list)(store *s, const store_item_filter *f, arena *a, store_item **rows,
                            size_t *n, errinfo *e);
    /* items whose id starts with prefix (at most `limit`) */
    assay_code (*item_find)(store *s, const char *prefix, size_t limit, arena *a, store_item **rows,
                            size_t *n, errinfo *e);
    /* a new item with its first version (it->version == 1), logged as added */
    assay_code (*item_insert)(store *s, const store_item *it, int64_t now, errinfo *e);
    /* updates the item row; with new_version also stores the version row
     * it->version from the content fields; logs ev unless ev < 0 */
    assay_code (*item_update)(store *s, const store_item *it, int new_version, int ev, int64_t now,
                              errinfo *e);
    assay_code (*version_list)(store *s, const char *item_id, arena *a, store_version **rows,
                               size_t *n, errinfo *e);
    assay_code (*count_items)(store *s, int64_t kb_id, arena *a, store_count **rows, size_t *n,
                              errinfo *e);

    /* ---- version 2 ---- */
    /* insert when at->id == 0 (and set it), else update config, state,
     * finished and updated_at */
    assay_code (*attempt_put)(store *s, store_attempt *at, errinfo *e);
    /* *row = NULL when there is no such attempt */
    assay_code (*attempt_get)(store *s, int64_t id, arena *a, store_attempt **row, errinfo *e);
    /* stores a response; when r->request_id is set and the attempt already
     * has a response with it, writes nothing and sets *duplicate */
    assay_code (*response_add)(store *s, const store_response *r, int *duplicate, errinfo *e);
    /* every response to the kb's attempts, by attempt and seq */
    assay_code (*response_list)(store *s, int64_t kb_id, arena *a, store_response **rows, size_t *n,
                                errinfo *e);
    /* records a calibration (sets c->id) and makes `params` the current
     * parameters of their items, replacing the kb's previous ones */
    assay_code (*calibration_add)(store *s, store_calibration *c, const store_param *params,
                                  size_t n, errinfo *e);
    /* the kb's latest calibration; *row = NULL when none */
    assay_code (*calibration_latest)(store *s, int64_t kb_id, arena *a, store_calibration **row,
                                     errinfo *e);
    /* the current parameters of the kb's items (kb_id 0: of all) */
    assay_code (*param_list)(store *s, int64_t kb_id, arena *a, store_param **rows, size_t *n,
                             errinfo *e);
    /* version 3: people, sessions, review cards */
    assay_code (*person_put)(store *s, const char *name, int64_t now, errinfo *e);
    assay_code (*attempt_list)(store *s, const store_attempt_filter *f, arena *a,
                               store_attempt **rows, size_t *n, errinfo *e);
    /* the responses of one attempt, by position */
    assay_code (*attempt_responses)(store *s, int64_t attempt_id, arena *a, store_response **rows,
                                    size_t *n, errinfo *e);
    /* a position taken already is ASSAY_EINPUT */
    assay_code (*presentation_add)(store *s, const store_presentation *p, errinfo *e);
    assay_code (*presentation_list)(store *s, int64_t attempt_id, arena *a,
                                    store_presentation **rows, size_t *n, errinfo *e);
    /* *row = NULL when the person has no card for the item */
    assay_code (*card_get)(store *s, const char *person, const char *item_id, arena *a,
                           store_card **row, errinfo *e);
    assay_code (*card_put)(store *s, const store_card *c, errinfo *e); /* insert or replace */
    /* cards due at or before `due_by` (INT64_MAX = all), soonest first */
    assay_code (*card_list)(store *s, const char *person, int64_t due_by, size_t limit, arena *a,
                            store_card **rows, size_t *n, errinfo *e);

    /* ---- reads of a bank that lacks the bundled knowledge base ---- */
    /* Makes the knowledge bases of `other` (a store of the same backend,
     * usually in memory) visible to every read of s as if s held them, for
     * the names s does not hold itself (ids differ from other's); s then
     * refuses to write. `other` may be closed afterwards. other == NULL takes
     * the overlay away again. Outside transactions only. */
    assay_code (*overlay)(store *s, store *other, errinfo *e);

    /* ---- version 4: marks (migration "mark"), thesauri ---- */
    /* stores m (sets m->id); a missing response is ASSAY_ENOTFOUND */
    assay_code (*mark_add)(store *s, store_mark *m, errinfo *e);
    /* the marks of one response, oldest first */
    assay_code (*mark_list)(store *s, int64_t attempt_id, int seq, arena *a, store_mark **rows,
                            size_t *n, errinfo *e);
    /* free-text answers (short, scenario) of real attempts, oldest first */
    assay_code (*mark_queue)(store *s, const store_mark_filter *f, arena *a, store_mark_row **rows,
                             size_t *n, errinfo *e);
    /* a knowledge base's thesaurus, replaced whole; listed by line (kb_id 0: of all, by kb) */
    assay_code (*thes_replace)(store *s, int64_t kb_id, const store_thes *rows, size_t n,
                               errinfo *e);
    assay_code (*thes_list)(store *s, int64_t kb_id, arena *a, store_thes **rows, size_t *n,
                            errinfo *e);
    /* ---- version 5: accounts and sign-ins ---- */
    /* a name taken already is ASSAY_EINPUT (param "name"); sets acc->id */
    assay_code (*account_add)(store *s, store_account *acc, errinfo *e);
    /* *row = NULL when there is no such account */
    assay_code (*account_get)(store *s, const char *name, arena *a, store_account **row,
                              errinfo *e);
    /* stores a sign-in and drops those expired before `si->created_at` */
    assay_code (*signin_put)(store *s, const store_signin *si, errinfo *e);
    /* *row = NULL when there is no such sign-in or it expired before `now` */
    assay_code (*signin_get)(store *s, const char *token_hash, int64_t now, arena *a,
                             store_signin **row, errinfo *e);
    assay_code (*signin_delete)(store *s, const char *token_hash, errinfo *e);
    /* ---- version 6: assessors' groups and invites (migration "groups") ---- */
    /* sets g->id; the owner must be an account */
    assay_code (*group_add)(store *s, store_group *g, errinfo *e);
    /* *row = NULL when there is no such group */
    assay_code (*group_get)(store *s, int64_t id, arena *a, store_group **row, errinfo *e);
    /* the groups of owner_id (0 = every group), oldest first */
    assay_code (*group_list)(store *s, int64_t owner_id, arena *a, store_group **rows, size_t *n,
                             errinfo *e);
    /* makes an account a member; *added = 0 when it was one already (nothing changes) */
    assay_code (*member_add)(store *s, const store_member *m, int *added, errinfo *e);
    /* a group's members by joining time */
    assay_code (*member_list)(store *s, int64_t group_id, arena *a, store_member **rows, size_t *n,
                              errinfo *e);
    /* sets inv->id; a token hash stored already is ASSAY_EINPUT */
    assay_code (*invite_add)(store *s, store_invite *inv, errinfo *e);
    /* by token hash, revoked or expired ones too; *row = NULL when there is none */
    assay_code (*invite_get)(store *s, const char *token_hash, arena *a, store_invite **row,
                             errinfo *e);
    /* a group's invites, newest first */
    assay_code (*invite_list)(store *s, int64_t group_id, arena *a, store_invite **rows, size_t *n,
                              errinfo *e);
    /* revokes invite `id` of group `group_id`; *found = 0 when there is no such invite */
    assay_code (*invite_revoke)(store *s, int64_t group_id, int64_t id, int *found, errinfo *e);
    /* records that the invite started `attempt_id` for an account (and counts a use) */
    assay_code (*invite_use)(store *s, int64_t invite_id, int64_t account_id, int64_t attempt_id,
                             int64_t at, errinfo *e);
    /* the newest attempt the invite started for the account that is still open; 0 = none */
    assay_code (*invite_open_attempt)(store *s, int64_t invite_id, int64_t account_id,
                                      int64_t *attempt_id, errinfo *e);
    /* ---- version 7: account listing and roles (the operators' and admins') ---- */
    /* every account by name; pwhash is "" (not read) */
    assay_code (*account_list)(store *s, arena *a, store_account **rows, size_t *n, errinfo *e);
    /* sets the role ("learner", "assessor" or "admin"; another is ASSAY_EINPUT naming
     * "role"); ASSAY_ENOTFOUND naming "name" when there is no such account */
    assay_code (*account_set_role)(store *s, const char *name, const char *role, errinfo *e);
    /* ---- version 8: durable commits (api/sync.c, group commit) ---- */
    /* *path (malloc'd, the caller frees) is the file whose fsync makes every
     * transaction committed so far durable (SQLite: the -wal file); NULL when
     * commits need none (an in-memory bank) */
    assay_code (*durable_file)(store *s, char **path, errinfo *e);
    /* ---- version 9: isolation ---- */
    /* inside a write transaction: waits until no other transaction imports
     * the knowledge base `name`, holding it until commit or rollback */
    assay_code (*lock_kb)(store *s, const char *name, errinfo *e);
    /* ---- version 10: whole-bank copies (store/copy.c) ---- */
    /* every row of t in t->order */
    assay_code (*rows_read)(store *s, const store_table *t, store_row_fn fn, void *ud, errinfo *e);
    /* one row of t as rows_read gives it, ids included (in a write transaction) */
    assay_code (*row_write)(store *s, const store_table *t, const char *const *vals, errinfo *e);
    /* after the rows of t: generated ids continue after the copied ones */
    assay_code (*rows_done)(store *s, const store_table *t, errinfo *e);
    /* a consistent copy of the bank into a new file at path (SQLite's online
     * backup API); NULL when the backend has none (the caller copies rows) */
    assay_code (*backup_to)(store *s, const char *path, errinfo *e);
} store_ops;

struct store {
    const store_ops *ops;
    const logger *log;
    void *state;
    char *target;
};

/* Opens the backend for `url`; *out is freed with store_close. */
assay_code store_open(const char *url, const logger *log, store **out, errinfo *e);
void store_close(store *s); /* accepts NULL */

/* The SQLite backend's latest schema version (its number of migrations). */
int store_sqlite_schema_latest(void);
/* The PostgreSQL backend's (the same number: one migration for each). */
int store_pg_schema_latest(void);

/* The latest schema's tables, parents first (store/copy.c). */
const store_table *store_tables(size_t *n);
/* Count and checksum of every table of s (sums: store_tables' n entries). */
assay_code store_sum(store *s, store_table_sum *sums, errinfo *e);
/* Copies the bank `from` into `to` (any backends, the same schema version):
 * refuses a target that holds anything but an interrupted copy of this source
 * (ASSAY_EINPUT, nothing written); resumes one; verifies every table's count
 * and checksum afterwards (ASSAY_ESTORAGE when they differ). */
assay_code store_copy(store *from, store *to, const logger *log, store_copy_result *res,
                      errinfo *e);

/* How many times the owner of a write transaction runs it in all when it ends
 * in ASSAY_ECONFLICT. */
#define STORE_RETRIES 4

/* 1 when a transaction that ended in rc should run again (attempt counts from
 * 1): a conflict, on a backend that reports conflicts instead of waiting them
 * out (SQLite's busy handler waits up to its timeout itself), and attempts
 * left. Sleeps a little first (a few ms, growing, with jitter) and clears e. */
int store_retry(store *s, assay_code rc, int attempt, errinfo *e);

/* The backend table for a URL, and the target part (into url); NULL if no backend. */
const store_ops *store_lookup(const char *url, const char **target, errinfo *e);

/* ---- inline wrappers: call sites never write s->ops->x ---- */

static inline assay_code store_begin(store *s, int write, errinfo *e)
{
    return s->ops->begin(s, write, e);
}
static inline assay_code store_commit(store *s, errinfo *e)
{
    return s->ops->commit(s, e);
}
static inline void store_rollback(store *s)
{
    s->ops->rollback(s);
}
/* The schema version the SQLite backend migrates a bank to (its last
 * migration): what tests compare against instead of a number. */
int store_sqlite_schema_latest(void);

static inline assay_code store_schema_version(store *s, int *out, errinfo *e)
{
    return s->ops->schema_version(s, out, e);
}
static inline assay_code store_kb_list(store *s, arena *a, store_kb **rows, size_t *n, errinfo *e)
{
    return s->ops->kb_list(s, a, rows, n, e);
}
static inline assay_code store_kb_get(store *s, const char *name, arena *a, store_kb **row,
                                      errinfo *e)
{
    return s->ops->kb_get(s, name, a, row, e);
}
static inline assay_code store_kb_put(store *s, store_kb *kb, errinfo *e)
{
    return s->ops->kb_put(s, kb, e);
}
static inline assay_code store_level_list(store *s, int64_t kb_id, arena *a, store_level_def **rows,
                                          size_t *n, errinfo *e)
{
    return s->ops->level_list(s, kb_id, a, rows, n, e);
}
static inline assay_code store_level_replace(store *s, int64_t kb_id, const store_level_def *rows,
                                             size_t n, errinfo *e)
{
    return s->ops->level_replace(s, kb_id, rows, n, e);
}
static inline assay_code store_topic_list(store *s, int64_t kb_id, arena *a, store_topic **rows,
                                          size_t *n, errinfo *e)
{
    return s->ops->topic_list(s, kb_id, a, rows, n, e);
}
static inline assay_code store_topic_put(store *s, store_topic *t, errinfo *e)
{
    return s->ops->topic_put(s, t, e);
}
static inline assay_code store_block_list(store *s, int64_t kb_id, arena *a, store_block **rows,
                                          size_t *n, errinfo *e)
{
    return s->ops->block_list(s, kb_id, a, rows, n, e);
}
static inline assay_code store_block_put(store *s, store_block *b, errinfo *e)
{
    return s->ops->block_put(s, b, e);
}
static inline assay_code store_block_delete(store *s, int64_t id, errinfo *e)
{
    return s->ops->block_delete(s, id, e);
}
static inline assay_code store_item_list(store *s, const store_item_filter *f, arena *a,
                                         store_item **rows, size_t *n, errinfo *e)
{
    return s->ops->item_list(s, f, a, rows, n, e);
}
static inline assay_code store_item_find(store *s, const char *prefix, size_t limit, arena *a,
                                         store_item **rows, size_t *n, errinfo *e)
{
    return s->ops->item_find(s, prefix, limit, a, rows, n, e);
}
static inline assay_code store_item_insert(store *s, const store_item *it, int64_t now, errinfo *e)
{
    return s->ops->item_insert(s, it, now, e);
}
static inline assay_code store_item_update(store *s, const store_item *it, int new_version, int ev,
                                           int64_t now, errinfo *e)
{
    return s->ops->item_update(s, it, new_version, ev, now, e);
}
static inline assay_code store_version_list(store *s, const char *item_id, arena *a,
                                            store_version **rows, size_t *n, errinfo *e)
{
    return s->ops->version_list(s, item_id, a, rows, n, e);
}
static inline assay_code store_count_items(store *s, int64_t kb_id, arena *a, store_count **rows,
                                           size_t *n, errinfo *e)
{
    return s->ops->count_items(s, kb_id, a, rows, n, e);
}

static inline assay_code store_attempt_put(store *s, store_attempt *at, errinfo *e)
{
    return s->ops->attempt_put(s, at, e);
}
static inline assay_code store_attempt_get(store *s, int64_t id, arena *a, store_attempt **row,
                                           errinfo *e)
{
    return s->ops->attempt_get(s, id, a, row, e);
}
static inline assay_code store_response_add(store *s, const store_response *r, int *duplicate,
                                            errinfo *e)
{
    return s->ops->response_add(s, r, duplicate, e);
}
static inline assay_code store_response_list(store *s, int64_t kb_id, arena *a,
                                             store_response **rows, size_t *n, errinfo *e)
{
    return s->ops->response_list(s, kb_id, a, rows, n, e);
}
static inline assay_code store_calibration_add(store *s, store_calibration *c,
                                               const store_param *params, size_t n, errinfo *e)
{
    return s->ops->calibration_add(s, c, params, n, e);
}
static inline assay_code store_calibration_latest(store *s, int64_t kb_id, arena *a,
                                                  store_calibration **row, errinfo *e)
{
    return s->ops->calibration_latest(s, kb_id, a, row, e);
}
static inline assay_code store_param_list(store *s, int64_t kb_id, arena *a, store_param **rows,
                                          size_t *n, errinfo *e)
{
    return s->ops->param_list(s, kb_id, a, rows, n, e);
}

static inline assay_code store_person_put(store *s, const char *name, int64_t now, errinfo *e)
{
    return s->ops->person_put(s, name, now, e);
}
static inline assay_code store_attempt_list(store *s, const store_attempt_filter *f, arena *a,
                                            store_attempt **rows, size_t *n, errinfo *e)
{
    return s->ops->attempt_list(s, f, a, rows, n, e);
}
static inline assay_code store_attempt_responses(store *s, int64_t attempt_id, arena *a,
                                                 store_response **rows, size_t *n, errinfo *e)
{
    return s->ops->attempt_responses(s, attempt_id, a, rows, n, e);
}
static inline assay_code store_presentation_add(store *s, const store_presentation *p, errinfo *e)
{
    return s->ops->presentation_add(s, p, e);
}
static inline assay_code store_presentation_list(store *s, int64_t attempt_id, arena *a,
                                                 store_presentation **rows, size_t *n, errinfo *e)
{
    return s->ops->presentation_list(s, attempt_id, a, rows, n, e);
}
static inline assay_code store_card_get(store *s, const char *person, const char *item_id, arena *a,
                                        store_card **row, errinfo *e)
{
    return s->ops->card_get(s, person, item_id, a, row, e);
}
static inline assay_code store_card_put(store *s, const store_card *c, errinfo *e)
{
    return s->ops->card_put(s, c, e);
}
static inline assay_code store_card_list(store *s, const char *person, int64_t due_by, size_t limit,
                                         arena *a, store_card **rows, size_t *n, errinfo *e)
{
    return s->ops->card_list(s, person, due_by, limit, a, rows, n, e);
}
static inline assay_code store_overlay(store *s, store *other, errinfo *e)
{
    return s->ops->overlay(s, other, e);
}
static inline assay_code store_mark_add(store *s, store_mark *m, errinfo *e)
{
    return s->ops->mark_add(s, m, e);
}
static inline assay_code store_mark_list(store *s, int64_t attempt_id, int seq, arena *a,
                                         store_mark **rows, size_t *n, errinfo *e)
{
    return s->ops->mark_list(s, attempt_id, seq, a, rows, n, e);
}
static inline assay_code store_mark_queue(store *s, const store_mark_filter *f, arena *a,
                                          store_mark_row **rows, size_t *n, errinfo *e)
{
    return s->ops->mark_queue(s, f, a, rows, n, e);
}
static inline assay_code store_thes_replace(store *s, int64_t kb_id, const store_thes *rows,
                                            size_t n, errinfo *e)
{
    return s->ops->thes_replace(s, kb_id, rows, n, e);
}
static inline assay_code store_thes_list(store *s, int64_t kb_id, arena *a, store_thes **rows,
                                         size_t *n, errinfo *e)
{
    return s->ops->thes_list(s, kb_id, a, rows, n, e);
}

static inline assay_code store_account_add(store *s, store_account *acc, errinfo *e)
{
    return s->ops->account_add(s, acc, e);
}
static inline assay_code store_account_get(store *s, const char *name, arena *a,
                                           store_account **row, errinfo *e)
{
    return s->ops->account_get(s, name, a, row, e);
}
static inline assay_code store_signin_put(store *s, const store_signin *si, errinfo *e)
{
    return s->ops->signin_put(s, si, e);
}
static inline assay_code store_signin_get(store *s, const char *token_hash, int64_t now, arena *a,
                                          store_signin **row, errinfo *e)
{
    return s->ops->signin_get(s, token_hash, now, a, row, e);
}
static inline assay_code store_signin_delete(store *s, const char *token_hash, errinfo *e)
{
    return s->ops->signin_delete(s, token_hash, e);
}
static inline assay_code store_group_add(store *s, store_group *g, errinfo *e)
{
    return s->ops->group_add(s, g, e);
}
static inline assay_code store_group_get(store *s, int64_t id, arena *a, store_group **row,
                                         errinfo *e)
{
    return s->ops->group_get(s, id, a, row, e);
}
static inline assay_code store_group_list(store *s, int64_t owner_id, arena *a, store_group **rows,
                                          size_t *n, errinfo *e)
{
    return s->ops->group_list(s, owner_id, a, rows, n, e);
}
static inline assay_code store_member_add(store *s, const store_member *m, int *added, errinfo *e)
{
    return s->ops->member_add(s, m, added, e);
}
static inline assay_code store_member_list(store *s, int64_t group_id, arena *a,
                                           store_member **rows, size_t *n, errinfo *e)
{
    return s->ops->member_list(s, group_id, a, rows, n, e);
}
static inline assay_code store_invite_add(store *s, store_invite *inv, errinfo *e)
{
    return s->ops->invite_add(s, inv, e);
}
static inline assay_code store_invite_get(store *s, const char *token_hash, arena *a,
                                          store_invite **row, errinfo *e)
{
    return s->ops->invite_get(s, token_hash, a, row, e);
}
static inline assay_code store_invite_list(store *s, int64_t group_id, arena *a,
                                           store_invite **rows, size_t *n, errinfo *e)
{
    return s->ops->invite_list(s, group_id, a, rows, n, e);
}
static inline assay_code store_invite_revoke(store *s, int64_t group_id, int64_t id, int *found,
                                             errinfo *e)
{
    return s->ops->invite_revoke(s, group_id, id, found, e);
}
static inline assay_code store_invite_use(store *s, int64_t invite_id, int64_t account_id,
                                          int64_t attempt_id, int64_t at, errinfo *e)
{
    return s->ops->invite_use(s, invite_id, account_id, attempt_id, at, e);
}
static inline assay_code store_invite_open_attempt(store *s, int64_t invite_id, int64_t account_id,
                                                   int64_t *attempt_id, errinfo *e)
{
    return s->ops->invite_open_attempt(s, invite_id, account_id, attempt_id, e);
}
static inline assay_code store_account_list(store *s, arena *a, store_account **rows, size_t *n,
                                            errinfo *e)
{
    return s->ops->account_list(s, a, rows, n, e);
}
static inline assay_code store_durable_file(store *s, char **path, errinfo *e)
{
    *path = NULL;
    if (s->ops->version < 8 || !s->ops->durable_file)
        return err_set(e, ASSAY_EUSAGE, "the %s backend cannot make commits durable on demand",
                       s->ops->name);
    return s->ops->durable_file(s, path, e);
}
static inline assay_code store_lock_kb(store *s, const char *name, errinfo *e)
{
    if (s->ops->version < 9 || !s->ops->lock_kb)
        return ASSAY_OK;
    return s->ops->lock_kb(s, name, e);
}
static inline assay_code store_account_set_role(store *s, const char *name, const char *role,
                                                errinfo *e)
{
    return s->ops->account_set_role(s, name, role, e);
}

#endif
