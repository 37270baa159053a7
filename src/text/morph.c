/*
 * morph — Hunspell (Korean), Snowball and WordNet (English) behind one
 * cached lookup. The dictionaries are process-wide and guarded by one mutex;
 * each morph (one per engine) holds a table of its bank's words, analysed
 * once before its first lookup and only read afterwards (without a lock),
 * and a miss cache written under the mutex. See morph.h and
 * docs/internals/grading.md ("Analysis").
 */
#include "text/morph.h"

#include "core/u8.h"
#include "text/hangul.h"
#include "text/tok.h"

#include <errno.h>
#include <fcntl.h>
#include <hunspell.h>
#include <libstemmer.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wn.h>

#define KEY_MAX 40 /* bytes of a cached word; longer words are analysed every time */

typedef struct slot {
    uint64_t h;
    uint8_t used, klen;
    char key[KEY_MAX];
    morph_word w;
} slot;

typedef struct table {
    slot *s;
    size_t cap, n;
} table;

struct morph {
    table learned; /* written once under g_lock before ready is set, then only read */
    table missed;  /* under g_lock */
    size_t misses; /* under g_lock */
    char *pending; /* the bank's texts to learn, '\n'-separated (under g_lock) */
    size_t n_pending, cap_pending;
    int failed;        /* learning ran out of memory (under g_lock) */
    atomic_int ready;  /* the dictionaries are loaded and the bank's words learned */
    table disk;        /* the analysis cache read from disk: written before ready, then read */
    uint64_t disk_key; /* what the cache file must have been written for */
    size_t from_disk;  /* words taken from it (under g_lock) */
    size_t fresh;      /* words analysed by the dictionaries (under g_lock) */
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static Hunhandle *g_hun;        /* process-wide: 0.4 s to load ko.aff */
static struct sb_stemmer *g_sb; /* English Snowball */
static int g_wn;                /* wninit done */
static int g_loaded;            /* the three were loaded (or tried): they are loaded lazily */

uint64_t morph_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* ---- where the dictionaries are ------------------------------------------------ */

static int readable(const char *dir, const char *file, char *path, size_t cap)
{
    int k = snprintf(path, cap, "%s/%s", dir, file);
    return k > 0 && (size_t)k < cap && access(path, R_OK) == 0;
}

/* WordNet's folder into wdir; returns how it was found, for messages. */
static const char *wn_dir(char *wdir, size_t cap)
{
    const char *ws = getenv("WNSEARCHDIR"), *wh = getenv("WNHOME");
    if (ws && *ws) {
        snprintf(wdir, cap, "%s", ws);
        return " (WNSEARCHDIR)";
    }
    if (wh && *wh) {
        snprintf(wdir, cap, "%s/dict", wh);
        return " (WNHOME/dict)";
    }
    snprintf(wdir, cap, "/usr/share/wordnet");
    return "";
}

static assay_code find_dicts(char *aff, char *dic, size_t cap, errinfo *err)
{
    const char *hd = getenv("ASSAY_HUNSPELL_DIR");
    const char *hdir = hd && *hd ? hd : "/usr/share/hunspell";
    if (!readable(hdir, "ko.aff", aff, cap) || !readable(hdir, "ko.dic", dic, cap))
        return err_set(err, ASSAY_ENOTFOUND,
                       "the Korean Hunspell dictionary (ko.aff, ko.dic) is not in %s%s; "
                       "install the Debian package hunspell-ko or set ASSAY_HUNSPELL_DIR",
                       hdir, hd && *hd ? " (ASSAY_HUNSPELL_DIR)" : "");
    char wdir[512], probe[600];
    const char *how = wn_dir(wdir, sizeof wdir);
    if (!readable(wdir, "index.noun", probe, sizeof probe) ||
        !readable(wdir, "data.noun", probe, sizeof probe) ||
        !readable(wdir, "data.verb", probe, sizeof probe))
        return err_set(err, ASSAY_ENOTFOUND,
                       "the WordNet 3.0 database (index.noun, data.noun, data.verb) is not in "
                       "%s%s; install the Debian package wordnet-base or set WNSEARCHDIR",
                       wdir, how);
    return ASSAY_OK;
}

assay_code morph_open(morph **out, errinfo *err)
{
    *out = NULL;
    char aff[600], dic[600];
    assay_code rc = find_dicts(aff, dic, sizeof aff, err);
    if (rc != ASSAY_OK)
        return rc;
    morph *m = calloc(1, sizeof *m);
    if (!m)
        return err_set(err, ASSAY_ENOMEM, "out of memory");
    atomic_init(&m->ready, 0);
    *out = m;
    return ASSAY_OK;
}

/* Loads the dictionaries (once per process) and learns the pending texts;
 * called with g_lock held. */
static void load_and_learn(morph *m);
static void load_dicts(void);
static void cache_load(morph *m);

/* The first lookup on a morph loads what it needs; later ones only read. */
static void ensure_ready(morph *m)
{
    if (atomic_load_explicit(&m->ready, memory_order_acquire))
        return;
    pthread_mutex_lock(&g_lock);
    if (!atomic_load_explicit(&m->ready, memory_order_relaxed)) {
        load_and_learn(m);
        atomic_store_explicit(&m->ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(&g_lock);
}

static void cache_save(morph *m);

void morph_free(morph *m)
{
    if (!m)
        return;
    cache_save(m);
    free(m->learned.s);
    free(m->missed.s);
    free(m->disk.s);
    free(m->pending);
    free(m);
}

size_t morph_count(morph *m)
{
    ensure_ready(m);
    return m->learned.n;
}

size_t morph_misses(const morph *m)
{
    pthread_mutex_lock(&g_lock);
    size_t n = m->misses;
    pthread_mutex_unlock(&g_lock);
    return n;
}

/* ---- analysis (under g_lock) ------------------------------------------------------ */

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* A Hunspell stem cut to what matches across endings: 다 off, and a light
 * verb after a noun of two syllables or more off (확장하다 → 확장). */
static size_t ko_trim(char *st, size_t n, int surface, uint8_t *is_verb)
{
    *is_verb = 0;
    static const char *const light[] = {"하", "되", "시키", "받", "당하"};
    int verb = ends_with(st, n, "다") && n > 3;
    if (surface && !(ends_with(st, n, "하다") || ends_with(st, n, "되다")))
        verb = 0; /* 바다, 빠르다 written as such */
    if (!verb)
        return n;
    n -= 3;
    *is_verb = 1;
    for (size_t i = 0; i < sizeof light / sizeof light[0]; i++) {
        size_t k = strlen(light[i]);
        if (n >= k + 6 && ends_with(st, n, light[i])) {
            n -= k;
            *is_verb = 0; /* a noun before its light verb */
            break;
        }
    }
    st[n] = '\0';
    return n;
}

static void ko_analyse(const char *w, size_t n, morph_word *out)
{
    char buf[KEY_MAX * 2 + 1];
    if (n >= sizeof buf)
        return;
    memcpy(buf, w, n);
    buf[n] = '\0';
    char **list = NULL;
    int nl = Hunspell_analyze(g_hun, &list, buf);
    char best[MORPH_STEM] = "";
    size_t bl = 0;
    int surface = 0;
    for (int i = 0; i < nl; i++) {
        const char *a = list[i];
        if (strstr(a, "pa:"))
            continue; /* a compound part (재 of 재시도): no stem of the word */
        const char *st = strstr(a, "st:");
        if (!st)
            continue;
        st += 3;
        size_t k = strcspn(st, " \t");
        if (k == 0 || k >= MORPH_STEM)
            continue;
        int eq = k == n && memcmp(st, w, n) == 0;
        if (surface && !eq)
            continue;
        if (eq || k > bl) {
            memcpy(best, st, k);
            best[k] = '\0';
            bl = k;
            surface = eq;
        }
    }
    if (nl > 0)
        Hunspell_free_list(g_hun, &list, nl);
    if (!bl)
        return;
    bl = ko_trim(best, bl, surface, &out->verb);
    memcpy(out->stem, best, bl + 1);
    out->slen = (uint8_t)bl;
}

static size_t en_stem(const char *w, size_t n, char *out, size_t cap)
{
    const sb_symbol *st = sb_stemmer_stem(g_sb, (const sb_symbol *)w, (int)n);
    int k = st ? sb_stemmer_length(g_sb) : 0;
    if (k <= 0 || (size_t)k >= cap)
        return 0;
    memcpy(out, st, (size_t)k);
    out[k] = '\0';
    return (size_t)k;
}

static void add_hash(uint64_t *set, uint8_t *n, size_t cap, uint64_t h)
{
    for (size_t i = 0; i < *n; i++)
        if (set[i] == h)
            return;
    if (*n < cap)
        set[(*n)++] = h;
}

/* A WordNet word (underscores for spaces) as a family or synonym hash:
 * its Snowball stem; words of several parts are left out. */
static int wn_hash(const char *word, uint64_t *h)
{
    char b[MORPH_STEM], st[MORPH_STEM];
    size_t n = strlen(word);
    if (n < 3 || n >= sizeof b)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c < 'a' || c > 'z')
            return 0;
        b[i] = c;
    }
    size_t k = en_stem(b, n, st, sizeof st);
    if (!k)
        return 0;
    *h = morph_hash(st, k);
    return 1;
}

#define WN_SENSES 3

/* Derivations (and pertainyms) and antonyms of lemma's first senses in
 * pos, and the synonyms of its first sense; the synonyms of the other
 * senses, the words of each sense's hypernyms and similar adjectives are
 * words near in meaning (rel: a half match). */
static void wn_lemma(char *lemma, int pos, morph_word *out)
{
    IndexPtr idx = index_lookup(lemma, pos);
    if (!idx)
        return;
    for (int s = 0; s < idx->off_cnt && s < WN_SENSES; s++) {
        SynsetPtr ss = read_synset(pos, (long)idx->offset[s], lemma);
        if (!ss)
            continue;
        int me = -1;
        for (int w = 0; w < ss->wcount; w++)
            if (strcmp(ss->words[w], lemma) == 0)
                me = w;
        for (int w = 0; w < ss->wcount; w++) {
            uint64_t h;
            if (w != me && wn_hash(ss->words[w], &h)) {
                if (s == 0)
                    add_hash(out->syn, &out->n_syn, MORPH_SYN, h);
                else
                    add_hash(out->rel, &out->n_rel, MORPH_REL, h);
            }
        }
        for (int p = 0; p < ss->ptrcount; p++) {
            if (ss->ptrtyp[p] == HYPERPTR || ss->ptrtyp[p] == SIMPTR) {
                /* near in meaning: the words of a hypernym, a similar adjective */
                SynsetPtr to = read_synset(ss->ppos[p], ss->ptroff[p], "");
                if (!to)
                    continue;
                for (int w = 0; w < to->wcount; w++) {
                    uint64_t h;
                    if (wn_hash(to->words[w], &h))
                        add_hash(out->rel, &out->n_rel, MORPH_REL, h);
                }
                free_synset(to);
                continue;
            }
            if (ss->ptrtyp[p] != DERIVATION && ss->ptrtyp[p] != PERTPTR && ss->ptrtyp[p] != ANTPTR)
                continue;
            if (ss->pfrm[p] && ss->pfrm[p] - 1 != me)
                continue; /* another word of the synset */
            SynsetPtr to = read_synset(ss->ppos[p], ss->ptroff[p], "");
            if (!to)
                continue;
            int k = ss->pto[p] - 1;
            uint64_t h;
            if (k >= 0 && k < to->wcount && wn_hash(to->words[k], &h)) {
                if (ss->ptrtyp[p] == ANTPTR)
                    add_hash(out->ant, &out->n_ant, MORPH_ANT, h);
                else
                    add_hash(out->fam, &out->n_fam, MORPH_FAM, h);
            }
            free_synset(to);
        }
        free_synset(ss);
    }
    free_index(idx);
}

static void en_analyse(const char *w, size_t n, morph_word *out)
{
    char b[KEY_MAX * 2 + 1];
    if (n >= sizeof b || n >= MORPH_STEM)
        return;
    memcpy(b, w, n);
    b[n] = '\0';
    out->slen = (uint8_t)en_stem(b, n, out->stem, sizeof out->stem);
    if (out->slen)
        add_hash(out->fam, &out->n_fam, MORPH_FAM, morph_hash(out->stem, out->slen));
    if (n < 3 || !g_wn)
        return;
    for (int pos = NOUN; pos <= ADV; pos++) {
        char lemmas[4][MORPH_STEM];
        size_t nlem = 0;
        memcpy(lemmas[nlem++], b, n + 1);
        char tmp[KEY_MAX * 2 + 1];
        memcpy(tmp, b, n + 1);
        for (char *f = morphstr(tmp, pos); f && nlem < 4; f = morphstr(NULL, pos)) {
            if (strlen(f) >= MORPH_STEM || strcmp(f, b) == 0)
                continue;
            snprintf(lemmas[nlem++], MORPH_STEM, "%s", f);
        }
        for (size_t l = 0; l < nlem; l++) {
            uint64_t h;
            if (l && wn_hash(lemmas[l], &h))
                add_hash(out->fam, &out->n_fam, MORPH_FAM, h);
            wn_lemma(lemmas[l], pos, out);
        }
    }
}

static int all_hangul(const char *w, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += u8_decode(w + i, n - i, &cp);
        if (!hg_is_syllable(cp))
            return 0;
    }
    return n > 0;
}

