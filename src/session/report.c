/*
 * session/report — a person's or a team's report from the stored attempts,
 * rendered by src/report (text, HTML with SVG, JSON, CSV).
 *
 * Measurement: a person's answers in quizzes and assessments (not reviews,
 * which repeat items on purpose) are replayed, oldest first, into the same
 * adaptive model an assessment uses (irt through api/assess), over every
 * topic of the engine; the per-topic posterior after each attempt is a point
 * of the ability-over-time chart, the one after the last is the profile.
 * Everything else (wrong items, the study list, the cards due) comes from the
 * bank and the engine. All memory is one arena, freed before returning.
 */
#include "session/session_int.h"

#include "core/buf.h"
#include "core/opts.h"
#include "report/report.h"

#include <jansson.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPORT_MAX_USERS 200
#define REPORT_MAX_WRONG 60
#define REPORT_MAX_DUE   20
#define REPORT_DUE_DAYS  7
#define Z90              1.6448536269514722 /* the 95th percentile of N(0, 1) */
#define RIGHT_SCORE      0.7
/* Evidence before a level is stated: a topic's from this many answers (an
 * assessment's own minimum per topic), the overall from this many. */
#define MIN_TOPIC_ANSWERS   2
#define MIN_OVERALL_ANSWERS 5

void assay_report_spec_init(assay_report_spec *s)
{
    memset(s, 0, sizeof *s);
    s->struct_size = sizeof *s;
    s->format = "text";
    s->lang = "ko";
}

typedef struct ctx {
    assay *a;
    errinfo *err;
    assay_bank *b;
    const assay_engine *e;
    arena mem;
    int64_t now;
    int n_levels;
    int ko; /* the report's language is Korean */
} ctx;

static assay_code nomem(ctx *c)
{
    return err_set(c->err, ASSAY_ENOMEM, "out of memory");
}

static const char *dup(ctx *c, const char *s)
{
    return arena_strdup(&c->mem, s ? s : "");
}

static rp_ability ability(double est, double se)
{
    rp_ability r = {est, se, est - Z90 * se, est + Z90 * se};
    return r;
}

/* A person's attempts, oldest first (one attempt when `only` is set); none
 * is ASSAY_ENOTFOUND (a mistyped name in a team's report is caught). */
static assay_code attempts_of(ctx *c, const char *user, int64_t only, int several,
                              store_attempt **rows, size_t *n)
{
    if (only) {
        store_attempt *at = NULL;
        assay_code rc = store_attempt_get(c->b->s, only, &c->mem, &at, c->err);
        if (rc == ASSAY_OK && !at)
            rc = err_set_param(c->err, ASSAY_ENOTFOUND, "attempt", "no attempt %lld",
                               (long long)only);
        *rows = at;
        *n = at ? 1 : 0;
        return rc;
    }
    store_attempt_filter f = {.person = user, .status = -1};
    assay_code rc = store_attempt_list(c->b->s, &f, &c->mem, rows, n, c->err);
    for (size_t i = 0; rc == ASSAY_OK && i < *n / 2; i++) { /* newest first → oldest first */
        store_attempt t = (*rows)[i];
        (*rows)[i] = (*rows)[*n - 1 - i];
        (*rows)[*n - 1 - i] = t;
    }
    if (rc == ASSAY_OK && *n == 0)
        rc = err_set_param(c->err, ASSAY_ENOTFOUND, several ? "users" : "user",
                           "'%s' has no attempts (a name is matched exactly)", user);
    return rc;
}

static void fill_topic(rp_topic *t, const assay_topic_level *tl, int n_levels)
{
    memset(t, 0, sizeof *t);
    t->number = tl->topic_number;
    t->title = tl->topic;
    t->answered = tl->answered;
    t->ability = ability(tl->ability.eap, tl->ability.psd);
    t->level = tl->answered >= MIN_TOPIC_ANSWERS ? tl->level : 0;
    t->level_prob = tl->level_prob;
    for (int l = 0; l < n_levels && l < RP_MAX_LEVELS; l++)
        t->probs[l] = tl->probs[l];
    t->status = tl->status;
}

/* The probability of the overall level under the overall posterior, taken as
 * normal: the mass between the level's cut points. */
