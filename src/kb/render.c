#include "render.h"

#include "kb/pattern.h"

#include <cmark-gfm-core-extensions.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The node after nd in a walk of block's subtree in document order (children
 * first), or NULL at its end: what cmark_iter's enter events give, without
 * an iterator to allocate for every block. */
static cmark_node *next_in(cmark_node *block, cmark_node *nd)
{
    cmark_node *c = cmark_node_first_child(nd);
    if (c)
        return c;
    while (nd != block && !cmark_node_next(nd))
        nd = cmark_node_parent(nd);
    return nd == block ? NULL : cmark_node_next(nd);
}

/* The node after nd's subtree in a walk of block's subtree, or NULL. */
static cmark_node *skip_in(cmark_node *block, cmark_node *nd)
{
    while (nd != block && !cmark_node_next(nd))
        nd = cmark_node_parent(nd);
    return nd == block ? NULL : cmark_node_next(nd);
}

/* An image or a link as Markdown into out: "![alt](src)", "[text](url)"; the
 * text is its descendants' (code spans with backticks, breaks as spaces, ']'
 * escaped), an address with a space or a parenthesis in <…>. */
static int md_link(cmark_node *nd, buf *out)
{
    int rc = 0;
    const char *url = cmark_node_get_url(nd);
    if (!url)
        url = "";
    rc |= buf_adds(out, cmark_node_get_type(nd) == CMARK_NODE_IMAGE ? "![" : "[");
    for (cmark_node *c = cmark_node_first_child(nd); c; c = next_in(nd, c)) {
        const char *lit = cmark_node_get_literal(c);
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            rc |= buf_addc(out, ' ');
        } else if ((t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) && lit) {
            if (t == CMARK_NODE_CODE)
                rc |= buf_addc(out, '`');
            for (const char *p = lit; *p; p++) {
                if ((*p == ']' || *p == '[') && t == CMARK_NODE_TEXT)
                    rc |= buf_addc(out, '\\');
                rc |= buf_addc(out, *p);
            }
            if (t == CMARK_NODE_CODE)
                rc |= buf_addc(out, '`');
        }
    }
    int wrap = strpbrk(url, " ()<>") != NULL;
    rc |= buf_adds(out, wrap ? "](<" : "](");
    rc |= buf_adds(out, url);
    rc |= buf_adds(out, wrap ? ">)" : ")");
    return rc;
}

int render_events(cmark_node *block, const render_sink *sink)
{
    long line = cmark_node_get_start_line(block);
    int rc = 0;
    buf code;
    buf_init(&code, (size_t)1 << 30);
    for (cmark_node *nd = cmark_node_first_child(block); nd;) {
        int l = cmark_node_get_start_line(nd);
        if (l > 0)
            line = l;
        const char *lit;
        cmark_node_type ty = cmark_node_get_type(nd);
        if (sink->md && (ty == CMARK_NODE_IMAGE || ty == CMARK_NODE_LINK)) {
            const char *url = cmark_node_get_url(nd);
            if (url && url[0] && url[0] != '#') {
                buf_reset(&code);
                rc |= md_link(nd, &code);
                if (rc == 0 && sink->text)
                    sink->text(sink->ud, code.p, code.len, line);
                if (rc)
                    break;
                nd = skip_in(block, nd);
                continue;
            }
        }
        switch (ty) {
        case CMARK_NODE_TEXT:
            lit = cmark_node_get_literal(nd);
            if (lit && sink->text)
                sink->text(sink->ud, lit, strlen(lit), line);
            break;
        case CMARK_NODE_CODE: {
            lit = cmark_node_get_literal(nd);
            if (!lit)
                break;
            /* fence with one more backtick than the longest run inside */
            size_t run = 0, longest = 0;
            for (const char *p = lit; *p; p++) {
                run = *p == '`' ? run + 1 : 0;
                if (run > longest)
                    longest = run;
            }
            buf_reset(&code);
            int pad = lit[0] == '`' || (lit[0] && lit[strlen(lit) - 1] == '`');
            for (size_t k = 0; k <= longest; k++)
                rc |= buf_addc(&code, '`');
            if (pad)
                rc |= buf_addc(&code, ' ');
            rc |= buf_adds(&code, lit);
            if (pad)
                rc |= buf_addc(&code, ' ');
            for (size_t k = 0; k <= longest; k++)
                rc |= buf_addc(&code, '`');
            if (rc == 0 && sink->text)
                sink->text(sink->ud, code.p, code.len, line);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            line++;
            if (sink->brk)
                sink->brk(sink->ud, line);
            break;
        case CMARK_NODE_HTML_INLINE:
            lit = cmark_node_get_literal(nd);
            if (lit && sink->html)
                sink->html(sink->ud, lit, strlen(lit), line);
            break;
        default: break;
        }
        if (rc)
            break;
        nd = next_in(block, nd);
    }
    buf_free(&code);
    return rc ? -1 : 0;
}

void rtext_init(rtext *r, size_t max)
{
    buf_init(&r->text, max);
    r->lines = NULL;
    r->n = r->cap = 0;
    r->has_details_tag = 0;
}

void rtext_free(rtext *r)
{
    buf_free(&r->text);
    free(r->lines);
    r->lines = NULL;
    r->n = r->cap = 0;
}

typedef struct lines_state {
    rtext *r;
    int open; /* a line is being written */
    int oom;
} lines_state;

static void line_open(lines_state *st, long line)
{
    rtext *r = st->r;
    if (st->open)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        rline *p = realloc(r->lines, cap * sizeof *p);
        if (!p) {
            st->oom = 1;
            return;
        }
        r->lines = p;
        r->cap = cap;
    }
    if (r->n > 0 && buf_addc(&r->text, '\n') != 0) {
        st->oom = 1;
        return;
    }
    r->lines[r->n].off = r->text.len;
    r->lines[r->n].len = 0;
    r->lines[r->n].line = line;
    r->n++;
    st->open = 1;
}

