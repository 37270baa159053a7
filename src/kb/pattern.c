#include "pattern.h"

#include "core/u8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* s[i..] starts with the ASCII word w, compared case-insensitively. */
static int ascii_word(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (n - i < k)
        return 0;
    for (size_t j = 0; j < k; j++)
        if (lower((unsigned char)s[i + j]) != w[j])
            return 0;
    return 1;
}

static int starts(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    return n - i >= k && memcmp(s + i, w, k) == 0;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
    while (i < n) {
        int32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        if (!u8_is_space(cp))
            break;
        i += k;
    }
    return i;
}

void pat_trim(const char *s, size_t n, size_t *start, size_t *end)
{
    size_t a = skip_space(s, n, 0);
    size_t b = n;
    while (b > a) {
        /* step back one code point */
        size_t p = b - 1;
        while (p > a && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        int32_t cp;
        u8_decode(s + p, b - p, &cp);
        if (!u8_is_space(cp))
            break;
        b = p;
    }
    *start = a;
    *end = b;
}

static int is_alnum_ascii(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* After a Q/A word at s[i]: optional digits (Q only), optional spaces, a
 * separator (':' '.' U+FF1A), then space or end ('.' needs a space or end;
 * ':' may be followed directly by text). Returns offset of the content or 0. */
static size_t after_qa_word(const char *s, size_t n, size_t i, int allow_digits)
{
    if (allow_digits)
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n)
        return 0;
    if (s[i] == ':') {
        i++;
    } else if (starts(s, n, i, "\xEF\xBC\x9A")) { /* U+FF1A fullwidth colon */
        i += 3;
    } else if (s[i] == '.') {
        i++;
        if (i < n && s[i] != ' ' && s[i] != '\t')
            return 0;
    } else {
        return 0;
    }
    return skip_space(s, n, i);
}

int pat_qa_prefix(const char *s, size_t n, size_t *rest)
{
    size_t i = skip_space(s, n, 0);
    if (i >= n)
        return PAT_NONE;
    size_t r = 0;
    int kind = PAT_NONE;
    if (s[i] == 'Q' && (i + 1 >= n || !is_alnum_ascii((unsigned char)s[i + 1]) ||
                        (s[i + 1] >= '0' && s[i + 1] <= '9'))) {
        if ((r = after_qa_word(s, n, i + 1, 1)))
            kind = PAT_Q;
    } else if (s[i] == 'A' && (i + 1 >= n || !is_alnum_ascii((unsigned char)s[i + 1]))) {
        if ((r = after_qa_word(s, n, i + 1, 0)))
            kind = PAT_A;
    } else if (ascii_word(s, n, i, "question") &&
               (r = after_qa_word(s, n, i + strlen("question"), 1))) {
        kind = PAT_Q;
    } else if (ascii_word(s, n, i, "answer") &&
               (r = after_qa_word(s, n, i + strlen("answer"), 0))) {
        kind = PAT_A;
    } else if (starts(s, n, i, "질문") && (r = after_qa_word(s, n, i + strlen("질문"), 1))) {
        kind = PAT_Q;
    } else if (starts(s, n, i, "답변") && (r = after_qa_word(s, n, i + strlen("답변"), 0))) {
        kind = PAT_A;
    } else if (starts(s, n, i, "정답") && (r = after_qa_word(s, n, i + strlen("정답"), 0))) {
        kind = PAT_A;
    } else if (starts(s, n, i, "답") && (r = after_qa_word(s, n, i + strlen("답"), 0))) {
        kind = PAT_A;
    } else if (starts(s, n, i, "문") && i + 3 < n &&
               (s[i + 3] == ':' || starts(s, n, i + 3, "\xEF\xBC\x9A"))) {
        r = after_qa_word(s, n, i + 3, 0);
        kind = r ? PAT_Q : PAT_NONE;
    }
    if (kind != PAT_NONE && rest)
        *rest = r;
    return kind;
}

/* Stars and decorations written around level markers. */
static size_t skip_decor(const char *s, size_t n, size_t i)
{
    for (;;) {
        if (i >= n)
            return i;
        int32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        if (cp == '*' || cp == 0x2B50 || cp == 0x2605 || cp == 0x2606 || cp == 0x1F31F ||
            cp == 0xFE0F || cp == '#' || u8_is_space(cp))
            i += k;
        else
            return i;
    }
}

int pat_level_marker(const char *s, size_t n, int *level, size_t *label_off, size_t *label_len)
{
    size_t i = skip_decor(s, n, 0);
    int strict = 0; /* the bare "L3" form takes no free-text label */
    if (ascii_word(s, n, i, "level")) {
        i += 5;
    } else if (starts(s, n, i, "레벨")) {
        i += strlen("레벨");
    } else if (ascii_word(s, n, i, "lv")) {
        i += 2;
        if (i < n && s[i] == '.')
            i++;
    } else if (i < n && (s[i] == 'L' || s[i] == 'l') && i + 1 < n && s[i + 1] >= '0' &&
               s[i + 1] <= '9') {
        i += 1;
        strict = 1;
    } else {
        return 0;
    }
    while (i < n && s[i] == ' ')
        i++;
    if (i >= n || s[i] < '1' || s[i] > '9')
        return 0;
    int lv = s[i] - '0';
    i++;
    if (i < n && s[i] >= '0' && s[i] <= '9')
        return 0; /* two digits: not a level of 1..9 */
    size_t lo = 0, ll = 0;
    size_t j = skip_space(s, n, i);
    if (j < n && (s[j] == '(' || starts(s, n, j, "\xEF\xBC\x88"))) { /* ( or （ */
        size_t open = s[j] == '(' ? 1 : 3;
        size_t a = j + open, b = a;
        while (b < n && s[b] != ')' && !starts(s, n, b, "\xEF\xBC\x89"))
            b++;
        if (b >= n)
            return 0;
        lo = a;
        ll = b - a;
        j = b + (s[b] == ')' ? 1 : 3);
    } else if (j < n && (s[j] == ':' || s[j] == '-' || starts(s, n, j, "\xE2\x80\x93") ||
                         starts(s, n, j, "\xE2\x80\x94") || starts(s, n, j, "\xEF\xBC\x9A"))) {
        size_t k = s[j] == ':' || s[j] == '-' ? 1 : 3;
        lo = skip_space(s, n, j + k);
        size_t e = skip_decor(s, n, lo);
        (void)e;
        ll = n - lo;
        j = n;
    } else if (j < n && j > i && !strict) {
        lo = j;
        ll = n - j;
        j = n;
    } else if (j < n && j == i && i < n && is_alnum_ascii((unsigned char)s[i])) {
        return 0;
    }
    /* only decoration may follow */
    j = skip_decor(s, n, j);
    if (j < n)
        return 0;
    if (ll) {
        size_t a, b;
        pat_trim(s + lo, ll, &a, &b);
        /* trailing stars belong to the decoration */
        while (b > a && (s[lo + b - 1] == '*' || s[lo + b - 1] == ' '))
            b--;
        lo += a;
        ll = b - a;
        if (ll > 48 || memchr(s + lo, '?', ll))
            return 0;
    }
    *level = lv;
    *label_off = lo;
    *label_len = ll;
    return 1;
}

typedef struct section_word {
    const char *word;
    pat_section sec;
} section_word;

static const section_word section_words[] = {
    {"개념 설명", SEC_CONCEPT},
    {"개념", SEC_CONCEPT},
    {"개요", SEC_CONCEPT},
    {"concept", SEC_CONCEPT},
    {"concepts", SEC_CONCEPT},
    {"overview", SEC_CONCEPT},
    {"레벨별 지식", SEC_LEVELS},
    {"레벨별 질문", SEC_LEVELS},
    {"레벨별", SEC_LEVELS},
    {"수준별 지식", SEC_LEVELS},
    {"knowledge by level", SEC_LEVELS},
    {"levels", SEC_LEVELS},
    {"실무 시나리오", SEC_SCENARIO},
    {"시나리오", SEC_SCENARIO},
    {"실무 사례", SEC_SCENARIO},
    {"scenario", SEC_SCENARIO},
    {"scenarios", SEC_SCENARIO},
    {"practical scenario", SEC_SCENARIO},
    {"case study", SEC_SCENARIO},
    {"면접 빈출 질문", SEC_INTERVIEW},
    {"면접 질문", SEC_INTERVIEW},
    {"면접", SEC_INTERVIEW},
    {"자주 묻는 질문", SEC_INTERVIEW},
    {"예상 질문", SEC_INTERVIEW},
    {"interview questions", SEC_INTERVIEW},
    {"interview", SEC_INTERVIEW},
    {"faq", SEC_INTERVIEW},
    {"레벨 가이드", SEC_GUIDE},
    {"레벨 안내", SEC_GUIDE},
    {"level guide", SEC_GUIDE},
};

pat_section pat_section_of(const char *s, size_t n)
{
    /* skip numbering and decoration: "3. ", "📖 ", "### " */
    size_t i = 0;
    for (;;) {
        i = skip_space(s, n, i);
        if (i >= n)
            return SEC_NONE;
        int32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        if ((cp >= '0' && cp <= '9') || cp == '.' || cp == ')' || cp == '#' || cp == '*' ||
            (cp >= 0x2000 && cp < 0x3000 && cp != 0x2015))
            i += k;
        else if (cp >= 0x1F000 && cp < 0x20000)
            i += k; /* emoji */
        else if (cp == 0xFE0F)
            i += k;
        else
            break;
    }
    size_t flen;
    char *f = u8_fold(s + i, n - i, &flen);
    if (!f)
        return SEC_NONE;
    pat_section out = SEC_NONE;
    for (size_t w = 0; w < sizeof section_words / sizeof section_words[0]; w++) {
        size_t k = strlen(section_words[w].word);
        if (flen >= k && memcmp(f, section_words[w].word, k) == 0 &&
            (flen == k || f[k] == ' ' || f[k] == '(' || f[k] == ':')) {
            out = section_words[w].sec;
            break;
        }
    }
    free(f);
    return out;
}

int pat_is_question(const char *s, size_t n)
{
    size_t a, b;
    pat_trim(s, n, &a, &b);
    if (b == a)
        return 0;
    if (pat_qa_prefix(s + a, b - a, NULL) == PAT_Q)
        return 1;
    /* ignore closing decoration after the question mark */
    while (b > a && (s[b - 1] == '*' || s[b - 1] == '_' || s[b - 1] == ' ' || s[b - 1] == '"'))
        b--;
    if (b > a && s[b - 1] == '?')
        return 1;
    return b - a >= 3 && memcmp(s + b - 3, "\xEF\xBC\x9F", 3) == 0; /* U+FF1F */
}

int pat_topic_number(const char *s, size_t n, int *number, size_t *rest)
{
    size_t i = skip_space(s, n, 0);
    size_t d = i;
    int v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i - d < 4) {
        v = v * 10 + (s[i] - '0');
        i++;
    }
    if (i == d || i >= n || (s[i] != '.' && s[i] != ')'))
        return 0;
    i++;
    if (i < n && s[i] != ' ' && s[i] != '\t')
        return 0;
    *number = v;
    *rest = skip_space(s, n, i);
    return 1;
}

