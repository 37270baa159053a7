/* Matching sets on a small document of our own (issue 9, point 10; the
 * review of seed 9377): a set asks one kind of question and its responses
 * share one form; a pair whose response spells, translates or partners its
 * premise stands in no set; a response naming another premise of its set
 * (or of another set of the quiz) never stands beside it. Each rule beside a
 * control item that does stand in sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "gen/gen.h"
#include "gen/quiz.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char doc[] = "# 물류 가이드\n\n"
                          "## 1. 창고 운영\n\n"
                          "### 레벨별 지식\n\n"
                          "> ⭐ **Level 1 (입문)**\n"
                          ">\n"
                          "> **Q: 크로스도킹이란?**\n"
                          "> **A:** 입고된 화물을 보관하지 않고 바로 출고 차량에 옮겨 싣는 방식.\n"
                          ">\n"
                          "> **Q: 피킹이란?**\n"
                          "> **A:** 주문에 맞춰 선반에서 물건을 골라 꺼내는 작업.\n"
                          ">\n"
                          "> **Q: 안전 재고란?**\n"
                          "> **A:** 수요가 갑자기 늘 때를 대비해 더 쥐고 있는 물량.\n"
                          ">\n"
                          "> **Q: 리드 타임이란?**\n"
                          "> **A:** 발주부터 도착까지 걸리는 기간.\n"
                          ">\n"
                          "> **Q: 멀티 허브 배송망이란?**\n"
                          "> **A:** 권역마다 거점을 여럿 두고 물량을 나누어 보내는 구조.\n"
                          ">\n"
                          "> **Q: 라스트마일이란?**\n"
                          "> **A:** 고객 문 앞까지 가는 마지막 구간을 전용 허브에서 맡는 방식.\n"
                          ">\n"
                          "> **Q: 선입선출이란?**\n"
                          "> **A:** 먼저 들어온 물건을 먼저 내보내는 원칙.\n"
                          ">\n"
                          "> **Q: WMS란?**\n"
                          "> **A:** Warehouse 전체의 입출고를 Management하는 System.\n"
                          ">\n"
                          "> **Q: 수직 적재(Scale Up)란?**\n"
                          "> **A:** 선반의 단 수를 증가시키는 것.\n"
                          ">\n"
                          "> **Q: 순환 재고 조사란?**\n"
                          "> **A:** 창고를 구역별로 나누어 돌아가며 수량을 세는 방법.\n"
                          ">\n"
                          "> **Q: 머피의 법칙이란?**\n"
                          "> **A:** 잘못될 수 있는 일은 결국 잘못된다는 경험칙.\n"
                          ">\n"
                          "> **Q: 도크 게이트웨이란?**\n"
                          "> **A:** 트럭이 창고 마당으로 들어오는 유일한 진입점.\n"
                          ">\n"
                          "> **Q: 팔레트 규격의 종류는?**\n"
                          "> **A:** 1100x1100, 1200x1000, 1200x800.\n"
                          ">\n"
                          "> **Q: 창고 임대료가 오르는 이유는?**\n"
                          "> **A:** 도심 부지 부족과 온라인 주문 증가.\n"
                          ">\n"
                          "> **Q: 반품을 줄이는 방법은?**\n"
                          "> **A:** 상품 설명을 자세히 쓰고 사진을 늘린다.\n"
                          ">\n"
                          "> **Q: 역물류가 필요한 경우는?**\n"
                          "> **A:** 불량품 회수, 계절 상품 재배치, 대여 장비 반납.\n"
                          ">\n"
                          "> **Q: 냉장 창고가 필요한 경우는?**\n"
                          "> **A:** 신선 식품, 백신, 꽃.\n"
                          ">\n"
                          "> **Q: 공동 배송이 유리한 경우는?**\n"
                          "> **A:** 소량 다빈도 주문, 같은 권역의 여러 화주.\n"
                          ">\n"
                          "> **Q: 야간 출고가 필요한 경우는?**\n"
                          "> **A:** 새벽 배송 약속, 낮 시간 도로 혼잡.\n"
                          ">\n"
                          "> **Q: 외부 창고를 빌려야 하는 경우는?**\n"
                          "> **A:** 성수기 물량 급증, 신규 지역 진출 초기.\n"
                          ">\n"
                          "> **Q: 자동화 설비를 들이기 좋은 경우는?**\n"
                          "> **A:** 인건비 상승, 주문 건수 꾸준히 많음.\n";

/* Two topics: definitions in both (one from the first topic's concept text,
 * derived), and only three drawbacks, all in the first. */
