/*
 * export/gift — Moodle GIFT text (../shared/REFERENCES.md §5; docs/formats.md):
 * a `$CATEGORY:` line whenever knowledge base, topic or level change, then per
 * question `// [id:ITEM] [tag:TYPE]`, `::name::`, the text and its answer block
 * with the general feedback (reference answer and source) after `####`.
 * Multiple choice and scenarios with options → `=key ~other`, true/false →
 * TRUE/FALSE, cloze → short answer with the term and its aliases, matching →
 * `=left -> right`, short answer and written scenarios → essay `{}`. Every
 * special character is escaped; no weights (all keys are 100%).
 */
#include "export/export.h"

#include <string.h>

/* Text a GIFT parser reads back as s: ~ = # { } : \ escaped, newlines as \n,
 * CR dropped. A text that would start like a format marker ([html], ...) or,
 * in an answer, like a weight (%) starts with an escaped newline, which both
 * Moodle and gift-pegjs trim away. */
static void gift_text(exp_buf *b, const char *s, int answer)
{
    if (!s || !*s) {
        exp_puts(b, "\\n"); /* a text may not be empty; this one reads back as "" */
        return;
    }
    static const char *const markers[] = {"[html]", "[moodle]", "[plain]", "[markdown]"};
    int guard = answer && s[0] == '%';
    for (size_t i = 0; !guard && i < sizeof markers / sizeof markers[0]; i++)
        guard = strncmp(s, markers[i], strlen(markers[i])) == 0;
    if (guard)
        exp_puts(b, "\\n");
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '\\': rep = "\\\\"; break;
        case '~': rep = "\\~"; break;
        case '=': rep = "\\="; break;
        case '#': rep = "\\#"; break;
        case '{': rep = "\\{"; break;
        case '}': rep = "\\}"; break;
        case ':': rep = "\\:"; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = ""; break;
        default: break;
        }
        if (rep) {
            exp_put(b, run, (size_t)(p - run));
            exp_puts(b, rep);
            run = p + 1;
        }
    }
    exp_puts(b, run);
}

/* The left side of a matching pair: "->" would end it early, so it becomes "→". */
static void gift_left(exp_buf *b, const char *s)
{
    exp_buf t = {0};
    for (const char *p = s ? s : ""; *p; p++) {
        if (p[0] == '-' && p[1] == '>') {
            exp_puts(&t, "\xe2\x86\x92");
            p++;
        } else {
            exp_put(&t, p, 1);
        }
    }
    if (t.failed)
        b->failed = 1;
    gift_text(b, t.p ? (const char *)t.p : "", 1);
    exp_buf_free(&t);
}

/* The question's name: the first line of its prompt, at most 60 characters. */
static void gift_name(exp_buf *b, const assay_question *q)
{
    const char *s = q->prompt ? q->prompt : "";
    size_t n = strcspn(s, "\n"), chars = 0, i = 0;
    while (i < n && chars < 60) {
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
        b->failed = 1;
    exp_puts(b, "::");
    gift_text(b, t.p ? (const char *)t.p : "", 0);
    exp_puts(b, "::");
    exp_buf_free(&t);
}

static void gift_feedback(exp_buf *b, const exp_entry *e)
{
    exp_buf t = {0};
    exp_feedback(&t, e);
    if (t.failed)
        b->failed = 1;
    if (t.n) {
        exp_puts(b, "\t####");
        gift_text(b, (const char *)t.p, 0);
        exp_puts(b, "\n");
    }
    exp_buf_free(&t);
}

static const char *gift_type(const assay_question *q)
{
    switch (q->type) {
    case ASSAY_Q_MCQ: return "mcq";
    case ASSAY_Q_TF: return "tf";
    case ASSAY_Q_CLOZE: return "cloze";
    case ASSAY_Q_MATCH: return "match";
    case ASSAY_Q_SCENARIO: return "scenario";
    default: return "short";
    }
}

static void gift_question(exp_buf *b, const exp_set *set, size_t i)
{
    const exp_entry *e = &set->v[i];
    const assay_question *q = e->q;
    exp_puts(b, "// [id:");
    exp_unique_id(b, set, i);
    exp_printf(b, "] [tag:%s]\n", gift_type(q));
    gift_name(b, q);
    if (q->type == ASSAY_Q_TF) {
        exp_buf t = {0};
        exp_puts(&t, q->prompt);
        exp_puts(&t, "\n\n");
        exp_puts(&t, q->statement);
        if (t.failed)
            b->failed = 1;
        gift_text(b, t.p ? (const char *)t.p : "", 0);
        exp_buf_free(&t);
    } else {
        gift_text(b, q->prompt, 0);
    }
    exp_puts(b, " {");
    if (q->type == ASSAY_Q_TF) {
        exp_puts(b, q->key ? "TRUE\n" : "FALSE\n");
    } else if ((q->type == ASSAY_Q_MCQ || q->type == ASSAY_Q_SCENARIO) && q->n_options > 0) {
        exp_puts(b, "\n");
        for (size_t k = 0; k < q->n_options; k++) {
            exp_puts(b, (int)k == q->key ? "\t=" : "\t~");
            gift_text(b, q->options[k], 1);
            exp_puts(b, "\n");
        }
    } else if (q->type == ASSAY_Q_CLOZE) {
        exp_puts(b, "\n\t=");
        gift_text(b, q->answer, 1);
        exp_puts(b, "\n");
        for (size_t k = 0; k < q->n_accept; k++) {
            int dup = q->answer && strcmp(q->accept[k], q->answer) == 0;
            for (size_t j = 0; !dup && j < k; j++)
                dup = strcmp(q->accept[j], q->accept[k]) == 0;
            if (dup)
                continue;
            exp_puts(b, "\t=");
            gift_text(b, q->accept[k], 1);
            exp_puts(b, "\n");
        }
    } else if (q->type == ASSAY_Q_MATCH) {
        exp_puts(b, "\n");
        for (size_t k = 0; k < q->n_pairs; k++) {
            exp_puts(b, "\t=");
            gift_left(b, q->left[k]);
            exp_puts(b, " -> ");
            int r = q->pairs ? q->pairs[k] : (int)k;
            gift_text(b, r >= 0 && (size_t)r < q->n_pairs ? q->right[r] : "", 1);
            exp_puts(b, "\n");
        }
    } else {
        exp_puts(b, "\n"); /* essay */
    }
    gift_feedback(b, e);
    exp_puts(b, "}\n\n");
}

assay_code exp_gift(exp_set *set, unsigned char **out, size_t *len)
{
    exp_buf b = {0};
    exp_printf(&b, "// assay export (GIFT): %zu question%s of ", set->n, set->n == 1 ? "" : "s");
    for (const char *p = set->name ? set->name : ""; *p; p++)
        exp_put(&b, *p == '\n' ? " " : p, 1);
    exp_puts(&b, "\n\n");
    for (size_t i = 0; i < set->n && !b.failed; i++) {
        if (i == 0 || !exp_same_category(&set->v[i - 1], &set->v[i])) {
            exp_puts(&b, "$CATEGORY: $course$/top/");
            exp_category(&b, &set->v[i]);
            exp_puts(&b, "\n\n");
        }
        gift_question(&b, set, i);
    }
    return exp_finish(&b, set, out, len);
}
