/*
 * gift — Moodle's GIFT format into the knowledge model (REFERENCES.md §5).
 *
 * Questions are separated by blank lines; "//" lines are comments;
 * "$CATEGORY: path" switches the topic (and level) of what follows. Each
 * question: an optional "::name::", an optional [html]/[moodle]/[plain]/
 * [markdown], the text and one answer block "{...}" (text after it makes a
 * missing-word question: the block's place becomes "_____"). The block's
 * type: "~" answers multiple choice (the best weighted is the key, the
 * others with weight <= 0 its authored distractors), only "=" short answer
 * (the first is the answer, the others accepted spellings), "=a -> b"
 * matching (the pairs, one a line, are the answer), T/F true/false, "#"
 * numerical, "{}" essay (the general feedback "####..." is the answer).
 * Escapes \~ \= \# \{ \} \: \\ and \n are undone. Errors name file:line;
 * the whole file is refused on the first one.
 */
#include "kb/formats.h"

#include "core/buf.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NONE ((size_t)-1)

typedef struct gift {
    kb_flat *f;
    const char *file;
    buf rec;    /* one question's lines, comments left out */
    long *lmap; /* the source line of each line of rec: pairs (offset, line) */
    size_t n_lmap, cap_lmap;
    kb_cat cat;
    buf tmp;
    int failed;
} gift;

