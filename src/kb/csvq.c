/*
 * csvq — a question bank as CSV (RFC 4180: comma separated, fields quoted
 * with '"' and '""' inside, quoted fields may span lines) into the
 * knowledge model. A header row names the columns, in any order, ASCII case
 * ignored: question, answer and topic are required; topic_number, level
 * (1-9, "Level 2", or empty), level_label, kind (level_qa / interview_qa / scenario, empty =
 * level_qa; derived_* kinds, which `assay export` writes for items assay made
 * from a document's text, are read as level_qa with a warning), accept (other accepted spellings of
 * the answer, one a line) and any number of distractor columns (distractor, distractor2, ...: the
 * authored wrong options) are optional; other columns are ignored with a
 * warning. A scenario row's question is its title and its answer the parts,
 * one a line ("상황: ...", "- item", ``` code fences), as `assay export
 * --format csv` writes them. Every row has as many fields as the header.
 * Errors name file:line (the row's first line); the whole file is refused on
 * the first.
 */
#include "kb/formats.h"

#include "kb/pattern.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 256

enum {
    C_OTHER,
    C_QUESTION,
    C_ANSWER,
    C_TOPIC,
    C_TOPIC_NUMBER,
    C_LEVEL,
    C_LABEL,
    C_KIND,
    C_ACCEPT,
    C_OPTIONS,
    C_KEY,
    C_DISTRACTOR
};

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
    if (strcmp(k, "accept") == 0)
        return C_ACCEPT;
    if (strcmp(k, "topic_number") == 0)
        return C_TOPIC_NUMBER;
    if (strcmp(k, "options") == 0)
        return C_OPTIONS;
    if (strcmp(k, "key") == 0)
        return C_KEY;
    if (strncmp(k, "distractor", 10) == 0)
        return C_DISTRACTOR;
    return C_OTHER;
}

/* The scenario of a row: title, and the parts of its answer as the Markdown
 * path renders them (kb/parse.c): a "label: text" line (or a line without a
 * label) starts a part, "- item" lines (indented two spaces a level) are its
 * bullets, ``` fences its code. In the document's arena; NULL when out of
 * memory (f->oom set). */
