/*
 * tok — words of NFC text, with their particle-free stems: Hangul runs,
 * Latin words (joined across - _ . / + # between ASCII letters or digits, so
 * "HTTP/2" and "X-RateLimit-Limit" stay whole), numbers, and mixed words such
 * as "Kafka는" (stem "Kafka").
 */
#ifndef ASSAY_TEXT_TOK_H
#define ASSAY_TEXT_TOK_H

#include <stddef.h>
#include <stdint.h>

typedef enum tok_kind { TK_HANGUL = 1, TK_LATIN = 2, TK_NUMBER = 3, TK_MIXED = 4 } tok_kind;

typedef struct tok {
    uint32_t off;      /* byte offset of the word */
    uint32_t len;      /* bytes of the word as written */
    uint32_t stem_len; /* bytes of its stem (particle or 하다-ending removed) */
    uint8_t kind;      /* tok_kind */
} tok;

/* Splits s[0..n) into at most cap words; returns how many were found (which
 * may exceed cap: call again with a bigger array). */
size_t tok_split(const char *s, size_t n, tok *out, size_t cap);

/* A function word that carries no concept (및, 등, the, of, ...), by stem. */
int tok_is_stopword(const char *stem, size_t n);

/* Words too general to name a thing of their own: what a question asks about
 * (개요, 방법, 장단점) and general words of system prose (서버, 데이터). A
 * sub-topic bullet needs a term besides those marked BULLET (bank/derive);
 * a cloze never blanks one marked BLANK (gen). */
enum { TOK_GENERAL_BULLET = 1, TOK_GENERAL_BLANK = 2 };
/* Whether w[0..n) is such a word for the given use (TOK_GENERAL_*), compared
 * exactly (pass a matching form, tok_key, where case may differ). */
int tok_is_general(const char *w, size_t n, unsigned use);

/* Writes the matching form of a stem into out (lowercased ASCII), returns its
 * length; out must hold n bytes. */
size_t tok_key(const char *stem, size_t n, char *out);

#endif
