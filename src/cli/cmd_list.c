/* cmd_list — reading the bank: overview, kbs, topics, items, show. */
#include "cli.h"
#include "i18n.h"
#include "term.h"

#include <stdlib.h>
#include <string.h>

static char *fmt_size(size_t v, char buf[24])
{
    snprintf(buf, 24, "%zu", v);
    return buf;
}

/* The highest level that has level Q/A items in a topic list (at least 1). */
static int max_level(const assay_list *topics)
{
    int m = 0;
    for (size_t i = 0; i < assay_list_count(topics); i++) {
        const assay_topic_info *t = assay_list_topic(topics, i);
        for (int l = 1; l <= ASSAY_MAX_LEVEL; l++)
            if (t->by_level[l] && l > m)
                m = l;
    }
    return m ? m : 4;
}

static json_t *topic_json(const assay_topic_info *t)
{
    json_t *by = json_object();
    for (int l = 1; by && l <= ASSAY_MAX_LEVEL; l++) {
        if (!t->by_level[l])
            continue;
        char k[4];
        snprintf(k, sizeof k, "%d", l);
        json_object_set_new(by, k, json_integer((json_int_t)t->by_level[l]));
    }
    return json_pack("{s:s, s:i, s:i, s:s, s:I, s:o, s:I, s:I, s:{s:s, s:I}}", "kb", t->kb,
                     "number", t->number, "ordinal", t->ordinal, "title", t->title, "items",
                     (json_int_t)t->items, "by_level", by, "interview_qa",
                     (json_int_t)t->interview_qa, "scenario", (json_int_t)t->scenario, "source",
                     "file", t->source_file, "line", (json_int_t)t->source_line);
}

static json_t *levels_json(const assay_list *levels)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < assay_list_count(levels); i++) {
        const assay_level_info *l = assay_list_level(levels, i);
        json_array_append_new(arr, json_pack("{s:i, s:s, s:s, s:s}", "level", l->level, "label",
                                             l->label, "audience", l->audience, "description",
                                             l->description));
    }
    return arr;
}

static const char *level_label(const assay_list *levels, int level)
{
    for (size_t i = 0; i < assay_list_count(levels); i++) {
        const assay_level_info *l = assay_list_level(levels, i);
        if (l->level == level)
            return l->label;
    }
    return "";
}

/* The topics table shared by `overview` and `topics`. */
static assay_code print_topics(cli *c, const assay_list *topics, const assay_list *levels,
                               int show_kb)
{
    int maxl = max_level(topics);
    enum { MAXCOLS = 4 + ASSAY_MAX_LEVEL + 3 };
    table_col cols[MAXCOLS];
    char heads[ASSAY_MAX_LEVEL + 1][64];
    size_t nc = 0;
    if (show_kb)
        cols[nc++] = (table_col){"KB", AL_LEFT, ST_DIM, 0};
    cols[nc++] = (table_col){"#", AL_RIGHT, ST_NONE, 0};
    cols[nc++] = (table_col){"TOPIC", AL_LEFT, ST_BOLD, 1};
    for (int l = 1; l <= maxl; l++) {
        const char *lab = levels ? level_label(levels, l) : "";
        snprintf(heads[l], sizeof heads[l], "L%d%s%s", l, lab[0] ? " " : "", lab);
        cols[nc++] = (table_col){heads[l], AL_RIGHT, ST_NONE, 0};
    }
    cols[nc++] = (table_col){"INTERVIEW", AL_RIGHT, ST_NONE, 0};
    cols[nc++] = (table_col){"SCENARIO", AL_RIGHT, ST_NONE, 0};
    cols[nc++] = (table_col){"ITEMS", AL_RIGHT, ST_NONE, 0};
    table tb;
    table_init(&tb, cols, nc);
    char nums[MAXCOLS][24];
    for (size_t i = 0; i < assay_list_count(topics); i++) {
        const assay_topic_info *t = assay_list_topic(topics, i);
        const char *cells[MAXCOLS];
        size_t k = 0;
        if (show_kb)
            cells[k++] = t->kb;
        cells[k] = fmt_size((size_t)(t->number ? t->number : t->ordinal), nums[k]);
        k++;
        cells[k++] = t->title;
        for (int l = 1; l <= maxl; l++) {
            cells[k] = fmt_size(t->by_level[l], nums[k]);
            k++;
        }
        cells[k] = fmt_size(t->interview_qa, nums[k]);
        k++;
        cells[k] = fmt_size(t->scenario, nums[k]);
        k++;
        cells[k] = fmt_size(t->items, nums[k]);
        k++;
        table_add(&tb, cells);
    }
    int rc = table_print(&tb, &c->out);
    table_free(&tb);
    return rc == 0 ? ASSAY_OK : ASSAY_ENOMEM;
}

