/* The authors' thesaurus: NAME.thesaurus.tsv beside a document is read at
 * import (a bad line is an error naming file:line, and nothing is stored),
 * stored with the knowledge base (re-importing it unchanged writes nothing),
 * and its synonyms make a paraphrase match; the bundled knowledge base's own
 * thesaurus is there in a bank that stores it and in one that only shows it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "grade/thes.h"
#include "kb/thes.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char doc[] = "# 결제 가이드\n\n"
                          "## 청구\n\n"
                          "1. 월말에 무엇을 하는가?\n"
                          "   명세서를 발급한다.\n\n"
                          "2. 연체되면 어떻게 하는가?\n"
                          "   알림을 보내고 서비스를 정지한다.\n";
#define REFERENCE  "명세서를 발급한다."
#define PARAPHRASE "청구서를 발급한다."

typedef struct fx {
    char *dir;
    char *md, *tsv;
    char url[600];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->md = t_path(f->dir, "billing.md");
    f->tsv = t_path(f->dir, "billing.thesaurus.tsv");
    snprintf(f->url, sizeof f->url, "sqlite:%s/t.db", f->dir);
    *state = f;
    return t_write_file(f->md, doc, strlen(doc));
}

static int teardown(void **state)
{
    fx *f = *state;
    t_rm_rf(f->dir);
    free(f->dir);
    free(f->md);
    free(f->tsv);
    free(f);
    return 0;
}

/* Imports billing.md (with whatever thesaurus is beside it); returns wrote. */
static int import(fx *f, assay *a, assay_bank *b)
{
    assay_doc *d = NULL;
    if (assay_doc_load(a, f->md, NULL, &d) != ASSAY_OK)
        fail_msg("load: %s", assay_errmsg(a));
    assay_import_result r;
    assert_int_equal(assay_bank_import(b, &d, 1, &r), ASSAY_OK);
    assay_doc_free(d);
    return r.wrote;
}

static double graded(assay *a, assay_bank *b, const char *kb, const char *ref, const char *ans)
{
    assay_engine *e = NULL;
    if (assay_engine_open(b, kb, &e) != ASSAY_OK)
        fail_msg("engine: %s", assay_errmsg(a));
    assay_grade *g = NULL;
    assert_int_equal(assay_grade_text(a, e, ref, ans, &g), ASSAY_OK);
    double s = g->score;
    assay_grade_free(g);
    assay_engine_free(e);
    return s;
}

static void a_synonym_from_the_file_makes_a_paraphrase_match(void **state)
{
    fx *f = *state;
    assay *a = assay_new();
    assay_bank *b = NULL;
    assert_int_equal(assay_bank_open(a, f->url, &b), ASSAY_OK);
    import(f, a, b);
    double without = graded(a, b, "billing", REFERENCE, PARAPHRASE);
    assert_true(graded(a, b, "billing", REFERENCE, REFERENCE) == 1.0);
    fprintf(stderr, "without the thesaurus: %.2f\n", without);
    assert_true(without < 0.7);

    static const char tsv[] = "# billing terms\n\n"
                              "명세서\t청구서\tinvoice\r\n"
                              "정지 = 중단\n";
    assert_int_equal(t_write_file(f->tsv, tsv, strlen(tsv)), 0);
    assay_doc *d = NULL;
    assert_int_equal(assay_doc_load(a, f->md, NULL, &d), ASSAY_OK);
    assert_int_equal(assay_doc_thesaurus_count(d), 2);
    assert_non_null(strstr(assay_doc_thesaurus_file(d), "billing.thesaurus.tsv"));
    assay_doc_free(d);
    assert_int_equal(import(f, a, b), 1); /* a new edition: the thesaurus changed */
    double with = graded(a, b, "billing", REFERENCE, PARAPHRASE);
    fprintf(stderr, "with it: %.2f\n", with);
    assert_true(with > without);
    assert_true(with >= 0.9);
    /* English spelling of the group, and the '=' form of a line */
    assert_true(graded(a, b, "billing", REFERENCE, "invoice를 발급한다.") >= 0.9);
    assert_true(graded(a, b, "billing", "알림을 보내고 서비스를 정지한다.",
                       "알림을 보내고 서비스를 중단한다.") >= 0.9);
    assert_int_equal(import(f, a, b), 0); /* unchanged: nothing written */
    assay_bank_close(b);
    assay_free(a);
}

