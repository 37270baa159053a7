/* gen/gen — the six question generators. */
#include "gen/gen.h"

#include "gen/derive.h"

#include "core/buf.h"
#include "core/u8.h"
#include "text/hangul.h"
#include "text/sim.h"
#include "text/stem.h"
#include "text/tok.h"
#include "text/translit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POOL         48 /* distractor candidates considered per question */
#define FALLBACK         96 /* items sampled from other topics when the own topic is short */
#define SET_TRIALS       48 /* distractor sets tried when balancing cues */
#define MAX_ELSEWHERE    1  /* distractors from other topics per question */
#define CLANG_TEXT_UNITS 32 /* stem units the text-level clang rule reads */
/* a rare word: in the options of at most 1/RELATED_RARE of the items (4 at
 * least); or options RELATED_FLOOR close by TF-IDF */
#define RELATED_RARE  30
#define RELATED_FLOOR 0.25

typedef struct cand {
    uint32_t item;
    double sim;    /* cosine to the key option */
    double weight; /* sampling weight */
    int own;       /* from the key's own topic */
    size_t ov;     /* content words shared with the stem */
} cand;

/* Most similar first; stable, so equal candidates keep their order (and a
 * seed its quiz). Short arrays: insertion sort. */
static void sort_by_sim(cand *c, size_t n)
{
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && c[b - 1].sim < c[b].sim; b--) {
            cand tmp = c[b];
            c[b] = c[b - 1];
            c[b - 1] = tmp;
        }
}

static int shares_alias(const g_item *a, const g_item *b)
{
    for (uint16_t i = 0; i < a->n_al_ko; i++)
        for (uint16_t j = 0; j < b->n_al_en; j++)
            if (a->al_ko[i] == b->al_en[j])
                return 1;
    for (uint16_t i = 0; i < a->n_al_en; i++)
        for (uint16_t j = 0; j < b->n_al_ko; j++)
            if (a->al_en[i] == b->al_ko[j])
                return 1;
    return 0;
}

/* Too close to the key to be a distractor: the same words, the same thing
 * named in the other language, or a paraphrase. */
static int has_ci(const char *s, const char *w);
static int translates(const char *question, const char *option);
static int translates_ko(const char *question, const char *option);
static int spells_out(const char *q, const char *o);
static int initials_spell(const char *q, const char *o);
static void head_prepare(g_item *it);

static int too_close(const g_item *key, const g_item *c)
{
    return !c->option || !c->option[0] || c->hedge || shares_alias(key, c) ||
           near_duplicate(key, c);
}

/* Whether c's question asks nearly what key's asks: the same text, a TF-IDF
 * cosine of 0.8 or more, or the same type about more than half the same
 * distinctive words (for advantages and drawbacks: all the same words, so
 * "장점" and "단점" of one thing stay apart). */
static int asks_same(const g_item *key, const g_item *c)
{
    if (strcmp(key->question, c->question) == 0 || tx_cosine(&key->vq, &c->vq) >= 0.8)
        return 1;
    if (key->stem_type != c->stem_type)
        return 0;
    if (key->stem_type == STEM_PROSCONS) {
        size_t sh = sim_shared(key->qterms, key->n_qterms, c->qterms, c->n_qterms);
        return sh == key->n_qterms && sh == c->n_qterms;
    }
    size_t sh = sim_shared(key->dterms, key->n_dterms, c->dterms, c->n_dterms);
    size_t most = key->n_dterms > c->n_dterms ? key->n_dterms : c->n_dterms;
    return sh > 0 && 2 * sh > most;
}

/* Whether the distinctive words of a's question (its words, not their
 * transliteration skeletons) are in b's question or full answer — all of
 * them, or all but one of three or more (a verb stemmed another way: 구현
 * and 구현하는가): a asks about something b's question and answer cover. */
static int subject_within(const g_item *a, const g_item *b)
{
    size_t words = 0, missing = 0;
    for (uint32_t d = 0; d < a->n_dterms; d++) {
        if (!sim_shared(&a->dterms[d], 1, a->qterms, a->n_qterms))
            continue; /* a skeleton term */
        words++;
        missing += !sim_shared(&a->dterms[d], 1, b->qterms, b->n_qterms) &&
                   !sim_shared(&a->dterms[d], 1, b->aterms, b->n_aterms);
    }
    return words > 0 && (missing == 0 || (words >= 3 && missing == 1));
}

/* Whether c answers a question on the same concept as the key's, so that
 * its answer may be right for the key too (the review of seed 6173, defect
 * 5): "Redis로 Rate Limiting 구현 방법은?" beside "분산 환경에서 Rate Limiting은
 * 어떻게 구현하는가?" whose answer names Redis; "CDC란?" beside an answer that
 * uses CDC. Of the same type (gen_compatible asks that first). */
static int same_concept(const g_item *key, const g_item *c)
{
    return subject_within(c, key) || subject_within(key, c);
}

/* What an advantages-and-drawbacks stem asks: +1 advantages (장점, 이점,
 * benefit), -1 drawbacks (단점, 문제점, 한계, 주의점, drawback), 0 both or
 * neither (장단점, 트레이드오프). Advantages are no answer to "단점은?" (the
 * review of seed 8123, MC 16). */
static int proscons_polarity(const char *q)
{
    if (strstr(q, "장단점") || strstr(q, "트레이드오프") || has_ci(q, "trade-off") ||
        has_ci(q, "pros and cons"))
        return 0;
    static const char *const neg[] = {"단점",    "문제점", "한계",        "주의점",   "주의할",
                                      "어려운",  "어려움", "부작용",      "drawback", "downside",
                                      "pitfall", "위험",   "disadvantage"};
    static const char *const pos[] = {"장점", "이점", "benefit", "advantage", "pros", "효과"};
    for (size_t k = 0; k < sizeof neg / sizeof neg[0]; k++)
        if (has_ci(q, neg[k]))
            return -1;
    for (size_t k = 0; k < sizeof pos / sizeof pos[0]; k++)
        if (has_ci(q, pos[k]))
            return 1;
    return 0;
}

/* Whether an option is an "A vs B" fragment (a word vs standing alone). */
static int names_choices(const char *o)
{
    for (const char *p = o; p && (p = strstr(p, "vs")) != NULL; p += 2)
        if (p > o && p[-1] == ' ' && (p[2] == ' ' || p[2] == '.'))
            return 1;
    return 0;
}

/* ---- what an answer sets per something ("X별 N") ------------------------- */

#define DIST_TOKS 96

static uint64_t dist_hash(const char *w, size_t n)
{
    char k[64];
    if (n > sizeof k)
        n = sizeof k;
    size_t kn = tok_key(w, n, k);
    uint64_t h = 1469598103934665603ull;
    for (size_t x = 0; x < kn; x++)
        h = (h ^ (unsigned char)k[x]) * 1099511628211ull;
    return h;
}

static void dist_add(uint64_t *set, uint8_t *n, size_t cap, uint64_t h)
{
    for (uint8_t x = 0; x < *n; x++)
        if (set[x] == h)
            return;
    if (*n < cap)
        set[(*n)++] = h;
}

/* The offset of a distributive 별 ending word w (별, 별로, 별로는, 별의),
 * or -1: "리전별", "유형(…)별로", not 별도, 개별 or 특별 (X of one
 * syllable). */
static long dist_mark(const char *w, size_t n, int after_paren)
{
    static const char *const tails[] = {"", "\xeb\xa1\x9c", "\xeb\xa1\x9c\xeb\x8a\x94",
                                        "\xec\x9d\x98", "\xeb\xa1\x9c\xec\x9d\x98"};
    for (size_t p = 0; p + 3 <= n; p++) {
        if (memcmp(w + p, "\xeb\xb3\x84", 3) != 0)
            continue;
        int tail = 0;
        for (size_t t = 0; t < sizeof tails / sizeof tails[0] && !tail; t++)
            tail = n - p - 3 == strlen(tails[t]) && memcmp(w + p + 3, tails[t], n - p - 3) == 0;
        if (!tail)
            continue;
        /* X: two syllables or more, two Latin letters or more, or a
         * parenthesis closed right before (유형(Web, Mobile)별로) */
        if ((p == 0 && after_paren) || p >= 6 || (p >= 2 && (unsigned char)w[0] < 0x80))
            return (long)p;
    }
    return -1;
}

static void dist_scan(const char *s, uint64_t *heads, uint8_t *nh, uint64_t *xs, uint8_t *nx)
{
    *nh = *nx = 0;
    if (!s)
        return;
    size_t len = strlen(s);
    tok t[DIST_TOKS];
    size_t nt = tok_split(s, len, t, DIST_TOKS);
    if (nt > DIST_TOKS)
        nt = DIST_TOKS;
    for (size_t i = 0; i < nt; i++) {
        const char *w = s + t[i].off;
        long p = dist_mark(w, t[i].len, t[i].off > 0 && s[t[i].off - 1] == ')');
        if (p < 0)
            continue;
        if (p > 0)
            dist_add(xs, nx, 3, dist_hash(w, (size_t)p));
        /* the words it sets per X: the next three of its clause */
        size_t end = t[i].off + t[i].len;
        for (size_t j = i + 1; j < nt && j <= i + 3; j++) {
            int cut = 0;
            for (size_t b = end; b < t[j].off && !cut; b++)
                cut = s[b] == ',' || s[b] == ';' || s[b] == '.' || s[b] == '\n';
            if (cut)
                break;
            const char *hw = s + t[j].off;
            size_t hn = t[j].stem_len ? t[j].stem_len : t[j].len;
            end = t[j].off + t[j].len;
            if (tok_is_stopword(hw, hn))
                continue;
            /* a Latin word joined by '/' is its parts (Gateway/API) */
            for (size_t a = 0, b = 0; b <= hn; b++)
                if (b == hn || hw[b] == '/') {
                    if (b > a)
                        dist_add(heads, nh, 6, dist_hash(hw + a, b - a));
                    a = b + 1;
                }
        }
    }
}

static int dist_meet(const uint64_t *a, uint8_t na, const uint64_t *b, uint8_t nb)
{
    for (uint8_t x = 0; x < na; x++)
        for (uint8_t y = 0; y < nb; y++)
            if (a[x] == b[y])
                return 1;
    return 0;
}

/* Whether c's option sets per something what the key's answer sets per
 * something (the review of seed 6404, MC 26: BFF's "클라이언트 유형(Web,
 * Mobile)별로 전용 Gateway" beside the key "…리전별 Gateway, 도메인별
 * Gateway" of "멀티 게이트웨이 아키텍처란?": one gateway per client type is a
 * multi-gateway design), or about the key's subject (a distinctive word of
 * its question in c's) per the key's X (MC 13: "리전별 분산 캐시" of "글로벌
 * 서비스에서 캐시 전략은?" beside "…리전별 독립 스케일링" of "글로벌 스케일링
 * 전략은?"): a special case of the key, so a second correct answer. */
static int same_distribution(const g_item *key, const g_item *c)
{
    if (dist_meet(key->dist_ah, key->n_dist_ah, c->dist_oh, c->n_dist_oh))
        return 1;
    return dist_meet(key->dist_ax, key->n_dist_ax, c->dist_ox, c->n_dist_ox) &&
           sim_shared(key->dterms, key->n_dterms, c->qterms, c->n_qterms) > 0;
}

/* Content words of s by clause (a clause ends at , ; . or a line end
 * outside brackets): their hashes into t (cap), the clause starts into st
 * (cap_st + 1, only clauses of two to four words when clauses is set, else
 * one run of every word; words in brackets, a gloss, left out of a
 * clause); returns the count of clauses. */
static size_t clause_words(const char *s, uint64_t *t, size_t cap, uint16_t *st, size_t cap_st,
                           int clauses, size_t *n_t)
{
    *n_t = 0;
    st[0] = 0;
    if (!s)
        return 0;
    size_t len = strlen(s);
    tok tk[DIST_TOKS];
    size_t nt = tok_split(s, len, tk, DIST_TOKS);
    if (nt > DIST_TOKS)
        nt = DIST_TOKS;
    size_t ncl = 0, w = 0, from = 0, depth = 0, prev_end = 0;
    for (size_t i = 0; i <= nt; i++) {
        int cut = i == nt;
        size_t upto = i == nt ? len : tk[i].off;
        for (size_t b = prev_end; b < upto && !cut; b++) {
            depth += s[b] == '(';
            depth -= s[b] == ')' && depth > 0;
            cut = depth == 0 && (s[b] == ',' || s[b] == ';' || s[b] == '.' || s[b] == '\n');
        }
        if (cut && clauses) {
            size_t n = w - from;
            if (n >= 2 && n <= 4 && ncl < cap_st) {
                st[++ncl] = (uint16_t)w;
                from = w;
            } else {
                w = from; /* not a clause of its size: dropped */
            }
        }
        if (i == nt)
            break;
        prev_end = tk[i].off + tk[i].len;
        const char *hw = s + tk[i].off;
        size_t hn = tk[i].stem_len ? tk[i].stem_len : tk[i].len;
        int latin = (unsigned char)hw[0] < 0x80;
        if ((clauses && depth > 0) || tk[i].kind == TK_NUMBER || tok_is_stopword(hw, hn) ||
            hn < (latin ? 2u : 6u) || w >= cap) /* a bracket glosses its clause */
            continue;
        t[w++] = dist_hash(hw, hn);
    }
    if (!clauses && w > 0) {
        st[1] = (uint16_t)w;
        ncl = 1;
    }
    *n_t = w;
    return ncl;
}

static int clause_prepare(assay_engine *e, g_item *it)
{
    uint64_t t[DIST_TOKS];
    uint16_t st[33];
    size_t n;
    it->cl_terms = it->ow_terms = NULL;
    it->cl_start = NULL;
    it->n_cl = it->n_ow = 0;
    size_t ncl = clause_words(it->answer, t, DIST_TOKS, st, 32, 1, &n);
    if (ncl) {
        uint64_t *ct = arena_alloc(&e->mem, n * sizeof *ct);
        uint16_t *cs = arena_alloc(&e->mem, (ncl + 1) * sizeof *cs);
        if (!ct || !cs)
            return -1;
        memcpy(ct, t, n * sizeof *ct);
        memcpy(cs, st, (ncl + 1) * sizeof *cs);
        it->cl_terms = ct;
        it->cl_start = cs;
        it->n_cl = (uint16_t)ncl;
    }
    if (clause_words(it->option, t, DIST_TOKS, st, 32, 0, &n)) {
        uint64_t *ow = arena_alloc(&e->mem, n * sizeof *ow);
        if (!ow)
            return -1;
        memcpy(ow, t, n * sizeof *ow);
        it->ow_terms = ow;
        it->n_ow = (uint16_t)n;
    }
    return 0;
}

/* The question's content words and the option's short list members
 * (split at commas outside brackets; a list only with two members or more). */
static void list_prepare(g_item *it)
{
    uint64_t t[DIST_TOKS];
    uint16_t st[33];
    size_t n;
    it->n_qw = it->n_li = 0;
    clause_words(it->question, t, DIST_TOKS, st, 32, 0, &n);
    for (size_t x = 0; x < n && it->n_qw < 12; x++)
        it->qw[it->n_qw++] = t[x];
    if (!it->option || !strchr(it->option, ','))
        return;
    const char *o = it->option;
    size_t len = strlen(o), from = 0, depth = 0;
    for (size_t b = 0; b <= len && it->n_li < 8; b++) {
        if (b < len) {
            depth += o[b] == '(';
            depth -= o[b] == ')' && depth > 0;
            if (!(depth == 0 && o[b] == ','))
                continue;
        }
        char piece[128];
        size_t pn = b - from < sizeof piece - 1 ? b - from : sizeof piece - 1;
        memcpy(piece, o + from, pn);
        piece[pn] = 0;
        from = b + 1;
        clause_words(piece, t, DIST_TOKS, st, 32, 0, &n);
        if (n == 0 || n > 3)
            continue;
        for (size_t x = 0; x < n; x++)
            it->li[it->n_li][x] = t[x];
        it->li_n[it->n_li++] = (uint8_t)n;
    }
}

/* Whether a member of c's list is only words of the key's question. */
static int lists_the_stem(const g_item *key, const g_item *c)
{
    for (uint8_t m = 0; m < c->n_li; m++) {
        size_t in = 0;
        for (uint8_t x = 0; x < c->li_n[m]; x++)
            for (uint8_t y = 0; y < key->n_qw; y++)
                if (c->li[m][x] == key->qw[y]) {
                    in++;
                    break;
                }
        if (in == c->li_n[m])
            return 1;
    }
    return 0;
}

/* Whether c's option holds two whole clauses of the key's full answer (two
 * to four content words each): "일정한 고트래픽" and "장시간 실행" of "서버리스가
 * 비쌀 수 있는 경우는?" in the answer to "서버리스가 부적합한 경우는?" name the
 * same cases, a second correct answer. One clause is not enough: "짧은 TTL",
 * "백엔드 서비스", "쿼리 파라미터" are shared by answers to other questions
 * (7 of the 14 pairs one shared clause finds in the bundled bank). */
static int says_a_clause(const g_item *key, const g_item *c)
{
    int said = 0;
    for (uint16_t p = 0; p < key->n_cl; p++) {
        size_t in = 0, na = (size_t)(key->cl_start[p + 1] - key->cl_start[p]);
        const uint64_t *a = key->cl_terms + key->cl_start[p];
        for (size_t x = 0; x < na; x++)
            for (uint16_t y = 0; y < c->n_ow; y++)
                if (a[x] == c->ow_terms[y]) {
                    in++;
                    break;
                }
        said += in == na;
    }
    return said >= 2;
}

/* Whether c may stand beside key in a multiple-choice set by its shape: a
 * key of a shape (answer_shape: a URL path, a formula, header fields, an
 * arrow) takes only distractors of that shape (the review of seed 5309: the
 * only list of headers for "HTTP 캐시 제어 헤더는?"). */
static int mc_shape_fits(const g_item *key, const g_item *c)
{
    unsigned ks = key->shape & SHAPE_DISTINCT;
    return key->kind == ASSAY_KIND_SCENARIO || (ks & ~c->shape) == 0;
}

/* ---- a scenario's other right strategies ------------------------------- */

#define STRAT_CAP 192

static int nword_content(const char *s, const tok *t);

/* The forms a word of s is matched by, into out (at most 4): its matching
 * form, and for a loanword ending in -ing its plain one — a Hangul word of
 * two syllables or more whose last is 이 with final ㅇ (캐싱 → 캐시, 로깅 →
 * 로그, 스케일링 → 스케일), a Latin one its -ing, -ed, -s and final e off
 * (caching, cache → cach). */
static size_t strat_forms(const char *w, size_t n, uint64_t *out)
{
    char k[64];
    if (n > sizeof k)
        n = sizeof k;
    size_t kn = tok_key(w, n, k), m = 0;
    out[m++] = dist_hash(k, kn);
    if ((unsigned char)k[0] < 0x80) {
        size_t b = kn;
        if (b >= 6 && memcmp(k + b - 3, "ing", 3) == 0)
            b -= 3;
        else if (b >= 6 && memcmp(k + b - 2, "ed", 2) == 0)
            b -= 2;
        else if (b >= 5 && k[b - 1] == 's' && k[b - 2] != 's')
            b -= 1;
        if (b >= 4 && k[b - 1] == 'e')
            b -= 1;
        if (b != kn)
            out[m++] = dist_hash(k, b);
        return m;
    }
    if (kn < 6 || kn % 3 != 0)
        return m;
    const unsigned char *u = (const unsigned char *)k + kn - 3;
    int32_t cp = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    if ((u[0] & 0xF0) != 0xE0 || cp < 0xAC00 || cp > 0xD7A3)
        return m;
    int32_t sy = cp - 0xAC00, lead = sy / 588, vowel = sy % 588 / 28, tail = sy % 28;
    if (vowel != 20 || tail != 21) /* ㅣ with ㅇ: -ing */
        return m;
    int32_t alts[2] = {0xAC00 + lead * 588 + 20 * 28, 0xAC00 + lead * 588 + 18 * 28}; /* 시, 그 */
    for (int a = 0; a < 2; a++) {
        char v[64];
        memcpy(v, k, kn - 3);
        v[kn - 3] = (char)(0xE0 | (alts[a] >> 12));
        v[kn - 2] = (char)(0x80 | ((alts[a] >> 6) & 0x3F));
        v[kn - 1] = (char)(0x80 | (alts[a] & 0x3F));
        out[m++] = dist_hash(v, kn);
    }
    if (lead == 5 && kn >= 9) /* 링: the syllable off (스케일링 → 스케일) */
        out[m++] = dist_hash(k, kn - 3);
    return m;
}

/* The strategy words of s (content words, brackets left out when
 * outside_only), each in all its forms, into out; the count. */
static size_t strat_terms(const char *s, int outside_only, uint64_t *out, size_t cap)
{
    if (!s)
        return 0;
    tok tk[DIST_TOKS];
    size_t nt = tok_split(s, strlen(s), tk, DIST_TOKS), n = 0, depth = 0, b = 0;
    for (size_t i = 0; i < nt && i < DIST_TOKS && n + 4 <= cap; i++) {
        for (; b < tk[i].off; b++) {
            depth += s[b] == '(';
            depth -= s[b] == ')' && depth > 0;
        }
        b = tk[i].off;
        if ((outside_only && depth > 0) || !nword_content(s, &tk[i]))
            continue;
        const char *hw = s + tk[i].off;
        size_t hn = tk[i].stem_len ? tk[i].stem_len : tk[i].len;
        /* a Latin word joined by '/' or '-' is its parts (CDN/캐시, warm-up) */
        for (size_t a0 = 0, e0 = 0; e0 <= hn && n + 4 <= cap; e0++)
            if (e0 == hn || hw[e0] == '/' || hw[e0] == '-') {
                if (e0 > a0 && (e0 - a0 >= ((unsigned char)hw[a0] < 0x80 ? 2u : 6u)) &&
                    !tok_is_stopword(hw + a0, e0 - a0))
                    n += strat_forms(hw + a0, e0 - a0, out + n);
                a0 = e0 + 1;
            }
    }
    return n;
}

/* For each scenario, its topic's items whose option (brackets left out)
 * shares a strategy word with the scenario's full decision: "수직 확장, 읽기
 * 복제본, 샤딩, 캐싱(부하 감소)" and "서비스별 독립 스케일링" beside "사전 스케일
 * 아웃 (warm-up); CDN/캐시 최대 활용; …" for a sale at ten times the traffic
 * are right preparations too (the review of seed 5309, scenario 9, and of
 * seeds 8123 and 6404): never its options. */
static int scen_right_prepare(assay_engine *e)
{
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *sc = &e->items[i];
        sc->scen_right = NULL;
        sc->n_scen_right = 0;
        if (sc->kind != ASSAY_KIND_SCENARIO || !sc->decision)
            continue;
        uint64_t d[STRAT_CAP], pr[STRAT_CAP];
        size_t nd = strat_terms(sc->decision, 0, d, STRAT_CAP);
        /* less the words of its prompt: an option echoing the situation is
         * not thereby right for it (scen_echo) */
        size_t np = strat_terms(sc->sprompt, 0, pr, STRAT_CAP), keep = 0;
        for (size_t x = 0; x < nd; x++) {
            int said = 0;
            for (size_t y = 0; y < np && !said; y++)
                said = d[x] == pr[y];
            if (!said)
                d[keep++] = d[x];
        }
        nd = keep;
        const g_topic *t = &e->topics[sc->topic];
        uint32_t *v = NULL;
        size_t n = 0, cap = 0;
        for (size_t k = 0; k < t->n; k++) {
            const g_item *c = &e->items[t->items[k]];
            if (t->items[k] == i || c->kind == ASSAY_KIND_SCENARIO || !c->option)
                continue;
            uint64_t o[STRAT_CAP];
            size_t no = strat_terms(c->option, 1, o, STRAT_CAP);
            int meet = 0;
            for (size_t x = 0; x < no && !meet; x++)
                for (size_t y = 0; y < nd && !meet; y++)
                    meet = o[x] == d[y];
            if (!meet)
                continue;
            uint32_t *p = arena_push(&e->mem, (void **)&v, &n, &cap, sizeof *p);
            if (!p)
                return -1;
            *p = t->items[k];
        }
        sc->scen_right = v;
        sc->n_scen_right = (uint32_t)n;
    }
    return 0;
}

static int scen_is_right(const g_item *sc, uint32_t j)
{
    for (uint32_t k = 0; k < sc->n_scen_right; k++)
        if (sc->scen_right[k] == j)
            return 1;
    return 0;
}

/* ---- what the key's full answer names ---------------------------------- */

/* A word as names_prepare keeps it: its matching form and, for a Latin word
 * or a Hangul one of three consonant classes or more, its skeleton. */
static struct g_nword nword_of(const char *s, const tok *t)
{
    struct g_nword w = {0, 0, 0, 0};
    const char *hw = s + t->off;
    size_t hn = t->stem_len ? t->stem_len : t->len;
    w.h = dist_hash(hw, hn);
    int latin = 1;
    for (size_t i = 0; i < hn && latin; i++)
        latin = (hw[i] >= 'A' && hw[i] <= 'Z') || (hw[i] >= 'a' && hw[i] <= 'z');
    char skel[TL_MAX];
    size_t sn = latin                  ? tl_english(hw, hn, skel)
                : t->kind == TK_HANGUL ? tl_hangul(hw, hn, skel)
                                       : 0;
    if (sn >= 3) {
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < sn; i++)
            h = (h ^ (unsigned char)skel[i]) * 1099511628211ull;
        w.sk = h | 1ull;
    }
    w.latin = (uint8_t)latin;
    return w;
}

