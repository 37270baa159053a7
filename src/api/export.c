/*
 * api/export — assay_export behind include/assay.h: builds the export set (the
 * bank's items as short-answer questions, or a quiz file's quiz made again
 * on the engine, each question with its item's metadata from the bank) and
 * hands it to the format's writer in src/export, whose message on failure
 * becomes the context's error.
 */
#include "api/api_int.h"

#include "core/opts.h"
#include "export/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void assay_export_spec_init(assay_export_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->struct_size = sizeof *spec;
    spec->kind = ASSAY_KIND_ANY;
}

void assay_export_free(unsigned char *out)
{
    free(out);
}

int assay_export_available(const char *format)
{
    const exp_format *f = exp_format_find(format);
    return f && f->write;
}

const char *assay_export_content_type(const char *format)
{
    const exp_format *f = exp_format_find(format);
    return f ? f->content_type : NULL;
}

const char *assay_export_extension(const char *format)
{
    const exp_format *f = exp_format_find(format);
    return f ? f->extension : NULL;
}

/* What an export holds while it is built: the entries, the questions made
 * for the bank's items, and the lists whose strings they point to. */
typedef struct xset {
    exp_entry *v;
    assay_question *qs;
    size_t n;
    assay_list *items, *kbs;
    assay_list **looked; /* a quiz: each question's item, NULL when not found */
    assay_quiz *quiz;
    assay_engine *own_engine;
    assay_quiz_file *qf;
} xset;

static void xset_free(xset *x)
{
    free(x->v);
    free(x->qs);
    for (size_t i = 0; x->looked && i < x->n; i++)
        assay_list_free(x->looked[i]);
    free(x->looked);
    assay_list_free(x->items);
    assay_list_free(x->kbs);
    assay_quiz_free(x->quiz);
    assay_engine_free(x->own_engine);
    assay_quiz_file_free(x->qf);
}

static const char *kb_title(const xset *x, const char *kb)
{
    for (size_t i = 0; kb && i < assay_list_count(x->kbs); i++) {
        const assay_kb_info *k = assay_list_kb(x->kbs, i);
        if (strcmp(k->name, kb) == 0)
            return k->title ? k->title : "";
    }
    return "";
}

static void entry_from_item(xset *x, exp_entry *e, const assay_item_info *it)
{
    e->item_id = it->id;
    e->kb = it->kb;
    e->kb_title = kb_title(x, it->kb);
    e->topic = it->topic;
    e->topic_number = it->topic_number;
    e->level = it->level;
    e->level_label = it->level_label ? it->level_label : "";
    e->reference = it->answer ? it->answer : "";
    e->source_file = it->source_file;
    e->source_line = it->source_line;
    e->kind = assay_kind_name(it->kind);
}

static assay_code from_bank(assay_bank *b, const assay_export_spec *spec, xset *x)
{
    assay *a = b->a;
    assay_item_filter f;
    assay_item_filter_init(&f);
    f.kb = spec->kb;
    f.topic = spec->topic;
    f.level = spec->level;
    f.kind = spec->kind;
    f.no_derived = spec->no_derived;
    assay_code rc = assay_bank_items(b, &f, &x->items);
    if (rc != ASSAY_OK)
        return rc;
    size_t n = assay_list_count(x->items);
    if (!n)
        return err_set(&a->err, ASSAY_ENOTFOUND, "no items match the selection");
    x->v = calloc(n, sizeof *x->v);
    x->qs = calloc(n, sizeof *x->qs);
    if (!x->v || !x->qs)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const assay_item_info *it = assay_list_item(x->items, i);
        assay_question *q = &x->qs[i];
        q->type = ASSAY_Q_SHORT;
        q->item_id = it->id;
        q->kb = it->kb;
        q->topic = it->topic;
        q->level = it->level;
        q->prompt = it->question;
        q->answer = it->answer ? it->answer : "";
        q->source_file = it->source_file;
        q->source_line = it->source_line;
        entry_from_item(x, &x->v[i], it);
        x->v[i].q = q;
    }
    x->n = n;
    return ASSAY_OK;
}

