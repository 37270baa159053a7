/* The content of imported answers (issue 12): code blocks verbatim, GFM tables
 * kept as pipe-table lines, navigation and boilerplate stripped, Markdown
 * multiple-choice items with their key and distractors, exams whose key does
 * not match refused. Each document in tests/data/kb/real2 also has a golden
 * model (real2/NAME.json; ASSAY_UPDATE_GOLDEN=1 rewrites them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "kb/json.h"
#include "kb/noise.h"
#include "kb/parse.h"
#include "kb/render.h"
#include "kb_check.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REAL2   ASSAY_TEST_DATA "/kb/real2/"
#define BUNDLED ASSAY_SOURCE_DIR "/data/kb/architecture-scalability.md"

static kb_doc *load(const char *path, errinfo *e)
{
    return kbc_load(path, e);
}

static kb_doc *load2(const char *name)
{
    return kbc_doc(REAL2, name);
}

/* ---- code blocks and tables -------------------------------------------------- */

static void code_blocks_keep_indentation_blank_lines_and_info(void **state)
{
    (void)state;
    kb_doc *d = load2("code-table");
    assert_int_equal(d->n_items, 3);
    assert_int_equal(d->n_warnings, 0);
    assert_string_equal(kbc_item(d, 0)->question, "What does this print?");
    assert_string_equal(kbc_item(d, 0)->answer, "```python\n"
                                                "def f(x):\n"
                                                "    if x:\n"
                                                "\n"
                                                "        return 1\n"
                                                "    return 2\n"
                                                "```\n"
                                                "It prints `1` when `x` is true:\n"
                                                "```\n"
                                                "f(1)  # 1\n"
                                                "  f(0)  # 2\n"
                                                "```");
    /* a fence inside a code block: the outer fence is longer */
    assert_string_equal(kbc_item(d, 2)->answer, "````markdown\n```js\nx()\n```\n````");
    kb_doc_free(d);
}

static void tables_stay_pipe_tables_with_alignment(void **state)
{
    (void)state;
    kb_doc *d = load2("code-table");
    assert_string_equal(kbc_item(d, 1)->question, "How do the access modifiers compare?");
    assert_string_equal(kbc_item(d, 1)->answer, "| Modifier | Class | Package |\n"
                                                "| :--- | :---: | ---: |\n"
                                                "| `public` | yes | yes |\n"
                                                "| private | yes | no \\| never |\n"
                                                "| 기본값 | 예 |  |\n"
                                                "A row may be short.");
    kb_doc_free(d);
    kbc_golden(REAL2, "code-table");
}

/* ---- navigation and boilerplate ---------------------------------------------- */

static void navigation_badges_and_contents_are_stripped(void **state)
{
    (void)state;
    kb_doc *d = load2("noise");
    assert_string_equal(d->title, "Interview questions"); /* the badges went */
    assert_int_equal(d->n_topics, 1);                     /* the contents held nothing */
    assert_string_equal(d->topics[0].title, "JavaScript");
    assert_int_equal(d->n_items, 4);
    assert_int_equal(d->n_warnings, 0);
    assert_string_equal(kbc_item(d, 0)->answer,
                        "A closure is a function that keeps the variables of the scope it was "
                        "made in.");
    assert_string_equal(kbc_item(d, 1)->answer,
                        "Declarations are moved to the top of their scope before the code runs.");
    /* the "Answer" label and the link back to the contents */
    assert_string_equal(kbc_item(d, 2)->answer, "함수가 만들어진 스코프의 변수를 기억하는 것.");
    /* prose and a bare word stay; a decorated navigation line goes */
    assert_string_equal(kbc_item(d, 3)->answer,
                        "A line about going back to the top of a page is kept "
                        "when it is prose, not a link.\nTop");
    kb_doc_free(d);
    kbc_golden(REAL2, "noise");
}

static void navigation_words_are_a_rule_not_a_list(void **state)
{
    (void)state;
    const char *nav[] = {"⬆ Back to Top", ":arrow_double_up: Top",
                         "[↑ 맨 위로]",   "« Go back to the table of contents",
                         "🔝 처음으로",    "⬅ Previous | Next ➡"};
    for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++)
        if (!noise_is_nav(nav[i], strlen(nav[i]), 1))
            fail_msg("not navigation: %s", nav[i]);
    const char *prose[] = {"Back pressure slows the producer", "Top 10 mistakes",
                           "↑ 처리량이 오른다", "Top", "→ 다음 단계에서 캐시를 쓴다"};
    for (size_t i = 0; i < sizeof prose / sizeof prose[0]; i++)
        if (noise_is_nav(prose[i], strlen(prose[i]), 1))
            fail_msg("navigation: %s", prose[i]);
    /* a link's text needs no decoration */
    assert_true(noise_is_nav("Home", 4, 0));
}

