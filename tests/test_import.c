/* Question banks from other systems (issue 13, import): GIFT, Moodle XML and
 * CSV files written by hand (tests/data/import/) give exactly the expected
 * model — Korean text kept in NFC, escapes undone, categories as topics and
 * levels, authored distractors —; bad files are refused naming file:line and
 * leave the bank untouched; the authored options are stored, listed, asked
 * as multiple choice (and as a false statement) and audited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "core/err.h"
#include "kb/formats.h"
#include "kb/parse.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA ASSAY_TEST_DATA "/import/"

typedef struct want {
    const char *topic;
    int level;
    const char *question;
    const char *answer;
    const char *distractors[4]; /* NULL-terminated */
    long line;
} want;

static kb_doc *load(const char *name, errinfo *e)
{
    char path[600];
    snprintf(path, sizeof path, "%s%s", DATA, name);
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
    kb_doc *d = NULL;
    err_clear(e);
    if (kb_load(path, &o, &d, e) != ASSAY_OK)
        return NULL;
    return d;
}

static void check_model(const kb_doc *d, const want *w, size_t n)
{
    assert_int_equal(d->n_items, n);
    for (size_t i = 0; i < n; i++) {
        const kb_item *it = &d->items[i];
        assert_string_equal(d->topics[it->topic].title, w[i].topic);
        assert_int_equal(it->level, w[i].level);
        assert_string_equal(it->question, w[i].question);
        assert_string_equal(it->answer, w[i].answer);
        size_t nd = 0;
        while (nd < 4 && w[i].distractors[nd])
            nd++;
        assert_int_equal(it->distractors.n, nd);
        for (size_t k = 0; k < nd; k++)
            assert_string_equal(it->distractors.v[k], w[i].distractors[k]);
        assert_int_equal(it->line, w[i].line);
    }
}

static const char *accept_of(const kb_item *it)
{
    return it->detail ? it->detail : "";
}

static void test_gift_model(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("ko.gift", &e);
    assert_non_null(d);
    static const want w[] = {
        {"캐싱",
         1,
         "캐시(Cache)란 무엇인가?",
         "자주 쓰는 데이터를 빠른 저장소에 두는 것",
         {"데이터를 영구히 보관하는 디스크", "네트워크 패킷을 암호화하는 장치",
          "로그를 압축하는 도구", NULL},
         4},
        {"캐싱", 1, "TTL은 캐시 항목의 만료 시간을 정한다.", "참", {NULL}, 11},
        {"캐싱",
         1,
         "수식 a = b 에서 ~ 와 # 그리고 {중괄호} 와 콜론: 은 이스케이프한다. 무엇을 쓰는가?",
         "백슬래시",
         {NULL},
         13},
        {"부하 분산",
         2,
         "알고리즘과 설명을 짝지으시오.",
         "라운드 로빈 → 차례로 돌아가며 보낸다\n최소 연결 → 연결이 가장 적은 서버로 보낸다",
         {NULL},
         17},
        {"부하 분산",
         2,
         "일관된 해싱(Consistent Hashing)이 필요한 이유를 설명하시오.",
         "서버가 추가되거나 빠져도 대부분의 키가 같은 서버에 남기 때문이다.",
         {NULL},
         22},
        {"부하 분산", 2, "부하 분산기는 _____ 계층에서 동작할 수 있다.", "L4", {NULL}, 25},
        {"부하 분산", 2, "헬스 체크가 실패하면?", "트래픽에서 제외한다", {"재시작한다", NULL}, 27},
        {"부하 분산", 2, "포트 번호의 최댓값은?", "65535", {NULL}, 29},
    };
    check_model(d, w, sizeof w / sizeof w[0]);
    /* topics with their numbers, level blocks with their labels */
    assert_int_equal(d->n_topics, 2);
    assert_int_equal(d->topics[0].number, 1);
    assert_int_equal(d->topics[1].number, 2);
    assert_int_equal(d->n_blocks, 2);
    assert_string_equal(d->blocks[0].label, "입문");
    assert_string_equal(d->blocks[1].label, "중급");
    assert_string_equal(d->kb_name, "ko");
    /* other right answers kept as accepted spellings */
    assert_string_equal(accept_of(&d->items[2]), "{\"accept\":[\"\\\\\"]}");
    assert_string_equal(accept_of(&d->items[5]), "{\"accept\":[\"L7\"]}");
    /* the description and the partly right option are warnings with lines */
    assert_int_equal(d->n_warnings, 2);
    assert_int_equal(d->warnings[0].line, 27);
    assert_int_equal(d->warnings[1].line, 31);
    kb_doc_free(d);
}

