/* Importer tests: the bundled document, a golden model, every variant users
 * write, the generic Q/A markups, bad input and pathological input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "kb/json.h"
#include "kb/parse.h"
#include "support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define DATA    ASSAY_TEST_DATA
#define BUNDLED ASSAY_SOURCE_DIR "/data/kb/architecture-scalability.md"

static kb_doc *load(const char *path, errinfo *e)
{
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
    kb_doc *d = NULL;
    err_clear(e);
    kb_load(path, &o, &d, e);
    return d;
}

static kb_doc *parse_mem(const char *name, const char *s, size_t n, errinfo *e)
{
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, "test"};
    kb_doc *d = NULL;
    err_clear(e);
    kb_parse(name, s, n, &o, &d, e);
    return d;
}

static const kb_item *item_at_line(const kb_doc *d, long line)
{
    for (size_t i = 0; i < d->n_items; i++)
        if (d->items[i].line == line)
            return &d->items[i];
    return NULL;
}

/* ---- the bundled document ---------------------------------------------- */

static void bundled_document_has_the_published_counts(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load(BUNDLED, &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 15);
    assert_int_equal(d->n_blocks, 60);
    assert_int_equal(kb_doc_count(d, KB_LEVEL_QA), 220);
    assert_int_equal(kb_doc_count(d, KB_INTERVIEW_QA), 15);
    assert_int_equal(kb_doc_count(d, KB_SCENARIO), 15);
    assert_int_equal(d->n_warnings, 0);
    assert_int_equal(d->n_levels, 4);
    assert_string_equal(d->levels[0].label, "입문");
    assert_string_equal(d->levels[3].label, "리드/CTO");
    assert_string_equal(d->levels[1].description, "실무 적용, 트러블슈팅 기초");
    for (size_t t = 0; t < d->n_topics; t++) {
        assert_int_equal(d->topics[t].number, (int)t + 1);
        assert_int_equal(d->topics[t].n_blocks, 4);
        assert_true(strlen(d->topics[t].concept) > 40);
    }
    assert_string_equal(d->topics[0].title, "모놀리스 vs 마이크로서비스");
    assert_string_equal(d->topics[4].title, "CQRS (Command Query Responsibility Segregation)");
    kb_doc_free(d);
}

/* Every "> **Q:" line of the file is exactly one level Q/A item, and every
 * "- Q:" line one interview item: provenance lines are exact. */
