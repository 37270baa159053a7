/* The psychometrics API on a bank: response tables from CSV (with errors by
 * line and column), attempts and responses, calibration on the bank and on a
 * CSV (LSAT7 as mirt fits it), item analysis, the adaptive assessment (bound
 * to an attempt, resumed exactly) and the simulation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/assess_int.h"
#include "assay.h"
#include "irt/csv.h"
#include "support.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA ASSAY_TEST_DATA

typedef struct fx {
    assay *a;
    assay_bank *b;
    assay_engine *e;
    char *dir;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s/psych.db", f->dir);
    *state = f;
    return t_bank_open(url, assay_bundled_kb_name(), &f->a, &f->b, &f->e);
}

static int teardown(void **state)
{
    fx *f = *state;
    t_bank_close(f->a, f->b, f->e);
    t_rm_rf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static json_t *parse(const char *s)
{
    json_error_t e;
    json_t *j = json_loads(s, 0, &e);
    if (!j)
        fail_msg("not JSON: %s", e.text);
    return j;
}

static double num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_number(v))
        fail_msg("no number '%s'", k);
    return json_number_value(v);
}

/* ---- CSV response tables -------------------------------------------------- */

static void csv_accepts_what_spreadsheets_write(void **state)
{
    (void)state;
    /* BOM, CRLF, quoted names with the delimiter and quotes, ';', NA, fractions, blank lines */
    const char *s = "\xEF\xBB\xBFperson;\"q;1\";\"say \"\"hi\"\"\";q3\r\n"
                    "p1;1;0;\r\n"
                    "\r\n"
                    "p2;NA;0.5;1\r\n"
                    "p3; 1 ;.;n/a\r\n";
    resp_table t;
    errinfo e;
    err_clear(&e);
    assert_int_equal(resp_csv_parse("x.csv", s, strlen(s), 1, &t, &e), ASSAY_OK);
    assert_int_equal(t.n_items, 3);
    assert_string_equal(t.items[0], "q;1");
    assert_string_equal(t.items[1], "say \"hi\"");
    assert_int_equal(t.n_persons, 3);
    assert_string_equal(t.persons[1], "p2");
    assert_int_equal(t.n_resp, 5);
    /* p1: q;1 = 1, say = 0; p2: say = 0.5, q3 = 1; p3: q;1 = 1 */
    assert_int_equal(t.start[1] - t.start[0], 2);
    assert_int_equal(t.start[2] - t.start[1], 2);
    assert_true(t.resp[t.start[1]].item == 1 && t.resp[t.start[1]].x == 0.5f);
    assert_int_equal(t.start[3] - t.start[2], 1);
    assert_int_equal(t.line[2], 5);
    resp_table_free(&t);
}

static void expect_csv_error(const char *s, int id_column, long line, long col, const char *msg)
{
    resp_table t;
    errinfo e;
    err_clear(&e);
    assert_int_equal(resp_csv_parse("bad.csv", s, strlen(s), id_column, &t, &e), ASSAY_EINPUT);
    if (e.line != line || e.column != col || !strstr(e.msg, msg))
        fail_msg("%s -> %ld:%ld %s (want %ld:%ld '%s')", s, e.line, e.column, e.msg, line, col,
                 msg);
    assert_string_equal(e.file, "bad.csv");
}

