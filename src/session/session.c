/*
 * session — one attempt (quiz, adaptive assessment, spaced review) of one
 * person, question by question, behind the assay_session_* API.
 *
 * The one place that ties gen (questions), grade, irt (through the
 * assessment), srs (FSRS-6 review cards), wire (JSON) and the store together.
 * Its rule: what the learner has seen or answered is in the bank before the
 * call that showed or graded it returns. A question is stored (with its key)
 * the first time it is shown; an answer, its grade, the new adaptive state and
 * the review card go in one transaction. A resumed session reads all of it
 * back and shows the same questions. It never prints; errors go to the
 * caller's context. A quiz question answered before it was asked for (a web
 * client that posts the next answer straight away) is stored as shown in the
 * answer's transaction.
 *
 * Positions are 1-based and strictly sequential: position k is answered (or
 * skipped) before k + 1 is shown.
 */
#include "session/session_int.h"

#include "core/names.h"
#include "core/opts.h"
#include "core/u8.h"
#include "gen/quiz.h"
#include "grade/grade.h"
#include "wire/wire.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define SESSION_STATE_VERSION 1
#define REVIEW_DEFAULT_COUNT  20
#define REVIEW_DEFAULT_TYPES  (ASSAY_Q_MCQ | ASSAY_Q_CLOZE | ASSAY_Q_SHORT)
#define SESSION_MAX_COUNT     500
#define USER_MAX_BYTES        128
/* a free-text answer is "right" for the review deck from this score (grade.c) */
#define RIGHT_SCORE 0.7

void assay_session_spec_init(assay_session_spec *s)
{
    memset(s, 0, sizeof *s);
    s->struct_size = sizeof *s;
    s->kind = ASSAY_ATTEMPT_QUIZ;
    s->options = 4;
    s->retention = 0.9;
}

static int64_t now_of(const assay_session *s)
{
    return s->now_fixed ? s->now_fixed : (int64_t)time(NULL);
}

static assay_code nomem(assay_session *s)
{
    return err_set(s->err, ASSAY_ENOMEM, "out of memory");
}

assay_session *session_new(assay *a, assay_bank *b, const assay_engine *e)
{
    assay_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->a = a;
    s->err = &a->err;
    s->b = b;
    s->e = e;
    arena_init(&s->mem, 0);
    arena_init(&s->cur_mem, 0);
    arena_init(&s->fb_mem, 0);
    arena_init(&s->sum_mem, 0);
    arena_init(&s->card_mem, 0);
    fsrs_params_default(&s->fp);
    return s;
}

void assay_session_free(assay_session *s)
{
    if (!s)
        return;
    assay_quiz_free(s->quiz);
    assay_assess_free(s->as);
    grade_free(s->fb_grade);
    arena_free(&s->mem);
    arena_free(&s->cur_mem);
    arena_free(&s->fb_mem);
    arena_free(&s->sum_mem);
    arena_free(&s->card_mem);
    free(s->recs);
    free(s);
}

int64_t assay_session_attempt(const assay_session *s)
{
    return s->attempt;
}

assay_attempt_kind assay_session_kind(const assay_session *s)
{
    return s->kind;
}

/* ---- storage helpers -------------------------------------------------------- */

static assay_code tx_begin(assay_session *s)
{
    return store_begin(s->b->s, 1, s->err);
}

static assay_code tx_end(assay_session *s, assay_code rc)
{
    if (rc == ASSAY_OK)
        rc = store_commit(s->b->s, s->err);
    if (rc != ASSAY_OK)
        store_rollback(s->b->s);
    return rc;
}

/* The stored version of an item (1 when the engine does not know it). */
static int item_version(const assay_session *s, const char *id)
{
    long i = engine_find(s->e, id);
    return i >= 0 ? s->e->items[i].version : 1;
}

static char *dump(json_t *j)
{
    char *t = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(j);
    return t;
}

/* Stores position `seq` as shown, inside the caller's transaction. */
static assay_code present_add(assay_session *s, size_t seq, const assay_question *q,
                              const char *state_json)
{
    char *qj = dump(wire_question(q, seq, 1));
    if (!qj)
        return nomem(s);
    store_presentation p = {.attempt_id = s->attempt,
                            .seq = (int)seq,
                            .item_id = q->item_id,
                            .item_version = item_version(s, q->item_id),
                            .qtype = (int)q->type,
                            .question_json = qj,
                            .shown_at = now_of(s)};
    assay_code rc = store_presentation_add(s->b->s, &p, s->err);
    if (rc == ASSAY_OK && state_json)
        rc = api_attempt_update(s->b, s->attempt, state_json, 0);
    free(qj);
    return rc;
}

/* Stores position `seq` as shown, in its own transaction. */
static assay_code present(assay_session *s, size_t seq, const assay_question *q,
                          const char *state_json)
{
    assay_code rc = tx_begin(s);
    if (rc == ASSAY_OK)
        rc = present_add(s, seq, q, state_json);
    rc = tx_end(s, rc);
    if (rc == ASSAY_OK)
        s->n_presented = seq;
    return rc;
}

/* ---- per-position records (for the summary and for resuming) ------------------- */

static pos_rec *rec_at(assay_session *s, size_t seq)
{
    if (seq > s->cap_recs) {
        size_t cap = s->cap_recs ? s->cap_recs * 2 : 16;
        while (cap < seq)
            cap *= 2;
        pos_rec *r = realloc(s->recs, cap * sizeof *r);
        if (!r)
            return NULL;
        memset(r + s->cap_recs, 0, (cap - s->cap_recs) * sizeof *r);
        s->recs = r;
        s->cap_recs = cap;
    }
    if (seq > s->n_recs)
        s->n_recs = seq;
    return &s->recs[seq - 1];
}

