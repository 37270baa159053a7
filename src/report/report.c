/*
 * report.c — rp_render: checks the report data, picks the language and the
 * renderer; and what every renderer shares: the sticky writer over a bounded
 * buf, the interface strings (one table per language, below), number and
 * time formatting, the topic columns of a group report.
 * The data are checked once here, so the renderers may index freely.
 */
#include "report/report_int.h"

#include "core/u8.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the writer ---------------------------------------------------------- */

void rp_fail(rp_w *w, assay_code code)
{
    if (w->code == ASSAY_OK)
        w->code = code;
}

void rp_putn(rp_w *w, const char *s, size_t n)
{
    if (w->code != ASSAY_OK || n == 0)
        return;
    if (buf_add(w->b, s, n) != 0)
        /* buf_add fails for the cap or for memory: tell them apart. */
        rp_fail(w, (n > w->b->max || w->b->len > w->b->max - n) ? ASSAY_EINPUT : ASSAY_ENOMEM);
}

void rp_put(rp_w *w, const char *s)
{
    if (s)
        rp_putn(w, s, strlen(s));
}

void rp_putf(rp_w *w, const char *fmt, ...)
{
    /* Only numbers and short words are formatted: a line never needs more. */
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        rp_fail(w, ASSAY_EINTERNAL);
        return;
    }
    rp_putn(w, tmp, (size_t)n);
}

/* ---- interface strings ----------------------------------------------------- */

static const char *const rp_ko[RP_M__COUNT] = {
    [RP_M_TITLE_PERSON] = "학습 리포트",
    [RP_M_TITLE_GROUP] = "평가자 리포트",
    [RP_M_KB] = "지식 베이스",
    [RP_M_GENERATED] = "생성",
    [RP_M_LEARNER] = "학습자",
    [RP_M_PEOPLE] = "사람별 요약",
    [RP_M_ATTEMPTS] = "응시 기록",
    [RP_M_ID] = "번호",
    [RP_M_KIND] = "종류",
    [RP_M_STARTED] = "시작",
    [RP_M_FINISHED] = "종료",
    [RP_M_ANSWERED] = "문항 수",
    [RP_M_SCORE] = "점수",
    [RP_M_KIND_QUIZ] = "퀴즈",
    [RP_M_KIND_ASSESSMENT] = "평가",
    [RP_M_KIND_REVIEW] = "복습",
    [RP_M_OVERALL] = "종합 능력",
    [RP_M_ABILITY] = "능력",
    [RP_M_SE] = "표준오차",
    [RP_M_INTERVAL] = "90% 구간",
    [RP_M_LEVEL] = "레벨",
    [RP_M_PROB] = "확률",
    [RP_M_PROFILE] = "주제별 레벨",
    [RP_M_TOPIC] = "주제",
    [RP_M_STATUS] = "상태",
    [RP_M_ST_OPEN] = "진행 중",
    [RP_M_ST_CLASSIFIED] = "판정됨",
    [RP_M_ST_PRECISE] = "정밀",
    [RP_M_ST_CAPPED] = "문항 한도",
    [RP_M_ST_EXHAUSTED] = "문항 소진",
    [RP_M_NO_DATA] = "자료 없음",
    [RP_M_STRENGTHS] = "강점",
    [RP_M_GAPS] = "보완할 점",
    [RP_M_WRONG] = "틀린 문항",
    [RP_M_QUESTION] = "질문",
    [RP_M_YOUR_ANSWER] = "내 답",
    [RP_M_REFERENCE] = "모범 답안",
    [RP_M_SOURCE] = "출처",
    [RP_M_SECTION] = "절",
    [RP_M_NO_ANSWER] = "(답 없음)",
    [RP_M_STUDY] = "다음에 공부할 곳",
    [RP_M_WHY] = "이유",
    [RP_M_DUE] = "복습할 문항",
    [RP_M_DUE_AT] = "복습 시점",
    [RP_M_ITEM] = "문항",
    [RP_M_RADAR] = "주제별 레벨 (레이더)",
    [RP_M_BARS] = "주제별 능력과 90% 구간",
    [RP_M_OVER_TIME] = "시간에 따른 주제별 능력",
    [RP_M_HEATMAP] = "사람 × 주제 레벨",
    [RP_M_NONE] = "없음",
    [RP_M_TOPICS_KEY] = "주제 번호",
    [RP_M_PERSON] = "이름",
    [RP_M_LEVEL_KEY] = "레벨 색",
};

