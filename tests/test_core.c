/* Unit tests: the utility tier (arena, buf, UTF-8, errors), text similarity,
 * the line patterns and the HTML scanner of the importer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/u8.h"
#include "kb/html.h"
#include "kb/pattern.h"
#include "text/sim.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void arena_allocates_aligned_zeroed_memory(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    for (int i = 1; i < 200; i++) {
        unsigned char *p = arena_alloc(&a, (size_t)i * 37);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int k = 0; k < i * 37; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xAB, (size_t)i * 37);
    }
    char *s = arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    assert_string_equal(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
    arena_free(&a);
    arena_free(&a); /* twice is fine */
}

static void arena_respects_its_cap(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 100 * 1024);
    assert_non_null(arena_alloc(&a, 1000));
    assert_null(arena_alloc(&a, 200 * 1024));
    arena_free(&a);
}

static void arena_push_grows_arrays(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        int *el = arena_push(&a, (void **)&v, &n, &cap, sizeof *v);
        assert_non_null(el);
        *el = i;
    }
    assert_int_equal(n, 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i);
    arena_free(&a);
}

static void buf_enforces_cap_and_hands_over(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_adds(&b, "12345"), 0);
    assert_int_equal(buf_addf(&b, "%d", 6789), 0);
    assert_string_equal(buf_str(&b), "123456789");
    assert_int_equal(buf_adds(&b, "ab"), -1); /* would pass 10 */
    assert_string_equal(buf_str(&b), "123456789");
    assert_int_equal(buf_addc(&b, '0'), 0);
    size_t len;
    char *p = buf_take(&b, &len);
    assert_int_equal(len, 10);
    assert_string_equal(p, "1234567890");
    free(p);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    buf_free(&b);
}

static void u8_check_reports_the_first_bad_byte(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_int_equal(u8_check("abc 한글", strlen("abc 한글"), &bad), 0);
    const char s1[] = "ab\xC3\x28z";
    assert_int_equal(u8_check(s1, sizeof s1 - 1, &bad), -1);
    assert_int_equal(bad, 2);
    const char s2[] = "\xED\xA0\x80"; /* a UTF-16 surrogate */
    assert_int_equal(u8_check(s2, 3, &bad), -1);
    assert_int_equal(bad, 0);
    const char s3[] = "ok\xF0\x9F\x98"; /* truncated at the end */
    assert_int_equal(u8_check(s3, sizeof s3 - 1, &bad), -1);
    assert_int_equal(bad, 2);
}

/* u8_check decodes inline: it must agree with utf8proc_iterate, sequence by
 * sequence, on valid text, on every lead byte with every continuation, and on
 * random bytes (overlong forms, surrogates, past U+10FFFF, truncations). */
static int u8_check_by_utf8proc(const unsigned char *s, size_t n, size_t *bad)
{
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0) {
            *bad = i;
            return -1;
        }
        i += (size_t)(k ? k : 1);
    }
    return 0;
}

static void u8_check_agrees_with_utf8proc(void **state)
{
    (void)state;
    unsigned char s[6];
    size_t bad1 = 0, bad2 = 0;
    for (unsigned a = 0x80; a < 0x100; a++)
        for (unsigned b = 0; b < 0x100; b++)
            for (unsigned c = 0x7F; c < 0xC1; c += 0x41) {
                s[0] = 'x', s[1] = (unsigned char)a, s[2] = (unsigned char)b;
                s[3] = (unsigned char)c, s[4] = 0x80, s[5] = 'y';
                for (size_t n = 1; n <= sizeof s; n++) {
                    int r1 = u8_check((const char *)s, n, &bad1);
                    int r2 = u8_check_by_utf8proc(s, n, &bad2);
                    assert_int_equal(r1, r2);
                    if (r1)
                        assert_int_equal(bad1, bad2);
                }
            }
    uint32_t x = 12345;
    unsigned char r[64];
    for (int t = 0; t < 200000; t++) {
        for (size_t i = 0; i < sizeof r; i++) {
            x = x * 1103515245u + 12345u;
            unsigned v = (x >> 16) & 0xFF;
            r[i] = (unsigned char)(i % 3 ? (v & 0x3F) | 0x80 : v); /* many continuations */
        }
        size_t n = 1 + (x >> 8) % sizeof r;
        int r1 = u8_check((const char *)r, n, &bad1);
        int r2 = u8_check_by_utf8proc(r, n, &bad2);
        assert_int_equal(r1, r2);
        if (r1)
            assert_int_equal(bad1, bad2);
    }
}

