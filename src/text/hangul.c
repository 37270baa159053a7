#include "hangul.h"

#include "core/u8.h"

#include <string.h>

#define S_BASE  0xAC00
#define S_COUNT 11172
#define L_BASE  0x1100
#define V_BASE  0x1161
#define T_BASE  0x11A7
#define T_COUNT 28
#define N_COUNT 588

int hg_is_syllable(int32_t cp)
{
    return cp >= S_BASE && cp < S_BASE + S_COUNT;
}

int hg_has_final(int32_t cp)
{
    return hg_is_syllable(cp) && (cp - S_BASE) % T_COUNT != 0;
}

int hg_final_is_rieul(int32_t cp)
{
    return hg_is_syllable(cp) && (cp - S_BASE) % T_COUNT == 8;
}

/* Compatibility jamo (U+3131..U+3163) to conjoining ones: consonants to their
 * initial forms, vowels to medial ones. 0 for the few without one. */
static const uint16_t compat[] = {
    /* ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄸ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅃ ㅄ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ */
    0x1100,
    0x1101,
    0x11AA,
    0x1102,
    0x11AC,
    0x11AD,
    0x1103,
    0x1104,
    0x1105,
    0x11B0,
    0x11B1,
    0x11B2,
    0x11B3,
    0x11B4,
    0x11B5,
    0x11B6,
    0x1106,
    0x1107,
    0x1108,
    0x11B9,
    0x1109,
    0x110A,
    0x110B,
    0x110C,
    0x110D,
    0x110E,
    0x110F,
    0x1110,
    0x1111,
    0x1112,
    /* ㅏ .. ㅣ */
    0x1161,
    0x1162,
    0x1163,
    0x1164,
    0x1165,
    0x1166,
    0x1167,
    0x1168,
    0x1169,
    0x116A,
    0x116B,
    0x116C,
    0x116D,
    0x116E,
    0x116F,
    0x1170,
    0x1171,
    0x1172,
    0x1173,
    0x1174,
    0x1175,
};

size_t hg_jamo(const char *s, size_t n, int32_t *out, size_t cap)
{
    size_t i = 0, w = 0;
    while (i < n && w < cap) {
        int32_t cp;
        i += u8_decode(s + i, n - i, &cp);
        if (hg_is_syllable(cp)) {
            int32_t k = cp - S_BASE;
            out[w++] = L_BASE + k / N_COUNT;
            if (w < cap)
                out[w++] = V_BASE + (k % N_COUNT) / T_COUNT;
            if (k % T_COUNT && w < cap)
                out[w++] = T_BASE + k % T_COUNT;
        } else if (cp >= 0x3131 && cp <= 0x3163) {
            out[w++] = compat[cp - 0x3131];
        } else if (cp >= 'A' && cp <= 'Z') {
            out[w++] = cp + 32;
        } else {
            out[w++] = cp;
        }
    }
    return w;
}

/* A suffix with its length in bytes. */
typedef struct sfx {
    const char *s;
    size_t len;
} sfx;
#define S(x)            \
    {                   \
        x, sizeof x - 1 \
    }

/* Longest first: 에서부터 before 부터 before 터... */
/* clang-format off */
static const sfx particles[] = {
    S("에서부터"), S("으로부터"), S("에게서"), S("으로서"), S("으로써"), S("이라고"), S("까지"), S("부터"), S("에서"),
    S("에게"), S("한테"), S("께서"), S("으로"), S("처럼"), S("보다"), S("마다"), S("대로"), S("이나"), S("이란"), S("이며"), S("과"), S("와"),
    S("은"), S("는"), S("이"), S("가"), S("을"), S("를"), S("의"), S("에"), S("로"), S("도"), S("만"), S("나"), S("란"),
};
/* clang-format on */

/* clang-format off */
static const sfx verb_endings[] = {
    S("시킨다"), S("시키는"), S("하지만"), S("이어야"), S("하는"), S("한다"), S("하고"), S("하여"), S("해서"), S("하면"),
    S("하며"), S("하게"), S("하기"), S("했다"), S("하다"), S("해야"), S("해도"), S("된다"), S("되는"), S("되어"), S("되고"),
    S("되며"), S("되면"), S("하지"), S("되지"), S("여야"), S("하거나"), S("하거"), S("함"), S("할"), S("됨"), S("될"), S("한"), S("된"),
};
/* clang-format on */

