/*
 * session/resume — reading sessions back: resuming an attempt exactly where
 * it stopped, the summary of a session, its JSON lines (docs/json.md,
 * "session"), and the listings of attempts and review cards. Everything read
 * from the bank is checked like outside input: a stored state that does not
 * parse or does not fit is a storage error naming the attempt.
 */
#include "session/session_int.h"

#include "core/opts.h"
#include "wire/wire.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static assay_code damaged(assay_session *s, const char *what)
{
    return err_set(s->err, ASSAY_ESTORAGE, "attempt %lld: %s", (long long)s->attempt, what);
}

static json_t *load(const char *text)
{
    return text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
}

/* The stored answers: positions 1..n in order, each recorded for the summary. */
static assay_code read_answers(assay_session *s)
{
    arena tmp;
    arena_init(&tmp, 0);
    store_response *rows = NULL;
    size_t n = 0;
    assay_code rc = store_attempt_responses(s->b->s, s->attempt, &tmp, &rows, &n, s->err);
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        if ((size_t)rows[i].seq != i + 1) {
            rc = damaged(s, "its answers are not at positions 1, 2, 3, ...");
            break;
        }
        if (!(rows[i].score >= 0 && rows[i].score <= 1)) {
            rc = damaged(s, "a stored score is not between 0 and 1");
            break;
        }
        json_t *g = load(rows[i].grade_json);
        session_rec_answer(s, i + 1, rows[i].score, json_is_true(json_object_get(g, "skipped")));
        json_decref(g);
        if (session_rec_request(s, i + 1, rows[i].request_id) != 0) {
            rc = err_set(s->err, ASSAY_ENOMEM, "out of memory");
            break;
        }
    }
    arena_free(&tmp);
    return rc;
}

/* One shown question's stored JSON into the records. */
static assay_code rec_shown(assay_session *s, size_t seq, const char *text)
{
    json_t *j = load(text);
    assay_question q;
    char what[64];
    snprintf(what, sizeof what, "shown question %zu", seq);
    assay_code rc = wire_question_parse(j, &s->mem, &q, s->err, what);
    json_decref(j);
    if (rc == ASSAY_EINPUT)
        rc = s->err->code = ASSAY_ESTORAGE;
    if (rc == ASSAY_OK && session_rec_question(s, seq, &q) != 0)
        rc = err_set(s->err, ASSAY_ENOMEM, "out of memory");
    return rc;
}

/* The questions shown, into the records; when `lazy` (a session reopened for
 * one step), only their texts are kept, for session_recs_fill. */
static assay_code read_presented(assay_session *s, int lazy)
{
    arena tmp;
    arena_init(&tmp, 0);
    store_presentation *rows = NULL;
    size_t n = 0;
    assay_code rc = store_presentation_list(s->b->s, s->attempt, &tmp, &rows, &n, s->err);
    if (rc == ASSAY_OK && lazy && !(s->shown_text = arena_alloc(&s->mem, (n + 1) * sizeof(char *))))
        rc = err_set(s->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        if ((size_t)rows[i].seq != i + 1) {
            rc = damaged(s, "its shown questions are not at positions 1, 2, 3, ...");
            break;
        }
        if (!lazy)
            rc = rec_shown(s, i + 1, rows[i].question_json);
        else if (!(s->shown_text[i] = arena_strdup(&s->mem, rows[i].question_json)))
            rc = err_set(s->err, ASSAY_ENOMEM, "out of memory");
    }
    if (rc == ASSAY_OK)
        s->n_presented = n;
    arena_free(&tmp);
    return rc;
}

/* The records of the questions a reopened session has not read yet. */
static assay_code session_recs_fill(assay_session *s)
{
    for (size_t i = 0; s->shown_text && i < s->n_presented; i++) {
        if (i < s->n_recs && s->recs[i].known)
            continue;
        assay_code rc = rec_shown(s, i + 1, s->shown_text[i]);
        if (rc != ASSAY_OK)
            return rc;
    }
    s->shown_text = NULL;
    return ASSAY_OK;
}

/* A lax, linear scan of stored JSON that finds where values begin and end
 * (nesting by a counter, no recursion); what it finds is then parsed strictly
 * by jansson, so it only has to be right on well-formed text (SQLite's
 * json_valid check stored it so) and bounded on anything else. */
