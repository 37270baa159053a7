/*
 * mc — Markdown multiple-choice items (mc.h). One pass over the block tree
 * finds option groups (a list, or two or more lines of a paragraph, labelled
 * in sequence from 1 / a / A / ①) and answer key sections; cheap tests on the
 * first text of a node come first, so documents without exams pay one walk
 * over their blocks. Then each group is resolved (its answer line, else its
 * entry in the key) and the tree rewritten; iterative throughout.
 */
#include "mc.h"

#include "core/buf.h"
#include "core/u8.h"
#include "kb/pattern.h"
#include "kb/render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- labels and answer lines ----------------------------------------------------- */

enum { FAM_DIGIT = 1, FAM_LOWER = 2, FAM_UPPER = 3, FAM_CIRCLED = 4 };

/* Bytes of a text that finding a label looks at: "(12) " and a little more;
 * finding option groups never measures a whole long text. */
enum { LABEL_SCAN = 32 };

/* A label at the start of s: "1)", "1.", "1:", "(1)", "a)", "a.", "(A)", "①".
 * As an option (bare 0) it is followed by a space and text; as a value (bare
 * 1: "b", "4", "(b)", "b) text", "②") it may stand alone. more: the text goes
 * on past s[n) in another inline ("A: " then `code`): 1 takes "A: " as an
 * option, 2 also "A:" (no space). Returns the option index (0-based) and sets
 * *len (label and spaces after it) and *fam (kind * 8 + style), or -1. */
static int label_at_more(const char *s, size_t n, int bare, int more, size_t *len, int *fam)
{
    size_t i = 0;
    int kind, idx, style = 0;
    int paren = i < n && s[i] == '(';
    if (paren)
        i++;
    if (i < n && s[i] >= '0' && s[i] <= '9') {
        int v = 0;
        for (size_t d = 0; i < n && s[i] >= '0' && s[i] <= '9'; d++, i++) {
            if (d == 2)
                return -1;
            v = v * 10 + (s[i] - '0');
        }
        kind = FAM_DIGIT;
        idx = v - 1;
    } else if (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
        kind = s[i] >= 'a' ? FAM_LOWER : FAM_UPPER;
        idx = s[i] >= 'a' ? s[i] - 'a' : s[i] - 'A';
        i++;
    } else if (!paren && n - i >= 3 && (unsigned char)s[i] == 0xE2 &&
               (unsigned char)s[i + 1] == 0x91 && (unsigned char)s[i + 2] >= 0xA0 &&
               (unsigned char)s[i + 2] <= 0xB3) {
        kind = FAM_CIRCLED; /* U+2460..U+2473 */
        idx = (unsigned char)s[i + 2] - 0xA0;
        i += 3;
        style = 4;
    } else {
        return -1;
    }
    if (paren) {
        if (i >= n || s[i] != ')')
            return -1;
        i++;
        style = 1;
    } else if (kind != FAM_CIRCLED && i < n && (s[i] == ')' || s[i] == '.' || s[i] == ':')) {
        style = s[i] == ')' ? 2 : s[i] == '.' ? 3 : 5;
        i++;
    }
    size_t sp = i;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (bare) {
        if (i < n && (style == 0 || i == sp))
            return -1; /* "3 replicas", "b)c": words, not a label */
    } else {
        if (style == 0 || (i >= n && !more) ||
            (i == sp && kind != FAM_CIRCLED && !(more == 2 && i >= n)))
            return -1; /* an option is a label, a space and its text; the text may
                          open with code or emphasis (more: "A: `x`", even "D:`x`") */
    }
    *len = i;
    *fam = kind * 8 + style;
    return idx;
}

static int label_at(const char *s, size_t n, int bare, size_t *len, int *fam)
{
    return label_at_more(s, n, bare, 0, len, fam);
}

/* "Answer: b", "**정답:** ②", "답: 3", "Correct answer - b": 1 and the offset
 * of the value. */
static int answer_line(const char *s, size_t n, size_t *rest)
{
    static const char *const words[] = {"the correct answer is",
                                        "correct answer",
                                        "the answer is",
                                        "answers",
                                        "answer",
                                        "ans",
                                        "정답은",
                                        "정답",
                                        "답안",
                                        "해답",
                                        "답"};
    size_t i = 0;
    if (pat_qa_prefix(s, n, &i) == PAT_A) { /* the parser's own "A:", "정답:" */
        *rest = i;
        return 1;
    }
    i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '*' || s[i] == '_'))
        i++;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t k = strlen(words[w]);
        if (n - i < k)
            continue;
        size_t j = 0;
        while (j < k &&
               (s[i + j] >= 'A' && s[i + j] <= 'Z' ? s[i + j] + 32 : s[i + j]) == words[w][j])
            j++;
        if (j < k)
            continue;
        size_t p = i + k;
        while (p < n && (s[p] == ' ' || s[p] == '*' || s[p] == '_'))
            p++;
        if (p < n && (s[p] == ':' || s[p] == '-' || s[p] == '='))
            p++;
        else if (n - p >= 3 && memcmp(s + p, "\xEF\xBC\x9A", 3) == 0) /* ： */
            p += 3;
        else if (!(words[w][k - 1] == 's' && words[w][0] == 't') && strcmp(words[w], "정답은") != 0)
            continue;
        while (p < n && (s[p] == ' ' || s[p] == '*' || s[p] == '_'))
            p++;
        *rest = p;
        return 1;
    }
    return 0;
}

/* ---- nodes -------------------------------------------------------------------- */

/* The first text of a block (under emphasis and links), or "". */
static const char *first_text(cmark_node *nd)
{
    for (cmark_node *c = cmark_node_first_child(nd); c; c = cmark_node_first_child(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_TEXT) {
            const char *l = cmark_node_get_literal(c);
            return l ? l : "";
        }
        if (t != CMARK_NODE_STRONG && t != CMARK_NODE_EMPH && t != CMARK_NODE_LINK &&
            t != CMARK_NODE_PARAGRAPH)
            return "";
    }
    return "";
}

