/* api/context — the library context: errors and logging. */
#include "api/api_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

const char *assay_version(void)
{
    return ASSAY_VERSION_STRING;
}

assay *assay_new(void)
{
    if (sodium_init() < 0)
        return NULL;
    assay *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    err_clear(&a->err);
    a->log.max = ASSAY_LOG_WARN;
    return a;
}

void assay_free(assay *a)
{
    free(a);
}

void assay_set_log(assay *a, assay_log_level max_level, assay_log_fn *fn, void *userdata)
{
    a->log.max = max_level;
    a->log.fn = fn;
    a->log.userdata = userdata;
}

const assay_error *assay_last_error(const assay *a)
{
    assay *m = (assay *)a; /* the view is derived state */
    m->pub.code = a->err.code;
    m->pub.message = a->err.msg[0] ? a->err.msg : assay_code_message(a->err.code);
    m->pub.file = a->err.file[0] ? a->err.file : NULL;
    m->pub.line = a->err.line;
    m->pub.column = a->err.column;
    m->pub.offset = a->err.offset;
    m->pub.param = a->err.param[0] ? a->err.param : NULL;
    return &m->pub;
}

const char *assay_errmsg(const assay *a)
{
    assay *m = (assay *)a;
    err_format(&a->err, m->errline, sizeof m->errline);
    return m->errline;
}

void assay_string_free(char *s)
{
    free(s);
}