static const char *js_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static const char *js_string(const char *p, const char *end) /* p at '"' */
{
    for (p++; p < end;) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!q)
            return NULL;
        size_t bs = 0; /* an even run of backslashes before it: the string ends here */
        while (q - bs > p && q[-1 - (ptrdiff_t)bs] == '\\')
            bs++;
        if (bs % 2 == 0)
            return q + 1;
        p = q + 1;
    }
    return NULL;
}

static const char *js_value(const char *p, const char *end)
{
    size_t depth = 0;
    do {
        p = js_ws(p, end);
        if (p >= end)
            return NULL;
        if (*p == '"') {
            if (!(p = js_string(p, end)))
                return NULL;
        } else if (*p == '{' || *p == '[') {
            depth++;
            p++;
        } else if (*p == '}' || *p == ']') {
            if (depth == 0)
                return NULL;
            depth--;
            p++;
        } else if (*p == ',' || *p == ':') {
            if (depth == 0)
                return NULL;
            p++;
        } else {
            const char *q = p;
            while (p < end && *p && strchr("+-.0123456789Eaeflnrstu", *p))
                p++;
            if (p == q)
                return NULL;
        }
    } while (depth > 0);
    return p;
}

/* A quiz's stored state {"questions": [...], ...}: the text of each question is
 * kept and parsed when it is asked for (a request per step reads one, not all). */
static assay_code resume_quiz(assay_session *s, const char *state)
{
    size_t len = strlen(state);
    char *text = arena_alloc(&s->mem, len + 1);
    if (!text)
        return err_set(s->err, ASSAY_ENOMEM, "out of memory");
    memcpy(text, state, len);
    const char *end = text + len, *p = js_ws(text, end), *qs = NULL, *qs_end = NULL;
    if (p >= end || *p != '{')
        return damaged(s, "its stored state is not JSON");
    for (p = js_ws(p + 1, end); p < end && *p != '}';) {
        const char *k = p, *k_end, *v;
        if (*p != '"' || !(k_end = p = js_string(p, end)) || (p = js_ws(p, end)) >= end ||
            *p != ':' || !(p = js_value(v = js_ws(p + 1, end), end)))
            return damaged(s, "its stored state is not JSON");
        if (k_end - k == 11 && memcmp(k, "\"questions\"", 11) == 0) {
            if (qs)
                return damaged(s, "its stored state is not JSON");
            qs = v;
            qs_end = p;
        }
        p = js_ws(p, end);
        if (p < end && *p == ',')
            p = js_ws(p + 1, end);
        else if (p >= end || *p != '}')
            return damaged(s, "its stored state is not JSON");
    }
    if (p >= end || js_ws(p + 1, end) != end)
        return damaged(s, "its stored state is not JSON");
    if (!qs || *qs != '[' || *js_ws(qs + 1, qs_end) == ']')
        return damaged(s, "its stored quiz has no questions");
    /* one pass over the questions: where each begins and ends */
    size_t n = 0, cap = 0;
    const char **starts = NULL;
    size_t *lens = NULL;
    for (p = qs + 1;;) {
        const char *v = js_ws(p, qs_end);
        if (v >= qs_end || *v != '{' || !(p = js_value(v, qs_end)))
            return damaged(s, "its stored quiz has a question that is not an object");
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            const char **ns = arena_alloc(&s->mem, nc * sizeof *ns);
            size_t *nl = arena_alloc(&s->mem, nc * sizeof *nl);
            if (!ns || !nl)
                return err_set(s->err, ASSAY_ENOMEM, "out of memory");
            if (n) {
                memcpy(ns, starts, n * sizeof *ns);
                memcpy(nl, lens, n * sizeof *nl);
            }
            starts = ns;
            lens = nl;
            cap = nc;
        }
        starts[n] = v;
        lens[n] = (size_t)(p - v);
        n++;
        p = js_ws(p, qs_end);
        if (p < qs_end && *p == ',')
            p++;
        else if (p < qs_end && *p == ']')
            break;
        else
            return damaged(s, "its stored state is not JSON");
    }
    s->n_plan = n;
    s->plan_text = starts;
    s->plan_len = lens;
    s->plan = arena_alloc(&s->mem, (n + 1) * sizeof *s->plan);
    s->plan_ready = arena_alloc(&s->mem, n + 1);
    if (!s->plan || !s->plan_ready)
        return err_set(s->err, ASSAY_ENOMEM, "out of memory");
    return ASSAY_OK;
}

