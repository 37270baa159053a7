/*
 * wire/grade — the files of batch grading (docs/json.md, "grade"): a quiz
 * file read back for its spec and fingerprint, a learner's answer sheet read
 * strictly against the quiz it answers, the per-question result object that
 * `assay grade --json` prints, and the free-text pairs of `grade --pairs`,
 * one JSON line at a time.
 *
 * Every reader treats its bytes as outside input: each field is checked for
 * presence and type, and each failure is ASSAY_EINPUT naming the file (and
 * the entry, question or line). Strings point into the parsed JSON tree,
 * which the handle keeps until it is freed.
 */
#include "wire/wire.h"

#include "gen/gen.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIRE_MAX_TOPICS 64
#define WIRE_MAX_LEVELS 16

const char *wire_json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "a whole number";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "true or false";
    case JSON_NULL: return "null";
    }
    return "something else";
}

/* An error about the whole file (no line), "FILE: message". */
static assay_code file_bad(errinfo *e, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static assay_code file_bad(errinfo *e, const char *file, const char *fmt, ...)
{
    char msg[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1, "%s", msg);
}

/* The JSON text of a file, or ASSAY_EINPUT at FILE:LINE:COL. */
static assay_code load(const char *file, const char *data, size_t len, errinfo *e, json_t **out)
{
    json_error_t jerr;
    *out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*out)
        return err_set_at(e, ASSAY_EINPUT, file, jerr.line > 0 ? jerr.line : 0,
                          jerr.column > 0 ? jerr.column : 0, -1, "%s", jerr.text);
    return ASSAY_OK;
}

/* An integer narrowed to int; out-of-range values become `bad`, which the
 * generator refuses as it would any other wrong setting. */
static int narrow(json_int_t v, int bad)
{
    return v < INT_MIN || v > INT_MAX ? bad : (int)v;
}

/* ---- quiz files ------------------------------------------------------------------ */

void wire_quiz_file_free(assay_quiz_file *qf)
{
    if (!qf)
        return;
    json_decref(qf->root);
    free(qf->topics);
    free(qf->levels);
    free(qf->file);
    free(qf);
}

/* The spec inside a quiz file, so the quiz can be made again. */
static assay_code spec_of(assay_quiz_file *qf, json_t *spec, errinfo *e)
{
    const char *file = qf->file;
    assay_quiz_spec *s = &qf->spec;
    assay_quiz_spec_init(s);
    json_t *t = json_object_get(spec, "topics"), *l = json_object_get(spec, "levels");
    json_t *ty = json_object_get(spec, "types");
    json_t *jkb = json_object_get(spec, "kb");
    if (!json_is_object(spec) || !json_is_array(t) || !json_is_array(l) || !json_is_array(ty) ||
        !json_is_integer(json_object_get(spec, "count")) ||
        !json_is_integer(json_object_get(spec, "options")) ||
        !json_is_integer(json_object_get(spec, "seed")) ||
        (jkb && !json_is_null(jkb) && !json_is_string(jkb)))
        return file_bad(
            e, file, "%s",
            "not a quiz made by `assay quiz --json` (its \"spec\" is missing or malformed)");
    if (json_array_size(t) > WIRE_MAX_TOPICS || json_array_size(l) > WIRE_MAX_LEVELS)
        return file_bad(e, file, "%s", "too many topics or levels");
    qf->topics = malloc((json_array_size(t) + 1) * sizeof *qf->topics);
    qf->levels = malloc((json_array_size(l) + 1) * sizeof *qf->levels);
    if (!qf->topics || !qf->levels)
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v)
    {
        if (!json_is_string(v))
            return file_bad(e, file, "%s", "a topic in \"spec\" is not a string");
        qf->topics[i] = json_string_value(v);
    }
    json_array_foreach(l, i, v)
    {
        if (!json_is_integer(v))
            return file_bad(e, file, "%s", "a level in \"spec\" is not a whole number");
        qf->levels[i] = narrow(json_integer_value(v), -1);
    }
    s->topics = qf->topics;
    s->n_topics = json_array_size(t);
    s->levels = qf->levels;
    s->n_levels = json_array_size(l);
    s->types = 0;
    json_array_foreach(ty, i, v)
    {
        unsigned bits;
        if (!json_is_string(v) || assay_qtypes_parse(json_string_value(v), &bits) != ASSAY_OK)
            return file_bad(e, file, "%s", "an unknown question type in \"spec\"");
        s->types |= bits;
    }
    json_int_t count = json_integer_value(json_object_get(spec, "count"));
    s->count = count < 0 ? SIZE_MAX : (size_t)count;
    s->options = narrow(json_integer_value(json_object_get(spec, "options")), -1);
    s->seed = (uint64_t)json_integer_value(json_object_get(spec, "seed"));
    s->no_derived = json_is_true(json_object_get(spec, "no_derived"));
    qf->kb = json_string_value(jkb);
    return ASSAY_OK;
}