/* ---- multiple choice ------------------------------------------------------------ */

static void multiple_choice_with_answer_lines(void **state)
{
    (void)state;
    kb_doc *d = load2("mc-answer-line");
    assert_int_equal(d->n_items, 7);
    assert_int_equal(d->n_warnings, 0);
    static const char *const o0[] = {"\"null\"", "\"undefined\""};
    assert_string_equal(kbc_item(d, 0)->question, "What does `typeof null` give?");
    assert_string_equal(kbc_item(d, 0)->answer, "\"object\"");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 2);
    static const char *const o1[] = {"var", "let"};
    assert_string_equal(kbc_item(d, 1)->answer, "const");
    kbc_strv(&kbc_item(d, 1)->distractors, o1, 2);
    static const char *const o2[] = {"string", "boolean"};
    assert_string_equal(kbc_item(d, 2)->answer, "object");
    kbc_strv(&kbc_item(d, 2)->distractors, o2, 2);
    /* the code stays in the question; the <details> with the explanation goes */
    static const char *const o3[] = {"true", "TypeError"};
    assert_string_equal(kbc_item(d, 3)->question, "What is the output of below code?\n```js\n"
                                                  "console.log(0.1 + 0.2 === 0.3);\n```");
    assert_string_equal(kbc_item(d, 3)->answer, "false");
    kbc_strv(&kbc_item(d, 3)->distractors, o3, 2);
    static const char *const o4[] = {"4", "16"};
    assert_string_equal(kbc_item(d, 4)->answer, "8");
    kbc_strv(&kbc_item(d, 4)->distractors, o4, 2);
    static const char *const o5[] = {"POST"};
    assert_string_equal(kbc_item(d, 5)->question, "Which HTTP method is idempotent?");
    assert_string_equal(kbc_item(d, 5)->answer, "PUT");
    kbc_strv(&kbc_item(d, 5)->distractors, o5, 1);
    /* a numbered list with no answer line is an answer, not options */
    assert_string_equal(kbc_item(d, 6)->answer, "1. DNS lookup\n2. TCP handshake\n3. HTTP request");
    assert_int_equal(kbc_item(d, 6)->distractors.n, 0);
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-answer-line");
}

static void multiple_choice_with_an_answer_key_section(void **state)
{
    (void)state;
    kb_doc *d = load2("mc-key");
    assert_int_equal(d->n_items, 3);
    assert_int_equal(d->n_topics, 1); /* the key section is no topic */
    static const char *const o0[] = {"물리 계층", "데이터 링크 계층", "전송 계층"};
    assert_string_equal(kbc_item(d, 0)->question, "OSI 7계층에서 라우팅을 담당하는 계층은?");
    assert_string_equal(kbc_item(d, 0)->answer, "네트워크 계층");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 3);
    assert_string_equal(kbc_item(d, 1)->answer, "3-way handshake");
    assert_string_equal(kbc_item(d, 2)->answer, "443");
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-key");

    d = load2("mc-key-table");
    assert_int_equal(d->n_items, 2);
    static const char *const t1[] = {"Quick sort", "Heap sort"};
    assert_string_equal(kbc_item(d, 0)->answer, "Stack");
    assert_string_equal(kbc_item(d, 1)->answer, "Merge sort");
    kbc_strv(&kbc_item(d, 1)->distractors, t1, 2);
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-key-table");
}

/* GFM task lists (linkedin-skill-assessments-quizzes, EKK-MockTest): the
 * [x] option is the key, the others distractors; the explanation after
 * them is dropped; a task list with nothing checked stays answer text. */
