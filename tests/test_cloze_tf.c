/* Cloze and true/false rules of issue 9 (the review of seed 6404), on a
 * small document of our own, each beside a control where the rule does not
 * apply:
 * - grading: a key with a generic head noun (상태 정보, 상태값) is right, a
 *   different word or another head still wrong;
 * - cloze: a Korean word the document translates takes its English
 *   (읽기(Read) → read), under a heading that shows both sides of the
 *   contrast too, but no blank under a heading that shows only its English;
 *   no blank of an alias cut from a longer word (표준 of 표준적으로), of a
 *   verbal noun the bank uses as a verb standing as a predicate (도메인 ____
 *   →), of a member of an enumeration of its sentence (단점: ____ 어려움, …),
 *   of a whole member of a list of two (정책 관리, ____), of a determiner
 *   noun (다음 페이지);
 * - true/false: no statement that only names the choices ("A vs B"); no false
 *   statement naming the defined term or the other side of the topic's
 *   "A vs B"; no false statement from a sibling whose question shares only
 *   the topic's subject with the stem. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "cloze_check.h"
#include "gen/gen.h"
#include "grade/grade.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char doc[] =
    "# 시험 가이드\n\n"
    "## 1. 모놀리스 vs 마이크로서비스\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    "> - 배포 단위\n"
    ">\n"
    "> **Q: 모놀리스 아키텍처란?**\n"
    "> **A:** 모든 기능이 하나의 애플리케이션에 통합된 구조.\n"
    ">\n"
    "> **Q: 마이크로서비스 아키텍처란?**\n"
    "> **A:** 기능별로 독립적인 서비스로 분리된 구조.\n"
    ">\n"
    "> **Q: 모듈러 모놀리스란?**\n"
    "> **A:** 모놀리스의 단순함을 유지하면서 내부를 모듈로 나눈 구조.\n"
    ">\n"
    "> **Q: 스트랭글러 패턴이란?**\n"
    "> **A:** 모놀리스를 점진적으로 마이크로서비스로 전환하는 패턴.\n"
    ">\n"
    "> **Q: 분산 환경에서 세션 공유는?**\n"
    "> **A:** 인스턴스별 독립 vs 중앙 집중. 독립은 구현이 단순하지만 세션 불일치.\n\n"
    "## 2. 캐싱\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    "> - 리전\n"
    ">\n"
    "> **Q: 글로벌 서비스에서 캐시 전략은?**\n"
    "> **A:** 리전별 캐시 클러스터를 두고 리전 간 복제.\n"
    ">\n"
    "> **Q: 캐시 장애 시 대응 전략은?**\n"
    "> **A:** 캐시를 우회하여 원본 저장소를 직접 조회.\n"
    ">\n"
    "> **Q: 캐시 무효화 방법은?**\n"
    "> **A:** 쓰기 시 캐시를 갱신하고 짧은 만료 시간 사용.\n"
    ">\n"
    "> **Q: 글로벌 트래픽 라우팅 방법은?**\n"
    "> **A:** 지리 기반 DNS로 가까운 리전에 연결.\n"
    ">\n"
    "> **Q: 캐시 워밍 방법은?**\n"
    "> **A:** 배포 직전에 자주 읽는 데이터를 미리 적재.\n"
    ">\n"
    "> **Q: 캐시 크기 산정 방법은?**\n"
    "> **A:** 작업 세트 크기에 목표 적중률을 곱함.\n\n"
    "## 3. 설계 절차\n\n"
    "표준(Standard)을 먼저 정하고 절차를 따른다.\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    "> - 분석\n"
    "> - 캐싱\n"
    "> - 암호화\n"
    "> - 다음\n"
    ">\n"
    "> **Q: 도메인 설계 순서는?**\n"
    "> **A:** DDD로 도메인 분석 → 경계 도출 → 서비스 설계.\n"
    ">\n"
    "> **Q: 장애 원인은 어떻게 찾는가?**\n"
    "> **A:** 로그를 분석하여 원인을 찾는다.\n"
    ">\n"
    "> **Q: 병목 지점은 무엇으로 찾는가?**\n"
    "> **A:** 분석 도구로 병목 지점을 찾는다.\n"
    ">\n"
    "> **Q: GraphQL의 장단점은?**\n"
    "> **A:** 장점: 단일 엔드포인트, 강타입 스키마, 적은 요청. 단점: 캐싱 어려움, 권한 복잡, 학습 "
    "곡선.\n"
    ">\n"
    "> **Q: CDN의 이점은?**\n"
    "> **A:** 캐싱으로 원본 서버 부하를 줄인다.\n"
    ">\n"
    "> **Q: 컨트롤 플레인의 역할은?**\n"
    "> **A:** 컨트롤 플레인은 정책 관리, 설정 배포(Config Push)\n"
    ">\n"
    "> **Q: 푸시 작업의 담당은?**\n"
    "> **A:** 설정 배포(Config Push)는 도구가 맡는다.\n"
    ">\n"
    "> **Q: TLS의 목적은?**\n"
    "> **A:** TLS는 암호화로 전송 구간을 보호한다.\n"
    ">\n"
    "> **Q: 지연이 커지면?**\n"
    "> **A:** 처리가 밀리는 것. 분석 필수.\n"
    ">\n"
    "> **Q: 사이드카 배치는?**\n"
    "> **A:** 각 서비스 옆에 프록시 캐싱을 배치\n"
    ">\n"
    "> **Q: 코드 변경의 범위는?**\n"
    "> **A:** 서비스 코드 분석 없이 정책 적용.\n"
    ">\n"
    "> **Q: 목록 응답에 무엇을 넣는가?**\n"
    "> **A:** 총 개수와 다음 페이지 링크를 넣는다.\n"
    ">\n"
    "> **Q: 문서 규칙은?**\n"
    "> **A:** 팀은 표준 문서를 따른다.\n"
    ">\n"
    "> **Q: 두 방식은 어떻게 쓰는가?**\n"
    "> **A:** 표준적으로 두 방식을 함께 사용.\n\n"
    "## 4. RW (Read Write Split)\n\n"
    "읽기(Read)와 쓰기(Write)를 나누어 각각 확장한다.\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    "> - 복제본\n"
    ">\n"
    "> **Q: 복제본의 용도는?**\n"
    "> **A:** 복제본으로 읽기 부하를 분산한다.\n\n"
    "## 5. Read 복제\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    "> - 읽기\n"
    ">\n"
    "> **Q: 지연 복제본의 쓰임은?**\n"
    "> **A:** 지연 복제본은 읽기 부하만 받는다.\n";

typedef t_doc_bank fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    *state = f;
    return f ? t_doc_bank_open(f, "trial", doc) : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    t_doc_bank_close(f);
    free(f);
    return 0;
}

/* 상태 정보 and 상태값 for 상태 (cloze 2, 4): the key and a generic head. */
static void grading_accepts_the_key_with_a_generic_head(void **state)
{
    (void)state;
    const char *st[] = {"상태"};
    assert_true(ok(NULL, st, 1, "상태 정보"));
    assert_true(ok(NULL, st, 1, "상태값"));
    assert_true(ok(NULL, st, 1, "상태 정보를"));
    assert_true(ok(NULL, st, 1, "상태 데이터"));
    assert_false(ok(NULL, st, 1, "데이터"));
    assert_false(ok(NULL, st, 1, "정보"));
    assert_false(ok(NULL, st, 1, "상태 전이"));
    assert_false(ok(NULL, st, 1, "세션 정보"));
    const char *sync[] = {"동기"};
    assert_false(ok(NULL, sync, 1, "비동기 방식"));
    const char *scale[] = {"수평 확장"};
    assert_false(ok(NULL, scale, 1, "수평 확장 방식")); /* a two-word key takes none */
}

