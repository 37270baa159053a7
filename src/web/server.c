/*
 * web/server — libmicrohttpd under `assay serve`: the daemon (epoll thread
 * pool), each connection's state, each request's life and the response's
 * headers, the request log, and shutdown.
 *
 * A request follows the two-phase pattern (DEPENDENCIES.md): the first call
 * takes the request's arena and allocates the web_req in it, and answers
 * nothing (or 413 at once when Content-Length is over the cap, before any
 * body is read); later calls collect the body in the arena within the cap;
 * the last one dispatches (api.c) and queues the response; the completion
 * callback logs one line, counts it and gives the arena back.
 *
 * One arena per request: everything the web layer allocates for a request
 * (the web_req, the body, path segments, the response body it writes, the
 * report's CSP) is in it, and a string of the library's that becomes the
 * response is handed to it (assay_arena_defer), so nothing of a request is
 * freed piece by piece. The response is queued as MHD_RESPMEM_PERSISTENT:
 * libmicrohttpd reads it only until the request completes, and the arena
 * lives until then. A keep-alive connection keeps its arena (reset: one 64
 * KiB chunk) for its next request (web_conn.spare, touched only by the
 * connection's own thread), so a request usually needs no malloc of its own.
 * What the library and jansson return keeps its own free call
 * (json_decref, assay_list_free, ...) inside the handlers.
 * libmicrohttpd's connection timeout resets whenever a byte arrives, so the
 * main thread also closes connections that have not finished their headers
 * within the timeout (a client that trickles them). It waits for SIGTERM or
 * SIGINT, then stops accepting, lets requests in flight finish within the
 * grace period and stops the daemon. Never logs a body, a cookie or a token.
 */
#include "web_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define SWEEP_MS       200         /* how often slow connections are looked for */
#define FRESH_MS       1000        /* how often the bank is asked whether another server imported */
#define MAX_URL_LOGGED 200         /* bytes of a path in the log */
#define CONN_MEMORY    (64 * 1024) /* per connection: headers over it get 431 */
/* A request's arena: the body (its cap, grown by doubling: under twice the
 * cap) and the response with room to spare; past it the request fails as
 * out of memory. */
#define REQ_ARENA_CAP(srv) (2 * (srv)->cfg.max_upload + ((size_t)64 << 20))
#define DEFAULT_CSP                                                                   \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "      \
    "frame-ancestors 'none'"

void web_config_init(web_config *c)
{
    memset(c, 0, sizeof *c);
    c->listen = DEFAULT_LISTEN;
    c->workers = 2;
    c->timeout = 10;
    c->per_ip = 128;
    c->max_body = 64 * 1024;
    c->max_upload = 4 << 20;
    c->grace = 10;
    c->rate = 100;
    c->servers = 1;
    c->session_ttl = 8 * 3600;
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- connections: the slow-header watchdog ------------------------------------------ */

typedef struct web_conn {
    struct web_conn *prev, *next;
    int fd;
    double waiting_since; /* when it began (or finished its last request): headers due */
    int in_request;       /* headers complete, a request is being answered */
    int cut;              /* shut down by the watchdog */
    assay_arena *spare;   /* the last request's arena, reset, for the next (own thread only) */
} web_conn;

static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static web_conn *conns;

static void on_connection(void *cls, struct MHD_Connection *mc, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        web_conn *c = calloc(1, sizeof *c);
        if (!c)
            return;
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
        c->fd = ci ? ci->connect_fd : -1;
        c->waiting_since = mono_now();
        pthread_mutex_lock(&conns_lock);
        c->next = conns;
        if (conns)
            conns->prev = c;
        conns = c;
        pthread_mutex_unlock(&conns_lock);
        *socket_context = c;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        web_conn *c = *socket_context;
        pthread_mutex_lock(&conns_lock);
        if (c->prev)
            c->prev->next = c->next;
        else
            conns = c->next;
        if (c->next)
            c->next->prev = c->prev;
        pthread_mutex_unlock(&conns_lock);
        assay_arena_free(c->spare);
        free(c);
        *socket_context = NULL;
    }
}

/* Shuts down connections whose headers are overdue; libmicrohttpd then sees
 * the end of the stream and closes them in its own thread. */
