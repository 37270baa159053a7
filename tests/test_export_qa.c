/*
 * test_export_qa — the QTI 2.1, QTI 3.0 and Anki writers (src/export/qti.c, anki.c) on questions
 * of every type built by hand (Korean text, XML and HTML special characters, a control character,
 * the same item twice), on a 20-question quiz of the bundled bank and on the bank's items: the
 * packages open, hold what they should, and come out byte for byte the same twice. With
 * `--write DIR` it only writes the packages and their inputs (JSON) for tests/export_qa.sh, which
 * checks them with tools nobody here wrote (xmllint with the official XSDs, anki-reader, sqlite3).
 */
#include "export/anki.h"
#include "export/export.h"
#include "support.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <nettle/sha1.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <zip.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* ---- the questions built by hand ---- */

static const char *const mc_opts[] = {"읽기 복제본 (read replica)", "샤딩 <shard> & \"분할\"",
                                      "캐시 {hit} #1 = ~가장 빠름~", "큐: 비동기 \\ 처리"};
static const char *const sc_opts[] = {"수평 확장", "수직 확장", "CDN 도입"};
static const char *const cl_acc[] = {"Cache Invalidation", "cache invalidation", "무효화"};
static const char *const lefts[] = {"로드 밸런서", "CDN", "메시지 큐 ]]> <x>"};
static const char *const rights[] = {"정적 콘텐츠를 가까운 곳에서", "트래픽을 여러 서버로",
                                     "생산자와 소비자를 분리"};
static const int pairs[] = {1, 0, 2};

static const assay_question fx_q[] = {
    {.type = ASSAY_Q_MCQ,
     .item_id = "0a1b2c3d4e5f",
     .kb = "arch",
     .topic = "확장성",
     .level = 1,
     .prompt = "읽기 부하를 줄이는 방법은?\n(둘째 줄: <b>굵게</b> & 'quote')",
     .options = mc_opts,
     .n_options = 4,
     .key = 0,
     .source_file = "arch.md",
     .source_line = 12},
    {.type = ASSAY_Q_TF,
     .item_id = "1a1b2c3d4e5f",
     .kb = "arch",
     .topic = "확장성",
     .level = 2,
     .prompt = "CAP 정리에서 P는?",
     .statement = "분할 내성 (Partition tolerance)",
     .key = 1,
     .source_file = "arch.md",
     .source_line = 30},
    {.type = ASSAY_Q_TF,
     .item_id = "2a1b2c3d4e5f",
     .kb = "arch",
     .topic = "확장성",
     .level = 2,
     .prompt = "샤딩은 쓰기를 확장한다?",
     .statement = "아니다",
     .key = 0,
     .source_file = "arch.md",
     .source_line = 31},
    {.type = ASSAY_Q_CLOZE,
     .item_id = "3a1b2c3d4e5f",
     .kb = "arch",
     .topic = "캐시",
     .level = 3,
     .prompt = "캐시의 가장 어려운 문제는 ____ 이다 (Phil Karlton).",
     .answer = "캐시 무효화",
     .accept = cl_acc,
     .n_accept = 3,
     .source_file = "arch.md",
     .source_line = 44},
    {.type = ASSAY_Q_MATCH,
     .item_id = "4a1b2c3d4e5f",
     .kb = "arch",
     .topic = "구성 요소",
     .level = 0,
     .prompt = "구성 요소와 역할을 짝지으세요.",
     .left = lefts,
     .right = rights,
     .n_pairs = 3,
     .pairs = pairs,
     .source_file = "arch.md",
     .source_line = 60},
    {.type = ASSAY_Q_SHORT,
     .item_id = "5a1b2c3d4e5f",
     .kb = "arch",
     .topic = "캐시",
     .level = 1,
     .prompt = "TTL의 뜻은?",
     .answer = "Time To Live",
     .source_file = "arch.md",
     .source_line = 70},
    {.type = ASSAY_Q_SHORT,
     .item_id = "6a1b2c3d4e5f",
     .kb = "arch",
     .topic = "캐시",
     .level = 4,
     .prompt = "쓰기 지연(write-behind) 캐시의 장단점을 설명하세요.",
     .answer = "쓰기를 모아 늦게 반영하므로 빠르지만,\n장애 시 데이터를 잃을 수 있다 (<손실> & "
               "\"지연\").\x01",
     .source_file = "arch.md",
     .source_line = 80},
    {.type = ASSAY_Q_SCENARIO,
     .item_id = "7a1b2c3d4e5f",
     .kb = "arch",
     .topic = "시나리오::운영",
     .level = 5,
     .prompt = "트래픽이 10배로 늘었다. 무엇을 먼저 하겠는가?",
     .options = sc_opts,
     .n_options = 3,
     .key = 0,
     .source_file = "arch.md",
     .source_line = 90},
    {.type = ASSAY_Q_SCENARIO,
     .item_id = "8a1b2c3d4e5f",
     .kb = "arch",
     .topic = "시나리오::운영",
     .level = 5,
     .prompt = "DB 장애 상황에서 결정을 서술하세요.",
     .answer = "읽기 전용 모드로 전환하고 복제본을 승격한다.",
     .source_file = "arch.md",
     .source_line = 95},
    /* the same item again, as another type: its own identifier and guid */
    {.type = ASSAY_Q_CLOZE,
     .item_id = "3a1b2c3d4e5f",
     .kb = "arch",
     .topic = "캐시",
     .level = 3,
     .prompt = "____ 없이는 오래된 값을 보게 된다.",
     .answer = "캐시 무효화",
     .source_file = "arch.md",
     .source_line = 44},
};
#define FX_N (sizeof fx_q / sizeof fx_q[0])