static void test_moodle_model(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("ko.xml", &e);
    assert_non_null(d);
    static const want w[] = {
        {"캐싱",
         1,
         "캐시(Cache)란 무엇인가? a < b & c",
         "자주 쓰는 데이터를 빠른 저장소에 두는 것",
         {"데이터를 영구히 보관하는 디스크", "네트워크 패킷을 암호화하는 장치",
          "로그를 압축하는 도구", NULL},
         6},
        {"캐싱", 1, "TTL은 캐시 항목의 만료 시간을 정한다.", "참", {NULL}, 16},
        {"캐싱", 1, "CDN의 C는 무엇의 약자인가?\n한 단어로 답하시오.", "Content", {NULL}, 22},
        {"부하 분산",
         2,
         "알고리즘과 설명을 짝지으시오.",
         "라운드 로빈 → 차례로 돌아가며 보낸다\n최소 연결 → 연결이 가장 적은 서버로 보낸다",
         {NULL},
         32},
        {"부하 분산",
         2,
         "일관된 해싱(Consistent Hashing)이 필요한 이유를 설명하시오.",
         "서버가 추가되거나 빠져도 대부분의 키가 같은 서버에 남기 때문이다.",
         {NULL},
         39},
        {"부하 분산",
         2,
         "부하 분산기는 _____ 계층에서 동작할 수 있다.",
         "L4",
         {"L2", "L1", NULL},
         44},
    };
    check_model(d, w, sizeof w / sizeof w[0]);
    assert_string_equal(accept_of(&d->items[2]), "{\"accept\":[\"콘텐츠\"]}");
    assert_int_equal(d->n_warnings, 1); /* the description */
    assert_int_equal(d->warnings[0].line, 48);
    kb_doc_free(d);
}

static void test_csv_model(void **state)
{
    (void)state;
    errinfo e;
    kb_doc *d = load("ko.csv", &e);
    assert_non_null(d);
    static const want w[] = {
        {"캐싱",
         1,
         "캐시(Cache)란 무엇인가?",
         "자주 쓰는 데이터를 빠른 저장소에 두는 것",
         {"데이터를 영구히 보관하는 디스크", "네트워크 패킷을 암호화하는 장치", NULL},
         2},
        {"캐싱", 2, "쉼표, 그리고 \"따옴표\"가 든 질문?", "여러 줄\n답변", {NULL}, 3},
        {"부하 분산",
         0,
         "면접: 캐시 무효화는 왜 어려운가?",
         "언제 데이터가 바뀌었는지 모든 캐시가 알기 어렵기 때문이다.",
         {NULL},
         5},
    };
    check_model(d, w, sizeof w / sizeof w[0]);
    assert_int_equal(d->items[0].kind, KB_LEVEL_QA);
    assert_int_equal(d->items[2].kind, KB_INTERVIEW_QA);
    assert_string_equal(d->blocks[1].label, "중급");
    kb_doc_free(d);
}