int pat_label(const char *s, size_t n, size_t *label_len, size_t *rest)
{
    size_t lim = n < 64 ? n : 64;
    for (size_t i = 1; i < lim; i++) {
        size_t k = 0;
        if (s[i] == ':')
            k = 1;
        else if (i + 3 <= n && memcmp(s + i, "\xEF\xBC\x9A", 3) == 0)
            k = 3;
        if (!k)
            continue;
        if (i + k < n && s[i + k] != ' ' && s[i + k] != '\t')
            return 0;
        if (i > 48)
            return 0;
        size_t a, b;
        pat_trim(s, i, &a, &b);
        if (a != 0 || b == 0)
            return 0;
        *label_len = b;
        *rest = skip_space(s, n, i + k);
        return 1;
    }
    return 0;
}

size_t pat_scenario_title(const char *s, size_t n)
{
    static const char *const prefixes[] = {"시나리오", "scenario", "사례", "case"};
    size_t i = skip_space(s, n, 0);
    for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++) {
        size_t k = strlen(prefixes[p]);
        if (!ascii_word(s, n, i, prefixes[p]) && !starts(s, n, i, prefixes[p]))
            continue;
        size_t j = i + k;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++; /* "시나리오 1:" */
        j = skip_space(s, n, j);
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j < n && s[j] == ':')
            return skip_space(s, n, j + 1);
        if (j + 3 <= n && memcmp(s + j, "\xEF\xBC\x9A", 3) == 0)
            return skip_space(s, n, j + 3);
    }
    return i;
}

