#include "grade/grade.h"

#include "core/buf.h"
#include "core/u8.h"
#include "gen/gen.h"
#include "grade/polar.h"
#include "grade/thes.h"
#include "text/hangul.h"
#include "text/morph.h"
#include "text/sim.h"
#include "text/tok.h"
#include "text/translit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_TOKS  1024
#define MAX_UNITS 256
#define MAX_TERMS 1024
#define TERM_MAX  64
#define JAMO_MAX  192

grade *grade_new(void)
{
    grade *g = calloc(1, sizeof *g);
    if (g) {
        arena_init(&g->mem, 0);
        g->pub.confidence = 1;
    }
    return g;
}

void grade_free(grade *g)
{
    if (!g)
        return;
    arena_free(&g->mem);
    free(g);
}

size_t edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t max)
{
    if ((na > nb ? na - nb : nb - na) > max)
        return max + 1;
    size_t pprev[JAMO_MAX + 1], prev[JAMO_MAX + 1], cur[JAMO_MAX + 1];
    if (nb > JAMO_MAX)
        nb = JAMO_MAX;
    for (size_t j = 0; j <= nb; j++)
        pprev[j] = prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            /* two neighbours typed the wrong way round are one slip (detials) */
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                a[i - 1] != b[j - 1] && pprev[j - 2] + 1 < cur[j])
                cur[j] = pprev[j - 2] + 1;
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (row_min > max)
            return max + 1;
        memcpy(pprev, prev, (nb + 1) * sizeof *prev);
        memcpy(prev, cur, (nb + 1) * sizeof *prev);
    }
    return prev[nb];
}

size_t typo_allowance(size_t chars, int hangul)
{
    if (hangul)
        return chars >= 5 ? 2 : chars >= 2 ? 1 : 0;
    return chars >= 8 ? 2 : chars >= 4 ? 1 : 0;
}

static int has_hangul(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += u8_decode(s + i, n - i, &cp);
        if (hg_is_syllable(cp))
            return 1;
    }
    return 0;
}

static size_t chars_of(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* ---- cloze ------------------------------------------------------------------ */

/* The comparable form of a short answer: NFC, case-folded, each word's
 * particle removed, spaces and joiners dropped. Into out (cap bytes). */
static size_t canon(const char *s, char *out, size_t cap)
{
    size_t fl;
    char *f = u8_fold(s, strlen(s), &fl);
    if (!f)
        return 0;
    tok toks[64];
    size_t nt = tok_split(f, fl, toks, 64);
    if (nt > 64)
        nt = 64;
    size_t w = 0;
    for (size_t i = 0; i < nt; i++) {
        for (size_t k = 0; k < toks[i].stem_len && w + 1 < cap; k++) {
            char c = f[toks[i].off + k];
            if (c == '-' || c == '_' || c == '.' || c == '/' || c == '\'')
                continue;
            out[w++] = c;
        }
    }
    out[w] = '\0';
    free(f);
    return w;
}

static int has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    return 0;
}

static int has_latin(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
            return 1;
    return 0;
}

/* The thesaurus key of a short answer: NFC, case-folded, each word's stem,
 * joined by one space (thes.h). Into out (cap bytes); its length. */
static size_t thes_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t fl;
    char *f = u8_fold(s, n, &fl);
    if (!f)
        return 0;
    tok toks[16];
    size_t nt = tok_split(f, fl, toks, 16), w = 0;
    for (size_t i = 0; i < nt && i < 16; i++) {
        if (w && w + 1 < cap)
            out[w++] = ' ';
        for (size_t k = 0; k < toks[i].stem_len && w + 1 < cap; k++)
            out[w++] = f[toks[i].off + k];
    }
    out[w] = '\0';
    free(f);
    return w;
}

/* Whether canonical answer a[0..al) is another spelling of form's group in
 * the thesaurus (the engine's and the built-in one, thes.h). */
static int thes_spells(const assay_engine *e, const char *form, const char *a, size_t al)
{
    char key[256];
    size_t kl = thes_key(form, strlen(form), key, sizeof key);
    if (!kl)
        return 0;
    const char *syn[32];
    size_t sl[32];
    size_t ns = thes_others(e, key, kl, syn, sl, 32);
    for (size_t i = 0; i < ns; i++) {
        char sp[256], c[256];
        if (sl[i] >= sizeof sp)
            continue;
        memcpy(sp, syn[i], sl[i]);
        sp[sl[i]] = '\0';
        size_t cl = canon(sp, c, sizeof c);
        if (cl == al && memcmp(c, a, al) == 0)
            return 1;
    }
    return 0;
}

/* Syllables of Hangul y[0..n), and vowel groups of Latin x[0..n) (Key: 1,
 * Lambda: 2): a short word spelt in the other script has as many. */
static size_t syllables(const char *y, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += (unsigned char)y[i] >= 0xEA && (unsigned char)y[i] <= 0xED;
    return c;
}

static size_t vowel_groups(const char *x, size_t n)
{
    size_t g = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        char c = x[i] >= 'A' && x[i] <= 'Z' ? (char)(x[i] + 32) : x[i];
        int v = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
        g += v && !in;
        in = v;
    }
    return g;
}

/* Whether the answer spells the form in Hangul word by word (컨슈머 for
 * Consumer, API 게이트웨이 for API Gateway): each word the same, or a Hangul
 * word whose consonant skeleton (translit.h) is the Latin word's, one at
 * least, three skeleton classes or more in all — or fewer when every spelt
 * word has as many syllables as the Latin word has vowel groups (키 for Key:
 * the review of seed 7411, cloze 14). */
static int translit_spells(const char *form, const char *answer)
{
    size_t fl, al;
    char *f = u8_fold(form, strlen(form), &fl);
    char *a = u8_fold(answer, strlen(answer), &al);
    int ok = 0;
    if (f && a && has_latin(f, fl) && has_hangul(a, al)) {
        tok tf[16], ta[16];
        size_t nf = tok_split(f, fl, tf, 16), na = tok_split(a, al, ta, 16);
        size_t classes = 0, spelt = 0;
        int same_shape = 1;
        ok = nf == na && nf > 0 && nf <= 16;
        for (size_t i = 0; ok && i < nf; i++) {
            const char *x = f + tf[i].off, *y = a + ta[i].off;
            size_t xn = tf[i].stem_len, yn = ta[i].stem_len;
            char sx[TL_MAX], sy[TL_MAX];
            size_t kx = has_hangul(x, xn) ? 0 : tl_english(x, xn, sx);
            if (xn == yn && memcmp(x, y, xn) == 0) {
                classes += kx;
                continue;
            }
            size_t ky = has_latin(y, yn) ? 0 : tl_hangul(y, yn, sy);
            ok = kx && kx == ky && memcmp(sx, sy, kx) == 0;
            same_shape &= syllables(y, yn) == vowel_groups(x, xn);
            classes += kx;
            spelt++;
        }
        ok = ok && spelt && (classes >= 3 || same_shape);
    }
    free(f);
    free(a);
    return ok;
}

/* Whether Hangul answer spells the English translation of Korean key form
 * (gen.h's listed translations: 파티션 for 분할 by Partition; the review of
 * seed 5309, cloze 2). Only a row whose Korean side is the whole form and
 * whose English side is one whole word of five letters or more, spelt with
 * three skeleton classes or more, and neither side glossed otherwise in the
 * table (command → 쓰기 and 명령; 단일 ← monolith and 모놀리스): a gloss
 * or a loose paraphrase there is no translation. */
static int spells_translation(const char *form, const char *answer)
{
    char f[256], a[256];
    size_t fl = canon(form, f, sizeof f), al = canon(answer, a, sizeof a);
    if (!fl || !al || has_latin(f, fl))
        return 0;
    /* the answer in Hangul (파티션), or one English word (partition) */
    char ea[64];
    size_t ea_n = 0;
    if (!has_hangul(a, al) && al < sizeof ea) {
        for (size_t i = 0; i < al; i++)
            if (a[i] < 'a' || a[i] > 'z')
                return 0;
        memcpy(ea, a, al);
        ea_n = al;
    } else if (has_latin(a, al))
        return 0;
    size_t nr = gen_tr_count();
    for (size_t k = 0; k < nr; k++) {
        const char *en = gen_tr_side(k, 0), *ko = gen_tr_side(k, 1);
        size_t n = strlen(en);
        if (strlen(ko) != fl || memcmp(ko, f, fl) != 0 || n < 5)
            continue;
        int word = 1, alone = 1;
        for (size_t i = 0; i < n; i++)
            word &= en[i] >= 'a' && en[i] <= 'z';
        for (size_t j = 0; j < nr && word && alone; j++)
            alone = j == k ||
                    (strcmp(gen_tr_side(j, 0), en) != 0 && strcmp(gen_tr_side(j, 1), ko) != 0);
        char sx[TL_MAX], sy[TL_MAX];
        size_t kx = word && alone ? tl_english(en, n, sx) : 0;
        if (kx >= 3 && !ea_n && tl_hangul(a, al, sy) == kx && memcmp(sx, sy, kx) == 0)
            return 1;
        /* or the English word itself (partition for 분할) */
        if (kx >= 3 && ea_n == n && memcmp(ea, en, n) == 0)
            return 1;
    }
    return 0;
}

/* The strict match: the answer is a form, a thesaurus spelling or a
 * transliteration of one, or a near miss of one (grade_cloze). */
static int cloze_match(const assay_engine *e, const char *const *accept, size_t n_accept,
                       const char *answer, grade *g)
{
    char a[256];
    size_t al = canon(answer ? answer : "", a, sizeof a);
    g->pub.score = 0;
    g->pub.correct = 0;
    g->pub.typo = 0;
    if (al == 0)
        return 0;
    int32_t ja[JAMO_MAX];
    size_t nja = hg_jamo(a, al, ja, JAMO_MAX);
    size_t best = (size_t)-1, best_i = 0;
    int a_digit = has_digit(a, al);
    for (size_t i = 0; i < n_accept; i++) {
        char f[256];
        size_t fl = canon(accept[i], f, sizeof f);
        if (fl == 0)
            continue;
        if (fl == al && memcmp(f, a, al) == 0) {
            g->pub.score = 1;
            g->pub.correct = 1;
            g->pub.matched = accept[i];
            return 0;
        }
        /* numbers only exactly; an opposite (동기 / 비동기, synchronous /
         * asynchronous) is never a near miss nor a synonym */
        if (a_digit || has_digit(f, fl) || pol_are_opposite(f, fl, a, al))
            continue;
        /* either way round: 람다 for Lambda, Lambda for 람다 */
        if (thes_spells(e, accept[i], a, al) || translit_spells(accept[i], answer) ||
            translit_spells(answer, accept[i]) || spells_translation(accept[i], answer)) {
            g->pub.score = 1;
            g->pub.correct = 1;
            g->pub.matched = accept[i];
            return 0;
        }
        int32_t jf[JAMO_MAX];
        size_t njf = hg_jamo(f, fl, jf, JAMO_MAX);
        size_t allow = typo_allowance(chars_of(f, fl), has_hangul(f, fl));
        size_t d = edit_distance(ja, nja, jf, njf, allow);
        if (d <= allow && d < best) {
            best = d;
            best_i = i;
        }
    }
    if (best != (size_t)-1) {
        g->pub.score = 1;
        g->pub.correct = 1;
        g->pub.typo = 1;
        g->pub.matched = accept[best_i];
    }
    return 0;
}

/* Whether canonical Hangul word a[0..al) is form f[0..fl) in its adjectival
 * form, or the other way round (the review of seed 9377, cloze 12: 모놀리식
 * for 모놀리스): f + 식/적/형, or a loanword's last syllable turned into 식
 * (모놀리스 → 모놀리식: three syllables or more kept). */
static int adjectival_of(const char *a, size_t al, const char *f, size_t fl)
{
    /* 성 too: 멱등 for 멱등성 (its quality, named by the stem), of two
     * syllables or more */
    static const char *const sfx[] = {"식", "적", "형", "성"};
    for (size_t k = 0; k < 4; k++) {
        if (k == 3 && (al < 6 || fl < 6))
            continue;
        if (al == fl + 3 && memcmp(a, f, fl) == 0 && memcmp(a + fl, sfx[k], 3) == 0)
            return 1;
        if (fl == al + 3 && memcmp(f, a, al) == 0 && memcmp(f + al, sfx[k], 3) == 0)
            return 1;
    }
    if (al == fl && al >= 12 && memcmp(a, f, al - 3) == 0 && syllables(a, al) == al / 3 &&
        syllables(f, fl) == fl / 3 &&
        (memcmp(a + al - 3, "식", 3) == 0 || memcmp(f + fl - 3, "식", 3) == 0))
        return 1;
    return 0;
}

/* Whether canonical answer a[0..al) is form f[0..fl) with a generic head
 * noun after it, spaced or glued (the review of seed 6404, cloze 2 and 4:
 * "상태 정보" and "상태값" for 상태): the head says the kind of the thing the
 * key names (its data, its value, its way), not another thing. A form of
 * two words or more takes none (수평 확장 방식 is no term of its own). */