static void multiple_choice_as_task_lists(void **state)
{
    (void)state;
    kb_doc *d = load2("mc-task-list");
    assert_int_equal(d->n_items, 3);
    assert_int_equal(d->n_warnings, 0);
    static const char *const o0[] = {"Automated Integration", "Applied Innovation"};
    assert_string_equal(kbc_item(d, 0)->question, "What does \"AI\" stand for?");
    assert_string_equal(kbc_item(d, 0)->answer, "Artificial Intelligence");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 2);
    static const char *const o1[] = {"K-Means Clustering", "DBSCAN"};
    assert_string_equal(kbc_item(d, 1)->answer, "Linear Regression"); /* [X] */
    kbc_strv(&kbc_item(d, 1)->distractors, o1, 2);
    assert_string_equal(kbc_item(d, 2)->answer,
                        "The steps every release goes through:\n- [ ] run the tests\n"
                        "- [ ] write the notes");
    assert_int_equal(kbc_item(d, 2)->distractors.n, 0);
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-task-list");

    /* "# Question N" label headings over a bare question paragraph */
    d = load2("mc-task-label");
    assert_int_equal(d->n_items, 2);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->title, ""); /* a label heading is no title */
    static const char *const l0[] = {"Lion", "Giraffe"};
    assert_string_equal(kbc_item(d, 0)->question, "Which animal is shown in the image below?");
    assert_string_equal(kbc_item(d, 0)->answer, "Elephant");
    kbc_strv(&kbc_item(d, 0)->distractors, l0, 2);
    assert_string_equal(kbc_item(d, 1)->question, "What is the value of $\\sqrt{16}$?");
    assert_string_equal(kbc_item(d, 1)->answer, "4");
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-task-label");

    /* the byte scan lets mc_prepare read a task list (a mark is SL_LABEL0) */
    static const char text[] = "- [x] a\n- [ ] b\n* [X] c\n[x]y [ ]\n[link] x\n";
    srclines sl;
    assert_int_equal(srclines_init(&sl, text, sizeof text - 1), 0);
    assert_true(srclines_may(&sl, 1, 1, SL_LABEL0));
    assert_true(srclines_may(&sl, 2, 2, SL_LABEL0));
    assert_true(srclines_may(&sl, 3, 3, SL_LABEL0));
    assert_false(srclines_may(&sl, 4, 5, SL_LABEL0)); /* no space after, a link */
    assert_true(srclines_may_mc(&sl, 1, 2));
    srclines_free(&sl);
}

/* lydiahallie/javascript-questions: "- A: `x`" options after a code block,
 * the key in a <details> ("#### Answer: B"); "- C:`x`" with no space. */
static void multiple_choice_options_opening_with_code(void **state)
{
    (void)state;
    kb_doc *d = load2("mc-code-options");
    assert_int_equal(d->n_items, 2);
    assert_int_equal(d->n_warnings, 0);
    static const char *const o0[] = {"`\"null\"`", "`\"undefined\"`"};
    assert_string_equal(kbc_item(d, 0)->question,
                        "What's the output?\n```javascript\nconsole.log(typeof null);\n```");
    assert_string_equal(kbc_item(d, 0)->answer, "`\"object\"`");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 2);
    static const char *const o1[] = {"`Person {name: \"Sarah\"}` and `undefined`",
                                     "`ReferenceError`"};
    assert_string_equal(kbc_item(d, 1)->answer, "`undefined`");
    kbc_strv(&kbc_item(d, 1)->distractors, o1, 2);
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-code-options");
}

static void expect_refused(const char *name, long line, const char *needle)
{
    char path[512];
    snprintf(path, sizeof path, REAL2 "%s.md", name);
    errinfo e;
    kb_doc *d = load(path, &e);
    assert_null(d);
    assert_int_equal(e.code, ASSAY_EINPUT);
    assert_int_equal(e.line, line);
    if (!strstr(e.msg, needle))
        fail_msg("%s: \"%s\" lacks \"%s\"", name, e.msg, needle);
}

/* A "정답" heading over a list of words is the question's answer, not an
 * answer key: key entries are option labels. */
static void a_key_heading_over_words_is_an_answer(void **state)
{
    (void)state;
    kb_doc *d = load2("key-words");
    assert_int_equal(d->n_items, 1);
    assert_string_equal(kbc_item(d, 0)->answer, "1. Cache\n2. Replica"); /* numbered as written */
    assert_int_equal(kbc_item(d, 0)->distractors.n, 0);
    kb_doc_free(d);
}

