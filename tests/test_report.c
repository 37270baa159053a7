/* Unit tests of the report renderers (src/report): every format in both
 * languages on a learner's and a group's sample, escaping of hostile text
 * everywhere, well-formed and self-contained HTML (parsed with libxml2), one
 * radar axis per topic, CSV that round-trips, JSON that parses, aligned
 * terminal columns, and the error codes of bad data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/u8.h"
#include "report/report_int.h"
#include "report/svg.h"
#include "report_sample.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static rs_sample sample; /* large: static */

/* Renders into a fresh buffer and returns it (caller frees); fails the test on error. */
static char *render(const rp_report *r, rp_format f, const char *lang, size_t *len)
{
    buf b;
    buf_init(&b, RP_OUT_MAX);
    errinfo e;
    err_clear(&e);
    assay_code rc = rp_render(r, f, lang, &b, &e);
    if (rc != ASSAY_OK)
        fail_msg("rp_render(%d, %s): %s", (int)f, lang ? lang : "-", e.msg);
    char *s = buf_take(&b, len);
    assert_non_null(s);
    return s;
}

static assay_code render_code(const rp_report *r, rp_format f, const char *lang, size_t cap)
{
    buf b;
    buf_init(&b, cap);
    errinfo e;
    err_clear(&e);
    assay_code rc = rp_render(r, f, lang, &b, &e);
    if (rc != ASSAY_OK)
        assert_true(e.msg[0] != '\0');
    buf_free(&b);
    return rc;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* ---- every format, both languages ----------------------------------------- */

static void no_nan(const char *s)
{
    assert_null(strstr(s, "nan"));
    assert_null(strstr(s, "NaN"));
    assert_null(strstr(s, "inf\""));
}

static void renders_every_format_in_both_languages(void **state)
{
    (void)state;
    for (int kind = 0; kind < 2; kind++) {
        if (kind == 0)
            rs_person(&sample, 1);
        else
            rs_group(&sample, 1);
        for (int f = RP_TEXT; f <= RP_CSV; f++)
            for (int l = 0; l < 2; l++) {
                const char *lang = l ? "en" : "ko";
                size_t len;
                char *s = render(&sample.r, (rp_format)f, lang, &len);
                assert_true(len > 200);
                assert_int_equal(strlen(s), len);
                size_t bad;
                assert_int_equal(u8_check(s, len, &bad), 0);
                no_nan(s);
                /* control characters: escaped in JSON, data in CSV, gone elsewhere */
                if (f != RP_CSV)
                    assert_null(strchr(s, '\x1b'));
                if (f == RP_TEXT || f == RP_HTML) {
                    const char *title =
                        rp_msg_text(lang, kind == 0 ? RP_M_TITLE_PERSON : RP_M_TITLE_GROUP);
                    buf esc;
                    buf_init(&esc, 1024);
                    rp_w w = {&esc, ASSAY_OK};
                    svg_esc(&w, title);
                    assert_non_null(strstr(s, f == RP_HTML ? buf_str(&esc) : title));
                    buf_free(&esc);
                    assert_non_null(strstr(s, "모놀리스 vs 마이크로서비스"));
                }
                free(s);
            }
    }
}

static void every_message_exists_in_both_languages(void **state)
{
    (void)state;
    for (int m = 0; m < RP_M__COUNT; m++) {
        const char *ko = rp_msg_text("ko", m), *en = rp_msg_text("en", m);
        assert_non_null(ko);
        assert_non_null(en);
        assert_true(ko[0] && en[0]);
    }
    assert_string_not_equal(rp_msg_text("ko", RP_M_TITLE_PERSON),
                            rp_msg_text("en", RP_M_TITLE_PERSON));
    assert_null(rp_msg_text("fr", RP_M_TITLE_PERSON));
    assert_null(rp_msg_text("ko", RP_M__COUNT));
}

/* ---- HTML ---------------------------------------------------------------- */

typedef struct xml_walk {
    size_t hostile_title_texts; /* text nodes equal to the hostile title */
    size_t elements;
    int bad_element;  /* script, b, i, img, link, … */
    int network_attr; /* a URL to the network outside xmlns */
    int src_attr;     /* any src/href at all */
} xml_walk;

static int has_url(const char *s)
{
    return strstr(s, "http://") || strstr(s, "https://") || strstr(s, "//") == s;
}

/* Iterative walk (no recursion over the tree). */
static void walk(xmlNode *root, xml_walk *w)
{
    static const char *const banned[] = {"script", "b",      "i",     "img",   "link",
                                         "iframe", "object", "embed", "image", "use"};
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            w->elements++;
            for (size_t k = 0; k < sizeof banned / sizeof banned[0]; k++)
                if (strcmp((const char *)n->name, banned[k]) == 0)
                    w->bad_element = 1;
            for (xmlAttr *a = n->properties; a; a = a->next) {
                xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
                const char *name = (const char *)a->name;
                if (strcmp(name, "src") == 0 || strcmp(name, "href") == 0 ||
                    strcmp(name, "srcset") == 0 || strcmp(name, "action") == 0)
                    w->src_attr = 1;
                if (v && has_url((const char *)v))
                    w->network_attr = 1;
                xmlFree(v);
            }
        } else if (n->type == XML_TEXT_NODE && n->content) {
            const char *t = (const char *)n->content;
            if (strcmp(t, RS_HOSTILE_TITLE) == 0 || strstr(t, ". " RS_HOSTILE_TITLE))
                w->hostile_title_texts++;
            if (strstr(t, "url(") || strstr(t, "@import") || has_url(t))
                w->network_attr = 1;
        }
        if (n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        if (n)
            n = n->next;
    }
}

