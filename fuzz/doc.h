/*
 * doc — the body the document targets share (fuzz_md, fuzz_gift,
 * fuzz_moodle, fuzz_csvq): the bytes read as a document of one format through
 * assay_doc_parse, and on success the model written as JSON, so that every
 * string and array the reader made is walked.
 */
#ifndef ASSAY_FUZZ_DOC_H
#define ASSAY_FUZZ_DOC_H

#include "fuzz.h"

#include <stdlib.h>

static int fuzz_doc(const char *file, const char *format, const uint8_t *data, size_t size)
{
    assay *a = fuzz_ctx();
    if (!a)
        abort();
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    o.format = format;
    assay_doc *d = NULL;
    if (assay_doc_parse(a, file, (const char *)data, size, &o, &d) == ASSAY_OK) {
        char *j = assay_doc_model_json(d, ASSAY_MODEL_LINES);
        assay_string_free(j);
    } else if (d) {
        abort(); /* an error leaves *out NULL */
    }
    assay_doc_free(d);
    return 0;
}

#endif