/* Whether two kept words are one: the same form, or one word spelled in the
 * other script (Scaling, 스케일링). */
static int nword_meet(const struct g_nword *a, const struct g_nword *b)
{
    return a->h == b->h || (a->sk && a->sk == b->sk && a->latin != b->latin);
}

/* Whether token t of s is a content word names_prepare keeps (no number,
 * stop word, or Hangul word of one syllable). */
static int nword_content(const char *s, const tok *t)
{
    const char *hw = s + t->off;
    size_t hn = t->stem_len ? t->stem_len : t->len;
    int latin = (unsigned char)hw[0] < 0x80;
    return t->kind != TK_NUMBER && !tok_is_stopword(hw, hn) && hn >= (latin ? 2u : 6u);
}

static int names_prepare(assay_engine *e, g_item *it)
{
    it->n_nm_a = it->n_nm_q = it->has_nm_head = 0;
    it->nm_a = NULL;
    tok tk[DIST_TOKS];
    /* the option's first content word outside brackets */
    if (it->option) {
        size_t nt = tok_split(it->option, strlen(it->option), tk, DIST_TOKS);
        for (size_t i = 0, depth = 0, b = 0; i < nt && i < DIST_TOKS && !it->has_nm_head; i++) {
            for (; b < tk[i].off; b++) {
                depth += it->option[b] == '(';
                depth -= it->option[b] == ')' && depth > 0;
            }
            if (depth == 0 && nword_content(it->option, &tk[i])) {
                it->nm_head = nword_of(it->option, &tk[i]);
                it->has_nm_head = 1;
            }
        }
    }
    /* the option's words, to mark the question's words it repeats */
    struct g_nword ow[DIST_TOKS];
    size_t now = 0;
    if (it->option) {
        size_t nt = tok_split(it->option, strlen(it->option), tk, DIST_TOKS);
        for (size_t i = 0; i < nt && i < DIST_TOKS; i++)
            if (nword_content(it->option, &tk[i]))
                ow[now++] = nword_of(it->option, &tk[i]);
    }
    /* the question's content words, cue words (이유, 방법, 원리 …) left out */
    it->nm_q_opt = 0;
    size_t nt = tok_split(it->question, strlen(it->question), tk, DIST_TOKS);
    for (size_t i = 0; i < nt && i < DIST_TOKS && it->n_nm_q < 8; i++) {
        char key[128];
        size_t sl = tk[i].stem_len ? tk[i].stem_len : tk[i].len;
        if (!nword_content(it->question, &tk[i]) || sl >= sizeof key ||
            stem_is_cue_word(key, tok_key(it->question + tk[i].off, sl, key)))
            continue;
        struct g_nword q = nword_of(it->question, &tk[i]);
        for (size_t o = 0; o < now; o++)
            if (nword_meet(&q, &ow[o]))
                it->nm_q_opt |= (uint8_t)(1u << it->n_nm_q);
        it->nm_q[it->n_nm_q++] = q;
    }
    /* the full answer's words outside brackets, by clause */
    if (!it->answer || it->kind == ASSAY_KIND_SCENARIO)
        return 0;
    const char *s = it->answer;
    size_t len = strlen(s);
    nt = tok_split(s, len, tk, DIST_TOKS);
    if (nt > DIST_TOKS)
        nt = DIST_TOKS;
    struct g_nword w[DIST_TOKS];
    size_t nw = 0, from = 0, depth = 0, b = 0;
    uint8_t clause = 0;
    for (size_t i = 0; i <= nt; i++) {
        size_t upto = i == nt ? len : tk[i].off;
        int cut = i == nt;
        for (; b < upto; b++) {
            depth += s[b] == '(';
            depth -= s[b] == ')' && depth > 0;
            cut |= depth == 0 && (s[b] == ',' || s[b] == ';' || s[b] == '.' || s[b] == '\n');
        }
        if (cut) {
            /* a clause of at most four content words names something; a
             * longer one says something */
            if (nw - from > 4)
                nw = from;
            from = nw;
            clause++;
        }
        if (i == nt)
            break;
        b = tk[i].off + tk[i].len;
        if (depth > 0 || !nword_content(s, &tk[i]))
            continue;
        w[nw] = nword_of(s, &tk[i]);
        w[nw++].clause = clause;
    }
    if (nw) {
        struct g_nword *v = arena_alloc(&e->mem, nw * sizeof *v);
        if (!v)
            return -1;
        memcpy(v, w, nw * sizeof *v);
        it->nm_a = v;
        it->n_nm_a = (uint16_t)nw;
    }
    return 0;
}

/* Whether one short clause of the key's full answer names both c's own
 * first word and, in another word, c's subject (a word of c's question):
 * "정확한 메트릭 기반 스케일링", part of the key's answer to "스케일링과 비용
 * 최적화 균형은?", names Auto Scaling ("Auto Scaling의 동작 원리는?") by its
 * "메트릭(CPU, 요청 수 등)을 모니터링하여 …" — a right answer too (the review
 * of seed 5309, MC 11). c's first word must be no word of the key's
 * question: what the stem asks about is named everywhere. */
static int answer_names(const g_item *key, const g_item *c)
{
    if (!c->has_nm_head)
        return 0;
    for (uint8_t q = 0; q < key->n_nm_q; q++)
        if (nword_meet(&key->nm_q[q], &c->nm_head))
            return 0;
    for (uint16_t x = 0; x < key->n_nm_a; x++) {
        if (!nword_meet(&key->nm_a[x], &c->nm_head))
            continue;
        for (uint16_t y = 0; y < key->n_nm_a; y++) {
            if (y == x || key->nm_a[y].clause != key->nm_a[x].clause ||
                nword_meet(&key->nm_a[y], &c->nm_head))
                continue;
            for (uint8_t q = 0; q < c->n_nm_q; q++)
                if (!(c->nm_q_opt >> q & 1) && nword_meet(&key->nm_a[y], &c->nm_q[q]))
                    return 1;
        }
    }
    return 0;
}

int gen_compatible(const g_item *key, const g_item *c)
{
    if (key->kind == ASSAY_KIND_SCENARIO || c->kind == ASSAY_KIND_SCENARIO)
        return 1; /* scenario decisions are chosen among scenarios */
    /* a form that answers this type of question, in the same class (or the
     * same family of questions) */
    /* an answer to the same kind of question: a list of drawbacks is no
     * answer to "AP 시스템의 예시는?" even when its form would fit (issue 9,
     * point 1; the review of seed 6173, defect 1) */
    if (key->stem_type != c->stem_type || c->expansion)
        return 0;
    /* a key that is a chain of steps (A → B → C) beside answers that are
     * none stands out by its form alone (the review of seed 8123, MC 8, 21) */
    if (key->answer_form == FORM_PROCEDURE && c->answer_form != FORM_PROCEDURE)
        return 0;
    /* nor any other shape a reader sees without knowing the subject: the
     * only URL path for "RESTful URL 설계 원칙은?", the only list of headers,
     * a formula or a layer order beside methods, the only two-sided "A는 …,
     * B는 …" for "서버리스와 컨테이너 하이브리드 전략은?", the only law for
     * "Amdahl의 법칙이란?" (the review of seed 5309, defect 1). Laws and
     * two-sided splits (for a stem naming two things) go either way; a key
     * of a shape takes only distractors of that shape (mc_shape_fits: for
     * multiple choice only — a true/false statement stands alone). */
    {
        unsigned ks = key->shape & SHAPE_DISTINCT, cs = c->shape & SHAPE_DISTINCT;
        /* a method stem's distractors and false statements are methods: no
         * formula, no order of layers beside a key that is neither (the
         * review of seed 5309, MC 10) */
        if ((!ks && key->stem_type == STEM_METHOD && (cs & (SHAPE_FORMULA | SHAPE_CHAIN))) ||
            key->law != c->law || (key->names_two && key->opt_split != c->opt_split))
            return 0;
    }
    if (!c->fits || !stem_form_fits((stem_type)key->stem_type, (answer_form)c->answer_form) ||
        (key->klass != c->klass && key->klass / FORM__COUNT != c->klass / FORM__COUNT) ||
        asks_same(key, c) || same_concept(key, c))
        return 0;
    if (key->stem_type == STEM_PROSCONS &&
        proscons_polarity(key->question) != proscons_polarity(c->question))
        return 0;
    /* an "A vs B" fragment names two choices, no behaviour, role or
     * definition: a distractor only where the key is one too (the review of
     * seed 9377, MC 4: "인스턴스별 독립 vs 중앙 집중" for "Half-Open 상태의 동작은?") */
    if (key->stem_type != STEM_COMPARISON && names_choices(c->option) &&
        !names_choices(key->option))
        return 0;
    /* nor an order ("Retry → Circuit Breaker 순서", "L1 → L2 → Origin") where
     * the key orders nothing: an order is no behaviour, method or
     * definition (the review of seed 5309, MC 21 D rated 0 for "Half-Open
     * 상태의 동작은?", MC 10 C and 18 B rated 1) */
    if (c->chain && !key->chain)
        return 0;
    /* the option says what the key's full answer says: more than half its
     * content words are in the key's answer */
    size_t sh = sim_shared(c->oterms, c->n_oterms, key->aterms, key->n_aterms);
    if (c->n_oterms > 0 && 2 * sh > c->n_oterms)
        return 0;
    /* nor a special case of the key, nor the same cases (a second correct
     * answer: the review of seed 6404, defect 4) */
    if (same_distribution(key, c) || says_a_clause(key, c))
        return 0;
    /* nor what one clause of the key's full answer names (answer_names) */
    if (answer_names(key, c))
        return 0;
    /* nor a list naming the stem's own term as a member: the answer to
     * another question (where, not which products: the review of seed 6404,
     * MC 14) */
    return !lists_the_stem(key, c);
}

/* Form classes as distractors share them: a definition counted as prose. */
static unsigned form_class(const g_item *it)
{
    return it->answer_form == FORM_DEFINITION ? FORM_OTHER : it->answer_form;
}

/* A candidate from another topic is no distractor unless it is about what
 * the key is about: its answer of the same form, and its option carrying
 * one of the stem's distinctive words that few options of the bank carry
 * (RELATED_RARE), or close to the key's by TF-IDF (RELATED_FLOOR; 0.15 with
 * any stem word before the review of seed 6404). Else a reader who knows nothing of the subject
 * sets it aside ("모듈러 모놀리스…" offered for "Kafka의 Partition이란?"; the review of seed 6404:
 * the cache-warming answer, sharing only 서비스, for "eBPF 기반 서비스 메시란?", "API 호출, 이벤트
 * 발행/구독, 데이터 복제" for API Gateway authentication, the scaling-bottleneck answer, close only
 * by TF-IDF, for API deprecation). */
static int rare_term(const assay_engine *e, uint64_t h)
{
    size_t np;
    engine_posting(e, h, &np);
    size_t cap = e->n_items / RELATED_RARE;
    return np <= (cap < 4 ? 4 : cap);
}

static int related_elsewhere(const assay_engine *e, const g_item *key, const g_item *c)
{
    if (form_class(key) != form_class(c))
        return 0;
    /* a distinctive word of the stem (a word, not a transliteration
     * skeleton, which short words share by chance) that c's option carries */
    for (uint32_t d = 0; d < key->n_dterms; d++)
        if (sim_shared(&key->dterms[d], 1, key->qterms, key->n_qterms) &&
            sim_shared(&key->dterms[d], 1, c->cterms, c->n_cterms) && rare_term(e, key->dterms[d]))
            return 1;
    /* or the answers close (not the questions: "…이 적합한 경우는?" share
     * only what they ask) */
    return tx_cosine(&key->vo, &c->vo) >= RELATED_FLOOR;
}

/* The length ranks (distractors shorter than the key) item key can fill
 * with k options, as a bit set: its own topic's candidates with at most
 * MAX_ELSEWHERE related ones from other topics (g_item.rel) on a side the
 * own topic cannot fill; 0 when it cannot fill k - 1 at all. */
static unsigned own_ranks(const assay_engine *e, const g_item *key, int k)
{
    size_t need = (size_t)k - 1, shorter = 0, longer = 0;
    if (key->n_cands + MAX_ELSEWHERE < need)
        return 0;
    for (uint32_t c = 0; c < key->n_cands; c++) {
        size_t w = e->items[key->cands[c]].option_w;
        shorter += w <= key->option_w;
        longer += w >= key->option_w;
    }
    int rel_short = 0, rel_long = 0;
    for (uint32_t c = 0; c < key->n_rel; c++) {
        size_t w = e->items[key->rel[c]].option_w;
        rel_short |= w < key->option_w;
        rel_long |= w > key->option_w;
    }
    unsigned set = 0;
    for (size_t r = 0; r <= need; r++) {
        size_t ds = r > shorter ? r - shorter : 0, dl = need - r > longer ? need - r - longer : 0;
        size_t own_used = need - ds - dl;
        if (ds + dl <= MAX_ELSEWHERE && (ds == 0 || rel_short) && (dl == 0 || rel_long) &&
            own_used <= key->n_cands)
            set |= 1u << r;
    }
    return set;
}

/* Ranks the own topic can fill are preferred to filling a side from other
 * topics, yet "longest" and "shortest" must still find the key 1/k of the
 * time: weights per rank, found by iterative proportional fitting over the
 * bank's items (those with ok[i] set; ok NULL = all), make the mean
 * probability of each rank 1/k. */
static void balance_ranks(assay_engine *e, int k, const char *ok)
{
    {
        double w[5] = {1, 1, 1, 1, 1};
        for (int iter = 0; iter < 30; iter++) {
            double acc[5] = {0}, total = 0;
            for (size_t i = 0; i < e->n_items; i++) {
                const g_item *it = &e->items[i];
                if (it->kind == ASSAY_KIND_SCENARIO || derive_is(e, (uint32_t)i) || !it->fits ||
                    it->hedge || it->mc_gives_away || (ok && !ok[i]))
                    continue;
                unsigned set = own_ranks(e, it, k);
                if (!set)
                    continue; /* not asked with k options */
                double sum = 0;
                for (int r = 0; r < k; r++)
                    sum += set & (1u << r) ? w[r] : 0;
                for (int r = 0; r < k; r++)
                    acc[r] += set & (1u << r) ? w[r] / sum : 0;
                total++;
            }
            for (int r = 0; r < k && total > 0; r++)
                if (acc[r] > 0) {
                    w[r] *= total / k / acc[r];
                    w[r] = w[r] < 1e-3 ? 1e-3 : w[r] > 1e3 ? 1e3 : w[r];
                }
        }
        for (size_t i = 0; i < e->n_items; i++) {
            g_item *it = &e->items[i];
            memset(it->rank_p[k], 0, sizeof it->rank_p[k]);
            if (it->kind == ASSAY_KIND_SCENARIO)
                continue;
            unsigned set = own_ranks(e, it, k);
            double sum = 0;
            for (int r = 0; r < k; r++)
                sum += set & (1u << r) ? w[r] : 0;
            for (int r = 0; set && r < k; r++)
                it->rank_p[k][r] = set & (1u << r) ? (float)(w[r] / sum) : 0.0f;
        }
    }
}

static int cloze_prepare(assay_engine *e);

/* Each item's related candidates from other topics of its knowledge base
 * (g_item.rel): read once at build, so a question does not sample the
 * bank's classes (which hold every knowledge base) for them. */
#define REL_MAX 12
static int related_prepare(assay_engine *e)
{
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *key = &e->items[i];
        key->rel = NULL;
        key->rel_sim = NULL;
        key->n_rel = 0;
        if (key->kind == ASSAY_KIND_SCENARIO || derive_is(e, (uint32_t)i) || !key->fits ||
            !key->option || !key->option[0])
            continue;
        uint32_t best[REL_MAX];
        float bsim[REL_MAX];
        size_t nb = 0;
        int lv = key->level >= 0 && key->level <= ASSAY_MAX_LEVEL ? key->level : 0;
        for (int s = 0; s < 3; s++) {
            int l = s == 0 ? lv : s == 1 ? lv - 1 : lv + 1;
            if (l < 0 || l > ASSAY_MAX_LEVEL || (s > 0 && lv == 0))
                continue;
            const uint32_t *v = e->by_class[key->klass][l];
            for (size_t k = 0; k < e->n_by_class[key->klass][l]; k++) {
                uint32_t j = v[k];
                const g_item *c = &e->items[j];
                if (j == i || c->topic == key->topic || c->kb != key->kb ||
                    c->stem_type != key->stem_type || !c->fits || c->hedge || !c->option ||
                    !c->option[0])
                    continue;
                if (strcmp(c->kb, key->kb) != 0 || too_close(key, c) || !gen_compatible(key, c) ||
                    !related_elsewhere(e, key, c))
                    continue;
                /* the key's level first */
                float sim = (float)(tx_cosine(&key->vo, &c->vo) + (s == 0 ? 0.5 : 0.0));
                size_t at = nb < REL_MAX ? nb++ : REL_MAX - 1;
                if (at == REL_MAX - 1 && nb == REL_MAX && bsim[at] >= sim)
                    continue;
                for (; at > 0 && bsim[at - 1] < sim; at--) {
                    best[at] = best[at - 1];
                    bsim[at] = bsim[at - 1];
                }
                best[at] = j;
                bsim[at] = sim;
            }
        }
        if (nb == 0)
            continue;
        key->rel = arena_alloc(&e->mem, nb * sizeof *key->rel);
        key->rel_sim = arena_alloc(&e->mem, nb * sizeof *key->rel_sim);
        if (!key->rel || !key->rel_sim)
            return -1;
        for (size_t k = 0; k < nb; k++) {
            key->rel[k] = best[k];
            key->rel_sim[k] = bsim[k] - (e->items[best[k]].level == key->level ? 0.5f : 0.0f);
        }
        key->n_rel = (uint32_t)nb;
    }
    return 0;
}

static int match_prepare(assay_engine *e);
static int tf_prepare(assay_engine *e);

/* Keeps an item's stem units (it->clang_units), packed (a unit is mostly
 * empty room): split once at build rather than for every multiple-choice
 * question of it; -1 when out of memory. */
static int clang_units_keep(assay_engine *e, g_item *it, const clang_unit *cu, size_t nu)
{
    size_t len = 0;
    for (size_t x = 0; x < nu; x++) {
        len++;
        for (uint8_t k = 0; k < cu[x].n; k++)
            len += 2 + strlen(cu[x].s[k]);
    }
    uint8_t *p = arena_alloc(&e->mem, len ? len : 1);
    if (!p)
        return -1;
    it->clang_units = p;
    it->n_clang_units = (uint32_t)nu;
    for (size_t x = 0; x < nu; x++) {
        *p++ = cu[x].n;
        for (uint8_t k = 0; k < cu[x].n; k++) {
            size_t sl = strlen(cu[x].s[k]); /* < CLANG_WORD */
            *p++ = cu[x].mode[k];
            *p++ = (uint8_t)sl;
            memcpy(p, cu[x].s[k], sl);
            p += sl;
        }
    }
    return 0;
}

/* The units clang_units_keep packed for item it into cu[0..CLANG_TEXT_UNITS):
 * the same units cue_clang_units gives for its question; how many. */
static size_t clang_units_of(const g_item *it, clang_unit *cu)
{
    const uint8_t *p = it->clang_units;
    size_t nu = it->n_clang_units < CLANG_TEXT_UNITS ? it->n_clang_units : CLANG_TEXT_UNITS;
    for (size_t x = 0; x < nu; x++) {
        cu[x].n = *p++;
        for (uint8_t k = 0; k < cu[x].n; k++) {
            cu[x].mode[k] = *p++;
            size_t sl = *p++;
            memcpy(cu[x].s[k], p, sl);
            cu[x].s[k][sl] = '\0';
            p += sl;
        }
    }
    return nu;
}

int gen_prepare(assay_engine *e)
{
    size_t cap[ENGINE_CLASSES][ASSAY_MAX_LEVEL + 1];
    memset(cap, 0, sizeof cap);
    /* an option that only spells out its own stem's acronym in English
     * ("Representational State Transfer" for "REST API란?") answers nothing
     * else: never another item's distractor (the review of seed 8123, MC 25) */
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        int hangul = 0;
        for (const char *c = it->option; c && *c && !hangul; c++)
            hangul = (unsigned char)*c >= 0xEA && (unsigned char)*c <= 0xED;
        it->expansion = (uint8_t)(it->option && !hangul && spells_out(it->question, it->option));
        it->tf_echo = (uint8_t)(it->option && translates(it->question, it->option));
        it->shape = (uint8_t)(it->option ? answer_shape(it->option) : 0);
        it->names_two = (uint8_t)(it->stem_type != STEM_COMPARISON && stem_names_two(it->question));
        it->opt_split = (uint8_t)(it->option && answer_two_sided(it->option));
        it->law = (uint8_t)stem_asks_law(it->question);
        it->chain = (uint8_t)(it->option &&
                              (strstr(it->option, "\xe2\x86\x92") || strstr(it->option, "->")));
        head_prepare(it);
        dist_scan(it->answer, it->dist_ah, &it->n_dist_ah, it->dist_ax, &it->n_dist_ax);
        dist_scan(it->option, it->dist_oh, &it->n_dist_oh, it->dist_ox, &it->n_dist_ox);
        if (clause_prepare(e, it) != 0 || names_prepare(e, it) != 0)
            return -1;
        list_prepare(it);
        it->clang_mask = 0;
        it->clang_units = NULL;
        it->n_clang_units = 0;
        if (it->option && it->kind != ASSAY_KIND_SCENARIO) {
            clang_unit cu[CLANG_TEXT_UNITS];
            size_t nu = cue_clang_units_in(e, it->question, e->topics[it->topic].title, cu,
                                           CLANG_TEXT_UNITS);
            it->clang_mask = nu ? cue_clang_mask_item(cu, nu, it) : 0;
            if (it->clang_mask && clang_units_keep(e, it, cu, nu) != 0)
                return -1;
        }
    }
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *key = &e->items[i];
        /* derived items are asked their own way (gen/derive.c) and are never
         * another item's distractor */
        if (key->kind == ASSAY_KIND_SCENARIO || derive_is(e, (uint32_t)i))
            continue;
        int lv = key->level >= 0 && key->level <= ASSAY_MAX_LEVEL ? key->level : 0;
        uint32_t *slot =
            arena_push(&e->mem, (void **)&e->by_class[key->klass][lv],
                       &e->n_by_class[key->klass][lv], &cap[key->klass][lv], sizeof *slot);
        if (!slot)
            return -1;
        *slot = (uint32_t)i;
        const g_topic *t = &e->topics[key->topic];
        size_t n = 0, c = 0;
        key->cands = NULL;
        for (size_t k = 0; k < t->n && n < MAX_POOL; k++) {
            uint32_t j = t->items[k];
            const g_item *o = &e->items[j];
            if (j == i || too_close(key, o) || !gen_compatible(key, o))
                continue;
            uint32_t *p = arena_push(&e->mem, (void **)&key->cands, &n, &c, sizeof *p);
            if (!p)
                return -1;
            *p = j;
        }
        key->n_cands = (uint32_t)n;
        /* the key alone spelling out or translating the stem: the clang
         * solver's pick (issue 9, point 5); another type for it unless a
         * candidate does so too */
        key->mc_gives_away = 0;
        if (key->option &&
            (spells_out(key->question, key->option) || initials_spell(key->question, key->option) ||
             translates_ko(key->question, key->option))) {
            key->mc_gives_away = 1;
            for (size_t x = 0; x < n && key->mc_gives_away; x++) {
                const g_item *o = &e->items[key->cands[x]];
                key->mc_gives_away = !(spells_out(key->question, o->option) ||
                                       initials_spell(key->question, o->option) ||
                                       translates_ko(key->question, o->option));
            }
        }
    }
    if (related_prepare(e) != 0 || scen_right_prepare(e) != 0)
        return -1;
    /* the key alone carrying a stem unit of the text-level clang solver
     * that no candidate of its own topic or related one elsewhere carries:
     * every set would give it away, so another type (early: choose_options
     * would build the pool only to find that) */
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *key = &e->items[i];
        if (!key->clang_mask || key->mc_gives_away || key->kind == ASSAY_KIND_SCENARIO ||
            derive_is(e, (uint32_t)i))
            continue;
        clang_unit cu[CLANG_TEXT_UNITS];
        size_t nu = clang_units_of(key, cu); /* kept above (clang_units_keep) */
        unsigned carried = 0;
        for (uint32_t x = 0; x < key->n_cands && (key->clang_mask & ~carried); x++)
            carried |= cue_clang_mask_item(cu, nu, &e->items[key->cands[x]]);
        /* elsewhere: what add_echoing may find (the same class and
         * knowledge base, compatible and related) */
        for (int lv = 0; lv <= ASSAY_MAX_LEVEL && (key->clang_mask & ~carried); lv++)
            for (size_t x = 0; x < e->n_by_class[key->klass][lv] && (key->clang_mask & ~carried);
                 x++) {
                const g_item *c = &e->items[e->by_class[key->klass][lv][x]];
                if (c->topic == key->topic || c->kb != key->kb || !c->option)
                    continue;
                /* the text first: few candidates carry a missing unit */
                unsigned m = cue_clang_mask_item(cu, nu, c);
                if ((m & key->clang_mask & ~carried) && !too_close(key, c) &&
                    gen_compatible(key, c) && related_elsewhere(e, key, c))
                    carried |= m;
            }
        key->mc_gives_away = (key->clang_mask & ~carried) != 0;
    }
    /* a key of a shape with fewer than two candidates of that shape (its
     * own topic's and related ones): every set would give it away */
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *key = &e->items[i];
        if (!(key->shape & SHAPE_DISTINCT) || key->mc_gives_away ||
            key->kind == ASSAY_KIND_SCENARIO || derive_is(e, (uint32_t)i))
            continue;
        size_t fit = 0;
        for (uint32_t x = 0; x < key->n_cands; x++)
            fit += mc_shape_fits(key, &e->items[key->cands[x]]) ? 1u : 0u;
        for (uint32_t x = 0; x < key->n_rel; x++)
            fit += mc_shape_fits(key, &e->items[key->rel[x]]) ? 1u : 0u;
        key->mc_gives_away = fit < 2;
    }
    for (int k = 3; k <= 5; k++)
        balance_ranks(e, k, NULL);
    if (tf_prepare(e) != 0 || match_prepare(e) != 0)
        return -1;
    return cloze_prepare(e);
}

