/*
 * noise — navigation and boilerplate that is no part of any answer: links back
 * to the top, home or a table of contents ("⬆ Back to Top", ":arrow_up: Top",
 * "[↑ 맨 위로](#목차)"), tables of contents (lists or tables of in-page links),
 * badges (images from badge services) and scaffolding labels ("Answer",
 * "Click to expand" on a line of their own). The rules are general: what the
 * words of a line are and what its links point at, not a list of lines.
 */
#ifndef ASSAY_KB_NOISE_H
#define ASSAY_KB_NOISE_H

#include "core/buf.h"
#include "kb/render.h"

#include <cmark-gfm.h>
#include <stddef.h>

/* Removes navigation lines, badge lines and tables of contents from the parsed
 * document, in place (before the walk; iterative, no recursion). sl (the byte
 * scan of the text root was parsed from, or NULL) lets it skip every block
 * whose lines hold no '[' or '<' without reading it. Returns -1 when out of
 * memory (the tree is then only partly cleaned), else 0. */
int noise_prune(cmark_node *root, srclines *sl);

/* Drops the lines of an answer's text that are navigation (a decorated line of
 * navigation words, as HTML gives them) or a bare scaffolding label with more
 * text after it; fenced code is left alone. In place. */
void noise_strip(buf *b);

/* 1 when s[0..n) is only navigation words (back, top, home, 목차, 맨 위로 …);
 * with need_decor, also an arrow, emoji or :shortcode: must be there. */
int noise_is_nav(const char *s, size_t n, int need_decor);

#endif
