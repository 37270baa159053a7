#include "kb/parse.h"

#include "core/buf.h"
#include "core/u8.h"
#include "kb/html.h"
#include "kb/mc.h"
#include "kb/noise.h"
#include "kb/pattern.h"
#include "kb/render.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------ */
/* Parser state                                                              */
/* ------------------------------------------------------------------------ */

typedef enum hkind { H_TOPIC, H_SECTION, H_QUESTION, H_LEVEL, H_SCENARIO } hkind;

/* One open heading; the stack is indexed by heading level 1..6. */
typedef struct hentry {
    int valid;
    hkind kind;
    pat_section sec;  /* for H_SECTION, and for a topic whose title names a section */
    long topic;       /* H_TOPIC: index into doc->topics */
    cmark_node *bare; /* H_TOPIC: the heading right after it (no body of its own), or NULL */
} hentry;

/* Where a pending question's answer ends. */
typedef enum scope {
    SC_LINE,    /* "Q:" lines: next question, heading, end of level block or section */
    SC_HEADING, /* a question heading: the next heading */
    SC_ITEM,    /* a numbered list item that is a question: the end of the item */
    SC_DETAILS  /* <details><summary>: </details> */
} scope;

typedef struct pending {
    int active;
    int explicit_a; /* an "A:" line was seen */
    scope sc;
    cmark_node *scope_node;
    int hlevel;            /* SC_HEADING: the question heading's level */
    cmark_node *item_node; /* SC_LINE: the list item a "- Q:" bullet opened, or NULL */
    cmark_node *a_item;    /* the list item an "- A:" bullet opened, or NULL */
    int await_a;           /* the Q bullet's item ended empty: only an "A:" line may follow */
    int table_next;        /* SC_ITEM ended empty before a table right after its list: the
                              table is the answer ("2. IPv4와 IPv6의 차이는?" then |…|) */
    int q_code;            /* no code or answer yet: a first code block the question points
                              at ("below code") is taken into the question */
    int bold;              /* opened by a bold paragraph (bold_question): the next one is a
                              sibling question, not a sub-heading of this answer */
    long topic;
    long block;
    long qline;
    size_t insert_at; /* a <details> answer resumed after a follow-up: its item goes before
                         the follow-ups' (their index then), else (size_t)-1 */
    buf q;
    buf limbo; /* text after the question and before any "A:" */
    buf a;
} pending;

typedef struct details {
    int depth;
    int in_summary;
    int has_summary;
    int nested;  /* the summary read is a <details> inside the question's own (a follow-up) */
    int follow;  /* the depth of the follow-up whose item is pending (ends at its </details>) */
    long nline;  /* the follow-up's summary line */
    int fu_seen; /* a follow-up was read in this <details>: its siblings are follow-ups too */
    long line;
    buf summary;
    int cells;      /* an HTML table's row: its cells so far */
    int table_rule; /* the table's header rule is written */
    int pre;        /* inside <pre> */
} details;

/* What the pre-pass decided about one heading at the document's top level
 * (heading_prepass): the walk meets them in the same order. */
typedef struct hnote {
    cmark_node *node;
    unsigned char is_q;    /* a question heading */
    unsigned char inner;   /* a question nested in another question's answer, at a depth the
                              document never asks at: it stays in that answer */
    unsigned char titled;  /* looked like a question, but its siblings are section titles */
    unsigned short others; /* titled: how many of its siblings are section titles */
    unsigned char ans;     /* an answer heading ("## Answer", pat_answer_heading) */
    unsigned char qlabel;  /* only labels a question ("## Question 1", pat_question_label) */
    unsigned char lang;    /* a label's suffix names a language: PAT_LANG_* ("(EN)", "(RU)") */
} hnote;

/* Why question-like text was not imported (the summary warning). */
enum {
    SK_NO_ANSWER,
    SK_FOLLOWUPS,
    SK_SECTION,
    SK_LABEL,
    SK_ITEM,
    SK_NO_QUESTION,
    SK_LANG,
    SK_GLOSS,
    SK_QONLY,
    SK_MC,
    SK_N
};

/* Parse-time facts about a topic, parallel to doc->topics. */
typedef struct topic_aux {
    buf concept;
    long block[10]; /* index of the topic's level block per level, -1 if none */
} topic_aux;

typedef struct pstate {
    kb_doc *d;
    errinfo *e;
    int oom;
    size_t text_max;

    hentry hs[7];
    long implicit_topic;
    long sib_topic;   /* the bare topic heading ("## # 1. Variables") the question headings */
    int sib_level;    /* after it at its level stay under, and that level (-1 and 0: none) */
    int seen_heading; /* a Markdown heading was read (an HTML <h1> after it is no title) */
    topic_aux *aux;   /* parallel to d->topics */
    size_t n_aux, cap_aux;

    long block; /* current level block, -1 if none */
    int block_hlevel;
    cmark_node *block_container;
    int block_has_q; /* a question was seen in the current block */

    pending qa;
    /* the <details> answer a nested follow-up interrupted, resumed at the
     * follow-up's </details> (the text after it is the outer answer's) */
    pending stash;
    int stash_active;

    kb_scenario *scen;
    long scen_topic;

    int list_depth;
    details det;

    hnote *hn; /* heading_prepass, in document order */
    size_t n_hn, hn_next;
    cmark_node *para_item; /* the list item whose first paragraph is being read, or NULL */
    cmark_node *ol_item;   /* the numbered item an answer line last began, and its number */
    int ol_k;

    /* the last prose run outside any question: a <details><summary>Answer</summary>
     * after it takes it as its question (and out of the concept text) */
    buf prev;
    long prev_line;
    long prev_topic;
    size_t prev_concept_len, prev_concept_src;
    /* the run's paragraphs (since the last heading, '---' or </details>): where
     * each begins in prev, and the concept text's length then (prev_pick) */
    struct {
        size_t off, concept_len, concept_src;
        long line;
        int asks; /* a line of it asks strongly (prev_drop) */
    } pm[16];
    size_t n_pm;
    /* prose stems a <details> or answer heading took as its question, and the
     * asking prose runs that ended with no answer (warned at the end, only if
     * the document asks in prose stems at all: prev_drop) */
    size_t n_stems;
    struct unanswered {
        long line;
        const char *q;
        int label; /* under a question label heading */
    } * drop;
    size_t n_drop, cap_drop;
    /* "# Question (EN)" / "## Question": the prose under a question label heading
     * is the question, whatever its form (label_arm: the next run is such prose;
     * prev_label: the current run is); n_label_q counts those left unanswered */
    int label_arm, prev_label;
    int label_closed; /* a '---' after the label's prose: new prose starts a new run */
    int item_warned;  /* the list item read was warned as unanswered: prev_drop need not */
    int has_mc;       /* mc_prepare found options: items are matched to them after the walk */
    const mc_set *mc; /* those options, with their keys */
    /* answers with no question before them ("# Answer 1." in a file of answers
     * only, an "A:" line, a <details> hiding an answer): the refusal names them */
    size_t n_orphans;
    long orphan_line;
    size_t n_label_q;
    /* a document with "(EN)" labels: label sections in other languages ("# Вопрос
     * (RU)") are skipped, from the heading of level lang_skip on; skip_node is the
     * top-level node being skipped */
    int en_labels, lang_skip;
    cmark_node *skip_node;

    size_t skipped[SK_N];

    rtext rt;
    buf tmp;

    /* image paragraphs standing right before a "Q:" paragraph (an image quiz's
     * "![image](store.jpeg)" then "Q: 다음 이미지에 …"): the question's first
     * lines (img_for: the paragraph that asks; image_before_question) */
    buf img_q;
    cmark_node *img_for;
} pstate;

static void oom(pstate *ps)
{
    ps->oom = 1;
}

/* An answer with no question before it (counted for the refusal). */
static void orphan(pstate *ps, long line)
{
    if (ps->n_orphans++ == 0)
        ps->orphan_line = line;
}

static void check(pstate *ps, int rc)
{
    if (rc != 0)
        oom(ps);
}

static char *dup_trim(pstate *ps, const char *s, size_t n)
{
    size_t a, b;
    pat_trim(s, n, &a, &b);
    char *p = arena_strndup(&ps->d->mem, s + a, b - a);
    if (!p)
        oom(ps);
    return p;
}

static void warn(pstate *ps, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void warn(pstate *ps, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kb_doc *d = ps->d;
    kb_warning *w =
        arena_push(&d->mem, (void **)&d->warnings, &d->n_warnings, &d->cap_warnings, sizeof *w);
    if (!w) {
        oom(ps);
        return;
    }
    w->line = line;
    w->message = arena_strdup(&d->mem, msg);
    if (!w->message)
        oom(ps);
}

/* A short quotation of s for messages: its first line, cut at a character
 * boundary. */
static int quote_len(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n);
    if (nl)
        n = (size_t)(nl - s);
    size_t k = n < 60 ? n : u8_prefix_for_width(s, n, 50);
    return (int)k;
}

/* "…" after a quotation of a text of several lines ("다음 코드의 결과는?…"). */
static const char *quote_more(const char *s, size_t n)
{
    return memchr(s, '\n', n) ? "…" : "";
}

/* The arguments of a \"%.*s%s\" quotation. */
#define QUOTE(s, n) quote_len((s), (n)), (s), quote_more((s), (n))

/* ------------------------------------------------------------------------ */
/* Topics and sections                                                       */
/* ------------------------------------------------------------------------ */

static long topic_push(pstate *ps, const char *text, size_t n, long line)
{
    kb_doc *d = ps->d;
    int number = 0;
    size_t rest = 0, lead = 0;
    while (lead < n && text[lead] == '#')
        lead++;
    if (lead && lead < n && text[lead] == ' ') {
        while (lead < n && text[lead] == ' ')
            lead++;
        text += lead; /* "## # 1. Variables": a '#' of the heading's text decorates */
        n -= lead;
    }
    if (!pat_topic_number(text, n, &number, &rest))
        rest = 0;
    /* ":notebook_with_decorative_cover: 네트워크": GitHub's emoji shortcodes decorate */
    for (size_t i = rest; i < n && text[i] == ':';) {
        size_t j = i + 1;
        while (j < n && j - i < 48 &&
               ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= '0' && text[j] <= '9') ||
                text[j] == '_' || text[j] == '+' || text[j] == '-'))
            j++;
        if (j == i + 1 || j >= n || text[j] != ':')
            break;
        for (j++; j < n && text[j] == ' ';)
            j++;
        if (j >= n)
            break; /* nothing but decoration: keep it */
        i = rest = j;
    }
    kb_topic *t = arena_push(&d->mem, (void **)&d->topics, &d->n_topics, &d->cap_topics, sizeof *t);
    if (!t) {
        oom(ps);
        return -1;
    }
    t->number = number;
    t->title = dup_trim(ps, text + rest, n - rest);
    size_t klen;
    char *key = u8_fold(t->title ? t->title : "", t->title ? strlen(t->title) : 0, &klen);
    if (key) {
        t->key = arena_strndup(&d->mem, key, klen);
        free(key);
    }
    if (!t->key)
        oom(ps);
    t->line = line;
    if (ps->n_aux == ps->cap_aux) {
        size_t cap = ps->cap_aux ? ps->cap_aux * 2 : 16;
        topic_aux *na = realloc(ps->aux, cap * sizeof *na);
        if (!na) {
            oom(ps);
            return -1;
        }
        ps->aux = na;
        ps->cap_aux = cap;
    }
    topic_aux *x = &ps->aux[ps->n_aux++];
    buf_init(&x->concept, ps->text_max);
    for (size_t l = 0; l < sizeof x->block / sizeof x->block[0]; l++)
        x->block[l] = -1;
    return (long)(d->n_topics - 1);
}

static long cur_topic(pstate *ps)
{
    for (int l = 6; l >= 1; l--) {
        if (l == ps->sib_level && ps->sib_topic >= 0)
            return ps->sib_topic;
        if (ps->hs[l].valid && ps->hs[l].kind == H_TOPIC)
            return ps->hs[l].topic;
    }
    if (ps->implicit_topic < 0) {
        const char *t = ps->d->title && ps->d->title[0] ? ps->d->title : ps->d->kb_name;
        ps->implicit_topic = topic_push(ps, t, strlen(t), 1);
    }
    return ps->implicit_topic;
}

/* The section we are in, and the level of its heading (0 if none). */
static pat_section cur_section(pstate *ps, int *hlevel)
{
    for (int l = 6; l >= 1; l--) {
        const hentry *h = &ps->hs[l];
        if (!h->valid || (h->kind != H_TOPIC && h->kind != H_SECTION))
            continue;
        if (hlevel)
            *hlevel = l;
        return h->sec;
    }
    if (hlevel)
        *hlevel = 0;
    return SEC_NONE;
}

static int has_enclosing_topic(pstate *ps, int level)
{
    for (int l = level - 1; l >= 1; l--)
        if (ps->hs[l].valid && ps->hs[l].kind == H_TOPIC)
            return 1;
    return 0;
}

/* Text outside any question goes to the topic's concept when we are in its
 * concept section, or directly under the topic heading. */
static buf *concept_target(pstate *ps)
{
    int hl;
    pat_section sec = cur_section(ps, &hl);
    if (hl == 0 || (sec != SEC_CONCEPT && sec != SEC_NONE))
        return NULL;
    long t = cur_topic(ps);
    if (t < 0 || (size_t)t >= ps->n_aux)
        return NULL;
    return &ps->aux[t].concept;
}

static void concept_add(pstate *ps, const char *s, size_t n, const char *sep)
{
    buf *c = concept_target(ps);
    if (!c)
        return;
    if (c->len)
        check(ps, buf_adds(c, sep));
    check(ps, buf_add(c, s, n));
}

/* ------------------------------------------------------------------------ */
/* Level blocks                                                              */
/* ------------------------------------------------------------------------ */

static void block_end(pstate *ps)
{
    kb_doc *d = ps->d;
    int used = ps->block < 0 || (size_t)ps->block + 1 != d->n_blocks ||
               d->blocks[ps->block].subtopics.n > 0 ||
               (ps->qa.active && ps->qa.block == ps->block) ||
               (ps->stash_active && ps->stash.block == ps->block);
    for (size_t i = d->n_items; !used && i-- > 0 && d->items[i].line >= d->blocks[ps->block].line;)
        used = d->items[i].block == ps->block;
    if (!used) {
        /* "## L1: Fundamental" over nothing of its own (a contents list, a
         * line of prose, the next section): a title, no level block */
        kb_block *b = &d->blocks[ps->block];
        ps->aux[b->topic].block[b->level] = -1;
        d->topics[b->topic].n_blocks--;
        d->n_blocks--;
    }
    ps->block = -1;
    ps->block_hlevel = 0;
    ps->block_container = NULL;
    ps->block_has_q = 0;
}

static void block_start(pstate *ps, int level, const char *label, size_t label_len, long line,
                        cmark_node *container, int hlevel)
{
    kb_doc *d = ps->d;
    long t = cur_topic(ps);
    if (t < 0)
        return;
    block_end(ps);
    long seen = ps->aux[t].block[level];
    if (seen >= 0) {
        warn(ps, line, "a second Level %d block in topic \"%s\"; merged with the one at line %ld",
             level, d->topics[t].title, d->blocks[seen].line);
        ps->block = seen;
        ps->block_container = container;
        ps->block_hlevel = hlevel;
        return;
    }
    kb_block *b = arena_push(&d->mem, (void **)&d->blocks, &d->n_blocks, &d->cap_blocks, sizeof *b);
    if (!b) {
        oom(ps);
        return;
    }
    b->topic = (size_t)t;
    b->level = level;
    b->label = dup_trim(ps, label, label_len);
    b->line = line;
    d->topics[t].n_blocks++;
    ps->block = (long)(d->n_blocks - 1);
    ps->aux[t].block[level] = ps->block;
    ps->block_container = container;
    ps->block_hlevel = hlevel;
}

static void subtopic_add(pstate *ps, const char *s, size_t n, long line)
{
    kb_doc *d = ps->d;
    kb_block *b = &d->blocks[ps->block];
    const char **slot = arena_push(&d->mem, (void **)&b->subtopics.v, &b->subtopics.n,
                                   &b->subtopics.cap, sizeof *slot);
    if (!slot) {
        oom(ps);
        return;
    }
    *slot = dup_trim(ps, s, n);
    long *ln = arena_push(&d->mem, (void **)&b->subtopic_lines, &b->n_subtopic_lines,
                          &b->cap_subtopic_lines, sizeof *ln);
    if (!ln) {
        oom(ps);
        return;
    }
    *ln = line;
}

/* Keeps the concept text's lines with their source lines (for derived items):
 * list is 0 for prose, -1 for a bullet, n for the n-th item of a numbered list. */