/* s[0..n) ends with the UTF-8 string w. */
static int ends(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && memcmp(s + n - k, w, k) == 0;
}

size_t pat_strip_stars(const char *s, size_t n)
{
    static const char *const stars[] = {"\xE2\xAD\x90", "\xE2\x98\x85", "\xE2\x98\x86",
                                        "\xEF\xB8\x8F", "\xF0\x9F\x8C\x9F"};
    size_t b = n;
    for (;;) {
        while (b > 0 && s[b - 1] == ' ')
            b--;
        size_t k = 0;
        for (size_t i = 0; i < sizeof stars / sizeof stars[0] && !k; i++) {
            size_t l = strlen(stars[i]);
            if (b >= l && memcmp(s + b - l, stars[i], l) == 0)
                k = l;
        }
        if (!k)
            break;
        b -= k;
    }
    while (b > 0 && s[b - 1] == ' ')
        b--;
    return b == 0 ? n : b; /* nothing but stars: left alone */
}

/* Trailing decoration after a question: emphasis marks, quotes, spaces, stars. */
static size_t strip_tail(const char *s, size_t a, size_t b)
{
    for (;;) {
        size_t a2, b2;
        pat_trim(s + a, b - a, &a2, &b2);
        b = a + b2;
        if (b > a && (s[b - 1] == '*' || s[b - 1] == '_' || s[b - 1] == '"' || s[b - 1] == '`'))
            b--;
        else if (b > a && (unsigned char)s[b - 1] >= 0x80 && pat_strip_stars(s + a, b - a) < b - a)
            b = a + pat_strip_stars(s + a, b - a);
        else
            return b;
    }
}

