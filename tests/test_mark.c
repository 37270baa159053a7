/* Human review of free-text grades: the answers that need review are listed
 * (and only those, unless all), a mark is stored with who and when beside
 * the automatic score, a second mark replaces the first and both stay in the
 * history, bad marks store nothing, item analysis and calibration use the
 * mark, and `assay mark` lists, marks and refuses with its exit statuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "support.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 INT64_C(1764547200) /* 2025-12-01T00:00:00Z */

/* A long, fluent answer about something else: little overlap, so the
 * grader cannot be sure (it may be right in other words). */
#define UNSURE                                                                                                                    \
    "제가 알기로는 이것은 여러 사람이 함께 일하는 방식과 관련이 있으며 팀마다 서로 다른 "      \
    "용어를 쓰기 때문에 생기는 혼란을 줄이려고 문서를 자주 나누어 읽고 정리하는 습관이라고 " \
    "생각합니다"

typedef struct fx {
    char *dir;
    char url[600];
    assay *a;
    assay_bank *b;
    assay_engine *e;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    snprintf(f->url, sizeof f->url, "sqlite:%s/m.db", f->dir);
    *state = f;
    return t_bank_open(f->url, assay_bundled_kb_name(), &f->a, &f->b, &f->e);
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

/* A quiz of `count` questions of `types` for kim: the first answered with
 * UNSURE (or a wrong option), the others with the reference. Returns the attempt. */
static int64_t take_quiz(fx *f, unsigned types, size_t count, uint64_t seed)
{
    assay_session_spec sp;
    assay_session_spec_init(&sp);
    sp.kind = ASSAY_ATTEMPT_QUIZ;
    sp.user = "kim";
    sp.count = count;
    sp.seed = seed;
    sp.types = types;
    sp.now = T0;
    assay_session *s = NULL;
    if (assay_session_start(f->a, f->b, f->e, &sp, &s) != ASSAY_OK)
        fail_msg("start: %s", assay_errmsg(f->a));
    const assay_question *q;
    for (size_t k = 0;; k++) {
        assert_int_equal(assay_session_current(s, &q), ASSAY_OK);
        if (!q)
            break;
        assay_answer ans = ASSAY_ANSWER_INIT;
        if (q->type == ASSAY_Q_MCQ || (q->type == ASSAY_Q_SCENARIO && q->n_options))
            ans.choice = (q->key + 1) % (int)q->n_options;
        else
            ans.text = k == 0 ? UNSURE : q->answer;
        const assay_feedback *fb;
        if (assay_session_submit(s, &ans, NULL, &fb) != ASSAY_OK)
            fail_msg("submit: %s", assay_errmsg(f->a));
    }
    int64_t id = assay_session_attempt(s);
    assert_int_equal(assay_session_finish(s), ASSAY_OK);
    assay_session_free(s);
    return id;
}

static assay_list *marking(fx *f, int all, int64_t attempt)
{
    assay_marking_filter mf;
    assay_marking_filter_init(&mf);
    mf.all = all;
    mf.attempt = attempt;
    assay_list *l = NULL;
    if (assay_bank_marking(f->b, &mf, &l) != ASSAY_OK)
        fail_msg("marking: %s", assay_errmsg(f->a));
    return l;
}

static size_t marks_of(fx *f, int64_t attempt, int position)
{
    assay_list *h = NULL;
    assert_int_equal(assay_bank_marks(f->b, attempt, position, &h), ASSAY_OK);
    size_t n = assay_list_count(h);
    assay_list_free(h);
    return n;
}

static void answers_needing_review_are_listed_and_marked(void **state)
{
    fx *f = *state;
    int64_t at = take_quiz(f, ASSAY_Q_SHORT, 4, 7);
    assay_list *all = marking(f, 1, at), *need = marking(f, 0, 0);
    assert_int_equal(assay_list_count(all), 4);
    /* the default list is exactly the answers whose grade asks for review */
    size_t flagged = 0;
    for (size_t i = 0; i < assay_list_count(all); i++) {
        const assay_marking_info *m = assay_list_marking(all, i);
        assert_true(m->confidence >= 0 && m->confidence <= 1);
        assert_true(m->mark < 0 && m->marks == 0 && m->marked_by == NULL);
        assert_string_equal(m->user, "kim");
        assert_true(*m->question && *m->reference && *m->answer);
        flagged += m->needs_review != 0;
        assert_true(m->needs_review ? *m->why != '\0' : *m->why == '\0');
    }
    assert_int_equal(assay_list_count(need), flagged);
    assert_true(flagged >= 1); /* the UNSURE answer */
    const assay_marking_info *first = assay_list_marking(need, 0);
    assert_int_equal(first->attempt, at);
    assert_int_equal(first->position, 1);
    assert_string_equal(first->answer, UNSURE);
    double auto_score = first->auto_score;
    assert_true(auto_score < 0.3);
    assay_list_free(need);
    assay_list_free(all);

    /* marked: out of the default list; the automatic score is kept */
    assay_mark_spec ms;
    assay_mark_spec_init(&ms);
    ms.attempt = at;
    ms.position = 1;
    ms.score = 0.8;
    ms.by = "lee";
    ms.note = "다른 말로 맞음";
    ms.now = T0 + 60;
    int64_t id1 = 0, id2 = 0;
    assert_int_equal(assay_mark(f->b, &ms, &id1), ASSAY_OK);
    assert_true(id1 > 0);
    need = marking(f, 0, at);
    assert_int_equal(assay_list_count(need), flagged - 1);
    assay_list_free(need);
    all = marking(f, 1, at);
    const assay_marking_info *m = assay_list_marking(all, 0);
    assert_true(fabs(m->mark - 0.8) < 1e-9);
    assert_true(m->auto_score == auto_score);
    assert_int_equal(m->marks, 1);
    assert_string_equal(m->marked_by, "lee");
    assert_string_equal(m->note, "다른 말로 맞음");
    assert_int_equal(m->marked_at, T0 + 60);
    assay_list_free(all);

    /* a second mark replaces the first; the history keeps both, oldest first */
    ms.score = 0.6;
    ms.by = "park";
    ms.note = NULL;
    ms.now = T0 + 120;
    assert_int_equal(assay_mark(f->b, &ms, &id2), ASSAY_OK);
    assert_true(id2 > id1);
    all = marking(f, 1, at);
    m = assay_list_marking(all, 0);
    assert_true(fabs(m->mark - 0.6) < 1e-9);
    assert_int_equal(m->marks, 2);
    assert_string_equal(m->marked_by, "park");
    assert_null(m->note);
    assay_list_free(all);
    assay_list *h = NULL;
    assert_int_equal(assay_bank_marks(f->b, at, 1, &h), ASSAY_OK);
    assert_int_equal(assay_list_count(h), 2);
    assert_string_equal(assay_list_mark(h, 0)->by, "lee");
    assert_true(fabs(assay_list_mark(h, 0)->score - 0.8) < 1e-9);
    assert_string_equal(assay_list_mark(h, 1)->by, "park");
    assert_null(assay_list_mark(h, 2));
    assert_null(assay_list_marking(h, 0)); /* the wrong getter */
    assay_list_free(h);

    /* the filters: another person, another topic */
    assay_marking_filter mf;
    assay_marking_filter_init(&mf);
    mf.all = 1;
    mf.user = "nobody";
    assay_list *l = NULL;
    assert_int_equal(assay_bank_marking(f->b, &mf, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 0);
    assay_list_free(l);
    mf.user = NULL;
    mf.kb = "no-such-kb";
    assert_int_equal(assay_bank_marking(f->b, &mf, &l), ASSAY_ENOTFOUND);
    assert_null(l);
}

static void bad_marks_store_nothing(void **state)
{
    fx *f = *state;
    int64_t at = take_quiz(f, ASSAY_Q_SHORT, 2, 3);
    int64_t mcq = take_quiz(f, ASSAY_Q_MCQ, 1, 3);
    assay_mark_spec ms;
    assay_mark_spec_init(&ms);
    ms.attempt = at;
    ms.position = 1;
    ms.by = "lee";
    const double bad_scores[] = {-0.1, 1.5, NAN};
    for (size_t i = 0; i < 3; i++) {
        ms.score = bad_scores[i];
        assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_EUSAGE);
        assert_string_equal(assay_last_error(f->a)->param, "score");
    }
    ms.score = 1;
    ms.by = "";
    assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_EUSAGE);
    assert_string_equal(assay_last_error(f->a)->param, "by");
    ms.by = "lee";
    ms.note = "\xff\xfe";
    assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_EINPUT);
    assert_string_equal(assay_last_error(f->a)->param, "note");
    ms.note = NULL;
    ms.position = 99;
    assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_ENOTFOUND);
    ms.attempt = 999;
    ms.position = 1;
    assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_ENOTFOUND);
    /* a multiple-choice answer is not marked */
    ms.attempt = mcq;
    assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_EINPUT);
    assert_non_null(strstr(assay_errmsg(f->a), "not free text"));
    assert_int_equal(marks_of(f, at, 1), 0);
    assert_int_equal(marks_of(f, mcq, 1), 0);
    /* an older caller's struct_size is taken; a wrong one is refused */
    ms.struct_size = 0;
    assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_EUSAGE);
    assert_string_equal(assay_last_error(f->a)->param, "struct_size");
    assert_int_equal(marks_of(f, at, 1), 0);
}