static void concept_src_add(pstate *ps, const rtext *rt, size_t from, size_t to, int list)
{
    if (!concept_target(ps))
        return;
    long t = cur_topic(ps);
    kb_topic *tp = &ps->d->topics[t];
    for (size_t k = from; k < to; k++) {
        kb_srcline *l = arena_push(&ps->d->mem, (void **)&tp->concept_src, &tp->n_concept_src,
                                   &tp->cap_concept_src, sizeof *l);
        if (!l) {
            oom(ps);
            return;
        }
        l->text = dup_trim(ps, rt->text.p + rt->lines[k].off, rt->lines[k].len);
        l->line = rt->lines[k].line;
        l->list = k == from ? list : 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Questions and answers                                                     */
/* ------------------------------------------------------------------------ */

static void item_emit(pstate *ps, kb_kind kind, long topic, long block, const char *q, size_t qn,
                      const char *a, size_t an, const kb_scenario *sc, long line)
{
    kb_doc *d = ps->d;
    kb_item *it = arena_push(&d->mem, (void **)&d->items, &d->n_items, &d->cap_items, sizeof *it);
    if (!it) {
        oom(ps);
        return;
    }
    it->kind = kind;
    it->topic = (size_t)topic;
    it->block = block;
    it->level = block >= 0 ? d->blocks[block].level : 0;
    it->question = dup_trim(ps, q, qn);
    it->answer = dup_trim(ps, a, an);
    it->scenario = sc;
    it->line = line;
    d->topics[topic].n_items++;
}

/* Trims every line of b and drops empty ones, in place; code blocks stay
 * verbatim (render.h). */
static void tidy_lines(buf *b)
{
    render_tidy(b);
}

/* An answer that is only a placeholder a template left for the author to fill
 * in (FrontEndQABank: "답변을 적어주세요"; "TODO", "TBD", "(answer here)",
 * "작성 예정", "...", "-"): no answer. Compared without spaces, ASCII
 * punctuation and case; longer answers are never placeholders. */
static int placeholder_answer(const char *s, size_t n)
{
    if (n > 64 || memchr(s, '`', n) || memchr(s, '[', n))
        return 0;
    char f[65];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\t' || (c < 0x80 && ispunct(c)))
            continue;
        if (n - i >= 3 && memcmp(s + i, "…", 3) == 0) {
            i += 2;
            continue;
        }
        f[m++] = (char)(c < 0x80 ? tolower(c) : c);
    }
    f[m] = '\0';
    if (m == 0) { /* "...", "-", "…", "???"; not "+", an operator */
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)s[i] < 0x80 && ispunct((unsigned char)s[i]) &&
                !strchr(".-_?~", s[i]))
                return 0;
        return 1;
    }
    static const char *const ph[] = {"todo",
                                     "tbd",
                                     "tba",
                                     "wip",
                                     "comingsoon",
                                     "answerhere",
                                     "youranswerhere",
                                     "writeyouranswerhere",
                                     "writeanswerhere",
                                     "answergoeshere",
                                     "addanswerhere",
                                     "addyouranswerhere",
                                     "placeholder",
                                     "tobewritten",
                                     "tobeadded",
                                     "tobedone",
                                     "fillmein",
                                     "답변을적어주세요",
                                     "답변을작성해주세요",
                                     "답을적어주세요",
                                     "답변을입력하세요",
                                     "답변을입력해주세요",
                                     "여기에답변을작성하세요",
                                     "답변작성",
                                     "답변작성예정",
                                     "답변예정",
                                     "작성예정",
                                     "작성중",
                                     "준비중",
                                     "추가예정",
                                     "정리예정",
                                     "업데이트예정",
                                     "내용추가예정"};
    for (size_t i = 0; i < sizeof ph / sizeof ph[0]; i++)
        if (strcmp(f, ph[i]) == 0)
            return 1;
    return 0;
}

/* A line that only notes what a question is about — "Key Concepts: `Code
 * Quality`, `Process`", "Tags: …", "키워드: …" (a label, a colon, the terms) —
 * is no answer. */
static int note_line(const char *l, size_t n)
{
    static const char *const labels[] = {"key concepts", "key concept", "concepts",  "tags",
                                         "topics",       "keywords",    "key words", "키워드",
                                         "핵심 키워드",  "핵심 개념",   "관련 개념", "관련 키워드",
                                         "태그"};
    if (n >= 2 && l[0] == '-' && l[1] == ' ') {
        l += 2;
        n -= 2;
    }
    const char *c = memchr(l, ':', n < 40 ? n : 40);
    if (!c || (c + 1 < l + n && c[1] != ' '))
        return 0;
    size_t k = (size_t)(c - l);
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strlen(labels[i]) == k && strncasecmp(l, labels[i], k) == 0)
            return 1;
    return 0;
}

/* Whether text b is only note lines (note_line) and code blocks, with at least
 * one note line: what stands between a "Question:" line and its answer under
 * an answer heading ("### Candidate Response Paths"). With drop, the note
 * lines are removed from b (the code stays: the question's). */
static int notes_and_code(buf *b, int drop)
{
    size_t r = 0, w = 0, notes = 0;
    int fence = 0;
    while (r < b->len) {
        const char *nl = memchr(b->p + r, '\n', b->len - r);
        size_t e = nl ? (size_t)(nl - b->p) : b->len;
        const char *l = b->p + r;
        size_t n = e - r;
        int f = n >= 3 && (memcmp(l, "```", 3) == 0 || memcmp(l, "~~~", 3) == 0);
        int keep = 1;
        if (!fence && !f) {
            if (!note_line(l, n))
                return 0;
            notes++;
            keep = 0;
        }
        if (f)
            fence = !fence;
        if (drop && keep) {
            if (w)
                b->p[w++] = '\n';
            memmove(b->p + w, l, n);
            w += n;
        }
        r = e + 1;
    }
    if (drop && notes) {
        b->len = w;
        b->p[w] = '\0';
    }
    return notes > 0;
}

/* The label a whole line of an answer is, when it names a part of a labelled
 * body: 1 the question's material ("코드", "Code", "Given": NEARworld's "### 코드"
 * over the code a question asks about), 2 a hint for the one asking ("답변 Tip",
 * "Tip", "Hint", "출제 의도": HyunJinNo's tip blockquote), 3 the answer ("정답",
 * "Answer", "모범 답안"); 0 none. Case and a final colon are ignored. */
static int part_label(const char *l, size_t n)
{
    static const char *const q[] = {"코드",        "문제 코드",    "예제",         "예제 코드",
                                    "주어진 코드", "코드 예시",    "code",         "given",
                                    "given code",  "example code", "question code"};
    static const char *const tip[] = {
        "tip",  "tips", "답변 tip",  "답변 팁",   "팁",     "hint",           "hints",
        "힌트", "의도", "출제 의도", "질문 의도", "intent", "interviewer tip"};
    static const char *const ans[] = {"answer",    "답변",     "정답", "답",           "모범 답안",
                                      "모범 답변", "solution", "풀이", "sample answer"};
    if (n > 24)
        return 0;
    while (n && (l[n - 1] == ':' || l[n - 1] == ' '))
        n--;
    static const char *const *const sets[] = {q, tip, ans};
    static const size_t sizes[] = {sizeof q / sizeof q[0], sizeof tip / sizeof tip[0],
                                   sizeof ans / sizeof ans[0]};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < sizes[k]; i++)
            if (strlen(sets[k][i]) == n && strncasecmp(l, sets[k][i], n) == 0)
                return k + 1;
    return 0;
}

/* An answer body in labelled parts — a "코드" / "Tip" part, then a "정답" /
 * "Answer" part: the question's part joins the question, the hint goes, the
 * answer is what follows its label (and what stood before the first label).
 * Lines inside code are never labels. Nothing changes without an answer label
 * after a question's or hint's label. */
static void labelled_parts(pstate *ps, pending *qa, buf *ans)
{
    if (ans->len == 0 || qa->q.len == 0)
        return;
    /* one pass: the labels' line offsets */
    size_t first = (size_t)-1, alab = (size_t)-1;
    int fence = 0, seen_other = 0;
    for (size_t r = 0; r < ans->len && alab == (size_t)-1;) {
        const char *nl = memchr(ans->p + r, '\n', ans->len - r);
        size_t e = nl ? (size_t)(nl - ans->p) : ans->len;
        const char *l = ans->p + r;
        size_t n = e - r;
        if (n >= 3 && (memcmp(l, "```", 3) == 0 || memcmp(l, "~~~", 3) == 0))
            fence = !fence;
        else if (!fence) {
            int k = part_label(l, n);
            if (k == 1 || k == 2) {
                seen_other = 1;
                if (first == (size_t)-1)
                    first = r;
            } else if (k == 3 && seen_other) {
                alab = r;
            }
        }
        r = e + 1;
    }
    if (alab == (size_t)-1)
        return;
    buf_reset(&ps->tmp);
    check(ps, buf_add(&ps->tmp, ans->p, first ? first - 1 : 0)); /* before the first label */
    size_t q0 = qa->q.len, q_text = 0;
    int part = 0;
    fence = 0;
    for (size_t r = first; r < ans->len;) {
        const char *nl = memchr(ans->p + r, '\n', ans->len - r);
        size_t e = nl ? (size_t)(nl - ans->p) : ans->len;
        const char *l = ans->p + r;
        size_t n = e - r;
        int k = 0;
        if (n >= 3 && (memcmp(l, "```", 3) == 0 || memcmp(l, "~~~", 3) == 0))
            fence = !fence;
        else if (!fence && (r <= alab))
            k = part_label(l, n);
        int fl = n >= 3 && (memcmp(l, "```", 3) == 0 || memcmp(l, "~~~", 3) == 0);
        if (k) {
            part = r == alab ? 3 : k == 3 ? part : k;
        } else if (part == 1 || (part == 3 && r < alab)) {
            check(ps, buf_addc(&qa->q, '\n'));
            check(ps, buf_add(&qa->q, l, n));
            q_text += !fl;
        } else if (part == 3) {
            if (ps->tmp.len)
                check(ps, buf_addc(&ps->tmp, '\n'));
            check(ps, buf_add(&ps->tmp, l, n));
        }
        r = e + 1;
    }
    if (q_text == 0) { /* an empty code block ("### 코드" over ```js ```): nothing asked */
        qa->q.len = q0;
        qa->q.p[q0] = '\0';
    }
    buf_reset(ans);
    check(ps, buf_add(ans, ps->tmp.p, ps->tmp.len));
}

/* A cheap test before pat_question_class: a strong question starts with a Q
 * prefix or ends (decoration and a full stop aside) in '?', a bracket or the
 * last syllable of a request or interrogative ending (오 요 라 가 지 까). */
static int may_ask(const char *l, size_t n)
{
    if (n && (l[0] == 'Q' || l[0] == 'q' || (unsigned char)l[0] >= 0x80))
        if (n >= 3 &&
            (l[0] == 'Q' || l[0] == 'q' || memcmp(l, "질", 3) == 0 || memcmp(l, "문", 3) == 0))
            return 1;
    while (n && (l[n - 1] == ' ' || l[n - 1] == '*' || l[n - 1] == '_' || l[n - 1] == '"' ||
                 l[n - 1] == '`' || l[n - 1] == '.'))
        n--;
    if (n == 0)
        return 0;
    char c = l[n - 1];
    if (c == '?' || c == ')' || c == ']')
        return 1;
    static const char *const last[] = {"？", "）", "오", "요", "라", "가", "지", "까", "。"};
    for (size_t i = 0; i < sizeof last / sizeof last[0]; i++)
        if (n >= 3 && memcmp(l + n - 3, last[i], 3) == 0)
            return 1;
    return 0;
}

/* An "answer" that is only questions (a list of follow-up questions, say):
 * every line, without its bullet, reads as a question. Fenced code is an answer. */
static int only_questions(const buf *b)
{
    size_t r = 0;
    while (r < b->len) {
        const char *nl = memchr(b->p + r, '\n', b->len - r);
        size_t e = nl ? (size_t)(nl - b->p) : b->len;
        const char *l = b->p + r;
        size_t n = e - r;
        if (n >= 2 && l[0] == '-' && l[1] == ' ') {
            l += 2;
            n -= 2;
        }
        if (n >= 3 && memcmp(l, "```", 3) == 0)
            return 0;
        if (!may_ask(l, n) || pat_question_class(l, n) != PQ_STRONG)
            return 0;
        r = e + 1;
    }
    return b->len > 0;
}

/* A bullet question's "answer" that only explains a term of the question — one
 * line "- `on-call`이란 …", "- KPI란 …", "- `on-call` means …" whose term the
 * question uses without asking about it ("Is there an on-call rotation?",
 * not "What is on-call?": three words of the question besides the term) —
 * is a note, not an answer (JaeYeopHan's reverse interview). Returns the
 * term's length, its start in *t. */
static size_t gloss_term(const char *q, size_t qn, const char *a, size_t an, const char **t)
{
    if (an < 4 || a[0] != '-' || a[1] != ' ' || memchr(a, '\n', an))
        return 0;
    const char *s = a + 2, *e = a + an;
    const char *ts, *te, *r;
    if (*s == '`') {
        ts = s + 1;
        te = memchr(ts, '`', (size_t)(e - ts));
        if (!te)
            return 0;
        r = te + 1;
    } else {
        ts = s;
        te = s;
        while (te < e && te - s < 40 && *te != ' ' && !(e - te >= 3 && memcmp(te, "란", 3) == 0) &&
               !(e - te >= 6 && memcmp(te, "이란", 6) == 0))
            te++;
        r = te;
    }
    if (te <= ts || te - ts > 40)
        return 0;
    while (r < e && *r == ' ')
        r++;
    static const char *const glue[] = {"이란 ",       "란 ",           "means ",
                                       "stands for ", "is short for ", "refers to "};
    int glued = 0;
    for (size_t i = 0; i < sizeof glue / sizeof glue[0] && !glued; i++)
        glued = (size_t)(e - r) > strlen(glue[i]) && strncmp(r, glue[i], strlen(glue[i])) == 0;
    if (!glued)
        return 0;
    size_t tn = (size_t)(te - ts);
    const char *hit = NULL;
    for (size_t i = 0; i + tn <= qn && !hit; i++)
        if (strncasecmp(q + i, ts, tn) == 0)
            hit = q + i;
    if (!hit)
        return 0;
    size_t words = 0; /* the question's words besides the term */
    for (size_t i = 0; i < qn;) {
        if ((q + i >= hit && q + i < hit + tn) || q[i] == ' ') {
            i++;
            continue;
        }
        int letter = 0; /* "?" alone is no word */
        while (i < qn && q[i] != ' ' && !(q + i >= hit && q + i < hit + tn)) {
            unsigned char c = (unsigned char)q[i++];
            letter |= c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
        }
        words += (size_t)letter;
    }
    if (words < 3)
        return 0;
    *t = ts;
    return tn;
}

static int node_is(cmark_node *n, cmark_node_type t);

/* The answer is the key of multiple-choice options after the question ("B) When
 * we say yes, are we right?"): an option may ask, the key is still an answer. */
static int mc_key(const pstate *ps, long qline, const buf *ans)
{
    for (size_t i = 0; ps->mc && i < ps->mc->n; i++)
        if (ps->mc->v[i].line > qline && ps->mc->v[i].key &&
            strcmp(ps->mc->v[i].key, buf_str(ans)) == 0)
            return 1;
    return 0;
}