static const char *const strong_endings[] = {
    "설명하시오",
    "설명하세요",
    "설명해 주세요",
    "설명해주세요",
    "설명해 보세요",
    "설명해보세요",
    "설명해 주십시오",
    "설명하라",
    "말해 보세요",
    "말해보세요",
    "말해 주세요",
    "말해주세요",
    "말해 보시오",
    "말해보시오",
    "소개해 주세요",
    "소개해주세요",
    "비교해 주세요",
    "비교해주세요",
    "보여 주세요",
    "보여주세요",
    "알려 주세요",
    "알려주세요",
    "서술하시오",
    "기술하시오",
    "비교하시오",
    "논하시오",
    "쓰시오",
    "적으시오",
    "고르시오",
    "채우시오",
    "구하시오",
    "쓰세요",
    "적으세요",
    "답하시오",
    "하시오",
    "인가요",
    "인가",
    "는가",
    "인지",
    "는지",
    "나요",
    "까요",
    "니까",
    "은가",
    "가요",
};

/* A '?' (or U+FF1F) followed only by one bracketed group: "란? (Access Modifier)",
 * "…있나요? (바꿀 계획이 있나요?)" (a '?' inside the group too). */
static int question_before_parenthetical(const char *s, size_t a, size_t b)
{
    int full = ends(s + a, b - a, "\xEF\xBC\x89");
    if (b <= a || (s[b - 1] != ')' && s[b - 1] != ']' && !full))
        return 0;
    size_t lim = b - a > 200 ? b - 200 : a;
    size_t i = full ? b - 3 : b - 1; /* the closing bracket */
    int depth = 0;
    for (;;) {
        if (i <= lim)
            return 0;
        i--;
        char c = s[i];
        if (c == ')' || c == ']' || (i >= a + 2 && memcmp(s + i - 2, "\xEF\xBC\x89", 3) == 0))
            depth++;
        else if (c == '(' || c == '[' || starts(s, b, i, "\xEF\xBC\x88")) {
            if (depth == 0)
                break;
            depth--;
        }
    }
    size_t q0, q1; /* the text before the group */
    pat_trim(s + a, i - a, &q0, &q1);
    q1 += a;
    if (q1 <= a + q0)
        return 0;
    if (s[q1 - 1] == '?' || ends(s + a, q1 - a, "\xEF\xBC\x9F"))
        return 1;
    /* "routing protocol을 설명해주세요. (ex. link state, distance vector)" */
    size_t e = q1;
    if (s[e - 1] == '.')
        e--;
    for (size_t k = 0; k < sizeof strong_endings / sizeof strong_endings[0]; k++)
        if ((unsigned char)s[e - 1] >= 0x80 && ends(s + a, e - a, strong_endings[k]))
            return 1;
    return 0;
}

static const char *const weak_endings[] = {
    "이란", "란", "차이점", "차이", "비교", "무엇",
};

static const char *const english_openers[] = {
    "what",
    "why",
    "how",
    "when",
    "which",
    "who",
    "where",
    "whats",
    "explain",
    "describe",
    "compare",
    "define",
    /* requests and question nouns: "Name three …", "Difference between X and Y" */
    "name",
    "list",
    "difference",
    "differences",
    "contrast",
    "distinguish",
};