static int is_break(cmark_node *nd)
{
    cmark_node_type t = cmark_node_get_type(nd);
    return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

/* Whether the text node t (or the block's first text) is followed on its
 * line by another inline: "A: " then `code`. */
static int text_continues(cmark_node *t)
{
    for (; t && cmark_node_get_type(t) != CMARK_NODE_PARAGRAPH; t = cmark_node_parent(t)) {
        cmark_node *nx = cmark_node_next(t);
        if (nx)
            return !is_break(nx);
    }
    return 0;
}

/* label_at_more's `more` for option n of a list whose text node is t: "D:`x`"
 * with no space only after the first (srclines' SL_LABEL0, which lets a
 * list be read, sees a label with its space). */
static int more_of(cmark_node *t, int n)
{
    return text_continues(t) ? (n > 0 ? 2 : 1) : 0;
}

/* The first text node of a block (under emphasis and links), or NULL. */
static cmark_node *first_text_node(cmark_node *nd)
{
    for (cmark_node *c = cmark_node_first_child(nd); c; c = cmark_node_first_child(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_TEXT)
            return c;
        if (t != CMARK_NODE_STRONG && t != CMARK_NODE_EMPH && t != CMARK_NODE_LINK &&
            t != CMARK_NODE_PARAGRAPH)
            return NULL;
    }
    return NULL;
}

static int is_table(cmark_node *nd)
{
    const char *t = cmark_node_get_type_string(nd);
    return t && strcmp(t, "table") == 0;
}

/* ---- option groups -------------------------------------------------------------- */

typedef struct group {
    cmark_node *node; /* a list, or the paragraph holding the lines */
    size_t from, to;  /* paragraph: the option lines [from, to) */
    long line;
    cmark_node *ans; /* the answer line's block, NULL if none */
    int ans_in_para; /* the answer is line `to` of the paragraph */
    long ans_line;
    int task;      /* GFM task list: its options open with "[ ] " / "[x] " */
    int checked;   /* task list: the first option marked [x] */
    int n_checked; /* task list: how many are */
    long checked2; /* task list: the second [x]'s line, 0 if none */
    /* "__Suggested Answers__" over "- A", "- B - Correct" (CodeSignal): the label
     * paragraph, the list, the marked entry's label, how many are marked and the
     * second's line */
    cmark_node *klabel, *klist;
    char kval[32];
    int kmarks;
    long kline2;
} group;

typedef struct key_entry {
    long number;
    const char *value; /* in the doc's arena */
    long line;
} key_entry;

typedef struct mstate {
    kb_doc *d;
    errinfo *e;
    int oom;
    group *g;
    size_t ng, capg;
    key_entry *k;
    size_t nk, capk;
    long key_line; /* the key section's heading, 0 if none */
    cmark_node **drop;
    size_t nd, capd;
    rtext rt;
    buf tmp;
} mstate;

static void *grow(void *v, size_t *cap, size_t n, size_t size, int *oom)
{
    if (n < *cap)
        return v;
    size_t c = *cap ? *cap * 2 : 8;
    void *p = realloc(v, c * size);
    if (!p) {
        *oom = 1;
        return NULL;
    }
    *cap = c;
    return p;
}

static void drop_node(mstate *m, cmark_node *nd)
{
    cmark_node **p = grow(m->drop, &m->capd, m->nd, sizeof *p, &m->oom);
    if (!p)
        return;
    m->drop = p;
    m->drop[m->nd++] = nd;
}

static int ptr_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (cmark_node *const *)a, y = (uintptr_t) * (cmark_node *const *)b;
    return (x > y) - (x < y);
}

/* Frees the dropped nodes. A node can be dropped twice, and one inside
 * another dropped node (an option list inside a dropped group): freed in
 * turn, the second would be freed again with its ancestor. So each node
 * once (sorted, duplicates skipped), all unlinked before any is freed. */
static void drop_all(mstate *m)
{
    if (m->nd == 0)
        return;
    qsort(m->drop, m->nd, sizeof *m->drop, ptr_cmp);
    size_t n = 0;
    for (size_t i = 0; i < m->nd; i++)
        if (n == 0 || m->drop[n - 1] != m->drop[i])
            m->drop[n++] = m->drop[i];
    for (size_t i = 0; i < n; i++)
        cmark_node_unlink(m->drop[i]);
    for (size_t i = 0; i < n; i++)
        cmark_node_free(m->drop[i]);
}

/* A list whose items are one-line paragraphs labelled in sequence: ordered from
 * 1, or bullets each opening with a label. */
static int list_is_options(cmark_node *list)
{
    int n = 0, fam0 = 0;
    int ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
    if (ordered && cmark_node_get_list_start(list) != 1)
        return 0;
    for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it), n++) {
        cmark_node *p = cmark_node_first_child(it);
        if (!p || cmark_node_next(p) || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
            return 0;
        if (cmark_node_get_end_line(p) != cmark_node_get_start_line(p))
            return 0; /* one line each (source positions: no walk over its text) */
        if (!ordered) {
            cmark_node *tn = first_text_node(p);
            const char *t = tn ? cmark_node_get_literal(tn) : NULL;
            size_t len;
            int fam;
            if (!t ||
                label_at_more(t, strnlen(t, LABEL_SCAN), 0, more_of(tn, n), &len, &fam) != n ||
                (n > 0 && fam != fam0))
                return 0;
            fam0 = fam;
        }
    }
    return n >= 2;
}

/* "[ ] " or "[x] " (also "[X]") at the start of a rendered option: 0 or 1,
 * -1 when it is not there. */
static int task_mark(const char *s, size_t n)
{
    if (n < 4 || s[0] != '[' || s[2] != ']' || s[3] != ' ')
        return -1;
    return s[1] == ' ' ? 0 : (s[1] == 'x' || s[1] == 'X') ? 1 : -1;
}

/* A GFM task list as options: a bullet list of two or more one-line items,
 * each "[ ] text" or "[x] text", one or more of them checked (none checked
 * is a to-do list, not an exam). Sets the checked fields of g. */
static int list_is_tasks(cmark_node *list, rtext *rt, group *g, int *oom)
{
    if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST)
        return 0;
    cmark_node *it0 = cmark_node_first_child(list);
    const char *t0 = it0 ? first_text(it0) : "";
    if (t0[0] != '[')
        return 0; /* most lists: read no further */
    int n = 0;
    g->checked = -1;
    g->n_checked = 0;
    g->checked2 = 0;
    for (cmark_node *it = it0; it; it = cmark_node_next(it), n++) {
        cmark_node *p = cmark_node_first_child(it);
        if (!p || cmark_node_next(p) || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH ||
            cmark_node_get_end_line(p) != cmark_node_get_start_line(p))
            return 0;
        if (render_lines(p, rt) != 0) {
            *oom = 1;
            return 0;
        }
        int mark = rt->n == 1 ? task_mark(rt->text.p + rt->lines[0].off, rt->lines[0].len) : -1;
        if (mark < 0 || rt->lines[0].len == 4)
            return 0;
        if (mark == 1) {
            if (g->n_checked == 0)
                g->checked = n;
            else if (g->n_checked == 1)
                g->checked2 = rt->lines[0].line;
            g->n_checked++;
        }
    }
    return n >= 2 && g->n_checked > 0;
}

/* Lines of a paragraph opening with labels in sequence: the first run of two
 * or more, in [*from, *to). */
