/*
 * Input and measurement faults (issues 15 and 8): the real `assay` binary and
 * the library given damaged, degenerate, ambiguous or oversized input, and
 * outputs that cannot be written. Each test asserts the documented status and
 * a message that names what is wrong; each failed on the code before its fix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "grade/grade.h"
#include "irt/calib.h"
#include "support.h"

#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DATA      ASSAY_TEST_DATA
#define CANONICAL DATA "/kb/canonical.md"

typedef struct fx {
    char *dir;
    char *db;
    char env_db[4200];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->db = t_path(f->dir, "in.db");
    snprintf(f->env_db, sizeof f->env_db, "ASSAY_DB=sqlite:%s", f->db);
    *state = f;
    return f->dir ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    t_rm_rf(f->dir);
    free(f->db);
    free(f->dir);
    free(f);
    return 0;
}

/* Runs assay with args (NULL-terminated) against the fixture's database. */
static t_run run_in(const char *stdin_data, fx *f, ...)
{
    const char *argv[40] = {ASSAY_BIN};
    size_t n = 1;
    va_list ap;
    va_start(ap, f);
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 39)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    const char *env[] = {f->env_db, "NO_COLOR", "TERM=xterm", NULL};
    t_run r;
    assert_int_equal(t_exec(argv, env, stdin_data, &r), 0);
    return r;
}

#define RUN(...)    run_in(NULL, __VA_ARGS__, (const char *)NULL)
#define RUN_IN(...) run_in(__VA_ARGS__, (const char *)NULL)

static void expect(t_run *r, int status, const char *in_err)
{
    if (r->status != status || (in_err && !strstr(r->err, in_err)))
        fail_msg("wanted exit %d and \"%s\"; got exit %d, stderr: %s", status, in_err ? in_err : "",
                 r->status, r->err);
}

/* Runs one SQL statement on the fixture's database. */
static void sql(fx *f, const char *stmt)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, stmt, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", stmt, msg);
    sqlite3_close(db);
}

/* count(*) of a table of the fixture's database. */
static long rows(fx *f, const char *table)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *st;
    long n = -1;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static char *write_in(fx *f, const char *name, const char *text)
{
    char *p = t_path(f->dir, name);
    assert_int_equal(t_write_file(p, text, strlen(text)), 0);
    return p;
}

/* A quiz file of the bundled knowledge base (seed 11, n questions). */
static char *quiz_file(fx *f, const char *n)
{
    t_run q = RUN(f, "quiz", "--print", "--kb", "architecture-scalability", "--seed", "11", "-n", n,
                  "--json");
    expect(&q, 0, NULL);
    char *p = t_path(f->dir, "quiz.json");
    assert_int_equal(t_write_file(p, q.out, q.out_len), 0);
    t_run_free(&q);
    return p;
}

/* ---- grade --record over several knowledge bases (15.1) --------------------------- */

static void record_refuses_a_quiz_over_several_kbs(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "import", CANONICAL);
    expect(&r, 0, NULL);
    t_run_free(&r);
    r = RUN(f, "quiz", "--print", "--seed", "1", "-n", "40", "--json");
    expect(&r, 0, NULL);
    char *quiz = t_path(f->dir, "quiz.json");
    t_write_file(quiz, r.out, r.out_len);
    t_run_free(&r);
    char *ans = write_in(f, "answers.json", "{\"answers\": []}");
    r = RUN(f, "grade", "--quiz", quiz, "--answers", ans, "--record");
    expect(&r, 1, "several knowledge bases");
    assert_int_equal(r.out_len, 0); /* refused before anything is graded */
    t_run_free(&r);
    assert_int_equal(rows(f, "attempt"), 0); /* nothing stored */
    /* without --record it grades */
    r = RUN(f, "grade", "--quiz", quiz, "--answers", ans);
    expect(&r, 0, NULL);
    t_run_free(&r);
    free(quiz);
    free(ans);
}

/* ---- answers files (15.9) --------------------------------------------------------- */