pat_qclass pat_question_class(const char *s, size_t n)
{
    size_t a, b;
    pat_trim(s, n, &a, &b);
    if (b == a)
        return PQ_NONE;
    if (pat_qa_prefix(s + a, b - a, NULL) == PAT_Q)
        return PQ_STRONG;
    int number = 0;
    size_t rest = 0;
    int numbered = pat_topic_number(s + a, b - a, &number, &rest);
    if (numbered)
        a += rest;
    while (a < b && (s[a] == '*' || s[a] == '_' || s[a] == '`'))
        a++;
    b = strip_tail(s, a, b);
    if (b <= a)
        return numbered ? PQ_NUMBERED : PQ_NONE;
    if (s[b - 1] == '?' || ends(s + a, b - a, "\xEF\xBC\x9F"))
        return PQ_STRONG;
    if (question_before_parenthetical(s, a, b))
        return PQ_STRONG;
    /* a final full stop after a request: "…설명하시오." */
    size_t e = b;
    if (s[e - 1] == '.')
        e--;
    else if (ends(s + a, e - a, "\xE3\x80\x82"))
        e -= 3;
    for (size_t i = 0; i < sizeof strong_endings / sizeof strong_endings[0]; i++)
        if (ends(s + a, e - a, strong_endings[i]))
            return PQ_STRONG;
    for (size_t i = 0; i < sizeof weak_endings / sizeof weak_endings[0]; i++)
        if (ends(s + a, e - a, weak_endings[i]))
            return PQ_WEAK;
    for (size_t i = 0; i < sizeof english_openers / sizeof english_openers[0]; i++) {
        size_t k = strlen(english_openers[i]);
        if (ascii_word(s, b, a, english_openers[i]) &&
            (a + k >= b || s[a + k] == ' ' || s[a + k] == '\'')) {
            if (i == 2 && ascii_word(s, b, a, "how to "))
                break;
            if (i >= 12 && (a + k >= b || ascii_word(s, b, a + k, " of ")))
                break; /* "Name", "List of Questions": a column or a title */
            return PQ_WEAK;
        }
    }
    /* "REST vs SOAP", "X vs. Y", "X versus Y" between Latin words: a comparison
     * asked for (a Korean title "모놀리스 vs 마이크로서비스" names a topic) */
    for (size_t i = a + 1; i + 4 < b; i++) {
        int l0 = lower((unsigned char)s[i - 1]);
        if (s[i] != ' ' || !((l0 >= 'a' && l0 <= 'z') || (l0 >= '0' && l0 <= '9')))
            continue;
        size_t k = ascii_word(s, b, i + 1, "vs ")       ? 3
                   : ascii_word(s, b, i + 1, "vs. ")    ? 4
                   : ascii_word(s, b, i + 1, "versus ") ? 7
                                                        : 0;
        int l1 = k && i + 1 + k < b ? lower((unsigned char)s[i + 1 + k]) : 0;
        if (l1 >= 'a' && l1 <= 'z')
            return PQ_WEAK;
    }
    return numbered ? PQ_NUMBERED : PQ_NONE;
}

/* s reduced for label comparison: ASCII lowercased, runs of anything but
 * letters and digits one space, trimmed; at most cap - 1 bytes (0 if longer). */
static size_t label_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t w = 0;
    int space = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = u8_decode(s + i, n - i, &cp);
        if (k == 0)
            break;
        int word = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
                   (cp >= 'A' && cp <= 'Z') || (cp >= 0xAC00 && cp <= 0xD7A3);
        if (!word) {
            space = w > 0;
            i += k;
            continue;
        }
        if (space) {
            if (w + 1 >= cap)
                return 0;
            out[w++] = ' ';
            space = 0;
        }
        if (w + k >= cap)
            return 0;
        for (size_t j = 0; j < k; j++)
            out[w++] = (char)lower((unsigned char)s[i + j]);
        i += k;
    }
    out[w] = '\0';
    return w;
}

static int label_in(const char *s, size_t n, const char *const *list, size_t count)
{
    char key[64];
    size_t k = label_key(s, n, key, sizeof key);
    if (k == 0)
        return 0;
    for (size_t i = 0; i < count; i++)
        if (strcmp(key, list[i]) == 0)
            return 1;
    return 0;
}

