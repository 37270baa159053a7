/*
 * html.c — the report as one self-contained HTML file: inline CSS (screen and
 * an A4 print sheet), inline SVG charts drawn with svg.c, no script, nothing
 * loaded from anywhere (a Content-Security-Policy says so to the browser).
 * One person: summary, radar of level per topic, ability bars with 90%
 * whiskers, ability over time, the topic table, strengths and gaps, wrong
 * items, study list, review queue. Several people: a heat map and a table.
 * The markup is XML-well-formed (tests parse it with libxml2); every data
 * string goes through svg_esc.
 */
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chart geometry (viewBox units; 12-unit text ≈ 6.3 units per terminal column). */
#define RADAR_W       720.0
#define RADAR_H       440.0
#define RADAR_R       160.0
#define RADAR_LABEL   28  /* columns of a radar label */
#define RADAR_MAX_LBL 20  /* more axes than this: numbers only */
#define RADAR_COL_PX  7.0 /* width of a terminal column in 12-unit text, with a margin */
#define BAR_W         680.0
#define BAR_LEFT      250.0
#define BAR_ROW       24.0
#define BAR_TOP       44.0
#define BAR_LABEL     38 /* columns of a bar's label */
#define AXIS_MIN      (-3.0)
#define AXIS_LIMIT    6.0 /* ability axes never pass ±6 logits */
#define Z90           1.6448536269514722
#define TREND_COLS    4
#define TREND_PW      240.0
#define TREND_PH      130.0
#define HEAT_LEFT     150.0
#define HEAT_TOP      36.0
#define HEAT_CW       38.0
#define HEAT_CH       30.0
#define HEAT_NAME     20 /* columns of a name */

static const char rp_css[] =
    ":root{--ink:#1b1f24;--muted:#59636e;--line:#d5dae0;--soft:#f4f6f8;--accent:#1f5fa8;"
    "--accent-soft:#a9c8ec}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:1040px;padding:28px 24px;color:var(--ink);background:#fff;"
    "font-family:\"Noto Sans CJK KR\",\"Noto Sans KR\",\"Apple SD Gothic Neo\",\"Malgun Gothic\","
    "sans-serif;font-size:15px;line-height:1.55;word-break:keep-all;overflow-wrap:anywhere}\n"
    "h1{font-size:1.65em;margin:0 0 .15em;line-height:1.3}\n"
    "h2{font-size:1.2em;margin:1.6em 0 .6em;padding-bottom:.25em;border-bottom:2px solid "
    "var(--line)}\n"
    "h3{font-size:1.05em;margin:1em 0 .4em}\n"
    ".meta{color:var(--muted);margin:0}\n"
    "header{margin:0 0 20px}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0 0}\n"
    ".card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:150px;"
    "background:var(--soft)}\n"
    ".card .k{display:block;color:var(--muted);font-size:.85em}\n"
    ".card .v{display:block;font-size:1.35em;font-weight:700}\n"
    ".card .s{display:block;color:var(--muted);font-size:.85em}\n"
    ".charts{display:flex;flex-wrap:wrap;justify-content:center;gap:18px "
    "24px;align-items:flex-start}\n"
    ".charts figure.radar{flex:0 1 720px}\n"
    ".charts figure.bars{flex:0 1 680px}\n"
    ".over-time svg{max-width:960px}\n"
    "figure{margin:0}\n"
    "figcaption{font-weight:700;margin:0 0 4px}\n"
    "svg{display:block;width:100%;height:auto}\n"
    "svg text{font-size:12px;fill:var(--ink)}\n"
    "svg .small{font-size:10px;fill:var(--muted)}\n"
    "svg .strong{font-weight:700}\n"
    ".radar-ring{fill:none;stroke:var(--line)}\n"
    ".radar-axis{stroke:var(--line)}\n"
    ".radar-area{fill:var(--accent);fill-opacity:.22;stroke:var(--accent);stroke-width:2}\n"
    ".radar-dot{fill:var(--accent)}\n"
    ".radar-dot.none{fill:#fff;stroke:var(--muted)}\n"
    ".grid{stroke:var(--line)}\n"
    ".cut{stroke:var(--muted);stroke-dasharray:4 3}\n"
    ".zero{stroke:var(--muted)}\n"
    ".bar{fill:var(--accent-soft)}\n"
    ".bar.overall{fill:var(--accent)}\n"
    ".whisker{stroke:var(--ink);stroke-width:1.5}\n"
    ".est{fill:var(--ink)}\n"
    ".frame{fill:#fff;stroke:var(--line)}\n"
    ".band{fill:var(--accent);fill-opacity:.15;stroke:none}\n"
    ".trend{fill:none;stroke:var(--accent);stroke-width:2}\n"
    ".cell{stroke:#fff;stroke-width:2}\n"
    ".scroll{max-width:100%;overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9em}\n"
    "th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;"
    "vertical-align:top}\n"
    "th{background:var(--soft);font-weight:700}\n"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.top{font-weight:700}\n"
    "td.lv,td.st{white-space:nowrap}\n"
    ".pair{display:grid;grid-template-columns:1fr 1fr;gap:18px}\n"
    "ul.tags{list-style:none;padding:0;margin:0}\n"
    "ul.tags li{margin:0 0 4px}\n"
    "ol.wrong{padding-left:1.4em}\n"
    "ol.wrong li{margin:0 0 12px}\n"
    ".q{font-weight:700;margin:0 0 2px}\n"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}\n"
    "dt{color:var(--muted)}\n"
    "dd{margin:0;white-space:pre-wrap}\n"
    ".src{color:var(--muted);font-size:.85em}\n"
    ".id{font-family:ui-monospace,monospace;font-size:.85em;color:var(--muted)}\n"
    ".key{columns:3 220px;padding-left:1.6em;font-size:.9em}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:6px 16px;list-style:none;padding:0;"
    "font-size:.9em}\n"
    ".legend svg{display:inline-block;width:18px;height:14px;vertical-align:-2px;"
    "margin-right:4px}\n"
    ".none{color:var(--muted)}\n"
    "@media (max-width:600px){body{padding:16px 12px}.pair{grid-template-columns:1fr}"
    ".card{min-width:0;flex:1 1 140px}}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    ".charts{justify-content:center}"
    ".charts figure.radar{flex:0 0 125mm}"
    ".charts figure.bars{flex:0 0 100%}"
    "table{font-size:8.5pt}"
    ".scroll{overflow:visible}"
    ".card{padding:6px 10px}"
    "h2{break-after:avoid}"
    "figure,tr,ol.wrong li,.card{break-inside:avoid}"
    "section.over-time{break-before:auto}}\n";