static int with_generic_head(const char *a, size_t al, const char *form, const char *f, size_t fl)
{
    static const char *const heads[] = {"정보", "값", "데이터", "방식"};
    if (strchr(form, ' '))
        return 0;
    for (size_t k = 0; k < sizeof heads / sizeof *heads; k++) {
        size_t hl = strlen(heads[k]);
        if (al == fl + hl && memcmp(a, f, fl) == 0 && memcmp(a + fl, heads[k], hl) == 0)
            return 1;
    }
    return 0;
}

/* The members of a joined form ("L4/L7", "A, B", "A 또는 B") as canonical
 * strings into out[0..cap), sorted; their count (0 when not joined). */
static size_t members(const char *s, char out[][64], size_t cap)
{
    char jb[256];
    size_t n = strlen(s), k = 0;
    if (n >= sizeof jb)
        return 0;
    /* the joiners as one separator: / , · 또는 및 혹은 or and */
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        static const char *const words[] = {" 또는 ", " 및 ", " 혹은 ", " or ",
                                            " and ",  " 와 ", " 과 "};
        size_t skip = 0;
        for (size_t j = 0; j < sizeof words / sizeof *words && !skip; j++)
            if (strncmp(s + i, words[j], strlen(words[j])) == 0)
                skip = strlen(words[j]);
        if (skip || s[i] == '/' || s[i] == ',') {
            jb[w++] = '\x1f';
            i += skip ? skip : 1;
            continue;
        }
        if (strncmp(s + i, "\xC2\xB7", 2) == 0) {
            jb[w++] = '\x1f';
            i += 2;
            continue;
        }
        jb[w++] = s[i++];
    }
    jb[w] = '\0';
    if (!strchr(jb, '\x1f'))
        return 0;
    for (char *p = jb; p && k < cap;) {
        char *sep = strchr(p, '\x1f');
        if (sep)
            *sep = '\0';
        if (canon(p, out[k], 64) > 0)
            k++;
        p = sep ? sep + 1 : NULL;
    }
    for (size_t x = 1; x < k; x++) /* sorted: the order of members is free */
        for (size_t y = x; y > 0 && strcmp(out[y - 1], out[y]) > 0; y--) {
            char t[64];
            memcpy(t, out[y], 64);
            memcpy(out[y], out[y - 1], 64);
            memcpy(out[y - 1], t, 64);
        }
    return k;
}

/* A cloze answer: the strict match (cloze_match), else the forms a learner
 * writes for the same term (the review of seed 9377, cloze 8, 12, 14):
 * - the members of a joined form in any order and with any joiner
 *   ("L4 또는 L7", "L7, L4" for "L4/L7");
 * - a longer answer whose head noun (its last word) is right, with at most
 *   two words before it ("로드 밸런싱 알고리즘" for 알고리즘);
 * - the adjectival form of a noun, or the noun of one (모놀리식, 분산형);
 * - a one-word form with a generic head noun after it (상태 정보, 상태값). */
int grade_cloze(const assay_engine *e, const char *const *accept, size_t n_accept,
                const char *answer, grade *g)
{
    if (cloze_match(e, accept, n_accept, answer, g) != 0)
        return -1;
    if (g->pub.correct || !answer)
        return 0;
    char a[256];
    size_t al = canon(answer, a, sizeof a);
    if (al == 0)
        return 0;
    char am[8][64];
    size_t nam = members(answer, am, 8);
    for (size_t i = 0; i < n_accept; i++) {
        char f[256];
        size_t fl = canon(accept[i], f, sizeof f);
        if (fl == 0)
            continue;
        char fm[8][64];
        size_t nfm = members(accept[i], fm, 8);
        int ok = nfm >= 2 && nfm == nam;
        for (size_t k = 0; ok && k < nfm; k++)
            ok = strcmp(fm[k], am[k]) == 0;
        if (!ok && !has_latin(f, fl) && !has_latin(a, al) && !has_digit(f, fl) && !has_digit(a, al))
            ok = adjectival_of(a, al, f, fl);
        if (!ok && !has_digit(a, al))
            ok = with_generic_head(a, al, accept[i], f, fl);
        if (ok) {
            g->pub.score = 1;
            g->pub.correct = 1;
            g->pub.matched = accept[i];
            return 0;
        }
    }
    /* the head noun: the answer's last word against the forms */
    size_t fl;
    char *fa = u8_fold(answer, strlen(answer), &fl);
    if (!fa)
        return -1;
    tok toks[8];
    size_t nt = tok_split(fa, fl, toks, 8);
    int rc = 0;
    if (nt >= 2 && nt <= 3 && !has_digit(a, al)) {
        /* the key must not already be longer than one word: then the
         * answer's words are the key's own (수평 확장 ↔ 수직 확장) */
        const tok *last = &toks[nt - 1];
        char head[128];
        size_t hl = fl - last->off;
        if (hl < sizeof head) {
            memcpy(head, fa + last->off, hl);
            head[hl] = '\0';
            grade *h = grade_new();
            if (!h) {
                free(fa);
                return -1;
            }
            for (size_t i = 0; i < n_accept && !g->pub.correct; i++) {
                if (strchr(accept[i], ' '))
                    continue;
                const char *one[1] = {accept[i]};
                rc = cloze_match(e, one, 1, head, h);
                if (rc != 0)
                    break;
                if (h->pub.correct && !h->pub.typo) {
                    g->pub.score = 1;
                    g->pub.correct = 1;
                    g->pub.matched = accept[i];
                }
            }
            grade_free(h);
        }
    }
    free(fa);
    return rc;
}

/* ---- free text ----------------------------------------------------------------- */

typedef struct term {
    char key[TERM_MAX];
    size_t len;
    int hangul;
    int32_t jamo[48];
    size_t njamo;
    int digit;           /* holds a digit: a number (with its unit) matches only exactly */
    int verb;            /* a Korean verb or adjective stem (morph.h) */
    char stem[TERM_MAX]; /* English: the Snowball stem (storing, stores -> store) */
    size_t slen;         /* 0 when not stemmed */
    uint8_t n_fam, n_syn, n_ant, n_rel;
    uint64_t fam[MORPH_FAM]; /* English: WordNet derivation families (morph.h) */
    uint64_t ant[MORPH_ANT]; /* English: WordNet antonyms */
    uint64_t syn[MORPH_SYN]; /* English: first-sense synonyms */
    uint64_t rel[MORPH_REL]; /* English: words near in meaning (morph.h): a half match */
    char tl[TL_MAX];         /* consonant skeleton (translit.h): 컨슈머 and consumer alike */
    size_t ntl;              /* 0 when none */
    size_t rlen;             /* Korean: bytes of the word without a derivational suffix
                                (확장 of 확장성, 효율 of 효율적); 0 when it has none */
} term;

/* The consonant skeleton of a term (translit.h), when it has three classes or more. */
static void skeleton_term(term *t)
{
    t->ntl = 0;
    if (!t->digit && t->len)
        t->ntl = t->hangul ? tl_hangul(t->key, t->len, t->tl) : tl_english(t->key, t->len, t->tl);
    if (t->ntl < 3)
        t->ntl = 0;
}

/* A term from key[0..n) (already the word's stem): its jamo, digits and
 * skeleton; the English stem and WordNet families from mw when given. */
static void term_set(term *t, const char *s, size_t n, const morph_word *mw)
{
    if (n >= TERM_MAX)
        n = 0;
    t->len = tok_key(s, n, t->key);
    t->key[t->len] = '\0';
    t->hangul = has_hangul(s, n);
    t->njamo = hg_jamo(t->key, t->len, t->jamo, 48);
    t->digit = 0;
    for (size_t i = 0; i < t->len; i++)
        t->digit |= t->key[i] >= '0' && t->key[i] <= '9';
    skeleton_term(t);
    t->rlen = 0;
    if (t->hangul && !t->digit && t->len >= 9) {
        /* Sino-Korean derivational suffixes: -성 -ness, -적 -ic, -화 -ize,
         * -율/-률 rate, -량 amount; the root keeps two syllables or more */
        static const char *const suf[] = {"성", "적", "화", "율", "률", "량"};
        for (size_t i = 0; i < sizeof suf / sizeof suf[0]; i++)
            if (memcmp(t->key + t->len - 3, suf[i], 3) == 0)
                t->rlen = t->len - 3;
    }
    t->verb = 0;
    t->slen = 0;
    t->n_fam = t->n_syn = t->n_ant = t->n_rel = 0;
    if (!mw || t->hangul || t->digit || t->len < 4 || !mw->slen)
        return;
    memcpy(t->stem, mw->stem, mw->slen);
    t->stem[mw->slen] = '\0';
    t->slen = mw->slen;
    t->n_fam = mw->n_fam;
    t->n_syn = mw->n_syn;
    t->n_ant = mw->n_ant;
    t->n_rel = mw->n_rel;
    memcpy(t->rel, mw->rel, mw->n_rel * sizeof *mw->rel);
    memcpy(t->ant, mw->ant, mw->n_ant * sizeof *mw->ant);
    memcpy(t->fam, mw->fam, mw->n_fam * sizeof *mw->fam);
    memcpy(t->syn, mw->syn, mw->n_syn * sizeof *mw->syn);
}

/* A word of a text as a term: a Korean word by its Hunspell stem (its
 * hand-stripped stem when Hunspell does not know it), an English word by
 * its key with its Snowball stem and WordNet families (morph.h). */
static void term_word(term *t, morph *m, const char *w, const tok *tk)
{
    morph_word mw;
    mw.slen = 0;
    if (m && tk->kind == TK_HANGUL && tk->len < TERM_MAX) {
        morph_get(m, w, tk->len, &mw);
        if (mw.slen) {
            term_set(t, mw.stem, mw.slen, NULL);
            t->verb = mw.verb;
            return;
        }
        /* a word of one syllable and a particle that Hunspell does not know
         * (앱이, 앱을): the syllable, as a one-syllable synonym spells it */
        static const char *const one[] = {"이", "가", "을", "를", "은", "는", "에",
                                          "의", "도", "로", "와", "과", "만"};
        if (tk->len == 6 && has_hangul(w, 3))
            for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
                if (memcmp(w + 3, one[i], 3) == 0) {
                    term_set(t, w, 3, NULL);
                    return;
                }
    } else if (m && (tk->kind == TK_LATIN || tk->kind == TK_MIXED) && tk->stem_len < TERM_MAX) {
        char low[TERM_MAX];
        size_t n = tok_key(w, tk->stem_len, low);
        int lower = n > 0;
        for (size_t i = 0; i < n; i++)
            lower &= low[i] >= 'a' && low[i] <= 'z';
        if (lower && n >= 4) {
            morph_get(m, low, n, &mw);
            term_set(t, w, tk->stem_len, &mw);
            return;
        }
    }
    term_set(t, w, tk->stem_len, NULL);
}

/* Whether the hash sets a[0..na) and b[0..nb) share an element. */
static int hashes_meet(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    for (size_t i = 0; i < na; i++)
        for (size_t k = 0; k < nb; k++)
            if (a[i] == b[k])
                return 1;
    return 0;
}

/* Whether two English terms share a derivation family, or a first-sense
 * synonym of one is the other (WordNet, both ways). */
static int family_meets(const term *t, const term *a)
{
    return hashes_meet(t->fam, t->n_fam, a->fam, a->n_fam) ||
           hashes_meet(t->syn, t->n_syn, a->fam, a->n_fam) ||
           hashes_meet(a->syn, a->n_syn, t->fam, t->n_fam);
}

#define MAX_ALTS 4

typedef struct unit {
    size_t alt_first[MAX_ALTS], alt_n[MAX_ALTS];
    int n_alts;
    double weight;
    const char *label;
    const char *wkey; /* a one-word concept: its word without the particle, as the
                         bank's index has it (for its IDF); NULL for a pair */
    size_t wkl;
    uint8_t part; /* PART_ of its first occurrence in prose, else in code or a heading */
} unit;

typedef struct ref {
    arena *mem;                /* where terms grows */
    const assay_engine *eng;   /* its thesaurus rows (thes.c); may be NULL */
    morph *morph;              /* the engine's word analysis */
    const char *question;      /* the question asked, or NULL */
    term *terms;               /* grown as needed, up to MAX_TERMS (a term is ~290 bytes: */
    size_t n_terms, cap_terms; /* a fixed MAX_TERMS block per answer cost 290 KB) */
    int oom;
    unit *units;
    size_t n_units;
} ref;

