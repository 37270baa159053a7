/*
 * session/group — the parts of assessors' groups that take or replay
 * sessions (assay.h, "Assessors' groups and invites"): accepting an invite
 * (membership once, the invite's attempt started through assay_session_start
 * or, when one it started is still open, resumed), the members' latest level
 * per topic (the team report of session/report.c, read back from its JSON:
 * the replay is not done twice) and a member's report. Groups, members and
 * invites themselves are api/group.c's.
 */
#include "session/session_int.h"

#include "core/opts.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GROUP_MAX_TOPICS   64
#define GROUP_MAX_LEVELS   9
#define GROUP_REPORT_USERS 200 /* people in one team report (session/report.c's limit) */

/* The session spec of an invite's stored scope (topics and levels in mem). */
static assay_code invite_session_spec(assay_bank *b, arena *mem, const store_invite *iv,
                                      const char *user, int64_t now, assay_session_spec *sp)
{
    assay_session_spec_init(sp);
    sp->kind = strcmp(iv->kind, "quiz") == 0 ? ASSAY_ATTEMPT_QUIZ : ASSAY_ATTEMPT_ASSESSMENT;
    sp->user = user;
    sp->now = now;
    json_error_t je;
    json_t *o = json_loads(iv->spec_json, 0, &je);
    json_t *ts = json_object_get(o, "topics"), *ls = json_object_get(o, "levels");
    json_t *c = json_object_get(o, "count"), *m = json_object_get(o, "max_items");
    if (!json_is_object(o) || (ts && !json_is_array(ts)) || (ls && !json_is_array(ls)) ||
        json_array_size(ts) > GROUP_MAX_TOPICS || json_array_size(ls) > GROUP_MAX_LEVELS) {
        json_decref(o);
        return err_set(&b->a->err, ASSAY_ESTORAGE,
                       "the bank is damaged: invite %lld has a scope that is not one",
                       (long long)iv->id);
    }
    size_t nt = json_array_size(ts), nl = json_array_size(ls);
    const char **topics = arena_alloc(mem, (nt + 1) * sizeof *topics);
    int *levels = arena_alloc(mem, (nl + 1) * sizeof *levels);
    assay_code rc =
        topics && levels ? ASSAY_OK : err_set(&b->a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < nt; i++) {
        const char *t = json_string_value(json_array_get(ts, i));
        if (!t || !(topics[i] = arena_strdup(mem, t)))
            rc = t ? err_set(&b->a->err, ASSAY_ENOMEM, "out of memory")
                   : err_set(&b->a->err, ASSAY_ESTORAGE,
                             "the bank is damaged: invite %lld names a topic that is not text",
                             (long long)iv->id);
    }
    for (size_t i = 0; rc == ASSAY_OK && i < nl; i++) {
        json_t *l = json_array_get(ls, i);
        if (!json_is_integer(l) || json_integer_value(l) < 1 || json_integer_value(l) > 9)
            rc = err_set(&b->a->err, ASSAY_ESTORAGE,
                         "the bank is damaged: invite %lld has a level outside 1..9",
                         (long long)iv->id);
        else
            levels[i] = (int)json_integer_value(l);
    }
    if (rc == ASSAY_OK) {
        sp->topics = nt ? topics : NULL;
        sp->n_topics = nt;
        sp->levels = nl ? levels : NULL;
        sp->n_levels = nl;
        if (json_is_integer(c) && json_integer_value(c) > 0 && json_integer_value(c) <= 500)
            sp->count = (size_t)json_integer_value(c);
        if (json_is_integer(m) && json_integer_value(m) > 0 && json_integer_value(m) <= 500)
            sp->max_items = (size_t)json_integer_value(m);
    }
    json_decref(o);
    return rc;
}

/* What the accept's hook needs inside the attempt's transaction. */
typedef struct accept_tx {
    const store_invite *iv;
    const store_account *acc;
    int64_t now;
    int64_t winner; /* an open attempt of this invite and account stored first by another */
} accept_tx;

/* Inside the transaction (BEGIN IMMEDIATE: one writer at a time) that stores
 * the new attempt: looks again for an open attempt of this invite and
 * account, which a concurrent accept may have committed since the first
 * look. Found: the new attempt is rolled back (ASSAY_EINPUT without a message
 * tells the caller) and the caller resumes that one. Else the membership and
 * the invite's use are stored with the attempt, all or nothing. */