/* Decomposed Hangul (NFD) comes out composed (NFC), as from Markdown. */
static void test_nfc(void **state)
{
    (void)state;
    /* "캐시" as jamo: ᄏ ᅢ ᄉ ᅵ */
    const char nfd[] = "\xE1\x84\x8F\xE1\x85\xA2\xE1\x84\x89\xE1\x85\xB5";
    char gift[256], csv[256], xml[512];
    snprintf(gift, sizeof gift, "::q::%s란?{=%s ~디스크 ~네트워크}\n", nfd, nfd);
    snprintf(csv, sizeof csv, "question,answer,topic\n%s란?,%s,%s\n", nfd, nfd, nfd);
    snprintf(xml, sizeof xml,
             "<quiz><question type=\"shortanswer\"><name><text>q</text></name>"
             "<questiontext><text>%s란?</text></questiontext>"
             "<answer fraction=\"100\"><text>%s</text></answer></question></quiz>",
             nfd, nfd);
    const char *in[3] = {gift, csv, xml};
    const char *names[3] = {"n.gift", "n.csv", "n.xml"};
    for (int k = 0; k < 3; k++) {
        kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
        kb_doc *d = NULL;
        errinfo e;
        err_clear(&e);
        assert_int_equal(kb_parse_any(names[k], in[k], strlen(in[k]), &o, KB_FMT_AUTO, &d, &e),
                         ASSAY_OK);
        assert_string_equal(d->items[0].question, "캐시란?");
        assert_string_equal(d->items[0].answer, "캐시");
        kb_doc_free(d);
    }
}

static void test_detect(void **state)
{
    (void)state;
    assert_int_equal(kb_format_detect("a.gift", "x", 1), KB_FMT_GIFT);
    assert_int_equal(kb_format_detect("a.XML", "x", 1), KB_FMT_MOODLE);
    assert_int_equal(kb_format_detect("a.csv", "x", 1), KB_FMT_CSV);
    /* .md stays Markdown whatever it holds */
    assert_int_equal(kb_format_detect("a.md", "$CATEGORY: x\n", 13), KB_FMT_MD);
    const char *xml = "\xEF\xBB\xBF  <?xml version=\"1.0\"?><quiz/>";
    assert_int_equal(kb_format_detect("-", xml, strlen(xml)), KB_FMT_MOODLE);
    const char *g1 = "// comment\n$CATEGORY: kb/topic\n\n::a::b{T}\n";
    assert_int_equal(kb_format_detect("<stdin>", g1, strlen(g1)), KB_FMT_GIFT);
    const char *g2 = "::이름::질문{=답}\n";
    assert_int_equal(kb_format_detect("bank.txt", g2, strlen(g2)), KB_FMT_GIFT);
    const char *c = "\"Question\",Answer,topic\nq,a,t\n";
    assert_int_equal(kb_format_detect("bank.txt", c, strlen(c)), KB_FMT_CSV);
    const char *md = "# 제목\n\n## 1. 주제\n\n**Q: 무엇?**\n**A:** 답\n";
    assert_int_equal(kb_format_detect("notes", md, strlen(md)), KB_FMT_MD);
    assert_int_equal(kb_format_parse("moodle-xml"), KB_FMT_MOODLE);
    assert_int_equal(kb_format_parse("docx"), -1);
}

static void test_escapes(void **state)
{
    (void)state;
    const char g[] =
        "::a\\:b::줄\\n바꿈과 \\\\ 역슬래시?{~%-100%틀림\\#1 =맞음 \\= 같음 ~틀림 2}\n";
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
    kb_doc *d = NULL;
    errinfo e;
    err_clear(&e);
    assert_int_equal(kb_parse_gift("x.gift", g, strlen(g), &o, &d, &e), ASSAY_OK);
    assert_string_equal(d->items[0].question, "줄\n바꿈과 \\ 역슬래시?");
    assert_string_equal(d->items[0].answer, "맞음 = 같음");
    assert_int_equal(d->items[0].distractors.n, 2);
    assert_string_equal(d->items[0].distractors.v[0], "틀림#1");
    assert_string_equal(d->items[0].distractors.v[1], "틀림 2");
    kb_doc_free(d);
}

typedef struct bad {
    const char *file;
    long line;
    const char *says;
} bad;