assay_code wire_quiz_file_parse(const char *file, const char *data, size_t len, errinfo *e,
                                assay_quiz_file **out)
{
    *out = NULL;
    assay_quiz_file *qf = calloc(1, sizeof *qf);
    if (!qf || !(qf->file = strdup(file))) {
        free(qf);
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    assay_code rc = load(file, data, len, e, &qf->root);
    if (rc == ASSAY_OK)
        rc = spec_of(qf, json_object_get(qf->root, "spec"), e);
    if (rc != ASSAY_OK) {
        wire_quiz_file_free(qf);
        return rc;
    }
    qf->fingerprint = json_string_value(json_object_get(qf->root, "fingerprint"));
    *out = qf;
    return ASSAY_OK;
}

assay_code wire_quiz_file_check(const assay_quiz_file *qf, const assay_quiz *q, errinfo *e)
{
    if (qf->fingerprint && strcmp(qf->fingerprint, q->fingerprint) == 0)
        return ASSAY_OK;
    return file_bad(e, qf->file, "%s",
                    "this quiz is not what its seed gives on this bank (the bank changed since it "
                    "was made, or the file was edited)");
}

/* ---- answer sheets ------------------------------------------------------------------ */

void wire_answer_sheet_free(assay_answer_sheet *s)
{
    if (!s)
        return;
    json_decref(s->root);
    free(s->file);
    free(s->ans);
    free(s->given);
    free(s->pairs);
    free(s);
}

assay_code wire_answer_sheet_parse(const char *file, const char *data, size_t len, errinfo *e,
                                   assay_answer_sheet **out)
{
    *out = NULL;
    assay_answer_sheet *s = calloc(1, sizeof *s);
    if (!s || !(s->file = strdup(file))) {
        free(s);
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    assay_code rc = load(file, data, len, e, &s->root);
    if (rc == ASSAY_OK && !json_is_array(s->answers = json_object_get(s->root, "answers")))
        rc = file_bad(e, file, "%s", "expected {\"answers\": [{\"n\": 1, \"answer\": ...}, ...]}");
    if (rc != ASSAY_OK) {
        wire_answer_sheet_free(s);
        return rc;
    }
    *out = s;
    return ASSAY_OK;
}

/* Files every entry of the answers array under its question: by_n[i] is the
 * answer to question i + 1 (NULL when none). An entry that is not an object,
 * whose "n" is not a whole number from 1 to nq, or repeats a number is an
 * error naming the file and the entry. */
static assay_code by_number(const assay_answer_sheet *s, size_t nq, json_t **by_n, errinfo *e)
{
    const char *file = s->file;
    unsigned char *seen = calloc(nq + 1, 1);
    if (!seen)
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    assay_code rc = ASSAY_OK;
    size_t k;
    json_t *x;
    json_array_foreach(s->answers, k, x)
    {
        json_t *n = json_object_get(x, "n");
        if (!json_is_object(x)) {
            rc = file_bad(e, file, "answer entry %zu is %s, not {\"n\": N, \"answer\": ...}", k + 1,
                          wire_json_kind(x));
        } else if (!n) {
            rc = file_bad(e, file, "answer entry %zu has no \"n\" (the question's number)", k + 1);
        } else if (!json_is_integer(n)) {
            rc = file_bad(e, file, "answer entry %zu: \"n\" is %s, not a question number", k + 1,
                          wire_json_kind(n));
        } else if (json_integer_value(n) < 1 || (uint64_t)json_integer_value(n) > nq) {
            rc = file_bad(e, file,
                          "answer entry %zu: \"n\" is %lld; the quiz has questions 1 to %zu", k + 1,
                          (long long)json_integer_value(n), nq);
        } else if (seen[json_integer_value(n)]) {
            rc = file_bad(e, file, "answer entry %zu: question %lld is answered twice", k + 1,
                          (long long)json_integer_value(n));
        } else {
            seen[json_integer_value(n)] = 1;
            by_n[json_integer_value(n) - 1] = json_object_get(x, "answer");
        }
        if (rc != ASSAY_OK)
            break;
    }
    free(seen);
    return rc;
}

static int truth_of(json_t *v)
{
    if (json_is_boolean(v))
        return json_is_true(v);
    const char *s = json_string_value(v);
    if (!s)
        return -1;
    static const char *const yes[] = {"true", "t", "o", "yes", "참", "맞다", "O"};
    static const char *const no[] = {"false", "f", "x", "no", "거짓", "틀리다", "X"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(s, yes[i]) == 0)
            return 1;
        if (strcmp(s, no[i]) == 0)
            return 0;
    }
    return -1;
}

/* The index of a one-letter answer ("B", or "b" for base 'A'; "c" or "C" for
 * base 'a') among n, or -1. */
static int letter(const char *s, char base, size_t n)
{
    if (!s || strlen(s) != 1)
        return -1;
    int i = s[0] >= 'a' && s[0] <= 'z' && base == 'A' ? s[0] - 'a' : s[0] - base;
    if (base == 'a' && s[0] >= 'A' && s[0] <= 'Z')
        i = s[0] - 'A';
    return i >= 0 && (size_t)i < n ? i : -1;
}

/* Fills ans from the learner's JSON value for question n (1-based); an
 * error naming the file and the question when the value cannot answer it. */
static assay_code answer_of(const char *file, size_t n, const assay_question *q, json_t *v,
                            assay_answer *ans, int *pairs, errinfo *e)
{
    switch (q->type) {
    case ASSAY_Q_MCQ:
        ans->choice = letter(json_string_value(v), 'A', q->n_options);
        if (ans->choice < 0)
            return file_bad(e, file, "question %zu: answer with an option letter", n);
        break;
    case ASSAY_Q_TF:
        ans->truth = truth_of(v);
        if (ans->truth < 0)
            return file_bad(e, file, "question %zu: answer true or false", n);
        break;
    case ASSAY_Q_MATCH: {
        if (!json_is_array(v) || json_array_size(v) != q->n_pairs)
            return file_bad(e, file, "question %zu: answer with one letter for each numbered entry",
                            n);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) pairs[i] = letter(json_string_value(x), 'a', q->n_pairs);
        ans->pairs = pairs;
        ans->n_pairs = q->n_pairs;
        break;
    }
    case ASSAY_Q_SCENARIO: {
        const char *s = json_string_value(v);
        if (!s)
            return file_bad(e, file, "question %zu: answer with an option letter or text", n);
        ans->choice = letter(s, 'A', q->n_options);
        if (ans->choice < 0)
            ans->text = s;
        break;
    }
    case ASSAY_Q_CLOZE:
    case ASSAY_Q_SHORT:
        ans->text = json_string_value(v);
        if (!ans->text)
            return file_bad(e, file, "question %zu: answer with text", n);
        break;
    }
    return ASSAY_OK;
}