/* A question that is only images ("![13번.PNG](…)"), no word of its own. */
static int only_images(const char *q, size_t n)
{
    int images = 0;
    for (size_t i = 0; i < n;) {
        if (q[i] == '!' && i + 1 < n && q[i + 1] == '[') {
            const char *m = memchr(q + i, ']', n - i);
            const char *c =
                m && m + 1 < q + n && m[1] == '(' ? memchr(m, ')', (size_t)(q + n - m)) : NULL;
            if (c) {
                images++;
                i = (size_t)(c - q) + 1;
                continue;
            }
        }
        unsigned char ch = (unsigned char)q[i++];
        if (ch >= 0x80 || (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z'))
            return 0;
    }
    return images > 0;
}

/* Footnote markers ("…저장소입니다.[^1]", with its definition's address
 * "[^1](https://…)") go from an answer; a definition line "[^1]: …" stays. */
static void strip_footnotes(buf *b)
{
    if (!b->p || !strstr(b->p, "[^"))
        return;
    size_t w = 0;
    for (size_t r = 0; r < b->len;) {
        if (b->p[r] == '[' && r + 2 < b->len && b->p[r + 1] == '^') {
            size_t e = r + 2;
            while (e < b->len && e - r < 24 &&
                   ((b->p[e] >= '0' && b->p[e] <= '9') || (b->p[e] >= 'a' && b->p[e] <= 'z') ||
                    (b->p[e] >= 'A' && b->p[e] <= 'Z') || b->p[e] == '-' || b->p[e] == '_'))
                e++;
            if (e > r + 2 && e < b->len && b->p[e] == ']' &&
                (e + 1 >= b->len || b->p[e + 1] != ':')) {
                e++;
                if (e < b->len && b->p[e] == '(') {
                    const char *c = memchr(b->p + e, ')', b->len - e);
                    const char *nl = memchr(b->p + e, '\n', b->len - e);
                    if (c && (!nl || c < nl))
                        e = (size_t)(c - b->p) + 1;
                }
                r = e;
                continue;
            }
        }
        b->p[w++] = b->p[r++];
    }
    b->len = w;
    b->p[w] = '\0';
}

/* "→ 메시지가 쌓인다": an arrow that only leads the answer in. */
static void strip_lead_arrow(buf *b)
{
    static const char arrow[] = "\xE2\x86\x92"; /* → */
    if (b->len < 4 || memcmp(b->p, arrow, 3) != 0 || b->p[3] != ' ')
        return;
    size_t k = 3;
    while (k < b->len && b->p[k] == ' ')
        k++;
    memmove(b->p, b->p + k, b->len - k + 1);
    b->len -= k;
}

static void qa_finish(pstate *ps)
{
    pending *qa = &ps->qa;
    if (!qa->active)
        return;
    qa->active = 0;
    buf *ans = qa->explicit_a ? &qa->a : &qa->limbo;
    const char *term = NULL;
    size_t gl = 0;
    tidy_lines(ans);
    labelled_parts(ps, qa, ans);
    noise_strip(ans);
    strip_footnotes(ans);
    strip_lead_arrow(ans);
    tidy_lines(&qa->q);
    if (qa->q.len == 0) {
        warn(ps, qa->qline, "empty question; skipped");
    } else if (ans->len == 0) {
        warn(ps, qa->qline, "question without an answer; skipped: \"%.*s%s\"",
             QUOTE(qa->q.p, qa->q.len));
        ps->skipped[SK_NO_ANSWER]++;
    } else if (!qa->explicit_a && qa->sc == SC_LINE && notes_and_code(ans, 0)) {
        warn(ps, qa->qline,
             "question followed only by notes on its topic (\"%.*s%s\"), not an answer; "
             "skipped: \"%.*s%s\"",
             QUOTE(ans->p, ans->len), QUOTE(qa->q.p, qa->q.len));
        ps->skipped[SK_NO_ANSWER]++;
    } else if (placeholder_answer(ans->p, ans->len)) {
        warn(ps, qa->qline,
             "question without an answer (\"%.*s%s\" is a placeholder, not an answer); skipped: "
             "\"%.*s%s\"",
             QUOTE(ans->p, ans->len), QUOTE(qa->q.p, qa->q.len));
        ps->skipped[SK_NO_ANSWER]++;
    } else if (only_questions(ans) && !mc_key(ps, qa->qline, ans)) {
        warn(ps, qa->qline,
             "question followed only by questions (follow-up questions are no answer); skipped: "
             "\"%.*s%s\"",
             QUOTE(qa->q.p, qa->q.len));
        ps->skipped[SK_FOLLOWUPS]++;
    } else if (qa->sc == SC_ITEM && node_is(qa->scope_node, CMARK_NODE_ITEM) &&
               cmark_node_get_list_type(cmark_node_parent(qa->scope_node)) == CMARK_BULLET_LIST &&
               (gl = gloss_term(qa->q.p, qa->q.len, ans->p, ans->len, &term)) > 0) {
        warn(ps, qa->qline,
             "question followed only by a note on its term \"%.*s%s\", not an answer; skipped: "
             "\"%.*s%s\"",
             QUOTE(term, gl), QUOTE(qa->q.p, qa->q.len));
        ps->skipped[SK_GLOSS]++;
    } else {
        if (only_images(qa->q.p, qa->q.len))
            warn(ps, qa->qline,
                 "the question is only an image: a terminal shows its address, not the image: "
                 "\"%.*s%s\"",
                 QUOTE(qa->q.p, qa->q.len));
        kb_kind kind = qa->block >= 0 ? KB_LEVEL_QA : KB_INTERVIEW_QA;
        item_emit(ps, kind, qa->topic, qa->block, qa->q.p, qa->q.len, ans->p, ans->len, NULL,
                  qa->qline);
        kb_doc *d = ps->d;
        size_t at = qa->insert_at;
        if (!ps->oom && at != (size_t)-1 && at + 1 < d->n_items) {
            kb_item it = d->items[d->n_items - 1]; /* before its follow-ups, in line order */
            memmove(&d->items[at + 1], &d->items[at], (d->n_items - 1 - at) * sizeof it);
            d->items[at] = it;
        }
    }
    qa->insert_at = (size_t)-1;
    buf_reset(&qa->q);
    buf_reset(&qa->limbo);
    buf_reset(&qa->a);
}

static void qa_start(pstate *ps, scope sc, cmark_node *scope_node, const char *q, size_t n,
                     long line)
{
    qa_finish(ps);
    pending *qa = &ps->qa;
    qa->active = 1;
    qa->explicit_a = 0;
    qa->sc = sc;
    qa->scope_node = scope_node;
    qa->hlevel = 0;
    qa->item_node = NULL;
    qa->a_item = NULL;
    qa->await_a = 0;
    qa->q_code = sc != SC_DETAILS;
    qa->table_next = 0;
    qa->insert_at = (size_t)-1;
    qa->bold = 0;
    buf_reset(&ps->prev);
    ps->label_arm = 0;
    qa->topic = cur_topic(ps);
    qa->block = ps->block;
    qa->qline = line;
    if (n && (unsigned char)q[n - 1] >= 0x80)
        n = pat_strip_stars(q, n); /* "## Q1. 캐시 메모리란 무엇인가요? ⭐⭐⭐": a rating */
    if (ps->img_q.len) {           /* the images the question points at, before it */
        check(ps, buf_add(&qa->q, ps->img_q.p, ps->img_q.len));
        check(ps, buf_addc(&qa->q, '\n'));
        buf_reset(&ps->img_q);
    }
    check(ps, buf_add(&qa->q, q, n));
    ps->d->questions_seen++;
    if (ps->block >= 0)
        ps->block_has_q = 1;
    if (qa->topic < 0)
        qa->active = 0;
}

/* Appends text to the pending answer (or to the text between question and
 * answer). `sep` goes before it unless the target is empty. */
static void qa_append(pstate *ps, const char *sep, const char *s, size_t n)
{
    pending *qa = &ps->qa;
    buf *t = qa->explicit_a ? &qa->a : &qa->limbo;
    if (t->len && sep)
        check(ps, buf_adds(t, sep));
    check(ps, buf_add(t, s, n));
}

/* Text that opens with a hint's label line ("#### 힌트", "Tip") over the text
 * between a question and its answer label: the hint is neither question nor
 * answer, so all of it goes (code in it too). */
static void drop_hint(buf *b)
{
    if (b->len == 0)
        return;
    const char *nl = memchr(b->p, '\n', b->len);
    size_t n = nl ? (size_t)(nl - b->p) : b->len;
    if (part_label(b->p, n) == 2)
        buf_reset(b);
}

/* An "A:" line: what stood between the question and it belongs to the question. */
static void qa_answer(pstate *ps, const char *s, size_t n)
{
    pending *qa = &ps->qa;
    if (!qa->explicit_a) {
        tidy_lines(&qa->limbo);
        drop_hint(&qa->limbo);
        if (qa->limbo.len) {
            check(ps, buf_addc(&qa->q, '\n'));
            check(ps, buf_add(&qa->q, qa->limbo.p, qa->limbo.len));
            buf_reset(&qa->limbo);
        }
        qa->explicit_a = 1;
    } else if (qa->a.len) {
        check(ps, buf_addc(&qa->a, '\n'));
    }
    check(ps, buf_add(&qa->a, s, n));
}

/* The bullet an answer line that begins list item `item` gets: "- ", or for
 * an item of a numbered list its number "2. ". */
static void item_bullet(pstate *ps, cmark_node *item, char bullet[16])
{
    memcpy(bullet, "- ", 3);
    cmark_node *list = item ? cmark_node_parent(item) : NULL;
    if (!list || cmark_node_get_list_type(list) != CMARK_ORDERED_LIST)
        return;
    int k;
    cmark_node *prev = cmark_node_previous(item);
    if (prev && prev == ps->ol_item) {
        k = ps->ol_k + 1; /* the next item of the list numbered last: no walk back */
    } else {
        k = cmark_node_get_list_start(list);
        for (cmark_node *p = prev; p; p = cmark_node_previous(p))
            k++;
    }
    ps->ol_item = item;
    ps->ol_k = k;
    snprintf(bullet, 16, "%d. ", k);
}

/* One logical line of running text. item_start: the first line of a list
 * item; new_block: the first line of a paragraph. Returns 1 if consumed. */
static int qa_line(pstate *ps, const char *s, size_t n, long line, int item_start, int new_block)
{
    size_t rest = 0;
    int kind = pat_qa_prefix(s, n, &rest);
    /* a "- Q:" bullet whose item ended without an answer takes only an "A:" next */
    if (ps->qa.active && ps->qa.await_a && kind != PAT_A)
        qa_finish(ps);
    if (kind == PAT_Q) {
        qa_start(ps, SC_LINE, NULL, s + rest, n - rest, line);
        if (item_start)
            ps->qa.item_node = ps->para_item;
        return 1;
    }
    if (kind == PAT_A) {
        if (!ps->qa.active) {
            warn(ps, line, "answer without a question; skipped: \"%.*s%s\"",
                 QUOTE(s + rest, n - rest));
            ps->skipped[SK_NO_QUESTION]++;
            orphan(ps, line);
            return 1;
        }
        if (ps->qa.await_a && item_start)
            ps->qa.a_item = ps->para_item;
        ps->qa.await_a = 0;
        qa_answer(ps, s + rest, n - rest);
        return 1;
    }
    if (!ps->qa.active)
        return 0;
    char bullet[16];
    item_bullet(ps, item_start ? ps->para_item : NULL, bullet);
    qa_append(ps,
              item_start  ? "\n"
              : new_block ? "\n"
                          : " ",
              item_start ? bullet : "", item_start ? strlen(bullet) : 0);
    qa_append(ps, NULL, s, n);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Scenarios                                                                 */
/* ------------------------------------------------------------------------ */

static int render_scenario(const kb_scenario *sc, buf *out)
{
    int rc = 0;
    for (size_t i = 0; i < sc->n_parts; i++) {
        const kb_part *p = &sc->parts[i];
        if (out->len)
            rc |= buf_addc(out, '\n');
        if (p->label[0]) {
            rc |= buf_adds(out, p->label);
            rc |= buf_addc(out, ':');
            if (p->text[0])
                rc |= buf_addc(out, ' ');
        }
        rc |= buf_adds(out, p->text);
        for (size_t k = 0; k < p->items.n; k++) {
            const char *it = p->items.v[k];
            size_t ind = 0;
            while (it[ind] == ' ')
                ind++;
            rc |= buf_addc(out, '\n');
            rc |= buf_add(out, it, ind);
            rc |= buf_adds(out, "- ");
            rc |= buf_adds(out, it + ind);
        }
        for (size_t k = 0; k < p->n_code; k++) {
            rc |= buf_addf(out, "\n```%s\n", p->code[k].info);
            rc |= buf_adds(out, p->code[k].text);
            if (p->code[k].text[0] && p->code[k].text[strlen(p->code[k].text) - 1] != '\n')
                rc |= buf_addc(out, '\n');
            rc |= buf_adds(out, "```");
        }
    }
    return rc;
}

static void scen_finish(pstate *ps)
{
    kb_scenario *sc = ps->scen;
    if (!sc)
        return;
    ps->scen = NULL;
    if (sc->n_parts == 0) {
        warn(ps, sc->line, "scenario without content; skipped: \"%s\"", sc->title);
        return;
    }
    ps->d->questions_seen++;
    buf_reset(&ps->tmp);
    check(ps, render_scenario(sc, &ps->tmp));
    if (ps->oom)
        return;
    item_emit(ps, KB_SCENARIO, ps->scen_topic, -1, sc->title, strlen(sc->title), ps->tmp.p,
              ps->tmp.len, sc, sc->line);
}

static void scen_start(pstate *ps, const char *title, size_t n, long line)
{
    /* the title first: it may lie in ps->tmp, which scen_finish reuses */
    size_t off = pat_scenario_title(title, n);
    const char *own = dup_trim(ps, title + off, n - off);
    scen_finish(ps);
    kb_scenario *sc = arena_alloc(&ps->d->mem, sizeof *sc);
    if (!sc) {
        oom(ps);
        return;
    }
    sc->title = own;
    if (sc->title && !sc->title[0]) {
        long t = cur_topic(ps);
        sc->title = t >= 0 ? ps->d->topics[t].title : "";
    }
    sc->line = line;
    ps->scen = sc;
    ps->scen_topic = cur_topic(ps);
}

static kb_part *scen_part_new(pstate *ps, const char *s, size_t n, long line)
{
    if (!ps->scen)
        scen_start(ps, "", 0, line);
    kb_scenario *sc = ps->scen;
    if (!sc)
        return NULL;
    kb_part *p =
        arena_push(&ps->d->mem, (void **)&sc->parts, &sc->n_parts, &sc->cap_parts, sizeof *p);
    if (!p) {
        oom(ps);
        return NULL;
    }
    size_t ll = 0, rest = 0;
    if (pat_label(s, n, &ll, &rest)) {
        p->label = dup_trim(ps, s, ll);
        p->text = dup_trim(ps, s + rest, n - rest);
    } else {
        p->label = "";
        p->text = dup_trim(ps, s, n);
    }
    p->line = line;
    return p;
}

static kb_part *scen_cur_part(pstate *ps, long line)
{
    if (ps->scen && ps->scen->n_parts)
        return &ps->scen->parts[ps->scen->n_parts - 1];
    return scen_part_new(ps, "", 0, line);
}

/* A paragraph that is all bold (or starts "시나리오:") titles a scenario. */
static int is_title_paragraph(cmark_node *para, const char *text, size_t n)
{
    if (pat_scenario_title(text, n) > 0)
        return 1;
    cmark_node *c = cmark_node_first_child(para);
    if (!c)
        return 0;
    for (; c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_STRONG)
            continue;
        if (t == CMARK_NODE_TEXT) {
            const char *lit = cmark_node_get_literal(c);
            size_t a, b;
            pat_trim(lit, strlen(lit), &a, &b);
            if (a == b)
                continue;
        }
        return 0;
    }
    return 1;
}

static void scen_paragraph(pstate *ps, cmark_node *node, int item_first)
{
    rtext *rt = &ps->rt;
    long line = rt->lines[0].line;
    buf_reset(&ps->tmp);
    check(ps, rtext_join(rt, 0, &ps->tmp));
    if (ps->oom)
        return;
    const char *s = ps->tmp.p;
    size_t n = ps->tmp.len;
    if (ps->list_depth == 0 && is_title_paragraph(node, s, n)) {
        scen_start(ps, s, n, line);
        return;
    }
    if (item_first && ps->list_depth <= 1) {
        scen_part_new(ps, s, n, line);
        return;
    }
    kb_part *p = scen_cur_part(ps, line);
    if (!p)
        return;
    if (item_first) {
        /* a nested bullet: keep its depth as indentation */
        kb_strv *v = &p->items;
        const char **slot = arena_push(&ps->d->mem, (void **)&v->v, &v->n, &v->cap, sizeof *slot);
        if (!slot) {
            oom(ps);
            return;
        }
        size_t ind = (size_t)(ps->list_depth - 2) * 2;
        char *t = arena_alloc(&ps->d->mem, ind + n + 1);
        if (!t) {
            oom(ps);
            return;
        }
        memset(t, ' ', ind);
        memcpy(t + ind, s, n);
        *slot = t;
        return;
    }
    if (ps->list_depth == 0) {
        scen_part_new(ps, s, n, line);
        return;
    }
    /* a further paragraph inside a bullet: continue the part's text */
    char *t = arena_printf(&ps->d->mem, "%s%s%.*s", p->text, p->text[0] ? "\n" : "", (int)n, s);
    if (!t)
        oom(ps);
    else
        p->text = t;
}

static void scen_code(pstate *ps, cmark_node *node)
{
    long line = cmark_node_get_start_line(node);
    kb_part *p = scen_cur_part(ps, line);
    if (!p)
        return;
    kb_code *c = arena_push(&ps->d->mem, (void **)&p->code, &p->n_code, &p->cap_code, sizeof *c);
    if (!c) {
        oom(ps);
        return;
    }
    const char *info = cmark_node_get_fence_info(node);
    const char *lit = cmark_node_get_literal(node);
    c->info = dup_trim(ps, info ? info : "", info ? strlen(info) : 0);
    c->text = arena_strdup(&ps->d->mem, lit ? lit : "");
    if (!c->text)
        oom(ps);
    c->line = line;
}

/* "A : …", "B: …": one capital letter, then a colon (a label of a stem's part). */
static int letter_label(const char *s, size_t n, char letter)
{
    size_t k = 1;
    if (n < 2 || s[0] != letter)
        return 0;
    while (k < n && s[k] == ' ')
        k++;
    return k < n && (s[k] == ':' || (n - k >= 3 && memcmp(s + k, "\xEF\xBC\x9A", 3) == 0));
}

/* A line that asks strongly, also before a closing note in parentheses:
 * "…결과를 쓰시오. (단, 출력 서식을 준수하시오.)". */
static int line_asks(const char *s, size_t n)
{
    if (pat_question_class(s, n) == PQ_STRONG)
        return 1;
    size_t a, b;
    pat_trim(s, n, &a, &b);
    if (b <= a || s[b - 1] != ')')
        return 0;
    for (size_t i = b - 1; i > a; i--)
        if (s[i - 1] == '(')
            return pat_question_class(s + a, i - 1 - a) == PQ_STRONG;
    return 0;
}

/* Prose outside any question: a paragraph starts a new paragraph of the run
 * (remembering where the concept text stood), list items and code continue
 * it. A heading, '---' or </details> ends the run (buf_reset). */
static void prev_drop(pstate *ps);

static void prev_add(pstate *ps, const rtext *rt, size_t from, size_t to, int item)
{
    if (ps->label_closed) {
        prev_drop(ps);
        buf_reset(&ps->prev);
        ps->label_closed = 0;
    }
    if (!ps->prev.len || (ps->list_depth == 0 && ps->n_pm == sizeof ps->pm / sizeof ps->pm[0])) {
        buf_reset(&ps->prev);
        ps->n_pm = 0;
        ps->prev_topic = -1;
        ps->prev_label = ps->label_arm;
        ps->label_arm = 0;
    } else if (ps->list_depth == 0) {
        check(ps, buf_addc(&ps->prev, '\n'));
    } else {
        check(ps, buf_adds(&ps->prev, item ? "\n- " : "\n"));
    }
    if (ps->list_depth == 0 || ps->n_pm == 0) {
        size_t k = ps->n_pm++;
        ps->pm[k].off = ps->prev.len;
        ps->pm[k].line = rt->lines[from].line;
        ps->pm[k].concept_len = (size_t)-1;
        ps->pm[k].asks = 0;
        buf *c = concept_target(ps);
        if (c && k == 0)
            ps->prev_topic = cur_topic(ps);
        if (c && ps->prev_topic >= 0 && cur_topic(ps) == ps->prev_topic) {
            ps->pm[k].concept_len = c->len;
            ps->pm[k].concept_src = ps->d->topics[ps->prev_topic].n_concept_src;
        }
    }
    for (size_t k = from; k < to; k++) {
        const char *l = rt->text.p + rt->lines[k].off;
        if (ps->n_pm && !ps->item_warned && line_asks(l, rt->lines[k].len))
            ps->pm[ps->n_pm - 1].asks = 1;
        if (k > from) /* labelled lines "A : …", "B : …" stay lines */
            check(ps, buf_addc(&ps->prev,
                               letter_label(l, rt->lines[k].len, l[0]) && l[0] >= 'A' && l[0] <= 'Z'
                                   ? '\n'
                                   : ' '));
        check(ps, buf_add(&ps->prev, l, rt->lines[k].len));
    }
}

/* Whether the prose from prev[off] on reads as a question: its first line has
 * a '?' or a question's ending or opening word ("Good luck." asks nothing). */
static int prev_asks_at(const pstate *ps, size_t off)
{
    const char *p = ps->prev.p + off;
    size_t len = ps->prev.len - off;
    const char *nl = memchr(p, '\n', len);
    size_t n = nl ? (size_t)(nl - p) : len;
    return memchr(p, '?', n) || pat_question_class(p, n) >= PQ_WEAK;
}

/* The paragraph of the run the question begins at: the first that asks (a
 * stem "다음에서 설명하는 해시 함수는?" and the description under it), else
 * the last. Sets ps->prev_line, prev_concept_len and prev_concept_src. */
static size_t prev_pick(pstate *ps)
{
    if (!ps->n_pm)
        return 0;
    size_t k = ps->prev_label ? 0 : ps->n_pm - 1; /* under a label: all of it */
    for (size_t i = 0; i + 1 < ps->n_pm && k; i++)
        if (prev_asks_at(ps, ps->pm[i].off)) {
            k = i;
            break;
        }
    ps->prev_line = ps->pm[k].line;
    ps->prev_concept_len = ps->pm[k].concept_len;
    ps->prev_concept_src = ps->pm[k].concept_src;
    return ps->pm[k].off;
}

/* The prose run from the picked paragraph becomes a question (a <details>
 * answer follows it): out of the concept text it went into. */
static void prev_claim(pstate *ps)
{
    long t = ps->prev_topic;
    if (t >= 0 && (size_t)t < ps->n_aux && cur_topic(ps) == t &&
        ps->prev_concept_len != (size_t)-1) {
        buf *c = &ps->aux[t].concept;
        if (ps->prev_concept_len <= c->len) {
            c->len = ps->prev_concept_len;
            if (c->p)
                c->p[c->len] = '\0';
        }
        if (ps->prev_concept_src <= ps->d->topics[t].n_concept_src)
            ps->d->topics[t].n_concept_src = ps->prev_concept_src;
    }
}

/* The prose run ends (a heading, '---', the end) with no answer after it: if
 * it asks ('?' or a request "…쓰시오"), it is a question without an answer,
 * remembered for drops_warn. */
static void prev_drop(pstate *ps)
{
    if (!ps->prev.len || ps->qa.active || ps->det.depth > 0)
        return;
    size_t k = 0;
    while (k < ps->n_pm && !ps->pm[k].asks && !ps->prev_label)
        k++;
    if (k == ps->n_pm)
        return;
    const char *p = ps->prev.p + ps->pm[k].off;
    size_t len =
        (k + 1 < ps->n_pm && !ps->prev_label ? ps->pm[k + 1].off : ps->prev.len) - ps->pm[k].off;
    if (ps->prev_label) {
        ps->n_label_q++; /* "## Question" over it: a question, warned even in no exam */
        prev_pick(ps);
        prev_claim(ps); /* and no concept text */
    }
    while (len && p[len - 1] == '\n')
        len--;
    struct unanswered *u =
        arena_push(&ps->d->mem, (void **)&ps->drop, &ps->n_drop, &ps->cap_drop, sizeof *u);
    char *q = u ? arena_strndup(&ps->d->mem, p, len) : NULL;
    if (!q) {
        oom(ps);
        return;
    }
    u->line = ps->pm[k].line;
    u->q = q;
    u->label = ps->prev_label;
}

/* In a document that asks in prose stems answered by <details> (an exam), the
 * asking runs left without an answer are questions the reader sees: each is
 * warned at its line (the warnings stay in line order). */
static void drops_warn(pstate *ps)
{
    if (!ps->n_stems && !ps->n_label_q)
        return;
    kb_doc *d = ps->d;
    for (size_t i = 0; i < ps->n_drop && !ps->oom; i++) {
        const struct unanswered *u = &ps->drop[i];
        if (!ps->n_stems && !u->label)
            continue; /* no exam: prose that asks is prose */
        size_t n = strlen(u->q);
        size_t at = d->n_warnings;
        const kb_item *same = NULL; /* the question asked again later, with its answer */
        for (size_t j = 0; j < d->n_items && !same; j++)
            if (d->items[j].line > u->line && d->items[j].question &&
                strcmp(d->items[j].question, u->q) == 0)
                same = &d->items[j];
        if (same)
            warn(ps, u->line, "question repeated at line %ld, where it is answered; imported once",
                 same->line);
        else
            warn(ps, u->line, "question without an answer; skipped: \"%.*s%s\"", QUOTE(u->q, n));
        if (d->n_warnings != at + 1)
            continue;
        if (!same) {
            ps->skipped[SK_NO_ANSWER]++;
            d->questions_seen++;
        }
        size_t j = at;
        while (j > 0 && d->warnings[j - 1].line > u->line)
            j--;
        kb_warning w = d->warnings[at];
        memmove(&d->warnings[j + 1], &d->warnings[j], (at - j) * sizeof w);
        d->warnings[j] = w;
    }
}

/* ------------------------------------------------------------------------ */
/* <details><summary>question</summary>answer</details>                      */
/* ------------------------------------------------------------------------ */

/* Text inside <details>: to the summary (the question) or to the answer. HTML
 * text has its white-space runs collapsed to one space; lines are trimmed
 * when the item is finished. */
static void det_text_raw(pstate *ps, const char *s, size_t n, int collapse)
{
    details *dt = &ps->det;
    pending *qa = &ps->qa;
    if (!dt->in_summary && !qa->active)
        return;
    buf_reset(&ps->tmp);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (collapse && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
            if (ps->tmp.len && ps->tmp.p[ps->tmp.len - 1] == ' ')
                continue;
            c = ' ';
        }
        check(ps, buf_addc(&ps->tmp, c));
    }
    const char *p = buf_str(&ps->tmp);
    size_t k = ps->tmp.len;
    if (dt->in_summary) {
        check(ps, buf_add(&dt->summary, p, k));
        return;
    }
    buf *t = qa->explicit_a ? &qa->a : &qa->limbo;
    /* the answer may begin with an "A:" label */
    size_t rest;
    if ((t->len == 0 || t->p[t->len - 1] == '\n') && pat_qa_prefix(p, k, &rest) == PAT_A) {
        p += rest;
        k -= rest;
    }
    check(ps, buf_add(t, p, k));
}

static void det_newline(pstate *ps, const char *bullet)
{
    if (ps->det.in_summary) {
        check(ps, buf_addc(&ps->det.summary, ' '));
        return;
    }
    if (!ps->qa.active)
        return;
    pending *qa = &ps->qa;
    buf *t = qa->explicit_a ? &qa->a : &qa->limbo;
    if (t->len && t->p[t->len - 1] != '\n')
        check(ps, buf_addc(t, '\n'));
    if (bullet)
        check(ps, buf_adds(t, bullet));
}

/* The outer <details> answer a follow-up interrupted goes on (its item keeps
 * its place before the follow-ups'). */
static void stash_resume(pstate *ps)
{
    if (!ps->stash_active)
        return;
    qa_finish(ps);
    pending t = ps->qa;
    ps->qa = ps->stash;
    ps->stash = t;
    ps->stash_active = 0;
}

/* A "show more" summary ("상세 설명 보기", "전체 코드로 보기", "Show more",
 * "Click to reveal the code"): a label that asks nothing and opens more of
 * the text before it. */
static int more_label(const char *q, size_t n)
{
    static const char *const lead[] = {"click to ", "show ", "see ", "view ", "expand "};
    static const char sfx[] = "보기";
    if (n == 0 || memchr(q, '?', n) || pat_question_class(q, n) == PQ_STRONG ||
        pat_answer_label(q, n))
        return 0;
    if (pat_ui_label(q, n))
        return 1;
    size_t k = sizeof sfx - 1;
    if (n > k && memcmp(q + n - k, sfx, k) == 0) {
        /* "설명해 보기", "만들어 보기": a verb's '-아/어' form before it asks to do
         * something; "상세 설명 보기", "전체 코드로 보기" show more */
        static const char *const verb[] = {"해", "어", "아", "여", "워",
                                           "와", "써", "려", "봐", "줘"};
        size_t e = n - k;
        while (e > 0 && q[e - 1] == ' ')
            e--;
        for (size_t i = 0; e >= 3 && i < sizeof verb / sizeof verb[0]; i++)
            if (memcmp(q + e - 3, verb[i], 3) == 0)
                return 0;
        return 1;
    }
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
        size_t m = strlen(lead[i]);
        if (n > m && strncasecmp(q, lead[i], m) == 0)
            return 1;
    }
    return 0;
}

