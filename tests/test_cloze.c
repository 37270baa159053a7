/* Cloze blanks on a small document of our own (the review of seed 9377):
 * no blank in a slot the text does not pin (a counter word, after a numeral
 * or a determiner, before a generic head, an adjectival noun, the object of
 * a closing verbal noun, a slash pair), none whose answer the topic heading
 * shows; each rule beside a control item where the same word is blanked.
 * And grading of the forms a learner writes for a blank: a joined key's
 * members, a longer answer with the right head noun, an adjectival form,
 * the document thesaurus's spellings (URI, MSA). */
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
#include <strings.h>

/* Each sub-topic bullet makes its word a key term (engine_key_term), so the
 * word is a blank candidate wherever its slot pins it. */
static const char doc[] =
    "# 정산 가이드\n\n"
    "## 1. 정산 배치\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    "> - 파티션\n"
    "> - 보안\n"
    "> - 이벤트\n"
    "> - 원장\n"
    "> - 가지\n"
    "> - 적합\n"
    "> - 정산\n"
    ">\n"
    "> **Q: Kafka 트랜잭션의 범위는?**\n"
    "> **A:** 트랜잭션으로 여러 파티션 원자적 처리.\n"
    ">\n"
    "> **Q: Kafka 토픽을 나누는 단위는?**\n"
    "> **A:** 토픽을 물리적으로 나눈 파티션이 병렬 처리의 단위다.\n"
    ">\n"
    "> **Q: 게이트웨이를 나누는 기준은?**\n"
    "> **A:** 트래픽 특성과 보안 요구사항에 따라 분리.\n"
    ">\n"
    "> **Q: mTLS의 목적은?**\n"
    "> **A:** mTLS는 서비스마다 보안을 인증서로 강화한다.\n"
    ">\n"
    "> **Q: Outbox 패턴이란?**\n"
    "> **A:** DB 트랜잭션 안에서 Outbox 테이블에 이벤트 저장.\n"
    ">\n"
    "> **Q: Event Sourcing이란?**\n"
    "> **A:** 상태를 저장하는 대신 이벤트를 순서대로 기록하는 방식이다.\n"
    ">\n"
    "> **Q: 12-Factor에서 가장 중요한 두 원칙은?**\n"
    "> **A:** Config와 Processes. 이 두 가지가 이식성의 핵심.\n"
    ">\n"
    "> **Q: gRPC의 쓰임새는?**\n"
    "> **A:** 내부 서비스 통신에 적합, REST보다 빠름.\n"
    ">\n"
    "> **Q: 로드 밸런서와 게이트웨이의 차이는?**\n"
    "> **A:** 로드 밸런서는 L4/L7 트래픽 분산. 게이트웨이는 라우팅과 인증을 맡는다.\n"
    ">\n"
    "> **Q: 마감은 어떻게 하는가?**\n"
    "> **A:** 월말에 원장을 닫고 정산 결과를 원장에 반영한다.\n"
    ">\n"
    "> **Q: 감사의 기준이 되는 장부는?**\n"
    "> **A:** 모든 거래가 기록되는 원장이 감사의 기준이다.\n"
    ">\n"
    "> **Q: CAP에서 CA를 고를 수 없는 이유는?**\n"
    "> **A:** 네트워크 분할은 피할 수 없으므로 P는 필수.\n"
    ">\n"
    "> **Q: 도메인 주도 설계란?**\n"
    "> **A:** 도메인 주도 설계(DDD)는 모델을 중심에 둔다.\n"
    ">\n"
    "> **Q: 서비스 경계를 정하는 기준은?**\n"
    "> **A:** 바운디드 컨텍스트를 찾는 DDD 원칙을 적용한다.\n\n"
    "## 2. 메시징\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    "> - 코드베이스\n"
    "> - 파이프라인\n"
    "> - 성숙\n"
    "> - 릴레이\n"
    "> - 일관성\n"
    "> - 변경\n"
    ">\n"
    "> **Q: 모놀리스의 단점은?**\n"
    "> **A:** 코드베이스 커지면 복잡도 증가.\n"
    ">\n"
    "> **Q: 코드 리뷰의 목적은?**\n"
    "> **A:** 코드 품질을 높인다.\n"
    ">\n"
    "> **Q: 배포 자동화는?**\n"
    "> **A:** 파이프라인으로 배포를 자동화한다.\n"
    ">\n"
    "> **Q: Kafka와 Pulsar의 차이는?**\n"
    "> **A:** Kafka는 생태계 성숙, 높은 처리량.\n"
    ">\n"
    "> **Q: 도입 시점은?**\n"
    "> **A:** 조직의 성숙 단계에 따라 도입한다.\n"
    ">\n"
    "> **Q: Outbox의 발행은?**\n"
    "> **A:** 별도 릴레이가 Outbox를 읽어 큐에 발행한다.\n"
    ">\n"
    "> **Q: Outbox를 읽는 쪽은?**\n"
    "> **A:** 메시지 릴레이가 Outbox를 읽어 큐에 보낸다.\n"
    ">\n"
    "> **Q: Exactly-once 구현은?**\n"
    "> **A:** Producer는 트랜잭션으로 보낸다. Consumer도 트랜잭션으로 처리.\n"
    ">\n"
    "> **Q: 메시지를 가져가는 쪽은?**\n"
    "> **A:** Consumer가 메시지를 가져가서 처리.\n"
    ">\n"
    "> **Q: 애그리거트란?**\n"
    "> **A:** 일관성을 유지해야 하는 객체 묶음.\n"
    ">\n"
    "> **Q: CP 시스템이 앞세우는 것은?**\n"
    "> **A:** 네트워크 분할 시 일관성 우선.\n"
    ">\n"
    "> **Q: 포트 바인딩이란?**\n"
    "> **A:** 앱이 자체적으로 HTTP 서버를 실행하고 포트에 바인딩.\n"
    ">\n"
    "> **Q: REST의 기반은?**\n"
    "> **A:** REST는 HTTP 메서드로 작업을 정의한다.\n"
    ">\n"
    "> **Q: 하이브리드 전략은?**\n"
    "> **A:** 변동 트래픽 처리는 Lambda, 상시 실행은 EKS.\n"
    ">\n"
    "> **Q: 함수를 실행하는 서비스는?**\n"
    "> **A:** Lambda가 함수를 실행한다.\n"
    ">\n"
    "> **Q: 이벤트 소싱의 단점은?**\n"
    "> **A:** 이벤트 스키마 변경 복잡, 학습 곡선.\n"
    ">\n"
    "> **Q: 스키마 레지스트리의 역할은?**\n"
    "> **A:** 스키마 변경 이력을 레지스트리에 남긴다.\n";

