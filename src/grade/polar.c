/*
 * polar — clauses, negation scope and opposite terms for the free-text
 * grader (polar.h). The opposite list is hand-written from the bundled bank
 * (where it contrasts two terms) plus common pairs of the domain; keys are
 * the tokenizer's stems, lowercased.
 */
#include "grade/polar.h"

#include "core/u8.h"
#include "text/hangul.h"

#include <string.h>

size_t pol_clauses(const char *s, size_t len, const tok *toks, size_t n, uint8_t *clause)
{
    size_t c = 0, t = 0;
    int depth = 0, any = 0;
    for (size_t i = 0; i < len && t < n;) {
        while (t < n && toks[t].off <= i) {
            clause[t++] = (uint8_t)(c < 63 ? c : 63);
            any = 1;
        }
        if (t >= n)
            break;
        int32_t cp;
        size_t k = u8_decode(s + i, len - i, &cp);
        int cut = 0;
        if (cp == '(' || cp == '[')
            depth++;
        else if ((cp == ')' || cp == ']') && depth > 0)
            depth--;
        else if (cp == ';' || cp == '!' || cp == '?' || cp == '\n' || cp == 0x2192 || cp == 0x21D2)
            cut = 1;
        else if (cp == '.' && (i + 1 >= len || s[i + 1] == ' ' || s[i + 1] == '\n'))
            cut = 1;
        else if (cp == ',' && depth == 0)
            cut = 1;
        else if (cp == '-' && i + 1 < len && s[i + 1] == '>')
            cut = 1;
        if (cut && any) {
            c++;
            any = 0;
            depth = cut && cp != ',' ? 0 : depth;
        }
        i += k;
    }
    while (t < n)
        clause[t++] = (uint8_t)(c < 63 ? c : 63);
    return n ? (size_t)clause[n - 1] + 1 : 0;
}

static int starts(const char *w, size_t n, const char *p)
{
    size_t k = strlen(p);
    return k <= n && memcmp(w, p, k) == 0;
}

static int contains(const char *w, size_t n, const char *p)
{
    size_t k = strlen(p);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(w + i, p, k) == 0)
            return 1;
    return 0;
}

static int ieq(const char *w, size_t n, const char *p)
{
    size_t k = strlen(p);
    if (k != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] + 32) : w[i];
        if (c != p[i])
            return 0;
    }
    return 1;
}

/* A word that negates the word before it (않는다, 없음, 불가능, 아니다). */
static int ko_marker(const char *w, size_t n)
{
    return starts(w, n, "않") || starts(w, n, "못하") || starts(w, n, "못한") ||
           starts(w, n, "없") || starts(w, n, "불가") || starts(w, n, "아니") ||
           starts(w, n, "아닌") || starts(w, n, "아님") || starts(w, n, "아냐");
}

/* A word that carries its own negation (전달되지않고, 한계없음, 확장불가). */
static int ko_glued(const char *w, size_t n)
{
    if (n <= 3)
        return 0;
    return contains(w + 3, n - 3, "않") || contains(w + 3, n - 3, "없") ||
           contains(w + 3, n - 3, "불가") || contains(w, n, "지못");
}

/* A light verb between a concept and its negation: 분해 하지 않는다. */
static int ko_light(const char *w, size_t n)
{
    return ieq(w, n, "하지") || ieq(w, n, "되지") || ieq(w, n, "하지는") || ieq(w, n, "시키지") ||
           ieq(w, n, "하지도") || ieq(w, n, "지");
}

int pol_glued(const char *w, size_t n)
{
    return ko_glued(w, n);
}

int pol_negates(const char *w, size_t n)
{
    return ko_marker(w, n) || ieq(w, n, "안") || ieq(w, n, "못") || ieq(w, n, "not") ||
           ieq(w, n, "no") || ieq(w, n, "never") || ieq(w, n, "without");
}

static int en_marker(const char *w, size_t n)
{
    static const char *const m[] = {"not", "no", "never", "without", "cannot", "none", "nor"};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (ieq(w, n, m[i]))
            return 1;
    return n > 3 && (ieq(w + n - 3, 3, "n't"));
}