static void sweep_slow(double timeout)
{
    double now = mono_now();
    pthread_mutex_lock(&conns_lock);
    for (web_conn *c = conns; c; c = c->next)
        if (!c->in_request && !c->cut && c->fd >= 0 && now - c->waiting_since > timeout) {
            shutdown(c->fd, SHUT_RDWR);
            c->cut = 1;
        }
    pthread_mutex_unlock(&conns_lock);
}

static void conn_mark(web_conn *c, int in_request)
{
    if (!c)
        return;
    pthread_mutex_lock(&conns_lock);
    c->in_request = in_request;
    c->waiting_since = mono_now();
    pthread_mutex_unlock(&conns_lock);
}

/* ---- per-thread workers ------------------------------------------------------------- */

static pthread_key_t worker_key;
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;

static void worker_free(void *p)
{
    web_worker *w = p;
    if (!w)
        return;
    web_engine_release(w->eng);
    assay_bank_close(w->bank);
    assay_free(w->a);
    free(w);
}

static void worker_key_make(void)
{
    (void)pthread_key_create(&worker_key, worker_free);
}

web_worker *web_worker_get(web_srv *srv)
{
    pthread_once(&worker_once, worker_key_make);
    web_worker *w = pthread_getspecific(worker_key);
    if (w)
        return w;
    w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->a = assay_new();
    if (!w->a || assay_bank_open(w->a, srv->cfg.db, &w->bank) != ASSAY_OK) {
        if (w->a)
            fprintf(srv->cfg.log, "assay serve: cannot open the bank: %s\n", assay_errmsg(w->a));
        worker_free(w);
        return NULL;
    }
    pthread_setspecific(worker_key, w);
    return w;
}

/* ---- the shared engine: counted references, swapped after an import -------------------
 *
 * The common path takes no lock: each server thread (web_worker, thread-
 * local) keeps a counted reference to the engine it last used and the
 * generation it was current at. A request compares that generation with
 * srv->engine_gen (one atomic load, acquire); only when an import has swapped
 * the engine since does the thread take engine_lock, take a reference to the
 * new one, read the generation again under the lock and drop its old
 * reference, freeing the old engine when it was the last. Why this is sound
 * (and clean under TSan):
 * - the engine a request uses is the worker's counted reference, which only
 *   this thread drops and only between requests (a handler runs to its end
 *   inside one libmicrohttpd call on this thread), so it cannot be freed
 *   under a request; a request that started before a swap finishes on the
 *   engine it started with;
 * - a new engine is published under engine_lock and every thread takes its
 *   reference under the same lock, so the engine's contents, built before
 *   the swap, happen-before any read of them; the generation is written under
 *   the lock (release) after the pointer, and a thread that loads the new
 *   generation (acquire) then takes the lock anyway;
 * - the generation and pointer a thread keeps are read together under the
 *   lock, so it never pairs an old engine with a new generation (which would
 *   keep an old engine for good);
 * - a thread that sees the old generation for a moment after a swap serves
 *   one more request on the old engine, which is still valid: the request
 *   after an upload's response, on any thread, sees the new one (the upload's
 *   swap is done before its response is queued);
 * - the counts are atomic read-modify-writes (seq_cst), and the engine is
 *   freed by the one that brings its count to zero.
 * An idle thread holds the old engine until its next request (or its exit
 * at shutdown): one engine's memory per idle thread at most, for as long as
 * it idles. */

const assay_engine *web_engine_use(web_srv *srv, web_worker *w)
{
    unsigned long gen = atomic_load_explicit(&srv->engine_gen, memory_order_acquire);
    if (w->eng && w->gen == gen)
        return w->eng->e;
    pthread_mutex_lock(&srv->engine_lock);
    web_engine *we = srv->engine;
    if (we)
        atomic_fetch_add(&we->refs, 1);
    gen = atomic_load_explicit(&srv->engine_gen, memory_order_relaxed);
    pthread_mutex_unlock(&srv->engine_lock);
    web_engine_release(w->eng);
    w->eng = we;
    w->gen = gen;
    return we ? we->e : NULL;
}

void web_engine_release(web_engine *we)
{
    if (we && atomic_fetch_sub(&we->refs, 1) == 1) {
        assay_engine_free(we->e);
        free(we);
    }
}

