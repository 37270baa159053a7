/*
 * test_export — assay_export (include/assay.h) and the writers of src/export on
 * hand-made sets: struct_size and argument checks, the formats table, exports
 * of the bundled bank and of a quiz (deterministic, every question present),
 * and the escaping of hostile text — GIFT's special characters, "]]>" and
 * markup in Moodle XML read back by libxml2, CSV quotes, Anki text fields.
 * The end-to-end checks with gift-pegjs and xmllint are tests/export/run.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assay.h"
#include "export/export.h"
#include "support.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx {
    char *dir;
    assay *a;
    assay_bank *b;
    assay_engine *e;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->dir = t_tmpdir();
    char url[4200];
    snprintf(url, sizeof url, "sqlite:%s/bank.db", f->dir);
    if (t_bank_open(url, "architecture-scalability", &f->a, &f->b, &f->e) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    t_bank_close(f->a, f->b, f->e);
    t_rm_rf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static void the_spec_and_format_are_checked(void **state)
{
    fx *f = *state;
    unsigned char *out = (unsigned char *)"x";
    size_t len = 1;
    assay_export_spec s;
    assay_export_spec_init(&s);
    s.struct_size = 0;
    assert_int_equal(assay_export(f->a, f->b, NULL, &s, &out, &len), ASSAY_EUSAGE);
    assert_string_equal(assay_last_error(f->a)->param, "struct_size");
    assert_null(out);
    assert_int_equal(len, 0);
    assay_export_spec_init(&s);
    s.format = "docx";
    assert_int_equal(assay_export(f->a, f->b, NULL, &s, &out, &len), ASSAY_EUSAGE);
    assert_string_equal(assay_last_error(f->a)->param, "format");
    assert_non_null(strstr(assay_last_error(f->a)->message, "moodle-xml"));
    s.format = NULL;
    assert_int_equal(assay_export(f->a, f->b, NULL, &s, &out, &len), ASSAY_EUSAGE);
    s.format = "gift";
    s.level = 12;
    assert_int_equal(assay_export(f->a, f->b, NULL, &s, &out, &len), ASSAY_EUSAGE);
    assert_string_equal(assay_last_error(f->a)->param, "level");
    s.level = 0;
    s.kb = "no-such-kb";
    assert_int_equal(assay_export(f->a, f->b, NULL, &s, &out, &len), ASSAY_ENOTFOUND);
    s.kb = NULL;
    s.quiz_json = "{\"questions\": []}";
    s.quiz_len = strlen(s.quiz_json);
    s.quiz_file = "q.json";
    assert_int_equal(assay_export(f->a, f->b, f->e, &s, &out, &len), ASSAY_EINPUT);
    assert_string_equal(assay_last_error(f->a)->file, "q.json");
    assert_null(out);

    /* the table: every format named, its type and extension; what this build writes */
    const char *names[] = {"gift", "moodle-xml", "qti21", "qti30",
                           "anki", "anki-text",  "csv",   "json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_non_null(assay_export_content_type(names[i]));
        assert_non_null(assay_export_extension(names[i]));
    }
    assert_null(assay_export_content_type("docx"));
    assert_int_equal(assay_export_available("gift"), 1);
    assert_int_equal(assay_export_available("docx"), 0);
    if (!assay_export_available("qti21")) {
        s.quiz_json = NULL;
        s.format = "qti21";
        assert_int_equal(assay_export(f->a, f->b, NULL, &s, &out, &len), ASSAY_EUSAGE);
        assert_non_null(strstr(assay_last_error(f->a)->message, "not available"));
    }
}

