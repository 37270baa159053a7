// Takes a quiz through `assay` as a learner who knows some topics: reads the
// quiz's key (assay quiz --print --json --with-key, same seed), then pipes in
// the right option for the topics named "strong" and a wrong one elsewhere.
//   node take.mjs ASSAY USER SEED COUNT STRONG_TOPIC_NUMBERS(comma-separated)
import { execFileSync } from 'node:child_process';

const [assay, user, seed, count, strong] = process.argv.slice(2);
const good = new Set(strong.split(',').filter(Boolean).map(Number));
const common = ['-n', count, '--types', 'mcq', '--seed', seed];
const quiz = JSON.parse(execFileSync(assay, ['quiz', '--print', '--json', '--with-key', ...common]));
const topics = JSON.parse(execFileSync(assay, ['topics', '--json'])).topics;
const number = new Map(topics.map((t) => [t.title, t.number || t.ordinal]));
const lines = quiz.questions.map((q) => {
  const k = q.key.option;
  const right = good.has(number.get(q.topic));
  return String((right ? k : (k + 1) % q.options.length) + 1);
});
execFileSync(assay, ['quiz', '--user', user, '--lang', 'ko', ...common],
  { input: lines.join('\n') + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