static const char doc2[] =
    "# 물류 가이드 2\n\n"
    "## 1. 창고 운영\n\n"
    "### 개념 설명\n\n"
    "크로스도킹은 입고된 화물을 보관하지 않고 바로 출고 차량에 옮겨 싣는 방식이다.\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    ">\n"
    "> **Q: 피킹이란?**\n"
    "> **A:** 주문에 맞춰 선반에서 물건을 골라 꺼내는 작업.\n"
    ">\n"
    "> **Q: 안전 재고란?**\n"
    "> **A:** 수요가 갑자기 늘 때를 대비해 더 쥐고 있는 물량.\n"
    ">\n"
    "> **Q: 리드 타임이란?**\n"
    "> **A:** 발주부터 도착까지 걸리는 기간.\n"
    ">\n"
    "> **Q: 냉장 보관의 단점은?**\n"
    "> **A:** 전기 요금 부담, 정전 시 손실 위험.\n"
    ">\n"
    "> **Q: 자동화 설비의 단점은?**\n"
    "> **A:** 초기 투자비가 큼, 고장 나면 출고 전체 중단.\n"
    ">\n"
    "> **Q: 야간 배차의 단점은?**\n"
    "> **A:** 기사 구하기 어려움, 인건비 할증.\n\n"
    "## 2. 배송\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    ">\n"
    "> **Q: 밀크런이란?**\n"
    "> **A:** 한 대의 차량이 여러 공급처를 차례로 돌며 물건을 모아 오는 방식.\n"
    ">\n"
    "> **Q: 회송 운임이란?**\n"
    "> **A:** 짐을 내린 뒤 빈 차로 돌아오는 구간에 드는 비용.\n"
    ">\n"
    "> **Q: 적재율이란?**\n"
    "> **A:** 차량이 실을 수 있는 양 가운데 실제로 실은 양의 비율.\n";

typedef t_doc_bank fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    *state = f;
    return f ? t_doc_bank_open(f, "logistics", doc) : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    t_doc_bank_close(f);
    free(f);
    return 0;
}

static int setup2(void **state)
{
    fx *f = calloc(1, sizeof *f);
    *state = f;
    return f ? t_doc_bank_open(f, "logistics2", doc2) : -1;
}

static uint32_t item_asking(const assay_engine *e, const char *q)
{
    for (uint32_t i = 0; i < e->n_items; i++)
        if (strcmp(e->items[i].question, q) == 0)
            return i;
    fail_msg("no item asks '%s'", q);
    return 0;
}

/* How many of 60 seeds' matching quizzes (4 sets asked) put the item asking
 * q in a set; *with: how many of those also hold the item asking q2 (in the
 * same set when same_set, else in another set of the quiz); NULL q2: none. */
static int in_sets(fx *f, const char *q, const char *q2, int same_set, int *with)
{
    uint32_t i = item_asking(f->e, q), j = q2 ? item_asking(f->e, q2) : 0;
    int hit = 0;
    *with = 0;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        assay_quiz_spec s;
        assay_quiz_spec_init(&s);
        s.types = ASSAY_Q_MATCH;
        s.count = 4;
        s.seed = seed;
        s.no_derived = 1;
        assay_quiz *qz = NULL;
        assert_int_equal(assay_quiz_generate(f->a, f->e, &s, &qz), ASSAY_OK);
        int set_i = -1, set_j = -1;
        for (size_t k = 0; k < assay_quiz_count(qz); k++) {
            const g_question *g = &qz->qs[k];
            for (size_t p = 0; p < g->pub.n_pairs; p++) {
                if (g->pair_items[p] == i)
                    set_i = (int)k;
                if (q2 && g->pair_items[p] == j)
                    set_j = (int)k;
            }
        }
        hit += set_i >= 0;
        *with += set_i >= 0 && set_j >= 0 && (same_set ? set_i == set_j : set_i != set_j);
        assay_quiz_free(qz);
    }
    return hit;
}

/* One kind of question per set, and one answer form: the list of types, the
 * reason and the way stand in none; every set of definitions or of
 * situations keeps to its kind. */
