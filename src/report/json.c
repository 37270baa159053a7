/*
 * json.c — the report as JSON (jansson), schema in docs/json.md ("report").
 * One line, keys in the order written, times as ISO 8601 UTC strings (as
 * every assay JSON). Numbers that are not finite are null, never "nan". Objects are built
 * through helpers that remember an allocation failure, so building reads
 * straight; the document is dumped once at the end.
 */
#include "report/report_int.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

typedef struct js {
    int oom;
} js;

/* jansson's *_new calls take the value even when they fail (a NULL object
 * or value included), so nothing leaks and nothing is freed twice. */
static void js_set(js *j, json_t *obj, const char *key, json_t *v)
{
    if (json_object_set_new(obj, key, v) != 0)
        j->oom = 1;
}

static void js_push(js *j, json_t *arr, json_t *v)
{
    if (json_array_append_new(arr, v) != 0)
        j->oom = 1;
}

static json_t *js_str(const char *s)
{
    return json_string(s ? s : "");
}

static json_t *js_num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* A time as an ISO 8601 UTC string; null for none (t ≤ 0). */
static json_t *js_time(int64_t t)
{
    char tb[40];
    return t > 0 ? json_string(rp_fmt_iso(tb, sizeof tb, t)) : json_null();
}

static json_t *js_ability(js *j, const rp_ability *a)
{
    json_t *o = json_object();
    js_set(j, o, "estimate", js_num(a->est));
    js_set(j, o, "se", js_num(a->se));
    js_set(j, o, "lo", js_num(a->lo));
    js_set(j, o, "hi", js_num(a->hi));
    return o;
}

static json_t *js_topic(js *j, const rp_report *r, const rp_topic *t)
{
    json_t *o = json_object();
    js_set(j, o, "number", json_integer(t->number));
    js_set(j, o, "title", js_str(t->title));
    js_set(j, o, "answered", json_integer((json_int_t)t->answered));
    js_set(j, o, "ability", js_ability(j, &t->ability));
    js_set(j, o, "level", json_integer(t->level));
    js_set(j, o, "level_prob", js_num(t->level_prob));
    json_t *pr = json_array();
    for (size_t l = 0; l < r->n_levels; l++)
        js_push(j, pr, js_num(t->probs[l]));
    js_set(j, o, "probs", pr);
    js_set(j, o, "status", js_str(t->status));
    return o;
}

static json_t *js_refs(js *j, const rp_person *p, const size_t *idx, size_t n)
{
    json_t *a = json_array();
    for (size_t k = 0; k < n; k++)
        js_push(j, a, json_integer(p->topics[idx[k]].number));
    return a;
}

static json_t *js_attempts(js *j, const rp_person *p)
{
    json_t *a = json_array();
    for (size_t k = 0; k < p->n_attempts; k++) {
        const rp_attempt *x = &p->attempts[k];
        json_t *o = json_object();
        js_set(j, o, "id", json_integer((json_int_t)x->id));
        js_set(j, o, "kind", js_str(x->kind));
        js_set(j, o, "started", js_time(x->started));
        js_set(j, o, "finished", js_time(x->finished));
        js_set(j, o, "answered", json_integer((json_int_t)x->answered));
        js_set(j, o, "score", js_num(x->score));
        js_push(j, a, o);
    }
    return a;
}

static json_t *js_line(long line)
{
    return line > 0 ? json_integer(line) : json_null();
}

static json_t *js_wrong(js *j, const rp_person *p)
{
    json_t *a = json_array();
    for (size_t k = 0; k < p->n_wrong; k++) {
        const rp_wrong *x = &p->wrong[k];
        json_t *o = json_object();
        js_set(j, o, "item", js_str(x->item));
        js_set(j, o, "topic_number", json_integer(x->topic_number));
        js_set(j, o, "topic", js_str(x->topic));
        js_set(j, o, "question", js_str(x->question));
        js_set(j, o, "answer", js_str(x->answer));
        js_set(j, o, "reference", js_str(x->reference));
        js_set(j, o, "file", js_str(x->file));
        js_set(j, o, "line", js_line(x->line));
        js_set(j, o, "section", js_str(x->section));
        js_push(j, a, o);
    }
    return a;
}