static const char *const rp_en[RP_M__COUNT] = {
    [RP_M_TITLE_PERSON] = "Learning report",
    [RP_M_TITLE_GROUP] = "Assessor's report",
    [RP_M_KB] = "Knowledge base",
    [RP_M_GENERATED] = "Generated",
    [RP_M_LEARNER] = "Learner",
    [RP_M_PEOPLE] = "People",
    [RP_M_ATTEMPTS] = "Attempts",
    [RP_M_ID] = "ID",
    [RP_M_KIND] = "Kind",
    [RP_M_STARTED] = "Started",
    [RP_M_FINISHED] = "Finished",
    [RP_M_ANSWERED] = "Answered",
    [RP_M_SCORE] = "Score",
    [RP_M_KIND_QUIZ] = "quiz",
    [RP_M_KIND_ASSESSMENT] = "assessment",
    [RP_M_KIND_REVIEW] = "review",
    [RP_M_OVERALL] = "Overall ability",
    [RP_M_ABILITY] = "Ability",
    [RP_M_SE] = "SE",
    [RP_M_INTERVAL] = "90% interval",
    [RP_M_LEVEL] = "Level",
    [RP_M_PROB] = "Probability",
    [RP_M_PROFILE] = "Level per topic",
    [RP_M_TOPIC] = "Topic",
    [RP_M_STATUS] = "Status",
    [RP_M_ST_OPEN] = "open",
    [RP_M_ST_CLASSIFIED] = "classified",
    [RP_M_ST_PRECISE] = "precise",
    [RP_M_ST_CAPPED] = "item cap",
    [RP_M_ST_EXHAUSTED] = "no items left",
    [RP_M_NO_DATA] = "no data",
    [RP_M_STRENGTHS] = "Strengths",
    [RP_M_GAPS] = "Gaps",
    [RP_M_WRONG] = "Items answered wrongly",
    [RP_M_QUESTION] = "Question",
    [RP_M_YOUR_ANSWER] = "Your answer",
    [RP_M_REFERENCE] = "Reference answer",
    [RP_M_SOURCE] = "Source",
    [RP_M_SECTION] = "Section",
    [RP_M_NO_ANSWER] = "(no answer)",
    [RP_M_STUDY] = "Study next",
    [RP_M_WHY] = "Why",
    [RP_M_DUE] = "Due for review",
    [RP_M_DUE_AT] = "Due",
    [RP_M_ITEM] = "Item",
    [RP_M_RADAR] = "Level per topic (radar)",
    [RP_M_BARS] = "Ability per topic with 90% interval",
    [RP_M_OVER_TIME] = "Ability per topic over time",
    [RP_M_HEATMAP] = "Level per person and topic",
    [RP_M_NONE] = "none",
    [RP_M_TOPICS_KEY] = "Topic numbers",
    [RP_M_PERSON] = "Name",
    [RP_M_LEVEL_KEY] = "Level colours",
};

const char *rp_msg_text(const char *lang, int m)
{
    if (!lang || m < 0 || m >= RP_M__COUNT)
        return NULL;
    if (strcmp(lang, "ko") == 0)
        return rp_ko[m];
    if (strcmp(lang, "en") == 0)
        return rp_en[m];
    return NULL;
}

const char *rp_tr(const rp_ctx *c, rp_msg m)
{
    const char *s = rp_msg_text(c->lang, (int)m);
    return s ? s : "";
}

const char *rp_level_label(const rp_ctx *c, int l)
{
    if (l < 1 || (size_t)l > c->r->n_levels || !c->r->level_labels[l - 1])
        return "";
    return c->r->level_labels[l - 1];
}