static void bad_answer_entries_are_errors_and_store_nothing(void **state)
{
    fx *f = *state;
    char *quiz = quiz_file(f, "4");
    static const struct {
        const char *sheet, *msg;
    } cases[] = {
        {"{\"answers\": [{\"n\": \"1\", \"answer\": \"A\"}]}", "entry 1: \"n\" is a string"},
        {"{\"answers\": [{\"n\": 1.5, \"answer\": \"A\"}]}", "\"n\" is a number with a fraction"},
        {"{\"answers\": [{\"n\": 5, \"answer\": \"A\"}]}", "questions 1 to 4"},
        {"{\"answers\": [{\"n\": 0, \"answer\": \"A\"}]}", "questions 1 to 4"},
        {"{\"answers\": [{\"n\": 2, \"answer\": null}, {\"n\": 2, \"answer\": null}]}",
         "entry 2: question 2 is answered twice"},
        {"{\"answers\": [7]}", "entry 1 is a whole number"},
        {"{\"answers\": [{\"answer\": \"A\"}]}", "entry 1 has no \"n\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *ans = write_in(f, "answers.json", cases[i].sheet);
        t_run r = RUN(f, "grade", "--quiz", quiz, "--answers", ans, "--record");
        expect(&r, 2, cases[i].msg);
        assert_non_null(strstr(r.err, ans)); /* names the file */
        t_run_free(&r);
        free(ans);
    }
    assert_int_equal(rows(f, "attempt"), 0); /* nothing stored */
    free(quiz);
}

static void a_directory_as_quiz_says_so(void **state)
{
    fx *f = *state;
    char *ans = write_in(f, "answers.json", "{\"answers\": []}");
    t_run r = RUN(f, "grade", "--quiz", f->dir, "--answers", ans);
    expect(&r, 2, "is a directory");
    t_run_free(&r);
    free(ans);
}

static void pairs_fields_of_the_wrong_type_say_their_type(void **state)
{
    fx *f = *state;
    t_run r =
        RUN_IN("{\"reference\": \"캐시는 빠르다\", \"answer\": 3}\n", f, "grade", "--pairs", "-");
    expect(&r, 2, "\"answer\" (the answer to grade) is a whole number, not a string");
    t_run_free(&r);
    r = RUN_IN("{\"reference\": [\"a\"], \"answer\": \"b\"}\n", f, "grade", "--pairs", "-");
    expect(&r, 2, "\"reference\" (the reference answer) is an array");
    t_run_free(&r);
    r = RUN_IN("{\"answer\": \"b\"}\n", f, "grade", "--pairs", "-");
    expect(&r, 2, "\"reference\" (the reference answer, a string) is missing");
    t_run_free(&r);
}

static void a_failed_record_says_nothing_was_stored(void **state)
{
    fx *f = *state;
    char *quiz = quiz_file(f, "3");
    char *ans = write_in(f, "answers.json", "{\"answers\": [{\"n\": 1, \"answer\": null}]}");
    /* every insert into attempt fails, as a full disk would */
    sql(f, "CREATE TRIGGER full BEFORE INSERT ON attempt BEGIN SELECT RAISE(ABORT, 'database or "
           "disk is full'); END;");
    t_run r = RUN(f, "grade", "--quiz", quiz, "--answers", ans, "--record");
    expect(&r, 3, "nothing was stored");
    assert_int_equal(rows(f, "response"), 0);
    assert_null(strstr(r.out, "recorded as attempt"));
    t_run_free(&r);
    free(quiz);
    free(ans);
}

/* ---- values read back from the bank (15.5), degenerate fits (15.6) ----------------- */

static void damaged_stored_scores_are_storage_errors(void **state)
{
    fx *f = *state;
    char *quiz = quiz_file(f, "3");
    char *ans = write_in(f, "answers.json", "{\"answers\": []}");
    t_run r = RUN(f, "grade", "--quiz", quiz, "--answers", ans, "--record");
    expect(&r, 0, NULL);
    t_run_free(&r);
    static const char *const damage[] = {"5", "-1e308"};
    for (size_t i = 0; i < 2; i++) {
        char stmt[128];
        snprintf(
            stmt, sizeof stmt,
            "PRAGMA ignore_check_constraints = 1; UPDATE response SET score = %s WHERE seq = 2",
            damage[i]);
        sql(f, stmt);
        r = RUN(f, "calibrate");
        expect(&r, 3, "table response, attempt 1, position 2: score");
        assert_null(strstr(r.err, "out of memory"));
        t_run_free(&r);
        r = RUN(f, "analyze");
        expect(&r, 3, "table response, attempt 1, position 2: score");
        t_run_free(&r);
    }
    free(quiz);
    free(ans);
}

static void a_degenerate_fit_is_bad_input(void **state)
{
    fx *f = *state;
    char *csv = write_in(f, "two.csv", "a,b\n1,0\n0,1\n");
    t_run r = RUN(f, "calibrate", "--responses", csv);
    expect(&r, 2, "the fit is degenerate: item 'a' gets a slope of 0");
    assert_non_null(strstr(r.err, "--priors"));
    t_run_free(&r);
    csv = (free(csv), write_in(f, "half.csv", "a,b\n0.5,0.5\n0.5,0.5\n"));
    r = RUN(f, "calibrate", "--responses", csv, "--json");
    expect(&r, 2, "degenerate");
    assert_int_equal(r.out_len, 0);
    t_run_free(&r);
    free(csv);
}

/* ---- calibrate: simulated answers and the minimum (8.4) --------------------------- */

static void calibrate_leaves_out_simulated_and_thin_items(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "simulate", "--examinees", "20", "--max-items", "15", "--seed", "2");
    expect(&r, 0, NULL);
    t_run_free(&r);
    r = RUN(f, "calibrate");
    expect(&r, 2, "apart from simulated ones");
    t_run_free(&r);
    assert_int_equal(rows(f, "item_param"), 0);
    r = RUN(f, "calibrate", "--include-simulated", "--json");
    expect(&r, 0, NULL);
    json_error_t je;
    json_t *j = json_loads(r.out, 0, &je);
    assert_non_null(j);
    long enough = 0, thin = 0;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(j, "parameters"), i, row)
    {
        double n = json_number_value(json_object_get(row, "n"));
        int stored = json_is_true(json_object_get(row, "stored"));
        assert_int_equal(stored, n >= 20);
        enough += n >= 20;
        thin += n > 0 && n < 20;
    }
    assert_true(thin > 0);
    assert_int_equal(rows(f, "item_param"), enough);
    assert_int_equal(json_integer_value(json_object_get(j, "min_answers")), 20);
    assert_true(json_array_size(json_object_get(j, "warnings")) == 1);
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "calibrate", "--include-simulated");
    expect(&r, 0, "fewer than 20 answers");
    t_run_free(&r);
}

