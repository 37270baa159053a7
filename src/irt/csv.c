/* irt/csv — response matrices from CSV text. */
#include "irt/csv.h"

#include "core/u8.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A field: its bytes (quotes removed, "" unescaped into scratch) and where it starts. */
typedef struct field {
    const char *s;
    size_t n;
    long line, col;
} field;

typedef struct reader {
    const char *file;
    const char *p, *end;
    char delim;
    long line;
    char *scratch; /* unescaped quoted fields */
    size_t cap;
    errinfo *e;
} reader;

static int is_eol(const reader *r)
{
    return r->p == r->end || *r->p == '\n' || *r->p == '\r';
}

static void skip_eol(reader *r)
{
    if (r->p < r->end && *r->p == '\r')
        r->p++;
    if (r->p < r->end && *r->p == '\n')
        r->p++;
    r->line++;
}

/* Reads one field at r->p; stops at the delimiter or the end of the record. */
static assay_code read_field(reader *r, long col, field *f)
{
    f->line = r->line;
    f->col = col;
    if (r->p < r->end && *r->p == '"') {
        size_t n = 0;
        r->p++;
        for (;;) {
            if (r->p == r->end)
                return err_set_at(r->e, ASSAY_EINPUT, r->file, f->line, col, -1,
                                  "column %ld: a quoted field is not closed", col);
            char ch = *r->p++;
            if (ch == '"') {
                if (r->p < r->end && *r->p == '"') {
                    r->p++;
                } else {
                    break;
                }
            }
            if (ch == '\n')
                r->line++;
            if (n + 1 >= r->cap) {
                size_t cap = r->cap ? 2 * r->cap : 256;
                char *s = realloc(r->scratch, cap);
                if (!s)
                    return err_set(r->e, ASSAY_ENOMEM, "out of memory reading %s", r->file);
                r->scratch = s;
                r->cap = cap;
            }
            r->scratch[n++] = ch;
        }
        if (!is_eol(r) && *r->p != r->delim)
            return err_set_at(r->e, ASSAY_EINPUT, r->file, r->line, col, -1,
                              "column %ld: text after a closing quote", col);
        f->s = r->scratch ? r->scratch : "";
        f->n = n;
        return ASSAY_OK;
    }
    const char *b = r->p;
    while (!is_eol(r) && *r->p != r->delim) {
        if (*r->p == '"')
            return err_set_at(r->e, ASSAY_EINPUT, r->file, r->line, col, -1,
                              "column %ld: a quote inside an unquoted field", col);
        r->p++;
    }
    f->s = b;
    f->n = (size_t)(r->p - b);
    return ASSAY_OK;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static char detect_delim(const char *p, const char *end)
{
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted)
            comma += *p == ',', semi += *p == ';', tab += *p == '\t';
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

/* A cell: 1 answered (*x set), 0 not answered, −1 not a score. */
static int cell_value(const char *s, size_t n, float *x)
{
    trim(&s, &n);
    if (n == 0 || (n == 1 && s[0] == '.') ||
        (n == 2 && (memcmp(s, "NA", 2) == 0 || memcmp(s, "na", 2) == 0)) ||
        (n == 3 && (memcmp(s, "N/A", 3) == 0 || memcmp(s, "n/a", 3) == 0)))
        return 0;
    if (n == 1 && (s[0] == '0' || s[0] == '1')) {
        *x = (float)(s[0] - '0');
        return 1;
    }
    char buf[32];
    if (n >= sizeof buf)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
            return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *endp;
    errno = 0;
    double v = strtod(buf, &endp);
    if (errno || *endp || !(v >= 0 && v <= 1))
        return -1;
    *x = (float)v;
    return 1;
}

void resp_table_free(resp_table *t)
{
    if (!t)
        return;
    arena_free(&t->mem);
    memset(t, 0, sizeof *t);
}

irt_data resp_table_data(const resp_table *t)
{
    return (irt_data){t->n_persons, t->n_items, t->start, t->resp, NULL};
}

assay_code resp_csv_parse(const char *file, const char *data, size_t len, int id_column,
                          resp_table *t, errinfo *e)
{
    memset(t, 0, sizeof *t);
    arena_init(&t->mem, 0);
    size_t bad;
    if (u8_check(data, len, &bad) != 0) {
        long line = 1, col = 1;
        for (size_t i = 0; i < bad; i++)
            if (data[i] == '\n')
                line++, col = 1;
            else
                col++;
        return err_set_at(e, ASSAY_EINPUT, file, line, col, (long long)bad,
                          "invalid UTF-8 (byte 0x%02X)", (unsigned char)data[bad]);
    }
    if (memchr(data, '\0', len))
        return err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1, "binary content (a NUL byte)");
    reader r = {.file = file, .p = data, .end = data + len, .line = 1, .e = e};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3;
    while (r.p < r.end && (*r.p == '\n' || *r.p == '\r')) /* leading blank lines */
        skip_eol(&r);
    if (r.p == r.end)
        return err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1,
                          "empty: expected a header row naming the items");
    r.delim = detect_delim(r.p, r.end);

    assay_code rc = ASSAY_OK;
    size_t cap_items = 0, cap_persons = 0, cap_resp = 0;
    size_t cols = 0;
    /* header */
    for (long col = 1;; col++) {
        field f;
        if ((rc = read_field(&r, col, &f)) != ASSAY_OK)
            goto fail;
        if (col == 1 && id_column) {
            /* the id column's own name is not an item */
        } else {
            const char *s = f.s;
            size_t n = f.n;
            trim(&s, &n);
            if (n == 0) {
                rc = err_set_at(e, ASSAY_EINPUT, file, f.line, col, -1,
                                "column %ld of the header has no item name", col);
                goto fail;
            }
            size_t nl;
            char *name = u8_nfc(s, n, &nl), **slot;
            char *kept = name ? arena_strndup(&t->mem, name, nl) : NULL;
            free(name);
            if (!kept || !(slot = arena_push(&t->mem, (void **)&t->items, &t->n_items, &cap_items,
                                             sizeof *slot))) {
                rc = err_set(e, ASSAY_ENOMEM, "out of memory reading %s", file);
                goto fail;
            }
            *slot = kept;
            for (size_t i = 0; i + 1 < t->n_items; i++)
                if (strcmp(t->items[i], kept) == 0) {
                    rc = err_set_at(e, ASSAY_EINPUT, file, f.line, col, -1,
                                    "column %ld repeats the item name '%s' (column %zu)", col, kept,
                                    i + 1 + (id_column ? 1 : 0));
                    goto fail;
                }
        }
        cols++;
        if (cols > RESP_CSV_MAX_COLUMNS) {
            rc = err_set_at(e, ASSAY_EINPUT, file, f.line, col, -1, "more than %d columns",
                            RESP_CSV_MAX_COLUMNS);
            goto fail;
        }
        if (is_eol(&r))
            break;
        r.p++; /* the delimiter */
    }
    skip_eol(&r);
    if (t->n_items == 0) {
        rc = err_set_at(e, ASSAY_EINPUT, file, 1, 0, -1, "the header names no items");
        goto fail;
    }

    /* rows */
    size_t *start = NULL, n_lines = 0, cap_lines = 0, n_ids = 0, cap_ids = 0;
    long *lines = NULL;
    for (;;) {
        if (r.p == r.end)
            break;
        if (*r.p == '\n' || *r.p == '\r') { /* a blank line */
            skip_eol(&r);
            continue;
        }
        long row_line = r.line;
        size_t *s = arena_push(&t->mem, (void **)&start, &t->n_persons, &cap_persons, sizeof *s);
        long *ln = arena_push(&t->mem, (void **)&lines, &n_lines, &cap_lines, sizeof *ln);
        if (!s || !ln) {
            rc = err_set(e, ASSAY_ENOMEM, "out of memory reading %s", file);
            goto fail;
        }
        *s = t->n_resp;
        *ln = row_line;
        size_t col = 0;
        for (;;) {
            field f;
            col++;
            if ((rc = read_field(&r, (long)col, &f)) != ASSAY_OK)
                goto fail;
            if (col > cols) {
                rc = err_set_at(e, ASSAY_EINPUT, file, f.line, (long)col, -1,
                                "line %ld has more fields than the header's %zu", row_line, cols);
                goto fail;
            }
            if (col == 1 && id_column) {
                const char *v = f.s;
                size_t n = f.n;
                trim(&v, &n);
                char **slot =
                    arena_push(&t->mem, (void **)&t->persons, &n_ids, &cap_ids, sizeof *slot);
                if (!slot || !(*slot = arena_strndup(&t->mem, v, n))) {
                    rc = err_set(e, ASSAY_ENOMEM, "out of memory reading %s", file);
                    goto fail;
                }
            } else {
                float x;
                size_t item = col - 1 - (id_column ? 1 : 0);
                int v = cell_value(f.s, f.n, &x);
                if (v < 0) {
                    const char *cs = f.s;
                    size_t cn = f.n;
                    trim(&cs, &cn);
                    rc = err_set_at(e, ASSAY_EINPUT, file, f.line, (long)col, -1,
                                    "column %zu (item '%s'): '%.*s' is not a score; use 0, 1, a "
                                    "fraction between them, or leave the cell empty",
                                    col, t->items[item], (int)(cn > 40 ? 40 : cn), cs);
                    goto fail;
                }
                if (v > 0) {
                    irt_resp *rp =
                        arena_push(&t->mem, (void **)&t->resp, &t->n_resp, &cap_resp, sizeof *rp);
                    if (!rp) {
                        rc = err_set(e, ASSAY_ENOMEM, "out of memory reading %s", file);
                        goto fail;
                    }
                    *rp = (irt_resp){(uint32_t)item, x};
                }
            }
            if (is_eol(&r))
                break;
            r.p++;
        }
        if (col < cols) {
            rc = err_set_at(e, ASSAY_EINPUT, file, row_line, (long)col, -1,
                            "line %ld has %zu fields, the header %zu", row_line, col, cols);
            goto fail;
        }
        skip_eol(&r);
    }
    if (t->n_persons == 0) {
        rc =
            err_set_at(e, ASSAY_EINPUT, file, r.line, 0, -1, "no rows of answers after the header");
        goto fail;
    }
    size_t *s = arena_push(&t->mem, (void **)&start, &t->n_persons, &cap_persons, sizeof *s);
    if (!s) {
        rc = err_set(e, ASSAY_ENOMEM, "out of memory reading %s", file);
        goto fail;
    }
    *s = t->n_resp;
    t->n_persons--;
    t->start = start;
    t->line = lines;
    free(r.scratch);
    return ASSAY_OK;
fail:
    free(r.scratch);
    resp_table_free(t);
    return rc;
}
