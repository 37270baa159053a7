/* Multiple choice and true/false (issue 9): the text-level clang solver on
 * stems and options of its own, and the generator's rules that it measures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "gen/derive.h"
#include "gen/gen.h"
#include "support.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The solver's pick for a stem and options (no bank: no aliases). */
static double solve(const char *stem, const char *const *opts, int k, int key)
{
    clang_unit u[32];
    size_t n = cue_clang_units(NULL, stem, u, 32);
    unsigned m[8];
    for (int o = 0; o < k; o++)
        m[o] = cue_clang_mask(u, n, opts[o]);
    return cue_clang_text(m, NULL, k, key, n);
}

static int key_alone(const char *stem, const char *const *opts, int k, int key)
{
    clang_unit u[32];
    size_t n = cue_clang_units(NULL, stem, u, 32);
    unsigned m[8];
    for (int o = 0; o < k; o++)
        m[o] = cue_clang_mask(u, n, opts[o]);
    return cue_clang_key_alone(m, k, key, n);
}

/* The review of seed 9377, defect 1: each way a key gives itself away by a
 * stem word, found; and options that all (or none) carry it, not. */
static void the_text_solver_finds_the_reviews_clangs(void **state)
{
    (void)state;
    /* a stem word after particle stripping (로그란 → 로그) */
    const char *logs[] = {"프로세스 타입별로 수평 확장", "빠른 시작과 graceful 종료",
                          "로그를 이벤트 스트림으로 취급", "환경 변수로 설정 관리"};
    assert_true(solve("XI. Logs - 로그란?", logs, 4, 2) == 1.0);
    /* a part of a compound (마이크로서비스 → 서비스) */
    const char *ms[] = {
        "도메인 모델 중심 설계 접근법", "비즈니스 기능별로 독립적인 서비스로 분리된 구조",
        "모든 기능이 단일 애플리케이션으로 통합된 구조", "내부를 모듈로 분리한 구조"};
    assert_true(key_alone("마이크로서비스 아키텍처란?", ms, 4, 1));
    /* a word of a phrase (이벤트 기반 → 이벤트) */
    const char *mq[] = {"이벤트 브로커로서 이벤트 발행/구독", "전달 보장 수준",
                        "모든 기능에 CQRS 적용"};
    assert_true(key_alone("이벤트 기반 아키텍처에서 메시지 큐 역할은?", mq, 3, 0));
    /* a translation (Partition → 분할, Limiting → 제한) */
    const char *part[] = {"Topic을 물리적으로 분할한 단위", "소비가 밀린 메시지 수",
                          "처리에 실패한 메시지 큐", "메시지를 읽는 서버 그룹"};
    assert_true(solve("Kafka의 Partition이란?", part, 4, 0) == 1.0);
    const char *rl[] = {"응답 캐싱, 연결 풀링", "JWT 검증, OAuth 토큰 검증",
                        "IP별, API Key별, 사용자별 제한", "충분한 공지 기간, 단계적 전환"};
    assert_true(solve("Rate Limiting 전략은?", rl, 4, 2) == 1.0);
    /* a partner word (콜드 → 웜업, 과금 → 요금: the review of seed 6404, MC 21, 23) */
    const char *cold[] = {"외부 저장소 사용", "Provisioned Concurrency(미리 웜업), 경량 런타임",
                          "메모리 최적화, 실행 시간 단축"};
    assert_true(solve("콜드 스타트 완화 방법은?", cold, 3, 1) == 1.0);
    const char *bill[] = {"리전 간 동기화 지연", "기본 한도 초과 시 추가 요금",
                          "사용자 티어별 차등 한도"};
    assert_true(solve("Rate Limiting과 과금 연동은?", bill, 3, 1) == 1.0);
    /* a part of a Latin word (12-Factor → 12가지; X-RateLimit → rate) */
    const char *tf[] = {"12가지 원칙", "Codebase", "Dependencies", "Build, Release, Run"};
    assert_true(solve("12-Factor App이란?", tf, 4, 0) == 1.0);
    const char *hd[] = {"X-RateLimit-Limit(총 한도), X-RateLimit-Remaining(남은 요청)",
                        "사용자 티어별 차등", "리전 간 동기화 지연", "기본 한도 초과 시 추가 요금"};
    assert_true(key_alone("Rate Limit 관련 응답 헤더는?", hd, 4, 0));
    /* a transliteration (Partition ↔ 파티션) */
    const char *tl[] = {"파티션을 나눠 처리", "소비가 밀린 메시지 수", "처리에 실패한 메시지 큐"};
    assert_true(key_alone("Kafka의 Partition이란?", tl, 3, 0));
    /* the stem word in every option, or in none: no clue, a guess */
    const char *all[] = {"서비스 간 통신", "서비스 디스커버리", "서비스 메시", "서비스별 배포"};
    assert_true(solve("마이크로서비스 아키텍처란?", all, 4, 0) == 0.25);
    const char *none[] = {"요청을 큐에 넣고 일정 속도로 처리", "이전 윈도우의 요청 수 계산",
                          "여러 수준의 적용", "부하에 따라 조절"};
    assert_true(solve("Leaky Bucket 알고리즘이란?", none, 4, 0) == 0.25);
    /* a cue word (역할, 방법) is no clue: only what the stem is about */
    const char *cues[] = {"요청을 분산하는 역할", "서버를 늘리는 것", "메트릭을 모니터링",
                          "캐시를 둔다"};
    assert_true(solve("로드 밸런서의 역할은?", cues, 4, 0) == 0.25);
    /* the only option of the stem's form counts as a clue */
    clang_unit u[32];
    size_t n = cue_clang_units(NULL, "Leaky Bucket 알고리즘이란?", u, 32);
    unsigned m[4] = {0, 0, 0, 0};
    int fit[4] = {0, 1, 0, 0};
    assert_true(cue_clang_text(m, fit, 4, 1, n) == 1.0);
    assert_true(cue_clang_text(m, fit, 4, 0, n) == 0.0);
}

