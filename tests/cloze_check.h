/* cloze_check — the cloze checks test_cloze.c and test_cloze_tf.c share:
 * the item asking a question, whether some seed's cloze of it accepts a
 * word (NEVER / SOMETIMES, on a fixture `f` whose engine is f->e), and
 * whether grading takes an answer. Include after cmocka.h. */
#ifndef ASSAY_TEST_CLOZE_CHECK_H
#define ASSAY_TEST_CLOZE_CHECK_H

#include "assay.h"
#include "gen/gen.h"
#include "grade/grade.h"

#include <stdint.h>
#include <string.h>

/* Seeds each check draws the item's cloze with. */
#define CLOZE_SEEDS 40

static inline uint32_t item_asking(const assay_engine *e, const char *q)
{
    for (uint32_t i = 0; i < e->n_items; i++)
        if (strcmp(e->items[i].question, q) == 0)
            return i;
    fail_msg("no item asks '%s'", q);
    return 0;
}

/* Whether some seed's cloze of the item asking q accepts `word` (its
 * answers into seen, for the message). */
static inline int blanks(const assay_engine *e, const char *q, const char *word, char *seen,
                         size_t cap)
{
    uint32_t i = item_asking(e, q);
    int hit = 0;
    seen[0] = '\0';
    for (uint64_t seed = 1; seed <= CLOZE_SEEDS; seed++) {
        arena a;
        arena_init(&a, 0);
        g_question g;
        rng r;
        rng_seed(&r, seed, i);
        int m = gen_cloze(e, i, &r, &a, &g, NULL);
        assert_true(m >= 0);
        if (m == 0) {
            if (!strstr(seen, g.pub.answer) && strlen(seen) + strlen(g.pub.answer) + 2 < cap) {
                strcat(seen, g.pub.answer);
                strcat(seen, " ");
            }
            for (size_t k = 0; k < g.pub.n_accept; k++)
                hit |= strcmp(g.pub.accept[k], word) == 0;
        }
        arena_free(&a);
    }
    return hit;
}

#define NEVER(q, w)                                                  \
    do {                                                             \
        char seen[512];                                              \
        if (blanks(f->e, q, w, seen, sizeof seen))                   \
            fail_msg("'%s' blanked in %s (blanks: %s)", w, q, seen); \
    } while (0)
#define SOMETIMES(q, w)                                                              \
    do {                                                                             \
        char seen[512];                                                              \
        if (!blanks(f->e, q, w, seen, sizeof seen))                                  \
            fail_msg("control: '%s' never accepted in %s (blanks: %s)", w, q, seen); \
    } while (0)

/* Whether grade_cloze takes answer for the accepted forms. */
static inline int ok(const assay_engine *e, const char *const *forms, size_t n, const char *answer)
{
    grade *g = grade_new();
    assert_non_null(g);
    assert_int_equal(grade_cloze(e, forms, n, answer, g), 0);
    int r = g->pub.correct;
    grade_free(g);
    return r;
}

#endif
