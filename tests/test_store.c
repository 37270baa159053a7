/* Storage tests: one conformance suite run against every backend URL, then the
 * bank's import rules (stable ids, versions, retirement, atomicity) through
 * the public API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"

#include "bank/bank.h"
#include "store/store.h"
#include "support.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DATA    ASSAY_TEST_DATA
#define BUNDLED ASSAY_SOURCE_DIR "/data/kb/architecture-scalability.md"

typedef struct fixture {
    char *dir;
    char *db_path;
    char url[4200];
    assay *a;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    f->db_path = t_path(f->dir, "bank.db");
    snprintf(f->url, sizeof f->url, "sqlite:%s", f->db_path);
    f->a = assay_new();
    *state = f;
    return f->dir && f->a ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    assay_free(f->a);
    t_rm_rf(f->dir);
    free(f->db_path);
    free(f->dir);
    free(f);
    return 0;
}

/* The rows of a query on a database file, as text: "a|b|\n" per row (malloc'd). */
static char *query_text(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    size_t cap = 1024, w = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        int cols = sqlite3_column_count(st);
        for (int c = 0; c <= cols; c++) {
            const unsigned char *v = c < cols ? sqlite3_column_text(st, c) : NULL;
            const char *t = c == cols ? "\n" : v ? (const char *)v : "NULL";
            size_t need = w + strlen(t) + 2;
            if (need >= cap) {
                cap = need * 2;
                out = realloc(out, cap);
            }
            w += (size_t)snprintf(out + w, cap - w, c == cols ? "%s" : "%s|", t);
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

/* ---- store conformance: every backend --------------------------------------- */

/* Ops version 3 on a store that has knowledge base `kb1` with item `item1`
 * and one finished assessment of "kim" (`first`) with two responses. */
static void conformance_sessions(store *s, arena *a, int64_t kb1, const char *item1, int64_t first)
{
    errinfo e, e2;
    err_clear(&e);
    size_t n;

    /* a second knowledge base, one item */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_kb kb = {0, "k2", "Two", "two.md", "hash2", 5, 1, 1000};
    assert_int_equal(store_kb_put(s, &kb, &e), ASSAY_OK);
    store_topic t = {0, kb.id, "큐", 1, 1, "큐", "", 3, 1};
    assert_int_equal(store_topic_put(s, &t, &e), ASSAY_OK);
    store_item it = {.id = "abcdef012345",
                     .kb_id = kb.id,
                     .topic_id = t.id,
                     .kind = KB_LEVEL_QA,
                     .level = 1,
                     .active = 1,
                     .version = 1,
                     .source_file = "two.md",
                     .source_line = 4,
                     .question = "큐란?",
                     .answer = "줄",
                     .content_hash = "h3"};
    assert_int_equal(store_item_insert(s, &it, 1000, &e), ASSAY_OK);
    const char *item2 = it.id;

    /* people: a second put of a name changes nothing and is no error */
    assert_int_equal(store_person_put(s, "kim", 10, &e), ASSAY_OK);
    assert_int_equal(store_person_put(s, "kim", 20, &e), ASSAY_OK);
    assert_int_equal(store_person_put(s, "lee", 30, &e), ASSAY_OK);

    /* a review and a quiz over several knowledge bases (kb_id 0), a simulated
     * assessment */
    store_attempt review = {.kind = STORE_ATTEMPT_REVIEW,
                            .person = "kim",
                            .seed = 7,
                            .created_at = 500,
                            .updated_at = 500};
    assert_int_equal(store_attempt_put(s, &review, &e), ASSAY_OK);
    store_attempt quiz = {.kind = STORE_ATTEMPT_QUIZ,
                          .person = "kim",
                          .form = "fp-1",
                          .config_json = "{\"n\":2}",
                          .created_at = 510,
                          .updated_at = 510};
    assert_int_equal(store_attempt_put(s, &quiz, &e), ASSAY_OK);
    store_attempt sim = {.kb_id = kb.id,
                         .kind = STORE_ATTEMPT_ASSESSMENT,
                         .person = "lee",
                         .simulated = 1,
                         .created_at = 520,
                         .updated_at = 520};
    assert_int_equal(store_attempt_put(s, &sim, &e), ASSAY_OK);
    assert_true(first < review.id && review.id < quiz.id && quiz.id < sim.id);
    quiz.finished = 1;
    quiz.updated_at = 530;
    assert_int_equal(store_attempt_put(s, &quiz, &e), ASSAY_OK);

    /* responses: the quiz's out of order, one of each knowledge base */
    store_response r = {.attempt_id = quiz.id,
                        .seq = 2,
                        .item_id = item2,
                        .item_version = 1,
                        .qtype = ASSAY_Q_TF,
                        .score = 0,
                        .choice = 1,
                        .key = 0,
                        .seconds = -1,
                        .at = 512};
    int dupl = -1;
    assert_int_equal(store_response_add(s, &r, &dupl, &e), ASSAY_OK);
    r.seq = 1;
    r.item_id = item1;
    r.item_version = 2;
    r.qtype = ASSAY_Q_SHORT;
    r.score = 0.75;
    r.choice = r.key = -1;
    r.answer = "저장소";
    r.at = 511;
    r.grade_json = "{\"score\":0.75,\"missing\":[\"빠른\"]}";
    assert_int_equal(store_response_add(s, &r, &dupl, &e), ASSAY_OK);
    store_response rv = {.attempt_id = review.id,
                         .seq = 1,
                         .item_id = item1,
                         .item_version = 2,
                         .qtype = ASSAY_Q_MCQ,
                         .score = 1,
                         .choice = 0,
                         .key = 0,
                         .seconds = 2,
                         .at = 501};
    assert_int_equal(store_response_add(s, &rv, &dupl, &e), ASSAY_OK);
    rv.seq = 2;
    rv.item_id = item2;
    rv.item_version = 1;
    assert_int_equal(store_response_add(s, &rv, &dupl, &e), ASSAY_OK);
    store_response rs = {.attempt_id = sim.id,
                         .seq = 1,
                         .item_id = item2,
                         .item_version = 1,
                         .qtype = ASSAY_Q_MCQ,
                         .score = 1,
                         .choice = 3,
                         .key = 3,
                         .seconds = -1,
                         .at = 521};
    assert_int_equal(store_response_add(s, &rs, &dupl, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);

    store_attempt *arow;
    assert_int_equal(store_attempt_get(s, review.id, a, &arow, &e), ASSAY_OK);
    assert_non_null(arow);
    assert_int_equal(arow->kb_id, 0);
    assert_int_equal(arow->kind, STORE_ATTEMPT_REVIEW);
    assert_string_equal(arow->person, "kim");
    assert_null(arow->form);
    assert_null(arow->config_json);
    assert_true(arow->seed == 7);
    assert_false(arow->finished);
    assert_false(arow->simulated);
    assert_int_equal(store_attempt_get(s, quiz.id, a, &arow, &e), ASSAY_OK);
    assert_non_null(arow);
    assert_int_equal(arow->kb_id, 0);
    assert_int_equal(arow->kind, STORE_ATTEMPT_QUIZ);
    assert_string_equal(arow->form, "fp-1");
    assert_string_equal(arow->config_json, "{\"n\":2}");
    assert_true(arow->finished);
    assert_int_equal(arow->created_at, 510);
    assert_int_equal(arow->updated_at, 530);
    assert_int_equal(store_attempt_get(s, sim.id, a, &arow, &e), ASSAY_OK);
    assert_non_null(arow);
    assert_int_equal(arow->kb_id, kb.id);
    assert_true(arow->simulated);

    /* attempt_list: newest first; simulated ones only when asked */
    struct {
        store_attempt_filter f;
        int64_t want[5]; /* ids, newest first, 0-terminated */
    } cases[] = {
        {{NULL, 0, -1, 0, 0}, {quiz.id, review.id, first}},
        {{NULL, 0, -1, 1, 0}, {sim.id, quiz.id, review.id, first}},
        {{"kim", 0, -1, 1, 0}, {quiz.id, review.id, first}},
        {{"lee", 0, -1, 0, 0}, {0}},
        {{"lee", 0, -1, 1, 0}, {sim.id}},
        {{"nobody", 0, -1, 1, 0}, {0}},
        {{NULL, STORE_ATTEMPT_REVIEW, -1, 1, 0}, {review.id}},
        {{NULL, STORE_ATTEMPT_QUIZ, -1, 1, 0}, {quiz.id}},
        {{NULL, STORE_ATTEMPT_ASSESSMENT, -1, 1, 0}, {sim.id, first}},
        {{NULL, STORE_ATTEMPT_ASSESSMENT, -1, 0, 0}, {first}},
        {{NULL, 0, 0, 1, 0}, {sim.id, review.id}},
        {{NULL, 0, 1, 1, 0}, {quiz.id, first}},
        {{NULL, 0, -1, 1, 2}, {sim.id, quiz.id}},
        {{NULL, 0, -1, 0, 1}, {quiz.id}},
        {{"kim", STORE_ATTEMPT_ASSESSMENT, 1, 0, 0}, {first}},
        {{"kim", STORE_ATTEMPT_REVIEW, 1, 0, 0}, {0}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        store_attempt *rows = NULL;
        assert_int_equal(store_attempt_list(s, &cases[c].f, a, &rows, &n, &e), ASSAY_OK);
        size_t want = 0;
        while (want < 5 && cases[c].want[want])
            want++;
        if (n != want)
            fail_msg("attempt_list case %zu: %zu rows, want %zu", c, n, want);
        for (size_t i = 0; i < n; i++)
            if (rows[i].id != cases[c].want[i])
                fail_msg("attempt_list case %zu: row %zu is attempt %lld, want %lld", c, i,
                         (long long)rows[i].id, (long long)cases[c].want[i]);
    }
    store_attempt *lrows;
    store_attempt_filter lf = {.person = "kim", .kind = STORE_ATTEMPT_REVIEW, .status = -1};
    assert_int_equal(store_attempt_list(s, &lf, a, &lrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(lrows[0].kb_id, 0); /* rows are whole attempts */
    assert_true(lrows[0].seed == 7);
    assert_int_equal(lrows[0].created_at, 500);

    /* attempt_responses: by position, with the grade as stored */
    store_response *rrows;
    assert_int_equal(store_attempt_responses(s, quiz.id, a, &rrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rrows[0].seq, 1);
    assert_string_equal(rrows[0].item_id, item1);
    assert_int_equal(rrows[0].qtype, ASSAY_Q_SHORT);
    assert_true(rrows[0].score == 0.75);
    assert_string_equal(rrows[0].answer, "저장소");
    assert_string_equal(rrows[0].grade_json, "{\"score\":0.75,\"missing\":[\"빠른\"]}");
    assert_int_equal(rrows[0].attempt_kind, STORE_ATTEMPT_QUIZ);
    assert_string_equal(rrows[0].form, "fp-1");
    assert_string_equal(rrows[0].person, "kim");
    assert_int_equal(rrows[1].seq, 2);
    assert_string_equal(rrows[1].item_id, item2);
    assert_int_equal(rrows[1].qtype, ASSAY_Q_TF);
    assert_int_equal(rrows[1].choice, 1);
    assert_int_equal(rrows[1].key, 0);
    assert_null(rrows[1].grade_json);
    assert_int_equal(store_attempt_responses(s, review.id, a, &rrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rrows[0].attempt_kind, STORE_ATTEMPT_REVIEW);
    assert_int_equal(store_attempt_responses(s, first, a, &rrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_null(rrows[0].grade_json); /* stored without one */
    assert_int_equal(store_attempt_responses(s, sim.id + 100, a, &rrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);

    /* response_list: by the item's knowledge base, reviews left out */
    assert_int_equal(store_response_list(s, kb1, a, &rrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rrows[0].attempt_id, first);
    assert_int_equal(rrows[1].attempt_id, first);
    assert_int_equal(rrows[2].attempt_id, quiz.id);
    assert_int_equal(rrows[2].seq, 1);
    assert_string_equal(rrows[2].item_id, item1);
    assert_int_equal(store_response_list(s, kb.id, a, &rrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rrows[0].attempt_id, quiz.id);
    assert_int_equal(rrows[0].seq, 2);
    assert_string_equal(rrows[0].item_id, item2);
    assert_false(rrows[0].simulated);
    assert_int_equal(rrows[1].attempt_id, sim.id);
    assert_true(rrows[1].simulated); /* simulated ones are kept, marked */
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(rrows[i].attempt_kind, STORE_ATTEMPT_REVIEW);

    /* presentations: one per position, listed in order */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_presentation p = {.attempt_id = quiz.id,
                            .seq = 2,
                            .item_id = item2,
                            .item_version = 1,
                            .qtype = ASSAY_Q_TF,
                            .question_json = "{\"type\":\"tf\",\"key\":false}",
                            .shown_at = 511};
    assert_int_equal(store_presentation_add(s, &p, &e), ASSAY_OK);
    p.seq = 1;
    p.item_id = item1;
    p.item_version = 2;
    p.qtype = ASSAY_Q_SHORT;
    p.question_json = "{\"type\":\"short\",\"prompt\":\"캐시란?\"}";
    p.shown_at = 510;
    assert_int_equal(store_presentation_add(s, &p, &e), ASSAY_OK);
    err_clear(&e2);
    p.question_json = "{\"type\":\"mcq\"}";
    assert_int_equal(store_presentation_add(s, &p, &e2), ASSAY_EINPUT); /* position 1 again */
    err_clear(&e2);
    store_presentation nowhere = p;
    nowhere.attempt_id = sim.id + 100;
    assert_int_equal(store_presentation_add(s, &nowhere, &e2), ASSAY_ENOTFOUND);
    err_clear(&e2);
    nowhere = p;
    nowhere.seq = 3;
    nowhere.item_id = "ffffffffffff";
    assert_int_equal(store_presentation_add(s, &nowhere, &e2), ASSAY_ENOTFOUND);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    store_presentation *prows;
    assert_int_equal(store_presentation_list(s, quiz.id, a, &prows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(prows[0].attempt_id, quiz.id);
    assert_int_equal(prows[0].seq, 1);
    assert_string_equal(prows[0].item_id, item1);
    assert_int_equal(prows[0].item_version, 2);
    assert_int_equal(prows[0].qtype, ASSAY_Q_SHORT);
    assert_string_equal(prows[0].question_json, "{\"type\":\"short\",\"prompt\":\"캐시란?\"}");
    assert_int_equal(prows[0].shown_at, 510);
    assert_int_equal(prows[1].seq, 2);
    assert_string_equal(prows[1].item_id, item2);
    assert_int_equal(prows[1].qtype, ASSAY_Q_TF);
    assert_string_equal(prows[1].question_json, "{\"type\":\"tf\",\"key\":false}");
    assert_int_equal(store_presentation_list(s, review.id, a, &prows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);

    /* review cards: insert, replace, due order */
    store_card *card = (store_card *)1;
    assert_int_equal(store_card_get(s, "kim", item1, a, &card, &e), ASSAY_OK);
    assert_null(card);
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_card c = {.person = "kim",
                    .item_id = item1,
                    .state = 1,
                    .stability = 0.5,
                    .difficulty = 6.25,
                    .due = 1000,
                    .last_review = 0,
                    .reps = 1,
                    .step = 1,
                    .scheduled_days = 0,
                    .updated_at = 600};
    assert_int_equal(store_card_put(s, &c, &e), ASSAY_OK);
    store_card c2 = {.person = "kim",
                     .item_id = item2,
                     .state = 2,
                     .stability = 12.5,
                     .difficulty = 4.75,
                     .due = 900,
                     .last_review = 100,
                     .reps = 3,
                     .lapses = 1,
                     .scheduled_days = 9.5,
                     .updated_at = 601};
    assert_int_equal(store_card_put(s, &c2, &e), ASSAY_OK);
    store_card c3 = c2;
    c3.person = "lee";
    c3.due = 50;
    assert_int_equal(store_card_put(s, &c3, &e), ASSAY_OK);
    c.state = 3; /* replaced whole */
    c.stability = 3.25;
    c.difficulty = 7.5;
    c.due = 2000;
    c.last_review = 1500;
    c.reps = 4;
    c.lapses = 2;
    c.step = 0;
    c.scheduled_days = 1.5;
    c.updated_at = 1500;
    assert_int_equal(store_card_put(s, &c, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    assert_int_equal(store_card_get(s, "kim", item1, a, &card, &e), ASSAY_OK);
    assert_non_null(card);
    assert_string_equal(card->person, "kim");
    assert_string_equal(card->item_id, item1);
    assert_int_equal(card->state, 3);
    assert_true(card->stability == 3.25 && card->difficulty == 7.5);
    assert_int_equal(card->due, 2000);
    assert_int_equal(card->last_review, 1500);
    assert_int_equal(card->reps, 4);
    assert_int_equal(card->lapses, 2);
    assert_int_equal(card->step, 0);
    assert_true(card->scheduled_days == 1.5);
    assert_int_equal(card->updated_at, 1500);
    assert_int_equal(store_card_get(s, "lee", item1, a, &card, &e), ASSAY_OK);
    assert_null(card); /* per person */

    store_card *crows;
    assert_int_equal(store_card_list(s, "kim", INT64_MAX, 0, a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2); /* soonest first, not by item */
    assert_string_equal(crows[0].item_id, item2);
    assert_int_equal(crows[0].due, 900);
    assert_int_equal(crows[0].lapses, 1);
    assert_true(crows[0].scheduled_days == 9.5);
    assert_string_equal(crows[1].item_id, item1);
    assert_int_equal(crows[1].reps, 4);
    assert_int_equal(store_card_list(s, "kim", 1999, 0, a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(crows[0].item_id, item2);
    assert_int_equal(store_card_list(s, "kim", 2000, 0, a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2); /* due at the bound counts */
    assert_int_equal(store_card_list(s, "kim", 899, 0, a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_card_list(s, "kim", INT64_MAX, 1, a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(crows[0].item_id, item2);
    assert_int_equal(store_card_list(s, "lee", INT64_MAX, 0, a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(crows[0].due, 50);
    assert_int_equal(store_card_list(s, "nobody", INT64_MAX, 0, a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);
    /* equal due times: by item */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    c.due = 900;
    assert_int_equal(store_card_put(s, &c, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    assert_int_equal(store_card_list(s, "kim", INT64_MAX, 0, a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_string_equal(crows[0].item_id, item1);
    assert_string_equal(crows[1].item_id, item2);
}

/* Ops version 6: an assessor's groups, members, invites and the attempts
 * the invites started (migration "groups"). */
static void conformance_groups(store *s, arena *a, int64_t kb1)
{
    errinfo e;
    err_clear(&e);
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_account boss = {.name = "boss", .pwhash = "x", .role = "assessor", .created_at = 5};
    store_account lee = {.name = "lee", .pwhash = "x", .role = "learner", .created_at = 6};
    assert_int_equal(store_account_add(s, &boss, &e), ASSAY_OK);
    assert_int_equal(store_account_add(s, &lee, &e), ASSAY_OK);
    store_group g = {.name = "팀 A", .owner_id = boss.id, .created_at = 10};
    assert_int_equal(store_group_add(s, &g, &e), ASSAY_OK);
    assert_true(g.id > 0);
    store_group g2 = {.name = "팀 B", .owner_id = lee.id, .created_at = 11};
    assert_int_equal(store_group_add(s, &g2, &e), ASSAY_OK);
    int added = -1;
    store_member m = {.group_id = g.id, .account_id = lee.id, .joined_at = 12};
    assert_int_equal(store_member_add(s, &m, &added, &e), ASSAY_OK);
    assert_int_equal(added, 1);
    m.joined_at = 99; /* joining again changes nothing */
    assert_int_equal(store_member_add(s, &m, &added, &e), ASSAY_OK);
    assert_int_equal(added, 0);
    store_invite inv = {.token_hash = "h1",
                        .group_id = g.id,
                        .kind = "assessment",
                        .spec_json = "{\"topics\":[\"1\"]}",
                        .created_at = 13,
                        .expires_at = 1000};
    assert_int_equal(store_invite_add(s, &inv, &e), ASSAY_OK);
    assert_true(inv.id > 0);
    store_invite dup = inv;
    assert_int_equal(store_invite_add(s, &dup, &e), ASSAY_EINPUT);
    err_clear(&e);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);

    store_group *row = NULL, *rows = NULL;
    size_t n = 0;
    assert_int_equal(store_group_get(s, g.id, a, &row, &e), ASSAY_OK);
    assert_non_null(row);
    assert_string_equal(row->name, "팀 A");
    assert_string_equal(row->owner, "boss");
    assert_int_equal(row->members, 1);
    assert_int_equal(store_group_get(s, g.id + 100, a, &row, &e), ASSAY_OK);
    assert_null(row);
    assert_int_equal(store_group_list(s, boss.id, a, &rows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, g.id);
    assert_int_equal(store_group_list(s, 0, a, &rows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    store_member *ms = NULL;
    assert_int_equal(store_member_list(s, g.id, a, &ms, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ms[0].name, "lee");
    assert_int_equal(ms[0].joined_at, 12);

    store_invite *iv = NULL;
    assert_int_equal(store_invite_get(s, "h1", a, &iv, &e), ASSAY_OK);
    assert_non_null(iv);
    assert_int_equal(iv->id, inv.id);
    assert_string_equal(iv->kind, "assessment");
    assert_string_equal(iv->group_name, "팀 A");
    assert_string_equal(iv->owner, "boss");
    assert_int_equal(iv->expires_at, 1000);
    assert_int_equal(iv->revoked, 0);
    assert_int_equal(iv->uses, 0);
    assert_int_equal(store_invite_get(s, "nope", a, &iv, &e), ASSAY_OK);
    assert_null(iv);

    /* an invite's attempt: open ones are found again, finished ones are not */
    int64_t open_id = -1;
    assert_int_equal(store_invite_open_attempt(s, inv.id, lee.id, &open_id, &e), ASSAY_OK);
    assert_int_equal(open_id, 0);
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_attempt at = {.kb_id = kb1,
                        .kind = STORE_ATTEMPT_ASSESSMENT,
                        .person = "lee",
                        .created_at = 20,
                        .updated_at = 20};
    assert_int_equal(store_attempt_put(s, &at, &e), ASSAY_OK);
    assert_int_equal(store_invite_use(s, inv.id, lee.id, at.id, 20, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    assert_int_equal(store_invite_open_attempt(s, inv.id, lee.id, &open_id, &e), ASSAY_OK);
    assert_int_equal(open_id, at.id);
    assert_int_equal(store_invite_open_attempt(s, inv.id, boss.id, &open_id, &e), ASSAY_OK);
    assert_int_equal(open_id, 0);
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    at.finished = 1;
    assert_int_equal(store_attempt_put(s, &at, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    assert_int_equal(store_invite_open_attempt(s, inv.id, lee.id, &open_id, &e), ASSAY_OK);
    assert_int_equal(open_id, 0);

    /* revoking: of the right group only */
    int found = -1;
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    assert_int_equal(store_invite_revoke(s, g2.id, inv.id, &found, &e), ASSAY_OK);
    assert_int_equal(found, 0);
    assert_int_equal(store_invite_revoke(s, g.id, inv.id, &found, &e), ASSAY_OK);
    assert_int_equal(found, 1);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    store_invite *il = NULL;
    assert_int_equal(store_invite_list(s, g.id, a, &il, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(il[0].revoked, 1);
    assert_int_equal(il[0].uses, 1);
    assert_int_equal(store_invite_list(s, g2.id, a, &il, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);
}

/* Ops versions 5 and 7: accounts, their listing and roles. */
static void conformance_accounts(store *s, arena *a)
{
    errinfo e;
    err_clear(&e);
    size_t n = 9;
    store_account *rows = NULL;
    assert_int_equal(store_account_list(s, a, &rows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_account kim = {.name = "kim", .pwhash = "$argon2id$x", .role = NULL, .created_at = 10};
    store_account ahn = {.name = "ahn", .pwhash = "$argon2id$y", .role = "admin", .created_at = 20};
    assert_int_equal(store_account_add(s, &kim, &e), ASSAY_OK);
    assert_int_equal(store_account_add(s, &ahn, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    assert_int_equal(store_account_list(s, a, &rows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].name, "ahn"); /* by name */
    assert_string_equal(rows[0].role, "admin");
    assert_int_equal(rows[0].created_at, 20);
    assert_string_equal(rows[0].pwhash, ""); /* never read for a listing */
    assert_string_equal(rows[1].name, "kim");
    assert_string_equal(rows[1].role, "learner");

    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    assert_int_equal(store_account_set_role(s, "kim", "assessor", &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    store_account *one = NULL;
    assert_int_equal(store_account_get(s, "kim", a, &one, &e), ASSAY_OK);
    assert_non_null(one);
    assert_string_equal(one->role, "assessor");
    assert_string_equal(one->pwhash, "$argon2id$x"); /* untouched */

    /* an unknown account, an unknown role: errors naming the parameter, nothing changed */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    assert_int_equal(store_account_set_role(s, "nobody", "admin", &e), ASSAY_ENOTFOUND);
    assert_string_equal(e.param, "name");
    err_clear(&e);
    assert_int_equal(store_account_set_role(s, "kim", "root", &e), ASSAY_EINPUT);
    assert_string_equal(e.param, "role");
    err_clear(&e);
    store_rollback(s);
    assert_int_equal(store_account_get(s, "kim", a, &one, &e), ASSAY_OK);
    assert_string_equal(one->role, "assessor");
}

static void conformance(const char *url)
{
    errinfo e;
    err_clear(&e);
    store *s = NULL;
    assert_int_equal(store_open(url, NULL, &s, &e), ASSAY_OK);
    int v = 0;
    assert_int_equal(store_schema_version(s, &v, &e), ASSAY_OK);
    assert_true(v >= 1);

    arena a;
    arena_init(&a, 0);
    store_kb *none = (store_kb *)1;
    assert_int_equal(store_kb_get(s, "k", &a, &none, &e), ASSAY_OK);
    assert_null(none);

    /* writes happen in transactions */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_kb kb = {0, "k", "Title", "src.md", "hash", 10, 1, 1000};
    assert_int_equal(store_kb_put(s, &kb, &e), ASSAY_OK);
    assert_true(kb.id > 0);
    store_level_def lv[] = {{1, "입문", "입문", "기초"}, {2, "주니어", "", ""}};
    assert_int_equal(store_level_replace(s, kb.id, lv, 2, &e), ASSAY_OK);
    store_topic t = {0, kb.id, "캐싱", 1, 1, "캐싱", "개념", 5, 1};
    assert_int_equal(store_topic_put(s, &t, &e), ASSAY_OK);
    store_block b = {0, t.id, 1, "입문", "[\"a\",\"b\"]", 7};
    assert_int_equal(store_block_put(s, &b, &e), ASSAY_OK);
    store_item it = {.id = "0123456789ab",
                     .kb_id = kb.id,
                     .topic_id = t.id,
                     .kind = KB_LEVEL_QA,
                     .level = 1,
                     .active = 1,
                     .version = 1,
                     .position = 0,
                     .source_file = "src.md",
                     .source_line = 9,
                     .question = "캐시란?",
                     .answer = "빠른 저장소",
                     .detail_json = NULL,
                     .content_hash = "h1"};
    assert_int_equal(store_item_insert(s, &it, 1000, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);

    /* a rolled back transaction leaves nothing */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_kb kb2 = {0, "gone", "", "x", "h", 1, 1, 1};
    assert_int_equal(store_kb_put(s, &kb2, &e), ASSAY_OK);
    store_rollback(s);
    store_kb *rows;
    size_t n;
    assert_int_equal(store_kb_list(s, &a, &rows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "k");
    assert_string_equal(rows[0].title, "Title");

    store_level_def *lrows;
    assert_int_equal(store_level_list(s, kb.id, &a, &lrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_string_equal(lrows[0].label, "입문");
    assert_string_equal(lrows[1].audience, "");

    store_topic *trows;
    assert_int_equal(store_topic_list(s, kb.id, &a, &trows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(trows[0].concept, "개념");
    assert_true(trows[0].active);

    store_block *brows;
    assert_int_equal(store_block_list(s, kb.id, &a, &brows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(brows[0].subtopics_json, "[\"a\",\"b\"]");

    /* a new version and a status change */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    it.version = 2;
    it.answer = "빠른 임시 저장소";
    it.content_hash = "h2";
    assert_int_equal(store_item_update(s, &it, 1, STORE_EV_CHANGED, 2000, &e), ASSAY_OK);
    it.active = 0;
    assert_int_equal(store_item_update(s, &it, 0, STORE_EV_RETIRED, 3000, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);

    store_item *irows;
    store_item_filter f = {.kb_id = kb.id};
    assert_int_equal(store_item_list(s, &f, &a, &irows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0); /* retired items are not listed by default */
    f.include_retired = 1;
    assert_int_equal(store_item_list(s, &f, &a, &irows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(irows[0].version, 2);
    assert_false(irows[0].active);
    assert_string_equal(irows[0].answer, "빠른 임시 저장소");
    assert_null(irows[0].detail_json);
    assert_int_equal(irows[0].created_at, 1000);
    assert_int_equal(irows[0].updated_at, 3000);

    assert_int_equal(store_item_find(s, "0123", 5, &a, &irows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_item_find(s, "fff", 5, &a, &irows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);

    store_version *vrows;
    assert_int_equal(store_version_list(s, it.id, &a, &vrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_string_equal(vrows[0].answer, "빠른 저장소");
    assert_string_equal(vrows[1].answer, "빠른 임시 저장소");

    store_count *crows;
    assert_int_equal(store_count_items(s, kb.id, &a, &crows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_int_equal(crows[0].n, 1);
    assert_int_equal(crows[0].active, 0);

    /* a delete of a level block, and a constraint the schema enforces */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    assert_int_equal(store_block_delete(s, b.id, &e), ASSAY_OK);
    store_topic dup = {0, kb.id, "캐싱", 2, 2, "캐싱", "", 1, 1};
    errinfo e2;
    err_clear(&e2);
    assert_int_equal(store_topic_put(s, &dup, &e2), ASSAY_ESTORAGE);
    store_rollback(s);
    assert_int_equal(store_block_list(s, kb.id, &a, &brows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1); /* the delete was rolled back too */

    /* attempts and responses (ops version 2) */
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_attempt at = {.kb_id = kb.id,
                        .kind = STORE_ATTEMPT_ASSESSMENT,
                        .person = "kim",
                        .seed = UINT64_MAX - 5,
                        .config_json = "{\"max\":3}",
                        .created_at = 100,
                        .updated_at = 100};
    assert_int_equal(store_attempt_put(s, &at, &e), ASSAY_OK);
    assert_true(at.id > 0);
    store_response r1 = {.attempt_id = at.id,
                         .seq = 1,
                         .item_id = it.id,
                         .item_version = 2,
                         .qtype = ASSAY_Q_MCQ,
                         .score = 1,
                         .choice = 2,
                         .key = 2,
                         .options_json = "[\"a\",\"b\",\"c\"]",
                         .request_id = "req-1",
                         .seconds = 3.5,
                         .at = 101};
    int dupl = -1;
    assert_int_equal(store_response_add(s, &r1, &dupl, &e), ASSAY_OK);
    assert_int_equal(dupl, 0);
    assert_int_equal(store_response_add(s, &r1, &dupl, &e), ASSAY_OK); /* a retry */
    assert_int_equal(dupl, 1);
    store_response r2 = {.attempt_id = at.id,
                         .seq = 2,
                         .item_id = it.id,
                         .item_version = 2,
                         .qtype = ASSAY_Q_SHORT,
                         .score = 0.5,
                         .choice = -1,
                         .key = -1,
                         .answer = "임시 저장소",
                         .seconds = -1,
                         .at = 102};
    assert_int_equal(store_response_add(s, &r2, &dupl, &e), ASSAY_OK);
    err_clear(&e2);
    r2.answer = "again";
    assert_int_equal(store_response_add(s, &r2, &dupl, &e2), ASSAY_EINPUT); /* same position */
    at.state_json = "{\"steps\":2}";
    at.finished = 1;
    at.updated_at = 200;
    assert_int_equal(store_attempt_put(s, &at, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);

    store_attempt *arow;
    assert_int_equal(store_attempt_get(s, at.id, &a, &arow, &e), ASSAY_OK);
    assert_non_null(arow);
    assert_int_equal(arow->kind, STORE_ATTEMPT_ASSESSMENT);
    assert_string_equal(arow->person, "kim");
    assert_null(arow->form);
    assert_true(arow->seed == UINT64_MAX - 5);
    assert_string_equal(arow->state_json, "{\"steps\":2}");
    assert_true(arow->finished);
    assert_int_equal(arow->updated_at, 200);
    assert_int_equal(store_attempt_get(s, at.id + 100, &a, &arow, &e), ASSAY_OK);
    assert_null(arow);

    store_response *rrows;
    assert_int_equal(store_response_list(s, kb.id, &a, &rrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rrows[0].qtype, ASSAY_Q_MCQ);
    assert_int_equal(rrows[0].choice, 2);
    assert_string_equal(rrows[0].options_json, "[\"a\",\"b\",\"c\"]");
    assert_true(rrows[0].seconds == 3.5);
    assert_int_equal(rrows[0].attempt_kind, STORE_ATTEMPT_ASSESSMENT);
    assert_string_equal(rrows[0].person, "kim");
    assert_int_equal(rrows[1].qtype, ASSAY_Q_SHORT);
    assert_true(rrows[1].score == 0.5);
    assert_int_equal(rrows[1].choice, -1);
    assert_null(rrows[1].options_json);
    assert_string_equal(rrows[1].answer, "임시 저장소");
    assert_true(rrows[1].seconds < 0);
    assert_true(rrows[1].mark == -1);

    /* ops v4: marks of a free-text answer (the latest counts), the marking queue, thesauri */
    store_mark mk = {.attempt_id = at.id, .seq = 2, .score = 0.9, .marker = "lee", .at = 300};
    assert_int_equal(store_mark_add(s, &mk, &e), ASSAY_OK);
    int64_t first_mark = mk.id;
    mk.score = 0.7;
    mk.marker = "park";
    mk.note = "부분 정답";
    mk.at = 301;
    assert_int_equal(store_mark_add(s, &mk, &e), ASSAY_OK);
    assert_true(mk.id > first_mark);
    store_mark bad = {.attempt_id = at.id, .seq = 9, .score = 1, .marker = "x", .at = 1};
    err_clear(&e2);
    assert_int_equal(store_mark_add(s, &bad, &e2), ASSAY_ENOTFOUND);
    store_mark *mrows;
    assert_int_equal(store_mark_list(s, at.id, 2, &a, &mrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_string_equal(mrows[0].marker, "lee");
    assert_null(mrows[0].note);
    assert_string_equal(mrows[1].note, "부분 정답");
    assert_int_equal(store_response_list(s, kb.id, &a, &rrows, &n, &e), ASSAY_OK);
    assert_true(rrows[0].mark == -1);
    assert_true(rrows[1].mark == 0.7 && rrows[1].score == 0.5);
    store_mark_filter mf = {.all = 1};
    store_mark_row *qrows;
    assert_int_equal(store_mark_queue(s, &mf, &a, &qrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1); /* the short answer; not the multiple-choice one */
    assert_int_equal(qrows[0].r.seq, 2);
    assert_int_equal(qrows[0].n_marks, 2);
    assert_string_equal(qrows[0].marker, "park");
    assert_int_equal(qrows[0].marked_at, 301);
    assert_string_equal(qrows[0].kb, "k");
    mf.all = 0; /* needing review and unmarked: none */
    assert_int_equal(store_mark_queue(s, &mf, &a, &qrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);
    mf = (store_mark_filter){.all = 1, .person = "nobody"};
    assert_int_equal(store_mark_queue(s, &mf, &a, &qrows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 0);
    store_thes th[] = {{3, "큐|queue|대기열"}, {7, "증명서|인증서"}};
    assert_int_equal(store_thes_replace(s, kb.id, th, 2, &e), ASSAY_OK);
    store_thes *thrw;
    assert_int_equal(store_thes_list(s, kb.id, &a, &thrw, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(thrw[1].line, 7);
    assert_string_equal(thrw[0].spellings, "큐|queue|대기열");
    assert_int_equal(store_thes_replace(s, kb.id, th + 1, 1, &e), ASSAY_OK);
    assert_int_equal(store_thes_list(s, 0, &a, &thrw, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);

    /* calibrations replace the kb's parameters */
    store_calibration *cal;
    assert_int_equal(store_calibration_latest(s, kb.id, &a, &cal, &e), ASSAY_OK);
    assert_null(cal);
    for (int round = 1; round <= 2; round++) {
        assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
        store_calibration c = {.kb_id = kb.id,
                               .model = round,
                               .persons = 1,
                               .responses = 2,
                               .cycles = 10 * round,
                               .converged = 1,
                               .loglik = -1.5,
                               .logprior = -0.25,
                               .at = 300 + round};
        store_param p = {.item_id = it.id, .a = 1.0 + round, .d = -0.5, .n = 2};
        assert_int_equal(store_calibration_add(s, &c, &p, 1, &e), ASSAY_OK);
        assert_int_equal(store_commit(s, &e), ASSAY_OK);
        assert_int_equal(store_calibration_latest(s, kb.id, &a, &cal, &e), ASSAY_OK);
        assert_non_null(cal);
        assert_int_equal(cal->id, c.id);
        assert_int_equal(cal->model, round);
        assert_int_equal(cal->cycles, 10 * round);
        store_param *prow;
        assert_int_equal(store_param_list(s, kb.id, &a, &prow, &n, &e), ASSAY_OK);
        assert_int_equal(n, 1);
        assert_true(prow[0].a == 1.0 + round && prow[0].d == -0.5 && prow[0].n == 2);
        assert_int_equal(prow[0].calibration_id, c.id);
    }

    conformance_sessions(s, &a, kb.id, it.id, at.id);
    conformance_accounts(s, &a); /* first: it expects no account yet */
    conformance_groups(s, &a, kb.id);

    arena_free(&a);
    store_close(s);
}

static void store_conformance_sqlite_file(void **state)
{
    fixture *f = *state;
    conformance(f->url);
    /* the data persists */
    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_OK);
    arena a;
    arena_init(&a, 0);
    store_kb *kb;
    assert_int_equal(store_kb_get(s, "k", &a, &kb, &e), ASSAY_OK);
    assert_non_null(kb);
    arena_free(&a);
    store_close(s);
    /* person_put kept the first time it saw a name */
    char *people = query_text(f->db_path, "SELECT name, created_at FROM person ORDER BY name");
    assert_string_equal(people, "kim|10|\nlee|30|\n");
    free(people);
}

static void store_conformance_sqlite_memory(void **state)
{
    (void)state;
    conformance("sqlite::memory:");
}

static void store_conformance_bare_path(void **state)
{
    fixture *f = *state;
    char *p = t_path(f->dir, "bare.db");
    conformance(p);
    assert_int_equal(access(p, F_OK), 0);
    free(p);
}

/* issue 8 §4: a path whose folder does not exist is an error naming it, not
 * a new empty bank (nor a tree of folders) */
static void a_missing_folder_is_an_error(void **state)
{
    fixture *f = *state;
    char *p = t_path(f->dir, "sub/dir/bare.db"), *sub = t_path(f->dir, "sub");
    errinfo e;
    err_clear(&e);
    store *s = NULL;
    assert_int_equal(store_open(p, NULL, &s, &e), ASSAY_ESTORAGE);
    assert_null(s);
    assert_non_null(strstr(e.msg, "no such folder"));
    assert_non_null(strstr(e.file, "sub/dir/bare.db"));
    assert_int_equal(access(sub, F_OK), -1);
    free(p);
    free(sub);
}

static void store_urls_are_checked(void **state)
{
    (void)state;
    errinfo e;
    const char *target;
    err_clear(&e);
    /* PostgreSQL URLs and libpq key=value strings go to libpq whole */
    const store_ops *pgo = store_lookup("postgresql://localhost/assay", &target, &e);
    assert_non_null(pgo);
    assert_string_equal(pgo->name, "PostgreSQL");
    assert_string_equal(target, "postgresql://localhost/assay");
    assert_ptr_equal(store_lookup("postgres://u@h:5/d", &target, &e), pgo);
    assert_ptr_equal(store_lookup("host=/run/pg port=5433 dbname=assay", &target, &e), pgo);
    assert_string_equal(target, "host=/run/pg port=5433 dbname=assay");
    assert_null(store_lookup("postgresql:assay", &target, &e));
    assert_int_equal(e.code, ASSAY_EUSAGE);
    assert_non_null(strstr(e.msg, "PostgreSQL"));
    err_clear(&e);
    assert_null(store_lookup("mysql://x/y", &target, &e));
    assert_int_equal(e.code, ASSAY_EUSAGE);
    assert_non_null(store_lookup("sqlite:///tmp/x.db", &target, &e));
    assert_string_equal(target, "/tmp/x.db");
    assert_non_null(store_lookup("relative/x.db", &target, &e));
    assert_string_equal(target, "relative/x.db");
}

/* ---- bank: import rules ------------------------------------------------------ */

static assay_doc *doc_from(assay *a, const char *name, const char *text)
{
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    o.kb_name = "cache";
    assay_doc *d = NULL;
    assay_code rc = assay_doc_parse(a, name, text, strlen(text), &o, &d);
    if (rc != ASSAY_OK)
        fail_msg("parse: %s", assay_errmsg(a));
    return d;
}

static assay_code import_text(fixture *f, const char *text, assay_import_result *r)
{
    assay_bank *b;
    assay_code rc = assay_bank_open(f->a, f->url, &b);
    if (rc != ASSAY_OK)
        return rc;
    assay_doc *d = doc_from(f->a, "cache.md", text);
    rc = assay_bank_import(b, &d, 1, r);
    assay_doc_free(d);
    assay_bank_close(b);
    return rc;
}

static char *canonical(void)
{
    char *s = t_read_file(DATA "/kb/canonical.md", NULL);
    assert_non_null(s);
    return s;
}

/* Replaces the first occurrence of `from` (must exist) in a malloc'd string. */
static char *replace(char *s, const char *from, const char *to)
{
    char *p = strstr(s, from);
    if (!p)
        fail_msg("'%s' not in the document", from);
    size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), n = strlen(s);
    char *r = malloc(n - fl + tl + 1);
    memcpy(r, s, a);
    memcpy(r + a, to, tl);
    memcpy(r + a + tl, p + fl, n - a - fl + 1);
    free(s);
    return r;
}

/* All active items' ids and questions, one per line, in bank order (the
 * document's own items: derived ones have tests of their own, test_derive). */
static char *id_list(fixture *f, int include_retired)
{
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_item_filter flt;
    assay_item_filter_init(&flt);
    flt.include_retired = include_retired;
    flt.no_derived = 1;
    assay_list *l;
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_OK);
    size_t cap = 64 * (assay_list_count(l) + 1) + 1024, w = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < assay_list_count(l); i++) {
        const assay_item_info *it = assay_list_item(l, i);
        w += (size_t)snprintf(out + w, cap - w, "%s %d %s\n", it->id, it->retired,
                              it->kind == ASSAY_KIND_SCENARIO ? "(scenario)" : "");
    }
    assay_list_free(l);
    assay_bank_close(b);
    return out;
}

static const assay_item_info *find_q(const assay_list *l, const char *question)
{
    for (size_t i = 0; i < assay_list_count(l); i++)
        if (strcmp(assay_list_item(l, i)->question, question) == 0)
            return assay_list_item(l, i);
    return NULL;
}

/* Everything stored, as text: for "nothing changed" comparisons. */
static char *dump_db(const char *path)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    static const char *const tables[] = {"kb",   "level_def",    "topic",      "level_block",
                                         "item", "item_version", "item_status"};
    size_t cap = 1 << 20, w = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", tables[t]);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                size_t need = w + (v ? strlen((const char *)v) : 4) + 4;
                if (need >= cap) {
                    cap = need * 2;
                    out = realloc(out, cap);
                }
                w += (size_t)snprintf(out + w, cap - w, "%s|", v ? (const char *)v : "NULL");
            }
            out[w++] = '\n';
            out[w] = '\0';
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

static void bundled_import_counts_and_reimport_writes_nothing(void **state)
{
    fixture *f = *state;
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_doc *d;
    assert_int_equal(assay_doc_load(f->a, BUNDLED, NULL, &d), ASSAY_OK);
    assay_import_result r;
    assert_int_equal(assay_bank_import(b, &d, 1, &r), ASSAY_OK);
    assert_int_equal(r.added, 250);
    assert_int_equal(r.changed + r.retired + r.unchanged, 0);
    assert_true(r.wrote);
    assay_bank_close(b);

    char before[HASH_HEX_LEN + 1], wal[HASH_HEX_LEN + 1];
    char *wal_path = t_path(f->dir, "bank.db-wal");
    snprintf(before, sizeof before, "%s", t_file_hash(f->db_path));
    snprintf(wal, sizeof wal, "%s", t_file_hash(wal_path));

    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assert_int_equal(assay_bank_import(b, &d, 1, &r), ASSAY_OK);
    assert_int_equal(r.added + r.changed + r.retired, 0);
    assert_int_equal(r.unchanged, 250);
    assert_false(r.wrote);
    assay_bank_close(b);
    assert_string_equal(t_file_hash(f->db_path), before);
    assert_string_equal(t_file_hash(wal_path), wal);
    free(wal_path);

    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_list *kbs;
    assert_int_equal(assay_bank_kbs(b, &kbs), ASSAY_OK);
    assert_int_equal(assay_list_count(kbs), 1);
    const assay_kb_info *k = assay_list_kb(kbs, 0);
    assert_string_equal(k->name, "architecture-scalability");
    assert_int_equal(k->topics, 15);
    assert_int_equal(k->level_blocks, 60);
    assert_int_equal(k->level_qa, 220);
    assert_int_equal(k->interview_qa, 15);
    assert_int_equal(k->scenario, 15);
    assert_int_equal(k->retired, 0);
    assert_string_equal(k->content_hash, assay_doc_content_hash(d));
    assay_list_free(kbs);
    assay_bank_close(b);
    assay_doc_free(d);
}

static void ids_are_derived_not_assigned(void **state)
{
    fixture *f = *state;
    char *text = canonical();
    assay_import_result r;
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    char *ids1 = id_list(f, 0);
    /* a second, fresh bank derives the same ids */
    char *other = t_path(f->dir, "other.db");
    snprintf(f->url, sizeof f->url, "sqlite:%s", other);
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    char *ids2 = id_list(f, 0);
    assert_string_equal(ids1, ids2);
    assert_int_equal(t_count(ids1, "\n"), 11);
    /* and the id is the documented derivation */
    char id[BANK_ID_LEN + 1];
    bank_item_id("cache", "캐싱", "캐시란?", 0, id);
    assert_non_null(strstr(ids1, id));
    free(other);
    free(ids1);
    free(ids2);
    free(text);
}

static void reworded_question_keeps_its_id_with_a_new_version(void **state)
{
    fixture *f = *state;
    char *text = canonical();
    assay_import_result r;
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    char *ids1 = id_list(f, 0);

    text = replace(text, "**Q: 캐시 스탬피드란?**", "**Q: 캐시 스탬피드란 무엇인가?**");
    text = replace(text, "**A:** 자주 사용하는 데이터를", "**A:** 자주 쓰는 데이터를");
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    assert_int_equal(r.added, 0);
    assert_int_equal(r.changed, 2);
    assert_int_equal(r.retired, 0);
    assert_int_equal(r.unchanged, 9);
    char *ids2 = id_list(f, 0);
    assert_string_equal(ids1, ids2);

    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_list *l;
    assert_int_equal(assay_bank_items(b, NULL, &l), ASSAY_OK);
    const assay_item_info *it = find_q(l, "캐시 스탬피드란 무엇인가?");
    assert_non_null(it);
    assert_int_equal(it->version, 2);
    assay_list *v;
    assert_int_equal(assay_bank_item_versions(b, it->id, &v), ASSAY_OK);
    assert_int_equal(assay_list_count(v), 2);
    assert_string_equal(assay_list_version(v, 0)->question, "캐시 스탬피드란?");
    assert_string_equal(assay_list_version(v, 1)->question, "캐시 스탬피드란 무엇인가?");
    assay_list_free(v);
    assay_list_free(l);
    assay_bank_close(b);
    free(ids1);
    free(ids2);
    free(text);
}

static void a_different_question_gets_a_new_id(void **state)
{
    fixture *f = *state;
    const char *doc = "# T\n\n## 1. 모놀리스\n\n> ⭐ **Level 1 (입문)**\n>\n"
                      "> **Q: 모놀리스의 장점은?**\n> **A:** 단순한 배포.\n";
    assay_import_result r;
    assert_int_equal(import_text(f, doc, &r), ASSAY_OK);
    char *ids1 = id_list(f, 1);
    /* one word that flips the meaning: similar letters, another question */
    char *other = replace(strdup(doc), "장점은?", "단점은?");
    assert_int_equal(import_text(f, other, &r), ASSAY_OK);
    assert_int_equal(r.added, 1);
    assert_int_equal(r.retired, 1);
    assert_int_equal(r.changed, 0);
    char *ids2 = id_list(f, 1);
    assert_int_equal(t_count(ids2, "\n"), 2);
    char old_id[BANK_ID_LEN + 1];
    snprintf(old_id, sizeof old_id, "%.12s", ids1);
    assert_non_null(strstr(ids2, old_id)); /* the old one is kept, retired */
    free(ids1);
    free(ids2);
    free(other);
}

static void removed_items_are_retired_and_come_back(void **state)
{
    fixture *f = *state;
    char *text = canonical();
    assay_import_result r;
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    char *ids_all = id_list(f, 1);

    const char *pair = "> **Q: Cache-Aside 패턴이란?**\n> **A:** 애플리케이션이 캐시를 먼저 "
                       "조회하고, 없으면 DB에서 읽어 캐시에 저장하는 패턴.\n";
    char *without = replace(strdup(text), pair, "");
    assert_int_equal(import_text(f, without, &r), ASSAY_OK);
    assert_int_equal(r.retired, 1);
    assert_int_equal(r.added + r.changed, 0);
    char *active = id_list(f, 0);
    assert_int_equal(t_count(active, "\n"), 10);
    char *all = id_list(f, 1);
    assert_int_equal(t_count(all, "\n"), 11); /* never deleted */
    assert_int_equal(t_count(all, " 1 "), 1);

    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_list *kbs;
    assert_int_equal(assay_bank_kbs(b, &kbs), ASSAY_OK);
    assert_int_equal(assay_list_kb(kbs, 0)->retired, 1);
    assay_list_free(kbs);
    assay_bank_close(b);

    /* the pair comes back: same id, active again */
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    assert_int_equal(r.added, 1);
    assert_int_equal(r.retired, 0);
    char *back = id_list(f, 1);
    assert_string_equal(back, ids_all);
    free(back);
    free(all);
    free(active);
    free(without);
    free(ids_all);
    free(text);
}

static void a_renamed_topic_keeps_its_items(void **state)
{
    fixture *f = *state;
    char *text = canonical();
    assay_import_result r;
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    char *ids1 = id_list(f, 1);
    text = replace(text, "## 1. 캐싱", "## 1. 캐시 전략");
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    assert_int_equal(r.added + r.retired + r.changed, 0);
    char *ids2 = id_list(f, 1);
    assert_string_equal(ids1, ids2);
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_list *topics;
    assert_int_equal(assay_bank_topics(b, "cache", &topics), ASSAY_OK);
    assert_int_equal(assay_list_count(topics), 2);
    assert_string_equal(assay_list_topic(topics, 0)->title, "캐시 전략");
    assert_int_equal(assay_list_topic(topics, 0)->items, 7);
    assay_list_free(topics);
    assay_bank_close(b);
    free(ids1);
    free(ids2);
    free(text);
}

static void a_failed_import_leaves_the_bank_as_it_was(void **state)
{
    fixture *f = *state;
    char *text = canonical();
    assay_import_result r;
    assert_int_equal(import_text(f, text, &r), ASSAY_OK);
    /* storage fails part-way: on the version row of one changed question */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TRIGGER fail_midway BEFORE INSERT ON item_version "
                                  "WHEN NEW.question LIKE '%처리 순서%' "
                                  "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    char *before = dump_db(f->db_path);

    text = replace(text, "**Q: 캐시란?**", "**Q: 캐시란 무엇인가?**");     /* early: changed */
    text = replace(text, "- Q: 메시지 순서는", "- Q: 메시지 처리 순서는"); /* late: fails */
    assert_int_equal(import_text(f, text, &r), ASSAY_ESTORAGE);
    assert_non_null(strstr(assay_errmsg(f->a), "disk on fire"));
    assert_int_equal(r.added + r.changed + r.retired, 0);
    char *after = dump_db(f->db_path);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(text);
}

static void one_transaction_for_several_documents(void **state)
{
    fixture *f = *state;
    char *text = canonical();
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_doc *docs[2];
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    o.kb_name = "one";
    assert_int_equal(assay_doc_parse(f->a, "one.md", text, strlen(text), &o, &docs[0]), ASSAY_OK);
    o.kb_name = "one"; /* the same knowledge base twice: refused */
    assert_int_equal(assay_doc_parse(f->a, "two.md", text, strlen(text), &o, &docs[1]), ASSAY_OK);
    assay_import_result r[2];
    assert_int_equal(assay_bank_import(b, docs, 2, r), ASSAY_EUSAGE);
    assay_list *kbs;
    assert_int_equal(assay_bank_kbs(b, &kbs), ASSAY_OK);
    assert_int_equal(assay_list_count(kbs), 0);
    assay_list_free(kbs);
    assay_doc_free(docs[1]);
    o.kb_name = "two";
    assert_int_equal(assay_doc_parse(f->a, "two.md", text, strlen(text), &o, &docs[1]), ASSAY_OK);
    assert_int_equal(assay_bank_import(b, docs, 2, r), ASSAY_OK);
    assert_int_equal(r[0].added, 11);
    assert_int_equal(r[1].added, 11);
    assert_int_equal(assay_bank_kbs(b, &kbs), ASSAY_OK);
    assert_int_equal(assay_list_count(kbs), 2);
    assay_list_free(kbs);
    assay_doc_free(docs[0]);
    assay_doc_free(docs[1]);
    assay_bank_close(b);
    free(text);
}

static void repeated_questions_get_distinct_ids(void **state)
{
    fixture *f = *state;
    const char *doc = "# T\n\n## 1. 주제\n\n- Q: 같은 질문?\n- A: 첫 답\n- Q: 같은 질문?\n"
                      "- A: 둘째 답\n- Q: 같은 질문?\n- A: 셋째 답\n";
    assay_import_result r;
    assert_int_equal(import_text(f, doc, &r), ASSAY_OK);
    assert_int_equal(r.added, 3);
    char *ids = id_list(f, 0);
    assert_int_equal(t_count(ids, "\n"), 3);
    assert_int_equal(import_text(f, doc, &r), ASSAY_OK);
    assert_int_equal(r.unchanged, 3);
    assert_false(r.wrote);
    char *again = id_list(f, 0);
    assert_string_equal(ids, again);
    free(ids);
    free(again);
}

/* ---- migrations: a bank made by an older assay ------------------------------ */

/* Rows of every kind a version-2 bank held: two knowledge bases, items with
 * versions and history, quizzes and assessments of three people and one
 * anonymous sitting, their responses, a calibration. */
static const char v2_rows[] =
    "INSERT INTO kb VALUES (1, 'one', 'One', '/one.md', 'h1', 10, 1, 100),"
    "  (2, 'two', 'Two', '/two.md', 'h2', 20, 1, 110);"
    "INSERT INTO level_def VALUES (1, 1, '입문', '입문', '기초'), (2, 1, '입문', '', '');"
    "INSERT INTO topic VALUES (1, 1, '캐싱', 1, 1, '캐싱', '', 3, 'active'),"
    "  (2, 2, '큐', 1, 1, '큐', '', 3, 'active');"
    "INSERT INTO level_block VALUES (1, 1, 1, '입문', '[\"a\"]', 4);"
    "INSERT INTO item VALUES"
    "  ('aaaaaaaaaaa1', 1, 1, 'level_qa', 1, 'active', 1, 0, '/one.md', 5, 100, 100),"
    "  ('aaaaaaaaaaa2', 1, 1, 'level_qa', 1, 'retired', 2, 1, '/one.md', 7, 100, 150),"
    "  ('bbbbbbbbbbb1', 2, 2, 'scenario', NULL, 'active', 1, 0, '/two.md', 5, 110, 110);"
    "INSERT INTO item_version VALUES"
    "  ('aaaaaaaaaaa1', 1, 'level_qa', 1, 1, '캐시란?', '빠른 저장소', NULL, 'c1', '/one.md', "
    "5,"
    "   100),"
    "  ('aaaaaaaaaaa2', 1, 'level_qa', 1, 1, 'TTL이란?', '만료 시간', NULL, 'c2', '/one.md', 7,"
    "   100),"
    "  ('aaaaaaaaaaa2', 2, 'level_qa', 1, 1, 'TTL이란 무엇인가?', '만료 시간', NULL, 'c3',"
    "   '/one.md', 7, 120),"
    "  ('bbbbbbbbbbb1', 1, 'scenario', NULL, 2, '주문 폭주', '큐에 넣는다', '{\"steps\":[]}', "
    "'c4',"
    "   '/two.md', 5, 110);"
    "INSERT INTO item_status (item_id, version, status, event, at) VALUES"
    "  ('aaaaaaaaaaa1', 1, 'active', 'added', 100), ('aaaaaaaaaaa2', 1, 'active', 'added', "
    "100),"
    "  ('aaaaaaaaaaa2', 2, 'active', 'changed', 120),"
    "  ('aaaaaaaaaaa2', 2, 'retired', 'retired', 150),"
    "  ('bbbbbbbbbbb1', 1, 'active', 'added', 110);"
    "INSERT INTO attempt VALUES"
    "  (1, 1, 'quiz', 'kim', 'fp-a', 0, 42, '{\"n\":2}', NULL, 'finished', 300, 310),"
    "  (2, 2, 'assessment', 'lee', NULL, 0, -3, NULL, '{\"theta\":0.5}', 'open', 250, 260),"
    "  (3, 1, 'assessment', 'kim', NULL, 0, 9, NULL, NULL, 'finished', 200, 220),"
    "  (4, 1, 'quiz', '', 'fp-a', 0, 1, NULL, NULL, 'open', 400, 400),"
    "  (5, 2, 'assessment', 'sim-1', NULL, 1, 5, NULL, NULL, 'finished', 500, 500);"
    "INSERT INTO response VALUES"
    "  (1, 1, 'aaaaaaaaaaa1', 1, 'mcq', 1, 2, 2, '[\"a\",\"b\",\"c\"]', NULL, 'req-1', 3.5, "
    "301),"
    "  (1, 2, 'aaaaaaaaaaa2', 2, 'short', 0.5, NULL, NULL, NULL, '만료', NULL, NULL, 302),"
    "  (2, 1, 'bbbbbbbbbbb1', 1, 'scenario', 0, 1, 0, '[\"x\",\"y\"]', NULL, NULL, 10, 251),"
    "  (3, 1, 'aaaaaaaaaaa1', 1, 'tf', 1, 1, 1, NULL, NULL, 'r3', NULL, 201),"
    "  (5, 1, 'bbbbbbbbbbb1', 1, 'scenario', 1, 0, 0, NULL, NULL, NULL, NULL, 501);"
    "INSERT INTO calibration VALUES (1, 1, 'rasch', 2, 3, 20, 1, -2.5, -0.5, NULL, 600);"
    "INSERT INTO item_param VALUES ('aaaaaaaaaaa1', 1, 1.0, 0.25, 2),"
    "  ('aaaaaaaaaaa2', 1, 1.0, -0.5, 1);";

/* What a version-2 bank holds, in version-2 columns, so that the same
 * queries read the same text after a migration. */
static char *v2_dump(const char *path)
{
    static const char *const q[] = {
        "SELECT * FROM kb ORDER BY id",
        "SELECT * FROM level_def ORDER BY 1, 2",
        "SELECT * FROM topic ORDER BY id",
        "SELECT * FROM level_block ORDER BY id",
        /* the columns of version 2 (later migrations add others) */
        "SELECT id, kb_id, topic_id, kind, level, status, version, position, source_file, "
        "source_line, created_at, updated_at FROM item ORDER BY id",
        "SELECT * FROM item_version ORDER BY 1, 2",
        "SELECT * FROM item_status ORDER BY id",
        "SELECT id, kb_id, kind, person, form, simulated, seed, config, state, status, "
        "created_at, updated_at FROM attempt ORDER BY id",
        "SELECT attempt_id, seq, item_id, item_version, qtype, score, choice, answer_key, "
        "options, answer, request_id, seconds, at FROM response ORDER BY 1, 2",
        "SELECT * FROM calibration ORDER BY id",
        "SELECT * FROM item_param ORDER BY 1",
    };
    size_t w = 0;
    char *out = calloc(1, 1);
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        char *part = query_text(path, q[i]);
        size_t n = strlen(part);
        out = realloc(out, w + n + 2);
        memcpy(out + w, part, n);
        w += n;
        out[w++] = '-'; /* between tables */
        out[w] = '\0';
        free(part);
    }
    return out;
}

/* A bank at schema version 2 (tests/data/store/schema-v2.sql: migrations 1
 * and 2 as they shipped) in WAL mode, as that assay left it, holding `rows`
 * written with foreign keys on or off. */
static void make_v2_bank(const char *path, const char *rows, int foreign_keys)
{
    char *schema = t_read_file(DATA "/store/schema-v2.sql", NULL);
    assert_non_null(schema);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, schema, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF",
                     NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, rows, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("making a version-2 bank: %s", msg ? msg : "?");
    sqlite3_close(db);
    free(schema);
}

static void a_version_2_bank_migrates_keeping_every_row(void **state)
{
    fixture *f = *state;
    make_v2_bank(f->db_path, v2_rows, 1);
    char *v2 = v2_dump(f->db_path);
    assert_int_equal(t_count(v2, "\n"), 2 + 2 + 2 + 1 + 3 + 4 + 5 + 5 + 5 + 1 + 2);

    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_OK);
    int v = 0;
    assert_int_equal(store_schema_version(s, &v, &e), ASSAY_OK);
    assert_int_equal(v, store_sqlite_schema_latest());
    arena a;
    arena_init(&a, 0);
    store_attempt *at;
    assert_int_equal(store_attempt_get(s, 2, &a, &at, &e), ASSAY_OK);
    assert_non_null(at);
    assert_int_equal(at->kb_id, 2);
    assert_int_equal(at->kind, STORE_ATTEMPT_ASSESSMENT);
    assert_string_equal(at->person, "lee");
    assert_true(at->seed == UINT64_MAX - 2);
    assert_string_equal(at->state_json, "{\"theta\":0.5}");
    assert_false(at->finished);
    store_attempt_filter all = {.status = -1, .include_simulated = 1};
    size_t n;
    assert_int_equal(store_attempt_list(s, &all, &a, &at, &n, &e), ASSAY_OK);
    assert_int_equal(n, 5);
    assert_int_equal(at[0].id, 5);
    assert_int_equal(at[4].id, 1);
    assert_int_equal(at[4].kind, STORE_ATTEMPT_QUIZ);
    assert_string_equal(at[4].form, "fp-a");
    store_response *r;
    assert_int_equal(store_response_list(s, 1, &a, &r, &n, &e), ASSAY_OK);
    assert_int_equal(n, 3);
    assert_int_equal(store_response_list(s, 2, &a, &r, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(store_attempt_responses(s, 1, &a, &r, &n, &e), ASSAY_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].request_id, "req-1");
    assert_string_equal(r[1].answer, "만료");
    assert_null(r[0].grade_json);
    assert_null(r[1].grade_json);
    /* foreign keys are on again (PRAGMA foreign_keys = 1 on the store's
     * connection): only they refuse these, and they do on the rebuilt table */
    errinfo e2;
    err_clear(&e2);
    store_response orphan = {.attempt_id = 99,
                             .seq = 1,
                             .item_id = "aaaaaaaaaaa1",
                             .item_version = 1,
                             .qtype = ASSAY_Q_MCQ,
                             .score = 1,
                             .choice = -1,
                             .key = -1,
                             .seconds = -1,
                             .at = 700};
    int dupl;
    assert_int_equal(store_response_add(s, &orphan, &dupl, &e2), ASSAY_ENOTFOUND);
    err_clear(&e2);
    store_presentation p = {.attempt_id = 99,
                            .seq = 1,
                            .item_id = "aaaaaaaaaaa1",
                            .item_version = 1,
                            .qtype = ASSAY_Q_MCQ,
                            .question_json = "{}",
                            .shown_at = 700};
    assert_int_equal(store_presentation_add(s, &p, &e2), ASSAY_ENOTFOUND);
    arena_free(&a);
    store_close(s);

    /* a second open writes nothing */
    char before[HASH_HEX_LEN + 1], wal[HASH_HEX_LEN + 1];
    char *wal_path = t_path(f->dir, "bank.db-wal");
    snprintf(before, sizeof before, "%s", t_file_hash(f->db_path));
    snprintf(wal, sizeof wal, "%s", t_file_hash(wal_path));
    assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_OK);
    store_close(s);
    assert_string_equal(t_file_hash(f->db_path), before);
    assert_string_equal(t_file_hash(wal_path), wal);

    /* every row as it was, the file sound, people taken from the attempts */
    char *v3 = v2_dump(f->db_path);
    assert_string_equal(v2, v3);
    char *t = query_text(f->db_path, "PRAGMA integrity_check");
    assert_string_equal(t, "ok|\n");
    free(t);
    t = query_text(f->db_path, "PRAGMA foreign_key_check");
    assert_string_equal(t, "");
    free(t);
    t = query_text(f->db_path, "SELECT name, created_at FROM person ORDER BY name");
    assert_string_equal(t, "kim|200|\nlee|250|\nsim-1|500|\n");
    free(t);
    t = query_text(f->db_path, "SELECT version FROM schema_version ORDER BY version");
    char versions[256] = "";
    for (int k = 1; k <= store_sqlite_schema_latest(); k++)
        snprintf(versions + strlen(versions), sizeof versions - strlen(versions), "%d|\n", k);
    assert_string_equal(t, versions);
    free(t);
    t = query_text(f->db_path, "SELECT name FROM sqlite_schema WHERE type = 'index' AND "
                               "tbl_name = 'attempt' AND sql IS NOT NULL ORDER BY name");
    assert_string_equal(t, "attempt_by_kb|\nattempt_by_person|\n");
    free(t);
    t = query_text(f->db_path, "SELECT count(*) FROM sqlite_schema WHERE name = 'attempt_v3'");
    assert_string_equal(t, "0|\n");
    free(t);

    /* and the migrated bank takes what version 3 adds */
    assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_OK);
    arena_init(&a, 0);
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_attempt review = {.kind = STORE_ATTEMPT_REVIEW, .person = "kim", .created_at = 800};
    assert_int_equal(store_attempt_put(s, &review, &e), ASSAY_OK);
    assert_int_equal(review.id, 6);
    store_response rv = orphan;
    rv.attempt_id = review.id;
    rv.grade_json = "{\"score\":1}";
    assert_int_equal(store_response_add(s, &rv, &dupl, &e), ASSAY_OK);
    assert_int_equal(store_person_put(s, "kim", 800, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    assert_int_equal(store_attempt_responses(s, review.id, &a, &r, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].grade_json, "{\"score\":1}");
    assert_int_equal(store_response_list(s, 1, &a, &r, &n, &e), ASSAY_OK);
    assert_int_equal(n, 3); /* the review is not a measurement */
    arena_free(&a);
    store_close(s);
    t = query_text(f->db_path, "SELECT name, created_at FROM person ORDER BY name");
    assert_string_equal(t, "kim|200|\nlee|250|\nsim-1|500|\n");
    free(t);
    free(v2);
    free(v3);
    free(wal_path);
}

static void a_migration_that_would_break_references_is_refused(void **state)
{
    fixture *f = *state;
    /* a version-2 bank someone edited with foreign keys off (the sqlite3
     * shell's default): a response whose attempt is gone */
    char rows[sizeof v2_rows + 256];
    snprintf(rows, sizeof rows, "%sDELETE FROM attempt WHERE id = 3;", v2_rows);
    make_v2_bank(f->db_path, rows, 0);
    char *wal_path = t_path(f->dir, "bank.db-wal");
    char before[HASH_HEX_LEN + 1], wal[HASH_HEX_LEN + 1];
    snprintf(before, sizeof before, "%s", t_file_hash(f->db_path));
    snprintf(wal, sizeof wal, "%s", t_file_hash(wal_path));

    errinfo e;
    err_clear(&e);
    store *s = (store *)1;
    assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_ESTORAGE);
    assert_null(s);
    assert_non_null(strstr(e.msg, "migration 3"));
    assert_non_null(strstr(e.msg, "pointing at nothing"));
    assert_non_null(strstr(e.msg, "response row 4 refers to a missing attempt row"));
    assert_string_equal(t_file_hash(f->db_path), before);
    assert_string_equal(t_file_hash(wal_path), wal);
    char *t = query_text(f->db_path, "SELECT max(version) FROM schema_version");
    assert_string_equal(t, "2|\n");
    free(t);
    /* refused again, not half-applied */
    err_clear(&e);
    assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_ESTORAGE);
    assert_string_equal(t_file_hash(f->db_path), before);
    free(wal_path);
}

static void an_earlier_error_does_not_fail_an_open(void **state)
{
    fixture *f = *state;
    /* the first error set wins: a caller's errinfo may hold one already */
    for (int round = 0; round < 2; round++) { /* a new bank, then one up to date */
        errinfo e;
        err_clear(&e);
        err_set(&e, ASSAY_EINPUT, "an earlier error");
        store *s = NULL;
        assert_int_equal(store_open(f->url, NULL, &s, &e), ASSAY_OK);
        assert_non_null(s);
        int v = 0;
        assert_int_equal(store_schema_version(s, &v, &e), ASSAY_OK);
        assert_int_equal(v, store_sqlite_schema_latest());
        store_close(s);
    }
}

static void bad_databases_are_storage_errors(void **state)
{
    fixture *f = *state;
    assay_bank *b = NULL;
    /* a directory */
    char url[4200];
    snprintf(url, sizeof url, "sqlite:%s", f->dir);
    assert_int_equal(assay_bank_open(f->a, url, &b), ASSAY_ESTORAGE);
    assert_null(b);
    /* not a database */
    char *junk = t_path(f->dir, "junk.db");
    const char garbage[] = "this is not an SQLite database, just text that is long enough "
                           "to fill a header of one hundred bytes or so, and some more.";
    t_write_file(junk, garbage, sizeof garbage);
    snprintf(url, sizeof url, "sqlite:%s", junk);
    assert_int_equal(assay_bank_open(f->a, url, &b), ASSAY_ESTORAGE);
    size_t n;
    char *still = t_read_file(junk, &n);
    assert_memory_equal(still, garbage, sizeof garbage);
    free(still);
    /* a schema from a newer assay */
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_bank_close(b);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db_path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "INSERT INTO schema_version VALUES (99, 0)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_ESTORAGE);
    assert_non_null(strstr(assay_errmsg(f->a), "newer than this assay"));
    /* unknown schemes are usage errors; a PostgreSQL server nobody runs a storage error */
    assert_int_equal(assay_bank_open(f->a, "mysql://localhost/x", &b), ASSAY_EUSAGE);
    assert_int_equal(assay_bank_open(f->a, "postgresql://127.0.0.1:1/x?connect_timeout=2", &b),
                     ASSAY_ESTORAGE);
    assert_non_null(strstr(assay_errmsg(f->a), "cannot connect to PostgreSQL"));
    free(junk);
}

static void the_bundled_base_is_imported_when_the_bank_is_empty(void **state)
{
    fixture *f = *state;
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    int imported = 0;
    assert_int_equal(assay_bank_ensure_bundled(b, &imported), ASSAY_OK);
    assert_int_equal(imported, 1);
    assert_int_equal(assay_bank_ensure_bundled(b, &imported), ASSAY_OK);
    assert_int_equal(imported, 0);
    assay_list *kbs;
    assert_int_equal(assay_bank_kbs(b, &kbs), ASSAY_OK);
    assert_int_equal(assay_list_count(kbs), 1);
    assert_string_equal(assay_list_kb(kbs, 0)->source, "bundled:architecture-scalability.md");
    assert_int_equal(assay_list_kb(kbs, 0)->level_qa, 220);
    assay_list_free(kbs);
    assay_bank_close(b);
}

static void the_bundled_base_joins_a_bank_that_lacks_it(void **state)
{
    fixture *f = *state;
    char *text = canonical();
    assay_import_result r;
    assert_int_equal(import_text(f, text, &r), ASSAY_OK); /* knowledge base "cache" */
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    int imported = 0;
    assert_int_equal(assay_bank_ensure_bundled(b, &imported), ASSAY_OK);
    assert_int_equal(imported, 1);
    assay_list *kbs;
    assert_int_equal(assay_bank_kbs(b, &kbs), ASSAY_OK);
    assert_int_equal(assay_list_count(kbs), 2);
    assay_list_free(kbs);
    assay_bank_close(b);
    free(text);

    /* a copy of that name imported from a file is left alone */
    char *other = t_path(f->dir, "file.db");
    snprintf(f->url, sizeof f->url, "sqlite:%s", other);
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_doc *d;
    assert_int_equal(assay_doc_load(f->a, BUNDLED, NULL, &d), ASSAY_OK);
    assert_int_equal(assay_bank_import(b, &d, 1, &r), ASSAY_OK);
    assert_int_equal(assay_bank_ensure_bundled(b, &imported), ASSAY_OK);
    assert_int_equal(imported, 0);
    assert_int_equal(assay_bank_kbs(b, &kbs), ASSAY_OK);
    assert_int_not_equal(strncmp(assay_list_kb(kbs, 0)->source, "bundled:", 8), 0);
    assay_list_free(kbs);
    assay_doc_free(d);
    assay_bank_close(b);
    free(other);
}

static void knowledge_base_names_are_nfc(void **state)
{
    fixture *f = *state;
    static const char nfd[] = "\xE1\x84\x8F\xE1\x85\xA2\xE1\x84\x89\xE1\x85\xB5"; /* 캐시 */
    char *text = canonical();
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    o.kb_name = nfd;
    assay_doc *d;
    assert_int_equal(assay_doc_parse(f->a, "x.md", text, strlen(text), &o, &d), ASSAY_OK);
    assert_string_equal(assay_doc_kb_name(d), "캐시");
    assay_import_result r;
    assert_int_equal(assay_bank_import(b, &d, 1, &r), ASSAY_OK);
    assay_item_filter flt;
    assay_item_filter_init(&flt);
    flt.kb = nfd; /* typed decomposed, found composed */
    flt.no_derived = 1;
    assay_list *l;
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 11);
    assert_string_equal(assay_list_item(l, 0)->kb, "캐시");
    assay_list_free(l);
    assay_doc_free(d);
    o.kb_name = "\xFF\xFE";
    assert_int_equal(assay_doc_parse(f->a, "x.md", text, strlen(text), &o, &d), ASSAY_EUSAGE);
    /* a file name that is not UTF-8 needs --kb, and is shown with U+FFFD */
    o.kb_name = NULL;
    assert_int_equal(assay_doc_parse(f->a, "bad\xFF.md", text, strlen(text), &o, &d), ASSAY_EINPUT);
    o.kb_name = "named";
    assert_int_equal(assay_doc_parse(f->a, "bad\xFF.md", text, strlen(text), &o, &d), ASSAY_OK);
    assert_string_equal(assay_doc_file(d), "bad\xEF\xBF\xBD.md");
    assay_doc_free(d);
    assay_bank_close(b);
    free(text);
}

static void items_filter_by_topic_level_and_kind(void **state)
{
    fixture *f = *state;
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, f->url, &b), ASSAY_OK);
    assert_int_equal(assay_bank_ensure_bundled(b, NULL), ASSAY_OK);
    assay_item_filter flt;
    assay_item_filter_init(&flt);
    assay_list *l;
    flt.topic = "3";
    flt.level = 2;
    flt.no_derived = 1;
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 4);
    const assay_item_info *it = assay_list_item(l, 0);
    assert_string_equal(it->topic, "메시지 큐");
    assert_int_equal(it->level, 2);
    assert_string_equal(it->level_label, "주니어");
    assert_int_equal(it->n_subtopics, 3);
    assay_list_free(l);

    /* a title piece, typed decomposed (NFD), finds the NFC title */
    assay_item_filter_init(&flt);
    flt.topic = "\xE1\x84\x8F\xE1\x85\xA2\xE1\x84\x89\xE1\x85\xB5\xE1\x86\xBC"; /* 캐싱 */
    flt.kind = ASSAY_KIND_SCENARIO;
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 1);
    assert_string_equal(assay_list_item(l, 0)->question, "상품 목록 페이지 캐싱");
    assert_non_null(assay_list_item(l, 0)->detail_json);
    char id[16];
    snprintf(id, sizeof id, "%.6s", assay_list_item(l, 0)->id);
    assay_list_free(l);

    assert_int_equal(assay_bank_item(b, id, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 1);
    assay_list_free(l);
    assert_int_equal(assay_bank_item(b, "abc", &l), ASSAY_EUSAGE);    /* too short */
    assert_int_equal(assay_bank_item(b, "xyz123", &l), ASSAY_EUSAGE); /* not hex */
    assert_int_equal(assay_bank_item(b, "ffffffffffff", &l), ASSAY_ENOTFOUND);

    assay_item_filter_init(&flt);
    flt.kb = "nope";
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_ENOTFOUND);
    assay_item_filter_init(&flt);
    flt.topic = "양자 컴퓨팅";
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_ENOTFOUND);
    assay_item_filter_init(&flt);
    flt.kind = ASSAY_KIND_INTERVIEW_QA;
    assert_int_equal(assay_bank_items(b, &flt, &l), ASSAY_OK);
    assert_int_equal(assay_list_count(l), 15);
    assert_null(assay_list_topic(l, 0)); /* typed getters check the list */
    assay_list_free(l);
    assay_bank_close(b);
}

/* ---- whole-bank copies: migrate, backup, restore ------------------------------ */

static void same_sums(const char *url_a, const char *url_b)
{
    size_t nt;
    store_tables(&nt);
    store_table_sum *sa = calloc(nt, sizeof *sa), *sb = calloc(nt, sizeof *sb);
    errinfo e;
    err_clear(&e);
    store *a, *b;
    assert_int_equal(store_open(url_a, NULL, &a, &e), ASSAY_OK);
    assert_int_equal(store_open(url_b, NULL, &b, &e), ASSAY_OK);
    assert_int_equal(store_sum(a, sa, &e), ASSAY_OK);
    assert_int_equal(store_sum(b, sb, &e), ASSAY_OK);
    for (size_t i = 0; i < nt; i++) {
        if (sa[i].rows != sb[i].rows || strcmp(sa[i].checksum, sb[i].checksum) != 0)
            fail_msg("table %s: %llu rows %s, and %llu rows %s", sa[i].table,
                     (unsigned long long)sa[i].rows, sa[i].checksum, (unsigned long long)sb[i].rows,
                     sb[i].checksum);
    }
    store_close(a);
    store_close(b);
    free(sa);
    free(sb);
}

static void copy_tables_describe_every_column(void **state)
{
    (void)state;
    size_t nt;
    const store_table *t = store_tables(&nt);
    assert_true(nt >= 20);
    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open("sqlite::memory:", NULL, &s, &e), ASSAY_OK);
    for (size_t i = 0; i < nt; i++) {
        size_t cols = 1;
        for (const char *c = t[i].cols; *c; c++)
            cols += *c == ',';
        if (cols != strlen(t[i].types))
            fail_msg("table %s: %zu columns, %zu types", t[i].name, cols, strlen(t[i].types));
    }
    store_close(s);
}

static void migrate_copies_verifies_resumes_and_refuses(void **state)
{
    fixture *f = *state;
    conformance(f->url); /* rows in nearly every table */
    char *b_path = t_path(f->dir, "b.db"), b[4200], *c_path = t_path(f->dir, "c.db"), c[4200];
    snprintf(b, sizeof b, "sqlite:%s", b_path);
    snprintf(c, sizeof c, "sqlite:%s", c_path);
    assay_migrate_result r;
    assert_int_equal(assay_bank_migrate(f->a, f->url, b, &r), ASSAY_OK);
    assert_true(r.tables >= 20);
    assert_true(r.tables_copied >= 15);
    assert_int_equal(r.tables_resumed, 0);
    assert_true(r.rows > 30);
    char sum[65];
    snprintf(sum, sizeof sum, "%s", r.checksum);
    same_sums(f->url, b);
    size_t copied = r.tables_copied;
    /* again: everything is there already */
    assert_int_equal(assay_bank_migrate(f->a, f->url, b, &r), ASSAY_OK);
    assert_int_equal(r.tables_copied, 0);
    assert_int_equal(r.tables_resumed, copied);
    assert_string_equal(r.checksum, sum);
    /* an interrupted run: the last tables missing; the next run copies only them */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(b_path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "DELETE FROM invite_attempt; DELETE FROM group_invite", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(assay_bank_migrate(f->a, f->url, b, &r), ASSAY_OK);
    assert_int_equal(r.tables_copied, 2);
    assert_int_equal(r.tables_resumed, copied - 2);
    same_sums(f->url, b);
    /* a target with other rows is refused, nothing written */
    assert_int_equal(sqlite3_open(b_path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "DELETE FROM invite_attempt; UPDATE kb SET title = 'x'", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    char *before = dump_db(b_path);
    assert_int_equal(assay_bank_migrate(f->a, f->url, b, &r), ASSAY_EINPUT);
    assert_non_null(strstr(assay_errmsg(f->a), "not empty"));
    char *after = dump_db(b_path);
    assert_string_equal(before, after);
    free(before);
    free(after);
    assert_int_equal(assay_bank_migrate(f->a, f->url, f->url, &r), ASSAY_EINPUT);

    /* backup (the online backup API) and restore into an empty bank */
    char *file = t_path(f->dir, "backup.db");
    assert_int_equal(assay_bank_backup(f->a, f->url, file), ASSAY_OK);
    assert_int_equal(assay_bank_backup(f->a, f->url, file), ASSAY_EINPUT); /* exists */
    assert_int_equal(assay_bank_restore(f->a, file, c, &r), ASSAY_OK);
    assert_string_equal(r.checksum, sum);
    same_sums(f->url, c);
    assert_int_equal(assay_bank_restore(f->a, file, b, &r), ASSAY_EINPUT); /* not empty */
    /* the CLI: exit status 2 for a non-empty target */
    const char *argv[] = {ASSAY_BIN, "migrate", "--from", f->url, "--to", b, NULL};
    t_run run;
    assert_int_equal(t_exec(argv, NULL, NULL, &run), 0);
    assert_int_equal(run.status, 2);
    t_run_free(&run);
    free(file);
    free(b_path);
    free(c_path);
}

/* ---- both backends at once: isolation, PostgreSQL ------------------------------ */

/* Two threads import the same document into one bank through their own
 * handles at once: the imports are serialised per knowledge base, so one adds
 * every item and the other finds them all unchanged. */
typedef struct importer {
    const char *url;
    const char *text;
    size_t len;
    assay_code rc;
    assay_import_result r;
    char msg[256];
} importer;

static void *import_thread(void *arg)
{
    importer *im = arg;
    assay *a = assay_new();
    assay_bank *b = NULL;
    assay_doc *d = NULL;
    im->rc = assay_bank_open(a, im->url, &b);
    if (im->rc == ASSAY_OK)
        im->rc = assay_doc_parse(a, "cache.md", im->text, im->len, NULL, &d);
    if (im->rc == ASSAY_OK)
        im->rc = assay_bank_import(b, &d, 1, &im->r);
    if (im->rc != ASSAY_OK)
        snprintf(im->msg, sizeof im->msg, "%s", assay_errmsg(a));
    assay_doc_free(d);
    assay_bank_close(b);
    assay_free(a);
    return NULL;
}

static void two_importers_at_once(const char *url)
{
    size_t len = 0;
    char *text = t_read_file(BUNDLED, &len);
    assert_non_null(text);
    importer im[2] = {{url, text, len, ASSAY_OK, {0}, ""}, {url, text, len, ASSAY_OK, {0}, ""}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, import_thread, &im[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++)
        if (im[i].rc != ASSAY_OK)
            fail_msg("importer %d: %s", i, im[i].msg);
    assert_int_equal(im[0].r.added + im[1].r.added, 250);
    assert_true(im[0].r.added == 0 || im[1].r.added == 0);
    assert_int_equal(im[0].r.unchanged + im[1].r.unchanged, 250);
    assert_int_equal(im[0].r.derived_added + im[1].r.derived_added, im[0].r.derived);
    free(text);

    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(url, NULL, &s, &e), ASSAY_OK);
    arena a;
    arena_init(&a, 0);
    store_kb *kbs;
    size_t n;
    assert_int_equal(store_kb_list(s, &a, &kbs, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    store_item *items;
    store_item_filter f = {.include_retired = 1};
    assert_int_equal(store_item_list(s, &f, &a, &items, &n, &e), ASSAY_OK);
    assert_int_equal(n, 250 + im[0].r.derived);
    arena_free(&a);
    store_close(s);
}

/* Two threads answer one attempt with the same client request id at once:
 * one answer is stored, the other is told it is a duplicate. */
typedef struct answerer {
    const char *url;
    int64_t attempt;
    const char *item;
    assay_code rc;
    int duplicate;
    char msg[ERR_MSG_MAX];
} answerer;

static void *answer_thread(void *arg)
{
    answerer *w = arg;
    errinfo e;
    err_clear(&e);
    store *s = NULL;
    w->rc = store_open(w->url, NULL, &s, &e);
    store_response r = {.attempt_id = w->attempt,
                        .seq = 1,
                        .item_id = w->item,
                        .item_version = 1,
                        .qtype = ASSAY_Q_MCQ,
                        .score = 1,
                        .choice = 0,
                        .key = 0,
                        .request_id = "same-request",
                        .seconds = -1,
                        .at = 5};
    for (int attempt = 1; w->rc == ASSAY_OK; attempt++) {
        w->rc = store_begin(s, 1, &e);
        if (w->rc == ASSAY_OK)
            w->rc = store_response_add(s, &r, &w->duplicate, &e);
        if (w->rc == ASSAY_OK)
            w->rc = store_commit(s, &e);
        else
            store_rollback(s);
        if (!store_retry(s, w->rc, attempt, &e))
            break;
    }
    if (w->rc != ASSAY_OK)
        snprintf(w->msg, sizeof w->msg, "%s", e.msg);
    store_close(s);
    return NULL;
}

static void two_answers_with_one_request_id(const char *url)
{
    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(url, NULL, &s, &e), ASSAY_OK);
    arena a;
    arena_init(&a, 0);
    store_item *items;
    size_t n;
    store_item_filter f = {0};
    assert_int_equal(store_item_list(s, &f, &a, &items, &n, &e), ASSAY_OK);
    assert_true(n > 0);
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_attempt at = {.kb_id = items[0].kb_id,
                        .kind = STORE_ATTEMPT_QUIZ,
                        .person = "kim",
                        .form = "f",
                        .created_at = 1,
                        .updated_at = 1};
    assert_int_equal(store_attempt_put(s, &at, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    answerer w[2] = {{url, at.id, items[0].id, ASSAY_OK, -1, ""},
                     {url, at.id, items[0].id, ASSAY_OK, -1, ""}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, answer_thread, &w[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++)
        if (w[i].rc != ASSAY_OK)
            fail_msg("answerer %d: %s", i, w[i].msg);
    assert_int_equal(w[0].duplicate + w[1].duplicate, 1);
    store_response *rows;
    assert_int_equal(store_attempt_responses(s, at.id, &a, &rows, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].request_id, "same-request");
    arena_free(&a);
    store_close(s);
}

static void sqlite_writers_at_once(void **state)
{
    fixture *f = *state;
    two_importers_at_once(f->url);
    two_answers_with_one_request_id(f->url);
}

/* The test cluster tests/pg.sh started (ctest store_pg), or NULL. */
static const char *pg_base(void)
{
    const char *u = getenv("ASSAY_TEST_PG_URL");
    return u && *u ? u : NULL;
}

static PGconn *pg_connect(const char *url)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connecting to %s: %s", url, PQerrorMessage(c));
    return c;
}

static void pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* A new empty database `name` on the test cluster; its URL into out
 * (followed by `query`, "" or "?options=..."). */
static void pg_fresh(const char *name, const char *query, char *out, size_t cap)
{
    PGconn *c = pg_connect(pg_base());
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    pg_exec(c, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    pg_exec(c, sql);
    snprintf(out, cap, "postgresql://%s@%s:%s/%s%s", PQuser(c), PQhost(c), PQport(c), name, query);
    PQfinish(c);
}

/* The rows of a query, as text: "a|b|\n" per row (malloc'd). */
static char *pg_query_text(const char *url, const char *sql)
{
    PGconn *c = pg_connect(url);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    size_t cap = 1024, w = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (int i = 0; i < PQntuples(r); i++)
        for (int k = 0; k <= PQnfields(r); k++) {
            const char *t = k == PQnfields(r)      ? "\n"
                            : PQgetisnull(r, i, k) ? "NULL"
                                                   : PQgetvalue(r, i, k);
            size_t need = w + strlen(t) + 2;
            if (need >= cap) {
                cap = need * 2;
                out = realloc(out, cap);
            }
            w += (size_t)snprintf(out + w, cap - w, k == PQnfields(r) ? "%s" : "%s|", t);
        }
    PQclear(r);
    PQfinish(c);
    return out;
}

static void store_conformance_pg(void **state)
{
    (void)state;
    if (!pg_base())
        skip();
    char url[512];
    pg_fresh("assay_conf", "", url, sizeof url);
    conformance(url);
    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(url, NULL, &s, &e), ASSAY_OK); /* migrated already: no change */
    int v = 0;
    assert_int_equal(store_schema_version(s, &v, &e), ASSAY_OK);
    assert_int_equal(v, store_pg_schema_latest());
    assert_int_equal(store_pg_schema_latest(), store_sqlite_schema_latest());
    arena a;
    arena_init(&a, 0);
    store_kb *kb;
    assert_int_equal(store_kb_get(s, "k", &a, &kb, &e), ASSAY_OK);
    assert_non_null(kb);
    arena_free(&a);
    store_close(s);
    char *t = pg_query_text(url, "SELECT name, created_at FROM person ORDER BY name");
    assert_string_equal(t, "kim|10|\nlee|30|\n");
    free(t);
    t = pg_query_text(url, "SELECT count(*) FROM schema_version");
    char want[16];
    snprintf(want, sizeof want, "%d|\n", store_pg_schema_latest());
    assert_string_equal(t, want);
    free(t);
    /* application_name is assay's */
    PGconn *c = pg_connect(url);
    store_open(url, NULL, &s, &e);
    PGresult *r = PQexec(c, "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                            "'assay' AND datname = 'assay_conf'");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "1");
    PQclear(r);
    store_close(s);
    /* another program's database is refused untouched */
    char other[512];
    pg_fresh("assay_other", "", other, sizeof other);
    PGconn *o = pg_connect(other);
    pg_exec(o, "CREATE TABLE users (id int)");
    PQfinish(o);
    err_clear(&e);
    assert_int_equal(store_open(other, NULL, &s, &e), ASSAY_ESTORAGE);
    assert_non_null(strstr(e.msg, "another program"));
    t = pg_query_text(other, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
    assert_string_equal(t, "1|\n");
    free(t);
    PQfinish(c);
}

/* The item ids of a bank, with version and content hash, as text (malloc'd). */
static char *bank_items_text(const char *url)
{
    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(url, NULL, &s, &e), ASSAY_OK);
    arena a;
    arena_init(&a, 0);
    store_item *items;
    size_t n;
    store_item_filter f = {.include_retired = 1};
    assert_int_equal(store_item_list(s, &f, &a, &items, &n, &e), ASSAY_OK);
    size_t cap = n * 200 + 16, w = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        w += (size_t)snprintf(out + w, cap - w, "%s %d %s %d\n", items[i].id, items[i].version,
                              items[i].content_hash, items[i].kind);
    arena_free(&a);
    store_close(s);
    return out;
}

/* `assay ARGS...` with ASSAY_DB=url; its standard output (malloc'd). */
static char *assay_out(const char *url, const char *const *args)
{
    const char *argv[16] = {ASSAY_BIN};
    size_t k = 1;
    while (args[k - 1] && k < 15) {
        argv[k] = args[k - 1];
        k++;
    }
    argv[k] = NULL;
    char env[600];
    snprintf(env, sizeof env, "ASSAY_DB=%s", url);
    const char *envv[] = {env, NULL};
    t_run r;
    assert_int_equal(t_exec(argv, envv, NULL, &r), 0);
    if (r.status != 0)
        fail_msg("assay %s: status %d: %s", args[0], r.status, r.err);
    char *out = r.out;
    r.out = NULL;
    t_run_free(&r);
    return out;
}

static void pg_and_sqlite_give_the_same_ids_and_quizzes(void **state)
{
    fixture *f = *state;
    if (!pg_base())
        skip();
    char url[512];
    pg_fresh("assay_same", "", url, sizeof url);
    const char *quiz[] = {"quiz", "--print", "--json", "--with-key", "--seed",
                          "42",   "-n",      "25",     NULL};
    /* before any import: the bundled knowledge base shown without writing */
    char *a1 = assay_out(f->url, quiz), *b1 = assay_out(url, quiz);
    assert_true(strlen(a1) > 1000);
    assert_string_equal(a1, b1);
    free(a1);
    free(b1);
    const char *imp[] = {"import", BUNDLED, NULL};
    free(assay_out(f->url, imp));
    free(assay_out(url, imp));
    char *ia = bank_items_text(f->url), *ib = bank_items_text(url);
    assert_true(t_count(ia, "\n") > 250);
    assert_string_equal(ia, ib);
    free(ia);
    free(ib);
    const char *seeds[] = {"1", "42", "2026"};
    for (size_t i = 0; i < 3; i++) {
        const char *q[] = {"quiz",   "--print", "--json", "--with-key", "--seed",
                           seeds[i], "-n",      "30",     NULL};
        char *qa = assay_out(f->url, q), *qb = assay_out(url, q);
        assert_string_equal(qa, qb);
        free(qa);
        free(qb);
    }
    const char *items[] = {"items", "--json", NULL};
    char *la = assay_out(f->url, items), *lb = assay_out(url, items);
    assert_string_equal(la, lb);
    free(la);
    free(lb);
}

static void pg_writers_at_once(void **state)
{
    (void)state;
    if (!pg_base())
        skip();
    char url[512];
    pg_fresh("assay_writers", "", url, sizeof url);
    two_importers_at_once(url);
    two_answers_with_one_request_id(url);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A lock held by another transaction past lock_timeout is ASSAY_ECONFLICT
 * (55P03), retried STORE_RETRIES times by the import, which then gives up with
 * nothing changed; exit status 6 from the CLI; the import works once the lock
 * is gone. */
static void pg_a_lock_timeout_is_a_retried_conflict(void **state)
{
    fixture *f = *state;
    if (!pg_base())
        skip();
    char url[512];
    pg_fresh("assay_conflict", "?options=-c%20lock_timeout%3D200", url, sizeof url);
    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(url, NULL, &s, &e), ASSAY_OK); /* the schema */
    store_close(s);
    PGconn *c = pg_connect(url);
    pg_exec(c, "BEGIN");
    pg_exec(c, "LOCK TABLE kb IN EXCLUSIVE MODE");
    assay_import_result r;
    double t0 = now_s();
    assay_bank *b;
    assert_int_equal(assay_bank_open(f->a, url, &b), ASSAY_OK);
    assay_doc *d =
        doc_from(f->a, "cache.md", "# 캐싱\n\n## 입문\n\n**Q. 캐시란?**\n\n빠른 저장소.\n");
    assert_int_equal(assay_bank_import(b, &d, 1, &r), ASSAY_ECONFLICT);
    double took = now_s() - t0;
    assert_true(took >= 0.2 * STORE_RETRIES);
    assert_non_null(strstr(assay_errmsg(f->a), "try again"));
    const char *argv[] = {ASSAY_BIN, "import", BUNDLED, NULL};
    char env[600];
    snprintf(env, sizeof env, "ASSAY_DB=%s", url);
    const char *envv[] = {env, NULL};
    t_run run;
    assert_int_equal(t_exec(argv, envv, NULL, &run), 0);
    assert_int_equal(run.status, 6);
    t_run_free(&run);
    pg_exec(c, "COMMIT");
    char *t = pg_query_text(url, "SELECT count(*) FROM kb");
    assert_string_equal(t, "0|\n");
    free(t);
    assert_int_equal(assay_bank_import(b, &d, 1, &r), ASSAY_OK);
    assert_int_equal(r.added, 1);
    assay_doc_free(d);
    assay_bank_close(b);
    PQfinish(c);
}

static void pg_migrate_both_ways_and_backup(void **state)
{
    fixture *f = *state;
    if (!pg_base())
        skip();
    conformance(f->url);
    char url[512];
    pg_fresh("assay_migrate", "", url, sizeof url);
    assay_migrate_result r;
    assert_int_equal(assay_bank_migrate(f->a, f->url, url, &r), ASSAY_OK);
    assert_true(r.tables_copied >= 15);
    char sum[65];
    snprintf(sum, sizeof sum, "%s", r.checksum);
    same_sums(f->url, url);
    char *back = t_path(f->dir, "back.db"), b[4200];
    snprintf(b, sizeof b, "sqlite:%s", back);
    assert_int_equal(assay_bank_migrate(f->a, url, b, &r), ASSAY_OK);
    assert_string_equal(r.checksum, sum);
    same_sums(f->url, b);
    /* ids go on after the copied ones */
    errinfo e;
    err_clear(&e);
    store *s;
    assert_int_equal(store_open(url, NULL, &s, &e), ASSAY_OK);
    arena a;
    arena_init(&a, 0);
    store_attempt_filter af = {.status = -1, .include_simulated = 1, .limit = 1};
    store_attempt *last;
    size_t n;
    assert_int_equal(store_attempt_list(s, &af, &a, &last, &n, &e), ASSAY_OK);
    assert_int_equal(n, 1);
    int64_t max_id = last[0].id;
    assert_int_equal(store_begin(s, 1, &e), ASSAY_OK);
    store_attempt at = {
        .kind = STORE_ATTEMPT_QUIZ, .person = "new", .created_at = 9, .updated_at = 9};
    assert_int_equal(store_attempt_put(s, &at, &e), ASSAY_OK);
    assert_int_equal(store_commit(s, &e), ASSAY_OK);
    assert_int_equal(at.id, max_id + 1);
    arena_free(&a);
    store_close(s);
    /* a PostgreSQL bank's backup is a verified SQLite file; restored, it is the same bank */
    char *file = t_path(f->dir, "pg-backup.db"), *r_path = t_path(f->dir, "r.db"), rb[4200];
    snprintf(rb, sizeof rb, "sqlite:%s", r_path);
    assert_int_equal(assay_bank_backup(f->a, url, file), ASSAY_OK);
    assert_int_equal(assay_bank_restore(f->a, file, rb, &r), ASSAY_OK);
    same_sums(url, rb);
    free(file);
    free(r_path);
    free(back);
}

int main(int argc, char **argv)
{
    /* `test_store --pg` (the ctest store_pg, under tests/pg.sh): the PostgreSQL tests only */
    const struct CMUnitTest pg_tests[] = {
        cmocka_unit_test(store_conformance_pg),
        cmocka_unit_test_setup_teardown(pg_and_sqlite_give_the_same_ids_and_quizzes, setup,
                                        teardown),
        cmocka_unit_test(pg_writers_at_once),
        cmocka_unit_test_setup_teardown(pg_a_lock_timeout_is_a_retried_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(pg_migrate_both_ways_and_backup, setup, teardown),
    };
    if (argc > 1 && strcmp(argv[1], "--pg") == 0)
        return cmocka_run_group_tests_name("store_pg", pg_tests, NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(store_conformance_sqlite_file, setup, teardown),
        cmocka_unit_test_setup_teardown(store_conformance_sqlite_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(store_conformance_bare_path, setup, teardown),
        cmocka_unit_test_setup_teardown(a_missing_folder_is_an_error, setup, teardown),
        cmocka_unit_test(store_urls_are_checked),
        cmocka_unit_test_setup_teardown(bundled_import_counts_and_reimport_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(ids_are_derived_not_assigned, setup, teardown),
        cmocka_unit_test_setup_teardown(reworded_question_keeps_its_id_with_a_new_version, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_different_question_gets_a_new_id, setup, teardown),
        cmocka_unit_test_setup_teardown(removed_items_are_retired_and_come_back, setup, teardown),
        cmocka_unit_test_setup_teardown(a_renamed_topic_keeps_its_items, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failed_import_leaves_the_bank_as_it_was, setup, teardown),
        cmocka_unit_test_setup_teardown(one_transaction_for_several_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(repeated_questions_get_distinct_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_databases_are_storage_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(a_version_2_bank_migrates_keeping_every_row, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_migration_that_would_break_references_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_earlier_error_does_not_fail_an_open, setup, teardown),
        cmocka_unit_test_setup_teardown(the_bundled_base_is_imported_when_the_bank_is_empty, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_bundled_base_joins_a_bank_that_lacks_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(knowledge_base_names_are_nfc, setup, teardown),
        cmocka_unit_test_setup_teardown(items_filter_by_topic_level_and_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(sqlite_writers_at_once, setup, teardown),
        cmocka_unit_test(copy_tables_describe_every_column),
        cmocka_unit_test_setup_teardown(migrate_copies_verifies_resumes_and_refuses, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