const char *rp_kind_text(const rp_ctx *c, const char *kind)
{
    if (!kind)
        return "";
    if (strcmp(kind, "quiz") == 0)
        return rp_tr(c, RP_M_KIND_QUIZ);
    if (strcmp(kind, "assessment") == 0)
        return rp_tr(c, RP_M_KIND_ASSESSMENT);
    if (strcmp(kind, "review") == 0)
        return rp_tr(c, RP_M_KIND_REVIEW);
    return kind;
}

const char *rp_status_text(const rp_ctx *c, const char *status)
{
    static const struct {
        const char *word;
        rp_msg m;
    } map[] = {{"open", RP_M_ST_OPEN},
               {"classified", RP_M_ST_CLASSIFIED},
               {"precise", RP_M_ST_PRECISE},
               {"capped", RP_M_ST_CAPPED},
               {"exhausted", RP_M_ST_EXHAUSTED}};
    if (!status)
        return "";
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(status, map[i].word) == 0)
            return rp_tr(c, map[i].m);
    return status;
}

/* ---- formatting ---------------------------------------------------------- */

const char *rp_fmt_num(char *out, size_t cap, double v, int decimals, const char *none)
{
    if (!isfinite(v))
        return none;
    if (v == 0.0)
        v = 0.0; /* never "-0.00" */
    int n = snprintf(out, cap, "%.*f", decimals, v);
    if (n < 0 || (size_t)n >= cap)
        return none;
    /* "-0.00" for a tiny negative value reads as a sign error. */
    if (out[0] == '-' && strspn(out + 1, "0.") == strlen(out + 1))
        memmove(out, out + 1, strlen(out));
    return out;
}

/* with_time: 0 date, 1 date and minutes, 2 ISO 8601 */
static const char *rp_fmt_tm(char *out, size_t cap, int64_t t, int with_time)
{
    if (t <= 0 || cap == 0) {
        if (cap)
            out[0] = '\0';
        return out;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    size_t n = 0;
    if (gmtime_r(&tt, &tm)) {
        if (with_time == 2)
            n = strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
        else if (with_time == 1)
            n = strftime(out, cap, "%Y-%m-%d %H:%M UTC", &tm);
        else
            n = strftime(out, cap, "%Y-%m-%d", &tm);
    }
    if (n == 0)
        out[0] = '\0';
    return out;
}

const char *rp_fmt_time(char *out, size_t cap, int64_t t)
{
    return rp_fmt_tm(out, cap, t, 1);
}

const char *rp_fmt_iso(char *out, size_t cap, int64_t t)
{
    return rp_fmt_tm(out, cap, t, 2);
}

const char *rp_fmt_date(char *out, size_t cap, int64_t t)
{
    return rp_fmt_tm(out, cap, t, 0);
}

const char *rp_clip(char *out, size_t cap, const char *s, size_t cols)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* … */
    if (!s)
        return "";
    size_t len = strlen(s);
    if (u8_width(s, len) <= cols || cols < 2 || cap < 8)
        return s;
    size_t n = u8_prefix_for_width(s, len, cols - 1);
    while (n > 0 && n + sizeof ellipsis > cap)
        do
            n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
    /* Drop a space before the ellipsis. */
    while (n > 0 && s[n - 1] == ' ')
        n--;
    memcpy(out, s, n);
    memcpy(out + n, ellipsis, sizeof ellipsis);
    return out;
}

const char *rp_level_fill(int l, size_t n, const char **text)
{
    /* viridis at nine even steps, dark to light */
    static const char *const viridis[9] = {"#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c",
                                           "#28ae80", "#5ec962", "#addc30", "#fde725"};
    if (l < 1 || n < 1 || (size_t)l > n) {
        *text = "#1b1f24";
        return "#e3e6ea";
    }
    size_t idx = n == 1 ? 4 : 8 - (size_t)lround((double)(l - 1) * 8.0 / (double)(n - 1));
    *text = idx <= 4 ? "#ffffff" : "#1b1f24";
    return viridis[idx];
}