/* </summary>: a question, a label hiding the answer to the question before
 * the element, a "show more" label inside that question's answer, or a
 * user-interface label ("CLICK ME"). */
static void det_summary(pstate *ps, const char *q, size_t qn)
{
    details *dt = &ps->det;
    pending *qa = &ps->qa;
    if (qa->active && qa->sc != SC_DETAILS && (qa->explicit_a ? qa->a.len : qa->limbo.len) &&
        more_label(q, qn)) {
        /* "show more" in an answer: the label and the content stay that answer's */
        buf *t = qa->explicit_a ? &qa->a : &qa->limbo;
        if (t->p[t->len - 1] != '\n')
            check(ps, buf_addc(t, '\n'));
        check(ps, buf_add(t, q, qn));
        return;
    }
    if (pat_answer_label(q, qn)) {
        if (qa->active && qa->sc != SC_DETAILS) {
            /* the pending question (a heading, a "Q:" line, a numbered item):
             * what stood between it and here belongs to the question */
            qa_answer(ps, "", 0);
            qa->sc = SC_DETAILS;
            qa->item_node = NULL;
            qa->await_a = 0;
            return;
        }
        if (ps->prev.len) {
            /* the prose (with its code and options) right before the element */
            size_t off = prev_pick(ps);
            prev_claim(ps);
            buf_reset(&ps->tmp);
            check(ps, buf_add(&ps->tmp, ps->prev.p + off, ps->prev.len - off));
            long line = ps->prev_line;
            qa_start(ps, SC_DETAILS, NULL, ps->tmp.p, ps->tmp.len, line);
            qa->explicit_a = 1;
            ps->n_stems++;
            return;
        }
        warn(ps, dt->line,
             "<details> hides an answer (\"%.*s%s\") but no question stands before "
             "it; skipped",
             QUOTE(q, qn));
        ps->skipped[SK_NO_QUESTION]++;
        orphan(ps, dt->line);
        return;
    }
    if (qa->active && qa->sc != SC_DETAILS) {
        /* a question with nothing after it, restated by the summary: the summary wins */
        if (qa->limbo.len == 0) {
            qa->active = 0;
            ps->d->questions_seen--;
            buf_reset(&qa->q);
        } else {
            qa_finish(ps);
        }
    }
    if (pat_ui_label(q, qn) || more_label(q, qn)) {
        warn(ps, dt->line, "<details> titled \"%.*s%s\" holds no question; skipped", QUOTE(q, qn));
        ps->skipped[SK_LABEL]++;
        return;
    }
    qa_start(ps, SC_DETAILS, NULL, q, qn, dt->line);
}

/* "꼬리질문1: …", "Follow-up 2: …", "Follow-up question: …": the label of a
 * follow-up question; returns its length with the space after it, else 0. */
static size_t followup_label(const char *q, size_t n)
{
    static const char *const lab[] = {"꼬리질문", "꼬리 질문", "follow-up question", "follow-up",
                                      "followup"};
    for (size_t i = 0; i < sizeof lab / sizeof lab[0]; i++) {
        size_t k = strlen(lab[i]);
        if (n <= k || strncasecmp(q, lab[i], k) != 0)
            continue;
        while (k < n && (q[k] == ' ' || (q[k] >= '0' && q[k] <= '9')))
            k++;
        if (k < n && (q[k] == ':' || q[k] == '.' || q[k] == ')')) {
            k++;
            while (k < n && q[k] == ' ')
                k++;
            return k < n ? k : 0;
        }
    }
    return 0;
}

/* </summary> of a <details> inside a question's answer: a question (a '?',
 * a question's ending, a follow-up label) is its own item, the parent's
 * answer ends before it; anything else ("코드 보기") stays answer text. */
static void det_nested_summary(pstate *ps, const char *q, size_t qn, long line)
{
    size_t lab = followup_label(q, qn);
    int asks = lab || memchr(q, '?', qn) || pat_question_class(q, qn) == PQ_STRONG;
    if (!asks || pat_answer_label(q, qn) || pat_ui_label(q, qn)) {
        pending *qa = &ps->qa;
        buf *t = qa->explicit_a ? &qa->a : &qa->limbo;
        if (t->len && t->p[t->len - 1] != '\n')
            check(ps, buf_addc(t, '\n'));
        check(ps, buf_add(t, q, qn));
        return;
    }
    pending *qa = &ps->qa;
    if (qa->active && qa->sc == SC_DETAILS && !ps->stash_active) {
        size_t at = qa->insert_at != (size_t)-1 ? qa->insert_at : ps->d->n_items;
        pending t = ps->stash; /* the outer answer waits for the follow-up's end */
        ps->stash = *qa;
        *qa = t;
        qa->active = 0;
        ps->stash.insert_at = at;
        ps->stash_active = 1;
    }
    qa_start(ps, SC_DETAILS, NULL, q + lab, qn - lab, line);
    ps->det.follow = ps->det.depth;
    ps->det.fu_seen = 1;
}

/* The pending answer's text with its trailing spaces dropped. */
static buf *answer_trimmed(pstate *ps)
{
    buf *t = ps->qa.explicit_a ? &ps->qa.a : &ps->qa.limbo;
    while (t->len && t->p[t->len - 1] == ' ')
        t->len--;
    return t;
}

/* <table>, <tr>, <th>, <td> in an answer: a pipe table, as a GFM table is
 * kept ("| SERVICE | PORT |", "| --- | --- |", "| SMTP | 25 |"). */
static void html_table_tag(pstate *ps, const char *name, int closing)
{
    details *dt = &ps->det;
    if (strcmp(name, "table") == 0) {
        det_newline(ps, NULL);
        dt->table_rule = 0;
    } else if (strcmp(name, "tr") == 0) {
        if (!closing) {
            det_newline(ps, NULL);
            check(ps, buf_addc(answer_trimmed(ps), '|'));
            dt->cells = 0;
            return;
        }
        if (!dt->table_rule && dt->cells > 0) { /* the first row heads the table */
            buf *t = answer_trimmed(ps);
            check(ps, buf_addc(t, '\n'));
            check(ps, buf_addc(t, '|'));
            for (int i = 0; i < dt->cells; i++)
                check(ps, buf_adds(t, " --- |"));
            dt->table_rule = 1;
        }
        det_newline(ps, NULL);
    } else if (strcmp(name, "th") == 0 || strcmp(name, "td") == 0) {
        buf *t = answer_trimmed(ps);
        if (!closing) {
            if (t->len == 0 || t->p[t->len - 1] == '\n')
                check(ps, buf_addc(t, '|')); /* a cell without its <tr> */
            check(ps, buf_addc(t, ' '));
            dt->cells++;
        } else {
            check(ps, buf_adds(t, " |"));
        }
    }
}

static void det_tag(void *ud, const char *name, int closing, long line)
{
    pstate *ps = ud;
    details *dt = &ps->det;
    if (strcmp(name, "details") == 0) {
        if (!closing) {
            if (dt->depth == 0) {
                /* a question with nothing after it yet may be answered by this
                 * <details> ("<summary>Answer</summary>"): decided at </summary> */
                pending *qa = &ps->qa;
                if (!(qa->active && qa->sc != SC_DETAILS && !qa->explicit_a))
                    qa_finish(ps);
                dt->has_summary = 0;
                dt->in_summary = 0;
                dt->follow = 0;
                dt->fu_seen = 0;
                buf_reset(&dt->summary);
                dt->line = line;
            }
            dt->depth++;
        } else if (dt->depth > 0) {
            if (dt->follow && dt->depth == dt->follow) {
                /* the follow-up's answer ends here; the parent's goes on after it */
                qa_finish(ps);
                dt->follow = 0;
                stash_resume(ps);
            }
            dt->in_summary = 0;
            dt->depth--;
            if (dt->depth == 0) {
                if (dt->in_summary)
                    warn(ps, dt->line, "<summary> not closed before </details>");
                dt->in_summary = 0;
                buf_reset(&ps->prev);
                stash_resume(ps);
                if (dt->has_summary) {
                    if (ps->qa.active && ps->qa.sc == SC_DETAILS)
                        qa_finish(ps);
                } else {
                    warn(ps, dt->line, "<details> without <summary>; skipped");
                }
            }
        }
        return;
    }
    if (strcmp(name, "summary") == 0) {
        if (!closing && dt->depth == 1 && !dt->has_summary) {
            dt->in_summary = 1;
            dt->nested = 0;
            dt->line = line;
            buf_reset(&dt->summary);
        } else if (!closing && dt->depth > 1 && dt->has_summary && !dt->in_summary &&
                   ((ps->qa.active && ps->qa.sc == SC_DETAILS) || dt->fu_seen)) {
            dt->in_summary = 1;
            dt->nested = 1;
            dt->nline = line;
            buf_reset(&dt->summary);
        } else if (closing && dt->in_summary && dt->nested) {
            dt->in_summary = 0;
            buf *s = &dt->summary;
            size_t a, b;
            pat_trim(s->p ? s->p : "", s->len, &a, &b);
            det_nested_summary(ps, s->p ? s->p + a : "", b - a, dt->nline);
        } else if (closing && dt->in_summary) {
            dt->in_summary = 0;
            dt->has_summary = 1;
            buf *s = &dt->summary;
            size_t rest = 0, a, b;
            pat_trim(s->p ? s->p : "", s->len, &a, &b);
            const char *q = s->p ? s->p + a : "";
            size_t qn = b - a;
            int num;
            if (pat_qa_prefix(q, qn, &rest) == PAT_Q || pat_topic_number(q, qn, &num, &rest)) {
                q += rest;
                qn -= rest;
            }
            rest = followup_label(q, qn);
            det_summary(ps, q + rest, qn - rest);
        }
        return;
    }
    if (dt->depth == 0 && !ps->qa.active)
        return;
    if (name[0] == 't' && !dt->in_summary && ps->qa.active) {
        html_table_tag(ps, name, closing);
        return;
    }
    if (strcmp(name, "pre") == 0)
        dt->pre = !closing;
    if (strcmp(name, "code") == 0 && !dt->pre && !dt->in_summary && ps->qa.active) {
        buf *t = ps->qa.explicit_a ? &ps->qa.a : &ps->qa.limbo;
        check(ps, buf_addc(t, '`')); /* "<code>rm -rf</code>": a code span */
        return;
    }
    if (strcmp(name, "br") == 0 ||
        (!closing &&
         (strcmp(name, "p") == 0 || strcmp(name, "div") == 0 || strcmp(name, "pre") == 0)))
        det_newline(ps, NULL);
    else if (!closing && strcmp(name, "li") == 0)
        det_newline(ps, "- ");
    else if (closing && (strcmp(name, "p") == 0 || strcmp(name, "div") == 0 ||
                         strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0))
        det_newline(ps, NULL);
}

