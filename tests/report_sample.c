/*
 * report_sample.c — fills rs_sample with a learner's and a group's report
 * (see report_sample.h). The numbers are made up but consistent: each
 * topic's level probabilities come from a normal posterior over the cuts.
 */
#include "report_sample.h"

#include <math.h>
#include <string.h>

const char *const rs_titles[RS_TOPICS] = {
    "모놀리스 vs 마이크로서비스",
    "API 설계",
    "메시지 큐",
    "이벤트 드리븐 아키텍처",
    "CQRS (Command Query Responsibility Segregation)",
    "캐싱 아키텍처",
    "스케일링",
    "CAP 정리와 분산 시스템",
    "서비스 메시",
    "서버리스",
    "DDD (Domain-Driven Design)",
    "12-Factor App",
    "API Gateway",
    "Circuit Breaker",
    "Rate Limiting",
};

static const char *const rs_levels[4] = {"입문", "주니어", "시니어", "리드/CTO"};

#define RS_T0  1764547200 /* 2025-12-01 00:00 UTC */
#define RS_DAY 86400
#define RS_Z90 1.6448536269514722

static double rs_phi(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

static void rs_fill_ability(rp_ability *a, double est, double se)
{
    a->est = est;
    a->se = se;
    a->lo = est - RS_Z90 * se;
    a->hi = est + RS_Z90 * se;
}

/* Level probabilities of a normal posterior over the cuts; the most probable level. */
static void rs_levels_of(const double *cuts, double est, double se, double *probs, int *level,
                         double *level_prob)
{
    double prev = 0;
    *level = 1;
    *level_prob = 0;
    for (int l = 0; l < 4; l++) {
        double cum = l < 3 ? rs_phi((cuts[l] - est) / se) : 1.0;
        probs[l] = cum - prev;
        prev = cum;
        if (probs[l] > *level_prob) {
            *level_prob = probs[l];
            *level = l + 1;
        }
    }
}

static void rs_topic(rs_sample *s, rp_topic *t, int k, double est, double se, size_t answered)
{
    t->number = k + 1;
    t->title = rs_titles[k];
    t->answered = answered;
    rs_fill_ability(&t->ability, est, se);
    rs_levels_of(s->cuts, est, se, t->probs, &t->level, &t->level_prob);
    t->status = se < 0.5 ? "precise" : t->level_prob > 0.8 ? "classified" : "open";
}

static void rs_common(rs_sample *s)
{
    memset(s, 0, sizeof *s);
    s->cuts[0] = -0.8;
    s->cuts[1] = 0.4;
    s->cuts[2] = 1.6;
    s->r.kb_name = "architecture-scalability";
    s->r.kb_title = "아키텍처/확장성 (Architecture & Scalability) - IT 서비스 운영 필수 지식";
    s->r.level_labels = rs_levels;
    s->r.n_levels = 4;
    s->r.cuts = s->cuts;
    s->r.generated = RS_T0 + 21 * RS_DAY + 9 * 3600;
    s->r.lang = "ko";
    s->r.persons = s->persons;
}

/* Topic k's ability for person i: a spread over the levels. */
static double rs_est(int i, int k)
{
    static const double base[RS_TOPICS] = {1.9,  1.1, 0.6,  -0.2, -1.3, 1.4,  0.9, -0.6,
                                           -1.8, 0.2, -0.9, 2.2,  0.7,  -0.1, 1.2};
    return base[(k + 4 * i) % RS_TOPICS] - 0.45 * i;
}

void rs_person(rs_sample *s, int hostile)
{
    rs_common(s);
    s->r.kind = RP_PERSON;
    s->r.n_persons = 1;
    rp_person *p = &s->persons[0];
    p->name = hostile ? RS_HOSTILE_NAME : "김민수";
    for (int k = 0; k < RS_TOPICS; k++) {
        double se = 0.38 + 0.05 * (k % 5);
        rs_topic(s, &s->topics[0][k], k, rs_est(0, k), se, (size_t)(4 + k % 4));
    }
    if (hostile)
        s->topics[0][3].title = RS_HOSTILE_TITLE;
    p->topics = s->topics[0];
    p->n_topics = RS_TOPICS;
    rs_fill_ability(&p->overall, 0.42, 0.17);
    double probs[4];
    rs_levels_of(s->cuts, 0.42, 0.17, probs, &p->overall_level, &p->overall_level_prob);

    static const char *const kinds[RS_ATTEMPTS] = {"quiz", "assessment", "assessment"};
    static const double scores[RS_ATTEMPTS] = {0.55, 0.63, 0.71};
    for (int a = 0; a < RS_ATTEMPTS; a++) {
        rp_attempt *x = &s->attempts[a];
        x->id = 101 + a;
        x->kind = kinds[a];
        x->started = RS_T0 + (int64_t)(a * a + a * 6) * RS_DAY + 10 * 3600;
        x->finished = x->started + 1500 + 300 * a;
        x->answered = (size_t)(20 + 12 * a);
        x->score = scores[a];
    }
    p->attempts = s->attempts;
    p->n_attempts = RS_ATTEMPTS;

    /* strengths: 12, 1, 6; gaps: 9, 5, 11 (indices are number - 1) */
    const size_t st[3] = {11, 0, 5}, gp[3] = {8, 4, 10};
    memcpy(s->strengths[0], st, sizeof st);
    memcpy(s->gaps[0], gp, sizeof gp);
    p->strengths = s->strengths[0];
    p->n_strengths = 3;
    p->gaps = s->gaps[0];
    p->n_gaps = 3;

    const char *file = "data/kb/architecture-scalability.md";
    s->wrong[0] = (rp_wrong){"3f2a9c1d0b7e",
                             8,
                             rs_titles[7],
                             "CAP에서 C(Consistency)란?",
                             "모든 요청에 응답하는 것",
                             "모든 노드가 같은 시점에 같은 데이터를 보는 것. 한 노드에서 쓰면 "
                             "다른 노드에서 즉시 읽을 수 있어야 함.",
                             file,
                             643,
                             "레벨별 지식 · Level 1 (입문)"};
    s->wrong[1] = (rp_wrong){"9b41e07c2d55",
                             8,
                             rs_titles[7],
                             "Saga 패턴이란?",
                             "",
                             "분산 트랜잭션을 로컬 트랜잭션의 시퀀스로 분해. 각 단계 실패 시 보상 "
                             "트랜잭션 실행. Choreography(이벤트) 또는 Orchestration(중앙 조정).",
                             file,
                             683,
                             "레벨별 지식 · Level 3 (시니어)"};
    s->wrong[2] = (rp_wrong){"c07d5e21a9f3",
                             14,
                             rs_titles[13],
                             "Circuit Breaker가 필요한 이유는?",
                             "요청을 더 빨리 보내기 위해",
                             "의존 서비스 장애 시 계속 요청하면 리소스 낭비, 타임아웃 누적, 연쇄 "
                             "장애 발생. 빠르게 실패하여 시스템을 보호.",
                             file,
                             1196,
                             "레벨별 지식 · Level 1 (입문)"};
    s->wrong[3] = (rp_wrong){"5e8f0a3b6c12",
                             15,
                             rs_titles[14],
                             "Rate Limiting 전략은?",
                             hostile ? "a,b \"c\"\r\nd <i>&</i>" : "IP별 제한",
                             "IP별, API Key별, 사용자별 제한. 시간 윈도우(초/분/시간)당 요청 수 "
                             "제한. 429 Too Many Requests 응답.",
                             file,
                             1121,
                             "레벨별 지식 · Level 2 (주니어)"};
    p->wrong = s->wrong;
    p->n_wrong = RS_WRONG;

    s->study[0] =
        (rp_study){"9. 서비스 메시 · 개념 설명", file, 721, "레벨 1 확률 0.71: 가장 약한 주제"};
    s->study[1] = (rp_study){"5. CQRS · 레벨별 지식", file, 369, "틀린 문항 2개, 구간이 넓음"};
    s->study[2] = (rp_study){"8. CAP 정리와 분산 시스템 · 레벨별 지식", file, 636,
                             "틀린 문항: CAP에서 C(Consistency)란?"};
    p->study = s->study;
    p->n_study = RS_STUDY;
    s->due[0] = (rp_due){"3f2a9c1d0b7e", "CAP에서 C(Consistency)란?", RS_T0 + 22 * RS_DAY};
    s->due[1] = (rp_due){"c07d5e21a9f3", "Circuit Breaker가 필요한 이유는?", RS_T0 + 24 * RS_DAY};
    p->due = s->due;
    p->n_due = RS_DUE;

    for (int k = 0; k < RS_TOPICS; k++) {
        for (int a = 0; a < RS_ATTEMPTS; a++) {
            rp_point *pt = &s->points[k][a];
            pt->time = s->attempts[a].finished;
            pt->est = rs_est(0, k) - 0.35 * (RS_ATTEMPTS - 1 - a) * (k % 3 == 2 ? -0.6 : 1);
            pt->se = s->topics[0][k].ability.se + 0.25 * (RS_ATTEMPTS - 1 - a);
        }
        s->series[k] = (rp_series){(size_t)k, s->points[k], RS_ATTEMPTS};
    }
    p->series = s->series;
    p->n_series = RS_TOPICS;
}

void rs_group(rs_sample *s, int hostile)
{
    rs_common(s);
    s->r.kind = RP_GROUP;
    s->r.n_persons = RS_PERSONS;
    static const char *const names[RS_PERSONS] = {"김민수", "이서연", "Alex Kim"};
    for (int i = 0; i < RS_PERSONS; i++) {
        rp_person *p = &s->persons[i];
        p->name = names[i];
        size_t n = i == 2 ? RS_TOPICS - 3 : RS_TOPICS; /* the third has not seen 13-15 */
        for (int k = 0; k < (int)n; k++)
            rs_topic(s, &s->topics[i][k], k, rs_est(i, k), 0.4 + 0.1 * i, (size_t)(3 + i + k % 3));
        if (i == 1)
            s->topics[i][6] = (rp_topic){7,   rs_titles[6],         0,     {NAN, NAN, NAN, NAN}, 0,
                                         NAN, {NAN, NAN, NAN, NAN}, "open"};
        p->topics = s->topics[i];
        p->n_topics = n;
        double est = 0.5 - 0.45 * i, probs[4];
        rs_fill_ability(&p->overall, est, 0.2);
        rs_levels_of(s->cuts, est, 0.2, probs, &p->overall_level, &p->overall_level_prob);
        s->strengths[i][0] = (size_t)((11 + 11 * i) % (int)n);
        s->gaps[i][0] = (size_t)((8 + 11 * i) % (int)n);
        p->strengths = s->strengths[i];
        p->n_strengths = 1;
        p->gaps = s->gaps[i];
        p->n_gaps = 1;
    }
    if (hostile) {
        s->topics[0][3].title = RS_HOSTILE_TITLE;
        s->persons[1].name = RS_HOSTILE_NAME;
    }
    s->persons[0].n_attempts = 0;
}
