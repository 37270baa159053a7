/*
 * flat — what the question-bank readers (GIFT, Moodle XML, CSV) share: the
 * Markdown path's input checks and normalisation, a builder that files flat
 * questions into the topics and level blocks of a kb_doc, category paths,
 * HTML to text, and the format detection and dispatch (kb_parse_any).
 * See kb/formats.h and docs/formats-import.md.
 */
#include "kb/formats.h"

#include "core/hash.h"
#include "core/u8.h"
#include "kb/pattern.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- formats -------------------------------------------------------------- */

int kb_format_parse(const char *name)
{
    if (!name)
        return -1;
    if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
        return KB_FMT_MD;
    if (strcmp(name, "gift") == 0)
        return KB_FMT_GIFT;
    if (strcmp(name, "moodle-xml") == 0 || strcmp(name, "moodle") == 0 || strcmp(name, "xml") == 0)
        return KB_FMT_MOODLE;
    if (strcmp(name, "csv") == 0)
        return KB_FMT_CSV;
    return -1;
}

const char *kb_format_name(kb_format f)
{
    switch (f) {
    case KB_FMT_GIFT: return "gift";
    case KB_FMT_MOODLE: return "moodle-xml";
    case KB_FMT_CSV: return "csv";
    case KB_FMT_AUTO:
    case KB_FMT_MD: break;
    }
    return "md";
}

static int line_starts(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}

kb_format kb_format_detect(const char *file, const char *data, size_t n)
{
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : file ? file : "";
    const char *dot = strrchr(base, '.');
    if (dot && dot != base) {
        if (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0)
            return KB_FMT_MD;
        if (strcasecmp(dot, ".gift") == 0)
            return KB_FMT_GIFT;
        if (strcasecmp(dot, ".xml") == 0)
            return KB_FMT_MOODLE;
        if (strcasecmp(dot, ".csv") == 0)
            return KB_FMT_CSV;
    }
    size_t i = 0;
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    if (line_starts(data + i, n - i, "<?xml") || line_starts(data + i, n - i, "<quiz"))
        return KB_FMT_MOODLE;
    /* the first line: a CSV header naming question and answer */
    const char *nl = memchr(data + i, '\n', n - i);
    size_t first = nl ? (size_t)(nl - (data + i)) : n - i;
    if (first < 4096 && memchr(data + i, ',', first)) {
        char head[4096];
        size_t w = 0;
        for (size_t k = 0; k < first; k++)
            if (data[i + k] != '"' && data[i + k] != ' ' && data[i + k] != '\r')
                head[w++] = (char)((data[i + k] >= 'A' && data[i + k] <= 'Z') ? data[i + k] + 32
                                                                              : data[i + k]);
        head[w] = '\0';
        int q = 0, a = 0;
        for (char *f = head, *end; f; f = end ? end + 1 : NULL) {
            end = strchr(f, ',');
            size_t fl = end ? (size_t)(end - f) : strlen(f);
            q |= fl == 8 && memcmp(f, "question", 8) == 0;
            a |= fl == 6 && memcmp(f, "answer", 6) == 0;
        }
        if (q && a)
            return KB_FMT_CSV;
    }
    /* GIFT: a line that opens with "$CATEGORY:" or "::name::" */
    for (size_t p = i; p < n;) {
        const char *e = memchr(data + p, '\n', n - p);
        size_t len = e ? (size_t)(e - (data + p)) : n - p;
        if (line_starts(data + p, len, "$CATEGORY:"))
            return KB_FMT_GIFT;
        if (line_starts(data + p, len, "::") && len > 4) {
            const char *close = NULL;
            for (size_t k = 2; k + 1 < len && !close; k++)
                if (data[p + k] == ':' && data[p + k + 1] == ':' && data[p + k - 1] != '\\')
                    close = data + p + k;
            if (close)
                return KB_FMT_GIFT;
        }
        p += len + 1;
    }
    return KB_FMT_MD;
}

assay_code kb_parse_any(const char *file, const char *data, size_t n, const kb_opts *o, kb_format f,
                        kb_doc **out, errinfo *e)
{
    if (f == KB_FMT_AUTO)
        f = kb_format_detect(file, data, n);
    switch (f) {
    case KB_FMT_GIFT: return kb_parse_gift(file, data, n, o, out, e);
    case KB_FMT_MOODLE: return kb_parse_moodle(file, data, n, o, out, e);
    case KB_FMT_CSV: return kb_parse_csv(file, data, n, o, out, e);
    case KB_FMT_AUTO:
    case KB_FMT_MD: break;
    }
    return kb_parse(file, data, n, o, out, e);
}

