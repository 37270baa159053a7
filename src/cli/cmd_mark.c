/*
 * cmd_mark — `assay mark`: an assessor's review of free-text grades. Without
 * RESPONSE it lists the answers that need review (oldest first, with the
 * question, the reference, the answer, the automatic score and why); with
 * RESPONSE (ATTEMPT:POSITION) and --score it marks that answer; with RESPONSE
 * alone it shows the answer and its marks. Argument parsing and printing
 * only: listing and storing are assay_bank_marking / assay_mark.
 */
#include "cli.h"
#include "i18n.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "12:3" → attempt 12, position 3; -1 when it is not that. */
static int parse_response(const char *s, int64_t *attempt, int *position)
{
    const char *colon = s ? strchr(s, ':') : NULL;
    if (!colon || colon == s || colon - s > 19)
        return -1;
    char head[24];
    memcpy(head, s, (size_t)(colon - s));
    head[colon - s] = '\0';
    uint64_t a, p;
    if (cli_parse_u64(head, &a) != 0 || cli_parse_u64(colon + 1, &p) != 0 || a == 0 ||
        a > INT64_MAX || p == 0 || p > INT32_MAX)
        return -1;
    *attempt = (int64_t)a;
    *position = (int)p;
    return 0;
}

/* "0.8", "4/5" (a score on the item's scale), "80%" → 0..1; -1 when it is not one. */
static int parse_score(const char *s, double *out)
{
    if (!s || !*s || strlen(s) > 32)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || !isfinite(v))
        return -1;
    if (*end == '/') {
        const char *d = end + 1;
        double m = strtod(d, &end);
        if (errno || end == d || !isfinite(m) || !(m > 0))
            return -1;
        v /= m;
    } else if (*end == '%') {
        end++;
        v /= 100;
    }
    if (*end || !(v >= 0 && v <= 1))
        return -1;
    *out = v;
    return 0;
}