static void test_bad_files(void **state)
{
    (void)state;
    static const bad v[] = {
        {"bad-brace.gift", 5, "unterminated '{'"},
        {"bad-type.gift", 3, "unknown question type"},
        {"bad.xml", 7, "bad XML"},
        {"bad-type.xml", 8, "\"calculated\" is not supported"},
        {"xxe.xml", 2, "DOCTYPE"},
        {"bad-missing.csv", 1, "missing column \"answer\""},
        {"bad-ragged.csv", 3, "this row has 3 fields, the header 4"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        errinfo e;
        kb_doc *d = load(v[i].file, &e);
        assert_null(d);
        assert_int_equal(e.code, ASSAY_EINPUT);
        const char *base = strrchr(e.file, '/');
        assert_string_equal(base ? base + 1 : e.file, v[i].file);
        if (e.line != v[i].line)
            fail_msg("%s: line %ld, want %ld (%s)", v[i].file, e.line, v[i].line, e.msg);
        if (!strstr(e.msg, v[i].says))
            fail_msg("%s: \"%s\" does not say \"%s\"", v[i].file, e.msg, v[i].says);
    }
    /* more bad GIFT, from memory */
    static const struct {
        const char *text;
        long line;
        const char *says;
    } g[] = {
        {"::a::b{=c}\n\n::d::e}\n", 3, "closes nothing"},
        {"q{=a {=b}}\n", 1, "inside an answer block"},
        {"q{~a ~b}\n", 1, "no correct answer"},
        {"\n\nq{~%7x%a =b}\n", 3, "is not a percentage"},
        {"::a no close\nq{=a}\n", 1, "not closed"},
        {"q{=a -> b ~c}\n", 1, "matching"},
    };
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
        kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
        kb_doc *d = NULL;
        errinfo e;
        err_clear(&e);
        assert_int_equal(kb_parse_gift("m.gift", g[i].text, strlen(g[i].text), &o, &d, &e),
                         ASSAY_EINPUT);
        if (e.line != g[i].line || !strstr(e.msg, g[i].says))
            fail_msg("case %zu: %ld: %s", i, e.line, e.msg);
    }
    /* a quoted CSV field left open names the line it opened on */
    const char c[] = "question,answer,topic\nq,a,t\nq2,\"open\nstill,t\n";
    kb_opts o = {ASSAY_DOC_MAX_BYTES_DEFAULT, NULL};
    kb_doc *d = NULL;
    errinfo e;
    err_clear(&e);
    assert_int_equal(kb_parse_csv("c.csv", c, strlen(c), &o, &d, &e), ASSAY_EINPUT);
    assert_int_equal(e.line, 3);
}

/* A bad file beside a good one: the CLI refuses both, naming file:line, and
 * the bank is as it was (its items and its files). */
