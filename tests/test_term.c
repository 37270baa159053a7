/*
 * test_term — the interactive front end as a person and a script use it:
 * unit tests of wrapping (Hangul, long words, widths) and answer parsing;
 * `assay quiz` and `assay assess` driven on a real terminal through tmux (a
 * Hangul line wrapped at 60 columns, the feedback after a wrong answer,
 * refused lines, Korean and English); and whole sessions through a pipe with
 * --json, read back as JSON lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "i18n.h"
#include "support.h"
#include "term.h"
#include "tmux.h"
#include "ui.h"

#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define WAIT_MS 30000 /* under ASan on a busy machine a screen can take a while */

/* ---- helpers ---------------------------------------------------------------------- */

typedef struct fx {
    char *dir, *db, *env_db;
    t_tmux tm;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->db = t_path(f->dir, "bank.db");
    size_t n = strlen(f->db) + 16;
    f->env_db = malloc(n);
    snprintf(f->env_db, n, "ASSAY_DB=%s", f->db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    t_tmux_kill(&f->tm); /* also when the test failed */
    t_rm_rf(f->dir);
    free(f->dir);
    free(f->db);
    free(f->env_db);
    free(f);
    return 0;
}

/* Runs assay with args (NULL-terminated) and stdin. */
static t_run run_assay(fx *f, const char *in, const char *const *args)
{
    const char *argv[32] = {ASSAY_BIN};
    size_t n = 1;
    for (; *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    const char *env[] = {f->env_db, "NO_COLOR", "LANGUAGE", NULL};
    t_run r;
    assert_int_equal(t_exec(argv, env, in, &r), 0);
    return r;
}
#define ASSAY(f, in, ...) run_assay(f, in, (const char *const[]){__VA_ARGS__, NULL})

/* The quiz with its key, as `assay quiz --print --json --with-key` prints it. */
static json_t *quiz_key(fx *f, const char *seed, const char *n, const char *types)
{
    t_run r = ASSAY(f, NULL, "quiz", "--print", "--json", "--with-key", "--seed", seed, "-n", n,
                    "--types", types);
    assert_int_equal(r.status, 0);
    json_error_t err;
    json_t *j = json_loads(r.out, 0, &err);
    assert_non_null(j);
    t_run_free(&r);
    return j;
}

/* The answer a learner who knows everything types for question q (buf). */
static void right_answer(json_t *q, char *buf, size_t cap)
{
    const char *type = json_string_value(json_object_get(q, "type"));
    json_t *key = json_object_get(q, "key");
    if (strcmp(type, "tf") == 0) {
        snprintf(buf, cap, "%s", json_is_true(json_object_get(key, "truth")) ? "o" : "x");
    } else if (strcmp(type, "cloze") == 0) {
        snprintf(buf, cap, "%s",
                 json_string_value(json_array_get(json_object_get(key, "accept"), 0)));
    } else if (strcmp(type, "match") == 0) {
        size_t i, n = 0;
        json_t *p;
        buf[0] = '\0';
        json_array_foreach(json_object_get(key, "pairs"), i, p)
        {
            snprintf(buf + n, cap - n, "%s%zu%c", i ? " " : "", i + 1,
                     (char)('a' + json_integer_value(p)));
            n = strlen(buf);
        }
    } else if (json_object_get(key, "option")) {
        snprintf(buf, cap, "%lld",
                 (long long)json_integer_value(json_object_get(key, "option")) + 1);
    } else {
        const char *a = json_string_value(json_object_get(key, "answer"));
        size_t k = strcspn(a, "\n");
        snprintf(buf, cap, "%.*s", (int)k, a);
    }
}

/* Appends s to the NUL-terminated buf of cap bytes, cutting it when full. */
static void cat(char *buf, size_t cap, const char *s, size_t n)
{
    size_t k = strlen(buf);
    if (k + 1 >= cap)
        return;
    if (n > cap - k - 1)
        n = cap - k - 1;
    memcpy(buf + k, s, n);
    buf[k + n] = '\0';
}

/* Parses JSON lines; returns an array of the objects. */
static json_t *json_lines(const char *s)
{
    json_t *a = json_array();
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, "\n");
        json_error_t err;
        json_t *o = json_loadb(p, n, 0, &err);
        if (!o)
            fail_msg("not a JSON line: %.*s (%s)", (int)n, p, err.text);
        json_array_append_new(a, o);
        p += n + (p[n] == '\n');
    }
    return a;
}

static size_t count_events(json_t *lines, const char *event)
{
    size_t i, n = 0;
    json_t *o;
    json_array_foreach(lines, i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "event")), event) == 0)
            n++;
    }
    return n;
}

static json_t *last_event(json_t *lines, const char *event)
{
    size_t i;
    json_t *o, *last = NULL;
    json_array_foreach(lines, i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "event")), event) == 0)
            last = o;
    }
    return last;
}

/* Display width of each line of s; fails the test when one is wider than w. */
static void no_line_wider(const char *s, size_t w)
{
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, "\n");
        size_t lw = assay_text_width(p, n);
        if (lw > w)
            fail_msg("a line of %zu columns (at most %zu): %.*s", lw, w, (int)n, p);
        p += n + (p[n] == '\n');
    }
}

/* ---- unit: wrapping --------------------------------------------------------------- */