static assay_code from_quiz(assay_bank *b, const assay_engine *e, const assay_export_spec *spec,
                            xset *x)
{
    assay *a = b->a;
    const char *file = spec->quiz_file ? spec->quiz_file : "<quiz>";
    assay_code rc = assay_quiz_file_read(a, file, spec->quiz_json, spec->quiz_len, &x->qf);
    if (rc == ASSAY_OK && !e) {
        rc = assay_engine_open(b, assay_quiz_file_kb(x->qf), &x->own_engine);
        e = x->own_engine;
    }
    if (rc == ASSAY_OK)
        rc = assay_quiz_file_quiz(a, e, x->qf, &x->quiz);
    if (rc != ASSAY_OK)
        return rc;
    size_t n = assay_quiz_count(x->quiz);
    if (!n)
        return err_set(&a->err, ASSAY_ENOTFOUND, "the quiz has no questions");
    x->v = calloc(n, sizeof *x->v);
    x->looked = calloc(n, sizeof *x->looked);
    if (!x->v || !x->looked)
        return err_set(&a->err, ASSAY_ENOMEM, "out of memory");
    x->n = n;
    for (size_t i = 0; i < n; i++) {
        const assay_question *q = assay_quiz_question(x->quiz, i);
        exp_entry *en = &x->v[i];
        en->q = q;
        en->item_id = q->item_id;
        en->kb = q->kb;
        en->kb_title = kb_title(x, q->kb);
        en->topic = q->topic;
        en->level = q->level;
        en->level_label = "";
        en->reference = q->answer ? q->answer : "";
        en->source_file = q->source_file;
        en->source_line = q->source_line;
        en->kind = "";
        /* the item's topic number, level label, kind and full reference answer */
        if (q->item_id && assay_bank_item(b, q->item_id, &x->looked[i]) == ASSAY_OK &&
            assay_list_count(x->looked[i]) == 1) {
            const assay_item_info *it = assay_list_item(x->looked[i], 0);
            entry_from_item(x, en, it);
            if (q->type == ASSAY_Q_MATCH) {
                /* the first pair's item: the question is the topic's, not the item's */
                en->reference = q->answer ? q->answer : "";
                en->level = q->level;
            }
        } else if (assay_last_error(a)->code == ASSAY_ENOMEM) {
            return ASSAY_ENOMEM;
        }
    }
    api_enter(a); /* an item not found leaves its entry as the quiz has it */
    return ASSAY_OK;
}

assay_code assay_export(assay *a, assay_bank *bank, const assay_engine *e,
                        const assay_export_spec *spec, unsigned char **out, size_t *len)
{
    api_enter(a);
    *out = NULL;
    if (len)
        *len = 0;
    assay_export_spec s;
    assay_export_spec_init(&s);
    if (opts_take(&a->err, &s, sizeof s, spec, "assay_export_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    const exp_format *f = exp_format_find(s.format);
    if (!f) {
        size_t nf;
        const exp_format *all = exp_formats(&nf);
        char names[256] = "";
        for (size_t i = 0; i < nf; i++) {
            size_t used = strlen(names);
            snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", all[i].name);
        }
        return err_set_param(&a->err, ASSAY_EUSAGE, "format", "no export format '%s'; there are %s",
                             s.format ? s.format : "", names);
    }
    if (!f->write)
        return err_set_param(&a->err, ASSAY_EUSAGE, "format",
                             "the export format '%s' is not available in this build", f->name);
    if (s.level < 0 || s.level > ASSAY_MAX_LEVEL)
        return err_set_param(&a->err, ASSAY_EUSAGE, "level", "level must be 1..%d",
                             ASSAY_MAX_LEVEL);
    xset x = {0};
    assay_code rc = assay_bank_kbs(bank, &x.kbs);
    if (rc == ASSAY_OK)
        rc = s.quiz_json ? from_quiz(bank, e, &s, &x) : from_bank(bank, &s, &x);
    if (rc == ASSAY_OK) {
        /* the set's name: the one knowledge base, else "quiz" or "assay" */
        const char *name = s.quiz_json ? "quiz" : x.v[0].kb;
        for (size_t i = 1; !s.quiz_json && i < x.n; i++)
            if (strcmp(x.v[i].kb, name) != 0)
                name = "assay";
        exp_set set = {.v = x.v, .n = x.n, .name = name};
        size_t got = 0;
        rc = f->write(&set, out, &got);
        if (rc != ASSAY_OK) {
            *out = NULL;
            err_set(&a->err, rc, "%s export: %s", f->name,
                    set.err[0] ? set.err : assay_code_message(rc));
        } else if (len) {
            *len = got;
        }
    }
    xset_free(&x);
    return rc;
}
