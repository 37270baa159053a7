#include "kb/json.h"

#include <string.h>

json_t *kb_strv_to_json(const kb_strv *v)
{
    json_t *a = json_array();
    if (!a)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (json_array_append_new(a, json_string(v->v[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

json_t *kb_scenario_to_json(const kb_scenario *sc)
{
    json_t *parts = json_array();
    for (size_t i = 0; parts && i < sc->n_parts; i++) {
        const kb_part *p = &sc->parts[i];
        json_t *code = json_array();
        for (size_t k = 0; code && k < p->n_code; k++)
            json_array_append_new(
                code, json_pack("{s:s, s:s}", "info", p->code[k].info, "text", p->code[k].text));
        json_t *part = json_pack("{s:s, s:s, s:o, s:o}", "label", p->label, "text", p->text,
                                 "items", kb_strv_to_json(&p->items), "code", code);
        if (!part || json_array_append_new(parts, part) != 0) {
            json_decref(parts);
            return NULL;
        }
    }
    if (!parts)
        return NULL;
    return json_pack("{s:s, s:o}", "title", sc->title, "parts", parts);
}

static int put_line(json_t *o, unsigned flags, long line)
{
    if (!(flags & KB_JSON_LINES))
        return 0;
    return json_object_set_new(o, "line", json_integer(line));
}

json_t *kb_doc_to_json(const kb_doc *d, unsigned flags)
{
    json_t *root = json_object();
    if (!root)
        return NULL;
    json_t *counts = json_pack("{s:I, s:I, s:{s:I, s:I, s:I}}", "topics", (json_int_t)d->n_topics,
                               "level_blocks", (json_int_t)d->n_blocks, "items", "level_qa",
                               (json_int_t)kb_doc_count(d, KB_LEVEL_QA), "interview_qa",
                               (json_int_t)kb_doc_count(d, KB_INTERVIEW_QA), "scenario",
                               (json_int_t)kb_doc_count(d, KB_SCENARIO));
    /* root owns each array from here on; they are filled through borrowed pointers */
    json_t *levels = json_array(), *topics = json_array(), *items = json_array(),
           *warnings = json_array();
    int bad = json_object_set_new(root, "kb", json_string(d->kb_name)) ||
              json_object_set_new(root, "title", json_string(d->title)) ||
              json_object_set_new(root, "counts", counts) ||
              json_object_set_new(root, "levels", levels) ||
              json_object_set_new(root, "topics", topics) ||
              json_object_set_new(root, "items", items) ||
              json_object_set_new(root, "warnings", warnings);
    if (!bad && (flags & KB_JSON_LINES))
        bad = json_object_set_new(root, "file", json_string(d->file)) ||
              json_object_set_new(root, "content_hash", json_string(d->hash));

    for (size_t i = 0; !bad && i < d->n_levels; i++) {
        const kb_level_def *l = &d->levels[i];
        json_t *o = json_pack("{s:i, s:s, s:s, s:s}", "level", l->level, "label", l->label,
                              "audience", l->audience, "description", l->description);
        bad = !o || json_array_append_new(levels, o) || put_line(o, flags, l->line);
    }
    for (size_t t = 0; !bad && t < d->n_topics; t++) {
        const kb_topic *tp = &d->topics[t];
        json_t *blocks = json_array();
        json_t *o =
            json_pack("{s:i, s:i, s:s, s:s, s:o}", "ordinal", (int)t + 1, "number", tp->number,
                      "title", tp->title, "concept", tp->concept, "level_blocks", blocks);
        bad = !o || json_array_append_new(topics, o) || put_line(o, flags, tp->line);
        for (size_t b = 0; !bad && b < d->n_blocks; b++) {
            const kb_block *bl = &d->blocks[b];
            if (bl->topic != t)
                continue;
            json_t *ob = json_pack("{s:i, s:s, s:o}", "level", bl->level, "label", bl->label,
                                   "subtopics", kb_strv_to_json(&bl->subtopics));
            bad = !ob || json_array_append_new(blocks, ob) || put_line(ob, flags, bl->line);
        }
    }
    for (size_t i = 0; !bad && i < d->n_items; i++) {
        const kb_item *it = &d->items[i];
        json_t *o =
            json_pack("{s:s, s:i, s:s, s:o, s:s, s:s}", "kind", kb_kind_name(it->kind), "topic",
                      (int)it->topic + 1, "topic_title", d->topics[it->topic].title, "level",
                      it->level ? json_integer(it->level) : json_null(), "question", it->question,
                      "answer", it->answer);
        bad = !o || json_array_append_new(items, o);
        if (!bad && it->scenario)
            bad = json_object_set_new(o, "scenario", kb_scenario_to_json(it->scenario)) != 0;
        if (!bad && it->distractors.n)
            bad = json_object_set_new(o, "distractors", kb_strv_to_json(&it->distractors)) != 0;
        if (!bad && it->detail && it->kind < KB_DERIVED_DEFINITION) {
            /* a question bank's accepted spellings (kb/gift.c, kb/moodle.c) */
            json_error_t jerr;
            json_t *dj = json_loads(it->detail, 0, &jerr);
            json_t *acc = json_object_get(dj, "accept");
            if (acc)
                bad = json_object_set(o, "accept", acc) != 0;
            json_decref(dj);
        }
        if (!bad)
            bad = put_line(o, flags, it->line);
    }
    for (size_t i = 0; !bad && i < d->n_warnings; i++) {
        json_t *o = json_pack("{s:s, s:I, s:s}", "file", d->file, "line",
                              (json_int_t)d->warnings[i].line, "message", d->warnings[i].message);
        bad = !o || json_array_append_new(warnings, o);
    }
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return root;
}

char *kb_json_dump(json_t *j)
{
    if (!j)
        return NULL;
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}
