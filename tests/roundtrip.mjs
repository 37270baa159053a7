// roundtrip.mjs FORMAT SOURCE.json IMPORTED.json — tests/roundtrip.sh's
// comparison of two `assay items --json` listings: every level Q/A, interview
// Q/A and scenario of the source is in the imported bank, found by its
// question, with the same topic (title and number), level and answer; for
// CSV also the same kind, level label, accepted spellings and scenario parts
// (GIFT and Moodle XML carry no kind: their items come back as level Q/A).
// FORMAT "gift-reference" etc. (roundtrip.sh --reference: the files written by
// tests/import_writers.mjs, which writes level and interview Q/A with
// question, answer, topic, level and, in CSV, kind): those items and fields.
// Every mismatch prints the item and the field; exit 1 when there is one.
import { readFileSync } from "node:fs";

const [fmt, srcPath, dstPath] = process.argv.slice(2);
const read = (p) => JSON.parse(readFileSync(p, "utf8")).items;
const reference = fmt.endsWith("-reference");
const base = fmt.replace(/-reference$/, "");
const kinds = new Set(["level_qa", "interview_qa", ...(reference ? [] : ["scenario"])]);
const src = read(srcPath).filter((it) => kinds.has(it.kind) && !it.derived);
const dst = read(dstPath).filter((it) => !it.derived);
const byQuestion = new Map();
for (const it of dst) {
  if (!byQuestion.has(it.question)) byQuestion.set(it.question, []);
  byQuestion.get(it.question).push(it);
}
const fields = [
  ["topic", (it) => it.topic.title],
  ["topic number", (it) => it.topic.number],
  ["level", (it) => it.level ?? 0],
  ["answer", (it) => it.answer],
  ["distractors", (it) => JSON.stringify(it.distractors ?? [])],
];
if (base === "csv") fields.push(["kind", (it) => it.kind]);
if (base === "csv" && !reference) {
  fields.push(["level_label", (it) => it.level_label ?? ""]);
  fields.push(["scenario", (it) => JSON.stringify(it.scenario ?? null)]);
}
let bad = 0;
const used = new Set();
const counts = {};
for (const it of src) {
  counts[it.kind] = (counts[it.kind] ?? 0) + 1;
  const cands = (byQuestion.get(it.question) ?? []).filter((d) => !used.has(d));
  const where = `item ${it.id} (${it.kind}, ${it.source.file}:${it.source.line}) "${it.question}"`;
  if (!cands.length) {
    if (++bad <= 20) console.log(`  ${where}: missing (no imported item asks this question)`);
    continue;
  }
  // the candidate that differs in the fewest fields
  const diffs = (d) => fields.filter(([, get]) => get(d) !== get(it));
  const best = cands.reduce((a, b) => (diffs(b).length < diffs(a).length ? b : a));
  used.add(best);
  for (const [name, get] of diffs(best))
    if (++bad <= 20)
      console.log(`  ${where}: ${name} differs\n    want: ${JSON.stringify(get(it))}\n    got:  ${JSON.stringify(get(best))}`);
}
const per = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ");
console.log(
  `roundtrip ${fmt}: ${src.length} source items (${per}), ${dst.length} imported, ` +
    `${bad} mismatch(es), ${dst.length - used.size} imported items not in the source`
);
process.exit(bad ? 1 : 0);
