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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_set_keeps_to_one_kind_and_form),
        cmocka_unit_test(a_pair_that_spells_or_translates_its_premise_stands_in_no_set),
        cmocka_unit_test(a_response_fitting_another_premise_never_stands_beside_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