static int all_lower(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return 0;
    return n > 0;
}

static void analyse(const char *w, size_t n, morph_word *out)
{
    memset(out, 0, sizeof *out);
    load_dicts();
    if (all_hangul(w, n) && g_hun)
        ko_analyse(w, n, out);
    else if (all_lower(w, n) && n >= 4 && g_sb)
        en_analyse(w, n, out); /* the grader stems English words of four letters or more */
}

/* ---- tables ---------------------------------------------------------------------- */

static slot *t_find(const table *t, uint64_t h, const char *w, size_t n)
{
    if (!t->cap)
        return NULL;
    for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        slot *s = &t->s[i];
        if (!s->used)
            return s;
        if (s->h == h && s->klen == n && memcmp(s->key, w, n) == 0)
            return s;
    }
}

static int t_grow(table *t)
{
    if (t->cap && (t->n + 1) * 4 < t->cap * 3)
        return 0;
    size_t cap = t->cap ? t->cap * 2 : 1024;
    slot *s = calloc(cap, sizeof *s);
    if (!s)
        return -1;
    table nt = {s, cap, 0};
    for (size_t i = 0; i < t->cap; i++)
        if (t->s[i].used) {
            *t_find(&nt, t->s[i].h, t->s[i].key, t->s[i].klen) = t->s[i];
            nt.n++;
        }
    free(t->s);
    *t = nt;
    return 0;
}