int session_rec_question(assay_session *s, size_t seq, const assay_question *q)
{
    pos_rec *r = rec_at(s, seq);
    if (!r)
        return -1;
    arena *m = &s->mem;
    r->item_id = arena_strdup(m, q->item_id);
    r->kb = arena_strdup(m, q->kb);
    r->topic = arena_strdup(m, q->topic);
    r->prompt = arena_strdup(m, q->prompt);
    r->reference = q->answer ? arena_strdup(m, q->answer) : NULL;
    r->source_file = arena_strdup(m, q->source_file ? q->source_file : "");
    r->source_line = q->source_line;
    r->level = q->level;
    r->type = q->type;
    r->known = 1;
    return r->item_id && r->kb && r->topic && r->prompt && r->source_file ? 0 : -1;
}

/* ---- scope ------------------------------------------------------------------------ */

static assay_code take_user(assay_session *s, const char *user)
{
    user = user ? user : "";
    size_t bad;
    size_t n = strlen(user);
    if (n > USER_MAX_BYTES || u8_check(user, n, &bad) != 0)
        return err_set_param(s->err, ASSAY_EUSAGE, "user",
                             "a user name is UTF-8 text of at most %d bytes", USER_MAX_BYTES);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)user[i] < 0x20)
            return err_set_param(s->err, ASSAY_EUSAGE, "user",
                                 "a user name has no control characters");
    s->user = arena_strdup(&s->mem, user);
    return s->user ? ASSAY_OK : nomem(s);
}

/* The knowledge base of the scope (scope_kb, neither NULL nor "") or of the
 * engine (its id), or 0 for an engine over several. */
static assay_code engine_kb(assay_session *s, const char *scope_kb, int64_t *kb_id)
{
    *kb_id = 0;
    const char *name = scope_kb && scope_kb[0] ? scope_kb : s->e->kb;
    if (!name[0]) {
        /* an engine over all: one knowledge base in it is still one */
        for (size_t t = 1; t < s->e->n_topics; t++)
            if (strcmp(s->e->topics[t].kb, s->e->topics[0].kb) != 0)
                return ASSAY_OK;
        if (!s->e->n_topics)
            return ASSAY_OK;
        name = s->e->topics[0].kb;
    }
    arena tmp;
    arena_init(&tmp, 0);
    store_kb *kb = NULL;
    assay_code rc = api_find_kb(s->b, &tmp, name, &kb);
    if (rc == ASSAY_OK)
        *kb_id = kb->id;
    arena_free(&tmp);
    return rc;
}

static json_t *scope_json(const assay_session_spec *sp)
{
    json_t *levels = json_array();
    for (size_t i = 0; levels && i < sp->n_levels; i++)
        json_array_append_new(levels, json_integer(sp->levels[i]));
    return json_pack("{s:o, s:o}", "topics", wire_strings(sp->topics, sp->n_topics), "levels",
                     levels);
}

static uint64_t fresh_seed(void)
{
    uint64_t v = 0;
    if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v)
        v = (uint64_t)time(NULL) * 6364136223846793005u;
    return v ? v : 1;
}

/* Inserts the attempt with its plan (state) and scope (config; kb: its
 * knowledge base, NULL = the engine's). */
static assay_code open_attempt(assay_session *s, const char *kb, const char *form,
                               const char *state, const char *config)
{
    int64_t kb_id;
    assay_code rc = engine_kb(s, kb, &kb_id);
    if (rc != ASSAY_OK)
        return rc;
    int64_t now = now_of(s);
    store_attempt at = {.kb_id = kb_id,
                        .kind = (int)s->kind,
                        .person = s->user,
                        .form = form,
                        .seed = s->seed,
                        .config_json = config,
                        .state_json = state,
                        .created_at = now,
                        .updated_at = now};
    rc = tx_begin(s);
    if (rc == ASSAY_OK && s->user[0])
        rc = store_person_put(s->b->s, s->user, now, s->err);
    if (rc == ASSAY_OK)
        rc = store_attempt_put(s->b->s, &at, s->err);
    if (rc == ASSAY_OK && s->open_hook)
        rc = s->open_hook(s, at.id, s->open_ud);
    rc = tx_end(s, rc);
    if (rc == ASSAY_OK)
        s->attempt = at.id;
    return rc;
}

/* ---- starting ---------------------------------------------------------------------- */

static assay_code start_quiz(assay_session *s, const assay_session_spec *sp)
{
    assay_quiz_spec qs;
    assay_quiz_spec_init(&qs);
    qs.topics = sp->topics;
    qs.n_topics = sp->n_topics;
    qs.levels = sp->levels;
    qs.n_levels = sp->n_levels;
    qs.count = sp->count ? sp->count : 10;
    if (sp->types)
        qs.types = sp->types;
    qs.options = sp->options;
    qs.seed = s->seed;
    qs.no_derived = sp->no_derived;
    qs.kb = sp->kb;
    assay_code rc = quiz_generate(s->e, s->err, &qs, &s->quiz);
    if (rc != ASSAY_OK)
        return rc;
    if (wire_quiz_fingerprint(s->quiz) != 0)
        return nomem(s);
    s->n_plan = s->quiz->n;
    s->plan = arena_alloc(&s->mem, (s->n_plan + 1) * sizeof *s->plan);
    if (!s->plan)
        return nomem(s);
    for (size_t i = 0; i < s->n_plan; i++)
        s->plan[i] = s->quiz->qs[i].pub;
    json_t *qa = json_array();
    for (size_t i = 0; qa && i < s->n_plan; i++)
        json_array_append_new(qa, wire_question(&s->plan[i], i + 1, 1));
    char *state = dump(json_pack("{s:i, s:s, s:o, s:o}", "version", SESSION_STATE_VERSION,
                                 "fingerprint", s->quiz->fingerprint, "spec",
                                 wire_quiz_spec(&s->quiz->spec, s->quiz->kb), "questions", qa));
    char *config = dump(json_pack("{s:o}", "scope", scope_json(sp)));
    rc = state && config ? open_attempt(s, sp->kb, s->quiz->fingerprint, state, config) : nomem(s);
    free(state);
    free(config);
    return rc;
}

