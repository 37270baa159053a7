// Checks NAME.csv and NAME.anki-text against NAME.json (assay's JSON export of
// the same selection), and NAME.json against its documented schema
// (docs/formats.md): RFC 4180 records with the documented header, one row per
// question with the same id, type, text, key and reference; Anki's text import
// header lines and one note per question with a unique, stable guid.
//   node tests/export/check.mjs NAME
import { readFileSync } from "node:fs";

const name = process.argv[2];
const doc = JSON.parse(readFileSync(`${name}.json`, "utf8"));
let failures = 0;
const fail = (msg) => {
  failures++;
  if (failures <= 20) console.error(`${name}: ${msg}`);
};

// ---- JSON schema
if (doc.format !== "assay-export" || doc.version !== 1) fail("json: format/version");
if (!Array.isArray(doc.questions) || doc.count !== doc.questions.length) fail("json: count");
const types = new Set(["mcq", "tf", "cloze", "match", "short", "scenario"]);
for (const q of doc.questions) {
  for (const k of ["n", "id", "type", "kb", "kb_title", "topic", "topic_number", "level", "level_label", "kind", "prompt", "answer", "reference", "source"])
    if (!(k in q)) fail(`json: question ${q.n} lacks "${k}"`);
  if (!types.has(q.type)) fail(`json: question ${q.n}: type ${q.type}`);
  if (!/^[0-9a-f]{12}$/.test(q.id)) fail(`json: question ${q.n}: id ${q.id}`);
  if (q.type === "mcq" && !(Array.isArray(q.options) && q.key >= 0 && q.key < q.options.length)) fail(`json: question ${q.n}: options/key`);
  if (q.type === "tf" && typeof q.key !== "boolean") fail(`json: question ${q.n}: tf key`);
  if (q.type === "match" && !(q.left.length === q.pairs.length && q.pairs.every((p) => p >= 0 && p < q.right.length))) fail(`json: question ${q.n}: pairs`);
  if (q.type === "cloze" && !Array.isArray(q.accept)) fail(`json: question ${q.n}: accept`);
}

// ---- CSV (RFC 4180)
const csvText = readFileSync(`${name}.csv`, "utf8");
function parseCsv(s) {
  const rows = [];
  let row = [], field = "", i = 0, quoted = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === "") { quoted = true; i++; continue; }
    if (c === ",") { row.push(field); field = ""; i++; continue; }
    if (c === "\r" && s[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i += 2; continue; }
    if (c === "\n" || c === "\r" || c === '"') throw new Error(`bare ${JSON.stringify(c)} at byte ${i}`);
    field += c; i++;
  }
  if (field !== "" || row.length) throw new Error("the last record does not end with CRLF");
  return rows;
}
const header = "n,id,kb,topic_number,topic,level,level_label,kind,type,question,statement,options,left,key,answer,accept,reference,source_file,source_line";
try {
  const rows = parseCsv(csvText);
  if (rows[0].join(",") !== header) fail(`csv: header ${rows[0].join(",")}`);
  if (rows.length - 1 !== doc.count) fail(`csv: ${rows.length - 1} rows, ${doc.count} questions`);
  const col = Object.fromEntries(rows[0].map((h, k) => [h, k]));
  rows.slice(1).forEach((r, k) => {
    const q = doc.questions[k];
    if (!q) return;
    if (r.length !== rows[0].length) fail(`csv: row ${k + 1} has ${r.length} fields`);
    const at = (h) => r[col[h]];
    if (at("id") !== q.id || at("type") !== q.type || at("question") !== q.prompt) fail(`csv: row ${k + 1}: id/type/question`);
    if (at("reference") !== q.reference || at("answer") !== q.answer) fail(`csv: row ${k + 1}: answer/reference`);
    if (at("level") !== (q.level === null ? "" : String(q.level))) fail(`csv: row ${k + 1}: level`);
    if (at("source_line") !== String(q.source.line)) fail(`csv: row ${k + 1}: source_line`);
    if (q.type === "mcq") {
      if (at("options") !== q.options.join("\n") || at("key") !== String(q.key + 1)) fail(`csv: row ${k + 1}: options/key`);
    } else if (q.type === "tf") {
      if (at("key") !== String(q.key) || at("statement") !== q.statement) fail(`csv: row ${k + 1}: tf`);
    } else if (q.type === "match") {
      if (at("left") !== q.left.join("\n") || at("options") !== q.right.join("\n") || at("key") !== q.pairs.map((p) => p + 1).join(" ")) fail(`csv: row ${k + 1}: match`);
    } else if (q.type === "cloze") {
      if (at("accept") !== q.accept.join("\n")) fail(`csv: row ${k + 1}: accept`);
    }
  });
} catch (e) {
  fail(`csv: ${e.message}`);
}

// ---- Anki text import
const lines = readFileSync(`${name}.anki-text`, "utf8").split("\n");
if (lines.at(-1) === "") lines.pop();
const head = lines.filter((l) => l.startsWith("#"));
for (const h of ["#separator:tab", "#html:true", "#notetype:Basic", "#columns:GUID\tFront\tBack\tDeck\tTags", "#guid column:1", "#deck column:4", "#tags column:5"])
  if (!head.includes(h)) fail(`anki-text: header ${JSON.stringify(h)} missing`);
const notes = lines.filter((l) => !l.startsWith("#"));
if (notes.length !== doc.count) fail(`anki-text: ${notes.length} notes, ${doc.count} questions`);
const guids = new Set();
notes.forEach((l, k) => {
  const f = l.split("\t");
  const q = doc.questions[k];
  if (f.length !== 5) return fail(`anki-text: note ${k + 1} has ${f.length} fields`);
  if (!f[0].startsWith(`assay-${q.id}`)) fail(`anki-text: note ${k + 1}: guid ${f[0]}`);
  if (guids.has(f[0])) fail(`anki-text: guid ${f[0]} twice`);
  guids.add(f[0]);
  if (!f[3].startsWith(`assay::${q.kb}`)) fail(`anki-text: note ${k + 1}: deck ${f[3]}`);
  if (f[1].startsWith('"') || f[2].startsWith('"')) fail(`anki-text: note ${k + 1}: a field starts with a quote`);
  const esc = (s) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("\t", " ").replaceAll("\n", "<br>");
  if (!f[1].startsWith(esc(q.prompt))) fail(`anki-text: note ${k + 1}: front`);
  if (!f[2].includes(esc(q.reference))) fail(`anki-text: note ${k + 1}: back lacks the reference`);
});

if (failures) {
  console.error(`${name}: ${failures} failure(s)`);
  process.exit(1);
}
console.log(`${name}: JSON schema, CSV (${doc.count} rows) and Anki text (${notes.length} notes) check out`);