/* The slot for w in t, filled if new (from m's analysis cache, else
 * analysed now); NULL when out of memory. Under g_lock. */
static slot *t_put(morph *m, table *t, const char *w, size_t n, uint64_t h)
{
    slot *s = t_find(t, h, w, n);
    if (s && s->used)
        return s;
    if (t_grow(t) != 0)
        return NULL;
    s = t_find(t, h, w, n);
    s->used = 1;
    s->h = h;
    s->klen = (uint8_t)n;
    memcpy(s->key, w, n);
    const slot *c = t_find(&m->disk, h, w, n);
    if (c && c->used) {
        s->w = c->w;
        m->from_disk++;
    } else {
        analyse(w, n, &s->w);
        m->fresh++;
    }
    t->n++;
    return s;
}

int morph_learn(morph *m, const char *text, size_t n)
{
    size_t fl;
    char *f = u8_fold(text, n, &fl);
    if (!f)
        return -1;
    pthread_mutex_lock(&g_lock);
    int rc = 0;
    if (m->n_pending + fl + 2 > m->cap_pending) {
        size_t cap = m->cap_pending ? m->cap_pending : 1 << 16;
        while (cap < m->n_pending + fl + 2)
            cap *= 2;
        char *grown = realloc(m->pending, cap);
        if (grown) {
            m->pending = grown;
            m->cap_pending = cap;
        } else
            rc = -1;
    }
    if (rc == 0) {
        memcpy(m->pending + m->n_pending, f, fl);
        m->n_pending += fl;
        m->pending[m->n_pending++] = '\n';
        m->pending[m->n_pending] = '\0';
    }
    pthread_mutex_unlock(&g_lock);
    free(f);
    return rc;
}

