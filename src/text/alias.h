/*
 * alias — pairs of names written `한국어(English)` or `English(한국어)` in
 * Korean technical prose, mined from a bank: 수평 확장(Scale Out),
 * Strangler Fig(교살자 무화과). Used for cloze acceptance, grading and
 * excluding distractors that name the key. Sides are stored normalised:
 * Korean words joined by one space, English lowercased.
 */
#ifndef ASSAY_TEXT_ALIAS_H
#define ASSAY_TEXT_ALIAS_H

#include "core/arena.h"

#include <stddef.h>

typedef struct alias {
    const char *ko;
    const char *en;
    unsigned char ko_first; /* written 한국어(English) at least once */
    unsigned char ko_words; /* words of the Korean side */
    unsigned char en_ident; /* the English side written as an identifier (mTLS,
                               OrderCreated, Resilience4j, Customer-Supplier) */
    unsigned char en_caps;  /* the English side written in capitals (POST, SPOF) */
    unsigned char spaced;   /* only ever written with a space before '(' */
} alias;

typedef struct alias_table {
    arena mem;
    alias *v;
    size_t n, cap;
} alias_table;

void alias_init(alias_table *t);
void alias_free(alias_table *t);

/* Adds the pairs written in s[0..n). Returns -1 when out of memory. */
int alias_mine(alias_table *t, const char *s, size_t n);
/* Sorts and removes repeats; call once after mining. */
void alias_finish(alias_table *t);

/* Drops the glosses among the pairs (call after alias_finish): a pair only
 * ever written `English(한 단어)`, one Korean word in parentheses, whose
 * English name the document glosses with another Korean side as well
 * (DynamoDB(기본), DynamoDB(스트림); Choreography(이벤트), Choreography(이벤트
 * 체인)) says what the thing does in one place, not what it is called — unless
 * the Korean word spells the English (text/translit), or confirm (may be
 * NULL) vouches for the pair (a thesaurus group with both). Returns how many
 * were dropped. */
typedef int alias_confirm_fn(void *ud, const char *ko, const char *en);
size_t alias_prune(alias_table *t, alias_confirm_fn *confirm, void *ud);

/* Drops the pairs that name an instance or say what a thing does, not what it
 * is called (call after alias_finish, before alias_prune; the review of seed 9377 and issue 9's
 * brief: cloze accepted "redis" for 중앙, "post" for 생성, and "리사이징"
 * covered "Lambda"), unless the Korean spells the English or confirm vouches:
 * - an English name glossed by three Korean sides or more: a product the
 *   text cites for several things (중앙(Redis), 세션 스토어(Redis), …);
 * - an English side written as an identifier: a hump inside a word, digits
 *   the Korean side lacks, capitalised words joined by hyphens (보안(mTLS),
 *   과거형 명명(OrderCreated), 구현 (Resilience4j), 결제(Customer-Supplier));
 * - one Korean word too general to name a thing (text/tok: 구현, 중앙);
 * - a Korean side that spells another English side of the table (스케일 아웃
 *   (warm-up) where 수평 확장(Scale Out) is written);
 * - a keyword in capitals glossed after it (POST(생성), JWT(클라이언트 보관)),
 *   and every other pair of an English side so glossed (안전성(GET) beside
 *   GET(조회));
 * - an English name only ever written first with a Korean gloss of its job
 *   after it, when the Korean side does not translate it word for word:
 *   Lambda (리사이징), Redis (상품 상세), Nginx (페이지 캐시), MongoDB(문서).
 * Returns how many were dropped. */
size_t alias_drop_instances(alias_table *t, alias_confirm_fn *confirm, void *ud);

/* Whether Korean phrase ko spells English phrase en, word by word or as a
 * whole (이벤트 소싱 = event sourcing; 로드밸런서 = load balancer). */
int alias_transliterates(const char *ko, const char *en);

/* Calls fn for every pair written in s[0..n) (without storing), with the byte
 * spans of both sides in s: a_off/a_len the part before '(' and b_off/b_len
 * the part inside. */
typedef void alias_fn(void *ud, size_t a_off, size_t a_len, size_t b_off, size_t b_len,
                      int korean_first);
void alias_scan(const char *s, size_t n, alias_fn *fn, void *ud);

/* The rules of alias_drop_instances that one written pair shows by itself
 * (its spans in s as alias_scan gives them): an English side written as an
 * identifier, one Korean word too general to name a thing, an English name
 * first with its job after it set apart by a space (Lambda (리사이징)) or a
 * keyword in capitals glossed (POST(생성)). Grading reads such a pair in a
 * reference as two concepts, not one with two spellings. */
int alias_pair_is_instance(const char *s, size_t a_off, size_t a_len, size_t b_off, size_t b_len,
                           int korean_first);

/* Every other side of `phrase` (normalised form, either side); at most cap
 * into out; returns how many. */
size_t alias_others(const alias_table *t, const char *phrase, const char **out, size_t cap);

#endif