typedef t_doc_bank fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    *state = f;
    return f ? t_doc_bank_open(f, "billing", doc) : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    t_doc_bank_close(f);
    free(f);
    return 0;
}

/* After a determiner (여러 ____): the noun it picks out is open. */
static void no_blank_after_a_determiner(void **state)
{
    fx *f = *state;
    NEVER("Kafka 트랜잭션의 범위는?", "파티션");
    SOMETIMES("Kafka 토픽을 나누는 단위는?", "파티션");
}

/* Before a generic head (____ 요구사항): the kind is open. */
static void no_blank_before_a_generic_head(void **state)
{
    fx *f = *state;
    NEVER("게이트웨이를 나누는 기준은?", "보안");
    SOMETIMES("mTLS의 목적은?", "보안");
}

/* The bare object of a closing verbal noun after a place (테이블에 ____ 저장). */
static void no_blank_as_the_object_of_a_closing_verb(void **state)
{
    fx *f = *state;
    NEVER("Outbox 패턴이란?", "이벤트");
    SOMETIMES("Event Sourcing이란?", "이벤트");
}

/* A counter word (이 두 ____), an adjectival noun (적합), a slash pair (L4/L7). */
static void no_counter_adjectival_noun_or_slash_pair(void **state)
{
    fx *f = *state;
    NEVER("12-Factor에서 가장 중요한 두 원칙은?", "가지");
    NEVER("gRPC의 쓰임새는?", "적합");
    NEVER("로드 밸런서와 게이트웨이의 차이는?", "L4/L7");
    NEVER("로드 밸런서와 게이트웨이의 차이는?", "L4");
}

