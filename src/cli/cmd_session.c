/*
 * cmd_session — `assay quiz`, `assay assess`, `assay review`, `assay resume`,
 * `assay history` and `assay report`: the loops around the library's session
 * layer. A loop asks the session for the current question, hands it to ui.c
 * to show and to read an answer, submits the answer to the session (which
 * grades and stores it before returning) and hands the feedback back to
 * ui.c. With --json the question, feedback and summary lines are the
 * library's own JSON (docs/json.md, "Sessions"). Nothing here grades, stores
 * or schedules.
 */
#include "cli.h"
#include "i18n.h"
#include "ui.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TOPICS    64
#define MAX_LEVEL_KBS 8
#define MAX_USERS     200

/* Level labels ("주니어") of the knowledge bases met so far. */
typedef struct labels {
    assay_bank *b;
    struct {
        char *kb;
        assay_list *list;
    } kbs[MAX_LEVEL_KBS];
    size_t n;
} labels;

static const char *level_label(labels *l, const char *kb, int level)
{
    if (!level || !kb)
        return NULL;
    size_t i = 0;
    while (i < l->n && strcmp(l->kbs[i].kb, kb) != 0)
        i++;
    if (i == l->n) {
        if (l->n == MAX_LEVEL_KBS)
            return NULL;
        assay_list *list = NULL;
        char *name = strdup(kb);
        if (!name || assay_bank_levels(l->b, kb, &list) != ASSAY_OK) {
            free(name);
            return NULL;
        }
        l->kbs[l->n].kb = name;
        l->kbs[l->n].list = list;
        l->n++;
    }
    for (size_t k = 0; k < assay_list_count(l->kbs[i].list); k++) {
        const assay_level_info *li = assay_list_level(l->kbs[i].list, k);
        if (li && li->level == level)
            return li->label;
    }
    return NULL;
}

static void labels_free(labels *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->kbs[i].kb);
        assay_list_free(l->kbs[i].list);
    }
    l->n = 0;
}

/* --lang, and the catalog; a usage error for another value. */
static assay_code start_i18n(cli *c)
{
    if (i18n_init(c->args->val[OPT_LANG]) != 0)
        return cli_usage(c, "--lang wants ko or en, not '%s'", c->args->val[OPT_LANG]);
    return ASSAY_OK;
}

const char *cli_user(cli *c)
{
    const char *u = c->args->val[OPT_USER];
    if (!u && cli_cmd_accepts(c->args->cmd, OPT_PERSON))
        u = c->args->val[OPT_PERSON];
    if (!u)
        u = getenv("USER");
    return u && *u ? u : "";
}

/* The bank and an engine over `kb`; with kb NULL over the bank's only
 * knowledge base, or all of them when it holds several (`assay resume` opens
 * the same one from the attempt). */
static assay_code open_engine(cli *c, const char *kb, assay_bank **b, assay_engine **e)
{
    assay_code rc = cli_open_bank(c, CLI_BANK_WRITE, b, NULL, 0);
    assay_list *kbs = NULL;
    char only[256] = "";
    if (rc == ASSAY_OK && !kb && (rc = assay_bank_kbs(*b, &kbs)) == ASSAY_OK &&
        assay_list_count(kbs) == 1) {
        snprintf(only, sizeof only, "%s", assay_list_kb(kbs, 0)->name);
        kb = only;
    }
    assay_list_free(kbs);
    if (rc == ASSAY_OK && (rc = assay_engine_open(*b, kb, e)) != ASSAY_OK) {
        assay_bank_close(*b);
        *b = NULL;
    }
    return rc;
}

/* Fills the tally's topic numbers, for "assay quiz -t N". */
static void number_topics(assay_bank *b, ui_tally *t)
{
    assay_list *l = NULL;
    if (assay_bank_topics(b, NULL, &l) != ASSAY_OK)
        return;
    for (size_t i = 0; i < assay_list_count(l); i++) {
        const assay_topic_info *ti = assay_list_topic(l, i);
        ui_tally_topic_number(t, ti->title, ti->number ? ti->number : ti->ordinal);
    }
    assay_list_free(l);
}