/* ---- small pieces -------------------------------------------------------- */

static void h_esc(rp_ctx *c, const char *s)
{
    svg_esc(&c->w, s);
}

static void h_el(rp_ctx *c, const char *tag, const char *cls, const char *text)
{
    rp_putf(&c->w, "<%s", tag);
    if (cls) {
        rp_put(&c->w, " class=\"");
        h_esc(c, cls);
        rp_put(&c->w, "\"");
    }
    rp_put(&c->w, ">");
    h_esc(c, text);
    rp_putf(&c->w, "</%s>", tag);
}

static void h_num_cell(rp_ctx *c, double v, int decimals)
{
    char nb[32];
    h_el(c, "td", "n", rp_fmt_num(nb, sizeof nb, v, decimals, "–"));
}

/* "N. title" into out. */
static const char *h_topic_name(char *out, size_t cap, int number, const char *title)
{
    snprintf(out, cap, "%d. %s", number, title ? title : "");
    return out;
}

/* "0.42 [0.08, 0.77]" */
static const char *h_interval(char *out, size_t cap, const rp_ability *a)
{
    char lo[32], hi[32];
    snprintf(out, cap, "[%s, %s]", rp_fmt_num(lo, sizeof lo, a->lo, 2, "–"),
             rp_fmt_num(hi, sizeof hi, a->hi, 2, "–"));
    return out;
}

/* "2 주니어" or the no-data text. */
static const char *h_level(const rp_ctx *c, char *out, size_t cap, int level)
{
    if (level < 1)
        return rp_tr(c, RP_M_NO_DATA);
    snprintf(out, cap, "%d %s", level, rp_level_label(c, level));
    return out;
}

/* ---- the radar ----------------------------------------------------------- */

static void radar_point(size_t k, size_t n, double r, double *x, double *y)
{
    double a = -M_PI / 2 + 2 * M_PI * (double)k / (double)n;
    *x = RADAR_W / 2 + r * cos(a);
    *y = RADAR_H / 2 + r * sin(a);
}

static void radar_labels(rp_ctx *c, const rp_person *p)
{
    size_t n = p->n_topics;
    for (size_t k = 0; k < n; k++) {
        const rp_topic *t = &p->topics[k];
        double a = -M_PI / 2 + 2 * M_PI * (double)k / (double)n;
        double x, y;
        radar_point(k, n, RADAR_R + 14, &x, &y);
        const char *anchor = fabs(cos(a)) < 0.1 ? "middle" : cos(a) > 0 ? "start" : "end";
        if (sin(a) > 0.9)
            y += 14;
        else if (sin(a) > 0.3)
            y += 10;
        else if (sin(a) > -0.3)
            y += 4;
        else if (sin(a) < -0.9)
            y -= 4;
        /* As many columns as fit: to the edge of the chart, and for a label
         * centred at the top or bottom, between its neighbours. */
        double avail = anchor[0] == 's'   ? RADAR_W - x - 4
                       : anchor[0] == 'e' ? x - 4
                                          : 2 * fmin(x, RADAR_W - x);
        if (anchor[0] == 'm' && n >= 3)
            avail = fmin(avail, 1.8 * (RADAR_R + 14) * sin(2 * M_PI / (double)n));
        size_t cols = avail > 0 ? (size_t)(avail / RADAR_COL_PX) : 0;
        if (cols > RADAR_LABEL)
            cols = RADAR_LABEL;
        if (cols < 4)
            cols = 4;
        char name[512], clip[256], full[512];
        h_topic_name(full, sizeof full, t->number, t->title);
        if (n > RADAR_MAX_LBL)
            snprintf(name, sizeof name, "%d", t->number);
        else
            snprintf(name, sizeof name, "%s", rp_clip(clip, sizeof clip, full, cols));
        svg_g_open(&c->w, "radar-label", full);
        svg_text(&c->w, x, y, anchor, NULL, NULL, name);
        svg_g_close(&c->w);
    }
}

