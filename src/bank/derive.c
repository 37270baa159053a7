/*
 * bank/derive — items grown from a document's own text at import (issue 9,
 * point 12): definitions in the concept texts ("X는 …이다."), the level
 * blocks' sub-topic bullets ("which of these belongs to topic X") and steps
 * the text gives in order (a numbered list in a concept text, a chain
 * "A → B → C" in a concept text or an answer). Each becomes a kb_item of a
 * derived kind with the source line of its sentence, bullet or answer and a
 * detail JSON (docs/json.md, "derived"); import stores and versions them like
 * any item. Nothing is invented: a sentence that does not read as a
 * definition, a bullet without a term of its own, a chain of fewer than three
 * steps gives nothing. The rules are in docs/internals/kb.md.
 */
#include "bank/derive.h"

#include "core/buf.h"
#include "core/u8.h"
#include "kb/json.h"
#include "text/hangul.h"
#include "text/tok.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TERM_BYTES  64 /* a defined term longer than this is a phrase, not a term */
#define MAX_DEF_COLS    72 /* a definition wider than an option would be cut: left out */
#define MIN_DEF_WORDS   2  /* "…의 아키텍처" at least */
#define MAX_STEP_COLS   40 /* one step of an order */
#define MAX_STEPS       6  /* more steps than this make options nobody can read */
#define MIN_STEPS       3  /* two steps have one wrong order: a true/false, not a choice */
#define MAX_BULLET_COLS 60 /* a sub-topic bullet as an option */
#define MAX_WORDS       64

typedef struct dctx {
    const kb_doc *d;
    arena *a;
    kb_item *out;
    size_t n, cap;
    int oom;
    int english; /* the document is written in English: English stems */
    /* per topic: folded content-word keys of its whole text, sorted, for
     * telling a bullet's own terms from the vocabulary every topic shares */
    char ***vocab;
    size_t *n_vocab;
    /* every key of those vocabularies once, sorted, with the number of
     * topics using it: topics_using is one search, not one per topic */
    char **use_key;
    size_t *use_n;
    size_t n_use;
    /* asked_already's view of the items: their indexes grouped by topic
     * (topic t's at by_topic[topic_at[t] .. topic_at[t + 1])) and, made at
     * the first definition of a topic, their folded questions without
     * spaces (NULL for a scenario or a question that does not fold) */
    size_t *by_topic, *topic_at;
    char **asked_q;
    unsigned char *asked_ready;
} dctx;

/* A second context's vocabulary without the bullets (build_vocab with
 * bullets = 0): where a bullet's word must also appear to be a term the
 * topic discusses. */

static void push(dctx *c, kb_kind kind, size_t topic, long block, int level, const char *q,
                 const char *ans, const char *id_text, json_t *detail, long line)
{
    if (!q || !ans || !id_text || !detail) {
        json_decref(detail);
        c->oom = 1;
        return;
    }
    char *js = kb_json_dump(detail);
    const char *dj = js ? arena_strdup(c->a, js) : NULL;
    free(js);
    if (!dj) {
        c->oom = 1;
        return;
    }
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 64;
        kb_item *p = realloc(c->out, ncap * sizeof *p);
        if (!p) {
            c->oom = 1;
            return;
        }
        c->out = p;
        c->cap = ncap;
    }
    c->out[c->n++] = (kb_item){.kind = kind,
                               .topic = topic,
                               .block = block,
                               .level = level,
                               .question = q,
                               .answer = ans,
                               .scenario = NULL,
                               .detail = dj,
                               .id_text = id_text,
                               .line = line};
}

/* ---- small text helpers --------------------------------------------------- */

static int32_t last_cp(const char *s, size_t n)
{
    /* the last code point of s[0..n) */
    size_t k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    if (k == 0)
        return 0;
    k--;
    int32_t cp = 0;
    if (u8_decode(s + k, n - k, &cp) == 0)
        return 0;
    return cp;
}

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(s + n - m, suf, m) == 0;
}

static size_t trim_len(const char *s, size_t n, size_t *start)
{
    size_t a = 0, z = n;
    while (a < z && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t'))
        z--;
    *start = a;
    return z - a;
}

static int has_code_or_markup(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '`' || s[i] == '|' || s[i] == '[' || s[i] == '<' || s[i] == '*')
            return 1;
    return 0;
}

static int balanced(const char *s, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && --depth < 0)
            return 0;
    }
    return depth == 0;
}