/* ---- input checks --------------------------------------------------------- */

static void line_col_of(const char *s, size_t off, long *line, long *col)
{
    long l = 1;
    size_t last = 0;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            l++;
            last = i + 1;
        }
    }
    *line = l;
    *col = (long)(off - last) + 1;
}

assay_code kb_flat_begin(kb_flat *f, const char *file, const char *data, size_t n, const kb_opts *o,
                         int normalise, errinfo *e)
{
    memset(f, 0, sizeof *f);
    f->e = e;
    if (o->max_bytes && n > o->max_bytes) {
        err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1, "document is %zu bytes, over the limit of %llu",
                   n, (unsigned long long)o->max_bytes);
        return err_param(e, "max_bytes");
    }
    if (n == 0)
        return err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1, "empty file");
    size_t start = 0;
    if (normalise) {
        const char *nul = memchr(data, '\0', n);
        if (nul) {
            long line, col;
            size_t off = (size_t)(nul - data);
            line_col_of(data, off, &line, &col);
            return err_set_at(e, ASSAY_EINPUT, file, line, col, (long long)off,
                              "binary content: NUL byte; a question bank is UTF-8 text");
        }
        if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
            start = 3;
        size_t bad;
        if (u8_check(data + start, n - start, &bad) != 0) {
            long line, col;
            size_t off = start + bad;
            line_col_of(data, off, &line, &col);
            return err_set_at(e, ASSAY_EINPUT, file, line, col, (long long)off,
                              "invalid UTF-8 (byte 0x%02X)", (unsigned char)data[off]);
        }
        size_t a, b;
        pat_trim(data + start, n - start, &a, &b);
        if (a == b)
            return err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1, "empty file (only white space)");
        char *lf = malloc(n - start + 1);
        if (!lf)
            return err_set(e, ASSAY_ENOMEM, "out of memory reading %s", file);
        size_t m = 0;
        for (size_t i = start; i < n; i++) {
            if (data[i] == '\r') {
                lf[m++] = '\n';
                if (i + 1 < n && data[i + 1] == '\n')
                    i++;
            } else {
                lf[m++] = data[i];
            }
        }
        lf[m] = '\0';
        f->text = lf;
        f->len = m;
        if (!u8_is_nfc_quick(lf, m)) {
            size_t nl;
            char *nfc = u8_nfc(lf, m, &nl);
            free(lf);
            f->text = nfc;
            f->len = nl;
            if (!nfc)
                return err_set(e, ASSAY_ENOMEM, "out of memory normalising %s", file);
        }
    }
    kb_doc *d = calloc(1, sizeof *d);
    if (!d) {
        free(f->text);
        f->text = NULL;
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    arena_init(&d->mem, 0);
    f->d = d;
    char *shown = u8_lossy(file, strlen(file));
    d->file = shown ? arena_strdup(&d->mem, shown) : NULL;
    free(shown);
    const char *raw_name = o->kb_name ? o->kb_name : kb_name_from_path(&d->mem, file);
    size_t bad_at;
    if (raw_name && (!raw_name[0] || u8_check(raw_name, strlen(raw_name), &bad_at) != 0)) {
        kb_flat_abort(f);
        if (o->kb_name) {
            err_set(e, ASSAY_EUSAGE, "a knowledge-base name must be non-empty UTF-8");
            return err_param(e, "kb_name");
        }
        err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1,
                   "the file name is not UTF-8 text; name the knowledge base");
        return err_param(e, "kb_name");
    }
    if (raw_name) {
        char *nfc_name = u8_nfc(raw_name, strlen(raw_name), NULL);
        d->kb_name = nfc_name ? arena_strdup(&d->mem, nfc_name) : NULL;
        free(nfc_name);
    }
    d->title = "";
    d->bytes = n;
    hash_sha256_hex(data, n, d->hash);
    f->default_topic = d->kb_name;
    if (!d->file || !d->kb_name) {
        kb_flat_abort(f);
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    return ASSAY_OK;
}

static void flat_free(kb_flat *f)
{
    free(f->text);
    free(f->slots);
    free(f->blocks);
    f->text = NULL;
    f->slots = NULL;
    f->blocks = NULL;
}