static void html_radar(rp_ctx *c, const rp_person *p)
{
    size_t n = p->n_topics, L = c->r->n_levels;
    rp_w *w = &c->w;
    rp_put(w, "<figure class=\"radar\"><figcaption>");
    h_esc(c, rp_tr(c, RP_M_RADAR));
    rp_put(w, "</figcaption>\n");
    svg_open(w, RADAR_W, RADAR_H, "chart-radar", rp_tr(c, RP_M_RADAR));
    double *pts = malloc((n ? 2 * n : 1) * sizeof *pts);
    if (!pts) {
        rp_fail(w, ASSAY_ENOMEM);
        return;
    }
    for (size_t l = 1; l <= L; l++) {
        double r = RADAR_R * (double)l / (double)L;
        if (n >= 3) {
            for (size_t k = 0; k < n; k++)
                radar_point(k, n, r, &pts[2 * k], &pts[2 * k + 1]);
            svg_poly(w, pts, n, 1, "radar-ring");
        } else {
            svg_circle(w, RADAR_W / 2, RADAR_H / 2, r, "radar-ring");
        }
    }
    for (size_t k = 0; k < n; k++) {
        double x, y;
        radar_point(k, n, RADAR_R, &x, &y);
        svg_line(w, RADAR_W / 2, RADAR_H / 2, x, y, "radar-axis");
    }
    /* ring numbers between the first two axes, clear of the dots */
    double ra = -M_PI / 2 + (n >= 2 ? M_PI / (double)n : 0.3);
    for (size_t l = 1; l <= L; l++) {
        char lb[32];
        /* just inside ring l, where the polygon's edge is nearest the centre */
        double r = RADAR_R * (double)l / (double)L * (n >= 3 ? cos(M_PI / (double)n) : 1) - 7;
        snprintf(lb, sizeof lb, "%zu", l);
        svg_text(w, RADAR_W / 2 + r * cos(ra), RADAR_H / 2 + r * sin(ra) + 4, "middle", "small",
                 NULL, lb);
    }
    if (n >= 3) {
        for (size_t k = 0; k < n; k++)
            radar_point(k, n, RADAR_R * p->topics[k].level / (double)L, &pts[2 * k],
                        &pts[2 * k + 1]);
        svg_poly(w, pts, n, 1, "radar-area");
    }
    free(pts);
    for (size_t k = 0; k < n; k++) {
        const rp_topic *t = &p->topics[k];
        double x, y;
        char tip[1024], name[512], lv[256], pr[32];
        radar_point(k, n, RADAR_R * t->level / (double)L, &x, &y);
        snprintf(
            tip, sizeof tip, "%s: %s (%s)", h_topic_name(name, sizeof name, t->number, t->title),
            h_level(c, lv, sizeof lv, t->level), rp_fmt_num(pr, sizeof pr, t->level_prob, 2, "–"));
        svg_g_open(w, NULL, tip);
        svg_circle(w, x, y, 4, t->level ? "radar-dot" : "radar-dot none");
        svg_g_close(w);
    }
    radar_labels(c, p);
    svg_close(w);
    rp_put(w, "</figure>\n");
}

/* ---- ability bars -------------------------------------------------------- */

typedef struct axis {
    double lo, hi; /* logits */
    double x0, x1; /* viewBox */
} axis;

static double ax_x(const axis *a, double v)
{
    if (v < a->lo)
        v = a->lo;
    if (v > a->hi)
        v = a->hi;
    return a->x0 + (v - a->lo) / (a->hi - a->lo) * (a->x1 - a->x0);
}

static void ax_extend(axis *a, double v)
{
    if (!isfinite(v))
        return;
    if (v > AXIS_LIMIT)
        v = AXIS_LIMIT;
    if (v < -AXIS_LIMIT)
        v = -AXIS_LIMIT;
    if (v < a->lo)
        a->lo = floor(v);
    if (v > a->hi)
        a->hi = ceil(v);
}

static axis person_axis(const rp_report *r, const rp_person *p)
{
    axis a = {AXIS_MIN, -AXIS_MIN, 0, 0};
    ax_extend(&a, p->overall.lo);
    ax_extend(&a, p->overall.hi);
    for (size_t k = 0; k < p->n_topics; k++) {
        ax_extend(&a, p->topics[k].ability.lo);
        ax_extend(&a, p->topics[k].ability.hi);
    }
    for (size_t k = 0; r->cuts && k + 1 < r->n_levels; k++)
        ax_extend(&a, r->cuts[k]);
    return a;
}

/* The level bands over the bars: cut lines and each level's name between them. */
static void bar_bands(rp_ctx *c, const axis *a, double top, double bottom)
{
    const rp_report *r = c->r;
    if (!r->cuts)
        return;
    double prev = a->lo;
    for (size_t l = 0; l < r->n_levels; l++) {
        double next = l + 1 < r->n_levels ? r->cuts[l] : a->hi;
        if (!isfinite(next))
            continue;
        if (l + 1 < r->n_levels)
            svg_line(&c->w, ax_x(a, next), top - 14, ax_x(a, next), bottom, "cut");
        double x0 = ax_x(a, prev), x1 = ax_x(a, next);
        char lb[256];
        if (x1 - x0 >= 70)
            snprintf(lb, sizeof lb, "%zu %s", l + 1, rp_level_label(c, (int)l + 1));
        else
            snprintf(lb, sizeof lb, "%zu", l + 1);
        if (x1 - x0 >= 12)
            svg_text(&c->w, (x0 + x1) / 2, top - 20, "middle", "small", NULL, lb);
        prev = next;
    }
}

static void bar_row(rp_ctx *c, const axis *a, double y, const char *label, const rp_ability *ab,
                    int overall)
{
    rp_w *w = &c->w;
    char tip[768], e1[32], iv[80], clip[256];
    snprintf(tip, sizeof tip, "%s: %s %s", label, rp_fmt_num(e1, sizeof e1, ab->est, 2, "–"),
             h_interval(iv, sizeof iv, ab));
    svg_g_open(w, overall ? "bar-row overall" : "bar-row", tip);
    svg_text(w, a->x0 - 8, y + BAR_ROW / 2 + 4, "end", overall ? "strong" : NULL, NULL,
             rp_clip(clip, sizeof clip, label, BAR_LABEL));
    double mid = y + BAR_ROW / 2;
    if (isfinite(ab->est)) {
        double xz = ax_x(a, 0), xe = ax_x(a, ab->est);
        svg_rect(w, fmin(xz, xe), mid - 6, fabs(xe - xz), 12, overall ? "bar overall" : "bar",
                 NULL);
    }
    if (isfinite(ab->lo) && isfinite(ab->hi)) {
        double xl = ax_x(a, ab->lo), xh = ax_x(a, ab->hi);
        svg_line(w, xl, mid, xh, mid, "whisker");
        svg_line(w, xl, mid - 5, xl, mid + 5, "whisker");
        svg_line(w, xh, mid - 5, xh, mid + 5, "whisker");
    }
    if (isfinite(ab->est))
        svg_circle(w, ax_x(a, ab->est), mid, 3.5, "est");
    svg_g_close(w);
}