static void a_set_keeps_to_one_kind_and_form(void **state)
{
    fx *f = *state;
    const assay_engine *e = f->e;
    int with;
    assert_true(in_sets(f, "피킹이란?", NULL, 0, &with) > 0); /* the control */
    assert_true(in_sets(f, "역물류가 필요한 경우는?", NULL, 0, &with) > 0);
    /* a list of types, a reason, a way: no matching class at all */
    assert_int_equal(e->pool_keys[item_asking(e, "팔레트 규격의 종류는?")].match_kind, 255);
    assert_int_equal(e->pool_keys[item_asking(e, "창고 임대료가 오르는 이유는?")].match_kind, 255);
    assert_int_equal(e->pool_keys[item_asking(e, "반품을 줄이는 방법은?")].match_kind, 255);
    assert_int_not_equal(e->pool_keys[item_asking(e, "피킹이란?")].match_kind, 255);
    for (uint64_t seed = 1; seed <= 30; seed++) {
        assay_quiz_spec s;
        assay_quiz_spec_init(&s);
        s.types = ASSAY_Q_MATCH;
        s.count = 4;
        s.seed = seed;
        assay_quiz *qz = NULL;
        assert_int_equal(assay_quiz_generate(f->a, f->e, &s, &qz), ASSAY_OK);
        for (size_t k = 0; k < assay_quiz_count(qz); k++) {
            const g_question *g = &qz->qs[k];
            const g_item *first = &e->items[g->pair_items[0]];
            assert_true(g->pub.n_pairs >= 3 && g->pub.n_pairs <= 5);
            for (size_t p = 1; p < g->pub.n_pairs; p++) {
                const g_item *it = &e->items[g->pair_items[p]];
                assert_int_equal(it->stem_type, first->stem_type);
                assert_int_equal(e->pool_keys[g->pair_items[p]].match_kind,
                                 e->pool_keys[g->pair_items[0]].match_kind);
            }
        }
        assay_quiz_free(qz);
    }
}

/* A response spelling its premise's acronym by its initials (WMS ↔
 * Warehouse … Management … System) or translating it (Scale Up ↔ 증가) makes
 * no pair. */
static void a_pair_that_spells_or_translates_its_premise_stands_in_no_set(void **state)
{
    fx *f = *state;
    int with;
    assert_int_equal(in_sets(f, "WMS란?", NULL, 0, &with), 0);
    assert_int_equal(in_sets(f, "수직 적재(Scale Up)란?", NULL, 0, &with), 0);
    assert_true(in_sets(f, "선입선출이란?", NULL, 0, &with) > 0);
}

/* A law is stated, not described: of its own kind, apart from the
 * definitions (no law among them, found by kind); a response glossing its
 * premise's term (Gateway ↔ 진입점) makes no pair. */
static void a_law_is_no_definition_and_a_gloss_makes_no_pair(void **state)
{
    fx *f = *state;
    const assay_engine *e = f->e;
    int with;
    uint8_t law = e->pool_keys[item_asking(e, "머피의 법칙이란?")].match_kind;
    assert_int_not_equal(law, e->pool_keys[item_asking(e, "피킹이란?")].match_kind);
    assert_int_equal(in_sets(f, "머피의 법칙이란?", NULL, 0, &with), 0);
    assert_int_equal(e->pool_keys[item_asking(e, "도크 게이트웨이란?")].match_kind, 255);
    assert_int_equal(in_sets(f, "도크 게이트웨이란?", NULL, 0, &with), 0);
}

/* 라스트마일's response names a word of 멀티 허브 배송망 (허브): it fits that
 * premise too, so the two never stand in one set, nor in two sets of one
 * quiz; each stands in sets of its own. */
static void a_response_fitting_another_premise_never_stands_beside_it(void **state)
{
    fx *f = *state;
    int same = 0, other = 0;
    int a = in_sets(f, "라스트마일이란?", "멀티 허브 배송망이란?", 1, &same);
    in_sets(f, "라스트마일이란?", "멀티 허브 배송망이란?", 0, &other);
    int b = in_sets(f, "멀티 허브 배송망이란?", NULL, 0, &(int){0});
    assert_true(a > 0 && b > 0);
    assert_int_equal(same, 0);
    assert_int_equal(other, 0);
}

/* A quiz of matching sets on doc2, seed s, count sets asked (derived items
 * in unless no_derived). */
static assay_quiz *match_quiz(fx *f, uint64_t seed, size_t count, int no_derived)
{
    assay_quiz_spec s;
    assay_quiz_spec_init(&s);
    s.types = ASSAY_Q_MATCH;
    s.count = count;
    s.seed = seed;
    s.no_derived = no_derived;
    assay_quiz *qz = NULL;
    assert_int_equal(assay_quiz_generate(f->a, f->e, &s, &qz), ASSAY_OK);
    return qz;
}

/* Three drawbacks, all its class has: a set of three (four cannot be made);
 * the definitions, seven of them, make a quiz's first set of four (three
 * only when four cannot be made). */
