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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(docs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
