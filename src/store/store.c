/* store — backend registry and URL dispatch. */
#include "store/store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const store_ops store_sqlite_ops;
extern const store_ops store_pg_ops;

/* One entry per backend built in. An optional backend adds one line here and
 * one file to the build, nothing else. */
static const store_ops *const backends[] = {
    &store_sqlite_ops,
    &store_pg_ops,
};

/* A libpq key=value connection string ("host=/run/pg dbname=assay"): starts
 * with one of libpq's keywords and '='. */
static int is_pg_keywords(const char *url)
{
    static const char *const keys[] = {"host=",
                                       "hostaddr=",
                                       "port=",
                                       "dbname=",
                                       "user=",
                                       "password=",
                                       "service=",
                                       "passfile=",
                                       "sslmode=",
                                       "options=",
                                       "connect_timeout=",
                                       "target_session_attrs="};
    while (*url == ' ')
        url++;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strncmp(url, keys[i], strlen(keys[i])) == 0)
            return 1;
    return 0;
}

const store_ops *store_lookup(const char *url, const char **target, errinfo *e)
{
    /* PostgreSQL URLs go to libpq whole (it parses them) */
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0 ||
        is_pg_keywords(url)) {
        *target = url;
        return &store_pg_ops;
    }
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        const store_ops *b = backends[i];
        if (b == &store_pg_ops)
            continue; /* above: postgresql:NAME is not a URL libpq reads */
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
                "a PostgreSQL URL starts postgresql:// (postgresql://USER@HOST:PORT/DB) or is "
                "a libpq key=value string (host=... dbname=...)");
        return NULL;
    }
    if (strstr(url, "://")) {
        err_set(e, ASSAY_EUSAGE,
                "unknown database URL scheme in '%s' (expected sqlite:PATH or postgresql://...)",
                url);
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

int store_retry(store *s, assay_code rc, int attempt, errinfo *e)
{
    if (rc != ASSAY_ECONFLICT || attempt >= STORE_RETRIES ||
        !(s->ops->caps & STORE_CAP_CONCURRENT_WRITERS))
        return 0;
    /* 5, 10, 20 ms, with up to as much again at random: two writers that met
     * once seldom meet again */
    long ms = 5L << (attempt - 1);
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)s ^ (unsigned)attempt;
    ms += (long)(rand_r(&seed) % (int)ms);
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    LOG(s->log, ASSAY_LOG_DEBUG, "a conflict with another writer; trying again (%d of %d)",
        attempt + 1, STORE_RETRIES);
    if (e)
        err_clear(e);
    return 1;
}
