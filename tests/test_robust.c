/* Robustness of the three readers that take input from outside: the
 * knowledge-document importer, CSV response tables (and calibration on what
 * they hold) and the stored state of an adaptive assessment. Each starts from
 * a valid input and reads thousands of mutated copies (bytes flipped,
 * inserted, deleted, duplicated, truncated; tokens the format cares about
 * spliced in), deterministically from fixed seeds. Every copy must be either
 * accepted — and then usable: a model that serialises, parameters that are
 * finite, an assessment that runs to its end and saves the same state it
 * resumes — or refused with ASSAY_EINPUT and a position inside the input.
 * Run under ASan + UBSan, a crash, a leak or undefined behaviour fails too.
 * ROBUST_VERBOSE=1 prints every refusal (to see what the mutations reach). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "core/rng.h"
#include "support.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA ASSAY_TEST_DATA

/* ---- the mutator ---------------------------------------------------------------------------- */

typedef struct mbuf {
    char *p;
    size_t n, cap;
} mbuf;

static void mb_splice(mbuf *m, size_t at, size_t del, const char *ins, size_t n_ins)
{
    if (at > m->n)
        at = m->n;
    if (del > m->n - at)
        del = m->n - at;
    size_t need = m->n - del + n_ins + 1;
    if (need > m->cap) {
        m->cap = need * 2;
        m->p = realloc(m->p, m->cap);
        assert_non_null(m->p);
    }
    memmove(m->p + at + n_ins, m->p + at + del, m->n - at - del);
    if (n_ins)
        memcpy(m->p + at, ins, n_ins);
    m->n = m->n - del + n_ins;
    m->p[m->n] = '\0';
}

/* One to four mutations of m; tokens are the format's interesting strings. */
static void mutate(rng *r, mbuf *m, const char *const *tokens, size_t n_tokens)
{
    int ops = 1 + (int)rng_below(r, 4);
    for (int k = 0; k < ops; k++) {
        size_t at = m->n ? rng_below(r, (uint32_t)m->n + 1) : 0;
        switch (rng_below(r, 8)) {
        case 0: /* any byte */
            if (at < m->n)
                m->p[at] = (char)rng_below(r, 256);
            break;
        case 1: /* a digit for a digit: numbers stay numbers, with other values */
            for (size_t i = at; i < m->n; i++)
                if (m->p[i] >= '0' && m->p[i] <= '9') {
                    m->p[i] = (char)('0' + rng_below(r, 10));
                    break;
                }
            break;
        case 2:
        case 3: { /* a token */
            const char *t = tokens[rng_below(r, (uint32_t)n_tokens)];
            mb_splice(m, at, 0, t, strlen(t));
            break;
        }
        case 4: /* a token in place of a few bytes */
        {
            const char *t = tokens[rng_below(r, (uint32_t)n_tokens)];
            mb_splice(m, at, 1 + rng_below(r, 6), t, strlen(t));
            break;
        }
        case 5: /* delete a run */ mb_splice(m, at, 1 + rng_below(r, 16), NULL, 0); break;
        case 6: /* copy a run elsewhere */
            if (m->n > 1) {
                size_t from = rng_below(r, (uint32_t)m->n), len = 1 + rng_below(r, 64);
                if (len > m->n - from)
                    len = m->n - from;
                char tmp[64];
                memcpy(tmp, m->p + from, len);
                mb_splice(m, at, 0, tmp, len);
            }
            break;
        default: /* truncate (rarely: it hides the other mutations) */
            if (rng_below(r, 4) == 0)
                mb_splice(m, at, m->n - at, NULL, 0);
            break;
        }
    }
}

static void mb_set(mbuf *m, const char *s, size_t n)
{
    m->n = 0;
    mb_splice(m, 0, 0, s, n);
}

static long count_lines(const char *s, size_t n)
{
    long lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'));
    return lines;
}

/* A refusal: ASSAY_EINPUT, a message, and a line inside the input. */
static void assert_refusal(assay *a, assay_code rc, const char *file, const mbuf *m)
{
    const assay_error *e = assay_last_error(a);
    if (rc != ASSAY_EINPUT)
        fail_msg("code %d (%s) for input:\n%.*s", rc, e->message, (int)m->n, m->p);
    if (getenv("ROBUST_VERBOSE"))
        fprintf(stderr, "refused: %s\n", e->message);
    assert_true(e->message && e->message[0]);
    if (file) {
        assert_non_null(e->file);
        assert_string_equal(e->file, file);
    }
    if (e->line < 0 || e->line > count_lines(m->p, m->n) + 1)
        fail_msg("line %ld outside the input (%ld lines): %s", e->line, count_lines(m->p, m->n),
                 e->message);
    assert_true(e->column >= 0);
    assert_true(e->offset >= -1 && e->offset <= (long long)m->n);
}

