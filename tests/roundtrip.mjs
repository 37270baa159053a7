// roundtrip.mjs FORMAT SOURCE.json IMPORTED.json — tests/roundtrip.sh's
// comparison of two `assay items --json` listings: every level or interview
// Q/A of the source is in the imported bank with the same topic, level,
// question and answer. Exit 1 naming the first differences.
import { readFileSync } from "node:fs";

const [fmt, srcPath, dstPath] = process.argv.slice(2);
const read = (p) => JSON.parse(readFileSync(p, "utf8")).items;
const key = (it) => JSON.stringify([it.topic.title, it.level ?? 0, it.question, it.answer]);
const src = read(srcPath).filter((it) => it.kind === "level_qa" || it.kind === "interview_qa");
const dst = read(dstPath);
const have = new Set(dst.map(key));
const missing = src.filter((it) => !have.has(key(it)));
const want = new Set(src.map(key));
const extra = dst.filter((it) => !want.has(key(it)));
console.log(
  `roundtrip ${fmt}: ${src.length} source Q/A, ${dst.length} imported, ` +
    `${missing.length} missing, ${extra.length} others`
);
for (const it of missing.slice(0, 5)) {
  const near = dst.find((d) => d.question === it.question);
  console.log(`  missing: [${it.topic.title} L${it.level ?? 0}] ${it.question}`);
  console.log(`    want: ${JSON.stringify(it.answer)}`);
  if (near) console.log(`    got:  ${JSON.stringify(near.answer)} [${near.topic.title} L${near.level ?? 0}]`);
}
process.exit(missing.length ? 1 : 0);