static json_t *opt_string(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *marking_json(const assay_marking_info *m)
{
    char id[48], answered[32], marked[32];
    snprintf(id, sizeof id, "%" PRId64 ":%d", m->attempt, m->position);
    cli_iso_time(m->answered_at, answered);
    cli_iso_time(m->marked_at, marked);
    json_t *o = json_pack(
        "{s:s, s:I, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:o, s:b, s:s, s:I, "
        "s:o, s:o, s:o, s:o}",
        "response", id, "attempt", (json_int_t)m->attempt, "position", m->position, "kb", m->kb,
        "topic", m->topic, "item", m->item_id, "type", assay_qtype_name(m->qtype), "user", m->user,
        "question", m->question, "reference", m->reference, "answer", m->answer, "answered",
        answered, "auto_score", round(m->auto_score * 1e4) / 1e4, "confidence",
        m->confidence >= 0 ? json_real(round(m->confidence * 1e4) / 1e4) : json_null(),
        "needs_review", m->needs_review, "why", m->why, "marks", (json_int_t)m->marks, "mark",
        m->mark >= 0 ? json_real(round(m->mark * 1e4) / 1e4) : json_null(), "marked_by",
        opt_string(m->marked_by), "marked_at", m->marked_by ? json_string(marked) : json_null(),
        "note", opt_string(m->note));
    return o;
}

static void print_marking(cli *c, const assay_marking_info *m)
{
    char day[32];
    cli_iso_time(m->answered_at, day);
    printf("%s%" PRId64 ":%d%s  %s  %s  %s\n", out_on(&c->out, ST_ID), m->attempt, m->position,
           out_off(&c->out), day, m->user[0] ? m->user : "-", m->topic);
    printf("  %s %s\n", _("Question:"), m->question);
    printf("  %s %s\n", _("Reference:"), m->reference);
    printf("  %s %s\n", _("Answer:"), m->answer);
    if (m->confidence >= 0)
        printf("  %s %.2f (%s %.2f)\n", _("Automatic score:"), m->auto_score, _("confidence"),
               m->confidence);
    else
        printf("  %s %.2f\n", _("Automatic score:"), m->auto_score);
    if (m->why[0])
        printf("  %s %s\n", _("Needs review:"), m->why);
    if (m->mark >= 0) {
        char at[32];
        cli_iso_time(m->marked_at, at);
        printf("  %s %.2f (%s, %s)\n", _("Mark:"), m->mark, m->marked_by ? m->marked_by : "?", at);
        if (m->note)
            printf("  %s %s\n", _("Note:"), m->note);
    }
}

/* The one free-text answer attempt:position, in *l (freed by the caller). */
static assay_code find_answer(cli *c, assay_bank *b, int64_t attempt, int position, assay_list **l,
                              const assay_marking_info **out)
{
    assay_marking_filter f;
    assay_marking_filter_init(&f);
    f.attempt = attempt;
    f.all = 1;
    *out = NULL;
    assay_code rc = assay_bank_marking(b, &f, l);
    for (size_t i = 0; rc == ASSAY_OK && i < assay_list_count(*l); i++)
        if (assay_list_marking(*l, i)->position == position)
            *out = assay_list_marking(*l, i);
    if (rc == ASSAY_OK && !*out) {
        fprintf(stderr,
                "assay: %serror%s: %" PRId64 ":%d is not a free-text answer of a real attempt "
                "(list them with `assay mark --all`)\n",
                out_on(&c->err, ST_ERR), out_off(&c->err), attempt, position);
        c->reported = 1;
        rc = ASSAY_ENOTFOUND;
    }
    return rc;
}

static assay_code show_answer(cli *c, assay_bank *b, int64_t attempt, int position)
{
    assay_list *l = NULL, *h = NULL;
    const assay_marking_info *m = NULL;
    assay_code rc = find_answer(c, b, attempt, position, &l, &m);
    if (rc == ASSAY_OK)
        rc = assay_bank_marks(b, attempt, position, &h);
    if (rc == ASSAY_OK && c->json) {
        json_t *o = marking_json(m), *hist = json_array();
        for (size_t i = 0; i < assay_list_count(h); i++) {
            const assay_mark_info *x = assay_list_mark(h, i);
            char at[32];
            cli_iso_time(x->at, at);
            json_array_append_new(hist, json_pack("{s:I, s:f, s:s, s:s, s:o}", "id",
                                                  (json_int_t)x->id, "score", x->score, "by", x->by,
                                                  "at", at, "note", opt_string(x->note)));
        }
        if (o)
            json_object_set_new(o, "history", hist);
        else
            json_decref(hist);
        rc = cli_print_json(c, o);
    } else if (rc == ASSAY_OK) {
        print_marking(c, m);
        for (size_t i = 0; i < assay_list_count(h); i++) {
            const assay_mark_info *x = assay_list_mark(h, i);
            char at[32];
            cli_iso_time(x->at, at);
            printf("  %s %.2f  %s  %s%s%s\n", i + 1 == assay_list_count(h) ? "*" : " ", x->score,
                   x->by, at, x->note ? "  " : "", x->note ? x->note : "");
        }
    }
    assay_list_free(h);
    assay_list_free(l);
    return rc;
}

static assay_code list_answers(cli *c, assay_bank *b)
{
    cli_args *a = c->args;
    assay_marking_filter f;
    assay_marking_filter_init(&f);
    f.kb = a->val[OPT_KB];
    f.topic = a->val[OPT_TOPIC];
    f.user = a->val[OPT_MARK_USER];
    f.all = a->set[OPT_MARK_ALL];
    if (a->set[OPT_ATTEMPT]) {
        uint64_t v;
        if (cli_parse_u64(a->val[OPT_ATTEMPT], &v) != 0 || v == 0 || v > INT64_MAX)
            return cli_usage(c, "--attempt wants an attempt number (see `assay history`), not '%s'",
                             a->val[OPT_ATTEMPT]);
        f.attempt = (int64_t)v;
    }
    assay_list *l = NULL;
    assay_code rc = assay_bank_marking(b, &f, &l);
    size_t n = assay_list_count(l);
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        const assay_marking_info *m = assay_list_marking(l, i);
        if (c->json) {
            rc = cli_print_json(c, marking_json(m));
            continue;
        }
        if (i)
            printf("\n");
        print_marking(c, m);
    }
    if (rc == ASSAY_OK && !c->json) {
        if (!n)
            printf("%s\n", f.all ? _("No free-text answers yet.") : _("No answers need review."));
        else
            printf("\n%s\n", _("Mark one with `assay mark ATTEMPT:POSITION --score S --by NAME`."));
    }
    assay_list_free(l);
    return rc;
}

