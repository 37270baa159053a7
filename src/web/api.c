/*
 * web/api — the routes of `assay serve` and their handlers (docs/openapi.yaml):
 * health, readiness and metrics; accounts and sign-in; the learner's API
 * under /api/v1 (knowledge bases and topics; attempts: start, the current
 * question, answer, skip, finish, results, history, reports).
 *
 * Every request passes the same gate in web_dispatch: route and method (404,
 * 405), the per-address token bucket (429), the sign-in cookie (401), the
 * per-account bucket, and for a state-changing request a JSON body, a
 * same-origin Origin and the sign-in's CSRF token (415, 403). Bodies are
 * read strictly: an object, no unknown or repeated field, each field of its
 * type and range, and a 400 names the field. The work itself is the
 * library's: sessions (assay_session_*) and their JSON, accounts, reports.
 * A learner reaches only their own attempts (404 for anyone else's), and no
 * response carries a key before the learner's answer to it is stored: only
 * the session's keyless question, its feedback and its summary are sent.
 * "/" and "/static/…" serve the embedded browser interface (src/web/ui).
 * The admin's routes and the author's items are in admin.c; a request uses
 * the shared engine through its thread's reference (web_engine_use: an
 * import swaps it).
 */
#include "web_int.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COOKIE          "assay_session"
#define REQUEST_ID_MAX  64
#define TEXT_ANSWER_MAX 8192 /* bytes of a typed answer */
/* Sign-in: five tries a minute per name (guessing one account's password),
 * thirty per address (a class behind one NAT signs in at once). Sign-up:
 * twenty accounts per address per ten minutes (each costs an Argon2id hash). */
#define SIGNIN_NAME_BURST 5.0
#define SIGNIN_NAME_PER_S (5.0 / 60.0)
#define SIGNIN_IP_BURST   30.0
#define SIGNIN_IP_PER_S   (30.0 / 60.0)
#define SIGNUP_BURST      20.0
#define SIGNUP_PER_S      (20.0 / 600.0)
#define MAX_TOPICS        64

/* ---- responses ----------------------------------------------------------------------- */

static const char *status_code_name(unsigned s)
{
    switch (s) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 429: return "too_many_requests";
    case 503: return "unavailable";
    default: return "internal_error";
    }
}

#define JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(10))
#define JSON_FIRST 4096 /* bytes first tried for a response (most fit) */

static void out_of_memory(web_req *r)
{
    static const char oom[] = "{\"error\":{\"status\":500,\"code\":\"internal_error\","
                              "\"message\":\"out of memory\"}}";
    r->status = 500;
    r->out = oom;
    r->out_len = sizeof oom - 1;
    r->ctype = "application/json";
}

/* j's text in the request's arena: written once into a first block, which
 * shrinks to fit, or, when j is longer, again into a block of its size. */
void web_json(web_req *r, unsigned status, json_t *j)
{
    char *t = NULL;
    size_t n = 0;
    if (j && (t = assay_arena_alloc(r->arena, JSON_FIRST)) != NULL) {
        n = json_dumpb(j, t, JSON_FIRST, JSON_FLAGS);
        if (n > JSON_FIRST) {
            t = assay_arena_alloc(r->arena, n);
            if (t && json_dumpb(j, t, n, JSON_FLAGS) != n)
                t = NULL;
        } else if (n > 0)
            t = assay_arena_grow(r->arena, t, JSON_FIRST, n); /* the tail given back */
    }
    json_decref(j);
    if (!t || n == 0) {
        out_of_memory(r);
        return;
    }
    r->status = status;
    r->out = t;
    r->out_len = n;
    r->ctype = "application/json";
}

static void string_free(void *p)
{
    assay_string_free(p);
}

void web_text(web_req *r, unsigned status, const char *ctype, char *t, size_t len)
{
    if (!t || assay_arena_defer(r->arena, string_free, t) != 0) {
        out_of_memory(r); /* t, if any, is freed */
        return;
    }
    r->status = status;
    r->out = t;
    r->out_len = len ? len : strlen(t);
    r->ctype = ctype ? ctype : "application/json";
}

/* Takes a JSON text the library wrote (NULL: out of memory). */
static void json_text(web_req *r, unsigned status, char *t)
{
    web_text(r, status, NULL, t, 0);
}

void web_error(web_req *r, unsigned status, const char *message, const char *field)
{
    json_t *e = json_pack("{s:i, s:s, s:s}", "status", (int)status, "code",
                          status_code_name(status), "message", message ? message : "");
    if (e && field)
        json_object_set_new(e, "field", json_string(field));
    web_json(r, status, e ? json_pack("{s:o}", "error", e) : NULL);
}

static void errorf(web_req *r, unsigned status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void errorf(web_req *r, unsigned status, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    web_error(r, status, msg, field);
}

/* The library's error as a response: the parameter at fault becomes the field. */
static void lib_error(web_req *r, web_worker *w, const char *field_prefix)
{
    const assay_error *e = assay_last_error(w->a);
    unsigned st = 500;
    switch (e->code) {
    case ASSAY_EINPUT:
    case ASSAY_EUSAGE: st = 400; break;
    case ASSAY_ENOTFOUND: st = 404; break;
    case ASSAY_ESTORAGE:
    case ASSAY_ECONFLICT: st = 503; break;
    default: st = 500;
    }
    if (e->code == ASSAY_EINPUT && e->param && strcmp(e->param, "position") == 0)
        st = 409;
    char field[64] = "";
    if (e->param && st == 400)
        snprintf(field, sizeof field, "%s%s", field_prefix ? field_prefix : "", e->param);
    if (st >= 500)
        fprintf(r->srv->cfg.log, "assay serve: rid=%s: %s\n", r->rid, assay_errmsg(w->a));
    web_error(r, st, st == 500 ? "internal error" : e->message, field[0] ? field : NULL);
}

void web_errorf(web_req *r, unsigned status, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    web_error(r, status, msg, field);
}

void web_lib_error(web_req *r, web_worker *w, const char *field_prefix)
{
    lib_error(r, w, field_prefix);
}

/* ---- strict JSON bodies ---------------------------------------------------------------- */

static void json_release(void *p)
{
    json_decref(p);
}

/* The body as an object whose keys are all in `allowed` (NULL-terminated);
 * an empty body is {} when empty_ok. NULL with a 400/415 set otherwise. The
 * object is the request's arena's (released with it): the caller does not
 * decref it, and strings read from it live as long as the request. */
static json_t *body_object(web_req *r, const char *const *allowed, int empty_ok)
{
    if (r->body_len == 0 && empty_ok) {
        json_t *e = json_object();
        if (!e || assay_arena_defer(r->arena, json_release, e) != 0) {
            web_json(r, 500, NULL);
            return NULL;
        }
        return e;
    }
    json_error_t je;
    json_t *o = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        errorf(r, 400, NULL, "the body is not valid JSON: %s (line %d, column %d)", je.text,
               je.line, je.column);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        web_error(r, 400, "the body is a JSON object", NULL);
        return NULL;
    }
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        int ok = 0;
        for (size_t i = 0; allowed[i]; i++)
            ok |= strcmp(allowed[i], k) == 0;
        if (!ok) {
            errorf(r, 400, k, "unknown field '%.64s'", k);
            json_decref(o);
            return NULL;
        }
    }
    if (assay_arena_defer(r->arena, json_release, o) != 0) { /* o is released */
        web_json(r, 500, NULL);
        return NULL;
    }
    return o;
}

