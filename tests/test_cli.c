/* CLI tests: the real `assay` binary, its exit codes, output and files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "opts.h"
#include "support.h"

#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DATA    ASSAY_TEST_DATA
#define BUNDLED ASSAY_SOURCE_DIR "/data/kb/architecture-scalability.md"

typedef struct fx {
    char *dir;
    char *db;
    char env_db[4200];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->db = t_path(f->dir, "cli.db");
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
static t_run run_in(const char *stdin_data, const char *const *extra_env, fx *f, ...)
{
    const char *argv[32] = {ASSAY_BIN};
    size_t n = 1;
    va_list ap;
    va_start(ap, f);
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 31)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    const char *env[16] = {f->env_db, "NO_COLOR", "TERM=xterm"};
    size_t k = 3;
    for (const char *const *e = extra_env; e && *e && k < 15; e++)
        env[k++] = *e;
    env[k] = NULL;
    t_run r;
    assert_int_equal(t_exec(argv, env, stdin_data, &r), 0);
    return r;
}

#define RUN(...) run_in(NULL, NULL, __VA_ARGS__, (const char *)NULL)

/* The JSON value of s up to its first newline (one line of JSON Lines). */
static json_t *parse_json(const char *s)
{
    json_error_t e;
    const char *nl = strchr(s, '\n');
    json_t *j = json_loadb(s, nl ? (size_t)(nl - s) : strlen(s), 0, &e);
    if (!j)
        fail_msg("not JSON (%s): %s", e.text, s);
    return j;
}

static json_int_t jint(json_t *o, const char *path)
{
    /* "a.b.c" */
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = o;
    for (char *tok = buf, *dot; tok; tok = dot ? dot + 1 : NULL) {
        dot = strchr(tok, '.');
        if (dot)
            *dot = '\0';
        cur = json_object_get(cur, tok);
        if (!cur)
            fail_msg("no '%s' in JSON", path);
    }
    return json_integer_value(cur);
}

static long kb_rows(const char *db_path)
{
    sqlite3 *db;
    if (access(db_path, F_OK) != 0)
        return -1;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    long n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM kb", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* ---- help, version, man page ------------------------------------------------ */

static void version_help_and_man_page(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "--version");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "assay " ASSAY_VERSION_STRING "\n");
    t_run_free(&r);

    r = RUN(f, "--help");
    assert_int_equal(r.status, 0);
    for (size_t i = 0; i < cli_n_cmds; i++)
        assert_non_null(strstr(r.out, cli_cmds[i].name));
    assert_non_null(strstr(r.out, "Exit status:"));
    assert_non_null(strstr(r.out, "2  bad input, not found"));
    assert_non_null(strstr(r.out, "3  storage error"));
    t_run_free(&r);

    /* every command has --help, listing its options */
    for (size_t i = 0; i < cli_n_cmds; i++) {
        r = RUN(f, cli_cmds[i].name, "--help");
        assert_int_equal(r.status, 0);
        for (const opt_id *o = cli_cmds[i].opts; *o != OPT__COUNT; o++) {
            char want[64];
            snprintf(want, sizeof want, "--%s", cli_opts[*o].name);
            if (!strstr(r.out, want))
                fail_msg("'%s --help' lacks %s", cli_cmds[i].name, want);
        }
        t_run_free(&r);
    }
    r = RUN(f, "help", "items");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "--topic"));
    t_run_free(&r);

    char *man = t_read_file(ASSAY_MAN, NULL);
    assert_non_null(man);
    assert_non_null(strstr(man, ".TH ASSAY 1"));
    assert_non_null(strstr(man, ".SH EXIT STATUS"));
    for (int o = 0; o < OPT__COUNT; o++) {
        char want[64];
        snprintf(want, sizeof want, "\\-\\-%s", cli_opts[o].name);
        /* roff escapes hyphens inside names too */
        char esc[96];
        size_t w = 0;
        for (const char *p = want; *p && w < sizeof esc - 2; p++) {
            if (*p == '-' && p > want + 3)
                esc[w++] = '\\';
            esc[w++] = *p;
        }
        esc[w] = '\0';
        if (!strstr(man, esc))
            fail_msg("man page lacks %s", esc);
    }
    for (size_t i = 0; i < cli_n_cmds; i++) {
        char want[64];
        snprintf(want, sizeof want, ".SS \"assay %s", cli_cmds[i].name);
        assert_non_null(strstr(man, want));
    }
    free(man);
}

/* Each case (up to 4 arguments, NULL-terminated) is a usage error: exit 1,
 * an error on stderr, nothing on stdout. */
static void expect_usage_errors(fx *f, const char *const (*cases)[4], size_t n_cases)
{
    for (size_t i = 0; i < n_cases; i++) {
        const char *argv[8] = {ASSAY_BIN};
        size_t n = 1;
        for (size_t k = 0; k < 4 && cases[i][k]; k++)
            argv[n++] = cases[i][k];
        argv[n] = NULL;
        const char *env[] = {f->env_db, NULL};
        t_run r;
        assert_int_equal(t_exec(argv, env, NULL, &r), 0);
        if (r.status != 1)
            fail_msg("case %zu (%s): exit %d, stderr: %s", i, cases[i][0], r.status, r.err);
        assert_non_null(strstr(r.err, "error"));
        assert_int_equal(r.out_len, 0);
        t_run_free(&r);
    }
}

static void usage_errors_exit_1(void **state)
{
    fx *f = *state;
    static const char *const cases[][4] = {
        {"frobnicate", NULL},
        {"--frobnicate", NULL},
        {"items", "--level", NULL},
        {"items", "--level", "0", NULL},
        {"items", "--level", "12", NULL},
        {"items", "--kind", "essay", NULL},
        {"kbs", "--topic", "3", NULL},
        {"import", NULL},
        {"import", "--max-size", "lots", BUNDLED},
        {"show", NULL},
        {"show", "a", "b", NULL},
        {"kbs", "--db", "mysql://x/y", NULL},
        {"serve", "--max-upload", "abc", NULL},
        {"serve", "--workers", "0", NULL},
        {"serve", "--max-body", "100M", NULL},
    };
    expect_usage_errors(f, cases, sizeof cases / sizeof cases[0]);
    /* argument errors are found before the bank is opened */
    assert_int_equal(access(f->db, F_OK), -1);
    t_run r = RUN(f, "show", "abc");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "4 to 12 hex digits"));
    t_run_free(&r);
}