static kb_scenario *row_scenario(kb_flat *f, const char *title, const char *ans, long line)
{
    arena *m = &f->d->mem;
    kb_scenario *sc = arena_alloc(m, sizeof *sc);
    if (!sc)
        return f->oom = 1, NULL;
    memset(sc, 0, sizeof *sc);
    sc->title = title;
    sc->line = line;
    kb_part *cur = NULL;
    for (const char *p = ans; *p;) {
        size_t n = strcspn(p, "\n");
        const char *next = p[n] ? p + n + 1 : p + n;
        size_t ind = 0;
        while (ind < n && p[ind] == ' ')
            ind++;
        if (cur && n >= 3 && strncmp(p, "```", 3) == 0) { /* a code block up to its fence */
            kb_code *c =
                arena_push(m, (void **)&cur->code, &cur->n_code, &cur->cap_code, sizeof *c);
            if (!c)
                return f->oom = 1, NULL;
            c->info = arena_strndup(m, p + 3, n - 3);
            c->line = line;
            const char *body = next, *q = next;
            while (*q && !(strncmp(q, "```", 3) == 0 && (q[3] == '\n' || q[3] == '\0')))
                q += strcspn(q, "\n") + (q[strcspn(q, "\n")] ? 1 : 0);
            c->text = arena_strndup(m, body, (size_t)(q - body));
            if (!c->info || !c->text)
                return f->oom = 1, NULL;
            next = *q ? q + 3 + (q[3] == '\n') : q;
        } else if (cur && ind + 1 < n && p[ind] == '-' && p[ind + 1] == ' ') {
            char *it = arena_printf(m, "%.*s%.*s", (int)ind, p, (int)(n - ind - 2), p + ind + 2);
            const char **slot = it ? arena_push(m, (void **)&cur->items.v, &cur->items.n,
                                                &cur->items.cap, sizeof *slot)
                                   : NULL;
            if (!slot)
                return f->oom = 1, NULL;
            *slot = it;
        } else if (n > 0) {
            cur = arena_push(m, (void **)&sc->parts, &sc->n_parts, &sc->cap_parts, sizeof *cur);
            if (!cur)
                return f->oom = 1, NULL;
            memset(cur, 0, sizeof *cur);
            cur->line = line;
            size_t ll, rest;
            if (pat_label(p, n, &ll, &rest)) {
                cur->label = arena_strndup(m, p, ll);
                cur->text = arena_strndup(m, p + rest, n - rest);
            } else {
                cur->label = "";
                cur->text = arena_strndup(m, p, n);
            }
            if (!cur->label || !cur->text)
                return f->oom = 1, NULL;
        }
        p = next;
    }
    return sc;
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
                     "topic (required), topic_number, level, level_label, kind, accept, options, "
                     "key, distractor",
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
        const char *accept = NULL;
        int topic_number = 0;
        const char *options = NULL, *keyf = NULL;
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
                else if (strcmp(kd, "scenario") == 0)
                    kind = KB_SCENARIO;
                else if (strncmp(kd, "derived_", 8) == 0 && kd[8])
                    kb_flat_warn(&f, line,
                                 "kind \"%s\": an item assay derives from a document's "
                                 "text, read as level_qa",
                                 kd);
                else
                    fail(&c, line, "kind \"%s\": a CSV row is level_qa, interview_qa or scenario",
                         kd);
                break;
            }
            case C_ACCEPT: accept = kb_flat_str(&f, v, vl); break;
            case C_OPTIONS: options = kb_flat_str(&f, v, vl); break;
            case C_KEY: keyf = kb_flat_str(&f, v, vl); break;
            case C_TOPIC_NUMBER: {
                const char *t = kb_flat_str(&f, v, vl);
                char *endp = NULL;
                long num = t && t[0] ? strtol(t, &endp, 10) : 0;
                if (t && t[0] && (*endp || num < 1 || num > 9999))
                    fail(&c, line, "topic_number \"%s\" is not a number from 1 to 9999", t);
                else
                    topic_number = (int)num;
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
        const char *detail = NULL;
        if (accept && accept[0] && kind != KB_SCENARIO) {
            /* the accepted spellings, one a line, besides the answer itself */
            json_t *arr = json_array();
            for (const char *p = accept; arr && *p;) {
                size_t l = strcspn(p, "\n");
                const char *sp = kb_flat_str(&f, p, l);
                if (sp && sp[0] && strcmp(sp, a) != 0 &&
                    json_array_append_new(arr, json_string(sp)))
                    f.oom = 1;
                p += l + (p[l] ? 1 : 0);
            }
            json_t *obj = arr && json_array_size(arr) ? json_pack("{s:O}", "accept", arr) : NULL;
            char *js = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
            detail = js ? arena_strdup(&f.d->mem, js) : NULL;
            if (!arr || (obj && !detail))
                f.oom = 1;
            free(js);
            json_decref(obj);
            json_decref(arr);
        }
        if (options && options[0] && keyf && keyf[0] && !dis.n && kind != KB_SCENARIO &&
            strspn(keyf, "0123456789") == strlen(keyf)) {
            /* multiple choice as `assay export` writes it: the options one a line,
             * the key their number from 1; the keyed option is the answer and
             * the others its distractors */
            char *endp = NULL;
            long key = strtol(keyf, &endp, 10);
            const char *keyed = NULL;
            long k = 1;
            for (const char *p = options; *p && !f.oom; k++) {
                size_t l = strcspn(p, "\n");
                const char *opt = kb_flat_str(&f, p, l);
                if (opt && opt[0] && k == key)
                    keyed = opt;
                else if (opt && opt[0] && kb_flat_push(&f, &dis, opt, strlen(opt)) != 0)
                    break;
                p += l + (p[l] ? 1 : 0);
            }
            if (*endp || !keyed) {
                fail(&c, line, "key \"%s\" is not the number of one of the %ld options", keyf,
                     k - 1);
                break;
            }
            a = keyed;
        }
        int tn;
        size_t rest;
        if (topic_number && topic && topic[0] &&
            !pat_topic_number(topic, strlen(topic), &tn, &rest)) {
            topic = arena_printf(&f.d->mem, "%d. %s", topic_number, topic); /* "3. 캐싱" */
            if (!topic)
                f.oom = 1;
        }
        if (f.oom)
            break;
        if (kb_flat_item(&f, topic, level, label, kind, q, a, &dis, detail, line) == 0 &&
            kind == KB_SCENARIO)
            f.d->items[f.d->n_items - 1].scenario = row_scenario(&f, q, a, line);
    }
    buf_free(&c.row);
    if (c.failed || got < 0) {
        kb_flat_abort(&f);
        return f.oom ? err_set(e, ASSAY_ENOMEM, "out of memory") : ASSAY_EINPUT;
    }
    return kb_flat_end(&f, out);
}
