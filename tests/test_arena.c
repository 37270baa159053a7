/* The public arena (assay.h "Arenas", src/api/arena.c): alignment and
 * zeroed blocks, big blocks beside the ordinary chunk, the cap, growth in
 * place and by copy, strings, reset keeping one chunk, and the cleanups (last
 * first, once, also when the arena cannot take them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"

#include <string.h>

#define CHUNK (64 * 1024)

static void blocks_are_aligned_zeroed_and_apart(void **state)
{
    (void)state;
    assay_arena *ar = assay_arena_new(0);
    assert_non_null(ar);
    unsigned char *p[200];
    for (size_t i = 0; i < 200; i++) {
        size_t n = i % 37 + (i == 0 ? 0 : 1); /* 0 (counts as 1) to 37 bytes */
        p[i] = assay_arena_alloc(ar, n);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % 16, 0);
        for (size_t k = 0; k < n; k++)
            assert_int_equal(p[i][k], 0);
        memset(p[i], (int)(i & 0xff), n ? n : 1);
    }
    for (size_t i = 0; i < 200; i++) /* no block overwrote another */
        assert_int_equal(p[i][0], (unsigned char)(i & 0xff));
    assay_arena_free(ar);
    assay_arena_free(NULL);
}

static void big_blocks_and_the_cap(void **state)
{
    (void)state;
    assay_arena *ar = assay_arena_new(0);
    char *small = assay_arena_alloc(ar, 100);
    assert_int_equal(assay_arena_size(ar), CHUNK);
    unsigned char *big = assay_arena_alloc(ar, 3 << 20);
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % 16, 0);
    memset(big, 0xab, 3 << 20);
    assert_true(assay_arena_size(ar) >= CHUNK + (3u << 20));
    size_t after_big = assay_arena_size(ar);
    char *small2 = assay_arena_alloc(ar, 100); /* still in the ordinary chunk */
    assert_non_null(small2);
    assert_int_equal(assay_arena_size(ar), after_big);
    assert_true(small2 > small && small2 < small + CHUNK);
    assert_int_equal(big[(3 << 20) - 1], 0xab);
    assert_null(assay_arena_alloc(ar, SIZE_MAX - 4)); /* no overflow */
    assay_arena_free(ar);

    ar = assay_arena_new(200 * 1024);
    assert_non_null(assay_arena_alloc(ar, 1000));
    assert_null(assay_arena_alloc(ar, 300 * 1024));     /* over the cap */
    assert_non_null(assay_arena_alloc(ar, 100 * 1024)); /* within it */
    assert_true(assay_arena_size(ar) <= 200 * 1024);
    assay_arena_free(ar);
}

static void growth_in_place_and_by_copy(void **state)
{
    (void)state;
    assay_arena *ar = assay_arena_new(0);
    char *p = assay_arena_alloc(ar, 10);
    memcpy(p, "0123456789", 10);
    char *q = assay_arena_grow(ar, p, 10, 1000);
    assert_ptr_equal(q, p); /* the last block, room after it */
    assert_memory_equal(q, "0123456789", 10);
    for (size_t i = 10; i < 1000; i++)
        assert_int_equal(q[i], 0);
    char *other = assay_arena_alloc(ar, 16);
    memset(other, 'x', 16);
    char *r = assay_arena_grow(ar, q, 1000, 2000); /* no longer the last: a copy */
    assert_ptr_not_equal(r, q);
    assert_memory_equal(r, "0123456789", 10);
    assert_int_equal(r[1999], 0);
    assert_int_equal(other[15], 'x');
    char *t = assay_arena_grow(ar, r, 2000, 12); /* the last block shrinks in place */
    assert_ptr_equal(t, r);
    char *next = assay_arena_alloc(ar, 16); /* and the tail is given back */
    assert_ptr_equal(next, r + 16);
    char *z = assay_arena_grow(ar, NULL, 0, 64); /* from nothing */
    assert_non_null(z);
    assert_int_equal(z[63], 0);
    /* past the chunk: a big block holding the old bytes */
    char *w = assay_arena_grow(ar, r, 12, 200 * 1024);
    assert_non_null(w);
    assert_memory_equal(w, "0123456789", 10);
    assay_arena_free(ar);
}

static void strings(void **state)
{
    (void)state;
    assay_arena *ar = assay_arena_new(0);
    char *s = assay_arena_strdup(ar, "한국어 text");
    assert_string_equal(s, "한국어 text");
    char *n = assay_arena_strndup(ar, "ab\0cd", 5);
    assert_memory_equal(n, "ab\0cd", 6); /* the NUL inside kept, one appended */
    char *e = assay_arena_strndup(ar, "", 0);
    assert_string_equal(e, "");
    char *f = assay_arena_printf(ar, "%s=%d;%.2f", "n", 42, 0.5);
    assert_string_equal(f, "n=42;0.50");
    char longer[3000];
    memset(longer, 'k', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    char *g = assay_arena_printf(ar, "[%s]", longer);
    assert_int_equal(strlen(g), sizeof longer + 1);
    assert_int_equal(g[0], '[');
    assert_int_equal(g[sizeof longer], ']');
    assay_arena_free(ar);
}

static int order[8], n_order;
static void note(void *p)
{
    order[n_order++] = *(int *)p;
}

static void reset_keeps_one_chunk_and_runs_cleanups(void **state)
{
    (void)state;
    static int one = 1, two = 2, three = 3;
    assay_arena *ar = assay_arena_new(0);
    for (int i = 0; i < 100; i++)
        assert_non_null(assay_arena_alloc(ar, 10000)); /* several chunks */
    assert_non_null(assay_arena_alloc(ar, 1 << 20));
    assert_true(assay_arena_size(ar) > 10 * CHUNK);
    n_order = 0;
    assert_int_equal(assay_arena_defer(ar, note, &one), 0);
    assert_int_equal(assay_arena_defer(ar, note, &two), 0);
    assay_arena_reset(ar);
    assert_int_equal(n_order, 2);
    assert_int_equal(order[0], 2); /* last registered first */
    assert_int_equal(order[1], 1);
    assert_int_equal(assay_arena_size(ar), CHUNK); /* one chunk kept */
    char *p = assay_arena_alloc(ar, 1000);
    assert_non_null(p);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(p[i], 0);                 /* reused memory is zeroed again */
    assert_int_equal(assay_arena_size(ar), CHUNK); /* no new chunk for it */
    assay_arena_reset(ar);
    assert_int_equal(n_order, 2); /* each cleanup ran once */
    assert_int_equal(assay_arena_defer(ar, note, &three), 0);
    assay_arena_free(ar);
    assert_int_equal(n_order, 3);
    assert_int_equal(order[2], 3);

    /* an arena that cannot hold the cleanup runs it at once */
    ar = assay_arena_new(1024); /* below one chunk: nothing fits */
    n_order = 0;
    assert_int_equal(assay_arena_defer(ar, note, &one), -1);
    assert_int_equal(n_order, 1);
    assay_arena_free(ar);
    assert_int_equal(n_order, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blocks_are_aligned_zeroed_and_apart),
        cmocka_unit_test(big_blocks_and_the_cap),
        cmocka_unit_test(growth_in_place_and_by_copy),
        cmocka_unit_test(strings),
        cmocka_unit_test(reset_keeps_one_chunk_and_runs_cleanups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