int pat_answer_label(const char *s, size_t n)
{
    static const char *const labels[] = {
        "answer",
        "answers",
        "the answer",
        "solution",
        "solutions",
        "explanation",
        "show answer",
        "show the answer",
        "see answer",
        "see the answer",
        "view answer",
        "reveal answer",
        "click to see answer",
        "click to see the answer",
        "click to show answer",
        "click to reveal answer",
        "click for answer",
        "click here for answer",
        "정답",
        "답",
        "답변",
        "해설",
        "풀이",
        "정답 보기",
        "답 보기",
        "답변 보기",
        "해설 보기",
        "정답 및 해설",
        "정답 확인",
        "모범 답안",
        "모범답안",
        "a",
    };
    return label_in(s, n, labels, sizeof labels / sizeof labels[0]);
}

/* A label's suffix: "Question (EN)", "Answer [RU]", "질문 (KR)", "Question (1)". A
 * trailing bracketed group of at most 32 bytes of letters, digits and spaces
 * after a word; *base gets the length before it (trimmed), *lang what it names:
 * PAT_LANG_EN (EN, ENG, English, 영어), PAT_LANG_OTHER (another two- or
 * three-letter code, a language's name, a word in another script), else
 * PAT_LANG_NONE. Returns 0 (and *base = n) without a suffix. */
static int label_suffix(const char *s, size_t n, size_t *base, int *lang)
{
    size_t a, b;
    pat_trim(s, n, &a, &b);
    *base = n;
    *lang = PAT_LANG_NONE;
    for (size_t i = a + 1; i + 3 < b && b - i <= 32; i++) {
        /* "Question 1 — Easy", "Question 2 - Hard": a short word after a dash */
        size_t d =
            memcmp(s + i, " \xE2\x80\x94 ", 5) == 0 || memcmp(s + i, " \xE2\x80\x93 ", 5) == 0 ? 5
            : memcmp(s + i, " - ", 3) == 0                                                     ? 3
                                                                                               : 0;
        if (!d || i + d >= b)
            continue;
        size_t j = i + d;
        while (j < b && (((unsigned char)s[j] | 32) >= 'a' && ((unsigned char)s[j] | 32) <= 'z'))
            j++;
        while (j > i + d && j < b && (s[j] == '*' || s[j] == '_'))
            j++; /* "Question 10 — Hard**": a stray emphasis mark */
        if (j == b) {
            *base = i;
            return 1;
        }
    }
    if (b - a < 3 || (s[b - 1] != ')' && s[b - 1] != ']'))
        return 0;
    char open = s[b - 1] == ')' ? '(' : '[';
    size_t o = b - 1;
    while (o > a && s[o - 1] != open && b - o <= 32) {
        unsigned char c = (unsigned char)s[o - 1];
        if (c == '(' || c == ')' || c == '[' || c == ']' || c == '?')
            return 0;
        o--;
    }
    if (o == a || s[o - 1] != open)
        return 0;
    size_t ia = o, ib = b - 1; /* the bracket's inside */
    o--;
    pat_trim(s, o, &a, &o);
    if (o <= a || ib <= ia)
        return 0;
    size_t letters = 0, other = 0, nonascii = 0;
    char key[16];
    for (size_t i = ia; i < ib; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (letters < sizeof key - 1)
                key[letters] = (char)lower(c);
            letters++;
        } else if (c >= 0x80) {
            nonascii++;
        } else if (c != ' ') {
            other++;
        }
    }
    key[letters < sizeof key - 1 ? letters : sizeof key - 1] = '\0';
    *base = o;
    if (other || (letters && nonascii))
        return 1; /* "(1)", "(Easy 2)": a suffix naming no language */
    if (nonascii) {
        *lang = (ib - ia == 6 && memcmp(s + ia, "영어", 6) == 0) ? PAT_LANG_EN : PAT_LANG_OTHER;
        return 1;
    }
    static const char *const en[] = {"en", "eng", "english"};
    static const char *const named[] = {"russian", "korean",  "japanese", "chinese",  "german",
                                        "french",  "spanish", "italian",  "ukrainian"};
    for (size_t i = 0; i < sizeof en / sizeof en[0]; i++)
        if (strcmp(key, en[i]) == 0)
            *lang = PAT_LANG_EN;
    for (size_t i = 0; i < sizeof named / sizeof named[0] && !*lang; i++)
        if (strcmp(key, named[i]) == 0)
            *lang = PAT_LANG_OTHER;
    if (!*lang && (letters == 2 || letters == 3) && ib - ia == letters)
        *lang = PAT_LANG_OTHER;
    return 1;
}

