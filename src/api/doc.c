/* api/doc — parsed knowledge documents. */
#include "api/api_int.h"

#include "bank/derive.h"
#include "core/file.h"
#include "core/opts.h"
#include "kb/formats.h"
#include "kb/json.h"
#include "kb/parse.h"
#include "kb/thes.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

void assay_doc_opts_init(assay_doc_opts *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->max_bytes = ASSAY_DOC_MAX_BYTES_DEFAULT;
}

static assay_code to_kb_opts(assay *a, const assay_doc_opts *in, kb_opts *k, kb_format *fmt)
{
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    if (opts_take(&a->err, &o, sizeof o, in, "assay_doc_opts") != ASSAY_OK)
        return ASSAY_EUSAGE;
    k->max_bytes = o.max_bytes ? o.max_bytes : ASSAY_DOC_MAX_BYTES_DEFAULT;
    k->kb_name = o.kb_name;
    *fmt = KB_FMT_AUTO;
    if (o.format) {
        int f = kb_format_parse(o.format);
        if (f < 0)
            return err_set_param(&a->err, ASSAY_EUSAGE, "format",
                                 "unknown document format '%s' (md, gift, moodle-xml or csv)",
                                 o.format);
        *fmt = (kb_format)f;
    }
    return ASSAY_OK;
}

assay_code api_doc_wrap(assay *a, kb_doc *m, const char *source, assay_doc **out)
{
    assay_doc *d = calloc(1, sizeof *d);
    if (!d) {
        kb_doc_free(m);
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    d->m = m;
    d->format = "md";
    d->source = arena_strdup(&m->mem, source);
    d->warnings = arena_alloc(&m->mem, (m->n_warnings + 1) * sizeof *d->warnings);
    if (!d->source || !d->warnings) {
        assay_doc_free(d);
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < m->n_warnings; i++) {
        d->warnings[i].file = m->file;
        d->warnings[i].line = m->warnings[i].line;
        d->warnings[i].message = m->warnings[i].message;
    }
    *out = d;
    return ASSAY_OK;
}

assay_code assay_doc_load(assay *a, const char *path, const assay_doc_opts *opts, assay_doc **out)
{
    api_enter(a);
    *out = NULL;
    kb_opts k;
    kb_format fmt;
    if (to_kb_opts(a, opts, &k, &fmt) != ASSAY_OK)
        return ASSAY_EUSAGE;
    kb_doc *m;
    char *data = NULL;
    size_t n = 0;
    assay_code rc = file_read(path, k.max_bytes, "document", "max_bytes",
                              "; give the Markdown files inside it", &data, &n, &a->err);
    if (rc != ASSAY_OK)
        return rc;
    int is_stdin = strcmp(path, "-") == 0;
    if (is_stdin && !k.kb_name)
        k.kb_name = "stdin";
    const char *shown = is_stdin ? "<stdin>" : path;
    if (fmt == KB_FMT_AUTO)
        fmt = kb_format_detect(shown, data, n);
    rc = kb_parse_any(shown, data, n, &k, fmt, &m, &a->err);
    free(data);
    if (rc != ASSAY_OK)
        return rc;
    /* the author's thesaurus beside it (NAME.thesaurus.tsv), when there is one */
    if ((rc = kb_thes_load(m, path, &a->err)) != ASSAY_OK) {
        kb_doc_free(m);
        return rc;
    }
    char real[PATH_MAX];
    const char *source = path;
    if (strcmp(path, "-") != 0 && realpath(path, real))
        source = real;
    else if (strcmp(path, "-") == 0)
        source = "<stdin>";
    rc = api_doc_wrap(a, m, source, out);
    if (rc == ASSAY_OK)
        (*out)->format = kb_format_name(fmt);
    return rc;
}

assay_code assay_doc_parse(assay *a, const char *file, const char *data, size_t len,
                           const assay_doc_opts *opts, assay_doc **out)
{
    api_enter(a);
    *out = NULL;
    kb_opts k;
    kb_format fmt;
    if (to_kb_opts(a, opts, &k, &fmt) != ASSAY_OK)
        return ASSAY_EUSAGE;
    kb_doc *m;
    if (fmt == KB_FMT_AUTO)
        fmt = kb_format_detect(file, data, len);
    assay_code rc = kb_parse_any(file, data, len, &k, fmt, &m, &a->err);
    if (rc != ASSAY_OK)
        return rc;
    rc = api_doc_wrap(a, m, file, out);
    if (rc == ASSAY_OK)
        (*out)->format = kb_format_name(fmt);
    return rc;
}

assay_code assay_doc_thesaurus_parse(assay *a, assay_doc *d, const char *file, const char *data,
                                     size_t len)
{
    api_enter(a);
    if (!file || (!data && len))
        return err_set(&a->err, ASSAY_EUSAGE, "a thesaurus needs a file name and its bytes");
    return kb_thes_parse(d->m, file, data ? data : "", len, &a->err);
}

size_t assay_doc_thesaurus_count(const assay_doc *d)
{
    return d->m->n_thes;
}

const char *assay_doc_thesaurus_file(const assay_doc *d)
{
    return d->m->thes_file;
}

void assay_doc_free(assay_doc *d)
{
    if (!d)
        return;
    kb_doc_free(d->m);
    free(d);
}

void assay_doc_get_stats(const assay_doc *d, assay_doc_stats *out)
{
    const kb_doc *m = d->m;
    out->topics = m->n_topics;
    out->level_blocks = m->n_blocks;
    out->level_qa = kb_doc_count(m, KB_LEVEL_QA);
    out->interview_qa = kb_doc_count(m, KB_INTERVIEW_QA);
    out->scenario = kb_doc_count(m, KB_SCENARIO);
    out->warnings = m->n_warnings;
    out->bytes = m->bytes;
}

const char *assay_doc_kb_name(const assay_doc *d)
{
    return d->m->kb_name;
}

const char *assay_doc_file(const assay_doc *d)
{
    return d->m->file;
}

const char *assay_doc_format(const assay_doc *d)
{
    return d->format;
}

const char *assay_doc_content_hash(const assay_doc *d)
{
    return d->m->hash;
}

size_t assay_doc_derived_count(const assay_doc *d)
{
    arena a;
    arena_init(&a, 0);
    kb_item *out = NULL;
    size_t n = 0;
    errinfo e;
    err_clear(&e);
    assay_code rc = bank_derive(d->m, &a, &out, &n, &e);
    free(out);
    arena_free(&a);
    return rc == ASSAY_OK ? n : (size_t)-1;
}

size_t assay_doc_warning_count(const assay_doc *d)
{
    return d->m->n_warnings;
}

const assay_warning *assay_doc_warning_at(const assay_doc *d, size_t i)
{
    return i < d->m->n_warnings ? &d->warnings[i] : NULL;
}

char *assay_doc_model_json(const assay_doc *d, unsigned flags)
{
    return kb_json_dump(kb_doc_to_json(d->m, (flags & ASSAY_MODEL_LINES) ? KB_JSON_LINES : 0));
}