static void print_owned(char *json)
{
    if (json) {
        fputs(json, stdout);
        fputc('\n', stdout);
        fflush(stdout);
    }
    assay_string_free(json);
}

static void iso_day(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (localtime_r(&tt, &tm))
        strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
    else
        snprintf(out, 32, "%lld", (long long)t);
}

/* After a review answer: when the item is due again; on a terminal, the
 * learner may rate the recall differently (1-4, Enter keeps it). */
static assay_code review_after(cli *c, ui *u, assay_session *s, const assay_feedback **fb,
                               int *quit)
{
    static const char *const names[] = {N_("again"), N_("hard"), N_("good"), N_("easy")};
    char due[32], msg[256];
    if (u->tty && !u->json) {
        char prompt[256];
        snprintf(prompt, sizeof prompt,
                 _("Recall? 1 again · 2 hard · 3 good · 4 easy [Enter: %d] "), (*fb)->rating);
        for (;;) {
            char *line = NULL;
            term_line tl = term_read(&u->in, prompt, &line);
            if (tl != TERM_LINE_OK || !line || !*line) {
                free(line);
                break;
            }
            int r = line[0] >= '1' && line[0] <= '4' && !line[1] ? line[0] - '0' : 0;
            int q = (line[0] == 'q' || line[0] == 'Q') && !line[1];
            free(line);
            if (q) { /* the rating the answer earned stands; the session stops */
                *quit = 1;
                break;
            }
            if (!r) {
                ui_notice(u, _("Type 1, 2, 3 or 4, press Enter to keep the rating, or q to stop."));
                continue;
            }
            if (r != (*fb)->rating) {
                assay_code rc = assay_session_rate(s, r, fb);
                if (rc != ASSAY_OK)
                    return rc;
            }
            break;
        }
    }
    if (!u->json) {
        iso_day((*fb)->due, due);
        snprintf(msg, sizeof msg, _("Rated \"%s\"; next review: %s"), _(names[(*fb)->rating - 1]),
                 due);
        ui_notice(u, msg);
    }
    (void)c;
    return ASSAY_OK;
}

/* The whole attempt's tally (a resumed one included), from the session's summary. */
static assay_code tally_of(const assay_session_summary *sum, ui_tally *t)
{
    for (size_t i = 0; i < sum->n_items; i++) {
        const assay_session_item *it = &sum->items[i];
        if (!it->answered && !it->skipped)
            continue;
        assay_question q = {.type = it->type,
                            .item_id = it->item_id,
                            .kb = it->kb,
                            .topic = it->topic,
                            .level = it->level,
                            .prompt = it->prompt,
                            .answer = it->reference,
                            .source_file = it->source_file,
                            .source_line = it->source_line,
                            .key = -1};
        if (ui_tally_add(t, &q, it->position, it->skipped ? -1 : it->score) != 0)
            return ASSAY_ENOMEM;
    }
    return ASSAY_OK;
}

/*
 * The loop every kind of session shares: show, read, submit, show feedback,
 * until the session is done or the learner quits. With quit the attempt stays
 * open (`assay resume` continues it); else it is finished.
 */