static void three_pairs_only_when_four_cannot_be_made(void **state)
{
    fx *f = *state;
    const assay_engine *e = f->e;
    uint8_t cons = e->pool_keys[item_asking(e, "냉장 보관의 단점은?")].match_kind;
    uint8_t defs = e->pool_keys[item_asking(e, "피킹이란?")].match_kind;
    assert_int_not_equal(cons, 255);
    assert_int_not_equal(defs, 255);
    int threes = 0, first_defs = 0;
    for (uint64_t seed = 1; seed <= 30; seed++) {
        assay_quiz *qz = match_quiz(f, seed, 4, 0);
        int seen_defs = 0;
        for (size_t k = 0; k < assay_quiz_count(qz); k++) {
            const g_question *g = &qz->qs[k];
            uint8_t c = e->pool_keys[g->pair_items[0]].match_kind;
            assert_true(g->pub.n_pairs >= 3 && g->pub.n_pairs <= 5);
            if (c == cons) {
                assert_int_equal(g->pub.n_pairs, 3);
                threes++;
            }
            /* the quiz's first set: nothing of another set to keep apart from */
            if (c == defs && k == 0 && !seen_defs++) {
                assert_int_equal(g->pub.n_pairs, 4);
                first_defs++;
            }
        }
        assay_quiz_free(qz);
    }
    assert_true(threes > 0);
    assert_true(first_defs > 0);
}

/* The concept text's definition (크로스도킹, derived) stands in sets beside
 * the authored ones, never with derived items left out; a set spanning both
 * topics is headed by its anchor's title and "(+1)", its topic the anchor's;
 * one of a topic by its title. */
static void derived_definitions_and_the_heading_of_a_set_across_topics(void **state)
{
    fx *f = *state;
    const assay_engine *e = f->e;
    uint32_t cross = item_asking(e, "크로스도킹이란?");
    assert_true(e->pool_keys[cross].derived);
    assert_int_not_equal(e->pool_keys[cross].match_kind, 255);
    int with_derived = 0, beside = 0, spanning = 0, single = 0;
    for (int nd = 0; nd <= 1; nd++)
        for (uint64_t seed = 1; seed <= 30; seed++) {
            assay_quiz *qz = match_quiz(f, seed, 4, nd);
            for (size_t k = 0; k < assay_quiz_count(qz); k++) {
                const g_question *g = &qz->qs[k];
                int t0 = 0, t1 = 0;
                for (size_t p = 0; p < g->pub.n_pairs; p++) {
                    const g_item *it = &e->items[g->pair_items[p]];
                    t0 |= strcmp(e->topics[it->topic].title, "창고 운영") == 0;
                    t1 |= strcmp(e->topics[it->topic].title, "배송") == 0;
                    if (g->pair_items[p] == cross) {
                        assert_int_equal(nd, 0);
                        with_derived++;
                        beside += g->item != cross; /* drawn beside another's premise */
                    }
                }
                assert_true(t0 || t1);
                /* the topic is the anchor's, a topic of the bank; the
                 * heading adds how many more (it listed every title) */
                const char *own = e->topics[e->items[g->item].topic].title;
                assert_string_equal(g->pub.topic, own);
                char want[64];
                snprintf(want, sizeof want, t0 && t1 ? "%s (+1)" : "%s", own);
                assert_string_equal(g->pub.prompt, want);
                spanning += t0 && t1;
                single += !(t0 && t1);
            }
            assay_quiz_free(qz);
        }
    assert_true(with_derived > 0);
    assert_true(beside > 0);
    assert_true(spanning > 0);
    assert_true(single > 0);
}

/* Fifteen sets asked of a document that has matter for a few: one line says
 * so and why (how many items can stand in a set), not a note per type. */
static void a_short_matching_quiz_says_why_in_one_line(void **state)
{
    fx *f = *state;
    assay_quiz *qz = match_quiz(f, 7, 15, 0);
    assert_true(assay_quiz_count(qz) > 0 && assay_quiz_count(qz) < 15);
    assert_int_equal(assay_quiz_warning_count(qz), 1);
    const char *w = assay_quiz_warning(qz, 0);
    assert_non_null(strstr(w, "of 15 questions"));
    /* 7 definitions (one derived) and 3 drawbacks of its 10 items */
    assert_non_null(strstr(w, "10 of its 10 items can stand in a matching set;"));
    assert_true(strlen(w) < 120); /* one readable line (it ran past 200) */
    assay_quiz_free(qz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_set_keeps_to_one_kind_and_form),
        cmocka_unit_test(a_pair_that_spells_or_translates_its_premise_stands_in_no_set),
        cmocka_unit_test(a_response_fitting_another_premise_never_stands_beside_it),
        cmocka_unit_test(a_law_is_no_definition_and_a_gloss_makes_no_pair),
        cmocka_unit_test_setup_teardown(three_pairs_only_when_four_cannot_be_made, setup2,
                                        teardown),
        cmocka_unit_test_setup_teardown(derived_definitions_and_the_heading_of_a_set_across_topics,
                                        setup2, teardown),
        cmocka_unit_test_setup_teardown(a_short_matching_quiz_says_why_in_one_line, setup2,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