/* 읽기(Read): a blank of 읽기 accepts "read" under "RW (Read Write Split)",
 * which names both sides; under "Read 복제", which names only its English,
 * no blank. */
static void a_translated_word_takes_its_english(void **state)
{
    fx *f = *state;
    SOMETIMES("복제본의 용도는?", "read");
    NEVER("지연 복제본의 쓰임은?", "읽기");
}

/* An alias phrase cut from a longer word: 표준 of 표준적으로 (cloze 13). */
static void no_blank_cut_from_a_longer_word(void **state)
{
    fx *f = *state;
    NEVER("두 방식은 어떻게 쓰는가?", "표준");
    SOMETIMES("문서 규칙은?", "standard");
}

/* A verbal noun the bank uses as a verb (분석하여) standing as a predicate
 * (도메인 분석 →: cloze 7); before a noun it is a term. */
static void no_blank_of_a_verbal_noun_as_predicate(void **state)
{
    fx *f = *state;
    NEVER("도메인 설계 순서는?", "분석");
    SOMETIMES("병목 지점은 무엇으로 찾는가?", "분석");
}

/* A member of an enumeration of its sentence, after a label
 * ("단점: ____ 어려움, 권한 복잡, 학습 곡선"), and a whole member of a list of
 * two ("정책 관리, ____": cloze 11). */
static void no_blank_in_an_open_enumeration(void **state)
{
    fx *f = *state;
    NEVER("GraphQL의 장단점은?", "캐싱");
    SOMETIMES("CDN의 이점은?", "캐싱");
    NEVER("컨트롤 플레인의 역할은?", "설정 배포");
    SOMETIMES("푸시 작업의 담당은?", "설정 배포");
}

/* A noun before 필수 ends a note as its predicate ("Lag이 증가하면 …. ____
 * 필수": 모니터링, 알림), the object of a closing verb too ("프록시 ____을(를)
 * 배치": 컨테이너, 프로세스), and a verbal noun before 없이 ("코드 ____ 없이":
 * 수정, 변경). */