static void u8_nfc_composes_hangul(void **state)
{
    (void)state;
    /* 한 as conjoining jamo: U+1112 U+1161 U+11AB */
    const char nfd[] = "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB";
    size_t n;
    char *nfc = u8_nfc(nfd, sizeof nfd - 1, &n);
    assert_non_null(nfc);
    assert_string_equal(nfc, "한");
    assert_int_equal(n, 3);
    free(nfc);
}

static void u8_nfc_quick_check_is_conservative(void **state)
{
    (void)state;
#define QC(s) u8_is_nfc_quick(s, sizeof(s) - 1)
    assert_true(QC("plain ASCII"));
    assert_true(QC("한글 텍스트와 English"));
    /* precomposed é has a canonical decomposition: the check is conservative
     * and asks for normalisation, which gives it back unchanged */
    assert_false(QC("caf\xC3\xA9"));
    char *n = u8_nfc("caf\xC3\xA9", 5, NULL);
    assert_string_equal(n, "caf\xC3\xA9");
    free(n);
    assert_false(QC("cafe\xCC\x81"));             /* e + combining acute */
    assert_false(QC("\xE1\x84\x92\xE1\x85\xA1")); /* conjoining jamo */
    assert_false(QC("\xED\x95\x98\xE1\x86\xAB")); /* 하 + final jamo */
    assert_false(QC("\xE2\x84\xAB"));             /* Angstrom sign -> Å */
#undef QC
}

static void u8_width_counts_hangul_as_two(void **state)
{
    (void)state;
    assert_int_equal(u8_width("abc", 3), 3);
    assert_int_equal(u8_width("한글", strlen("한글")), 4);
    assert_int_equal(u8_width("e\xCC\x81", 3), 1);                        /* e + combining acute */
    assert_int_equal(assay_text_width("\xE1\x84\x92\xE1\x85\xA1", 6), 2); /* NFD 하 */
    assert_int_equal(u8_prefix_for_width("한글ab", strlen("한글ab"), 3), 3);
    assert_int_equal(u8_prefix_for_width("한글ab", strlen("한글ab"), 5), 7);
    /* numbers as typed: 1 to 5 ASCII digits */
    assert_int_equal(u8_small_number("3"), 3);
    assert_int_equal(u8_small_number("007"), 7);
    assert_int_equal(u8_small_number("99999"), 99999);
    assert_int_equal(u8_small_number("100000"), -1);
    assert_int_equal(u8_small_number(""), -1);
    assert_int_equal(u8_small_number("3a"), -1);
    assert_int_equal(u8_small_number("-3"), -1);
    assert_int_equal(u8_small_number("３"), -1);
}

static void u8_fold_collapses_case_and_space(void **state)
{
    (void)state;
    size_t n;
    char *f = u8_fold("  Level\t  GUIDE  ", 17, &n);
    assert_string_equal(f, "level guide");
    free(f);
}

static void errors_keep_the_first_and_format_positions(void **state)
{
    (void)state;
    errinfo e;
    err_clear(&e);
    assert_int_equal(err_set_at(&e, ASSAY_EINPUT, "a.md", 3, 7, 42, "bad %s", "byte"),
                     ASSAY_EINPUT);
    assert_int_equal(err_set(&e, ASSAY_ESTORAGE, "later"), ASSAY_EINPUT);
    char msg[256];
    err_format(&e, msg, sizeof msg);
    assert_string_equal(msg, "a.md:3:7: bad byte (byte offset 42)");
    assert_string_equal(assay_code_name(ASSAY_ESTORAGE), "ASSAY_ESTORAGE");
    assert_int_equal(assay_code_exit_status(ASSAY_OK), 0);
    assert_int_equal(assay_code_exit_status(ASSAY_EUSAGE), 1);
    assert_int_equal(assay_code_exit_status(ASSAY_EINPUT), 2);
    assert_int_equal(assay_code_exit_status(ASSAY_ESTORAGE), 3);
    assert_int_equal(assay_code_exit_status(ASSAY_ENOMEM), 4);
}

