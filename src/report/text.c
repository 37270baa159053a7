/*
 * text.c — the report for a terminal: plain UTF-8 lines, columns aligned by
 * display width (Hangul counts two columns, core/u8), no colour and no
 * control characters (every C0 control and DEL in the data becomes U+FFFD,
 * so a learner's answer cannot move the cursor). A small table helper
 * measures each column and pads it.
 */
#include "report/report_int.h"

#include "core/u8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TX_TITLE_COLS 34                  /* topic titles in tables */
#define TX_MAX_COLS   (7 + RP_MAX_LEVELS) /* columns of the topic table */

/* Data text: controls replaced, newlines become "\n" + indent. */
static void tx_text(rp_w *w, const char *s, const char *indent)
{
    if (!s)
        return;
    size_t run = 0, i = 0;
    for (; s[i]; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != 0x7F)
            continue;
        rp_putn(w, s + run, i - run);
        if (ch == '\n') {
            rp_put(w, "\n");
            rp_put(w, indent);
        } else if (ch == '\t') {
            rp_put(w, " ");
        } else {
            rp_put(w, "\xEF\xBF\xBD");
        }
        run = i + 1;
    }
    rp_putn(w, s + run, i - run);
}

/* ---- a table ------------------------------------------------------------- */

typedef struct tx_table {
    size_t ncols;
    const char *right; /* per column: 'r' = right-aligned */
    char **cells;      /* rows × ncols, malloc'd strings */
    size_t nrows, cap;
    int oom;
} tx_table;

static void tx_table_init(tx_table *t, size_t ncols, const char *right)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->right = right;
}

static void tx_table_free(tx_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
}

/* One row of ncols strings (copied; NULL = ""); control characters become spaces. */
static void tx_row(tx_table *t, const char *const *cells)
{
    if (t->oom)
        return;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        char **p = realloc(t->cells, cap * t->ncols * sizeof *p);
        if (!p) {
            t->oom = 1;
            return;
        }
        t->cells = p;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t j = 0; j < t->ncols; j++) {
        const char *s = cells[j] ? cells[j] : "";
        size_t n = strlen(s);
        row[j] = malloc(n + 1);
        if (!row[j]) {
            for (size_t k = 0; k < j; k++)
                free(row[k]);
            t->oom = 1;
            return;
        }
        for (size_t k = 0; k < n; k++)
            row[j][k] = ((unsigned char)s[k] < 0x20 || s[k] == 0x7F) ? ' ' : s[k];
        row[j][n] = '\0';
    }
    t->nrows++;
}

static void tx_pad(rp_w *w, size_t n)
{
    static const char spaces[] = "                                        ";
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        rp_putn(w, spaces, k);
        n -= k;
    }
}

static void tx_table_write(rp_w *w, tx_table *t, const char *indent)
{
    if (t->oom) {
        rp_fail(w, ASSAY_ENOMEM);
        return;
    }
    size_t *width = calloc(t->ncols ? t->ncols : 1, sizeof *width);
    if (!width) {
        rp_fail(w, ASSAY_ENOMEM);
        return;
    }
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t j = 0; j < t->ncols; j++) {
            const char *s = t->cells[i * t->ncols + j];
            size_t cw = u8_width(s, strlen(s));
            if (cw > width[j])
                width[j] = cw;
        }
    for (size_t i = 0; i < t->nrows; i++) {
        rp_put(w, indent);
        for (size_t j = 0; j < t->ncols; j++) {
            const char *s = t->cells[i * t->ncols + j];
            size_t cw = u8_width(s, strlen(s));
            int last = j + 1 == t->ncols;
            if (j)
                rp_put(w, "  ");
            if (t->right && t->right[j] == 'r')
                tx_pad(w, width[j] - cw);
            rp_put(w, s);
            if (!(t->right && t->right[j] == 'r') && !last)
                tx_pad(w, width[j] - cw);
        }
        rp_put(w, "\n");
    }
    free(width);
}

/* ---- pieces -------------------------------------------------------------- */

static void tx_heading(rp_ctx *c, const char *s)
{
    rp_put(&c->w, "\n");
    rp_put(&c->w, s);
    rp_put(&c->w, "\n");
    size_t cols = u8_width(s, strlen(s));
    for (size_t k = 0; k < cols; k++)
        rp_put(&c->w, "-");
    rp_put(&c->w, "\n");
}

