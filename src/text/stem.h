/*
 * text/stem — what a question asks and what form an answer takes.
 *
 * A stem is classified by the words that say what it asks (이란?, 차이, 어떻게,
 * 이유, 경우, 장단점, 종류, 몇 …; what is, difference, how, why, when, pros,
 * types, how many …) and an answer by its shape (a definition, "A는 …, B는 …",
 * a list of similar items, a number, steps). Lexical rules only, Korean and
 * English; no document-specific wording. Used to keep options homogeneous:
 * a distractor answers a question of the same type, in the same form.
 */
#ifndef ASSAY_TEXT_STEM_H
#define ASSAY_TEXT_STEM_H

#include <stddef.h>
#include <stdint.h>

typedef enum stem_type {
    STEM_OTHER = 0,
    STEM_DEFINITION,  /* 이란? 무엇인가 what is */
    STEM_COMPARISON,  /* 차이 vs 비교 다른 점 difference */
    STEM_METHOD,      /* 방법 어떻게 하려면 how */
    STEM_REASON,      /* 이유 왜 why */
    STEM_CONDITION,   /* 경우 언제 시점 when */
    STEM_PROSCONS,    /* 장점 단점 장단점 문제점 pros cons */
    STEM_ENUMERATION, /* 종류 유형 예시 사례 types examples */
    STEM_NUMERIC,     /* 몇 얼마 how many */
    STEM__COUNT
} stem_type;

typedef enum answer_form {
    FORM_OTHER = 0,
    FORM_DEFINITION, /* "… 구조", "X is a …" */
    FORM_COMPARISON, /* "A는 …, B는 …", "A: … B: …" */
    FORM_ENUM,       /* a list of similar items: "a, b, c" */
    FORM_NUMBER,     /* a number or quantity: "3개", "약 100ms" */
    FORM_PROCEDURE,  /* steps: "1. … 2. …", "A → B → C", "먼저 … 그다음" */
    FORM__COUNT
} answer_form;

/* The type of a question (NUL-terminated UTF-8, NFC). */
stem_type stem_classify(const char *question);
/* The form of an answer text (classified by its first sentence). */
answer_form answer_classify(const char *answer);

/* Names ("definition", "comparison", "method", "reason", "condition",
 * "proscons", "enumeration", "numeric", "other"; forms "definition",
 * "comparison", "list", "number", "procedure", "other"). */
const char *stem_type_name(stem_type t);
const char *answer_form_name(answer_form f);
/* The type or form named s, or -1. */
int stem_type_parse(const char *s);
int answer_form_parse(const char *s);

/* Whether an answer of form f is an answer to a stem of type t at all
 * (a comparison stem wants a comparison, a numeric stem a number; a
 * definition stem neither a comparison, a list nor a number …). */
int stem_form_fits(stem_type t, answer_form f);

/* Whether the first sentence of an answer only says when something happens
 * ("… 일 때 발생"): no answer to a method or reason stem. */
int answer_is_occurrence(const char *answer);

/* Whether the n bytes at w (a word stem, particles stripped) are a word that
 * only says what a stem asks (이유, 방법, 차이, 장점, 경우, reason, how …),
 * not what it is about. */
int stem_is_cue_word(const char *w, size_t n);

/* Distinctive shapes of an option text that a reader sees without knowing the
 * subject (issue 9, the review of seed 5309: the only option with a URL path
 * for "RESTful URL 설계 원칙은?", the only list of headers for "HTTP 캐시 제어
 * 헤더는?", a formula or a layer order beside a method). Bits: */
enum {
    SHAPE_PATH = 1u << 0,    /* a URL path: "/users", "(/v1/users)", "https://…" */
    SHAPE_FORMULA = 1u << 1, /* a formula or product: "×", "÷", "≈", " = " */
    SHAPE_FIELDS = 1u << 2,  /* two or more hyphenated capitalised names glossed in
                              * brackets: "Cache-Control(…), Last-Modified(…)" */
    SHAPE_CHAIN = 1u << 3,   /* an arrow between two parts: "A → B", "A -> B" */
    SHAPE_SPLIT = 1u << 4,   /* (shape_of_stem only) "A는 …, B는 …" for a stem
                              * naming two things (stem_names_two) */
};
/* The bits a distractor shares with its key (all but SHAPE_SPLIT). */
#define SHAPE_DISTINCT (SHAPE_PATH | SHAPE_FORMULA | SHAPE_FIELDS | SHAPE_CHAIN)
/* The shape bits of option text s (SHAPE_PATH … SHAPE_CHAIN). */
unsigned answer_shape(const char *s);
/* answer_shape(option), with SHAPE_SPLIT when the stem names two things,
 * asks no comparison and the option is a two-sided comparison. */
unsigned answer_shape_for(const char *question, const char *option);
/* Whether an answer's option is two-sided: a comparison (answer_classify)
 * or two clauses each opening with a topic ("변동 트래픽 처리는 Lambda,
 * 상시 실행 서비스는 EKS"). */
int answer_two_sided(const char *s);
/* Whether a question names two things it asks about together ("서버리스와
 * 컨테이너 하이브리드 전략은?", "X와 Y의 관계는?", "combining X and Y"). */
int stem_names_two(const char *question);
/* Whether a question asks for a law or theorem ("Amdahl의 법칙이란?", "PACELC
 * 정리란?", "What is Little's law?"): its answer states a relation, which an
 * action or a definition beside it gives away. */
int stem_asks_law(const char *question);

#endif