assay_code session_plan_question(assay_session *s, size_t i, const assay_question **q)
{
    *q = NULL;
    if (i >= s->n_plan)
        return err_set(s->err, ASSAY_EINTERNAL, "quiz question %zu of %zu", i + 1, s->n_plan);
    if (s->plan_text && !s->plan_ready[i]) {
        json_t *j = json_loadb(s->plan_text[i], s->plan_len[i], JSON_REJECT_DUPLICATES, NULL);
        char what[64];
        snprintf(what, sizeof what, "stored quiz question %zu", i + 1);
        assay_code rc = j ? wire_question_parse(j, &s->mem, &s->plan[i], s->err, what)
                          : damaged(s, "a stored quiz question is not JSON");
        json_decref(j);
        if (rc == ASSAY_EINPUT)
            rc = s->err->code = ASSAY_ESTORAGE;
        if (rc != ASSAY_OK)
            return rc;
        s->plan_ready[i] = 1;
    }
    *q = &s->plan[i];
    return ASSAY_OK;
}

static assay_code resume_review(assay_session *s, json_t *state)
{
    json_t *items = json_object_get(state, "items");
    json_t *types = json_object_get(state, "types");
    json_t *ret = json_object_get(state, "retention");
    if (!json_is_array(items) || !json_is_integer(types) || !json_is_number(ret))
        return damaged(s, "its stored review plan is incomplete");
    s->types = (unsigned)json_integer_value(types) & ASSAY_Q_ALL;
    double r = json_number_value(ret);
    if (!s->types || !(r > 0 && r < 1))
        return damaged(s, "its stored review plan has settings out of range");
    s->fp.request_retention = r;
    s->n_plan = json_array_size(items);
    s->plan_ids = arena_alloc(&s->mem, (s->n_plan + 1) * sizeof *s->plan_ids);
    if (!s->plan_ids)
        return err_set(s->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n_plan; i++) {
        const char *id = json_string_value(json_array_get(items, i));
        if (!id)
            return damaged(s, "its stored review plan names an item that is not a string");
        if (!(s->plan_ids[i] = arena_strdup(&s->mem, id)))
            return err_set(s->err, ASSAY_ENOMEM, "out of memory");
    }
    return ASSAY_OK;
}

/* How an attempt is opened: to continue it (the attempt's updated_at written
 * at once: a bank that cannot take writes says so before a question is
 * shown), to continue it writing nothing until something is shown or
 * answered (a web request per step), or to read it (a finished one too). */
enum { OPEN_RESUME, OPEN_REOPEN, OPEN_VIEW };