static void wrap_hangul_at_spaces(void **state)
{
    (void)state;
    const char *text = "서버의 CPU, 메모리, 디스크를 증가시키는 것. 구성이 단순하지만 하드웨어 "
                       "한계 존재, 비용 증가 곡선이 가파름.";
    char *w = term_wrap(text, 30, "  1) ", "     ");
    assert_non_null(w);
    no_line_wider(w, 30);
    assert_true(t_count(w, "\n") >= 3);
    /* first line numbered, the others indented under the text */
    assert_memory_equal(w, "  1) ", 5);
    size_t lines = 0;
    char joined[1024] = "";
    for (const char *p = w; *p; lines++) {
        size_t n = strcspn(p, "\n");
        if (lines)
            assert_memory_equal(p, "     ", 5);
        assert_true(n > 5);
        assert_true(p[5] != ' '); /* no space left at the start of a line */
        assert_true(p[n - 1] != ' ');
        cat(joined, sizeof joined, " ", 1);
        cat(joined, sizeof joined, p + 5, n - 5);
        p += n + 1;
    }
    /* nothing lost or split: the words joined by single spaces are the text */
    assert_string_equal(joined + 1, text);
    free(w);
}

static void wrap_long_words_and_widths(void **state)
{
    (void)state;
    /* a Hangul word wider than the line: broken between syllables */
    const char *word = "가나다라마바사아자차카타파하가나다라마바사아자차카타파하";
    char *w = term_wrap(word, 20, "", "  ");
    assert_non_null(w);
    no_line_wider(w, 20);
    assert_true(t_count(w, "\n") >= 3);
    /* every line holds whole syllables (valid UTF-8) */
    for (const char *p = w; *p;) {
        size_t n = strcspn(p, "\n");
        char *nfc = assay_text_nfc(p, n);
        assert_non_null(nfc);
        assay_string_free(nfc);
        p += n + 1;
    }
    free(w);
    /* an ASCII word longer than the line */
    w = term_wrap("see https://example.com/a/very/long/path/that/does/not/fit here", 24, "", "");
    no_line_wider(w, 24);
    assert_non_null(strstr(w, "see\n"));
    free(w);
    /* widths: Hangul counts two, so 10 syllables fill 20 columns exactly */
    w = term_wrap("가나다라마바사아자차 카", 20, "", "");
    assert_string_equal(w, "가나다라마바사아자차\n카\n");
    free(w);
    w = term_wrap("가나다라마 바사아자 카", 20, "", "");
    assert_string_equal(w, "가나다라마 바사아자\n카\n");
    free(w);
    /* newlines kept, runs of spaces folded, empty text one empty line */
    w = term_wrap("a   b\nc", 80, "> ", "  ");
    assert_string_equal(w, "> a b\n  c\n");
    free(w);
    w = term_wrap("", 80, "", "");
    assert_string_equal(w, "\n");
    free(w);
}

/* Answers with tables and code (issue 12): tables aligned by display width,
 * code and table lines never wrapped or squeezed. */
static void tables_aligned_and_code_kept(void **state)
{
    (void)state;
    char *t =
        term_tables("Compare:\n| a | 기본값 |\n| :---: | ---: |\n| xyz | 1 |\n| 가 | 22 |\nend");
    assert_non_null(t);
    assert_string_equal(t, "Compare:\n"
                           "|  a  | 기본값 |\n"
                           "|-----|--------|\n"
                           "| xyz |      1 |\n"
                           "| 가  |     22 |\n"
                           "end");
    free(t);
    t = term_tables("```\n| a |\n| --- |\n```");
    assert_string_equal(t, "```\n| a |\n| --- |\n```"); /* code stays code */
    free(t);
    char *w = term_wrap("x\n```py\nif a:\n    b    =  1\n```\n| a  | b |", 20, "> ", "  ");
    assert_string_equal(w, "> x\n  ```py\n  if a:\n      b    =  1\n  ```\n  | a  | b |\n");
    free(w);
    /* a blank line inside code (it once made term_wrap loop for ever) */
    w = term_wrap("```js\nf() {\n\n  g();\n}\n```\ndone", 40, "    ", "    ");
    assert_string_equal(w, "    ```js\n    f() {\n    \n      g();\n    }\n    ```\n    done\n");
    free(w);
}

/* Stored Markdown links and images as a terminal shows them: the text and its
 * address, an image labelled; inside a choice the text only; code, escaped
 * brackets and broken links as written. */
static void links_read_as_text(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int addresses;
        const char *out;
    } cases[] = {
        {"See [MDN docs](https://developer.mozilla.org/x) now", 1,
         "See MDN docs <https://developer.mozilla.org/x> now"},
        {"See [MDN docs](https://developer.mozilla.org/x) now", 0, "See MDN docs now"},
        {"![13번.PNG](https://example.com/13.png)\n다음 그림은?", 1,
         "[그림: 13번.PNG] <https://example.com/13.png>\n다음 그림은?"},
        {"![](a.png)", 0, "[그림]"},
        {"[https://a.io/](https://a.io/)", 1, "https://a.io/"},
        {"[a \\[b\\] c](<https://x.io/a b>)", 1, "a [b] c <https://x.io/a b>"},
        {"`[x](y)` and [x](y)", 0, "`[x](y)` and x"},
        {"```\n[x](y)\n```\n[x](y)", 0, "```\n[x](y)\n```\nx"},
        {"\\[x](y) [x] (y) [x](y z) [x](", 1, "\\[x](y) [x] (y) [x](y z) [x]("},
        {"a ` b [x](y)", 0, "a ` b x"},
        {"", 1, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = term_links(cases[i].in, cases[i].addresses, "그림");
        assert_non_null(t);
        assert_string_equal(t, cases[i].out);
        free(t);
    }
}

