/* Importer tests for the shapes real question collections take (issue 12,
 * structure): repeated headings, question detection beyond '?', answers
 * bounded by the outline, sub-headings, Q bullets, questions-only documents,
 * <details> answer labels, topics from the outline only, non-Q/A content.
 * Each document is tests/data/kb/real/NAME.md; the model is checked exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/api_int.h"
#include "assay.h"
#include "bank/derive.h"
#include "kb/parse.h"
#include "kb/pattern.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REAL ASSAY_TEST_DATA "/kb/real/"

static kb_doc *load(const char *name, errinfo *e)
{
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
    kb_doc *d = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s%s", REAL, name);
    err_clear(e);
    kb_load(path, &o, &d, e);
    return d;
}

typedef struct want {
    size_t topic;
    long line;
    const char *q, *a;
} want;

static void expect_items(const kb_doc *d, const want *w, size_t n)
{
    assert_int_equal(d->n_items, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(d->items[i].topic, w[i].topic);
        assert_int_equal(d->items[i].line, w[i].line);
        assert_string_equal(d->items[i].question, w[i].q);
        assert_string_equal(d->items[i].answer, w[i].a);
        assert_int_equal(d->items[i].kind, KB_INTERVIEW_QA);
    }
}

typedef struct wwarn {
    long line;
    const char *needle;
} wwarn;

static void expect_warnings(const kb_doc *d, const wwarn *w, size_t n)
{
    if (d->n_warnings != n) {
        for (size_t i = 0; i < d->n_warnings; i++)
            fprintf(stderr, "warning %ld: %s\n", d->warnings[i].line, d->warnings[i].message);
    }
    assert_int_equal(d->n_warnings, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(d->warnings[i].line, w[i].line);
        if (!strstr(d->warnings[i].message, w[i].needle))
            fail_msg("warning %zu: '%s' lacks '%s'", i, d->warnings[i].message, w[i].needle);
    }
}

/* ---- 1. repeated heading titles ------------------------------------------------ */

static void repeated_headings_are_distinct_topics_and_import(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("repeated-headings.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "Example");
    assert_string_equal(d->topics[1].title, "Example");
    assert_string_equal(d->topics[0].key, "example");
    assert_string_equal(d->topics[1].key, "example #2");
    const want w[] = {
        /* the code the question points at ("below code") is the question's */
        {0, 5, "What is the output of below code\n```js\nconsole.log(typeof null);\n```",
         "It prints `object`: a historical bug kept for compatibility."},
        {1, 15, "What is the output of below code\n```js\nconsole.log(0.1 + 0.2 === 0.3);\n```",
         "It prints `false`: binary floating point cannot hold 0.1 exactly."},
    };
    expect_items(d, w, 2);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);

    /* what check accepts, import stores (twice: the second import changes nothing) */
    char *dir = t_tmpdir();
    assert_non_null(dir);
    char *db = t_path(dir, "bank.db");
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s", db);
    assay *a = assay_new();
    assert_non_null(a);
    for (int round = 0; round < 2; round++) {
        assay_doc *doc = NULL;
        assert_int_equal(assay_doc_load(a, REAL "repeated-headings.md", NULL, &doc), ASSAY_OK);
        assay_bank *b = NULL;
        assert_int_equal(assay_bank_open(a, url, &b), ASSAY_OK);
        assay_import_result r;
        memset(&r, 0, sizeof r);
        assay_code rc = assay_bank_import(b, &doc, 1, &r);
        if (rc != ASSAY_OK)
            fail_msg("import: %s", assay_errmsg(a));
        assert_int_equal(r.added, round == 0 ? 2 : 0);
        assert_int_equal(r.unchanged, round == 0 ? 0 : 2);
        assay_bank_close(b);
        assay_doc_free(doc);
    }
    /* a model with two topics of one key (not from kb/parse) is bad input, not a storage error */
    assay_doc *doc = NULL;
    assert_int_equal(assay_doc_load(a, REAL "repeated-headings.md", NULL, &doc), ASSAY_OK);
    doc->m->topics[1].key = doc->m->topics[0].key;
    doc->m->topics[1].title = "Example (renamed)";
    assay_bank *b = NULL;
    assert_int_equal(assay_bank_open(a, url, &b), ASSAY_OK);
    assay_import_result r;
    assert_int_equal(assay_bank_import(b, &doc, 1, &r), ASSAY_EINPUT);
    assert_non_null(strstr(assay_errmsg(a), "repeated-headings.md:13"));
    assert_non_null(strstr(assay_errmsg(a), "a second topic with the key"));
    assay_bank_close(b);
    assay_doc_free(doc);
    assay_free(a);
    t_rm_rf(dir);
    free(db);
    free(dir);
}

/* A topic whose folded title with the ordinal is already another topic's. */
static void repeated_keys_stay_unique_against_written_ordinals(void **state)
{
    (void)state;
    const char *doc = "# T\n\n## A #2\n\n### X란?\n\n답 하나.\n\n## A\n\n### Y란?\n\n답 둘.\n\n"
                      "## A\n\n### Z란?\n\n답 셋.\n";
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, "t"};
    kb_doc *d = NULL;
    errinfo e;
    err_clear(&e);
    assert_int_equal(kb_parse("t.md", doc, strlen(doc), &o, &d, &e), ASSAY_OK);
    assert_int_equal(d->n_topics, 3);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = i + 1; j < 3; j++)
            assert_string_not_equal(d->topics[i].key, d->topics[j].key);
    kb_doc_free(d);
}

/* ---- 2. question detection -------------------------------------------------------- */

