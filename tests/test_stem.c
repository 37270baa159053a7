/* Stem and answer-form classification (text/stem.h): a table of stems and
 * answers written for this test (Korean and English, wording not taken from
 * the bundled document), the bundled bank's own stems, the stored
 * classification (migration "form", import, --stem-type). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "support.h"
#include "text/stem.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct stem_case {
    const char *q;
    stem_type t;
} stem_case;

static const stem_case stems[] = {
    /* definition */
    {"로드 밸런싱이란?", STEM_DEFINITION},
    {"샤딩(Sharding)이란?", STEM_DEFINITION},
    {"멱등성이란 무엇인가?", STEM_DEFINITION},
    {"What is a write-ahead log?", STEM_DEFINITION},
    {"What are vector clocks?", STEM_DEFINITION},
    {"블룸 필터의 정의는?", STEM_DEFINITION},
    /* comparison */
    {"TCP와 UDP의 차이는?", STEM_COMPARISON},
    {"프로세스 vs 스레드?", STEM_COMPARISON},
    {"낙관적 잠금과 비관적 잠금을 비교하면?", STEM_COMPARISON},
    {"B-Tree와 LSM-Tree의 다른 점은?", STEM_COMPARISON},
    {"What is the difference between a mutex and a semaphore?", STEM_COMPARISON},
    {"Compare gossip and consensus protocols.", STEM_COMPARISON},
    /* method */
    {"핫 파티션을 어떻게 해결하는가?", STEM_METHOD},
    {"데드락 방지 방법은?", STEM_METHOD},
    {"무중단 배포를 하려면?", STEM_METHOD},
    {"스키마 마이그레이션 절차는?", STEM_METHOD},
    {"How do you detect a memory leak?", STEM_METHOD},
    {"How to roll back a failed release?", STEM_METHOD},
    {"캐시 무효화 전략은?", STEM_METHOD},
    {"핫 파티션 완화 방안은?", STEM_METHOD},
    {"Which caching strategy fits a read-heavy load?", STEM_METHOD},
    /* reason */
    {"인덱스가 쓰기를 느리게 하는 이유는?", STEM_REASON},
    {"왜 UUID v7을 쓰는가?", STEM_REASON},
    {"Why are retries dangerous without idempotency?", STEM_REASON},
    /* condition or timing */
    {"비정규화가 필요한 경우는?", STEM_CONDITION},
    {"리더 선출은 언제 일어나는가?", STEM_CONDITION},
    {"캐시를 비워야 하는 시점은?", STEM_CONDITION},
    {"When should you shard a database?", STEM_CONDITION},
    /* advantages and drawbacks */
    {"모노레포의 장점은?", STEM_PROSCONS},
    {"NoSQL의 단점은?", STEM_PROSCONS},
    {"웹소켓의 장단점은?", STEM_PROSCONS},
    {"What are the advantages of event sourcing?", STEM_PROSCONS},
    {"Pros and cons of server-side rendering?", STEM_PROSCONS},
    /* enumeration or examples */
    {"인덱스의 종류는?", STEM_ENUMERATION},
    {"장애 유형은?", STEM_ENUMERATION},
    {"NoSQL 데이터베이스의 예시는?", STEM_ENUMERATION},
    {"가장 흔한 보안 취약점 5가지는?", STEM_ENUMERATION},
    {"What kinds of indexes exist?", STEM_ENUMERATION},
    /* what something consists of or offers, and by what it is chosen */
    {"로드 밸런서의 주요 기능은?", STEM_ENUMERATION},
    {"Raft의 구성 요소는?", STEM_ENUMERATION},
    {"서킷 브레이커의 상태는?", STEM_ENUMERATION},
    {"샤드 키 선택 기준은?", STEM_ENUMERATION},
    {"What are the components of a service mesh?", STEM_ENUMERATION},
    /* numeric */
    {"Raft 클러스터에는 몇 개의 노드가 필요한가?", STEM_NUMERIC},
    /* caveats count with the drawbacks */
    {"샤딩 도입 시 주의점은?", STEM_PROSCONS},
    {"캐시 사용 시 주의사항은?", STEM_PROSCONS},
    {"적정 커넥션 풀 크기는 얼마인가?", STEM_NUMERIC},
    {"How many replicas does a quorum need?", STEM_NUMERIC},
    /* the word that comes last decides in Korean, first in English */
    {"장점을 살리면서 단점을 줄이는 방법은?", STEM_METHOD},
    {"트래픽이 몰릴 때 어떻게 대응하는가?", STEM_METHOD},
    {"Why does this fail when the disk is full?", STEM_REASON},
    /* other */
    {"로드 밸런서의 역할은?", STEM_OTHER},
    {"좋은 API 설계 원칙은?", STEM_OTHER},
    {"서킷 브레이커가 열리면 어떻게 되는가?", STEM_OTHER},
};