static int para_options(cmark_node *para, srclines *sl, size_t *from, size_t *to)
{
    int l0 = cmark_node_get_start_line(para), l1 = cmark_node_get_end_line(para);
    if (l1 - l0 < 1)
        return 0; /* two lines at least: most paragraphs are read no further */
    if (!srclines_may_label_run(sl, l0, l1))
        return 0; /* no two lines in a row could open with a label */
    size_t line = 0, run_from = 0;
    int run = 0, fam0 = 0;
    int at_start = 1;
    for (cmark_node *x = cmark_node_first_child(para); x; x = cmark_node_next(x)) {
        if (is_break(x)) {
            line++;
            at_start = 1;
            continue;
        }
        if (!at_start)
            continue;
        at_start = 0;
        cmark_node *tn = cmark_node_get_type(x) == CMARK_NODE_TEXT ? x : first_text_node(x);
        const char *t = tn ? cmark_node_get_literal(tn) : NULL;
        size_t len;
        int fam;
        int idx =
            t ? label_at_more(t, strnlen(t, LABEL_SCAN), 0, text_continues(tn), &len, &fam) : -1;
        if (idx >= 0 && idx == run && (run == 0 || fam == fam0)) {
            if (run == 0)
                run_from = line;
            fam0 = fam;
            run++;
            continue;
        }
        if (run >= 2)
            break;
        run = 0;
        if (idx == 0) {
            run_from = line;
            fam0 = fam;
            run = 1;
        }
    }
    if (run < 2)
        return 0;
    *from = run_from;
    *to = run_from + (size_t)run;
    return 1;
}

/* Whether paragraph x is only a bold label (`__Practice Question__`, `**Question
 * 1**`: want 2; `__Suggested Answers__`, `**Answer Key**`: want 1), no content. */
static int bold_label(mstate *m, cmark_node *x, int want)
{
    cmark_node *c =
        x && cmark_node_get_type(x) == CMARK_NODE_PARAGRAPH ? cmark_node_first_child(x) : NULL;
    if (!c || cmark_node_next(c) || cmark_node_get_type(c) != CMARK_NODE_STRONG)
        return 0;
    if (render_lines(x, &m->rt) != 0) {
        m->oom = 1;
        return 0;
    }
    if (m->rt.n != 1)
        return 0;
    const char *t = m->rt.text.p + m->rt.lines[0].off;
    size_t n = m->rt.lines[0].len;
    while (n && t[n - 1] == ':')
        n--;
    if (n == 0 || n > 48)
        return 0;
    if (pat_heading_label(t, n) == want)
        return 1;
    static const char *const q[] = {"practice question", "sample question", "quiz question",
                                    "review question",   "연습 문제",       "예제 문제"};
    static const char *const a[] = {"suggested answers", "suggested answer", "correct answers",
                                    "correct answer",    "answer key",       "answer keys"};
    const char *const *v = want == 2 ? q : a;
    size_t nv = want == 2 ? sizeof q / sizeof q[0] : sizeof a / sizeof a[0];
    for (size_t i = 0; i < nv; i++)
        if (strlen(v[i]) == n && strncasecmp(t, v[i], n) == 0)
            return 1;
    return 0;
}

/* A key list under a bold answer label: "- A", "- B - Correct", "- C": one
 * bullet per option label, the right one marked (Correct, (correct), ✓, ✔,
 * ✅). Fills g's key fields; 0 when lst is no such list. */
static int key_list(mstate *m, group *g, cmark_node *lst)
{
    if (!lst || cmark_node_get_type(lst) != CMARK_NODE_LIST ||
        cmark_node_get_list_type(lst) != CMARK_BULLET_LIST)
        return 0;
    int marks = 0;
    size_t items = 0;
    for (cmark_node *it = cmark_node_first_child(lst); it; it = cmark_node_next(it), items++) {
        cmark_node *para = cmark_node_first_child(it);
        if (!para || cmark_node_next(para) || render_lines(para, &m->rt) != 0 || m->rt.n != 1)
            return 0;
        const char *t = m->rt.text.p + m->rt.lines[0].off;
        size_t n = m->rt.lines[0].len, v = 0;
        while (v < n && v < 4 && t[v] != ' ' && t[v] != ')' && t[v] != '.')
            v++; /* the label: "B", "(b)" aside, one to four bytes */
        if (v == 0 || v == 4)
            return 0;
        size_t r = v;
        while (r < n && (t[r] == ' ' || t[r] == '.' || t[r] == ')' || t[r] == '-' || t[r] == ':' ||
                         t[r] == '(' || t[r] == '*' || t[r] == '_'))
            r++;
        int mark = 0;
        if (r < n) {
            const char *w = t + r;
            size_t wn = n - r;
            while (wn && (w[wn - 1] == ')' || w[wn - 1] == ' ' || w[wn - 1] == '.'))
                wn--;
            mark = (wn == 7 && strncasecmp(w, "correct", 7) == 0) ||
                   (wn == 3 &&
                    (memcmp(w, "\xE2\x9C\x93", 3) == 0 || memcmp(w, "\xE2\x9C\x94", 3) == 0 ||
                     memcmp(w, "\xE2\x9C\x85", 3) == 0));
            if (!mark)
                return 0; /* text that is no mark: no key list */
        }
        if (mark && ++marks == 1) {
            memcpy(g->kval, t, v);
            g->kval[v] = '\0';
        } else if (mark && marks == 2) {
            g->kline2 = cmark_node_get_start_line(it);
        }
    }
    if (items < 2 || marks == 0)
        return 0;
    g->kmarks = marks;
    g->klist = lst;
    return 1;
}

/* The answer line of a group: the paragraph line after its options, or the
 * next block after it (past HTML such as <details>) when that opens with one. */
static void find_answer(mstate *m, group *g)
{
    if (cmark_node_get_type(g->node) == CMARK_NODE_PARAGRAPH) {
        if (render_lines(g->node, &m->rt) != 0) {
            m->oom = 1;
            return;
        }
        size_t rest;
        if (g->to < m->rt.n &&
            answer_line(m->rt.text.p + m->rt.lines[g->to].off, m->rt.lines[g->to].len, &rest)) {
            g->ans = g->node;
            g->ans_in_para = 1;
            g->ans_line = m->rt.lines[g->to].line;
            return;
        }
        if (g->to < m->rt.n)
            return; /* more text follows the options in their paragraph */
    }
    for (cmark_node *x = cmark_node_next(g->node); x; x = cmark_node_next(x)) {
        cmark_node_type t = cmark_node_get_type(x);
        if (t == CMARK_NODE_HTML_BLOCK)
            continue;
        if (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING && t != CMARK_NODE_BLOCK_QUOTE)
            return; /* a quote: "> **Answer: B**" and its explanation (learning-zone) */
        if (bold_label(m, x, 1) && key_list(m, g, cmark_node_next(x))) {
            g->klabel = x;
            g->ans_line = cmark_node_get_start_line(x);
            return;
        }
        const char *ft = first_text(x);
        size_t rest;
        if (answer_line(ft, strlen(ft), &rest)) {
            g->ans = x;
            g->ans_line = cmark_node_get_start_line(x);
        }
        return;
    }
}

