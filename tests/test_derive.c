/* Derived items (issue 9, point 12): grown at import from the bundled
 * document's concept texts, sub-topic bullets and ordered steps, with the
 * source line they come from; versioned like other items; left out with
 * no_derived (library) and --no-derived (CLI); a short pool said in one line
 * with the nearest levels; a version-3 bank migrated to the derived kinds;
 * derivation time linear in the document's size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "bank/derive.h"
#include "kb/parse.h"
#include "store/store.h"
#include "support.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DATA ASSAY_TEST_DATA

typedef struct fixture {
    char *dir;
    char *db_path;
    char url[4200];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->db_path = t_path(f->dir, "bank.db");
    snprintf(f->url, sizeof f->url, "sqlite:%s", f->db_path);
    *state = f;
    return f->dir ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    t_rm_rf(f->dir);
    free(f->db_path);
    free(f->dir);
    free(f);
    return 0;
}

/* Line n (1-based) of text, malloc'd; NULL past the end. */
static char *line_of(const char *text, size_t len, long n)
{
    const char *p = text, *end = text + len;
    for (long k = 1; k < n && p < end; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    if (p >= end)
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
    char *out = malloc(l + 1);
    memcpy(out, p, l);
    out[l] = '\0';
    return out;
}

static void derived_items_have_their_source_line(void **state)
{
    fixture *f = *state;
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open(f->url, NULL, &a, &b, &e), 0);
    size_t doc_len;
    const char *doc = assay_bundled_document(&doc_len);
    assay_list *l;
    assert_int_equal(assay_bank_items(b, NULL, &l), ASSAY_OK);
    size_t by_kind[8] = {0};
    int found_def = 0, found_bullet = 0, found_order = 0;
    for (size_t i = 0; i < assay_list_count(l); i++) {
        const assay_item_info *it = assay_list_item(l, i);
        if (!assay_kind_derived(it->kind))
            continue;
        by_kind[it->kind]++;
        assert_non_null(it->detail_json);
        json_error_t jerr;
        json_t *d = json_loads(it->detail_json, 0, &jerr);
        assert_non_null(d);
        assert_int_equal(json_integer_value(json_object_get(d, "line")), it->source_line);
        char *ln = line_of(doc, doc_len, it->source_line);
        char *next = line_of(doc, doc_len, it->source_line + 1);
        assert_non_null(ln);
        if (it->kind == ASSAY_KIND_DERIVED_DEFINITION) {
            /* the sentence is on its line, and the answer is in the sentence */
            const char *sentence = json_string_value(json_object_get(d, "sentence"));
            assert_non_null(strstr(ln, sentence));
            assert_non_null(strstr(sentence, it->answer));
            /* the definition does not name its term */
            assert_null(strstr(it->answer, json_string_value(json_object_get(d, "answer"))));
            found_def |= strcmp(it->question, "서비스 메시란?") == 0 && it->source_line == 723 &&
                         strcmp(it->answer, "마이크로서비스 간 통신을 관리하는 인프라 계층") == 0;
        } else if (it->kind == ASSAY_KIND_DERIVED_TOPIC) {
            assert_non_null(strstr(ln, it->answer)); /* the bullet itself */
            assert_true(it->level >= 1);
            found_bullet |= strcmp(it->answer, "Dead Letter Queue") == 0 && it->level == 3 &&
                            it->source_line == 232;
        } else {
            json_t *steps = json_object_get(d, "steps");
            assert_true(json_array_size(steps) >= 3);
            /* the first step on the line, or on the answer's line after the question */
            const char *s0 = json_string_value(json_array_get(steps, 0));
            assert_true(strstr(ln, s0) || (next && strstr(next, s0)));
            found_order |=
                strstr(it->answer, "Producer가 메시지를 큐에 전송 → 큐에서 메시지 저장") != NULL;
        }
        free(ln);
        free(next);
        json_decref(d);
    }
    assert_true(by_kind[ASSAY_KIND_DERIVED_DEFINITION] >= 5);
    assert_true(by_kind[ASSAY_KIND_DERIVED_TOPIC] >= 20);
    assert_true(by_kind[ASSAY_KIND_DERIVED_ORDER] >= 3);
    assert_true(found_def);
    assert_true(found_bullet);
    assert_true(found_order);
    assay_list_free(l);

    /* the topics count them apart */
    assay_list *tl;
    assert_int_equal(assay_bank_topics(b, NULL, &tl), ASSAY_OK);
    const assay_topic_info *t3 = assay_list_topic(tl, 2);
    assert_int_equal(t3->number, 3);
    assert_true(t3->derived > 0);
    assert_true(t3->derived_by_level[2] >= 1);
    assay_list_free(tl);
    t_bank_close(a, b, e);
}