static void det_html_text(void *ud, const char *s, size_t n, long line)
{
    (void)line;
    det_text_raw(ud, s, n, 1);
}

static void html_feed(pstate *ps, const char *s, size_t n, long line)
{
    html_sink sink = {det_tag, det_html_text, ps};
    if (html_scan(s, n, line, &sink) != 0)
        oom(ps);
}

/* Paragraph events while inside <details> or with inline details tags. */
static void det_ev_text(void *ud, const char *s, size_t n, long line)
{
    (void)line;
    det_text_raw(ud, s, n, 0);
}

static void det_ev_brk(void *ud, long line)
{
    (void)line;
    pstate *ps = ud;
    if (ps->det.in_summary)
        check(ps, buf_addc(&ps->det.summary, ' '));
    else if (ps->qa.active)
        qa_append(ps, NULL, " ", 1);
}

static void det_ev_html(void *ud, const char *s, size_t n, long line)
{
    html_feed(ud, s, n, line);
}

/* A new line of the summary (a list item, a code block): the spaces the HTML
 * text left at the end of the line before go. */
static void sum_line(pstate *ps, const char *bullet)
{
    buf *s = &ps->det.summary;
    while (s->len && s->p[s->len - 1] == ' ')
        s->len--;
    if (s->len)
        check(ps, buf_addc(s, '\n'));
    check(ps, buf_adds(s, bullet));
}

static void det_paragraph(pstate *ps, cmark_node *node, int item_first)
{
    if (ps->det.in_summary && item_first) {
        char bullet[16]; /* a list in the summary: one line per item */
        item_bullet(ps, cmark_node_parent(node), bullet);
        sum_line(ps, bullet);
    }
    if (ps->qa.active && !ps->det.in_summary) {
        char bullet[16]; /* a numbered item keeps its number */
        if (item_first)
            item_bullet(ps, cmark_node_parent(node), bullet);
        det_newline(ps, item_first ? bullet : NULL);
    }
    render_sink sink = {det_ev_text, det_ev_brk, det_ev_html, ps, 1};
    if (render_events(node, &sink) != 0)
        oom(ps);
}

/* ------------------------------------------------------------------------ */
/* The outline: which headings ask (a pass over the top level before the walk) */
/* ------------------------------------------------------------------------ */

enum { HC_NONE, HC_NUMBERED, HC_WEAK, HC_STRONG, HC_SKIP };

typedef struct hfact {
    int level, cls, body;
    long parent; /* the nearest earlier heading of a smaller level, -1 if none */
    size_t group;
    unsigned char nested;
    unsigned char ans; /* an answer heading ("## Answer"), the question before it */
} hfact;

typedef struct hgroup {
    unsigned q, other, numbered;
} hgroup;

/* A question-like heading asks when the document's structure says so: its
 * sibling headings (same level, same parent) are mostly questions too, and,
 * unless it ends in '?' or a request, it has a body of its own before the
 * next heading. A '?' heading among three or more section titles twice its
 * number ("What is this?" beside Installation, Usage, License) is a title. */
static void heading_prepass(pstate *ps, cmark_node *root)
{
    size_t n = 0;
    for (cmark_node *c = cmark_node_first_child(root); c; c = cmark_node_next(c))
        n += cmark_node_get_type(c) == CMARK_NODE_HEADING;
    if (n == 0)
        return;
    ps->hn = calloc(n, sizeof *ps->hn);
    hfact *f = calloc(n, sizeof *f);
    hgroup *g = calloc(n, sizeof *g);
    if (!ps->hn || !f || !g) {
        free(f);
        free(g);
        oom(ps);
        return;
    }
    long last[7] = {-1, -1, -1, -1, -1, -1, -1}; /* the latest heading of each level */
    long group_of[7] = {-1, -1, -1, -1, -1, -1, -1};
    size_t k = 0, n_groups = 0;
    for (cmark_node *c = cmark_node_first_child(root); c && !ps->oom; c = cmark_node_next(c)) {
        if (cmark_node_get_type(c) != CMARK_NODE_HEADING)
            continue;
        int level = cmark_node_get_heading_level(c);
        if (level < 1 || level > 6)
            level = 6;
        if (render_lines(c, &ps->rt) != 0) {
            oom(ps);
            break;
        }
        buf_reset(&ps->tmp);
        check(ps, rtext_join(&ps->rt, 0, &ps->tmp));
        const char *t = buf_str(&ps->tmp);
        size_t tn = ps->tmp.len;
        hfact *h = &f[k];
        h->level = level;
        h->parent = -1;
        for (int l = level - 1; l >= 1; l--)
            if (last[l] >= 0 && (h->parent < 0 || last[l] > h->parent))
                h->parent = last[l];
        int lv;
        size_t lo, ll;
        int lg = PAT_LANG_NONE;
        int lab = tn > 0 && tn <= 48 ? pat_heading_label_lang(t, tn, &lg) : 0;
        h->ans = (unsigned char)(lab == 1);
        ps->hn[k].ans = h->ans;
        ps->hn[k].qlabel = (unsigned char)(lab == 2);
        ps->hn[k].lang = (unsigned char)lg;
        if (lab && lg == PAT_LANG_EN)
            ps->en_labels = 1;
        if (tn == 0 || lab || pat_level_marker(t, tn, &lv, &lo, &ll) ||
            (h->parent >= 0 && pat_section_of(t, tn) != SEC_NONE))
            h->cls = HC_SKIP;
        else
            h->cls = (int)pat_question_class(t, tn); /* PQ_* == HC_* */
        cmark_node *nx = cmark_node_next(c);
        h->body = nx && cmark_node_get_type(nx) != CMARK_NODE_HEADING &&
                  cmark_node_get_type(nx) != CMARK_NODE_THEMATIC_BREAK;
        if (group_of[level] < 0)
            group_of[level] = (long)n_groups++;
        h->group = (size_t)group_of[level];
        for (int l = level + 1; l <= 6; l++) {
            group_of[l] = -1;
            last[l] = -1;
        }
        last[level] = (long)k;
        hgroup *gr = &g[h->group];
        if (h->cls == HC_STRONG || h->cls == HC_WEAK)
            gr->q++;
        else if (h->cls == HC_NUMBERED)
            gr->numbered++;
        else if (h->cls == HC_NONE)
            gr->other++;
        ps->hn[k].node = c;
        k++;
    }
    ps->n_hn = k;
    unsigned char free_depth[7] = {0};
    for (size_t i = 0; i < k; i++) {
        hfact *h = &f[i];
        const hgroup *gr = &g[h->group];
        int titles = gr->other >= 3 && gr->other >= 2 * gr->q;
        int q = 0;
        if (h->cls == HC_STRONG)
            q = !titles;
        else if (h->cls == HC_WEAK || h->cls == HC_NUMBERED)
            q = h->body && !titles && gr->q > gr->other + gr->numbered &&
                (h->cls == HC_WEAK || gr->q > 0);
        /* "# Question 3." then "### Name three linux commands": the label says it asks */
        if (h->cls == HC_WEAK && i > 0 && ps->hn[i - 1].qlabel &&
            cmark_node_next(ps->hn[i - 1].node) == ps->hn[i].node)
            q = 1;
        /* "## What is X?" with "## Answer" right after it */
        if (h->cls != HC_SKIP && h->cls != HC_NONE && i + 1 < k && f[i + 1].ans &&
            cmark_node_next(ps->hn[i].node) == ps->hn[i + 1].node)
            q = 1;
        ps->hn[i].is_q = (unsigned char)q;
        if (!q && (h->cls == HC_STRONG || (h->cls == HC_WEAK && h->body))) {
            ps->hn[i].titled = 1;
            ps->hn[i].others = (unsigned short)(gr->other > 65535 ? 65535 : gr->other);
        }
        h->nested =
            (unsigned char)(h->parent >= 0 && (ps->hn[h->parent].is_q || f[h->parent].nested));
        if (q && !h->nested)
            free_depth[h->level] = 1;
    }
    for (size_t i = 0; i < k; i++)
        ps->hn[i].inner = (unsigned char)(ps->hn[i].is_q && f[i].nested && !free_depth[f[i].level]);
    free(f);
    free(g);
}

/* The pre-pass's note on a top-level heading, or NULL for one inside a
 * container (list item, block quote). */
static const hnote *heading_note(pstate *ps, cmark_node *node)
{
    if (ps->hn_next < ps->n_hn && ps->hn[ps->hn_next].node == node)
        return &ps->hn[ps->hn_next++];
    return NULL;
}

/* Heading text as a line of the pending answer (a sub-heading inside it). */
static void qa_heading_line(pstate *ps, const char *text, size_t n)
{
    qa_append(ps, "\n", text, n);
}

/* ------------------------------------------------------------------------ */
/* Blocks                                                                    */
/* ------------------------------------------------------------------------ */

static int node_is(cmark_node *n, cmark_node_type t)
{
    return n && cmark_node_get_type(n) == t;
}

/* A heading inside a list item or block quote: never a topic (the outline is
 * the top level). The first child of its container that reads as a question
 * opens one whose answer is the rest of the container ("1. ### What is X"
 * with the answer under it); inside a pending answer, any other is a line of
 * it ("> ##### 페이징"). Returns 1 when handled. */
static int inner_heading(pstate *ps, cmark_node *node, const char *text, size_t n, long line)
{
    cmark_node *parent = cmark_node_parent(node);
    int lv;
    size_t lo, ll;
    if (n == 0 || pat_level_marker(text, n, &lv, &lo, &ll))
        return 0;
    pat_qclass cls = pat_question_class(text, n);
    int first = cmark_node_previous(node) == NULL;
    int in_item = node_is(parent, CMARK_NODE_ITEM);
    int asks = cls == PQ_STRONG ||
               (in_item && (cls == PQ_WEAK || cls == PQ_NUMBERED) && cmark_node_next(node));
    if (first && asks && (in_item || !ps->qa.active)) {
        qa_finish(ps);
        size_t rest = 0;
        if (pat_qa_prefix(text, n, &rest) != PAT_Q) {
            int num;
            if (!pat_topic_number(text, n, &num, &rest))
                rest = 0;
        }
        qa_start(ps, SC_ITEM, parent, text + rest, n - rest, line);
        return 1;
    }
    if (ps->qa.active) {
        qa_heading_line(ps, text, n);
        return 1;
    }
    return pat_section_of(text, n) == SEC_NONE; /* ignored; a section name keeps its old meaning */
}

/* A top-level heading "Answer", "## Answer guide", "### 정답": the answer to the
 * question before it — the pending one (what stood between them joins the
 * question), else the prose right before the heading — up to the next heading
 * of its level or higher. The heading is no topic. Returns 1 when handled. */
static int answer_heading(pstate *ps, int level, long line)
{
    pending *qa = &ps->qa;
    if (cur_section(ps, NULL) == SEC_SCENARIO || ps->block >= 0)
        return 0;
    int hq = qa->active && qa->sc == SC_HEADING;
    if (hq && level > qa->hlevel && qa->explicit_a)
        return 0; /* a sub-heading of the answer already open */
    /* "### 1. What is X?" right before "# Answer 1.": its answer, however high */
    int up = hq && level < qa->hlevel && !qa->explicit_a && qa->limbo.len == 0;
    int keep = (hq && level > qa->hlevel) || up; /* "### What is X?" … "#### Answer" */
    if (qa->active && qa->sc != SC_DETAILS && !qa->explicit_a &&
        (hq ? level >= qa->hlevel || up
            : qa->limbo.len == 0 || (qa->sc == SC_LINE && notes_and_code(&qa->limbo, 1)))) {
        qa_answer(ps, "", 0); /* code before the heading joins the question */
    } else if (ps->prev.len && (ps->prev_label || prev_asks_at(ps, prev_pick(ps)))) {
        size_t off = prev_pick(ps);
        prev_claim(ps);
        buf_reset(&ps->tmp);
        check(ps, buf_add(&ps->tmp, ps->prev.p + off, ps->prev.len - off));
        qa_start(ps, SC_HEADING, NULL, ps->tmp.p, ps->tmp.len, ps->prev_line);
        qa->explicit_a = 1;
        ps->n_stems++;
    } else {
        /* no question before it: an ordinary heading (an answer key section's "## 정답",
         * mc.c, or a section of prose) */
        orphan(ps, line);
        return 0;
    }
    if (qa->active) {
        qa->sc = SC_HEADING;
        qa->scope_node = NULL;
        if (!keep)
            qa->hlevel = level;
        qa->item_node = NULL;
        qa->a_item = NULL;
        qa->await_a = 0;
        qa->q_code = 0;
    }
    buf_reset(&ps->prev);
    if (keep)
        return 1; /* inside the question heading's own scope */
    for (int l = level; l <= 6; l++)
        ps->hs[l].valid = 0;
    hentry *h = &ps->hs[level];
    h->valid = 1;
    h->kind = H_SECTION; /* keeps the enclosing topic */
    h->sec = SEC_NONE;
    h->topic = -1;
    return 1;
}

static void on_heading(pstate *ps, cmark_node *node)
{
    rtext *rt = &ps->rt;
    ps->seen_heading = 1;
    const hnote *note = heading_note(ps, node);
    if (render_lines(node, rt) != 0) {
        oom(ps);
        return;
    }
    buf_reset(&ps->tmp);
    check(ps, rtext_join(rt, 0, &ps->tmp));
    if (ps->oom)
        return;
    long line = cmark_node_get_start_line(node);
    int level = cmark_node_get_heading_level(node);
    if (level < 1 || level > 6)
        return;
    if (ps->det.depth > 0) {
        if (ps->qa.active && !ps->det.in_summary && ps->tmp.len) {
            det_newline(ps, NULL);
            qa_append(ps, NULL, ps->tmp.p, ps->tmp.len);
        }
        return;
    }
    /* a copy: ps->tmp is reused below */
    char *text = arena_strndup(&ps->d->mem, ps->tmp.p, ps->tmp.len);
    if (!text) {
        oom(ps);
        return;
    }
    size_t n = ps->tmp.len;
    ps->label_arm = 0;
    if (note && ps->lang_skip && (level <= ps->lang_skip || note->qlabel || note->ans) &&
        !((note->qlabel || note->ans) && note->lang == PAT_LANG_OTHER))
        ps->lang_skip = 0; /* the skipped section ends: an English label, or a heading above */
    if (note && (note->qlabel || note->ans) && note->lang == PAT_LANG_OTHER && ps->en_labels) {
        /* "# Вопрос (RU)" beside "# Question (EN)": the same question in another
         * language, not one more English question */
        if (!ps->lang_skip || level < ps->lang_skip) {
            qa_finish(ps); /* an English question's prose waits for its answer */
            ps->lang_skip = level;
        }
        warn(ps, line,
             "\"%.*s%s\" is in another language than the document's English questions and "
             "answers; skipped",
             QUOTE(text, n));
        ps->skipped[SK_LANG]++;
        return;
    }
    if (ps->lang_skip && note)
        return; /* a sub-heading of the skipped section */
    ps->label_closed = 0;
    if (note && note->ans && !(note->is_q && !note->inner) && answer_heading(ps, level, line))
        return;
    prev_drop(ps);
    buf_reset(&ps->prev);

    if (!note && !node_is(cmark_node_parent(node), CMARK_NODE_DOCUMENT) &&
        inner_heading(ps, node, text, n, line))
        return;
    /* a sub-heading of an open question heading is part of its answer, unless
     * the document asks questions at its depth elsewhere */
    if (note && ps->qa.active && ps->qa.sc == SC_HEADING && level > ps->qa.hlevel && n > 0 &&
        !(note->is_q && !note->inner)) {
        int lv0;
        size_t lo0, ll0;
        if (!pat_level_marker(text, n, &lv0, &lo0, &ll0)) {
            qa_heading_line(ps, text, n);
            return;
        }
    }

    qa_finish(ps);
    if (ps->block >= 0 && !(ps->block_hlevel > 0 && level > ps->block_hlevel))
        block_end(ps);
    int sec_hl;
    pat_section sec_now = cur_section(ps, &sec_hl);
    int in_scenario = sec_now == SEC_SCENARIO && level > sec_hl;
    if (!in_scenario)
        scen_finish(ps);

    long bare_topic =
        ps->hs[level].valid && ps->hs[level].kind == H_TOPIC && ps->hs[level].bare == node
            ? ps->hs[level].topic
            : -1;
    if (level <= ps->sib_level) {
        if (level < ps->sib_level)
            bare_topic = -1;
        else if (ps->sib_topic >= 0)
            bare_topic = ps->sib_topic;
        ps->sib_topic = -1;
        ps->sib_level = 0;
    }
    for (int l = level; l <= 6; l++)
        ps->hs[l].valid = 0;
    hentry *h = &ps->hs[level];
    h->valid = 1;
    h->sec = SEC_NONE;
    h->topic = -1;
    h->bare = NULL;

    if (level == 1 && (!ps->d->title || !ps->d->title[0]) && !(note && note->qlabel))
        ps->d->title = text; /* "# Question 1" is scaffolding, not the title */

    int lv;
    size_t lo, ll;
    pat_section sec;
    if (n == 0) {
        h->kind = H_SECTION; /* an empty heading: keep the enclosing topic */
    } else if (pat_level_marker(text, n, &lv, &lo, &ll)) {
        h->kind = H_LEVEL;
        block_start(ps, lv, text + lo, ll, line, NULL, level);
    } else if (in_scenario) {
        h->kind = H_SCENARIO;
        scen_start(ps, text, n, line);
    } else if ((sec = pat_section_of(text, n)) != SEC_NONE && has_enclosing_topic(ps, level)) {
        h->kind = H_SECTION;
        h->sec = sec;
    } else if (note ? note->is_q : pat_question_class(text, n) == PQ_STRONG) {
        h->kind = H_QUESTION;
        if (bare_topic >= 0) {
            ps->sib_topic = bare_topic; /* a title over the question headings after it */
            ps->sib_level = level;
        }
        size_t rest = 0;
        if (pat_qa_prefix(text, n, &rest) != PAT_Q) {
            int num; /* "12. C++ 실행 과정": the number is not part of the question */
            if (!pat_topic_number(text, n, &num, &rest))
                rest = 0;
        }
        if (n - rest > 2 && text[rest] == '`' && text[n - 1] == '`' &&
            !memchr(text + rest + 1, '`', n - rest - 2)) {
            rest++; /* "### `웹 표준이란?`": one code span, the whole heading */
            n--;
        }
        qa_start(ps, SC_HEADING, node, text + rest, n - rest, line);
        ps->qa.hlevel = level;
    } else if (note && note->qlabel) {
        h->kind = H_SECTION; /* "## Question 1": scaffolding of the enclosing topic */
        ps->label_arm = 1;   /* the prose under it is the question */
        if (bare_topic >= 0) {
            ps->sib_topic = bare_topic; /* "## 네트워크" then "## #26", "## #27" */
            ps->sib_level = level;
        }
    } else {
        if (note && note->titled) {
            warn(ps, line,
                 "heading reads like a question but is a section title here (%u of its sibling "
                 "headings are titles, or it has no body); not a question: \"%.*s%s\"",
                 (unsigned)note->others, QUOTE(text, n));
            ps->skipped[SK_SECTION]++;
        }
        h->kind = H_TOPIC;
        h->sec = pat_section_of(text, n);
        h->topic = topic_push(ps, text, n, line);
        if (node_is(cmark_node_next(node), CMARK_NODE_HEADING))
            h->bare = cmark_node_next(node);
    }
}