/* A label with no space before code: "D:`x`" (list_is_options took it as
 * an option); sets *len. */
static int tight_label(const char *s, size_t n, size_t *len)
{
    int fam;
    for (size_t k = 2; k <= 5 && k <= n; k++)
        if (label_at_more(s, k, 0, 2, len, &fam) >= 0)
            return 1;
    return 0;
}

/* The rendered text of option i of g (after its label), into m->tmp. */
static int option_text(mstate *m, const group *g, size_t i)
{
    buf_reset(&m->tmp);
    const char *s;
    size_t n;
    if (cmark_node_get_type(g->node) == CMARK_NODE_LIST) {
        cmark_node *it = cmark_node_first_child(g->node);
        for (size_t k = 0; k < i && it; k++)
            it = cmark_node_next(it);
        if (!it || render_lines(cmark_node_first_child(it), &m->rt) != 0 || m->rt.n == 0)
            return -1;
        s = m->rt.text.p + m->rt.lines[0].off;
        n = m->rt.lines[0].len;
        if (g->task) {
            s += 4;
            n -= 4;
            while (n && *s == ' ') {
                s++;
                n--;
            }
        } else if (cmark_node_get_list_type(g->node) != CMARK_ORDERED_LIST) {
            size_t len;
            int fam;
            if (label_at(s, n, 0, &len, &fam) >= 0 || tight_label(s, n, &len)) {
                s += len;
                n -= len;
            }
        }
    } else {
        if (render_lines(g->node, &m->rt) != 0 || g->from + i >= m->rt.n)
            return -1;
        s = m->rt.text.p + m->rt.lines[g->from + i].off;
        n = m->rt.lines[g->from + i].len;
        size_t len;
        int fam;
        if (label_at(s, n, 0, &len, &fam) >= 0) {
            s += len;
            n -= len;
        }
    }
    return buf_add(&m->tmp, s, n);
}

static size_t n_options(const group *g)
{
    if (cmark_node_get_type(g->node) != CMARK_NODE_LIST)
        return g->to - g->from;
    size_t n = 0;
    for (cmark_node *it = cmark_node_first_child(g->node); it; it = cmark_node_next(it))
        n++;
    return n;
}

/* Which option a value names: a label ("b", "(b)", "b) text", "②", "4"), else
 * an option's exact text. -2 when it is a label beyond the options, -1 when
 * it names none. */
static int value_index(mstate *m, const group *g, const char *v, size_t n)
{
    size_t a, b;
    pat_trim(v, n, &a, &b);
    while (b > a && (v[b - 1] == '.' || v[b - 1] == '*'))
        b--;
    v += a;
    n = b - a;
    if (n == 0)
        return -1;
    size_t no = n_options(g), len;
    int fam;
    int idx = label_at(v, n, 1, &len, &fam);
    if (idx >= 0)
        return (size_t)idx < no ? idx : -2;
    for (size_t i = 0; i < no; i++) {
        if (option_text(m, g, i) != 0) {
            m->oom = 1;
            return -1;
        }
        if (m->tmp.len == n && memcmp(m->tmp.p, v, n) == 0)
            return (int)i;
    }
    return -1;
}

/* ---- the answer key section ---------------------------------------------------- */

static int key_title(const char *s)
{
    static const char *const titles[] = {"answers",   "answer key",   "answer sheet", "key",
                                         "solutions", "정답",         "답안",         "해답",
                                         "정답표",    "정답 및 해설", "빠른 정답"};
    size_t n = strlen(s), a, b;
    pat_trim(s, n, &a, &b);
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        size_t k = strlen(titles[i]);
        if (b - a != k)
            continue;
        size_t j = 0;
        while (j < k &&
               (s[a + j] >= 'A' && s[a + j] <= 'Z' ? s[a + j] + 32 : s[a + j]) == titles[i][j])
            j++;
        if (j == k)
            return 1;
    }
    return 0;
}

static int key_add(mstate *m, long number, const char *v, size_t n, long line)
{
    size_t len;
    int fam;
    if (label_at(v, n, 1, &len, &fam) < 0)
        return -1; /* "yes", "see above": no key */
    key_entry *p = grow(m->k, &m->capk, m->nk, sizeof *p, &m->oom);
    if (!p)
        return -1;
    m->k = p;
    char *s = arena_strndup(&m->d->mem, v, n);
    if (!s) {
        m->oom = 1;
        return -1;
    }
    m->k[m->nk++] = (key_entry){number, s, line};
    return 0;
}

/* Whether s (what follows a key entry's value) is its explanation: " — …",
 * " – …", " - …", ": …" (dbt week 5 quiz: "1. **B** — `ref` does two
 * things …"). */
static int key_explained(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (n - i >= 3 &&
        (memcmp(s + i, "\xE2\x80\x94", 3) == 0 || memcmp(s + i, "\xE2\x80\x93", 3) == 0))
        return 1;
    return i > 0 && n - i >= 2 && (s[i] == '-' || s[i] == ':') && s[i + 1] == ' ';
}

/* Entries of one line: "1. b 2. c", "1-b, 2-c", "Q1: ②", "1번 ③", "1 b",
 * the last one with an explanation ("1. b — because …"). Returns the count,
 * or -1 when the line is something else. */
static int key_line(mstate *m, const char *s, size_t n, long line)
{
    size_t i = 0;
    int count = 0;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == ';' || s[i] == '|' || s[i] == '/'))
            i++;
        if (i >= n)
            return count;
        if (s[i] == 'Q' || s[i] == 'q')
            i++;
        if (i >= n || s[i] < '0' || s[i] > '9')
            return -1;
        long num = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9' && num < 100000)
            num = num * 10 + (s[i++] - '0');
        if (n - i >= 3 && memcmp(s + i, "번", 3) == 0)
            i += 3;
        if (i < n && (s[i] == '.' || s[i] == ')' || s[i] == ':' || s[i] == '-' || s[i] == '='))
            i++;
        while (i < n && s[i] == ' ')
            i++;
        size_t v = i;
        while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != ';' && s[i] != '|')
            i++;
        if (i == v)
            return -1;
        if (key_add(m, num, s + v, i - v, line) != 0)
            return -1;
        count++;
        if (key_explained(s + i, n - i))
            return count;
    }
}

/* The blocks under a key heading, up to the next heading of its level or
 * higher: each a list, a paragraph or a table of entries. Their last block
 * when they all are, else NULL. */
