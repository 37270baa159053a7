/*
 * grade — scoring answers. Multiple choice and true/false: exact. Matching:
 * a share per pair. Cloze: after NFC, case folding and particle stripping the
 * term or an alias is accepted; a near miss within a small edit distance over
 * jamo (Hangul) or letters (Latin) is accepted and flagged as a typo. Free
 * text: coverage of the reference answer's key concepts, IDF-weighted; an
 * alias stands for its concept; particles, spacing and word order do not
 * matter; one-jamo slips are forgiven.
 */
#ifndef ASSAY_GRADE_GRADE_H
#define ASSAY_GRADE_GRADE_H

#include "gen/gen.h"

/* A grade with its own memory; `pub` is what the API hands out. */
typedef struct grade {
    assay_grade pub; /* first: the public pointer is the struct's address */
    arena mem;
} grade;

grade *grade_new(void);
void grade_free(grade *g);

/* Free text against a reference, into g (concepts, score). -1 when out of memory. */
int grade_free_text(const assay_engine *e, const char *reference, const char *answer, grade *g);
/* The same with the question asked (NULL: none): reference concepts the
 * question already names weigh a quarter. */
int grade_free_text_q(const assay_engine *e, const char *question, const char *reference,
                      const char *answer, grade *g);

/* A cloze answer against accepted forms: a form itself (NFC, case, particles,
 * spacing aside), another spelling of a form's group in the thesaurus (the
 * engine's groups, e may be NULL, and the built-in ones), a form spelt in
 * Hangul (컨슈머 for Consumer, text/translit), else a near miss (a typo).
 * Numbers only exactly; an opposite of a form is never accepted. */
int grade_cloze(const assay_engine *e, const char *const *accept, size_t n_accept,
                const char *answer, grade *g);

/* Edit distance between a and b (code points), stopping above max (returns max + 1). */
size_t edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t max);

/* The near-miss allowance for a form of this many characters and script. */
size_t typo_allowance(size_t chars, int hangul);

#endif