static double level_prob(const assay_profile *pr)
{
    double m = pr->overall.eap, sd = pr->overall.psd;
    int l = pr->overall_level;
    if (!(sd > 0) || l < 1 || l > pr->n_levels)
        return NAN;
    double lo = l > 1 ? 0.5 * erfc(-(pr->cuts[l - 2] - m) / (sd * M_SQRT2)) : 0;
    double hi = l < pr->n_levels ? 0.5 * erfc(-(pr->cuts[l - 1] - m) / (sd * M_SQRT2)) : 1;
    return hi - lo;
}

/* What the learner answered, as they would recognise it: the option chosen
 * ("B) …"), true or false, the pairs as typed ("1b 2e 3a"), or the text. */
static const char *answer_text(ctx *c, const store_response *r)
{
    if (r->choice >= 0 && r->options_json) {
        json_t *o = json_loads(r->options_json, 0, NULL);
        const char *opt = json_string_value(json_array_get(o, (size_t)r->choice));
        char *t = opt ? arena_printf(&c->mem, "%c) %s", 'A' + r->choice % 26, opt) : NULL;
        json_decref(o);
        if (t)
            return t;
    }
    json_t *j = r->answer && r->answer[0] == '{' ? json_loads(r->answer, 0, NULL) : NULL;
    json_t *truth = json_object_get(j, "truth"), *pairs = json_object_get(j, "pairs");
    const char *out = r->answer ? r->answer : "";
    if (json_is_boolean(truth)) {
        out = json_is_true(truth) ? (c->ko ? "참 (o)" : "true (o)")
                                  : (c->ko ? "거짓 (x)" : "false (x)");
    } else if (json_is_array(pairs)) {
        char typed[256] = "";
        size_t w = 0;
        for (size_t i = 0; i < json_array_size(pairs) && w < sizeof typed - 8; i++) {
            json_int_t v = json_integer_value(json_array_get(pairs, i));
            w += (size_t)snprintf(typed + w, sizeof typed - w, "%s%zu%c", i ? " " : "", i + 1,
                                  v >= 0 && v < 26 ? (char)('a' + v) : '-');
        }
        out = arena_strdup(&c->mem, typed);
    }
    json_decref(j);
    return out ? out : "";
}

typedef struct wrong_seen {
    const char *item;
    double last;
    const char *answer;
} wrong_seen;

/* Strengths: the best answered topics at or above the person's level; gaps:
 * the weakest at or below it. Up to three each, never the same topic. */