static assay_code run(cli *c, assay_bank *b, assay_session *s, uint64_t seed)
{
    ui u;
    ui_init(&u, c->json, c->args->set[OPT_NO_COLOR]);
    labels lb = {.b = b};
    ui_tally *t = ui_tally_new();
    assay_attempt_kind kind = assay_session_kind(s);
    assay_session_status st;
    assay_session_status_get(s, &st);
    assay_code rc = t ? ASSAY_OK : ASSAY_ENOMEM;
    const char *kind_name = kind == ASSAY_ATTEMPT_ASSESSMENT ? "assessment"
                            : kind == ASSAY_ATTEMPT_REVIEW   ? "review"
                                                             : "quiz";
    if (rc == ASSAY_OK && kind == ASSAY_ATTEMPT_REVIEW && st.total == 0) {
        ui_notice(&u, _("Nothing is due for review now. `assay review --due` lists the cards "
                        "and when they are due."));
    } else if (rc == ASSAY_OK) {
        ui_show_start(&u, kind_name, st.total, seed);
        if (st.answered) {
            char msg[160];
            snprintf(msg, sizeof msg, _("Resuming attempt %lld at question %zu."),
                     (long long)assay_session_attempt(s), st.position);
            ui_notice(&u, msg);
        }
    }
    int quit = 0;
    while (rc == ASSAY_OK && !quit) {
        const assay_question *q = NULL;
        if ((rc = assay_session_current(s, &q)) != ASSAY_OK || !q)
            break;
        assay_session_status_get(s, &st);
        ui_view v = {.k = st.position,
                     .n = kind == ASSAY_ATTEMPT_ASSESSMENT ? 0 : st.total,
                     .level_label = level_label(&lb, q->kb, q->level),
                     .decided = st.topics_decided,
                     .topics = st.topics};
        if (c->json)
            print_owned(assay_session_question_json(s, q));
        else
            ui_show_question(&u, q, &v);
        ui_reply r;
        int a = ui_read_answer(&u, q, &v, &r);
        const assay_feedback *fb = NULL;
        if (a < 0) {
            rc = ASSAY_ENOMEM;
        } else if (a == UI_QUIT) {
            quit = 1;
        } else {
            rc = a == UI_SKIP ? assay_session_skip(s, NULL, &fb)
                              : assay_session_submit(s, &r.ans, NULL, &fb);
            if (rc == ASSAY_EINPUT) {
                /* an answer the library will not take: nothing was stored; ask again */
                ui_notice(&u, assay_last_error(c->a)->message);
                rc = ASSAY_OK;
                fb = NULL;
            }
        }
        if (rc == ASSAY_OK && fb) {
            if (c->json)
                print_owned(assay_session_feedback_json(s, fb));
            else
                ui_show_feedback(&u, fb->question, &v, &r, fb->skipped ? NULL : fb->grade);
            if (kind == ASSAY_ATTEMPT_REVIEW && fb->rating)
                rc = review_after(c, &u, s, &fb, &quit);
        }
        if (a >= 0)
            ui_reply_free(&r);
    }
    assay_session_status_get(s, &st);
    /* stopped before answering anything: no attempt to come back to */
    int empty = quit && st.answered == 0;
    if (rc == ASSAY_OK && (!quit || empty))
        rc = assay_session_finish(s);
    if (rc == ASSAY_OK && !empty && (st.answered || kind != ASSAY_ATTEMPT_REVIEW || st.total)) {
        const assay_session_summary *sum = assay_session_summary_get(s);
        if (!sum) {
            rc = ASSAY_ENOMEM;
        } else if (c->json) {
            print_owned(assay_session_summary_json(s));
        } else if (kind == ASSAY_ATTEMPT_ASSESSMENT) {
            ui_show_profile(&u, sum->profile, quit);
            if (!quit)
                ui_notice(&u, _("Next: `assay report` shows your levels, gaps and what to read; "
                                "`assay review` goes over what you missed."));
        } else if ((rc = tally_of(sum, t)) == ASSAY_OK) {
            number_topics(b, t);
            ui_show_quiz_summary(&u, t, st.total, quit);
        }
        if (quit && !c->json) {
            char msg[200];
            snprintf(msg, sizeof msg,
                     _("Your answers are saved. `assay resume` continues attempt %lld."),
                     (long long)assay_session_attempt(s));
            ui_notice(&u, msg);
        }
    }
    ui_close(&u);
    ui_tally_free(t);
    labels_free(&lb);
    return rc;
}

/* ---- starting sessions -------------------------------------------------------------- */