static const char doc_v1[] = "# 문서\n"
                             "\n"
                             "## 1. 캐싱\n"
                             "\n"
                             "### 개념 설명\n"
                             "\n"
                             "캐시는 자주 쓰는 데이터를 빠른 저장소에 두는 기법이다.\n"
                             "\n"
                             "### 레벨별 지식\n"
                             "\n"
                             "> ⭐ **Level 1 (입문)**\n"
                             "> - Write-Through 전략\n"
                             "> - Redis 클러스터\n"
                             ">\n"
                             "> **Q: TTL은?**\n"
                             "> **A:** 만료 시간. Write-Through와 Redis 클러스터에도 있다. 요청 → "
                             "캐시 조회 → DB 조회 순서.\n"
                             "\n"
                             "## 2. 메시지 큐\n"
                             "\n"
                             "### 레벨별 지식\n"
                             "\n"
                             "> ⭐ **Level 1 (입문)**\n"
                             "> - Kafka 파티션\n"
                             ">\n"
                             "> **Q: 큐란?**\n"
                             "> **A:** Kafka 파티션으로 메시지를 비동기로 전달하는 미들웨어.\n";

static assay_code import_text(fixture *f, const char *text, assay_import_result *r)
{
    assay *a = assay_new();
    assay_bank *b;
    assay_code rc = assay_bank_open(a, f->url, &b);
    assert_int_equal(rc, ASSAY_OK);
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    o.kb_name = "cache";
    assay_doc *d = NULL;
    assert_int_equal(assay_doc_parse(a, "cache.md", text, strlen(text), &o, &d), ASSAY_OK);
    rc = assay_bank_import(b, &d, 1, r);
    assay_doc_free(d);
    assay_bank_close(b);
    assay_free(a);
    return rc;
}

/* id, version and answer of the derived item of kind k (the first one). */
static void derived_of(fixture *f, assay_kind k, char id[16], int *version, char *answer,
                       size_t cap)
{
    assay *a = assay_new();
    assay_bank *b;
    assert_int_equal(assay_bank_open(a, f->url, &b), ASSAY_OK);
    assay_item_filter flt;
    assay_item_filter_init(&flt);
    flt.kind = k;
    assay_list *l;
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_OK);
    assert_true(assay_list_count(l) >= 1);
    const assay_item_info *it = assay_list_item(l, 0);
    snprintf(id, 16, "%s", it->id);
    *version = it->version;
    snprintf(answer, cap, "%s", it->answer);
    assay_list_free(l);
    assay_bank_close(b);
    assay_free(a);
}

static char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    assert_non_null(p);
    size_t n = strlen(s), fl = strlen(from), tl = strlen(to), at = (size_t)(p - s);
    char *r = malloc(n - fl + tl + 1);
    memcpy(r, s, at);
    memcpy(r + at, to, tl);
    memcpy(r + at + tl, p + fl, n - at - fl + 1);
    return r;
}