static const char *level_label(int level)
{
    static const char *const l[] = {"", "입문", "초급", "중급", "고급", "전문가"};
    return level >= 0 && level <= 5 ? l[level] : "";
}

static exp_entry fx_e[FX_N];

static void fixture(exp_set *set)
{
    for (size_t i = 0; i < FX_N; i++) {
        const assay_question *q = &fx_q[i];
        fx_e[i] = (exp_entry){.q = q,
                              .item_id = q->item_id,
                              .kb = q->kb,
                              .kb_title = "아키텍처",
                              .topic = q->topic,
                              .topic_number = (int)i / 3 + 1,
                              .level = q->level,
                              .level_label = level_label(q->level),
                              .reference = q->answer ? q->answer : "",
                              .source_file = q->source_file,
                              .source_line = q->source_line};
    }
    fx_e[0].reference = "읽기 복제본이 읽기를 나눠 받는다.";
    memset(set, 0, sizeof *set);
    set->v = fx_e;
    set->n = FX_N;
    set->name = "arch <&> 아키텍처";
}

/* ---- reading packages back ---- */

typedef struct pkg {
    zip_t *za;
    zip_source_t *src;
} pkg;

static void pkg_open(pkg *p, const unsigned char *data, size_t len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    p->src = zip_source_buffer_create(data, len, 0, &ze);
    assert_non_null(p->src);
    p->za = zip_open_from_source(p->src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(p->za);
    zip_error_fini(&ze);
}

static void pkg_close(pkg *p)
{
    zip_discard(p->za); /* frees the source too */
}

/* An entry's bytes, NUL-terminated (malloc'd), or NULL when absent. */
static char *pkg_read(pkg *p, const char *name, size_t *len)
{
    zip_stat_t st;
    if (zip_stat(p->za, name, 0, &st) != 0)
        return NULL;
    zip_file_t *f = zip_fopen(p->za, name, 0);
    assert_non_null(f);
    char *b = malloc(st.size + 1);
    assert_non_null(b);
    assert_int_equal(zip_fread(f, b, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    b[st.size] = '\0';
    if (len)
        *len = st.size;
    return b;
}

static size_t xpath_count(xmlDocPtr doc, const char *ns, const char *expr)
{
    xmlXPathContextPtr cx = xmlXPathNewContext(doc);
    assert_non_null(cx);
    xmlXPathRegisterNs(cx, BAD_CAST "q", BAD_CAST ns);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, cx);
    assert_non_null(o);
    size_t n = o->nodesetval ? (size_t)o->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(cx);
    return n;
}

static void export_twice(assay_code (*w)(exp_set *, unsigned char **, size_t *), exp_set *set,
                         unsigned char **out, size_t *len)
{
    assert_int_equal(w(set, out, len), ASSAY_OK);
    assert_true(*len > 22);
    assert_memory_equal(*out, "PK\3\4", 4);
    unsigned char *again;
    size_t n2;
    assert_int_equal(w(set, &again, &n2), ASSAY_OK);
    assert_int_equal(n2, *len);
    assert_memory_equal(again, *out, *len); /* deterministic */
    free(again);
}

/* ---- QTI ---- */

static void check_qti(int v3)
{
    exp_set set;
    fixture(&set);
    unsigned char *z;
    size_t n;
    export_twice(v3 ? exp_qti30 : exp_qti21, &set, &z, &n);
    pkg p;
    pkg_open(&p, z, n);
    assert_int_equal(zip_get_num_entries(p.za, 0), (zip_int64_t)FX_N + 1);
    assert_string_equal(zip_get_name(p.za, 0, 0), "imsmanifest.xml");
    size_t ml;
    char *man = pkg_read(&p, "imsmanifest.xml", &ml);
    assert_non_null(man);
    xmlDocPtr md = xmlReadMemory(man, (int)ml, "imsmanifest.xml", NULL, XML_PARSE_NONET);
    assert_non_null(md);
    const char *cpns = v3 ? "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
                          : "http://www.imsglobal.org/xsd/imscp_v1p1";
    assert_int_equal(xpath_count(md, cpns, "/q:manifest/q:resources/q:resource"), FX_N);
    assert_int_equal(xpath_count(md, cpns,
                                 v3 ? "//q:resource[@type='imsqti_item_xmlv3p0']"
                                    : "//q:resource[@type='imsqti_item_xmlv2p1']"),
                     FX_N);
    xmlFreeDoc(md);
    free(man);

    const char *ns = v3 ? "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
                        : "http://www.imsglobal.org/xsd/imsqti_v2p1";
    static const char *const inter21[] = {"choiceInteraction",       "choiceInteraction",
                                          "choiceInteraction",       "textEntryInteraction",
                                          "matchInteraction",        "textEntryInteraction",
                                          "extendedTextInteraction", "choiceInteraction",
                                          "extendedTextInteraction", "textEntryInteraction"};
    static const char *const inter30[] = {
        "qti-choice-interaction",        "qti-choice-interaction", "qti-choice-interaction",
        "qti-text-entry-interaction",    "qti-match-interaction",  "qti-text-entry-interaction",
        "qti-extended-text-interaction", "qti-choice-interaction", "qti-extended-text-interaction",
        "qti-text-entry-interaction"};
    for (size_t i = 0; i < FX_N; i++) {
        char name[64];
        snprintf(name, sizeof name, "items/i%s%s.xml", fx_q[i].item_id, i == 9 ? "_2" : "");
        size_t il;
        char *x = pkg_read(&p, name, &il);
        assert_non_null(x);
        xmlDocPtr d = xmlReadMemory(x, (int)il, name, NULL, XML_PARSE_NONET);
        assert_non_null(d);
        char expr[128];
        snprintf(expr, sizeof expr, "//q:%s", v3 ? inter30[i] : inter21[i]);
        assert_int_equal(xpath_count(d, ns, expr), 1);
        /* the Korean text exactly, special characters escaped, the control character left out */
        switch (i) {
        case 0:
            assert_non_null(strstr(x, "샤딩 &lt;shard&gt; &amp; &quot;분할&quot;"));
            assert_non_null(strstr(x, "읽기 부하를 줄이는 방법은?<br/>(둘째 줄: &lt;b&gt;"));
            break;
        case 3:
            assert_non_null(strstr(x, "캐시의 가장 어려운 문제는 "));
            assert_int_equal(xpath_count(d, ns, v3 ? "//q:qti-map-entry" : "//q:mapEntry"),
                             3); /* the answer and two aliases (one only differs in case) */
            break;
        case 4:
            assert_non_null(strstr(x, "메시지 큐 ]]&gt; &lt;x&gt;"));
            assert_int_equal(xpath_count(d, ns,
                                         v3 ? "//q:qti-correct-response/q:qti-value"
                                            : "//q:correctResponse/q:value"),
                             3);
            break;
        case 6:
            assert_null(strchr(x, '\x01'));
            assert_non_null(strstr(x, "장애 시 데이터를 잃을 수 있다 (&lt;손실&gt;"));
            break;
        default: break;
        }
        xmlFreeDoc(d);
        free(x);
    }
    pkg_close(&p);
    free(z);
}

static void qti21_package(void **state)
{
    (void)state;
    check_qti(0);
}

static void qti30_package(void **state)
{
    (void)state;
    check_qti(1);
}

/* ---- Anki ---- */

static sqlite3 *open_collection(const unsigned char *z, size_t n, pkg *p)
{
    pkg_open(p, z, n);
    size_t ml;
    char *media = pkg_read(p, "media", &ml);
    assert_non_null(media);
    assert_string_equal(media, "{}");
    free(media);
    size_t cl;
    char *col = pkg_read(p, "collection.anki2", &cl);
    assert_non_null(col);
    assert_memory_equal(col, "SQLite format 3", 16);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    unsigned char *img = sqlite3_malloc64(cl);
    assert_non_null(img);
    memcpy(img, col, cl);
    free(col);
    assert_int_equal(
        sqlite3_deserialize(db, "main", img, (sqlite3_int64)cl, (sqlite3_int64)cl,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE),
        SQLITE_OK);
    return db;
}

static long long one_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void anki_package(void **state)
{
    (void)state;
    exp_set set;
    fixture(&set);
    unsigned char *z;
    size_t n;
    export_twice(exp_anki, &set, &z, &n);
    pkg p;
    char guid2[EXP_ANKI_GUID_CAP];
    sqlite3 *db = open_collection(z, n, &p);
    assert_int_equal(one_int(db, "SELECT ver FROM col"), 11);
    assert_int_equal(one_int(db, "SELECT count(*) FROM notes"), FX_N);
    assert_int_equal(one_int(db, "SELECT count(*) FROM cards"), FX_N);
    assert_int_equal(one_int(db, "SELECT count(DISTINCT guid) FROM notes"), FX_N);
    assert_int_equal(one_int(db, "SELECT count(*) FROM revlog"), 0);
    assert_int_equal(one_int(db, "SELECT count(*) FROM graves"), 0);
    /* five fields a note, no stray separator from the text */
    assert_int_equal(one_int(db,
                             "SELECT count(*) FROM notes WHERE length(flds) - length(replace(flds, "
                             "char(31), '')) = 4"),
                     FX_N);
    /* every card in a deck the collection names, the level decks under their topic */
    assert_int_equal(one_int(db, "SELECT count(*) FROM cards WHERE CAST(did AS TEXT) NOT IN "
                                 "(SELECT key FROM json_each((SELECT decks FROM col)))"),
                     0);
    assert_int_equal(one_int(db, "SELECT count(*) FROM json_each((SELECT decks FROM col)) WHERE "
                                 "json_extract(value, '$.name') = '캐시::Level 3 중급'"),
                     1);
    assert_int_equal(one_int(db, "SELECT count(*) FROM json_each((SELECT decks FROM col)) WHERE "
                                 "json_extract(value, '$.name') = '시나리오:운영::Level 5 전문가'"),
                     1);
    /* csum: the first 8 hex digits of SHA-1 of the stripped first field (= sfld here) */
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT flds, sfld, csum FROM notes ORDER BY id", -1, &st, NULL),
        SQLITE_OK);
    size_t rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *sfld = (const char *)sqlite3_column_text(st, 1);
        struct sha1_ctx c;
        uint8_t d[SHA1_DIGEST_SIZE];
        sha1_init(&c);
        sha1_update(&c, strlen(sfld), (const uint8_t *)sfld);
        sha1_digest(&c, sizeof d, d);
        long long want = ((long long)d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3];
        assert_int_equal(sqlite3_column_int64(st, 2), want);
        assert_null(strstr(sfld, "<li>")); /* tags gone; "<b>" of the text is text */
        assert_null(strstr(sfld, "&lt;"));
        rows++;
    }
    sqlite3_finalize(st);
    assert_int_equal(rows, FX_N);
    /* the multiple-choice options in the front, the key on the back */
    assert_int_equal(one_int(db,
                             "SELECT count(*) FROM notes WHERE flds LIKE '%<li>샤딩 &lt;shard&gt; "
                             "&amp; &quot;분할&quot;</li>%' AND flds LIKE '%' || char(31) || "
                             "'A. 읽기 복제본 (read replica)%'"),
                     1);
    exp_anki_guid("arch", "3a1b2c3d4e5f", 2, guid2);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM notes WHERE guid = '%s'", guid2);
    assert_int_equal(one_int(db, sql), 1); /* the same item again: its second guid */
    sqlite3_close(db);
    pkg_close(&p);

    /* guids are the items': another selection holding the first item gives it the same guid */
    exp_set one;
    fixture(&one);
    one.n = 1;
    unsigned char *z1;
    size_t n1;
    assert_int_equal(exp_anki(&one, &z1, &n1), ASSAY_OK);
    pkg p1, p2;
    sqlite3 *d1 = open_collection(z1, n1, &p1);
    sqlite3 *d2 = open_collection(z, n, &p2);
    sqlite3_stmt *g1, *g2;
    assert_int_equal(sqlite3_prepare_v2(d1, "SELECT guid, id FROM notes", -1, &g1, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(d2,
                                        "SELECT guid, id FROM notes WHERE sfld LIKE '읽기 부하%'",
                                        -1, &g2, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(g1), SQLITE_ROW);
    assert_int_equal(sqlite3_step(g2), SQLITE_ROW);
    assert_string_equal(sqlite3_column_text(g1, 0), sqlite3_column_text(g2, 0));
    char guid[EXP_ANKI_GUID_CAP], again[EXP_ANKI_GUID_CAP], other[EXP_ANKI_GUID_CAP];
    exp_anki_guid("arch", "0a1b2c3d4e5f", 1, guid); /* the rule other Anki writers share */
    assert_string_equal((const char *)sqlite3_column_text(g1, 0), guid);
    exp_anki_guid("arch", "0a1b2c3d4e5f", 1, again);
    exp_anki_guid("arch", "0a1b2c3d4e5f", 2, other);
    assert_string_equal(again, guid);
    assert_string_not_equal(other, guid);
    assert_true(strlen(guid) >= 8 && strlen(guid) <= 10);
    assert_int_equal(sqlite3_column_int64(g1, 1), sqlite3_column_int64(g2, 1));
    sqlite3_finalize(g1);
    sqlite3_finalize(g2);
    sqlite3_close(d1);
    sqlite3_close(d2);
    pkg_close(&p1);
    pkg_close(&p2);
    free(z1);
    free(z);
}

/* ---- bad input and empty selections ---- */

static void bad_and_empty(void **state)
{
    (void)state;
    assay_question bad = fx_q[0];
    bad.key = 7;
    exp_entry e = {.q = &bad, .item_id = bad.item_id, .kb = "arch", .topic = "t", .reference = ""};
    exp_set set = {.v = &e, .n = 1, .name = "quiz"};
    assay_code (*const w[])(exp_set *, unsigned char **, size_t *) = {exp_qti21, exp_qti30,
                                                                      exp_anki};
    for (size_t i = 0; i < 3; i++) {
        unsigned char *out = (unsigned char *)"x";
        size_t len = 9;
        assert_int_equal(w[i](&set, &out, &len), ASSAY_EINPUT);
        assert_null(out);
        assert_int_equal(len, 0);
        assert_non_null(strstr(set.err, "question 1 (item 0a1b2c3d4e5f)"));
        assert_non_null(strstr(set.err, "key 7"));
    }
    assay_question m = fx_q[4];
    static const int badpairs[] = {0, 5, 1};
    m.pairs = badpairs;
    e.q = &m;
    for (size_t i = 0; i < 3; i++) {
        unsigned char *out;
        size_t len;
        assert_int_equal(w[i](&set, &out, &len), ASSAY_EINPUT);
        assert_non_null(strstr(set.err, "pair 2"));
    }
    exp_set none = {.v = NULL, .n = 0, .name = "quiz"};
    for (size_t i = 0; i < 3; i++) {
        unsigned char *out;
        size_t len;
        assert_int_equal(w[i](&none, &out, &len), ASSAY_OK);
        assert_memory_equal(out, "PK\3\4", 4);
        free(out);
    }
}

/* ---- the bundled bank: a generated quiz and every item ---- */

typedef struct bank_sets {
    assay *a;
    assay_bank *b;
    assay_engine *e;
    assay_quiz *quiz;
    assay_list *items;
    exp_entry *qe, *be;
    assay_question *bq;
    exp_set quiz_set, bank_set;
} bank_sets;

static void bank_sets_open(bank_sets *s)
{
    memset(s, 0, sizeof *s);
    assert_int_equal(t_bank_open("sqlite::memory:", NULL, &s->a, &s->b, &s->e), 0);
    assay_quiz_spec spec;
    assay_quiz_spec_init(&spec);
    spec.count = 20;
    spec.types = ASSAY_Q_ALL;
    spec.seed = 13;
    assert_int_equal(assay_quiz_generate(s->a, s->e, &spec, &s->quiz), ASSAY_OK);
    size_t nq = assay_quiz_count(s->quiz);
    assert_int_equal(nq, 20);
    s->qe = calloc(nq, sizeof *s->qe);
    assert_non_null(s->qe);
    for (size_t i = 0; i < nq; i++) {
        const assay_question *q = assay_quiz_question(s->quiz, i);
        s->qe[i] = (exp_entry){.q = q,
                               .item_id = q->item_id,
                               .kb = q->kb,
                               .kb_title = "",
                               .topic = q->topic,
                               .level = q->level,
                               .level_label = "",
                               .reference = q->answer ? q->answer : "",
                               .source_file = q->source_file,
                               .source_line = q->source_line};
    }
    s->quiz_set = (exp_set){.v = s->qe, .n = nq, .name = "quiz"};

    assert_int_equal(assay_bank_items(s->b, NULL, &s->items), ASSAY_OK);
    size_t ni = assay_list_count(s->items);
    assert_true(ni >= 220);
    s->be = calloc(ni, sizeof *s->be);
    s->bq = calloc(ni, sizeof *s->bq);
    assert_non_null(s->be);
    assert_non_null(s->bq);
    for (size_t i = 0; i < ni; i++) {
        const assay_item_info *it = assay_list_item(s->items, i);
        s->bq[i] = (assay_question){.type = ASSAY_Q_SHORT,
                                    .item_id = it->id,
                                    .kb = it->kb,
                                    .topic = it->topic,
                                    .level = it->level,
                                    .prompt = it->question,
                                    .answer = it->answer,
                                    .source_file = it->source_file,
                                    .source_line = it->source_line};
        s->be[i] = (exp_entry){.q = &s->bq[i],
                               .item_id = it->id,
                               .kb = it->kb,
                               .kb_title = "",
                               .topic = it->topic,
                               .topic_number = it->topic_number,
                               .level = it->level,
                               .level_label = it->level_label,
                               .reference = it->answer,
                               .source_file = it->source_file,
                               .source_line = it->source_line};
    }
    s->bank_set = (exp_set){.v = s->be, .n = ni, .name = s->be[0].kb};
}

static void bank_sets_close(bank_sets *s)
{
    free(s->qe);
    free(s->be);
    free(s->bq);
    assay_list_free(s->items);
    assay_quiz_free(s->quiz);
    t_bank_close(s->a, s->b, s->e);
}

static void bundled_bank(void **state)
{
    (void)state;
    bank_sets s;
    bank_sets_open(&s);
    exp_set *sets[] = {&s.quiz_set, &s.bank_set};
    for (size_t k = 0; k < 2; k++) {
        unsigned char *z;
        size_t n;
        export_twice(exp_qti21, sets[k], &z, &n);
        pkg p;
        pkg_open(&p, z, n);
        assert_int_equal(zip_get_num_entries(p.za, 0), (zip_int64_t)sets[k]->n + 1);
        pkg_close(&p);
        free(z);
        export_twice(exp_qti30, sets[k], &z, &n);
        free(z);
        export_twice(exp_anki, sets[k], &z, &n);
        sqlite3 *db = open_collection(z, n, &p);
        assert_int_equal(one_int(db, "SELECT count(*) FROM notes"), (long long)sets[k]->n);
        assert_int_equal(one_int(db, "SELECT count(DISTINCT guid) FROM notes"),
                         (long long)sets[k]->n);
        sqlite3_close(db);
        pkg_close(&p);
        free(z);
    }
    bank_sets_close(&s);
}

/* ---- --write DIR: the packages and their inputs for tests/export_qa.sh ---- */

static json_t *strs(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i] ? v[i] : ""));
    return a;
}

