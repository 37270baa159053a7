/*
 * export/anki — an Anki package (.apkg): a zip (export/pkgzip) of a legacy collection
 * `collection.anki2` (schema 11: col, notes, cards, revlog, graves) built in an in-memory SQLite
 * database and serialised, and `media` = "{}". One note type of assay's own (fields Question,
 * Answer, Topic, Level, Source; one card template); a deck per topic with a sub-deck per level
 * ("Topic::Level 1 입문"); multiple-choice options in the front. Note guids come from the
 * knowledge base and the item id, so a re-export updates the notes it made; csum and sfld are
 * Anki's (SHA-1 through nettle of the first field without its HTML); every id and time is fixed or
 * derived from a hash, so the same set gives the same bytes.
 */
#include "anki.h"
#include "export.h"
#include "pkgzip.h"

#include <jansson.h>
#include <nettle/sha1.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANKI_MODEL_ID 1735689600000LL /* assay's note type; fixed forever (2025-01-01 in ms) */
#define ANKI_EPOCH    1767225600LL    /* 2026-01-01 00:00 UTC: crt and every mod */
#define ANKI_ID_BASE  1000000000000LL /* derived ids: 10^12 + a hash mod 10^12 (below 2^53) */
#define ANKI_ID_SPAN  1000000000000LL
#define FIELD_SEP     "\x1f"

/* ---- a growing string ---- */

typedef struct sb {
    char *p;
    size_t n, cap;
    int oom;
} sb;

static void sb_putn(sb *s, const char *t, size_t n)
{
    if (s->oom)
        return;
    if (s->n + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 128;
        while (cap < s->n + n + 1)
            cap *= 2;
        char *p = realloc(s->p, cap);
        if (!p) {
            s->oom = 1;
            return;
        }
        s->p = p;
        s->cap = cap;
    }
    memcpy(s->p + s->n, t, n);
    s->n += n;
    s->p[s->n] = '\0';
}

static void sb_put(sb *s, const char *t)
{
    sb_putn(s, t, strlen(t));
}

static const char *sb_str(sb *s)
{
    if (!s->p)
        sb_putn(s, "", 0);
    return s->oom ? "" : s->p;
}

static void sb_free(sb *s)
{
    free(s->p);
    memset(s, 0, sizeof *s);
}

/* Text as HTML: & < > " escaped, newlines as <br>, control characters (the field separator
 * U+001F among them) left out. */
static void sb_html(sb *s, const char *t)
{
    for (const char *p = t ? t : ""; *p; p++) {
        switch (*p) {
        case '&': sb_put(s, "&amp;"); break;
        case '<': sb_put(s, "&lt;"); break;
        case '>': sb_put(s, "&gt;"); break;
        case '"': sb_put(s, "&quot;"); break;
        case '\n': sb_put(s, "<br>"); break;
        default:
            if ((unsigned char)*p >= 0x20 || *p == '\t')
                sb_putn(s, p, 1);
        }
    }
}

/* Anki's stripped field (its sort field and the text of csum): tags removed, entities decoded.
 * The fields here hold only the tags and the five entities this file writes. */