/* ---- topic filters that match several topics (8.4) -------------------------------- */

static void an_ambiguous_topic_filter_lists_the_topics(void **state)
{
    fx *f = *state;
    static const char *const cmds[][8] = {
        {"items", "-t", "API", NULL},
        {"quiz", "--print", "-t", "API", "--seed", "1", NULL},
        {"simulate", "-t", "API", "--examinees", "2", "--no-store", NULL},
    };
    for (size_t i = 0; i < 3; i++) {
        const char *argv[12] = {ASSAY_BIN};
        size_t n = 1;
        for (size_t k = 0; cmds[i][k]; k++)
            argv[n++] = cmds[i][k];
        argv[n] = NULL;
        const char *env[] = {f->env_db, "NO_COLOR", NULL};
        t_run r;
        assert_int_equal(t_exec(argv, env, NULL, &r), 0);
        expect(&r, 2, "the topic filter 'API' matches 2 topics (2. API 설계; 13. API Gateway)");
        assert_int_equal(r.out_len, 0);
        t_run_free(&r);
    }
    /* one match, or a whole title inside a longer one, is no ambiguity */
    t_run r = RUN(f, "items", "-t", "API Gate");
    expect(&r, 0, NULL);
    t_run_free(&r);
    /* with two knowledge bases a number names one topic in each: say which */
    r = RUN(f, "import", CANONICAL);
    expect(&r, 0, NULL);
    t_run_free(&r);
    r = RUN(f, "items", "-t", "1");
    expect(&r, 2, "architecture-scalability: 1. ");
    assert_non_null(strstr(r.err, "canonical: 1. "));
    assert_non_null(strstr(r.err, "and the knowledge base"));
    t_run_free(&r);
    r = RUN(f, "items", "-t", "1", "--kb", "canonical");
    expect(&r, 0, NULL);
    t_run_free(&r);
}