static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static size_t strip_list(const char *w, size_t n, const sfx *list, size_t count)
{
    size_t best = 0;
    for (size_t i = 0; i < count; i++) {
        size_t k = list[i].len;
        if (k > best && k < n && w[n - 1] == list[i].s[k - 1] &&
            memcmp(w + n - k, list[i].s, k) == 0 && count_chars(w, n - k) >= 2)
            best = k;
    }
    return n - best;
}

/* Nouns whose last syllable only looks like a particle (재시도 is not 재시 + 도). */
/* clang-format off */
static const sfx whole_nouns[] = {
    S("재시도"), S("시도"), S("속도"), S("정도"), S("빈도"), S("밀도"), S("강도"), S("한도"), S("용도"), S("의도"), S("제도"),
    S("태도"), S("각도"), S("신뢰도"), S("정확도"), S("민감도"), S("결합도"), S("복잡도"), S("결과"), S("효과"), S("초과"),
    S("추가"), S("증가"), S("평가"), S("통과"), S("경과"), S("부과"), S("참가"), S("원가"), S("단가"), S("경로"), S("회로"),
    S("통로"), S("차이"), S("길이"), S("높이"), S("깊이"), S("미만"), S("불만"), S("정의"), S("합의"), S("동의"), S("주의"),
    S("논의"), S("회의"),
};
/* clang-format on */

/* Particles of two syllables, which may follow a noun of one (큐에서, 큐로부터). */
static const char *const long_particles[] = {"에서", "에게", "으로", "까지",     "부터",    "처럼",
                                             "보다", "마다", "대로", "에서부터", "으로부터"};

size_t hg_stem(const char *w, size_t n)
{
    /* only words that end in Hangul carry particles */
    if (n < 3 || ((unsigned char)w[n - 3] & 0xF0) != 0xE0)
        return n;
    if (n <= 9)
        for (size_t i = 0; i < sizeof whole_nouns / sizeof whole_nouns[0]; i++)
            if (whole_nouns[i].len == n && memcmp(w, whole_nouns[i].s, n) == 0)
                return n;
    if (n >= 9 && n <= 18)
        for (size_t i = 0; i < sizeof long_particles / sizeof long_particles[0]; i++) {
            size_t k = strlen(long_particles[i]);
            if (n == k + 3 && memcmp(w + 3, long_particles[i], k) == 0)
                return 3; /* 큐에서 -> 큐 */
        }
    /* the longer suffix wins: 처리하는 loses 하는, not only 는 */
    size_t p = strip_list(w, n, particles, sizeof particles / sizeof particles[0]);
    size_t v = strip_list(w, n, verb_endings, sizeof verb_endings / sizeof verb_endings[0]);
    size_t s = p < v ? p : v;
    /* then the plural marker: Consumer들이 -> Consumer들 -> Consumer */
    if (s >= 3 && memcmp(w + s - 3, "들", 3) == 0 && count_chars(w, s - 3) >= 2)
        s -= 3;
    return s;
}

typedef struct dependent {
    const char *form;
    const char *neutral;
} dependent;

/* Both forms of each pair; longer forms first so 으로부터 wins over 으로. */
static const dependent dependents[] = {
    {"으로부터", "(으)로부터"}, {"로부터", "(으)로부터"}, {"으로서", "(으)로서"},
    {"로서", "(으)로서"},       {"으로써", "(으)로써"},   {"로써", "(으)로써"},
    {"이라고", "(이)라고"},     {"라고", "(이)라고"},     {"으로", "(으)로"},
    {"로", "(으)로"},           {"이나", "(이)나"},       {"이며", "(이)며"},
    {"이란", "(이)란"},         {"이라", "(이)라"},       {"이다", "(이)다"},
    {"은", "은(는)"},           {"는", "은(는)"},         {"이", "이(가)"},
    {"가", "이(가)"},           {"을", "을(를)"},         {"를", "을(를)"},
    {"과", "과(와)"},           {"와", "과(와)"},         {"나", "(이)나"},
    {"며", "(이)며"},           {"란", "(이)란"},         {"라", "(이)라"},
    {"다", "(이)다"},
};

const char *hg_neutral_particle(const char *s, size_t n, size_t *len)
{
    for (size_t i = 0; i < sizeof dependents / sizeof dependents[0]; i++) {
        size_t k = strlen(dependents[i].form);
        if (k <= n && memcmp(s, dependents[i].form, k) == 0) {
            /* a particle ends the word: what follows is not a Hangul syllable */
            if (k < n) {
                int32_t cp;
                u8_decode(s + k, n - k, &cp);
                if (hg_is_syllable(cp))
                    continue;
            }
            *len = k;
            return dependents[i].neutral;
        }
    }
    return NULL;
}