static void exams_whose_key_does_not_match_are_refused(void **state)
{
    (void)state;
    expect_refused("mc-bad-key", 18, "answer key entry 2 \"e\" names none of the 2 options");
    expect_refused("mc-missing-key", 10,
                   "multiple-choice question 2 (options at line 10) has no entry in the answer "
                   "key at line 13");
    expect_refused("mc-bad-answer", 8, "the answer \"d\" names none of the 2 options at line 5");
    expect_refused("mc-two-checked", 7,
                   "the multiple-choice options at line 5 mark 2 answers with [x]");
}

/* sc-nun216 quiz.md: lettered options under a question, with no answer line
 * and no answer key, are no answer ("- A. …" is no "A." answer line): each
 * such question is skipped with a warning at its line, its topic goes when
 * it held nothing else, and a document of nothing else is refused. A
 * lettered list inside prose stays answer text. */
static void multiple_choice_without_a_key_is_skipped(void **state)
{
    (void)state;
    kb_doc *d = load2("mc-no-key");
    assert_int_equal(d->n_items, 3);
    assert_int_equal(d->n_topics, 2); /* "Checkpoints" held only Q2 */
    assert_string_equal(d->topics[0].title, "Great Expectations");
    assert_string_equal(d->topics[1].title, "dbt");
    static const char *const o0[] = {"`great_expectations suite add`"};
    assert_string_equal(kbc_item(d, 0)->question, "Which command creates a suite?");
    assert_string_equal(kbc_item(d, 0)->answer, "`great_expectations suite new`");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 1);
    assert_string_equal(kbc_item(d, 1)->answer, "There are two kinds:\n"
                                                "- a) generic tests, declared in YAML\n"
                                                "- b) singular tests, written as SQL files");
    assert_string_equal(kbc_item(d, 2)->answer, "Bad input breaks every model built on it.\n"
                                                "Which layer would you test first?\n"
                                                "- A) the sources\n- B) the marts");
    for (size_t i = 0; i < d->n_items; i++)
        assert_null(strstr(d->items[i].answer, "without an answer"));
    assert_int_equal(d->n_warnings, 3);
    assert_int_equal(d->warnings[0].line, 5);
    assert_non_null(strstr(d->warnings[0].message,
                           "multiple-choice question without an answer (no answer line under "
                           "its options at line 7, no answer key section); skipped: \"What is "
                           "the purpose of Great Expectations?\""));
    assert_int_equal(d->warnings[1].line, 19);
    /* check's skip summary counts them (review 2: it did not) */
    assert_int_equal(d->warnings[2].line, 5);
    assert_string_equal(d->warnings[2].message,
                        "skipped 2 question-like entries: 2 multiple-choice without an answer "
                        "(see the warnings above)");
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-no-key");

    expect_refused("mc-no-key-only", 3,
                   "2 multiple-choice question(s) with options but no answer (no answer line "
                   "under the options, no answer key section): nothing to import");
}

/* learning-zone sql-mcq.md: the answer line in a blockquote ("> **Answer: B**"
 * and its explanation), after "- A)" options or "- A:" ones (whose first is
 * no "A:" answer line), past code in the question; a key that is itself a
 * question. */
static void multiple_choice_answer_in_a_quote(void **state)
{
    (void)state;
    kb_doc *d = load2("mc-quote-answer");
    assert_int_equal(d->n_items, 4);
    assert_int_equal(d->n_warnings, 0);
    static const char *const o0[] = {"One row."};
    assert_string_equal(kbc_item(d, 0)->question, "What does `SELECT 1 WHERE NULL = NULL` return?");
    assert_string_equal(kbc_item(d, 0)->answer, "No rows.");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 1);
    static const char *const o1[] = {"NULL", "An error"};
    assert_string_equal(kbc_item(d, 1)->question,
                        "A developer runs this query. What does it return?\n"
                        "```sql\nSELECT COUNT(*) FROM t WHERE 1 = 0;\n```");
    assert_string_equal(kbc_item(d, 1)->answer, "0");
    kbc_strv(&kbc_item(d, 1)->distractors, o1, 2);
    static const char *const o2[] = {"`INNER JOIN`"};
    assert_string_equal(kbc_item(d, 2)->question, "Which join keeps every row of the left table?");
    assert_string_equal(kbc_item(d, 2)->answer, "`LEFT JOIN`");
    kbc_strv(&kbc_item(d, 2)->distractors, o2, 1);
    /* a key that asks is no follow-up question (ML03 quiz) */
    static const char *const o3[] = {"Did we catch the yeses?"};
    assert_string_equal(kbc_item(d, 3)->question, "What does precision measure?");
    assert_string_equal(kbc_item(d, 3)->answer, "When we say yes, are we right?");
    kbc_strv(&kbc_item(d, 3)->distractors, o3, 1);
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-quote-answer");
}

