/*
 * mc — multiple-choice items written in Markdown: a question, its options as a
 * GFM task list (`- [x]` the key, `- [ ]` the others: no answer line; two
 * `[x]` refused), or as a list or lines (`1)` `1.` `a)` `a.` `(A)` `①` `1:`
 * `A:`, their text may open with code), and either an answer
 * line after them ("Answer: b", "정답: ②", "답: 3") or an answer key section
 * at the end of the document ("## Answers" with "1. b 2. c", a list or a
 * table). mc_prepare runs on the cmark tree before the walk: it replaces each
 * option group by an answer line naming the key's text (so the walk makes the
 * item with the key as its answer) and removes the answer lines and the key
 * section; mc_attach then gives each item its other options as distractors.
 * An exam whose key cannot be matched is refused (ASSAY_EINPUT, file:line).
 * Lettered options ("- A. …", "- B) …") right under a question with neither
 * an answer line nor a key are no answer: never is an option stored as one;
 * the question is skipped with a warning at its line, and a document whose
 * every item is such a question is refused.
 */
#ifndef ASSAY_KB_MC_H
#define ASSAY_KB_MC_H

#include "core/err.h"
#include "kb/model.h"
#include "kb/render.h"

#include <cmark-gfm.h>

/* The answer an unkeyed group's question gets from the rewrite, until
 * mc_attach removes it. */
#define MC_NO_KEY "(multiple-choice options without an answer)"

typedef struct mc_rec {
    long line;       /* the options' first line */
    const char *key; /* the key's text (in the doc's arena); MC_NO_KEY when unkeyed */
    kb_strv others;  /* the other options, in order */
    int unkeyed;     /* lettered options right under a question, with no answer line and
                        no key: the question is skipped with a warning (mc_attach) */
} mc_rec;

typedef struct mc_set {
    mc_rec *v; /* malloc'd; mc_free frees it (strings live in the doc) */
    size_t n, cap;
} mc_set;

/* Finds and rewrites the multiple-choice items of root (strings into d's
 * arena); sl (the byte scan of root's text, or NULL) spares reading the lines
 * of a paragraph where no two in a row could open with a label. ASSAY_EINPUT when a key names no
 * option or is missing. */
assay_code mc_prepare(mc_set *mc, cmark_node *root, srclines *sl, kb_doc *d, errinfo *e);

/* After the walk: the item each option group belongs to gets its key as the
 * answer and the other options as distractors; the items of unkeyed groups
 * are removed with a warning (ASSAY_EINPUT when no item is left), *skipped
 * says how many. */
assay_code mc_attach(const mc_set *mc, kb_doc *d, size_t *skipped, errinfo *e);

void mc_free(mc_set *mc);

#endif
