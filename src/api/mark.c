/*
 * api/mark — human review of free-text grades: the answers an assessor should
 * look at (assay_bank_marking), a mark with who and when (assay_mark), and an
 * answer's marks (assay_bank_marks). A mark never changes the response's own
 * score: the latest mark is read beside it by item analysis, calibration and
 * reports (docs/internals/grading.md, "Confidence and human review").
 */
#include "api/api_int.h"

#include "core/sort.h"

#include "core/opts.h"
#include "core/u8.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MARKER_MAX 200
#define NOTE_MAX   4000

void assay_marking_filter_init(assay_marking_filter *f)
{
    memset(f, 0, sizeof *f);
    f->struct_size = sizeof *f;
}

void assay_mark_spec_init(assay_mark_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->struct_size = sizeof *spec;
    spec->score = -1;
}

const assay_marking_info *assay_list_marking(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_MARKING, sizeof(assay_marking_info), i);
}

const assay_mark_info *assay_list_mark(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_MARK, sizeof(assay_mark_info), i);
}

/* Appends "; " (unless first), a and b (may be NULL) to buf, cut at cap - 1 bytes. */
static void say(char *buf, size_t cap, size_t *w, const char *a, const char *b)
{
    const char *parts[] = {*w ? "; " : "", a, b ? b : ""};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(parts[i]);
        if (n > cap - 1 - *w) {
            n = cap - 1 - *w;
            while (n && ((unsigned char)parts[i][n] & 0xC0) == 0x80)
                n--; /* not inside a character */
        }
        memcpy(buf + *w, parts[i], n);
        *w += n;
    }
    buf[*w] = '\0';
}

/* Why a stored grade asks for review, in words (the grader's confidence
 * rules, read back from the grade JSON); "" when it does not. In mem. */
static const char *why_review(arena *mem, const char *grade_json, double *confidence, int *needs)
{
    *confidence = -1;
    *needs = 0;
    if (!grade_json)
        return "";
    json_error_t je;
    json_t *g = json_loads(grade_json, 0, &je);
    if (!json_is_object(g)) {
        json_decref(g);
        return "";
    }
    json_t *c = json_object_get(g, "confidence");
    if (json_is_number(c))
        *confidence = json_number_value(c);
    *needs = json_is_true(json_object_get(g, "needs_review"));
    double score = json_number_value(json_object_get(g, "score"));
    size_t ncov = json_array_size(json_object_get(g, "covered"));
    json_t *contra = json_object_get(g, "contradicted");
    char buf[512];
    size_t w = 0;
    if (*needs) {
        if (json_is_true(json_object_get(g, "exact_only")))
            say(buf, sizeof buf, &w, "the reference has no concepts: compared whole", NULL);
        if (json_array_size(contra) && ncov) {
            const char *first = json_string_value(json_array_get(contra, 0));
            say(buf, sizeof buf, &w, "part right, part turned round: ", first ? first : "?");
        }
        if (score < 0.3 && !json_array_size(contra))
            say(buf, sizeof buf, &w,
                "little overlap with the reference: it may be right in other words", NULL);
        if (score > 0.4 && score < 0.7)
            say(buf, sizeof buf, &w, "the score is near the pass line (0.7)", NULL);
        if (!w)
            say(buf, sizeof buf, &w, "mixed polarity: a concept both asserted and negated", NULL);
    }
    json_decref(g);
    const char *r = arena_strndup(mem, buf, w);
    return r ? r : "";
}

/* Oldest answer first, as store_mark_queue lists them. */
static int cmp_oldest(const void *x, const void *y)
{
    const store_mark_row *p = x, *q = y;
    if (p->r.at != q->r.at)
        return p->r.at < q->r.at ? -1 : 1;
    if (p->r.attempt_id != q->r.attempt_id)
        return p->r.attempt_id < q->r.attempt_id ? -1 : 1;
    return (p->r.seq > q->r.seq) - (p->r.seq < q->r.seq);
}

