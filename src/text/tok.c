#include "tok.h"

#include "core/u8.h"
#include "text/hangul.h"

#include <string.h>
#include <utf8proc.h>

enum { C_SEP, C_HANGUL, C_LATIN, C_DIGIT, C_OTHER_LETTER, C_JOIN };

static int class_of(int32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return C_LATIN;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        if (cp == '-' || cp == '_' || cp == '.' || cp == '/' || cp == '+' || cp == '#' ||
            cp == '\'')
            return C_JOIN;
        return C_SEP;
    }
    if (hg_is_syllable(cp) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3131 && cp <= 0x318E))
        return C_HANGUL;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: return C_OTHER_LETTER;
    case UTF8PROC_CATEGORY_ND: return C_DIGIT;
    default: return C_SEP;
    }
}

static int is_ascii_alnum(int c)
{
    return c == C_LATIN || c == C_DIGIT;
}

size_t tok_split(const char *s, size_t n, tok *out, size_t cap)
{
    size_t count = 0, i = 0;
    while (i < n) {
        int32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        int c = class_of(cp);
        if (c == C_SEP || c == C_JOIN) {
            i += k;
            continue;
        }
        size_t start = i;
        int has_hangul = 0, has_latin = 0, has_digit = 0, has_other = 0;
        int prev = C_SEP;
        while (i < n) {
            k = u8_decode(s + i, n - i, &cp);
            c = class_of(cp);
            if (c == C_SEP)
                break;
            if (c == C_JOIN) {
                /* joins only ASCII letters or digits on both sides */
                int32_t nx = 0;
                if (i + k < n)
                    u8_decode(s + i + k, n - i - k, &nx);
                if (!is_ascii_alnum(prev) || !is_ascii_alnum(class_of(nx)))
                    break;
            }
            has_hangul |= c == C_HANGUL;
            has_latin |= c == C_LATIN;
            has_digit |= c == C_DIGIT;
            has_other |= c == C_OTHER_LETTER;
            prev = c;
            i += k;
        }
        if (count < cap) {
            tok *t = &out[count];
            t->off = (uint32_t)start;
            t->len = (uint32_t)(i - start);
            t->kind = has_hangul && (has_latin || has_digit || has_other) ? TK_MIXED
                      : has_hangul                                        ? TK_HANGUL
                      : has_latin || has_other                            ? TK_LATIN
                                                                          : TK_NUMBER;
            t->stem_len = t->kind == TK_HANGUL || t->kind == TK_MIXED
                              ? (uint32_t)hg_stem(s + start, t->len)
                              : t->len;
        }
        count++;
    }
    return count;
}

/* clang-format off */
static const char *const stopwords[] = {
    /* Korean function and filler words (stems) */
    "및", "등", "또는", "그리고", "하지만", "그러나", "따라서", "이를", "이것", "그것", "것",
    "수", "때", "중", "위해", "위한", "통해", "통한", "대한", "대해", "있다", "있음", "없음",
    "없다", "같은", "경우", "하나", "모든", "각", "더", "매우", "가장", "주로", "일반적으로",
    "즉", "또한", "이상", "이하", "전체", "대부분", "여러", "다른", "같이", "함께", "기반",
    "방식", "방법", "하는", "있는", "없는", "된다", "한다", "해야", "가능", "필요", "사용",
    "이다", "예", "예시", "하지", "해도", "이어야", "이며", "라는", "이라는",
    /* English */
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "be", "with",
    "by", "as", "at", "vs", "etc", "e.g", "i.e", "it", "its", "this", "that", "from", "into",
    "per",
};
/* clang-format on */

int tok_is_stopword(const char *stem, size_t n)
{
    char key[64];
    if (n >= sizeof key)
        return 0;
    size_t k = tok_key(stem, n, key);
    if (k == 0)
        return 0;
    for (size_t i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++)
        if (stopwords[i][0] == key[0] && strlen(stopwords[i]) == k &&
            memcmp(stopwords[i], key, k) == 0)
            return 1;
    return 0;
}

size_t tok_key(const char *stem, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        char c = stem[i];
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    return n;
}