/* ---- the analysis cache on disk --------------------------------------------------- */

/* Every word a process analysed is kept, with what its dictionaries said, in
 * one file: $ASSAY_CACHE_DIR/morph.cache, else $XDG_CACHE_HOME/assay/, else
 * ~/.cache/assay/ (ASSAY_CACHE_DIR empty or "off": no cache). A morph reads
 * it before its first lookup and takes a word's analysis from it instead of
 * the dictionaries, which are then loaded only for a word the file lacks.
 * The file is valid only for the dictionaries' files (size and time), this
 * program's file and this layout (the key below); any other file is ignored
 * and replaced. It is written (to a temporary file, then renamed) when a
 * morph that analysed new words is freed; a failure only loses the cache. */
#define CACHE_REV   2u      /* bump when the analysis changes */
#define CACHE_MAX   200000u /* words kept */
#define CACHE_BYTES (64u << 20)

typedef struct cache_head {
    char magic[8];
    uint32_t slot_size, rev;
    uint64_t key, count;
} cache_head;

static int cache_path(char *path, size_t cap, int make)
{
    const char *d = getenv("ASSAY_CACHE_DIR");
    char dir[512];
    if (d && (!*d || strcmp(d, "off") == 0))
        return 0;
    int k;
    if (d) {
        k = snprintf(dir, sizeof dir, "%s", d);
    } else {
        const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
        char base[400];
        if (x && *x)
            k = snprintf(base, sizeof base, "%s", x);
        else if (h && *h)
            k = snprintf(base, sizeof base, "%s/.cache", h);
        else
            return 0;
        if (k <= 0 || (size_t)k >= sizeof base)
            return 0;
        if (make && mkdir(base, 0700) != 0 && errno != EEXIST)
            return 0;
        k = snprintf(dir, sizeof dir, "%s/assay", base);
    }
    if (k <= 0 || (size_t)k >= sizeof dir)
        return 0;
    if (make && mkdir(dir, 0700) != 0 && errno != EEXIST)
        return 0;
    k = snprintf(path, cap, "%s/morph.cache", dir);
    return k > 0 && (size_t)k < cap;
}