static assay_code accept_in_tx(assay_session *s, int64_t attempt, void *ud)
{
    accept_tx *x = ud;
    int64_t open_id = 0;
    assay_code rc = store_invite_open_attempt(s->b->s, x->iv->id, x->acc->id, &open_id, s->err);
    if (rc != ASSAY_OK)
        return rc;
    if (open_id) {
        x->winner = open_id;
        return ASSAY_EINPUT;
    }
    store_member m = {.group_id = x->iv->group_id, .account_id = x->acc->id, .joined_at = x->now};
    rc = store_member_add(s->b->s, &m, NULL, s->err);
    if (rc == ASSAY_OK)
        rc = store_invite_use(s->b->s, x->iv->id, x->acc->id, attempt, x->now, s->err);
    return rc;
}

/* Idempotent, also when one account accepts one invite many times at once
 * (the server's threads, each with its own connection): the first look for
 * an open attempt spares a new one its generation, and accept_in_tx decides
 * for good under the write lock, so exactly one attempt is stored and every
 * other accept resumes it; a loser's attempt is never committed. */
assay_code assay_invite_accept(assay *a, assay_bank *b, const assay_engine *e, const char *token,
                               const char *user, int64_t now, assay_session **out, int *resumed)
{
    api_enter(a);
    *out = NULL;
    if (resumed)
        *resumed = 0;
    if (!now)
        now = (int64_t)time(NULL);
    arena mem;
    arena_init(&mem, 0);
    store_invite *iv = NULL;
    store_account *acc = NULL;
    assay_code rc = api_invite_find(b, &mem, token, now, &iv);
    if (rc == ASSAY_OK)
        rc = store_account_get(b->s, user ? user : "", &mem, &acc, &a->err);
    if (rc == ASSAY_OK && !acc)
        rc = err_set_param(&a->err, ASSAY_ENOTFOUND, "user", "no account named '%s'",
                           user ? user : "");
    int64_t open_id = 0;
    if (rc == ASSAY_OK)
        rc = store_invite_open_attempt(b->s, iv->id, acc->id, &open_id, &a->err);
    if (rc == ASSAY_OK && !open_id) {
        assay_session_spec sp;
        accept_tx x = {.iv = iv, .acc = acc, .now = now};
        rc = invite_session_spec(b, &mem, iv, acc->name, now, &sp);
        if (rc == ASSAY_OK)
            rc = session_start_hooked(a, b, e, &sp, accept_in_tx, &x, out);
        if (rc != ASSAY_OK && x.winner) {
            open_id = x.winner; /* another accept stored it first: resume that one */
            rc = ASSAY_OK;
        }
    }
    if (rc == ASSAY_OK && open_id) {
        rc = assay_session_resume(a, b, e, open_id, out);
        if (rc == ASSAY_OK && resumed)
            *resumed = 1;
    }
    arena_free(&mem);
    return rc;
}

static const char *engine_kb(const assay_engine *e)
{
    return e->kb[0] ? e->kb : e->n_topics ? e->topics[0].kb : NULL;
}

static json_t *num_or_null(json_t *v)
{
    return json_is_number(v) && isfinite(json_number_value(v)) ? json_real(json_number_value(v))
                                                               : json_null();
}