static void the_bank_and_a_quiz_export(void **state)
{
    fx *f = *state;
    assay_item_filter flt;
    assay_item_filter_init(&flt);
    assay_list *items = NULL;
    assert_int_equal(assay_bank_items(f->b, &flt, &items), ASSAY_OK);
    size_t n_items = assay_list_count(items);
    assert_true(n_items > 200);

    assay_export_spec s;
    assay_export_spec_init(&s);
    s.format = "json";
    unsigned char *out = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    assert_int_equal(assay_export(f->a, f->b, NULL, &s, &out, &len), ASSAY_OK);
    assert_int_equal(strlen((char *)out), len);
    assert_int_equal(assay_export(f->a, f->b, NULL, &s, &again, &len2), ASSAY_OK);
    assert_int_equal(len, len2);
    assert_memory_equal(out, again, len); /* deterministic */
    json_error_t je;
    json_t *doc = json_loadb((const char *)out, len, 0, &je);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "count")), n_items);
    json_t *qs = json_object_get(doc, "questions");
    assert_int_equal(json_array_size(qs), n_items);
    for (size_t i = 0; i < n_items; i++) {
        const assay_item_info *it = assay_list_item(items, i);
        json_t *q = json_array_get(qs, i);
        assert_string_equal(json_string_value(json_object_get(q, "id")), it->id);
        assert_string_equal(json_string_value(json_object_get(q, "type")), "short");
        assert_string_equal(json_string_value(json_object_get(q, "prompt")), it->question);
        assert_string_equal(json_string_value(json_object_get(q, "reference")), it->answer);
        assert_string_equal(json_string_value(json_object_get(q, "kind")),
                            assay_kind_name(it->kind));
    }
    json_decref(doc);
    assay_export_free(out);
    assay_export_free(again);
    assay_list_free(items);

    /* a quiz: the file `assay quiz --json` writes, made again; its types kept */
    assay_quiz_spec qs_spec;
    assay_quiz_spec_init(&qs_spec);
    qs_spec.count = 20;
    qs_spec.seed = 11;
    assay_quiz *quiz = NULL;
    assert_int_equal(assay_quiz_generate(f->a, f->e, &qs_spec, &quiz), ASSAY_OK);
    char *qjson = assay_quiz_json(quiz, 0);
    assert_non_null(qjson);
    s.quiz_json = qjson;
    s.quiz_len = strlen(qjson);
    s.quiz_file = "quiz.json";
    s.format = "csv";
    assert_int_equal(assay_export(f->a, f->b, NULL, &s, &out, &len), ASSAY_OK);
    /* a header and one record per question, CRLF-terminated (records may hold LF) */
    assert_true(len > 2 && out[len - 2] == '\r' && out[len - 1] == '\n');
    for (size_t i = 0; i < assay_quiz_count(quiz); i++) {
        const assay_question *q = assay_quiz_question(quiz, i);
        char needle[64];
        snprintf(needle, sizeof needle, "\r\n%zu,%s,", i + 1, q->item_id);
        assert_non_null(strstr((char *)out, needle));
    }
    assay_export_free(out);
    assay_string_free(qjson);
    assay_quiz_free(quiz);
}

/* ---- the writers on a hostile set ------------------------------------------------------ */

#define NASTY "a ~ = # { } : \\ b\nline two ]]> <b>&amp;</b> \"q\", x\ty"

static const char *const opts[] = {"[html] " NASTY, "%50% off", "plain"};
static const char *const left[] = {"l1 -> x", "l2", "l3"};
static const char *const right[] = {"r1 " NASTY, "r2", "r3"};
static const int pairs[] = {2, 0, 1};
static const char *const accept[] = {"term", "용어 {x}", "term"};

static exp_set hostile(exp_entry *v, assay_question *q)
{
    memset(q, 0, 5 * sizeof *q);
    q[0] = (assay_question){
        .type = ASSAY_Q_MCQ, .prompt = NASTY, .options = opts, .n_options = 3, .key = 1};
    q[1] = (assay_question){.type = ASSAY_Q_TF, .prompt = NASTY, .statement = NASTY, .key = 0};
    q[2] = (assay_question){.type = ASSAY_Q_CLOZE,
                            .prompt = "before ____ after " NASTY,
                            .answer = "term",
                            .accept = accept,
                            .n_accept = 3};
    q[3] = (assay_question){.type = ASSAY_Q_MATCH,
                            .prompt = "match",
                            .left = left,
                            .right = right,
                            .pairs = pairs,
                            .n_pairs = 3};
    q[4] = (assay_question){.type = ASSAY_Q_SHORT, .prompt = NASTY, .answer = NASTY};
    for (int i = 0; i < 5; i++) {
        v[i] = (exp_entry){.q = &q[i],
                           .item_id = i == 4 ? "0123456789ab" : "abcdef012345",
                           .kb = "k/b",
                           .kb_title = "",
                           .topic = "A::B/C",
                           .topic_number = 3,
                           .level = 2,
                           .level_label = "주니어/신입",
                           .reference = NASTY,
                           .source_file = "/some/dir/doc.md",
                           .source_line = 42,
                           .kind = "level_qa"};
    }
    return (exp_set){.v = v, .n = 5, .name = "k/b"};
}