static assay_code strengths_gaps(ctx *c, rp_person *p, const assay_profile *pr)
{
    size_t n = p->n_topics;
    size_t *order = arena_alloc(&c->mem, (n + 1) * sizeof *order);
    size_t *st = arena_alloc(&c->mem, 4 * sizeof *st), *gp = arena_alloc(&c->mem, 4 * sizeof *gp);
    if (!order || !st || !gp)
        return nomem(c);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (p->topics[i].answered)
            order[k++] = i;
    for (size_t i = 1; i < k; i++) /* by estimate, highest first (insertion sort: n is small) */
        for (size_t j = i;
             j > 0 && p->topics[order[j]].ability.est > p->topics[order[j - 1]].ability.est; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    size_t ns = 0, ng = 0;
    for (size_t i = 0; i < k && ns < 3; i++)
        if (p->topics[order[i]].level >= pr->overall_level && p->topics[order[i]].level > 1)
            st[ns++] = order[i];
    for (size_t i = k; i > 0 && ng < 3; i--) {
        size_t t = order[i - 1];
        int taken = 0;
        for (size_t s = 0; s < ns; s++)
            taken |= st[s] == t;
        if (!taken && p->topics[t].level <= pr->overall_level && p->topics[t].level < c->n_levels)
            gp[ng++] = t;
    }
    p->strengths = st;
    p->n_strengths = ns;
    p->gaps = gp;
    p->n_gaps = ng;
    return ASSAY_OK;
}

/* Items answered wrongly (their last answer), with the reference and source. */
static assay_code wrong_items(ctx *c, rp_person *p, const wrong_seen *seen, size_t n_seen)
{
    rp_wrong *w = arena_alloc(&c->mem, (REPORT_MAX_WRONG + 1) * sizeof *w);
    if (!w)
        return nomem(c);
    size_t n = 0;
    for (size_t i = 0; i < n_seen && n < REPORT_MAX_WRONG; i++) {
        if (seen[i].last >= RIGHT_SCORE)
            continue;
        long idx = engine_find(c->e, seen[i].item);
        if (idx < 0)
            continue;
        const g_item *it = &c->e->items[idx];
        const g_topic *t = &c->e->topics[it->topic];
        char section[512];
        if (it->level)
            snprintf(section, sizeof section, "%s · Level %d", t->title, it->level);
        else
            snprintf(section, sizeof section, "%s", t->title);
        w[n++] = (rp_wrong){.item = it->id,
                            .topic_number = t->number,
                            .topic = t->title,
                            .question = it->question,
                            .answer = seen[i].answer ? seen[i].answer : "",
                            .reference = it->answer,
                            .file = it->source_file,
                            .line = it->source_line,
                            .section = dup(c, section)};
        if (!w[n - 1].section)
            return nomem(c);
    }
    p->wrong = w;
    p->n_wrong = n;
    return ASSAY_OK;
}

/* The study list: the gaps, then topics with wrong answers, each with where
 * its section starts in the document. */
static assay_code study_list(ctx *c, rp_person *p, const assay_list *topics)
{
    size_t cap = p->n_gaps + p->n_wrong + 1;
    rp_study *s = arena_alloc(&c->mem, cap * sizeof *s);
    if (!s)
        return nomem(c);
    size_t n = 0;
    for (size_t k = 0; k < p->n_gaps + p->n_wrong; k++) {
        const char *title;
        char why[160];
        if (k < p->n_gaps) {
            const rp_topic *t = &p->topics[p->gaps[k]];
            title = t->title;
            snprintf(why, sizeof why, c->ko ? "레벨 %d (%.0f%%)" : "Level %d (%.0f%%)", t->level,
                     100 * t->level_prob);
        } else {
            title = p->wrong[k - p->n_gaps].topic;
            size_t wrong = 0;
            for (size_t i = 0; i < p->n_wrong; i++)
                wrong += strcmp(p->wrong[i].topic, title) == 0;
            snprintf(why, sizeof why, c->ko ? "틀린 답 %zu개" : "%zu answered wrongly", wrong);
        }
        int dupl = 0;
        for (size_t i = 0; i < n; i++)
            dupl |= strcmp(s[i].title, title) == 0;
        if (dupl)
            continue;
        const char *file = "";
        long line = 0;
        for (size_t i = 0; i < assay_list_count(topics); i++) {
            const assay_topic_info *ti = assay_list_topic(topics, i);
            if (strcmp(ti->title, title) == 0) {
                file = ti->source_file;
                line = ti->source_line;
            }
        }
        if (strncmp(file, "bundled:", 8) == 0) /* as the items name it */
            file += 8;
        s[n++] = (rp_study){.title = title, .file = dup(c, file), .line = line, .why = dup(c, why)};
        if (!s[n - 1].file || !s[n - 1].why)
            return nomem(c);
    }
    p->study = s;
    p->n_study = n;
    return ASSAY_OK;
}

static assay_code due_cards(ctx *c, rp_person *p, const char *user)
{
    store_card *cards = NULL;
    size_t n = 0;
    assay_code rc = store_card_list(c->b->s, user, c->now + REPORT_DUE_DAYS * 86400, REPORT_MAX_DUE,
                                    &c->mem, &cards, &n, c->err);
    if (rc != ASSAY_OK)
        return rc;
    rp_due *d = arena_alloc(&c->mem, (n + 1) * sizeof *d);
    if (!d)
        return nomem(c);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        long idx = engine_find(c->e, cards[i].item_id);
        if (idx >= 0)
            d[k++] = (rp_due){c->e->items[idx].id, c->e->items[idx].question, cards[i].due};
    }
    p->due = d;
    p->n_due = k;
    return ASSAY_OK;
}

