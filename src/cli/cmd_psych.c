/* cmd_psych — `assay calibrate`, `assay analyze`, `assay simulate`. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int parse_size(const char *s, size_t lo, size_t hi, size_t *out)
{
    uint64_t v;
    if (cli_parse_u64(s, &v) != 0 || v < lo || v > hi)
        return -1;
    *out = (size_t)v;
    return 0;
}

static double num(json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

static long long integer(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* A number for a table cell with `digits` decimals; "-" for null. */
static void fmt(char *buf, size_t cap, json_t *v, int digits, double scale)
{
    if (json_is_number(v))
        snprintf(buf, cap, "%.*f", digits, scale * json_number_value(v));
    else
        snprintf(buf, cap, "-");
}

/* Prints a report: as it is with --json, else through `print`; frees js. */
static assay_code emit(cli *c, assay_code rc, char *js, void (*print)(cli *, json_t *))
{
    if (rc == ASSAY_OK && c->json) {
        printf("%s\n", js);
    } else if (rc == ASSAY_OK) {
        json_error_t err;
        json_t *j = json_loads(js, 0, &err);
        if (j) {
            print(c, j);
        } else {
            fprintf(stderr, "assay: error: unreadable report: %s\n", err.text);
            c->reported = 1;
            rc = ASSAY_EINTERNAL;
        }
        json_decref(j);
    }
    assay_string_free(js);
    return rc;
}

/* ---- progress on a terminal ---------------------------------------------------- */

static int calib_progress(void *ud, int cycle, double loglik, double change)
{
    cli *c = ud;
    fprintf(stderr, "\r\033[Kcalibrating: cycle %d, log-likelihood %.3f, largest change %.2g",
            cycle, loglik, change);
    (void)c;
    return 0;
}

static void sim_progress(void *ud, size_t done, size_t total)
{
    (void)ud;
    if (done == total || done % 10 == 0)
        fprintf(stderr, "\r\033[Ksimulating: %zu of %zu examinees", done, total);
}

static int show_progress(const cli *c)
{
    return c->err.width > 0 && !c->quiet;
}

static void end_progress(const cli *c)
{
    if (show_progress(c))
        fprintf(stderr, "\r\033[K");
}

/* ---- assay calibrate ---------------------------------------------------------- */