static assay_code session_spec(cli *c, assay_attempt_kind kind, assay_session_spec *sp,
                               const char **topics)
{
    cli_args *a = c->args;
    assay_session_spec_init(sp);
    sp->kind = kind;
    sp->user = cli_user(c);
    sp->no_derived = a->set[OPT_NO_DERIVED] != 0;
    size_t nt = cli_values(a, OPT_TOPIC, topics, MAX_TOPICS);
    if (nt > MAX_TOPICS)
        return cli_usage(c, "at most %d --topic", MAX_TOPICS);
    sp->topics = topics;
    sp->n_topics = nt;
    uint64_t v;
    if (a->set[OPT_ASSESS_MAX]) {
        if (cli_parse_u64(a->val[OPT_ASSESS_MAX], &v) != 0 || v < 1 || v > 500)
            return cli_usage(c, "--max-items wants 1 to 500, not '%s'", a->val[OPT_ASSESS_MAX]);
        sp->max_items = (size_t)v;
    }
    int seed_set = 0;
    assay_code rc = cli_choice_opts(c, &sp->count, &sp->options, &sp->types, &sp->seed, &seed_set);
    if (rc != ASSAY_OK)
        return rc;
    if (a->set[OPT_RETENTION]) {
        char *end;
        errno = 0;
        double r = strtod(a->val[OPT_RETENTION], &end);
        if (errno || *end || !(r >= 0.7 && r <= 0.99))
            return cli_usage(c, "--retention wants a share from 0.70 to 0.99, not '%s'",
                             a->val[OPT_RETENTION]);
        sp->retention = r;
    }
    return ASSAY_OK;
}

/* qs: a quiz's selection as `assay quiz` read it (NULL for other kinds). */
static assay_code start_and_run(cli *c, assay_attempt_kind kind, const assay_quiz_spec *qs)
{
    assay_session_spec sp;
    const char *topics[MAX_TOPICS];
    assay_code rc = session_spec(c, kind, &sp, topics);
    if (rc == ASSAY_OK && qs) {
        sp.topics = qs->topics;
        sp.n_topics = qs->n_topics;
        sp.levels = qs->levels;
        sp.n_levels = qs->n_levels;
        sp.count = qs->count;
        sp.types = qs->types;
        sp.options = qs->options;
        sp.seed = qs->seed;
        sp.no_derived = qs->no_derived;
    }
    if (rc == ASSAY_OK)
        rc = start_i18n(c);
    if (rc != ASSAY_OK)
        return rc;
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    assay_session *s = NULL;
    rc = open_engine(c, c->args->val[OPT_KB], &b, &e);
    if (rc == ASSAY_OK)
        rc = assay_session_start(c->a, b, e, &sp, &s);
    if (rc == ASSAY_OK)
        rc = run(c, b, s, sp.seed);
    assay_session_free(s);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

assay_code cmd_session_quiz(cli *c, const assay_quiz_spec *spec)
{
    return start_and_run(c, ASSAY_ATTEMPT_QUIZ, spec);
}

assay_code cmd_assess(cli *c)
{
    return start_and_run(c, ASSAY_ATTEMPT_ASSESSMENT, NULL);
}

static const char *state_name(int state)
{
    static const char *const names[] = {"new", "learning", "review", "relearning"};
    return state >= 0 && state < 4 ? names[state] : "?";
}

static const char *state_text(int state)
{
    static const char *const names[] = {N_("new"), N_("learning"), N_("review"), N_("relearning")};
    return state >= 0 && state < 4 ? _(names[state]) : "?";
}

/* `assay review --due`: the cards and when they are due. */
static assay_code list_due(cli *c)
{
    const char *user = cli_user(c);
    if (!*user)
        return cli_usage(c, "name the learner with --user (or set $USER)");
    assay_code rc = start_i18n(c);
    if (rc != ASSAY_OK)
        return rc;
    assay_bank *b = NULL;
    assay_list *l = NULL;
    rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    if (rc == ASSAY_OK)
        rc = assay_bank_review_cards(b, user, INT64_MAX, &l);
    int64_t now = (int64_t)time(NULL);
    size_t due_now = 0;
    table_col cols[] = {{_("DUE"), AL_LEFT, ST_NONE, 0},
                        {_("ITEM"), AL_LEFT, ST_DIM, 0},
                        {_("STATE"), AL_LEFT, ST_NONE, 0},
                        {_("TOPIC"), AL_LEFT, ST_NONE, 1},
                        {_("QUESTION"), AL_LEFT, ST_BOLD, 1}};
    table t;
    table_init(&t, cols, sizeof cols / sizeof cols[0]);
    for (size_t i = 0; rc == ASSAY_OK && i < assay_list_count(l); i++) {
        const assay_card_info *ci = assay_list_card(l, i);
        char due[32], last[32];
        cli_iso_time(ci->due, due);
        cli_iso_time(ci->last_review, last);
        due_now += ci->due <= now;
        if (c->json) {
            json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:o, s:i, s:i}", "item",
                                  ci->item_id, "kb", ci->kb, "topic", ci->topic, "question",
                                  ci->question, "state", state_name(ci->state), "stability",
                                  ci->stability, "difficulty", ci->difficulty, "due", due,
                                  "last_review", ci->last_review ? json_string(last) : json_null(),
                                  "reps", ci->reps, "lapses", ci->lapses);
            rc = cli_print_json(c, o);
        } else {
            char when[32];
            iso_day(ci->due, when);
            const char *row[] = {ci->due <= now ? _("now") : when, ci->item_id,
                                 state_text(ci->state), ci->topic, ci->question};
            table_add(&t, row);
        }
    }
    if (rc == ASSAY_OK && !c->json) {
        if (assay_list_count(l) && table_print(&t, &c->out) != 0)
            rc = ASSAY_ENOMEM;
        printf(_("\n%zu cards, %zu due now.%s\n"), assay_list_count(l), due_now,
               due_now ? _(" `assay review` goes through them, 20 at a time (-n for more).") : "");
    }
    table_free(&t);
    assay_list_free(l);
    assay_bank_close(b);
    return rc;
}