int tok_is_general(const char *w, size_t n, unsigned use)
{
    static const struct {
        const char *w;
        unsigned use;
    } general[] = {
        {"개요", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"대표적인", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"대표", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"기본", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"개념", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"주요", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"대표적", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"솔루션", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"라이브러리", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"구현", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"방법", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"설계", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"선택", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"전략", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"통합", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"조건", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"비교", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"특징", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"장단점", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"이점", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"차이", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"역할", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"관계", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"사례", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"문제점", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"적용", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"실무", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"운영", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"평가", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"판단", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"고려", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"이해", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"상세", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"현대적", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"해석", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"아키텍처", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"시스템", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"성능", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"영향", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"계층적", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"제한", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"언제", TOK_GENERAL_BULLET},
        {"어떤", TOK_GENERAL_BULLET},
        {"간단", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"도입", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"필요성", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"종류", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"목적", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"위치", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"구조", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"조직", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"기능", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"처리", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"문제", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"하이브리드", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"관측성", TOK_GENERAL_BULLET},
        {"대규모", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"모델", TOK_GENERAL_BULLET | TOK_GENERAL_BLANK},
        {"중앙", TOK_GENERAL_BLANK},
        {"데이터", TOK_GENERAL_BLANK},
        {"서비스", TOK_GENERAL_BLANK},
        {"서버", TOK_GENERAL_BLANK},
        {"요청", TOK_GENERAL_BLANK},
        {"응답", TOK_GENERAL_BLANK},
        {"관리", TOK_GENERAL_BLANK},
        {"방식", TOK_GENERAL_BLANK},
        {"기반", TOK_GENERAL_BLANK},
        {"환경", TOK_GENERAL_BLANK},
        {"전체", TOK_GENERAL_BLANK},
        {"일부", TOK_GENERAL_BLANK},
        {"자체", TOK_GENERAL_BLANK},
        {"api", TOK_GENERAL_BLANK},
        {"system", TOK_GENERAL_BLANK},
        {"service", TOK_GENERAL_BLANK},
        {"server", TOK_GENERAL_BLANK},
        {"data", TOK_GENERAL_BLANK},
        /* head nouns that name a kind of thing, not the thing: a blank of
         * one ("Saga ____", "관리 없이 ____ 실행", "____ 묶음") has many
         * fills (the review of seed 7411, cloze 1, 6, 12) */
        {"패턴", TOK_GENERAL_BLANK},
        {"코드", TOK_GENERAL_BLANK},
        {"객체", TOK_GENERAL_BLANK},
        {"단위", TOK_GENERAL_BLANK},
        {"요소", TOK_GENERAL_BLANK},
        {"정보", TOK_GENERAL_BLANK},
        {"작업", TOK_GENERAL_BLANK},
        {"결과", TOK_GENERAL_BLANK},
        {"로직", TOK_GENERAL_BLANK},
        {"리소스", TOK_GENERAL_BLANK},
        {"컴포넌트", TOK_GENERAL_BLANK},
        {"모듈", TOK_GENERAL_BLANK},
        {"항목", TOK_GENERAL_BLANK},
        {"대상", TOK_GENERAL_BLANK},
        {"내용", TOK_GENERAL_BLANK},
        {"형태", TOK_GENERAL_BLANK},
        {"유형", TOK_GENERAL_BLANK},
        /* adverbs of order and manner ("1) 관측성 ____(사이드카 인젝션만)":
         * 먼저): no key term (issue 9, point 8) */
        {"먼저", TOK_GENERAL_BLANK},
        {"미리", TOK_GENERAL_BLANK},
        {"나중", TOK_GENERAL_BLANK},
        {"즉시", TOK_GENERAL_BLANK},
        {"함께", TOK_GENERAL_BLANK},
        {"직접", TOK_GENERAL_BLANK},
        {"항상", TOK_GENERAL_BLANK},
        {"pattern", TOK_GENERAL_BLANK},
        {"code", TOK_GENERAL_BLANK},
        {"object", TOK_GENERAL_BLANK},
    };
    for (size_t i = 0; i < sizeof general / sizeof general[0]; i++)
        if ((general[i].use & use) && strlen(general[i].w) == n && memcmp(w, general[i].w, n) == 0)
            return 1;
    return 0;
}
