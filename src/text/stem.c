/*
 * text/stem — classifying stems by what they ask and answers by their form.
 *
 * Korean puts the word that says what is asked at the end ("… 장점을 얻는
 * 방법은?" asks for a method), English at the start ("Why … when …?"): the
 * cue that comes last (Korean) or first (mostly Latin text) decides, ties by
 * the order of the table. Answers are judged by their first sentence.
 */
#include "text/stem.h"

#include "core/u8.h"

#include <string.h>

#define Q_MAX 1024 /* bytes of a question or sentence looked at */

typedef struct cue {
    const char *s;
    stem_type t;
    int flags;
} cue;

enum {
    C_WORD = 1, /* English: matched on word boundaries in the lowercased text */
    C_END = 2,  /* only at the end of the question (before ? and spaces) */
    C_WEAK = 4, /* only when no other cue is found ("what is the difference") */
};

/* In priority order for cues at the same place. */
static const cue cues[] = {
    {"장단점", STEM_PROSCONS, 0},
    {"장점", STEM_PROSCONS, 0},
    {"단점", STEM_PROSCONS, 0},
    {"이점", STEM_PROSCONS, 0},
    {"문제점", STEM_PROSCONS, 0},
    {"한계", STEM_PROSCONS, 0},
    {"주의점", STEM_PROSCONS, 0},
    {"주의사항", STEM_PROSCONS, 0},
    {"주의할 점", STEM_PROSCONS, 0},
    {"약점", STEM_PROSCONS, 0},
    {"강점", STEM_PROSCONS, 0},
    {"advantages", STEM_PROSCONS, C_WORD},
    {"advantage", STEM_PROSCONS, C_WORD},
    {"disadvantages", STEM_PROSCONS, C_WORD},
    {"benefits", STEM_PROSCONS, C_WORD},
    {"drawbacks", STEM_PROSCONS, C_WORD},
    {"downsides", STEM_PROSCONS, C_WORD},
    {"pros", STEM_PROSCONS, C_WORD},
    {"cons", STEM_PROSCONS, C_WORD},
    {"limitations", STEM_PROSCONS, C_WORD},
    {"차이", STEM_COMPARISON, 0},
    {"비교", STEM_COMPARISON, 0},
    {"다른 점", STEM_COMPARISON, 0},
    {"다른점", STEM_COMPARISON, 0},
    {"구별", STEM_COMPARISON, 0},
    {"vs", STEM_COMPARISON, C_WORD},
    {"versus", STEM_COMPARISON, C_WORD},
    {"difference", STEM_COMPARISON, C_WORD},
    {"differences", STEM_COMPARISON, C_WORD},
    {"differ", STEM_COMPARISON, C_WORD},
    {"compare", STEM_COMPARISON, C_WORD},
    {"compared", STEM_COMPARISON, C_WORD},
    {"이유", STEM_REASON, 0},
    {"원인", STEM_REASON, 0},
    {"까닭", STEM_REASON, 0},
    {"왜 ", STEM_REASON, 0},
    {"why", STEM_REASON, C_WORD},
    {"reason", STEM_REASON, C_WORD},
    {"reasons", STEM_REASON, C_WORD},
    {"몇", STEM_NUMERIC, 0},
    {"얼마", STEM_NUMERIC, 0},
    {"how many", STEM_NUMERIC, C_WORD},
    {"how much", STEM_NUMERIC, C_WORD},
    {"how long", STEM_NUMERIC, C_WORD},
    {"how often", STEM_NUMERIC, C_WORD},
    {"방법", STEM_METHOD, 0},
    {"어떻게 되", STEM_OTHER, 0},
    {"어떻게", STEM_METHOD, 0},
    {"방식", STEM_METHOD, 0},
    {"전략", STEM_METHOD, 0},
    {"방안", STEM_METHOD, 0},
    {"해결책", STEM_METHOD, 0},
    {"하려면", STEM_METHOD, 0},
    {"려면", STEM_METHOD, C_END},
    {"절차", STEM_METHOD, 0},
    {"단계", STEM_METHOD, 0},
    {"대응", STEM_METHOD, 0},
    {"how", STEM_METHOD, C_WORD},
    {"steps", STEM_METHOD, C_WORD},
    {"strategy", STEM_METHOD, C_WORD},
    {"strategies", STEM_METHOD, C_WORD},
    {"경우", STEM_CONDITION, 0},
    {"언제", STEM_CONDITION, 0},
    {"시점", STEM_CONDITION, 0},
    {"조건", STEM_CONDITION, 0},
    {"때는", STEM_CONDITION, 0},
    {"when", STEM_CONDITION, C_WORD},
    {"종류", STEM_ENUMERATION, 0},
    {"유형", STEM_ENUMERATION, 0},
    {"예시", STEM_ENUMERATION, 0},
    {"예는", STEM_ENUMERATION, 0},
    {"사례", STEM_ENUMERATION, 0},
    {"어떤 것들", STEM_ENUMERATION, 0},
    {"무엇이 있", STEM_ENUMERATION, 0},
    {"대표적", STEM_ENUMERATION, 0},
    {"어디에", STEM_ENUMERATION, 0},
    {"어디서", STEM_ENUMERATION, 0},
    {"두 가지", STEM_ENUMERATION, 0},
    {"세 가지", STEM_ENUMERATION, 0},
    {"네 가지", STEM_ENUMERATION, 0},
    {"다섯 가지", STEM_ENUMERATION, 0},
    /* what something consists of or offers: a list ("주요 기능은?", "구성 요소는?",
     * "선택 기준은?", "Circuit Breaker의 상태는?") */
    {"기능은", STEM_ENUMERATION, 0},
    {"기능들은", STEM_ENUMERATION, 0},
    {"요소", STEM_ENUMERATION, 0},
    {"구성은", STEM_ENUMERATION, 0},
    {"상태는", STEM_ENUMERATION, 0},
    {"기준", STEM_ENUMERATION, 0},
    {"types", STEM_ENUMERATION, C_WORD},
    {"kinds", STEM_ENUMERATION, C_WORD},
    {"examples", STEM_ENUMERATION, C_WORD},
    {"example", STEM_ENUMERATION, C_WORD},
    {"list", STEM_ENUMERATION, C_WORD},
    {"criteria", STEM_ENUMERATION, C_WORD},
    {"components", STEM_ENUMERATION, C_WORD},
    {"란", STEM_DEFINITION, C_END},
    {"무엇인가", STEM_DEFINITION, 0},
    {"무엇인지", STEM_DEFINITION, 0},
    {"무엇입니까", STEM_DEFINITION, 0},
    {"뭔가", STEM_DEFINITION, 0},
    {"의미", STEM_DEFINITION, 0},
    {"정의", STEM_DEFINITION, 0},
    {"what is", STEM_DEFINITION, C_WORD | C_WEAK},
    {"what are", STEM_DEFINITION, C_WORD | C_WEAK},
    {"what does", STEM_DEFINITION, C_WORD | C_WEAK},
    {"define", STEM_DEFINITION, C_WORD},
    {"meaning", STEM_DEFINITION, C_WORD},
};

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Last (or first) byte offset of needle in hay[0..n) that satisfies flags;
 * -1 if none. */