static void strip_html(sb *s, const char *h)
{
    static const struct {
        const char *ent, *ch;
    } ents[] = {{"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
                {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
    for (const char *p = h; *p;) {
        if (*p == '<') {
            const char *gt = strchr(p, '>');
            if (gt) {
                p = gt + 1;
                continue;
            }
        }
        if (*p == '&') {
            size_t k = 0;
            for (; k < sizeof ents / sizeof ents[0]; k++)
                if (strncmp(p, ents[k].ent, strlen(ents[k].ent)) == 0)
                    break;
            if (k < sizeof ents / sizeof ents[0]) {
                sb_put(s, ents[k].ch);
                p += strlen(ents[k].ent);
                continue;
            }
        }
        sb_putn(s, p, 1);
        p++;
    }
}

static void sha1(const char *t, size_t n, uint8_t d[SHA1_DIGEST_SIZE])
{
    struct sha1_ctx c;
    sha1_init(&c);
    sha1_update(&c, n, (const uint8_t *)t);
    sha1_digest(&c, SHA1_DIGEST_SIZE, d);
}

/* Anki's checksum: the first 8 hex digits of the SHA-1 of the stripped first field. */
static long long csum_of(const char *stripped)
{
    uint8_t d[SHA1_DIGEST_SIZE];
    sha1(stripped, strlen(stripped), d);
    return (long long)(((uint32_t)d[0] << 24) | ((uint32_t)d[1] << 16) | ((uint32_t)d[2] << 8) |
                       (uint32_t)d[3]);
}

static uint64_t hash64(const char *t, size_t n)
{
    uint8_t d[SHA1_DIGEST_SIZE];
    sha1(t, n, d);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | d[i];
    return v;
}

static long long derived_id(const char *t, size_t n)
{
    return ANKI_ID_BASE + (long long)(hash64(t, n) % (uint64_t)ANKI_ID_SPAN);
}

/* A guid in Anki's own form: a 64-bit number in base 91 over Anki's alphabet. */
static void guid_of(const char *key, size_t n, char out[EXP_ANKI_GUID_CAP])
{
    static const char abc[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                              "!#$%&()*+,-./:;<=>?@[]^_`{|}~";
    uint64_t v = hash64(key, n);
    char tmp[16];
    size_t k = 0;
    do {
        tmp[k++] = abc[v % 91];
        v /= 91;
    } while (v && k < sizeof tmp - 1);
    for (size_t i = 0; i < k; i++)
        out[i] = tmp[k - 1 - i];
    out[k] = '\0';
}

static int has_text(const char *s)
{
    return s && *s;
}

/* The text a guid is the hash of: "assay" U+001F kb U+001F item id [U+001F occurrence]. */
static void guid_key(sb *key, const char *kb, const char *item_id, int occurrence)
{
    key->n = 0;
    sb_put(key, "assay" FIELD_SEP);
    sb_put(key, kb ? kb : "");
    sb_put(key, FIELD_SEP);
    sb_put(key, item_id ? item_id : "");
    if (occurrence > 1) {
        char b[24];
        snprintf(b, sizeof b, FIELD_SEP "%d", occurrence);
        sb_put(key, b);
    }
}

void exp_anki_guid(const char *kb, const char *item_id, int occurrence, char out[EXP_ANKI_GUID_CAP])
{
    sb key = {0};
    guid_key(&key, kb, item_id, occurrence);
    if (key.oom)
        out[0] = '\0';
    else
        guid_of(key.p, key.n, out);
    sb_free(&key);
}

/* ---- the fields of one note ---- */

static void opt_letter(sb *s, size_t i)
{
    char b[8];
    if (i < 26)
        snprintf(b, sizeof b, "%c. ", (char)('A' + i));
    else
        snprintf(b, sizeof b, "%zu. ", i + 1);
    sb_put(s, b);
}

static void front(sb *s, const assay_question *q)
{
    sb_html(s, q->prompt);
    switch (q->type) {
    case ASSAY_Q_MCQ:
    case ASSAY_Q_SCENARIO:
        if (!q->n_options)
            break;
        sb_put(s, "<ol type=\"A\">");
        for (size_t i = 0; i < q->n_options; i++) {
            sb_put(s, "<li>");
            sb_html(s, q->options[i]);
            sb_put(s, "</li>");
        }
        sb_put(s, "</ol>");
        break;
    case ASSAY_Q_TF:
        sb_put(s, "<br><br><blockquote>");
        sb_html(s, q->statement);
        sb_put(s, "</blockquote>참 / 거짓?");
        break;
    case ASSAY_Q_MATCH:
        sb_put(s, "<ol>");
        for (size_t i = 0; i < q->n_pairs; i++) {
            sb_put(s, "<li>");
            sb_html(s, q->left[i]);
            sb_put(s, "</li>");
        }
        sb_put(s, "</ol><ol type=\"a\">");
        for (size_t i = 0; i < q->n_pairs; i++) {
            sb_put(s, "<li>");
            sb_html(s, q->right[i]);
            sb_put(s, "</li>");
        }
        sb_put(s, "</ol>");
        break;
    default: break;
    }
}

static void back(sb *s, const exp_entry *e)
{
    const assay_question *q = e->q;
    const char *shown = NULL; /* the key's text, not repeated as the reference */
    switch (q->type) {
    case ASSAY_Q_MCQ:
    case ASSAY_Q_SCENARIO:
        if (q->n_options) {
            opt_letter(s, (size_t)q->key);
            sb_html(s, q->options[q->key]);
            shown = q->options[q->key];
        } else {
            sb_html(s, q->answer);
            shown = q->answer;
        }
        break;
    case ASSAY_Q_TF: sb_put(s, q->key ? "참" : "거짓"); break;
    case ASSAY_Q_CLOZE:
        sb_html(s, q->answer);
        shown = q->answer;
        for (size_t i = 0; i < q->n_accept; i++) {
            if (!has_text(q->accept[i]))
                continue;
            sb_put(s, i ? ", " : " (= ");
            sb_html(s, q->accept[i]);
            if (i + 1 == q->n_accept)
                sb_put(s, ")");
        }
        break;
    case ASSAY_Q_MATCH:
        sb_put(s, "<ul>");
        for (size_t i = 0; i < q->n_pairs; i++) {
            char b[48];
            snprintf(b, sizeof b, "<li>%zu → %c: ", i + 1,
                     q->pairs[i] < 26 ? (char)('a' + q->pairs[i]) : '?');
            sb_put(s, b);
            sb_html(s, q->left[i]);
            sb_put(s, " — ");
            sb_html(s, q->right[q->pairs[i]]);
            sb_put(s, "</li>");
        }
        sb_put(s, "</ul>");
        break;
    case ASSAY_Q_SHORT:
    default:
        sb_html(s, q->answer);
        shown = q->answer;
        break;
    }
    if (has_text(e->reference) && !(shown && strcmp(shown, e->reference) == 0)) {
        sb_put(s, "<br><br>");
        sb_html(s, e->reference);
    }
}

static void level_text(sb *s, const exp_entry *e)
{
    if (e->level <= 0)
        return;
    char b[32];
    snprintf(b, sizeof b, "Level %d", e->level);
    sb_put(s, b);
    if (has_text(e->level_label)) {
        sb_put(s, " ");
        sb_put(s, e->level_label);
    }
}

static void source_text(sb *s, const exp_entry *e)
{
    const char *f = has_text(e->source_file) ? e->source_file : e->q->source_file;
    long line = has_text(e->source_file) ? e->source_line : e->q->source_line;
    if (!has_text(f))
        return;
    sb_put(s, f);
    if (line > 0) {
        char b[32];
        snprintf(b, sizeof b, ":%ld", line);
        sb_put(s, b);
    }
}

/* A deck name's part: control characters out, runs of ':' as one (no accidental nesting). */
static void deck_part(sb *s, const char *t)
{
    for (const char *p = t; *p; p++) {
        if ((unsigned char)*p < 0x20)
            continue;
        if (*p == ':' && p[1] == ':') {
            while (p[1] == ':')
                p++;
        }
        sb_putn(s, p, 1);
    }
}

/* ---- the collection ---- */

typedef struct deck {
    char *name;
    long long id;
} deck;

typedef struct anki {
    exp_set *set;
    sqlite3 *db;
    sqlite3_stmt *note, *card, *seen;
    deck *decks;
    size_t n_decks, cap_decks;
    assay_code rc;
} anki;

static assay_code fail(anki *k, assay_code rc, const char *what)
{
    if (k->rc == ASSAY_OK) {
        k->rc = rc;
        snprintf(k->set->err, sizeof k->set->err, "Anki package: %s%s%s", what,
                 k->db && rc == ASSAY_EINTERNAL ? ": " : "",
                 k->db && rc == ASSAY_EINTERNAL ? sqlite3_errmsg(k->db) : "");
    }
    return k->rc;
}

/* The id of deck NAME, added when new (deck ids from the name's hash, kept apart from 1). */
static long long deck_id(anki *k, const char *name)
{
    for (size_t i = 0; i < k->n_decks; i++)
        if (strcmp(k->decks[i].name, name) == 0)
            return k->decks[i].id;
    if (k->n_decks == k->cap_decks) {
        size_t cap = k->cap_decks ? k->cap_decks * 2 : 16;
        deck *d = realloc(k->decks, cap * sizeof *d);
        if (!d) {
            fail(k, ASSAY_ENOMEM, "out of memory");
            return 1;
        }
        k->decks = d;
        k->cap_decks = cap;
    }
    char *copy = strdup(name);
    if (!copy) {
        fail(k, ASSAY_ENOMEM, "out of memory");
        return 1;
    }
    long long id = derived_id(name, strlen(name));
    for (int clash = 1; clash;) { /* a hash collision takes the next free id */
        clash = 0;
        for (size_t i = 0; i < k->n_decks; i++)
            if (k->decks[i].id == id)
                clash = 1;
        if (clash)
            id++;
    }
    k->decks[k->n_decks++] = (deck){copy, id};
    return id;
}

static const char *const SCHEMA11 =
    "CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,"
    " scm integer not null, ver integer not null, dty integer not null, usn integer not null,"
    " ls integer not null, conf text not null, models text not null, decks text not null,"
    " dconf text not null, tags text not null);"
    "CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,"
    " mod integer not null, usn integer not null, tags text not null, flds text not null,"
    " sfld integer not null, csum integer not null, flags integer not null, data text not null);"
    "CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,"
    " ord integer not null, mod integer not null, usn integer not null, type integer not null,"
    " queue integer not null, due integer not null, ivl integer not null, factor integer not "
    "null,"
    " reps integer not null, lapses integer not null, left integer not null, odue integer not "
    "null,"
    " odid integer not null, flags integer not null, data text not null);"
    "CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,"
    " ease integer not null, ivl integer not null, lastIvl integer not null,"
    " factor integer not null, time integer not null, type integer not null);"
    "CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);"
    "CREATE INDEX ix_notes_usn on notes (usn);"
    "CREATE INDEX ix_cards_usn on cards (usn);"
    "CREATE INDEX ix_revlog_usn on revlog (usn);"
    "CREATE INDEX ix_cards_nid on cards (nid);"
    "CREATE INDEX ix_cards_sched on cards (did, queue, due);"
    "CREATE INDEX ix_revlog_cid on revlog (cid);"
    "CREATE INDEX ix_notes_csum on notes (csum);"
    "CREATE TEMP TABLE seen (guid text primary key);";

static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* One note and its card; ids from the guid's key, the next free one on a collision. */
static void add_note(anki *k, const exp_entry *e, long long pos)
{
    const assay_question *q = e->q;
    sb f = {0}, key = {0}, st = {0}, deckn = {0}, tags = {0};
    front(&f, q);
    const char *front_html = sb_str(&f);
    strip_html(&st, front_html);
    sb_put(&f, FIELD_SEP);
    back(&f, e);
    sb_put(&f, FIELD_SEP);
    const char *topic = has_text(e->topic) ? e->topic : (has_text(q->topic) ? q->topic : "");
    sb_html(&f, topic);
    sb_put(&f, FIELD_SEP);
    sb lv = {0};
    level_text(&lv, e);
    sb_html(&f, sb_str(&lv));
    sb_put(&f, FIELD_SEP);
    sb src = {0};
    source_text(&src, e);
    sb_html(&f, sb_str(&src));
    sb_free(&src);

    deck_part(&deckn, has_text(topic) ? topic : (has_text(k->set->name) ? k->set->name : "assay"));
    if (deckn.n == 0)
        sb_put(&deckn, "assay");
    long long did = deck_id(k, sb_str(&deckn));
    if (e->level > 0) {
        sb_put(&deckn, "::");
        deck_part(&deckn, sb_str(&lv));
        did = deck_id(k, sb_str(&deckn));
    }
    sb_free(&lv);

    const char *kb = has_text(e->kb) ? e->kb : (has_text(q->kb) ? q->kb : "");
    const char *item = has_text(e->item_id) ? e->item_id : (q->item_id ? q->item_id : "");
    guid_key(&key, kb, item, 1);
    sb_put(&tags, " assay ");
    if (has_text(kb)) {
        for (const char *p = kb; *p; p++)
            sb_putn(&tags, ((unsigned char)*p <= ' ') ? "_" : p, 1);
        sb_put(&tags, " ");
    }
    if (f.oom || key.oom || st.oom || deckn.oom || tags.oom)
        fail(k, ASSAY_ENOMEM, "out of memory");

    /* the guid: a later question of the same item gets its occurrence in the key */
    char guid[EXP_ANKI_GUID_CAP];
    for (int occ = 1; k->rc == ASSAY_OK; occ++) {
        if (occ > 1)
            guid_key(&key, kb, item, occ);
        if (key.oom) {
            fail(k, ASSAY_ENOMEM, "out of memory");
            break;
        }
        guid_of(key.p, key.n, guid);
        sqlite3_bind_text(k->seen, 1, guid, -1, SQLITE_STATIC);
        int rc = step_done(k->seen);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_CONSTRAINT) {
            fail(k, ASSAY_EINTERNAL, "guid");
            break;
        }
    }
    long long nid = derived_id(key.p ? key.p : "", key.n);
    long long csum = csum_of(sb_str(&st));
    for (int tries = 0; k->rc == ASSAY_OK; tries++) {
        sqlite3_stmt *n = k->note;
        sqlite3_bind_int64(n, 1, nid);
        sqlite3_bind_text(n, 2, guid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(n, 3, ANKI_MODEL_ID);
        sqlite3_bind_int64(n, 4, ANKI_EPOCH);
        sqlite3_bind_text(n, 5, sb_str(&tags), -1, SQLITE_STATIC);
        sqlite3_bind_text(n, 6, sb_str(&f), (int)f.n, SQLITE_STATIC);
        sqlite3_bind_text(n, 7, sb_str(&st), (int)st.n, SQLITE_STATIC);
        sqlite3_bind_int64(n, 8, csum);
        int rc = step_done(n);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_CONSTRAINT || tries > 1000) {
            fail(k, ASSAY_EINTERNAL, "note");
            break;
        }
        nid++;
    }
    if (k->rc == ASSAY_OK) {
        sqlite3_stmt *c = k->card;
        sqlite3_bind_int64(c, 1, nid); /* card ids live apart from note ids: one card a note */
        sqlite3_bind_int64(c, 2, nid);
        sqlite3_bind_int64(c, 3, did);
        sqlite3_bind_int64(c, 4, ANKI_EPOCH);
        sqlite3_bind_int64(c, 5, pos);
        if (step_done(c) != SQLITE_DONE)
            fail(k, ASSAY_EINTERNAL, "card");
    }
    sb_free(&f);
    sb_free(&key);
    sb_free(&st);
    sb_free(&deckn);
    sb_free(&tags);
}

/* ---- the col row's JSON ---- */

static json_t *field_def(const char *name, int ord)
{
    return json_pack("{s:s, s:i, s:b, s:b, s:s, s:i, s:[]}", "name", name, "ord", ord, "sticky", 0,
                     "rtl", 0, "font", "Arial", "size", 20, "media");
}

static json_t *models_json(void)
{
    static const char qfmt[] = "{{Question}}";
    static const char afmt[] =
        "{{FrontSide}}\n\n<hr id=answer>\n\n{{Answer}}\n<div class=\"assay-meta\">{{Topic}}"
        "{{#Level}} · {{Level}}{{/Level}}{{#Source}} · {{Source}}{{/Source}}</div>";
    static const char css[] = ".card {\n font-family: sans-serif;\n font-size: 20px;\n text-align: "
                              "left;\n color: black;\n background-color: white;\n}\n"
                              ".assay-meta {\n margin-top: 1em;\n font-size: 14px;\n color: "
                              "#666;\n}\n";
    static const char latex_pre[] =
        "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
        "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n"
        "\\setlength{\\parindent}{0in}\n\\begin{document}\n";
    json_t *flds = json_array();
    static const char *const names[] = {"Question", "Answer", "Topic", "Level", "Source"};
    for (int i = 0; i < 5 && flds; i++)
        json_array_append_new(flds, field_def(names[i], i));
    json_t *tmpl = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:n, s:s, s:i}", "name", "assay",
                             "ord", 0, "qfmt", qfmt, "afmt", afmt, "bqfmt", "", "bafmt", "", "did",
                             "bfont", "", "bsize", 0);
    json_t *model = json_pack(
        "{s:I, s:s, s:i, s:I, s:i, s:i, s:I, s:[o], s:o, s:s, s:s, s:s, s:b, s:[[i,s,[i]]], "
        "s:[], s:[]}",
        "id", (json_int_t)ANKI_MODEL_ID, "name", "assay", "type", 0, "mod", (json_int_t)ANKI_EPOCH,
        "usn", 0, "sortf", 0, "did", (json_int_t)1, "tmpls", tmpl, "flds", flds, "css", css,
        "latexPre", latex_pre, "latexPost", "\\end{document}", "latexsvg", 0, "req", 0, "any", 0,
        "tags", "vers");
    if (!model)
        return NULL;
    char id[32];
    snprintf(id, sizeof id, "%lld", ANKI_MODEL_ID);
    return json_pack("{s:o}", id, model);
}

static json_t *deck_json(long long id, const char *name)
{
    return json_pack("{s:I, s:s, s:I, s:i, s:[i,i], s:[i,i], s:[i,i], s:[i,i], s:b, s:b, s:s, "
                     "s:i, s:I, s:i, s:i}",
                     "id", (json_int_t)id, "name", name, "mod", (json_int_t)ANKI_EPOCH, "usn", 0,
                     "lrnToday", 0, 0, "revToday", 0, 0, "newToday", 0, 0, "timeToday", 0, 0,
                     "collapsed", 0, "browserCollapsed", 0, "desc", "", "dyn", 0, "conf",
                     (json_int_t)1, "extendNew", 0, "extendRev", 0);
}

static json_t *decks_json(const anki *k)
{
    json_t *d = json_object();
    if (!d)
        return NULL;
    json_object_set_new(d, "1", deck_json(1, "Default"));
    for (size_t i = 0; i < k->n_decks; i++) {
        char id[32];
        snprintf(id, sizeof id, "%lld", k->decks[i].id);
        json_object_set_new(d, id, deck_json(k->decks[i].id, k->decks[i].name));
    }
    return d;
}

static json_t *dconf_json(void)
{
    json_t *c = json_pack("{s:i, s:s, s:I, s:i, s:i, s:b, s:i, s:b, s:b, "
                          "s:{s:[i,i], s:[i,i,i], s:i, s:i, s:i, s:b}, "
                          "s:{s:i, s:f, s:f, s:i, s:f, s:b, s:f}, "
                          "s:{s:[i], s:i, s:i, s:i, s:i}}",
                          "id", 1, "name", "Default", "mod", (json_int_t)0, "usn", 0, "maxTaken",
                          60, "autoplay", 1, "timer", 0, "replayq", 1, "dyn", 0, "new", "delays", 1,
                          10, "ints", 1, 4, 7, "initialFactor", 2500, "order", 1, "perDay", 20,
                          "bury", 0, "rev", "perDay", 200, "ease4", 1.3, "ivlFct", 1.0, "maxIvl",
                          36500, "fuzz", 0.05, "bury", 0, "hardFactor", 1.2, "lapse", "delays", 10,
                          "mult", 0, "minInt", 1, "leechFails", 8, "leechAction", 0);
    return c ? json_pack("{s:o}", "1", c) : NULL;
}

static json_t *conf_json(size_t n)
{
    return json_pack("{s:I, s:b, s:[i], s:s, s:i, s:b, s:b, s:I, s:i, s:b, s:I, s:i}", "nextPos",
                     (json_int_t)n + 1, "estTimes", 1, "activeDecks", 1, "sortType", "noteFld",
                     "timeLim", 0, "sortBackwards", 0, "addToCur", 1, "curDeck", (json_int_t)1,
                     "newSpread", 0, "dueCounts", 1, "curModel", (json_int_t)ANKI_MODEL_ID,
                     "collapseTime", 1200);
}

static char *dump(json_t *j)
{
    if (!j)
        return NULL;
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

static void write_col(anki *k)
{
    char *conf = dump(conf_json(k->set->n));
    char *models = dump(models_json());
    char *decks = dump(decks_json(k));
    char *dconf = dump(dconf_json());
    sqlite3_stmt *st = NULL;
    if (!conf || !models || !decks || !dconf) {
        fail(k, ASSAY_ENOMEM, "out of memory");
    } else if (sqlite3_prepare_v2(k->db,
                                  "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5,"
                                  " ?6, '{}')",
                                  -1, &st, NULL) != SQLITE_OK) {
        fail(k, ASSAY_EINTERNAL, "col");
    } else {
        sqlite3_bind_int64(st, 1, ANKI_EPOCH);
        sqlite3_bind_int64(st, 2, ANKI_EPOCH * 1000);
        sqlite3_bind_text(st, 3, conf, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, models, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, decks, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, dconf, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            fail(k, ASSAY_EINTERNAL, "col");
    }
    sqlite3_finalize(st);
    free(conf);
    free(models);
    free(decks);
    free(dconf);
}

/* Checks what the fields need before anything is built; 0 when the entry can be exported. */
static int entry_ok(const exp_entry *e, char *why, size_t cap)
{
    const assay_question *q = e->q;
    if (!q || !q->prompt) {
        snprintf(why, cap, "no question");
        return -1;
    }
    if ((q->type == ASSAY_Q_MCQ || q->type == ASSAY_Q_SCENARIO) && q->n_options &&
        (!q->options || q->key < 0 || (size_t)q->key >= q->n_options)) {
        snprintf(why, cap, "key %d outside the %zu options", q->key, q->n_options);
        return -1;
    }
    if (q->type == ASSAY_Q_MCQ && !q->n_options) {
        snprintf(why, cap, "multiple choice without options");
        return -1;
    }
    for (size_t i = 0; i < q->n_options; i++)
        if (!q->options[i]) {
            snprintf(why, cap, "option %zu missing", i + 1);
            return -1;
        }
    if (q->type == ASSAY_Q_MATCH) {
        if (!q->n_pairs || !q->left || !q->right || !q->pairs) {
            snprintf(why, cap, "matching without pairs");
            return -1;
        }
        for (size_t i = 0; i < q->n_pairs; i++)
            if (!q->left[i] || !q->right[i] || q->pairs[i] < 0 ||
                (size_t)q->pairs[i] >= q->n_pairs) {
                snprintf(why, cap, "matching pair %zu incomplete", i + 1);
                return -1;
            }
    }
    if (q->n_accept && !q->accept) {
        snprintf(why, cap, "aliases missing");
        return -1;
    }
    return 0;
}

static assay_code build(anki *k)
{
    if (sqlite3_open_v2(":memory:", &k->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        return fail(k, ASSAY_ENOMEM, "cannot open an in-memory database");
    if (sqlite3_exec(k->db, SCHEMA11, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(k->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return fail(k, ASSAY_EINTERNAL, "schema");
    if (sqlite3_prepare_v2(k->db,
                           "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, 0, '')",
                           -1, &k->note, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(k->db,
                           "INSERT INTO cards VALUES (?1, ?2, ?3, 0, ?4, 0, 0, 0, ?5, 0, 0, 0, 0,"
                           " 0, 0, 0, 0, '')",
                           -1, &k->card, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(k->db, "INSERT INTO temp.seen VALUES (?1)", -1, &k->seen, NULL) !=
            SQLITE_OK)
        return fail(k, ASSAY_EINTERNAL, "statements");
    for (size_t i = 0; i < k->set->n && k->rc == ASSAY_OK; i++)
        add_note(k, &k->set->v[i], (long long)i + 1);
    if (k->rc == ASSAY_OK)
        write_col(k);
    if (k->rc == ASSAY_OK && sqlite3_exec(k->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return fail(k, ASSAY_EINTERNAL, "commit");
    return k->rc;
}

assay_code exp_anki(exp_set *set, unsigned char **out, size_t *len)
{
    if (!set || !out || !len)
        return ASSAY_EUSAGE;
    *out = NULL;
    *len = 0;
    set->err[0] = '\0';
    if (set->n && !set->v) {
        snprintf(set->err, sizeof set->err, "Anki package: no questions given");
        return ASSAY_EUSAGE;
    }
    for (size_t i = 0; i < set->n; i++) {
        char why[160];
        if (entry_ok(&set->v[i], why, sizeof why) < 0) {
            snprintf(set->err, sizeof set->err, "Anki package: question %zu (item %s): %s", i + 1,
                     set->v[i].item_id ? set->v[i].item_id : "?", why);
            return ASSAY_EINPUT;
        }
    }
    anki k = {.set = set};
    assay_code rc = build(&k);
    sqlite3_finalize(k.note);
    sqlite3_finalize(k.card);
    sqlite3_finalize(k.seen);
    for (size_t i = 0; i < k.n_decks; i++)
        free(k.decks[i].name);
    free(k.decks);
    unsigned char *img = NULL;
    size_t img_len = 0;
    if (rc == ASSAY_OK) {
        sqlite3_int64 size = 0;
        unsigned char *ser = sqlite3_serialize(k.db, "main", &size, 0);
        img = ser && size > 0 ? malloc((size_t)size) : NULL;
        if (!img) {
            rc = fail(&k, ASSAY_ENOMEM, "cannot serialise the collection");
        } else {
            memcpy(img, ser, (size_t)size);
            img_len = (size_t)size;
        }
        sqlite3_free(ser);
    }
    sqlite3_close(k.db);
    if (rc != ASSAY_OK) {
        free(img);
        return rc;
    }
    exp_zip *z = exp_zip_new(set);
    if (!z) {
        free(img);
        return ASSAY_ENOMEM;
    }
    rc = exp_zip_add(z, "collection.anki2", img, img_len);
    unsigned char *media = rc == ASSAY_OK ? malloc(2) : NULL;
    if (rc == ASSAY_OK && !media) {
        snprintf(set->err, sizeof set->err, "Anki package: out of memory");
        rc = ASSAY_ENOMEM;
    }
    if (rc == ASSAY_OK) {
        memcpy(media, "{}", 2);
        rc = exp_zip_add(z, "media", media, 2);
    }
    if (rc != ASSAY_OK) {
        exp_zip_discard(z);
        return rc;
    }
    return exp_zip_finish(z, out, len);
}