static int add_term(ref *r, const char *w, const tok *tk)
{
    size_t n = tk->stem_len;
    if (r->n_terms >= MAX_TERMS || n == 0 || n >= TERM_MAX)
        return -1;
    if (r->n_terms == r->cap_terms) {
        size_t cap = r->cap_terms ? r->cap_terms * 2 : 16;
        if (cap > MAX_TERMS)
            cap = MAX_TERMS;
        term *grown = arena_grow(r->mem, r->terms, r->n_terms, cap, sizeof *grown);
        if (!grown) {
            r->oom = 1;
            return -1;
        }
        r->terms = grown;
        r->cap_terms = cap;
    }
    term_word(&r->terms[r->n_terms], r->morph, w, tk);
    if (!r->terms[r->n_terms].len)
        return -1;
    r->n_terms++;
    return 0;
}

/* The content words of s[0..n) as terms; returns how many were added. */
static size_t add_terms(ref *r, const char *s, size_t n)
{
    tok toks[64];
    size_t nt = tok_split(s, n, toks, 64), added = 0;
    if (nt > 64)
        nt = 64;
    for (size_t i = 0; i < nt; i++) {
        const char *w = s + toks[i].off;
        size_t sl = toks[i].stem_len;
        if (tok_is_stopword(w, sl) || (toks[i].kind == TK_LATIN && sl < 2))
            continue;
        if (add_term(r, w, &toks[i]) == 0)
            added++;
    }
    return added;
}

/* Neighbours: the bank's answers most like the reference (itself left out). */
#define NEIGHBOURS 12

typedef struct hood {
    const g_item *it[NEIGHBOURS];
    size_t n;
} hood;

static void neighbours(const assay_engine *e, const tx_vec *v, hood *h)
{
    double sim[NEIGHBOURS];
    h->n = 0;
    for (size_t i = 0; i < e->n_items; i++) {
        if (assay_kind_derived((assay_kind)e->items[i].kind))
            continue; /* the document's own answers only: derived ones say them again */
        double s = tx_cosine(v, &e->items[i].va);
        if (s > 0.95 || s <= 0)
            continue; /* the reference itself, or nothing in common */
        size_t at = h->n < NEIGHBOURS ? h->n++ : NEIGHBOURS;
        if (at == NEIGHBOURS) {
            if (s <= sim[NEIGHBOURS - 1])
                continue;
            at = NEIGHBOURS - 1;
        }
        while (at > 0 && sim[at - 1] < s) {
            sim[at] = sim[at - 1];
            h->it[at] = h->it[at - 1];
            at--;
        }
        sim[at] = s;
        h->it[at] = &e->items[i];
    }
}

/* The neighbours of the references graded lately, kept in the engine
 * (a class's answers to one question share their reference): finding them
 * scans every answer of the bank, a fifth of a grade's time. Direct-mapped
 * by the reference's hash, the text kept to compare; under the engine's
 * cache lock. The items they point to live as long as the engine. */
#define HOOD_SLOTS 64
#define HOOD_TEXT  4096 /* longer references are not kept */

typedef struct hood_slot {
    uint64_t h;
    size_t len;
    char *text; /* NULL: empty */
    hood v;
} hood_slot;

static void hoods_free(void *p)
{
    hood_slot *s = p;
    for (size_t i = 0; i < HOOD_SLOTS; i++)
        free(s[i].text);
    free(s);
}

static int hood_cached(const assay_engine *e, const char *s, size_t n, hood *out)
{
    if (!e->cache || n > HOOD_TEXT)
        return 0;
    uint64_t h = morph_hash(s, n);
    int found = 0;
    pthread_mutex_lock(&e->cache->lock);
    hood_slot *slots = e->cache->grade;
    if (slots) {
        const hood_slot *x = &slots[h % HOOD_SLOTS];
        if (x->text && x->h == h && x->len == n && memcmp(x->text, s, n) == 0) {
            *out = x->v;
            found = 1;
        }
    }
    pthread_mutex_unlock(&e->cache->lock);
    return found;
}

/* Keeps h for reference s; nothing when out of memory (it is a cache). */
static void hood_keep(const assay_engine *e, const char *s, size_t n, const hood *v)
{
    if (!e->cache || n > HOOD_TEXT)
        return;
    uint64_t h = morph_hash(s, n);
    char *text = malloc(n + 1);
    if (!text)
        return;
    memcpy(text, s, n);
    text[n] = '\0';
    pthread_mutex_lock(&e->cache->lock);
    if (!e->cache->grade) {
        e->cache->grade = calloc(HOOD_SLOTS, sizeof(hood_slot));
        e->cache->free_grade = hoods_free;
    }
    hood_slot *slots = e->cache->grade;
    if (slots) {
        hood_slot *x = &slots[h % HOOD_SLOTS];
        free(x->text);
        x->text = text;
        text = NULL;
        x->h = h;
        x->len = n;
        x->v = *v;
    }
    pthread_mutex_unlock(&e->cache->lock);
    free(text);
}

/* A concept's weight: its IDF in the bank, lowered when the reference's
 * neighbours share it (topic vocabulary that any answer on the topic uses,
 * rather than what this answer says). */
static double unit_weight(const assay_engine *e, const ref *r, const unit *u, const hood *h)
{
    double w = 0;
    size_t shared = 0;
    for (size_t k = 0; k < u->alt_n[0]; k++) {
        const term *t = &r->terms[u->alt_first[0] + k];
        const char *key = u->wkey ? u->wkey : t->key;
        size_t kl = u->wkey ? u->wkl : t->len;
        double idf = tx_term_idf(&e->idx, key, kl);
        if (idf > w)
            w = idf;
    }
    for (size_t j = 0; j < h->n; j++) {
        int has = 0;
        for (size_t k = 0; k < u->alt_n[0] && !has; k++) {
            const term *t = &r->terms[u->alt_first[0] + k];
            const char *key = u->wkey ? u->wkey : t->key;
            size_t kl = u->wkey ? u->wkl : t->len;
            uint64_t hash;
            if (tx_terms(key, kl, &hash, 1) == 1)
                has = sim_shared(&hash, 1, h->it[j]->aterms, h->it[j]->n_aterms) > 0;
        }
        shared += (size_t)has;
    }
    if (h->n)
        w *= 1.0 - 0.8 * (double)shared / (double)h->n;
    /* a predicate (나누다, 늘리다) says less of what the answer is about than
     * the nouns it links */
    if (u->n_alts == 1 && u->alt_n[0] == 1 && r->terms[u->alt_first[0]].verb)
        w *= 0.6;
    return w;
}

typedef struct span_ctx {
    const char *s;
    size_t a_off[64], a_len[64], b_off[64], b_len[64];
    size_t n;
} span_ctx;

static void on_span(void *ud, size_t a_off, size_t a_len, size_t b_off, size_t b_len, int kf)
{
    span_ctx *c = ud;
    if (c->n >= 64)
        return;
    /* an instance or a job glossed (DynamoDB (메타데이터), 보안(mTLS)): two
     * concepts, each to be said, not one spelt two ways (text/alias.h) */
    if (alias_pair_is_instance(c->s, a_off, a_len, b_off, b_len, kf))
        return;
    c->a_off[c->n] = a_off;
    c->a_len[c->n] = a_len;
    c->b_off[c->n] = b_off;
    c->b_len[c->n] = b_len;
    c->n++;
}

static int in_spans(const span_ctx *c, size_t off)
{
    for (size_t i = 0; i < c->n; i++)
        if ((off >= c->a_off[i] && off < c->a_off[i] + c->a_len[i]) ||
            (off >= c->b_off[i] && off < c->b_off[i] + c->b_len[i]))
            return 1;
    return 0;
}

/* English function words the tokenizer's stop list leaves (if, no, one, then, can). */
static int en_debris(const char *w, size_t n)
{
    static const char *const d[] = {
        "if", "no", "not", "one", "then", "can", "so", "do", "does", "we", "you", "they", "he",
        "she", "was", "were", "has", "have", "had", "will", "would", "should", "could", "may",
        "might", "must", "which", "what", "when", "where", "who", "how", "why", "than", "also",
        "only", "such", "each", "some", "any", "all", "more", "most", "very", "there", "their",
        "them", "these", "those", "been", "being", "but", "because", "while", "about", "over",
        "under", "between", "other", "same", "way", "thing", "things", "yes",
        /* prepositions and light verbs: they link what an answer is about */
        "up", "onto", "into", "upon", "its", "own", "many", "much", "make", "makes", "made",
        "making", "give", "gives", "giving", "gave", "given", "use", "uses", "used", "using", "get",
        "gets", "got", "getting", "take", "takes", "took", "taking", "via", "just", "even", "still",
        "thus", "hence", "whose", "itself", "every", "several", "both", "either", "etc",
        /* conjunctions, prepositions and pronouns the stop list leaves */
        "until", "unless", "though", "although", "whereas", "whether", "within", "through",
        "across", "among", "toward", "towards", "since", "like", "rather", "instead", "another",
        "else", "your", "our", "his", "her", "my", "me", "us", "him", "really", "simply",
        "basically", "ones", "none", "let", "lets", "letting", "something", "anything",
        "everything", "nothing", "someone"};
    char key[16];
    if (n >= sizeof key)
        return 0;
    tok_key(w, n, key);
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (strlen(d[i]) == n && memcmp(d[i], key, n) == 0)
            return 1;
    return 0;
}

/* A word that can carry a concept: not a stop word; Latin of two letters or
 * more; Hangul of two syllables or more once its particle is gone ("수를" is
 * one: 수 + 를); not a particle glued to a closing parenthesis ("(Query)과"). */
static int is_concept(const char *s, const tok *t)
{
    const char *w = s + t->off;
    size_t sl = t->stem_len;
    if (sl >= TERM_MAX || tok_is_stopword(w, sl))
        return 0;
    if (t->kind == TK_LATIN)
        return sl >= 2 && !en_debris(w, sl);
    if (t->kind != TK_HANGUL)
        return 1;
    /* negation and copula words are polarity, not concepts (않고, 없다, 아닌) */
    static const char *const pol[] = {"않", "없", "아니", "아닌", "아님", "못하", "못한"};
    for (size_t i = 0; i < sizeof pol / sizeof pol[0]; i++)
        if (sl >= strlen(pol[i]) && memcmp(w, pol[i], strlen(pol[i])) == 0)
            return 0;
    if (t->off > 0 && (s[t->off - 1] == ')' || s[t->off - 1] == ']'))
        return 0;
    if (sl < 6)
        return 0; /* one syllable */
    if (sl == 6 && t->len == 6) {
        /* two syllables, the second a particle: one syllable of content */
        static const char *const p[] = {"은", "는", "이", "가", "을", "를", "의",
                                        "에", "로", "도", "만", "과", "와"};
        /* nouns whose second syllable only looks like a particle */
        static const char *const nouns[] = {
            "초과", "추가", "미만", "결과", "효과", "증가", "평가", "통과", "경과", "부과",
            "참가", "인가", "원가", "단가", "경로", "회로", "통로", "속도", "정도", "빈도",
            "밀도", "강도", "한도", "용도", "의도", "차이", "길이", "높이", "깊이", "정의",
            "합의", "동의", "주의", "논의", "불만", "백만", "천만", "제도", "태도", "각도"};
        for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
            if (memcmp(w, nouns[i], 6) == 0)
                return 1;
        for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
            if (memcmp(w + 3, p[i], 3) == 0)
                return 0;
    }
    return 1;
}

/* ---- references that hold code and headings ----------------------------------- */

/* What a part of a reference is, for its concepts' weight: prose (a
 * comment in code is prose); a number in code (a config value: a prose
 * answer gives the ones that matter, not every one); a word taken from code
 * (an identifier's parts), which a prose answer says in its own words; a
 * heading ("결정:", "구현 (Kong 예시):"), which only names what follows. In
 * that order: a concept is what its most prose-like occurrence is. */
enum { PART_PROSE = 0, PART_VALUE = 1, PART_CODE = 2, PART_HEAD = 3 };
#define VALUE_WEIGHT 0.6
#define CODE_WEIGHT  0.3
#define HEAD_WEIGHT  0.2

/* Code syntax and boilerplate that names no concept of the answer:
 * keywords, builder and accessor words, manifest fields. */
static int code_noise(const char *w, size_t n)
{
    static const char *const d[] = {
        "config",    "configuration",
        "custom",    "build",
        "builder",   "new",
        "return",    "local",
        "function",  "func",
        "def",       "class",
        "public",    "private",
        "protected", "static",
        "final",     "void",
        "int",       "long",
        "string",    "str",
        "bool",      "boolean",
        "var",       "let",
        "const",     "if",
        "else",      "elif",
        "end",       "then",
        "do",        "for",
        "while",     "true",
        "false",     "null",
        "nil",       "none",
        "import",    "from",
        "this",      "self",
        "of",        "to",
        "in",        "on",
        "at",        "by",
        "is",        "get",
        "set",       "call",
        "value",     "values",
        "key",       "keys",
        "args",      "argv",
        "kwargs",    "api",
        "version",   "kind",
        "metadata",  "name",
        "spec",      "type",
        "main",      "tonumber",
        "math",      "random",
        "and",       "or",
        "not",       "the",
        "a",         "an",
        "with",      "create",
        "make",      "init",
        "instance",  "object",
        "obj",       "data",
        "item",      "items",
        "list",      "map",
        "apply",     "with",
        "io",        "com",
        "org",       "www",
        "http",      "https",
        "println",   "print",
        "printf",    "console",
        "log",       "echo",
        "await",     "async",
        "try",       "catch",
        "throw",     "throws",
        "extends",   "implements",
        "interface", "package",
        "module",    "require",
        "export",    "default",
        "duration", /* the type of a time value (Duration.ofSeconds(30)): the value says it */
    };
    if (n == 0 || n > 15)
        return n == 0;
    char low[16];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (strlen(d[i]) == n && memcmp(d[i], low, n) == 0)
            return 1;
    /* a version tag (v1beta1, v2) */
    if (n >= 2 && low[0] == 'v' && low[1] >= '0' && low[1] <= '9')
        return 1;
    return 0;
}

