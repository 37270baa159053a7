/*
 * web/metrics — the counters behind /metrics, in Prometheus' text format
 * (version 0.0.4): requests by route and status, one latency histogram per
 * route, answers stored by this process, and the bank's attempts in
 * progress (read at each scrape). Counters are atomics: no lock on the
 * request path. Statuses outside the table count under "other".
 */
#include "web_int.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const route_names[R__COUNT] = {
    [R_HEALTHZ] = "/healthz",
    [R_READYZ] = "/readyz",
    [R_METRICS] = "/metrics",
    [R_ACCOUNTS] = "/api/v1/accounts",
    [R_SESSION] = "/api/v1/session",
    [R_KBS] = "/api/v1/kbs",
    [R_TOPICS] = "/api/v1/kbs/{kb}/topics",
    [R_ATTEMPTS] = "/api/v1/attempts",
    [R_ATTEMPT] = "/api/v1/attempts/{id}",
    [R_QUESTION] = "/api/v1/attempts/{id}/question",
    [R_ANSWERS] = "/api/v1/attempts/{id}/answers",
    [R_SKIP] = "/api/v1/attempts/{id}/skip",
    [R_FINISH] = "/api/v1/attempts/{id}/finish",
    [R_ATTEMPT_REPORT] = "/api/v1/attempts/{id}/report",
    [R_REPORT] = "/api/v1/report",
    [R_GROUPS] = "/api/v1/groups",
    [R_GROUP] = "/api/v1/groups/{id}",
    [R_GROUP_INVITES] = "/api/v1/groups/{id}/invites",
    [R_GROUP_INVITE] = "/api/v1/groups/{id}/invites/{token}",
    [R_GROUP_RESULTS] = "/api/v1/groups/{id}/results",
    [R_GROUP_MEMBER_REPORT] = "/api/v1/groups/{id}/members/{user}/report",
    [R_GROUP_ITEMS] = "/api/v1/groups/{id}/items",
    [R_GROUP_REVIEWS] = "/api/v1/groups/{id}/reviews",
    [R_INVITE] = "/api/v1/invites/{token}",
    [R_INVITE_ACCEPT] = "/api/v1/invites/{token}/accept",
    [R_MARKS] = "/api/v1/marks",
    [R_ADMIN_USERS] = "/api/v1/admin/users",
    [R_ADMIN_USER] = "/api/v1/admin/users/{name}",
    [R_ADMIN_KBS] = "/api/v1/admin/kbs",
    [R_KB_ITEMS] = "/api/v1/kbs/{kb}/items",
    [R_KB_EXPORT] = "/api/v1/kbs/{kb}/export",
    [R_UI] = "/",
    [R_STATIC] = "/static/{file}",
    [R_OTHER] = "other",
};

static const unsigned statuses[] = {200, 201, 204, 400, 401, 403, 404, 405,
                                    409, 413, 415, 429, 431, 499, 500, 503};
#define N_STATUS (sizeof statuses / sizeof statuses[0])

/* seconds: from a cached read to a password hash */
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,   0.25,   0.5,   1,    2.5};
#define N_BOUNDS (sizeof bounds / sizeof bounds[0])

static atomic_ulong requests[R__COUNT][N_STATUS + 1];
static atomic_ulong buckets[R__COUNT][N_BOUNDS + 1];
static atomic_ulong sum_us[R__COUNT];
static atomic_ulong answers;

const char *web_route_name(web_route r)
{
    return r < R__COUNT ? route_names[r] : "other";
}

void web_metrics_count(web_route r, unsigned status, double seconds)
{
    if (r >= R__COUNT)
        r = R_OTHER;
    size_t s = N_STATUS;
    for (size_t i = 0; i < N_STATUS; i++)
        if (statuses[i] == status)
            s = i;
    atomic_fetch_add(&requests[r][s], 1);
    size_t b = N_BOUNDS;
    for (size_t i = 0; i < N_BOUNDS; i++)
        if (seconds <= bounds[i]) {
            b = i;
            break;
        }
    atomic_fetch_add(&buckets[r][b], 1);
    atomic_fetch_add(&sum_us[r], (unsigned long)(seconds * 1e6));
}

void web_metrics_answer(void)
{
    atomic_fetch_add(&answers, 1);
}

