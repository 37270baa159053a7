/*
 * api/group — assessors' groups and invites (assay.h, "Assessors' groups and
 * invites"): groups owned by an account, their members, invite links whose
 * token (32 random bytes, base64url) is stored only as its SHA-256, and the
 * group-restricted views an assessor uses: item analysis (assay_analyze with
 * the members as its users), the review queue (assay_bank_marking likewise)
 * and marks only of a member's answer. Every call takes the viewer: a group
 * another account owns is ASSAY_ENOTFOUND, as if it did not exist; viewer
 * NULL sees all (an admin). Accepting an invite, which starts a session, and
 * the members' results, which replay their answers, are in session/group.c.
 */
#include "api/api_int.h"

#include "core/hash.h"
#include "core/opts.h"
#include "core/u8.h"
#include "gen/gen.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INVITE_MAX_TOPICS 64
#define INVITE_MAX_LEVELS 9
#define INVITE_MAX_COUNT  500

const assay_group_info *assay_list_group(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_GROUP, sizeof(assay_group_info), i);
}

const assay_member_info *assay_list_member(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_MEMBER, sizeof(assay_member_info), i);
}

const assay_invite_info *assay_list_invite(const assay_list *l, size_t i)
{
    return api_list_row(l, LIST_INVITE, sizeof(assay_invite_info), i);
}

static int64_t clock_or(int64_t now)
{
    return now ? now : (int64_t)time(NULL);
}

/* The account named `name` (NFC) into *row; ASSAY_ENOTFOUND naming `param` when none. */
static assay_code find_account(assay_bank *b, arena *mem, const char *name, const char *param,
                               store_account **row)
{
    size_t nn = 0;
    char *nfc = name ? u8_nfc(name, strlen(name), &nn) : NULL;
    *row = NULL;
    if (!nfc)
        return err_set_param(&b->a->err, ASSAY_ENOTFOUND, param, "no such account");
    assay_code rc = store_account_get(b->s, nfc, mem, row, &b->a->err);
    free(nfc);
    if (rc == ASSAY_OK && !*row)
        rc = err_set_param(&b->a->err, ASSAY_ENOTFOUND, param, "no account named '%s'", name);
    return rc;
}

assay_code api_group_see(assay_bank *b, arena *mem, const char *viewer, int64_t group,
                         store_group **out)
{
    *out = NULL;
    store_group *g = NULL;
    if (group <= 0)
        return err_set_param(&b->a->err, ASSAY_ENOTFOUND, "group", "no group %lld",
                             (long long)group);
    assay_code rc = store_group_get(b->s, group, mem, &g, &b->a->err);
    if (rc != ASSAY_OK)
        return rc;
    if (!g || (viewer && strcmp(g->owner, viewer) != 0))
        return err_set_param(&b->a->err, ASSAY_ENOTFOUND, "group", "no group %lld",
                             (long long)group);
    *out = g;
    return ASSAY_OK;
}

assay_code api_group_member_names(assay_bank *b, arena *mem, const char *viewer, int64_t group,
                                  const char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    store_group *g = NULL;
    store_member *ms = NULL;
    size_t nm = 0;
    assay_code rc = api_group_see(b, mem, viewer, group, &g);
    if (rc == ASSAY_OK)
        rc = store_member_list(b->s, group, mem, &ms, &nm, &b->a->err);
    if (rc != ASSAY_OK)
        return rc;
    const char **v = arena_alloc(mem, (nm + 1) * sizeof *v);
    if (!v)
        return err_set(&b->a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; i < nm; i++)
        v[i] = ms[i].name;
    *names = v;
    *n = nm;
    return ASSAY_OK;
}

/* Ends the write transaction begun before `rc`'s call: commits it, or rolls back on error. */
static assay_code in_write(assay_bank *b, assay_code rc)
{
    if (rc == ASSAY_OK)
        return store_commit(b->s, &b->a->err);
    store_rollback(b->s);
    return rc;
}