assay_code assay_group_results(assay *a, assay_bank *b, const assay_engine *e, const char *viewer,
                               int64_t group, char **json)
{
    api_enter(a);
    *json = NULL;
    arena mem;
    arena_init(&mem, 0);
    const char **names = NULL;
    size_t n = 0;
    assay_list *topics = NULL;
    assay_code rc = api_group_member_names(b, &mem, viewer, group, &names, &n);
    if (rc == ASSAY_OK)
        rc = assay_bank_topics(b, engine_kb(e), &topics);
    /* who has attempts, how many and when the last changed */
    size_t *count = rc == ASSAY_OK ? arena_alloc(&mem, (n + 1) * sizeof *count) : NULL;
    int64_t *last = rc == ASSAY_OK ? arena_alloc(&mem, (n + 1) * sizeof *last) : NULL;
    const char **with = rc == ASSAY_OK ? arena_alloc(&mem, (n + 1) * sizeof *with) : NULL;
    size_t n_with = 0;
    if (rc == ASSAY_OK && (!count || !last || !with))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        assay_attempt_filter f;
        assay_attempt_filter_init(&f);
        f.user = names[i];
        assay_list *l = NULL;
        if ((rc = assay_bank_attempts(b, &f, &l)) != ASSAY_OK)
            break;
        count[i] = assay_list_count(l);
        last[i] = 0;
        for (size_t k = 0; k < count[i]; k++)
            if (assay_list_attempt(l, k)->updated_at > last[i])
                last[i] = assay_list_attempt(l, k)->updated_at;
        assay_list_free(l);
        if (count[i])
            with[n_with++] = names[i];
    }
    /* the team report's people, in the order of `with` (a report takes at
     * most GROUP_REPORT_USERS people: larger groups take several) */
    json_t *persons = json_array();
    if (rc == ASSAY_OK && !persons)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t from = 0; rc == ASSAY_OK && from < n_with; from += GROUP_REPORT_USERS) {
        assay_report_spec rs;
        assay_report_spec_init(&rs);
        rs.users = with + from;
        rs.n_users = n_with - from < GROUP_REPORT_USERS ? n_with - from : GROUP_REPORT_USERS;
        rs.format = "json";
        char *text = NULL;
        if ((rc = assay_report(a, b, e, &rs, &text, NULL)) != ASSAY_OK)
            break;
        json_error_t je;
        json_t *rep = json_loads(text, 0, &je);
        assay_string_free(text);
        if (!json_is_array(json_object_get(rep, "persons")) ||
            json_array_extend(persons, json_object_get(rep, "persons")) != 0)
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory reading the team report");
        json_decref(rep);
    }
    json_t *root = rc == ASSAY_OK ? json_object() : NULL, *jt = json_array(), *jm = json_array();
    if (rc == ASSAY_OK && (!root || !jt || !jm))
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t t = 0; rc == ASSAY_OK && t < assay_list_count(topics); t++) {
        const assay_topic_info *ti = assay_list_topic(topics, t);
        json_array_append_new(jt, json_pack("{s:i, s:s}", "id", ti->number, "title", ti->title));
    }
    for (size_t i = 0, k = 0; rc == ASSAY_OK && i < n; i++) {
        json_t *p = count[i] ? json_array_get(persons, k++) : NULL;
        json_t *ptopics = json_object_get(p, "topics"), *lv = json_array();
        for (size_t t = 0; lv && t < assay_list_count(topics); t++) {
            int number = assay_list_topic(topics, t)->number;
            json_t *hit = NULL, *x;
            size_t j;
            json_array_foreach(ptopics, j, x)
            {
                if (json_integer_value(json_object_get(x, "number")) == number)
                    hit = x;
            }
            json_int_t level = json_integer_value(json_object_get(hit, "level"));
            json_t *o = json_pack("{s:i, s:I}", "topic", number, "answered",
                                  json_integer_value(json_object_get(hit, "answered")));
            if (o) {
                json_object_set_new(o, "level", level > 0 ? json_integer(level) : json_null());
                json_object_set_new(o, "probability",
                                    level > 0 ? num_or_null(json_object_get(hit, "level_prob"))
                                              : json_null());
            }
            json_array_append_new(lv, o);
        }
        json_t *m =
            json_pack("{s:s, s:I, s:o, s:o}", "user", names[i], "attempts", (json_int_t)count[i],
                      "last_at", count[i] ? json_integer((json_int_t)last[i]) : json_null(),
                      "levels", lv ? lv : json_null());
        if (!m || json_array_append_new(jm, m) != 0)
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    if (rc == ASSAY_OK) {
        json_object_set_new(root, "group", json_integer((json_int_t)group));
        json_object_set_new(root, "topics", jt);
        json_object_set_new(root, "members", jm);
        jt = jm = NULL;
        if (!(*json = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(6))))
            rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    }
    json_decref(root);
    json_decref(jt);
    json_decref(jm);
    json_decref(persons);
    assay_list_free(topics);
    arena_free(&mem);
    return rc;
}

assay_code assay_group_report(assay *a, assay_bank *b, const assay_engine *e, const char *viewer,
                              int64_t group, const assay_report_spec *spec_in, char **out,
                              size_t *len)
{
    api_enter(a);
    *out = NULL;
    if (len)
        *len = 0;
    assay_report_spec sp;
    assay_report_spec_init(&sp);
    if (opts_take(&a->err, &sp, sizeof sp, spec_in, "assay_report_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (sp.attempt || sp.n_users != 1 || !sp.users || !sp.users[0])
        return err_set_param(&a->err, ASSAY_EUSAGE, "users", "a member's report names one user");
    arena mem;
    arena_init(&mem, 0);
    const char **names = NULL;
    size_t n = 0;
    int member = 0;
    assay_code rc = api_group_member_names(b, &mem, viewer, group, &names, &n);
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        member |= strcmp(names[i], sp.users[0]) == 0;
    if (rc == ASSAY_OK && !member)
        rc = err_set_param(&a->err, ASSAY_ENOTFOUND, "user", "group %lld has no member '%s'",
                           (long long)group, sp.users[0]);
    arena_free(&mem);
    if (rc == ASSAY_OK)
        rc = assay_report(a, b, e, &sp, out, len);
    return rc;
}
