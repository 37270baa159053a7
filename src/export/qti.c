/*
 * export/qti — IMS QTI content packages: exp_qti21 (QTI 2.1 items and an IMS CP 1.1 manifest) and
 * exp_qti30 (QTI 3.0 qti-* items and the QTI 3.0 CP manifest), one item file per question under
 * items/, all XML through libxml2's xmlTextWriter and the zip through export/pkgzip. Multiple
 * choice, true/false and scenarios with options are choiceInteraction (match_correct); cloze and
 * short exact answers are textEntryInteraction with a mapping of the answer and its aliases
 * (map_response); matching is matchInteraction (map_response, a point a pair); free text is
 * extendedTextInteraction, scored by people. The reference answer and the source go into a
 * scorer's rubric block. The two versions share one writer: QTI 3.0 names are the 2.1 names in
 * kebab case ("qti-" before element names).
 */
#include "export.h"
#include "pkgzip.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_QTI21     "http://www.imsglobal.org/xsd/imsqti_v2p1"
#define XSD_QTI21    "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
#define NS_QTI30     "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
#define XSD_QTI30    "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
#define NS_CP11      "http://www.imsglobal.org/xsd/imscp_v1p1"
#define XSD_CP11     "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
#define NS_CP30      "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
#define XSD_CP30     "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
#define NS_MD12      "http://www.imsglobal.org/xsd/imsmd_v1p2"
#define NS_LOM       "http://ltsc.ieee.org/xsd/LOM"
#define NS_XSI       "http://www.w3.org/2001/XMLSchema-instance"
#define RP21         "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
#define RP30         "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"

#define ID_CAP       48 /* an item identifier: "i", the item id (at most 24), "_" and a count */
#define SHORT_ANSWER 40 /* code points: a short answer at most this long is typed, not written */
#define TEXT_CAP     (1 << 24) /* bytes of one text: anything longer is refused as bad input */

/* The writer of one XML document, in either version; `bad` is set by the first failing call. */
typedef struct qw {
    xmlTextWriterPtr w;
    xmlBufferPtr buf;
    int v3;
    int bad;
    int nomem;
} qw;