static void html_bars(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    axis a = person_axis(c->r, p);
    a.x0 = BAR_LEFT;
    a.x1 = BAR_W - 16;
    double rows = (double)p->n_topics + 1;
    double bottom = BAR_TOP + rows * BAR_ROW;
    rp_put(w, "<figure class=\"bars\"><figcaption>");
    h_esc(c, rp_tr(c, RP_M_BARS));
    rp_put(w, "</figcaption>\n");
    svg_open(w, BAR_W, bottom + 30, "chart-bars", rp_tr(c, RP_M_BARS));
    for (double v = a.lo; v <= a.hi + 1e-9; v += 1) {
        char lb[32];
        svg_line(w, ax_x(&a, v), BAR_TOP - 4, ax_x(&a, v), bottom, v == 0 ? "zero" : "grid");
        svg_text(w, ax_x(&a, v), bottom + 16, "middle", "small", NULL,
                 rp_fmt_num(lb, sizeof lb, v, 0, ""));
    }
    bar_bands(c, &a, BAR_TOP, bottom);
    bar_row(c, &a, BAR_TOP, rp_tr(c, RP_M_OVERALL), &p->overall, 1);
    for (size_t k = 0; k < p->n_topics; k++) {
        char name[512];
        const rp_topic *t = &p->topics[k];
        bar_row(c, &a, BAR_TOP + (double)(k + 1) * BAR_ROW,
                h_topic_name(name, sizeof name, t->number, t->title), &t->ability, 0);
    }
    svg_close(w);
    rp_put(w, "</figure>\n");
}

/* ---- ability over time --------------------------------------------------- */

typedef struct trend_scale {
    double t0, t1; /* seconds */
    axis y;        /* logits; x0/x1 unused */
} trend_scale;

static int series_shown(const rp_series *s)
{
    return s->n_points >= 1;
}

static trend_scale trend_scale_of(const rp_report *r, const rp_person *p)
{
    trend_scale s = {0, 0, {AXIS_MIN, -AXIS_MIN, 0, 0}};
    int first = 1;
    for (size_t i = 0; i < p->n_series; i++)
        for (size_t k = 0; k < p->series[i].n_points; k++) {
            const rp_point *pt = &p->series[i].points[k];
            if (first || (double)pt->time < s.t0)
                s.t0 = (double)pt->time;
            if (first || (double)pt->time > s.t1)
                s.t1 = (double)pt->time;
            first = 0;
            if (isfinite(pt->se)) {
                ax_extend(&s.y, pt->est - Z90 * pt->se);
                ax_extend(&s.y, pt->est + Z90 * pt->se);
            }
            ax_extend(&s.y, pt->est);
        }
    for (size_t k = 0; r->cuts && k + 1 < r->n_levels; k++)
        ax_extend(&s.y, r->cuts[k]);
    /* symmetric about 0, so the panels read alike */
    s.y.hi = fmax(s.y.hi, -s.y.lo);
    s.y.lo = -s.y.hi;
    if (s.t1 <= s.t0)
        s.t1 = s.t0 + 1;
    return s;
}

static double tr_y(const trend_scale *s, double top, double bottom, double v)
{
    if (v < s->y.lo)
        v = s->y.lo;
    if (v > s->y.hi)
        v = s->y.hi;
    return bottom - (v - s->y.lo) / (s->y.hi - s->y.lo) * (bottom - top);
}

static void trend_panel(rp_ctx *c, const rp_person *p, const rp_series *se, const trend_scale *s,
                        double px, double py)
{
    rp_w *w = &c->w;
    const rp_topic *t = &p->topics[se->topic];
    double x0 = px + 40, x1 = px + TREND_PW - 12, top = py + 24, bottom = py + TREND_PH - 26;
    char name[512], clip[256], lb[32];
    h_topic_name(name, sizeof name, t->number, t->title);
    svg_g_open(w, "trend-panel", name);
    svg_text(w, px + 4, py + 14, "start", "strong", NULL, rp_clip(clip, sizeof clip, name, 32));
    svg_rect(w, x0, top, x1 - x0, bottom - top, "frame", NULL);
    for (size_t k = 0; c->r->cuts && k + 1 < c->r->n_levels; k++)
        if (isfinite(c->r->cuts[k]))
            svg_line(w, x0, tr_y(s, top, bottom, c->r->cuts[k]), x1,
                     tr_y(s, top, bottom, c->r->cuts[k]), "cut");
    const double ticks[3] = {s->y.lo, 0, s->y.hi};
    for (int k = 0; k < 3; k++)
        svg_text(w, x0 - 4, tr_y(s, top, bottom, ticks[k]) + 3, "end", "small", NULL,
                 rp_fmt_num(lb, sizeof lb, ticks[k], 0, ""));
    size_t n = se->n_points, nb = 0;
    double *band = malloc((n ? 4 * n : 1) * sizeof *band);
    double *line = malloc((n ? 2 * n : 1) * sizeof *line);
    if (!band || !line) {
        free(band);
        free(line);
        rp_fail(w, ASSAY_ENOMEM);
        return;
    }
    int band_ok = 1;
    for (size_t k = 0; k < n; k++) {
        const rp_point *pt = &se->points[k];
        double x = x0 + ((double)pt->time - s->t0) / (s->t1 - s->t0) * (x1 - x0);
        line[2 * k] = x;
        line[2 * k + 1] = tr_y(s, top, bottom, pt->est);
        band_ok = band_ok && isfinite(pt->se);
        band[2 * k] = x;
        band[2 * k + 1] = tr_y(s, top, bottom, pt->est + Z90 * pt->se);
        band[2 * (2 * n - 1 - k)] = x;
        band[2 * (2 * n - 1 - k) + 1] = tr_y(s, top, bottom, pt->est - Z90 * pt->se);
        nb += 2;
    }
    if (band_ok && n >= 2)
        svg_poly(w, band, nb, 1, "band");
    if (n >= 2)
        svg_poly(w, line, n, 0, "trend");
    for (size_t k = 0; k < n; k++)
        svg_circle(w, line[2 * k], line[2 * k + 1], 3, "est");
    free(band);
    free(line);
    char d0[32], d1[32];
    svg_text(w, x0, bottom + 14, "start", "small", NULL,
             rp_fmt_date(d0, sizeof d0, (int64_t)s->t0));
    svg_text(w, x1, bottom + 14, "end", "small", NULL, rp_fmt_date(d1, sizeof d1, (int64_t)s->t1));
    svg_g_close(w);
}