assay_code assay_group_create(assay_bank *b, const char *owner, const char *name, int64_t now,
                              int64_t *id)
{
    assay *a = b->a;
    api_enter(a);
    if (id)
        *id = 0;
    size_t n = name ? strlen(name) : 0, bad = 0;
    if (n == 0 || n > ASSAY_GROUP_NAME_MAX)
        return err_set_param(&a->err, ASSAY_EINPUT, "name", "a group's name is 1 to %d bytes",
                             ASSAY_GROUP_NAME_MAX);
    if (u8_check(name, n, &bad) != 0)
        return err_set_param(&a->err, ASSAY_EINPUT, "name", "a group's name is UTF-8 text");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return err_set_param(&a->err, ASSAY_EINPUT, "name",
                                 "a group's name has no control character");
    arena mem;
    arena_init(&mem, 0);
    store_account *acc = NULL;
    size_t nn = 0;
    char *nfc = u8_nfc(name, n, &nn);
    assay_code rc = nfc ? find_account(b, &mem, owner, "owner", &acc)
                        : err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    if (rc == ASSAY_OK && nn > ASSAY_GROUP_NAME_MAX)
        rc = err_set_param(&a->err, ASSAY_EINPUT, "name", "a group's name is 1 to %d bytes",
                           ASSAY_GROUP_NAME_MAX);
    store_group g = {.name = nfc, .owner_id = acc ? acc->id : 0, .created_at = clock_or(now)};
    if (rc == ASSAY_OK && (rc = store_begin(b->s, 1, &a->err)) == ASSAY_OK)
        rc = in_write(b, store_group_add(b->s, &g, &a->err));
    if (rc == ASSAY_OK && id)
        *id = g.id;
    free(nfc);
    arena_free(&mem);
    return rc;
}

assay_code assay_bank_groups(assay_bank *b, const char *viewer, int64_t group, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_GROUP);
    if (!l)
        return ASSAY_ENOMEM;
    store_group *rows = NULL;
    size_t n = 0;
    assay_code rc = ASSAY_OK;
    if (group) {
        rc = api_group_see(b, &l->mem, viewer, group, &rows);
        n = rows ? 1 : 0;
    } else {
        store_account *acc = NULL;
        if (viewer)
            rc = store_account_get(b->s, viewer, &l->mem, &acc, &a->err);
        if (rc == ASSAY_OK && (!viewer || acc))
            rc = store_group_list(b->s, acc ? acc->id : 0, &l->mem, &rows, &n, &a->err);
    }
    assay_group_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, (n + 1) * sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        info[i] = (assay_group_info){rows[i].id, rows[i].name, rows[i].owner, rows[i].created_at,
                                     rows[i].members > 0 ? (size_t)rows[i].members : 0};
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    l->rows = info;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}

assay_code assay_group_members(assay_bank *b, const char *viewer, int64_t group, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_MEMBER);
    if (!l)
        return ASSAY_ENOMEM;
    store_group *g = NULL;
    store_member *ms = NULL;
    size_t n = 0;
    assay_code rc = api_group_see(b, &l->mem, viewer, group, &g);
    if (rc == ASSAY_OK)
        rc = store_member_list(b->s, group, &l->mem, &ms, &n, &a->err);
    assay_member_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, (n + 1) * sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        info[i] = (assay_member_info){ms[i].name, ms[i].joined_at};
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    l->rows = info;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}

static void invite_info(assay_invite_info *x, const store_invite *v)
{
    memset(x, 0, sizeof *x);
    x->id = v->id;
    x->group = v->group_id;
    x->group_name = v->group_name;
    x->owner = v->owner;
    x->kind = strcmp(v->kind, "quiz") == 0 ? ASSAY_ATTEMPT_QUIZ : ASSAY_ATTEMPT_ASSESSMENT;
    x->spec_json = v->spec_json;
    x->created_at = v->created_at;
    x->expires_at = v->expires_at;
    x->revoked = v->revoked;
    x->uses = v->uses;
}

assay_code assay_group_invites(assay_bank *b, const char *viewer, int64_t group, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_INVITE);
    if (!l)
        return ASSAY_ENOMEM;
    store_group *g = NULL;
    store_invite *iv = NULL;
    size_t n = 0;
    assay_code rc = api_group_see(b, &l->mem, viewer, group, &g);
    if (rc == ASSAY_OK)
        rc = store_invite_list(b->s, group, &l->mem, &iv, &n, &a->err);
    assay_invite_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, (n + 1) * sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++)
        invite_info(&info[i], &iv[i]);
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    l->rows = info;
    l->n = n;
    *out = l;
    return ASSAY_OK;
}

int assay_group_has_member(assay_bank *b, const char *viewer, int64_t group, const char *user)
{
    api_enter(b->a);
    arena mem;
    arena_init(&mem, 0);
    const char **names = NULL;
    size_t n = 0;
    int r = api_group_member_names(b, &mem, viewer, group, &names, &n) == ASSAY_OK ? 0 : -1;
    for (size_t i = 0; r == 0 && user && i < n; i++)
        if (strcmp(names[i], user) == 0)
            r = 1;
    arena_free(&mem);
    return r;
}

