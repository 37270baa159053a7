/*
 * noise — finds and removes navigation and boilerplate (noise.h): a pass over
 * the cmark tree before the walk (links, images, lists and tables are seen as
 * nodes there) and a pass over an answer's text lines (for what <details> HTML
 * leaves as text). Words are compared case-folded (ASCII) against the
 * vocabulary of navigation and of scaffolding labels below.
 */
#include "noise.h"

#include "core/u8.h"
#include "kb/render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- words ------------------------------------------------------------------ */

/* Words that name a place to go (at least one must be there). */
static const char *const NAV_HEAD[] = {
    "top",  "back", "home",     "index", "contents", "toc",    "up",   "previous", "prev",
    "next", "위로", "처음으로", "목차",  "목차로",   "홈",     "상단", "상단으로", "맨위로",
    "이전", "다음", "처음",     "뒤로",  "뒤로가기", "홈으로", "위",
};
/* Words that may go with them ("go back to the top", "맨 위로 가기"). */
static const char *const NAV_FILL[] = {
    "to",   "go", "the",  "return",   "scroll", "page", "table", "of",
    "jump", "맨", "가기", "돌아가기", "이동",   "으로", "로",    "바로가기",
};
/* Labels that only scaffold the answer ("Answer", "Click to expand"). */
static const char *const LABEL_HEAD[] = {
    "answer", "answers", "solution", "explanation", "정답",   "해설", "풀이", "답",   "답변",
    "click",  "expand",  "show",     "view",        "펼치기", "접기", "보기", "클릭",
};
/* A line that points elsewhere for the answers ("Explore all 55 answers here 👉
 * [Devinterview.io](…)"): one of these words outside its link... */
static const char *const PROMO_HEAD[] = {"answers", "questions", "solutions",
                                         "답변",    "정답",      "질문"};
/* ...and only these besides (numbers dropped before). */
static const char *const PROMO_FILL[] = {
    "explore", "find", "see",  "read", "view", "get",  "check", "out",  "all",  "the",
    "you",     "can",  "also", "here", "full", "list", "of",    "more", "rest", "on",
    "at",      "and",  "our",  "전체", "더",   "보기", "여기",  "에서", "확인", "하세요",
};
static const char *const LABEL_FILL[] = {"me",   "to",  "the",  "here",
                                         "hide", "see", "열기", "하세요"};