static assay_code open_attempt(assay *a, assay_bank *b, const assay_engine *e, int64_t attempt,
                               int mode, assay_session **out)
{
    int view = mode == OPEN_VIEW;
    api_enter(a);
    *out = NULL;
    assay_session *s = session_new(a, b, e);
    if (!s)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    s->attempt = attempt;
    arena tmp;
    arena_init(&tmp, 0);
    store_attempt *at = NULL;
    json_t *state = NULL;
    /* the attempt, its shown questions and its answers from one snapshot (and
     * one read lock instead of three) */
    assay_code rc = store_begin(b->s, 0, &a->err);
    int reading = rc == ASSAY_OK;
    if (rc == ASSAY_OK)
        rc = store_attempt_get(b->s, attempt, &tmp, &at, &a->err);
    if (rc == ASSAY_OK && !at)
        rc = err_set_param(&a->err, ASSAY_ENOTFOUND, "attempt", "no attempt %lld",
                           (long long)attempt);
    if (rc == ASSAY_OK && at->finished && !view)
        rc = err_set_param(&a->err, ASSAY_EINPUT, "attempt",
                           "attempt %lld is finished; start a new one", (long long)attempt);
    if (rc == ASSAY_OK && at->simulated)
        rc = err_set_param(&a->err, ASSAY_EINPUT, "attempt", "attempt %lld is a simulated one",
                           (long long)attempt);
    if (rc == ASSAY_OK) {
        s->kind = (assay_attempt_kind)at->kind;
        s->seed = at->seed;
        s->finished = at->finished;
        s->user = arena_strdup(&s->mem, at->person ? at->person : "");
        if (!s->user)
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    if (rc == ASSAY_OK && s->kind == ASSAY_ATTEMPT_QUIZ)
        rc = at->state_json ? resume_quiz(s, at->state_json)
                            : damaged(s, "its stored state is not JSON");
    else if (rc == ASSAY_OK && !(state = load(at->state_json)))
        rc = damaged(s, "its stored state is not JSON");
    else if (rc == ASSAY_OK && s->kind == ASSAY_ATTEMPT_REVIEW)
        rc = resume_review(s, state);
    else if (rc == ASSAY_OK) {
        rc = assay_assess_resume(a, e, at->state_json, &s->as);
        if (rc == ASSAY_OK) {
            s->as->bank = b;
            s->as->attempt = attempt;
            s->as->session_owned = 1;
        }
    }
    if (rc == ASSAY_OK)
        rc = read_presented(s, mode == OPEN_REOPEN);
    if (rc == ASSAY_OK)
        rc = read_answers(s);
    if (reading && rc == ASSAY_OK)
        rc = store_commit(b->s, &a->err); /* ends the read */
    else if (reading)
        store_rollback(b->s);
    if (rc == ASSAY_OK && s->kind != ASSAY_ATTEMPT_ASSESSMENT && s->n_done > s->n_plan)
        rc = damaged(s, "it has more answers than questions");
    if (rc == ASSAY_OK && s->kind == ASSAY_ATTEMPT_ASSESSMENT &&
        assay_assess_answered(s->as) != s->n_done)
        rc = damaged(s, "its adaptive state and its stored answers differ");
    if (rc == ASSAY_OK && s->n_presented < s->n_done)
        rc = damaged(s, "it has answers to questions it never showed");
    /* resuming writes what comes next: a bank that cannot take it says so now,
     * before a question is shown, not after it is answered */
    if (rc == ASSAY_OK && mode == OPEN_RESUME && (rc = store_begin(b->s, 1, &a->err)) == ASSAY_OK) {
        if ((rc = api_attempt_update(b, attempt, NULL, 0)) == ASSAY_OK)
            rc = store_commit(b->s, &a->err);
        if (rc != ASSAY_OK)
            store_rollback(b->s);
    }
    json_decref(state);
    arena_free(&tmp);
    if (rc != ASSAY_OK) {
        assay_session_free(s);
        return rc;
    }
    *out = s;
    return ASSAY_OK;
}

assay_code assay_session_resume(assay *a, assay_bank *b, const assay_engine *e, int64_t attempt,
                                assay_session **out)
{
    return open_attempt(a, b, e, attempt, OPEN_RESUME, out);
}

assay_code assay_session_reopen(assay *a, assay_bank *b, const assay_engine *e, int64_t attempt,
                                assay_session **out)
{
    return open_attempt(a, b, e, attempt, OPEN_REOPEN, out);
}

assay_code assay_session_view(assay *a, assay_bank *b, const assay_engine *e, int64_t attempt,
                              assay_session **out)
{
    return open_attempt(a, b, e, attempt, OPEN_VIEW, out);
}

const char *assay_session_user(const assay_session *s)
{
    return s->user ? s->user : "";
}

int assay_session_finished(const assay_session *s)
{
    return s->finished;
}

/* ---- the summary --------------------------------------------------------------------- */

static assay_session_group *group(arena *m, assay_session_group **arr, size_t *n, size_t *cap,
                                  const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*arr)[i].name, name) == 0)
            return &(*arr)[i];
    assay_session_group *g = arena_push(m, (void **)arr, n, cap, sizeof *g);
    if (g) {
        memset(g, 0, sizeof *g);
        g->name = arena_strdup(m, name);
    }
    return g && g->name ? g : NULL;
}