static cmark_node *read_key(mstate *m, cmark_node *heading)
{
    int level = cmark_node_get_heading_level(heading);
    size_t before = m->nk;
    int ok = 1;
    cmark_node *x;
    for (x = cmark_node_next(heading); x && ok; x = cmark_node_next(x)) {
        cmark_node_type t = cmark_node_get_type(x);
        if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level(x) <= level)
            break;
        if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_THEMATIC_BREAK)
            continue;
        if (t == CMARK_NODE_LIST) {
            long num = cmark_node_get_list_start(x);
            int ordered = cmark_node_get_list_type(x) == CMARK_ORDERED_LIST;
            for (cmark_node *it = cmark_node_first_child(x); it && ok; it = cmark_node_next(it)) {
                cmark_node *p = cmark_node_first_child(it);
                if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH ||
                    render_lines(p, &m->rt) != 0 || m->rt.n == 0) {
                    ok = 0;
                    break;
                }
                const char *s = m->rt.text.p + m->rt.lines[0].off;
                size_t n = m->rt.lines[0].len;
                long line = m->rt.lines[0].line;
                if (ordered) { /* "1. b", or "1. b 2. c 3. a" read as one item, or
                                  "1. b — explanation" (on more lines, too) */
                    const char *sp = memchr(s, ' ', n);
                    size_t k = sp ? (size_t)(sp - s) : n;
                    int expl = k == n || key_explained(s + k, n - k);
                    if (!expl && k > 1 && s[k - 1] == ':') {
                        expl = 1; /* "1. **C**: because …" */
                        k--;
                    }
                    ok = (m->rt.n == 1 || expl) && key_add(m, num, s, k, line) == 0 &&
                         (expl || key_line(m, s + k, n - k, line) > 0);
                    num++;
                } else if (m->rt.n != 1) {
                    ok = 0;
                } else {
                    ok = key_line(m, s, n, line) > 0;
                }
            }
        } else if (t == CMARK_NODE_PARAGRAPH) {
            if (render_lines(x, &m->rt) != 0) {
                m->oom = 1;
                return NULL;
            }
            for (size_t i = 0; i < m->rt.n && ok; i++)
                ok = key_line(m, m->rt.text.p + m->rt.lines[i].off, m->rt.lines[i].len,
                              m->rt.lines[i].line) > 0;
        } else if (is_table(x)) {
            cmark_node *row = cmark_node_first_child(x);
            for (row = row ? cmark_node_next(row) : NULL; row && ok; row = cmark_node_next(row)) {
                buf_reset(&m->tmp);
                for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c)) {
                    if (render_lines(c, &m->rt) != 0) {
                        m->oom = 1;
                        return NULL;
                    }
                    if (m->tmp.len)
                        buf_addc(&m->tmp, ' ');
                    rtext_join(&m->rt, 0, &m->tmp);
                }
                ok = key_line(m, m->tmp.p ? m->tmp.p : "", m->tmp.len,
                              cmark_node_get_start_line(row)) > 0;
            }
        } else {
            ok = 0;
        }
    }
    if (!ok || m->nk == before || m->oom) {
        m->nk = before;
        return NULL;
    }
    cmark_node *last = heading;
    for (cmark_node *y = cmark_node_next(heading); y != x; y = cmark_node_next(y)) {
        drop_node(m, y);
        last = y;
    }
    return last;
}

/* ---- the passes ------------------------------------------------------------------ */

static cmark_node *text_node(const char *s)
{
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    if (t && !cmark_node_set_literal(t, s)) {
        cmark_node_free(t);
        return NULL;
    }
    return t;
}

/* Removes lines [from, to) of a paragraph (and the breaks after them). */
static void remove_lines(cmark_node *para, size_t from, size_t to)
{
    size_t line = 0;
    cmark_node *x = cmark_node_first_child(para), *nx;
    cmark_node *last_kept_break = NULL;
    for (; x; x = nx) {
        nx = cmark_node_next(x);
        int brk = is_break(x);
        if (line >= from && line < to)
            cmark_node_free(x);
        else if (brk)
            last_kept_break = x;
        if (brk)
            line++;
    }
    /* the paragraph now ends with the break before the removed lines */
    cmark_node *end = cmark_node_last_child(para);
    if (end && is_break(end) && end == last_kept_break)
        cmark_node_free(end);
}

/* "# Question 1", a paragraph (the question), more paragraphs (an image,
 * a formula), then the options: the walk takes a label heading for
 * scaffolding and a bare paragraph for no question, so the first paragraph
 * after the label gets the walk's own "Q: " (EKK-MockTest's shape). Returns
 * -1 when out of memory. */
static int label_question(mstate *m, const group *g)
{
    if (cmark_node_get_type(g->node) == CMARK_NODE_PARAGRAPH && g->from > 0)
        return 0; /* the question is the paragraph's own first lines */
    cmark_node *first = NULL, *x = cmark_node_previous(g->node);
    int bold = 0; /* "__Practice Question__", "**Question 1**": a label paragraph */
    for (; x && cmark_node_get_type(x) == CMARK_NODE_PARAGRAPH; x = cmark_node_previous(x)) {
        if ((bold = bold_label(m, x, 2)) != 0)
            break;
        first = x;
    }
    if (m->oom)
        return -1;
    if (!first || !x || (!bold && cmark_node_get_type(x) != CMARK_NODE_HEADING))
        return 0;
    if (!bold) {
        if (render_lines(x, &m->rt) != 0)
            return -1;
        buf_reset(&m->tmp);
        if (rtext_join(&m->rt, 0, &m->tmp) != 0)
            return -1;
        if (m->tmp.len == 0 || m->tmp.len > 48 || pat_heading_label(m->tmp.p, m->tmp.len) != 2)
            return 0;
    } else {
        drop_node(m, x); /* scaffolding, not the topic's text */
    }
    /* "Q: ..." already, in any paragraph before the options (an image, then
     * "Q: 다음 이미지에 …"): the walk reads it */
    for (cmark_node *p = first; p != g->node; p = cmark_node_next(p)) {
        if (render_lines(p, &m->rt) != 0)
            return -1;
        size_t rest;
        if (m->rt.n &&
            pat_qa_prefix(m->rt.text.p + m->rt.lines[0].off, m->rt.lines[0].len, &rest) != PAT_NONE)
            return 0;
    }
    if (render_lines(first, &m->rt) != 0)
        return -1;
    if (m->rt.n == 0)
        return 0;
    cmark_node *t = text_node("Q: ");
    if (!t)
        return -1;
    cmark_node *c0 = cmark_node_first_child(first);
    if (!(c0 ? cmark_node_insert_before(c0, t) : cmark_node_append_child(first, t))) {
        cmark_node_free(t);
        return -1;
    }
    return 0;
}

/* Whether the text of block x (a heading or a paragraph) asks: a line reads
 * strongly as a question, opens with a Q prefix, or the heading numbers a
 * question ("### Question 3"). -1 when out of memory. */