/* The generator keeps what the solver finds out of its sets: over the
 * bundled bank, no key of a generated question carries a stem unit that no
 * distractor carries (main's generator: 80 of 970 with --seeds 20). */
static void no_key_alone_repeats_a_stem_word(void **state)
{
    (void)state;
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &a, &b, &e), 0);
    size_t made = 0;
    for (uint32_t i = 0; i < e->n_items; i++) {
        if (derive_is(e, i))
            continue;
        for (uint64_t seed = 1; seed <= 3; seed++) {
            arena ar;
            arena_init(&ar, 0);
            g_question q;
            rng r;
            rng_seed(&r, seed, i);
            if (gen_mcq(e, i, 4, &r, &ar, &q, NULL) == 0 && !q.authored) {
                made++;
                const char *opts[8];
                for (size_t o = 0; o < q.pub.n_options; o++)
                    opts[o] = q.pub.options[o];
                clang_unit u[32];
                size_t n = cue_clang_units(e, e->items[i].question, u, 32);
                unsigned m[8];
                for (size_t o = 0; o < q.pub.n_options; o++)
                    m[o] = cue_clang_mask(u, n, opts[o]);
                if (cue_clang_key_alone(m, (int)q.pub.n_options, q.pub.key, n))
                    fail_msg("item %s (%s): only the key repeats a stem word: %s", e->items[i].id,
                             e->items[i].question, opts[q.pub.key]);
            }
            arena_free(&ar);
        }
    }
    assert_true(made > 100); /* 110 since the review of seed 6404's rules */
    t_bank_close(a, b, e);
}

static const g_item *item_asking(const assay_engine *e, const char *q)
{
    for (size_t i = 0; i < e->n_items; i++)
        if (strcmp(e->items[i].question, q) == 0)
            return &e->items[i];
    fail_msg("no item asks '%s'", q);
    return NULL;
}

/* Whether any of seeds 1..50 gives item q (multiple choice when mcq, else
 * a false statement) an option or statement starting with `opening`. */
static int ever_offers(const assay_engine *e, const char *q, int mcq, const char *opening)
{
    uint32_t i = (uint32_t)(item_asking(e, q) - e->items);
    int seen = 0;
    for (uint64_t seed = 1; seed <= 50 && !seen; seed++) {
        arena ar;
        arena_init(&ar, 0);
        g_question g;
        rng r;
        rng_seed(&r, seed, i);
        if (mcq && gen_mcq(e, i, 4, &r, &ar, &g, NULL) == 0)
            for (size_t o = 0; o < g.pub.n_options; o++)
                seen |= strncmp(g.pub.options[o], opening, strlen(opening)) == 0;
        if (!mcq && gen_tf(e, i, &r, &ar, &g, NULL) == 0 && !g.pub.key)
            seen |= strncmp(g.pub.statement, opening, strlen(opening)) == 0;
        arena_free(&ar);
    }
    return seen;
}

static int offers_ever(const assay_engine *e, const char *q, const char *opening, int *asked);

/* The review of seed 9377, defects 3 and 5: no "A vs B" fragment as a
 * behaviour; no false statement about another subject (Richardson's levels for
 * pagination) or the topic as a whole (the 12 principles for one factor). */