static long find_cue(const char *hay, size_t n, size_t end, const cue *c, int first)
{
    size_t k = strlen(c->s);
    long found = -1;
    for (size_t i = 0; i + k <= n; i++) {
        if (memcmp(hay + i, c->s, k) != 0)
            continue;
        if ((c->flags & C_WORD) &&
            ((i > 0 && is_alnum(hay[i - 1])) || (i + k < n && is_alnum(hay[i + k]))))
            continue;
        if ((c->flags & C_END) && i + k != end)
            continue;
        found = (long)i;
        if (first)
            break;
    }
    return found;
}

/* A bounded lowercased copy of s; *n its length. */
static void lower_copy(const char *s, char *out, size_t *n)
{
    size_t k = 0;
    for (; s[k] && k + 1 < Q_MAX; k++)
        out[k] = (s[k] >= 'A' && s[k] <= 'Z') ? (char)(s[k] - 'A' + 'a') : s[k];
    /* do not end inside a UTF-8 sequence */
    while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80 && s[k])
        k--;
    out[k] = '\0';
    *n = k;
}

static int mostly_latin(const char *s, size_t n)
{
    size_t latin = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            latin++;
        else if (c >= 0xE0)
            other += 2; /* a Hangul syllable weighs about two letters */
    }
    return latin > other;
}