/* Closer distractors for harder levels (REFERENCES §1: plausible ones). */
static double sharpness(int level)
{
    return level <= 0 ? 2.0 : 1.0 + level;
}

/* Homogeneous length: 1 for the same width, falling off with the ratio. */
static double length_fit(size_t a, size_t b)
{
    double r = log(((double)a + 4) / ((double)b + 4));
    return exp(-2.0 * fabs(r));
}

static double form_fit(unsigned a, unsigned b)
{
    unsigned d = a ^ b;
    return (d & FORM_CODE ? 0.3 : 1.0) * (d & FORM_LATIN ? 0.5 : 1.0) * (d & FORM_LIST ? 0.7 : 1.0);
}

static int in_pool(const cand *p, size_t n, uint32_t item)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].item == item)
            return 1;
    return 0;
}

typedef struct stem {
    const uint64_t *terms;
    size_t n;
} stem;

static cand make_cand(const assay_engine *e, const g_item *key, uint32_t j, int own, const stem *st)
{
    const g_item *c = &e->items[j];
    cand x = {j, option_cosine(key, c), 0, own,
              sim_shared(st->terms, st->n, c->oterms, c->n_oterms)};
    return x;
}

/* A word of a scenario's prompt (title and situation) that few answers of
 * the bank carry: "유료", "GraphQL", "DB", not "서비스". */
static int scen_rare(const assay_engine *e, uint64_t h)
{
    size_t np;
    engine_posting(e, h, &np);
    size_t cap = e->n_items / 40;
    return np <= (cap < 4 ? 4 : cap);
}

/* Whether option c repeats a rare word of scenario key's prompt, or two of
 * its words. The key
 * alone repeating one ("유료 사용자", "DB 변경", "GraphQL") gives it away;
 * a distractor alone repeating one looks right for the situation and often
 * is (traffic analysis and a buffer for a timed sale): every option of a
 * scenario echoes the situation, or none does (issue 9, point 11). */
static int scen_echo(const assay_engine *e, const g_item *key, const g_item *c)
{
    size_t shared = 0;
    for (uint32_t t = 0; t < key->n_sterms; t++)
        if (sim_shared(&key->sterms[t], 1, c->cterms, c->n_cterms)) {
            if (scen_rare(e, key->sterms[t]))
                return 1;
            shared++;
        }
    return shared >= 2; /* or two of its words ("DB", "변경") */
}

/* The key's own topic: every other answer that is not too close to it. A
 * scenario's come from its topic's method and strategy answers (Write-Through,
 * TTL only, for a caching case), not from other scenarios, which word
 * matching would tell apart at once (issue 9, point 11). */
static size_t own_candidates(const assay_engine *e, uint32_t i, const stem *st, cand *pool,
                             const gen_excl *x)
{
    const g_item *key = &e->items[i];
    const g_topic *t = &e->topics[key->topic];
    size_t n = 0;
    if (key->kind != ASSAY_KIND_SCENARIO) {
        /* worked out at build (gen_prepare) */
        for (uint32_t k = 0; k < key->n_cands; k++)
            if (!gen_excl_item(x, key->cands[k]))
                pool[n++] = make_cand(e, key, key->cands[k], 1, st);
        return n;
    }
    for (size_t k = 0; k < t->n && n < MAX_POOL; k++) {
        uint32_t j = t->items[k];
        if (j == i || too_close(key, &e->items[j]) || gen_excl_item(x, j))
            continue;
        cand c = make_cand(e, key, j, 1, st);
        /* a strategy answer: a decision, as the key is (the review of seed
         * 6173: lists of tools and of drawbacks, which share the
         * situation's words, were no decisions) */
        if (e->items[j].stem_type != STEM_METHOD ||
            scen_echo(e, key, &e->items[j]) != scen_echo(e, key, key))
            continue;
        /* nor another right strategy for the situation (scen_right_prepare) */
        if (scen_is_right(key, j))
            continue;
        pool[n++] = c;
    }
    return n;
}

/* What a candidate from elsewhere must offer. */
typedef struct want {
    int side;           /* -1 shorter than the key, +1 longer, 0 either */
    size_t ov_at_least; /* shared stem words, 0 = any */
} want;

/* Items elsewhere whose option shares at least w->ov_at_least words with
 * the stem, found through the option-word index rather than by sampling; the
 * key's level first, then the most similar. */
#define POSTING_CAP 256 /* items read per word: common words need not be read whole */
#define SEEN_CAP    1024

static size_t add_echoing(const assay_engine *e, uint32_t i, const stem *st, const want *w,
                          size_t count, cand *pool, size_t n, const gen_excl *ex)
{
    const g_item *key = &e->items[i];
    uint32_t seen[SEEN_CAP];
    uint16_t hits[SEEN_CAP];
    uint16_t slot[SEEN_CAP * 2]; /* open addressing: 1 + index into seen, 0 = free */
    memset(slot, 0, sizeof slot);
    size_t ns = 0;
    for (size_t t = 0; t < st->n; t++) {
        size_t np;
        const uint32_t *items = engine_posting(e, st->terms[t], &np);
        for (size_t k = 0; k < np && k < POSTING_CAP; k++) {
            size_t h = (items[k] * 2654435761u) & (SEEN_CAP * 2 - 1);
            while (slot[h] && seen[slot[h] - 1] != items[k])
                h = (h + 1) & (SEEN_CAP * 2 - 1);
            if (!slot[h]) {
                if (ns == SEEN_CAP)
                    continue;
                seen[ns] = items[k];
                hits[ns] = 0;
                slot[h] = (uint16_t)++ns;
            }
            hits[slot[h] - 1]++;
        }
    }
    cand found[FALLBACK];
    size_t nf = 0;
    for (size_t x = 0; x < ns && nf < FALLBACK; x++) {
        const g_item *c = &e->items[seen[x]];
        if (hits[x] < w->ov_at_least || seen[x] == i || c->topic == key->topic ||
            c->klass != key->klass || strcmp(c->kb, key->kb) != 0 || in_pool(pool, n, seen[x]) ||
            too_close(key, c) || gen_excl_item(ex, seen[x]) || !gen_compatible(key, c) ||
            !mc_shape_fits(key, c) || !related_elsewhere(e, key, c))
            continue;
        cand y = {seen[x], tx_cosine(&key->vo, &c->vo), 0, 0, hits[x]};
        y.sim += (c->level == key->level ? 0.5 : 0.0) + (strcmp(c->kb, key->kb) == 0 ? 0.2 : 0.0);
        found[nf++] = y;
    }
    sort_by_sim(found, nf);
    for (size_t k = 0; k < nf && k < count && n < MAX_POOL; k++) {
        found[k].sim -= (e->items[found[k].item].level == key->level ? 0.5 : 0.0) +
                        (strcmp(e->items[found[k].item].kb, key->kb) == 0 ? 0.2 : 0.0);
        pool[n++] = found[k];
    }
    return n;
}

static size_t add_elsewhere(const assay_engine *e, uint32_t i, const stem *st, const want *w,
                            size_t count, rng *r, cand *pool, size_t n, const gen_excl *x)
{
    (void)r;
    const g_item *key = &e->items[i];
    if (key->kind == ASSAY_KIND_SCENARIO)
        return n; /* its own topic's strategies only (own_candidates) */
    if (w->ov_at_least)
        return add_echoing(e, i, st, w, count, pool, n, x);
    /* the related candidates worked out at build (related_prepare), the
     * key's level and the most similar first */
    size_t added = 0;
    for (uint32_t k = 0; k < key->n_rel && added < count && n < MAX_POOL; k++) {
        uint32_t j = key->rel[k];
        const g_item *c = &e->items[j];
        if ((w->side < 0 && !(c->option_w < key->option_w)) ||
            (w->side > 0 && !(c->option_w > key->option_w)) || in_pool(pool, n, j) ||
            gen_excl_item(x, j) || !mc_shape_fits(key, c))
            continue;
        cand y = {j, key->rel_sim[k], 0, 0, sim_shared(st->terms, st->n, c->oterms, c->n_oterms)};
        pool[n++] = y;
        added++;
    }
    return n;
}

/* Draws m distinct candidates by weight from those with mask[k] set. */
static int draw(rng *r, const cand *pool, size_t n, const char *mask, size_t m, char *taken,
                size_t *out)
{
    for (size_t d = 0; d < m; d++) {
        double total = 0;
        for (size_t k = 0; k < n; k++)
            if (mask[k] && !taken[k])
                total += pool[k].weight;
        if (total <= 0)
            return -1;
        double x = rng_unit(r) * total, acc = 0;
        size_t pick = n;
        for (size_t k = 0; k < n; k++) {
            if (!mask[k] || taken[k])
                continue;
            pick = k; /* the last eligible one absorbs rounding */
            acc += pool[k].weight;
            if (x < acc)
                break;
        }
        taken[pick] = 1;
        out[d] = pick;
    }
    return 0;
}

/* Which of the key's distinctive words (dterms, bit d for dterms[d]) option
 * c carries: the draws of choose_options test each drawn set's words by
 * these bits rather than by a search per word and set (keys of at most 64
 * dterms; the others search as before). */
static uint64_t dterm_bits(const g_item *key, const g_item *c)
{
    uint64_t m = 0;
    for (uint32_t d = 0; d < key->n_dterms && d < 64; d++)
        if (sim_shared(&key->dterms[d], 1, c->cterms, c->n_cterms))
            m |= (uint64_t)1 << d;
    return m;
}

/* Chooses k-1 distractors and the key's position so that no naive strategy
 * finds the key more often than chance. The key's length rank is drawn
 * uniformly and the distractors picked on each side of it, so "longest" and
 * "shortest" hit 1/k by construction; for stem overlap and centrality a
 * target (hit or not, with probability 1/k) is drawn, and of several
 * weighted draws the set nearest the targets is kept. The own topic comes
 * first; other topics only fill what it cannot. */
static int choose_options(const assay_engine *e, uint32_t i, int k, const stem *st, rng *r,
                          arena *a, g_question *q, const double *force, const gen_excl *ex)
{
    const g_item *key = &e->items[i];
    cand pool[MAX_POOL];
    size_t need = (size_t)k - 1;
    /* at most MAX_ELSEWHERE distractors from other topics: the own topic's
     * answers of the same kind make the set (fewer options, or another type,
     * when it has too few) */
    if (key->kind != ASSAY_KIND_SCENARIO && key->n_cands + MAX_ELSEWHERE < need)
        return 1;
    size_t n = own_candidates(e, i, st, pool, ex);
    if (key->shape & SHAPE_DISTINCT) {
        size_t w = 0;
        for (size_t x = 0; x < n; x++)
            if (mc_shape_fits(key, &e->items[pool[x].item]))
                pool[w++] = pool[x];
        n = w;
    }
    if (key->kind != ASSAY_KIND_SCENARIO && n + MAX_ELSEWHERE < need)
        return 1;

    /* distractors shorter than the key: a rank the own topic can fill, in
     * proportions that keep each rank at 1/k over the bank (gen_prepare) */
    size_t rank;
    double own_p = 0;
    for (int x = 0; x < k && key->kind != ASSAY_KIND_SCENARIO; x++)
        own_p += key->rank_p[k][x];
    if (own_p > 0) {
        double u = rng_unit(r), acc = 0;
        rank = 0;
        for (int x = 0; x < k; x++) {
            acc += key->rank_p[k][x];
            if (key->rank_p[k][x] > 0)
                rank = (size_t)x;
            if (u < acc)
                break;
        }
    } else {
        rank = rng_below(r, (uint32_t)k);
    }
    /* targets for the two cues that length does not decide, drawn with the
     * probabilities calibrated on this bank (gen_calibrate) so that each hits
     * 1/k on average, items where a target cannot be reached included */
    double u_ov = rng_unit(r), u_cen = rng_unit(r);
    double t_ov = force ? force[0] : u_ov < e->cal[k].p[CUE_STEM_OVERLAP] ? 1.0 : 0.0;
    double t_cen = force ? force[1] : u_cen < e->cal[k].p[CUE_MOST_SIMILAR] ? 1.0 : 0.0;
    int pos = (int)rng_below(r, (uint32_t)k);
    size_t key_ov = sim_shared(st->terms, st->n, key->oterms, key->n_oterms);

    /* fill the sides the own topic cannot */
    size_t shorter = 0, longer = 0, ov_gt = 0;
    for (size_t x = 0; x < n; x++) {
        shorter += e->items[pool[x].item].option_w < key->option_w;
        longer += e->items[pool[x].item].option_w > key->option_w;
        ov_gt += pool[x].ov > key_ov;
    }
    if (shorter < rank) {
        want w = {-1, 0};
        n = add_elsewhere(e, i, st, &w, rank - shorter + 1, r, pool, n, ex);
    }
    if (longer < need - rank) {
        want w = {+1, 0};
        n = add_elsewhere(e, i, st, &w, need - rank - longer + 1, r, pool, n, ex);
    }
    if (t_ov == 0 && ov_gt == 0 && st->n > key_ov) {
        /* distractors that echo as much of the stem as the key does, or more
         * (the cure for a clang association: the key repeating the stem) */
        size_t before = n;
        want w = {0, key_ov + 1};
        n = add_elsewhere(e, i, st, &w, 2, r, pool, n, ex);
        if (n == before && key_ov > 0) {
            want tie = {0, key_ov};
            n = add_elsewhere(e, i, st, &tie, 3, r, pool, n, ex);
        }
    }
    /* a distinctive stem word in the key gives it away unless a distractor
     * carries it too (a clang association): the key's such words, and
     * candidates from elsewhere that carry them when the pool has none */
    uint64_t clang[32];
    size_t n_clang = 0;
    uint64_t clang_bits = 0; /* the dterms bits of clang[] (dterm_bits) */
    if (key->kind != ASSAY_KIND_SCENARIO)
        for (uint32_t d = 0; d < key->n_dterms && n_clang < 32; d++)
            if (sim_shared(&key->dterms[d], 1, key->cterms, key->n_cterms)) {
                clang[n_clang++] = key->dterms[d];
                clang_bits |= d < 64 ? (uint64_t)1 << d : 0;
            }
    if (n_clang) {
        int carried = 0;
        for (size_t x = 0; x < n && !carried; x++) {
            const g_item *c = &e->items[pool[x].item];
            carried = sim_shared(clang, n_clang, c->cterms, c->n_cterms) > 0;
        }
        if (!carried) {
            stem cs = {clang, n_clang};
            want w = {0, 1};
            n = add_echoing(e, i, &cs, &w, 3, pool, n, ex);
        }
    }
    if (key->kind != ASSAY_KIND_SCENARIO) {
        /* a candidate with a stem word the key lacks draws the clang guesser
         * to itself when it alone carries it: enough candidates without */
        size_t clean = 0;
        for (size_t x = 0; x < n; x++) {
            const g_item *c = &e->items[pool[x].item];
            clean += sim_shared(key->dterms, key->n_dterms, c->cterms, c->n_cterms) ==
                     sim_shared(clang, n_clang, c->cterms, c->n_cterms);
        }
        if (clean < 2 * need && clean < n) {
            want w = {0, 0};
            n = add_elsewhere(e, i, st, &w, 2 * need - clean, r, pool, n, ex);
        }
    }
    if (n < need) {
        want w = {0, 0};
        n = add_elsewhere(e, i, st, &w, need - n + 2, r, pool, n, ex);
        if (n < need)
            return 1;
    }
    /* a stem word of the key that no candidate carries: every set would have
     * the clang, so another type for this item (early, before any draw) */
    for (size_t w = 0; w < n_clang; w++) {
        int carried = 0;
        for (size_t x = 0; x < n && !carried; x++) {
            const g_item *c = &e->items[pool[x].item];
            carried = sim_shared(&clang[w], 1, c->cterms, c->n_cterms) > 0;
        }
        if (!carried)
            return 1;
    }
    /* the same in the options' text (cue_clang_text: compound parts,
     * translations, Latin parts; the review of seed 9377, defect 1): the
     * stem's units the key carries, and which candidates carry them; a unit
     * of the key that none carries drops the item from multiple choice */
    clang_unit cu[CLANG_TEXT_UNITS];
    size_t nu = 0;
    unsigned key_mask = 0, pmask[MAX_POOL + 1];
    if (key->kind != ASSAY_KIND_SCENARIO && key->clang_mask) {
        nu = clang_units_of(key, cu); /* the key's, kept at build (clang_units_keep) */
        key_mask = key->clang_mask;
    }
    pmask[n] = key_mask;
    unsigned carried_units = 0;
    for (size_t x = 0; x < n; x++) {
        pmask[x] = key_mask ? cue_clang_mask_item(cu, nu, &e->items[pool[x].item]) : 0;
        carried_units |= pmask[x];
    }
    /* other topics' candidates (the same class and knowledge base,
     * compatible and related, as add_echoing takes them) that carry what the
     * own topic's do not: one of them may stand in a set (MAX_ELSEWHERE) */
    for (int lv = 0; lv <= ASSAY_MAX_LEVEL && (key_mask & ~carried_units); lv++)
        for (size_t x = 0;
             x < e->n_by_class[key->klass][lv] && (key_mask & ~carried_units) && n < MAX_POOL;
             x++) {
            uint32_t j = e->by_class[key->klass][lv][x];
            const g_item *c = &e->items[j];
            if (c->topic == key->topic || c->kb != key->kb || !c->option)
                continue;
            unsigned m = cue_clang_mask_item(cu, nu, c);
            if (!(m & key_mask & ~carried_units) || in_pool(pool, n, j) || gen_excl_item(ex, j) ||
                too_close(key, c) || !gen_compatible(key, c) || !mc_shape_fits(key, c) ||
                !related_elsewhere(e, key, c))
                continue;
            pmask[n] = m;
            carried_units |= m;
            cand y = {j, tx_cosine(&key->vo, &c->vo), 0, 0,
                      sim_shared(st->terms, st->n, c->oterms, c->n_oterms)};
            pool[n++] = y;
        }
    if (key_mask & ~carried_units)
        return 1;
    /* the sides, and the rank nearest the drawn one that they allow */
    char is_short[MAX_POOL], is_long[MAX_POOL];
    shorter = longer = 0;
    for (size_t x = 0; x < n; x++) {
        size_t w = e->items[pool[x].item].option_w;
        is_short[x] = w <= key->option_w; /* equal widths may stand on either side */
        is_long[x] = w >= key->option_w;
        shorter += (size_t)(is_short[x] != 0);
        longer += (size_t)(is_long[x] != 0);
    }
    if (rank > shorter)
        rank = shorter;
    if (need - rank > longer)
        rank = need > longer ? need - longer : 0;
    if (rank > shorter || need - rank > longer)
        return 1;
    /* the key shortest or longest: strictly so when the candidates allow
     * (a distractor of the key's width would only tie) */
    if (rank == 0 || rank == need) {
        char *side = rank == 0 ? is_long : is_short;
        size_t strict = 0;
        for (size_t x = 0; x < n; x++)
            strict += side[x] && e->items[pool[x].item].option_w != key->option_w;
        if (strict >= need)
            for (size_t x = 0; x < n; x++)
                side[x] = (char)(side[x] && e->items[pool[x].item].option_w != key->option_w);
    }

    /* the key's distinctive words each candidate carries, for the draws */
    int by_bits = key->n_dterms <= 64;
    uint64_t dbits[MAX_POOL], key_bits = 0;
    if (by_bits) {
        key_bits = dterm_bits(key, key);
        for (size_t x = 0; x < n; x++)
            dbits[x] = dterm_bits(key, &e->items[pool[x].item]);
    }
    double beta = sharpness(key->level);
    for (size_t x = 0; x < n; x++) {
        const g_item *c = &e->items[pool[x].item];
        double w = exp(beta * pool[x].sim) * length_fit(key->option_w, c->option_w) *
                   form_fit(key->form, c->form) * (pool[x].own ? 6.0 : 1.0) *
                   (c->klass == key->klass ? 3.0 : 1.0); /* the same form first */
        if (t_ov == 0)
            w *= pool[x].ov > key_ov ? 4.0 : pool[x].ov == key_ov && key_ov ? 2.0 : 1.0;
        else /* fewer stem words than the key (or none); as many, the carrier of a
              * stem word may tie with it; more, seldom */
            w *= pool[x].ov < key_ov || pool[x].ov == 0 ? 2.0 : pool[x].ov == key_ov ? 1.0 : 0.25;
        if (t_cen > 0)
            w *= exp(3.0 * pool[x].sim); /* close to the key: the key sits in the middle */
        if (n_clang && (by_bits ? (dbits[x] & clang_bits) != 0
                                : sim_shared(clang, n_clang, c->cterms, c->n_cterms) != 0))
            w *= 3.0; /* carries the key's stem words: no clang */
        if (pmask[x] & key_mask)
            w *= 3.0; /* carries a stem unit of the key's text */
        pool[x].weight = w;
    }

    /* the least cost any set can have: distractors from elsewhere where the
     * own topic has too few on a side (each costs 0.3 below); a draw that
     * reaches it cannot be bettered, so the trials stop there (the first set
     * of least cost is kept either way) */
    size_t own_short = 0, own_long = 0, own_all = 0;
    for (size_t x = 0; x < n; x++)
        if (pool[x].own) {
            own_all++;
            own_short += (size_t)(is_short[x] != 0);
            own_long += (size_t)(is_long[x] != 0);
        }
    size_t must_short = rank > own_short ? rank - own_short : 0;
    size_t must_long = need - rank > own_long ? need - rank - own_long : 0;
    size_t must = must_short + must_long;
    if (need > own_all && need - own_all > must)
        must = need - own_all;
    double least = 0.3 * (double)must + 1e-9;

    size_t best[8], cur[8];
    double best_cost = INFINITY;
    cue_opt opts[8];
    /* pairwise facts about candidates, worked out once per question: index n
     * stands for the key; NAN / -1 mean not yet known */
    double psim[MAX_POOL + 1][MAX_POOL + 1];
    signed char pdup[MAX_POOL][MAX_POOL];
    for (size_t x = 0; x <= n; x++)
        for (size_t y = 0; y <= n; y++)
            psim[x][y] = NAN;
    memset(pdup, -1, sizeof pdup);
    for (size_t x = 0; x < n; x++)
        psim[x][n] = psim[n][x] = pool[x].sim;
    for (int trial = 0; trial < SET_TRIALS; trial++) {
        char taken[MAX_POOL] = {0};
        /* the scarcer side first: a candidate of the key's width may stand on
         * either side, and the other side must not take it from this one */
        int long_first = longer - (need - rank) < shorter - rank;
        int bad = long_first ? draw(r, pool, n, is_long, need - rank, taken, cur + rank) != 0 ||
                                   draw(r, pool, n, is_short, rank, taken, cur) != 0
                             : draw(r, pool, n, is_short, rank, taken, cur) != 0 ||
                                   draw(r, pool, n, is_long, need - rank, taken, cur + rank) != 0;
        if (bad)
            break;
        int dup = 0;
        for (size_t x = 0; x < need && !dup; x++)
            for (size_t y = x + 1; y < need && !dup; y++) {
                signed char *d = &pdup[cur[x]][cur[y]];
                if (*d < 0)
                    *d = pdup[cur[y]][cur[x]] = (signed char)near_duplicate(
                        &e->items[pool[cur[x]].item], &e->items[pool[cur[y]].item]);
                dup = *d;
            }
        if (dup)
            continue;
        size_t from_else = 0;
        for (size_t d = 0; d < need; d++)
            from_else += !pool[cur[d]].own;
        if (key->kind != ASSAY_KIND_SCENARIO && from_else > MAX_ELSEWHERE)
            continue;
        /* every stem word the key repeats is in a distractor too */
        int alone = 0;
        uint64_t once = key_bits, twice = 0; /* carried by one of key and set, by two */
        if (by_bits) {
            uint64_t any = 0;
            for (size_t x = 0; x < need; x++) {
                uint64_t b = dbits[cur[x]];
                any |= b;
                twice |= once & b;
                once |= b;
            }
            alone = (clang_bits & ~any) != 0;
        }
        for (size_t w = 0; !by_bits && w < n_clang && !alone; w++) {
            alone = 1;
            for (size_t x = 0; x < need && alone; x++) {
                const g_item *c = &e->items[pool[cur[x]].item];
                alone = !sim_shared(&clang[w], 1, c->cterms, c->n_cterms);
            }
        }
        if (alone)
            continue;
        /* nor a stem word the key lacks in one distractor alone: that draws
         * the clang guesser away from the key as surely as the key alone
         * would draw it in, and a set never so would make "the option
         * without the stem's word" a cue (most words of the stem 21.6% and
         * the clang solver 20.3% with --seeds 20, below the band, when this
         * only cost a set 1.5); such a set is rejected before its cosines */
        if (by_bits && key->kind != ASSAY_KIND_SCENARIO && !alone)
            alone = (once & ~twice) != 0; /* a word exactly one of them carries */
        for (uint32_t w = 0;
             !by_bits && key->kind != ASSAY_KIND_SCENARIO && w < key->n_dterms && !alone; w++) {
            size_t carriers = sim_shared(&key->dterms[w], 1, key->cterms, key->n_cterms);
            for (size_t x = 0; x < need && carriers < 2; x++) {
                const g_item *c = &e->items[pool[cur[x]].item];
                carriers += sim_shared(&key->dterms[w], 1, c->cterms, c->n_cterms);
            }
            alone = carriers == 1;
        }
        if (alone)
            continue;
        if (key_mask) { /* nor in the options' text */
            unsigned m[8];
            for (int o = 0, d = 0; o < k; o++)
                m[o] = o == pos ? key_mask : pmask[cur[d++]];
            if (cue_clang_key_alone(m, k, pos, nu))
                continue;
        }
        size_t idx[8];
        for (int o = 0, d = 0; o < k; o++) {
            idx[o] = o == pos ? n : cur[d++];
            opts[o] = cue_of(&e->items[idx[o] == n ? i : pool[idx[o]].item]);
        }
        double sim[64];
        for (int x = 0; x < k; x++)
            for (int y = 0; y < k; y++) {
                if (x == y) {
                    sim[x * k + y] = 1.0;
                    continue;
                }
                double *c = &psim[idx[x]][idx[y]];
                if (isnan(*c))
                    *c = psim[idx[y]][idx[x]] = tx_cosine(&opts[x].v, &opts[y].v);
                sim[x * k + y] = *c;
            }
        double hit[CUE__COUNT];
        cue_hits_sim(st->terms, st->n, opts, k, pos, sim, hit);
        double cost = fabs(hit[CUE_STEM_OVERLAP] - t_ov) + fabs(hit[CUE_MOST_SIMILAR] - t_cen) +
                      fabs(hit[CUE_LONGEST] - (rank == need ? 1.0 : 0.0)) +
                      fabs(hit[CUE_SHORTEST] - (rank == 0 ? 1.0 : 0.0));
        for (size_t d = 0; d < need; d++)
            cost += pool[cur[d]].own ? 0 : 0.3; /* the own topic first */
        if (cost < best_cost) {
            best_cost = cost;
            memcpy(best, cur, need * sizeof *cur);
        }
        if (cost <= least)
            break;
    }
    if (best_cost == INFINITY)
        return 1; /* every draw had near-duplicates or a clang association,
                   * the key's or a distractor's: another type for this item */

    /* the distractors in a random order around the key */
    rng_shuffle(r, best, need, sizeof *best);
    const char **texts = arena_alloc(a, (size_t)k * sizeof *texts);
    uint32_t *items = arena_alloc(a, (size_t)k * sizeof *items);
    if (!texts || !items)
        return -1;
    int own = 0;
    for (int o = 0, d = 0; o < k; o++) {
        uint32_t it = i;
        if (o != pos) {
            own += pool[best[d]].own;
            it = pool[best[d++]].item;
        }
        texts[o] = e->items[it].option;
        items[o] = it;
    }
    q->pub.options = texts;
    q->pub.n_options = (size_t)k;
    q->pub.key = pos;
    q->option_items = items;
    q->own_topic_distractors = own;
    q->distractors = (int)need;
    return 0;
}