json_t *web_body_object(web_req *r, const char *const *allowed, int empty_ok)
{
    return body_object(r, allowed, empty_ok);
}

/* A string field of 1..max bytes (required or not: *out NULL when absent). -1 on a 400. */
static int get_string(web_req *r, json_t *o, const char *name, int required, size_t max,
                      const char *field, const char **out)
{
    json_t *v = json_object_get(o, name);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required) {
            errorf(r, 400, field, "'%s' is required", field);
            return -1;
        }
        return 0;
    }
    if (!json_is_string(v)) {
        errorf(r, 400, field, "'%s' is a string", field);
        return -1;
    }
    size_t n = json_string_length(v);
    if (n == 0 || n > max || strlen(json_string_value(v)) != n) {
        errorf(r, 400, field, "'%s' is 1 to %zu bytes of text", field, max);
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* A whole-number field in [lo, hi]; *set says whether it was given. */
static int get_int(web_req *r, json_t *o, const char *name, json_int_t lo, json_int_t hi,
                   const char *field, json_int_t *out, int *set)
{
    json_t *v = json_object_get(o, name);
    *set = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        errorf(r, 400, field, "'%s' is a whole number from %lld to %lld", field, (long long)lo,
               (long long)hi);
        return -1;
    }
    *out = json_integer_value(v);
    *set = 1;
    return 0;
}

int web_get_levels(web_req *r, json_t *o, int levels[WEB_MAX_LEVELS], size_t *n)
{
    json_t *lv = json_object_get(o, "levels");
    *n = 0;
    if (!lv || json_is_null(lv))
        return 0;
    if (!json_is_array(lv) || json_array_size(lv) > WEB_MAX_LEVELS) {
        web_error(r, 400, "'levels' is a list of levels 1 to 9", "levels");
        return -1;
    }
    for (size_t i = 0; i < json_array_size(lv); i++) {
        json_t *t = json_array_get(lv, i);
        char field[48];
        snprintf(field, sizeof field, "levels[%zu]", i);
        if (!json_is_integer(t) || json_integer_value(t) < 1 || json_integer_value(t) > 9) {
            errorf(r, 400, field, "'%s' is a level from 1 to 9", field);
            return -1;
        }
        levels[(*n)++] = (int)json_integer_value(t);
    }
    return 0;
}

/* A client request id: 1..64 letters, digits, '-' or '_'. */
static int get_request_id(web_req *r, json_t *o, const char **out)
{
    if (get_string(r, o, "request_id", 1, REQUEST_ID_MAX, "request_id", out) != 0)
        return -1;
    for (const char *p = *out; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              *p == '-' || *p == '_')) {
            web_error(r, 400, "'request_id' is letters, digits, '-' and '_'", "request_id");
            return -1;
        }
    return 0;
}

/* ---- roles -------------------------------------------------------------------------------- */

static int role_rank(const char *role)
{
    return !role                           ? 0
           : strcmp(role, "admin") == 0    ? 3
           : strcmp(role, "assessor") == 0 ? 2
           : strcmp(role, "learner") == 0  ? 1
                                           : 0;
}

int web_role_at_least(const web_req *r, const char *role)
{
    int have = role_rank(r->role), want = role_rank(role);
    return have > 0 && want > 0 && have >= want;
}

/* ---- sign-in ---------------------------------------------------------------------------- */

typedef struct who {
    int in;
    assay_signin s;
} who;

static void set_cookie(web_req *r, const char *token, int64_t max_age)
{
    snprintf(r->cookie, sizeof r->cookie,
             COOKIE "=%s; Path=/; Max-Age=%lld; HttpOnly; "
                    "SameSite=Strict%s",
             token, (long long)max_age, web_is_https(r) ? "; Secure" : "");
}

static json_t *signin_json(const assay_signin *s)
{
    return json_pack("{s:s, s:s, s:s, s:I}", "user", s->user, "role", s->role, "csrf_token",
                     s->csrf, "expires_at", (json_int_t)s->expires_at);
}

/* 0 when allowed; else a 429 is set. The last bucket taken sets the RateLimit-* headers. */
static int rate(web_req *r, const char *kind, const char *key, double burst, double per_s)
{
    char k[128];
    snprintf(k, sizeof k, "%s:%.100s", kind, key);
    web_rate rt;
    web_rate_take(k, burst, per_s, &rt);
    r->rl_set = 1;
    r->rl_limit = rt.limit;
    r->rl_remaining = rt.remaining;
    r->rl_reset = rt.reset;
    r->retry_after = rt.retry_after;
    if (rt.allowed)
        return 0;
    errorf(r, 429, NULL, "too many requests: try again in %ld s", rt.retry_after);
    return -1;
}

/* The body {"name", "password"} of a sign-up or sign-in: the object (the
 * request's arena's), NULL with a 400 set. */
static json_t *credentials(web_req *r, const char **name, const char **pw)
{
    static const char *const allowed[] = {"name", "password", NULL};
    json_t *o = body_object(r, allowed, 0);
    if (o && (get_string(r, o, "name", 1, ASSAY_ACCOUNT_NAME_MAX, "name", name) != 0 ||
              get_string(r, o, "password", 1, ASSAY_PASSWORD_MAX, "password", pw) != 0)) {
        o = NULL; /* the arena releases it */
    }
    return o;
}

