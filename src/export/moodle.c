/*
 * export/moodle — Moodle XML (../shared/REFERENCES.md §5; docs/formats.md) through
 * libxml2's xmlTextWriter: <quiz> with a category question whenever knowledge
 * base, topic or level change, then multichoice (multiple choice, scenarios
 * with options), truefalse, cloze (embedded answers: the blank becomes
 * {1:SHORTANSWER:=term~=alias}; shortanswer when the prompt has no blank),
 * matching and essay (short answer, written scenarios; the reference answer
 * as grader information). Texts are HTML in CDATA; idnumber is the item id.
 */
#include "export/export.h"

#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

typedef struct mx {
    xmlTextWriterPtr w;
    int bad;
} mx;

static void chk(mx *m, int rc)
{
    if (rc < 0)
        m->bad = 1;
}

static void start(mx *m, const char *name)
{
    chk(m, xmlTextWriterStartElement(m->w, BAD_CAST name));
}

static void end(mx *m)
{
    chk(m, xmlTextWriterEndElement(m->w));
}

static void attr(mx *m, const char *name, const char *value)
{
    chk(m, xmlTextWriterWriteAttribute(m->w, BAD_CAST name, BAD_CAST value));
}

static void element(mx *m, const char *name, const char *text)
{
    chk(m, xmlTextWriterWriteElement(m->w, BAD_CAST name, BAD_CAST text));
}

/* <name format="html"><text><![CDATA[html]]></text></name>; the HTML is already
 * escaped, so "]]>" cannot occur in it (every '>' is &gt;). */
static void html_field(mx *m, const char *name, exp_buf *html)
{
    if (html->failed)
        m->bad = 1;
    start(m, name);
    attr(m, "format", "html");
    start(m, "text");
    if (html->n)
        chk(m, xmlTextWriterWriteCDATA(m->w, BAD_CAST html->p));
    else
        chk(m, xmlTextWriterWriteString(m->w, BAD_CAST ""));
    end(m);
    end(m);
}

static void html_text(mx *m, const char *name, const char *plain)
{
    exp_buf h = {0};
    if (plain && *plain) {
        exp_puts(&h, "<p>");
        exp_put_html(&h, plain);
        exp_puts(&h, "</p>");
    }
    html_field(m, name, &h);
    exp_buf_free(&h);
}

/* <name><text>plain</text></name> */
static void plain_field(mx *m, const char *name, const char *text)
{
    start(m, name);
    element(m, "text", text ? text : "");
    end(m);
}

/* The question's name: the first line of its prompt, at most 80 characters. */
static void q_name(mx *m, const assay_question *q)
{
    const char *s = q->prompt ? q->prompt : "";
    size_t n = strcspn(s, "\n"), chars = 0, i = 0;
    while (i < n && chars < 80) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    exp_buf t = {0};
    exp_put(&t, s, i);
    if (i < n)
        exp_puts(&t, "\xe2\x80\xa6");
    if (t.failed)
        m->bad = 1;
    plain_field(m, "name", t.p ? (const char *)t.p : "");
    exp_buf_free(&t);
}

/* What every question carries after its text: general feedback, grade, penalty, idnumber. */
static void q_common(mx *m, const exp_set *set, size_t i, const char *penalty)
{
    exp_buf fb = {0};
    exp_feedback(&fb, &set->v[i]);
    html_text(m, "generalfeedback", fb.p ? (const char *)fb.p : "");
    exp_buf_free(&fb);
    element(m, "defaultgrade", "1");
    element(m, "penalty", penalty);
    element(m, "hidden", "0");
    exp_buf id = {0};
    exp_unique_id(&id, set, i);
    if (id.failed)
        m->bad = 1;
    element(m, "idnumber", id.p ? (const char *)id.p : "");
    exp_buf_free(&id);
}

static void answer(mx *m, const char *fraction, const char *text, int html)
{
    start(m, "answer");
    attr(m, "fraction", fraction);
    if (html) {
        attr(m, "format", "html");
        exp_buf h = {0};
        exp_put_html(&h, text);
        start(m, "text");
        if (h.failed)
            m->bad = 1;
        if (h.n)
            chk(m, xmlTextWriterWriteCDATA(m->w, BAD_CAST h.p));
        end(m);
        exp_buf_free(&h);
    } else {
        attr(m, "format", "moodle_auto_format");
        element(m, "text", text ? text : "");
    }
    start(m, "feedback");
    attr(m, "format", "html");
    element(m, "text", "");
    end(m);
    end(m);
}