static void clean_lines(void **state)
{
    (void)state;
    char *line = NULL;
    assert_int_equal(term_clean("  서버 \r", 9, &line), TERM_LINE_OK);
    assert_string_equal(line, "서버");
    free(line);
    /* decomposed jamo become one syllable (NFC) */
    assert_int_equal(term_clean("\xe1\x84\x80\xe1\x85\xa1", 6, &line), TERM_LINE_OK);
    assert_string_equal(line, "가");
    free(line);
    assert_int_equal(term_clean("\xff\xfe", 2, &line), TERM_LINE_BAD_UTF8);
    assert_null(line);
}

/* ---- unit: answers ---------------------------------------------------------------- */

static void parse_answers(void **state)
{
    (void)state;
    i18n_init("en");
    const char *opts[] = {"수평 확장", "수직 확장", "Sharding", "캐시"};
    assay_question mcq = {.type = ASSAY_Q_MCQ, .options = opts, .n_options = 4};
    ui_reply r;
    assert_int_equal(ui_parse_answer(&mcq, "2", &r), UI_ANSWER);
    assert_int_equal(r.ans.choice, 1);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "C", &r), UI_ANSWER);
    assert_int_equal(r.ans.choice, 2);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "d)", &r), UI_ANSWER);
    assert_int_equal(r.ans.choice, 3);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "sharding", &r), UI_ANSWER);
    assert_int_equal(r.ans.choice, 2);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "수직 확장", &r), UI_ANSWER);
    assert_int_equal(r.ans.choice, 1);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "5", &r), UI_RANGE);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "0", &r), UI_RANGE);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "e", &r), UI_RANGE);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "아무거나", &r), UI_BAD);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "", &r), UI_EMPTY);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "s", &r), UI_SKIP);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "q", &r), UI_QUIT);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&mcq, "?", &r), UI_HELP);
    ui_reply_free(&r);

    assay_question tf = {.type = ASSAY_Q_TF};
    static const char *const yes[] = {"o", "O", "t", "y", "1", "참", "true"};
    static const char *const no[] = {"x", "X", "f", "n", "0", "거짓", "False"};
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(ui_parse_answer(&tf, yes[i], &r), UI_ANSWER);
        assert_int_equal(r.ans.truth, 1);
        ui_reply_free(&r);
        assert_int_equal(ui_parse_answer(&tf, no[i], &r), UI_ANSWER);
        assert_int_equal(r.ans.truth, 0);
        ui_reply_free(&r);
    }
    assert_int_equal(ui_parse_answer(&tf, "maybe", &r), UI_BAD);
    ui_reply_free(&r);

    const char *left[] = {"l1", "l2", "l3"}, *right[] = {"r1", "r2", "r3"};
    assay_question m = {.type = ASSAY_Q_MATCH, .left = left, .right = right, .n_pairs = 3};
    assert_int_equal(ui_parse_answer(&m, "1b 2a 3c", &r), UI_ANSWER);
    assert_int_equal(r.ans.n_pairs, 3);
    assert_int_equal(r.pairs[0], 1);
    assert_int_equal(r.pairs[1], 0);
    assert_int_equal(r.pairs[2], 2);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&m, "3-c, 1-B, 2-a", &r), UI_ANSWER);
    assert_int_equal(r.pairs[0], 1);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&m, "b a c", &r), UI_ANSWER);
    assert_int_equal(r.pairs[0], 1);
    assert_int_equal(r.pairs[2], 2);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&m, "bac", &r), UI_ANSWER);
    assert_int_equal(r.pairs[1], 0);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&m, "1b 2a", &r), UI_BAD); /* 3 missing */
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&m, "1b 1a 3c", &r), UI_BAD); /* 1 twice */
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&m, "1b 2a 4c", &r), UI_RANGE);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&m, "1b 2a 3z", &r), UI_RANGE);
    ui_reply_free(&r);

    assay_question cz = {.type = ASSAY_Q_CLOZE};
    assert_int_equal(ui_parse_answer(&cz, "수평 확장", &r), UI_ANSWER);
    assert_string_equal(r.ans.text, "수평 확장");
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&cz, "3", &r), UI_ANSWER); /* a number is text here */
    assert_string_equal(r.ans.text, "3");
    ui_reply_free(&r);

    assay_question sc = {.type = ASSAY_Q_SCENARIO, .options = opts, .n_options = 4};
    assert_int_equal(ui_parse_answer(&sc, "4", &r), UI_ANSWER);
    assert_int_equal(r.ans.choice, 3);
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&sc, "캐시를 앞에 두고 샤딩한다", &r), UI_ANSWER);
    assert_int_equal(r.ans.choice, -1);
    assert_string_equal(r.ans.text, "캐시를 앞에 두고 샤딩한다");
    ui_reply_free(&r);
    assert_int_equal(ui_parse_answer(&sc, "7", &r), UI_RANGE);
    ui_reply_free(&r);
}