static int block_asks(mstate *m, cmark_node *x)
{
    if (render_lines(x, &m->rt) != 0)
        return -1;
    for (size_t i = 0; i < m->rt.n; i++) {
        const char *s = m->rt.text.p + m->rt.lines[i].off;
        size_t n = m->rt.lines[i].len, rest;
        if (pat_qa_prefix(s, n, &rest) == PAT_Q || pat_question_class(s, n) == PQ_STRONG)
            return 1;
        if (cmark_node_get_type(x) == CMARK_NODE_HEADING && n <= 48 && pat_heading_label(s, n) == 2)
            return 1;
    }
    return 0;
}

/* A group with no answer line and no key that is still an exam's: a bullet
 * list labelled with letters (A. B. / a) b) / ①②) standing right under its
 * question (a heading or a paragraph that asks, with only code or HTML in
 * between). Numbered lists and labelled lines inside prose stay answer text.
 * -1 when out of memory. */
static int unkeyed_options(mstate *m, const group *g)
{
    if (cmark_node_get_type(g->node) != CMARK_NODE_LIST || g->task ||
        cmark_node_get_list_type(g->node) == CMARK_ORDERED_LIST)
        return 0;
    cmark_node *it = cmark_node_first_child(g->node);
    cmark_node *tn = it ? first_text_node(cmark_node_first_child(it)) : NULL;
    const char *t = tn ? cmark_node_get_literal(tn) : NULL;
    size_t len;
    int fam;
    if (!t || label_at_more(t, strnlen(t, LABEL_SCAN), 0, more_of(tn, 0), &len, &fam) != 0 ||
        fam / 8 == FAM_DIGIT)
        return 0;
    cmark_node *x = cmark_node_previous(g->node);
    while (x && (cmark_node_get_type(x) == CMARK_NODE_CODE_BLOCK ||
                 cmark_node_get_type(x) == CMARK_NODE_HTML_BLOCK))
        x = cmark_node_previous(x);
    if (!x || (cmark_node_get_type(x) != CMARK_NODE_HEADING &&
               cmark_node_get_type(x) != CMARK_NODE_PARAGRAPH))
        return 0;
    return block_asks(m, x);
}

static assay_code resolve(mstate *m, mc_set *mc)
{
    kb_doc *d = m->d;
    for (size_t gi = 0; gi < m->ng && !m->oom; gi++) {
        group *g = &m->g[gi];
        size_t no = n_options(g);
        int idx = -1, unkeyed = 0;
        if (g->task) {
            if (g->n_checked > 1)
                return err_set_at(m->e, ASSAY_EINPUT, d->file, g->checked2, 0, -1,
                                  "the multiple-choice options at line %ld mark %d answers "
                                  "with [x]; an item has one answer: mark only the right "
                                  "option [x], the others [ ]",
                                  g->line, g->n_checked);
            idx = g->checked;
        } else if (g->klist) {
            if (g->kmarks > 1)
                return err_set_at(m->e, ASSAY_EINPUT, d->file, g->kline2, 0, -1,
                                  "the answers at line %ld mark %d of the options at line %ld "
                                  "correct (a multi-select question); an item has one answer: "
                                  "mark only one",
                                  g->ans_line, g->kmarks, g->line);
            idx = value_index(m, g, g->kval, strlen(g->kval));
            if (idx < 0)
                return err_set_at(m->e, ASSAY_EINPUT, d->file, g->ans_line, 0, -1,
                                  "the answer \"%s\" names none of the %zu options at line %ld; "
                                  "write the option's label (a, b, 1, ②) or its text",
                                  g->kval, no, g->line);
        } else if (g->ans) {
            const char *v;
            size_t vn, rest = 0;
            if (g->ans_in_para) {
                /* m->rt holds the paragraph from find_answer; render again to be sure */
                if (render_lines(g->node, &m->rt) != 0)
                    return ASSAY_ENOMEM;
                v = m->rt.text.p + m->rt.lines[g->to].off;
                vn = m->rt.lines[g->to].len;
            } else {
                cmark_node *ap = g->ans; /* a quote: its first paragraph */
                if (cmark_node_get_type(ap) == CMARK_NODE_BLOCK_QUOTE)
                    ap = cmark_node_first_child(ap);
                if (!ap || render_lines(ap, &m->rt) != 0 || m->rt.n == 0)
                    return ASSAY_ENOMEM;
                v = m->rt.text.p + m->rt.lines[0].off;
                vn = m->rt.lines[0].len;
            }
            answer_line(v, vn, &rest);
            char val[128];
            size_t k = vn - rest < sizeof val - 1 ? vn - rest : sizeof val - 1;
            memcpy(val, v + rest, k);
            val[k] = '\0';
            idx = value_index(m, g, val, k);
            if (idx == -1) {
                /* free text that names no option: no exam, unless a key says so */
                if (m->key_line == 0)
                    continue;
            }
            if (idx < 0)
                return err_set_at(m->e, ASSAY_EINPUT, d->file, g->ans_line, 0, -1,
                                  "the answer \"%s\" names none of the %zu options at line %ld; "
                                  "write the option's label (a, b, 1, ②) or its text",
                                  val, no, g->line);
        } else if (m->key_line) {
            /* the n-th group takes key entry n */
            const key_entry *ke = NULL;
            for (size_t i = 0; i < m->nk; i++)
                if (m->k[i].number == (long)gi + 1)
                    ke = &m->k[i];
            if (!ke)
                return err_set_at(m->e, ASSAY_EINPUT, d->file, g->line, 0, -1,
                                  "multiple-choice question %zu (options at line %ld) has no "
                                  "entry in the answer key at line %ld",
                                  gi + 1, g->line, m->key_line);
            idx = value_index(m, g, ke->value, strlen(ke->value));
            if (idx < 0)
                return err_set_at(m->e, ASSAY_EINPUT, d->file, ke->line, 0, -1,
                                  "answer key entry %zu \"%s\" names none of the %zu options at "
                                  "line %ld",
                                  gi + 1, ke->value, no, g->line);
        } else if ((unkeyed = unkeyed_options(m, g)) != 0) {
            if (unkeyed < 0)
                return ASSAY_ENOMEM;
        } else {
            continue; /* a list in an answer: no exam */
        }
        if (m->oom)
            break;
        /* the record: key and distractors */
        mc_rec *r = grow(mc->v, &mc->cap, mc->n, sizeof *r, &m->oom);
        if (!r)
            break;
        mc->v = r;
        r = &mc->v[mc->n++];
        memset(r, 0, sizeof *r);
        r->line = g->line;
        r->unkeyed = unkeyed;
        if (unkeyed)
            r->key = MC_NO_KEY;
        for (size_t i = 0; i < no && !m->oom; i++) {
            if (option_text(m, g, i) != 0) {
                m->oom = 1;
                break;
            }
            char *s = arena_strndup(&d->mem, m->tmp.p ? m->tmp.p : "", m->tmp.len);
            if (!s) {
                m->oom = 1;
                break;
            }
            if ((int)i == idx) {
                r->key = s;
            } else {
                const char **slot = arena_push(&d->mem, (void **)&r->others.v, &r->others.n,
                                               &r->others.cap, sizeof *slot);
                if (!slot) {
                    m->oom = 1;
                    break;
                }
                *slot = s;
            }
        }
        if (m->oom)
            break;
        if (label_question(m, g) != 0) {
            m->oom = 1;
            break;
        }
        /* the rewrite: an answer line naming the key where the options were */
        buf_reset(&m->tmp);
        size_t kl = strlen(r->key);
        if (buf_adds(&m->tmp, "Answer: ") != 0 || buf_adds(&m->tmp, r->key) != 0 ||
            /* a key that asks ("B) When we say yes, are we right?", ML03 quiz) is no
             * follow-up question to the walk: a mark after it, which mc_attach drops */
            (kl && r->key[kl - 1] == '?' && buf_adds(&m->tmp, " \xC2\xB7") != 0)) {
            m->oom = 1;
            break;
        }
        cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
        cmark_node *t = text_node(m->tmp.p);
        if (!p || !t || !cmark_node_append_child(p, t)) {
            cmark_node_free(p);
            cmark_node_free(t);
            m->oom = 1;
            break;
        }
        if (cmark_node_get_type(g->node) == CMARK_NODE_LIST) {
            cmark_node_insert_before(g->node, p);
            if (!unkeyed) /* unkeyed: kept, for when the walk reads it as text after all */
                drop_node(m, g->node);
        } else {
            cmark_node_insert_after(g->node, p);
            remove_lines(g->node, g->from, g->to + (g->ans_in_para ? 1 : 0));
            if (!cmark_node_first_child(g->node))
                drop_node(m, g->node);
        }
        if (g->klist) { /* the label and the key list */
            drop_node(m, g->klabel);
            drop_node(m, g->klist);
        }
        if (g->ans && !g->ans_in_para) {
            /* the answer line, and a <details> around it */
            cmark_node *first = p, *last = g->ans;
            for (cmark_node *x = cmark_node_next(p); x && x != g->ans; x = cmark_node_next(x)) {
                const char *lit = cmark_node_get_literal(x);
                if (cmark_node_get_type(x) == CMARK_NODE_HTML_BLOCK && lit &&
                    strstr(lit, "<details")) {
                    first = x;
                    break;
                }
            }
            if (first != p) {
                for (cmark_node *x = cmark_node_next(g->ans); x; x = cmark_node_next(x)) {
                    cmark_node_type tt = cmark_node_get_type(x);
                    if (tt == CMARK_NODE_HEADING)
                        break;
                    const char *lit = cmark_node_get_literal(x);
                    if (tt == CMARK_NODE_HTML_BLOCK && lit && strstr(lit, "</details>")) {
                        last = x;
                        break;
                    }
                }
            }
            cmark_node *x = first == p ? g->ans : first;
            for (;;) {
                cmark_node *nx = cmark_node_next(x);
                if (x != g->node)
                    drop_node(m, x);
                if (x == last || !nx)
                    break;
                x = nx;
            }
        }
    }
    if (m->oom)
        return ASSAY_ENOMEM;
    /* every key entry must name a question */
    for (size_t i = 0; i < m->nk; i++)
        if (m->k[i].number < 1 || (size_t)m->k[i].number > m->ng)
            return err_set_at(m->e, ASSAY_EINPUT, d->file, m->k[i].line, 0, -1,
                              "answer key entry %ld has no multiple-choice question (the "
                              "document has %zu)",
                              m->k[i].number, m->ng);
    return ASSAY_OK;
}