static void print_calibration(cli *c, json_t *j)
{
    json_t *run = json_object_get(j, "run");
    int csv = strcmp(str(j, "source"), "csv") == 0;
    const char *model = str(run, "model");
    if (csv)
        printf("%sCalibrated%s %s (%s): %s, %s, %s\n", out_on(&c->out, ST_BOLD), out_off(&c->out),
               str(j, "file"), model, CLI_N(integer(j, "persons"), "person", "persons"),
               CLI_N(integer(j, "responses"), "answer", "answers"),
               CLI_N(integer(j, "items"), "item", "items"));
    else
        printf("%sCalibrated%s %s (%s): %s%s, %s; %lld of %s answered\n", out_on(&c->out, ST_BOLD),
               out_off(&c->out), str(j, "kb"), model,
               CLI_N(integer(j, "persons"), "attempt", "attempts"),
               integer(j, "simulated_attempts") ? " (some simulated)" : "",
               CLI_N(integer(j, "responses"), "answer", "answers"), integer(j, "items_answered"),
               CLI_N(integer(j, "items"), "item", "items"));
    int conv = json_is_true(json_object_get(run, "converged"));
    printf("EM: %s, %s%s%s (largest change %.2g, tolerance %.0e), log-likelihood %.3f, "
           "%.2f s\n",
           CLI_N(integer(run, "cycles"), "cycle", "cycles"),
           out_on(&c->out, conv ? ST_OK : ST_WARN), conv ? "converged" : "NOT converged",
           out_off(&c->out), num(run, "max_change"), num(run, "tol"), num(run, "loglik"),
           num(run, "seconds"));
    if (json_object_get(run, "latent_variance"))
        printf("Rasch: common slope %.4f, latent variance %.4f\n", num(run, "slope"),
               num(run, "latent_variance"));
    json_t *pr = json_object_get(j, "priors");
    if (json_is_object(pr) && !csv) {
        printf("Priors: b near the level's");
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(pr, "level_b"), i, v)
        {
            printf("%s %+.1f", i ? "," : "", json_number_value(v));
        }
        printf(" (intercept SD %.1f)", num(pr, "d_sd"));
        if (strcmp(model, "2pl") == 0)
            printf(", log slope SD %.1f", num(pr, "loga_sd"));
        printf("\n");
    }
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(j, "warnings"), i, w)
    {
        cli_warning(c, csv ? str(j, "file") : str(j, "kb"), 0, json_string_value(w));
    }
    printf("\n");
    table_col cols[8];
    size_t nc = 0;
    cols[nc++] = (table_col){csv ? "ITEM" : "ID", AL_LEFT, ST_ID, 0};
    if (!csv) {
        cols[nc++] = (table_col){"TOPIC", AL_LEFT, ST_NONE, 1};
        cols[nc++] = (table_col){"LEVEL", AL_RIGHT, ST_NONE, 0};
    }
    cols[nc++] = (table_col){"A", AL_RIGHT, ST_NONE, 0};
    cols[nc++] = (table_col){"D", AL_RIGHT, ST_NONE, 0};
    cols[nc++] = (table_col){"B", AL_RIGHT, ST_BOLD, 0};
    if (!csv)
        cols[nc++] = (table_col){"PRIOR B", AL_RIGHT, ST_DIM, 0};
    cols[nc++] = (table_col){"ANSWERS", AL_RIGHT, ST_NONE, 0};
    table tb;
    table_init(&tb, cols, nc);
    json_t *row;
    json_array_foreach(json_object_get(j, "parameters"), i, row)
    {
        if (!csv && num(row, "n") <= 0)
            continue; /* the unanswered sit on their priors; --json lists them */
        char lv[8], a[16], d[16], b[16], pb[16], n[24];
        fmt(lv, sizeof lv, json_object_get(row, "level"), 0, 1);
        fmt(a, sizeof a, json_object_get(row, "a"), 3, 1);
        fmt(d, sizeof d, json_object_get(row, "d"), 3, 1);
        fmt(b, sizeof b, json_object_get(row, "b"), 3, 1);
        fmt(pb, sizeof pb, json_object_get(row, "prior_b"), 1, 1);
        fmt(n, sizeof n, json_object_get(row, "n"), 0, 1);
        const char *cells[8];
        size_t k = 0;
        cells[k++] = str(row, "item");
        if (!csv) {
            cells[k++] = str(row, "topic");
            cells[k++] = lv;
        }
        cells[k++] = a;
        cells[k++] = d;
        cells[k++] = b;
        if (!csv)
            cells[k++] = pb;
        cells[k++] = n;
        table_add(&tb, cells);
    }
    table_print(&tb, &c->out);
    table_free(&tb);
}

assay_code cmd_calibrate(cli *c)
{
    cli_args *a = c->args;
    assay_calib_opts o;
    assay_calib_opts_init(&o);
    if (a->set[OPT_IRT_MODEL] && assay_model_parse(a->val[OPT_IRT_MODEL], &o.model) != ASSAY_OK)
        return cli_usage(c, "--model is rasch or 2pl, not '%s'", a->val[OPT_IRT_MODEL]);
    const char *csv = a->val[OPT_RESPONSES];
    if (!csv && (a->set[OPT_ID_COLUMN] || a->set[OPT_PRIORS]))
        return cli_usage(c, "--id-column and --priors go with --responses");
    if (csv && (a->set[OPT_KB] || a->set[OPT_INCLUDE_SIMULATED] || a->set[OPT_DB]))
        return cli_usage(c, "--responses calibrates a file; --kb, --db and --include-simulated "
                            "are for the bank");
    o.id_column = a->set[OPT_ID_COLUMN] != 0;
    o.priors = a->set[OPT_PRIORS] != 0;
    o.real_only = !a->set[OPT_INCLUDE_SIMULATED];
    if (show_progress(c)) {
        o.progress = calib_progress;
        o.userdata = c;
    }
    char *js = NULL;
    assay_code rc;
    if (csv) {
        rc = assay_calibrate_csv(c->a, csv, &o, &js);
    } else {
        assay_bank *b = NULL;
        rc = cli_open_bank(c, CLI_BANK_WRITE, &b, NULL, 0);
        if (rc == ASSAY_OK)
            rc = assay_calibrate(b, a->val[OPT_KB], &o, &js);
        assay_bank_close(b);
    }
    end_progress(c);
    return emit(c, rc, js, print_calibration);
}

/* ---- assay analyze -------------------------------------------------------------- */