/* ---- through a pipe, JSON lines --------------------------------------------------- */

static void quiz_through_a_pipe(void **state)
{
    fx *f = *state;
    json_t *key = quiz_key(f, "5", "8", "mcq,tf,cloze,match,short");
    json_t *qs = json_object_get(key, "questions");
    size_t nq = json_array_size(qs);
    assert_int_equal(nq, 8);
    /* the right answers; before the first multiple-choice one an empty line, a
     * number out of range and invalid UTF-8, all refused */
    char in[16384] = "";
    json_int_t refused_at = 0;
    for (size_t i = 0; i < nq; i++) {
        char a[4096];
        right_answer(json_array_get(qs, i), a, sizeof a);
        if (!refused_at &&
            strcmp(json_string_value(json_object_get(json_array_get(qs, i), "type")), "mcq") == 0) {
            cat(in, sizeof in, "\n99\n\xff\xfe\n", 7);
            refused_at = (json_int_t)i + 1;
        }
        cat(in, sizeof in, a, strlen(a));
        cat(in, sizeof in, "\n", 1);
    }
    t_run r = ASSAY(f, in, "quiz", "--json", "--seed", "5", "-n", "8", "--types",
                    "mcq,tf,cloze,match,short", "--lang", "en");
    assert_int_equal(r.status, 0);
    json_t *lines = json_lines(r.out);
    assert_string_equal(json_string_value(json_object_get(json_array_get(lines, 0), "event")),
                        "start");
    assert_int_equal(count_events(lines, "question"), nq);
    assert_int_equal(count_events(lines, "feedback"), nq);
    assert_int_equal(count_events(lines, "invalid"), 3);
    assert_true(refused_at > 0);
    /* the refused lines, in order, all for the same question */
    const char *reasons[] = {"empty", "range", "utf8"};
    size_t i, k = 0;
    json_t *o;
    json_array_foreach(lines, i, o)
    {
        const char *ev = json_string_value(json_object_get(o, "event"));
        if (strcmp(ev, "question") == 0) {
            /* what a learner may see: no key */
            json_t *shown = json_object_get(o, "question");
            assert_non_null(shown);
            assert_null(json_object_get(shown, "key"));
            assert_null(json_object_get(shown, "answer"));
            assert_null(json_object_get(shown, "expected"));
            assert_int_equal(json_integer_value(json_object_get(o, "total")), 8);
        }
        if (strcmp(ev, "invalid") == 0) {
            assert_string_equal(json_string_value(json_object_get(o, "reason")), reasons[k++]);
            assert_int_equal(json_integer_value(json_object_get(o, "n")), refused_at);
        }
        if (strcmp(ev, "feedback") == 0) {
            const char *type = json_string_value(json_object_get(o, "type"));
            assert_false(json_is_true(json_object_get(o, "skipped")));
            if (strcmp(type, "short") != 0) /* the exact types: all right */
                assert_true(json_is_true(json_object_get(o, "correct")));
            assert_non_null(
                json_object_get(json_object_get(json_object_get(o, "key"), "source"), "line"));
        }
    }
    json_t *sum = last_event(lines, "summary");
    assert_non_null(sum);
    assert_string_equal(json_string_value(json_object_get(sum, "kind")), "quiz");
    assert_true(json_is_true(json_object_get(sum, "finished")));
    assert_int_equal(json_integer_value(json_object_get(sum, "answered")), 8);
    assert_true(json_real_value(json_object_get(sum, "score")) >= 7.0);
    assert_true(json_array_size(json_object_get(sum, "by_topic")) >= 1);
    json_decref(lines);
    t_run_free(&r);

    /* q stops early: the summary says so; plain text when not --json */
    /* a line over the 64 KiB cap is refused with a message, then s and q */
    size_t big = 70000;
    char *in2 = malloc(big + 8);
    memset(in2, 'a', big);
    memcpy(in2 + big, "\ns\nq\n", 6);
    r = ASSAY(f, in2, "quiz", "--seed", "5", "-n", "8", "--types", "mcq,tf,cloze,match,short",
              "--lang", "en");
    free(in2);
    assert_non_null(strstr(r.out, "That line is too long (at most 64 KiB)."));
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Question 1 of 8"));
    assert_non_null(strstr(r.out, "Skipped."));
    assert_non_null(strstr(r.out, "The answer: "));
    assert_non_null(strstr(r.out, "Stopped after 1 of 8 questions."));
    assert_null(strstr(r.out, "Question 3 of 8"));
    assert_null(strstr(r.out, "\033[")); /* no colour without a terminal */
    t_run_free(&r);
    json_decref(key);
}

