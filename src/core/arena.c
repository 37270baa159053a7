#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN      16
#define ARENA_CHUNK_SIZE (64 * 1024)

struct arena_chunk {
    arena_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(arena *a, size_t cap)
{
    a->head = NULL;
    a->total = 0;
    a->cap = cap;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

void arena_reset(arena *a)
{
    if (!a)
        return;
    arena_chunk *keep = NULL, *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        if (!keep && c->size == ARENA_CHUNK_SIZE)
            keep = c;
        else
            free(c);
        c = next;
    }
    a->head = keep;
    a->total = keep ? keep->size : 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
}

size_t arena_size(const arena *a)
{
    return a ? a->total : 0;
}

static size_t round_up(size_t n)
{
    return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

int arena_extend(arena *a, void *p, size_t old_n, size_t new_n)
{
    arena_chunk *c = a->head;
    if (!c || !p || new_n > SIZE_MAX - ARENA_ALIGN)
        return 0;
    size_t was = round_up(old_n ? old_n : 1), need = round_up(new_n ? new_n : 1);
    unsigned char *q = p;
    if (c->used < was || q != c->data + c->used - was || c->size - (c->used - was) < need)
        return 0;
    c->used = c->used - was + need;
    if (new_n > old_n)
        memset(q + old_n, 0, new_n - old_n);
    return 1;
}

void *arena_alloc(arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t size = need > ARENA_CHUNK_SIZE / 2 ? need : ARENA_CHUNK_SIZE;
        if (a->cap && (a->total + size > a->cap || a->total + size < a->total))
            return NULL;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        a->total += size;
        if (need > ARENA_CHUNK_SIZE / 2 && a->head) {
            /* A big block gets its own chunk behind the current one, so the
             * current chunk's free space stays usable. */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += need;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0) {
        va_end(again);
        return NULL;
    }
    char *p = arena_alloc(a, (size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(arena *a, void *old, size_t have, size_t want, size_t size)
{
    if (size && want > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(a, want * size);
    if (p && old && have)
        memcpy(p, old, have * size);
    return p;
}

void *arena_push(arena *a, void **arr, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t want = *cap ? *cap * 2 : 8;
        void *p = arena_grow(a, *arr, *n, want, size);
        if (!p)
            return NULL;
        *arr = p;
        *cap = want;
    }
    void *el = (unsigned char *)*arr + *n * size;
    memset(el, 0, size);
    (*n)++;
    return el;
}