/* ---- usage errors point to the command's --help; texts (8.4) ----------------------- */

static void usage_errors_point_to_the_commands_help(void **state)
{
    fx *f = *state;
    static const char *const cmds[] = {"overview",  "import",  "check",   "kbs",   "topics",
                                       "items",     "show",    "quiz",    "grade", "audit",
                                       "calibrate", "analyze", "simulate"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "Try 'assay %s --help'.", cmds[i]);
        /* an unknown option, after and before the command */
        t_run r = RUN(f, cmds[i], "--frobnicate");
        expect(&r, 1, want);
        t_run_free(&r);
        r = RUN(f, "--frobnicate", cmds[i]);
        expect(&r, 1, want);
        t_run_free(&r);
        /* an option the command does not take, or a value it refuses */
        r = RUN(f, cmds[i], strcmp(cmds[i], "items") == 0 ? "--seeds" : "--kind", "x");
        expect(&r, 1, want);
        t_run_free(&r);
    }
    /* a usage error found by a command, and one found by the library */
    t_run r = RUN(f, "quiz", "-n", "0");
    expect(&r, 1, "Try 'assay quiz --help'.");
    t_run_free(&r);
    r = RUN(f, "import", CANONICAL);
    t_run_free(&r);
    r = RUN(f, "calibrate");
    expect(&r, 1, "several knowledge bases");
    assert_non_null(strstr(r.err, "Try 'assay calibrate --help'."));
    t_run_free(&r);
}

static void simulate_help_and_plurals(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "simulate", "--help");
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "simulated examinees"));
    assert_null(strstr(r.out, "same quiz"));
    t_run_free(&r);
    r = RUN(f, "quiz", "--print", "-n", "1", "--seed", "3");
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "Quiz: 1 question ·"));
    t_run_free(&r);
}

/* ---- output errors (8.4) --------------------------------------------------------- */

/* Runs assay with standard output on fd (closed in the parent); the status
 * and standard error in *r. */
static void run_to_fd(fx *f, int fd, const char *const *args, t_run *r)
{
    char *errp = t_path(f->dir, "stderr.txt");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGPIPE, SIG_IGN); /* as a shell with `trap '' PIPE` would */
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(e, 2);
        setenv("ASSAY_DB", f->env_db + strlen("ASSAY_DB="), 1);
        const char *argv[16] = {ASSAY_BIN};
        size_t n = 1;
        for (; args[n - 1] && n < 15; n++)
            argv[n] = args[n - 1];
        argv[n] = NULL;
        execv(ASSAY_BIN, (char *const *)argv);
        _exit(127);
    }
    close(fd);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    memset(r, 0, sizeof *r);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->err = t_read_file(errp, &r->err_len);
    if (!r->err)
        r->err = calloc(1, 1);
    r->out = calloc(1, 1);
    free(errp);
}