assay_code cmd_review(cli *c)
{
    if (c->args->set[OPT_DUE])
        return list_due(c);
    if (!*cli_user(c))
        return cli_usage(c, "name the learner with --user (or set $USER)");
    return start_and_run(c, ASSAY_ATTEMPT_REVIEW, NULL);
}

/* ---- resume, history ---------------------------------------------------------------- */

assay_code cmd_resume(cli *c)
{
    assay_code rc = start_i18n(c);
    if (rc != ASSAY_OK)
        return rc;
    const char *user = cli_user(c);
    assay_bank *b = NULL;
    assay_list *l = NULL;
    int64_t id = 0;
    char kb[256] = "";
    if ((rc = cli_open_bank(c, CLI_BANK_WRITE, &b, NULL, 0)) != ASSAY_OK)
        return rc;
    assay_attempt_filter f;
    assay_attempt_filter_init(&f);
    f.user = user;
    f.status = 0;
    if (c->args->set[OPT_ATTEMPT]) {
        uint64_t v;
        if (cli_parse_u64(c->args->val[OPT_ATTEMPT], &v) != 0 || v == 0 || v > INT64_MAX) {
            assay_bank_close(b);
            return cli_usage(c, "--attempt wants an attempt number (see `assay history`), not '%s'",
                             c->args->val[OPT_ATTEMPT]);
        }
        f.user = NULL;
        id = (int64_t)v;
    }
    rc = assay_bank_attempts(b, &f, &l);
    for (size_t i = 0; rc == ASSAY_OK && i < assay_list_count(l); i++) {
        const assay_attempt_info *ai = assay_list_attempt(l, i);
        if (id && ai->id != id)
            continue;
        id = ai->id; /* newest first: the last unfinished one */
        snprintf(kb, sizeof kb, "%s", ai->kb);
        break;
    }
    if (rc == ASSAY_OK && (!id || (c->args->set[OPT_ATTEMPT] && !kb[0] && !assay_list_count(l)))) {
        assay_list_free(l);
        assay_bank_close(b);
        if (c->args->set[OPT_ATTEMPT]) {
            fprintf(stderr,
                    "assay: %serror%s: attempt %s is not an unfinished attempt (see "
                    "`assay history`)\n",
                    out_on(&c->err, ST_ERR), out_off(&c->err), c->args->val[OPT_ATTEMPT]);
            c->reported = 1;
            return ASSAY_ENOTFOUND;
        }
        printf("%s\n", _("Nothing to resume: there is no unfinished attempt."));
        return ASSAY_OK;
    }
    int found = 0;
    for (size_t i = 0; i < assay_list_count(l); i++)
        found |= assay_list_attempt(l, i)->id == id;
    assay_list_free(l);
    if (rc == ASSAY_OK && !found) {
        assay_bank_close(b);
        fprintf(stderr,
                "assay: %serror%s: attempt %lld is finished or does not exist (see "
                "`assay history`)\n",
                out_on(&c->err, ST_ERR), out_off(&c->err), (long long)id);
        c->reported = 1;
        return ASSAY_ENOTFOUND;
    }
    assay_engine *e = NULL;
    assay_session *s = NULL;
    if (rc == ASSAY_OK)
        rc = assay_engine_open(b, kb[0] ? kb : NULL, &e);
    if (rc == ASSAY_OK)
        rc = assay_session_resume(c->a, b, e, id, &s);
    if (rc == ASSAY_OK)
        rc = run(c, b, s, 0);
    assay_session_free(s);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}

