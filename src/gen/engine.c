/* gen/engine — a bank's items, indexed for generation and grading. */
#include "gen/gen.h"

#include "gen/derive.h"

#include "core/buf.h"
#include "core/sort.h"
#include "core/u8.h"
#include "irt/model.h"
#include "text/sim.h"
#include "text/tok.h"
#include "text/translit.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Options longer than this many columns are cut at a clause boundary. */
#define OPTION_MAX_COLS 72

uint64_t gen_text_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void gen_bloom_of(const char *s, size_t n, gen_bloom *b)
{
    memset(b, 0, sizeof *b);
    uint32_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        w = ((w << 8) | c) & 0xFFFFFFu;
        if (i >= 2) {
            unsigned bit = (unsigned)(((uint64_t)w * 0x9E3779B97F4A7C15ull) >> 56);
            b->w[bit >> 6] |= 1ull << (bit & 63);
        }
    }
}

char *gen_fold_ascii(arena *a, const char *s, size_t n)
{
    char *c = arena_strndup(a, s, n);
    for (size_t i = 0; c && i < n; i++)
        if (c[i] >= 'A' && c[i] <= 'Z')
            c[i] = (char)(c[i] - 'A' + 'a');
    return c;
}

size_t text_width(const char *s)
{
    return u8_width(s, strlen(s));
}

/* Byte offset where the first sentence of s ends ("다." / "." + space, or a
 * line break), or strlen(s). */
static size_t first_sentence(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            return i;
        if (s[i] == '.' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\n')) {
            /* not a decimal point or an abbreviation inside a Latin word */
            if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && i + 1 < n && s[i + 1] != ' ')
                continue;
            return i;
        }
    }
    return n;
}

/* Whether the n bytes at s are a hedge that answers nothing ("서비스 특성에
 * 따라 다름", "상황에 따라 다르다", "it depends"): never an option. */
int gen_is_hedge(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
        n--;
    static const char *const ends[] = {"따라 다름",   "따라 다르다",   "따라 다릅니다",
                                       "따라 달라짐", "따라 달라진다", "케이스 바이 케이스"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && memcmp(s + n - k, ends[i], k) == 0)
            return 1;
    }
    /* a short caveat that answers nothing by itself ("완벽한 일관성은
     * 어렵다." before the how): four words or fewer ending in 어렵다 */
    static const char *const caveats[] = {"어렵다", "어려움", "is hard", "is difficult"};
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        words += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
    for (size_t i = 0; words <= 4 && i < sizeof caveats / sizeof caveats[0]; i++) {
        size_t k = strlen(caveats[i]);
        if (n >= k && memcmp(s + n - k, caveats[i], k) == 0)
            return 1;
    }
    /* "depends", "it depends on ...": a short Latin hedge */
    for (size_t i = 0; i + 7 <= n && n <= 48; i++)
        if ((s[i] == 'd' || s[i] == 'D') && memcmp(s + i + 1, "epends", 6) == 0)
            return 1;
    return 0;
}

/* Whether the n bytes at s end in a connective ending (-거나, -고, -며,
 * -지만, and, or): a cut there leaves a dangling clause, not an answer. */
static int ends_connective(const char *s, size_t n)
{
    static const char *const ends[] = {"거나", "고", "며", "지만", " and", " or"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && memcmp(s + n - k, ends[i], k) == 0)
            return 1;
    }
    return 0;
}

/* Whether the n bytes at s are only the spelled-out form of an acronym in the
 * question ("DDD란?" → "Domain-Driven Design"): a few capitalised Latin words
 * (joined by spaces or hyphens, "of", "and" allowed) whose initials start an
 * upper-case word of the question. Anyone can write that; it answers nothing. */
static int spells_acronym(const char *s, size_t n, const char *question)
{
    char init[16];
    size_t ni = 0, words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == '-'))
            i++;
        if (i == n)
            break;
        size_t w = i;
        while (i < n && s[i] != ' ' && s[i] != '-') {
            unsigned char c = (unsigned char)s[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                return 0;
            i++;
        }
        words++;
        if (s[w] >= 'A' && s[w] <= 'Z') {
            if (ni + 1 >= sizeof init)
                return 0;
            init[ni++] = s[w];
        } else if (!((i - w == 2 && memcmp(s + w, "of", 2) == 0) ||
                     (i - w == 3 && memcmp(s + w, "and", 3) == 0))) {
            return 0;
        }
    }
    if (ni < 2 || words > 8)
        return 0;
    init[ni] = '\0';
    /* an upper-case run of the question that starts with these initials
     * (REST for Representational State Transfer, CQRS, DDD) */
    for (const char *q = question; *q; q++) {
        if (!(*q >= 'A' && *q <= 'Z') || (q > question && q[-1] >= 'A' && q[-1] <= 'Z'))
            continue;
        size_t run = 0;
        while (q[run] >= 'A' && q[run] <= 'Z')
            run++;
        if (run >= 2 && run >= ni - 1 && strncmp(q, init, ni < run ? ni : run) == 0)
            return 1;
    }
    return 0;
}

/* Whether the sentence compares ("A는 …, B는 …"): two or more clauses at
 * depth 0 whose first word carries the topic particle 은/는. Cutting one off
 * leaves half a comparison. */
static int topic_clauses(const char *s, size_t n)
{
    int topics = 0, depth = 0;
    size_t clause = 0;
    for (size_t i = 0; i <= n; i++) {
        char ch = i < n ? s[i] : ',';
        depth += ch == '(' ? 1 : ch == ')' && depth > 0 ? -1 : 0;
        if (depth == 0 && (ch == ',' || (ch == '.' && i + 1 < n && s[i + 1] == ' '))) {
            /* the clause's words: is one of its first two words X는 / X은? */
            size_t w = clause;
            for (int word = 0; word < 2 && w < i; word++) {
                while (w < i && s[w] == ' ')
                    w++;
                size_t e = w;
                while (e < i && s[e] != ' ')
                    e++;
                /* a noun of two syllables or more (or Latin) with 은/는, not an
                 * adjective (높은, 있는, 하는) */
                int latin = (unsigned char)s[w] < 0x80;
                if ((latin ? e - w >= 4 : e - w >= 9) &&
                    (memcmp(s + e - 3, "\xEB\x8A\x94", 3) == 0 ||                   /* 는 */
                     memcmp(s + e - 3, "\xEC\x9D\x80", 3) == 0) &&                  /* 은 */
                    !(e - w >= 6 && (memcmp(s + e - 6, "\xEC\x9E\x88", 3) == 0 ||   /* 있 */
                                     memcmp(s + e - 6, "\xEC\x97\x86", 3) == 0 ||   /* 없 */
                                     memcmp(s + e - 6, "\xED\x95\x98", 3) == 0 ||   /* 하 */
                                     memcmp(s + e - 6, "\xEB\x90\x98", 3) == 0))) { /* 되 */
                    topics++;
                    break;
                }
                w = e;
            }
            clause = i + 1;
        }
    }
    return topics;
}

static int is_comparison(const char *s, size_t n)
{
    return topic_clauses(s, n) >= 2;
}

static int asks_comparison(const char *q)
{
    return q && (strstr(q, "차이") || strstr(q, " vs ") || strstr(q, "비교"));
}

/* The bytes of a leading quotation that has more after it ("\"컴퓨터 과학의
 * 두 가지 어려운 문제: …\" 언제, …": a quote, then the answer), else 0. A
 * quote that is the first member of a list ("\"한 팀이 …\", \"단일 …\" 등의
 * 기준") is the answer itself: 0 (the rest would open with a comma). */