/* Signs `name` in: the cookie and the sign-in's JSON with `status`. */
static void sign_in(web_req *r, web_worker *w, const char *name, unsigned status)
{
    assay_signin s;
    memset(&s, 0, sizeof s);
    if (assay_signin_start(w->bank, name, r->srv->cfg.session_ttl, &s) != ASSAY_OK)
        lib_error(r, w, NULL);
    else {
        set_cookie(r, s.token, r->srv->cfg.session_ttl);
        web_json(r, status, signin_json(&s));
    }
    sodium_memzero(&s, sizeof s);
}

static void h_signup(web_req *r, web_worker *w)
{
    if (rate(r, "signup", r->client, SIGNUP_BURST, SIGNUP_PER_S) != 0)
        return;
    const char *name, *pw;
    json_t *o = credentials(r, &name, &pw);
    if (!o)
        return;
    if (assay_account_create(w->bank, name, pw) != ASSAY_OK) {
        const assay_error *e = assay_last_error(w->a);
        if (e->code == ASSAY_EINPUT && e->param && strcmp(e->param, "name") == 0 &&
            strstr(e->message, "taken"))
            web_error(r, 409, e->message, "name");
        else
            lib_error(r, w, NULL);
    } else
        sign_in(r, w, name, 201);
}

static void h_signin(web_req *r, web_worker *w)
{
    if (rate(r, "signin-ip", r->client, SIGNIN_IP_BURST, SIGNIN_IP_PER_S) != 0)
        return;
    const char *name, *pw;
    json_t *o = credentials(r, &name, &pw);
    if (!o)
        return;
    if (rate(r, "signin-name", name, SIGNIN_NAME_BURST, SIGNIN_NAME_PER_S) != 0) {
        return;
    }
    if (assay_account_check(w->bank, name, pw) != ASSAY_OK) {
        if (assay_last_error(w->a)->code == ASSAY_ENOTFOUND)
            web_error(r, 401, "wrong name or password", NULL);
        else
            lib_error(r, w, NULL);
    } else
        sign_in(r, w, name, 200);
}

static void h_session(web_req *r, web_worker *w, const who *u)
{
    if (strcmp(r->method, "DELETE") == 0) {
        if (assay_signin_end(w->bank, web_cookie(r, COOKIE)) != ASSAY_OK) {
            lib_error(r, w, NULL);
            return;
        }
        set_cookie(r, "", 0);
        web_json(r, 200, json_pack("{s:b}", "signed_out", 1));
        return;
    }
    web_json(r, 200, signin_json(&u->s));
}

/* ---- knowledge bases and topics ------------------------------------------------------------ */

static void h_kbs(web_req *r, web_worker *w)
{
    assay_list *l = NULL;
    if (assay_bank_kbs(w->bank, &l) != ASSAY_OK) {
        lib_error(r, w, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_list_count(l); i++) {
        const assay_kb_info *k = assay_list_kb(l, i);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:{s:I, s:I, s:I}}", "name", k->name,
                                             "title", k->title, "topics", (json_int_t)k->topics,
                                             "items", "level", (json_int_t)k->level_qa, "interview",
                                             (json_int_t)k->interview_qa, "scenario",
                                             (json_int_t)k->scenario));
    }
    assay_list_free(l);
    web_json(r, 200, arr ? json_pack("{s:o}", "kbs", arr) : NULL);
}

static void h_topics(web_req *r, web_worker *w, const char *kb)
{
    assay_list *l = NULL;
    if (assay_bank_topics(w->bank, kb, &l) != ASSAY_OK) {
        lib_error(r, w, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_list_count(l); i++) {
        const assay_topic_info *t = assay_list_topic(l, i);
        json_t *lv = json_array();
        for (int k = 1; lv && k <= 4; k++)
            json_array_append_new(lv, json_integer((json_int_t)t->by_level[k]));
        json_array_append_new(arr, json_pack("{s:i, s:i, s:s, s:I, s:o, s:I, s:I}", "number",
                                             t->number, "ordinal", t->ordinal, "title", t->title,
                                             "items", (json_int_t)t->items, "levels", lv,
                                             "interview", (json_int_t)t->interview_qa, "scenario",
                                             (json_int_t)t->scenario));
    }
    assay_list_free(l);
    web_json(r, 200, arr ? json_pack("{s:s, s:o}", "kb", kb, "topics", arr) : NULL);
}

/* ---- attempts ------------------------------------------------------------------------------ */

static const char *kind_name(assay_attempt_kind k)
{
    return k == ASSAY_ATTEMPT_ASSESSMENT ? "assessment"
           : k == ASSAY_ATTEMPT_REVIEW   ? "review"
                                         : "quiz";
}

static json_t *attempt_json(const assay_attempt_info *at)
{
    return json_pack("{s:I, s:s, s:s, s:b, s:I, s:I, s:I, s:f, s:s}", "id", (json_int_t)at->id,
                     "kind", kind_name(at->kind), "kb", at->kb, "finished", at->finished,
                     "started_at", (json_int_t)at->started_at, "updated_at",
                     (json_int_t)at->updated_at, "answered", (json_int_t)at->answered, "score",
                     at->score, "levels", at->levels);
}

/* 0 when attempt `id` is the signed-in learner's; else a 404 is set (also for
 * someone else's: whether it exists is none of their business). */
static int own_attempt(web_req *r, web_worker *w, const who *u, int64_t id)
{
    assay_attempt_filter f;
    assay_attempt_filter_init(&f);
    f.user = u->s.user;
    f.attempt = id;
    assay_list *l = NULL;
    if (assay_bank_attempts(w->bank, &f, &l) != ASSAY_OK) {
        lib_error(r, w, NULL);
        return -1;
    }
    size_t n = assay_list_count(l);
    assay_list_free(l);
    if (n == 0) {
        errorf(r, 404, NULL, "no attempt %lld", (long long)id);
        return -1;
    }
    return 0;
}

static void h_history(web_req *r, web_worker *w, const who *u)
{
    assay_attempt_filter f;
    assay_attempt_filter_init(&f);
    f.user = u->s.user;
    f.limit = 200;
    assay_list *l = NULL;
    if (assay_bank_attempts(w->bank, &f, &l) != ASSAY_OK) {
        lib_error(r, w, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_list_count(l); i++)
        json_array_append_new(arr, attempt_json(assay_list_attempt(l, i)));
    assay_list_free(l);
    web_json(r, 200, arr ? json_pack("{s:o}", "attempts", arr) : NULL);
}

static json_t *status_json(assay_session *s)
{
    assay_session_status st;
    assay_session_status_get(s, &st);
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:b}", "position", (json_int_t)st.position, "total",
                          (json_int_t)st.total, "answered", (json_int_t)st.answered, "skipped",
                          (json_int_t)st.skipped, "done", st.done);
    if (o && assay_session_kind(s) == ASSAY_ATTEMPT_ASSESSMENT) {
        json_object_set_new(o, "topics", json_integer((json_int_t)st.topics));
        json_object_set_new(o, "topics_decided", json_integer((json_int_t)st.topics_decided));
    }
    return o;
}