/* dbt week 5 quiz: an answer key whose entries carry explanations ("1. **B**
 * — …", "2. **C**: …", "3. **A** - …" over two lines), inside a <details>
 * whose summary ("Click to reveal answers") is a reveal label, no question. */
static void an_answer_key_with_explanations_in_details(void **state)
{
    (void)state;
    kb_doc *d = load2("mc-key-explained");
    assert_int_equal(d->n_items, 3);
    assert_int_equal(d->n_warnings, 0);
    assert_int_equal(d->n_topics, 1); /* the key section is no topic */
    static const char *const o0[] = {"At least one row."};
    assert_string_equal(kbc_item(d, 0)->question, "What does a dbt test return when it passes?");
    assert_string_equal(kbc_item(d, 0)->answer, "Zero rows.");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 1);
    static const char *const o1[] = {"`unique`.", "`not_null`."};
    assert_string_equal(kbc_item(d, 1)->answer, "`relationships`.");
    kbc_strv(&kbc_item(d, 1)->distractors, o1, 2);
    static const char *const o2[] = {"In `dbt_project.yml`."};
    assert_string_equal(kbc_item(d, 2)->answer, "In a `sources` YAML block.");
    kbc_strv(&kbc_item(d, 2)->distractors, o2, 1);
    for (size_t i = 0; i < d->n_items; i++)
        assert_null(strstr(kbc_item(d, i)->question, "Click to reveal"));
    kb_doc_free(d);
    kbc_golden(REAL2, "mc-key-explained");
}

/* data-science-interviews theory.md: a paragraph that is all bold and asks is
 * a question ("**What is overfitting? 👶**", its level emoji stripped), the
 * prose, lists and code after it its answer, up to the next such paragraph
 * or heading. Inside a question heading's answer a bold question stays text;
 * a bold stem over <details><summary>Answer</summary> reads as before. */
static void bold_paragraph_questions(void **state)
{
    (void)state;
    kb_doc *d = load2("bold-questions");
    assert_int_equal(d->n_items, 4);
    assert_int_equal(d->n_warnings, 0);
    assert_int_equal(d->n_topics, 3);
    assert_string_equal(d->topics[0].title, "Validation");
    assert_string_equal(kbc_item(d, 0)->question, "What is overfitting?");
    assert_string_equal(kbc_item(d, 0)->answer,
                        "The model fits the training set but does not generalise.");
    assert_int_equal(kbc_item(d, 0)->line, 7);
    assert_string_equal(kbc_item(d, 1)->question, "How do we choose K in K-fold cross-validation?");
    assert_string_equal(kbc_item(d, 1)->answer, "Four for small datasets, five for large ones:\n"
                                                "- K = 4 when data is scarce\n- K = 5 otherwise\n"
                                                "```python\nKFold(n_splits=5)\n```\n"
                                                "Note\nThe folds are shuffled first.");
    assert_string_equal(kbc_item(d, 2)->question, "What is linear regression?");
    assert_string_equal(kbc_item(d, 2)->answer,
                        "A model of a linear relationship between inputs and output.\n"
                        "Why is it popular?\nIt is simple and fast.");
    assert_string_equal(kbc_item(d, 3)->question, "What is the normal equation?");
    assert_string_equal(kbc_item(d, 3)->answer, "The closed form of least squares.");
    kb_doc_free(d);
    kbc_golden(REAL2, "bold-questions");
}

/* ---- the bundled document ---------------------------------------------------- */

/* The byte scan that lets the pre-passes skip blocks (render.h srclines) may
 * say "maybe" too often, never "no" wrongly: labels spelled with an entity or
 * an escape, labels in a quoted list, a badge in an answer. With the scan
 * answering "no" everywhere, the options stay in the questions and the badge's
 * text in the answer. */