static int person_has_trend(const rp_person *p)
{
    for (size_t i = 0; i < p->n_series; i++)
        if (p->series[i].n_points >= 2)
            return 1;
    return 0;
}

static void html_trend(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    size_t shown = 0;
    for (size_t i = 0; i < p->n_series; i++)
        shown += (size_t)series_shown(&p->series[i]);
    trend_scale s = trend_scale_of(c->r, p);
    size_t rows = (shown + TREND_COLS - 1) / TREND_COLS;
    rp_put(w, "<section class=\"over-time\"><h2>");
    h_esc(c, rp_tr(c, RP_M_OVER_TIME));
    rp_put(w, "</h2>\n");
    svg_open(w, TREND_COLS * TREND_PW, (double)rows * TREND_PH, "chart-trend",
             rp_tr(c, RP_M_OVER_TIME));
    size_t k = 0;
    for (size_t i = 0; i < p->n_series; i++) {
        if (!series_shown(&p->series[i]))
            continue;
        trend_panel(c, p, &p->series[i], &s, (double)(k % TREND_COLS) * TREND_PW,
                    (double)(k / TREND_COLS) * TREND_PH);
        k++;
    }
    svg_close(w);
    rp_put(w, "</section>\n");
}

/* ---- one person: tables and lists ---------------------------------------- */

static void html_cards(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    char v[256], s[256], e1[32], se[32], iv[80];
    size_t answered = 0;
    for (size_t k = 0; k < p->n_topics; k++)
        answered += p->topics[k].answered;
    rp_put(w, "<div class=\"cards\">\n");
    rp_put(w, "<div class=\"card\">");
    h_el(c, "span", "k", rp_tr(c, RP_M_OVERALL));
    h_el(c, "span", "v", rp_fmt_num(e1, sizeof e1, p->overall.est, 2, "–"));
    snprintf(s, sizeof s, "%s %s · %s %s", rp_tr(c, RP_M_SE),
             rp_fmt_num(se, sizeof se, p->overall.se, 2, "–"), rp_tr(c, RP_M_INTERVAL),
             h_interval(iv, sizeof iv, &p->overall));
    h_el(c, "span", "s", s);
    rp_put(w, "</div>\n<div class=\"card\">");
    h_el(c, "span", "k", rp_tr(c, RP_M_LEVEL));
    h_el(c, "span", "v", h_level(c, v, sizeof v, p->overall_level));
    snprintf(s, sizeof s, "%s %s", rp_tr(c, RP_M_PROB),
             rp_fmt_num(e1, sizeof e1, p->overall_level_prob, 2, "–"));
    h_el(c, "span", "s", s);
    rp_put(w, "</div>\n<div class=\"card\">");
    h_el(c, "span", "k", rp_tr(c, RP_M_ANSWERED));
    snprintf(v, sizeof v, "%zu", answered);
    h_el(c, "span", "v", v);
    snprintf(s, sizeof s, "%s %zu", rp_tr(c, RP_M_ATTEMPTS), p->n_attempts);
    h_el(c, "span", "s", s);
    rp_put(w, "</div>\n</div>\n");
}

static void html_topic_table(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    size_t L = c->r->n_levels;
    rp_put(w, "<section class=\"profile\"><h2>");
    h_esc(c, rp_tr(c, RP_M_PROFILE));
    rp_put(w, "</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th class=\"n\">#</th>");
    h_el(c, "th", NULL, rp_tr(c, RP_M_TOPIC));
    h_el(c, "th", NULL, rp_tr(c, RP_M_LEVEL));
    for (size_t l = 1; l <= L; l++) {
        char lb[32];
        snprintf(lb, sizeof lb, "P%zu", l);
        rp_put(w, "<th class=\"n\" title=\"");
        h_esc(c, rp_level_label(c, (int)l));
        rp_put(w, "\">");
        h_esc(c, lb);
        rp_put(w, "</th>");
    }
    h_el(c, "th", "n", rp_tr(c, RP_M_ABILITY));
    h_el(c, "th", "n", rp_tr(c, RP_M_INTERVAL));
    h_el(c, "th", "n", rp_tr(c, RP_M_ANSWERED));
    h_el(c, "th", NULL, rp_tr(c, RP_M_STATUS));
    rp_put(w, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < p->n_topics; k++) {
        const rp_topic *t = &p->topics[k];
        char nb[32], lv[256], iv[80];
        snprintf(nb, sizeof nb, "%d", t->number);
        rp_put(w, "<tr>");
        h_el(c, "td", "n", nb);
        h_el(c, "td", NULL, t->title);
        h_el(c, "td", "lv", h_level(c, lv, sizeof lv, t->level));
        for (size_t l = 0; l < L; l++) {
            rp_put(w, (int)l + 1 == t->level ? "<td class=\"n top\">" : "<td class=\"n\">");
            h_esc(c, rp_fmt_num(nb, sizeof nb, t->probs[l], 2, "–"));
            rp_put(w, "</td>");
        }
        h_num_cell(c, t->ability.est, 2);
        h_el(c, "td", "n", h_interval(iv, sizeof iv, &t->ability));
        snprintf(nb, sizeof nb, "%zu", t->answered);
        h_el(c, "td", "n", nb);
        h_el(c, "td", "st", rp_status_text(c, t->status));
        rp_put(w, "</tr>\n");
    }
    rp_put(w, "</tbody>\n</table></div>\n</section>\n");
}