/* ---- measurement uses the mark ---- */

static double item_field(const char *js, const char *item, const char *field)
{
    json_t *j = json_loads(js, 0, NULL);
    assert_non_null(j);
    json_t *items = json_object_get(j, "items");
    if (!json_is_array(items))
        items = json_object_get(j, "parameters");
    double v = NAN;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "item")), item) == 0)
            v = json_number_value(json_object_get(it, field));
    }
    json_decref(j);
    return v;
}

static double top_field(const char *js, const char *a, const char *b)
{
    json_t *j = json_loads(js, 0, NULL);
    assert_non_null(j);
    json_t *v = json_object_get(j, a);
    if (b)
        v = json_object_get(v, b);
    double r = json_number_value(v);
    json_decref(j);
    return r;
}

static void a_mark_changes_item_analysis_and_calibration(void **state)
{
    fx *f = *state;
    assay_list *items = NULL;
    assert_int_equal(assay_bank_items(f->b, NULL, &items), ASSAY_OK);
    assert_true(assay_list_count(items) >= 2);
    const char *ia = assay_list_item(items, 0)->id, *ib = assay_list_item(items, 1)->id;
    /* three fixed-form attempts; everyone scores 0 on item a, 1 on item b */
    int64_t first = 0;
    for (int p = 0; p < 3; p++) {
        assay_attempt_spec sp;
        assay_attempt_spec_init(&sp);
        sp.kb = assay_bundled_kb_name();
        sp.person = p == 0 ? "kim" : p == 1 ? "lee" : "park";
        sp.form = "form-1";
        assay_response r[2];
        for (int k = 0; k < 2; k++) {
            assay_response_init(&r[k]);
            r[k].item_id = k ? ib : ia;
            r[k].type = ASSAY_Q_SHORT;
            r[k].score = k ? 1 : 0;
            r[k].answer = k ? "맞는 답" : "다른 말로 쓴 맞는 답";
        }
        int64_t id = 0;
        if (assay_attempt_record(f->b, &sp, r, 2, &id) != ASSAY_OK)
            fail_msg("record: %s", assay_errmsg(f->a));
        if (!first)
            first = id;
    }
    char *before = NULL, *after = NULL, *cal_before = NULL, *cal_after = NULL;
    assert_int_equal(assay_analyze(f->b, NULL, NULL, &before), ASSAY_OK);
    assert_int_equal(assay_calibrate(f->b, NULL, NULL, &cal_before), ASSAY_OK);
    assert_true(item_field(before, ia, "facility") == 0);
    assert_true(top_field(before, "marked_responses", NULL) == 0);

    /* recorded without a stored grade: listed with all, not as needing review */
    assay_list *l = marking(f, 1, first);
    assert_int_equal(assay_list_count(l), 2);
    assert_true(assay_list_marking(l, 0)->confidence < 0);
    assay_list_free(l);
    l = marking(f, 0, first);
    assert_int_equal(assay_list_count(l), 0);
    assay_list_free(l);

    assay_mark_spec ms;
    assay_mark_spec_init(&ms);
    ms.attempt = first;
    ms.position = 1;
    ms.score = 1;
    ms.by = "assessor";
    assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_OK);
    assert_int_equal(assay_analyze(f->b, NULL, NULL, &after), ASSAY_OK);
    assert_int_equal(assay_calibrate(f->b, NULL, NULL, &cal_after), ASSAY_OK);
    /* the item's facility is the mean of its scores: 1/3 with the mark */
    assert_true(fabs(item_field(after, ia, "facility") - 1.0 / 3.0) < 1e-6);
    assert_true(item_field(after, ib, "facility") == 1);
    assert_true(top_field(after, "marked_responses", NULL) == 1);
    assert_true(top_field(cal_after, "marked_responses", NULL) == 1);
    /* the calibration's input changed: its likelihood and item a's intercept with it */
    assert_true(top_field(cal_before, "run", "loglik") != top_field(cal_after, "run", "loglik"));
    assert_true(item_field(cal_after, ia, "d") > item_field(cal_before, ia, "d"));
    assay_string_free(before);
    assay_string_free(after);
    assay_string_free(cal_before);
    assay_string_free(cal_after);
    assay_list_free(items);
}

