/*
 * export/json — the selection as one JSON document (schema in docs/formats.md,
 * "JSON"): {"format": "assay-export", "version": 1, "name", "count",
 * "questions": [...]}, each question with its key, metadata and provenance,
 * through jansson (keys in a fixed order, two-space indent, UTF-8 kept).
 */
#include "export/export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *type_name(assay_qtype t)
{
    switch (t) {
    case ASSAY_Q_MCQ: return "mcq";
    case ASSAY_Q_TF: return "tf";
    case ASSAY_Q_CLOZE: return "cloze";
    case ASSAY_Q_MATCH: return "match";
    case ASSAY_Q_SCENARIO: return "scenario";
    default: return "short";
    }
}

static json_t *str(const char *s)
{
    return json_string(s ? s : "");
}

static json_t *strings(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, str(v[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

/* Sets key to v (taken); 1 when v is NULL or the set failed. */
static int put(json_t *o, const char *key, json_t *v)
{
    return !v || json_object_set_new(o, key, v) != 0;
}

static json_t *question(const exp_entry *e, size_t n)
{
    const assay_question *q = e->q;
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = put(o, "n", json_integer((json_int_t)n));
    bad |= put(o, "id", str(e->item_id));
    bad |= put(o, "type", str(type_name(q->type)));
    bad |= put(o, "kb", str(e->kb));
    bad |= put(o, "kb_title", str(e->kb_title));
    bad |= put(o, "topic", str(e->topic));
    bad |=
        put(o, "topic_number", e->topic_number > 0 ? json_integer(e->topic_number) : json_null());
    bad |= put(o, "level", e->level > 0 ? json_integer(e->level) : json_null());
    bad |= put(o, "level_label", str(e->level_label));
    bad |= put(o, "kind", str(e->kind));
    bad |= put(o, "prompt", str(q->prompt));
    if (q->type == ASSAY_Q_TF) {
        bad |= put(o, "statement", str(q->statement));
        bad |= put(o, "key", json_boolean(q->key));
    } else if (q->type == ASSAY_Q_MATCH) {
        bad |= put(o, "left", strings(q->left, q->n_pairs));
        bad |= put(o, "right", strings(q->right, q->n_pairs));
        json_t *p = json_array();
        for (size_t k = 0; p && k < q->n_pairs; k++)
            if (json_array_append_new(p, json_integer(q->pairs ? q->pairs[k] : (json_int_t)k)))
                bad = 1;
        bad |= put(o, "pairs", p);
    } else if (q->n_options > 0) {
        bad |= put(o, "options", strings(q->options, q->n_options));
        bad |= put(o, "key", json_integer(q->key));
    }
    bad |= put(o, "answer", str(q->answer));
    if (q->type == ASSAY_Q_CLOZE)
        bad |= put(o, "accept", strings(q->accept, q->n_accept));
    bad |= put(o, "reference", str(exp_reference(e)));
    bad |= put(o, "source",
               json_pack("{s:s, s:I}", "file", exp_basename(e->source_file), "line",
                         (json_int_t)e->source_line));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

assay_code exp_json(exp_set *set, unsigned char **out, size_t *len)
{
    json_t *qs = json_array();
    json_t *doc =
        qs ? json_pack("{s:s, s:i, s:s, s:I, s:o}", "format", "assay-export", "version", 1, "name",
                       set->name ? set->name : "", "count", (json_int_t)set->n, "questions", qs)
           : NULL;
    int bad = !doc;
    for (size_t i = 0; !bad && i < set->n; i++) {
        json_t *o = question(&set->v[i], i + 1);
        bad = !o || json_array_append_new(qs, o) != 0;
    }
    char *text = bad ? NULL : json_dumps(doc, JSON_INDENT(2));
    json_decref(doc);
    if (!text)
        return exp_fail(set, bad ? ASSAY_ENOMEM : ASSAY_EINTERNAL,
                        "cannot write the JSON export (out of memory, or text that is not UTF-8)");
    exp_buf b = {0};
    exp_puts(&b, text);
    exp_put(&b, "\n", 1);
    free(text);
    return exp_finish(&b, set, out, len);
}
