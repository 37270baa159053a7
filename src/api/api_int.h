/* api — the public handles behind include/assay.h. Private to the library. */
#ifndef ASSAY_API_INT_H
#define ASSAY_API_INT_H

#include "assay.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "kb/model.h"
#include "store/store.h"

struct assay {
    errinfo err;
    logger log;
    assay_error pub;    /* view of err for assay_last_error */
    char errline[2048]; /* assay_errmsg */
};

struct assay_doc {
    kb_doc *m;
    const char *source; /* what the bank records as the kb's source (in m->mem) */
    assay_warning *warnings;
    const char *format; /* "md", "gift", "moodle-xml", "csv" (kb/formats.h) */
};

struct assay_bank {
    assay *a;
    store *s;
    int serving_bundled; /* assay_bank_serve_bundled put an overlay on s */
};

typedef enum list_type {
    LIST_KB = 1,
    LIST_LEVEL,
    LIST_TOPIC,
    LIST_ITEM,
    LIST_VERSION,
    LIST_ATTEMPT,
    LIST_CARD,
    LIST_MARKING,
    LIST_MARK,
    LIST_GROUP,
    LIST_MEMBER,
    LIST_INVITE,
    LIST_ACCOUNT
} list_type;

struct assay_list {
    list_type type;
    arena mem; /* rows and every string they point to */
    void *rows;
    size_t n;
};

/* A new empty list of rows of type t (ASSAY_ENOMEM set on a when NULL). */
assay_list *api_list_new(assay *a, list_type t);
/* Row i of l if l holds rows of type t, else NULL. */
const void *api_list_row(const assay_list *l, list_type t, size_t size, size_t i);

/* Starts a public call: clears the last error. */
static inline void api_enter(assay *a)
{
    err_clear(&a->err);
}

/* The knowledge base named `name` (NFC-normalised), ASSAY_ENOTFOUND if none. */
assay_code api_find_kb(assay_bank *b, arena *mem, const char *name, store_kb **out);
/* Same; with name NULL the bank's only knowledge base (ASSAY_EUSAGE if several). */
assay_code api_pick_kb(assay_bank *b, arena *mem, const char *name, store_kb **out);

/* The one topic matching a number ("3") or a part of a title within kb_id
 * (0 = all); ASSAY_ENOTFOUND for none, ASSAY_EINPUT for several (api/query.c). */
assay_code api_resolve_topic(assay_bank *b, arena *mem, int64_t kb_id, const char *want,
                             int64_t *id);

/* Attempts and responses without a transaction of their own (api/psych.c). */
assay_code api_attempt_insert(assay_bank *b, int64_t kb_id, const assay_attempt_spec *spec,
                              int64_t *id);
assay_code api_response_put(assay_bank *b, int64_t attempt, int seq, const assay_response *r,
                            int *duplicate);
/* Same, with the grade as the learner saw it (JSON text, may be NULL). */
assay_code api_response_put_graded(assay_bank *b, int64_t attempt, int seq, const assay_response *r,
                                   const char *grade_json, int *duplicate);
/* Sets the state (unless NULL) and, with finished, the status. */
assay_code api_attempt_update(assay_bank *b, int64_t attempt, const char *state, int finished);

/* Grades an answer to one question (api/quiz.c). */
assay_code api_grade_question(const assay_engine *e, errinfo *err, const assay_question *q,
                              const assay_answer *ans, assay_grade **out);

/* Groups (api/group.c): group `group` when `viewer` (NULL = anyone) sees it,
 * else ASSAY_ENOTFOUND param "group"; its members' names (in mem); an
 * invite by token that is neither revoked nor expired at now (0 = clock). */
assay_code api_group_see(assay_bank *b, arena *mem, const char *viewer, int64_t group,
                         store_group **out);
assay_code api_group_member_names(assay_bank *b, arena *mem, const char *viewer, int64_t group,
                                  const char ***names, size_t *n);
assay_code api_invite_find(assay_bank *b, arena *mem, const char *token, int64_t now,
                           store_invite **out);

/* Wraps a parsed model as a public document (takes ownership of m). */
assay_code api_doc_wrap(assay *a, kb_doc *m, const char *source, assay_doc **out);

#endif