/* The attempt with its status and summary (the session module's JSON). */
static void attempt_view(web_req *r, web_worker *w, assay_session *s, unsigned status)
{
    char *sum = assay_session_summary_json(s);
    json_t *sj = sum ? json_loads(sum, 0, NULL) : NULL;
    assay_string_free(sum);
    json_t *o =
        sj ? json_pack("{s:I, s:s, s:b, s:o, s:o}", "attempt", (json_int_t)assay_session_attempt(s),
                       "kind", kind_name(assay_session_kind(s)), "finished",
                       assay_session_finished(s), "status", status_json(s), "summary", sj)
           : NULL;
    (void)w;
    web_json(r, status, o);
}

/* types: ["mcq", ...] into a bit set; -1 on a 400. */
static int get_types(web_req *r, json_t *o, unsigned *types)
{
    json_t *v = json_object_get(o, "types");
    *types = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 6) {
        web_error(r, 400, "'types' is a list of 1 to 6 question types", "types");
        return -1;
    }
    size_t i;
    json_t *t;
    json_array_foreach(v, i, t)
    {
        unsigned bit = 0;
        char field[48];
        snprintf(field, sizeof field, "types[%zu]", i);
        if (!json_is_string(t) || strchr(json_string_value(t), ',') ||
            strcmp(json_string_value(t), "all") == 0 ||
            assay_qtypes_parse(json_string_value(t), &bit) != ASSAY_OK) {
            errorf(r, 400, field, "'%s' is one of mcq, tf, cloze, match, short, scenario", field);
            return -1;
        }
        *types |= bit;
    }
    return 0;
}

static void h_start(web_req *r, web_worker *w, const who *u)
{
    static const char *const allowed[] = {"kind",  "kb",      "topics",    "levels", "count",
                                          "types", "options", "max_items", "seed",   NULL};
    json_t *o = body_object(r, allowed, 0);
    if (!o)
        return;
    const char *kind = NULL, *kb = NULL, *topics[MAX_TOPICS];
    int levels[WEB_MAX_LEVELS];
    size_t nt = 0, nl = 0;
    json_int_t count = 0, options = 0, max_items = 0, seed = 0;
    int c_set, o_set, m_set, s_set;
    unsigned types = 0;
    int bad = get_string(r, o, "kind", 1, 16, "kind", &kind) != 0;
    if (!bad && strcmp(kind, "quiz") && strcmp(kind, "assessment") && strcmp(kind, "review")) {
        web_error(r, 400, "'kind' is quiz, assessment or review", "kind");
        bad = 1;
    }
    bad = bad || get_string(r, o, "kb", 0, 200, "kb", &kb) != 0;
    json_t *tv = json_object_get(o, "topics");
    if (!bad && tv && !json_is_null(tv)) {
        if (!json_is_array(tv) || json_array_size(tv) > MAX_TOPICS) {
            errorf(r, 400, "topics", "'topics' is a list of at most %d topics", MAX_TOPICS);
            bad = 1;
        }
        for (size_t i = 0; !bad && i < json_array_size(tv); i++) {
            json_t *t = json_array_get(tv, i);
            char field[48];
            snprintf(field, sizeof field, "topics[%zu]", i);
            if (!json_is_string(t) || json_string_length(t) == 0 || json_string_length(t) > 1000) {
                errorf(r, 400, field, "'%s' is a topic number or part of its title", field);
                bad = 1;
            } else
                topics[nt++] = json_string_value(t);
        }
    }
    bad = bad || web_get_levels(r, o, levels, &nl) != 0;
    bad = bad || get_int(r, o, "count", 1, 500, "count", &count, &c_set) != 0 ||
          get_int(r, o, "options", 3, 5, "options", &options, &o_set) != 0 ||
          get_int(r, o, "max_items", 1, 500, "max_items", &max_items, &m_set) != 0 ||
          get_int(r, o, "seed", 0, (json_int_t)INT64_MAX, "seed", &seed, &s_set) != 0 ||
          get_types(r, o, &types) != 0;
    if (bad) {
        return;
    }
    assay_session_spec sp;
    assay_session_spec_init(&sp);
    sp.kind = strcmp(kind, "quiz") == 0         ? ASSAY_ATTEMPT_QUIZ
              : strcmp(kind, "assessment") == 0 ? ASSAY_ATTEMPT_ASSESSMENT
                                                : ASSAY_ATTEMPT_REVIEW;
    sp.user = u->s.user;
    sp.kb = kb; /* quiz and assessment: that knowledge base only */
    sp.topics = nt ? topics : NULL;
    sp.n_topics = nt;
    sp.levels = nl ? levels : NULL;
    sp.n_levels = nl;
    if (c_set)
        sp.count = (size_t)count;
    if (o_set)
        sp.options = (int)options;
    if (m_set)
        sp.max_items = (size_t)max_items;
    if (s_set)
        sp.seed = (uint64_t)seed;
    if (types)
        sp.types = types;
    assay_session *s = NULL;
    if (assay_session_start(w->a, w->bank, r->engine, &sp, &s) != ASSAY_OK)
        lib_error(r, w, NULL);
    else
        attempt_view(r, w, s, 201);
    assay_session_free(s);
}

enum { OPEN_CONTINUE, OPEN_READ, OPEN_ASK };

/* The learner's attempt `id`, opened to continue it (OPEN_CONTINUE), to read
 * it (OPEN_READ: a finished one too), or to ask for its question or answer it
 * (OPEN_ASK: unfinished, and opening writes nothing: a GET does not write, and
 * an answer writes only what it stores). The attempt is opened first and its
 * owner compared (one read of the attempt on the way that every request of a
 * step takes); only when it cannot be opened does own_attempt decide between
 * 404 (not theirs, or no such attempt) and the library's error. Opening to
 * continue writes, so its owner is checked before. */