/* Folded content-word keys of s (stems without particles, ASCII lowered). */
static size_t word_keys(const char *s, char keys[][MAX_TERM_BYTES], size_t cap)
{
    tok t[MAX_WORDS];
    size_t n = strlen(s), nt = tok_split(s, n, t, MAX_WORDS), k = 0;
    if (nt > MAX_WORDS)
        nt = MAX_WORDS;
    for (size_t i = 0; i < nt && k < cap; i++) {
        if (t[i].kind == TK_NUMBER || t[i].stem_len >= MAX_TERM_BYTES || t[i].stem_len < 2)
            continue;
        if (tok_is_stopword(s + t[i].off, t[i].stem_len))
            continue;
        if (t[i].kind == TK_HANGUL && t[i].stem_len < 6) /* one syllable says nothing */
            continue;
        size_t kl = tok_key(s + t[i].off, t[i].stem_len, keys[k]);
        keys[k][kl] = '\0';
        k++;
    }
    return k;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int in_vocab(const dctx *c, size_t topic, const char *key)
{
    const char *k = key;
    return c->n_vocab[topic] &&
           bsearch(&k, c->vocab[topic], c->n_vocab[topic], sizeof(char *), cmp_str) != NULL;
}

static size_t topics_using(const dctx *c, const char *key)
{
    const char *k = key;
    char **hit = c->n_use ? bsearch(&k, c->use_key, c->n_use, sizeof(char *), cmp_str) : NULL;
    return hit ? c->use_n[hit - c->use_key] : 0;
}

/* use_key and use_n from the topics' vocabularies (each already distinct):
 * a key's run in their sorted union is the number of topics using it. */
static int build_use(dctx *c)
{
    size_t total = 0;
    for (size_t t = 0; t < c->d->n_topics; t++)
        total += c->n_vocab[t];
    c->use_key = malloc((total + 1) * sizeof *c->use_key);
    c->use_n = malloc((total + 1) * sizeof *c->use_n);
    if (!c->use_key || !c->use_n)
        return -1;
    size_t m = 0;
    for (size_t t = 0; t < c->d->n_topics; t++)
        for (size_t k = 0; k < c->n_vocab[t]; k++)
            c->use_key[m++] = c->vocab[t][k];
    if (m > 1)
        qsort(c->use_key, m, sizeof(char *), cmp_str);
    size_t w = 0;
    for (size_t k = 0; k < m; k++) {
        if (w > 0 && strcmp(c->use_key[w - 1], c->use_key[k]) == 0) {
            c->use_n[w - 1]++;
            continue;
        }
        c->use_key[w] = c->use_key[k];
        c->use_n[w++] = 1;
    }
    c->n_use = w;
    return 0;
}

static int vocab_add_text(dctx *c, size_t t, const char *s, size_t *cap)
{
    char keys[MAX_WORDS][MAX_TERM_BYTES];
    size_t nk = word_keys(s, keys, MAX_WORDS);
    for (size_t i = 0; i < nk; i++) {
        if (c->n_vocab[t] == *cap) {
            size_t ncap = *cap ? *cap * 2 : 64;
            char **p = realloc(c->vocab[t], ncap * sizeof *p);
            if (!p)
                return -1;
            c->vocab[t] = p;
            *cap = ncap;
        }
        char *k = arena_strdup(c->a, keys[i]);
        if (!k)
            return -1;
        c->vocab[t][c->n_vocab[t]++] = k;
    }
    return 0;
}

/* Each topic's vocabulary: title, concept, sub-topics, questions, answers.
 * Long answers are read in pieces of lines (word_keys reads 64 words). */
static int build_vocab(dctx *c, int bullets)
{
    const kb_doc *d = c->d;
    c->vocab = calloc(d->n_topics + 1, sizeof *c->vocab);
    c->n_vocab = calloc(d->n_topics + 1, sizeof *c->n_vocab);
    size_t *cap = calloc(d->n_topics + 1, sizeof *cap);
    if (!c->vocab || !c->n_vocab || !cap) {
        free(cap);
        return -1;
    }
    int rc = 0;
    for (size_t t = 0; rc == 0 && t < d->n_topics; t++) {
        rc |= vocab_add_text(c, t, d->topics[t].title, &cap[t]);
        for (size_t k = 0; rc == 0 && k < d->topics[t].n_concept_src; k++)
            rc |= vocab_add_text(c, t, d->topics[t].concept_src[k].text, &cap[t]);
    }
    for (size_t b = 0; bullets && rc == 0 && b < d->n_blocks; b++)
        for (size_t k = 0; rc == 0 && k < d->blocks[b].subtopics.n; k++)
            rc |= vocab_add_text(c, d->blocks[b].topic, d->blocks[b].subtopics.v[k],
                                 &cap[d->blocks[b].topic]);
    for (size_t i = 0; rc == 0 && i < d->n_items; i++) {
        const kb_item *it = &d->items[i];
        rc |= vocab_add_text(c, it->topic, it->question, &cap[it->topic]);
        const char *p = it->answer;
        while (rc == 0 && p && *p) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            char *line = arena_strndup(c->a, p, len);
            rc |= !line || vocab_add_text(c, it->topic, line, &cap[it->topic]);
            p = nl ? nl + 1 : p + len;
        }
    }
    for (size_t t = 0; rc == 0 && t < d->n_topics; t++) {
        if (c->n_vocab[t] > 1)
            qsort(c->vocab[t], c->n_vocab[t], sizeof(char *), cmp_str);
        size_t w = 0; /* distinct */
        for (size_t k = 0; k < c->n_vocab[t]; k++)
            if (w == 0 || strcmp(c->vocab[t][w - 1], c->vocab[t][k]) != 0)
                c->vocab[t][w++] = c->vocab[t][k];
        c->n_vocab[t] = w;
    }
    free(cap);
    return rc ? -1 : 0;
}