/* ---- group columns ------------------------------------------------------- */

const rp_topic *rp_find_topic(const rp_person *p, int number)
{
    for (size_t i = 0; i < p->n_topics; i++)
        if (p->topics[i].number == number)
            return &p->topics[i];
    return NULL;
}

void rp_cols_free(rp_cols *c)
{
    if (!c)
        return;
    free(c->numbers);
    free(c->titles);
    c->numbers = NULL;
    c->titles = NULL;
    c->n = 0;
}

assay_code rp_cols_make(const rp_report *r, rp_cols *out)
{
    size_t total = 0;
    for (size_t i = 0; i < r->n_persons; i++)
        total += r->persons[i].n_topics;
    out->n = 0;
    out->numbers = malloc((total ? total : 1) * sizeof *out->numbers);
    out->titles = malloc((total ? total : 1) * sizeof *out->titles);
    if (!out->numbers || !out->titles) {
        rp_cols_free(out);
        return ASSAY_ENOMEM;
    }
    /* Quadratic in the topics of a knowledge base (tens): simple and enough. */
    for (size_t i = 0; i < r->n_persons; i++)
        for (size_t k = 0; k < r->persons[i].n_topics; k++) {
            const rp_topic *t = &r->persons[i].topics[k];
            size_t j = 0;
            while (j < out->n && out->numbers[j] != t->number)
                j++;
            if (j == out->n) {
                out->numbers[out->n] = t->number;
                out->titles[out->n++] = t->title ? t->title : "";
            }
        }
    return ASSAY_OK;
}

/* ---- checking the data --------------------------------------------------- */

static assay_code rp_bad(errinfo *e, const char *what, size_t i)
{
    return err_set(e, ASSAY_EINTERNAL, "report: %s (person %zu)", what, i);
}

static int rp_str_ok(const char *s)
{
    size_t bad;
    return !s || u8_check(s, strlen(s), &bad) == 0;
}

static int rp_level_ok(int l, size_t n_levels)
{
    return l >= 0 && (size_t)l <= n_levels;
}

/* Every string of a person is valid UTF-8. */
static int rp_person_strings_ok(const rp_person *p)
{
    int ok = rp_str_ok(p->name);
    for (size_t k = 0; k < p->n_attempts; k++)
        ok = ok && rp_str_ok(p->attempts[k].kind);
    for (size_t k = 0; k < p->n_topics; k++)
        ok = ok && rp_str_ok(p->topics[k].title) && rp_str_ok(p->topics[k].status);
    for (size_t k = 0; k < p->n_wrong; k++) {
        const rp_wrong *w = &p->wrong[k];
        ok = ok && rp_str_ok(w->item) && rp_str_ok(w->topic) && rp_str_ok(w->question) &&
             rp_str_ok(w->answer) && rp_str_ok(w->reference) && rp_str_ok(w->file) &&
             rp_str_ok(w->section);
    }
    for (size_t k = 0; k < p->n_study; k++)
        ok = ok && rp_str_ok(p->study[k].title) && rp_str_ok(p->study[k].file) &&
             rp_str_ok(p->study[k].why);
    for (size_t k = 0; k < p->n_due; k++)
        ok = ok && rp_str_ok(p->due[k].item) && rp_str_ok(p->due[k].question);
    return ok;
}