stem_type stem_classify(const char *question)
{
    char q[Q_MAX];
    size_t n;
    if (!question)
        return STEM_OTHER;
    lower_copy(question, q, &n);
    size_t end = n;
    while (end > 0 &&
           (q[end - 1] == '?' || q[end - 1] == ' ' || q[end - 1] == '.' || q[end - 1] == '\n'))
        end--;
    int first = mostly_latin(q, n);
    long best = -1;
    stem_type t = STEM_OTHER;
    for (int weak = 0; weak < 2 && best < 0; weak++)
        for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++) {
            if (!(cues[i].flags & C_WEAK) != !weak)
                continue;
            long at = find_cue(q, n, end, &cues[i], first);
            if (at < 0)
                continue;
            if (best < 0 || (first ? at < best : at > best)) {
                best = at;
                t = cues[i].t;
            }
        }
    /* "N가지는?" asks for N things */
    for (size_t i = 1; i + 6 <= n; i++)
        if (q[i - 1] >= '0' && q[i - 1] <= '9' && memcmp(q + i, "가지", 6) == 0 &&
            (best < 0 || (long)i >= best)) {
            t = STEM_ENUMERATION;
            best = (long)i;
        }
    return t;
}

/* ---- answers ----------------------------------------------------------- */

/* The first sentence of s: up to ". ", "다." or a line break. */
static size_t sentence_end(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            return i;
        if (s[i] == '.' && (i + 1 == n || s[i + 1] == ' ') &&
            !(i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && i + 1 < n && s[i + 1] != ' '))
            return i;
    }
    return n;
}

static int starts_with(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}

static int ends_with(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s + n - k, p, k) == 0;
}

static size_t count_of(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p), c = 0;
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, p, k) == 0)
            c++, i += k - 1;
    return c;
}

static int has(const char *s, size_t n, const char *p)
{
    return count_of(s, n, p) > 0;
}

/* Whether a word ending in 는/은 is a topic ("Kafka는", "이벤트는"), not a
 * verb's modifier (하는, 되는, 있는, 없는, 않는 …). */
static int topic_word(const char *w, size_t n)
{
    if (!(ends_with(w, n, "는") || ends_with(w, n, "은")) || n < 4)
        return 0;
    static const char *const verbal[] = {"하는", "되는", "있는", "없는", "않는", "주는", "보는",
                                         "받는", "오는", "가는", "나는", "지는", "리는", "시는",
                                         "이는", "많은", "작은", "높은", "낮은", "같은", "좋은",
                                         "넓은", "적은", "짧은", "깊은", "얕은", "늦은", "빠른"};
    for (size_t i = 0; i < sizeof verbal / sizeof verbal[0]; i++)
        if (ends_with(w, n, verbal[i]))
            return 0;
    return n >= 6 || is_alnum(w[0]); /* two syllables, or a Latin word with a particle */
}

/* Clauses of s[0..n) (split at ", ", "; ", " / " outside parentheses): how
 * many start with a topic ("A는 …") or a short label ("A: …"). */
static void clause_heads(const char *s, size_t n, size_t *topics, size_t *labels, size_t *clauses)
{
    *topics = *labels = *clauses = 0;
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ',';
        if (c == '(')
            depth++;
        if (c == ')' && depth > 0)
            depth--;
        int cut = i == n || (depth == 0 && (c == ',' || c == ';') && i + 1 < n && s[i + 1] == ' ');
        if (!cut)
            continue;
        const char *cl = s + start;
        size_t len = i - start;
        while (len > 0 && *cl == ' ')
            cl++, len--;
        if (len > 0) {
            (*clauses)++;
            /* a label: up to 24 bytes, no space-separated verb, then ':' */
            for (size_t k = 0; k < len && k < 28; k++)
                if (cl[k] == ':' && k > 0) {
                    (*labels)++;
                    break;
                }
            /* a topic among the first three words */
            size_t w0 = 0;
            for (int word = 0; word < 3 && w0 < len; word++) {
                size_t w1 = w0;
                while (w1 < len && cl[w1] != ' ')
                    w1++;
                if (topic_word(cl + w0, w1 - w0)) {
                    (*topics)++;
                    break;
                }
                w0 = w1 + 1;
            }
        }
        start = i + 1;
    }
}

/* Top-level items of an enumeration and their mean width. */
static size_t list_items(const char *s, size_t n, size_t *mean_w)
{
    size_t items = 0, total = 0, start = 0;
    int depth = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ',';
        if (c == '(')
            depth++;
        if (c == ')' && depth > 0)
            depth--;
        if (i == n || (depth == 0 && c == ',')) {
            total += u8_width(s + start, i - start);
            items++;
            start = i + 1;
        }
    }
    *mean_w = items ? total / items : 0;
    return items;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A number with a unit or counter at s[i] (digits, then optional space). */