static void print_analysis(cli *c, json_t *j)
{
    printf("%sItem analysis%s of %s: %s (%s, %lld adaptive%s), %s\n", out_on(&c->out, ST_BOLD),
           out_off(&c->out), str(j, "kb"), CLI_N(integer(j, "attempts"), "attempt", "attempts"),
           CLI_N(integer(j, "quiz_attempts"), "fixed quiz", "fixed quizzes"),
           integer(j, "adaptive_attempts"),
           integer(j, "simulated_attempts") ? "; some simulated" : "",
           CLI_N(integer(j, "responses"), "answer", "answers"));
    printf("Facility, discrimination (DI) and efficiency (DE) from fixed quizzes, as Moodle "
           "computes them; flags need %s.\n\n",
           CLI_N(integer(json_object_get(j, "thresholds"), "min_answers"), "answer", "answers"));
    static const table_col cols[] = {
        {"ID", AL_LEFT, ST_ID, 0},      {"TOPIC", AL_LEFT, ST_NONE, 1},
        {"LV", AL_RIGHT, ST_NONE, 0},   {"N", AL_RIGHT, ST_NONE, 0},
        {"ADAPT", AL_RIGHT, ST_DIM, 0}, {"F%", AL_RIGHT, ST_NONE, 0},
        {"SD%", AL_RIGHT, ST_NONE, 0},  {"DI%", AL_RIGHT, ST_BOLD, 0},
        {"DE%", AL_RIGHT, ST_NONE, 0},  {"R-REST", AL_RIGHT, ST_NONE, 0},
        {"FLAGS", AL_LEFT, ST_WARN, 1},
    };
    table tb;
    table_init(&tb, cols, sizeof cols / sizeof cols[0]);
    size_t i;
    json_t *row;
    size_t adaptive_only = 0;
    json_array_foreach(json_object_get(j, "items"), i, row)
    {
        if (num(row, "n") <= 0) {
            adaptive_only++;
            continue;
        }
        char lv[8], n[16], ad[16], f[16], sd[16], di[16], de[16], rr[16], flags[160] = "";
        fmt(lv, sizeof lv, json_object_get(row, "level"), 0, 1);
        fmt(n, sizeof n, json_object_get(row, "n"), 0, 1);
        fmt(ad, sizeof ad, json_object_get(row, "adaptive_n"), 0, 1);
        fmt(f, sizeof f, json_object_get(row, "facility"), 1, 100);
        fmt(sd, sizeof sd, json_object_get(row, "sd"), 1, 100);
        fmt(di, sizeof di, json_object_get(row, "discrimination_index"), 1, 1);
        fmt(de, sizeof de, json_object_get(row, "discriminative_efficiency"), 1, 1);
        fmt(rr, sizeof rr, json_object_get(row, "r_rest"), 3, 1);
        size_t k, w = 0;
        json_t *fl;
        json_array_foreach(json_object_get(row, "flags"), k, fl)
        {
            const char *name = json_string_value(fl);
            if (strcmp(name, "few_answers") == 0)
                continue;
            w += (size_t)snprintf(flags + w, w < sizeof flags ? sizeof flags - w : 0, "%s%s",
                                  w ? ", " : "", name);
        }
        const char *cells[] = {
            str(row, "item"), str(row, "topic"), lv, n, ad, f, sd, di, de, rr, flags};
        table_add(&tb, cells);
    }
    table_print(&tb, &c->out);
    table_free(&tb);
    if (adaptive_only)
        printf("%s%zu more item%s answered only in adaptive assessments (listed by --json)%s\n",
               out_on(&c->out, ST_DIM), adaptive_only, adaptive_only == 1 ? "" : "s",
               out_off(&c->out));
    json_t *forms = json_object_get(j, "forms");
    if (json_array_size(forms)) {
        printf("\n%sForms%s (fixed quizzes answered more than once)\n", out_on(&c->out, ST_BOLD),
               out_off(&c->out));
        static const table_col fcols[] = {
            {"FORM", AL_LEFT, ST_ID, 0},         {"ATTEMPTS", AL_RIGHT, ST_NONE, 0},
            {"QUESTIONS", AL_RIGHT, ST_NONE, 0}, {"MEAN", AL_RIGHT, ST_NONE, 0},
            {"SD", AL_RIGHT, ST_NONE, 0},        {"ALPHA%", AL_RIGHT, ST_BOLD, 0},
            {"ER%", AL_RIGHT, ST_NONE, 0},       {"SE", AL_RIGHT, ST_NONE, 0},
        };
        table_init(&tb, fcols, sizeof fcols / sizeof fcols[0]);
        json_array_foreach(forms, i, row)
        {
            char fp[16], at[16], q[16], m[16], sd[16], al[16], er[16], se[16];
            snprintf(fp, sizeof fp, "%.12s", str(row, "form"));
            fmt(at, sizeof at, json_object_get(row, "attempts"), 0, 1);
            fmt(q, sizeof q, json_object_get(row, "questions"), 0, 1);
            fmt(m, sizeof m, json_object_get(row, "mean"), 2, 1);
            fmt(sd, sizeof sd, json_object_get(row, "sd"), 2, 1);
            fmt(al, sizeof al, json_object_get(row, "alpha"), 2, 100);
            fmt(er, sizeof er, json_object_get(row, "error_ratio"), 2, 1);
            fmt(se, sizeof se, json_object_get(row, "se"), 3, 1);
            const char *cells[] = {fp, at, q, m, sd, al, er, se};
            table_add(&tb, cells);
        }
        table_print(&tb, &c->out);
        table_free(&tb);
    }
    printf("\n%s flagged\n", CLI_N(integer(j, "flagged_items"), "item", "items"));
}

