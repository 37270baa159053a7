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
 */
#ifndef ASSAY_STORE_STORE_H
#define ASSAY_STORE_STORE_H

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"

#include <stdint.h>

#define STORE_OPS_VERSION 1

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

#endif
