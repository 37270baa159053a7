/*
 * web/export — GET /api/v1/kbs/{kb}/export?format=F[&topic=T][&level=N][&kind=K]
 * for assessors and admins: the knowledge base's active items in one of the
 * formats of docs/formats.md (assay_export), with the format's Content-Type
 * and a Content-Disposition naming the file "KB.EXT". The gate in api.c has
 * signed the caller in; a learner gets 403, an unknown format 400, an unknown
 * kb or topic 404.
 */
#include "web_int.h"

#include <stdio.h>
#include <string.h>

/* A file name made of the kb's name: letters, digits, '.', '-' and '_' kept, the rest '_'. */
static char *file_name(web_req *r, const char *kb, const char *ext)
{
    char safe[128];
    size_t n = 0;
    for (const char *p = kb; *p && n + 1 < sizeof safe; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '-' || c == '_';
        safe[n++] = ok ? c : '_';
    }
    safe[n] = '\0';
    return assay_arena_printf(r->arena, "attachment; filename=\"%s.%s\"", n ? safe : "export", ext);
}

void web_kb_export(web_req *r, web_worker *w, const char *kb)
{
    if (!web_role_at_least(r, "assessor")) {
        web_errorf(r, 403, NULL, "this needs the role %s or above", "assessor");
        return;
    }
    assay_export_spec s;
    assay_export_spec_init(&s);
    s.kb = kb;
    s.format = web_query(r, "format");
    const char *ctype = s.format ? assay_export_content_type(s.format) : NULL;
    if (!ctype) {
        web_error(r, 400,
                  "'format' is gift, moodle-xml, qti21, qti30, anki, anki-text, csv or json",
                  "format");
        return;
    }
    if (!assay_export_available(s.format)) {
        web_errorf(r, 400, "format", "the format '%s' is not available in this build", s.format);
        return;
    }
    const char *topic = web_query(r, "topic"), *level = web_query(r, "level"),
               *kind = web_query(r, "kind");
    if (topic && *topic)
        s.topic = topic;
    if (level && *level) {
        if (strlen(level) != 1 || level[0] < '1' || level[0] > '9') {
            web_error(r, 400, "'level' is a level from 1 to 9", "level");
            return;
        }
        s.level = level[0] - '0';
    }
    if (kind && *kind) {
        if (assay_kind_parse(kind, &s.kind) != ASSAY_OK || s.kind == ASSAY_KIND_ANY) {
            web_error(r, 400,
                      "'kind' is level, interview, scenario, derived_definition, derived_topic "
                      "or derived_order",
                      "kind");
            return;
        }
    }
    unsigned char *out = NULL;
    size_t len = 0;
    if (assay_export(w->a, w->bank, r->engine, &s, &out, &len) != ASSAY_OK) {
        if (assay_last_error(w->a)->code == ASSAY_ENOTFOUND)
            web_error(r, 404, assay_last_error(w->a)->message, NULL);
        else
            web_lib_error(r, w, NULL);
        return;
    }
    const char *disp = file_name(r, kb, assay_export_extension(s.format));
    /* web_text frees the body with assay_string_free, which is assay_export_free's free() */
    web_text(r, 200, ctype, (char *)out, len);
    if (r->status == 200)
        r->disposition = disp;
}
