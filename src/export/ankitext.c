/*
 * export/ankitext — Anki's plain-text import format (docs/formats.md, "Anki
 * text"): header lines #separator:tab, #html:true, #notetype:Basic,
 * #columns:, #deck column:, #tags column: and #guid column:, then one note a
 * line: GUID, Front (the question, options as a list), Back (the key, the
 * reference answer and its source), Deck ("assay::KB::NN topic::Level N"),
 * Tags. The guid is "assay-ITEM-TYPE", so importing again updates the notes.
 */
#include "export/export.h"

#include <string.h>

static const char *type_name(assay_qtype t)
{
    switch (t) {
    case ASSAY_Q_MCQ: return "mcq";
    case ASSAY_Q_TF: return "tf";
    case ASSAY_Q_CLOZE: return "cloze";
    case ASSAY_Q_MATCH: return "match";
    case ASSAY_Q_SCENARIO: return "scenario";
    default: return "short";
    }
}

/* HTML for one field: escaped, newlines as <br>, tabs as spaces (a tab ends the field). */
static void html(exp_buf *b, const char *s)
{
    exp_buf t = {0};
    for (const char *p = s ? s : ""; *p; p++)
        exp_put(&t, *p == '\t' ? " " : p, 1);
    if (t.failed)
        b->failed = 1;
    exp_put_html(b, t.p ? (const char *)t.p : "");
    exp_buf_free(&t);
}

/* A deck name part: "::" would start a sub-deck, so it becomes ":"; no tab, newline or quote. */
static void deck_part(exp_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        if (p[0] == ':' && p[1] == ':') {
            exp_put(b, ":", 1);
            p++;
        } else if (*p == '\t' || *p == '\n' || *p == '\r') {
            exp_put(b, " ", 1);
        } else if (*p == '"') {
            exp_put(b, "'", 1);
        } else {
            exp_put(b, p, 1);
        }
    }
}

static void letters(exp_buf *b, size_t k)
{
    exp_printf(b, "%c", (char)('A' + (int)(k % 26)));
}

static void front(exp_buf *b, const assay_question *q)
{
    html(b, q->prompt);
    if (q->type == ASSAY_Q_TF) {
        exp_puts(b, "<br><br>");
        html(b, q->statement);
        exp_puts(b, "<br><br>(O / X)");
    } else if (q->n_options > 0 && (q->type == ASSAY_Q_MCQ || q->type == ASSAY_Q_SCENARIO)) {
        exp_puts(b, "<ol type=\"A\">");
        for (size_t k = 0; k < q->n_options; k++) {
            exp_puts(b, "<li>");
            html(b, q->options[k]);
            exp_puts(b, "</li>");
        }
        exp_puts(b, "</ol>");
    } else if (q->type == ASSAY_Q_MATCH) {
        exp_puts(b, "<ol>");
        for (size_t k = 0; k < q->n_pairs; k++) {
            exp_puts(b, "<li>");
            html(b, q->left[k]);
            exp_puts(b, "</li>");
        }
        exp_puts(b, "</ol><ol type=\"A\">");
        for (size_t k = 0; k < q->n_pairs; k++) {
            exp_puts(b, "<li>");
            html(b, q->right[k]);
            exp_puts(b, "</li>");
        }
        exp_puts(b, "</ol>");
    }
}

static void back(exp_buf *b, const exp_entry *e)
{
    const assay_question *q = e->q;
    if (q->type == ASSAY_Q_TF) {
        exp_puts(b, q->key ? "O (true)" : "X (false)");
        exp_puts(b, "<hr>");
    } else if (q->n_options > 0 && (q->type == ASSAY_Q_MCQ || q->type == ASSAY_Q_SCENARIO) &&
               q->key >= 0 && (size_t)q->key < q->n_options) {
        letters(b, (size_t)q->key);
        exp_puts(b, ". ");
        html(b, q->options[q->key]);
        exp_puts(b, "<hr>");
    } else if (q->type == ASSAY_Q_CLOZE) {
        html(b, q->answer);
        int first = 1;
        for (size_t k = 0; k < q->n_accept; k++) {
            if (q->answer && strcmp(q->accept[k], q->answer) == 0)
                continue;
            exp_puts(b, first ? " (also: " : ", ");
            html(b, q->accept[k]);
            first = 0;
        }
        if (!first)
            exp_puts(b, ")");
        exp_puts(b, "<hr>");
    } else if (q->type == ASSAY_Q_MATCH) {
        for (size_t k = 0; k < q->n_pairs; k++) {
            exp_printf(b, "%s%zu → ", k ? "<br>" : "", k + 1);
            letters(b, (size_t)(q->pairs ? q->pairs[k] : (int)k));
        }
        exp_puts(b, "<hr>");
    }
    html(b, exp_reference(e));
    if (e->source_file && *e->source_file)
        exp_printf(b, "<br><small>Source: %s:%ld</small>", exp_basename(e->source_file),
                   e->source_line);
}

assay_code exp_anki_text(exp_set *set, unsigned char **out, size_t *len)
{
    exp_buf b = {0};
    exp_puts(&b, "#separator:tab\n#html:true\n#notetype:Basic\n#columns:GUID\tFront\tBack\tDeck\t"
                 "Tags\n#guid column:1\n#deck column:4\n#tags column:5\n");
    for (size_t i = 0; i < set->n && !b.failed; i++) {
        const exp_entry *e = &set->v[i];
        exp_puts(&b, "assay-");
        exp_unique_id(&b, set, i);
        exp_printf(&b, "-%s\t", type_name(e->q->type));
        front(&b, e->q);
        exp_put(&b, "\t", 1);
        back(&b, e);
        exp_puts(&b, "\tassay::");
        deck_part(&b, e->kb);
        if (e->topic && *e->topic) {
            exp_puts(&b, "::");
            if (e->topic_number > 0)
                exp_printf(&b, "%02d ", e->topic_number);
            deck_part(&b, e->topic);
        }
        if (e->level > 0) {
            exp_printf(&b, "::Level %d", e->level);
            if (e->level_label && *e->level_label) {
                exp_put(&b, " ", 1);
                deck_part(&b, e->level_label);
            }
        }
        exp_printf(&b, "\tassay assay::%s", type_name(e->q->type));
        if (e->kind && *e->kind)
            exp_printf(&b, " assay::kind::%s", e->kind);
        if (e->level > 0)
            exp_printf(&b, " assay::level::%d", e->level);
        exp_put(&b, "\n", 1);
    }
    return exp_finish(&b, set, out, len);
}