static void distractors_and_false_statements_of_the_asked_kind(void **state)
{
    (void)state;
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &a, &b, &e), 0);
    size_t vs = 0, made = 0, chains = 0;
    for (uint32_t i = 0; i < e->n_items; i++) {
        const g_item *key = &e->items[i];
        /* nor an order (A → B) for a key that orders nothing (the review of
         * seed 5309, MC 21 D: "Retry → Circuit Breaker 순서" for "Half-Open
         * 상태의 동작은?") */
        int key_chain = strstr(key->option, "→") || strstr(key->option, "->");
        for (uint64_t seed = 1; seed <= 3 && !derive_is(e, i) && !key_chain; seed++) {
            arena ar;
            arena_init(&ar, 0);
            g_question q;
            rng r;
            rng_seed(&r, seed, i);
            if (gen_mcq(e, i, 4, &r, &ar, &q, NULL) == 0 && !q.authored)
                for (size_t o = 0; o < q.pub.n_options; o++)
                    chains += strstr(q.pub.options[o], "→") || strstr(q.pub.options[o], "->");
            arena_free(&ar);
        }
        if (derive_is(e, i) || key->stem_type == STEM_COMPARISON || strstr(key->option, " vs "))
            continue;
        for (uint64_t seed = 1; seed <= 3; seed++) {
            arena ar;
            arena_init(&ar, 0);
            g_question q;
            rng r;
            rng_seed(&r, seed, i);
            if (gen_mcq(e, i, 4, &r, &ar, &q, NULL) == 0 && !q.authored) {
                made++;
                for (size_t o = 0; o < q.pub.n_options; o++)
                    vs += strstr(q.pub.options[o], " vs ") != NULL;
            }
            arena_free(&ar);
        }
    }
    assert_true(made > 100);
    assert_int_equal(vs, 0);
    assert_int_equal(chains, 0);
    assert_false(ever_offers(e, "Half-Open 상태의 동작은?", 1, "Retry →"));
    assert_false(ever_offers(e, "페이지네이션 구현 방식은?", 0, "Level 0"));
    assert_false(ever_offers(e, "XI. Logs - 로그란?", 0, "확장 가능하고"));
    /* the twin question's answer, one word of the stem swapped, is the
     * false statement of its stem type (issue 9: every stem type but the
     * definition was true, no sibling passing the same-subject rule; the
     * review of seed 9377, true/false 3, had rejected it), a setting for a
     * kind is no twin (the particle tells their roles apart) */
    assert_true(ever_offers(e, "Command 모델의 특징은?", 0, "조회에 최적화된"));
    assert_true(ever_offers(e, "Query 모델의 특징은?", 0, "도메인 로직 포함"));
    assert_true(ever_offers(e, "강한 일관성이 필요한 경우는?", 0, "소셜 피드"));
    assert_true(ever_offers(e, "모놀리스의 장점은?", 0, "서비스별 독립 배포"));
    assert_false(ever_offers(e, "글로벌 서비스에서 캐시 전략은?", 0, "L1("));
    /* a definition's false statement of the kind it asks (the review of
     * seed 5309, true/false 1, 5): no property ("…동작하는 것") for a
     * pattern, no action for a property */
    assert_false(ever_offers(e, "Saga 패턴이란?", 0, "네트워크 분할"));
    assert_false(ever_offers(e, "CAP에서 A(Availability)란?", 0, "업데이트가 모든"));
    /* nor a list naming the stem's own term (the review of seed 6404, MC 14) */
    int asked;
    assert_false(offers_ever(e, "대표적인 API Gateway 솔루션은?", "API Gateway, 로드", &asked));
    assert_false(offers_ever(e, "글로벌 Rate Limiting의 도전과제는?", "단일 진입점", &asked));
    t_bank_close(a, b, e);
}

/* The review of seed 6404 (key positions A 3, D 11 of 29): within a quiz the
 * keys' positions stay balanced — no letter used more than twice beyond the
 * least used — and the key is still the item's own option. */
