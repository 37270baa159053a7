#include "u8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Decodes the code point at s[*i] and advances *i; -1 on an invalid sequence. */
static inline int next_cp(const char *s, size_t n, size_t *i, int32_t *cp)
{
    unsigned char c = (unsigned char)s[*i];
    if (c < 0x80) {
        *cp = c;
        (*i)++;
        return 0;
    }
    utf8proc_int32_t v;
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &v);
    if (k < 0)
        return -1;
    *cp = v;
    *i += (size_t)k;
    return 0;
}

/* The same rule as next_cp (utf8proc_iterate: no overlong form, no surrogate,
 * nothing past U+10FFFF), decoded inline: this checks every text read back
 * from a bank, so it runs on every request of the web server. */
int u8_check(const char *s, size_t n, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            /* a run of ASCII, eight bytes at a time */
            while (n - i >= 8) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (w & 0x8080808080808080ull)
                    break;
                i += 8;
            }
            continue;
        }
        if (c >= 0xE0 && c <= 0xEF && n - i > 2 && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) { /* three bytes (Hangul): the common case, checked */
            uint32_t cp3 = ((c & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
            if (cp3 >= 0x800 && !(cp3 >= 0xD800 && cp3 <= 0xDFFF)) {
                i += 3;
                continue;
            }
        }
        size_t k;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            k = 1, cp = c & 0x1Fu, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2, cp = c & 0x0Fu, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3, cp = c & 0x07u, min = 0x10000;
        } else {
            break;
        }
        if (n - i <= k)
            break;
        size_t j = 1;
        for (; j <= k && (p[i + j] & 0xC0) == 0x80; j++)
            cp = (cp << 6) | (p[i + j] & 0x3Fu);
        if (j <= k || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            break;
        i += k + 1;
    }
    if (i < n) {
        if (bad)
            *bad = i;
        return -1;
    }
    return 0;
}

char *u8_lossy(const char *s, size_t n)
{
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t i = 0, w = 0;
    int32_t cp;
    while (i < n) {
        size_t at = i;
        if (next_cp(s, n, &i, &cp) != 0) {
            memcpy(out + w, "\xEF\xBF\xBD", 3);
            w += 3;
            i = at + 1;
        } else {
            memcpy(out + w, s + at, i - at);
            w += i - at;
        }
    }
    out[w] = '\0';
    return out;
}

size_t u8_decode(const char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (k <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return (size_t)k;
}

int u8_is_nfc_quick(const char *s, size_t n)
{
    size_t i = 0;
    int32_t cp;
    while (i < n) {
        if (next_cp(s, n, &i, &cp) != 0)
            return 0;
        if (cp < 0x80)
            continue;
        if (cp >= 0xAC00 && cp <= 0xD7A3)
            continue; /* precomposed Hangul; a following jamo is caught below */
        if (cp >= 0x1100 && cp <= 0x11FF)
            return 0; /* conjoining jamo compose algorithmically */
        const utf8proc_property_t *pr = utf8proc_get_property(cp);
        if (pr->combining_class != 0)
            return 0;
        if (pr->decomp_seqindex != UINT16_MAX && pr->decomp_type == 0)
            return 0; /* has a canonical decomposition */
        if (pr->comb_index != UINT16_MAX && pr->comb_index >= 0x8000)
            return 0; /* may compose with what precedes it */
    }
    return 1;
}

static char *map(const char *s, size_t n, utf8proc_option_t opts, size_t *outlen)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out, opts);
    if (k < 0)
        return NULL;
    if (outlen)
        *outlen = (size_t)k;
    return (char *)out;
}

char *u8_nfc(const char *s, size_t n, size_t *outlen)
{
    if (n == 0) {
        char *p = malloc(1);
        if (p)
            p[0] = '\0';
        if (outlen)
            *outlen = 0;
        return p;
    }
    return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE, outlen);
}

int u8_is_space(int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
        return 1;
    if (cp < 0x80)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
           cp == 0x85 || cp == 0xFEFF || cp == 0x200B;
}

char *u8_fold(const char *s, size_t n, size_t *outlen)
{
    size_t len = 0;
    char *m;
    if (n == 0) {
        m = malloc(1);
        if (!m)
            return NULL;
        m[0] = '\0';
    } else {
        m = map(s, n,
                UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                    UTF8PROC_IGNORE,
                &len);
        if (!m)
            return NULL;
    }
    /* collapse white space in place */
    size_t r = 0, w = 0;
    int pending_space = 0;
    while (r < len) {
        int32_t cp;
        size_t k = u8_decode(m + r, len - r, &cp);
        if (u8_is_space(cp)) {
            pending_space = w > 0;
        } else {
            if (pending_space)
                m[w++] = ' ';
            pending_space = 0;
            memmove(m + w, m + r, k);
            w += k;
        }
        r += k;
    }
    m[w] = '\0';
    if (outlen)
        *outlen = w;
    return m;
}

static size_t cp_width(int32_t cp)
{
    if (cp < 0x20 || cp == 0x7F)
        return 0;
    if (cp < 0x7F)
        return 1;
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 0 : (size_t)w;
}

size_t u8_width(const char *s, size_t n)
{
    size_t i = 0, w = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            w += cp_width(c);
            i++;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            w += 1;
            i++;
            continue;
        }
        w += cp_width(cp);
        i += (size_t)k;
    }
    return w;
}

size_t u8_prefix_for_width(const char *s, size_t n, size_t cols)
{
    size_t i = 0, w = 0;
    while (i < n) {
        int32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        size_t cw = cp_width(cp);
        if (w + cw > cols)
            break;
        w += cw;
        i += k;
    }
    return i;
}

int u8_small_number(const char *s)
{
    int v = 0, k = 0;
    for (; s[k]; k++) {
        if (k == 5 || s[k] < '0' || s[k] > '9')
            return -1;
        v = v * 10 + (s[k] - '0');
    }
    return k ? v : -1;
}