static void output_errors_say_why_and_exit_5(void **state)
{
    fx *f = *state;
    static const char *const items[] = {"items", NULL};
    static const char *const items_json[] = {"items", "--json", NULL};
    static const char *const quiz[] = {"quiz", "--print",    "-n", "200", "--seed",
                                       "1",    "--with-key", "-q", NULL};
    t_run r;
    run_to_fd(f, open("/dev/full", O_WRONLY), items, &r);
    expect(&r, 5, "cannot write the output (standard output): No space left on device");
    t_run_free(&r);
    run_to_fd(f, open("/dev/full", O_WRONLY), items_json, &r);
    expect(&r, 5, "No space left on device");
    assert_null(strstr(r.err, "out of memory"));
    t_run_free(&r);
    /* a reader that closes its end before anything is written */
    int p[2];
    assert_int_equal(pipe(p), 0);
    close(p[0]);
    run_to_fd(f, p[1], quiz, &r);
    expect(&r, 5, "cannot write the output (standard output): Broken pipe");
    assert_null(strstr(r.err, "internal error"));
    t_run_free(&r);
    /* the exit-status table shows it */
    r = RUN(f, "--help");
    assert_non_null(strstr(r.out, "  5  output error"));
    t_run_free(&r);
}

/* ---- bounded work (15.7) ---------------------------------------------------------- */

/* Identical response patterns are merged into weighted ones, and the fit on
 * them is the fit on the rows. */
static void identical_patterns_collapse_with_the_same_fit(void **state)
{
    (void)state;
    enum { P = 3000, I = 4 };
    size_t *start = malloc((P + 1) * sizeof *start);
    irt_resp *resp = malloc(P * I * sizeof *resp);
    uint32_t x = 12345;
    size_t nr = 0;
    for (size_t p = 0; p < P; p++) {
        start[p] = nr;
        for (uint32_t i = 0; i < I; i++) {
            x = x * 1103515245u + 12345u;
            if (i == 3 && (x >> 20) % 5 == 0)
                continue; /* some did not answer item 4 */
            float v = (x >> 16) % 3 == 0 ? 0.0f : (x >> 16) % 3 == 1 ? 1.0f : 0.5f;
            resp[nr++] = (irt_resp){i, (p % 7 == 0 && i < 2) ? 1.0f : v};
        }
    }
    start[P] = nr;
    irt_data rows = {P, I, start, resp, NULL};
    irt_collapsed c;
    assert_int_equal(irt_collapse(&rows, &c), 0);
    assert_true(c.data.n_persons < 200); /* at most 3^3 * 4 patterns */
    double w = 0;
    for (size_t p = 0; p < c.data.n_persons; p++)
        w += c.weight[p];
    assert_true(fabs(w - P) < 1e-9);
    irt_calib_opts o;
    irt_calib_opts_init(&o);
    double a1[I], d1[I], n1[I], a2[I], d2[I], n2[I];
    irt_calib_result r1, r2;
    assert_int_equal(irt_calibrate(&rows, &o, a1, d1, n1, &r1), 0);
    assert_int_equal(irt_calibrate(&c.data, &o, a2, d2, n2, &r2), 0);
    assert_int_equal(r1.cycles, r2.cycles);
    assert_true(fabs(r1.loglik - r2.loglik) < 1e-6 * fabs(r1.loglik));
    for (int i = 0; i < I; i++) {
        assert_true(fabs(a1[i] - a2[i]) < 1e-6);
        assert_true(fabs(d1[i] - d2[i]) < 1e-6);
        assert_true(fabs(n1[i] - n2[i]) < 1e-9);
    }
    irt_collapsed_free(&c);
    free(start);
    free(resp);
}

static void calibrate_csv_reports_its_patterns(void **state)
{
    fx *f = *state;
    /* 40,000 rows of 5 items: at most 32 patterns of 0/1 */
    size_t cap = 40000 * 12 + 64, w = 0;
    char *csv = malloc(cap);
    w += (size_t)snprintf(csv + w, cap - w, "q1,q2,q3,q4,q5\n");
    uint32_t x = 7;
    for (int r = 0; r < 40000; r++) {
        for (int i = 0; i < 5; i++) {
            x = x * 1103515245u + 12345u;
            csv[w++] = (x >> 16) % 6 < (uint32_t)(r % 5) + 1 ? '1' : '0'; /* ability r % 5 */
            csv[w++] = i < 4 ? ',' : '\n';
        }
    }
    csv[w] = '\0';
    char *path = write_in(f, "many.csv", csv);
    t_run r = RUN(f, "calibrate", "--responses", path, "--json", "-v");
    expect(&r, 0, "40000 persons give");
    json_error_t je;
    json_t *j = json_loads(r.out, 0, &je);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "persons")), 40000);
    json_int_t pats = json_integer_value(json_object_get(j, "patterns"));
    assert_true(pats >= 2 && pats <= 32);
    json_decref(j);
    t_run_free(&r);
    free(path);
    free(csv);
}