static void key_positions_balanced_within_a_quiz(void **state)
{
    (void)state;
    /* the rule alone, on questions of 3 and 4 options all drawn at A */
    gen_keypos kp;
    gen_keypos_init(&kp, 7);
    long at[4] = {0};
    for (int n = 0; n < 40; n++) {
        const char *texts[4] = {"key", "b", "c", "d"};
        uint32_t items[4] = {9, 1, 2, 3};
        g_question q;
        memset(&q, 0, sizeof q);
        q.pub.type = ASSAY_Q_MCQ;
        q.pub.options = texts;
        q.pub.n_options = n % 3 == 0 ? 3 : 4;
        q.pub.key = 0;
        q.option_items = items;
        gen_keypos_place(&kp, &q);
        assert_string_equal(q.pub.options[q.pub.key], "key");
        assert_int_equal(q.option_items[q.pub.key], 9);
        at[q.pub.key]++;
    }
    for (int p = 0; p < 4; p++)
        assert_true(at[p] >= 8 && at[p] <= 12);
    /* and over the bundled bank's quizzes */
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &a, &b, &e), 0);
    for (uint64_t seed = 1; seed <= 4; seed++) {
        assay_quiz_spec s;
        assay_quiz_spec_init(&s);
        s.types = ASSAY_Q_MCQ;
        s.count = 40;
        s.seed = seed;
        assay_quiz *q = NULL;
        assert_int_equal(assay_quiz_generate(a, e, &s, &q), ASSAY_OK);
        long pos[8] = {0}, four = 0;
        for (size_t i = 0; i < assay_quiz_count(q); i++) {
            const assay_question *p = assay_quiz_question(q, i);
            pos[p->key]++;
            four += p->n_options >= 4;
            if (!q->qs[i].authored && !derive_is(e, q->qs[i].item))
                assert_string_equal(p->options[p->key], e->items[q->qs[i].item].option);
        }
        long lo = pos[0], hi = pos[0];
        for (int p = 1; p < 3; p++) {
            lo = pos[p] < lo ? pos[p] : lo;
            hi = pos[p] > hi ? pos[p] : hi;
        }
        if (hi - lo > 2 || (four > 12 && pos[3] + 3 < lo))
            fail_msg("seed %llu: positions A %ld, B %ld, C %ld, D %ld", (unsigned long long)seed,
                     pos[0], pos[1], pos[2], pos[3]);
        assay_quiz_free(q);
    }
    t_bank_close(a, b, e);
}

/* A document of its own for the second-correct rules (the review of seed
 * 6404, defect 4). */
static const char second_doc[] =
    "# 물류 가이드\n\n"
    "## 1. 배송 거점\n\n"
    "### 레벨별 지식\n\n"
    "> ⭐ **Level 1 (입문)**\n"
    ">\n"
    "> **Q: 멀티 허브 배송망이란?**\n"
    "> **A:** 권역별 Hub, 상품군별 Hub, 야간 Hub를 나누어 두는 구조.\n"
    ">\n"
    "> **Q: 라스트마일 거점이란?**\n"
    "> **A:** 고객 유형(기업, 개인)별로 전용 Hub를 두는 방식.\n"
    ">\n"
    "> **Q: 허브 자동화란?**\n"
    "> **A:** Hub에서 소포 분류를 로봇 설비로 처리하는 것.\n"
    ">\n"
    "> **Q: 크로스도킹이란?**\n"
    "> **A:** 입고된 화물을 보관하지 않고 바로 출고 차량에 옮겨 싣는 Hub 운영.\n"
    ">\n"
    "> **Q: 풀필먼트란?**\n"
    "> **A:** 보관, 포장, 출고를 한 회사가 대신 맡아 처리하는 Hub 서비스.\n"
    ">\n"
    "> **Q: 역물류란?**\n"
    "> **A:** 반품된 상품을 회수하여 Hub로 되돌리는 흐름.\n"
    ">\n"
    "> **Q: 냉동 창고가 비쌀 수 있는 경우는?**\n"
    "> **A:** 소량 보관, 짧은 보관 기간, 잦은 문 개폐.\n"
    ">\n"
    "> **Q: 임대 창고가 불리한 경우는?**\n"
    "> **A:** 짧은 보관 기간 위주, 소량 보관 상품, 상온 유통 가능.\n"
    ">\n"
    "> **Q: 냉동 창고가 필요한 경우는?**\n"
    "> **A:** 아이스크림, 냉동 육류, 백신 물량.\n"
    ">\n"
    "> **Q: 야간 출고가 필요한 경우는?**\n"
    "> **A:** 새벽 배송 약속, 낮 시간 도로 혼잡.\n"
    ">\n"
    "> **Q: 외부 창고를 빌려야 하는 경우는?**\n"
    "> **A:** 성수기 물량 급증, 신규 지역 진출 초기.\n"
    ">\n"
    "> **Q: 자동화 설비를 들이기 좋은 경우는?**\n"
    "> **A:** 인건비 상승, 주문 건수 꾸준히 많음.\n";

/* Whether any of seeds 1..60 gives the item asking q, as multiple choice
 * with k options (3: offers_ever) or as a false statement, an option starting with
 * `opening`; *asked counts the seeds that made a question. */