static void gift_escapes_everything(void **state)
{
    (void)state;
    exp_entry v[5];
    assay_question q[5];
    exp_set set = hostile(v, q);
    unsigned char *out = NULL;
    size_t len = 0;
    assert_int_equal(exp_gift(&set, &out, &len), ASSAY_OK);
    const char *g = (const char *)out;
    assert_non_null(strstr(g, "$CATEGORY: $course$/top/k//b/03 A::B//C/Level 2 주니어//신입\n"));
    /* every special character escaped, the newline as \n */
    assert_non_null(strstr(g, "a \\~ \\= \\# \\{ \\} \\: \\\\ b\\nline two"));
    assert_null(strstr(g, "a ~ ="));
    /* a marker-like start and a weight-like answer start with an escaped newline */
    assert_non_null(strstr(g, "\t=\\n%50% off\n"));
    assert_non_null(strstr(g, "\t~\\n[html] a"));
    assert_non_null(strstr(g, "=l1 → x -> r3\n"));
    assert_non_null(strstr(g, "{FALSE\n"));
    /* the cloze's term once, its other alias escaped */
    assert_int_equal(t_count(g, "\t=term\n"), 1);
    assert_non_null(strstr(g, "\t=용어 \\{x\\}\n"));
    /* ids unique in the set, the source's base name */
    assert_non_null(strstr(g, "// [id:abcdef012345] [tag:mcq]"));
    assert_non_null(strstr(g, "// [id:abcdef012345-2] [tag:tf]"));
    assert_non_null(strstr(g, "Source\\: doc.md\\:42"));
    assert_null(strstr(g, "/some/dir"));
    /* questions are separated by blank lines and hold none */
    assert_int_equal(t_count(g, "\n\n// [id:"), 5);
    free(out);
}

static char *xpath_string(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    char *s = r ? (char *)xmlXPathCastToString(r) : NULL;
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return s;
}

static void moodle_xml_reads_back(void **state)
{
    (void)state;
    exp_entry v[5];
    assay_question q[5];
    exp_set set = hostile(v, q);
    unsigned char *out = NULL;
    size_t len = 0;
    assert_int_equal(exp_moodle_xml(&set, &out, &len), ASSAY_OK);
    xmlDocPtr doc = xmlReadMemory((const char *)out, (int)len, "x.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    struct {
        const char *expr, *want;
    } checks[] = {
        {"count(/quiz/question)", "6"},
        {"string(/quiz/question[1]/@type)", "category"},
        {"string(/quiz/question[1]/category/text)",
         "$course$/top/k//b/03 A::B//C/Level 2 주니어//신입"},
        {"string(/quiz/question[2]/@type)", "multichoice"},
        {"count(/quiz/question[2]/answer)", "3"},
        {"string(/quiz/question[2]/answer[@fraction='100']/text)", "%50% off"},
        {"string(/quiz/question[2]/answer[1]/text)",
         "[html] a ~ = # { } : \\ b<br>line two ]]&gt; &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;q&quot;, "
         "x\ty"},
        {"string(/quiz/question[2]/idnumber)", "abcdef012345"},
        {"string(/quiz/question[3]/@type)", "truefalse"},
        {"string(/quiz/question[3]/idnumber)", "abcdef012345-2"},
        {"string(/quiz/question[3]/answer[@fraction='100']/text)", "false"},
        {"string(/quiz/question[4]/@type)", "cloze"},
        {"contains(/quiz/question[4]/questiontext/text, 'before {1:SHORTANSWER:=term~=용어 {x\\}} "
         "after')",
         "true"},
        {"string(/quiz/question[5]/@type)", "matching"},
        {"string(/quiz/question[5]/subquestion[1]/answer/text)", "r3"},
        {"string(/quiz/question[6]/@type)", "essay"},
        {"contains(/quiz/question[6]/graderinfo/text, 'line two ]]&gt;')", "true"},
        {"contains(/quiz/question[6]/generalfeedback/text, 'Source: doc.md:42')", "true"},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        char *got = xpath_string(doc, checks[i].expr);
        assert_non_null(got);
        if (strcmp(got, checks[i].want) != 0)
            fail_msg("%s: '%s', expected '%s'", checks[i].expr, got, checks[i].want);
        xmlFree(got);
    }
    xmlFreeDoc(doc);
    free(out);
}