static void similarity_separates_rewording_from_other_questions(void **state)
{
    (void)state;
#define SIM(a, b) sim_dice_bigram(a, strlen(a), b, strlen(b))
    assert_true(SIM("캐시란?", "캐시란?") == 1.0);
    assert_true(SIM("모놀리스 아키텍처란?", "모놀리스 아키텍처란 무엇인가?") >= 0.75);
    assert_true(SIM("CAP 정리란?", "cap 정리는?") >= 0.75);
    assert_true(SIM("모놀리스의 장점은?", "모놀리스의 단점은?") < 0.75);
    assert_true(SIM("Token Bucket 알고리즘이란?", "Leaky Bucket 알고리즘이란?") < 0.75);
    assert_true(SIM("", "") == 1.0);
#undef SIM
}

static int qa(const char *s, const char **rest)
{
    size_t r = 0;
    int k = pat_qa_prefix(s, strlen(s), &r);
    *rest = s + r;
    return k;
}

static void qa_prefixes_are_recognised(void **state)
{
    (void)state;
    const char *rest;
    assert_int_equal(qa("Q: 캐시란?", &rest), PAT_Q);
    assert_string_equal(rest, "캐시란?");
    assert_int_equal(qa("Q. 캐시란?", &rest), PAT_Q);
    assert_int_equal(qa("Q1. What?", &rest), PAT_Q);
    assert_string_equal(rest, "What?");
    assert_int_equal(qa("질문: 무엇?", &rest), PAT_Q);
    assert_int_equal(qa("Question: why", &rest), PAT_Q);
    assert_int_equal(qa("A: 답", &rest), PAT_A);
    assert_string_equal(rest, "답");
    assert_int_equal(qa("A. 답", &rest), PAT_A);
    assert_int_equal(qa("답: 그렇다", &rest), PAT_A);
    assert_int_equal(qa("답변: 그렇다", &rest), PAT_A);
    assert_int_equal(qa("Answer: yes", &rest), PAT_A);
    /* not prefixes */
    assert_int_equal(qa("Queue: FIFO", &rest), PAT_NONE);
    assert_int_equal(qa("A.B 테스트", &rest), PAT_NONE);
    assert_int_equal(qa("API: REST", &rest), PAT_NONE);
    assert_int_equal(qa("답을 구한다", &rest), PAT_NONE);
    assert_int_equal(qa("문제: 느림", &rest), PAT_NONE);
}

static int marker(const char *s, int *level, char *label)
{
    size_t lo, ll;
    int ok = pat_level_marker(s, strlen(s), level, &lo, &ll);
    if (ok) {
        memcpy(label, s + lo, ll);
        label[ll] = '\0';
    }
    return ok;
}

static void level_markers_are_recognised(void **state)
{
    (void)state;
    int lv;
    char label[64];
    assert_true(marker("⭐ Level 1 (입문)", &lv, label));
    assert_int_equal(lv, 1);
    assert_string_equal(label, "입문");
    assert_true(marker("⭐⭐⭐⭐ Level 4 (리드/CTO)", &lv, label));
    assert_string_equal(label, "리드/CTO");
    assert_true(marker("Level 3", &lv, label));
    assert_int_equal(lv, 3);
    assert_string_equal(label, "");
    assert_true(marker("레벨 2 (주니어)", &lv, label));
    assert_int_equal(lv, 2);
    assert_true(marker("Lv.3", &lv, label));
    assert_int_equal(lv, 3);
    assert_true(marker("L3", &lv, label));
    assert_true(marker("L2: 주니어", &lv, label));
    assert_string_equal(label, "주니어");
    assert_true(marker("★ Level 1 - 입문", &lv, label));
    assert_string_equal(label, "입문");
    /* not markers */
    assert_false(marker("Level 0(HTTP 터널링), Level 1(리소스)", &lv, label));
    assert_false(marker("Level 10", &lv, label));
    assert_false(marker("L3 캐시 계층", &lv, label));
    assert_false(marker("Level 2 수준의 API는 무엇인가?", &lv, label));
    assert_false(marker("Leveling up", &lv, label));
}