assay_code cmd_overview(cli *c)
{
    assay_bank *b = NULL;
    char url[4096];
    assay_code rc = cli_open_bank(c, CLI_BANK_READ, &b, url, sizeof url);
    if (rc != ASSAY_OK)
        return rc;
    assay_list *kbs = NULL, *topics = NULL, *levels = NULL;
    rc = assay_bank_kbs(b, &kbs);
    const assay_kb_info *kb = NULL;
    for (size_t i = 0; rc == ASSAY_OK && i < assay_list_count(kbs); i++)
        if (strcmp(assay_list_kb(kbs, i)->name, assay_bundled_kb_name()) == 0)
            kb = assay_list_kb(kbs, i);
    if (rc == ASSAY_OK && !kb && assay_list_count(kbs))
        kb = assay_list_kb(kbs, 0);
    if (rc == ASSAY_OK && kb)
        rc = assay_bank_topics(b, kb->name, &topics);
    if (rc == ASSAY_OK && kb)
        rc = assay_bank_levels(b, kb->name, &levels);
    if (rc == ASSAY_OK && !kb)
        rc = ASSAY_OK; /* cannot happen: serve_bundled shows one */

    if (rc == ASSAY_OK && c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < assay_list_count(topics); i++)
            json_array_append_new(arr, topic_json(assay_list_topic(topics, i)));
        json_t *others = json_array();
        for (size_t i = 0; others && i < assay_list_count(kbs); i++)
            if (assay_list_kb(kbs, i) != kb)
                json_array_append_new(others, json_string(assay_list_kb(kbs, i)->name));
        rc = cli_print_json(c, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "db", url, "kb",
                                         kb ? kb->name : "", "title", kb ? kb->title : "", "levels",
                                         levels_json(levels), "topics", arr, "other_kbs", others));
    } else if (rc == ASSAY_OK && kb) {
        size_t items = kb->level_qa + kb->interview_qa + kb->scenario;
        printf("%sassay %s%s - %s%s%s\n", out_on(&c->out, ST_BOLD), assay_version(),
               out_off(&c->out), out_on(&c->out, ST_BOLD), kb->name, out_off(&c->out));
        if (kb->title[0])
            printf("%s\n", kb->title);
        printf("%s, %s: %zu level Q/A, %zu interview Q/A, %s\nbank: %s\n\n",
               CLI_N(kb->topics, "topic", "topics"), CLI_N(items, "item", "items"), kb->level_qa,
               kb->interview_qa, CLI_N(kb->scenario, "scenario", "scenarios"), url);
        rc = print_topics(c, topics, levels, 0);
        if (rc == ASSAY_OK && assay_list_count(levels)) {
            printf("\nLevels:");
            for (size_t i = 0; i < assay_list_count(levels); i++) {
                const assay_level_info *l = assay_list_level(levels, i);
                printf("%s L%d %s%s%s", i ? " ·" : "", l->level, l->label,
                       l->description[0] ? " - " : "", l->description);
            }
            printf("\n");
        }
        if (rc == ASSAY_OK && assay_list_count(kbs) > 1) {
            printf("\nAlso in the bank:");
            for (size_t i = 0; i < assay_list_count(kbs); i++)
                if (assay_list_kb(kbs, i) != kb)
                    printf(" %s", assay_list_kb(kbs, i)->name);
            printf(" (assay kbs)\n");
        }
        if (rc == ASSAY_OK) {
            static const char *const hints[][2] = {
                {"quiz --topic 1 -n 5", "take five questions on topic 1, with feedback"},
                {"assess", "find your level in each topic (adaptive)"},
                {"review", "go over what you missed, when it is due"},
                {"report --format html -o me.html", "your levels, gaps and what to read next"},
                {"items --topic 1 --level 1", "the Level 1 questions of topic 1"},
                {"show ID", "one item with its answer and source"},
                {"import FILE.md", "add your own document"},
                {"--help", "every command"},
            };
            printf("\nStart:\n");
            int w = 0;
            for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
                if ((int)strlen(hints[i][0]) > w)
                    w = (int)strlen(hints[i][0]);
            for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
                printf("  %s %-*s  %s\n", c->prog, w, hints[i][0], hints[i][1]);
        }
    }
    assay_list_free(kbs);
    assay_list_free(topics);
    assay_list_free(levels);
    assay_bank_close(b);
    return rc;
}

