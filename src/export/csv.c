/*
 * export/csv — one row per question, RFC 4180 (CRLF after every record, a field
 * with a comma, quote, CR or LF in double quotes, quotes doubled), UTF-8
 * without a byte order mark, a header row. The columns are documented in
 * docs/formats.md ("CSV"); lists (options, matching's left side, aliases) hold
 * one entry a line inside their field.
 */
#include "export/export.h"

#include <stdio.h>
#include <string.h>

static const char *const columns[] = {
    "n",      "id",     "kb",        "topic_number", "topic",      "level", "level_label",
    "kind",   "type",   "question",  "statement",    "options",    "left",  "key",
    "answer", "accept", "reference", "source_file",  "source_line"};

static void field(exp_buf *b, const char *s, int first)
{
    if (!first)
        exp_put(b, ",", 1);
    if (!s)
        return;
    if (!s[strcspn(s, ",\"\r\n")]) {
        exp_puts(b, s);
        return;
    }
    exp_put(b, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            exp_put(b, run, (size_t)(p - run) + 1);
            exp_put(b, "\"", 1);
            run = p + 1;
        }
    }
    exp_puts(b, run);
    exp_put(b, "\"", 1);
}

/* A field from the lines of list (n entries), or from a buffer built by the caller. */
static void list_field(exp_buf *b, const char *const *list, size_t n)
{
    exp_buf t = {0};
    for (size_t i = 0; i < n; i++) {
        if (i)
            exp_put(&t, "\n", 1);
        exp_puts(&t, list[i]);
    }
    if (t.failed)
        b->failed = 1;
    field(b, t.p ? (const char *)t.p : "", 0);
    exp_buf_free(&t);
}

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

static void row(exp_buf *b, const exp_entry *e, size_t n)
{
    const assay_question *q = e->q;
    char num[32];
    snprintf(num, sizeof num, "%zu", n);
    field(b, num, 1);
    field(b, e->item_id, 0);
    field(b, e->kb, 0);
    snprintf(num, sizeof num, "%d", e->topic_number);
    field(b, e->topic_number > 0 ? num : "", 0);
    field(b, e->topic, 0);
    snprintf(num, sizeof num, "%d", e->level);
    field(b, e->level > 0 ? num : "", 0);
    field(b, e->level_label, 0);
    field(b, e->kind, 0);
    field(b, type_name(q->type), 0);
    field(b, q->prompt, 0);
    field(b, q->type == ASSAY_Q_TF ? q->statement : "", 0);
    if (q->type == ASSAY_Q_MATCH) {
        list_field(b, q->right, q->n_pairs);
        list_field(b, q->left, q->n_pairs);
    } else {
        list_field(b, q->options, q->n_options);
        field(b, "", 0);
    }
    exp_buf key = {0};
    if ((q->type == ASSAY_Q_MCQ || q->type == ASSAY_Q_SCENARIO) && q->n_options > 0)
        exp_printf(&key, "%d", q->key + 1);
    else if (q->type == ASSAY_Q_TF)
        exp_puts(&key, q->key ? "true" : "false");
    else if (q->type == ASSAY_Q_MATCH)
        for (size_t k = 0; k < q->n_pairs; k++)
            exp_printf(&key, "%s%d", k ? " " : "", (q->pairs ? q->pairs[k] : (int)k) + 1);
    if (key.failed)
        b->failed = 1;
    field(b, key.p ? (const char *)key.p : "", 0);
    exp_buf_free(&key);
    field(b, q->answer, 0);
    list_field(b, q->accept, q->n_accept);
    field(b, exp_reference(e), 0);
    field(b, exp_basename(e->source_file), 0);
    snprintf(num, sizeof num, "%ld", e->source_line);
    field(b, e->source_line > 0 ? num : "", 0);
    exp_put(b, "\r\n", 2);
}

assay_code exp_csv(exp_set *set, unsigned char **out, size_t *len)
{
    exp_buf b = {0};
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        field(&b, columns[i], i == 0);
    exp_put(&b, "\r\n", 2);
    for (size_t i = 0; i < set->n && !b.failed; i++)
        row(&b, &set->v[i], i + 1);
    return exp_finish(&b, set, out, len);
}