static uint64_t mix_file(uint64_t h, const char *path)
{
    struct stat st;
    uint64_t v[4] = {0, 0, 0, 0};
    if (stat(path, &st) == 0) {
        v[0] = (uint64_t)st.st_size;
        v[1] = (uint64_t)st.st_mtim.tv_sec;
        v[2] = (uint64_t)st.st_mtim.tv_nsec;
        v[3] = (uint64_t)st.st_ino;
    }
    return (h ^ morph_hash((const char *)v, sizeof v)) * 1099511628211ull;
}

static uint64_t cache_key(void)
{
    char aff[600], dic[600], wdir[512], p[600];
    uint64_t h = morph_hash("assay-morph", 11) ^ CACHE_REV ^ ((uint64_t)sizeof(slot) << 32);
    const char *hd = getenv("ASSAY_HUNSPELL_DIR");
    const char *hdir = hd && *hd ? hd : "/usr/share/hunspell";
    snprintf(aff, sizeof aff, "%s/ko.aff", hdir);
    snprintf(dic, sizeof dic, "%s/ko.dic", hdir);
    h = mix_file(mix_file(h, aff), dic);
    wn_dir(wdir, sizeof wdir);
    static const char *const wn[] = {"index.noun", "data.noun", "index.verb", "data.verb",
                                     "index.adj",  "data.adj",  "index.adv",  "data.adv"};
    for (size_t i = 0; i < sizeof wn / sizeof wn[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", wdir, wn[i]);
        h = mix_file(h, p);
    }
    return mix_file(h, "/proc/self/exe");
}

/* Puts a copy of s into t unless t has its word; -1 when out of memory. */
static int t_copy(table *t, const slot *s)
{
    slot *d = t_find(t, s->h, s->key, s->klen);
    if (d && d->used)
        return 0;
    if (t_grow(t) != 0)
        return -1;
    d = t_find(t, s->h, s->key, s->klen);
    *d = *s;
    t->n++;
    return 0;
}

static int slot_sane(slot *s)
{
    if (s->used != 1 || s->klen == 0 || s->klen >= KEY_MAX || s->w.slen >= MORPH_STEM ||
        s->w.verb > 1 || s->w.n_fam > MORPH_FAM || s->w.n_syn > MORPH_SYN ||
        s->w.n_ant > MORPH_ANT || s->w.n_rel > MORPH_REL)
        return 0;
    s->w.stem[s->w.slen] = '\0';
    if (strlen(s->w.stem) != s->w.slen)
        return 0;
    s->h = morph_hash(s->key, s->klen);
    return 1;
}

/* Reads the cache file into m->disk (under g_lock, before ready). */
static void cache_load(morph *m)
{
    char path[700];
    m->disk_key = cache_key();
    if (!cache_path(path, sizeof path, 0))
        return;
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    cache_head hd;
    struct stat st;
    slot *all = NULL;
    if (fstat(fileno(f), &st) != 0 || st.st_size < (off_t)sizeof hd ||
        st.st_size > (off_t)CACHE_BYTES || fread(&hd, sizeof hd, 1, f) != 1 ||
        memcmp(hd.magic, "assaymc", 8) != 0 || hd.slot_size != sizeof(slot) ||
        hd.rev != CACHE_REV || hd.key != m->disk_key || hd.count > CACHE_MAX ||
        (uint64_t)st.st_size != sizeof hd + hd.count * sizeof(slot))
        goto done;
    all = malloc((size_t)hd.count * sizeof(slot) + 1);
    if (!all || fread(all, sizeof(slot), (size_t)hd.count, f) != hd.count)
        goto done;
    for (size_t i = 0; i < hd.count; i++)
        if (slot_sane(&all[i]) && t_copy(&m->disk, &all[i]) != 0)
            break;
done:
    free(all);
    fclose(f);
}

/* Writes what m's cache file had and every word m analysed, when m
 * analysed words the file lacked. */
static void cache_save(morph *m)
{
    char path[700], tmp[760];
    if (!m->fresh || m->failed || !cache_path(path, sizeof path, 1))
        return;
    table all = {NULL, 0, 0};
    const table *from[3] = {&m->disk, &m->learned, &m->missed};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < from[k]->cap && all.n < CACHE_MAX; i++)
            if (from[k]->s[i].used && t_copy(&all, &from[k]->s[i]) != 0)
                goto done;
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        goto done;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(tmp);
        goto done;
    }
    cache_head hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.magic, "assaymc", 8);
    hd.slot_size = sizeof(slot);
    hd.rev = CACHE_REV;
    hd.key = m->disk_key;
    hd.count = all.n;
    int ok = fwrite(&hd, sizeof hd, 1, f) == 1;
    for (size_t i = 0; ok && i < all.cap; i++)
        if (all.s[i].used)
            ok = fwrite(&all.s[i], sizeof(slot), 1, f) == 1;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