static void assess_through_a_pipe(void **state)
{
    fx *f = *state;
    char in[256] = "";
    for (int i = 0; i < 12; i++)
        cat(in, sizeof in, i % 3 ? "1\n" : "2\n", 2);
    t_run r =
        ASSAY(f, in, "assess", "--json", "--seed", "3", "--max-items", "6", "-t", "3", "-t", "5");
    assert_int_equal(r.status, 0);
    json_t *lines = json_lines(r.out);
    size_t nq = count_events(lines, "question");
    assert_true(nq >= 1 && nq <= 6);
    assert_int_equal(count_events(lines, "feedback"), nq);
    json_t *q1 = json_array_get(lines, 1);
    assert_string_equal(json_string_value(json_object_get(q1, "event")), "question");
    assert_int_equal(json_integer_value(json_object_get(q1, "total")), 6);
    assert_int_equal(json_integer_value(json_object_get(q1, "topics")), 2);
    json_t *sum = last_event(lines, "summary");
    assert_string_equal(json_string_value(json_object_get(sum, "kind")), "assessment");
    json_t *prof = json_object_get(sum, "profile");
    assert_int_equal(json_integer_value(json_object_get(prof, "answered")), (json_int_t)nq);
    assert_int_equal(json_array_size(json_object_get(prof, "topics")), 2);
    json_decref(lines);
    t_run_free(&r);

    /* plain text, in Korean from the locale alone (ko_KR.UTF-8 need not exist) */
    const char *argv[] = {ASSAY_BIN, "assess", "--seed", "3", "--max-items", "3", "-t", "3", NULL};
    const char *env[] = {f->env_db, "LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG=ko_KR.UTF-8", NULL};
    assert_int_equal(t_exec(argv, env, "1\n1\n1\n", &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "문제 1"));
    assert_non_null(strstr(r.out, "하나를 고르세요."));
    assert_non_null(strstr(r.out, "레벨 "));
    assert_non_null(strstr(r.out, "능력 "));
    t_run_free(&r);
    /* --lang wins over the locale, and a bad --lang is a usage error */
    const char *argv2[] = {ASSAY_BIN, "assess", "--seed", "3", "--max-items",
                           "1",       "--lang", "en",     NULL};
    assert_int_equal(t_exec(argv2, env, "1\n", &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Choose one."));
    assert_non_null(strstr(r.out, "Overall: Level "));
    t_run_free(&r);
    r = ASSAY(f, "", "assess", "--lang", "fr");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "--lang"));
    t_run_free(&r);
}

/* Types a line once the program is waiting for it: the screen shows one more
 * "> " prompt than lines typed so far (keys typed earlier could be lost when
 * libedit switches the terminal mode). */
static void type_line(fx *f, size_t *typed, const char *text)
{
    char *screen = t_tmux_wait(&f->tm, "\n>", *typed + 1, WAIT_MS);
    assert_non_null(screen);
    if (t_count(screen, "\n>") < *typed + 1)
        fail_msg("no prompt for line %zu:\n%s", *typed + 1, screen);
    free(screen);
    assert_int_equal(t_tmux_type(&f->tm, text, 1), 0);
    (*typed)++;
}

/* ---- on a terminal, through tmux ------------------------------------------------- */

/* The first option (of any multiple-choice question) whose text is wider than
 * `min` columns and holds Hangul: *qi, *oi; 0 when there is none. */
static int long_hangul_option(json_t *qs, size_t min, size_t *qi, size_t *oi)
{
    size_t i;
    json_t *q;
    json_array_foreach(qs, i, q)
    {
        size_t k;
        json_t *o;
        json_array_foreach(json_object_get(q, "options"), k, o)
        {
            const char *s = json_string_value(o);
            if (assay_text_width(s, strlen(s)) > min && strstr(s, "\xEB")) {
                *qi = i;
                *oi = k;
                return 1;
            }
        }
    }
    return 0;
}