const assay_session_summary *assay_session_summary_get(assay_session *s)
{
    if (session_recs_fill(s) != ASSAY_OK)
        return NULL;
    arena_free(&s->sum_mem);
    arena_init(&s->sum_mem, 0);
    arena *m = &s->sum_mem;
    assay_session_summary *sum = &s->sum;
    memset(sum, 0, sizeof *sum);
    sum->kind = s->kind;
    sum->attempt = s->attempt;
    size_t n = s->n_recs;
    assay_session_item *items = arena_alloc(m, (n + 1) * sizeof *items);
    assay_session_group *topics = NULL, *types = NULL;
    size_t nt = 0, ct = 0, ny = 0, cy = 0;
    if (!items)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const pos_rec *r = &s->recs[i];
        if (!r->known)
            continue;
        assay_session_item *it = &items[sum->n_items++];
        *it = (assay_session_item){.position = i + 1,
                                   .item_id = r->item_id,
                                   .kb = r->kb,
                                   .topic = r->topic,
                                   .level = r->level,
                                   .type = r->type,
                                   .prompt = r->prompt,
                                   .reference = r->reference,
                                   .source_file = r->source_file,
                                   .source_line = r->source_line,
                                   .answered = r->answered,
                                   .skipped = r->skipped,
                                   .score = r->score};
        assay_session_group *gt = group(m, &topics, &nt, &ct, r->topic);
        assay_session_group *gy = group(m, &types, &ny, &cy, assay_qtype_name(r->type));
        if (!gt || !gy)
            return NULL;
        int done = r->answered || r->skipped;
        gt->questions++;
        gy->questions++;
        gt->answered += r->answered ? 1u : 0u;
        gy->answered += r->answered ? 1u : 0u;
        gt->score += done ? r->score : 0;
        gy->score += done ? r->score : 0;
        sum->questions++;
        sum->answered += r->answered ? 1u : 0u;
        sum->skipped += r->skipped ? 1u : 0u;
        sum->score += done ? r->score : 0;
        sum->correct += done && r->score >= 1.0 - 1e-9;
    }
    if (s->kind != ASSAY_ATTEMPT_ASSESSMENT && s->n_plan > sum->questions)
        sum->questions = s->n_plan; /* not shown yet: unanswered */
    sum->items = items;
    sum->by_topic = topics;
    sum->n_topics = nt;
    sum->by_type = types;
    sum->n_types = ny;
    sum->profile = s->as ? assay_assess_profile(s->as) : NULL;
    return sum;
}

/* ---- JSON lines ------------------------------------------------------------------------ */

static const char *kind_name(assay_attempt_kind k)
{
    return k == ASSAY_ATTEMPT_ASSESSMENT ? "assessment"
           : k == ASSAY_ATTEMPT_REVIEW   ? "review"
                                         : "quiz";
}

static char *dump(json_t *j)
{
    char *t = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(j);
    return t;
}

char *assay_session_question_json(const assay_session *s, const assay_question *q)
{
    assay_session_status st;
    assay_session_status_get((assay_session *)s, &st);
    json_t *o = json_pack("{s:s, s:I, s:s, s:I, s:I, s:o}", "event", "question", "attempt",
                          (json_int_t)s->attempt, "kind", kind_name(s->kind), "position",
                          (json_int_t)st.position, "total", (json_int_t)st.total, "question",
                          wire_question(q, st.position, 0));
    if (o && s->kind == ASSAY_ATTEMPT_ASSESSMENT) {
        json_object_set_new(o, "topics", json_integer((json_int_t)st.topics));
        json_object_set_new(o, "topics_decided", json_integer((json_int_t)st.topics_decided));
    }
    return dump(o);
}

char *assay_session_feedback_json(const assay_session *s, const assay_feedback *fb)
{
    const assay_question *q = fb->question;
    json_t *full = wire_question(q, fb->position, 1);
    json_t *key = json_incref(json_object_get(full, "key"));
    json_decref(full);
    json_t *o =
        json_pack("{s:s, s:I, s:I, s:b, s:b, s:b, s:f, s:o, s:o}", "event", "feedback", "attempt",
                  (json_int_t)s->attempt, "position", (json_int_t)fb->position, "correct",
                  fb->grade->correct, "skipped", fb->skipped, "duplicate", fb->duplicate, "score",
                  fb->grade->score, "grade", wire_grade(fb->grade), "key", key ? key : json_null());
    if (o) {
        json_object_set_new(o, "type", json_string(assay_qtype_name(q->type)));
        json_object_set_new(o, "topic", json_string(q->topic));
    }
    if (o && s->kind == ASSAY_ATTEMPT_REVIEW && fb->rating) {
        json_t *due_if = json_array();
        for (int k = 0; k < 4; k++)
            json_array_append_new(due_if, json_integer((json_int_t)fb->due_if[k]));
        json_object_set_new(o, "review",
                            json_pack("{s:i, s:I, s:o}", "rating", fb->rating, "due",
                                      (json_int_t)fb->due, "due_if", due_if));
    }
    if (o && fb->added_to_review)
        json_object_set_new(o, "added_to_review", json_true());
    return dump(o);
}

static json_t *groups(const assay_session_group *g, size_t n, const char *name)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:f}", name, g[i].name, "questions",
                                           (json_int_t)g[i].questions, "answered",
                                           (json_int_t)g[i].answered, "score", g[i].score));
    return a;
}

