/*
 * wire/quiz — quizzes and questions as JSON, and back. The writers are the
 * format of `assay quiz --json` (docs/json.md, "quiz"); the reader takes a
 * question with its key, as the session layer stores each presented question,
 * and checks every field as outside input.
 */
#include "wire/wire.h"

#include "core/hash.h"
#include "core/names.h"
#include "gen/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *wire_strings(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

json_t *wire_quiz_spec(const assay_quiz_spec *spec, const char *kb)
{
    json_t *types = json_array(), *levels = json_array();
    for (unsigned t = 1; t <= ASSAY_Q_SCENARIO; t <<= 1)
        if (spec->types & t)
            json_array_append_new(types, json_string(assay_qtype_name((assay_qtype)t)));
    for (size_t i = 0; i < spec->n_levels; i++)
        json_array_append_new(levels, json_integer(spec->levels[i]));
    json_t *j = json_pack("{s:s?, s:o, s:o, s:I, s:o, s:i, s:I}", "kb", kb && kb[0] ? kb : NULL,
                          "topics", wire_strings(spec->topics, spec->n_topics), "levels", levels,
                          "count", (json_int_t)spec->count, "types", types, "options",
                          spec->options, "seed", (json_int_t)spec->seed);
    /* only when set, so quizzes without it keep their bytes and fingerprints */
    if (j && spec->no_derived)
        json_object_set_new(j, "no_derived", json_true());
    return j;
}

json_t *wire_question(const assay_question *p, size_t n, int with_key)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s}", "n", (json_int_t)n, "type",
                  assay_qtype_name(p->type), "item", p->item_id, "kb", p->kb, "topic", p->topic,
                  "level", p->level ? json_integer(p->level) : json_null(), "prompt", p->prompt);
    if (!o)
        return NULL;
    if (p->statement)
        json_object_set_new(o, "statement", json_string(p->statement));
    if (p->n_options)
        json_object_set_new(o, "options", wire_strings(p->options, p->n_options));
    if (p->n_pairs) {
        json_object_set_new(o, "left", wire_strings(p->left, p->n_pairs));
        json_object_set_new(o, "right", wire_strings(p->right, p->n_pairs));
    }
    if (p->type == ASSAY_Q_SCENARIO)
        json_object_set_new(o, "answer_mode",
                            json_string(p->n_options ? "choice or text" : "text"));
    if (!with_key)
        return o;
    json_t *key = json_object();
    switch (p->type) {
    case ASSAY_Q_MCQ:
    case ASSAY_Q_SCENARIO:
        if (p->n_options) {
            char label[2] = {(char)('A' + p->key), 0};
            json_object_set_new(key, "option", json_integer(p->key));
            json_object_set_new(key, "label", json_string(label));
        }
        break;
    case ASSAY_Q_TF: json_object_set_new(key, "truth", json_boolean(p->key)); break;
    case ASSAY_Q_CLOZE:
        json_object_set_new(key, "accept", wire_strings(p->accept, p->n_accept));
        break;
    case ASSAY_Q_MATCH: {
        json_t *pairs = json_array();
        for (size_t i = 0; i < p->n_pairs; i++)
            json_array_append_new(pairs, json_integer(p->pairs[i]));
        json_object_set_new(key, "pairs", pairs);
        break;
    }
    case ASSAY_Q_SHORT: break;
    }
    if (p->answer)
        json_object_set_new(key, "answer", json_string(p->answer));
    json_object_set_new(
        key, "source",
        json_pack("{s:s, s:I}", "file", p->source_file, "line", (json_int_t)p->source_line));
    json_object_set_new(o, "key", key);
    return o;
}