static size_t quote_len(const char *s)
{
    static const char *const open[] = {"\"", "\xE2\x80\x9C", "'"};
    static const char *const close[] = {"\"", "\xE2\x80\x9D", "'"};
    for (size_t k = 0; k < 3; k++) {
        size_t ol = strlen(open[k]);
        if (strncmp(s, open[k], ol) != 0)
            continue;
        const char *c = strstr(s + ol, close[k]);
        if (!c)
            return 0;
        size_t n = (size_t)(c - s) + strlen(close[k]);
        if (s[n] == ',' || s[n] == ';' || s[n] == ':' || s[n] == ')')
            return 0;
        while (s[n] == '.' || s[n] == ' ')
            n++;
        return s[n] ? n : 0;
    }
    return 0;
}

/* Whether the question asks for a whole set (issue 9, point 3): an
 * enumeration stem, a count ("세 가지"), levels or stages, kinds, or both
 * advantages and drawbacks. Dropping a member of such a list leaves a wrong
 * answer ("Level 0–2" for a four-level model). */
static int asks_whole_list(const char *q)
{
    if (!q)
        return 0;
    if (stem_classify(q) == STEM_ENUMERATION)
        return 1;
    static const char *const cues[] = {"가지",   "단계",   "수준",  "종류",
                                       "유형",   "장단점", "레벨",  "levels",
                                       "stages", "types",  "kinds", "pros and cons"};
    for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++)
        if (strstr(q, cues[i]))
            return 1;
    return 0;
}

/* Whether the n bytes at s are a list of named members: at depth 0, most of
 * its items end in a parenthesised gloss ("At-most-once(최대 1회, …),
 * At-least-once(…), Exactly-once(…)"). Such an enumeration is a set: it is
 * never cut. */
static int named_members(const char *s, size_t n)
{
    size_t items = 0, glossed = 0;
    int depth = 0;
    char last = 0;
    for (size_t i = 0; i <= n; i++) {
        char ch = i < n ? s[i] : ',';
        if (depth == 0 && (ch == ',' || ch == ';')) {
            items++;
            glossed += last == ')';
            last = 0;
            continue;
        }
        depth += ch == '(' ? 1 : ch == ')' && depth > 0 ? -1 : 0;
        if (ch != ' ')
            last = ch;
    }
    return items >= 2 && glossed * 2 > items;
}

/* Whether the n bytes at s are three words or fewer (a label: "CAP 확장"). */
static int short_label(const char *s, size_t n)
{
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        words += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
    return words > 0 && words <= 3;
}

/* Options longer than this are not cut mid-sentence: not offered at all. */
#define OPTION_HARD_COLS 110

/* The answer as an option, shortened only at sentence and list boundaries
 * (issue 9, point 3): its first sentence without the final period, passing
 * over a first sentence that is only a hedge, only spells out the question's
 * acronym, or is a quotation. A sentence longer than 72 columns that is a
 * list (", " or "; " at depth 0, not after a connective ending, not a
 * comparison "A는 …, B는 …") keeps its first items that fit, unmarked (a
 * shorter list is still a right answer) — unless it is a set: the question
 * asks for one (asks_whole_list), its members are named (named_members) or it
 * gives advantages and drawbacks (both sides kept, the next sentence too);
 * a set and any other sentence stay whole up to 110 columns. *drop is set
 * when nothing fits: no option for this answer. */
/* s[0..n) with its bracketed examples that carry a URL path left out
 * ("명사 사용(/users), 계층 표현(/users/123/orders)" → "명사 사용, 계층
 * 표현"): the path shows which option is about URLs to a reader who knows
 * nothing of the subject (the review of seed 5309, MC 16), and the words
 * before the bracket say what it exemplifies. Kept as is when a path stays
 * outside brackets or nothing else is left. */
static char *drop_shaped_examples(arena *a, const char *s, size_t n)
{
    char *out = arena_strndup(a, s, n);
    if (!out || !(answer_shape(out) & SHAPE_PATH))
        return out;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '(') {
            size_t j = i + 1;
            int depth = 1;
            while (j < n && depth > 0) {
                depth += s[j] == '(' ? 1 : s[j] == ')' ? -1 : 0;
                j++;
            }
            char *inner = depth == 0 ? arena_strndup(a, s + i + 1, j - i - 2) : NULL;
            if (inner && (answer_shape(inner) & SHAPE_PATH)) {
                while (w > 0 && out[w - 1] == ' ')
                    w--;
                i = j;
                continue;
            }
        }
        out[w++] = s[i++];
    }
    out[w] = '\0';
    if (w == 0 || (answer_shape(out) & SHAPE_PATH))
        return arena_strndup(a, s, n);
    return out;
}

static char *make_option(arena *a, const char *answer, const char *question, int *drop)
{
    *drop = 0;
    for (int pass = 0; pass < 3; pass++) {
        size_t n = first_sentence(answer);
        size_t skip = quote_len(answer);
        if (!skip && answer[n] &&
            (gen_is_hedge(answer, n) || (question && spells_acronym(answer, n, question))))
            skip = n + 1;
        if (!skip)
            break;
        const char *rest = answer + skip;
        while (*rest == ' ' || *rest == '\n' || *rest == '.')
            rest++;
        if (!*rest)
            break;
        answer = rest;
    }
    size_t n = first_sentence(answer);
    /* a comparison whose other half is the next sentence ("Kafka는 …. Pulsar는
     * …"): both halves */
    if (asks_comparison(question) && answer[n] && topic_clauses(answer, n) == 1) {
        const char *next = answer + n + 1;
        while (*next == ' ')
            next++;
        size_t m = first_sentence(next);
        if (m && topic_clauses(next, m) >= 1)
            n = (size_t)(next - answer) + m;
    }
    /* advantages and drawbacks ("장점: …. 단점: …"): never one side alone */
    {
        const char *pro = strstr(answer, "장점"), *con = strstr(answer, "단점");
        if (pro && con && con < pro) {
            const char *t = pro;
            pro = con, con = t; /* the later side */
        }
        if (pro && con && pro < answer + n && con >= answer + n) {
            const char *next = answer + n + 1;
            while (*next == ' ')
                next++;
            if (con >= next && con < next + first_sentence(next))
                n = (size_t)(next - answer) + first_sentence(next);
            else
                *drop = 1; /* the drawbacks further on: no short option holds both */
        }
    }
    /* a first sentence of three words or fewer ("CAP 확장.", "DataLoader 패턴
     * 사용.") is a label, not an answer: as a key it is a fragment, as a
     * distractor a generic phrase eliminated at sight (an item writer's
     * review rated both). The next sentence joins it when both fit. */
    if (answer[n] && short_label(answer, n)) {
        const char *next = answer + n + 1;
        while (*next == ' ')
            next++;
        size_t m = first_sentence(next), both = (size_t)(next - answer) + m;
        if (m && u8_width(answer, both) <= OPTION_MAX_COLS)
            n = both;
    }
    while (n > 0 && (answer[n - 1] == ' ' || answer[n - 1] == '.'))
        n--;
    /* a set the question asks for, or of named members: whole or not at all */
    int whole = asks_whole_list(question) || named_members(answer, n) ||
                (strstr(answer, "장점") && strstr(answer, "단점"));
    if (u8_width(answer, n) > OPTION_MAX_COLS) {
        size_t fit = u8_prefix_for_width(answer, n, OPTION_MAX_COLS);
        size_t clause = 0;
        int depth = 0;
        for (size_t i = 0; i < fit; i++) {
            char ch = answer[i];
            depth += ch == '(' ? 1 : ch == ')' && depth > 0 ? -1 : 0;
            /* never after a connective ending (a dangling clause) */
            if (depth == 0 && (ch == ',' || ch == ';') && i + 1 < n && answer[i + 1] == ' ' &&
                !ends_connective(answer, i))
                clause = i;
        }
        if (clause > fit / 3 && !is_comparison(answer, n) && !whole) {
            n = clause;
        } else if (u8_width(answer, n) > OPTION_HARD_COLS) {
            *drop = 1;
        }
        while (n > 0 && (answer[n - 1] == ' ' || answer[n - 1] == ',' || answer[n - 1] == ';'))
            n--;
    }
    return drop_shaped_examples(a, answer, n);
}

