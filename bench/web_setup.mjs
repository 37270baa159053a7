// bench/web_setup.mjs — the web benchmark's set-up (bench/web_bench.sh runs it):
// against a running `assay serve`, signs up N learners (their cookies and CSRF
// tokens kept in the file ACCOUNTS, which a later call reuses) and, for each
// FILE:N, starts N multiple-choice quizzes of COUNT questions spread over them,
// through the JSON API like any client, and asks each attempt for its first
// question (which stores it as shown, so the timed GETs write nothing). Writes
// one line per attempt to FILE: "ATTEMPT_ID COOKIE CSRF_TOKEN" for the wrk script.
//
//   node bench/web_setup.mjs URL N:ACCOUNTS COUNT FILE:N [FILE:N ...]
// Exits non-zero on the first request that does not succeed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [base, nAcc, count, ...sets] = process.argv.slice(2);
if (!/^[0-9]+:.+$/.test(nAcc || '') || !sets.length || sets.some((x) => !/^.+:[0-9]+$/.test(x))) {
  console.error('usage: node web_setup.mjs URL N:ACCOUNTS COUNT FILE:N [FILE:N ...]');
  process.exit(1);
}
const accounts = Number(nAcc.replace(/:.*/, '')), accountsFile = nAcc.replace(/^[0-9]+:/, '');
const questions = Number(count);
const PARALLEL = 8;

async function call(method, path, body, who, expect) {
  const headers = { 'Content-Type': 'application/json' };
  if (who) {
    headers.Cookie = who.cookie;
    headers['X-CSRF-Token'] = who.csrf;
  }
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) {
    throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  }
  return { res, json: JSON.parse(text) };
}

async function pool(n, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(PARALLEL, n) }, async () => {
    while (next < n) {
      const i = next++;
      await fn(i);
    }
  });
  await Promise.all(workers);
}

const who = existsSync(accountsFile) ? JSON.parse(readFileSync(accountsFile, 'utf8')) : [];
for (let i = who.length; i < accounts; i++) {
  const { res, json } = await call(
    'POST', '/api/v1/accounts', { name: `bench${i}`, password: 'bench-password-1' }, null, 201);
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  if (!cookie.startsWith('assay_session=')) throw new Error('sign-up set no session cookie');
  who.push({ cookie, csrf: json.csrf_token });
}
writeFileSync(accountsFile, JSON.stringify(who));

let seed = 0;
for (const set of sets) {
  const file = set.replace(/:[0-9]+$/, ''), attempts = Number(set.replace(/.*:/, ''));
  const lines = new Array(attempts);
  await pool(attempts, async (i) => {
    const u = who[i % accounts];
    const spec = { kind: 'quiz', count: questions, types: ['mcq'], seed: seed + i + 1 };
    const { json } = await call('POST', '/api/v1/attempts', spec, u, 201);
    if (json.status.total !== questions) {
      throw new Error(`attempt ${json.attempt} has ${json.status.total} questions, not ${questions}`);
    }
    const q = await call('GET', `/api/v1/attempts/${json.attempt}/question`, undefined, u, 200);
    if (q.json.event !== 'question' || q.json.position !== 1) {
      throw new Error(`attempt ${json.attempt}: the first question is not at position 1`);
    }
    lines[i] = `${json.attempt} ${u.cookie} ${u.csrf}`;
  });
  writeFileSync(file, lines.join('\n') + '\n');
  seed += attempts;
}