static json_t *questions(const assay_quiz *q, int with_key)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < q->n; i++) {
        json_t *o = wire_question(&q->qs[i].pub, i + 1, with_key);
        if (!o || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

int wire_quiz_fingerprint_json(assay_quiz *q)
{
    json_t *j = json_pack("{s:o, s:o}", "spec", wire_quiz_spec(&q->spec, q->kb), "questions",
                          questions(q, 0));
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!s)
        return -1;
    hash_sha256_hex(s, strlen(s), q->fingerprint);
    free(s);
    return 0;
}

/*
 * The fingerprint without a jansson tree: the same bytes json_dumps(...,
 * JSON_COMPACT) writes for wire_quiz_fingerprint_json's tree (insertion
 * order, "," and ":" with no spaces, UTF-8 kept, '"' '\\' and control
 * characters escaped as jansson does), fed to SHA-256 through a small buffer.
 * Where jansson would refuse a string (NULL or not UTF-8) it does as jansson
 * does: a packed field fails the whole fingerprint, an appended or set one is
 * left out. tests/test_wire.c compares both over many quizzes.
 */
typedef struct fp_out {
    hash_ctx h;
    size_t n;
    char buf[2048];
} fp_out;

static void fp_bytes(fp_out *o, const char *s, size_t n)
{
    if (n >= sizeof o->buf - o->n) {
        hash_update(&o->h, o->buf, o->n);
        o->n = 0;
        if (n >= sizeof o->buf) {
            hash_update(&o->h, s, n);
            return;
        }
    }
    memcpy(o->buf + o->n, s, n);
    o->n += n;
}

static void fp_lit(fp_out *o, const char *s)
{
    fp_bytes(o, s, strlen(s));
}

static void fp_int(fp_out *o, json_int_t v)
{
    char b[32];
    int k = snprintf(b, sizeof b, "%" JSON_INTEGER_FORMAT, v);
    if (k > 0)
        fp_bytes(o, b, (size_t)k);
}

/* Whether s is UTF-8 as jansson's json_string accepts it. */
static int fp_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, len;
        uint32_t v;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c < 0xC2)
            return 0;
        if (c <= 0xDF) {
            len = 2;
            v = c & 0x1F;
        } else if (c <= 0xEF) {
            len = 3;
            v = c & 0x0F;
        } else if (c <= 0xF4) {
            len = 4;
            v = c & 0x07;
        } else
            return 0;
        for (unsigned k = 1; k < len; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return 0;
            v = (v << 6) | (p[k] & 0x3Fu);
        }
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (len == 3 && v < 0x800) ||
            (len == 4 && v < 0x10000))
            return 0;
        p += len;
    }
    return 1;
}

/* A string as json_dumps writes it; s must be valid (fp_utf8). */
static void fp_str(fp_out *o, const char *s)
{
    fp_bytes(o, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        fp_bytes(o, run, (size_t)(p - run));
        run = p + 1;
        char seq[8];
        switch (c) {
        case '"': fp_lit(o, "\\\""); break;
        case '\\': fp_lit(o, "\\\\"); break;
        case '\b': fp_lit(o, "\\b"); break;
        case '\f': fp_lit(o, "\\f"); break;
        case '\n': fp_lit(o, "\\n"); break;
        case '\r': fp_lit(o, "\\r"); break;
        case '\t': fp_lit(o, "\\t"); break;
        default: snprintf(seq, sizeof seq, "\\u%04X", (unsigned)c); fp_lit(o, seq);
        }
    }
    fp_lit(o, run);
    fp_bytes(o, "\"", 1);
}

static int fp_ok(const char *s)
{
    return s && fp_utf8(s);
}

/* ,"key":"value" for a json_object_set_new'd string: left out when jansson would refuse it. */
static void fp_opt_str(fp_out *o, const char *key, const char *s)
{
    if (!fp_ok(s))
        return;
    fp_lit(o, key);
    fp_str(o, s);
}

/* wire_strings: an array whose refused strings are left out. */
static void fp_strings(fp_out *o, const char *const *v, size_t n)
{
    fp_bytes(o, "[", 1);
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        if (!fp_ok(v[i]))
            continue;
        if (!first)
            fp_bytes(o, ",", 1);
        first = 0;
        fp_str(o, v[i]);
    }
    fp_bytes(o, "]", 1);
}

static void fp_spec(fp_out *o, const assay_quiz_spec *spec, const char *kb)
{
    fp_lit(o, "{\"kb\":");
    if (kb && kb[0] && fp_ok(kb))
        fp_str(o, kb);
    else
        fp_lit(o, "null"); /* "s?" of NULL; a kb jansson refuses fails in fp_quiz */
    fp_lit(o, ",\"topics\":");
    fp_strings(o, spec->topics, spec->n_topics);
    fp_lit(o, ",\"levels\":[");
    for (size_t i = 0; i < spec->n_levels; i++) {
        if (i)
            fp_bytes(o, ",", 1);
        fp_int(o, spec->levels[i]);
    }
    fp_lit(o, "],\"count\":");
    fp_int(o, (json_int_t)spec->count);
    fp_lit(o, ",\"types\":[");
    int first = 1;
    for (unsigned t = 1; t <= ASSAY_Q_SCENARIO; t <<= 1)
        if (spec->types & t) {
            if (!first)
                fp_bytes(o, ",", 1);
            first = 0;
            fp_str(o, assay_qtype_name((assay_qtype)t));
        }
    fp_lit(o, "],\"options\":");
    fp_int(o, spec->options);
    fp_lit(o, ",\"seed\":");
    fp_int(o, (json_int_t)spec->seed);
    if (spec->no_derived)
        fp_lit(o, ",\"no_derived\":true");
    fp_bytes(o, "}", 1);
}