/* Whether an identifier c[..j) is cut before q: aB, or the B of ABc. */
static int camel_cut(const char *c, size_t q, size_t j)
{
    int up = c[q] >= 'A' && c[q] <= 'Z';
    if (!up)
        return 0;
    if (c[q - 1] >= 'a' && c[q - 1] <= 'z')
        return 1;
    return q + 1 < j && c[q + 1] >= 'a' && c[q + 1] <= 'z' && c[q - 1] >= 'A' && c[q - 1] <= 'Z';
}

static int is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Whether line s[0..n) (no Hangul outside a comment) reads as code: a
 * statement ending, a call or member chain, an assignment, a manifest's
 * "key: value" with a one-word value or none. */
static int looks_code(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n)
        return 0;
    if (has_hangul(s + i, n - i))
        return 0;
    char last = s[n - 1], first = s[i];
    if (last == ';' || last == '{' || last == '}' || first == '.' || first == '}' || first == ')')
        return 1;
    for (size_t k = i; k + 1 < n; k++) {
        if (is_ident_char(s[k]) && s[k + 1] == '(')
            return 1; /* f(, .custom( */
        if (s[k] == '=' && s[k + 1] != '=' && k > i && s[k - 1] == ' ')
            return 1; /* x = ... */
        if (s[k] == '.' && is_ident_char(s[k + 1]) && k > i && is_ident_char(s[k - 1]) &&
            !(s[k - 1] >= '0' && s[k - 1] <= '9'))
            return 1; /* a.b */
    }
    /* key: value, the key one word (after a list dash), the value one word or none */
    size_t k = i;
    if (s[k] == '-' && k + 1 < n && s[k + 1] == ' ')
        k += 2;
    size_t key = k;
    while (k < n && (is_ident_char(s[k]) || s[k] == '-' || s[k] == '.'))
        k++;
    if (k == key || k >= n || s[k] != ':')
        return 0;
    k++;
    while (k < n && s[k] == ' ')
        k++;
    for (; k < n; k++)
        if (s[k] == ' ')
            return 0;
    return 1;
}

#define MAX_GROUPS 32
typedef struct ctext {
    char *out;
    uint8_t *cls; /* each byte's PART_ */
    size_t w, cap;
    /* identifiers of code cut into two words or more (failureRateThreshold):
     * their spans in out, each one concept of several words */
    size_t gs[MAX_GROUPS], ge[MAX_GROUPS], ng;
} ctext;

/* Appends s[0..n) with class c (what does not fit is left out). */
static void put(ctext *t, const char *s, size_t n, uint8_t c)
{
    if (t->w + n + 1 > t->cap)
        return;
    memcpy(t->out + t->w, s, n);
    memset(t->cls + t->w, c, n);
    t->w += n;
}

/* A unit of time a code word names, as the document's language writes it
 * after a number: ofSeconds(30) -> 30초 (30 seconds in English). */
static const char *time_unit(const char *w, size_t n, int korean)
{
    static const char *const u[][3] = {
        {"seconds", "초", " seconds"}, {"second", "초", " seconds"}, {"secs", "초", " seconds"},
        {"minutes", "분", " minutes"}, {"minute", "분", " minutes"}, {"mins", "분", " minutes"},
        {"hours", "시간", " hours"},   {"hour", "시간", " hours"},   {"millis", "ms", " ms"},
        {"milliseconds", "ms", " ms"}, {"days", "일", " days"},
    };
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
        if (strlen(u[i][0]) == n && strncasecmp(u[i][0], w, n) == 0)
            return u[i][korean ? 1 : 2];
    return NULL;
}

/* The code part c[0..n) of a line as words: each identifier cut at its
 * case changes, underscores and dots (failureRateThreshold -> failure rate
 * threshold), string contents likewise, numbers kept, syntax left out. */
static void code_words(ctext *t, const char *c, size_t n, int korean, uint8_t cls)
{
    const char *tu_next = NULL; /* the time unit named just before a number */
    size_t start = t->w;
    for (size_t i = 0; i < n;) {
        if (c[i] >= '0' && c[i] <= '9' && (i == 0 || !is_ident_char(c[i - 1]))) {
            size_t j = i;
            while (j < n && ((c[j] >= '0' && c[j] <= '9') || c[j] == '.'))
                j++;
            while (j > i && c[j - 1] == '.')
                j--;
            if (t->w > start)
                put(t, " ", 1, PART_PROSE);
            put(t, c + i, j - i, PART_VALUE);
            if (tu_next)
                put(t, tu_next, strlen(tu_next), PART_VALUE);
            tu_next = NULL;
            i = j;
            continue;
        }
        if (!is_ident_char(c[i]) && c[i] != '-') {
            i++;
            continue;
        }
        /* an identifier (kebab-case kept whole: rate-limiting) */
        size_t j = i;
        while (j < n && (is_ident_char(c[j]) ||
                         (c[j] == '-' && j + 1 < n && is_ident_char(c[j + 1]) && j > i)))
            j++;
        if (j == i) {
            i++;
            continue;
        }
        int kebab = memchr(c + i, '-', j - i) != NULL;
        size_t g0 = t->w, words = 0;
        for (size_t p = i; p < j;) {
            size_t q = kebab ? j : p + 1;
            while (q < j && c[q] != '_' && !camel_cut(c, q, j))
                q++;
            size_t a = p, b = q;
            while (a < b && c[a] == '_')
                a++;
            if (b > a) {
                const char *tu = time_unit(c + a, b - a, korean);
                if (tu && j < n && c[j] == '(')
                    tu_next = tu; /* ofSeconds(30), not "minute: 100" (a rate) */
                else if (!code_noise(c + a, b - a) && !(b - a == 1)) {
                    if (t->w > start)
                        put(t, " ", 1, PART_PROSE);
                    if (!words)
                        g0 = t->w;
                    put(t, c + a, b - a, cls);
                    words++;
                }
            }
            p = q;
            while (p < j && c[p] == '_')
                p++;
        }
        if (words >= 2 && t->ng < MAX_GROUPS && t->w > g0) {
            t->gs[t->ng] = g0;
            t->ge[t->ng++] = t->w;
        }
        i = j;
    }
}

/* Whether code line s[0..n) is a manifest's switch or section: "key:" with
 * no value, or a value that is a boolean or boilerplate (fault_tolerant:
 * true, policy: local, plugins:) — its key names a setting, which a prose
 * answer leaves out; "minute: 100" and "name: rate-limiting" say something. */
static int setting_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 1 < n && s[i] == '-' && s[i + 1] == ' ')
        i += 2;
    size_t k = i;
    while (k < n && (is_ident_char(s[k]) || s[k] == '-'))
        k++;
    if (k == i || k >= n || s[k] != ':')
        return 0;
    size_t v = k + 1;
    while (v < n && s[v] == ' ')
        v++;
    size_t ve = n;
    while (ve > v && (s[ve - 1] == ' ' || s[ve - 1] == '\r'))
        ve--;
    if (v == ve)
        return 1;
    for (size_t j = v; j < ve; j++)
        if (!is_ident_char(s[j]))
            return 0;
    static const char *const flags[] = {"yes", "no", "on", "off"};
    for (size_t j = 0; j < sizeof flags / sizeof flags[0]; j++)
        if (strlen(flags[j]) == ve - v && strncasecmp(flags[j], s + v, ve - v) == 0)
            return 1;
    return (s[v] < '0' || s[v] > '9') && code_noise(s + v, ve - v);
}

/* Prose with a snake_case name in it ("Query 모델: dashboard_summary
 * 테이블"): the name weighs as code does — a name the author gave, which a
 * learner says in their own words (대시보드 요약 테이블) — and is kept whole. */
static void put_prose(ctext *t, const char *s, size_t n)
{
    size_t at = t->w;
    put(t, s, n, PART_PROSE);
    if (t->w != at + n)
        return;
    for (size_t i = 0; i < n;) {
        if (!is_ident_char(s[i]) || (i > 0 && s[i - 1] != ' ')) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && is_ident_char(s[j]))
            j++;
        const char *us = memchr(s + i, '_', j - i);
        if (us && us > s + i && us + 1 < s + j)
            memset(t->cls + at + i, PART_CODE, j - i);
        i = j;
    }
}

/* Where the Markdown link or image at s[i] ("[text](url)", "![alt](src)",
 * as the importer keeps them: docs/internals/kb.md) ends, with the text's
 * bounds in *ts, *te; 0 when s[i] starts none. */
static size_t link_at(const char *s, size_t n, size_t i, size_t *ts, size_t *te)
{
    size_t k = i + (s[i] == '!');
    if (k >= n || s[k] != '[')
        return 0;
    size_t j = k + 1;
    while (j < n && s[j] != ']' && s[j] != '[' && s[j] != '\n')
        j += s[j] == '\\' && j + 1 < n ? 2 : 1;
    if (j + 1 >= n || s[j] != ']' || s[j + 1] != '(')
        return 0;
    size_t u = j + 2, depth = 0;
    if (u < n && s[u] == '<') {
        while (u < n && s[u] != '>' && s[u] != '\n')
            u++;
        if (u >= n || s[u] != '>')
            return 0;
        u++;
    }
    for (; u < n && s[u] != '\n'; u++) {
        if (s[u] == '(')
            depth++;
        else if (s[u] == ')' && depth-- == 0)
            break;
    }
    if (u >= n || s[u] != ')')
        return 0;
    *ts = k + 1;
    *te = j;
    return u + 1;
}

/* Prose with its links as their text and addresses left out: an address
 * ("https://developer.mozilla.org/…", an image's source) is no concept a
 * learner's answer should name. */
static void put_prose_text(ctext *t, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        size_t ts, te, end = 0;
        if (s[i] == '[' || s[i] == '!') {
            end = link_at(s, n, i, &ts, &te);
        } else if (s[i] == 'h' &&
                   (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == '<') &&
                   ((n - i > 7 && memcmp(s + i, "http://", 7) == 0) ||
                    (n - i > 8 && memcmp(s + i, "https://", 8) == 0))) {
            end = i;
            while (end < n && s[end] != ' ' && s[end] != '\n' && s[end] != '>' && s[end] != ')')
                end++;
            ts = te = end;
        }
        if (!end)
            continue;
        if (i > from)
            put_prose(t, s + from, i - from);
        if (te > ts)
            put_prose(t, s + ts, te - ts);
        from = end;
        i = end - 1;
    }
    if (n > from)
        put_prose(t, s + from, n - from);
}

/* Where a comment starts in line s[0..n), or n. */
static size_t comment_at(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int lead = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t';
        if (i + 1 < n && s[i] == '/' && (s[i + 1] == '/' || s[i + 1] == '*'))
            return i;
        if (lead && s[i] == '#' && (i + 1 == n || s[i + 1] == ' '))
            return i;
        if (lead && i + 2 < n && s[i] == '-' && s[i + 1] == '-' && s[i + 2] == ' ')
            return i;
        if (s[i] == '"' || s[i] == '\'') {
            char q = s[i];
            for (i++; i < n && s[i] != q; i++)
                ;
        }
    }
    return n;
}

/* A heading at the start of line s[0..n): one word, perhaps with a
 * parenthesis, then ':' and a space or the line's end ("결정:", "구현 (Kong
 * 예시):", "Decision:"); its length with the colon, or 0. */
static size_t heading_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] != ' ' && s[i] != ':' && s[i] != '(')
        i++;
    if (i == 0 || i > 24)
        return 0;
    size_t k = i;
    while (k < n && s[k] == ' ')
        k++;
    if (k < n && s[k] == '(') {
        while (k < n && s[k] != ')' && s[k] != '\n')
            k++;
        if (k == n || s[k] != ')')
            return 0;
        k++;
    }
    if (k >= n || s[k] != ':' || (k + 1 < n && s[k + 1] != ' '))
        return 0;
    for (size_t j = 0; j < i; j++)
        if (s[j] >= '0' && s[j] <= '9')
            return 0;
    return k + 1;
}

/* The reference as the grader reads it (cls: each byte's PART_): fenced
 * code without its fences and language tag, code lines as their words,
 * comments and prose as written, headings marked. NULL when out of memory. */
typedef struct groups {
    size_t gs[MAX_GROUPS], ge[MAX_GROUPS], n;
} groups;

