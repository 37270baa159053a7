// Reads assay's .apkg back with anki-reader (npm; not written here) and checks it against the
// questions it was made from (the JSON test_export_qa --write puts beside it):
//   node read.mjs SET.apkg SET.json [OTHER.apkg]
// every note present once, in a deck named after its topic and level, fields intact (Question
// holds the prompt and the options, Answer the key, Topic/Level/Source as given), sfld and csum
// as Anki computes them (SHA-1 here is node's own), the note type's five fields and one template;
// with OTHER.apkg (a second export of the same set) the same guids. Exits 1 on the first failure.
import { readAnkiPackage } from 'anki-reader';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const [apkgPath, jsonPath, otherPath] = process.argv.slice(2);
const fail = (msg) => {
  console.error(`export-anki: ${apkgPath}: ${msg}`);
  process.exit(1);
};
const same = (got, want, what) => {
  if (got !== want) fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
};

// HTML as the writer should have made it, and Anki's stripping (tags out, entities decoded).
const clean = (s) => s.replace(/[\u0000-\u0008\u000b-\u001f]/g, '');
const esc = (s) => clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/\n/g, '<br>');
const strip = (h) => h.replace(/<!--.*?-->/gs, '').replace(/<[^>]*>/gs, '')
  .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const csum = (s) => parseInt(createHash('sha1').update(s, 'utf8').digest('hex').slice(0, 8), 16);

async function open(path) {
  const { collection, media } = await readAnkiPackage(new Blob([readFileSync(path)]));
  return { collection, media };
}

const want = JSON.parse(readFileSync(jsonPath, 'utf8'));
const { collection, media } = await open(apkgPath);
same(collection.getVersion(), 11, 'col.ver');
same(Object.keys(media).length, 0, 'media entries');

const models = Object.values(collection.getModels());
same(models.length, 1, 'note types');
const model = models[0];
same(model.getName(), 'assay', 'note type name');
same(model.getFields().map((f) => f.name).join(','), 'Question,Answer,Topic,Level,Source',
  'note type fields');
same(model.getTemplates().length, 1, 'card templates');

// every card of every deck, keyed by its position (due = the question's place in the set)
const decks = collection.getDecks();
const byPos = new Map();
for (const deck of Object.values(decks)) {
  for (const card of Object.values(deck.getCards())) {
    const raw = card.getRawCard();
    if (byPos.has(raw.due)) fail(`two cards at position ${raw.due}`);
    byPos.set(raw.due, { card, raw, deck: deck.getName() });
  }
}
same(byPos.size, want.length, 'cards');

want.forEach((q, i) => {
  const got = byPos.get(i + 1);
  if (!got) fail(`question ${i + 1} (${q.item_id}) has no card`);
  const f = got.card.getFields();
  const where = `question ${i + 1} (${q.item_id})`;
  same(f.Topic, esc(q.topic), `${where}: Topic`);
  same(f.Level, esc(q.level), `${where}: Level`);
  same(f.Source, esc(q.source), `${where}: Source`);
  const deckTopic = clean(q.topic || 'quiz').replace(/:{2,}/g, ':');
  same(got.deck, q.level ? `${deckTopic}::${q.level.replace(/:{2,}/g, ':')}` : deckTopic,
    `${where}: deck`);
  const front = strip(f.Question);
  const prompt = strip(esc(q.prompt));
  if (!front.startsWith(prompt)) fail(`${where}: the front does not start with the prompt`);
  for (const o of q.options) {
    if (!f.Question.includes(`<li>${esc(o)}</li>`)) fail(`${where}: option ${o} not in the front`);
  }
  if (q.type === 'tf' && !front.includes(strip(esc(q.statement)))) fail(`${where}: statement`);
  if (q.type === 'match') {
    q.left.forEach((l, k) => {
      if (!f.Question.includes(`<li>${esc(l)}</li>`)) fail(`${where}: left ${k + 1}`);
      const r = q.right[q.pairs[k]];
      if (!f.Answer.includes(`${esc(l)} — ${esc(r)}`)) fail(`${where}: pair ${k + 1} on the back`);
    });
  }
  const key = q.options.length ? q.options[q.key]
    : q.type === 'tf' ? (q.key ? '참' : '거짓') : q.answer;
  if (q.type !== 'match' && !f.Answer.includes(esc(key))) fail(`${where}: key not on the back`);
  same(String(got.raw.sfld), front, `${where}: sfld`);
  same(csumOf(got), csum(front), `${where}: csum`);
  // the card renders through its template
  const qs = got.card.getQuestions();
  same(qs.length, 1, `${where}: rendered questions`);
});

function csumOf(got) {
  const r = collection.getRawCollection().exec(`SELECT csum FROM notes WHERE id = ${got.raw.nid}`);
  return r[0].values[0][0];
}

const guids = (c) => c.getRawCollection().exec('SELECT guid FROM notes ORDER BY id')[0]
  .values.map((v) => v[0]);
const g1 = guids(collection);
same(new Set(g1).size, want.length, 'distinct guids');
if (otherPath) {
  const other = await open(otherPath);
  same(JSON.stringify(guids(other.collection)), JSON.stringify(g1), 'guids of the second export');
}
console.log(`export-anki: ${apkgPath}: ${want.length} notes read back by anki-reader`);