done:
    free(all.s);
}

size_t morph_from_cache(const morph *m)
{
    pthread_mutex_lock(&g_lock);
    size_t n = m->from_disk;
    pthread_mutex_unlock(&g_lock);
    return n;
}

size_t morph_analysed(const morph *m)
{
    pthread_mutex_lock(&g_lock);
    size_t n = m->fresh;
    pthread_mutex_unlock(&g_lock);
    return n;
}

/* WordNet's lookups are binary searches through stdio (an lseek and a read
 * a step: 230,000 system calls to learn the bundled bank's words). Its index
 * and data files are mapped instead and read through fmemopen, so a step is
 * a memory access. A file that cannot be mapped stays as it was. The
 * mappings live as long as the process, like WordNet's own streams. */
static void wn_in_memory(void)
{
    for (int pos = 1; pos <= NUMPARTS; pos++) {
        FILE **fps[2] = {&indexfps[pos], &datafps[pos]};
        for (int k = 0; k < 2; k++) {
            FILE *old = *fps[k];
            struct stat st;
            if (!old || fstat(fileno(old), &st) != 0 || st.st_size <= 0)
                continue;
            size_t size = (size_t)st.st_size;
            void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fileno(old), 0);
            if (p == MAP_FAILED)
                continue;
            FILE *mem = fmemopen(p, size, "r");
            if (!mem) {
                munmap(p, size);
                continue;
            }
            fclose(old);
            *fps[k] = mem;
        }
    }
}