static assay_code open_as(web_req *r, web_worker *w, int64_t id, int how, assay_session **s)
{
    return how == OPEN_READ  ? assay_session_view(w->a, w->bank, r->engine, id, s)
           : how == OPEN_ASK ? assay_session_reopen(w->a, w->bank, r->engine, id, s)
                             : assay_session_resume(w->a, w->bank, r->engine, id, s);
}

static assay_session *open_own(web_req *r, web_worker *w, const who *u, int64_t id, int how)
{
    if (how == OPEN_CONTINUE && own_attempt(r, w, u, id) != 0)
        return NULL;
    assay_session *s = NULL;
    assay_code rc = open_as(r, w, id, how, &s);
    if (rc != ASSAY_OK && how != OPEN_CONTINUE) {
        if (own_attempt(r, w, u, id) != 0)
            return NULL;
        rc = open_as(r, w, id, how, &s); /* theirs: the library's error again */
    }
    if (rc == ASSAY_OK) {
        if (strcmp(assay_session_user(s), u->s.user) == 0)
            return s;
        assay_session_free(s);
        errorf(r, 404, NULL, "no attempt %lld", (long long)id);
        return NULL;
    }
    const assay_error *e = assay_last_error(w->a);
    if (how != OPEN_READ && e->code == ASSAY_EINPUT && e->param && strcmp(e->param, "attempt") == 0)
        errorf(r, 409, NULL, "attempt %lld is finished", (long long)id);
    else
        lib_error(r, w, NULL);
    return NULL;
}

static void h_attempt(web_req *r, web_worker *w, const who *u, int64_t id)
{
    assay_session *s = open_own(r, w, u, id, OPEN_READ);
    if (s)
        attempt_view(r, w, s, 200);
    assay_session_free(s);
}

static void h_question(web_req *r, web_worker *w, const who *u, int64_t id)
{
    assay_session *s = open_own(r, w, u, id, OPEN_ASK);
    if (!s)
        return;
    const assay_question *q = NULL;
    if (assay_session_current(s, &q) != ASSAY_OK)
        lib_error(r, w, NULL);
    else if (!q)
        web_json(r, 200,
                 json_pack("{s:s, s:I, s:s, s:b}", "event", "done", "attempt", (json_int_t)id,
                           "kind", kind_name(assay_session_kind(s)), "done", 1));
    else
        json_text(r, 200, assay_session_question_json(s, q));
    assay_session_free(s);
}

/* {"choice": int} | {"truth": bool} | {"pairs": [int]} | {"text": str}; which one a
 * question takes is the session's to check (it names the field). */
static int read_answer(web_req *r, json_t *a, assay_answer *ans, int *pairs, size_t max_pairs)
{
    static const char *const keys[] = {"choice", "truth", "pairs", "text", NULL};
    if (!a || !json_is_object(a)) {
        web_error(r, 400,
                  "'answer' is an object: {\"choice\": N}, {\"truth\": B}, "
                  "{\"pairs\": [N, ...]} or {\"text\": S}",
                  "answer");
        return -1;
    }
    const char *k;
    json_t *v;
    json_object_foreach(a, k, v)
    {
        int ok = 0;
        for (size_t i = 0; keys[i]; i++)
            ok |= strcmp(keys[i], k) == 0;
        if (!ok) {
            char field[80];
            snprintf(field, sizeof field, "answer.%.64s", k);
            errorf(r, 400, field, "unknown field '%s'", field);
            return -1;
        }
    }
    if (json_object_size(a) == 0) {
        web_error(r, 400, "'answer' is empty (to skip, use the skip route)", "answer");
        return -1;
    }
    if ((v = json_object_get(a, "choice"))) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100) {
            web_error(r, 400, "'answer.choice' is an option's index (0-based)", "answer.choice");
            return -1;
        }
        ans->choice = (int)json_integer_value(v);
    }
    if ((v = json_object_get(a, "truth"))) {
        if (!json_is_boolean(v)) {
            web_error(r, 400, "'answer.truth' is true or false", "answer.truth");
            return -1;
        }
        ans->truth = json_is_true(v);
    }
    if ((v = json_object_get(a, "pairs"))) {
        if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > max_pairs) {
            errorf(r, 400, "answer.pairs", "'answer.pairs' is a list of 1 to %zu indexes",
                   max_pairs);
            return -1;
        }
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *p = json_array_get(v, i);
            if (!json_is_integer(p) || json_integer_value(p) < -1 || json_integer_value(p) > 100) {
                char field[48];
                snprintf(field, sizeof field, "answer.pairs[%zu]", i);
                errorf(r, 400, field, "'%s' is an index (0-based) or -1 for none", field);
                return -1;
            }
            pairs[i] = (int)json_integer_value(p);
        }
        ans->pairs = pairs;
        ans->n_pairs = json_array_size(v);
    }
    if ((v = json_object_get(a, "text"))) {
        if (!json_is_string(v) || json_string_length(v) == 0 ||
            json_string_length(v) > TEXT_ANSWER_MAX ||
            strlen(json_string_value(v)) != json_string_length(v)) {
            errorf(r, 400, "answer.text", "'answer.text' is 1 to %d bytes of text",
                   TEXT_ANSWER_MAX);
            return -1;
        }
        ans->text = json_string_value(v);
    }
    return 0;
}

static void h_answer(web_req *r, web_worker *w, const who *u, int64_t id, int skip)
{
    static const char *const a_keys[] = {"position", "request_id", "answer", NULL};
    static const char *const s_keys[] = {"position", "request_id", NULL};
    json_t *o = body_object(r, skip ? s_keys : a_keys, 0);
    if (!o)
        return;
    json_int_t pos = 0;
    int pos_set = 0;
    const char *rid = NULL;
    assay_answer ans = ASSAY_ANSWER_INIT;
    int pairs[16];
    if (get_int(r, o, "position", 1, 100000, "position", &pos, &pos_set) != 0 ||
        get_request_id(r, o, &rid) != 0 ||
        (!skip && read_answer(r, json_object_get(o, "answer"), &ans, pairs, 16) != 0)) {
        return;
    }
    if (!pos_set) {
        web_error(r, 400, "'position' is required", "position");
        return;
    }
    assay_session *s = open_own(r, w, u, id, OPEN_ASK);
    const assay_feedback *fb = NULL;
    if (s) {
        assay_code rc = skip ? assay_session_skip_at(s, (size_t)pos, rid, &fb)
                             : assay_session_submit_at(s, (size_t)pos, &ans, rid, &fb);
        if (rc != ASSAY_OK) {
            if (assay_last_error(w->a)->code == ASSAY_EUSAGE && !assay_last_error(w->a)->param)
                errorf(r, 409, NULL, "attempt %lld has no question left to answer", (long long)id);
            else
                lib_error(r, w, skip ? NULL : "answer.");
        } else {
            if (!fb->duplicate)
                web_metrics_answer();
            json_text(r, 200, assay_session_feedback_json(s, fb));
        }
    }
    assay_session_free(s);
}