static assay_code start_assessment(assay_session *s, const assay_session_spec *sp)
{
    assay_assess_spec as;
    assay_assess_spec_init(&as);
    as.topics = sp->topics;
    as.n_topics = sp->n_topics;
    if (sp->types)
        as.types = sp->types;
    as.options = sp->options;
    if (sp->max_items)
        as.max_items = sp->max_items;
    as.seed = s->seed;
    as.no_derived = sp->no_derived;
    as.kb = sp->kb;
    assay_code rc = assay_assess_start(s->a, s->e, &as, &s->as);
    if (rc != ASSAY_OK)
        return rc;
    char *state = assay_assess_state_json(s->as);
    char *config = dump(json_pack("{s:o}", "scope", scope_json(sp)));
    rc = state && config ? open_attempt(s, sp->kb, NULL, state, config) : nomem(s);
    free(state);
    free(config);
    if (rc == ASSAY_OK) {
        s->as->bank = s->b;
        s->as->attempt = s->attempt;
        s->as->session_owned = 1;
    }
    return rc;
}

/* The review plan: the person's items due now that the engine holds. */
static assay_code start_review(assay_session *s, const assay_session_spec *sp)
{
    if (!s->user[0])
        return err_set_param(s->err, ASSAY_EUSAGE, "user",
                             "a review is of one person's cards: name the user");
    s->types = sp->types ? sp->types & ASSAY_Q_ALL : REVIEW_DEFAULT_TYPES;
    if (!s->types)
        return err_set_param(s->err, ASSAY_EUSAGE, "types", "no question type asked for");
    size_t limit = sp->count ? sp->count : REVIEW_DEFAULT_COUNT;
    arena tmp;
    arena_init(&tmp, 0);
    store_card *cards = NULL;
    size_t n = 0;
    assay_code rc = store_card_list(s->b->s, s->user, now_of(s), 0, &tmp, &cards, &n, s->err);
    json_t *items = json_array();
    s->plan_ids = arena_alloc(&s->mem, (limit + 1) * sizeof *s->plan_ids);
    if (rc == ASSAY_OK && (!items || !s->plan_ids))
        rc = nomem(s);
    for (size_t i = 0; rc == ASSAY_OK && i < n && s->n_plan < limit; i++) {
        long ei = engine_find(s->e, cards[i].item_id);
        if (ei < 0)
            continue; /* another knowledge base's, or retired */
        if (sp->no_derived && assay_kind_derived((assay_kind)s->e->items[ei].kind))
            continue;
        if (!(s->plan_ids[s->n_plan++] = arena_strdup(&s->mem, cards[i].item_id)))
            rc = nomem(s);
        json_array_append_new(items, json_string(cards[i].item_id));
    }
    arena_free(&tmp);
    char *state = NULL, *config = NULL;
    if (rc == ASSAY_OK) {
        state =
            dump(json_pack("{s:i, s:O, s:I, s:f}", "version", SESSION_STATE_VERSION, "items", items,
                           "types", (json_int_t)s->types, "retention", s->fp.request_retention));
        config = dump(json_pack("{s:o}", "scope", scope_json(sp)));
        rc = state && config ? open_attempt(s, NULL, NULL, state, config) : nomem(s);
    }
    json_decref(items);
    free(state);
    free(config);
    return rc;
}

assay_code assay_session_start(assay *a, assay_bank *b, const assay_engine *e,
                               const assay_session_spec *spec_in, assay_session **out)
{
    return session_start_hooked(a, b, e, spec_in, NULL, NULL, out);
}