/* A Cyrillic label word ("Вопрос", "ответ", "ВОПРОС 3"): its whole text, with
 * an optional number after it. */
static int cyrillic_label(const char *s, size_t n, const char *const *forms, size_t count)
{
    size_t a, b;
    pat_trim(s, n, &a, &b);
    for (size_t i = 0; i < count; i++) {
        size_t k = strlen(forms[i]);
        if (b - a < k || memcmp(s + a, forms[i], k) != 0)
            continue;
        size_t j = skip_space(s, b, a + k);
        if (j < b && j == a + k)
            continue; /* "Вопросы": another word */
        while (j < b && s[j] >= '0' && s[j] <= '9')
            j++;
        return j == b;
    }
    return 0;
}

/* "Answer 1.", "Solution 3", "정답 2": an answer label and the number of the
 * question it answers. */
static int answer_number(const char *s, size_t n)
{
    static const char *const words[] = {"answer", "solution", "정답", "답", "답변", "해설"};
    char key[64];
    size_t k = label_key(s, n, key, sizeof key);
    for (size_t i = 0; k && i < sizeof words / sizeof words[0]; i++) {
        size_t w = strlen(words[i]);
        if (k <= w || memcmp(key, words[i], w) != 0)
            continue;
        size_t j = key[w] == ' ' ? w + 1 : w;
        if (j == k || key[j] < '0' || key[j] > '9')
            return 0;
        while (j < k && key[j] >= '0' && key[j] <= '9')
            j++;
        return j == k;
    }
    return 0;
}

static int answer_heading_base(const char *s, size_t n)
{
    static const char *const labels[] = {
        "answer guide", "short answer", "sample answer", "model answer", "suggested answer",
        "모범 답변",    "예시 답안",    "예시 답변",     "otvet", /* Russian, transliterated: "##
                                                                     Otvet (RU)" */
    };
    /* an interview guide's answers under a question (toxicoder/devset) */
    static const char *const paths[] = {"candidate response paths", "response paths",
                                        "expected answer", "답변 예시"};
    static const char *const ru[] = {"Ответ", "ответ", "ОТВЕТ"};
    return pat_answer_label(s, n) || label_in(s, n, labels, sizeof labels / sizeof labels[0]) ||
           label_in(s, n, paths, sizeof paths / sizeof paths[0]) || answer_number(s, n) ||
           ((unsigned char)s[0] == 0xD0 && cyrillic_label(s, n, ru, 3));
}

int pat_answer_heading(const char *s, size_t n)
{
    size_t base;
    int lang;
    label_suffix(s, n, &base, &lang);
    return base > 0 && answer_heading_base(s, base);
}

static int question_label_base(const char *s, size_t n, int suffixed)
{
    static const char *const words[] = {"question", "q",    "problem", "exercise",
                                        "vopros",   "문제", "질문",    "문항"};
    static const char *const ru[] = {"Вопрос", "вопрос", "ВОПРОС"};
    if ((unsigned char)s[0] == 0xD0)
        return cyrillic_label(s, n, ru, 3);
    char key[64];
    size_t k = label_key(s, n, key, sizeof key);
    if (k == 0)
        return 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t w = strlen(words[i]);
        if (k < w || memcmp(key, words[i], w) != 0)
            continue;
        if (k == w) /* bare: "## Question", "## 질문", "## Problem (EN)" (not "# Q", a title) */
            return suffixed || i == 0 || i == 6;
        size_t j = key[w] == ' ' ? w + 1 : w;
        if (j == k)
            return 0;
        while (j < k && key[j] >= '0' && key[j] <= '9')
            j++;
        return j == k;
    }
    return 0;
}

int pat_question_label(const char *s, size_t n)
{
    size_t base;
    int lang;
    int suffixed = label_suffix(s, n, &base, &lang);
    return base > 0 && question_label_base(s, base, suffixed);
}

/* An id or number that only labels what follows: "#26", "# 3", "REDIS-001",
 * "JS_12.", "42". */