static assay_code rp_check_person(const rp_report *r, size_t i, errinfo *e)
{
    const rp_person *p = &r->persons[i];
    if ((p->n_attempts && !p->attempts) || (p->n_topics && !p->topics) ||
        (p->n_strengths && !p->strengths) || (p->n_gaps && !p->gaps) || (p->n_wrong && !p->wrong) ||
        (p->n_study && !p->study) || (p->n_due && !p->due) || (p->n_series && !p->series))
        return rp_bad(e, "an array is NULL with a non-zero count", i);
    if (!rp_level_ok(p->overall_level, r->n_levels))
        return rp_bad(e, "overall level out of range", i);
    for (size_t k = 0; k < p->n_topics; k++)
        if (!rp_level_ok(p->topics[k].level, r->n_levels))
            return rp_bad(e, "topic level out of range", i);
    for (size_t k = 0; k < p->n_strengths; k++)
        if (p->strengths[k] >= p->n_topics)
            return rp_bad(e, "strength index past the topics", i);
    for (size_t k = 0; k < p->n_gaps; k++)
        if (p->gaps[k] >= p->n_topics)
            return rp_bad(e, "gap index past the topics", i);
    for (size_t k = 0; k < p->n_series; k++)
        if (p->series[k].topic >= p->n_topics || (p->series[k].n_points && !p->series[k].points))
            return rp_bad(e, "bad series", i);
    if (!rp_person_strings_ok(p))
        return rp_bad(e, "invalid UTF-8", i);
    return ASSAY_OK;
}

static assay_code rp_check(const rp_report *r, errinfo *e)
{
    if (r->kind != RP_PERSON && r->kind != RP_GROUP)
        return err_set(e, ASSAY_EINTERNAL, "report: unknown kind %d", (int)r->kind);
    if (r->kind == RP_PERSON && r->n_persons != 1)
        return err_set(e, ASSAY_EINTERNAL, "report: a person's report needs one person, not %zu",
                       r->n_persons);
    if (r->n_persons && !r->persons)
        return err_set(e, ASSAY_EINTERNAL, "report: persons is NULL");
    if (r->n_levels < 1 || r->n_levels > RP_MAX_LEVELS || !r->level_labels)
        return err_set(e, ASSAY_EINTERNAL, "report: levels must be 1 to %d, with labels",
                       RP_MAX_LEVELS);
    for (size_t l = 0; l < r->n_levels; l++)
        if (!rp_str_ok(r->level_labels[l]))
            return err_set(e, ASSAY_EINTERNAL, "report: invalid UTF-8 in a level label");
    if (!rp_str_ok(r->kb_name) || !rp_str_ok(r->kb_title))
        return err_set(e, ASSAY_EINTERNAL, "report: invalid UTF-8 in the knowledge base name");
    for (size_t i = 0; i < r->n_persons; i++) {
        assay_code rc = rp_check_person(r, i, e);
        if (rc != ASSAY_OK)
            return rc;
    }
    return ASSAY_OK;
}

/* ---- entry --------------------------------------------------------------- */

int rp_format_parse(const char *name)
{
    static const char *const names[] = {"text", "html", "json", "csv"};
    for (int i = 0; name && i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

assay_code rp_render(const rp_report *r, rp_format format, const char *lang, buf *out, errinfo *e)
{
    if (!r || !out)
        return err_set(e, ASSAY_EINTERNAL, "report: no report or no buffer");
    if (!lang)
        lang = r->lang ? r->lang : "ko";
    if (strcmp(lang, "ko") != 0 && strcmp(lang, "en") != 0)
        return err_set(e, ASSAY_EUSAGE, "report language must be \"ko\" or \"en\", not \"%.40s\"",
                       lang);
    assay_code rc = rp_check(r, e);
    if (rc != ASSAY_OK)
        return rc;
    rp_ctx c = {.r = r, .lang = lang, .w = {.b = out, .code = ASSAY_OK}, .e = e};
    switch (format) {
    case RP_TEXT: rc = rp_render_text(&c); break;
    case RP_HTML: rc = rp_render_html(&c); break;
    case RP_JSON: rc = rp_render_json(&c); break;
    case RP_CSV: rc = rp_render_csv(&c); break;
    default: return err_set(e, ASSAY_EUSAGE, "report format %d is unknown", (int)format);
    }
    if (rc == ASSAY_OK)
        rc = c.w.code;
    if (rc == ASSAY_EINPUT)
        return err_set(e, rc, "report: larger than the output cap of %zu bytes", out->max);
    if (rc == ASSAY_ENOMEM)
        return err_set(e, rc, "report: out of memory");
    if (rc != ASSAY_OK)
        return err_set(e, rc, "report: rendering failed");
    return ASSAY_OK;
}
