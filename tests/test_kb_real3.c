/* Review 3 of real question collections (issue 12, docs/review-import3.md):
 * placeholder answers, images before a question, labelled Question / Key
 * Concepts paragraphs with answers under a heading, <details> bodies with
 * labelled parts, quiz generators' multiple-choice markups. Each document in
 * tests/data/kb/real3 that imports has a golden model (real3/NAME.json;
 * ASSAY_UPDATE_GOLDEN=1 rewrites them), checked beside the asserts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "kb/json.h"
#include "kb/parse.h"
#include "kb_check.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REAL3 ASSAY_TEST_DATA "/kb/real3/"

static kb_doc *load(const char *name, errinfo *e)
{
    char path[512];
    snprintf(path, sizeof path, REAL3 "%s.md", name);
    return kbc_load(path, e);
}

static kb_doc *load3(const char *name)
{
    return kbc_doc(REAL3, name);
}

static void refused(const char *name, const char *needle)
{
    errinfo e;
    kb_doc *d = load(name, &e);
    if (d) {
        kb_doc_free(d);
        fail_msg("%s: imported", name);
    }
    if (!strstr(e.msg, needle))
        fail_msg("%s: \"%s\" lacks \"%s\"", name, e.msg, needle);
}

static int has_warning(const kb_doc *d, long line, const char *needle)
{
    for (size_t i = 0; i < d->n_warnings; i++)
        if ((line == 0 || d->warnings[i].line == line) && strstr(d->warnings[i].message, needle))
            return 1;
    return 0;
}

/* ---- 2. placeholder answers ------------------------------------------------------ */

static void placeholder_answers_are_no_answers(void **state)
{
    (void)state;
    kb_doc *d = load3("placeholders");
    assert_int_equal(d->n_items, 3);
    assert_string_equal(kbc_item(d, 0)->question, "What is the event loop?");
    assert_string_equal(kbc_item(d, 0)->answer,
                        "It runs queued callbacks when the call stack is empty.");
    /* a placeholder's word inside a real question or answer is no placeholder */
    assert_string_equal(kbc_item(d, 1)->question, "TBD는 무엇의 약자인가요?");
    assert_string_equal(kbc_item(d, 1)->answer, "To be determined.");
    /* punctuation that is no ellipsis or dash is an answer */
    assert_string_equal(kbc_item(d, 2)->answer, "+=");
    assert_true(has_warning(d, 4, "\"답변을 적어주세요\" is a placeholder"));
    assert_true(has_warning(d, 11, "\"TODO\" is a placeholder"));
    assert_true(has_warning(d, 21, "\"작성 예정\" is a placeholder"));
    assert_true(has_warning(d, 25, "\"(answer here)\" is a placeholder"));
    assert_true(has_warning(d, 33, "\"TODO\" is a placeholder"));
    assert_true(has_warning(d, 4, "skipped 5 question-like entries: 5 without an answer"));
    assert_int_equal(d->n_warnings, 6);
    kb_doc_free(d);
    kbc_golden(REAL3, "placeholders");
}

static void a_template_of_placeholders_is_refused(void **state)
{
    (void)state;
    refused("placeholders-only", "3 question(s) but no answers");
}

/* ---- 5. the image a question points at ------------------------------------------ */