/* A counted holder of e (one reference: the server's); NULL when out of memory. */
static web_engine *engine_wrap(assay_engine *e)
{
    web_engine *we = calloc(1, sizeof *we);
    if (!we)
        return NULL;
    we->e = e;
    atomic_init(&we->refs, 1);
    return we;
}

int web_engine_swap(web_srv *srv, assay_engine *e)
{
    web_engine *we = engine_wrap(e);
    if (!we) {
        assay_engine_free(e);
        return -1;
    }
    pthread_mutex_lock(&srv->engine_lock);
    web_engine *old = srv->engine;
    srv->engine = we;
    atomic_fetch_add_explicit(&srv->engine_gen, 1, memory_order_release);
    pthread_mutex_unlock(&srv->engine_lock);
    atomic_fetch_add(&srv->engine_swaps, 1);
    web_engine_release(old); /* freed now, or when the last thread using it moves on */
    return 0;
}

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    h ^= 0xffu; /* a separator, so ("ab", "c") and ("a", "bc") differ */
    h *= 1099511628211u;
    return h;
}

int web_kb_fingerprint(assay_bank *bank, uint64_t *out)
{
    assay_list *kbs = NULL;
    if (assay_bank_kbs(bank, &kbs) != ASSAY_OK)
        return -1;
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < assay_list_count(kbs); i++) {
        const assay_kb_info *k = assay_list_kb(kbs, i);
        char at[24];
        snprintf(at, sizeof at, "%lld", (long long)k->imported_at);
        h = fnv(fnv(fnv(h, k->name), k->content_hash), at);
    }
    assay_list_free(kbs);
    *out = h;
    return 0;
}

/* Engine freshness across servers (the main thread, once a FRESH_MS): when
 * the bank's knowledge bases are not the ones this server's engine was built
 * from (another server imported), rebuilds it from the main thread's bank and
 * swaps it in. The fingerprint is read and compared under import_lock, so a
 * local import (which sets kb_fp itself) is not built twice: a fingerprint
 * read before that import committed would otherwise look stale. A failure is
 * logged and tried again next time. */
static void engine_refresh(web_srv *srv, assay_bank *bank, assay *a)
{
    uint64_t fp;
    pthread_mutex_lock(&srv->import_lock);
    if (web_kb_fingerprint(bank, &fp) != 0) {
        fprintf(srv->cfg.log, "assay serve: cannot read the knowledge bases: %s\n",
                assay_errmsg(a));
    } else if (fp != srv->kb_fp) {
        assay_engine *e = NULL;
        double t0 = mono_now();
        if (assay_engine_open(bank, NULL, &e) != ASSAY_OK || web_engine_swap(srv, e) != 0) {
            fprintf(srv->cfg.log, "assay serve: the bank changed, but the engine: %s\n",
                    assay_errmsg(a));
        } else {
            srv->kb_fp = fp;
            atomic_fetch_add(&srv->engine_refreshes, 1);
            fprintf(srv->cfg.log,
                    "assay serve: knowledge bases changed in the bank; engine rebuilt (%zu "
                    "items, %.0f ms)\n",
                    assay_engine_item_count(e), (mono_now() - t0) * 1e3);
        }
    }
    pthread_mutex_unlock(&srv->import_lock);
}

/* ---- request helpers ---------------------------------------------------------------- */

const char *web_header(web_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->mc, MHD_HEADER_KIND, name);
}

const char *web_query(web_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->mc, MHD_GET_ARGUMENT_KIND, name);
}

const char *web_cookie(web_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->mc, MHD_COOKIE_KIND, name);
}

int web_is_https(web_req *r)
{
    if (r->srv->secure_cookies)
        return 1;
    if (r->srv->cfg.trust_proxy) {
        const char *p = web_header(r, "X-Forwarded-Proto");
        return p && strcmp(p, "https") == 0;
    }
    return 0;
}

/* The client's address: the peer, or (trust_proxy) the last X-Forwarded-For hop. */
static void client_address(web_req *r)
{
    snprintf(r->client, sizeof r->client, "?");
    if (r->srv->cfg.trust_proxy) {
        const char *xff = web_header(r, "X-Forwarded-For");
        if (xff && *xff) {
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ')
                last++;
            size_t n = strcspn(last, " ");
            if (n > 0 && n < sizeof r->client) {
                memcpy(r->client, last, n);
                r->client[n] = '\0';
                return;
            }
        }
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->client,
                  sizeof r->client);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->client,
                  sizeof r->client);
}