static void sections_and_questions_are_classified(void **state)
{
    (void)state;
#define SEC(s) pat_section_of(s, strlen(s))
    assert_int_equal(SEC("개념 설명"), SEC_CONCEPT);
    assert_int_equal(SEC("레벨별 지식"), SEC_LEVELS);
    assert_int_equal(SEC("실무 시나리오"), SEC_SCENARIO);
    assert_int_equal(SEC("면접 빈출 질문"), SEC_INTERVIEW);
    assert_int_equal(SEC("Interview Questions"), SEC_INTERVIEW);
    assert_int_equal(SEC("레벨 가이드"), SEC_GUIDE);
    assert_int_equal(SEC("1. 모놀리스 vs 마이크로서비스"), SEC_NONE);
#undef SEC
    assert_true(pat_is_question("What is X?", 10));
    assert_true(pat_is_question("Q. 차이는", strlen("Q. 차이는")));
    assert_false(pat_is_question("면접 빈출 질문", strlen("면접 빈출 질문")));
    int num;
    size_t rest;
    assert_true(pat_topic_number("12. 12-Factor App", 17, &num, &rest));
    assert_int_equal(num, 12);
    assert_int_equal(rest, 4);
    assert_false(pat_topic_number("12-Factor App", 13, &num, &rest));
    size_t ll;
    assert_true(
        pat_label("현재 문제: 설정 하드코딩", strlen("현재 문제: 설정 하드코딩"), &ll, &rest));
    assert_int_equal(ll, strlen("현재 문제"));
    assert_false(pat_label("http://x.y", 10, &ll, &rest));
}

typedef struct html_log {
    char text[256];
    char tags[256];
} html_log;

static void on_tag(void *ud, const char *name, int closing, long line)
{
    html_log *l = ud;
    (void)line;
    strcat(l->tags, closing ? "/" : "");
    strcat(l->tags, name);
    strcat(l->tags, " ");
}

static void on_text(void *ud, const char *s, size_t n, long line)
{
    html_log *l = ud;
    (void)line;
    strncat(l->text, s, n);
}

static void html_scanner_finds_tags_and_decodes_text(void **state)
{
    (void)state;
    html_log l = {{0}, {0}};
    html_sink sink = {on_tag, on_text, &l};
    const char *s = "<details><!-- c --><summary class=\"q\">A &amp; B&#x21;</summary>x &lt; y"
                    "<br/></DETAILS> 3 < 4";
    assert_int_equal(html_scan(s, strlen(s), 1, &sink), 0);
    assert_string_equal(l.tags, "details summary /summary br /details ");
    assert_string_equal(l.text, "A & B!x < y 3 < 4");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocates_aligned_zeroed_memory),
        cmocka_unit_test(arena_respects_its_cap),
        cmocka_unit_test(arena_push_grows_arrays),
        cmocka_unit_test(buf_enforces_cap_and_hands_over),
        cmocka_unit_test(u8_check_reports_the_first_bad_byte),
        cmocka_unit_test(u8_check_agrees_with_utf8proc),
        cmocka_unit_test(u8_nfc_composes_hangul),
        cmocka_unit_test(u8_nfc_quick_check_is_conservative),
        cmocka_unit_test(u8_width_counts_hangul_as_two),
        cmocka_unit_test(u8_fold_collapses_case_and_space),
        cmocka_unit_test(errors_keep_the_first_and_format_positions),
        cmocka_unit_test(similarity_separates_rewording_from_other_questions),
        cmocka_unit_test(qa_prefixes_are_recognised),
        cmocka_unit_test(level_markers_are_recognised),
        cmocka_unit_test(sections_and_questions_are_classified),
        cmocka_unit_test(html_scanner_finds_tags_and_decodes_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
