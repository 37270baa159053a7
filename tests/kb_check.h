/* kb_check — what the document-model tests share (test_kb_content.c,
 * test_kb_real3.c): loading a document of a data folder, its items with a
 * bound check, string lists, and the golden model (with lines) beside it.
 * Include after cmocka.h (with its prerequisites). */
#ifndef ASSAY_TEST_KB_CHECK_H
#define ASSAY_TEST_KB_CHECK_H

#include "kb/json.h"
#include "kb/parse.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The document at path, or NULL with e set. */
static inline kb_doc *kbc_load(const char *path, errinfo *e)
{
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
    kb_doc *d = NULL;
    err_clear(e);
    kb_load(path, &o, &d, e);
    return d;
}

/* dir/NAME.md, which must load (the test fails with the error otherwise). */
static inline kb_doc *kbc_doc(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s.md", dir, name);
    errinfo e;
    kb_doc *d = kbc_load(path, &e);
    if (!d)
        fail_msg("%s: %s", name, e.msg);
    return d;
}

static inline const kb_item *kbc_item(const kb_doc *d, size_t i)
{
    assert_true(i < d->n_items);
    return &d->items[i];
}

static inline void kbc_strv(const kb_strv *v, const char *const *want, size_t n)
{
    assert_int_equal(v->n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(v->v[i], want[i]);
}

/* The model of dir/NAME.md (with lines) equals dir/NAME.json (t_golden:
 * ASSAY_UPDATE_GOLDEN=1 rewrites it). */
static inline void kbc_golden(const char *dir, const char *name)
{
    kb_doc *d = kbc_doc(dir, name);
    char shown[128];
    snprintf(shown, sizeof shown, "%s.md", name);
    d->file = shown;
    char *got = kb_json_dump(kb_doc_to_json(d, KB_JSON_LINES));
    assert_non_null(got);
    char golden[512];
    snprintf(golden, sizeof golden, "%s%s.json", dir, name);
    char *want = t_golden(golden, got);
    assert_non_null(want);
    assert_string_equal(got, want);
    free(want);
    free(got);
    kb_doc_free(d);
}

#endif