static void korean_endings_and_numbered_headings_are_questions(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("korean-endings.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "네트워크");
    const want w[] = {
        {0, 5, "OSI 7계층을 설명하시오", "통신을 일곱 계층으로 나눈 참조 모델이다."},
        {0, 9, "TCP와 UDP의 차이", "TCP는 연결 지향이고 UDP는 비연결형이다."},
        {0, 13, "접근 제어자란? (Access Modifier)",
         "클래스와 멤버에 대한 접근 범위를 정하는 키워드다."},
        {0, 17, "3-way handshake를 설명해 주세요.",
         "SYN, SYN-ACK, ACK 세 번의 교환으로 연결을 연다."},
        {0, 21, "C++ 실행 과정", "전처리, 컴파일, 어셈블, 링크를 거쳐 실행 파일이 된다."},
        {0, 25, "쿠키와 세션의 비교", "쿠키는 클라이언트에, 세션은 서버에 상태를 둔다."},
        {0, 29, "로드 밸런서의 역할을 말해 보세요", "여러 서버에 요청을 나누어 보낸다."},
        {0, 33, "HTTP는 무상태인가", "요청마다 독립적으로 처리되므로 무상태다."},
    };
    expect_items(d, w, 8);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

static void english_interrogatives_without_a_mark_are_questions(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("english-no-mark.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 5, "What are the possible ways to create objects in JavaScript",
         "Object literals, constructors, `Object.create` and classes."},
        {0, 9, "Explain the prototype chain",
         "Each object links to a prototype; property lookups walk the links until `null`."},
        {0, 13, "How does `this` work in arrow functions",
         "Arrow functions take `this` from the enclosing scope."},
    };
    expect_items(d, w, 3);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

static void question_class_reads_endings(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        pat_qclass c;
    } cases[] = {
        {"OSI 7계층을 설명하시오.", PQ_STRONG},
        {"시스템 콜이 무엇인지 설명해 주세요.", PQ_STRONG},
        {"접근 제어자란? (Access Modifier)", PQ_STRONG},
        {"**What is X?**", PQ_STRONG},
        {"Q. 스택", PQ_STRONG},
        {"프로세스란", PQ_WEAK},
        {"TCP와 UDP의 차이점", PQ_WEAK},
        {"What is the output of below code", PQ_WEAK},
        {"How to install", PQ_NONE},
        {"12. C++ 실행 과정", PQ_NUMBERED},
        {"Installation", PQ_NONE},
        {"모놀리스 vs 마이크로서비스", PQ_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (pat_question_class(cases[i].s, strlen(cases[i].s)) != cases[i].c)
            fail_msg("'%s': class %d, want %d", cases[i].s,
                     (int)pat_question_class(cases[i].s, strlen(cases[i].s)), (int)cases[i].c);
    assert_true(pat_answer_label("Answer:", 7));
    assert_true(pat_answer_label("정답 보기", strlen("정답 보기")));
    assert_false(pat_answer_label("What is the answer?", 19));
    assert_true(pat_ui_label("CLICK ME", 8));
    assert_false(pat_ui_label("What is X", 9));
}

/* ---- 3. answers bounded by structure ------------------------------------------ */

static void sub_headings_stay_in_their_answer(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("sub-headings.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "운영체제");
    assert_string_equal(d->topics[1].title, "네트워크");
    const want w[] = {
        {0, 5, "페이징과 세그먼테이션이란?",
         "페이징\n메모리를 같은 크기의 페이지로 나눈다.\n세그먼테이션\n메모리를 논리적 단위인 "
         "세그먼트로 나눈다."},
        {0, 15, "데드락이란?", "두 프로세스가 서로의 자원을 기다리며 멈춘 상태."},
        {1, 21, "TCP란?",
         "연결 지향 전송 계층 프로토콜이다.\n둘의 차이는?\nUDP와 달리 순서와 도착을 보장한다."},
        {1, 29, "UDP란?", "비연결형 전송 계층 프로토콜이다."},
    };
    expect_items(d, w, 4);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* A question sub-heading at a depth the document asks at elsewhere is a question. */
static void sub_questions_at_a_questioned_depth_are_items(void **state)
{
    (void)state;
    const char *doc = "# T\n\n## A\n\n### X란?\n\nX의 답.\n\n#### X의 장점은?\n\n빠르다.\n\n"
                      "## B\n\n#### Y란?\n\nY의 답.\n";
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, "t"};
    kb_doc *d = NULL;
    errinfo e;
    err_clear(&e);
    assert_int_equal(kb_parse("t.md", doc, strlen(doc), &o, &d, &e), ASSAY_OK);
    const want w[] = {
        {0, 5, "X란?", "X의 답."},
        {0, 9, "X의 장점은?", "빠르다."},
        {1, 15, "Y란?", "Y의 답."},
    };
    expect_items(d, w, 3);
    kb_doc_free(d);
}

static void q_bullets_end_with_their_item(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("q-bullets.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    const want w[] = {
        {0, 5, "스택이란?", "- 나중에 넣은 것을 먼저 꺼내는 자료구조"},
        {1, 12, "큐란?", "먼저 넣은 것을 먼저 꺼내는 자료구조."},
    };
    expect_items(d, w, 2);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- 4. questions-only documents ------------------------------------------------ */

static void follow_up_lists_are_no_answers(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("follow-ups.md", &e);
    assert_null(d);
    assert_int_equal(e.code, ASSAY_EINPUT);
    assert_non_null(strstr(e.msg, "4 question(s) but no answers"));
    assert_int_equal(e.line, 6);

    /* with one real answer the rest are skipped, each with a warning and a summary */
    char *src = t_read_file(REAL "follow-ups.md", NULL);
    assert_non_null(src);
    size_t n = strlen(src);
    const char *tail = "\n정의: 유저 모드에서 커널 모드로 전환하는 것이다.\n";
    char *doc = malloc(n + strlen(tail) + 1);
    assert_non_null(doc);
    memcpy(doc, src, n);
    memcpy(doc + n, tail, strlen(tail) + 1);
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, "t"};
    d = NULL;
    err_clear(&e);
    assert_int_equal(kb_parse("follow-ups.md", doc, strlen(doc), &o, &d, &e), ASSAY_OK);
    const want w[] = {
        {0, 22, "컨텍스트 스위칭이란?", "정의: 유저 모드에서 커널 모드로 전환하는 것이다."},
    };
    expect_items(d, w, 1);
    const wwarn ww[] = {
        {6, "followed only by questions"},
        {14, "followed only by questions"},
        {20, "without an answer"},
        {6, "skipped 3 question-like entries: 1 without an answer, 2 followed only by follow-up"},
    };
    expect_warnings(d, ww, 4);
    kb_doc_free(d);
    free(doc);
    free(src);
}

/* ---- 5 and 7. <details> answer labels, demo blocks ---------------------------- */

static void details_answer_labels_take_the_question_before(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("details-answer.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "Basics");
    assert_string_equal(d->topics[0].concept, "");
    const want w[] = {
        {0, 5, "What is the output of below code\n```js\nconsole.log([] + []);\n```",
         "An empty string: both arrays become `\"\"`."},
        {0, 19, "What does `typeof NaN` return?", "`\"number\"`."},
    };
    expect_items(d, w, 2);
    const wwarn ww[] = {
        {28, "<details> titled \"CLICK ME\" holds no question; skipped"},
        {28, "skipped 1 question-like entry: 1 <details> labels"},
    };
    expect_warnings(d, ww, 2);
    kb_doc_free(d);
}

/* "1. ### What is the output of below code" with code, options and the
 * <details> answer in the item; a numbered question with the element after its list. */
static void details_answers_inside_list_items(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("details-in-items.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "Coercion");
    assert_string_equal(d->topics[1].title, "Numbers");
    const want w[] = {
        /* the options and "Answer: 2" make it multiple choice (issue 12, kb/mc.c) */
        {0, 5, "What is the output of below code\n```js\nconsole.log(1 + \"2\");\n```", "\"12\""},
        {0, 26, "What is the output of below code\n```js\nconsole.log(\"3\" * \"4\");\n```",
         "12: both strings become numbers."},
        {1, 40, "What is `0.1 + 0.2`?", "`0.30000000000000004`."},
    };
    expect_items(d, w, 3);
    assert_int_equal(d->items[0].distractors.n, 1);
    assert_string_equal(d->items[0].distractors.v[0], "3");
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

static void a_project_readme_is_no_question_collection(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("readme.md", &e);
    assert_null(d);
    assert_int_equal(e.code, ASSAY_EINPUT);
    assert_non_null(strstr(e.msg, "no recognisable items"));
}

/* ---- 6. topics from the outline only ------------------------------------------- */

static void headings_inside_answers_are_no_topics(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("outline-topics.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "Functions");
    const want w[] = {
        {0, 5, "What is currying",
         "Currying turns a function of several arguments into a chain of functions of one.\n"
         "Benefits of Currying\nReuse and composition."},
        {0, 13, "What is a pure function",
         "A function whose result depends only on its arguments, with no side effects."},
    };
    expect_items(d, w, 2);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- 7. code the question points at ------------------------------------------ */

/* "What is the output of below code" then the code: the question holds the code
 * it points at (its first code block), the answer what follows; a question that
 * does not point keeps its code as the answer; one with nothing after its code
 * has no answer. Headings and numbered items alike, English and Korean. */
static void code_a_question_points_at_is_the_question(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("code-in-question.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "JavaScript");
    assert_string_equal(d->topics[1].title, "Lists");
    const want w[] = {
        {0, 5, "What is the output of below code\n```js\nconsole.log(typeof []);\n```",
         "It prints `object`.\n```text\nobject\n```"},
        {0, 17, "How do you declare a constant?", "```js\nconst x = 1;\n```"},
        {0, 23, "다음 코드의 실행 결과는?\n```python\nprint(1 + 2)\n```", "`3`이 출력된다."},
        {1, 39, "What does the following function return?\n```js\nfunction f() { return; }\n```",
         "`undefined`: a bare return gives no value."},
    };
    expect_items(d, w, 4);
    const wwarn ww[] = {
        {31, "question without an answer; skipped: \"Explain the following snippet"},
        {31, "skipped 1 question-like entry: 1 without an answer"},
    };
    expect_warnings(d, ww, 2);
    kb_doc_free(d);
}

/* ---- 8. answer headings --------------------------------------------------------- */

/* "## Answer guide", "### Answer", "### 해설", "#### 정답" answer the question
 * before them: the prose right before (a question's words only, "Measure before"
 * under "## Solution" stays prose), or the question heading above (a
 * same-level "## Answer" right after it makes it a question; what stood
 * between joins the question). Answer headings and "## Question 1"/"## 문제 2"
 * make no topics. */
static void answer_headings_take_the_question_before(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("answer-headings.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 3);
    assert_string_equal(d->topics[0].title, "Container images");
    assert_string_equal(d->topics[1].title, "Concurrency");
    assert_string_equal(d->topics[2].title, "Deadlock");
    assert_string_equal(d->topics[1].concept, "");
    const want w[] = {
        {0, 3, "What should an image digest be used for?",
         "- Pinning a deployment to exact image contents.\n- Verifying what was built is what "
         "runs."},
        {1, 18, "What is a mutex?", "A lock that one thread holds at a time."},
        {1, 26, "세마포어란 무엇인가요?", "허용 개수를 세는 카운터다."},
        {1, 32, "Why can a spin lock waste CPU?", "It keeps the core busy while it waits."},
        {2, 40, "What is a deadlock?\nTwo threads each hold a lock.",
         "Each waits for the other's lock forever."},
    };
    expect_items(d, w, 5);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- 9. a table after a numbered question; decorated headings ------------------ */

/* "2. IPv4와 IPv6의 차이는?" then a table at the margin (which ends the list): the
 * table is the answer, and the numbering goes on after it; ":shortcode:" emoji
 * before a heading's title are decoration, not the topic's name. */
static void a_table_after_a_numbered_question_is_its_answer(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("table-after-item.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "IP 주소");
    assert_string_equal(d->topics[1].title, "Transport");
    assert_string_equal(d->topics[1].concept, "Both run over IP.");
    const want w[] = {
        {0, 4, "공인 IP와 사설 IP의 차이에 대해서 설명해주세요.",
         "공인 IP는 인터넷에서, 사설 IP는 내부망에서 쓰는 주소다."},
        {0, 7, "IPv4 와 IPv6의 차이는?",
         "| 구분 | IPv4 | IPv6 |\n| --- | --- | --- |\n| 주소길이 | 32bit | 128bit |"},
        {0, 12, "서브넷 마스크에 대해서 설명해주세요.", "네트워크 대역을 나누는 것"},
        {1, 17, "What does UDP leave out?",
         "| Feature | TCP | UDP |\n| --- | --- | --- |\n| Ordering | yes | no |"},
    };
    expect_items(d, w, 4);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- 10. lines that send the reader elsewhere for the answers ------------------- */

/* "#### Explore all 3 answers here 👉 [site](…)" closing the last answer (and the
 * like before the first question) is no answer text; a link inside a sentence of
 * the answer stays. */
static void promo_lines_are_no_answer_text(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("promo-lines.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "3 Common Cache Interview Questions");
    const want w[] = {
        {0, 7, "What is a cache hit?",
         "A read served from the cache.\nSee the [eviction notes](https://example.com/eviction) "
         "for what happens when it is full."},
        {0, 13, "What does LRU evict?", "The entry used least recently."},
    };
    expect_items(d, w, 2);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- a stem of several paragraphs before <details> (realimp pattern 2) ------------------ */

/* The question is the prose since the previous heading, '---' or </details>,
 * from its first paragraph that asks; the prose before that stays concept
 * text, and "다음은 …이다" (deixis) derives no definition. */
static void stems_of_several_paragraphs_are_one_question(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("stem-paragraphs.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    const want w[] = {
        {0, 5, "다음에서 설명하는 해시 함수는?\n128비트 해시 함수로 RFC 1321에 정의되어 있다.",
         "- MD5"},
        {0, 16,
         "다음은 프로세스 스케줄링에 대한 설명이다. 빈칸에 들어갈 용어를 쓰시오.\n(보기) 대기 "
         "시간이 긴 프로세스의 우선순위를 높인다.",
         "- 에이징"},
        {0, 31, "TCP와 UDP의 차이를 쓰시오.", "- TCP는 연결 지향이고 UDP는 비연결형이다."},
    };
    expect_items(d, w, 3);
    expect_warnings(d, NULL, 0);
    assert_string_equal(d->topics[0].concept,
                        "기출 문제를 모았다.\n다음은 C언어로 작성된 코드이다.");
    arena a;
    arena_init(&a, 0);
    kb_item *der = NULL;
    size_t n_der = 0;
    assert_int_equal(bank_derive(d, &a, &der, &n_der, &e), ASSAY_OK);
    for (size_t i = 0; i < n_der; i++)
        if (strstr(der[i].question, "다음"))
            fail_msg("derived from deixis: %s", der[i].question);
    arena_free(&a);
    kb_doc_free(d);
}

/* ---- nested <details> follow-ups (꼬리질문, realimp pattern 5) ---------------------------- */

/* A <details> inside a question's answer whose summary asks is its own item
 * (its label "꼬리질문1:" stripped), and the parent's answer ends before it;
 * one that does not ask ("코드 보기") stays answer text. */
static void nested_follow_ups_are_their_own_questions(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("nested-follow-ups.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 4, "JIT 컴파일러는 무엇인가요?", "바이트코드를 기계어로 바꿉니다."},
        {0, 9, "언제 인터프리터를 쓰나요?", "처음 실행될 때 씁니다."},
        {0, 16, "핫스팟은 무엇인가요?", "자주 실행되는 코드입니다."},
        {0, 24, "GC란 무엇인가요?", "쓰지 않는 객체를 치웁니다.\n코드 보기\n`System.gc();`"},
        {0, 36, "리플렉션이란 무엇인가요?", "클래스 정보에 접근하는 기법입니다."},
        {0, 41, "언제 쓰나요?", "프레임워크가 씁니다."},
    };
    expect_items(d, w, 6);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- English requests without '?' (realimp pattern 8) ------------------------------------ */

/* "Name three …", "Difference between X and Y", "X vs Y", "List …" ask; with
 * them read as questions, "What is CORS?" is no section title among them. */
static void english_requests_and_comparisons_are_questions(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("english-requests.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "Web");
    const want w[] = {
        {0, 3, "Difference between NoSQL and SQL", "SQL is relational; NoSQL is not."},
        {0, 7, "Name three HTTP methods.", "GET, PUT and POST."},
        {0, 11, "REST vs SOAP", "REST uses HTTP verbs; SOAP uses XML envelopes."},
        {0, 15, "List the CSS box model parts", "Content, padding, border, margin."},
        {0, 19, "What is CORS?", "A browser policy for cross-origin requests."},
    };
    expect_items(d, w, 5);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
    assert_int_equal(pat_question_class("Name", 4), PQ_NONE);
    assert_int_equal(pat_question_class("Versioning", 10), PQ_NONE);
    assert_int_equal(pat_question_class("List of JavaScript Questions", 28), PQ_NONE);
    assert_int_equal(pat_question_class("REST vs. SOAP", 13), PQ_WEAK);
}

/* ---- unanswered prose stems, label lines in a stem ------------------------------ */

/* In an exam that asks in prose stems answered by <details>, a stem left
 * without an answer is warned at its line; "A : …", "B : …" lines are the
 * stem's, not an answer without a question; prose that asks nothing is quiet. */
static void unanswered_stems_are_warned(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("unanswered-stems.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 8, "HRN의 우선순위 계산식을 작성하시오.", "- (대기 시간 + 서비스 시간) / 서비스 시간"},
        {0, 17,
         "다음은 블랙박스 기법에 대한 예제이다. 블랙박스 기법 두 가지를 쓰시오.\n"
         "A : 0 ≤ x ≤ 10이면 -1, 0, 10, 11 검사\nB : 입력 데이터를 유효값과 무효값으로 나누어 검사",
         "- A: 경계값 분석, B: 동치 분할 테스트"},
    };
    expect_items(d, w, 2);
    const wwarn ww[] = {
        {3, "question without an answer; skipped: \"다음 C 코드의 실행 결과를 쓰시오."},
        {33, "question without an answer; skipped: \"What does the scheduler print?\""},
        {3, "skipped 2 question-like entries: 2 without an answer"},
    };
    expect_warnings(d, ww, 3);
    kb_doc_free(d);
}

/* "…적으시오", "…채우시오": Korean requests, so the stem begins at them. */
static void korean_requests_begin_the_stem(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("korean-requests.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 3,
         "다음에서 설명하는 개발방법론은 무엇인지 적으시오.\n고객의 요구사항 변화에 유연하게 "
         "대응하며 "
         "시제품을 지속적으로 제공한다.",
         "- 애자일"},
        {0, 14, "빈 칸에 들어갈 SQL 키워드를 채우시오.\nSELECT 이름 FROM 학생 ( ) 학년 = 3;",
         "- WHERE"},
    };
    expect_items(d, w, 2);
    expect_warnings(d, NULL, 0);
    for (const char *const *q = (const char *const[]){"답을 적으세요", "정답을 고르시오.",
                                                      "넓이를 구하시오", "이름을 쓰세요", NULL};
         *q; q++)
        assert_int_equal(pat_question_class(*q, strlen(*q)), PQ_STRONG);
    kb_doc_free(d);
}

/* A numbered list in a <details> answer keeps its numbers (and its start). */
static void numbered_lists_in_details_keep_numbers(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("details-numbered.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 4, "JIT이란 무엇인가요?",
         "두 가지 방식이 있습니다.\n1. 인터프리터: 하나씩 해석합니다.\n2. JIT 컴파일러: 전체를 "
         "컴파일합니다."},
        {0, 14, "GC의 단계는 무엇인가요?",
         "세 단계입니다.\n3. Mark: 살아 있는 객체를 표시합니다.\n4. Sweep: 나머지를 지웁니다.\n- "
         "목록은 여기서 끝납니다."},
    };
    expect_items(d, w, 2);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* YAML front matter: its title names the knowledge base (and the topic of
 * questions under no heading); the block is no text, and lines keep numbers. */
static void front_matter_names_the_kb(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("front-matter.md", &e);
    assert_non_null(d);
    assert_string_equal(d->title, "Android Services");
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "Android Services");
    assert_null(strstr(d->topics[0].concept ? d->topics[0].concept : "", "layout"));
    const want w[] = {
        {0, 11, "What are Android Service Types?", "Started, foreground and bound services."},
    };
    expect_items(d, w, 1);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* A bullet list of questions without answers is refused with every bullet
 * question counted (strong and weak, and the nested follow-ups: review 2
 * counted question_list.md's nested bullets among its 82). */
static void question_bullets_are_counted_in_the_refusal(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("questions-only-bullets.md", &e);
    assert_null(d);
    assert_int_equal(e.code, ASSAY_EINPUT);
    if (!strstr(e.msg, "6 question(s) but no answers"))
        fail_msg("refusal: %s", e.msg);
    /* review 2, pattern 10: junh0328's question_list.md (82 bullets, "35
     * question(s)"): marked (✅/❎), nested and noun-phrase bullets of a list
     * of questions are counted too (13 here; 9 before) */
    d = load("questions-only-marked.md", &e);
    assert_null(d);
    if (!strstr(e.msg, "13 question(s) but no answers"))
        fail_msg("refusal: %s", e.msg);
}

/* ---- issue 12, pattern 9: question and answer label headings ----------------- */

/* "# Question (EN)" over a "> …" blockquote and "## Answer (EN)" (the po4yka
 * vault): the content under the question label is the question, whatever its
 * form ("Name the kinds …" has no '?'); label headings make no topics (the
 * front matter's title is the topic); the same question's sections in another
 * language ("# Вопрос (RU)", "## Ответ (RU)") are skipped with a warning; the
 * "## Follow-ups" questions, unanswered, are warned, not invented. */
static void label_headings_with_a_language_suffix(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("label-headings.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "Android Services");
    assert_string_equal(d->topics[0].concept, "");
    const want w[] = {
        {0, 11, "Name the kinds of Android services",
         "Started, foreground and bound.\nStarted\nRuns until it stops itself."},
    };
    expect_items(d, w, 1);
    const wwarn ww[] = {
        {7, "\"Вопрос (RU)\" is in another language than the document's English questions"},
        {13, "\"Ответ (RU)\" is in another language"},
        {29, "list item reads like a question but has no answer under it"},
        {30, "list item reads like a question but has no answer under it"},
        {7, "skipped 4 question-like entries: 2 list items without an answer, 2 sections in "
            "another language"},
    };
    expect_warnings(d, ww, 5);
    kb_doc_free(d);

    /* the question first, then "# Vopros (RU)", '---', "## Answer (EN)", "## Otvet (RU)" */
    d = load("label-headings2.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title,
                        "Recreation vs Process Death / Пересоздание vs смерть процесса");
    const want w2[] = {
        {0, 9, "What is the difference between Activity recreation and process death?",
         "A ViewModel survives recreation, not process death.\n| Aspect | Recreation | Process "
         "death |\n| --- | --- | --- |\n| ViewModel | Survives | Destroyed |"},
    };
    expect_items(d, w2, 1);
    const wwarn ww2[] = {
        {11, "\"Vopros (RU)\" is in another language"},
        {24, "\"Otvet (RU)\" is in another language"},
        {31, "list item reads like a question but has no answer under it"},
        {11, "skipped 3 question-like entries"},
    };
    expect_warnings(d, ww2, 4);
    kb_doc_free(d);

    int lang;
    assert_int_equal(pat_heading_label_lang("Question (EN)", 13, &lang), 2);
    assert_int_equal(lang, PAT_LANG_EN);
    assert_int_equal(pat_heading_label_lang("Answer (EN)", 11, &lang), 1);
    assert_int_equal(pat_heading_label_lang("Вопрос (RU)", strlen("Вопрос (RU)"), &lang), 2);
    assert_int_equal(lang, PAT_LANG_OTHER);
    assert_int_equal(pat_heading_label_lang("질문 (영어)", strlen("질문 (영어)"), &lang), 2);
    assert_int_equal(lang, PAT_LANG_EN);
    assert_int_equal(pat_heading_label_lang("Question 3 (1)", 14, &lang), 2);
    assert_int_equal(lang, PAT_LANG_NONE);
    /* titles stay titles */
    assert_int_equal(pat_heading_label("Questions", 9), 0);
    assert_int_equal(pat_heading_label("Q", 1), 0);
    assert_int_equal(pat_heading_label("Question of scale (EN)", 22), 0);
    assert_int_equal(pat_heading_label("Вопросы", strlen("Вопросы")), 0);
}

/* Bare "## Question" / "### Answer" in a topic: the topic is the enclosing
 * heading, never "Question"; a label question asked again later with its
 * answer is imported once; one with no answer is warned; a document of
 * Russian labels only imports them. */
static void bare_label_headings_are_no_topics(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("label-bare.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "Locks");
    assert_string_equal(d->topics[0].concept, "");
    const want w[] = {
        {0, 5, "What is a mutex?", "A lock held by one thread at a time."},
        {0, 17, "Explain a read-write lock", "Many readers or one writer."},
        {1, 29, "Что такое семафор?", "Счётчик разрешений."},
    };
    expect_items(d, w, 3);
    const wwarn ww[] = {
        {13, "question repeated at line 17, where it is answered; imported once"},
        {25, "question without an answer; skipped: \"What is a spin lock?\""},
        {13, "skipped 1 question-like entry: 1 without an answer"},
    };
    expect_warnings(d, ww, 3);
    kb_doc_free(d);
}

/* ---- issue 12, pattern 6: questions-only documents get no invented answers ----- */

/* A bullet question whose only sub-bullet explains a term it uses ("- `on-call`
 * means …" under "Is there an on-call rotation?") has a note, not an answer:
 * skipped with a warning; the same note under "What is on-call?" answers it.
 * A '?' before a parenthetical holding a '?' too asks ("…있나요? (바꿀 계획이
 * 있나요?)"): warned as unanswered, no longer silent. */
static void glosses_under_questions_are_no_answers(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("gloss-notes.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 7, "What is on-call?", "- `on-call` means someone handles problems out of hours."},
        {0, 9, "What is CI?", "- Continuous integration: every change is built and tested."},
    };
    expect_items(d, w, 2);
    const wwarn ww[] = {
        {3, "question followed only by a note on its term \"on-call\", not an answer; skipped"},
        {5, "question followed only by a note on its term \"onboarding\""},
        {11, "list item reads like a question but has no answer under it; not imported: "
             "\"팀의 밸런스는 어떻게 되나요? (바꿀 계획이 있나요?)\""},
        {3, "skipped 3 question-like entries: 1 list items without an answer, 2 followed only "
            "by a note on a term"},
    };
    expect_warnings(d, ww, 4);
    kb_doc_free(d);
    const char *pq = "Is there an on-call rotation? (What does it pay?)";
    assert_int_equal(pat_question_class(pq, strlen(pq)), PQ_STRONG);
}

/* Mostly bare bullet questions (7 of 8 list questions have nothing under them)
 * and a section heading that asks over an intro: a questions-only document.
 * The one bullet with notes under it and the heading's intro are no answers;
 * the document is refused, every question counted. */
static void a_questions_only_document_is_refused(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("questions-only-notes.md", &e);
    assert_null(d);
    assert_int_equal(e.code, ASSAY_EINPUT);
    if (!strstr(e.msg, "8 question(s) but no answers"))
        fail_msg("refusal: %s", e.msg);
}

/* ---- issue 12, pattern 10: refusals name what the document holds ------------- */

/* A file of "# Answer N." only (DigitalCareerInstitute's ANSWERS-EN.md: the
 * questions are in another file) is refused as answers without questions, at
 * the first; its QUESTIONS-EN.md counts every labelled question, also the weak
 * ones right under their "# Question N." ("Name three …", "X vs Y"). */
static void answers_only_and_labelled_questions_are_refused_by_name(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("answers-only.md", &e);
    assert_null(d);
    assert_int_equal(e.code, ASSAY_EINPUT);
    assert_int_equal(e.line, 3);
    if (!strstr(e.msg, "3 answer(s) without questions"))
        fail_msg("refusal: %s", e.msg);
    d = load("questions-labelled.md", &e);
    assert_null(d);
    assert_int_equal(e.code, ASSAY_EINPUT);
    if (!strstr(e.msg, "4 question(s) but no answers"))
        fail_msg("refusal: %s", e.msg);
    assert_int_equal(pat_heading_label("Answer 1.", 9), 1);
    assert_int_equal(pat_heading_label("정답 2", strlen("정답 2")), 1);
    assert_int_equal(pat_heading_label("Answers", 7), 1);
    assert_int_equal(pat_heading_label("Answer of life", 14), 0);
}

/* ---- issue 12, patterns 3 and 12: images and links keep their addresses ------- */

/* An image in a question or an answer stays Markdown, "![alt](src)", never bare
 * alt text in a sentence (nor twice, after a heading of the same words); a
 * link keeps its address, "[title](url)" (its title attribute dropped, ']'
 * escaped, an address with parentheses in <…>); a link to an anchor of the
 * page gives its text. A question that is only an image is warned. */
static void images_and_links_keep_their_addresses(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("images-links.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    const want w[] = {
        {0, 3, "다음 C 코드의 실행 결과를 쓰시오. ![13번.PNG](https://example.com/13.png)",
         "- 234"},
        {0, 11, "CPU란 무엇인가요?",
         "명령어 실행 사이클\n![명령어 실행 사이클](../../assets/cycle.svg)\n중앙 처리 "
         "장치입니다. [위키](https://ko.wikipedia.org/wiki/CPU) 참고."},
        {0, 24, "What is a closure?",
         "A function with its lexical scope and `this`.\nAdditional links\n- [MDN docs for "
         "`closures`](https://developer.mozilla.org/closures)\n- [A \\[bracketed\\] "
         "title](<https://example.com/a(b)>)"},
        {0, 33, "What does this diagram show?\n![](https://example.com/diagram.png)",
         "A three-tier architecture."},
        {1, 43, "![network](https://example.com/net.png)", "A star topology."},
    };
    expect_items(d, w, 5);
    const wwarn ww[] = {
        {43, "the question is only an image: a terminal shows its address, not the image"},
    };
    expect_warnings(d, ww, 1);
    kb_doc_free(d);
}

/* Rating stars after a question ("## Q1. 캐시 메모리란 무엇인가요? ⭐⭐⭐", withSG's
 * frequently-asked mark; ★, 🌟 too) are no part of it, in a heading and in a
 * <summary>; a request ending before them still asks. */
static void rating_stars_are_no_part_of_a_question(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("rating-stars.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 5, "캐시 메모리란 무엇인가요?", "고속 소용량 메모리입니다."},
        {0, 14, "파이프라이닝을 설명해주세요", "명령어 처리를 단계로 나누어 겹쳐 실행합니다."},
        {0, 19, "TLB는 무엇인가요?", "주소 변환을 캐시합니다."},
    };
    expect_items(d, w, 3);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
    assert_int_equal(pat_strip_stars("⭐⭐", strlen("⭐⭐")), strlen("⭐⭐"));
}

/* The outer <details> answer goes on after a nested follow-up's </details>:
 * the text after it (paragraphs, bullets) is the outer answer's, which keeps
 * its place before its follow-ups; an outer answer may even begin after one. */
static void outer_answers_go_on_after_follow_ups(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("nested-follow-ups-after.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 4, "JIT 컴파일러는 무엇인가요?",
         "바이트코드를 기계어로 바꿉니다.\n자주 실행되는 코드만 컴파일합니다.\n- 그래서 "
         "워밍업이 필요합니다."},
        {0, 9, "언제 인터프리터를 쓰나요?", "처음 실행될 때 씁니다."},
        {0, 18, "핫스팟은 무엇인가요?", "자주 실행되는 코드입니다."},
        {0, 29, "GC란 무엇인가요?", "쓰지 않는 객체를 치웁니다."},
        {0, 32, "언제 멈추나요?", "Stop-the-world 단계에서 멈춥니다."},
    };
    expect_items(d, w, 5);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- recount12's findings: request endings, code-span headings, TOC lines ----- */

/* Korean requests …소개해주세요, …비교해주세요, …보여주세요, …말해보시오 and an
 * indirect question …는지 ask, also before "(ex. …)"; a heading that is one
 * code span ("### `웹 표준이란?`") asks without its backticks; a table of
 * contents' line ("- [… 무엇을 하나요?](#anchor)") is no unanswered question;
 * "### Question 1 — Easy" is a label heading (its stem and options read). */
static void requests_code_headings_and_toc_lines(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("requests-toc.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 3);
    assert_string_equal(d->topics[2].title, "Quiz");
    assert_int_equal(d->n_items, 8);
    const want w[] = {
        {0, 8, "여러 네트워크 topology에 대해 간단히 소개해주세요.",
         "컴퓨터들의 망 구성 방식이다."},
        {0, 12, "routing protocol을 설명해주세요. (ex. link state, distance vector)",
         "경로를 정하는 규칙이다."},
        {0, 16, "TCP와 UDP의 헤더를 비교해주세요.", "TCP 헤더는 20바이트 이상이다."},
        {0, 20, "소켓 생성 예시를 보여주세요.", "`socket(AF_INET, SOCK_STREAM, 0)`"},
        {1, 26, "웹 접근성에 맞는 마크업 예시 몇가지 말해보시오", "이미지에 alt를 준다."},
        {1, 30, "메타 태그의 어떤 것을 활용했는지", "keyword와 description."},
        {1, 34, "`DOCTYPE`은 무엇을 하나요?", "문서의 HTML 버전을 알립니다."},
    };
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(d->items[i].topic, w[i].topic);
        assert_int_equal(d->items[i].line, w[i].line);
        assert_string_equal(d->items[i].question, w[i].q);
        assert_string_equal(d->items[i].answer, w[i].a);
    }
    assert_int_equal(d->items[7].line, 42);
    assert_string_equal(d->items[7].question, "What is a false positive?");
    assert_string_equal(d->items[7].answer, "Predicted yes, actually no");
    assert_int_equal(d->items[7].distractors.n, 1);
    assert_string_equal(d->items[7].distractors.v[0], "Predicted no, actually yes");
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
    assert_int_equal(pat_heading_label("Question 1 — Easy", strlen("Question 1 — Easy")), 2);
    assert_int_equal(pat_heading_label("Question 1 - What is X?", 23), 0);
}

/* Multiple choice under "### Question N — Medium" (a stray "**" after the
 * suffix too): options that ask ("B) When we say yes, are we right?") are still
 * options, and the key that asks is still the answer (ML quiz: refused before). */
static void mc_under_suffixed_labels_with_asking_options(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("mc-label-suffix.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "ML Quiz");
    assert_int_equal(d->n_items, 2);
    assert_int_equal(d->items[0].line, 5);
    assert_string_equal(d->items[0].question, "What does precision answer?");
    assert_string_equal(d->items[0].answer, "When we say yes, are we right?");
    assert_int_equal(d->items[0].distractors.n, 1);
    assert_string_equal(d->items[0].distractors.v[0], "Did we catch the yeses?");
    assert_int_equal(d->items[1].line, 21);
    assert_string_equal(d->items[1].question, "Which metric matters most for retrieval?");
    assert_string_equal(d->items[1].answer, "Recall");
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- "show more" <details> in an answer, lists and code in a summary (recount12 6, 7) ---- */

/* A <details> whose summary is a "show more" label ("상세 설명 보기", "전체 코드로
 * 보기", "Click to see …") inside a question's answer is part of that answer:
 * no item of its own, and its content is kept; one under no question (after a
 * topic heading's prose) holds no question and is skipped with a warning. */
static void show_more_details_stay_in_the_answer(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("details-more.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 5, "meta 태그의 요소에 대해서 아는대로 말해보세요",
         "주요 요소는 charset, name, content 입니다.\nmeta 태그 요소 상세 설명 보기\ncharset\n"
         "`charset` 요소는 문서의 문자 집합을 표시합니다."},
        {0, 18, "웹 표준이란?",
         "W3C 표준에 맞추는 것입니다.\n전체 코드로 보기\n```html\n<meta charset=\"UTF-8\" />\n```"},
        {0, 31, "What is a closure?",
         "A function that keeps the variables of its scope.\nClick to see an example\n```js\n"
         "const f = () => x;\n```"},
    };
    expect_items(d, w, 3);
    const wwarn ww[] = {
        {49, "<details> titled \"텍스트 관련 태그 상세 설명 보기\" holds no question; skipped"},
        {49, "skipped 1 question-like entry: 1 <details> labels"},
    };
    expect_warnings(d, ww, 2);
    kb_doc_free(d);
}

/* A list in a <summary> keeps one line per item; a code block in it is the
 * question's. */
static void lists_and_code_in_a_summary_are_the_questions(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("details-summary-list.md", &e);
    assert_non_null(d);
    const want w[] = {
        {0, 4, "Explain the following:\n- Pipeline\n- Workflow",
         "- Pipeline: the entire CI/CD configuration\n- Workflow: orchestrates the jobs"},
        {0, 15,
         "Explain the following configuration file\n```\nversion: 2.1\njobs:\n  say-hello:\n    "
         "steps:\n      - checkout\n```",
         "It sets up one job that checks out the code."},
    };
    expect_items(d, w, 2);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

/* ---- Q/A tables (recount12 5) ------------------------------------------------------ */

/* A two-column table headed Question | Answer (예상 질문 | 답변 포인트) gives one
 * item per row, the quotes around a question cell stripped; another table is
 * no item, and a Q/A-headed table inside an answer stays a table there. */
static void qa_tables_give_one_item_per_row(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("qa-table.md", &e);
    assert_non_null(d);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[1].title, "FAQ");
    const want w[] = {
        {0, 7, "왜 EngagementLevel=Low를 이탈로 정의했나?",
         "실제 이탈 라벨이 없는 상황에서 proxy 타겟을 설정했다"},
        {0, 8, "모델 성능이 안 나오면 어떻게 하나?", "피처 엔지니어링 반복, 타겟 정의 변경"},
        {1, 14, "What is CORS?", "A browser policy for cross-origin requests."},
        {1, 15, "What does REST stand for?", "Representational State Transfer."},
        {1, 21, "What does a port table look like?",
         "| Question | Answer |\n| --- | --- |\n| Port 53 | DNS |"},
    };
    expect_items(d, w, 5);
    expect_warnings(d, NULL, 0);
    kb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(repeated_headings_are_distinct_topics_and_import),
        cmocka_unit_test(repeated_keys_stay_unique_against_written_ordinals),
        cmocka_unit_test(korean_endings_and_numbered_headings_are_questions),
        cmocka_unit_test(english_interrogatives_without_a_mark_are_questions),
        cmocka_unit_test(question_class_reads_endings),
        cmocka_unit_test(sub_headings_stay_in_their_answer),
        cmocka_unit_test(sub_questions_at_a_questioned_depth_are_items),
        cmocka_unit_test(q_bullets_end_with_their_item),
        cmocka_unit_test(follow_up_lists_are_no_answers),
        cmocka_unit_test(details_answer_labels_take_the_question_before),
        cmocka_unit_test(details_answers_inside_list_items),
        cmocka_unit_test(a_project_readme_is_no_question_collection),
        cmocka_unit_test(headings_inside_answers_are_no_topics),
        cmocka_unit_test(code_a_question_points_at_is_the_question),
        cmocka_unit_test(answer_headings_take_the_question_before),
        cmocka_unit_test(a_table_after_a_numbered_question_is_its_answer),
        cmocka_unit_test(promo_lines_are_no_answer_text),
        cmocka_unit_test(stems_of_several_paragraphs_are_one_question),
        cmocka_unit_test(nested_follow_ups_are_their_own_questions),
        cmocka_unit_test(english_requests_and_comparisons_are_questions),
        cmocka_unit_test(unanswered_stems_are_warned),
        cmocka_unit_test(korean_requests_begin_the_stem),
        cmocka_unit_test(numbered_lists_in_details_keep_numbers),
        cmocka_unit_test(front_matter_names_the_kb),
        cmocka_unit_test(question_bullets_are_counted_in_the_refusal),
        cmocka_unit_test(label_headings_with_a_language_suffix),
        cmocka_unit_test(bare_label_headings_are_no_topics),
        cmocka_unit_test(glosses_under_questions_are_no_answers),
        cmocka_unit_test(a_questions_only_document_is_refused),
        cmocka_unit_test(answers_only_and_labelled_questions_are_refused_by_name),
        cmocka_unit_test(images_and_links_keep_their_addresses),
        cmocka_unit_test(rating_stars_are_no_part_of_a_question),
        cmocka_unit_test(outer_answers_go_on_after_follow_ups),
        cmocka_unit_test(requests_code_headings_and_toc_lines),
        cmocka_unit_test(mc_under_suffixed_labels_with_asking_options),
        cmocka_unit_test(show_more_details_stay_in_the_answer),
        cmocka_unit_test(lists_and_code_in_a_summary_are_the_questions),
        cmocka_unit_test(qa_tables_give_one_item_per_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