static int id_label(const char *s, size_t n)
{
    size_t i = 0;
    while (n && (s[n - 1] == '.' || s[n - 1] == ':' || s[n - 1] == ' '))
        n--;
    if (n && s[0] == '#') {
        i = 1;
        while (i < n && s[i] == ' ')
            i++;
    } else {
        while (i < n && i < 12 && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
            i++;
        if (i > 0) {
            if (i >= n || (s[i] != '-' && s[i] != '_'))
                return 0;
            i++;
        }
    }
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i == n && i > d && i - d <= 6;
}

int pat_heading_label_lang(const char *s, size_t n, int *lang)
{
    char key[64];
    *lang = PAT_LANG_NONE;
    if (n == 0)
        return 0;
    if (((unsigned char)s[0] < 0x80) && id_label(s, n))
        return 2;
    size_t base;
    int lg;
    int suffixed = label_suffix(s, n, &base, &lg);
    if (base == 0)
        return 0;
    int cyr = (unsigned char)s[0] == 0xD0;
    if (!cyr) {
        if (label_key(s, base, key, sizeof key) == 0)
            return 0;
        /* every label starts with one of these: most headings stop here */
        static const char *const first[] = {"정", "답", "해", "풀", "모", "예", "문", "질"};
        int may = key[0] >= 'a' && key[0] <= 'z' && strchr("atsevrcmqpo", key[0]);
        for (size_t i = 0;
             !may && (unsigned char)key[0] >= 0x80 && i < sizeof first / sizeof first[0]; i++)
            may = memcmp(key, first[i], 3) == 0;
        if (!may)
            return 0;
    }
    int r = answer_heading_base(s, base) ? 1 : question_label_base(s, base, suffixed) ? 2 : 0;
    if (r)
        *lang = lg;
    return r;
}

int pat_heading_label(const char *s, size_t n)
{
    int lang;
    return pat_heading_label_lang(s, n, &lang);
}

/* Folded (ASCII lower case) search of a short text for a phrase. */
static int has_phrase(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && lower((unsigned char)s[i + j]) == (unsigned char)w[j])
            j++;
        if (j == k)
            return 1;
    }
    return 0;
}

int pat_refers_to_code(const char *s, size_t n)
{
    static const char *const phrases[] = {
        "below code",          "code below",      "following code",
        "code snippet",        "snippet below",   "following snippet",
        "given code",          "this code",       "this snippet",
        "following program",   "program below",   "following function",
        "function below",      "following query", "query below",
        "following script",    "script below",    "following expression",
        "following statement", "다음 코드",       "아래 코드",
        "다음의 코드",         "아래의 코드",     "다음 소스",
        "아래 소스",           "다음 프로그램",   "아래 프로그램",
        "다음 쿼리",           "아래 쿼리",       "다음 함수",
        "아래 함수",
    };
    if (n > 400)
        n = 400; /* a question's own words; a long text is no question that points */
    /* one cheap pass for the nouns every phrase holds before the phrases themselves */
    int noun = 0;
    for (size_t i = 0; i < n && !noun; i++) {
        switch (lower((unsigned char)s[i])) {
        case 'c': noun = ascii_word(s, n, i, "code"); break;
        case 's':
            noun = ascii_word(s, n, i, "snippet") || ascii_word(s, n, i, "script") ||
                   ascii_word(s, n, i, "statement");
            break;
        case 'p': noun = ascii_word(s, n, i, "program"); break;
        case 'f': noun = ascii_word(s, n, i, "function"); break;
        case 'q': noun = ascii_word(s, n, i, "query"); break;
        case 'e': noun = ascii_word(s, n, i, "expression"); break;
        case 0xEB: noun = starts(s, n, i, "다음"); break;
        case 0xEC: noun = starts(s, n, i, "아래"); break;
        default: break;
        }
    }
    if (!noun)
        return 0;
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
        if (has_phrase(s, n, phrases[i]))
            return 1;
    return 0;
}

int pat_aside(const char *s, size_t n)
{
    static const char *const lead[] = {"근데",   "그런데", "그럼", "그러면", "그렇다면", "그래서",
                                       "하지만", "그러나", "but",  "so",     "then",     "and"};
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
        size_t k = strlen(lead[i]);
        if (n > k + 1 && strncasecmp(s, lead[i], k) == 0 && s[k] == ',')
            return 1;
    }
    return 0;
}

int pat_ui_label(const char *s, size_t n)
{
    static const char *const labels[] = {
        "click me", "click here", "click to expand", "expand", "show more", "more",
        "toggle",   "spoiler",    "details",         "open",   "더보기",    "더 보기",
        "펼치기",   "접기",       "펼쳐 보기",       "보기",   "클릭",      "열기",
    };
    return label_in(s, n, labels, sizeof labels / sizeof labels[0]);
}