/* ---- import --------------------------------------------------------------------- */

static void import_reports_counts_and_a_second_import_nothing(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "import", BUNDLED, "--json");
    assert_int_equal(r.status, 0);
    json_t *j = parse_json(r.out);
    assert_string_equal(json_string_value(json_object_get(j, "kb")), "architecture-scalability");
    assert_int_equal(jint(j, "topics"), 15);
    assert_int_equal(jint(j, "level_blocks"), 60);
    assert_int_equal(jint(j, "items.level_qa"), 220);
    assert_int_equal(jint(j, "items.interview_qa"), 15);
    assert_int_equal(jint(j, "items.scenario"), 15);
    assert_int_equal(jint(j, "added"), 250);
    assert_int_equal(jint(j, "changed"), 0);
    assert_int_equal(jint(j, "retired"), 0);
    assert_int_equal(json_array_size(json_object_get(j, "warnings")), 0);
    json_decref(j);
    t_run_free(&r);

    r = RUN(f, "import", BUNDLED, "--json");
    assert_int_equal(r.status, 0);
    j = parse_json(r.out);
    assert_int_equal(jint(j, "added"), 0);
    assert_int_equal(jint(j, "changed"), 0);
    assert_int_equal(jint(j, "retired"), 0);
    assert_int_equal(jint(j, "items.level_qa"), 220);
    json_decref(j);
    t_run_free(&r);

    r = RUN(f, "import", BUNDLED);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "0 added, 0 changed, 0 retired (already up to date)"));
    t_run_free(&r);
}

static void import_warnings_name_file_and_line(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "import", DATA "/kb/numbered.md", "--json");
    assert_int_equal(r.status, 0);
    json_t *j = parse_json(r.out);
    json_t *w = json_array_get(json_object_get(j, "warnings"), 0);
    assert_non_null(w);
    assert_string_equal(json_string_value(json_object_get(w, "file")), DATA "/kb/numbered.md");
    assert_int_equal(json_integer_value(json_object_get(w, "line")), 16);
    json_decref(j);
    t_run_free(&r);

    r = RUN(f, "import", DATA "/kb/details.md");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, DATA "/kb/details.md:25: warning: question without an answer"));
    t_run_free(&r);
}

static void bad_input_exits_2_and_writes_nothing(void **state)
{
    fx *f = *state;
    static const struct {
        const char *file;
        const char *needle;
    } cases[] = {
        {DATA "/bad/invalid-utf8.md",
         "invalid-utf8.md:6:13: invalid UTF-8 (byte 0xC3) (byte offset 53)"},
        {DATA "/bad/binary.png", "binary content"},
        {DATA "/bad/empty.md", "empty.md: empty file"},
        {DATA "/bad/whitespace.md", "only white space"},
        {DATA "/bad/no-items.md", "no recognisable items"},
        {DATA "/bad/no-answers.md", "no-answers.md:7: 2 question(s) but no answers"},
        {DATA "/bad/missing.md", "missing.md: cannot open: No such file or directory"},
        {DATA "/bad", "is a directory"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        t_run r = RUN(f, "import", cases[i].file);
        if (r.status != 2 || !strstr(r.err, cases[i].needle))
            fail_msg("%s: exit %d, stderr: %s", cases[i].file, r.status, r.err);
        assert_int_equal(r.out_len, 0);
        t_run_free(&r);
        assert_int_equal(access(f->db, F_OK), -1); /* the bank was never opened */
    }
    /* over the size limit */
    t_run r = RUN(f, "import", "--max-size", "1K", DATA "/kb/canonical.md");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "over the limit of 1024"));
    t_run_free(&r);

    /* a good file next to a bad one: nothing is imported, both are reported */
    r = RUN(f, "import", BUNDLED, "--json");
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    const char *before = t_file_hash(f->db);
    char saved[80];
    snprintf(saved, sizeof saved, "%s", before);
    r = RUN(f, "import", DATA "/kb/canonical.md", DATA "/bad/empty.md", DATA "/bad/no-items.md");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "empty.md"));
    assert_non_null(strstr(r.err, "no-items.md"));
    t_run_free(&r);
    assert_string_equal(t_file_hash(f->db), saved);
    assert_int_equal(kb_rows(f->db), 1);
}

static void storage_errors_exit_3(void **state)
{
    fx *f = *state;
    char dbarg[4200];
    snprintf(dbarg, sizeof dbarg, "sqlite:%s", f->dir);
    t_run r = RUN(f, "kbs", "--db", dbarg);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "is a directory"));
    t_run_free(&r);

    char *junk = t_path(f->dir, "junk.db");
    char text[4096];
    memset(text, 'x', sizeof text);
    t_write_file(junk, text, sizeof text);
    snprintf(dbarg, sizeof dbarg, "sqlite:%s", junk);
    r = RUN(f, "import", BUNDLED, "--db", dbarg);
    assert_int_equal(r.status, 3);
    assert_non_null(strstr(r.err, "junk.db"));
    t_run_free(&r);
    free(junk);
}

static void not_found_exits_2(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "show", "ffffffffffff");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no item with id"));
    t_run_free(&r);
    r = RUN(f, "items", "--kb", "nope");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no knowledge base named 'nope'"));
    t_run_free(&r);
    r = RUN(f, "items", "--topic", "999");
    assert_int_equal(r.status, 2);
    t_run_free(&r);
}

static void stdin_and_check(void **state)
{
    fx *f = *state;
    char *text = t_read_file(DATA "/kb/canonical.md", NULL);
    const char *argv[] = {ASSAY_BIN, "import", "-", "--kb", "from-stdin", "--json", NULL};
    const char *env[] = {f->env_db, NULL};
    t_run r;
    assert_int_equal(t_exec(argv, env, text, &r), 0);
    assert_int_equal(r.status, 0);
    json_t *j = parse_json(r.out);
    assert_string_equal(json_string_value(json_object_get(j, "kb")), "from-stdin");
    assert_int_equal(jint(j, "added"), 11);
    json_decref(j);
    t_run_free(&r);
    free(text);

    r = RUN(f, "check", DATA "/kb/question-headings.md");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "2 topics, 0 level blocks, 4 items"));
    assert_non_null(strstr(
        r.out, "import derives 0 more items from the text (definitions, sub-topics, orders)"));
    assert_non_null(strstr(r.err, "question-headings.md:24: warning"));
    t_run_free(&r);
    /* check says what import derives from the text (review 2, pattern 3) */
    r = RUN(f, "check", DATA "/kb/real2/derived-english.md");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "import derives 4 more items from the text"));
    t_run_free(&r);
    r = RUN(f, "check", "--json", DATA "/kb/real2/derived-english.md");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"derived\":{\"items\":4}"));
    t_run_free(&r);
    r = RUN(f, "check", "--json", "--model", DATA "/kb/canonical.md");
    assert_int_equal(r.status, 0);
    j = parse_json(r.out);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 11);
    assert_int_equal(jint(j, "counts.level_blocks"), 6);
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "check", DATA "/kb/canonical.md", DATA "/bad/empty.md");
    assert_int_equal(r.status, 2); /* the good one is still reported */
    assert_non_null(strstr(r.out, "canonical: 2 topics"));
    t_run_free(&r);
}