static void html_topic_list(rp_ctx *c, rp_msg head, const rp_person *p, const size_t *idx, size_t n)
{
    rp_w *w = &c->w;
    rp_put(w, "<div>");
    h_el(c, "h3", NULL, rp_tr(c, head));
    if (n == 0) {
        h_el(c, "p", "none", rp_tr(c, RP_M_NONE));
    } else {
        rp_put(w, "<ul class=\"tags\">");
        for (size_t k = 0; k < n; k++) {
            const rp_topic *t = &p->topics[idx[k]];
            char name[512], lv[256], li[1024];
            snprintf(li, sizeof li, "%s — %s", h_topic_name(name, sizeof name, t->number, t->title),
                     h_level(c, lv, sizeof lv, t->level));
            h_el(c, "li", NULL, li);
        }
        rp_put(w, "</ul>");
    }
    rp_put(w, "</div>\n");
}

/* "file:line" (or just the file) */
static void h_source(rp_ctx *c, const char *file, long line)
{
    h_esc(c, file);
    if (line > 0)
        rp_putf(&c->w, ":%ld", line);
}

static void html_wrong(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    rp_put(w, "<section class=\"wrong\"><h2>");
    h_esc(c, rp_tr(c, RP_M_WRONG));
    rp_put(w, "</h2>\n");
    if (p->n_wrong == 0)
        h_el(c, "p", "none", rp_tr(c, RP_M_NONE));
    else
        rp_put(w, "<ol class=\"wrong\">\n");
    for (size_t k = 0; k < p->n_wrong; k++) {
        const rp_wrong *x = &p->wrong[k];
        char name[512];
        rp_put(w, "<li>");
        h_el(c, "p", "q", x->question);
        rp_put(w, "<dl>");
        h_el(c, "dt", NULL, rp_tr(c, RP_M_YOUR_ANSWER));
        h_el(c, "dd", NULL, x->answer && x->answer[0] ? x->answer : rp_tr(c, RP_M_NO_ANSWER));
        h_el(c, "dt", NULL, rp_tr(c, RP_M_REFERENCE));
        h_el(c, "dd", NULL, x->reference);
        h_el(c, "dt", NULL, rp_tr(c, RP_M_TOPIC));
        h_el(c, "dd", NULL, h_topic_name(name, sizeof name, x->topic_number, x->topic));
        h_el(c, "dt", NULL, rp_tr(c, RP_M_SOURCE));
        rp_put(w, "<dd class=\"src\">");
        h_source(c, x->file, x->line);
        if (x->section && x->section[0]) {
            rp_put(w, " · ");
            h_esc(c, x->section);
        }
        rp_put(w, " · <span class=\"id\">");
        h_esc(c, x->item);
        rp_put(w, "</span></dd></dl></li>\n");
    }
    if (p->n_wrong)
        rp_put(w, "</ol>\n");
    rp_put(w, "</section>\n");
}

static void html_study(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    rp_put(w, "<section class=\"study\"><h2>");
    h_esc(c, rp_tr(c, RP_M_STUDY));
    rp_put(w, "</h2>\n");
    if (p->n_study == 0) {
        h_el(c, "p", "none", rp_tr(c, RP_M_NONE));
    } else {
        rp_put(w, "<div class=\"scroll\"><table><thead><tr>");
        h_el(c, "th", NULL, rp_tr(c, RP_M_SECTION));
        h_el(c, "th", NULL, rp_tr(c, RP_M_SOURCE));
        h_el(c, "th", NULL, rp_tr(c, RP_M_WHY));
        rp_put(w, "</tr></thead>\n<tbody>\n");
        for (size_t k = 0; k < p->n_study; k++) {
            rp_put(w, "<tr>");
            h_el(c, "td", NULL, p->study[k].title);
            rp_put(w, "<td class=\"src\">");
            h_source(c, p->study[k].file, p->study[k].line);
            rp_put(w, "</td>");
            h_el(c, "td", NULL, p->study[k].why);
            rp_put(w, "</tr>\n");
        }
        rp_put(w, "</tbody></table></div>\n");
    }
    if (p->n_due) {
        h_el(c, "h3", NULL, rp_tr(c, RP_M_DUE));
        rp_put(w, "<div class=\"scroll\"><table><thead><tr>");
        h_el(c, "th", NULL, rp_tr(c, RP_M_ITEM));
        h_el(c, "th", NULL, rp_tr(c, RP_M_QUESTION));
        h_el(c, "th", NULL, rp_tr(c, RP_M_DUE_AT));
        rp_put(w, "</tr></thead>\n<tbody>\n");
        for (size_t k = 0; k < p->n_due; k++) {
            char tb[40];
            rp_put(w, "<tr>");
            h_el(c, "td", "id", p->due[k].item);
            h_el(c, "td", NULL, p->due[k].question);
            h_el(c, "td", "n", rp_fmt_time(tb, sizeof tb, p->due[k].due));
            rp_put(w, "</tr>\n");
        }
        rp_put(w, "</tbody></table></div>\n");
    }
    rp_put(w, "</section>\n");
}