static int en_filler(const char *w, size_t n)
{
    static const char *const m[] = {
        "be", "a", "an", "the", "any", "been", "to", "have", "do", "of", "them", "they", "it", "us",
        "can", "could", "will", "would", "shall", "should", "may", "might", "must", "is", "are",
        "was", "were", "ever", "even", "really", "yet", "always", "necessarily",
        /* light verbs: what is denied is what follows them */
        "use", "uses", "used", "using", "make", "makes", "made", "get", "gets", "got", "take",
        "takes", "took", "give", "gives", "gave", "let", "lets"};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (ieq(w, n, m[i]))
            return 1;
    return 0;
}

void pol_negation(const char *s, const tok *toks, size_t n, const uint8_t *clause, uint8_t *neg)
{
    memset(neg, 0, n);
    for (size_t i = 0; i < n; i++) {
        const char *w = s + toks[i].off;
        size_t wl = toks[i].len;
        if (toks[i].kind == TK_HANGUL || toks[i].kind == TK_MIXED) {
            if (ko_glued(w, wl) && !ko_marker(w, wl)) {
                neg[i] = 1;
                continue;
            }
            if ((ieq(w, wl, "안") || ieq(w, wl, "못")) && i + 1 < n && clause[i + 1] == clause[i]) {
                neg[i + 1] = 1;
                continue;
            }
            if (!ko_marker(w, wl) || i == 0 || clause[i - 1] != clause[i])
                continue;
            size_t j = i - 1;
            if (ko_light(s + toks[j].off, toks[j].len) && j > 0 && clause[j - 1] == clause[i])
                j--;
            neg[j] = 1;
        } else if (en_marker(w, wl)) {
            size_t j = i + 1;
            while (j < n && clause[j] == clause[i] && en_filler(s + toks[j].off, toks[j].len))
                j++;
            if (j < n && clause[j] == clause[i])
                neg[j] = 1;
        }
    }
}

/* clang-format off */
typedef struct opp_pair {
    const char *w[2];
    size_t len[2];
} opp_pair;
#define P(a, b) {{a, b}, {sizeof a - 1, sizeof b - 1}}
static const opp_pair pairs[] = {
    P("초과", "미만"), P("이상", "이하"), P("증가", "감소"), P("추가", "제거"), P("허용", "차단"),
    P("허용", "거부"), P("수락", "거부"), P("수평", "수직"), P("성공", "실패"), P("통과", "차단"),
    P("분리", "같이"), P("분리", "함께"), P("단순", "복잡"), P("가파름", "완만"), P("물리적", "논리적"), P("강한", "약한"),
    P("높은", "낮은"), P("최소", "최대"), P("분리", "통합"), P("분산", "집중"), P("느슨한", "강한"),
    P("빠른", "느린"), P("시작", "종료"), P("상위", "하위"), P("입력", "출력"), P("먼저", "나중"),
    P("이전", "이후"), P("읽기", "쓰기"), P("조회", "변경"), P("포함", "제외"), P("암호화", "복호화"),
    P("명시적", "암묵적"), P("내부", "외부"), P("수동", "자동"), P("직접", "간접"), P("늘리", "줄이"),
    P("확장", "축소"), P("상승", "하락"), P("동시", "순차"), P("병렬", "직렬"), P("정적", "동적"),
    P("낙관적", "비관적"), P("단일", "다중"), P("점진적", "일괄"), P("동일", "상이"),
    P("정상", "장애"), P("열림", "닫힘"), P("오픈", "클로즈드"), P("푸시", "풀"),
    P("open", "closed"), P("lifo", "fifo"), P("push", "pull"), P("read", "write"),
    P("synchronous", "asynchronous"), P("sync", "async"), P("stateless", "stateful"),
    P("horizontal", "vertical"), P("increase", "decrease"), P("add", "remove"),
    P("allow", "deny"), P("allow", "block"), P("accept", "reject"), P("before", "after"),
    P("first", "last"), P("inbound", "outbound"), P("upstream", "downstream"), P("min", "max"),
    P("minimum", "maximum"), P("encrypt", "decrypt"), P("public", "private"), P("strong", "weak"),
    P("high", "low"), P("success", "failure"), P("pass", "fail"), P("physical", "logical"),
    P("explicit", "implicit"), P("internal", "external"), P("static", "dynamic"),
    P("optimistic", "pessimistic"), P("write-through", "write-behind"),
    P("scale-up", "scale-out"), P("leader", "follower"), P("true", "false"),
    P("enable", "disable"), P("start", "stop"), P("upper", "lower"),
    P("top", "bottom"), P("front", "back"), P("front", "rear"), P("first-in", "last-in"),
    P("first-out", "last-out"), P("easy", "hard"), P("easier", "harder"), P("fast", "slow"),
    P("faster", "slower"), P("allows", "restricts"), P("allow", "restrict"),
};
/* clang-format on */

