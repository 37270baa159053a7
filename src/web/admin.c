/*
 * web/admin — the admin's routes of `assay serve` (docs/openapi.yaml, role
 * admin): the accounts and their roles (GET /api/v1/admin/users, PUT
 * /api/v1/admin/users/{name}; an admin cannot lower their own role), a
 * document upload (POST /api/v1/admin/kbs: parsed and imported by the
 * library in one transaction, then the shared engine rebuilt and swapped;
 * a bad document is a 400 naming "markdown" and its line, nothing stored),
 * and the author's view of a knowledge base's items with their answers (GET
 * /api/v1/kbs/{kb}/items, assessor or admin). The gate in api.c has checked
 * the sign-in, the CSRF token and the Origin already; the work is assay.h's.
 */
#include "web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_NAME_MAX 200

static int need_role(web_req *r, const char *role)
{
    if (web_role_at_least(r, role))
        return 0;
    web_errorf(r, 403, NULL, "this needs the role %s or above", role);
    return -1;
}

static json_t *user_json(const assay_account_info *u)
{
    return json_pack("{s:s, s:s, s:I}", "name", u->name, "role", u->role, "created_at",
                     (json_int_t)u->created_at);
}

void web_admin_users(web_req *r, web_worker *w)
{
    if (need_role(r, "admin") != 0)
        return;
    assay_list *l = NULL;
    if (assay_bank_accounts(w->bank, NULL, &l) != ASSAY_OK) {
        web_lib_error(r, w, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_list_count(l); i++)
        json_array_append_new(arr, user_json(assay_list_account(l, i)));
    assay_list_free(l);
    web_json(r, 200, arr ? json_pack("{s:o}", "users", arr) : NULL);
}

static int role_rank(const char *role)
{
    return strcmp(role, "admin") == 0 ? 3 : strcmp(role, "assessor") == 0 ? 2 : 1;
}

void web_admin_user(web_req *r, web_worker *w, const char *name)
{
    static const char *const allowed[] = {"role", NULL};
    if (need_role(r, "admin") != 0)
        return;
    json_t *o = web_body_object(r, allowed, 0);
    if (!o)
        return;
    json_t *v = json_object_get(o, "role");
    const char *role = json_is_string(v) ? json_string_value(v) : NULL;
    if (!role || !assay_role_valid(role)) {
        web_error(r, 400, "'role' is learner, assessor or admin", "role");
        return;
    }
    char *nfc = assay_text_nfc(name, strlen(name));
    if (!nfc) {
        web_errorf(r, 404, NULL, "no account '%.64s'", name);
        return;
    }
    if (strcmp(nfc, r->user) == 0 && role_rank(role) < role_rank(r->role)) {
        web_error(r, 400, "an admin cannot lower their own role", "role");
    } else if (assay_account_set_role(w->bank, nfc, role) != ASSAY_OK) {
        if (assay_last_error(w->a)->code == ASSAY_ENOTFOUND)
            web_errorf(r, 404, NULL, "no account '%.64s'", nfc);
        else
            web_lib_error(r, w, NULL);
    } else {
        assay_list *l = NULL;
        if (assay_bank_accounts(w->bank, nfc, &l) != ASSAY_OK)
            web_lib_error(r, w, NULL);
        else
            web_json(r, 200, user_json(assay_list_account(l, 0)));
        assay_list_free(l);
    }
    assay_string_free(nfc);
}

/* A document's error as 400 {"error": {..., "field": "markdown", "line": N}}. */
static void doc_error(web_req *r, web_worker *w, const char *file)
{
    const assay_error *e = assay_last_error(w->a);
    if (e->code != ASSAY_EINPUT && e->code != ASSAY_EUSAGE) {
        web_lib_error(r, w, NULL);
        return;
    }
    char msg[600];
    if (e->line > 0)
        snprintf(msg, sizeof msg, "%s:%ld: %s", e->file ? e->file : file, e->line, e->message);
    else
        snprintf(msg, sizeof msg, "%s: %s", e->file ? e->file : file, e->message);
    json_t *err = json_pack("{s:i, s:s, s:s, s:s}", "status", 400, "code", "bad_request", "message",
                            msg, "field", "markdown");
    if (err && e->line > 0)
        json_object_set_new(err, "line", json_integer((json_int_t)e->line));
    web_json(r, 400, err ? json_pack("{s:o}", "error", err) : NULL);
}

/* A file name for the document: 1..200 bytes, no folder, not hidden. */
static int file_name_ok(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n <= FILE_NAME_MAX && s[0] != '.' && !strchr(s, '/') && !strchr(s, '\\');
}

void web_admin_kbs(web_req *r, web_worker *w)
{
    static const char *const allowed[] = {"name", "markdown", NULL};
    if (need_role(r, "admin") != 0)
        return;
    json_t *o = web_body_object(r, allowed, 0);
    if (!o)
        return;
    json_t *nv = json_object_get(o, "name"), *mv = json_object_get(o, "markdown");
    const char *file = "upload.md";
    if (nv && !json_is_null(nv)) {
        if (!json_is_string(nv) || strlen(json_string_value(nv)) != json_string_length(nv) ||
            !file_name_ok(json_string_value(nv))) {
            web_errorf(r, 400, "name",
                       "'name' is a file name of 1 to %d bytes (no folder, not starting with '.')",
                       FILE_NAME_MAX);
            return;
        }
        file = json_string_value(nv);
    }
    if (!json_is_string(mv) || json_string_length(mv) == 0) {
        web_error(r, 400, "'markdown' is the document's text", "markdown");
        return;
    }
    assay_doc_opts opts;
    assay_doc_opts_init(&opts);
    assay_doc *doc = NULL;
    if (assay_doc_parse(w->a, file, json_string_value(mv), json_string_length(mv), &opts, &doc) !=
        ASSAY_OK) {
        doc_error(r, w, file);
        return;
    }
    /* one import and rebuild at a time, so the newest import's engine is the one kept */
    pthread_mutex_lock(&r->srv->import_lock);
    assay_import_result res;
    memset(&res, 0, sizeof res);
    assay_engine *e = NULL;
    int failed = 0, rebuilt = 0;
    if (assay_bank_import(w->bank, &doc, 1, &res) != ASSAY_OK) {
        doc_error(r, w, file);
        failed = 1;
    } else if (res.wrote) {
        if (assay_engine_open(w->bank, NULL, &e) != ASSAY_OK || web_engine_swap(r->srv, e) != 0) {
            fprintf(r->srv->cfg.log, "assay serve: rid=%s: imported, but the engine: %s\n", r->rid,
                    assay_errmsg(w->a));
            web_error(r, 503, "the document is stored, but the engine could not be rebuilt", NULL);
            failed = 1;
        } else {
            rebuilt = 1;
            /* this server's engine is current: the freshness check (server.c) need not rebuild */
            uint64_t fp;
            if (web_kb_fingerprint(w->bank, &fp) == 0)
                r->srv->kb_fp = fp;
            fprintf(r->srv->cfg.log,
                    "assay serve: rid=%s: imported '%s'; engine rebuilt (%zu items)\n", r->rid,
                    assay_doc_kb_name(doc), assay_engine_item_count(e));
        }
    }
    pthread_mutex_unlock(&r->srv->import_lock);
    if (!failed) {
        assay_doc_stats st;
        assay_doc_get_stats(doc, &st);
        json_t *warn = json_array();
        for (size_t i = 0; warn && i < assay_doc_warning_count(doc); i++) {
            const assay_warning *wn = assay_doc_warning_at(doc, i);
            json_array_append_new(warn, json_pack("{s:I, s:s}", "line", (json_int_t)wn->line,
                                                  "message", wn->message));
        }
        web_json(r, 201,
                 warn ? json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:b, s:{s:I, s:I, "
                                  "s:I, s:I}, s:o}",
                                  "kb", assay_doc_kb_name(doc), "file", file, "topics",
                                  (json_int_t)st.topics, "added", (json_int_t)res.added, "changed",
                                  (json_int_t)res.changed, "retired", (json_int_t)res.retired,
                                  "unchanged", (json_int_t)res.unchanged, "wrote", res.wrote,
                                  "engine_rebuilt", rebuilt, "derived", "items",
                                  (json_int_t)res.derived, "added", (json_int_t)res.derived_added,
                                  "changed", (json_int_t)res.derived_changed, "retired",
                                  (json_int_t)res.derived_retired, "warnings", warn)
                      : NULL);
    }
    assay_doc_free(doc);
}

void web_kb_items(web_req *r, web_worker *w, const char *kb)
{
    if (need_role(r, "assessor") != 0)
        return;
    assay_item_filter f;
    assay_item_filter_init(&f);
    f.kb = kb;
    const char *topic = web_query(r, "topic"), *level = web_query(r, "level"),
               *kind = web_query(r, "kind");
    if (topic && *topic)
        f.topic = topic;
    if (level && *level) {
        if (strlen(level) != 1 || level[0] < '1' || level[0] > '9') {
            web_error(r, 400, "'level' is a level from 1 to 9", "level");
            return;
        }
        f.level = level[0] - '0';
    }
    if (kind && *kind) {
        assay_kind k;
        if (assay_kind_parse(kind, &k) != ASSAY_OK || k == ASSAY_KIND_ANY) {
            web_error(r, 400,
                      "'kind' is level, interview, scenario, derived_definition, derived_topic "
                      "or derived_order",
                      "kind");
            return;
        }
        f.kind = k;
    }
    assay_list *l = NULL;
    if (assay_bank_items(w->bank, &f, &l) != ASSAY_OK) {
        if (assay_last_error(w->a)->code == ASSAY_ENOTFOUND)
            web_error(r, 404, assay_last_error(w->a)->message, NULL);
        else
            web_lib_error(r, w, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_list_count(l); i++) {
        const assay_item_info *it = assay_list_item(l, i);
        json_t *o = json_pack("{s:s, s:s, s:i, s:o, s:s, s:o, s:s, s:s, s:I}", "id", it->id,
                              "topic", it->topic, "topic_number", it->topic_number, "level",
                              it->level ? json_integer(it->level) : json_null(), "kind",
                              assay_kind_name(it->kind), "stem_type",
                              it->stem_type ? json_string(it->stem_type) : json_null(), "question",
                              it->question, "answer", it->answer ? it->answer : "", "line",
                              (json_int_t)it->source_line);
        json_array_append_new(arr, o);
    }
    assay_list_free(l);
    web_json(r, 200, arr ? json_pack("{s:s, s:o}", "kb", kb, "items", arr) : NULL);
}