static void test_nothing_stored(void **state)
{
    (void)state;
    char *dir = t_tmpdir();
    char env[700];
    snprintf(env, sizeof env, "ASSAY_DB=%s/t.db", dir);
    const char *envv[] = {env, NULL};
    const char *imp[] = {ASSAY_BIN, "import", DATA "ko.gift", NULL};
    t_run r;
    assert_int_equal(t_exec(imp, envv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    t_run_free(&r);
    const char *items[] = {ASSAY_BIN, "items", "--all", "--json", NULL};
    assert_int_equal(t_exec(items, envv, NULL, &r), 0);
    char *before = r.out;
    r.out = NULL;
    t_run_free(&r);
    char *db = t_path(dir, "t.db");
    char hash[80];
    snprintf(hash, sizeof hash, "%s", t_file_hash(db));
    static const char *const bads[] = {"bad-brace.gift", "bad-type.gift", "bad.xml",
                                       "bad-type.xml",   "xxe.xml",       "bad-missing.csv",
                                       "bad-ragged.csv"};
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s%s", DATA, bads[i]);
        const char *argv[] = {ASSAY_BIN, "import", DATA "ko.csv", path, NULL};
        assert_int_equal(t_exec(argv, envv, NULL, &r), 0);
        assert_int_equal(r.status, 2);
        char at[200];
        snprintf(at, sizeof at, "%s:", bads[i]);
        if (!strstr(r.err, at))
            fail_msg("%s: %s", bads[i], r.err);
        t_run_free(&r);
        assert_string_equal(t_file_hash(db), hash);
    }
    assert_int_equal(t_exec(items, envv, NULL, &r), 0);
    assert_string_equal(r.out, before);
    /* the good ones were not stored either */
    assert_null(strstr(r.out, "면접: 캐시 무효화"));
    t_run_free(&r);
    /* --format forces a reader; an unknown one is a usage error */
    const char *forced[] = {ASSAY_BIN, "check", "--format", "moodle-xml", DATA "ko.gift", NULL};
    assert_int_equal(t_exec(forced, envv, NULL, &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "ko.gift:1:"));
    t_run_free(&r);
    const char *unknown[] = {ASSAY_BIN, "check", "--format", "docx", DATA "ko.gift", NULL};
    assert_int_equal(t_exec(unknown, envv, NULL, &r), 0);
    assert_int_equal(r.status, 1);
    t_run_free(&r);
    free(before);
    free(db);
    t_rm_rf(dir);
    free(dir);
}

typedef struct bank_fx {
    char *dir;
    assay *a;
    assay_bank *b;
    assay_engine *e;
} bank_fx;

static void bank_with(bank_fx *f, const char *file)
{
    f->dir = t_tmpdir();
    char url[700];
    snprintf(url, sizeof url, "sqlite:%s/t.db", f->dir);
    f->a = assay_new();
    assert_int_equal(assay_bank_open(f->a, url, &f->b), ASSAY_OK);
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    assay_doc *d = NULL;
    assert_int_equal(assay_doc_load(f->a, file, &o, &d), ASSAY_OK);
    assay_import_result res;
    assert_int_equal(assay_bank_import(f->b, &d, 1, &res), ASSAY_OK);
    assay_doc_free(d);
    assert_int_equal(assay_engine_open(f->b, "ko", &f->e), ASSAY_OK);
}

static void bank_done(bank_fx *f)
{
    assay_engine_free(f->e);
    assay_bank_close(f->b);
    assay_free(f->a);
    t_rm_rf(f->dir);
    free(f->dir);
}

#define CACHE_Q "캐시(Cache)란 무엇인가?"
#define CACHE_A "자주 쓰는 데이터를 빠른 저장소에 두는 것"
static const char *const CACHE_D[3] = {"데이터를 영구히 보관하는 디스크",
                                       "네트워크 패킷을 암호화하는 장치", "로그를 압축하는 도구"};

static int is_distractor(const char *s)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(s, CACHE_D[k]) == 0)
            return 1;
    return 0;
}

/* Stored with the item and listed; re-importing writes nothing; a changed
 * distractor is a new version. */
static void test_stored(void **state)
{
    (void)state;
    bank_fx f;
    bank_with(&f, DATA "ko.xml");
    assay_list *l = NULL;
    assert_int_equal(assay_bank_items(f.b, NULL, &l), ASSAY_OK);
    const assay_item_info *mc = NULL;
    for (size_t i = 0; i < assay_list_count(l); i++)
        if (strcmp(assay_list_item(l, i)->question, CACHE_Q " a < b & c") == 0)
            mc = assay_list_item(l, i);
    assert_non_null(mc);
    assert_int_equal(mc->n_distractors, 3);
    for (size_t k = 0; k < 3; k++)
        assert_string_equal(mc->distractors[k], CACHE_D[k]);
    assert_string_equal(mc->source_file, DATA "ko.xml");
    assert_int_equal(mc->source_line, 6);
    assert_int_equal(mc->version, 1);
    assay_list_free(l);

    /* the same file again: nothing written */
    assay_doc_opts o;
    assay_doc_opts_init(&o);
    assay_doc *d = NULL;
    assert_int_equal(assay_doc_load(f.a, DATA "ko.xml", &o, &d), ASSAY_OK);
    assert_string_equal(assay_doc_format(d), "moodle-xml");
    assay_import_result res;
    assert_int_equal(assay_bank_import(f.b, &d, 1, &res), ASSAY_OK);
    assert_int_equal(res.wrote, 0);
    assay_doc_free(d);

    /* one distractor reworded: the item's next version */
    size_t n;
    char *x = t_read_file(DATA "ko.xml", &n);
    assert_non_null(x);
    char *p = strstr(x, "로그를 압축하는 도구");
    assert_non_null(p);
    memcpy(p, "로그를 지우는", strlen("로그를 지우는"));
    memmove(p + strlen("로그를 지우는"), p + strlen("로그를 압축하는"),
            strlen(p + strlen("로그를 압축하는")) + 1);
    o.kb_name = "ko";
    assert_int_equal(assay_doc_parse(f.a, DATA "ko.xml", x, strlen(x), &o, &d), ASSAY_OK);
    free(x);
    assert_int_equal(assay_bank_import(f.b, &d, 1, &res), ASSAY_OK);
    assert_int_equal(res.changed, 1);
    assay_doc_free(d);
    assert_int_equal(assay_bank_items(f.b, NULL, &l), ASSAY_OK);
    for (size_t i = 0; i < assay_list_count(l); i++)
        if (assay_list_item(l, i)->n_distractors == 3) {
            assert_int_equal(assay_list_item(l, i)->version, 2);
            assert_string_equal(assay_list_item(l, i)->distractors[2], "로그를 지우는 도구");
        }
    assay_list_free(l);
    bank_done(&f);
}

