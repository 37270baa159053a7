// Remakes test_wire's golden files after a change to the generator:
//   node tests/data/wire/remake.mjs BUILD/assay
// 1. quiz.json: `assay quiz --print --json --kb architecture-scalability --seed 21 -n 18`
//    on a fresh bank with the analysis cache off (ASSAY_CACHE_DIR=off);
// 2. answers.json, answers2.json: each old answer is kept where it still fits
//    its question (a letter within the options, one letter per matching entry,
//    true/false, text); one that no longer fits is replaced by an answer of the
//    right shape and named on stderr: in answers.json the key (from the same
//    quiz printed with its key), in answers2.json a wrong or empty one (the
//    letters reversed, "b", true, "모르겠다");
// 3. grade.json, grade2.json: `assay grade --quiz quiz.json --answers … --json`.
// Read the diff before committing: the files are what test_wire compares byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const assay = process.argv[2];
if (!assay) {
  console.error('usage: node tests/data/wire/remake.mjs BUILD/assay');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'wire-'));
const env = { ...process.env, ASSAY_DB: join(tmp, 'a.db'), ASSAY_CACHE_DIR: 'off' };
const run = (args) => execFileSync(assay, args, { env, encoding: 'utf8', maxBuffer: 1 << 26 });

try {
  const quizText = run(['quiz', '--print', '--json', '--kb', 'architecture-scalability', '--seed', '21', '-n', '18']);
  writeFileSync(join(here, 'quiz.json'), quizText);
  const quiz = JSON.parse(quizText);
  const keyed = JSON.parse(run(['quiz', '--print', '--json', '--with-key', '--kb', 'architecture-scalability', '--seed', '21', '-n', '18']));
  const keyOf = new Map(keyed.questions.map((q) => [q.n, q.key]));
  const letters = (k) => Array.from({ length: k }, (_, i) => String.fromCharCode(97 + i));
  const fits = (q, a) => {
    if (q.type === 'match')
      return Array.isArray(a) && a.length === q.left.length &&
        a.every((x) => typeof x === 'string' && letters(q.right.length).includes(x.toLowerCase()));
    if (q.type === 'tf') return typeof a === 'boolean';
    if (q.options) return typeof a === 'string' && letters(q.options.length).includes(a.toLowerCase());
    return typeof a === 'string';
  };
  const make = (q, right) => {
    const key = keyOf.get(q.n);
    if (right && q.type === 'match' && key && Array.isArray(key.pairs))
      return key.pairs.map((i) => String.fromCharCode(97 + i));
    if (q.type === 'match') return letters(q.left.length).reverse();
    if (q.type === 'tf') return true;
    if (q.options) return 'b';
    return '모르겠다';
  };
  for (const name of ['answers.json', 'answers2.json']) {
    const sheet = JSON.parse(readFileSync(join(here, name), 'utf8'));
    const old = new Map(sheet.answers.map((e) => [e.n, e.answer]));
    const order = sheet.answers.map((e) => e.n); // the sheet's own order is part of the test
    const byN = new Map(quiz.questions.map((q) => [q.n, q]));
    const answers = [];
    let changed = false;
    for (const n of order) {
      const q = byN.get(n);
      if (!q) continue;
      let a = old.get(n);
      if (!fits(q, a)) {
        console.error(`${name}: question ${n} (${q.type}${q.options ? ', options' : ''}): answer remade`);
        a = make(q, name === 'answers.json');
        changed = true;
      }
      answers.push({ n, answer: a });
    }
    if (changed || answers.length !== sheet.answers.length)
      writeFileSync(join(here, name), JSON.stringify({ ...sheet, answers }) + '\n');
    const out = run(['grade', '--quiz', join(here, 'quiz.json'), '--answers', join(here, name), '--json']);
    writeFileSync(join(here, name.replace('answers', 'grade')), out);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