static void derived_items_are_versioned_like_others(void **state)
{
    fixture *f = *state;
    assay_import_result r;
    assert_int_equal(import_text(f, doc_v1, &r), ASSAY_OK);
    /* the definition, two bullets of topic 1 and one of topic 2, the order */
    assert_int_equal(r.added, 2);
    assert_int_equal(r.derived, 5);
    assert_int_equal(r.derived_added, 5);
    char id1[16], ans1[256];
    int v1;
    derived_of(f, ASSAY_KIND_DERIVED_DEFINITION, id1, &v1, ans1, sizeof ans1);
    assert_string_equal(ans1, "자주 쓰는 데이터를 빠른 저장소에 두는 기법");
    assert_int_equal(v1, 1);
    char oid[16], oans[256];
    int ov;
    derived_of(f, ASSAY_KIND_DERIVED_ORDER, oid, &ov, oans, sizeof oans);
    assert_string_equal(oans, "요청 → 캐시 조회 → DB 조회");

    /* unchanged: nothing written, no new version */
    const char *hash = t_file_hash(f->db_path);
    char before[80];
    snprintf(before, sizeof before, "%s", hash);
    assert_int_equal(import_text(f, doc_v1, &r), ASSAY_OK);
    assert_int_equal(r.wrote, 0);
    assert_int_equal(r.derived_added + r.derived_changed + r.derived_retired, 0);
    assert_string_equal(t_file_hash(f->db_path), before);

    /* a changed sentence: its derived item, same id, version 2 */
    char *v2 = replace(doc_v1, "빠른 저장소에 두는", "메모리에 두는");
    assert_int_equal(import_text(f, v2, &r), ASSAY_OK);
    assert_int_equal(r.derived_changed, 1);
    assert_int_equal(r.derived_added + r.derived_retired, 0);
    assert_int_equal(r.changed + r.added + r.retired, 0);
    char id2[16], ans2[256];
    int v2n;
    derived_of(f, ASSAY_KIND_DERIVED_DEFINITION, id2, &v2n, ans2, sizeof ans2);
    assert_string_equal(id1, id2);
    assert_int_equal(v2n, 2);
    assert_string_equal(ans2, "자주 쓰는 데이터를 메모리에 두는 기법");

    /* a bullet gone: its item retired, never deleted */
    char *v3 = replace(v2, "> - Redis 클러스터\n", "");
    assert_int_equal(import_text(f, v3, &r), ASSAY_OK);
    assert_int_equal(r.derived_retired, 1);
    free(v2);
    free(v3);
}

/* Whether any question of a quiz asks a derived item. */
static int quiz_has_derived(assay_bank *b, const assay_quiz *q)
{
    int any = 0;
    for (size_t i = 0; i < assay_quiz_count(q); i++) {
        assay_list *one;
        assert_int_equal(assay_bank_item(b, assay_quiz_question(q, i)->item_id, &one), ASSAY_OK);
        any |= assay_kind_derived(assay_list_item(one, 0)->kind);
        assay_list_free(one);
    }
    return any;
}