assay_code cmd_analyze(cli *c)
{
    assay_analyze_opts o;
    assay_analyze_opts_init(&o);
    o.real_only = c->args->set[OPT_REAL_ONLY] != 0;
    assay_bank *b = NULL;
    char *js = NULL;
    assay_code rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    if (rc == ASSAY_OK)
        rc = assay_analyze(b, c->args->val[OPT_KB], &o, &js);
    assay_bank_close(b);
    return emit(c, rc, js, print_analysis);
}

/* ---- assay simulate -------------------------------------------------------------- */

static void print_simulation(cli *c, json_t *j)
{
    printf("%sSimulation%s: %s, %s, %s, %s, tau %.2f, %s stopping, %s allocation, seed %s",
           out_on(&c->out, ST_BOLD), out_off(&c->out),
           CLI_N(integer(j, "examinees"), "examinee", "examinees"),
           CLI_N(integer(j, "topics"), "topic", "topics"),
           CLI_N(integer(j, "askable_items"), "askable item", "askable items"),
           CLI_N(integer(j, "levels"), "level", "levels"), num(j, "tau"), str(j, "rule"),
           str(j, "allocation"), str(j, "seed"));
    if (num(j, "slope_sd") > 0)
        printf(", what-if slopes lognormal(0, %.2f)", num(j, "slope_sd"));
    printf("\n\n");
    static const table_col cols[] = {
        {"DESIGN", AL_LEFT, ST_BOLD, 0},      {"LENGTH", AL_RIGHT, ST_NONE, 0},
        {"ITEMS USED", AL_RIGHT, ST_NONE, 0}, {"LEVEL ACCURACY", AL_RIGHT, ST_BOLD, 0},
        {"RMSE TOPIC", AL_RIGHT, ST_NONE, 0}, {"RMSE OVERALL", AL_RIGHT, ST_NONE, 0},
    };
    table tb;
    table_init(&tb, cols, sizeof cols / sizeof cols[0]);
    static const char *const designs[] = {"adaptive", "random_form", "balanced_form"};
    static const char *const names[] = {"adaptive", "random form", "balanced form"};
    json_t *d = json_object_get(j, "designs");
    for (size_t k = 0; k < 3; k++) {
        size_t i;
        json_t *row;
        json_array_foreach(json_object_get(d, designs[k]), i, row)
        {
            char len[16], used[16], acc[32], rt[16], ro[16];
            json_t *l = json_object_get(row, k == 0 ? "max_items" : "items");
            fmt(len, sizeof len, l, 0, 1);
            fmt(used, sizeof used, json_object_get(row, "mean_items"), 1, 1);
            snprintf(acc, sizeof acc, "%.1f%% ±%.1f", 100 * num(row, "accuracy"),
                     100 * num(row, "accuracy_se"));
            fmt(rt, sizeof rt, json_object_get(row, "rmse_topic"), 3, 1);
            fmt(ro, sizeof ro, json_object_get(row, "rmse_overall"), 3, 1);
            const char *cells[] = {i == 0 ? names[k] : "", len, used, acc, rt, ro};
            table_add(&tb, cells);
        }
    }
    table_print(&tb, &c->out);
    table_free(&tb);
    printf("\n");
    size_t i;
    json_t *cmp;
    json_array_foreach(json_object_get(j, "comparison"), i, cmp)
    {
        const char *against =
            strcmp(str(cmp, "against"), "random_form") == 0 ? "random form" : "balanced form";
        json_t *ad = json_object_get(cmp, "adaptive_items");
        if (json_is_number(ad))
            printf("The %s reaches %.1f%% with %.0f items; the adaptive assessment with %.1f "
                   "(%.0f%% of them): %s%s%s\n",
                   against, 100 * num(cmp, "target_accuracy"), num(cmp, "fixed_items"),
                   json_number_value(ad), 100 * num(cmp, "ratio"),
                   out_on(&c->out,
                          json_is_true(json_object_get(cmp, "half_or_fewer")) ? ST_OK : ST_WARN),
                   json_is_true(json_object_get(cmp, "half_or_fewer")) ? "half or fewer"
                                                                       : "more than half",
                   out_off(&c->out));
        else
            printf("The %s reaches %.1f%% with %.0f items; the adaptive assessment does not "
                   "reach it within the lengths run\n",
                   against, 100 * num(cmp, "target_accuracy"), num(cmp, "fixed_items"));
    }
    json_t *st = json_object_get(j, "stored");
    if (integer(st, "attempts"))
        printf("Stored %s (%s): see `assay analyze`, `assay calibrate --include-simulated`\n",
               CLI_N(integer(st, "attempts"), "simulated attempt", "simulated attempts"),
               CLI_N(integer(st, "responses"), "answer", "answers"));
}