assay_code cmd_kbs(cli *c)
{
    assay_bank *b = NULL;
    assay_code rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    if (rc != ASSAY_OK)
        return rc;
    assay_list *kbs = NULL;
    rc = assay_bank_kbs(b, &kbs);
    if (rc == ASSAY_OK && c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < assay_list_count(kbs); i++) {
            const assay_kb_info *k = assay_list_kb(kbs, i);
            char when[32];
            cli_iso_time(k->imported_at, when);
            json_array_append_new(
                arr,
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:{s:I, s:I, s:I}, s:I}", "name",
                          k->name, "title", k->title, "source", k->source, "content_hash",
                          k->content_hash, "imported_at", when, "topics", (json_int_t)k->topics,
                          "level_blocks", (json_int_t)k->level_blocks, "items", "level_qa",
                          (json_int_t)k->level_qa, "interview_qa", (json_int_t)k->interview_qa,
                          "scenario", (json_int_t)k->scenario, "retired", (json_int_t)k->retired));
        }
        rc = cli_print_json(c, json_pack("{s:o}", "kbs", arr));
    } else if (rc == ASSAY_OK) {
        static const table_col cols[] = {
            {"NAME", AL_LEFT, ST_BOLD, 0},       {"TOPICS", AL_RIGHT, ST_NONE, 0},
            {"LEVEL Q/A", AL_RIGHT, ST_NONE, 0}, {"INTERVIEW", AL_RIGHT, ST_NONE, 0},
            {"SCENARIO", AL_RIGHT, ST_NONE, 0},  {"RETIRED", AL_RIGHT, ST_NONE, 0},
            {"IMPORTED", AL_LEFT, ST_NONE, 0},   {"SOURCE", AL_LEFT, ST_DIM, 1},
        };
        table tb;
        table_init(&tb, cols, sizeof cols / sizeof cols[0]);
        for (size_t i = 0; i < assay_list_count(kbs); i++) {
            const assay_kb_info *k = assay_list_kb(kbs, i);
            char n[5][24], when[32];
            cli_iso_time(k->imported_at, when);
            const char *cells[] = {k->name,
                                   fmt_size(k->topics, n[0]),
                                   fmt_size(k->level_qa, n[1]),
                                   fmt_size(k->interview_qa, n[2]),
                                   fmt_size(k->scenario, n[3]),
                                   fmt_size(k->retired, n[4]),
                                   when,
                                   k->source};
            table_add(&tb, cells);
        }
        rc = table_print(&tb, &c->out) == 0 ? ASSAY_OK : ASSAY_ENOMEM;
        table_free(&tb);
    }
    assay_list_free(kbs);
    assay_bank_close(b);
    return rc;
}