static void h_finish(web_req *r, web_worker *w, const who *u, int64_t id)
{
    static const char *const allowed[] = {NULL};
    json_t *o = body_object(r, allowed, 1);
    if (!o)
        return;
    assay_session *s = open_own(r, w, u, id, OPEN_READ);
    if (s && !assay_session_finished(s)) {
        assay_session_free(s);
        s = open_own(r, w, u, id, OPEN_CONTINUE);
        if (s && assay_session_finish(s) != ASSAY_OK) {
            lib_error(r, w, NULL);
            assay_session_free(s);
            return;
        }
    }
    if (s)
        attempt_view(r, w, s, 200);
    assay_session_free(s);
}

/* ---- reports -------------------------------------------------------------------------------- */

/* A policy for the session module's HTML report: its one <style> element and
 * its style attributes allowed by hash, nothing else (no script at all). */
static const char *report_csp(web_req *r, const char *html)
{
    size_t cap = 8192, n = 0;
    char *p = assay_arena_alloc(r->arena, cap);
    if (!p)
        return NULL; /* the default policy: the report's style is blocked, nothing leaks */
    n += (size_t)snprintf(p, cap, "default-src 'none'; img-src data:; style-src 'unsafe-hashes'");
    char seen[64][48];
    size_t ns = 0;
    const char *cur = html;
    for (int pass = 0; pass < 2; pass++) {
        const char *open = pass == 0 ? "<style>" : " style=\"";
        const char *close = pass == 0 ? "</style>" : "\"";
        for (cur = html; (cur = strstr(cur, open)) != NULL;) {
            cur += strlen(open);
            const char *end = strstr(cur, close);
            if (!end)
                break;
            unsigned char dg[crypto_hash_sha256_BYTES];
            crypto_hash_sha256(dg, (const unsigned char *)cur, (unsigned long long)(end - cur));
            char b64[48];
            sodium_bin2base64(b64, sizeof b64, dg, sizeof dg, sodium_base64_VARIANT_ORIGINAL);
            int dup = 0;
            for (size_t i = 0; i < ns; i++)
                dup |= strcmp(seen[i], b64) == 0;
            if (!dup && ns < 64 && n + 64 < cap) {
                snprintf(seen[ns++], sizeof seen[0], "%s", b64);
                n += (size_t)snprintf(p + n, cap - n, " 'sha256-%s'", b64);
            }
            cur = end;
        }
    }
    snprintf(p + n, cap - n, "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    return p;
}

static void report(web_req *r, web_worker *w, const who *u, int64_t attempt)
{
    const char *format = web_query(r, "format");
    const char *lang = web_query(r, "lang");
    if (!format)
        format = "json";
    if (strcmp(format, "json") != 0 && strcmp(format, "html") != 0) {
        web_error(r, 400, "'format' is json or html", "format");
        return;
    }
    if (lang && strcmp(lang, "ko") != 0 && strcmp(lang, "en") != 0) {
        web_error(r, 400, "'lang' is ko or en", "lang");
        return;
    }
    assay_report_spec sp;
    assay_report_spec_init(&sp);
    const char *users[1] = {u->s.user};
    if (attempt)
        sp.attempt = attempt;
    else {
        sp.users = users;
        sp.n_users = 1;
    }
    sp.format = format;
    sp.lang = lang ? lang : "ko";
    char *out = NULL;
    size_t len = 0;
    if (assay_report(w->a, w->bank, r->engine, &sp, &out, &len) != ASSAY_OK) {
        lib_error(r, w, NULL);
        return;
    }
    int html = strcmp(format, "html") == 0;
    web_text(r, 200, html ? "text/html; charset=utf-8" : NULL, out, len);
    if (html && r->status == 200)
        r->csp = report_csp(r, out);
}

/* ---- the gate and the routes ------------------------------------------------------------ */

/* Splits the path into at most 8 segments of under 128 bytes each, copied
 * into the request's arena; -1 when it has more, a longer or an empty one (or
 * out of memory). */
static int split(web_req *r, const char *url, const char *seg[8], size_t *n)
{
    *n = 0;
    if (!url || url[0] != '/')
        return -1;
    const char *p = url + 1;
    if (!*p)
        return 0;
    while (*p) {
        size_t k = strcspn(p, "/");
        if (k == 0 || k >= 128 || *n == 8)
            return -1;
        if (!(seg[*n] = assay_arena_strndup(r->arena, p, k)))
            return -1;
        (*n)++;
        p += k;
        if (*p == '/') {
            p++;
            if (!*p)
                return -1; /* a trailing slash */
        }
    }
    return 0;
}

static int parse_id(const char *s, int64_t *id)
{
    if (!*s || strlen(s) > 18)
        return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    *id = strtoll(s, NULL, 10);
    return *id > 0 ? 0 : -1;
}

/* Which methods a route takes: "GET", "POST", "GET, POST", ... */
static const char *route_methods(web_route rt)
{
    switch (rt) {
    case R_ACCOUNTS:
    case R_ANSWERS:
    case R_SKIP:
    case R_FINISH: return "POST";
    case R_SESSION: return "GET, POST, DELETE";
    case R_ADMIN_USER: return "PUT";
    case R_ADMIN_KBS: return "POST";
    case R_ATTEMPTS: return "GET, POST";
    case R_GROUPS: return "GET, POST";
    case R_GROUP_INVITES:
    case R_INVITE_ACCEPT:
    case R_MARKS: return "POST";
    case R_GROUP_INVITE: return "DELETE";
    default: return "GET, HEAD";
    }
}

static int method_ok(web_route rt, const char *m)
{
    const char *allowed = route_methods(rt);
    if (strcmp(m, "HEAD") == 0)
        m = "GET";
    size_t n = strlen(m);
    for (const char *p = allowed; (p = strstr(p, m)) != NULL; p += n)
        if ((p == allowed || p[-1] == ' ') && (p[n] == '\0' || p[n] == ','))
            return 1;
    return 0;
}

/* The route of r's path; *id its number segment, *arg its string segment
 * (a knowledge base, an invite token, an account's name; in the arena). */
static web_route match(web_req *r, int64_t *id, const char **arg)
{
    const char *seg[8];
    size_t n = 0;
    if (split(r, r->url, seg, &n) != 0)
        return R__COUNT;
    if (n == 1 && strcmp(seg[0], "healthz") == 0)
        return R_HEALTHZ;
    if (n == 1 && strcmp(seg[0], "readyz") == 0)
        return R_READYZ;
    if (n == 1 && strcmp(seg[0], "metrics") == 0)
        return R_METRICS;
    if (n < 3 || strcmp(seg[0], "api") != 0 || strcmp(seg[1], "v1") != 0)
        return R__COUNT;
    const char *a = seg[2];
    if (n == 3 && strcmp(a, "accounts") == 0)
        return R_ACCOUNTS;
    if (n == 3 && strcmp(a, "session") == 0)
        return R_SESSION;
    if (n == 3 && strcmp(a, "kbs") == 0)
        return R_KBS;
    if (n == 3 && strcmp(a, "report") == 0)
        return R_REPORT;
    if (n == 5 && strcmp(a, "kbs") == 0 && strcmp(seg[4], "topics") == 0) {
        *arg = seg[3];
        return R_TOPICS;
    }
    if (n == 3 && strcmp(a, "marks") == 0)
        return R_MARKS;
    if (strcmp(a, "invites") == 0 && (n == 4 || (n == 5 && strcmp(seg[4], "accept") == 0))) {
        *arg = seg[3];
        return n == 4 ? R_INVITE : R_INVITE_ACCEPT;
    }
    if (strcmp(a, "groups") == 0) {
        if (n == 3)
            return R_GROUPS;
        if (parse_id(seg[3], id) != 0)
            return R__COUNT;
        if (n == 4)
            return R_GROUP;
        if (n == 5 && strcmp(seg[4], "invites") == 0)
            return R_GROUP_INVITES;
        if (n == 5 && strcmp(seg[4], "results") == 0)
            return R_GROUP_RESULTS;
        if (n == 5 && strcmp(seg[4], "items") == 0)
            return R_GROUP_ITEMS;
        if (n == 5 && strcmp(seg[4], "reviews") == 0)
            return R_GROUP_REVIEWS;
        if (n == 6 && strcmp(seg[4], "invites") == 0) {
            *arg = seg[5];
            return R_GROUP_INVITE;
        }
        if (n == 7 && strcmp(seg[4], "members") == 0 && strcmp(seg[6], "report") == 0) {
            *arg = seg[5];
            return R_GROUP_MEMBER_REPORT;
        }
        return R__COUNT;
    }
    if (n == 5 && strcmp(a, "kbs") == 0 && strcmp(seg[4], "items") == 0) {
        *arg = seg[3];
        return R_KB_ITEMS;
    }
    if (n == 5 && strcmp(a, "kbs") == 0 && strcmp(seg[4], "export") == 0) {
        *arg = seg[3];
        return R_KB_EXPORT;
    }
    if (strcmp(a, "admin") == 0 && n >= 4) {
        if (n == 4 && strcmp(seg[3], "users") == 0)
            return R_ADMIN_USERS;
        if (n == 5 && strcmp(seg[3], "users") == 0) {
            *arg = seg[4]; /* the account's name */
            return R_ADMIN_USER;
        }
        if (n == 4 && strcmp(seg[3], "kbs") == 0)
            return R_ADMIN_KBS;
        return R__COUNT;
    }
    if (strcmp(a, "attempts") != 0)
        return R__COUNT;
    if (n == 3)
        return R_ATTEMPTS;
    if (parse_id(seg[3], id) != 0)
        return R__COUNT;
    if (n == 4)
        return R_ATTEMPT;
    if (n != 5)
        return R__COUNT;
    static const struct {
        const char *name;
        web_route rt;
    } sub[] = {{"question", R_QUESTION},
               {"answers", R_ANSWERS},
               {"skip", R_SKIP},
               {"finish", R_FINISH},
               {"report", R_ATTEMPT_REPORT}};
    for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++)
        if (strcmp(seg[4], sub[i].name) == 0)
            return sub[i].rt;
    return R__COUNT;
}