static unsigned form_of(const char *s)
{
    unsigned f = 0;
    size_t commas = 0, latin = 0, letters = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '`')
            f |= FORM_CODE;
        if (*p == ',')
            commas++;
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            latin++;
            letters++;
        } else if (c >= 0xE0) {
            letters++; /* the lead byte of a 3-byte character (Hangul) */
        }
    }
    if (commas >= 2)
        f |= FORM_LIST;
    if (letters && latin * 2 > letters)
        f |= FORM_LATIN;
    return f;
}

/* ---- scenarios: situation and decision ------------------------------------ */

static const char *const decision_labels[] = {
    "결정", "해결",     "해결책", "개선", "설계",     "전략",     "구현",   "준비", "대응",
    "조치", "아키텍처", "방안",   "적용", "decision", "solution", "design", "fix",  "approach",
};
static const char *const situation_labels[] = {
    "상황",     "문제",         "현재 문제",   "요구사항", "예상",        "배경",   "제약",
    "제약사항", "조건",         "목표",        "현황",     "규모",        "트래픽", "situation",
    "problem",  "requirements", "requirement", "context",  "constraints", "load",
};

static int label_in(const char *label, const char *const *set, size_t n)
{
    size_t fl;
    char *f = u8_fold(label, strlen(label), &fl);
    if (!f)
        return 0;
    int hit = 0;
    for (size_t i = 0; i < n && !hit; i++) {
        size_t k = strlen(set[i]);
        hit = fl >= k && strncmp(f, set[i], k) == 0 && (f[k] == '\0' || f[k] == ' ' || f[k] == '(');
    }
    free(f);
    return hit;
}

/* Renders one part's prose: "text; item; item". With code (references):
 * the code blocks follow, whole, on their own lines; a code-only part without
 * code wanted renders nothing. */
static int render_part(buf *b, json_t *part, int with_code)
{
    const char *text = json_string_value(json_object_get(part, "text"));
    int rc = 0;
    size_t start = b->len;
    if (b->len)
        rc |= buf_adds(b, "\n");
    size_t body = b->len;
    if (text && *text)
        rc |= buf_adds(b, text);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(part, "items"), i, it)
    {
        const char *s = json_string_value(it);
        if (!s)
            continue;
        while (*s == ' ')
            s++;
        rc |= buf_adds(b, b->len > body ? "; " : "");
        rc |= buf_adds(b, s);
    }
    json_t *code;
    json_array_foreach(json_object_get(part, "code"), i, code)
    {
        const char *c = json_string_value(json_object_get(code, "text"));
        if (!with_code || !c || !*c)
            continue;
        size_t cl = strlen(c);
        while (cl > 0 && c[cl - 1] == '\n')
            cl--;
        rc |= buf_adds(b, b->len > body ? "\n" : "");
        rc |= buf_add(b, c, cl);
    }
    if (b->len == body) {
        b->len = start; /* nothing to say */
        if (b->p)
            b->p[start] = '\0';
    }
    return rc;
}

static int render_labelled(buf *b, json_t *part)
{
    const char *label = json_string_value(json_object_get(part, "label"));
    size_t before = b->len;
    int rc = render_part(b, part, 1);
    if (rc || b->len == before || !label || !*label)
        return rc;
    /* put the label in front of what was written */
    size_t at = before + (before > 0); /* after the "\n" */
    char *tail = strdup(b->p + at);
    if (!tail)
        return -1;
    b->len = at;
    b->p[at] = '\0';
    rc |= buf_adds(b, label);
    rc |= buf_adds(b, ": ");
    rc |= buf_adds(b, tail);
    free(tail);
    return rc;
}

/* Splits a scenario into what the learner is told and the decision (issue
 * 9, point 11): parts labelled like a decision (결정, 해결, 개선, 설계, 구현,
 * ...) are the key, and so is an unlabelled part after one (it goes on with
 * the decision); parts labelled like the situation (상황, 문제, 요구사항,
 * 예상 ...) or unlabelled before any decision are the situation; the rest —
 * outcomes (결과, 장점, ...) and analysis (분석, the options weighed) — is
 * neither, since it gives the solution away. A scenario without a decision
 * label is not asked as a scenario question. The decision as a reference
 * keeps its code; its option form is its prose only. */
static int split_scenario(arena *a, g_item *it, const char *detail, char **prose)
{
    *prose = NULL;
    json_error_t jerr;
    json_t *d = json_loads(detail, 0, &jerr);
    if (!d)
        return 0; /* stored JSON is checked; an odd row is just not a scenario question */
    json_t *parts = json_object_get(d, "parts");
    buf sit, dec, opt;
    buf_init(&sit, 1 << 20);
    buf_init(&dec, 1 << 20);
    buf_init(&opt, 1 << 20);
    int rc = 0, in_decision = 0;
    size_t i;
    json_t *p;
    json_array_foreach(parts, i, p)
    {
        const char *label = json_string_value(json_object_get(p, "label"));
        label = label ? label : "";
        int is_dec =
            label_in(label, decision_labels, sizeof decision_labels / sizeof decision_labels[0]);
        if (is_dec || (!*label && in_decision)) {
            in_decision = 1;
            rc |= is_dec ? render_labelled(&dec, p) : render_part(&dec, p, 1);
            rc |= render_part(&opt, p, 0);
        } else if (!*label || label_in(label, situation_labels,
                                       sizeof situation_labels / sizeof situation_labels[0])) {
            in_decision = 0;
            rc |= render_labelled(&sit, p);
        } else {
            in_decision = 0;
        }
    }
    it->situation = arena_strdup(a, buf_str(&sit));
    it->decision = arena_strdup(a, buf_str(&dec));
    if (opt.len) {
        /* the option: the decision's prose on one line, parts joined by "; " */
        buf line;
        buf_init(&line, 1 << 20);
        for (size_t k = 0; k < opt.len; k++)
            rc |= opt.p[k] == '\n' ? buf_adds(&line, "; ") : buf_add(&line, opt.p + k, 1);
        *prose = arena_strdup(a, buf_str(&line));
        buf_free(&line);
    }
    int bad = rc || !it->situation || !it->decision || (opt.len && !*prose);
    buf_free(&sit);
    buf_free(&dec);
    buf_free(&opt);
    json_decref(d);
    return bad ? -1 : 0;
}

/* ---- what a question says about its own answer --------------------------- */

/* Whether the question refers to what comes before it: "이 기능들을",
 * "이러한", "위의", "다음 중", "these", "the above". */
static int refers_back(const char *q)
{
    static const char *const marks[] = {"이 기능", "이러한",    "이들",    "위의 ",
                                        "위 내용", "앞의 ",     "다음 중", "이것",
                                        "these ",  "the above", "this "};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strstr(q, marks[i]))
            return 1;
    return 0;
}

