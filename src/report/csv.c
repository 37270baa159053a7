/*
 * csv.c — the report as CSV (RFC 4180): a header line, then one row per
 * person × topic, lines ended by CRLF. A field is quoted when it holds a
 * comma, a quote, CR or LF (quotes doubled); numbers that are not finite are
 * empty fields. Columns in docs/json.md ("report").
 */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

static void csv_field(rp_w *w, const char *s, int first)
{
    if (!first)
        rp_put(w, ",");
    if (!s)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        rp_put(w, s);
        return;
    }
    rp_put(w, "\"");
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        rp_putn(w, s, (size_t)(q - s));
        rp_put(w, "\"\"");
    }
    rp_put(w, s);
    rp_put(w, "\"");
}

static void csv_num(rp_w *w, double v)
{
    char nb[40];
    csv_field(w, rp_fmt_num(nb, sizeof nb, v, 4, ""), 0);
}

static void csv_int(rp_w *w, long long v)
{
    char nb[32];
    snprintf(nb, sizeof nb, "%lld", v);
    csv_field(w, nb, 0);
}

assay_code rp_render_csv(rp_ctx *c)
{
    const rp_report *r = c->r;
    rp_w *w = &c->w;
    csv_field(w, "person", 1);
    static const char *const cols[] = {"kb",       "topic_number", "topic",     "answered",
                                       "estimate", "se",           "lo",        "hi",
                                       "level",    "level_label",  "level_prob"};
    for (size_t j = 0; j < sizeof cols / sizeof cols[0]; j++)
        csv_field(w, cols[j], 0);
    for (size_t l = 1; l <= r->n_levels; l++) {
        char nb[32];
        snprintf(nb, sizeof nb, "p%zu", l);
        csv_field(w, nb, 0);
    }
    csv_field(w, "status", 0);
    rp_put(w, "\r\n");
    for (size_t i = 0; i < r->n_persons; i++) {
        const rp_person *p = &r->persons[i];
        for (size_t k = 0; k < p->n_topics; k++) {
            const rp_topic *t = &p->topics[k];
            csv_field(w, p->name ? p->name : "", 1);
            csv_field(w, r->kb_name, 0);
            csv_int(w, t->number);
            csv_field(w, t->title, 0);
            csv_int(w, (long long)t->answered);
            csv_num(w, t->ability.est);
            csv_num(w, t->ability.se);
            csv_num(w, t->ability.lo);
            csv_num(w, t->ability.hi);
            csv_int(w, t->level);
            csv_field(w, rp_level_label(c, t->level), 0);
            csv_num(w, t->level_prob);
            for (size_t l = 0; l < r->n_levels; l++)
                csv_num(w, t->probs[l]);
            csv_field(w, t->status, 0);
            rp_put(w, "\r\n");
        }
    }
    return w->code;
}
