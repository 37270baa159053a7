/* out — colour and aligned tables for the CLI. */
#include "out.h"

#include "assay.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void out_init(term_out *o, FILE *f, int no_color)
{
    o->f = f;
    int fd = fileno(f);
    int tty = fd >= 0 && isatty(fd);
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    o->color = tty && !no_color && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
    o->width = 0;
    struct winsize ws;
    if (tty && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        o->width = ws.ws_col;
}

const char *out_on(const term_out *o, style s)
{
    if (!o->color)
        return "";
    switch (s) {
    case ST_NONE: return "";
    case ST_BOLD: return "\033[1m";
    case ST_DIM: return "\033[2m";
    case ST_ID: return "\033[33m";
    case ST_WARN: return "\033[1;33m";
    case ST_ERR: return "\033[1;31m";
    case ST_OK: return "\033[32m";
    case ST_HEAD: return "\033[1;4m";
    }
    return "";
}

const char *out_off(const term_out *o)
{
    return o->color ? "\033[0m" : "";
}

void table_init(table *t, const table_col *cols, size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = ncols;
}

void table_add(table *t, const char *const *cells)
{
    if (t->oom)
        return;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **p = realloc(t->cells, cap * t->ncols * sizeof *p);
        if (!p) {
            t->oom = 1;
            return;
        }
        t->cells = p;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *s = cells[c] ? cells[c] : "";
        /* one line per cell */
        size_t n = strcspn(s, "\n");
        row[c] = malloc(n + 1);
        if (!row[c]) {
            for (size_t k = 0; k < c; k++)
                free(row[k]);
            t->oom = 1;
            return;
        }
        memcpy(row[c], s, n);
        row[c][n] = '\0';
    }
    t->nrows++;
}

static void cell(const term_out *o, const table_col *col, const char *s, size_t width, int last)
{
    size_t len = strlen(s);
    size_t w = assay_text_width(s, len);
    const char *ell = "";
    if (w > width) {
        /* cut to fit, with an ellipsis (one column) */
        len = assay_text_prefix(s, len, width > 0 ? width - 1 : 0);
        w = assay_text_width(s, len) + (width > 0);
        ell = width > 0 ? "\xE2\x80\xA6" : "";
    }
    size_t pad = width > w ? width - w : 0;
    if (col->al == AL_RIGHT)
        fprintf(o->f, "%*s", (int)pad, "");
    fprintf(o->f, "%s%.*s%s%s", out_on(o, col->st), (int)len, s, ell,
            col->st != ST_NONE ? out_off(o) : "");
    if (col->al == AL_LEFT && !last)
        fprintf(o->f, "%*s", (int)pad, "");
}

int table_print(table *t, const term_out *o)
{
    if (t->oom)
        return -1;
    size_t *w = calloc(t->ncols, sizeof *w);
    if (!w)
        return -1;
    for (size_t c = 0; c < t->ncols; c++)
        w[c] = assay_text_width(t->cols[c].header, strlen(t->cols[c].header));
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            size_t cw = assay_text_width(s, strlen(s));
            if (cw > w[c])
                w[c] = cw;
        }
    if (o->width) {
        size_t total = 0;
        for (size_t c = 0; c < t->ncols; c++)
            total += w[c] + (c ? 2 : 0);
        for (size_t c = 0; c < t->ncols && total > o->width; c++) {
            if (!t->cols[c].flex)
                continue;
            size_t over = total - o->width;
            size_t keep = w[c] > over + 12 ? w[c] - over : 12;
            if (keep < w[c]) {
                total -= w[c] - keep;
                w[c] = keep;
            }
        }
    }
    for (size_t c = 0; c < t->ncols; c++) {
        table_col head = t->cols[c];
        head.st = ST_HEAD;
        if (c)
            fputs("  ", o->f);
        cell(o, &head, t->cols[c].header, w[c], c + 1 == t->ncols);
    }
    fputc('\n', o->f);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputs("  ", o->f);
            cell(o, &t->cols[c], t->cells[r * t->ncols + c], w[c], c + 1 == t->ncols);
        }
        fputc('\n', o->f);
    }
    free(w);
    return 0;
}

void table_free(table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