static void csv_errors_name_line_and_column(void **state)
{
    (void)state;
    expect_csv_error("a,b,c\n1,0,1\n0,2,1\n", 0, 3, 2, "item 'b'): '2' is not a score");
    expect_csv_error("a,b,c\n1,0,1\n0,yes,1\n", 0, 3, 2, "'yes'");
    expect_csv_error("a,b,c\n1,0,-1\n", 0, 2, 3, "'-1'");
    expect_csv_error("a,b,c\n1,0,1.5\n", 0, 2, 3, "'1.5'");
    expect_csv_error("a,b,c\n1,0,1,1\n", 0, 2, 4, "more fields than the header's 3");
    expect_csv_error("a,b,c\n1,0\n", 0, 2, 2, "has 2 fields, the header 3");
    expect_csv_error("a,b,a\n1,0,1\n", 0, 1, 3, "repeats the item name 'a' (column 1)");
    expect_csv_error("a,,c\n1,0,1\n", 0, 1, 2, "has no item name");
    expect_csv_error("a,\"b,c\n1,0,1\n", 0, 1, 2, "not closed");
    expect_csv_error("a,b\"x\",c\n", 0, 1, 2, "a quote inside");
    expect_csv_error("a,b,c\n", 0, 2, 0, "no rows of answers");
    expect_csv_error("", 0, 0, 0, "empty");
    expect_csv_error("\n\n", 0, 0, 0, "empty");
    expect_csv_error("id\np1\n", 1, 1, 0, "names no items");
    expect_csv_error("a,b\n1,\xC3\x28\n", 0, 2, 3, "invalid UTF-8");
    expect_csv_error("id,a\np1,0\np2,1,1\n", 1, 3, 3, "more fields");
}

/* ---- calibration of a CSV (LSAT7, as mirt fits it) ----------------------------------- */

static void calibrate_lsat7_csv(void **state)
{
    fx *f = *state;
    assay_calib_opts o;
    assay_calib_opts_init(&o);
    static const double wa[5] = {0.98755, 1.08084, 1.70748, 0.76499, 0.73567};
    static const double wd[5] = {1.85586, 0.80797, 1.80521, 0.48600, 1.85446};
    char *js = NULL;
    assert_int_equal(assay_calibrate_csv(f->a, DATA "/irt/lsat7.csv", &o, &js), ASSAY_OK);
    json_t *j = parse(js);
    assert_int_equal(json_integer_value(json_object_get(j, "persons")), 1000);
    json_t *run = json_object_get(j, "run");
    assert_true(json_is_true(json_object_get(run, "converged")));
    assert_true(fabs(num(run, "loglik") - -2658.805) < 0.01);
    json_t *p = json_object_get(j, "parameters");
    for (size_t i = 0; i < 5; i++) {
        json_t *row = json_array_get(p, i);
        assert_true(fabs(num(row, "a") - wa[i]) < (i == 2 ? 0.003 : 0.002));
        assert_true(fabs(num(row, "d") - wd[i]) < 0.002);
        assert_true(fabs(num(row, "b") + wd[i] / wa[i]) < 0.01);
    }
    json_decref(j);
    assay_string_free(js);
    o.model = ASSAY_MODEL_RASCH;
    assert_int_equal(assay_calibrate_csv(f->a, DATA "/irt/lsat7.csv", &o, &js), ASSAY_OK);
    j = parse(js);
    assert_true(fabs(num(json_object_get(j, "run"), "latent_variance") - 1.0227) < 0.002);
    assert_true(fabs(num(json_array_get(json_object_get(j, "parameters"), 0), "d") - 1.8680) <
                0.002);
    json_decref(j);
    assay_string_free(js);
}

static void calibrate_csv_refuses_what_ml_cannot_place(void **state)
{
    fx *f = *state;
    char *path = t_path(f->dir, "deg.csv");
    const char *s = "a,b,c\n1,1,0\n0,1,1\n1,1,0\n0,1,\n";
    t_write_file(path, s, strlen(s));
    assay_calib_opts o;
    assay_calib_opts_init(&o);
    char *js = NULL;
    assert_int_equal(assay_calibrate_csv(f->a, path, &o, &js), ASSAY_EINPUT);
    const assay_error *e = assay_last_error(f->a);
    assert_int_equal(e->column, 2);
    assert_non_null(strstr(e->message, "only right answers"));
    assert_null(js);
    o.priors = 1;
    assert_int_equal(assay_calibrate_csv(f->a, path, &o, &js), ASSAY_OK);
    json_t *j = parse(js);
    assert_int_equal(json_array_size(json_object_get(j, "warnings")), 1);
    json_decref(j);
    assay_string_free(js);
    assert_int_equal(assay_calibrate_csv(f->a, DATA "/nothing-here.csv", &o, &js), ASSAY_EINPUT);
    o.model = (assay_model)7;
    assert_int_equal(assay_calibrate_csv(f->a, path, &o, &js), ASSAY_EUSAGE);
    free(path);
}