void kb_flat_abort(kb_flat *f)
{
    flat_free(f);
    kb_doc_free(f->d);
    f->d = NULL;
}

assay_code kb_flat_end(kb_flat *f, kb_doc **out)
{
    *out = NULL;
    kb_doc *d = f->d;
    if (f->oom) {
        kb_flat_abort(f);
        return err_set(f->e, ASSAY_ENOMEM, "out of memory reading a question bank");
    }
    if (d->n_items == 0) {
        long l = d->n_warnings ? d->warnings[0].line : 0;
        assay_code rc = err_set_at(f->e, ASSAY_EINPUT, d->file, l, 0, -1,
                                   f->skipped ? "%zu question(s) but none assay can keep: nothing "
                                                "to import (see the warnings)"
                                              : "no questions: nothing to import",
                                   f->skipped);
        kb_flat_abort(f);
        return rc;
    }
    flat_free(f);
    *out = d;
    f->d = NULL;
    return ASSAY_OK;
}

/* ---- strings and warnings ------------------------------------------------- */

char *kb_flat_str(kb_flat *f, const char *s, size_t n)
{
    size_t a, b;
    pat_trim(s, n, &a, &b);
    char *r;
    if (u8_is_nfc_quick(s + a, b - a)) {
        r = arena_strndup(&f->d->mem, s + a, b - a);
    } else {
        size_t nl;
        char *nfc = u8_nfc(s + a, b - a, &nl);
        r = nfc ? arena_strndup(&f->d->mem, nfc, nl) : NULL;
        free(nfc);
    }
    if (!r)
        f->oom = 1;
    return r;
}

int kb_flat_push(kb_flat *f, kb_strv *v, const char *s, size_t n)
{
    char *c = kb_flat_str(f, s, n);
    const char **slot =
        c ? arena_push(&f->d->mem, (void **)&v->v, &v->n, &v->cap, sizeof *v->v) : NULL;
    if (!slot) {
        f->oom = 1;
        return -1;
    }
    *slot = c;
    return 0;
}

void kb_flat_warn(kb_flat *f, long line, const char *fmt, ...)
{
    kb_doc *d = f->d;
    kb_warning *w =
        arena_push(&d->mem, (void **)&d->warnings, &d->n_warnings, &d->cap_warnings, sizeof *w);
    va_list ap;
    va_start(ap, fmt);
    char *m = w ? arena_vprintf(&d->mem, fmt, ap) : NULL;
    va_end(ap);
    if (!w || !m) {
        f->oom = 1;
        return;
    }
    w->line = line;
    w->message = m;
}

/* ---- categories ------------------------------------------------------------ */

/* s[0..n) with "//" (a slash in a category name) as "/", kb_flat_str'd. */
static char *unslash(kb_flat *f, const char *s, size_t n)
{
    buf t;
    buf_init(&t, n + 1);
    for (size_t k = 0; k < n; k++) {
        if (buf_addc(&t, s[k]) != 0)
            f->oom = 1;
        if (s[k] == '/' && k + 1 < n && s[k + 1] == '/')
            k++;
    }
    char *r = kb_flat_str(f, buf_str(&t), t.len);
    buf_free(&t);
    return r;
}