static void the_byte_scan_skips_nothing_it_should_read(void **state)
{
    (void)state;
    kb_doc *d = load2("prepass-scan");
    assert_int_equal(d->n_items, 3);
    static const char *const o0[] = {"80", "8080"};
    assert_string_equal(kbc_item(d, 0)->question, "Which port does HTTPS use?");
    assert_string_equal(kbc_item(d, 0)->answer, "443");
    kbc_strv(&kbc_item(d, 0)->distractors, o0, 2);
    static const char *const o1[] = {"Physical", "Transport"};
    assert_string_equal(kbc_item(d, 1)->question, "Which layer routes packets?");
    assert_string_equal(kbc_item(d, 1)->answer, "Network");
    kbc_strv(&kbc_item(d, 1)->distractors, o1, 2);
    assert_string_equal(kbc_item(d, 2)->answer, "Names to addresses.");
    kb_doc_free(d);

    static const char text[] = "(a) x\n01. y\nB) y\n\xE2\x91\xA0x\n&#97;) x\na\\) x\n"
                               "end. x\nabc) x\n21. x\nplain [link](u)\n## Answers\nkeys\n";
    srclines sl;
    assert_int_equal(srclines_init(&sl, text, sizeof text - 1), 0);
    assert_int_equal(sl.n, 13); /* the last line is empty */
    static const long first[] = {1, 2, 4, 5, 6}, second[] = {3, 5, 6};
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        assert_true(srclines_may(&sl, first[i], first[i], SL_LABEL0));
    for (size_t i = 0; i < sizeof second / sizeof second[0]; i++)
        assert_true(srclines_may(&sl, second[i], second[i], SL_LABEL1));
    assert_false(srclines_may(&sl, 2, 2, SL_LABEL1)); /* "01." is the first */
    assert_false(srclines_may(&sl, 7, 9, SL_LABEL0 | SL_LABEL1));
    assert_true(srclines_may(&sl, 2, 2, SL_OLIST1));
    assert_true(srclines_may(&sl, 9, 9, SL_OLIST1)); /* "21." could be a list from 1 */
    assert_false(srclines_may(&sl, 1, 9, SL_LINK));
    assert_true(srclines_may(&sl, 1, 10, SL_LINK));
    assert_true(srclines_may(&sl, 11, 11, SL_KEY | SL_HEADMARK));
    assert_false(srclines_may(&sl, 10, 10, SL_KEY));
    assert_true(srclines_may(&sl, 12, 12, SL_KEY)); /* "key" */
    assert_false(srclines_may_label_run(&sl, 1, 2));
    assert_true(srclines_may_label_run(&sl, 1, 3));
    assert_false(srclines_may_label_run(&sl, 6, 9));
    assert_false(srclines_may_mc(&sl, 7, 8));
    assert_true(srclines_may_mc(&sl, 7, 12));      /* a key heading */
    assert_false(srclines_may_mc(&sl, 12, 12));    /* a key word, no heading */
    assert_true(srclines_may(&sl, 0, 3, SL_LINK)); /* out of range: maybe */
    assert_true(srclines_may(NULL, 1, 1, SL_LINK));
    srclines_free(&sl);
}

/* ---- review 2's patterns 3 and 11: contents, level titles, label headings --- */

/* A table of contents (links to anchors, with a gloss after them or
 * sub-bullets under them) is navigation: no sub-topics, so no derived items;
 * "## L1: …" over nothing of its own is a title, no level block (and no
 * "second Level 1 block" warning); "## # 1. Variables" is the topic
 * "Variables" of the question headings after it. */
static void contents_and_level_titles_make_no_blocks(void **state)
{
    (void)state;
    kb_doc *d = load2("toc-levels");
    assert_int_equal(d->n_blocks, 0);
    assert_int_equal(d->n_warnings, 0);
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "Variables");
    assert_int_equal(d->topics[0].number, 1);
    assert_string_equal(d->topics[1].title, "Data Types");
    assert_int_equal(d->n_items, 3);
    assert_int_equal(kbc_item(d, 0)->topic, 0);
    assert_int_equal(kbc_item(d, 1)->topic, 0);
    assert_string_equal(kbc_item(d, 1)->question, "Which keyword declares a constant?");
    assert_string_equal(kbc_item(d, 1)->answer, "`const`");
    assert_int_equal(kbc_item(d, 2)->topic, 1);
    kb_doc_free(d);
    kbc_golden(REAL2, "toc-levels");
}

/* "### REDIS-001", "## #26": an id or number label is no topic (the enclosing
 * section is, or the bare section heading before the labels); an HTML <h1>
 * before any Markdown heading is the title. */