static void fill_common(const assay_engine *e, uint32_t i, assay_qtype t, g_question *q)
{
    const g_item *it = &e->items[i];
    memset(q, 0, sizeof *q);
    q->pub.type = t;
    q->pub.item_id = it->id;
    q->pub.kb = it->kb;
    q->pub.topic = e->topics[it->topic].title;
    q->pub.level = it->level;
    q->pub.key = -1;
    q->statement_item = -1;
    q->pub.source_file = it->source_file;
    q->pub.source_line = it->source_line;
    q->item = i;
}

/* Multiple choice from the author's own wrong options: k - 1 of them (all
 * when fewer) drawn at random, the key at a random position. */
static int authored_mcq(const assay_engine *e, uint32_t i, int k, rng *r, arena *a, g_question *q)
{
    const g_item *it = &e->items[i];
    size_t have = it->n_authored, need = (size_t)k - 1;
    if (need > have)
        need = have;
    if (need > 7)
        need = 7;
    int16_t pick[8];
    int16_t *all = arena_alloc(a, have * sizeof *all);
    const char **texts = arena_alloc(a, (need + 1) * sizeof *texts);
    uint32_t *items = arena_alloc(a, (need + 1) * sizeof *items);
    int16_t *auth = arena_alloc(a, (need + 1) * sizeof *auth);
    if (!all || !texts || !items || !auth)
        return -1;
    for (size_t d = 0; d < have; d++)
        all[d] = (int16_t)d;
    for (size_t d = 0; d < need; d++) { /* a partial Fisher-Yates draw */
        size_t s = d + rng_below(r, (uint32_t)(have - d));
        int16_t t = all[d];
        all[d] = all[s];
        all[s] = t;
        pick[d] = all[d];
    }
    fill_common(e, i, ASSAY_Q_MCQ, q);
    q->pub.prompt = it->question;
    q->pub.answer = it->answer;
    size_t pos = rng_below(r, (uint32_t)(need + 1));
    for (size_t o = 0, d = 0; o <= need; o++) {
        items[o] = i;
        auth[o] = o == pos ? -1 : pick[d++];
        texts[o] = o == pos ? it->answer : it->authored[auth[o]].text;
    }
    q->pub.options = texts;
    q->pub.n_options = need + 1;
    q->pub.key = (int)pos;
    q->option_items = items;
    q->authored = auth;
    q->own_topic_distractors = (int)need;
    q->distractors = (int)need;
    return 0;
}

int gen_mcq(const assay_engine *e, uint32_t i, int k, rng *r, arena *a, g_question *q,
            const gen_excl *x)
{
    const g_item *it = &e->items[i];
    if (derive_is(e, i))
        return derive_mcq(e, i, k, r, a, q, x);
    /* the author's options when there are enough for three choices */
    if (it->n_authored >= 2 && it->kind != ASSAY_KIND_SCENARIO && k >= 3)
        return authored_mcq(e, i, k, r, a, q);
    if (it->kind == ASSAY_KIND_SCENARIO || !it->option || !it->option[0] || it->hedge ||
        it->needs_context || !it->fits || it->mc_gives_away)
        return 1;
    fill_common(e, i, ASSAY_Q_MCQ, q);
    q->pub.prompt = it->question;
    q->pub.answer = it->answer;
    stem st = {it->qterms, it->n_qterms};
    return choose_options(e, i, k, &st, r, a, q, NULL, x);
}

/* The head noun of a question, particles stripped: its last word
 * ("분산 시스템 장애 대응 원칙은?" → 원칙, "CQRS의 가장 단순한 형태는?" → 형태).
 * *n gets its length; NULL when the last word is no Hangul noun. */
static const char *head_noun(const char *question, size_t *n)
{
    tok t[48];
    size_t nt = tok_split(question, strlen(question), t, 48);
    if (nt == 0 || nt > 48 || t[nt - 1].kind != TK_HANGUL)
        return NULL;
    *n = t[nt - 1].stem_len;
    return question + t[nt - 1].off;
}

/* Whether c's question asks for the same kind of thing as key's when the
 * stem type says nothing (STEM_OTHER): the same head noun (원칙 for 원칙, not
 * a list of tools; 형태 for 형태, not a list of mistakes: the review of seed
 * 8123, true/false 14, 15). */
static int same_head(const g_item *key, const g_item *c)
{
    if (!key->head_asks)
        return 1;
    return c->head_len && c->head_len == key->head_len &&
           memcmp(c->question + c->head_off, key->question + key->head_off, key->head_len) == 0;
}

/* At build: each item's head noun (head_off, head_len; 0 = none) and
 * whether a false statement for it must share it (head_asks): a stem whose
 * type says nothing, or one ending in a noun that says what kind of thing
 * is asked ("… 대응 원칙은?"), not a cue word (방법, 이유, 예시) nor a
 * definition's term. */
static void head_prepare(g_item *it)
{
    size_t kn = 0;
    const char *kh = head_noun(it->question, &kn);
    it->head_len = kh && kn < 256 && (size_t)(kh - it->question) < 65536 ? (uint8_t)kn : 0;
    it->head_off = it->head_len ? (uint16_t)(kh - it->question) : 0;
    it->head_asks = 0;
    if (!it->head_len)
        return;
    if (it->stem_type == STEM_OTHER) {
        it->head_asks = 1;
        return;
    }
    size_t ql = strlen(it->question);
    int noun_end = ql >= 4 && (memcmp(it->question + ql - 4, "\xEC\x9D\x80?", 4) == 0 ||
                               memcmp(it->question + ql - 4, "\xEB\x8A\x94?", 4) == 0);
    it->head_asks =
        (uint8_t)(it->stem_type != STEM_DEFINITION && noun_end && !stem_is_cue_word(kh, kn));
}

/* Whether c's answer is a false statement a reader would weigh for key's
 * question (the review of seed 9377, true/false 9): for a question other
 * than a definition, one asking about the same thing — a distinctive word
 * of the question (not a transliteration skeleton) in common, or the same
 * head noun ("페이지네이션 구현 방식은?" takes no Richardson levels, whose
 * question shares nothing with it). A definition's sibling definitions
 * share no words and are the false statements a reader weighs; the topic's
 * own definition is none. */
static int asks_topic(const assay_engine *e, const g_item *it)
{
    const char *t = e->topics[it->topic].title;
    size_t n = strcspn(t, "(");
    while (n > 0 && t[n - 1] == ' ')
        n--;
    return n >= 2 && strncmp(it->question, t, n) == 0;
}

/* Whether questions a and b are twins: the same words but one or two of
 * them (at most half), the last word the same as written — the same
 * question about a sibling subject ("모놀리스의 장점은?" and "마이크로서비스의
 * 장점은?", "Command 모델의 특징은?" and "Query 모델의 특징은?", "Token Bucket
 * 알고리즘의 동작 방식은?" and "Leaky Bucket …"). Its answer is the false
 * statement of that stem type a reader weighs: well formed, about the
 * topic, wrong only in its subject. Asking the same thing in other words
 * ("… 필요한 이유는?", "… 사용하는 이유는?") gen_compatible has left out
 * already (asks_same: most of the distinctive words in common). */
static int tf_twin(const g_item *a, const g_item *b)
{
    tok ta[16], tb[16];
    size_t na = tok_split(a->question, strlen(a->question), ta, 16);
    size_t nb = tok_split(b->question, strlen(b->question), tb, 16);
    if (na < 2 || nb < 2 || na > 16 || nb > 16)
        return 0;
#define TWIN_SAME(x, y)        \
    (ta[x].len == tb[y].len && \
     memcmp(a->question + ta[x].off, b->question + tb[y].off, ta[x].len) == 0)
        /* the particle or ending after the stem, the same in both: a word of
         * one role swapped for a word of the same role ("모놀리스의" for
         * "마이크로서비스의"), not a setting for a kind ("글로벌 서비스에서 캐시
         * 전략은?" is no twin of "멀티 레이어 캐시 전략은?") */
#define TWIN_ROLE(x, y)                                                                         \
    (ta[x].len - ta[x].stem_len == tb[y].len - tb[y].stem_len &&                                \
     memcmp(a->question + ta[x].off + ta[x].stem_len, b->question + tb[y].off + tb[y].stem_len, \
            ta[x].len - ta[x].stem_len) == 0)
    if (na == nb) {
        /* word by word: one or two words apart, the last the same */
        size_t diff = 0, role = 1;
        for (size_t w = 0; w < na; w++)
            if (!TWIN_SAME(w, w)) {
                diff++;
                role &= (size_t)TWIN_ROLE(w, w);
            }
        if (diff >= 1 && 2 * diff <= na && role && TWIN_SAME(na - 1, na - 1))
            return 1;
    }
    /* or one span apart ("Kafka에서 …" and "RabbitMQ Exchange에서 …"), of
     * one to three words each, the rest at least as long as either span,
     * and the question's end in common unless the subject ends it (an
     * English "… of X?") */
    size_t pre = 0, suf = 0, lo = na < nb ? na : nb;
    while (pre < lo && TWIN_SAME(pre, pre))
        pre++;
    while (suf < lo - pre && TWIN_SAME(na - 1 - suf, nb - 1 - suf))
        suf++;
    size_t ma = na - pre - suf, mb = nb - pre - suf, most = ma > mb ? ma : mb;
    int subject_last = ta[na - 1].kind != TK_HANGUL && pre >= 2;
    int role = ma >= 1 && mb >= 1 && TWIN_ROLE(pre + ma - 1, pre + mb - 1);
#undef TWIN_SAME
#undef TWIN_ROLE
    return role && most <= 3 && pre + suf >= most && (suf >= 1 || subject_last);
}

static int tf_sibling(const assay_engine *e, const g_item *key, const g_item *c)
{
    /* a definition's false statement defines a sibling, not the topic as a
     * whole ("XI. Logs - 로그란?" is not "the 12 principles": the review of
     * seed 9377, true/false 5) */
    if (key->stem_type == STEM_DEFINITION)
        return asks_topic(e, key) || !asks_topic(e, c);
    if (key->head_len && c->head_len == key->head_len &&
        memcmp(c->question + c->head_off, key->question + key->head_off, key->head_len) == 0 &&
        !stem_is_cue_word(key->question + key->head_off, key->head_len))
        return 1;
    if (tf_twin(key, c))
        return 1;
    /* a shared question word, but not a question with one distinctive word
     * of the key's swapped that is no twin (tf_twin, above): its answer is
     * about another subject and worded for another question, either way
     * round */
    size_t words = 0, shared = 0;
    for (uint32_t d = 0; d < key->n_dterms; d++)
        if (sim_shared(&key->dterms[d], 1, key->qterms, key->n_qterms)) {
            words++;
            shared += sim_shared(&key->dterms[d], 1, c->qterms, c->n_qterms);
        }
    size_t cwords = 0, cshared = 0;
    for (uint32_t d = 0; d < c->n_dterms; d++)
        if (sim_shared(&c->dterms[d], 1, c->qterms, c->n_qterms)) {
            cwords++;
            cshared += sim_shared(&c->dterms[d], 1, key->qterms, key->n_qterms);
        }
    return shared > 0 && words - shared != 1 && cwords - cshared != 1;
}

/* Whether option o only names the choices of a question ("인스턴스별 독립 vs
 * 중앙 집중"): no statement a learner can judge, true or false (the review of
 * seed 6404, true/false 3). */
static int vs_only(const char *o)
{
    if (!o || (!strstr(o, " vs ") && !strstr(o, " VS ") && !strstr(o, " vs. ")))
        return 0;
    return !strstr(o, ", ") && !strstr(o, ". ") && !strchr(o, ':') && !strchr(o, ';');
}

/* Whether false statement c names a side of its topic's "A vs B" heading
 * that key's question does not ask about (the review of seed 6404,
 * true/false 8: "마이크로서비스 아키텍처란?" → "모놀리스의 단순함을 유지하면서 …"):
 * the heading sets the two apart, so the other side's name rejects it. */
static int names_other_side(const assay_engine *e, const g_item *key, const g_item *c)
{
    const char *t = e->topics[key->topic].title;
    const char *vs = t ? strstr(t, " vs ") : NULL;
    if (!vs)
        return 0;
    char side[2][64];
    size_t l0 = strcspn(t, " ("), l1 = strcspn(vs + 4, " (");
    if (l0 == 0 || l1 == 0 || l0 >= 64 || l1 >= 64)
        return 0;
    memcpy(side[0], t, l0);
    side[0][l0] = '\0';
    memcpy(side[1], vs + 4, l1);
    side[1][l1] = '\0';
    for (int k = 0; k < 2; k++) {
        for (char *p = side[k]; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    }
    for (int k = 0; k < 2; k++)
        if (has_ci(key->question, side[k]) && !has_ci(key->question, side[1 - k]) &&
            has_ci(c->option, side[1 - k]))
            return 1;
    return 0;
}

/* Whether word h is rare among the questions of key's topic: at most a
 * third of them hold it, and its title does not (이벤트 in the event-driven
 * topic, 분산 under "CAP 정리와 분산 시스템" name its subject, not what one
 * question asks). */
/* The terms of key's topic title as rare_in_topic reads them (th: 32). */
static size_t rare_title_terms(const assay_engine *e, const g_item *key, uint64_t *th)
{
    const char *title = e->topics[key->topic].title;
    return title ? tx_terms(title, strlen(title), th, 32) : 0;
}

/* th, nth: rare_title_terms (split once for all the words of a key) */
static int rare_in_topic(const assay_engine *e, const g_item *key, uint64_t h, const uint64_t *th,
                         size_t nth)
{
    for (size_t k = 0; k < nth && k < 32; k++)
        if (th[k] == h)
            return 0;
    const g_topic *tp = &e->topics[key->topic];
    size_t holding = 0;
    for (size_t j = 0; j < tp->n; j++) {
        const g_item *o = &e->items[tp->items[j]];
        holding += sim_shared(&h, 1, o->qterms, o->n_qterms) > 0;
    }
    return holding * 3 <= tp->n;
}

/* What tf_false_pool works out once per key: which of its question's
 * distinctive words are rare in the topic (bit d for dterms[d]), and the
 * hashes of the defined term's words but a general head (a definition). */
typedef struct tf_key {
    uint64_t rare;
    uint64_t words[32];
    size_t n_words;
} tf_key;

static void tf_key_prepare(const assay_engine *e, const g_item *key, tf_key *k)
{
    k->rare = 0;
    k->n_words = 0;
    uint64_t th[32];
    size_t nth = key->n_dterms ? rare_title_terms(e, key, th) : 0;
    for (uint32_t d = 0; d < key->n_dterms && d < 64; d++)
        if (rare_in_topic(e, key, key->dterms[d], th, nth))
            k->rare |= (uint64_t)1 << d;
    if (key->stem_type != STEM_DEFINITION)
        return;
    const char *qs = key->question;
    tok t[32];
    size_t nt = tok_split(qs, strlen(qs), t, 32);
    nt = nt < 32 ? nt : 32;
    for (size_t j = 0; j < nt; j++) {
        char w[128];
        uint64_t h;
        if (t[j].stem_len >= sizeof w || tok_is_stopword(qs + t[j].off, t[j].stem_len))
            continue;
        size_t wl = tok_key(qs + t[j].off, t[j].stem_len, w);
        if (tok_is_general(w, wl, TOK_GENERAL_BLANK) || stem_is_cue_word(w, wl) ||
            tx_terms(qs + t[j].off, t[j].stem_len, &h, 1) != 1)
            continue;
        k->words[k->n_words++] = h;
    }
}

/* Whether false statement c of a definition names the defined term by a
 * word rare in the topic ("Kafka의 Partition이란?" → "… Consumer들이 Partition을
 * 나눠서 처리"), or by all its words but a general head ("모놀리스 아키텍처란?"
 * → "모놀리스를 점진적으로 … 전환하는 패턴": a thing is no pattern acting on
 * itself; the review of seed 6404, true/false 10; not 이벤트 alone of "이벤트
 * 드리븐 아키텍처란?"). */
static int names_defined(const g_item *key, const tf_key *k, const g_item *c)
{
    if (key->stem_type != STEM_DEFINITION)
        return 0;
    for (uint32_t d = 0; d < key->n_dterms && d < 64; d++)
        if ((k->rare >> d & 1) && sim_shared(&key->dterms[d], 1, c->oterms, c->n_oterms))
            return 1;
    for (size_t w = 0; w < k->n_words; w++)
        if (!sim_shared(&k->words[w], 1, c->oterms, c->n_oterms))
            return 0;
    return k->n_words > 0;
}

/* Whether c's question shares with key's a word that says what is asked, not
 * only the topic's subject (rare_in_topic: "캐시 실패 시 대응은?" shares only
 * 캐시 with "글로벌 서비스에서 캐시 전략은?", and its answer is about no global
 * service: the review of seed 6404, true/false 14). */
static int shares_a_rare_word(const g_item *key, const tf_key *k, const g_item *c)
{
    for (uint32_t d = 0; d < key->n_dterms && d < 64; d++)
        if ((k->rare >> d & 1) && sim_shared(&key->dterms[d], 1, c->qterms, c->n_qterms))
            return 1;
    return 0;
}

/* The head noun of a definition's term: its last word before any
 * parenthesis, a Hangul word ending a term of two words or more ("Saga
 * 패턴이란?" → 패턴, "유비쿼터스 언어(Ubiquitous Language)란?" → 언어; not
 * "CAP에서 A(Availability)란?", whose term ends in a letter, nor "Redis란?"),
 * as a term hash; 0 = none. */
static uint64_t def_head(const char *q)
{
    size_t ql = strcspn(q, "(");
    tok t[16];
    size_t nt = tok_split(q, ql, t, 16);
    uint64_t h;
    if (nt < 2 || nt > 16 || t[nt - 1].kind != TK_HANGUL ||
        tx_terms(q + t[nt - 1].off, t[nt - 1].stem_len, &h, 1) != 1)
        return 0;
    return h;
}

/* Whether option o says what a thing is like, a property ("네트워크 분할이
 * 발생해도 시스템이 동작하는 것", "모든 요청이 응답을 받는 것(성공 또는 실패)"):
 * its last word, a closing parenthesis and full stop aside, is 것. */
static int says_property(const char *o)
{
    size_t n = strlen(o);
    while (n > 0 && (o[n - 1] == ' ' || o[n - 1] == '.'))
        n--;
    if (n > 0 && o[n - 1] == ')') {
        size_t k = n - 1;
        while (k > 0 && o[k] != '(')
            k--;
        if (o[k] == '(')
            n = k;
        while (n > 0 && o[n - 1] == ' ')
            n--;
    }
    return n >= 3 && memcmp(o + n - 3, "\xEA\xB2\x83", 3) == 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* At build, before the false statements: each definition's kind (its head
 * noun when two or more defined terms of the bank end in it: 패턴 of Saga,
 * Outbox and Sidecar, not 바인딩 of "포트 바인딩" alone, a name) and whether
 * its option states a property. */
static int tf_kinds(assay_engine *e)
{
    uint64_t *heads = malloc((e->n_items + 1) * sizeof *heads);
    if (!heads)
        return -1;
    size_t nh = 0;
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        it->tf_kind = it->stem_type == STEM_DEFINITION ? def_head(it->question) : 0;
        it->tf_property = (uint8_t)(it->option && says_property(it->option));
        if (it->tf_kind)
            heads[nh++] = it->tf_kind;
    }
    qsort(heads, nh, sizeof *heads, cmp_u64);
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        if (!it->tf_kind)
            continue;
        const uint64_t *f = bsearch(&it->tf_kind, heads, nh, sizeof *heads, cmp_u64);
        size_t at = (size_t)(f - heads), count = 0;
        while (at > 0 && heads[at - 1] == it->tf_kind)
            at--;
        while (at + count < nh && heads[at + count] == it->tf_kind)
            count++;
        if (count < 2)
            it->tf_kind = 0;
    }
    free(heads);
    return 0;
}

/* Whether false statement c is of the kind definition key asks for (the
 * review of seed 5309, true/false 1, 5): a property ("…하는 것") for a
 * property only, and for a term whose head names a kind ("Saga 패턴") a
 * statement or a term of that kind ("…하는 패턴", "Outbox 패턴이란?"), not
 * what a system does when the network splits. */
static int tf_same_kind(const g_item *key, const g_item *c)
{
    if (key->tf_property != c->tf_property)
        return 0;
    return !key->tf_kind || sim_shared(&key->tf_kind, 1, c->oterms, c->n_oterms) ||
           sim_shared(&key->tf_kind, 1, c->qterms, c->n_qterms);
}

/* The false statements a reader would weigh for item i (into pool, the
 * most similar first): the own topic's answers only — with two options, a
 * statement from elsewhere is false by its subject alone (the review of seed
 * 6173, defect 1) — well-formed answers to a question of the same type, and
 * none rejected on its words. */