static xmlDoc *parse_xml(const char *s, size_t len)
{
    xmlDoc *doc = xmlReadMemory(s, (int)len, "report.html", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *err = xmlGetLastError();
        fail_msg("HTML is not well-formed XML: line %d: %s", err ? err->line : 0,
                 err && err->message ? err->message : "?");
    }
    return doc;
}

static void html_is_well_formed_escaped_and_self_contained(void **state)
{
    (void)state;
    for (int kind = 0; kind < 2; kind++) {
        if (kind == 0)
            rs_person(&sample, 1);
        else
            rs_group(&sample, 1);
        for (int l = 0; l < 2; l++) {
            const char *lang = l ? "en" : "ko";
            size_t len;
            char *s = render(&sample.r, RP_HTML, lang, &len);
            xmlDoc *doc = parse_xml(s, len);
            xmlNode *root = xmlDocGetRootElement(doc);
            assert_string_equal((const char *)root->name, "html");
            xmlChar *lv = xmlGetProp(root, (const xmlChar *)"lang");
            assert_non_null(lv);
            assert_string_equal((const char *)lv, lang);
            xmlFree(lv);
            xml_walk w = {0};
            walk(root, &w);
            assert_true(w.elements > 100);
            assert_false(w.bad_element);
            assert_false(w.network_attr);
            assert_false(w.src_attr);
            /* the title in the table (person) or the key (group), plus tooltips */
            assert_true(w.hostile_title_texts >= 2);
            xmlFreeDoc(doc);
            /* the raw text never reaches the markup */
            assert_null(strstr(s, "<script"));
            assert_null(strstr(s, "<b>"));
            assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                                      "&quot;quoted&quot; &#39;x&#39;"));
            /* every http(s) URL is an SVG namespace */
            assert_int_equal(count(s, "http:") + count(s, "https:"),
                             count(s, "xmlns=\"http://www.w3.org/2000/svg\""));
            /* print sheet, A4, the CJK font stack */
            assert_non_null(strstr(s, "@media print"));
            assert_non_null(strstr(s, "@page{size:A4"));
            assert_non_null(strstr(s, "\"Noto Sans CJK KR\",\"Noto Sans KR\",\"Apple SD Gothic "
                                      "Neo\",\"Malgun Gothic\",sans-serif"));
            assert_null(strstr(s, "<script"));
            free(s);
        }
    }
}