/* Processes that open a new bank at the same moment all succeed: migrations
 * and imports wait for the write lock instead of failing. */
static void parallel_imports_into_a_new_bank(void **state)
{
    fx *f = *state;
    enum { N = 8 };
    pid_t pids[N];
    int gate[2]; /* children wait until the parent closes it: they start together */
    assert_int_equal(pipe(gate), 0);
    for (int i = 0; i < N; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            char kb[16], c;
            snprintf(kb, sizeof kb, "kb%d", i);
            int devnull = open("/dev/null", O_WRONLY);
            dup2(devnull, 1);
            putenv(f->env_db);
            close(gate[1]);
            while (read(gate[0], &c, 1) > 0)
                ;
            execl(ASSAY_BIN, ASSAY_BIN, "import", "--kb", kb, BUNDLED, "--json", (char *)NULL);
            _exit(127);
        }
    }
    close(gate[0]);
    close(gate[1]);
    for (int i = 0; i < N; i++) {
        int st;
        assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            fail_msg("import %d: status %d", i, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    assert_int_equal(kb_rows(f->db), N);
}

/* ---- quiz, grade, audit --------------------------------------------------------- */

static void quiz_is_reproducible_and_keyless(void **state)
{
    fx *f = *state;
    t_run a = RUN(f, "quiz", "--seed", "9", "-n", "12", "--json", "--print");
    t_run b = RUN(f, "quiz", "--seed", "9", "-n", "12", "--json", "--print");
    assert_int_equal(a.status, 0);
    assert_string_equal(a.out, b.out); /* byte for byte */
    assert_null(strstr(a.out, "\"key\""));
    json_t *j = parse_json(a.out);
    assert_int_equal(json_array_size(json_object_get(j, "questions")), 12);
    assert_int_equal(jint(j, "spec.seed"), 9);
    json_decref(j);
    t_run_free(&a);
    t_run_free(&b);
    a = RUN(f, "quiz", "--seed", "9", "-n", "12", "--json", "--with-key");
    assert_int_equal(a.status, 0);
    assert_int_equal(t_count(a.out, "\"key\""), 12);
    t_run_free(&a);
    a = RUN(f, "quiz", "--seed", "9", "-n", "3", "--types", "mcq", "--with-key");
    assert_int_equal(a.status, 0);
    assert_non_null(strstr(a.out, "Quiz: 3 questions · seed 9"));
    assert_non_null(strstr(a.out, "A) "));
    assert_non_null(strstr(a.out, "Key"));
    t_run_free(&a);
    /* no seed: a fresh one, shown so the quiz can be made again */
    a = RUN(f, "quiz", "-n", "2", "--json", "--print");
    assert_int_equal(a.status, 0);
    j = parse_json(a.out);
    assert_true(json_is_integer(json_object_get(json_object_get(j, "spec"), "seed")));
    json_decref(j);
    t_run_free(&a);
    a = RUN(f, "quiz", "--topic", "메시지 큐", "--level", "2,3", "-n", "4", "--types", "mcq",
            "--json", "--with-key", "--seed", "1");
    assert_int_equal(a.status, 0);
    j = parse_json(a.out);
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(j, "questions"), i, q)
    {
        assert_string_equal(json_string_value(json_object_get(q, "topic")), "메시지 큐");
        json_int_t lv = json_integer_value(json_object_get(q, "level"));
        assert_true(lv == 2 || lv == 3);
    }
    json_decref(j);
    t_run_free(&a);
}

/* Answers built from a quiz's key, as a learner who knows everything. */
static char *perfect_answers(const char *quiz_with_key)
{
    json_t *j = parse_json(quiz_with_key), *answers = json_array();
    size_t i;
    json_t *q;
    json_array_foreach(json_object_get(j, "questions"), i, q)
    {
        const char *type = json_string_value(json_object_get(q, "type"));
        json_t *key = json_object_get(q, "key"), *v;
        if (strcmp(type, "mcq") == 0 ||
            (strcmp(type, "scenario") == 0 && json_object_get(key, "label")))
            v = json_incref(json_object_get(key, "label"));
        else if (strcmp(type, "tf") == 0)
            v = json_incref(json_object_get(key, "truth"));
        else if (strcmp(type, "cloze") == 0)
            v = json_incref(json_array_get(json_object_get(key, "accept"), 0));
        else if (strcmp(type, "match") == 0) {
            v = json_array();
            size_t k;
            json_t *p;
            json_array_foreach(json_object_get(key, "pairs"), k, p)
            {
                char l[2] = {(char)('a' + json_integer_value(p)), 0};
                json_array_append_new(v, json_string(l));
            }
        } else
            v = json_incref(json_object_get(key, "answer"));
        json_array_append_new(answers,
                              json_pack("{s:I, s:o}", "n", (json_int_t)(i + 1), "answer", v));
    }
    json_t *sheet = json_pack("{s:o}", "answers", answers);
    char *s = json_dumps(sheet, JSON_COMPACT);
    json_decref(sheet);
    json_decref(j);
    return s;
}