assay_code cmd_topics(cli *c)
{
    assay_bank *b = NULL;
    assay_code rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    if (rc != ASSAY_OK)
        return rc;
    const char *kb = c->args->val[OPT_KB];
    assay_list *topics = NULL, *levels = NULL, *kbs = NULL;
    rc = assay_bank_topics(b, kb, &topics);
    if (rc == ASSAY_OK)
        rc = assay_bank_kbs(b, &kbs);
    /* level labels make sense as column heads for one knowledge base */
    const char *one = kb ? kb : assay_list_count(kbs) == 1 ? assay_list_kb(kbs, 0)->name : NULL;
    if (rc == ASSAY_OK && one)
        rc = assay_bank_levels(b, one, &levels);
    if (rc == ASSAY_OK && c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < assay_list_count(topics); i++)
            json_array_append_new(arr, topic_json(assay_list_topic(topics, i)));
        rc = cli_print_json(c, json_pack("{s:o}", "topics", arr));
    } else if (rc == ASSAY_OK) {
        rc = print_topics(c, topics, levels, one == NULL);
    }
    assay_list_free(topics);
    assay_list_free(levels);
    assay_list_free(kbs);
    assay_bank_close(b);
    return rc;
}

static json_t *item_json(const assay_item_info *it)
{
    json_t *sub = json_array();
    for (size_t k = 0; sub && k < it->n_subtopics; k++)
        json_array_append_new(sub, json_string(it->subtopics[k]));
    json_t *o = json_pack(
        "{s:s, s:s, s:{s:i, s:i, s:s}, s:s, s:o, s:s, s:s, s:s, s:o, s:{s:s, s:I}, s:s, s:i}", "id",
        it->id, "kb", it->kb, "topic", "number", it->topic_number, "ordinal", it->topic_ordinal,
        "title", it->topic, "kind", assay_kind_name(it->kind), "level",
        it->level ? json_integer(it->level) : json_null(), "level_label", it->level_label,
        "question", it->question, "answer", it->answer, "subtopics", sub, "source", "file",
        it->source_file, "line", (json_int_t)it->source_line, "status",
        it->retired ? "retired" : "active", "version", it->version);
    if (o) {
        json_object_set_new(o, "stem_type", json_string(it->stem_type));
        json_object_set_new(o, "answer_form", json_string(it->answer_form));
    }
    if (o)
        json_object_set_new(o, "derived", json_boolean(assay_kind_derived(it->kind)));
    if (o && it->detail_json && it->kind == ASSAY_KIND_SCENARIO) {
        json_error_t jerr;
        json_t *d = json_loads(it->detail_json, 0, &jerr);
        if (d)
            json_object_set_new(o, "scenario", d);
    } else if (o && it->detail_json && assay_kind_derived(it->kind)) {
        json_error_t jerr;
        json_t *d = json_loads(it->detail_json, 0, &jerr);
        if (d)
            json_object_set_new(o, "derivation", d);
    } else if (o && it->detail_json) {
        /* a question bank's accepted spellings (GIFT, Moodle XML) */
        json_error_t jerr;
        json_t *d = json_loads(it->detail_json, 0, &jerr);
        json_t *acc = json_object_get(d, "accept");
        if (acc)
            json_object_set(o, "accept", acc);
        json_decref(d);
    }
    if (o && it->n_distractors) {
        json_t *dis = json_array();
        for (size_t k = 0; dis && k < it->n_distractors; k++)
            json_array_append_new(dis, json_string(it->distractors[k]));
        json_object_set_new(o, "distractors", dis);
    }
    return o;
}