/* A cloze answer inside {1:SHORTANSWER:...}: } # ~ / " \ escaped with a
 * backslash (Moodle's embedded answers), then & < > as HTML. */
static void cloze_answer(exp_buf *h, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '}':
        case '#':
        case '~':
        case '/':
        case '"':
        case '\\': exp_put(h, "\\", 1), exp_put(h, p, 1); break;
        case '&': exp_puts(h, "&amp;"); break;
        case '<': exp_puts(h, "&lt;"); break;
        case '>': exp_puts(h, "&gt;"); break;
        case '\n':
        case '\r': exp_puts(h, " "); break;
        default: exp_put(h, p, 1);
        }
    }
}

static void q_multichoice(mx *m, const exp_set *set, size_t i)
{
    const assay_question *q = set->v[i].q;
    start(m, "question");
    attr(m, "type", "multichoice");
    q_name(m, q);
    html_text(m, "questiontext", q->prompt);
    q_common(m, set, i, "0.3333333");
    element(m, "single", "true");
    element(m, "shuffleanswers", "true");
    element(m, "answernumbering", "abc");
    for (size_t k = 0; k < q->n_options; k++)
        answer(m, (int)k == q->key ? "100" : "0", q->options[k], 1);
    end(m);
}

static void q_truefalse(mx *m, const exp_set *set, size_t i)
{
    const assay_question *q = set->v[i].q;
    start(m, "question");
    attr(m, "type", "truefalse");
    q_name(m, q);
    exp_buf h = {0};
    exp_puts(&h, "<p>");
    exp_put_html(&h, q->prompt);
    exp_puts(&h, "</p><p>");
    exp_put_html(&h, q->statement);
    exp_puts(&h, "</p>");
    html_field(m, "questiontext", &h);
    exp_buf_free(&h);
    q_common(m, set, i, "1");
    answer(m, q->key ? "100" : "0", "true", 0);
    answer(m, q->key ? "0" : "100", "false", 0);
    end(m);
}

/* The term and its aliases, each once. */
static size_t cloze_terms(const assay_question *q, const char **terms, size_t cap)
{
    size_t n = 0;
    if (q->answer && *q->answer && n < cap)
        terms[n++] = q->answer;
    for (size_t k = 0; k < q->n_accept && n < cap; k++) {
        int dup = 0;
        for (size_t j = 0; !dup && j < n; j++)
            dup = strcmp(terms[j], q->accept[k]) == 0;
        if (!dup && *q->accept[k])
            terms[n++] = q->accept[k];
    }
    return n;
}

static void q_cloze(mx *m, const exp_set *set, size_t i)
{
    const assay_question *q = set->v[i].q;
    const char *terms[64];
    size_t nt = cloze_terms(q, terms, sizeof terms / sizeof terms[0]);
    const char *prompt = q->prompt ? q->prompt : "";
    const char *blank = strstr(prompt, "____");
    start(m, "question");
    if (blank && nt) {
        attr(m, "type", "cloze");
        q_name(m, q);
        exp_buf h = {0}, before = {0};
        exp_put(&before, prompt, (size_t)(blank - prompt));
        exp_puts(&h, "<p>");
        exp_put_html(&h, before.p ? (const char *)before.p : "");
        exp_puts(&h, "{1:SHORTANSWER:");
        for (size_t k = 0; k < nt; k++) {
            exp_puts(&h, k ? "~=" : "=");
            cloze_answer(&h, terms[k]);
        }
        exp_puts(&h, "}");
        const char *after = blank;
        while (*after == '_')
            after++;
        exp_put_html(&h, after);
        exp_puts(&h, "</p>");
        if (before.failed)
            m->bad = 1;
        html_field(m, "questiontext", &h);
        exp_buf_free(&h);
        exp_buf_free(&before);
        q_common(m, set, i, "0.3333333");
    } else {
        attr(m, "type", "shortanswer");
        q_name(m, q);
        html_text(m, "questiontext", prompt);
        q_common(m, set, i, "0.3333333");
        element(m, "usecase", "0");
        for (size_t k = 0; k < nt; k++)
            answer(m, "100", terms[k], 0);
    }
    end(m);
}