static void grade_a_quiz_round_trip(void **state)
{
    fx *f = *state;
    t_run a = RUN(f, "quiz", "--seed", "4", "-n", "12", "--json", "--print");
    t_run k = RUN(f, "quiz", "--seed", "4", "-n", "12", "--json", "--with-key");
    assert_int_equal(a.status, 0);
    char *quiz = t_path(f->dir, "quiz.json"), *ans = t_path(f->dir, "answers.json");
    t_write_file(quiz, a.out, a.out_len);
    char *perfect = perfect_answers(k.out);
    t_write_file(ans, perfect, strlen(perfect));
    t_run g = RUN(f, "grade", "--quiz", quiz, "--answers", ans, "--json");
    if (g.status != 0)
        fail_msg("grade: %s", g.err);
    json_t *j = parse_json(g.out);
    assert_true(json_real_value(json_object_get(j, "score")) > 11.999);
    assert_int_equal(jint(j, "max"), 12);
    json_decref(j);
    t_run_free(&g);
    g = RUN(f, "grade", "--quiz", quiz, "--answers", ans);
    assert_int_equal(g.status, 0);
    assert_non_null(strstr(g.out, "(100%)"));
    t_run_free(&g);

    /* an answer sheet with nothing answered */
    const char *empty = "{\"answers\": []}";
    t_write_file(ans, empty, strlen(empty));
    g = RUN(f, "grade", "--quiz", quiz, "--answers", ans, "--json");
    assert_int_equal(g.status, 0);
    j = parse_json(g.out);
    assert_true(json_real_value(json_object_get(j, "score")) == 0);
    json_decref(j);
    t_run_free(&g);

    /* an answer that cannot answer its question */
    json_t *qj = parse_json(a.out);
    const char *t1 = json_string_value(
        json_object_get(json_array_get(json_object_get(qj, "questions"), 0), "type"));
    const char *bad_one =
        strcmp(t1, "tf") == 0      ? "{\"answers\": [{\"n\": 1, \"answer\": \"maybe\"}]}"
        : strcmp(t1, "match") == 0 ? "{\"answers\": [{\"n\": 1, \"answer\": \"a\"}]}"
        : strcmp(t1, "mcq") == 0   ? "{\"answers\": [{\"n\": 1, \"answer\": \"Z\"}]}"
                                   : "{\"answers\": [{\"n\": 1, \"answer\": 7}]}";
    json_decref(qj);
    t_write_file(ans, bad_one, strlen(bad_one));
    g = RUN(f, "grade", "--quiz", quiz, "--answers", ans);
    assert_int_equal(g.status, 2);
    assert_non_null(strstr(g.err, "question 1"));
    t_run_free(&g);

    /* not JSON: file, line and column */
    t_write_file(ans, "{\n  \"answers\": [,]\n}", 21);
    g = RUN(f, "grade", "--quiz", quiz, "--answers", ans);
    assert_int_equal(g.status, 2);
    assert_non_null(strstr(g.err, "answers.json:2:"));
    t_run_free(&g);

    /* a quiz that is not what its seed gives */
    char *edited = strdup(a.out);
    char *p = strstr(edited, "\"seed\":4");
    assert_non_null(p);
    p[7] = '5'; /* the questions stay, the seed that made them does not */
    t_write_file(quiz, edited, strlen(edited));
    t_write_file(ans, perfect, strlen(perfect));
    g = RUN(f, "grade", "--quiz", quiz, "--answers", ans);
    assert_int_equal(g.status, 2);
    assert_non_null(strstr(g.err, "not what its seed gives"));
    t_run_free(&g);
    /* settings `assay quiz` refuses are bad input in a quiz file, not a usage error */
    static const char *const edits[][3] = {
        {"\"options\":", "9", "3 to 5 options"},
        {"\"levels\":[", "42],\"x\":[", "levels are 1 to 9"},
        {"\"levels\":[", "\"1\"],\"x\":[", "not a whole number"},
    };
    for (size_t e = 0; e < sizeof edits / sizeof edits[0]; e++) {
        free(edited);
        edited = strdup(a.out);
        p = strstr(edited, edits[e][0]);
        assert_non_null(p);
        size_t at = (size_t)(p - edited) + strlen(edits[e][0]);
        size_t n = strlen(edited), m = strlen(edits[e][1]);
        char *changed = malloc(n + m + 1);
        memcpy(changed, edited, at);
        memcpy(changed + at, edits[e][1], m);
        /* options: the digit is replaced; levels: text is inserted */
        size_t skip = e == 0 ? 1 : 0;
        memcpy(changed + at + m, edited + at + skip, n - at - skip + 1);
        t_write_file(quiz, changed, strlen(changed));
        free(changed);
        g = RUN(f, "grade", "--quiz", quiz, "--answers", ans);
        assert_int_equal(g.status, 2);
        assert_non_null(strstr(g.err, "quiz.json: "));
        assert_non_null(strstr(g.err, edits[e][2]));
        t_run_free(&g);
    }
    free(edited);
    free(perfect);
    free(quiz);
    free(ans);
    t_run_free(&a);
    t_run_free(&k);
}

static void grade_pairs_from_elsewhere(void **state)
{
    fx *f = *state;
    char *file = t_path(f->dir, "pairs.jsonl");
    const char *good = "{\"question\": \"CQRS란?\", \"reference\": \"데이터 변경(Command)과 데이터 "
                       "조회(Query) 모델을 분리\", "
                       "\"answer\": \"데이터 변경(Command)과 데이터 조회(Query) 모델을 분리\"}\n"
                       "\n"
                       "{\"reference\": \"서버 수를 늘리는 것\", \"answer\": \"잘 모르겠음\"}\n";
    t_write_file(file, good, strlen(good));
    t_run r = RUN(f, "grade", "--pairs", file, "--json");
    assert_int_equal(r.status, 0);
    assert_int_equal(t_count(r.out, "\n"), 2);
    char *second = strchr(r.out, '\n') + 1;
    json_t *a = parse_json(r.out), *b = parse_json(second);
    assert_true(json_real_value(json_object_get(a, "score")) > 0.999);
    assert_int_equal(jint(a, "line"), 1);
    assert_int_equal(jint(b, "line"), 3); /* blank lines count */
    assert_true(json_real_value(json_object_get(b, "score")) < 0.3);
    assert_true(json_array_size(json_object_get(b, "missed")) > 0);
    json_decref(a);
    json_decref(b);
    t_run_free(&r);

    const char *bad = "{\"reference\": \"a b\", \"answer\": \"a\"}\n"
                      "{\"reference\": \"a b\", \"answer\": \n"
                      "{\"reference\": 3, \"answer\": \"a\"}\n"
                      "[1, 2]\n";
    t_write_file(file, bad, strlen(bad));
    r = RUN(f, "grade", "--pairs", file);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0); /* nothing graded */
    assert_non_null(strstr(r.err, "pairs.jsonl:2:"));
    assert_non_null(strstr(r.err, "pairs.jsonl:3: \"reference\""));
    assert_non_null(strstr(r.err, "pairs.jsonl:4: expected an object"));
    assert_null(strstr(r.err, "pairs.jsonl:1:"));
    t_run_free(&r);

    const char *argv[] = {ASSAY_BIN, "grade", "--pairs", "-", "--json", NULL};
    const char *env[] = {f->env_db, NULL};
    assert_int_equal(
        t_exec(argv, env, "{\"reference\": \"캐시 무효화\", \"answer\": \"캐시무효화\"}\n", &r), 0);
    assert_int_equal(r.status, 0);
    a = parse_json(r.out);
    assert_true(json_real_value(json_object_get(a, "score")) > 0.999);
    json_decref(a);
    t_run_free(&r);
    free(file);
}

