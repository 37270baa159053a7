// roundtrip_quiz.mjs FORMAT QUIZ-EXPORT.json IMPORTED.json — tests/roundtrip.sh's
// check of a generated quiz exported as GIFT, Moodle XML or CSV (`assay export
// --quiz`) and imported into an empty bank: one imported item per question,
// found by its text, with the answer the format carries — GIFT and Moodle XML:
// multiple choice the keyed option (the other options its distractors), true/
// false 참/거짓 (True/False), cloze the term, matching the pairs "left → right"
// a line, essays the reference answer; CSV: multiple choice as in GIFT, else
// the answer column and the kind (a derived item's kind read back as level_qa;
// a scenario's options are not read: its answer is its parts).
// White space runs and blanks (____) are compared loosely, as Moodle's HTML
// keeps neither exactly. Every mismatch names the question and the field.
import { readFileSync } from "node:fs";

const [fmt, quizPath, dstPath] = process.argv.slice(2);
const questions = JSON.parse(readFileSync(quizPath, "utf8")).questions;
const dst = JSON.parse(readFileSync(dstPath, "utf8")).items.filter((it) => !it.derived);
const norm = (s) =>
  String(s ?? "")
    .replace(/_{3,}/g, "____")
    .replace(/\s+/g, " ")
    .trim();
const hangul = (s) => /[\uAC00-\uD7A3]/.test(s);

const expect = (q) => {
  const kind = q.kind.startsWith("derived_") ? "level_qa" : q.kind;
  if (fmt === "csv" && !(q.type === "mcq" && q.options))
    return { question: q.prompt, answer: q.answer, kind };
  switch (q.type) {
    case "mcq":
    case "scenario":
      if (q.options)
        return {
          question: q.prompt,
          answer: q.options[q.key],
          distractors: q.options.filter((_, k) => k !== q.key),
        };
      return { question: q.prompt, answer: q.reference };
    case "tf": {
      const stem = `${q.prompt}\n\n${q.statement}`;
      const ko = hangul(stem);
      return { question: stem, answer: q.key ? (ko ? "참" : "True") : ko ? "거짓" : "False" };
    }
    case "cloze":
      return { question: q.prompt, answer: q.answer };
    case "match":
      return {
        question: q.prompt,
        answer: q.left.map((l, k) => `${l.replaceAll("->", "→")} → ${q.right[q.pairs[k]]}`).join("\n"),
      };
    default:
      return { question: q.prompt, answer: q.reference };
  }
};

let bad = 0;
const used = new Set();
const say = (m) => {
  if (++bad <= 20) console.log(`  ${m}`);
};
for (const q of questions) {
  const want = expect(q);
  const where = `question ${q.n} (${q.type}, item ${q.id})`;
  const got = dst.find((it) => !used.has(it) && norm(it.question) === norm(want.question));
  if (!got) {
    say(`${where}: missing (no imported item asks ${JSON.stringify(want.question.slice(0, 60))})`);
    continue;
  }
  used.add(got);
  for (const [field, w] of Object.entries(want)) {
    if (field === "question") continue;
    const g = got[field];
    const same = Array.isArray(w)
      ? JSON.stringify((g ?? []).map(norm)) === JSON.stringify(w.map(norm))
      : norm(g) === norm(w);
    if (!same) say(`${where}: ${field} differs\n    want: ${JSON.stringify(w)}\n    got:  ${JSON.stringify(g)}`);
  }
}
console.log(
  `roundtrip ${fmt} quiz: ${questions.length} questions (${[...new Set(questions.map((q) => q.type))].join(", ")}), ` +
    `${dst.length} imported, ${bad} mismatch(es)`
);
process.exit(bad || dst.length !== questions.length ? 1 : 0);