static const char *tx_level(const rp_ctx *c, char *out, size_t cap, int level)
{
    if (level < 1)
        return rp_tr(c, RP_M_NO_DATA);
    snprintf(out, cap, "%d %s", level, rp_level_label(c, level));
    return out;
}

static const char *tx_interval(char *out, size_t cap, const rp_ability *a)
{
    char lo[32], hi[32];
    snprintf(out, cap, "[%s, %s]", rp_fmt_num(lo, sizeof lo, a->lo, 2, "–"),
             rp_fmt_num(hi, sizeof hi, a->hi, 2, "–"));
    return out;
}

static void tx_summary(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    char e1[32], se[32], iv[80], lv[256], pr[32];
    rp_putf(w, "%s: ", rp_tr(c, RP_M_OVERALL));
    rp_put(w, rp_fmt_num(e1, sizeof e1, p->overall.est, 2, "–"));
    rp_putf(w, " (%s ", rp_tr(c, RP_M_SE));
    rp_put(w, rp_fmt_num(se, sizeof se, p->overall.se, 2, "–"));
    rp_putf(w, ", %s ", rp_tr(c, RP_M_INTERVAL));
    rp_put(w, tx_interval(iv, sizeof iv, &p->overall));
    rp_putf(w, ")\n%s: ", rp_tr(c, RP_M_LEVEL));
    tx_text(w, tx_level(c, lv, sizeof lv, p->overall_level), "");
    rp_putf(w, " (%s ", rp_tr(c, RP_M_PROB));
    rp_put(w, rp_fmt_num(pr, sizeof pr, p->overall_level_prob, 2, "–"));
    rp_put(w, ")\n");
}

static void tx_topics(rp_ctx *c, const rp_person *p)
{
    size_t L = c->r->n_levels;
    size_t ncols = 7 + L;
    char right[TX_MAX_COLS + 1] = {0};
    const char *head[TX_MAX_COLS];
    char pl[RP_MAX_LEVELS][32];
    tx_heading(c, rp_tr(c, RP_M_PROFILE));
    memset(right, 'r', ncols);
    right[1] = right[2] = right[ncols - 1] = 'l';
    size_t j = 0;
    head[j++] = "#";
    head[j++] = rp_tr(c, RP_M_TOPIC);
    head[j++] = rp_tr(c, RP_M_LEVEL);
    for (size_t l = 0; l < L; l++) {
        snprintf(pl[l], sizeof pl[l], "P%zu", l + 1);
        head[j++] = pl[l];
    }
    head[j++] = rp_tr(c, RP_M_ABILITY);
    head[j++] = rp_tr(c, RP_M_INTERVAL);
    head[j++] = rp_tr(c, RP_M_ANSWERED);
    head[j++] = rp_tr(c, RP_M_STATUS);
    tx_table t;
    tx_table_init(&t, ncols, right);
    tx_row(&t, head);
    for (size_t k = 0; k < p->n_topics; k++) {
        const rp_topic *tp = &p->topics[k];
        char nb[32], clip[256], lv[256], pv[RP_MAX_LEVELS][32], est[32], iv[80], ans[24];
        const char *row[TX_MAX_COLS];
        j = 0;
        snprintf(nb, sizeof nb, "%d", tp->number);
        row[j++] = nb;
        row[j++] = rp_clip(clip, sizeof clip, tp->title, TX_TITLE_COLS);
        row[j++] = tx_level(c, lv, sizeof lv, tp->level);
        for (size_t l = 0; l < L; l++)
            row[j++] = rp_fmt_num(pv[l], sizeof pv[l], tp->probs[l], 2, "–");
        row[j++] = rp_fmt_num(est, sizeof est, tp->ability.est, 2, "–");
        row[j++] = tx_interval(iv, sizeof iv, &tp->ability);
        snprintf(ans, sizeof ans, "%zu", tp->answered);
        row[j++] = ans;
        row[j++] = rp_status_text(c, tp->status);
        tx_row(&t, row);
    }
    tx_table_write(&c->w, &t, "");
    tx_table_free(&t);
}

static void tx_topic_list(rp_ctx *c, rp_msg head, const rp_person *p, const size_t *idx, size_t n)
{
    rp_w *w = &c->w;
    rp_putf(w, "%s: ", rp_tr(c, head));
    if (n == 0)
        rp_put(w, rp_tr(c, RP_M_NONE));
    for (size_t k = 0; k < n; k++) {
        const rp_topic *t = &p->topics[idx[k]];
        rp_putf(w, "%s%d. ", k ? ", " : "", t->number);
        tx_text(w, t->title, "");
    }
    rp_put(w, "\n");
}

