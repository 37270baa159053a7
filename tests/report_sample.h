/*
 * report_sample — sample report data for the renderer tests and the browser
 * test: one learner with the 15 topics of the bundled knowledge base and
 * three attempts (so ability over time has points), and three people for an
 * assessor's view. Everything lives in the rs_sample struct (no allocation).
 * hostile = 1 puts markup and CSV metacharacters into the data.
 */
#ifndef ASSAY_TESTS_REPORT_SAMPLE_H
#define ASSAY_TESTS_REPORT_SAMPLE_H

#include "report/report.h"

#define RS_TOPICS   15
#define RS_PERSONS  3
#define RS_ATTEMPTS 3
#define RS_WRONG    4
#define RS_STUDY    3
#define RS_DUE      2

/* The hostile topic title (topic 4) and person name. */
#define RS_HOSTILE_TITLE "이벤트 <script>alert(1)</script> & \"quoted\" 'x'"
#define RS_HOSTILE_NAME  "박, \"지훈\"\n<b>&amp;</b>\x1b[31m"

typedef struct rs_sample {
    rp_report r;
    rp_person persons[RS_PERSONS];
    rp_topic topics[RS_PERSONS][RS_TOPICS];
    rp_attempt attempts[RS_ATTEMPTS];
    size_t strengths[RS_PERSONS][3];
    size_t gaps[RS_PERSONS][3];
    rp_wrong wrong[RS_WRONG];
    rp_study study[RS_STUDY];
    rp_due due[RS_DUE];
    rp_series series[RS_TOPICS];
    rp_point points[RS_TOPICS][RS_ATTEMPTS];
    double cuts[3];
} rs_sample;

/* The 15 topic titles of data/kb/architecture-scalability.md. */
extern const char *const rs_titles[RS_TOPICS];

void rs_person(rs_sample *s, int hostile);
void rs_group(rs_sample *s, int hostile);

#endif