static void a_bad_line_is_an_error_with_file_and_line(void **state)
{
    fx *f = *state;
    const struct {
        const char *text;
        const char *says;
    } bad[] = {
        {"# ok\n명세서\t청구서\n외톨이\n", ":3:"},
        {"명세서\t\t청구서\n", "empty"},
        {"a|b\tc\n", "'|'"},
        {"같다\t같다\n", "repeats"},
        {"x\ty\n\n\xff\xfe\tz\n", ":3:"},
        {"x\ty\x01z\n", "control"},
    };
    assay *a = assay_new();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(t_write_file(f->tsv, bad[i].text, strlen(bad[i].text)), 0);
        assay_doc *d = NULL;
        assert_int_equal(assay_doc_load(a, f->md, NULL, &d), ASSAY_EINPUT);
        assert_null(d);
        const char *msg = assay_errmsg(a);
        if (!strstr(msg, "billing.thesaurus.tsv:") || !strstr(msg, bad[i].says))
            fail_msg("case %zu: %s", i, msg);
    }
    assay_free(a);
    /* the CLI: exit status 2, the file and line, and nothing stored */
    assert_int_equal(t_write_file(f->tsv, bad[0].text, strlen(bad[0].text)), 0);
    const char *argv[] = {ASSAY_BIN, "import", "--db", f->url + 7, f->md, NULL};
    t_run r;
    assert_int_equal(t_exec(argv, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "billing.thesaurus.tsv:3:"));
    t_run_free(&r);
    const char *kbs[] = {ASSAY_BIN, "kbs", "--db", f->url + 7, "--json", NULL};
    assert_int_equal(t_exec(kbs, NULL, NULL, &r), 0);
    assert_null(strstr(r.out, "billing"));
    t_run_free(&r);
}

static void the_bundled_thesaurus_is_stored_and_shown(void **state)
{
    fx *f = *state;
    /* consumer = 컨슈머 is the document's, not the built-in table's */
    const char *out[12];
    size_t len[12];
    assert_int_equal(thes_others(NULL, "consumer", 8, out, len, 12), 0);
    assert_true(thes_others(NULL, "database", 8, out, len, 12) >= 1);
    const char *ref = "Consumer가 메시지를 읽는다", *ans = "컨슈머가 메시지를 읽는다";
    /* a bank that stores the bundled knowledge base */
    assay *a = assay_new();
    assay_bank *b = NULL;
    assert_int_equal(assay_bank_open(a, f->url, &b), ASSAY_OK);
    assert_int_equal(assay_bank_ensure_bundled(b, NULL), ASSAY_OK);
    assay_engine *e = NULL;
    assert_int_equal(assay_engine_open(b, assay_bundled_kb_name(), &e), ASSAY_OK);
    assert_true(thes_others(e, "consumer", 8, out, len, 12) >= 2);
    assay_engine_free(e);
    assert_true(graded(a, b, assay_bundled_kb_name(), ref, ans) == 1.0);
    int again = 1;
    assert_int_equal(assay_bank_ensure_bundled(b, &again), ASSAY_OK);
    assert_int_equal(again, 0); /* the same edition: nothing written */
    assay_bank_close(b);
    /* a bank that only shows it (nothing written) */
    char url[640];
    snprintf(url, sizeof url, "sqlite:%s/shown.db", f->dir);
    assert_int_equal(assay_bank_open(a, url, &b), ASSAY_OK);
    assert_int_equal(assay_bank_serve_bundled(b), ASSAY_OK);
    assert_true(graded(a, b, NULL, ref, ans) == 1.0);
    assay_bank_close(b);
    assay_free(a);
    /* the thesaurus path beside a document */
    char *p = kb_thes_path("dir/notes.md");
    assert_string_equal(p, "dir/notes.thesaurus.tsv");
    free(p);
    p = kb_thes_path("dir.x/notes");
    assert_string_equal(p, "dir.x/notes.thesaurus.tsv");
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_synonym_from_the_file_makes_a_paraphrase_match, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_bad_line_is_an_error_with_file_and_line, setup, teardown),
        cmocka_unit_test_setup_teardown(the_bundled_thesaurus_is_stored_and_shown, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