/* Grading one answer allocates what the answer needs, not a fixed 2 x 290 KB
 * block of terms (which made 120,000 lines take 13 million page faults). */
static void grading_memory_fits_the_answer(void **state)
{
    fx *f = *state;
    char url[4200];
    snprintf(url, sizeof url, "sqlite:%s", f->db);
    assay *a = NULL;
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    assert_int_equal(t_bank_open(url, NULL, &a, &b, &e), 0);
    assay_grade *g = NULL;
    assert_int_equal(assay_grade_text(a, e,
                                      "캐시는 자주 쓰는 데이터를 빠른 저장소에 두는 기법이다.",
                                      "빠른 저장소에 데이터를 둔다", &g),
                     ASSAY_OK);
    assert_true(g->score > 0);
    const grade *in = (const grade *)g; /* the public grade is the first member */
    if (in->mem.total > 128 * 1024)
        fail_msg("one short answer took %zu bytes", in->mem.total);
    assay_grade_free(g);
    t_bank_close(a, b, e);
}

static void an_oversized_table_is_refused_with_its_line(void **state)
{
    fx *f = *state;
    size_t n = 400, cap = 256 + (n + 2) * (2 * n + 2), w = 0;
    char *doc = malloc(cap);
    w += (size_t)snprintf(doc + w, cap - w,
                          "# 표 - 테스트\n\n## 1. 캐싱\n\n### 개념 설명\n\n캐시는 빠르다.\n\n");
    for (size_t r = 0; r < n + 2; r++) {
        for (size_t c = 0; c < n; c++) {
            doc[w++] = '|';
            doc[w++] = r == 1 ? '-' : 'c';
        }
        doc[w++] = '|';
        doc[w++] = '\n';
    }
    doc[w] = '\0';
    char *path = write_in(f, "table.md", doc);
    t_run r = RUN(f, "check", path);
    char want[4200];
    snprintf(want, sizeof want, "%s:9: a table of more than 100000 cells", path);
    expect(&r, 2, want);
    t_run_free(&r);
    r = RUN(f, "import", path);
    expect(&r, 2, "a table of more than 100000 cells");
    t_run_free(&r);
    assert_true(access(f->db, F_OK) != 0 || rows(f, "kb") == 0); /* nothing stored */
    /* documents with ordinary tables are untouched */
    r = RUN(f, "check", CANONICAL);
    expect(&r, 0, NULL);
    t_run_free(&r);
    free(path);
    free(doc);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(record_refuses_a_quiz_over_several_kbs),
        T(bad_answer_entries_are_errors_and_store_nothing),
        T(a_directory_as_quiz_says_so),
        T(pairs_fields_of_the_wrong_type_say_their_type),
        T(a_failed_record_says_nothing_was_stored),
        T(damaged_stored_scores_are_storage_errors),
        T(a_degenerate_fit_is_bad_input),
        T(calibrate_leaves_out_simulated_and_thin_items),
        T(an_ambiguous_topic_filter_lists_the_topics),
        T(usage_errors_point_to_the_commands_help),
        T(simulate_help_and_plurals),
        T(output_errors_say_why_and_exit_5),
        T(identical_patterns_collapse_with_the_same_fit),
        T(calibrate_csv_reports_its_patterns),
        T(grading_memory_fits_the_answer),
        T(an_oversized_table_is_refused_with_its_line),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