/* A short Latin word with its particle (P는): the key would carry the
 * particle and take no answer (seed 1, cloze 7). */
static void no_blank_of_a_letter_and_its_particle(void **state)
{
    fx *f = *state;
    NEVER("CAP에서 CA를 고를 수 없는 이유는?", "P는");
    NEVER("CAP에서 CA를 고를 수 없는 이유는?", "P");
}

/* A Latin key takes the Korean name written before it in parentheses
 * (도메인 주도 설계(DDD)): a learner writes either (seed 7373, cloze 4). */
static void a_latin_key_takes_its_korean_name(void **state)
{
    fx *f = *state;
    SOMETIMES("서비스 경계를 정하는 기준은?", "도메인 주도 설계");
}

/* The topic heading "정산 배치" shows 정산: never its answer, while 원장 (not
 * in the heading) in the same text is. */
static void no_blank_the_heading_shows(void **state)
{
    fx *f = *state;
    NEVER("마감은 어떻게 하는가?", "정산");
    SOMETIMES("감사의 기준이 되는 장부는?", "원장");
    /* and in the bundled document: 모놀리스 and 마이크로서비스 under
     * "모놀리스 vs 마이크로서비스" (its items, every seed) */
    assay_engine *be = NULL;
    assay_bank *bb = NULL;
    assay *ba = NULL;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &ba, &bb, &be), 0);
    size_t n = 0;
    for (uint32_t i = 0; i < be->n_items; i++) {
        const char *title = be->topics[be->items[i].topic].title;
        if (!strstr(title, "모놀리스"))
            continue;
        for (uint64_t seed = 1; seed <= 5; seed++) {
            arena a;
            arena_init(&a, 0);
            g_question g;
            rng r;
            rng_seed(&r, seed, i);
            if (gen_cloze(be, i, &r, &a, &g, NULL) == 0) {
                n++;
                for (size_t k = 0; k < g.pub.n_accept; k++)
                    if (strstr(title, g.pub.accept[k]))
                        fail_msg("heading '%s' shows the answer '%s'", title, g.pub.accept[k]);
            }
            arena_free(&a);
        }
    }
    assert_true(n > 10);
    t_bank_close(ba, bb, be);
}

/* A compound with a word of the bank as a part (코드베이스: 코드, a word of
 * its own here) has the part as a fill too: no blank (the review of seed
 * 5309, cloze 6); 파이프라인, whose parts are no words here, is one. */
static void no_blank_of_a_compound_of_words(void **state)
{
    fx *f = *state;
    NEVER("모놀리스의 단점은?", "코드베이스");
    SOMETIMES("배포 자동화는?", "파이프라인");
}

/* A bare noun closing a clause after a noun is its predicate (생태계
 * ____,: 성숙 and 풍부; cloze 12); 성숙 before a noun is a blank. */
static void no_blank_of_a_predicate_after_a_noun(void **state)
{
    fx *f = *state;
    NEVER("Kafka와 Pulsar의 차이는?", "성숙");
    SOMETIMES("도입 시점은?", "성숙");
}

/* After 별도 (a separate what: 프로세스, 릴레이, 워커; cloze 11). */
static void no_blank_after_a_separate(void **state)
{
    fx *f = *state;
    NEVER("Outbox의 발행은?", "릴레이");
    SOMETIMES("Outbox를 읽는 쪽은?", "릴레이");
}

/* A term with 도 (also) is one of several (____도 트랜잭션으로 처리:
 * Consumer and 오프셋; cloze 14). */
static void no_blank_before_also(void **state)
{
    fx *f = *state;
    NEVER("Exactly-once 구현은?", "Consumer");
    SOMETIMES("메시지를 가져가는 쪽은?", "Consumer");
}

/* The object of a generic verb, conjugated (____을(를) 유지해야: 일관성
 * and 불변식; cloze 15). */
static void no_blank_as_the_object_of_a_conjugated_verb(void **state)
{
    fx *f = *state;
    NEVER("애그리거트란?", "일관성");
    SOMETIMES("CP 시스템이 앞세우는 것은?", "일관성");
}

/* Before a head naming a kind of thing (____ 서버: HTTP and 웹; cloze 7). */
static void no_blank_before_a_kind_of_server(void **state)
{
    fx *f = *state;
    NEVER("포트 바인딩이란?", "HTTP");
    SOMETIMES("REST의 기반은?", "HTTP");
}