/* ---- definitions ------------------------------------------------------------ */

/* Words that end like a topic particle but modify or refer rather than name
 * (하는, 같은, 이는): never the subject of a definition. */
static int not_a_subject(const char *w, size_t n)
{
    static const char *const bad[] = {
        "하는",   "되는",   "있는", "없는", "같은",   "많은",     "높은",
        "낮은",   "작은",   "좋은", "이는", "그는",   "이것은",   "그것은",
        "이들은", "이러한", "또는", "혹은", "경우는", "것은",     "점은",
        "때는",   "수는",   "데는", "다른", "모든",   "대부분은", "일부는",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (ends_with(w, n, bad[i]))
            return 1;
    return 0;
}

/* A subject that points rather than names: "다음", "아래 보기", "위의 표" (a
 * stem "다음은 … 코드이다" says what follows, it defines nothing). */
static int deixis(const char *s, size_t n)
{
    static const char *const at[] = {"다음", "아래", "위", "이하", "보기", "상기"};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        size_t k = strlen(at[i]);
        if (n >= k && memcmp(s, at[i], k) == 0 &&
            (n == k || s[k] == ' ' || (n - k >= 3 && memcmp(s + k, "의", 3) == 0)))
            return 1;
    }
    return 0;
}

/* A predicate ending like a copula ("아키텍처다", "패턴이다", "…를 말한다"):
 * sets *def_len to the definition without it; 0 when it reads as a verb or
 * an adjective ("유용하다", "결합된다", "빠르다"). */
static int copula(const char *p, size_t n, size_t *def_len)
{
    static const char *const says[] = {"을 말한다", "를 말한다", "을 의미한다", "를 의미한다",
                                       "을 뜻한다", "를 뜻한다", "을 가리킨다", "를 가리킨다"};
    for (size_t i = 0; i < sizeof says / sizeof says[0]; i++)
        if (ends_with(p, n, says[i])) {
            *def_len = n - strlen(says[i]);
            return 1;
        }
    if (ends_with(p, n, "이다")) {
        *def_len = n - strlen("이다");
        return 1;
    }
    if (!ends_with(p, n, "다"))
        return 0;
    size_t m = n - strlen("다");
    int32_t cp = last_cp(p, m);
    /* a noun before a bare 다 ends in a vowel (처다, 스다); a verb or adjective
     * form before it is 한/된/있/없 (a final consonant) or one of these */
    if (!hg_is_syllable(cp) || hg_has_final(cp))
        return 0;
    static const char *const verbs[] = {"하", "되", "르", "리", "크", "쓰", "가", "오", "주", "보",
                                        "내", "지", "어", "아", "기", "치", "우", "추", "이"};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (ends_with(p, m, verbs[i]))
            return 0;
    *def_len = m;
    return 1;
}

/* Whether a term is read with a final consonant (이란, not 란): Hangul by its
 * last syllable; a Latin word by its last letters as commonly read
 * (Limiting, Stream, Kafka: 팅, 림 — 카); an acronym by its last letter's name
 * (L, M, N, R: 엘, 엠, 엔, 알). */
static int final_consonant(const char *t, size_t n)
{
    int32_t cp = last_cp(t, n);
    if (hg_is_syllable(cp))
        return hg_has_final(cp);
    if (n == 0 || !((t[n - 1] >= 'a' && t[n - 1] <= 'z') || (t[n - 1] >= 'A' && t[n - 1] <= 'Z')))
        return 0;
    size_t w = n;
    while (w > 0 && t[w - 1] != ' ')
        w--;
    int caps = 1;
    for (size_t i = w; i < n; i++)
        caps &= !(t[i] >= 'a' && t[i] <= 'z');
    char last = t[n - 1];
    if (caps)
        return last == 'L' || last == 'M' || last == 'N' || last == 'R';
    return last == 'g' || last == 'm' || last == 'n' || last == 'l' || last == 'k' || last == 't' ||
           last == 'p' || last == 'b' || last == 'd';
}

/* The term's spoken forms: "API(Application Programming Interface)" → the
 * answer "API" with "Application Programming Interface" also accepted. */