static void csv_and_anki_text_quote(void **state)
{
    (void)state;
    exp_entry v[5];
    assay_question q[5];
    exp_set set = hostile(v, q);
    unsigned char *out = NULL;
    size_t len = 0;
    assert_int_equal(exp_csv(&set, &out, &len), ASSAY_OK);
    const char *c = (const char *)out;
    assert_non_null(strstr(c, "n,id,kb,topic_number,topic,level,level_label,kind,type,question,"));
    /* quotes doubled, the field quoted */
    assert_non_null(strstr(c, "\"a ~ = # { } : \\ b\nline two ]]> <b>&amp;</b> \"\"q\"\", x\ty\""));
    assert_non_null(strstr(c, ",2,주니어/신입,level_qa,mcq,"));
    assert_non_null(strstr(c, ",3 1 2,"));       /* the matching key */
    assert_non_null(strstr(c, ",\"[html] a ~")); /* mcq options */
    assert_int_equal(t_count(c, "\r\n"), 6);
    free(out);

    assert_int_equal(exp_anki_text(&set, &out, &len), ASSAY_OK);
    const char *a = (const char *)out;
    assert_true(strncmp(a, "#separator:tab\n#html:true\n", 26) == 0);
    /* every note has exactly five fields: no raw tab or newline inside one */
    size_t notes = 0;
    for (const char *line = a; *line;) {
        const char *nl = strchr(line, '\n');
        assert_non_null(nl);
        if (*line != '#') {
            size_t tabs = 0;
            for (const char *p = line; p < nl; p++)
                tabs += *p == '\t';
            assert_int_equal(tabs, 4);
            notes++;
        }
        line = nl + 1;
    }
    assert_int_equal(notes, 5);
    assert_non_null(strstr(a, "assay-abcdef012345-mcq\t"));
    assert_non_null(strstr(a, "assay-abcdef012345-2-tf\t"));
    assert_non_null(strstr(a, "\tassay::k/b::03 A:B/C::Level 2 주니어/신입\t"));
    assert_non_null(strstr(a, "&lt;b&gt;&amp;amp;&lt;/b&gt; &quot;q&quot;, x y"));
    free(out);
}

static void an_empty_set_is_still_a_file(void **state)
{
    (void)state;
    exp_set set = {.v = NULL, .n = 0, .name = "none"};
    unsigned char *out = NULL;
    size_t len = 0;
    assert_int_equal(exp_json(&set, &out, &len), ASSAY_OK);
    assert_non_null(strstr((char *)out, "\"count\": 0"));
    free(out);
    assert_int_equal(exp_moodle_xml(&set, &out, &len), ASSAY_OK);
    assert_non_null(strstr((char *)out, "<quiz>"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_spec_and_format_are_checked),
        cmocka_unit_test(the_bank_and_a_quiz_export),
        cmocka_unit_test(gift_escapes_everything),
        cmocka_unit_test(moodle_xml_reads_back),
        cmocka_unit_test(csv_and_anki_text_quote),
        cmocka_unit_test(an_empty_set_is_still_a_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