/* ---- invites ----------------------------------------------------------------------------- */

void assay_invite_spec_init(assay_invite_spec *s)
{
    memset(s, 0, sizeof *s);
    s->struct_size = sizeof *s;
    s->kind = ASSAY_ATTEMPT_ASSESSMENT;
}

/* 0 when t looks like a token (a hostile one is not hashed at length). */
static int token_shape(const char *t)
{
    if (!t || strlen(t) != ASSAY_INVITE_TOKEN_LEN)
        return -1;
    for (const char *p = t; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return -1;
    return 0;
}

/* The invite's scope as JSON text (malloc'd) after checking it; NULL with the error set. */
static char *invite_spec_json(assay_bank *b, arena *mem, const assay_invite_spec *sp)
{
    errinfo *e = &b->a->err;
    if (sp->n_topics > INVITE_MAX_TOPICS || (sp->n_topics && !sp->topics)) {
        err_set_param(e, ASSAY_EINPUT, "topics", "at most %d topics", INVITE_MAX_TOPICS);
        return NULL;
    }
    if (sp->n_levels > INVITE_MAX_LEVELS || (sp->n_levels && !sp->levels)) {
        err_set_param(e, ASSAY_EINPUT, "levels", "at most %d levels", INVITE_MAX_LEVELS);
        return NULL;
    }
    if (sp->count > INVITE_MAX_COUNT) {
        err_set_param(e, ASSAY_EINPUT, "count", "a quiz has 1 to %d questions", INVITE_MAX_COUNT);
        return NULL;
    }
    if (sp->max_items > INVITE_MAX_COUNT) {
        err_set_param(e, ASSAY_EINPUT, "max_items", "an assessment asks 1 to %d questions",
                      INVITE_MAX_COUNT);
        return NULL;
    }
    json_t *o = json_object(), *ts = json_array(), *ls = json_array();
    int bad = !o || !ts || !ls;
    for (size_t i = 0; !bad && i < sp->n_topics; i++) {
        const char *t = sp->topics[i];
        size_t n = t ? strlen(t) : 0, at = 0;
        int64_t tid = 0;
        if (n == 0 || n > 200 || u8_check(t, n, &at) != 0) {
            err_set_param(e, ASSAY_EINPUT, "topics", "a topic is its number or part of its title");
            bad = 2;
        } else if (api_resolve_topic(b, mem, 0, t, &tid) != ASSAY_OK) {
            /* the invite's field is named, with the topic lookup's message */
            char msg[ERR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", e->msg);
            assay_code code = e->code == ASSAY_ENOTFOUND ? ASSAY_EINPUT : e->code;
            err_clear(e);
            err_set_param(e, code, "topics", "%s", msg);
            bad = 2;
        } else
            bad = json_array_append_new(ts, json_string(t)) != 0;
    }
    for (size_t i = 0; !bad && i < sp->n_levels; i++) {
        if (sp->levels[i] < 1 || sp->levels[i] > 9) {
            err_set_param(e, ASSAY_EINPUT, "levels", "a level is 1 to 9");
            bad = 2;
        } else
            bad = json_array_append_new(ls, json_integer(sp->levels[i])) != 0;
    }
    char *text = NULL;
    if (!bad) {
        json_object_set_new(o, "topics", ts);
        json_object_set_new(o, "levels", ls);
        ts = ls = NULL;
        json_object_set_new(o, "count",
                            sp->count ? json_integer((json_int_t)sp->count) : json_null());
        json_object_set_new(o, "max_items",
                            sp->max_items ? json_integer((json_int_t)sp->max_items) : json_null());
        text = json_dumps(o, JSON_COMPACT);
    }
    if (!text && bad != 2)
        err_set(e, ASSAY_ENOMEM, "out of memory");
    json_decref(o);
    json_decref(ts);
    json_decref(ls);
    return text;
}

assay_code assay_invite_create(assay_bank *b, const assay_invite_spec *spec_in,
                               char token[ASSAY_INVITE_TOKEN_LEN + 1], int64_t *id)
{
    assay *a = b->a;
    api_enter(a);
    token[0] = '\0';
    if (id)
        *id = 0;
    assay_invite_spec sp;
    assay_invite_spec_init(&sp);
    if (opts_take(&a->err, &sp, sizeof sp, spec_in, "assay_invite_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    if (sp.kind != ASSAY_ATTEMPT_ASSESSMENT && sp.kind != ASSAY_ATTEMPT_QUIZ)
        return err_set_param(&a->err, ASSAY_EINPUT, "kind",
                             "an invite starts an assessment or a quiz");
    if (sp.expires_in < 0 || sp.expires_in > ASSAY_INVITE_TTL_MAX)
        return err_set_param(&a->err, ASSAY_EINPUT, "expires_in", "an invite lasts 1 to %d seconds",
                             ASSAY_INVITE_TTL_MAX);
    arena mem;
    arena_init(&mem, 0);
    store_group *g = NULL;
    assay_code rc = api_group_see(b, &mem, sp.viewer, sp.group, &g);
    char *spec_json = rc == ASSAY_OK ? invite_spec_json(b, &mem, &sp) : NULL;
    if (rc == ASSAY_OK && !spec_json)
        rc = a->err.code ? a->err.code : ASSAY_ENOMEM;
    if (rc == ASSAY_OK) {
        unsigned char raw[32];
        char tok[ASSAY_INVITE_TOKEN_LEN + 1], th[HASH_HEX_LEN + 1];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2base64(tok, sizeof tok, raw, sizeof raw,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        sodium_memzero(raw, sizeof raw);
        hash_sha256_hex(tok, strlen(tok), th);
        int64_t now = clock_or(sp.now);
        store_invite inv = {.token_hash = th,
                            .group_id = g->id,
                            .kind = sp.kind == ASSAY_ATTEMPT_QUIZ ? "quiz" : "assessment",
                            .spec_json = spec_json,
                            .created_at = now,
                            .expires_at =
                                now + (sp.expires_in ? sp.expires_in : ASSAY_INVITE_TTL_DEFAULT)};
        if ((rc = store_begin(b->s, 1, &a->err)) == ASSAY_OK)
            rc = in_write(b, store_invite_add(b->s, &inv, &a->err));
        if (rc == ASSAY_OK) {
            memcpy(token, tok, sizeof tok);
            if (id)
                *id = inv.id;
        }
        sodium_memzero(tok, sizeof tok);
    }
    free(spec_json);
    arena_free(&mem);
    return rc;
}

assay_code assay_invite_revoke(assay_bank *b, const char *viewer, int64_t group, const char *token,
                               int64_t id)
{
    assay *a = b->a;
    api_enter(a);
    arena mem;
    arena_init(&mem, 0);
    store_group *g = NULL;
    assay_code rc = api_group_see(b, &mem, viewer, group, &g);
    if (rc == ASSAY_OK && token) {
        store_invite *iv = NULL;
        char th[HASH_HEX_LEN + 1];
        if (token_shape(token) == 0) {
            hash_sha256_hex(token, strlen(token), th);
            rc = store_invite_get(b->s, th, &mem, &iv, &a->err);
        }
        id = rc == ASSAY_OK && iv && iv->group_id == group ? iv->id : 0;
    }
    int found = 0;
    if (rc == ASSAY_OK && id > 0 && (rc = store_begin(b->s, 1, &a->err)) == ASSAY_OK)
        rc = in_write(b, store_invite_revoke(b->s, group, id, &found, &a->err));
    if (rc == ASSAY_OK && !found)
        rc = err_set_param(&a->err, ASSAY_ENOTFOUND, "invite", "group %lld has no such invite",
                           (long long)group);
    arena_free(&mem);
    return rc;
}

assay_code api_invite_find(assay_bank *b, arena *mem, const char *token, int64_t now,
                           store_invite **out)
{
    *out = NULL;
    if (token_shape(token) != 0)
        return err_set_param(&b->a->err, ASSAY_ENOTFOUND, "token", "no such invite");
    char th[HASH_HEX_LEN + 1];
    hash_sha256_hex(token, strlen(token), th);
    store_invite *iv = NULL;
    assay_code rc = store_invite_get(b->s, th, mem, &iv, &b->a->err);
    if (rc != ASSAY_OK)
        return rc;
    if (!iv || iv->revoked || iv->expires_at <= clock_or(now))
        return err_set_param(&b->a->err, ASSAY_ENOTFOUND, "token",
                             "no such invite (or it was revoked or has expired)");
    *out = iv;
    return ASSAY_OK;
}

assay_code assay_invite_lookup(assay_bank *b, const char *token, int64_t now, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    assay_list *l = api_list_new(a, LIST_INVITE);
    if (!l)
        return ASSAY_ENOMEM;
    store_invite *iv = NULL;
    assay_code rc = api_invite_find(b, &l->mem, token, now, &iv);
    assay_invite_info *info = rc == ASSAY_OK ? arena_alloc(&l->mem, sizeof *info) : NULL;
    if (rc == ASSAY_OK && !info)
        rc = err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    if (rc != ASSAY_OK) {
        assay_list_free(l);
        return rc;
    }
    invite_info(info, iv);
    l->rows = info;
    l->n = 1;
    *out = l;
    return ASSAY_OK;
}

/* ---- views restricted to a group's members ---------------------------------------------- */

static const char *engine_kb(const assay_engine *e)
{
    return e && e->kb[0] ? e->kb : e && e->n_topics ? e->topics[0].kb : NULL;
}

assay_code assay_group_analyze(assay_bank *b, const assay_engine *e, const char *viewer,
                               int64_t group, char **json)
{
    assay *a = b->a;
    api_enter(a);
    *json = NULL;
    arena mem;
    arena_init(&mem, 0);
    const char **names = NULL;
    size_t n = 0;
    assay_code rc = api_group_member_names(b, &mem, viewer, group, &names, &n);
    if (rc == ASSAY_OK) {
        static const char nobody[] = "\x01"; /* no account has this name: no attempt matches */
        const char *none[1] = {nobody};
        assay_analyze_opts o;
        assay_analyze_opts_init(&o);
        o.real_only = 1;
        o.users = n ? names : none;
        o.n_users = n ? n : 1;
        rc = assay_analyze(b, engine_kb(e), &o, json);
    }
    arena_free(&mem);
    return rc;
}

assay_code assay_group_marking(assay_bank *b, const char *viewer, int64_t group, assay_list **out)
{
    assay *a = b->a;
    api_enter(a);
    *out = NULL;
    arena mem;
    arena_init(&mem, 0);
    const char **names = NULL;
    size_t n = 0;
    assay_code rc = api_group_member_names(b, &mem, viewer, group, &names, &n);
    if (rc == ASSAY_OK && n == 0)
        rc = (*out = api_list_new(a, LIST_MARKING)) ? ASSAY_OK : ASSAY_ENOMEM;
    else if (rc == ASSAY_OK) {
        assay_marking_filter f;
        assay_marking_filter_init(&f);
        f.users = names;
        f.n_users = n;
        rc = assay_bank_marking(b, &f, out);
    }
    arena_free(&mem);
    return rc;
}

assay_code assay_group_mark(assay_bank *b, const char *viewer, const assay_mark_spec *spec,
                            int64_t *id)
{
    assay *a = b->a;
    api_enter(a);
    if (id)
        *id = 0;
    assay_mark_spec sp;
    assay_mark_spec_init(&sp);
    if (!spec)
        return err_set(&a->err, ASSAY_EUSAGE, "a mark needs its answer, score and marker");
    if (opts_take(&a->err, &sp, sizeof sp, spec, "assay_mark_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    arena mem;
    arena_init(&mem, 0);
    store_attempt *at = NULL;
    assay_code rc =
        sp.attempt > 0 ? store_attempt_get(b->s, sp.attempt, &mem, &at, &a->err) : ASSAY_OK;
    int member = 0;
    if (rc == ASSAY_OK && at && at->person && at->person[0]) {
        store_account *acc = NULL;
        store_group *gs = NULL;
        size_t ng = 0;
        if (viewer)
            rc = store_account_get(b->s, viewer, &mem, &acc, &a->err);
        if (rc == ASSAY_OK && (!viewer || acc))
            rc = store_group_list(b->s, acc ? acc->id : 0, &mem, &gs, &ng, &a->err);
        for (size_t g = 0; rc == ASSAY_OK && !member && g < ng; g++) {
            store_member *ms = NULL;
            size_t nm = 0;
            rc = store_member_list(b->s, gs[g].id, &mem, &ms, &nm, &a->err);
            for (size_t i = 0; rc == ASSAY_OK && i < nm; i++)
                member |= strcmp(ms[i].name, at->person) == 0;
        }
    }
    if (rc == ASSAY_OK && !member)
        rc = err_set_param(&a->err, ASSAY_ENOTFOUND, "response",
                           "no answer %lld:%d of a member of your groups", (long long)sp.attempt,
                           sp.position);
    if (rc == ASSAY_OK)
        rc = assay_mark(b, &sp, id);
    arena_free(&mem);
    return rc;
}