static void split_term(const char *t, size_t n, size_t *head, const char **alt, size_t *alt_n)
{
    const char *open = memchr(t, '(', n);
    *alt = NULL;
    *alt_n = 0;
    *head = n;
    if (open && t[n - 1] == ')' && open > t) {
        *head = (size_t)(open - t);
        while (*head > 0 && t[*head - 1] == ' ')
            (*head)--;
        *alt = open + 1;
        *alt_n = (size_t)(t + n - 1 - (open + 1));
    }
}

/* The first two syllables of a Hangul word without their final consonants
 * (캐싱 → 캐시, 서버리스 → 서버); 0 when the word does not start with two. */
static int syllable_key(const char *w, size_t n, int32_t key[2])
{
    size_t at = 0;
    for (int k = 0; k < 2; k++) {
        int32_t cp = 0;
        size_t l = at < n ? u8_decode(w + at, n - at, &cp) : 0;
        if (l == 0 || !hg_is_syllable(cp))
            return 0;
        key[k] = (cp - 0xAC00) / 28;
        at += l;
    }
    return 1;
}

/* Whether a Hangul word of the term (not one every topic uses: 아키텍처,
 * 시스템, 패턴) starts a word of the definition too, final consonants aside. */
static int echoes_term(const char *term, size_t n, const char *def)
{
    static const char *const common[] = {"아키텍처", "시스템", "패턴", "모델", "방법", "구조"};
    size_t ws = 0;
    while (ws < n) {
        size_t we = ws;
        while (we < n && term[we] != ' ' && term[we] != '(')
            we++;
        int32_t tk[2];
        int skip = 0;
        for (size_t c = 0; c < sizeof common / sizeof common[0]; c++)
            skip |= we - ws == strlen(common[c]) && memcmp(term + ws, common[c], we - ws) == 0;
        if (!skip && syllable_key(term + ws, we - ws, tk)) {
            const char *p = def;
            while (*p) {
                while (*p == ' ')
                    p++;
                const char *q = p;
                while (*q && *q != ' ')
                    q++;
                int32_t dk[2];
                if (syllable_key(p, (size_t)(q - p), dk) && dk[0] == tk[0] && dk[1] == tk[1])
                    return 1;
                p = q;
            }
        }
        ws = we + 1;
    }
    return 0;
}