/* A missing dictionary stops the command at start-up with exit status 2,
 * naming the file and where it was looked for, instead of a weaker grader. */
static void a_missing_dictionary_is_an_error_at_start(void **state)
{
    fx *f = *state;
    const char *argv[] = {ASSAY_BIN, "grade", "--pairs", "-", "--json", NULL};
    const char *line = "{\"reference\": \"캐시 무효화\", \"answer\": \"캐시무효화\"}\n";
    const char *no_ko[] = {f->env_db, "ASSAY_HUNSPELL_DIR=/nonexistent/hunspell", NULL};
    t_run r;
    assert_int_equal(t_exec(argv, no_ko, line, &r), 0);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    assert_non_null(strstr(r.err, "ko.aff"));
    assert_non_null(strstr(r.err, "/nonexistent/hunspell"));
    assert_non_null(strstr(r.err, "hunspell-ko"));
    t_run_free(&r);
    const char *no_wn[] = {f->env_db, "WNSEARCHDIR=/nonexistent/wordnet", NULL};
    assert_int_equal(t_exec(argv, no_wn, line, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "WordNet"));
    assert_non_null(strstr(r.err, "/nonexistent/wordnet"));
    t_run_free(&r);
    const char *here[] = {f->env_db, "ASSAY_HUNSPELL_DIR=/usr/share/hunspell", NULL};
    assert_int_equal(t_exec(argv, here, line, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
}

static void audit_reports_its_targets(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "audit", "--json");
    assert_int_equal(r.status, 0);
    json_t *j = parse_json(r.out);
    assert_true(json_is_true(json_object_get(json_object_get(j, "targets"), "met")));
    assert_int_equal(jint(j, "seeds"), 5);
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "audit", "--seeds", "2");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Targets met"));
    assert_non_null(strstr(r.out, "longest"));
    /* the in-quiz figures, which only the JSON had, and the stem-type
     * solver, now a target */
    assert_non_null(strstr(r.out, "In quiz: 100 quizzes, "));
    assert_non_null(strstr(r.out, "; 0 leaks, 0 near leaks; quizzes repeating a question 0"));
    assert_null(strstr(r.out, "not yet a target"));
    t_run_free(&r);
}

static void quiz_usage_errors(void **state)
{
    fx *f = *state;
    static const char *const cases[][4] = {
        {"quiz", "--count", "0", NULL},      {"quiz", "-n", "501", NULL},
        {"quiz", "--types", "essay", NULL},  {"quiz", "--options", "7", NULL},
        {"quiz", "--seed", "-1", NULL},      {"quiz", "--level", "0", NULL},
        {"audit", "--seeds", "0", NULL},     {"grade", NULL},
        {"grade", "--quiz", "q.json", NULL},
    };
    expect_usage_errors(f, cases, sizeof cases / sizeof cases[0]);
    t_run r = RUN(f, "quiz", "--topic", "양자 컴퓨팅");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no topic matches"));
    t_run_free(&r);
}

/* ---- reading the bank ---------------------------------------------------------------- */

static void the_main_job_shows_the_bundled_bank(void **state)
{
    fx *f = *state;
    t_run r = RUN(f);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "architecture-scalability"));
    assert_non_null(strstr(r.out, "15 topics, 250 items: 220 level Q/A, 15 interview Q/A, "
                                  "15 scenarios"));
    assert_non_null(strstr(r.out, "모놀리스 vs 마이크로서비스"));
    assert_non_null(strstr(r.out, "L4 리드/CTO"));
    assert_non_null(strstr(r.out, "Start:"));
    /* a read writes nothing: the bundled knowledge base is served from the binary */
    assert_null(strstr(r.err, "imported the bundled knowledge base"));
    assert_int_equal(kb_rows(f->db), 0);
    assert_null(strchr(r.out, '\033')); /* not a terminal: no colour */
    t_run_free(&r);
    r = RUN(f, "--json");
    assert_int_equal(r.status, 0);
    json_t *j = parse_json(r.out);
    assert_int_equal(json_array_size(json_object_get(j, "topics")), 15);
    assert_int_equal(json_array_size(json_object_get(j, "levels")), 4);
    json_t *t12 = json_array_get(json_object_get(j, "topics"), 11);
    assert_int_equal(jint(t12, "by_level.2"), 6);
    assert_int_equal(jint(t12, "items"), 20);
    json_decref(j);
    t_run_free(&r);
}

static void tables_line_up_with_hangul(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "topics");
    assert_int_equal(r.status, 0);
    /* right-aligned last column: every line has the same display width */
    size_t want = 0, lines = 0;
    for (char *p = r.out; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t w = assay_text_width(p, n);
        if (!want)
            want = w;
        assert_int_equal(w, want);
        lines++;
        p = nl ? nl + 1 : p + n;
    }
    assert_int_equal(lines, 16);
    /* The columns after TOPIC have fixed widths, so equal line widths mean the
     * TOPIC column was padded by display width (Hangul = 2), not by bytes. */
    assert_non_null(strstr(r.out, "CQRS (Command Query Responsibility Segregation)"));
    t_run_free(&r);
}

/* `assay show` of a question bank's multiple choice lists its authored wrong
 * options under the answer, labelled (Korean with --lang ko). */
