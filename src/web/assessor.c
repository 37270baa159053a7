/*
 * web/assessor — the assessor's routes of `assay serve` (docs/openapi.yaml,
 * "Assessor"): groups, invite links, the members' results, a member's
 * report, item statistics and the review queue over the members' answers,
 * and marks. They run after api.c's gate (sign-in, CSRF, Origin, rate
 * limits); here: the role (assessor or admin, else 403; an invite's two
 * routes take any account), strict bodies, and the library's group calls,
 * which take the viewer: an assessor sees only the groups they own (another's
 * is 404, as if it did not exist), an admin every group. The work and every
 * check of ownership is the library's (api/group.c, session/group.c).
 */
#include "web_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOTE_MAX   4000
#define MAX_TOPICS 64

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

/* The library's error: a thing the caller may not see (a group, an invite, a
 * member, a response) is 404; anything else the caller named wrongly is 400
 * naming it; the rest as api.c maps it. */
static void fail(web_req *r, web_worker *w)
{
    const assay_error *e = assay_last_error(w->a);
    static const char *const hidden[] = {"group", "token", "invite", "user", "response", NULL};
    int is_hidden = 0;
    for (size_t i = 0; e->param && hidden[i]; i++)
        is_hidden |= strcmp(e->param, hidden[i]) == 0;
    if (e->code == ASSAY_ENOTFOUND && is_hidden)
        web_error(r, 404, e->message, NULL);
    else if ((e->code == ASSAY_ENOTFOUND || e->code == ASSAY_EINPUT) && e->param)
        web_error(r, 400, e->message, e->param);
    else
        web_lib_error(r, w, NULL);
}

/* The viewer the library checks ownership against: NULL for an admin (every group). */
static const char *viewer(const web_req *r, const assay_signin *who)
{
    return web_role_at_least(r, "admin") ? NULL : who->user;
}

static const char *kind_name(assay_attempt_kind k)
{
    return k == ASSAY_ATTEMPT_QUIZ ? "quiz" : "assessment";
}

static json_t *spec_of(const char *spec_json)
{
    json_t *s = spec_json ? json_loads(spec_json, 0, NULL) : NULL;
    return s ? s : json_object();
}

/* An invite; token and url only right after its creation (only its hash is kept). */
static json_t *invite_json(const assay_invite_info *iv, const char *token, const char *url)
{
    json_t *o =
        json_pack("{s:I, s:I, s:s, s:o, s:I, s:I, s:I, s:b}", "id", (json_int_t)iv->id, "group",
                  (json_int_t)iv->group, "kind", kind_name(iv->kind), "spec",
                  spec_of(iv->spec_json), "created_at", (json_int_t)iv->created_at, "expires_at",
                  (json_int_t)iv->expires_at, "uses", (json_int_t)iv->uses, "revoked", iv->revoked);
    if (o && token) {
        json_object_set_new(o, "token", json_string(token));
        json_object_set_new(o, "url", json_string(url));
    }
    return o;
}

/* Group `id` with its members and invites, as the viewer sees it; NULL with the error sent. */
static json_t *group_json(web_req *r, web_worker *w, const char *who, int64_t id)
{
    assay_list *g = NULL, *m = NULL, *iv = NULL;
    json_t *o = NULL;
    if (assay_bank_groups(w->bank, who, id, &g) != ASSAY_OK ||
        assay_group_members(w->bank, who, id, &m) != ASSAY_OK ||
        assay_group_invites(w->bank, who, id, &iv) != ASSAY_OK) {
        fail(r, w);
    } else {
        const assay_group_info *gi = assay_list_group(g, 0);
        json_t *ms = json_array(), *is = json_array();
        for (size_t i = 0; ms && i < assay_list_count(m); i++) {
            const assay_member_info *mi = assay_list_member(m, i);
            json_array_append_new(ms, json_pack("{s:s, s:I}", "user", mi->user, "joined_at",
                                                (json_int_t)mi->joined_at));
        }
        for (size_t i = 0; is && i < assay_list_count(iv); i++)
            json_array_append_new(is, invite_json(assay_list_invite(iv, i), NULL, NULL));
        o = gi && ms && is ? json_pack("{s:I, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)gi->id,
                                       "name", gi->name, "owner", gi->owner, "created_at",
                                       (json_int_t)gi->created_at, "members", ms, "invites", is)
                           : NULL;
        if (!o)
            web_json(r, 500, NULL);
    }
    assay_list_free(g);
    assay_list_free(m);
    assay_list_free(iv);
    return o;
}