static int spells_acronym(const char *term, size_t n, const char *def)
{
    if (n < 2 || n > 8)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(term[i] >= 'A' && term[i] <= 'Z'))
            return 0;
    int hits = 0;
    for (const char *p = def; *p; p++) {
        int start =
            (p == def || !((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z')));
        if (start && *p >= 'A' && *p <= 'Z' && memchr(term, *p, n))
            hits++;
    }
    return hits >= 2;
}

static int contains_ci(const char *hay, const char *needle, size_t n)
{
    if (n == 0)
        return 0;
    size_t hl;
    char *h = u8_fold(hay, strlen(hay), &hl);
    size_t nl;
    char *w = u8_fold(needle, n, &nl);
    int hit = h && w && nl && strstr(h, w) != NULL;
    free(h);
    free(w);
    return hit;
}

/* s folded (u8_fold) without its spaces, malloc'd; NULL when it does not fold. */
static char *fold_nospace(const char *s, size_t n, size_t *len)
{
    size_t fl;
    char *f = u8_fold(s, n, &fl);
    if (!f)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < fl; i++)
        if (f[i] != ' ')
            f[w++] = f[i];
    f[w] = '\0';
    *len = w;
    return f;
}

/* by_topic and topic_at: the items' indexes grouped by topic, in document
 * order within each (a counting sort); -1 when out of memory. */
static int group_items(dctx *c)
{
    const kb_doc *d = c->d;
    c->topic_at = calloc(d->n_topics + 2, sizeof *c->topic_at);
    c->by_topic = malloc((d->n_items + 1) * sizeof *c->by_topic);
    c->asked_q = calloc(d->n_items + 1, sizeof *c->asked_q);
    c->asked_ready = calloc(d->n_topics + 1, 1);
    if (!c->topic_at || !c->by_topic || !c->asked_q || !c->asked_ready)
        return -1;
    for (size_t i = 0; i < d->n_items; i++)
        c->topic_at[d->items[i].topic + 1]++;
    for (size_t t = 0; t < d->n_topics; t++)
        c->topic_at[t + 1] += c->topic_at[t];
    size_t *next = malloc((d->n_topics + 1) * sizeof *next);
    if (!next)
        return -1;
    memcpy(next, c->topic_at, d->n_topics * sizeof *next);
    for (size_t i = 0; i < d->n_items; i++)
        c->by_topic[next[d->items[i].topic]++] = i;
    free(next);
    return 0;
}

/* Whether the topic already asks what the term is (a Q/A "X란?" or "X 아키텍처란?"):
 * the derived definition would repeat it. Only the topic's own items are
 * read, each question folded once. */
static int asked_already(dctx *c, size_t topic, const char *term, size_t n)
{
    size_t w; /* the term folded, without spaces */
    char *t = fold_nospace(term, n, &w);
    if (!t)
        return 0;
    const kb_doc *d = c->d;
    size_t from = c->topic_at[topic], to = c->topic_at[topic + 1];
    if (!c->asked_ready[topic]) {
        for (size_t k = from; k < to; k++) {
            const kb_item *it = &d->items[c->by_topic[k]];
            size_t ql;
            if (it->kind != KB_SCENARIO)
                c->asked_q[c->by_topic[k]] = fold_nospace(it->question, strlen(it->question), &ql);
        }
        c->asked_ready[topic] = 1;
    }
    int hit = 0;
    for (size_t k = from; !hit && k < to; k++) {
        const char *q = c->asked_q[c->by_topic[k]];
        hit = q && w && strncmp(q, t, w) == 0 && (strstr(q + w, "란") || strstr(q + w, "무엇"));
    }
    free(t);
    return hit;
}

static void definition(dctx *c, size_t topic, const char *s, size_t n, long line)
{
    /* s[0..n) is one sentence ending in '.' */
    if (n < 8 || s[n - 1] != '.' || has_code_or_markup(s, n))
        return;
    size_t body = n - 1;
    /* the subject: the first word (of the first five) ending in a topic
     * particle after a noun */
    size_t pos = 0, words = 0, subj_end = 0, part_len = 0;
    while (pos < body && words < 5) {
        const char *sp = memchr(s + pos, ' ', body - pos);
        size_t we = sp ? (size_t)(sp - s) : body;
        const char *w = s + pos;
        size_t wl = we - pos;
        words++;
        if (memchr(w, ',', wl))
            return; /* an enumeration before any subject */
        static const char *const parts[] = {"이란", "란", "는", "은"};
        for (size_t k = 0; k < 4 && !subj_end; k++) {
            size_t pl = strlen(parts[k]);
            if (wl <= pl || !ends_with(w, wl, parts[k]) || not_a_subject(w, wl))
                continue;
            int32_t before = last_cp(w, wl - pl);
            int vowel = hg_is_syllable(before) && !hg_has_final(before);
            int fin = hg_is_syllable(before) && hg_has_final(before);
            int other = !hg_is_syllable(before); /* Latin, digit, ')' */
            if ((k == 2 && (vowel || other)) || (k == 3 && (fin || other)) ||
                (k == 1 && (vowel || other)) || (k == 0 && (fin || other))) {
                subj_end = we;
                part_len = pl;
            }
        }
        if (subj_end || !sp)
            break;
        pos = we + 1;
    }
    if (!subj_end)
        return;
    size_t term_n = subj_end - part_len;
    if (term_n < 2 || term_n > MAX_TERM_BYTES || !balanced(s, term_n))
        return;
    if (hg_is_syllable(last_cp(s, term_n)) && u8_width(s, term_n) < 4)
        return; /* one Hangul syllable is no term */
    if (deixis(s, term_n))
        return; /* "다음은 C언어로 작성된 코드이다": points at what follows */
    /* the predicate */
    size_t ps = subj_end;
    while (ps < body && s[ps] == ' ')
        ps++;
    size_t def_n = 0;
    if (!copula(s + ps, body - ps, &def_n))
        return;
    while (def_n > 0 && s[ps + def_n - 1] == ' ')
        def_n--;
    size_t nwords = def_n ? 1 : 0;
    for (size_t i = 0; i < def_n; i++)
        nwords += s[ps + i] == ' ';
    if (nwords < MIN_DEF_WORDS || u8_width(s + ps, def_n) > MAX_DEF_COLS ||
        !balanced(s + ps, def_n))
        return;
    char *term = arena_strndup(c->a, s, term_n);
    char *def = arena_strndup(c->a, s + ps, def_n);
    char *sentence = arena_strndup(c->a, s, n);
    if (!term || !def || !sentence) {
        c->oom = 1;
        return;
    }
    /* a definition naming its own term gives it away */
    size_t head, alt_n;
    const char *alt;
    split_term(term, term_n, &head, &alt, &alt_n);
    if (contains_ci(def, term, head) || contains_ci(def, alt, alt_n))
        return;
    /* "서버리스 … 서버 관리 없이", "캐싱 … 캐시를": a word of the term (its
     * first two syllables, final consonants aside) in the definition */
    if (echoes_term(term, head, def))
        return;
    /* "CQRS … 읽기(Query)와 쓰기(Command)": an acronym spelled out by the
     * definition's Latin words (two of their initials among its letters) */
    if (spells_acronym(term, head, def))
        return;
    /* "12-Factor App … 12가지 방법론": a number of the term in its definition */
    for (size_t i = 0; i < term_n; i++)
        if (term[i] >= '0' && term[i] <= '9' && strchr(def, term[i]))
            return;
    /* a topic that asks "X란?" already has the true/false of it; the cloze
     * (the term from its definition) asks the other way round */
    int asked = asked_already(c, topic, term, head) || (alt && asked_already(c, topic, alt, alt_n));
    const char *ran = final_consonant(term, term_n) ? "이란" : "란";
    char *q = arena_printf(c->a, "%s%s?", term, ran);
    /* the id follows the term: a reworded sentence is a new version of it */
    char *idt = arena_printf(c->a, "derived definition\x1f%s", term);
    json_t *acc = json_array();
    if (acc && alt)
        json_array_append_new(acc, json_stringn(alt, alt_n));
    json_t *detail =
        json_pack("{s:s, s:s, s:s%, s:o, s:s, s:I, s:s}", "derived", "definition", "term", term,
                  "answer", term, head, "accept", acc ? acc : json_array(), "sentence", sentence,
                  "line", (json_int_t)line, "types", asked ? "cloze" : "tf,cloze");
    push(c, KB_DERIVED_DEFINITION, topic, -1, 1, q, def, idt, detail, line);
}

/* Sentences of one concept line: split after '.' (outside parentheses)
 * followed by a space or the end. */
static void definitions(dctx *c, size_t topic, const kb_srcline *l)
{
    const char *s = l->text;
    size_t n = strlen(s), start = 0;
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth > 0)
            depth--;
        if (s[i] == '.' && depth == 0 && (i + 1 == n || s[i + 1] == ' ')) {
            size_t a;
            size_t len = trim_len(s + start, i + 1 - start, &a);
            definition(c, topic, s + start + a, len, l->line);
            start = i + 1;
        }
    }
}