static void quiz_on_a_terminal_ko(void **state)
{
    fx *f = *state;
    if (!t_tmux_bin())
        fail_msg("tmux is missing: run scripts/deps.sh");
    const char *seed = NULL;
    static const char *const seeds[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
    json_t *key = NULL;
    size_t qi = 0, oi = 0;
    for (size_t s = 0; s < 10 && !seed; s++) {
        json_decref(key);
        key = quiz_key(f, seeds[s], "6", "mcq");
        if (long_hangul_option(json_object_get(key, "questions"), 58, &qi, &oi))
            seed = seeds[s];
    }
    assert_non_null(seed);
    json_t *qs = json_object_get(key, "questions");
    const char *argv[] = {ASSAY_BIN, "quiz", "--seed", seed, "-n", "6",
                          "--types", "mcq",  "--lang", "ko", NULL};
    const char *env[] = {f->env_db, NULL};
    assert_int_equal(t_tmux_start(&f->tm, 60, 50, env, argv), 0);
    char *screen = t_tmux_wait(&f->tm, "문제 1 / 6", 1, WAIT_MS);
    assert_non_null(strstr(screen, "문제 1 / 6"));
    free(screen);
    size_t typed = 0;
    for (size_t i = 0; i < json_array_size(qs); i++) {
        json_t *q = json_array_get(qs, i);
        char want[64], a[64];
        snprintf(want, sizeof want, "문제 %zu / 6", i + 1);
        screen = t_tmux_wait(&f->tm, want, 1, WAIT_MS);
        assert_non_null(strstr(screen, want));
        free(screen);
        long keyi = (long)json_integer_value(json_object_get(json_object_get(q, "key"), "option"));
        size_t nopt = json_array_size(json_object_get(q, "options"));
        if (i == 0) {
            /* refused lines first: empty, out of range; the same question again */
            type_line(f, &typed, "");
            screen = t_tmux_wait(&f->tm, "답을 입력하세요.", 1, WAIT_MS);
            assert_non_null(strstr(screen, "답을 입력하세요."));
            free(screen);
            type_line(f, &typed, "9");
            screen = t_tmux_wait(&f->tm, "그런 번호나 글자의 보기는 없습니다.", 1, WAIT_MS);
            assert_non_null(strstr(screen, "그런 번호나 글자의 보기는 없습니다."));
            assert_null(strstr(screen, "문제 2 / 6"));
            free(screen);
            type_line(f, &typed, "?");
            screen = t_tmux_wait(&f->tm, "s: 이 문제 건너뛰기", 1, WAIT_MS);
            assert_non_null(strstr(screen, "s: 이 문제 건너뛰기"));
            free(screen);
            /* then a wrong answer: the feedback shows the correct option */
            snprintf(a, sizeof a, "%ld", (keyi + 1) % (long)nopt + 1);
            type_line(f, &typed, a);
            screen = t_tmux_wait(&f->tm, "✗ 틀렸습니다.", 1, WAIT_MS);
            assert_non_null(strstr(screen, "✗ 틀렸습니다."));
            char correct[64];
            snprintf(correct, sizeof correct, "정답: %ld) ", keyi + 1);
            assert_non_null(strstr(screen, correct));
            /* the option's text follows (its first word at least) */
            const char *opt =
                json_string_value(json_array_get(json_object_get(q, "options"), (size_t)keyi));
            char first_word[128];
            snprintf(first_word, sizeof first_word, "%.*s", (int)strcspn(opt, " "), opt);
            assert_non_null(strstr(strstr(screen, correct), first_word));
            assert_non_null(strstr(screen, "출처: "));
            free(screen);
        } else {
            snprintf(a, sizeof a, "%ld", keyi + 1);
            type_line(f, &typed, a);
        }
    }
    screen = t_tmux_wait(&f->tm, "[exit ", 1, WAIT_MS);
    if (!strstr(screen, "[exit 0]"))
        fail_msg("the program did not end well:\n%s", screen);
    assert_non_null(strstr(screen, "점수: 5.00 / 6 (83%)"));
    assert_non_null(strstr(screen, "주제별"));
    assert_non_null(strstr(screen, "다시 볼 문제"));
    assert_non_null(strstr(screen, "assay review"));
    /* no line of the screen wider than the terminal */
    no_line_wider(screen, 60);
    /* the long Hangul option: wrapped at a space, the rest indented under it */
    json_t *q = json_array_get(qs, qi);
    const char *opt = json_string_value(json_array_get(json_object_get(q, "options"), oi));
    char lead[16];
    snprintf(lead, sizeof lead, "  %zu) ", oi + 1);
    const char *at = NULL;
    size_t fl = 0;
    for (const char *p = screen; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > strlen(lead) && strncmp(p, lead, strlen(lead)) == 0 &&
            strncmp(p + strlen(lead), opt, n - strlen(lead)) == 0) {
            at = p;
            fl = n;
            break;
        }
        p += n + (p[n] == '\n');
    }
    assert_non_null(at);
    size_t taken = fl - strlen(lead);
    assert_true(taken < strlen(opt)); /* it did not fit on one line */
    assert_true(opt[taken] == ' ');   /* broken at a space */
    const char *next = at + fl + 1;
    assert_memory_equal(next, "     ", 5); /* continuation indented under the text */
    assert_true(next[5] != ' ');
    assert_true(strncmp(next + 5, opt + taken + 1, strcspn(next + 5, "\n")) == 0);
    free(screen);
    json_decref(key);
}

static void assess_on_a_terminal(void **state)
{
    fx *f = *state;
    if (!t_tmux_bin())
        fail_msg("tmux is missing: run scripts/deps.sh");
    const char *argv[] = {ASSAY_BIN, "assess", "--seed", "4",      "--max-items", "5", "-t",
                          "3",       "-t",     "7",      "--lang", "en",          NULL};
    const char *env[] = {f->env_db, "LANG=ko_KR.UTF-8", NULL};
    assert_int_equal(t_tmux_start(&f->tm, 60, 60, env, argv), 0);
    size_t typed = 0;
    for (int k = 1; k <= 5; k++) {
        char want[64];
        snprintf(want, sizeof want, "Question %d · ", k);
        char *screen = t_tmux_wait(&f->tm, want, 1, WAIT_MS);
        if (!strstr(screen, want) && strstr(screen, "Assessment finished")) {
            free(screen);
            break;
        }
        assert_non_null(strstr(screen, want));
        assert_non_null(strstr(screen, " of 2 topics decided"));
        free(screen);
        type_line(f, &typed, k % 2 ? "1" : "b");
    }
    char *screen = t_tmux_wait(&f->tm, "[exit ", 1, WAIT_MS);
    if (!strstr(screen, "[exit 0]"))
        fail_msg("the program did not end well:\n%s", screen);
    assert_non_null(strstr(screen, "Assessment finished after "));
    assert_non_null(strstr(screen, "Overall: Level "));
    assert_non_null(strstr(screen, "ability "));
    assert_non_null(strstr(screen, " ± "));
    assert_true(t_count(screen, "L1 ") >= 2); /* each level's probability, per topic */
    no_line_wider(screen, 60);
    free(screen);
}