static void radar_has_one_axis_per_topic(void **state)
{
    (void)state;
    rs_person(&sample, 0);
    size_t len;
    char *s = render(&sample.r, RP_HTML, "ko", &len);
    assert_int_equal(count(s, "class=\"radar-axis\""), RS_TOPICS);
    /* one dot per topic, the area polygon once */
    assert_int_equal(count(s, "class=\"radar-dot"), RS_TOPICS);
    assert_int_equal(count(s, "class=\"radar-area\""), 1);
    /* bars: the overall row and one per topic; over time: one panel per topic */
    assert_int_equal(count(s, "class=\"bar-row"), RS_TOPICS + 1);
    assert_int_equal(count(s, "class=\"trend-panel\""), RS_TOPICS);
    free(s);

    sample.persons[0].n_topics = 5;
    sample.persons[0].n_series = 0;
    sample.persons[0].n_strengths = sample.persons[0].n_gaps = 1;
    sample.strengths[0][0] = 0;
    sample.gaps[0][0] = 4;
    s = render(&sample.r, RP_HTML, "ko", &len);
    assert_int_equal(count(s, "class=\"radar-axis\""), 5);
    assert_int_equal(count(s, "class=\"trend-panel\""), 0); /* no series: no chart */
    free(s);

    rs_group(&sample, 0);
    s = render(&sample.r, RP_HTML, "en", &len);
    assert_int_equal(count(s, "class=\"radar-axis\""), 0);
    /* heat map: a cell per person × topic column (15 columns), "–" where unknown */
    assert_int_equal(count(s, "class=\"heat-cell\""), RS_PERSONS * RS_TOPICS);
    free(s);
}

/* ---- CSV ----------------------------------------------------------------- */

typedef struct csv_table {
    char *fields[64 * 64];
    size_t row_len[64];
    size_t rows;
} csv_table;

/* An RFC 4180 reader for the test: quoted fields with "" and CR/LF inside. */
static void csv_read(const char *s, csv_table *t)
{
    memset(t, 0, sizeof *t);
    size_t i = 0, n = strlen(s);
    while (i < n) {
        assert_true(t->rows < 64);
        size_t col = 0;
        for (;;) {
            char *f = calloc(n + 1, 1);
            size_t k = 0;
            assert_non_null(f);
            if (s[i] == '"') {
                i++;
                for (;;) {
                    assert_true(i < n); /* an unclosed quote fails */
                    if (s[i] == '"' && s[i + 1] == '"') {
                        f[k++] = '"';
                        i += 2;
                    } else if (s[i] == '"') {
                        i++;
                        break;
                    } else {
                        f[k++] = s[i++];
                    }
                }
            } else {
                while (i < n && s[i] != ',' && s[i] != '\r') {
                    assert_true(s[i] != '"' && s[i] != '\n');
                    f[k++] = s[i++];
                }
            }
            assert_true(col < 64);
            t->fields[t->rows * 64 + col++] = f;
            if (s[i] == ',') {
                i++;
                continue;
            }
            assert_true(s[i] == '\r' && s[i + 1] == '\n'); /* CRLF ends a record */
            i += 2;
            break;
        }
        t->row_len[t->rows++] = col;
    }
}

static void csv_free(csv_table *t)
{
    for (size_t k = 0; k < 64 * 64; k++)
        free(t->fields[k]);
}

static const char *cell(const csv_table *t, size_t row, size_t col)
{
    return t->fields[row * 64 + col];
}

static size_t column(const csv_table *t, const char *name)
{
    for (size_t j = 0; j < t->row_len[0]; j++)
        if (strcmp(cell(t, 0, j), name) == 0)
            return j;
    fail_msg("no CSV column %s", name);
    return 0;
}