static json_t *js_study(js *j, const rp_person *p)
{
    json_t *a = json_array();
    for (size_t k = 0; k < p->n_study; k++) {
        json_t *o = json_object();
        js_set(j, o, "title", js_str(p->study[k].title));
        js_set(j, o, "file", js_str(p->study[k].file));
        js_set(j, o, "line", js_line(p->study[k].line));
        js_set(j, o, "why", js_str(p->study[k].why));
        js_push(j, a, o);
    }
    return a;
}

static json_t *js_due(js *j, const rp_person *p)
{
    json_t *a = json_array();
    for (size_t k = 0; k < p->n_due; k++) {
        json_t *o = json_object();
        js_set(j, o, "item", js_str(p->due[k].item));
        js_set(j, o, "question", js_str(p->due[k].question));
        js_set(j, o, "due", js_time(p->due[k].due));
        js_push(j, a, o);
    }
    return a;
}

static json_t *js_series(js *j, const rp_person *p)
{
    json_t *a = json_array();
    for (size_t k = 0; k < p->n_series; k++) {
        const rp_series *s = &p->series[k];
        json_t *o = json_object(), *pts = json_array();
        js_set(j, o, "topic", json_integer(p->topics[s->topic].number));
        for (size_t i = 0; i < s->n_points; i++) {
            json_t *pt = json_object();
            js_set(j, pt, "time", js_time(s->points[i].time));
            js_set(j, pt, "estimate", js_num(s->points[i].est));
            js_set(j, pt, "se", js_num(s->points[i].se));
            js_push(j, pts, pt);
        }
        js_set(j, o, "points", pts);
        js_push(j, a, o);
    }
    return a;
}

static json_t *js_person(js *j, const rp_report *r, const rp_person *p)
{
    json_t *o = json_object();
    js_set(j, o, "name", js_str(p->name));
    js_set(j, o, "attempts", js_attempts(j, p));
    json_t *ov = js_ability(j, &p->overall);
    js_set(j, ov, "level", json_integer(p->overall_level));
    js_set(j, ov, "level_prob", js_num(p->overall_level_prob));
    js_set(j, o, "overall", ov);
    json_t *ts = json_array();
    for (size_t k = 0; k < p->n_topics; k++)
        js_push(j, ts, js_topic(j, r, &p->topics[k]));
    js_set(j, o, "topics", ts);
    js_set(j, o, "strengths", js_refs(j, p, p->strengths, p->n_strengths));
    js_set(j, o, "gaps", js_refs(j, p, p->gaps, p->n_gaps));
    js_set(j, o, "wrong", js_wrong(j, p));
    js_set(j, o, "study", js_study(j, p));
    js_set(j, o, "due", js_due(j, p));
    js_set(j, o, "series", js_series(j, p));
    return o;
}

assay_code rp_render_json(rp_ctx *c)
{
    const rp_report *r = c->r;
    js j = {0};
    json_t *root = json_object();
    js_set(&j, root, "report", json_integer(1));
    js_set(&j, root, "kind", json_string(r->kind == RP_PERSON ? "person" : "group"));
    js_set(&j, root, "lang", json_string(c->lang));
    js_set(&j, root, "generated", js_time(r->generated));
    json_t *kb = json_object();
    js_set(&j, kb, "name", js_str(r->kb_name));
    js_set(&j, kb, "title", js_str(r->kb_title));
    js_set(&j, root, "kb", kb);
    json_t *lv = json_array();
    for (size_t l = 0; l < r->n_levels; l++) {
        json_t *o = json_object();
        js_set(&j, o, "level", json_integer((json_int_t)l + 1));
        js_set(&j, o, "label", js_str(r->level_labels[l]));
        js_push(&j, lv, o);
    }
    js_set(&j, root, "levels", lv);
    json_t *cuts = json_array();
    for (size_t l = 0; r->cuts && l + 1 < r->n_levels; l++)
        js_push(&j, cuts, js_num(r->cuts[l]));
    js_set(&j, root, "cuts", cuts);
    json_t *ps = json_array();
    for (size_t i = 0; i < r->n_persons; i++)
        js_push(&j, ps, js_person(&j, r, &r->persons[i]));
    js_set(&j, root, "persons", ps);
    char *s = j.oom ? NULL : json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(root);
    if (!s)
        return ASSAY_ENOMEM;
    rp_put(&c->w, s);
    rp_put(&c->w, "\n");
    free(s);
    return c->w.code;
}
