/*
 * moodle — Moodle XML question files into the knowledge model
 * (REFERENCES.md §5), through libxml2's tree reader: no network
 * (XML_PARSE_NONET), no entity substitution, and a DOCTYPE refused outright
 * (no XXE, no entity expansion). <question type="category"> switches the
 * topic (and level) of what follows; multichoice (the best fraction is the
 * key, fractions <= 0 its authored distractors), truefalse, shortanswer (the
 * best answer, the other right ones accepted spellings), numerical, matching
 * (the pairs, one a line), essay (the grader information, else the general
 * feedback, is the reference answer) and cloze (the blanks "_____", the
 * right answers in order) are read; other types refuse the file. HTML text
 * becomes plain text. Errors name file:line.
 */
#include "kb/formats.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct mx {
    kb_flat *f;
    const char *file;
    kb_cat cat;
    int failed;
} mx;

static void fail(mx *m, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(mx *m, long line, const char *fmt, ...)
{
    if (m->failed)
        return;
    m->failed = 1;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set_at(m->f->e, ASSAY_EINPUT, m->file, line, 0, -1, "%s", msg);
}

static int is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

/* The plain text of element n's <text> child (HTML to text when the element
 * says format="html"), trimmed, NFC, in the document's arena; "" when none;
 * NULL when out of memory. */
static char *text_of(mx *m, xmlNode *n)
{
    xmlNode *t = child(n, "text");
    if (!t)
        return kb_flat_str(m->f, "", 0);
    xmlChar *fmt = xmlGetProp(n, (const xmlChar *)"format");
    int html = fmt && strcmp((const char *)fmt, "html") == 0;
    xmlFree(fmt);
    xmlChar *c = xmlNodeGetContent(t);
    const char *s = c ? (const char *)c : "";
    char *r;
    if (html) {
        buf h;
        buf_init(&h, strlen(s) * 4 + 16);
        r = kb_flat_html(&h, s, strlen(s)) == 0 ? kb_flat_str(m->f, buf_str(&h), h.len) : NULL;
        buf_free(&h);
    } else {
        r = kb_flat_str(m->f, s, strlen(s));
    }
    xmlFree(c);
    if (!r)
        m->f->oom = 1;
    return r;
}

/* An <answer>'s fraction (percent); -1 on error (reported). */
static int fraction(mx *m, xmlNode *a, double *out)
{
    xmlChar *fr = xmlGetProp(a, (const xmlChar *)"fraction");
    *out = 0;
    if (!fr)
        return 0;
    char *end;
    double v = strtod((const char *)fr, &end);
    int bad = end == (char *)fr || *end != '\0' || v < -100 || v > 100;
    if (bad)
        fail(m, xmlGetLineNo(a), "fraction \"%s\" is not a percentage between -100 and 100",
             (const char *)fr);
    xmlFree(fr);
    *out = v;
    return bad ? -1 : 0;
}

static const char *accept_json(mx *m, json_t *accept)
{
    if (!accept || !json_array_size(accept))
        return NULL;
    json_t *o = json_pack("{s:O}", "accept", accept);
    char *js = o ? json_dumps(o, JSON_COMPACT) : NULL;
    const char *d = js ? arena_strdup(&m->f->d->mem, js) : NULL;
    free(js);
    json_decref(o);
    if (!d)
        m->f->oom = 1;
    return d;
}

static void add(mx *m, const char *q, const char *a, const kb_strv *dis, const char *detail,
                long line)
{
    kb_flat_item(m->f, m->cat.topic, m->cat.level, m->cat.label, KB_LEVEL_QA, q, a, dis, detail,
                 line);
}

static int has_hangul(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((p[0] == 0xEA && p[1] >= 0xB0) || (p[0] >= 0xEB && p[0] <= 0xEC) ||
            (p[0] == 0xED && p[1] <= 0x9E))
            return 1;
    return 0;
}

/* multichoice, shortanswer, numerical, truefalse: from the <answer>s. */
static void answers(mx *m, xmlNode *qn, const char *type, const char *q, const char *name, long ql)
{
    int mc = strcmp(type, "multichoice") == 0;
    xmlNode *best = NULL;
    double bw = 0;
    size_t count = 0;
    for (xmlNode *a = qn->children; a && !m->failed; a = a->next) {
        if (!is_el(a, "answer"))
            continue;
        double w;
        if (fraction(m, a, &w) != 0)
            return;
        count++;
        if (!best || w > bw)
            best = a, bw = w;
    }
    if (m->failed)
        return;
    if (!best || bw <= 0) {
        fail(m, ql, "question \"%s\" (%s): no answer with a positive fraction", name, type);
        return;
    }
    char *key = text_of(m, best);
    if (!key)
        return;
    if (!key[0]) {
        fail(m, xmlGetLineNo(best), "question \"%s\": an empty answer", name);
        return;
    }
    if (strcmp(type, "truefalse") == 0) {
        int truth = strcasecmp(key, "true") == 0 || strcmp(key, "참") == 0;
        int falsity = strcasecmp(key, "false") == 0 || strcmp(key, "거짓") == 0;
        if (!truth && !falsity) {
            fail(m, xmlGetLineNo(best), "question \"%s\": a true/false answer is true or false",
                 name);
            return;
        }
        int ko = has_hangul(q);
        add(m, q, truth ? (ko ? "참" : "True") : (ko ? "거짓" : "False"), NULL, NULL, ql);
        return;
    }
    kb_strv dis = {0};
    json_t *accept = mc ? NULL : json_array();
    size_t partial = 0;
    for (xmlNode *a = qn->children; a && !m->failed && !m->f->oom; a = a->next) {
        if (!is_el(a, "answer") || a == best)
            continue;
        double w;
        (void)fraction(m, a, &w);
        char *t = text_of(m, a);
        if (!t)
            break;
        if (!t[0]) {
            if (mc)
                fail(m, xmlGetLineNo(a), "question \"%s\": an empty answer", name);
            continue;
        }
        if (!mc) {
            if (w > 0 && json_array_append_new(accept, json_string(t)) != 0)
                m->f->oom = 1;
        } else if (w <= 0) {
            kb_flat_push(m->f, &dis, t, strlen(t));
        } else {
            partial++;
        }
    }
    if (!m->failed && !m->f->oom) {
        if (partial)
            kb_flat_warn(m->f, ql, "%zu partly correct option(s) besides the key are not kept",
                         partial);
        if (mc && count < 2)
            kb_flat_warn(m->f, ql, "question \"%s\": multiple choice with one option", name);
        add(m, q, key, &dis, accept_json(m, accept), ql);
    }
    json_decref(accept);
}

static void matching(mx *m, xmlNode *qn, const char *q, const char *name, long ql)
{
    buf pairs;
    buf_init(&pairs, (size_t)1 << 24);
    int bad = 0;
    for (xmlNode *s = qn->children; s && !bad && !m->f->oom; s = s->next) {
        if (!is_el(s, "subquestion"))
            continue;
        char *l = text_of(m, s);
        char *r = text_of(m, child(s, "answer"));
        if (!l || !r)
            break;
        if (!l[0])
            continue; /* a right side only: an extra wrong answer */
        if (!r[0]) {
            fail(m, xmlGetLineNo(s), "question \"%s\": a subquestion without its answer", name);
            break;
        }
        bad = (pairs.len && buf_addc(&pairs, '\n')) || buf_adds(&pairs, l) ||
              buf_adds(&pairs, " → ") || buf_adds(&pairs, r);
    }
    if (bad)
        m->f->oom = 1;
    if (!m->failed && !m->f->oom) {
        if (!pairs.len)
            fail(m, ql, "question \"%s\": matching without subquestions", name);
        else
            add(m, q, kb_flat_str(m->f, buf_str(&pairs), pairs.len), NULL, NULL, ql);
    }
    buf_free(&pairs);
}

/* One embedded answer "{1:MULTICHOICE:=right#fb~wrong}" at s[0..n): its
 * right answer into *right, the wrong ones into dis (multiple choice only). */
static int cloze_part(mx *m, const char *s, size_t n, char **right, kb_strv *dis, long line,
                      const char *name)
{
    size_t c1 = 0;
    while (c1 < n && s[c1] != ':')
        c1++;
    size_t c2 = c1 + 1;
    while (c2 < n && s[c2] != ':')
        c2++;
    if (c1 >= n || c2 >= n) {
        fail(m, line, "question \"%s\": an embedded answer is {N:TYPE:answers}", name);
        return -1;
    }
    char type[32];
    size_t tl = c2 - c1 - 1 < sizeof type - 1 ? c2 - c1 - 1 : sizeof type - 1;
    memcpy(type, s + c1 + 1, tl);
    type[tl] = '\0';
    int mc = strncasecmp(type, "MULTICHOICE", 11) == 0 || strcasecmp(type, "MC") == 0 ||
             strcasecmp(type, "MCV") == 0 || strcasecmp(type, "MCH") == 0 ||
             strcasecmp(type, "MCS") == 0 || strcasecmp(type, "MCVS") == 0 ||
             strcasecmp(type, "MCHS") == 0;
    double bw = -1e9;
    *right = NULL;
    buf t;
    buf_init(&t, n + 1);
    for (size_t i = c2 + 1; i < n && !m->failed;) {
        size_t e = i;
        while (e < n && !(s[e] == '~' && s[e - 1] != '\\'))
            e++;
        size_t a = i, b = e;
        double w = 0;
        if (a < b && s[a] == '=') {
            w = 100;
            a++;
        } else if (a < b && s[a] == '%') {
            char *end;
            w = strtod(s + a + 1, &end);
            if (*end != '%') {
                fail(m, line, "question \"%s\": a weight in an embedded answer is %%N%%", name);
                break;
            }
            a = (size_t)(end - s) + 1;
        }
        for (size_t k = a; k < b; k++)
            if (s[k] == '#' && s[k - 1] != '\\') {
                b = k;
                break;
            }
        buf_reset(&t);
        for (size_t k = a; k < b; k++) {
            if (s[k] == '\\' && k + 1 < b)
                k++;
            if (buf_addc(&t, s[k]) != 0)
                m->f->oom = 1;
        }
        char *txt = kb_flat_str(m->f, buf_str(&t), t.len);
        if (!txt)
            break;
        if (w > bw) {
            if (*right && mc && bw <= 0)
                kb_flat_push(m->f, dis, *right, strlen(*right));
            *right = txt;
            bw = w;
        } else if (mc && w <= 0 && txt[0]) {
            kb_flat_push(m->f, dis, txt, strlen(txt));
        }
        i = e + 1;
    }
    buf_free(&t);
    if (!m->failed && (!*right || bw <= 0 || !(*right)[0])) {
        fail(m, line, "question \"%s\": an embedded answer without a right answer", name);
        return -1;
    }
    return m->failed ? -1 : 0;
}

static void cloze(mx *m, const char *text, const char *name, long ql)
{
    buf q, a;
    size_t n = strlen(text);
    buf_init(&q, n * 2 + 16);
    buf_init(&a, n * 2 + 16);
    kb_strv dis = {0};
    size_t parts = 0;
    int bad = 0;
    for (size_t i = 0; i < n && !m->failed && !bad;) {
        size_t k = i;
        while (k < n && !(text[k] == '{' && (k == 0 || text[k - 1] != '\\')))
            k++;
        bad = buf_add(&q, text + i, k - i) != 0;
        if (k >= n)
            break;
        size_t e = k + 1;
        while (e < n && !(text[e] == '}' && text[e - 1] != '\\'))
            e++;
        if (e >= n) {
            fail(m, ql, "question \"%s\": an embedded answer '{' is not closed", name);
            break;
        }
        char *right = NULL;
        kb_strv d = {0};
        if (cloze_part(m, text + k + 1, e - k - 1, &right, &d, ql, name) != 0)
            break;
        parts++;
        dis = d;
        bad = buf_adds(&q, "_____") || (a.len && buf_adds(&a, ", ")) || buf_adds(&a, right);
        i = e + 1;
    }
    if (bad)
        m->f->oom = 1;
    if (!m->failed && !m->f->oom) {
        if (!parts)
            fail(m, ql, "question \"%s\": a cloze question without embedded answers", name);
        else
            add(m, kb_flat_str(m->f, buf_str(&q), q.len), kb_flat_str(m->f, buf_str(&a), a.len),
                parts == 1 ? &dis : NULL, NULL, ql);
    }
    buf_free(&q);
    buf_free(&a);
}

static void question(mx *m, xmlNode *qn)
{
    long ql = xmlGetLineNo(qn);
    xmlChar *ty = xmlGetProp(qn, (const xmlChar *)"type");
    if (!ty) {
        fail(m, ql, "a <question> without a type attribute");
        return;
    }
    char type[64];
    snprintf(type, sizeof type, "%s", (const char *)ty);
    xmlFree(ty);
    if (strcmp(type, "category") == 0) {
        char *path = text_of(m, child(qn, "category"));
        if (path)
            kb_flat_category(m->f, path, strlen(path), &m->cat);
        return;
    }
    char *name = text_of(m, child(qn, "name"));
    char *q = text_of(m, child(qn, "questiontext"));
    if (!name || !q)
        return;
    if (strcmp(type, "description") == 0) {
        kb_flat_warn(m->f, ql, "question \"%s\": a description has no answer: skipped", name);
        m->f->skipped++;
        return;
    }
    static const char *const known[] = {"multichoice", "truefalse", "shortanswer", "numerical",
                                        "matching",    "essay",     "cloze"};
    int ok = 0;
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        ok |= strcmp(type, known[k]) == 0;
    if (!ok) {
        fail(m, ql,
             "question \"%s\": question type \"%s\" is not supported (multichoice, truefalse, "
             "shortanswer, numerical, matching, essay, cloze, description, category)",
             name, type);
        return;
    }
    if (strcmp(type, "cloze") == 0) {
        /* the embedded answers are in the raw text, before HTML is undone */
        xmlNode *qt = child(qn, "questiontext");
        xmlChar *raw = xmlNodeGetContent(child(qt, "text"));
        xmlChar *fmt = xmlGetProp(qt, (const xmlChar *)"format");
        const char *s = raw ? (const char *)raw : "";
        buf h;
        buf_init(&h, strlen(s) * 4 + 16);
        int bad = fmt && strcmp((const char *)fmt, "html") == 0 ? kb_flat_html(&h, s, strlen(s))
                                                                : buf_adds(&h, s);
        xmlFree(raw);
        xmlFree(fmt);
        if (bad)
            m->f->oom = 1;
        else
            cloze(m, buf_str(&h), name, ql);
        buf_free(&h);
        return;
    }
    if (!q[0]) {
        fail(m, ql, "question \"%s\": no question text", name);
        return;
    }
    if (strcmp(type, "matching") == 0) {
        matching(m, qn, q, name, ql);
        return;
    }
    if (strcmp(type, "essay") == 0) {
        char *ref = text_of(m, child(qn, "graderinfo"));
        if (ref && !ref[0])
            ref = text_of(m, child(qn, "generalfeedback"));
        if (!ref)
            return;
        if (!ref[0]) {
            kb_flat_warn(m->f, ql,
                         "question \"%s\": an essay without grader information or general "
                         "feedback has no reference answer: skipped",
                         name);
            m->f->skipped++;
            return;
        }
        add(m, q, ref, NULL, NULL, ql);
        return;
    }
    answers(m, qn, type, q, name, ql);
}

typedef struct xerr {
    int set;
    long line;
    char msg[256];
} xerr;

static void on_xml_error(void *ud, xmlErrorPtr err)
{
    xerr *x = ud;
    if (x->set || !err || err->level < XML_ERR_ERROR)
        return;
    x->set = 1;
    x->line = err->line;
    snprintf(x->msg, sizeof x->msg, "%s", err->message ? err->message : "malformed XML");
    size_t l = strlen(x->msg);
    while (l && (x->msg[l - 1] == '\n' || x->msg[l - 1] == ' '))
        x->msg[--l] = '\0';
}

/* The line of the first "<!DOCTYPE" or "<!ENTITY", or 0. */
static long doctype_line(const char *s, size_t n)
{
    long line = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            line++;
        else if (s[i] == '<' && i + 2 < n && s[i + 1] == '!' &&
                 ((n - i >= 9 && memcmp(s + i, "<!DOCTYPE", 9) == 0) ||
                  (n - i >= 8 && memcmp(s + i, "<!ENTITY", 8) == 0)))
            return line;
    }
    return 0;
}