/* What a stem that refers back points at: the sub-topic line of its block
 * naming the word after "이 " ("이 기능들을" → "서비스 메시의 주요 기능"),
 * else the block's sub-topic lines, else the topic. */
static const char *context_of(assay_engine *e, const g_item *it, const assay_item_info *src)
{
    const char *p = strstr(it->question, "이 ");
    if (p && src->n_subtopics) {
        p += strlen("이 ");
        size_t w = 0;
        while (p[w] && p[w] != ' ' && w < 64)
            w++;
        /* the noun without its plural and particle: two syllables at most */
        char noun[8];
        size_t nl = w >= 6 ? 6 : w;
        memcpy(noun, p, nl);
        noun[nl] = '\0';
        for (size_t k = 0; nl && k < src->n_subtopics; k++)
            if (strstr(src->subtopics[k], noun))
                return arena_strdup(&e->mem, src->subtopics[k]);
    }
    if (src->n_subtopics) {
        buf b;
        buf_init(&b, 1 << 16);
        int rc = 0;
        for (size_t k = 0; k < src->n_subtopics; k++)
            rc |= buf_addf(&b, "%s%s", k ? ", " : "", src->subtopics[k]);
        const char *c = rc ? NULL : arena_strdup(&e->mem, buf_str(&b));
        buf_free(&b);
        if (c)
            return c;
    }
    return e->topics[it->topic].title;
}

static int is_latin_tok(const tok *t)
{
    return t->kind == TK_LATIN || t->kind == TK_MIXED;
}

/* Whether the question names something its option names again: a shared
 * content word, an alias whose one side is in the question and either side
 * in the option, or a Latin word of the question that a Hangul word of the
 * option spells (Token ↔ 토큰). */
static int echoes_itself(const assay_engine *e, const g_item *it)
{
    if (sim_shared(it->qterms, it->n_qterms, it->oterms, it->n_oterms) > 0)
        return 1;
    size_t fl;
    char *fq = u8_fold(it->question, strlen(it->question), &fl);
    if (!fq)
        return 0;
    int hit = 0;
    for (uint16_t k = 0; k < it->n_al_ko && !hit; k++)
        hit = strstr(fq, e->aliases.v[it->al_ko[k]].en) != NULL ||
              strstr(fq, e->aliases.v[it->al_ko[k]].ko) != NULL;
    for (uint16_t k = 0; k < it->n_al_en && !hit; k++)
        hit = strstr(fq, e->aliases.v[it->al_en[k]].ko) != NULL ||
              strstr(fq, e->aliases.v[it->al_en[k]].en) != NULL;
    free(fq);
    tok qt[64], ot[128];
    size_t nq = tok_split(it->question, strlen(it->question), qt, 64);
    size_t no = tok_split(it->option, strlen(it->option), ot, 128);
    nq = nq < 64 ? nq : 64;
    no = no < 128 ? no : 128;
    for (size_t a = 0; a < nq && !hit; a++) {
        if (!is_latin_tok(&qt[a]) || qt[a].stem_len < 3)
            continue;
        for (size_t b = 0; b < no && !hit; b++)
            if (ot[b].kind == TK_HANGUL)
                hit = tl_match(it->option + ot[b].off, ot[b].stem_len, it->question + qt[a].off,
                               qt[a].stem_len);
    }
    return hit;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The key terms a cloze may blank (gen.h): the words of topic titles, the
 * first content word of every question and sub-topic line. */
static int key_terms(assay_engine *e, const engine_input *in)
{
    size_t cap = 1024, n = 0;
    uint64_t *v = malloc(cap * sizeof *v);
    int rc = v ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < in->n_items; i++) {
        const assay_item_info *it = &in->items[i];
        const char *texts[2] = {it->topic, it->question};
        for (size_t k = 0; rc == 0 && k < 2 + it->n_subtopics; k++) {
            const char *s = k < 2 ? texts[k] : it->subtopics[k - 2];
            if (!s)
                continue;
            uint64_t h[64];
            size_t m = tx_terms(s, strlen(s), h, 64);
            if (k >= 1 && m > 1)
                m = 1; /* a question or a sub-topic line: its head word */
            if (m > 64)
                m = 64;
            if (n + m > cap) {
                uint64_t *g = realloc(v, (cap *= 2) * sizeof *v);
                if (!g) {
                    rc = -1;
                    break;
                }
                v = g;
            }
            memcpy(v + n, h, m * sizeof *h);
            n += m;
        }
    }
    if (rc == 0 && n > 1)
        qsort(v, n, sizeof *v, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (u == 0 || v[i] != v[u - 1])
            v[u++] = v[i];
    e->key_terms = rc == 0 ? arena_alloc(&e->mem, (u + 1) * sizeof *v) : NULL;
    if (e->key_terms)
        memcpy(e->key_terms, v, u * sizeof *v);
    e->n_key_terms = e->key_terms ? u : 0;
    free(v);
    return e->key_terms ? 0 : -1;
}

int engine_key_term(const assay_engine *e, uint64_t h)
{
    size_t lo = 0, hi = e->n_key_terms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->key_terms[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < e->n_key_terms && e->key_terms[lo] == h;
}

/* ---- building ---------------------------------------------------------------- */

static int push_u32(arena *a, uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
    uint32_t *slot = arena_push(a, (void **)v, n, cap, sizeof *slot);
    if (!slot)
        return -1;
    *slot = x;
    return 0;
}

static const uint64_t *keep_terms(arena *a, const char *s, uint32_t *n)
{
    uint64_t tmp[256];
    size_t k = tx_terms(s, strlen(s), tmp, 256);
    uint64_t *out = arena_alloc(a, (k + 1) * sizeof *out);
    if (out)
        memcpy(out, tmp, k * sizeof *out);
    *n = (uint32_t)k;
    return out;
}

/* What generation compares, computed once. */
/* The item's authored wrong options as options (at most INT16_MAX). */
static int authored_options(assay_engine *e, g_item *it, const assay_item_info *src)
{
    size_t n = src->n_distractors < INT16_MAX ? src->n_distractors : INT16_MAX;
    g_authored *v = arena_alloc(&e->mem, n * sizeof *v);
    if (!v)
        return -1;
    for (size_t k = 0; k < n; k++) {
        const char *t = src->distractors[k] ? src->distractors[k] : "";
        v[k].text = arena_strdup(&e->mem, t);
        v[k].width = text_width(t);
        v[k].terms = keep_terms(&e->mem, t, &v[k].n_terms);
        if (!v[k].text || !v[k].terms || tx_vectorize(&e->idx, t, strlen(t), &e->mem, &v[k].v) != 0)
            return -1;
    }
    it->authored = v;
    it->n_authored = (uint32_t)n;
    return 0;
}

static int signatures(assay_engine *e, g_item *it)
{
    it->qterms = keep_terms(&e->mem, it->question, &it->n_qterms);
    it->aterms = keep_terms(&e->mem, it->answer, &it->n_aterms);
    it->oterms = keep_terms(&e->mem, it->option, &it->n_oterms);
    it->nterms = it->oterms;
    it->n_nterms = it->n_oterms;
    if (strchr(it->option, '/')) {
        uint64_t tmp[256];
        size_t k = gen_near_terms(it->option, strlen(it->option), tmp, 256);
        uint64_t *nt = arena_alloc(&e->mem, (k + 1) * sizeof *nt);
        if (!nt)
            return -1;
        memcpy(nt, tmp, k * sizeof *nt);
        it->nterms = nt;
        it->n_nterms = (uint32_t)k;
    }
    if (it->kind == ASSAY_KIND_SCENARIO) {
        const char *prompt = it->situation && it->situation[0]
                                 ? arena_printf(&e->mem, "%s\n%s", it->question, it->situation)
                                 : it->question;
        it->sprompt = prompt;
        it->sterms = prompt ? keep_terms(&e->mem, prompt, &it->n_sterms) : NULL;
        if (!it->sterms)
            return -1;
    }
    uint64_t *big;
    long nb = sim_bigrams(it->option, strlen(it->option), &big);
    if (nb < 0 || !it->qterms || !it->oterms || !it->aterms)
        return -1;
    uint64_t *copy = arena_alloc(&e->mem, ((size_t)nb + 1) * sizeof *copy);
    if (copy)
        memcpy(copy, big, (size_t)nb * sizeof *copy);
    free(big);
    it->obig = copy;
    it->n_obig = (uint32_t)nb;
    return copy ? 0 : -1;
}

/* Terms for a word's transliteration skeleton (text/translit.h), so that a
 * stem word and an option word spelling it in the other script are one term
 * (Window ↔ 윈도우, Group ↔ 그룹; issue 9, point 5): namespace 'L' for a
 * Latin stem word, 'H' for a Hangul one. An option carries both namespaces
 * of each of its words (carried_terms), so a Latin stem word meets the
 * option's Hangul spelling of it, and the option's own Latin spelling too. */
static uint64_t skeleton_term(char ns, const char *skel, size_t n)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(unsigned char)ns;
    h *= 1099511628211ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)skel[i];
        h *= 1099511628211ull;
    }
    return h | 1ull; /* never 0 */
}