static void csv_round_trips_quotes_commas_and_newlines(void **state)
{
    (void)state;
    static csv_table t;
    rs_group(&sample, 1);
    char *s = render(&sample.r, RP_CSV, "ko", NULL);
    csv_read(s, &t);
    assert_int_equal(t.rows, 1 + RS_TOPICS + RS_TOPICS + (RS_TOPICS - 3));
    for (size_t r = 1; r < t.rows; r++)
        assert_int_equal(t.row_len[r], t.row_len[0]);
    assert_int_equal(t.row_len[0], 12 + 4 + 1);
    size_t person = column(&t, "person"), topic = column(&t, "topic");
    size_t est = column(&t, "estimate"), level = column(&t, "level");
    /* person 2 (rows 16..30) has the hostile name; topic 4 of person 1 the hostile title */
    assert_string_equal(cell(&t, 1 + RS_TOPICS, person), RS_HOSTILE_NAME);
    assert_string_equal(cell(&t, 4, topic), RS_HOSTILE_TITLE);
    assert_string_equal(cell(&t, 1, topic), "모놀리스 vs 마이크로서비스");
    /* person 2, topic 7: nothing known → empty estimate, level 0 */
    assert_string_equal(cell(&t, 1 + RS_TOPICS + 6, est), "");
    assert_string_equal(cell(&t, 1 + RS_TOPICS + 6, level), "0");
    assert_string_equal(cell(&t, 1, column(&t, "kb")), "architecture-scalability");
    csv_free(&t);
    free(s);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_parses_with_nulls_for_unknown_numbers(void **state)
{
    (void)state;
    rs_group(&sample, 1);
    char *s = render(&sample.r, RP_JSON, "en", NULL);
    json_error_t err;
    json_t *root = json_loads(s, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        fail_msg("JSON: %d:%d: %s", err.line, err.column, err.text);
    assert_string_equal(json_string_value(json_object_get(root, "kind")), "group");
    assert_string_equal(json_string_value(json_object_get(root, "lang")), "en");
    json_t *persons = json_object_get(root, "persons");
    assert_int_equal(json_array_size(persons), RS_PERSONS);
    json_t *p1 = json_array_get(persons, 1);
    assert_string_equal(json_string_value(json_object_get(p1, "name")), RS_HOSTILE_NAME);
    json_t *t7 = json_array_get(json_object_get(p1, "topics"), 6);
    assert_true(json_is_null(json_object_get(json_object_get(t7, "ability"), "estimate")));
    assert_int_equal(json_integer_value(json_object_get(t7, "level")), 0);
    json_t *t4 = json_array_get(json_object_get(json_array_get(persons, 0), "topics"), 3);
    assert_string_equal(json_string_value(json_object_get(t4, "title")), RS_HOSTILE_TITLE);
    assert_int_equal(json_array_size(json_object_get(root, "cuts")), 3);
    assert_int_equal(json_array_size(json_object_get(root, "levels")), 4);
    assert_string_equal(json_string_value(json_object_get(root, "generated")),
                        "2025-12-22T09:00:00Z");
    assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1); /* one line */
    json_decref(root);
    free(s);

    rs_person(&sample, 1);
    sample.persons[0].overall.est = NAN;
    sample.persons[0].overall.hi = INFINITY;
    s = render(&sample.r, RP_JSON, "ko", NULL);
    no_nan(s);
    root = json_loads(s, JSON_REJECT_DUPLICATES, &err);
    assert_non_null(root);
    json_t *p = json_array_get(json_object_get(root, "persons"), 0);
    json_t *ov = json_object_get(p, "overall");
    assert_true(json_is_null(json_object_get(ov, "estimate")));
    assert_true(json_is_null(json_object_get(ov, "hi")));
    assert_true(json_is_real(json_object_get(ov, "se")));
    json_t *series = json_object_get(p, "series");
    assert_int_equal(json_array_size(series), RS_TOPICS);
    assert_int_equal(json_array_size(json_object_get(json_array_get(series, 0), "points")),
                     RS_ATTEMPTS);
    json_t *wrong = json_object_get(p, "wrong");
    assert_int_equal(json_array_size(wrong), RS_WRONG);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(wrong, 0), "line")), 643);
    assert_int_equal(json_array_size(json_object_get(p, "strengths")), 3);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(p, "gaps"), 0)), 9);
    json_decref(root);
    free(s);
    /* the same non-finite numbers in HTML and text are "–", never nan */
    s = render(&sample.r, RP_HTML, "ko", NULL);
    no_nan(s);
    free(s);
    s = render(&sample.r, RP_TEXT, "ko", NULL);
    no_nan(s);
    free(s);
}

/* ---- text ---------------------------------------------------------------- */

static void text_columns_line_up_with_hangul(void **state)
{
    (void)state;
    rs_person(&sample, 1);
    char *s = render(&sample.r, RP_TEXT, "ko", NULL);
    assert_null(strchr(s, '\x1b'));
    assert_non_null(strstr(s, "  이벤트 <script>")); /* plain text: as it is (clipped) */
    /* The topic table: a header "#  주제 …" then one line per topic. The
     * status is the last column; everything before it has one width. */
    char *tab = strstr(s, "#  주제");
    assert_non_null(tab);
    while (tab > s && tab[-1] != '\n')
        tab--;
    size_t prefix = 0;
    for (int row = 0; row <= RS_TOPICS; row++) {
        char *end = strchr(tab, '\n');
        assert_non_null(end);
        const char *status =
            row == 0 ? rp_msg_text("ko", RP_M_STATUS) : NULL; /* header: the heading */
        if (row > 0) {
            const rp_topic *t = &sample.topics[0][row - 1];
            rp_ctx c = {.r = &sample.r, .lang = "ko"};
            status = rp_status_text(&c, t->status);
        }
        size_t sl = strlen(status);
        assert_true((size_t)(end - tab) > sl);
        assert_memory_equal(end - sl, status, sl);
        size_t wdt = u8_width(tab, (size_t)(end - tab) - sl);
        if (row == 0)
            prefix = wdt;
        else
            assert_int_equal(wdt, prefix);
        tab = end + 1;
    }
    free(s);
}