/* ---- reports use the mark ---- */

/* kim's report as JSON: whether item is among the wrong ones, and the first
 * attempt's mean score. */
static int report_wrong(fx *f, const char *item, double *score)
{
    assay_report_spec rs;
    assay_report_spec_init(&rs);
    const char *users[] = {"kim"};
    rs.users = users;
    rs.n_users = 1;
    rs.format = "json";
    rs.now = T0 + 3600;
    char *out = NULL;
    if (assay_report(f->a, f->b, f->e, &rs, &out, NULL) != ASSAY_OK)
        fail_msg("report: %s", assay_errmsg(f->a));
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    json_t *p = json_array_get(json_object_get(j, "persons"), 0);
    int wrong = 0;
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(p, "wrong"), i, w)
    {
        wrong |= strcmp(json_string_value(json_object_get(w, "item")), item) == 0;
    }
    *score = json_number_value(
        json_object_get(json_array_get(json_object_get(p, "attempts"), 0), "score"));
    json_decref(j);
    assay_string_free(out);
    return wrong;
}

static void a_report_uses_the_mark(void **state)
{
    fx *f = *state;
    int64_t at = take_quiz(f, ASSAY_Q_SHORT, 2, 5);
    assay_list *l = marking(f, 1, at);
    const assay_marking_info *m = assay_list_marking(l, 0);
    assert_int_equal(m->position, 1);
    assert_true(m->auto_score < 0.7);
    char item[64];
    snprintf(item, sizeof item, "%s", m->item_id);
    assay_list_free(l);
    double before = 0, after = 0;
    assert_true(report_wrong(f, item, &before));
    assay_mark_spec ms;
    assay_mark_spec_init(&ms);
    ms.attempt = at;
    ms.position = 1;
    ms.score = 1;
    ms.by = "lee";
    assert_int_equal(assay_mark(f->b, &ms, NULL), ASSAY_OK);
    assert_false(report_wrong(f, item, &after));
    assert_true(after > before);
}