static const char *const ko_prefixes[] = {"비", "무", "불", "미"};
static const char *const en_prefixes[] = {"non-", "non", "un", "in", "dis", "a"};

static size_t syllables(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += u8_decode(s + i, n - i, &cp);
        c += hg_is_syllable(cp) != 0;
    }
    return c;
}

size_t pol_opposites(const char *key, size_t n, const char **out, size_t *out_len, size_t cap,
                     char *buf, size_t bufcap)
{
    size_t k = 0, used = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0] && k < cap; i++)
        for (int side = 0; side < 2 && k < cap; side++)
            if (pairs[i].len[side] == n && memcmp(pairs[i].w[side], key, n) == 0) {
                out[k] = pairs[i].w[1 - side];
                out_len[k++] = pairs[i].len[1 - side];
            }
    int hangul = syllables(key, n) > 0;
    if (hangul) {
        /* 비저장 -> 저장; 저장 -> 비저장 (the remainder of two syllables or more) */
        for (size_t p = 0; p < sizeof ko_prefixes / sizeof ko_prefixes[0] && k < cap; p++) {
            if (starts(key, n, ko_prefixes[p]) && syllables(key + 3, n - 3) >= 2) {
                out[k] = key + 3;
                out_len[k++] = n - 3;
            }
        }
        if (syllables(key, n) >= 2 && k < cap && used + n + 3 <= bufcap) {
            memcpy(buf + used, "비", 3);
            memcpy(buf + used + 3, key, n);
            out[k] = buf + used;
            out_len[k++] = n + 3;
            used += n + 3;
        }
    } else if (n >= 4) {
        for (size_t p = 0; p < sizeof en_prefixes / sizeof en_prefixes[0] && k < cap; p++) {
            size_t pl = strlen(en_prefixes[p]);
            if (starts(key, n, en_prefixes[p]) && n - pl >= 5) {
                out[k] = key + pl;
                out_len[k++] = n - pl;
            }
        }
    }
    return k;
}

static int prefix_of(const char *a, size_t na, const char *b, size_t nb)
{
    /* a = prefix + b */
    if (na <= nb)
        return 0;
    size_t pl = na - nb;
    if (memcmp(a + pl, b, nb) != 0)
        return 0;
    int hangul = syllables(b, nb) > 0;
    if (hangul) {
        if (syllables(b, nb) < 2)
            return 0;
        for (size_t p = 0; p < sizeof ko_prefixes / sizeof ko_prefixes[0]; p++)
            if (pl == 3 && memcmp(a, ko_prefixes[p], 3) == 0)
                return 1;
        return 0;
    }
    if (nb < 5)
        return 0;
    for (size_t p = 0; p < sizeof en_prefixes / sizeof en_prefixes[0]; p++)
        if (strlen(en_prefixes[p]) == pl && memcmp(a, en_prefixes[p], pl) == 0)
            return 1;
    return 0;
}

int pol_are_opposite(const char *a, size_t na, const char *b, size_t nb)
{
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        size_t l0 = pairs[i].len[0], l1 = pairs[i].len[1];
        if ((l0 == na && l1 == nb && memcmp(a, pairs[i].w[0], na) == 0 &&
             memcmp(b, pairs[i].w[1], nb) == 0) ||
            (l1 == na && l0 == nb && memcmp(a, pairs[i].w[1], na) == 0 &&
             memcmp(b, pairs[i].w[0], nb) == 0))
            return 1;
    }
    return prefix_of(a, na, b, nb) || prefix_of(b, nb, a, na);
}

int pol_prefixed(const char *s, size_t at)
{
    if (at < 3)
        return 0;
    for (size_t p = 0; p < sizeof ko_prefixes / sizeof ko_prefixes[0]; p++)
        if (memcmp(s + at - 3, ko_prefixes[p], 3) == 0)
            return 1;
    return 0;
}