/* The version's spelling of a 2.1 name: itself, or kebab case (with "qti-" for an element). */
static const char *qname(const qw *x, const char *name, int element, char *out, size_t cap)
{
    if (!x->v3)
        return name;
    size_t n = 0;
    if (element) {
        memcpy(out, "qti-", 4);
        n = 4;
    }
    for (const char *p = name; *p && n + 3 < cap; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            out[n++] = '-';
            out[n++] = (char)(*p - 'A' + 'a');
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return out;
}

static void chk(qw *x, int rc)
{
    if (rc < 0)
        x->bad = 1;
}

/* A QTI element (renamed for 3.0). */
static void el(qw *x, const char *name)
{
    char b[64];
    chk(x, xmlTextWriterStartElement(x->w, BAD_CAST qname(x, name, 1, b, sizeof b)));
}

/* An element spelt the same in every version (XHTML, manifests). */
static void raw_el(qw *x, const char *name)
{
    chk(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void end(qw *x)
{
    chk(x, xmlTextWriterEndElement(x->w));
}

/* Elements holding text and inline elements (<br/>, the blank of a cloze) are written without
 * indentation inside, which would add white space to the text: mixed() after the start tag,
 * unmixed() after the end tag (it ends the line the writer would have ended). */
static void mixed(qw *x)
{
    chk(x, xmlTextWriterSetIndent(x->w, 0));
}

static void unmixed(qw *x)
{
    chk(x, xmlTextWriterWriteRaw(x->w, BAD_CAST "\n"));
    chk(x, xmlTextWriterSetIndent(x->w, 1));
}

/* Text with what XML cannot hold (C0 controls but tab, newline and carriage return) left out,
 * malloc'd; NULL when out of memory (x->nomem). */
static char *clean(qw *x, const char *s)
{
    size_t n = strlen(s);
    char *c = malloc(n + 1);
    if (!c) {
        x->nomem = x->bad = 1;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
            continue;
        c[k++] = (char)ch;
    }
    c[k] = '\0';
    return c;
}

static void raw_attr(qw *x, const char *name, const char *value)
{
    char *v = clean(x, value ? value : "");
    if (!v)
        return;
    chk(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v));
    free(v);
}

/* A QTI attribute (renamed for 3.0). */
static void attr(qw *x, const char *name, const char *value)
{
    char b[64];
    raw_attr(x, qname(x, name, 0, b, sizeof b), value);
}

static void attr_int(qw *x, const char *name, long v)
{
    char b[32];
    snprintf(b, sizeof b, "%ld", v);
    attr(x, name, b);
}

/* Text with its newlines as <br/>; the writer escapes & < >. */
static void lines(qw *x, const char *s)
{
    char *c = clean(x, s ? s : "");
    if (!c)
        return;
    char *p = c;
    for (;;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r')
            p[n - 1] = '\0';
        if (*p)
            chk(x, xmlTextWriterWriteString(x->w, BAD_CAST p));
        if (!nl)
            break;
        raw_el(x, "br");
        end(x);
        p = nl + 1;
    }
    free(c);
}

static void para(qw *x, const char *s)
{
    raw_el(x, "p");
    mixed(x);
    lines(x, s);
    end(x);
    unmixed(x);
}

/* <value>text</value> */
static void value(qw *x, const char *s)
{
    el(x, "value");
    char *c = clean(x, s);
    if (c) {
        chk(x, xmlTextWriterWriteString(x->w, BAD_CAST c));
        free(c);
    }
    end(x);
}

static size_t cps(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int has_text(const char *s)
{
    return s && *s;
}

/* ---- what each question becomes ---- */

typedef enum shape { SH_CHOICE, SH_TEXT, SH_MATCH, SH_EXTENDED } shape;

static shape shape_of(const assay_question *q)
{
    switch (q->type) {
    case ASSAY_Q_MCQ:
    case ASSAY_Q_TF: return SH_CHOICE;
    case ASSAY_Q_CLOZE: return SH_TEXT;
    case ASSAY_Q_MATCH: return SH_MATCH;
    case ASSAY_Q_SCENARIO: return q->n_options ? SH_CHOICE : SH_EXTENDED;
    case ASSAY_Q_SHORT:
    default:
        if (has_text(q->answer) && !strchr(q->answer, '\n') && cps(q->answer) <= SHORT_ANSWER)
            return SH_TEXT;
        return SH_EXTENDED;
    }
}

/* Checks one entry's question before anything is written; 0 when it can be exported. */
static int entry_ok(const exp_entry *e, char *why, size_t cap)
{
    const assay_question *q = e->q;
    if (!q) {
        snprintf(why, cap, "no question");
        return -1;
    }
    if (!q->prompt) {
        snprintf(why, cap, "no prompt");
        return -1;
    }
    if (strlen(q->prompt) > TEXT_CAP) {
        snprintf(why, cap, "prompt longer than %d bytes", TEXT_CAP);
        return -1;
    }
    switch (q->type) {
    case ASSAY_Q_MCQ:
    case ASSAY_Q_SCENARIO:
        if (q->type == ASSAY_Q_MCQ && q->n_options < 2) {
            snprintf(why, cap, "multiple choice with %zu options", q->n_options);
            return -1;
        }
        if (q->n_options && (!q->options || q->key < 0 || (size_t)q->key >= q->n_options)) {
            snprintf(why, cap, "key %d outside the %zu options", q->key, q->n_options);
            return -1;
        }
        for (size_t i = 0; i < q->n_options; i++)
            if (!q->options[i]) {
                snprintf(why, cap, "option %zu missing", i + 1);
                return -1;
            }
        break;
    case ASSAY_Q_TF:
        if (q->key != 0 && q->key != 1) {
            snprintf(why, cap, "true/false key %d", q->key);
            return -1;
        }
        break;
    case ASSAY_Q_CLOZE:
        if (!has_text(q->answer)) {
            snprintf(why, cap, "cloze without its answer");
            return -1;
        }
        break;
    case ASSAY_Q_MATCH:
        if (q->n_pairs < 1 || !q->left || !q->right || !q->pairs) {
            snprintf(why, cap, "matching without pairs");
            return -1;
        }
        for (size_t i = 0; i < q->n_pairs; i++)
            if (!q->left[i] || !q->right[i] || q->pairs[i] < 0 ||
                (size_t)q->pairs[i] >= q->n_pairs) {
                snprintf(why, cap, "matching pair %zu incomplete", i + 1);
                return -1;
            }
        break;
    case ASSAY_Q_SHORT: break;
    default: snprintf(why, cap, "unknown question type %d", (int)q->type); return -1;
    }
    if (q->n_accept && !q->accept) {
        snprintf(why, cap, "aliases missing");
        return -1;
    }
    return 0;
}

/* ---- one item ---- */

static void outcome_score(qw *x)
{
    el(x, "outcomeDeclaration");
    attr(x, "identifier", "SCORE");
    attr(x, "cardinality", "single");
    attr(x, "baseType", "float");
    el(x, "defaultValue");
    value(x, "0");
    end(x);
    end(x);
}

static int same_key(const char *a, const char *b) /* case-insensitive in ASCII, as the mapping */
{
    for (; *a && *b; a++, b++) {
        char ca = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        char cb = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
        if (ca != cb)
            return 0;
    }
    return *a == *b;
}

static void map_entry(qw *x, const char *key)
{
    el(x, "mapEntry");
    attr(x, "mapKey", key);
    attr(x, "mappedValue", "1");
    attr(x, "caseSensitive", "false");
    end(x);
}

static void declare_text(qw *x, const assay_question *q)
{
    el(x, "responseDeclaration");
    attr(x, "identifier", "RESPONSE");
    attr(x, "cardinality", "single");
    attr(x, "baseType", "string");
    el(x, "correctResponse");
    value(x, q->answer);
    end(x);
    el(x, "mapping");
    attr(x, "lowerBound", "0");
    attr(x, "upperBound", "1");
    attr(x, "defaultValue", "0");
    map_entry(x, q->answer);
    for (size_t i = 0; i < q->n_accept; i++) {
        const char *a = q->accept[i];
        if (!has_text(a) || same_key(a, q->answer))
            continue;
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = q->accept[j] && same_key(q->accept[j], a);
        if (!dup)
            map_entry(x, a);
    }
    end(x);
    end(x);
}

static void pair_value(char *b, size_t cap, size_t l, int r)
{
    snprintf(b, cap, "L%zu R%d", l + 1, r + 1);
}

static void declare(qw *x, const assay_question *q, shape sh)
{
    char b[48];
    switch (sh) {
    case SH_CHOICE:
        el(x, "responseDeclaration");
        attr(x, "identifier", "RESPONSE");
        attr(x, "cardinality", "single");
        attr(x, "baseType", "identifier");
        el(x, "correctResponse");
        if (q->type == ASSAY_Q_TF)
            value(x, q->key ? "T" : "F");
        else {
            snprintf(b, sizeof b, "C%d", q->key + 1);
            value(x, b);
        }
        end(x);
        end(x);
        break;
    case SH_TEXT: declare_text(x, q); break;
    case SH_MATCH:
        el(x, "responseDeclaration");
        attr(x, "identifier", "RESPONSE");
        attr(x, "cardinality", "multiple");
        attr(x, "baseType", "directedPair");
        el(x, "correctResponse");
        for (size_t i = 0; i < q->n_pairs; i++) {
            pair_value(b, sizeof b, i, q->pairs[i]);
            value(x, b);
        }
        end(x);
        el(x, "mapping");
        attr(x, "lowerBound", "0");
        attr_int(x, "upperBound", (long)q->n_pairs);
        attr(x, "defaultValue", "0");
        for (size_t i = 0; i < q->n_pairs; i++) {
            pair_value(b, sizeof b, i, q->pairs[i]);
            el(x, "mapEntry");
            attr(x, "mapKey", b);
            attr(x, "mappedValue", "1");
            end(x);
        }
        end(x);
        end(x);
        break;
    case SH_EXTENDED:
        el(x, "responseDeclaration");
        attr(x, "identifier", "RESPONSE");
        attr(x, "cardinality", "single");
        attr(x, "baseType", "string");
        end(x);
        break;
    }
    outcome_score(x);
}

static void prompt(qw *x, const char *s)
{
    if (!has_text(s))
        return;
    el(x, "prompt");
    mixed(x);
    lines(x, s);
    end(x);
    unmixed(x);
}

static void choice(qw *x, const char *id, const char *text)
{
    el(x, "simpleChoice");
    attr(x, "identifier", id);
    mixed(x);
    lines(x, text);
    end(x);
    unmixed(x);
}

static void body_choice(qw *x, const assay_question *q)
{
    if (q->type == ASSAY_Q_TF) {
        para(x, q->prompt);
        raw_el(x, "blockquote");
        para(x, q->statement ? q->statement : "");
        end(x);
    }
    el(x, "choiceInteraction");
    attr(x, "responseIdentifier", "RESPONSE");
    attr(x, "shuffle", "false");
    attr(x, "maxChoices", "1");
    if (q->type == ASSAY_Q_TF) {
        prompt(x, "위 답이 옳습니까? (True or false?)");
        choice(x, "T", "참 (True)");
        choice(x, "F", "거짓 (False)");
    } else {
        prompt(x, q->prompt);
        char id[24];
        for (size_t i = 0; i < q->n_options; i++) {
            snprintf(id, sizeof id, "C%zu", i + 1);
            choice(x, id, q->options[i]);
        }
    }
    end(x);
}

static void text_entry(qw *x, const assay_question *q)
{
    size_t longest = cps(q->answer);
    for (size_t i = 0; i < q->n_accept; i++)
        if (q->accept[i] && cps(q->accept[i]) > longest)
            longest = cps(q->accept[i]);
    el(x, "textEntryInteraction");
    attr(x, "responseIdentifier", "RESPONSE");
    attr_int(x, "expectedLength", (long)(longest + 2));
    end(x);
}

static void body_text(qw *x, const assay_question *q)
{
    const char *blank = q->type == ASSAY_Q_CLOZE ? strstr(q->prompt, "____") : NULL;
    if (!blank) {
        para(x, q->prompt);
        raw_el(x, "p");
        mixed(x);
        text_entry(x, q);
        end(x);
        unmixed(x);
        return;
    }
    size_t pre = (size_t)(blank - q->prompt);
    char *before = malloc(pre + 1);
    if (!before) {
        x->nomem = x->bad = 1;
        return;
    }
    memcpy(before, q->prompt, pre);
    before[pre] = '\0';
    const char *after = blank;
    while (*after == '_')
        after++;
    raw_el(x, "p");
    mixed(x);
    lines(x, before);
    text_entry(x, q);
    lines(x, after);
    end(x);
    unmixed(x);
    free(before);
}

static void body_match(qw *x, const assay_question *q)
{
    el(x, "matchInteraction");
    attr(x, "responseIdentifier", "RESPONSE");
    attr(x, "shuffle", "false");
    attr_int(x, "maxAssociations", (long)q->n_pairs);
    prompt(x, has_text(q->prompt) ? q->prompt : "짝을 지으세요. (Match each item.)");
    char id[24];
    for (int side = 0; side < 2; side++) {
        el(x, "simpleMatchSet");
        for (size_t i = 0; i < q->n_pairs; i++) {
            snprintf(id, sizeof id, "%c%zu", side ? 'R' : 'L', i + 1);
            el(x, "simpleAssociableChoice");
            attr(x, "identifier", id);
            attr(x, "matchMax", "1");
            mixed(x);
            lines(x, side ? q->right[i] : q->left[i]);
            end(x);
            unmixed(x);
        }
        end(x);
    }
    end(x);
}

static void body_extended(qw *x, const assay_question *q)
{
    el(x, "extendedTextInteraction");
    attr(x, "responseIdentifier", "RESPONSE");
    attr(x, "expectedLines", "6");
    prompt(x, q->prompt);
    end(x);
}

/* The scorer's rubric: the reference answer (or the key of free text) and the source. */
static void rubric(qw *x, const exp_entry *e, shape sh)
{
    const char *ref = has_text(e->reference) ? e->reference : NULL;
    if (!ref && sh == SH_EXTENDED && has_text(e->q->answer))
        ref = e->q->answer;
    const char *src = has_text(e->source_file) ? e->source_file : e->q->source_file;
    long line = has_text(e->source_file) ? e->source_line : e->q->source_line;
    if (!ref && !has_text(src))
        return;
    el(x, "rubricBlock");
    attr(x, "view", "scorer");
    if (x->v3)
        el(x, "contentBody");
    if (ref) {
        raw_el(x, "p");
        mixed(x);
        chk(x, xmlTextWriterWriteString(x->w, BAD_CAST "참고 답안 (reference answer): "));
        lines(x, ref);
        end(x);
        unmixed(x);
    }
    if (has_text(src)) {
        char *s = malloc(strlen(src) + 32);
        if (!s) {
            x->nomem = x->bad = 1;
        } else {
            if (line > 0)
                snprintf(s, strlen(src) + 32, "출처 (source): %s:%ld", src, line);
            else
                snprintf(s, strlen(src) + 32, "출처 (source): %s", src);
            para(x, s);
            free(s);
        }
    }
    if (x->v3)
        end(x);
    end(x);
}

static void begin_doc(qw *x)
{
    chk(x, xmlTextWriterSetIndent(x->w, 1));
    chk(x, xmlTextWriterSetIndentString(x->w, BAD_CAST "  "));
    chk(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
}

static void item(qw *x, const exp_entry *e, const char *ident)
{
    const assay_question *q = e->q;
    shape sh = shape_of(q);
    begin_doc(x);
    el(x, "assessmentItem");
    raw_attr(x, "xmlns", x->v3 ? NS_QTI30 : NS_QTI21);
    raw_attr(x, "xmlns:xsi", NS_XSI);
    raw_attr(x, "xsi:schemaLocation", x->v3 ? NS_QTI30 " " XSD_QTI30 : NS_QTI21 " " XSD_QTI21);
    attr(x, "identifier", ident);
    const char *topic = has_text(e->topic) ? e->topic : (has_text(q->topic) ? q->topic : "");
    const char *id = has_text(e->item_id) ? e->item_id : (q->item_id ? q->item_id : "");
    size_t tcap = strlen(topic) + strlen(id) + 8;
    char *title = malloc(tcap);
    if (!title) {
        x->nomem = x->bad = 1;
        return;
    }
    if (*topic)
        snprintf(title, tcap, "%s (%s)", topic, id);
    else
        snprintf(title, tcap, "%s", id);
    attr(x, "title", title);
    free(title);
    attr(x, "label", id);
    raw_attr(x, "xml:lang", "ko");
    attr(x, "adaptive", "false");
    attr(x, "timeDependent", "false");
    declare(x, q, sh);
    el(x, "itemBody");
    switch (sh) {
    case SH_CHOICE: body_choice(x, q); break;
    case SH_TEXT: body_text(x, q); break;
    case SH_MATCH: body_match(x, q); break;
    case SH_EXTENDED: body_extended(x, q); break;
    }
    rubric(x, e, sh);
    end(x);
    if (sh != SH_EXTENDED) {
        const char *t = sh == SH_CHOICE ? "match_correct" : "map_response";
        char url[128];
        snprintf(url, sizeof url, "%s%s%s", x->v3 ? RP30 : RP21, t, x->v3 ? ".xml" : "");
        el(x, "responseProcessing");
        attr(x, "template", url);
        end(x);
    }
    end(x);
    chk(x, xmlTextWriterEndDocument(x->w));
}

/* ---- identifiers ---- */

/* "i" + the item id with anything outside [A-Za-z0-9._-] as "_" (a valid NCName: it starts with a
 * letter); a later question of the same item gets "_2", "_3", ... */
static void make_ids(const exp_set *set, char (*ids)[ID_CAP])
{
    for (size_t i = 0; i < set->n; i++) {
        const exp_entry *e = &set->v[i];
        const char *id = has_text(e->item_id) ? e->item_id : (e->q->item_id ? e->q->item_id : "");
        size_t k = 0;
        ids[i][k++] = 'i';
        for (const char *p = id; *p && k < 25; p++) {
            char c = *p;
            int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '.' || c == '-' || c == '_';
            ids[i][k++] = ok ? c : '_';
        }
        ids[i][k] = '\0';
    }
}

typedef struct id_ref {
    const char *id;
    size_t at;
} id_ref;

static int id_cmp(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return x->at < y->at ? -1 : x->at > y->at;
}

static assay_code dedupe_ids(exp_set *set, char (*ids)[ID_CAP])
{
    if (set->n < 2)
        return ASSAY_OK;
    id_ref *r = malloc(set->n * sizeof *r);
    if (!r) {
        snprintf(set->err, sizeof set->err, "QTI package: out of memory");
        return ASSAY_ENOMEM;
    }
    for (size_t i = 0; i < set->n; i++)
        r[i] = (id_ref){ids[i], i};
    qsort(r, set->n, sizeof *r, id_cmp);
    size_t run = 1;
    for (size_t i = 1; i < set->n; i++) {
        if (strcmp(r[i].id, r[i - 1].id) != 0) {
            run = 1;
            continue;
        }
        run++;
        size_t k = strlen(ids[r[i].at]);
        snprintf(ids[r[i].at] + k, ID_CAP - k, "_%zu", run);
    }
    free(r);
    return ASSAY_OK;
}

/* ---- documents and the package ---- */

static int qw_open(qw *x, int v3)
{
    memset(x, 0, sizeof *x);
    x->v3 = v3;
    x->buf = xmlBufferCreate();
    if (!x->buf)
        return -1;
    x->w = xmlNewTextWriterMemory(x->buf, 0);
    if (!x->w) {
        xmlBufferFree(x->buf);
        return -1;
    }
    return 0;
}

/* Ends the document and hands its bytes over (*out malloc'd) */
static assay_code qw_close(qw *x, exp_set *set, const char *what, unsigned char **out, size_t *len)
{
    xmlFreeTextWriter(x->w); /* flushes into the buffer */
    x->w = NULL;
    assay_code rc = ASSAY_OK;
    *out = NULL;
    if (x->bad) {
        snprintf(set->err, sizeof set->err, "QTI package: %s: %s", what,
                 x->nomem ? "out of memory" : "the XML writer failed");
        rc = x->nomem ? ASSAY_ENOMEM : ASSAY_EINTERNAL;
    } else {
        size_t n = (size_t)xmlBufferLength(x->buf);
        *out = malloc(n ? n : 1);
        if (!*out) {
            snprintf(set->err, sizeof set->err, "QTI package: out of memory");
            rc = ASSAY_ENOMEM;
        } else {
            memcpy(*out, xmlBufferContent(x->buf), n);
            *len = n;
        }
    }
    xmlBufferFree(x->buf);
    x->buf = NULL;
    return rc;
}

static void manifest(qw *x, const exp_set *set, char (*ids)[ID_CAP])
{
    char href[ID_CAP + 16], rid[ID_CAP + 8];
    begin_doc(x);
    raw_el(x, "manifest");
    raw_attr(x, "xmlns", x->v3 ? NS_CP30 : NS_CP11);
    raw_attr(x, "xmlns:xsi", NS_XSI);
    raw_attr(x, "xsi:schemaLocation", x->v3 ? NS_CP30 " " XSD_CP30 : NS_CP11 " " XSD_CP11);
    raw_attr(x, "identifier", "MANIFEST-assay");
    raw_el(x, "metadata");
    raw_el(x, "schema");
    chk(x, xmlTextWriterWriteString(x->w, BAD_CAST(x->v3 ? "QTI Package" : "QTIv2.1 Package")));
    end(x);
    raw_el(x, "schemaversion");
    chk(x, xmlTextWriterWriteString(x->w, BAD_CAST(x->v3 ? "3.0.0" : "1.0.0")));
    end(x);
    /* the package's title in LOM: IMS MD 1.2 for 2.1, IEEE LOM for 3.0 */
    const char *name = has_text(set->name) ? set->name : "assay";
    if (x->v3) {
        chk(x, xmlTextWriterStartElementNS(x->w, NULL, BAD_CAST "lom", BAD_CAST NS_LOM));
        raw_el(x, "general");
        raw_el(x, "title");
        raw_el(x, "string");
        raw_attr(x, "language", "ko");
    } else {
        chk(x,
            xmlTextWriterStartElementNS(x->w, BAD_CAST "imsmd", BAD_CAST "lom", BAD_CAST NS_MD12));
        chk(x, xmlTextWriterStartElementNS(x->w, BAD_CAST "imsmd", BAD_CAST "general", NULL));
        chk(x, xmlTextWriterStartElementNS(x->w, BAD_CAST "imsmd", BAD_CAST "title", NULL));
        chk(x, xmlTextWriterStartElementNS(x->w, BAD_CAST "imsmd", BAD_CAST "langstring", NULL));
        raw_attr(x, "xml:lang", "ko");
    }
    mixed(x);
    lines(x, name);
    end(x);
    unmixed(x);
    end(x);
    end(x);
    end(x);
    end(x); /* metadata */
    raw_el(x, "organizations");
    end(x);
    raw_el(x, "resources");
    for (size_t i = 0; i < set->n; i++) {
        snprintf(href, sizeof href, "items/%s.xml", ids[i]);
        snprintf(rid, sizeof rid, "R_%s", ids[i]);
        raw_el(x, "resource");
        raw_attr(x, "identifier", rid);
        raw_attr(x, "type", x->v3 ? "imsqti_item_xmlv3p0" : "imsqti_item_xmlv2p1");
        raw_attr(x, "href", href);
        raw_el(x, "file");
        raw_attr(x, "href", href);
        end(x);
        end(x);
    }
    end(x);
    end(x);
    chk(x, xmlTextWriterEndDocument(x->w));
}

static assay_code write_doc(exp_set *set, exp_zip *z, int v3, const char *name, const exp_entry *e,
                            const char *ident, char (*ids)[ID_CAP])
{
    qw x;
    if (qw_open(&x, v3) < 0) {
        snprintf(set->err, sizeof set->err, "QTI package: out of memory");
        return ASSAY_ENOMEM;
    }
    if (e)
        item(&x, e, ident);
    else
        manifest(&x, set, ids);
    unsigned char *doc;
    size_t n = 0;
    assay_code rc = qw_close(&x, set, name, &doc, &n);
    if (rc != ASSAY_OK)
        return rc;
    return exp_zip_add(z, name, doc, n);
}

static assay_code qti_package(exp_set *set, int v3, unsigned char **out, size_t *len)
{
    if (!set || !out || !len)
        return ASSAY_EUSAGE;
    *out = NULL;
    *len = 0;
    set->err[0] = '\0';
    if (set->n && !set->v) {
        snprintf(set->err, sizeof set->err, "QTI package: no questions given");
        return ASSAY_EUSAGE;
    }
    for (size_t i = 0; i < set->n; i++) {
        char why[160];
        if (entry_ok(&set->v[i], why, sizeof why) < 0) {
            snprintf(set->err, sizeof set->err, "QTI package: question %zu (item %s): %s", i + 1,
                     set->v[i].item_id ? set->v[i].item_id : "?", why);
            return ASSAY_EINPUT;
        }
    }
    char(*ids)[ID_CAP] = malloc((set->n ? set->n : 1) * sizeof *ids);
    if (!ids) {
        snprintf(set->err, sizeof set->err, "QTI package: out of memory");
        return ASSAY_ENOMEM;
    }
    make_ids(set, ids);
    assay_code rc = dedupe_ids(set, ids);
    exp_zip *z = rc == ASSAY_OK ? exp_zip_new(set) : NULL;
    if (rc == ASSAY_OK && !z)
        rc = ASSAY_ENOMEM;
    if (rc == ASSAY_OK)
        rc = write_doc(set, z, v3, "imsmanifest.xml", NULL, NULL, ids);
    char name[ID_CAP + 16];
    for (size_t i = 0; rc == ASSAY_OK && i < set->n; i++) {
        snprintf(name, sizeof name, "items/%s.xml", ids[i]);
        rc = write_doc(set, z, v3, name, &set->v[i], ids[i], ids);
    }
    free(ids);
    if (rc != ASSAY_OK) {
        exp_zip_discard(z);
        return rc;
    }
    return exp_zip_finish(z, out, len);
}

assay_code exp_qti21(exp_set *set, unsigned char **out, size_t *len)
{
    return qti_package(set, 0, out, len);
}

assay_code exp_qti30(exp_set *set, unsigned char **out, size_t *len)
{
    return qti_package(set, 1, out, len);
}
