/* file — reading a whole file or standard input within a size cap. */
#include "core/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* `option` is either the parameter that raises the cap (one word, named as
 * the error's parameter) or a remark shown in the message. */
static assay_code with_option(errinfo *e, const char *option)
{
    return strchr(option, ' ') ? e->code : err_param(e, option);
}

static assay_code over(errinfo *e, const char *path, const char *what, const char *option,
                       uint64_t max)
{
    if (strchr(option, ' '))
        return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1,
                          "%s is over the limit of %llu bytes (%s)", what, (unsigned long long)max,
                          option);
    err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1, "%s is over the limit of %llu bytes", what,
               (unsigned long long)max);
    return with_option(e, option);
}

static assay_code read_stream(FILE *f, const char *path, uint64_t max, const char *what,
                              const char *option, char **out, size_t *len, errinfo *e)
{
    size_t cap = 64 * 1024, n = 0;
    char *p = malloc(cap);
    if (!p)
        return err_set(e, ASSAY_ENOMEM, "out of memory reading %s", path);
    for (;;) {
        if (n + 1 >= cap) {
            if ((uint64_t)cap > max) {
                free(p);
                return over(e, path, what, option, max);
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
        size_t k = fread(p + n, 1, cap - 1 - n, f);
        n += k;
        if (k == 0)
            break;
        if ((uint64_t)n > max) {
            free(p);
            return over(e, path, what, option, max);
        }
    }
    if (ferror(f)) {
        int err = errno;
        free(p);
        return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1, "cannot read: %s", strerror(err));
    }
    p[n] = '\0';
    *out = p;
    *len = n;
    return ASSAY_OK;
}

assay_code file_read(const char *path, uint64_t max, const char *what, const char *option,
                     const char *dir_hint, char **out, size_t *len, errinfo *e)
{
    *out = NULL;
    *len = 0;
    if (max == 0)
        max = UINT64_MAX - 1;
    if (strcmp(path, "-") == 0)
        return read_stream(stdin, "<stdin>", max, what, option, out, len, e);
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1, "cannot open: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1, "is a directory%s", dir_hint);
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
        err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1,
                   "%s is %lld bytes, over the limit of %llu%s%s%s", what, (long long)st.st_size,
                   (unsigned long long)max, strchr(option, ' ') ? " (" : "",
                   strchr(option, ' ') ? option : "", strchr(option, ' ') ? ")" : "");
        return with_option(e, option);
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set_at(e, ASSAY_EINPUT, path, 0, 0, -1, "cannot open: %s", strerror(errno));
    assay_code rc = read_stream(f, path, max, what, option, out, len, e);
    fclose(f);
    return rc;
}