static void tx_source(rp_w *w, const char *file, long line)
{
    tx_text(w, file, "");
    if (line > 0)
        rp_putf(w, ":%ld", line);
}

static void tx_wrong(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    tx_heading(c, rp_tr(c, RP_M_WRONG));
    if (p->n_wrong == 0)
        rp_putf(w, "%s\n", rp_tr(c, RP_M_NONE));
    for (size_t k = 0; k < p->n_wrong; k++) {
        const rp_wrong *x = &p->wrong[k];
        rp_putf(w, "%2zu. [", k + 1);
        tx_text(w, x->item, "");
        rp_putf(w, "] %d. ", x->topic_number);
        tx_text(w, x->topic, "");
        rp_put(w, "\n    ");
        tx_text(w, x->question, "    ");
        rp_putf(w, "\n    %s: ", rp_tr(c, RP_M_YOUR_ANSWER));
        tx_text(w, x->answer && x->answer[0] ? x->answer : rp_tr(c, RP_M_NO_ANSWER), "      ");
        rp_putf(w, "\n    %s: ", rp_tr(c, RP_M_REFERENCE));
        tx_text(w, x->reference, "      ");
        rp_putf(w, "\n    %s: ", rp_tr(c, RP_M_SOURCE));
        tx_source(w, x->file, x->line);
        if (x->section && x->section[0]) {
            rp_put(w, " (");
            tx_text(w, x->section, "");
            rp_put(w, ")");
        }
        rp_put(w, "\n");
    }
}

static void tx_study(rp_ctx *c, const rp_person *p)
{
    rp_w *w = &c->w;
    tx_heading(c, rp_tr(c, RP_M_STUDY));
    if (p->n_study == 0)
        rp_putf(w, "%s\n", rp_tr(c, RP_M_NONE));
    for (size_t k = 0; k < p->n_study; k++) {
        rp_putf(w, "%2zu. ", k + 1);
        tx_text(w, p->study[k].title, "");
        rp_put(w, " — ");
        tx_source(w, p->study[k].file, p->study[k].line);
        rp_put(w, "\n    ");
        tx_text(w, p->study[k].why, "    ");
        rp_put(w, "\n");
    }
    if (p->n_due == 0)
        return;
    tx_heading(c, rp_tr(c, RP_M_DUE));
    tx_table t;
    tx_table_init(&t, 3, "lll");
    const char *head[3] = {rp_tr(c, RP_M_DUE_AT), rp_tr(c, RP_M_ITEM), rp_tr(c, RP_M_QUESTION)};
    tx_row(&t, head);
    for (size_t k = 0; k < p->n_due; k++) {
        char tb[40], clip[256];
        const char *row[3] = {rp_fmt_time(tb, sizeof tb, p->due[k].due), p->due[k].item,
                              rp_clip(clip, sizeof clip, p->due[k].question, 50)};
        tx_row(&t, row);
    }
    tx_table_write(w, &t, "");
    tx_table_free(&t);
}

static void tx_attempts(rp_ctx *c, const rp_person *p)
{
    tx_heading(c, rp_tr(c, RP_M_ATTEMPTS));
    if (p->n_attempts == 0) {
        rp_putf(&c->w, "%s\n", rp_tr(c, RP_M_NONE));
        return;
    }
    tx_table t;
    tx_table_init(&t, 6, "rlllrr");
    const char *head[6] = {rp_tr(c, RP_M_ID),       rp_tr(c, RP_M_KIND),     rp_tr(c, RP_M_STARTED),
                           rp_tr(c, RP_M_FINISHED), rp_tr(c, RP_M_ANSWERED), rp_tr(c, RP_M_SCORE)};
    tx_row(&t, head);
    for (size_t k = 0; k < p->n_attempts; k++) {
        const rp_attempt *a = &p->attempts[k];
        char id[32], t0[40], t1[40], n[24], sc[32];
        snprintf(id, sizeof id, "%lld", (long long)a->id);
        snprintf(n, sizeof n, "%zu", a->answered);
        const char *row[6] = {
            id,
            rp_kind_text(c, a->kind),
            rp_fmt_time(t0, sizeof t0, a->started),
            a->finished > 0 ? rp_fmt_time(t1, sizeof t1, a->finished) : rp_tr(c, RP_M_ST_OPEN),
            n,
            rp_fmt_num(sc, sizeof sc, isfinite(a->score) ? 100 * a->score : NAN, 0, "–")};
        tx_row(&t, row);
    }
    tx_table_write(&c->w, &t, "");
    tx_table_free(&t);
}