static void h_group_create(web_req *r, web_worker *w, const assay_signin *who)
{
    static const char *const allowed[] = {"name", NULL};
    json_t *o = web_body_object(r, allowed, 0);
    const char *name = NULL;
    if (!o)
        return;
    int64_t id = 0;
    if (web_get_string(r, o, "name", 1, ASSAY_GROUP_NAME_MAX, "name", &name) == 0) {
        if (assay_group_create(w->bank, who->user, name, 0, &id) != ASSAY_OK)
            fail(r, w);
        else {
            json_t *g = group_json(r, w, who->user, id);
            if (g)
                web_json(r, 201, g);
        }
    }
}

static void h_groups(web_req *r, web_worker *w, const assay_signin *who)
{
    assay_list *l = NULL;
    if (assay_bank_groups(w->bank, viewer(r, who), 0, &l) != ASSAY_OK) {
        fail(r, w);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_list_count(l); i++) {
        const assay_group_info *g = assay_list_group(l, i);
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:I, s:I}", "id", (json_int_t)g->id,
                                             "name", g->name, "owner", g->owner, "members",
                                             (json_int_t)g->members, "created_at",
                                             (json_int_t)g->created_at));
    }
    assay_list_free(l);
    web_json(r, 200, arr ? json_pack("{s:o}", "groups", arr) : NULL);
}

/* BASE/#/invite/TOKEN: the configured base URL, else the request's Host. */
static void invite_url(web_req *r, const char *token, char *out, size_t cap)
{
    const char *base = r->srv->cfg.base_url;
    if (base && base[0]) {
        size_t n = strlen(base);
        while (n && base[n - 1] == '/')
            n--;
        snprintf(out, cap, "%.*s/#/invite/%s", (int)n, base, token);
        return;
    }
    const char *host = web_header(r, "Host");
    snprintf(out, cap, "%s://%s/#/invite/%s", web_is_https(r) ? "https" : "http",
             host ? host : "localhost", token);
}

static void h_invite_create(web_req *r, web_worker *w, const assay_signin *who, int64_t group)
{
    static const char *const allowed[] = {"kind",      "topics",     "levels", "count",
                                          "max_items", "expires_in", NULL};
    json_t *o = web_body_object(r, allowed, 0);
    if (!o)
        return;
    const char *kind = NULL, *topics[MAX_TOPICS];
    char numbers[MAX_TOPICS][24];
    int levels[WEB_MAX_LEVELS];
    size_t nt = 0, nl = 0;
    json_int_t count = 0, max_items = 0, expires = 0;
    int c_set = 0, m_set = 0, e_set = 0;
    int bad = web_get_string(r, o, "kind", 1, 16, "kind", &kind) != 0;
    if (!bad && strcmp(kind, "assessment") != 0 && strcmp(kind, "quiz") != 0) {
        web_error(r, 400, "'kind' is assessment or quiz", "kind");
        bad = 1;
    }
    json_t *tv = json_object_get(o, "topics");
    if (!bad && tv && !json_is_null(tv) &&
        (!json_is_array(tv) || json_array_size(tv) > MAX_TOPICS)) {
        errorf(r, 400, "topics", "'topics' is a list of at most %d topics", MAX_TOPICS);
        bad = 1;
    }
    for (size_t i = 0; !bad && i < json_array_size(tv); i++) {
        json_t *t = json_array_get(tv, i);
        char field[48];
        snprintf(field, sizeof field, "topics[%zu]", i);
        if (json_is_integer(t) && json_integer_value(t) > 0 && json_integer_value(t) < 100000) {
            snprintf(numbers[nt], sizeof numbers[nt], "%lld", (long long)json_integer_value(t));
            topics[nt] = numbers[nt];
            nt++;
        } else if (json_is_string(t) && json_string_length(t) > 0 && json_string_length(t) <= 200 &&
                   strlen(json_string_value(t)) == json_string_length(t))
            topics[nt++] = json_string_value(t);
        else {
            errorf(r, 400, field, "'%s' is a topic number or part of its title", field);
            bad = 1;
        }
    }
    bad = bad || web_get_levels(r, o, levels, &nl) != 0;
    bad = bad || web_get_int(r, o, "count", 1, 500, "count", &count, &c_set) != 0 ||
          web_get_int(r, o, "max_items", 1, 500, "max_items", &max_items, &m_set) != 0 ||
          web_get_int(r, o, "expires_in", 1, ASSAY_INVITE_TTL_MAX, "expires_in", &expires,
                      &e_set) != 0;
    if (bad) {
        return;
    }
    assay_invite_spec sp;
    assay_invite_spec_init(&sp);
    sp.group = group;
    sp.viewer = viewer(r, who);
    sp.kind = strcmp(kind, "quiz") == 0 ? ASSAY_ATTEMPT_QUIZ : ASSAY_ATTEMPT_ASSESSMENT;
    sp.topics = nt ? topics : NULL;
    sp.n_topics = nt;
    sp.levels = nl ? levels : NULL;
    sp.n_levels = nl;
    sp.count = c_set ? (size_t)count : 0;
    sp.max_items = m_set ? (size_t)max_items : 0;
    sp.expires_in = e_set ? (int64_t)expires : 0;
    char token[ASSAY_INVITE_TOKEN_LEN + 1];
    int64_t id = 0;
    assay_list *l = NULL;
    if (assay_invite_create(w->bank, &sp, token, &id) != ASSAY_OK ||
        assay_invite_lookup(w->bank, token, 0, &l) != ASSAY_OK)
        fail(r, w);
    else {
        char url[1024];
        invite_url(r, token, url, sizeof url);
        web_json(r, 201, invite_json(assay_list_invite(l, 0), token, url));
    }
    assay_list_free(l);
}