typedef struct form_case {
    const char *a;
    answer_form f;
} form_case;

static const form_case forms[] = {
    {"요청을 여러 서버에 나누어 보내는 장치. 가용성을 높인다.", FORM_DEFINITION},
    {"데이터를 여러 노드에 나누어 저장하는 기법.", FORM_DEFINITION},
    {"A write-ahead log is a file where changes are recorded before they are applied.",
     FORM_DEFINITION},
    {"TCP는 연결 지향, UDP는 비연결.", FORM_COMPARISON},
    {"프로세스는 독립된 메모리를 가진다. 스레드는 메모리를 공유한다.", FORM_COMPARISON},
    {"낙관적: 충돌이 드물 때, 비관적: 충돌이 잦을 때.", FORM_COMPARISON},
    {"Mutexes have one owner, whereas semaphores count permits.", FORM_COMPARISON},
    {"B-Tree, LSM-Tree, 해시 인덱스, 비트맵 인덱스.", FORM_ENUM},
    {"빠른 조회, 간단한 구현, 낮은 메모리 사용.", FORM_ENUM},
    {"3개. 과반수가 살아 있어야 한다.", FORM_NUMBER},
    {"약 100ms 이내.", FORM_NUMBER},
    {"1. 백업 2. 마이그레이션 실행 3. 검증", FORM_PROCEDURE},
    {"요청 수신 → 인증 → 라우팅 → 응답", FORM_PROCEDURE},
    {"먼저 트래픽을 차단한 다음 롤백한다.", FORM_PROCEDURE},
    {"Domain Name System", FORM_OTHER},
};

static void stems_of_the_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
        stem_type t = stem_classify(stems[i].q);
        if (t != stems[i].t)
            fail_msg("'%s' asks for %s, classified %s", stems[i].q, stem_type_name(stems[i].t),
                     stem_type_name(t));
    }
    assert_int_equal(stem_classify(NULL), STEM_OTHER);
    assert_int_equal(stem_classify(""), STEM_OTHER);
}

static void answer_forms_of_the_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        answer_form f = answer_classify(forms[i].a);
        if (f != forms[i].f)
            fail_msg("'%s' is %s, classified %s", forms[i].a, answer_form_name(forms[i].f),
                     answer_form_name(f));
    }
    assert_int_equal(answer_classify(""), FORM_OTHER);
}

static void names_fits_and_cue_words(void **state)
{
    (void)state;
    for (int t = 0; t < STEM__COUNT; t++)
        assert_int_equal(stem_type_parse(stem_type_name((stem_type)t)), t);
    for (int f = 0; f < FORM__COUNT; f++)
        assert_int_equal(answer_form_parse(answer_form_name((answer_form)f)), f);
    assert_int_equal(stem_type_parse("bogus"), -1);
    assert_true(stem_form_fits(STEM_COMPARISON, FORM_COMPARISON));
    assert_false(stem_form_fits(STEM_COMPARISON, FORM_DEFINITION));
    assert_false(stem_form_fits(STEM_NUMERIC, FORM_ENUM));
    assert_false(stem_form_fits(STEM_DEFINITION, FORM_COMPARISON));
    assert_true(stem_form_fits(STEM_OTHER, FORM_PROCEDURE));
    assert_true(stem_is_cue_word("이유", strlen("이유")));
    assert_false(stem_is_cue_word("캐시", strlen("캐시")));
    assert_true(answer_is_occurrence("처리 속도가 느릴 때 발생. 해결은 …"));
    assert_false(answer_is_occurrence("속도를 제한한다."));
}

/* The bundled bank's stems: named ones classified as a reader would, and
 * few left as "other". */