static const char *kind_text(assay_attempt_kind k)
{
    return k == ASSAY_ATTEMPT_ASSESSMENT ? N_("assessment")
           : k == ASSAY_ATTEMPT_REVIEW   ? N_("review")
                                         : N_("quiz");
}

assay_code cmd_history(cli *c)
{
    assay_code rc = start_i18n(c);
    if (rc != ASSAY_OK)
        return rc;
    const char *user = cli_user(c);
    assay_bank *b = NULL;
    assay_list *l = NULL;
    rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    assay_attempt_filter f;
    assay_attempt_filter_init(&f);
    f.user = c->args->set[OPT_ALL] || !*user ? NULL : user;
    if (rc == ASSAY_OK)
        rc = assay_bank_attempts(b, &f, &l);
    size_t n = assay_list_count(l);
    table_col cols[] = {{"#", AL_RIGHT, ST_NONE, 0},           {_("STARTED"), AL_LEFT, ST_NONE, 0},
                        {_("KIND"), AL_LEFT, ST_NONE, 0},      {_("USER"), AL_LEFT, ST_NONE, 0},
                        {_("ANSWERED"), AL_RIGHT, ST_NONE, 0}, {_("SCORE"), AL_RIGHT, ST_NONE, 0},
                        {_("LEVELS"), AL_LEFT, ST_DIM, 1},     {_("STATUS"), AL_LEFT, ST_NONE, 0}};
    table t;
    table_init(&t, cols, sizeof cols / sizeof cols[0]);
    for (size_t i = 0; rc == ASSAY_OK && i < n; i++) {
        const assay_attempt_info *ai = assay_list_attempt(l, i);
        char started[32], updated[32];
        cli_iso_time(ai->started_at, started);
        cli_iso_time(ai->updated_at, updated);
        if (c->json) {
            json_error_t je;
            json_t *scope = json_loads(ai->scope, 0, &je);
            json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:b, s:s, s:s, s:I, s:f, s:s, s:o}",
                                  "attempt", (json_int_t)ai->id, "kind", kind_text(ai->kind), "kb",
                                  ai->kb, "user", ai->user, "finished", ai->finished, "started",
                                  started, "updated", updated, "answered", (json_int_t)ai->answered,
                                  "score", round(ai->score * 1e4) / 1e4, "levels", ai->levels,
                                  "scope", scope ? scope : json_object());
            rc = cli_print_json(c, o);
            continue;
        }
        char id[24], day[32], answered[24], score[32];
        snprintf(id, sizeof id, "%lld", (long long)ai->id);
        iso_day(ai->started_at, day);
        snprintf(answered, sizeof answered, "%zu", ai->answered);
        snprintf(score, sizeof score, "%.1f", ai->score);
        const char *row[] = {id,
                             day,
                             _(kind_text(ai->kind)),
                             ai->user[0] ? ai->user : "-",
                             answered,
                             score,
                             ai->levels,
                             ai->finished ? _("finished") : _("open")};
        table_add(&t, row);
    }
    if (rc == ASSAY_OK && !c->json) {
        if (n && table_print(&t, &c->out) != 0)
            rc = ASSAY_ENOMEM;
        else if (!n)
            printf(_("No attempts yet. Start one with `assay quiz` or `assay assess`.\n"));
        else
            printf(_("\nLEVELS: topic=level of a finished assessment. `assay resume` continues "
                     "the newest open attempt.\n"));
    }
    table_free(&t);
    assay_list_free(l);
    assay_bank_close(b);
    return rc;
}