/* Colour on a terminal, none with NO_COLOR; the same seed asks the same. */
static void colour_only_on_a_terminal(void **state)
{
    fx *f = *state;
    if (!t_tmux_bin())
        fail_msg("tmux is missing: run scripts/deps.sh");
    const char *argv[] = {ASSAY_BIN, "assess", "--seed", "2", "--max-items",
                          "2",       "--lang", "en",     NULL};
    char *first = NULL;
    for (int no_color = 0; no_color < 2; no_color++) {
        const char *env[] = {f->env_db, no_color ? "NO_COLOR=1" : "TERM=screen", NULL};
        assert_int_equal(t_tmux_start(&f->tm, 80, 40, env, argv), 0);
        size_t typed = 0;
        type_line(f, &typed, "1");
        type_line(f, &typed, "1");
        char *screen = t_tmux_wait(&f->tm, "[exit ", 1, WAIT_MS);
        if (!strstr(screen, "[exit 0]"))
            fail_msg("the program did not end well:\n%s", screen);
        char *styled = t_tmux_capture_styled(&f->tm);
        assert_non_null(styled);
        if (no_color)
            assert_null(strstr(styled, "\033["));
        else
            assert_non_null(strstr(styled, "\033["));
        free(styled);
        /* the same seed, the same answers: the same questions and profile */
        char *from = strstr(screen, "Adaptive assessment"); /* after any import note */
        assert_non_null(from);
        strstr(from, "[exit ")[0] = '\0'; /* tmux may add a line of its own after it */
        if (!first) {
            first = strdup(from);
        } else {
            assert_string_equal(first, from);
        }
        free(screen);
        t_tmux_kill(&f->tm);
    }
    free(first);
}

/* ---- a process we talk to line by line, and may kill ----------------------------- */

typedef struct child {
    pid_t pid;
    int to, from; /* its standard input and output */
    char buf[1 << 16];
    size_t have;
} child;

static void spawn(child *c, fx *f, const char *const *args)
{
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    c->pid = fork();
    assert_true(c->pid >= 0);
    if (c->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        putenv(f->env_db);
        unsetenv("LANGUAGE");
        setenv("NO_COLOR", "1", 1);
        const char *argv[32] = {ASSAY_BIN};
        size_t n = 1;
        for (; *args && n < 31; args++)
            argv[n++] = *args;
        argv[n] = NULL;
        execv(ASSAY_BIN, (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    c->to = in[1];
    c->from = out[0];
    c->have = 0;
}

/* The next line of its output (malloc'd), waiting at most WAIT_MS; NULL at the end. */
static char *next_line(child *c)
{
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->have);
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            char *line = strndup(c->buf, n);
            memmove(c->buf, nl + 1, c->have - n - 1);
            c->have -= n + 1;
            return line;
        }
        struct pollfd p = {.fd = c->from, .events = POLLIN};
        if (poll(&p, 1, WAIT_MS) <= 0 || c->have == sizeof c->buf)
            return NULL;
        ssize_t k = read(c->from, c->buf + c->have, sizeof c->buf - c->have);
        if (k <= 0)
            return NULL;
        c->have += (size_t)k;
    }
}

/* The next JSON line whose "event" is `event` (others are skipped). */
static json_t *next_event(child *c, const char *event)
{
    char *line;
    while ((line = next_line(c))) {
        json_t *j = json_loads(line, 0, NULL);
        free(line);
        const char *ev = json_string_value(json_object_get(j, "event"));
        if (ev && strcmp(ev, event) == 0)
            return j;
        json_decref(j);
    }
    return NULL;
}

static void say(child *c, const char *text)
{
    size_t n = strlen(text);
    assert_int_equal(write(c->to, text, n), (ssize_t)n);
}

/* SIGKILL in the middle of an assessment: `assay resume` continues with every
 * answered question kept and the same next question. */
static void a_killed_assessment_resumes(void **state)
{
    fx *f = *state;
    child c;
    spawn(&c, f,
          (const char *const[]){"assess", "--json", "--user", "kim", "--seed", "5", "--max-items",
                                "12", NULL});
    for (int k = 0; k < 4; k++) {
        json_t *q = next_event(&c, "question");
        assert_non_null(q);
        json_decref(q);
        say(&c, k % 2 ? "1\n" : "2\n");
        json_t *fb = next_event(&c, "feedback");
        assert_non_null(fb);
        json_decref(fb);
    }
    json_t *shown = next_event(&c, "question"); /* the fifth, on the screen */
    assert_non_null(shown);
    assert_int_equal(kill(c.pid, SIGKILL), 0);
    int status = 0;
    assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
    assert_true(WIFSIGNALED(status));
    close(c.to);
    close(c.from);
    t_run r = ASSAY(f, "q\n", "resume", "--json", "--user", "kim");
    assert_int_equal(r.status, 0);
    json_t *lines = json_lines(r.out);
    json_t *again = NULL;
    size_t i;
    json_t *o;
    json_array_foreach(lines, i,
                       o) if (!again && strcmp(json_string_value(json_object_get(o, "event")),
                                               "question") == 0) again = o;
    assert_non_null(again);
    assert_int_equal(json_integer_value(json_object_get(again, "position")), 5);
    assert_true(json_equal(json_object_get(again, "question"), json_object_get(shown, "question")));
    json_decref(lines);
    json_decref(shown);
    t_run_free(&r);
    r = ASSAY(f, NULL, "history", "--json", "--user", "kim");
    assert_int_equal(r.status, 0);
    json_t *h = json_loads(r.out, 0, NULL);
    assert_non_null(h);
    assert_int_equal(json_integer_value(json_object_get(h, "answered")), 4);
    assert_false(json_is_true(json_object_get(h, "finished")));
    json_decref(h);
    t_run_free(&r);
}