/* ---- knowledge documents ----------------------------------------------------------------------
 */

static void documents(void **state)
{
    (void)state;
    size_t len = 0;
    char *whole = t_read_file(ASSAY_SOURCE_DIR "/data/kb/architecture-scalability.md", &len);
    assert_non_null(whole);
    /* the front matter and the first two topics: every construct, small enough to read often */
    char *cut = strstr(whole, "\n## 3. ");
    assert_non_null(cut);
    size_t seed_len = (size_t)(cut - whole) + 1;
    static const char *const tokens[] = {
        "\n",      "\r\n",         "\n\n",       "#",         "## ",    "### ",      "> ",
        "- ",      "* ",           "**Q:** ",    "**A:** ",   "Q: ",    "A: ",       "Level 2",
        "⭐",       "레벨 ",        "질문: ",     "답: ",      "```",    "```yaml\n", "|",
        "| --- |", "<details>",    "</details>", "<summary>", "&amp;",  "\t",        "\xEF\xBB\xBF",
        "\xC3",    "\xED\xA0\x80", "\xEA\xB0",   "\0",        "[x](y)", "    "};
    assay *a = assay_new();
    mbuf m = {0};
    rng r;
    rng_seed(&r, 2026, 11);
    size_t accepted = 0, refused = 0;
    for (int k = 0; k < 600; k++) {
        mb_set(&m, whole, seed_len);
        mutate(&r, &m, tokens, sizeof tokens / sizeof *tokens);
        assay_doc *d = NULL;
        assay_code rc = assay_doc_parse(a, "mut.md", m.p, m.n, NULL, &d);
        if (rc == ASSAY_OK) {
            accepted++;
            assay_doc_stats st;
            assay_doc_get_stats(d, &st);
            char *js = assay_doc_model_json(d, 0);
            assert_non_null(js);
            json_error_t je;
            json_t *j = json_loads(js, 0, &je);
            if (!j)
                fail_msg("model JSON does not parse: %s", je.text);
            json_decref(j);
            assay_string_free(js);
            for (size_t w = 0; w < assay_doc_warning_count(d); w++) {
                const assay_warning *wa = assay_doc_warning_at(d, w);
                assert_true(wa->line >= 1 && wa->line <= count_lines(m.p, m.n) + 1);
            }
            assay_doc_free(d);
        } else {
            refused++;
            assert_null(d);
            assert_refusal(a, rc, "mut.md", &m);
        }
    }
    print_message("documents: %zu accepted, %zu refused\n", accepted, refused);
    assert_true(accepted > 0 && refused > 0);
    free(m.p);
    free(whole);
    assay_free(a);
}

/* ---- CSV response tables and calibration ---------------------------------------------------- */

static void csv_tables(void **state)
{
    (void)state;
    /* 40 persons x 6 items with an id column, quoted names, a fraction and gaps */
    rng r;
    rng_seed(&r, 7, 3);
    mbuf seed = {0};
    const char *head = "id,q1,\"item, two\",q3,\"say \"\"hi\"\"\",q5,q6\n";
    mb_splice(&seed, 0, 0, head, strlen(head));
    for (int p = 0; p < 40; p++) {
        char row[128];
        int w = snprintf(row, sizeof row, "p%02d", p);
        double th = rng_normal(&r);
        for (int i = 0; i < 6; i++) {
            double pr = 1 / (1 + exp(-(th + 1.0 - 0.4 * i)));
            const char *cell = rng_unit(&r) < 0.1 ? "" : rng_unit(&r) < pr ? "1" : "0";
            if (p == 3 && i == 2)
                cell = "0.5";
            w += snprintf(row + w, sizeof row - (size_t)w, ",%s", cell);
        }
        row[w++] = '\n';
        mb_splice(&seed, seed.n, 0, row, (size_t)w);
    }
    static const char *const tokens[] = {
        ",",   ";",   "\t",           "\"",   "\"\"", "\n", "\r\n",        "\r",  "0",   "1",
        "0.5", "NA",  "N/A",          ".",    "-1",   "2",  "1e309",       "nan", "inf", "0x1",
        " 1 ", ",,,", "\xEF\xBB\xBF", "\xC3", "\0",   "q1", "1.0000000001"};
    char *dir = t_tmpdir();
    char *path = t_path(dir, "mut.csv");
    assay *a = assay_new();
    mbuf m = {0};
    size_t accepted = 0, refused = 0, calibrated = 0;
    for (int k = 0; k < 1500; k++) {
        mb_set(&m, seed.p, seed.n);
        mutate(&r, &m, tokens, sizeof tokens / sizeof *tokens);
        assert_int_equal(t_write_file(path, m.p, m.n), 0);
        assay_calib_opts o;
        assay_calib_opts_init(&o);
        o.id_column = 1;
        o.model = k % 2 ? ASSAY_MODEL_RASCH : ASSAY_MODEL_2PL;
        o.priors = (k / 2) % 2;
        char *js = NULL;
        assay_code rc = assay_calibrate_csv(a, path, &o, &js);
        if (rc != ASSAY_OK) {
            refused++;
            assert_null(js);
            assert_refusal(a, rc, path, &m);
            continue;
        }
        accepted++;
        json_error_t je;
        json_t *j = json_loads(js, 0, &je);
        if (!j)
            fail_msg("report does not parse: %s", je.text);
        size_t i;
        json_t *row;
        json_array_foreach(json_object_get(j, "parameters"), i, row)
        {
            double pa = json_number_value(json_object_get(row, "a"));
            double pd = json_number_value(json_object_get(row, "d"));
            double p = json_number_value(json_object_get(row, "p"));
            if (!isfinite(pa) || !isfinite(pd) || pa <= 0 || !(p >= 0 && p <= 1))
                fail_msg("item %zu: a %g, d %g, p %g", i, pa, pd, p);
            calibrated++;
        }
        json_decref(j);
        assay_string_free(js);
    }
    print_message("csv: %zu accepted (%zu items calibrated), %zu refused\n", accepted, calibrated,
                  refused);
    assert_true(accepted > 100 && refused > 100);
    free(m.p);
    free(seed.p);
    assay_free(a);
    t_rm_rf(dir);
    free(dir);
    free(path);
}

