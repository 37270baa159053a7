/* load — reading a document from a file or standard input, within the size cap. */
#include "kb/parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static assay_code read_stream(FILE *f, const char *path, uint64_t max, char **out, size_t *len,
                              errinfo *e)
{
    size_t cap = 64 * 1024, n = 0;
    char *p = malloc(cap);
    if (!p)
        return err_set(e, ASSAY_ENOMEM, "out of memory reading %s", path);
    for (;;) {
        if (n == cap) {
            if ((uint64_t)cap > max) {
                free(p);
                return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1,
                                  "document is over the limit of %llu bytes (--max-size)",
                                  (unsigned long long)max);
            }
            size_t ncap = cap * 2;
            char *np = realloc(p, ncap);
            if (!np) {
                free(p);
                return err_set(e, ASSAY_ENOMEM, "out of memory reading %s", path);
            }
            p = np;
            cap = ncap;
        }
        size_t k = fread(p + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
        if ((uint64_t)n > max) {
            free(p);
            return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1,
                              "document is over the limit of %llu bytes (--max-size)",
                              (unsigned long long)max);
        }
    }
    if (ferror(f)) {
        int err = errno;
        free(p);
        return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1, "cannot read: %s", strerror(err));
    }
    *out = p;
    *len = n;
    return ASSAY_OK;
}

assay_code kb_load(const char *path, const kb_opts *o, kb_doc **out, errinfo *e)
{
    *out = NULL;
    FILE *f;
    int is_stdin = strcmp(path, "-") == 0;
    if (is_stdin) {
        f = stdin;
    } else {
        struct stat st;
        if (stat(path, &st) != 0)
            return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1, "cannot open: %s", strerror(errno));
        if (S_ISDIR(st.st_mode))
            return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1,
                              "is a directory; give the Markdown files inside it");
        if (S_ISREG(st.st_mode) && o->max_bytes && (uint64_t)st.st_size > o->max_bytes)
            return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1,
                              "document is %lld bytes, over the limit of %llu (--max-size)",
                              (long long)st.st_size, (unsigned long long)o->max_bytes);
        f = fopen(path, "rb");
        if (!f)
            return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1, "cannot open: %s", strerror(errno));
    }
    char *data = NULL;
    size_t n = 0;
    uint64_t max = o->max_bytes ? o->max_bytes : UINT64_MAX;
    assay_code rc = read_stream(f, is_stdin ? "<stdin>" : path, max, &data, &n, e);
    if (!is_stdin)
        fclose(f);
    if (rc != ASSAY_OK)
        return rc;
    kb_opts o2 = *o;
    if (is_stdin && !o2.kb_name)
        o2.kb_name = "stdin";
    rc = kb_parse(is_stdin ? "<stdin>" : path, data, n, &o2, out, e);
    free(data);
    return rc;
}
