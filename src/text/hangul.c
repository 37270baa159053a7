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

/* Longest first: 에서부터 before 부터 before 터... */
/* clang-format off */
static const char *const particles[] = {
    "에서부터", "으로부터", "에게서", "으로서", "으로써", "이라고", "까지", "부터", "에서",
    "에게", "한테", "께서", "으로", "처럼", "보다", "마다", "대로", "이나", "이란", "이며", "과", "와",
    "은", "는", "이", "가", "을", "를", "의", "에", "로", "도", "만", "나", "란",
};
/* clang-format on */

/* clang-format off */
static const char *const verb_endings[] = {
    "시킨다", "시키는", "하지만", "이어야", "하는", "한다", "하고", "하여", "해서", "하면",
    "하며", "하게", "하기", "했다", "하다", "해야", "해도", "된다", "되는", "되어", "되고",
    "되며", "되면", "하지", "되지", "여야", "하거나", "하거", "함", "할", "됨", "될", "한", "된",
};
/* clang-format on */

static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static size_t strip_list(const char *w, size_t n, const char *const *list, size_t count)
{
    size_t best = 0;
    for (size_t i = 0; i < count; i++) {
        size_t k = strlen(list[i]);
        if (k > best && k < n && memcmp(w + n - k, list[i], k) == 0 && count_chars(w, n - k) >= 2)
            best = k;
    }
    return n - best;
}

/* Nouns whose last syllable only looks like a particle (재시도 is not 재시 + 도). */
/* clang-format off */
static const char *const whole_nouns[] = {
    "재시도", "시도", "속도", "정도", "빈도", "밀도", "강도", "한도", "용도", "의도", "제도",
    "태도", "각도", "신뢰도", "정확도", "민감도", "결합도", "복잡도", "결과", "효과", "초과",
    "추가", "증가", "평가", "통과", "경과", "부과", "참가", "원가", "단가", "경로", "회로",
    "통로", "차이", "길이", "높이", "깊이", "미만", "불만", "정의", "합의", "동의", "주의",
    "논의", "회의",
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
    for (size_t i = 0; i < sizeof whole_nouns / sizeof whole_nouns[0]; i++)
        if (strlen(whole_nouns[i]) == n && memcmp(w, whole_nouns[i], n) == 0)
            return n;
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