static void bundled_items_point_at_their_question_lines(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load(BUNDLED, &e);
    assert_non_null(d);
    char *text = t_read_file(BUNDLED, NULL);
    assert_non_null(text);
    long line = 1;
    size_t level_q = 0, interview_q = 0;
    for (char *p = text; *p; line++) {
        char *nl = strchr(p, '\n');
        if (strncmp(p, "> **Q:", 6) == 0) {
            const kb_item *it = item_at_line(d, line);
            assert_non_null(it);
            assert_int_equal(it->kind, KB_LEVEL_QA);
            level_q++;
        } else if (strncmp(p, "- Q:", 4) == 0) {
            const kb_item *it = item_at_line(d, line);
            assert_non_null(it);
            assert_int_equal(it->kind, KB_INTERVIEW_QA);
            interview_q++;
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    assert_int_equal(level_q, 220);
    assert_int_equal(interview_q, 15);
    free(text);

    const kb_item *first = item_at_line(d, 30);
    assert_string_equal(first->question, "모놀리스 아키텍처란?");
    assert_string_equal(first->answer, "모든 기능이 단일 애플리케이션으로 통합된 구조. 하나의 "
                                       "코드베이스, 하나의 배포 단위, 하나의 데이터베이스를 "
                                       "공유한다.");
    assert_int_equal(first->level, 1);
    assert_int_equal(d->blocks[first->block].subtopics.n, 3);
    assert_string_equal(d->blocks[first->block].subtopics.v[0],
                        "모놀리스와 마이크로서비스의 기본 개념");
    /* code spans keep their backticks */
    const kb_item *filters = item_at_line(d, 142);
    assert_non_null(filters);
    assert_non_null(strstr(filters->answer, "`/users?status=active&role=admin`"));
    /* level 4 block of topic 12 has three questions, levels 2 and 3 six */
    size_t per_level[5] = {0};
    for (size_t i = 0; i < d->n_items; i++)
        if (d->items[i].topic == 11 && d->items[i].kind == KB_LEVEL_QA)
            per_level[d->items[i].level]++;
    assert_int_equal(per_level[1], 3);
    assert_int_equal(per_level[2], 6);
    assert_int_equal(per_level[3], 6);
    assert_int_equal(per_level[4], 3);
    kb_doc_free(d);
}

static void bundled_scenarios_keep_labels_and_code_verbatim(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load(BUNDLED, &e);
    assert_non_null(d);
    const kb_item *sc = item_at_line(d, 262);
    assert_non_null(sc);
    assert_int_equal(sc->kind, KB_SCENARIO);
    assert_int_equal(sc->level, 0);
    assert_string_equal(sc->question, "주문 처리 비동기화");
    const kb_scenario *s = sc->scenario;
    assert_int_equal(s->n_parts, 3);
    assert_string_equal(s->parts[0].label, "문제");
    assert_string_equal(s->parts[1].label, "해결");
    assert_string_equal(s->parts[2].label, "결과");
    assert_int_equal(s->parts[1].n_code, 1);
    assert_string_equal(s->parts[1].code[0].text,
                        "주문 API → [Kafka: order-created]\n"
                        "                 ├→ 결제 서비스 (필수, 실패 시 보상)\n"
                        "                 ├→ 재고 서비스 (필수, 실패 시 보상)\n"
                        "                 ├→ 알림 서비스 (비필수, 재시도)\n"
                        "                 └→ 포인트 서비스 (비필수, 재시도)\n");
    const kb_item *lua = item_at_line(d, 1346);
    assert_non_null(lua);
    assert_string_equal(lua->scenario->parts[1].label, "Redis Lua 스크립트 (Sliding Window)");
    assert_string_equal(lua->scenario->parts[1].code[0].info, "lua");
    const kb_item *sale = item_at_line(d, 614);
    assert_non_null(sale);
    assert_string_equal(sale->scenario->parts[1].label, "준비");
    assert_int_equal(sale->scenario->parts[1].items.n, 5);
    assert_string_equal(sale->scenario->parts[1].items.v[0], "사전 스케일 아웃 (warm-up)");
    /* the labels vary and are kept as written */
    const kb_item *legacy = item_at_line(d, 1074);
    assert_string_equal(legacy->scenario->parts[0].label, "현재 문제");
    assert_string_equal(legacy->scenario->parts[1].label, "개선");
    assert_int_equal(legacy->scenario->parts[1].items.n, 4);
    kb_doc_free(d);
}

static void embedded_copy_is_the_shipped_file(void **state)
{
    (void)state;
    size_t n, m;
    char *file = t_read_file(BUNDLED, &n);
    const char *emb = assay_bundled_document(&m);
    assert_non_null(file);
    assert_int_equal(n, m);
    assert_memory_equal(file, emb, n);
    free(file);
    assert_string_equal(assay_bundled_kb_name(), "architecture-scalability");
}

/* ---- golden model and variants ------------------------------------------ */

static char *model_json(const kb_doc *d, unsigned flags)
{
    return kb_json_dump(kb_doc_to_json(d, flags));
}

static void canonical_document_matches_its_golden_model(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load(DATA "/kb/canonical.md", &e);
    assert_non_null(d);
    /* the golden file stores paths relative to the data folder */
    d->file = "canonical.md";
    char *got = model_json(d, KB_JSON_LINES);
    assert_non_null(got);
    const char *golden = DATA "/kb/canonical.json";
    char *want = t_golden(golden, got);
    assert_non_null(want);
    assert_string_equal(got, want);
    free(want);
    free(got);
    kb_doc_free(d);
}

/* The model without provenance (lines) and without heading numbers. */
static json_t *comparable(const kb_doc *d)
{
    json_t *j = kb_doc_to_json(d, 0);
    json_t *topics = json_object_get(j, "topics");
    size_t i;
    json_t *t;
    json_array_foreach(topics, i, t) json_object_del(t, "number");
    json_object_del(j, "kb");
    return j;
}

static void assert_same_model(const kb_doc *a, const kb_doc *b, const char *what)
{
    json_t *ja = comparable(a), *jb = comparable(b);
    if (!json_equal(ja, jb)) {
        char *sa = json_dumps(ja, JSON_COMPACT), *sb = json_dumps(jb, JSON_COMPACT);
        fprintf(stderr, "%s differs:\n%s\n%s\n", what, sa, sb);
        free(sa);
        free(sb);
    }
    assert_true(json_equal(ja, jb));
    json_decref(ja);
    json_decref(jb);
}

static void every_variant_imports_to_the_same_model(void **state)
{
    (void)state;
    static const char *const variants[] = {
        "variant-stars.md",       /* any number of stars, or none */
        "variant-level-words.md", /* Level 3, 레벨 3, Lv.3, L3 */
        "variant-qa-markup.md",   /* **Q.**, bare Q:/A:, 질문:/답: */
        "variant-no-numbers.md",  /* headings without numbers */
        "variant-blank-lines.md", /* extra blank lines */
    };
    errinfo e;
    kb_doc *base = load(DATA "/kb/canonical.md", &e);
    assert_non_null(base);
    assert_int_equal(base->n_items, 11);
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/kb/%s", DATA, variants[i]);
        kb_doc *v = load(path, &e);
        assert_non_null(v);
        assert_int_equal(v->n_warnings, 0);
        assert_same_model(base, v, variants[i]);
        kb_doc_free(v);
    }
    kb_doc_free(base);
}

static char *to_nfd(const char *s, size_t *n)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s),
                                      &out, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
    assert_true(k > 0);
    *n = (size_t)k;
    return (char *)out;
}