typedef struct out {
    assay_arena *ar; /* the request's: the text grows in it (in place while it is the last block) */
    char *p;
    size_t n, cap;
    int oom;
} out;

static void put(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out *o, const char *fmt, ...)
{
    for (int tries = 0; !o->oom && tries < 2; tries++) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(o->p + o->n, o->cap - o->n, fmt, ap);
        va_end(ap);
        if (k < 0) {
            o->oom = 1;
            return;
        }
        if ((size_t)k < o->cap - o->n) {
            o->n += (size_t)k;
            return;
        }
        size_t cap = o->cap * 2 + (size_t)k;
        char *np = assay_arena_grow(o->ar, o->p, o->n, cap);
        if (!np) {
            o->oom = 1;
            return;
        }
        o->p = np;
        o->cap = cap;
    }
}

char *web_metrics_text(web_srv *srv, web_worker *w, assay_arena *ar, size_t *len)
{
    out o = {ar, assay_arena_alloc(ar, 16384), 0, 16384, 0};
    if (!o.p)
        return NULL;
    put(&o, "# HELP assay_http_requests_total HTTP requests answered, by route and status.\n"
            "# TYPE assay_http_requests_total counter\n");
    for (size_t r = 0; r < R__COUNT; r++)
        for (size_t s = 0; s <= N_STATUS; s++) {
            unsigned long v = atomic_load(&requests[r][s]);
            if (!v)
                continue;
            if (s < N_STATUS)
                put(&o, "assay_http_requests_total{route=\"%s\",status=\"%u\"} %lu\n",
                    route_names[r], statuses[s], v);
            else
                put(&o, "assay_http_requests_total{route=\"%s\",status=\"other\"} %lu\n",
                    route_names[r], v);
        }
    put(&o, "# HELP assay_http_request_duration_seconds Time to answer a request.\n"
            "# TYPE assay_http_request_duration_seconds histogram\n");
    for (size_t r = 0; r < R__COUNT; r++) {
        unsigned long cum = 0, total = 0;
        for (size_t b = 0; b <= N_BOUNDS; b++)
            total += atomic_load(&buckets[r][b]);
        if (!total)
            continue;
        for (size_t b = 0; b < N_BOUNDS; b++) {
            cum += atomic_load(&buckets[r][b]);
            put(&o, "assay_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n",
                route_names[r], bounds[b], cum);
        }
        put(&o, "assay_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n",
            route_names[r], total);
        put(&o, "assay_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", route_names[r],
            (double)atomic_load(&sum_us[r]) / 1e6);
        put(&o, "assay_http_request_duration_seconds_count{route=\"%s\"} %lu\n", route_names[r],
            total);
    }
    put(&o,
        "# HELP assay_answers_stored_total Answers and skips stored by this server.\n"
        "# TYPE assay_answers_stored_total counter\nassay_answers_stored_total %lu\n",
        atomic_load(&answers));
    uint64_t syncs = 0, waits = 0;
    if (web_durable_stats(srv, &syncs, &waits) == 0)
        put(&o,
            "# HELP assay_fsyncs_total fsyncs of the bank's log made so that writes are durable "
            "before their responses (group commit: one covers many).\n"
            "# TYPE assay_fsyncs_total counter\nassay_fsyncs_total %llu\n"
            "# HELP assay_durable_waits_total Responses that waited for an fsync.\n"
            "# TYPE assay_durable_waits_total counter\nassay_durable_waits_total %llu\n",
            (unsigned long long)syncs, (unsigned long long)waits);
    long open = -1;
    assay_attempt_filter f;
    assay_attempt_filter_init(&f);
    f.status = 0;
    assay_list *l = NULL;
    if (w && assay_bank_attempts(w->bank, &f, &l) == ASSAY_OK)
        open = (long)assay_list_count(l);
    assay_list_free(l);
    if (open >= 0)
        put(&o,
            "# HELP assay_attempts_in_progress Attempts in the bank that are not finished.\n"
            "# TYPE assay_attempts_in_progress gauge\nassay_attempts_in_progress %ld\n",
            open);
    if (o.oom)
        return NULL; /* the arena has it */
    *len = o.n;
    return o.p;
}