static assay_code parse_filter(cli *c, assay_item_filter *f)
{
    assay_item_filter_init(f);
    cli_args *a = c->args;
    f->kb = a->val[OPT_KB];
    f->topic = a->val[OPT_TOPIC];
    f->include_retired = a->set[OPT_ALL] != 0;
    f->no_derived = a->set[OPT_NO_DERIVED] != 0;
    if (a->set[OPT_LEVEL]) {
        const char *s = a->val[OPT_LEVEL];
        if (!(s[0] >= '1' && s[0] <= '9' && s[1] == '\0'))
            return cli_usage(c, "--level wants a level from 1 to 9, not '%s'", s);
        f->level = s[0] - '0';
    }
    f->stem_type = a->val[OPT_STEM_TYPE];
    if (a->set[OPT_KIND] && assay_kind_parse(a->val[OPT_KIND], &f->kind) != ASSAY_OK)
        return cli_usage(c,
                         "--kind wants level, interview, scenario, derived_definition, "
                         "derived_topic or derived_order, not '%s'",
                         a->val[OPT_KIND]);
    return ASSAY_OK;
}

assay_code cmd_items(cli *c)
{
    assay_item_filter f;
    assay_code rc = parse_filter(c, &f);
    if (rc != ASSAY_OK)
        return rc;
    assay_bank *b = NULL;
    rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    if (rc != ASSAY_OK)
        return rc;
    assay_list *items = NULL;
    rc = assay_bank_items(b, &f, &items);
    if (rc == ASSAY_OK && c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < assay_list_count(items); i++)
            json_array_append_new(arr, item_json(assay_list_item(items, i)));
        rc = cli_print_json(c, json_pack("{s:o}", "items", arr));
    } else if (rc == ASSAY_OK) {
        static const table_col cols[] = {
            {"ID", AL_LEFT, ST_ID, 0},         {"#", AL_RIGHT, ST_NONE, 0},
            {"TOPIC", AL_LEFT, ST_DIM, 1},     {"LV", AL_LEFT, ST_NONE, 0},
            {"KIND", AL_LEFT, ST_NONE, 0},     {"ASKS", AL_LEFT, ST_NONE, 0},
            {"QUESTION", AL_LEFT, ST_BOLD, 1},
        };
        table tb;
        table_init(&tb, cols, sizeof cols / sizeof cols[0]);
        for (size_t i = 0; i < assay_list_count(items); i++) {
            const assay_item_info *it = assay_list_item(items, i);
            char num[24], lv[24], kind[32];
            snprintf(num, sizeof num, "%d",
                     it->topic_number ? it->topic_number : it->topic_ordinal);
            if (it->level)
                snprintf(lv, sizeof lv, "L%d", it->level);
            else
                snprintf(lv, sizeof lv, "-");
            /* derived items are marked: "derived: topic" */
            snprintf(kind, sizeof kind, "%s%s",
                     it->kind == ASSAY_KIND_LEVEL_QA             ? "level"
                     : it->kind == ASSAY_KIND_INTERVIEW_QA       ? "interview"
                     : it->kind == ASSAY_KIND_SCENARIO           ? "scenario"
                     : it->kind == ASSAY_KIND_DERIVED_DEFINITION ? "derived: definition"
                     : it->kind == ASSAY_KIND_DERIVED_TOPIC      ? "derived: topic"
                                                                 : "derived: order",
                     it->retired ? " (retired)" : "");
            const char *cells[] = {it->id, num, it->topic, lv, kind, it->stem_type, it->question};
            table_add(&tb, cells);
        }
        rc = table_print(&tb, &c->out) == 0 ? ASSAY_OK : ASSAY_ENOMEM;
        table_free(&tb);
        if (rc == ASSAY_OK && !c->quiet)
            fprintf(stderr, "%zu item%s\n", assay_list_count(items),
                    assay_list_count(items) == 1 ? "" : "s");
    }
    assay_list_free(items);
    assay_bank_close(b);
    return rc;
}