assay_code kb_parse_moodle(const char *file, const char *data, size_t n, const kb_opts *o,
                           kb_doc **out, errinfo *e)
{
    *out = NULL;
    kb_flat f;
    assay_code rc = kb_flat_begin(&f, file, data, n, o, 0, e);
    if (rc != ASSAY_OK)
        return rc;
    mx m = {&f, f.d->file, {NULL, 0, ""}, 0};
    long dt = doctype_line(data, n);
    if (dt) {
        kb_flat_abort(&f);
        return err_set_at(e, ASSAY_EINPUT, file, dt, 0, -1,
                          "a DOCTYPE or entity declaration: not accepted in Moodle XML (no "
                          "entities, no external files)");
    }
    if (n > INT_MAX) {
        kb_flat_abort(&f);
        return err_set_at(e, ASSAY_EINPUT, file, 0, 0, -1, "too large for the XML reader");
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        kb_flat_abort(&f);
        return err_set(e, ASSAY_ENOMEM, "out of memory");
    }
    xerr x = {0, 0, ""};
    xmlSetStructuredErrorFunc(&x, on_xml_error);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)n, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING |
                                          XML_PARSE_NOERROR);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc || x.set) {
        if (!x.set) {
            const xmlError *le = xmlCtxtGetLastError(ctxt);
            x.line = le ? le->line : 0;
            snprintf(x.msg, sizeof x.msg, "%s", le && le->message ? le->message : "malformed");
        }
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        kb_flat_abort(&f);
        return err_set_at(e, ASSAY_EINPUT, file, x.line, 0, -1, "bad XML: %s", x.msg);
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset) {
        fail(&m, 1, "a DOCTYPE: not accepted in Moodle XML");
    } else if (!is_el(root, "quiz")) {
        fail(&m, root ? xmlGetLineNo(root) : 1, "the root element is <%s>; Moodle XML has <quiz>",
             root ? (const char *)root->name : "");
    } else {
        for (xmlNode *c = root->children; c && !m.failed && !f.oom; c = c->next)
            if (is_el(c, "question"))
                question(&m, c);
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    if (m.failed) {
        kb_flat_abort(&f);
        return ASSAY_EINPUT;
    }
    return kb_flat_end(&f, out);
}
