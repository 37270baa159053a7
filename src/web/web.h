/*
 * web — `assay serve`: the HTTP server and the learner's JSON API, a client
 * of include/assay.h (sessions, accounts, reports) built on libmicrohttpd.
 * This header is the module's only surface: the CLI fills a web_config from
 * its flags and environment and calls web_serve, which returns when SIGTERM
 * or SIGINT has stopped the server. docs/openapi.yaml describes the routes.
 */
#ifndef ASSAY_WEB_WEB_H
#define ASSAY_WEB_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct web_config {
    const char *db;       /* bank URL (required) */
    const char *listen;   /* "HOST:PORT"; default 127.0.0.1:8080; port 0 = any free one */
    unsigned workers;     /* threads answering requests; default 2 */
    const char *base_url; /* the public URL (behind a proxy); NULL = http://LISTEN */
    int trust_proxy;      /* believe X-Forwarded-For / X-Forwarded-Proto */
    unsigned timeout;     /* seconds a connection may be idle or send its headers; default 10 */
    unsigned per_ip;      /* connections per client address; default 128 */
    size_t max_body;      /* request body cap in bytes; default 64 KiB */
    size_t max_upload;    /* the cap of a document upload (POST /api/v1/admin/kbs); default 4 MiB */
    unsigned grace;       /* seconds to finish requests in flight at shutdown; default 10 */
    double rate;          /* requests per second per address (burst 2x); default 100; 0 = off */
    unsigned servers;     /* servers sharing the limits (each takes 1/servers); default 1 */
    int64_t session_ttl;  /* seconds a sign-in lasts; default 8 hours */
    FILE *log;            /* request log and messages; default stderr */
    FILE *out;            /* where the URL is printed; default stdout */
} web_config;

void web_config_init(web_config *c);

/* Runs the server until SIGTERM or SIGINT. 0 when it stopped cleanly; else
 * the assay exit status of what failed (the message is on cfg->log). */
int web_serve(const web_config *cfg);

#endif
