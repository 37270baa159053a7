/*
 * export — the table of export formats (name, Content-Type, extension, writer) and
 * the small helpers every writer shares: a capped byte buffer, HTML escaping,
 * category paths, general feedback and identifiers unique in a set. QTI and
 * Anki packages are in the table only when their files were built
 * (ASSAY_EXPORT_QTI, ASSAY_EXPORT_ANKI from CMake); otherwise their entry has
 * no writer and the caller reports the format as not available.
 */
#include "export/export.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const exp_format formats[] = {
    {"gift", "text/plain; charset=utf-8", "gift.txt", exp_gift},
    {"moodle-xml", "application/xml; charset=utf-8", "xml", exp_moodle_xml},
#ifdef ASSAY_EXPORT_QTI
    {"qti21", "application/zip", "qti21.zip", exp_qti21},
    {"qti30", "application/zip", "qti30.zip", exp_qti30},
#else
    {"qti21", "application/zip", "qti21.zip", NULL},
    {"qti30", "application/zip", "qti30.zip", NULL},
#endif
#ifdef ASSAY_EXPORT_ANKI
    {"anki", "application/octet-stream", "apkg", exp_anki},
#else
    {"anki", "application/octet-stream", "apkg", NULL},
#endif
    {"anki-text", "text/plain; charset=utf-8", "anki.txt", exp_anki_text},
    {"csv", "text/csv; charset=utf-8; header=present", "csv", exp_csv},
    {"json", "application/json", "json", exp_json},
};

const exp_format *exp_formats(size_t *n)
{
    *n = sizeof formats / sizeof formats[0];
    return formats;
}

const exp_format *exp_format_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    return NULL;
}

/* ---- the buffer ---------------------------------------------------------------------- */

void exp_put(exp_buf *b, const char *s, size_t n)
{
    if (b->failed || !n)
        return;
    if (n > EXP_MAX_BYTES - b->n - 1 || b->n >= EXP_MAX_BYTES) {
        b->failed = 1;
        return;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        if (cap > EXP_MAX_BYTES)
            cap = EXP_MAX_BYTES;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void exp_puts(exp_buf *b, const char *s)
{
    if (s)
        exp_put(b, s, strlen(s));
}

void exp_printf(exp_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (k < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)k < sizeof small) {
        exp_put(b, small, (size_t)k);
        return;
    }
    char *big = malloc((size_t)k + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)k + 1, fmt, ap);
    va_end(ap);
    exp_put(b, big, (size_t)k);
    free(big);
}

void exp_put_html(exp_buf *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\n': rep = "<br>"; break;
        case '\r': rep = ""; break;
        default: break;
        }
        if (rep) {
            exp_put(b, run, (size_t)(p - run));
            exp_puts(b, rep);
            run = p + 1;
        }
    }
    exp_puts(b, run);
}

void exp_buf_free(exp_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

assay_code exp_finish(exp_buf *b, exp_set *set, unsigned char **out, size_t *len)
{
    if (!b->failed && !b->p) {
        b->p = calloc(1, 1);
        b->failed = !b->p;
    }
    if (b->failed) {
        exp_buf_free(b);
        return exp_fail(set, ASSAY_ENOMEM, "out of memory, or the export is over %zu MiB",
                        EXP_MAX_BYTES >> 20);
    }
    *out = b->p;
    *len = b->n;
    b->p = NULL;
    b->n = b->cap = 0;
    return ASSAY_OK;
}

assay_code exp_fail(exp_set *set, assay_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(set->err, sizeof set->err, fmt, ap);
    va_end(ap);
    return code;
}

/* ---- what the writers share ---------------------------------------------------------- */

const char *exp_basename(const char *path)
{
    if (!path)
        return "";
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* A category name: '/' doubled, newlines as spaces. */
static void put_cat_name(exp_buf *b, const char *s)
{
    for (const char *p = s; p && *p; p++) {
        if (*p == '/')
            exp_put(b, "//", 2);
        else if (*p == '\n' || *p == '\r' || *p == '\t')
            exp_put(b, " ", 1);
        else
            exp_put(b, p, 1);
    }
}

void exp_category(exp_buf *b, const exp_entry *e)
{
    put_cat_name(b, e->kb && *e->kb ? e->kb : "assay");
    if (e->topic && *e->topic) {
        exp_put(b, "/", 1);
        if (e->topic_number > 0)
            exp_printf(b, "%02d ", e->topic_number);
        put_cat_name(b, e->topic);
    }
    if (e->level > 0) {
        exp_printf(b, "/Level %d", e->level);
        if (e->level_label && *e->level_label) {
            exp_put(b, " ", 1);
            put_cat_name(b, e->level_label);
        }
    }
}

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int exp_same_category(const exp_entry *a, const exp_entry *b)
{
    return same_str(a->kb, b->kb) && same_str(a->topic, b->topic) &&
           a->topic_number == b->topic_number && a->level == b->level &&
           same_str(a->level_label, b->level_label);
}

const char *exp_reference(const exp_entry *e)
{
    if (e->reference && *e->reference)
        return e->reference;
    if (e->q && e->q->answer)
        return e->q->answer;
    return "";
}

void exp_feedback(exp_buf *b, const exp_entry *e)
{
    const char *ref = exp_reference(e);
    if (*ref) {
        exp_puts(b, "Answer: ");
        exp_puts(b, ref);
    }
    if (e->source_file && *e->source_file) {
        if (*ref)
            exp_put(b, "\n", 1);
        exp_printf(b, "Source: %s:%ld", exp_basename(e->source_file), e->source_line);
    }
}

void exp_unique_id(exp_buf *b, const exp_set *set, size_t i)
{
    const char *id = set->v[i].item_id ? set->v[i].item_id : "";
    size_t seen = 0;
    for (size_t j = 0; j < i; j++)
        if (same_str(set->v[j].item_id, id))
            seen++;
    exp_puts(b, id);
    if (seen)
        exp_printf(b, "-%zu", seen + 1);
}