static void show_distractors(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "import", DATA "/import/ko.gift");
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    r = RUN(f, "items", "--kb", "ko", "--json");
    assert_int_equal(r.status, 0);
    json_t *j = parse_json(r.out);
    json_t *items = json_object_get(j, "items"), *mc = NULL;
    for (size_t i = 0; i < json_array_size(items) && !mc; i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(items, i), "question")),
                   "캐시(Cache)란 무엇인가?") == 0)
            mc = json_array_get(items, i);
    assert_non_null(mc);
    assert_int_equal(json_array_size(json_object_get(mc, "distractors")), 3);
    char id[16];
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(mc, "id")));
    json_decref(j);
    t_run_free(&r);

    r = RUN(f, "show", id);
    assert_int_equal(r.status, 0);
    const char *label = strstr(r.out, "Wrong options (authored):\n");
    assert_non_null(label);
    assert_true(label > strstr(r.out, "A:\n")); /* under the answer */
    assert_non_null(strstr(label, "  - 데이터를 영구히 보관하는 디스크\n"));
    assert_non_null(strstr(label, "  - 네트워크 패킷을 암호화하는 장치\n"));
    assert_non_null(strstr(label, "  - 로그를 압축하는 도구\n"));
    t_run_free(&r);

    r = RUN(f, "show", id, "--lang", "ko");
    assert_int_equal(r.status, 0);
    assert_non_null(
        strstr(r.out, "출제자가 쓴 오답 선택지:\n  - 데이터를 영구히 보관하는 디스크\n"));
    t_run_free(&r);

    /* an item without authored options has no such list */
    r = RUN(f, "items", "--kb", "ko", "--json");
    j = parse_json(r.out);
    items = json_object_get(j, "items");
    const char *plain = NULL;
    for (size_t i = 0; i < json_array_size(items) && !plain; i++)
        if (!json_object_get(json_array_get(items, i), "distractors"))
            plain = json_string_value(json_object_get(json_array_get(items, i), "id"));
    assert_non_null(plain);
    snprintf(id, sizeof id, "%s", plain);
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "show", id);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "Wrong options"));
    t_run_free(&r);
}

static void items_and_show(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "items", "--topic", "1", "--level", "1", "--json", "--no-derived");
    assert_int_equal(r.status, 0);
    json_t *j = parse_json(r.out);
    json_t *items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 4);
    json_t *first = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(first, "question")),
                        "모놀리스 아키텍처란?");
    assert_string_equal(json_string_value(json_object_get(first, "kind")), "level_qa");
    assert_int_equal(jint(first, "level"), 1);
    assert_string_equal(json_string_value(json_object_get(first, "level_label")), "입문");
    assert_int_equal(jint(first, "source.line"), 30);
    assert_int_equal(json_array_size(json_object_get(first, "subtopics")), 3);
    char prefix[8];
    snprintf(prefix, sizeof prefix, "%.5s", json_string_value(json_object_get(first, "id")));
    char full[16];
    snprintf(full, sizeof full, "%s", json_string_value(json_object_get(first, "id")));
    json_decref(j);
    t_run_free(&r);

    r = RUN(f, "show", prefix, "--json");
    assert_int_equal(r.status, 0);
    j = parse_json(r.out);
    assert_string_equal(json_string_value(json_object_get(j, "id")), full);
    assert_int_equal(json_array_size(json_object_get(j, "versions")), 1);
    json_decref(j);
    t_run_free(&r);

    r = RUN(f, "show", full);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "level_qa · Level 1 (입문) · active · version 1"));
    assert_non_null(strstr(r.out, "architecture-scalability.md:30"));
    t_run_free(&r);

    r = RUN(f, "items", "--kind", "scenario", "--json");
    assert_int_equal(r.status, 0);
    j = parse_json(r.out);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 15);
    json_t *sc = json_object_get(json_array_get(json_object_get(j, "items"), 2), "scenario");
    assert_non_null(sc);
    assert_string_equal(json_string_value(json_object_get(sc, "title")), "주문 처리 비동기화");
    json_decref(j);
    t_run_free(&r);

    r = RUN(f, "kbs", "--json");
    assert_int_equal(r.status, 0);
    j = parse_json(r.out);
    json_t *kb = json_array_get(json_object_get(j, "kbs"), 0);
    assert_int_equal(jint(kb, "items.level_qa"), 220);
    assert_int_equal(jint(kb, "level_blocks"), 60);
    json_decref(j);
    t_run_free(&r);
}

static void default_database_follows_xdg(void **state)
{
    fx *f = *state;
    char xdg[4200], home[4200];
    snprintf(xdg, sizeof xdg, "XDG_DATA_HOME=%s/xdg", f->dir);
    snprintf(home, sizeof home, "HOME=%s/home", f->dir);
    const char *argv[] = {ASSAY_BIN, "kbs", "--json", NULL};
    const char *env1[] = {"ASSAY_DB", xdg, home, NULL};
    t_run r;
    assert_int_equal(t_exec(argv, env1, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    char *p = t_path(f->dir, "xdg/assay/assay.db");
    assert_int_equal(access(p, F_OK), 0);
    free(p);
    const char *env2[] = {"ASSAY_DB", "XDG_DATA_HOME", home, NULL};
    assert_int_equal(t_exec(argv, env2, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    p = t_path(f->dir, "home/.local/share/assay/assay.db");
    assert_int_equal(access(p, F_OK), 0);
    free(p);
}

/* Colour on a terminal, none with NO_COLOR: run under a pseudo-terminal. */
static char *run_on_pty(fx *f, int no_color)
{
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    assert_true(pid >= 0);
    if (pid == 0) {
        putenv(f->env_db);
        setenv("TERM", "xterm", 1);
        if (no_color)
            setenv("NO_COLOR", "1", 1);
        else
            unsetenv("NO_COLOR");
        execl(ASSAY_BIN, ASSAY_BIN, "topics", (char *)NULL);
        _exit(127);
    }
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    for (;;) {
        ssize_t k = read(master, out + n, cap - n - 1);
        if (k <= 0)
            break;
        n += (size_t)k;
        if (n + 1 >= cap) {
            cap *= 2;
            out = realloc(out, cap);
        }
    }
    out[n] = '\0';
    close(master);
    int st;
    waitpid(pid, &st, 0);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return out;
}

static void colour_only_on_a_terminal_and_never_with_no_color(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "kbs"); /* creates the bank first */
    t_run_free(&r);
    char *tty = run_on_pty(f, 0);
    assert_non_null(strchr(tty, '\033'));
    free(tty);
    char *plain = run_on_pty(f, 1);
    assert_null(strchr(plain, '\033'));
    free(plain);
}

/* ---- psychometrics ------------------------------------------------------------------ */

static void calibrate_a_csv_from_elsewhere(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "calibrate", "--responses", DATA "/irt/lsat7.csv", "--json");
    if (r.status != 0)
        fail_msg("calibrate: %s", r.err);
    json_t *j = parse_json(r.out);
    json_t *p0 = json_array_get(json_object_get(j, "parameters"), 0);
    assert_true(fabs(json_real_value(json_object_get(p0, "a")) - 0.98755) < 0.002);
    assert_true(fabs(json_real_value(json_object_get(p0, "d")) - 1.85586) < 0.002);
    assert_true(fabs(json_real_value(json_object_get(json_object_get(j, "run"), "loglik")) +
                     2658.805) < 0.01);
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "calibrate", "--responses", DATA "/irt/lsat7.csv", "--model", "rasch");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "latent variance 1.0227"));
    assert_non_null(strstr(r.out, "converged"));
    t_run_free(&r);
    assert_int_equal(kb_rows(f->db), -1); /* a CSV needs no bank */

    char *bad = t_path(f->dir, "bad.csv");
    t_write_file(bad, "a,b,c\n1,0,1\n0,x,1\n", strlen("a,b,c\n1,0,1\n0,x,1\n"));
    r = RUN(f, "calibrate", "--responses", bad);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "bad.csv:3:2: column 2 (item 'b'): 'x' is not a score"));
    t_run_free(&r);
    t_write_file(bad, "a,b\n1,1\n0,1\n", strlen("a,b\n1,1\n0,1\n"));
    r = RUN(f, "calibrate", "--responses", bad);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "only right answers"));
    t_run_free(&r);
    r = RUN(f, "calibrate", "--responses", bad, "--priors", "--json");
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    free(bad);

    static const char *const usage[][6] = {
        {"calibrate", "--model", "3pl"},
        {"calibrate", "--priors"},
        {"calibrate", "--id-column"},
        {"calibrate", "--responses", DATA "/irt/lsat7.csv", "--kb", "x"},
        {"analyze", "--model", "2pl"},
        {"simulate", "--examinees", "0"},
        {"simulate", "--max-items", "lots"},
        {"grade", "--person", "kim"},
    };
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        r = RUN(f, usage[i][0], usage[i][1], usage[i][2], usage[i][3], usage[i][4]);
        if (r.status != 1)
            fail_msg("%s %s: status %d, %s", usage[i][0], usage[i][1], r.status, r.err);
        t_run_free(&r);
    }
}