char *assay_session_summary_json(assay_session *s)
{
    const assay_session_summary *sum = assay_session_summary_get(s);
    if (!sum)
        return NULL;
    json_t *missed = json_array();
    for (size_t i = 0; missed && i < sum->n_items; i++) {
        const assay_session_item *it = &sum->items[i];
        if (it->answered && it->score >= 1.0 - 1e-9)
            continue;
        if (!it->answered && !it->skipped)
            continue; /* shown, not answered yet */
        json_array_append_new(
            missed, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:f, s:b, s:{s:s, s:I}}", "position",
                              (json_int_t)it->position, "item", it->item_id, "kb", it->kb, "topic",
                              it->topic, "prompt", it->prompt, "reference", it->reference, "score",
                              it->score, "skipped", it->skipped, "source", "file", it->source_file,
                              "line", (json_int_t)it->source_line));
    }
    json_t *o =
        json_pack("{s:s, s:I, s:s, s:I, s:I, s:I, s:I, s:f, s:o, s:o, s:o}", "event", "summary",
                  "attempt", (json_int_t)s->attempt, "kind", kind_name(s->kind), "questions",
                  (json_int_t)sum->questions, "answered", (json_int_t)sum->answered, "skipped",
                  (json_int_t)sum->skipped, "correct", (json_int_t)sum->correct, "score",
                  sum->score, "by_topic", groups(sum->by_topic, sum->n_topics, "topic"), "by_type",
                  groups(sum->by_type, sum->n_types, "type"), "missed", missed);
    if (o)
        json_object_set_new(o, "finished", json_boolean(s->finished));
    if (o && s->as) {
        char *p = assay_assess_profile_json(s->as);
        json_t *pj = p ? json_loads(p, 0, NULL) : NULL;
        free(p);
        json_object_set_new(o, "profile", pj ? pj : json_null());
    }
    return dump(o);
}

/* ---- listings ------------------------------------------------------------------------------ */

void assay_attempt_filter_init(assay_attempt_filter *f)
{
    memset(f, 0, sizeof *f);
    f->struct_size = sizeof *f;
    f->status = -1;
}

const assay_attempt_info *assay_list_attempt(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_ATTEMPT, sizeof(assay_attempt_info), i);
}

const assay_card_info *assay_list_card(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_CARD, sizeof(assay_card_info), i);
}

/* "1=3,2=2" from a finished assessment's profile (topic number = level). */
static const char *levels_of(arena *m, const char *config)
{
    json_t *c = load(config);
    json_t *topics = json_object_get(json_object_get(c, "profile"), "topics");
    char buf[1024] = "";
    size_t w = 0;
    for (size_t i = 0; json_is_array(topics) && i < json_array_size(topics) && w < sizeof buf - 16;
         i++) {
        json_t *t = json_array_get(topics, i);
        json_int_t num = json_integer_value(json_object_get(t, "number"));
        json_int_t lv = json_integer_value(json_object_get(t, "level"));
        w += (size_t)snprintf(buf + w, sizeof buf - w, "%s%lld=%lld", w ? "," : "", (long long)num,
                              (long long)lv);
    }
    json_decref(c);
    return arena_strdup(m, buf);
}

static const char *scope_of(arena *m, const char *config)
{
    json_t *c = load(config);
    json_t *scope = json_object_get(c, "scope");
    char *t = scope ? json_dumps(scope, JSON_COMPACT) : NULL;
    const char *r = arena_strdup(m, t ? t : "{}");
    free(t);
    json_decref(c);
    return r;
}