static void label_headings_are_no_topics(void **state)
{
    (void)state;
    kb_doc *d = load2("label-topics");
    assert_string_equal(d->title, "🌐 Network & Redis 🌐");
    assert_int_equal(d->n_topics, 2);
    assert_string_equal(d->topics[0].title, "📌 Redis 기본 개념");
    assert_string_equal(d->topics[1].title, "📌 네트워크");
    assert_int_equal(d->n_items, 4);
    assert_int_equal(kbc_item(d, 0)->topic, 0);
    assert_int_equal(kbc_item(d, 1)->topic, 0);
    assert_string_equal(kbc_item(d, 1)->question, "Redis의 자료구조를 설명해주세요.");
    assert_int_equal(kbc_item(d, 2)->topic, 1);
    assert_int_equal(kbc_item(d, 3)->topic, 1);
    assert_string_equal(kbc_item(d, 3)->question, "라우팅이 무엇인가요?");
    assert_int_equal(d->n_warnings, 0);
    kb_doc_free(d);
    kbc_golden(REAL2, "label-topics");
}

/* ---- review 2's patterns 8 and 12: HTML tables, code and noise -------------- */

/* An HTML <table> in an answer is a pipe table, as a GFM table is kept (its
 * first row heads it); in <details> and under a question heading alike. */
static void html_tables_are_kept_as_tables(void **state)
{
    (void)state;
    kb_doc *d = load2("html-table");
    assert_int_equal(d->n_items, 2);
    assert_string_equal(kbc_item(d, 0)->answer, "The well-known ports:\n"
                                                "| SERVICE | PORT |\n"
                                                "| --- | --- |\n"
                                                "| SMTP | 25 |\n"
                                                "| DNS | 53 |\n"
                                                "Both are also used over TLS on other ports.");
    assert_string_equal(kbc_item(d, 1)->answer, "| SIGTERM | asks it to stop |\n"
                                                "| --- | --- |\n"
                                                "| SIGKILL | stops it at once |");
    kb_doc_free(d);
    kbc_golden(REAL2, "html-table");
}

/* Footnote markers go ("[^1]", with or without a definition), a leading "→"
 * goes, inline <code> is a code span, a code-span heading loses its
 * backticks, and a warning quotes only the first line of a question with
 * code, with an ellipsis. */
static void footnotes_arrows_and_html_code_are_tidied(void **state)
{
    (void)state;
    kb_doc *d = load2("noise2");
    assert_int_equal(d->n_items, 4);
    assert_string_equal(kbc_item(d, 0)->answer,
                        "인메모리 키-값 저장소입니다. 단일 스레드로 명령을 처리합니다.");
    assert_string_equal(kbc_item(d, 1)->answer, "메시지가 오래 쌓이면 디스크를 많이 쓴다.");
    assert_string_equal(kbc_item(d, 2)->answer, "Run `rm -rf dir`, carefully.");
    assert_string_equal(kbc_item(d, 3)->question, "웹 표준이란?");
    assert_true(d->n_warnings >= 1);
    assert_string_equal(d->warnings[0].message,
                        "question without an answer; skipped: \"다음 코드의 결과는?…\"");
    kb_doc_free(d);
    kbc_golden(REAL2, "noise2");
}

/* Review 2, pattern 9: links to anchors with plain sub-bullets under them
 * ("- [DOCTYPE 🔥](#DOCTYPE)", "  - 왜 필요한가요?") are a table of contents:
 * no warnings, no counts, no concept text. */
static void contents_with_sub_bullets_are_navigation(void **state)
{
    (void)state;
    kb_doc *d = load2("toc-nested");
    assert_int_equal(d->n_items, 2);
    assert_int_equal(d->n_warnings, 0);
    assert_string_equal(d->topics[0].concept, "");
    assert_string_equal(kbc_item(d, 0)->question, "`DOCTYPE`은 무엇을 하나요?");
    kb_doc_free(d);
    kbc_golden(REAL2, "toc-nested");
}

/* Review 2: a <summary> that asks to do something ("클로저에 대해 설명해
 * 보기", "try explaining closures") is a question, not a "show more" label
 * ("전체 코드로 보기" stays one, inside its answer). */
