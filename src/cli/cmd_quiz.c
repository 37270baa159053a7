/* cmd_quiz — `assay quiz`, `assay grade`, `assay audit`. */
#include "cli.h"
#include "i18n.h"
#include "term.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define MAX_TOPICS 64
#define MAX_LEVELS 16

/* ---- reading the options ------------------------------------------------- */

static assay_code quiz_spec(cli *c, assay_quiz_spec *spec, const char **topics, int *levels)
{
    cli_args *a = c->args;
    assay_quiz_spec_init(spec);
    size_t nt = cli_values(a, OPT_TOPIC, topics, MAX_TOPICS);
    if (nt > MAX_TOPICS)
        return cli_usage(c, "at most %d --topic", MAX_TOPICS);
    spec->topics = topics;
    spec->n_topics = nt;
    const char *lv[MAX_LEVELS];
    size_t nl = cli_values(a, OPT_LEVEL, lv, MAX_LEVELS), n_levels = 0;
    for (size_t i = 0; i < nl && i < MAX_LEVELS; i++) {
        for (const char *p = lv[i]; *p;) {
            size_t k = strcspn(p, ",");
            if (k != 1 || p[0] < '1' || p[0] > '9' || n_levels >= MAX_LEVELS)
                return cli_usage(c, "--level wants levels from 1 to 9 (as 2 or 2,3), not '%s'",
                                 lv[i]);
            levels[n_levels++] = p[0] - '0';
            p += k;
            if (*p == ',')
                p++;
        }
    }
    spec->levels = levels;
    spec->n_levels = n_levels;
    int seed_set = 0;
    assay_code rc =
        cli_choice_opts(c, &spec->count, &spec->options, &spec->types, &spec->seed, &seed_set);
    if (rc != ASSAY_OK)
        return rc;
    spec->no_derived = c->args->set[OPT_NO_DERIVED] != 0;
    if (!seed_set) {
        /* a fresh seed, shown with the quiz so it can be made again */
        uint64_t s = 0;
        if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s)
            s = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
        spec->seed = s % 1000000000u;
    }
    return ASSAY_OK;
}

static assay_code open_engine(cli *c, assay_bank **b, assay_engine **e)
{
    assay_code rc = cli_open_bank(c, CLI_BANK_READ, b, NULL, 0);
    if (rc != ASSAY_OK)
        return rc;
    rc = assay_engine_open(*b, c->args->val[OPT_KB], e);
    if (rc != ASSAY_OK) {
        assay_bank_close(*b);
        *b = NULL;
    }
    return rc;
}

/* ---- assay quiz ------------------------------------------------------------ */

static void print_block(const char *indent, const char *text)
{
    char *linked = term_links(text, 1, _("image"));    /* "t <url>", "[image: alt] <src>" */
    char *shown = term_tables(linked ? linked : text); /* pipe tables aligned by display width */
    const char *p = shown ? shown : linked ? linked : text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        printf("%s%.*s\n", n ? indent : "", (int)n, p);
        p += n;
        if (*p == '\n')
            p++;
    }
    free(shown);
    free(linked);
}

/* One line of a choice or a pair: its links as their text. */
static void print_choice(const char *lead, const char *text)
{
    char *shown = term_links(text, 0, _("image"));
    printf("%s%s\n", lead, shown ? shown : text);
    free(shown);
}