static int offers_ever_k(const assay_engine *e, const char *q, const char *opening, int *asked,
                         int k)
{
    uint32_t i = (uint32_t)(item_asking(e, q) - e->items);
    int seen = 0;
    *asked = 0;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        arena ar;
        arena_init(&ar, 0);
        g_question g;
        rng r;
        rng_seed(&r, seed, i);
        if (gen_mcq(e, i, k, &r, &ar, &g, NULL) == 0) {
            ++*asked;
            for (size_t o = 0; o < g.pub.n_options; o++)
                seen |= strncmp(g.pub.options[o], opening, strlen(opening)) == 0;
        }
        rng_seed(&r, seed, i);
        if (gen_tf(e, i, &r, &ar, &g, NULL) == 0 && !g.pub.key)
            seen |= strncmp(g.pub.statement, opening, strlen(opening)) == 0;
        arena_free(&ar);
    }
    return seen;
}

static int offers_ever(const assay_engine *e, const char *q, const char *opening, int *asked)
{
    return offers_ever_k(e, q, opening, asked, 3);
}

/* A special case of the key's subject is a second correct answer: one Hub
 * per customer type beside "권역별 Hub, 상품군별 Hub" for a multi-hub network
 * (BFF beside the multi-gateway architecture, MC 26); so is an answer that
 * names two of the key's cases (MC 13's kind: "서버리스가 부적합한 경우" for
 * "…비쌀 수 있는 경우"). Neither is offered; other Hub answers still are. */
static void no_special_case_or_same_cases_as_distractor(void **state)
{
    (void)state;
    t_doc_bank f;
    assert_int_equal(t_doc_bank_open(&f, "logistics", second_doc), 0);
    int asked;
    assert_false(offers_ever(f.e, "멀티 허브 배송망이란?", "고객 유형", &asked));
    assert_true(asked > 0);
    assert_true(offers_ever(f.e, "멀티 허브 배송망이란?", "Hub에서", &asked) ||
                offers_ever(f.e, "멀티 허브 배송망이란?", "반품된", &asked));
    assert_false(offers_ever(f.e, "냉동 창고가 비쌀 수 있는 경우는?", "짧은 보관", &asked));
    assert_true(asked > 0);
    assert_false(offers_ever(f.e, "임대 창고가 불리한 경우는?", "소량 보관", &asked));
    t_doc_bank_close(&f);
}

/* Every second correct option the reviews found on the bundled bank (seeds
 * 4242 to 5309): none is offered again, as multiple choice of 3 or 4 options
 * or as a false statement, and each key is still asked. */
static void no_second_correct_of_the_reviews(void **state)
{
    (void)state;
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &a, &b, &e), 0);
    static const char *const pairs[][2] = {
        /* seed 5309, MC 11: Auto Scaling, which the key's full answer names
         * ("정확한 메트릭 기반 스케일링") */
        {"스케일링과 비용 최적화 균형은?", "메트릭(CPU"},
        /* seeds 7411 to 6404: BFF, one gateway per client type */
        {"멀티 게이트웨이 아키텍처란?", "클라이언트 유형"},
        /* seed 6404, MC 13: a regional cache for a global scaling strategy */
        {"글로벌 스케일링 전략은?", "리전별 분산 캐시"},
        /* seed 6404, MC 23: the policy considerations for billing */
        {"Rate Limiting과 과금 연동은?", "사용자 티어별"},
        /* seed 4242: how the key's own Redis counter is built */
        {"분산 환경에서 Rate Limiting은 어떻게 구현하는가?", "INCR + EXPIRE"},
        /* seed 4242: why CQRS, for why a read store of its own */
        {"읽기 저장소로 다른 DB를 사용하는 이유는?", "읽기와 쓰기의 요구사항"},
        /* seed 9377, MC 22: the service mesh's drawbacks for microservices' */
        {"마이크로서비스의 단점은?", "복잡성 증가, 학습 곡선"},
    };
    int bad = 0;
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        int asked3 = 0, asked4 = 0;
        if (offers_ever_k(e, pairs[p][0], pairs[p][1], &asked3, 3) ||
            offers_ever_k(e, pairs[p][0], pairs[p][1], &asked4, 4)) {
            print_message("'%s' offers '%s'\n", pairs[p][0], pairs[p][1]);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
    /* a scenario's options: no other right strategy for its situation — for
     * a sale at ten times the traffic, "수직 확장, …, 캐싱(부하 감소)" beside
     * "…CDN/캐시 최대 활용" (seeds 6404 and 5309, scenario 9), "서비스별 독립
     * 스케일링" beside "사전 스케일 아웃", "현재 트래픽 분석, …" (seed 8123) —
     * and still a choice among three options or more */
    const g_item *sale = item_asking(e, "타임세일 이벤트 대응");
    uint32_t si = (uint32_t)(sale - e->items);
    int with_options = 0;
    for (uint64_t seed = 1; seed <= 60; seed++) {
        arena ar;
        arena_init(&ar, 0);
        g_question g;
        rng r;
        rng_seed(&r, seed, si);
        assert_int_equal(gen_scenario(e, si, 4, &r, &ar, &g, NULL), 0);
        with_options += g.pub.n_options >= 3;
        for (size_t o = 0; o < g.pub.n_options; o++)
            if (strncmp(g.pub.options[o], "수직 확장", strlen("수직 확장")) == 0 ||
                strncmp(g.pub.options[o], "서비스별 독립", strlen("서비스별 독립")) == 0 ||
                strncmp(g.pub.options[o], "현재 트래픽", strlen("현재 트래픽")) == 0)
                fail_msg("seed %llu offers '%s'", (unsigned long long)seed, g.pub.options[o]);
        arena_free(&ar);
    }
    assert_int_equal(with_options, 60);
    t_bank_close(a, b, e);
}