/* ---- orders ------------------------------------------------------------------ */

static void order_item(dctx *c, size_t topic, long block, int level, const char *context,
                       const char *const *steps, size_t ns, const char *from, long line)
{
    if (ns < MIN_STEPS || ns > MAX_STEPS)
        return;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = i + 1; j < ns; j++)
            if (strcmp(steps[i], steps[j]) == 0)
                return; /* a repeated step has two right orders */
    buf ans;
    buf_init(&ans, 1 << 16);
    json_t *arr = json_array();
    int bad = !arr;
    for (size_t i = 0; i < ns && !bad; i++) {
        bad |= buf_addf(&ans, "%s%s", i ? " → " : "", steps[i]) != 0;
        bad |= json_array_append_new(arr, json_string(steps[i])) != 0;
    }
    char *answer = bad ? NULL : arena_strndup(c->a, buf_str(&ans), ans.len);
    buf_free(&ans);
    if (!answer) {
        json_decref(arr);
        c->oom = 1;
        return;
    }
    char *q = arena_printf(
        c->a, c->english ? "%s (which order is right?)" : "%s (순서가 옳은 것은?)", context);
    char *idt = arena_printf(c->a, "derived order\x1f%s", answer);
    json_t *detail = json_pack("{s:s, s:s, s:o, s:I}", "derived", "order", "from", from, "steps",
                               arr, "line", (json_int_t)line);
    push(c, KB_DERIVED_ORDER, topic, block, level, q, answer, idt, detail, line);
}

/* The context of an order drawn from an answer: its question's first line
 * (with its question mark unless keep is 0). */
static char *context_of(arena *a, const char *question, int keep)
{
    size_t n = strlen(question);
    const char *nl = memchr(question, '\n', n);
    if (nl)
        n = (size_t)(nl - question);
    while (!keep && n > 0 && (question[n - 1] == '?' || question[n - 1] == ' '))
        n--;
    return arena_strndup(a, question, n);
}

/* A chain "A → B → C" in one line of text: its steps, bounded by the
 * sentence or clause around it. */