/* wire_question(p, n, 0); -1 where json_pack would fail. */
static int fp_question(fp_out *o, const assay_question *p, size_t n)
{
    if (!fp_ok(p->item_id) || !fp_ok(p->kb) || !fp_ok(p->topic) || !fp_ok(p->prompt))
        return -1;
    fp_lit(o, "{\"n\":");
    fp_int(o, (json_int_t)n);
    fp_lit(o, ",\"type\":");
    fp_str(o, assay_qtype_name(p->type));
    fp_lit(o, ",\"item\":");
    fp_str(o, p->item_id);
    fp_lit(o, ",\"kb\":");
    fp_str(o, p->kb);
    fp_lit(o, ",\"topic\":");
    fp_str(o, p->topic);
    fp_lit(o, ",\"level\":");
    if (p->level)
        fp_int(o, p->level);
    else
        fp_lit(o, "null");
    fp_lit(o, ",\"prompt\":");
    fp_str(o, p->prompt);
    fp_opt_str(o, ",\"statement\":", p->statement);
    if (p->n_options) {
        fp_lit(o, ",\"options\":");
        fp_strings(o, p->options, p->n_options);
    }
    if (p->n_pairs) {
        fp_lit(o, ",\"left\":");
        fp_strings(o, p->left, p->n_pairs);
        fp_lit(o, ",\"right\":");
        fp_strings(o, p->right, p->n_pairs);
    }
    if (p->type == ASSAY_Q_SCENARIO)
        fp_lit(o,
               p->n_options ? ",\"answer_mode\":\"choice or text\"" : ",\"answer_mode\":\"text\"");
    fp_bytes(o, "}", 1);
    return 0;
}

int wire_quiz_fingerprint(assay_quiz *q)
{
    fp_out *o = malloc(sizeof *o);
    if (!o)
        return -1;
    o->n = 0;
    hash_begin(&o->h);
    int rc = q->kb[0] && !fp_utf8(q->kb) ? -1 : 0;
    if (rc == 0) {
        fp_lit(o, "{\"spec\":");
        fp_spec(o, &q->spec, q->kb);
        fp_lit(o, ",\"questions\":[");
        for (size_t i = 0; rc == 0 && i < q->n; i++) {
            if (i)
                fp_bytes(o, ",", 1);
            rc = fp_question(o, &q->qs[i].pub, i + 1);
        }
        fp_lit(o, "]}");
    }
    char hex[HASH_HEX_LEN + 1];
    hash_update(&o->h, o->buf, o->n);
    hash_end_hex(&o->h, hex);
    if (rc == 0)
        memcpy(q->fingerprint, hex, sizeof hex);
    free(o);
    return rc;
}