static int in_list(const char *w, size_t n, const char *const *list, size_t k)
{
    for (size_t i = 0; i < k; i++) /* the first byte first: most words differ there */
        if (list[i][0] == w[0] && strncmp(list[i], w, n) == 0 && list[i][n] == '\0')
            return 1;
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct words {
    int heads, others, total;
    int decor; /* an arrow, emoji, bracket or :shortcode: */
} words;

/* Splits s into words (letters and digits; everything else separates them, and
 * anything but a space counts as decoration), matching each against head and
 * fill; a :shortcode: is decoration. At most 64 bytes a word. Stops at the
 * first other word or past max words: the callers want neither. */
static words scan_words(const char *s, size_t n, const char *const *head, size_t nh,
                        const char *const *fill, size_t nf, int max)
{
    words r = {0, 0, 0, 0};
    char w[64];
    size_t wl = 0;
    size_t i = 0;
    while (i <= n) {
        int32_t cp = 0;
        size_t k = 0;
        int word_char = 0;
        if (i < n) {
            if (s[i] == ':') { /* :arrow_double_up: */
                size_t j = i + 1;
                while (j < n && j - i < 40 &&
                       ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9') ||
                        s[j] == '_' || s[j] == '+' || s[j] == '-'))
                    j++;
                if (j < n && s[j] == ':' && j > i + 1) {
                    r.decor = 1;
                    i = j + 1;
                    goto sep;
                }
            }
            unsigned char b = (unsigned char)s[i];
            if (b < 0x80) { /* ASCII: letters and digits are its only L*, M*, N* */
                k = 1;
                cp = b;
                word_char =
                    (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
            } else {
                k = u8_decode(s + i, n - i, &cp);
                if (k == 0)
                    k = 1;
                utf8proc_category_t c = utf8proc_category(cp);
                word_char = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
                            (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
                            (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
            }
        }
        if (word_char) {
            if (wl + k < sizeof w) {
                for (size_t j = 0; j < k; j++) {
                    char ch = s[i + j];
                    w[wl++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
                }
            } else {
                r.others++;
                return r;
            }
            i += k;
            continue;
        }
        if (i < n && !u8_is_space(cp))
            r.decor = 1;
        i += i < n ? k : 1;
    sep:
        if (wl) {
            r.total++;
            if (in_list(w, wl, head, nh))
                r.heads++;
            else if (!in_list(w, wl, fill, nf))
                r.others++;
            wl = 0;
            if (r.others > 0 || r.total > max)
                return r;
        }
    }
    return r;
}

int noise_is_nav(const char *s, size_t n, int need_decor)
{
    if (n == 0 || n > 200)
        return 0;
    words r = scan_words(s, n, NAV_HEAD, COUNT(NAV_HEAD), NAV_FILL, COUNT(NAV_FILL), 8);
    return r.heads > 0 && r.others == 0 && r.total <= 8 && (!need_decor || r.decor);
}

/* A line that is only a scaffolding label: "Answer", "**Solution:**", "Click to expand". */
static int is_label(const char *s, size_t n)
{
    if (n == 0 || n > 80)
        return 0;
    words r = scan_words(s, n, LABEL_HEAD, COUNT(LABEL_HEAD), LABEL_FILL, COUNT(LABEL_FILL), 4);
    return r.heads > 0 && r.others == 0 && r.total <= 4;
}

/* ---- the text of an answer ---------------------------------------------------- */

void noise_strip(buf *b)
{
    size_t r = 0, w = 0;
    int fl = 0;
    char fc = '`';
    int first = 1;
    while (r < b->len) {
        const char *nl = memchr(b->p + r, '\n', b->len - r);
        size_t e = nl ? (size_t)(nl - b->p) : b->len;
        const char *s = b->p + r;
        size_t n = e - r;
        int keep = 1;
        if (fl > 0) {
            size_t a = 0;
            while (a < n && (s[a] == ' ' || s[a] == '\t'))
                a++;
            size_t k = a;
            while (k < n && s[k] == fc)
                k++;
            if (k - a >= (size_t)fl && k == n)
                fl = 0;
        } else if ((fl = render_fence_open(s, n, &fc)) == 0) {
            /* a label only when something follows it: "답." alone is an answer */
            keep = !noise_is_nav(s, n, 1) && !(nl && is_label(s, n));
        }
        if (keep) {
            if (!first)
                b->p[w++] = '\n';
            first = 0;
            memmove(b->p + w, s, n);
            w += n;
        }
        r = e + 1;
    }
    b->len = w;
    if (b->p)
        b->p[w] = '\0';
}

/* ---- the tree ---------------------------------------------------------------- */

typedef struct nodes {
    cmark_node **v;
    size_t n, cap;
    int oom;
} nodes;

static void nodes_push(nodes *l, cmark_node *nd)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        cmark_node **p = realloc(l->v, cap * sizeof *p);
        if (!p) {
            l->oom = 1;
            return;
        }
        l->v = p;
        l->cap = cap;
    }
    l->v[l->n++] = nd;
}

static int is_type(cmark_node *nd, const char *name)
{
    const char *t = cmark_node_get_type_string(nd);
    return t && strcmp(t, name) == 0;
}

/* An image from a badge service (shields.io, badgen, ".../badge.svg"). */
static int is_badge_url(const char *url)
{
    if (!url)
        return 0;
    static const char *const marks[] = {"shields.io", "badge", "badgen"};
    for (size_t i = 0; i < COUNT(marks); i++) {
        size_t k = strlen(marks[i]);
        for (const char *p = url; *p; p++) {
            size_t j = 0;
            while (j < k && p[j] && (p[j] >= 'A' && p[j] <= 'Z' ? p[j] + 32 : p[j]) == marks[i][j])
                j++;
            if (j == k)
                return 1;
        }
    }
    return 0;
}

/* What one line of inline nodes holds. */
typedef struct seg {
    char text[256];
    size_t tn;
    int too_long;
    int links, anchors, images, badges;
    int loose_letters; /* text outside links and images with a letter or digit */
    int other;         /* inline HTML, code spans */
    char loose[160];   /* text outside links and images, without digits */
    size_t ln;
} seg;

static int has_word_char(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
            (*s >= '0' && *s <= '9'))
            return 1;
    return 0;
}

/* Adds the inline subtree at nd to sg (iteratively). */
static int seg_add(seg *sg, cmark_node *nd)
{
    cmark_iter *it = cmark_iter_new(nd);
    if (!it)
        return -1;
    int link_depth = 0, image_depth = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *x = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(x);
        if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
            int d = ev == CMARK_EVENT_ENTER ? 1 : -1;
            if (t == CMARK_NODE_LINK)
                link_depth += d;
            else
                image_depth += d;
            if (ev == CMARK_EVENT_ENTER) {
                const char *url = cmark_node_get_url(x);
                if (t == CMARK_NODE_LINK) {
                    sg->links++;
                    if (url && url[0] == '#')
                        sg->anchors++;
                } else {
                    sg->images++;
                    sg->badges += is_badge_url(url);
                }
            }
            continue;
        }
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_TEXT) {
            const char *lit = cmark_node_get_literal(x);
            if (!lit)
                continue;
            if (image_depth == 0) {
                size_t k = strlen(lit);
                if (sg->tn + k + 1 < sizeof sg->text) {
                    memcpy(sg->text + sg->tn, lit, k);
                    sg->tn += k;
                    sg->text[sg->tn++] = ' ';
                } else {
                    sg->too_long = 1;
                }
            }
            if (link_depth == 0 && image_depth == 0 && has_word_char(lit))
                sg->loose_letters = 1;
            if (link_depth == 0 && image_depth == 0) {
                /* When loose fills up, the text stops there and the
                 * space too (seg_is_noise scans no line that long). */
                for (const char *p = lit; *p && sg->ln + 2 < sizeof sg->loose; p++)
                    if (*p < '0' || *p > '9')
                        sg->loose[sg->ln++] = *p;
                if (sg->ln + 1 < sizeof sg->loose)
                    sg->loose[sg->ln++] = ' ';
            }
        } else if (t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE) {
            sg->other = 1;
        }
    }
    cmark_iter_free(it);
    return 0;
}

