/*
 * pattern — recognisers for the line-level conventions of knowledge documents,
 * applied to text that the Markdown parser has already reduced (emphasis
 * removed, NFC). They never allocate; results are offsets into the input.
 */
#ifndef ASSAY_KB_PATTERN_H
#define ASSAY_KB_PATTERN_H

#include <stddef.h>

enum { PAT_NONE = 0, PAT_Q = 1, PAT_A = 2 };

/* "Q: ..." / "Q. ..." / "Q1. ..." / "질문: ..." / "Question: ..." -> PAT_Q,
 * "A: ..." / "A. ..." / "답: ..." / "답변: ..." / "Answer: ..." -> PAT_A.
 * *rest receives the offset of the text after the prefix. */
int pat_qa_prefix(const char *s, size_t n, size_t *rest);

/* "⭐⭐ Level 2 (주니어)", "레벨 2", "Lv.2", "L2: 주니어", ... as a whole line.
 * Returns 1 and the level and label (offset/length into s; length 0 if none). */
int pat_level_marker(const char *s, size_t n, int *level, size_t *label_off, size_t *label_len);

typedef enum pat_section {
    SEC_NONE = 0,
    SEC_CONCEPT,
    SEC_LEVELS,
    SEC_SCENARIO,
    SEC_INTERVIEW,
    SEC_GUIDE
} pat_section;

/* Classifies a heading's text as one of the known topic sections. */
pat_section pat_section_of(const char *s, size_t n);

/* A heading or list text that is a question: ends with '?' or starts with a Q prefix. */
int pat_is_question(const char *s, size_t n);

/* How strongly a heading, list item or summary reads as a question (see
 * docs/internals/kb.md). PQ_STRONG: a '?' at the end or before a closing
 * parenthetical ("접근 제어자란? (Access Modifier)"), a Q prefix, a Korean
 * request or interrogative ending (…설명하시오, …설명해 주세요, …말해 보세요,
 * …인가요, …인가, …는가, …나요, …까요). PQ_WEAK: a Korean noun ending that
 * often asks (…란, …이란, …차이, …차이점, …비교) or an English interrogative
 * first word without '?' (what, why, how — not "how to" —, when, which, who,
 * where, explain, describe, compare, define; name, list, difference, contrast,
 * distinguish with a word after them, not "of"), or "X vs Y" between Latin words.
 * PQ_NUMBERED: "12. Title" and
 * nothing else. The parser decides weak ones from the document's structure. */
typedef enum pat_qclass { PQ_NONE = 0, PQ_NUMBERED = 1, PQ_WEAK = 2, PQ_STRONG = 3 } pat_qclass;
pat_qclass pat_question_class(const char *s, size_t n);

/* A <summary> that hides the answer rather than asking: "Answer", "정답",
 * "답", "답변", "Solution", "해설", "풀이", "Show answer", "See the answer",
 * "Click to see the answer", "정답 보기" (case and emphasis ignored). */
int pat_answer_label(const char *s, size_t n);

/* A heading that introduces the answer to the question before it: an answer
 * label (pat_answer_label) or "Answer guide", "Short answer", "Sample answer",
 * "Model answer", "Suggested answer", "모범 답변", "예시 답안", "예시 답변",
 * "Ответ"; a bracketed suffix ("Answer (EN)", "Ответ (RU)") is allowed. */
int pat_answer_heading(const char *s, size_t n);

/* A heading that only labels a question: "Question 1", "Q3", "Q. 3", "Problem 2",
 * "Exercise 4", "문제 1", "질문 2", "문항 3", "Вопрос", bare "Question" and "질문"
 * (not "Q": a title); a bracketed suffix ("Question (EN)") is allowed
 * (scaffolding, no topic). */
int pat_question_label(const char *s, size_t n);

/* A short heading's label: 1 an answer heading (pat_answer_heading), 2 a
 * question number (pat_question_label) or an id or number label ("#26",
 * "REDIS-001": no topic), 0 neither; one look at most headings. */
int pat_heading_label(const char *s, size_t n);

/* The language a label heading's suffix names: "(EN)" -> PAT_LANG_EN, "(RU)",
 * "(KR)", "(Russian)" -> PAT_LANG_OTHER, none or "(1)" -> PAT_LANG_NONE. */
enum { PAT_LANG_NONE = 0, PAT_LANG_EN = 1, PAT_LANG_OTHER = 2 };

/* pat_heading_label, and the language of its suffix in *lang. */
int pat_heading_label_lang(const char *s, size_t n, int *lang);

/* A question that points at code shown after it: "What is the output of below
 * code", "Explain the following snippet", "다음 코드의 실행 결과는?" (ASCII case
 * ignored; the first 400 bytes looked at). */
int pat_refers_to_code(const char *s, size_t n);

/* A <summary> that is a user-interface label, no question: "CLICK ME",
 * "Click to expand", "Expand", "Show more", "Toggle", "Spoiler", "더보기",
 * "펼치기", "접기", "보기". */
int pat_ui_label(const char *s, size_t n);

/* A question a note asks itself, led in by a conjunction and a comma ("근데,
 * 생성자 함수 방식은?", "But, why not a lock?"): rhetorical, not an interview
 * question. */
int pat_aside(const char *s, size_t n);

/* "3. Title" / "3) Title" -> 1, *number = 3, *rest = offset of "Title". */
int pat_topic_number(const char *s, size_t n, int *number, size_t *rest);

/* "상황: text" -> 1 with label [0, *label_len) and text from *rest. The label
 * is short (at most 48 bytes) and the colon is followed by space or the end. */
int pat_label(const char *s, size_t n, size_t *label_len, size_t *rest);

/* Strips a "시나리오:" / "Scenario:" / "사례:" prefix; returns the offset of the title. */
size_t pat_scenario_title(const char *s, size_t n);

/* The length of s without trailing rating stars ("… 무엇인가요? ⭐⭐⭐": ⭐ ★ ☆ 🌟
 * and the spaces between); n when s is only stars or has none. */
size_t pat_strip_stars(const char *s, size_t n);

/* Offsets of s[0..n) without leading/trailing white space (Unicode). */
void pat_trim(const char *s, size_t n, size_t *start, size_t *end);

#endif