static int number_unit_at(const char *s, size_t n, size_t i)
{
    if (i >= n || !is_digit(s[i]) || (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '-')))
        return 0;
    while (i < n && (is_digit(s[i]) || s[i] == '.' || s[i] == ',' || s[i] == '~' || s[i] == '-'))
        i++;
    if (i < n && s[i] == ' ')
        i++;
    static const char *const units[] = {
        "개", "가지", "초",  "분",    "시간",    "일",      "배",    "명",     "대",
        "회", "번",   "년",  "개월",  "주",      "건",      "줄",    "바이트", "%",
        "ms", "s",    "kb",  "mb",    "gb",      "tb",      "KB",    "MB",     "GB",
        "TB", "rps",  "qps", "tps",   "req",     "RPS",     "QPS",   "TPS",    "k",
        "K",  "M",    "x",   "times", "seconds", "minutes", "hours", "days",   "percent"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t k = strlen(units[u]);
        if (i + k <= n && memcmp(s + i, units[u], k) == 0 &&
            !(is_alnum(units[u][0]) && i + k < n && is_alnum(s[i + k])))
            return 1;
    }
    return 0;
}

/* Whether the first sentence ends "[modifier] [noun]": "… 분리된 구조",
 * "… 통합하는 패턴", or says what something is ("… 을 말한다", "X is a …"). */
static int definition_like(const char *s, size_t n)
{
    static const char *const says[] = {"말한다", "말함",    "의미한다",  "의미함",
                                       "뜻한다", "뜻함",    "refers to", "is a ",
                                       "is an ", "is the ", "are the ",  "means "};
    for (size_t i = 0; i < sizeof says / sizeof says[0]; i++)
        if (has(s, n, says[i]))
            return 1;
    /* the last two words */
    size_t e = n;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '.'))
        e--;
    size_t b = e;
    while (b > 0 && s[b - 1] != ' ')
        b--;
    if (b == 0 || b == e)
        return 0;
    size_t pe = b - 1, pb = pe;
    while (pb > 0 && s[pb - 1] != ' ')
        pb--;
    const char *last = s + b, *prev = s + pb;
    size_t ll = e - b, pl = pe - pb;
    if ((unsigned char)last[0] < 0xE0)
        return 0; /* a Latin last word: a name, not a definition's head */
    /* a verbal or adjectival ending is a clause, not a noun */
    static const char *const verbal[] = {"다",   "함",   "음",   "됨",    "임",   "요",
                                         "능",   "함.",  "용이", "필요",  "가능", "중요",
                                         "단순", "증가", "감소", "어려움"};
    for (size_t i = 0; i < sizeof verbal / sizeof verbal[0]; i++)
        if (ends_with(last, ll, verbal[i]))
            return 0;
    static const char *const mods[] = {"는", "은", "한", "된", "인", "할",
                                       "될", "던", "운", "른", "의", "적"};
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
        if (ends_with(prev, pl, mods[i]) && pl >= 6)
            return 1;
    return 0;
}