static void chains(dctx *c, size_t topic, long block, int level, const char *context,
                   const char *text, const char *from, long line)
{
    static const char arrow[] = "→";
    const char *p = text;
    int fenced = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len >= 3 && memcmp(p, "```", 3) == 0)
            fenced = !fenced;
        const char *first = fenced ? NULL : strstr(p, arrow);
        if (first && first >= p + len)
            first = NULL;
        if (first) {
            /* the chain's start: after the last ": ", ". " or "예: " before it */
            size_t s0 = 0;
            for (size_t i = 0; p + i < first; i++)
                if ((p[i] == ':' || p[i] == '.' || p[i] == ';') && p[i + 1] == ' ')
                    s0 = i + 2;
            if (len >= 2 && p[0] == '-' && p[1] == ' ' && s0 < 2)
                s0 = 2;
            /* "예: 주문 생성 → 결제 완료 → 배송 시작": an example of what the
             * question asks, not steps of it */
            int example = s0 >= 5 && memcmp(p + s0 - 5, "예: ", 5) == 0;
            /* its end: the first ". " or end of line after the last arrow */
            const char *last = first, *q;
            while ((q = strstr(last + 1, arrow)) && q < p + len)
                last = q;
            size_t e0 = len;
            int depth = 0;
            for (size_t i = (size_t)(last - p); i < len; i++) {
                if (p[i] == '(')
                    depth++;
                else if (p[i] == ')')
                    depth--;
                else if (depth == 0 && (p[i] == '.' || p[i] == ',' || p[i] == ';') &&
                         (i + 1 == len || p[i + 1] == ' ')) {
                    e0 = i;
                    break;
                }
            }
            const char *steps[MAX_STEPS + 1];
            size_t ns = 0;
            int ok = 1;
            size_t at = s0;
            while (ok && at < e0) {
                const char *nx = strstr(p + at, arrow);
                size_t se = nx && nx < p + e0 ? (size_t)(nx - p) : e0;
                size_t a0;
                size_t sl = trim_len(p + at, se - at, &a0);
                if (sl == 0 || ns == MAX_STEPS + 1 || u8_width(p + at + a0, sl) > MAX_STEP_COLS ||
                    !balanced(p + at + a0, sl) || has_code_or_markup(p + at + a0, sl) ||
                    memchr(p + at + a0, ',', sl) || u8_width(p + at + a0, sl) < 2) {
                    ok = 0;
                    break;
                }
                steps[ns] = arena_strndup(c->a, p + at + a0, sl);
                if (!steps[ns]) {
                    c->oom = 1;
                    return;
                }
                ns++;
                at = se + (nx && nx < p + e0 ? strlen(arrow) : 0);
                if (!(nx && nx < p + e0))
                    break;
            }
            /* "… → 배송 시작 순서 필요": the last step without the remark */
            if (ok && ns) {
                char *lastp = (char *)steps[ns - 1], *r = strstr(lastp, " 순서");
                if (r && r > lastp)
                    *r = '\0';
            }
            if (ok && !example)
                order_item(c, topic, block, level, context, steps, ns, from, line);
        }
        p = nl ? nl + 1 : p + len;
    }
}

/* Numbered lists in a concept text, each with the prose line before it. */
static void numbered_lists(dctx *c, size_t topic, const kb_topic *t)
{
    for (size_t k = 0; k < t->n_concept_src; k++) {
        if (t->concept_src[k].list != 1)
            continue;
        const char *steps[MAX_STEPS + 1];
        size_t ns = 0, j = k;
        int ok = 1;
        for (; j < t->n_concept_src && t->concept_src[j].list == (int)ns + 1; j++) {
            const char *s = t->concept_src[j].text;
            size_t sl = strlen(s);
            if (ns == MAX_STEPS + 1 || u8_width(s, sl) > MAX_STEP_COLS || has_code_or_markup(s, sl))
                ok = 0;
            else
                steps[ns++] = s;
        }
        const char *ctx = t->title;
        if (k > 0 && t->concept_src[k - 1].list == 0) {
            const char *prev = t->concept_src[k - 1].text;
            size_t pl = strlen(prev);
            if (pl > 1 && pl < 120 && prev[pl - 1] == ':')
                ctx = arena_strndup(c->a, prev, pl - 1);
        }
        if (!ctx) {
            c->oom = 1;
            return;
        }
        if (ok)
            order_item(c, topic, -1, 1, ctx, steps, ns, "concept", t->concept_src[k].line);
        k = j - 1;
    }
}

/* ---- sub-topics ------------------------------------------------------------- */

/* Nouns every topic's bullets use ("개요", "구현 라이브러리", "선택 전략"): a
 * bullet needs a term besides these. */
static int generic_word(const char *w)
{
    return tok_is_general(w, strlen(w), TOK_GENERAL_BULLET);
}

/* A bullet that names something of its own topic: no word of the topic's
 * title (it would give the topic away), and a word at most two topics use
 * (else "간단한 장단점 비교" would belong to every topic). */
static int own_bullet(const dctx *c, size_t topic, const char *bullet)
{
    size_t bl = strlen(bullet);
    if (bl == 0 || u8_width(bullet, bl) > MAX_BULLET_COLS || has_code_or_markup(bullet, bl) ||
        bullet[bl - 1] == '?' || bullet[bl - 1] == ':' || ends_with(bullet, bl, "가") ||
        ends_with(bullet, bl, "까"))
        return 0; /* a question as a bullet ("왜 셋 다 가질 수 없는가") is no option */
    char title[MAX_WORDS][MAX_TERM_BYTES], words[MAX_WORDS][MAX_TERM_BYTES];
    size_t nt = word_keys(c->d->topics[topic].title, title, MAX_WORDS);
    size_t nw = word_keys(bullet, words, MAX_WORDS);
    int distinct = 0;
    for (size_t i = 0; i < nw; i++) {
        int32_t wk[2], tk[2];
        int wkey = syllable_key(words[i], strlen(words[i]), wk);
        for (size_t k = 0; k < nt; k++)
            if (strcmp(words[i], title[k]) == 0 || strstr(words[i], title[k]) ||
                strstr(title[k], words[i]) ||
                /* 캐시 in a bullet of 캐싱 아키텍처: the same word, final consonants aside */
                (wkey && syllable_key(title[k], strlen(title[k]), tk) && wk[0] == tk[0] &&
                 wk[1] == tk[1]))
                return 0;
        /* a term the topic's text discusses too, and few other topics do */
        distinct |= !generic_word(words[i]) && in_vocab(c, topic, words[i]) &&
                    topics_using(c, words[i]) <= 2;
    }
    return distinct;
}