static void the_bundled_stems(void **state)
{
    (void)state;
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &a, &b, &e), 0);
    assay_list *l = NULL;
    assert_int_equal(assay_bank_items(b, NULL, &l), ASSAY_OK);
    static const struct {
        const char *q;
        const char *t;
    } named[] = {
        {"이벤트와 커맨드의 차이는?", "comparison"},
        {"BFF(Backend For Frontend) 패턴이란?", "definition"},
        {"적절한 임계값은 어떻게 설정하는가?", "method"},
        {"캐시 무효화가 어려운 이유는?", "reason"},
        {"서버리스가 부적합한 경우는?", "condition"},
        {"GraphQL의 장단점은?", "proscons"},
        {"RabbitMQ Exchange 유형은?", "enumeration"},
        {"결과적 일관성 지연을 어떻게 처리하는가?", "method"},
        {"왜 셋 다 가질 수 없는가?", "reason"},
        {"서비스 메시 도입이 필요한 시점은?", "condition"},
        /* once only in gen/engine's own table (matching sets, scenarios) */
        {"API Gateway의 주요 기능은?", "enumeration"},
        {"서비스 분리의 기준은?", "enumeration"},
        {"CQRS 도입 시 주의점은?", "proscons"},
        {"Rate Limiting 전략은?", "method"},
    };
    size_t found = 0, other = 0, qa = 0;
    for (size_t i = 0; i < assay_list_count(l); i++) {
        const assay_item_info *it = assay_list_item(l, i);
        assert_non_null(it->stem_type);
        assert_true(stem_type_parse(it->stem_type) >= 0);
        assert_true(answer_form_parse(it->answer_form) >= 0);
        if (it->kind != ASSAY_KIND_SCENARIO) {
            qa++;
            other += strcmp(it->stem_type, "other") == 0;
        }
        for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
            if (strcmp(it->question, named[k].q) == 0) {
                found++;
                if (strcmp(it->stem_type, named[k].t) != 0)
                    fail_msg("'%s' classified %s, not %s", it->question, it->stem_type, named[k].t);
            }
    }
    assert_true(found >= sizeof named / sizeof named[0]);
    /* most questions say what they ask */
    assert_true(other * 100 <= qa * 40);
    assay_list_free(l);

    /* --stem-type */
    assay_item_filter f;
    assay_item_filter_init(&f);
    f.stem_type = "comparison";
    assert_int_equal(assay_bank_items(b, &f, &l), ASSAY_OK);
    assert_true(assay_list_count(l) >= 5);
    for (size_t i = 0; i < assay_list_count(l); i++)
        assert_string_equal(assay_list_item(l, i)->stem_type, "comparison");
    assay_list_free(l);
    f.stem_type = "bogus";
    assert_int_equal(assay_bank_items(b, &f, &l), ASSAY_EUSAGE);
    assert_null(l);
    t_bank_close(a, b, e);
}

/* One integer from a query on the bank file. */
static long query_long(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    long v = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
            int rc = sqlite3_step(st);
            v = rc == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

/* Imported items carry their class in the store; importing the same
 * document again creates no item version; an item stored unclassified (as
 * before the migration) is listed with its class and classified by the next
 * import, still without a new version. */
static void the_class_is_stored_at_import(void **state)
{
    (void)state;
    char *dir = t_tmpdir();
    assert_non_null(dir);
    char *db = t_path(dir, "bank.db");
    char url[4096];
    snprintf(url, sizeof url, "sqlite:%s", db);
    const char *doc = ASSAY_SOURCE_DIR "/data/kb/architecture-scalability.md";
    t_run r;
    const char *imp[] = {ASSAY_BIN, "import", "--db", url, doc, NULL};
    assert_int_equal(t_exec(imp, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    long versions = query_long(db, "SELECT count(*) FROM item_version");
    assert_true(versions > 200);
    assert_int_equal(
        query_long(db, "SELECT count(*) FROM item WHERE stem_type = '' OR answer_form = ''"), 0);
    assert_true(query_long(db, "SELECT count(*) FROM item WHERE stem_type = 'comparison'") >= 5);
    /* as if imported before the migration: unclassified */
    assert_int_equal(query_long(db, "UPDATE item SET stem_type = '', answer_form = ''"), 0);
    /* listed with its class all the same */
    const char *items[] = {ASSAY_BIN,     "items",      "--db",   url,
                           "--stem-type", "comparison", "--json", NULL};
    assert_int_equal(t_exec(items, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"stem_type\":\"comparison\""));
    assert_null(strstr(r.out, "\"stem_type\":\"definition\""));
    t_run_free(&r);
    const char *bad[] = {ASSAY_BIN, "items", "--db", url, "--stem-type", "bogus", NULL};
    assert_int_equal(t_exec(bad, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    t_run_free(&r);
    /* the same document again: classified in the store, no new version */
    assert_int_equal(t_exec(imp, NULL, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    assert_int_equal(
        query_long(db, "SELECT count(*) FROM item WHERE stem_type = '' OR answer_form = ''"), 0);
    assert_int_equal(query_long(db, "SELECT count(*) FROM item_version"), versions);
    assert_int_equal(t_exec(imp, NULL, NULL, &r), 0);
    t_run_free(&r);
    assert_int_equal(query_long(db, "SELECT count(*) FROM item_version"), versions);
    free(db);
    t_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stems_of_the_table),
        cmocka_unit_test(answer_forms_of_the_table),
        cmocka_unit_test(names_fits_and_cue_words),
        cmocka_unit_test(the_bundled_stems),
        cmocka_unit_test(the_class_is_stored_at_import),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