/* ---- attempts and responses --------------------------------------------------------------- */

static const char *item_id(fx *f, size_t i)
{
    return f->e->items[i].id;
}

static size_t attempts_in_bank(fx *f)
{
    char *js = NULL;
    if (assay_analyze(f->b, NULL, NULL, &js) != ASSAY_OK)
        return (size_t)-1;
    json_t *j = parse(js);
    size_t n = (size_t)json_integer_value(json_object_get(j, "attempts"));
    json_decref(j);
    assay_string_free(js);
    return n;
}

static void attempts_and_responses(void **state)
{
    fx *f = *state;
    assay_attempt_spec spec;
    assay_attempt_spec_init(&spec);
    spec.kb = assay_bundled_kb_name();
    spec.person = "kim";
    int64_t id = 0;
    assert_int_equal(assay_attempt_open(f->b, &spec, &id), ASSAY_OK);
    assert_true(id > 0);
    assay_response r;
    assay_response_init(&r);
    r.item_id = item_id(f, 0);
    r.score = 1;
    r.request_id = "abc";
    int dup = -1;
    assert_int_equal(assay_attempt_respond(f->b, id, 1, &r, &dup), ASSAY_OK);
    assert_int_equal(dup, 0);
    assert_int_equal(assay_attempt_respond(f->b, id, 1, &r, &dup), ASSAY_OK); /* a retry */
    assert_int_equal(dup, 1);
    r.request_id = NULL;
    assert_int_equal(assay_attempt_respond(f->b, id, 1, &r, &dup), ASSAY_EINPUT); /* taken */
    r.item_id = "000000000000";
    assert_int_equal(assay_attempt_respond(f->b, id, 2, &r, &dup), ASSAY_ENOTFOUND);
    r.item_id = item_id(f, 1);
    r.score = 1.5;
    assert_int_equal(assay_attempt_respond(f->b, id, 2, &r, &dup), ASSAY_EUSAGE);
    r.score = 0.25;
    assert_int_equal(assay_attempt_respond(f->b, id + 99, 2, &r, &dup), ASSAY_ENOTFOUND);
    assert_int_equal(assay_attempt_respond(f->b, id, 2, &r, NULL), ASSAY_OK);
    assert_int_equal(assay_attempt_finish(f->b, id), ASSAY_OK);
    assert_int_equal(assay_attempt_finish(f->b, id + 99), ASSAY_ENOTFOUND);
    spec.kb = "no-such-kb";
    assert_int_equal(assay_attempt_open(f->b, &spec, &id), ASSAY_ENOTFOUND);
    assert_int_equal(attempts_in_bank(f), 1);

    /* a whole attempt at once, or nothing when one answer is bad */
    spec.kb = assay_bundled_kb_name();
    spec.form = "form-1";
    assay_response rs[3];
    for (int i = 0; i < 3; i++) {
        assay_response_init(&rs[i]);
        rs[i].item_id = item_id(f, (size_t)i);
        rs[i].score = i % 2;
    }
    rs[2].item_id = "000000000000";
    assert_int_equal(assay_attempt_record(f->b, &spec, rs, 3, &id), ASSAY_ENOTFOUND);
    assert_int_equal(attempts_in_bank(f), 1);
    rs[2].item_id = item_id(f, 2);
    assert_int_equal(assay_attempt_record(f->b, &spec, rs, 3, &id), ASSAY_OK);
    assert_int_equal(attempts_in_bank(f), 2);
}

/* ---- the adaptive assessment ---------------------------------------------------------------- */