answer_form answer_classify(const char *answer)
{
    if (!answer)
        return FORM_OTHER;
    size_t all = strlen(answer);
    size_t n = sentence_end(answer, all);
    const char *s = answer;
    /* steps: numbered, or a chain of arrows, or "먼저 … 다음" */
    if (starts_with(s, all, "1.") || starts_with(s, all, "1)") || starts_with(s, all, "①") ||
        (has(answer, all, "1)") && has(answer, all, "2)")) ||
        (has(answer, all, "\n1.") && has(answer, all, "\n2.")))
        return FORM_PROCEDURE;
    if (count_of(s, n, "→") + count_of(s, n, "->") >= 2)
        return FORM_PROCEDURE;
    if ((has(s, n, "먼저") && (has(s, n, "다음") || has(s, n, " 후 "))) ||
        (starts_with(s, n, "First") && has(s, n, "then")))
        return FORM_PROCEDURE;
    /* a comparison: two clauses with a topic or a label, or a contrast word;
     * the second half may be the second sentence ("A는 …. B는 ….") */
    size_t topics, labels, clauses;
    clause_heads(s, n, &topics, &labels, &clauses);
    if (labels >= 2 || topics >= 2)
        return FORM_COMPARISON;
    if ((topics == 1 || labels == 1) && n < all) {
        size_t b = n + 1;
        while (b < all && (answer[b] == ' ' || answer[b] == '\n'))
            b++;
        size_t t2, l2, c2;
        size_t n2 = sentence_end(answer + b, all - b);
        clause_heads(answer + b, n2 < 28 ? n2 : 28, &t2, &l2, &c2);
        /* the second sentence opens with its own topic or label */
        if ((topics == 1 && t2 >= 1) || (labels == 1 && l2 >= 1))
            return FORM_COMPARISON;
    }
    size_t mean_w;
    size_t items = list_items(s, n, &mean_w);
    if (has(s, n, "반면") || has(s, n, "whereas") || has(s, n, "unlike") ||
        (has(s, n, " vs") && items < 3))
        return FORM_COMPARISON;
    /* a number or quantity at the start, or a short sentence with one */
    size_t at = 0;
    static const char *const about[] = {"약 ",    "대략 ",   "보통 ", "최대 ", "최소 ",
                                        "about ", "around ", "~",     "up to "};
    for (size_t i = 0; i < sizeof about / sizeof about[0]; i++)
        if (starts_with(s, n, about[i]))
            at = strlen(about[i]);
    if (number_unit_at(s, n, at)) {
        /* "3가지: a, b, c" is a list */
        if (!(has(s, n, ":") && clauses >= 2))
            return FORM_NUMBER;
    }
    if (u8_width(s, n) <= 30)
        for (size_t i = 0; i < n; i++)
            if (number_unit_at(s, n, i))
                return FORM_NUMBER;
    if (definition_like(s, n))
        return FORM_DEFINITION;
    /* a list of similar short items */
    if (items >= 3 || (items == 2 && mean_w <= 16) || (labels == 1 && items >= 2))
        if (mean_w <= 28)
            return FORM_ENUM;
    return FORM_OTHER;
}

/* ---- names and fit ------------------------------------------------------ */

static const char *const type_names[STEM__COUNT] = {
    "other",     "definition", "comparison",  "method",  "reason",
    "condition", "proscons",   "enumeration", "numeric",
};
static const char *const form_names[FORM__COUNT] = {
    "other", "definition", "comparison", "list", "number", "procedure",
};

const char *stem_type_name(stem_type t)
{
    return (int)t >= 0 && t < STEM__COUNT ? type_names[t] : "other";
}

const char *answer_form_name(answer_form f)
{
    return (int)f >= 0 && f < FORM__COUNT ? form_names[f] : "other";
}

int stem_type_parse(const char *s)
{
    for (int i = 0; s && i < STEM__COUNT; i++)
        if (strcmp(s, type_names[i]) == 0)
            return i;
    return -1;
}

int answer_form_parse(const char *s)
{
    for (int i = 0; s && i < FORM__COUNT; i++)
        if (strcmp(s, form_names[i]) == 0)
            return i;
    return -1;
}

int stem_form_fits(stem_type t, answer_form f)
{
    switch (t) {
    case STEM_DEFINITION: return f == FORM_DEFINITION || f == FORM_OTHER || f == FORM_ENUM;
    case STEM_COMPARISON: return f == FORM_COMPARISON;
    case STEM_METHOD: return f != FORM_COMPARISON && f != FORM_NUMBER;
    case STEM_REASON: return f == FORM_OTHER || f == FORM_ENUM || f == FORM_DEFINITION;
    case STEM_CONDITION: return f == FORM_OTHER || f == FORM_ENUM;
    case STEM_PROSCONS: return f == FORM_ENUM || f == FORM_OTHER || f == FORM_COMPARISON;
    case STEM_ENUMERATION: return f == FORM_ENUM || f == FORM_OTHER;
    case STEM_NUMERIC: return f == FORM_NUMBER;
    default: return 1;
    }
}

