/*
 * export/pkgzip — deterministic zip packages in memory (libzip): an archive over a growing buffer
 * source, entries deflated with names flagged UTF-8 and the same DOS date and time (2026-01-01
 * 00:00) whatever the clock or the time zone, then the buffer copied out.
 */
#include "pkgzip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* 2026-01-01 00:00:00 in MS-DOS form: date = (year - 1980) << 9 | month << 5 | day, time = 0. */
#define EXP_ZIP_DOSDATE ((zip_uint16_t)(((2026 - 1980) << 9) | (1 << 5) | 1))
#define EXP_ZIP_DOSTIME ((zip_uint16_t)0)

struct exp_zip {
    exp_set *set;
    zip_source_t *src; /* the archive's bytes */
    zip_t *za;
};

static assay_code zfail(exp_set *set, const char *what, const char *why)
{
    snprintf(set->err, sizeof set->err, "zip package: %s: %s", what, why ? why : "failed");
    return ASSAY_EINTERNAL;
}

exp_zip *exp_zip_new(exp_set *set)
{
    exp_zip *z = calloc(1, sizeof *z);
    if (!z) {
        snprintf(set->err, sizeof set->err, "zip package: out of memory");
        return NULL;
    }
    z->set = set;
    zip_error_t ze;
    zip_error_init(&ze);
    z->src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!z->src) {
        zfail(set, "buffer", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        free(z);
        return NULL;
    }
    z->za = zip_open_from_source(z->src, ZIP_TRUNCATE, &ze);
    if (!z->za) {
        zfail(set, "open", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(z->src);
        free(z);
        return NULL;
    }
    zip_error_fini(&ze);
    zip_source_keep(z->src); /* the archive's close must leave its bytes to us */
    return z;
}

assay_code exp_zip_add(exp_zip *z, const char *name, unsigned char *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z->za, data, len, 1);
    if (!s) {
        free(data);
        return zfail(z->set, name, zip_strerror(z->za));
    }
    zip_int64_t idx = zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(s); /* frees data */
        return zfail(z->set, name, zip_strerror(z->za));
    }
    if (zip_file_set_dostime(z->za, (zip_uint64_t)idx, EXP_ZIP_DOSTIME, EXP_ZIP_DOSDATE, 0) < 0 ||
        zip_set_file_compression(z->za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) < 0)
        return zfail(z->set, name, zip_strerror(z->za));
    return ASSAY_OK;
}

void exp_zip_discard(exp_zip *z)
{
    if (!z)
        return;
    if (z->za)
        zip_discard(z->za);
    zip_source_free(z->src);
    free(z);
}

assay_code exp_zip_finish(exp_zip *z, unsigned char **out, size_t *len)
{
    exp_set *set = z->set;
    *out = NULL;
    *len = 0;
    if (zip_close(z->za) < 0) {
        assay_code rc = zfail(set, "close", zip_strerror(z->za));
        exp_zip_discard(z);
        return rc;
    }
    z->za = NULL;
    assay_code rc = ASSAY_OK;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(z->src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
        rc = zfail(set, "size", NULL);
    } else if (zip_source_open(z->src) < 0) {
        rc = zfail(set, "read", NULL);
    } else {
        unsigned char *buf = malloc(st.size ? (size_t)st.size : 1);
        zip_int64_t got = buf ? zip_source_read(z->src, buf, st.size) : -1;
        zip_source_close(z->src);
        if (!buf) {
            snprintf(set->err, sizeof set->err, "zip package: out of memory");
            rc = ASSAY_ENOMEM;
        } else if (got < 0 || (zip_uint64_t)got != st.size) {
            free(buf);
            rc = zfail(set, "read", NULL);
        } else {
            *out = buf;
            *len = (size_t)st.size;
        }
    }
    exp_zip_discard(z);
    return rc;
}