char *wire_quiz(const assay_quiz *q, int with_key)
{
    json_t *warnings = json_array();
    for (size_t i = 0; warnings && i < q->n_warnings; i++)
        json_array_append_new(warnings, json_string(q->warnings[i]));
    json_t *j =
        json_pack("{s:i, s:s, s:b, s:o, s:o, s:o}", "version", WIRE_QUIZ_VERSION, "fingerprint",
                  q->fingerprint, "with_key", with_key, "spec", wire_quiz_spec(&q->spec, q->kb),
                  "questions", questions(q, with_key), "warnings", warnings);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

/* ---- reading a question back ------------------------------------------------ */

typedef struct reader {
    arena *mem;
    errinfo *e;
    const char *what;
} reader;

static assay_code bad(reader *r, const char *field, const char *why)
{
    return err_set(r->e, ASSAY_EINPUT, "%s: \"%s\" %s", r->what, field, why);
}

/* A required (or optional, with opt) string field copied into the arena. */
static assay_code str_field(reader *r, json_t *o, const char *field, int opt, const char **out)
{
    json_t *v = json_object_get(o, field);
    *out = NULL;
    if (!v && opt)
        return ASSAY_OK;
    if (!json_is_string(v))
        return bad(r, field, v ? "is not a string" : "is missing");
    if (!(*out = arena_strdup(r->mem, json_string_value(v))))
        return err_set(r->e, ASSAY_ENOMEM, "out of memory");
    return ASSAY_OK;
}

/* An array of strings (opt: may be absent, then n = 0). */
static assay_code str_array(reader *r, json_t *o, const char *field, int opt,
                            const char *const **out, size_t *n)
{
    json_t *v = json_object_get(o, field);
    *out = NULL;
    *n = 0;
    if (!v && opt)
        return ASSAY_OK;
    if (!json_is_array(v))
        return bad(r, field, v ? "is not an array" : "is missing");
    size_t k = json_array_size(v);
    const char **arr = arena_alloc(r->mem, (k + 1) * sizeof *arr);
    if (!arr)
        return err_set(r->e, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; i < k; i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s))
            return bad(r, field, "holds something that is not a string");
        if (!(arr[i] = arena_strdup(r->mem, json_string_value(s))))
            return err_set(r->e, ASSAY_ENOMEM, "out of memory");
    }
    *out = arr;
    *n = k;
    return ASSAY_OK;
}

static assay_code key_fields(reader *r, json_t *key, assay_question *q)
{
    json_t *v;
    switch (q->type) {
    case ASSAY_Q_MCQ:
    case ASSAY_Q_SCENARIO:
        if (!q->n_options)
            break;
        v = json_object_get(key, "option");
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) >= (json_int_t)q->n_options)
            return bad(r, "key.option", "is not the index of one of the options");
        q->key = (int)json_integer_value(v);
        break;
    case ASSAY_Q_TF:
        v = json_object_get(key, "truth");
        if (!json_is_boolean(v))
            return bad(r, "key.truth", "is not true or false");
        q->key = json_is_true(v);
        break;
    case ASSAY_Q_CLOZE: {
        assay_code rc = str_array(r, key, "accept", 0, &q->accept, &q->n_accept);
        if (rc != ASSAY_OK)
            return rc;
        if (!q->n_accept)
            return bad(r, "key.accept", "is empty");
        break;
    }
    case ASSAY_Q_MATCH: {
        v = json_object_get(key, "pairs");
        if (!json_is_array(v) || json_array_size(v) != q->n_pairs)
            return bad(r, "key.pairs", "is not one index for each left entry");
        int *pairs = arena_alloc(r->mem, (q->n_pairs + 1) * sizeof *pairs);
        if (!pairs)
            return err_set(r->e, ASSAY_ENOMEM, "out of memory");
        for (size_t i = 0; i < q->n_pairs; i++) {
            json_t *x = json_array_get(v, i);
            if (!json_is_integer(x) || json_integer_value(x) < 0 ||
                json_integer_value(x) >= (json_int_t)q->n_pairs)
                return bad(r, "key.pairs", "holds an index out of range");
            pairs[i] = (int)json_integer_value(x);
        }
        q->pairs = pairs;
        break;
    }
    case ASSAY_Q_SHORT: break;
    }
    assay_code rc = str_field(r, key, "answer", q->type != ASSAY_Q_SHORT, &q->answer);
    if (rc != ASSAY_OK)
        return rc;
    json_t *src = json_object_get(key, "source");
    if (!json_is_object(src))
        return bad(r, "key.source", "is missing");
    if ((rc = str_field(r, src, "file", 0, &q->source_file)) != ASSAY_OK)
        return rc;
    v = json_object_get(src, "line");
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return bad(r, "key.source.line", "is not a line number");
    q->source_line = (long)json_integer_value(v);
    return ASSAY_OK;
}