assay_code assay_bank_attempts(assay_bank *b, const assay_attempt_filter *f_in, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_attempt_filter f;
    assay_attempt_filter_init(&f);
    if (opts_take(&a->err, &f, sizeof f, f_in, "assay_attempt_filter") != ASSAY_OK)
        return ASSAY_EUSAGE;
    assay_list *l = api_list_new(a, LIST_ATTEMPT);
    if (!l)
        return ASSAY_ENOMEM;
    store_attempt_filter sf = {.person = f.user,
                               .kind = f.kind,
                               .status = f.status,
                               .include_simulated = f.include_simulated,
                               .limit = f.limit};
    store_attempt *rows = NULL;
    size_t n = 0;
    arena tmp;
    arena_init(&tmp, 0);
    store_kb *kbs = NULL;
    size_t nk = 0;
    assay_code rc = ASSAY_OK;
    if (f.attempt) {
        /* one attempt, under the same filter (a web learner asks for their own) */
        store_attempt *one = NULL;
        rc = store_attempt_get(b->s, f.attempt, &tmp, &one, &a->err);
        int keep = rc == ASSAY_OK && one && (!f.user || strcmp(one->person, f.user) == 0) &&
                   (!f.kind || one->kind == f.kind) &&
                   (f.status < 0 || one->finished == f.status) &&
                   (f.include_simulated || !one->simulated);
        rows = keep ? one : NULL;
        n = keep ? 1 : 0;
    } else
        rc = store_attempt_list(b->s, &sf, &tmp, &rows, &n, &a->err);
    if (rc == ASSAY_OK)
        rc = store_kb_list(b->s, &tmp, &kbs, &nk, &a->err);
    assay_attempt_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, (n + 1) * sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        const store_attempt *at = &rows[i];
        const char *kb = "";
        for (size_t k = 0; k < nk; k++)
            if (kbs[k].id == at->kb_id)
                kb = kbs[k].name;
        store_response *rs = NULL;
        size_t nr = 0;
        rc = store_attempt_responses(b->s, at->id, &tmp, &rs, &nr, &a->err);
        double score = 0;
        size_t skipped = 0;
        for (size_t k = 0; k < nr; k++) {
            score += rs[k].score >= 0 && rs[k].score <= 1 ? rs[k].score : 0;
            skipped += rs[k].grade_json && strstr(rs[k].grade_json, "\"skipped\":true") != NULL;
        }
        info[i] = (assay_attempt_info){.id = at->id,
                                       .kind = (assay_attempt_kind)at->kind,
                                       .kb = arena_strdup(&l->mem, kb),
                                       .user = arena_strdup(&l->mem, at->person),
                                       .finished = at->finished,
                                       .simulated = at->simulated,
                                       .started_at = at->created_at,
                                       .updated_at = at->updated_at,
                                       .answered = nr - skipped,
                                       .score = score,
                                       .levels = levels_of(&l->mem, at->config_json),
                                       .scope = scope_of(&l->mem, at->config_json)};
        if (rc == ASSAY_OK && (!info[i].kb || !info[i].user || !info[i].levels || !info[i].scope))
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    arena_free(&tmp);
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    l->rows = info;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}

assay_code assay_bank_review_cards(assay_bank *b, const char *user, int64_t due_by,
                                   assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    if (!user || !user[0])
        return err_set_param(&a->err, ASSAY_EUSAGE, "user",
                             "review cards are one person's: "
                             "name the user");
    assay_list *l = api_list_new(a, LIST_CARD);
    if (!l)
        return ASSAY_ENOMEM;
    arena tmp;
    arena_init(&tmp, 0);
    store_card *cards = NULL;
    size_t n = 0;
    assay_code rc = store_card_list(b->s, user, due_by, 0, &tmp, &cards, &n, &a->err);
    assay_card_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, (n + 1) * sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    size_t kept = 0;
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        assay_list *one = NULL;
        if (assay_bank_item(b, cards[i].item_id, &one) != ASSAY_OK) {
            assay_list_free(one);
            if (a->err.code == ASSAY_ENOMEM || a->err.code == ASSAY_ESTORAGE) {
                rc = a->err.code;
                break;
            }
            err_clear(&a->err); /* an item gone from the bank: its card is not listed */
            continue;
        }
        const assay_item_info *it = assay_list_item(one, 0);
        info[kept++] = (assay_card_info){.item_id = arena_strdup(&l->mem, it->id),
                                         .kb = arena_strdup(&l->mem, it->kb),
                                         .topic = arena_strdup(&l->mem, it->topic),
                                         .question = arena_strdup(&l->mem, it->question),
                                         .state = cards[i].state,
                                         .stability = cards[i].stability,
                                         .difficulty = cards[i].difficulty,
                                         .due = cards[i].due,
                                         .last_review = cards[i].last_review,
                                         .reps = cards[i].reps,
                                         .lapses = cards[i].lapses};
        assay_list_free(one);
        if (!info[kept - 1].item_id || !info[kept - 1].kb || !info[kept - 1].topic ||
            !info[kept - 1].question)
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    arena_free(&tmp);
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    l->rows = info;
    l->n = kept;
    *out = l;
    return ASSAY_OK;
}