static void simulate_analyze_calibrate_on_the_bank(void **state)
{
    fx *f = *state;
    t_run r = RUN(f, "calibrate");
    assert_int_equal(r.status, 2); /* no answers yet */
    assert_non_null(strstr(r.err, "no responses"));
    t_run_free(&r);
    r = RUN(f, "simulate", "--examinees", "20", "--max-items", "15", "--seed", "2", "--json");
    if (r.status != 0)
        fail_msg("simulate: %s", r.err);
    json_t *j = parse_json(r.out);
    assert_int_equal(jint(j, "stored.attempts"), 40);
    assert_int_equal(json_array_size(json_object_get(j, "comparison")), 2);
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "simulate", "--examinees", "10", "--max-items", "12", "--no-store");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "adaptive"));
    assert_non_null(strstr(r.out, "random form"));
    assert_null(strstr(r.out, "Stored"));
    t_run_free(&r);

    r = RUN(f, "analyze", "--json");
    assert_int_equal(r.status, 0);
    j = parse_json(r.out);
    assert_int_equal(jint(j, "attempts"), 40);
    assert_int_equal(jint(j, "adaptive_attempts"), 20);
    assert_int_equal(json_array_size(json_object_get(j, "forms")), 1);
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "analyze");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Forms"));
    assert_non_null(strstr(r.out, "DI%"));
    t_run_free(&r);

    r = RUN(f, "calibrate", "--model", "rasch", "--json", "--include-simulated");
    assert_int_equal(r.status, 0);
    j = parse_json(r.out);
    assert_true(json_is_true(json_object_get(json_object_get(j, "run"), "converged")));
    assert_int_equal(jint(j, "persons"), 40);
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "calibrate"); /* simulated attempts are left out by default */
    assert_int_equal(r.status, 2);
    t_run_free(&r);
}

static void grade_can_record_the_answers(void **state)
{
    fx *f = *state;
    t_run a = RUN(f, "quiz", "--seed", "11", "-n", "8", "--json", "--print");
    t_run k = RUN(f, "quiz", "--seed", "11", "-n", "8", "--json", "--with-key");
    assert_int_equal(a.status, 0);
    char *quiz = t_path(f->dir, "quiz.json"), *ans = t_path(f->dir, "answers.json");
    t_write_file(quiz, a.out, a.out_len);
    char *perfect = perfect_answers(k.out);
    t_write_file(ans, perfect, strlen(perfect));
    t_run g =
        RUN(f, "grade", "--quiz", quiz, "--answers", ans, "--record", "--person", "kim", "--json");
    if (g.status != 0)
        fail_msg("grade --record: %s", g.err);
    json_t *j = parse_json(g.out);
    assert_true(jint(j, "attempt") > 0);
    json_decref(j);
    t_run_free(&g);
    g = RUN(f, "analyze", "--json");
    j = parse_json(g.out);
    assert_int_equal(jint(j, "attempts"), 1);
    assert_int_equal(jint(j, "simulated_attempts"), 0);
    assert_int_equal(jint(j, "responses"), 8);
    json_decref(j);
    t_run_free(&g);
    free(perfect);
    free(quiz);
    free(ans);
    t_run_free(&a);
    t_run_free(&k);
}

/* A read of the pty that gives up after 20 s (a hung child fails the test). */
static ssize_t read_pty(int fd, char *buf, size_t cap)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, 20000) != 1)
        fail_msg("no output from the pseudo-terminal for 20 s");
    return read(fd, buf, cap);
}