static char *to_crlf(const char *s, size_t n, size_t *out_n)
{
    char *p = malloc(2 * n + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            p[w++] = '\r';
        p[w++] = s[i];
    }
    p[w] = '\0';
    *out_n = w;
    return p;
}

static void crlf_bom_and_nfd_import_to_the_same_model(void **state)
{
    (void)state;
    size_t n;
    char *src = t_read_file(DATA "/kb/canonical.md", &n);
    assert_non_null(src);
    errinfo e;
    kb_doc *base = parse_mem("canonical.md", src, n, &e);
    assert_non_null(base);

    size_t cn;
    char *crlf = to_crlf(src, n, &cn);
    kb_doc *v = parse_mem("crlf.md", crlf, cn, &e);
    assert_non_null(v);
    assert_same_model(base, v, "CRLF");
    kb_doc_free(v);

    char *bom = malloc(n + 4);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, src, n);
    v = parse_mem("bom.md", bom, n + 3, &e);
    assert_non_null(v);
    assert_same_model(base, v, "BOM");
    kb_doc_free(v);

    size_t dn;
    char *nfd = to_nfd(src, &dn);
    assert_true(dn > n); /* decomposed Hangul is longer */
    v = parse_mem("nfd.md", nfd, dn, &e);
    assert_non_null(v);
    assert_same_model(base, v, "NFD");
    /* the text stored is NFC */
    assert_string_equal(v->topics[0].title, "캐싱");
    kb_doc_free(v);

    /* all three at once, with lines still right */
    size_t an;
    char *all_crlf = to_crlf(nfd, dn, &an);
    char *all = malloc(an + 4);
    memcpy(all, "\xEF\xBB\xBF", 3);
    memcpy(all + 3, all_crlf, an);
    v = parse_mem("all.md", all, an + 3, &e);
    assert_non_null(v);
    assert_same_model(base, v, "BOM+CRLF+NFD");
    for (size_t i = 0; i < v->n_items; i++)
        assert_int_equal(v->items[i].line, base->items[i].line);
    kb_doc_free(v);

    free(all);
    free(all_crlf);
    free(nfd);
    free(bom);
    free(crlf);
    free(src);
    kb_doc_free(base);
}

/* ---- generic Q/A markups --------------------------------------------------- */

static void check_warning(const kb_doc *d, long line, const char *needle)
{
    for (size_t i = 0; i < d->n_warnings; i++)
        if (d->warnings[i].line == line && strstr(d->warnings[i].message, needle))
            return;
    fail_msg("no warning at line %ld containing '%s'", line, needle);
}