/* Whether line i ("A : 0 ≤ x ≤ 10이면 …") opens labelled lines "A : …", "B : …"
 * outside any question: the parts of a question stem, not an "A:" answer. */
static int label_lines(const pstate *ps, const rtext *rt, size_t i)
{
    if (ps->qa.active || i + 1 >= rt->n)
        return 0;
    const char *s = rt->text.p + rt->lines[i].off;
    size_t n = rt->lines[i].len;
    return letter_label(s, n, 'A') && pat_qa_prefix(s, n, NULL) == PAT_A &&
           letter_label(rt->text.p + rt->lines[i + 1].off, rt->lines[i + 1].len, 'B');
}

/* The length of s without the emoji and symbols after its text: the level
 * marks of "**What is overfitting? 👶**" (a legend "👶 easy ⭐️ medium 🚀
 * expert"). */
static size_t strip_marks(const char *s, size_t n)
{
    size_t i = 0, keep = 0;
    while (i < n) {
        int32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        if (k == 0)
            k = 1;
        int mark = (cp >= 0x1F000 && cp < 0x20000) || (cp >= 0x2600 && cp < 0x27C0) ||
                   (cp >= 0x2B00 && cp < 0x2C00) || cp == 0xFE0F || cp == 0x200D || u8_is_space(cp);
        i += k;
        if (!mark)
            keep = i;
    }
    return keep;
}

/* A paragraph of the document's own level that is all bold and asks
 * ("**What is overfitting? 👶**", data-science-interviews theory.md) opens a
 * question when none is open, or when the open one was opened the same way;
 * its answer is what follows up to the next such paragraph or heading. Not
 * when a <details> or a heading follows it (a prose stem, read as before).
 * Returns 1 when it opened one. */
static int bold_question(pstate *ps, cmark_node *node, const rtext *rt)
{
    if (rt->n != 1 || !node_is(cmark_node_parent(node), CMARK_NODE_DOCUMENT) ||
        (ps->qa.active && !ps->qa.bold))
        return 0;
    cmark_node *c = cmark_node_first_child(node);
    if (!c || cmark_node_next(c) || cmark_node_get_type(c) != CMARK_NODE_STRONG)
        return 0;
    cmark_node *nx = cmark_node_next(node);
    while (nx && node_is(nx, CMARK_NODE_HTML_BLOCK) && cmark_node_get_literal(nx) &&
           !strstr(cmark_node_get_literal(nx), "<details"))
        nx = cmark_node_next(nx);
    if (!nx || node_is(nx, CMARK_NODE_HEADING) || node_is(nx, CMARK_NODE_HTML_BLOCK) ||
        node_is(nx, CMARK_NODE_THEMATIC_BREAK))
        return 0;
    const char *t = rt->text.p + rt->lines[0].off;
    size_t n = strip_marks(t, rt->lines[0].len);
    if (n == 0 || pat_qa_prefix(t, n, NULL) != PAT_NONE || pat_question_class(t, n) != PQ_STRONG)
        return 0;
    qa_start(ps, SC_LINE, NULL, t, n, rt->lines[0].line);
    ps->qa.bold = 1;
    return 1;
}

/* Whether paragraph x opens with a question prefix ("Q: ", "**Q.** "), read
 * from its first text node (emphasis around it aside). */
static int para_opens_q(cmark_node *x)
{
    if (!node_is(x, CMARK_NODE_PARAGRAPH))
        return 0;
    cmark_node *c = cmark_node_first_child(x);
    while (c && (node_is(c, CMARK_NODE_STRONG) || node_is(c, CMARK_NODE_EMPH)))
        c = cmark_node_first_child(c);
    const char *t = c && node_is(c, CMARK_NODE_TEXT) ? cmark_node_get_literal(c) : NULL;
    size_t rest;
    return t && pat_qa_prefix(t, strlen(t), &rest) == PAT_Q;
}

/* A top-level paragraph of images only right before a paragraph that opens
 * with "Q:" is that question's (the image it asks about): kept in img_q for
 * qa_start, not the concept text or the previous answer. Returns 1 if taken. */
static int image_before_question(pstate *ps, cmark_node *node, const rtext *rt)
{
    if (rt->text.len == 0 || rt->text.p[rt->lines[0].off] != '!' ||
        !node_is(cmark_node_parent(node), CMARK_NODE_DOCUMENT))
        return 0;
    for (size_t i = 0; i < rt->n; i++)
        if (!only_images(rt->text.p + rt->lines[i].off, rt->lines[i].len))
            return 0;
    cmark_node *nx = cmark_node_next(node);
    if (!para_opens_q(nx))
        return 0;
    qa_finish(ps); /* the image after an answer opens the next question */
    buf_reset(&ps->img_q);
    for (size_t i = 0; i < rt->n; i++) {
        if (i)
            check(ps, buf_addc(&ps->img_q, '\n'));
        check(ps, buf_add(&ps->img_q, rt->text.p + rt->lines[i].off, rt->lines[i].len));
    }
    ps->img_for = nx;
    return 1;
}

static void on_paragraph(pstate *ps, cmark_node *node)
{
    rtext *rt = &ps->rt;
    cmark_node *parent = cmark_node_parent(node);
    int item_first = node_is(parent, CMARK_NODE_ITEM) && cmark_node_previous(node) == NULL;
    if (ps->det.depth > 0) {
        det_paragraph(ps, node, item_first);
        return;
    }
    if (render_lines_md(node, rt) != 0) {
        oom(ps);
        return;
    }
    if (rt->has_details_tag) {
        det_paragraph(ps, node, item_first);
        return;
    }
    if (rt->n == 0)
        return;
    ps->para_item = item_first ? parent : NULL;
    int ordered =
        item_first && cmark_node_get_list_type(cmark_node_parent(parent)) == CMARK_ORDERED_LIST;
    const char *t0 = rt->text.p + rt->lines[0].off;
    size_t n0 = rt->lines[0].len;
    long l0 = rt->lines[0].line;

    pat_section sec = cur_section(ps, NULL);
    if (sec == SEC_GUIDE)
        return;
    if (sec != SEC_SCENARIO && image_before_question(ps, node, rt))
        return;

    size_t first = 0;
    int lv;
    size_t lo, ll;
    if (pat_level_marker(t0, n0, &lv, &lo, &ll)) {
        qa_finish(ps);
        scen_finish(ps);
        cmark_node *container = NULL;
        if (node_is(parent, CMARK_NODE_BLOCK_QUOTE) || node_is(parent, CMARK_NODE_ITEM))
            container = parent;
        block_start(ps, lv, t0 + lo, ll, l0, container, 0);
        first = 1;
        if (rt->n == 1)
            return;
    } else if (sec == SEC_SCENARIO && !ps->qa.active && pat_qa_prefix(t0, n0, NULL) == PAT_NONE) {
        scen_paragraph(ps, node, item_first);
        return;
    }

    if (first == 0 && !item_first && sec != SEC_SCENARIO && bold_question(ps, node, rt))
        return;

    if (first == 0 && item_first && pat_qa_prefix(t0, n0, NULL) == PAT_NONE) {
        /* sub-topic bullets of a level block come before its first question */
        if (ps->block >= 0 && !ps->qa.active && !ps->block_has_q) {
            buf_reset(&ps->tmp);
            check(ps, rtext_join(rt, 0, &ps->tmp));
            subtopic_add(ps, ps->tmp.p, ps->tmp.len, l0);
            return;
        }
        /* "1. What is X?" with the answer under it (also "- …설명하시오" with
         * content under it; a weak "1. What are the ways …" only with content) */
        if (!ps->qa.active || ps->qa.await_a) {
            pat_qclass cls = pat_question_class(t0, n0);
            int more = rt->n > 1 || cmark_node_next(node) != NULL;
            if ((ordered && cls == PQ_STRONG) ||
                (more && (cls == PQ_STRONG || (ordered && cls == PQ_WEAK)))) {
                qa_start(ps, SC_ITEM, parent, t0, n0, l0);
                for (size_t i = 1; i < rt->n; i++)
                    qa_line(ps, rt->text.p + rt->lines[i].off, rt->lines[i].len, rt->lines[i].line,
                            0, i == 1);
                return;
            }
            cmark_node *lk = cmark_node_first_child(node);
            const char *url = lk && !cmark_node_next(lk) && node_is(lk, CMARK_NODE_LINK)
                                  ? cmark_node_get_url(lk)
                                  : NULL;
            if (url && url[0] == '#') {
                /* "- [DOCTYPE은 무엇을 하나요?](#doctype…)": a table of contents' line */
                ps->item_warned = 1; /* no prose that asks either */
            } else if (cls == PQ_STRONG && ps->det.depth == 0 && sec != SEC_SCENARIO &&
                       !pat_aside(t0, n0)) {
                warn(ps, l0,
                     "list item reads like a question but has no answer under it; not "
                     "imported: \"%.*s%s\"",
                     QUOTE(t0, n0));
                ps->skipped[SK_ITEM]++;
                ps->d->questions_seen++;
                ps->item_warned = 1;
            } else if (cls == PQ_WEAK && ps->det.depth == 0 && sec != SEC_SCENARIO) {
                ps->d->questions_seen++; /* "- Explain …": counted in a refusal, not warned */
            }
        }
    }

    /* Leading lines that no question claims are prose (concept text); from
     * the first line a question claims on, every line is read as Q/A. */
    size_t i = first;
    while (i < rt->n && (label_lines(ps, rt, i) ||
                         !qa_line(ps, rt->text.p + rt->lines[i].off, rt->lines[i].len,
                                  rt->lines[i].line, item_first && i == first, i == first)))
        i++;
    size_t prose_end = i;
    for (i++; i < rt->n; i++)
        qa_line(ps, rt->text.p + rt->lines[i].off, rt->lines[i].len, rt->lines[i].line, 0, 0);
    if (prose_end > first)
        prev_add(ps, rt, first, prose_end, item_first);
    ps->item_warned = 0;
    if (prose_end > first) {
        buf_reset(&ps->tmp);
        for (size_t k = first; k < prose_end; k++) {
            if (k > first)
                check(ps, buf_addc(&ps->tmp, ' '));
            check(ps, buf_add(&ps->tmp, rt->text.p + rt->lines[k].off, rt->lines[k].len));
        }
        concept_add(ps, ps->tmp.p, ps->tmp.len, item_first ? "\n- " : "\n\n");
        int list = 0;
        if (item_first) {
            list = -1;
            if (ordered) {
                list = 1;
                for (cmark_node *p = cmark_node_previous(parent); p; p = cmark_node_previous(p))
                    list++;
            }
        }
        concept_src_add(ps, rt, first, prose_end, list);
    }
}

static void append_code(pstate *ps, buf *t, cmark_node *node)
{
    check(ps, render_code(node, t));
}

static void on_code(pstate *ps, cmark_node *node)
{
    pat_section sec = cur_section(ps, NULL);
    if (ps->det.in_summary) {
        /* a code block in the summary is the question's */
        sum_line(ps, "");
        append_code(ps, &ps->det.summary, node);
        return;
    }
    if (!ps->qa.active && ps->prev.len)
        append_code(ps, &ps->prev, node);
    if (ps->qa.active) {
        pending *qa = &ps->qa;
        if (qa->q_code && !qa->explicit_a && qa->limbo.len == 0 && ps->det.depth == 0 &&
            pat_refers_to_code(qa->q.p, qa->q.len)) {
            /* "What is the output of below code" then the code: the question's */
            append_code(ps, &qa->q, node);
            qa->q_code = 0;
            return;
        }
        qa->q_code = 0;
        append_code(ps, qa->explicit_a ? &qa->a : &qa->limbo, node);
        return;
    }
    if (ps->det.depth > 0)
        return;
    if (sec == SEC_SCENARIO) {
        scen_code(ps, node);
        return;
    }
    buf *c = concept_target(ps);
    if (c) {
        if (c->len)
            check(ps, buf_adds(c, "\n\n"));
        append_code(ps, c, node);
    }
}

/* The level guide: a table with a level column ("레벨", "Level"). */
typedef enum col_role { COL_OTHER, COL_LEVEL, COL_AUDIENCE, COL_DESC, COL_LABEL } col_role;

static col_role role_of(const char *s, size_t n)
{
    static const struct {
        const char *w;
        col_role r;
    } words[] = {
        {"레벨", COL_LEVEL},        {"level", COL_LEVEL},     {"수준", COL_LEVEL},
        {"단계", COL_LEVEL},        {"lv", COL_LEVEL},        {"대상", COL_AUDIENCE},
        {"audience", COL_AUDIENCE}, {"target", COL_AUDIENCE}, {"설명", COL_DESC},
        {"description", COL_DESC},  {"내용", COL_DESC},       {"라벨", COL_LABEL},
        {"label", COL_LABEL},       {"이름", COL_LABEL},      {"명칭", COL_LABEL},
    };
    size_t flen;
    char *f = u8_fold(s, n, &flen);
    if (!f)
        return COL_OTHER;
    col_role r = COL_OTHER;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(f, words[i].w) == 0)
            r = words[i].r;
    free(f);
    return r;
}

static char *cell_text(pstate *ps, cmark_node *cell)
{
    if (render_lines(cell, &ps->rt) != 0) {
        oom(ps);
        return NULL;
    }
    buf_reset(&ps->tmp);
    check(ps, rtext_join(&ps->rt, 0, &ps->tmp));
    return dup_trim(ps, ps->tmp.p ? ps->tmp.p : "", ps->tmp.len);
}

/* A header cell that names a Q/A table's column: 1 question, 2 answer, else 0. */
static int qa_col(const char *s, size_t n)
{
    static const char *const q[] = {"question", "questions", "q", "질문", "예상 질문", "면접 질문"};
    static const char *const a[] = {"answer",      "answers", "a",        "답변",
                                    "답변 포인트", "답",      "모범 답안"};
    size_t flen;
    char *f = u8_fold(s, n, &flen);
    if (!f)
        return 0;
    int r = 0;
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
        if (strcmp(f, q[i]) == 0)
            r = 1;
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        if (strcmp(f, a[i]) == 0)
            r = 2;
    free(f);
    return r;
}

/* A question cell in quotes ("\"왜 …했나?\"", curly quotes too): the quotes go. */
static size_t unquote(const char **s, size_t n)
{
    const char *p = *s;
    if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
        *s = p + 1;
        return n - 2;
    }
    if (n >= 6 && memcmp(p, "\xe2\x80\x9c", 3) == 0 && memcmp(p + n - 3, "\xe2\x80\x9d", 3) == 0) {
        *s = p + 3;
        return n - 6;
    }
    return n;
}

/* A two-column table headed Question | Answer (질문 | 답변, Q | A): one item
 * per row. Returns 1 if the table was one. */
static int qa_table(pstate *ps, cmark_node *table)
{
    cmark_node *row = cmark_node_first_child(table);
    cmark_node *c0 = row ? cmark_node_first_child(row) : NULL;
    cmark_node *c1 = c0 ? cmark_node_next(c0) : NULL;
    if (!c1 || cmark_node_next(c1))
        return 0;
    char *h = cell_text(ps, c0);
    if (!h || qa_col(h, strlen(h)) != 1)
        return 0;
    h = cell_text(ps, c1);
    if (!h || qa_col(h, strlen(h)) != 2)
        return 0;
    for (row = cmark_node_next(row); row && !ps->oom; row = cmark_node_next(row)) {
        c0 = cmark_node_first_child(row);
        c1 = c0 ? cmark_node_next(c0) : NULL;
        char *q = c0 ? cell_text(ps, c0) : NULL;
        char *a = c1 ? cell_text(ps, c1) : NULL;
        if (!q || !q[0])
            continue;
        const char *qs = q;
        size_t qn = unquote(&qs, strlen(q));
        qa_start(ps, SC_LINE, NULL, qs, qn, cmark_node_get_start_line(row));
        if (ps->qa.active && a)
            qa_append(ps, NULL, a, strlen(a));
        qa_finish(ps);
    }
    return 1;
}