/* `assay account add` on a terminal: the password typed twice, never echoed. */
static char *account_add_on_pty(fx *f, const char *name, const char *first, const char *second,
                                int *status)
{
    int master;
    pid_t pid = forkpty(&master, NULL, NULL, NULL);
    assert_true(pid >= 0);
    if (pid == 0) {
        putenv(f->env_db);
        setenv("LANGUAGE", "en", 1);
        setenv("LC_ALL", "C.UTF-8", 1);
        execl(ASSAY_BIN, ASSAY_BIN, "account", "add", name, "--role", "assessor", (char *)NULL);
        _exit(127);
    }
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    const char *lines[] = {first, second};
    for (int i = 0; i < 2; i++) {
        /* wait for the prompt, then type */
        while (!strstr(out, i ? "again" : "Password:")) {
            ssize_t k = read_pty(master, out + n, cap - n - 1);
            if (k <= 0)
                break;
            n += (size_t)k;
            out[n] = '\0';
        }
        assert_true(write(master, lines[i], strlen(lines[i])) == (ssize_t)strlen(lines[i]));
        assert_true(write(master, "\n", 1) == 1);
    }
    for (;;) {
        ssize_t k = read_pty(master, out + n, cap - n - 1);
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    out[n] = '\0';
    close(master);
    int st;
    waitpid(pid, &st, 0);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    return out;
}

static void accounts_are_made_listed_and_given_roles(void **state)
{
    fx *f = *state;
    /* the password from a pipe: its first line */
    t_run r = run_in("correct horse\n", NULL, f, "account", "add", "ahn", "--role", "admin",
                     (const char *)NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ahn"));
    t_run_free(&r);
    r = run_in("secret-kim\n", NULL, f, "account", "add", "kim", "--json", (const char *)NULL);
    assert_int_equal(r.status, 0);
    json_t *j = parse_json(r.out);
    assert_string_equal(json_string_value(json_object_get(j, "role")), "learner");
    json_decref(j);
    t_run_free(&r);

    /* the library agrees: the password signs in, the roles are stored */
    assay *a = assay_new();
    assay_bank *b = NULL;
    char url[4300];
    snprintf(url, sizeof url, "sqlite:%s", f->db);
    assert_int_equal(assay_bank_open(a, url, &b), ASSAY_OK);
    assert_int_equal(assay_account_check(b, "ahn", "correct horse"), ASSAY_OK);
    assert_int_equal(assay_account_check(b, "kim", "secret-kim"), ASSAY_OK);
    assay_list *l = NULL;
    assert_int_equal(assay_bank_accounts(b, "ahn", &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 1);
    assert_string_equal(assay_list_account(l, 0)->role, "admin");
    assert_null(assay_list_kb(l, 0)); /* typed getters refuse another list */
    assay_list_free(l);
    assert_int_equal(assay_bank_accounts(b, "nobody", &l), ASSAY_ENOTFOUND);
    assert_null(l);
    assert_string_equal(assay_last_error(a)->param, "name");
    assay_bank_close(b);
    assay_free(a);

    r = RUN(f, "account", "role", "kim", "assessor");
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    r = RUN(f, "account", "list", "--json");
    assert_int_equal(r.status, 0);
    j = parse_json(r.out);
    json_t *arr = json_object_get(j, "accounts");
    assert_int_equal(json_array_size(arr), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "name")), "ahn");
    assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 1), "role")),
                        "assessor");
    assert_null(strstr(r.out, "argon2")); /* never a hash */
    json_decref(j);
    t_run_free(&r);
    r = RUN(f, "account", "list");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "assessor"));
    t_run_free(&r);

    /* usage: exit 1 */
    const char *const usage[][6] = {
        {"account", "frob", NULL},
        {"account", "add", NULL},
        {"account", "role", "kim", NULL},
        {"account", "role", "kim", "root", NULL},
        {"account", "add", "lee", "--role", "root", NULL},
        {"account", "list", "--role", "admin", NULL},
    };
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        r = run_in("password1\n", NULL, f, usage[i][0], usage[i][1], usage[i][2], usage[i][3],
                   usage[i][4], usage[i][5]);
        if (r.status != 1)
            fail_msg("case %zu: exit %d: %s", i, r.status, r.err);
        t_run_free(&r);
    }
    /* bad input or not found: exit 2, nothing stored */
    const char *const bad[][2] = {{"lee", "short\n"},     /* a short password */
                                  {"kim", "password1\n"}, /* a taken name */
                                  {"a b", "password1\n"}, /* white space */
                                  {"lee", ""}};           /* no password at all */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = run_in(bad[i][1], NULL, f, "account", "add", bad[i][0], (const char *)NULL);
        if (r.status != 2)
            fail_msg("case %zu: exit %d: %s", i, r.status, r.err);
        t_run_free(&r);
    }
    r = RUN(f, "account", "role", "nobody", "admin");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "nobody"));
    t_run_free(&r);
    r = RUN(f, "account", "list", "--json");
    j = parse_json(r.out);
    assert_int_equal(json_array_size(json_object_get(j, "accounts")), 2);
    json_decref(j);
    t_run_free(&r);

    /* a terminal: typed twice without echo; two different ones store nothing */
    int st = 0;
    char *out = account_add_on_pty(f, "lee", "typed-secret", "typed-secret", &st);
    assert_int_equal(st, 0);
    assert_null(strstr(out, "typed-secret"));
    assert_non_null(strstr(out, "lee"));
    free(out);
    out = account_add_on_pty(f, "park", "first-secret", "other-secret", &st);
    assert_int_equal(st, 2);
    assert_null(strstr(out, "first-secret"));
    assert_non_null(strstr(out, "differ"));
    free(out);
    r = RUN(f, "account", "list", "--json");
    j = parse_json(r.out);
    assert_int_equal(json_array_size(json_object_get(j, "accounts")), 3);
    json_decref(j);
    t_run_free(&r);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(version_help_and_man_page),
        T(usage_errors_exit_1),
        T(import_reports_counts_and_a_second_import_nothing),
        T(import_warnings_name_file_and_line),
        T(bad_input_exits_2_and_writes_nothing),
        T(storage_errors_exit_3),
        T(not_found_exits_2),
        T(stdin_and_check),
        T(parallel_imports_into_a_new_bank),
        T(the_main_job_shows_the_bundled_bank),
        T(tables_line_up_with_hangul),
        T(items_and_show),
        T(show_distractors),
        T(default_database_follows_xdg),
        T(colour_only_on_a_terminal_and_never_with_no_color),
        T(quiz_is_reproducible_and_keyless),
        T(grade_a_quiz_round_trip),
        T(grade_pairs_from_elsewhere),
        T(a_missing_dictionary_is_an_error_at_start),
        T(audit_reports_its_targets),
        T(quiz_usage_errors),
        T(calibrate_a_csv_from_elsewhere),
        T(simulate_analyze_calibrate_on_the_bank),
        T(grade_can_record_the_answers),
        T(accounts_are_made_listed_and_given_roles),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
