#include "pattern.h"

#include "core/u8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