/* A document of its own for the wrong-kind rules (the review of seed 6404,
 * defect 3): "서비스" is in the options of many items, "야간" of few. */
static const char kind_doc[] = "# 물류 가이드\n\n"
                               "## 1. 배송\n\n"
                               "> **Q: 야간 배송 서비스 인증은 어떻게 처리하는가?**\n"
                               "> **A:** 야간 도착 문자 발송, 수령인 서명 받기, 현관 사진 기록.\n"
                               ">\n"
                               "> **Q: 배송 지연을 줄이는 방법은?**\n"
                               "> **A:** 야간 서비스 차량 증편, 상차 순서 조정, 예비 차량 배치.\n"
                               ">\n"

                               "> **Q: 대표적인 소포 추적 관리 솔루션은?**\n"
                               "> **A:** TrackOne, ShipLog, ParcelEye, RouteBell.\n"
                               ">\n"
                               "> **Q: 위치 조회를 어디에 적용하는가?**\n"
                               "> **A:** 소포 추적, 반품 회수, 재고 이동, 차량 배차.\n"
                               ">\n"
                               "> **Q: 대표적인 경로 최적화 도구는?**\n"
                               "> **A:** RouteMax, PathPro, OptiVan, LaneKit.\n"
                               ">\n"
                               "> **Q: 대표적인 차량 관제 제품은?**\n"
                               "> **A:** FleetEye, CarTrack, VanWatch, DriveLog.\n"
                               ">\n"
                               "## 2. 창고\n\n"
                               "> **Q: 창고 서비스 품질을 높이는 방법은?**\n"
                               "> **A:** 서비스 교육, 서비스 점검, 서비스 평가 기준 도입.\n"
                               ">\n"
                               "> **Q: 야간 재고 실사를 하는 방법은?**\n"
                               "> **A:** 야간 조 편성, 서비스 구역별 순환, 바코드 스캐너 사용.\n"
                               ">\n"
                               "> **Q: 풀필먼트란?**\n"
                               "> **A:** 보관과 포장 서비스를 대신 맡는 것.\n"
                               ">\n"
                               "> **Q: 창고 보안이란?**\n"
                               "> **A:** 출입 통제 서비스와 CCTV 감시.\n"
                               ">\n"
                               "## 3. 고객\n\n"
                               "> **Q: 고객 센터란?**\n"
                               "> **A:** 문의와 불만을 받는 서비스 창구.\n"
                               ">\n"
                               "> **Q: 멤버십이란?**\n"
                               "> **A:** 자주 사는 고객에게 주는 할인 서비스.\n"
                               ">\n"
                               "> **Q: 반품 접수란?**\n"
                               "> **A:** 고객이 요청한 반품 서비스를 등록하는 일.\n";

/* Another topic's candidate only with a rare stem word (야간, not 서비스,
 * which many options carry: the cache-warming answer for "eBPF 기반 서비스
 * 메시란?"). */
static void distractors_elsewhere_by_rare_words(void **state)
{
    (void)state;
    t_doc_bank f;
    assert_int_equal(t_doc_bank_open(&f, "logistics", kind_doc), 0);
    /* the candidates from other topics worked out at build */
    const g_item *auth = item_asking(f.e, "야간 배송 서비스 인증은 어떻게 처리하는가?");
    int rare = 0, common = 0;
    for (uint32_t c = 0; c < auth->n_rel; c++) {
        rare += strncmp(f.e->items[auth->rel[c]].option, "야간 조", strlen("야간 조")) == 0;
        common +=
            strncmp(f.e->items[auth->rel[c]].option, "서비스 교육", strlen("서비스 교육")) == 0;
    }
    assert_int_equal(rare, 1);
    assert_int_equal(common, 0);
    t_doc_bank_close(&f);
}

/* The review of seed 5309, defect 1: the shapes a reader sees without
 * knowing the subject, and the shape solver that picks the only one. */