static void details_blocks_are_questions(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load(DATA "/kb/details.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_items, 3);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "Closures");
    assert_string_equal(d->items[0].question, "What is a closure?");
    assert_int_equal(d->items[0].line, 6);
    assert_non_null(strstr(d->items[0].answer, "remembers the variables"));
    assert_non_null(strstr(d->items[0].answer, "```js\nfunction counter()"));
    assert_string_equal(d->items[1].question, "What is hoisting?");
    assert_string_equal(d->items[1].answer,
                        "Declarations are moved to the top of their scope before code runs.");
    assert_string_equal(d->items[2].answer, "The event loop takes tasks from the queue & runs "
                                            "them when the call stack is empty.\n- macrotasks\n"
                                            "- microtasks");
    for (size_t i = 0; i < d->n_items; i++) {
        assert_int_equal(d->items[i].kind, KB_INTERVIEW_QA);
        assert_int_equal(d->items[i].level, 0);
    }
    check_warning(d, 25, "without an answer");
    kb_doc_free(d);
}

static void question_headings_take_the_following_blocks(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load(DATA "/kb/question-headings.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_items, 4);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "인덱스");
    assert_string_equal(d->topics[1].title, "트랜잭션");
    assert_string_equal(d->items[1].question, "클러스터드 인덱스와 논클러스터드 인덱스의 차이는?");
    assert_string_equal(d->items[1].answer, "- 클러스터드: 데이터가 인덱스 순서로 물리 정렬\n"
                                            "- 논클러스터드: 별도 구조에서 데이터 위치를 가리킴");
    assert_string_equal(
        d->items[2].answer,
        "쿼리에 필요한 모든 컬럼을 인덱스가 포함하여 테이블 접근이 필요 없는 경우.");
    assert_int_equal(d->items[3].topic, 1);
    check_warning(d, 24, "without an answer");
    kb_doc_free(d);
}

static void numbered_questions_take_their_indented_answer(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load(DATA "/kb/numbered.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_items, 3);
    assert_string_equal(d->topics[0].title, "HTTP");
    assert_string_equal(d->items[0].question,
                        "What is the difference between HTTP/1.1 and HTTP/2?");
    assert_string_equal(d->items[0].answer, "HTTP/2 multiplexes many streams over one "
                                            "connection and compresses headers.");
    assert_int_equal(d->items[1].line, 8);
    assert_string_equal(d->items[2].answer,
                        "- Reuses one TCP connection for several requests\n- Saves handshakes");
    check_warning(d, 16, "without an answer");
    kb_doc_free(d);
}

static void questions_without_answers_are_skipped_with_file_and_line(void **state)
{
    (void)state;
    const char *doc = "# T\n\n## 1. 주제\n\n> ⭐ **Level 1 (입문)**\n>\n> **Q: 하나?**\n>\n"
                      "> **Q: 둘?**\n> **A:** 둘의 답\n\n- A: 질문 없는 답\n";
    errinfo e;
    kb_doc *d = parse_mem("mini.md", doc, strlen(doc), &e);
    assert_non_null(d);
    assert_int_equal(d->n_items, 1);
    assert_string_equal(d->items[0].question, "둘?");
    check_warning(d, 7, "question without an answer");
    check_warning(d, 12, "answer without a question");
    kb_doc_free(d);
}

static void a_question_after_prose_in_one_paragraph_is_found(void **state)
{
    (void)state;
    const char *doc = "# T\n\n## 1. 주제\n\n주제 소개 문장.\nQ: 질문?\nA: 답.\n";
    errinfo e;
    kb_doc *d = parse_mem("prose.md", doc, strlen(doc), &e);
    assert_non_null(d);
    assert_int_equal(d->n_items, 1);
    assert_string_equal(d->items[0].question, "질문?");
    assert_int_equal(d->items[0].line, 6);
    assert_string_equal(d->topics[0].concept, "주제 소개 문장.");
    kb_doc_free(d);
}

/* ---- bad input ------------------------------------------------------------- */

static void expect_bad(const char *path, long line, long long offset, const char *needle)
{
    assay *a = assay_new();
    assay_doc *d = NULL;
    assay_code rc = assay_doc_load(a, path, NULL, &d);
    if (rc != ASSAY_EINPUT)
        fail_msg("%s: expected ASSAY_EINPUT, got %s", path, assay_code_name(rc));
    assert_null(d);
    const assay_error *e = assay_last_error(a);
    assert_string_equal(e->file, path);
    assert_int_equal(e->line, line);
    assert_int_equal(e->offset, offset);
    if (!strstr(assay_errmsg(a), needle))
        fail_msg("%s: message '%s' lacks '%s'", path, assay_errmsg(a), needle);
    assay_free(a);
}

static void bad_input_is_refused_with_position(void **state)
{
    (void)state;
    expect_bad(DATA "/bad/invalid-utf8.md", 6, 53, "invalid UTF-8");
    expect_bad(DATA "/bad/binary.png", 3, 8, "binary content");
    expect_bad(DATA "/bad/empty.md", 0, -1, "empty file");
    expect_bad(DATA "/bad/whitespace.md", 0, -1, "only white space");
    expect_bad(DATA "/bad/no-items.md", 0, -1, "no recognisable items");
    expect_bad(DATA "/bad/no-answers.md", 7, -1, "2 question(s) but no answers");
    expect_bad(DATA "/bad/does-not-exist.md", 0, -1, "No such file");
    expect_bad(DATA "/bad", 0, -1, "is a directory");
}

static void documents_over_the_size_cap_are_refused(void **state)
{
    (void)state;
    assay *a = assay_new();
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    o.max_bytes = 1000;
    assay_doc *d = NULL;
    assert_int_equal(assay_doc_load(a, DATA "/kb/canonical.md", &o, &d), ASSAY_EINPUT);
    assert_non_null(strstr(assay_errmsg(a), "over the limit of 1000"));
    /* the same through memory */
    size_t n;
    char *s = t_read_file(DATA "/kb/canonical.md", &n);
    assert_int_equal(assay_doc_parse(a, "mem.md", s, n, &o, &d), ASSAY_EINPUT);
    o.max_bytes = 0; /* default */
    assert_int_equal(assay_doc_parse(a, "mem.md", s, n, &o, &d), ASSAY_OK);
    assay_doc_free(d);
    free(s);
    assay_free(a);
}

/* ---- pathological input: must finish, in bounded memory, without crashing -- */

static char *repeat(const char *unit, size_t times, const char *tail, size_t *n)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *p = malloc(u * times + t + 1);
    for (size_t i = 0; i < times; i++)
        memcpy(p + i * u, unit, u);
    memcpy(p + u * times, tail, t + 1);
    *n = u * times + t;
    return p;
}

static void pathological_input_finishes(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        size_t times;
        const char *tail;
    } cases[] = {
        {"> ", 50000, "**Q: 깊은 질문?**\n> **A:** 답\n"}, /* deep block quotes */
        {"- ", 50000, "Q: 깊은 목록?\n"},                  /* deep lists */
        {"[", 200000, "]\n"},                              /* brackets */
        {"*", 200000, "\n"},                               /* emphasis delimiters */
        {"`", 200000, "\n"},                               /* backticks */
        {"<details>", 50000, "\n"},                        /* unclosed details */
        {"<a ", 100000, "\n"},                             /* unclosed tags */
        {"| a ", 5000, "|\n|---|\n"},                      /* a very wide table */
        {"**Q: 질문?**\n", 50000, "**A:** 답\n"},          /* questions without answers */
        {"## 1. 주제\n", 50000, ""},                       /* headings only */
        {"> ⭐ **Level 1**\n\n", 20000, ""},                /* empty level blocks */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        char *s = repeat(cases[i].unit, cases[i].times, cases[i].tail, &n);
        errinfo e;
        kb_doc *d = parse_mem("hostile.md", s, n, &e);
        /* either a model or a clean refusal */
        assert_true(d != NULL || e.code == ASSAY_EINPUT);
        kb_doc_free(d);
        free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bundled_document_has_the_published_counts),
        cmocka_unit_test(bundled_items_point_at_their_question_lines),
        cmocka_unit_test(bundled_scenarios_keep_labels_and_code_verbatim),
        cmocka_unit_test(embedded_copy_is_the_shipped_file),
        cmocka_unit_test(canonical_document_matches_its_golden_model),
        cmocka_unit_test(every_variant_imports_to_the_same_model),
        cmocka_unit_test(crlf_bom_and_nfd_import_to_the_same_model),
        cmocka_unit_test(details_blocks_are_questions),
        cmocka_unit_test(question_headings_take_the_following_blocks),
        cmocka_unit_test(numbered_questions_take_their_indented_answer),
        cmocka_unit_test(questions_without_answers_are_skipped_with_file_and_line),
        cmocka_unit_test(a_question_after_prose_in_one_paragraph_is_found),
        cmocka_unit_test(bad_input_is_refused_with_position),
        cmocka_unit_test(documents_over_the_size_cap_are_refused),
        cmocka_unit_test(pathological_input_finishes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