assay_code assay_bank_marking(assay_bank *b, const assay_marking_filter *f_in, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_marking_filter f;
    assay_marking_filter_init(&f);
    if (opts_take(&a->err, &f, sizeof f, f_in, "assay_marking_filter") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (f.attempt < 0)
        return err_set_param(&a->err, ASSAY_EUSAGE, "attempt", "an attempt number is positive");
    assay_list *l = api_list_new(a, LIST_MARKING);
    if (!l)
        return ASSAY_ENOMEM;
    arena tmp;
    arena_init(&tmp, 0);
    store_mark_filter sf = {
        .person = f.user, .attempt_id = f.attempt, .all = f.all, .limit = f.limit};
    store_kb *kb = NULL;
    assay_code rc = ASSAY_OK;
    if (f.kb && (rc = api_find_kb(b, &tmp, f.kb, &kb)) == ASSAY_OK)
        sf.kb_id = kb->id;
    if (rc == ASSAY_OK && f.topic)
        rc = api_resolve_topic(b, &tmp, sf.kb_id, f.topic, &sf.topic_id);
    store_mark_row *rows = NULL;
    size_t n = 0;
    if (f.n_users && !f.users)
        rc = err_set_param(&a->err, ASSAY_EUSAGE, "users", "n_users without users");
    if (rc == ASSAY_OK && !f.n_users)
        rc = store_mark_queue(b->s, &sf, &l->mem, &rows, &n, &a->err);
    /* several people: each one's answers, merged oldest first, then the limit */
    size_t cap = 0;
    for (size_t u = 0; rc == ASSAY_OK && u < f.n_users; u++) {
        if (!f.users[u] || (f.user && strcmp(f.user, f.users[u]) != 0))
            continue;
        store_mark_row *part = NULL;
        size_t np = 0;
        sf.person = f.users[u];
        sf.limit = f.limit;
        rc = store_mark_queue(b->s, &sf, &l->mem, &part, &np, &a->err);
        for (size_t i = 0; rc == ASSAY_OK && i < np; i++) {
            store_mark_row *x = arena_push(&l->mem, (void **)&rows, &n, &cap, sizeof *x);
            if (!x)
                rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
            else
                *x = part[i];
        }
    }
    if (rc == ASSAY_OK && f.n_users) {
        sort_array(rows, n, sizeof *rows, cmp_oldest);
        if (f.limit && n > f.limit)
            n = f.limit;
    }
    assay_marking_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, (n + 1) * sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        const store_mark_row *m = &rows[i];
        assay_marking_info *x = &info[i];
        memset(x, 0, sizeof *x);
        x->attempt = m->r.attempt_id;
        x->position = m->r.seq;
        x->kb = m->kb;
        x->topic = m->topic;
        x->item_id = m->r.item_id;
        x->qtype = (assay_qtype)m->r.qtype;
        x->user = m->r.person ? m->r.person : "";
        x->question = m->question;
        x->reference = m->reference;
        x->answer = m->r.answer ? m->r.answer : "";
        x->answered_at = m->r.at;
        x->auto_score = m->r.score;
        x->why = why_review(&l->mem, m->r.grade_json, &x->confidence, &x->needs_review);
        x->marks = m->n_marks > 0 ? (size_t)m->n_marks : 0;
        x->mark = m->r.mark;
        x->marked_by = m->marker;
        x->note = m->note;
        x->marked_at = m->marker ? m->marked_at : 0;
        if (!(x->auto_score >= 0 && x->auto_score <= 1) ||
            (x->mark != -1 && !(x->mark >= 0 && x->mark <= 1)))
            rc = err_set(&a->err, ASSAY_ESTORAGE,
                         "the bank is damaged: attempt %lld, position %d: a stored score is "
                         "not between 0 and 1",
                         (long long)x->attempt, x->position);
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

/* Text an assessor gives: UTF-8, within max bytes. */
static assay_code check_text(assay *a, const char *s, size_t max, const char *param)
{
    size_t n = strlen(s), bad;
    if (u8_check(s, n, &bad) != 0)
        return err_set_param(&a->err, ASSAY_EINPUT, param, "%s is not UTF-8 (byte %zu)", param,
                             bad);
    if (n > max)
        return err_set_param(&a->err, ASSAY_EINPUT, param, "%s is %zu bytes; at most %zu", param, n,
                             max);
    return ASSAY_OK;
}

assay_code assay_mark(assay_bank *b, const assay_mark_spec *spec_in, int64_t *id)
{
    assay *a = b->a;
    api_enter(a);
    if (id)
        *id = 0;
    assay_mark_spec sp;
    assay_mark_spec_init(&sp);
    if (opts_take(&a->err, &sp, sizeof sp, spec_in, "assay_mark_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (!spec_in)
        return err_set(&a->err, ASSAY_EUSAGE, "a mark needs its answer, score and marker");
    if (!(sp.score >= 0 && sp.score <= 1))
        return err_set_param(&a->err, ASSAY_EUSAGE, "score",
                             "a mark is a score from 0 to 1 (got %g)", sp.score);
    if (!sp.by || !*sp.by)
        return err_set_param(&a->err, ASSAY_EUSAGE, "by", "a mark needs who gives it");
    if (sp.attempt <= 0 || sp.position <= 0)
        return err_set_param(&a->err, ASSAY_EUSAGE, "position",
                             "an answer is named by its attempt and position, both from 1");
    assay_code rc = check_text(a, sp.by, MARKER_MAX, "by");
    if (rc == ASSAY_OK && sp.note)
        rc = check_text(a, sp.note, NOTE_MAX, "note");
    if (rc != ASSAY_OK)
        return rc;
    char *by = assay_text_nfc(sp.by, strlen(sp.by));
    char *note = sp.note ? assay_text_nfc(sp.note, strlen(sp.note)) : NULL;
    arena tmp;
    arena_init(&tmp, 0);
    if (!by || (sp.note && !note))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    store_attempt *at = NULL;
    store_response *rs = NULL;
    size_t nr = 0;
    if (rc == ASSAY_OK && (rc = store_begin(b->s, 1, &a->err)) == ASSAY_OK) {
        rc = store_attempt_get(b->s, sp.attempt, &tmp, &at, &a->err);
        if (rc == ASSAY_OK && !at)
            rc = err_set_param(&a->err, ASSAY_ENOTFOUND, "position", "there is no attempt %lld",
                               (long long)sp.attempt);
        if (rc == ASSAY_OK)
            rc = store_attempt_responses(b->s, sp.attempt, &tmp, &rs, &nr, &a->err);
        const store_response *r = NULL;
        for (size_t i = 0; rc == ASSAY_OK && i < nr; i++)
            if (rs[i].seq == sp.position)
                r = &rs[i];
        if (rc == ASSAY_OK && !r)
            rc = err_set_param(&a->err, ASSAY_ENOTFOUND, "position",
                               "attempt %lld has no answer at position %d", (long long)sp.attempt,
                               sp.position);
        if (rc == ASSAY_OK && ((r->qtype != ASSAY_Q_SHORT && r->qtype != ASSAY_Q_SCENARIO) ||
                               !r->answer || r->choice >= 0))
            rc = err_set_param(&a->err, ASSAY_EINPUT, "position",
                               "the answer at %lld:%d is a %s answer, not free text; only "
                               "free-text answers are marked",
                               (long long)sp.attempt, sp.position,
                               r->answer || r->choice >= 0 ? assay_qtype_name((assay_qtype)r->qtype)
                                                           : "skipped");
        if (rc == ASSAY_OK && at->simulated)
            rc = err_set_param(&a->err, ASSAY_EINPUT, "position",
                               "attempt %lld is simulated; only real answers are marked",
                               (long long)sp.attempt);
        store_mark m = {.attempt_id = sp.attempt,
                        .seq = sp.position,
                        .score = sp.score,
                        .marker = by,
                        .note = note,
                        .at = sp.now ? sp.now : (int64_t)time(NULL)};
        if (rc == ASSAY_OK)
            rc = store_mark_add(b->s, &m, &a->err);
        if (rc == ASSAY_OK && (rc = store_commit(b->s, &a->err)) == ASSAY_OK && id)
            *id = m.id;
        if (rc != ASSAY_OK)
            store_rollback(b->s);
    }
    arena_free(&tmp);
    assay_string_free(by);
    assay_string_free(note);
    return rc;
}

assay_code assay_bank_marks(assay_bank *b, int64_t attempt, int position, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_MARK);
    if (!l)
        return ASSAY_ENOMEM;
    store_mark *rows = NULL;
    size_t n = 0;
    assay_code rc = store_mark_list(b->s, attempt, position, &l->mem, &rows, &n, &a->err);
    assay_mark_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, (n + 1) * sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        info[i] = (assay_mark_info){.id = rows[i].id,
                                    .score = rows[i].score,
                                    .by = rows[i].marker,
                                    .note = rows[i].note,
                                    .at = rows[i].at};
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    l->rows = info;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}