/* A name as the predicate of a topic (처리는 ____,: Lambda and the stem's
 * 서버리스), and the bare subject of a closing adjectival noun (스키마 ____
 * 복잡,: 변경, 진화, 버전 관리). */
static void no_blank_of_a_named_choice_or_a_hard_thing(void **state)
{
    fx *f = *state;
    NEVER("하이브리드 전략은?", "Lambda");
    SOMETIMES("함수를 실행하는 서비스는?", "Lambda");
    NEVER("이벤트 소싱의 단점은?", "변경");
    SOMETIMES("스키마 레지스트리의 역할은?", "변경");
}

/* No two cloze questions of a quiz with the same answer (URL twice in the
 * quiz of seed 5309): the bundled bank, 15 cloze questions a quiz. */
static void no_two_blanks_of_one_answer_in_a_quiz(void **state)
{
    (void)state;
    assay_engine *be = NULL;
    assay_bank *bb = NULL;
    assay *ba = NULL;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &ba, &bb, &be), 0);
    size_t questions = 0;
    for (uint64_t seed = 1; seed <= 30; seed++) {
        assay_quiz_spec s;
        assay_quiz_spec_init(&s);
        s.count = 15;
        s.types = ASSAY_Q_CLOZE;
        s.seed = seed;
        assay_quiz *q = NULL;
        assert_int_equal(assay_quiz_generate(ba, be, &s, &q), ASSAY_OK);
        size_t n = assay_quiz_count(q);
        questions += n;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                const assay_question *p = assay_quiz_question(q, i), *o = assay_quiz_question(q, j);
                for (size_t k = 0; k < o->n_accept; k++)
                    if (strcasecmp(p->answer, o->accept[k]) == 0)
                        fail_msg("seed %llu: '%s' answers cloze %zu and %zu",
                                 (unsigned long long)seed, p->answer, i + 1, j + 1);
            }
        assay_quiz_free(q);
    }
    assert_true(questions >= 30 * 15);
    t_bank_close(ba, bb, be);
}

/* The forms a learner writes for a right fill, and wrong ones still wrong. */
static void grading_accepts_the_forms_of_a_right_fill(void **state)
{
    (void)state;
    const char *l47[] = {"L4/L7"};
    assert_true(ok(NULL, l47, 1, "L4/L7"));
    assert_true(ok(NULL, l47, 1, "L4 또는 L7"));
    assert_true(ok(NULL, l47, 1, "L7, L4"));
    assert_true(ok(NULL, l47, 1, "L4와 L7"));
    assert_false(ok(NULL, l47, 1, "L3 또는 L7"));
    assert_false(ok(NULL, l47, 1, "L4, L7, L3"));
    const char *algo[] = {"알고리즘"};
    assert_true(ok(NULL, algo, 1, "로드 밸런싱 알고리즘"));
    assert_true(ok(NULL, algo, 1, "분산 알고리즘을"));
    assert_false(ok(NULL, algo, 1, "로드 밸런싱"));
    assert_false(ok(NULL, algo, 1, "알고리즘 없는 분산 처리 방식")); /* not its head */
    const char *scale[] = {"수평 확장"};
    assert_false(ok(NULL, scale, 1, "수직 확장")); /* a two-word key keeps its words */
    const char *mono[] = {"모놀리스"};
    assert_true(ok(NULL, mono, 1, "모놀리식"));
    const char *dist[] = {"분산"};
    assert_true(ok(NULL, dist, 1, "분산형"));
    assert_true(ok(NULL, dist, 1, "분산식"));
    assert_false(ok(NULL, dist, 1, "분석"));
    const char *cache[] = {"캐시"};
    assert_false(ok(NULL, cache, 1, "캐싱식")); /* no rule for a two-syllable stem */
    /* a quality named by its stem: 멱등 for 멱등성 (two syllables at least) */
    const char *idem[] = {"멱등성"}, *trait[] = {"특성"}, *sync[] = {"동기"};
    assert_true(ok(NULL, idem, 1, "멱등"));
    assert_true(ok(NULL, idem, 1, "멱등성을"));
    assert_false(ok(NULL, idem, 1, "멱등키"));
    assert_false(ok(NULL, trait, 1, "특"));
    assert_false(ok(NULL, sync, 1, "비동기성")); /* an opposite stays wrong */
}