static void html_attempts(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    rp_put(w, "<section class=\"attempts\"><h2>");
    h_esc(c, rp_tr(c, RP_M_ATTEMPTS));
    rp_put(w, "</h2>\n");
    if (p->n_attempts == 0) {
        h_el(c, "p", "none", rp_tr(c, RP_M_NONE));
        rp_put(w, "</section>\n");
        return;
    }
    rp_put(w, "<div class=\"scroll\"><table><thead><tr>");
    h_el(c, "th", "n", rp_tr(c, RP_M_ID));
    h_el(c, "th", NULL, rp_tr(c, RP_M_KIND));
    h_el(c, "th", NULL, rp_tr(c, RP_M_STARTED));
    h_el(c, "th", NULL, rp_tr(c, RP_M_FINISHED));
    h_el(c, "th", "n", rp_tr(c, RP_M_ANSWERED));
    h_el(c, "th", "n", rp_tr(c, RP_M_SCORE));
    rp_put(w, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < p->n_attempts; k++) {
        const rp_attempt *a = &p->attempts[k];
        char nb[40], t0[40], t1[40];
        rp_put(w, "<tr>");
        snprintf(nb, sizeof nb, "%lld", (long long)a->id);
        h_el(c, "td", "n", nb);
        h_el(c, "td", NULL, rp_kind_text(c, a->kind));
        h_el(c, "td", NULL, rp_fmt_time(t0, sizeof t0, a->started));
        h_el(c, "td", NULL,
             a->finished > 0 ? rp_fmt_time(t1, sizeof t1, a->finished) : rp_tr(c, RP_M_ST_OPEN));
        snprintf(nb, sizeof nb, "%zu", a->answered);
        h_el(c, "td", "n", nb);
        h_num_cell(c, isfinite(a->score) ? 100 * a->score : a->score, 0);
        rp_put(w, "</tr>\n");
    }
    rp_put(w, "</tbody></table></div>\n</section>\n");
}

static void html_person(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    html_cards(c, p);
    if (p->n_topics) {
        rp_put(w, "<section class=\"charts\">\n");
        html_radar(c, p);
        html_bars(c, p);
        rp_put(w, "</section>\n");
    }
    if (person_has_trend(p))
        html_trend(c, p);
    html_topic_table(c, p);
    rp_put(w, "<section class=\"pair\">\n");
    html_topic_list(c, RP_M_STRENGTHS, p, p->strengths, p->n_strengths);
    html_topic_list(c, RP_M_GAPS, p, p->gaps, p->n_gaps);
    rp_put(w, "</section>\n");
    html_wrong(c, p);
    html_study(c, p);
    html_attempts(c, p);
}

/* ---- several people ------------------------------------------------------ */

static void html_heatmap(rp_ctx *c, const rp_cols *cols)
{
    rp_w *w = &c->w;
    const rp_report *r = c->r;
    double width = HEAT_LEFT + (double)cols->n * HEAT_CW + 8;
    double height = HEAT_TOP + (double)r->n_persons * HEAT_CH + 8;
    rp_put(w, "<figure class=\"heatmap\"><figcaption>");
    h_esc(c, rp_tr(c, RP_M_HEATMAP));
    rp_put(w, "</figcaption>\n");
    svg_open(w, width, height, "chart-heatmap", rp_tr(c, RP_M_HEATMAP));
    for (size_t j = 0; j < cols->n; j++) {
        char nb[32], name[512];
        snprintf(nb, sizeof nb, "%d", cols->numbers[j]);
        svg_g_open(w, NULL, h_topic_name(name, sizeof name, cols->numbers[j], cols->titles[j]));
        svg_text(w, HEAT_LEFT + ((double)j + 0.5) * HEAT_CW, HEAT_TOP - 10, "middle", "strong",
                 NULL, nb);
        svg_g_close(w);
    }
    for (size_t i = 0; i < r->n_persons; i++) {
        const rp_person *p = &r->persons[i];
        double y = HEAT_TOP + (double)i * HEAT_CH;
        char clip[256];
        svg_text(w, HEAT_LEFT - 8, y + HEAT_CH / 2 + 4, "end", NULL, NULL,
                 rp_clip(clip, sizeof clip, p->name, HEAT_NAME));
        for (size_t j = 0; j < cols->n; j++) {
            const rp_topic *t = rp_find_topic(p, cols->numbers[j]);
            int level = t ? t->level : 0;
            const char *ink;
            const char *fill = rp_level_fill(level, r->n_levels, &ink);
            char tip[1024], name[512], lv[256], pr[32], nb[32];
            snprintf(tip, sizeof tip, "%s — %s: %s (%s)", p->name ? p->name : "",
                     h_topic_name(name, sizeof name, cols->numbers[j], cols->titles[j]),
                     h_level(c, lv, sizeof lv, level),
                     rp_fmt_num(pr, sizeof pr, t ? t->level_prob : NAN, 2, "–"));
            double x = HEAT_LEFT + (double)j * HEAT_CW;
            svg_g_open(w, "heat-cell", tip);
            svg_rect(w, x, y, HEAT_CW, HEAT_CH, "cell", fill);
            if (level > 0)
                snprintf(nb, sizeof nb, "%d", level);
            else
                snprintf(nb, sizeof nb, "–");
            svg_text(w, x + HEAT_CW / 2, y + HEAT_CH / 2 + 4, "middle", "strong", ink, nb);
            svg_g_close(w);
        }
    }
    svg_close(w);
    rp_put(w, "</figure>\n");
}