static void h_invite_revoke(web_req *r, web_worker *w, const assay_signin *who, int64_t group,
                            const char *ref)
{
    size_t n = strlen(ref), digits = strspn(ref, "0123456789");
    int64_t id = 0;
    if (n > 0 && n <= 18 && digits == n)
        id = strtoll(ref, NULL, 10);
    if (assay_invite_revoke(w->bank, viewer(r, who), group, id ? NULL : ref, id) != ASSAY_OK) {
        fail(r, w);
        return;
    }
    r->out = NULL;
    r->out_len = 0;
    r->status = 204;
    r->ctype = "application/json";
}

static void h_invite(web_req *r, web_worker *w, const char *token)
{
    assay_list *l = NULL;
    if (assay_invite_lookup(w->bank, token, 0, &l) != ASSAY_OK) {
        fail(r, w);
        return;
    }
    const assay_invite_info *iv = assay_list_invite(l, 0);
    web_json(r, 200,
             json_pack("{s:s, s:s, s:s, s:o, s:I}", "group_name", iv->group_name, "owner",
                       iv->owner, "kind", kind_name(iv->kind), "spec", spec_of(iv->spec_json),
                       "expires_at", (json_int_t)iv->expires_at));
    assay_list_free(l);
}

static void h_invite_accept(web_req *r, web_worker *w, const assay_signin *who, const char *token)
{
    static const char *const allowed[] = {NULL};
    json_t *o = web_body_object(r, allowed, 1);
    if (!o)
        return;
    assay_session *s = NULL;
    int resumed = 0;
    if (assay_invite_accept(w->a, w->bank, r->engine, token, who->user, 0, &s, &resumed) !=
        ASSAY_OK)
        fail(r, w);
    else
        web_attempt_view(r, w, s, resumed ? 200 : 201);
    assay_session_free(s);
}

static void h_results(web_req *r, web_worker *w, const assay_signin *who, int64_t group)
{
    char *t = NULL;
    if (assay_group_results(w->a, w->bank, r->engine, viewer(r, who), group, &t) != ASSAY_OK)
        fail(r, w);
    else
        web_text(r, 200, NULL, t, 0);
}

