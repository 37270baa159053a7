/*
 * render — reduces the inline content of one cmark block (paragraph, heading,
 * table cell) to plain text: emphasis and links give their text, code spans
 * keep their backticks, images give their alt text, line breaks split lines
 * (render_lines_md keeps images and links as Markdown).
 * Each line keeps the source line it starts on.
 */
#ifndef ASSAY_KB_RENDER_H
#define ASSAY_KB_RENDER_H

#include "core/buf.h"

#include <cmark-gfm.h>
#include <stddef.h>
#include <stdint.h>

/* Event form, for consumers that must see raw inline HTML (<details>). */
typedef struct render_sink {
    void (*text)(void *ud, const char *s, size_t n, long line);
    void (*brk)(void *ud, long line);
    void (*html)(void *ud, const char *s, size_t n, long line);
    void *ud;
    int md; /* images and links as Markdown: "![alt](src)", "[title](url)" (not "#anchor"
               links, which give their text); else their text alone */
} render_sink;

/* Walks the inline children of `block`. Returns -1 if out of memory. */
int render_events(cmark_node *block, const render_sink *sink);

typedef struct rline {
    size_t off, len; /* into rtext.text */
    long line;
} rline;

typedef struct rtext {
    buf text; /* lines joined by '\n' */
    rline *lines;
    size_t n, cap;
    int has_details_tag; /* inline <details>/<summary> seen */
} rtext;

void rtext_init(rtext *r, size_t max);
void rtext_free(rtext *r);

/* Renders `block` into lines (trimmed; empty lines dropped). Inline <br> splits
 * lines; other inline tags are dropped. Returns -1 if out of memory. */
int render_lines(cmark_node *block, rtext *r);

/* render_lines keeping images and links as Markdown ("![alt](src)", "[title](url)";
 * a link to an anchor of the page gives its text): what questions and answers
 * hold, so that the reader sees the image's address and the link's. */
int render_lines_md(cmark_node *block, rtext *r);

/* All lines joined by a single space. */
int rtext_join(const rtext *r, size_t from, buf *out);

/* Blocks of an answer (questions and answers are text; docs/internals/kb.md):
 * render_code appends a fenced code block, verbatim with its info string and a
 * fence longer than any run inside (backticks, or tildes when the info string
 * holds one), on a line of its own. render_table appends a GFM table as
 * pipe-table lines ("| a | b |", then "| --- | :---: |" with the alignments,
 * then the rows; '|' in a cell written "\|"), using rt as scratch. Both
 * return -1 when out of memory. */
int render_code(cmark_node *node, buf *out);
int render_table(cmark_node *table, rtext *rt, buf *out);

/* Length of the fence s[0..n) opens (3 or more '`' or '~', an info string
 * without '`'), its character in *fc; 0 when it opens none. */
int render_fence_open(const char *s, size_t n, char *fc);

/* Trims every line of b and drops empty ones, in place — except the lines of
 * fenced code blocks, which stay verbatim (indentation, blank lines). */
void render_tidy(buf *b);

/* ---- a byte scan of the parsed text, by source line --------------------------
 * Passes over the tree (noise_prune, mc_prepare) ask it whether a block's
 * source lines can hold what they look for before reading the block's inline
 * nodes: the answer "no" is exact (no false negatives), "maybe" sends them to
 * the tree. Lines are cmark's (1-based, split at '\n': the text is LF only).
 * SL_LINK is found for every line up front (memchr); the other flags on the
 * first question about a line, then kept. */
/* SL_LINK: '[' or '<' (every link or image needs one). SL_LABEL0 and
 * SL_LABEL1: could hold an option label of the first or the second option
 * ("a) ", "(1) ", "01. ", "①"; "b) ", "2. ", "②"; SL_LABEL0 also a task mark
 * "[x] "), or has '&' or '\\'.
 * SL_OLIST1: a '1' then '.' or ')' (a list from 1 needs one). SL_HEADMARK: '#',
 * or only '-' or '=' past '>' and the indentation (a heading needs one).
 * SL_KEY: "answer", "key", "solution" (any case), "답", '&' or '\\' (an answer
 * key's title needs one). */
enum { SL_LINK = 1, SL_LABEL0 = 2, SL_LABEL1 = 4, SL_OLIST1 = 8, SL_HEADMARK = 16, SL_KEY = 32 };

typedef struct srclines {
    const char *text;
    size_t *start;       /* start[k]: offset of line k, 1..n; start[n + 1] = length + 1 */
    unsigned char *flag; /* flag[k]: SL_ flags found so far, and which were looked for */
    uint32_t *links;     /* links[k]: lines 1..k with SL_LINK */
    size_t n;
} srclines;

/* Scans text[0..len) (which must outlive s) for SL_LINK and line starts.
 * Returns -1 when out of memory (s is then empty: every question answers
 * "maybe"). */
int srclines_init(srclines *s, const char *text, size_t len);
void srclines_free(srclines *s);

/* 0 when no line in [from, to] has one of the flags `any`; 1 (maybe)
 * otherwise, also for lines out of range or an empty s (or a NULL one). */
int srclines_may(srclines *s, long from, long to, int any);

/* 0 when lines [from, to] can hold nothing mc_prepare looks for: no line with
 * SL_LABEL0 or SL_OLIST1 (an option group's first option), and not both a
 * line with SL_HEADMARK and one with SL_KEY (a key section's heading); else 1. */
int srclines_may_mc(srclines *s, long from, long to);

/* 0 when no line in [from, to) has SL_LABEL0 with SL_LABEL1 on the next; else 1. */
int srclines_may_label_run(srclines *s, long from, long to);

#endif