#define SKEL_HANGUL_MIN 3
/* Whether token t of s is a Latin word: TK_LATIN, or TK_MIXED whose stem
 * (the particle cut off) is ASCII letters only — "Group이란", "Consumer들이"
 * are Group and Consumer (the review of seed 7411: Consumer Group ↔ 그룹
 * passed because the stem's word carried a particle). */
static int tok_latin_word(const char *s, const tok *t)
{
    if (t->kind == TK_LATIN)
        return 1;
    if (t->kind != TK_MIXED || t->stem_len == 0)
        return 0;
    for (size_t i = 0; i < t->stem_len; i++) {
        char c = s[t->off + i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return 0;
    }
    return 1;
}

/* The skeleton of token t of s into out; its length, 0 when too short to
 * tell (fewer than 2 consonant classes: 윈도우 is n-d) or neither Latin nor
 * Hangul. Two classes are enough to meet a Latin stem word (namespace 'L');
 * a Hangul one needs 3, as Hangul words meet each other. */
static size_t tok_skeleton(const char *s, const tok *t, char *out)
{
    size_t n = tok_latin_word(s, t)   ? tl_english(s + t->off, t->stem_len, out)
               : t->kind == TK_HANGUL ? tl_hangul(s + t->off, t->stem_len, out)
                                      : 0;
    return n >= 2 ? n : 0;
}

/* What the question asks and how the answer is put (text/stem.h), and the
 * question's distinctive words: its content words less those that only say
 * what is asked (이유, 방법, 장점 …). */
static int classify(assay_engine *e, g_item *it, const assay_item_info *src)
{
    /* stored at import when the bank has it, else worked out here */
    int t = src->stem_type ? stem_type_parse(src->stem_type) : -1;
    int f = src->answer_form ? answer_form_parse(src->answer_form) : -1;
    it->stem_type = (uint8_t)(t >= 0 ? t : (int)stem_classify(it->question));
    it->answer_form = (uint8_t)(f >= 0 ? f : (int)answer_classify(it->answer));
    if (it->kind == ASSAY_KIND_SCENARIO)
        it->stem_type = STEM_OTHER, it->answer_form = FORM_OTHER;
    /* the class distractors share: the form (a definition counted as prose)
     * and the kind of question — a distractor answers a question of the
     * stem's own type (the review of seed 6173, defect 1: a list of
     * drawbacks offered for "AP 시스템의 예시는?"), so the type itself */
    unsigned fclass = it->answer_form == FORM_DEFINITION ? FORM_OTHER : it->answer_form;
    unsigned family = it->stem_type;
    it->klass = (uint16_t)(family * FORM__COUNT + fclass);
    /* the key must answer its own question: a first sentence that only says
     * when something happens is no method or reason */
    it->fits = (uint8_t)(stem_form_fits((stem_type)it->stem_type,
                                        (answer_form)answer_classify(it->option)) &&
                         !((it->stem_type == STEM_METHOD || it->stem_type == STEM_REASON) &&
                           answer_is_occurrence(it->option)));
    uint64_t cues[64];
    size_t n_cue = 0;
    tok toks[128];
    size_t nt = tok_split(it->question, strlen(it->question), toks, 128);
    for (size_t k = 0; k < nt && k < 128 && n_cue < 60; k++) {
        const char *w = it->question + toks[k].off;
        size_t sl = toks[k].stem_len;
        char key[128];
        if (sl >= sizeof key)
            continue;
        size_t kl = tok_key(w, sl, key);
        if (stem_is_cue_word(key, kl))
            n_cue += tx_terms(w, sl, cues + n_cue, 4);
    }
    uint64_t *d = arena_alloc(&e->mem, (it->n_qterms + nt + 1) * sizeof *d);
    if (!d)
        return -1;
    uint32_t nd = 0;
    for (uint32_t k = 0; k < it->n_qterms; k++) {
        int is_cue = 0;
        for (size_t c = 0; c < n_cue && !is_cue; c++)
            is_cue = cues[c] == it->qterms[k];
        if (!is_cue)
            d[nd++] = it->qterms[k];
    }
    /* the distinctive words' skeletons, so that an option spelling one in the
     * other script repeats it (a cue word's skeleton is left out like it) */
    for (size_t k = 0; k < nt && k < 128; k++) {
        char skel[TL_MAX], key[128];
        size_t sl = toks[k].stem_len;
        if (sl >= sizeof key || stem_is_cue_word(key, tok_key(it->question + toks[k].off, sl, key)))
            continue;
        size_t n = tok_skeleton(it->question, &toks[k], skel);
        int latin = tok_latin_word(it->question, &toks[k]);
        if (n && (latin || n >= SKEL_HANGUL_MIN))
            d[nd++] = skeleton_term(latin ? 'L' : 'H', skel, n);
    }
    qsort(d, nd, sizeof *d, cmp_u64);
    uint32_t u = 0;
    for (uint32_t k = 0; k < nd; k++)
        if (u == 0 || d[u - 1] != d[k])
            d[u++] = d[k];
    it->dterms = d;
    it->n_dterms = u;
    return 0;
}

/* Which aliases (either side) the option names, for excluding distractors
 * that name the key in other words. */
static int note_aliases(assay_engine *e, g_item *it)
{
    size_t fl;
    char *f = u8_fold(it->option, strlen(it->option), &fl);
    if (!f)
        return -1;
    size_t cap_ko = 0, cap_en = 0, nko = 0, nen = 0;
    int rc = 0;
    for (size_t i = 0; i < e->aliases.n && i < UINT16_MAX && rc == 0; i++) {
        uint16_t *slot;
        if (strstr(f, e->aliases.v[i].ko)) {
            slot = arena_push(&e->mem, (void **)&it->al_ko, &nko, &cap_ko, sizeof *slot);
            rc = slot ? (*slot = (uint16_t)i, 0) : -1;
        }
        if (rc == 0 && strstr(f, e->aliases.v[i].en)) {
            slot = arena_push(&e->mem, (void **)&it->al_en, &nen, &cap_en, sizeof *slot);
            rc = slot ? (*slot = (uint16_t)i, 0) : -1;
        }
    }
    it->n_al_ko = (uint16_t)nko;
    it->n_al_en = (uint16_t)nen;
    free(f);
    return rc;
}

/* Adds to v[0..*n) (room for cap) the content-word hashes of s[0..len). */
static void add_terms(uint64_t *v, size_t *n, size_t cap, const char *s, size_t len)
{
    if (*n < cap)
        *n += tx_terms(s, len, v + *n, cap - *n);
}

/* Whether a row of the author's thesaurus holds spelling w. */
static int row_has(const char *row, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = row; *p;) {
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, w, n) == 0)
            return 1;
        p += len + (end != NULL);
    }
    return 0;
}