assay_code wire_question_parse(json_t *o, arena *mem, assay_question *q, errinfo *e,
                               const char *what)
{
    reader r = {mem, e, what};
    memset(q, 0, sizeof *q);
    q->key = -1;
    if (!json_is_object(o))
        return err_set(e, ASSAY_EINPUT, "%s is not a JSON object", what);
    json_t *type = json_object_get(o, "type");
    unsigned bits = 0;
    if (!json_is_string(type) || assay_qtypes_parse(json_string_value(type), &bits) != ASSAY_OK ||
        (bits & (bits - 1)) != 0 || bits == ASSAY_Q_ALL)
        return bad(&r, "type", "is not a question type");
    q->type = (assay_qtype)bits;
    assay_code rc;
    if ((rc = str_field(&r, o, "item", 0, &q->item_id)) != ASSAY_OK ||
        (rc = str_field(&r, o, "kb", 0, &q->kb)) != ASSAY_OK ||
        (rc = str_field(&r, o, "topic", 0, &q->topic)) != ASSAY_OK ||
        (rc = str_field(&r, o, "prompt", 0, &q->prompt)) != ASSAY_OK ||
        (rc = str_field(&r, o, "statement", q->type != ASSAY_Q_TF, &q->statement)) != ASSAY_OK ||
        (rc = str_array(&r, o, "options", q->type != ASSAY_Q_MCQ, &q->options, &q->n_options)) !=
            ASSAY_OK)
        return rc;
    json_t *level = json_object_get(o, "level");
    if (json_is_integer(level) && json_integer_value(level) >= 1 &&
        json_integer_value(level) <= ASSAY_MAX_LEVEL)
        q->level = (int)json_integer_value(level);
    else if (!json_is_null(level))
        return bad(&r, "level", "is not a level from 1 to 9 or null");
    if (q->type == ASSAY_Q_MCQ && (q->n_options < 2 || q->n_options > 26))
        return bad(&r, "options", "does not hold 2 to 26 options");
    if (q->type == ASSAY_Q_MATCH) {
        size_t nr = 0;
        if ((rc = str_array(&r, o, "left", 0, &q->left, &q->n_pairs)) != ASSAY_OK ||
            (rc = str_array(&r, o, "right", 0, &q->right, &nr)) != ASSAY_OK)
            return rc;
        if (nr != q->n_pairs || q->n_pairs < 2)
            return bad(&r, "right", "does not pair with \"left\"");
    }
    json_t *key = json_object_get(o, "key");
    if (!json_is_object(key))
        return bad(&r, "key", "is missing");
    return key_fields(&r, key, q);
}

/* ---- answers and grades --------------------------------------------------------- */

json_t *wire_answer(const assay_question *q, const assay_answer *a)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    switch (q->type) {
    case ASSAY_Q_MCQ:
        if (a->choice >= 0)
            json_object_set_new(o, "choice", json_integer(a->choice));
        break;
    case ASSAY_Q_TF:
        if (a->truth >= 0)
            json_object_set_new(o, "truth", json_boolean(a->truth));
        break;
    case ASSAY_Q_MATCH:
        if (a->n_pairs) {
            json_t *p = json_array();
            for (size_t i = 0; i < a->n_pairs; i++)
                json_array_append_new(p, json_integer(a->pairs[i]));
            json_object_set_new(o, "pairs", p);
        }
        break;
    case ASSAY_Q_SCENARIO: /* a choice, or words */
        if (a->choice >= 0)
            json_object_set_new(o, "choice", json_integer(a->choice));
        if (a->text)
            json_object_set_new(o, "text", json_string(a->text));
        break;
    case ASSAY_Q_CLOZE:
    case ASSAY_Q_SHORT:
        if (a->text)
            json_object_set_new(o, "text", json_string(a->text));
        break;
    }
    return o;
}

void wire_grade_review(json_t *o, const assay_grade *g)
{
    if (!o)
        return;
    json_object_set_new(o, "contradicted", wire_strings(g->contradicted, g->n_contradicted));
    json_object_set_new(o, "confidence", json_real(g->confidence));
    json_object_set_new(o, "needs_review", json_boolean(g->needs_review));
    if (g->exact_only)
        json_object_set_new(o, "exact_only", json_true());
}

json_t *wire_grade(const assay_grade *g)
{
    json_t *o =
        json_pack("{s:f, s:b, s:b}", "score", g->score, "correct", g->correct, "typo", g->typo);
    if (!o)
        return NULL;
    if (g->matched)
        json_object_set_new(o, "matched", json_string(g->matched));
    if (g->covered || g->missed) {
        json_object_set_new(o, "covered", wire_strings(g->covered, g->n_covered));
        json_object_set_new(o, "missed", wire_strings(g->missed, g->n_missed));
        wire_grade_review(o, g);
    }
    if (g->reference)
        json_object_set_new(o, "reference", json_string(g->reference));
    return o;
}