static size_t tf_false_pool(const assay_engine *e, uint32_t i, cand *pool)
{
    const g_item *it = &e->items[i];
    stem st = {it->qterms, it->n_qterms};
    size_t n = own_candidates(e, i, &st, pool, NULL);
    if (n == 0)
        return 0;
    tf_key k;
    tf_key_prepare(e, it, &k);
    /* not a cut fragment (own_candidates and add_elsewhere keep to the class) */
    size_t kept = 0;
    for (size_t c = 0; c < n; c++) {
        const g_item *ci = &e->items[pool[c].item];
        const char *o = ci->option;
        size_t ol = strlen(o);
        /* nor a statement rejected on its words: only the choices, the
         * defined term, the other side of the topic's "A vs B" */
        if (vs_only(o) || names_defined(it, &k, ci) || names_other_side(e, it, ci))
            continue;
        if (!(ol >= 3 && memcmp(o + ol - 3, "\xE2\x80\xA6", 3) == 0))
            pool[kept++] = pool[c];
    }
    n = kept;
    /* an answer to the same type of question when there is one (a list
     * of purposes is false for "언제" by its form alone) */
    kept = 0;
    for (size_t c = 0; c < n; c++)
        kept += e->items[pool[c].item].stem_type == it->stem_type;
    if (kept > 0) {
        size_t w = 0;
        for (size_t c = 0; c < n; c++)
            if (e->items[pool[c].item].stem_type == it->stem_type)
                pool[w++] = pool[c];
        n = w;
    }
    /* of a type that says nothing, one asking for the same kind of thing;
     * of another type but a definition, one about the same problem, not
     * only the same subject (shares_a_rare_word) */
    kept = 0;
    for (size_t c = 0; c < n; c++)
        if (same_head(it, &e->items[pool[c].item]) && tf_sibling(e, it, &e->items[pool[c].item]) &&
            (it->stem_type == STEM_DEFINITION || it->head_asks ||
             tf_twin(it, &e->items[pool[c].item]) ||
             shares_a_rare_word(it, &k, &e->items[pool[c].item])))
            pool[kept++] = pool[c];
    n = kept;
    /* a definition's: of the kind it asks for, a twin's ("CAP에서 C란?" for
     * "CAP에서 A란?", "Leaky Bucket 알고리즘이란?" for "Token Bucket …") when
     * there is one */
    if (it->stem_type == STEM_DEFINITION) {
        kept = 0;
        size_t twins = 0;
        for (size_t c = 0; c < n; c++)
            if (tf_same_kind(it, &e->items[pool[c].item])) {
                twins += (size_t)tf_twin(it, &e->items[pool[c].item]);
                pool[kept++] = pool[c];
            }
        n = kept;
        if (twins > 0) {
            kept = 0;
            for (size_t c = 0; c < n; c++)
                if (tf_twin(it, &e->items[pool[c].item]))
                    pool[kept++] = pool[c];
            n = kept;
        }
    }
    sort_by_sim(pool, n);
    return n;
}

/* Whether gen_tf asks item it at all (a statement that answers the
 * question when true), and whether only a false statement may be shown. */
static int tf_askable(const g_item *it)
{
    return it->kind != ASSAY_KIND_SCENARIO && it->option && it->option[0] && !it->hedge &&
           !it->needs_context && it->fits && !vs_only(it->option);
}

static int tf_false_only(const g_item *it)
{
    return it->self_echo || it->tf_echo || it->expansion;
}

/* At build: each item's false statements (tf_false_pool), then per stem
 * type the chances that make its statements true half the time. Of a
 * type's askable items, A can only be true (no false statement), B only
 * false (tf_false_only), C either. With a statement drawn true at p and a
 * B item asked at q, the type shows p(A + C) true and qB + (1 - p)C false
 * statements on average: p = (B + C) / (A + 2C) at q = 1, else p =
 * TF_TRUE_MAX and q = (p(A + C) - (1 - p)C) / B. Without it every stem type but the definition was
 * true (no false statement), the definition mostly false (its echoing true statements are never
 * shown): the stem type told the key (audit.c). */
/* The highest chance of a true statement: an item that may go either way
 * is false a quarter of the time at least, though its stem type has many
 * that can only be false (a definition's echoing answers: B items asked
 * less often instead) */
#define TF_TRUE_MAX 0.75

static int tf_prepare(assay_engine *e)
{
    long na[STEM__COUNT] = {0}, nb[STEM__COUNT] = {0}, nc[STEM__COUNT] = {0};
    if (tf_kinds(e) != 0)
        return -1;
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        it->tf_false = NULL;
        it->n_tf_false = 0;
        it->tf_true_pm = 500;
        it->tf_keep_pm = 1000;
        if (derive_is(e, (uint32_t)i) || !tf_askable(it))
            continue;
        if (!it->n_authored) {
            cand pool[MAX_POOL];
            size_t n = tf_false_pool(e, (uint32_t)i, pool);
            if (n && !(it->tf_false = arena_alloc(&e->mem, n * sizeof *it->tf_false)))
                return -1;
            for (size_t c = 0; c < n; c++)
                it->tf_false[c] = pool[c].item;
            it->n_tf_false = (uint32_t)n;
        }
        int can_false = it->n_authored || it->n_tf_false;
        unsigned s = it->stem_type % STEM__COUNT;
        if (tf_false_only(it))
            nb[s] += can_false;
        else if (can_false)
            nc[s]++;
        else
            na[s]++;
    }
    uint16_t p[STEM__COUNT], q[STEM__COUNT];
    for (int s = 0; s < STEM__COUNT; s++) {
        p[s] = 500;
        q[s] = 1000;
        if (na[s] + nc[s] == 0) {
            /* only false statements: none asked, or the type tells the key */
            q[s] = 0;
            continue;
        }
        double pt = (double)(nb[s] + nc[s]) / (double)(na[s] + 2 * nc[s]);
        if (pt > TF_TRUE_MAX) {
            pt = TF_TRUE_MAX;
            double qt = (pt * (double)(na[s] + nc[s]) - (1 - pt) * (double)nc[s]) / (double)nb[s];
            q[s] = (uint16_t)(1000.0 * (qt < 1 ? qt : 1) + 0.5);
        }
        p[s] = (uint16_t)(1000.0 * pt + 0.5);
    }
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        if (derive_is(e, (uint32_t)i) || !tf_askable(it))
            continue;
        it->tf_true_pm = p[it->stem_type % STEM__COUNT];
        it->tf_keep_pm = q[it->stem_type % STEM__COUNT];
    }
    return 0;
}

int gen_tf(const assay_engine *e, uint32_t i, rng *r, arena *a, g_question *q, const gen_excl *x)
{
    (void)a;
    const g_item *it = &e->items[i];
    if (derive_is(e, i))
        return derive_tf(e, i, r, a, q, x);
    /* the statement must be an answer to the question when true */
    if (!tf_askable(it))
        return 1;
    fill_common(e, i, ASSAY_Q_TF, q);
    q->pub.prompt = it->question;
    q->pub.answer = it->answer;
    /* true at the chance of its stem type (tf_prepare) */
    int truth = rng_below(r, 1000) < it->tf_true_pm;
    /* a true statement that repeats its stem's words or translates them
     * (Consumer Group → "같은 그룹 내 Consumer들이…") is true by its words
     * alone (the review of seed 8123, true/false 12), and one that only
     * spells out the stem's acronym ("REST API란?" → "Representational
     * State Transfer") restates the stem: false ones only, and those only
     * as often as keeps the stem type's truth even */
    if (tf_false_only(it)) {
        truth = 0;
        if (it->tf_keep_pm < 1000 && rng_below(r, 1000) >= it->tf_keep_pm)
            return 1;
    }
    if (truth) {
        q->pub.statement = it->option;
    } else if (it->n_authored) {
        /* one of the author's wrong options as the false statement */
        q->pub.statement = it->authored[rng_below(r, it->n_authored)].text;
        q->own_topic_distractors = 1;
        q->distractors = 1;
    } else {
        /* a confusable answer: one of the three most similar candidates */
        uint32_t best[3];
        size_t n = 0;
        for (uint32_t c = 0; c < it->n_tf_false && n < 3; c++)
            if (!gen_excl_item(x, it->tf_false[c]))
                best[n++] = it->tf_false[c];
        if (n == 0)
            return 1; /* no false statement a reader would weigh */
        uint32_t pick = best[rng_below(r, (uint32_t)n)];
        q->pub.statement = e->items[pick].option;
        q->own_topic_distractors = 1;
        q->distractors = 1;
        q->statement_item = (int64_t)pick;
    }
    q->pub.key = truth;
    return 0;
}

/* ---- cloze -------------------------------------------------------------------- */

typedef struct span {
    size_t off, len; /* the blanked bytes */
    size_t word_end; /* end of the word the blank ends in (its particle follows) */
} span;

typedef struct term {
    const char *text; /* the term as written (into the source text) */
    size_t len;
    double score;
    int alias; /* index into the alias table, -1 if none */
} term;

/* The word that ends at or after byte p: its end. */
static size_t word_end_after(const char *s, size_t n, size_t p)
{
    while (p < n) {
        int32_t cp;
        size_t k = u8_decode(s + p, n - p, &cp);
        if (!hg_is_syllable(cp) && !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')))
            break;
        p += k;
    }
    return p;
}

/* Blanks are for key terms, which are nouns: a word that carried a particle
 * or is Latin is likely one; a Hangul word ending like an adjective or adverb
 * (높은, 빠른, 동일하게, 효율적) is not. */
static double noun_bonus(const tok *t, const char *w)
{
    if (t->kind == TK_LATIN || t->kind == TK_MIXED)
        return 0.3;
    if (t->kind != TK_HANGUL)
        return 0;
    static const char *const endings[] = {"은", "는", "한", "된", "인", "적", "게", "고",
                                          "며", "면", "서", "지", "던", "할", "될", "운",
                                          "른", "히", "운", "울", "움", "로", "음"};
    const char *last = w + t->stem_len - 3;
    for (size_t i = 0; t->stem_len >= 6 && i < sizeof endings / sizeof endings[0]; i++)
        if (memcmp(last, endings[i], 3) == 0)
            return -2.0;
    return t->stem_len < t->len ? 0.5 : 0;
}

/* Whether the question itself, or for a Latin term the topic heading shown
 * above it ("CAP 정리와 분산 시스템" over "____ 확장"), names the term (then
 * the blank would be given away). Compares content-word hashes. */
static int term_in_question(const assay_engine *e, const g_item *it, const char *phrase, size_t n)
{
    uint64_t h[16], head[64];
    size_t k = tx_terms(phrase, n, h, 16);
    const char *title = e->topics[it->topic].title;
    size_t nh = title ? tx_terms(title, strlen(title), head, 64) : 0;
    /* the heading's names (Latin: CAP, Kafka), not its common Korean words
     * (아키텍처), which would leave only generic words to blank */
    int latin = n > 0 && (unsigned char)phrase[0] < 0x80;
    for (size_t x = 0; x < k; x++)
        if (sim_shared(&h[x], 1, it->qterms, it->n_qterms) ||
            (latin && sim_shared(&h[x], 1, head, nh)))
            return 1;
    return 0;
}

/* Whether the term at text[off..off+len) is a whole member of an enumeration
 * of its sentence ("CPU, 메모리, ____, 네트워크", "정책 관리, ____"), or a short
 * member of one of three or more: the other members leave several
 * reasonable fills. */
static int in_open_list(const char *text, size_t n, size_t off, size_t len)
{
    /* inside parentheses that hold a list: "(____, Mobile, IoT)" */
    size_t open = off;
    while (open > 0 && text[open - 1] != '(' && text[open - 1] != ')')
        open--;
    if (open > 0 && text[open - 1] == '(') {
        size_t c = 0, k = open;
        for (; k < n && text[k] != ')'; k++)
            c += text[k] == ',';
        if (c >= 1 && k < n)
            return 1;
    }
    /* the sentence holding the term: a list does not run over a sentence
     * end nor a label's colon ("…, 강타입 스키마. 단점: ____ 어려움, N+1 문제,
     * …": the review of seed 6404, GraphQL's drawbacks) */
    size_t s0 = 0, s1 = n;
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = text[i];
        depth += ch == '(' ? 1 : ch == ')' && depth > 0 ? -1 : 0;
        int next_space = i + 1 == n || text[i + 1] == ' ' || text[i + 1] == '\n';
        if (depth == 0 && (ch == '\n' || ((ch == '.' || ch == ':') && next_space))) {
            if (i < off)
                s0 = i + 1;
            else if (i >= off + len && s1 == n)
                s1 = i;
        }
    }
    size_t commas = 0, seg_start = s0, seg_end = s1;
    depth = 0;
    for (size_t i = s0; i < s1; i++) {
        char ch = text[i];
        depth += ch == '(' ? 1 : ch == ')' && depth > 0 ? -1 : 0;
        if (depth == 0 && (ch == ',' || ch == ';')) {
            commas++;
            if (i < off)
                seg_start = i + 1;
            else if (i >= off + len && seg_end == s1)
                seg_end = i;
        }
    }
    if (commas == 0)
        return 0;
    int first = seg_start == s0;
    while (seg_start < off && text[seg_start] == ' ')
        seg_start++;
    /* the member is the term, with at most a particle around it (the first
     * member may carry the list's lead-in: "서버의 CPU, 메모리, 디스크") */
    size_t tail = 0;
    while (off + len + tail < seg_end && text[off + len + tail] != ' ')
        tail++;
    size_t after = off + len; /* past a gloss of the term: "설정 배포(Istio Pilot)" */
    if (after < seg_end && text[after] == '(') {
        const char *close = memchr(text + after, ')', seg_end - after);
        if (close)
            after = (size_t)(close - text) + 1;
    }
    int starts_alone = off - seg_start <= 3, ends_alone = seg_end - after <= 6;
    /* a whole member even of two ("컨트롤 플레인은 정책 관리, ____": 인증서
     * 관리 fits as well; the review of seed 6404, cloze 11), the last one
     * with the list's short predicate after it ("etcd, ____에서 사용", "확장,
     * ____ 자동 처리") — but not a clause of a comparison ("A는 ____, B는 …")
     * nor a clause after one ("분할 시, ____을(를) 유지하려면 …") */
    if (commas == 1) {
        if (starts_alone && !ends_alone && seg_end == s1 && tail <= 6) {
            size_t words = 0, prev = 1, mine = 1;
            for (size_t i = off + len + tail; i < s1; i++)
                words += text[i] == ' ';
            for (size_t i = s0; i + 1 < seg_start; i++) /* the member before */
                prev += text[i] == ' ' && text[i + 1] != ' ' && i > s0 && text[i - 1] != ',';
            for (size_t i = off; i < off + len; i++)
                mine += text[i] == ' ';
            /* with a particle the list's predicate follows (Consul에서 사용);
             * without, a member as long as the one before ("확장, 가용성 자동
             * 처리"), not the head of a longer member ("메트릭 수집, 분산
             * 트레이싱") */
            ends_alone = words <= 2 && (tail > 0 || prev == mine);
        }
        return starts_alone && ends_alone;
    }
    int starts = starts_alone || first;
    int ends = ends_alone || (seg_end == s1 && tail <= 6);
    if (starts && ends)
        return 1;
    /* a short member (three words at most: "로드 밸런싱", "Rate Limiting",
     * "DELETE는 멱등") is one of several open fills too */
    size_t spaces = 0;
    for (size_t i = seg_start; i < seg_end; i++)
        spaces += text[i] == ' ';
    return spaces <= 2;
}

/* Whether a blank stands right before 하/되 (한, 된, 할, 될, 하는, 되는 ...):
 * then it blanked a verbal noun (조회되는 → ____되는), not a term. */
static int blank_before_verb(const char *s)
{
    static const char *const verbs[] = {"____하", "____되", "____한", "____된",
                                        "____할", "____될", "____해", "____돼"};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strstr(s, verbs[i]))
            return 1;
    return 0;
}

/* Whether byte off of text is inside a code span (`...`). */
static int in_code(const char *text, size_t off)
{
    size_t ticks = 0;
    for (size_t i = 0; i < off; i++)
        ticks += text[i] == '`';
    return ticks % 2 == 1;
}

/* Writes text with every occurrence of the term blanked, the particle after
 * each blank in its neutral form, and "(other side)" of an alias dropped. */
