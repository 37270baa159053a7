/*
 * web_int — the web module's insides, shared by server.c (libmicrohttpd,
 * connections, the request's life, headers, logs, shutdown), api.c (routes
 * and their handlers), rate.c (token buckets) and metrics.c (Prometheus
 * counters). One web_req per request, freed when libmicrohttpd says the
 * request is complete; one worker (context + bank) per server thread.
 */
#ifndef ASSAY_WEB_WEB_INT_H
#define ASSAY_WEB_WEB_INT_H

#include "assay.h"
#include "web.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* One server thread's own context and bank (a context belongs to one thread). */
typedef struct web_worker {
    assay *a;
    assay_bank *bank;
} web_worker;

typedef struct web_srv {
    web_config cfg;
    const assay_engine *engine; /* shared, read-only */
    int secure_cookies;         /* base URL is https */
    atomic_int in_flight;
    atomic_int stopping;
} web_srv;

/* The route a request matched, for metrics ("other" when none). */
typedef enum web_route {
    R_HEALTHZ,
    R_READYZ,
    R_METRICS,
    R_ACCOUNTS,
    R_SESSION,
    R_KBS,
    R_TOPICS,
    R_ATTEMPTS,
    R_ATTEMPT,
    R_QUESTION,
    R_ANSWERS,
    R_SKIP,
    R_FINISH,
    R_ATTEMPT_REPORT,
    R_REPORT,
    R_OTHER,
    R__COUNT
} web_route;

typedef struct web_req {
    web_srv *srv;
    struct MHD_Connection *mc;
    struct web_conn *conn;
    const char *method; /* libmicrohttpd's, valid during the request */
    const char *url;
    char *body; /* malloc'd, NUL-terminated */
    size_t body_len, body_cap;
    int too_big;
    double t0;
    char rid[33];
    char client[64];
    web_route route;
    /* the response */
    unsigned status;
    char *out; /* malloc'd */
    size_t out_len;
    const char *ctype;
    char *csp; /* malloc'd: a policy other than the default (the HTML report) */
    char cookie[256];
    char allow[32]; /* 405: the methods the route takes */
    int rl_set;
    long rl_limit, rl_remaining, rl_reset, retry_after;
    int no_store;
} web_req;

/* ---- server.c ---- */
web_worker *web_worker_get(web_srv *srv);
const char *web_header(web_req *r, const char *name);
const char *web_query(web_req *r, const char *name);
const char *web_cookie(web_req *r, const char *name);
/* The request is over https (directly or, with trust_proxy, at the proxy). */
int web_is_https(web_req *r);

/* ---- api.c ---- */
/* Answers r (sets status and body); never fails: errors become JSON bodies. */
void web_dispatch(web_req *r);
/* A JSON error {"error": {"status", "code", "message", "field"?}}. */
void web_error(web_req *r, unsigned status, const char *message, const char *field);
/* Takes j (may be NULL: 500) as the body. */
void web_json(web_req *r, unsigned status, json_t *j);

/* ---- rate.c ---- */
typedef struct web_rate {
    int allowed;
    long limit, remaining, reset, retry_after; /* seconds */
} web_rate;
/* Takes one token from the bucket `key` of `capacity` tokens refilled at
 * `per_second`. Thread-safe; the table is bounded (the least full bucket of a
 * probe run is reused). */
void web_rate_take(const char *key, double capacity, double per_second, web_rate *out);
void web_rate_reset(void);

/* ---- metrics.c ---- */
const char *web_route_name(web_route r);
void web_metrics_count(web_route r, unsigned status, double seconds);
void web_metrics_answer(void);
/* The Prometheus text (malloc'd), with the bank's open attempts. */
char *web_metrics_text(web_worker *w, size_t *len);

#endif