static void the_image_before_a_question_is_the_questions(void **state)
{
    (void)state;
    kb_doc *d = load3("image-quiz");
    assert_int_equal(d->n_items, 4);
    assert_int_equal(d->n_warnings, 0); /* no image quoted as a question */
    static const char *const o0[] = {"진열대가 보입니다.", "조명이 밝습니다."};
    assert_string_equal(
        kbc_item(d, 0)->question,
        "![image](store.jpeg)\n다음 이미지에 대한 설명 중 옳지 않은 것은 무엇인가요?");
    assert_string_equal(kbc_item(d, 0)->answer, "모든 사람이 유니폼을 입고 있습니다.");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 2);
    /* "##문제 2" is a paragraph, not a heading: the image is still the question's */
    assert_string_equal(kbc_item(d, 1)->question,
                        "![image](quiz2.jpg)\n다음 이미지에 대한 설명 중 틀린 것은 무엇인가요?");
    assert_string_equal(kbc_item(d, 1)->answer, "악보가 있습니다.");
    /* after an answer, images right before the next "Q:" open that question */
    assert_string_equal(kbc_item(d, 2)->answer,
                        "A server that spreads requests over several back ends.");
    assert_string_equal(kbc_item(d, 3)->question,
                        "![architecture](lb.png) ![second view](lb2.png)\n"
                        "Which component does the diagram show twice?");
    /* an image with no question after it stays where it is */
    assert_string_equal(kbc_item(d, 3)->answer, "The cache.\n![after the answer](cache.png)\n"
                                                "The picture above shows where the cache sits.");
    kb_doc_free(d);
    kbc_golden(REAL3, "image-quiz");
}

/* ---- 6. Question / Key Concepts / answers under a heading ------------------------ */

static void key_concepts_are_notes_and_the_response_paths_the_answer(void **state)
{
    (void)state;
    kb_doc *d = load3("labelled-paras");
    assert_int_equal(d->n_items, 4);
    assert_string_equal(kbc_item(d, 0)->question,
                        "What is your approach to reviewing a massive Pull Request?");
    assert_string_equal(kbc_item(d, 0)->answer,
                        "- Junior: LGTM.\n"
                        "- Senior: Ask for it to be broken down, or checkout locally to verify.");
    /* the diagram between the question and its answer is the question's */
    assert_string_equal(kbc_item(d, 1)->question,
                        "How do you prevent SQL injection in your code?\n"
                        "```mermaid\ngraph LR\n    A[Input] --> B[Query]\n```");
    assert_string_equal(kbc_item(d, 1)->answer,
                        "- Junior: Sanitize input.\n- Senior: Use parameterized queries.");
    assert_string_equal(kbc_item(d, 2)->question, "캐시 무효화 전략을 설명해 주세요.");
    assert_string_equal(kbc_item(d, 2)->answer,
                        "TTL로 만료시키거나, 쓰기 시점에 캐시를 함께 갱신합니다.");
    /* notes alone are no answer */
    assert_true(has_warning(d, 46, "question followed only by notes on its topic"));
    /* after an explicit answer, a note line stays a line of it */
    assert_string_equal(kbc_item(d, 3)->answer,
                        "The job's own log, then the scheduler's.\nKey Concepts: `Ops`");
    assert_int_equal(d->n_warnings, 2);
    kb_doc_free(d);
    kbc_golden(REAL3, "labelled-paras");
}

/* ---- 3. <details> bodies in labelled parts ---------------------------------------- */

static void a_tip_is_no_answer_and_the_code_part_is_the_questions(void **state)
{
    (void)state;
    kb_doc *d = load3("details-parts");
    assert_int_equal(d->n_items, 5);
    /* "답변 Tip" and its text go; the "Answer" part is the answer */
    assert_string_equal(kbc_item(d, 0)->question, "요즘 IT 트렌드는 무엇이라고 생각하나요?");
    assert_string_equal(kbc_item(d, 0)->answer, "생성형 AI라고 생각합니다.");
    /* "### 코드" is the question's code, "### 정답" the answer */
    assert_string_equal(kbc_item(d, 1)->question,
                        "static 메서드를 추가하세요.\n```js\nclass Person {}\n```");
    assert_string_equal(kbc_item(d, 1)->answer, "```js\nclass Person { static run() {} }\n```");
    assert_string_equal(kbc_item(d, 2)->question,
                        "What does this print?\n```js\nconsole.log(typeof null);\n```");
    assert_string_equal(kbc_item(d, 2)->answer, "`\"object\"`: a bug kept for compatibility.");
    /* with no answer label after it, "Tip" is a line of the answer */
    assert_string_equal(kbc_item(d, 3)->answer,
                        "Tip\nIt tells the reader the binding never changes.");
    /* a hint heading between a question heading and its answer heading: neither */
    assert_string_equal(kbc_item(d, 4)->question, "클로저란 무엇인가요?");
    assert_string_equal(kbc_item(d, 4)->answer,
                        "함수가 만들어질 때의 렉시컬 환경을 기억하는 함수입니다.");
    /* an empty template stays an empty question, whatever its empty code */
    assert_true(has_warning(d, 49, "empty question; skipped"));
    assert_int_equal(d->n_warnings, 1);
    kb_doc_free(d);
    kbc_golden(REAL3, "details-parts");
}