/* Answers the pending question right when `right`, else wrong. */
static void answer(fx *f, assay_assessment *as, int right)
{
    const assay_question *q = NULL;
    assert_int_equal(assay_assess_next(as, &q), ASSAY_OK);
    assert_non_null(q);
    assert_int_equal(q->type, ASSAY_Q_MCQ);
    assay_answer ans = ASSAY_ANSWER_INIT;
    ans.choice = right ? q->key : (q->key + 1) % (int)q->n_options;
    assay_grade *g = NULL;
    assert_int_equal(assay_assess_answer(as, &ans, &g), ASSAY_OK);
    assert_true(g->score == (right ? 1.0 : 0.0));
    assay_grade_free(g);
    (void)f;
}

static void assessment_resumes_exactly(void **state)
{
    fx *f = *state;
    assay_assess_spec spec;
    assay_assess_spec_init(&spec);
    spec.seed = 42;
    spec.max_items = 20;
    assay_assessment *as = NULL, *re = NULL;
    assert_int_equal(assay_assess_start(f->a, f->e, &spec, &as), ASSAY_OK);
    assay_attempt_spec aspec;
    assay_attempt_spec_init(&aspec);
    aspec.kb = assay_bundled_kb_name();
    aspec.kind = ASSAY_ATTEMPT_ASSESSMENT;
    int64_t id;
    assert_int_equal(assay_attempt_open(f->b, &aspec, &id), ASSAY_OK);
    answer(f, as, 1);
    assert_int_equal(assay_assess_bind(as, f->b, id), ASSAY_OK); /* stores the first answer */
    for (int i = 1; i < 7; i++)
        answer(f, as, i % 3 != 0);
    const assay_question *q1 = NULL, *q2 = NULL;
    assert_int_equal(assay_assess_next(as, &q1), ASSAY_OK); /* pending */

    /* the state stored with the attempt resumes to the same pending question */
    arena mem;
    arena_init(&mem, 0);
    store_attempt *row = NULL;
    errinfo e;
    err_clear(&e);
    assert_int_equal(store_attempt_get(f->b->s, id, &mem, &row, &e), ASSAY_OK);
    assert_non_null(row);
    assert_false(row->finished);
    assert_int_equal(assay_assess_resume(f->a, f->e, row->state_json, &re), ASSAY_OK);
    assert_int_equal(assay_assess_answered(re), 7);
    assert_int_equal(assay_assess_next(re, &q2), ASSAY_OK);
    assert_string_equal(q1->item_id, q2->item_id);
    assert_string_equal(q1->prompt, q2->prompt);
    assert_int_equal(q1->key, q2->key);
    for (size_t k = 0; k < q1->n_options; k++)
        assert_string_equal(q1->options[k], q2->options[k]);
    char *s1 = assay_assess_state_json(as), *s2 = assay_assess_state_json(re);
    assert_string_equal(s1, s2);
    assay_string_free(s1);
    assay_string_free(s2);

    /* both go on identically to the end */
    for (;;) {
        const assay_question *a1 = NULL, *a2 = NULL;
        assert_int_equal(assay_assess_next(as, &a1), ASSAY_OK);
        assert_int_equal(assay_assess_next(re, &a2), ASSAY_OK);
        assert_true((a1 == NULL) == (a2 == NULL));
        if (!a1)
            break;
        assert_string_equal(a1->item_id, a2->item_id);
        assay_answer ans = ASSAY_ANSWER_INIT;
        ans.choice = a1->key;
        assert_int_equal(assay_assess_answer(as, &ans, NULL), ASSAY_OK);
        assert_int_equal(assay_assess_record(re, 1.0), ASSAY_OK);
    }
    const assay_profile *p1 = assay_assess_profile(as), *p2 = assay_assess_profile(re);
    assert_true(p1->done && p2->done);
    assert_int_equal(p1->answered, p2->answered);
    assert_true(p1->answered <= 20);
    assert_int_equal(p1->n_topics, 15);
    assert_int_equal(p1->n_levels, 4);
    int unvisited = 0;
    for (size_t t = 0; t < p1->n_topics; t++) {
        const assay_topic_level *a = &p1->topics[t], *b = &p2->topics[t];
        assert_true(a->ability.eap == b->ability.eap);
        double sum = 0;
        for (int l = 0; l < 4; l++)
            sum += a->probs[l];
        assert_true(fabs(sum - 1) < 1e-9);
        assert_true(a->level >= 1 && a->level <= 4);
        assert_true(a->level_prob == a->probs[a->level - 1]);
        /* every topic visited that has a multiple-choice question to ask
         * (the assessment's default type): an unvisited one has none */
        if (a->answered == 0) {
            char num[16];
            snprintf(num, sizeof num, "%d", a->topic_number);
            const char *const topics[] = {num};
            assay_quiz_spec qs;
            assay_quiz_spec_init(&qs);
            qs.topics = topics;
            qs.n_topics = 1;
            qs.types = ASSAY_Q_MCQ;
            qs.count = 20;
            assay_quiz *qz = NULL;
            assert_int_equal(assay_quiz_generate(f->a, f->e, &qs, &qz), ASSAY_ENOTFOUND);
            unvisited++;
        }
    }
    /* the bundled bank: 서비스 메시 has no item that multiple choice can ask
     * without an option eliminated without knowledge (its eBPF item's only
     * lure was the cache-warming answer); the others are all visited */
    assert_true(unvisited <= 1);
    /* the attempt is finished and holds every answer */
    assert_int_equal(store_attempt_get(f->b->s, id, &mem, &row, &e), ASSAY_OK);
    assert_true(row->finished);
    store_response *rows;
    size_t n;
    assert_int_equal(store_response_list(f->b->s, 1, &mem, &rows, &n, &e), ASSAY_OK);
    assert_int_equal(n, p1->answered);
    assert_int_equal(rows[0].qtype, ASSAY_Q_MCQ);
    assert_non_null(rows[1].options_json);
    assert_true(rows[1].choice >= 0 && rows[1].key >= 0);
    char *pj = assay_assess_profile_json(as);
    json_t *j = parse(pj);
    assert_int_equal(json_array_size(json_object_get(j, "topics")), 15);
    assert_true(json_is_true(json_object_get(j, "done")));
    json_decref(j);
    assay_string_free(pj);
    arena_free(&mem);
    assay_assess_free(re);
    assay_assess_free(as);
}