static void h_member_report(web_req *r, web_worker *w, const assay_signin *who, int64_t group,
                            const char *user)
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
    const char *users[1] = {user};
    sp.users = users;
    sp.n_users = 1;
    sp.format = format;
    sp.lang = lang ? lang : "ko";
    char *out = NULL;
    size_t len = 0;
    if (assay_group_report(w->a, w->bank, r->engine, viewer(r, who), group, &sp, &out, &len) !=
        ASSAY_OK) {
        fail(r, w);
        return;
    }
    int html = strcmp(format, "html") == 0;
    web_text(r, 200, html ? "text/html; charset=utf-8" : NULL, out, len);
    if (html && r->status == 200)
        r->csp = web_report_csp(r, out);
}

static json_t *num_or_null(json_t *v)
{
    return json_is_number(v) ? json_real(json_number_value(v)) : json_null();
}

static void h_items(web_req *r, web_worker *w, const assay_signin *who, int64_t group)
{
    char *t = NULL;
    if (assay_group_analyze(w->bank, r->engine, viewer(r, who), group, &t) != ASSAY_OK) {
        fail(r, w);
        return;
    }
    json_t *rep = json_loads(t, 0, NULL);
    assay_string_free(t);
    json_t *items = json_array(), *x;
    size_t i;
    json_array_foreach(json_object_get(rep, "items"), i, x)
    {
        double n = json_number_value(json_object_get(x, "n"));
        double an = json_number_value(json_object_get(x, "adaptive_n"));
        json_t *flags = json_object_get(x, "flags");
        json_t *level = json_object_get(x, "level");
        json_t *row = json_pack(
            "{s:s, s:s, s:s, s:o, s:s, s:I, s:I, s:o, s:o, s:O}", "item",
            json_string_value(json_object_get(x, "item")), "question",
            json_string_value(json_object_get(x, "question"))
                ? json_string_value(json_object_get(x, "question"))
                : "",
            "topic",
            json_string_value(json_object_get(x, "topic"))
                ? json_string_value(json_object_get(x, "topic"))
                : "",
            "level", json_is_integer(level) ? json_integer(json_integer_value(level)) : json_null(),
            "kind",
            json_string_value(json_object_get(x, "kind"))
                ? json_string_value(json_object_get(x, "kind"))
                : "",
            "n", (json_int_t)(n + an), "adaptive_n", (json_int_t)an, "facility",
            n > 0 ? num_or_null(json_object_get(x, "facility")) : json_null(), "discrimination",
            n > 0 ? num_or_null(json_object_get(x, "discrimination_index")) : json_null(), "flags",
            json_is_array(flags) ? flags : json_array());
        if (items)
            json_array_append_new(items, row);
    }
    json_t *o =
        rep && items
            ? json_pack("{s:s, s:I, s:I, s:o}", "scope", "group", "attempts",
                        json_integer_value(json_object_get(rep, "attempts")), "responses",
                        json_integer_value(json_object_get(rep, "responses")), "items", items)
            : NULL;
    if (!o)
        json_decref(items);
    json_decref(rep);
    web_json(r, 200, o);
}

static void h_reviews(web_req *r, web_worker *w, const assay_signin *who, int64_t group)
{
    assay_list *l = NULL;
    if (assay_group_marking(w->bank, viewer(r, who), group, &l) != ASSAY_OK) {
        fail(r, w);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_list_count(l); i++) {
        const assay_marking_info *m = assay_list_marking(l, i);
        char ref[48];
        snprintf(ref, sizeof ref, "%lld:%d", (long long)m->attempt, m->position);
        json_t *o =
            json_pack("{s:s, s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:f, s:o, s:o}", "response", ref,
                      "attempt", (json_int_t)m->attempt, "position", m->position, "user", m->user,
                      "item", m->item_id, "prompt", m->question, "answer", m->answer, "reference",
                      m->reference, "score", m->auto_score, "confidence",
                      m->confidence >= 0 ? json_real(m->confidence) : json_null(), "mark",
                      m->mark >= 0 ? json_real(m->mark) : json_null());
        if (o && m->marked_by) {
            json_object_set_new(o, "marked_by", json_string(m->marked_by));
            json_object_set_new(o, "marked_at", json_integer((json_int_t)m->marked_at));
        }
        json_array_append_new(arr, o);
    }
    assay_list_free(l);
    web_json(r, 200, arr ? json_pack("{s:o}", "answers", arr) : NULL);
}