/* The client's X-Request-Id when it is 8-32 letters, digits or '-', else a new one. */
static void request_id(web_req *r)
{
    const char *h = web_header(r, "X-Request-Id");
    size_t n = h ? strlen(h) : 0;
    int ok = n >= 8 && n < sizeof r->rid;
    for (size_t i = 0; ok && i < n; i++)
        ok = (h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'z') ||
             (h[i] >= 'A' && h[i] <= 'Z') || h[i] == '-';
    if (ok) {
        memcpy(r->rid, h, n + 1);
        return;
    }
    unsigned char raw[8];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(r->rid, sizeof r->rid, raw, sizeof raw);
}

/* ---- the response --------------------------------------------------------------------- */

static void add_header(struct MHD_Response *resp, const char *name, const char *value)
{
    (void)MHD_add_response_header(resp, name, value);
}

static enum MHD_Result send_response(web_req *r)
{
    /* the body is the arena's (or static): it outlives the response's sending */
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->out_len, (void *)(uintptr_t)(r->out ? r->out : ""), MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    add_header(resp, "Content-Type", r->ctype ? r->ctype : "application/json");
    add_header(resp, "Content-Security-Policy", r->csp ? r->csp : DEFAULT_CSP);
    add_header(resp, "X-Content-Type-Options", "nosniff");
    add_header(resp, "Referrer-Policy", "no-referrer");
    add_header(resp, "X-Frame-Options", "DENY");
    add_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    add_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    add_header(resp, "Cache-Control", r->cache ? r->cache : "no-store");
    add_header(resp, "X-Request-Id", r->rid);
    if (r->disposition)
        add_header(resp, "Content-Disposition", r->disposition);
    if (r->cookie[0])
        add_header(resp, "Set-Cookie", r->cookie);
    if (r->rl_set) {
        char v[32];
        snprintf(v, sizeof v, "%ld", r->rl_limit);
        add_header(resp, "RateLimit-Limit", v);
        snprintf(v, sizeof v, "%ld", r->rl_remaining);
        add_header(resp, "RateLimit-Remaining", v);
        snprintf(v, sizeof v, "%ld", r->rl_reset);
        add_header(resp, "RateLimit-Reset", v);
        if (r->status == 429) {
            snprintf(v, sizeof v, "%ld", r->retry_after);
            add_header(resp, "Retry-After", v);
        }
    }
    if (r->status == 405 && r->allow[0])
        add_header(resp, "Allow", r->allow);
    if (atomic_load(&r->srv->stopping) || r->status == 413)
        add_header(resp, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(r->mc, r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* ---- the request's life --------------------------------------------------------------- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    web_srv *srv = cls;
    web_req *r = *con_cls;
    if (!r) {
        /* the request's arena: the connection's spare one, else a new one */
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        web_conn *conn = ci ? ci->socket_context : NULL;
        assay_arena *ar = conn && conn->spare ? conn->spare : assay_arena_new(REQ_ARENA_CAP(srv));
        if (!ar)
            return MHD_NO;
        if (conn)
            conn->spare = NULL;
        if (!(r = assay_arena_alloc(ar, sizeof *r))) {
            assay_arena_free(ar);
            return MHD_NO;
        }
        r->arena = ar;
        r->srv = srv;
        r->mc = mc;
        r->method = method;
        r->url = url;
        r->t0 = mono_now();
        r->route = R_OTHER;
        r->conn = conn;
        conn_mark(r->conn, 1);
        atomic_fetch_add(&srv->in_flight, 1);
        *con_cls = r;
        request_id(r);
        client_address(r);
        /* a document upload may be larger than other bodies (still capped) */
        r->body_max =
            strcmp(url, "/api/v1/admin/kbs") == 0 ? srv->cfg.max_upload : srv->cfg.max_body;
        const char *cl = web_header(r, "Content-Length");
        if (cl) {
            char *end = NULL;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno || end == cl || *end || n > r->body_max) {
                r->too_big = 1;
                web_error(r, 413, "the request body is over the limit", NULL);
                return send_response(r);
            }
        }
        return MHD_YES; /* answered on a later call: keep-alive stays on */
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (r->too_big || r->body_len + n > r->body_max) {
            r->too_big = 1; /* a body without Content-Length over the cap: drop the connection */
            return MHD_NO;
        }
        if (r->body_len + n + 1 > r->body_cap) {
            /* in the arena, doubling (in place while it is the arena's last
             * block), never past the cap: at most twice the cap in all */
            size_t cap = r->body_cap ? r->body_cap : 1024;
            while (cap < r->body_len + n + 1)
                cap *= 2;
            if (cap > r->body_max + 1)
                cap = r->body_max + 1;
            char *nb = assay_arena_grow(r->arena, r->body, r->body_len, cap);
            if (!nb)
                return MHD_NO;
            r->body = nb;
            r->body_cap = cap;
        }
        memcpy(r->body + r->body_len, upload_data, n);
        r->body_len += n;
        r->body[r->body_len] = '\0';
        return MHD_YES;
    }
    if (r->sync_state == WEB_SYNC_NONE)
        web_dispatch(r);
    if (web_durable_defer(r))
        return MHD_YES; /* suspended: answered when its writes are on disk */
    return send_response(r);
}

/* The path as logged: printable ASCII, bounded. */
static void log_path(const char *url, char *out, size_t cap)
{
    size_t k = 0;
    for (const char *p = url ? url : ""; *p && k + 1 < cap && k < MAX_URL_LOGGED; p++)
        out[k++] = (*p > 0x20 && *p < 0x7f) ? *p : '?';
    out[k] = '\0';
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)mc;
    web_srv *srv = cls;
    web_req *r = *con_cls;
    if (!r)
        return;
    double dt = mono_now() - r->t0;
    unsigned status = r->status ? r->status : 499; /* the client went away first */
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && r->status && !r->too_big)
        status = r->status;
    char path[MAX_URL_LOGGED + 1];
    log_path(r->url, path, sizeof path);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(srv->cfg.log, "%s %s %s %u %.3fms rid=%s\n", ts, r->method ? r->method : "-", path,
            status, dt * 1000.0, r->rid);
    web_metrics_count(r->route, status, dt);
    conn_mark(r->conn, 0);
    atomic_fetch_sub(&srv->in_flight, 1);
    /* the whole request at once: kept, reset, for the connection's next
     * request (libmicrohttpd has finished with the response), else freed */
    web_conn *c = r->conn;
    assay_arena *ar = r->arena;
    *con_cls = NULL;
    if (c && !c->spare && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        assay_arena_reset(ar);
        c->spare = ar;
    } else
        assay_arena_free(ar);
}