/* ---- stored assessment state ---------------------------------------------------------------- */

/* Answers until the assessment ends: right when the item's level is at most
 * `level`. Returns the number of questions answered. */
static size_t run_to_end(assay_assessment *as, int level)
{
    size_t n = 0;
    for (;;) {
        const assay_question *q = NULL;
        assert_int_equal(assay_assess_next(as, &q), ASSAY_OK);
        if (!q)
            break;
        assert_int_equal(assay_assess_record(as, q->level <= level ? 1.0 : 0.0), ASSAY_OK);
        assert_true(++n <= 200);
    }
    assert_true(assay_assess_done(as));
    return n;
}

/* Structured damage: one value somewhere in the state replaced by another
 * of any type, or removed. Keeps the JSON valid, so the checks behind the
 * parser are what answers. */
static json_t *pick_value(rng *r, json_t *old)
{
    /* half the time a number stays a number, nearby: plausible damage */
    if (json_is_integer(old) && rng_below(r, 2))
        return json_integer(json_integer_value(old) + (json_int_t)rng_below(r, 5) - 2);
    if (json_is_real(old) && rng_below(r, 2))
        return json_real(json_real_value(old) * (0.5 + rng_unit(r)) + 0.2 * rng_unit(r) - 0.1);
    static const double reals[] = {0.5, -0.5, 1e308, -1e308, 7.0, 0.0, 1.0, 1e-300};
    static const long long ints[] = {0, -1, 1, 2, 3, 40, 1000, 9007199254740993LL};
    static const char *const strs[] = {"",
                                       "x",
                                       "glr",
                                       "sprt",
                                       "gain",
                                       "mcq",
                                       "tf",
                                       "5",
                                       "ffffffffffff",
                                       "-1",
                                       "18446744073709551616"};
    switch (rng_below(r, 6)) {
    case 0: return json_real(reals[rng_below(r, sizeof reals / sizeof *reals)]);
    case 1: return json_integer(ints[rng_below(r, sizeof ints / sizeof *ints)]);
    case 2: return json_string(strs[rng_below(r, sizeof strs / sizeof *strs)]);
    case 3: return rng_below(r, 2) ? json_null() : json_true();
    case 4: return json_array();
    default: return json_object();
    }
}

/* Visits the values under j; the n-th (counting down *n) is replaced or removed. */
static int damage_at(rng *r, json_t *j, size_t *n)
{
    if (json_is_object(j)) {
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            if ((*n)-- == 0) {
                if (rng_below(r, 4) == 0)
                    json_object_del(j, key);
                else
                    json_object_set_new(j, key, pick_value(r, v));
                return 1;
            }
            if (damage_at(r, v, n))
                return 1;
        }
    } else if (json_is_array(j)) {
        for (size_t i = 0; i < json_array_size(j); i++) {
            if ((*n)-- == 0) {
                if (rng_below(r, 4) == 0)
                    json_array_remove(j, i);
                else if (rng_below(r, 3) == 0 && i > 0) /* a copy of its neighbour */
                    json_array_set_new(j, i, json_deep_copy(json_array_get(j, i - 1)));
                else
                    json_array_set_new(j, i, pick_value(r, json_array_get(j, i)));
                return 1;
            }
            if (damage_at(r, json_array_get(j, i), n))
                return 1;
        }
    }
    return 0;
}