static void print_question(cli *c, size_t n, const assay_question *q)
{
    /* a matching set's prompt is its heading: its topic, "(+N)" when its
     * pairs come from N more */
    printf("%s%zu.%s [%s] %s", out_on(&c->out, ST_BOLD), n, out_off(&c->out),
           assay_qtype_name(q->type), q->type == ASSAY_Q_MATCH ? q->prompt : q->topic);
    if (q->level)
        printf(" · L%d", q->level);
    printf("\n");
    switch (q->type) {
    case ASSAY_Q_TF:
        print_block("   ", q->prompt);
        print_block("   → ", q->statement);
        printf("   (true or false?)\n");
        break;
    case ASSAY_Q_MATCH:
        /* the prompt names the topic (in the header); the instruction is ours,
         * in the interface language */
        printf("   %s\n", _("Match each question with its answer."));
        for (size_t i = 0; i < q->n_pairs; i++) {
            char lead[32];
            snprintf(lead, sizeof lead, "   %zu) ", i + 1);
            print_choice(lead, q->left[i]);
        }
        for (size_t i = 0; i < q->n_pairs; i++) {
            char lead[32];
            snprintf(lead, sizeof lead, "   %c) ", (char)('a' + i));
            print_choice(lead, q->right[i]);
        }
        break;
    default:
        print_block("   ", q->prompt);
        for (size_t i = 0; i < q->n_options; i++) {
            char lead[32];
            snprintf(lead, sizeof lead, "   %c) ", (char)('A' + i));
            print_choice(lead, q->options[i]);
        }
        if (q->type == ASSAY_Q_SCENARIO)
            printf("   (%s)\n", q->n_options ? "pick the decision, or describe it in your words"
                                             : "describe the decision in your words");
        break;
    }
    printf("\n");
}

static void print_key(size_t n, const assay_question *q)
{
    printf("%3zu. ", n);
    switch (q->type) {
    case ASSAY_Q_MCQ: printf("%c", (char)('A' + q->key)); break;
    case ASSAY_Q_TF: printf("%s", q->key ? "true" : "false"); break;
    case ASSAY_Q_CLOZE:
        for (size_t i = 0; i < q->n_accept; i++)
            printf("%s%s", i ? " / " : "", q->accept[i]);
        break;
    case ASSAY_Q_MATCH:
        for (size_t i = 0; i < q->n_pairs; i++)
            printf("%s%zu-%c", i ? " " : "", i + 1, (char)('a' + q->pairs[i]));
        break;
    case ASSAY_Q_SHORT: printf("(free text)"); break;
    case ASSAY_Q_SCENARIO:
        if (q->n_options)
            printf("%c", (char)('A' + q->key));
        else
            printf("(free text)");
        break;
    }
    printf("   [%s:%ld]\n", q->source_file, q->source_line);
    if (q->type == ASSAY_Q_SHORT || q->type == ASSAY_Q_SCENARIO)
        print_block("       ", q->answer);
}