/* One person: attempts, the replayed profile, its history, the lists. */
static assay_code person(ctx *c, const char *user, int64_t only, const assay_list *topics, int full,
                         rp_person *p)
{
    memset(p, 0, sizeof *p);
    store_attempt *ats = NULL;
    size_t na = 0;
    assay_code rc = attempts_of(c, user, only, !full, &ats, &na);
    if (rc != ASSAY_OK)
        return rc;
    p->name = dup(c, only && na && ats[0].person ? ats[0].person : user);
    assay_assess_spec sp;
    assay_assess_spec_init(&sp);
    sp.types = ASSAY_Q_ALL;
    assay_assessment *as = NULL;
    if ((rc = assay_assess_start(c->a, c->e, &sp, &as)) != ASSAY_OK)
        return rc;
    rp_attempt *ra = arena_alloc(&c->mem, (na + 1) * sizeof *ra);
    size_t n_topics = 0;
    const assay_profile *pr = assay_assess_profile(as);
    n_topics = pr->n_topics;
    /* points[t][k]: topic t after attempt k */
    rp_point *points = arena_alloc(&c->mem, (n_topics * na + 1) * sizeof *points);
    size_t *n_points = arena_alloc(&c->mem, (n_topics + 1) * sizeof *n_points);
    wrong_seen *seen = NULL;
    size_t n_seen = 0, cap_seen = 0;
    if (!ra || !points || !n_points)
        rc = nomem(c);
    if (n_points)
        memset(n_points, 0, (n_topics + 1) * sizeof *n_points);
    for (size_t k = 0; rc == ASSAY_OK && k < na; k++) {
        store_response *rs = NULL;
        size_t nr = 0;
        rc = store_attempt_responses(c->b->s, ats[k].id, &c->mem, &rs, &nr, c->err);
        double sum = 0;
        for (size_t i = 0; rc == ASSAY_OK && i < nr; i++) {
            if (!(rs[i].score >= 0 && rs[i].score <= 1)) {
                rc = err_set(c->err, ASSAY_ESTORAGE,
                             "attempt %lld, position %d: a stored score "
                             "is not between 0 and 1",
                             (long long)ats[k].id, rs[i].seq);
                break;
            }
            /* an assessor's mark, where there is one, stands for the automatic score */
            if (rs[i].mark >= 0 && rs[i].mark <= 1)
                rs[i].score = rs[i].mark;
            sum += rs[i].score;
            if (ats[k].kind == STORE_ATTEMPT_REVIEW)
                continue;
            if (assess_replay(as, rs[i].item_id, rs[i].score) < 0) {
                rc = nomem(c);
                break;
            }
            size_t j = 0;
            while (j < n_seen && strcmp(seen[j].item, rs[i].item_id) != 0)
                j++;
            if (j == n_seen) {
                wrong_seen *w = arena_push(&c->mem, (void **)&seen, &n_seen, &cap_seen, sizeof *w);
                if (!w) {
                    rc = nomem(c);
                    break;
                }
                w->item = rs[i].item_id;
            }
            seen[j].last = rs[i].score;
            seen[j].answer = answer_text(c, &rs[i]);
        }
        ra[k] = (rp_attempt){.id = ats[k].id,
                             .kind = ats[k].kind == STORE_ATTEMPT_ASSESSMENT ? "assessment"
                                     : ats[k].kind == STORE_ATTEMPT_REVIEW   ? "review"
                                                                             : "quiz",
                             .started = ats[k].created_at,
                             .finished = ats[k].finished ? ats[k].updated_at : 0,
                             .answered = nr,
                             .score = nr ? sum / (double)nr : NAN};
        if (rc != ASSAY_OK)
            break;
        pr = assay_assess_profile(as);
        for (size_t t = 0; rc == ASSAY_OK && t < n_topics; t++)
            if (pr->topics[t].answered)
                points[t * na + n_points[t]++] = (rp_point){
                    ats[k].updated_at, pr->topics[t].ability.eap, pr->topics[t].ability.psd};
    }
    if (rc == ASSAY_OK) {
        pr = assay_assess_profile(as);
        c->n_levels = pr->n_levels;
        rp_topic *tp = arena_alloc(&c->mem, (n_topics + 1) * sizeof *tp);
        rp_series *series = arena_alloc(&c->mem, (n_topics + 1) * sizeof *series);
        if (!tp || !series)
            rc = nomem(c);
        for (size_t t = 0; rc == ASSAY_OK && t < n_topics; t++) {
            fill_topic(&tp[t], &pr->topics[t], pr->n_levels);
            if (!(tp[t].title = dup(c, pr->topics[t].topic)) ||
                !(tp[t].status = dup(c, pr->topics[t].status)))
                rc = nomem(c);
            if (n_points[t] >= 2)
                series[p->n_series++] = (rp_series){t, &points[t * na], n_points[t]};
        }
        p->attempts = ra;
        p->n_attempts = na;
        p->overall = ability(pr->overall.eap, pr->overall.psd);
        p->overall_level = pr->answered >= MIN_OVERALL_ANSWERS ? pr->overall_level : 0;
        p->overall_level_prob = p->overall_level ? level_prob(pr) : NAN;
        p->topics = tp;
        p->n_topics = n_topics;
        p->series = series;
        if (!full)
            p->n_series = 0;
    }
    if (rc == ASSAY_OK)
        rc = strengths_gaps(c, p, pr);
    if (rc == ASSAY_OK && full)
        rc = wrong_items(c, p, seen, n_seen);
    if (rc == ASSAY_OK && full)
        rc = study_list(c, p, topics);
    if (rc == ASSAY_OK && full && p->name[0])
        rc = due_cards(c, p, p->name);
    assay_assess_free(as);
    return rc;
}