int answer_is_occurrence(const char *answer)
{
    if (!answer)
        return 0;
    size_t n = sentence_end(answer, strlen(answer));
    while (n > 0 && (answer[n - 1] == ' ' || answer[n - 1] == '.'))
        n--;
    static const char *const ends[] = {"발생",   "발생함", "발생한다", "생김",
                                       "생긴다", "occurs", "happens",  "arises"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        if (ends_with(answer, n, ends[i]))
            return 1;
    return 0;
}

int stem_is_cue_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "장단점",     "장점",          "단점",   "이점",    "문제점", "한계",   "차이",
        "비교",       "이유",          "원인",   "방법",    "방식",   "절차",   "단계",
        "경우",       "시점",          "조건",   "종류",    "유형",   "예시",   "사례",
        "의미",       "정의",          "특징",   "역할",    "기준",   "원칙",   "주의점",
        "전략",       "개념",          "기능",   "관계",    "대응",   "어떻게", "무엇",
        "언제",       "얼마",          "얼마나", "필요",    "사용",   "선택",   "how",
        "why",        "what",          "when",   "which",   "reason", "vs",     "difference",
        "advantages", "disadvantages", "types",  "examples"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
            return 1;
    return 0;
}

static int ascii_lower_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A hyphenated capitalised name at s[i] (Cache-Control, X-RateLimit-Reset)
 * followed by a gloss in brackets or a colon: its length, else 0. */
static size_t field_name(const char *s, size_t n, size_t i)
{
    size_t j = i, parts = 0;
    while (j < n && s[j] >= 'A' && s[j] <= 'Z') {
        j++;
        while (j < n && (ascii_letter((unsigned char)s[j]) || (s[j] >= '0' && s[j] <= '9')))
            j++;
        parts++;
        if (j + 1 < n && s[j] == '-' && s[j + 1] >= 'A' && s[j + 1] <= 'Z')
            j++;
        else
            break;
    }
    if (parts < 2)
        return 0;
    size_t g = j < n && s[j] == ' ' ? j + 1 : j;
    return g < n && (s[g] == '(' || s[g] == ':') ? j - i : 0;
}

unsigned answer_shape(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s), fields = 0;
    unsigned sh = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i], prev = i ? (unsigned char)s[i - 1] : ' ';
        /* a path opens after a space, a bracket or a quote (not "I/O",
         * "메시지/초", "무효화/갱신": a slash between words) */
        if (c == '/' && i + 1 < n &&
            (ascii_lower_alnum((unsigned char)s[i + 1]) || s[i + 1] == '{' ||
             (s[i + 1] == '/' && prev == ':')) &&
            (prev == ' ' || prev == '(' || prev == '"' || prev == '\'' || prev == '`' ||
             prev == ':' || i == 0))
            sh |= SHAPE_PATH;
        if (c == 0xC3 && i + 1 < n && (s[i + 1] == '\x97' || s[i + 1] == '\xB7'))
            sh |= SHAPE_FORMULA; /* × ÷ */
        if (c == 0xE2 && n - i >= 3 &&
            (memcmp(s + i, "\xE2\x89\x88", 3) == 0 || memcmp(s + i, "\xE2\x88\x9D", 3) == 0))
            sh |= SHAPE_FORMULA; /* ≈ ∝ */
        if (c == '=' && prev == ' ' && i + 1 < n && s[i + 1] == ' ')
            sh |= SHAPE_FORMULA;
        if ((c == 0xE2 && n - i >= 3 &&
             (memcmp(s + i, "\xE2\x86\x92", 3) == 0 || memcmp(s + i, "\xE2\x87\x92", 3) == 0)) ||
            (c == '-' && i + 1 < n && s[i + 1] == '>' && prev == ' '))
            sh |= SHAPE_CHAIN; /* → ⇒ -> */
        if (c >= 'A' && c <= 'Z' && !ascii_letter(prev) && prev != '-') {
            size_t f = field_name(s, n, i);
            if (f) {
                fields++;
                i += f - 1;
            }
        }
    }
    if (fields >= 2)
        sh |= SHAPE_FIELDS;
    return sh;
}