static long line_at(const gift *g, size_t off)
{
    size_t lo = 0, hi = g->n_lmap;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if ((size_t)g->lmap[2 * mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return g->n_lmap ? g->lmap[2 * lo + 1] : 0;
}

static void fail(gift *g, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(gift *g, size_t off, const char *fmt, ...)
{
    if (g->failed)
        return;
    g->failed = 1;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set_at(g->f->e, ASSAY_EINPUT, g->file, line_at(g, off), 0, -1, "%s", msg);
}

/* The first unescaped c in r[from, to), or NONE. */
static size_t find(const char *r, size_t from, size_t to, char c)
{
    for (size_t i = from; i < to; i++) {
        if (r[i] == '\\') {
            i++;
            continue;
        }
        if (r[i] == c)
            return i;
    }
    return NONE;
}

/* The first unescaped two-byte s in r[from, to), or NONE. */
static size_t find2(const char *r, size_t from, size_t to, const char *s)
{
    for (size_t i = from; i + 1 < to; i++) {
        if (r[i] == '\\') {
            i++;
            continue;
        }
        if (r[i] == s[0] && r[i + 1] == s[1])
            return i;
    }
    return NONE;
}

static size_t skip_ws(const char *r, size_t i, size_t to)
{
    while (i < to && (r[i] == ' ' || r[i] == '\t' || r[i] == '\n'))
        i++;
    return i;
}

/* r[a, b) with GIFT's escapes undone (and HTML to text when html), trimmed
 * and in NFC, in the document's arena. */
static char *text_of(gift *g, const char *r, size_t a, size_t b, int html)
{
    buf *t = &g->tmp;
    buf_reset(t);
    int bad = 0;
    for (size_t i = a; i < b && !bad; i++) {
        if (r[i] == '\\' && i + 1 < b) {
            char c = r[++i];
            if (strchr("~=#{}:\\", c))
                bad = buf_addc(t, c);
            else if (c == 'n')
                bad = buf_addc(t, '\n');
            else
                bad = buf_addc(t, '\\') || buf_addc(t, c);
        } else {
            bad = buf_addc(t, r[i]);
        }
    }
    if (bad) {
        g->f->oom = 1;
        return NULL;
    }
    if (html) {
        buf h;
        buf_init(&h, t->max);
        if (kb_flat_html(&h, t->p ? t->p : "", t->len) != 0) {
            buf_free(&h);
            g->f->oom = 1;
            return NULL;
        }
        char *s = kb_flat_str(g->f, buf_str(&h), h.len);
        buf_free(&h);
        return s;
    }
    return kb_flat_str(g->f, buf_str(t), t->len);
}

/* One answer of a block: marker, weight, text without its feedback. */
typedef struct ans {
    char mark;
    double weight;
    int has_weight;
    size_t a, b; /* the text, feedback cut */
    size_t off;
} ans;

static int has_hangul(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((p[0] == 0xEA && p[1] >= 0xB0) || (p[0] >= 0xEB && p[0] <= 0xEC) ||
            (p[0] == 0xED && p[1] <= 0x9E))
            return 1;
    return 0;
}

static int parse_weight(gift *g, const char *r, ans *x)
{
    if (x->a >= x->b || r[x->a] != '%')
        return 0;
    size_t close = find(r, x->a + 1, x->b, '%');
    if (close == NONE) {
        fail(g, x->a, "a weight opened with '%%' is not closed");
        return -1;
    }
    char num[32];
    size_t l = close - x->a - 1;
    if (l == 0 || l >= sizeof num) {
        fail(g, x->a, "a weight must be a percentage such as %%50%%");
        return -1;
    }
    memcpy(num, r + x->a + 1, l);
    num[l] = '\0';
    char *end;
    double w = strtod(num, &end);
    if (*end != '\0' || w < -100 || w > 100) {
        fail(g, x->a, "weight %%%s%% is not a percentage between -100 and 100", num);
        return -1;
    }
    x->weight = w;
    x->has_weight = 1;
    x->a = close + 1;
    return 0;
}

/* Splits r[a, b) into answers at unescaped '=' and '~'; their count, or -1. */
static long split_answers(gift *g, const char *r, size_t a, size_t b, ans *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = a; i < b;) {
        size_t next = b;
        for (size_t k = i + 1; k < b; k++) {
            if (r[k] == '\\') {
                k++;
                continue;
            }
            if (r[k] == '=' || r[k] == '~') {
                next = k;
                break;
            }
        }
        if (n == cap) {
            fail(g, i, "more than 256 answers in one block");
            return -1;
        }
        ans *x = &out[n++];
        memset(x, 0, sizeof *x);
        x->mark = r[i];
        x->off = i;
        x->a = i + 1;
        size_t fb = find(r, x->a, next, '#');
        x->b = fb == NONE ? next : fb;
        x->weight = x->mark == '=' ? 100 : 0;
        if (parse_weight(g, r, x) != 0)
            return -1;
        i = next;
    }
    return (long)n;
}

static void add(gift *g, const char *q, const char *a, const kb_strv *dis, const char *detail,
                long line)
{
    kb_flat_item(g->f, g->cat.topic, g->cat.level, g->cat.label, KB_LEVEL_QA, q, a, dis, detail,
                 line);
}

/* The answer block r[bs, be) of the question with text q (line ql). */
static void block(gift *g, const char *r, size_t bs, size_t be, const char *q, long ql, int html)
{
    kb_flat *f = g->f;
    /* general feedback */
    size_t gf = NONE;
    for (size_t i = bs; i + 3 < be; i++) {
        if (r[i] == '\\') {
            i++;
            continue;
        }
        if (memcmp(r + i, "####", 4) == 0) {
            gf = i;
            break;
        }
    }
    size_t end = gf == NONE ? be : gf;
    size_t a = skip_ws(r, bs, end);
    size_t b = end;
    while (b > a && (r[b - 1] == ' ' || r[b - 1] == '\t' || r[b - 1] == '\n'))
        b--;
    if (a == b) { /* essay: the general feedback is the reference answer */
        char *ref = gf == NONE ? NULL : text_of(g, r, gf + 4, be, html);
        if (!ref || !ref[0]) {
            kb_flat_warn(f, ql,
                         "an essay question without general feedback (####...) has no "
                         "reference answer: skipped");
            f->skipped++;
            return;
        }
        add(g, q, ref, NULL, NULL, ql);
        return;
    }
    char c = r[a];
    if (c == '#') { /* numerical: the best weighted value */
        a++;
        ans v[256];
        long n;
        if (a < b && r[a] == '=') {
            n = split_answers(g, r, a, b, v, 256);
        } else {
            memset(v, 0, sizeof v[0]);
            v[0].a = a;
            size_t fb = find(r, a, b, '#');
            v[0].b = fb == NONE ? b : fb;
            v[0].weight = 100;
            n = 1;
        }
        if (n <= 0)
            return;
        size_t best = 0;
        for (size_t k = 1; k < (size_t)n; k++)
            if (v[k].weight > v[best].weight)
                best = k;
        size_t vb = find(r, v[best].a, v[best].b, ':');
        char *val = text_of(g, r, v[best].a, vb == NONE ? v[best].b : vb, 0);
        if (!val)
            return;
        char *endp;
        (void)strtod(val, &endp);
        if (!val[0] || (*endp && strncmp(endp, "..", 2) != 0)) {
            fail(g, v[best].a, "a numerical answer must be a number, not '%s'", val);
            return;
        }
        add(g, q, val, NULL, NULL, ql);
        return;
    }
    if (c != '=' && c != '~') {
        size_t tf_end = find(r, a, b, '#');
        char *word = text_of(g, r, a, tf_end == NONE ? b : tf_end, 0);
        if (!word)
            return;
        int truth = strcasecmp(word, "T") == 0 || strcasecmp(word, "TRUE") == 0;
        int falsity = strcasecmp(word, "F") == 0 || strcasecmp(word, "FALSE") == 0;
        if (!truth && !falsity) {
            fail(g, a,
                 "unknown question type: the answer block holds '%s'; expected ~ or = answers, "
                 "T or F, # (numerical) or nothing (essay)",
                 word);
            return;
        }
        int ko = has_hangul(q);
        add(g, q, truth ? (ko ? "참" : "True") : (ko ? "거짓" : "False"), NULL, NULL, ql);
        return;
    }
    ans *v = malloc(256 * sizeof *v);
    if (!v) {
        f->oom = 1;
        return;
    }
    long n = split_answers(g, r, a, b, v, 256);
    if (n <= 0) {
        free(v);
        return;
    }
    int tilde = 0, arrows = 0;
    for (long k = 0; k < n; k++) {
        tilde |= v[k].mark == '~';
        arrows += find2(r, v[k].a, v[k].b, "->") != NONE;
    }
    if (arrows) { /* matching */
        if (tilde || arrows != n) {
            fail(g, v[0].off, "a matching question's answers are all '=left -> right'");
            free(v);
            return;
        }
        buf pairs;
        buf_init(&pairs, (size_t)1 << 24);
        int bad = 0;
        for (long k = 0; k < n && !bad && !g->failed; k++) {
            size_t arrow = find2(r, v[k].a, v[k].b, "->");
            char *l = text_of(g, r, v[k].a, arrow, html);
            char *rt = text_of(g, r, arrow + 2, v[k].b, html);
            if (!l || !rt)
                break;
            if (!rt[0]) {
                fail(g, v[k].off, "a matching pair without its right side");
                break;
            }
            if (!l[0]) /* a distractor on the right only: nothing to pair */
                continue;
            bad = (pairs.len && buf_addc(&pairs, '\n')) || buf_adds(&pairs, l) ||
                  buf_adds(&pairs, " → ") || buf_adds(&pairs, rt);
        }
        if (bad)
            f->oom = 1;
        if (!g->failed && !f->oom) {
            char *ansr = kb_flat_str(f, buf_str(&pairs), pairs.len);
            if (ansr && ansr[0])
                add(g, q, ansr, NULL, NULL, ql);
            else if (ansr)
                fail(g, v[0].off, "a matching question without pairs");
        }
        buf_free(&pairs);
        free(v);
        return;
    }
    /* multiple choice or short answer: the best weighted answer is the key */
    size_t best = NONE;
    for (long k = 0; k < n; k++) {
        if (best == NONE || v[k].weight > v[best].weight)
            best = (size_t)k;
    }
    if (v[best].weight <= 0) {
        fail(g, v[0].off, "no correct answer: mark one with '=' or a positive weight");
        free(v);
        return;
    }
    char *key = text_of(g, r, v[best].a, v[best].b, html);
    if (!key) {
        free(v);
        return;
    }
    if (!key[0]) {
        fail(g, v[best].off, "an empty answer");
        free(v);
        return;
    }
    kb_strv dis = {0};
    json_t *accept = tilde ? NULL : json_array();
    size_t partial = 0;
    for (long k = 0; k < n && !g->failed; k++) {
        if ((size_t)k == best)
            continue;
        char *t = text_of(g, r, v[k].a, v[k].b, html);
        if (!t)
            break;
        if (!t[0]) {
            fail(g, v[k].off, "an empty answer");
            break;
        }
        if (!tilde) {
            if (v[k].weight > 0 && json_array_append_new(accept, json_string(t)) != 0)
                f->oom = 1;
        } else if (v[k].weight <= 0) {
            if (kb_flat_push(f, &dis, t, strlen(t)) != 0)
                break;
        } else {
            partial++;
        }
    }
    free(v);
    if (g->failed || f->oom) {
        json_decref(accept);
        return;
    }
    if (partial)
        kb_flat_warn(f, ql, "%zu partly correct option(s) besides the key are not kept", partial);
    const char *detail = NULL;
    if (accept && json_array_size(accept)) {
        json_t *o = json_pack("{s:O}", "accept", accept);
        char *js = o ? json_dumps(o, JSON_COMPACT) : NULL;
        detail = js ? arena_strdup(&f->d->mem, js) : NULL;
        free(js);
        json_decref(o);
        if (!detail)
            f->oom = 1;
    }
    json_decref(accept);
    add(g, q, key, &dis, detail, ql);
}

/* One question (or category) in g->rec. */
static void record(gift *g)
{
    kb_flat *f = g->f;
    const char *r = buf_str(&g->rec);
    size_t n = g->rec.len;
    size_t i = skip_ws(r, 0, n);
    if (i >= n)
        return;
    if (n - i >= 10 && memcmp(r + i, "$CATEGORY:", 10) == 0) {
        const char *nl = memchr(r + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - r) : n;
        kb_flat_category(f, r + i + 10, e - i - 10, &g->cat);
        i = skip_ws(r, e, n);
        if (i >= n)
            return;
    }
    long ql = line_at(g, i);
    if (n - i >= 2 && r[i] == ':' && r[i + 1] == ':') {
        size_t close = find2(r, i + 2, n, "::");
        if (close == NONE) {
            fail(g, i, "a question name opened with '::' is not closed with '::'");
            return;
        }
        i = skip_ws(r, close + 2, n);
    }
    int html = 0;
    static const char *const fmts[] = {"[html]", "[moodle]", "[plain]", "[markdown]"};
    for (size_t k = 0; k < 4; k++) {
        size_t l = strlen(fmts[k]);
        if (n - i >= l && memcmp(r + i, fmts[k], l) == 0) {
            html = k == 0;
            i += l;
            break;
        }
    }
    size_t open = find(r, i, n, '{');
    size_t stray = find(r, i, open == NONE ? n : open, '}');
    if (stray != NONE) {
        fail(g, stray, "a '}' that closes nothing (escape it as \\})");
        return;
    }
    if (open == NONE) {
        kb_flat_warn(f, ql, "no answer block {...}: a description, skipped");
        f->skipped++;
        return;
    }
    size_t close = NONE;
    for (size_t k = open + 1; k < n; k++) {
        if (r[k] == '\\') {
            k++;
            continue;
        }
        if (r[k] == '{') {
            fail(g, k, "a '{' inside an answer block (escape it as \\{)");
            return;
        }
        if (r[k] == '}') {
            close = k;
            break;
        }
    }
    if (close == NONE) {
        fail(g, open,
             "unterminated '{' (opened at line %ld): close the answer block with '}' before the "
             "blank line that ends the question",
             line_at(g, open));
        return;
    }
    size_t after = skip_ws(r, close + 1, n);
    if (after < n) {
        size_t o2 = find(r, after, n, '{'), c2 = find(r, after, n, '}');
        if (o2 != NONE || c2 != NONE) {
            fail(g, o2 != NONE ? o2 : c2, "one answer block per question");
            return;
        }
    }
    char *pre = text_of(g, r, i, open, html);
    char *post = after < n ? text_of(g, r, after, n, html) : NULL;
    if (!pre || (after < n && !post))
        return;
    const char *q = pre;
    if (post && post[0]) {
        q = arena_printf(&f->d->mem, "%s%s_____ %s", pre, pre[0] ? " " : "", post);
        if (!q) {
            f->oom = 1;
            return;
        }
    }
    if (!q[0]) {
        fail(g, open, "a question without text");
        return;
    }
    block(g, r, open + 1, close, q, ql, html);
}

static int lmap_add(gift *g, size_t off, long line)
{
    if (g->n_lmap == g->cap_lmap) {
        size_t nc = g->cap_lmap ? g->cap_lmap * 2 : 32;
        long *p = realloc(g->lmap, nc * 2 * sizeof *p);
        if (!p)
            return -1;
        g->lmap = p;
        g->cap_lmap = nc;
    }
    g->lmap[2 * g->n_lmap] = (long)off;
    g->lmap[2 * g->n_lmap + 1] = line;
    g->n_lmap++;
    return 0;
}

assay_code kb_parse_gift(const char *file, const char *data, size_t n, const kb_opts *o,
                         kb_doc **out, errinfo *e)
{
    *out = NULL;
    kb_flat f;
    assay_code rc = kb_flat_begin(&f, file, data, n, o, 1, e);
    if (rc != ASSAY_OK)
        return rc;
    gift g;
    memset(&g, 0, sizeof g);
    g.f = &f;
    g.file = f.d->file;
    buf_init(&g.rec, f.len + 16);
    buf_init(&g.tmp, f.len * 2 + 16);
    const char *s = f.text;
    long line = 1;
    for (size_t i = 0; i <= f.len && !g.failed && !f.oom; line++) {
        const char *nl = i < f.len ? memchr(s + i, '\n', f.len - i) : NULL;
        size_t end = nl ? (size_t)(nl - s) : f.len;
        size_t k = i;
        while (k < end && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k == end) { /* a blank line ends the question */
            record(&g);
            buf_reset(&g.rec);
            g.n_lmap = 0;
        } else if (!(end - k >= 2 && s[k] == '/' && s[k + 1] == '/')) {
            if (lmap_add(&g, g.rec.len, line) != 0 || buf_add(&g.rec, s + i, end - i) != 0 ||
                buf_addc(&g.rec, '\n') != 0)
                f.oom = 1;
        }
        if (!nl)
            break;
        i = end + 1;
    }
    if (!g.failed && !f.oom && g.rec.len)
        record(&g);
    buf_free(&g.rec);
    buf_free(&g.tmp);
    free(g.lmap);
    if (g.failed) {
        kb_flat_abort(&f);
        return ASSAY_EINPUT;
    }
    return kb_flat_end(&f, out);
}