/* ---- the CLI ---- */

static t_run run_cli(fx *f, const char *const *args)
{
    const char *argv[16] = {ASSAY_BIN, "mark", "--db", f->url + 7};
    size_t n = 4;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    t_run r;
    assert_int_equal(t_exec(argv, (const char *const[]){"LANGUAGE=en", NULL}, NULL, &r), 0);
    return r;
}

static void the_cli_lists_marks_and_refuses(void **state)
{
    fx *f = *state;
    int64_t at = take_quiz(f, ASSAY_Q_SHORT, 2, 9);
    char resp[48];
    snprintf(resp, sizeof resp, "%lld:1", (long long)at);
    /* close this process's handles: the CLI writes the bank */
    t_bank_close(f->a, f->b, f->e);
    f->a = NULL, f->b = NULL, f->e = NULL;

    t_run r = run_cli(f, (const char *const[]){"--json", NULL});
    assert_int_equal(r.status, 0);
    json_t *j = json_loads(r.out, JSON_DISABLE_EOF_CHECK, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "response")), resp);
    assert_true(json_is_true(json_object_get(j, "needs_review")));
    assert_true(json_is_null(json_object_get(j, "mark")));
    json_decref(j);
    t_run_free(&r);

    const char *hash = t_file_hash(f->url + 7);
    char before[80];
    snprintf(before, sizeof before, "%s", hash);
    /* usage errors (1), not found or not free text (2): nothing stored */
    const struct {
        const char *score, *by, *response;
        int status;
    } bad[] = {{"1.5", "lee", resp, 1}, {"abc", "lee", resp, 1},    {"0.5", NULL, resp, 1},
               {"0.5", "lee", "12", 1}, {"0.5", "lee", "999:1", 2}, {"0.5", "lee", "1:99", 2}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[8] = {bad[i].response, "--score", bad[i].score, NULL, NULL, NULL};
        if (bad[i].by) {
            args[3] = "--by";
            args[4] = bad[i].by;
        }
        r = run_cli(f, args);
        assert_int_equal(r.status, bad[i].status);
        assert_non_null(strstr(r.err, "error"));
        t_run_free(&r);
    }
    /* a read (the list) and refusals leave the file's bytes as they were */
    r = run_cli(f, (const char *const[]){"--all", NULL});
    t_run_free(&r);
    assert_string_equal(t_file_hash(f->url + 7), before);

    r = run_cli(f, (const char *const[]){resp, "--score", "4/5", "--by", "lee", "--json", NULL});
    assert_int_equal(r.status, 0);
    j = json_loads(r.out, 0, NULL);
    assert_non_null(j);
    assert_true(fabs(json_number_value(json_object_get(j, "mark")) - 0.8) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(j, "marked_by")), "lee");
    json_decref(j);
    t_run_free(&r);
    r = run_cli(f, (const char *const[]){resp, "--score", "50%", "--by", "park", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "replaces the earlier mark"));
    t_run_free(&r);
    r = run_cli(f, (const char *const[]){resp, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "* 0.50  park"));
    assert_non_null(strstr(r.out, "0.80  lee"));
    t_run_free(&r);
    /* the marked answer has left the list of answers needing review */
    r = run_cli(f, (const char *const[]){"--json", NULL});
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, resp));
    t_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(answers_needing_review_are_listed_and_marked, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(bad_marks_store_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(a_mark_changes_item_analysis_and_calibration, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_report_uses_the_mark, setup, teardown),
        cmocka_unit_test_setup_teardown(the_cli_lists_marks_and_refuses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