/* Trims the open line; drops it when empty. */
static void line_close(lines_state *st)
{
    rtext *r = st->r;
    if (!st->open)
        return;
    st->open = 0;
    rline *l = &r->lines[r->n - 1];
    l->len = r->text.len - l->off;
    size_t a, b;
    pat_trim(r->text.p + l->off, l->len, &a, &b);
    if (b == a) {
        /* empty: remove it and its separator */
        r->text.len = l->off > 0 ? l->off - 1 : 0;
        r->text.p[r->text.len] = '\0';
        r->n--;
        return;
    }
    if (a > 0)
        memmove(r->text.p + l->off, r->text.p + l->off + a, b - a);
    l->len = b - a;
    r->text.len = l->off + l->len;
    r->text.p[r->text.len] = '\0';
}

static void on_text(void *ud, const char *s, size_t n, long line)
{
    lines_state *st = ud;
    line_open(st, line);
    if (!st->oom && buf_add(&st->r->text, s, n) != 0)
        st->oom = 1;
}

static void on_brk(void *ud, long line)
{
    (void)line;
    line_close(ud);
}

static int tag_is(const char *s, size_t n, const char *name)
{
    size_t i = 1, k = strlen(name);
    if (i < n && s[i] == '/')
        i++;
    if (n - i < k)
        return 0;
    for (size_t j = 0; j < k; j++) {
        char c = s[i + j];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != name[j])
            return 0;
    }
    return i + k == n || s[i + k] == '>' || s[i + k] == ' ' || s[i + k] == '/' ||
           s[i + k] == '\t' || s[i + k] == '\n';
}

static void on_html(void *ud, const char *s, size_t n, long line)
{
    lines_state *st = ud;
    if (tag_is(s, n, "br"))
        line_close(st);
    else if (tag_is(s, n, "code"))
        on_text(ud, "`", 1, line); /* "<code>rm -rf</code>": a code span */
    else if (tag_is(s, n, "details") || tag_is(s, n, "summary"))
        st->r->has_details_tag = 1;
}

static int lines_of(cmark_node *block, rtext *r, int md)
{
    buf_reset(&r->text);
    r->n = 0;
    r->has_details_tag = 0;
    lines_state st = {r, 0, 0};
    render_sink sink = {on_text, on_brk, on_html, &st, md};
    if (render_events(block, &sink) != 0)
        return -1;
    line_close(&st);
    return st.oom ? -1 : 0;
}

int render_lines(cmark_node *block, rtext *r)
{
    return lines_of(block, r, 0);
}

int render_lines_md(cmark_node *block, rtext *r)
{
    return lines_of(block, r, 1);
}

int rtext_join(const rtext *r, size_t from, buf *out)
{
    for (size_t i = from; i < r->n; i++) {
        if (i > from && buf_addc(out, ' ') != 0)
            return -1;
        if (buf_add(out, r->text.p + r->lines[i].off, r->lines[i].len) != 0)
            return -1;
    }
    return 0;
}

/* ---- blocks of an answer: code kept verbatim, tables as pipe-table lines ---- */