/* A script drives a review through a pipe: missed quiz questions come due,
 * each answer is rated and rescheduled, the summary closes it. */
static void a_review_through_a_pipe(void **state)
{
    fx *f = *state;
    t_run r = ASSAY(f, "s\ns\ns\ns\n", "quiz", "--user", "lee", "-n", "4", "--seed", "9", "--types",
                    "mcq", "--lang", "en");
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    r = ASSAY(f, NULL, "review", "--due", "--json", "--user", "lee");
    assert_int_equal(r.status, 0);
    assert_int_equal(t_count(r.out, "\"state\":\"new\""), 4);
    t_run_free(&r);
    r = ASSAY(f, "1\n1\n1\n1\n", "review", "--json", "--user", "lee", "--types", "mcq");
    assert_int_equal(r.status, 0);
    json_t *lines = json_lines(r.out);
    assert_int_equal(count_events(lines, "question"), 4);
    assert_int_equal(count_events(lines, "feedback"), 4);
    size_t i;
    json_t *o;
    json_array_foreach(lines, i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "event")), "feedback") != 0)
            continue;
        json_t *rv = json_object_get(o, "review");
        assert_non_null(rv);
        json_int_t rating = json_integer_value(json_object_get(rv, "rating"));
        assert_true(rating == 1 || rating == 3);
        assert_true(json_integer_value(json_object_get(rv, "due")) > 0);
        assert_int_equal(json_array_size(json_object_get(rv, "due_if")), 4);
    }
    json_t *sum = last_event(lines, "summary");
    assert_non_null(sum);
    assert_string_equal(json_string_value(json_object_get(sum, "kind")), "review");
    assert_true(json_is_true(json_object_get(sum, "finished")));
    json_decref(lines);
    t_run_free(&r);
    /* every card was reviewed once */
    r = ASSAY(f, NULL, "review", "--due", "--json", "--user", "lee");
    assert_int_equal(t_count(r.out, "\"reps\":1"), 4);
    t_run_free(&r);
    /* nothing due right after: said, exit 0 */
    r = ASSAY(f, "", "review", "--user", "lee", "--lang", "en");
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    r = ASSAY(f, NULL, "history", "--user", "lee");
    assert_non_null(strstr(r.out, "review"));
    assert_non_null(strstr(r.out, "quiz"));
    t_run_free(&r);
}

/* A review on a terminal: the feedback, the rating prompt, the next due date. */
static void a_review_on_a_terminal(void **state)
{
    fx *f = *state;
    if (!t_tmux_bin())
        fail_msg("tmux is missing: run scripts/deps.sh");
    t_run r = ASSAY(f, "s\ns\n", "quiz", "--user", "park", "-n", "2", "--seed", "4", "--types",
                    "mcq", "--lang", "en");
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    const char *argv[] = {ASSAY_BIN, "review", "--user", "park", "--types",
                          "mcq",     "--lang", "en",     NULL};
    const char *env[] = {f->env_db, NULL};
    assert_int_equal(t_tmux_start(&f->tm, 70, 50, env, argv), 0);
    size_t typed = 0;
    char *screen = t_tmux_wait(&f->tm, "Review: 2 items due", 1, WAIT_MS);
    assert_non_null(strstr(screen, "Review: 2 items due"));
    free(screen);
    type_line(f, &typed, "1");
    screen = t_tmux_wait(&f->tm, "Recall? 1 again", 1, WAIT_MS);
    assert_non_null(strstr(screen, "Recall? 1 again"));
    free(screen);
    assert_int_equal(t_tmux_type(&f->tm, "4", 1), 0);
    screen = t_tmux_wait(&f->tm, "Rated \"easy\"; next review: ", 1, WAIT_MS);
    assert_non_null(strstr(screen, "Rated \"easy\"; next review: "));
    free(screen);
    type_line(f, &typed, "q");
    screen = t_tmux_wait(&f->tm, "[exit ", 1, WAIT_MS);
    if (!strstr(screen, "[exit 0]"))
        fail_msg("the program did not end well:\n%s", screen);
    assert_non_null(strstr(screen, "assay resume"));
    free(screen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrap_hangul_at_spaces),
        cmocka_unit_test(wrap_long_words_and_widths),
        cmocka_unit_test(tables_aligned_and_code_kept),
        cmocka_unit_test(links_read_as_text),
        cmocka_unit_test(clean_lines),
        cmocka_unit_test(parse_answers),
        cmocka_unit_test_setup_teardown(quiz_through_a_pipe, setup, teardown),
        cmocka_unit_test_setup_teardown(assess_through_a_pipe, setup, teardown),
        cmocka_unit_test_setup_teardown(quiz_on_a_terminal_ko, setup, teardown),
        cmocka_unit_test_setup_teardown(assess_on_a_terminal, setup, teardown),
        cmocka_unit_test_setup_teardown(colour_only_on_a_terminal, setup, teardown),
        cmocka_unit_test_setup_teardown(a_killed_assessment_resumes, setup, teardown),
        cmocka_unit_test_setup_teardown(a_review_through_a_pipe, setup, teardown),
        cmocka_unit_test_setup_teardown(a_review_on_a_terminal, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
