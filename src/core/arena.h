/*
 * arena — bump allocation for memory with one owner and one lifetime (a parsed
 * document, a query result, an import). Everything is freed at once by
 * arena_free. A cap bounds the total so untrusted input cannot grow memory
 * without limit; allocation past the cap fails like out-of-memory.
 */
#ifndef ASSAY_CORE_ARENA_H
#define ASSAY_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;
    size_t total; /* bytes obtained from malloc */
    size_t cap;   /* 0 = no cap */
} arena;

void arena_init(arena *a, size_t cap);
/* Frees every allocation; the arena can be reused. Accepts NULL. */
void arena_free(arena *a);

/* Gives every allocation back but keeps one ordinary chunk (64 KiB) for the
 * next ones, so an arena reused for one request after another does not go
 * back to malloc each time. Accepts NULL. */
void arena_reset(arena *a);
/* Bytes obtained from malloc (what the cap counts). */
size_t arena_size(const arena *a);

/* n bytes aligned for any type, zeroed; NULL when out of memory or over cap. */
void *arena_alloc(arena *a, size_t n);
/* Copies n bytes and appends a NUL. */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with a va_list (ap is used up). */
char *arena_vprintf(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* p (the arena's last allocation, of old_n bytes) grown or shrunk in place
 * to new_n bytes when its chunk has the room: 1, new bytes zeroed; else 0 and
 * nothing changes. */
int arena_extend(arena *a, void *p, size_t old_n, size_t new_n);

/* Grows an array held in the arena: returns a block for `want` elements of
 * `size`, copying `have` old ones. The old block is abandoned to the arena. */
void *arena_grow(arena *a, void *old, size_t have, size_t want, size_t size);

/* Appends one zeroed element of `size` to the arena-held array *arr (n used,
 * *cap allocated), doubling as needed. Returns the element or NULL. */
void *arena_push(arena *a, void **arr, size_t *n, size_t *cap, size_t size);

#endif