/* ---- start and stop ------------------------------------------------------------------- */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len, int *v6)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || strlen(colon + 1) == 0 || strlen(colon + 1) > 5)
        return -1;
    size_t hn = (size_t)(colon - listen);
    const char *h = listen;
    if (hn >= 2 && listen[0] == '[' && listen[hn - 1] == ']') {
        h++;
        hn -= 2;
    }
    if (hn >= sizeof host)
        return -1;
    memcpy(host, h, hn);
    host[hn] = '\0';
    for (const char *p = colon + 1; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    if (getaddrinfo(host, colon + 1, &hints, &res) != 0 || !res)
        return -1;
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    *v6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    return 0;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    web_srv *srv = cls;
    fprintf(srv->cfg.log, "assay serve: libmicrohttpd: ");
    vfprintf(srv->cfg.log, fmt, ap);
}

int web_serve(const web_config *cfg_in)
{
    web_srv srv_s;
    memset(&srv_s, 0, sizeof srv_s);
    web_srv *srv = &srv_s;
    srv->cfg = *cfg_in;
    web_config *cfg = &srv->cfg;
    if (!cfg->log)
        cfg->log = stderr;
    if (!cfg->out)
        cfg->out = stdout;
    if (!cfg->listen)
        cfg->listen = DEFAULT_LISTEN;
    if (sodium_init() < 0) {
        fprintf(cfg->log, "assay serve: libsodium failed to start\n");
        return 4;
    }
    struct sockaddr_storage ss;
    socklen_t sslen = 0;
    int v6 = 0;
    if (parse_listen(cfg->listen, &ss, &sslen, &v6) != 0) {
        fprintf(cfg->log, "assay serve: --listen wants HOST:PORT, not '%s'\n", cfg->listen);
        return 1;
    }
    web_rate_share(cfg->servers); /* this server's share of every rate limit */
    /* the shared engine, from the main thread's own context and bank */
    assay *a = assay_new();
    assay_bank *bank = NULL;
    assay_engine *engine = NULL;
    if (!a)
        return 4;
    if (assay_bank_open(a, cfg->db, &bank) != ASSAY_OK ||
        web_kb_fingerprint(bank, &srv->kb_fp) != 0 ||
        assay_engine_open(bank, NULL, &engine) != ASSAY_OK) {
        fprintf(cfg->log, "assay serve: %s\n", assay_errmsg(a));
        int st = assay_code_exit_status(assay_last_error(a)->code);
        assay_bank_close(bank);
        assay_free(a);
        return st ? st : 3;
    }
    pthread_mutex_init(&srv->engine_lock, NULL);
    pthread_mutex_init(&srv->import_lock, NULL);
    srv->engine = engine_wrap(engine);
    if (!srv->engine) {
        assay_engine_free(engine);
        assay_bank_close(bank);
        assay_free(a);
        return 4;
    }
    srv->secure_cookies = cfg->base_url && strncmp(cfg->base_url, "https://", 8) == 0;
    if (web_durable_open(srv, bank) != 0) {
        fprintf(cfg->log, "assay serve: %s\n", assay_errmsg(a));
        web_engine_release(srv->engine);
        assay_bank_close(bank);
        assay_free(a);
        return 3;
    }

    /* signals: every thread inherits the mask; the main thread waits for them */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);

    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     (v6 ? MHD_USE_IPv6 : 0u) | MHD_ALLOW_SUSPEND_RESUME;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(cfg->workers ? cfg->workers : 1), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)cfg->timeout, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, MHD_OPTION_END);
    if (!d) {
        fprintf(cfg->log, "assay serve: cannot listen on %s: %s\n", cfg->listen,
                strerror(errno ? errno : EADDRINUSE));
        web_durable_close(srv);
        web_engine_release(srv->engine);
        assay_bank_close(bank);
        assay_free(a);
        return 3;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di ? di->port : 0;
    char host[128];
    const char *colon = strrchr(cfg->listen, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - cfg->listen), cfg->listen);
    if (cfg->base_url)
        fprintf(cfg->out, "assay: serving on %s (listening on %s:%u)\n", cfg->base_url, host, port);
    else
        fprintf(cfg->out, "assay: serving on http://%s:%u/\n", host, port);
    fflush(cfg->out);

    int sig = 0;
    double next_fresh = mono_now() + FRESH_MS / 1000.0;
    while (!sig) {
        struct timespec to = {0, SWEEP_MS * 1000000L};
        siginfo_t info;
        int s = sigtimedwait(&sigs, &info, &to);
        if (s == SIGTERM || s == SIGINT)
            sig = s;
        sweep_slow((double)(cfg->timeout ? cfg->timeout : 10));
        if (!sig && mono_now() >= next_fresh) {
            engine_refresh(srv, bank, a);
            next_fresh = mono_now() + FRESH_MS / 1000.0;
        }
    }
    atomic_store(&srv->stopping, 1);
    fprintf(cfg->log, "assay serve: %s: stopping (finishing requests in flight)\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_socket lfd = MHD_quiesce_daemon(d);
    if (lfd != MHD_INVALID_SOCKET)
        close(lfd);
    double until = mono_now() + (double)cfg->grace;
    while (atomic_load(&srv->in_flight) > 0 && mono_now() < until) {
        struct timespec t = {0, 20 * 1000000L};
        nanosleep(&t, NULL);
    }
    web_durable_close(srv); /* resumes any request still waiting for the disk */
    while (atomic_load(&srv->in_flight) > 0 && mono_now() < until + 1.0) {
        struct timespec t = {0, 20 * 1000000L};
        nanosleep(&t, NULL);
    }
    int left = atomic_load(&srv->in_flight);
    MHD_stop_daemon(d);
    web_engine_release(srv->engine); /* the last reference: every request has ended */
    srv->engine = NULL;
    pthread_mutex_destroy(&srv->engine_lock);
    pthread_mutex_destroy(&srv->import_lock);
    assay_bank_close(bank);
    assay_free(a);
    web_rate_reset();
    fprintf(cfg->log, "assay serve: stopped%s\n",
            left > 0 ? " (requests still in flight at the deadline were cut)" : "");
    return 0;
}