static char *concept_text(arena *a, const char *s, uint8_t **cls_out, groups *gr)
{
    size_t n = strlen(s);
    ctext t = {arena_alloc(a, 3 * n + 16), arena_alloc(a, 3 * n + 16), 0, 3 * n + 16, {0}, {0}, 0};
    if (!t.out || !t.cls)
        return NULL;
    int korean = has_hangul(s, n), fenced = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        const char *l = s + i;
        size_t ln = e - i, lead = 0;
        while (lead < ln && (l[lead] == ' ' || l[lead] == '\t'))
            lead++;
        if (ln - lead >= 3 && memcmp(l + lead, "```", 3) == 0) {
            fenced = !fenced; /* the fence and its language tag name nothing */
        } else {
            /* a manifest's "kind: PeerAuthentication" is code, not a heading */
            size_t h =
                fenced || looks_code(l + lead, ln - lead) ? 0 : heading_len(l + lead, ln - lead);
            if (h) {
                put(&t, l + lead, h, PART_HEAD);
                lead += h;
            }
            /* "구현 (Kong 예시): plugins:" — the heading's code after it */
            const char *body = l + lead;
            size_t bn = ln - lead, cm = comment_at(body, bn);
            if (fenced || looks_code(body, bn) ||
                (cm < bn && looks_code(body, cm) && !has_hangul(body, cm))) {
                if (t.w && t.out[t.w - 1] != '\n' && t.out[t.w - 1] != ' ')
                    put(&t, " ", 1, PART_PROSE);
                code_words(&t, body, cm, korean,
                           setting_line(body, cm) ? (uint8_t)PART_HEAD : (uint8_t)PART_CODE);
                if (cm < bn) {
                    size_t c0 = cm;
                    while (c0 < bn && (body[c0] == '/' || body[c0] == '*' || body[c0] == '#' ||
                                       body[c0] == '-' || body[c0] == ' '))
                        c0++;
                    size_t c1 = bn;
                    while (c1 > c0 &&
                           (body[c1 - 1] == '/' || body[c1 - 1] == '*' || body[c1 - 1] == ' '))
                        c1--;
                    if (c1 > c0) {
                        put(&t, ". ", 2, PART_PROSE);
                        put(&t, body + c0, c1 - c0, PART_PROSE);
                    }
                }
            } else {
                put_prose_text(&t, body, bn);
            }
            put(&t, "\n", 1, PART_PROSE);
        }
        i = e < n ? e + 1 : e;
    }
    t.out[t.w] = '\0';
    *cls_out = t.cls;
    if (gr) {
        gr->n = t.ng;
        memcpy(gr->gs, t.gs, sizeof t.gs);
        memcpy(gr->ge, t.ge, sizeof t.ge);
    }
    return t.out;
}

/* The reference's concepts: "X(Y)" pairs as one concept with two spellings,
 * then every other content word, with the bank's alias as a second spelling;
 * s is concept_text's, cls its classes (what is code and headings). */
static int build_ref(const assay_engine *e, arena *a, const char *s, const uint8_t *cls,
                     const groups *gr, ref *r)
{
    size_t n = strlen(s);
    r->mem = a;
    r->units = arena_alloc(a, MAX_UNITS * sizeof *r->units);
    if (!r->units)
        return -1;
    span_ctx sp;
    sp.s = s;
    sp.n = 0;
    alias_scan(s, n, on_span, &sp);
    for (size_t i = 0; i < sp.n && r->n_units < MAX_UNITS; i++) {
        unit *u = &r->units[r->n_units];
        u->alt_first[0] = r->n_terms;
        u->alt_n[0] = add_terms(r, s + sp.a_off[i], sp.a_len[i]);
        u->alt_first[1] = r->n_terms;
        u->alt_n[1] = add_terms(r, s + sp.b_off[i], sp.b_len[i]);
        u->n_alts = 2;
        u->wkey = NULL;
        u->part = cls[sp.a_off[i]];
        if (!u->alt_n[0] || !u->alt_n[1])
            continue;
        /* either side's aliases in the bank are further spellings: 읽기 for Query */
        char *sides[2];
        for (int side = 0; side < 2; side++) {
            size_t off = side ? sp.b_off[i] : sp.a_off[i], len = side ? sp.b_len[i] : sp.a_len[i];
            sides[side] = u8_fold(s + off, len, NULL);
        }
        for (int side = 0; side < 2; side++) {
            const char *others[4];
            size_t no = sides[side] ? alias_others(&e->aliases, sides[side], others, 4) : 0;
            for (size_t k = 0; k < no && u->n_alts < MAX_ALTS; k++) {
                if (sides[1 - side] && strcmp(others[k], sides[1 - side]) == 0)
                    continue; /* the pair written here */
                u->alt_first[u->n_alts] = r->n_terms;
                u->alt_n[u->n_alts] = add_terms(r, others[k], strlen(others[k]));
                if (u->alt_n[u->n_alts])
                    u->n_alts++;
            }
        }
        free(sides[0]);
        free(sides[1]);
        u->label = arena_printf(a, "%.*s(%.*s)", (int)sp.a_len[i], s + sp.a_off[i],
                                (int)sp.b_len[i], s + sp.b_off[i]);
        if (!u->label)
            return -1;
        r->n_units++;
    }
    /* an identifier of code is one concept of its words (failure rate
     * threshold): a prose answer says some of them ("실패율"), not each
     * word as a concept of its own (the review of seed 9377, scenario 8) */
    for (size_t g = 0; gr && g < gr->n && r->n_units < MAX_UNITS && sp.n < 64; g++) {
        unit *u = &r->units[r->n_units];
        size_t first = r->n_terms;
        size_t nterms = add_terms(r, s + gr->gs[g], gr->ge[g] - gr->gs[g]);
        int again = 0;
        for (size_t k = 0; k < g && !again; k++)
            again = gr->ge[k] - gr->gs[k] == gr->ge[g] - gr->gs[g] &&
                    memcmp(s + gr->gs[k], s + gr->gs[g], gr->ge[g] - gr->gs[g]) == 0;
        if (nterms < 2 || again) {
            r->n_terms = first;
            continue;
        }
        u->alt_first[0] = first;
        u->alt_n[0] = nterms;
        u->n_alts = 1;
        u->wkey = NULL;
        u->part = cls[gr->gs[g]];
        u->label = arena_strndup(a, s + gr->gs[g], gr->ge[g] - gr->gs[g]);
        if (!u->label)
            return -1;
        sp.a_off[sp.n] = gr->gs[g];
        sp.a_len[sp.n] = gr->ge[g] - gr->gs[g];
        sp.b_off[sp.n] = 0;
        sp.b_len[sp.n] = 0;
        sp.n++;
        r->n_units++;
    }
    tok toks[MAX_TOKS];
    size_t nt = tok_split(s, n, toks, MAX_TOKS);
    if (nt > MAX_TOKS)
        nt = MAX_TOKS;
    for (size_t i = 0; i < nt && r->n_units < MAX_UNITS; i++) {
        const char *w = s + toks[i].off;
        size_t sl = toks[i].stem_len;
        if (in_spans(&sp, toks[i].off) || !is_concept(s, &toks[i]))
            continue;
        char key[TERM_MAX];
        tok_key(w, sl, key);
        key[sl] = '\0';
        unit *u = &r->units[r->n_units];
        u->alt_first[0] = r->n_terms;
        if (add_term(r, w, &toks[i]) != 0)
            break;
        const term *probe = &r->terms[u->alt_first[0]];
        int dup = 0;
        for (size_t k = 0; k < r->n_units && !dup; k++) {
            const unit *o = &r->units[k];
            const term *ot = &r->terms[o->alt_first[0]];
            /* the same word, or an English word with the same stem (guarantees, guarantee) */
            if (o->alt_n[0] == 1 && (strcmp(ot->key, probe->key) == 0 ||
                                     (probe->slen && ot->slen == probe->slen &&
                                      memcmp(ot->stem, probe->stem, probe->slen) == 0)))
                dup = (int)k + 1;
        }
        if (dup) {
            r->n_terms--; /* the same concept again: in prose if either is */
            unit *o = &r->units[dup - 1];
            if (cls[toks[i].off] < o->part)
                o->part = cls[toks[i].off];
            continue;
        }
        u->part = cls[toks[i].off];
        u->alt_n[0] = 1;
        u->n_alts = 1;
        u->wkey = arena_strndup(a, key, sl);
        u->wkl = sl;
        if (!u->wkey)
            return -1;
        const char *others[MAX_ALTS - 1];
        size_t no = alias_others(&e->aliases, key, others, MAX_ALTS - 1);
        for (size_t k = 0; k < no; k++) {
            u->alt_first[u->n_alts] = r->n_terms;
            u->alt_n[u->n_alts] = add_terms(r, others[k], strlen(others[k]));
            if (u->alt_n[u->n_alts])
                u->n_alts++;
        }
        /* the label a person reads: the Hunspell stem where it is the start
         * of the word (순서 for 순서대로), else the word without its particle */
        probe = &r->terms[u->alt_first[0]]; /* terms may have moved */
        int prefix = probe->hangul && probe->len <= sl && memcmp(probe->key, w, probe->len) == 0;
        u->label = prefix ? arena_strndup(a, probe->key, probe->len) : arena_strndup(a, w, sl);
        /* a hyphenated English word may be written apart: key-value = key value */
        if (toks[i].kind == TK_LATIN && memchr(w, '-', sl) && u->n_alts < MAX_ALTS) {
            char apart[TERM_MAX];
            for (size_t k = 0; k < sl; k++)
                apart[k] = w[k] == '-' ? ' ' : w[k];
            u->alt_first[u->n_alts] = r->n_terms;
            u->alt_n[u->n_alts] = add_terms(r, apart, sl);
            if (u->alt_n[u->n_alts] > 1)
                u->n_alts++;
            else
                r->n_terms = u->alt_first[u->n_alts];
        }
        if (!u->label)
            return -1;
        r->n_units++;
    }
    hood h;
    if (!hood_cached(e, s, n, &h)) {
        tx_vec v;
        if (tx_vectorize(&e->idx, s, n, a, &v) != 0)
            return -1;
        neighbours(e, &v, &h);
        hood_keep(e, s, n, &h);
    }
    for (size_t k = 0; k < r->n_units; k++) {
        unit *u = &r->units[k];
        u->weight = unit_weight(e, r, u, &h);
        /* code's words and headings say less of the answer than its prose:
         * a prose answer puts failureRateThreshold(50) as "실패율 50%" */
        if (u->part == PART_HEAD)
            u->weight *= HEAD_WEIGHT;
        else if (u->part == PART_CODE)
            u->weight *= CODE_WEIGHT;
        else if (u->part == PART_VALUE)
            u->weight *= VALUE_WEIGHT;
    }
    return r->oom ? -1 : 0;
}

/* A text for matching (the answer, or the reference against itself): each
 * word's stem as a term, which clause it is in and whether a negation
 * applies to it, and all its Hangul run together (so spacing and compounds
 * do not matter) with where each word starts in that run. */
typedef struct answer {
    term *terms; /* one per word; len 0 for a word too long to match */
    uint8_t *clause, *neg, *used;
    uint32_t *hoff; /* each word's first byte in hangul */
    size_t n, n_clauses;
    char *hangul;      /* only Hangul syllables, in order */
    size_t content;    /* words that could carry a concept */
    double per_clause; /* words per clause: a bare list has one or two */
} answer;

static int build_answer(arena *a, const char *s, answer *ans, morph *m)
{
    size_t fl;
    char *f = u8_fold(s, strlen(s), &fl);
    if (!f)
        return -1;
    tok *toks = malloc(MAX_TOKS * sizeof *toks);
    size_t nt = toks ? tok_split(f, fl, toks, MAX_TOKS) : 0;
    if (nt > MAX_TOKS)
        nt = MAX_TOKS;
    ans->hangul = arena_alloc(a, fl + 1);
    ans->terms = arena_alloc(a, (nt + 1) * sizeof *ans->terms);
    ans->clause = arena_alloc(a, nt + 1);
    ans->neg = arena_alloc(a, nt + 1);
    ans->used = arena_alloc(a, nt + 1);
    ans->hoff = arena_alloc(a, (nt + 1) * sizeof *ans->hoff);
    if (!toks || !ans->hangul || !ans->terms || !ans->clause || !ans->neg || !ans->used ||
        !ans->hoff) {
        free(toks);
        free(f);
        return -1;
    }
    ans->n = nt;
    ans->n_clauses = pol_clauses(f, fl, toks, nt, ans->clause);
    pol_negation(f, toks, nt, ans->clause, ans->neg);
    memset(ans->used, 0, nt + 1);
    size_t hw = 0, words = 0;
    ans->content = 0;
    for (size_t i = 0; i < nt; i++) {
        term_word(&ans->terms[i], m, f + toks[i].off, &toks[i]);
        ans->content += (size_t)is_concept(f, &toks[i]);
        words++;
        ans->hoff[i] = (uint32_t)hw;
        for (size_t k = 0; k < toks[i].len;) {
            int32_t cp;
            size_t c = u8_decode(f + toks[i].off + k, toks[i].len - k, &cp);
            if (hg_is_syllable(cp)) {
                memcpy(ans->hangul + hw, f + toks[i].off + k, c);
                hw += c;
            }
            k += c;
        }
    }
    ans->hangul[hw] = '\0';
    ans->per_clause = ans->n_clauses ? (double)words / (double)ans->n_clauses : 0;
    free(toks);
    free(f);
    return 0;
}