/* ---- report ------------------------------------------------------------------------- */

assay_code cmd_report(cli *c)
{
    cli_args *a = c->args;
    assay_report_spec rs;
    assay_report_spec_init(&rs);
    const char *users[MAX_USERS];
    char *list = NULL;
    size_t nu = 0;
    if (a->set[OPT_ATTEMPT]) {
        uint64_t v;
        if (cli_parse_u64(a->val[OPT_ATTEMPT], &v) != 0 || v == 0 || v > INT64_MAX)
            return cli_usage(c, "--attempt wants an attempt number (see `assay history`), not '%s'",
                             a->val[OPT_ATTEMPT]);
        rs.attempt = (int64_t)v;
    } else if (a->set[OPT_USERS]) {
        if (!(list = strdup(a->val[OPT_USERS])))
            return ASSAY_ENOMEM;
        for (char *p = list; *p && nu < MAX_USERS;) {
            size_t k = strcspn(p, ",");
            int last = p[k] == '\0';
            p[k] = '\0';
            if (*p)
                users[nu++] = p;
            p += k + !last;
        }
        if (!nu) {
            free(list);
            return cli_usage(c, "--users wants names separated by commas");
        }
    } else {
        users[nu++] = cli_user(c);
        if (!*users[0])
            return cli_usage(c, "name the learner with --user (or set $USER), or give --users");
    }
    rs.users = users;
    rs.n_users = nu;
    rs.format = a->val[OPT_FORMAT] ? a->val[OPT_FORMAT] : "text";
    rs.lang = a->val[OPT_LANG]                               ? a->val[OPT_LANG]
              : (i18n_init(NULL), i18n_current() == I18N_KO) ? "ko"
                                                             : "en";
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    char *out = NULL;
    size_t len = 0;
    assay_code rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    if (rc == ASSAY_OK)
        rc = assay_engine_open(b, a->val[OPT_KB], &e);
    if (rc == ASSAY_OK)
        rc = assay_report(c->a, b, e, &rs, &out, &len);
    if (rc == ASSAY_OK) {
        const char *path = a->val[OPT_OUTPUT];
        FILE *f = path && strcmp(path, "-") != 0 ? fopen(path, "wb") : stdout;
        if (!f) {
            fprintf(stderr, "assay: %serror%s: %s: cannot write: %s\n", out_on(&c->err, ST_ERR),
                    out_off(&c->err), path, strerror(errno));
            c->reported = 1;
            rc = ASSAY_EOUTPUT;
        } else {
            int bad = fwrite(out, 1, len, f) != len;
            if (f != stdout)
                bad |= fclose(f) != 0;
            if (bad && f != stdout) {
                fprintf(stderr, "assay: %serror%s: %s: cannot write: %s\n", out_on(&c->err, ST_ERR),
                        out_off(&c->err), path, strerror(errno));
                c->reported = 1;
                rc = ASSAY_EOUTPUT;
            } else if (f != stdout && !c->quiet) {
                fprintf(stderr, "assay: wrote %s (%zu bytes)\n", path, len);
            }
        }
    }
    assay_string_free(out);
    free(list);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}