static void assessment_refuses_bad_use(void **state)
{
    fx *f = *state;
    assay_assessment *as = NULL;
    assay_assess_spec spec;
    assay_assess_spec_init(&spec);
    spec.options = 9;
    assert_int_equal(assay_assess_start(f->a, f->e, &spec, &as), ASSAY_EUSAGE);
    assay_assess_spec_init(&spec);
    double cuts[2] = {1, 0};
    spec.cuts = cuts;
    spec.n_cuts = 2;
    assert_int_equal(assay_assess_start(f->a, f->e, &spec, &as), ASSAY_EUSAGE);
    assay_assess_spec_init(&spec);
    const char *topics[] = {"no such topic"};
    spec.topics = topics;
    spec.n_topics = 1;
    assert_int_equal(assay_assess_start(f->a, f->e, &spec, &as), ASSAY_ENOTFOUND);
    topics[0] = "3";
    assert_int_equal(assay_assess_start(f->a, f->e, &spec, &as), ASSAY_OK);
    assert_int_equal(assay_assess_record(as, 1), ASSAY_EUSAGE); /* nothing asked yet */
    const assay_question *q;
    assert_int_equal(assay_assess_next(as, &q), ASSAY_OK);
    assert_string_equal(q->topic, "메시지 큐");
    assert_int_equal(assay_assess_record(as, 2), ASSAY_EUSAGE);
    assert_int_equal(assay_assess_bind(as, f->b, 12345), ASSAY_ENOTFOUND);
    const assay_profile *p = assay_assess_profile(as);
    assert_int_equal(p->n_topics, 1);
    assay_assess_free(as);

    assay_assessment *re = NULL;
    assert_int_equal(assay_assess_resume(f->a, f->e, "not json", &re), ASSAY_EINPUT);
    assert_int_equal(assay_assess_resume(f->a, f->e, "{\"version\": 9}", &re), ASSAY_EINPUT);
    assert_int_equal(assay_assess_resume(f->a, f->e, NULL, &re), ASSAY_EINPUT);
    assert_null(re);
    /* a state whose answered item the bank no longer has */
    assay_assess_spec_init(&spec);
    assert_int_equal(assay_assess_start(f->a, f->e, &spec, &as), ASSAY_OK);
    answer(f, as, 1);
    char *s = assay_assess_state_json(as);
    char *at = strstr(s, "\"steps\":[{\"item\":\"");
    assert_non_null(at);
    memcpy(at + strlen("\"steps\":[{\"item\":\""), "ffffffffffff", 12);
    assert_int_equal(assay_assess_resume(f->a, f->e, s, &re), ASSAY_EINPUT);
    assert_non_null(strstr(assay_last_error(f->a)->message, "ffffffffffff"));
    assay_string_free(s);
    assay_assess_free(as);
}