/* ---- errors -------------------------------------------------------------- */

static void bad_data_and_limits_give_their_codes(void **state)
{
    (void)state;
    rs_person(&sample, 0);
    assert_int_equal(render_code(&sample.r, RP_HTML, "fr", RP_OUT_MAX), ASSAY_EUSAGE);
    assert_int_equal(render_code(&sample.r, (rp_format)9, "ko", RP_OUT_MAX), ASSAY_EUSAGE);
    /* the output cap is bad input, not out of memory */
    for (int f = RP_TEXT; f <= RP_CSV; f++)
        assert_int_equal(render_code(&sample.r, (rp_format)f, "ko", 1000), ASSAY_EINPUT);
    assert_int_equal(render_code(&sample.r, RP_HTML, NULL, RP_OUT_MAX), ASSAY_OK);

    sample.topics[0][2].level = 5;
    assert_int_equal(render_code(&sample.r, RP_JSON, "ko", RP_OUT_MAX), ASSAY_EINTERNAL);
    sample.topics[0][2].level = 2;
    sample.topics[0][2].title = "bad \xC3 byte";
    assert_int_equal(render_code(&sample.r, RP_CSV, "ko", RP_OUT_MAX), ASSAY_EINTERNAL);
    sample.topics[0][2].title = "ok";
    sample.strengths[0][1] = RS_TOPICS;
    assert_int_equal(render_code(&sample.r, RP_TEXT, "ko", RP_OUT_MAX), ASSAY_EINTERNAL);
    sample.strengths[0][1] = 0;
    sample.series[3].topic = 99;
    assert_int_equal(render_code(&sample.r, RP_HTML, "ko", RP_OUT_MAX), ASSAY_EINTERNAL);
    sample.series[3].topic = 3;
    assert_int_equal(render_code(&sample.r, RP_HTML, "ko", RP_OUT_MAX), ASSAY_OK);
    sample.r.n_persons = 2;
    assert_int_equal(render_code(&sample.r, RP_HTML, "ko", RP_OUT_MAX), ASSAY_EINTERNAL);
    sample.r.n_persons = 1;
    sample.r.n_levels = RP_MAX_LEVELS + 1;
    assert_int_equal(render_code(&sample.r, RP_HTML, "ko", RP_OUT_MAX), ASSAY_EINTERNAL);

    assert_int_equal(rp_format_parse("html"), RP_HTML);
    assert_int_equal(rp_format_parse("csv"), RP_CSV);
    assert_int_equal(rp_format_parse("pdf"), -1);
    assert_int_equal(rp_format_parse(NULL), -1);
}

static void xml_escaping_replaces_what_xml_forbids(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1024);
    rp_w w = {&b, ASSAY_OK};
    svg_esc(&w, "a<b>&\"'\x01\x7f\xff\xef\xbf\xbe 한");
    assert_int_equal(w.code, ASSAY_OK);
    assert_string_equal(buf_str(&b), "a&lt;b&gt;&amp;&quot;&#39;\xEF\xBF\xBD\xEF\xBF\xBD"
                                     "\xEF\xBF\xBD\xEF\xBF\xBD 한");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renders_every_format_in_both_languages),
        cmocka_unit_test(every_message_exists_in_both_languages),
        cmocka_unit_test(html_is_well_formed_escaped_and_self_contained),
        cmocka_unit_test(radar_has_one_axis_per_topic),
        cmocka_unit_test(csv_round_trips_quotes_commas_and_newlines),
        cmocka_unit_test(json_parses_with_nulls_for_unknown_numbers),
        cmocka_unit_test(text_columns_line_up_with_hangul),
        cmocka_unit_test(bad_data_and_limits_give_their_codes),
        cmocka_unit_test(xml_escaping_replaces_what_xml_forbids),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
