/* The fuzz targets' findings (issue 14) under the ordinary ASan + UBSan build:
 * every input in fuzz/regress/{md,gift,moodle,csvq}/ read as its target reads
 * it (assay_doc_parse in that format, then the model as JSON) is read or
 * refused as bad input, with no sanitizer report; fuzz/regress/state/ inputs
 * through assay_assess_resume likewise. The ctest fuzz_short runs the same
 * files through the libFuzzer builds of the targets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REGRESS ASSAY_SOURCE_DIR "/fuzz/regress/"

/* Runs fn on every file of REGRESS/dir; the number of files. */
static size_t each(const char *dir, void (*fn)(const char *name, const char *data, size_t n))
{
    char path[700];
    snprintf(path, sizeof path, "%s%s", REGRESS, dir);
    DIR *d = opendir(path);
    if (!d)
        return 0;
    size_t count = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char file[1000];
        snprintf(file, sizeof file, "%s/%s", path, de->d_name);
        size_t n = 0;
        char *data = t_read_file(file, &n);
        assert_non_null(data);
        fn(de->d_name, data, n);
        free(data);
        count++;
    }
    closedir(d);
    return count;
}

static const char *format;

static void doc_one(const char *name, const char *data, size_t n)
{
    assay *a = assay_new();
    assert_non_null(a);
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    o.format = format;
    assay_doc *doc = NULL;
    assay_code rc = assay_doc_parse(a, name, data, n, &o, &doc);
    if (rc != ASSAY_OK) {
        print_message("%s: %s\n", name, assay_errmsg(a));
        assert_int_equal(rc, ASSAY_EINPUT);
        assert_null(doc);
    } else {
        char *j = assay_doc_model_json(doc, ASSAY_MODEL_LINES);
        assert_non_null(j);
        assay_string_free(j);
    }
    assay_doc_free(doc);
    assay_free(a);
}

static void docs(void **state)
{
    (void)state;
    format = "md";
    /* the scenario whose title was read after its buffer was reused (parse.c) */
    assert_true(each("md", doc_one) >= 1);
    format = "gift";
    each("gift", doc_one);
    format = "moodle-xml";
    each("moodle", doc_one);
    format = "csv";
    each("csvq", doc_one);
}

static const assay_engine *engine;
static size_t states_refused;

static void state_one(const char *name, const char *data, size_t n)
{
    (void)n;
    assay *a = assay_new();
    assert_non_null(a);
    assay_assessment *as = NULL;
    assay_code rc = assay_assess_resume(a, engine, data, &as);
    if (rc != ASSAY_OK) {
        print_message("%s: %s\n", name, assay_errmsg(a));
        assert_int_equal(rc, ASSAY_EINPUT);
        assert_null(as);
        states_refused++;
    } else {
        /* what resumes is written back as a state that resumes */
        char *again = assay_assess_state_json(as);
        assert_non_null(again);
        assay_assessment *as2 = NULL;
        assert_int_equal(assay_assess_resume(a, engine, again, &as2), ASSAY_OK);
        assay_assess_free(as2);
        assay_string_free(again);
    }
    assay_assess_free(as);
    assay_free(a);
}

static void states(void **state)
{
    (void)state;
    char *dir = t_tmpdir();
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s/fuzz.db", dir);
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open(url, NULL, &a, &b, &e), 0);
    engine = e;
    /* a step or pending question of several types ("all", "mcq,tf") was taken
     * and written back as type "?", and a question pending after the last
     * answer the assessment allows was asked: both made a state that no longer
     * resumed (assess.c) */
    assert_true(each("state", state_one) >= 4);
    assert_true(states_refused >= 4);
    t_bank_close(a, b, e);
    t_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(docs),
        cmocka_unit_test(states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