static void on_table(pstate *ps, cmark_node *table)
{
    kb_doc *d = ps->d;
    if (ps->qa.active) { /* a table in an answer stays a table (render.h) */
        check(ps, render_table(table, &ps->rt, ps->qa.explicit_a ? &ps->qa.a : &ps->qa.limbo));
        return;
    }
    if (ps->det.depth == 0 && qa_table(ps, table))
        return;
    if (d->n_levels > 0)
        return; /* the first guide wins */
    col_role roles[16] = {0};
    size_t ncols = 0;
    int have_level_col = 0;
    cmark_node *row = cmark_node_first_child(table);
    if (!row)
        return;
    /* header row */
    for (cmark_node *c = cmark_node_first_child(row); c && ncols < 16; c = cmark_node_next(c)) {
        char *t = cell_text(ps, c);
        if (!t)
            return;
        roles[ncols] = role_of(t, strlen(t));
        if (roles[ncols] == COL_LEVEL)
            have_level_col = 1;
        ncols++;
    }
    if (!have_level_col)
        return;
    for (row = cmark_node_next(row); row; row = cmark_node_next(row)) {
        int level = 0;
        const char *label = "", *audience = "", *desc = "";
        size_t col = 0;
        for (cmark_node *c = cmark_node_first_child(row); c && col < ncols;
             c = cmark_node_next(c), col++) {
            char *t = cell_text(ps, c);
            if (!t)
                return;
            size_t lo, ll;
            int lv;
            switch (roles[col]) {
            case COL_LEVEL:
                if (pat_level_marker(t, strlen(t), &lv, &lo, &ll)) {
                    level = lv;
                    if (ll && !label[0])
                        label = arena_strndup(&d->mem, t + lo, ll);
                }
                break;
            case COL_AUDIENCE: audience = t; break;
            case COL_DESC: desc = t; break;
            case COL_LABEL: label = t; break;
            default: break;
            }
        }
        if (level == 0)
            continue;
        kb_level_def *ld =
            arena_push(&d->mem, (void **)&d->levels, &d->n_levels, &d->cap_levels, sizeof *ld);
        if (!ld || !label) {
            oom(ps);
            return;
        }
        ld->level = level;
        ld->label = label;
        ld->audience = audience;
        ld->description = desc;
        ld->line = cmark_node_get_start_line(row);
    }
}

/* "<div align='center'><h1>🌐 Network 🌐</h1></div>" before any Markdown
 * heading: the document's title (its tags dropped, references decoded). */
static void html_title(pstate *ps, const char *lit)
{
    const char *a = lit;
    while ((a = strchr(a, '<')) != NULL && strncasecmp(a, "<h1", 3) != 0)
        a++;
    if (!a || (a[3] != '>' && a[3] != ' ' && a[3] != '\t'))
        return;
    a = strchr(a, '>');
    const char *b = a;
    while (b && (b = strchr(b, '<')) != NULL && strncasecmp(b, "</h1", 4) != 0)
        b++;
    if (!a || !b)
        return;
    buf_reset(&ps->tmp);
    for (const char *p = a + 1; p < b; p++) {
        if (*p == '<') {
            const char *e = memchr(p, '>', (size_t)(b - p));
            if (!e)
                break;
            p = e;
            continue;
        }
        check(ps, buf_addc(&ps->tmp, *p == '\n' || *p == '\t' ? ' ' : *p));
    }
    buf dec;
    buf_init(&dec, ps->text_max);
    check(ps, html_decode(ps->tmp.p ? ps->tmp.p : "", ps->tmp.len, &dec));
    size_t x, y;
    pat_trim(dec.p ? dec.p : "", dec.len, &x, &y);
    if (y > x && !ps->oom)
        ps->d->title = dup_trim(ps, dec.p + x, y - x);
    buf_free(&dec);
}

static void on_html_block(pstate *ps, cmark_node *node)
{
    const char *lit = cmark_node_get_literal(node);
    if (!lit)
        return;
    if (!ps->seen_heading && ps->det.depth == 0 && (!ps->d->title || !ps->d->title[0]))
        html_title(ps, lit);
    html_feed(ps, lit, strlen(lit), cmark_node_get_start_line(node));
}

/* ------------------------------------------------------------------------ */
/* The walk                                                                  */
/* ------------------------------------------------------------------------ */

static int is_table(cmark_node *n)
{
    const char *t = cmark_node_get_type_string(n);
    return t && strcmp(t, "table") == 0;
}

/* The last item of a list (or a block quote) right before a <details> element. */
static int details_follow(cmark_node *item)
{
    if (cmark_node_get_type(item) == CMARK_NODE_ITEM) {
        if (cmark_node_next(item))
            return 0;
        item = cmark_node_parent(item);
    }
    cmark_node *nx = item ? cmark_node_next(item) : NULL;
    if (!nx || cmark_node_get_type(nx) != CMARK_NODE_HTML_BLOCK)
        return 0;
    const char *lit = cmark_node_get_literal(nx);
    size_t i = 0;
    while (lit && (lit[i] == ' ' || lit[i] == '\t'))
        i++;
    static const char tag[] = "<details";
    for (size_t k = 0; lit && k < sizeof tag - 1; k++) {
        char c = lit[i + k];
        if ((c >= 'A' && c <= 'Z' ? (char)(c + 32) : c) != tag[k])
            return 0;
    }
    return lit != NULL;
}

/* The last item of a list right before a GFM table (a table at the margin
 * ends the list it was meant to be in). */
static int table_follows(cmark_node *item)
{
    if (cmark_node_get_type(item) != CMARK_NODE_ITEM || cmark_node_next(item))
        return 0;
    cmark_node *nx = cmark_node_next(cmark_node_parent(item));
    return nx && is_table(nx);
}

/* A questions-only document (JaeYeopHan's reverse interview: 38 bullet
 * questions with nothing under them, a few with notes under them): when bullet
 * questions without answers are five or more and at least three times the
 * items read, what follows the few others is notes, not answers; none is
 * imported (each warned), and the document is refused as asking questions
 * without answers. Documents with level blocks, scenarios or multiple choice
 * are left alone. */
static void questions_only(pstate *ps)
{
    kb_doc *d = ps->d;
    size_t bare = ps->skipped[SK_ITEM];
    if (bare < 5 || d->n_items == 0 || bare < 3 * d->n_items || ps->has_mc)
        return;
    for (size_t i = 0; i < d->n_items; i++)
        if (d->items[i].kind != KB_INTERVIEW_QA)
            return;
    size_t n = d->n_items;
    d->n_items = 0;
    for (size_t t = 0; t < d->n_topics; t++)
        d->topics[t].n_items = 0;
    for (size_t i = 0; i < n && !ps->oom; i++) {
        const kb_item *it = &d->items[i];
        size_t at = d->n_warnings;
        size_t qn = strlen(it->question);
        warn(ps, it->line,
             "a questions-only document (%zu list questions have nothing under them, %zu have "
             "text): what follows this question is taken for a note, not an answer; not "
             "imported: \"%.*s%s\"",
             bare, n, QUOTE(it->question, qn));
        if (d->n_warnings != at + 1)
            continue;
        ps->skipped[SK_QONLY]++;
        size_t j = at; /* the warnings stay in line order */
        while (j > 0 && d->warnings[j - 1].line > it->line)
            j--;
        kb_warning w = d->warnings[at];
        memmove(&d->warnings[j + 1], &d->warnings[j], (at - j) * sizeof w);
        d->warnings[j] = w;
    }
}

/* One closing warning counting what read like a question and was not
 * imported, by reason (what `assay check` shows last). */
static void skip_summary(pstate *ps)
{
    static const char *const why[SK_N] = {
        [SK_NO_ANSWER] = "without an answer",
        [SK_FOLLOWUPS] = "followed only by follow-up questions",
        [SK_SECTION] = "section titles",
        [SK_LABEL] = "<details> labels",
        [SK_ITEM] = "list items without an answer",
        [SK_NO_QUESTION] = "answers without a question",
        [SK_LANG] = "sections in another language",
        [SK_GLOSS] = "followed only by a note on a term",
        [SK_QONLY] = "in a questions-only document",
        [SK_MC] = "multiple-choice without an answer",
    };
    size_t total = 0;
    for (int k = 0; k < SK_N; k++)
        total += ps->skipped[k];
    if (total == 0)
        return;
    char msg[400];
    size_t w = 0;
    for (int k = 0; k < SK_N && w < sizeof msg; k++) {
        if (!ps->skipped[k])
            continue;
        int r =
            snprintf(msg + w, sizeof msg - w, "%s%zu %s", w ? ", " : "", ps->skipped[k], why[k]);
        if (r < 0)
            break;
        w += (size_t)r;
    }
    long line = 0; /* the summary stands at the first warning's line */
    for (size_t i = 0; i < ps->d->n_warnings; i++)
        if (ps->d->warnings[i].line >= 1 && (line == 0 || ps->d->warnings[i].line < line))
            line = ps->d->warnings[i].line;
    warn(ps, line ? line : 1, "skipped %zu question-like entr%s: %s (see the warnings above)",
         total, total == 1 ? "y" : "ies", msg);
}

/* The length of line s[i..) without its '\n'. */
static size_t fm_line(const char *s, size_t n, size_t i)
{
    const char *nl = memchr(s + i, '\n', n - i);
    return nl ? (size_t)(nl - (s + i)) : n - i;
}

/* YAML front matter: "---" on line 1, lines of "key: value", list items and
 * indented lines, then "---" or "...". Its "title:" names the knowledge base
 * (d->title); the block itself is blanked (spaces, the line breaks kept, so
 * lines keep their numbers) and never becomes text. A first "---" that
 * opens anything else is a thematic break, left alone. */
static int front_matter(char *s, size_t n, kb_doc *d)
{
    if (n < 4 || memcmp(s, "---", 3) != 0)
        return 0;
    size_t l = fm_line(s, n, 0), i;
    while (l > 3 && s[l - 1] == ' ')
        l--;
    if (l != 3 || fm_line(s, n, 0) >= n)
        return 0;
    const char *title = NULL;
    size_t title_n = 0, keys = 0, end = 0;
    for (i = fm_line(s, n, 0) + 1; i < n;) {
        size_t k = fm_line(s, n, i), t = k;
        while (t && s[i + t - 1] == ' ')
            t--;
        if (t == 3 && (memcmp(s + i, "---", 3) == 0 || memcmp(s + i, "...", 3) == 0)) {
            end = i + k;
            break;
        }
        if (t && s[i] != ' ' && s[i] != '\t' && s[i] != '-' && s[i] != '#') {
            size_t c = 0; /* a key: letters, digits, '_', '-' up to ':' */
            while (c < t &&
                   ((s[i + c] >= 'a' && s[i + c] <= 'z') || (s[i + c] >= 'A' && s[i + c] <= 'Z') ||
                    (s[i + c] >= '0' && s[i + c] <= '9') || s[i + c] == '_' || s[i + c] == '-'))
                c++;
            if (c == 0 || c >= t || s[i + c] != ':' || (c + 1 < t && s[i + c + 1] != ' '))
                return 0;
            keys++;
            if (c == 5 && memcmp(s + i, "title", 5) == 0) {
                size_t a = c + 1;
                while (a < t && s[i + a] == ' ')
                    a++;
                size_t b = t;
                if (b - a >= 2 && (s[i + a] == '"' || s[i + a] == '\'') &&
                    s[i + b - 1] == s[i + a]) {
                    a++;
                    b--;
                }
                title = s + i + a;
                title_n = b - a;
            }
        }
        i += k + 1;
    }
    if (!end || !keys)
        return 0;
    if (title && title_n) {
        char *t = arena_strndup(&d->mem, title, title_n);
        if (!t)
            return -1;
        d->title = t;
    }
    for (size_t j = 0; j < end; j++)
        if (s[j] != '\n')
            s[j] = ' ';
    return 0;
}

/* MkDocs admonitions: a marker line "??? question \"Show Answer\"" (pymdownx
 * details, also "???+"), "!!! note \"Title\"" (Python-Markdown), then its body
 * indented four spaces. CommonMark reads the marker as text and the body as an
 * indented code block, so the marker line's title is written over it (as a bold
 * label "**Remember:**"; a title that hides the answer — Show Answer, Answer, 정답 — or none,
 * nothing) and the body is dedented: the answer under a question, the answer
 * line under options. Returns the marker's length and the title's (*t, *tn). */
static size_t admonition_marker(const char *l, size_t n, const char **t, size_t *tn)
{
    size_t i = 0;
    if (n >= 4 && memcmp(l, "!!!", 3) == 0)
        i = 3;
    else if (n >= 4 && memcmp(l, "???", 3) == 0)
        i = l[3] == '+' ? 4 : 3;
    else
        return 0;
    if (i >= n || l[i] != ' ')
        return 0;
    while (i < n && l[i] == ' ')
        i++;
    size_t w0 = i; /* the type, and more classes ("note inline end") */
    while (i < n && l[i] != '"') {
        unsigned char c = (unsigned char)l[i];
        if (!(c == ' ' || c == '-' || c == '_' || (c >= '0' && c <= '9') ||
              ((c | 32) >= 'a' && (c | 32) <= 'z')))
            return 0;
        i++;
    }
    *t = NULL;
    *tn = 0;
    if (i < n) { /* "title" */
        const char *q = memchr(l + i + 1, '"', n - i - 1);
        if (!q)
            return 0;
        *t = l + i + 1;
        *tn = (size_t)(q - *t);
        i = (size_t)(q - l) + 1;
        while (i < n && l[i] == ' ')
            i++;
        if (i < n)
            return 0;
    } else {
        /* no title: one lower-case type word ("!!! note"); "!!! This is great" is prose */
        while (n > w0 && l[n - 1] == ' ')
            n--;
        if (n == w0)
            return 0;
        for (size_t k = w0; k < n; k++)
            if (!((l[k] >= 'a' && l[k] <= 'z') || l[k] == '-' || l[k] == '_'))
                return 0;
    }
    return n;
}

/* "<div class=\"upper-alpha\" markdown>": Python-Markdown's Markdown-in-HTML
 * wrapper (a quiz's option list inside it); CommonMark would read the list as
 * HTML. */
static int markdown_div(const char *l, size_t n)
{
    if (n < 5 || memcmp(l, "<div", 4) != 0 || (l[4] != ' ' && l[4] != '>') || l[n - 1] != '>')
        return 0;
    for (size_t i = 4; i + 8 <= n; i++)
        if (memcmp(l + i, "markdown", 8) == 0 && l[i - 1] == ' ' &&
            (l[i + 8] == '>' || l[i + 8] == ' ' || l[i + 8] == '='))
            return 1;
    return 0;
}

/* Whether s holds the k bytes of w (memmem is a GNU extension). */
static int has_bytes(const char *s, size_t n, const char *w, size_t k)
{
    for (const char *p = s, *e = s + n; (size_t)(e - p) >= k;) {
        p = memchr(p, w[0], (size_t)(e - p) - (k - 1));
        if (!p)
            return 0;
        if (memcmp(p, w, k) == 0)
            return 1;
        p++;
    }
    return 0;
}

/* Rewrites admonitions and Markdown-in-HTML <div> lines in place (the text only
 * shrinks; every line keeps its number). Returns the new length. */
static size_t admonitions(char *s, size_t n)
{
    if (!has_bytes(s, n, "???", 3) && !has_bytes(s, n, "!!! ", 4) && !has_bytes(s, n, "<div", 4))
        return n;
    size_t r = 0, w = 0, mind = 0;
    int fence = 0, body = 0, divs = 0;
    while (r < n) {
        const char *nl = memchr(s + r, '\n', n - r);
        size_t e = nl ? (size_t)(nl - s) : n;
        size_t len = e - r, ind = 0;
        while (ind < len && s[r + ind] == ' ')
            ind++;
        int blank = ind == len;
        const char *l = s + r;
        size_t from = 0, out_len = len; /* what of the line is kept */
        const char *t = NULL;
        size_t tn = 0;
        int bold = 0;
        if (body && !blank && ind < mind + 4)
            body = 0;
        if (body) {
            if (!blank) { /* the marker's own indent stays, the body's four spaces go */
                memmove(s + w, l, mind);
                w += mind;
                from = mind + 4;
                out_len = len - from;
            }
        } else if (!blank && ind <= 3 && len - ind >= 3 &&
                   (memcmp(l + ind, "```", 3) == 0 || memcmp(l + ind, "~~~", 3) == 0)) {
            fence = !fence;
        } else if (!fence && !blank && admonition_marker(l + ind, len - ind, &t, &tn)) {
            body = 1;
            mind = ind;
            if (t && tn && !pat_answer_label(t, tn)) {
                bold = 1;
                from = (size_t)(t - l);
                out_len = tn;
            } else {
                out_len = 0;
            }
        } else if (!fence && ind == 0 && markdown_div(l, len)) {
            divs++;
            out_len = 0;
        } else if (!fence && divs && len - ind == 6 && memcmp(l + ind, "</div>", 6) == 0) {
            divs--;
            out_len = 0;
        }
        if (bold) {
            memcpy(s + w, "**", 2); /* "**" and the title fit where the marker was */
            w += 2;
        }
        memmove(s + w, l + from, out_len);
        w += out_len;
        if (bold) { /* "**Remember:**", the body's first line goes on after it */
            if (!strchr(".:?!", s[w - 1]))
                s[w++] = ':';
            memcpy(s + w, "**", 2);
            w += 2;
        }
        if (nl)
            s[w++] = '\n';
        r = e + 1;
    }
    return w;
}