static char *blank_out(arena *a, const char *text, const term *t, const alias_table *al)
{
    size_t n = strlen(text);
    char needle[256]; /* the term points into its text: bound it */
    if (t->len >= sizeof needle)
        return NULL;
    memcpy(needle, t->text, t->len);
    needle[t->len] = '\0';
    buf b;
    buf_init(&b, n * 4 + 64);
    size_t i = 0;
    int rc = 0, any = 0;
    while (i < n) {
        const char *hit = NULL;
        /* the next occurrence that starts a word */
        for (const char *p = text + i; (p = strstr(p, needle)) != NULL; p++) {
            size_t off = (size_t)(p - text);
            int32_t prev = ' ';
            if (off > 0) {
                size_t q = off - 1;
                while (q > 0 && ((unsigned char)text[q] & 0xC0) == 0x80)
                    q--;
                u8_decode(text + q, off - q, &prev);
            }
            if (!hg_is_syllable(prev) &&
                !((prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z')) &&
                !(prev >= '0' && prev <= '9')) {
                hit = p;
                break;
            }
        }
        if (!hit) {
            rc |= buf_add(&b, text + i, n - i);
            break;
        }
        size_t off = (size_t)(hit - text);
        rc |= buf_add(&b, text + i, off - i);
        rc |= buf_adds(&b, "____");
        any = 1;
        size_t after = off + t->len;
        /* an alias in parentheses right after names the answer: drop it */
        if (t->alias >= 0 && after < n && text[after] == '(') {
            const char *close = strchr(text + after, ')');
            if (close && (size_t)(close - text) - after < 80)
                after = (size_t)(close - text) + 1;
        }
        size_t wend = word_end_after(text, n, after);
        size_t plen;
        const char *neutral = hg_neutral_particle(text + after, wend - after, &plen);
        if (neutral && plen == wend - after) {
            rc |= buf_adds(&b, neutral);
            after = wend;
        }
        i = after;
    }
    (void)al;
    char *out = rc || !any ? NULL : arena_strndup(a, buf_str(&b), b.len);
    buf_free(&b);
    return out;
}

/* Whether the text right after a blank candidate makes it a predicate, not
 * a term ("분석 후", "구현 가능", "격리."): see gen_cloze. */
static int before_predicate(const char *nx)
{
    return *nx == '.' || *nx == '\0' || *nx == '\n' || strncmp(nx, " 후", 4) == 0 ||
           strncmp(nx, " 시", 4) == 0 || strncmp(nx, " 전", 4) == 0 ||
           strncmp(nx, " 가능", 7) == 0 || strncmp(nx, " 필요", 7) == 0 ||
           strncmp(nx, " 불가", 7) == 0 || strncmp(nx, " 필수", 7) == 0;
}

/* The bytes of the term in a word of sl bytes at w: a Latin word with a
 * Hangul ending glued to it ("Open이면") is the Latin part; a Hangul stem
 * still ending in the particle 에 or 에서 ("변경에" of 변경에도) loses it. */
static size_t term_bytes(const char *w, size_t sl)
{
    size_t latin = 0;
    while (latin < sl && (unsigned char)w[latin] < 0x80)
        latin++;
    /* a Latin word and its particle (Kafka는, P는): the word, however short
     * (a blank "____ 필수" keyed "P는" took no answer: seed 1, cloze 7) */
    if (latin >= 1 && latin < sl && (unsigned char)w[latin] >= 0xE0)
        return latin;
    if (sl >= 9 && memcmp(w + sl - 6, "\xEC\x97\x90\xEC\x84\x9C", 6) == 0 && sl - 6 >= 6)
        return sl - 6; /* 에서 */
    if (sl >= 9 && memcmp(w + sl - 3, "\xEC\x97\x90", 3) == 0)
        return sl - 3; /* 에 */
    return sl;
}

/* The blankable key terms of `text` (item i's option when own, else its
 * whole answer) into terms[0..64), best first: alias phrases (they come
 * with accepted alternatives), then key terms (issue 9, point 8). Whether
 * the quiz shows one elsewhere is the quiz's to say (gen_cloze). */
/* Whether the sl bytes at w occur in text[0..n) more than once: a blank
 * there would be two blanks on one answer ("시스템 ____은 … ____을 반영"). */
static int occurs_twice(const char *text, size_t n, const char *w, size_t sl)
{
    size_t seen = 0;
    for (size_t i = 0; sl && i + sl <= n && seen < 2; i++)
        seen += memcmp(text + i, w, sl) == 0;
    return seen >= 2;
}

/* Whether byte off of text stands in a sentence that gives examples ("예:",
 * "예를 들어", "e.g.", "such as") after the marker, or in a list of glossed
 * members ("PostgreSQL(트랜잭션), Elasticsearch(검색), Redis(캐시)"): one
 * example of several is no blank with one fill. */
static int in_examples(const char *text, size_t n, size_t off, size_t len)
{
    size_t start = off;
    while (start > 0 && text[start - 1] != '\n' &&
           !(text[start - 1] == ' ' && start >= 2 && text[start - 2] == '.'))
        start--;
    static const char *const marks[] = {
        "\xEC\x98\x88:", "\xEC\x98\x88)", "\xEC\x98\x88\xEB\xA5\xBC \xEB\x93\xA4\xEC\x96\xB4",
        "e.g.",          "such as",       "for example"};
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
        size_t ml = strlen(marks[m]);
        for (size_t i = start; i + ml <= off; i++)
            if (memcmp(text + i, marks[m], ml) == 0)
                return 1;
    }
    if (off + len >= n || text[off + len] != '(')
        return 0;
    /* glossed members around it, separated by commas */
    size_t glossed = 0;
    int depth = 0;
    for (size_t i = start; i < n && text[i] != '\n'; i++) {
        depth += text[i] == '(' ? 1 : text[i] == ')' && depth > 0 ? -1 : 0;
        if (depth == 0 && text[i] == ')' && i + 1 < n && (text[i + 1] == ',' || text[i + 1] == '.'))
            glossed++;
    }
    return glossed >= 2;
}

/* Words too general to have one fill in a blank (the review of seed 6173,
 * defect 3: 통합, 시스템, 기본), by the word's matching form (tok_key). */
static int cloze_generic(const char *key, size_t n)
{
    return tok_is_general(key, n, TOK_GENERAL_BLANK);
}

/* Whether the term at off is one side of a slash pair ("화면/API"): the
 * other side is as good a fill. */
static int beside_slash(const char *text, size_t n, size_t off, size_t len)
{
    return (off > 0 && text[off - 1] == '/') || (off + len < n && text[off + len] == '/');
}

/* Whether text[off..off+len) is a label ("장점: …") or inside the gloss of
 * the word right before the parenthesis ("Else(정상)", "Config(설정 분리)"). */
static int label_or_gloss(const char *text, size_t n, size_t off, size_t len)
{
    if (off + len < n && text[off + len] == ':')
        return 1;
    for (size_t i = off; i > 0; i--) {
        char c = text[i - 1];
        if (c == ')' || c == '\n')
            return 0;
        if (c == '(')
            return i >= 2 && text[i - 2] != ' ' && text[i - 2] != '\n';
    }
    return 0;
}

/* Whether toks[k] (a word of text) is half of a name or a label, which a
 * blank must not cut (the review of seed 7411, cloze 1, 5, 10, 11, 14):
 * - a Latin word beside another Latin word, one space apart ("API ____",
 *   "Confluent ____ Registry"): half a product or pattern name;
 * - a word right after a bare Latin word ("Saga ____"): the name's head noun;
 * - a label (a colon right after it: "____: …. 단점: …");
 * - the gloss of the word before it ("Else(____)"), or a Latin word whose
 *   gloss follows ("Lambda(람다)"): the other spelling stays in view. */
static int cuts_a_name(const char *text, size_t n, const tok *toks, size_t nt, size_t k, size_t sl)
{
    const tok *t = &toks[k];
    int latin = t->kind == TK_LATIN || (t->kind == TK_MIXED && (unsigned char)text[t->off] < 0x80);
    size_t end = t->off + sl;
    if (label_or_gloss(text, n, t->off, sl))
        return 1;
    if (latin && t->len == sl && end < n && text[end] == '(')
        return 1;
    if (k > 0) {
        const tok *p = &toks[k - 1];
        if (p->kind == TK_LATIN && p->off + p->len + 1 == t->off && text[t->off - 1] == ' ')
            return 1; /* after a bare Latin word: its head noun, or the name's second half */
    }
    if (latin && t->len == sl && k + 1 < nt) {
        const tok *q = &toks[k + 1];
        int q_latin =
            q->kind == TK_LATIN || (q->kind == TK_MIXED && (unsigned char)text[q->off] < 0x80);
        if (q_latin && end + 1 == q->off && text[end] == ' ')
            return 1;
    }
    return 0;
}

/* Whether the author's thesaurus has key (kl bytes, tok_key form) in a group. */
static int thes_has(const assay_engine *e, const char *key, size_t kl)
{
    for (size_t r = 0; r < e->n_thes; r++)
        for (const char *p = e->thes[r]; *p;) {
            const char *end = strchr(p, '|');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            if (len == kl && memcmp(p, key, kl) == 0)
                return 1;
            p += len + (end != NULL);
        }
    return 0;
}

/* Whether w[0..n) (a word's stem) is one of the words of list. */
static int word_in(const char *w, size_t n, const char *const *list, size_t nl)
{
    for (size_t i = 0; i < nl; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

/* Whether word w[0..n) is a word of list, bare or with one particle
 * syllable (수가, 요구사항에: hg_stem keeps a one-syllable stem's particle). */
static int word_in_p(const char *w, size_t n, const char *const *list, size_t nl)
{
    static const char *const particles[] = {"가", "이", "을", "를", "은", "는", "의",
                                            "에", "도", "로", "와", "과", "만"};
    if (word_in(w, n, list, nl))
        return 1;
    return n > 3 && word_in(w + n - 3, 3, particles, sizeof particles / sizeof *particles) &&
           word_in(w, n - 3, list, nl);
}

/* Whether the text right after a bare verbal noun is a clause end (it is
 * the predicate: "앞에 배치, 헬스체크"). */
static int clause_end(const char *nx)
{
    if (strncmp(nx, " \xE2\x86\x92", 4) == 0) /* " →": a step of a sequence ends */
        return 1;
    return *nx == '\0' || *nx == '.' || *nx == ',' || *nx == '\n' || *nx == ';' || *nx == ')';
}

/* Whether word w[0..n) is a verbal noun of list with a light verb's
 * ending glued to it (유지해야, 사용하는, 처리된, 분리시켜). */
static int conjugated_verb(const char *w, size_t n, const char *const *list, size_t nl)
{
    static const char *const light[] = {"하", "해", "할", "한", "함",   "되",
                                        "돼", "된", "될", "됨", "시키", "시켜"};
    for (size_t i = 0; i < nl; i++) {
        size_t vl = strlen(list[i]);
        if (n <= vl || memcmp(w, list[i], vl) != 0)
            continue;
        for (size_t l = 0; l < sizeof light / sizeof *light; l++)
            if (n >= vl + strlen(light[l]) && memcmp(w + vl, light[l], strlen(light[l])) == 0)
                return 1;
    }
    return 0;
}

/* Whether toks[k] stands in a slot that does not pin one term (the review
 * of seed 9377, cloze 1, 5, 10):
 * - a counter or bound noun (이 두 ____: 가지; 개, 번, 수, 것);
 * - after a numeral or a determiner (두 ____, 여러 ____, 모든 ____, 단일
 *   ____): the noun it counts or picks out has open fills (여러 ____ 원자적
 *   처리: 메시지, 파티션, 토픽);
 * - a bare noun right before a generic head (____ 요구사항, ____ 특성,
 *   ____ 수): the kind of requirement is open (성능, 보안, 규모). */
static int open_slot(const char *text, const tok *toks, size_t nt, size_t k, size_t sl)
{
    static const char *const counters[] = {"가지", "개", "번", "회", "종", "차례", "단계", "건",
                                           "명",   "대", "수", "것", "등", "때",   "중",   "측"};
    static const char *const before[] = {
        "한", "두", "세", "네", "다섯", "여섯", "몇", "여러", "모든", "각", "각각", "이", "그",
        "저", "다른", "같은", "해당", "일부", "단일", "어떤", "특정", "다양한", "여러가지", "전체",
        "많은", "간", "사이",
        /* a separate what (별도 ____이(가) Outbox를 읽어: 프로세스, 릴레이,
         * 워커; the review of seed 5309, cloze 11) */
        "별도"};
    static const char *const heads[] = {
        "요구사항", "요구", "특성", "측면", "수", "개수", "관점", "수준", "종류", "유형", "문제",
        "부분", "영역", "정도", "방식", "기준", "상황", "환경", "조건", "요소", "요건", "로직",
        /* the kind of server or application is open (____ 서버: HTTP and
         * 웹, the review of seed 5309, cloze 7; ____ 애플리케이션: SaaS, 웹,
         * 클라우드 네이티브) */
        "서버", "애플리케이션", "앱"};
    const tok *t = &toks[k];
    if (t->kind == TK_HANGUL &&
        word_in(text + t->off, sl, counters, sizeof counters / sizeof *counters))
        return 1;
    if (k > 0) {
        const tok *p = &toks[k - 1];
        if (p->off + p->len + 1 == t->off && text[t->off - 1] == ' ' &&
            (p->kind == TK_NUMBER ||
             (p->kind == TK_HANGUL && p->len == p->stem_len &&
              word_in(text + p->off, p->len, before, sizeof before / sizeof *before))))
            return 1;
    }
    if (k > 0) { /* per-X (리전별 ____ 캐시): which kind is open */
        const tok *p = &toks[k - 1];
        if (p->kind == TK_HANGUL && p->len == p->stem_len && p->len >= 6 &&
            memcmp(text + p->off + p->len - 3, "별", 3) == 0 && p->off + p->len + 1 == t->off)
            return 1;
    }
    static const char *const like[] = {"같은", "등", "등의", "등을", "등이", "등은", "처럼"};
    if (t->len == sl && k + 1 < nt) {
        const tok *q = &toks[k + 1];
        int next = t->off + t->len + 1 == q->off && text[q->off - 1] == ' ';
        if (q->kind == TK_HANGUL && next &&
            (word_in_p(text + q->off, q->len, heads, sizeof heads / sizeof *heads) ||
             word_in(text + q->off, q->len, like, sizeof like / sizeof *like)))
            return 1; /* a generic head, or an example of a class (____ 같은 DB) */
        /* a number before a bound (10개 이상, 2주 내): a rule of thumb,
         * open to other figures */
        static const char *const bounds[] = {"이상", "이하", "미만", "초과", "내", "정도", "이내"};
        if (next && text[t->off] >= '0' && text[t->off] <= '9' &&
            word_in(text + q->off, q->len, bounds, sizeof bounds / sizeof *bounds))
            return 1;
        /* one of a list of kinds of the same head ("버전 관리 정책, ____ 정책") */
        if (q->kind == TK_HANGUL && next && memchr(text, ',', strlen(text))) {
            size_t seen = 0;
            for (size_t j = 0; j < nt; j++)
                seen += toks[j].stem_len == q->stem_len &&
                        memcmp(text + toks[j].off, text + q->off, q->stem_len) == 0;
            if (seen >= 2)
                return 1;
        }
    }
    /* an adjectival noun (적합, 필요, 용이): a predicate, no term */
    static const char *const adjectival[] = {
        "적합", "부적합", "필요", "불필요", "가능", "불가능", "중요", "용이", "유리", "불리",
        "충분", "간단", "복잡", "유연", "안전", "적절", "명확", "동일", "유사", "다양", "취약",
        "강력", "원활", "단순", "효율", "비효율", "어려움", "쉬움", "과도",
        /* a determiner noun (다음 페이지, 기존 요청): the slot takes its
         * opposite as well (이전, 신규) */
        "다음", "이전", "현재", "기존", "신규", "최신", "최초"};
    if (t->kind == TK_HANGUL &&
        word_in(text + t->off, sl, adjectival, sizeof adjectival / sizeof *adjectival))
        return 1;
    /* nor the bare subject of one closing a note ("이벤트 스키마 ____ 복잡,":
     * 변경, 진화, 버전 관리): what is hard or simple is open */
    if (t->len == sl && k + 1 < nt) {
        const tok *q = &toks[k + 1];
        if (q->kind == TK_HANGUL && q->len == q->stem_len && t->off + t->len + 1 == q->off &&
            clause_end(text + q->off + q->len) &&
            word_in(text + q->off, q->len, adjectival, sizeof adjectival / sizeof *adjectival))
            return 1;
    }
    /* the bare object of a note's closing verbal noun after a place or a
     * means ("테이블에 ____ 저장", "웹소켓으로 ____ 확인"), or that verbal
     * noun itself ("앞에 ____,"): what is stored or checked is open */
    static const char *const verbs[] = {"저장", "확인", "생성", "사용", "적용", "처리", "전송",
                                        "관리", "수집", "기록", "발행", "전달", "반환", "배치",
                                        "추가", "제공", "유지", "보관", "실행", "조회", "감지",
                                        "배포", "고려", "검토", "도입", "분리", "호출", "수행"};
    /* a generic verbal noun is no key term at all (호출, 분리, 저장) */
    if (t->kind == TK_HANGUL && word_in(text + t->off, sl, verbs, sizeof verbs / sizeof *verbs))
        return 1;
    /* nor its object with 을/를 at the end of a note ("프록시 ____을(를)
     * 배치": a container, a process, a server; the review of seed 6404) */
    if (t->kind == TK_HANGUL && t->len == sl + 3 && k + 1 < nt &&
        (memcmp(text + t->off + sl, "을", 3) == 0 || memcmp(text + t->off + sl, "를", 3) == 0)) {
        const tok *q = &toks[k + 1];
        if (q->kind == TK_HANGUL && q->len == q->stem_len && t->off + t->len + 1 == q->off &&
            clause_end(text + q->off + q->len) &&
            word_in(text + q->off, q->len, verbs, sizeof verbs / sizeof *verbs))
            return 1;
        /* nor the object of one conjugated ("____을(를) 유지해야 하는 객체
         * 묶음": 일관성 and 불변식, the review of seed 5309, cloze 15) */
        if (q->kind == TK_HANGUL && t->off + t->len + 1 == q->off &&
            conjugated_verb(text + q->off, q->len, verbs, sizeof verbs / sizeof *verbs))
            return 1;
    }
    if (t->len == sl) {
        const tok *p = &toks[k > 0 ? k - 1 : k];
        const char *pe = text + p->off + p->len;
        int place = k > 0 && p->kind != TK_NUMBER && p->len >= 3 &&
                    (memcmp(pe - 3, "에", 3) == 0 || memcmp(pe - 3, "로", 3) == 0) &&
                    p->off + p->len + 1 == t->off;
        if (t->kind == TK_HANGUL && clause_end(text + t->off + t->len) &&
            word_in(text + t->off, sl, verbs, sizeof verbs / sizeof *verbs))
            return 1;
        /* a Hangul noun's closing verb does not pin it either (트래픽 ____
         * 확인, ____ 관리,) */
        if ((place || t->kind == TK_HANGUL) && k + 1 < nt) {
            const tok *q = &toks[k + 1];
            if (q->kind == TK_HANGUL && q->len == q->stem_len && t->off + t->len + 1 == q->off &&
                clause_end(text + q->off + q->len) &&
                word_in(text + q->off, q->len, verbs, sizeof verbs / sizeof *verbs))
                return 1;
        }
    }
    /* inside one of several quoted examples ("주문이 생성됨", "____이(가)
     * 완료됨"): another example fits as well */
    {
        size_t quotes = 0, opened = 0;
        for (const char *c = text; *c; c++)
            if (*c == '"') {
                quotes++;
                opened += (size_t)(c - text) < t->off;
            }
        if (quotes >= 4 && opened % 2 == 1)
            return 1;
    }
    /* right before a one-word gloss ("____(Command)"): the gloss names it */
    if (t->off + sl < strlen(text) && text[t->off + sl] == '(') {
        const char *c = strchr(text + t->off + sl, ')');
        const char *comma = strchr(text + t->off + sl, ',');
        if (c && (!comma || comma > c))
            return 1;
    }
    return 0;
}

/* Whether the heading the learner sees above the item (its topic title)
 * shows the term, or a spelling of it that grading accepts (the review of
 * seed 9377, cloze 4, 12: 모놀리스 under "모놀리스 vs 마이크로서비스"):
 * compared case-folded, as substrings, in every script. */
static int shown_in_heading(const assay_engine *e, const g_item *it, const char *w, size_t n,
                            int al_k)
{
    const char *title = e->topics[it->topic].title;
    if (!title || !title[0] || n == 0 || n >= 128)
        return 0;
    char ft[512], fw[128];
    size_t tl = strlen(title);
    if (tl >= sizeof ft)
        tl = sizeof ft - 1;
    for (size_t i = 0; i < tl; i++)
        ft[i] = (char)(title[i] >= 'A' && title[i] <= 'Z' ? title[i] + 32 : title[i]);
    ft[tl] = '\0';
    for (size_t i = 0; i < n; i++)
        fw[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
    fw[n] = '\0';
    if (strstr(ft, fw))
        return 1;
    if (al_k >= 0) {
        const char *others[4];
        size_t no = alias_others(&e->aliases, e->aliases.v[al_k].ko, others, 4);
        for (size_t k = 0; k < no; k++)
            if (others[k][0] && has_ci(title, others[k]))
                return 1;
    }
    /* the spellings of the author's thesaurus group holding it */
    char key[128];
    if (memchr(w, ' ', n))
        return 0;
    size_t kl = tok_key(w, n, key);
    for (size_t r = 0; r < e->n_thes; r++) {
        int member = 0;
        for (const char *p = e->thes[r]; *p && !member;) {
            const char *end = strchr(p, '|');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            member = len == kl && memcmp(p, key, kl) == 0;
            p += len + (end != NULL);
        }
        for (const char *p = e->thes[r]; member && *p;) {
            const char *end = strchr(p, '|');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char sp[128];
            if (len > 0 && len < sizeof sp) {
                memcpy(sp, p, len);
                sp[len] = '\0';
                if (strstr(ft, sp))
                    return 1;
            }
            p += len + (end != NULL);
        }
    }
    return 0;
}

/* The alias written 한국어(English) whose Korean side is the one word
 * w[0..n) ("읽기(Query)"): its index, or -1. A gloss written English first
 * ("Elasticsearch(검색)") says what a thing does, not what the word means. */
static int word_gloss(const assay_engine *e, const char *w, size_t n)
{
    for (size_t k = 0; k < e->aliases.n; k++) {
        const alias *al = &e->aliases.v[k];
        if (al->ko_first && strlen(al->ko) == n && memcmp(al->ko, w, n) == 0)
            return (int)k;
    }
    return -1;
}

/* Whether the heading shows alias k's English side only as one of two
 * translated names or more, of different Korean words ("CQRS (Command Query
 * Responsibility Segregation)": command for 쓰기 and query for 읽기): it
 * names both sides of a contrast and does not say which one fills the blank
 * (the review of seed 6404, cloze 14: "query" for 읽기 is a right fill). One
 * Korean word only: "데이터 조회" has right fills the key lacks (조회). */
static int heading_contrasts(const assay_engine *e, const g_item *it, int k)
{
    const char *title = e->topics[it->topic].title;
    const alias *al = &e->aliases.v[k];
    if (!title || !al->ko_first || strchr(al->ko, ' ') || !has_ci(title, al->en) ||
        has_ci(title, al->ko))
        return 0;
    for (size_t j = 0; j < e->aliases.n; j++) {
        const alias *o = &e->aliases.v[j];
        if (o->ko_first && strcmp(o->en, al->en) != 0 && strcmp(o->ko, al->ko) != 0 &&
            !strchr(o->en, ' ') && has_ci(title, o->en))
            return 1;
    }
    return 0;
}

/* Whether the heading gives the blank away (shown_in_heading), a shown
 * translation of a contrast aside (heading_contrasts). */
static int heading_gives(const assay_engine *e, const g_item *it, const char *w, size_t n, int al_k)
{
    if (shown_in_heading(e, it, w, n, -1))
        return 1;
    return al_k >= 0 && shown_in_heading(e, it, w, n, al_k) && !heading_contrasts(e, it, al_k);
}

/* Whether the Korean phrase at p (n bytes) of text ends its word, or only
 * a particle or a verb ending follows it: not "일반" of 일반적으로, whose
 * blank "____적으로" is an adverb (the review of seed 6404, cloze 13). */
static int ends_word(const char *text, size_t tn, const char *p, size_t n)
{
    size_t end = (size_t)(p - text) + n;
    size_t start = end - n;
    while (start > 0 && text[start - 1] != ' ' && text[start - 1] != '\n' &&
           text[start - 1] != '(' && text[start - 1] != ',')
        start--;
    size_t wend = word_end_after(text, tn, end);
    if (wend == end)
        return 1;
    return start + hg_stem(text + start, wend - start) == end;
}

/* The Hangul stems the bank uses as verbs (분석하여, 확장한다, 도출됨): the
 * content-word hashes, sorted. */
typedef struct verb_set {
    uint64_t *v;
    size_t n, cap;
} verb_set;

static int cmp_hash(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Adds the stems of s that carry 하다/되다 (or 시키다) to vs; -1 when out of memory. */
static int verbs_of(verb_set *vs, const char *s)
{
    static const char *const light[] = {"하", "되", "한", "된", "할",  "될",
                                        "해", "돼", "함", "됨", "시키"};
    size_t n = strlen(s);
    tok toks[512];
    size_t nt = tok_split(s, n, toks, 512);
    nt = nt < 512 ? nt : 512;
    for (size_t k = 0; k < nt; k++) {
        const tok *t = &toks[k];
        if (t->kind != TK_HANGUL || t->len <= t->stem_len || t->stem_len < 6)
            continue;
        const char *after = s + t->off + t->stem_len;
        int verb = 0;
        for (size_t l = 0; l < sizeof light / sizeof *light && !verb; l++)
            verb = strncmp(after, light[l], strlen(light[l])) == 0;
        uint64_t h;
        if (!verb || tx_terms(s + t->off, t->stem_len, &h, 1) != 1)
            continue;
        if (vs->n == vs->cap) {
            size_t cap = vs->cap ? vs->cap * 2 : 256;
            uint64_t *v = realloc(vs->v, cap * sizeof *v);
            if (!v)
                return -1;
            vs->v = v;
            vs->cap = cap;
        }
        vs->v[vs->n++] = h;
    }
    return 0;
}

/* Whether the bare Hangul word w[0..sl) (a token without ending) is a verbal
 * noun of the bank standing as a predicate: right before a clause end
 * or before 없이 ("DDD로 도메인 ____ → Bounded Context 도출": 분석, 모델링, 탐색
 * all fit; the review of seed 6404, cloze 7; "서비스 코드 ____ 없이": 수정,
 * 변경). */
static int verbal_predicate(const verb_set *vs, const char *w, size_t sl)
{
    uint64_t h;
    if (!vs || !(clause_end(w + sl) || strncmp(w + sl, " 없이", 7) == 0) ||
        tx_terms(w, sl, &h, 1) != 1)
        return 0;
    return bsearch(&h, vs->v, vs->n, sizeof *vs->v, cmp_hash) != NULL;
}

/* Whether the Hangul word w[0..n) is a compound with a word of the bank
 * as its first or last part, each part two syllables or more (코드베이스:
 * 코드; 마이크로서비스: 서비스): a learner writes that part for it, and
 * whether it fits is the word's meaning (코드 for 코드베이스 does, the
 * review of seed 5309, cloze 6; 서버 for 서버리스, 패턴 for 안티패턴,
 * 체크 for 헬스체크 do not), so the blank has no one fill. */
static int compound_of_words(const assay_engine *e, const char *w, size_t n)
{
    const size_t syl = 3; /* a Hangul syllable is 3 bytes of UTF-8 */
    if (n < 4 * syl || n % syl != 0 || n >= 128)
        return 0;
    for (size_t i = 0; i < n; i += syl)
        if ((unsigned char)w[i] < 0xEA || (unsigned char)w[i] > 0xED)
            return 0;
    for (size_t c = 2 * syl; c + 2 * syl <= n; c += syl) {
        char key[128];
        size_t kl = tok_key(w, c, key);
        if (tx_term_known(&e->idx, key, kl))
            return 1;
        kl = tok_key(w + c, n - c, key);
        if (tx_term_known(&e->idx, key, kl))
            return 1;
    }
    return 0;
}

/* Whether the text right after a term is the particle 도 (also) alone: the
 * term is one of several the sentence holds for ("____도 트랜잭션으로
 * 처리": Consumer and 오프셋, the review of seed 5309, cloze 14). */
static int additive_after(const char *nx)
{
    return strncmp(nx, "\xEB\x8F\x84", 3) == 0 &&
           ((unsigned char)nx[3] < 0xEA || (unsigned char)nx[3] > 0xED);
}

/* Whether the bare Hangul token toks[k] closes a clause right after a
 * noun, bare or with a subject particle: it is that noun's predicate
 * ("Kafka는 생태계 ____,": 성숙 and 풍부, the review of seed 5309, cloze 12;
 * "코드가 ____,"). */
static int closes_after_noun(const char *text, const tok *toks, size_t k, size_t sl)
{
    static const char *const subject[] = {"이", "가", "은", "는"};
    const tok *t = &toks[k];
    int latin = (unsigned char)text[t->off] < 0x80;
    if (k == 0 || (t->kind != TK_HANGUL && !latin) || t->len != sl ||
        !clause_end(text + t->off + sl))
        return 0;
    const tok *p = &toks[k - 1];
    if (p->kind != TK_HANGUL || p->off + p->len + 1 != t->off || text[p->off + p->len] != ' ')
        return 0;
    /* a name as the predicate of a topic names one choice for it ("이벤트
     * 처리는 ____, 상시 실행은 EKS": Lambda, and the stem's 서버리스) */
    if (latin)
        return p->len == p->stem_len + 3 && word_in(text + p->off + p->stem_len, 3, subject + 2, 2);
    return p->len == p->stem_len ||
           (p->len == p->stem_len + 3 &&
            word_in(text + p->off + p->stem_len, 3, subject, sizeof subject / sizeof *subject));
}

static size_t cloze_candidates(const assay_engine *e, const g_item *it, const char *text, int own,
                               const verb_set *vs, term *terms)
{
    size_t n = strlen(text);
    tok toks[512];
    size_t nt = tok_split(text, n, toks, 512);
    if (nt > 512)
        nt = 512;
    size_t nterms = 0;
    /* alias phrases first: they come with accepted alternatives */
    /* in the option, the aliases it names are known (engine.c); in the
     * whole answer they are looked for */
    size_t n_al = own ? it->n_al_ko : e->aliases.n;
    for (size_t x = 0; x < n_al && nterms < 16; x++) {
        size_t k = own ? it->al_ko[x] : x;
        const alias *al = &e->aliases.v[k];
        /* the Korean side as written (it is NFC and case-free) */
        const char *p = strstr(text, al->ko);
        if (!p || strlen(al->ko) < 6)
            continue;
        if (term_in_question(e, it, al->ko, strlen(al->ko)) ||
            in_open_list(text, n, (size_t)(p - text), strlen(al->ko)) ||
            in_examples(text, n, (size_t)(p - text), strlen(al->ko)) ||
            occurs_twice(text, n, al->ko, strlen(al->ko)) || before_predicate(p + strlen(al->ko)) ||
            additive_after(p + strlen(al->ko)) ||
            (!strchr(al->ko, ' ') && compound_of_words(e, al->ko, strlen(al->ko))) ||
            (!strchr(al->ko, ' ') && verbal_predicate(vs, p, strlen(al->ko))) ||
            label_or_gloss(text, n, (size_t)(p - text), strlen(al->ko)) ||
            !ends_word(text, n, p, strlen(al->ko)) ||
            beside_slash(text, n, (size_t)(p - text), strlen(al->ko)) ||
            heading_gives(e, it, al->ko, strlen(al->ko), (int)k))
            continue;
        /* a one-word phrase stands in the slots a word does (컨테이너 생성 →) */
        if (!strchr(al->ko, ' ')) {
            size_t at = 0;
            while (at < nt && toks[at].off < (size_t)(p - text))
                at++;
            if (at < nt && toks[at].off == (size_t)(p - text) &&
                open_slot(text, toks, nt, at, strlen(al->ko)))
                continue;
        }
        terms[nterms++] = (term){p, strlen(al->ko),
                                 2.0 + tx_term_idf(&e->idx, al->ko, strlen(al->ko)) / 4, (int)k};
    }
    for (size_t k = 0; k < nt && nterms < 64; k++) {
        const char *w = text + toks[k].off;
        size_t sl = term_bytes(w, toks[k].stem_len);
        char key[128];
        if (sl >= sizeof key || tok_is_stopword(w, sl))
            continue;
        size_t chars = 0;
        for (size_t c = 0; c < sl; c++)
            chars += ((unsigned char)w[c] & 0xC0) != 0x80;
        if (toks[k].kind == TK_NUMBER || (toks[k].kind == TK_HANGUL ? chars < 2 : sl < 3))
            continue;
        /* key terms only (issue 9, point 8): a Latin technical term, or a
         * Hangul word of a topic, a sub-topic line or a question's head;
         * never a verbal noun before 하다/되다 (호출, 분리, 저장) */
        const char *after = w + sl;
        if (toks[k].len > sl &&
            (memcmp(after, "\xED\x95\x98", 3) == 0 || memcmp(after, "\xEB\x90\x98", 3) == 0 ||
             memcmp(after, "\xEB\x90\x9C", 3) == 0 || memcmp(after, "\xED\x95\x9C", 3) == 0 ||
             memcmp(after, "\xED\x95\xA0", 3) == 0 || memcmp(after, "\xEB\x90\xA0", 3) == 0))
            continue; /* 하, 되, 된, 한, 할, 될 */
        /* a bare Hangul word that ends a sentence or stands before 후/시/전
         * is a predicate ("메시지를 격리.", "분석 후 결정"), not a term */
        if (toks[k].kind == TK_HANGUL && toks[k].len == sl) {
            if (before_predicate(w + sl) || verbal_predicate(vs, w, sl))
                continue;
        }
        if (closes_after_noun(text, toks, k, sl))
            continue;
        if ((toks[k].len == sl + 3 && additive_after(w + sl)) ||
            (toks[k].kind == TK_HANGUL && compound_of_words(e, w, sl)))
            continue;
        if (toks[k].kind == TK_HANGUL) {
            uint64_t h;
            if (tx_terms(w, sl, &h, 1) != 1 || !engine_key_term(e, h))
                continue;
        }
        size_t kl = tok_key(w, sl, key);
        /* a lower-case English word in Korean text (graceful, stale) is a
         * plain word a learner writes in Korean (우아한, 오래된), which
         * grading knows only from the thesaurus: without a group there, no
         * blank (the review of seed 8123, cloze 5, 6) */
        if (toks[k].kind == TK_LATIN && w[0] >= 'a' && w[0] <= 'z' && !thes_has(e, key, kl))
            continue;
        if (cloze_generic(key, kl) || beside_slash(text, n, toks[k].off, sl) ||
            stem_is_cue_word(key, kl) || cuts_a_name(text, n, toks, nt, k, sl))
            continue;
        /* a slash pair written as one word (L4/L7) holds two answers, and a
         * slot with open fills pins none (the review of seed 9377) */
        if (memchr(w, '/', sl) || open_slot(text, toks, nt, k, sl) ||
            heading_gives(e, it, w, sl, toks[k].kind == TK_HANGUL ? word_gloss(e, w, sl) : -1))
            continue;
        if (term_in_question(e, it, w, sl) || in_open_list(text, n, toks[k].off, sl) ||
            in_code(text, toks[k].off) || in_examples(text, n, toks[k].off, sl) ||
            occurs_twice(text, n, w, sl))
            continue;
        int dup = 0;
        for (size_t x = 0; x < nterms && !dup; x++)
            dup = terms[x].len == sl && memcmp(terms[x].text, w, sl) == 0;
        if (dup)
            continue;
        terms[nterms++] =
            (term){w, sl, tx_term_idf(&e->idx, key, sl) / 4 + noun_bonus(&toks[k], w), -1};
    }
    for (size_t x = 1; x < nterms; x++) /* best first, stable */
        for (size_t y = x; y > 0 && terms[y - 1].score < terms[y].score; y--) {
            term tmp = terms[y];
            terms[y] = terms[y - 1];
            terms[y - 1] = tmp;
        }
    return nterms;
}

/* Each item's cloze candidates, for the option and for the whole answer. */
static int cloze_prepare(assay_engine *e)
{
    verb_set vs = {NULL, 0, 0};
    for (size_t i = 0; i < e->n_items; i++)
        if ((e->items[i].question && verbs_of(&vs, e->items[i].question) != 0) ||
            (e->items[i].answer && verbs_of(&vs, e->items[i].answer) != 0)) {
            free(vs.v);
            return -1;
        }
    if (vs.n)
        qsort(vs.v, vs.n, sizeof *vs.v, cmp_hash);
    int rc = 0;
    for (size_t i = 0; i < e->n_items && rc == 0; i++) {
        g_item *it = &e->items[i];
        it->n_cz[0] = it->n_cz[1] = 0;
        it->cz[0] = it->cz[1] = NULL;
        if (derive_is(e, (uint32_t)i) || it->kind == ASSAY_KIND_SCENARIO || it->needs_context)
            continue;
        for (int pass = 0; pass < 2; pass++) {
            const char *text = pass == 0 ? it->option : it->answer;
            if (!text || !text[0])
                continue;
            term terms[64];
            size_t n = cloze_candidates(e, it, text, pass == 0, &vs, terms);
            if (n == 0)
                continue;
            g_cloze *v = arena_alloc(&e->mem, n * sizeof *v);
            if (!v) {
                rc = -1;
                break;
            }
            for (size_t k = 0; k < n; k++)
                v[k] = (g_cloze){(uint32_t)(terms[k].text - text), (uint32_t)terms[k].len,
                                 (float)terms[k].score, terms[k].alias};
            it->cz[pass] = v;
            it->n_cz[pass] = (uint8_t)n;
        }
    }
    free(vs.v);
    return rc;
}

/* Whether spelling s (n bytes) is in acc already, ASCII case folded. */
static int accepted(const char *const *acc, size_t n_acc, const char *s, size_t n)
{
    for (size_t k = 0; k < n_acc; k++) {
        size_t al = strlen(acc[k]);
        int same = al == n;
        for (size_t c = 0; same && c < n; c++)
            same = (acc[k][c] | (acc[k][c] >= 'A' && acc[k][c] <= 'Z' ? 0x20 : 0)) ==
                   (s[c] | (s[c] >= 'A' && s[c] <= 'Z' ? 0x20 : 0));
        if (same)
            return 1;
    }
    return 0;
}

/* The blanked word's other spellings that grading knows (the review of seed
 * 6173, defect 3: "컨슈머" and "토픽" were rejected for Consumer and Topic):
 * every spelling of the author's thesaurus group holding it. A spelling the
 * prompt shows is left out. The list grows in a (*acc replaced). */
#define CLOZE_SPELLINGS 6
static int cloze_spellings(const assay_engine *e, arena *a, g_question *q, const term *t,
                           const char ***acc, size_t *n_acc)
{
    char key[128];
    if (t->len >= sizeof key || memchr(t->text, ' ', t->len))
        return 0;
    size_t kl = tok_key(t->text, t->len, key);
    key[kl] = '\0';
    const char *sp[16];
    size_t spl[16], ns = 0;
    for (size_t r = 0; r < e->n_thes && ns < 16; r++) {
        const char *row = e->thes[r];
        int member = 0;
        for (const char *p = row; *p && !member;) {
            const char *end = strchr(p, '|');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            member = len == kl && memcmp(p, key, kl) == 0;
            p += len + (end != NULL);
        }
        for (const char *p = row; member && *p && ns < 16;) {
            const char *end = strchr(p, '|');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            sp[ns] = p;
            spl[ns++] = len;
            p += len + (end != NULL);
        }
    }
    if (ns == 0)
        return 0;
    const char **grown = arena_alloc(a, (*n_acc + CLOZE_SPELLINGS) * sizeof *grown);
    char *fp = gen_fold_ascii(a, q->pub.prompt, strlen(q->pub.prompt));
    if (!grown || !fp)
        return -1;
    memcpy(grown, *acc, *n_acc * sizeof *grown);
    size_t n = *n_acc;
    for (size_t k = 0; k < ns && n < *n_acc + CLOZE_SPELLINGS; k++) {
        if (spl[k] == 0 || accepted(grown, n, sp[k], spl[k]))
            continue;
        char *s = arena_strndup(a, sp[k], spl[k]);
        char *fs = s ? gen_fold_ascii(a, s, spl[k]) : NULL;
        if (!fs)
            return -1;
        if (!strstr(fp, fs))
            grown[n++] = s;
    }
    *acc = grown;
    *n_acc = n;
    return 0;
}

int gen_cloze(const assay_engine *e, uint32_t i, rng *r, arena *a, g_question *q,
              const gen_excl *ex)
{
    const g_item *it = &e->items[i];
    if (derive_is(e, i)) {
        int rc = derive_cloze(e, i, r, a, q, ex);
        /* a definition's term is often its topic's name: shown above it
         * (the review of seed 9377, cloze 12), no blank */
        for (size_t k = 0; rc == 0 && k < q->pub.n_accept; k++)
            if (shown_in_heading(e, it, q->pub.accept[k], strlen(q->pub.accept[k]), -1))
                rc = 1;
        return rc;
    }
    if (it->kind == ASSAY_KIND_SCENARIO || it->needs_context)
        return 1;
    /* blank inside the option (short) when it has a good term, else the answer */
    for (int pass = 0; pass < 2; pass++) {
        const char *text = pass == 0 ? it->option : it->answer;
        if (!text || !text[0])
            continue;
        term terms[64];
        size_t nterms = 0;
        for (size_t k = 0; k < it->n_cz[pass]; k++) {
            const g_cloze *c = &it->cz[pass][k];
            terms[nterms++] = (term){text + c->off, c->len, c->score, c->alias};
        }
        if (nterms == 0)
            continue;
        /* a term the quiz shows elsewhere would be given away, and one an
         * earlier question has for its answer asks the same again (URL
         * twice in the quiz of seed 5309): the best two of the others */
        size_t kept = 0;
        for (size_t x = 0; x < nterms && kept < 2; x++) {
            const term *c = &terms[x];
            if (gen_excl_shown(ex, c->text, c->len) || gen_excl_secret(ex, c->text, c->len) ||
                (c->alias >= 0 &&
                 gen_excl_shown(ex, e->aliases.v[c->alias].en, strlen(e->aliases.v[c->alias].en))))
                continue;
            terms[kept++] = *c;
        }
        nterms = kept;
        if (nterms == 0)
            continue;
        size_t pick = rng_below(r, (uint32_t)(nterms < 2 ? nterms : 2));
        const term *t = NULL;
        char *blanked = NULL;
        /* the drawn one, else the other: a blank whose answer still shows in
         * the prompt (inside a longer word: 마이크로서비스, 장단점) is none */
        for (size_t tr = 0; tr < nterms && !blanked; tr++) {
            t = &terms[(pick + tr) % nterms];
            blanked = blank_out(a, text, t, &e->aliases);
            char *fb = blanked ? gen_fold_ascii(a, blanked, strlen(blanked)) : NULL;
            char *fq = gen_fold_ascii(a, it->question, strlen(it->question));
            char *ft = gen_fold_ascii(a, t->text, t->len);
            if (!fq || !ft || (blanked && !fb))
                return -1;
            if (fb && (strstr(fb, ft) || strstr(fq, ft) || blank_before_verb(fb)))
                blanked = NULL;
        }
        if (!blanked)
            continue;
        fill_common(e, i, ASSAY_Q_CLOZE, q);
        q->pub.prompt = arena_printf(a, "%s\n%s", it->question, blanked);
        q->pub.answer = arena_strndup(a, t->text, t->len);
        /* the key, and every other side the bank gives its alias phrase
         * (상태 비저장: stateless and processes), except a form the prompt
         * shows ("Protocol Buffers(____)"): no answer to look for */
        const char *others[4];
        size_t n_oth =
            t->alias >= 0 ? alias_others(&e->aliases, e->aliases.v[t->alias].ko, others, 4) : 0;
        /* a Korean word the document translates (읽기(Query)): its English */
        int gloss =
            t->alias < 0 && (unsigned char)t->text[0] >= 0x80 ? word_gloss(e, t->text, t->len) : -1;
        if (gloss >= 0)
            others[n_oth++] = e->aliases.v[gloss].en;
        /* a Latin key's Korean names (도메인 주도 설계(DDD)) likewise, those
         * written Korean first: "Topic(패턴 매칭)" glosses one use */
        int latin = t->alias < 0 && t->len < 64;
        for (size_t c = 0; latin && c < t->len; c++)
            latin = (unsigned char)t->text[c] < 0x80;
        if (latin) {
            char fk[64];
            for (size_t c = 0; c < t->len; c++)
                fk[c] =
                    (char)(t->text[c] >= 'A' && t->text[c] <= 'Z' ? t->text[c] + 32 : t->text[c]);
            fk[t->len] = '\0';
            for (size_t k = 0; k < e->aliases.n && n_oth < 4; k++)
                if (e->aliases.v[k].ko_first && strcmp(e->aliases.v[k].en, fk) == 0)
                    others[n_oth++] = e->aliases.v[k].ko;
        }
        const char **acc = arena_alloc(a, (n_oth + 1) * sizeof *acc);
        char *fp = n_oth ? gen_fold_ascii(a, q->pub.prompt ? q->pub.prompt : "",
                                          q->pub.prompt ? strlen(q->pub.prompt) : 0)
                         : NULL;
        if (!q->pub.prompt || !q->pub.answer || !acc || (n_oth && !fp))
            return -1;
        acc[0] = q->pub.answer;
        size_t n_acc = 1;
        for (size_t k = 0; k < n_oth; k++)
            if (!strstr(fp, others[k]))
                acc[n_acc++] = others[k];
        if (cloze_spellings(e, a, q, t, &acc, &n_acc) != 0)
            return -1;
        q->pub.accept = acc;
        q->pub.n_accept = n_acc;
        return 0;
    }
    return 1;
}

/* ---- matching, short answer, scenario ---------------------------------------- */

/* Candidates for a matching set, at most; its pairs, at least and at most
 * (two of five found by chance or a cue still leave a set that needs
 * knowledge; two of four do not) */
#define MATCH_CANDS 64
#define MATCH_MIN   4
#define MATCH_MAX   5
/* the fewest pairs when four cannot be made: three of one kind still ask for
 * knowledge (Haladyna: a small homogeneous set is fine), where a quiz would
 * otherwise end its matching short (the review of seed 6404: 3 sets of 15) */
#define MATCH_LEAST 3
/* a class with fewer candidates than this (the anchor's included) makes sets
 * of four, so that its items make as many sets as they can; more, of five */
#define MATCH_PLENTY (3 * MATCH_MAX)

/* Whether two Hangul stems share a run of two syllables or more
 * (마이크로서비스 ↔ 서비스별, 서버리스 ↔ 서버, 일관성 ↔ 일관된, 장단점 ↔
 * 단점): a response repeating its premise's head noun in a compound. */
static int hangul_part(const char *q, size_t qn, const char *o, size_t on)
{
    const size_t syl = 3, min = 2 * syl; /* a syllable is 3 bytes of UTF-8 */
    if (qn < min || on < min)
        return 0;
    for (size_t x = 0; x + min <= qn; x += syl)
        for (size_t y = 0; y + min <= on; y += syl)
            if (memcmp(q + x, o + y, min) == 0)
                return 1;
    return 0;
}

/* English words of premises and the Korean words that translate them in a
 * response (the review of seed 7411: Bounded → 경계, Aggregate → 묶음, Layer
 * → 계층, Partition → 분할, Language → 용어): a pair made by translation.
 * Lower case; ASCII compared without case (has_ci). */
static const char *const match_tr[][2] = {
    {"bounded", "경계"},       {"aggregate", "묶음"},
    {"layer", "계층"},         {"partition", "분할"},
    {"language", "용어"},      {"language", "언어"},
    {"query", "조회"},         {"command", "쓰기"},
    {"command", "명령"},       {"mutual", "양방향"},
    {"group", "그룹"},         {"window", "윈도우"},
    {"queue", "큐"},           {"edge", "엣지"},
    {"sidecar", "옆"},         {"사이드카", "옆"},
    {"consistency", "일관"},   {"domain", "도메인"},
    {"design", "설계"},        {"concurrency", "동시"},
    {"config", "설정"},        {"availability", "가용"},
    {"dead letter", "실패"},   {"cold", "초기화"},
    {"many requests", "한도"}, {"global", "리전"},
    {"startup", "초기"},       {"version", "version"},
    {"pagination", "page"},    {"level", "level"},
    {"stage", "level"},        {"단계", "level"},
    {"페이지네이션", "page"},  {"버전", "/v"},
    {"ddd", "도메인"},         {"cdc", "변경"},
    {"disposability", "종료"}, {"monolith", "단일"},
    {"모놀리스", "단일"},      {"계층", "수준"},
    {"hierarch", "수준"},
};

/* Whether s holds w, ASCII letters compared without case (w lower case): no
 * folding, no allocation. */
static int has_ci(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] &&
               (s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] - 'A' + 'a') : s[k]) == w[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

size_t gen_tr_count(void)
{
    return sizeof match_tr / sizeof match_tr[0];
}

const char *gen_tr_side(size_t k, int side)
{
    return k < gen_tr_count() && (side == 0 || side == 1) ? match_tr[k][side] : NULL;
}

int gen_tr_holds(const char *text, size_t k, int side)
{
    const char *w = gen_tr_side(k, side);
    return w && has_ci(text, w);
}

static int translates(const char *question, const char *option)
{
    for (size_t k = 0; k < sizeof match_tr / sizeof match_tr[0]; k++)
        if (has_ci(question, match_tr[k][0]) && has_ci(option, match_tr[k][1]))
            return 1;
    return 0;
}

/* translates, for the pairs whose stem side is Korean (계층 → 수준, 모놀리스
 * → 단일): a paraphrase the clang solver's word matching misses, where a
 * Latin stem word and its Korean spelling (Domain → 도메인) are the clang
 * rule's own terms already (multiple choice: gen_prepare). */
static int translates_ko(const char *question, const char *option)
{
    for (size_t k = 0; k < sizeof match_tr / sizeof match_tr[0]; k++)
        if (((unsigned char)match_tr[k][0][0] >= 0x80 || strcmp(match_tr[k][0], "hierarch") == 0) &&
            has_ci(question, match_tr[k][0]) && has_ci(option, match_tr[k][1]))
            return 1;
    return 0;
}

/* Whether option o spells out an acronym of question q by the initials of
 * its capitalised Latin words, in order (REST ↔ Representational State
 * Transfer: R, S, T of R-E-S-T): at least two, and at least half the
 * acronym's letters. */
static int spells_out(const char *q, const char *o)
{
    for (const char *p = q; *p; p++) {
        if (!(*p >= 'A' && *p <= 'Z') ||
            (p > q && ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z')))
            continue;
        size_t n = 0;
        while (p[n] >= 'A' && p[n] <= 'Z')
            n++;
        if (n < 2 || ((p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z'))
            continue; /* a word, not an acronym */
        /* the option's words: a run of capitalised ones whose initials are
         * the acronym's letters in order, from its first */
        for (const char *w = o; *w; w++) {
            if (*w != p[0] || (w > o && w[-1] != ' ' && w[-1] != '(' && w[-1] != '-'))
                continue;
            size_t at = 1, run = 1;
            const char *x = w;
            for (;;) {
                while (*x && *x != ' ' && *x != '-')
                    x++;
                if (!*x || !(x[1] >= 'A' && x[1] <= 'Z'))
                    break;
                x++;
                while (at < n && p[at] != *x)
                    at++;
                if (at == n)
                    break;
                at++;
                run++;
            }
            if (run >= 2 && 2 * run >= n)
                return 1;
        }
    }
    return 0;
}

/* Whether the capitalised Latin words of option o (not all-capital ones)
 * have initials that spell, in order and with gaps, three letters or more
 * and at least half of an acronym (3+ capitals) of question q: PACELC →
 * "Partition … Else … Latency … Consistency" (the review of seed 8123, MC
 * 14), which spells_out misses when Korean stands between the words. */
static int initials_spell_min(const char *q, const char *o, size_t min);

static int initials_spell(const char *q, const char *o)
{
    return initials_spell_min(q, o, 3);
}

/* initials_spell with at least min letters spelt (matching: two of CQRS's
 * four by "데이터 변경(Command)과 데이터 조회(Query)"). */
static int initials_spell_min(const char *q, const char *o, size_t min)
{
    char ini[32];
    size_t ni = 0;
    for (const char *w = o; *w && ni < sizeof ini; w++) {
        int start = w == o || !((w[-1] | 0x20) >= 'a' && (w[-1] | 0x20) <= 'z');
        if (!start || !(*w >= 'A' && *w <= 'Z') || !(w[1] >= 'a' && w[1] <= 'z'))
            continue;
        ini[ni++] = *w;
    }
    if (ni < min)
        return 0;
    for (const char *p = q; *p; p++) {
        if (!(*p >= 'A' && *p <= 'Z') ||
            (p > q && ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z')))
            continue;
        size_t n = 0;
        while (n < 8 && p[n] >= 'A' && p[n] <= 'Z')
            n++;
        if (n < 3 || n == 8 || ((p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z'))
            continue;
        /* longest common subsequence of the acronym and the initials */
        size_t row[33] = {0};
        for (size_t x = 0; x < n; x++) {
            size_t diag = 0;
            for (size_t y = 1; y <= ni; y++) {
                size_t up = row[y];
                row[y] =
                    p[x] == ini[y - 1] ? diag + 1 : (row[y] > row[y - 1] ? row[y] : row[y - 1]);
                diag = up;
            }
        }
        if (row[ni] >= min && 2 * row[ni] >= n)
            return 1;
    }
    return 0;
}

/* Whether item c's response gives its own premise away to a reader without
 * the knowledge (the review of seed 7411, defect 1): a distinctive word of
 * its question that the option carries — the word itself, its other
 * language through an alias or the author's thesaurus, or its
 * transliteration skeleton, the clang rule's terms (dterms against cterms)
 * — or a response repeating a part of the premise's head noun
 * (hangul_part). Worked out per candidate drawn: a few short strings. */
/* Whether question q and option o hold the same number (a maximal run of
 * digits): 12-Factor App ↔ "12가지 원칙" (the review of seed 9377, MC 16). */
static int shares_number(const char *q, const char *o)
{
    for (const char *p = q; *p; p++) {
        if (!(*p >= '0' && *p <= '9') || (p > q && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        size_t n = 0;
        while (p[n] >= '0' && p[n] <= '9')
            n++;
        for (const char *w = o; *w; w++)
            if (strncmp(w, p, n) == 0 && !(w > o && w[-1] >= '0' && w[-1] <= '9') &&
                !(w[n] >= '0' && w[n] <= '9'))
                return 1;
    }
    return 0;
}

static int pair_gives_away(const g_item *c)
{
    if (shares_number(c->question, c->option))
        return 1;
    if (sim_shared(c->dterms, c->n_dterms, c->cterms, c->n_cterms) > 0 ||
        translates(c->question, c->option) || spells_out(c->question, c->option))
        return 1;
    tok qt[32], ot[64];
    size_t nq = tok_split(c->question, strlen(c->question), qt, 32);
    size_t no = tok_split(c->option, strlen(c->option), ot, 64);
    nq = nq < 32 ? nq : 32;
    no = no < 64 ? no : 64;
    for (size_t x = 0; x < nq; x++) {
        if (qt[x].kind != TK_HANGUL)
            continue;
        for (size_t y = 0; y < no; y++)
            if (ot[y].kind == TK_HANGUL && hangul_part(c->question + qt[x].off, qt[x].stem_len,
                                                       c->option + ot[y].off, ot[y].stem_len))
                return 1;
    }
    return 0;
}

/* Premise words and the response words a reader without the knowledge
 * pairs them by (the review of seed 9377, matching): a translation (Rate
 * Limiting → 제한, Scale Up → 증가, Config → 환경 변수, Frontend → 클라이언트),
 * the word's own opposite or partner (콜드 스타트 → 웜업, 단일 장애점 → 다중,
 * 분산 → 중앙, Admin → 관리) — matching's own table, beside match_tr (which
 * multiple choice and true/false read too). Lower case. */
static const char *const match_lure_tr[][2] = {
    {"게이트웨이", "gateway"},
    {"limit", "제한"},
    {"scale out", "늘리"},
    {"scale up", "증가"},
    {"scale out", "추가"},
    {"config", "환경"},
    {"frontend", "클라이언트"},
    {"cold", "웜업"},
    {"콜드", "웜업"},
    {"cold", "warm"},
    {"콜드", "warm"},
    {"단일", "다중"},
    {"spof", "다중"},
    {"분산", "중앙"},
    {"잠금", "lock"},
    {"lock", "잠금"},
    {"폐기", "공지"},
    {"deprecat", "공지"},
    {"publish", "발행"},
    {"subscri", "구독"},
    {"pub/sub", "publisher"},
    {"retry", "재시도"},
    {"fallback", "대체"},
    {"bulkhead", "격리"},
    {"mutual", "상호"},
    {"splitting", "분할"},
    {"exactly", "정확"},
    {"parity", "동일"},
    {"load", "부하"},
    /* a term's gloss in the other language (the review of seed 6404, set 1:
     * Consistency ↔ 같은 데이터, Availability ↔ 응답; the rating of seed 7777:
     * Idempotency ↔ 동일, 모놀리스 ↔ 하나의, Gateway ↔ 진입점, 스케일링 ↔
     * 용량 or 확장, Bucket ↔ 큐) */
    {"consistency", "같은"},
    {"availability", "응답"},
    {"idempoten", "동일"},
    {"idempoten", "같은"},
    {"monolith", "하나"},
    {"모놀리스", "하나"},
    {"gateway", "진입점"},
    {"게이트웨이", "진입점"},
    {"스케일링", "확장"},
    {"scaling", "확장"},
    {"스케일링", "용량"},
    {"scaling", "용량"},
    {"bucket", "큐"},
};

/* Whether response r names premise p to a reader without the knowledge: a
 * distinctive word of p's question that r carries (in either language, the
 * clang rule's terms), a translation or partner word (match_tr,
 * match_lure_tr), p's acronym spelt out by r's initials. For r == p: the
 * pair gives itself away; for r != p: r fits a second premise (멀티
 * 게이트웨이 ↔ "…별 전용 Gateway", BFF's response), or, across the sets of
 * one quiz, r answers another set's premise (the three states of a Circuit
 * Breaker beside "Open되면?"). The masks first: most pairs part there. */
/* Whether a pair of the translation tables links p's question and r's
 * option: translates and lure_translates, by the bits match_prepare keeps. */
static int match_tr_links(const g_item *p, const g_item *r)
{
    return ((p->match_trq[0] & r->match_tro[0]) | (p->match_trq[1] & r->match_tro[1])) != 0;
}

static int match_lures(const g_item *p, const g_item *r)
{
    if ((p->match_qmask & r->match_omask) &&
        sim_shared(p->dterms, p->n_dterms, r->cterms, r->n_cterms) > 0)
        return 1;
    return match_tr_links(p, r) || (p == r && (spells_out(p->question, r->option) ||
                                               initials_spell_min(p->question, r->option, 2)));
}

int gen_match_lures(const g_item *p, const g_item *r)
{
    return p == r ? pair_gives_away(p) || match_lures(p, p) : match_lures(p, r);
}

/* match_lures across the sets of one quiz, where the reader does not see
 * the two side by side: a shared word counts only when few answers of the
 * bank carry it ("Open", "Gateway" in a small bank; not "API", "서비스"),
 * and only the word itself (its skeleton or thesaurus spelling in the other
 * language lures too little to cost a set); the translations as in
 * match_lures. */
static int match_lures_far(const assay_engine *e, const g_item *p, const g_item *r)
{
    if (p->match_qmask & r->match_omask) {
        size_t cap = e->n_items / 40;
        cap = cap < 4 ? 4 : cap;
        for (uint32_t k = 0; k < p->n_dterms; k++) {
            if (!(r->match_omask & (1ull << (p->dterms[k] % 64))))
                continue;
            size_t np = 0;
            if (sim_shared(p->dterms + k, 1, r->oterms, r->n_oterms) > 0 &&
                (engine_posting(e, p->dterms[k], &np), np <= cap))
                return 1;
        }
    }
    return match_tr_links(p, r);
}

int gen_match_lures_far(const assay_engine *e, const g_item *p, const g_item *r)
{
    return match_lures_far(e, p, r);
}

/* A kind of question whose answers are of one kind and name their premise
 * by knowledge (the review of seed 9377: a set of definitions, of
 * situations). Not a catch-all "other", a list of types or examples (the
 * only list of types goes with 유형, the only products with 예시) or a number
 * (by form), nor ways and reasons: a way names what it achieves, a reason
 * what it prevents, in the premise's own terms (성능 최적화 ↔ 캐싱, 분산 ↔
 * 중앙 저장소, Rate Limiting ↔ 남용 방지, 메시지 큐 ↔ 비동기: 4 of 5 in the
 * reviews of seeds 8123 and 9377, every such set not acceptable):
 * the stem type, advantages apart from drawbacks (장점 ↔ the only positive
 * list); STEM__COUNT + 0 for advantages, + 1 for both, + 2 for a law or
 * theorem; 255 for none. */
static int match_stem_kind(const g_item *it)
{
    switch ((stem_type)it->stem_type) {
    case STEM_DEFINITION:
        /* a law or theorem is stated, not described: among definitions of
         * things it is the only statement (the review of seed 6404, set 1:
         * Amdahl's law, found by kind) — a kind of its own */
        if (strstr(it->question, "법칙") || strstr(it->question, "정리란") ||
            has_ci(it->question, "law") || has_ci(it->question, "theorem"))
            return STEM__COUNT + 2;
        return it->stem_type;
    case STEM_COMPARISON:
    case STEM_CONDITION: return it->stem_type;
    case STEM_PROSCONS: {
        const char *q = it->question;
        int con = strstr(q, "단점") || strstr(q, "문제") || strstr(q, "주의") ||
                  strstr(q, "한계") || strstr(q, "어려") || has_ci(q, "drawback") ||
                  has_ci(q, "disadvantage");
        int pro = strstr(q, "장점") || strstr(q, "이점") || has_ci(q, "benefit") ||
                  (has_ci(q, "advantage") && !has_ci(q, "disadvantage"));
        if (strstr(q, "장단점"))
            pro = con = 1;
        return pro && con ? STEM__COUNT + 1 : pro ? STEM__COUNT : STEM_PROSCONS;
    }
    default: return 255;
    }
}

/* An answer's form as a set sees it: prose (a definition or other text), a
 * comparison, a list, a number, steps. A set keeps to one, so that no
 * response is the only one of its form (the only chain, the only list). */
static int match_form(const g_item *it)
{
    int f = it->answer_form == FORM_DEFINITION ? FORM_OTHER : it->answer_form;
    /* reasons, ways, situations, advantages: a list of them or a sentence
     * are one kind of answer (a definition among lists is not) */
    if (f == FORM_ENUM && it->stem_type != STEM_DEFINITION)
        f = FORM_OTHER;
    return f;
}

#define MATCH_FORMS 8

/* At build: each item's matching class (g_pool_key.match_kind: kind ×
 * form, or 255 when it stands in no set — its kind pairs by form, or its
 * pair gives itself away), its term masks (match_lures), each topic's
 * derived definitions that may stand in sets (g_topic.match_extra), and each
 * item's peers by that class in its knowledge base, so that quiz time tests
 * nothing more per candidate than the masks and the chosen few. */
static int match_prepare(assay_engine *e)
{
    for (size_t i = 0; i < e->n_items; i++) {
        g_item *it = &e->items[i];
        it->match_peers = 0; /* the topics' items and extras get theirs below */
        it->match_qmask = it->match_omask = 0;
        for (uint32_t k = 0; k < it->n_dterms; k++)
            it->match_qmask |= 1ull << (it->dterms[k] % 64);
        for (uint32_t k = 0; k < it->n_cterms; k++)
            it->match_omask |= 1ull << (it->cterms[k] % 64);
        memset(it->match_trq, 0, sizeof it->match_trq);
        memset(it->match_tro, 0, sizeof it->match_tro);
        size_t n_tr = sizeof match_tr / sizeof match_tr[0];
        size_t n_all = n_tr + sizeof match_lure_tr / sizeof match_lure_tr[0];
        for (size_t k = 0; k < n_all && k < 128; k++) {
            const char *const *w = k < n_tr ? match_tr[k] : match_lure_tr[k - n_tr];
            if (it->question && has_ci(it->question, w[0]))
                it->match_trq[k / 64] |= 1ull << (k % 64);
            if (it->option && has_ci(it->option, w[1]))
                it->match_tro[k / 64] |= 1ull << (k % 64);
        }
        g_pool_key *pk = &e->pool_keys[i];
        if (pk->match_kind == 255)
            continue;
        /* of the derived items, only a concept text's definition pairs as
         * an authored definition does (its term, its first sentence); a
         * bullet or an order is no premise */
        int kind =
            pk->derived && it->kind != ASSAY_KIND_DERIVED_DEFINITION ? 255 : match_stem_kind(it);
        if (kind == 255 || pair_gives_away(it) || match_lures(it, it))
            pk->match_kind = 255;
        else
            pk->match_kind = (uint8_t)(kind * MATCH_FORMS + match_form(it));
    }
    /* each topic's derived definitions with a class: not among its items
     * (those are what multiple choice draws distractors from) */
    for (size_t t = 0; t < e->n_topics; t++) {
        e->topics[t].match_extra = NULL;
        e->topics[t].n_match_extra = 0;
    }
    size_t n_extra = 0;
    for (size_t i = 0; i < e->n_items; i++)
        n_extra += e->pool_keys[i].derived && e->pool_keys[i].match_kind != 255;
    uint32_t *extra = n_extra ? arena_alloc(&e->mem, n_extra * sizeof *extra) : NULL;
    if (n_extra && !extra)
        return -1;
    for (size_t t = 0, at = 0; t < e->n_topics; t++) {
        e->topics[t].match_extra = extra ? extra + at : NULL;
        for (size_t i = 0; i < e->n_items; i++)
            if (e->pool_keys[i].derived && e->pool_keys[i].match_kind != 255 &&
                e->pool_keys[i].topic == t) {
                extra[at++] = (uint32_t)i;
                e->topics[t].n_match_extra++;
            }
    }
    /* peers: the kb's topics are adjacent in the engine */
    for (size_t t0 = 0, t1; t0 < e->n_topics; t0 = t1) {
        uint32_t count[256] = {0};
        for (t1 = t0; t1 < e->n_topics && e->topics[t1].kb == e->topics[t0].kb; t1++) {
            const g_topic *tp = &e->topics[t1];
            for (size_t k = 0; k < tp->n; k++)
                count[e->pool_keys[tp->items[k]].match_kind]++;
            for (size_t k = 0; k < tp->n_match_extra; k++)
                count[e->pool_keys[tp->match_extra[k]].match_kind]++;
        }
        for (size_t u = t0; u < t1; u++) {
            const g_topic *tp = &e->topics[u];
            for (size_t k = 0; k < tp->n + tp->n_match_extra; k++) {
                uint32_t j = k < tp->n ? tp->items[k] : tp->match_extra[k - tp->n];
                uint8_t c = e->pool_keys[j].match_kind;
                uint32_t peers = c == 255 ? 0 : count[c] - 1;
                e->items[j].match_peers = (uint8_t)(peers < 255 ? peers : 255);
            }
        }
    }
    return 0;
}

/* The heading of a set: its anchor's topic title, and when its pairs come
 * from several topics how many others, "API 설계 (+3)" (the titles in full
 * ran to 200 characters; a number reads the same in either interface
 * language); NULL when out of memory. The question's topic stays the
 * anchor's, a topic of the bank (session reports group by it). */
static const char *match_heading(const assay_engine *e, uint32_t anchor, const uint32_t *items,
                                 size_t n, arena *a)
{
    uint32_t topics[MATCH_MAX];
    size_t nt = 0;
    uint32_t own = (uint32_t)e->items[anchor].topic;
    for (size_t k = 0; k < n; k++) {
        uint32_t t = (uint32_t)e->items[items[k]].topic;
        size_t at = 0;
        while (at < nt && topics[at] != t)
            at++;
        if (at == nt && t != own)
            topics[nt++] = t;
    }
    const char *title = e->topics[own].title;
    if (nt == 0)
        return title;
    /* "A (+2)", written out: no format parsed per set tried */
    char more[32];
    size_t ml = 0, tl = title ? strlen(title) : 0;
    char digits[24];
    size_t nd = 0;
    for (size_t v = nt; v || !nd; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    more[ml++] = ' ';
    more[ml++] = '(';
    more[ml++] = '+';
    while (nd)
        more[ml++] = digits[--nd];
    more[ml++] = ')';
    char *h = arena_alloc(a, tl + ml + 1);
    if (!h)
        return NULL;
    memcpy(h, title ? title : "", tl);
    memcpy(h + tl, more, ml);
    h[tl + ml] = '\0';
    return h;
}

/* An anchor that made no set: the quiz does not try it again (what failed
 * it only grows as the quiz does: its items, its other sets). */
static int match_fails(const gen_excl *ex, uint32_t i)
{
    gen_excl_match_failed_set(ex, i);
    return 1;
}

int gen_match(const assay_engine *e, uint32_t i, rng *r, arena *a, g_question *q,
              const gen_excl *ex)
{
    const g_item *it = &e->items[i];
    /* a derived item stands in sets only as a definition (match_prepare) */
    if (it->kind == ASSAY_KIND_SCENARIO || it->hedge || it->self_echo || it->needs_context)
        return 1;
    const g_topic *t = &e->topics[it->topic];
    int kind = e->pool_keys[i].match_kind; /* one kind of question and answer per set */
    if (kind == 255 || it->match_peers < MATCH_LEAST - 1)
        return 1; /* its kind pairs by form, its pair by word (match_prepare), or too
                   * few of its class for a set: another type for it */
    if (gen_excl_match_failed(ex, i))
        return 1; /* it made no set before in this quiz */
    int own_only = gen_excl_no_derived(ex);
    /* the items that may stand beside it, found before anything is drawn
     * (most items of a large bank fail here, cheaply): its own topic first,
     * then the neighbouring topics of its knowledge base, nearest first (the
     * kb's topics are adjacent in the engine, in document order); each
     * topic's items, then its derived definitions */
    uint32_t order[MATCH_CANDS];
    size_t no = 0, no_own = 0;
    size_t lo = it->topic, hi = it->topic + 1;
    while (lo > 0 && e->topics[lo - 1].kb == t->kb)
        lo--;
    while (hi < e->n_topics && e->topics[hi].kb == t->kb)
        hi++;
    for (size_t d = 0; d < 2 * (hi - lo) && no < MATCH_CANDS; d++) {
        /* d = 0: the own topic; then +1, -1, +2, -2 … */
        size_t step = (d + 1) / 2;
        size_t u;
        if (d == 0)
            u = it->topic;
        else if (d % 2 == 1 && it->topic + step < hi)
            u = it->topic + step;
        else if (d % 2 == 0 && it->topic >= lo + step)
            u = it->topic - step;
        else
            continue;
        const g_topic *tu = &e->topics[u];
        size_t n_u = tu->n + (own_only ? 0 : tu->n_match_extra);
        for (size_t k = 0; k < n_u && no < MATCH_CANDS; k++) {
            uint32_t j = k < tu->n ? tu->items[k] : tu->match_extra[k - tu->n];
            const g_pool_key *c = &e->pool_keys[j]; /* a small array: a fast scan */
            /* the cheap tests here; the quiz's (leaks, repeats) only for
             * the candidates drawn, below */
            if (j == i || c->match_kind != kind || !gen_excl_level(ex, c->level))
                continue;
            order[no++] = j;
        }
        if (d == 0)
            no_own = no;
    }
    if (no < MATCH_LEAST - 1)
        return match_fails(ex, i);
    /* the other sets of the quiz: no response of this set answers one of
     * their premises, and none of theirs answers one here */
    const uint32_t *others = NULL;
    size_t n_others = gen_excl_match_items(ex, &others);
    for (size_t x = 0; x < n_others; x++)
        if (match_lures_far(e, it, &e->items[others[x]]) ||
            match_lures_far(e, &e->items[others[x]], it))
            return match_fails(ex, i);
    /* five pairs from a class with plenty; four from a smaller one, so that
     * it makes as many sets as it can; three when four cannot be made */
    size_t n_want = no + 1 >= MATCH_PLENTY ? MATCH_MAX : MATCH_MIN;
    uint32_t chosen[MATCH_MAX] = {i};
    size_t n = 1;
    /* the own topic's candidates first, each part shuffled */
    rng_shuffle(r, order, no_own, sizeof *order);
    rng_shuffle(r, order + no_own, no - no_own, sizeof *order);
    for (size_t k = 0; k < no && n < n_want; k++) {
        uint32_t j = order[k];
        if (gen_excl_pair_item(ex, j) || gen_excl_asked(ex, j))
            continue; /* the quiz has it, or it would leak there */
        const g_item *c = &e->items[j];
        int clash = 0;
        for (size_t x = 0; x < n && !clash; x++) {
            const g_item *o = &e->items[chosen[x]];
            /* two answers sharing three content words may both fit one
             * question; a response naming another premise fits it too; two
             * premises asking about one term (a derived definition beside
             * the authored one) are one question twice */
            clash = near_duplicate(o, c) || shares_alias(o, c) ||
                    sim_shared(o->oterms, o->n_oterms, c->oterms, c->n_oterms) >= 3 ||
                    match_lures(o, c) || match_lures(c, o) || asks_same(o, c) || asks_same(c, o);
        }
        for (size_t x = 0; x < n_others && !clash; x++)
            clash = match_lures_far(e, c, &e->items[others[x]]) ||
                    match_lures_far(e, &e->items[others[x]], c);
        if (!clash)
            chosen[n++] = j;
    }
    if (n < MATCH_LEAST)
        return match_fails(ex, i);
    /* the topic is the prompt, or the topics when the set spans several */
    const char *heading = match_heading(e, i, chosen, n, a);
    if (!heading)
        return -1;
    /* a set the quiz would refuse is not built (most refused sets in a slow
     * quiz: a premise that shows another question's answer) */
    if (gen_excl_match_conflicts(ex, i, heading, chosen, n))
        return 2;
    fill_common(e, i, ASSAY_Q_MATCH, q);
    const char **left = arena_alloc(a, n * sizeof *left);
    const char **right = arena_alloc(a, n * sizeof *right);
    int *pairs = arena_alloc(a, n * sizeof *pairs);
    uint32_t *items = arena_alloc(a, n * sizeof *items);
    size_t perm[MATCH_MAX];
    if (!left || !right || !pairs || !items)
        return -1;
    rng_shuffle(r, chosen, n, sizeof *chosen);
    for (size_t k = 0; k < n; k++)
        perm[k] = k;
    rng_shuffle(r, perm, n, sizeof *perm);
    /* never the identity (1-a 2-b 3-c 4-d gives the key away: the review of
     * seed 8123, sets 1, 7, 8): then a seeded rotation, which moves every row */
    size_t fixed = 0;
    for (size_t k = 0; k < n; k++)
        fixed += perm[k] == k;
    if (fixed == n) {
        size_t by = 1 + rng_below(r, (uint32_t)(n - 1));
        for (size_t k = 0; k < n; k++)
            perm[k] = (k + by) % n;
    }
    for (size_t k = 0; k < n; k++) {
        left[k] = e->items[chosen[k]].question;
        items[k] = chosen[k];
        right[perm[k]] = e->items[chosen[k]].option;
        pairs[k] = (int)perm[k];
    }
    /* the instruction is the front end's, in its language */
    q->pub.prompt = heading;
    q->pub.topic = e->topics[it->topic].title;
    buf ref;
    buf_init(&ref, 1 << 20);
    int brc = 0;
    for (size_t k = 0; k < n; k++)
        brc |= buf_addf(&ref, "%s%zu) %s -> %c) %s", k ? "\n" : "", k + 1, left[k],
                        (char)('a' + pairs[k]), right[pairs[k]]);
    q->pub.answer = brc ? NULL : arena_strndup(a, buf_str(&ref), ref.len);
    buf_free(&ref);
    if (!q->pub.answer)
        return -1;
    q->pub.left = left;
    q->pub.right = right;
    q->pub.n_pairs = n;
    q->pub.pairs = pairs;
    q->pair_items = items;
    return q->pub.prompt ? 0 : -1;
}

int gen_short(const assay_engine *e, uint32_t i, arena *a, g_question *q)
{
    const g_item *it = &e->items[i];
    if (it->kind == ASSAY_KIND_SCENARIO || derive_is(e, i))
        return 1;
    fill_common(e, i, ASSAY_Q_SHORT, q);
    q->pub.prompt = it->question;
    if (it->needs_context && it->context) /* what "이 기능들" refers to */
        q->pub.prompt = arena_printf(a, "%s\n%s", it->context, it->question);
    if (!q->pub.prompt)
        return -1;
    q->pub.answer = it->answer;
    return 0;
}

int gen_scenario(const assay_engine *e, uint32_t i, int k, rng *r, arena *a, g_question *q,
                 const gen_excl *x)
{
    const g_item *it = &e->items[i];
    if (it->kind != ASSAY_KIND_SCENARIO || !it->decision || !it->decision[0])
        return 1;
    /* without a situation (a title only) there is nothing to decide on, in
     * options or in prose: the title alone does not say what is asked, and
     * the decision cannot be told from it (the review of seed 9377,
     * scenario 7, 상품 목록 페이지 캐싱): not asked */
    if (!it->situation || !it->situation[0])
        return 1;
    fill_common(e, i, ASSAY_Q_SCENARIO, q);
    /* the prompt made at build (engine.c): its terms are kept with it */
    q->pub.prompt = it->sprompt ? it->sprompt
                    : it->situation && it->situation[0]
                        ? arena_printf(a, "%s\n%s", it->question, it->situation)
                        : it->question;
    q->pub.answer = it->decision;
    if (!q->pub.prompt)
        return -1;
    /* choices when the decision can be an option and its topic has at least
     * two strategy answers to set beside it (fewer options when it has fewer
     * than k - 1); else free text only */
    if (!it->option || !it->option[0] || it->hedge)
        return 0;
    stem st = {it->sterms, it->n_sterms}; /* the prompt's words (engine.c) */
    cand pool[MAX_POOL];
    size_t avail = own_candidates(e, i, &st, pool, x);
    if (avail < 2)
        return 0;
    if ((size_t)k > avail + 1)
        k = (int)avail + 1;
    /* a decision tends to repeat the situation's words: always aim at "the
     * key does not share the most words with the prompt" */
    double force[2] = {0.0, rng_unit(r) < e->cal[k].p[CUE_MOST_SIMILAR] ? 1.0 : 0.0};
    int rc = choose_options(e, i, k, &st, r, a, q, force, x);
    if (rc == 1) {
        q->pub.options = NULL;
        q->pub.n_options = 0;
        q->pub.key = -1;
        rc = 0;
    }
    return rc;
}

/* ---- calibration ------------------------------------------------------------- */

#define CAL_ITEMS 600
#define CAL_SEED  ((uint64_t)0xCA11B7A7E)

/* For each option count, what each target achieves on this bank: the mean
 * hit of a cue when aiming at "hit" (a1) and at "no hit" (a0), over a fixed
 * sample of items; then p = (1/k - a0) / (a1 - a0) is the probability of
 * aiming at "hit" that makes the cue find the key 1/k of the time. */
int gen_calibrate(assay_engine *e)
{
    for (int k = 3; k <= 5; k++)
        for (int c = 0; c < CUE__COUNT; c++)
            e->cal[k].p[c] = 1.0 / k;
    uint32_t *items = malloc((e->n_items + 1) * sizeof *items);
    if (!items)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < e->n_items; i++)
        if (e->items[i].kind != ASSAY_KIND_SCENARIO && !derive_is(e, (uint32_t)i))
            items[n++] = (uint32_t)i;
    rng r;
    rng_seed(&r, CAL_SEED, 0);
    rng_shuffle(&r, items, n, sizeof *items);
    if (n > CAL_ITEMS)
        n = CAL_ITEMS;
    /* a small bank gets more rounds, for a steadier estimate */
    int rounds = n >= CAL_ITEMS / 2 ? 1 : (int)(CAL_ITEMS / 2 / (n + 1)) + 1;
    if (rounds > 2)
        rounds = 2;
    arena a;
    arena_init(&a, 0);
    /* the ranks balanced over the items that do give a question (an item
     * whose options cannot be chosen would skew the balance): one trial each
     * on the sample, then all items of the bank */
    char *ok = calloc(e->n_items + 1, 1);
    if (!ok) {
        free(items);
        return -1;
    }
    for (int k = 3; k <= 5; k++) {
        memset(ok, 0, e->n_items);
        for (size_t x = 0; x < n; x++) {
            g_question q;
            memset(&q, 0, sizeof q);
            const g_item *it = &e->items[items[x]];
            stem st = {it->qterms, it->n_qterms};
            rng_seed(&r, CAL_SEED ^ 0x5EED, (uint64_t)k * e->n_items + items[x]);
            int rc = it->fits && !it->hedge && it->option[0]
                         ? choose_options(e, items[x], k, &st, &r, &a, &q, NULL, NULL)
                         : 1;
            arena_free(&a);
            if (rc < 0) {
                free(ok);
                free(items);
                return -1;
            }
            ok[items[x]] = rc == 0;
        }
        balance_ranks(e, k, ok);
    }
    free(ok);
    static const int cues[2] = {CUE_STEM_OVERLAP, CUE_MOST_SIMILAR};
    for (int k = 3; k <= 5; k++) {
        /* sum[c][t]: hits of cue c when aimed (t = 1) or not (t = 0), the other
         * cue's target drawn as generation draws it */
        double sum[2][2] = {{0}}, cnt[2][2] = {{0}};
        for (int round = 0; round < rounds; round++)
            for (size_t x = 0; x < n; x++)
                for (int c = 0; c < 2; c++)
                    for (int t = 0; t < 2; t++) {
                        g_question q;
                        memset(&q, 0, sizeof q);
                        const g_item *it = &e->items[items[x]];
                        stem st = {it->qterms, it->n_qterms};
                        rng_seed(&r, CAL_SEED + (uint64_t)round,
                                 (uint64_t)4 * items[x] + (uint64_t)(2 * c + t));
                        double force[2];
                        force[c] = t;
                        force[1 - c] = rng_unit(&r) < 1.0 / k ? 1.0 : 0.0;
                        int rc = choose_options(e, items[x], k, &st, &r, &a, &q, force, NULL);
                        if (rc == 0) {
                            cue_opt o[8];
                            for (int j = 0; j < k; j++)
                                o[j] = cue_of(&e->items[q.option_items[j]]);
                            double h[CUE__COUNT];
                            cue_hits(st.terms, st.n, o, k, q.pub.key, h);
                            sum[c][t] += h[cues[c]];
                            cnt[c][t]++;
                        }
                        arena_free(&a);
                        if (rc < 0) {
                            free(items);
                            return -1;
                        }
                    }
        for (int c = 0; c < 2; c++) {
            if (!cnt[c][0] || !cnt[c][1])
                continue;
            double a0 = sum[c][0] / cnt[c][0], a1 = sum[c][1] / cnt[c][1], p = 1.0 / k;
            if (a1 - a0 > 0.01)
                p = (1.0 / k - a0) / (a1 - a0);
            else if (a1 < 1.0 / k)
                p = 1; /* both below chance: aim at the key always */
            else if (a0 > 1.0 / k)
                p = 0;
            e->cal[k].p[cues[c]] = p < 0 ? 0 : p > 1 ? 1 : p;
        }
    }
    free(items);
    return 0;
}

/* ---- key positions within a quiz ----------------------------------------- */

void gen_keypos_init(gen_keypos *p, uint64_t seed)
{
    memset(p->used, 0, sizeof p->used);
    rng_seed(&p->r, seed, 0x6b6579706f73ull); /* its own stream: no other draw moves */
}

void gen_keypos_place(gen_keypos *p, g_question *q)
{
    int k = (int)q->pub.n_options, key = q->pub.key;
    if (q->pub.type != ASSAY_Q_MCQ || k < 2 || k > 8 || key < 0 || key >= k)
        return;
    long least = p->used[0];
    for (int o = 1; o < k; o++)
        least = p->used[o] < least ? p->used[o] : least;
    int open[8], n = 0;
    for (int o = 0; o < k; o++)
        if (p->used[o] <= least + 1)
            open[n++] = o;
    int to = open[rng_below(&p->r, (uint32_t)n)];
    p->used[to]++;
    if (to == key)
        return;
    /* the arrays are the question's own (its arena): only typed const */
    const char **texts = (const char **)q->pub.options;
    const char *t = texts[to];
    texts[to] = texts[key];
    texts[key] = t;
    if (q->option_items) {
        uint32_t it = q->option_items[to];
        q->option_items[to] = q->option_items[key];
        q->option_items[key] = it;
    }
    if (q->authored) {
        int16_t *au = (int16_t *)q->authored;
        int16_t x = au[to];
        au[to] = au[key];
        au[key] = x;
    }
    q->pub.key = to;
}