/* A browser's Origin, when sent, must be this server's (base URL or Host). */
static int same_origin(web_req *r)
{
    const char *origin = web_header(r, "Origin");
    if (!origin)
        return 1;
    const char *base = r->srv->cfg.base_url;
    if (base) {
        size_t n = strlen(origin);
        return strncmp(base, origin, n) == 0 && (base[n] == '\0' || base[n] == '/');
    }
    const char *host = web_header(r, "Host");
    if (!host)
        return 0;
    const char *rest = strncmp(origin, "http://", 7) == 0    ? origin + 7
                       : strncmp(origin, "https://", 8) == 0 ? origin + 8
                                                             : NULL;
    return rest && strcmp(rest, host) == 0;
}

static int state_changing(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0;
}

/* The browser interface: "/" (the entry page, revalidated each time: it names
 * the current hashed files) and "/static/NAME.HASH.EXT" (immutable). 1 when
 * the path is one of them (answered, 404 or 405 included). */
static int ui_file(web_req *r)
{
    int entry = strcmp(r->url, "/") == 0;
    if (!entry && strncmp(r->url, "/static/", 8) != 0)
        return 0;
    r->route = entry ? R_UI : R_STATIC;
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
        snprintf(r->allow, sizeof r->allow, "GET, HEAD");
        errorf(r, 405, NULL, "%s takes GET, HEAD", web_route_name(r->route));
        return 1;
    }
    for (size_t i = 0; i < web_static_count; i++) {
        const web_static_file *f = &web_static_files[i];
        if (strcmp(f->path, r->url) != 0)
            continue;
        r->out = (const char *)f->data; /* static: lives as long as the program */
        r->out_len = f->len;
        r->ctype = f->ctype;
        r->status = 200;
        r->cache = f->immutable ? "public, max-age=31536000, immutable" : "no-cache";
        return 1;
    }
    web_error(r, 404, "no such file", NULL);
    return 1;
}

static void dispatch(web_req *r);