/* ---- 1. quiz generators' multiple-choice markups ---------------------------------- */

static void mkdocs_admonitions_hide_answers_and_keys(void **state)
{
    (void)state;
    kb_doc *d = load3("mkdocs-quiz");
    assert_int_equal(d->n_items, 4);
    assert_int_equal(d->n_warnings, 0);
    /* <div class="upper-alpha" markdown> over the options, "??? question" over the key */
    static const char *const o0[] = {"Logic error", "Runtime error"};
    assert_string_equal(kbc_item(d, 0)->question,
                        "What error occurs when Python cannot parse your code?");
    assert_string_equal(kbc_item(d, 0)->answer, "Syntax error");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 2);
    static const char *const o1[] = {"`SyntaxError`", "`TypeError`"};
    assert_string_equal(kbc_item(d, 1)->answer, "`ValueError`");
    kbc_strv(&kbc_item(d, 1)->distractors, o1, 2);
    /* an admonition answering a question heading: its body, code and all */
    assert_string_equal(kbc_item(d, 2)->answer, "The file, line and exception of the failure.\n"
                                                "```python\nTraceback (most recent call last):\n"
                                                "  File \"app.py\", line 3\n```");
    /* another admonition keeps its title; code is never read for markers */
    assert_string_equal(kbc_item(d, 3)->answer,
                        "The last line names the exception.\n"
                        "!!! This is great\n" /* prose: no admonition */
                        "Remember: The lines above it show where it happened.\n"
                        "```text\n??? question \"Show Answer\"\n"
                        "    not an admonition inside code\n```");
    kb_doc_free(d);
    kbc_golden(REAL3, "mkdocs-quiz");
}

static void bold_labels_and_suggested_answer_lists(void **state)
{
    (void)state;
    kb_doc *d = load3("suggested-answers");
    assert_int_equal(d->n_items, 3);
    assert_int_equal(d->n_warnings, 0);
    assert_string_equal(d->topics[0].concept, ""); /* the labels are scaffolding */
    static const char *const o0[] = {"London", "Berlin"};
    assert_string_equal(kbc_item(d, 0)->question, "What is the capital of France?");
    assert_string_equal(kbc_item(d, 0)->answer, "Paris");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 2);
    /* a bold "**Question 2**" label over an answer line */
    static const char *const o1[] = {"80", "8080"};
    assert_string_equal(kbc_item(d, 1)->question, "Which port does HTTPS use by default?");
    assert_string_equal(kbc_item(d, 1)->answer, "443");
    kbc_strv(&kbc_item(d, 1)->distractors, o1, 2);
    assert_string_equal(kbc_item(d, 2)->answer, "Jupiter");
    kb_doc_free(d);
    kbc_golden(REAL3, "suggested-answers");
    /* two marked: a multi-select question, refused with that reason */
    refused("suggested-multi",
            "the answers at line 9 mark 2 of the options at line 5 correct (a multi-select");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(placeholder_answers_are_no_answers),
        cmocka_unit_test(a_template_of_placeholders_is_refused),
        cmocka_unit_test(the_image_before_a_question_is_the_questions),
        cmocka_unit_test(key_concepts_are_notes_and_the_response_paths_the_answer),
        cmocka_unit_test(a_tip_is_no_answer_and_the_code_part_is_the_questions),
        cmocka_unit_test(mkdocs_admonitions_hide_answers_and_keys),
        cmocka_unit_test(bold_labels_and_suggested_answer_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