static void shapes_and_the_shape_solver(void **state)
{
    (void)state;
    assert_int_equal(answer_shape("명사 사용(/users), 계층 표현(/users/123/orders)"), SHAPE_PATH);
    assert_int_equal(answer_shape("see https://example.org"), SHAPE_PATH);
    assert_int_equal(answer_shape("I/O, 메시지/초, 무효화/갱신, EKS/Fargate"), 0);
    assert_int_equal(answer_shape("작업 세트 크기 × 히트율 목표"), SHAPE_FORMULA);
    assert_int_equal(answer_shape("broker count = throughput / capacity"), SHAPE_FORMULA);
    assert_int_equal(answer_shape("Cache-Control(max-age), ETag(hash), Last-Modified (time)"),
                     SHAPE_FIELDS);
    /* one name, or names not glossed, are no list of fields */
    assert_int_equal(answer_shape("강한 일관성(Write-Through, 짧은 TTL)"), 0);
    assert_int_equal(answer_shape("Write-Through는 일관성, Write-Behind는 성능"), 0);
    assert_int_equal(answer_shape("L1(로컬) → L2(분산) → Origin"), SHAPE_CHAIN);
    assert_int_equal(answer_shape("parse -> plan -> run"), SHAPE_CHAIN);
    assert_int_equal(answer_shape(NULL), 0);

    assert_true(stem_names_two("서버리스와 컨테이너 하이브리드 전략은?"));
    assert_true(stem_names_two("DDD와 마이크로서비스의 관계는?"));
    assert_true(stem_names_two("How to combine queues and streams?"));
    assert_false(stem_names_two("캐시 결과 저장 방법은?"));
    assert_false(stem_names_two("Kafka의 Partition이란?"));
    assert_true(answer_two_sided("변동 트래픽 처리는 Lambda, 상시 실행 서비스는 EKS"));
    assert_false(answer_two_sided("쓰기 시 캐시 무효화, 짧은 TTL, 이벤트 기반 무효화"));

    assert_true(stem_asks_law("Amdahl의 법칙이란?"));
    assert_true(stem_asks_law("PACELC 정리란?"));
    assert_true(stem_asks_law("What is Little's law?"));
    assert_false(stem_asks_law("Conway의 법칙과 아키텍처의 관계는?"));
    assert_false(stem_asks_law("What is a lawful request?"));
    assert_false(stem_asks_law("데이터 정리 방법은?"));

    /* the only path: found; every option with a path: a guess */
    const char *path[] = {"상태 코드 사용", "명사 사용(/users)", "HTTP 메서드 사용", "버전 관리"};
    assert_true(fabs(cue_shape("URL 설계 원칙은?", path, 4, 1) - 1.0) < 1e-12);
    assert_true(fabs(cue_shape("URL 설계 원칙은?", path, 4, 0)) < 1e-12);
    const char *paths[] = {"(/a)", "(/b)", "(/c)"};
    assert_true(fabs(cue_shape("URL?", paths, 3, 2) - 1.0 / 3) < 1e-12);
    /* the only method among a formula and an order of layers */
    const char *plain[] = {"크기 × 히트율", "쓰기 시 무효화, 짧은 TTL", "L1 → L2 → DB"};
    assert_true(fabs(cue_shape("일관성을 어떻게 보장하는가?", plain, 3, 1) - 1.0) < 1e-12);
    /* the only two-sided split for a stem naming two things */
    const char *split[] = {"미리 웜업, 경량 런타임", "변동 트래픽 처리는 Lambda, 상시 서비스는 EKS",
                           "메모리 최적화, 호출 제거"};
    assert_true(fabs(cue_shape("서버리스와 컨테이너 하이브리드 전략은?", split, 3, 1) - 1.0) <
                1e-12);
    assert_true(fabs(cue_shape("서버리스 전략은?", split, 3, 1) - 1.0 / 3) < 1e-12);
}

static int key_alone_in(const char *stem, const char *topic, const char *const *opts, int k,
                        int key)
{
    clang_unit u[32];
    size_t n = cue_clang_units_in(NULL, stem, topic, u, 32);
    unsigned m[8];
    for (int o = 0; o < k; o++)
        m[o] = cue_clang_mask(u, n, opts[o]);
    return cue_clang_key_alone(m, k, key, n);
}

/* The review of seed 5309, MC 7 and 12: for a definition stem the option
 * that translates the term stands out beside one that repeats it, and the
 * expansion the topic line prints above the stem is stem words. */
