/*
 * u8 — UTF-8 validation, Unicode normalisation and display width, on top of
 * utf8proc. Strings returned by u8_nfc / u8_fold are malloc'd; the caller
 * frees them with free().
 */
#ifndef ASSAY_CORE_U8_H
#define ASSAY_CORE_U8_H

#include <stddef.h>
#include <stdint.h>

/* 0 when s[0..n) is valid UTF-8; else -1 and *bad = offset of the first bad byte. */
int u8_check(const char *s, size_t n, size_t *bad);

/* Decodes one code point at s (n > 0 bytes available). Returns bytes used
 * (1..4); on an invalid sequence returns 1 and *cp = 0xFFFD. */
size_t u8_decode(const char *s, size_t n, int32_t *cp);

/* A copy of s[0..n) with every invalid byte replaced by U+FFFD (malloc'd,
 * NUL-terminated); for names that must be shown or stored as text. */
char *u8_lossy(const char *s, size_t n);

/* NFC of s[0..n) (must be valid UTF-8), NUL-terminated; NULL on error. */
char *u8_nfc(const char *s, size_t n, size_t *outlen);

/* 1 when s[0..n) is certainly NFC already: no code point in it can change
 * or combine under normalisation (a quick check; 0 means "normalise"). */
int u8_is_nfc_quick(const char *s, size_t n);

/* A matching key: NFKC, case-folded, whitespace runs collapsed to one space,
 * trimmed. NULL on error. */
char *u8_fold(const char *s, size_t n, size_t *outlen);

/* Terminal columns of s[0..n) (NFC expected). Invalid bytes count 1. */
size_t u8_width(const char *s, size_t n);

/* Unicode white space (Zs, tab, newlines, ...). */
int u8_is_space(int32_t cp);

/* Byte length of the longest prefix of s[0..n) that fits in `cols` columns. */
size_t u8_prefix_for_width(const char *s, size_t n, size_t cols);

/* The value of s when it is 1 to 5 ASCII digits (a number as typed, e.g. a
 * topic number), else -1. */
int u8_small_number(const char *s);

#endif