static void print_block(const char *label, const char *text)
{
    printf("%s\n", label);
    char *shown = term_tables(text); /* pipe tables aligned by display width */
    const char *p = shown ? shown : text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        printf("  %.*s\n", (int)n, p);
        p += n;
        if (*p == '\n')
            p++;
    }
    free(shown);
}

assay_code cmd_show(cli *c)
{
    if (i18n_init(c->args->val[OPT_LANG]) != 0)
        return cli_usage(c, "--lang wants ko or en, not '%s'", c->args->val[OPT_LANG]);
    assay_bank *b = NULL;
    assay_code rc = cli_open_bank(c, CLI_BANK_READ, &b, NULL, 0);
    if (rc != ASSAY_OK)
        return rc;
    assay_list *one = NULL, *versions = NULL;
    rc = assay_bank_item(b, c->args->pos[0], &one);
    const assay_item_info *it = rc == ASSAY_OK ? assay_list_item(one, 0) : NULL;
    if (rc == ASSAY_OK)
        rc = assay_bank_item_versions(b, it->id, &versions);
    if (rc == ASSAY_OK && c->json) {
        json_t *o = item_json(it);
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < assay_list_count(versions); i++) {
            const assay_version_info *v = assay_list_version(versions, i);
            char when[32];
            cli_iso_time(v->created_at, when);
            json_array_append_new(
                arr, json_pack("{s:i, s:s, s:o, s:s, s:s, s:{s:s, s:I}, s:s}", "version",
                               v->version, "kind", assay_kind_name(v->kind), "level",
                               v->level ? json_integer(v->level) : json_null(), "question",
                               v->question, "answer", v->answer, "source", "file", v->source_file,
                               "line", (json_int_t)v->source_line, "created_at", when));
        }
        if (o)
            json_object_set_new(o, "versions", arr);
        else
            json_decref(arr);
        rc = cli_print_json(c, o);
    } else if (rc == ASSAY_OK) {
        printf("%s%s%s  %s", out_on(&c->out, ST_ID), it->id, out_off(&c->out),
               assay_kind_name(it->kind));
        if (it->level)
            printf(" · Level %d%s%s%s", it->level, it->level_label[0] ? " (" : "", it->level_label,
                   it->level_label[0] ? ")" : "");
        printf(" · %s · version %d\n", it->retired ? "retired" : "active", it->version);
        printf("kb:       %s\n", it->kb);
        if (it->topic_number)
            printf("topic:    %d. %s\n", it->topic_number, it->topic);
        else
            printf("topic:    %s\n", it->topic);
        printf("source:   %s:%ld%s\n", it->source_file, it->source_line,
               assay_kind_derived(it->kind) ? " (derived from the document's text)" : "");
        if (it->n_subtopics) {
            printf("sub-topics:\n");
            for (size_t k = 0; k < it->n_subtopics; k++)
                printf("  - %s\n", it->subtopics[k]);
        }
        printf("\n");
        print_block(it->kind == ASSAY_KIND_SCENARIO ? "Scenario:" : "Q:", it->question);
        print_block(it->kind == ASSAY_KIND_SCENARIO ? "Parts:" : "A:", it->answer);
        if (it->n_distractors) { /* a question bank's multiple choice: its authored wrong options */
            printf("%s\n", _("Wrong options (authored):"));
            for (size_t k = 0; k < it->n_distractors; k++)
                printf("  - %s\n", it->distractors[k]);
        }
        if (assay_list_count(versions) > 1) {
            printf("\nVersions:\n");
            for (size_t i = 0; i < assay_list_count(versions); i++) {
                const assay_version_info *v = assay_list_version(versions, i);
                char when[32];
                cli_iso_time(v->created_at, when);
                printf("  %d  %s  %s:%ld  %s\n", v->version, when, v->source_file, v->source_line,
                       v->question);
            }
        }
    }
    assay_list_free(versions);
    assay_list_free(one);
    assay_bank_close(b);
    return rc;
}