/* The longest run of c in s. */
static size_t longest_run(const char *s, char c)
{
    size_t run = 0, longest = 0;
    for (; *s; s++) {
        run = *s == c ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    return longest;
}

int render_code(cmark_node *node, buf *out)
{
    const char *info = cmark_node_get_fence_info(node);
    const char *lit = cmark_node_get_literal(node);
    if (!info)
        info = "";
    if (!lit)
        lit = "";
    /* a fence longer than any run inside; tildes when the info string holds a backtick */
    char fc = strchr(info, '`') ? '~' : '`';
    size_t fl = longest_run(lit, fc) + 1;
    if (fl < 3)
        fl = 3;
    int rc = 0;
    if (out->len && out->p[out->len - 1] != '\n')
        rc |= buf_addc(out, '\n');
    for (size_t k = 0; k < fl; k++)
        rc |= buf_addc(out, fc);
    rc |= buf_adds(out, info);
    rc |= buf_addc(out, '\n');
    rc |= buf_adds(out, lit);
    if (lit[0] && lit[strlen(lit) - 1] != '\n')
        rc |= buf_addc(out, '\n');
    for (size_t k = 0; k < fl; k++)
        rc |= buf_addc(out, fc);
    return rc ? -1 : 0;
}

int render_fence_open(const char *s, size_t n, char *fc)
{
    size_t a, b;
    pat_trim(s, n, &a, &b);
    if (b - a < 3 || (s[a] != '`' && s[a] != '~'))
        return 0;
    char c = s[a];
    size_t k = a;
    while (k < b && s[k] == c)
        k++;
    if (k - a < 3)
        return 0;
    if (c == '`' && memchr(s + k, '`', b - k))
        return 0; /* "```x``` y": a code span, not a fence */
    *fc = c;
    return (int)(k - a);
}

/* 1 when s[0..n) closes a fence of fl characters fc. */
static int fence_closes(const char *s, size_t n, char fc, int fl)
{
    size_t a, b;
    pat_trim(s, n, &a, &b);
    if (b - a < (size_t)fl)
        return 0;
    for (size_t k = a; k < b; k++)
        if (s[k] != fc)
            return 0;
    return 1;
}

void render_tidy(buf *b)
{
    size_t r = 0, w = 0;
    int fl = 0; /* inside a fence of fl characters fc */
    char fc = '`';
    int first = 1;
    while (r < b->len) {
        const char *nl = memchr(b->p + r, '\n', b->len - r);
        size_t e = nl ? (size_t)(nl - b->p) : b->len;
        size_t a, z;
        if (fl > 0 && !fence_closes(b->p + r, e - r, fc, fl)) {
            a = 0; /* verbatim, blank lines included */
            z = e - r;
        } else {
            pat_trim(b->p + r, e - r, &a, &z);
            if (fl > 0)
                fl = 0;
            else if (z > a)
                fl = render_fence_open(b->p + r + a, z - a, &fc);
            if (z == a) {
                r = e + 1;
                continue;
            }
        }
        if (!first)
            b->p[w++] = '\n';
        first = 0;
        memmove(b->p + w, b->p + r + a, z - a);
        w += z - a;
        r = e + 1;
    }
    b->len = w;
    if (b->p)
        b->p[w] = '\0';
}

/* One cell's text, '|' escaped, on one line. */
static int table_cell(cmark_node *cell, rtext *rt, buf *out)
{
    if (render_lines(cell, rt) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < rt->n; i++) {
        if (i > 0)
            rc |= buf_addc(out, ' ');
        const char *s = rt->text.p + rt->lines[i].off;
        for (size_t k = 0; k < rt->lines[i].len; k++) {
            if (s[k] == '|')
                rc |= buf_addc(out, '\\');
            rc |= buf_addc(out, s[k]);
        }
    }
    return rc ? -1 : 0;
}

int render_table(cmark_node *table, rtext *rt, buf *out)
{
    uint16_t ncols = cmark_gfm_extensions_get_table_columns(table);
    uint8_t *align = cmark_gfm_extensions_get_table_alignments(table);
    int rc = 0;
    if (out->len && out->p[out->len - 1] != '\n')
        rc |= buf_addc(out, '\n');
    int head = 1;
    for (cmark_node *row = cmark_node_first_child(table); row && !rc; row = cmark_node_next(row)) {
        if (!head)
            rc |= buf_addc(out, '\n');
        rc |= buf_addc(out, '|');
        uint16_t col = 0;
        for (cmark_node *c = cmark_node_first_child(row); c && col < ncols && !rc;
             c = cmark_node_next(c), col++) {
            rc |= buf_addc(out, ' ');
            rc |= table_cell(c, rt, out);
            rc |= buf_adds(out, " |");
        }
        for (; col < ncols; col++)
            rc |= buf_adds(out, "  |");
        if (head) {
            rc |= buf_adds(out, "\n|");
            for (col = 0; col < ncols; col++) {
                uint8_t al = align ? align[col] : 0;
                rc |= buf_adds(out, al == 'l'   ? " :--- |"
                                    : al == 'c' ? " :---: |"
                                    : al == 'r' ? " ---: |"
                                                : " --- |");
            }
            head = 0;
        }
    }
    return rc ? -1 : 0;
}

/* ---- the byte scan by source line ------------------------------------------- */

static int ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* SL_LABEL0, SL_LABEL1, SL_OLIST1 and SL_HEADMARK for line s[0..n). A label
 * (mc.c's label_at for an option, with or without '(') is one or two digits
 * or one ASCII letter, not right after an ASCII letter or digit, then ')',
 * '.' or ':', then a space or a tab; or a circled number. Only the first two
 * of a sequence are flagged (1 or 01, a, A, ①; 2 or 02, b, B, ②): an option
 * group opens with both. '&' or '\\' (an entity or an escape could spell one)
 * set both. A task mark ("[ ] ", "[x] ": mc.c's task-list options, looked for
 * on lines with a '[', link) sets SL_LABEL0. A list from 1 has a '1' then '.' or ')'. Only the
 * punctuation is looked for (memchr), then what stands around it. */
static int line_label_flags(const unsigned char *s, size_t n, int link)
{
    int f = 0;
    if (memchr(s, '&', n) || memchr(s, '\\', n))
        f |= SL_LABEL0 | SL_LABEL1;
    for (const unsigned char *p = s;
         link && !(f & SL_LABEL0) && (p = memchr(p, ']', n - (size_t)(p - s))); p++) {
        size_t j = (size_t)(p - s); /* a task mark: "[ ] ", "[x] " */
        if (j >= 2 && s[j - 2] == '[' && (s[j - 1] == ' ' || s[j - 1] == 'x' || s[j - 1] == 'X') &&
            j + 1 < n && s[j + 1] == ' ')
            f |= SL_LABEL0;
    }
    for (const unsigned char *p = s; (p = memchr(p, 0xE2, n - (size_t)(p - s))); p++) {
        size_t j = (size_t)(p - s);
        if (j + 2 < n && p[1] == 0x91 && p[2] == 0xA0)
            f |= SL_LABEL0;
        else if (j + 2 < n && p[1] == 0x91 && p[2] == 0xA1)
            f |= SL_LABEL1;
    }
    static const char punct[] = ").:";
    for (int k = 0; k < 3; k++) {
        for (const unsigned char *p = s; (p = memchr(p, punct[k], n - (size_t)(p - s))); p++) {
            size_t j = (size_t)(p - s);
            if (j == 0 || !ascii_alnum(s[j - 1]))
                continue;
            if (k < 2 && s[j - 1] == '1')
                f |= SL_OLIST1;
            if (j + 1 >= n || (s[j + 1] != ' ' && s[j + 1] != '\t'))
                continue;
            size_t i = j - 1; /* the label's last character */
            unsigned char c = s[i];
            int one = i == 0 || !ascii_alnum(s[i - 1]);
            int two = !one && ascii_digit(c) && ascii_digit(s[i - 1]) &&
                      (i == 1 || !ascii_alnum(s[i - 2]));
            if (!one && !two)
                continue;
            int v = ascii_digit(c) ? (two ? (s[i - 1] - '0') * 10 : 0) + (c - '0')
                                   : (c | 0x20) - 'a' + 1;
            if (v == 1)
                f |= SL_LABEL0;
            else if (v == 2)
                f |= SL_LABEL1;
        }
    }
    /* a heading: '#', or a setext underline (only '-' or '=' past the quote
     * markers and the indentation) */
    if (memchr(s, '#', n)) {
        f |= SL_HEADMARK;
    } else {
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
            i++;
        size_t m = i;
        while (m < n && (s[m] == '-' || s[m] == '='))
            m++;
        while (m < n && (s[m] == ' ' || s[m] == '\t'))
            m++;
        if (m > i && m == n)
            f |= SL_HEADMARK;
    }
    return f;
}

/* SL_KEY for line s[0..n): only the bytes a key word can start with are
 * looked at further. */
static int line_key_flag(const unsigned char *s, size_t n)
{
    static const struct {
        const char *w;
        size_t n;
    } words[] = {{"answer", 6}, {"key", 3}, {"solution", 8}};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        switch (c) {
        case '&':
        case '\\': return SL_KEY;
        case 0xEB: /* 답 U+B2F5 */
            if (i + 2 < n && s[i + 1] == 0x8B && s[i + 2] == 0xB5)
                return SL_KEY;
            continue;
        case 'a':
        case 'A':
        case 'k':
        case 'K':
        case 's':
        case 'S': break;
        default: continue;
        }
        size_t w = (c | 0x20) == 'a' ? 0 : (c | 0x20) == 'k' ? 1 : 2, k = words[w].n, j = 1;
        if (n - i < k)
            continue;
        while (j < k && (s[i + j] | 0x20) == words[w].w[j])
            j++;
        if (j == k)
            return SL_KEY;
    }
    return 0;
}

/* looked for: the flags of line_label_flags, SL_KEY */
enum { SL_SEEN_LABEL = 0x40, SL_SEEN_KEY = 0x80 };
enum { SL_CHEAP = SL_LABEL0 | SL_LABEL1 | SL_OLIST1 | SL_HEADMARK };

int srclines_init(srclines *s, const char *text, size_t len)
{
    s->text = text;
    s->start = NULL;
    s->flag = NULL;
    s->links = NULL;
    s->n = 0;
    size_t lines = 1;
    for (const char *p = text, *end = text + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        lines++;
    if (lines >= UINT32_MAX)
        return -1;
    size_t *start = malloc((lines + 2) * sizeof *start);
    unsigned char *flag = malloc(lines + 1);
    uint32_t *links = malloc((lines + 1) * sizeof *links);
    if (!start || !flag || !links) {
        free(start);
        free(flag);
        free(links);
        return -1;
    }
    start[0] = 0;
    flag[0] = 0;
    links[0] = 0;
    size_t off = 0;
    for (size_t k = 1; k <= lines; k++) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
        start[k] = off;
        int link = memchr(text + off, '[', n) || memchr(text + off, '<', n);
        flag[k] = link ? SL_LINK : 0;
        links[k] = links[k - 1] + (link ? 1u : 0u);
        off += n + 1;
    }
    start[lines + 1] = len + 1;
    s->start = start;
    s->flag = flag;
    s->links = links;
    s->n = lines;
    return 0;
}

void srclines_free(srclines *s)
{
    free(s->start);
    free(s->flag);
    free(s->links);
    s->start = NULL;
    s->flag = NULL;
    s->links = NULL;
    s->n = 0;
}

/* [from, to] as lines of s; 0 when that is not a range of s's lines. */
static int sl_range(const srclines *s, long from, long to)
{
    return s && s->n > 0 && from >= 1 && to >= from && (size_t)to <= s->n;
}

/* The flags of line k, those of `any` looked for first. */
static int sl_flags(srclines *s, size_t k, int any)
{
    const unsigned char *p = (const unsigned char *)s->text + s->start[k];
    size_t n = s->start[k + 1] - 1 - s->start[k];
    if ((any & SL_CHEAP) && !(s->flag[k] & SL_SEEN_LABEL))
        s->flag[k] |= (unsigned char)(SL_SEEN_LABEL | line_label_flags(p, n, s->flag[k] & SL_LINK));
    if ((any & SL_KEY) && !(s->flag[k] & SL_SEEN_KEY))
        s->flag[k] |= (unsigned char)(SL_SEEN_KEY | line_key_flag(p, n));
    return s->flag[k];
}

int srclines_may(srclines *s, long from, long to, int any)
{
    if (!sl_range(s, from, to))
        return 1;
    if (any == SL_LINK)
        return s->links[to] != s->links[from - 1];
    for (long k = from; k <= to; k++)
        if (sl_flags(s, (size_t)k, any) & any)
            return 1;
    return 0;
}

int srclines_may_mc(srclines *s, long from, long to)
{
    if (!sl_range(s, from, to))
        return 1;
    int head = 0;
    for (long k = from; k <= to; k++) {
        int f = sl_flags(s, (size_t)k, SL_CHEAP);
        if (f & (SL_LABEL0 | SL_OLIST1))
            return 1;
        head |= f & SL_HEADMARK;
    }
    return head && srclines_may(s, from, to, SL_KEY);
}

int srclines_may_label_run(srclines *s, long from, long to)
{
    if (!sl_range(s, from, to))
        return 1;
    for (long k = from; k < to; k++)
        if ((sl_flags(s, (size_t)k, SL_LABEL0) & SL_LABEL0) &&
            (sl_flags(s, (size_t)k + 1, SL_LABEL1) & SL_LABEL1))
            return 1;
    return 0;
}