void web_dispatch(web_req *r)
{
    dispatch(r);
    r->engine = NULL; /* the worker's reference: not this request's to keep */
}

static void dispatch(web_req *r)
{
    int64_t id = 0;
    const char *kb = "";
    if (ui_file(r))
        return;
    web_route rt = match(r, &id, &kb);
    if (rt == R__COUNT) {
        r->route = R_OTHER;
        web_error(r, 404, "no such route", NULL);
        return;
    }
    r->route = rt;
    if (!method_ok(rt, r->method)) {
        snprintf(r->allow, sizeof r->allow, "%s", route_methods(rt));
        errorf(r, 405, NULL, "%s takes %s", web_route_name(rt), route_methods(rt));
        return;
    }
    if (rt == R_HEALTHZ) {
        web_json(r, 200, json_pack("{s:s}", "status", "ok"));
        return;
    }
    web_worker *w = web_worker_get(r->srv);
    if (rt == R_READYZ) {
        assay_list *l = NULL;
        if (w && assay_bank_kbs(w->bank, &l) == ASSAY_OK)
            web_json(r, 200, json_pack("{s:s}", "status", "ready"));
        else
            web_error(r, 503, "the database cannot be reached", NULL);
        assay_list_free(l);
        return;
    }
    if (!w) {
        web_error(r, 503, "the database cannot be reached", NULL);
        return;
    }
    /* the shared engine through this thread's own reference (no lock) */
    if (!(r->engine = web_engine_use(r->srv, w))) {
        web_error(r, 503, "the knowledge base's engine is not available", NULL);
        return;
    }
    if (rt == R_METRICS) {
        size_t len = 0;
        char *t = web_metrics_text(r->srv, w, r->arena, &len);
        if (!t) {
            web_json(r, 500, NULL);
            return;
        }
        r->out = t;
        r->out_len = len;
        r->status = 200;
        r->ctype = "text/plain; version=0.0.4; charset=utf-8";
        return;
    }
    double per_s = r->srv->cfg.rate;
    if (per_s > 0 && rate(r, "ip", r->client, 2 * per_s, per_s) != 0)
        return;
    int writes = state_changing(r->method);
    if (writes) {
        const char *ct = web_header(r, "Content-Type");
        if (r->body_len > 0 &&
            (!ct || strncmp(ct, "application/json", 16) != 0 || (ct[16] && ct[16] != ';'))) {
            web_error(r, 415, "the body is application/json", NULL);
            return;
        }
        if (!same_origin(r)) {
            web_error(r, 403, "a cross-origin request", NULL);
            return;
        }
    }
    if (rt == R_ACCOUNTS) {
        h_signup(r, w);
        return;
    }
    if (rt == R_SESSION && strcmp(r->method, "POST") == 0) {
        h_signin(r, w);
        return;
    }
    who u;
    memset(&u, 0, sizeof u);
    const char *token = web_cookie(r, COOKIE);
    if (!token || assay_signin_get(w->bank, token, 0, &u.s) != ASSAY_OK) {
        if (token && assay_last_error(w->a)->code != ASSAY_ENOTFOUND) {
            lib_error(r, w, NULL);
            return;
        }
        web_error(r, 401, "sign in first", NULL);
        return;
    }
    u.in = 1;
    snprintf(r->role, sizeof r->role, "%s", u.s.role);
    snprintf(r->user, sizeof r->user, "%s", u.s.user);
    if (per_s > 0 && rate(r, "user", u.s.user, 2 * per_s, per_s) != 0)
        return;
    if (writes) {
        const char *csrf = web_header(r, "X-CSRF-Token");
        if (!csrf || strlen(csrf) != strlen(u.s.csrf) ||
            sodium_memcmp(csrf, u.s.csrf, strlen(u.s.csrf)) != 0) {
            web_error(r, 403, "the X-CSRF-Token header is missing or wrong", NULL);
            return;
        }
    }
    switch (rt) {
    case R_SESSION: h_session(r, w, &u); break;
    case R_KBS: h_kbs(r, w); break;
    case R_TOPICS: h_topics(r, w, kb); break;
    case R_ATTEMPTS:
        if (strcmp(r->method, "POST") == 0)
            h_start(r, w, &u);
        else
            h_history(r, w, &u);
        break;
    case R_ATTEMPT: h_attempt(r, w, &u, id); break;
    case R_QUESTION: h_question(r, w, &u, id); break;
    case R_ANSWERS: h_answer(r, w, &u, id, 0); break;
    case R_SKIP: h_answer(r, w, &u, id, 1); break;
    case R_FINISH: h_finish(r, w, &u, id); break;
    case R_ATTEMPT_REPORT:
        if (own_attempt(r, w, &u, id) == 0)
            report(r, w, &u, id);
        break;
    case R_REPORT: report(r, w, &u, 0); break;
    case R_GROUPS:
    case R_GROUP:
    case R_GROUP_INVITES:
    case R_GROUP_INVITE:
    case R_GROUP_RESULTS:
    case R_GROUP_MEMBER_REPORT:
    case R_GROUP_ITEMS:
    case R_GROUP_REVIEWS:
    case R_INVITE:
    case R_INVITE_ACCEPT:
    case R_MARKS: web_assessor(r, w, &u.s, rt, id, kb); break;
    case R_ADMIN_USERS: web_admin_users(r, w); break;
    case R_ADMIN_USER: web_admin_user(r, w, kb); break;
    case R_ADMIN_KBS: web_admin_kbs(r, w); break;
    case R_KB_ITEMS: web_kb_items(r, w, kb); break;
    case R_KB_EXPORT: web_kb_export(r, w, kb); break;
    default: web_error(r, 404, "no such route", NULL);
    }
    sodium_memzero(&u, sizeof u);
}

/* ---- shared with assessor.c (web_int.h) ------------------------------------------------- */

int web_get_string(web_req *r, json_t *o, const char *name, int required, size_t max,
                   const char *field, const char **out)
{
    return get_string(r, o, name, required, max, field, out);
}

int web_get_int(web_req *r, json_t *o, const char *name, json_int_t lo, json_int_t hi,
                const char *field, json_int_t *out, int *set)
{
    return get_int(r, o, name, lo, hi, field, out, set);
}

void web_attempt_view(web_req *r, web_worker *w, assay_session *s, unsigned status)
{
    attempt_view(r, w, s, status);
}

const char *web_report_csp(web_req *r, const char *html)
{
    return report_csp(r, html);
}