static void subtopics(dctx *c, size_t b)
{
    const kb_block *bl = &c->d->blocks[b];
    const kb_topic *t = &c->d->topics[bl->topic];
    for (size_t k = 0; k < bl->subtopics.n; k++) {
        const char *s = bl->subtopics.v[k];
        if (!own_bullet(c, bl->topic, s))
            continue;
        long line = k < bl->n_subtopic_lines ? bl->subtopic_lines[k] : bl->line;
        char *q = c->english
                      ? arena_printf(c->a, "Which of these does the topic ‘%s’ cover?", t->title)
                      : arena_printf(c->a, "다음 중 ‘%s’ 주제에서 다루는 내용은?", t->title);
        /* not the title: a renamed topic keeps its derived items too */
        char *idt = arena_printf(c->a, "derived topic\x1f%d\x1f%s", bl->level, s);
        json_t *detail =
            json_pack("{s:s, s:s, s:I}", "derived", "topic", "bullet", s, "line", (json_int_t)line);
        push(c, KB_DERIVED_TOPIC, bl->topic, (long)b, bl->level, q, s, idt, detail, line);
    }
}

/* ---- the whole document ----------------------------------------------------- */

/* Whether the document is written in English: its questions hold Latin
 * letters and next to no Hangul (a Korean text with English terms is Korean). */
static int english_doc(const kb_doc *d)
{
    size_t latin = 0, hangul = 0;
    for (size_t i = 0; i < d->n_items; i++) {
        const unsigned char *q = (const unsigned char *)d->items[i].question;
        for (; q && *q; q++) {
            if ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z')
                latin++;
            else if (*q >= 0xEA && *q <= 0xED)
                hangul++; /* the lead byte of U+A000..U+DFFF: Hangul syllables */
        }
    }
    return latin > 0 && hangul * 10 < latin;
}

assay_code bank_derive(const kb_doc *d, arena *a, kb_item **out, size_t *n, errinfo *e)
{
    *out = NULL;
    *n = 0;
    dctx c = {.d = d, .a = a, .english = english_doc(d)};
    if (build_vocab(&c, 0) != 0 || build_use(&c) != 0 || group_items(&c) != 0)
        c.oom = 1;
    for (size_t t = 0; !c.oom && t < d->n_topics; t++) {
        const kb_topic *tp = &d->topics[t];
        for (size_t k = 0; !c.oom && k < tp->n_concept_src; k++)
            if (tp->concept_src[k].list <= 0)
                definitions(&c, t, &tp->concept_src[k]);
        if (!c.oom)
            numbered_lists(&c, t, tp);
        for (size_t k = 0; !c.oom && k < tp->n_concept_src; k++)
            if (tp->concept_src[k].list == 0)
                chains(&c, t, -1, 1, tp->title, tp->concept_src[k].text, "concept",
                       tp->concept_src[k].line);
    }
    for (size_t b = 0; !c.oom && b < d->n_blocks; b++)
        subtopics(&c, b);
    for (size_t i = 0; !c.oom && i < d->n_items; i++) {
        const kb_item *it = &d->items[i];
        if (it->kind != KB_LEVEL_QA && it->kind != KB_INTERVIEW_QA)
            continue;
        char *ctx = context_of(a, it->question, 1);
        if (!ctx) {
            c.oom = 1;
            break;
        }
        chains(&c, it->topic, it->block, it->level, ctx, it->answer, "answer", it->line);
    }
    for (size_t t = 0; c.vocab && t < d->n_topics; t++)
        free(c.vocab[t]);
    free(c.vocab);
    free(c.n_vocab);
    free(c.use_key);
    free(c.use_n);
    for (size_t i = 0; c.asked_q && i < d->n_items; i++)
        free(c.asked_q[i]);
    free(c.asked_q);
    free(c.asked_ready);
    free(c.by_topic);
    free(c.topic_at);
    if (c.oom) {
        free(c.out);
        return err_set(e, ASSAY_ENOMEM, "out of memory deriving items");
    }
    *out = c.out;
    *n = c.n;
    return ASSAY_OK;
}