/* alias_confirm_fn: the author's thesaurus groups ko with en. */
static int thes_vouches(void *ud, const char *ko, const char *en)
{
    const assay_engine *e = ud;
    for (size_t r = 0; r < e->n_thes; r++)
        if (row_has(e->thes[r], ko) && row_has(e->thes[r], en))
            return 1;
    return 0;
}

/* The terms the option carries, in either language (issue 9, point 5): its
 * own content words, the other side of every alias it names (변환 계층 ↔
 * layer when the bank writes the pair) and the other spellings of an author's
 * thesaurus group one of its words belongs to (계층 | layer). A stem word
 * is repeated by an option that carries it in this sense. */
static int carried_terms(assay_engine *e, g_item *it)
{
    enum { CAP = 512 };
    uint64_t v[CAP];
    size_t n = 0;
    for (uint32_t k = 0; k < it->n_oterms && n < CAP; k++)
        v[n++] = it->oterms[k];
    for (uint16_t k = 0; k < it->n_al_ko; k++) {
        const char *en = e->aliases.v[it->al_ko[k]].en;
        add_terms(v, &n, CAP, en, strlen(en));
    }
    for (uint16_t k = 0; k < it->n_al_en; k++) {
        const char *ko = e->aliases.v[it->al_en[k]].ko;
        add_terms(v, &n, CAP, ko, strlen(ko));
    }
    /* each word's skeleton in both namespaces (skeleton_term); the other
     * spellings of the author's thesaurus (사건 for 이벤트) come below */
    tok ot[128];
    size_t no = tok_split(it->option, strlen(it->option), ot, 128);
    for (size_t k = 0; k < no && k < 128 && n + 2 <= CAP; k++) {
        char skel[TL_MAX];
        size_t sl = tok_skeleton(it->option, &ot[k], skel);
        if (sl)
            v[n++] = skeleton_term('L', skel, sl);
        if (sl >= SKEL_HANGUL_MIN)
            v[n++] = skeleton_term('H', skel, sl);
    }
    /* the English word of each listed translation whose Korean side the
     * option holds, and the other way round (Mutual ↔ 양방향, Partition ↔
     * 분할: the review of seed 7411, defect 1) */
    for (size_t k = 0; k < gen_tr_count() && n < CAP; k++)
        for (int side = 0; side < 2; side++) {
            if (!gen_tr_holds(it->option, k, 1 - side))
                continue;
            const char *w = gen_tr_side(k, side);
            add_terms(v, &n, CAP, w, strlen(w));
            /* and its skeleton, for a stem spelling it in the other script
             * (글로벌 for global) */
            tok wt[8];
            size_t nw = tok_split(w, strlen(w), wt, 8);
            for (size_t t = 0; t < nw && t < 8 && n + 2 <= CAP; t++) {
                char skel[TL_MAX];
                size_t sl = tok_skeleton(w, &wt[t], skel);
                if (sl)
                    v[n++] = skeleton_term('L', skel, sl);
                if (sl >= SKEL_HANGUL_MIN)
                    v[n++] = skeleton_term('H', skel, sl);
            }
        }
    for (size_t r = 0; r < e->n_thes; r++) {
        /* does the option carry one spelling of the group (all its words)? */
        const char *row = e->thes[r];
        int member = 0;
        for (const char *p = row; *p && !member;) {
            const char *end = strchr(p, '|');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            uint64_t t[8];
            size_t nt = tx_terms(p, len, t, 8);
            member = nt > 0 && sim_shared(t, nt, it->oterms, it->n_oterms) == nt;
            p += len + (end != NULL);
        }
        for (const char *p = row; member && *p;) {
            const char *end = strchr(p, '|');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            add_terms(v, &n, CAP, p, len);
            p += len + (end != NULL);
        }
    }
    qsort(v, n, sizeof *v, cmp_u64);
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        if (u == 0 || v[u - 1] != v[k])
            v[u++] = v[k];
    uint64_t *out = arena_alloc(&e->mem, (u + 1) * sizeof *out);
    if (!out)
        return -1;
    memcpy(out, v, u * sizeof *out);
    it->cterms = out;
    it->n_cterms = (uint32_t)u;
    return 0;
}

typedef struct posting {
    uint64_t term;
    uint32_t item;
} posting;

static int cmp_posting(const void *a, const void *b)
{
    const posting *x = a, *y = b;
    if (x->term != y->term)
        return x->term < y->term ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

int engine_postings(assay_engine *e)
{
    size_t total = 0;
    /* derived items are never distractors of other items: not indexed */
    for (size_t i = 0; i < e->n_items; i++)
        if (e->items[i].kind != ASSAY_KIND_SCENARIO && !derive_is(e, (uint32_t)i))
            total += e->items[i].n_oterms;
    posting *p = malloc((total + 1) * sizeof *p);
    if (!p)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < e->n_items; i++)
        if (e->items[i].kind != ASSAY_KIND_SCENARIO && !derive_is(e, (uint32_t)i))
            for (uint32_t k = 0; k < e->items[i].n_oterms; k++)
                p[n++] = (posting){e->items[i].oterms[k], (uint32_t)i};
    if (n > 1)
        qsort(p, n, sizeof *p, cmp_posting);
    size_t terms = 0;
    for (size_t i = 0; i < n; i++)
        terms += i == 0 || p[i].term != p[i - 1].term;
    e->post_terms = arena_alloc(&e->mem, (terms + 1) * sizeof *e->post_terms);
    e->post_start = arena_alloc(&e->mem, (terms + 1) * sizeof *e->post_start);
    e->post_items = arena_alloc(&e->mem, (n + 1) * sizeof *e->post_items);
    if (!e->post_terms || !e->post_start || !e->post_items) {
        free(p);
        return -1;
    }
    size_t t = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || p[i].term != p[i - 1].term) {
            e->post_terms[t] = p[i].term;
            e->post_start[t++] = (uint32_t)i;
        }
        e->post_items[i] = p[i].item;
    }
    e->post_start[t] = (uint32_t)n;
    e->n_post_terms = t;
    free(p);
    return 0;
}

const uint32_t *engine_posting(const assay_engine *e, uint64_t h, size_t *n)
{
    size_t lo = 0, hi = e->n_post_terms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->post_terms[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == e->n_post_terms || e->post_terms[lo] != h) {
        *n = 0;
        return NULL;
    }
    *n = e->post_start[lo + 1] - e->post_start[lo];
    return e->post_items + e->post_start[lo];
}

void engine_free(assay_engine *e)
{
    if (!e)
        return;
    tx_free(&e->idx);
    alias_free(&e->aliases);
    morph_free(e->morph);
    if (e->cache) {
        if (e->cache->grade && e->cache->free_grade)
            e->cache->free_grade(e->cache->grade);
        pthread_mutex_destroy(&e->cache->lock);
        free(e->cache);
    }
    arena_free(&e->mem);
    free(e);
}