void kb_flat_category(kb_flat *f, const char *path, size_t n, kb_cat *out)
{
    out->topic = NULL;
    out->level = 0;
    out->label = "";
    /* the last two meaningful segments */
    const char *seg[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    size_t i = 0;
    while (i <= n) {
        size_t s = i;
        /* a '/' inside brackets is part of the name too ("Level 4 (아키텍트/CTO)"),
         * for writers that do not double it */
        int depth = 0;
        while (i < n && !(path[i] == '/' && depth == 0 && !(i + 1 < n && path[i + 1] == '/'))) {
            depth += path[i] == '(' ? 1 : path[i] == ')' && depth > 0 ? -1 : 0;
            i += path[i] == '/' && depth == 0 ? 2 : 1;
        }
        size_t a, b;
        pat_trim(path + s, i - s, &a, &b);
        const char *p = path + s + a;
        size_t l = b - a;
        int drop = l == 0 || (l >= 2 && p[0] == '$' && p[l - 1] == '$') ||
                   (l == 3 && memcmp(p, "top", 3) == 0);
        if (!drop) {
            seg[0] = seg[1];
            len[0] = len[1];
            seg[1] = p;
            len[1] = l;
        }
        i++;
    }
    if (!seg[1])
        return;
    int level = 0;
    size_t lo = 0, ll = 0;
    const char *topic = seg[1];
    size_t tl = len[1];
    if (pat_level_marker(seg[1], len[1], &level, &lo, &ll) && level >= 1 && level <= 9) {
        out->level = level;
        if (ll) {
            char *lab = unslash(f, seg[1] + lo, ll);
            out->label = lab ? lab : "";
        }
        topic = seg[0];
        tl = len[0];
    }
    if (topic)
        out->topic = unslash(f, topic, tl);
}

/* ---- the builder ------------------------------------------------------------ */

static uint64_t key_hash(const char *k)
{
    uint64_t h = 1469598103934665603ull;
    for (; *k; k++) {
        h ^= (unsigned char)*k;
        h *= 1099511628211ull;
    }
    return h;
}

/* The topic with this title, added when new; -1 when out of memory. */
static long flat_topic(kb_flat *f, const char *title, long line)
{
    kb_doc *d = f->d;
    int number = 0;
    size_t rest = 0;
    size_t tn = strlen(title);
    if (!pat_topic_number(title, tn, &number, &rest) || rest >= tn)
        number = 0, rest = 0;
    size_t kl;
    char *key = u8_fold(title + rest, tn - rest, &kl);
    if (!key)
        return -1;
    if (d->n_topics * 2 + 2 > f->n_slots) {
        size_t ns = f->n_slots ? f->n_slots * 2 : 64;
        long *s = malloc(ns * sizeof *s);
        if (!s) {
            free(key);
            return -1;
        }
        for (size_t k = 0; k < ns; k++)
            s[k] = -1;
        for (size_t t = 0; t < d->n_topics; t++) {
            size_t h = (size_t)(key_hash(d->topics[t].key) & (ns - 1));
            while (s[h] >= 0)
                h = (h + 1) & (ns - 1);
            s[h] = (long)t;
        }
        free(f->slots);
        f->slots = s;
        f->n_slots = ns;
    }
    size_t h = (size_t)(key_hash(key) & (f->n_slots - 1));
    while (f->slots[h] >= 0) {
        if (strcmp(d->topics[f->slots[h]].key, key) == 0) {
            free(key);
            return f->slots[h];
        }
        h = (h + 1) & (f->n_slots - 1);
    }
    kb_topic *t = arena_push(&d->mem, (void **)&d->topics, &d->n_topics, &d->cap_topics, sizeof *t);
    if (!t) {
        free(key);
        return -1;
    }
    t->number = number;
    t->title = arena_strdup(&d->mem, title + rest);
    t->key = arena_strndup(&d->mem, key, kl);
    t->concept = "";
    t->line = line;
    free(key);
    if (!t->title || !t->key)
        return -1;
    if (d->n_topics > f->cap_blocks) {
        size_t nc = f->cap_blocks ? f->cap_blocks * 2 : 16;
        long(*nb)[10] = realloc(f->blocks, nc * sizeof *nb);
        if (!nb)
            return -1;
        f->blocks = nb;
        f->cap_blocks = nc;
    }
    for (int l = 0; l < 10; l++)
        f->blocks[d->n_topics - 1][l] = -1;
    f->slots[h] = (long)(d->n_topics - 1);
    return (long)(d->n_topics - 1);
}

int kb_flat_item(kb_flat *f, const char *topic, int level, const char *label, kb_kind kind,
                 const char *q, const char *a, const kb_strv *distractors, const char *detail,
                 long line)
{
    kb_doc *d = f->d;
    if (f->oom || !q || !a)
        return f->oom = 1, -1;
    long t = flat_topic(f, topic && topic[0] ? topic : f->default_topic, line);
    if (t < 0)
        return f->oom = 1, -1;
    long block = -1;
    if (level >= 1 && level <= 9) {
        block = f->blocks[t][level];
        if (block < 0) {
            kb_block *b =
                arena_push(&d->mem, (void **)&d->blocks, &d->n_blocks, &d->cap_blocks, sizeof *b);
            if (!b)
                return f->oom = 1, -1;
            b->topic = (size_t)t;
            b->level = level;
            b->label = label ? label : "";
            b->line = line;
            block = (long)(d->n_blocks - 1);
            f->blocks[t][level] = block;
            d->topics[t].n_blocks++;
        } else if (label && label[0] && !d->blocks[block].label[0]) {
            d->blocks[block].label = label;
        }
    } else {
        level = 0;
    }
    kb_item *it = arena_push(&d->mem, (void **)&d->items, &d->n_items, &d->cap_items, sizeof *it);
    if (!it)
        return f->oom = 1, -1;
    it->kind = kind;
    it->topic = (size_t)t;
    it->block = block;
    it->level = level;
    it->question = q;
    it->answer = a;
    it->line = line;
    it->detail = detail;
    for (size_t k = 0; distractors && k < distractors->n; k++) {
        const char **slot = arena_push(&d->mem, (void **)&it->distractors.v, &it->distractors.n,
                                       &it->distractors.cap, sizeof *slot);
        if (!slot)
            return f->oom = 1, -1;
        *slot = distractors->v[k];
    }
    d->topics[t].n_items++;
    d->questions_seen++;
    return 0;
}

/* ---- HTML to text ------------------------------------------------------------ */

static int put_cp(buf *out, unsigned long cp)
{
    char u[4];
    size_t k;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        k = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    return buf_add(out, u, k);
}

static int newline(buf *out)
{
    if (out->len == 0 || out->p[out->len - 1] == '\n')
        return 0;
    return buf_addc(out, '\n');
}

int kb_flat_html(buf *out, const char *s, size_t n)
{
    static const char *const blocks[] = {"p",  "div", "li", "tr", "h1",  "h2",    "h3",        "h4",
                                         "h5", "h6",  "ul", "ol", "pre", "table", "blockquote"};
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '<') {
            const char *gt = memchr(s + i, '>', n - i);
            if (!gt) {
                if (buf_add(out, s + i, n - i) != 0)
                    return -1;
                break;
            }
            size_t k = i + 1;
            if (k < n && s[k] == '/')
                k++;
            size_t ns = k;
            while (k < (size_t)(gt - s) &&
                   ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                    (s[k] >= '0' && s[k] <= '9')))
                k++;
            size_t nl = k - ns;
            char name[16];
            if (nl > 0 && nl < sizeof name) {
                for (size_t x = 0; x < nl; x++)
                    name[x] =
                        (char)((s[ns + x] >= 'A' && s[ns + x] <= 'Z') ? s[ns + x] + 32 : s[ns + x]);
                name[nl] = '\0';
                if (strcmp(name, "br") == 0) {
                    if (buf_addc(out, '\n') != 0)
                        return -1;
                } else {
                    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
                        if (strcmp(name, blocks[b]) == 0 && newline(out) != 0)
                            return -1;
                }
            }
            i = (size_t)(gt - s) + 1;
            continue;
        }
        if (c == '&') {
            const char *semi = memchr(s + i, ';', n - i < 12 ? n - i : 12);
            if (semi) {
                size_t el = (size_t)(semi - (s + i)) - 1;
                const char *en = s + i + 1;
                static const struct {
                    const char *name;
                    unsigned long cp;
                } ents[] = {{"lt", '<'},   {"gt", '>'},    {"amp", '&'},
                            {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '}};
                int done = 0;
                for (size_t x = 0; x < sizeof ents / sizeof ents[0] && !done; x++)
                    if (strlen(ents[x].name) == el && memcmp(en, ents[x].name, el) == 0) {
                        if (put_cp(out, ents[x].cp) != 0)
                            return -1;
                        done = 1;
                    }
                if (!done && el >= 2 && en[0] == '#') {
                    int hex = en[1] == 'x' || en[1] == 'X';
                    unsigned long cp = 0;
                    int ok = el > (size_t)(1 + hex);
                    for (size_t x = 1 + (size_t)hex; x < el && ok; x++) {
                        char d = en[x];
                        int v = d >= '0' && d <= '9'          ? d - '0'
                                : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                                : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                              : -1;
                        ok = v >= 0 && cp < 0x110000;
                        cp = cp * (hex ? 16u : 10u) + (unsigned long)(v >= 0 ? v : 0);
                    }
                    if (ok) {
                        if (put_cp(out, cp) != 0)
                            return -1;
                        done = 1;
                    }
                }
                if (done) {
                    i = (size_t)(semi - s) + 1;
                    continue;
                }
            }
        }
        if (buf_addc(out, c) != 0)
            return -1;
        i++;
    }
    return 0;
}