static size_t count_values(json_t *j)
{
    size_t n = 0;
    if (json_is_object(j)) {
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v) n += 1 + count_values(v);
    } else if (json_is_array(j)) {
        for (size_t i = 0; i < json_array_size(j); i++)
            n += 1 + count_values(json_array_get(j, i));
    }
    return n;
}

static void damage_json(rng *r, mbuf *m, const char *good)
{
    json_t *j = json_loads(good, 0, NULL);
    assert_non_null(j);
    size_t total = count_values(j);
    for (int k = 0, ops = 1 + (int)rng_below(r, 2); k < ops; k++) {
        size_t n = rng_below(r, (uint32_t)total);
        damage_at(r, j, &n);
    }
    char *s = json_dumps(j, JSON_COMPACT);
    assert_non_null(s);
    mb_set(m, s, strlen(s));
    free(s);
    json_decref(j);
}

static void assessment_states(void **state)
{
    (void)state;
    char *dir = t_tmpdir();
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s/robust.db", dir);
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open(url, assay_bundled_kb_name(), &a, &b, &e), 0);
    /* a state with answers in several topics and a question pending */
    assay_assess_spec spec;
    assay_assess_spec_init(&spec);
    spec.seed = 5;
    assay_assessment *as = NULL;
    assert_int_equal(assay_assess_start(a, e, &spec, &as), ASSAY_OK);
    for (int k = 0; k < 20; k++) {
        const assay_question *q = NULL;
        assert_int_equal(assay_assess_next(as, &q), ASSAY_OK);
        assert_non_null(q);
        assert_int_equal(assay_assess_record(as, k % 3 ? 1.0 : k % 2 ? 0.5 : 0.0), ASSAY_OK);
    }
    const assay_question *pending = NULL;
    assert_int_equal(assay_assess_next(as, &pending), ASSAY_OK);
    char *good = assay_assess_state_json(as);
    assert_non_null(good);
    assay_assess_free(as);

    static const char *const tokens[] = {"{",
                                         "}",
                                         "[",
                                         "]",
                                         ",",
                                         ":",
                                         "\"",
                                         "0",
                                         "1",
                                         "-1",
                                         "0.5",
                                         "2",
                                         "1e308",
                                         "-1e308",
                                         "null",
                                         "true",
                                         "false",
                                         "[]",
                                         "{}",
                                         "\"\"",
                                         "\"x\"",
                                         "4294967296",
                                         "18446744073709551616",
                                         "\\u0000",
                                         "\xC3",
                                         "\"steps\":[]",
                                         "\"pending\":null",
                                         "\"item\":\"ffffffffffff\""};
    rng r;
    rng_seed(&r, 11, 5);
    mbuf m = {0};
    size_t accepted = 0, refused = 0;
    for (int k = 0; k < 800; k++) {
        if (k % 2) {
            mb_set(&m, good, strlen(good));
            mutate(&r, &m, tokens, sizeof tokens / sizeof *tokens);
        } else {
            damage_json(&r, &m, good);
        }
        assay_assessment *re = NULL;
        /* the state is a C string: a NUL spliced in ends it there */
        assay_code rc = assay_assess_resume(a, e, m.p, &re);
        if (rc != ASSAY_OK) {
            refused++;
            assert_null(re);
            mbuf upto = {m.p, strlen(m.p), m.cap};
            assert_refusal(a, rc, NULL, &upto);
            continue;
        }
        accepted++;
        /* what was accepted saves what it resumed, and runs to its end */
        char *again = assay_assess_state_json(re);
        assert_non_null(again);
        assay_assessment *re2 = NULL;
        assert_int_equal(assay_assess_resume(a, e, again, &re2), ASSAY_OK);
        char *again2 = assay_assess_state_json(re2);
        assert_string_equal(again, again2);
        run_to_end(re, (int)(k % 5));
        char *prof = assay_assess_profile_json(re);
        assert_non_null(prof);
        json_t *j = json_loads(prof, 0, NULL);
        assert_non_null(j);
        json_decref(j);
        assay_string_free(prof);
        assay_string_free(again);
        assay_string_free(again2);
        assay_assess_free(re2);
        assay_assess_free(re);
    }
    print_message("states: %zu accepted, %zu refused\n", accepted, refused);
    assert_true(accepted > 50 && refused > 50);
    free(m.p);
    assay_string_free(good);
    t_bank_close(a, b, e);
    t_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(documents),
        cmocka_unit_test(csv_tables),
        cmocka_unit_test(assessment_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
