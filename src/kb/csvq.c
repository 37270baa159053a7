/*
 * csvq — a question bank as CSV (RFC 4180: comma separated, fields quoted
 * with '"' and '""' inside, quoted fields may span lines) into the
 * knowledge model. A header row names the columns, in any order, ASCII case
 * ignored: question, answer and topic are required; level (1-9, "Level 2",
 * or empty), level_label, kind (level_qa / interview_qa, empty = level_qa)
 * and any number of distractor columns (distractor, distractor2, ...: the
 * authored wrong options) are optional; other columns are ignored with a
 * warning. Every row has as many fields as the header. Errors name
 * file:line (the row's first line); the whole file is refused on the first.
 */
#include "kb/formats.h"

#include "kb/pattern.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 256

enum { C_OTHER, C_QUESTION, C_ANSWER, C_TOPIC, C_LEVEL, C_LABEL, C_KIND, C_DISTRACTOR };

typedef struct field {
    size_t a, b; /* into the row buffer */
} field;

typedef struct csv {
    kb_flat *f;
    const char *s;
    size_t n, i;
    long line;
    buf row; /* the current row's unquoted fields, back to back */
    field fl[MAX_COLS];
    size_t nf;
    int failed;
} csv;

static void fail(csv *c, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(csv *c, long line, const char *fmt, ...)
{
    if (c->failed)
        return;
    c->failed = 1;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set_at(c->f->e, ASSAY_EINPUT, c->f->d->file, line, 0, -1, "%s", msg);
}

/* Reads one row into c->fl; 1 when read, 0 at the end, -1 on error. */
static int read_row(csv *c, long *row_line)
{
    if (c->i >= c->n)
        return 0;
    buf_reset(&c->row);
    c->nf = 0;
    *row_line = c->line;
    const char *s = c->s;
    for (;;) {
        if (c->nf == MAX_COLS) {
            fail(c, *row_line, "more than %d fields in a row", MAX_COLS);
            return -1;
        }
        field *fd = &c->fl[c->nf++];
        fd->a = c->row.len;
        if (c->i < c->n && s[c->i] == '"') {
            long qline = c->line;
            c->i++;
            for (;;) {
                if (c->i >= c->n) {
                    fail(c, qline, "a quoted field is not closed (a '\"' missing)");
                    return -1;
                }
                char ch = s[c->i++];
                if (ch == '"') {
                    if (c->i < c->n && s[c->i] == '"') {
                        c->i++;
                    } else {
                        break;
                    }
                } else if (ch == '\n') {
                    c->line++;
                }
                if (buf_addc(&c->row, ch) != 0) {
                    c->f->oom = 1;
                    return -1;
                }
            }
            if (c->i < c->n && s[c->i] != ',' && s[c->i] != '\n') {
                fail(c, c->line,
                     "text after a quoted field's closing '\"' (write \"\" for a quote)");
                return -1;
            }
        } else {
            while (c->i < c->n && s[c->i] != ',' && s[c->i] != '\n') {
                if (s[c->i] == '"') {
                    fail(c, c->line,
                         "a '\"' inside an unquoted field (quote the field and write \"\")");
                    return -1;
                }
                if (buf_addc(&c->row, s[c->i++]) != 0) {
                    c->f->oom = 1;
                    return -1;
                }
            }
        }
        fd->b = c->row.len;
        if (c->i >= c->n)
            return 1;
        if (s[c->i++] == '\n') {
            c->line++;
            return 1;
        }
    }
}

static int col_role(const char *s, size_t n)
{
    char k[32];
    size_t w = 0;
    size_t a = 0, b = n;
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (b - a >= sizeof k)
        return C_OTHER;
    for (size_t i = a; i < b; i++)
        k[w++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    k[w] = '\0';
    if (strcmp(k, "question") == 0)
        return C_QUESTION;
    if (strcmp(k, "answer") == 0)
        return C_ANSWER;
    if (strcmp(k, "topic") == 0)
        return C_TOPIC;
    if (strcmp(k, "level") == 0)
        return C_LEVEL;
    if (strcmp(k, "level_label") == 0)
        return C_LABEL;
    if (strcmp(k, "kind") == 0)
        return C_KIND;
    if (strncmp(k, "distractor", 10) == 0)
        return C_DISTRACTOR;
    return C_OTHER;
}

assay_code kb_parse_csv(const char *file, const char *data, size_t n, const kb_opts *o,
                        kb_doc **out, errinfo *e)
{
    *out = NULL;
    kb_flat f;
    assay_code rc = kb_flat_begin(&f, file, data, n, o, 1, e);
    if (rc != ASSAY_OK)
        return rc;
    csv c;
    memset(&c, 0, sizeof c);
    c.f = &f;
    c.s = f.text;
    c.n = f.len;
    c.line = 1;
    buf_init(&c.row, f.len + 16);
    int role[MAX_COLS];
    int have[C_DISTRACTOR + 1] = {0};
    long line;
    size_t ncols = 0;
    int got = read_row(&c, &line);
    if (got == 1) {
        ncols = c.nf;
        const char *r = buf_str(&c.row);
        for (size_t k = 0; k < ncols && !c.failed; k++) {
            role[k] = col_role(r + c.fl[k].a, c.fl[k].b - c.fl[k].a);
            if (role[k] == C_OTHER) {
                kb_flat_warn(&f, 1, "column %zu (\"%.*s\") is not one assay reads: ignored", k + 1,
                             (int)(c.fl[k].b - c.fl[k].a), r + c.fl[k].a);
            } else if (role[k] != C_DISTRACTOR && have[role[k]]) {
                fail(&c, 1, "column \"%.*s\" twice in the header", (int)(c.fl[k].b - c.fl[k].a),
                     r + c.fl[k].a);
            }
            have[role[k]] = 1;
        }
        static const char *const need[] = {NULL, "question", "answer", "topic"};
        for (int k = C_QUESTION; k <= C_TOPIC && !c.failed; k++)
            if (!have[k])
                fail(&c, 1,
                     "missing column \"%s\": the header row names the columns question, answer, "
                     "topic (required), level, level_label, kind, distractor",
                     need[k]);
    } else if (got == 0) {
        fail(&c, 1, "no header row");
    }
    while (!c.failed && !f.oom && (got = read_row(&c, &line)) == 1) {
        const char *r = buf_str(&c.row);
        if (c.nf == 1 && c.fl[0].a == c.fl[0].b)
            continue; /* an empty line */
        if (c.nf != ncols) {
            fail(&c, line,
                 "this row has %zu field%s, the header %zu (quote fields that hold a comma)", c.nf,
                 c.nf == 1 ? "" : "s", ncols);
            break;
        }
        const char *q = NULL, *a = NULL, *topic = NULL, *label = "";
        int level = 0;
        kb_kind kind = KB_LEVEL_QA;
        kb_strv dis = {0};
        for (size_t k = 0; k < ncols && !c.failed && !f.oom; k++) {
            const char *v = r + c.fl[k].a;
            size_t vl = c.fl[k].b - c.fl[k].a;
            switch (role[k]) {
            case C_QUESTION: q = kb_flat_str(&f, v, vl); break;
            case C_ANSWER: a = kb_flat_str(&f, v, vl); break;
            case C_TOPIC: topic = kb_flat_str(&f, v, vl); break;
            case C_LABEL: {
                const char *l = kb_flat_str(&f, v, vl);
                label = l ? l : "";
                break;
            }
            case C_LEVEL: {
                const char *l = kb_flat_str(&f, v, vl);
                if (!l || !l[0])
                    break;
                size_t lo, ll;
                if (l[0] >= '1' && l[0] <= '9' && !l[1]) {
                    level = l[0] - '0';
                } else if (pat_level_marker(l, strlen(l), &level, &lo, &ll) && level >= 1 &&
                           level <= 9) {
                    if (ll && !label[0]) {
                        const char *lab = kb_flat_str(&f, l + lo, ll);
                        label = lab ? lab : "";
                    }
                } else {
                    fail(&c, line, "level \"%s\" is not a level from 1 to 9", l);
                }
                break;
            }
            case C_KIND: {
                const char *kd = kb_flat_str(&f, v, vl);
                if (!kd || !kd[0] || strcmp(kd, "level_qa") == 0 || strcmp(kd, "level") == 0)
                    kind = KB_LEVEL_QA;
                else if (strcmp(kd, "interview_qa") == 0 || strcmp(kd, "interview") == 0)
                    kind = KB_INTERVIEW_QA;
                else
                    fail(&c, line, "kind \"%s\": a CSV row is level_qa or interview_qa", kd);
                break;
            }
            case C_DISTRACTOR: {
                size_t x, y;
                pat_trim(v, vl, &x, &y);
                if (x < y)
                    kb_flat_push(&f, &dis, v, vl);
                break;
            }
            default: break;
            }
        }
        if (c.failed || f.oom)
            break;
        if (!q || !q[0] || !a || !a[0]) {
            kb_flat_warn(&f, line, "%s: row skipped", !q || !q[0] ? "no question" : "no answer");
            f.skipped++;
            continue;
        }
        kb_flat_item(&f, topic, level, label, kind, q, a, &dis, NULL, line);
    }
    buf_free(&c.row);
    if (c.failed || got < 0) {
        kb_flat_abort(&f);
        return f.oom ? err_set(e, ASSAY_ENOMEM, "out of memory") : ASSAY_EINPUT;
    }
    return kb_flat_end(&f, out);
}