assay_code wire_answer_sheet_match(assay_answer_sheet *s, const assay_quiz *q, errinfo *e)
{
    size_t nq = q->n, total_pairs = 0;
    for (size_t i = 0; i < nq; i++)
        total_pairs += q->qs[i].pub.n_pairs;
    free(s->ans);
    free(s->given);
    free(s->pairs);
    s->n = 0;
    s->ans = calloc(nq + 1, sizeof *s->ans);
    s->given = calloc(nq + 1, 1);
    s->pairs = calloc(total_pairs + 1, sizeof *s->pairs);
    json_t **by_n = calloc(nq + 1, sizeof *by_n);
    assay_code rc = ASSAY_OK;
    if (!s->ans || !s->given || !s->pairs || !by_n)
        rc = err_set(e, ASSAY_ENOMEM, "out of memory");
    if (rc == ASSAY_OK)
        rc = by_number(s, nq, by_n, e);
    /* a sheet that names its quiz (as grade --json does) must name this one */
    json_t *named = json_object_get(s->root, "quiz");
    if (rc == ASSAY_OK && named &&
        (!json_is_string(named) || strcmp(json_string_value(named), q->fingerprint) != 0))
        rc = err_set_at(e, ASSAY_EINPUT, s->file, 0, 0, -1,
                        "these answers were written for another quiz (its \"quiz\" is not this "
                        "quiz's fingerprint %.12s...)",
                        q->fingerprint);
    int *pairs = s->pairs;
    for (size_t i = 0; rc == ASSAY_OK && i < nq; i++) {
        const assay_question *p = &q->qs[i].pub;
        s->ans[i] = (assay_answer)ASSAY_ANSWER_INIT;
        if (!by_n[i] || json_is_null(by_n[i]))
            continue;
        rc = answer_of(s->file, i + 1, p, by_n[i], &s->ans[i], pairs, e);
        pairs += p->n_pairs;
        s->given[i] = 1;
    }
    free(by_n);
    if (rc == ASSAY_OK)
        s->n = nq;
    return rc;
}

const assay_answer *wire_answer_sheet_get(const assay_answer_sheet *s, size_t i)
{
    return s && i < s->n && s->given[i] ? &s->ans[i] : NULL;
}

/* ---- results ------------------------------------------------------------------------- */

/* The expected answer as a learner writes it: a letter, true/false, the
 * accepted forms, letters for matching; null for free text. */