static void no_derived_leaves_them_out(void **state)
{
    fixture *f = *state;
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open(f->url, NULL, &a, &b, &e), 0);
    assay_item_filter flt;
    assay_item_filter_init(&flt);
    assay_list *all, *own;
    assert_int_equal(assay_bank_items(b, &flt, &all), ASSAY_OK);
    flt.no_derived = 1;
    assert_int_equal(assay_bank_items(b, &flt, &own), ASSAY_OK);
    assert_int_equal(assay_list_count(own), 250);
    assert_true(assay_list_count(all) > 250);
    for (size_t i = 0; i < assay_list_count(own); i++)
        assert_false(assay_kind_derived(assay_list_item(own, i)->kind));
    assay_list_free(all);
    assay_list_free(own);

    int with = 0, without = 0;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        assay_quiz_spec spec;
        assay_quiz_spec_init(&spec);
        spec.count = 20;
        spec.seed = seed;
        assay_quiz *q;
        assert_int_equal(assay_quiz_generate(a, e, &spec, &q), ASSAY_OK);
        with += quiz_has_derived(b, q);
        assay_quiz_free(q);
        spec.no_derived = 1;
        assert_int_equal(assay_quiz_generate(a, e, &spec, &q), ASSAY_OK);
        without += quiz_has_derived(b, q);
        /* the quiz file says so, and reads back the same */
        char *js = assay_quiz_json(q, 0);
        assert_non_null(strstr(js, "\"no_derived\""));
        assay_string_free(js);
        assay_quiz_free(q);
    }
    /* 10 since order questions need 4 steps or more (three-step orders
     * put an effect before its cause in every wrong order); 7 since cloze
     * skips open slots (a derived definition's blank is often one) */
    assert_true(with >= 5);
    assert_int_equal(without, 0);

    /* the assessment's scope */
    assay_assess_spec as;
    assay_assess_spec_init(&as);
    as.no_derived = 1;
    as.max_items = 30;
    as.seed = 3;
    assay_assessment *x;
    assert_int_equal(assay_assess_start(a, e, &as, &x), ASSAY_OK);
    for (int k = 0; k < 30; k++) {
        const assay_question *q = NULL;
        if (assay_assess_next(x, &q) != ASSAY_OK || !q)
            break;
        assay_list *one;
        assert_int_equal(assay_bank_item(b, q->item_id, &one), ASSAY_OK);
        assert_false(assay_kind_derived(assay_list_item(one, 0)->kind));
        assay_list_free(one);
        assert_int_equal(assay_assess_record(x, k % 2 ? 1.0 : 0.0), ASSAY_OK);
    }
    assay_assess_free(x);
    t_bank_close(a, b, e);

    /* the CLI: marked in the listing, left out with --no-derived */
    char env_db[4300];
    snprintf(env_db, sizeof env_db, "ASSAY_DB=%s", f->url);
    const char *env[] = {env_db, "NO_COLOR=1", NULL};
    const char *items[] = {ASSAY_BIN, "items", "-t", "3", NULL};
    t_run r;
    assert_int_equal(t_exec(items, env, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "derived: topic"));
    t_run_free(&r);
    const char *items2[] = {ASSAY_BIN, "items", "-t", "3", "--no-derived", NULL};
    assert_int_equal(t_exec(items2, env, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "derived"));
    t_run_free(&r);
    const char *items3[] = {ASSAY_BIN, "items", "-t", "3", "--json", NULL};
    assert_int_equal(t_exec(items3, env, NULL, &r), 0);
    assert_non_null(strstr(r.out, "\"derived\":true"));
    assert_non_null(strstr(r.out, "\"derivation\":{\"derived\":\"topic\""));
    t_run_free(&r);
    const char *quiz[] = {ASSAY_BIN, "quiz",   "--print", "--json",       "-n",
                          "30",      "--seed", "4",       "--no-derived", NULL};
    assert_int_equal(t_exec(quiz, env, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "주제에서 다루는 내용은?"));
    assert_null(strstr(r.out, "(순서가 옳은 것은?)"));
    t_run_free(&r);
    const char *audit[] = {ASSAY_BIN, "audit", "--seeds", "1", "--no-derived", NULL};
    assert_int_equal(t_exec(audit, env, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
}

static void a_short_pool_says_so_in_one_line(void **state)
{
    fixture *f = *state;
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open(f->url, NULL, &a, &b, &e), 0);
    const char *topics[] = {"3"};
    int levels[] = {2};
    assay_quiz_spec spec;
    assay_quiz_spec_init(&spec);
    spec.topics = topics;
    spec.n_topics = 1;
    spec.levels = levels;
    spec.n_levels = 1;
    spec.count = 12;
    spec.seed = 1;
    assay_quiz *q;
    assert_int_equal(assay_quiz_generate(a, e, &spec, &q), ASSAY_OK);
    assert_true(assay_quiz_count(q) < 12);
    assert_int_equal(assay_quiz_warning_count(q), 1);
    const char *w = assay_quiz_warning(q, 0);
    char want[64];
    snprintf(want, sizeof want, "only %zu of 12 questions at level 2 of topic 3; ",
             assay_quiz_count(q));
    assert_non_null(strstr(w, want));
    assert_non_null(strstr(w, "levels 1 and 3 have "));
    assert_non_null(strstr(w, ": -l 1-3"));
    assay_quiz_shortfall sf;
    assert_int_equal(assay_quiz_shortfall_get(q, &sf), 1);
    assert_int_equal(sf.asked, 12);
    assert_int_equal(sf.made, assay_quiz_count(q));
    assert_int_equal(sf.n_levels, 2);
    assert_true((sf.levels[0] == 1 && sf.levels[1] == 3) ||
                (sf.levels[0] == 3 && sf.levels[1] == 1));
    assert_true(sf.more > 0);
    assay_quiz_free(q);

    /* a quiz the pool fills: nothing to say */
    spec.count = 2;
    assert_int_equal(assay_quiz_generate(a, e, &spec, &q), ASSAY_OK);
    assert_int_equal(assay_quiz_count(q), 2);
    assert_int_equal(assay_quiz_shortfall_get(q, &sf), 0);
    assay_quiz_free(q);
    t_bank_close(a, b, e);

    /* the CLI prints that one line and no other warning */
    char env_db[4300];
    snprintf(env_db, sizeof env_db, "ASSAY_DB=%s", f->url);
    const char *env[] = {env_db, "NO_COLOR=1", NULL};
    const char *argv[] = {ASSAY_BIN, "quiz", "-t",     "3", "-l",      "2",
                          "-n",      "12",   "--seed", "1", "--print", NULL};
    t_run r;
    assert_int_equal(t_exec(argv, env, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_int_equal(t_count(r.err, "\n"), 1);
    assert_non_null(strstr(r.err, "only "));
    t_run_free(&r);
}

/* ---- migration from a version-3 bank -------------------------------------- */

static const char v3_rows[] =
    "INSERT INTO kb VALUES (1, 'one', 'One', '/one.md', 'h1', 10, 1, 100);"
    "INSERT INTO topic VALUES (1, 1, '캐싱', 1, 1, '캐싱', '', 3, 'active');"
    "INSERT INTO level_block VALUES (1, 1, 1, '입문', '[\"a\"]', 4);"
    "INSERT INTO item VALUES"
    "  ('aaaaaaaaaaa1', 1, 1, 'level_qa', 1, 'active', 1, 0, '/one.md', 5, 100, 100),"
    "  ('aaaaaaaaaaa2', 1, 1, 'interview_qa', NULL, 'retired', 2, 1, '/one.md', 7, 100, 150),"
    "  ('bbbbbbbbbbb1', 1, 1, 'scenario', NULL, 'active', 1, 2, '/one.md', 9, 110, 110);"
    "INSERT INTO item_version VALUES"
    "  ('aaaaaaaaaaa1', 1, 'level_qa', 1, 1, '캐시란?', '빠른 저장소', NULL, 'c1', '/one.md', 5,"
    "   100),"
    "  ('aaaaaaaaaaa2', 1, 'interview_qa', NULL, 1, 'TTL이란?', '만료', NULL, 'c2', '/one.md', 7,"
    "   100),"
    "  ('aaaaaaaaaaa2', 2, 'interview_qa', NULL, 1, 'TTL이란 무엇인가?', '만료', NULL, 'c3',"
    "   '/one.md', 7, 120),"
    "  ('bbbbbbbbbbb1', 1, 'scenario', NULL, 1, '폭주', '큐', '{\"parts\":[]}', 'c4', '/one.md', 9,"
    "   110);"
    "INSERT INTO item_status (item_id, version, status, event, at) VALUES"
    "  ('aaaaaaaaaaa1', 1, 'active', 'added', 100), ('aaaaaaaaaaa2', 2, 'retired', 'retired', 150);"
    "INSERT INTO attempt VALUES"
    "  (1, 1, 'quiz', 'kim', 'fp-a', 0, 42, '{\"n\":2}', NULL, 'finished', 300, 310),"
    "  (2, NULL, 'review', 'kim', NULL, 0, 7, NULL, NULL, 'open', 400, 400);"
    "INSERT INTO response (attempt_id, seq, item_id, item_version, qtype, score, choice, "
    "answer_key, "
    "  options, answer, request_id, seconds, at, grade) VALUES"
    "  (1, 1, 'aaaaaaaaaaa1', 1, 'mcq', 1, 2, 2, '[\"a\",\"b\",\"c\"]', NULL, 'r1', 3.5, 305,"
    "   '{\"score\":1}');"
    "INSERT INTO person VALUES ('kim', 300);"
    "INSERT INTO presentation VALUES (1, 1, 'aaaaaaaaaaa1', 1, 'mcq', '{\"n\":1}', 301);"
    "INSERT INTO review_card VALUES ('kim', 'aaaaaaaaaaa1', 2, 3.2, 5.1, 900, 305, 1, 0, 0, 3, "
    "  305);";

static char *query_text(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    size_t cap = 1 << 16, w = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const unsigned char *t = sqlite3_column_text(st, c);
            w += (size_t)snprintf(out + w, cap - w, "%s%s", t ? (const char *)t : "NULL",
                                  c + 1 == sqlite3_column_count(st) ? "|\n" : "|");
        }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static char *dump_rows(const char *path)
{
    static const char *const tables[] = {"kb",           "topic",        "level_block", "item",
                                         "item_version", "item_status",  "attempt",     "response",
                                         "person",       "presentation", "review_card"};
    size_t cap = 1 << 18, w = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid", tables[i]);
        /* item: the columns version 3 had (a later migration adds its own) */
        if (strcmp(tables[i], "item") == 0)
            snprintf(sql, sizeof sql,
                     "SELECT id, kb_id, topic_id, kind, level, status, version, position, "
                     "source_file, source_line, created_at, updated_at FROM item ORDER BY 1, 2");
        else if (strcmp(tables[i], "person") == 0 || strcmp(tables[i], "review_card") == 0)
            snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", tables[i]);
        char *t = query_text(path, sql);
        w += (size_t)snprintf(out + w, cap - w, "%s:\n%s", tables[i], t);
        free(t);
    }
    return out;
}

static void a_version_3_bank_migrates_to_the_derived_kinds(void **state)
{
    fixture *f = *state;
    char *schema = t_read_file(DATA "/store/schema-v3.sql", NULL);
    assert_non_null(schema);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db_path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, schema, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, v3_rows, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("making a version-3 bank: %s", msg ? msg : "?");
    /* a derived kind is refused before the migration */
    assert_int_not_equal(sqlite3_exec(db,
                                      "INSERT INTO item VALUES ('ccccccccccc1', 1, 1, "
                                      "'derived_topic', 1, 'active', 1, 3, '/one.md', 4, 1, 1)",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
    free(schema);
    char *before = dump_rows(f->db_path);

    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_OK);
    int v = 0;
    assert_int_equal(store_schema_version(s, &v, &e), ASSAY_OK);
    assert_int_equal(v, store_sqlite_schema_latest());
    arena ar;
    arena_init(&ar, 0);
    store_item *items;
    size_t n;
    store_item_filter all = {.kb_id = 1, .include_retired = 1};
    assert_int_equal(store_item_list(s, &all, &ar, &items, &n, &e), ASSAY_OK);
    assert_int_equal(n, 3);
    /* an item of a derived kind goes in now, through the store */
    store_item row = {.id = "ccccccccccc1",
                      .kb_id = 1,
                      .topic_id = 1,
                      .kind = ASSAY_KIND_DERIVED_TOPIC,
                      .level = 1,
                      .active = 1,
                      .version = 1,
                      .position = 3,
                      .source_file = "/one.md",
                      .source_line = 4,
                      .question = "다음 중 ‘캐싱’ 주제에서 다루는 내용은?",
                      .answer = "a",
                      .detail_json = "{\"derived\":\"topic\",\"bullet\":\"a\",\"line\":4}",
                      .content_hash = "c5"};
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    assert_int_equal(store_item_insert(s, &row, 500, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    assert_int_equal(store_item_list(s, &all, &ar, &items, &n, &e), ASSAY_OK);
    assert_int_equal(n, 4);
    int seen = 0;
    for (size_t i = 0; i < n; i++)
        seen |= strcmp(items[i].id, "ccccccccccc1") == 0 &&
                items[i].kind == ASSAY_KIND_DERIVED_TOPIC && items[i].source_line == 4;
    assert_true(seen);
    arena_free(&ar);
    store_close(s);

    /* every other row as it was, the file sound, the index back */
    sqlite3_open(f->db_path, &db);
    assert_int_equal(sqlite3_exec(db,
                                  "DELETE FROM item_status WHERE item_id = 'ccccccccccc1';"
                                  "DELETE FROM item_version WHERE item_id = 'ccccccccccc1';"
                                  "DELETE FROM item WHERE id = 'ccccccccccc1';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    char *after = dump_rows(f->db_path);
    assert_string_equal(before, after);
    char *t = query_text(f->db_path, "PRAGMA integrity_check");
    assert_string_equal(t, "ok|\n");
    free(t);
    t = query_text(f->db_path, "PRAGMA foreign_key_check");
    assert_string_equal(t, "");
    free(t);
    t = query_text(f->db_path, "SELECT name FROM sqlite_schema WHERE tbl_name = 'item' AND "
                               "type = 'index' AND sql IS NOT NULL ORDER BY name");
    assert_string_equal(t, "item_by_kb|\nitem_by_stem_type|\n");
    free(t);
    t = query_text(f->db_path, "SELECT count(*) FROM sqlite_schema WHERE name = 'item_v5'");
    assert_string_equal(t, "0|\n");
    free(t);
    /* opened again: nothing written */
    char h[80];
    snprintf(h, sizeof h, "%s", t_file_hash(f->db_path));
    assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_OK);
    store_close(s);
    assert_string_equal(t_file_hash(f->db_path), h);
    free(before);
    free(after);
}

/* The bundled document copied k times, each copy's topic headings with a
 * suffix of their own (as bench/import_bench does), parsed into a model. */
static kb_doc *copies_of_the_document(int k)
{
    size_t n;
    const char *doc = assay_bundled_document(&n);
    size_t cap = (size_t)k * (n + 4096), w = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (int c = 1; c <= k; c++) {
        const char *p = doc, *end = doc + n;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t l = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
            int topic =
                l > 4 && p[0] == '#' && p[1] == '#' && p[2] == ' ' && p[3] >= '0' && p[3] <= '9';
            size_t body = topic ? l - (p[l - 1] == '\n') : l;
            memcpy(s + w, p, body);
            w += body;
            if (topic)
                w += (size_t)snprintf(s + w, cap - w, " (%d)\n", c);
            p += l;
        }
    }
    kb_opts o = {(uint64_t)w + 1, "copies"};
    kb_doc *d = NULL;
    errinfo e;
    err_clear(&e);
    assert_int_equal(kb_parse("copies.md", s, w, &o, &d, &e), ASSAY_OK);
    free(s);
    return d;
}

/* Least process CPU seconds of three derivations of d; *n the items. */
static double derive_seconds(const kb_doc *d, size_t *n)
{
    double best = 1e9;
    for (int r = 0; r < 3; r++) {
        arena a;
        arena_init(&a, 0);
        kb_item *out = NULL;
        errinfo e;
        err_clear(&e);
        struct timespec t0, t1;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        assert_int_equal(bank_derive(d, &a, &out, n, &e), ASSAY_OK);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
        double t = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
        best = t < best ? t : best;
        free(out);
        arena_free(&a);
    }
    return best;
}

/* An English document gets English stems: "Which of these does the topic
 * ‘Indexing’ cover?", "… (which order is right?)" (review 2, pattern 3: the
 * js-mcq contents gave "다음 중 ‘JavaScript MCQ’ 주제에서 다루는 내용은?"). */
static void an_english_document_gets_english_stems(void **state)
{
    (void)state;
    errinfo e;
    err_clear(&e);
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
    kb_doc *d = NULL;
    assert_int_equal(kb_load(DATA "/kb/real2/derived-english.md", &o, &d, &e), ASSAY_OK);
    arena a;
    arena_init(&a, 0);
    kb_item *out = NULL;
    size_t n = 0;
    assert_int_equal(bank_derive(d, &a, &out, &n, &e), ASSAY_OK);
    assert_int_equal(n, 4);
    assert_int_equal(out[0].kind, KB_DERIVED_TOPIC);
    assert_string_equal(out[0].question, "Which of these does the topic ‘Indexing’ cover?");
    assert_string_equal(out[0].answer, "B-tree indexes and sorted keys");
    assert_string_equal(out[2].question, "Which of these does the topic ‘Replication’ cover?");
    assert_int_equal(out[3].kind, KB_DERIVED_ORDER);
    assert_string_equal(out[3].question,
                        "How does a write reach a replica? (which order is right?)");
    free(out);
    arena_free(&a);
    kb_doc_free(d);
}

/* Eight times the document takes about eight times as long to derive from,
 * not 64: no rule compares every topic or item with every other (a
 * bullet's word counted over all topics, a definition's term looked for in
 * every question made a 20 MB import take minutes). CPU time, the least of
 * three, so a busy machine slows both sizes alike. */
static void derivation_grows_linearly_with_the_document(void **state)
{
    (void)state;
    kb_doc *small = copies_of_the_document(8), *large = copies_of_the_document(64);
    size_t n_small = 0, n_large = 0;
    double t_small = derive_seconds(small, &n_small), t_large = derive_seconds(large, &n_large);
    /* every copy gives the same derived items */
    assert_true(n_small > 0);
    assert_int_equal(n_large, 8 * n_small);
    print_message("derive: %zu items in %.3f s, %zu in %.3f s (%.1fx)\n", n_small, t_small, n_large,
                  t_large, t_large / t_small);
    assert_true(t_large < 20 * t_small);
    kb_doc_free(small);
    kb_doc_free(large);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(derived_items_have_their_source_line, setup, teardown),
        cmocka_unit_test_setup_teardown(derived_items_are_versioned_like_others, setup, teardown),
        cmocka_unit_test_setup_teardown(no_derived_leaves_them_out, setup, teardown),
        cmocka_unit_test_setup_teardown(a_short_pool_says_so_in_one_line, setup, teardown),
        cmocka_unit_test_setup_teardown(a_version_3_bank_migrates_to_the_derived_kinds, setup,
                                        teardown),
        cmocka_unit_test(derivation_grows_linearly_with_the_document),
        cmocka_unit_test(an_english_document_gets_english_stems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