static void a_request_summary_is_a_question(void **state)
{
    (void)state;
    kb_doc *d = load2("details-request");
    assert_int_equal(d->n_items, 2);
    assert_int_equal(d->n_warnings, 0);
    assert_string_equal(kbc_item(d, 0)->question, "클로저에 대해 설명해 보기");
    assert_string_equal(kbc_item(d, 0)->answer,
                        "함수가 선언될 때의 렉시컬 환경을 기억하는 것입니다.");
    assert_string_equal(kbc_item(d, 1)->answer, "콜 스택이 비면 큐의 작업을 꺼내 실행합니다.\n"
                                                "전체 코드로 보기\n"
                                                "```js\nsetTimeout(() => console.log(1));\n```");
    kb_doc_free(d);
    kbc_golden(REAL2, "details-request");
}

/* Review 2: "# Answer 1." right after "### 1. What is a process?" answers it,
 * though its heading is higher; the topic stays. */
static void a_higher_answer_heading_answers_the_question_before_it(void **state)
{
    (void)state;
    kb_doc *d = load2("answer-up");
    assert_int_equal(d->n_items, 2);
    assert_int_equal(d->n_topics, 1);
    assert_string_equal(d->topics[0].title, "Questions");
    assert_string_equal(kbc_item(d, 0)->question, "What is a process?");
    assert_string_equal(kbc_item(d, 0)->answer, "A running program with its own memory.");
    assert_string_equal(kbc_item(d, 1)->question, "What is a thread?");
    assert_string_equal(kbc_item(d, 1)->answer, "A path of execution inside a process.");
    assert_int_equal(d->n_warnings, 0);
    kb_doc_free(d);
    kbc_golden(REAL2, "answer-up");
}

/* Review 2, pattern 12: a note bullet that asks itself, led in by a
 * conjunction and a comma ("근데, 생성자 함수 방식은?"), is rhetorical: not
 * warned as an unanswered list question; a plain one still is. */
static void a_rhetorical_note_bullet_is_not_warned(void **state)
{
    (void)state;
    kb_doc *d = load2("note-aside");
    assert_int_equal(d->n_items, 1);
    assert_int_equal(d->n_warnings, 2);
    assert_int_equal(d->warnings[0].line, 17);
    assert_string_equal(d->warnings[0].message,
                        "list item reads like a question but has no answer under it; not "
                        "imported: \"bind로 묶은 this는 무엇인가요?\"");
    kb_doc_free(d);
    kbc_golden(REAL2, "note-aside");
}

static void bundled_document_is_unchanged(void **state)
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
    for (size_t i = 0; i < d->n_items; i++)
        assert_int_equal(d->items[i].distractors.n, 0);
    kb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(code_blocks_keep_indentation_blank_lines_and_info),
        cmocka_unit_test(tables_stay_pipe_tables_with_alignment),
        cmocka_unit_test(navigation_badges_and_contents_are_stripped),
        cmocka_unit_test(navigation_words_are_a_rule_not_a_list),
        cmocka_unit_test(multiple_choice_with_answer_lines),
        cmocka_unit_test(multiple_choice_with_an_answer_key_section),
        cmocka_unit_test(multiple_choice_as_task_lists),
        cmocka_unit_test(multiple_choice_options_opening_with_code),
        cmocka_unit_test(a_key_heading_over_words_is_an_answer),
        cmocka_unit_test(exams_whose_key_does_not_match_are_refused),
        cmocka_unit_test(multiple_choice_without_a_key_is_skipped),
        cmocka_unit_test(multiple_choice_answer_in_a_quote),
        cmocka_unit_test(an_answer_key_with_explanations_in_details),
        cmocka_unit_test(bold_paragraph_questions),
        cmocka_unit_test(the_byte_scan_skips_nothing_it_should_read),
        cmocka_unit_test(contents_and_level_titles_make_no_blocks),
        cmocka_unit_test(label_headings_are_no_topics),
        cmocka_unit_test(html_tables_are_kept_as_tables),
        cmocka_unit_test(footnotes_arrows_and_html_code_are_tidied),
        cmocka_unit_test(contents_with_sub_bullets_are_navigation),
        cmocka_unit_test(a_request_summary_is_a_question),
        cmocka_unit_test(a_higher_answer_heading_answers_the_question_before_it),
        cmocka_unit_test(a_rhetorical_note_bullet_is_not_warned),
        cmocka_unit_test(bundled_document_is_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