/* "ATTEMPT:POSITION" → its two numbers; -1 when it is not that. */
static int parse_response(const char *s, int64_t *attempt, int *position)
{
    size_t a = strspn(s, "0123456789");
    if (a == 0 || a > 18 || s[a] != ':')
        return -1;
    size_t p = strspn(s + a + 1, "0123456789");
    if (p == 0 || p > 6 || s[a + 1 + p] != '\0')
        return -1;
    *attempt = strtoll(s, NULL, 10);
    *position = (int)strtol(s + a + 1, NULL, 10);
    return *attempt > 0 && *position > 0 ? 0 : -1;
}

static void h_mark(web_req *r, web_worker *w, const assay_signin *who)
{
    static const char *const allowed[] = {"response", "score", "note", NULL};
    json_t *o = web_body_object(r, allowed, 0);
    if (!o)
        return;
    const char *resp = NULL, *note = NULL;
    int64_t attempt = 0;
    int position = 0;
    json_t *sc = json_object_get(o, "score");
    if (web_get_string(r, o, "response", 1, 40, "response", &resp) != 0 ||
        web_get_string(r, o, "note", 0, NOTE_MAX, "note", &note) != 0) {
        return;
    }
    if (parse_response(resp, &attempt, &position) != 0) {
        web_error(r, 400, "'response' is ATTEMPT:POSITION", "response");
        return;
    }
    if (!json_is_number(sc) || json_number_value(sc) < 0 || json_number_value(sc) > 1) {
        web_error(r, 400, "'score' is a number from 0 to 1", "score");
        return;
    }
    assay_mark_spec sp;
    assay_mark_spec_init(&sp);
    sp.attempt = attempt;
    sp.position = position;
    sp.score = json_number_value(sc);
    sp.by = who->user;
    sp.note = note;
    sp.now = (int64_t)time(NULL);
    int64_t id = 0;
    if (assay_group_mark(w->bank, viewer(r, who), &sp, &id) != ASSAY_OK) {
        const assay_error *e = assay_last_error(w->a);
        if (e->code == ASSAY_ENOTFOUND)
            web_error(r, 404, e->message, NULL);
        else if (e->code == ASSAY_EINPUT && e->param && strcmp(e->param, "position") == 0)
            web_error(r, 400, "that answer is not free text: only those are marked", "response");
        else
            fail(r, w);
    } else
        web_json(r, 201,
                 json_pack("{s:I, s:s, s:f, s:s, s:I}", "id", (json_int_t)id, "response", resp,
                           "score", sp.score, "by", who->user, "at", (json_int_t)sp.now));
}

void web_assessor(web_req *r, web_worker *w, const assay_signin *who, web_route rt, int64_t id,
                  const char *arg)
{
    int any = rt == R_INVITE || rt == R_INVITE_ACCEPT;
    if (!any && !web_role_at_least(r, "assessor")) {
        web_error(r, 403, "this route is for assessors", NULL);
        return;
    }
    int post = strcmp(r->method, "POST") == 0;
    switch (rt) {
    case R_GROUPS:
        if (post)
            h_group_create(r, w, who);
        else
            h_groups(r, w, who);
        break;
    case R_GROUP: {
        json_t *g = group_json(r, w, viewer(r, who), id);
        if (g)
            web_json(r, 200, g);
        break;
    }
    case R_GROUP_INVITES: h_invite_create(r, w, who, id); break;
    case R_GROUP_INVITE: h_invite_revoke(r, w, who, id, arg); break;
    case R_GROUP_RESULTS: h_results(r, w, who, id); break;
    case R_GROUP_MEMBER_REPORT: h_member_report(r, w, who, id, arg); break;
    case R_GROUP_ITEMS: h_items(r, w, who, id); break;
    case R_GROUP_REVIEWS: h_reviews(r, w, who, id); break;
    case R_INVITE: h_invite(r, w, arg); break;
    case R_INVITE_ACCEPT: h_invite_accept(r, w, who, arg); break;
    case R_MARKS: h_mark(r, w, who); break;
    default: web_error(r, 404, "no such route", NULL);
    }
}