static void walk(pstate *ps, cmark_node *doc)
{
    heading_prepass(ps, doc);
    if (ps->oom)
        return;
    cmark_iter *it = cmark_iter_new(doc);
    if (!it) {
        oom(ps);
        return;
    }
    cmark_event_type ev;
    while (!ps->oom && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *nd = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(nd);
        if (ev == CMARK_EVENT_EXIT && nd == ps->skip_node) {
            ps->skip_node = NULL; /* the end of a node skipped whole */
            continue;
        }
        if (ev == CMARK_EVENT_ENTER && ps->lang_skip && t != CMARK_NODE_HEADING &&
            node_is(cmark_node_parent(nd), CMARK_NODE_DOCUMENT)) {
            ps->skip_node = nd; /* in a section in another language */
            cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            continue;
        }
        if (ev == CMARK_EVENT_EXIT) {
            if (t == CMARK_NODE_LIST) {
                ps->list_depth--;
            } else if (t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE) {
                pending *qa = &ps->qa;
                if (qa->active && qa->sc == SC_ITEM && qa->scope_node == nd) {
                    if (qa->limbo.len == 0 && !qa->explicit_a && details_follow(nd)) {
                        /* "1. What is X?" then, after the list, <details><summary>Answer */
                        qa->sc = SC_LINE;
                        qa->await_a = 1;
                    } else if (qa->limbo.len == 0 && !qa->explicit_a && table_follows(nd)) {
                        qa->table_next = 1;
                    } else {
                        qa_finish(ps);
                    }
                } else if (qa->active && qa->sc == SC_LINE && qa->item_node == nd) {
                    /* a "- Q:" bullet's answer ends with its item; an empty one
                     * may still take an "- A:" bullet next */
                    qa->item_node = NULL;
                    if ((qa->explicit_a ? qa->a.len : qa->limbo.len) > 0)
                        qa_finish(ps);
                    else
                        qa->await_a = 1;
                } else if (qa->active && qa->a_item == nd) {
                    qa_finish(ps);
                }
            }
            if ((t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_ITEM) &&
                ps->block_container == nd) {
                qa_finish(ps);
                block_end(ps);
            }
            continue;
        }
        switch (t) {
        case CMARK_NODE_LIST: ps->list_depth++; break;
        case CMARK_NODE_HEADING:
            on_heading(ps, nd);
            cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            break;
        case CMARK_NODE_PARAGRAPH:
            on_paragraph(ps, nd);
            if (nd == ps->img_for) {
                ps->img_for = NULL;
                if (ps->img_q.len) /* no question took the images: the topic's text */
                    concept_add(ps, ps->img_q.p, ps->img_q.len, "\n\n");
                buf_reset(&ps->img_q);
            }
            cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
            break;
        case CMARK_NODE_CODE_BLOCK: on_code(ps, nd); break;
        case CMARK_NODE_HTML_BLOCK: on_html_block(ps, nd); break;
        case CMARK_NODE_THEMATIC_BREAK:
            if (ps->det.depth == 0 && ps->prev_label && ps->prev.len && !ps->qa.active) {
                ps->label_closed = 1; /* "# Question (EN)", "> …", "---", "## Answer (EN)" */
            } else if (ps->det.depth == 0) {
                prev_drop(ps);
                buf_reset(&ps->prev);
                ps->label_arm = 0;
                qa_finish(ps);
                if (ps->block >= 0 && ps->block_container == NULL && ps->block_hlevel == 0)
                    block_end(ps);
            }
            break;
        default:
            if (is_table(nd)) {
                on_table(ps, nd);
                cmark_iter_reset(it, nd, CMARK_EVENT_EXIT);
                if (ps->qa.active && ps->qa.table_next)
                    qa_finish(ps);
            }
            break;
        }
    }
    cmark_iter_free(it);
    if (ps->det.depth > 0) {
        warn(ps, ps->det.line, "<details> not closed");
        ps->det.depth = 0;
        ps->det.in_summary = 0;
    }
    stash_resume(ps);
    qa_finish(ps);
    prev_drop(ps);
    drops_warn(ps);
    scen_finish(ps);
    block_end(ps);
    questions_only(ps);
}

/* ------------------------------------------------------------------------ */
/* Finishing the model                                                       */
/* ------------------------------------------------------------------------ */

typedef struct key_ix {
    const char *key;
    size_t i;
} key_ix;

static int cmp_key_ix(const void *a, const void *b)
{
    const key_ix *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Repeated heading titles are distinct topics: the first keeps the folded
 * title as its key, the k-th repeat (in document order) gets "title #k"
 * (the store keeps one topic per key; item ids are made from it). */
static void unique_keys(pstate *ps)
{
    kb_doc *d = ps->d;
    if (d->n_topics < 2)
        return;
    key_ix *ix = malloc(d->n_topics * sizeof *ix);
    if (!ix) {
        oom(ps);
        return;
    }
    for (int round = 0; round < 8 && !ps->oom; round++) {
        for (size_t i = 0; i < d->n_topics; i++)
            ix[i] = (key_ix){d->topics[i].key, i};
        qsort(ix, d->n_topics, sizeof *ix, cmp_key_ix);
        int changed = 0;
        for (size_t i = 1; i < d->n_topics; i++) {
            size_t run = i;
            while (run < d->n_topics && strcmp(ix[run].key, ix[i - 1].key) == 0) {
                kb_topic *t = &d->topics[ix[run].i];
                const char *k = arena_printf(&d->mem, "%s #%zu", t->key, run - i + 2);
                if (!k) {
                    oom(ps);
                    break;
                }
                t->key = k;
                changed = 1;
                run++;
            }
            i = run;
        }
        if (!changed)
            break;
    }
    free(ix);
}

/* Drops topics that hold nothing (document title, level guide, prose-only
 * sections), fills labels from the guide, moves concept text in. */
static void finish_model(pstate *ps)
{
    kb_doc *d = ps->d;
    long *map = calloc(d->n_topics ? d->n_topics : 1, sizeof *map);
    if (!map) {
        oom(ps);
        return;
    }
    size_t w = 0;
    for (size_t i = 0; i < d->n_topics; i++) {
        if (d->topics[i].n_items == 0 && d->topics[i].n_blocks == 0) {
            map[i] = -1;
            continue;
        }
        buf *c = &ps->aux[i].concept;
        tidy_lines(c);
        d->topics[i].concept = arena_strndup(&d->mem, buf_str(c), c->len);
        if (!d->topics[i].concept)
            oom(ps);
        map[i] = (long)w;
        d->topics[w++] = d->topics[i];
    }
    d->n_topics = w;
    unique_keys(ps);
    for (size_t i = 0; i < d->n_items; i++)
        d->items[i].topic = (size_t)map[d->items[i].topic];
    for (size_t i = 0; i < d->n_blocks; i++)
        d->blocks[i].topic = (size_t)map[d->blocks[i].topic];
    free(map);

    for (size_t i = 0; i < d->n_levels; i++) {
        kb_level_def *ld = &d->levels[i];
        if (ld->label[0])
            continue;
        for (size_t b = 0; b < d->n_blocks; b++) {
            if (d->blocks[b].level == ld->level && d->blocks[b].label[0]) {
                ld->label = d->blocks[b].label;
                break;
            }
        }
        if (!ld->label[0])
            ld->label = ld->audience;
    }
    for (size_t b = 0; b < d->n_blocks; b++) {
        if (d->blocks[b].label[0])
            continue;
        for (size_t i = 0; i < d->n_levels; i++)
            if (d->levels[i].level == d->blocks[b].level)
                d->blocks[b].label = d->levels[i].label;
    }
}

/* ------------------------------------------------------------------------ */
/* Entry points                                                              */
/* ------------------------------------------------------------------------ */

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

char *kb_name_from_path(arena *a, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(path, "-") == 0)
        base = "stdin";
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return arena_strndup(a, base, n);
}

/* The most table cells (cell separators '|' in a run of consecutive lines
 * that hold one) a document may have. cmark-gfm's table extension costs
 * more than linear time and about 400 bytes a cell: a 300 x 300 table
 * (90,000 cells) parses in 0.2 s and 40 MB here, 1,200 x 1,200 in 6.9 s and
 * 595 MB, 2,800 x 2,800 (15.7 MB, under the size limit) in 50 s and 3.2 GB.
 * A knowledge document's tables are a few dozen cells. */
#define KB_MAX_TABLE_CELLS 100000

/* The first line of a run of table-like lines holding more than
 * KB_MAX_TABLE_CELLS separators, or 0 (one linear pass, before cmark). */
static long oversized_table(const char *s, size_t n, size_t *cells)
{
    long line = 1, run_line = 0;
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n, pipes = 0;
        for (size_t k = i; k < end; k++)
            pipes += s[k] == '|';
        if (pipes) {
            if (!run)
                run_line = line;
            run += pipes;
            if (run > KB_MAX_TABLE_CELLS) {
                *cells = run;
                return run_line;
            }
        } else {
            run = 0;
        }
        line++;
        i = end + 1;
    }
    return 0;
}

static cmark_node *cmark_parse(const char *s, size_t n)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE);
    if (!p)
        return NULL;
    cmark_syntax_extension *table = cmark_find_syntax_extension("table");
    if (table)
        cmark_parser_attach_syntax_extension(p, table);
    cmark_parser_feed(p, s, n);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    return doc;
}

/* For the refusal of a document of questions only: the items of its
 * question lists (at any depth), a list whose items mostly ask ("- 호이스팅"
 * among "- …설명해주세요.", "- ✅ …무엇인가요?" is one of its questions too);
 * (size_t)-1 if out of memory. */
static size_t list_questions(cmark_node *root, rtext *rt)
{
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        return (size_t)-1;
    size_t total = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *l = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(l) != CMARK_NODE_LIST)
            continue;
        size_t items = 0, asks = 0;
        for (cmark_node *i = cmark_node_first_child(l); i; i = cmark_node_next(i)) {
            items++;
            cmark_node *p = cmark_node_first_child(i);
            if (!node_is(p, CMARK_NODE_PARAGRAPH))
                continue;
            if (render_lines(p, rt) != 0) {
                cmark_iter_free(it);
                return (size_t)-1;
            }
            if (rt->n == 0)
                continue;
            const char *t = rt->text.p + rt->lines[0].off;
            size_t n = rt->lines[0].len;
            while (n >= 3 && (unsigned char)t[0] == 0xE2 &&
                   ((unsigned char)t[1] == 0x9C || (unsigned char)t[1] == 0x9D)) {
                t += 3; /* "✅ …", "❎ …": a mark before the question */
                n -= 3;
                while (n && t[0] == ' ')
                    t++, n--;
            }
            asks += pat_question_class(t, n) != PQ_NONE;
        }
        if (asks > 0 && 2 * asks >= items)
            total += items;
    }
    cmark_iter_free(it);
    return total;
}

assay_code kb_parse(const char *file, const char *data, size_t n, const kb_opts *o, kb_doc **out,
                    errinfo *e)
{
    *out = NULL;
    if (o->max_bytes && n > o->max_bytes) {
        err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1, "document is %zu bytes, over the limit of %llu",
                   n, (unsigned long long)o->max_bytes);
        return err_param(e, "max_bytes");
    }
    if (n == 0)
        return err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1, "empty file");
    const char *nul = memchr(data, '\0', n);
    if (nul) {
        long line, col;
        size_t off = (size_t)(nul - data);
        line_col_of(data, off, &line, &col);
        return err_set_at(e, ASSAY_EINPUT, file, line, col, (long long)off,
                          "binary content: NUL byte; a knowledge document is UTF-8 text");
    }
    size_t start = 0;
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

    /* Line endings to LF (CR and CRLF both end a line in CommonMark, so line
     * numbers stay), then NFC. */
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
    size_t nfc_len = m;
    char *nfc = lf;
    if (!u8_is_nfc_quick(lf, m)) {
        nfc = u8_nfc(lf, m, &nfc_len);
        free(lf);
        if (!nfc)
            return err_set(e, ASSAY_ENOMEM, "out of memory normalising %s", file);
    }

    size_t cells = 0;
    long big = oversized_table(nfc, nfc_len, &cells);
    if (big) {
        free(nfc);
        return err_set_at(e, ASSAY_EINPUT, file, big, 0, -1,
                          "a table of more than %d cells (%zu '|' by here): too large for the "
                          "Markdown parser; split it or shorten it",
                          KB_MAX_TABLE_CELLS, cells);
    }
    kb_doc *d = calloc(1, sizeof *d);
    if (!d) {
        free(nfc);
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    arena_init(&d->mem, 0);
    char *shown = u8_lossy(file, strlen(file)); /* provenance is stored and printed as text */
    d->file = shown ? arena_strdup(&d->mem, shown) : NULL;
    free(shown);
    const char *raw_name = o->kb_name ? o->kb_name : kb_name_from_path(&d->mem, file);
    size_t bad_at;
    if (raw_name && (!raw_name[0] || u8_check(raw_name, strlen(raw_name), &bad_at) != 0)) {
        kb_doc_free(d);
        free(nfc);
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

    pstate ps;
    memset(&ps, 0, sizeof ps);
    ps.d = d;
    ps.e = e;
    ps.text_max = nfc_len * 4 + 4096;
    ps.implicit_topic = -1;
    ps.sib_topic = -1;
    ps.block = -1;
    ps.oom = !d->file || !d->kb_name;
    buf_init(&ps.qa.q, ps.text_max);
    buf_init(&ps.qa.limbo, ps.text_max);
    buf_init(&ps.qa.a, ps.text_max);
    buf_init(&ps.stash.q, ps.text_max);
    buf_init(&ps.stash.limbo, ps.text_max);
    buf_init(&ps.stash.a, ps.text_max);
    ps.qa.insert_at = ps.stash.insert_at = (size_t)-1;
    buf_init(&ps.det.summary, ps.text_max);
    buf_init(&ps.tmp, ps.text_max);
    buf_init(&ps.prev, ps.text_max);
    buf_init(&ps.img_q, ps.text_max);
    ps.prev_topic = -1;
    rtext_init(&ps.rt, ps.text_max);

    mc_set mc = {NULL, 0, 0};
    assay_code mrc = ASSAY_OK;
    if (front_matter(nfc, nfc_len, d) != 0)
        oom(&ps);
    nfc_len = admonitions(nfc, nfc_len);
    cmark_node *root = cmark_parse(nfc, nfc_len);
    srclines sl;
    if (srclines_init(&sl, nfc, nfc_len) != 0 || !root || noise_prune(root, &sl) != 0)
        oom(&ps);
    else if ((mrc = mc_prepare(&mc, root, &sl, d, e)) == ASSAY_OK) {
        ps.has_mc = mc.n > 0;
        ps.mc = &mc;
        walk(&ps, root);
    }
    srclines_free(&sl);
    if (!ps.oom && mrc == ASSAY_OK)
        finish_model(&ps);
    if (!ps.oom && mrc == ASSAY_OK)
        mrc = mc_attach(&mc, d, &ps.skipped[SK_MC], e);
    if (!ps.oom && mrc == ASSAY_OK)
        skip_summary(&ps); /* after mc_attach: its skipped questions are counted */
    mc_free(&mc);
    if (!ps.oom && mrc == ASSAY_OK && d->n_items == 0 && d->questions_seen > 0) {
        size_t q = list_questions(root, &ps.rt);
        if (q == (size_t)-1)
            oom(&ps);
        else if (q > d->questions_seen)
            d->questions_seen = q; /* the refusal counts them all */
    }

    cmark_node_free(root);
    free(nfc);
    for (size_t i = 0; i < ps.n_aux; i++)
        buf_free(&ps.aux[i].concept);
    free(ps.aux);
    buf_free(&ps.qa.q);
    buf_free(&ps.qa.limbo);
    buf_free(&ps.qa.a);
    buf_free(&ps.stash.q);
    buf_free(&ps.stash.limbo);
    buf_free(&ps.stash.a);
    buf_free(&ps.det.summary);
    buf_free(&ps.tmp);
    buf_free(&ps.img_q);
    buf_free(&ps.prev);
    free(ps.hn);
    rtext_free(&ps.rt);

    if (ps.oom) {
        kb_doc_free(d);
        return err_set(e, ASSAY_ENOMEM, "out of memory parsing %s", file);
    }
    if (mrc != ASSAY_OK) { /* mc.h: an exam whose key cannot be matched */
        kb_doc_free(d);
        return mrc;
    }
    if (d->n_items == 0) {
        assay_code rc;
        if (d->questions_seen > 0) {
            long l = d->n_warnings ? d->warnings[0].line : 0;
            rc = err_set_at(e, ASSAY_EINPUT, file, l, 0, -1,
                            "%zu question(s) but no answers: nothing to import "
                            "(write answers as \"**A:** ...\" under each question)",
                            d->questions_seen);
        } else if (ps.n_orphans > 0) {
            rc = err_set_at(e, ASSAY_EINPUT, file, ps.orphan_line, 0, -1,
                            "%zu answer(s) without questions: nothing to import (the questions "
                            "may be in another file; write each question above its answer)",
                            ps.n_orphans);
        } else {
            rc = err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1,
                            "no recognisable items: expected Q/A pairs (\"**Q: ...**\" / "
                            "\"**A:** ...\"), level blocks, scenarios, <details> or question "
                            "headings");
        }
        kb_doc_free(d);
        return rc;
    }
    *out = d;
    return ASSAY_OK;
}

void kb_doc_free(kb_doc *d)
{
    if (!d)
        return;
    arena_free(&d->mem);
    free(d);
}

size_t kb_doc_count(const kb_doc *d, kb_kind kind)
{
    size_t c = 0;
    for (size_t i = 0; i < d->n_items; i++)
        c += d->items[i].kind == kind;
    return c;
}

const char *kb_kind_name(kb_kind k)
{
    switch (k) {
    case KB_LEVEL_QA: return "level_qa";
    case KB_INTERVIEW_QA: return "interview_qa";
    case KB_SCENARIO: return "scenario";
    case KB_DERIVED_DEFINITION: return "derived_definition";
    case KB_DERIVED_TOPIC: return "derived_topic";
    case KB_DERIVED_ORDER: return "derived_order";
    }
    return "?";
}