/* ---- simulation, item analysis, calibration on the bank ------------------------------------ */

static void simulate_then_analyze_and_calibrate(void **state)
{
    fx *f = *state;
    char *js = NULL;
    assay_calib_opts co;
    assay_calib_opts_init(&co);
    assert_int_equal(assay_calibrate(f->b, NULL, &co, &js), ASSAY_ENOTFOUND); /* no answers */

    assay_sim_opts o;
    assay_sim_opts_init(&o);
    o.examinees = 60;
    o.max_items = 30;
    o.seed = 9;
    assert_int_equal(assay_simulate(f->a, f->e, f->b, &o, &js), ASSAY_OK);
    json_t *j = parse(js);
    assert_int_equal(json_integer_value(json_object_get(j, "topics")), 15);
    json_t *d = json_object_get(j, "designs");
    assert_int_equal(json_array_size(json_object_get(d, "adaptive")), 6);
    assert_int_equal(json_array_size(json_object_get(d, "random_form")), 6);
    json_t *last = json_array_get(json_object_get(d, "adaptive"), 5);
    assert_true(num(last, "mean_items") <= 30);
    assert_true(num(last, "accuracy") > 0.3 && num(last, "accuracy") <= 1);
    json_t *rf = json_array_get(json_object_get(d, "random_form"), 5);
    assert_true(num(rf, "mean_items") == 30);
    assert_int_equal(json_array_size(json_object_get(j, "comparison")), 2);
    json_t *st = json_object_get(j, "stored");
    assert_int_equal(json_integer_value(json_object_get(st, "attempts")), 120);
    json_decref(j);
    /* the same seed gives the same report */
    o.store = 0;
    char *js2 = NULL, *js3 = NULL;
    assert_int_equal(assay_simulate(f->a, f->e, f->b, &o, &js2), ASSAY_OK);
    assert_int_equal(assay_simulate(f->a, f->e, f->b, &o, &js3), ASSAY_OK);
    assert_string_equal(js2, js3);
    assay_string_free(js);
    assay_string_free(js2);
    assay_string_free(js3);

    /* item analysis of the stored answers: one random form, 60 attempts */
    assert_int_equal(assay_analyze(f->b, NULL, NULL, &js), ASSAY_OK);
    j = parse(js);
    assert_int_equal(json_integer_value(json_object_get(j, "attempts")), 120);
    assert_int_equal(json_integer_value(json_object_get(j, "simulated_attempts")), 120);
    json_t *forms = json_object_get(j, "forms");
    assert_int_equal(json_array_size(forms), 1);
    json_t *form = json_array_get(forms, 0);
    assert_int_equal(json_integer_value(json_object_get(form, "attempts")), 60);
    assert_int_equal(json_integer_value(json_object_get(form, "questions")), 30);
    assert_true(num(form, "alpha") > 0 && num(form, "alpha") < 1);
    size_t i, with_options = 0, fixed = 0;
    json_t *row;
    json_array_foreach(json_object_get(j, "items"), i, row)
    {
        if (num(row, "n") <= 0)
            continue;
        fixed++;
        assert_true(num(row, "n") == 60);
        /* 1/4 for 4 options; a question its topic could fill with 3 only
         * (gen/quiz.c) guesses 1/3 */
        double g = num(row, "random_guess");
        assert_true(g == 0.25 || (g > 0.3333 && g < 0.3334));
        json_t *opts = json_object_get(row, "options");
        size_t no = json_array_size(opts);
        if (no == 4 || no == 3) {
            with_options++;
            double shown = 0, chosen = 0;
            size_t k;
            json_t *op;
            int keys = 0;
            json_array_foreach(opts, k, op)
            {
                shown += num(op, "shown");
                chosen += num(op, "chosen");
                keys += json_is_true(json_object_get(op, "key"));
            }
            assert_int_equal(keys, 1);
            assert_true(shown == 60.0 * (double)no && chosen == 60);
        }
    }
    assert_int_equal(fixed, 30);
    assert_int_equal(with_options, 30);
    json_decref(j);
    assay_string_free(js);
    assay_analyze_opts ao;
    assay_analyze_opts_init(&ao);
    ao.real_only = 1;
    assert_int_equal(assay_analyze(f->b, NULL, &ao, &js), ASSAY_OK);
    j = parse(js);
    assert_int_equal(json_integer_value(json_object_get(j, "attempts")), 0);
    json_decref(j);
    assay_string_free(js);

    /* calibration stores parameters; an engine opened afterwards uses them */
    assert_int_equal(assay_calibrate(f->b, NULL, &co, &js), ASSAY_OK);
    j = parse(js);
    json_t *run = json_object_get(j, "run");
    assert_true(json_is_true(json_object_get(run, "converged")));
    assert_int_equal(json_integer_value(json_object_get(j, "persons")), 120);
    size_t unanswered = 0;
    json_array_foreach(json_object_get(j, "parameters"), i, row)
    {
        if (num(row, "n") > 0)
            continue;
        unanswered++; /* these sit on their priors */
        assert_true(fabs(num(row, "b") - num(row, "prior_b")) < 1e-6);
        assert_true(fabs(num(row, "a") - 1) < 1e-6);
    }
    assert_true(unanswered > 0);
    json_decref(j);
    assay_string_free(js);
    assay_engine *e2 = NULL;
    assert_int_equal(assay_engine_open(f->b, assay_bundled_kb_name(), &e2), ASSAY_OK);
    size_t calibrated = 0, moved = 0;
    for (size_t k = 0; k < e2->n_items; k++) {
        calibrated += e2->items[k].calibrated != 0;
        moved += e2->items[k].irt_n > 0 && fabs(e2->items[k].irt_a - 1) > 1e-3;
        /* only items with enough answers have stored parameters */
        assert_int_equal(e2->items[k].calibrated != 0, e2->items[k].irt_n >= 20);
    }
    assert_true(calibrated > 0 && calibrated < e2->n_items);
    assert_true(moved > 0);
    assay_engine_free(e2);
    co.real_only = 1;
    assert_int_equal(assay_calibrate(f->b, NULL, &co, &js), ASSAY_ENOTFOUND);
    assert_non_null(strstr(assay_last_error(f->a)->message, "apart from simulated"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_accepts_what_spreadsheets_write),
        cmocka_unit_test(csv_errors_name_line_and_column),
        T(calibrate_lsat7_csv),
        T(calibrate_csv_refuses_what_ml_cannot_place),
        T(attempts_and_responses),
        T(assessment_resumes_exactly),
        T(assessment_refuses_bad_use),
        T(simulate_then_analyze_and_calibrate),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