/* Asked as multiple choice, the item shows its answer and the author's
 * options, nothing generated; as true/false, a false statement is one of
 * the author's options. */
static void test_asked(void **state)
{
    (void)state;
    bank_fx f;
    bank_with(&f, DATA "ko.gift");
    int seen_mcq = 0, seen_false = 0, three = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        assay_quiz_spec s;
        assay_quiz_spec_init(&s);
        s.types = ASSAY_Q_MCQ | ASSAY_Q_TF;
        s.count = 8;
        s.seed = seed;
        s.options = seed % 2 ? 4 : 3;
        assay_quiz *q = NULL;
        assert_int_equal(assay_quiz_generate(f.a, f.e, &s, &q), ASSAY_OK);
        for (size_t i = 0; i < assay_quiz_count(q); i++) {
            const assay_question *x = assay_quiz_question(q, i);
            if (strcmp(x->prompt, CACHE_Q) != 0)
                continue;
            if (x->type == ASSAY_Q_MCQ) {
                seen_mcq++;
                assert_int_equal(x->n_options, (size_t)s.options);
                three += s.options == 3;
                assert_string_equal(x->options[x->key], CACHE_A);
                for (size_t o = 0; o < x->n_options; o++) {
                    if ((int)o == x->key)
                        continue;
                    if (!is_distractor(x->options[o]))
                        fail_msg("option \"%s\" is not the author's", x->options[o]);
                    for (size_t p = 0; p < o; p++)
                        assert_string_not_equal(x->options[o], x->options[p]);
                }
            } else if (x->type == ASSAY_Q_TF && x->key == 0) {
                seen_false++;
                assert_true(is_distractor(x->statement));
            }
        }
        assay_quiz_free(q);
    }
    assert_true(seen_mcq > 0);
    assert_true(three > 0);
    assert_true(seen_false > 0);
    bank_done(&f);
}

/* The audit measures the authored options like generated ones. */
static void test_audit(void **state)
{
    (void)state;
    char *dir = t_tmpdir();
    char env[700];
    snprintf(env, sizeof env, "ASSAY_DB=%s/t.db", dir);
    const char *envv[] = {env, NULL};
    const char *imp[] = {ASSAY_BIN, "import", DATA "ko.gift", NULL};
    t_run r;
    assert_int_equal(t_exec(imp, envv, NULL, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "from gift"));
    t_run_free(&r);
    const char *audit[] = {ASSAY_BIN, "audit", "--kb", "ko", "--json", NULL};
    assert_int_equal(t_exec(audit, envv, NULL, &r), 0);
    assert_non_null(strstr(r.out, "\"mcq\":{\"count\":"));
    assert_null(strstr(r.out, "\"mcq\":{\"count\":0,"));
    t_run_free(&r);
    const char *items[] = {ASSAY_BIN, "items", "--kb", "ko", "--json", NULL};
    assert_int_equal(t_exec(items, envv, NULL, &r), 0);
    assert_non_null(strstr(r.out, "\"distractors\":[\"데이터를 영구히 보관하는 디스크\""));
    t_run_free(&r);
    t_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gift_model), cmocka_unit_test(test_moodle_model),
        cmocka_unit_test(test_csv_model),  cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_detect),     cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_bad_files),  cmocka_unit_test(test_nothing_stored),
        cmocka_unit_test(test_stored),     cmocka_unit_test(test_asked),
        cmocka_unit_test(test_audit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