assay_code cmd_simulate(cli *c)
{
    cli_args *a = c->args;
    assay_sim_opts o;
    assay_sim_opts_init(&o);
    assay_assess_spec spec;
    assay_assess_spec_init(&spec);
    if (a->set[OPT_EXAMINEES] && parse_size(a->val[OPT_EXAMINEES], 1, 100000, &o.examinees) != 0)
        return cli_usage(c, "--examinees wants 1 to 100000, not '%s'", a->val[OPT_EXAMINEES]);
    if (a->set[OPT_MAX_ITEMS] && parse_size(a->val[OPT_MAX_ITEMS], 1, 500, &o.max_items) != 0)
        return cli_usage(c, "--max-items wants 1 to 500, not '%s'", a->val[OPT_MAX_ITEMS]);
    if (a->set[OPT_SIM_SEED]) {
        size_t v;
        if (parse_size(a->val[OPT_SIM_SEED], 0, SIZE_MAX, &v) != 0)
            return cli_usage(c, "--seed wants a number from 0, not '%s'", a->val[OPT_SIM_SEED]);
        o.seed = (uint64_t)v;
    }
    if (a->set[OPT_SLOPES]) {
        char *end;
        errno = 0;
        o.slope_sd = strtod(a->val[OPT_SLOPES], &end);
        if (errno || *end || !(o.slope_sd >= 0 && o.slope_sd <= 2))
            return cli_usage(c, "--slopes wants an SD from 0 to 2, not '%s'", a->val[OPT_SLOPES]);
    }
    if (a->set[OPT_ALLOCATION]) {
        const char *v = a->val[OPT_ALLOCATION];
        if (strcmp(v, "gain") == 0)
            spec.allocation = ASSAY_ALLOC_GAIN;
        else if (strcmp(v, "share") == 0)
            spec.allocation = ASSAY_ALLOC_SHARE;
        else
            return cli_usage(c, "--allocation is gain or share, not '%s'", v);
    }
    const char *topics[64];
    size_t nt = cli_values(a, OPT_TOPIC, topics, 64);
    if (nt > 64)
        return cli_usage(c, "at most 64 --topic");
    spec.topics = topics;
    spec.n_topics = nt;
    o.spec = &spec;
    o.store = !a->set[OPT_NO_STORE];
    if (show_progress(c))
        o.progress = sim_progress;
    assay_bank *b = NULL;
    assay_engine *e = NULL;
    char *js = NULL;
    assay_code rc = cli_open_bank(c, o.store ? CLI_BANK_WRITE : CLI_BANK_READ, &b, NULL, 0);
    if (rc == ASSAY_OK)
        rc = assay_engine_open(b, a->val[OPT_KB] ? a->val[OPT_KB] : assay_bundled_kb_name(), &e);
    if (rc == ASSAY_OK)
        rc = assay_simulate(c->a, e, b, &o, &js);
    end_progress(c);
    rc = emit(c, rc, js, print_simulation);
    assay_engine_free(e);
    assay_bank_close(b);
    return rc;
}