/* The word of the answer whose Hangul covers byte pos of the run. */
static size_t word_at(const answer *ans, size_t pos)
{
    size_t lo = 0, hi = ans->n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (ans->hoff[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    while (lo + 1 < ans->n && ans->hoff[lo + 1] <= pos && !ans->terms[lo].hangul)
        lo++;
    return lo;
}

/* Whether two Korean words share their root once a derivational suffix is
 * off: 확장성 and 확장, 효율적 and 효율, 실패율 and 실패 (the Korean side of
 * WordNet's derivations). */
static int same_root(const term *t, const term *a)
{
    if (!a->hangul || (!t->rlen && !a->rlen))
        return 0;
    size_t tl = t->rlen ? t->rlen : t->len, al = a->rlen ? a->rlen : a->len;
    return tl == al && memcmp(t->key, a->key, tl) == 0;
}

/* Whether t is one part of hyphenated word a (value in key-value). */
static int part_of(const term *a, const term *t)
{
    if (!memchr(a->key, '-', a->len))
        return 0;
    for (size_t i = 0; i + t->len <= a->len; i++)
        if ((i == 0 || a->key[i - 1] == '-') &&
            (i + t->len == a->len || a->key[i + t->len] == '-') &&
            memcmp(a->key + i, t->key, t->len) == 0)
            return 1;
    return 0;
}

/* Whether English word b, too short to be stemmed (under four letters:
 * pop, push, run), is the Snowball stem of word a (popped, running). */
static int short_stem(const term *a, const term *b)
{
    return a->slen && !b->slen && b->len < 4 && !b->hangul && !b->digit && b->len == a->slen &&
           memcmp(b->key, a->stem, a->slen) == 0;
}

/* Whether English word a is a compound of word t after a prefix that only
 * narrows it (subproblems of problem, superclass of class, multithreaded of
 * threaded); not re-, un-, in-, de-, which change the meaning. */
static int compound_of(const term *a, const term *t)
{
    static const char *const pre[] = {"sub",   "super", "multi", "micro", "meta",
                                      "hyper", "inter", "intra", "self"};
    char c0 = a->key[0];
    if ((c0 != 's' && c0 != 'm' && c0 != 'h' && c0 != 'i') || a->hangul || t->hangul || a->digit ||
        t->len < 4 || a->len < t->len)
        return 0;
    const char *as = a->slen ? a->stem : a->key, *ts = t->slen ? t->stem : t->key;
    size_t al = a->slen ? a->slen : a->len, tl = t->slen ? t->slen : t->len;
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
        size_t pl = strlen(pre[i]);
        if (al == pl + tl && memcmp(as, pre[i], pl) == 0 && memcmp(as + pl, ts, tl) == 0)
            return 1;
    }
    return 0;
}

/* Notes word i's clause in clauses[0], and in clauses[1] when it is negated. */
static void note(uint64_t *clauses, const answer *ans, size_t i)
{
    uint64_t bit = (uint64_t)1 << ans->clause[i];
    clauses[0] |= bit;
    if (ans->neg[i])
        clauses[1] |= bit;
}

/* A term's occurrences in a text: bit 1 where asserted, bit 2 where negated;
 * *clauses gets the clauses it occurs in. A word with a negating prefix
 * (비동기 for 동기) is not an occurrence; neither is an opposite within
 * typo distance (FIFO for LIFO), a number with another value, or an
 * acronym off by a letter. mark: note the words used (for precision). */
/* A number with its unit as compared: 10초간 = 10초 (동안), 5회 = 5번. */
static size_t number_key(const term *t, char *out)
{
    size_t n = t->len;
    if (!t->digit || !t->hangul || n >= TERM_MAX)
        return 0;
    memcpy(out, t->key, n);
    if (n > 3 && memcmp(out + n - 3, "간", 3) == 0 && out[n - 4] & 0x80)
        n -= 3; /* 10초간: a unit of time and 간 */
    if (n > 3 && memcmp(out + n - 3, "회", 3) == 0 && out[n - 4] >= '0' && out[n - 4] <= '9')
        memcpy(out + n - 3, "번", 3);
    return n;
}

/* A bare number of the reference (a value from code: slidingWindowSize(10))
 * said with a counter in the answer: 10번, 10회, 10개 (two syllables at most). */
static int bare_number_counted(const term *t, const term *a)
{
    if (!t->digit || t->hangul || !a->hangul || a->len <= t->len || a->len > t->len + 6)
        return 0;
    for (size_t i = 0; i < t->len; i++)
        if (t->key[i] < '0' || t->key[i] > '9')
            return 0;
    if (memcmp(a->key, t->key, t->len) != 0)
        return 0;
    for (size_t i = t->len; i < a->len; i++)
        if (!((unsigned char)a->key[i] & 0x80))
            return 0; /* 10.5, 10x: another number */
    return 1;
}

/* English "rate" said by a Korean word's -율/-률 (실패율: failure rate). */
static int rate_suffix(const term *t, const term *a)
{
    if (t->hangul || t->len != 4 || memcmp(t->key, "rate", 4) != 0 || !a->hangul || a->digit ||
        a->len < 9)
        return 0;
    const char *end = a->key + a->len - 3;
    return memcmp(end, "율", 3) == 0 || memcmp(end, "률", 3) == 0;
}

static int same_number(const term *t, const term *a)
{
    if (bare_number_counted(t, a))
        return 1;
    char x[TERM_MAX], y[TERM_MAX];
    size_t nx = number_key(t, x), ny = nx ? number_key(a, y) : 0;
    return nx && nx == ny && memcmp(x, y, nx) == 0;
}

static unsigned term_find_form(const term *t, const answer *ans, uint64_t *clauses, int mark)
{
    unsigned got = 0;
    if (!t->len)
        return 0;
    for (size_t i = 0; i < ans->n; i++)
        if ((ans->terms[i].len == t->len && memcmp(ans->terms[i].key, t->key, t->len) == 0) ||
            same_number(t, &ans->terms[i]) || rate_suffix(t, &ans->terms[i]) ||
            (!t->hangul && ans->terms[i].len > t->len && part_of(&ans->terms[i], t)) ||
            (t->hangul && same_root(t, &ans->terms[i])) ||
            (t->slen && ans->terms[i].slen == t->slen &&
             memcmp(ans->terms[i].stem, t->stem, t->slen) == 0) ||
            short_stem(t, &ans->terms[i]) || short_stem(&ans->terms[i], t) ||
            (!t->hangul && compound_of(&ans->terms[i], t)) ||
            (t->n_fam && family_meets(t, &ans->terms[i]))) {
            got |= ans->neg[i] ? 2u : 1u;
            note(clauses, ans, i);
            if (mark)
                ans->used[i] = 1;
        }
    /* a hyphenated term written apart, word by word: first in = first-in */
    if (!got && !t->hangul && memchr(t->key, '-', t->len))
        for (size_t i = 0; i + 1 < ans->n && !got; i++) {
            size_t at = 0, j = i;
            while (j < ans->n && at < t->len && !ans->terms[j].hangul &&
                   at + ans->terms[j].len <= t->len &&
                   memcmp(t->key + at, ans->terms[j].key, ans->terms[j].len) == 0 &&
                   ans->terms[j].len &&
                   (at + ans->terms[j].len == t->len || t->key[at + ans->terms[j].len] == '-')) {
                at += ans->terms[j].len + 1;
                j++;
            }
            if (at == t->len + 1 && j > i + 1)
                for (size_t x = i; x < j; x++) {
                    got |= ans->neg[x] ? 2u : 1u;
                    note(clauses, ans, x);
                    if (mark)
                        ans->used[x] = 1;
                }
        }
    size_t chars = chars_of(t->key, t->len);
    /* spacing: 수평 확장 = 수평확장; compounds: 캐시무효화 holds 무효화 */
    if (t->hangul && !t->digit && chars >= 2) {
        for (const char *p = strstr(ans->hangul, t->key); p; p = strstr(p + 3, t->key)) {
            size_t pos = (size_t)(p - ans->hangul);
            size_t w = word_at(ans, pos);
            if (ans->hoff[w] != pos && pol_prefixed(ans->hangul, pos))
                continue; /* 비동기 does not hold 동기 */
            got |= ans->neg[w] ? 2u : 1u;
            note(clauses, ans, w);
            if (mark)
                ans->used[w] = 1;
        }
    }
    /* an English term written in Hangul (컨슈머 for Consumer) */
    if (!got && !t->hangul && t->ntl)
        for (size_t i = 0; i < ans->n; i++) {
            const term *a = &ans->terms[i];
            if (a->hangul && a->ntl == t->ntl && memcmp(a->tl, t->tl, t->ntl) == 0) {
                got |= ans->neg[i] ? 2u : 1u;
                note(clauses, ans, i);
                if (mark)
                    ans->used[i] = 1;
            }
        }
    if (got)
        return got;
    size_t allow = typo_allowance(chars, t->hangul);
    if (!allow || t->digit || !t->njamo || (!t->hangul && chars < 6))
        return 0;
    for (size_t i = 0; i < ans->n; i++) {
        const term *a = &ans->terms[i];
        if (a->hangul != t->hangul || !a->len || a->digit)
            continue;
        if (edit_distance(t->jamo, t->njamo, a->jamo, a->njamo, allow) <= allow &&
            !pol_are_opposite(t->key, t->len, a->key, a->len)) {
            got |= ans->neg[i] ? 2u : 1u;
            note(clauses, ans, i);
            if (mark)
                ans->used[i] = 1;
        }
    }
    return got;
}

/* term_find_form, else through the thesaurus (thes.c): a spelling of
 * several Latin words needs all of them; Hangul spellings are run together
 * (하프 오픈 = 하프오픈). No typo slack for a synonym. */
static unsigned term_find(const assay_engine *eng, const term *t, const answer *ans,
                          uint64_t *clauses, int mark)
{
    unsigned got = term_find_form(t, ans, clauses, mark);
    if (got || !t->len)
        return got;
    const char *syn[32];
    size_t sl[32];
    size_t ns = thes_others(eng, t->key, t->len, syn, sl, 32);
    char root[TERM_MAX];
    if (t->rlen &&
        t->rlen < sizeof root) { /* a derivation's root: 즉각적 by the synonyms of 즉각 */
        memcpy(root, t->key, t->rlen);
        root[t->rlen] = '\0';
        ns += thes_others(eng, root, t->rlen, syn + ns, sl + ns, 32 - ns);
    }
    for (size_t i = 0; i < ns && !got; i++) {
        char part[TERM_MAX];
        int hangul = has_hangul(syn[i], sl[i]);
        size_t w = 0, parts = 0, found = 0;
        /* a spelling with its negation in it (받지 않 for 거부) */
        int negating = 0, plain = 0;
        for (size_t k = 0, b = 0; k <= sl[i]; k++)
            if (k == sl[i] || syn[i][k] == ' ') {
                if (k > b) {
                    int ng = pol_negates(syn[i] + b, k - b);
                    negating |= ng || pol_glued(syn[i] + b, k - b); /* 끝없 for 무한 */
                    plain |= !ng;
                }
                b = k + 1;
            }
        unsigned pol = 0;
        uint64_t cl[2] = {0, 0};
        for (size_t k = 0; k <= sl[i]; k++) {
            int end = k == sl[i] || syn[i][k] == ' ';
            if (!end) {
                if (w + 1 < sizeof part)
                    part[w++] = syn[i][k];
                continue;
            }
            if (hangul && k < sl[i])
                continue; /* run Hangul words together */
            if (!w)
                continue;
            term o;
            term_set(&o, part, w, NULL);
            o.njamo = 0; /* no typo slack */
            unsigned p = term_find_form(&o, ans, cl, mark);
            parts++;
            found += p != 0;
            pol |= p;
            w = 0;
        }
        if (parts && found == parts) {
            got = negating && plain ? 1u : pol; /* asserted where its words are negated */
            clauses[0] |= cl[0];
            clauses[1] |= cl[1];
        }
    }
    return got;
}

/* How a concept occurs in a text: the share of its best spelling's words
 * found, the polarity bits and clauses of that spelling. */
typedef struct hit {
    double share;
    unsigned pol;
    uint64_t clauses; /* where it was found */
    uint64_t negc;    /* where it was found negated */
} hit;

/* Whether English words t and a are near in meaning without being the same
 * word or synonyms (morph.h's rel: another sense's synonym, a hypernym, a
 * similar adjective), either way round. */
static int rel_meets(const term *t, const term *a)
{
    return hashes_meet(t->rel, t->n_rel, a->fam, a->n_fam) ||
           hashes_meet(a->rel, a->n_rel, t->fam, t->n_fam);
}

/* A half match of English term t: a word of the text near in meaning, not
 * negated (near is no evidence of polarity either way). */
static unsigned term_find_near(const term *t, const answer *ans, uint64_t *clauses, int mark)
{
    unsigned got = 0;
    if (t->hangul || !t->n_fam)
        return 0;
    for (size_t i = 0; i < ans->n; i++)
        if (!ans->terms[i].hangul && !ans->neg[i] && rel_meets(t, &ans->terms[i])) {
            got |= ans->neg[i] ? 2u : 1u;
            note(clauses, ans, i);
            if (mark)
                ans->used[i] = 1;
        }
    return got;
}

static hit unit_find(const ref *r, const unit *u, const answer *ans, int mark)
{
    hit best = {0, 0, 0, 0};
    for (int alt = 0; alt < u->n_alts; alt++) {
        double found = 0;
        hit h = {0, 0, 0, 0};
        uint64_t cl[2] = {0, 0};
        for (size_t t = 0; t < u->alt_n[alt]; t++) {
            const term *rt = &r->terms[u->alt_first[alt] + t];
            unsigned p = term_find(r->eng, rt, ans, cl, mark);
            if (p)
                found += 1;
            else if (term_find_near(rt, ans, cl, mark))
                found += 0.6; /* no evidence of polarity: near is not the same */
            h.pol |= p;
        }
        h.clauses = cl[0];
        h.negc = cl[1];
        h.share = u->alt_n[alt] ? found / (double)u->alt_n[alt] : 0;
        if (h.share > best.share)
            best = h;
    }
    return best;
}

/* Whether a word of the text is a WordNet antonym of English term t. */
static uint64_t antonym_in(const term *t, const answer *ans)
{
    uint64_t c = 0;
    for (size_t i = 0; i < ans->n; i++)
        if (hashes_meet(ans->terms[i].fam, ans->terms[i].n_fam, t->ant, t->n_ant))
            c |= (uint64_t)1 << ans->clause[i];
    return c;
}

/* An opposite as a term: an English one with its stem and WordNet forms,
 * so that the reference's written counts as using write. */
static void opposite_term(const ref *r, const char *w, size_t n, term *o)
{
    morph_word mw;
    mw.slen = 0;
    int latin = n >= 4 && r->morph;
    for (size_t j = 0; latin && j < n; j++)
        latin = w[j] >= 'a' && w[j] <= 'z';
    if (latin)
        morph_get(r->morph, w, n, &mw);
    term_set(o, w, n, latin && mw.slen ? &mw : NULL);
}

/* Whether the reference itself spells o in one of its concepts (an alias
 * included: 읽기 for Query), so that o in an answer turns nothing round. */
static int ref_spells(const ref *r, const term *o)
{
    for (size_t i = 0; i < r->n_terms; i++)
        if (r->terms[i].len == o->len && memcmp(r->terms[i].key, o->key, o->len) == 0)
            return 1;
    return 0;
}

/* Whether the text asserts an opposite of one of the concept's words that
 * the reference itself does not use (the bank's and the domain's pairs,
 * prefix forms, WordNet antonyms). */
static uint64_t opposite_found(const ref *r, const unit *u, const answer *ans, const answer *self,
                               uint64_t *denied)
{
    uint64_t where = 0;
    for (size_t k = 0; k < u->alt_first[u->n_alts - 1] + u->alt_n[u->n_alts - 1] - u->alt_first[0];
         k++) {
        const term *t = &r->terms[u->alt_first[0] + k];
        if (t->n_ant && !antonym_in(t, self))
            where |= antonym_in(t, ans);
        const char *opp[8];
        size_t ol[8];
        char obuf[TERM_MAX + 8];
        size_t no = pol_opposites(t->key, t->len, opp, ol, 8, obuf, sizeof obuf);
        for (size_t i = 0; i < no; i++) {
            if (ol[i] >= TERM_MAX)
                continue;
            term o;
            opposite_term(r, opp[i], ol[i], &o);
            uint64_t c[2] = {0, 0}, sc[2] = {0, 0};
            unsigned p = term_find(r->eng, &o, ans, c, 0);
            if (!p || term_find(r->eng, &o, self, sc, 0) || ref_spells(r, &o))
                continue;
            if (p == 2u) /* only denied: 일치하지 않는다 says 불일치 */
                *denied |= c[0];
            else
                where |= c[0] & ~c[1];
        }
    }
    return where;
}

/* Whether an opposite of concept k, in the answer's clauses where, is said
 * of what k is said of: a clause of it has another concept of k's reference
 * clause (an index is fast to search: not slower writes), or k's clause has
 * no other concept. */
static int opposite_in_context(size_t nu, size_t k, const uint64_t *rc, const uint64_t *ac,
                               const double *share, uint64_t where)
{
    int others = 0;
    for (size_t j = 0; j < nu; j++) {
        if (j == k || !(rc[j] & rc[k]))
            continue;
        others = 1;
        if (share[j] >= 0.5 && (ac[j] & where))
            return 1;
    }
    return !others;
}

/* Whether a text (its concepts' clauses tc, the opposite's clauses cy) has
 * a clause with the opposite and not concept k that shares two of the other
 * concepts of a clause of the reference with k. */
static int opposite_near(const ref *r, size_t k, const uint64_t *rc, const uint64_t *tc,
                         const double *share, uint64_t cy, uint64_t sy)
{
    for (size_t c = 0; c < 64; c++) {
        uint64_t cb = (uint64_t)1 << c;
        if (!(rc[k] & cb) || (sy & cb))
            continue;
        for (size_t d = 0; d < 64; d++) {
            uint64_t db = (uint64_t)1 << d;
            if (!(cy & db) || (tc[k] & db))
                continue;
            size_t shared = 0;
            for (size_t j = 0; j < r->n_units; j++) {
                if (j == k || !(rc[j] & cb) || (share && share[j] < 0.5))
                    continue;
                shared += (tc[j] & db) != 0;
            }
            if (shared >= 2)
                return 1;
        }
    }
    return 0;
}

/* An opposite in the clause that says the same of the same things: the
 * reference's clause with concept k (버킷이 비면 요청 거부) and an answer's
 * clause sharing its other concepts that has an opposite of k (허용) and not
 * k, where the reference itself has no such clause. */
static int opposite_in_clause(const ref *r, size_t k, const uint64_t *rc, const uint64_t *ac,
                              const double *share, const answer *ans, const answer *self)
{
    const unit *u = &r->units[k];
    size_t nt = u->alt_first[u->n_alts - 1] + u->alt_n[u->n_alts - 1] - u->alt_first[0];
    for (size_t t = 0; t < nt; t++) {
        const term *x = &r->terms[u->alt_first[0] + t];
        const char *opp[8];
        size_t ol[8];
        char obuf[TERM_MAX + 8];
        size_t no = pol_opposites(x->key, x->len, opp, ol, 8, obuf, sizeof obuf);
        for (size_t i = 0; i < no; i++) {
            if (ol[i] >= TERM_MAX)
                continue;
            term o;
            opposite_term(r, opp[i], ol[i], &o);
            uint64_t cy[2] = {0, 0}, sy[2] = {0, 0};
            if (!(term_find_form(&o, ans, cy, 0) & 1u))
                continue; /* absent, or only denied (not 허용 is no opposite of 거부) */
            cy[0] &= ~cy[1];
            if (term_find_form(&o, self, sy, 0))
                continue; /* the reference uses it itself (a task is written, easier to read) */
            uint64_t sy2[2] = {0, 0};
            if (term_find(r->eng, &o, self, sy2, 0) || ref_spells(r, &o))
                continue; /* or another spelling of it (Query for 조회: both sides of CQRS) */
            if (opposite_near(r, k, rc, ac, share, cy[0], sy[0]))
                return 1;
        }
    }
    return 0;
}

/* The initials of unit u's first spelling (l, i of last-in) into out at
 * *n; 0 when a word of it is not Latin. */
static int initials(const ref *r, const unit *u, char *out, size_t *n, size_t cap)
{
    for (size_t t = 0; t < u->alt_n[0]; t++) {
        const term *x = &r->terms[u->alt_first[0] + t];
        if (x->hangul || x->digit || !x->len)
            return 0;
        for (size_t i = 0; i < x->len; i++)
            if (i == 0 || x->key[i - 1] == '-' || x->key[i - 1] == ' ') {
                if (*n == cap || x->key[i] < 'a' || x->key[i] > 'z')
                    return 0;
                out[(*n)++] = x->key[i];
            }
    }
    return 1;
}

/* An acronym in the answer for concepts that follow each other in the
 * reference: LIFO for last-in first-out, CQRS for Command Query
 * Responsibility Segregation. Three letters or more, from two concepts or
 * more (or one hyphenated); the concepts count as found where it is. */
static void acronyms(const ref *r, const answer *ans, double *share, uint64_t *ac)
{
    for (size_t i = 0; i < ans->n; i++) {
        const term *a = &ans->terms[i];
        if (a->hangul || a->digit || a->len < 3 || a->len > 8 || ans->used[i])
            continue;
        for (size_t k = 0; k < r->n_units; k++) {
            char ini[8];
            size_t n = 0, j = k;
            while (j < r->n_units && n < a->len && initials(r, &r->units[j], ini, &n, sizeof ini))
                j++;
            if (n < a->len || memcmp(ini, a->key, a->len) != 0 || j == k)
                continue;
            /* units k..j-1 spell it exactly (the last one may give more letters) */
            size_t m = 0, last = k;
            for (size_t x = k; x < j && m < a->len; x++) {
                initials(r, &r->units[x], ini, &m, sizeof ini);
                last = x;
            }
            if (m != a->len || (last == k && !memchr(r->terms[r->units[k].alt_first[0]].key, '-',
                                                     r->terms[r->units[k].alt_first[0]].len)))
                continue;
            for (size_t x = k; x <= last; x++)
                if (share[x] < 1 && !ans->neg[i]) {
                    share[x] = 1;
                    ac[x] |= (uint64_t)1 << ans->clause[i];
                }
            break;
        }
    }
}

static int same_word(const term *a, const term *b)
{
    if (!a->len || !b->len)
        return 0;
    if (a->len == b->len && memcmp(a->key, b->key, a->len) == 0)
        return 1;
    return a->slen && a->slen == b->slen && memcmp(a->stem, b->stem, a->slen) == 0;
}

static int content_word(const term *t)
{
    return t->len && !tok_is_stopword(t->key, t->len) && !(!t->hangul && en_debris(t->key, t->len));
}

/* Whether text has word w with word x within four words of it, in one clause. */
static int near_in(const answer *text, const term *w, const term *x)
{
    for (size_t q = 0; q < text->n; q++) {
        if (!same_word(w, &text->terms[q]))
            continue;
        size_t lo = q > 4 ? q - 4 : 0, hi = q + 4 < text->n ? q + 4 : text->n - 1;
        for (size_t d = lo; d <= hi; d++)
            if (d != q && text->clause[d] == text->clause[q] && same_word(x, &text->terms[d]))
                return 1;
    }
    return 0;
}

/* An opposite where the reference has the concept, next to the same word:
 * "pushed onto the bottom" for "pushed onto the top", "writes faster" for
 * "slower writes" (the answer keeps a word the concept is said of and puts
 * the opposite beside it), even where the answer has the concept elsewhere.
 * The neighbour is the next content word either side in the answer's clause
 * (three words at most); the concept must be within four words of it in a
 * clause of the reference. */
static int opposite_aligned(const ref *r, size_t k, const answer *ans, const answer *self)
{
    const unit *u = &r->units[k];
    for (size_t t = 0; t < u->alt_n[0]; t++) {
        const term *x = &r->terms[u->alt_first[0] + t];
        const char *opp[8];
        size_t ol[8];
        char obuf[TERM_MAX + 8];
        size_t no = pol_opposites(x->key, x->len, opp, ol, 8, obuf, sizeof obuf);
        for (size_t o = 0; o < no; o++) {
            if (ol[o] >= TERM_MAX)
                continue;
            term ot;
            opposite_term(r, opp[o], ol[o], &ot);
            int in_self = 0;
            for (size_t q = 0; q < self->n && !in_self; q++)
                in_self = same_word(&ot, &self->terms[q]);
            uint64_t sc[2] = {0, 0};
            if (in_self || term_find(r->eng, &ot, self, sc, 0) || ref_spells(r, &ot))
                continue;
            for (size_t i = 0; i < ans->n; i++) {
                if (!same_word(&ot, &ans->terms[i]) || ans->neg[i])
                    continue;
                /* the content words next to it, before and after, in its clause */
                for (int dir = -1; dir <= 1; dir += 2) {
                    size_t p = i, steps = 0;
                    const term *nb = NULL;
                    while (steps < 3) {
                        if ((dir < 0 && p == 0) || (dir > 0 && p + 1 >= ans->n))
                            break;
                        p = dir < 0 ? p - 1 : p + 1;
                        steps++;
                        if (ans->clause[p] != ans->clause[i])
                            break;
                        if (content_word(&ans->terms[p])) {
                            nb = &ans->terms[p];
                            break;
                        }
                    }
                    if (nb && near_in(self, nb, x))
                        return 1;
                }
            }
        }
    }
    return 0;
}

/* A reference that asserts concept k in one clause and negates it in
 * another (TCP guarantees delivery; UDP does not guarantee delivery):
 * polarity compared clause by clause. An answer's clause that is most like
 * (two other concepts or more) a reference clause with k turned round, more
 * than like any with k as the answer has it, turns that claim round (UDP
 * also guarantees delivery). */
static int polarity_flipped_in_clause(size_t nu, size_t k, const uint64_t *rc, const uint64_t *rneg,
                                      const uint64_t *ac, const uint64_t *aneg, const double *share)
{
    for (unsigned d = 0; d < 64; d++) {
        if (!((ac[k] >> d) & 1))
            continue;
        unsigned an = (unsigned)((aneg[k] >> d) & 1);
        /* the reference clauses most like answer clause d, with k as the
         * answer has it and with k turned round */
        size_t same = 0, other = 0;
        for (unsigned c = 0; c < 64; c++) {
            if (!((rc[k] >> c) & 1))
                continue;
            size_t shared = 0;
            for (size_t j = 0; j < nu; j++)
                shared += j != k && share[j] >= 0.5 && ((rc[j] >> c) & 1) && ((ac[j] >> d) & 1);
            size_t *best = (unsigned)((rneg[k] >> c) & 1) == an ? &same : &other;
            if (shared > *best)
                *best = shared;
        }
        if (other >= 2 && other > same)
            return 1;
    }
    return 0;
}

/* Roles swapped between two clauses of the reference: concepts a, x only in
 * clause i, b, y only in clause j; the answer puts a with y and b with x and
 * never a with x. Marks x and y (and a, b) in bad. */
static void find_swaps(size_t nu, const uint64_t *rc, const uint64_t *ac, const double *share,
                       uint8_t *bad)
{
    for (size_t a = 0; a < nu; a++)
        for (size_t x = 0; x < nu; x++) {
            if (a == x || !(rc[a] & rc[x]) || share[a] < 0.5 || share[x] < 0.5)
                continue;
            uint64_t ci = rc[a] & rc[x];
            if (ac[a] & ac[x])
                continue; /* the answer keeps a with x */
            for (size_t b = 0; b < nu; b++) {
                if (b == a || b == x || share[b] < 0.5 || (rc[b] & ci))
                    continue;
                for (size_t y = 0; y < nu; y++) {
                    if (y == a || y == x || y == b || share[y] < 0.5 || (rc[y] & ci) ||
                        !(rc[b] & rc[y]) || (ac[b] & ac[y]))
                        continue;
                    if ((ac[a] & ac[y]) && (ac[b] & ac[x])) {
                        bad[a] = bad[x] = bad[b] = bad[y] = 1;
                    }
                }
            }
        }
}

/* Nothing to extract (큐, O(n)): the whole answer against the whole reference. */
static int grade_whole(const char *reference, const char *answer_text, grade *g)
{
    const char *forms[1] = {reference};
    if (cloze_match(NULL, forms, 1, answer_text, g) != 0)
        return -1;
    g->pub.matched = NULL;
    g->pub.exact_only = 1;
    g->pub.confidence = 0.6;
    g->pub.needs_review = 0;
    const char **lab = arena_alloc(&g->mem, sizeof *lab);
    if (!lab)
        return -1;
    lab[0] = arena_strdup(&g->mem, reference);
    if (!lab[0])
        return -1;
    if (g->pub.score > 0) {
        g->pub.covered = lab;
        g->pub.n_covered = 1;
        g->pub.missed = lab + 1;
    } else {
        g->pub.missed = lab;
        g->pub.n_missed = 1;
        g->pub.covered = lab + 1;
    }
    g->pub.correct = g->pub.score >= 0.7;
    g->pub.reference = arena_strdup(&g->mem, reference);
    return g->pub.reference ? 0 : -1;
}

static int grade_units(const assay_engine *e, const char *reference, const char *answer_text,
                       grade *g, ref *rp, answer *ansp, answer *selfp);

int grade_free_text(const assay_engine *e, const char *reference, const char *answer_text, grade *g)
{
    return grade_free_text_q(e, NULL, reference, answer_text, g);
}

int grade_free_text_q(const assay_engine *e, const char *question, const char *reference,
                      const char *answer_text, grade *g)
{
    ref r = {0};
    answer ans = {0}, self = {0};
    if (!answer_text)
        answer_text = "";
    r.morph = e->morph;
    r.question = question;
    r.eng = e;
    return grade_units(e, reference, answer_text, g, &r, &ans, &self);
}

static int grade_units(const assay_engine *e, const char *reference, const char *answer_text,
                       grade *g, ref *rp, answer *ansp, answer *selfp)
{
    ref r = *rp;
    uint8_t *cls = NULL;
    groups gr;
    const char *ct = concept_text(&g->mem, reference, &cls, &gr);
    if (!ct || build_ref(e, &g->mem, ct, cls, &gr, &r) != 0)
        return -1;
    if (r.n_units == 0)
        return grade_whole(reference, answer_text, g);
    answer ans = *ansp, self = *selfp;
    /* an answer that holds code is read as the reference's code is */
    uint8_t *acls = NULL;
    const char *at = concept_text(&g->mem, answer_text, &acls, NULL);
    if (!at || build_answer(&g->mem, at, &ans, r.morph) != 0 ||
        build_answer(&g->mem, ct, &self, r.morph) != 0)
        return -1;
    if (r.question && *r.question) {
        /* question demoting: what the question names, the answer need not repeat */
        answer q = {0};
        if (build_answer(&g->mem, r.question, &q, r.morph) != 0)
            return -1;
        for (size_t k = 0; k < r.n_units; k++)
            if (unit_find(&r, &r.units[k], &q, 0).share >= 0.5)
                r.units[k].weight *= 0.1;
    }
    size_t nu = r.n_units;
    const char **covered = arena_alloc(&g->mem, (nu + 1) * sizeof *covered);
    const char **missed = arena_alloc(&g->mem, (nu + 1) * sizeof *missed);
    const char **contra = arena_alloc(&g->mem, (nu + 1) * sizeof *contra);
    uint64_t *rc = arena_alloc(&g->mem, (nu + 1) * sizeof *rc);
    uint64_t *ac = arena_alloc(&g->mem, (nu + 1) * sizeof *ac);
    double *share = arena_alloc(&g->mem, (nu + 1) * sizeof *share);
    uint8_t *bad = arena_alloc(&g->mem, nu + 1);
    uint64_t *rneg = arena_alloc(&g->mem, (nu + 1) * sizeof *rneg);
    uint64_t *aneg = arena_alloc(&g->mem, (nu + 1) * sizeof *aneg);
    uint8_t *rmixed = arena_alloc(&g->mem, nu + 1);
    if (!covered || !missed || !contra || !rc || !ac || !share || !bad || !rneg || !aneg || !rmixed)
        return -1;
    memset(bad, 0, nu + 1);
    size_t mixed = 0;
    for (size_t k = 0; k < nu; k++) {
        const unit *u = &r.units[k];
        hit hs = unit_find(&r, u, &self, 0), ha = unit_find(&r, u, &ans, 1);
        rc[k] = hs.clauses;
        ac[k] = ha.clauses;
        rneg[k] = hs.negc;
        aneg[k] = ha.negc;
        rmixed[k] = hs.pol == 3;
        share[k] = ha.share;
        /* polarity: asserted where the reference negates it, or the reverse */
        if (ha.share >= 0.5 && (hs.pol == 1 || hs.pol == 2) && ha.pol == (hs.pol ^ 3u))
            bad[k] = 1;
        else if (ha.share >= 0.5 && ha.pol == 3 && hs.pol != 3)
            mixed++;
    }
    /* a word said negated where the reference spells its negative form as a
     * concept of its own ("필요하지 않은" for 비필수, beside 필수): that
     * concept covered, no claim turned round */
    for (size_t k = 0; k < nu; k++) {
        if (share[k] < 0.5 || !aneg[k] || (ac[k] & ~aneg[k]) || !r.units[k].label)
            continue;
        const char *lk = r.units[k].label;
        for (size_t j = 0; j < nu; j++) {
            const char *lj = r.units[j].label;
            if (j == k || !lj || strlen(lj) != strlen(lk) + 3 || strcmp(lj + 3, lk) != 0 ||
                !(memcmp(lj, "비", 3) == 0 || memcmp(lj, "불", 3) == 0 ||
                  memcmp(lj, "무", 3) == 0 || memcmp(lj, "미", 3) == 0))
                continue;
            if (share[j] < share[k]) {
                share[j] = share[k];
                ac[j] = aneg[k];
            }
            share[k] = 0;
            ac[k] = aneg[k] = 0;
            bad[k] = 0;
            break;
        }
    }
    /* an opposite asserted instead, of the same thing: 미만 for 초과, 비효율적 for 효율적;
     * an opposite denied says the concept (일치하지 않는다 for 불일치) */
    for (size_t k = 0; k < nu; k++)
        if (!bad[k] && share[k] < 0.5) {
            uint64_t denied = 0;
            uint64_t where = opposite_found(&r, &r.units[k], &ans, &self, &denied);
            bad[k] = where && opposite_in_context(nu, k, rc, ac, share, where);
            if (!bad[k] && !where && denied && opposite_in_context(nu, k, rc, ac, share, denied)) {
                share[k] = 0.75;
                ac[k] |= denied;
            }
        }
    acronyms(&r, &ans, share, ac);
    find_swaps(nu, rc, ac, share, bad);
    for (size_t k = 0; k < nu; k++)
        if (!bad[k] && rmixed[k] && share[k] >= 0.5)
            bad[k] = (uint8_t)polarity_flipped_in_clause(nu, k, rc, rneg, ac, aneg, share);
    for (size_t k = 0; k < nu; k++)
        if (!bad[k])
            bad[k] = (uint8_t)(opposite_in_clause(&r, k, rc, ac, share, &ans, &self) ||
                               opposite_aligned(&r, k, &ans, &self));
    /* words of code and headings make no claim that an answer could turn
     * round ("주문은 성공" does not deny failureRateThreshold): no verdict */
    for (size_t k = 0; k < nu; k++)
        if (r.units[k].part >= PART_CODE)
            bad[k] = 0;
    double got = 0, total = 0, lost = 0;
    size_t nc = 0, nm = 0, nx = 0;
    for (size_t k = 0; k < nu; k++) {
        const unit *u = &r.units[k];
        total += u->weight;
        if (bad[k]) {
            lost += u->weight;
            contra[nx++] = u->label;
            missed[nm++] = u->label;
            continue;
        }
        got += u->weight * share[k];
        if (share[k] >= 0.5)
            covered[nc++] = u->label;
        else
            missed[nm++] = u->label;
    }
    double recall = total > 0 ? got / total : 0;
    /* a claim turned round counts against the answer, twice its weight */
    double s = total > 0 ? (got - 2 * lost) / total : 0;
    if (s < 0)
        s = 0;
    size_t used = 0;
    for (size_t i = 0; i < ans.n; i++)
        used += ans.used[i];

    /* and one turned round makes the answer wrong, whatever else it covers */
    if (nx)
        s *= 0.35;
    /* a bare list of keywords, where the reference says something of them */
    int list = ans.n_clauses >= 2 && ans.per_clause <= 2.0 && self.per_clause > 2.5;
    if (list)
        s *= 0.5;
    /* padding: words beyond what the reference needs, unrelated to it */
    size_t allowed = 2 * nu + 4 + used;
    if (ans.content > allowed)
        s *= (double)allowed / (double)ans.content;
    g->pub.score = s;
    g->pub.correct = s >= 0.7;
    g->pub.covered = covered;
    g->pub.n_covered = nc;
    g->pub.missed = missed;
    g->pub.n_missed = nm;
    g->pub.contradicted = contra;
    g->pub.n_contradicted = nx;
    /* confidence: lowered by mixed polarity, a claim turned round beside much
     * that is right, a long answer with little overlap, a score near the line */
    double conf = 1;
    if (mixed)
        conf -= 0.5;
    if (nx && recall >= 0.4)
        conf -= 0.3;
    if (ans.content >= 8 && ans.content >= nu && s < 0.5 && recall < 0.5)
        conf -= 0.5;
    if (s > 0.4 && s < 0.7)
        conf -= 0.2;
    if (conf < 0)
        conf = 0;
    g->pub.confidence = conf;
    g->pub.needs_review = conf < 0.6;
    g->pub.reference = arena_strdup(&g->mem, reference);
    return g->pub.reference ? 0 : -1;
}