assay_code cmd_quiz(cli *c)
{
    assay_quiz_spec spec;
    const char *topics[MAX_TOPICS];
    int levels[MAX_LEVELS];
    assay_code rc = quiz_spec(c, &spec, topics, levels);
    if (rc != ASSAY_OK)
        return rc;
    if (!c->args->set[OPT_PRINT] && !c->args->set[OPT_WITH_KEY])
        return cmd_session_quiz(c, &spec); /* take it (cmd_session.c) */
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    assay_quiz *q = NULL;
    rc = open_engine(c, &b, &e);
    if (rc == ASSAY_OK)
        rc = assay_quiz_generate(c->a, e, &spec, &q);
    int with_key = c->args->set[OPT_WITH_KEY] != 0;
    if (rc == ASSAY_OK) {
        for (size_t i = 0; i < assay_quiz_warning_count(q); i++)
            cli_warning(c, "quiz", 0, assay_quiz_warning(q, i));
        if (c->json) {
            char *js = assay_quiz_json(q, with_key);
            if (!js)
                rc = ASSAY_ENOMEM;
            else
                printf("%s\n", js);
            assay_string_free(js);
        } else {
            printf("%sQuiz%s: %s · seed %llu%s%s\n\n", out_on(&c->out, ST_BOLD), out_off(&c->out),
                   CLI_N(assay_quiz_count(q), "question", "questions"),
                   (unsigned long long)spec.seed, c->args->val[OPT_KB] ? " · " : "",
                   c->args->val[OPT_KB] ? c->args->val[OPT_KB] : "");
            for (size_t i = 0; i < assay_quiz_count(q); i++)
                print_question(c, i + 1, assay_quiz_question(q, i));
            if (with_key) {
                printf("%sKey%s\n", out_on(&c->out, ST_BOLD), out_off(&c->out));
                for (size_t i = 0; i < assay_quiz_count(q); i++)
                    print_key(i + 1, assay_quiz_question(q, i));
            } else {
                printf("To grade answers: run the same command with --seed %llu --json > "
                       "quiz.json, then %s grade --quiz quiz.json --answers answers.json\n",
                       (unsigned long long)spec.seed, c->prog);
            }
        }
    }
    assay_quiz_free(q);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

/* ---- assay grade ------------------------------------------------------------------ */

/* Prints the library's error now (cleaning up after it would clear it) and
 * returns rc. */
static assay_code said(cli *c, assay_code rc)
{
    if (rc == ASSAY_EINPUT) {
        fprintf(stderr, "assay: %serror%s: %s\n", out_on(&c->err, ST_ERR), out_off(&c->err),
                assay_errmsg(c->a));
        c->reported = 1;
    }
    return rc;
}

/* The rest of a grade's text line: the concepts it missed, then the newline. */
static void print_missed(FILE *out, const assay_grade *g)
{
    if (g->n_missed) {
        fprintf(out, "  missed:");
        for (size_t m = 0; m < g->n_missed; m++)
            fprintf(out, "%s %s", m ? "," : "", g->missed[m]);
    }
    fprintf(out, "\n");
}

/* The knowledge base every question of q comes from, or NULL when they come
 * from several (an attempt belongs to one knowledge base). */
static const char *quiz_kb(const assay_quiz *q)
{
    size_t nq = assay_quiz_count(q);
    const char *kb = nq ? assay_quiz_question(q, 0)->kb : NULL;
    for (size_t i = 1; kb && i < nq; i++)
        if (strcmp(assay_quiz_question(q, i)->kb, kb) != 0)
            return NULL;
    return kb;
}

/* Reads the quiz file and the answer sheet (both checked before the bank is opened). */
static assay_code read_files(cli *c, const char *qfile, const char *afile, assay_quiz_file **qf,
                             assay_answer_sheet **sheet)
{
    char *qdata = NULL, *adata = NULL;
    size_t qlen = 0, alen = 0;
    assay_code rc = assay_read_file(c->a, qfile, 0, &qdata, &qlen);
    if (rc == ASSAY_OK)
        rc = assay_read_file(c->a, afile, 0, &adata, &alen);
    if (rc == ASSAY_OK)
        rc = assay_quiz_file_read(c->a, qfile, qdata, qlen, qf);
    if (rc == ASSAY_OK)
        rc = assay_answer_sheet_read(c->a, afile, adata, alen, sheet);
    assay_string_free(qdata);
    assay_string_free(adata);
    return said(c, rc);
}

/* The result of question i for --json, appended to results. */
static assay_code add_result(json_t *results, const assay_quiz *q, size_t i, int answered,
                             const assay_grade *g)
{
    char *s = assay_grade_result_json(q, i, answered, g);
    json_t *o = s ? json_loads(s, 0, NULL) : NULL;
    assay_string_free(s);
    return o && json_array_append_new(results, o) == 0 ? ASSAY_OK : ASSAY_ENOMEM;
}

/* Grades every question of q with its answer from the sheet: a text line
 * each into gout, or a result each into results (--json); with resp, the
 * responses to record. *total receives the sum of the scores. */
static assay_code grade_each(cli *c, const assay_engine *e, const assay_quiz *q,
                             const assay_answer_sheet *sheet, assay_response *resp, FILE *gout,
                             json_t *results, double *total)
{
    assay_code rc = ASSAY_OK;
    size_t nq = assay_quiz_count(q);
    for (size_t i = 0; rc == ASSAY_OK && i < nq; i++) {
        const assay_question *p = assay_quiz_question(q, i);
        const assay_answer none = ASSAY_ANSWER_INIT, *given = assay_answer_sheet_get(sheet, i);
        const assay_answer *ans = given ? given : &none;
        assay_grade *g = NULL;
        rc = assay_quiz_grade(c->a, e, q, i, ans, &g);
        if (rc != ASSAY_OK)
            break;
        *total += g->score;
        if (resp) {
            assay_response *r = &resp[i];
            assay_response_init(r);
            r->item_id = p->item_id;
            r->type = p->type;
            r->score = g->score;
            if (p->n_options) {
                r->options = p->options;
                r->n_options = p->n_options;
                r->key = p->key;
                r->choice = ans->choice;
            }
            r->answer = ans->text; /* lives in the sheet */
        }
        if (c->json) {
            rc = add_result(results, q, i, given != NULL, g);
        } else {
            fprintf(gout, "%3zu. [%s] %s%.2f%s%s", i + 1, assay_qtype_name(p->type),
                    out_on(&c->out, g->correct ? ST_OK : ST_WARN), g->score, out_off(&c->out),
                    g->typo ? " (typo)" : "");
            print_missed(gout, g);
        }
        assay_grade_free(g);
    }
    return rc;
}

static assay_code grade_quiz(cli *c)
{
    const char *qfile = c->args->val[OPT_QUIZ], *afile = c->args->val[OPT_ANSWERS];
    if (!qfile || !afile)
        return cli_usage(c, "grade wants --quiz and --answers together, or --pairs");
    assay_quiz_file *qf = NULL;
    assay_answer_sheet *sheet = NULL;
    assay_code rc = read_files(c, qfile, afile, &qf, &sheet);
    if (rc != ASSAY_OK) {
        assay_quiz_file_free(qf);
        assay_answer_sheet_free(sheet);
        return rc;
    }
    int record = c->args->set[OPT_RECORD] != 0;
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    assay_quiz *q = NULL;
    rc = cli_open_bank(c, record ? CLI_BANK_WRITE : CLI_BANK_READ, &b, NULL, 0);
    if (rc == ASSAY_OK)
        rc = assay_engine_open(b, assay_quiz_file_kb(qf), &e);
    if (rc == ASSAY_OK)
        rc = said(c, assay_quiz_file_quiz(c->a, e, qf, &q));
    json_t *results = json_array();
    double total = 0;
    size_t nq = rc == ASSAY_OK ? assay_quiz_count(q) : 0;
    const char *qkb = rc == ASSAY_OK ? quiz_kb(q) : NULL;
    if (rc == ASSAY_OK && record && nq && !qkb)
        rc = cli_usage(c,
                       "%s: this quiz draws on several knowledge bases and an attempt belongs "
                       "to one, so it cannot be recorded; grade it without --record, or make "
                       "the quiz with --kb",
                       qfile);
    assay_response *resp = record ? calloc(nq + 1, sizeof *resp) : NULL;
    if (rc == ASSAY_OK && ((record && !resp) || !results))
        rc = ASSAY_ENOMEM;
    if (rc == ASSAY_OK)
        rc = said(c, assay_answer_sheet_match(c->a, sheet, q));
    /* with --record, text output waits until the attempt is stored, so that a
     * failure to store is said before the grades */
    char *held = NULL;
    size_t held_len = 0;
    FILE *gout = stdout;
    if (rc == ASSAY_OK && record && !c->json && !(gout = open_memstream(&held, &held_len)))
        rc = ASSAY_ENOMEM;
    if (rc == ASSAY_OK)
        rc = grade_each(c, e, q, sheet, resp, gout, results, &total);
    int64_t attempt = 0;
    if (rc == ASSAY_OK && record && nq) {
        assay_attempt_spec as;
        assay_attempt_spec_init(&as);
        as.kb = qkb;
        as.kind = ASSAY_ATTEMPT_QUIZ;
        as.person = cli_user(c); /* --user, --person, else $USER */
        as.form = assay_quiz_fingerprint(q);
        as.seed = assay_quiz_file_spec(qf)->seed;
        rc = assay_attempt_record(b, &as, resp, nq, &attempt);
        if (rc != ASSAY_OK) {
            fprintf(stderr,
                    "assay: %serror%s: the graded answers were not recorded; nothing was "
                    "stored: %s\n",
                    out_on(&c->err, ST_ERR), out_off(&c->err), assay_errmsg(c->a));
            c->reported = 1;
        }
    }
    if (gout != stdout) {
        fclose(gout);
        if (held_len)
            fwrite(held, 1, held_len, stdout);
        free(held);
    }
    if (rc == ASSAY_OK && c->json) {
        json_t *out = json_pack("{s:s, s:f, s:I, s:f, s:o}", "quiz", assay_quiz_fingerprint(q),
                                "score", total, "max", (json_int_t)nq, "percent",
                                nq ? 100.0 * total / (double)nq : 0.0, "results", results);
        if (out && record)
            json_object_set_new(out, "attempt", json_integer(attempt));
        rc = cli_print_json(c, out);
        results = NULL; /* handed over to the printed object */
    } else if (rc == ASSAY_OK) {
        printf("\nscore %.2f of %zu (%.0f%%)\n", total, nq, nq ? 100.0 * total / (double)nq : 0.0);
        if (record && attempt)
            printf("recorded as attempt %lld\n", (long long)attempt);
    }
    free(resp);
    json_decref(results);
    assay_answer_sheet_free(sheet);
    assay_quiz_file_free(qf);
    assay_quiz_free(q);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

/* Reads every line of a pairs file before anything is graded: each bad line
 * is reported (FILE:LINE), and any makes the whole file bad input. */
static assay_code read_pairs(cli *c, const char *file, assay_pair_line ***out, size_t *n_out)
{
    size_t n;
    char *text = NULL;
    assay_code rc = assay_read_file(c->a, file, 0, &text, &n);
    if (rc != ASSAY_OK)
        return said(c, rc);
    const char *shown = strcmp(file, "-") == 0 ? "<stdin>" : file;
    assay_pair_line **lines = NULL;
    size_t nl = 0, cap = 0;
    long lineno = 0;
    for (char *p = text; rc != ASSAY_ENOMEM && (*p || p == text);) {
        char *nlc = strchr(p, '\n');
        size_t len = nlc ? (size_t)(nlc - p) : strlen(p);
        assay_pair_line *pl = NULL;
        assay_code lrc = assay_pair_line_read(c->a, shown, ++lineno, p, len, &pl);
        if (lrc == ASSAY_EINPUT)
            rc = said(c, lrc);
        else if (lrc != ASSAY_OK)
            rc = lrc;
        if (pl && nl == cap) {
            cap = cap ? cap * 2 : 64;
            assay_pair_line **grown = realloc(lines, cap * sizeof *lines);
            if (!grown) {
                assay_pair_line_free(pl);
                pl = NULL;
                rc = ASSAY_ENOMEM;
            } else {
                lines = grown;
            }
        }
        if (pl)
            lines[nl++] = pl;
        if (!nlc)
            break;
        p = nlc + 1;
    }
    free(text);
    if (rc == ASSAY_OK && nl == 0) {
        fprintf(stderr, "assay: %serror%s: %s: no answers to grade\n", out_on(&c->err, ST_ERR),
                out_off(&c->err), shown);
        c->reported = 1;
        rc = ASSAY_EINPUT;
    }
    *out = lines;
    *n_out = nl;
    return rc;
}

static assay_code grade_pairs(cli *c)
{
    assay_pair_line **lines = NULL;
    size_t nl = 0;
    assay_code rc = read_pairs(c, c->args->val[OPT_PAIRS], &lines, &nl);
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    if (rc == ASSAY_OK)
        rc = open_engine(c, &b, &e);
    for (size_t i = 0; rc == ASSAY_OK && i < nl; i++) {
        assay_grade *g = NULL;
        rc = assay_grade_text_q(c->a, e, lines[i]->question, lines[i]->reference, lines[i]->answer,
                                &g);
        if (rc != ASSAY_OK)
            break;
        if (c->json) {
            char *s = assay_pair_grade_json(lines[i], g);
            if (s)
                printf("%s\n", s);
            else
                rc = ASSAY_ENOMEM;
            assay_string_free(s);
        } else {
            printf("line %ld: %.2f", lines[i]->line, g->score);
            print_missed(stdout, g);
        }
        assay_grade_free(g);
    }
    for (size_t i = 0; i < nl; i++)
        assay_pair_line_free(lines[i]);
    free(lines);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

assay_code cmd_grade(cli *c)
{
    if ((c->args->set[OPT_PERSON] || c->args->set[OPT_USER]) && !c->args->set[OPT_RECORD])
        return cli_usage(c, "--user (or --person) goes with --record");
    if (c->args->set[OPT_PAIRS] && c->args->set[OPT_RECORD])
        return cli_usage(c, "--record stores a graded quiz; free-text pairs have no quiz");
    if (c->args->set[OPT_PAIRS]) {
        if (c->args->set[OPT_QUIZ] || c->args->set[OPT_ANSWERS])
            return cli_usage(c, "--pairs goes alone, not with --quiz or --answers");
        return grade_pairs(c);
    }
    return grade_quiz(c);
}

/* ---- assay audit ------------------------------------------------------------------ */

assay_code cmd_audit(cli *c)
{
    assay_audit_opts o;
    assay_audit_opts_init(&o);
    o.no_derived = c->args->set[OPT_NO_DERIVED] != 0;
    uint64_t v;
    cli_args *a = c->args;
    if (a->set[OPT_SEEDS]) {
        if (cli_parse_u64(a->val[OPT_SEEDS], &v) != 0 || v < 1 || v > 1000)
            return cli_usage(c, "--seeds wants 1 to 1000, not '%s'", a->val[OPT_SEEDS]);
        o.seeds = (int)v;
    }
    if (a->set[OPT_OPTIONS]) {
        if (cli_parse_u64(a->val[OPT_OPTIONS], &v) != 0 || v < 3 || v > 5)
            return cli_usage(c, "--options wants 3, 4 or 5, not '%s'", a->val[OPT_OPTIONS]);
        o.options = (int)v;
    }
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    char *js = NULL;
    int ok = 0;
    assay_code rc = open_engine(c, &b, &e);
    if (rc == ASSAY_OK)
        rc = assay_audit(c->a, e, &o, &js, &ok);
    if (rc == ASSAY_OK && c->json) {
        printf("%s\n", js);
    } else if (rc == ASSAY_OK) {
        json_error_t err;
        json_t *j = json_loads(js, 0, &err);
        json_t *m = json_object_get(j, "mcq"), *t = json_object_get(j, "targets");
        json_t *band = json_object_get(m, "band99");
        printf("%sMultiple choice%s: %s, %d options, chance %.1f%%, 99%% band "
               "%.1f%%-%.1f%%\n",
               out_on(&c->out, ST_BOLD), out_off(&c->out),
               CLI_N(json_integer_value(json_object_get(m, "count")), "question", "questions"),
               o.options, 100 * json_real_value(json_object_get(m, "chance")),
               100 * json_real_value(json_array_get(band, 0)),
               100 * json_real_value(json_array_get(band, 1)));
        size_t i;
        json_t *s;
        json_array_foreach(json_object_get(m, "strategies"), i, s)
        {
            int in = json_is_true(json_object_get(s, "in_band"));
            printf("  %-14s %5.1f%%  %s%s%s\n", json_string_value(json_object_get(s, "name")),
                   100 * json_real_value(json_object_get(s, "rate")),
                   out_on(&c->out, in ? ST_OK : ST_ERR), in ? "in band" : "OUT OF BAND",
                   out_off(&c->out));
        }
        printf("  key positions: chi-square %.2f (df %lld), p = %.3f\n",
               json_real_value(json_object_get(m, "chi_square")),
               (long long)json_integer_value(json_object_get(m, "df")),
               json_real_value(json_object_get(m, "p_value")));
        printf("  near-duplicate option pairs: %lld\n",
               (long long)json_integer_value(json_object_get(m, "near_duplicate_pairs")));
        printf("  distractors from the item's own topic: %.1f%%\n",
               100 * json_real_value(json_object_get(m, "own_topic_share")));
        printf("  options whose form answers the stem's type: %.1f%%\n",
               100 * json_real_value(json_object_get(m, "form_share")));
        json_t *ct = json_object_get(m, "clang_text_solver");
        if (ct) {
            double rate = json_real_value(ct),
                   ceil = json_real_value(
                       json_object_get(json_object_get(j, "targets"), "clang_text_ceiling"));
            int below = rate <= ceil + 1e-12;
            printf("  text clang solver (stem words, compounds, translations, form): %.1f%% "
                   "(ceiling %.1f%%)  %s%s%s; key alone repeats a stem word in %lld\n",
                   100 * rate, 100 * ceil, out_on(&c->out, below ? ST_OK : ST_ERR),
                   below ? "within" : "ABOVE", out_off(&c->out),
                   (long long)json_integer_value(json_object_get(m, "key_alone_with_stem_word")));
        }
        json_t *tf = json_object_get(j, "tf"), *cz = json_object_get(j, "cloze"),
               *gen = json_object_get(j, "generation");
        printf("%sTrue/false%s: %lld, %.1f%% true\n", out_on(&c->out, ST_BOLD), out_off(&c->out),
               (long long)json_integer_value(json_object_get(tf, "count")),
               100 * json_real_value(json_object_get(tf, "true_share")));
        json_t *tst = json_object_get(tf, "stem_type_solver");
        if (tst) {
            double rate = json_real_value(tst),
                   ceil = json_real_value(json_object_get(t, "tf_stem_type_ceiling"));
            int below = rate <= ceil + 1e-12;
            printf("  stem-type solver (majority truth of the stem type): %.1f%% (ceiling %.1f%%)  "
                   "%s%s%s; true per stem type:",
                   100 * rate, 100 * ceil, out_on(&c->out, below ? ST_OK : ST_ERR),
                   below ? "within" : "ABOVE", out_off(&c->out));
            const char *key;
            json_t *ty;
            const char *sep = " ";
            json_object_foreach(json_object_get(tf, "stem_types"), key, ty)
            {
                printf("%s%s %.0f%% of %lld", sep, key,
                       100 * json_real_value(json_object_get(ty, "true_share")),
                       (long long)json_integer_value(json_object_get(ty, "count")));
                sep = ", ";
            }
            printf("\n");
        }
        printf("%sCloze%s: %lld, particle cues after the blank: %lld, accepted answers shown in "
               "the prompt: %lld\n",
               out_on(&c->out, ST_BOLD), out_off(&c->out),
               (long long)json_integer_value(json_object_get(cz, "count")),
               (long long)json_integer_value(json_object_get(cz, "particle_cues")),
               (long long)json_integer_value(json_object_get(cz, "accepted_visible")));
        json_t *sc = json_object_get(j, "scenario"), *mt = json_object_get(j, "match");
        json_t *sb = json_object_get(sc, "band99");
        printf("%sScenario%s: %lld, %lld with choices (chance %.1f%%, 99%% band %.1f%%-%.1f%%), "
               "%lld free text; distractors from the own topic %.1f%%, from other scenarios "
               "%lld\n",
               out_on(&c->out, ST_BOLD), out_off(&c->out),
               (long long)json_integer_value(json_object_get(sc, "count")),
               (long long)json_integer_value(json_object_get(sc, "with_choices")),
               100 * json_real_value(json_object_get(sc, "chance")),
               100 * json_real_value(json_array_get(sb, 0)),
               100 * json_real_value(json_array_get(sb, 1)),
               (long long)json_integer_value(json_object_get(sc, "free_text")),
               100 * json_real_value(json_object_get(sc, "own_topic_share")),
               (long long)json_integer_value(json_object_get(sc, "distractors_from_scenarios")));
        json_array_foreach(json_object_get(sc, "strategies"), i, s)
        {
            int in = json_is_true(json_object_get(s, "in_band"));
            printf("  %-14s %5.1f%%  %s%s%s\n", json_string_value(json_object_get(s, "name")),
                   100 * json_real_value(json_object_get(s, "rate")),
                   out_on(&c->out, in ? ST_OK : ST_ERR), in ? "in band" : "OUT OF BAND",
                   out_off(&c->out));
        }
        printf("%sMatching%s: %lld sets, %lld pairs; sets mixing kinds of question %lld, pairs "
               "naming their question again %lld; a word-matching solver gets %.1f%% of pairs "
               "(chance %.1f%%)\n",
               out_on(&c->out, ST_BOLD), out_off(&c->out),
               (long long)json_integer_value(json_object_get(mt, "sets")),
               (long long)json_integer_value(json_object_get(mt, "pairs")),
               (long long)json_integer_value(json_object_get(mt, "mixed_kind_sets")),
               (long long)json_integer_value(json_object_get(mt, "self_echo_pairs")),
               100 * json_real_value(json_object_get(mt, "word_solver_share")),
               100 * json_real_value(json_object_get(mt, "chance")));
        printf("%sGeneration%s: a 20-question quiz in %.3f ms (median), %.3f ms (p99)\n",
               out_on(&c->out, ST_BOLD), out_off(&c->out),
               json_real_value(json_object_get(gen, "median_ms")),
               json_real_value(json_object_get(gen, "p99_ms")));
        json_t *iq = json_object_get(j, "in_quiz");
        if (iq) {
            long long leaks = (long long)json_integer_value(json_object_get(iq, "leaks")),
                      near = (long long)json_integer_value(json_object_get(iq, "near_leaks")),
                      rep = (long long)json_integer_value(json_object_get(iq, "repeating_quizzes")),
                      pairs = (long long)json_integer_value(
                          json_object_get(iq, "sharing_pair_quizzes")),
                      reuse = (long long)json_integer_value(
                          json_object_get(iq, "reusing_distractor_quizzes"));
            int clean = leaks == 0 && near == 0 && rep + pairs + reuse == 0;
            printf("%sIn quiz%s: %lld quizzes, %lld questions; %s%lld leaks, %lld near leaks; "
                   "quizzes repeating a question %lld, sharing a matching pair %lld, showing a "
                   "distractor twice %lld%s\n",
                   out_on(&c->out, ST_BOLD), out_off(&c->out),
                   (long long)json_integer_value(json_object_get(iq, "quizzes")),
                   (long long)json_integer_value(json_object_get(iq, "questions")),
                   out_on(&c->out, clean ? ST_OK : ST_ERR), leaks, near, rep, pairs, reuse,
                   out_off(&c->out));
        }
        printf("\nTargets %s%s%s\n", out_on(&c->out, ok ? ST_OK : ST_ERR), ok ? "met" : "NOT met",
               out_off(&c->out));
        (void)t;
        json_decref(j);
    }
    assay_string_free(js);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}