static json_t *set_json(const exp_set *set)
{
    json_t *a = json_array();
    for (size_t i = 0; i < set->n; i++) {
        const exp_entry *e = &set->v[i];
        const assay_question *q = e->q;
        char level[64] = "", src[512] = "";
        if (e->level > 0)
            snprintf(level, sizeof level, "Level %d%s%s", e->level,
                     e->level_label && *e->level_label ? " " : "",
                     e->level_label ? e->level_label : "");
        if (e->source_file && *e->source_file)
            snprintf(src, sizeof src, "%s:%ld", e->source_file, e->source_line);
        json_t *pj = json_array();
        for (size_t k = 0; k < q->n_pairs; k++)
            json_array_append_new(pj, json_integer(q->pairs[k]));
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:s, s:o, s:o, s:o, s:o, s:s, "
                         "s:s, s:s}",
                         "item_id", e->item_id, "type", assay_qtype_name(q->type), "prompt",
                         q->prompt, "statement", q->statement ? q->statement : "", "answer",
                         q->answer ? q->answer : "", "options", strs(q->options, q->n_options),
                         "key", q->key, "topic", e->topic ? e->topic : "", "accept",
                         strs(q->accept, q->n_accept), "left", strs(q->left, q->n_pairs), "right",
                         strs(q->right, q->n_pairs), "pairs", pj, "level", level, "source", src,
                         "reference", e->reference ? e->reference : ""));
    }
    return a;
}