static int is_break(cmark_node *nd)
{
    cmark_node_type t = cmark_node_get_type(nd);
    return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

/* A line of navigation links, or of badges. */
static int seg_is_noise(const seg *sg)
{
    if (sg->other || sg->too_long)
        return 0;
    if (sg->images > 0 && sg->badges == sg->images && !sg->loose_letters)
        return 1; /* badges, maybe linked, maybe with a separator */
    if (sg->links > 0 && sg->badges == sg->images && noise_is_nav(sg->text, sg->tn, 0))
        return 1;
    if (sg->links > sg->anchors && sg->ln > 0 && sg->ln + 2 < sizeof sg->loose) {
        words r = scan_words(sg->loose, sg->ln, PROMO_HEAD, COUNT(PROMO_HEAD), PROMO_FILL,
                             COUNT(PROMO_FILL), 10);
        if (r.heads > 0 && r.others == 0 && r.total <= 10)
            return 1; /* "Explore all 55 answers here 👉 [site](…)" */
    }
    return 0;
}

/* A badge image, or a link holding only one. */
static int is_badge_node(cmark_node *x)
{
    cmark_node_type t = cmark_node_get_type(x);
    if (t == CMARK_NODE_LINK) {
        cmark_node *c = cmark_node_first_child(x);
        if (!c || cmark_node_next(c))
            return 0;
        x = c;
        t = cmark_node_get_type(x);
    }
    return t == CMARK_NODE_IMAGE && is_badge_url(cmark_node_get_url(x));
}

/* Removes badges and the noise lines of a paragraph or heading; 1 when
 * nothing is left of it. */
static int prune_paragraph(cmark_node *para, int *oom)
{
    for (cmark_node *x = cmark_node_first_child(para), *nx; x; x = nx) {
        nx = cmark_node_next(x);
        if (is_badge_node(x))
            cmark_node_free(x);
    }
    cmark_node *start = cmark_node_first_child(para);
    int kept_any = 0;
    while (start) {
        cmark_node *end = start; /* the segment is [start, end], then a break or NULL */
        seg sg;
        memset(&sg, 0, sizeof sg);
        int any_media = 0;
        for (cmark_node *x = start;; x = cmark_node_next(x)) {
            end = x;
            if (seg_add(&sg, x) != 0) {
                *oom = 1;
                return 0;
            }
            if (sg.links || sg.images)
                any_media = 1;
            cmark_node *nx = cmark_node_next(x);
            if (!nx || is_break(nx))
                break;
        }
        cmark_node *brk = cmark_node_next(end);
        cmark_node *next = brk ? cmark_node_next(brk) : NULL;
        if (any_media && seg_is_noise(&sg)) {
            cmark_node *x = start;
            for (;;) {
                cmark_node *nx = cmark_node_next(x);
                int last = x == end;
                cmark_node_free(x);
                if (last)
                    break;
                x = nx;
            }
            if (brk)
                cmark_node_free(brk);
            else if (kept_any) {
                /* the last line went: drop the break before it */
                cmark_node *prev = cmark_node_last_child(para);
                if (prev && is_break(prev))
                    cmark_node_free(prev);
            }
        } else {
            kept_any = 1;
        }
        start = next;
    }
    return !kept_any;
}

/* Inline content of a paragraph or cell that is only one or more links to
 * anchors ("#intro"), with at most punctuation or numbers beside them. */
static int anchors_only(cmark_node *para, int *oom)
{
    seg sg;
    memset(&sg, 0, sizeof sg);
    for (cmark_node *x = cmark_node_first_child(para); x; x = cmark_node_next(x))
        if (seg_add(&sg, x) != 0) {
            *oom = 1;
            return 0;
        }
    int letters_outside = 0;
    if (sg.loose_letters) {
        /* numbers beside the link ("1. [Intro](#intro)") are fine, words are not */
        for (cmark_node *x = cmark_node_first_child(para); x; x = cmark_node_next(x)) {
            if (cmark_node_get_type(x) != CMARK_NODE_TEXT)
                continue;
            const char *lit = cmark_node_get_literal(x);
            for (const char *p = lit ? lit : ""; *p; p++)
                if ((unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
                    (*p >= 'A' && *p <= 'Z'))
                    letters_outside = 1;
        }
    }
    return sg.links > 0 && sg.anchors == sg.links && !letters_outside && !sg.other;
}

/* A paragraph that opens with a link to an anchor ("[Variables](#variables):
 * var, let, const"), after at most numbers and punctuation, the link maybe
 * in emphasis. */
static int starts_with_anchor(cmark_node *para)
{
    for (cmark_node *x = cmark_node_first_child(para); x; x = cmark_node_next(x)) {
        cmark_node_type t = cmark_node_get_type(x);
        if ((t == CMARK_NODE_STRONG || t == CMARK_NODE_EMPH) && cmark_node_first_child(x))
            x = cmark_node_first_child(x), t = cmark_node_get_type(x);
        if (t == CMARK_NODE_LINK) {
            const char *url = cmark_node_get_url(x);
            return url && url[0] == '#' && url[1];
        }
        if (t != CMARK_NODE_TEXT)
            return 0;
        const char *lit = cmark_node_get_literal(x);
        for (const char *p = lit ? lit : ""; *p; p++)
            if ((unsigned char)*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
                return 0;
    }
    return 0;
}

/* A list whose every item opens with a link to an anchor: a table of contents,
 * with whatever is nested under its entries (a gloss after the link, plain
 * sub-bullets). */
static int is_toc_list(cmark_node *list, int *oom)
{
    (void)oom;
    int top = 0;
    for (cmark_node *i = cmark_node_first_child(list); i; i = cmark_node_next(i)) {
        cmark_node *f = cmark_node_first_child(i);
        if (!f || cmark_node_get_type(f) != CMARK_NODE_PARAGRAPH || !starts_with_anchor(f))
            return 0;
        top++;
    }
    return top > 0;
}

/* A table whose every body row (two at least) has a cell of anchor links. */
static int is_toc_table(cmark_node *table, int *oom)
{
    cmark_node *row = cmark_node_first_child(table);
    int rows = 0;
    for (row = row ? cmark_node_next(row) : NULL; row; row = cmark_node_next(row)) {
        int found = 0;
        for (cmark_node *c = cmark_node_first_child(row); c && !found; c = cmark_node_next(c))
            found = cmark_node_first_child(c) && anchors_only(c, oom);
        if (!found)
            return 0;
        rows++;
    }
    return rows >= 2;
}

/* Frees nd, then every ancestor list or item it leaves empty. */
static void remove_up(cmark_node *nd)
{
    cmark_node *parent = cmark_node_parent(nd);
    cmark_node_free(nd);
    while (parent && !cmark_node_first_child(parent)) {
        cmark_node_type t = cmark_node_get_type(parent);
        if (t != CMARK_NODE_ITEM && t != CMARK_NODE_LIST && t != CMARK_NODE_BLOCK_QUOTE)
            break;
        cmark_node *up = cmark_node_parent(parent);
        cmark_node_free(parent);
        parent = up;
    }
}

/* Quick look before the full test: the first item's first paragraph holds a
 * link (at its top or under emphasis). */
static int may_be_toc(cmark_node *list)
{
    cmark_node *item = cmark_node_first_child(list);
    cmark_node *para = item ? cmark_node_first_child(item) : NULL;
    if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
        return 0;
    for (cmark_node *x = cmark_node_first_child(para); x; x = cmark_node_next(x)) {
        cmark_node_type t = cmark_node_get_type(x);
        if (t == CMARK_NODE_LINK)
            return 1;
        if ((t == CMARK_NODE_STRONG || t == CMARK_NODE_EMPH) && cmark_node_first_child(x) &&
            cmark_node_get_type(cmark_node_first_child(x)) == CMARK_NODE_LINK)
            return 1;
    }
    return 0;
}

/* 1 when a link or an image sits in paragraph or heading p, directly or in
 * emphasis, strong or strikethrough (not in a table cell). */
static int has_link(cmark_node *p)
{
    cmark_node *x = cmark_node_first_child(p);
    while (x) {
        cmark_node_type t = cmark_node_get_type(x);
        if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
            return 1;
        cmark_node *c = NULL;
        if (t == CMARK_NODE_STRONG || t == CMARK_NODE_EMPH ||
            (t != CMARK_NODE_TEXT && t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK &&
             t != CMARK_NODE_CODE && t != CMARK_NODE_HTML_INLINE && is_type(x, "strikethrough")))
            c = cmark_node_first_child(x);
        if (c) {
            x = c;
            continue;
        }
        while (x != p && !cmark_node_next(x))
            x = cmark_node_parent(x);
        if (x == p)
            break;
        x = cmark_node_next(x);
    }
    return 0;
}

int noise_prune(cmark_node *root, srclines *sl)
{
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        return -1;
    nodes gone = {NULL, 0, 0, 0};  /* tables of contents */
    nodes paras = {NULL, 0, 0, 0}; /* paragraphs with a link or an image */
    int oom = 0;
    cmark_event_type ev;
    while (!oom && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *nd = cmark_iter_get_node(it);
        /* everything below wants a link or an image: a block whose source
         * lines hold no '[' or '<' is left alone, its subtree unread */
        if (nd != root && !srclines_may(sl, cmark_node_get_start_line(nd),
                                        cmark_node_get_end_line(nd), SL_LINK)) {
            cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            continue;
        }
        switch (cmark_node_get_type(nd)) {
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING: /* their inlines without the iterator: most have no link */
            if (has_link(nd))
                nodes_push(&paras, nd);
            cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            break;
        case CMARK_NODE_LIST:
            if (may_be_toc(nd) && is_toc_list(nd, &oom)) {
                nodes_push(&gone, nd);
                cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            }
            break;
        default:
            if ((cmark_node_get_type(nd) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE)
                break;
            if (is_type(nd, "table")) {
                if (is_toc_table(nd, &oom))
                    nodes_push(&gone, nd);
                cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            }
            break;
        }
        oom |= gone.oom | paras.oom;
    }
    cmark_iter_free(it);
    for (size_t i = 0; !oom && i < paras.n; i++)
        if (prune_paragraph(paras.v[i], &oom))
            remove_up(paras.v[i]);
    for (size_t i = 0; !oom && i < gone.n; i++)
        remove_up(gone.v[i]);
    free(gone.v);
    free(paras.v);
    return oom ? -1 : 0;
}