static json_t *expected(const assay_question *q)
{
    char l[2] = {0, 0};
    switch (q->type) {
    case ASSAY_Q_MCQ: l[0] = (char)('A' + q->key); return json_string(l);
    case ASSAY_Q_TF: return json_boolean(q->key);
    case ASSAY_Q_CLOZE: return wire_strings(q->accept, q->n_accept);
    case ASSAY_Q_MATCH: {
        json_t *a = json_array();
        for (size_t i = 0; a && i < q->n_pairs; i++) {
            l[0] = (char)('a' + q->pairs[i]);
            json_array_append_new(a, json_string(l));
        }
        return a;
    }
    case ASSAY_Q_SCENARIO:
        if (q->n_options) {
            l[0] = (char)('A' + q->key);
            return json_string(l);
        }
        return json_null();
    case ASSAY_Q_SHORT: return json_null();
    }
    return json_null();
}

json_t *wire_grade_result(const assay_question *p, size_t n, int answered, const assay_grade *g)
{
    json_t *o =
        json_pack("{s:I, s:s, s:f, s:b, s:b, s:o, s:s?, s:{s:s, s:I}}", "n", (json_int_t)n, "type",
                  assay_qtype_name(p->type), "score", g->score, "correct", g->correct, "answered",
                  answered != 0, "expected", expected(p), "reference", g->reference, "source",
                  "file", p->source_file, "line", (json_int_t)p->source_line);
    if (o && g->typo)
        json_object_set_new(o, "typo", json_true());
    if (o && (g->n_covered || g->n_missed)) {
        json_object_set_new(o, "covered", wire_strings(g->covered, g->n_covered));
        json_object_set_new(o, "missed", wire_strings(g->missed, g->n_missed));
        wire_grade_review(o, g);
    }
    return o;
}

/* ---- free-text pairs ----------------------------------------------------------------- */

/* What is wrong with a pairs line's fields (into buf), or NULL. */
static const char *pair_field_problem(json_t *o, char *buf, size_t cap)
{
    static const struct {
        const char *key, *what;
        int required;
    } fields[] = {{"reference", "the reference answer", 1},
                  {"answer", "the answer to grade", 1},
                  {"question", "the question", 0}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        json_t *v = json_object_get(o, fields[i].key);
        if (!v && fields[i].required) {
            snprintf(buf, cap, "\"%s\" (%s, a string) is missing", fields[i].key, fields[i].what);
            return buf;
        }
        if (v && !json_is_string(v)) {
            snprintf(buf, cap, "\"%s\" (%s) is %s, not a string", fields[i].key, fields[i].what,
                     wire_json_kind(v));
            return buf;
        }
    }
    return NULL;
}

/* A copy of s at *at, which moves past it. */
static const char *put(char **at, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*at, s, n);
    const char *r = *at;
    *at += n;
    return r;
}

assay_code wire_pair_line_parse(const char *file, long line, const char *text, size_t len,
                                errinfo *e, assay_pair_line **out)
{
    *out = NULL;
    size_t a = 0;
    while (a < len && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
        a++;
    if (a == len)
        return ASSAY_OK; /* a blank line */
    json_error_t jerr;
    char wrong[160];
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    const char *msg = NULL;
    if (!o)
        msg = jerr.text;
    else if (!json_is_object(o))
        msg = "expected an object {\"question\", \"reference\", \"answer\"}";
    else
        msg = pair_field_problem(o, wrong, sizeof wrong);
    if (msg) {
        err_set_at(e, ASSAY_EINPUT, file, line, 0, -1, "%s", msg);
        json_decref(o);
        return ASSAY_EINPUT;
    }
    const char *q = json_string_value(json_object_get(o, "question"));
    const char *ref = json_string_value(json_object_get(o, "reference"));
    const char *ans = json_string_value(json_object_get(o, "answer"));
    size_t need = sizeof(assay_pair_line) + strlen(ref) + strlen(ans) + 2 + (q ? strlen(q) + 1 : 0);
    assay_pair_line *p = malloc(need);
    if (!p) {
        json_decref(o);
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    char *at = (char *)(p + 1);
    p->line = line;
    p->question = put(&at, q);
    p->reference = put(&at, ref);
    p->answer = put(&at, ans);
    json_decref(o);
    *out = p;
    return ASSAY_OK;
}

json_t *wire_pair_grade(const assay_pair_line *p, const assay_grade *g)
{
    json_t *o =
        json_pack("{s:I, s:f, s:b, s:o, s:o}", "line", (json_int_t)p->line, "score", g->score,
                  "correct", g->correct, "covered", wire_strings(g->covered, g->n_covered),
                  "missed", wire_strings(g->missed, g->n_missed));
    wire_grade_review(o, g);
    return o;
}