static int write_one(const char *dir, const char *name,
                     assay_code (*w)(exp_set *, unsigned char **, size_t *), exp_set *set)
{
    unsigned char *out;
    size_t len;
    if (w(set, &out, &len) != ASSAY_OK) {
        fprintf(stderr, "%s: %s\n", name, set->err);
        return 1;
    }
    char *path = t_path(dir, name);
    int rc = t_write_file(path, out, len);
    free(path);
    free(out);
    return rc != 0;
}

static int write_all(const char *dir)
{
    mkdir(dir, 0755);
    exp_set fx;
    fixture(&fx);
    bank_sets s;
    bank_sets_open(&s);
    struct {
        const char *name;
        exp_set *set;
    } sets[] = {{"fixture", &fx}, {"quiz", &s.quiz_set}, {"bank", &s.bank_set}};
    int bad = 0;
    for (size_t i = 0; i < 3; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s-qti21.zip", sets[i].name);
        bad |= write_one(dir, name, exp_qti21, sets[i].set);
        snprintf(name, sizeof name, "%s-qti30.zip", sets[i].name);
        bad |= write_one(dir, name, exp_qti30, sets[i].set);
        snprintf(name, sizeof name, "%s.apkg", sets[i].name);
        bad |= write_one(dir, name, exp_anki, sets[i].set);
        snprintf(name, sizeof name, "%s.json", sets[i].name);
        char *path = t_path(dir, name);
        json_t *j = set_json(sets[i].set);
        bad |= json_dump_file(j, path, JSON_INDENT(1)) != 0;
        json_decref(j);
        free(path);
    }
    bank_sets_close(&s);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--write") == 0)
        return write_all(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qti21_package), cmocka_unit_test(qti30_package),
        cmocka_unit_test(anki_package),  cmocka_unit_test(bad_and_empty),
        cmocka_unit_test(bundled_bank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