static int by_item_id(const void *x, const void *y)
{
    return strcmp((*(const store_param *const *)x)->item_id,
                  (*(const store_param *const *)y)->item_id);
}

/* Levels per knowledge base, level priors, then the bank's current
 * parameters where it has them. */
static void load_params(assay_engine *e, const store_param *params, size_t n)
{
    for (size_t t = 0; t < e->n_topics; t++)
        e->topics[t].n_levels = 0;
    for (size_t i = 0; i < e->n_items; i++) {
        g_topic *t = &e->topics[e->items[i].topic];
        if (e->items[i].level > t->n_levels)
            t->n_levels = e->items[i].level;
    }
    /* a kb's level count is the highest over all its topics */
    for (size_t t = 0; t < e->n_topics; t++)
        for (size_t u = 0; u < e->n_topics; u++)
            if (strcmp(e->topics[t].kb, e->topics[u].kb) == 0 &&
                e->topics[u].n_levels > e->topics[t].n_levels)
                e->topics[t].n_levels = e->topics[u].n_levels;
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        it->irt_a = 1;
        it->irt_d = -irt_level_b(it->level, e->topics[it->topic].n_levels);
        it->irt_n = 0;
        it->calibrated = 0;
    }
    /* params are few compared with lookups: a linear pass per item would be
     * quadratic, so sort pointers to them by id and search */
    const store_param **by_id = n ? malloc(n * sizeof *by_id) : NULL;
    if (n && !by_id)
        n = 0; /* fall back to the priors; the engine still works */
    for (size_t i = 0; i < n; i++)
        by_id[i] = &params[i];
    sort_array(by_id, n, sizeof *by_id, by_item_id);
    for (size_t i = 0; i < e->n_items; i++) {
        store_param key = {.item_id = e->items[i].id};
        const store_param *kp = &key;
        const store_param **pp = search_array(&kp, by_id, n, sizeof *by_id, by_item_id);
        const store_param *p = pp ? *pp : NULL;
        if (p && isfinite(p->a) && isfinite(p->d)) {
            e->items[i].irt_a = p->a;
            e->items[i].irt_d = p->d;
            e->items[i].irt_n = p->n;
            e->items[i].calibrated = 1;
        }
    }
    free(by_id);
}

/* Each option's words for the text-level clang solver, split once: multiple
 * choice tests the options of many candidates against each key's stem units
 * (cue_clang_mask_item), and the split was most of that work. */
static int clang_words_prepare(assay_engine *e)
{
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        if (it->option && it->option[0] &&
            cue_clang_words_of(&e->mem, it->option, &it->clang_words) != 0)
            return -1;
    }
    return 0;
}