int stem_names_two(const char *q)
{
    if (!q)
        return 0;
    char low[512];
    size_t n = strlen(q);
    if (n >= sizeof low)
        n = sizeof low - 1;
    for (size_t i = 0; i < n; i++)
        low[i] = q[i] >= 'A' && q[i] <= 'Z' ? (char)(q[i] - 'A' + 'a') : q[i];
    low[n] = '\0';
    static const char *const together[] = {
        "하이브리드", "조합",     "결합",         "병행",  "함께", "관계", "hybrid",
        "combin",     "together", "relationship", " and ", " & ",  " + "};
    for (size_t k = 0; k < sizeof together / sizeof together[0]; k++)
        if (strstr(low, together[k]))
            return 1;
    /* "X와 Y", "X과 Y": a word ending in the particle, then another word (not
     * 결과, 효과 …: nouns that end in 과) */
    static const char *const nouns[] = {"결과", "효과", "성과", "통과", "초과", "부과", "교과"};
    for (size_t i = 3; i + 4 <= n; i++) {
        int wa = memcmp(low + i, "\xEC\x99\x80", 3) == 0,
            gwa = memcmp(low + i, "\xEA\xB3\xBC", 3) == 0;
        if (!(wa || gwa) || low[i + 3] != ' ' || low[i + 4] == ' ' || low[i + 4] == '\0')
            continue;
        int noun = 0;
        for (size_t k = 0; k < sizeof nouns / sizeof nouns[0] && !noun; k++)
            noun = i >= 3 && memcmp(low + i - 3, nouns[k], 6) == 0 &&
                   (i < 4 || low[i - 4] == ' ' || (unsigned char)low[i - 4] < 0x80);
        if (!noun)
            return 1;
    }
    return 0;
}

unsigned answer_shape_for(const char *question, const char *option)
{
    unsigned sh = answer_shape(option);
    if (question && option && stem_classify(question) != STEM_COMPARISON &&
        answer_two_sided(option) && stem_names_two(question))
        sh |= SHAPE_SPLIT;
    return sh;
}

int stem_asks_law(const char *q)
{
    if (!q)
        return 0;
    size_t n = strlen(q);
    static const char *const kinds[] = {"법칙", "정리"};
    static const char *const after[] = {"이란",    "란",      "은?",     "는?",     "?",
                                        "의 정의", "의 의미", "이 무엇", "은 무엇", "는 무엇"};
    for (size_t k = 0; k < 2; k++)
        for (const char *p = strstr(q, kinds[k]); p; p = strstr(p + 1, kinds[k])) {
            const char *r = p + strlen(kinds[k]);
            for (size_t a = 0; a < sizeof after / sizeof after[0]; a++)
                if (strncmp(r, after[a], strlen(after[a])) == 0)
                    return 1;
        }
    /* English: the word law or theorem */
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && ascii_letter((unsigned char)q[i - 1]))
            continue;
        static const char *const en[] = {"law", "theorem"};
        for (size_t k = 0; k < 2; k++) {
            size_t l = strlen(en[k]), j = 0;
            while (j < l && i + j < n && (q[i + j] | 0x20) == en[k][j])
                j++;
            if (j == l && (i + l == n || !ascii_letter((unsigned char)q[i + l]) ||
                           ((q[i + l] | 0x20) == 's' &&
                            (i + l + 1 == n || !ascii_letter((unsigned char)q[i + l + 1])))))
                return 1;
        }
    }
    return 0;
}

/* A clause "X는 …" whose topic word (two syllables or more, or a Latin word
 * with its particle) is followed by more words: one side of a split. */
static int clause_has_topic(const char *s, size_t n)
{
    static const char *const modifier[] = {"하는", "되는", "있는", "없는", "않는", "같은",
                                           "많은", "적은", "높은", "낮은", "좋은", "작은"};
    size_t i = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t st = i;
        while (i < n && s[i] != ' ')
            i++;
        size_t wl = i - st;
        if (i >= n || wl < 4)
            continue; /* the clause's last word, or too short */
        const char *w = s + st;
        if (!(ends_with(w, wl, "는") || ends_with(w, wl, "은")))
            continue;
        int mod = 0;
        for (size_t k = 0; k < sizeof modifier / sizeof modifier[0] && !mod; k++)
            mod = ends_with(w, wl, modifier[k]);
        if (!mod && (wl >= 6 || is_alnum(w[0])))
            return 1;
    }
    return 0;
}

int answer_two_sided(const char *s)
{
    if (!s)
        return 0;
    if (answer_classify(s) == FORM_COMPARISON)
        return 1;
    size_t n = strlen(s), start = 0, sides = 0, clauses = 0;
    int depth = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ',';
        depth += c == '(' ? 1 : c == ')' && depth > 0 ? -1 : 0;
        if (i < n && !(depth == 0 && (c == ',' || c == ';') && i + 1 < n && s[i + 1] == ' '))
            continue;
        clauses++;
        sides += clause_has_topic(s + start, i - start) ? 1u : 0u;
        start = i + 1;
    }
    return clauses >= 2 && sides >= 2;
}
