/* store — backend registry and URL dispatch. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

extern const store_ops store_sqlite_ops;

/* One entry per backend built in. An optional backend adds one line here and
 * one file to the build, nothing else. */
static const store_ops *const backends[] = {
    &store_sqlite_ops,
};

const store_ops *store_lookup(const char *url, const char **target, errinfo *e)
{
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        const store_ops *b = backends[i];
        size_t k = strlen(b->scheme);
        if (strncmp(url, b->scheme, k) == 0 && url[k] == ':') {
            const char *t = url + k + 1;
            if (strncmp(t, "//", 2) == 0)
                t += 2; /* sqlite:///abs/path -> /abs/path */
            *target = t;
            return b;
        }
    }
    if (strncmp(url, "postgresql:", 11) == 0 || strncmp(url, "postgres:", 9) == 0) {
        err_set(e, ASSAY_EUSAGE,
                "the PostgreSQL backend is not part of this build yet; use sqlite:PATH");
        return NULL;
    }
    if (strstr(url, "://")) {
        err_set(e, ASSAY_EUSAGE, "unknown database URL scheme in '%s' (expected sqlite:PATH)", url);
        return NULL;
    }
    *target = url; /* a bare path is an SQLite file */
    return &store_sqlite_ops;
}

assay_code store_open(const char *url, const logger *log, store **out, errinfo *e)
{
    *out = NULL;
    const char *target = NULL;
    const store_ops *ops = store_lookup(url, &target, e);
    if (!ops)
        return e ? e->code : ASSAY_EUSAGE;
    if (!target || !*target)
        return err_set(e, ASSAY_EUSAGE, "database URL '%s' names no database", url);
    store *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    s->ops = ops;
    s->log = log;
    s->target = strdup(target);
    s->state = ops->state_size ? calloc(1, ops->state_size) : NULL;
    if (!s->target || (ops->state_size && !s->state)) {
        store_close(s);
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    assay_code rc = ops->open(s, s->target, e);
    if (rc != ASSAY_OK) {
        free(s->state);
        free(s->target);
        free(s);
        return rc;
    }
    *out = s;
    return ASSAY_OK;
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->ops && s->state)
        s->ops->close(s);
    free(s->state);
    free(s->target);
    free(s);
}
