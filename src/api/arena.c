/*
 * api/arena — the public arena (assay.h "Arenas") over core/arena: the
 * blocks are core/arena's (bump allocation in 64 KiB chunks, a cap); this
 * file adds the handle, growth in place and the cleanups that release what
 * another allocator owns (run last first on reset and free). The web server
 * takes one per request (src/web/server.c) and reuses it on a keep-alive
 * connection.
 */
#include "core/arena.h"
#include "assay.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct arena_cleanup {
    struct arena_cleanup *next;
    void (*fn)(void *);
    void *p;
} arena_cleanup;

struct assay_arena {
    arena a;
    arena_cleanup *cleanups; /* in the arena, newest first */
};

assay_arena *assay_arena_new(size_t cap)
{
    assay_arena *ar = calloc(1, sizeof *ar);
    if (ar)
        arena_init(&ar->a, cap);
    return ar;
}

static void run_cleanups(assay_arena *ar)
{
    /* a cleanup may not touch the arena: the list is taken first */
    arena_cleanup *c = ar->cleanups;
    ar->cleanups = NULL;
    for (; c; c = c->next)
        c->fn(c->p);
}

void assay_arena_free(assay_arena *ar)
{
    if (!ar)
        return;
    run_cleanups(ar);
    arena_free(&ar->a);
    free(ar);
}

void assay_arena_reset(assay_arena *ar)
{
    if (!ar)
        return;
    run_cleanups(ar);
    arena_reset(&ar->a);
}

void *assay_arena_alloc(assay_arena *ar, size_t n)
{
    return arena_alloc(&ar->a, n);
}

void *assay_arena_grow(assay_arena *ar, void *old, size_t old_n, size_t new_n)
{
    if (!old)
        old_n = 0;
    if (old && arena_extend(&ar->a, old, old_n, new_n))
        return old;
    void *p = arena_alloc(&ar->a, new_n);
    if (p && old_n)
        memcpy(p, old, old_n < new_n ? old_n : new_n);
    return p;
}

char *assay_arena_strndup(assay_arena *ar, const char *s, size_t n)
{
    return arena_strndup(&ar->a, s, n);
}

char *assay_arena_strdup(assay_arena *ar, const char *s)
{
    return arena_strdup(&ar->a, s);
}

char *assay_arena_printf(assay_arena *ar, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(&ar->a, fmt, ap);
    va_end(ap);
    return p;
}

int assay_arena_defer(assay_arena *ar, void (*fn)(void *), void *p)
{
    arena_cleanup *c = arena_alloc(&ar->a, sizeof *c);
    if (!c) {
        fn(p);
        return -1;
    }
    c->fn = fn;
    c->p = p;
    c->next = ar->cleanups;
    ar->cleanups = c;
    return 0;
}

size_t assay_arena_size(const assay_arena *ar)
{
    return ar ? arena_size(&ar->a) : 0;
}