static void q_matching(mx *m, const exp_set *set, size_t i)
{
    const assay_question *q = set->v[i].q;
    start(m, "question");
    attr(m, "type", "matching");
    q_name(m, q);
    html_text(m, "questiontext", q->prompt);
    q_common(m, set, i, "0.3333333");
    element(m, "shuffleanswers", "true");
    for (size_t k = 0; k < q->n_pairs; k++) {
        int r = q->pairs ? q->pairs[k] : (int)k;
        start(m, "subquestion");
        attr(m, "format", "html");
        exp_buf h = {0};
        exp_puts(&h, "<p>");
        exp_put_html(&h, q->left[k]);
        exp_puts(&h, "</p>");
        start(m, "text");
        if (h.failed)
            m->bad = 1;
        chk(m, xmlTextWriterWriteCDATA(m->w, BAD_CAST(h.p ? (const char *)h.p : "")));
        end(m);
        exp_buf_free(&h);
        plain_field(m, "answer", r >= 0 && (size_t)r < q->n_pairs ? q->right[r] : "");
        end(m);
    }
    end(m);
}

static void q_essay(mx *m, const exp_set *set, size_t i)
{
    const assay_question *q = set->v[i].q;
    start(m, "question");
    attr(m, "type", "essay");
    q_name(m, q);
    html_text(m, "questiontext", q->prompt);
    q_common(m, set, i, "0");
    element(m, "responseformat", "editor");
    element(m, "responserequired", "1");
    element(m, "responsefieldlines", "15");
    element(m, "attachments", "0");
    element(m, "attachmentsrequired", "0");
    html_text(m, "graderinfo", exp_reference(&set->v[i]));
    html_text(m, "responsetemplate", "");
    end(m);
}

static void q_category(mx *m, const exp_entry *e)
{
    exp_buf path = {0};
    exp_puts(&path, "$course$/top/");
    exp_category(&path, e);
    if (path.failed)
        m->bad = 1;
    start(m, "question");
    attr(m, "type", "category");
    plain_field(m, "category", path.p ? (const char *)path.p : "");
    start(m, "info");
    attr(m, "format", "moodle_auto_format");
    element(m, "text", "");
    end(m);
    end(m);
    exp_buf_free(&path);
}

assay_code exp_moodle_xml(exp_set *set, unsigned char **out, size_t *len)
{
    xmlBufferPtr buf = xmlBufferCreate();
    mx m = {buf ? xmlNewTextWriterMemory(buf, 0) : NULL, 0};
    if (!m.w) {
        if (buf)
            xmlBufferFree(buf);
        return exp_fail(set, ASSAY_ENOMEM, "out of memory (Moodle XML writer)");
    }
    chk(&m, xmlTextWriterSetIndent(m.w, 1));
    chk(&m, xmlTextWriterSetIndentString(m.w, BAD_CAST "  "));
    chk(&m, xmlTextWriterStartDocument(m.w, "1.0", "UTF-8", NULL));
    start(&m, "quiz");
    {
        exp_buf c = {0};
        exp_printf(&c, " assay export (Moodle XML): %zu question%s of %s ", set->n,
                   set->n == 1 ? "" : "s", set->name ? set->name : "");
        /* "--" may not occur in a comment */
        for (size_t k = 0; c.p && k + 1 < c.n; k++)
            if (c.p[k] == '-' && c.p[k + 1] == '-')
                c.p[k + 1] = ' ';
        if (c.failed)
            m.bad = 1;
        chk(&m, xmlTextWriterWriteComment(m.w, BAD_CAST(c.p ? (const char *)c.p : "")));
        exp_buf_free(&c);
    }
    for (size_t i = 0; i < set->n && !m.bad; i++) {
        const exp_entry *e = &set->v[i];
        if (i == 0 || !exp_same_category(&set->v[i - 1], e))
            q_category(&m, e);
        switch (e->q->type) {
        case ASSAY_Q_MCQ: q_multichoice(&m, set, i); break;
        case ASSAY_Q_TF: q_truefalse(&m, set, i); break;
        case ASSAY_Q_CLOZE: q_cloze(&m, set, i); break;
        case ASSAY_Q_MATCH: q_matching(&m, set, i); break;
        case ASSAY_Q_SCENARIO:
            if (e->q->n_options > 0)
                q_multichoice(&m, set, i);
            else
                q_essay(&m, set, i);
            break;
        default: q_essay(&m, set, i); break;
        }
    }
    end(&m);
    chk(&m, xmlTextWriterEndDocument(m.w));
    xmlFreeTextWriter(m.w);
    assay_code rc = ASSAY_OK;
    if (m.bad) {
        rc = exp_fail(set, ASSAY_ENOMEM, "out of memory writing Moodle XML");
    } else {
        exp_buf b = {0};
        exp_put(&b, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
        rc = exp_finish(&b, set, out, len);
    }
    xmlBufferFree(buf);
    return rc;
}