assay_code assay_report(assay *a, assay_bank *b, const assay_engine *e,
                        const assay_report_spec *spec_in, char **out, size_t *len)
{
    api_enter(a);
    *out = NULL;
    if (len)
        *len = 0;
    assay_report_spec sp;
    assay_report_spec_init(&sp);
    if (opts_take(&a->err, &sp, sizeof sp, spec_in, "assay_report_spec") != ASSAY_OK)
        return ASSAY_EUSAGE;
    int format = rp_format_parse(sp.format ? sp.format : "text");
    if (format < 0)
        return err_set_param(&a->err, ASSAY_EUSAGE, "format",
                             "a report is text, html, json or csv, not '%s'", sp.format);
    if (!sp.attempt && sp.n_users == 0)
        return err_set_param(&a->err, ASSAY_EUSAGE, "users", "name a user or an attempt");
    if (sp.n_users > REPORT_MAX_USERS)
        return err_set_param(&a->err, ASSAY_EUSAGE, "users", "at most %d users in one report",
                             REPORT_MAX_USERS);
    ctx c = {.a = a,
             .err = &a->err,
             .b = b,
             .e = e,
             .now = sp.now ? sp.now : time(NULL),
             .ko = !sp.lang || strcmp(sp.lang, "en") != 0};
    arena_init(&c.mem, 0);
    const char *kb = e->kb[0] ? e->kb : e->n_topics ? e->topics[0].kb : "";
    assay_list *topics = NULL, *levels = NULL;
    store_kb *kbrow = NULL;
    assay_code rc = assay_bank_topics(b, kb[0] ? kb : NULL, &topics);
    if (rc == ASSAY_OK && kb[0])
        rc = api_find_kb(b, &c.mem, kb, &kbrow);
    if (rc == ASSAY_OK && kb[0])
        rc = assay_bank_levels(b, kb, &levels);
    size_t np = sp.attempt ? 1 : sp.n_users;
    rp_person *persons = rc == ASSAY_OK ? arena_alloc(&c.mem, (np + 1) * sizeof *persons) : NULL;
    if (rc == ASSAY_OK && !persons)
        rc = nomem(&c);
    for (size_t i = 0; rc == ASSAY_OK && i < np; i++)
        rc = person(&c, sp.attempt ? "" : sp.users[i], sp.attempt, topics, np == 1, &persons[i]);
    const char **labels = NULL;
    int nl = c.n_levels > 0 ? c.n_levels : 4;
    if (rc == ASSAY_OK && !(labels = arena_alloc(&c.mem, (size_t)nl * sizeof *labels)))
        rc = nomem(&c);
    for (int l = 0; rc == ASSAY_OK && l < nl; l++) {
        const char *found = NULL;
        for (size_t k = 0; k < assay_list_count(levels); k++)
            if (assay_list_level(levels, k)->level == l + 1)
                found = assay_list_level(levels, k)->label;
        char def[32];
        snprintf(def, sizeof def, "Level %d", l + 1);
        if (!(labels[l] = dup(&c, found ? found : def)))
            rc = nomem(&c);
    }
    buf o;
    buf_init(&o, RP_OUT_MAX);
    if (rc == ASSAY_OK) {
        rp_report r = {.kind = np == 1 ? RP_PERSON : RP_GROUP,
                       .kb_name = kb,
                       .kb_title = kbrow ? kbrow->title : "",
                       .level_labels = labels,
                       .n_levels = (size_t)nl,
                       .cuts = NULL,
                       .generated = c.now,
                       .lang = sp.lang,
                       .persons = persons,
                       .n_persons = np};
        rc = rp_render(&r, (rp_format)format, sp.lang, &o, &a->err);
    }
    if (rc == ASSAY_OK) {
        size_t n = 0;
        *out = buf_take(&o, &n);
        if (!*out)
            rc = nomem(&c);
        else if (len)
            *len = n;
    }
    buf_free(&o);
    assay_list_free(topics);
    assay_list_free(levels);
    arena_free(&c.mem);
    return rc;
}