assay_code engine_build(const engine_input *in, errinfo *err, assay_engine **out)
{
    *out = NULL;
    assay_engine *e = calloc(1, sizeof *e);
    if (!e)
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    arena_init(&e->mem, 0);
    tx_init(&e->idx);
    alias_init(&e->aliases);
    snprintf(e->kb, sizeof e->kb, "%s", in->kb ? in->kb : "");
    /* the dictionaries: a missing one is an error now, not a weaker grader later */
    assay_code mrc = morph_open(&e->morph, err);
    if (mrc != ASSAY_OK) {
        engine_free(e);
        return mrc;
    }
    e->cache = calloc(1, sizeof *e->cache);
    if (!e->cache || pthread_mutex_init(&e->cache->lock, NULL) != 0) {
        free(e->cache);
        e->cache = NULL;
        engine_free(e);
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    }
    size_t n = in->n_items;
    e->items = arena_alloc(&e->mem, (n + 1) * sizeof *e->items);
    int oom = !e->items;

    /* documents for IDF, aliases */
    /* derived items (their text is the document's own, said again) weigh no
     * word: a bank reads the same with or without them */
    for (size_t i = 0; !oom && i < n; i++) {
        const assay_item_info *it = &in->items[i];
        if (assay_kind_derived(it->kind))
            continue;
        oom = tx_add_doc(&e->idx, it->question, strlen(it->question)) != 0 ||
              tx_add_doc(&e->idx, it->answer, strlen(it->answer)) != 0 ||
              alias_mine(&e->aliases, it->question, strlen(it->question)) != 0 ||
              alias_mine(&e->aliases, it->answer, strlen(it->answer)) != 0;
    }
    /* topics' concept texts name things too: "읽기(Query)와 쓰기(Command)" */
    for (size_t i = 0; !oom && i < in->n_concepts; i++)
        oom = alias_mine(&e->aliases, in->concepts[i], strlen(in->concepts[i])) != 0 ||
              morph_learn(e->morph, in->concepts[i], strlen(in->concepts[i])) != 0;
    /* the authors' synonym groups, copied: the engine outlives the rows */
    e->thes = arena_alloc(&e->mem, (in->n_thes + 1) * sizeof *e->thes);
    oom |= !e->thes;
    for (size_t i = 0; !oom && i < in->n_thes; i++)
        oom = !(e->thes[e->n_thes++] = arena_strdup(&e->mem, in->thes[i].spellings));
    /* the bank's words, analysed once: grading reads them without a lock */
    for (size_t i = 0; !oom && i < n; i++)
        oom = morph_learn(e->morph, in->items[i].question, strlen(in->items[i].question)) != 0 ||
              morph_learn(e->morph, in->items[i].answer, strlen(in->items[i].answer)) != 0;
    if (!oom) {
        oom = tx_finish(&e->idx) != 0;
        alias_finish(&e->aliases);
        /* glosses are no translations: DynamoDB(기본) (text/alias.h) */
        /* nor are instances and job descriptions: 중앙(Redis), POST(생성) —
         * before the glosses go, which show a keyword glossed (GET(조회)) */
        alias_drop_instances(&e->aliases, thes_vouches, e);
        alias_prune(&e->aliases, thes_vouches, e);
    }

    size_t topic_cap = 0;
    const char **details = calloc(n + 1, sizeof *details);
    oom = oom || !details;
    for (size_t i = 0; !oom && i < n; i++) {
        const assay_item_info *src = &in->items[i];
        g_item *it = &e->items[e->n_items];
        /* topics: items arrive in kb and document order, so a topic's items are
         * adjacent — except derived items, which follow the document's own */
        long back = -1;
        if (assay_kind_derived(src->kind))
            for (size_t t = e->n_topics; t-- > 0 && back < 0;)
                if (strcmp(e->topics[t].kb, src->kb) == 0 &&
                    strcmp(e->topics[t].title, src->topic) == 0)
                    back = (long)t;
        if (back < 0 && (e->n_topics == 0 || strcmp(e->topics[e->n_topics - 1].kb, src->kb) != 0 ||
                         strcmp(e->topics[e->n_topics - 1].title, src->topic) != 0)) {
            g_topic *t =
                arena_push(&e->mem, (void **)&e->topics, &e->n_topics, &topic_cap, sizeof *t);
            if (!t) {
                oom = 1;
                break;
            }
            /* one copy of a knowledge base's name for all its topics (they
             * are adjacent): topics of one kb share the pointer */
            t->kb = e->n_topics > 1 && strcmp(e->topics[e->n_topics - 2].kb, src->kb) == 0
                        ? e->topics[e->n_topics - 2].kb
                        : arena_strdup(&e->mem, src->kb);
            t->title = arena_strdup(&e->mem, src->topic);
            t->number = src->topic_number ? src->topic_number : src->topic_ordinal;
            oom = !t->kb || !t->title;
        }
        it->id = arena_strdup(&e->mem, src->id);
        it->topic = back >= 0 ? (size_t)back : e->n_topics - 1;
        it->kb = e->topics[it->topic].kb;
        it->kind = (int)src->kind;
        it->level = src->level;
        it->version = src->version;
        it->question = arena_strdup(&e->mem, src->question);
        it->answer = arena_strdup(&e->mem, src->answer);
        it->source_file = arena_strdup(&e->mem, src->source_file);
        it->source_line = src->source_line;
        oom = oom || !it->id || !it->question || !it->answer || !it->source_file;
        if (oom)
            break;
        int drop = 0;
        if (it->kind == ASSAY_KIND_SCENARIO) {
            /* a scenario without a decision stays in the engine (for weights and
             * counts) but is not asked: gen_scenario wants a decision */
            char *prose = NULL;
            it->situation = it->decision = "";
            if (src->detail_json && split_scenario(&e->mem, it, src->detail_json, &prose) != 0) {
                oom = 1;
                break;
            }
            /* a decision in code only: a reference for free text, not an option */
            it->option = prose ? make_option(&e->mem, prose, NULL, &drop) : "";
        } else if (assay_kind_derived((assay_kind)it->kind)) {
            /* short by construction (bank/derive.c): the answer as it is */
            it->option = arena_strdup(&e->mem, it->answer);
        } else {
            it->option = make_option(&e->mem, it->answer, it->question, &drop);
        }
        if (!it->option) {
            oom = 1;
            break;
        }
        it->option_w = text_width(it->option);
        it->option_hash = gen_text_hash(it->option);
        it->question_hash = gen_text_hash(it->question);
        gen_bloom_of(it->option, strlen(it->option), &it->option_bloom);
        it->hedge = drop || gen_is_hedge(it->option, strlen(it->option));
        if (!(it->option_fold = gen_fold_ascii(&e->mem, it->option, strlen(it->option)))) {
            oom = 1;
            break;
        }
        if (signatures(e, it) != 0 || note_aliases(e, it) != 0 || classify(e, it, src) != 0 ||
            carried_terms(e, it) != 0) {
            oom = 1;
            break;
        }
        it->form = form_of(it->option);
        it->self_echo = (uint8_t)echoes_itself(e, it);
        it->needs_context = (uint8_t)refers_back(it->question);
        if (it->needs_context)
            it->context = context_of(e, it, src);
        oom = tx_vectorize(&e->idx, it->question, strlen(it->question), &e->mem, &it->vq) != 0 ||
              tx_vectorize(&e->idx, it->answer, strlen(it->answer), &e->mem, &it->va) != 0 ||
              tx_vectorize(&e->idx, it->option, strlen(it->option), &e->mem, &it->vo) != 0;
        if (oom)
            break;
        uint32_t idx = (uint32_t)e->n_items++;
        g_topic *t = &e->topics[it->topic];
        details[idx] = src->detail_json;
        if (src->n_distractors && !assay_kind_derived(src->kind) &&
            src->kind != ASSAY_KIND_SCENARIO && authored_options(e, it, src) != 0) {
            oom = 1;
            break;
        }
        if (assay_kind_derived((assay_kind)it->kind)) {
            /* in the pool, never among other items' distractors or matching rows */
        } else if (it->kind == ASSAY_KIND_SCENARIO) {
            oom = push_u32(&e->mem, &t->scenarios, &t->n_scen, &t->cap_scen, idx) != 0 ||
                  push_u32(&e->mem, &e->scenarios, &e->n_scenarios, &e->cap_scenarios, idx) != 0;
        } else {
            int lv = it->level >= 0 && it->level <= ASSAY_MAX_LEVEL ? it->level : 0;
            oom = push_u32(&e->mem, &t->items, &t->n, &t->cap, idx) != 0 ||
                  push_u32(&e->mem, &e->by_level[lv], &e->n_by_level[lv], &e->cap_by_level[lv],
                           idx) != 0;
        }
    }
    if (!oom && !(e->pool_keys = arena_alloc(&e->mem, (e->n_items + 1) * sizeof *e->pool_keys)))
        oom = 1;
    uint32_t *kb_of = oom ? NULL : calloc(e->n_topics + 1, sizeof *kb_of);
    oom = oom || !kb_of;
    for (size_t t = 0; !oom && t < e->n_topics; t++) {
        kb_of[t] = (uint32_t)t;
        for (size_t u = 0; u < t; u++)
            if (e->topics[u].kb == e->topics[t].kb ||
                strcmp(e->topics[u].kb, e->topics[t].kb) == 0) {
                kb_of[t] = kb_of[u];
                break;
            }
    }
    for (size_t i = 0; !oom && i < e->n_items; i++) {
        const g_item *it = &e->items[i];
        int opt = it->option && it->option[0];
        int matchable = opt && !it->self_echo && !it->needs_context && !it->hedge;
        e->pool_keys[i] = (g_pool_key){it->option_hash,
                                       (uint32_t)it->topic,
                                       (int16_t)it->level,
                                       kb_of[it->topic],
                                       (uint8_t)(assay_kind_derived((assay_kind)it->kind) != 0),
                                       (uint8_t)opt,
                                       (uint8_t)(matchable ? it->stem_type : 255)};
    }
    free(kb_of);
    /* each topic's pairwise option cosines and near-duplicate verdicts */
    for (size_t t = 0; !oom && t < e->n_topics; t++) {
        const g_topic *tp = &e->topics[t];
        size_t m = tp->n;
        double *cos = arena_alloc(&e->mem, (m * m + 1) * sizeof *cos);
        uint8_t *dup = arena_alloc(&e->mem, m * m + 1);
        if (!cos || !dup) {
            oom = 1;
            break;
        }
        for (size_t a = 0; a < m; a++) {
            g_item *x = &e->items[tp->items[a]];
            x->topic_pos = (uint32_t)a;
        }
        for (size_t a = 0; a < m; a++)
            for (size_t b = a; b < m; b++) {
                const g_item *x = &e->items[tp->items[a]], *y = &e->items[tp->items[b]];
                cos[a * m + b] = tx_cosine(&x->vo, &y->vo);
                cos[b * m + a] = tx_cosine(&y->vo, &x->vo);
            }
        for (size_t a = 0; a < m; a++)
            e->items[tp->items[a]].cos_row = cos + a * m;
        for (size_t a = 0; a < m; a++)
            for (size_t b = 0; b < m; b++)
                dup[a * m + b] =
                    (uint8_t)near_duplicate_calc(&e->items[tp->items[a]], &e->items[tp->items[b]]);
        for (size_t a = 0; a < m; a++)
            e->items[tp->items[a]].dup_row = dup + a * m;
    }
    if (!oom)
        oom = derive_index_build(e, details) != 0;
    free(details);
    if (!oom)
        oom = key_terms(e, in) != 0 || engine_postings(e) != 0 || gen_near_prepare(e) != 0 ||
              clang_words_prepare(e) != 0 || gen_prepare(e) != 0 || gen_calibrate(e) != 0;
    if (oom) {
        engine_free(e);
        return err_set(err, ASSAY_ENOMEM, "out of memory indexing the bank");
    }
    load_params(e, in->params, in->n_params);
    *out = e;
    return ASSAY_OK;
}

long engine_find(const assay_engine *e, const char *id)
{
    for (size_t i = 0; id && i < e->n_items; i++)
        if (strcmp(e->items[i].id, id) == 0)
            return (long)i;
    return -1;
}