static void definitions_by_translation_and_topic_line(void **state)
{
    (void)state;
    const char *part[] = {"Topic을 물리적으로 분할한 단위", "Consumer들이 Partition을 나눠서 처리",
                          "최신 오프셋과 처리한 오프셋의 차이"};
    assert_true(key_alone_in("Kafka의 Partition이란?", NULL, part, 3, 0));
    /* repeated and translated alike, as before, for a stem of another type */
    assert_false(key_alone_in("Kafka의 Partition 수를 정하는 방법은?", NULL, part, 3, 0));
    const char *ddd[] = {"모델을 중심으로 소프트웨어를 설계하는 접근법",
                         "특정 도메인 모델이 적용되는 경계", "도메인에서 발생한 중요한 사건"};
    assert_false(key_alone_in("DDD란?", NULL, ddd, 3, 0));
    assert_true(key_alone_in("DDD란?", "DDD (Domain-Driven Design)", ddd, 3, 0));
    /* a title that expands another word is no stem word */
    assert_false(key_alone_in("DDD란?", "CQRS (Command Query Design)", ddd, 3, 0));
    assert_false(key_alone_in("DDD란?", "도메인 설계", ddd, 3, 0));
}

/* A document of its own for the shape rules: a formula key among methods, a
 * law among definitions, a key whose path examples are left out. */
static const char shape_doc[] =
    "# 요금 가이드\n\n"
    "## 1. 요금\n\n"
    "> **Q: 요금 산정 방법은?**\n"
    "> **A:** 사용량 × 단가 × 할인율.\n"
    ">\n"
    "> **Q: 할인 적용 방법은?**\n"
    "> **A:** 쿠폰 확인, 회원 등급 확인, 금액 차감.\n"
    ">\n"
    "> **Q: 청구 방법은?**\n"
    "> **A:** 월말 집계, 청구서 발송, 자동 이체.\n"
    ">\n"
    "> **Q: 환불 처리 방법은?**\n"
    "> **A:** 환불 요청 접수, 결제 취소, 포인트 회수.\n"
    ">\n"
    "> **Q: 연체 관리 방법은?**\n"
    "> **A:** 독촉 문자 발송, 서비스 일시 중지, 분할 납부 안내.\n"
    ">\n"
    "> **Q: 요금 조회 API 설계 방법은?**\n"
    "> **A:** 명사 경로(/bills), 월별 조회(/bills/2024-01), 페이지 나눔.\n"
    ">\n"
    "## 2. 용어\n\n"
    "> **Q: 정산이란?**\n"
    "> **A:** 거래 금액을 확정하여 주고받는 일.\n"
    ">\n"
    "> **Q: 선불이란?**\n"
    "> **A:** 서비스 이용 전에 값을 먼저 내는 방식.\n"
    ">\n"
    "> **Q: 후불이란?**\n"
    "> **A:** 서비스를 쓴 뒤에 값을 내는 방식.\n"
    ">\n"
    "> **Q: 가격 탄력성의 법칙이란?**\n"
    "> **A:** 가격이 오르면 수요가 줄어든다.\n";

static void shaped_keys_take_shaped_distractors(void **state)
{
    (void)state;
    t_doc_bank f;
    assert_int_equal(t_doc_bank_open(&f, "billing", shape_doc), 0);
    int asked;
    /* the formula: no distractor of its shape, so never multiple choice */
    assert_false(offers_ever(f.e, "요금 산정 방법은?", "사용량", &asked));
    assert_int_equal(asked, 0);
    /* nor a distractor for the methods, which are asked */
    assert_false(offers_ever(f.e, "할인 적용 방법은?", "사용량", &asked));
    assert_true(asked > 0);
    /* the law among definitions: no multiple choice, no distractor */
    assert_false(offers_ever(f.e, "가격 탄력성의 법칙이란?", "가격이", &asked));
    assert_int_equal(asked, 0);
    assert_false(offers_ever(f.e, "정산이란?", "가격이", &asked));
    assert_true(asked > 0);
    /* the path examples are left out of the option: no shape left */
    const g_item *api = item_asking(f.e, "요금 조회 API 설계 방법은?");
    assert_string_equal(api->option, "명사 경로, 월별 조회, 페이지 나눔");
    assert_int_equal(api->shape, 0);
    t_doc_bank_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shapes_and_the_shape_solver),
        cmocka_unit_test(shaped_keys_take_shaped_distractors),
        cmocka_unit_test(definitions_by_translation_and_topic_line),
        cmocka_unit_test(the_text_solver_finds_the_reviews_clangs),
        cmocka_unit_test(no_key_alone_repeats_a_stem_word),
        cmocka_unit_test(distractors_and_false_statements_of_the_asked_kind),
        cmocka_unit_test(key_positions_balanced_within_a_quiz),
        cmocka_unit_test(no_special_case_or_same_cases_as_distractor),
        cmocka_unit_test(distractors_elsewhere_by_rare_words),
        cmocka_unit_test(no_second_correct_of_the_reviews),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