static void group_add(mstate *m, cmark_node *nd, size_t from, size_t to, const group *task)
{
    group *p = grow(m->g, &m->capg, m->ng, sizeof *p, &m->oom);
    if (!p)
        return;
    m->g = p;
    group *g = &m->g[m->ng++];
    memset(g, 0, sizeof *g);
    g->node = nd;
    g->from = from;
    g->to = to;
    g->line = cmark_node_get_start_line(nd);
    if (task) {
        g->task = 1;
        g->checked = task->checked;
        g->n_checked = task->n_checked;
        g->checked2 = task->checked2;
        return; /* its key is the [x]: no answer line */
    }
    if (cmark_node_get_type(nd) == CMARK_NODE_PARAGRAPH) {
        size_t l = 0;
        for (cmark_node *x = cmark_node_first_child(nd); x && l < from; x = cmark_node_next(x))
            l += is_break(x) ? 1 : 0;
        g->line += (long)l;
    }
    find_answer(m, g);
}

assay_code mc_prepare(mc_set *mc, cmark_node *root, srclines *sl, kb_doc *d, errinfo *e)
{
    mstate m;
    memset(&m, 0, sizeof m);
    m.d = d;
    m.e = e;
    rtext_init(&m.rt, (size_t)1 << 30);
    buf_init(&m.tmp, (size_t)1 << 30);
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        m.oom = 1;
    cmark_event_type ev;
    while (it && !m.oom && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *nd = cmark_iter_get_node(it);
        size_t from, to;
        cmark_node_type t = cmark_node_get_type(nd);
        if (t == CMARK_NODE_LIST || t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE) {
            /* a container whose lines could hold no first option (a list from
             * 1, a label) and no key heading holds nothing of ours: its
             * subtree unread */
            if (!srclines_may_mc(sl, cmark_node_get_start_line(nd), cmark_node_get_end_line(nd))) {
                cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
                continue;
            }
        } else if (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING && nd != root &&
                   (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK && is_table(nd)) {
            cmark_iter_reset(it, nd, CMARK_EVENT_EXIT); /* cells hold inlines only */
            continue;
        }
        switch (t) {
        case CMARK_NODE_LIST: {
            group tg;
            if (list_is_options(nd)) {
                group_add(&m, nd, 0, 0, NULL);
                cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            } else if (list_is_tasks(nd, &m.rt, &tg, &m.oom)) {
                group_add(&m, nd, 0, 0, &tg);
                cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            }
            break;
        }
        case CMARK_NODE_PARAGRAPH:
            if (para_options(nd, sl, &from, &to))
                group_add(&m, nd, from, to, NULL);
            cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            break;
        case CMARK_NODE_HEADING: {
            cmark_node *last = NULL;
            if (m.key_line == 0 &&
                srclines_may(sl, cmark_node_get_start_line(nd), cmark_node_get_end_line(nd),
                             SL_KEY) &&
                key_title(first_text(nd)) && (last = read_key(&m, nd)))
                m.key_line = cmark_node_get_start_line(nd);
            cmark_iter_reset(it, last ? last : nd, CMARK_EVENT_EXIT);
            break;
        }
        default: break;
        }
    }
    cmark_iter_free(it);
    assay_code rc = m.oom ? ASSAY_ENOMEM : ASSAY_OK;
    if (rc == ASSAY_OK && m.ng > 0)
        rc = resolve(&m, mc);
    if (rc == ASSAY_ENOMEM || m.oom)
        rc = err_set(e, ASSAY_ENOMEM, "out of memory reading multiple-choice items");
    if (rc == ASSAY_OK)
        drop_all(&m);
    free(m.g);
    free(m.k);
    free(m.drop);
    rtext_free(&m.rt);
    buf_free(&m.tmp);
    return rc;
}

/* The line of s that is MC_NO_KEY (the walk put an unkeyed group's answer
 * line into text it was already reading), removed: a copy in d's arena, or s
 * when there is none; NULL when out of memory. */
static const char *strip_no_key(kb_doc *d, const char *s)
{
    size_t kl = strlen(MC_NO_KEY);
    for (const char *p = s ? strstr(s, MC_NO_KEY) : NULL; p; p = strstr(p + 1, MC_NO_KEY)) {
        if ((p != s && p[-1] != '\n') || (p[kl] != '\0' && p[kl] != '\n'))
            continue;
        size_t a = (size_t)(p - s), b = a + kl;
        if (s[b] == '\n')
            b++; /* the line and its newline */
        else if (a > 0)
            a--; /* the last line: the newline before it */
        return arena_printf(&d->mem, "%.*s%s", (int)a, s, s + b);
    }
    return s;
}

/* A short quotation of the first line of s for a warning, cut at a
 * character boundary: its length. */
static int quote_len(const char *s)
{
    size_t n = strcspn(s, "\n");
    if (n <= 80)
        return (int)n;
    n = 80;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* Removes the items marked in gone (warned already), and the topics left with
 * nothing; ASSAY_EINPUT when no item is left. */
static assay_code drop_unkeyed(kb_doc *d, unsigned char *gone, size_t n_gone, long first,
                               errinfo *e)
{
    size_t w = 0;
    for (size_t i = 0; i < d->n_items; i++) {
        if (gone[i]) {
            d->topics[d->items[i].topic].n_items--;
            continue;
        }
        d->items[w++] = d->items[i];
    }
    d->n_items = w;
    if (w == 0)
        return err_set_at(e, ASSAY_EINPUT, d->file, first, 0, -1,
                          "%zu multiple-choice question(s) with options but no answer (no "
                          "answer line under the options, no answer key section): nothing to "
                          "import; write \"Answer: B\" under each question's options, or an "
                          "\"## Answers\" section (\"1. B\") at the end",
                          n_gone);
    long *map = malloc((d->n_topics ? d->n_topics : 1) * sizeof *map);
    if (!map)
        return err_set(e, ASSAY_ENOMEM, "out of memory reading multiple-choice items");
    size_t t = 0;
    for (size_t i = 0; i < d->n_topics; i++) {
        if (d->topics[i].n_items == 0 && d->topics[i].n_blocks == 0) {
            map[i] = -1;
            continue;
        }
        map[i] = (long)t;
        d->topics[t++] = d->topics[i];
    }
    d->n_topics = t;
    for (size_t i = 0; i < d->n_items; i++)
        d->items[i].topic = (size_t)map[d->items[i].topic];
    for (size_t i = 0; i < d->n_blocks; i++)
        d->blocks[i].topic = (size_t)map[d->blocks[i].topic];
    free(map);
    return ASSAY_OK;
}

assay_code mc_attach(const mc_set *mc, kb_doc *d, size_t *skipped, errinfo *e)
{
    size_t j = 0;
    long taken = -1;
    unsigned char *gone = NULL;
    size_t n_gone = 0;
    long first_gone = 0;
    for (size_t r = 0; r < mc->n; r++) {
        const mc_rec *rec = &mc->v[r];
        while (j + 1 < d->n_items && d->items[j + 1].line <= rec->line)
            j++;
        kb_item *it = j < d->n_items ? &d->items[j] : NULL;
        size_t kl = strlen(rec->key);
        if (rec->unkeyed) {
            if (it && it->line <= rec->line && (long)j != taken && it->answer &&
                strncmp(it->answer, rec->key, kl) == 0 &&
                (it->answer[kl] == '\0' || it->answer[kl] == '\n')) {
                if (!gone && !(gone = calloc(d->n_items, 1)))
                    return err_set(e, ASSAY_ENOMEM, "out of memory reading multiple-choice items");
                gone[j] = 1;
                if (n_gone++ == 0)
                    first_gone = it->line;
                taken = (long)j;
                kb_warning *wn = arena_push(&d->mem, (void **)&d->warnings, &d->n_warnings,
                                            &d->cap_warnings, sizeof *wn);
                const char *msg =
                    wn ? arena_printf(&d->mem,
                                      "multiple-choice question without an answer (no answer "
                                      "line under its options at line %ld, no answer key "
                                      "section); skipped: \"%.*s\"",
                                      rec->line, quote_len(it->question), it->question)
                       : NULL;
                if (!msg) {
                    free(gone);
                    return err_set(e, ASSAY_ENOMEM, "out of memory reading multiple-choice items");
                }
                wn->line = it->line;
                wn->message = msg;
                continue;
            }
            /* the options were no question's own: the text reads as before */
            for (size_t i = 0; i < d->n_items; i++) {
                const char *a = strip_no_key(d, d->items[i].answer);
                if (!a) {
                    free(gone);
                    return err_set(e, ASSAY_ENOMEM, "out of memory reading multiple-choice items");
                }
                d->items[i].answer = a;
            }
            continue;
        }
        if (!it || it->line > rec->line || (long)j == taken || !it->answer ||
            strncmp(it->answer, rec->key, kl) != 0 ||
            (it->answer[kl] != '\0' && it->answer[kl] != '\n' && it->answer[kl] != ' ')) {
            free(gone);
            return err_set_at(e, ASSAY_EINPUT, d->file, rec->line, 0, -1,
                              "multiple-choice options with no question of their own before "
                              "them; write the question just above its options");
        }
        it->answer = rec->key;
        it->distractors = rec->others;
        taken = (long)j;
    }
    assay_code rc = gone ? drop_unkeyed(d, gone, n_gone, first_gone, e) : ASSAY_OK;
    free(gone);
    *skipped = n_gone;
    return rc;
}

void mc_free(mc_set *mc)
{
    free(mc->v);
    mc->v = NULL;
    mc->n = mc->cap = 0;
}