/* ---- several people ------------------------------------------------------ */

static assay_code tx_group(rp_ctx *c)
{
    const rp_report *r = c->r;
    rp_cols cols;
    assay_code rc = rp_cols_make(r, &cols);
    if (rc != ASSAY_OK)
        return rc;
    tx_heading(c, rp_tr(c, RP_M_HEATMAP));
    /* One column per topic: the level digit (– = nothing known). */
    size_t ncols = 3 + cols.n;
    const char **row = calloc(ncols, sizeof *row);
    char *rightc = calloc(ncols + 1, 1);
    char(*cells)[32] = calloc(ncols, sizeof *cells);
    if (!row || !rightc || !cells) {
        free(row);
        free(rightc);
        free(cells);
        rp_cols_free(&cols);
        return ASSAY_ENOMEM;
    }
    memset(rightc, 'r', ncols);
    rightc[0] = 'l';
    rightc[1] = 'l';
    tx_table t;
    tx_table_init(&t, ncols, rightc);
    row[0] = rp_tr(c, RP_M_PERSON);
    row[1] = rp_tr(c, RP_M_LEVEL);
    row[2] = rp_tr(c, RP_M_OVERALL);
    for (size_t j = 0; j < cols.n; j++) {
        snprintf(cells[3 + j], sizeof cells[0], "%d", cols.numbers[j]);
        row[3 + j] = cells[3 + j];
    }
    tx_row(&t, row);
    for (size_t i = 0; i < r->n_persons; i++) {
        const rp_person *p = &r->persons[i];
        char lv[256], est[32], clip[256];
        row[0] = rp_clip(clip, sizeof clip, p->name, 24);
        row[1] = tx_level(c, lv, sizeof lv, p->overall_level);
        row[2] = rp_fmt_num(est, sizeof est, p->overall.est, 2, "–");
        for (size_t j = 0; j < cols.n; j++) {
            const rp_topic *tp = rp_find_topic(p, cols.numbers[j]);
            if (tp && tp->level > 0)
                snprintf(cells[3 + j], sizeof cells[0], "%d", tp->level);
            else
                snprintf(cells[3 + j], sizeof cells[0], "–");
            row[3 + j] = cells[3 + j];
        }
        tx_row(&t, row);
    }
    tx_table_write(&c->w, &t, "");
    tx_table_free(&t);
    free(row);
    free(rightc);
    free(cells);
    tx_heading(c, rp_tr(c, RP_M_TOPICS_KEY));
    for (size_t j = 0; j < cols.n; j++) {
        rp_putf(&c->w, "%3d. ", cols.numbers[j]);
        tx_text(&c->w, cols.titles[j], "");
        rp_put(&c->w, "\n");
    }
    rp_cols_free(&cols);
    return c->w.code;
}

assay_code rp_render_text(rp_ctx *c)
{
    const rp_report *r = c->r;
    rp_w *w = &c->w;
    char tb[40];
    const char *kbt = r->kb_title && r->kb_title[0] ? r->kb_title : r->kb_name;
    rp_put(w, rp_tr(c, r->kind == RP_PERSON ? RP_M_TITLE_PERSON : RP_M_TITLE_GROUP));
    rp_put(w, " — ");
    tx_text(w, kbt, "");
    rp_put(w, " (");
    tx_text(w, r->kb_name, "");
    rp_put(w, ")\n");
    if (r->kind == RP_PERSON) {
        rp_putf(w, "%s: ", rp_tr(c, RP_M_LEARNER));
        tx_text(w, r->persons[0].name, "");
        rp_put(w, " · ");
    }
    rp_putf(w, "%s: %s\n", rp_tr(c, RP_M_GENERATED), rp_fmt_time(tb, sizeof tb, r->generated));
    if (r->kind == RP_GROUP)
        return tx_group(c);
    const rp_person *p = &r->persons[0];
    rp_put(w, "\n");
    tx_summary(c, p);
    tx_topics(c, p);
    rp_put(w, "\n");
    tx_topic_list(c, RP_M_STRENGTHS, p, p->strengths, p->n_strengths);
    tx_topic_list(c, RP_M_GAPS, p, p->gaps, p->n_gaps);
    tx_wrong(c, p);
    tx_study(c, p);
    tx_attempts(c, p);
    return w->code;
}