static void no_blank_of_an_open_predicate(void **state)
{
    fx *f = *state;
    NEVER("지연이 커지면?", "분석");
    NEVER("사이드카 배치는?", "캐싱");
    NEVER("코드 변경의 범위는?", "분석");
}

/* A determiner noun (다음 페이지): its opposite fits as well. */
static void no_blank_of_a_determiner_noun(void **state)
{
    fx *f = *state;
    NEVER("목록 응답에 무엇을 넣는가?", "다음");
}

/* True/false of the item asking q over CLOZE_SEEDS seeds: how many made, how many
 * false with a statement holding `word` (NULL: any false), how many true. */
typedef struct tf_count {
    int made, false_with, truths;
} tf_count;

static tf_count tf_of(const assay_engine *e, const char *q, const char *word)
{
    uint32_t i = item_asking(e, q);
    tf_count c = {0, 0, 0};
    for (uint64_t seed = 1; seed <= CLOZE_SEEDS; seed++) {
        arena a;
        arena_init(&a, 0);
        g_question g;
        memset(&g, 0, sizeof g);
        rng r;
        rng_seed(&r, seed, i);
        int m = gen_tf(e, i, &r, &a, &g, NULL);
        assert_true(m >= 0);
        if (m == 0) {
            c.made++;
            c.truths += g.pub.key;
            if (!g.pub.key && (!word || strstr(g.pub.statement, word)))
                c.false_with++;
        }
        arena_free(&a);
    }
    return c;
}

/* "인스턴스별 독립 vs 중앙 집중" only names the choices (TF 3). */
static void no_statement_that_only_names_the_choices(void **state)
{
    fx *f = *state;
    assert_int_equal(tf_of(f->e, "분산 환경에서 세션 공유는?", NULL).made, 0);
    /* nor as another item's false statement */
    const char *qs[] = {"모놀리스 아키텍처란?", "마이크로서비스 아키텍처란?"};
    for (size_t k = 0; k < 2; k++)
        assert_int_equal(tf_of(f->e, qs[k], " vs ").false_with, 0);
}

/* A false statement naming the defined term (모놀리스를 … 전환하는 패턴 for
 * 모놀리스: TF 10) or the other side of "모놀리스 vs 마이크로서비스" (TF 8); the
 * other side's definition, naming neither, stays. */
static void no_false_statement_rejected_on_its_words(void **state)
{
    fx *f = *state;
    tf_count mono = tf_of(f->e, "모놀리스 아키텍처란?", "모놀리스");
    assert_int_equal(mono.false_with, 0);
    assert_true(tf_of(f->e, "모놀리스 아키텍처란?", "기능별로 독립적인").false_with > 0);
    tf_count micro = tf_of(f->e, "마이크로서비스 아키텍처란?", "모놀리스");
    assert_int_equal(micro.false_with, 0);
    assert_true(tf_of(f->e, "마이크로서비스 아키텍처란?", "하나의 애플리케이션").false_with > 0);
}

/* A sibling sharing only the topic's subject (캐시) with the stem answers
 * another problem (TF 14); one sharing a word rare in the topic (글로벌)
 * stays. */
static void no_false_statement_from_another_problem(void **state)
{
    fx *f = *state;
    assert_int_equal(tf_of(f->e, "글로벌 서비스에서 캐시 전략은?", "우회").false_with, 0);
    assert_int_equal(tf_of(f->e, "글로벌 서비스에서 캐시 전략은?", "갱신").false_with, 0);
    assert_true(tf_of(f->e, "글로벌 서비스에서 캐시 전략은?", "DNS").false_with > 0);
}

/* The bundled bank: "REST API란?" is never true by "Representational State
 * Transfer" alone, which restates the stem. */
static void no_true_statement_that_spells_out_the_acronym(void **state)
{
    (void)state;
    assay_engine *be = NULL;
    assay_bank *bb = NULL;
    assay *ba = NULL;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &ba, &bb, &be), 0);
    tf_count c = tf_of(be, "REST API란?", NULL);
    assert_true(c.made > 0);
    assert_int_equal(c.truths, 0);
    t_bank_close(ba, bb, be);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grading_accepts_the_key_with_a_generic_head),
        cmocka_unit_test(a_translated_word_takes_its_english),
        cmocka_unit_test(no_blank_cut_from_a_longer_word),
        cmocka_unit_test(no_blank_of_a_verbal_noun_as_predicate),
        cmocka_unit_test(no_blank_in_an_open_enumeration),
        cmocka_unit_test(no_blank_of_an_open_predicate),
        cmocka_unit_test(no_blank_of_a_determiner_noun),
        cmocka_unit_test(no_statement_that_only_names_the_choices),
        cmocka_unit_test(no_false_statement_rejected_on_its_words),
        cmocka_unit_test(no_false_statement_from_another_problem),
        cmocka_unit_test(no_true_statement_that_spells_out_the_acronym),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
