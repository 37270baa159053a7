// Checks a GIFT export against assay's JSON export of the same selection with
// gift-pegjs (npm), a parser nobody here wrote: the file parses without error,
// and yields the same questions in the same order — type, text, options and key,
// matching pairs, accepted answers, and the reference answer in the general
// feedback.
//   node tests/export/gift.mjs EXPORT.gift EXPORT.json
// Exits 1 naming the first question that differs (or the parse error's line).
import { readFileSync } from "node:fs";
import { parse } from "gift-pegjs";

const [giftPath, jsonPath] = process.argv.slice(2);
if (!giftPath || !jsonPath) {
  console.error("usage: node gift.mjs EXPORT.gift EXPORT.json");
  process.exit(2);
}
const giftText = readFileSync(giftPath, "utf8");
const ref = JSON.parse(readFileSync(jsonPath, "utf8"));

let parsed;
try {
  parsed = parse(giftText);
} catch (e) {
  const loc = e.location ? `${e.location.start.line}:${e.location.start.column}` : "?";
  console.error(`${giftPath}:${loc}: gift-pegjs: ${e.message}`);
  process.exit(1);
}

// Moodle's plain ("moodle") text format collapses white space; compare so.
const norm = (s) => String(s ?? "").replace(/\s+/g, " ").trim();
const text = (t) => norm(t && typeof t === "object" ? t.text : t);

let failures = 0;
const fail = (n, msg) => {
  failures++;
  if (failures <= 20) console.error(`${giftPath}: question ${n}: ${msg}`);
};

const questions = parsed.filter((q) => q.type !== "Category" && q.type !== "Description");
const categories = parsed.filter((q) => q.type === "Category");
if (categories.length === 0) fail(0, "no $CATEGORY line");
if (questions.length !== ref.questions.length)
  fail(0, `${questions.length} questions parsed, the JSON export has ${ref.questions.length}`);

const expectType = (r) => {
  switch (r.type) {
    case "mcq": return "MC";
    case "tf": return "TF";
    case "cloze": return "Short";
    case "match": return "Matching";
    case "scenario": return r.options ? "MC" : "Essay";
    default: return "Essay";
  }
};

for (let i = 0; i < Math.min(questions.length, ref.questions.length); i++) {
  const g = questions[i];
  const r = ref.questions[i];
  const n = r.n;
  if (g.type !== expectType(r)) fail(n, `type ${g.type}, expected ${expectType(r)} (${r.type})`);
  if (!String(g.id ?? "").startsWith(r.id)) fail(n, `id ${g.id}, expected ${r.id}`);
  const stem = r.type === "tf" ? `${r.prompt}\n\n${r.statement}` : r.prompt;
  if (text(g.stem) !== norm(stem)) fail(n, `text ${JSON.stringify(text(g.stem))} != ${JSON.stringify(norm(stem))}`);
  if (!text(g.globalFeedback).includes(norm(r.reference)))
    fail(n, "the general feedback lacks the reference answer");
  if (r.source && r.source.file && !text(g.globalFeedback).includes(`${r.source.file}:${r.source.line}`))
    fail(n, "the general feedback lacks the source");
  if (g.type === "MC") {
    const opts = g.choices.map((c) => text(c.text));
    const want = r.options.map(norm);
    if (JSON.stringify(opts) !== JSON.stringify(want)) fail(n, `options ${JSON.stringify(opts)} != ${JSON.stringify(want)}`);
    const keys = g.choices.map((c, k) => (c.isCorrect ? k : -1)).filter((k) => k >= 0);
    if (keys.length !== 1 || keys[0] !== r.key) fail(n, `key ${keys}, expected ${r.key}`);
    for (const c of g.choices)
      if (c.weight !== null && c.weight !== undefined) fail(n, `a weight ${c.weight}`);
  } else if (g.type === "TF") {
    if (g.isTrue !== r.key) fail(n, `TF ${g.isTrue}, expected ${r.key}`);
  } else if (g.type === "Short") {
    const got = g.choices.map((c) => text(c.text));
    const want = [...new Set([r.answer, ...(r.accept || [])].map(norm).filter((s) => s))];
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(n, `answers ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    if (!g.choices.every((c) => c.isCorrect)) fail(n, "an answer that is not correct");
  } else if (g.type === "Matching") {
    const got = g.matchPairs.map((p) => [text(p.subquestion), norm(p.subanswer)]);
    const want = r.left.map((l, k) => [norm(l.replaceAll("->", "→")), norm(r.right[r.pairs[k]])]);
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(n, `pairs ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  }
}

if (failures) {
  console.error(`${giftPath}: ${failures} difference(s) from ${jsonPath}`);
  process.exit(1);
}
console.log(`${giftPath}: ${questions.length} questions in ${categories.length} categories parse with gift-pegjs and match ${jsonPath}`);