assay_code session_start_hooked(assay *a, assay_bank *b, const assay_engine *e,
                                const assay_session_spec *spec_in, session_open_hook hook, void *ud,
                                assay_session **out)
{
    api_enter(a);
    *out = NULL;
    assay_session_spec sp;
    assay_session_spec_init(&sp);
    if (opts_take(&a->err, &sp, sizeof sp, spec_in, "assay_session_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (sp.kind != ASSAY_ATTEMPT_QUIZ && sp.kind != ASSAY_ATTEMPT_ASSESSMENT &&
        sp.kind != ASSAY_ATTEMPT_REVIEW)
        return err_set_param(&a->err, ASSAY_EUSAGE, "kind",
                             "a session is a quiz, an assessment "
                             "or a review");
    if (sp.count > SESSION_MAX_COUNT)
        return err_set_param(&a->err, ASSAY_EUSAGE, "count", "count is at most %d, not %zu",
                             SESSION_MAX_COUNT, sp.count);
    if (!(sp.retention > 0 && sp.retention < 1))
        return err_set_param(&a->err, ASSAY_EUSAGE, "retention",
                             "retention is between 0 and 1 (as 0.9)");
    if (sp.now < 0)
        return err_set_param(&a->err, ASSAY_EUSAGE, "now", "now is a Unix time");
    assay_session *s = session_new(a, b, e);
    if (!s)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    s->kind = sp.kind;
    s->open_hook = hook;
    s->open_ud = ud;
    s->now_fixed = sp.now;
    s->seed = sp.seed ? sp.seed : fresh_seed();
    s->fp.request_retention = sp.retention;
    assay_code rc = take_user(s, sp.user);
    if (rc == ASSAY_OK)
        rc = sp.kind == ASSAY_ATTEMPT_QUIZ         ? start_quiz(s, &sp)
             : sp.kind == ASSAY_ATTEMPT_ASSESSMENT ? start_assessment(s, &sp)
                                                   : start_review(s, &sp);
    if (rc != ASSAY_OK) {
        assay_session_free(s);
        return rc;
    }
    *out = s;
    return ASSAY_OK;
}

/* ---- the current question -------------------------------------------------------------- */

/* The question of a review position: as stored if it was shown, else made now
 * (deterministically from the seed and the position). */
static assay_code review_question(assay_session *s, size_t seq, const assay_question **q)
{
    arena_free(&s->cur_mem);
    arena_init(&s->cur_mem, 0);
    long item = engine_find(s->e, s->plan_ids[seq - 1]);
    if (item < 0)
        return err_set(s->err, ASSAY_EINPUT, "review item %s is no longer in the bank",
                       s->plan_ids[seq - 1]);
    static const assay_qtype order[] = {ASSAY_Q_MCQ,   ASSAY_Q_CLOZE, ASSAY_Q_TF,
                                        ASSAY_Q_SHORT, ASSAY_Q_MATCH, ASSAY_Q_SCENARIO};
    size_t nt = sizeof order / sizeof order[0];
    g_question *g = arena_alloc(&s->cur_mem, sizeof *g);
    if (!g)
        return nomem(s);
    for (size_t k = 0; k < 2 * nt; k++) {
        /* the asked types in turn from the position; then any type at all */
        assay_qtype t = order[(seq + k) % nt];
        if (k < nt && !(s->types & (unsigned)t))
            continue;
        rng r;
        rng_seed(&r, s->seed, seq);
        memset(g, 0, sizeof *g);
        int m = quiz_make(s->e, t, (uint32_t)item, 4, &r, &s->cur_mem, g);
        if (m < 0)
            return nomem(s);
        if (m == 0) {
            *q = &g->pub;
            return ASSAY_OK;
        }
    }
    return err_set(s->err, ASSAY_EINTERNAL, "no question can be made from item %s",
                   s->plan_ids[seq - 1]);
}

/* The question stored at position seq, read back into `mem` (which the caller
 * has emptied or made). A damaged copy is a storage error. */
static assay_code stored_question(assay_session *s, size_t seq, arena *mem,
                                  const assay_question **q)
{
    arena tmp;
    arena_init(&tmp, 0);
    store_presentation *rows = NULL;
    size_t n = 0;
    assay_code rc = store_presentation_list(s->b->s, s->attempt, &tmp, &rows, &n, s->err);
    const store_presentation *p = NULL;
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        if ((size_t)rows[i].seq == seq)
            p = &rows[i];
    if (rc == ASSAY_OK && !p)
        rc = err_set(s->err, ASSAY_ESTORAGE, "attempt %lld: no stored question at position %zu",
                     (long long)s->attempt, seq);
    if (rc == ASSAY_OK) {
        json_t *j = json_loads(p->question_json, JSON_REJECT_DUPLICATES, NULL);
        assay_question *dst = arena_alloc(mem, sizeof *dst);
        char what[96];
        snprintf(what, sizeof what, "attempt %lld, stored question %zu", (long long)s->attempt,
                 seq);
        if (!dst)
            rc = nomem(s);
        else if ((rc = wire_question_parse(j, mem, dst, s->err, what)) == ASSAY_EINPUT)
            rc = s->err->code = ASSAY_ESTORAGE; /* it is the bank's copy that is damaged */
        else if (rc == ASSAY_OK)
            *q = dst;
        json_decref(j);
    }
    arena_free(&tmp);
    return rc;
}

/* Another request of the same attempt showed position seq first (a client's
 * retry that reached another server while the first request still ran): the
 * stored question is the one to show, read back into cur_mem. An assessment
 * whose own choice differs cannot go on from this handle: a conflict, and the
 * attempt opened again reads the stored state. Any other failure of the
 * presentation keeps its own error. */
static assay_code present_taken(assay_session *s, size_t seq, const assay_question **next)
{
    errinfo first = *s->err;
    char want[64]; /* *next may live in cur_mem, emptied below */
    snprintf(want, sizeof want, "%s", (*next)->item_id ? (*next)->item_id : "");
    err_clear(s->err);
    arena_free(&s->cur_mem);
    arena_init(&s->cur_mem, 0);
    const assay_question *q = NULL;
    if (stored_question(s, seq, &s->cur_mem, &q) != ASSAY_OK || !q) {
        *s->err = first;
        return first.code;
    }
    if (s->kind == ASSAY_ATTEMPT_ASSESSMENT && strcmp(q->item_id, want) != 0)
        return err_set(s->err, ASSAY_ECONFLICT,
                       "attempt %lld: another request showed position %zu first; open the "
                       "attempt again",
                       (long long)s->attempt, seq);
    s->n_presented = seq;
    *next = q;
    return ASSAY_OK;
}

static int is_done(assay_session *s)
{
    if (s->finished)
        return 1;
    if (s->kind == ASSAY_ATTEMPT_ASSESSMENT)
        return assay_assess_done(s->as);
    return s->n_done >= s->n_plan;
}

assay_code assay_session_current(assay_session *s, const assay_question **q)
{
    api_enter(s->a);
    *q = NULL;
    if (s->stale)
        return err_set(s->err, ASSAY_ECONFLICT,
                       "attempt %lld went on in another request; open it again",
                       (long long)s->attempt);
    if (s->cur) {
        *q = s->cur;
        return ASSAY_OK;
    }
    if (is_done(s))
        return ASSAY_OK;
    size_t seq = s->n_done + 1;
    const assay_question *next = NULL;
    assay_code rc = ASSAY_OK;
    char *state = NULL;
    if (s->kind == ASSAY_ATTEMPT_QUIZ) {
        rc = session_plan_question(s, seq - 1, &next);
    } else if (s->kind == ASSAY_ATTEMPT_REVIEW) {
        if (seq <= s->n_presented) {
            arena_free(&s->cur_mem);
            arena_init(&s->cur_mem, 0);
            rc = stored_question(s, seq, &s->cur_mem, &next);
        } else {
            rc = review_question(s, seq, &next);
        }
    } else {
        rc = assay_assess_next(s->as, &next);
        if (rc == ASSAY_OK && next && seq > s->n_presented &&
            !(state = assay_assess_state_json(s->as)))
            rc = nomem(s);
    }
    if (rc == ASSAY_OK && next && seq > s->n_presented) {
        rc = present(s, seq, next, state);
        if (rc == ASSAY_EINPUT)
            rc = present_taken(s, seq, &next);
    }
    free(state);
    if (rc == ASSAY_OK && next && session_rec_question(s, seq, next) != 0)
        rc = nomem(s);
    if (rc != ASSAY_OK)
        return rc;
    s->cur = next;
    *q = next;
    return ASSAY_OK;
}

/* ---- answering ----------------------------------------------------------------------------- */

/* Answers of the wrong shape are refused before anything is graded or stored. */
static assay_code check_answer(assay_session *s, const assay_question *q, const assay_answer *ans)
{
    size_t bad;
    if (ans->text && u8_check(ans->text, strlen(ans->text), &bad) != 0)
        return err_set_param(s->err, ASSAY_EINPUT, "text", "the answer is not valid UTF-8 text");
    switch (q->type) {
    case ASSAY_Q_MCQ:
        if (ans->choice < 0 || (size_t)ans->choice >= q->n_options)
            return err_set_param(s->err, ASSAY_EINPUT, "choice", "choose one of the %zu options",
                                 q->n_options);
        break;
    case ASSAY_Q_TF:
        if (ans->truth != 0 && ans->truth != 1)
            return err_set_param(s->err, ASSAY_EINPUT, "truth", "answer true or false");
        break;
    case ASSAY_Q_MATCH:
        if (ans->n_pairs != q->n_pairs || !ans->pairs)
            return err_set_param(s->err, ASSAY_EINPUT, "pairs",
                                 "give one answer for each of the %zu questions", q->n_pairs);
        for (size_t i = 0; i < ans->n_pairs; i++)
            if (ans->pairs[i] < -1 || ans->pairs[i] >= (int)q->n_pairs)
                return err_set_param(s->err, ASSAY_EINPUT, "pairs", "answers are 1 to %zu",
                                     q->n_pairs);
        break;
    case ASSAY_Q_SCENARIO:
        if (ans->choice >= 0 && (size_t)ans->choice < q->n_options)
            break;
        if (ans->choice >= 0)
            return err_set_param(s->err, ASSAY_EINPUT, "choice", "choose one of the %zu options",
                                 q->n_options);
        /* fall back on text */
        if (!ans->text || !ans->text[strspn(ans->text, " \t\r\n")])
            return err_set_param(s->err, ASSAY_EINPUT, "text", "the answer is empty");
        break;
    case ASSAY_Q_CLOZE:
    case ASSAY_Q_SHORT:
        if (!ans->text || !ans->text[strspn(ans->text, " \t\r\n")])
            return err_set_param(s->err, ASSAY_EINPUT, "text", "the answer is empty");
        break;
    }
    return ASSAY_OK;
}

/* The feedback's own copy of the question and grade (they outlive s->cur). */
static assay_code keep_feedback(assay_session *s, size_t seq, const assay_question *q, grade *g,
                                int skipped)
{
    grade_free(s->fb_grade);
    s->fb_grade = g;
    arena_free(&s->fb_mem);
    arena_init(&s->fb_mem, 0);
    /* the question lives in cur_mem / plan / the assessment: copy it through JSON */
    json_t *j = wire_question(q, seq, 1);
    assay_code rc = j ? wire_question_parse(j, &s->fb_mem, &s->fb_q, s->err, "question") : nomem(s);
    json_decref(j);
    if (rc != ASSAY_OK)
        return rc;
    memset(&s->fb, 0, sizeof s->fb);
    s->fb.position = seq;
    s->fb.question = &s->fb_q;
    s->fb.grade = &g->pub;
    s->fb.skipped = skipped;
    return ASSAY_OK;
}

typedef struct answer_tx {
    assay_session *s;
    const assay_question *q;
    double score;
    int skipped;
} answer_tx;

/* The review deck, inside the answer's transaction: a wrong answer in a quiz
 * or an assessment adds the item (due now) unless the person has its card. */
static assay_code deck_add(answer_tx *x)
{
    assay_session *s = x->s;
    if (!s->user[0] || x->score >= RIGHT_SCORE || s->kind == ASSAY_ATTEMPT_REVIEW)
        return ASSAY_OK;
    arena tmp;
    arena_init(&tmp, 0);
    store_card *c = NULL;
    assay_code rc = store_card_get(s->b->s, s->user, x->q->item_id, &tmp, &c, s->err);
    if (rc == ASSAY_OK && !c) {
        fsrs_card fc;
        fsrs_card_new(now_of(s), &fc);
        store_card sc = {.person = s->user,
                         .item_id = x->q->item_id,
                         .state = fc.state,
                         .due = fc.due,
                         .updated_at = now_of(s)};
        rc = store_card_put(s->b->s, &sc, s->err);
        if (rc == ASSAY_OK)
            s->fb.added_to_review = 1;
    }
    arena_free(&tmp);
    return rc;
}

static assay_code assess_extra(void *ud, size_t step)
{
    (void)step;
    return deck_add(ud);
}

static void card_from_store(const store_card *c, fsrs_card *f)
{
    memset(f, 0, sizeof *f);
    f->state = c->state;
    f->stability = c->stability;
    f->difficulty = c->difficulty;
    f->due = c->due;
    f->last_review = c->last_review;
    f->reps = c->reps;
    f->lapses = c->lapses;
    f->learning_step = c->step;
    f->scheduled_days = (int)c->scheduled_days;
}

/* Applies `rating` to the card as it was before this answer (s->prev_card),
 * stores it and fills the feedback's due times. Inside a transaction. */
static assay_code review_apply(assay_session *s, int rating)
{
    fsrs_card next, prev;
    card_from_store(&s->prev_card, &prev);
    int64_t at = s->rated_at;
    int frc = fsrs_review(&s->fp, &prev, rating, at, &next);
    if (frc != FSRS_OK)
        return err_set(s->err, frc == FSRS_ECARD ? ASSAY_ESTORAGE : ASSAY_EINPUT,
                       "review card of %s for %s: %s", s->user, s->prev_card.item_id,
                       fsrs_strerror(frc));
    fsrs_card four[4];
    if (fsrs_preview(&s->fp, &prev, at, four) == FSRS_OK)
        for (int k = 0; k < 4; k++)
            s->fb.due_if[k] = four[k].due;
    store_card sc = {.person = s->user,
                     .item_id = s->prev_card.item_id,
                     .state = next.state,
                     .stability = next.stability,
                     .difficulty = next.difficulty,
                     .due = next.due,
                     .last_review = next.last_review,
                     .reps = next.reps,
                     .lapses = next.lapses,
                     .step = next.learning_step,
                     .scheduled_days = next.scheduled_days,
                     .updated_at = at};
    assay_code rc = store_card_put(s->b->s, &sc, s->err);
    if (rc == ASSAY_OK) {
        s->fb.rating = rating;
        s->fb.due = next.due;
    }
    return rc;
}

/* Reads the person's card for the item before a review answer changes it. */
static assay_code review_load(assay_session *s, const char *item_id)
{
    arena_free(&s->card_mem);
    arena_init(&s->card_mem, 0);
    store_card *c = NULL;
    assay_code rc = store_card_get(s->b->s, s->user, item_id, &s->card_mem, &c, s->err);
    if (rc != ASSAY_OK)
        return rc;
    if (!c) { /* its card went away (another session): start it anew */
        fsrs_card fc;
        fsrs_card_new(now_of(s), &fc);
        memset(&s->prev_card, 0, sizeof s->prev_card);
        s->prev_card.person = s->user;
        s->prev_card.item_id = arena_strdup(&s->card_mem, item_id);
        s->prev_card.due = fc.due;
        if (!s->prev_card.item_id)
            return nomem(s);
    } else {
        s->prev_card = *c;
        fsrs_card f;
        card_from_store(c, &f);
        if (fsrs_card_check(&f) != FSRS_OK)
            return err_set(s->err, ASSAY_ESTORAGE, "the stored review card of %s for %s is damaged",
                           s->user, item_id);
    }
    s->have_prev = 1;
    return ASSAY_OK;
}

static char *grade_text(const assay_grade *g, int skipped)
{
    json_t *j = wire_grade(g);
    if (j && skipped)
        json_object_set_new(j, "skipped", json_true());
    return dump(j);
}

/* Stores the answer to a quiz or review position in one transaction; with
 * `show`, the question as shown too (a quiz question answered before it was
 * asked for: shown and answered at once). */
static assay_code store_answer(assay_session *s, size_t seq, const assay_question *q,
                               const assay_answer *ans, const grade *g, const char *request_id,
                               int skipped, int show, int *duplicate)
{
    char *gj = grade_text(&g->pub, skipped);
    json_t *opts = q->n_options ? wire_strings(q->options, q->n_options) : NULL;
    char *oj = opts ? dump(opts) : NULL;
    char *answer_json = NULL;
    const char *text = ans->text;
    if (!text && (q->type == ASSAY_Q_TF || q->type == ASSAY_Q_MATCH) && !skipped)
        text = answer_json = dump(wire_answer(q, ans)); /* kept as given */
    if (!gj || (q->n_options && !oj)) {
        free(gj);
        free(oj);
        free(answer_json);
        return nomem(s);
    }
    store_response r = {.attempt_id = s->attempt,
                        .seq = (int)seq,
                        .item_id = q->item_id,
                        .item_version = item_version(s, q->item_id),
                        .qtype = (int)q->type,
                        .score = g->pub.score,
                        .choice = q->n_options ? ans->choice : -1,
                        .key = q->n_options ? q->key : -1,
                        .options_json = oj,
                        .answer = text,
                        .request_id = request_id,
                        .seconds = -1,
                        .at = now_of(s),
                        .grade_json = gj};
    answer_tx x = {s, q, g->pub.score, skipped};
    assay_code rc = tx_begin(s);
    if (rc == ASSAY_OK)
        rc = store_response_add(s->b->s, &r, duplicate, s->err);
    if (rc == ASSAY_OK && !*duplicate && show)
        rc = present_add(s, seq, q, NULL);
    if (rc == ASSAY_OK && !*duplicate) {
        if (s->kind == ASSAY_ATTEMPT_REVIEW && !skipped)
            rc = review_apply(s, fsrs_rating_from_score(g->pub.score));
        else
            rc = deck_add(&x);
        if (rc == ASSAY_OK)
            rc = api_attempt_update(s->b, s->attempt, NULL, 0);
    }
    rc = tx_end(s, rc);
    if (rc == ASSAY_OK && !*duplicate && show)
        s->n_presented = seq;
    free(gj);
    free(oj);
    free(answer_json);
    return rc;
}

/* A stored answer with this request id, as feedback; *found 0 if none. */
static assay_code replay(assay_session *s, const char *request_id, int force, int *found)
{
    *found = 0;
    if (!request_id)
        return ASSAY_OK;
    /* the answers read when the session was opened, and those it stored since,
     * carry their request ids: the bank is read again only for one of them (the
     * store refuses a second answer with the same id in any case), or when
     * forced (the store has just said another request stored it) */
    int known = force;
    for (size_t i = 0; i < s->n_recs && !known; i++)
        known = s->recs[i].request_id && strcmp(s->recs[i].request_id, request_id) == 0;
    if (!known)
        return ASSAY_OK;
    arena tmp;
    arena_init(&tmp, 0);
    store_response *rows = NULL;
    size_t n = 0;
    assay_code rc = store_attempt_responses(s->b->s, s->attempt, &tmp, &rows, &n, s->err);
    const store_response *r = NULL;
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        if (rows[i].request_id && strcmp(rows[i].request_id, request_id) == 0)
            r = &rows[i];
    const assay_question *q = NULL;
    if (rc == ASSAY_OK && r)
        rc = stored_question(s, (size_t)r->seq, &tmp, &q);
    if (rc == ASSAY_OK && r) {
        grade *g = grade_new();
        json_t *gj = r->grade_json ? json_loads(r->grade_json, 0, NULL) : NULL;
        if (!g) {
            rc = nomem(s);
        } else {
            g->pub.score = r->score;
            g->pub.correct = json_is_true(json_object_get(gj, "correct"));
            const char *ref = json_string_value(json_object_get(gj, "reference"));
            g->pub.reference = ref ? arena_strdup(&g->mem, ref) : NULL;
            rc = keep_feedback(s, (size_t)r->seq, q, g,
                               json_is_true(json_object_get(gj, "skipped")));
            s->fb.duplicate = 1;
            *found = rc == ASSAY_OK;
        }
        json_decref(gj);
    }
    arena_free(&tmp);
    return rc;
}

int session_rec_request(assay_session *s, size_t seq, const char *request_id)
{
    pos_rec *r = rec_at(s, seq);
    if (!r)
        return -1;
    r->request_id = request_id ? arena_strdup(&s->mem, request_id) : NULL;
    return request_id && !r->request_id ? -1 : 0;
}

void session_rec_answer(assay_session *s, size_t seq, double score, int skipped)
{
    pos_rec *r = rec_at(s, seq);
    if (r) {
        r->answered = !skipped;
        r->skipped = skipped;
        r->score = score;
    }
    s->n_done = seq;
    s->skipped += skipped != 0;
    s->cur = NULL;
}

/* expect: the position the front end answers (0 = the current one, whatever it is). */
static assay_code answer(assay_session *s, const assay_answer *ans_in, const char *request_id,
                         int skipped, size_t expect, const assay_feedback **fb)
{
    *fb = NULL;
    if (s->stale)
        return err_set(s->err, ASSAY_ECONFLICT,
                       "attempt %lld went on in another request; open it again",
                       (long long)s->attempt);
    int found = 0;
    assay_code rc = replay(s, request_id, 0, &found);
    if (rc != ASSAY_OK)
        return rc;
    if (found) {
        *fb = &s->fb;
        return ASSAY_OK;
    }
    if (expect && expect != s->n_done + 1)
        return err_set_param(s->err, ASSAY_EINPUT, "position",
                             "position %zu is not the question waiting for an answer (%zu)", expect,
                             s->n_done + 1);
    const assay_question *q = NULL;
    /* a quiz question not shown yet is stored as shown with its answer */
    int show =
        s->kind == ASSAY_ATTEMPT_QUIZ && !s->cur && !is_done(s) && s->n_done + 1 > s->n_presented;
    if (show) {
        if ((rc = session_plan_question(s, s->n_done, &q)) != ASSAY_OK)
            return rc;
    } else if ((rc = assay_session_current(s, &q)) != ASSAY_OK)
        return rc;
    if (!q)
        return err_set(s->err, ASSAY_EUSAGE, "the session has no question left to answer");
    assay_answer none = ASSAY_ANSWER_INIT;
    const assay_answer *ans = skipped ? &none : ans_in;
    if (!ans)
        return err_set_param(s->err, ASSAY_EUSAGE, "answer", "no answer given");
    if (!skipped && (rc = check_answer(s, q, ans)) != ASSAY_OK)
        return rc;
    size_t seq = s->n_done + 1;
    assay_grade *pg = NULL;
    if (skipped) {
        grade *g0 = grade_new();
        if (!g0)
            return nomem(s);
        if (q->answer && !(g0->pub.reference = arena_strdup(&g0->mem, q->answer))) {
            grade_free(g0);
            return nomem(s);
        }
        pg = &g0->pub;
    } else if ((rc = api_grade_question(s->e, s->err, q, ans, &pg)) != ASSAY_OK) {
        return rc;
    }
    grade *g = (grade *)pg;
    if ((rc = keep_feedback(s, seq, q, g, skipped)) != ASSAY_OK)
        return rc;
    int dup = 0;
    if (s->kind == ASSAY_ATTEMPT_REVIEW && !skipped) {
        if ((rc = review_load(s, q->item_id)) != ASSAY_OK)
            return rc;
        s->rated_at = now_of(s);
    }
    if (s->kind == ASSAY_ATTEMPT_ASSESSMENT) {
        char *gj = grade_text(&g->pub, skipped);
        if (!gj)
            return nomem(s);
        /* the pending question leaves the assessment as it is recorded: use the copy */
        answer_tx x = {s, &s->fb_q, g->pub.score, skipped};
        s->as->step_request_id = request_id;
        s->as->step_grade_json = gj;
        s->as->step_extra = assess_extra;
        s->as->step_extra_ud = &x;
        /* the assessment stores the step, the state and the deck together */
        rc = assess_record(s->as, g->pub.score, ans);
        s->as->step_request_id = NULL;
        s->as->step_grade_json = NULL;
        s->as->step_extra = NULL;
        s->as->step_extra_ud = NULL;
        free(gj);
        if (rc == ASSAY_ECONFLICT && s->as->step_dup) {
            /* stored meanwhile by another request with this id (a retry on
             * another server): its feedback is the answer; this handle's
             * assessment is behind the bank's from now on */
            s->as->step_dup = 0;
            err_clear(s->err);
            s->stale = 1;
            rc = replay(s, request_id, 1, &found);
            if (rc == ASSAY_OK && !found)
                rc = err_set(s->err, ASSAY_ESTORAGE,
                             "attempt %lld: the answer stored meanwhile cannot be read back",
                             (long long)s->attempt);
            if (rc == ASSAY_OK)
                *fb = &s->fb;
            return rc;
        }
    } else {
        rc = store_answer(s, seq, q, ans, g, request_id, skipped, show, &dup);
        if (rc == ASSAY_OK && show && session_rec_question(s, seq, q) != 0)
            rc = nomem(s);
    }
    if (rc != ASSAY_OK)
        return rc;
    if (dup)
        s->fb.duplicate = 1; /* stored meanwhile by another request with this id */
    session_rec_answer(s, seq, g->pub.score, skipped);
    if (session_rec_request(s, seq, request_id) != 0)
        return nomem(s);
    s->last_review_seq = s->kind == ASSAY_ATTEMPT_REVIEW && !skipped ? seq : 0;
    *fb = &s->fb;
    return ASSAY_OK;
}

assay_code assay_session_submit(assay_session *s, const assay_answer *ans, const char *request_id,
                                const assay_feedback **fb)
{
    api_enter(s->a);
    return answer(s, ans, request_id, 0, 0, fb);
}

assay_code assay_session_submit_at(assay_session *s, size_t position, const assay_answer *ans,
                                   const char *request_id, const assay_feedback **fb)
{
    api_enter(s->a);
    return answer(s, ans, request_id, 0, position, fb);
}

assay_code assay_session_skip_at(assay_session *s, size_t position, const char *request_id,
                                 const assay_feedback **fb)
{
    api_enter(s->a);
    return answer(s, NULL, request_id, 1, position, fb);
}

assay_code assay_session_skip(assay_session *s, const char *request_id, const assay_feedback **fb)
{
    api_enter(s->a);
    return answer(s, NULL, request_id, 1, 0, fb);
}

assay_code assay_session_rate(assay_session *s, int rating, const assay_feedback **fb)
{
    api_enter(s->a);
    *fb = NULL;
    if (s->kind != ASSAY_ATTEMPT_REVIEW || !s->last_review_seq || !s->have_prev)
        return err_set(s->err, ASSAY_EUSAGE, "only the answer just given in a review is rated");
    if (rating < 1 || rating > 4)
        return err_set_param(s->err, ASSAY_EUSAGE, "rating",
                             "a rating is 1 (again), 2 (hard), 3 (good) or 4 (easy)");
    assay_code rc = tx_begin(s);
    if (rc == ASSAY_OK)
        rc = review_apply(s, rating);
    rc = tx_end(s, rc);
    if (rc == ASSAY_OK)
        *fb = &s->fb;
    return rc;
}

static char *final_config(assay_session *s)
{
    arena tmp;
    arena_init(&tmp, 0);
    store_attempt *at = NULL;
    json_t *cfg = NULL;
    if (store_attempt_get(s->b->s, s->attempt, &tmp, &at, s->err) == ASSAY_OK && at &&
        at->config_json)
        cfg = json_loads(at->config_json, 0, NULL);
    arena_free(&tmp);
    if (!json_is_object(cfg)) {
        json_decref(cfg);
        cfg = json_object();
    }
    if (cfg && s->kind == ASSAY_ATTEMPT_ASSESSMENT) {
        char *p = assay_assess_profile_json(s->as);
        json_t *pj = p ? json_loads(p, 0, NULL) : NULL;
        free(p);
        if (pj)
            json_object_set_new(cfg, "profile", pj);
    }
    return dump(cfg);
}

assay_code assay_session_finish(assay_session *s)
{
    api_enter(s->a);
    if (s->finished)
        return ASSAY_OK;
    char *cfg = final_config(s);
    char *state = s->kind == ASSAY_ATTEMPT_ASSESSMENT ? assay_assess_state_json(s->as) : NULL;
    if (!cfg || (s->kind == ASSAY_ATTEMPT_ASSESSMENT && !state)) {
        free(cfg);
        free(state);
        return nomem(s);
    }
    arena tmp;
    arena_init(&tmp, 0);
    store_attempt *at = NULL;
    assay_code rc = tx_begin(s);
    if (rc == ASSAY_OK)
        rc = store_attempt_get(s->b->s, s->attempt, &tmp, &at, s->err);
    if (rc == ASSAY_OK && !at)
        rc = err_set(s->err, ASSAY_ENOTFOUND, "no attempt %lld", (long long)s->attempt);
    if (rc == ASSAY_OK) {
        at->config_json = cfg;
        if (state)
            at->state_json = state;
        at->finished = 1;
        at->updated_at = now_of(s);
        rc = store_attempt_put(s->b->s, at, s->err);
    }
    rc = tx_end(s, rc);
    arena_free(&tmp);
    free(cfg);
    free(state);
    if (rc == ASSAY_OK) {
        s->finished = 1;
        s->cur = NULL;
    }
    return rc;
}

void assay_session_status_get(assay_session *s, assay_session_status *out)
{
    memset(out, 0, sizeof *out);
    out->answered = s->n_done;
    out->skipped = s->skipped;
    out->position = s->n_done + 1;
    if (s->kind == ASSAY_ATTEMPT_ASSESSMENT) {
        out->total = s->as->spec.max_items;
        const assay_profile *p = assay_assess_profile(s->as);
        if (p) {
            out->topics = p->n_topics;
            for (size_t i = 0; i < p->n_topics; i++)
                out->topics_decided += strcmp(p->topics[i].status, "open") != 0;
        }
    } else {
        out->total = s->n_plan;
    }
    out->done = is_done(s);
}
