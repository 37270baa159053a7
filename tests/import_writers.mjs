// import_writers.mjs ITEMS.json PREFIX — the level and interview Q/A of an
// `assay items --json` listing written as PREFIX.gift, PREFIX.xml and
// PREFIX.csv by REFERENCES.md §5's rules (GIFT escapes, "$CATEGORY:" per
// topic and level with "/" in a name doubled; Moodle XML shortanswer with
// HTML in CDATA, "]]>" split; CSV by RFC 4180). A reference writer for
// tests/roundtrip.sh --reference, so the readers are checked on the whole
// bundled bank without assay's own exporters.
import { readFileSync, writeFileSync } from "node:fs";

const [itemsPath, prefix] = process.argv.slice(2);
const items = JSON.parse(readFileSync(itemsPath, "utf8")).items.filter(
  (i) => i.kind === "level_qa" || i.kind === "interview_qa"
);
const slash = (s) => s.replace(/\//g, "//");
const cat = (it) =>
  `$course$/${slash(it.kb)}/${it.topic.number ? it.topic.number + ". " : ""}${slash(it.topic.title)}` +
  (it.level ? `/Level ${it.level}${it.level_label ? " (" + slash(it.level_label) + ")" : ""}` : "");

const esc = (s) =>
  s
    .replace(/\\/g, "\\\\")
    .replace(/[~=#{}:]/g, (c) => "\\" + c)
    .replace(/\r/g, "")
    .replace(/\n/g, "\\n");
let gift = "// written by tests/import_writers.mjs\n\n";
let last = null;
for (const it of items) {
  const c = cat(it);
  if (c !== last) gift += `$CATEGORY: ${c}\n\n`;
  last = c;
  gift += `::${esc(it.id)}::${esc(it.question)}{=${esc(it.answer)}}\n\n`;
}
writeFileSync(prefix + ".gift", gift);

const html = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br>");
const cdata = (s) => "<![CDATA[" + s.replace(/]]>/g, "]]]]><![CDATA[>") + "]]>";
const xtext = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n';
last = null;
for (const it of items) {
  const c = cat(it);
  if (c !== last)
    xml += `  <question type="category"><category><text>${xtext(c)}</text></category></question>\n`;
  last = c;
  xml +=
    `  <question type="shortanswer"><name><text>${it.id}</text></name>` +
    `<questiontext format="html"><text>${cdata("<p>" + html(it.question) + "</p>")}</text></questiontext>` +
    `<answer fraction="100" format="html"><text>${cdata(html(it.answer))}</text></answer>` +
    `<idnumber>${it.id}</idnumber></question>\n`;
}
writeFileSync(prefix + ".xml", xml + "</quiz>\n");

const field = (s) => (/[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
let csv = "question,answer,topic,level,kind\r\n";
for (const it of items)
  csv +=
    [
      it.question,
      it.answer,
      (it.topic.number ? it.topic.number + ". " : "") + it.topic.title,
      it.level ? String(it.level) : "",
      it.kind,
    ]
      .map(field)
      .join(",") + "\r\n";
writeFileSync(prefix + ".csv", csv);