assay_code cmd_mark(cli *c)
{
    cli_args *a = c->args;
    if (i18n_init(a->val[OPT_LANG]) != 0)
        return cli_usage(c, "--lang wants ko or en, not '%s'", a->val[OPT_LANG]);
    int64_t attempt = 0;
    int position = 0;
    if (a->n_pos && parse_response(a->pos[0], &attempt, &position) != 0)
        return cli_usage(c,
                         "RESPONSE is ATTEMPT:POSITION (as `assay mark` lists it, e.g. 12:3), "
                         "not '%s'",
                         a->pos[0]);
    int marking = a->set[OPT_SCORE] || a->set[OPT_BY] || a->set[OPT_NOTE];
    if (marking && !a->n_pos)
        return cli_usage(c, "--score, --by and --note mark one answer: give its RESPONSE "
                            "(ATTEMPT:POSITION)");
    if (a->n_pos && (a->set[OPT_KB] || a->set[OPT_TOPIC] || a->set[OPT_MARK_USER] ||
                     a->set[OPT_ATTEMPT] || a->set[OPT_MARK_ALL]))
        return cli_usage(c, "--kb, --topic, --user, --attempt and --all filter the list; with a "
                            "RESPONSE they are not used");
    double score = -1;
    if (marking) {
        if (!a->set[OPT_SCORE])
            return cli_usage(c, "a mark needs --score (0 to 1, N/M on the item's scale, or N%%)");
        if (parse_score(a->val[OPT_SCORE], &score) != 0)
            return cli_usage(c,
                             "--score wants 0 to 1 (0.8), N/M on the item's scale (4/5) or a "
                             "percentage (80%%), not '%s'",
                             a->val[OPT_SCORE]);
        if (!a->set[OPT_BY] || !*a->val[OPT_BY])
            return cli_usage(c, "a mark needs --by NAME: who gives it");
    }
    assay_bank *b = NULL;
    assay_code rc = cli_open_bank(c, marking ? CLI_BANK_WRITE : CLI_BANK_READ, &b, NULL, 0);
    if (rc != ASSAY_OK)
        return rc;
    if (!a->n_pos)
        rc = list_answers(c, b);
    else if (!marking)
        rc = show_answer(c, b, attempt, position);
    else {
        assay_mark_spec ms;
        assay_mark_spec_init(&ms);
        ms.attempt = attempt;
        ms.position = position;
        ms.score = score;
        ms.by = a->val[OPT_BY];
        ms.note = a->val[OPT_NOTE];
        int64_t id = 0;
        rc = assay_mark(b, &ms, &id);
        assay_list *l = NULL;
        const assay_marking_info *m = NULL;
        if (rc == ASSAY_OK)
            rc = find_answer(c, b, attempt, position, &l, &m);
        if (rc == ASSAY_OK && c->json) {
            json_t *o = marking_json(m);
            if (o)
                json_object_set_new(o, "mark_id", json_integer((json_int_t)id));
            rc = cli_print_json(c, o);
        } else if (rc == ASSAY_OK) {
            printf(_("Marked %lld:%d: %.2f by %s (automatic score %.2f kept"), (long long)attempt,
                   position, m->mark, m->marked_by ? m->marked_by : "?", m->auto_score);
            if (m->marks > 1)
                printf(_("; replaces the earlier mark, %zu marks in its history"), m->marks);
            printf(").\n");
        }
        assay_list_free(l);
    }
    assay_bank_close(b);
    return rc;
}