/* A Hangul fill that spells the key's listed English translation (파티션 for
 * 분할 by Partition: the review of seed 5309, cloze 2), and no other. */
static void grading_accepts_the_spelt_translation(void **state)
{
    (void)state;
    const char *part[] = {"분할"};
    assert_true(ok(NULL, part, 1, "파티션"));
    assert_true(ok(NULL, part, 1, "파티션은"));
    assert_false(ok(NULL, part, 1, "포지션"));   /* another word's skeleton */
    assert_false(ok(NULL, part, 1, "파티셔닝")); /* not the translation's spelling */
    assert_false(ok(NULL, part, 1, "샤딩"));
    const char *sharding[] = {"샤딩"};
    assert_false(ok(NULL, sharding, 1, "파티션")); /* not a listed translation of the key */
    const char *single[] = {"단일"};
    assert_false(ok(NULL, single, 1, "모놀리스")); /* 단일 glosses two rows: no translation */
    const char *layer[] = {"계층"};
    assert_false(ok(NULL, layer, 1, "레이어 분할")); /* two words for one */
    /* the English word itself (cloze 2 of the review of seed 2718 by this
     * branch: "partition" was wrong where 파티션 was right) */
    assert_true(ok(NULL, part, 1, "partition"));
    assert_true(ok(NULL, part, 1, "Partition"));
    assert_false(ok(NULL, part, 1, "partitions"));
    assert_false(ok(NULL, part, 1, "position"));
    assert_false(ok(NULL, sharding, 1, "partition"));
    assert_false(ok(NULL, single, 1, "monolith"));
}

/* The bundled thesaurus's spellings: URI for URL, MSA for 마이크로서비스. */
static void grading_knows_the_bundled_spellings(void **state)
{
    (void)state;
    assay_engine *be = NULL;
    assay_bank *bb = NULL;
    assay *ba = NULL;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &ba, &bb, &be), 0);
    const char *url[] = {"URL"}, *ms[] = {"마이크로서비스"}, *mono[] = {"모놀리스"};
    assert_true(ok(be, url, 1, "URI"));
    assert_true(ok(be, ms, 1, "MSA"));
    assert_true(ok(be, mono, 1, "monolithic"));
    assert_false(ok(be, url, 1, "HTTP"));
    assert_false(ok(be, ms, 1, "모놀리스"));
    /* general words built into the grader: 표준 출력 for stdout */
    const char *out[] = {"stdout"};
    assert_true(ok(be, out, 1, "표준 출력"));
    assert_true(ok(be, out, 1, "표준출력"));
    assert_false(ok(be, out, 1, "표준 입력"));
    t_bank_close(ba, bb, be);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_blank_after_a_determiner),
        cmocka_unit_test(no_blank_before_a_generic_head),
        cmocka_unit_test(no_blank_as_the_object_of_a_closing_verb),
        cmocka_unit_test(no_counter_adjectival_noun_or_slash_pair),
        cmocka_unit_test(no_blank_of_a_letter_and_its_particle),
        cmocka_unit_test(a_latin_key_takes_its_korean_name),
        cmocka_unit_test(no_blank_the_heading_shows),
        cmocka_unit_test(no_blank_of_a_compound_of_words),
        cmocka_unit_test(no_blank_of_a_predicate_after_a_noun),
        cmocka_unit_test(no_blank_after_a_separate),
        cmocka_unit_test(no_blank_before_also),
        cmocka_unit_test(no_blank_as_the_object_of_a_conjugated_verb),
        cmocka_unit_test(no_blank_before_a_kind_of_server),
        cmocka_unit_test(no_blank_of_a_named_choice_or_a_hard_thing),
        cmocka_unit_test(no_two_blanks_of_one_answer_in_a_quiz),
        cmocka_unit_test(grading_accepts_the_forms_of_a_right_fill),
        cmocka_unit_test(grading_accepts_the_spelt_translation),
        cmocka_unit_test(grading_knows_the_bundled_spellings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