static void html_heat_legend(rp_ctx *c, const rp_cols *cols)
{
    rp_w *w = &c->w;
    const rp_report *r = c->r;
    h_el(c, "h3", NULL, rp_tr(c, RP_M_LEVEL_KEY));
    rp_put(w, "<ul class=\"legend\">");
    for (int l = 0; l <= (int)r->n_levels; l++) {
        const char *ink;
        const char *fill = rp_level_fill(l, r->n_levels, &ink);
        char lv[256];
        rp_put(w, "<li>");
        svg_open(w, 18, 14, NULL, NULL);
        svg_rect(w, 0, 0, 18, 14, NULL, fill);
        svg_close(w);
        if (l == 0) {
            snprintf(lv, sizeof lv, "– %s", rp_tr(c, RP_M_NO_DATA));
            h_esc(c, lv);
        } else {
            h_esc(c, h_level(c, lv, sizeof lv, l));
        }
        rp_put(w, "</li>");
    }
    rp_put(w, "</ul>\n");
    h_el(c, "h3", NULL, rp_tr(c, RP_M_TOPICS_KEY));
    rp_put(w, "<ol class=\"key\">");
    for (size_t j = 0; j < cols->n; j++) {
        rp_putf(w, "<li value=\"%d\">", cols->numbers[j]);
        h_esc(c, cols->titles[j]);
        rp_put(w, "</li>");
    }
    rp_put(w, "</ol>\n");
}

static void html_group_table(rp_ctx *c)
{
    rp_w *w = &c->w;
    const rp_report *r = c->r;
    rp_put(w, "<section class=\"people\"><h2>");
    h_esc(c, rp_tr(c, RP_M_PEOPLE));
    rp_put(w, "</h2>\n<div class=\"scroll\"><table><thead><tr>");
    h_el(c, "th", NULL, rp_tr(c, RP_M_PERSON));
    h_el(c, "th", NULL, rp_tr(c, RP_M_LEVEL));
    h_el(c, "th", "n", rp_tr(c, RP_M_OVERALL));
    h_el(c, "th", "n", rp_tr(c, RP_M_INTERVAL));
    h_el(c, "th", "n", rp_tr(c, RP_M_ANSWERED));
    h_el(c, "th", NULL, rp_tr(c, RP_M_STRENGTHS));
    h_el(c, "th", NULL, rp_tr(c, RP_M_GAPS));
    rp_put(w, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->n_persons; i++) {
        const rp_person *p = &r->persons[i];
        char lv[256], iv[80], nb[32];
        size_t answered = 0;
        for (size_t k = 0; k < p->n_topics; k++)
            answered += p->topics[k].answered;
        rp_put(w, "<tr>");
        h_el(c, "td", NULL, p->name);
        h_el(c, "td", NULL, h_level(c, lv, sizeof lv, p->overall_level));
        h_num_cell(c, p->overall.est, 2);
        h_el(c, "td", "n", h_interval(iv, sizeof iv, &p->overall));
        snprintf(nb, sizeof nb, "%zu", answered);
        h_el(c, "td", "n", nb);
        for (int pass = 0; pass < 2; pass++) {
            const size_t *idx = pass ? p->gaps : p->strengths;
            size_t n = pass ? p->n_gaps : p->n_strengths;
            rp_put(w, "<td>");
            for (size_t k = 0; k < n; k++) {
                char name[512];
                if (k)
                    rp_put(w, ", ");
                h_esc(c, h_topic_name(name, sizeof name, p->topics[idx[k]].number,
                                      p->topics[idx[k]].title));
            }
            rp_put(w, "</td>");
        }
        rp_put(w, "</tr>\n");
    }
    rp_put(w, "</tbody></table></div>\n</section>\n");
}

/* ---- the document -------------------------------------------------------- */

static void html_head(rp_ctx *c, const char *title)
{
    rp_w *w = &c->w;
    rp_put(w, "<!DOCTYPE html>\n<html lang=\"");
    h_esc(c, c->lang);
    rp_put(w, "\">\n<head>\n<meta charset=\"utf-8\"/>\n"
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
              "style-src 'unsafe-inline'\"/>\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
              "<meta name=\"generator\" content=\"assay\"/>\n<title>");
    h_esc(c, title);
    rp_put(w, "</title>\n<style>\n");
    rp_put(w, rp_css);
    rp_put(w, "</style>\n</head>\n<body>\n");
}

assay_code rp_render_html(rp_ctx *c)
{
    const rp_report *r = c->r;
    rp_w *w = &c->w;
    const char *kind = rp_tr(c, r->kind == RP_PERSON ? RP_M_TITLE_PERSON : RP_M_TITLE_GROUP);
    const char *kbt = r->kb_title && r->kb_title[0] ? r->kb_title : r->kb_name;
    char title[1024], meta[1024], tb[40];
    if (r->kind == RP_PERSON)
        snprintf(title, sizeof title, "%s — %s", kind,
                 r->persons[0].name ? r->persons[0].name : "");
    else
        snprintf(title, sizeof title, "%s — %s", kind, kbt ? kbt : "");
    html_head(c, title);
    rp_put(w, "<header>\n");
    h_el(c, "h1", NULL, title);
    snprintf(meta, sizeof meta, "%s: %s (%s) · %s: %s", rp_tr(c, RP_M_KB), kbt ? kbt : "",
             r->kb_name ? r->kb_name : "", rp_tr(c, RP_M_GENERATED),
             rp_fmt_time(tb, sizeof tb, r->generated));
    h_el(c, "p", "meta", meta);
    rp_put(w, "</header>\n<main>\n");
    if (r->kind == RP_PERSON) {
        html_person(c, &r->persons[0]);
    } else {
        rp_cols cols;
        assay_code rc = rp_cols_make(r, &cols);
        if (rc != ASSAY_OK)
            return rc;
        rp_put(w, "<section class=\"group\">\n");
        html_heatmap(c, &cols);
        html_heat_legend(c, &cols);
        rp_put(w, "</section>\n");
        rp_cols_free(&cols);
        html_group_table(c);
    }
    rp_put(w, "</main>\n</body>\n</html>\n");
    return w->code;
}