/* Loads the dictionaries, once per process, when a word is first analysed
 * (under g_lock): a process whose words are all in the analysis cache never
 * loads ko.aff (0.45 s of CPU). */
static void load_dicts(void)
{
    if (g_loaded)
        return;
    g_loaded = 1;
    char aff[600], dic[600];
    if (!g_hun && find_dicts(aff, dic, sizeof aff, NULL) == ASSAY_OK)
        g_hun = Hunspell_create(aff, dic);
    if (!g_sb)
        g_sb = sb_stemmer_new("english", "UTF_8");
    if (!g_wn && (g_wn = wninit() == 0) != 0)
        wn_in_memory();
}

static void load_and_learn(morph *m)
{
    cache_load(m);
    tok toks[512];
    const char *f = m->pending;
    size_t fl = m->n_pending, at = 0;
    /* in pieces of 1 KB: at most 512 words each */
    while (f && at < fl && !m->failed) {
        size_t piece = fl - at > 1024 ? 1024 : fl - at;
        while (at + piece < fl && piece > 0 && f[at + piece] != ' ' && f[at + piece] != '\n')
            piece--;
        if (piece == 0)
            piece = fl - at;
        size_t nt = tok_split(f + at, piece, toks, 512);
        if (nt > 512)
            nt = 512;
        for (size_t i = 0; i < nt && !m->failed; i++) {
            const char *w = f + at + toks[i].off;
            size_t wl = toks[i].len;
            if (wl < KEY_MAX && !t_put(m, &m->learned, w, wl, morph_hash(w, wl)))
                m->failed = 1;
        }
        at += piece;
    }
    free(m->pending);
    m->pending = NULL;
    m->n_pending = m->cap_pending = 0;
}

int morph_get(morph *m, const char *w, size_t n, morph_word *out)
{
    ensure_ready(m);
    uint64_t h = morph_hash(w, n);
    if (n < KEY_MAX) {
        const slot *s = t_find(&m->learned, h, w, n);
        if (s && s->used) {
            *out = s->w;
            return 0;
        }
    }
    pthread_mutex_lock(&g_lock);
    m->misses++;
    const slot *s = n < KEY_MAX ? t_put(m, &m->missed, w, n, h) : NULL;
    if (s)
        *out = s->w;
    else
        analyse(w, n, out);
    pthread_mutex_unlock(&g_lock);
    return n < KEY_MAX * 2 ? 0 : -1;
}
